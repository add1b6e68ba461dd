// SPDX-License-Identifier: GPL-2.0
/* Text and JSON of workers, SAs, policy, events and stats frames. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sys/socket.h>

#include <linux/xlb.h>

#include "capture.h"
#include "genl_fixtures.h"
#include "json_check.h"
#include "json_writer.h"
#include "xlbctl.h"

/* Runs @print into a string, compares it, and checks JSON with python3. */
#define EXPECT(json_kind, expected, print_call)				\
	do {								\
		struct capture c_;					\
		FILE *out = (capture_open(&c_), c_.file);		\
		print_call;						\
		assert_string_equal(capture_close(&c_), expected);	\
		if ((json_kind) == 1)					\
			assert_true(json_is_valid(c_.text, false));	\
		else if ((json_kind) == 2)				\
			assert_true(json_is_valid(c_.text, true));	\
		capture_free(&c_);					\
	} while (0)

#define TEXT 0
#define JSON 1
#define JSON_LINES 2

static void workers_text(void **state)
{
	struct xlb_worker_list list;

	(void)state;
	genl_fixtures_workers(&list);
	EXPECT(TEXT,
	       "CPU  ONLINE LOAD   BUSY   OTHER  BACKLOG DEPTH/CAP   PKTS/S     BYTES/S      PACKETS        DROPS      SAS\n"
	       "0    yes    56.2%  40.0%  10.0%  6.2%    64/1024     250000     375000000    1000000        3          2\n"
	       "1    no     0.0%   0.0%   0.0%   0.0%    0/1024      0          0            0              0          0\n",
	       xlb_workers_print(out, &list, false));
}

static void workers_json(void **state)
{
	struct xlb_worker_list list, empty = { 0 };

	(void)state;
	genl_fixtures_workers(&list);
	EXPECT(JSON,
	       "[{\"cpu\":0,\"online\":true,\"load\":562,\"busy\":400,\"other\":100,"
	       "\"backlog\":62,\"depth\":64,\"capacity\":1024,\"pps\":250000,"
	       "\"bps\":375000000,\"packets\":1000000,\"bytes\":1500000000,\"drops\":3,"
	       "\"busy_ns\":987654321,\"sas\":2},"
	       "{\"cpu\":1,\"online\":false,\"load\":0,\"busy\":0,\"other\":0,"
	       "\"backlog\":0,\"depth\":0,\"capacity\":1024,\"pps\":0,\"bps\":0,"
	       "\"packets\":0,\"bytes\":0,\"drops\":0,\"busy_ns\":0,\"sas\":0}]\n",
	       xlb_workers_print(out, &list, true));
	EXPECT(JSON, "[]\n", xlb_workers_print(out, &empty, true));
	EXPECT(TEXT, "", xlb_workers_print(out, &empty, false));
}

static void sas_text(void **state)
{
	struct xlb_sa_list list;

	(void)state;
	genl_fixtures_sas(&list);
	EXPECT(TEXT,
	       "0x00001001 out inet 192.0.2.1 -> 192.0.2.2 dev xlb0 id 11 reqid 1"
	       " alg rfc4106(gcm(aes))"
	       " worker 0 pinned no spray auto sprayed yes cost 5.0%"
	       " pps 1000 packets 10 bytes 15000 errors 1 drops 2 fallbacks 3"
	       " moves 4 late 5 timeouts 6 inflight 7\n"
	       "0xdeadbeef in inet6 2001:db8::2 -> 2001:db8::1 dev if9 id 1099511627776"
	       " reqid 2 alg cbc(aes)+hmac(sha256)"
	       " worker 1 pinned yes spray off sprayed no cost 12.5%"
	       " pps 0 packets 18446744073709551615 bytes 0 errors 0 drops 0 fallbacks 0"
	       " moves 0 late 0 timeouts 0 inflight 0\n",
	       xlb_sas_print(out, &list, false));
}

