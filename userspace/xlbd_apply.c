// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/xlb.h>

#include "lib/genl_client.h"
#include "lib/xlb_names.h"
#include "xlbd_apply.h"
#include "xlbd_conns.h"
#include "xlbd_log.h"
#include "xlbd_pluto.h"
#include "xlbd_selectors.h"

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

	/* Deleted since the dump (a rekey's old SA, a daemon shutting down). */
	if (status == XLB_ERR_KERNEL && c->error == ENOENT)
		return XLB_OK;
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

/*
 * The reqids whose conns xlbd had pluto rekey to move them, and when: one
 * such rekey per tunnel a minute at most. A new SA may be born outside its
 * workers again (say they are not its device's, in a container), and each
 * birth outside has the file applied again.
 */
#define MOVE_REKEY_EVERY_S 60
#define MOVE_REKEYS_KEPT 64

static struct {
	uint32_t reqid;
	long long at;
} move_rekeys[MOVE_REKEYS_KEPT];

static long long monotonic_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* Whether @reqid may be rekeyed to move it now; if so, noted as done. */
static bool move_rekey_allowed(uint32_t reqid)
{
	long long now = monotonic_s();
	size_t oldest = 0;

	for (size_t i = 0; i < MOVE_REKEYS_KEPT; i++) {
		if (move_rekeys[i].reqid == reqid) {
			if (now - move_rekeys[i].at < MOVE_REKEY_EVERY_S)
				return false;
			oldest = i;
			break;
		}
		if (move_rekeys[i].at < move_rekeys[oldest].at)
			oldest = i;
	}
	move_rekeys[oldest].reqid = reqid;
	move_rekeys[oldest].at = now;
	return true;
}

/*
 * A conn tunnel xlbd would move into its workers (pinned there, or its
 * first SAs born before xlbd knew its reqid) while none of its SAs runs
 * there: pluto is asked to rekey the conn instead. The new SAs are born
 * in place by the rule just set, and the old ones drain where they are;
 * moving them would pass their packets through xlb's order stage. Returns
 * true when pluto took the request; false leaves the move to apply_to_sa.
 */
static bool move_by_rekey(const struct xlbd_conf *conf, const struct xlbd_tunnel *t,
			  const struct xlb_tunnel *r, const struct xlb_sa_list *sas)
{
	char name[64 + XLBD_CONN_LEN];
	char *why = NULL;
	size_t outside = 0;

	if (conf->libreswan.off || !t->conn[0] || !r->has_worker ||
	    !(r->pinned || t->fresh) ||
	    (t->has_spray && t->spray == XLB_SPRAY_ON))
		return false;
	for (size_t i = 0; i < sas->count; i++) {
		const struct xlb_sa *sa = &sas->items[i];

		if (sa->reqid != t->reqid || !xlbd_conf_manages(conf, sa->ifname))
			continue;
		/* One in place already: a rekey is under way, or not needed. */
		if (xlbd_cpuset_has(&t->workers, sa->worker))
			return false;
		outside++;
	}
	if (!outside || !move_rekey_allowed(t->reqid))
		return false;
	xlbd_tunnel_name(t, name, sizeof(name));
	if (xlbd_pluto_rekey(conf->libreswan.ctlsocket, t->conn, &why)) {
		xlbd_log(LOG_WARNING, "tunnel %s: whack --rekey-ipsec failed (%s); its SAs are moved instead",
			 name, why ? why : "out of memory");
		free(why);
		return false;
	}
	xlbd_log(LOG_INFO, "tunnel %s: none of its %zu SAs runs on its workers; pluto asked to rekey it, the new SAs are born on worker %u",
		 name, outside, r->worker);
	return true;
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
	bool *rekeyed;

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
	rekeyed = calloc(conf->ntunnels ? conf->ntunnels : 1, sizeof(*rekeyed));
	if (!rules || !rekeyed) {
		free(rules);
		free(rekeyed);
		status = XLB_ERR_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < conf->ntunnels; i++) {
		if (!conf->tunnels[i].reqid)
			continue;
		status = set_rule(c, &conf->tunnels[i], &workers, &rules[i]);
		if (status != XLB_OK && first == XLB_OK)
			first = status;
		else if (status == XLB_OK)
			rekeyed[i] = move_by_rekey(conf, &conf->tunnels[i], &rules[i], &sas);
	}
	for (size_t i = 0; i < sas.count; i++) {
		const struct xlb_sa *sa = &sas.items[i];
		const struct xlbd_tunnel *t = xlbd_conf_tunnel(conf, sa->reqid);

		if (!t || !xlbd_conf_manages(conf, sa->ifname) ||
		    rekeyed[t - conf->tunnels])
			continue;
		status = apply_to_sa(c, t, &rules[t - conf->tunnels], sa);
		if (status != XLB_OK && first == XLB_OK)
			first = status;
	}
	free(rules);
	free(rekeyed);
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
