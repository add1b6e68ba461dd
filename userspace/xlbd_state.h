/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xlbd's view for `xlbctl tunnel` and `xlbctl failover` (lib/agent_state.h): the file of its
 * network namespace under /run/xlb, rewritten whenever the configuration
 * or a conn's reqid changes, removed when xlbd exits.
 */
#ifndef XLBD_STATE_H
#define XLBD_STATE_H

#include <stdbool.h>

#include "lib/agent_state.h"
#include "xlbd_conf.h"
#include "xlbd_failover_run.h"
#include "xlbd_pair_run.h"

struct xlbd_state {
	char path[XLB_AGENT_PATH_LEN];
	const char *config;
	bool failed;		/* said once */
};

/* Finds the file's name; a failure is logged and the view not published. */
void xlbd_state_open(struct xlbd_state *s, const char *config);
void xlbd_state_publish(struct xlbd_state *s, const struct xlbd_conf *conf,
			const struct xlbd_pairs *pairs,
			const struct xlbd_failovers *fos);
void xlbd_state_remove(struct xlbd_state *s);

#endif /* XLBD_STATE_H */
