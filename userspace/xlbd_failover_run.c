// SPDX-License-Identifier: GPL-2.0
/*
 * The interfaces' packet counters are read at each look (RTM_GETLINK by
 * name): a tunnel's interface may come and go with its conn, and its name
 * is what the file gives.
 *
 * The routes are "PREFIX dev DEV src SOURCE" in the main table, replaced
 * in one message each. libreswan's updown script replaces them too when
 * a conn comes up (ipsec-interface= conns route their subnets into their
 * interface, with no source): a route event for a group's prefix that
 * does not point at the active interface from SOURCE has xlbd put it
 * back at once.
 *
 * A probe is an ICMP echo from SOURCE to the tunnel's PROBE on a raw
 * socket bound to the tunnel's interface (SO_BINDTODEVICE): it takes that
 * interface's XFRM policies, and the socket takes an answer only when it
 * came back through the same interface.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <sys/socket.h>

#include <linux/icmp.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/route.h>

#include "xlbd_failover_run.h"
#include "xlbd_log.h"
#include "xlbd_pluto.h"

/* A failed route change or probe socket is tried again this often. */
#define FO_RETRY_MS 2000

static const char *const role[2] = { "primary", "backup" };

static struct nl_sock *route_socket(bool events)
{
	struct nl_sock *sk = nl_socket_alloc();
	int err;

	if (!sk)
		return NULL;
	if (events)
		nl_socket_disable_seq_check(sk);
	err = nl_connect(sk, NETLINK_ROUTE);
	if (!err && events)
		err = nl_socket_add_memberships(sk, RTNLGRP_IPV4_ROUTE,
						RTNLGRP_IPV6_ROUTE, 0);
	if (!err && events)
		err = nl_socket_set_nonblocking(sk);
	if (err) {
		xlbd_log(LOG_ERR, "rtnetlink%s: %s", events ? " route events" : "",
			 nl_geterror(err));
		nl_socket_free(sk);
		return NULL;
	}
	return sk;
}

int xlbd_failovers_open(struct xlbd_failovers *f)
{
	memset(f, 0, sizeof(*f));
	f->req = route_socket(false);
	f->ev = route_socket(true);
	if (f->req && f->ev)
		return 0;
	xlbd_failovers_close(f);
	return -1;
}

static void close_probes(struct xlbd_fo_slot *slot)
{
	for (int t = 0; t < 2; t++) {
		if (slot->sock[t] >= 0)
			close(slot->sock[t]);
		slot->sock[t] = -1;
	}
}

void xlbd_failovers_close(struct xlbd_failovers *f)
{
	for (size_t i = 0; i < f->n; i++)
		close_probes(&f->slots[i]);
	nl_socket_free(f->req);
	nl_socket_free(f->ev);
	free(f->slots);
	memset(f, 0, sizeof(*f));
}

int xlbd_failovers_reset(struct xlbd_failovers *f, const struct xlbd_conf *conf)
{
	struct xlbd_fo_slot *slots = calloc(conf->nfailovers ? conf->nfailovers : 1,
					    sizeof(*slots));

	if (!slots) {
		xlbd_log(LOG_ERR, "failover: out of memory");
		return -1;
	}
	for (size_t i = 0; i < conf->nfailovers; i++) {
		struct xlbd_fo_slot *s = &slots[i];

		/* A group that stays keeps what it knows of its tunnels. */
		for (size_t j = 0; j < f->n; j++)
			if (!strcmp(f->slots[j].name, conf->failovers[i].name))
				s->st = f->slots[j].st;
		strcpy(s->name, conf->failovers[i].name);
		for (int t = 0; t < 2; t++) {
			s->sock[t] = -1;
			s->ident[t] = (uint16_t)(getpid() + 2 * i + (size_t)t);
		}
	}
	for (size_t j = 0; j < f->n; j++)
		close_probes(&f->slots[j]);
	free(f->slots);
	f->slots = slots;
	f->n = conf->nfailovers;
	f->conns_due = 0;
	f->changed = true;
	return 0;
}

