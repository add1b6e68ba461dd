// SPDX-License-Identifier: GPL-2.0
/*
 * Outbound ESP. For an SA offloaded to xlb0, esp_xmit() hands us the packet
 * with ESP header, sequence number, trailer and room for IV and ICV, the
 * payload still clear, and XFRM_XMIT set. A worker of the SA encrypts it in
 * place, and the SA's order stage sends it on the lower device in the order
 * the stack gave it to us; everything else goes straight down.
 */

#include <linux/netdevice.h>
#include <linux/sched/clock.h>

#include "esp.h"
#include "sa.h"
#include "xlb.h"

/* Sends a finished packet on LOWER, as a plain IP packet. */
void xlb_xmit_lower(struct xlb_dev *xlb, struct sk_buff *skb)
{
	struct net_device *dev = xlb->dev;
	unsigned int len = skb->len;
	int ret;

	skb->dev = xlb->lower;
	ret = dev_queue_xmit(skb);
	if (likely(ret == NET_XMIT_SUCCESS || ret == NET_XMIT_CN))
		dev_sw_netstats_tx_add(dev, 1, len);
	else
		dev_core_stats_tx_dropped_inc(dev);
}

/*
 * A multi-queue LOWER picks the transmit queue by the sending CPU (XPS).
 * Whichever worker releases a packet, it leaves by the queue of its SA's
 * home CPU: a sprayed SA would otherwise spread over queues that a NIC
 * may send in any order, and its sequence numbers and flows with them.
 */
static void xlb_tx_queue_as_home(struct sk_buff *skb, const struct xlb_sa *sa)
{
#ifdef CONFIG_XPS
	skb->sender_cpu = READ_ONCE(sa->cpu) + 1;
#endif
}

/* Released in order: on to LOWER. */
static void xlb_tx_send(struct sk_buff *skb)
{
	struct xlb_sa *sa = xlb_esp_cb(skb)->sa;

	xlb_tx_queue_as_home(skb, sa);
	xlb_xmit_lower(netdev_priv(sa->dev), skb);
	xlb_sa_put(sa);
}

static void xlb_tx_drop(struct sk_buff *skb)
{
	struct xlb_sa *sa = xlb_esp_cb(skb)->sa;

	kfree_skb(skb);
	xlb_sa_put(sa);
}

static void xlb_tx_finish(struct sk_buff *skb, int err)
{
	struct xlb_sa *sa = xlb_esp_cb(skb)->sa;
	struct xlb_dev *xlb = netdev_priv(sa->dev);

	if (unlikely(err)) {
		atomic64_inc(&sa->stats.errors);
		xlb_esp_count(xlb, XLB_ESP_TX_ERRORS);
		XFRM_INC_STATS(dev_net(sa->dev), LINUX_MIB_XFRMOUTSTATEPROTOERROR);
		dev_core_stats_tx_dropped_inc(sa->dev);
		xlb_sa_done(sa, skb, xlb_tx_drop);
		return;
	}
	atomic64_inc(&sa->stats.packets);
	atomic64_add(skb->len, &sa->stats.bytes);
	xlb_esp_count(xlb, XLB_ESP_TX_PACKETS);
	/* The stack resolved checksums before ESP: we do not offer
	 * NETIF_F_HW_ESP_TX_CSUM. What is left is ciphertext.
	 */
	skb->ip_summed = CHECKSUM_NONE;
	/* LOWER must see a plain packet, not one to offload again. */
	secpath_reset(skb);
	xlb_sa_done(sa, skb, xlb_tx_send);
}

static void xlb_tx_work(struct sk_buff *skb)
{
	struct xfrm_state *x = xfrm_input_state(skb);
	struct xfrm_offload *xo = xfrm_offload(skb);
	bool esn = x->props.flags & XFRM_STATE_ESN;
	unsigned int esp_off = skb_transport_offset(skb);
	u64 seq;
	int err;

	struct xlb_sa *sa = xlb_esp_cb(skb)->sa;
	u64 start = local_clock();

	seq = xlb_esp_out_seq(ip_esp_hdr(skb)->seq_no, xo, esn);
	err = xlb_esp_crypt(x->data, esn, skb, esp_off, seq, true,
			    xlb_tx_finish);
	/* In progress: @skb and maybe @sa belong to the engine now. */
	if (err == -EINPROGRESS)
		return;
	xlb_sa_charge(sa, local_clock() - start);
	xlb_tx_finish(skb, err);
}

/*
 * Returns false if @skb is not ESP prepared for us. Otherwise the packet is
 * ours: queued to a worker of its SA, encrypted here if that worker's queue
 * is full (it still leaves in line), or dropped if its SA is gone or
 * already has order_depth packets in flight.
 */
bool xlb_xmit_esp(struct xlb_dev *xlb, struct sk_buff *skb)
{
	struct xfrm_offload *xo = xfrm_offload(skb);
	struct xfrm_state *x;
	struct xlb_sa *sa;
	int err;

	if (!xo || !(xo->flags & XFRM_XMIT))
		return false;

	x = xfrm_input_state(skb);
	sa = x->xso.dev == xlb->dev ? xlb_sa_get(x) : NULL;
	if (unlikely(!sa || sa->dir != XFRM_DEV_OFFLOAD_OUT ||
		     skb_transport_offset(skb) <= 0)) {
		if (sa)
			xlb_sa_put(sa);
		goto drop;
	}

	xlb_esp_cb(skb)->sa = sa;
	err = xlb_sa_queue(sa, skb, xlb_tx_work);
	if (!err)
		return true;
	if (err == -ENOBUFS) {
		atomic64_inc(&sa->stats.drops);
		xlb_sa_put(sa);
		goto drop;
	}
	/* In line: by choice (every CPU busy, inline_busy) or a fallback. */
	xlb_sa_count_inline(sa, xlb, err, XLB_ESP_TX_BUSY_INLINE,
			    XLB_ESP_TX_INLINE);
	xlb_tx_work(skb);
	return true;

drop:
	xlb_esp_count(xlb, XLB_ESP_TX_DROPPED);
	dev_core_stats_tx_dropped_inc(xlb->dev);
	kfree_skb(skb);
	return true;
}
