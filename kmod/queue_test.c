// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the bounded packet queue: order, bound, full and stopped
 * behaviour, and that nothing is lost or leaked when a queue is drained.
 */

#include <kunit/test.h>
#include <linux/skbuff.h>

#include "queue.h"

#define TEST_CAPACITY 8

/* A packet whose first byte says which one it is. */
static struct sk_buff *test_skb(struct kunit *test, u8 tag)
{
	struct sk_buff *skb = alloc_skb(16, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put_u8(skb, tag);
	return skb;
}

static int queue_test_init(struct kunit *test)
{
	struct xlb_queue *q = kunit_kzalloc(test, sizeof(*q), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, q);
	KUNIT_ASSERT_EQ(test, xlb_queue_init(q, TEST_CAPACITY, GFP_KERNEL), 0);
	xlb_queue_start(q);
	test->priv = q;
	return 0;
}

static void queue_test_exit(struct kunit *test)
{
	/* Frees what a test left queued; kmemleak would see anything lost. */
	xlb_queue_destroy(test->priv);
}

static void queue_test_fifo_order(struct kunit *test)
{
	struct xlb_queue *q = test->priv;
	struct sk_buff *skb;
	int round, i;

	/* Several rounds, so the ring's indices wrap around. */
	for (round = 0; round < 3; round++) {
		for (i = 0; i < TEST_CAPACITY - 1; i++)
			KUNIT_ASSERT_EQ(test, xlb_queue_push(q, test_skb(test, i)), 0);
		for (i = 0; i < TEST_CAPACITY - 1; i++) {
			skb = xlb_queue_pop(q);
			KUNIT_ASSERT_NOT_NULL(test, skb);
			KUNIT_EXPECT_EQ(test, skb->data[0], i);
			kfree_skb(skb);
		}
		KUNIT_EXPECT_TRUE(test, xlb_queue_empty(q));
		KUNIT_EXPECT_NULL(test, xlb_queue_pop(q));
	}
}

static void queue_test_bound(struct kunit *test)
{
	struct xlb_queue *q = test->priv;
	struct sk_buff *extra;
	int i;

	KUNIT_EXPECT_EQ(test, xlb_queue_capacity(q), TEST_CAPACITY);
	for (i = 0; i < TEST_CAPACITY; i++)
		KUNIT_ASSERT_EQ(test, xlb_queue_push(q, test_skb(test, i)), 0);

	/* Full: refused, and the packet is still the caller's to free. */
	extra = test_skb(test, 0xff);
	KUNIT_EXPECT_EQ(test, xlb_queue_push(q, extra), -ENOSPC);
	KUNIT_EXPECT_EQ(test, refcount_read(&extra->users), 1);
	kfree_skb(extra);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&q->pushed), TEST_CAPACITY);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&q->refused), 1);

	/* One out makes room for exactly one more. */
	kfree_skb(xlb_queue_pop(q));
	KUNIT_EXPECT_EQ(test, xlb_queue_push(q, test_skb(test, 0x80)), 0);
	extra = test_skb(test, 0xfe);
	KUNIT_EXPECT_EQ(test, xlb_queue_push(q, extra), -ENOSPC);
	kfree_skb(extra);
}

static void queue_test_full_keeps_order(struct kunit *test)
{
	struct xlb_queue *q = test->priv;
	struct sk_buff *skb, *extra;
	int i;

	for (i = 0; i < TEST_CAPACITY; i++)
		KUNIT_ASSERT_EQ(test, xlb_queue_push(q, test_skb(test, i)), 0);
	extra = test_skb(test, 0xff);
	KUNIT_EXPECT_EQ(test, xlb_queue_push(q, extra), -ENOSPC);
	kfree_skb(extra);

	/* A refused push neither overwrote nor reordered what was queued. */
	for (i = 0; i < TEST_CAPACITY; i++) {
		skb = xlb_queue_pop(q);
		KUNIT_ASSERT_NOT_NULL(test, skb);
		KUNIT_EXPECT_EQ(test, skb->data[0], i);
		kfree_skb(skb);
	}
	KUNIT_EXPECT_NULL(test, xlb_queue_pop(q));
}

static void queue_test_stop_drains(struct kunit *test)
{
	struct xlb_queue *q = test->priv;
	struct sk_buff *skb, *late;
	int i;

	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_EQ(test, xlb_queue_push(q, test_skb(test, i)), 0);
	xlb_queue_stop(q);

	/* Stopped: nothing new gets in, the caller keeps the packet. */
	late = test_skb(test, 0xff);
	KUNIT_EXPECT_EQ(test, xlb_queue_push(q, late), -ESHUTDOWN);
	kfree_skb(late);

	/* What was queued before the stop is still delivered, in order. */
	for (i = 0; i < 3; i++) {
		skb = xlb_queue_pop(q);
		KUNIT_ASSERT_NOT_NULL(test, skb);
		KUNIT_EXPECT_EQ(test, skb->data[0], i);
		kfree_skb(skb);
	}
	KUNIT_EXPECT_TRUE(test, xlb_queue_empty(q));

	/* And a restarted queue takes packets again. */
	xlb_queue_start(q);
	KUNIT_EXPECT_EQ(test, xlb_queue_push(q, test_skb(test, 7)), 0);
}

static void queue_test_destroy_frees_queued(struct kunit *test)
{
	struct xlb_queue *q = test->priv;
	struct sk_buff *skb = test_skb(test, 1);
	int i;

	/* Hold a reference so the test can see destroy drop the queue's one. */
	skb_get(skb);
	KUNIT_ASSERT_EQ(test, xlb_queue_push(q, skb), 0);
	for (i = 0; i < TEST_CAPACITY - 1; i++)
		KUNIT_ASSERT_EQ(test, xlb_queue_push(q, test_skb(test, i)), 0);

	xlb_queue_destroy(q);
	KUNIT_EXPECT_EQ(test, refcount_read(&skb->users), 1);
	kfree_skb(skb);

	/* queue_test_exit destroys again: give it an empty, valid queue. */
	KUNIT_ASSERT_EQ(test, xlb_queue_init(q, TEST_CAPACITY, GFP_KERNEL), 0);
}

static struct kunit_case queue_test_cases[] = {
	KUNIT_CASE(queue_test_fifo_order),
	KUNIT_CASE(queue_test_bound),
	KUNIT_CASE(queue_test_full_keeps_order),
	KUNIT_CASE(queue_test_stop_drains),
	KUNIT_CASE(queue_test_destroy_frees_queued),
	{}
};

static struct kunit_suite queue_test_suite = {
	.name = "xlb_queue",
	.init = queue_test_init,
	.exit = queue_test_exit,
	.test_cases = queue_test_cases,
};

kunit_test_suite(queue_test_suite);
