// SPDX-License-Identifier: GPL-2.0
/*
 * xlbd.conf: one statement per line, words separated by blanks, "#" to the
 * end of the line a comment.
 *
 *   device NAME
 *   policy KEY VALUE [KEY VALUE]...
 *   tunnel reqid N | conn NAME | selector LOCAL REMOTE
 *          [workers LIST [pinned]] [spray auto|on|off]
 *   libreswan ctlsocket PATH | check SECONDS | off
 *   pair NAME address ADDR conns CONN [CONN]...
 *   failover NAME primary CONN DEV PROBE backup CONN DEV PROBE source ADDR
 *            route PREFIX [route PREFIX]... [detect MS] [probe-interval MS]
 *            [hold-down S]
 *
 * LIST is CPU numbers and ranges, "0-3,6". Every value is checked as the
 * kernel would check it, so a file that loads applies without a refusal.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <linux/xlb.h>

#include "lib/xlb_names.h"
#include "xlbd_conf.h"
#include "xlbd_conf_words.h"
#include "xlbd_pluto.h"

#define MAX_WORDS 32
#define MAX_LINE 1024

int xlbd_parse_fail(struct xlbd_parser *p, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	n = (size_t)snprintf(p->err, p->errlen, "%s:%u: ", p->name, p->line);
	if (n < p->errlen) {
		va_start(ap, fmt);
		vsnprintf(p->err + n, p->errlen - n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

bool xlbd_cpuset_has(const struct xlbd_cpuset *set, unsigned int cpu)
{
	return cpu < XLBD_MAX_CPUS && (set->bits[cpu / 64] >> (cpu % 64)) & 1;
}

unsigned int xlbd_cpuset_count(const struct xlbd_cpuset *set)
{
	unsigned int n = 0;

	for (size_t i = 0; i < XLBD_MAX_CPUS / 64; i++)
		n += (unsigned int)__builtin_popcountll(set->bits[i]);
	return n;
}

/* A decimal number, all of @s, at most @max. */
int xlbd_parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*out = strtoul(s, &end, 10);
	return errno || *end || *out > max ? -1 : 0;
}

/* "0-3,6" into @set. */
static int parse_cpus(struct xlbd_parser *p, const char *s, struct xlbd_cpuset *set)
{
	char buf[256], *tok, *save, *dash;
	unsigned long lo, hi;

	if (strlen(s) >= sizeof(buf))
		return xlbd_parse_fail(p, "worker list too long");
	strcpy(buf, s);
	memset(set, 0, sizeof(*set));
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		dash = strchr(tok, '-');
		if (dash)
			*dash = '\0';
		if (xlbd_parse_uint(tok, XLBD_MAX_CPUS - 1, &lo) ||
		    xlbd_parse_uint(dash ? dash + 1 : tok, XLBD_MAX_CPUS - 1, &hi) ||
		    hi < lo)
			return xlbd_parse_fail(p, "workers \"%s\": want CPU numbers and ranges such as 0-3,6 (CPUs below %d)",
				    s, XLBD_MAX_CPUS);
		for (unsigned long cpu = lo; cpu <= hi; cpu++)
			set->bits[cpu / 64] |= 1ULL << (cpu % 64);
	}
	if (!xlbd_cpuset_count(set))
		return xlbd_parse_fail(p, "workers \"%s\": no CPU in the list", s);
	return 0;
}

static int parse_device(struct xlbd_parser *p, struct xlbd_conf *conf, char **w,
			int n)
{
	if (n != 2)
		return xlbd_parse_fail(p, "device takes one name: device NAME");
	if (strlen(w[1]) >= sizeof(conf->devices[0]) || strchr(w[1], '/'))
		return xlbd_parse_fail(p, "device \"%s\": not an interface name", w[1]);
	for (size_t i = 0; i < conf->ndevices; i++)
		if (!strcmp(conf->devices[i], w[1]))
			return xlbd_parse_fail(p, "device %s named twice", w[1]);
	if (conf->ndevices == XLBD_MAX_DEVICES)
		return xlbd_parse_fail(p, "more than %d devices", XLBD_MAX_DEVICES);
	strcpy(conf->devices[conf->ndevices++], w[1]);
	return 0;
}

