// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the placement and rebalancing decisions of balance.c on
 * synthetic loads and costs: the three placement policies, the hotspot
 * plan (which SA moves where, and which never do), an oscillating load
 * run through the plan interval after interval, and spray hysteresis.
 */

#include <kunit/test.h>
#include <linux/bits.h>

#include "balance.h"

#define BAL_TEST_HOTSPOT 850

static void balance_test_place_hash(struct kunit *test)
{
	/* Worker 0 is full and serves most SAs: hash does not care. */
	const struct xlb_bal_worker w[] = {
		{ .load = XLB_LOAD_ONE, .sas = 50 }, { .load = 0 }, { .load = 0 },
	};
	static const struct {
		u32 hash;
		unsigned int worker;
	} cases[] = {
		{ 0, 0 }, { 4, 1 }, { 8, 2 }, { 0x12345678, 0 }, { 0xfffffffe, 2 },
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		KUNIT_EXPECT_EQ_MSG(test, xlb_bal_place(XLB_POLICY_HASH, w, 3,
							cases[i].hash, -1, 0),
				    cases[i].worker, "hash 0x%x", cases[i].hash);
	/* A rekey changes nothing either. */
	KUNIT_EXPECT_EQ(test, xlb_bal_place(XLB_POLICY_HASH, w, 3, 4, 0, 900), 1);
	KUNIT_EXPECT_EQ(test, xlb_bal_place(XLB_POLICY_HASH, w, 1, 0xfffffffe,
					    -1, 0), 0);
}

/* Expects @w[@expect] for a new SA without a rekey, by load. */
static void balance_test_expect_by_load(struct kunit *test,
					const struct xlb_bal_worker *w,
					unsigned int n, unsigned int expect)
{
	/* Without a rekey to predict, adaptive places as least-loaded does. */
	KUNIT_EXPECT_EQ(test, xlb_bal_place(XLB_POLICY_LEAST_LOADED, w, n, 1,
					    -1, 0), expect);
	KUNIT_EXPECT_EQ(test, xlb_bal_place(XLB_POLICY_ADAPTIVE, w, n, 1, -1, 0),
			expect);
}

static void balance_test_place_least_loaded(struct kunit *test)
{
	/* The lowest load wins, wherever it is and however many SAs it has. */
	const struct xlb_bal_worker a[] = {
		{ .load = 900 }, { .load = 600 }, { .load = 300, .sas = 9 },
		{ .load = 950 },
	};
	const struct xlb_bal_worker b[] = {
		{ .load = 100, .sas = 9 }, { .load = 800 }, { .load = 900 },
	};
	const struct xlb_bal_worker c[] = {
		{ .load = 800 }, { .load = 900 }, { .load = 100, .sas = 9 },
	};

	balance_test_expect_by_load(test, a, ARRAY_SIZE(a), 2);
	balance_test_expect_by_load(test, b, ARRAY_SIZE(b), 0);
	balance_test_expect_by_load(test, c, ARRAY_SIZE(c), 2);
}

static void balance_test_place_tie(struct kunit *test)
{
	/* Within XLB_BAL_TIE of the lowest, fewer SAs wins; 900 is no tie. */
	const struct xlb_bal_worker tie[] = {
		{ .load = 400, .sas = 5 }, { .load = 400 + XLB_BAL_TIE - 1, .sas = 2 },
		{ .load = 900, .sas = 0 },
	};
	/* A whole XLB_BAL_TIE apart is a real difference: the load decides. */
	const struct xlb_bal_worker apart[] = {
		{ .load = 400, .sas = 5 }, { .load = 400 + XLB_BAL_TIE, .sas = 2 },
	};
	/* Nothing tells them apart: the first. */
	const struct xlb_bal_worker same[] = {
		{ .load = 300, .sas = 1 }, { .load = 300, .sas = 1 },
	};

	balance_test_expect_by_load(test, tie, ARRAY_SIZE(tie), 1);
	balance_test_expect_by_load(test, apart, ARRAY_SIZE(apart), 0);
	balance_test_expect_by_load(test, same, ARRAY_SIZE(same), 0);
}

static void balance_test_place_adaptive_rekey(struct kunit *test)
{
	const struct xlb_bal_worker w[] = {
		{ .load = 900, .sas = 3 }, { .load = 400, .sas = 3 },
	};
	/* The averages lag: the old SA may cost more than its worker shows. */
	const struct xlb_bal_worker lag[] = {
		{ .load = 100, .sas = 1 }, { .load = 50, .sas = 1 },
	};

	/*
	 * The SA replaced on worker 0 takes 800 with it: 100 predicted
	 * against 400, so the new one goes where the old one was.
	 */
	KUNIT_EXPECT_EQ(test, xlb_bal_place(XLB_POLICY_ADAPTIVE, w, 2, 0, 0, 800), 0);
	/* Least-loaded looks only at the loads now. */
	KUNIT_EXPECT_EQ(test, xlb_bal_place(XLB_POLICY_LEAST_LOADED, w, 2, 0, 0, 800), 1);
	/* No rekey, or a replaced SA that costs nothing: no prediction. */
	KUNIT_EXPECT_EQ(test, xlb_bal_place(XLB_POLICY_ADAPTIVE, w, 2, 0, -1, 800), 1);
	KUNIT_EXPECT_EQ(test, xlb_bal_place(XLB_POLICY_ADAPTIVE, w, 2, 0, 0, 0), 1);
	/* Replaced on worker 1: that one only gets better. */
	KUNIT_EXPECT_EQ(test, xlb_bal_place(XLB_POLICY_ADAPTIVE, w, 2, 0, 1, 400), 1);
	/* An idle worker, not one wrapped around to a huge load: 0 ties 50. */
	KUNIT_EXPECT_EQ(test, xlb_bal_place(XLB_POLICY_ADAPTIVE, lag, 2, 0, 0, 500), 0);
}

static void balance_test_plan_no_hotspot(struct kunit *test)
{
	/* At the threshold is not above it. */
	struct xlb_bal_worker w[] = { { .load = BAL_TEST_HOTSPOT }, { .load = 100 } };
	const struct xlb_bal_sa sa[] = {
		{ .worker = 0, .cost = 300, .movable = true },
		{ .worker = 1, .cost = 50, .movable = true },
	};
	struct xlb_bal_move moves[4];

	KUNIT_EXPECT_EQ(test, xlb_bal_plan(w, 2, sa, 2, BAL_TEST_HOTSPOT, 4, moves), 0);
	KUNIT_EXPECT_EQ(test, w[0].load, BAL_TEST_HOTSPOT);
	KUNIT_EXPECT_EQ(test, w[1].load, 100);
}

static void balance_test_plan_heaviest_first(struct kunit *test)
{
	struct xlb_bal_worker w[] = { { .load = XLB_LOAD_ONE }, { .load = 0 } };
	const struct xlb_bal_sa sa[] = {
		{ .worker = 0, .cost = 100, .movable = true },
		{ .worker = 0, .cost = 300, .movable = true },
		{ .worker = 0, .cost = 200, .movable = true },
	};
	struct xlb_bal_move moves[4];

	KUNIT_ASSERT_EQ(test, xlb_bal_plan(w, 2, sa, 3, BAL_TEST_HOTSPOT, 1, moves), 1);
	KUNIT_EXPECT_EQ(test, moves[0].sa, 1);
	KUNIT_EXPECT_EQ(test, moves[0].to, 1);
	/* The loads are as if the move were done. */
	KUNIT_EXPECT_EQ(test, w[0].load, 700);
	KUNIT_EXPECT_EQ(test, w[1].load, 300);
}

static void balance_test_plan_heaviest_with_target(struct kunit *test)
{
	struct xlb_bal_worker w[] = { { .load = 950 }, { .load = 500 } };
	/* 500 would leave worker 1 at 1000, above where worker 0 was. */
	const struct xlb_bal_sa sa[] = {
		{ .worker = 0, .cost = 100, .movable = true },
		{ .worker = 0, .cost = 500, .movable = true },
		{ .worker = 0, .cost = 200, .movable = true },
		{ .worker = 0, .cost = 150, .movable = true },
	};
	struct xlb_bal_move moves[4];

	/* One move clears the hotspot: no more, though four are allowed. */
	KUNIT_ASSERT_EQ(test, xlb_bal_plan(w, 2, sa, 4, BAL_TEST_HOTSPOT, 4, moves), 1);
	KUNIT_EXPECT_EQ(test, moves[0].sa, 2);
	KUNIT_EXPECT_EQ(test, moves[0].to, 1);
	KUNIT_EXPECT_EQ(test, w[0].load, 750);
	KUNIT_EXPECT_EQ(test, w[1].load, 700);
}

static void balance_test_plan_hottest_first(struct kunit *test)
{
	/*
	 * Three hotspots: worker 1 is the hottest, worker 2 next but it can
	 * shed nothing (pinned), which must not keep worker 0 from shedding.
	 */
	static const u32 loads[] = { 900, XLB_LOAD_ONE, 960, 0 };
	const struct xlb_bal_sa sa[] = {
		{ .worker = 2, .cost = 300, .movable = false },
		{ .worker = 0, .cost = 200, .movable = true },
		{ .worker = 1, .cost = 200, .movable = true },
	};
	struct xlb_bal_move moves[4];
	struct xlb_bal_worker w[4] = {};
	int i;

	for (i = 0; i < 4; i++)
		w[i].load = loads[i];
	KUNIT_ASSERT_EQ(test, xlb_bal_plan(w, 4, sa, 3, BAL_TEST_HOTSPOT, 1, moves), 1);
	KUNIT_EXPECT_EQ(test, moves[0].sa, 2);
	KUNIT_EXPECT_EQ(test, moves[0].to, 3);

	for (i = 0; i < 4; i++)
		w[i].load = loads[i];
	KUNIT_ASSERT_EQ(test, xlb_bal_plan(w, 4, sa, 3, BAL_TEST_HOTSPOT, 4, moves), 2);
	KUNIT_EXPECT_EQ(test, moves[0].sa, 2);
	KUNIT_EXPECT_EQ(test, moves[1].sa, 1);
	KUNIT_EXPECT_EQ(test, moves[1].to, 3);
	KUNIT_EXPECT_EQ(test, w[0].load, 700);
	KUNIT_EXPECT_EQ(test, w[1].load, 800);
	KUNIT_EXPECT_EQ(test, w[2].load, 960);
	KUNIT_EXPECT_EQ(test, w[3].load, 400);
}

static void balance_test_plan_pinned_and_idle_stay(struct kunit *test)
{
	struct xlb_bal_worker w[] = { { .load = XLB_LOAD_ONE }, { .load = 0 } };
	/* Sprayed or cooling down (not movable), and SAs without traffic. */
	const struct xlb_bal_sa sa[] = {
		{ .worker = 0, .cost = 400, .movable = false },
		{ .worker = 0, .cost = 0, .movable = true },
		{ .worker = 0, .cost = 300, .movable = false },
		{ .worker = 0, .cost = 0, .movable = true },
	};
	struct xlb_bal_move moves[8];

	KUNIT_EXPECT_EQ(test, xlb_bal_plan(w, 2, sa, 4, BAL_TEST_HOTSPOT, 8, moves), 0);
	KUNIT_EXPECT_EQ(test, w[0].load, XLB_LOAD_ONE);
	KUNIT_EXPECT_EQ(test, w[1].load, 0);
}

static void balance_test_plan_margin(struct kunit *test)
{
	struct xlb_bal_worker w[] = { { .load = 900 }, { .load = 700 } };
	struct xlb_bal_sa sa = { .worker = 0, .cost = 101, .movable = true };
	struct xlb_bal_move moves[1];

	/* 801 is less than XLB_BAL_MARGIN below 900: it would only swap. */
	KUNIT_EXPECT_EQ(test, xlb_bal_plan(w, 2, &sa, 1, BAL_TEST_HOTSPOT, 1, moves), 0);
	KUNIT_EXPECT_EQ(test, w[0].load, 900);
	KUNIT_EXPECT_EQ(test, w[1].load, 700);

	/* Exactly XLB_BAL_MARGIN below is enough. */
	sa.cost = 100;
	KUNIT_ASSERT_EQ(test, xlb_bal_plan(w, 2, &sa, 1, BAL_TEST_HOTSPOT, 1, moves), 1);
	KUNIT_EXPECT_EQ(test, moves[0].to, 1);
	KUNIT_EXPECT_EQ(test, w[0].load, 800);
	KUNIT_EXPECT_EQ(test, w[1].load, 800);
}

#define BAL_TEST_SMALL_SAS 6

static void balance_test_plan_max_moves(struct kunit *test)
{
	struct xlb_bal_sa sa[BAL_TEST_SMALL_SAS];
	struct xlb_bal_move moves[BAL_TEST_SMALL_SAS];
	static const struct {
		unsigned int max_moves;
		unsigned int expect;
	} cases[] = {
		{ 0, 0 }, { 1, 1 }, { 2, 2 },
		/* 1000 - 5 * 100 is down to the hotspot: the plan stops. */
		{ BAL_TEST_SMALL_SAS, 5 },
	};
	struct xlb_bal_worker w[4];
	unsigned int i, j, got;
	unsigned long seen;

	for (i = 0; i < BAL_TEST_SMALL_SAS; i++)
		sa[i] = (struct xlb_bal_sa){ .worker = 0, .cost = 100, .movable = true };
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		memset(w, 0, sizeof(w));
		w[0].load = XLB_LOAD_ONE;
		got = xlb_bal_plan(w, 4, sa, BAL_TEST_SMALL_SAS, 500,
				   cases[i].max_moves, moves);
		KUNIT_EXPECT_EQ_MSG(test, got, cases[i].expect, "max_moves %u",
				    cases[i].max_moves);
		KUNIT_EXPECT_EQ(test, w[0].load, XLB_LOAD_ONE - 100 * got);
		/* Each move a different SA. */
		seen = 0;
		for (j = 0; j < got && j < BAL_TEST_SMALL_SAS; j++) {
			KUNIT_EXPECT_FALSE(test, seen & BIT(moves[j].sa));
			seen |= BIT(moves[j].sa);
		}
	}
}

