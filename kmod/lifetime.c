// SPDX-License-Identifier: GPL-2.0
/*
 * An outbound SA's lifetime counters, in wire packets.
 *
 * xfrm_output_one() adds one packet and skb->len bytes to x->curlft per
 * packet it is given. A GSO packet offloaded to us whole is given once, but
 * leaves as gso_segs ESP packets, each with its own copy of the headers;
 * the peer counts every one, and so does software ESP, which segments
 * first. Without help our SAs would count a fraction of their packets, and
 * packet limits (`limit packet-soft/hard`) would fire many times too late.
 *
 * So for each GSO packet xdo_dev_offload_ok() sees, the segments after the
 * first and their headers are counted here, before xfrm_output_one() checks
 * the limits and counts the first. A GSO packet that would cross a soft or
 * hard limit is refused instead: xfrm_output() then segments it and runs
 * software ESP on each segment, so the limit fires at the very packet it
 * names, as it does without offload.
 */

#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/xfrm.h>

#include "xlb.h"

/*
 * Bytes xfrm_output_one() counts again in each further segment: in tunnel
 * mode the inner network and transport headers, in transport mode the
 * transport header (the IP header is not counted there: it is moved out
 * of the way before counting).
 */
static unsigned int xlb_gso_header_len(const struct sk_buff *skb,
				       const struct xfrm_state *x)
{
	unsigned int gso_type = skb_shinfo(skb)->gso_type;
	unsigned int thlen = 0;

	if (gso_type & (SKB_GSO_TCPV4 | SKB_GSO_TCPV6))
		thlen = tcp_hdrlen(skb);
	else if (gso_type & SKB_GSO_UDP_L4)
		thlen = sizeof(struct udphdr);
	if (x->props.mode == XFRM_MODE_TUNNEL)
		thlen += skb_transport_offset(skb);
	return thlen;
}

/*
 * Whether adding @add before xfrm checks @limit would change where it
 * fires. At @now == @limit the limit has not fired yet (xfrm fires it when
 * it checks the next packet): adding first would fire it at a count past
 * the limit, and count segments of a packet the stack then drops.
 */
static bool xlb_crosses(u64 now, u64 add, u64 limit)
{
	return now <= limit && now + add >= limit;
}

/*
 * Whether @skb may be offloaded as far as @x's lifetime goes; counts its
 * segments after the first if so. Returns true for anything but a GSO
 * packet the stack will hand to us whole.
 */
bool xlb_lifetime_count_gso(struct sk_buff *skb, struct xfrm_state *x)
{
	const struct xfrm_lifetime_cfg *lft = &x->lft;
	unsigned int segs = skb_shinfo(skb)->gso_segs;
	u64 packets, bytes;
	bool ok = true;

	/* xfrm_output() segments these itself, and counts each segment. */
	if (!skb_is_gso(skb) || segs < 2 ||
	    (skb->inner_protocol && x->props.mode == XFRM_MODE_TUNNEL))
		return true;

	packets = segs - 1;
	bytes = (u64)packets * xlb_gso_header_len(skb, x);

	spin_lock_bh(&x->lock);
	/*
	 * xfrm_output_one() checks the limits before it counts the first
	 * segment: the packet limit must not be reached by the others, or
	 * software ESP would have stopped or fired inside this packet. For
	 * bytes, where a segment's share is not known here, reaching the
	 * limit with the whole packet is enough to refuse it.
	 */
	if (xlb_crosses(x->curlft.packets, packets, lft->soft_packet_limit) ||
	    xlb_crosses(x->curlft.packets, packets, lft->hard_packet_limit) ||
	    xlb_crosses(x->curlft.bytes, bytes + skb->len, lft->soft_byte_limit) ||
	    xlb_crosses(x->curlft.bytes, bytes + skb->len, lft->hard_byte_limit)) {
		ok = false;
	} else {
		x->curlft.packets += packets;
		x->curlft.bytes += bytes;
	}
	spin_unlock_bh(&x->lock);
	return ok;
}
