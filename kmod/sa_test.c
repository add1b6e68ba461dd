// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the SA table through xlb_sa_add/delete/put on stand-in
 * states (only the fields xlb reads are set; nothing reaches xfrm), and
 * for how xlb_sa_add() applies the placement policy. The policies
 * themselves are tested on synthetic loads in balance_test.c.
 */

#include <kunit/test.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/etherdevice.h>
#include <linux/jhash.h>
#include <linux/netdevice.h>

#include "netns.h"
#include "params.h"
#include "sa.h"
#include "tunnel.h"
#include "xlb.h"

#define SA_TEST_SAS 16

/* A stand-in outbound IPv4 state: only the fields xlb reads. */
static void sa_test_state(struct xfrm_state *x, u32 spi)
{
	x->id.spi = htonl(spi);
	x->xso.dir = XFRM_DEV_OFFLOAD_OUT;
	x->props.family = AF_INET;
}

struct sa_test_dev_ctx {
	struct kunit *test;
	struct net_device *dev;
};

/*
 * The balancer's pass holds the SAs it works on, and each SA holds its
 * device, for up to an interval after the test let go of them. The stand-in
 * is never registered, so free_netdev() would not wait for them as
 * unregister does: wait here (bounded), and leak rather than free a device
 * still referenced.
 */
static void sa_test_release_dev(void *arg)
{
	struct sa_test_dev_ctx *ctx = arg;
	unsigned long until = jiffies + 30 * HZ;

	while (netdev_refcnt_read(ctx->dev) > 1 && time_before(jiffies, until))
		msleep(20);
	if (netdev_refcnt_read(ctx->dev) > 1) {
		KUNIT_FAIL(ctx->test, "%s still has %d references after 30 s",
			   ctx->dev->name, netdev_refcnt_read(ctx->dev) - 1);
		return;
	}
	free_netdev(ctx->dev);
}

/*
 * A stand-in device with @priv bytes of private data, freed when the test
 * ends; the test fails without it.
 */
static struct net_device *sa_test_dev_priv(struct kunit *test, int priv)
{
	struct sa_test_dev_ctx *ctx;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->test = test;
	ctx->dev = alloc_netdev(priv, "xlbtest%d", NET_NAME_UNKNOWN, ether_setup);
	KUNIT_ASSERT_NOT_NULL(test, ctx->dev);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, sa_test_release_dev,
							ctx), 0);
	return ctx->dev;
}

static struct net_device *sa_test_dev(struct kunit *test)
{
	return sa_test_dev_priv(test, 0);
}

/*
 * A stand-in xlb device whose SAs may use @cpu's worker only, as a
 * container's. The set is allocated first, so that it is freed after the
 * device, which waits for the balancer's references to its SAs.
 */
static struct net_device *sa_test_confined_dev(struct kunit *test,
					       unsigned int cpu)
{
	struct cpumask *cpus = kunit_kzalloc(test, cpumask_size(), GFP_KERNEL);
	struct net_device *dev;
	struct xlb_dev *xlb;

	KUNIT_ASSERT_NOT_NULL(test, cpus);
	cpumask_set_cpu(cpu, cpus);
	dev = sa_test_dev_priv(test, sizeof(*xlb));
	dev->rtnl_link_ops = &xlb_link_ops;
	xlb = netdev_priv(dev);
	xlb->cpus = cpus;
	return dev;
}

/* What xdo_dev_state_free does: the state lets go of its SA. */
static void sa_test_free(struct xlb_sa *sa)
{
	xlb_sa_unbind(sa);
	xlb_sa_put(sa);
}

static void sa_test_restore_policy(void *policy)
{
	WRITE_ONCE(xlb_params.policy, (uintptr_t)policy);
}

/*
 * @n zeroed stand-in states in *@states and room for their SAs in *@sas;
 * the policy module parameter, which the test may change, is put back
 * when it ends.
 */
