// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for SA placement: xlb_pick_cpu() on made-up per-CPU counts and
 * candidate masks, and the SA table through xlb_sa_add/replace/delete on
 * stand-in states (only the fields xlb reads are set; nothing reaches xfrm).
 */

#include <kunit/test.h>
#include <linux/cpumask.h>
#include <linux/etherdevice.h>
#include <linux/netdevice.h>

#include "sa.h"

struct sa_test_ctx {
	unsigned int *count;
	cpumask_var_t mask;
};

static int sa_test_init(struct kunit *test)
{
	struct sa_test_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->count = kunit_kcalloc(test, nr_cpu_ids, sizeof(*ctx->count),
				   GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx->count);
	KUNIT_ASSERT_TRUE(test, zalloc_cpumask_var(&ctx->mask, GFP_KERNEL));
	test->priv = ctx;
	return 0;
}

static void sa_test_exit(struct kunit *test)
{
	struct sa_test_ctx *ctx = test->priv;

	if (ctx)
		free_cpumask_var(ctx->mask);
}

static void sa_test_pick_fewest(struct kunit *test)
{
	struct sa_test_ctx *ctx = test->priv;
	unsigned int cpu, mid = nr_cpu_ids / 2;

	cpumask_setall(ctx->mask);
	/* Descending counts: the last CPU has the fewest. */
	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		ctx->count[cpu] = 10 + nr_cpu_ids - cpu;
	KUNIT_EXPECT_EQ(test, xlb_pick_cpu(ctx->count, ctx->mask),
			nr_cpu_ids - 1);
	/* One clear minimum in the middle wins over everything around it. */
	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		ctx->count[cpu] = 5;
	ctx->count[mid] = 1;
	KUNIT_EXPECT_EQ(test, xlb_pick_cpu(ctx->count, ctx->mask), mid);
}

static void sa_test_pick_tie_lowest(struct kunit *test)
{
	struct sa_test_ctx *ctx = test->priv;
	unsigned int cpu;

	if (nr_cpu_ids < 2)
		kunit_skip(test, "needs two CPU ids");
	cpumask_setall(ctx->mask);
	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		ctx->count[cpu] = 3;
	KUNIT_EXPECT_EQ(test, xlb_pick_cpu(ctx->count, ctx->mask), 0);
	/* The lowest candidate, not the lowest CPU overall. */
	cpumask_clear_cpu(0, ctx->mask);
	KUNIT_EXPECT_EQ(test, xlb_pick_cpu(ctx->count, ctx->mask), 1);
	/* A tie between the first and the last candidate: the first. */
	cpumask_setall(ctx->mask);
	ctx->count[1] = 1;
	ctx->count[nr_cpu_ids - 1] = 1;
	KUNIT_EXPECT_EQ(test, xlb_pick_cpu(ctx->count, ctx->mask), 1);
}

static void sa_test_pick_only_candidates(struct kunit *test)
{
	struct sa_test_ctx *ctx = test->priv;
	unsigned int cpu, excluded, got;

	if (nr_cpu_ids < 2)
		kunit_skip(test, "needs two CPU ids");
	/* Each CPU in turn is the emptiest but not a candidate. */
	for (excluded = 0; excluded < nr_cpu_ids; excluded++) {
		for (cpu = 0; cpu < nr_cpu_ids; cpu++)
			ctx->count[cpu] = 4 + cpu;
		ctx->count[excluded] = 0;
		cpumask_setall(ctx->mask);
		cpumask_clear_cpu(excluded, ctx->mask);
		got = xlb_pick_cpu(ctx->count, ctx->mask);
		KUNIT_EXPECT_NE(test, got, excluded);
		KUNIT_EXPECT_LT(test, got, nr_cpu_ids);
		KUNIT_EXPECT_EQ(test, got, excluded ? 0 : 1);
	}
	/* A single candidate is chosen however loaded it is. */
	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		ctx->count[cpu] = 0;
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		cpumask_clear(ctx->mask);
		cpumask_set_cpu(cpu, ctx->mask);
		ctx->count[cpu] = 1000;
		KUNIT_EXPECT_EQ(test, xlb_pick_cpu(ctx->count, ctx->mask), cpu);
		ctx->count[cpu] = 0;
	}
}

static void sa_test_pick_empty(struct kunit *test)
{
	struct sa_test_ctx *ctx = test->priv;

	cpumask_clear(ctx->mask);
	KUNIT_EXPECT_EQ(test, xlb_pick_cpu(ctx->count, ctx->mask), nr_cpu_ids);
}

