// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <sys/socket.h>

#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include <linux/xlb.h>

#include "genl_parse.h"

static struct nla_policy dev_policy[XLB_A_DEV_MAX + 1] = {
	[XLB_A_DEV_IFINDEX] = { .type = NLA_U32 },
	[XLB_A_DEV_IFNAME] = { .type = NLA_STRING },
	[XLB_A_DEV_LOWER_IFINDEX] = { .type = NLA_U32 },
	[XLB_A_DEV_LOWER_IFNAME] = { .type = NLA_STRING },
	[XLB_A_DEV_PLACEMENT] = { .type = NLA_U32 },
	[XLB_A_DEV_WORKERS] = { .type = NLA_U32 },
	[XLB_A_DEV_SAS] = { .type = NLA_U32 },
};

static struct nla_policy worker_policy[XLB_A_WORKER_MAX + 1] = {
	[XLB_A_WORKER_CPU] = { .type = NLA_U32 },
	[XLB_A_WORKER_ONLINE] = { .type = NLA_U8 },
	[XLB_A_WORKER_LOAD] = { .type = NLA_U32 },
	[XLB_A_WORKER_BUSY] = { .type = NLA_U32 },
	[XLB_A_WORKER_OTHER] = { .type = NLA_U32 },
	[XLB_A_WORKER_BACKLOG] = { .type = NLA_U32 },
	[XLB_A_WORKER_DEPTH] = { .type = NLA_U32 },
	[XLB_A_WORKER_CAPACITY] = { .type = NLA_U32 },
	[XLB_A_WORKER_PACKETS] = { .type = NLA_U64 },
	[XLB_A_WORKER_BYTES] = { .type = NLA_U64 },
	[XLB_A_WORKER_DROPS] = { .type = NLA_U64 },
	[XLB_A_WORKER_BUSY_NS] = { .type = NLA_U64 },
	[XLB_A_WORKER_PPS] = { .type = NLA_U64 },
	[XLB_A_WORKER_BPS] = { .type = NLA_U64 },
	[XLB_A_WORKER_SAS] = { .type = NLA_U32 },
};

static struct nla_policy sa_policy[XLB_A_SA_MAX + 1] = {
	[XLB_A_SA_IFINDEX] = { .type = NLA_U32 },
	[XLB_A_SA_SPI] = { .type = NLA_U32 },
	[XLB_A_SA_DIR] = { .type = NLA_U8 },
	[XLB_A_SA_FAMILY] = { .type = NLA_U16 },
	[XLB_A_SA_SADDR] = { .type = NLA_UNSPEC, .minlen = 4, .maxlen = 16 },
	[XLB_A_SA_DADDR] = { .type = NLA_UNSPEC, .minlen = 4, .maxlen = 16 },
	[XLB_A_SA_REQID] = { .type = NLA_U32 },
	[XLB_A_SA_ALG] = { .type = NLA_STRING },
	[XLB_A_SA_AUTH] = { .type = NLA_STRING },
	[XLB_A_SA_WORKER] = { .type = NLA_U32 },
	[XLB_A_SA_PINNED] = { .type = NLA_U8 },
	[XLB_A_SA_SPRAY] = { .type = NLA_U32 },
	[XLB_A_SA_SPRAYED] = { .type = NLA_U8 },
	[XLB_A_SA_COST] = { .type = NLA_U32 },
	[XLB_A_SA_PPS] = { .type = NLA_U64 },
	[XLB_A_SA_PACKETS] = { .type = NLA_U64 },
	[XLB_A_SA_BYTES] = { .type = NLA_U64 },
	[XLB_A_SA_ERRORS] = { .type = NLA_U64 },
	[XLB_A_SA_DROPS] = { .type = NLA_U64 },
	[XLB_A_SA_FALLBACKS] = { .type = NLA_U64 },
	[XLB_A_SA_MOVES] = { .type = NLA_U64 },
	[XLB_A_SA_LATE] = { .type = NLA_U64 },
	[XLB_A_SA_TIMEOUTS] = { .type = NLA_U64 },
	[XLB_A_SA_INFLIGHT] = { .type = NLA_U32 },
	[XLB_A_SA_ID] = { .type = NLA_U64 },
};

