// SPDX-License-Identifier: GPL-2.0
/*
 * Where SAs go.
 *
 * hash: a new SA goes to the worker its SPI hashes to; nothing moves.
 * least-loaded: a new SA goes to the worker with the lowest load now.
 * adaptive (default): a new SA goes where the predicted load is lowest (an
 *   SA that replaces another at rekey takes its traffic with it, so the old
 *   SA's worker counts without it); every interval, hotspots shed their
 *   heaviest SAs (Protego's order).
 *
 * Against ping-pong: a move must keep its target within the hotspot
 * threshold and clearly below where the source was (XLB_BAL_MARGIN), few
 * SAs move per interval, and a moved SA stays put for a cooldown (the
 * caller's movable flag).
 */

#include <linux/minmax.h>

#include "balance.h"

/* Whether worker @a is a better home for a new SA than worker @b. */
static bool xlb_bal_better(u32 load_a, unsigned int sas_a,
			   u32 load_b, unsigned int sas_b)
{
	if (load_a + XLB_BAL_TIE <= load_b)
		return true;
	if (load_b + XLB_BAL_TIE <= load_a)
		return false;
	return sas_a < sas_b;
}

/*
 * Returns the index of the worker (of @n >= 1) for a new SA. @replaces is
 * the index of the worker serving the SA this one replaces at rekey, or -1;
 * @replaced_cost is what that SA costs.
 */
unsigned int xlb_bal_place(enum xlb_policy policy,
			   const struct xlb_bal_worker *w, unsigned int n,
			   u32 spi_hash, int replaces, u32 replaced_cost)
{
	unsigned int i, best = 0;
	u32 best_load = 0;

	if (policy == XLB_POLICY_HASH)
		return spi_hash % n;
	for (i = 0; i < n; i++) {
		u32 load = w[i].load;

		if (policy == XLB_POLICY_ADAPTIVE && (int)i == replaces)
			load -= min(load, replaced_cost);
		if (i == 0 || xlb_bal_better(load, w[i].sas, best_load,
					     w[best].sas)) {
			best = i;
			best_load = load;
		}
	}
	return best;
}

/*
 * The target for an SA of @cost leaving worker @from: among workers not
 * barred that stay within @hotspot with it and end up at least XLB_BAL_MARGIN below
 * @from's load, the fullest (best fit). -1 if none: moving onto a worker
 * it would make a hotspot only starts the next move back.
 */
static int xlb_bal_target(const struct xlb_bal_worker *w, unsigned int n,
			  unsigned int from, u32 cost, u32 hotspot)
{
	unsigned int i;
	int fit = -1;

	for (i = 0; i < n; i++) {
		u32 after = w[i].load + cost;

		if (i == from || w[i].barred || after > hotspot ||
		    after + XLB_BAL_MARGIN > w[from].load)
			continue;
		if (fit < 0 || w[i].load > w[fit].load)
			fit = i;
	}
	return fit;
}

static bool xlb_bal_moving(const struct xlb_bal_move *moves,
			   unsigned int nmoves, unsigned int sa)
{
	unsigned int i;

	for (i = 0; i < nmoves; i++)
		if (moves[i].sa == sa)
			return true;
	return false;
}

/*
 * Plans at most @max_moves moves off workers loaded above @hotspot,
 * hottest worker first and heaviest movable SA first. Updates the loads
 * in @w as if the moves were done. Returns the number of moves in @moves.
 */
unsigned int xlb_bal_plan(struct xlb_bal_worker *w, unsigned int n,
			  const struct xlb_bal_sa *sa, unsigned int m,
			  u32 hotspot, unsigned int max_moves,
			  struct xlb_bal_move *moves)
{
	unsigned int nmoves = 0, hot, i;
	bool moved;

	for (i = 0; i < n; i++)
		w[i].stuck = false;
	while (nmoves < max_moves) {
		/* The hottest worker not yet found unable to shed anything. */
		hot = n;
		for (i = 0; i < n; i++)
			if (w[i].load > hotspot && !w[i].stuck &&
			    (hot == n || w[i].load > w[hot].load))
				hot = i;
		if (hot == n)
			break;

		moved = false;
		while (nmoves < max_moves) {
			int heaviest = -1, to = -1;
			unsigned int j;

			for (j = 0; j < m; j++) {
				int t;

				if (sa[j].worker != hot || !sa[j].movable ||
				    !sa[j].cost || xlb_bal_moving(moves, nmoves, j))
					continue;
				if (heaviest >= 0 && sa[j].cost <= sa[heaviest].cost)
					continue;
				t = xlb_bal_target(w, n, hot, sa[j].cost, hotspot);
				if (t >= 0) {
					heaviest = j;
					to = t;
				}
			}
			if (heaviest < 0)
				break;
			moves[nmoves].sa = heaviest;
			moves[nmoves].to = to;
			nmoves++;
			w[hot].load -= sa[heaviest].cost;
			w[to].load += sa[heaviest].cost;
			moved = true;
			if (w[hot].load <= hotspot)
				break;
		}
		if (!moved)
			w[hot].stuck = true;
	}
	return nmoves;
}

/* Spraying starts above @share and stops below half of it. */
bool xlb_bal_spray(bool sprayed, u32 cost, u32 share)
{
	if (!share)
		return false;
	return sprayed ? cost >= share / 2 : cost > share;
}

/*
 * Moves are damped per SA: after a move at @moved_tick an SA stays where
 * it is for @cooldown intervals, doubled for each move in its @streak.
 */
bool xlb_bal_cooled(unsigned long tick, unsigned long moved_tick,
		    unsigned int cooldown, unsigned int streak)
{
	return tick - moved_tick >= (unsigned long)cooldown << streak;
}

/*
 * The streak of an SA moved at @tick: one more if its last move (at
 * @moved_tick, 0 for never) was less than four of its cooldowns ago, so a
 * back and forth slows down; back to 0 once it stayed put that long.
 */
unsigned int xlb_bal_streak(unsigned long tick, unsigned long moved_tick,
			    unsigned int cooldown, unsigned int streak)
{
	if (moved_tick &&
	    tick - moved_tick < 4 * ((unsigned long)cooldown << streak))
		return min(streak + 1, XLB_BAL_MAX_STREAK);
	return 0;
}
