// SPDX-License-Identifier: GPL-2.0
#include <stdint.h>

#include "link_fixtures.h"

static struct xlb_link three[] = {
	{
		.name = "xlb0",
		.ifindex = 5,
		.lower_name = "eth0",
		.lower_ifindex = 2,
		.operstate = 6,		/* IF_OPER_UP */
		.up = true,
		.carrier = true,
		.mtu = 1500,
		.has_mac = true,
		.mac = { 0x02, 0x00, 0x5e, 0x10, 0xab, 0x01 },
		.rx = { .packets = 10, .bytes = 1000, .dropped = 1 },
		.tx = { .packets = 20, .bytes = 2000, .dropped = 2 },
	},
	{
		.name = "xlb1",
		.ifindex = 7,
		.lower_ifindex = 9,
		.operstate = 3,		/* IF_OPER_LOWERLAYERDOWN */
		.up = true,
		.carrier = false,
		.mtu = 9000,
		.has_mac = true,
		.mac = { 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54 },
		.rx = { UINT64_MAX, UINT64_MAX, UINT64_MAX },
		.tx = { UINT64_MAX, UINT64_MAX, UINT64_MAX },
	},
	{
		.name = "xlb-d",
		.ifindex = 12,
		.operstate = 2,		/* IF_OPER_DOWN */
		.mtu = 1400,
	},
};

void link_fixtures_three(struct xlb_link_list *list)
{
	list->links = three;
	list->count = sizeof(three) / sizeof(three[0]);
	list->capacity = list->count;
}
