// SPDX-License-Identifier: GPL-2.0
/*
 * An SA's packets on their way through the workers: each enters the SA's
 * order stage, is queued to the SA's home worker (or, sprayed, to the next
 * one it may use), and once crypted leaves in the order it entered. A
 * release run that meets its budget goes on from a work item, and the
 * balancer has a stage whose head is stuck let the others pass.
 */

#include <linux/sched/clock.h>
#include <linux/workqueue.h>

#include "load.h"
#include "params.h"
#include "sa.h"

/* Where release runs that met their budget go on (xlb_sa_release_later). */
static struct workqueue_struct *xlb_sa_release_wq;

/*
 * The next online CPU @sa may use after the last one its packets were
 * sprayed to; its home if none is online.
 */
static unsigned int xlb_sa_spray_next(struct xlb_sa *sa)
{
	const struct cpumask *cpus = sa->cpus ?: cpu_online_mask;
	unsigned int cpu = cpumask_next_and(READ_ONCE(sa->spray_cpu), cpus,
					    cpu_online_mask);

	if (cpu >= nr_cpu_ids)
		cpu = cpumask_first_and(cpus, cpu_online_mask);
	if (cpu >= nr_cpu_ids)
		return READ_ONCE(sa->cpu);
	WRITE_ONCE(sa->spray_cpu, cpu);
	return cpu;
}

/*
 * Puts @skb in @sa's order stage and queues it for a worker, which calls
 * @fn. Returns 0 when queued. -ENOBUFS: too many packets of the SA in
 * flight, @skb untouched and still the caller's. Any other error: no worker
 * took it, and the caller must run @fn(@skb) itself; it is in line, and
 * fn's xlb_sa_done() releases it in order. -EXDEV among those: not offered
 * to a worker, by choice (every CPU busy, see inline_busy); the others are
 * fallbacks.
 */
int xlb_sa_queue(struct xlb_sa *sa, struct sk_buff *skb, xlb_work_fn fn)
{
	unsigned int cpu;
	int err;

	err = xlb_order_enter(&sa->order, skb, xlb_param(order_depth));
	if (err)
		return err;
	if (READ_ONCE(sa->sprayed)) {
		cpu = xlb_sa_spray_next(sa);
	} else {
		cpu = READ_ONCE(sa->cpu);
		/*
		 * The SA's worker is this CPU's and no CPU has time to spare
		 * (many tunnels, each CPU busy with its own): a hand-off would
		 * only add its cost, as the worker could not run before we
		 * return. Crypted here instead, in line like a fallback.
		 */
		if (cpu == raw_smp_processor_id() &&
		    xlb_load_all_busy(xlb_param(inline_busy)))
			return -EXDEV;
	}
	err = xlb_worker_queue(cpu, skb, fn);
	if (err == -ESHUTDOWN && cpu == READ_ONCE(sa->cpu))
		err = xlb_worker_queue(xlb_sa_flee(sa, cpu), skb, fn);
	else if (err == -ESHUTDOWN)
		err = xlb_worker_queue(READ_ONCE(sa->cpu), skb, fn);
	return err;
}

/*
 * Counts a packet of @sa that xlb_sa_queue() left to its caller to crypt
 * in line (@err neither 0 nor -ENOBUFS): in @xlb's counter @busy when by
 * choice (-EXDEV), else in @fallback and as one of the SA's fallbacks.
 */
void xlb_sa_count_inline(struct xlb_sa *sa, struct xlb_dev *xlb, int err,
			 enum xlb_esp_stat busy, enum xlb_esp_stat fallback)
{
	if (err == -EXDEV) {
		xlb_esp_count(xlb, busy);
		return;
	}
	atomic64_inc(&sa->stats.fallbacks);
	xlb_esp_count(xlb, fallback);
}

/*
 * A release run of @sa met its budget with packets still to hand on: the
 * rest goes on from a work item, on this CPU, once the scheduler has had
 * its turn (as NAPI leaves a busy poll to ksoftirqd). The queued work
 * holds a reference to @sa.
 */
static void xlb_sa_release_later(struct xlb_sa *sa)
{
	refcount_inc(&sa->refs);
	if (queue_work(xlb_sa_release_wq, &sa->release_work))
		atomic64_inc(&sa->stats.deferred);
	else
		xlb_sa_put(sa);
}

void xlb_sa_release_work(struct work_struct *work)
{
	struct xlb_sa *sa = container_of(work, struct xlb_sa, release_work);
	u64 start = local_clock();
	unsigned int ret;

	/* Release functions expect bottom halves off, as in a worker. */
	local_bh_disable();
	ret = xlb_order_continue(&sa->order);
	local_bh_enable();
	xlb_sa_charge(sa, local_clock() - start);
	if (ret & XLB_ORDER_MORE)
		xlb_sa_release_later(sa);
	xlb_sa_put(sa);
}

/*
 * @skb of @sa is finished: @release(@skb) runs when its turn comes, and
 * must put the packet's reference to @sa.
 */
void xlb_sa_done(struct xlb_sa *sa, struct sk_buff *skb, xlb_work_fn release)
{
	u64 start = local_clock();
	unsigned int ret;

	/* @release of this or an earlier packet may put the last other ref. */
	refcount_inc(&sa->refs);
	ret = xlb_order_done(&sa->order, skb, release);
	if (ret & XLB_ORDER_WAS_LATE)
		atomic64_inc(&sa->stats.late);
	if (ret & XLB_ORDER_MORE)
		xlb_sa_release_later(sa);
	/* Handing packets on (the stack's receive path, too) is its cost. */
	xlb_sa_charge(sa, local_clock() - start);
	xlb_sa_put(sa);
}

/*
 * Lets packets behind @sa's head pass if it has waited @timeout, and goes
 * on with their release. From the balancer, once per interval.
 */
void xlb_sa_expire(struct xlb_sa *sa, unsigned long timeout)
{
	unsigned int ret = xlb_order_expire(&sa->order, jiffies, timeout);

	if (ret & XLB_ORDER_HEAD_SKIPPED)
		atomic64_inc(&sa->stats.timeouts);
	if (ret & XLB_ORDER_MORE)
		xlb_sa_release_later(sa);
}

int xlb_sa_queueing_init(void)
{
	/* Per CPU, so a release goes on where it stopped. */
	xlb_sa_release_wq = alloc_workqueue("xlb_release", 0, 0);
	return xlb_sa_release_wq ? 0 : -ENOMEM;
}

void xlb_sa_queueing_exit(void)
{
	/* A release work may still be returning from its SA's last put. */
	destroy_workqueue(xlb_sa_release_wq);
}
