// SPDX-License-Identifier: GPL-2.0
/* xlbctl's command line: what parses, to what, and what is a usage error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <sys/socket.h>

#include <linux/xlb.h>

#include "capture.h"
#include "xlbctl_args.h"

#define ARGV(...) ((char *[]){ "xlbctl", __VA_ARGS__ })
#define ARGC(...) ((int)(sizeof(ARGV(__VA_ARGS__)) / sizeof(char *)))

/* Parses "xlbctl ARGS..." (no arguments: pass nothing after argv[0]). */
#define PARSE(args, err, ...) \
	xlbctl_parse_args(ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), (args), \
			  (err), sizeof(err))

struct valid_case {
	int argc;
	char *argv[6];
	enum xlbctl_action action;
	bool json;
	bool stats;
	const char *dev;
};

static const struct valid_case valid_cases[] = {
	{ 1, { "xlbctl" }, XLBCTL_ACTION_DEV_SHOW, false, false, NULL },
	{ 2, { "xlbctl", "dev" }, XLBCTL_ACTION_DEV_SHOW, false, false, NULL },
	{ 3, { "xlbctl", "dev", "show" }, XLBCTL_ACTION_DEV_SHOW, false, false, NULL },
	{ 4, { "xlbctl", "dev", "show", "xlb0" }, XLBCTL_ACTION_DEV_SHOW, false, false, "xlb0" },
	{ 2, { "xlbctl", "-j" }, XLBCTL_ACTION_DEV_SHOW, true, false, NULL },
	{ 2, { "xlbctl", "--json" }, XLBCTL_ACTION_DEV_SHOW, true, false, NULL },
	{ 2, { "xlbctl", "-s" }, XLBCTL_ACTION_DEV_SHOW, false, true, NULL },
	{ 2, { "xlbctl", "--stats" }, XLBCTL_ACTION_DEV_SHOW, false, true, NULL },
	{ 3, { "xlbctl", "-j", "-s" }, XLBCTL_ACTION_DEV_SHOW, true, true, NULL },
	{ 2, { "xlbctl", "-sj" }, XLBCTL_ACTION_DEV_SHOW, true, true, NULL },
	{ 3, { "xlbctl", "-s", "-s" }, XLBCTL_ACTION_DEV_SHOW, false, true, NULL },
	{ 5, { "xlbctl", "-j", "dev", "show", "xlb0" }, XLBCTL_ACTION_DEV_SHOW, true, false, "xlb0" },
	{ 6, { "xlbctl", "-j", "-s", "dev", "show", "xlb0" }, XLBCTL_ACTION_DEV_SHOW, true, true, "xlb0" },
	/* a 15-byte name is the longest the kernel allows */
	{ 4, { "xlbctl", "dev", "show", "abcdefghijklmno" }, XLBCTL_ACTION_DEV_SHOW, false, false, "abcdefghijklmno" },
	/* after "--", a name may start with '-' */
	{ 5, { "xlbctl", "--", "dev", "show", "-odd" }, XLBCTL_ACTION_DEV_SHOW, false, false, "-odd" },
	{ 2, { "xlbctl", "-h" }, XLBCTL_ACTION_HELP, false, false, NULL },
	{ 2, { "xlbctl", "--help" }, XLBCTL_ACTION_HELP, false, false, NULL },
	{ 2, { "xlbctl", "-V" }, XLBCTL_ACTION_VERSION, false, false, NULL },
	{ 2, { "xlbctl", "--version" }, XLBCTL_ACTION_VERSION, false, false, NULL },
	/* help and version win over whatever follows, as with getopt tools */
	{ 3, { "xlbctl", "-h", "bogus" }, XLBCTL_ACTION_HELP, false, false, NULL },
	{ 2, { "xlbctl", "-jh" }, XLBCTL_ACTION_HELP, true, false, NULL },
	{ 4, { "xlbctl", "-V", "dev", "frob" }, XLBCTL_ACTION_VERSION, false, false, NULL },
};

static void valid_command_lines_parse(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(valid_cases) / sizeof(valid_cases[0]); i++) {
		const struct valid_case *vc = &valid_cases[i];
		struct xlbctl_args args;
		char err[128] = "untouched";
		int ret;

		ret = xlbctl_parse_args(vc->argc, vc->argv, &args, err, sizeof(err));
		if (ret != XLBCTL_EXIT_OK)
			fail_msg("case %zu (first argument \"%s\"): returned %d: %s",
				 i, vc->argc > 1 ? vc->argv[1] : "", ret, err);
		assert_string_equal(err, "");
		assert_int_equal(args.action, vc->action);
		assert_int_equal(args.json, vc->json);
		assert_int_equal(args.stats, vc->stats);
		if (vc->dev) {
			assert_non_null(args.dev);
			assert_string_equal(args.dev, vc->dev);
			/* points into argv, not a copy */
			assert_ptr_equal(args.dev, vc->argv[vc->argc - 1]);
		} else {
			assert_null(args.dev);
		}
	}
}

struct usage_case {
	int argc;
	char *argv[12];
	const char *message;
};