static struct nla_policy policy_policy[XLB_A_POLICY_MAX + 1] = {
	[XLB_A_POLICY_PLACEMENT] = { .type = NLA_U32 },
	[XLB_A_POLICY_HOTSPOT] = { .type = NLA_U32 },
	[XLB_A_POLICY_INTERVAL_MS] = { .type = NLA_U32 },
	[XLB_A_POLICY_SPRAY_THRESHOLD] = { .type = NLA_U32 },
	[XLB_A_POLICY_MAX_MOVES] = { .type = NLA_U32 },
	[XLB_A_POLICY_MOVE_COOLDOWN] = { .type = NLA_U32 },
};

static struct nla_policy tunnel_policy[XLB_A_TUNNEL_MAX + 1] = {
	[XLB_A_TUNNEL_REQID] = { .type = NLA_U32 },
	[XLB_A_TUNNEL_WORKER] = { .type = NLA_U32 },
	[XLB_A_TUNNEL_PINNED] = { .type = NLA_U8 },
	[XLB_A_TUNNEL_SPRAY] = { .type = NLA_U32 },
	[XLB_A_TUNNEL_WEIGHT] = { .type = NLA_U32 },
};

static struct nla_policy event_policy[XLB_A_EVENT_MAX + 1] = {
	[XLB_A_EVENT_IFINDEX] = { .type = NLA_U32 },
	[XLB_A_EVENT_SPI] = { .type = NLA_U32 },
	[XLB_A_EVENT_DIR] = { .type = NLA_U8 },
	[XLB_A_EVENT_FROM] = { .type = NLA_U32 },
	[XLB_A_EVENT_TO] = { .type = NLA_U32 },
	[XLB_A_EVENT_REASON] = { .type = NLA_U32 },
	[XLB_A_EVENT_WORKER] = { .type = NLA_U32 },
	[XLB_A_EVENT_LOAD] = { .type = NLA_U32 },
	[XLB_A_EVENT_HOTSPOT] = { .type = NLA_U32 },
	[XLB_A_EVENT_SA_ID] = { .type = NLA_U64 },
	[XLB_A_EVENT_FAMILY] = { .type = NLA_U16 },
	[XLB_A_EVENT_DADDR] = { .type = NLA_UNSPEC, .minlen = 4, .maxlen = 16 },
	[XLB_A_EVENT_REQID] = { .type = NLA_U32 },
};

/* Checks the command, then parses the attributes after the genl header. */
static int parse_cmd(struct nlmsghdr *nlh, uint8_t cmd, struct nlattr **tb,
		     int max, struct nla_policy *policy)
{
	struct genlmsghdr *ghdr;

	if (!genlmsg_valid_hdr(nlh, 0))
		return -NLE_MSG_TOOSHORT;
	ghdr = nlmsg_data(nlh);
	if (cmd && ghdr->cmd != cmd)
		return -NLE_INVAL;
	return genlmsg_parse(nlh, 0, tb, max, policy);
}

static uint32_t u32_or(struct nlattr *a, uint32_t dflt)
{
	return a ? nla_get_u32(a) : dflt;
}

static uint64_t u64_or0(struct nlattr *a)
{
	return a ? nla_get_u64(a) : 0;
}

static void copy_str(char *dst, size_t len, struct nlattr *a)
{
	dst[0] = '\0';
	if (a)
		nla_strlcpy(dst, a, len);
}

