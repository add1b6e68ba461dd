// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>

#include "xlbd_conns.h"
#include "xlbd_log.h"

int xlbd_conns_check(const struct xlbd_conf *conf, const char *path,
		     const struct xlbd_pluto_status *st, char *err, size_t errlen)
{
	for (size_t i = 0; i < conf->ntunnels; i++) {
		const struct xlbd_tunnel *t = &conf->tunnels[i];

		if (!t->conn[0] || xlbd_pluto_has_conn(st, t->conn))
			continue;
		snprintf(err, errlen, "%s:%u: tunnel conn %s: libreswan has no such conn (ipsec status lists %zu)",
			 path, t->line, t->conn, st->nconns);
		return -1;
	}
	for (size_t i = 0; i < conf->npairs; i++) {
		const struct xlbd_pair *pair = &conf->pairs[i];

		for (size_t j = 0; j < pair->nconns; j++) {
			if (xlbd_pluto_has_conn(st, pair->conns[j]))
				continue;
			snprintf(err, errlen, "%s:%u: pair %s: conn %s: libreswan has no such conn (ipsec status lists %zu)",
				 path, pair->line, pair->name, pair->conns[j], st->nconns);
			return -1;
		}
	}
	for (size_t i = 0; i < conf->nfailovers; i++) {
		const struct xlbd_failover *fo = &conf->failovers[i];

		for (int t = 0; t < 2; t++) {
			if (xlbd_pluto_has_conn(st, fo->tunnel[t].conn))
				continue;
			snprintf(err, errlen, "%s:%u: failover %s: conn %s: libreswan has no such conn (ipsec status lists %zu)",
				 path, fo->line, fo->name, fo->tunnel[t].conn, st->nconns);
			return -1;
		}
	}
	return 0;
}

/* The reqid of the first of @conn's SAs the kernel has; 0 for none. */
static uint32_t conn_reqid(const struct xlbd_pluto_status *st, const char *conn,
			   xlbd_sa_reqid_fn reqid_of, void *arg)
{
	uint32_t reqid;

	for (size_t i = 0; i < st->nchildren; i++) {
		const struct xlbd_pluto_child *child = &st->children[i];

		if (strcmp(child->conn, conn))
			continue;
		for (unsigned int j = 0; j < child->nesp; j++)
			if (reqid_of(arg, &child->esp[j], &reqid) == 1 && reqid)
				return reqid;
	}
	return 0;
}

bool xlbd_tunnel_learn(struct xlbd_conf *conf, struct xlbd_tunnel *t,
		       uint32_t reqid)
{
	const struct xlbd_tunnel *other;
	char name[64 + XLBD_CONN_LEN], sel[XLBD_SELECTOR_LEN];
	uint32_t was;

	if (!reqid || reqid == t->reqid)
		return false;
	other = xlbd_conf_tunnel(conf, reqid);
	if (other) {
		if (t->conn[0])
			snprintf(name, sizeof(name), "conn %s", t->conn);
		else
			snprintf(name, sizeof(name), "selector %s",
				 xlbd_selector_str(&t->sel, sel, sizeof(sel)));
		if (t->refused_reqid != reqid)
			xlbd_log(LOG_ERR, "tunnel %s (line %u): its SAs have reqid %u, which line %u places already; the line is not applied",
				 name, t->line, reqid, other->line);
		t->refused_reqid = reqid;
		return false;
	}
	was = t->reqid;
	t->reqid = reqid;
	t->refused_reqid = 0;
	t->fresh = true;
	xlbd_tunnel_name(t, name, sizeof(name));
	if (was)
		xlbd_log(LOG_NOTICE, "tunnel %s: its SAs have a new reqid (was %u); placed by line %u",
			 name, was, t->line);
	else
		xlbd_log(LOG_INFO, "tunnel %s: its SAs are placed by line %u",
			 name, t->line);
	return true;
}

bool xlbd_conns_resolve(struct xlbd_conf *conf, const struct xlbd_pluto_status *st,
			xlbd_sa_reqid_fn reqid_of, void *arg)
{
	bool changed = false;

	for (size_t i = 0; i < conf->ntunnels; i++) {
		struct xlbd_tunnel *t = &conf->tunnels[i];

		if (t->conn[0] &&
		    xlbd_tunnel_learn(conf, t, conn_reqid(st, t->conn, reqid_of, arg)))
			changed = true;
	}
	return changed;
}

bool xlbd_conns_named(const struct xlbd_conf *conf)
{
	for (size_t i = 0; i < conf->ntunnels; i++)
		if (conf->tunnels[i].conn[0])
			return true;
	return false;
}

bool xlbd_conns_unresolved(const struct xlbd_conf *conf)
{
	for (size_t i = 0; i < conf->ntunnels; i++)
		if (conf->tunnels[i].conn[0] && !conf->tunnels[i].reqid)
			return true;
	return false;
}
