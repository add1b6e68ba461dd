// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for an outbound SA's lifetime counters (lifetime.c): a TCP
 * GSO packet offloaded whole adds its further segments and their headers,
 * as software ESP would count them; one whose segments would reach a
 * packet or byte limit, or that comes when the count stands at a limit not
 * yet fired, is refused (left to software ESP) and adds nothing.
 */

#include <kunit/test.h>
#include <linux/tcp.h>
#include <net/xfrm.h>

#include "xlb.h"

/* IPv4 header and a TCP header with timestamps, as a Linux sender makes. */
#define LIFETIME_TEST_IPHLEN 20
#define LIFETIME_TEST_THLEN 32
#define LIFETIME_TEST_MSS 1448

static struct xfrm_state *lifetime_test_state(struct kunit *test, u8 mode)
{
	struct xfrm_state *x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, x);
	spin_lock_init(&x->lock);
	x->props.mode = mode;
	x->lft.soft_byte_limit = XFRM_INF;
	x->lft.hard_byte_limit = XFRM_INF;
	x->lft.soft_packet_limit = XFRM_INF;
	x->lft.hard_packet_limit = XFRM_INF;
	return x;
}

/* A TCP/IPv4 GSO packet of @segs full segments, data at the IP header. */
static struct sk_buff *lifetime_test_gso(struct kunit *test, unsigned int segs)
{
	unsigned int hlen = LIFETIME_TEST_IPHLEN + LIFETIME_TEST_THLEN;
	struct sk_buff *skb = alloc_skb(hlen, GFP_KERNEL);
	struct tcphdr *th;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put_zero(skb, hlen);
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, LIFETIME_TEST_IPHLEN);
	th = tcp_hdr(skb);
	th->doff = LIFETIME_TEST_THLEN / 4;
	/* The payload's length only: no page needs to hold it. */
	skb->len += segs * LIFETIME_TEST_MSS;
	skb->data_len = segs * LIFETIME_TEST_MSS;
	skb_shinfo(skb)->gso_size = LIFETIME_TEST_MSS;
	skb_shinfo(skb)->gso_segs = segs;
	skb_shinfo(skb)->gso_type = SKB_GSO_TCPV4;
	return skb;
}

static void lifetime_test_free(struct sk_buff *skb)
{
	skb->len -= skb->data_len;
	skb->data_len = 0;
	kfree_skb(skb);
}

/* Tunnel mode: each further segment repeats the IP and TCP headers. */
static void lifetime_test_tunnel_counts(struct kunit *test)
{
	struct xfrm_state *x = lifetime_test_state(test, XFRM_MODE_TUNNEL);
	struct sk_buff *skb = lifetime_test_gso(test, 10);

	x->curlft.packets = 5;
	x->curlft.bytes = 5000;
	KUNIT_EXPECT_TRUE(test, xlb_lifetime_count_gso(skb, x));
	KUNIT_EXPECT_EQ(test, x->curlft.packets, 5 + 9);
	KUNIT_EXPECT_EQ(test, x->curlft.bytes,
			5000 + 9 * (LIFETIME_TEST_IPHLEN + LIFETIME_TEST_THLEN));
	lifetime_test_free(skb);
}

/* Transport mode: xfrm counts from the transport header. */
static void lifetime_test_transport_counts(struct kunit *test)
{
	struct xfrm_state *x = lifetime_test_state(test, XFRM_MODE_TRANSPORT);
	struct sk_buff *skb = lifetime_test_gso(test, 4);

	KUNIT_EXPECT_TRUE(test, xlb_lifetime_count_gso(skb, x));
	KUNIT_EXPECT_EQ(test, x->curlft.packets, 3);
	KUNIT_EXPECT_EQ(test, x->curlft.bytes, 3 * LIFETIME_TEST_THLEN);
	lifetime_test_free(skb);
}