static int parse_policy_pair(struct xlbd_parser *p, struct xlb_policy *pol,
			     const char *key, const char *val)
{
	const struct xlb_policy_key *k = xlb_policy_key_find(key);
	unsigned long v;
	uint32_t placement;

	if (!k)
		return xlbd_parse_fail(p, "unknown policy key \"%s\" (placement, hotspot, interval, spray-threshold, max-moves, move-cooldown)",
			    key);
	if (xlb_policy_key_is_placement(k)) {
		if (xlb_placement_parse(val, &placement))
			return xlbd_parse_fail(p, "placement \"%s\": want hash, least-loaded or adaptive", val);
		xlb_policy_key_store(k, pol, placement);
		return 0;
	}
	if (xlbd_parse_uint(val, k->max, &v) || v < k->min)
		return xlbd_parse_fail(p, "%s \"%s\": want a number from %u to %u", key, val,
			    k->min, k->max);
	xlb_policy_key_store(k, pol, (uint32_t)v);
	return 0;
}

static int parse_policy(struct xlbd_parser *p, struct xlbd_conf *conf, char **w,
			int n)
{
	if (n < 3 || n % 2 == 0)
		return xlbd_parse_fail(p, "policy takes KEY VALUE pairs");
	for (int i = 1; i < n; i += 2)
		if (parse_policy_pair(p, &conf->policy, w[i], w[i + 1]))
			return -1;
	return 0;
}

/* A conn name as ipsec.conf has it: printable, no blank, no quote. */
int xlbd_parse_conn_name(struct xlbd_parser *p, const char *s, char *conn)
{
	if (strlen(s) >= XLBD_CONN_LEN)
		return xlbd_parse_fail(p, "conn \"%.32s...\": longer than %d characters", s,
			    XLBD_CONN_LEN - 1);
	for (const char *c = s; *c; c++)
		if (*c < 0x21 || *c > 0x7e || *c == '"')
			return xlbd_parse_fail(p, "conn: not a libreswan conn name (printable, no quote)");
	strcpy(conn, s);
	return 0;
}

static const struct xlbd_tunnel *conf_conn(const struct xlbd_conf *conf,
					   const char *conn)
{
	for (size_t i = 0; i < conf->ntunnels; i++)
		if (!strcmp(conf->tunnels[i].conn, conn))
			return &conf->tunnels[i];
	return NULL;
}

/* ADDR or ADDR/LEN, host bits clear, as a policy's selector has it. */
int xlbd_parse_prefix(struct xlbd_parser *p, const char *what, const char *s,
		      int *family, uint8_t *addr, uint8_t *plen)
{
	char buf[INET6_ADDRSTRLEN + 8];
	unsigned long len = 0;
	unsigned int max, i;
	char *slash;

	if (strlen(s) >= sizeof(buf))
		return xlbd_parse_fail(p, "%s \"%.48s...\": not an address or prefix", what, s);
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	if (inet_pton(AF_INET, buf, addr) == 1)
		*family = AF_INET;
	else if (inet_pton(AF_INET6, buf, addr) == 1)
		*family = AF_INET6;
	else
		return xlbd_parse_fail(p, "%s \"%s\": not an IPv4 or IPv6 address or prefix", what, s);
	max = *family == AF_INET ? 32 : 128;
	if (slash && (xlbd_parse_uint(slash + 1, max, &len) || !slash[1]))
		return xlbd_parse_fail(p, "%s \"%s\": the prefix length goes from 0 to %u", what, s, max);
	*plen = slash ? (uint8_t)len : (uint8_t)max;
	for (i = *plen; i < max; i++)
		if (addr[i / 8] & (0x80 >> (i % 8)))
			return xlbd_parse_fail(p, "%s \"%s\": host bits set (want them clear)",
					       what, s);
	return 0;
}

static int parse_selector(struct xlbd_parser *p, const char *local,
			  const char *remote, struct xlbd_selector *sel)
{
	int lfam, rfam;

	if (xlbd_parse_prefix(p, "selector", local, &lfam, sel->local, &sel->local_len) ||
	    xlbd_parse_prefix(p, "selector", remote, &rfam, sel->remote, &sel->remote_len))
		return -1;
	if (lfam != rfam)
		return xlbd_parse_fail(p, "selector %s %s: one family for both ends", local, remote);
	sel->family = lfam;
	return 0;
}

static bool same_selector(const struct xlbd_selector *a,
			  const struct xlbd_selector *b)
{
	return a->family && a->family == b->family &&
	       a->local_len == b->local_len && a->remote_len == b->remote_len &&
	       !memcmp(a->local, b->local, sizeof(a->local)) &&
	       !memcmp(a->remote, b->remote, sizeof(a->remote));
}

