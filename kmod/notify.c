// SPDX-License-Identifier: GPL-2.0
/*
 * Events on the family's "events" group: SAs placed, moved and removed,
 * hotspots, workers going offline and coming back. SA and hotspot events go
 * to the namespace they concern; worker events to every namespace, since
 * every namespace's SAs run on the host's workers. Called from any context,
 * never with the SA table's lock held.
 */

#include <net/genetlink.h>

#include "notify.h"
#include "xlb.h"

/* What every SA event says of its SA. */
static int xlb_notify_fill_sa(struct sk_buff *skb, const struct xlb_event *ev)
{
	int alen = ev->family == AF_INET6 ? sizeof(struct in6_addr) :
					    sizeof(struct in_addr);

	if (nla_put_u32(skb, XLB_A_EVENT_IFINDEX, ev->ifindex) ||
	    nla_put_u32(skb, XLB_A_EVENT_SPI, ntohl(ev->spi)) ||
	    nla_put_u8(skb, XLB_A_EVENT_DIR, ev->dir) ||
	    nla_put_u64_64bit(skb, XLB_A_EVENT_SA_ID, ev->sa_id,
			      XLB_A_EVENT_PAD) ||
	    nla_put_u16(skb, XLB_A_EVENT_FAMILY, ev->family) ||
	    nla_put(skb, XLB_A_EVENT_DADDR, alen, &ev->daddr) ||
	    nla_put_u32(skb, XLB_A_EVENT_REQID, ev->reqid))
		return -EMSGSIZE;
	return 0;
}

static int xlb_notify_fill(struct sk_buff *skb, const struct xlb_event *ev)
{
	switch (ev->cmd) {
	case XLB_CMD_SA_PLACED_NTF:
	case XLB_CMD_SA_MIGRATED_NTF:
		if (xlb_notify_fill_sa(skb, ev) ||
		    (ev->cmd == XLB_CMD_SA_MIGRATED_NTF &&
		     nla_put_u32(skb, XLB_A_EVENT_FROM, ev->from)) ||
		    nla_put_u32(skb, XLB_A_EVENT_TO, ev->to) ||
		    nla_put_u32(skb, XLB_A_EVENT_REASON, ev->reason))
			return -EMSGSIZE;
		return 0;
	case XLB_CMD_SA_REMOVED_NTF:
		return xlb_notify_fill_sa(skb, ev);
	case XLB_CMD_HOTSPOT_NTF:
		if (nla_put_u32(skb, XLB_A_EVENT_WORKER, ev->to) ||
		    nla_put_u32(skb, XLB_A_EVENT_LOAD, ev->load) ||
		    nla_put_u32(skb, XLB_A_EVENT_HOTSPOT, ev->hotspot))
			return -EMSGSIZE;
		return 0;
	default:
		return nla_put_u32(skb, XLB_A_EVENT_WORKER, ev->to);
	}
}

void xlb_notify(const struct xlb_event *ev)
{
	struct sk_buff *skb;
	void *hdr;

	if (ev->net && !genl_has_listeners(&xlb_genl_family, ev->net, 0))
		return;
	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_ATOMIC);
	if (!skb)
		return;
	hdr = genlmsg_put(skb, 0, 0, &xlb_genl_family, 0, ev->cmd);
	if (!hdr || xlb_notify_fill(skb, ev)) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_end(skb, hdr);
	if (ev->net)
		genlmsg_multicast_netns(&xlb_genl_family, ev->net, skb, 0, 0,
					GFP_ATOMIC);
	else
		genlmsg_multicast_allns(&xlb_genl_family, skb, 0, 0);
}
