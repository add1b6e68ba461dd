// SPDX-License-Identifier: GPL-2.0
#include <sys/socket.h>

#include <netlink/cache.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/socket.h>

#include "genl_client.h"
#include "link_collect.h"
#include "link_query.h"

static enum xlb_status netlink_failure(int err, const char **nl_detail)
{
	if (nl_detail)
		*nl_detail = nl_geterror(err);
	return err == -NLE_NOMEM ? XLB_ERR_NOMEM : XLB_ERR_NETLINK;
}

enum xlb_status xlb_links_query(const char *only, struct xlb_link_list *list,
				const char **nl_detail)
{
	struct nl_cache *cache = NULL;
	struct nl_sock *sock;
	enum xlb_status status;
	int err;

	sock = nl_socket_alloc();
	if (!sock)
		return XLB_ERR_NOMEM;

	err = nl_connect(sock, NETLINK_ROUTE);
	if (err < 0) {
		status = netlink_failure(err, nl_detail);
		goto out_sock;
	}

	err = rtnl_link_alloc_cache(sock, AF_UNSPEC, &cache);
	if (err < 0) {
		status = netlink_failure(err, nl_detail);
		goto out_sock;
	}

	status = xlb_links_from_cache(cache, only, list);
	nl_cache_free(cache);
out_sock:
	nl_socket_free(sock);
	return status;
}

void xlb_links_query_genl(struct xlb_link_list *list)
{
	struct xlb_dev_list devs = { 0 };
	struct xlb_genl c;

	if (!list->count || xlb_genl_open(&c) != XLB_OK)
		return;
	if (xlb_genl_get_devs(&c, &devs) == XLB_OK)
		xlb_links_add_genl(list, &devs);
	xlb_dev_list_free(&devs);
	xlb_genl_close(&c);
}

void xlb_links_add_genl(struct xlb_link_list *list, const struct xlb_dev_list *devs)
{
	for (size_t i = 0; i < list->count; i++) {
		struct xlb_link *link = &list->links[i];

		for (size_t k = 0; k < devs->count; k++) {
			const struct xlb_dev_info *d = &devs->items[k];

			if (link->ifindex <= 0 || d->ifindex != (uint32_t)link->ifindex)
				continue;
			link->has_genl = true;
			link->placement = d->placement;
			link->workers = d->workers;
			link->sas = d->sas;
		}
	}
}
