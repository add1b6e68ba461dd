// SPDX-License-Identifier: GPL-2.0
#include "xlbd_failover.h"

/* The fastest a group is looked at: a tick under a millisecond is noise. */
#define FO_TICK_MIN_MS 10

/* Tunnel @l is dead for @why. */
static void die(struct xlbd_fo_link *l, enum xlbd_fo_why why)
{
	l->health = XLB_AGENT_FO_DEAD;
	l->why = why;
}

/*
 * No interface: a live tunnel is dead (its routes went with it); one never
 * seen stays unknown, overdue after the grace.
 */
static void observe_no_dev(struct xlbd_fo_state *st, struct xlbd_fo_link *l,
			   long long now)
{
	l->counted = false;
	l->unanswered = 0;
	if (l->health == XLB_AGENT_FO_ALIVE)
		die(l, XLBD_FO_WHY_NO_DEV);
	else if (l->health == XLB_AGENT_FO_UNKNOWN)
		l->overdue = now - st->started >= XLBD_FO_START_GRACE_MS;
}

void xlbd_fo_observe(struct xlbd_fo_state *st, const struct xlbd_failover *fo,
		     int t, const struct xlbd_fo_sample *s, long long now)
{
	struct xlbd_fo_link *l = &st->link[t];
	bool in = false, out = false;

	if (!st->started)
		st->started = now;
	if (!s->counted) {
		observe_no_dev(st, l, now);
		return;
	}
	/*
	 * Counters that went back belong to an interface made anew (the conn
	 * came up again): a new baseline, no evidence either way.
	 */
	if (l->counted && s->rx >= l->rx && s->tx >= l->tx) {
		in = s->rx > l->rx;
		/* xlbd's own probes are not traffic waiting for an answer. */
		out = s->tx - l->tx > s->probes;
	}
	l->counted = true;
	l->rx = s->rx;
	l->tx = s->tx;
	if (in || s->answered) {
		l->evidence = now;
		l->unanswered = 0;
		l->first_probe = 0;
		l->probes = 0;
		if (l->health != XLB_AGENT_FO_ALIVE) {
			l->health = XLB_AGENT_FO_ALIVE;
			l->why = XLBD_FO_WHY_NONE;
			l->alive_since = now;
			l->overdue = false;
		}
		return;
	}
	if (out && !l->unanswered)
		l->unanswered = now;
	if (l->health == XLB_AGENT_FO_DEAD)
		return;
	/*
	 * A probe had the whole detect time to come back: nothing did. Not
	 * less: traffic may go out on one tunnel and come back on the other
	 * (the remote site's VRRP during a hold-down), and then the probe's
	 * round trip is all that says the tunnel is alive.
	 */
	if (l->unanswered && now - l->unanswered >= fo->detect_ms &&
	    l->first_probe && now - l->first_probe >= fo->detect_ms)
		die(l, XLBD_FO_WHY_OUTBOUND);
	else if (l->probes >= 3 && now - l->probed >= fo->probe_ms)
		die(l, XLBD_FO_WHY_PROBES);
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

	/* No interface, nothing to probe through. */
	if (!l->counted)
		return false;
	/* Packets coming in say more than a probe would. */
	if (l->evidence && now - l->evidence < every)
		return false;
	return !l->probed || now - l->probed >= every;
}

void xlbd_fo_probed(struct xlbd_fo_state *st, int t, long long now)
{
	struct xlbd_fo_link *l = &st->link[t];

	l->probed = now;
	if (!l->first_probe)
		l->first_probe = now;
	l->probes++;
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
		if (st->settling && p->health == XLB_AGENT_FO_ALIVE)
			return XLB_AGENT_FO_PRIMARY;
		if (p->health == XLB_AGENT_FO_ALIVE &&
		    now - p->alive_since >= 1000LL * fo->hold_down_s)
			return XLB_AGENT_FO_PRIMARY;
		return XLB_AGENT_FO_BACKUP;
	default:
		/*
		 * At the start or after both were dead: the routes go to a
		 * tunnel known to be alive, not to one still unknown (its
		 * interface may not even exist yet).
		 */
		if (p->health == XLB_AGENT_FO_ALIVE)
			return XLB_AGENT_FO_PRIMARY;
		return b->health == XLB_AGENT_FO_ALIVE ? XLB_AGENT_FO_BACKUP :
							 XLB_AGENT_FO_NONE;
	}
}

/* What a move from the active tunnel to @next is. */
static enum xlbd_fo_change change(const struct xlbd_fo_state *st,
				  enum xlb_agent_fo_active next)
{
	if (next == XLB_AGENT_FO_NONE)
		return XLBD_FO_NONE_LEFT;
	if (st->active == XLB_AGENT_FO_NONE)
		return XLBD_FO_FIRST;
	if (next == XLB_AGENT_FO_BACKUP)
		return XLBD_FO_FAILOVER;
	if (st->settling)
		return XLBD_FO_SETTLE;
	return usable(&st->link[1]) ? XLBD_FO_FAILBACK : XLBD_FO_FAILOVER;
}

bool xlbd_fo_decide(struct xlbd_fo_state *st, const struct xlbd_failover *fo,
		    long long now, time_t wall)
{
	enum xlb_agent_fo_active next = choose(st, fo, now);
	bool primary_unknown = st->link[0].health == XLB_AGENT_FO_UNKNOWN;

	if (next == st->active && st->since) {
		/* Settling ends when the primary is judged, alive or dead. */
		st->settling = st->settling && primary_unknown;
		return false;
	}
	/* The first decision may keep what it found (the routes adopted). */
	st->change = next == st->active ? XLBD_FO_FIRST : change(st, next);
	if (st->change == XLBD_FO_FAILOVER)
		st->failovers++;
	else if (st->change == XLBD_FO_FAILBACK)
		st->failbacks++;
	/* Not for routes adopted on the backup: the primary's past is unknown. */
	st->settling = st->active == XLB_AGENT_FO_NONE && next == XLB_AGENT_FO_BACKUP &&
		       primary_unknown;
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
