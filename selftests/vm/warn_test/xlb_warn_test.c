// SPDX-License-Identifier: GPL-2.0
/*
 * A module that triggers a kernel WARNING on load and loads fine anyway.
 *
 * The VM test runner (selftests/vm/run) must fail a run whose kernel
 * reported a problem even though the command itself succeeded;
 * selftests/vm/runner_test.sh loads this module to prove that it does.
 */

#include <linux/bug.h>
#include <linux/module.h>

static int __init xlb_warn_test_init(void)
{
	WARN_ONCE(1, "xlb_warn_test: deliberate warning for the VM runner's self-test\n");
	return 0;
}

static void __exit xlb_warn_test_exit(void)
{
}

module_init(xlb_warn_test_init);
module_exit(xlb_warn_test_exit);

MODULE_DESCRIPTION("xlb test helper: WARN_ONCE on load");
MODULE_LICENSE("GPL");
