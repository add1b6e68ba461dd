// SPDX-License-Identifier: GPL-2.0
/*
 * Per-namespace state: the placement policy a namespace chose for its SAs.
 * See netns.h for what is per namespace and what is the host's.
 */

#include <net/netns/generic.h>

#include "netns.h"

static unsigned int xlb_net_id;

struct xlb_net *xlb_net(const struct net *net)
{
	return net_generic(net, xlb_net_id);
}

static int __net_init xlb_net_init(struct net *net)
{
	struct xlb_net *xn = xlb_net(net);

	if (!zalloc_cpumask_var(&xn->hot, GFP_KERNEL))
		return -ENOMEM;
	return 0;
}

static void __net_exit xlb_net_exit(struct net *net)
{
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
