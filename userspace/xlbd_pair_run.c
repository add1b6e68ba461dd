// SPDX-License-Identifier: GPL-2.0
/*
 * rtnetlink address events tell that an address came or went; which
 * addresses the host has is read from a dump, not from the events, so a
 * lost event costs nothing but a look. An address still in duplicate
 * address detection (tentative) or that failed it is not the host's yet:
 * pluto cannot bind to it.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>

#include "xlbd_log.h"
#include "xlbd_pair_run.h"

int xlbd_pairs_open(struct xlbd_pairs *p)
{
	int err;

	memset(p, 0, sizeof(*p));
	p->sk = nl_socket_alloc();
	if (!p->sk)
		return -1;
	nl_socket_disable_seq_check(p->sk);
	err = nl_connect(p->sk, NETLINK_ROUTE);
	if (!err)
		err = nl_socket_add_memberships(p->sk, RTNLGRP_IPV4_IFADDR,
						RTNLGRP_IPV6_IFADDR, 0);
	if (!err)
		err = nl_socket_set_nonblocking(p->sk);
	p->req = err ? NULL : nl_socket_alloc();
	if (!err)
		err = p->req ? nl_connect(p->req, NETLINK_ROUTE) : -NLE_NOMEM;
	if (err) {
		xlbd_log(LOG_ERR, "rtnetlink address events: %s", nl_geterror(err));
		nl_socket_free(p->sk);
		nl_socket_free(p->req);
		p->sk = NULL;
		p->req = NULL;
		return -1;
	}
	return 0;
}

void xlbd_pairs_close(struct xlbd_pairs *p)
{
	nl_socket_free(p->sk);
	nl_socket_free(p->req);
	free(p->slots);
	memset(p, 0, sizeof(*p));
}

int xlbd_pairs_fd(const struct xlbd_pairs *p)
{
	return nl_socket_get_fd(p->sk);
}

static const struct xlbd_pair_slot *old_slot(const struct xlbd_pairs *p,
					     const struct xlbd_pair *pair)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->slots[i].name, pair->name) &&
		    p->slots[i].family == pair->family &&
		    !memcmp(p->slots[i].addr, pair->addr, sizeof(pair->addr)))
			return &p->slots[i];
	return NULL;
}

int xlbd_pairs_reset(struct xlbd_pairs *p, const struct xlbd_conf *conf)
{
	struct xlbd_pair_slot *slots = calloc(conf->npairs ? conf->npairs : 1,
					      sizeof(*slots));
	const struct xlbd_pair_slot *old;

	if (!slots) {
		xlbd_log(LOG_ERR, "pairs: out of memory");
		return -1;
	}
	for (size_t i = 0; i < conf->npairs; i++) {
		const struct xlbd_pair *pair = &conf->pairs[i];

		old = old_slot(p, pair);
		if (old)
			slots[i] = *old;
		strcpy(slots[i].name, pair->name);
		slots[i].family = pair->family;
		memcpy(slots[i].addr, pair->addr, sizeof(pair->addr));
		/* A reloaded pair may have other conns: look again now. */
		slots[i].st.due = 0;
	}
	for (size_t i = 0; i < p->n; i++) {
		bool kept = false;

		for (size_t j = 0; j < conf->npairs && !kept; j++)
			kept = !strcmp(p->slots[i].name, slots[j].name);
		if (!kept)
			xlbd_log(LOG_NOTICE, "pair %s: no longer in the file; its conns are left as they are",
				 p->slots[i].name);
	}
	free(p->slots);
	p->slots = slots;
	p->n = conf->npairs;
	p->look = true;
	p->changed = true;
	return 0;
}

static int any_message(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

void xlbd_pairs_read(struct xlbd_pairs *p)
{
	int err;

	nl_socket_modify_cb(p->sk, NL_CB_VALID, NL_CB_CUSTOM, any_message, NULL);
	do {
		err = nl_recvmsgs_default(p->sk);
	} while (err >= 0);
	/* -NLE_AGAIN: all read; -NLE_NOMEM (ENOBUFS): some lost, a look tells. */
	if (err != -NLE_AGAIN && err != -NLE_NOMEM)
		xlbd_log(LOG_WARNING, "rtnetlink address events: %s", nl_geterror(err));
	p->look = true;
}

struct addr_look {
	const struct xlbd_pair *pair;
	bool found;
};

static void on_addr(struct nl_object *obj, void *arg)
{
	struct rtnl_addr *a = (struct rtnl_addr *)obj;
	struct addr_look *look = arg;
	struct nl_addr *local = rtnl_addr_get_local(a);
	size_t len = look->pair->family == AF_INET ? 4 : 16;

	if (!local || nl_addr_get_family(local) != look->pair->family ||
	    nl_addr_get_len(local) != len ||
	    memcmp(nl_addr_get_binary_addr(local), look->pair->addr, len))
		return;
	if (rtnl_addr_get_flags(a) & (IFA_F_TENTATIVE | IFA_F_DADFAILED))
		return;
	look->found = true;
}

static bool has_addr(struct nl_cache *cache, const struct xlbd_pair *pair)
{
	struct addr_look look = { .pair = pair };

	nl_cache_foreach(cache, on_addr, &look);
	return look.found;
}

/* "west, east" */
static void conn_list(const struct xlbd_pair *pair, const size_t *idx,
		      size_t n, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s",
					i ? ", " : "", pair->conns[idx[i]]);
}

/*
 * The first failure of a run is said; the ones after it, until the work
 * is done, are not (pluto may be down for long; the retries go on).
 */
