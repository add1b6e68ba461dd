// SPDX-License-Identifier: GPL-2.0
/* The uAPI's enums as words, and a value without a word as its number. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "xlb_names.h"

static void known_values_print_their_word(void **state)
{
	(void)state;
	assert_string_equal(xlb_placement_name(0), "hash");
	assert_string_equal(xlb_placement_name(2), "adaptive");
	assert_string_equal(xlb_dir_name(1), "in");
	assert_string_equal(xlb_dir_name(2), "out");
	assert_string_equal(xlb_spray_name(1), "on");
	assert_string_equal(xlb_reason_name(2), "rekey");
	assert_string_equal(xlb_family_name(AF_INET6), "inet6");
}

static void unknown_values_print_their_number(void **state)
{
	char line[128];

	(void)state;
	assert_string_equal(xlb_placement_name(7), "7");
	assert_string_equal(xlb_dir_name(0), "0");
	assert_string_equal(xlb_dir_name(255), "255");
	assert_string_equal(xlb_spray_name(4294967295u), "4294967295");
	assert_string_equal(xlb_reason_name(42), "42");
	assert_string_equal(xlb_event_name(200), "200");
	assert_string_equal(xlb_family_name(AF_UNIX), "1");
	/* several in one call each keep their own */
	snprintf(line, sizeof(line), "%s %s %s %s", xlb_dir_name(9),
		 xlb_reason_name(10), xlb_spray_name(11), xlb_placement_name(12));
	assert_string_equal(line, "9 10 11 12");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(known_values_print_their_word),
		cmocka_unit_test(unknown_values_print_their_number),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
