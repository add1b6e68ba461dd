// SPDX-License-Identifier: GPL-2.0
/*
 * Inbound ESP. The lower device's rx_handler gives us every frame; ESP for
 * an SA offloaded to this xlb0 goes to the SA's worker, which decrypts it in
 * place and hands it to xfrm_input() marked the way it expects from a
 * crypto-offload device: a sec_path holding the state, xfrm_offload() with
 * CRYPTO_DONE and CRYPTO_SUCCESS or the ESP auth-failed bit. The stack then
 * does the replay check, trailer removal and decapsulation, and counts; what
 * it decapsulates arrives on xlb0.
 *
 * A packet the SA's replay window refuses is dropped before any crypto,
 * and checked again when it is released, ESN high half included
 * (replay.c): both counted as the stack counts them.
 *
 * ESP for an SA the IKE daemon has allocated and not yet installed is held
 * until it is (larval.c).
 *
 * Anything we cannot or need not handle passes on unmarked, and the stack
 * decrypts it in software if it is ESP of a known SA (too many in flight, an IPv4
 * fragment) or counts and drops it (unknown SPI, malformed ESP).
 */

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/sched/clock.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/xfrm.h>

#include "compat.h"
#include "esp.h"
#include "replay.h"
#include "sa.h"
#include "xlb.h"

/*
 * The packet holds a reference to its state, esp.sa->x, from
 * xfrm_state_lookup() until the sec_path takes it over.
 */
struct xlb_rx_cb {
	struct xlb_esp_cb esp;
	/* The ESN high half it is decrypted under (replay.c). */
	u32 seq_hi;
};

static struct xlb_rx_cb *xlb_rx_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct xlb_rx_cb) > sizeof(skb->cb));
	return (struct xlb_rx_cb *)skb->cb;
}

/*
 * Into xfrm_input() as an asynchronous crypto completion resumes it
 * (xfrm_input_resume()), after the ESP trailer and header are stripped as
 * esp4/esp6 strip them (the state's input_tail). That entry checks, under
 * the state's lock and together with advancing the window, that the ESN
 * high half the packet was authenticated under, in XFRM_SKB_CB, is still
 * the one the window gives (xfrm_replay_recheck()): a packet the window
 * has moved past meanwhile, on whatever CPU it moved, is dropped and
 * counted there (replay-window, XfrmInStateSeqError) instead of being
 * taken for the next subspace (replay.c).
 */
static void xlb_rx_resume(struct sk_buff *skb, __be32 seq, u32 seq_hi)
{
	struct xfrm_offload *xo = xfrm_offload(skb);
	struct xfrm_state *x = xfrm_input_state(skb);
	int nexthdr;

	XFRM_TUNNEL_SKB_CB(skb)->tunnel.ip4 = NULL;
	if (xo->status == CRYPTO_SUCCESS)
		nexthdr = x->type_offload->input_tail(x, skb);
	else if (xo->status & (CRYPTO_TUNNEL_ESP_AUTH_FAILED |
			       CRYPTO_TRANSPORT_ESP_AUTH_FAILED))
		nexthdr = -EBADMSG;
	else
		nexthdr = -EINVAL;
	XFRM_SKB_CB(skb)->seq.input.low = seq;
	XFRM_SKB_CB(skb)->seq.input.hi = htonl(seq_hi);
	/* A resumed xfrm_input() puts the device a completion holds. */
	dev_hold(skb->dev);
	xfrm_input_resume(skb, nexthdr);
}

/*
 * Where the resume entry cannot be used (compat.h), by the call the ESP
 * protocol handler would make, as esp4_gro_receive() hands a NIC's packets
 * on. xfrm_input() then guesses the ESN high half again, so the packet
 * goes in only if the window still gives the guess it was decrypted
 * under: checked here, in a hold of x->lock before xfrm_input()'s own.
 */
static void xlb_rx_rcv(struct sk_buff *skb, __be32 seq, u32 seq_hi)
{
	if (xfrm_offload(skb)->status == CRYPTO_SUCCESS &&
	    !xlb_replay_same_subspace(xfrm_input_state(skb), seq, seq_hi)) {
		kfree_skb(skb);
		return;
	}
	if (skb->protocol == htons(ETH_P_IP))
		xfrm4_rcv(skb);
	else
		xfrm6_rcv(skb);
}

