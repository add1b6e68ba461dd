// SPDX-License-Identifier: GPL-2.0
/*
 * The per-SA order stage (see order.h). One spinlock per SA guards the
 * pending list; the release loop drops it around each run of packets it
 * hands on, and the releasing flag keeps a second CPU from starting a
 * concurrent run that could overtake the first.
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
 * Hands on every done packet at the head, oldest first. Called with the
 * lock held and o->releasing set by the caller; returns with the lock held.
 */
static void xlb_order_release(struct xlb_order *o)
	__must_hold(&o->lock)
{
	struct sk_buff_head run;
	struct sk_buff *skb;

	__skb_queue_head_init(&run);
	for (;;) {
		while ((skb = skb_peek(&o->pending)) &&
		       xlb_work_cb(skb)->order == XLB_ORDER_DONE) {
			__skb_unlink(skb, &o->pending);
			xlb_work_cb(skb)->order = XLB_ORDER_NONE;
			o->waiting--;
			__skb_queue_tail(&run, skb);
		}
		if (skb_queue_empty(&run))
			return;
		o->head_since = jiffies;
		spin_unlock_bh(&o->lock);
		while ((skb = __skb_dequeue(&run)))
			xlb_work_cb(skb)->fn(skb);
		spin_lock_bh(&o->lock);
	}
}

/*
 * @skb's crypto is over: @release(@skb) runs once every packet that entered
 * before it has been released, on whichever CPU releases it. @release may
 * drop the last reference to whatever holds @o, so the caller must keep it
 * alive across this call. Returns true if @skb was late (skipped by
 * xlb_order_expire()) and so released at once, out of order.
 */
bool xlb_order_done(struct xlb_order *o, struct sk_buff *skb,
		    xlb_work_fn release)
{
	struct xlb_work_cb *cb = xlb_work_cb(skb);

	spin_lock_bh(&o->lock);
	cb->fn = release;
	if (cb->order == XLB_ORDER_SKIPPED) {
		cb->order = XLB_ORDER_NONE;
		spin_unlock_bh(&o->lock);
		release(skb);
		return true;
	}
	cb->order = XLB_ORDER_DONE;
	o->waiting++;
	if (!o->releasing) {
		o->releasing = true;
		xlb_order_release(o);
		o->releasing = false;
	}
	spin_unlock_bh(&o->lock);
	return false;
}

/*
 * Bounds the wait: if the head has been unfinished for more than @timeout
 * jiffies at @now while finished packets wait behind it, it loses its place
 * and the packets behind it go. Returns the number of heads skipped (0 or 1).
 */
unsigned int xlb_order_expire(struct xlb_order *o, unsigned long now,
			      unsigned long timeout)
{
	unsigned int skipped = 0;
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
		skipped = 1;
		o->releasing = true;
		xlb_order_release(o);
		o->releasing = false;
	}
	spin_unlock_bh(&o->lock);
	local_bh_enable();
	return skipped;
}
