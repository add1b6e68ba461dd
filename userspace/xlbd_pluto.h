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
/*
 * whack itself, not the `ipsec` script (which runs a shell and a grep
 * before it execs whack): a gateway pair's failover runs three whacks in a
 * row, and under load the script cost each of them hundreds of ms.
 */
#define XLBD_WHACK "/usr/libexec/ipsec/whack"
/* How long one whack command may take before xlbd gives up on it. */
#define XLBD_WHACK_TIMEOUT_MS 10000

/* One ESP SA as pluto names it: esp.SPI@DESTINATION. */
struct xlbd_said {
	int family;			/* AF_INET or AF_INET6 */
	unsigned char daddr[16];
	uint32_t spi;			/* host order */
};

/* libreswan's own limit on a conn name is higher; no gateway's is near. */
#define XLBD_CONN_LEN 128

/* An established child SA: its conn and its outbound and inbound ESP SA. */
struct xlbd_pluto_child {
	unsigned long serial;
	char conn[XLBD_CONN_LEN];
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
 * Reads one line of `whack --status`: true when it is one of a conn's own
 * lines ("conn": ...), with its name in @name. Lines of instances
 * ("conn"[1] ...) and of states ("#2: ...") are not.
 */
bool xlbd_pluto_parse_conn(const char *line, char name[XLBD_CONN_LEN]);

/*
 * Runs `ipsec whack --ctlsocket @ctl ARGS...` (@args NULL-terminated),
 * bounded by XLBD_WHACK_TIMEOUT_MS. Its stdout and stderr go to *@out
 * (malloc'd, NUL-terminated; free it). Returns whack's exit status, or -1
 * with errno when it could not run or was killed at the time-out.
 */
int xlbd_whack(const char *ctl, const char *const *args, char **out);

/*
 * Asks pluto to rekey @conn's child SAs (whack --rekey-ipsec, without
 * waiting for the exchange). Returns 0, or -1 with what went wrong in
 * *@why (whack's own words, or strerror; free it).
 */
int xlbd_pluto_rekey(const char *ctl, const char *conn, char **why);

/*
 * Asks pluto to bring @conn up (whack --initiate, without waiting for
 * the exchange), to take down its IKE and child SAs (--terminate), or to
 * look at the host's addresses again and listen on new ones (--listen).
 * Each returns 0, or -1 with what went wrong in *@why (free it).
 */
int xlbd_pluto_initiate(const char *ctl, const char *conn, char **why);
int xlbd_pluto_terminate(const char *ctl, const char *conn, char **why);
int xlbd_pluto_listen(const char *ctl, char **why);

/* What one `whack --status` tells: the conns pluto has, the children it believes in. */
struct xlbd_pluto_status {
	char (*conns)[XLBD_CONN_LEN];
	size_t nconns;
	/*
	 * The conns that have a state other than an established IKE SA: a
	 * child SA, or an exchange under way.
	 */
	char (*busy)[XLBD_CONN_LEN];
	size_t nbusy;
	struct xlbd_pluto_child *children;
	size_t nchildren;
};

/*
 * Asks pluto. Returns 0 with @st filled (xlbd_pluto_status_free), or -1
 * with what went wrong in *@why (whack's own words, or strerror; free it).
 */
int xlbd_pluto_status(const char *ctl, struct xlbd_pluto_status *st, char **why);
/* Reads @text, whack's output, into @st; -1 only when memory runs out. */
int xlbd_pluto_status_parse(char *text, struct xlbd_pluto_status *st);
void xlbd_pluto_status_free(struct xlbd_pluto_status *st);
bool xlbd_pluto_has_conn(const struct xlbd_pluto_status *st, const char *conn);
/*
 * Whether @conn is down in pluto's eyes: no state, or only an established
 * IKE SA without a child SA (as after a TS_UNACCEPTABLE answer to
 * IKE_AUTH; pluto revives the child only after a back-off). A conn with an
 * exchange under way is pluto's to finish, not down.
 */
bool xlbd_pluto_conn_down(const struct xlbd_pluto_status *st, const char *conn);

#endif /* XLBD_PLUTO_H */
