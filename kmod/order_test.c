// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the per-SA order stage: packets leave in the order they
 * entered whatever order they finish in (ESP sequence numbers play no
 * part), the stage is bounded, a lost head is skipped after the timeout and
 * released late, a stage drains once its SA stops sending, two CPUs
 * finishing packets at once still release each one once, in order, and a
 * release run stops at its budget and is continued.
 *
 * A packet's id is its skb->mark. The release function records the id and
 * frees the packet, as the real ones hand it on.
 */

#include <kunit/test.h>
#include <linux/bottom_half.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/minmax.h>
#include <linux/skbuff.h>
#include <linux/string.h>

#include "order.h"

/* Packets in the concurrency case, and room in the records. */
#define ORDER_TEST_MAX 4096
#define ORDER_TEST_PERM 16
#define ORDER_TEST_SMALL 4
#define ORDER_TEST_DRAIN 32
#define ORDER_TEST_TIMEOUT 10
/* How far a finishing thread may run ahead of the releases. */
#define ORDER_TEST_WINDOW 8

struct order_test_ctx {
	struct xlb_order o;
	/* Ids in the order they entered, and in the order they were released. */
	u32 entered[ORDER_TEST_MAX];
	unsigned int nentered;
	u32 ids[ORDER_TEST_MAX];
	unsigned int released;
	/* Guards ids and released: releases run on any CPU. */
	spinlock_t lock;
	/* Releases that ran with bottom halves enabled. */
	atomic_t bh_on;
	/* For order_test_release_finishing(). */
	struct sk_buff *hook;
	unsigned int hook_released;
	bool hook_late;
};

/* skb->cb as the data path lays it out: the worker's and order's part first. */
struct order_test_cb {
	struct xlb_work_cb work;
	struct order_test_ctx *ctx;
};

static struct order_test_cb *order_test_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct order_test_cb) > sizeof(skb->cb));
	return (struct order_test_cb *)skb->cb;
}

static void order_test_release(struct sk_buff *skb)
{
	struct order_test_ctx *ctx = order_test_cb(skb)->ctx;
	u32 id = skb->mark;

	/* Released packets go on into the stack, which wants BH off. */
	if (!in_softirq())
		atomic_inc(&ctx->bh_on);
	/*
	 * Noted only after it is handed on (freed): a second releaser
	 * running meanwhile on another CPU would show as out of order.
	 */
	kfree_skb(skb);
	spin_lock_bh(&ctx->lock);
	if (ctx->released < ORDER_TEST_MAX)
		ctx->ids[ctx->released] = id;
	WRITE_ONCE(ctx->released, ctx->released + 1);
	spin_unlock_bh(&ctx->lock);
}

/* Releases @skb after finishing ctx->hook, as another CPU might meanwhile. */
static void order_test_release_finishing(struct sk_buff *skb)
{
	struct order_test_ctx *ctx = order_test_cb(skb)->ctx;

	ctx->hook_late = xlb_order_done(&ctx->o, ctx->hook, order_test_release) &
			 XLB_ORDER_WAS_LATE;
	ctx->hook_released = ctx->released;
	order_test_release(skb);
}

/* Packet @id, not yet in the stage. */
static struct sk_buff *order_test_skb(struct kunit *test,
				      struct order_test_ctx *ctx, u32 id)
{
	struct sk_buff *skb = alloc_skb(0, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb->mark = id;
	order_test_cb(skb)->ctx = ctx;
	return skb;
}

static void order_test_enter_skb(struct kunit *test,
				 struct order_test_ctx *ctx,
				 struct sk_buff *skb, unsigned int max_depth)
{
	int err = xlb_order_enter(&ctx->o, skb, max_depth);

