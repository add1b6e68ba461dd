/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A bounded multi-producer, single-consumer queue of packets.
 *
 * Producers are any CPU in process or softirq context; the consumer is one
 * worker thread. A full or stopped queue refuses the packet and leaves it with
 * the caller, who decides what to do with it (ESP falls back to the stack's
 * software path rather than dropping).
 */
#ifndef _XLB_QUEUE_H
#define _XLB_QUEUE_H

#include <linux/atomic.h>
#include <linux/ptr_ring.h>
#include <linux/skbuff.h>

struct xlb_queue {
	struct ptr_ring ring;
	/* Under ring.producer_lock: once false, no push can succeed. */
	bool running;
	atomic_long_t pushed;
	atomic_long_t refused;
};

int xlb_queue_init(struct xlb_queue *q, int capacity, gfp_t gfp);
void xlb_queue_destroy(struct xlb_queue *q);
void xlb_queue_start(struct xlb_queue *q);
void xlb_queue_stop(struct xlb_queue *q);
int xlb_queue_push(struct xlb_queue *q, struct sk_buff *skb);
struct sk_buff *xlb_queue_pop(struct xlb_queue *q);

/* Consumer side only. */
static inline bool xlb_queue_empty(struct xlb_queue *q)
{
	return __ptr_ring_empty(&q->ring);
}

static inline int xlb_queue_capacity(const struct xlb_queue *q)
{
	return q->ring.size;
}

#endif /* _XLB_QUEUE_H */
