// SPDX-License-Identifier: GPL-2.0
/*
 * xlbctl failover list: xlbd's gateway pairs (two gateways sharing an
 * address by VRRP; the one holding it runs the pair's conns), then its
 * peer failover groups (conns to a primary and a backup remote gateway,
 * both up; the group's routes go through one), from xlbd's state file
 * alone. Nothing here asks the kernel, so it works without the
 * xlb module: failover is xlbd's and keepalived's business, not xlb's.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "xlbctl.h"
#include "xlbctl_print.h"

/* "2026-12-05 15:20:01 UTC": UTC, so two gateways' outputs compare as they are. */
#define SINCE_STRLEN 32

/*
 * Text " since WHEN (N s ago)", JSON "since": Unix time; nothing and null
 * for 0, xlbd not having looked yet.
 */
static void print_since(int64_t since, time_t now)
{
	char when[SINCE_STRLEN];
	time_t t = (time_t)since;
	struct tm tm;

	if (since <= 0 || !gmtime_r(&t, &tm) ||
	    !strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm)) {
		print_null(PRINT_JSON, "since", NULL);
		return;
	}
	print_u64(PRINT_JSON, "since", NULL, (uint64_t)since);
	print_string(PRINT_FP, NULL, " since %s", when);
	/* A wall clock set back must not make it "-5 s ago". */
	print_u64(PRINT_FP, NULL, " (%" PRIu64 " s ago)",
		  now > t ? (uint64_t)(now - t) : 0);
}

/* Text " conns A B", JSON "conns": ["A", "B"]. */
static void print_conns(const char *conns)
{
	char words[XLB_AGENT_CONNS_LEN], *save;

	print_string(PRINT_FP, NULL, " conns %s", conns);
	snprintf(words, sizeof(words), "%s", conns);
	open_json_array("conns");
	for (char *w = strtok_r(words, " ", &save); w; w = strtok_r(NULL, " ", &save))
		print_string(PRINT_JSON, NULL, NULL, w);
	close_json_array();
}

/*
 * What every kind of entry begins with: text "KIND NAME line LINE", JSON
 * an object with "kind", "name" and "config_line"; print_entry_end() ends it.
 */
static void print_entry_begin(const char *kind, const char *name, unsigned int line)
{
	open_json_object(NULL);
	print_string(PRINT_JSON, "kind", NULL, kind);
	print_string(PRINT_FP, NULL, "%s", kind);
	print_string(PRINT_ANY, "name", " %s", name);
	print_uint(PRINT_ANY, "config_line", " line %u", line);
}

static void print_entry_end(void)
{
	print_nl();
	close_json_object();
}

static void print_pair(const struct xlb_agent_pair *p, time_t now)
{
	print_entry_begin("pair", p->name, p->line);
	print_string(PRINT_ANY, "address", " address %s", p->address);
	print_string(PRINT_ANY, "role", " %s", xlb_agent_pair_role_str(p->role));
	print_since(p->since, now);
	print_uint(PRINT_ANY, "changes", " changes %u", p->changes);
	print_bool(PRINT_JSON, "pending", NULL, p->pending);
	if (p->pending)
		print_null(PRINT_FP, NULL, " pending");
	print_conns(p->conns);
	print_entry_end();
}

/* Text " primary CONN dev DEV HEALTH", JSON "primary": {conn, dev, health}. */
static void print_fo_tunnel(const char *key, const struct xlb_agent_fo_tunnel *t)
{
	open_json_object(key);
	print_string(PRINT_FP, NULL, " %s", key);
	print_string(PRINT_ANY, "conn", " %s", t->conn);
	print_string(PRINT_ANY, "dev", " dev %s", t->dev);
	print_string(PRINT_ANY, "health", " %s", xlb_agent_fo_health_str(t->health));
	close_json_object();
}

static void print_group(const struct xlb_agent_failover *f, time_t now)
{
	print_entry_begin("failover", f->name, f->line);
	print_string(PRINT_ANY, "active", " active %s", xlb_agent_fo_active_str(f->active));
	print_since(f->since, now);
	print_uint(PRINT_ANY, "failovers", " failovers %u", f->failovers);
	print_uint(PRINT_ANY, "failbacks", " failbacks %u", f->failbacks);
	print_uint(PRINT_ANY, "hold_down_s", " hold-down %u s", f->hold_down_s);
	print_fo_tunnel("primary", &f->tunnel[0]);
	print_fo_tunnel("backup", &f->tunnel[1]);
	print_entry_end();
}

void xlb_failover_print(FILE *out, const struct xlb_agent_state *st, time_t now,
			bool json)
{
	print_begin(out, json);
	open_json_array(NULL);
	for (size_t i = 0; i < st->npairs; i++)
		print_pair(&st->pairs[i], now);
	for (size_t i = 0; i < st->nfailovers; i++)
		print_group(&st->failovers[i], now);
	close_json_array();
	print_end();
}

/*
 * No xlbd here is an empty list, not an error, as for xlbctl tunnel; the
 * text says why it is empty, JSON stays [] (xlbctl_empty_list()).
 */
int xlbctl_failover_list(const struct xlbctl_args *args)
{
	struct xlb_agent_state st;
	enum xlbctl_agent agent;

	agent = xlbctl_read_agent(&st);
	if (agent == XLBCTL_AGENT_UNREADABLE)
		return XLBCTL_EXIT_FAILURE;
	if (agent == XLBCTL_AGENT_ABSENT && !args->json)
		fprintf(stderr, "xlbctl: xlbd is not running in this network namespace\n");
	xlb_failover_print(stdout, &st, time(NULL), args->json);
	xlb_agent_state_free(&st);
	return XLBCTL_EXIT_OK;
}