/*
 * Into xfrm_input(), not up through the IP layer: there, once
 * xfrm_interface is loaded, its handler sees ESP first and checks a packet
 * that already holds a sec_path against the inbound policy, and the outer
 * header, held up to the SA's selector of inner addresses, is refused
 * (XfrmInStateMismatch). The IP layer has nothing left to do for it:
 * xlb_rx_esp_offset() checked the header and the length, the packet is
 * PACKET_HOST, addressed to an inbound SA of this host, and has no options
 * or fragments. Netfilter sees the decapsulated packet, as after GRO, not
 * the ESP.
 *
 * Marked XFRM_GRO, as esp4_gro_receive() marks a NIC's: xfrm_input() then
 * hands what it decapsulates, in transport mode too, to gro_cells, into
 * the stack as a received packet. Unmarked, a transport-mode packet on a
 * kernel without netfilter would come back to the caller as "deliver to
 * protocol N", for the IP layer's dispatch loop, which this call is not.
 */
static void xlb_rx_input(struct sk_buff *skb)
{
	/* From here on skb->cb is the stack's. */
	u32 seq_hi = xlb_rx_cb(skb)->seq_hi;
	__be32 seq = ip_esp_hdr(skb)->seq_no;

	xfrm_offload(skb)->flags |= XFRM_GRO;
	skb->skb_iif = skb->dev->ifindex;
	skb_clear_delivery_time(skb);
	__skb_pull(skb, skb_transport_offset(skb));
	if (skb->protocol == htons(ETH_P_IP)) {
		memset(IPCB(skb), 0, sizeof(*IPCB(skb)));
		IPCB(skb)->iif = skb->skb_iif;
	} else {
		memset(IP6CB(skb), 0, sizeof(*IP6CB(skb)));
		IP6CB(skb)->iif = skb->skb_iif;
		IP6CB(skb)->nhoff = offsetof(struct ipv6hdr, nexthdr);
	}
	rcu_read_lock();
	if (xlb_xfrm_resume_puts_arrival_dev())
		xlb_rx_resume(skb, seq, seq_hi);
	else
		xlb_rx_rcv(skb, seq, seq_hi);
	rcu_read_unlock();
}

static void xlb_rx_pass_on(struct sk_buff *skb)
{
	struct xlb_sa *sa = xlb_rx_cb(skb)->esp.sa;

	xlb_rx_input(skb);
	xlb_sa_put(sa);
}

/* On the home worker, in the order handed over. */
static void xlb_rx_handed(struct sk_buff *skb)
{
	struct xlb_sa *sa = xlb_rx_cb(skb)->esp.sa;
	u64 start = local_clock();

	atomic_dec(&sa->rx_handoffs);
	xlb_rx_input(skb);
	/* Passing on is the SA's cost, as when it is released directly. */
	xlb_sa_charge(sa, local_clock() - start);
	xlb_sa_put(sa);
}

/*
 * Released in order. The stack queues what it decapsulates on the CPU it
 * runs on (xfrm_input() -> gro_cells_receive(), or netif_rx()), so packets
 * of one SA passed on from two CPUs could overtake each other there. They
 * all go in from the SA's home CPU, as from one NIC receive queue: a
 * releaser elsewhere (a sprayed SA's other workers, an SA that just moved)
 * hands them to the home worker, and the home worker passes on directly
 * only when nothing it was handed is still waiting in its queue.
 */
static void xlb_rx_deliver(struct sk_buff *skb)
{
	struct xlb_sa *sa = xlb_rx_cb(skb)->esp.sa;
	unsigned int home = READ_ONCE(sa->cpu);

	if (home == smp_processor_id() && !atomic_read(&sa->rx_handoffs)) {
		xlb_rx_pass_on(skb);
		return;
	}
	atomic_inc(&sa->rx_handoffs);
	if (xlb_worker_handoff(home, skb, xlb_rx_handed)) {
		/* Home is full or going offline: late beats lost. */
		atomic_dec(&sa->rx_handoffs);
		xlb_rx_pass_on(skb);
	}
}

static void xlb_rx_drop(struct sk_buff *skb)
{
	struct xlb_sa *sa = xlb_rx_cb(skb)->esp.sa;

	kfree_skb(skb);
	xlb_sa_put(sa);
}