static void balance_test_plan_best_fit(struct kunit *test)
{
	/*
	 * After the move: 300, 800, 900 (too close to 950) and 500. The
	 * fullest that stays under the hotspot is worker 2.
	 */
	struct xlb_bal_worker w[] = {
		{ .load = 950 }, { .load = 100 }, { .load = 600 }, { .load = 700 },
		{ .load = 300 },
	};
	/* Nothing stays under a hotspot of 500 with it: no move at all. */
	struct xlb_bal_worker none_fit[] = {
		{ .load = XLB_LOAD_ONE }, { .load = 450 }, { .load = 400 },
		{ .load = 480 },
	};
	const struct xlb_bal_sa sa = { .worker = 0, .cost = 200, .movable = true };
	struct xlb_bal_move moves[1];

	KUNIT_ASSERT_EQ(test, xlb_bal_plan(w, 5, &sa, 1, BAL_TEST_HOTSPOT, 1, moves), 1);
	KUNIT_EXPECT_EQ(test, moves[0].to, 2);
	KUNIT_EXPECT_EQ(test, w[0].load, 750);
	KUNIT_EXPECT_EQ(test, w[2].load, 800);

	KUNIT_EXPECT_EQ(test, xlb_bal_plan(none_fit, 4, &sa, 1, 500, 1, moves), 0);
	KUNIT_EXPECT_EQ(test, none_fit[0].load, XLB_LOAD_ONE);
	KUNIT_EXPECT_EQ(test, none_fit[2].load, 400);
}

