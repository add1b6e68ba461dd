// SPDX-License-Identifier: GPL-2.0
/*
 * A module that makes the kernel report a problem on load, and loads fine
 * anyway: the VM test runner (selftests/vm/run) must fail a run whose
 * kernel reported one even though the command itself succeeded, and
 * selftests/vm/runner_test.sh loads this module to prove that it does, one
 * fault at a time:
 *
 *   fault=warn      WARN_ONCE (the default)
 *   fault=kasan     a read past the end of a kmalloc'd object
 *   fault=lockdep   two locks taken in both orders
 *   fault=kmemleak  an object allocated and forgotten
 *   fault=panic     panic()
 *   fault=netdev    a reference to device @dev taken and never dropped, so
 *                   unregistering it waits forever
 *   fault=none      nothing: the control
 */

#include <linux/bug.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <net/net_namespace.h>

static char *fault = "warn";
module_param(fault, charp, 0444);
MODULE_PARM_DESC(fault, "warn, kasan, lockdep, kmemleak, panic, netdev or none");

static char *dev = "dummy0";
module_param(dev, charp, 0444);
MODULE_PARM_DESC(dev, "the device fault=netdev holds");

/* One past the end of a 16-byte object; a variable, so W=1 does not see it. */
static unsigned int past_end = 16;
module_param(past_end, uint, 0444);

static DEFINE_SPINLOCK(lock_a);
static DEFINE_SPINLOCK(lock_b);

static void *forgotten;

static int out_of_bounds(void)
{
	char *p = kmalloc(16, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	pr_info("xlb_warn_test: read past the end: %d\n", READ_ONCE(p[past_end]));
	kfree(p);
	return 0;
}

static void lock_inversion(void)
{
	spin_lock(&lock_a);
	spin_lock(&lock_b);
	spin_unlock(&lock_b);
	spin_unlock(&lock_a);
	spin_lock(&lock_b);
	spin_lock(&lock_a);
	spin_unlock(&lock_a);
	spin_unlock(&lock_b);
}

static int hold_device(void)
{
	/* Never put: the point is the leak. */
	if (!dev_get_by_name(&init_net, dev))
		return -ENODEV;
	return 0;
}

static int __init xlb_warn_test_init(void)
{
	if (!strcmp(fault, "warn")) {
		WARN_ONCE(1, "xlb_warn_test: deliberate warning for the VM runner's self-test\n");
	} else if (!strcmp(fault, "kasan")) {
		return out_of_bounds();
	} else if (!strcmp(fault, "lockdep")) {
		lock_inversion();
	} else if (!strcmp(fault, "kmemleak")) {
		/* Forgotten: the pointer is overwritten. */
		forgotten = kmalloc(128, GFP_KERNEL);
		WRITE_ONCE(forgotten, NULL);
	} else if (!strcmp(fault, "panic")) {
		panic("xlb_warn_test: deliberate panic for the VM runner's self-test\n");
	} else if (!strcmp(fault, "netdev")) {
		return hold_device();
	} else if (strcmp(fault, "none")) {
		return -EINVAL;
	}
	return 0;
}

static void __exit xlb_warn_test_exit(void)
{
}

module_init(xlb_warn_test_init);
module_exit(xlb_warn_test_exit);

MODULE_DESCRIPTION("xlb test helper: a deliberate kernel problem on load");
MODULE_LICENSE("GPL");