static const struct usage_case usage_cases[] = {
	{ 2, { "xlbctl", "-x" }, "invalid option -- 'x'" },
	{ 2, { "xlbctl", "-jx" }, "invalid option -- 'x'" },
	{ 2, { "xlbctl", "--bogus" }, "unrecognized option '--bogus'" },
	{ 2, { "xlbctl", "--json=yes" }, "unrecognized option '--json=yes'" },
	{ 2, { "xlbctl", "--js" }, "unrecognized option '--js'" },
	{ 2, { "xlbctl", "--pretty=yes" }, "unrecognized option '--pretty=yes'" },
	/* -t and -ts: monitor only; classes: exact names, the valid ones said */
	{ 3, { "xlbctl", "-t", "sa" }, "option '-t' applies to 'monitor' only" },
	{ 2, { "xlbctl", "-t" }, "option '-t' applies to 'monitor' only" },
	{ 3, { "xlbctl", "-ts", "workers" }, "option '-ts' applies to 'monitor' only" },
	{ 3, { "xlbctl", "-tsj", "monitor" }, "option '-s' applies to 'dev show' only" },
	{ 3, { "xlbctl", "monitor", "-t" }, "option '-t' must come before the object" },
	{ 3, { "xlbctl", "--tshort=1", "monitor" }, "unrecognized option '--tshort=1'" },
	{ 3, { "xlbctl", "monitor", "link" },
	  "unknown event class 'link' (valid: all, sa, sa-placed, sa-migrated, sa-removed,"
	  " hotspot, worker, worker-online, worker-offline)" },
	{ 4, { "xlbctl", "monitor", "sa", "sa-" },
	  "unknown event class 'sa-' (valid: all, sa, sa-placed, sa-migrated, sa-removed,"
	  " hotspot, worker, worker-online, worker-offline)" },
	{ 3, { "xlbctl", "monitor", "" },
	  "unknown event class '' (valid: all, sa, sa-placed, sa-migrated, sa-removed,"
	  " hotspot, worker, worker-online, worker-offline)" },
	{ 4, { "xlbctl", "monitor", "help", "sa" }, "unexpected argument 'sa'" },
	{ 3, { "xlbctl", "sa", "-p" }, "option '-p' must come before the object" },
	{ 4, { "xlbctl", "-j", "workers", "--pretty" }, "option '--pretty' must come before the object" },
	{ 2, { "xlbctl", "bogus" }, "unknown object 'bogus'" },
	{ 2, { "xlbctl", "-" }, "unknown object '-'" },
	{ 2, { "xlbctl", "" }, "unknown object ''" },
	{ 2, { "xlbctl", "show" }, "unknown object 'show'" },
	{ 2, { "xlbctl", "DEV" }, "unknown object 'DEV'" },
	{ 3, { "xlbctl", "dev", "frob" }, "unknown command 'dev frob'" },
	{ 3, { "xlbctl", "dev", "xlb0" }, "unknown command 'dev xlb0'" },
	{ 5, { "xlbctl", "dev", "show", "xlb0", "xlb1" }, "unexpected argument 'xlb1'" },
	{ 4, { "xlbctl", "dev", "show", "" }, "invalid device name ''" },
	{ 4, { "xlbctl", "dev", "show", "abcdefghijklmnop" }, "invalid device name 'abcdefghijklmnop'" },
	{ 4, { "xlbctl", "dev", "show", "." }, "invalid device name '.'" },
	{ 4, { "xlbctl", "dev", "show", ".." }, "invalid device name '..'" },
	{ 4, { "xlbctl", "dev", "show", "a/b" }, "invalid device name 'a/b'" },
	{ 4, { "xlbctl", "dev", "show", "a:1" }, "invalid device name 'a:1'" },
	{ 4, { "xlbctl", "dev", "show", "a b" }, "invalid device name 'a b'" },
	{ 4, { "xlbctl", "dev", "show", "a\tb" }, "invalid device name 'a\tb'" },
	{ 4, { "xlbctl", "dev", "show", "-j" }, "option '-j' must come before the object" },
	{ 3, { "xlbctl", "dev", "-s" }, "option '-s' must come before the object" },
	{ 3, { "xlbctl", "dev", "--help" }, "option '--help' must come before the object" },
	{ 5, { "xlbctl", "dev", "show", "xlb0", "-j" }, "option '-j' must come before the object" },
	{ 3, { "xlbctl", "--", "-j" }, "unknown object '-j'" },
	/* -n NETNS */
	{ 2, { "xlbctl", "-n" }, "option '-n' requires an argument" },
	{ 2, { "xlbctl", "--netns" }, "option '--netns' requires an argument" },
	{ 4, { "xlbctl", "-nj", "ns", "workers" }, "option '-n' must be last in '-nj'" },
	{ 3, { "xlbctl", "-n", "" }, "invalid network namespace name ''" },
	{ 3, { "xlbctl", "-n", "a/b" }, "invalid network namespace name 'a/b'" },
	{ 3, { "xlbctl", "-n", ".." }, "invalid network namespace name '..'" },
	{ 4, { "xlbctl", "workers", "-n", "x" }, "option '-n' must come before the object" },
	/* workers */
	{ 3, { "xlbctl", "workers", "list" }, "unknown command 'workers list'" },
	{ 4, { "xlbctl", "workers", "show", "0" }, "unexpected argument '0'" },
	{ 3, { "xlbctl", "workers", "-j" }, "option '-j' must come before the object" },
	/* sa list */
	{ 3, { "xlbctl", "sa", "frob" }, "unknown command 'sa frob'" },
	{ 3, { "xlbctl", "sa", "dev" }, "'dev' needs a device name" },
	{ 4, { "xlbctl", "sa", "list", "dev" }, "'dev' needs a device name" },
	{ 5, { "xlbctl", "sa", "list", "dev", "a/b" }, "invalid device name 'a/b'" },
	{ 5, { "xlbctl", "sa", "list", "xlb0", "x" }, "unexpected argument 'x'" },
	{ 4, { "xlbctl", "sa", "list", "a/b" }, "invalid device name 'a/b'" },
	{ 5, { "xlbctl", "dev", "show", "dev", "a/b" }, "invalid device name 'a/b'" },
	{ 4, { "xlbctl", "dev", "show", "dev" }, "'dev' needs a device name" },
	{ 6, { "xlbctl", "sa", "list", "dev", "xlb0", "x" }, "unexpected argument 'x'" },
	/* sa pin, unpin, spray */
	{ 3, { "xlbctl", "sa", "pin" }, "missing SPI" },
	{ 4, { "xlbctl", "sa", "pin", "0x1001" }, "missing WORKER" },
	{ 5, { "xlbctl", "sa", "pin", "zz", "1" }, "invalid SPI 'zz'" },
	{ 5, { "xlbctl", "sa", "pin", "0", "1" }, "invalid SPI '0'" },
	{ 5, { "xlbctl", "sa", "pin", "0x100000000", "1" }, "invalid SPI '0x100000000'" },
	{ 5, { "xlbctl", "sa", "pin", "0x", "1" }, "invalid SPI '0x'" },
	{ 5, { "xlbctl", "sa", "pin", "0x0x1", "1" }, "invalid SPI '0x0x1'" },
	{ 5, { "xlbctl", "sa", "pin", "0x-1", "1" }, "invalid SPI '0x-1'" },
	{ 5, { "xlbctl", "sa", "pin", "0x 1", "1" }, "invalid SPI '0x 1'" },
	{ 5, { "xlbctl", "sa", "pin", "1e3", "1" }, "invalid SPI '1e3'" },
	{ 5, { "xlbctl", "sa", "pin", "--", "1" }, "option '--' must come before the object" },
	{ 5, { "xlbctl", "sa", "pin", "0x1001", "one" }, "invalid worker 'one'" },
	{ 5, { "xlbctl", "sa", "pin", "0x1001", "0x1" }, "invalid worker '0x1'" },
	{ 5, { "xlbctl", "sa", "pin", "0x1001", "4294967296" }, "invalid worker '4294967296'" },
	{ 6, { "xlbctl", "sa", "pin", "0x1001", "1", "2" }, "unexpected argument '2'" },
	{ 6, { "xlbctl", "sa", "pin", "0x1001", "1", "dir" }, "'dir' needs 'in' or 'out'" },
	{ 7, { "xlbctl", "sa", "pin", "0x1001", "1", "dir", "fwd" }, "'dir' needs 'in' or 'out'" },
	{ 9, { "xlbctl", "sa", "pin", "0x1001", "1", "dir", "in", "dir", "out" }, "'dir' given twice" },
	{ 8, { "xlbctl", "sa", "unpin", "1", "dev", "a", "dev", "b" }, "'dev' given twice" },
	{ 3, { "xlbctl", "sa", "unpin" }, "missing SPI" },
	{ 5, { "xlbctl", "sa", "unpin", "1", "1" }, "unexpected argument '1'" },
	{ 4, { "xlbctl", "sa", "spray", "1" }, "'spray' needs 'on', 'off' or 'auto'" },
	{ 5, { "xlbctl", "sa", "spray", "1", "yes" }, "'spray' needs 'on', 'off' or 'auto'" },
	{ 7, { "xlbctl", "sa", "spray", "1", "on", "dev", "" }, "invalid device name ''" },
	/* dst ADDR: IPv4 or IPv6, once */
	{ 6, { "xlbctl", "sa", "pin", "0x1001", "1", "dst" }, "'dst' needs an IPv4 or IPv6 address" },
	{ 7, { "xlbctl", "sa", "pin", "0x1001", "1", "dst", "192.0.2" },
	  "invalid address '192.0.2' (IPv4 or IPv6)" },
	{ 6, { "xlbctl", "sa", "unpin", "1", "dst", "example.org" },
	  "invalid address 'example.org' (IPv4 or IPv6)" },
	{ 6, { "xlbctl", "sa", "unpin", "1", "dst", "192.0.2.2/32" },
	  "invalid address '192.0.2.2/32' (IPv4 or IPv6)" },
	{ 6, { "xlbctl", "sa", "unpin", "1", "dst", "2001:db8:::1" },
	  "invalid address '2001:db8:::1' (IPv4 or IPv6)" },
	{ 8, { "xlbctl", "sa", "unpin", "1", "dst", "::1", "dst", "::1" }, "'dst' given twice" },
	/* policy */
	{ 3, { "xlbctl", "policy", "get" }, "unknown command 'policy get'" },
	{ 3, { "xlbctl", "tunnel", "add" }, "unknown command 'tunnel add'" },
	{ 4, { "xlbctl", "tunnel", "list", "x" }, "unexpected argument 'x'" },
	/* failover */
	{ 3, { "xlbctl", "failover", "nosuch" }, "unknown command 'failover nosuch'" },
	{ 4, { "xlbctl", "failover", "list", "x" }, "unexpected argument 'x'" },
	{ 4, { "xlbctl", "failover", "help", "x" }, "unexpected argument 'x'" },
	{ 3, { "xlbctl", "failover", "-j" }, "option '-j' must come before the object" },
	{ 3, { "xlbctl", "-s", "failover" }, "option '-s' applies to 'dev show' only" },
	{ 4, { "xlbctl", "policy", "show", "x" }, "unexpected argument 'x'" },
	{ 3, { "xlbctl", "policy", "set" }, "'policy set' needs KEY VALUE" },
	{ 4, { "xlbctl", "policy", "set", "hotspot" }, "policy key 'hotspot' needs a value" },
	{ 5, { "xlbctl", "policy", "set", "bogus", "1" }, "unknown policy key 'bogus'" },
	{ 5, { "xlbctl", "policy", "set", "placement", "random" },
	  "placement must be hash, least-loaded or adaptive, not 'random'" },
	{ 5, { "xlbctl", "policy", "set", "hotspot", "99" },
	  "hotspot must be a number from 100 to 1000, not '99'" },
	{ 5, { "xlbctl", "policy", "set", "hotspot", "1001" },
	  "hotspot must be a number from 100 to 1000, not '1001'" },
	{ 5, { "xlbctl", "policy", "set", "interval", "9" },
	  "interval must be a number from 10 to 10000, not '9'" },
	{ 5, { "xlbctl", "policy", "set", "spray-threshold", "10001" },
	  "spray-threshold must be a number from 0 to 10000, not '10001'" },
	{ 5, { "xlbctl", "policy", "set", "max-moves", "65" },
	  "max-moves must be a number from 0 to 64, not '65'" },
	{ 5, { "xlbctl", "policy", "set", "move-cooldown", "1e3" },
	  "move-cooldown must be a number from 0 to 1000, not '1e3'" },
	{ 5, { "xlbctl", "policy", "set", "max-moves", "-1" },
	  "option '-1' must come before the object" },
	{ 7, { "xlbctl", "policy", "set", "hotspot", "200", "hotspot", "300" },
	  "policy key 'hotspot' given twice" },
	/* monitor */
	{ 3, { "xlbctl", "monitor", "-j" }, "option '-j' must come before the object" },
	/* stats */
	{ 3, { "xlbctl", "stats", "-i" }, "option '-i' requires an argument" },
	{ 3, { "xlbctl", "stats", "-c" }, "option '-c' requires an argument" },
	{ 4, { "xlbctl", "stats", "-i", "0" }, "invalid interval '0' (0.1 to 3600 seconds)" },
	{ 4, { "xlbctl", "stats", "-i", "0.05" }, "invalid interval '0.05' (0.1 to 3600 seconds)" },
	{ 4, { "xlbctl", "stats", "-i", "x" }, "invalid interval 'x' (0.1 to 3600 seconds)" },
	{ 4, { "xlbctl", "stats", "-i", "nan" }, "invalid interval 'nan' (0.1 to 3600 seconds)" },
	{ 4, { "xlbctl", "stats", "-i", "3601" }, "invalid interval '3601' (0.1 to 3600 seconds)" },
	{ 4, { "xlbctl", "stats", "-c", "0" }, "invalid count '0'" },
	{ 4, { "xlbctl", "stats", "-c", "-1" }, "invalid count '-1'" },
	{ 3, { "xlbctl", "stats", "-j" }, "unexpected argument '-j'" },
	{ 3, { "xlbctl", "stats", "5" }, "unexpected argument '5'" },
	/* -s is for dev show: refused elsewhere, not ignored */
	{ 3, { "xlbctl", "-s", "sa" }, "option '-s' applies to 'dev show' only" },
	{ 3, { "xlbctl", "--stats", "workers" }, "option '-s' applies to 'dev show' only" },
	{ 3, { "xlbctl", "-js", "monitor" }, "option '-s' applies to 'dev show' only" },
	/* abbreviations that name more than one word */
	{ 2, { "xlbctl", "s" }, "ambiguous object 's': sa, stats" },
	{ 3, { "xlbctl", "sa", "s" }, "ambiguous command 'sa s': show, spray" },
	{ 3, { "xlbctl", "policy", "s" }, "ambiguous command 'policy s': show, set" },
	{ 3, { "xlbctl", "dev", "sh0w" }, "unknown command 'dev sh0w'" },
	{ 2, { "xlbctl", "devx" }, "unknown object 'devx'" },
	{ 3, { "xlbctl", "w", "-j" }, "option '-j' must come before the object" },
	{ 5, { "xlbctl", "sa", "pin", "help", "x" }, "unexpected argument 'x'" },
	{ 3, { "xlbctl", "help", "sa" }, "unexpected argument 'sa'" },
};