/* Not GSO, one segment, or segmented by xfrm itself: nothing to add. */
static void lifetime_test_untouched(struct kunit *test)
{
	struct xfrm_state *x = lifetime_test_state(test, XFRM_MODE_TUNNEL);
	struct sk_buff *skb = lifetime_test_gso(test, 1);

	KUNIT_EXPECT_TRUE(test, xlb_lifetime_count_gso(skb, x));
	skb_shinfo(skb)->gso_segs = 8;
	skb->inner_protocol = htons(ETH_P_TEB);
	KUNIT_EXPECT_TRUE(test, xlb_lifetime_count_gso(skb, x));
	skb->inner_protocol = 0;
	skb_shinfo(skb)->gso_size = 0;
	KUNIT_EXPECT_TRUE(test, xlb_lifetime_count_gso(skb, x));
	KUNIT_EXPECT_EQ(test, x->curlft.packets, 0);
	KUNIT_EXPECT_EQ(test, x->curlft.bytes, 0);
	lifetime_test_free(skb);
}

struct lifetime_test_limit {
	const char *name;
	u64 packets;		/* count before the packet */
	unsigned int segs;
	u64 soft, hard;		/* packet limits */
	bool ok;
};

static const struct lifetime_test_limit lifetime_test_limits[] = {
	/* xfrm checks 395 + 4 = 399 < 400, counts the first: 400. */
	{ "last segment reaches the soft limit", 395, 5, 400, XFRM_INF, true },
	{ "a segment would see the soft limit", 396, 5, 400, XFRM_INF, false },
	/* At 400 xfrm fires on the next check: at 400, not 400 + 4. */
	{ "count at the soft limit, not fired", 400, 5, 400, XFRM_INF, false },
	{ "soft limit fired before", 401, 5, 400, XFRM_INF, true },
	{ "a segment would be over the hard limit", 896, 5, 400, 900, false },
	{ "hard limit reached: the stack drops it", 900, 5, 400, 900, false },
	{ "far from both", 100, 44, 400, 900, true },
};

static void lifetime_test_limit_desc(const struct lifetime_test_limit *l,
				     char *desc)
{
	strscpy(desc, l->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(lifetime_test_limit, lifetime_test_limits,
		  lifetime_test_limit_desc);

static void lifetime_test_packet_limits(struct kunit *test)
{
	const struct lifetime_test_limit *l = test->param_value;
	struct xfrm_state *x = lifetime_test_state(test, XFRM_MODE_TUNNEL);
	struct sk_buff *skb = lifetime_test_gso(test, l->segs);

	x->lft.soft_packet_limit = l->soft;
	x->lft.hard_packet_limit = l->hard;
	x->curlft.packets = l->packets;
	KUNIT_EXPECT_EQ(test, xlb_lifetime_count_gso(skb, x), l->ok);
	/* Refused: software ESP counts each segment itself. */
	KUNIT_EXPECT_EQ(test, x->curlft.packets,
			l->packets + (l->ok ? l->segs - 1 : 0));
	lifetime_test_free(skb);
}

/* The whole packet's bytes reaching a byte limit refuse it. */
static void lifetime_test_byte_limit(struct kunit *test)
{
	struct xfrm_state *x = lifetime_test_state(test, XFRM_MODE_TUNNEL);
	struct sk_buff *skb = lifetime_test_gso(test, 4);
	u64 whole = skb->len + 3 * (LIFETIME_TEST_IPHLEN + LIFETIME_TEST_THLEN);

	x->lft.soft_byte_limit = 100000;
	x->curlft.bytes = 100000 - whole - 1;
	KUNIT_EXPECT_TRUE(test, xlb_lifetime_count_gso(skb, x));
	x->curlft.bytes = 100000 - whole;
	KUNIT_EXPECT_FALSE(test, xlb_lifetime_count_gso(skb, x));
	KUNIT_EXPECT_EQ(test, x->curlft.bytes, 100000 - whole);
	lifetime_test_free(skb);
}

static struct kunit_case lifetime_test_cases[] = {
	KUNIT_CASE(lifetime_test_tunnel_counts),
	KUNIT_CASE(lifetime_test_transport_counts),
	KUNIT_CASE(lifetime_test_untouched),
	KUNIT_CASE_PARAM(lifetime_test_packet_limits,
			 lifetime_test_limit_gen_params),
	KUNIT_CASE(lifetime_test_byte_limit),
	{}
};

static struct kunit_suite lifetime_test_suite = {
	.name = "xlb_lifetime",
	.test_cases = lifetime_test_cases,
};

kunit_test_suite(lifetime_test_suite);