	if (err)
		kfree_skb(skb);
	KUNIT_ASSERT_EQ(test, err, 0);
	ctx->entered[ctx->nentered++] = skb->mark;
}

static struct sk_buff *order_test_enter(struct kunit *test,
					struct order_test_ctx *ctx, u32 id,
					unsigned int max_depth)
{
	struct sk_buff *skb = order_test_skb(test, ctx, id);

	order_test_enter_skb(test, ctx, skb, max_depth);
	return skb;
}

/* Finishes @skb as a worker does, with bottom halves off. */
static bool order_test_done(struct order_test_ctx *ctx, struct sk_buff *skb)
{
	bool late;

	local_bh_disable();
	late = xlb_order_done(&ctx->o, skb, order_test_release) & XLB_ORDER_WAS_LATE;
	local_bh_enable();
	return late;
}

/* Expects exactly @n releases so far: the first @n packets that entered. */
static void order_test_expect_released(struct kunit *test,
				       struct order_test_ctx *ctx,
				       unsigned int n)
{
	unsigned int i;

	KUNIT_EXPECT_EQ(test, ctx->released, n);
	for (i = 0; i < min(n, ctx->released); i++) {
		if (ctx->ids[i] != ctx->entered[i]) {
			KUNIT_FAIL(test, "release %u is id 0x%x, entry %u was 0x%x",
				   i, ctx->ids[i], i, ctx->entered[i]);
			return;
		}
	}
}

/*
 * Enters packets @ids in that order and finishes them in the order @perm
 * gives (indices into @ids). After each, exactly the packets before the
 * first unfinished one must have been released: none held back, none early.
 */
static void order_test_run(struct kunit *test, struct order_test_ctx *ctx,
			   const u32 *ids, const u8 *perm, unsigned int n)
{
	struct sk_buff *skbs[ORDER_TEST_PERM];
	bool done[ORDER_TEST_PERM] = {};
	unsigned int i, head = 0;

	KUNIT_ASSERT_LE(test, n, ORDER_TEST_PERM);
	for (i = 0; i < n; i++)
		skbs[i] = order_test_enter(test, ctx, ids[i], ORDER_TEST_MAX);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_FALSE(test, order_test_done(ctx, skbs[perm[i]]));
		done[perm[i]] = true;
		while (head < n && done[head])
			head++;
		order_test_expect_released(test, ctx, head);
		KUNIT_EXPECT_EQ(test, xlb_order_depth(&ctx->o), n - head);
	}
}

struct order_test_perm {
	const char *name;
	u8 perm[ORDER_TEST_PERM];
};

static const struct order_test_perm order_test_perms[] = {
	{ "in order", { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 } },
	{ "reverse", { 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 } },
	{ "scrambled", { 3, 8, 13, 2, 7, 12, 1, 6, 11, 0, 5, 10, 15, 4, 9, 14 } },
};

