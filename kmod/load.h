/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The load metric: how busy each worker's CPU is, sampled every interval.
 *
 * For worker w on CPU c over an interval of T ns:
 *   busy    = time w spent processing packets / T
 *   other   = (non-idle time of c - time of w) / T, from the kernel's
 *             per-CPU accounting: softirq, irq, other threads, steal
 *   backlog = packets in w's queue at the sample / queue length
 *   load    = min(1, busy + other + backlog)
 * busy and other are exponentially weighted moving averages (the newest
 * sample weighs ewma_weight percent); backlog is the instantaneous depth.
 * busy says what xlb itself costs there, other what it cannot move away,
 * and backlog that demand exceeded the time the worker got.
 * All values are in thousandths (XLB_LOAD_ONE).
 */
#ifndef _XLB_LOAD_H
#define _XLB_LOAD_H

#include <linux/types.h>

#include "params.h"

struct xlb_load {
	u32 busy;
	u32 other;
	u32 backlog;
	u32 load;
	/* Packets and bytes per second the worker processed (moving averages). */
	u64 pps;
	u64 bps;
};

u32 xlb_share(u64 part, u64 whole);
u32 xlb_ewma(u32 avg, u32 sample, unsigned int weight_pct);
u64 xlb_ewma64(u64 avg, u64 sample, unsigned int weight_pct);
u32 xlb_other_share(u64 cpu_busy_ns, u64 worker_ns, u64 interval_ns);
u32 xlb_load_combine(u32 busy, u32 other, u32 backlog);

void xlb_load_sample_all(u64 now_ns);
void xlb_load_get(unsigned int cpu, struct xlb_load *load);
bool xlb_load_all_busy(u32 threshold);
int xlb_load_init(void);
void xlb_load_exit(void);

#endif /* _XLB_LOAD_H */
