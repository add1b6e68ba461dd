// SPDX-License-Identifier: GPL-2.0
/* xlb links: their storage, which links are xlb's, and asking rtnetlink and the family for them. */

#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <netlink/addr.h>
#include <netlink/cache.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/socket.h>

#include "genl_client.h"
#include "xlb_link.h"

/* Storage for struct xlb_link_list. */

int xlb_link_list_append(struct xlb_link_list *list, const struct xlb_link *link)
{
	if (list->count == list->capacity) {
		size_t capacity = list->capacity ? 2 * list->capacity : 8;
		struct xlb_link *links;

		links = realloc(list->links, capacity * sizeof(*links));
		if (!links)
			return -1;
		list->links = links;
		list->capacity = capacity;
	}
	list->links[list->count++] = *link;
	return 0;
}

static int compare_ifindex(const void *a, const void *b)
{
	const struct xlb_link *la = a, *lb = b;

	return (la->ifindex > lb->ifindex) - (la->ifindex < lb->ifindex);
}

void xlb_link_list_sort(struct xlb_link_list *list)
{
	if (list->count > 1)
		qsort(list->links, list->count, sizeof(*list->links), compare_ifindex);
}

void xlb_link_list_free(struct xlb_link_list *list)
{
	free(list->links);
	list->links = NULL;
	list->count = 0;
	list->capacity = 0;
}

/* Which rtnetlink links are xlb devices. */

bool xlb_link_kind_is_xlb(const char *kind)
{
	return kind && strcmp(kind, XLB_LINK_KIND) == 0;
}

/* A libnl rtnl_link cache into struct xlb_link entries. */

static void copy_ifname(char dst[XLB_IFNAMSIZ], const char *src)
{
	if (src) {
		strncpy(dst, src, XLB_IFNAMSIZ - 1);
		dst[XLB_IFNAMSIZ - 1] = '\0';
	}
}

/*
 * IFLA_LINK is an ifindex in the lower device's namespace; when the kernel
 * says that is another namespace (IFLA_LINK_NETNSID), looking it up in our
 * cache would name the wrong device.
 */
static bool lower_is_in_other_netns(struct rtnl_link *link)
{
	int32_t netnsid;

	return rtnl_link_get_link_netnsid(link, &netnsid) == 0;
}

static void link_to_xlb(struct nl_cache *cache, struct rtnl_link *link,
			struct xlb_link *out)
{
	struct nl_addr *addr = rtnl_link_get_addr(link);

	memset(out, 0, sizeof(*out));
	copy_ifname(out->name, rtnl_link_get_name(link));
	out->ifindex = rtnl_link_get_ifindex(link);
	out->lower_ifindex = rtnl_link_get_link(link);
	if (out->lower_ifindex > 0 && !lower_is_in_other_netns(link))
		rtnl_link_i2name(cache, out->lower_ifindex, out->lower_name,
				 sizeof(out->lower_name));
	out->operstate = rtnl_link_get_operstate(link);
	out->up = rtnl_link_get_flags(link) & IFF_UP;
	out->carrier = rtnl_link_get_carrier(link);
	out->mtu = rtnl_link_get_mtu(link);
	if (addr && nl_addr_get_len(addr) == XLB_MAC_LEN) {
		memcpy(out->mac, nl_addr_get_binary_addr(addr), XLB_MAC_LEN);
		out->has_mac = true;
	}
	out->rx.packets = rtnl_link_get_stat(link, RTNL_LINK_RX_PACKETS);
	out->rx.bytes = rtnl_link_get_stat(link, RTNL_LINK_RX_BYTES);
	out->rx.dropped = rtnl_link_get_stat(link, RTNL_LINK_RX_DROPPED);
	out->tx.packets = rtnl_link_get_stat(link, RTNL_LINK_TX_PACKETS);
	out->tx.bytes = rtnl_link_get_stat(link, RTNL_LINK_TX_BYTES);
	out->tx.dropped = rtnl_link_get_stat(link, RTNL_LINK_TX_DROPPED);
}

static enum xlb_status append_link(struct nl_cache *cache, struct rtnl_link *link,
				   struct xlb_link_list *list)
{
	struct xlb_link entry;

	link_to_xlb(cache, link, &entry);
	return xlb_link_list_append(list, &entry) ? XLB_ERR_NOMEM : XLB_OK;
}

static enum xlb_status collect_one(struct nl_cache *cache, const char *name,
				   struct xlb_link_list *list)
{
	struct rtnl_link *link = rtnl_link_get_by_name(cache, name);
	enum xlb_status status;

	if (!link)
		return XLB_ERR_NO_DEVICE;
	if (xlb_link_kind_is_xlb(rtnl_link_get_type(link)))
		status = append_link(cache, link, list);
	else
		status = XLB_ERR_NOT_XLB;
	rtnl_link_put(link);
	return status;
}

static enum xlb_status collect_all(struct nl_cache *cache,
				   struct xlb_link_list *list)
{
	struct nl_object *obj;

	for (obj = nl_cache_get_first(cache); obj; obj = nl_cache_get_next(obj)) {
		struct rtnl_link *link = (struct rtnl_link *)obj;
		enum xlb_status status;

		if (!xlb_link_kind_is_xlb(rtnl_link_get_type(link)))
			continue;
		status = append_link(cache, link, list);
		if (status != XLB_OK)
			return status;
	}
	xlb_link_list_sort(list);
	return XLB_OK;
}

enum xlb_status xlb_links_from_cache(struct nl_cache *cache, const char *only,
				     struct xlb_link_list *list)
{
	return only ? collect_one(cache, only, list) : collect_all(cache, list);
}

/* Asking the kernel for xlb links. */

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