static void sa_test_alloc(struct kunit *test, unsigned int n,
			  struct xfrm_state **states, struct xlb_sa ***sas)
{
	*states = kunit_kcalloc(test, n, sizeof(**states), GFP_KERNEL);
	*sas = kunit_kcalloc(test, n, sizeof(**sas), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, *states);
	KUNIT_ASSERT_NOT_NULL(test, *sas);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, sa_test_restore_policy,
							(void *)(uintptr_t)xlb_param(policy)), 0);
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

/* The CPU the hash policy gives @x, of @online CPUs. */
static unsigned int sa_test_hash_cpu(const struct xfrm_state *x,
				     unsigned int online)
{
	return sa_test_nth_online(jhash_1word((__force u32)x->id.spi, 0) %
				  online);
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

	dev = sa_test_dev(test);
	sa_test_alloc(test, n, &states, &sas);
	/* Loads are real and change: only hash placement is predictable. */
	WRITE_ONCE(xlb_params.policy, XLB_POLICY_HASH);

	cpus_read_lock();
	online = num_online_cpus();
	for (i = 0; i < n; i++) {
		sa_test_state(&states[i], 0x1000 + i);
		sas[i] = xlb_sa_add(&states[i], dev);
		if (!sas[i])
			break;
		states[i].xso.offload_handle = (unsigned long)sas[i];
		KUNIT_EXPECT_EQ_MSG(test, sas[i]->cpu,
				    sa_test_hash_cpu(&states[i], online),
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
		sa_test_free(sas[i]);
}

static void sa_test_restore_net_policy(void *set)
{
	struct xlb_net *xn = xlb_net(&init_net);

	if (!set)
		clear_bit(XLB_NET_POLICY, &xn->set);
}

/*
 * A namespace's own policy overrides the module parameter: with the
 * parameter at least-loaded and init_net set to hash, SAs go where their
 * SPI hashes (16 SAs all landing there by chance under least-loaded has
 * a chance of 2^-16 on two CPUs).
 */
static void sa_test_net_policy(struct kunit *test)
{
	struct xlb_net *xn = xlb_net(&init_net);
	unsigned int n = SA_TEST_SAS, online, i, hashed = 0;
	bool was_set;
	struct xfrm_state *states;
	struct net_device *dev;
	struct xlb_sa **sas;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two online CPUs");
	dev = sa_test_dev(test);
	sa_test_alloc(test, n, &states, &sas);
	was_set = test_bit(XLB_NET_POLICY, &xn->set);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							sa_test_restore_net_policy,
							(void *)(uintptr_t)was_set),
			0);
	WRITE_ONCE(xlb_params.policy, XLB_POLICY_LEAST_LOADED);
	/* Nothing set in init_net yet: the module parameter. */
	KUNIT_EXPECT_EQ(test, xlb_net_param(xn, XLB_NET_POLICY),
			(unsigned int)XLB_POLICY_LEAST_LOADED);
	xlb_net_param_set(xn, XLB_NET_POLICY, XLB_POLICY_HASH);
	KUNIT_EXPECT_EQ(test, xlb_net_param(xn, XLB_NET_POLICY),
			(unsigned int)XLB_POLICY_HASH);

	cpus_read_lock();
	online = num_online_cpus();
	for (i = 0; i < n; i++) {
		sa_test_state(&states[i], 0x3000 + i);
		sas[i] = xlb_sa_add(&states[i], dev);
		if (!sas[i])
			break;
		hashed += sas[i]->cpu == sa_test_hash_cpu(&states[i], online);
	}
	cpus_read_unlock();
	KUNIT_EXPECT_EQ(test, i, n);
	KUNIT_EXPECT_EQ(test, hashed, i);
	n = i;
	for (i = 0; i < n; i++)
		sa_test_free(sas[i]);
}

struct sa_test_op {
	unsigned int cpu;
	int pin_err;
	int spray_err;
	u8 spray;
	bool unpin;
	struct xlb_event ev;
	struct xlb_sa *seen;
};

