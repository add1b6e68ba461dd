/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ESP held for an SA the IKE daemon has allocated but not yet installed.
 */
#ifndef _XLB_LARVAL_H
#define _XLB_LARVAL_H

#include <linux/atomic.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <net/xfrm.h>

struct xlb_dev;

/* What xfrm_state_lookup() finds a larval state by. */
struct xlb_larval_key {
	xfrm_address_t daddr;
	__be32 spi;
	u32 mark;
	unsigned short family;
};

/* States a release pass remembers finding larval. */
#define XLB_LARVAL_WAITING 8

struct xlb_larval {
	struct sk_buff_head held;
	/* Packets held, counting those a release has taken off @held. */
	atomic_t count;
	/* The SPI of the packet held last. */
	__be32 spi;
	/* One release at a time; it owns @again. */
	spinlock_t releasing;
	/* Held again by the running release: back to the head of @held. */
	struct sk_buff_head again;
	/* The running release's larval states, @nwaiting of them. */
	struct xlb_larval_key waiting[XLB_LARVAL_WAITING];
	unsigned int nwaiting;
	/* Releases what became installable, and expires the rest. */
	struct delayed_work work;
};

/*
 * Whether @x is not installed yet: larval (ALLOCSPI's XFRM_STATE_ACQ), or
 * being installed. xfrm_add_sa() hashes a new state, at NEWSA and at the
 * UPDSA that replaces a larval one, while it is still XFRM_STATE_VOID and
 * makes it VALID only after: xfrm_input() drops what it finds in between
 * (XfrmInStateInvalid), and a loaded host stretches that to ticks.
 */
static inline bool xlb_larval_state(const struct xfrm_state *x)
{
	u8 state = READ_ONCE(x->km.state);

	return state == XFRM_STATE_ACQ || state == XFRM_STATE_VOID;
}

void xlb_larval_init(struct xlb_dev *xlb);
void xlb_larval_flush(struct xlb_dev *xlb);
bool xlb_larval_hold(struct xlb_dev *xlb, struct sk_buff *skb,
		     const struct xfrm_state *x, bool again);
void xlb_larval_release(struct xlb_dev *xlb);

/*
 * Whether packets for @spi may be held: then they go before one that finds
 * its state installed. The one test the receive path pays for.
 */
static inline bool xlb_larval_awaits(const struct xlb_larval *larval,
				     __be32 spi)
{
	return READ_ONCE(larval->spi) == spi &&
	       !skb_queue_empty_lockless(&larval->held);
}

#endif /* _XLB_LARVAL_H */
