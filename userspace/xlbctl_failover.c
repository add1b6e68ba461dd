// SPDX-License-Identifier: GPL-2.0
/*
 * xlbctl failover list: xlbd's gateway pairs (two gateways sharing an
 * address by VRRP; the one holding it runs the pair's conns), from xlbd's
 * state file alone. Nothing here asks the kernel, so it works without the
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

static void print_pair(const struct xlb_agent_pair *p, time_t now)
{
	open_json_object(NULL);
	print_string(PRINT_JSON, "kind", NULL, "pair");
	print_string(PRINT_ANY, "name", "pair %s", p->name);
	print_uint(PRINT_ANY, "config_line", " line %u", p->line);
	print_string(PRINT_ANY, "address", " address %s", p->address);
	print_string(PRINT_ANY, "role", " %s", xlb_agent_pair_role_str(p->role));
	print_since(p->since, now);
	print_uint(PRINT_ANY, "changes", " changes %u", p->changes);
	print_bool(PRINT_JSON, "pending", NULL, p->pending);
	if (p->pending)
		print_null(PRINT_FP, NULL, " pending");
	print_conns(p->conns);
	print_nl();
	close_json_object();
}

void xlb_failover_print(FILE *out, const struct xlb_agent_state *st, time_t now,
			bool json)
{
	print_begin(out, json);
	open_json_array(NULL);
	for (size_t i = 0; i < st->npairs; i++)
		print_pair(&st->pairs[i], now);
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
