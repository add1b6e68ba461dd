// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <string.h>

#include "genl_output.h"
#include "json_writer.h"
#include "stats_view.h"
#include "xlb_names.h"

const char *xlb_load_bar(uint32_t permille, char buf[XLB_BAR_WIDTH + 3])
{
	uint32_t fill;

	if (permille > 1000)
		permille = 1000;
	fill = (permille * XLB_BAR_WIDTH + 999) / 1000;
	buf[0] = '[';
	for (uint32_t i = 0; i < XLB_BAR_WIDTH; i++)
		buf[1 + i] = i < fill ? '#' : '.';
	buf[XLB_BAR_WIDTH + 1] = ']';
	buf[XLB_BAR_WIDTH + 2] = '\0';
	return buf;
}

/* Insertion sort of a few hundred SAs at most, stable for equal costs. */
size_t xlb_sas_by_cost(const struct xlb_sa_list *sas, size_t *order, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < sas->count; i++) {
		size_t j = n < max ? n++ : max;

		if (j == max && (max == 0 ||
				 sas->items[order[max - 1]].cost >= sas->items[i].cost))
			continue;
		if (j == max)
			j = max - 1;
		while (j > 0 && sas->items[order[j - 1]].cost < sas->items[i].cost) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
	return n;
}

void xlb_stats_print_text(FILE *out, const struct xlb_worker_list *workers,
			  const struct xlb_sa_list *sas, bool clear)
{
	size_t order[XLB_STATS_TOP_SAS], n;
	char bar[XLB_BAR_WIDTH + 3], cost[XLB_PERMILLE_STRLEN];
	char src[XLB_ADDR_STRLEN], dst[XLB_ADDR_STRLEN];

	if (clear)
		fputs("\033[H\033[2J", out);
	for (size_t i = 0; i < workers->count; i++) {
		const struct xlb_worker *w = &workers->items[i];

		if (!w->online) {
			fprintf(out, "cpu%-3u offline\n", w->cpu);
			continue;
		}
		fprintf(out, "cpu%-3u %s %3u%% pps %" PRIu64 " depth %u/%u sas %u\n",
			w->cpu, xlb_load_bar(w->load, bar), w->load / 10, w->pps,
			w->depth, w->capacity, w->sas);
	}
	n = xlb_sas_by_cost(sas, order, XLB_STATS_TOP_SAS);
	fprintf(out, "\ntop SAs by cost (%zu of %zu)\n", n, sas->count);
	for (size_t i = 0; i < n; i++) {
		const struct xlb_sa *sa = &sas->items[order[i]];

		fprintf(out, "0x%08x %-3s %s -> %s worker %u%s cost %s pps %" PRIu64 "\n",
			sa->spi, xlb_dir_name(sa->dir),
			xlb_addr_string(sa->family, sa->saddr, src),
			xlb_addr_string(sa->family, sa->daddr, dst), sa->worker,
			sa->sprayed ? " sprayed" : "",
			xlb_permille_string(sa->cost, cost), sa->pps);
	}
}

void xlb_stats_print_json(FILE *out, const struct xlb_worker_list *workers,
			  const struct xlb_sa_list *sas)
{
	size_t order[XLB_STATS_TOP_SAS], n;
	struct json_writer w;

	json_writer_init(&w, out);
	json_begin_object(&w);
	json_key(&w, "workers");
	json_begin_array(&w);
	for (size_t i = 0; i < workers->count; i++)
		xlb_worker_json(&w, &workers->items[i]);
	json_end_array(&w);
	n = xlb_sas_by_cost(sas, order, XLB_STATS_TOP_SAS);
	json_key(&w, "top_sas");
	json_begin_array(&w);
	for (size_t i = 0; i < n; i++)
		xlb_sa_json(&w, &sas->items[order[i]]);
	json_end_array(&w);
	json_end_object(&w);
	fputc('\n', out);
}
