// SPDX-License-Identifier: GPL-2.0
#include "xlbd_failover.h"

/* The fastest a group is looked at: a tick under a millisecond is noise. */
#define FO_TICK_MIN_MS 10

void xlbd_fo_observe(struct xlbd_fo_state *st, const struct xlbd_failover *fo,
		     int t, const struct xlbd_fo_sample *s, long long now)
{
	struct xlbd_fo_link *l = &st->link[t];
	bool in = false, out = false;
	long long quiet_since;

	if (!st->started)
		st->started = now;
	/*
	 * Counters that went back belong to an interface made anew (the conn
	 * came up again): a new baseline, no evidence either way.
	 */
	if (s->counted && l->counted && s->rx >= l->rx && s->tx >= l->tx) {
		in = s->rx > l->rx;
		/* xlbd's own probes are not traffic waiting for an answer. */
		out = s->tx - l->tx > s->probes;
	}
	l->counted = s->counted;
	l->rx = s->rx;
	l->tx = s->tx;
	if (in || s->answered) {
		l->evidence = now;
		l->unanswered = 0;
		if (l->health != XLB_AGENT_FO_ALIVE) {
			l->health = XLB_AGENT_FO_ALIVE;
			l->alive_since = now;
		}
		return;
	}
	if (out && !l->unanswered)
		l->unanswered = now;
	if (l->health == XLB_AGENT_FO_DEAD)
		return;
	quiet_since = l->evidence ? l->evidence : st->started;
	if ((l->unanswered && now - l->unanswered >= fo->detect_ms) ||
	    now - quiet_since >= 3LL * fo->probe_ms)
		l->health = XLB_AGENT_FO_DEAD;
}

/* How often tunnel @t is probed while nothing comes back from it. */
static long long probe_interval(const struct xlbd_fo_link *l,
				const struct xlbd_failover *fo)
{
	long long quick = fo->detect_ms / 4;

	if (l->unanswered && l->health != XLB_AGENT_FO_DEAD)
		return quick < FO_TICK_MIN_MS ? FO_TICK_MIN_MS : quick;
	return fo->probe_ms;
}

bool xlbd_fo_probe_due(const struct xlbd_fo_state *st,
		       const struct xlbd_failover *fo, int t, long long now)
{
	const struct xlbd_fo_link *l = &st->link[t];
	long long every = probe_interval(l, fo);

	/* Packets coming in say more than a probe would. */
	if (l->evidence && now - l->evidence < every)
		return false;
	return !l->probed || now - l->probed >= every;
}

void xlbd_fo_probed(struct xlbd_fo_state *st, int t, long long now)
{
	st->link[t].probed = now;
}

static bool usable(const struct xlbd_fo_link *l)
{
	return l->health != XLB_AGENT_FO_DEAD;
}

/* The active tunnel from now on, before counting what kind of change it is. */
static enum xlb_agent_fo_active choose(const struct xlbd_fo_state *st,
				       const struct xlbd_failover *fo,
				       long long now)
{
	const struct xlbd_fo_link *p = &st->link[0], *b = &st->link[1];

	switch (st->active) {
	case XLB_AGENT_FO_PRIMARY:
		if (usable(p))
			return XLB_AGENT_FO_PRIMARY;
		return usable(b) ? XLB_AGENT_FO_BACKUP : XLB_AGENT_FO_NONE;
	case XLB_AGENT_FO_BACKUP:
		if (!usable(b))
			return usable(p) ? XLB_AGENT_FO_PRIMARY : XLB_AGENT_FO_NONE;
		if (p->health == XLB_AGENT_FO_ALIVE &&
		    now - p->alive_since >= 1000LL * fo->hold_down_s)
			return XLB_AGENT_FO_PRIMARY;
		return XLB_AGENT_FO_BACKUP;
	default:
		/* At the start (both unknown) or after both were dead. */
		if (usable(p))
			return XLB_AGENT_FO_PRIMARY;
		return usable(b) ? XLB_AGENT_FO_BACKUP : XLB_AGENT_FO_NONE;
	}
}

bool xlbd_fo_decide(struct xlbd_fo_state *st, const struct xlbd_failover *fo,
		    long long now, time_t wall)
{
	enum xlb_agent_fo_active next = choose(st, fo, now);

	if (next == st->active && st->since)
		return false;
	if (st->active == XLB_AGENT_FO_PRIMARY && next == XLB_AGENT_FO_BACKUP)
		st->failovers++;
	else if (st->active == XLB_AGENT_FO_BACKUP && next == XLB_AGENT_FO_PRIMARY &&
		 usable(&st->link[1]))
		st->failbacks++;
	else if (st->active == XLB_AGENT_FO_BACKUP && next == XLB_AGENT_FO_PRIMARY)
		st->failovers++;
	st->active = next;
	st->since = now;
	st->since_wall = wall;
	return true;
}

long long xlbd_fo_next(const struct xlbd_failover *fo, long long now)
{
	long long tick = fo->detect_ms / 4;

	if (tick > fo->probe_ms / 4)
		tick = fo->probe_ms / 4;
	if (tick < FO_TICK_MIN_MS)
		tick = FO_TICK_MIN_MS;
	return now + tick;
}