/* The operator's requests, as XLB_CMD_SA_SET makes them. */
static int sa_test_apply(struct xlb_sa *sa, void *arg)
{
	struct sa_test_op *op = arg;

	op->seen = sa;
	if (op->unpin)
		xlb_sa_unpin(sa);
	if (op->spray != U8_MAX)
		op->spray_err = xlb_sa_set_spray(sa, op->spray);
	if (op->cpu < nr_cpu_ids)
		op->pin_err = xlb_sa_pin(sa, op->cpu, &op->ev);
	return 0;
}

/*
 * An SA is found by its SPI, and by direction when the SPI names two; it
 * can be pinned to a worker (an event tells where it came from), and then
 * not sprayed until unpinned.
 */
static void sa_test_pin_spray(struct kunit *test)
{
	struct xlb_sa_key key = { .has_spi = true, .spi = htonl(0x4242) };
	struct sa_test_op op = { .cpu = nr_cpu_ids, .spray = U8_MAX };
	struct xfrm_state *states;
	struct xlb_sa *out, *in;
	struct net_device *dev;
	unsigned int target;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two online CPUs");
	dev = sa_test_dev(test);
	states = kunit_kcalloc(test, 2, sizeof(*states), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, states);
	sa_test_state(&states[0], 0x4242);
	states[1] = states[0];
	states[1].xso.dir = XFRM_DEV_OFFLOAD_IN;
	out = xlb_sa_add(&states[0], dev);
	in = xlb_sa_add(&states[1], dev);
	KUNIT_ASSERT_NOT_NULL(test, out);
	KUNIT_ASSERT_NOT_NULL(test, in);

	KUNIT_EXPECT_EQ(test, xlb_sa_with(&init_net, &key, sa_test_apply, &op),
			-ENOTUNIQ);
	key.dir = XFRM_DEV_OFFLOAD_IN;
	KUNIT_EXPECT_EQ(test, xlb_sa_with(&init_net, &key, sa_test_apply, &op), 0);
	KUNIT_EXPECT_PTR_EQ(test, op.seen, in);
	key.spi = htonl(0x4243);
	KUNIT_EXPECT_EQ(test, xlb_sa_with(&init_net, &key, sa_test_apply, &op),
			-ENOENT);

	/* Pin the outbound SA to the other worker. */
	key.spi = htonl(0x4242);
	key.dir = XFRM_DEV_OFFLOAD_OUT;
	cpus_read_lock();
	target = cpumask_next(out->cpu, cpu_online_mask);
	if (target >= nr_cpu_ids)
		target = cpumask_first(cpu_online_mask);
	op.cpu = target;
	KUNIT_EXPECT_EQ(test, xlb_sa_with(&init_net, &key, sa_test_apply, &op), 0);
	cpus_read_unlock();
	KUNIT_EXPECT_EQ(test, op.pin_err, 0);
	KUNIT_EXPECT_EQ(test, out->cpu, target);
	KUNIT_EXPECT_TRUE(test, out->pinned);
	KUNIT_EXPECT_EQ(test, op.ev.cmd, XLB_CMD_SA_MIGRATED_NTF);
	KUNIT_EXPECT_EQ(test, op.ev.to, target);
	KUNIT_EXPECT_NE(test, op.ev.from, target);
	KUNIT_EXPECT_EQ(test, op.ev.reason, XLB_REASON_PIN);

	/* Pinned: no spraying; unpinned: spray on at once, then no pin. */
	op.cpu = nr_cpu_ids;
	op.spray = XLB_SPRAY_ON;
	KUNIT_EXPECT_EQ(test, xlb_sa_with(&init_net, &key, sa_test_apply, &op), 0);
	KUNIT_EXPECT_EQ(test, op.spray_err, -EBUSY);
	KUNIT_EXPECT_FALSE(test, out->sprayed);
	op.unpin = true;
	KUNIT_EXPECT_EQ(test, xlb_sa_with(&init_net, &key, sa_test_apply, &op), 0);
	KUNIT_EXPECT_EQ(test, op.spray_err, 0);
	KUNIT_EXPECT_FALSE(test, out->pinned);
	KUNIT_EXPECT_TRUE(test, out->sprayed);
	op.unpin = false;
	op.spray = U8_MAX;
	op.cpu = target;
	KUNIT_EXPECT_EQ(test, xlb_sa_with(&init_net, &key, sa_test_apply, &op), 0);
	KUNIT_EXPECT_EQ(test, op.pin_err, -EBUSY);
	KUNIT_EXPECT_FALSE(test, out->pinned);
	KUNIT_EXPECT_EQ(test, xlb_sa_count_in(&init_net, dev->ifindex, target),
			1U + (in->cpu == target));

	sa_test_free(out);
	sa_test_free(in);
}