int xlb_parse_dev(struct nlmsghdr *nlh, struct xlb_dev_info *dev)
{
	struct nlattr *tb[XLB_A_DEV_MAX + 1];
	int err;

	err = parse_cmd(nlh, XLB_CMD_DEV_GET, tb, XLB_A_DEV_MAX, dev_policy);
	if (err < 0)
		return err;
	if (!tb[XLB_A_DEV_IFINDEX])
		return -NLE_MISSING_ATTR;
	memset(dev, 0, sizeof(*dev));
	dev->ifindex = nla_get_u32(tb[XLB_A_DEV_IFINDEX]);
	copy_str(dev->ifname, sizeof(dev->ifname), tb[XLB_A_DEV_IFNAME]);
	dev->lower_ifindex = u32_or(tb[XLB_A_DEV_LOWER_IFINDEX], 0);
	copy_str(dev->lower_ifname, sizeof(dev->lower_ifname),
		 tb[XLB_A_DEV_LOWER_IFNAME]);
	dev->placement = u32_or(tb[XLB_A_DEV_PLACEMENT], 0);
	dev->workers = u32_or(tb[XLB_A_DEV_WORKERS], 0);
	dev->sas = u32_or(tb[XLB_A_DEV_SAS], 0);
	return 0;
}

int xlb_parse_worker(struct nlmsghdr *nlh, struct xlb_worker *w)
{
	struct nlattr *tb[XLB_A_WORKER_MAX + 1];
	int err;

	err = parse_cmd(nlh, XLB_CMD_WORKER_GET, tb, XLB_A_WORKER_MAX,
			worker_policy);
	if (err < 0)
		return err;
	if (!tb[XLB_A_WORKER_CPU])
		return -NLE_MISSING_ATTR;
	memset(w, 0, sizeof(*w));
	w->cpu = nla_get_u32(tb[XLB_A_WORKER_CPU]);
	w->online = tb[XLB_A_WORKER_ONLINE] && nla_get_u8(tb[XLB_A_WORKER_ONLINE]);
	w->load = u32_or(tb[XLB_A_WORKER_LOAD], 0);
	w->busy = u32_or(tb[XLB_A_WORKER_BUSY], 0);
	w->other = u32_or(tb[XLB_A_WORKER_OTHER], 0);
	w->backlog = u32_or(tb[XLB_A_WORKER_BACKLOG], 0);
	w->depth = u32_or(tb[XLB_A_WORKER_DEPTH], 0);
	w->capacity = u32_or(tb[XLB_A_WORKER_CAPACITY], 0);
	w->packets = u64_or0(tb[XLB_A_WORKER_PACKETS]);
	w->bytes = u64_or0(tb[XLB_A_WORKER_BYTES]);
	w->drops = u64_or0(tb[XLB_A_WORKER_DROPS]);
	w->busy_ns = u64_or0(tb[XLB_A_WORKER_BUSY_NS]);
	w->pps = u64_or0(tb[XLB_A_WORKER_PPS]);
	w->bps = u64_or0(tb[XLB_A_WORKER_BPS]);
	w->sas = u32_or(tb[XLB_A_WORKER_SAS], 0);
	return 0;
}

/* An address must be as long as its family says. */
static int copy_addr(uint8_t dst[16], uint16_t family, struct nlattr *a)
{
	int want = family == AF_INET6 ? 16 : 4;

	if (!a)
		return 0;
	if (nla_len(a) != want)
		return -NLE_PARSE_ERR;
	memcpy(dst, nla_data(a), want);
	return 0;
}

static bool flag_u8(struct nlattr *a)
{
	return a && nla_get_u8(a);
}

