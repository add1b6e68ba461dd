// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the per-CPU workers: every online CPU has one, it runs
 * queued work on its own CPU with bottom halves off, in queue order (work
 * handed over by xlb_worker_handoff() in line with the rest), and its
 * counters say so, handed work apart.
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/skbuff.h>

#include "worker.h"

#define TEST_PACKETS 200

struct worker_test_ctx {
	struct completion done;
	atomic_t count;
	atomic_t wrong_cpu;
	atomic_t bh_enabled;
	atomic_t out_of_order;
	unsigned int cpu;
	int next;
};

struct worker_test_item {
	struct worker_test_ctx *ctx;
	int seq;
};

static void worker_test_fn(struct sk_buff *skb)
{
	struct worker_test_item *item = (struct worker_test_item *)skb->data;
	struct worker_test_ctx *ctx = item->ctx;

	if (smp_processor_id() != ctx->cpu)
		atomic_inc(&ctx->wrong_cpu);
	if (!in_softirq())
		atomic_inc(&ctx->bh_enabled);
	/* Only this CPU's worker touches ctx->next. */
	if (item->seq != ctx->next)
		atomic_inc(&ctx->out_of_order);
	ctx->next = item->seq + 1;
	kfree_skb(skb);
	if (atomic_inc_return(&ctx->count) == TEST_PACKETS)
		complete(&ctx->done);
}

static void worker_test_runs_in_order_on_its_cpu(struct kunit *test)
{
	struct worker_test_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	struct xlb_worker_stats before, after;
	unsigned long until;
	unsigned int cpu;
	int i, queued, handed;

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	cpus_read_lock();
	for_each_online_cpu(cpu) {
		init_completion(&ctx->done);
		atomic_set(&ctx->count, 0);
		ctx->cpu = cpu;
		ctx->next = 0;
		xlb_worker_stats(cpu, &before);

		for (i = 0, queued = 0, handed = 0; i < TEST_PACKETS; i++) {
			bool handoff = i % 3 == 2;
			struct worker_test_item *item;
			struct sk_buff *skb;
			int err;

			skb = alloc_skb(sizeof(*item), GFP_KERNEL);
			KUNIT_ASSERT_NOT_NULL(test, skb);
			item = skb_put(skb, sizeof(*item));
			item->ctx = ctx;
			item->seq = i;
			/* The queue may be full for a moment: wait for the worker. */
			until = jiffies + 10 * HZ;
			while ((err = handoff ?
				      xlb_worker_handoff(cpu, skb, worker_test_fn) :
				      xlb_worker_queue(cpu, skb, worker_test_fn)) == -ENOSPC &&
			       time_before(jiffies, until))
				cond_resched();
			KUNIT_ASSERT_EQ(test, err, 0);
			queued++;
			handed += handoff;
		}
		KUNIT_ASSERT_NE_MSG(test, wait_for_completion_timeout(&ctx->done, 10 * HZ),
				    0, "worker on CPU %u did not finish", cpu);
		xlb_worker_stats(cpu, &after);
		KUNIT_EXPECT_EQ(test, after.pushed - before.pushed, queued);
		KUNIT_EXPECT_EQ(test, after.processed - before.processed,
				queued - handed);
		KUNIT_EXPECT_EQ(test, after.handed - before.handed, handed);
		KUNIT_EXPECT_EQ(test, after.depth, 0);
	}
	cpus_read_unlock();

	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->wrong_cpu), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->bh_enabled), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->out_of_order), 0);
}

static struct kunit_case worker_test_cases[] = {
	KUNIT_CASE(worker_test_runs_in_order_on_its_cpu),
	{}
};

static struct kunit_suite worker_test_suite = {
	.name = "xlb_worker",
	.test_cases = worker_test_cases,
};

kunit_test_suite(worker_test_suite);
