// SPDX-License-Identifier: GPL-2.0
#include <limits.h>
#include <string.h>

#include "xlbd_pair.h"

enum xlbd_pair_work xlbd_pair_step(struct xlbd_pair_state *ps, bool has_addr,
				   long long now, time_t wall)
{
	enum xlb_agent_pair_role role = has_addr ? XLB_AGENT_PAIR_MASTER :
						   XLB_AGENT_PAIR_BACKUP;

	if (role != ps->role) {
		if (ps->role != XLB_AGENT_PAIR_UNKNOWN)
			ps->changes++;
		ps->role = role;
		ps->since = now;
		ps->since_wall = wall;
		ps->pending = true;
		ps->failures = 0;
		ps->listened = false;
		/* A change is acted on at once, even during a retry wait. */
		ps->due = now;
	}
	if (now < ps->due)
		return XLBD_PAIR_NOTHING;
	if (role == XLB_AGENT_PAIR_MASTER)
		return XLBD_PAIR_UP;
	/* A backup's conns stay down once they were taken down. */
	return ps->pending ? XLBD_PAIR_DOWN : XLBD_PAIR_NOTHING;
}

void xlbd_pair_done(struct xlbd_pair_state *ps, bool ok, long long now,
		    unsigned int check_s)
{
	if (!ok) {
		ps->pending = true;
		ps->failures++;
		ps->due = now + XLBD_PAIR_RETRY_S;
		return;
	}
	ps->pending = false;
	ps->failures = 0;
	ps->due = ps->role == XLB_AGENT_PAIR_MASTER ? now + check_s : LLONG_MAX;
}

size_t xlbd_pair_to_start(const struct xlbd_pair *pair,
			  const struct xlbd_pluto_status *st, size_t *idx)
{
	size_t n = 0;

	for (size_t i = 0; i < pair->nconns; i++)
		if (xlbd_pluto_conn_down(st, pair->conns[i]))
			idx[n++] = i;
	return n;
}
