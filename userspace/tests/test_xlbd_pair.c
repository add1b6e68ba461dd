// SPDX-License-Identifier: GPL-2.0
/*
 * Gateway pairs, the deciding part: a change of role is acted on at once,
 * the first look included; a master checks its conns again every
 * libreswan check and starts only those pluto has no state for; a backup
 * takes its conns down once; failed work is retried every
 * XLBD_PAIR_RETRY_S and a change of role does not wait for the retry.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "xlbd_pair.h"

static void first_look_acts_and_is_no_change(void **state)
{
	struct xlbd_pair_state ps = { 0 };

	(void)state;
	assert_int_equal(xlbd_pair_step(&ps, false, 100, 1700000000), XLBD_PAIR_DOWN);
	assert_int_equal(ps.role, XLB_AGENT_PAIR_BACKUP);
	assert_int_equal(ps.changes, 0);
	assert_int_equal(ps.since, 100);
	assert_int_equal(ps.since_wall, 1700000000);
	assert_true(ps.pending);
	xlbd_pair_done(&ps, true, 100, 30);
	assert_false(ps.pending);
	/* Down once: a backup has nothing to do until the address comes. */
	assert_int_equal(xlbd_pair_step(&ps, false, 101, 0), XLBD_PAIR_NOTHING);
	assert_int_equal(xlbd_pair_step(&ps, false, 100000, 0), XLBD_PAIR_NOTHING);
	assert_int_equal(ps.due, LLONG_MAX);

	memset(&ps, 0, sizeof(ps));
	assert_int_equal(xlbd_pair_step(&ps, true, 5, 0), XLBD_PAIR_UP);
	assert_int_equal(ps.role, XLB_AGENT_PAIR_MASTER);
	assert_int_equal(ps.changes, 0);
}

static void master_checks_again_every_check(void **state)
{
	struct xlbd_pair_state ps = { 0 };

	(void)state;
	assert_int_equal(xlbd_pair_step(&ps, true, 10, 0), XLBD_PAIR_UP);
	xlbd_pair_done(&ps, true, 10, 30);
	assert_false(ps.pending);
	assert_int_equal(ps.due, 40);
	assert_int_equal(xlbd_pair_step(&ps, true, 39, 0), XLBD_PAIR_NOTHING);
	assert_int_equal(xlbd_pair_step(&ps, true, 40, 0), XLBD_PAIR_UP);
	/* A check is not a change of role. */
	assert_int_equal(ps.changes, 0);
	assert_int_equal(ps.since, 10);
}

static void changes_counted_and_acted_on_at_once(void **state)
{
	struct xlbd_pair_state ps = { 0 };

	(void)state;
	assert_int_equal(xlbd_pair_step(&ps, true, 10, 0), XLBD_PAIR_UP);
	ps.listened = true;
	xlbd_pair_done(&ps, true, 10, 30);
	/* The address left (keepalived's master is the other gateway now). */
	assert_int_equal(xlbd_pair_step(&ps, false, 12, 1700000012), XLBD_PAIR_DOWN);
	assert_int_equal(ps.changes, 1);
	assert_int_equal(ps.since, 12);
	assert_int_equal(ps.since_wall, 1700000012);
	xlbd_pair_done(&ps, true, 12, 30);
	/* It came back: failback. */
	assert_int_equal(xlbd_pair_step(&ps, true, 20, 0), XLBD_PAIR_UP);
	assert_int_equal(ps.changes, 2);
	assert_true(ps.pending);
	/* Each change has pluto listen again. */
	assert_false(ps.listened);
}

static void failures_retried_and_overtaken_by_a_change(void **state)
{
	struct xlbd_pair_state ps = { 0 };

	(void)state;
	assert_int_equal(xlbd_pair_step(&ps, true, 10, 0), XLBD_PAIR_UP);
	xlbd_pair_done(&ps, false, 10, 30);
	assert_true(ps.pending);
	assert_int_equal(ps.failures, 1);
	assert_int_equal(ps.due, 10 + XLBD_PAIR_RETRY_S);
	assert_int_equal(xlbd_pair_step(&ps, true, 11, 0), XLBD_PAIR_NOTHING);
	assert_int_equal(xlbd_pair_step(&ps, true, 12, 0), XLBD_PAIR_UP);
	xlbd_pair_done(&ps, false, 12, 30);
	assert_int_equal(ps.failures, 2);
	/* The address left during the wait: down at once, not at 14. */
	assert_int_equal(xlbd_pair_step(&ps, false, 13, 0), XLBD_PAIR_DOWN);
	assert_int_equal(ps.failures, 0);
	xlbd_pair_done(&ps, false, 13, 30);
	/* A backup's failed take-down is retried too. */
	assert_int_equal(xlbd_pair_step(&ps, false, 14, 0), XLBD_PAIR_NOTHING);
	assert_int_equal(xlbd_pair_step(&ps, false, 15, 0), XLBD_PAIR_DOWN);
	xlbd_pair_done(&ps, true, 15, 30);
	assert_false(ps.pending);
	assert_int_equal(ps.failures, 0);
}

