/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tunnels' placement rules over the genl client (XLB_CMD_TUNNEL_*): where
 * the SAs of a reqid are born. Same conventions as genl_client.h.
 */
#ifndef XLB_TUNNEL_CLIENT_H
#define XLB_TUNNEL_CLIENT_H

#include "genl_client.h"

/* The namespace's rules, appended to @tunnels in reqid order. */
enum xlb_status xlb_genl_get_tunnels(struct xlb_genl *c,
				     struct xlb_tunnel_list *tunnels);
/* Sets or replaces the rule of @t->reqid. */
enum xlb_status xlb_genl_tunnel_set(struct xlb_genl *c,
				    const struct xlb_tunnel *t);
enum xlb_status xlb_genl_tunnel_del(struct xlb_genl *c, uint32_t reqid);

#endif /* XLB_TUNNEL_CLIENT_H */
