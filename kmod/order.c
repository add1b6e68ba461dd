// SPDX-License-Identifier: GPL-2.0
/*
 * The per-SA order stage (see order.h). One spinlock per SA guards the
 * pending list; the release loop drops it around each run of packets it
 * hands on, and the releasing flag keeps a second CPU from starting a
 * concurrent run that could overtake the first. A loop ends at its budget:
 * while other workers keep finishing packets, one CPU could otherwise
 * release everyone's for ever with bottom halves off.
 */

#include <linux/bottom_half.h>
#include <linux/jiffies.h>

#include "order.h"

void xlb_order_init(struct xlb_order *o)
{
	spin_lock_init(&o->lock);
	__skb_queue_head_init(&o->pending);
	o->head_since = jiffies;
	o->waiting = 0;
	o->releasing = false;
}

/*
 * Takes @skb's place in line. Returns 0, or -ENOBUFS if @max_depth packets
 * are already pending; then @skb is untouched and still the caller's.
 */
int xlb_order_enter(struct xlb_order *o, struct sk_buff *skb,
		    unsigned int max_depth)
{
	spin_lock_bh(&o->lock);
	if (skb_queue_len(&o->pending) >= max_depth) {
		spin_unlock_bh(&o->lock);
		return -ENOBUFS;
	}
	if (skb_queue_empty(&o->pending))
		o->head_since = jiffies;
	xlb_work_cb(skb)->order = XLB_ORDER_PENDING;
	__skb_queue_tail(&o->pending, skb);
	spin_unlock_bh(&o->lock);
	return 0;
}

/*
 * Hands on the done packets at the head, oldest first, up to the budget.
 * Called with the lock held and o->releasing set by the caller; returns
 * with the lock held, and XLB_ORDER_MORE if done packets are left at the
 * head.
 */
static unsigned int xlb_order_release(struct xlb_order *o)
	__must_hold(&o->lock)
{
	unsigned int budget = XLB_ORDER_BUDGET;
	struct sk_buff_head run;
	struct sk_buff *skb;

	__skb_queue_head_init(&run);
	for (;;) {
		while (budget && (skb = skb_peek(&o->pending)) &&
		       xlb_work_cb(skb)->order == XLB_ORDER_DONE) {
			__skb_unlink(skb, &o->pending);
			xlb_work_cb(skb)->order = XLB_ORDER_NONE;
			o->waiting--;
			__skb_queue_tail(&run, skb);
			budget--;
		}
		if (skb_queue_empty(&run))
			break;
		o->head_since = jiffies;
		spin_unlock_bh(&o->lock);
		while ((skb = __skb_dequeue(&run)))
			xlb_work_cb(skb)->fn(skb);
		spin_lock_bh(&o->lock);
	}
	skb = skb_peek(&o->pending);
	return skb && xlb_work_cb(skb)->order == XLB_ORDER_DONE ?
	       XLB_ORDER_MORE : 0;
}

/* Runs a release unless another CPU is in one; it then sees to the rest. */
static unsigned int xlb_order_try_release(struct xlb_order *o)
	__must_hold(&o->lock)
{
	unsigned int more;

	if (o->releasing)
		return 0;
	o->releasing = true;
	more = xlb_order_release(o);
	o->releasing = false;
	return more;
}

/*
 * @skb's crypto is over: @release(@skb) runs once every packet that entered
 * before it has been released, on whichever CPU releases it. @release may
 * drop the last reference to whatever holds @o, so the caller must keep it
 * alive across this call. Returns XLB_ORDER_WAS_LATE if @skb was late (skipped
 * by xlb_order_expire()) and so released at once, out of order, and
 * XLB_ORDER_MORE if the caller must call xlb_order_continue() later.
 */
unsigned int xlb_order_done(struct xlb_order *o, struct sk_buff *skb,
			    xlb_work_fn release)
{
	struct xlb_work_cb *cb = xlb_work_cb(skb);
	unsigned int more;

	spin_lock_bh(&o->lock);
	cb->fn = release;
	if (cb->order == XLB_ORDER_SKIPPED) {
		cb->order = XLB_ORDER_NONE;
		spin_unlock_bh(&o->lock);
		release(skb);
		return XLB_ORDER_WAS_LATE;
	}
	cb->order = XLB_ORDER_DONE;
	o->waiting++;
	more = xlb_order_try_release(o);
	spin_unlock_bh(&o->lock);
	return more;
}

/*
 * Another release run, for a caller told XLB_ORDER_MORE, with bottom halves
 * off. Returns XLB_ORDER_MORE again if the budget ran out once more.
 */
unsigned int xlb_order_continue(struct xlb_order *o)
{
	unsigned int more;

	spin_lock_bh(&o->lock);
	more = xlb_order_try_release(o);
	spin_unlock_bh(&o->lock);
	return more;
}

/*
 * Bounds the wait: if the head has been unfinished for more than @timeout
 * jiffies at @now while finished packets wait behind it, it loses its place
 * and the packets behind it go. Returns XLB_ORDER_HEAD_SKIPPED if it did, and
 * XLB_ORDER_MORE as xlb_order_done() does.
 */
unsigned int xlb_order_expire(struct xlb_order *o, unsigned long now,
			      unsigned long timeout)
{
	unsigned int ret = 0;
	struct sk_buff *skb;

	/* Release functions expect bottom halves off, as in a worker. */
	local_bh_disable();
	spin_lock_bh(&o->lock);
	skb = skb_peek(&o->pending);
	if (skb && o->waiting && !o->releasing &&
	    xlb_work_cb(skb)->order == XLB_ORDER_PENDING &&
	    time_after(now, o->head_since + timeout)) {
		__skb_unlink(skb, &o->pending);
		xlb_work_cb(skb)->order = XLB_ORDER_SKIPPED;
		o->head_since = now;
		ret = XLB_ORDER_HEAD_SKIPPED | xlb_order_try_release(o);
	}
	spin_unlock_bh(&o->lock);
	local_bh_enable();
	return ret;
}