static void sas_json(void **state)
{
	struct xlb_sa_list list, empty = { 0 };

	(void)state;
	genl_fixtures_sas(&list);
	EXPECT(JSON,
	       "[{\"ifindex\":5,\"ifname\":\"xlb0\",\"spi\":4097,\"id\":11,\"dir\":\"out\","
	       "\"family\":\"inet\",\"src\":\"192.0.2.1\",\"dst\":\"192.0.2.2\","
	       "\"reqid\":1,\"alg\":\"rfc4106(gcm(aes))\",\"auth\":null,\"worker\":0,"
	       "\"pinned\":false,\"spray\":\"auto\",\"sprayed\":true,\"cost\":50,"
	       "\"pps\":1000,\"packets\":10,\"bytes\":15000,\"errors\":1,\"drops\":2,"
	       "\"fallbacks\":3,\"moves\":4,\"late\":5,\"timeouts\":6,\"inflight\":7},"
	       "{\"ifindex\":9,\"ifname\":null,\"spi\":3735928559,\"id\":1099511627776,"
	       "\"dir\":\"in\","
	       "\"family\":\"inet6\",\"src\":\"2001:db8::2\",\"dst\":\"2001:db8::1\","
	       "\"reqid\":2,\"alg\":\"cbc(aes)\",\"auth\":\"hmac(sha256)\",\"worker\":1,"
	       "\"pinned\":true,\"spray\":\"off\",\"sprayed\":false,\"cost\":125,"
	       "\"pps\":0,\"packets\":18446744073709551615,\"bytes\":0,\"errors\":0,"
	       "\"drops\":0,\"fallbacks\":0,\"moves\":0,\"late\":0,\"timeouts\":0,"
	       "\"inflight\":0}]\n",
	       xlb_sas_print(out, &list, true));
	EXPECT(JSON, "[]\n", xlb_sas_print(out, &empty, true));
}

static void unknown_enum_values_print_their_number(void **state)
{
	struct xlb_sa sa = {
		.spi = 1, .dir = 9, .family = 99, .spray = 77, .alg = "x\"y",
	};
	struct xlb_sa_list list = { .items = &sa, .count = 1, .capacity = 1 };

	(void)state;
	EXPECT(TEXT,
	       "0x00000001 9 99 - -> - dev if0 id 0 reqid 0 alg x\"y worker 0 pinned no"
	       " spray 77 sprayed no cost 0.0% pps 0 packets 0 bytes 0 errors 0"
	       " drops 0 fallbacks 0 moves 0 late 0 timeouts 0 inflight 0\n",
	       xlb_sas_print(out, &list, false));
	EXPECT(JSON,
	       "[{\"ifindex\":0,\"ifname\":null,\"spi\":1,\"id\":0,\"dir\":\"9\","
	       "\"family\":\"99\",\"src\":null,\"dst\":null,\"reqid\":0,"
	       "\"alg\":\"x\\\"y\",\"auth\":null,\"worker\":0,\"pinned\":false,"
	       "\"spray\":\"77\",\"sprayed\":false,\"cost\":0,\"pps\":0,"
	       "\"packets\":0,\"bytes\":0,\"errors\":0,\"drops\":0,\"fallbacks\":0,"
	       "\"moves\":0,\"late\":0,\"timeouts\":0,\"inflight\":0}]\n",
	       xlb_sas_print(out, &list, true));
}

static void policy_text_and_json(void **state)
{
	struct xlb_policy p, partial = { .has_hotspot = true, .hotspot = 900 };

	(void)state;
	genl_fixtures_policy(&p);
	EXPECT(TEXT,
	       "placement least-loaded\nhotspot 850\ninterval 100\n"
	       "spray-threshold 700\nmax-moves 1\nmove-cooldown 10\n",
	       xlb_policy_print(out, &p, false));
	EXPECT(JSON,
	       "{\"placement\":\"least-loaded\",\"hotspot\":850,\"interval_ms\":100,"
	       "\"spray_threshold\":700,\"max_moves\":1,\"move_cooldown\":10}\n",
	       xlb_policy_print(out, &p, true));
	EXPECT(TEXT, "hotspot 900\n", xlb_policy_print(out, &partial, false));
	EXPECT(JSON, "{\"hotspot\":900}\n", xlb_policy_print(out, &partial, true));
}

