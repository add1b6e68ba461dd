/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tunnels named by their traffic selector. The kernel places SAs by reqid;
 * the outbound policy that selects a tunnel's traffic names, in its
 * template, the reqid of the tunnel's SAs. xlbd reads the policies
 * (XFRM_MSG_GETPOLICY, with libnl-xfrm) and gives each selector line the
 * reqid of the one outbound policy whose selector is exactly the line's.
 * It works with any IKE daemon that installs policies with a reqid.
 */
#ifndef XLBD_SELECTORS_H
#define XLBD_SELECTORS_H

#include <stdbool.h>

#include <netlink/netlink.h>

#include "xlbd_conf.h"

/*
 * Gives each selector tunnel of @conf the reqid of its outbound policy,
 * read through @xfrm (a NETLINK_XFRM socket). A selector with no policy,
 * or with several policies of different reqids (said once), keeps the
 * reqid it had. Returns true when a tunnel's reqid changed.
 */
bool xlbd_selectors_resolve(struct xlbd_conf *conf, struct nl_sock *xfrm);

/* True when @conf names a tunnel by selector. */
bool xlbd_selectors_named(const struct xlbd_conf *conf);
/* True while a selector tunnel of @conf has no reqid yet. */
bool xlbd_selectors_unresolved(const struct xlbd_conf *conf);

#endif /* XLBD_SELECTORS_H */
