/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Gateway pairs (xlbd.conf "pair"): two gateways share an address, which
 * keepalived (VRRP) gives to one of them. xlbd does not speak VRRP; it
 * follows the address. Where the address is (master), the pair's conns
 * are up: pluto listens on it (whack --listen, once per change: pluto
 * rescans the interfaces and rereads its secrets each time) and
 * initiates each conn that has no IKE or child SA, again at every
 * libreswan check, as auto=start would. Where it left (backup), each conn is terminated, as
 * pluto would otherwise keep reviving an initiated conn from an address
 * the host no longer has, and pluto listens again. Work that failed
 * (pluto not answering) is retried every XLBD_PAIR_RETRY_S.
 *
 * This part decides; xlbd_pair_run.c looks at the addresses and talks to
 * pluto.
 */
#ifndef XLBD_PAIR_H
#define XLBD_PAIR_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "lib/agent_state.h"
#include "xlbd_conf.h"
#include "xlbd_pluto.h"

#define XLBD_PAIR_RETRY_S 2

struct xlbd_pair_state {
	enum xlb_agent_pair_role role;
	long long since;	/* monotonic seconds of the last change */
	time_t since_wall;	/* the same, for the state file */
	unsigned int changes;	/* changes of role, the first look not counted */
	bool pending;		/* the role's work is not done yet */
	unsigned int failures;	/* attempts that failed in a row */
	bool listened;		/* pluto listened since the last change */
	long long due;		/* monotonic seconds of the next attempt or check */
};

enum xlbd_pair_work {
	XLBD_PAIR_NOTHING,
	XLBD_PAIR_UP,		/* listen, initiate the conns that are not up */
	XLBD_PAIR_DOWN,		/* terminate the conns, listen */
};

/*
 * The address is on this host (@has_addr) or not, at @now (monotonic)
 * and @wall: updates @ps and returns the work to do now.
 */
enum xlbd_pair_work xlbd_pair_step(struct xlbd_pair_state *ps, bool has_addr,
				   long long now, time_t wall);

/*
 * The work xlbd_pair_step() returned is done (@ok) or failed: when the
 * next attempt is due (failed), or the master's next check of its conns
 * (every @check_s).
 */
void xlbd_pair_done(struct xlbd_pair_state *ps, bool ok, long long now,
		    unsigned int check_s);

/*
 * The conns of @pair that are down in pluto's eyes (its status @st): no
 * child SA, no exchange under way (xlbd_pluto_conn_down). Their indexes in
 * @pair->conns, into @idx (room for XLBD_PAIR_MAX_CONNS); returns how
 * many. A conn with an exchange under way is pluto's to finish or retry:
 * initiating it again would start a second IKE SA. One with only an
 * established IKE SA gets its child SA over that IKE SA.
 */
size_t xlbd_pair_to_start(const struct xlbd_pair *pair,
			  const struct xlbd_pluto_status *st, size_t *idx);

#endif /* XLBD_PAIR_H */
