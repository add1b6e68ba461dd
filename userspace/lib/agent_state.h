/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What xlbd knows that the kernel does not: which xlbd.conf line, and which
 * libreswan conn or traffic selector, each tunnel rule comes from, and
 * where each gateway pair and failover group stands. xlbd writes it to a
 * file per network
 * namespace (its inode in the name, so an xlbd in each namespace has its
 * own) and removes it when it exits; xlbctl tunnel and xlbctl failover
 * read it. Lines:
 *   pid PID
 *   config PATH
 *   tunnel LINE CONN|- REQID [LOCAL REMOTE]
 *   pair NAME LINE ADDRESS ROLE SINCE CHANGES done|pending CONN...
 *   failover NAME LINE ACTIVE SINCE FAILOVERS FAILBACKS HOLDDOWN
 *            PCONN PDEV PHEALTH BCONN BDEV BHEALTH	(one line)
 * REQID 0: a conn's or selector's whose reqid is not known yet; LOCAL and
 * REMOTE: the prefixes of a tunnel named by selector. ROLE: unknown,
 * master or backup (xlb_agent_pair_role_str()); SINCE: Unix time, not
 * negative (xlbctl takes 0 for never); CONN...: one or more, separated by
 * one space. A failover group's NAME: 1 to 31 letters, digits, ".", "_"
 * or "-"; its LINE: not 0; ACTIVE: primary, backup or none
 * (xlb_agent_fo_active_str()); HOLDDOWN: seconds; then its primary's and
 * its backup's conn, XFRM interface (1 to 15 bytes, no "/") and health:
 * unknown, alive or dead (xlb_agent_fo_health_str()). No word has a
 * blank. The writer refuses (EINVAL) a pair or group the reader would
 * refuse.
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
#define XLB_AGENT_PAIR_NAME_LEN 32
#define XLB_AGENT_ADDR_LEN 46		/* INET6_ADDRSTRLEN */
#define XLB_AGENT_CONNS_LEN 1024
#define XLB_AGENT_DEV_LEN 16		/* IFNAMSIZ */

struct xlb_agent_tunnel {
	unsigned int line;
	char conn[XLB_AGENT_CONN_LEN];	/* "" for a tunnel not named by conn */
	/* "LOCAL REMOTE", or "" for a tunnel not named by selector */
	char selector[XLB_AGENT_SELECTOR_LEN];
	uint32_t reqid;			/* 0: not known yet */
};

/*
 * A gateway pair: two gateways sharing an address by VRRP (keepalived);
 * the one that has it is master and brings the pair's conns up.
 */
enum xlb_agent_pair_role {
	XLB_AGENT_PAIR_UNKNOWN,		/* xlbd has not looked yet */
	XLB_AGENT_PAIR_MASTER,		/* the address is here: conns up */
	XLB_AGENT_PAIR_BACKUP,		/* it is not: conns down */
};

struct xlb_agent_pair {
	char name[XLB_AGENT_PAIR_NAME_LEN];
	unsigned int line;			/* its xlbd.conf line */
	char address[XLB_AGENT_ADDR_LEN];	/* the shared address, as text */
	enum xlb_agent_pair_role role;
	int64_t since;		/* Unix time of the last change of role (or of xlbd's first look) */
	unsigned int changes;	/* changes of role since xlbd started */
	bool pending;		/* what the role asks of pluto is not done yet (retried) */
	char conns[XLB_AGENT_CONNS_LEN];	/* its conns, separated by one space */
};

/*
 * A peer failover group: two conns, to a primary and a backup remote
 * gateway, both up, each on its own XFRM interface; the group's routes go
 * through the active one, the primary when it is alive (after a hold-down),
 * else the backup.
 */
enum xlb_agent_fo_active {
	XLB_AGENT_FO_NONE,		/* the routes go through neither */
	XLB_AGENT_FO_PRIMARY,
	XLB_AGENT_FO_BACKUP,
};

enum xlb_agent_fo_health {
	XLB_AGENT_FO_UNKNOWN,		/* not probed yet */
	XLB_AGENT_FO_ALIVE,
	XLB_AGENT_FO_DEAD,
};

struct xlb_agent_fo_tunnel {
	char conn[XLB_AGENT_CONN_LEN];
	char dev[XLB_AGENT_DEV_LEN];	/* the conn's XFRM interface */
	enum xlb_agent_fo_health health;
};

struct xlb_agent_failover {
	char name[XLB_AGENT_PAIR_NAME_LEN];
	unsigned int line;		/* its xlbd.conf line, not 0 */
	enum xlb_agent_fo_active active;
	int64_t since;		/* Unix time of the last change of active tunnel (or of xlbd's first look) */
	unsigned int failovers;	/* moves away from a dead tunnel */
	unsigned int failbacks;	/* returns to the primary */
	unsigned int hold_down_s;	/* how long the primary is alive before a failback */
	struct xlb_agent_fo_tunnel tunnel[2];	/* [0] primary, [1] backup */
};

struct xlb_agent_state {
	pid_t pid;
	char config[XLB_AGENT_PATH_LEN];
	struct xlb_agent_tunnel *tunnels;
	size_t ntunnels;
	struct xlb_agent_pair *pairs;
	size_t npairs;
	struct xlb_agent_failover *failovers;
	size_t nfailovers;
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

/*
 * "unknown", "master" or "backup": the state file's word, and xlbctl's;
 * "unknown" too for a value out of the enum, so it is never NULL.
 */
const char *xlb_agent_pair_role_str(enum xlb_agent_pair_role role);
/* "none", "primary" or "backup"; "none" too out of the enum. */
const char *xlb_agent_fo_active_str(enum xlb_agent_fo_active active);
/* "unknown", "alive" or "dead"; "unknown" too out of the enum. */
const char *xlb_agent_fo_health_str(enum xlb_agent_fo_health health);

/* The tunnel of @st placing @reqid, or NULL. */
const struct xlb_agent_tunnel *xlb_agent_tunnel(const struct xlb_agent_state *st,
						uint32_t reqid);

#endif /* XLB_AGENT_STATE_H */