/* xlbctl -j -p: the same document, indented, still valid JSON. */
static void policy_pretty_json(void **state)
{
	struct xlb_policy p = { .has_hotspot = true, .hotspot = 900,
				.has_max_moves = true, .max_moves = 2 };
	struct xlb_worker_list empty = { 0 };

	(void)state;
	json_writer_set_pretty(true);
	EXPECT(JSON, "{\n    \"hotspot\": 900,\n    \"max_moves\": 2\n}\n",
	       xlb_policy_print(out, &p, true));
	EXPECT(JSON, "[]\n", xlb_workers_print(out, &empty, true));
}

/* Compact again for the tests after, even when an assertion failed. */
static int compact_json(void **state)
{
	(void)state;
	json_writer_set_pretty(false);
	return 0;
}

static const struct {
	struct xlb_event ev;
	const char *text, *json;
} events[] = {
	{
		{ .cmd = XLB_CMD_SA_PLACED_NTF, .ifindex = 5, .ifname = "xlb0",
		  .spi = 0x1001, .dir = XLB_SA_DIR_OUT, .has_to = true, .to = 1,
		  .reason = XLB_REASON_NEW, .sa_id = 11, .reqid = 16389,
		  .family = AF_INET, .daddr = { 192, 0, 2, 2 } },
		"sa-placed dev xlb0 spi 0x00001001 dir out to 1 reason new id 11"
		" reqid 16389 dst 192.0.2.2\n",
		"{\"event\":\"sa-placed\",\"ifindex\":5,\"ifname\":\"xlb0\",\"spi\":4097,"
		"\"id\":11,\"reqid\":16389,\"dst\":\"192.0.2.2\","
		"\"dir\":\"out\",\"to\":1,\"reason\":\"new\"}\n",
	},
	{
		{ .cmd = XLB_CMD_SA_MIGRATED_NTF, .ifindex = 9, .spi = 0xdeadbeef,
		  .dir = XLB_SA_DIR_IN, .has_from = true, .from = 0, .has_to = true,
		  .to = 3, .reason = XLB_REASON_HOTSPOT },
		"sa-migrated dev if9 spi 0xdeadbeef dir in from 0 to 3 reason hotspot"
		" id 0 reqid 0\n",
		"{\"event\":\"sa-migrated\",\"ifindex\":9,\"ifname\":null,\"spi\":3735928559,"
		"\"id\":0,\"reqid\":0,\"dst\":null,"
		"\"dir\":\"in\",\"from\":0,\"to\":3,\"reason\":\"hotspot\"}\n",
	},
	{
		{ .cmd = XLB_CMD_SA_REMOVED_NTF, .ifindex = 5, .ifname = "xlb0",
		  .spi = 0x1002, .dir = XLB_SA_DIR_IN, .sa_id = 12, .reqid = 7,
		  .family = AF_INET6, .daddr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 } },
		"sa-removed dev xlb0 spi 0x00001002 dir in id 12 reqid 7 dst 2001:db8::1\n",
		"{\"event\":\"sa-removed\",\"ifindex\":5,\"ifname\":\"xlb0\",\"spi\":4098,"
		"\"id\":12,\"reqid\":7,\"dst\":\"2001:db8::1\",\"dir\":\"in\"}\n",
	},
	{
		{ .cmd = XLB_CMD_HOTSPOT_NTF, .worker = 2, .load = 930, .hotspot = 850 },
		"hotspot worker 2 load 93.0% hotspot 85.0%\n",
		"{\"event\":\"hotspot\",\"worker\":2,\"load\":930,\"hotspot\":850}\n",
	},
	{
		{ .cmd = XLB_CMD_WORKER_ONLINE_NTF, .worker = 1 },
		"worker-online worker 1\n",
		"{\"event\":\"worker-online\",\"worker\":1}\n",
	},
	{
		{ .cmd = XLB_CMD_WORKER_OFFLINE_NTF, .worker = 1 },
		"worker-offline worker 1\n",
		"{\"event\":\"worker-offline\",\"worker\":1}\n",
	},
};

