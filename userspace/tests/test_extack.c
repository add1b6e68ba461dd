// SPDX-License-Identifier: GPL-2.0
/* The kernel's extack message out of NLMSG_ERROR and NLMSG_DONE. */
#include <errno.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include "genl_request.h"

#define MESSAGE "no offloaded SA with this SPI in this namespace"

/*
 * An NLMSG_ERROR as the kernel sends it: struct nlmsgerr, then the request
 * (its header only when capped), then the TLVs.
 */
static struct nl_msg *error_msg(int flags, bool with_message)
{
	struct nl_msg *msg = nlmsg_alloc_simple(NLMSG_ERROR, flags);
	struct nlmsgerr *e;
	size_t request_payload = flags & NLM_F_CAPPED ? 0 : 12;

	assert_non_null(msg);
	e = nlmsg_reserve(msg, sizeof(*e) + request_payload, NLMSG_ALIGNTO);
	assert_non_null(e);
	memset(e, 0xaa, sizeof(*e) + request_payload);
	e->error = -ENOENT;
	e->msg.nlmsg_len = NLMSG_HDRLEN + 12;
	e->msg.nlmsg_type = 0x20;
	if (with_message)
		assert_int_equal(nla_put_string(msg, NLMSGERR_ATTR_MSG, MESSAGE), 0);
	assert_int_equal(nla_put_u32(msg, NLMSGERR_ATTR_OFFS, 20), 0);
	return msg;
}

static void capped_error_message(void **state)
{
	struct nl_msg *msg = error_msg(NLM_F_ACK_TLVS | NLM_F_CAPPED, true);
	char buf[128];

	(void)state;
	assert_int_equal(xlb_extack_message(nlmsg_hdr(msg), buf, sizeof(buf)), 1);
	assert_string_equal(buf, MESSAGE);
	nlmsg_free(msg);
}

static void uncapped_error_skips_the_request(void **state)
{
	struct nl_msg *msg = error_msg(NLM_F_ACK_TLVS, true);
	char buf[128];

	(void)state;
	assert_int_equal(xlb_extack_message(nlmsg_hdr(msg), buf, sizeof(buf)), 1);
	assert_string_equal(buf, MESSAGE);
	nlmsg_free(msg);
}

static void no_tlvs_flag_means_no_message(void **state)
{
	struct nl_msg *msg = error_msg(NLM_F_CAPPED, true);
	char buf[16] = "untouched";

	(void)state;
	assert_int_equal(xlb_extack_message(nlmsg_hdr(msg), buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	nlmsg_free(msg);
}

static void tlvs_without_message(void **state)
{
	struct nl_msg *msg = error_msg(NLM_F_ACK_TLVS | NLM_F_CAPPED, false);
	char buf[16];

	(void)state;
	assert_int_equal(xlb_extack_message(nlmsg_hdr(msg), buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	nlmsg_free(msg);
}

static void done_of_failed_dump(void **state)
{
	struct nl_msg *msg = nlmsg_alloc_simple(NLMSG_DONE, NLM_F_MULTI | NLM_F_ACK_TLVS);
	int err = -EINVAL;
	char buf[8];

	(void)state;
	assert_int_equal(nlmsg_append(msg, &err, sizeof(err), NLMSG_ALIGNTO), 0);
	assert_int_equal(nla_put_string(msg, NLMSGERR_ATTR_MSG, "bad ifindex"), 0);
	/* truncated to the buffer, still NUL-terminated */
	assert_int_equal(xlb_extack_message(nlmsg_hdr(msg), buf, sizeof(buf)), 1);
	assert_string_equal(buf, "bad ifi");
	nlmsg_free(msg);
}

static void truncated_error_is_refused(void **state)
{
	struct nl_msg *msg = nlmsg_alloc_simple(NLMSG_ERROR, NLM_F_ACK_TLVS);
	int err = -EINVAL;
	char buf[8];

	(void)state;
	assert_int_equal(nlmsg_append(msg, &err, sizeof(err), NLMSG_ALIGNTO), 0);
	assert_true(xlb_extack_message(nlmsg_hdr(msg), buf, sizeof(buf)) < 0);
	nlmsg_free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(capped_error_message),
		cmocka_unit_test(uncapped_error_skips_the_request),
		cmocka_unit_test(no_tlvs_flag_means_no_message),
		cmocka_unit_test(tlvs_without_message),
		cmocka_unit_test(done_of_failed_dump),
		cmocka_unit_test(truncated_error_is_refused),
	};

	return cmocka_run_group_tests_name("extended ACK", tests, NULL, NULL);
}
