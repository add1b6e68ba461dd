// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent_state.h"

int xlb_agent_state_path(const char *dir, char *buf, size_t len)
{
	struct stat ns;
	int n;

	if (stat("/proc/thread-self/ns/net", &ns))
		return -1;
	n = snprintf(buf, len, "%s/xlbd-net%" PRIu64 ".state", dir, (uint64_t)ns.st_ino);
	if (n < 0 || (size_t)n >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

static const char *const pair_roles[] = {
	[XLB_AGENT_PAIR_UNKNOWN] = "unknown",
	[XLB_AGENT_PAIR_MASTER] = "master",
	[XLB_AGENT_PAIR_BACKUP] = "backup",
};

static const char *const fo_actives[] = {
	[XLB_AGENT_FO_NONE] = "none",
	[XLB_AGENT_FO_PRIMARY] = "primary",
	[XLB_AGENT_FO_BACKUP] = "backup",
};

static const char *const fo_healths[] = {
	[XLB_AGENT_FO_UNKNOWN] = "unknown",
	[XLB_AGENT_FO_ALIVE] = "alive",
	[XLB_AGENT_FO_DEAD] = "dead",
};

#define NUM_WORDS(words) (sizeof(words) / sizeof(words[0]))
#define NUM_PAIR_ROLES NUM_WORDS(pair_roles)
#define NUM_FO_ACTIVES NUM_WORDS(fo_actives)
#define NUM_FO_HEALTHS NUM_WORDS(fo_healths)

/* @words[@k], or @words[0] (each enum's "nothing known") for @k out of them. */
static const char *enum_word(const char *const *words, size_t n, size_t k)
{
	return words[k < n ? k : 0];
}

const char *xlb_agent_pair_role_str(enum xlb_agent_pair_role role)
{
	return enum_word(pair_roles, NUM_PAIR_ROLES, (size_t)role);
}

const char *xlb_agent_fo_active_str(enum xlb_agent_fo_active active)
{
	return enum_word(fo_actives, NUM_FO_ACTIVES, (size_t)active);
}

const char *xlb_agent_fo_health_str(enum xlb_agent_fo_health health)
{
	return enum_word(fo_healths, NUM_FO_HEALTHS, (size_t)health);
}

/* Not empty, no blank: one word as read_pair() splits the line. */
static bool is_word(const char *s)
{
	return s[0] && !strpbrk(s, " \t\n");
}

/* Words separated by one space, as read_pair() joins them. */
static bool is_words(const char *s)
{
	size_t len = strlen(s);

	return len && s[0] != ' ' && s[len - 1] != ' ' && !strstr(s, "  ") &&
	       !strpbrk(s, "\t\n");
}

/* What read_pair() would refuse, never written: it would void the whole file. */
static bool pair_writable(const struct xlb_agent_pair *p)
{
	return is_word(p->name) && is_word(p->address) &&
	       (size_t)p->role < NUM_PAIR_ROLES && p->since >= 0 &&
	       is_words(p->conns);
}

/* Shorter than @size: the string of a char[@size] field is terminated. */
static bool fits(const char *s, size_t size)
{
	return strnlen(s, size) < size;
}

#define NAME_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-"

/* A group's name as xlbd.conf takes it: 1 to 31 letters, digits, "._-". */
static bool is_name(const char *s)
{
	size_t len = strnlen(s, XLB_AGENT_PAIR_NAME_LEN);

	return len && len < XLB_AGENT_PAIR_NAME_LEN && strspn(s, NAME_CHARS) == len;
}

static bool fo_tunnel_valid(const struct xlb_agent_fo_tunnel *t)
{
	return fits(t->conn, sizeof(t->conn)) && is_word(t->conn) &&
	       fits(t->dev, sizeof(t->dev)) && is_word(t->dev) && !strchr(t->dev, '/') &&
	       (size_t)t->health < NUM_FO_HEALTHS;
}

/* What the reader takes: it checks what it read with this too. */
static bool failover_valid(const struct xlb_agent_failover *f)
{
	return is_name(f->name) && f->line && (size_t)f->active < NUM_FO_ACTIVES &&
	       f->since >= 0 && fo_tunnel_valid(&f->tunnel[0]) &&
	       fo_tunnel_valid(&f->tunnel[1]);
}

static int write_failover(FILE *out, const struct xlb_agent_failover *f)
{
	if (!failover_valid(f)) {
		errno = EINVAL;
		return -1;
	}
	fprintf(out, "failover %s %u %s %" PRId64 " %u %u %u", f->name, f->line,
		xlb_agent_fo_active_str(f->active), f->since, f->failovers,
		f->failbacks, f->hold_down_s);
	for (size_t k = 0; k < 2; k++)
		fprintf(out, " %s %s %s", f->tunnel[k].conn, f->tunnel[k].dev,
			xlb_agent_fo_health_str(f->tunnel[k].health));
	fputc('\n', out);
	return 0;
}

static int write_pair(FILE *out, const struct xlb_agent_pair *p)
{
	if (!pair_writable(p)) {
		errno = EINVAL;
		return -1;
	}
	fprintf(out, "pair %s %u %s %s %" PRId64 " %u %s %s\n", p->name, p->line,
		p->address, xlb_agent_pair_role_str(p->role), p->since, p->changes,
		p->pending ? "pending" : "done", p->conns);
	return 0;
}

int xlb_agent_state_write(FILE *out, const struct xlb_agent_state *st)
{
	fprintf(out, "# xlbd's view for xlbctl tunnel and failover; removed when xlbd exits\n");
	fprintf(out, "pid %ld\nconfig %s\n", (long)st->pid, st->config);
	for (size_t i = 0; i < st->ntunnels; i++) {
		const struct xlb_agent_tunnel *t = &st->tunnels[i];

		fprintf(out, "tunnel %u %s %" PRIu32 "%s%s\n", t->line,
			t->conn[0] ? t->conn : "-", t->reqid,
			t->selector[0] ? " " : "", t->selector);
	}
	for (size_t i = 0; i < st->npairs; i++)
		if (write_pair(out, &st->pairs[i]))
			return -1;
	for (size_t i = 0; i < st->nfailovers; i++)
		if (write_failover(out, &st->failovers[i]))
			return -1;
	return ferror(out) ? -1 : 0;
}

int xlb_agent_state_save(const char *path, const struct xlb_agent_state *st)
{
	char tmp[XLB_AGENT_PATH_LEN + 8];
	FILE *out;
	int err;

	if (snprintf(tmp, sizeof(tmp), "%s.new", path) >= (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	out = fopen(tmp, "w");
	if (!out)
		return -1;
	err = xlb_agent_state_write(out, st);
	if (fclose(out) || err || rename(tmp, path)) {
		err = errno;
		unlink(tmp);
		errno = err ? err : EIO;
		return -1;
	}
	return 0;
}

/*
 * Appends @item (@size bytes) to one of the state's arrays: @array is the
 * address of its pointer (to a struct, which has void *'s representation),
 * @n of its count. 0, or -1 with both as they were.
 */
static int append(void *array, size_t *n, const void *item, size_t size)
{
	char *items, *more;

	memcpy(&items, array, sizeof(items));
	more = realloc(items, (*n + 1) * size);
	if (!more)
		return -1;
	memcpy(more + *n * size, item, size);
	memcpy(array, &more, sizeof(more));
	(*n)++;
	return 0;
}

static int read_tunnel(const char *rest, struct xlb_agent_state *st)
{
	struct xlb_agent_tunnel t = { 0 };
	char conn[XLB_AGENT_CONN_LEN];
	char local[XLB_AGENT_SELECTOR_LEN / 2], remote[XLB_AGENT_SELECTOR_LEN / 2];
	unsigned long reqid;
	int n = 0, m = 0;

	if (sscanf(rest, "%u %127s %lu%n", &t.line, conn, &reqid, &n) != 3 ||
	    reqid > UINT32_MAX)
		return -1;
	if (rest[n] != '\0') {
		if (sscanf(rest + n, " %47s %47s%n", local, remote, &m) != 2 ||
		    rest[n + m] != '\0')
			return -1;
		snprintf(t.selector, sizeof(t.selector), "%s %s", local, remote);
	}
	if (strcmp(conn, "-"))
		strcpy(t.conn, conn);
	t.reqid = (uint32_t)reqid;
	return append(&st->tunnels, &st->ntunnels, &t, sizeof(t));
}

/* The next word of the line strtok_r() began, or NULL. */
static const char *next_word(char **save)
{
	return strtok_r(NULL, " ", save);
}

/* @s, at most @len - 1 bytes, into @buf. */
static int copy_word(const char *s, char *buf, size_t len)
{
	if (!s || strlen(s) >= len)
		return -1;
	strcpy(buf, s);
	return 0;
}

/* Decimal digits only (strtoull() would take a sign and blanks), at most @max. */
static int parse_decimal(const char *s, uint64_t max, uint64_t *v)
{
	char *end;

	if (!s || !isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno || *end || *v > max ? -1 : 0;
}

/* The index of @s in @words (@n of them) into @k; -1 for none of them. */
static int parse_enum(const char *s, const char *const *words, size_t n,
		      unsigned int *k)
{
	for (size_t i = 0; s && i < n; i++) {
		if (!strcmp(s, words[i])) {
			*k = (unsigned int)i;
			return 0;
		}
	}
	return -1;
}

static int parse_pending(const char *s, bool *pending)
{
	if (!s || (strcmp(s, "done") && strcmp(s, "pending")))
		return -1;
	*pending = !strcmp(s, "pending");
	return 0;
}

/* The words left, joined by one space into @buf; at least one. */
static int read_conns(char **save, char *buf, size_t len)
{
	size_t used = 0, n;
	const char *w;

	while ((w = next_word(save))) {
		n = strlen(w);
		if (used + (used ? 1 : 0) + n >= len)
			return -1;
		if (used)
			buf[used++] = ' ';
		memcpy(buf + used, w, n + 1);
		used += n;
	}
	return used ? 0 : -1;
}

/* NAME LINE ADDRESS ROLE SINCE CHANGES done|pending CONN... */
static int read_pair(char *rest, struct xlb_agent_state *st)
{
	struct xlb_agent_pair p = { 0 };
	uint64_t line, since, changes;
	unsigned int role;
	char *save;

	if (copy_word(strtok_r(rest, " ", &save), p.name, sizeof(p.name)) ||
	    parse_decimal(next_word(&save), UINT_MAX, &line) ||
	    copy_word(next_word(&save), p.address, sizeof(p.address)) ||
	    parse_enum(next_word(&save), pair_roles, NUM_PAIR_ROLES, &role) ||
	    parse_decimal(next_word(&save), INT64_MAX, &since) ||
	    parse_decimal(next_word(&save), UINT_MAX, &changes) ||
	    parse_pending(next_word(&save), &p.pending) ||
	    read_conns(&save, p.conns, sizeof(p.conns)))
		return -1;
	p.line = (unsigned int)line;
	p.role = (enum xlb_agent_pair_role)role;
	p.since = (int64_t)since;
	p.changes = (unsigned int)changes;
	return append(&st->pairs, &st->npairs, &p, sizeof(p));
}

/* CONN DEV HEALTH */
static int read_fo_tunnel(char **save, struct xlb_agent_fo_tunnel *t)
{
	unsigned int health;

	if (copy_word(next_word(save), t->conn, sizeof(t->conn)) ||
	    copy_word(next_word(save), t->dev, sizeof(t->dev)) ||
	    parse_enum(next_word(save), fo_healths, NUM_FO_HEALTHS, &health))
		return -1;
	t->health = (enum xlb_agent_fo_health)health;
	return 0;
}

/* NAME LINE ACTIVE SINCE FAILOVERS FAILBACKS HOLDDOWN, then two tunnels */
static int read_failover(char *rest, struct xlb_agent_state *st)
{
	struct xlb_agent_failover f = { 0 };
	uint64_t line, since, failovers, failbacks, hold_down;
	unsigned int active;
	char *save;

	if (copy_word(strtok_r(rest, " ", &save), f.name, sizeof(f.name)) ||
	    parse_decimal(next_word(&save), UINT_MAX, &line) ||
	    parse_enum(next_word(&save), fo_actives, NUM_FO_ACTIVES, &active) ||
	    parse_decimal(next_word(&save), INT64_MAX, &since) ||
	    parse_decimal(next_word(&save), UINT_MAX, &failovers) ||
	    parse_decimal(next_word(&save), UINT_MAX, &failbacks) ||
	    parse_decimal(next_word(&save), UINT_MAX, &hold_down) ||
	    read_fo_tunnel(&save, &f.tunnel[0]) ||
	    read_fo_tunnel(&save, &f.tunnel[1]) || next_word(&save))
		return -1;
	f.line = (unsigned int)line;
	f.active = (enum xlb_agent_fo_active)active;
	f.since = (int64_t)since;
	f.failovers = (unsigned int)failovers;
	f.failbacks = (unsigned int)failbacks;
	f.hold_down_s = (unsigned int)hold_down;
	if (!failover_valid(&f))
		return -1;
	return append(&st->failovers, &st->nfailovers, &f, sizeof(f));
}

int xlb_agent_state_read(FILE *in, struct xlb_agent_state *st)
{
	char line[XLB_AGENT_PATH_LEN + 16];
	long pid;
	size_t len;
	int err = 0;

	memset(st, 0, sizeof(*st));
	while (!err && fgets(line, sizeof(line), in)) {
		len = strcspn(line, "\n");
		line[len] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (!strncmp(line, "pid ", 4))
			err = sscanf(line + 4, "%ld", &pid) != 1 || pid <= 0 ||
			      (st->pid = (pid_t)pid) != pid;
		else if (!strncmp(line, "config ", 7) && len - 7 < sizeof(st->config))
			strcpy(st->config, line + 7);
		else if (!strncmp(line, "tunnel ", 7))
			err = read_tunnel(line + 7, st);
		else if (!strncmp(line, "pair ", 5))
			err = read_pair(line + 5, st);
		else if (!strncmp(line, "failover ", 9))
			err = read_failover(line + 9, st);
		else
			err = 1;
	}
	if (err || !st->pid) {
		xlb_agent_state_free(st);
		return -1;
	}
	return 0;
}

void xlb_agent_state_free(struct xlb_agent_state *st)
{
	free(st->tunnels);
	free(st->pairs);
	free(st->failovers);
	memset(st, 0, sizeof(*st));
}

const struct xlb_agent_tunnel *xlb_agent_tunnel(const struct xlb_agent_state *st,
						uint32_t reqid)
{
	for (size_t i = 0; reqid && i < st->ntunnels; i++)
		if (st->tunnels[i].reqid == reqid)
			return &st->tunnels[i];
	return NULL;
}