static void order_test_perm_desc(const struct order_test_perm *p, char *desc)
{
	strscpy(desc, p->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(order_test_perm, order_test_perms, order_test_perm_desc);

static void order_test_entry_order(struct kunit *test)
{
	const struct order_test_perm *p = test->param_value;
	u32 ids[ORDER_TEST_PERM];
	unsigned int i;

	for (i = 0; i < ORDER_TEST_PERM; i++)
		ids[i] = i;
	order_test_run(test, test->priv, ids, p->perm, ORDER_TEST_PERM);
}

static void order_test_seq_wrap(struct kunit *test)
{
	/* ESP sequence numbers (low 32 bits) across a wrap, as sent. */
	static const u32 seq[] = { 0xfffffffe, 0xffffffff, 0, 1 };
	/* 0 and 1 finish first: a stage ordering by number would send them. */
	static const u8 perm[] = { 1, 3, 2, 0 };

	order_test_run(test, test->priv, seq, perm, ARRAY_SIZE(seq));
}

static void order_test_bounded(struct kunit *test)
{
	struct order_test_ctx *ctx = test->priv;
	struct sk_buff *skbs[ORDER_TEST_SMALL + 2], *extra;
	int i;

	for (i = 0; i < ORDER_TEST_SMALL; i++)
		skbs[i] = order_test_enter(test, ctx, i, ORDER_TEST_SMALL);
	extra = order_test_skb(test, ctx, ORDER_TEST_SMALL);
	/* On failure the stage holds it: the exit frees it from there. */
	KUNIT_ASSERT_EQ(test, xlb_order_enter(&ctx->o, extra, ORDER_TEST_SMALL),
			-ENOBUFS);
	/* Refused: not linked, not marked, still only the caller's. */
	KUNIT_EXPECT_NULL(test, extra->next);
	KUNIT_EXPECT_EQ(test, xlb_work_cb(extra)->order, XLB_ORDER_NONE);
	KUNIT_EXPECT_EQ(test, refcount_read(&extra->users), 1);
	KUNIT_EXPECT_EQ(test, xlb_order_depth(&ctx->o), ORDER_TEST_SMALL);

	/* A finished packet waiting for its turn still holds its place. */
	KUNIT_EXPECT_FALSE(test, order_test_done(ctx, skbs[1]));
	KUNIT_ASSERT_EQ(test, xlb_order_enter(&ctx->o, extra, ORDER_TEST_SMALL),
			-ENOBUFS);

	/* Two released make room for two more, the refused one first. */
	KUNIT_EXPECT_FALSE(test, order_test_done(ctx, skbs[0]));
	order_test_expect_released(test, ctx, 2);
	KUNIT_EXPECT_EQ(test, xlb_order_depth(&ctx->o), 2);
	skbs[ORDER_TEST_SMALL] = extra;
	order_test_enter_skb(test, ctx, extra, ORDER_TEST_SMALL);
	skbs[ORDER_TEST_SMALL + 1] = order_test_enter(test, ctx,
						      ORDER_TEST_SMALL + 1,
						      ORDER_TEST_SMALL);
	extra = order_test_skb(test, ctx, ORDER_TEST_SMALL + 2);
	KUNIT_ASSERT_EQ(test, xlb_order_enter(&ctx->o, extra, ORDER_TEST_SMALL),
			-ENOBUFS);
	kfree_skb(extra);

	for (i = ORDER_TEST_SMALL + 1; i >= 2; i--)
		KUNIT_EXPECT_FALSE(test, order_test_done(ctx, skbs[i]));
	order_test_expect_released(test, ctx, ORDER_TEST_SMALL + 2);
	KUNIT_EXPECT_EQ(test, xlb_order_depth(&ctx->o), 0);
}

static void order_test_timeout(struct kunit *test)
{
	const unsigned long timeout = ORDER_TEST_TIMEOUT;
	struct order_test_ctx *ctx = test->priv;
	struct xlb_order *o = &ctx->o;
	unsigned long before = jiffies;
	struct sk_buff *skbs[5];
	int i;

	for (i = 0; i < 3; i++)
		skbs[i] = order_test_enter(test, ctx, i, ORDER_TEST_MAX);

	/* Nothing finished behind the head: its wait holds nobody up. */
	KUNIT_EXPECT_EQ(test, xlb_order_expire(o, jiffies + 100 * timeout,
					       timeout), 0);
	KUNIT_EXPECT_EQ(test, xlb_order_depth(o), 3);

	KUNIT_EXPECT_FALSE(test, order_test_done(ctx, skbs[1]));
	KUNIT_EXPECT_FALSE(test, order_test_done(ctx, skbs[2]));
	/* Head since @before at the earliest: not more than the timeout yet. */
	KUNIT_EXPECT_EQ(test, xlb_order_expire(o, before + timeout, timeout), 0);
	order_test_expect_released(test, ctx, 0);

	/* Past it: packet 0 loses its place and 1 and 2 go. */
	KUNIT_EXPECT_EQ(test, xlb_order_expire(o, jiffies + timeout + 1,
					       timeout), 1);
	KUNIT_EXPECT_EQ(test, ctx->released, 2);
	KUNIT_EXPECT_EQ(test, ctx->ids[0], 1);
	KUNIT_EXPECT_EQ(test, ctx->ids[1], 2);
	KUNIT_EXPECT_EQ(test, xlb_order_depth(o), 0);
	/* The balancer expires from process context; releases need BH off. */
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->bh_on), 0);

	/* Finished at last: late, and released at once. */
	KUNIT_EXPECT_TRUE(test, order_test_done(ctx, skbs[0]));
	KUNIT_EXPECT_EQ(test, ctx->released, 3);
	KUNIT_EXPECT_EQ(test, ctx->ids[2], 0);

	/* The next head gets a whole timeout of its own. */
	before = jiffies;
	skbs[3] = order_test_enter(test, ctx, 3, ORDER_TEST_MAX);
	skbs[4] = order_test_enter(test, ctx, 4, ORDER_TEST_MAX);
	KUNIT_EXPECT_FALSE(test, order_test_done(ctx, skbs[4]));
	KUNIT_EXPECT_EQ(test, xlb_order_expire(o, before + timeout, timeout), 0);
	KUNIT_EXPECT_EQ(test, ctx->released, 3);
	KUNIT_EXPECT_EQ(test, xlb_order_expire(o, jiffies + timeout + 1,
					       timeout), 1);
	KUNIT_EXPECT_EQ(test, ctx->released, 4);
	KUNIT_EXPECT_EQ(test, ctx->ids[3], 4);
	KUNIT_EXPECT_TRUE(test, order_test_done(ctx, skbs[3]));
	KUNIT_EXPECT_EQ(test, ctx->released, 5);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->bh_on), 0);
}

