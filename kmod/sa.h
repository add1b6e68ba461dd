/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The table of SAs offloaded to xlb devices, and where each one runs.
 *
 * An xlb_sa is xlb's half of an offloaded xfrm_state: the worker CPU that
 * serves it (or, sprayed, all of them), its order stage, what it costs and
 * its counters. It holds no key: crypto uses the state's own transform. The
 * state points to it through xso.offload_handle; every packet in flight
 * holds a reference, so a state freed under traffic (device flush) leaves
 * queued packets something valid to finish with.
 */
#ifndef _XLB_SA_H
#define _XLB_SA_H

#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/workqueue.h>
#include <net/xfrm.h>

#include "notify.h"
#include "order.h"
#include "worker.h"
#include "xlb.h"

struct xlb_sa_stats {
	atomic64_t packets;
	atomic64_t bytes;
	/* Crypto failed: ICV mismatch on receive, any error on send. */
	atomic64_t errors;
	/* Lost for want of memory, the SA was going away, or too many in flight. */
	atomic64_t drops;
	/* Done inline by the stack or the sender: worker queue full or parked. */
	atomic64_t fallbacks;
	/* Released out of order because a packet ahead took too long. */
	atomic64_t late;
	/* Packets that took too long and let those behind them pass. */
	atomic64_t timeouts;
	/* Release runs that met their budget and went on later (order.h). */
	atomic64_t deferred;
	/* Times the balancer moved the SA to another worker. */
	atomic64_t moves;
};

struct xlb_sa {
	struct list_head node;
	/* On xlb_sa_bound from xdo_dev_state_add to xdo_dev_state_free. */
	struct list_head bound;
	refcount_t refs;
	struct rcu_head rcu;
	/* XLB_A_SA_ID: never reused while the module is loaded. */
	u64 id;
	/* Not a reference; valid while the SA is on xlb_sa_bound. */
	struct xfrm_state *x;
	struct net_device *dev;
	netdevice_tracker dev_tracker;
	/* Its device's CPUs (xlb_dev_cpus()), or NULL: any online worker. */
	const struct cpumask *cpus;
	__be32 spi;
	u8 dir;
	u8 family;
	/* Set when xfrm deletes the state: no new packets start here. */
	bool dead;
	/* Packets go to every worker it may use in turn, not to cpu alone. */
	bool sprayed;
	/* Set by the operator: stays on cpu, never sprayed or moved. */
	bool pinned;
	/* enum xlb_spray_mode, set by the operator. */
	u8 spray_mode;
	/* Home worker CPU; changes only under the table lock. */
	unsigned int cpu;
	/* The last worker a sprayed packet went to. */
	unsigned int spray_cpu;
	/* Inbound packets handed to the home worker and not yet passed on. */
	atomic_t rx_handoffs;
	/* Time spent on this SA's crypto and handing its packets on. */
	atomic64_t cost_ns;
	/* Balancer state, under the table lock. */
	u64 cost_ns_seen;
	u64 packets_seen;
	u32 cost;
	/* What it counts as at least for placing new SAs (its tunnel's). */
	u32 weight;
	u64 pps;
	unsigned long moved_tick;
	/* Moves in quick succession; each doubles the next cooldown. */
	unsigned int move_streak;
	struct xlb_order order;
	/* Continues a release run that met its budget; holds a reference. */
	struct work_struct release_work;
	struct xlb_sa_stats stats;
};

struct xlb_sa *xlb_sa_add(struct xfrm_state *x, struct net_device *dev);
void xlb_sa_delete(struct xlb_sa *sa);
void xlb_sa_unbind(struct xlb_sa *sa);
void xlb_sa_release_dev(struct net_device *dev);
void xlb_sa_put(struct xlb_sa *sa);
void xlb_sa_rebalance(unsigned long tick, u64 interval_ns);
unsigned int xlb_sa_flee(struct xlb_sa *sa, unsigned int cpu);

/* queueing.c: an SA's packets through the workers, and out in order. */
int xlb_sa_queue(struct xlb_sa *sa, struct sk_buff *skb, xlb_work_fn fn);
void xlb_sa_count_inline(struct xlb_sa *sa, struct xlb_dev *xlb, int err,
			 enum xlb_esp_stat busy, enum xlb_esp_stat fallback);
void xlb_sa_done(struct xlb_sa *sa, struct sk_buff *skb, xlb_work_fn release);
void xlb_sa_release_work(struct work_struct *work);
void xlb_sa_expire(struct xlb_sa *sa, unsigned long timeout);
int xlb_sa_queueing_init(void);
void xlb_sa_queueing_exit(void);

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

/* Worker time spent on @sa's packets. */
static inline void xlb_sa_charge(struct xlb_sa *sa, u64 ns)
{
	atomic64_add(ns, &sa->cost_ns);
}

/*
 * What names an SA to the operator: its SPI and, if need be, more; or its
 * ID, with or without the rest.
 */
struct xlb_sa_key {
	/* 0: any SA; else only the SA of this ID */
	u64 id;
	/* false: any SPI (the ID names the SA) */
	bool has_spi;
	__be32 spi;
	/* 0: any */
	u8 dir;
	/* 0: any */
	int ifindex;
	/* 0: any; else the destination address of that family */
	unsigned short family;
	xfrm_address_t daddr;
};

typedef int (*xlb_sa_visit_fn)(struct xlb_sa *sa, void *arg);

int xlb_sa_for_each(const struct net *net, int ifindex, unsigned long *skip,
		    xlb_sa_visit_fn fn, void *arg);
int xlb_sa_with(const struct net *net, const struct xlb_sa_key *key,
		xlb_sa_visit_fn fn, void *arg);
const char *xlb_sa_alg(const struct xfrm_state *x);
unsigned int xlb_sa_count_in(const struct net *net, int ifindex, int cpu);
int xlb_sa_pin(struct xlb_sa *sa, unsigned int cpu, struct xlb_event *ev);
void xlb_sa_unpin(struct xlb_sa *sa);
int xlb_sa_set_spray(struct xlb_sa *sa, u8 mode);

struct seq_file;
void xlb_sa_show_all(struct seq_file *m);
void xlb_sa_show_workers(struct seq_file *m);
void xlb_sa_show_gone(struct seq_file *m);

#endif /* _XLB_SA_H */
