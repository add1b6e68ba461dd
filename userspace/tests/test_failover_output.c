// SPDX-License-Identifier: GPL-2.0
/*
 * xlbctl failover's text and JSON, from xlbd's view of its gateway pairs
 * and peer failover groups.
 */
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

/* 2026-12-05 19:20:01 UTC */
#define GROUP_SINCE (SINCE + 4 * 3600)

static struct xlb_agent_failover groups[] = {
	{ .name = "site", .line = 12, .active = XLB_AGENT_FO_BACKUP, .since = GROUP_SINCE,
	  .failovers = 1, .failbacks = 0, .hold_down_s = 5,
	  .tunnel = { { "to-p1", "ipsec1", XLB_AGENT_FO_DEAD },
		      { "to-p2", "ipsec2", XLB_AGENT_FO_ALIVE } } },
	/* xlbd has not looked yet: no time to show, neither tunnel probed */
	{ .name = "dc2", .line = 14, .active = XLB_AGENT_FO_NONE, .failbacks = 2,
	  .hold_down_s = 30,
	  .tunnel = { { "dc2-a", "ipsec3" }, { "dc2-b", "ipsec4" } } },
};

/* Groups after the pairs. */
static const struct xlb_agent_state with_groups = {
	.pid = 1, .pairs = pairs, .npairs = 1, .failovers = groups, .nfailovers = 2,
};

static void groups_text(void **state)
{
	(void)state;
	expect(&with_groups, GROUP_SINCE + 35, false,
	       "pair gw line 7 address 192.0.2.1 master since 2026-12-05 15:20:01 UTC"
	       " (14435 s ago) changes 3 conns west east\n"
	       "failover site line 12 active backup since 2026-12-05 19:20:01 UTC (35 s ago)"
	       " failovers 1 failbacks 0 hold-down 5 s"
	       " primary to-p1 dev ipsec1 dead backup to-p2 dev ipsec2 alive\n"
	       "failover dc2 line 14 active none failovers 0 failbacks 2 hold-down 30 s"
	       " primary dc2-a dev ipsec3 unknown backup dc2-b dev ipsec4 unknown\n");
}

static void groups_json(void **state)
{
	(void)state;
	expect(&with_groups, GROUP_SINCE + 35, true,
	       "[{\"kind\":\"pair\",\"name\":\"gw\",\"config_line\":7,"
	       "\"address\":\"192.0.2.1\",\"role\":\"master\",\"since\":1796484001,"
	       "\"changes\":3,\"pending\":false,\"conns\":[\"west\",\"east\"]},"
	       "{\"kind\":\"failover\",\"name\":\"site\",\"config_line\":12,"
	       "\"active\":\"backup\",\"since\":1796498401,\"failovers\":1,"
	       "\"failbacks\":0,\"hold_down_s\":5,"
	       "\"primary\":{\"conn\":\"to-p1\",\"dev\":\"ipsec1\",\"health\":\"dead\"},"
	       "\"backup\":{\"conn\":\"to-p2\",\"dev\":\"ipsec2\",\"health\":\"alive\"}},"
	       "{\"kind\":\"failover\",\"name\":\"dc2\",\"config_line\":14,"
	       "\"active\":\"none\",\"since\":null,\"failovers\":0,"
	       "\"failbacks\":2,\"hold_down_s\":30,"
	       "\"primary\":{\"conn\":\"dc2-a\",\"dev\":\"ipsec3\",\"health\":\"unknown\"},"
	       "\"backup\":{\"conn\":\"dc2-b\",\"dev\":\"ipsec4\",\"health\":\"unknown\"}}]\n");
}

/* Groups alone, and values out of their enums shown as "nothing known". */
static void groups_alone(void **state)
{
	struct xlb_agent_failover odd = groups[0];
	struct xlb_agent_state one = { .pid = 1, .failovers = &odd, .nfailovers = 1 };

	(void)state;
	odd.active = (enum xlb_agent_fo_active)9;
	odd.tunnel[1].health = (enum xlb_agent_fo_health)9;
	expect(&one, GROUP_SINCE - 5, false,
	       "failover site line 12 active none since 2026-12-05 19:20:01 UTC (0 s ago)"
	       " failovers 1 failbacks 0 hold-down 5 s"
	       " primary to-p1 dev ipsec1 dead backup to-p2 dev ipsec2 unknown\n");
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

static void group_pretty_json(void **state)
{
	struct xlb_agent_state one = { .pid = 1, .failovers = groups, .nfailovers = 1 };

	(void)state;
	json_writer_set_pretty(true);
	expect(&one, GROUP_SINCE, true,
	       "[\n    {\n        \"kind\": \"failover\",\n        \"name\": \"site\",\n"
	       "        \"config_line\": 12,\n        \"active\": \"backup\",\n"
	       "        \"since\": 1796498401,\n        \"failovers\": 1,\n"
	       "        \"failbacks\": 0,\n        \"hold_down_s\": 5,\n"
	       "        \"primary\": {\n            \"conn\": \"to-p1\",\n"
	       "            \"dev\": \"ipsec1\",\n            \"health\": \"dead\"\n        },\n"
	       "        \"backup\": {\n            \"conn\": \"to-p2\",\n"
	       "            \"dev\": \"ipsec2\",\n            \"health\": \"alive\"\n        }\n"
	       "    }\n]\n");
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
		cmocka_unit_test(groups_text),
		cmocka_unit_test(groups_json),
		cmocka_unit_test(groups_alone),
		cmocka_unit_test_teardown(group_pretty_json, compact_json),
	};

	return cmocka_run_group_tests_name("xlbctl failover output", tests, NULL, NULL);
}
