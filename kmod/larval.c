// SPDX-License-Identifier: GPL-2.0
/*
 * ESP that arrives for an SA the IKE daemon has allocated but not yet
 * installed.
 *
 * At an IKEv2 rekey the responder installs its new SAs and sends on the
 * new outbound one at once, while the initiator's new inbound SA is still
 * the larval state its ALLOCSPI made (XFRM_STATE_ACQ) until its daemon has
 * the response and installs the keys (UPDSA). xfrm_input() drops what
 * arrives in between (XfrmAcquireError): stock Linux loses the peer's first
 * packets on such a rekey. xlb holds them instead, larval_hold_ms at most,
 * as a NIC's ring holds a burst, and lets them through in the order they
 * came once the state is installed: to the workers if the SA is offloaded
 * to this device, to software ESP if not.
 *
 * The same holds for a state being installed: xfrm_add_sa() hashes it
 * before it makes it valid, and the stack drops what finds it in between
 * (xlb_larval_state()).
 *
 * Only a state with an SPI is larval this way (the kernel's own ACQUIRE
 * states have none), so a sender must know the SPI its peer allocated to
 * get anything held. Still, the hold is bounded per device, in packets and
 * in time; what expires is dropped and counted (esp_rx_larval_expired).
 */

#include <linux/jiffies.h>
#include <linux/netdevice.h>
#include <net/xfrm.h>

#include "larval.h"
#include "params.h"
#include "xlb.h"

/* Packets held per device at most: more than one replay window's worth. */
#define XLB_LARVAL_MAX 256

struct xlb_larval_cb {
	unsigned long since;
	struct xlb_larval_key key;
};

static struct xlb_larval_cb *xlb_larval_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct xlb_larval_cb) > sizeof(skb->cb));
	return (struct xlb_larval_cb *)skb->cb;
}

/* A place in the hold, if there is one left. */
static bool xlb_larval_take(struct xlb_larval *larval)
{
	int n = atomic_read(&larval->count);

	do {
		if (n >= XLB_LARVAL_MAX)
			return false;
	} while (!atomic_try_cmpxchg(&larval->count, &n, n + 1));
	return true;
}

/*
 * From the receive path, for ESP whose state @x is larval. @again: @skb
 * was held before, and the release passing it on (which owns
 * larval->again) found its state larval still; @x is not used then.
 * Returns false if @skb is not held: the stack drops it then, as it does
 * without xlb.
 */
bool xlb_larval_hold(struct xlb_dev *xlb, struct sk_buff *skb,
		     const struct xfrm_state *x, bool again)
{
	struct xlb_larval *larval = &xlb->larval;
	unsigned long hold = msecs_to_jiffies(xlb_param(larval_hold_ms));
	struct xlb_larval_cb *cb = xlb_larval_cb(skb);

	if (again) {
		if (time_after(jiffies, cb->since + hold)) {
			xlb_esp_count(xlb, XLB_ESP_RX_LARVAL_EXPIRED);
			kfree_skb(skb);
			return true;
		}
		__skb_queue_tail(&larval->again, skb);
		return true;
	}
	if (!hold || !xlb_larval_take(larval))
		return false;
	cb->since = jiffies;
	cb->key = (struct xlb_larval_key) {
		.daddr = x->id.daddr, .spi = x->id.spi, .mark = skb->mark,
		.family = x->props.family,
	};
	xlb_esp_count(xlb, XLB_ESP_RX_LARVAL_HELD);
	WRITE_ONCE(larval->spi, x->id.spi);
	skb_queue_tail(&larval->held, skb);
	schedule_delayed_work(&larval->work, 1);
	return true;
}

static bool xlb_larval_key_equal(const struct xlb_larval_key *a,
				 const struct xlb_larval_key *b)
{
	return a->spi == b->spi && a->family == b->family &&
	       a->mark == b->mark &&
	       xfrm_addr_equal(&a->daddr, &b->daddr, a->family);
}

/* Whether this release pass found @skb's state larval already. */
static bool xlb_larval_waiting(const struct xlb_larval *larval,
			       struct sk_buff *skb)
{
	const struct xlb_larval_key *key = &xlb_larval_cb(skb)->key;
	unsigned int i;

