/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the generic netlink family "xlb" reports, in plain C types: devices,
 * workers, SAs, the namespace's policy and events. Free of libnl types so
 * output code, its tests and xlbd use them without a socket.
 * Units are the uAPI's: loads, shares and costs in thousandths of a CPU,
 * SPIs in host order, addresses in network order.
 */
#ifndef XLB_OBJECTS_H
#define XLB_OBJECTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xlb_link.h"	/* XLB_IFNAMSIZ */

#define XLB_ALG_NAMSIZ 64	/* the kernel's CRYPTO_MAX_ALG_NAME */

struct xlb_dev_info {
	uint32_t ifindex;
	char ifname[XLB_IFNAMSIZ];
	uint32_t lower_ifindex;
	char lower_ifname[XLB_IFNAMSIZ];
	uint32_t placement;	/* enum xlb_placement */
	uint32_t workers;	/* online workers */
	uint32_t sas;
};

struct xlb_worker {
	uint32_t cpu;
	bool online;
	uint32_t load, busy, other, backlog;
	uint32_t depth, capacity;
	uint64_t packets, bytes, drops, busy_ns, pps, bps;
	uint32_t sas;
};

struct xlb_sa {
	uint64_t id;			/* XLB_A_SA_ID, 0 from a kernel without it */
	uint32_t ifindex;
	char ifname[XLB_IFNAMSIZ];	/* "" when it cannot be named */
	uint32_t spi;
	uint8_t dir;			/* enum xlb_sa_dir */
	uint16_t family;		/* AF_INET or AF_INET6 */
	uint8_t saddr[16], daddr[16];	/* network order; 4 bytes used for AF_INET */
	uint32_t reqid;
	char alg[XLB_ALG_NAMSIZ];
	char auth[XLB_ALG_NAMSIZ];	/* "" when none */
	uint32_t worker;
	bool pinned;
	uint32_t spray;			/* enum xlb_spray_mode */
	bool sprayed;
	uint32_t cost;
	uint64_t pps, packets, bytes, errors, drops, fallbacks, moves, late, timeouts;
	uint32_t inflight;
};

/* Policy: a get fills every field; a set sends those with has_* true. */
struct xlb_policy {
	bool has_placement, has_hotspot, has_interval_ms, has_spray_threshold,
	     has_max_moves, has_move_cooldown;
	uint32_t placement;
	uint32_t hotspot;
	uint32_t interval_ms;
	uint32_t spray_threshold;
	uint32_t max_moves;
	uint32_t move_cooldown;
};

struct xlb_event {
	uint8_t cmd;			/* XLB_CMD_*_NTF */
	uint32_t ifindex;
	char ifname[XLB_IFNAMSIZ];
	uint32_t spi;
	uint8_t dir;
	bool has_from, has_to;
	uint32_t from, to;
	uint32_t reason;		/* enum xlb_reason, 0: none */
	uint32_t worker, load, hotspot;
	/* SA events: the SA's ID and tunnel; family 0 when not sent. */
	uint64_t sa_id;
	uint32_t reqid;
	uint16_t family;
	uint8_t daddr[16];
};

/* A tunnel's placement rule (XLB_CMD_TUNNEL_*): where its SAs are born. */
struct xlb_tunnel {
	uint32_t reqid;
	bool has_worker;
	uint32_t worker;
	bool pinned;
	bool has_spray;
	uint32_t spray;			/* enum xlb_spray_mode */
	uint32_t weight;		/* thousandths of a worker; 0: none */
};

/* Growable arrays; zero-initialise before first use. */
struct xlb_dev_list {
	struct xlb_dev_info *items;
	size_t count, capacity;
};

struct xlb_worker_list {
	struct xlb_worker *items;
	size_t count, capacity;
};

struct xlb_sa_list {
	struct xlb_sa *items;
	size_t count, capacity;
};

struct xlb_tunnel_list {
	struct xlb_tunnel *items;
	size_t count, capacity;
};

/* Each appends a copy and returns 0, or -1 when out of memory. */
int xlb_dev_list_append(struct xlb_dev_list *l, const struct xlb_dev_info *d);
int xlb_worker_list_append(struct xlb_worker_list *l, const struct xlb_worker *w);
int xlb_sa_list_append(struct xlb_sa_list *l, const struct xlb_sa *sa);
int xlb_tunnel_list_append(struct xlb_tunnel_list *l, const struct xlb_tunnel *t);
void xlb_dev_list_free(struct xlb_dev_list *l);
void xlb_worker_list_free(struct xlb_worker_list *l);
void xlb_sa_list_free(struct xlb_sa_list *l);
void xlb_tunnel_list_free(struct xlb_tunnel_list *l);

/* Workers by CPU; SAs by device, SPI and direction: stable output. */
void xlb_worker_list_sort(struct xlb_worker_list *l);
void xlb_sa_list_sort(struct xlb_sa_list *l);

#endif /* XLB_OBJECTS_H */
