/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One xlb link as userspace sees it, in plain C types, and asking the
 * kernel (rtnetlink, through libnl-route) for the xlb links.
 *
 * struct xlb_link is deliberately free of libnl types: the output code and
 * its tests work on these values without a netlink socket.
 */
#ifndef XLB_LINK_H
#define XLB_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* Mirrors the kernel's IFNAMSIZ and ETH_ALEN without pulling in kernel headers. */
#define XLB_IFNAMSIZ 16
#define XLB_MAC_LEN 6

struct xlb_link_stats {
	uint64_t packets;
	uint64_t bytes;
	uint64_t dropped;
};

struct xlb_link {
	char name[XLB_IFNAMSIZ];
	int ifindex;
	/*
	 * lower_ifindex is IFLA_LINK (0: none). lower_name is empty when the
	 * lower device cannot be named from here, e.g. it lives in another
	 * network namespace; output then falls back to "if<N>" like iproute2.
	 */
	char lower_name[XLB_IFNAMSIZ];
	int lower_ifindex;
	uint8_t operstate;	/* IF_OPER_* (RFC 2863) */
	bool up;		/* administratively up (IFF_UP) */
	bool carrier;		/* IFLA_CARRIER */
	unsigned int mtu;
	bool has_mac;
	uint8_t mac[XLB_MAC_LEN];
	struct xlb_link_stats rx;
	struct xlb_link_stats tx;
	/* From the generic netlink family "xlb" (XLB_CMD_DEV_GET), if it answered. */
	bool has_genl;
	uint32_t placement;	/* enum xlb_placement */
	uint32_t workers;	/* online workers */
	uint32_t sas;		/* SAs offloaded to it */
};

/* A growable array of links; zero-initialise before first use. */
struct xlb_link_list {
	struct xlb_link *links;
	size_t count;
	size_t capacity;
};

/* Appends a copy of @link; returns 0 or -1 when out of memory. */
int xlb_link_list_append(struct xlb_link_list *list, const struct xlb_link *link);

/* Orders by ifindex so output is stable whatever order the kernel dumped. */
void xlb_link_list_sort(struct xlb_link_list *list);

void xlb_link_list_free(struct xlb_link_list *list);

/* The rtnl_link_ops kind the module registers: "ip link add ... type xlb". */
#define XLB_LINK_KIND "xlb"

/*
 * @kind is IFLA_INFO_KIND as reported by the kernel, or NULL for links that
 * report none (lo, physical NICs). Only an exact match counts: kinds are
 * compared byte for byte by the kernel too ("vxlan" is not ours).
 */
bool xlb_link_kind_is_xlb(const char *kind);

struct nl_cache;

/*
 * Appends the xlb links in @cache (a "route/link" cache) to @list, sorted by
 * ifindex. With @only set, appends just that link and fails with
 * XLB_ERR_NO_DEVICE or XLB_ERR_NOT_XLB when it is missing or not an xlb link.
 * The caller frees @list whatever the outcome. Apart from the socket code
 * so tests can hand it a cache they built in memory.
 */
enum xlb_status xlb_links_from_cache(struct nl_cache *cache, const char *only,
				     struct xlb_link_list *list);

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

#endif /* XLB_LINK_H */
