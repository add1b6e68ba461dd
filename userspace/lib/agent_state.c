// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
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

int xlb_agent_state_write(FILE *out, const struct xlb_agent_state *st)
{
	fprintf(out, "# xlbd's view for xlbctl tunnel; removed when xlbd exits\n");
	fprintf(out, "pid %ld\nconfig %s\n", (long)st->pid, st->config);
	for (size_t i = 0; i < st->ntunnels; i++) {
		const struct xlb_agent_tunnel *t = &st->tunnels[i];

		fprintf(out, "tunnel %u %s %" PRIu32 "%s%s\n", t->line,
			t->conn[0] ? t->conn : "-", t->reqid,
			t->selector[0] ? " " : "", t->selector);
	}
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
	more = realloc(st->tunnels, (st->ntunnels + 1) * sizeof(*more));
	if (!more)
		return -1;
	st->tunnels = more;
	st->tunnels[st->ntunnels++] = t;
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