/*
 * Three stand-in states: SPI @spi of tunnel @reqid, the SA that replaces it
 * at rekey (SPI + 1), and SPI + 2 of another tunnel (reqid + 1).
 */
static struct xfrm_state *sa_test_rekey_states(struct kunit *test, u32 spi,
					       u32 reqid)
{
	struct xfrm_state *states;

	states = kunit_kcalloc(test, 3, sizeof(*states), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, states);
	sa_test_state(&states[0], spi);
	states[0].props.reqid = reqid;
	states[1] = states[0];
	states[1].id.spi = htonl(spi + 1);
	states[2] = states[0];
	states[2].id.spi = htonl(spi + 2);
	states[2].props.reqid = reqid + 1;
	return states;
}

/* The online CPU after @cpu, wrapping. */
static unsigned int sa_test_other_cpu(unsigned int cpu)
{
	cpu = cpumask_next(cpu, cpu_online_mask);
	return cpu < nr_cpu_ids ? cpu : cpumask_first(cpu_online_mask);
}

/*
 * A rekey's new SA (same device, direction, reqid, addresses, selector)
 * keeps what the operator set on the tunnel: the pin, and the spray mode.
 */
static void sa_test_rekey_keeps_pin(struct kunit *test)
{
	struct sa_test_op op = { .spray = U8_MAX };
	struct xlb_sa_key key = { .has_spi = true, .spi = htonl(0x5151) };
	struct xlb_sa *old, *new, *other;
	struct xfrm_state *states;
	struct net_device *dev;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two online CPUs");
	dev = sa_test_dev(test);
	states = sa_test_rekey_states(test, 0x5151, 9);

	old = xlb_sa_add(&states[0], dev);
	KUNIT_ASSERT_NOT_NULL(test, old);
	cpus_read_lock();
	op.cpu = sa_test_other_cpu(old->cpu);
	op.spray = XLB_SPRAY_OFF;
	KUNIT_EXPECT_EQ(test, xlb_sa_with(&init_net, &key, sa_test_apply, &op), 0);
	KUNIT_EXPECT_EQ(test, op.pin_err, 0);
	new = xlb_sa_add(&states[1], dev);
	other = xlb_sa_add(&states[2], dev);
	cpus_read_unlock();
	KUNIT_ASSERT_NOT_NULL(test, new);
	KUNIT_ASSERT_NOT_NULL(test, other);
	KUNIT_EXPECT_TRUE(test, new->pinned);
	KUNIT_EXPECT_EQ(test, new->cpu, op.cpu);
	KUNIT_EXPECT_EQ(test, new->spray_mode, (u8)XLB_SPRAY_OFF);
	/* Another tunnel (reqid) is not a rekey of it. */
	KUNIT_EXPECT_FALSE(test, other->pinned);
	KUNIT_EXPECT_EQ(test, other->spray_mode, (u8)XLB_SPRAY_AUTO);

	sa_test_free(old);
	sa_test_free(new);
	sa_test_free(other);
}