size_t xlbd_failovers_fds(const struct xlbd_failovers *f, struct pollfd *pfd,
			  size_t max)
{
	size_t n = 0;

	if (!f->n || !max)
		return 0;
	pfd[n++] = (struct pollfd){ .fd = nl_socket_get_fd(f->ev), .events = POLLIN };
	for (size_t i = 0; i < f->n; i++)
		for (int t = 0; t < 2; t++)
			if (f->slots[i].sock[t] >= 0 && n < max)
				pfd[n++] = (struct pollfd){ .fd = f->slots[i].sock[t],
							    .events = POLLIN };
	return n;
}

static size_t addr_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

/* @a holds exactly the @family address @want (with @plen bits, or any: -1). */
static bool addr_is(struct nl_addr *a, int family, const uint8_t *want, int plen)
{
	return a && nl_addr_get_family(a) == family &&
	       nl_addr_get_len(a) == addr_len(family) &&
	       (plen < 0 || (int)nl_addr_get_prefixlen(a) == plen) &&
	       !memcmp(nl_addr_get_binary_addr(a), want, addr_len(family));
}

struct route_seen {
	struct xlbd_failovers *f;
	const struct xlbd_conf *conf;
};

/* One route event: a group's prefix pointing elsewhere is put back. */
static void on_route(struct nl_object *obj, void *arg)
{
	struct rtnl_route *r = (struct rtnl_route *)obj;
	struct route_seen *seen = arg;
	struct nl_addr *dst = rtnl_route_get_dst(r);
	struct rtnl_nexthop *nh = rtnl_route_nexthop_n(r, 0);
	struct nl_addr *src = rtnl_route_get_pref_src(r);
	int oif = nh ? rtnl_route_nh_get_ifindex(nh) : 0;

	if (!dst || rtnl_route_get_table(r) != RT_TABLE_MAIN)
		return;
	for (size_t i = 0; i < seen->f->n && i < seen->conf->nfailovers; i++) {
		const struct xlbd_failover *fo = &seen->conf->failovers[i];
		struct xlbd_fo_slot *slot = &seen->f->slots[i];
		unsigned int want;

		if (slot->st.active == XLB_AGENT_FO_NONE ||
		    nl_addr_get_family(dst) != fo->family)
			continue;
		want = if_nametoindex(fo->tunnel[slot->st.active == XLB_AGENT_FO_BACKUP].dev);
		for (size_t j = 0; j < fo->nroutes; j++) {
			if (!addr_is(dst, fo->family, fo->routes[j].addr, fo->routes[j].len))
				continue;
			/* updown's own route has the right device, no source. */
			if (nl_object_get_msgtype(obj) == RTM_DELROUTE ||
			    (unsigned int)oif != want ||
			    !addr_is(src, fo->family, fo->source, -1)) {
				slot->routes_ok = false;
				slot->due = 0;
			}
		}
	}
}

static int on_route_msg(struct nl_msg *msg, void *arg)
{
	nl_msg_parse(msg, on_route, arg);
	return NL_OK;
}

