// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for which states larval.c holds packets for: one the daemon
 * has allocated (XFRM_STATE_ACQ) and one xfrm_add_sa() has hashed but not
 * yet made valid (XFRM_STATE_VOID), whose packets xfrm_input() would drop;
 * not one that is valid, dead or expired, whose packets are the stack's or
 * xlb's workers' as usual.
 */

#include <kunit/test.h>
#include <net/xfrm.h>

#include "larval.h"

struct larval_test_param {
	u8 state;
	bool held;
	const char *name;
};

static const struct larval_test_param larval_test_params[] = {
	{ XFRM_STATE_ACQ, true, "allocated (ACQ)" },
	{ XFRM_STATE_VOID, true, "being installed (VOID)" },
	{ XFRM_STATE_VALID, false, "installed (VALID)" },
	{ XFRM_STATE_DEAD, false, "deleted (DEAD)" },
	{ XFRM_STATE_EXPIRED, false, "expired (EXPIRED)" },
};

static void larval_test_desc(const struct larval_test_param *p, char *desc)
{
	strscpy(desc, p->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(larval_test_state, larval_test_params, larval_test_desc);

static void larval_test_held_for(struct kunit *test)
{
	const struct larval_test_param *p = test->param_value;
	struct xfrm_state *x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, x);
	x->id.spi = htonl(0x2002);
	x->km.state = p->state;
	KUNIT_EXPECT_EQ(test, xlb_larval_state(x), p->held);
}

static struct kunit_case larval_test_cases[] = {
	KUNIT_CASE_PARAM(larval_test_held_for, larval_test_state_gen_params),
	{}
};

static struct kunit_suite larval_test_suite = {
	.name = "xlb_larval",
	.test_cases = larval_test_cases,
};

kunit_test_suite(larval_test_suite);
