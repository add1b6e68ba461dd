// SPDX-License-Identifier: GPL-2.0
/*
 * Per-namespace state: the placement policy a namespace chose for its SAs,
 * and its tunnels' rules.
 * See netns.h for what is per namespace and what is the host's.
 */

#include <linux/stddef.h>
#include <net/netns/generic.h>

#include "netns.h"

static unsigned int xlb_net_id;

static const size_t xlb_net_param_offset[] = {
	[XLB_NET_POLICY]	= offsetof(struct xlb_params, policy),
	[XLB_NET_HOTSPOT]	= offsetof(struct xlb_params, hotspot),
	[XLB_NET_SPRAY_SHARE]	= offsetof(struct xlb_params, spray_share),
	[XLB_NET_MAX_MOVES]	= offsetof(struct xlb_params, max_moves),
	[XLB_NET_COOLDOWN]	= offsetof(struct xlb_params, cooldown),
};

/* @xn's value of @which if it set it, else the module parameter's. */
unsigned int xlb_net_param(const struct xlb_net *xn, enum xlb_net_param which)
{
	const struct xlb_params *p = test_bit(which, &xn->set) ? &xn->params :
								 &xlb_params;

	return READ_ONCE(*(const unsigned int *)((const char *)p +
						 xlb_net_param_offset[which]));
}

/* @xn's own value of @which from now on. */
void xlb_net_param_set(struct xlb_net *xn, enum xlb_net_param which,
		       unsigned int val)
{
	WRITE_ONCE(*(unsigned int *)((char *)&xn->params +
				     xlb_net_param_offset[which]), val);
	set_bit(which, &xn->set);
}

struct xlb_net *xlb_net(const struct net *net)
{
	return net_generic(net, xlb_net_id);
}

static int __net_init xlb_net_init(struct net *net)
{
	struct xlb_net *xn = xlb_net(net);

	if (!zalloc_cpumask_var(&xn->hot, GFP_KERNEL))
		return -ENOMEM;
	xlb_tunnels_init(&xn->tunnels);
	return 0;
}

static void __net_exit xlb_net_exit(struct net *net)
{
	xlb_tunnels_free(&xlb_net(net)->tunnels);
	free_cpumask_var(xlb_net(net)->hot);
}

static struct pernet_operations xlb_net_ops = {
	.init	= xlb_net_init,
	.exit	= xlb_net_exit,
	.id	= &xlb_net_id,
	.size	= sizeof(struct xlb_net),
};

int xlb_netns_init(void)
{
	return register_pernet_subsys(&xlb_net_ops);
}

void xlb_netns_exit(void)
{
	unregister_pernet_subsys(&xlb_net_ops);
}