/*
 * A tunnel's rule places its SAs: a new SA of the reqid is born on the
 * rule's worker, pinned if the rule says so, with its spray mode; a rule
 * changed before a rekey wins over what the new SA would inherit. SA IDs
 * are never reused.
 */
static void sa_test_tunnel_rule(struct kunit *test)
{
	struct xlb_tunnel_rule rule = {
		.reqid = 21, .has_worker = true, .pinned = true,
		.has_spray = true, .spray_mode = XLB_SPRAY_OFF,
	};
	struct xlb_sa *old, *new, *other;
	struct xfrm_state *states;
	struct net_device *dev;
	unsigned int first;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two online CPUs");
	dev = sa_test_dev(test);
	states = sa_test_rekey_states(test, 0x6161, 21);

	cpus_read_lock();
	first = cpumask_first(cpu_online_mask);
	rule.worker = sa_test_other_cpu(first);
	KUNIT_ASSERT_EQ(test, xlb_tunnel_set(&init_net, &rule), 0);
	old = xlb_sa_add(&states[0], dev);
	other = xlb_sa_add(&states[2], dev);
	/* Changed before the rekey: born on the first CPU, free to move. */
	rule.worker = first;
	rule.pinned = false;
	rule.has_spray = false;
	KUNIT_EXPECT_EQ(test, xlb_tunnel_set(&init_net, &rule), 0);
	new = xlb_sa_add(&states[1], dev);
	cpus_read_unlock();
	KUNIT_ASSERT_NOT_NULL(test, old);
	KUNIT_ASSERT_NOT_NULL(test, new);
	KUNIT_ASSERT_NOT_NULL(test, other);

	KUNIT_EXPECT_EQ(test, old->cpu, sa_test_other_cpu(first));
	KUNIT_EXPECT_TRUE(test, old->pinned);
	KUNIT_EXPECT_EQ(test, old->spray_mode, (u8)XLB_SPRAY_OFF);
	KUNIT_EXPECT_EQ(test, new->cpu, first);
	KUNIT_EXPECT_FALSE(test, new->pinned);
	/* No spray mode in the rule: the one of the SA it replaces. */
	KUNIT_EXPECT_EQ(test, new->spray_mode, (u8)XLB_SPRAY_OFF);
	/* Another reqid has no rule. */
	KUNIT_EXPECT_FALSE(test, other->pinned);
	KUNIT_EXPECT_EQ(test, other->spray_mode, (u8)XLB_SPRAY_AUTO);
	KUNIT_EXPECT_GT(test, other->id, old->id);
	KUNIT_EXPECT_GT(test, new->id, other->id);

	KUNIT_EXPECT_EQ(test, xlb_tunnel_del(&init_net, 21), 0);
	KUNIT_EXPECT_FALSE(test, xlb_tunnel_find(&init_net, 21, &rule));
	KUNIT_EXPECT_EQ(test, xlb_tunnel_del(&init_net, 21), -ENOENT);
	sa_test_free(old);
	sa_test_free(new);
	sa_test_free(other);
}

/*
 * A container's device: its SAs are placed on its one CPU whatever the
 * policy, however many there are; a tunnel rule naming another worker is
 * ignored there (the rule's spray mode still applies); a pin to another
 * worker is refused and changes nothing, a pin to its own is taken.
 */
