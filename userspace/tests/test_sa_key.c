// SPDX-License-Identifier: GPL-2.0
/* An SA's name in XLB_CMD_SA_SET: SPI, and direction, device, destination. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <sys/socket.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include <linux/xlb.h>

#include "genl_client.h"

/* @key put into a message, its attributes indexed by type. */
static struct nl_msg *put_key(const struct xlb_sa_key *key,
			      struct nlattr *tb[XLB_A_SA_MAX + 1])
{
	struct nl_msg *msg = nlmsg_alloc();

	assert_non_null(msg);
	assert_int_equal(xlb_sa_key_put(msg, key), 0);
	assert_int_equal(nla_parse(tb, XLB_A_SA_MAX, nlmsg_attrdata(nlmsg_hdr(msg), 0),
				   nlmsg_attrlen(nlmsg_hdr(msg), 0), NULL), 0);
	return msg;
}

static void spi_alone(void **state)
{
	struct xlb_sa_key key = { .spi = 0x1001 };
	struct nlattr *tb[XLB_A_SA_MAX + 1];
	struct nl_msg *msg = put_key(&key, tb);

	(void)state;
	assert_non_null(tb[XLB_A_SA_SPI]);
	assert_int_equal(nla_get_u32(tb[XLB_A_SA_SPI]), 0x1001);
	assert_null(tb[XLB_A_SA_DIR]);
	assert_null(tb[XLB_A_SA_IFINDEX]);
	assert_null(tb[XLB_A_SA_DADDR]);
	nlmsg_free(msg);
}

static void ipv4_destination_is_four_bytes(void **state)
{
	struct xlb_sa_key key = { .spi = 1, .dir = XLB_SA_DIR_OUT, .ifindex = 7,
				  .family = AF_INET, .daddr = { 192, 0, 2, 3, 9, 9 } };
	const uint8_t want[4] = { 192, 0, 2, 3 };
	struct nlattr *tb[XLB_A_SA_MAX + 1];
	struct nl_msg *msg = put_key(&key, tb);

	(void)state;
	assert_int_equal(nla_get_u8(tb[XLB_A_SA_DIR]), XLB_SA_DIR_OUT);
	assert_int_equal(nla_get_u32(tb[XLB_A_SA_IFINDEX]), 7);
	assert_non_null(tb[XLB_A_SA_DADDR]);
	assert_int_equal(nla_len(tb[XLB_A_SA_DADDR]), 4);
	assert_memory_equal(nla_data(tb[XLB_A_SA_DADDR]), want, 4);
	nlmsg_free(msg);
}

static void ipv6_destination_is_sixteen_bytes(void **state)
{
	struct xlb_sa_key key = { .spi = 1, .family = AF_INET6,
				  .daddr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 3 } };
	struct nlattr *tb[XLB_A_SA_MAX + 1];
	struct nl_msg *msg = put_key(&key, tb);

	(void)state;
	assert_int_equal(nla_len(tb[XLB_A_SA_DADDR]), 16);
	assert_memory_equal(nla_data(tb[XLB_A_SA_DADDR]), key.daddr, 16);
	nlmsg_free(msg);
}

static void unknown_family_is_refused(void **state)
{
	struct xlb_sa_key key = { .spi = 1, .family = AF_UNIX };
	struct nl_msg *msg = nlmsg_alloc();

	(void)state;
	assert_non_null(msg);
	assert_true(xlb_sa_key_put(msg, &key) < 0);
	nlmsg_free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spi_alone),
		cmocka_unit_test(ipv4_destination_is_four_bytes),
		cmocka_unit_test(ipv6_destination_is_sixteen_bytes),
		cmocka_unit_test(unknown_family_is_refused),
	};

	return cmocka_run_group_tests_name("SA key", tests, NULL, NULL);
}
