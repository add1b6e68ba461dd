// SPDX-License-Identifier: GPL-2.0
/*
 * Sampling the load metric of load.h. The balancer calls
 * xlb_load_sample_all() once per interval; readers (balancer, debugfs,
 * ethtool) take the last sample under the same lock.
 */

#include <linux/cpumask.h>
#include <linux/kernel_stat.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "load.h"
#include "worker.h"

struct xlb_load_state {
	struct xlb_load now;
	/* Counters at the previous sample; valid if primed. */
	u64 at_ns;
	u64 worker_ns;
	u64 cpu_ns;
	u64 packets;
	u64 bytes;
	bool primed;
};

static struct xlb_load_state *xlb_load_states;
static DEFINE_SPINLOCK(xlb_load_lock);
/* The lowest load of an online CPU at the last sample. */
static u32 xlb_load_least;

/* @part / @whole in thousandths, 0 for an empty @whole. */
u32 xlb_share(u64 part, u64 whole)
{
	u64 share;

	if (!whole)
		return 0;
	share = div64_u64(part * XLB_LOAD_ONE + whole / 2, whole);
	return min_t(u64, share, U32_MAX);
}

/*
 * Rounded to nearest, but never short of a constant sample: rounding alone
 * would leave the average stuck up to 50 / weight_pct away from it (an idle
 * SA costing 1 forever at weight 40, 49 at weight 1).
 */
u64 xlb_ewma64(u64 avg, u64 sample, unsigned int weight_pct)
{
	u64 next = div_u64(avg * (100 - weight_pct) + sample * weight_pct + 50,
			   100);

	if (next == avg && sample != avg)
		next = sample > avg ? avg + 1 : avg - 1;
	return next;
}

u32 xlb_ewma(u32 avg, u32 sample, unsigned int weight_pct)
{
	return xlb_ewma64(avg, sample, weight_pct);
}

/*
 * The share of the interval the CPU was busy with anything but the worker.
 * The kernel accounts CPU time in ticks while the worker's time is exact, so
 * the difference can come out slightly negative: that is no other load.
 */
u32 xlb_other_share(u64 cpu_busy_ns, u64 worker_ns, u64 interval_ns)
{
	if (cpu_busy_ns <= worker_ns)
		return 0;
	return min(xlb_share(cpu_busy_ns - worker_ns, interval_ns), XLB_LOAD_ONE);
}

u32 xlb_load_combine(u32 busy, u32 other, u32 backlog)
{
	return min_t(u64, (u64)busy + other + backlog, XLB_LOAD_ONE);
}

/* Non-idle time of @cpu so far: everything but idle and iowait. */
static u64 xlb_cpu_busy_ns(unsigned int cpu)
{
	struct kernel_cpustat kcs;
	const u64 *t = kcs.cpustat;

	kcpustat_cpu_fetch(&kcs, cpu);
	return t[CPUTIME_USER] + t[CPUTIME_NICE] + t[CPUTIME_SYSTEM] +
	       t[CPUTIME_IRQ] + t[CPUTIME_SOFTIRQ] + t[CPUTIME_STEAL];
}

static void xlb_load_sample(unsigned int cpu, u64 now_ns, unsigned int weight)
{
	struct xlb_load_state *s = &xlb_load_states[cpu];
	struct xlb_load *l = &s->now;
	struct xlb_worker_stats ws;
	u64 cpu_ns, dt, dworker;

	xlb_worker_stats(cpu, &ws);
	cpu_ns = xlb_cpu_busy_ns(cpu);
	dt = now_ns - s->at_ns;
	if (s->primed && dt) {
		dworker = ws.busy_ns - s->worker_ns;
		l->busy = xlb_ewma(l->busy,
				   min(xlb_share(dworker, dt), XLB_LOAD_ONE),
				   weight);
		l->other = xlb_ewma(l->other,
				    xlb_other_share(cpu_ns - s->cpu_ns, dworker, dt),
				    weight);
		l->backlog = min(xlb_share(ws.depth, ws.capacity), XLB_LOAD_ONE);
		l->load = xlb_load_combine(l->busy, l->other, l->backlog);
		l->pps = xlb_ewma64(l->pps, div64_u64((ws.processed - s->packets) *
						      NSEC_PER_SEC, dt), weight);
		l->bps = xlb_ewma64(l->bps, div64_u64((ws.bytes - s->bytes) *
						      NSEC_PER_SEC, dt), weight);
	}
	s->at_ns = now_ns;
	s->worker_ns = ws.busy_ns;
	s->cpu_ns = cpu_ns;
	s->packets = ws.processed;
	s->bytes = ws.bytes;
	s->primed = true;
}

void xlb_load_sample_all(u64 now_ns)
{
	unsigned int weight = xlb_param(ewma_weight);
	u32 least = XLB_LOAD_ONE;
	unsigned int cpu;

	spin_lock_bh(&xlb_load_lock);
	for_each_possible_cpu(cpu) {
		if (cpu_online(cpu)) {
			xlb_load_sample(cpu, now_ns, weight);
			least = min(least, xlb_load_states[cpu].now.load);
		} else {
			memset(&xlb_load_states[cpu], 0,
			       sizeof(xlb_load_states[cpu]));
		}
	}
	spin_unlock_bh(&xlb_load_lock);
	WRITE_ONCE(xlb_load_least, least);
}

/*
 * Whether no CPU had time to spare at the last sample: every online one at
 * least @threshold thousandths busy (never, for 0).
 */
bool xlb_load_all_busy(u32 threshold)
{
	return threshold && READ_ONCE(xlb_load_least) >= threshold;
}

void xlb_load_get(unsigned int cpu, struct xlb_load *load)
{
	spin_lock_bh(&xlb_load_lock);
	*load = xlb_load_states[cpu].now;
	spin_unlock_bh(&xlb_load_lock);
}

int xlb_load_init(void)
{
	xlb_load_states = kcalloc(nr_cpu_ids, sizeof(*xlb_load_states),
				  GFP_KERNEL);
	return xlb_load_states ? 0 : -ENOMEM;
}

void xlb_load_exit(void)
{
	kfree(xlb_load_states);
}