	for (i = 0; i < larval->nwaiting; i++)
		if (xlb_larval_key_equal(&larval->waiting[i], key))
			return true;
	return false;
}

/*
 * Notes the state of @skb, just held again, as larval for the rest of the
 * pass. Beyond XLB_LARVAL_WAITING states, the rest are looked up per packet.
 */
static void xlb_larval_note_waiting(struct xlb_larval *larval,
				    struct sk_buff *skb)
{
	if (larval->nwaiting < XLB_LARVAL_WAITING &&
	    !xlb_larval_waiting(larval, skb))
		larval->waiting[larval->nwaiting++] = xlb_larval_cb(skb)->key;
}

/*
 * Passes every held packet through the receive path again, oldest first;
 * those whose state is still larval keep their place ahead of any held
 * since. With BHs off: from the receive path, before the first packet that
 * finds a held SPI installed (so the held ones go first), and from the
 * work. A release running elsewhere is left to do it.
 *
 * A state found larval stays larval for the rest of the pass: were it
 * installed halfway through, its later packets would go and its earlier
 * ones wait for the next pass, overtaken by more than a replay window. It
 * also saves a lookup per packet on each tick's pass.
 */
void xlb_larval_release(struct xlb_dev *xlb)
{
	struct xlb_larval *larval = &xlb->larval;
	struct sk_buff_head held;
	struct sk_buff *skb;
	unsigned long flags;
	u32 again;

	if (!spin_trylock(&larval->releasing))
		return;
	__skb_queue_head_init(&held);
	larval->nwaiting = 0;
	spin_lock_irqsave(&larval->held.lock, flags);
	skb_queue_splice_init(&larval->held, &held);
	spin_unlock_irqrestore(&larval->held.lock, flags);

	while ((skb = __skb_dequeue(&held))) {
		again = skb_queue_len(&larval->again);
		if (!(xlb->dev->flags & IFF_UP)) {
			xlb_esp_count(xlb, XLB_ESP_RX_LARVAL_EXPIRED);
			kfree_skb(skb);
		} else if (xlb_larval_waiting(larval, skb)) {
			xlb_larval_hold(xlb, skb, NULL, true);
		} else if (!xlb_rx_esp(xlb, skb, true)) {
			/* Neither ours nor larval now: software ESP's, or no SA's. */
			netif_rx(skb);
		}
		if (skb_queue_len(&larval->again) == again) {
			atomic_dec(&larval->count);
			continue;
		}
		xlb_larval_note_waiting(larval, skb);
	}

	if (!skb_queue_empty(&larval->again)) {
		spin_lock_irqsave(&larval->held.lock, flags);
		skb_queue_splice_init(&larval->again, &larval->held);
		spin_unlock_irqrestore(&larval->held.lock, flags);
		schedule_delayed_work(&larval->work, 1);
	}
	spin_unlock(&larval->releasing);
}

/* Every tick while anything is held. */
static void xlb_larval_work(struct work_struct *work)
{
	struct xlb_dev *xlb = container_of(to_delayed_work(work),
					   struct xlb_dev, larval.work);

	local_bh_disable();
	rcu_read_lock();
	xlb_larval_release(xlb);
	rcu_read_unlock();
	local_bh_enable();
	/* Another CPU's release had them: look again. */
	if (!skb_queue_empty_lockless(&xlb->larval.held))
		schedule_delayed_work(&xlb->larval.work, 1);
}

void xlb_larval_init(struct xlb_dev *xlb)
{
	skb_queue_head_init(&xlb->larval.held);
	__skb_queue_head_init(&xlb->larval.again);
	atomic_set(&xlb->larval.count, 0);
	spin_lock_init(&xlb->larval.releasing);
	INIT_DELAYED_WORK(&xlb->larval.work, xlb_larval_work);
}

/* Once the rx_handler is gone, so nothing is held any more. */
void xlb_larval_flush(struct xlb_dev *xlb)
{
	cancel_delayed_work_sync(&xlb->larval.work);
	skb_queue_purge(&xlb->larval.held);
	atomic_set(&xlb->larval.count, 0);
}
