// SPDX-License-Identifier: GPL-2.0
/*
 * Module parameters for placement and balancing. Each is range-checked on
 * write, so the balancer never sees a value it cannot use.
 */

#include <linux/capability.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "params.h"

struct xlb_params xlb_params = {
	.policy			= XLB_POLICY_ADAPTIVE,
	.hotspot		= 850,
	.interval_ms		= 100,
	.ewma_weight		= 40,
	.spray_share		= 700,
	.max_moves		= 1,
	.cooldown		= 10,
	.order_depth		= 4096,
	.order_timeout_ms	= 250,
	.larval_hold_ms		= 1000,
	.inline_busy		= 900,
};

static const char * const xlb_policy_names[] = {
	[XLB_POLICY_HASH]		= "hash",
	[XLB_POLICY_LEAST_LOADED]	= "least-loaded",
	[XLB_POLICY_ADAPTIVE]		= "adaptive",
};

const char *xlb_policy_name(enum xlb_policy policy)
{
	return policy < ARRAY_SIZE(xlb_policy_names) ?
	       xlb_policy_names[policy] : "?";
}

/*
 * The parameters are the host's: they steer every namespace that has no
 * value of its own. The files are root's, but the root of a user
 * namespace mapped to the host's uid 0 (unshare -U -r run by root) would
 * pass that check: a writer needs CAP_NET_ADMIN in the initial user
 * namespace too.
 */
static int xlb_param_host_admin(void)
{
	return capable(CAP_NET_ADMIN) ? 0 : -EPERM;
}

static int xlb_policy_set(const char *val, const struct kernel_param *kp)
{
	int i = sysfs_match_string(xlb_policy_names, val);

	if (xlb_param_host_admin())
		return -EPERM;
	if (i < 0)
		return -EINVAL;
	WRITE_ONCE(xlb_params.policy, i);
	return 0;
}

static int xlb_policy_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", xlb_policy_name(xlb_param(policy)));
}

static const struct kernel_param_ops xlb_policy_ops = {
	.set = xlb_policy_set,
	.get = xlb_policy_get,
};

module_param_cb(policy, &xlb_policy_ops, NULL, 0644);
MODULE_PARM_DESC(policy, "Placement of SAs on workers: hash, least-loaded or adaptive (default)");

/* A uint parameter with the range it accepts. */
struct xlb_uint_param {
	unsigned int *val;
	unsigned int min;
	unsigned int max;
};

static int xlb_uint_set(const char *val, const struct kernel_param *kp)
{
	const struct xlb_uint_param *p = kp->arg;
	unsigned int v;
	int err;

	err = xlb_param_host_admin();
	if (err)
		return err;
	err = kstrtouint(val, 0, &v);
	if (err)
		return err;
	if (v < p->min || v > p->max)
		return -ERANGE;
	WRITE_ONCE(*p->val, v);
	return 0;
}

static int xlb_uint_get(char *buf, const struct kernel_param *kp)
{
	const struct xlb_uint_param *p = kp->arg;

	return sysfs_emit(buf, "%u\n", READ_ONCE(*p->val));
}

static const struct kernel_param_ops xlb_uint_ops = {
	.set = xlb_uint_set,
	.get = xlb_uint_get,
};

static struct xlb_uint_param xlb_hotspot = { &xlb_params.hotspot, 100, 1000 };
module_param_cb(hotspot_threshold, &xlb_uint_ops, &xlb_hotspot, 0644);
MODULE_PARM_DESC(hotspot_threshold, "Load in thousandths above which a worker sheds SAs (100-1000, default 850)");

static struct xlb_uint_param xlb_interval = { &xlb_params.interval_ms, 10, 10000 };
module_param_cb(interval_ms, &xlb_uint_ops, &xlb_interval, 0644);
MODULE_PARM_DESC(interval_ms, "Milliseconds between load samples and balancing (10-10000, default 100)");

static struct xlb_uint_param xlb_weight = { &xlb_params.ewma_weight, 1, 100 };
module_param_cb(ewma_weight, &xlb_uint_ops, &xlb_weight, 0644);
MODULE_PARM_DESC(ewma_weight, "Percent weight of the newest load sample (1-100, default 40)");

static struct xlb_uint_param xlb_spray = { &xlb_params.spray_share, 0, 10000 };
module_param_cb(spray_threshold, &xlb_uint_ops, &xlb_spray, 0644);
MODULE_PARM_DESC(spray_threshold, "Cost in thousandths of a worker above which one SA is sprayed over all workers, 0 never (0-10000, default 700)");

static struct xlb_uint_param xlb_max_moves = { &xlb_params.max_moves, 0, 64 };
module_param_cb(max_moves, &xlb_uint_ops, &xlb_max_moves, 0644);
MODULE_PARM_DESC(max_moves, "SAs moved off hotspots per interval at most (0-64, default 1)");

static struct xlb_uint_param xlb_cooldown = { &xlb_params.cooldown, 0, 1000 };
module_param_cb(move_cooldown, &xlb_uint_ops, &xlb_cooldown, 0644);
MODULE_PARM_DESC(move_cooldown, "Intervals a moved SA stays before it may move again (0-1000, default 10)");

static struct xlb_uint_param xlb_order_depth = { &xlb_params.order_depth, 64, 65536 };
module_param_cb(order_depth, &xlb_uint_ops, &xlb_order_depth, 0644);
MODULE_PARM_DESC(order_depth, "Packets of one SA in flight at most (64-65536, default 4096)");

static struct xlb_uint_param xlb_order_timeout = { &xlb_params.order_timeout_ms, 1, 10000 };
module_param_cb(order_timeout_ms, &xlb_uint_ops, &xlb_order_timeout, 0644);
MODULE_PARM_DESC(order_timeout_ms, "Milliseconds a packet may hold up the rest of its SA (1-10000, default 250)");

static struct xlb_uint_param xlb_larval_hold = { &xlb_params.larval_hold_ms, 0, 30000 };
module_param_cb(larval_hold_ms, &xlb_uint_ops, &xlb_larval_hold, 0644);
MODULE_PARM_DESC(larval_hold_ms, "Milliseconds ESP for an SA allocated but not yet installed is held, 0 never (0-30000, default 1000)");

static struct xlb_uint_param xlb_inline_busy = { &xlb_params.inline_busy, 0, 1000 };
module_param_cb(inline_busy, &xlb_uint_ops, &xlb_inline_busy, 0644);
MODULE_PARM_DESC(inline_busy, "Load in thousandths that every CPU must reach for a packet of an SA homed on the CPU sending or receiving it to be crypted there, 0 never (0-1000, default 900)");