static void xlb_rx_finish(struct sk_buff *skb, int err)
{
	struct xlb_rx_cb *cb = xlb_rx_cb(skb);
	struct xlb_sa *sa = cb->esp.sa;
	struct xlb_dev *xlb = netdev_priv(sa->dev);
	struct xfrm_state *x = sa->x;
	struct xfrm_offload *xo;
	struct sec_path *sp;

	sp = secpath_set(skb);
	if (unlikely(!sp || sp->len == XFRM_MAX_DEPTH)) {
		XFRM_INC_STATS(dev_net(sa->dev), LINUX_MIB_XFRMINERROR);
		atomic64_inc(&sa->stats.drops);
		xlb_esp_count(xlb, XLB_ESP_RX_DROPPED);
		xfrm_state_put(x);
		xlb_sa_done(sa, skb, xlb_rx_drop);
		return;
	}
	/* The sec_path takes over the reference from xfrm_state_lookup(). */
	sp->xvec[sp->len++] = x;
	sp->olen++;
	xo = xfrm_offload(skb);
	xo->flags = CRYPTO_DONE;
	if (likely(!err)) {
		xo->status = CRYPTO_SUCCESS;
		atomic64_inc(&sa->stats.packets);
		atomic64_add(skb->len, &sa->stats.bytes);
		xlb_esp_count(xlb, XLB_ESP_RX_PACKETS);
	} else if (err == -EBADMSG) {
		xo->status = x->props.mode == XFRM_MODE_TUNNEL ?
			     CRYPTO_TUNNEL_ESP_AUTH_FAILED :
			     CRYPTO_TRANSPORT_ESP_AUTH_FAILED;
		atomic64_inc(&sa->stats.errors);
		xlb_esp_count(xlb, XLB_ESP_RX_AUTH_FAILED);
	} else {
		xo->status = CRYPTO_GENERIC_ERROR;
		atomic64_inc(&sa->stats.errors);
		xlb_esp_count(xlb, XLB_ESP_RX_ERRORS);
	}
	/* The payload changed under any checksum LOWER computed. */
	skb->ip_summed = CHECKSUM_NONE;
	xlb_sa_done(sa, skb, xlb_rx_deliver);
}

static void xlb_rx_work(struct sk_buff *skb)
{
	struct xlb_sa *sa = xlb_rx_cb(skb)->esp.sa;
	struct xfrm_state *x = sa->x;
	bool esn = x->props.flags & XFRM_STATE_ESN;
	unsigned int esp_off = skb_transport_offset(skb);
	u64 seq_hi = xlb_rx_cb(skb)->seq_hi;
	u64 start = local_clock();
	int err;

	err = xlb_esp_crypt(x->data, esn, skb, esp_off, seq_hi << 32, false,
			    xlb_rx_finish);
	/* In progress: @skb and maybe @sa belong to the engine now. */
	if (err == -EINPROGRESS)
		return;
	xlb_sa_charge(sa, local_clock() - start);
	xlb_rx_finish(skb, err);
}

/*
 * Offset of the ESP header after the IP header, or 0 if @skb is not ESP we
 * should decrypt. The IP header is checked and the packet trimmed to its
 * stated length first, as ip_rcv()/ipv6_rcv() will: a short frame's link
 * padding must not end up in the ICV check, and a header the IP layer will
 * reject is left for it to count.
 */
static unsigned int xlb_rx_esp_offset(struct sk_buff *skb,
				      xfrm_address_t **daddr)
{
	unsigned int hlen, len;

	switch (skb->protocol) {
	case htons(ETH_P_IP): {
		const struct iphdr *iph;

		if (!pskb_may_pull(skb, sizeof(*iph)))
			return 0;
		iph = ip_hdr(skb);
		/*
		 * Fragments are reassembled and decrypted by the stack, and
		 * options are left to it: xfrm_input() gets xlb's packets
		 * without the IP layer (xlb_rx_input()).
		 */
		if (iph->version != 4 || iph->ihl != 5 ||
		    iph->protocol != IPPROTO_ESP || ip_is_fragment(iph))
			return 0;
		hlen = sizeof(*iph);
		if (ip_fast_csum((const u8 *)iph, iph->ihl))
			return 0;
		len = ntohs(iph->tot_len);
		break;
	}
	case htons(ETH_P_IPV6):
		if (!pskb_may_pull(skb, sizeof(struct ipv6hdr)) ||
		    ipv6_hdr(skb)->nexthdr != IPPROTO_ESP)
			return 0;
		hlen = sizeof(struct ipv6hdr);
		/* 0 is a jumbogram's: left to the stack. */
		len = ntohs(ipv6_hdr(skb)->payload_len);
		if (!len)
			return 0;
		len += hlen;
		break;
	default:
		return 0;
	}
	if (len < hlen + sizeof(struct ip_esp_hdr) || len > skb->len ||
	    pskb_trim_rcsum(skb, len) ||
	    !pskb_may_pull(skb, hlen + sizeof(struct ip_esp_hdr)))
		return 0;
	if (skb->protocol == htons(ETH_P_IP))
		*daddr = (xfrm_address_t *)&ip_hdr(skb)->daddr;
	else
		*daddr = (xfrm_address_t *)&ipv6_hdr(skb)->daddr;
	return hlen;
}