/*
 * A container's SAs move only among the workers they may use: the best
 * fit (worker 2) is barred, so the move goes to the next fullest that
 * fits (worker 4); with every fitting worker barred, nothing moves.
 */
static void balance_test_plan_barred(struct kunit *test)
{
	struct xlb_bal_worker w[] = {
		{ .load = 950 }, { .load = 100 }, { .load = 600, .barred = true },
		{ .load = 700 }, { .load = 300 },
	};
	struct xlb_bal_worker all_barred[] = {
		{ .load = 950 }, { .load = 100, .barred = true },
		{ .load = 600, .barred = true },
	};
	const struct xlb_bal_sa sa = { .worker = 0, .cost = 200, .movable = true };
	struct xlb_bal_move moves[1];

	KUNIT_ASSERT_EQ(test, xlb_bal_plan(w, 5, &sa, 1, BAL_TEST_HOTSPOT, 1, moves), 1);
	KUNIT_EXPECT_EQ(test, moves[0].to, 4);
	KUNIT_EXPECT_EQ(test, w[2].load, 600);
	KUNIT_EXPECT_EQ(test, w[4].load, 500);

	KUNIT_EXPECT_EQ(test, xlb_bal_plan(all_barred, 3, &sa, 1, BAL_TEST_HOTSPOT,
					   1, moves), 0);
	KUNIT_EXPECT_EQ(test, all_barred[0].load, 950);
}

