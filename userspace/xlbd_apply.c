// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <linux/xlb.h>

#include "lib/genl_client.h"
#include "lib/xlb_names.h"
#include "xlbd_apply.h"
#include "xlbd_conns.h"
#include "xlbd_selectors.h"
#include "xlbd_log.h"

static void log_refusal(struct xlb_genl *c, enum xlb_status status,
			const char *what)
{
	if (status == XLB_ERR_KERNEL || status == XLB_ERR_PERM)
		xlbd_log(LOG_ERR, "%s: %s%s%s", what, strerror(c->error),
			 c->extack[0] ? ": " : "", c->extack);
	else
		xlbd_log(LOG_ERR, "%s: %s", what, xlb_status_str(status));
}

/*
 * The online worker of @t's set with the least load, then the fewest of
 * the namespace's SAs, then the lowest number; -1 when none is online.
 */
static int choose_worker(const struct xlbd_tunnel *t,
			 const struct xlb_worker_list *workers)
{
	const struct xlb_worker *best = NULL;

	for (size_t i = 0; i < workers->count; i++) {
		const struct xlb_worker *w = &workers->items[i];

		if (!w->online || !xlbd_cpuset_has(&t->workers, w->cpu))
			continue;
		if (!best || w->load < best->load ||
		    (w->load == best->load && w->sas < best->sas))
			best = w;
	}
	return best ? (int)best->cpu : -1;
}

/* The kernel rule for @t now: its worker chosen from current load. */
static bool rule_for(const struct xlbd_tunnel *t,
		     const struct xlb_worker_list *workers, struct xlb_tunnel *r)
{
	int cpu = t->has_workers ? choose_worker(t, workers) : -1;
	char name[64 + XLBD_CONN_LEN];

	*r = (struct xlb_tunnel){
		.reqid = t->reqid, .has_spray = t->has_spray, .spray = t->spray,
		.weight = t->weight,
	};
	if (cpu >= 0) {
		r->has_worker = true;
		r->worker = (uint32_t)cpu;
		r->pinned = t->pinned;
	} else if (t->has_workers) {
		xlbd_log(LOG_WARNING, "tunnel %s: none of its workers is online; placed by policy",
			 xlbd_tunnel_name(t, name, sizeof(name)));
	}
	return r->has_worker || r->has_spray || r->weight;
}

static enum xlb_status set_rule(struct xlb_genl *c, const struct xlbd_tunnel *t,
				const struct xlb_worker_list *workers,
				struct xlb_tunnel *r)
{
	enum xlb_status status;
	char what[80 + XLBD_CONN_LEN], name[64 + XLBD_CONN_LEN];

	snprintf(what, sizeof(what), "tunnel %s", xlbd_tunnel_name(t, name, sizeof(name)));
	if (!rule_for(t, workers, r)) {
		status = xlb_genl_tunnel_del(c, t->reqid);
		return status == XLB_ERR_KERNEL ? XLB_OK : status;
	}
	status = xlb_genl_tunnel_set(c, r);
	if (status != XLB_OK)
		log_refusal(c, status, what);
	return status;
}

static enum xlb_status sa_change(struct xlb_genl *c, const struct xlb_sa *sa,
				 enum xlb_sa_change_kind kind, uint32_t value)
{
	struct xlb_sa_key key = { .spi = sa->spi, .dir = sa->dir,
				  .ifindex = sa->ifindex };
	struct xlb_sa_change change = { .kind = kind, .worker = value,
					.spray = value };
	enum xlb_status status = xlb_genl_sa_set(c, &key, &change);
	char what[64];

	if (status != XLB_OK) {
		snprintf(what, sizeof(what), "SA 0x%08x %s", sa->spi,
			 xlb_dir_name(sa->dir));
		log_refusal(c, status, what);
	}
	return status;
}

/*
 * An SA the tunnel had before its rule: the pin and spray mode the file
 * gives it now. The kernel pins no SA set to spray on, and sprays no
 * pinned SA: unpin, spray, pin, in that order. A conn tunnel whose reqid
 * was just learnt had its first SAs born before xlbd knew them: those
 * outside its workers move in (pinned there, then let go unless pinned).
 */
static enum xlb_status apply_to_sa(struct xlb_genl *c, const struct xlbd_tunnel *t,
				   const struct xlb_tunnel *r,
				   const struct xlb_sa *sa)
{
	uint32_t spray = t->has_spray ? t->spray : sa->spray;
	bool outside = !xlbd_cpuset_has(&t->workers, sa->worker);
	bool move_in = t->fresh && r->has_worker && !r->pinned && outside &&
		       spray != XLB_SPRAY_ON;
	bool pin = r->has_worker && (r->pinned || move_in) &&
		   (!sa->pinned || outside);
	char name[64 + XLBD_CONN_LEN];
	bool unpin = sa->pinned && ((t->has_workers && !t->pinned) ||
				    spray == XLB_SPRAY_ON);
	enum xlb_status status = XLB_OK;

	if (pin && spray == XLB_SPRAY_ON)
		spray = XLB_SPRAY_AUTO;
	if (unpin)
		status = sa_change(c, sa, XLB_SA_UNPIN, 0);
	if (status == XLB_OK && spray != sa->spray)
		status = sa_change(c, sa, XLB_SA_SPRAY, spray);
	if (status == XLB_OK && pin) {
		status = sa_change(c, sa, XLB_SA_PIN, r->worker);
		if (status == XLB_OK)
			xlbd_log(LOG_INFO, "tunnel %s: SA 0x%08x %s %s worker %u",
				 xlbd_tunnel_name(t, name, sizeof(name)), sa->spi,
				 xlb_dir_name(sa->dir),
				 move_in ? "moved to" : "pinned to", r->worker);
	}
	if (status == XLB_OK && move_in)
		status = sa_change(c, sa, XLB_SA_UNPIN, 0);
	return status;
}

