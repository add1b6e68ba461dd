/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What xlbd knows that the kernel does not: which xlbd.conf line, and which
 * libreswan conn or traffic selector, each tunnel rule comes from. xlbd writes it to a file per
 * network namespace (its inode in the name, so an xlbd in each namespace
 * has its own) and removes it when it exits; xlbctl tunnel reads it. Lines:
 *   pid PID
 *   config PATH
 *   tunnel LINE CONN|- REQID [LOCAL REMOTE]
 * REQID 0: a conn's or selector's whose reqid is not known yet; LOCAL and
 * REMOTE: the prefixes of a tunnel named by selector.
 */
#ifndef XLB_AGENT_STATE_H
#define XLB_AGENT_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define XLB_AGENT_STATE_DIR "/run/xlb"
#define XLB_AGENT_CONN_LEN 128
#define XLB_AGENT_SELECTOR_LEN 96
#define XLB_AGENT_PATH_LEN 4096

struct xlb_agent_tunnel {
	unsigned int line;
	char conn[XLB_AGENT_CONN_LEN];	/* "" for a tunnel not named by conn */
	/* "LOCAL REMOTE", or "" for a tunnel not named by selector */
	char selector[XLB_AGENT_SELECTOR_LEN];
	uint32_t reqid;			/* 0: not known yet */
};

struct xlb_agent_state {
	pid_t pid;
	char config[XLB_AGENT_PATH_LEN];
	struct xlb_agent_tunnel *tunnels;
	size_t ntunnels;
};

/* The state file of the calling thread's network namespace, in @buf. */
int xlb_agent_state_path(const char *dir, char *buf, size_t len);

/* Writes @st to @out (what xlbd puts in the file). */
int xlb_agent_state_write(FILE *out, const struct xlb_agent_state *st);
/* Writes @st to @path atomically (a temporary file, then rename). */
int xlb_agent_state_save(const char *path, const struct xlb_agent_state *st);

/* Reads @in into @st (xlb_agent_state_free); -1 on a malformed file. */
int xlb_agent_state_read(FILE *in, struct xlb_agent_state *st);
void xlb_agent_state_free(struct xlb_agent_state *st);

/* The tunnel of @st placing @reqid, or NULL. */
const struct xlb_agent_tunnel *xlb_agent_tunnel(const struct xlb_agent_state *st,
						uint32_t reqid);

#endif /* XLB_AGENT_STATE_H */
