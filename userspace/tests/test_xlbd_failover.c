// SPDX-License-Identifier: GPL-2.0
/*
 * Peer failover, the deciding part: the routes go to the primary once it
 * is known alive; a tunnel whose packets go out with nothing back for the
 * detect time (a probe among them) is dead, and so is an idle one whose
 * three probes in a row go unanswered, or whose interface is gone; the
 * routes move to the backup when the primary dies and come back only
 * after the primary was alive for the hold-down time; both dead leaves
 * none active until one answers. Probes: an idle tunnel every probe
 * interval, one with unanswered outbound every quarter of the detect time,
 * one with packets coming in never, one without an interface never. A
 * time xlbd did not look (a stall) is not the tunnel's silence.
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

/* look(), then the probes that are due, as xlbd_failovers_run() does. */
static bool tick(struct world *w, long long now, const int in[2], const int out[2],
		 const bool answered[2])
{
	bool moved = look(w, now, in, out, answered);

	for (int t = 0; t < 2; t++)
		if (xlbd_fo_probe_due(&w->st, &fo, t, now))
			xlbd_fo_probed(&w->st, t, now);
	return moved;
}

static const int none[2] = { 0, 0 };
static const int primary_flows[2] = { 10, 0 };
static const int primary_out[2] = { 10, 0 };
static const bool backup_answers[2] = { false, true };
static const bool primary_answers[2] = { true, false };
static const bool both_answer[2] = { true, true };

/* Ticks every 50 ms in [@from, @to) with the same traffic; true if the active one changed. */
static bool ticks(struct world *w, long long from, long long to, const int in[2],
		  const int out[2], const bool answered[2])
{
	bool moved = false;

	for (long long t = from; t < to; t += 50)
		moved |= tick(w, t, in, out, answered);
	return moved;
}

static void nothing_active_until_a_tunnel_is_alive(void **state)
{
	struct world w = { 0 };

	(void)state;
	assert_true(tick(&w, 1000, none, none, NULL));
	assert_int_equal(w.st.active, XLB_AGENT_FO_NONE);
	assert_int_equal(w.st.link[0].health, XLB_AGENT_FO_UNKNOWN);
	assert_false(tick(&w, 1100, none, none, NULL));
	/* The primary known alive: it gets the routes. */
	assert_true(tick(&w, 1200, primary_flows, primary_out, backup_answers));
	assert_int_equal(w.st.active, XLB_AGENT_FO_PRIMARY);
	assert_int_equal(w.st.failovers, 0);
	assert_int_equal(w.st.link[0].health, XLB_AGENT_FO_ALIVE);
	assert_int_equal(w.st.link[1].health, XLB_AGENT_FO_ALIVE);
	assert_int_equal(w.st.since, 1200);
}

static void backup_first_alive_gets_the_routes(void **state)
{
	struct world w = { 0 };

	(void)state;
	tick(&w, 1000, none, none, NULL);
	assert_true(tick(&w, 1100, none, none, backup_answers));
	assert_int_equal(w.st.active, XLB_AGENT_FO_BACKUP);
	assert_int_equal(w.st.change, XLBD_FO_FIRST);
	/* The primary, still coming up, answers: it takes the routes at once. */
	assert_false(ticks(&w, 1150, 2000, none, none, backup_answers));
	assert_true(tick(&w, 2000, none, none, both_answer));
	assert_int_equal(w.st.active, XLB_AGENT_FO_PRIMARY);
	assert_int_equal(w.st.change, XLBD_FO_SETTLE);
	assert_int_equal(w.st.failovers, 0);
	assert_int_equal(w.st.failbacks, 0);
	assert_false(w.st.settling);
}

static void backup_first_then_primary_dead_needs_the_hold_down(void **state)
{
	struct world w = { 0 };

	(void)state;
	tick(&w, 1000, none, none, NULL);
	tick(&w, 1100, none, none, backup_answers);
	/* The primary's probes unanswered: dead at 4000, no longer settling. */
	ticks(&w, 1150, 4050, none, none, backup_answers);
	assert_int_equal(w.st.link[0].health, XLB_AGENT_FO_DEAD);
	assert_false(w.st.settling);
	/* Back at 5000: only after the hold-down, as a fail-back. */
	assert_false(ticks(&w, 5000, 15000, none, none, both_answer));
	assert_true(tick(&w, 15000, none, none, both_answer));
	assert_int_equal(w.st.change, XLBD_FO_FAILBACK);
	assert_int_equal(w.st.failbacks, 1);
}

/* The world after a second of both tunnels alive, primary carrying traffic. */
static void both_alive(struct world *w)
{
	memset(w, 0, sizeof(*w));
	tick(w, 1000, none, none, NULL);
	for (long long t = 1050; t <= 2000; t += 50)
		tick(w, t, primary_flows, primary_out, t == 1500 ? backup_answers : NULL);
	assert_int_equal(w->st.active, XLB_AGENT_FO_PRIMARY);
	assert_int_equal(w->st.link[0].health, XLB_AGENT_FO_ALIVE);
	assert_int_equal(w->st.link[1].health, XLB_AGENT_FO_ALIVE);
}

