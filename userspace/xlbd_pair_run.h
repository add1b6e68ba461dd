/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Gateway pairs at work (xlbd_pair.h): the host's addresses from
 * rtnetlink (address events, then a dump), and pluto through whack.
 */
#ifndef XLBD_PAIR_RUN_H
#define XLBD_PAIR_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xlbd_conf.h"
#include "xlbd_pair.h"

struct nl_sock;

/* A pair's state, kept across a reload while its name and address stay. */
struct xlbd_pair_slot {
	char name[XLBD_PAIR_NAME_LEN];
	int family;
	uint8_t addr[16];
	struct xlbd_pair_state st;
};

struct xlbd_pairs {
	struct nl_sock *sk;		/* address events */
	struct nl_sock *req;		/* address dumps */
	struct xlbd_pair_slot *slots;	/* one per pair of the file, in order */
	size_t n;
	bool look;			/* an address event since the last look */
	bool changed;			/* a role or pending changed: publish */
};

int xlbd_pairs_open(struct xlbd_pairs *p);
void xlbd_pairs_close(struct xlbd_pairs *p);
int xlbd_pairs_fd(const struct xlbd_pairs *p);

/* After the file was loaded or reloaded: a slot for each of its pairs. */
int xlbd_pairs_reset(struct xlbd_pairs *p, const struct xlbd_conf *conf);

/* Reads the address events there are (only that one came). */
void xlbd_pairs_read(struct xlbd_pairs *p);

/*
 * Looks at the addresses when an event came or work is due and does the
 * work each pair's role asks for. Returns when it is next due (monotonic
 * seconds; LLONG_MAX for never).
 */
long long xlbd_pairs_run(struct xlbd_pairs *p, const struct xlbd_conf *conf,
			 long long now);

#endif /* XLBD_PAIR_RUN_H */
