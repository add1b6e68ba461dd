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

#define NUM_PAIR_ROLES (sizeof(pair_roles) / sizeof(pair_roles[0]))

const char *xlb_agent_pair_role_str(enum xlb_agent_pair_role role)
{
	if ((size_t)role >= NUM_PAIR_ROLES)
		role = XLB_AGENT_PAIR_UNKNOWN;
	return pair_roles[role];
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

/* @items (@n of @size bytes) with @item after them, or NULL: realloc()'s. */
static void *append(void *items, size_t n, const void *item, size_t size)
{
	char *more = realloc(items, (n + 1) * size);

	if (more)
		memcpy(more + n * size, item, size);
	return more;
}

static int read_tunnel(const char *rest, struct xlb_agent_state *st)
{
	struct xlb_agent_tunnel t = { 0 }, *more;
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
	more = append(st->tunnels, st->ntunnels, &t, sizeof(t));
	if (!more)
		return -1;
	st->tunnels = more;
	st->ntunnels++;
	return 0;
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

static int parse_role(const char *s, enum xlb_agent_pair_role *role)
{
	for (size_t k = 0; s && k < NUM_PAIR_ROLES; k++) {
		if (!strcmp(s, pair_roles[k])) {
			*role = (enum xlb_agent_pair_role)k;
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
	struct xlb_agent_pair p = { 0 }, *more;
	uint64_t line, since, changes;
	char *save;

	if (copy_word(strtok_r(rest, " ", &save), p.name, sizeof(p.name)) ||
	    parse_decimal(next_word(&save), UINT_MAX, &line) ||
	    copy_word(next_word(&save), p.address, sizeof(p.address)) ||
	    parse_role(next_word(&save), &p.role) ||
	    parse_decimal(next_word(&save), INT64_MAX, &since) ||
	    parse_decimal(next_word(&save), UINT_MAX, &changes) ||
	    parse_pending(next_word(&save), &p.pending) ||
	    read_conns(&save, p.conns, sizeof(p.conns)))
		return -1;
	p.line = (unsigned int)line;
	p.since = (int64_t)since;
	p.changes = (unsigned int)changes;
	more = append(st->pairs, st->npairs, &p, sizeof(p));
	if (!more)
		return -1;
	st->pairs = more;
	st->npairs++;
	return 0;
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