/* both_alive(), then the primary's outbound unanswered until the backup is active. */
static void primary_died(struct world *w)
{
	both_alive(w);
	for (long long t = 2050; w->st.active == XLB_AGENT_FO_PRIMARY; t += 50)
		tick(w, t, none, primary_out, NULL);
}

static void outbound_without_answer_for_detect_is_dead(void **state)
{
	struct world w;

	(void)state;
	both_alive(&w);
	/* From 2050 packets go out and none come back; probed from 2100: dead 300 ms later. */
	for (long long t = 2050; t < 2400; t += 50) {
		assert_false(tick(&w, t, none, primary_out, NULL));
		assert_int_equal(w.st.link[0].health, XLB_AGENT_FO_ALIVE);
	}
	assert_int_equal(w.st.link[0].first_probe, 2100);
	assert_true(tick(&w, 2400, none, primary_out, NULL));
	assert_int_equal(w.st.link[0].why, XLBD_FO_WHY_OUTBOUND);
	assert_int_equal(w.st.link[0].health, XLB_AGENT_FO_DEAD);
	assert_int_equal(w.st.active, XLB_AGENT_FO_BACKUP);
	assert_int_equal(w.st.failovers, 1);
	assert_int_equal(w.st.failbacks, 0);
	assert_int_equal(w.st.since, 2400);
}

static void one_way_traffic_answered_by_probe_is_alive(void **state)
{
	struct world w;

	(void)state;
	both_alive(&w);
	ticks(&w, 2050, 2250, none, primary_out, NULL);
	/* A probe's answer is as good as a packet in. */
	tick(&w, 2250, none, primary_out, primary_answers);
	assert_false(ticks(&w, 2300, 2550, none, primary_out, NULL));
	assert_int_equal(w.st.link[0].health, XLB_AGENT_FO_ALIVE);
	assert_int_equal(w.st.active, XLB_AGENT_FO_PRIMARY);
}

static void a_slow_probe_answer_within_detect_keeps_it_alive(void **state)
{
	struct world w;

	(void)state;
	both_alive(&w);
	/* Out only (the answers come back through the other tunnel); probed at 2100. */
	assert_false(ticks(&w, 2050, 2400, none, primary_out, NULL));
	assert_int_equal(w.st.link[0].first_probe, 2100);
	/* Its answer after 280 ms, inside the detect time: alive. */
	assert_false(tick(&w, 2380, none, primary_out, primary_answers));
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

		tick(&w, base, none, none, both_answer);
		assert_int_equal(w.st.link[0].health, XLB_AGENT_FO_ALIVE);
		/* Idle, its probes at +1000, +2000, +3000 unanswered: dead at +4000. */
		ticks(&w, base + 50, base + 4000, none, none, backup_answers);
		assert_int_equal(w.st.link[0].health, XLB_AGENT_FO_ALIVE);
		assert_int_equal(w.st.link[0].first_probe, base + 1000);
		tick(&w, base + 4000, none, none, backup_answers);
		assert_int_equal(w.st.link[0].health, XLB_AGENT_FO_DEAD);
		assert_int_equal(w.st.link[0].why, XLBD_FO_WHY_PROBES);
		assert_int_equal(w.st.active, XLB_AGENT_FO_BACKUP);
		ticks(&w, base + 4050, base + 10000, none, none, backup_answers);
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
	assert_true(ticks(&w, 2050, 2450, none, primary_out, NULL));
	assert_int_equal(w.st.active, XLB_AGENT_FO_BACKUP);
	/* The backup: probed at 2500, 3500, 4500, none answered: dead at 5500. */
	assert_false(ticks(&w, 2450, 5500, none, primary_out, NULL));
	assert_int_equal(w.st.link[1].health, XLB_AGENT_FO_ALIVE);
	assert_true(tick(&w, 5500, none, primary_out, NULL));
	assert_int_equal(w.st.link[1].health, XLB_AGENT_FO_DEAD);
	assert_int_equal(w.st.active, XLB_AGENT_FO_NONE);
	/* Dead: probed every probe interval, a bounded rate, for as long as it takes. */
	assert_int_equal(w.st.link[1].probed, 5500);
	assert_false(ticks(&w, 5550, 60000, none, primary_out, NULL));
	assert_int_equal(w.st.link[1].probed, 59500);
	/* The backup answers: it gets the routes, without counting a failover. */
	assert_true(tick(&w, 61000, none, none, backup_answers));
	assert_int_equal(w.st.active, XLB_AGENT_FO_BACKUP);
	assert_int_equal(w.st.failovers, 1);
}

