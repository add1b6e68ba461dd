/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Events on the "events" multicast group of the generic netlink family.
 * The SA code fills a struct xlb_event under its lock and sends it after,
 * from any context.
 */
#ifndef _XLB_NOTIFY_H
#define _XLB_NOTIFY_H

#include <linux/types.h>
#include <linux/xlb.h>
#include <net/net_namespace.h>
#include <net/xfrm.h>

struct xlb_event {
	/* XLB_CMD_*_NTF */
	u8 cmd;
	/* enum xlb_reason, for SA events */
	u8 reason;
	u8 dir;
	/* The SA's or the hotspot's namespace; NULL: every namespace. */
	struct net *net;
	int ifindex;
	__be32 spi;
	/* Worker CPUs. A worker or hotspot event names its worker in @to. */
	u32 from;
	u32 to;
	u32 load;
	u32 hotspot;
	/* SA events: which SA (XLB_A_SA_ID) and its tunnel. */
	u64 sa_id;
	u32 reqid;
	u16 family;
	xfrm_address_t daddr;
};

void xlb_notify(const struct xlb_event *ev);

#endif /* _XLB_NOTIFY_H */