/* Answers on tunnel @t's probe socket: echo replies from its probe address. */
static void read_answers(struct xlbd_fo_slot *slot, const struct xlbd_failover *fo,
			 int t)
{
	struct sockaddr_storage from;
	socklen_t fromlen;
	uint8_t buf[512];
	ssize_t len;

	for (;;) {
		fromlen = sizeof(from);
		len = recvfrom(slot->sock[t], buf, sizeof(buf), 0,
			       (struct sockaddr *)&from, &fromlen);
		if (len < 0)
			return;
		if (fo->family == AF_INET) {
			const struct sockaddr_in *sin = (const struct sockaddr_in *)&from;
			size_t hl = (size_t)(buf[0] & 0x0f) * 4;
			const struct icmphdr *icmp = (const struct icmphdr *)(buf + hl);

			if ((size_t)len < hl + sizeof(*icmp) || icmp->type != ICMP_ECHOREPLY ||
			    ntohs(icmp->un.echo.id) != slot->ident[t] ||
			    memcmp(&sin->sin_addr, fo->tunnel[t].probe, 4))
				continue;
		} else {
			const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)&from;
			const struct icmp6_hdr *icmp6 = (const struct icmp6_hdr *)buf;

			if ((size_t)len < sizeof(*icmp6) || icmp6->icmp6_type != ICMP6_ECHO_REPLY ||
			    ntohs(icmp6->icmp6_id) != slot->ident[t] ||
			    memcmp(&sin6->sin6_addr, fo->tunnel[t].probe, 16))
				continue;
		}
		slot->answered[t] = true;
	}
}

static void read_events(struct xlbd_failovers *f, const struct xlbd_conf *conf)
{
	struct route_seen seen = { .f = f, .conf = conf };
	int err;

	if (!f->n)
		return;
	nl_socket_modify_cb(f->ev, NL_CB_VALID, NL_CB_CUSTOM, on_route_msg, &seen);
	do {
		err = nl_recvmsgs_default(f->ev);
	} while (err >= 0);
	if (err == -NLE_NOMEM) {
		/* Events were lost (ENOBUFS): put every group's routes back. */
		for (size_t i = 0; i < f->n; i++)
			f->slots[i].routes_ok = false;
	} else if (err != -NLE_AGAIN) {
		xlbd_log(LOG_WARNING, "rtnetlink route events: %s", nl_geterror(err));
	}
	for (size_t i = 0; i < f->n && i < conf->nfailovers; i++)
		for (int t = 0; t < 2; t++)
			if (f->slots[i].sock[t] >= 0)
				read_answers(&f->slots[i], &conf->failovers[i], t);
}

/* The interface's packet counters; false when it does not exist. */
static bool read_counters(struct nl_sock *sk, const char *dev,
			  struct xlbd_fo_sample *s)
{
	struct rtnl_link *link;

	if (rtnl_link_get_kernel(sk, 0, dev, &link) < 0)
		return false;
	s->rx = rtnl_link_get_stat(link, RTNL_LINK_RX_PACKETS);
	s->tx = rtnl_link_get_stat(link, RTNL_LINK_TX_PACKETS);
	rtnl_link_put(link);
	return true;
}

static uint16_t icmp_checksum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t sum = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