static const struct xlbd_tunnel *conf_selector(const struct xlbd_conf *conf,
					       const struct xlbd_selector *sel)
{
	for (size_t i = 0; i < conf->ntunnels; i++)
		if (same_selector(&conf->tunnels[i].sel, sel))
			return &conf->tunnels[i];
	return NULL;
}

static const struct xlbd_tunnel *first_conn(const struct xlbd_conf *conf)
{
	for (size_t i = 0; i < conf->ntunnels; i++)
		if (conf->tunnels[i].conn[0])
			return &conf->tunnels[i];
	return NULL;
}

static int parse_tunnel_words(struct xlbd_parser *p, struct xlbd_tunnel *t,
			      char **w, int n)
{
	unsigned long v;
	int i = 3;

	if (n < 3 || (strcmp(w[1], "reqid") && strcmp(w[1], "conn") &&
		      strcmp(w[1], "selector")))
		return xlbd_parse_fail(p, "a tunnel starts with its reqid, its libreswan conn or its selector: tunnel reqid N ..., tunnel conn NAME ... or tunnel selector LOCAL REMOTE ...");
	if (!strcmp(w[1], "conn")) {
		if (xlbd_parse_conn_name(p, w[2], t->conn))
			return -1;
	} else if (!strcmp(w[1], "selector")) {
		if (n < 4)
			return xlbd_parse_fail(p, "tunnel selector: give the local and the remote prefix");
		if (parse_selector(p, w[2], w[3], &t->sel))
			return -1;
		i = 4;
	} else if (xlbd_parse_uint(w[2], UINT32_MAX, &v) || !v) {
		return xlbd_parse_fail(p, "reqid \"%s\": want a number from 1 to 4294967295", w[2]);
	} else {
		t->reqid = (uint32_t)v;
	}
	for (; i < n; i++) {
		if (!strcmp(w[i], "workers") && i + 1 < n && !t->has_workers) {
			if (parse_cpus(p, w[++i], &t->workers))
				return -1;
			t->has_workers = true;
		} else if (!strcmp(w[i], "pinned") && !t->pinned) {
			t->pinned = true;
		} else if (!strcmp(w[i], "spray") && i + 1 < n && !t->has_spray) {
			if (xlb_spray_parse(w[++i], &t->spray))
				return xlbd_parse_fail(p, "spray \"%s\": want auto, on or off", w[i]);
			t->has_spray = true;
		} else if (!strcmp(w[i], "weight") && i + 1 < n && !t->weight) {
			if (xlbd_parse_uint(w[++i], 1000, &v) || !v)
				return xlbd_parse_fail(p, "weight \"%s\": want thousandths of a worker, 1 to 1000",
					    w[i]);
			t->weight = (uint32_t)v;
		} else {
			return xlbd_parse_fail(p, "tunnel: unexpected \"%s\" (workers LIST, pinned, spray MODE, weight N, each once)",
				    w[i]);
		}
	}
	if (t->pinned && !t->has_workers)
		return xlbd_parse_fail(p, "pinned needs the workers to pin to");
	if (t->pinned && t->has_spray && t->spray == XLB_SPRAY_ON)
		return xlbd_parse_fail(p, "a pinned tunnel is not sprayed: pinned or spray on, not both");
	if (!t->has_workers && !t->has_spray && !t->weight)
		return xlbd_parse_fail(p, "tunnel %s %s%s%s sets nothing: give workers, spray or weight",
			    w[1], w[2], t->sel.family ? " " : "", t->sel.family ? w[3] : "");
	return 0;
}

static int parse_tunnel(struct xlbd_parser *p, struct xlbd_conf *conf, char **w,
			int n)
{
	struct xlbd_tunnel t = { .line = p->line }, *more;
	const struct xlbd_tunnel *dup;

	if (parse_tunnel_words(p, &t, w, n))
		return -1;
	if (t.conn[0]) {
		dup = conf_conn(conf, t.conn);
		if (dup)
			return xlbd_parse_fail(p, "tunnel conn %s already on line %u", t.conn, dup->line);
		if (conf->libreswan.off)
			return xlbd_parse_fail(p, "tunnel conn %s: xlbd learns a conn's reqid from libreswan, which this file turns off",
				    t.conn);
	}
	if (t.sel.family) {
		dup = conf_selector(conf, &t.sel);
		if (dup)
			return xlbd_parse_fail(p, "tunnel selector %s %s already on line %u",
				    w[2], w[3], dup->line);
	}
	dup = xlbd_conf_tunnel(conf, t.reqid);
	if (dup)
		return xlbd_parse_fail(p, "tunnel reqid %u already on line %u", t.reqid, dup->line);
	more = realloc(conf->tunnels, (conf->ntunnels + 1) * sizeof(*more));
	if (!more)
		return xlbd_parse_fail(p, "out of memory");
	conf->tunnels = more;
	conf->tunnels[conf->ntunnels++] = t;
	return 0;
}

