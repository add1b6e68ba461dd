/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Peer failover at work (xlbd_failover.h): the XFRM interfaces' packet
 * counters and the group's routes through rtnetlink, the probes through a
 * raw ICMP socket per tunnel, pluto through whack.
 */
#ifndef XLBD_FAILOVER_RUN_H
#define XLBD_FAILOVER_RUN_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xlbd_conf.h"
#include "xlbd_failover.h"

struct nl_sock;

/* A group's state, kept across a reload while its name stays. */
struct xlbd_fo_slot {
	char name[XLBD_PAIR_NAME_LEN];
	struct xlbd_fo_state st;
	int sock[2];			/* probe sockets, -1 until made */
	uint16_t ident[2], seq[2];	/* the probes' ICMP id and sequence */
	bool answered[2];		/* an answer since the last look */
	unsigned int probes[2];		/* probes sent since the last look */
	char said[2][160];		/* the probe failure logged; "" none */
	bool routes_ok;			/* the routes point where they should */
	bool routes_said;		/* a route failure was logged */
	long long due;			/* the next look, monotonic ms */
};

struct xlbd_failovers {
	struct nl_sock *req;		/* counters, routes */
	struct nl_sock *ev;		/* route events */
	struct xlbd_fo_slot *slots;	/* one per group of the file, in order */
	size_t n;
	long long conns_due;		/* the next look at the conns, monotonic s */
	bool changed;			/* publish the state file */
};

int xlbd_failovers_open(struct xlbd_failovers *f);
void xlbd_failovers_close(struct xlbd_failovers *f);

/* After the file was loaded or reloaded: a slot for each of its groups. */
int xlbd_failovers_reset(struct xlbd_failovers *f, const struct xlbd_conf *conf);

/* Its sockets to poll for reading, into @pfd (room for @max); how many. */
size_t xlbd_failovers_fds(const struct xlbd_failovers *f, struct pollfd *pfd,
			  size_t max);
/*
 * Reads what came on them (route changes, probes' answers), looks at each
 * group that is due, moves routes, sends probes, keeps the conns up. Call
 * it when one of them is readable, or when it is due. Returns when it is next due (monotonic ms; LLONG_MAX: never).
 */
long long xlbd_failovers_run(struct xlbd_failovers *f, const struct xlbd_conf *conf,
			     long long now_ms);

#endif /* XLBD_FAILOVER_RUN_H */