static void backup_dead_primary_back_is_a_failover(void **state)
{
	struct world w;

	(void)state;
	primary_died(&w);
	tick(&w, 3000, none, none, both_answer);
	/* The backup dies before the hold-down: back to the live primary at once. */
	assert_true(ticks(&w, 4000, 4350, none, (const int[2]){ 0, 10 }, primary_answers));
	assert_int_equal(w.st.since, 4300);
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
	assert_false(w.st.settling);
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
	/* No interface: no counters, no evidence, and a live tunnel is dead. */
	s.counted = false;
	xlbd_fo_observe(&w.st, &fo, 0, &s, 2150);
	assert_int_equal(w.st.link[0].evidence, 2100);
	assert_int_equal(w.st.link[0].health, XLB_AGENT_FO_DEAD);
	assert_int_equal(w.st.link[0].why, XLBD_FO_WHY_NO_DEV);
	assert_true(xlbd_fo_decide(&w.st, &fo, 2150, 2));
	assert_int_equal(w.st.active, XLB_AGENT_FO_BACKUP);
	assert_int_equal(w.st.failovers, 1);
}

static void no_interface_at_the_start_is_waited_for(void **state)
{
	struct world w = { 0 };
	struct xlbd_fo_sample s = { .counted = false };

	(void)state;
	/* The conns on their way up: no interfaces, no probes, nothing dead yet. */
	for (long long t = 1000; t < 1000 + XLBD_FO_START_GRACE_MS; t += 250) {
		for (int i = 0; i < 2; i++) {
			xlbd_fo_observe(&w.st, &fo, i, &s, t);
			assert_false(xlbd_fo_probe_due(&w.st, &fo, i, t));
		}
		xlbd_fo_decide(&w.st, &fo, t, 1);
		assert_int_equal(w.st.link[0].health, XLB_AGENT_FO_UNKNOWN);
		assert_int_equal(w.st.active, XLB_AGENT_FO_NONE);
	}
	assert_false(w.st.link[0].overdue);
	/* Still none after the grace: overdue (xlbd says so), still not dead. */
	xlbd_fo_observe(&w.st, &fo, 0, &s, 1000 + XLBD_FO_START_GRACE_MS);
	assert_int_equal(w.st.link[0].health, XLB_AGENT_FO_UNKNOWN);
	assert_true(w.st.link[0].overdue);
	/* It comes: probed at once, alive on the answer. */
	s.counted = true;
	xlbd_fo_observe(&w.st, &fo, 0, &s, 40000);
	assert_true(xlbd_fo_probe_due(&w.st, &fo, 0, 40000));
	s.answered = true;
	xlbd_fo_observe(&w.st, &fo, 0, &s, 40100);
	assert_int_equal(w.st.link[0].health, XLB_AGENT_FO_ALIVE);
	assert_false(w.st.link[0].overdue);
}

static void a_stall_is_not_silence(void **state)
{
	struct world w;

	(void)state;
	both_alive(&w);
	/* xlbd does not look for 5 s (a slow whack): the idle backup was probed once, at 2500. */
	ticks(&w, 2050, 2550, primary_flows, primary_out, NULL);
	assert_int_equal(w.st.link[1].probed, 2500);
	assert_false(tick(&w, 7500, primary_flows, primary_out, NULL));
	assert_int_equal(w.st.link[1].health, XLB_AGENT_FO_ALIVE);
	assert_int_equal(w.st.link[1].probes, 2);
	/* The same for outbound: unanswered since 7550, then a stall; no probe had time. */
	ticks(&w, 7550, 7600, none, primary_out, NULL);
	assert_int_equal(w.st.link[0].unanswered, 7550);
	assert_int_equal(w.st.link[0].first_probe, 0);
	assert_false(tick(&w, 9000, none, primary_out, NULL));
	assert_int_equal(w.st.link[0].health, XLB_AGENT_FO_ALIVE);
	assert_int_equal(w.st.link[0].first_probe, 9000);
	/* The whole detect time for that probe, then dead. */
	assert_false(ticks(&w, 9050, 9300, none, primary_out, NULL));
	assert_true(tick(&w, 9300, none, primary_out, NULL));
	assert_int_equal(w.st.link[0].why, XLBD_FO_WHY_OUTBOUND);
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
		cmocka_unit_test(nothing_active_until_a_tunnel_is_alive),
		cmocka_unit_test(backup_first_alive_gets_the_routes),
		cmocka_unit_test(backup_first_then_primary_dead_needs_the_hold_down),
		cmocka_unit_test(outbound_without_answer_for_detect_is_dead),
		cmocka_unit_test(one_way_traffic_answered_by_probe_is_alive),
		cmocka_unit_test(a_slow_probe_answer_within_detect_keeps_it_alive),
		cmocka_unit_test(fail_back_only_after_hold_down),
		cmocka_unit_test(flapping_primary_does_not_come_back),
		cmocka_unit_test(both_dead_then_one_back),
		cmocka_unit_test(backup_dead_primary_back_is_a_failover),
		cmocka_unit_test(restart_on_the_backup_stays_there),
		cmocka_unit_test(own_probes_are_not_traffic),
		cmocka_unit_test(counters_going_back_are_a_new_interface),
		cmocka_unit_test(no_interface_at_the_start_is_waited_for),
		cmocka_unit_test(a_stall_is_not_silence),
		cmocka_unit_test(probes_when_and_how_often),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
