// SPDX-License-Identifier: GPL-2.0
/* The terse column output, byte for byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "capture.h"
#include "link_fixtures.h"
#include "xlb_link.h"
#include "xlb_objects.h"
#include "xlbctl.h"

static void expect_table(const struct xlb_link_list *list, bool stats,
			 const char *expected)
{
	struct capture c;

	capture_open(&c);
	xlb_links_print(c.file, list, stats, false);
	assert_string_equal(capture_close(&c), expected);
	capture_free(&c);
}

static void empty_list_prints_nothing(void **state)
{
	struct xlb_link_list empty = { 0 };

	(void)state;
	expect_table(&empty, false, "");
	expect_table(&empty, true, "");
}

static void columns_without_stats(void **state)
{
	struct xlb_link_list list;

	(void)state;
	link_fixtures_three(&list);
	expect_table(&list, false,
		"IFINDEX NAME            LOWER           STATE          FLAGS           MTU   ADDRESS\n"
		"5       xlb0            eth0            UP             <UP,LOWER_UP>   1500  02:00:5e:10:ab:01\n"
		"7       xlb1            if9             LOWERLAYERDOWN <NO-CARRIER,UP> 9000  fe:dc:ba:98:76:54\n"
		"12      xlb-d           -               DOWN           <>              1400  -\n");
}

static void columns_with_stats(void **state)
{
	struct xlb_link_list list;

	(void)state;
	link_fixtures_three(&list);
	/* Counters wider than their column push the row right but stay apart. */
	expect_table(&list, true,
		"IFINDEX NAME            LOWER           STATE          FLAGS           MTU   ADDRESS           RX_BYTES     RX_PACKETS RX_DROPPED TX_BYTES     TX_PACKETS TX_DROPPED\n"
		"5       xlb0            eth0            UP             <UP,LOWER_UP>   1500  02:00:5e:10:ab:01 1000         10         1          2000         20         2\n"
		"7       xlb1            if9             LOWERLAYERDOWN <NO-CARRIER,UP> 9000  fe:dc:ba:98:76:54 18446744073709551615 18446744073709551615 18446744073709551615 18446744073709551615 18446744073709551615 18446744073709551615\n"
		"12      xlb-d           -               DOWN           <>              1400  -                 0            0          0          0            0          0\n");
}

static void unknown_operstate_prints_unknown(void **state)
{
	struct xlb_link link = {
		.name = "xlb9", .ifindex = 1, .operstate = 200, .mtu = 1500,
	};
	struct xlb_link_list list = { .links = &link, .count = 1, .capacity = 1 };

	(void)state;
	expect_table(&list, false,
		"IFINDEX NAME            LOWER           STATE          FLAGS           MTU   ADDRESS\n"
		"1       xlb9            -               UNKNOWN        <>              1500  -\n");
}

/* What generic netlink adds: after ADDRESS, "-" for a link it did not name. */
static void genl_columns(void **state)
{
	struct xlb_link_list list;
	struct xlb_dev_info dev = { .ifindex = 5, .placement = 2, .workers = 4, .sas = 12 };
	struct xlb_dev_list devs = { .items = &dev, .count = 1, .capacity = 1 };

	(void)state;
	link_fixtures_three(&list);
	list.count = 2;
	xlb_links_add_genl(&list, &devs);
	expect_table(&list, false,
		"IFINDEX NAME            LOWER           STATE          FLAGS           MTU   ADDRESS           PLACEMENT    WORKERS SAS\n"
		"5       xlb0            eth0            UP             <UP,LOWER_UP>   1500  02:00:5e:10:ab:01 adaptive     4       12\n"
		"7       xlb1            if9             LOWERLAYERDOWN <NO-CARRIER,UP> 9000  fe:dc:ba:98:76:54 -            -       -\n");
	list.count = 1;
	expect_table(&list, true,
		"IFINDEX NAME            LOWER           STATE          FLAGS           MTU   ADDRESS           PLACEMENT    WORKERS SAS   RX_BYTES     RX_PACKETS RX_DROPPED TX_BYTES     TX_PACKETS TX_DROPPED\n"
		"5       xlb0            eth0            UP             <UP,LOWER_UP>   1500  02:00:5e:10:ab:01 adaptive     4       12    1000         10         1          2000         20         2\n");
	list.links[0].has_genl = false;	/* the fixture is shared */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_list_prints_nothing),
		cmocka_unit_test(columns_without_stats),
		cmocka_unit_test(columns_with_stats),
		cmocka_unit_test(unknown_operstate_prints_unknown),
		cmocka_unit_test(genl_columns),
	};

	return cmocka_run_group_tests_name("link table output", tests, NULL, NULL);
}