static void every_usage_error_returns_usage_code(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(usage_cases) / sizeof(usage_cases[0]); i++) {
		const struct usage_case *uc = &usage_cases[i];
		struct xlbctl_args args;
		char err[256] = "";
		int ret;

		/* a miscounted case would read past its words */
		assert_non_null(uc->argv[uc->argc - 1]);
		assert_null(uc->argv[uc->argc]);
		ret = xlbctl_parse_args(uc->argc, uc->argv, &args, err, sizeof(err));
		if (ret != XLBCTL_EXIT_USAGE)
			fail_msg("case %zu (expected \"%s\"): returned %d", i,
				 uc->message, ret);
		assert_string_equal(err, uc->message);
	}
}

struct command_case {
	int argc;
	char *argv[16];
	struct xlbctl_args want;	/* dev and netns compared as strings */
};

#define A(...) { __VA_ARGS__ }

static const struct command_case command_cases[] = {
	{ 2, A("xlbctl", "workers"), { .action = XLBCTL_ACTION_WORKERS } },
	{ 3, A("xlbctl", "workers", "show"), { .action = XLBCTL_ACTION_WORKERS } },
	{ 3, A("xlbctl", "-j", "workers"), { .action = XLBCTL_ACTION_WORKERS, .json = true } },
	{ 4, A("xlbctl", "-n", "gw", "workers"), { .action = XLBCTL_ACTION_WORKERS, .netns = "gw" } },
	/* monitor -t, -ts (ip -t, ip -ts monitor) and event classes */
	{ 2, A("xlbctl", "monitor"), { .action = XLBCTL_ACTION_MONITOR } },
	{ 3, A("xlbctl", "-t", "monitor"),
	  { .action = XLBCTL_ACTION_MONITOR, .timestamp = XLBCTL_TIMESTAMP_LONG } },
	{ 3, A("xlbctl", "--timestamp", "monitor"),
	  { .action = XLBCTL_ACTION_MONITOR, .timestamp = XLBCTL_TIMESTAMP_LONG } },
	{ 3, A("xlbctl", "-ts", "monitor"),
	  { .action = XLBCTL_ACTION_MONITOR, .timestamp = XLBCTL_TIMESTAMP_SHORT } },
	{ 3, A("xlbctl", "--tshort", "monitor"),
	  { .action = XLBCTL_ACTION_MONITOR, .timestamp = XLBCTL_TIMESTAMP_SHORT } },
	{ 3, A("xlbctl", "-jt", "monitor"),
	  { .action = XLBCTL_ACTION_MONITOR, .json = true, .timestamp = XLBCTL_TIMESTAMP_LONG } },
	{ 3, A("xlbctl", "monitor", "sa"),
	  { .action = XLBCTL_ACTION_MONITOR,
	    .events = XLBCTL_EVENT_BIT(XLB_CMD_SA_PLACED_NTF) |
		      XLBCTL_EVENT_BIT(XLB_CMD_SA_MIGRATED_NTF) |
		      XLBCTL_EVENT_BIT(XLB_CMD_SA_REMOVED_NTF) } },
	{ 4, A("xlbctl", "monitor", "sa-removed", "hotspot"),
	  { .action = XLBCTL_ACTION_MONITOR,
	    .events = XLBCTL_EVENT_BIT(XLB_CMD_SA_REMOVED_NTF) |
		      XLBCTL_EVENT_BIT(XLB_CMD_HOTSPOT_NTF) } },
	{ 4, A("xlbctl", "monitor", "worker", "worker-online"),
	  { .action = XLBCTL_ACTION_MONITOR,
	    .events = XLBCTL_EVENT_BIT(XLB_CMD_WORKER_ONLINE_NTF) |
		      XLBCTL_EVENT_BIT(XLB_CMD_WORKER_OFFLINE_NTF) } },
	{ 4, A("xlbctl", "monitor", "sa-placed", "sa-migrated"),
	  { .action = XLBCTL_ACTION_MONITOR,
	    .events = XLBCTL_EVENT_BIT(XLB_CMD_SA_PLACED_NTF) |
		      XLBCTL_EVENT_BIT(XLB_CMD_SA_MIGRATED_NTF) } },
	{ 3, A("xlbctl", "monitor", "worker-offline"),
	  { .action = XLBCTL_ACTION_MONITOR,
	    .events = XLBCTL_EVENT_BIT(XLB_CMD_WORKER_OFFLINE_NTF) } },
	/* every class, one way or the other: no filter */
	{ 4, A("xlbctl", "monitor", "hotspot", "all"), { .action = XLBCTL_ACTION_MONITOR } },
	{ 5, A("xlbctl", "monitor", "sa", "worker", "hotspot"), { .action = XLBCTL_ACTION_MONITOR } },
	{ 3, A("xlbctl", "monitor", "help"),
	  { .action = XLBCTL_ACTION_HELP, .help_topic = "monitor" } },
	/* -p: pretty JSON, as ip -j -p; accepted without -j, as ip does */
	{ 4, A("xlbctl", "-j", "-p", "workers"),
	  { .action = XLBCTL_ACTION_WORKERS, .json = true, .pretty = true } },
	{ 3, A("xlbctl", "-jp", "sa"), { .action = XLBCTL_ACTION_SA_LIST, .json = true, .pretty = true } },
	{ 4, A("xlbctl", "--pretty", "--json", "policy"),
	  { .action = XLBCTL_ACTION_POLICY_SHOW, .json = true, .pretty = true } },
	{ 3, A("xlbctl", "-p", "workers"), { .action = XLBCTL_ACTION_WORKERS, .pretty = true } },
	{ 4, A("xlbctl", "-pjn", "gw", "monitor"),
	  { .action = XLBCTL_ACTION_MONITOR, .json = true, .pretty = true, .netns = "gw" } },
	{ 4, A("xlbctl", "--netns", "gw", "workers"), { .action = XLBCTL_ACTION_WORKERS, .netns = "gw" } },
	{ 4, A("xlbctl", "-jn", "gw", "workers"),
	  { .action = XLBCTL_ACTION_WORKERS, .json = true, .netns = "gw" } },
	{ 3, A("xlbctl", "-n", "gw"), { .action = XLBCTL_ACTION_DEV_SHOW, .netns = "gw" } },
	{ 2, A("xlbctl", "sa"), { .action = XLBCTL_ACTION_SA_LIST } },
	{ 3, A("xlbctl", "sa", "list"), { .action = XLBCTL_ACTION_SA_LIST } },
	{ 3, A("xlbctl", "sa", "show"), { .action = XLBCTL_ACTION_SA_LIST } },
	{ 5, A("xlbctl", "sa", "list", "dev", "xlb0"), { .action = XLBCTL_ACTION_SA_LIST, .dev = "xlb0" } },
	{ 4, A("xlbctl", "sa", "dev", "xlb0"), { .action = XLBCTL_ACTION_SA_LIST, .dev = "xlb0" } },
	{ 5, A("xlbctl", "sa", "pin", "0x1001", "1"),
	  { .action = XLBCTL_ACTION_SA_PIN, .spi = 0x1001, .worker = 1 } },
	{ 5, A("xlbctl", "sa", "pin", "4097", "0"),
	  { .action = XLBCTL_ACTION_SA_PIN, .spi = 4097, .worker = 0 } },
	/* A leading 0 is decimal, as the man page says, not octal. */
	{ 5, A("xlbctl", "sa", "pin", "010", "0"),
	  { .action = XLBCTL_ACTION_SA_PIN, .spi = 10, .worker = 0 } },
	{ 5, A("xlbctl", "sa", "pin", "0X1a", "0"),
	  { .action = XLBCTL_ACTION_SA_PIN, .spi = 0x1a, .worker = 0 } },
	{ 5, A("xlbctl", "sa", "pin", "0xFFFFFFFF", "4294967295"),
	  { .action = XLBCTL_ACTION_SA_PIN, .spi = 0xffffffff, .worker = 4294967295u } },
	{ 9, A("xlbctl", "sa", "pin", "0x1001", "1", "dir", "in", "dev", "xlb0"),
	  { .action = XLBCTL_ACTION_SA_PIN, .spi = 0x1001, .worker = 1, .dir = 1, .dev = "xlb0" } },
	{ 9, A("xlbctl", "sa", "pin", "0x1001", "1", "dev", "xlb0", "dir", "out"),
	  { .action = XLBCTL_ACTION_SA_PIN, .spi = 0x1001, .worker = 1, .dir = 2, .dev = "xlb0" } },
	{ 4, A("xlbctl", "sa", "unpin", "0x2002"), { .action = XLBCTL_ACTION_SA_UNPIN, .spi = 0x2002 } },
	{ 6, A("xlbctl", "sa", "unpin", "0x2002", "dst", "192.0.2.3"),
	  { .action = XLBCTL_ACTION_SA_UNPIN, .spi = 0x2002, .family = AF_INET,
	    .daddr = { 192, 0, 2, 3 } } },
	{ 11, A("xlbctl", "sa", "pin", "0x1001", "1", "dst", "2001:db8::3", "dev", "xlb0", "dir", "out"),
	  { .action = XLBCTL_ACTION_SA_PIN, .spi = 0x1001, .worker = 1, .dir = 2, .dev = "xlb0",
	    .family = AF_INET6, .daddr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 3 } } },
	{ 9, A("xlbctl", "sa", "spray", "7", "on", "dir", "in", "dst", "::ffff:192.0.2.1"),
	  { .action = XLBCTL_ACTION_SA_SPRAY, .spi = 7, .spray = XLB_SPRAY_ON, .dir = 1,
	    .family = AF_INET6, .daddr = { [10] = 0xff, [11] = 0xff, 192, 0, 2, 1 } } },
	{ 6, A("xlbctl", "sa", "unpin", "0x2002", "dir", "out"),
	  { .action = XLBCTL_ACTION_SA_UNPIN, .spi = 0x2002, .dir = 2 } },
	{ 5, A("xlbctl", "sa", "spray", "1", "auto"),
	  { .action = XLBCTL_ACTION_SA_SPRAY, .spi = 1, .spray = 0 } },
	{ 5, A("xlbctl", "sa", "spray", "1", "on"),
	  { .action = XLBCTL_ACTION_SA_SPRAY, .spi = 1, .spray = 1 } },
	{ 7, A("xlbctl", "sa", "spray", "1", "off", "dev", "x"),
	  { .action = XLBCTL_ACTION_SA_SPRAY, .spi = 1, .spray = 2, .dev = "x" } },
	{ 2, A("xlbctl", "policy"), { .action = XLBCTL_ACTION_POLICY_SHOW } },
	{ 3, A("xlbctl", "policy", "show"), { .action = XLBCTL_ACTION_POLICY_SHOW } },
	{ 2, A("xlbctl", "tunnel"), { .action = XLBCTL_ACTION_TUNNEL_LIST } },
	{ 3, A("xlbctl", "tunnel", "list"), { .action = XLBCTL_ACTION_TUNNEL_LIST } },
	{ 4, A("xlbctl", "-j", "tunnel", "show"),
	  { .action = XLBCTL_ACTION_TUNNEL_LIST, .json = true } },
	{ 2, A("xlbctl", "failover"), { .action = XLBCTL_ACTION_FAILOVER_LIST } },
	{ 3, A("xlbctl", "failover", "list"), { .action = XLBCTL_ACTION_FAILOVER_LIST } },
	{ 3, A("xlbctl", "failover", "show"), { .action = XLBCTL_ACTION_FAILOVER_LIST } },
	{ 5, A("xlbctl", "-jp", "-n", "gw", "failover"),
	  { .action = XLBCTL_ACTION_FAILOVER_LIST, .json = true, .pretty = true, .netns = "gw" } },
	{ 3, A("xlbctl", "failover", "help"),
	  { .action = XLBCTL_ACTION_HELP, .help_topic = "failover" } },
	{ 4, A("xlbctl", "failover", "list", "help"),
	  { .action = XLBCTL_ACTION_HELP, .help_topic = "failover list" } },
	{ 5, A("xlbctl", "policy", "set", "placement", "hash"),
	  { .action = XLBCTL_ACTION_POLICY_SET,
	    .policy = { .has_placement = true, .placement = 0 } } },
	{ 15, A("xlbctl", "policy", "set", "move-cooldown", "0", "max-moves", "64",
		"spray-threshold", "0", "interval", "10000", "hotspot", "100",
		"placement", "least-loaded"),
	  { .action = XLBCTL_ACTION_POLICY_SET,
	    .policy = { .has_placement = true, .placement = 1,
			.has_hotspot = true, .hotspot = 100,
			.has_interval_ms = true, .interval_ms = 10000,
			.has_spray_threshold = true, .spray_threshold = 0,
			.has_max_moves = true, .max_moves = 64,
			.has_move_cooldown = true, .move_cooldown = 0 } } },
	{ 5, A("xlbctl", "policy", "set", "placement", "adaptive"),
	  { .action = XLBCTL_ACTION_POLICY_SET,
	    .policy = { .has_placement = true, .placement = 2 } } },
	{ 2, A("xlbctl", "monitor"), { .action = XLBCTL_ACTION_MONITOR } },
	{ 3, A("xlbctl", "-j", "monitor"), { .action = XLBCTL_ACTION_MONITOR, .json = true } },
	{ 2, A("xlbctl", "stats"), { .action = XLBCTL_ACTION_STATS, .interval_ms = 1000 } },
	{ 6, A("xlbctl", "stats", "-i", "0.5", "-c", "3"),
	  { .action = XLBCTL_ACTION_STATS, .interval_ms = 500, .count = 3 } },
	{ 6, A("xlbctl", "stats", "-c", "1", "-i", "2"),
	  { .action = XLBCTL_ACTION_STATS, .interval_ms = 2000, .count = 1 } },
	{ 7, A("xlbctl", "-j", "stats", "-i", "0.1", "-i", "3600"),
	  { .action = XLBCTL_ACTION_STATS, .json = true, .interval_ms = 3600000 } },
	/* [dev] DEV, as ip link show takes it */
	{ 5, A("xlbctl", "dev", "show", "dev", "xlb0"),
	  { .action = XLBCTL_ACTION_DEV_SHOW, .dev = "xlb0" } },
	{ 4, A("xlbctl", "sa", "list", "xlb0"), { .action = XLBCTL_ACTION_SA_LIST, .dev = "xlb0" } },
	{ 5, A("xlbctl", "sa", "show", "dev", "dev"), { .action = XLBCTL_ACTION_SA_LIST, .dev = "dev" } },
	/* abbreviations, as ip takes them */
	{ 2, A("xlbctl", "w"), { .action = XLBCTL_ACTION_WORKERS } },
	{ 3, A("xlbctl", "wo", "s"), { .action = XLBCTL_ACTION_WORKERS } },
	{ 2, A("xlbctl", "d"), { .action = XLBCTL_ACTION_DEV_SHOW } },
	{ 4, A("xlbctl", "d", "sh", "xlb0"), { .action = XLBCTL_ACTION_DEV_SHOW, .dev = "xlb0" } },
	{ 3, A("xlbctl", "sa", "l"), { .action = XLBCTL_ACTION_SA_LIST } },
	{ 4, A("xlbctl", "sa", "d", "xlb0"), { .action = XLBCTL_ACTION_SA_LIST, .dev = "xlb0" } },
	{ 5, A("xlbctl", "sa", "p", "0x1001", "1"),
	  { .action = XLBCTL_ACTION_SA_PIN, .spi = 0x1001, .worker = 1 } },
	{ 4, A("xlbctl", "sa", "u", "0x1001"), { .action = XLBCTL_ACTION_SA_UNPIN, .spi = 0x1001 } },
	{ 5, A("xlbctl", "sa", "sp", "0x1001", "on"),
	  { .action = XLBCTL_ACTION_SA_SPRAY, .spi = 0x1001, .spray = 1 } },
	{ 3, A("xlbctl", "po", "sh"), { .action = XLBCTL_ACTION_POLICY_SHOW } },
	{ 2, A("xlbctl", "t"), { .action = XLBCTL_ACTION_TUNNEL_LIST } },
	{ 3, A("xlbctl", "f", "l"), { .action = XLBCTL_ACTION_FAILOVER_LIST } },
	{ 2, A("xlbctl", "m"), { .action = XLBCTL_ACTION_MONITOR } },
	{ 4, A("xlbctl", "st", "-c", "2"),
	  { .action = XLBCTL_ACTION_STATS, .interval_ms = 1000, .count = 2 } },
	/* help, whole or for one command */
	{ 2, A("xlbctl", "help"), { .action = XLBCTL_ACTION_HELP } },
	{ 3, A("xlbctl", "sa", "help"), { .action = XLBCTL_ACTION_HELP, .help_topic = "sa" } },
	{ 4, A("xlbctl", "sa", "pin", "help"),
	  { .action = XLBCTL_ACTION_HELP, .help_topic = "sa pin" } },
	{ 3, A("xlbctl", "sa", "h"), { .action = XLBCTL_ACTION_HELP, .help_topic = "sa" } },
	{ 4, A("xlbctl", "po", "set", "help"),
	  { .action = XLBCTL_ACTION_HELP, .help_topic = "policy set" } },
	{ 3, A("xlbctl", "stats", "help"), { .action = XLBCTL_ACTION_HELP, .help_topic = "stats" } },
	{ 3, A("xlbctl", "dev", "help"), { .action = XLBCTL_ACTION_HELP, .help_topic = "dev" } },
};

