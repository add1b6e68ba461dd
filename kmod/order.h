/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-SA order stage: packets of one SA leave xlb in the order they
 * entered it, whichever worker (or the sender itself) finished them and in
 * whatever order they finished. This is what lets an SA move between
 * workers at any moment, and lets one SA be sprayed over several, without
 * an ESP sequence number going out of order on the wire or into xfrm_input.
 *
 * A packet enters (xlb_order_enter) before it is queued and is marked done
 * with the function that finishes it (xlb_order_done) when its crypto is
 * over. Done packets at the head of the list are released, in order, by one
 * releaser at a time. The list is bounded (enter refuses beyond @max_depth)
 * and so is the wait: a head that stays unfinished for longer than the
 * timeout is skipped by xlb_order_expire(); when it finishes at last it is
 * released at once and counted late, never dropped. So is the work of one
 * release run (XLB_ORDER_BUDGET); what is left is the caller's to continue.
 */
#ifndef _XLB_ORDER_H
#define _XLB_ORDER_H

#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>

#include "worker.h"

struct xlb_order {
	/* Guards everything below and the order state of pending packets. */
	spinlock_t lock;
	/* Entered and not yet released, oldest first, linked by skb->list. */
	struct sk_buff_head pending;
	/* Jiffies when the current head became the head. */
	unsigned long head_since;
	/* Done packets waiting behind an unfinished head. */
	unsigned int waiting;
	/* Someone is in the release loop; others only mark done. */
	bool releasing;
};

/* Per-packet order state, in struct xlb_work_cb. */
enum xlb_order_state {
	XLB_ORDER_NONE,		/* not in an order stage */
	XLB_ORDER_PENDING,	/* entered, crypto not finished */
	XLB_ORDER_DONE,		/* finished, waiting for its turn */
	XLB_ORDER_SKIPPED,	/* timed out as head; released when done */
};

/*
 * Packets one release run hands on at most, as NAPI bounds a poll: a run
 * happens with bottom halves off, in a worker or in the lower device's
 * receive path, and the packets it hands on may be other workers'.
 */
#define XLB_ORDER_BUDGET 64

/* What xlb_order_done(), xlb_order_expire() and xlb_order_continue() tell. */
enum {
	/* done: the packet was late (its head place skipped): released at once */
	XLB_ORDER_WAS_LATE = BIT(0),
	/* expire: the head waited too long and was skipped */
	XLB_ORDER_HEAD_SKIPPED = BIT(0),
	/*
	 * The run stopped at XLB_ORDER_BUDGET with done packets at the head:
	 * the caller must see that xlb_order_continue() runs soon.
	 */
	XLB_ORDER_MORE = BIT(1),
};

void xlb_order_init(struct xlb_order *o);
int xlb_order_enter(struct xlb_order *o, struct sk_buff *skb,
		    unsigned int max_depth);
unsigned int xlb_order_done(struct xlb_order *o, struct sk_buff *skb,
			    xlb_work_fn release);
unsigned int xlb_order_expire(struct xlb_order *o, unsigned long now,
			      unsigned long timeout);
unsigned int xlb_order_continue(struct xlb_order *o);

static inline unsigned int xlb_order_depth(const struct xlb_order *o)
{
	return skb_queue_len_lockless(&o->pending);
}

#endif /* _XLB_ORDER_H */
