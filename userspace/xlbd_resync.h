/* SPDX-License-Identifier: GPL-2.0 */
/*
 * When an xlb device goes down or away, the kernel drops every SA
 * offloaded to it (xfrm_dev_state_flush) and tells no one over netlink:
 * pluto goes on believing in tunnels that carry nothing. xlbd finds the
 * child SAs pluto lists whose ESP SAs the kernel no longer has, and asks
 * pluto to rekey those conns, which installs new SAs (on the device again
 * when it is back up and holds the IKE address).
 */
#ifndef XLBD_RESYNC_H
#define XLBD_RESYNC_H

#include <stdbool.h>

#include "xlbd_conf.h"

struct nl_sock;

struct xlbd_resync {
	struct nl_sock *xfrm;	/* NETLINK_XFRM, to ask for SAs by SPI */
	bool pluto_unreachable;	/* said once, until pluto answers again */
};

int xlbd_resync_open(struct xlbd_resync *r);
void xlbd_resync_close(struct xlbd_resync *r);

/*
 * Compares pluto's child SAs with the kernel's; a child missing an ESP SA
 * twice, a second apart (a rekey in progress deletes SAs for a moment),
 * has its conn rekeyed. On the way, gives @conf's conn tunnels their
 * reqids (xlbd_conns_resolve; *@resolved when one changed). Returns how
 * many conns were asked to rekey, or -1 when pluto could not be asked
 * (said in the log once).
 */
int xlbd_resync_run(struct xlbd_resync *r, struct xlbd_conf *conf, bool *resolved);

#endif /* XLBD_RESYNC_H */
