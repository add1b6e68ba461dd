// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the arithmetic of the load metric: shares in thousandths,
 * the moving averages and how the parts combine. The sampler, which reads
 * the kernel's real per-CPU accounting, is left to the selftests.
 */

#include <kunit/test.h>
#include <linux/limits.h>

#include "load.h"

static void load_test_share(struct kunit *test)
{
	/* Rounded to the nearest thousandth, halves up. */
	KUNIT_EXPECT_EQ(test, xlb_share(1, 3), 333);
	KUNIT_EXPECT_EQ(test, xlb_share(2, 3), 667);
	KUNIT_EXPECT_EQ(test, xlb_share(1, 2000), 1);
	KUNIT_EXPECT_EQ(test, xlb_share(1, 2001), 0);
	KUNIT_EXPECT_EQ(test, xlb_share(50, 100), 500);
	KUNIT_EXPECT_EQ(test, xlb_share(7, 7), XLB_LOAD_ONE);
	/* Nothing to be a share of: no load rather than a division by 0. */
	KUNIT_EXPECT_EQ(test, xlb_share(0, 0), 0);
	KUNIT_EXPECT_EQ(test, xlb_share(12345, 0), 0);
	/* More than the whole is not capped here (callers cap at ONE)... */
	KUNIT_EXPECT_EQ(test, xlb_share(3, 2), 1500);
	/* ...but it never wraps in the u32 result. */
	KUNIT_EXPECT_EQ(test, xlb_share(U32_MAX, 1), U32_MAX);
	KUNIT_EXPECT_EQ(test, xlb_share(1ULL << 40, 3), U32_MAX);
}

static void load_test_ewma_weight_100(struct kunit *test)
{
	/* The newest sample weighs everything: the average is the sample. */
	KUNIT_EXPECT_EQ(test, xlb_ewma(0, 777, 100), 777);
	KUNIT_EXPECT_EQ(test, xlb_ewma(1000, 0, 100), 0);
	KUNIT_EXPECT_EQ(test, xlb_ewma(123, 456, 100), 456);
	KUNIT_EXPECT_EQ(test, xlb_ewma64(5, 10000000000ULL, 100),
			10000000000ULL);
}

static void load_test_ewma_weight_40(struct kunit *test)
{
	/* A step from 0 to 1000: 40% of the remaining distance each time. */
	static const u32 rise[] = { 400, 640, 784, 870, 922, 953, 972 };
	u32 avg = 0;
	int i;

	for (i = 0; i < ARRAY_SIZE(rise); i++) {
		avg = xlb_ewma(avg, 1000, 40);
		KUNIT_EXPECT_EQ_MSG(test, avg, rise[i], "step %d", i);
	}
	KUNIT_EXPECT_EQ(test, xlb_ewma(1000, 0, 40), 600);
	KUNIT_EXPECT_EQ(test, xlb_ewma(600, 0, 40), 360);
	/* 0.6 * 300 + 0.4 * 501 = 380.4 and 0.6 * 301 + 0.4 * 500 = 380.6. */
	KUNIT_EXPECT_EQ(test, xlb_ewma(300, 501, 40), 380);
	KUNIT_EXPECT_EQ(test, xlb_ewma(301, 500, 40), 381);
	/* Packet and byte rates use the 64-bit one; no overflow there. */
	KUNIT_EXPECT_EQ(test, xlb_ewma64(0, 10000000000ULL, 40), 4000000000ULL);
	KUNIT_EXPECT_EQ(test, xlb_ewma64(10000000000ULL, 0, 40), 6000000000ULL);
}

/*
 * Steps averages of weight @weight_pct from @from towards a constant @to;
 * expects them to move towards it without overshooting, and to reach it
 * within @steps.
 */
static void load_test_converge(struct kunit *test, u32 from, u32 to,
			       unsigned int weight_pct, unsigned int steps)
{
	u32 avg = from, next;
	unsigned int i;

	for (i = 0; i < steps && avg != to; i++) {
		next = xlb_ewma(avg, to, weight_pct);
		if (next == avg)
			break;
		KUNIT_ASSERT_TRUE(test, to > from ? next > avg && next <= to :
					next < avg && next >= to);
		avg = next;
	}
	KUNIT_EXPECT_EQ_MSG(test, avg, to, "%u -> %u at weight %u%%: stuck",
			    from, to, weight_pct);
}

/*
 * A constant input is reached exactly, however small the weight: a worker
 * that went idle must read 0 (not a residue), and an SA without traffic
 * must cost 0, which is what keeps idle SAs from being moved.
 */
static void load_test_ewma_converges(struct kunit *test)
{
	load_test_converge(test, 0, 1000, 40, 100);
	load_test_converge(test, 1000, 0, 40, 100);
	load_test_converge(test, 123, 124, 40, 100);
	/* The smallest weight the parameter accepts: the slowest average. */
	load_test_converge(test, 0, 1000, 1, 2000);
	load_test_converge(test, 1000, 0, 1, 2000);
	/* A constant input that is already the average stays put. */
	KUNIT_EXPECT_EQ(test, xlb_ewma(500, 500, 40), 500);
	KUNIT_EXPECT_EQ(test, xlb_ewma(0, 0, 1), 0);
}

static void load_test_other_share(struct kunit *test)
{
	/* CPU busy 600 of 1000 ns, 200 of them the worker's: 400 other. */
	KUNIT_EXPECT_EQ(test, xlb_other_share(600, 200, 1000), 400);
	/* Tick-based CPU time can come out below the worker's own: none. */
	KUNIT_EXPECT_EQ(test, xlb_other_share(200, 200, 1000), 0);
	KUNIT_EXPECT_EQ(test, xlb_other_share(199, 200, 1000), 0);
	KUNIT_EXPECT_EQ(test, xlb_other_share(0, U64_MAX, 1000), 0);
	/* Accounting running ahead of the interval: one CPU at most. */
	KUNIT_EXPECT_EQ(test, xlb_other_share(1500, 0, 1000), XLB_LOAD_ONE);
	KUNIT_EXPECT_EQ(test, xlb_other_share(1000, 0, 1000), XLB_LOAD_ONE);
	KUNIT_EXPECT_EQ(test, xlb_other_share(999, 0, 1000), 999);
	KUNIT_EXPECT_EQ(test, xlb_other_share(500, 0, 0), 0);
}

static void load_test_combine(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, xlb_load_combine(300, 200, 100), 600);
	KUNIT_EXPECT_EQ(test, xlb_load_combine(0, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, xlb_load_combine(500, 499, 1), XLB_LOAD_ONE);
	KUNIT_EXPECT_EQ(test, xlb_load_combine(600, 500, 0), XLB_LOAD_ONE);
	KUNIT_EXPECT_EQ(test, xlb_load_combine(0, 0, 5000), XLB_LOAD_ONE);
	/* The sum is taken wide: three large parts do not wrap to a small one. */
	KUNIT_EXPECT_EQ(test, xlb_load_combine(U32_MAX, U32_MAX, 2),
			XLB_LOAD_ONE);
}

static struct kunit_case load_test_cases[] = {
	KUNIT_CASE(load_test_share),
	KUNIT_CASE(load_test_ewma_weight_100),
	KUNIT_CASE(load_test_ewma_weight_40),
	KUNIT_CASE(load_test_ewma_converges),
	KUNIT_CASE(load_test_other_share),
	KUNIT_CASE(load_test_combine),
	{}
};

static struct kunit_suite load_test_suite = {
	.name = "xlb_load",
	.test_cases = load_test_cases,
};

kunit_test_suite(load_test_suite);