#define BAL_TEST_INTERVALS 40
#define BAL_TEST_COOLDOWN 10
#define BAL_TEST_SAS 4
#define BAL_TEST_NEVER (-BAL_TEST_COOLDOWN)

/*
 * Load that xlb cannot move (other threads, softirq) alternates between
 * two workers every interval, the worst case for ping-pong. Each interval
 * does what xlb_sa_rebalance() does: loads from the SAs where they are now,
 * movable only after a cooldown, one move at most. No SA may move again
 * within its cooldown, so the total stays bounded however long it runs.
 */
static void balance_test_plan_oscillation(struct kunit *test)
{
	struct xlb_bal_sa sa[BAL_TEST_SAS];
	struct xlb_bal_move moves[1];
	int moved_at[BAL_TEST_SAS];
	unsigned int i, k, n, total = 0;
	int t;

	for (i = 0; i < BAL_TEST_SAS; i++) {
		sa[i] = (struct xlb_bal_sa){ .worker = i % 2, .cost = 150 };
		moved_at[i] = BAL_TEST_NEVER;
	}
	for (t = 0; t < BAL_TEST_INTERVALS; t++) {
		struct xlb_bal_worker w[2] = {};

		w[t % 2].load = 700;
		for (i = 0; i < BAL_TEST_SAS; i++) {
			w[sa[i].worker].load += sa[i].cost;
			sa[i].movable = t - moved_at[i] >= BAL_TEST_COOLDOWN;
		}
		n = xlb_bal_plan(w, 2, sa, BAL_TEST_SAS, BAL_TEST_HOTSPOT, 1, moves);
		KUNIT_ASSERT_LE(test, n, 1);
		for (k = 0; k < n; k++) {
			i = moves[k].sa;
			KUNIT_ASSERT_LT(test, i, BAL_TEST_SAS);
			KUNIT_EXPECT_GE_MSG(test, t - moved_at[i], BAL_TEST_COOLDOWN,
					    "SA %u moved again at interval %d", i, t);
			KUNIT_EXPECT_NE(test, moves[k].to, sa[i].worker);
			sa[i].worker = moves[k].to;
			moved_at[i] = t;
			total++;
		}
	}
	/* The hotspots are real, so SAs do move... */
	KUNIT_EXPECT_GT(test, total, 0);
	/* ...but each at most once per cooldown. */
	KUNIT_EXPECT_LE(test, total,
			BAL_TEST_SAS * BAL_TEST_INTERVALS / BAL_TEST_COOLDOWN);
}