const struct xlbd_pair *xlbd_conf_pair_of_conn(const struct xlbd_conf *conf,
					       const char *conn)
{
	for (size_t i = 0; i < conf->npairs; i++)
		for (size_t j = 0; j < conf->pairs[i].nconns; j++)
			if (!strcmp(conf->pairs[i].conns[j], conn))
				return &conf->pairs[i];
	return NULL;
}

int xlbd_parse_name(struct xlbd_parser *p, const char *what, const char *s,
		    char *name)
{
	if (strlen(s) >= XLBD_PAIR_NAME_LEN ||
	    strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != strlen(s))
		return xlbd_parse_fail(p, "%s \"%.40s\": a name is 1 to %d letters, digits, \".\", \"_\" or \"-\"",
				       what, s, XLBD_PAIR_NAME_LEN - 1);
	strcpy(name, s);
	return 0;
}

/* One unicast address that a host can hold, of either family. */
static int parse_pair_addr(struct xlbd_parser *p, const char *s,
			   struct xlbd_pair *pair)
{
	static const uint8_t zero[16];

	if (inet_pton(AF_INET, s, pair->addr) == 1)
		pair->family = AF_INET;
	else if (inet_pton(AF_INET6, s, pair->addr) == 1)
		pair->family = AF_INET6;
	else
		return xlbd_parse_fail(p, "pair %s: address \"%s\": not an IPv4 or IPv6 address",
			    pair->name, s);
	if (!memcmp(pair->addr, zero, pair->family == AF_INET ? 4 : 16) ||
	    (pair->family == AF_INET && pair->addr[0] >= 224) ||
	    (pair->family == AF_INET6 && pair->addr[0] == 0xff))
		return xlbd_parse_fail(p, "pair %s: address %s: want the unicast address the two gateways share",
			    pair->name, s);
	return 0;
}

static int parse_pair_conns(struct xlbd_parser *p, const struct xlbd_conf *conf,
			    struct xlbd_pair *pair, char **w, int n)
{
	const struct xlbd_failover *fo;
	const struct xlbd_pair *other;

	if (n > XLBD_PAIR_MAX_CONNS)
		return xlbd_parse_fail(p, "pair %s: more than %d conns", pair->name,
			    XLBD_PAIR_MAX_CONNS);
	for (int i = 0; i < n; i++) {
		if (xlbd_parse_conn_name(p, w[i], pair->conns[i]))
			return -1;
		for (int j = 0; j < i; j++)
			if (!strcmp(pair->conns[j], w[i]))
				return xlbd_parse_fail(p, "pair %s: conn %s named twice",
					    pair->name, w[i]);
		fo = xlbd_conf_failover_of_conn(conf, w[i]);
		if (fo)
			return xlbd_parse_fail(p, "pair %s: conn %s is in failover %s (line %u): a failover group keeps its conns up, a pair takes them down on the backup gateway",
					       pair->name, w[i], fo->name, fo->line);
		other = xlbd_conf_pair_of_conn(conf, w[i]);
		if (other)
			return xlbd_parse_fail(p, "pair %s: conn %s is already in pair %s (line %u)",
				    pair->name, w[i], other->name, other->line);
	}
	pair->nconns = (size_t)n;
	return 0;
}

