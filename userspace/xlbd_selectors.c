// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include <linux/xfrm.h>
#include <netinet/in.h>
#include <netlink/cache.h>
#include <netlink/xfrm/selector.h>
#include <netlink/xfrm/sp.h>
#include <netlink/xfrm/template.h>

#include "xlbd_conns.h"
#include "xlbd_log.h"
#include "xlbd_selectors.h"

static bool same_prefix(struct nl_addr *addr, int plen, int family,
			const uint8_t *want, uint8_t want_len)
{
	size_t n = family == AF_INET ? 4 : 16;

	return addr && plen == want_len && nl_addr_get_len(addr) >= n &&
	       !memcmp(nl_addr_get_binary_addr(addr), want, n);
}

/* @sp is an outbound policy whose selector is exactly @sel. */
static bool selects(struct xfrmnl_sp *sp, const struct xlbd_selector *sel)
{
	struct xfrmnl_sel *s = xfrmnl_sp_get_sel(sp);

	return xfrmnl_sp_get_dir(sp) == XFRM_POLICY_OUT && s &&
	       xfrmnl_sel_get_family(s) == sel->family &&
	       same_prefix(xfrmnl_sel_get_saddr(s), xfrmnl_sel_get_prefixlen_s(s),
			   sel->family, sel->local, sel->local_len) &&
	       same_prefix(xfrmnl_sel_get_daddr(s), xfrmnl_sel_get_prefixlen_d(s),
			   sel->family, sel->remote, sel->remote_len);
}

/* The reqid of @sp's ESP template; 0 for none. */
static uint32_t esp_reqid(struct xfrmnl_sp *sp)
{
	int n = xfrmnl_sp_get_nusertemplates(sp);

	for (int i = 0; i < n; i++) {
		struct xfrmnl_user_tmpl *tmpl = xfrmnl_sp_usertemplate_n(sp, i);

		if (tmpl && xfrmnl_user_tmpl_get_proto(tmpl) == IPPROTO_ESP &&
		    xfrmnl_user_tmpl_get_reqid(tmpl))
			return (uint32_t)xfrmnl_user_tmpl_get_reqid(tmpl);
	}
	return 0;
}

/*
 * The reqid the outbound policies of @sel name: 0 for none, and 0 (said
 * once per pair) when two of them disagree.
 */
static uint32_t selector_reqid(struct nl_cache *policies, struct xlbd_tunnel *t)
{
	char name[XLBD_SELECTOR_LEN];
	uint32_t reqid = 0, r;
	struct nl_object *obj;

	for (obj = nl_cache_get_first(policies); obj; obj = nl_cache_get_next(obj)) {
		struct xfrmnl_sp *sp = (struct xfrmnl_sp *)obj;

		if (!selects(sp, &t->sel))
			continue;
		r = esp_reqid(sp);
		if (!r || r == reqid)
			continue;
		if (reqid) {
			if (t->refused_reqid != r)
				xlbd_log(LOG_ERR, "tunnel selector %s (line %u): outbound policies with reqid %u and %u select it; the line is not applied",
					 xlbd_selector_str(&t->sel, name, sizeof(name)),
					 t->line, reqid, r);
			t->refused_reqid = r;
			return 0;
		}
		reqid = r;
	}
	return reqid;
}

bool xlbd_selectors_resolve(struct xlbd_conf *conf, struct nl_sock *xfrm)
{
	struct nl_cache *policies = NULL;
	bool changed = false;
	int err;

	if (!xlbd_selectors_named(conf) || !xfrm)
		return false;
	err = xfrmnl_sp_alloc_cache(xfrm, &policies);
	if (err < 0) {
		xlbd_log(LOG_ERR, "reading the kernel's policies: %s", nl_geterror(err));
		return false;
	}
	for (size_t i = 0; i < conf->ntunnels; i++) {
		struct xlbd_tunnel *t = &conf->tunnels[i];

		if (t->sel.family &&
		    xlbd_tunnel_learn(conf, t, selector_reqid(policies, t)))
			changed = true;
	}
	nl_cache_free(policies);
	return changed;
}

bool xlbd_selectors_named(const struct xlbd_conf *conf)
{
	for (size_t i = 0; i < conf->ntunnels; i++)
		if (conf->tunnels[i].sel.family)
			return true;
	return false;
}

bool xlbd_selectors_unresolved(const struct xlbd_conf *conf)
{
	for (size_t i = 0; i < conf->ntunnels; i++)
		if (conf->tunnels[i].sel.family && !conf->tunnels[i].reqid)
			return true;
	return false;
}
