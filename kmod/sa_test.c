// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the SA table through xlb_sa_add/delete/put on stand-in
 * states (only the fields xlb reads are set; nothing reaches xfrm), and
 * for how xlb_sa_add() applies the placement policy. The policies
 * themselves are tested on synthetic loads in balance_test.c.
 */

#include <kunit/test.h>
#include <linux/cpumask.h>
#include <linux/etherdevice.h>
#include <linux/jhash.h>
#include <linux/netdevice.h>

#include "params.h"
#include "sa.h"

KUNIT_DEFINE_ACTION_WRAPPER(sa_test_free_netdev, free_netdev,
			    struct net_device *);

#define SA_TEST_SAS 16

static void sa_test_restore_policy(void *policy)
{
	WRITE_ONCE(xlb_params.policy, (uintptr_t)policy);
}

/* The @nth online CPU: xlb_sa_add() numbers its workers this way. */
static unsigned int sa_test_nth_online(unsigned int nth)
{
	unsigned int cpu;

	for_each_online_cpu(cpu)
		if (!nth--)
			return cpu;
	return nr_cpu_ids;
}

/*
 * Under the hash policy a new SA goes to the online CPU its SPI hashes to,
 * whatever the loads are; a deleted SA leaves the count and xlb_sa_get(),
 * once however often it is deleted.
 */
static void sa_test_table(struct kunit *test)
{
	unsigned int before = xlb_sa_count(), n = SA_TEST_SAS, online, i;
	struct xfrm_state *states;
	struct net_device *dev;
	struct xlb_sa **sas, *got;
	u32 hash;

	dev = alloc_netdev(0, "xlbtest%d", NET_NAME_UNKNOWN, ether_setup);
	KUNIT_ASSERT_NOT_NULL(test, dev);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, sa_test_free_netdev,
							dev), 0);
	states = kunit_kcalloc(test, n, sizeof(*states), GFP_KERNEL);
	sas = kunit_kcalloc(test, n, sizeof(*sas), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, states);
	KUNIT_ASSERT_NOT_NULL(test, sas);
	/* Loads are real and change: only hash placement is predictable. */
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, sa_test_restore_policy,
							(void *)(uintptr_t)xlb_param(policy)), 0);
	WRITE_ONCE(xlb_params.policy, XLB_POLICY_HASH);

	cpus_read_lock();
	online = num_online_cpus();
	for (i = 0; i < n; i++) {
		states[i].id.spi = htonl(0x1000 + i);
		states[i].xso.dir = XFRM_DEV_OFFLOAD_OUT;
		states[i].props.family = AF_INET;
		sas[i] = xlb_sa_add(&states[i], dev);
		if (!sas[i])
			break;
		states[i].xso.offload_handle = (unsigned long)sas[i];
		hash = jhash_1word((__force u32)states[i].id.spi, 0);
		KUNIT_EXPECT_EQ_MSG(test, sas[i]->cpu,
				    sa_test_nth_online(hash % online),
				    "SPI 0x%x", 0x1000 + i);
	}
	cpus_read_unlock();
	KUNIT_EXPECT_EQ(test, i, n);
	n = i;
	KUNIT_EXPECT_EQ(test, xlb_sa_count(), before + n);

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
	/* The last references drop the device; free_netdev() follows. */
	for (i = 0; i < n; i++)
		xlb_sa_put(sas[i]);
}

static struct kunit_case sa_test_cases[] = {
	KUNIT_CASE(sa_test_table),
	{}
};

static struct kunit_suite sa_test_suite = {
	.name = "xlb_sa",
	.test_cases = sa_test_cases,
};

kunit_test_suite(sa_test_suite);
