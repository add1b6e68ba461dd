// SPDX-License-Identifier: GPL-2.0
/* String escaping and separator placement of the JSON writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "capture.h"
#include "json_writer.h"

static void expect_escaped(const char *in, const char *expected)
{
	struct capture c;

	capture_open(&c);
	json_write_string(c.file, in);
	assert_string_equal(capture_close(&c), expected);
	capture_free(&c);
}

static void plain_text_is_quoted_verbatim(void **state)
{
	(void)state;
	expect_escaped("", "\"\"");
	expect_escaped("xlb0", "\"xlb0\"");
	/* '/' may be escaped in JSON but need not be; keep names readable. */
	expect_escaped("a/b~", "\"a/b~\"");
}

static void quote_and_backslash_are_escaped(void **state)
{
	(void)state;
	expect_escaped("\"", "\"\\\"\"");
	expect_escaped("\\", "\"\\\\\"");
	expect_escaped("a\\\"b", "\"a\\\\\\\"b\"");
}

static void control_characters_are_escaped(void **state)
{
	(void)state;
	expect_escaped("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
	expect_escaped("\x01\x1f", "\"\\u0001\\u001f\"");
	expect_escaped("\x7f", "\"\\u007f\"");
	expect_escaped(" ", "\" \"");
}

static void valid_utf8_passes_through(void **state)
{
	(void)state;
	expect_escaped("\xc3\xa9", "\"\xc3\xa9\"");			/* U+00E9 */
	expect_escaped("\xe2\x82\xac", "\"\xe2\x82\xac\"");		/* U+20AC */
	expect_escaped("\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"");	/* U+1F600 */
	expect_escaped("\xf4\x8f\xbf\xbf", "\"\xf4\x8f\xbf\xbf\"");	/* U+10FFFF */
}

/* Each byte that cannot start or continue a valid sequence becomes U+FFFD. */
static void invalid_utf8_becomes_replacement(void **state)
{
	(void)state;
	expect_escaped("\xff", "\"\\ufffd\"");
	expect_escaped("a\x80z", "\"a\\ufffdz\"");
	/* overlong '/' */
	expect_escaped("\xc0\xaf", "\"\\ufffd\\ufffd\"");
	expect_escaped("\xe0\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\"");
	/* UTF-16 surrogate U+D800 */
	expect_escaped("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");
	/* above U+10FFFF */
	expect_escaped("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	/* truncated at the end of the string, then resynchronised */
	expect_escaped("\xe2\x82", "\"\\ufffd\\ufffd\"");
	expect_escaped("\xe2\x82x", "\"\\ufffd\\ufffdx\"");
}

/* Every kind of value, nested, and empty containers. */
static const char *write_nested(bool pretty)
{
	static char text[512];
	struct json_writer w;
	struct capture c;

	capture_open(&c);
	json_writer_set_pretty(pretty);
	json_writer_init(&w, c.file);
	json_writer_set_pretty(false);
	json_begin_array(&w);
	json_begin_object(&w);
	json_end_object(&w);
	json_begin_object(&w);
	json_key(&w, "a");
	json_begin_array(&w);
	json_end_array(&w);
	json_key(&w, "b");
	json_begin_array(&w);
	json_int(&w, -1);
	json_uint(&w, UINT64_MAX);
	json_bool(&w, true);
	json_bool(&w, false);
	json_null(&w);
	json_string(&w, "s");
	json_end_array(&w);
	json_key(&w, "c\n");
	json_begin_object(&w);
	json_key(&w, "d");
	json_int(&w, INT64_MIN);
	json_end_object(&w);
	json_end_object(&w);
	json_end_array(&w);
	snprintf(text, sizeof(text), "%s", capture_close(&c));
	capture_free(&c);
	return text;
}

static void separators_follow_nesting(void **state)
{
	(void)state;
	assert_string_equal(write_nested(false),
			    "[{},{\"a\":[],\"b\":[-1,18446744073709551615,true,false,null,\"s\"],"
			    "\"c\\n\":{\"d\":-9223372036854775808}}]");
}

/* xlbctl -j -p: four spaces a level, "key": value, [] and {} kept whole. */
static void pretty_indents_one_item_a_line(void **state)
{
	(void)state;
	assert_string_equal(write_nested(true),
			    "[\n"
			    "    {},\n"
			    "    {\n"
			    "        \"a\": [],\n"
			    "        \"b\": [\n"
			    "            -1,\n"
			    "            18446744073709551615,\n"
			    "            true,\n"
			    "            false,\n"
			    "            null,\n"
			    "            \"s\"\n"
			    "        ],\n"
			    "        \"c\\n\": {\n"
			    "            \"d\": -9223372036854775808\n"
			    "        }\n"
			    "    }\n"
			    "]");
}

/* The setting is read when a writer starts: one started before keeps its own. */
static void pretty_is_taken_at_init(void **state)
{
	struct json_writer w;
	struct capture c;

	(void)state;
	capture_open(&c);
	json_writer_init(&w, c.file);
	json_writer_set_pretty(true);
	json_begin_object(&w);
	json_member_uint(&w, "a", 1);
	json_end_object(&w);
	json_writer_set_pretty(false);
	assert_string_equal(capture_close(&c), "{\"a\":1}");
	capture_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_text_is_quoted_verbatim),
		cmocka_unit_test(quote_and_backslash_are_escaped),
		cmocka_unit_test(control_characters_are_escaped),
		cmocka_unit_test(valid_utf8_passes_through),
		cmocka_unit_test(invalid_utf8_becomes_replacement),
		cmocka_unit_test(separators_follow_nesting),
		cmocka_unit_test(pretty_indents_one_item_a_line),
		cmocka_unit_test(pretty_is_taken_at_init),
	};

	return cmocka_run_group_tests_name("JSON writer", tests, NULL, NULL);
}
