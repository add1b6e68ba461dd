/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xlbctl's objects, one file each: xlbctl_dev.c, xlbctl_worker.c,
 * xlbctl_sa.c, xlbctl_policy.c, xlbctl_tunnel.c, xlbctl_failover.c and
 * xlbctl_monitor.c (events and the stats view). Each prints its object,
 * text and JSON from one list of fields (xlbctl_print.h), but for two views
 * whose text is laid out apart from their JSON (tunnel list, the stats
 * frame); and runs its commands: they talk to the kernel through lib/ (but
 * failover, which reads only xlbd's state file), report failures on stderr
 * and return an exit code. @c is open; the caller closes it.
 */
#ifndef XLBCTL_H
#define XLBCTL_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "lib/agent_state.h"
#include "lib/genl_client.h"
#include "xlbctl_args.h"

/* xlbctl_dev.c */

/*
 * Text: terse columns with a header line (nothing for an empty list, as
 * "ip link show type ..."); @stats adds RX/TX counters like "ip -s link";
 * when any link has has_genl, PLACEMENT, WORKERS and SAS follow ADDRESS
 * ("-" for a link without). JSON: one array, keys named as in "ip -j link"
 * where there is an equivalent; a link with has_genl adds "placement",
 * "workers" and "sas"; @stats adds a "stats64" object.
 */
void xlb_links_print(FILE *out, const struct xlb_link_list *list, bool stats,
		     bool json);
/* xlbctl dev show, over rtnetlink. */
int xlbctl_dev_show(const struct xlbctl_args *args);

/* Says why a request failed; returns XLBCTL_EXIT_FAILURE. */
int xlbctl_genl_error(const struct xlb_genl *c, enum xlb_status status,
		      const char *what);
/*
 * "No xlb device in this network namespace" and how to create one, on
 * stderr; returns XLBCTL_EXIT_FAILURE.
 */
int xlbctl_no_xlb_device(void);
/* 0 when the namespace has an xlb device, else xlbctl_no_xlb_device()'s 1. */
int xlbctl_require_xlb_dev(struct xlb_genl *c);
/*
 * Exit status 0 and the ifindex of @name when it is an xlb device of this
 * namespace; 1 and a message when it is not. With @name NULL (ifindex 0):
 * 0 when the namespace has an xlb device, 1 and a message when it has none.
 */
int xlbctl_find_xlb_dev(struct xlb_genl *c, const char *name, uint32_t *ifindex);
/* Exit status 0 and in @count how many xlb devices this namespace has. */
int xlbctl_count_xlb_devs(struct xlb_genl *c, size_t *count);
/*
 * A list with nothing in it, as ip -j link show type X prints one: "[]"
 * with @json, else nothing on stdout and, on stderr, how to create an xlb
 * device. Returns XLBCTL_EXIT_OK: an empty list is not an error.
 */
int xlbctl_empty_list(bool json);

/* xlbctl_worker.c */

/* Text: a header line, then one line per worker (nothing for an empty list); JSON: one array. */
void xlb_workers_print(FILE *out, const struct xlb_worker_list *workers, bool json);
/* One worker, inside a document begun with print_begin(). */
void xlb_worker_print(const struct xlb_worker *worker);
int xlbctl_workers(struct xlb_genl *c, const struct xlbctl_args *args);

/* xlbctl_sa.c */

/* Text: one line per SA, "key value" pairs after SPI, direction and addresses; JSON: one array. */
void xlb_sas_print(FILE *out, const struct xlb_sa_list *sas, bool json);
/* One SA, inside a document begun with print_begin(). */
void xlb_sa_print(const struct xlb_sa *sa);
int xlbctl_sa_list(struct xlb_genl *c, const struct xlbctl_args *args);
int xlbctl_sa_set(struct xlb_genl *c, const struct xlbctl_args *args);	/* pin, unpin, spray */

/* xlbctl_policy.c */

/* Text: "key value" lines in the spelling "policy set" accepts; JSON: one object. */
void xlb_policy_print(FILE *out, const struct xlb_policy *p, bool json);
int xlbctl_policy_show(struct xlb_genl *c, const struct xlbctl_args *args);
int xlbctl_policy_set(struct xlb_genl *c, const struct xlbctl_args *args);

/* xlbctl_tunnel.c */

int xlbctl_tunnel_list(struct xlb_genl *c, const struct xlbctl_args *args);

enum xlbctl_agent {
	XLBCTL_AGENT_RUNNING,		/* @st: the view of the xlbd running here */
	XLBCTL_AGENT_ABSENT,		/* no xlbd runs here: no file, or a stale one */
	XLBCTL_AGENT_UNREADABLE,	/* a file xlbctl cannot read or make sense of */
};
/*
 * xlbd's state file for this namespace into @st (xlb_agent_state_free());
 * @st is empty but for XLBCTL_AGENT_RUNNING. A stale file (its xlbd gone)
 * and an unreadable one are said on stderr; a missing one is not.
 */
enum xlbctl_agent xlbctl_read_agent(struct xlb_agent_state *st);

/* xlbctl_failover.c */

/*
 * xlbd's gateway pairs and failover groups, as of @now (for "since ...
 * (N s ago)"). Text: one line each, "since" in UTC, nothing for none. JSON: one array of
 * objects, each with "kind":"pair" or "kind":"failover" (a peer failover
 * group), [] for none.
 */
void xlb_failover_print(FILE *out, const struct xlb_agent_state *st, time_t now,
			bool json);
/* xlbctl failover list: no kernel involved, only xlbd's state file. */
int xlbctl_failover_list(const struct xlbctl_args *args);

/* xlbctl_monitor.c: events */

/* @when in local time, RFC 3339 with microseconds: "2026-12-04T19:33:03.123456+00:00". */
#define XLB_TIMESTAMP_STRLEN 40
const char *xlb_timestamp_rfc3339(const struct timespec *when,
				  char buf[XLB_TIMESTAMP_STRLEN]);
/*
 * Text: a line ending with a newline; with @stamp not NONE, @when (local
 * time) first, as ip monitor prints it. JSON: one object on one line; with
 * @stamp not NONE its first member is "timestamp", @when in RFC 3339.
 */
void xlb_event_print(FILE *out, const struct xlb_event *ev, bool json,
		     enum xlbctl_timestamp stamp, const struct timespec *when);
int xlbctl_monitor(struct xlb_genl *c, const struct xlbctl_args *args);

/* xlbctl_monitor.c: the stats view, a load bar per worker and the SAs that cost the most */

#define XLB_BAR_WIDTH 20
#define XLB_STATS_TOP_SAS 10
/* "[#########...........]": '#' per started twentieth of a CPU used. */
const char *xlb_load_bar(uint32_t permille, char buf[XLB_BAR_WIDTH + 3]);
/* Fills @order with indexes of @sas by cost, highest first; returns how many (<= @max). */
size_t xlb_sas_by_cost(const struct xlb_sa_list *sas, size_t *order, size_t max);
/*
 * The text frame; @clear prefixes the ANSI "home, clear screen" escape
 * (only for a terminal).
 */
void xlb_stats_print_text(FILE *out, const struct xlb_worker_list *workers,
			  const struct xlb_sa_list *sas, bool clear);
/* The frame as one JSON object on one line: {"workers":[...],"top_sas":[...]}. */
void xlb_stats_print_json(FILE *out, const struct xlb_worker_list *workers,
			  const struct xlb_sa_list *sas);
int xlbctl_stats(struct xlb_genl *c, const struct xlbctl_args *args);

#endif /* XLBCTL_H */
