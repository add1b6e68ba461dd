// SPDX-License-Identifier: GPL-2.0
/* The -j output, byte for byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "capture.h"
#include "link_fixtures.h"
#include "xlb_link.h"
#include "xlb_objects.h"
#include "xlbctl.h"

static void expect_json(const struct xlb_link_list *list, bool stats,
			const char *expected)
{
	struct capture c;

	capture_open(&c);
	xlb_links_print(c.file, list, stats, true);
	assert_string_equal(capture_close(&c), expected);
	capture_free(&c);
}

static void empty_list_is_empty_array(void **state)
{
	struct xlb_link_list empty = { 0 };

	(void)state;
	expect_json(&empty, false, "[]\n");
	expect_json(&empty, true, "[]\n");
}

static void links_without_stats(void **state)
{
	struct xlb_link_list list;

	(void)state;
	link_fixtures_three(&list);
	expect_json(&list, false,
		"["
		"{\"ifindex\":5,\"ifname\":\"xlb0\",\"link\":\"eth0\",\"link_index\":2,"
		"\"operstate\":\"UP\",\"up\":true,\"carrier\":true,\"mtu\":1500,"
		"\"address\":\"02:00:5e:10:ab:01\"},"
		"{\"ifindex\":7,\"ifname\":\"xlb1\",\"link\":null,\"link_index\":9,"
		"\"operstate\":\"LOWERLAYERDOWN\",\"up\":true,\"carrier\":false,\"mtu\":9000,"
		"\"address\":\"fe:dc:ba:98:76:54\"},"
		"{\"ifindex\":12,\"ifname\":\"xlb-d\",\"link\":null,\"link_index\":0,"
		"\"operstate\":\"DOWN\",\"up\":false,\"carrier\":false,\"mtu\":1400,"
		"\"address\":null}"
		"]\n");
}

static void links_with_stats(void **state)
{
	struct xlb_link_list list;

	(void)state;
	link_fixtures_three(&list);
	list.count = 2;
	expect_json(&list, true,
		"["
		"{\"ifindex\":5,\"ifname\":\"xlb0\",\"link\":\"eth0\",\"link_index\":2,"
		"\"operstate\":\"UP\",\"up\":true,\"carrier\":true,\"mtu\":1500,"
		"\"address\":\"02:00:5e:10:ab:01\","
		"\"stats64\":{\"rx\":{\"bytes\":1000,\"packets\":10,\"dropped\":1},"
		"\"tx\":{\"bytes\":2000,\"packets\":20,\"dropped\":2}}},"
		"{\"ifindex\":7,\"ifname\":\"xlb1\",\"link\":null,\"link_index\":9,"
		"\"operstate\":\"LOWERLAYERDOWN\",\"up\":true,\"carrier\":false,\"mtu\":9000,"
		"\"address\":\"fe:dc:ba:98:76:54\","
		"\"stats64\":{\"rx\":{\"bytes\":18446744073709551615,"
		"\"packets\":18446744073709551615,\"dropped\":18446744073709551615},"
		"\"tx\":{\"bytes\":18446744073709551615,"
		"\"packets\":18446744073709551615,\"dropped\":18446744073709551615}}}"
		"]\n");
}

/*
 * The kernel accepts any bytes in a name except '/', ':', whitespace and
 * NUL, so quotes, backslashes, control bytes and broken UTF-8 can all reach
 * us; the output must stay one valid JSON document.
 */
static void odd_names_are_escaped(void **state)
{
	struct xlb_link link = {
		.ifindex = 3,
		.lower_ifindex = 4,
		.operstate = 0,
		.mtu = 1500,
	};
	struct xlb_link_list list = { .links = &link, .count = 1, .capacity = 1 };

	(void)state;
	/* quote, backslash, \x01, DEL, e-acute (valid UTF-8), a stray 0xff */
	strcpy(link.name, "q\"b\\\x01\x7f\xc3\xa9\xff");
	/* a name that looks like an escape must not be unescaped */
	strcpy(link.lower_name, "a\\u0041/");
	expect_json(&list, false,
		"[{\"ifindex\":3,"
		"\"ifname\":\"q\\\"b\\\\\\u0001\\u007f\xc3\xa9\\ufffd\","
		"\"link\":\"a\\\\u0041/\",\"link_index\":4,"
		"\"operstate\":\"UNKNOWN\",\"up\":false,\"carrier\":false,\"mtu\":1500,"
		"\"address\":null}]\n");
}

static void genl_keys(void **state)
{
	struct xlb_link_list list;
	struct xlb_dev_info dev = { .ifindex = 5, .placement = 1, .workers = 2, .sas = 3 };
	struct xlb_dev_list devs = { .items = &dev, .count = 1, .capacity = 1 };

	(void)state;
	link_fixtures_three(&list);
	list.count = 1;
	xlb_links_add_genl(&list, &devs);
	expect_json(&list, false,
		"[{\"ifindex\":5,\"ifname\":\"xlb0\",\"link\":\"eth0\",\"link_index\":2,"
		"\"operstate\":\"UP\",\"up\":true,\"carrier\":true,\"mtu\":1500,"
		"\"address\":\"02:00:5e:10:ab:01\","
		"\"placement\":\"least-loaded\",\"workers\":2,\"sas\":3}]\n");
	list.links[0].has_genl = false;	/* the fixture is shared */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_list_is_empty_array),
		cmocka_unit_test(links_without_stats),
		cmocka_unit_test(links_with_stats),
		cmocka_unit_test(odd_names_are_escaped),
		cmocka_unit_test(genl_keys),
	};

	return cmocka_run_group_tests_name("link JSON output", tests, NULL, NULL);
}
