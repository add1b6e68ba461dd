/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Placement rules of tunnels, by reqid, per namespace (XLB_CMD_TUNNEL_*):
 * where the next SA of a tunnel is born. An agent sets a tunnel's rule
 * before its rekey; the new SA then starts where it is wanted instead of
 * being moved through the order stage afterwards.
 */
#ifndef _XLB_TUNNEL_H
#define _XLB_TUNNEL_H

#include <linux/types.h>
#include <linux/xarray.h>
#include <net/net_namespace.h>

/* Rules one namespace may hold: each is a few bytes of kernel memory. */
#define XLB_TUNNEL_RULES_MAX 16384
/* XLB_TUNNEL_RULES_MAX; lowered by the KUnit test of the limit. */
extern unsigned int xlb_tunnel_rules_max;

struct xlb_tunnel_rule {
	u32 reqid;
	/* The worker's CPU; has_worker false: placement by policy. */
	u32 worker;
	bool has_worker;
	/* The SA stays on the worker: not moved, not sprayed. */
	bool pinned;
	/* has_spray false: the SA keeps the spray mode it would have had. */
	bool has_spray;
	u8 spray_mode;
	/* Thousandths of a worker each SA counts as at least; 0: none. */
	u32 weight;
};

/* A namespace's rules. */
struct xlb_tunnels {
	struct xarray rules;
	/* Serialises writers; readers use RCU. */
	struct mutex lock;
	unsigned int count;
};

void xlb_tunnels_init(struct xlb_tunnels *t);
void xlb_tunnels_free(struct xlb_tunnels *t);

int xlb_tunnel_set(const struct net *net, const struct xlb_tunnel_rule *rule);
int xlb_tunnel_del(const struct net *net, u32 reqid);
bool xlb_tunnel_find(const struct net *net, u32 reqid,
		     struct xlb_tunnel_rule *rule);

typedef int (*xlb_tunnel_visit_fn)(const struct xlb_tunnel_rule *rule,
				   void *arg);
int xlb_tunnel_for_each(const struct net *net, unsigned long *next_reqid,
			xlb_tunnel_visit_fn fn, void *arg);

#endif /* _XLB_TUNNEL_H */