static int parse_pair(struct xlbd_parser *p, struct xlbd_conf *conf, char **w,
		      int n)
{
	struct xlbd_pair pair = { .line = p->line }, *more;
	char addr[INET6_ADDRSTRLEN];

	if (n < 6 || strcmp(w[2], "address") || strcmp(w[4], "conns"))
		return xlbd_parse_fail(p, "pair takes a name, the shared address and its conns: pair NAME address ADDR conns CONN...");
	if (xlbd_parse_name(p, "pair", w[1], pair.name) ||
	    parse_pair_addr(p, w[3], &pair) ||
	    parse_pair_conns(p, conf, &pair, w + 5, n - 5))
		return -1;
	if (conf->libreswan.off)
		return xlbd_parse_fail(p, "pair %s: xlbd brings its conns up and down through libreswan, which this file turns off",
			    pair.name);
	for (size_t i = 0; i < conf->npairs; i++) {
		if (!strcmp(conf->pairs[i].name, pair.name))
			return xlbd_parse_fail(p, "pair %s already on line %u", pair.name,
				    conf->pairs[i].line);
		if (conf->pairs[i].family == pair.family &&
		    !memcmp(conf->pairs[i].addr, pair.addr, sizeof(pair.addr)))
			return xlbd_parse_fail(p, "pair %s: address %s is already pair %s's (line %u)",
				    pair.name, xlbd_pair_addr_str(&pair, addr, sizeof(addr)),
				    conf->pairs[i].name, conf->pairs[i].line);
	}
	more = realloc(conf->pairs, (conf->npairs + 1) * sizeof(*more));
	if (!more)
		return xlbd_parse_fail(p, "out of memory");
	conf->pairs = more;
	conf->pairs[conf->npairs++] = pair;
	return 0;
}

/* "libreswan KEY VALUE" or "libreswan off", each key once. */
static int parse_libreswan(struct xlbd_parser *p, struct xlbd_conf *conf, char **w,
			   int n)
{
	struct xlbd_libreswan *l = &conf->libreswan;
	unsigned long v;

	if (n == 2 && !strcmp(w[1], "off")) {
		if (l->off || l->ctlsocket_set || l->check_set)
			return xlbd_parse_fail(p, "libreswan off, with other libreswan lines: one or the other");
		if (first_conn(conf))
			return xlbd_parse_fail(p, "libreswan off, but tunnel conn %s (line %u) needs libreswan to learn its reqid",
				    first_conn(conf)->conn, first_conn(conf)->line);
		if (conf->npairs)
			return xlbd_parse_fail(p, "libreswan off, but pair %s (line %u) brings its conns up and down through libreswan",
				    conf->pairs[0].name, conf->pairs[0].line);
		if (conf->nfailovers)
			return xlbd_parse_fail(p, "libreswan off, but failover %s (line %u) keeps its conns up through libreswan",
					       conf->failovers[0].name, conf->failovers[0].line);
		l->off = true;
		return 0;
	}
	if (l->off)
		return xlbd_parse_fail(p, "libreswan is off (above): nothing else to set");
	if (n != 3)
		return xlbd_parse_fail(p, "libreswan takes ctlsocket PATH, check SECONDS or off");
	if (!strcmp(w[1], "ctlsocket") && !l->ctlsocket_set) {
		if (w[2][0] != '/' || strlen(w[2]) >= sizeof(l->ctlsocket) ||
		    strlen(w[2]) >= sizeof(((struct sockaddr_un *)0)->sun_path))
			return xlbd_parse_fail(p, "ctlsocket \"%s\": want an absolute path of at most %zu characters",
				    w[2], sizeof(((struct sockaddr_un *)0)->sun_path) - 1);
		strcpy(l->ctlsocket, w[2]);
		l->ctlsocket_set = true;
		return 0;
	}
	if (!strcmp(w[1], "check") && !l->check_set) {
		if (xlbd_parse_uint(w[2], XLBD_CHECK_MAX_S, &v) || !v)
			return xlbd_parse_fail(p, "check \"%s\": want seconds from 1 to %d", w[2],
				    XLBD_CHECK_MAX_S);
		l->check_s = (unsigned int)v;
		l->check_set = true;
		return 0;
	}
	return xlbd_parse_fail(p, "libreswan: unexpected \"%s\" (ctlsocket PATH, check SECONDS, off; each once)",
		    w[1]);
}

/* Splits @line into words, dropping a comment; returns how many. */
static int split(char *line, char **w)
{
	char *hash = strchr(line, '#'), *save, *tok;
	int n = 0;

	if (hash)
		*hash = '\0';
	for (tok = strtok_r(line, " \t\r\n", &save); tok && n < MAX_WORDS;
	     tok = strtok_r(NULL, " \t\r\n", &save))
		w[n++] = tok;
	return tok ? MAX_WORDS + 1 : n;
}

