/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Talking to libreswan's pluto the way an operator does: `ipsec whack`
 * against its control socket. pluto has no other interface to ask which
 * child SAs it believes in; xlbd reads them from `whack --status`.
 */
#ifndef XLBD_PLUTO_H
#define XLBD_PLUTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XLBD_PLUTO_CTL_DEFAULT "/run/pluto/pluto.ctl"
#define XLBD_IPSEC "/usr/sbin/ipsec"
/* How long one whack command may take before xlbd gives up on it. */
#define XLBD_WHACK_TIMEOUT_MS 10000

/* One ESP SA as pluto names it: esp.SPI@DESTINATION. */
struct xlbd_said {
	int family;			/* AF_INET or AF_INET6 */
	unsigned char daddr[16];
	uint32_t spi;			/* host order */
};

/* An established child SA: its conn and its outbound and inbound ESP SA. */
struct xlbd_pluto_child {
	unsigned long serial;
	char conn[128];
	struct xlbd_said esp[2];
	unsigned int nesp;
};

/*
 * Reads one line of `whack --status`: true when it is the SAIDs line of
 * an established child SA ("#2: "conn" ... esp.SPI@ADDR esp.SPI@ADDR
 * tun.0@... Traffic: ..."), with the child in @child. Instances of
 * template conns ("conn"[1] ...) are not read: whack cannot name them.
 */
bool xlbd_pluto_parse_child(const char *line, struct xlbd_pluto_child *child);

/*
 * Runs `ipsec whack --ctlsocket @ctl ARGS...` (@args NULL-terminated),
 * bounded by XLBD_WHACK_TIMEOUT_MS. Its stdout and stderr go to *@out
 * (malloc'd, NUL-terminated; free it). Returns whack's exit status, or -1
 * with errno when it could not run or was killed at the time-out.
 */
int xlbd_whack(const char *ctl, const char *const *args, char **out);

/*
 * pluto's established child SAs, in *@children (malloc'd; free it).
 * Returns 0, or -1 with what went wrong in *@why (whack's own words, or
 * strerror; free it).
 */
int xlbd_pluto_children(const char *ctl, struct xlbd_pluto_child **children,
			size_t *n, char **why);

#endif /* XLBD_PLUTO_H */