static void sa_test_confined(struct kunit *test)
{
	struct xlb_tunnel_rule rule = {
		.reqid = 31, .has_worker = true, .pinned = true,
		.has_spray = true, .spray_mode = XLB_SPRAY_OFF,
	};
	struct xlb_sa_key key = { .has_spi = true };
	struct sa_test_op op = { .spray = U8_MAX };
	unsigned int n = SA_TEST_SAS, i, own, other, placed = 0;
	struct xfrm_state *states;
	struct net_device *dev;
	struct xlb_sa **sas;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two online CPUs");
	sa_test_alloc(test, n, &states, &sas);

	/* Not the first: where a fallback would put an SA. */
	own = sa_test_nth_online(num_online_cpus() - 1);
	other = cpumask_first(cpu_online_mask);
	dev = sa_test_confined_dev(test, own);
	rule.worker = other;
	KUNIT_ASSERT_EQ(test, xlb_tunnel_set(&init_net, &rule), 0);

	cpus_read_lock();
	for (i = 0; i < n; i++) {
		/* Half by hash (most would go elsewhere), half by load. */
		WRITE_ONCE(xlb_params.policy, i % 2 ? XLB_POLICY_LEAST_LOADED :
						      XLB_POLICY_HASH);
		sa_test_state(&states[i], 0x7000 + i);
		states[i].props.reqid = i ? 0 : rule.reqid;
		sas[i] = xlb_sa_add(&states[i], dev);
		if (!sas[i])
			break;
		placed += sas[i]->cpu == own;
	}
	n = i;
	key.spi = htonl(0x7001);
	op.cpu = other;
	if (n > 1)
		KUNIT_EXPECT_EQ(test, xlb_sa_with(&init_net, &key,
						  sa_test_apply, &op), 0);
	cpus_read_unlock();
	KUNIT_EXPECT_EQ(test, n, (unsigned int)SA_TEST_SAS);
	KUNIT_EXPECT_EQ(test, placed, n);
	KUNIT_ASSERT_GT(test, n, 1U);
	KUNIT_EXPECT_FALSE(test, sas[0]->pinned);
	KUNIT_EXPECT_EQ(test, sas[0]->spray_mode, (u8)XLB_SPRAY_OFF);
	KUNIT_EXPECT_EQ(test, op.pin_err, -EPERM);
	KUNIT_EXPECT_EQ(test, sas[1]->cpu, own);
	KUNIT_EXPECT_FALSE(test, sas[1]->pinned);

	op.cpu = own;
	KUNIT_EXPECT_EQ(test, xlb_sa_with(&init_net, &key, sa_test_apply, &op), 0);
	KUNIT_EXPECT_EQ(test, op.pin_err, 0);
	KUNIT_EXPECT_TRUE(test, sas[1]->pinned);

	KUNIT_EXPECT_EQ(test, xlb_tunnel_del(&init_net, rule.reqid), 0);
	for (i = 0; i < n; i++)
		sa_test_free(sas[i]);
}

/*
 * A namespace holds at most xlb_tunnel_rules_max rules (lowered here: the
 * suites run at every load of a KUnit build, under KASAN); at the limit an
 * existing rule can still be changed, a new one cannot be added, and the
 * dump walks them all in reqid order.
 */
static int sa_test_count_rule(const struct xlb_tunnel_rule *rule, void *arg)
{
	u32 *last = arg;

	if (rule->reqid <= *last)
		return -EINVAL;
	*last = rule->reqid;
	return 0;
}

static void sa_test_restore_rules_max(void *max)
{
	WRITE_ONCE(xlb_tunnel_rules_max, (uintptr_t)max);
}

static void sa_test_tunnel_limit(struct kunit *test)
{
	struct xlb_tunnel_rule rule = { .has_spray = true };
	const u32 max = 64;
	unsigned long next = 0;
	u32 reqid, last = 0;
	int err = 0;
	void *was = (void *)(uintptr_t)xlb_tunnel_rules_max;

	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, sa_test_restore_rules_max,
							was), 0);
	WRITE_ONCE(xlb_tunnel_rules_max, max);
	for (reqid = 1; reqid <= max && !err; reqid++) {
		rule.reqid = 1000000 + reqid;
		err = xlb_tunnel_set(&init_net, &rule);
	}
	KUNIT_EXPECT_EQ(test, err, 0);
	rule.reqid = 3000000;
	KUNIT_EXPECT_EQ(test, xlb_tunnel_set(&init_net, &rule), -ENOSPC);
	rule.reqid = 1000001;
	rule.spray_mode = XLB_SPRAY_ON;
	KUNIT_EXPECT_EQ(test, xlb_tunnel_set(&init_net, &rule), 0);
	KUNIT_EXPECT_EQ(test, xlb_tunnel_for_each(&init_net, &next,
						  sa_test_count_rule, &last), 0);
	KUNIT_EXPECT_EQ(test, last, 1000000 + max);
	KUNIT_EXPECT_TRUE(test, xlb_tunnel_find(&init_net, 1000001, &rule));
	KUNIT_EXPECT_EQ(test, rule.spray_mode, (u8)XLB_SPRAY_ON);
	for (reqid = 1; reqid <= max; reqid++)
		xlb_tunnel_del(&init_net, 1000000 + reqid);
	rule.reqid = 3000000;
	KUNIT_EXPECT_EQ(test, xlb_tunnel_set(&init_net, &rule), 0);
	KUNIT_EXPECT_EQ(test, xlb_tunnel_del(&init_net, 3000000), 0);
}

