/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Placement policy per network namespace. A namespace starts with no
 * values of its own and follows the module parameters; a value set there
 * (XLB_CMD_POLICY_SET) is its own from then on. The sampling interval, the
 * averaging and the order stage's bounds stay host-wide: the workers and
 * their load are the host's. A namespace also holds its tunnels' placement
 * rules (tunnel.h).
 */
#ifndef _XLB_NETNS_H
#define _XLB_NETNS_H

#include <linux/bitops.h>
#include <linux/cpumask.h>
#include <net/net_namespace.h>

#include "params.h"
#include "tunnel.h"

/* The fields of struct xlb_params a namespace may set (netns.c maps them). */
enum xlb_net_param {
	XLB_NET_POLICY,
	XLB_NET_HOTSPOT,
	XLB_NET_SPRAY_SHARE,
	XLB_NET_MAX_MOVES,
	XLB_NET_COOLDOWN,
};

struct xlb_net {
	/* Bit XLB_NET_*: the namespace set that value. */
	unsigned long set;
	struct xlb_params params;
	/* Workers above this namespace's hotspot threshold at the last pass. */
	cpumask_var_t hot;
	struct xlb_tunnels tunnels;
};

struct xlb_net *xlb_net(const struct net *net);
int xlb_netns_init(void);
void xlb_netns_exit(void);

unsigned int xlb_net_param(const struct xlb_net *xn, enum xlb_net_param which);
void xlb_net_param_set(struct xlb_net *xn, enum xlb_net_param which,
		       unsigned int val);

#endif /* _XLB_NETNS_H */
