/* SPDX-License-Identifier: GPL-2.0 */
/* A fixed set of links for the output tests: one per display case. */
#ifndef XLB_TEST_LINK_FIXTURES_H
#define XLB_TEST_LINK_FIXTURES_H

#include "xlb_link.h"

/*
 * Fills @list with, in order:
 *   xlb0   ifindex 5, on eth0 (2), UP, carrier, mtu 1500, small counters
 *   xlb1   ifindex 7, lower 9 in another netns (no name), up without
 *          carrier (LOWERLAYERDOWN), mtu 9000, maximal uint64 counters
 *   xlb-d  ifindex 12, no lower, admin down (DOWN), no MAC, zero counters
 * The list points at static storage: do not free it.
 */
void link_fixtures_three(struct xlb_link_list *list);

#endif /* XLB_TEST_LINK_FIXTURES_H */
