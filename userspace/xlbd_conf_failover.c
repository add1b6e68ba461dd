// SPDX-License-Identifier: GPL-2.0
/*
 * xlbd.conf's "failover" statement:
 *
 *   failover NAME primary CONN DEV PROBE backup CONN DEV PROBE source ADDR
 *            route PREFIX [route PREFIX]... [detect MS] [probe-interval MS]
 *            [hold-down S]
 *
 * Each tunnel is a libreswan conn, the XFRM interface it is on
 * (ipsec-interface=) and the address its probes go to: the remote
 * gateway's own address on the far LAN, inside one of the routes, so that
 * a probe goes through the tunnel and its answer comes back through it.
 * The source is this site's address the probes come from, inside the
 * conns' local subnet and outside the routes.
 */
#include <string.h>
#include <stdlib.h>

#include <arpa/inet.h>

#include "xlbd_conf.h"
#include "xlbd_conf_words.h"

#define FO_USAGE "failover NAME primary CONN DEV PROBE backup CONN DEV PROBE source ADDR route PREFIX... [detect MS] [probe-interval MS] [hold-down S]"
#define FO_DETECT_MIN_MS 50
#define FO_DETECT_MAX_MS 10000
#define FO_PROBE_MIN_MS 100
#define FO_PROBE_MAX_MS 60000
#define FO_HOLD_DOWN_MAX_S 3600

const struct xlbd_failover *xlbd_conf_failover_of_conn(const struct xlbd_conf *conf,
							const char *conn)
{
	for (size_t i = 0; i < conf->nfailovers; i++)
		for (int t = 0; t < 2; t++)
			if (!strcmp(conf->failovers[i].tunnel[t].conn, conn))
				return &conf->failovers[i];
	return NULL;
}

static size_t addr_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

/* One unicast address of @fo's family (the first address sets it). */
static int parse_addr(struct xlbd_parser *p, struct xlbd_failover *fo,
		      const char *what, const char *s, uint8_t *addr)
{
	static const uint8_t zero[16];
	int family;

	if (inet_pton(AF_INET, s, addr) == 1)
		family = AF_INET;
	else if (inet_pton(AF_INET6, s, addr) == 1)
		family = AF_INET6;
	else
		return xlbd_parse_fail(p, "failover %s: %s \"%s\": not an IPv4 or IPv6 address",
				       fo->name, what, s);
	if (!memcmp(addr, zero, addr_len(family)) ||
	    (family == AF_INET && addr[0] >= 224) ||
	    (family == AF_INET6 && addr[0] == 0xff))
		return xlbd_parse_fail(p, "failover %s: %s %s: want a unicast address",
				       fo->name, what, s);
	if (fo->family && family != fo->family)
		return xlbd_parse_fail(p, "failover %s: %s %s: one family for the whole group",
				       fo->name, what, s);
	fo->family = family;
	return 0;
}

static bool in_prefix(const uint8_t *addr, const struct xlbd_fo_route *r)
{
	unsigned int i;

	for (i = 0; i < r->len; i++)
		if ((addr[i / 8] ^ r->addr[i / 8]) & (0x80 >> (i % 8)))
			return false;
	return true;
}

static const struct xlbd_fo_route *route_of(const struct xlbd_failover *fo,
					    const uint8_t *addr)
{
	for (size_t i = 0; i < fo->nroutes; i++)
		if (in_prefix(addr, &fo->routes[i]))
			return &fo->routes[i];
	return NULL;
}

/* "primary CONN DEV PROBE" or "backup CONN DEV PROBE", at @w. */
static int parse_tunnel(struct xlbd_parser *p, const struct xlbd_conf *conf,
			struct xlbd_failover *fo, int t, char **w)
{
	struct xlbd_fo_tunnel *tun = &fo->tunnel[t];
	const struct xlbd_failover *other;
	const struct xlbd_pair *pair;

	if (xlbd_parse_conn_name(p, w[1], tun->conn))
		return -1;
	if (t == 1 && !strcmp(fo->tunnel[0].conn, tun->conn))
		return xlbd_parse_fail(p, "failover %s: conn %s is both primary and backup",
				       fo->name, tun->conn);
	other = xlbd_conf_failover_of_conn(conf, tun->conn);
	if (other)
		return xlbd_parse_fail(p, "failover %s: conn %s is already in failover %s (line %u)",
				       fo->name, tun->conn, other->name, other->line);
	pair = xlbd_conf_pair_of_conn(conf, tun->conn);
	if (pair)
		return xlbd_parse_fail(p, "failover %s: conn %s is in pair %s (line %u): a pair takes its conns down on the backup gateway, a failover group keeps them up",
				       fo->name, tun->conn, pair->name, pair->line);
	if (!w[2][0] || strlen(w[2]) >= sizeof(tun->dev) || strchr(w[2], '/') ||
	    !strcmp(w[2], ".") || !strcmp(w[2], ".."))
		return xlbd_parse_fail(p, "failover %s: \"%.40s\": not an interface name",
				       fo->name, w[2]);
	strcpy(tun->dev, w[2]);
	if (t == 1 && !strcmp(fo->tunnel[0].dev, tun->dev))
		return xlbd_parse_fail(p, "failover %s: primary and backup both on %s: each conn needs its own XFRM interface (ipsec-interface=)",
				       fo->name, tun->dev);
	return parse_addr(p, fo, "probe", w[3], tun->probe);
}