/* A raw ICMP socket from the group's source, taking echo replies only. */
static int probe_socket(const struct xlbd_failover *fo, char *why, size_t len)
{
	int v6 = fo->family == AF_INET6;
	struct sockaddr_storage src = { 0 };
	int fd = socket(fo->family, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
			v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP);
	struct icmp6_filter f6;
	struct icmp_filter f4 = { .data = ~(1U << ICMP_ECHOREPLY) };
	socklen_t srclen;

	if (fd < 0) {
		snprintf(why, len, "raw ICMP socket: %s", strerror(errno));
		return -1;
	}
	if (v6) {
		ICMP6_FILTER_SETBLOCKALL(&f6);
		ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &f6);
		setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &f6, sizeof(f6));
		((struct sockaddr_in6 *)&src)->sin6_family = AF_INET6;
		memcpy(&((struct sockaddr_in6 *)&src)->sin6_addr, fo->source, 16);
		srclen = sizeof(struct sockaddr_in6);
	} else {
		setsockopt(fd, SOL_RAW, ICMP_FILTER, &f4, sizeof(f4));
		((struct sockaddr_in *)&src)->sin_family = AF_INET;
		memcpy(&((struct sockaddr_in *)&src)->sin_addr, fo->source, 4);
		srclen = sizeof(struct sockaddr_in);
	}
	if (bind(fd, (struct sockaddr *)&src, srclen)) {
		snprintf(why, len, "source address: %s", strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* One echo request through tunnel @t; false with @why when it could not go. */
static bool send_probe(struct xlbd_fo_slot *slot, const struct xlbd_failover *fo,
		       int t, char *why, size_t len)
{
	const struct xlbd_fo_tunnel *tun = &fo->tunnel[t];
	struct sockaddr_storage dst = { 0 };
	uint8_t msg[16] = { 0 };
	socklen_t dstlen;

	if (slot->sock[t] < 0)
		slot->sock[t] = probe_socket(fo, why, len);
	if (slot->sock[t] < 0)
		return false;
	/* By name each time: the interface may have been made anew. */
	if (setsockopt(slot->sock[t], SOL_SOCKET, SO_BINDTODEVICE, tun->dev,
		       (socklen_t)strlen(tun->dev))) {
		snprintf(why, len, "%s: %s", tun->dev, strerror(errno));
		return false;
	}
	slot->seq[t]++;
	if (fo->family == AF_INET) {
		struct icmphdr *icmp = (struct icmphdr *)msg;

		icmp->type = ICMP_ECHO;
		icmp->un.echo.id = htons(slot->ident[t]);
		icmp->un.echo.sequence = htons(slot->seq[t]);
		icmp->checksum = icmp_checksum(msg, sizeof(msg));
		((struct sockaddr_in *)&dst)->sin_family = AF_INET;
		memcpy(&((struct sockaddr_in *)&dst)->sin_addr, tun->probe, 4);
		dstlen = sizeof(struct sockaddr_in);
	} else {
		struct icmp6_hdr *icmp6 = (struct icmp6_hdr *)msg;

		/* The kernel fills in an ICMPv6 checksum. */
		icmp6->icmp6_type = ICMP6_ECHO_REQUEST;
		icmp6->icmp6_id = htons(slot->ident[t]);
		icmp6->icmp6_seq = htons(slot->seq[t]);
		((struct sockaddr_in6 *)&dst)->sin6_family = AF_INET6;
		memcpy(&((struct sockaddr_in6 *)&dst)->sin6_addr, tun->probe, 16);
		dstlen = sizeof(struct sockaddr_in6);
	}
	if (sendto(slot->sock[t], msg, sizeof(msg), 0, (struct sockaddr *)&dst,
		   dstlen) < 0) {
		snprintf(why, len, "sending: %s", strerror(errno));
		return false;
	}
	return true;
}

static void probe(struct xlbd_fo_slot *slot, const struct xlbd_failover *fo,
		  int t)
{
	char why[sizeof(slot->said[t])];

	if (send_probe(slot, fo, t, why, sizeof(why))) {
		slot->probes[t]++;
		if (slot->said[t][0])
			xlbd_log(LOG_NOTICE, "failover %s: %s's probes go out again",
				 fo->name, role[t]);
		slot->said[t][0] = '\0';
		return;
	}
	/* Each reason once, while it lasts: a failing probe is tried often. */
	if (strcmp(slot->said[t], why))
		xlbd_log(LOG_WARNING, "failover %s: %s %s: no probe: %s; tried every %u ms",
			 fo->name, role[t], fo->tunnel[t].conn, why, fo->probe_ms);
	strcpy(slot->said[t], why);
}

/* One route: PREFIX dev IFINDEX src SOURCE, replacing what is there. */
static int set_route(struct nl_sock *sk, const struct xlbd_failover *fo,
		     const struct xlbd_fo_route *route, int ifindex)
{
	struct rtnl_route *r = rtnl_route_alloc();
	struct rtnl_nexthop *nh = rtnl_route_nh_alloc();
	struct nl_addr *dst = nl_addr_build(fo->family, route->addr, addr_len(fo->family));
	struct nl_addr *src = nl_addr_build(fo->family, fo->source, addr_len(fo->family));
	int err = -NLE_NOMEM;

	if (r && nh && dst && src) {
		nl_addr_set_prefixlen(dst, route->len);
		rtnl_route_set_family(r, (uint8_t)fo->family);
		rtnl_route_set_dst(r, dst);
		rtnl_route_set_pref_src(r, src);
		rtnl_route_set_table(r, RT_TABLE_MAIN);
		rtnl_route_set_scope(r, RT_SCOPE_LINK);
		rtnl_route_set_protocol(r, RTPROT_STATIC);
		rtnl_route_nh_set_ifindex(nh, ifindex);
		rtnl_route_add_nexthop(r, nh);
		nh = NULL;
		err = rtnl_route_add(sk, r, NLM_F_REPLACE);
	}
	/* libnl's nh_free does not take NULL; the route owns an added one. */
	if (nh)
		rtnl_route_nh_free(nh);
	nl_addr_put(dst);
	nl_addr_put(src);
	rtnl_route_put(r);
	return err;
}

/* The group's routes into the active tunnel's interface. */
static void set_routes(struct xlbd_failovers *f, struct xlbd_fo_slot *slot,
		       const struct xlbd_failover *fo)
{
	int t = slot->st.active == XLB_AGENT_FO_BACKUP;
	const char *dev = fo->tunnel[t].dev;
	int ifindex = (int)if_nametoindex(dev), err = 0;
	char a[INET6_ADDRSTRLEN];
	size_t i;

	for (i = 0; ifindex && i < fo->nroutes && !err; i++)
		err = set_route(f->req, fo, &fo->routes[i], ifindex);
	slot->routes_ok = ifindex && !err;
	if (slot->routes_ok) {
		if (slot->routes_said)
			xlbd_log(LOG_NOTICE, "failover %s: routes through %s again",
				 fo->name, dev);
		slot->routes_said = false;
		return;
	}
	if (!slot->routes_said && !ifindex)
		xlbd_log(LOG_WARNING, "failover %s: %s does not exist; routes tried again every %d ms",
			 fo->name, dev, FO_RETRY_MS);
	else if (!slot->routes_said)
		xlbd_log(LOG_WARNING, "failover %s: route %s/%u dev %s: %s; tried again every %d ms",
			 fo->name, inet_ntop(fo->family, fo->routes[i - 1].addr, a, sizeof(a)),
			 fo->routes[i - 1].len, dev, nl_geterror(err), FO_RETRY_MS);
	slot->routes_said = true;
}

static void say_health(const struct xlbd_failover *fo, int t,
		       const struct xlbd_fo_link *l, enum xlb_agent_fo_health was,
		       long long now)
{
	const char *conn = fo->tunnel[t].conn, *dev = fo->tunnel[t].dev;

	if (l->health == was)
		return;
	if (l->health == XLB_AGENT_FO_DEAD && l->why == XLBD_FO_WHY_OUTBOUND)
		xlbd_log(LOG_WARNING, "failover %s: %s %s (%s) dead: packets went out, nothing came back for %lld ms",
			 fo->name, role[t], conn, dev, now - l->unanswered);
	else if (l->health == XLB_AGENT_FO_DEAD && l->why == XLBD_FO_WHY_PROBES)
		xlbd_log(LOG_WARNING, "failover %s: %s %s (%s) dead: %u probes unanswered in %lld ms",
			 fo->name, role[t], conn, dev, l->probes, now - l->first_probe);
	else if (l->health == XLB_AGENT_FO_DEAD)
		xlbd_log(LOG_WARNING, "failover %s: %s %s (%s) dead: its interface is gone",
			 fo->name, role[t], conn, dev);
	else if (was == XLB_AGENT_FO_DEAD)
		xlbd_log(LOG_NOTICE, "failover %s: %s %s (%s) alive again",
			 fo->name, role[t], conn, dev);
	else
		xlbd_log(LOG_INFO, "failover %s: %s %s (%s) alive", fo->name, role[t],
			 conn, dev);
}

static void say_active(const struct xlbd_failover *fo, const struct xlbd_fo_state *st)
{
	int t = st->active == XLB_AGENT_FO_BACKUP;
	const char *conn = fo->tunnel[t].conn, *dev = fo->tunnel[t].dev;

	switch (st->change) {
	case XLBD_FO_NONE_LEFT:
		xlbd_log(LOG_ERR, "failover %s: both tunnels dead; the routes stay where they were, each tunnel probed every %u ms",
			 fo->name, fo->probe_ms);
		break;
	case XLBD_FO_FAILBACK:
		xlbd_log(LOG_NOTICE, "failover %s: primary %s alive for the hold-down of %u s: routes back through %s (failback %u)",
			 fo->name, conn, fo->hold_down_s, dev, st->failbacks);
		break;
	case XLBD_FO_SETTLE:
		xlbd_log(LOG_NOTICE, "failover %s: primary %s (%s) up after the backup: routes through it",
			 fo->name, conn, dev);
		break;
	case XLBD_FO_FIRST:
		xlbd_log(LOG_NOTICE, "failover %s: routes through %s %s (%s)", fo->name,
			 role[t], conn, dev);
		break;
	case XLBD_FO_FAILOVER:
		xlbd_log(LOG_WARNING, "failover %s: routes through %s %s (%s): failover %u",
			 fo->name, role[t], conn, dev, st->failovers);
		break;
	}
}

struct route_find {
	const struct xlbd_failover *fo;
	int oif;
};

static void on_cached_route(struct nl_object *obj, void *arg)
{
	struct rtnl_route *r = (struct rtnl_route *)obj;
	struct route_find *find = arg;
	struct nl_addr *dst = rtnl_route_get_dst(r);
	struct rtnl_nexthop *nh = rtnl_route_nexthop_n(r, 0);

	if (nh && rtnl_route_get_table(r) == RT_TABLE_MAIN &&
	    addr_is(dst, find->fo->family, find->fo->routes[0].addr,
		    find->fo->routes[0].len))
		find->oif = rtnl_route_nh_get_ifindex(nh);
}

/*
 * The first look of a group: where its first route goes now. An xlbd
 * restarted after a failover finds the route on the backup's interface
 * and carries on from there, rather than moving it back to a primary
 * that may still be dead.
 */
static void adopt_routes(struct xlbd_failovers *f, const struct xlbd_failover *fo,
			 struct xlbd_fo_state *st)
{
	struct route_find find = { .fo = fo };
	struct nl_cache *cache;

	if (rtnl_route_alloc_cache(f->req, fo->family, 0, &cache) < 0)
		return;
	nl_cache_foreach(cache, on_cached_route, &find);
	nl_cache_free(cache);
	if (find.oif && (unsigned int)find.oif == if_nametoindex(fo->tunnel[1].dev)) {
		st->active = XLB_AGENT_FO_BACKUP;
		xlbd_log(LOG_NOTICE, "failover %s: the routes go through backup %s (%s): carrying on from there",
			 fo->name, fo->tunnel[1].conn, fo->tunnel[1].dev);
	}
}

/* One look at a group: counters, health, routes, probes. */
static void look(struct xlbd_failovers *f, const struct xlbd_failover *fo,
		 struct xlbd_fo_slot *slot, long long now)
{
	struct xlbd_fo_state *st = &slot->st;
	enum xlb_agent_fo_active was = st->active;
	enum xlb_agent_fo_health health[2];
	struct xlbd_fo_sample s;
	bool overdue;

	if (!st->since && st->active == XLB_AGENT_FO_NONE) {
		adopt_routes(f, fo, st);
		was = st->active;
	}
	for (int t = 0; t < 2; t++) {
		memset(&s, 0, sizeof(s));
		s.counted = read_counters(f->req, fo->tunnel[t].dev, &s);
		s.answered = slot->answered[t];
		s.probes = slot->probes[t];
		slot->answered[t] = false;
		slot->probes[t] = 0;
		health[t] = st->link[t].health;
		overdue = st->link[t].overdue;
		xlbd_fo_observe(st, fo, t, &s, now);
		say_health(fo, t, &st->link[t], health[t], now);
		if (st->link[t].overdue && !overdue)
			xlbd_log(LOG_WARNING, "failover %s: %s %s: no interface %s after %d s; is the conn up?",
				 fo->name, role[t], fo->tunnel[t].conn, fo->tunnel[t].dev,
				 XLBD_FO_START_GRACE_MS / 1000);
		if (st->link[t].health != health[t])
			f->changed = true;
	}
	if (xlbd_fo_decide(st, fo, now, time(NULL))) {
		if (st->active != was)
			say_active(fo, st);
		slot->routes_ok = false;
		f->changed = true;
	}
	if (!slot->routes_ok && st->active != XLB_AGENT_FO_NONE)
		set_routes(f, slot, fo);
	for (int t = 0; t < 2; t++) {
		if (!xlbd_fo_probe_due(st, fo, t, now))
			continue;
		probe(slot, fo, t);
		xlbd_fo_probed(st, t, now);
	}
	slot->due = xlbd_fo_next(fo, now);
	if (!slot->routes_ok && st->active != XLB_AGENT_FO_NONE &&
	    slot->due < now + FO_RETRY_MS)
		slot->due = now + FO_RETRY_MS;
}

/*
 * Hot standby: each group's conns are up. One that pluto has no child SA
 * for, nor an exchange under way (not yet, its peer went away and pluto
 * gave up, or only the IKE SA came up), is initiated; one with an
 * exchange under way is pluto's to finish.
 */
static void keep_conns_up(const struct xlbd_conf *conf)
{
	const char *ctl = conf->libreswan.ctlsocket;
	struct xlbd_pluto_status st;
	char *why = NULL;

	if (xlbd_pluto_status(ctl, &st, &why)) {
		xlbd_log(LOG_WARNING, "failover: whack --status: %s; the conns are looked at again in %u s",
			 why ? why : "no reason given", conf->libreswan.check_s);
		free(why);
		return;
	}
	for (size_t i = 0; i < conf->nfailovers; i++) {
		for (int t = 0; t < 2; t++) {
			const char *conn = conf->failovers[i].tunnel[t].conn;

			if (!xlbd_pluto_conn_down(&st, conn))
				continue;
			if (xlbd_pluto_initiate(ctl, conn, &why)) {
				xlbd_log(LOG_WARNING, "failover %s: whack --initiate %s: %s",
					 conf->failovers[i].name, conn,
					 why ? why : "no reason given");
				free(why);
				why = NULL;
				continue;
			}
			xlbd_log(LOG_INFO, "failover %s: pluto initiates %s %s",
				 conf->failovers[i].name, role[t], conn);
		}
	}
	xlbd_pluto_status_free(&st);
}

long long xlbd_failovers_run(struct xlbd_failovers *f, const struct xlbd_conf *conf,
			     long long now_ms)
{
	long long due = LLONG_MAX;

	if (!f->n || f->n != conf->nfailovers)
		return due;
	/*
	 * Route events, and answers that came while xlbd was busy elsewhere
	 * (whack is slow on a loaded host), are taken before the looks
	 * judge by them.
	 */
	read_events(f, conf);
	for (size_t i = 0; i < f->n; i++) {
		if (f->slots[i].due <= now_ms)
			look(f, &conf->failovers[i], &f->slots[i], now_ms);
		if (f->slots[i].due < due)
			due = f->slots[i].due;
	}
	/* After the looks: whack takes its time, the looks were due now. */
	if (now_ms >= f->conns_due) {
		keep_conns_up(conf);
		f->conns_due = now_ms + 1000LL * conf->libreswan.check_s;
	}
	return f->conns_due < due ? f->conns_due : due;
}
