/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Placement and rebalancing decisions, as pure functions of loads and
 * costs so they can be tested on synthetic input. sa.c gathers the input
 * and applies the result.
 */
#ifndef _XLB_BALANCE_H
#define _XLB_BALANCE_H

#include <linux/types.h>

#include "params.h"

/* Loads closer than this are a tie, broken by SA count (new SAs spread). */
#define XLB_BAL_TIE (XLB_LOAD_ONE / 20)
/* A move must leave its target at least this much below the source was. */
#define XLB_BAL_MARGIN (XLB_LOAD_ONE / 10)

struct xlb_bal_worker {
	unsigned int cpu;
	u32 load;
	unsigned int sas;
	/* Scratch for xlb_bal_plan(): found unable to shed anything. */
	bool stuck;
	/* Not a target: the SAs being planned may not use it (a container's). */
	bool barred;
};

struct xlb_bal_sa {
	/* Index into the worker array. */
	unsigned int worker;
	/* Worker time the SA takes, in thousandths of a worker. */
	u32 cost;
	/* False while sprayed, or cooling down after a move. */
	bool movable;
};

struct xlb_bal_move {
	unsigned int sa;
	unsigned int to;
};

unsigned int xlb_bal_place(enum xlb_policy policy,
			   const struct xlb_bal_worker *w, unsigned int n,
			   u32 spi_hash, int replaces, u32 replaced_cost);
unsigned int xlb_bal_plan(struct xlb_bal_worker *w, unsigned int n,
			  const struct xlb_bal_sa *sa, unsigned int m,
			  u32 hotspot, unsigned int max_moves,
			  struct xlb_bal_move *moves);
bool xlb_bal_spray(bool sprayed, u32 cost, u32 share);

/* At most 2^6 cooldowns between moves of a restless SA. */
#define XLB_BAL_MAX_STREAK 6U

bool xlb_bal_cooled(unsigned long tick, unsigned long moved_tick,
		    unsigned int cooldown, unsigned int streak);
unsigned int xlb_bal_streak(unsigned long tick, unsigned long moved_tick,
			    unsigned int cooldown, unsigned int streak);

#endif /* _XLB_BALANCE_H */