static int parse_line(struct xlbd_parser *p, struct xlbd_conf *conf, char *line)
{
	char *w[MAX_WORDS];
	int n = split(line, w);

	if (n == 0)
		return 0;
	if (n > MAX_WORDS)
		return xlbd_parse_fail(p, "more than %d words on a line", MAX_WORDS);
	if (!strcmp(w[0], "device"))
		return parse_device(p, conf, w, n);
	if (!strcmp(w[0], "policy"))
		return parse_policy(p, conf, w, n);
	if (!strcmp(w[0], "tunnel"))
		return parse_tunnel(p, conf, w, n);
	if (!strcmp(w[0], "libreswan"))
		return parse_libreswan(p, conf, w, n);
	if (!strcmp(w[0], "pair"))
		return parse_pair(p, conf, w, n);
	if (!strcmp(w[0], "failover"))
		return xlbd_parse_failover(p, conf, w, n);
	return xlbd_parse_fail(p, "unknown statement \"%s\" (device, policy, tunnel, libreswan, pair, failover)",
			       w[0]);
}

int xlbd_conf_read(FILE *in, const char *name, struct xlbd_conf *conf,
		   char *err, size_t errlen)
{
	struct xlbd_parser p = { .name = name, .err = err, .errlen = errlen };
	char line[MAX_LINE];

	memset(conf, 0, sizeof(*conf));
	strcpy(conf->libreswan.ctlsocket, XLBD_PLUTO_CTL_DEFAULT);
	conf->libreswan.check_s = XLBD_CHECK_DEFAULT_S;
	while (fgets(line, sizeof(line), in)) {
		p.line++;
		if (!strchr(line, '\n') && !feof(in)) {
			xlbd_parse_fail(&p, "line longer than %d characters", MAX_LINE - 2);
			goto bad;
		}
		if (parse_line(&p, conf, line))
			goto bad;
	}
	if (ferror(in)) {
		snprintf(err, errlen, "%s: read error", name);
		goto bad;
	}
	return 0;
bad:
	xlbd_conf_free(conf);
	return -1;
}

int xlbd_conf_load(const char *path, struct xlbd_conf *conf, char *err,
		   size_t errlen)
{
	FILE *in = fopen(path, "r");
	int ret;

	if (!in) {
		memset(conf, 0, sizeof(*conf));
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	ret = xlbd_conf_read(in, path, conf, err, errlen);
	fclose(in);
	return ret;
}

void xlbd_conf_free(struct xlbd_conf *conf)
{
	free(conf->tunnels);
	free(conf->pairs);
	free(conf->failovers);
	memset(conf, 0, sizeof(*conf));
}

const struct xlbd_tunnel *xlbd_conf_tunnel(const struct xlbd_conf *conf,
					   uint32_t reqid)
{
	for (size_t i = 0; reqid && i < conf->ntunnels; i++)
		if (conf->tunnels[i].reqid == reqid)
			return &conf->tunnels[i];
	return NULL;
}

const char *xlbd_selector_str(const struct xlbd_selector *sel, char *buf,
			      size_t len)
{
	char local[INET6_ADDRSTRLEN], remote[INET6_ADDRSTRLEN];

	inet_ntop(sel->family, sel->local, local, sizeof(local));
	inet_ntop(sel->family, sel->remote, remote, sizeof(remote));
	snprintf(buf, len, "%s/%u %s/%u", local, sel->local_len, remote,
		 sel->remote_len);
	return buf;
}

const char *xlbd_tunnel_name(const struct xlbd_tunnel *t, char *buf, size_t len)
{
	char sel[XLBD_SELECTOR_LEN];

	if (t->sel.family && t->reqid)
		snprintf(buf, len, "selector %s (reqid %u)",
			 xlbd_selector_str(&t->sel, sel, sizeof(sel)), t->reqid);
	else if (t->sel.family)
		snprintf(buf, len, "selector %s (reqid not known yet)",
			 xlbd_selector_str(&t->sel, sel, sizeof(sel)));
	else if (!t->conn[0])
		snprintf(buf, len, "reqid %u", t->reqid);
	else if (t->reqid)
		snprintf(buf, len, "conn \"%s\" (reqid %u)", t->conn, t->reqid);
	else
		snprintf(buf, len, "conn \"%s\" (reqid not known yet)", t->conn);
	return buf;
}

const char *xlbd_pair_addr_str(const struct xlbd_pair *pair, char *buf,
			       size_t len)
{
	return inet_ntop(pair->family, pair->addr, buf, (socklen_t)len);
}

bool xlbd_conf_manages(const struct xlbd_conf *conf, const char *ifname)
{
	if (!conf->ndevices)
		return true;
	for (size_t i = 0; i < conf->ndevices; i++)
		if (!strcmp(conf->devices[i], ifname))
			return true;
	return false;
}