static int parse_route(struct xlbd_parser *p, struct xlbd_failover *fo,
		       const char *s)
{
	struct xlbd_fo_route r = { 0 };
	int family;

	if (xlbd_parse_prefix(p, "route", s, &family, r.addr, &r.len))
		return -1;
	if (fo->family && family != fo->family)
		return xlbd_parse_fail(p, "failover %s: route %s: one family for the whole group",
				       fo->name, s);
	fo->family = family;
	for (size_t i = 0; i < fo->nroutes; i++)
		if (fo->routes[i].len == r.len && !memcmp(fo->routes[i].addr, r.addr, 16))
			return xlbd_parse_fail(p, "failover %s: route %s named twice",
					       fo->name, s);
	if (fo->nroutes == XLBD_FO_MAX_ROUTES)
		return xlbd_parse_fail(p, "failover %s: more than %d routes", fo->name,
				       XLBD_FO_MAX_ROUTES);
	fo->routes[fo->nroutes++] = r;
	return 0;
}

/* "detect MS", "probe-interval MS", "hold-down S": each once. */
static int parse_option(struct xlbd_parser *p, struct xlbd_failover *fo,
			const char *key, const char *val, unsigned int *seen)
{
	unsigned long v;

	if (!strcmp(key, "detect") && !(*seen & 1)) {
		if (xlbd_parse_uint(val, FO_DETECT_MAX_MS, &v) || v < FO_DETECT_MIN_MS)
			return xlbd_parse_fail(p, "failover %s: detect \"%s\": want milliseconds from %d to %d",
					       fo->name, val, FO_DETECT_MIN_MS, FO_DETECT_MAX_MS);
		fo->detect_ms = (unsigned int)v;
		*seen |= 1;
		return 0;
	}
	if (!strcmp(key, "probe-interval") && !(*seen & 2)) {
		if (xlbd_parse_uint(val, FO_PROBE_MAX_MS, &v) || v < FO_PROBE_MIN_MS)
			return xlbd_parse_fail(p, "failover %s: probe-interval \"%s\": want milliseconds from %d to %d",
					       fo->name, val, FO_PROBE_MIN_MS, FO_PROBE_MAX_MS);
		fo->probe_ms = (unsigned int)v;
		*seen |= 2;
		return 0;
	}
	if (!strcmp(key, "hold-down") && !(*seen & 4)) {
		if (xlbd_parse_uint(val, FO_HOLD_DOWN_MAX_S, &v))
			return xlbd_parse_fail(p, "failover %s: hold-down \"%s\": want seconds from 0 to %d",
					       fo->name, val, FO_HOLD_DOWN_MAX_S);
		fo->hold_down_s = (unsigned int)v;
		*seen |= 4;
		return 0;
	}
	return xlbd_parse_fail(p, "failover %s: unexpected \"%s\" (route PREFIX, detect MS, probe-interval MS, hold-down S; each option once)",
			       fo->name, key);
}

/* What is only wrong once the whole line is read. */
static int check_group(struct xlbd_parser *p, const struct xlbd_conf *conf,
		       const struct xlbd_failover *fo)
{
	char a[INET6_ADDRSTRLEN];

	if (!fo->nroutes)
		return xlbd_parse_fail(p, "failover %s: no route: name the far LAN's prefixes (route PREFIX)",
				       fo->name);
	for (int t = 0; t < 2; t++)
		if (!route_of(fo, fo->tunnel[t].probe))
			return xlbd_parse_fail(p, "failover %s: probe %s of conn %s is outside the group's routes: a probe must go through the tunnel",
					       fo->name,
					       inet_ntop(fo->family, fo->tunnel[t].probe, a, sizeof(a)),
					       fo->tunnel[t].conn);
	if (route_of(fo, fo->source))
		return xlbd_parse_fail(p, "failover %s: source %s is inside the group's routes: want this site's address",
				       fo->name, inet_ntop(fo->family, fo->source, a, sizeof(a)));
	if (conf->libreswan.off)
		return xlbd_parse_fail(p, "failover %s: xlbd keeps its conns up through libreswan, which this file turns off",
				       fo->name);
	for (size_t i = 0; i < conf->nfailovers; i++)
		if (!strcmp(conf->failovers[i].name, fo->name))
			return xlbd_parse_fail(p, "failover %s already on line %u", fo->name,
					       conf->failovers[i].line);
	return 0;
}

int xlbd_parse_failover(struct xlbd_parser *p, struct xlbd_conf *conf,
			char **w, int n)
{
	struct xlbd_failover fo = {
		.line = p->line,
		.detect_ms = XLBD_FO_DETECT_DEFAULT_MS,
		.probe_ms = XLBD_FO_PROBE_DEFAULT_MS,
		.hold_down_s = XLBD_FO_HOLD_DOWN_DEFAULT_S,
	}, *more;
	unsigned int seen = 0;
	int i;

	if (n < 14 || strcmp(w[2], "primary") || strcmp(w[6], "backup") ||
	    strcmp(w[10], "source") || n % 2)
		return xlbd_parse_fail(p, "failover takes: " FO_USAGE);
	if (xlbd_parse_name(p, "failover", w[1], fo.name) ||
	    parse_tunnel(p, conf, &fo, 0, w + 2) ||
	    parse_tunnel(p, conf, &fo, 1, w + 6) ||
	    parse_addr(p, &fo, "source", w[11], fo.source))
		return -1;
	for (i = 12; i < n; i += 2) {
		if (!strcmp(w[i], "route")) {
			if (parse_route(p, &fo, w[i + 1]))
				return -1;
		} else if (parse_option(p, &fo, w[i], w[i + 1], &seen)) {
			return -1;
		}
	}
	if (check_group(p, conf, &fo))
		return -1;
	more = realloc(conf->failovers, (conf->nfailovers + 1) * sizeof(*more));
	if (!more)
		return xlbd_parse_fail(p, "out of memory");
	conf->failovers = more;
	conf->failovers[conf->nfailovers++] = fo;
	return 0;
}
