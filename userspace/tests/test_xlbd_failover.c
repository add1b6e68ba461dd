// SPDX-License-Identifier: GPL-2.0
/*
 * Peer failover, the deciding part: the primary is active from the first
 * look; a tunnel whose packets go out with nothing back for the detect
 * time is dead, and so is an idle one whose probes go unanswered for three
 * probe intervals; the routes move to the backup when the primary dies and
 * come back only after the primary was alive for the hold-down time; both
 * dead leaves none active until one answers. Probes: an idle tunnel every
 * probe interval, one with unanswered outbound every quarter of the
 * detect time, one with packets coming in never.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "xlbd_failover.h"

static const struct xlbd_failover fo = {
	.name = "site",
	.detect_ms = 300,
	.probe_ms = 1000,
	.hold_down_s = 10,
};

/* Both tunnels looked at, at @now: tunnel t got @in[t] packets in, @out[t] out. */
struct world {
	struct xlbd_fo_state st;
	uint64_t rx[2], tx[2];
};

static bool look(struct world *w, long long now, const int in[2], const int out[2],
		 const bool answered[2])
{
	for (int t = 0; t < 2; t++) {
		struct xlbd_fo_sample s = { .counted = true };

		w->rx[t] += (uint64_t)in[t];
		w->tx[t] += (uint64_t)out[t];
		s.rx = w->rx[t];
		s.tx = w->tx[t];
		s.answered = answered && answered[t];
		xlbd_fo_observe(&w->st, &fo, t, &s, now);
	}
	return xlbd_fo_decide(&w->st, &fo, now, (time_t)now);
}

static const int none[2] = { 0, 0 };
static const int primary_flows[2] = { 10, 0 };
static const int primary_out[2] = { 10, 0 };
static const bool backup_answers[2] = { false, true };
static const bool primary_answers[2] = { true, false };

static void primary_active_from_the_first_look(void **state)
{
	struct world w = { 0 };

	(void)state;
	assert_true(look(&w, 1000, none, none, NULL));
	assert_int_equal(w.st.active, XLB_AGENT_FO_PRIMARY);
	assert_int_equal(w.st.failovers, 0);
	assert_int_equal(w.st.link[0].health, XLB_AGENT_FO_UNKNOWN);
	/* Nothing changes while nothing is known. */
	assert_false(look(&w, 1100, none, none, NULL));
	assert_false(look(&w, 1200, primary_flows, primary_out, backup_answers));
	assert_int_equal(w.st.link[0].health, XLB_AGENT_FO_ALIVE);
	assert_int_equal(w.st.link[1].health, XLB_AGENT_FO_ALIVE);
	assert_int_equal(w.st.since, 1000);
}

/* The world after a second of both tunnels alive, primary carrying traffic. */
static void both_alive(struct world *w)
{
	memset(w, 0, sizeof(*w));
	look(w, 1000, none, none, NULL);
	for (long long t = 1050; t <= 2000; t += 50)
		look(w, t, primary_flows, primary_out, t == 1500 ? backup_answers : NULL);
	assert_int_equal(w->st.link[0].health, XLB_AGENT_FO_ALIVE);
	assert_int_equal(w->st.link[1].health, XLB_AGENT_FO_ALIVE);
}

/* both_alive(), then the primary's outbound unanswered until the backup is active. */
static void primary_died(struct world *w)
{
	both_alive(w);
	for (long long t = 2050; w->st.active == XLB_AGENT_FO_PRIMARY; t += 50)
		look(w, t, none, primary_out, NULL);
}

static void outbound_without_answer_for_detect_is_dead(void **state)
{
	struct world w;

	(void)state;
	both_alive(&w);
	/* From 2050 packets go out and none come back. */
	for (long long t = 2050; t < 2350; t += 50) {
		assert_false(look(&w, t, none, primary_out, NULL));
		assert_int_equal(w.st.link[0].health, XLB_AGENT_FO_ALIVE);
	}
	assert_true(look(&w, 2350, none, primary_out, NULL));
	assert_int_equal(w.st.link[0].health, XLB_AGENT_FO_DEAD);
	assert_int_equal(w.st.active, XLB_AGENT_FO_BACKUP);
	assert_int_equal(w.st.failovers, 1);
	assert_int_equal(w.st.failbacks, 0);
	assert_int_equal(w.st.since, 2350);
}

