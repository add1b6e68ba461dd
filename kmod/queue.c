// SPDX-License-Identifier: GPL-2.0
/*
 * Bounded packet queue between producers and one worker thread.
 *
 * ptr_ring gives the bound and FIFO order with separate producer and
 * consumer locks, so pushes from many CPUs never contend with the worker.
 */

#include "queue.h"

static void xlb_queue_free_skb(void *ptr)
{
	kfree_skb(ptr);
}

int xlb_queue_init(struct xlb_queue *q, int capacity, gfp_t gfp)
{
	q->running = false;
	atomic_long_set(&q->pushed, 0);
	atomic_long_set(&q->refused, 0);
	return ptr_ring_init(&q->ring, capacity, gfp);
}

/* Frees packets still queued; the consumer must be gone by now. */
void xlb_queue_destroy(struct xlb_queue *q)
{
	ptr_ring_cleanup(&q->ring, xlb_queue_free_skb);
}

void xlb_queue_start(struct xlb_queue *q)
{
	spin_lock_bh(&q->ring.producer_lock);
	q->running = true;
	spin_unlock_bh(&q->ring.producer_lock);
}

/*
 * After this returns no push succeeds, so the consumer can drain what is
 * left and know nothing arrives behind it.
 */
void xlb_queue_stop(struct xlb_queue *q)
{
	spin_lock_bh(&q->ring.producer_lock);
	q->running = false;
	spin_unlock_bh(&q->ring.producer_lock);
}

/*
 * Returns 0 when the queue took @skb, -ESHUTDOWN when it is stopped and
 * -ENOSPC when it is full. On error @skb still belongs to the caller.
 */
int xlb_queue_push(struct xlb_queue *q, struct sk_buff *skb)
{
	int err = -ESHUTDOWN;

	spin_lock_bh(&q->ring.producer_lock);
	if (likely(q->running))
		err = __ptr_ring_produce(&q->ring, skb) ? -ENOSPC : 0;
	spin_unlock_bh(&q->ring.producer_lock);

	if (likely(!err))
		atomic_long_inc(&q->pushed);
	else
		atomic_long_inc(&q->refused);
	return err;
}

/* Consumer side: the oldest packet, or NULL when empty. */
struct sk_buff *xlb_queue_pop(struct xlb_queue *q)
{
	return __ptr_ring_consume(&q->ring);
}