static void assert_same_string(const char *got, const char *want)
{
	if (!want) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
}

static void every_command_parses(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(command_cases) / sizeof(command_cases[0]); i++) {
		const struct command_case *cc = &command_cases[i];
		const struct xlbctl_args *want = &cc->want;
		struct xlbctl_args args;
		char err[128] = "untouched";
		int ret;

		assert_non_null(cc->argv[cc->argc - 1]);
		assert_null(cc->argv[cc->argc]);
		ret = xlbctl_parse_args(cc->argc, cc->argv, &args, err, sizeof(err));
		if (ret != XLBCTL_EXIT_OK)
			fail_msg("case %zu (\"%s %s\"): returned %d: %s", i,
				 cc->argv[1], cc->argc > 2 ? cc->argv[2] : "", ret, err);
		assert_int_equal(args.action, want->action);
		assert_int_equal(args.json, want->json);
		assert_int_equal(args.pretty, want->pretty);
		assert_int_equal(args.timestamp, want->timestamp);
		assert_int_equal(args.events, want->events);
		assert_same_string(args.netns, want->netns);
		assert_same_string(args.dev, want->dev);
		assert_int_equal(args.spi, want->spi);
		assert_int_equal(args.dir, want->dir);
		assert_int_equal(args.family, want->family);
		assert_memory_equal(args.daddr, want->daddr, sizeof(args.daddr));
		assert_int_equal(args.worker, want->worker);
		assert_int_equal(args.spray, want->spray);
		assert_memory_equal(&args.policy, &want->policy, sizeof(args.policy));
		assert_int_equal(args.interval_ms, want->interval_ms);
		assert_int_equal(args.count, want->count);
		assert_same_string(args.help_topic, want->help_topic);
	}
}