static void one_way_traffic_answered_by_probe_is_alive(void **state)
{
	struct world w;

	(void)state;
	both_alive(&w);
	for (long long t = 2050; t < 2250; t += 50)
		look(&w, t, none, primary_out, NULL);
	/* A probe's answer is as good as a packet in. */
	look(&w, 2250, none, primary_out, primary_answers);
	for (long long t = 2300; t < 2550; t += 50)
		assert_false(look(&w, t, none, primary_out, NULL));
	assert_int_equal(w.st.link[0].health, XLB_AGENT_FO_ALIVE);
	assert_int_equal(w.st.active, XLB_AGENT_FO_PRIMARY);
}

static void fail_back_only_after_hold_down(void **state)
{
	struct world w;
	long long t;

	(void)state;
	primary_died(&w);
	/* The primary answers again at 5000: alive, but not back before 15000. */
	look(&w, 5000, none, none, (const bool[2]){ true, true });
	assert_int_equal(w.st.link[0].health, XLB_AGENT_FO_ALIVE);
	for (t = 5000; t < 15000; t += 500) {
		const bool both[2] = { true, true };

		assert_false(look(&w, t, none, none, both));
	}
	assert_int_equal(w.st.active, XLB_AGENT_FO_BACKUP);
	assert_true(look(&w, 15000, none, none, (const bool[2]){ true, true }));
	assert_int_equal(w.st.active, XLB_AGENT_FO_PRIMARY);
	assert_int_equal(w.st.failovers, 1);
	assert_int_equal(w.st.failbacks, 1);
}

static void flapping_primary_does_not_come_back(void **state)
{
	struct world w;

	(void)state;
	primary_died(&w);
	/* Alive for 4 s, dead, alive again: each time the hold-down starts anew. */
	for (int flap = 0; flap < 5; flap++) {
		long long base = 10000 + flap * 10000LL;

		look(&w, base, none, none, (const bool[2]){ true, true });
		look(&w, base + 4000, none, none, backup_answers);
		/* Idle, no answer for three probe intervals: dead. */
		look(&w, base + 4000 + 3000, none, none, backup_answers);
		assert_int_equal(w.st.link[0].health, XLB_AGENT_FO_DEAD);
		assert_int_equal(w.st.active, XLB_AGENT_FO_BACKUP);
	}
	assert_int_equal(w.st.failovers, 1);
	assert_int_equal(w.st.failbacks, 0);
}

static void both_dead_then_one_back(void **state)
{
	struct world w;

	(void)state;
	both_alive(&w);
	/* The backup's last answer was at 1500; from 2050 the primary's outbound goes unanswered. */
	look(&w, 2050, none, primary_out, NULL);
	assert_true(look(&w, 2350, none, primary_out, NULL));
	assert_int_equal(w.st.active, XLB_AGENT_FO_BACKUP);
	/* The backup: no answer since 1500, three probe intervals at 4500. */
	assert_false(look(&w, 4400, none, primary_out, NULL));
	assert_true(look(&w, 4500, none, primary_out, NULL));
	assert_int_equal(w.st.link[1].health, XLB_AGENT_FO_DEAD);
	assert_int_equal(w.st.active, XLB_AGENT_FO_NONE);
	assert_false(look(&w, 60000, none, primary_out, NULL));
	/* The backup answers: it gets the routes, without counting a failover. */
	assert_true(look(&w, 61000, none, none, backup_answers));
	assert_int_equal(w.st.active, XLB_AGENT_FO_BACKUP);
	assert_int_equal(w.st.failovers, 1);
}

static void backup_dead_primary_back_is_a_failover(void **state)
{
	struct world w;

	(void)state;
	primary_died(&w);
	look(&w, 3000, none, none, (const bool[2]){ true, true });
	/* The backup dies before the hold-down: back to the live primary at once. */
	look(&w, 4000, none, (const int[2]){ 0, 10 }, primary_answers);
	assert_true(look(&w, 4300, none, (const int[2]){ 0, 10 }, primary_answers));
	assert_int_equal(w.st.active, XLB_AGENT_FO_PRIMARY);
	assert_int_equal(w.st.failovers, 2);
	assert_int_equal(w.st.failbacks, 0);
}

static void restart_on_the_backup_stays_there(void **state)
{
	struct world w = { 0 };

	(void)state;
	/* A restarted xlbd found the routes on the backup's interface. */
	w.st.active = XLB_AGENT_FO_BACKUP;
	assert_true(look(&w, 1000, none, none, NULL));
	assert_int_equal(w.st.active, XLB_AGENT_FO_BACKUP);
	/* The primary answers: back only after the hold-down. */
	assert_false(look(&w, 1500, none, none, (const bool[2]){ true, true }));
	assert_false(look(&w, 11000, none, none, (const bool[2]){ true, true }));
	assert_true(look(&w, 11500, none, none, (const bool[2]){ true, true }));
	assert_int_equal(w.st.active, XLB_AGENT_FO_PRIMARY);
	assert_int_equal(w.st.failbacks, 1);
	assert_int_equal(w.st.failovers, 0);
}

