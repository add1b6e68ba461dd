// SPDX-License-Identifier: GPL-2.0
/* xlbctl failover's text and JSON, from xlbd's view of its gateway pairs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "capture.h"
#include "json_check.h"
#include "json_writer.h"
#include "xlbctl.h"

/* 2026-12-05 15:20:01 UTC */
#define SINCE 1796484001

static struct xlb_agent_pair pairs[] = {
	{ .name = "gw", .line = 7, .address = "192.0.2.1", .role = XLB_AGENT_PAIR_MASTER,
	  .since = SINCE, .changes = 3, .conns = "west east" },
	{ .name = "gw6", .line = 12, .address = "2001:db8::1", .role = XLB_AGENT_PAIR_BACKUP,
	  .since = SINCE - 3600, .changes = 1, .pending = true, .conns = "site-a" },
	/* xlbd has not looked yet: no time to show */
	{ .name = "new", .line = 20, .address = "198.51.100.7", .conns = "solo" },
};

static const struct xlb_agent_state agent = { .pid = 1, .pairs = pairs, .npairs = 3 };

/* Prints @st as of @now into a string and compares it; JSON checked by a parser. */
static void expect(const struct xlb_agent_state *st, time_t now, bool json,
		   const char *expected)
{
	struct capture c;

	capture_open(&c);
	xlb_failover_print(c.file, st, now, json);
	assert_string_equal(capture_close(&c), expected);
	if (json)
		assert_true(json_is_valid(c.text, false));
	capture_free(&c);
}

static void pairs_text(void **state)
{
	(void)state;
	expect(&agent, SINCE + 42, false,
	       "pair gw line 7 address 192.0.2.1 master since 2026-12-05 15:20:01 UTC"
	       " (42 s ago) changes 3 conns west east\n"
	       "pair gw6 line 12 address 2001:db8::1 backup since 2026-12-05 14:20:01 UTC"
	       " (3642 s ago) changes 1 pending conns site-a\n"
	       "pair new line 20 address 198.51.100.7 unknown changes 0 conns solo\n");
}

static void pairs_json(void **state)
{
	(void)state;
	expect(&agent, SINCE + 42, true,
	       "[{\"kind\":\"pair\",\"name\":\"gw\",\"config_line\":7,"
	       "\"address\":\"192.0.2.1\",\"role\":\"master\",\"since\":1796484001,"
	       "\"changes\":3,\"pending\":false,\"conns\":[\"west\",\"east\"]},"
	       "{\"kind\":\"pair\",\"name\":\"gw6\",\"config_line\":12,"
	       "\"address\":\"2001:db8::1\",\"role\":\"backup\",\"since\":1796480401,"
	       "\"changes\":1,\"pending\":true,\"conns\":[\"site-a\"]},"
	       "{\"kind\":\"pair\",\"name\":\"new\",\"config_line\":20,"
	       "\"address\":\"198.51.100.7\",\"role\":\"unknown\",\"since\":null,"
	       "\"changes\":0,\"pending\":false,\"conns\":[\"solo\"]}]\n");
}

/* An xlbd without pairs: nothing, or an empty array. */
static void no_pairs(void **state)
{
	struct xlb_agent_state none = { .pid = 1 };

	(void)state;
	expect(&none, SINCE, false, "");
	expect(&none, SINCE, true, "[]\n");
}

/* The wall clock set back under a change of role: never a negative age. */
static void since_after_now(void **state)
{
	struct xlb_agent_state one = { .pid = 1, .pairs = pairs, .npairs = 1 };

	(void)state;
	expect(&one, SINCE - 5, false,
	       "pair gw line 7 address 192.0.2.1 master since 2026-12-05 15:20:01 UTC"
	       " (0 s ago) changes 3 conns west east\n");
}

/* -p: the same document, indented. */
static void pairs_pretty_json(void **state)
{
	struct xlb_agent_state one = { .pid = 1, .pairs = &pairs[1], .npairs = 1 };

	(void)state;
	json_writer_set_pretty(true);
	expect(&one, SINCE, true,
	       "[\n    {\n        \"kind\": \"pair\",\n        \"name\": \"gw6\",\n"
	       "        \"config_line\": 12,\n        \"address\": \"2001:db8::1\",\n"
	       "        \"role\": \"backup\",\n        \"since\": 1796480401,\n"
	       "        \"changes\": 1,\n        \"pending\": true,\n"
	       "        \"conns\": [\n            \"site-a\"\n        ]\n    }\n]\n");
}

/* Compact again for the tests after, even when an assertion failed. */
static int compact_json(void **state)
{
	(void)state;
	json_writer_set_pretty(false);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pairs_text),
		cmocka_unit_test(pairs_json),
		cmocka_unit_test(no_pairs),
		cmocka_unit_test(since_after_now),
		cmocka_unit_test_teardown(pairs_pretty_json, compact_json),
	};

	return cmocka_run_group_tests_name("xlbctl failover output", tests, NULL, NULL);
}
