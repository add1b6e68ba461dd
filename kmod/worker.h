/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU worker threads: one "xlb/N" kernel thread per online CPU, each
 * with its own bounded queue. The data path queues a packet together with
 * the function that finishes it; the worker runs that function on its CPU
 * with bottom halves disabled, in queue order.
 */
#ifndef _XLB_WORKER_H
#define _XLB_WORKER_H

#include <linux/skbuff.h>

#include "queue.h"

typedef void (*xlb_work_fn)(struct sk_buff *skb);

/*
 * The worker keeps @fn at the start of skb->cb while the packet is queued;
 * callers may use the rest of skb->cb by embedding this struct first.
 */
struct xlb_work_cb {
	xlb_work_fn fn;
	/* enum xlb_order_state, kept by the order stage. */
	u8 order;
	/* Queued by xlb_worker_handoff(): not a packet this worker crypts. */
	bool handoff;
};

static inline struct xlb_work_cb *xlb_work_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct xlb_work_cb) > sizeof(skb->cb));
	return (struct xlb_work_cb *)skb->cb;
}

struct xlb_worker_stats {
	unsigned long pushed;
	unsigned long refused;
	unsigned long processed;
	/* Packets other CPUs handed here to be passed on (xlb_worker_handoff). */
	unsigned long handed;
	u64 bytes;
	/* Time spent running packets, from local_clock(). */
	u64 busy_ns;
	unsigned int depth;
	unsigned int capacity;
};

int xlb_workers_init(unsigned int queue_len);
void xlb_workers_exit(void);
int xlb_worker_queue(unsigned int cpu, struct sk_buff *skb, xlb_work_fn fn);
int xlb_worker_handoff(unsigned int cpu, struct sk_buff *skb, xlb_work_fn fn);
void xlb_worker_stats(unsigned int cpu, struct xlb_worker_stats *stats);

/* A test hook's bound: a hold left behind stops traffic for 30 s, not for good. */
#define XLB_WORKERS_HOLD_MAX_MS 30000U

void xlb_workers_hold(unsigned int ms);
unsigned int xlb_workers_held_ms(void);

#endif /* _XLB_WORKER_H */
