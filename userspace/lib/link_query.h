/* SPDX-License-Identifier: GPL-2.0 */
/* Asking the kernel (rtnetlink, through libnl-route) for xlb links. */
#ifndef XLB_LINK_QUERY_H
#define XLB_LINK_QUERY_H

#include "status.h"
#include "xlb_link.h"

/*
 * Dumps all links of this network namespace and appends the xlb ones to
 * @list (see xlb_links_from_cache() for @only). On XLB_ERR_NETLINK,
 * *@nl_detail (if non-NULL) points at libnl's static description of the
 * failure. The caller frees @list whatever the outcome.
 */
enum xlb_status xlb_links_query(const char *only, struct xlb_link_list *list,
				const char **nl_detail);

#endif /* XLB_LINK_QUERY_H */