static void events_text_and_json(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
		EXPECT(TEXT, events[i].text,
		       xlb_event_print(out, &events[i].ev, false, XLBCTL_TIMESTAMP_NONE, NULL));
		EXPECT(JSON_LINES, events[i].json,
		       xlb_event_print(out, &events[i].ev, true, XLBCTL_TIMESTAMP_NONE, NULL));
	}
}

/* 2026-12-04 19:33:03.123456789 UTC */
static const struct timespec event_time = { 1796412783, 123456789 };

/* monitor -t, -ts and -j -t, in UTC and in a zone east of it. */
static void event_timestamps(void **state)
{
	const struct xlb_event *ev = &events[4].ev;	/* worker-online */
	char buf[XLB_TIMESTAMP_STRLEN];

	(void)state;
	setenv("TZ", "UTC0", 1);
	tzset();
	EXPECT(TEXT, "Timestamp: Fri Dec  4 19:33:03 2026 123456 usec\nworker-online worker 1\n",
	       xlb_event_print(out, ev, false, XLBCTL_TIMESTAMP_LONG, &event_time));
	EXPECT(TEXT, "[2026-12-04T19:33:03.123456] worker-online worker 1\n",
	       xlb_event_print(out, ev, false, XLBCTL_TIMESTAMP_SHORT, &event_time));
	EXPECT(JSON_LINES,
	       "{\"timestamp\":\"2026-12-04T19:33:03.123456+00:00\","
	       "\"event\":\"worker-online\",\"worker\":1}\n",
	       xlb_event_print(out, ev, true, XLBCTL_TIMESTAMP_SHORT, &event_time));
	setenv("TZ", "XST-5:30", 1);
	tzset();
	assert_string_equal(xlb_timestamp_rfc3339(&event_time, buf),
			    "2026-12-05T01:03:03.123456+05:30");
	EXPECT(TEXT, "[2026-12-05T01:03:03.123456] worker-online worker 1\n",
	       xlb_event_print(out, ev, false, XLBCTL_TIMESTAMP_SHORT, &event_time));
	setenv("TZ", "UTC0", 1);
	tzset();
}

static void load_bars(void **state)
{
	char bar[XLB_BAR_WIDTH + 3];

	(void)state;
	assert_string_equal(xlb_load_bar(0, bar), "[....................]");
	assert_string_equal(xlb_load_bar(1, bar), "[#...................]");
	assert_string_equal(xlb_load_bar(500, bar), "[##########..........]");
	assert_string_equal(xlb_load_bar(1000, bar), "[####################]");
	assert_string_equal(xlb_load_bar(5000, bar), "[####################]");
}

static void top_sas_by_cost(void **state)
{
	struct xlb_sa items[5] = {
		{ .spi = 1, .cost = 10 }, { .spi = 2, .cost = 50 },
		{ .spi = 3, .cost = 30 }, { .spi = 4, .cost = 50 },
		{ .spi = 5, .cost = 0 },
	};
	struct xlb_sa_list list = { .items = items, .count = 5, .capacity = 5 };
	size_t order[5];

	(void)state;
	assert_int_equal(xlb_sas_by_cost(&list, order, 3), 3);
	assert_int_equal(items[order[0]].spi, 2);	/* ties keep dump order */
	assert_int_equal(items[order[1]].spi, 4);
	assert_int_equal(items[order[2]].spi, 3);
	assert_int_equal(xlb_sas_by_cost(&list, order, 5), 5);
	assert_int_equal(items[order[3]].spi, 1);
	assert_int_equal(items[order[4]].spi, 5);
	assert_int_equal(xlb_sas_by_cost(&list, order, 0), 0);
}