static void order_test_drain(struct kunit *test)
{
	struct order_test_ctx *ctx = test->priv;
	struct sk_buff *skbs[ORDER_TEST_DRAIN];
	int i;

	/*
	 * While the SA sends, each packet finishes two entries after its
	 * own, except every fourth one (1, 5, 9, ...), which is slow.
	 */
	for (i = 0; i < ORDER_TEST_DRAIN; i++) {
		skbs[i] = order_test_enter(test, ctx, i, ORDER_TEST_MAX);
		if (i >= 2 && (i - 2) % 4 != 1)
			KUNIT_EXPECT_FALSE(test, order_test_done(ctx, skbs[i - 2]));
	}
	/* Then it stops sending (deleted, say): only packet 0 has gone. */
	order_test_expect_released(test, ctx, 1);
	KUNIT_EXPECT_EQ(test, xlb_order_depth(&ctx->o), ORDER_TEST_DRAIN - 1);

	KUNIT_EXPECT_FALSE(test, order_test_done(ctx, skbs[ORDER_TEST_DRAIN - 1]));
	KUNIT_EXPECT_FALSE(test, order_test_done(ctx, skbs[ORDER_TEST_DRAIN - 2]));
	order_test_expect_released(test, ctx, 1);
	/* Each slow one lets the three finished behind it go with it. */
	for (i = 1; i < ORDER_TEST_DRAIN; i += 4) {
		KUNIT_EXPECT_FALSE(test, order_test_done(ctx, skbs[i]));
		order_test_expect_released(test, ctx, min(i + 4, ORDER_TEST_DRAIN));
	}
	/* Empty, which is what freeing a deleted SA waits for. */
	KUNIT_EXPECT_EQ(test, xlb_order_depth(&ctx->o), 0);
	KUNIT_EXPECT_EQ(test, xlb_order_expire(&ctx->o,
					       jiffies + 100 * ORDER_TEST_TIMEOUT,
					       ORDER_TEST_TIMEOUT), 0);
	KUNIT_EXPECT_EQ(test, ctx->released, ORDER_TEST_DRAIN);
}

/*
 * A packet finishes while another CPU releases (here: from within a release
 * function, which runs with the stage unlocked). It must leave the release
 * to that CPU, or it would overtake the packets being released.
 */
static void order_test_done_while_releasing(struct kunit *test)
{
	struct order_test_ctx *ctx = test->priv;
	struct sk_buff *skbs[3];
	bool late;
	int i;

	for (i = 0; i < 3; i++)
		skbs[i] = order_test_enter(test, ctx, i, ORDER_TEST_MAX);
	KUNIT_EXPECT_FALSE(test, order_test_done(ctx, skbs[1]));
	ctx->hook = skbs[2];
	local_bh_disable();
	late = xlb_order_done(&ctx->o, skbs[0], order_test_release_finishing) &
	       XLB_ORDER_WAS_LATE;
	local_bh_enable();
	KUNIT_EXPECT_FALSE(test, late);
	KUNIT_EXPECT_FALSE(test, ctx->hook_late);
	/* Packet 2, finished while 0 and 1 were on their way, waited... */
	KUNIT_EXPECT_EQ(test, ctx->hook_released, 0);
	/* ...and went after them, with the same releaser. */
	order_test_expect_released(test, ctx, 3);
	KUNIT_EXPECT_EQ(test, xlb_order_depth(&ctx->o), 0);
}

/* Continues a release as the SA's work item does, with bottom halves off. */
static unsigned int order_test_continue(struct order_test_ctx *ctx)
{
	unsigned int ret;

	local_bh_disable();
	ret = xlb_order_continue(&ctx->o);
	local_bh_enable();
	return ret;
}

