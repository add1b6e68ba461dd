/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Turning a libnl rtnl_link cache into struct xlb_link entries.
 *
 * Kept apart from the socket code so tests can hand it a cache they built
 * in memory.
 */
#ifndef XLB_LINK_COLLECT_H
#define XLB_LINK_COLLECT_H

#include "status.h"
#include "xlb_link.h"

struct nl_cache;

/*
 * Appends the xlb links in @cache (a "route/link" cache) to @list, sorted by
 * ifindex. With @only set, appends just that link and fails with
 * XLB_ERR_NO_DEVICE or XLB_ERR_NOT_XLB when it is missing or not an xlb link.
 * The caller frees @list whatever the outcome.
 */
enum xlb_status xlb_links_from_cache(struct nl_cache *cache, const char *only,
				     struct xlb_link_list *list);

#endif /* XLB_LINK_COLLECT_H */