/* A tunnel dropped from the file goes back to policy: unpinned, spray auto. */
static enum xlb_status release_sas(struct xlb_genl *c, const struct xlbd_conf *conf,
				   uint32_t reqid, const struct xlb_sa_list *sas)
{
	enum xlb_status status = XLB_OK;

	for (size_t i = 0; status == XLB_OK && i < sas->count; i++) {
		const struct xlb_sa *sa = &sas->items[i];

		if (sa->reqid != reqid || !xlbd_conf_manages(conf, sa->ifname))
			continue;
		if (sa->pinned)
			status = sa_change(c, sa, XLB_SA_UNPIN, 0);
		if (status == XLB_OK && sa->spray != XLB_SPRAY_AUTO)
			status = sa_change(c, sa, XLB_SA_SPRAY, XLB_SPRAY_AUTO);
	}
	return status;
}

static enum xlb_status drop_foreign_rules(struct xlb_genl *c,
					  const struct xlbd_conf *conf,
					  const struct xlb_sa_list *sas)
{
	struct xlb_tunnel_list rules = { 0 };
	enum xlb_status status, first;

	/* A rule may be a conn's or selector's whose reqid xlbd has not learnt (yet). */
	if (xlbd_conns_unresolved(conf) || xlbd_selectors_unresolved(conf))
		return XLB_OK;
	first = xlb_genl_get_tunnels(c, &rules);
	for (size_t i = 0; first == XLB_OK && i < rules.count; i++) {
		uint32_t reqid = rules.items[i].reqid;

		if (xlbd_conf_tunnel(conf, reqid))
			continue;
		status = xlb_genl_tunnel_del(c, reqid);
		if (status == XLB_OK)
			status = release_sas(c, conf, reqid, sas);
		if (status == XLB_OK)
			xlbd_log(LOG_INFO, "tunnel reqid %u: rule removed, not in the configuration",
				 reqid);
		else
			first = status;
	}
	xlb_tunnel_list_free(&rules);
	return first;
}

static enum xlb_status apply_policy(struct xlb_genl *c, const struct xlb_policy *p)
{
	const struct xlb_policy none = { 0 };
	enum xlb_status status;

	if (!memcmp(p, &none, sizeof(none)))
		return XLB_OK;
	status = xlb_genl_set_policy(c, p);
	if (status != XLB_OK)
		log_refusal(c, status, "policy");
	return status;
}

enum xlb_status xlbd_apply(struct xlb_genl *c, const struct xlbd_conf *conf)
{
	struct xlb_worker_list workers = { 0 };
	struct xlb_sa_list sas = { 0 };
	enum xlb_status status, first;
	struct xlb_tunnel *rules;

	first = apply_policy(c, &conf->policy);
	status = xlb_genl_get_workers(c, &workers);
	if (status == XLB_OK)
		status = xlb_genl_get_sas(c, 0, &sas);
	if (status == XLB_OK)
		status = drop_foreign_rules(c, conf, &sas);
	if (status != XLB_OK) {
		log_refusal(c, status, "reading the kernel's state");
		goto out;
	}
	rules = calloc(conf->ntunnels ? conf->ntunnels : 1, sizeof(*rules));
	if (!rules) {
		status = XLB_ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < conf->ntunnels; i++) {
		if (!conf->tunnels[i].reqid)
			continue;
		status = set_rule(c, &conf->tunnels[i], &workers, &rules[i]);
		if (status != XLB_OK && first == XLB_OK)
			first = status;
	}
	for (size_t i = 0; i < sas.count; i++) {
		const struct xlb_sa *sa = &sas.items[i];
		const struct xlbd_tunnel *t = xlbd_conf_tunnel(conf, sa->reqid);

		if (!t || !xlbd_conf_manages(conf, sa->ifname))
			continue;
		status = apply_to_sa(c, t, &rules[t - conf->tunnels], sa);
		if (status != XLB_OK && first == XLB_OK)
			first = status;
	}
	free(rules);
out:
	xlb_worker_list_free(&workers);
	xlb_sa_list_free(&sas);
	return first != XLB_OK ? first : status;
}

bool xlbd_on_event(struct xlb_genl *c, const struct xlbd_conf *conf,
		   const struct xlb_event *ev)
{
	const struct xlbd_tunnel *t;
	struct xlb_worker_list workers = { 0 };
	struct xlb_tunnel rule;
	char name[64 + XLBD_CONN_LEN];

	if (ev->cmd != XLB_CMD_SA_PLACED_NTF)
		return false;
	t = xlbd_conf_tunnel(conf, ev->reqid);
	if (!t || !xlbd_conf_manages(conf, ev->ifname))
		return false;
	xlbd_tunnel_name(t, name, sizeof(name));
	xlbd_log(LOG_INFO, "tunnel %s: SA 0x%08x %s (id %" PRIu64 ") born on worker %u, %s",
		 name, ev->spi, xlb_dir_name(ev->dir), ev->sa_id, ev->to,
		 xlb_reason_name(ev->reason));
	/* Born outside its rule, say after the module was reloaded: resync. */
	if (t->has_workers && ev->reason != XLB_REASON_TUNNEL)
		return true;
	if (!t->has_workers || xlbd_cpuset_count(&t->workers) < 2)
		return false;
	/* The tunnel's next SA goes where the load is least now. */
	if (xlb_genl_get_workers(c, &workers) == XLB_OK &&
	    set_rule(c, t, &workers, &rule) == XLB_OK && rule.has_worker)
		xlbd_log(LOG_INFO, "tunnel %s: its next SA goes to worker %u",
			 name, rule.worker);
	xlb_worker_list_free(&workers);
	return false;
}
