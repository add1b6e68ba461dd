/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One frame of "xlbctl stats": a load bar per worker and the SAs that cost
 * the most. Pure: the caller fetches, this prints.
 */
#ifndef XLB_STATS_VIEW_H
#define XLB_STATS_VIEW_H

#include <stdbool.h>
#include <stdio.h>

#include "xlb_objects.h"

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

#endif /* XLB_STATS_VIEW_H */