/* "xlbctl sa help" prints the sa commands' lines and no other command's. */
static void help_topic_prints_its_commands(void **state)
{
	struct capture c;
	const char *text;

	(void)state;
	capture_open(&c);
	xlbctl_print_usage(c.file, "sa");
	text = capture_close(&c);
	assert_non_null(strstr(text, "Usage: xlbctl [OPTIONS] sa [list [[dev] DEV]]\n"));
	assert_non_null(strstr(text, "       xlbctl [OPTIONS] sa pin SPI WORKER"));
	assert_non_null(strstr(text, "       xlbctl [OPTIONS] sa spray SPI on|off|auto"));
	assert_null(strstr(text, "policy"));
	assert_null(strstr(text, "stats ["));

	capture_open(&c);
	xlbctl_print_usage(c.file, "sa pin");
	text = capture_close(&c);
	assert_non_null(strstr(text, "Usage: xlbctl [OPTIONS] sa pin SPI WORKER [dir in|out] [dev DEV] [dst ADDR]\n"));
	assert_null(strstr(text, "unpin"));
	assert_null(strstr(text, "sa [list"));

	capture_open(&c);
	xlbctl_print_usage(c.file, "policy set");
	text = capture_close(&c);
	assert_non_null(strstr(text, "Usage: xlbctl [OPTIONS] policy set KEY VALUE"));
	assert_null(strstr(text, "policy [show]"));

	capture_open(&c);
	xlbctl_print_usage(c.file, "failover");
	text = capture_close(&c);
	assert_string_equal(text, "Usage: xlbctl [OPTIONS] failover [list]\n\n"
			    "Options: -j (JSON), -p (pretty JSON), -n NETNS; see xlbctl --help and xlbctl(8).\n");
	capture_free(&c);
}