static void own_probes_are_not_traffic(void **state)
{
	struct world w;
	struct xlbd_fo_sample s = { .counted = true };

	(void)state;
	both_alive(&w);
	/* The idle backup: a probe each look, no answer yet: within three probe intervals it is not dead. */
	s.rx = w.rx[1];
	s.tx = w.tx[1];
	for (long long t = 2000; t <= 3900; t += 100) {
		s.tx++;
		s.probes = 1;
		xlbd_fo_observe(&w.st, &fo, 1, &s, t);
		assert_int_equal(w.st.link[1].unanswered, 0);
		assert_int_equal(w.st.link[1].health, XLB_AGENT_FO_ALIVE);
	}
	/* A packet out that is not a probe does wait for an answer. */
	s.tx += 2;
	s.probes = 1;
	xlbd_fo_observe(&w.st, &fo, 1, &s, 4000);
	assert_int_equal(w.st.link[1].unanswered, 4000);
}

static void counters_going_back_are_a_new_interface(void **state)
{
	struct world w;
	struct xlbd_fo_sample s = { .counted = true, .rx = 0, .tx = 0 };

	(void)state;
	both_alive(&w);
	/* The interface made anew: its counters start from 0, no packet came. */
	xlbd_fo_observe(&w.st, &fo, 0, &s, 2050);
	assert_int_equal(w.st.link[0].evidence, 2000);
	assert_int_equal(w.st.link[0].rx, 0);
	s.rx = 3;
	xlbd_fo_observe(&w.st, &fo, 0, &s, 2100);
	assert_int_equal(w.st.link[0].evidence, 2100);
	/* No interface: no counters, no evidence. */
	s.counted = false;
	xlbd_fo_observe(&w.st, &fo, 0, &s, 2150);
	assert_int_equal(w.st.link[0].evidence, 2100);
}

static void probes_when_and_how_often(void **state)
{
	struct world w;

	(void)state;
	memset(&w, 0, sizeof(w));
	look(&w, 1000, none, none, NULL);
	/* Never probed: both at once. */
	assert_true(xlbd_fo_probe_due(&w.st, &fo, 0, 1000));
	xlbd_fo_probed(&w.st, 0, 1000);
	assert_false(xlbd_fo_probe_due(&w.st, &fo, 0, 1999));
	assert_true(xlbd_fo_probe_due(&w.st, &fo, 0, 2000));
	/* Packets coming in: no probe. */
	look(&w, 2000, primary_flows, primary_out, NULL);
	assert_false(xlbd_fo_probe_due(&w.st, &fo, 0, 2050));
	/* Outbound unanswered: every detect / 4 = 75 ms. */
	look(&w, 2100, none, primary_out, NULL);
	xlbd_fo_probed(&w.st, 0, 2100);
	assert_false(xlbd_fo_probe_due(&w.st, &fo, 0, 2174));
	assert_true(xlbd_fo_probe_due(&w.st, &fo, 0, 2175));
	/* Dead: back to the probe interval, a bounded rate. */
	look(&w, 2400, none, primary_out, NULL);
	assert_int_equal(w.st.link[0].health, XLB_AGENT_FO_DEAD);
	xlbd_fo_probed(&w.st, 0, 2400);
	assert_false(xlbd_fo_probe_due(&w.st, &fo, 0, 3399));
	assert_true(xlbd_fo_probe_due(&w.st, &fo, 0, 3400));
	/* A look at least every quarter of the shorter of detect and probe. */
	assert_int_equal(xlbd_fo_next(&fo, 5000), 5075);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(primary_active_from_the_first_look),
		cmocka_unit_test(outbound_without_answer_for_detect_is_dead),
		cmocka_unit_test(one_way_traffic_answered_by_probe_is_alive),
		cmocka_unit_test(fail_back_only_after_hold_down),
		cmocka_unit_test(flapping_primary_does_not_come_back),
		cmocka_unit_test(both_dead_then_one_back),
		cmocka_unit_test(backup_dead_primary_back_is_a_failover),
		cmocka_unit_test(restart_on_the_backup_stays_there),
		cmocka_unit_test(own_probes_are_not_traffic),
		cmocka_unit_test(counters_going_back_are_a_new_interface),
		cmocka_unit_test(probes_when_and_how_often),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
