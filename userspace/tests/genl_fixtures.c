// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <sys/socket.h>

#include <linux/xlb.h>

#include "genl_fixtures.h"

static struct xlb_worker workers[2] = {
	{
		.cpu = 0, .online = true, .load = 562, .busy = 400,
		.other = 100, .backlog = 62, .depth = 64, .capacity = 1024,
		.packets = 1000000, .bytes = 1500000000, .drops = 3,
		.busy_ns = 987654321, .pps = 250000, .bps = 375000000, .sas = 2,
	},
	{ .cpu = 1, .online = false, .capacity = 1024 },
};

void genl_fixtures_workers(struct xlb_worker_list *list)
{
	list->items = workers;
	list->count = list->capacity = 2;
}

static struct xlb_sa sas[2] = {
	{
		.id = 11, .ifindex = 5, .ifname = "xlb0", .spi = 0x1001,
		.dir = XLB_SA_DIR_OUT, .family = AF_INET,
		.saddr = { 192, 0, 2, 1 }, .daddr = { 192, 0, 2, 2 },
		.reqid = 1, .alg = "rfc4106(gcm(aes))", .worker = 0,
		.spray = XLB_SPRAY_AUTO, .sprayed = true, .cost = 50,
		.pps = 1000, .packets = 10, .bytes = 15000, .errors = 1,
		.drops = 2, .fallbacks = 3, .moves = 4, .late = 5,
		.timeouts = 6, .inflight = 7,
	},
	{
		.id = 1ULL << 40, .ifindex = 9, .spi = 0xdeadbeef,
		.dir = XLB_SA_DIR_IN,
		.family = AF_INET6,
		.saddr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 },
		.daddr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 },
		.reqid = 2, .alg = "cbc(aes)", .auth = "hmac(sha256)",
		.worker = 1, .pinned = true, .spray = XLB_SPRAY_OFF,
		.cost = 125, .packets = UINT64_MAX,
	},
};

void genl_fixtures_sas(struct xlb_sa_list *list)
{
	list->items = sas;
	list->count = list->capacity = 2;
}

void genl_fixtures_policy(struct xlb_policy *p)
{
	*p = (struct xlb_policy){
		.has_placement = true, .placement = XLB_PLACEMENT_LEAST_LOADED,
		.has_hotspot = true, .hotspot = 850,
		.has_interval_ms = true, .interval_ms = 100,
		.has_spray_threshold = true, .spray_threshold = 700,
		.has_max_moves = true, .max_moves = 1,
		.has_move_cooldown = true, .move_cooldown = 10,
	};
}
