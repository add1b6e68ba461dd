// SPDX-License-Identifier: GPL-2.0
/* Workers: xlbctl workers, and a worker's fields for the stats view. */
#include <inttypes.h>

#include "xlbctl.h"
#include "xlbctl_print.h"

/* The text is a table row under the header of xlb_workers_print(). */
void xlb_worker_print(const struct xlb_worker *w)
{
	char depth[32];

	snprintf(depth, sizeof(depth), "%u/%u", w->depth, w->capacity);
	open_json_object(NULL);
	print_uint(PRINT_ANY, "cpu", "%-4u", w->cpu);
	print_bool(PRINT_ANY, "online", " %-6s", w->online);
	print_permille(PRINT_ANY, "load", " %-6s", w->load);
	print_permille(PRINT_ANY, "busy", " %-6s", w->busy);
	print_permille(PRINT_ANY, "other", " %-6s", w->other);
	print_permille(PRINT_ANY, "backlog", " %-7s", w->backlog);
	print_uint(PRINT_JSON, "depth", NULL, w->depth);
	print_uint(PRINT_JSON, "capacity", NULL, w->capacity);
	print_string(PRINT_FP, NULL, " %-11s", depth);
	print_u64(PRINT_ANY, "pps", " %-10" PRIu64, w->pps);
	print_u64(PRINT_ANY, "bps", " %-12" PRIu64, w->bps);
	print_u64(PRINT_ANY, "packets", " %-14" PRIu64, w->packets);
	print_u64(PRINT_JSON, "bytes", NULL, w->bytes);
	print_u64(PRINT_ANY, "drops", " %-10" PRIu64, w->drops);
	print_u64(PRINT_JSON, "busy_ns", NULL, w->busy_ns);
	print_uint(PRINT_ANY, "sas", " %u", w->sas);
	print_nl();
	close_json_object();
}

void xlb_workers_print(FILE *out, const struct xlb_worker_list *workers, bool json)
{
	print_begin(out, json);
	if (!json && workers->count)
		fprintf(out, "%-4s %-6s %-6s %-6s %-6s %-7s %-11s %-10s %-12s %-14s %-10s %s\n",
			"CPU", "ONLINE", "LOAD", "BUSY", "OTHER", "BACKLOG", "DEPTH/CAP",
			"PKTS/S", "BYTES/S", "PACKETS", "DROPS", "SAS");
	open_json_array(NULL);
	for (size_t i = 0; i < workers->count; i++)
		xlb_worker_print(&workers->items[i]);
	close_json_array();
	print_end();
}

int xlbctl_workers(struct xlb_genl *c, const struct xlbctl_args *args)
{
	struct xlb_worker_list workers = { 0 };
	enum xlb_status status;
	int ret;

	ret = xlbctl_require_xlb_dev(c);
	if (ret)
		return ret;
	status = xlb_genl_get_workers(c, &workers);
	if (status != XLB_OK)
		ret = xlbctl_genl_error(c, status, "listing workers");
	else
		xlb_workers_print(stdout, &workers, args->json);
	xlb_worker_list_free(&workers);
	return ret;
}