static void failed(const struct xlbd_pair *pair, struct xlbd_pair_state *ps,
		   const char *what, const char *conn, const char *why)
{
	if (ps->failures)
		return;
	xlbd_log(LOG_WARNING, "pair %s: whack %s%s%s: %s; retried every %d s",
		 pair->name, what, conn ? " " : "", conn ? conn : "",
		 why ? why : "no reason given", XLBD_PAIR_RETRY_S);
}

/*
 * Master: pluto listens on the address (once), every conn it has no state
 * for is initiated.
 */
static bool bring_up(const struct xlbd_conf *conf, const struct xlbd_pair *pair,
		     struct xlbd_pair_state *ps)
{
	const char *ctl = conf->libreswan.ctlsocket;
	size_t idx[XLBD_PAIR_MAX_CONNS], n;
	struct xlbd_pluto_status st;
	char list[XLBD_PAIR_MAX_CONNS * (XLBD_CONN_LEN + 2)];
	char *why = NULL;
	bool ok = true;

	if (!ps->listened && xlbd_pluto_listen(ctl, &why)) {
		failed(pair, ps, "--listen", NULL, why);
		free(why);
		return false;
	}
	ps->listened = true;
	if (xlbd_pluto_status(ctl, &st, &why)) {
		failed(pair, ps, "--status", NULL, why);
		free(why);
		return false;
	}
	n = xlbd_pair_to_start(pair, &st, idx);
	xlbd_pluto_status_free(&st);
	for (size_t i = 0; i < n && ok; i++) {
		if (!xlbd_pluto_initiate(ctl, pair->conns[idx[i]], &why))
			continue;
		failed(pair, ps, "--initiate", pair->conns[idx[i]], why);
		free(why);
		ok = false;
	}
	if (ok && n) {
		conn_list(pair, idx, n, list, sizeof(list));
		xlbd_log(LOG_INFO, "pair %s: master: pluto initiates %s", pair->name, list);
	}
	return ok;
}

/* Backup: every conn terminated, then pluto lets go of the address. */
static bool take_down(const struct xlbd_conf *conf, const struct xlbd_pair *pair,
		      struct xlbd_pair_state *ps)
{
	const char *ctl = conf->libreswan.ctlsocket;
	char *why = NULL;

	for (size_t i = 0; i < pair->nconns; i++) {
		if (!xlbd_pluto_terminate(ctl, pair->conns[i], &why))
			continue;
		failed(pair, ps, "--terminate", pair->conns[i], why);
		free(why);
		return false;
	}
	if (xlbd_pluto_listen(ctl, &why)) {
		failed(pair, ps, "--listen", NULL, why);
		free(why);
		return false;
	}
	xlbd_log(LOG_INFO, "pair %s: backup: its %zu conns are down", pair->name,
		 pair->nconns);
	return true;
}

static void say_role(const struct xlbd_pair *pair, const struct xlbd_pair_state *ps)
{
	char addr[INET6_ADDRSTRLEN];

	xlbd_pair_addr_str(pair, addr, sizeof(addr));
	if (ps->role == XLB_AGENT_PAIR_MASTER)
		xlbd_log(LOG_NOTICE, "pair %s: %s is here: master (%u changes)",
			 pair->name, addr, ps->changes);
	else
		xlbd_log(LOG_NOTICE, "pair %s: %s is not here: backup (%u changes)",
			 pair->name, addr, ps->changes);
}

static void run_pair(struct xlbd_pairs *p, const struct xlbd_conf *conf,
		     size_t i, bool here, long long now)
{
	const struct xlbd_pair *pair = &conf->pairs[i];
	struct xlbd_pair_state *ps = &p->slots[i].st;
	enum xlb_agent_pair_role was = ps->role;
	bool pending = ps->pending, ok;
	enum xlbd_pair_work work;

	work = xlbd_pair_step(ps, here, now, time(NULL));
	if (ps->role != was)
		say_role(pair, ps);
	if (work == XLBD_PAIR_NOTHING)
		goto out;
	ok = work == XLBD_PAIR_UP ? bring_up(conf, pair, ps) :
				    take_down(conf, pair, ps);
	if (ok && ps->failures)
		xlbd_log(LOG_NOTICE, "pair %s: done after %u failed attempts",
			 pair->name, ps->failures);
	xlbd_pair_done(ps, ok, now, conf->libreswan.check_s);
out:
	if (ps->role != was || ps->pending != pending)
		p->changed = true;
}

long long xlbd_pairs_run(struct xlbd_pairs *p, const struct xlbd_conf *conf,
			 long long now)
{
	struct nl_cache *cache = NULL;
	long long due = LLONG_MAX;
	bool work = p->look;
	int err;

	for (size_t i = 0; i < p->n; i++)
		if (p->slots[i].st.due <= now)
			work = true;
	if (!p->n || !work)
		goto next;
	err = rtnl_addr_alloc_cache(p->req, &cache);
	if (err) {
		xlbd_log(LOG_WARNING, "pairs: listing addresses: %s", nl_geterror(err));
		return now + XLBD_PAIR_RETRY_S;
	}
	p->look = false;
	for (size_t i = 0; i < p->n; i++)
		run_pair(p, conf, i, has_addr(cache, &conf->pairs[i]), now);
	nl_cache_free(cache);
next:
	for (size_t i = 0; i < p->n; i++)
		if (p->slots[i].st.due < due)
			due = p->slots[i].st.due;
	return due;
}