static void only_conns_down_started(void **state)
{
	char text[] =
		"\"west\": 198.51.100.0/24===192.0.2.1...192.0.2.2===203.0.113.0/24; erouted\n"
		"\"east\": 198.51.100.0/24===192.0.2.1...192.0.2.3===203.0.113.0/24; unrouted\n"
		"\"north\": 198.51.100.0/24===192.0.2.1...192.0.2.4===203.0.113.0/24; unrouted\n"
		"\"south\": 198.51.100.0/24===192.0.2.1...192.0.2.5===203.0.113.0/24; unrouted\n"
		"\"bare\": 198.51.100.0/24===192.0.2.1...192.0.2.6===203.0.113.0/24; unrouted\n"
		"\"grow\": 198.51.100.0/24===192.0.2.1...192.0.2.7===203.0.113.0/24; unrouted\n"
		"\"up\"[1] 192.0.2.9: 198.51.100.0/24===192.0.2.1...192.0.2.9; unrouted\n"
		"#2: \"west\":500 STATE_V2_ESTABLISHED_CHILD_SA (IPsec SA established); REKEY in 27988s; IKE SA #1; idle;\n"
		"#2: \"west\" esp.a1@192.0.2.2 esp.a2@192.0.2.1 tun.0@192.0.2.2 tun.0@192.0.2.1 Traffic:\n"
		"#1: \"west\":500 STATE_V2_ESTABLISHED_IKE_SA (established IKE SA); REKEY in 28510s; newest; idle;\n"
		"#3: \"south\":500 STATE_V2_PARENT_I1 (sent IKE_SA_INIT request); RETRANSMIT in 1s\n"
		"#5: \"bare\":500 STATE_V2_ESTABLISHED_IKE_SA (established IKE SA); REKEY in 28510s; newest; idle;\n"
		"#6: \"grow\":500 STATE_V2_ESTABLISHED_IKE_SA (established IKE SA); REKEY in 28510s; newest; idle;\n"
		"#7: \"grow\":500 STATE_V2_NEW_CHILD_I1 (sent CREATE_CHILD_SA request for new IPsec SA); RETRANSMIT in 1s\n"
		"#4: \"up\"[1] 192.0.2.9:500 STATE_V2_ESTABLISHED_IKE_SA (established IKE SA)\n";
	static const char *const names[] = {
		"east", "west", "north", "south", "bare", "grow", "up",
	};
	struct xlbd_pair pair = { .nconns = 7 };
	struct xlbd_pluto_status st;
	size_t idx[XLBD_PAIR_MAX_CONNS];

	(void)state;
	for (size_t i = 0; i < pair.nconns; i++)
		strcpy(pair.conns[i], names[i]);
	assert_int_equal(xlbd_pluto_status_parse(text, &st), 0);
	/*
	 * west is up, south's IKE SA and grow's child under way: none is
	 * initiated again. bare has an IKE SA and no child: pluto gave up
	 * on the child, the conn is down. The state of an instance of "up"
	 * is not "up"'s own.
	 */
	assert_int_equal(xlbd_pair_to_start(&pair, &st, idx), 4);
	assert_int_equal(idx[0], 0);
	assert_int_equal(idx[1], 2);
	assert_int_equal(idx[2], 4);
	assert_int_equal(idx[3], 6);
	xlbd_pluto_status_free(&st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(first_look_acts_and_is_no_change),
		cmocka_unit_test(master_checks_again_every_check),
		cmocka_unit_test(changes_counted_and_acted_on_at_once),
		cmocka_unit_test(failures_retried_and_overtaken_by_a_change),
		cmocka_unit_test(only_conns_down_started),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
