/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One xlb link as userspace sees it, in plain C types.
 *
 * Deliberately free of libnl types: the output code and its tests (and later
 * xlbd) work on these values without a netlink socket.
 */
#ifndef XLB_LINK_H
#define XLB_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

#endif /* XLB_LINK_H */