/*
 * A release run hands on XLB_ORDER_BUDGET packets at most, and says when
 * more are ready; each continuation hands on the next budget's worth, in
 * order, until none is left.
 */
static void order_test_budget(struct kunit *test)
{
	const unsigned int n = 3 * XLB_ORDER_BUDGET + 5;
	struct order_test_ctx *ctx = test->priv;
	struct sk_buff **skbs = kunit_kcalloc(test, n, sizeof(*skbs), GFP_KERNEL);
	unsigned int i, ret;

	KUNIT_ASSERT_NOT_NULL(test, skbs);
	for (i = 0; i < n; i++)
		skbs[i] = order_test_enter(test, ctx, i, ORDER_TEST_MAX);
	/* All but the head finish: nothing may go yet. */
	for (i = 1; i < n; i++)
		KUNIT_EXPECT_FALSE(test, order_test_done(ctx, skbs[i]));
	order_test_expect_released(test, ctx, 0);

	local_bh_disable();
	ret = xlb_order_done(&ctx->o, skbs[0], order_test_release);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, ret, XLB_ORDER_MORE);
	order_test_expect_released(test, ctx, XLB_ORDER_BUDGET);
	KUNIT_EXPECT_EQ(test, order_test_continue(ctx), XLB_ORDER_MORE);
	order_test_expect_released(test, ctx, 2 * XLB_ORDER_BUDGET);
	KUNIT_EXPECT_EQ(test, order_test_continue(ctx), XLB_ORDER_MORE);
	order_test_expect_released(test, ctx, 3 * XLB_ORDER_BUDGET);
	/* The last 5: under budget, nothing more to do. */
	KUNIT_EXPECT_EQ(test, order_test_continue(ctx), 0);
	order_test_expect_released(test, ctx, n);
	KUNIT_EXPECT_EQ(test, xlb_order_depth(&ctx->o), 0);
	KUNIT_EXPECT_EQ(test, order_test_continue(ctx), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->bh_on), 0);
}

/* A skipped head lets at most a budget's worth go; the rest continues. */
static void order_test_budget_expire(struct kunit *test)
{
	const unsigned int n = XLB_ORDER_BUDGET + 3;
	struct order_test_ctx *ctx = test->priv;
	struct sk_buff **skbs = kunit_kcalloc(test, n, sizeof(*skbs), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, skbs);
	for (i = 0; i < n; i++)
		skbs[i] = order_test_enter(test, ctx, i, ORDER_TEST_MAX);
	for (i = 1; i < n; i++)
		KUNIT_EXPECT_FALSE(test, order_test_done(ctx, skbs[i]));
	KUNIT_EXPECT_EQ(test, xlb_order_expire(&ctx->o,
					       jiffies + ORDER_TEST_TIMEOUT + 1,
					       ORDER_TEST_TIMEOUT),
			XLB_ORDER_HEAD_SKIPPED | XLB_ORDER_MORE);
	KUNIT_EXPECT_EQ(test, ctx->released, XLB_ORDER_BUDGET);
	KUNIT_EXPECT_EQ(test, order_test_continue(ctx), 0);
	KUNIT_EXPECT_EQ(test, ctx->released, n - 1);
	for (i = 0; i < n - 1; i++)
		KUNIT_EXPECT_EQ(test, ctx->ids[i], i + 1);
	/* The skipped head, late, goes at once. */
	KUNIT_EXPECT_TRUE(test, order_test_done(ctx, skbs[0]));
	KUNIT_EXPECT_EQ(test, ctx->released, n);
	KUNIT_EXPECT_EQ(test, xlb_order_depth(&ctx->o), 0);
}

struct order_test_thread {
	struct order_test_ctx *ctx;
	struct sk_buff **skbs;
	struct completion *go;
	struct completion done;
	unsigned int first;
	/* No release for 10 s while it waited: it finished the rest unpaced. */
	bool stalled;
};

