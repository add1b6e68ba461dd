/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Peer failover (xlbd.conf "failover"): a remote site behind a primary and
 * a backup remote gateway. Both tunnels are up at once, each on its own
 * XFRM interface (hot standby); the group's routes point at the active
 * one, so a failover is a route change and costs no IKE exchange.
 *
 * A tunnel is alive while its own traffic says so: packets come in on its
 * interface, or a probe (an ICMP echo to the remote gateway's inside
 * address, sent through the interface) is answered. An idle tunnel is
 * probed every probe interval; one whose outbound gets no answer every
 * quarter of the detect time, so that one-way traffic on a live tunnel
 * is not taken for a dead one. It is dead when packets went out and
 * nothing came back for the detect time, nor to a probe sent at least the
 * detect time ago (so the detect time must exceed the round trip), or when
 * three probes in a row went unanswered, the last for a probe interval,
 * or when its interface is gone. Only probes that went out count: a
 * moment xlbd itself was not looking (a slow whack) is never taken for
 * the tunnel's silence. A tunnel whose interface never existed is not
 * dead but unknown (its conn may be on its way up, slowly on a loaded
 * host); after XLBD_FO_START_GRACE_MS it is overdue, which xlbd says.
 *
 * The active tunnel dead and the other alive: the routes move (a
 * failover). Back to the primary only once it has been alive for the
 * hold-down time (a fail-back): a flapping primary costs one failover per
 * flap, never a storm. Both dead: none is active, the probes go on at
 * their interval, and the first to answer gets the routes.
 *
 * This part decides from samples; xlbd_failover_run.c reads the
 * interfaces' counters, sends the probes and moves the routes.
 */
#ifndef XLBD_FAILOVER_H
#define XLBD_FAILOVER_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "lib/agent_state.h"
#include "xlbd_conf.h"

/* How long a tunnel's interface may be missing before it ever existed. */
#define XLBD_FO_START_GRACE_MS 30000

/* Why a tunnel was found dead. */
enum xlbd_fo_why {
	XLBD_FO_WHY_NONE,
	XLBD_FO_WHY_OUTBOUND,	/* packets out, nothing back for detect ms */
	XLBD_FO_WHY_PROBES,	/* three probes in a row unanswered */
	XLBD_FO_WHY_NO_DEV,	/* its interface is gone */
};

/* One tunnel as xlbd sees it. Times are monotonic milliseconds. */
struct xlbd_fo_link {
	enum xlb_agent_fo_health health;
	enum xlbd_fo_why why;	/* while dead */
	bool counted;		/* rx and tx hold a reading */
	bool overdue;		/* unknown, no interface after the start grace */
	uint64_t rx, tx;	/* the interface's packet counters */
	long long evidence;	/* the last packet in or answer; 0: none yet */
	long long unanswered;	/* the first packet out since then; 0: none */
	long long probed;	/* the last probe sent */
	long long first_probe;	/* the first probe since the evidence; 0: none */
	unsigned int probes;	/* probes since the evidence, unanswered */
	long long alive_since;
};

/* What the last change of the active tunnel was. */
enum xlbd_fo_change {
	XLBD_FO_FIRST,		/* to a tunnel, from none */
	XLBD_FO_FAILOVER,	/* off a dead tunnel to the live one */
	XLBD_FO_FAILBACK,	/* back to the primary after the hold-down */
	XLBD_FO_SETTLE,		/* to the primary, up after the backup at the start */
	XLBD_FO_NONE_LEFT,	/* both dead */
};

struct xlbd_fo_state {
	enum xlb_agent_fo_active active;
	enum xlbd_fo_change change;
	/*
	 * The backup got the routes first while the primary was still
	 * unknown (its conn on its way up): the primary takes them as soon
	 * as it is alive, without the hold-down, and that is no fail-back.
	 */
	bool settling;
	long long started;	/* the group's first sample */
	long long since;	/* the last change of the active tunnel */
	time_t since_wall;
	unsigned int failovers, failbacks;
	struct xlbd_fo_link link[2];	/* [0] primary, [1] backup */
};

/* What one look at a tunnel found. */
struct xlbd_fo_sample {
	bool counted;		/* the interface exists: rx and tx are read */
	uint64_t rx, tx;
	bool answered;		/* a probe's answer came since the last look */
	unsigned int probes;	/* probes sent on it since the last look */
};

/* Takes @s, a look at tunnel @t of @fo at @now, into @st. */
void xlbd_fo_observe(struct xlbd_fo_state *st, const struct xlbd_failover *fo,
		     int t, const struct xlbd_fo_sample *s, long long now);

/* True when tunnel @t is to be probed now. */
bool xlbd_fo_probe_due(const struct xlbd_fo_state *st,
		       const struct xlbd_failover *fo, int t, long long now);
/* Tunnel @t was probed at @now. */
void xlbd_fo_probed(struct xlbd_fo_state *st, int t, long long now);

/*
 * After both tunnels were observed: which one is active from now on.
 * Returns true when that changed (the routes are to move).
 */
bool xlbd_fo_decide(struct xlbd_fo_state *st, const struct xlbd_failover *fo,
		    long long now, time_t wall);

/* When the group is next to be looked at (monotonic ms). */
long long xlbd_fo_next(const struct xlbd_failover *fo, long long now);

#endif /* XLBD_FAILOVER_H */