int xlb_parse_sa(struct nlmsghdr *nlh, struct xlb_sa *sa)
{
	struct nlattr *tb[XLB_A_SA_MAX + 1];
	int err;

	/* SA_SET answers, if it ever does, with the same attributes. */
	err = parse_cmd(nlh, 0, tb, XLB_A_SA_MAX, sa_policy);
	if (err < 0)
		return err;
	if (!tb[XLB_A_SA_SPI])
		return -NLE_MISSING_ATTR;
	memset(sa, 0, sizeof(*sa));
	sa->id = u64_or0(tb[XLB_A_SA_ID]);
	sa->ifindex = u32_or(tb[XLB_A_SA_IFINDEX], 0);
	sa->spi = nla_get_u32(tb[XLB_A_SA_SPI]);
	sa->dir = tb[XLB_A_SA_DIR] ? nla_get_u8(tb[XLB_A_SA_DIR]) : 0;
	sa->family = tb[XLB_A_SA_FAMILY] ? nla_get_u16(tb[XLB_A_SA_FAMILY]) : 0;
	if (sa->family != AF_INET && sa->family != AF_INET6 &&
	    (tb[XLB_A_SA_SADDR] || tb[XLB_A_SA_DADDR]))
		return -NLE_PARSE_ERR;
	if (copy_addr(sa->saddr, sa->family, tb[XLB_A_SA_SADDR]) ||
	    copy_addr(sa->daddr, sa->family, tb[XLB_A_SA_DADDR]))
		return -NLE_PARSE_ERR;
	sa->reqid = u32_or(tb[XLB_A_SA_REQID], 0);
	copy_str(sa->alg, sizeof(sa->alg), tb[XLB_A_SA_ALG]);
	copy_str(sa->auth, sizeof(sa->auth), tb[XLB_A_SA_AUTH]);
	sa->worker = u32_or(tb[XLB_A_SA_WORKER], 0);
	sa->pinned = flag_u8(tb[XLB_A_SA_PINNED]);
	sa->spray = u32_or(tb[XLB_A_SA_SPRAY], 0);
	sa->sprayed = flag_u8(tb[XLB_A_SA_SPRAYED]);
	sa->cost = u32_or(tb[XLB_A_SA_COST], 0);
	sa->pps = u64_or0(tb[XLB_A_SA_PPS]);
	sa->packets = u64_or0(tb[XLB_A_SA_PACKETS]);
	sa->bytes = u64_or0(tb[XLB_A_SA_BYTES]);
	sa->errors = u64_or0(tb[XLB_A_SA_ERRORS]);
	sa->drops = u64_or0(tb[XLB_A_SA_DROPS]);
	sa->fallbacks = u64_or0(tb[XLB_A_SA_FALLBACKS]);
	sa->moves = u64_or0(tb[XLB_A_SA_MOVES]);
	sa->late = u64_or0(tb[XLB_A_SA_LATE]);
	sa->timeouts = u64_or0(tb[XLB_A_SA_TIMEOUTS]);
	sa->inflight = u32_or(tb[XLB_A_SA_INFLIGHT], 0);
	return 0;
}

#define POLICY_FIELD(tb, attr, p, field)			\
	do {							\
		if ((tb)[attr]) {				\
			(p)->has_##field = true;		\
			(p)->field = nla_get_u32((tb)[attr]);	\
		}						\
	} while (0)

int xlb_parse_policy(struct nlmsghdr *nlh, struct xlb_policy *p)
{
	struct nlattr *tb[XLB_A_POLICY_MAX + 1];
	int err;

	err = parse_cmd(nlh, 0, tb, XLB_A_POLICY_MAX, policy_policy);
	if (err < 0)
		return err;
	memset(p, 0, sizeof(*p));
	POLICY_FIELD(tb, XLB_A_POLICY_PLACEMENT, p, placement);
	POLICY_FIELD(tb, XLB_A_POLICY_HOTSPOT, p, hotspot);
	POLICY_FIELD(tb, XLB_A_POLICY_INTERVAL_MS, p, interval_ms);
	POLICY_FIELD(tb, XLB_A_POLICY_SPRAY_THRESHOLD, p, spray_threshold);
	POLICY_FIELD(tb, XLB_A_POLICY_MAX_MOVES, p, max_moves);
	POLICY_FIELD(tb, XLB_A_POLICY_MOVE_COOLDOWN, p, move_cooldown);
	return 0;
}