static void usage_code_is_two(void **state)
{
	(void)state;
	/* iproute2's convention, promised in xlbctl.8 */
	assert_int_equal(XLBCTL_EXIT_USAGE, 2);
	assert_int_equal(XLBCTL_EXIT_FAILURE, 1);
	assert_int_equal(XLBCTL_EXIT_OK, 0);
}

static void short_error_buffer_is_truncated_not_overrun(void **state)
{
	struct xlbctl_args args;
	char err[8 + 1] = "xxxxxxxxx";
	char guard = err[8];

	(void)state;
	assert_int_equal(xlbctl_parse_args(2, ARGV("bogus"), &args, err, 8),
			 XLBCTL_EXIT_USAGE);
	assert_string_equal(err, "unknown");
	assert_int_equal(err[8], guard);
}

static void parse_resets_previous_result(void **state)
{
	struct xlbctl_args args;
	char err[64];

	(void)state;
	assert_int_equal(PARSE(&args, err, "-j", "-p", "-s", "dev", "show", "xlb0"),
			 XLBCTL_EXIT_OK);
	assert_int_equal(PARSE(&args, err, "dev"), XLBCTL_EXIT_OK);
	assert_false(args.json);
	assert_false(args.pretty);
	assert_false(args.stats);
	assert_null(args.dev);
	assert_int_equal(args.action, XLBCTL_ACTION_DEV_SHOW);
}