/* Whether the ESP payload has a length the SA's cipher can decrypt. */
static bool xlb_rx_esp_len_ok(struct xfrm_state *x, struct sk_buff *skb,
			      unsigned int esp_off)
{
	struct crypto_aead *aead = x->data;
	int len = skb->len - esp_off - sizeof(struct ip_esp_hdr) -
		  crypto_aead_ivsize(aead) - crypto_aead_authsize(aead);
	int blksize = ALIGN(crypto_aead_blocksize(aead), 4);

	return len > 0 && !(len % blksize);
}

/*
 * Called from the rx_handler with skb->dev already xlb0, and again for a
 * packet larval.c held (@held). Returns true if the packet is now xlb's.
 */
bool xlb_rx_esp(struct xlb_dev *xlb, struct sk_buff *skb, bool held)
{
	struct ip_esp_hdr *esph;
	xfrm_address_t *daddr;
	struct xfrm_state *x;
	unsigned int esp_off;
	struct xlb_sa *sa;
	u32 seq_hi;
	int err;

	if (skb->pkt_type != PACKET_HOST)
		return false;
	esp_off = xlb_rx_esp_offset(skb, &daddr);
	if (!esp_off)
		return false;

	esph = (struct ip_esp_hdr *)(skb->data + esp_off);
	x = xfrm_state_lookup(dev_net(xlb->dev), skb->mark, daddr, esph->spi,
			      IPPROTO_ESP,
			      skb->protocol == htons(ETH_P_IP) ? AF_INET : AF_INET6);
	if (!x)
		return false;
	if (unlikely(xlb_larval_state(x))) {
		bool ours = xlb_larval_hold(xlb, skb, x, held);

		xfrm_state_put(x);
		return ours;
	}
	if (unlikely(!held && xlb_larval_awaits(&xlb->larval, esph->spi)))
		xlb_larval_release(xlb);
	if (x->xso.dev != xlb->dev || x->xso.dir != XFRM_DEV_OFFLOAD_IN ||
	    !xlb_rx_esp_len_ok(x, skb, esp_off))
		goto software;
	sa = xlb_sa_get(x);
	if (!sa)
		goto software;
	err = xlb_replay_admit(x, skb, esph->seq_no, &seq_hi);
	if (err) {
		xlb_esp_count(xlb, err == -ETIME ? XLB_ESP_RX_DROPPED :
			      XLB_ESP_RX_REPLAYED);
		goto drop;
	}

	/*
	 * The sender's socket stays on a packet that crossed a veth: it is
	 * nothing of ours, and nothing of the socket the decrypted packet
	 * is for. ip_rcv() drops it; xfrm_input() gets the packet without
	 * ip_rcv() (xlb_rx_input()).
	 */
	skb_orphan(skb);
	skb_set_transport_header(skb, esp_off);
	xlb_rx_cb(skb)->esp.sa = sa;
	xlb_rx_cb(skb)->seq_hi = seq_hi;
	err = xlb_sa_queue(sa, skb, xlb_rx_work);
	if (!err)
		return true;
	if (err != -ENOBUFS) {
		/*
		 * In line behind the queued ones, decrypted here, in order:
		 * by choice (-EXDEV: every CPU busy, inline_busy) or as a
		 * fallback (the worker's queue full or parked).
		 */
		xlb_sa_count_inline(sa, xlb, err, XLB_ESP_RX_BUSY_INLINE,
				    XLB_ESP_RX_INLINE);
		xlb_rx_work(skb);
		return true;
	}
	if (x->props.flags & XFRM_STATE_ESN) {
		/*
		 * Decrypted in software now, it would overtake the queued
		 * ones and move the window under them: with ESN, under the
		 * guess they were decrypted under (replay.c). Dropped instead,
		 * as a NIC drops what its queues cannot take.
		 */
		atomic64_inc(&sa->stats.drops);
		xlb_esp_count(xlb, XLB_ESP_RX_DROPPED);
		goto drop;
	}
	atomic64_inc(&sa->stats.fallbacks);
	xlb_esp_count(xlb, XLB_ESP_RX_SOFTWARE);
	xlb_sa_put(sa);
software:
	xfrm_state_put(x);
	return false;

drop:
	xlb_sa_put(sa);
	xfrm_state_put(x);
	kfree_skb(skb);
	return true;
}