/*
 * A tunnel's weight: its SA counts as that much of a worker where new SAs
 * are placed, so under least-loaded every other new SA goes elsewhere
 * while it carries no traffic yet; the SA that replaces it at rekey keeps
 * the weight after the rule is gone.
 */
static void sa_test_tunnel_weight(struct kunit *test)
{
	struct xlb_tunnel_rule rule = { .reqid = 41, .weight = XLB_LOAD_ONE };
	unsigned int n = SA_TEST_SAS / 2, i, beside = 0;
	struct xlb_sa *heavy, *next, **sas;
	struct xfrm_state *states, *rekey;
	struct net_device *dev;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two online CPUs");
	dev = sa_test_dev(test);
	sa_test_alloc(test, n, &states, &sas);
	rekey = sa_test_rekey_states(test, 0x7171, 41);
	WRITE_ONCE(xlb_params.policy, XLB_POLICY_LEAST_LOADED);
	KUNIT_ASSERT_EQ(test, xlb_tunnel_set(&init_net, &rule), 0);

	cpus_read_lock();
	heavy = xlb_sa_add(&rekey[0], dev);
	for (i = 0; heavy && i < n; i++) {
		sa_test_state(&states[i], 0x7200 + i);
		sas[i] = xlb_sa_add(&states[i], dev);
		if (!sas[i])
			break;
		beside += sas[i]->cpu == heavy->cpu;
	}
	cpus_read_unlock();
	KUNIT_ASSERT_NOT_NULL(test, heavy);
	KUNIT_EXPECT_EQ(test, heavy->weight, XLB_LOAD_ONE);
	KUNIT_EXPECT_EQ(test, i, n);
	KUNIT_EXPECT_EQ(test, beside, 0U);
	KUNIT_EXPECT_EQ(test, sas[0]->weight, 0U);

	KUNIT_EXPECT_EQ(test, xlb_tunnel_del(&init_net, 41), 0);
	next = xlb_sa_add(&rekey[1], dev);
	KUNIT_ASSERT_NOT_NULL(test, next);
	KUNIT_EXPECT_EQ(test, next->weight, XLB_LOAD_ONE);
	sa_test_free(next);
	sa_test_free(heavy);
	n = i;
	for (i = 0; i < n; i++)
		sa_test_free(sas[i]);
}

static struct kunit_case sa_test_cases[] = {
	KUNIT_CASE(sa_test_table),
	KUNIT_CASE(sa_test_net_policy),
	KUNIT_CASE(sa_test_pin_spray),
	KUNIT_CASE(sa_test_rekey_keeps_pin),
	KUNIT_CASE(sa_test_tunnel_rule),
	KUNIT_CASE(sa_test_confined),
	KUNIT_CASE(sa_test_tunnel_limit),
	KUNIT_CASE(sa_test_tunnel_weight),
	{}
};

static struct kunit_suite sa_test_suite = {
	.name = "xlb_sa",
	.test_cases = sa_test_cases,
};

kunit_test_suite(sa_test_suite);
