/* SPDX-License-Identifier: GPL-2.0 */
/* Printing a list of xlb links the way iproute2 users expect. */
#ifndef XLB_LINK_OUTPUT_H
#define XLB_LINK_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "xlb_link.h"

/*
 * Terse columns with a header line; @stats adds RX/TX counters like
 * "ip -s link". An empty list prints nothing, as "ip link show type ..."
 * does.
 */
void xlb_links_print_table(FILE *out, const struct xlb_link_list *list,
			   bool stats);

/*
 * One JSON array on one line, keys named as in "ip -j link" where there is
 * an equivalent; @stats adds a "stats64" object. An empty list is "[]".
 */
void xlb_links_print_json(FILE *out, const struct xlb_link_list *list,
			  bool stats);

#endif /* XLB_LINK_OUTPUT_H */