KUNIT_DEFINE_ACTION_WRAPPER(sa_test_free_netdev, free_netdev,
			    struct net_device *);

#define SA_TEST_PER_CPU 2

/*
 * New SAs spread evenly over the online CPUs; an SA whose CPU goes away
 * moves to another; a deleted SA leaves the count and xlb_sa_get().
 */
static void sa_test_table(struct kunit *test)
{
	unsigned int online = num_online_cpus(), before = xlb_sa_count();
	unsigned int n = SA_TEST_PER_CPU * online, i, cpu, old;
	struct xfrm_state *states;
	struct net_device *dev;
	struct xlb_sa **sas, *got;
	unsigned int *per_cpu;

	dev = alloc_netdev(0, "xlbtest%d", NET_NAME_UNKNOWN, ether_setup);
	KUNIT_ASSERT_NOT_NULL(test, dev);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, sa_test_free_netdev,
							dev), 0);
	states = kunit_kcalloc(test, n, sizeof(*states), GFP_KERNEL);
	sas = kunit_kcalloc(test, n, sizeof(*sas), GFP_KERNEL);
	per_cpu = kunit_kcalloc(test, nr_cpu_ids, sizeof(*per_cpu), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, states);
	KUNIT_ASSERT_NOT_NULL(test, sas);
	KUNIT_ASSERT_NOT_NULL(test, per_cpu);

	cpus_read_lock();
	for (i = 0; i < n; i++) {
		states[i].id.spi = htonl(0x1000 + i);
		states[i].xso.dir = XFRM_DEV_OFFLOAD_OUT;
		states[i].props.family = AF_INET;
		sas[i] = xlb_sa_add(&states[i], dev);
		if (!sas[i])
			break;
		states[i].xso.offload_handle = (unsigned long)sas[i];
		cpu = sas[i]->cpu;
		KUNIT_EXPECT_TRUE(test, cpu_online(cpu));
		if (cpu < nr_cpu_ids)
			per_cpu[cpu]++;
	}
	KUNIT_EXPECT_EQ(test, i, n);
	n = i;
	KUNIT_EXPECT_EQ(test, xlb_sa_count(), before + n);
	/* Only an empty table makes the spread exact. */
	if (!before && n == SA_TEST_PER_CPU * online)
		for_each_online_cpu(cpu)
			KUNIT_EXPECT_EQ_MSG(test, per_cpu[cpu], SA_TEST_PER_CPU,
					    "CPU %u", cpu);

	if (n && online > 1) {
		old = sas[0]->cpu;
		cpu = xlb_sa_replace(sas[0], old);
		KUNIT_EXPECT_NE(test, cpu, old);
		KUNIT_EXPECT_TRUE(test, cpu_online(cpu));
		KUNIT_EXPECT_EQ(test, sas[0]->cpu, cpu);
	}
	cpus_read_unlock();

	for (i = 0; i < n; i++) {
		rcu_read_lock();
		got = xlb_sa_get(&states[i]);
		rcu_read_unlock();
		KUNIT_EXPECT_PTR_EQ(test, got, sas[i]);
		if (got)
			xlb_sa_put(got);
		xlb_sa_delete(sas[i]);
		/* Deleting twice (flush racing delete) must not count twice. */
		xlb_sa_delete(sas[i]);
		rcu_read_lock();
		KUNIT_EXPECT_NULL(test, xlb_sa_get(&states[i]));
		rcu_read_unlock();
	}
	KUNIT_EXPECT_EQ(test, xlb_sa_count(), before);
	/* A dead SA stays where it is. */
	if (n)
		KUNIT_EXPECT_EQ(test, xlb_sa_replace(sas[0], sas[0]->cpu),
				sas[0]->cpu);
	/* The last references drop the device; free_netdev() follows. */
	for (i = 0; i < n; i++)
		xlb_sa_put(sas[i]);
}

static struct kunit_case sa_test_cases[] = {
	KUNIT_CASE(sa_test_pick_fewest),
	KUNIT_CASE(sa_test_pick_tie_lowest),
	KUNIT_CASE(sa_test_pick_only_candidates),
	KUNIT_CASE(sa_test_pick_empty),
	KUNIT_CASE(sa_test_table),
	{}
};

static struct kunit_suite sa_test_suite = {
	.name = "xlb_sa",
	.init = sa_test_init,
	.exit = sa_test_exit,
	.test_cases = sa_test_cases,
};

kunit_test_suite(sa_test_suite);
