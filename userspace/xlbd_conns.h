/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tunnels named by their libreswan conn. The kernel places SAs by reqid,
 * and pluto tells no one a conn's reqid (whack --status does not show it):
 * xlbd reads it off the conn's SAs, which pluto does list, from the
 * kernel. Every later SA of the conn has the same reqid (libreswan gives
 * a conn's children and their rekeys one), so from then on the conn's SAs
 * are born where its line says.
 */
#ifndef XLBD_CONNS_H
#define XLBD_CONNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xlbd_conf.h"
#include "xlbd_pluto.h"

/*
 * Every conn the file names (tunnel, pair and failover lines) is one pluto
 * has (@st, from its status).
 * Returns 0, or -1 with "PATH:LINE: ..." in @err.
 */
int xlbd_conns_check(const struct xlbd_conf *conf, const char *path,
		     const struct xlbd_pluto_status *st, char *err, size_t errlen);

/* The reqid of the kernel's SA @said: 1, 0 when it has none, -1 on error. */
typedef int (*xlbd_sa_reqid_fn)(void *arg, const struct xlbd_said *said,
				uint32_t *reqid);

/*
 * Gives each conn tunnel of @conf the reqid of its conn's SAs in @st, as
 * @reqid_of reads them from the kernel. A conn with no SA keeps the reqid
 * it had; a reqid another line already places is refused (said once).
 * Returns true when a tunnel's reqid changed (it is then @fresh).
 */
bool xlbd_conns_resolve(struct xlbd_conf *conf, const struct xlbd_pluto_status *st,
			xlbd_sa_reqid_fn reqid_of, void *arg);

/*
 * @t, named by conn or by selector, turns out to have @reqid: it takes it
 * (and is @fresh) unless another line of @conf places @reqid already
 * (refused, said once). True when @t's reqid changed.
 */
bool xlbd_tunnel_learn(struct xlbd_conf *conf, struct xlbd_tunnel *t,
		       uint32_t reqid);

/* True when @conf names a tunnel by conn. */
bool xlbd_conns_named(const struct xlbd_conf *conf);
/* True while a conn tunnel of @conf has no reqid yet. */
bool xlbd_conns_unresolved(const struct xlbd_conf *conf);

#endif /* XLBD_CONNS_H */