/* Finishes every other packet from @first on, like one worker of two. */
static int order_test_thread_fn(void *arg)
{
	struct order_test_thread *t = arg;
	unsigned int i, released, seen = 0;
	unsigned long until;

	wait_for_completion(t->go);
	until = jiffies + 10 * HZ;
	for (i = t->first; i < ORDER_TEST_MAX; i += 2) {
		/*
		 * Neither runs far ahead, so each in turn finishes the head
		 * and releases. Sleeping, not spinning: an emulator that runs
		 * one virtual CPU at a time switches when one idles.
		 */
		while (!t->stalled) {
			released = READ_ONCE(t->ctx->released);
			if (released + ORDER_TEST_WINDOW >= i)
				break;
			if (released != seen) {
				seen = released;
				until = jiffies + 10 * HZ;
			}
			usleep_range(10, 20);
			t->stalled = time_after(jiffies, until);
		}
		order_test_done(t->ctx, t->skbs[i]);
	}
	kthread_complete_and_exit(&t->done, 0);
}

/*
 * An SA sprayed over two workers: packets finish on two CPUs at once,
 * interleaved, and either CPU may find itself releasing the other's.
 */
static void order_test_two_cpus(struct kunit *test)
{
	struct order_test_ctx *ctx = test->priv;
	struct task_struct *task[2];
	struct order_test_thread *t;
	struct completion go;
	struct sk_buff **skbs;
	unsigned int cpu, i;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two online CPUs");
	t = kunit_kcalloc(test, 2, sizeof(*t), GFP_KERNEL);
	skbs = kunit_kcalloc(test, ORDER_TEST_MAX, sizeof(*skbs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_NOT_NULL(test, skbs);
	for (i = 0; i < ORDER_TEST_MAX; i++)
		skbs[i] = order_test_enter(test, ctx, i, ORDER_TEST_MAX);

	init_completion(&go);
	cpus_read_lock();
	cpu = cpumask_first(cpu_online_mask);
	for (i = 0; i < 2; i++) {
		t[i].ctx = ctx;
		t[i].skbs = skbs;
		t[i].go = &go;
		t[i].first = i;
		init_completion(&t[i].done);
		task[i] = kthread_create(order_test_thread_fn, &t[i],
					 "xlb_order_test/%u", cpu);
		if (IS_ERR(task[i])) {
			/* A thread never woken exits without running. */
			if (i)
				kthread_stop(task[0]);
			cpus_read_unlock();
			KUNIT_FAIL(test, "kthread_create: %ld", PTR_ERR(task[i]));
			return;
		}
		kthread_bind(task[i], cpu);
		cpu = cpumask_next(cpu, cpu_online_mask);
	}
	for (i = 0; i < 2; i++)
		wake_up_process(task[i]);
	cpus_read_unlock();
	/* Both start at once, so their packets finish interleaved. */
	complete_all(&go);
	for (i = 0; i < 2; i++) {
		wait_for_completion(&t[i].done);
		KUNIT_EXPECT_FALSE_MSG(test, t[i].stalled,
				       "thread %u: no release for 10 s (%u released)",
				       i, READ_ONCE(ctx->released));
	}

	/* In entry order, and as many as entered: each exactly once. */
	order_test_expect_released(test, ctx, ORDER_TEST_MAX);
	KUNIT_EXPECT_EQ(test, xlb_order_depth(&ctx->o), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->bh_on), 0);
}

static int order_test_init(struct kunit *test)
{
	struct order_test_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	xlb_order_init(&ctx->o);
	spin_lock_init(&ctx->lock);
	test->priv = ctx;
	return 0;
}

static void order_test_exit(struct kunit *test)
{
	struct order_test_ctx *ctx = test->priv;

	/* Frees what a failed case left in line. */
	if (ctx)
		__skb_queue_purge(&ctx->o.pending);
}

static struct kunit_case order_test_cases[] = {
	KUNIT_CASE_PARAM(order_test_entry_order, order_test_perm_gen_params),
	KUNIT_CASE(order_test_seq_wrap),
	KUNIT_CASE(order_test_bounded),
	KUNIT_CASE(order_test_timeout),
	KUNIT_CASE(order_test_drain),
	KUNIT_CASE(order_test_done_while_releasing),
	KUNIT_CASE(order_test_two_cpus),
	KUNIT_CASE(order_test_budget),
	KUNIT_CASE(order_test_budget_expire),
	{}
};

static struct kunit_suite order_test_suite = {
	.name = "xlb_order",
	.init = order_test_init,
	.exit = order_test_exit,
	.test_cases = order_test_cases,
};

kunit_test_suite(order_test_suite);