int xlb_parse_tunnel(struct nlmsghdr *nlh, struct xlb_tunnel *t)
{
	struct nlattr *tb[XLB_A_TUNNEL_MAX + 1];
	int err;

	err = parse_cmd(nlh, XLB_CMD_TUNNEL_GET, tb, XLB_A_TUNNEL_MAX,
			tunnel_policy);
	if (err < 0)
		return err;
	if (!tb[XLB_A_TUNNEL_REQID])
		return -NLE_MISSING_ATTR;
	memset(t, 0, sizeof(*t));
	t->reqid = nla_get_u32(tb[XLB_A_TUNNEL_REQID]);
	t->has_worker = tb[XLB_A_TUNNEL_WORKER];
	t->worker = u32_or(tb[XLB_A_TUNNEL_WORKER], 0);
	t->pinned = flag_u8(tb[XLB_A_TUNNEL_PINNED]);
	t->has_spray = tb[XLB_A_TUNNEL_SPRAY];
	t->spray = u32_or(tb[XLB_A_TUNNEL_SPRAY], 0);
	t->weight = u32_or(tb[XLB_A_TUNNEL_WEIGHT], 0);
	return 0;
}

static bool is_event(uint8_t cmd)
{
	switch (cmd) {
	case XLB_CMD_SA_PLACED_NTF:
	case XLB_CMD_SA_MIGRATED_NTF:
	case XLB_CMD_SA_REMOVED_NTF:
	case XLB_CMD_HOTSPOT_NTF:
	case XLB_CMD_WORKER_ONLINE_NTF:
	case XLB_CMD_WORKER_OFFLINE_NTF:
		return true;
	}
	return false;
}

int xlb_parse_event(struct nlmsghdr *nlh, struct xlb_event *ev)
{
	struct nlattr *tb[XLB_A_EVENT_MAX + 1];
	struct genlmsghdr *ghdr;
	int err;

	err = parse_cmd(nlh, 0, tb, XLB_A_EVENT_MAX, event_policy);
	if (err < 0)
		return err;
	ghdr = nlmsg_data(nlh);
	if (!is_event(ghdr->cmd))
		return -NLE_INVAL;
	memset(ev, 0, sizeof(*ev));
	ev->cmd = ghdr->cmd;
	ev->sa_id = u64_or0(tb[XLB_A_EVENT_SA_ID]);
	ev->reqid = u32_or(tb[XLB_A_EVENT_REQID], 0);
	ev->family = tb[XLB_A_EVENT_FAMILY] ? nla_get_u16(tb[XLB_A_EVENT_FAMILY]) : 0;
	if (tb[XLB_A_EVENT_DADDR] &&
	    ((ev->family != AF_INET && ev->family != AF_INET6) ||
	     copy_addr(ev->daddr, ev->family, tb[XLB_A_EVENT_DADDR])))
		return -NLE_PARSE_ERR;
	ev->ifindex = u32_or(tb[XLB_A_EVENT_IFINDEX], 0);
	ev->spi = u32_or(tb[XLB_A_EVENT_SPI], 0);
	ev->dir = tb[XLB_A_EVENT_DIR] ? nla_get_u8(tb[XLB_A_EVENT_DIR]) : 0;
	ev->has_from = tb[XLB_A_EVENT_FROM];
	ev->from = u32_or(tb[XLB_A_EVENT_FROM], 0);
	ev->has_to = tb[XLB_A_EVENT_TO];
	ev->to = u32_or(tb[XLB_A_EVENT_TO], 0);
	ev->reason = u32_or(tb[XLB_A_EVENT_REASON], 0);
	ev->worker = u32_or(tb[XLB_A_EVENT_WORKER], 0);
	ev->load = u32_or(tb[XLB_A_EVENT_LOAD], 0);
	ev->hotspot = u32_or(tb[XLB_A_EVENT_HOTSPOT], 0);
	return 0;
}
