// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>

#include "genl_output.h"

void xlb_workers_print_text(FILE *out, const struct xlb_worker_list *workers)
{
	char load[XLB_PERMILLE_STRLEN], busy[XLB_PERMILLE_STRLEN];
	char other[XLB_PERMILLE_STRLEN], backlog[XLB_PERMILLE_STRLEN];
	char depth[32];

	if (!workers->count)
		return;
	fprintf(out, "%-4s %-6s %-6s %-6s %-6s %-7s %-11s %-10s %-12s %-14s %-10s %s\n",
		"CPU", "ONLINE", "LOAD", "BUSY", "OTHER", "BACKLOG", "DEPTH/CAP",
		"PKTS/S", "BYTES/S", "PACKETS", "DROPS", "SAS");
	for (size_t i = 0; i < workers->count; i++) {
		const struct xlb_worker *w = &workers->items[i];

		snprintf(depth, sizeof(depth), "%u/%u", w->depth, w->capacity);
		fprintf(out, "%-4u %-6s %-6s %-6s %-6s %-7s %-11s %-10" PRIu64
			" %-12" PRIu64 " %-14" PRIu64 " %-10" PRIu64 " %u\n",
			w->cpu, w->online ? "yes" : "no",
			xlb_permille_string(w->load, load),
			xlb_permille_string(w->busy, busy),
			xlb_permille_string(w->other, other),
			xlb_permille_string(w->backlog, backlog),
			depth, w->pps, w->bps, w->packets, w->drops, w->sas);
	}
}

void xlb_worker_json(struct json_writer *w, const struct xlb_worker *k)
{
	json_begin_object(w);
	json_member_uint(w, "cpu", k->cpu);
	json_member_bool(w, "online", k->online);
	json_member_uint(w, "load", k->load);
	json_member_uint(w, "busy", k->busy);
	json_member_uint(w, "other", k->other);
	json_member_uint(w, "backlog", k->backlog);
	json_member_uint(w, "depth", k->depth);
	json_member_uint(w, "capacity", k->capacity);
	json_member_uint(w, "pps", k->pps);
	json_member_uint(w, "bps", k->bps);
	json_member_uint(w, "packets", k->packets);
	json_member_uint(w, "bytes", k->bytes);
	json_member_uint(w, "drops", k->drops);
	json_member_uint(w, "busy_ns", k->busy_ns);
	json_member_uint(w, "sas", k->sas);
	json_end_object(w);
}

void xlb_workers_print_json(FILE *out, const struct xlb_worker_list *workers)
{
	struct json_writer w;

	json_writer_init(&w, out);
	json_begin_array(&w);
	for (size_t i = 0; i < workers->count; i++)
		xlb_worker_json(&w, &workers->items[i]);
	json_end_array(&w);
	fputc('\n', out);
}
