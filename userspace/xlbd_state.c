// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xlbd_log.h"
#include "xlbd_state.h"

_Static_assert(XLB_AGENT_CONN_LEN == XLBD_CONN_LEN, "conn names fit the state file");
_Static_assert(XLB_AGENT_SELECTOR_LEN == XLBD_SELECTOR_LEN, "selectors fit the state file");

void xlbd_state_open(struct xlbd_state *s, const char *config)
{
	memset(s, 0, sizeof(*s));
	s->config = config;
	if (mkdir(XLB_AGENT_STATE_DIR, 0755) && errno != EEXIST) {
		xlbd_log(LOG_WARNING, "%s: %s; xlbctl tunnel will not show conn names",
			 XLB_AGENT_STATE_DIR, strerror(errno));
		s->failed = true;
		return;
	}
	if (xlb_agent_state_path(XLB_AGENT_STATE_DIR, s->path, sizeof(s->path))) {
		xlbd_log(LOG_WARNING, "naming the state file: %s", strerror(errno));
		s->failed = true;
	}
}

_Static_assert(XLB_AGENT_PAIR_NAME_LEN == XLBD_PAIR_NAME_LEN, "pair names fit the state file");

/* @pairs' states into @st; false when memory runs out. */
static bool publish_pairs(struct xlb_agent_state *st, const struct xlbd_conf *conf,
			  const struct xlbd_pairs *pairs)
{
	st->pairs = calloc(conf->npairs ? conf->npairs : 1, sizeof(*st->pairs));
	if (!st->pairs)
		return false;
	/* Right after a reload the slots may not match the file yet. */
	st->npairs = pairs->n == conf->npairs ? conf->npairs : 0;
	for (size_t i = 0; i < st->npairs; i++) {
		const struct xlbd_pair *pair = &conf->pairs[i];
		const struct xlbd_pair_state *ps = &pairs->slots[i].st;
		struct xlb_agent_pair *a = &st->pairs[i];
		size_t off = 0;

		strcpy(a->name, pair->name);
		a->line = pair->line;
		xlbd_pair_addr_str(pair, a->address, sizeof(a->address));
		a->role = ps->role;
		a->since = ps->since_wall;
		a->changes = ps->changes;
		a->pending = ps->pending;
		for (size_t j = 0; j < pair->nconns && off < sizeof(a->conns); j++)
			off += (size_t)snprintf(a->conns + off, sizeof(a->conns) - off,
						"%s%s", j ? " " : "", pair->conns[j]);
	}
	return true;
}

_Static_assert(XLB_AGENT_DEV_LEN == sizeof(((struct xlbd_fo_tunnel *)0)->dev),
	       "interface names fit the state file");

/* @fos' states into @st; false when memory runs out. */
static bool publish_failovers(struct xlb_agent_state *st, const struct xlbd_conf *conf,
			      const struct xlbd_failovers *fos)
{
	st->failovers = calloc(conf->nfailovers ? conf->nfailovers : 1,
			       sizeof(*st->failovers));
	if (!st->failovers)
		return false;
	/* Right after a reload the slots may not match the file yet. */
	st->nfailovers = fos->n == conf->nfailovers ? conf->nfailovers : 0;
	for (size_t i = 0; i < st->nfailovers; i++) {
		const struct xlbd_failover *fo = &conf->failovers[i];
		const struct xlbd_fo_state *fs = &fos->slots[i].st;
		struct xlb_agent_failover *a = &st->failovers[i];

		strcpy(a->name, fo->name);
		a->line = fo->line;
		a->active = fs->active;
		a->since = fs->since_wall;
		a->failovers = fs->failovers;
		a->failbacks = fs->failbacks;
		a->hold_down_s = fo->hold_down_s;
		for (int t = 0; t < 2; t++) {
			strcpy(a->tunnel[t].conn, fo->tunnel[t].conn);
			strcpy(a->tunnel[t].dev, fo->tunnel[t].dev);
			a->tunnel[t].health = fs->link[t].health;
		}
	}
	return true;
}

void xlbd_state_publish(struct xlbd_state *s, const struct xlbd_conf *conf,
			const struct xlbd_pairs *pairs,
			const struct xlbd_failovers *fos)
{
	struct xlb_agent_state st = { .pid = getpid() };
	char *abs;

	if (!s->path[0])
		return;
	abs = realpath(s->config, NULL);
	snprintf(st.config, sizeof(st.config), "%s", abs ? abs : s->config);
	free(abs);
	st.tunnels = calloc(conf->ntunnels ? conf->ntunnels : 1, sizeof(*st.tunnels));
	if (!st.tunnels || !publish_pairs(&st, conf, pairs) ||
	    !publish_failovers(&st, conf, fos)) {
		free(st.tunnels);
		free(st.pairs);
		free(st.failovers);
		return;
	}
	st.ntunnels = conf->ntunnels;
	for (size_t i = 0; i < conf->ntunnels; i++) {
		st.tunnels[i].line = conf->tunnels[i].line;
		st.tunnels[i].reqid = conf->tunnels[i].reqid;
		strcpy(st.tunnels[i].conn, conf->tunnels[i].conn);
		if (conf->tunnels[i].sel.family)
			xlbd_selector_str(&conf->tunnels[i].sel, st.tunnels[i].selector,
					  sizeof(st.tunnels[i].selector));
	}
	if (xlb_agent_state_save(s->path, &st)) {
		if (!s->failed)
			xlbd_log(LOG_WARNING, "%s: %s; xlbctl tunnel will not show conn names",
				 s->path, strerror(errno));
		s->failed = true;
	} else {
		s->failed = false;
	}
	free(st.tunnels);
	free(st.pairs);
	free(st.failovers);
}

void xlbd_state_remove(struct xlbd_state *s)
{
	if (s->path[0])
		unlink(s->path);
}
