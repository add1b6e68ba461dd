// SPDX-License-Identifier: GPL-2.0
/* xlbctl's command line: what parses, to what, and what is a usage error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

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
	{ 3, { "xlbctl", "-jh" }, XLBCTL_ACTION_HELP, true, false, NULL },
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
	char *argv[6];
	const char *message;
};

static const struct usage_case usage_cases[] = {
	{ 2, { "xlbctl", "-x" }, "invalid option -- 'x'" },
	{ 2, { "xlbctl", "-jx" }, "invalid option -- 'x'" },
	{ 2, { "xlbctl", "--bogus" }, "unrecognized option '--bogus'" },
	{ 2, { "xlbctl", "--json=yes" }, "unrecognized option '--json=yes'" },
	{ 2, { "xlbctl", "--js" }, "unrecognized option '--js'" },
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
};

static void every_usage_error_returns_usage_code(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(usage_cases) / sizeof(usage_cases[0]); i++) {
		const struct usage_case *uc = &usage_cases[i];
		struct xlbctl_args args;
		char err[128] = "";
		int ret;

		ret = xlbctl_parse_args(uc->argc, uc->argv, &args, err, sizeof(err));
		if (ret != XLBCTL_EXIT_USAGE)
			fail_msg("case %zu (expected \"%s\"): returned %d", i,
				 uc->message, ret);
		assert_string_equal(err, uc->message);
	}
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
	assert_int_equal(PARSE(&args, err, "-j", "-s", "dev", "show", "xlb0"),
			 XLBCTL_EXIT_OK);
	assert_int_equal(PARSE(&args, err, "dev"), XLBCTL_EXIT_OK);
	assert_false(args.json);
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
	xlbctl_print_usage(c.file);
	text = capture_close(&c);
	assert_non_null(strstr(text, "Usage: xlbctl [OPTIONS] dev [show [DEV]]\n"));
	assert_non_null(strstr(text, "-j, --json"));
	assert_non_null(strstr(text, "-s, --stats"));
	assert_non_null(strstr(text, "-h, --help"));
	assert_non_null(strstr(text, "-V, --version"));
	capture_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_command_lines_parse),
		cmocka_unit_test(every_usage_error_returns_usage_code),
		cmocka_unit_test(usage_code_is_two),
		cmocka_unit_test(short_error_buffer_is_truncated_not_overrun),
		cmocka_unit_test(parse_resets_previous_result),
		cmocka_unit_test(usage_text_documents_grammar),
	};

	return cmocka_run_group_tests_name("xlbctl arguments", tests, NULL, NULL);
}
