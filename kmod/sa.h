/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The table of SAs offloaded to xlb devices, and where each one runs.
 *
 * An xlb_sa is xlb's half of an offloaded xfrm_state: the worker CPU that
 * serves it and its counters. It holds no key: crypto uses the state's own
 * transform. The state points to it through xso.offload_handle; every packet
 * in flight holds a reference, so a state freed under traffic (device flush)
 * leaves queued packets something valid to finish with.
 */
#ifndef _XLB_SA_H
#define _XLB_SA_H

#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <net/xfrm.h>

#include "worker.h"

struct xlb_sa_stats {
	atomic64_t packets;
	atomic64_t bytes;
	/* Crypto failed: ICV mismatch on receive, any error on send. */
	atomic64_t errors;
	/* Lost for want of memory, or the SA was going away. */
	atomic64_t drops;
	/* Done inline by the stack or the sender: worker queue full or parked. */
	atomic64_t fallbacks;
};

struct xlb_sa {
	struct list_head node;
	refcount_t refs;
	struct rcu_head rcu;
	/* Not a reference; valid while the SA is in the table. */
	struct xfrm_state *x;
	struct net_device *dev;
	netdevice_tracker dev_tracker;
	__be32 spi;
	u8 dir;
	u8 family;
	/* Set when xfrm deletes the state: no new packets start here. */
	bool dead;
	/* Worker CPU; changes only under the table lock. */
	unsigned int cpu;
	struct xlb_sa_stats stats;
};

struct xlb_sa *xlb_sa_add(struct xfrm_state *x, struct net_device *dev);
void xlb_sa_delete(struct xlb_sa *sa);
void xlb_sa_put(struct xlb_sa *sa);
unsigned int xlb_sa_replace(struct xlb_sa *sa, unsigned int offline_cpu);
int xlb_sa_queue(struct xlb_sa *sa, struct sk_buff *skb, xlb_work_fn fn);
unsigned int xlb_sa_count(void);
int xlb_sa_init(void);
void xlb_sa_exit(void);

/* The live SA of @x, with a reference, or NULL. Caller holds RCU. */
static inline struct xlb_sa *xlb_sa_get(struct xfrm_state *x)
{
	struct xlb_sa *sa = (struct xlb_sa *)READ_ONCE(x->xso.offload_handle);

	if (!sa || READ_ONCE(sa->dead) || !refcount_inc_not_zero(&sa->refs))
		return NULL;
	return sa;
}

/* Exposed for KUnit. */
unsigned int xlb_pick_cpu(const unsigned int *sa_count,
			  const struct cpumask *candidates);

struct seq_file;
void xlb_sa_show_all(struct seq_file *m);

#endif /* _XLB_SA_H */
