/* SPDX-License-Identifier: GPL-2.0 */
/* Printing a list of xlb links the way iproute2 users expect. */
#ifndef XLB_LINK_OUTPUT_H
#define XLB_LINK_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "xlb_link.h"

/*
 * Terse columns with a header line; @stats adds RX/TX counters like
 * "ip -s link". When any link has has_genl, the columns PLACEMENT, WORKERS
 * and SAS follow ADDRESS ("-" for a link without). An empty list prints
 * nothing, as "ip link show type ..." does.
 */
void xlb_links_print_table(FILE *out, const struct xlb_link_list *list,
			   bool stats);

/*
 * One JSON array on one line, keys named as in "ip -j link" where there is
 * an equivalent; a link with has_genl adds "placement", "workers" and
 * "sas"; @stats adds a "stats64" object. An empty list is "[]".
 */
void xlb_links_print_json(FILE *out, const struct xlb_link_list *list,
			  bool stats);

struct xlb_dev_list;

/* Sets the has_genl fields of the links @devs names (matched by ifindex). */
void xlb_links_add_genl(struct xlb_link_list *list, const struct xlb_dev_list *devs);

#endif /* XLB_LINK_OUTPUT_H */
