// SPDX-License-Identifier: GPL-2.0
/*
 * xlbctl tunnel list: the namespace's tunnel rules (xlbd sets them from
 * xlbd.conf), each with the SAs of its reqid and where they run: the
 * agent's view, read from the kernel where it keeps it, with what only
 * xlbd knows (the conn and the line of each rule, the conns whose reqid
 * it has not learnt yet) from its state file when it runs.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "lib/agent_state.h"
#include "lib/genl_client.h"
#include "lib/xlb_names.h"
#include "xlbctl.h"
#include "xlbctl_print.h"

static void print_sa_text(const struct xlb_sa *sa)
{
	printf("    sa 0x%08x %s id %" PRIu64 " dev %s worker %u%s%s spray %s\n",
	       sa->spi, xlb_dir_name(sa->dir), sa->id,
	       sa->ifname[0] ? sa->ifname : "-", sa->worker,
	       sa->pinned ? " pinned" : "", sa->sprayed ? " sprayed" : "",
	       xlb_spray_name(sa->spray));
}

enum xlbctl_agent xlbctl_read_agent(struct xlb_agent_state *st)
{
	char path[XLB_AGENT_PATH_LEN];
	enum xlbctl_agent ret = XLBCTL_AGENT_RUNNING;
	FILE *in;

	memset(st, 0, sizeof(*st));
	if (xlb_agent_state_path(XLB_AGENT_STATE_DIR, path, sizeof(path))) {
		fprintf(stderr, "xlbctl: naming xlbd's state file: %s\n", strerror(errno));
		return XLBCTL_AGENT_UNREADABLE;
	}
	in = fopen(path, "r");
	if (!in && errno == ENOENT)
		return XLBCTL_AGENT_ABSENT;
	if (!in) {
		fprintf(stderr, "xlbctl: %s: %s\n", path, strerror(errno));
		return XLBCTL_AGENT_UNREADABLE;
	}
	if (xlb_agent_state_read(in, st)) {
		fprintf(stderr, "xlbctl: %s: not a state file of xlbd; ignored\n", path);
		ret = XLBCTL_AGENT_UNREADABLE;
	} else if (kill(st->pid, 0) && errno == ESRCH) {
		fprintf(stderr, "xlbctl: %s: xlbd (pid %ld) is not running; its view ignored\n",
			path, (long)st->pid);
		xlb_agent_state_free(st);
		ret = XLBCTL_AGENT_ABSENT;
	}
	fclose(in);
	return ret;
}

static void print_agent_text(const struct xlb_agent_state *st,
			     const struct xlb_agent_tunnel *a)
{
	if (!a)
		return;
	if (a->conn[0])
		printf(" conn %s", a->conn);
	if (a->selector[0])
		printf(" selector %s", a->selector);
	printf(" (%s:%u)", st->config, a->line);
}

static void print_text(const struct xlb_tunnel_list *tunnels,
		       const struct xlb_sa_list *sas,
		       const struct xlb_agent_state *st)
{
	for (size_t i = 0; i < st->ntunnels; i++) {
		const struct xlb_agent_tunnel *a = &st->tunnels[i];

		if (!a->reqid && a->selector[0])
			printf("selector %s (%s:%u): reqid not known yet, no outbound policy of it seen\n",
			       a->selector, st->config, a->line);
		else if (!a->reqid)
			printf("conn %s (%s:%u): reqid not known yet, no SA of it seen\n",
			       a->conn, st->config, a->line);
	}
	for (size_t i = 0; i < tunnels->count; i++) {
		const struct xlb_tunnel *t = &tunnels->items[i];

		printf("reqid %u", t->reqid);
		if (t->has_worker)
			printf(" worker %u%s", t->worker, t->pinned ? " pinned" : "");
		if (t->has_spray)
			printf(" spray %s", xlb_spray_name(t->spray));
		if (t->weight)
			printf(" weight %u", t->weight);
		print_agent_text(st, xlb_agent_tunnel(st, t->reqid));
		putchar('\n');
		for (size_t j = 0; j < sas->count; j++)
			if (sas->items[j].reqid == t->reqid)
				print_sa_text(&sas->items[j]);
	}
}

/* "conn", "selector" and "config_line": xlbd's, or null. */
static void agent_json(const struct xlb_agent_tunnel *a)
{
	print_string(PRINT_JSON, "conn", NULL, a && a->conn[0] ? a->conn : NULL);
	print_string(PRINT_JSON, "selector", NULL,
		     a && a->selector[0] ? a->selector : NULL);
	if (a)
		print_uint(PRINT_JSON, "config_line", NULL, a->line);
	else
		print_null(PRINT_JSON, "config_line", NULL);
}

static void print_json(const struct xlb_tunnel_list *tunnels,
		       const struct xlb_sa_list *sas,
		       const struct xlb_agent_state *st)
{
	print_begin(stdout, true);
	open_json_array(NULL);
	/* A conn not learnt yet: no rule in the kernel, reqid null. */
	for (size_t i = 0; i < st->ntunnels; i++) {
		if (st->tunnels[i].reqid)
			continue;
		open_json_object(NULL);
		print_null(PRINT_JSON, "reqid", NULL);
		print_null(PRINT_JSON, "worker", NULL);
		print_bool(PRINT_JSON, "pinned", NULL, false);
		print_string(PRINT_JSON, "spray", NULL, NULL);
		print_null(PRINT_JSON, "weight", NULL);
		agent_json(&st->tunnels[i]);
		open_json_array("sas");
		close_json_array();
		close_json_object();
	}
	for (size_t i = 0; i < tunnels->count; i++) {
		const struct xlb_tunnel *t = &tunnels->items[i];

		open_json_object(NULL);
		print_uint(PRINT_JSON, "reqid", NULL, t->reqid);
		if (t->has_worker)
			print_uint(PRINT_JSON, "worker", NULL, t->worker);
		else
			print_null(PRINT_JSON, "worker", NULL);
		print_bool(PRINT_JSON, "pinned", NULL, t->pinned);
		print_string(PRINT_JSON, "spray", NULL,
			     t->has_spray ? xlb_spray_name(t->spray) : NULL);
		if (t->weight)
			print_uint(PRINT_JSON, "weight", NULL, t->weight);
		else
			print_null(PRINT_JSON, "weight", NULL);
		agent_json(xlb_agent_tunnel(st, t->reqid));
		open_json_array("sas");
		for (size_t j = 0; j < sas->count; j++)
			if (sas->items[j].reqid == t->reqid)
				xlb_sa_print(&sas->items[j]);
		close_json_array();
		close_json_object();
	}
	close_json_array();
	print_end();
}

int xlbctl_tunnel_list(struct xlb_genl *c, const struct xlbctl_args *args)
{
	struct xlb_tunnel_list tunnels = { 0 };
	struct xlb_agent_state st;
	struct xlb_sa_list sas = { 0 };
	enum xlb_status status;
	int ret = XLBCTL_EXIT_OK;

	status = xlb_genl_get_tunnels(c, &tunnels);
	if (status == XLB_OK)
		status = xlb_genl_get_sas(c, 0, &sas);
	xlbctl_read_agent(&st);
	if (status != XLB_OK)
		ret = xlbctl_genl_error(c, status, "reading the tunnel rules");
	else if (args->json)
		print_json(&tunnels, &sas, &st);
	else
		print_text(&tunnels, &sas, &st);
	xlb_agent_state_free(&st);
	xlb_tunnel_list_free(&tunnels);
	xlb_sa_list_free(&sas);
	return ret;
}