/*
 * The damping sa.c applies between one SA's moves: a move soon after the
 * one before doubles the wait before the next, up to 2^XLB_BAL_MAX_STREAK
 * cooldowns; staying put long enough forgives. An SA the plan would move
 * whenever it may moves 10, 10, 20, 40, ... intervals apart, then every
 * 640, instead of every 10.
 */
static void balance_test_damping(struct kunit *test)
{
	unsigned long tick, moved = 0;
	unsigned int streak = 0, moves = 0, gap = 0;

	/* Never moved: free once one cooldown has passed since the start. */
	KUNIT_EXPECT_FALSE(test, xlb_bal_cooled(9, 0, 10, 0));
	KUNIT_EXPECT_TRUE(test, xlb_bal_cooled(10, 0, 10, 0));
	KUNIT_EXPECT_EQ(test, xlb_bal_streak(10, 0, 10, 0), 0);
	/* A streak of k waits 2^k cooldowns. */
	KUNIT_EXPECT_FALSE(test, xlb_bal_cooled(119, 100, 10, 1));
	KUNIT_EXPECT_TRUE(test, xlb_bal_cooled(120, 100, 10, 1));
	KUNIT_EXPECT_FALSE(test, xlb_bal_cooled(139, 100, 10, 2));
	KUNIT_EXPECT_TRUE(test, xlb_bal_cooled(140, 100, 10, 2));
	/* Within four of its cooldowns the streak grows, after them it ends. */
	KUNIT_EXPECT_EQ(test, xlb_bal_streak(139, 100, 10, 0), 1);
	KUNIT_EXPECT_EQ(test, xlb_bal_streak(140, 100, 10, 0), 0);
	KUNIT_EXPECT_EQ(test, xlb_bal_streak(179, 100, 10, 1), 2);
	KUNIT_EXPECT_EQ(test, xlb_bal_streak(150, 100, 10, XLB_BAL_MAX_STREAK),
			XLB_BAL_MAX_STREAK);

	for (tick = 1; tick <= 5000; tick++) {
		if (!xlb_bal_cooled(tick, moved, 10, streak))
			continue;
		if (moves) {
			KUNIT_EXPECT_GE_MSG(test, tick - moved, (unsigned long)gap,
					    "move %u came sooner than the last", moves);
			gap = tick - moved;
		}
		streak = xlb_bal_streak(tick, moved, 10, streak);
		moved = tick;
		moves++;
	}
	KUNIT_EXPECT_EQ(test, gap, 10U << XLB_BAL_MAX_STREAK);
	/* At 10, 20, 40, ..., 640, then every 640 up to 4480. */
	KUNIT_EXPECT_EQ(test, moves, 13);
}