static void usage_text_documents_grammar(void **state)
{
	struct capture c;
	const char *text;

	(void)state;
	capture_open(&c);
	xlbctl_print_usage(c.file, NULL);
	text = capture_close(&c);
	assert_non_null(strstr(text, "Usage: xlbctl [OPTIONS] dev [show [[dev] DEV]]\n"));
	assert_non_null(strstr(text, "-j, --json"));
	assert_non_null(strstr(text, "-p, --pretty"));
	assert_non_null(strstr(text, "-s, --stats"));
	assert_non_null(strstr(text, "-h, --help"));
	assert_non_null(strstr(text, "-V, --version"));
	assert_non_null(strstr(text, "-n, --netns NETNS"));
	assert_non_null(strstr(text, "xlbctl [OPTIONS] workers [show]\n"));
	assert_non_null(strstr(text, "xlbctl [OPTIONS] sa [list [[dev] DEV]]\n"));
	assert_non_null(strstr(text, "xlbctl [OPTIONS] sa pin SPI WORKER [dir in|out] [dev DEV] [dst ADDR]\n"));
	assert_non_null(strstr(text, "xlbctl [OPTIONS] sa unpin SPI [dir in|out] [dev DEV] [dst ADDR]\n"));
	assert_non_null(strstr(text, "xlbctl [OPTIONS] sa spray SPI on|off|auto [dir in|out] [dev DEV] [dst ADDR]\n"));
	assert_non_null(strstr(text, "xlbctl [OPTIONS] policy [show]\n"));
	assert_non_null(strstr(text, "xlbctl [OPTIONS] policy set KEY VALUE [KEY VALUE]...\n"));
	assert_non_null(strstr(text, "xlbctl [OPTIONS] monitor [EVENT-CLASS]...\n"));
	assert_non_null(strstr(text, "-t, --timestamp"));
	assert_non_null(strstr(text, "-ts, --tshort"));
	assert_non_null(strstr(text, "xlbctl [OPTIONS] failover [list]\n"));
	assert_non_null(strstr(text, "  failover list   "));
	assert_non_null(strstr(text, "xlbctl [OPTIONS] stats [-i SECONDS] [-c COUNT]\n"));
	capture_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_command_lines_parse),
		cmocka_unit_test(every_usage_error_returns_usage_code),
		cmocka_unit_test(every_command_parses),
		cmocka_unit_test(help_topic_prints_its_commands),
		cmocka_unit_test(usage_code_is_two),
		cmocka_unit_test(short_error_buffer_is_truncated_not_overrun),
		cmocka_unit_test(parse_resets_previous_result),
		cmocka_unit_test(usage_text_documents_grammar),
	};

	return cmocka_run_group_tests_name("xlbctl arguments", tests, NULL, NULL);
}
