// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the replay check xlb makes before its crypto: the same
 * answers as xfrm_replay_check() for the three window kinds, at the edges
 * of the window and across the 2^32 wrap of an ESN SA. A packet's bit is
 * set here as xfrm_replay_advance() leaves it: (seq - 1) mod the window
 * size, which is a power of two in these tests.
 */

#include <kunit/test.h>

#include "replay.h"

#define REPLAY_TEST_WINDOW 128

static struct xfrm_state *replay_test_state(struct kunit *test,
					    enum xfrm_replay_mode mode,
					    u32 top, u32 top_hi)
{
	struct xfrm_replay_state_esn *re;
	struct xfrm_state *x;

	x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, x);
	re = kunit_kzalloc(test, sizeof(*re) + REPLAY_TEST_WINDOW / 8,
			   GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, re);
	spin_lock_init(&x->lock);
	/* A refusal is counted in the namespace's xfrm_stat. */
	write_pnet(&x->xs_net, &init_net);
	x->repl_mode = mode;
	if (mode == XFRM_REPLAY_MODE_ESN)
		x->props.flags |= XFRM_STATE_ESN;
	re->replay_window = REPLAY_TEST_WINDOW;
	re->bmp_len = REPLAY_TEST_WINDOW / 32;
	re->seq = top;
	re->seq_hi = top_hi;
	x->replay_esn = re;
	return x;
}

static void replay_test_mark(struct xfrm_state *x, u32 seq)
{
	u32 bit = (seq - 1) % x->replay_esn->replay_window;

	x->replay_esn->bmp[bit / 32] |= 1U << (bit % 32);
}

static void replay_test_legacy(struct kunit *test)
{
	struct xfrm_state *x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, x);
	x->repl_mode = XFRM_REPLAY_MODE_LEGACY;
	x->props.replay_window = 32;
	x->replay.seq = 50;
	x->replay.bitmap = BIT(0) | BIT(5);	/* 50 and 45 seen */
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 51), 0);
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 50), -EEXIST);
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 45), -EEXIST);
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 49), 0);
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 19), 0);
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 18), -ERANGE);
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 0), -EINVAL);
	/* No window: nothing is refused, not even 0. */
	x->props.replay_window = 0;
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 50), 0);
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 0), 0);
}

static void replay_test_bmp(struct kunit *test)
{
	struct xfrm_state *x;

	x = replay_test_state(test, XFRM_REPLAY_MODE_BMP, 1000, 0);
	replay_test_mark(x, 1000);
	replay_test_mark(x, 873);	/* the window's bottom */
	replay_test_mark(x, 950);
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 1001), 0);
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 0xffffffff), 0);
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 1000), -EEXIST);
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 950), -EEXIST);
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 873), -EEXIST);
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 999), 0);
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 874), 0);
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 872), -ERANGE);
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 1), -ERANGE);
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 0), -EINVAL);
}

/* The window within one subspace, high half 7. */
static void replay_test_esn_one_subspace(struct kunit *test)
{
	struct xfrm_state *x;

	x = replay_test_state(test, XFRM_REPLAY_MODE_ESN, 0x80000000, 7);
	replay_test_mark(x, 0x80000000);
	replay_test_mark(x, 0x7fffff90);
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 0x80000001), 0);
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 0x80000000), -EEXIST);
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 0x7fffff90), -EEXIST);
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 0x7fffff81), 0);
	/*
	 * Below the window is the next subspace, not a refusal: the high
	 * half of 0x7fffff80 is guessed 8, and its ICV decides.
	 */
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 0x7fffff80), 0);
	KUNIT_EXPECT_EQ(test, xfrm_replay_seqhi(x, htonl(0x7fffff80)), 8);
	KUNIT_EXPECT_EQ(test, xfrm_replay_seqhi(x, htonl(0x7fffff81)), 7);
	/* 0 is an ordinary number once the high half is not 0. */
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 0), 0);
}

/* The window across the wrap from high half 7 to 8: top 0x20 of 8. */
static void replay_test_esn_across_wrap(struct kunit *test)
{
	struct xfrm_state *x;

	x = replay_test_state(test, XFRM_REPLAY_MODE_ESN, 0x20, 8);
	replay_test_mark(x, 0x20);
	replay_test_mark(x, 0x1);
	replay_test_mark(x, 0xfffffff0);
	replay_test_mark(x, 0xffffffa1);	/* the bottom, of 7 */
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 0x21), 0);
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 0x20), -EEXIST);
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 0x1), -EEXIST);
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 0x0), 0);
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 0xffffffff), 0);
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 0xfffffff0), -EEXIST);
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 0xffffffa1), -EEXIST);
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 0xffffffa2), 0);
	KUNIT_EXPECT_EQ(test, xfrm_replay_seqhi(x, htonl(0xfffffff0)), 7);
	KUNIT_EXPECT_EQ(test, xfrm_replay_seqhi(x, htonl(0x21)), 8);
	/* Between top and bottom: ahead in subspace 8, not refused. */
	KUNIT_EXPECT_EQ(test, xlb_replay_test(x, 0xffffffa0), 0);
	KUNIT_EXPECT_EQ(test, xfrm_replay_seqhi(x, htonl(0xffffffa0)), 8);
}

/*
 * The guess a packet was decrypted under is checked again at release:
 * once the window's bottom has passed it, xfrm_input() would take it for
 * the next subspace, so it is refused and counted.
 */
static void replay_test_same_subspace(struct kunit *test)
{
	struct xfrm_state *x;
	__be32 seq = htonl(0xffffff00);
	u32 hi;

	x = replay_test_state(test, XFRM_REPLAY_MODE_ESN, 0xffffff40, 7);
	hi = xfrm_replay_seqhi(x, seq);
	KUNIT_EXPECT_EQ(test, hi, 7);
	KUNIT_EXPECT_TRUE(test, xlb_replay_same_subspace(x, seq, hi));
	/* Meanwhile the window moved: the packet is its bottom... */
	x->replay_esn->seq = 0xffffff7f;
	KUNIT_EXPECT_TRUE(test, xlb_replay_same_subspace(x, seq, hi));
	KUNIT_EXPECT_EQ(test, x->stats.replay_window, 0);
	/* ...then just below it, and would be taken for subspace 8. */
	x->replay_esn->seq = 0xffffff80;
	KUNIT_EXPECT_EQ(test, xfrm_replay_seqhi(x, seq), 8);
	KUNIT_EXPECT_FALSE(test, xlb_replay_same_subspace(x, seq, hi));
	KUNIT_EXPECT_EQ(test, x->stats.replay_window, 1);
	/* Past the wrap, far ahead in subspace 8: refused all the same. */
	x->replay_esn->seq = 0x10;
	x->replay_esn->seq_hi = 8;
	KUNIT_EXPECT_FALSE(test, xlb_replay_same_subspace(x, seq, hi));
	/* Without ESN there is no guess to compare. */
	x->props.flags &= ~XFRM_STATE_ESN;
	KUNIT_EXPECT_TRUE(test, xlb_replay_same_subspace(x, seq, 1234));
}

static struct kunit_case replay_test_cases[] = {
	KUNIT_CASE(replay_test_legacy),
	KUNIT_CASE(replay_test_bmp),
	KUNIT_CASE(replay_test_esn_one_subspace),
	KUNIT_CASE(replay_test_esn_across_wrap),
	KUNIT_CASE(replay_test_same_subspace),
	{}
};

static struct kunit_suite replay_test_suite = {
	.name = "xlb_replay",
	.test_cases = replay_test_cases,
};

kunit_test_suite(replay_test_suite);