static void balance_test_spray(struct kunit *test)
{
	static const struct {
		bool sprayed;
		u32 cost;
		u32 share;
		bool expect;
	} cases[] = {
		/* Starts only above the share... */
		{ false, 700, 700, false },
		{ false, 701, 700, true },
		/* ...and between half and the share stays as it was... */
		{ false, 600, 700, false },
		{ true, 600, 700, true },
		{ true, 350, 700, true },
		/* ...until below half. */
		{ true, 349, 700, false },
		/* A share of 0 means never, sprayed or not. */
		{ false, 5000, 0, false },
		{ true, 5000, 0, false },
	};
	/* One SA's cost over time, share 700. */
	static const u32 costs[] = { 600, 750, 600, 400, 349, 600, 701 };
	static const bool sprayed[] = { false, true, true, true, false, false, true };
	bool state = false;
	int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		KUNIT_EXPECT_EQ_MSG(test, xlb_bal_spray(cases[i].sprayed, cases[i].cost,
							cases[i].share),
				    cases[i].expect, "case %d", i);
	for (i = 0; i < ARRAY_SIZE(costs); i++) {
		state = xlb_bal_spray(state, costs[i], 700);
		KUNIT_EXPECT_EQ_MSG(test, state, sprayed[i], "interval %d", i);
	}
}

static struct kunit_case balance_test_cases[] = {
	KUNIT_CASE(balance_test_place_hash),
	KUNIT_CASE(balance_test_place_least_loaded),
	KUNIT_CASE(balance_test_place_tie),
	KUNIT_CASE(balance_test_place_adaptive_rekey),
	KUNIT_CASE(balance_test_plan_no_hotspot),
	KUNIT_CASE(balance_test_plan_heaviest_first),
	KUNIT_CASE(balance_test_plan_heaviest_with_target),
	KUNIT_CASE(balance_test_plan_hottest_first),
	KUNIT_CASE(balance_test_plan_pinned_and_idle_stay),
	KUNIT_CASE(balance_test_plan_margin),
	KUNIT_CASE(balance_test_plan_max_moves),
	KUNIT_CASE(balance_test_plan_best_fit),
	KUNIT_CASE(balance_test_plan_barred),
	KUNIT_CASE(balance_test_plan_oscillation),
	KUNIT_CASE(balance_test_damping),
	KUNIT_CASE(balance_test_spray),
	{}
};

static struct kunit_suite balance_test_suite = {
	.name = "xlb_balance",
	.test_cases = balance_test_cases,
};

kunit_test_suite(balance_test_suite);