static void stats_frames(void **state)
{
	struct xlb_worker_list workers;
	struct xlb_sa_list sas;
	struct capture c;
	const char *text;
	static const char frame[] =
		"cpu0   [############........]  56% pps 250000 depth 64/1024 sas 2\n"
		"cpu1   offline\n"
		"\n"
		"top SAs by cost (2 of 2)\n"
		"0xdeadbeef in  2001:db8::2 -> 2001:db8::1 worker 1 cost 12.5% pps 0\n"
		"0x00001001 out 192.0.2.1 -> 192.0.2.2 worker 0 sprayed cost 5.0% pps 1000\n";

	(void)state;
	genl_fixtures_workers(&workers);
	genl_fixtures_sas(&sas);
	EXPECT(TEXT, frame, xlb_stats_print_text(out, &workers, &sas, false));
	/* on a terminal: home and clear first, then the same frame */
	capture_open(&c);
	xlb_stats_print_text(c.file, &workers, &sas, true);
	text = capture_close(&c);
	assert_memory_equal(text, "\033[H\033[2J", 7);
	assert_string_equal(text + 7, frame);
	capture_free(&c);
	EXPECT(JSON_LINES,
	       "{\"workers\":[{\"cpu\":0,\"online\":true,\"load\":562,\"busy\":400,"
	       "\"other\":100,\"backlog\":62,\"depth\":64,\"capacity\":1024,\"pps\":250000,"
	       "\"bps\":375000000,\"packets\":1000000,\"bytes\":1500000000,\"drops\":3,"
	       "\"busy_ns\":987654321,\"sas\":2},{\"cpu\":1,\"online\":false,\"load\":0,"
	       "\"busy\":0,\"other\":0,\"backlog\":0,\"depth\":0,\"capacity\":1024,"
	       "\"pps\":0,\"bps\":0,\"packets\":0,\"bytes\":0,\"drops\":0,\"busy_ns\":0,"
	       "\"sas\":0}],\"top_sas\":[{\"ifindex\":9,\"ifname\":null,"
	       "\"spi\":3735928559,\"id\":1099511627776,\"dir\":\"in\",\"family\":\"inet6\","
	       "\"src\":\"2001:db8::2\",\"dst\":\"2001:db8::1\",\"reqid\":2,"
	       "\"alg\":\"cbc(aes)\",\"auth\":\"hmac(sha256)\",\"worker\":1,"
	       "\"pinned\":true,\"spray\":\"off\",\"sprayed\":false,\"cost\":125,"
	       "\"pps\":0,\"packets\":18446744073709551615,\"bytes\":0,\"errors\":0,"
	       "\"drops\":0,\"fallbacks\":0,\"moves\":0,\"late\":0,\"timeouts\":0,"
	       "\"inflight\":0},{\"ifindex\":5,\"ifname\":\"xlb0\",\"spi\":4097,"
	       "\"id\":11,\"dir\":\"out\",\"family\":\"inet\",\"src\":\"192.0.2.1\","
	       "\"dst\":\"192.0.2.2\",\"reqid\":1,\"alg\":\"rfc4106(gcm(aes))\","
	       "\"auth\":null,\"worker\":0,\"pinned\":false,\"spray\":\"auto\","
	       "\"sprayed\":true,\"cost\":50,\"pps\":1000,\"packets\":10,\"bytes\":15000,"
	       "\"errors\":1,\"drops\":2,\"fallbacks\":3,\"moves\":4,\"late\":5,"
	       "\"timeouts\":6,\"inflight\":7}]}\n",
	       xlb_stats_print_json(out, &workers, &sas));
}

static void json_check_refuses_broken_json(void **state)
{
	(void)state;
	assert_false(json_is_valid("{\"a\":1", false));
	assert_false(json_is_valid("{} {}", false));
	assert_false(json_is_valid("{}\n{", true));
	assert_true(json_is_valid("{}\n[]\n", true));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(workers_text),
		cmocka_unit_test(workers_json),
		cmocka_unit_test(sas_text),
		cmocka_unit_test(sas_json),
		cmocka_unit_test(unknown_enum_values_print_their_number),
		cmocka_unit_test(policy_text_and_json),
		cmocka_unit_test_teardown(policy_pretty_json, compact_json),
		cmocka_unit_test(events_text_and_json),
		cmocka_unit_test(event_timestamps),
		cmocka_unit_test(load_bars),
		cmocka_unit_test(top_sas_by_cost),
		cmocka_unit_test(stats_frames),
		cmocka_unit_test(json_check_refuses_broken_json),
	};

	return cmocka_run_group_tests_name("generic netlink output", tests, NULL, NULL);
}
