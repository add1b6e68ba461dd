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

/*
 * Adds what the generic netlink family knows of each link of @list
 * (placement, online workers, SAs) where it answers; without the family,
 * or when it fails, @list stays as it was.
 */
void xlb_links_query_genl(struct xlb_link_list *list);

struct xlb_dev_list;

/* Sets the has_genl fields of the links @devs names (matched by ifindex). */
void xlb_links_add_genl(struct xlb_link_list *list, const struct xlb_dev_list *devs);

#endif /* XLB_LINK_QUERY_H */
