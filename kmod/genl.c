// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "xlb" (uapi/linux/xlb.h): devices, workers
 * and SAs as seen from the caller's namespace, pinning and spraying SAs,
 * tunnels' placement rules and the namespace's placement policy. Events are sent by notify.c.
 * Attributes never carry key material.
 */

#include <linux/cpumask.h>
#include <linux/netdevice.h>
#include <linux/sched.h>
#include <linux/stringify.h>
#include <linux/user_namespace.h>
#include <net/genetlink.h>

#include "compat.h"
#include "load.h"
#include "netns.h"
#include "sa.h"
#include "tunnel.h"
#include "worker.h"
#include "xlb.h"

static const struct nla_policy xlb_dev_policy[XLB_A_DEV_MAX + 1] = {
	[XLB_A_DEV_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
};

static const struct nla_policy xlb_worker_policy[XLB_A_WORKER_MAX + 1] = {
	[XLB_A_WORKER_CPU]	= { .type = NLA_U32 },
};

static const struct nla_policy xlb_sa_policy[XLB_A_SA_MAX + 1] = {
	[XLB_A_SA_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[XLB_A_SA_SPI]		= { .type = NLA_U32 },
	[XLB_A_SA_DIR]		= NLA_POLICY_RANGE(NLA_U8, XLB_SA_DIR_IN,
						   XLB_SA_DIR_MAX),
	[XLB_A_SA_DADDR]	= { .type = NLA_BINARY,
				    .len = sizeof(struct in6_addr) },
	[XLB_A_SA_WORKER]	= { .type = NLA_U32 },
	[XLB_A_SA_PINNED]	= NLA_POLICY_MAX(NLA_U8, 1),
	[XLB_A_SA_SPRAY]	= NLA_POLICY_MAX(NLA_U32, XLB_SPRAY_MAX),
	[XLB_A_SA_ID]		= NLA_POLICY_MIN(NLA_U64, 1),
};

static const struct nla_policy xlb_tunnel_policy[XLB_A_TUNNEL_MAX + 1] = {
	[XLB_A_TUNNEL_REQID]	= NLA_POLICY_MIN(NLA_U32, 1),
	[XLB_A_TUNNEL_WORKER]	= { .type = NLA_U32 },
	[XLB_A_TUNNEL_PINNED]	= NLA_POLICY_MAX(NLA_U8, 1),
	[XLB_A_TUNNEL_SPRAY]	= NLA_POLICY_MAX(NLA_U32, XLB_SPRAY_MAX),
	[XLB_A_TUNNEL_WEIGHT]	= NLA_POLICY_RANGE(NLA_U32, 1, XLB_LOAD_ONE),
};

static const struct nla_policy xlb_policy_policy[XLB_A_POLICY_MAX + 1] = {
	[XLB_A_POLICY_PLACEMENT]	= NLA_POLICY_MAX(NLA_U32,
							 XLB_PLACEMENT_MAX),
	[XLB_A_POLICY_HOTSPOT]		= NLA_POLICY_RANGE(NLA_U32, 100, 1000),
	[XLB_A_POLICY_INTERVAL_MS]	= NLA_POLICY_RANGE(NLA_U32, 10, 10000),
	[XLB_A_POLICY_SPRAY_THRESHOLD]	= NLA_POLICY_MAX(NLA_U32, 10000),
	[XLB_A_POLICY_MAX_MOVES]	= NLA_POLICY_MAX(NLA_U32, 64),
	[XLB_A_POLICY_MOVE_COOLDOWN]	= NLA_POLICY_MAX(NLA_U32, 1000),
};

static void *xlb_genl_put(struct sk_buff *skb, u32 portid, u32 seq,
			  int flags, u8 cmd)
{
	return genlmsg_put(skb, portid, seq, &xlb_genl_family, flags, cmd);
}

/* The policy of @net, as its SAs see it. */
static enum xlb_policy xlb_genl_placement(const struct net *net)
{
	return xlb_net_param(xlb_net(net), XLB_NET_POLICY);
}

/* The online workers @dev's SAs may use. */
static unsigned int xlb_dev_workers(const struct net_device *dev)
{
	const struct cpumask *cpus = xlb_dev_cpus(dev);

	return cpus ? cpumask_weight_and(cpus, cpu_online_mask) :
		      num_online_cpus();
}

static int xlb_dev_fill(struct sk_buff *skb, struct net_device *dev,
			u32 portid, u32 seq, int flags)
{
	struct xlb_dev *xlb = netdev_priv(dev);
	void *hdr;

	hdr = xlb_genl_put(skb, portid, seq, flags, XLB_CMD_DEV_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, XLB_A_DEV_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, XLB_A_DEV_IFNAME, dev->name) ||
	    nla_put_u32(skb, XLB_A_DEV_LOWER_IFINDEX, xlb->lower->ifindex) ||
	    nla_put_string(skb, XLB_A_DEV_LOWER_IFNAME, xlb->lower->name) ||
	    nla_put_u32(skb, XLB_A_DEV_PLACEMENT,
			xlb_genl_placement(dev_net(dev))) ||
	    nla_put_u32(skb, XLB_A_DEV_WORKERS, xlb_dev_workers(dev)) ||
	    nla_put_u32(skb, XLB_A_DEV_SAS,
			xlb_sa_count_in(dev_net(dev), dev->ifindex, -1))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int xlb_dev_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;
	struct sk_buff *msg;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, XLB_A_DEV_IFINDEX))
		return -EINVAL;
	dev = dev_get_by_index(genl_info_net(info),
			       nla_get_u32(info->attrs[XLB_A_DEV_IFINDEX]));
	if (!dev || !netif_is_xlb(dev)) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[XLB_A_DEV_IFINDEX],
				    "no xlb device with this ifindex");
		err = -ENODEV;
		goto out;
	}
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	err = -ENOMEM;
	if (!msg)
		goto out;
	err = xlb_dev_fill(msg, dev, info->snd_portid, info->snd_seq, 0);
	if (err) {
		nlmsg_free(msg);
		goto out;
	}
	err = genlmsg_reply(msg, info);
out:
	dev_put(dev);
	return err;
}

static int xlb_dev_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct net_device *dev;
	long i = 0;
	int err = 0;

	rcu_read_lock();
	for_each_netdev_rcu(net, dev) {
		if (!netif_is_xlb(dev) || i++ < cb->args[0])
			continue;
		err = xlb_dev_fill(skb, dev, NETLINK_CB(cb->skb).portid,
				   cb->nlh->nlmsg_seq, NLM_F_MULTI);
		if (err)
			break;
		cb->args[0]++;
	}
	rcu_read_unlock();
	return err == -EMSGSIZE && skb->len ? skb->len : err;
}

static int xlb_worker_fill(struct sk_buff *skb, const struct net *net,
			   unsigned int cpu, u32 portid, u32 seq, int flags)
{
	struct xlb_worker_stats ws;
	struct xlb_load load;
	void *hdr;

	xlb_load_get(cpu, &load);
	xlb_worker_stats(cpu, &ws);
	hdr = xlb_genl_put(skb, portid, seq, flags, XLB_CMD_WORKER_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, XLB_A_WORKER_CPU, cpu) ||
	    nla_put_u8(skb, XLB_A_WORKER_ONLINE, cpu_online(cpu)) ||
	    nla_put_u32(skb, XLB_A_WORKER_LOAD, load.load) ||
	    nla_put_u32(skb, XLB_A_WORKER_BUSY, load.busy) ||
	    nla_put_u32(skb, XLB_A_WORKER_OTHER, load.other) ||
	    nla_put_u32(skb, XLB_A_WORKER_BACKLOG, load.backlog) ||
	    nla_put_u32(skb, XLB_A_WORKER_DEPTH, ws.depth) ||
	    nla_put_u32(skb, XLB_A_WORKER_CAPACITY, ws.capacity) ||
	    nla_put_u64_64bit(skb, XLB_A_WORKER_PACKETS, ws.processed,
			      XLB_A_WORKER_PAD) ||
	    nla_put_u64_64bit(skb, XLB_A_WORKER_BYTES, ws.bytes,
			      XLB_A_WORKER_PAD) ||
	    nla_put_u64_64bit(skb, XLB_A_WORKER_DROPS, ws.refused,
			      XLB_A_WORKER_PAD) ||
	    nla_put_u64_64bit(skb, XLB_A_WORKER_BUSY_NS, ws.busy_ns,
			      XLB_A_WORKER_PAD) ||
	    nla_put_u64_64bit(skb, XLB_A_WORKER_PPS, load.pps,
			      XLB_A_WORKER_PAD) ||
	    nla_put_u64_64bit(skb, XLB_A_WORKER_BPS, load.bps,
			      XLB_A_WORKER_PAD) ||
	    nla_put_u32(skb, XLB_A_WORKER_SAS, xlb_sa_count_in(net, 0, cpu))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int xlb_worker_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attr = info->attrs[XLB_A_WORKER_CPU];
	struct sk_buff *msg;
	unsigned int cpu;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, XLB_A_WORKER_CPU))
		return -EINVAL;
	cpu = nla_get_u32(attr);
	if (cpu >= nr_cpu_ids || !cpu_possible(cpu)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr, "no such CPU");
		return -ENOENT;
	}
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	err = xlb_worker_fill(msg, genl_info_net(info), cpu, info->snd_portid,
			      info->snd_seq, 0);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

static int xlb_worker_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	unsigned int cpu;
	int err;

	for_each_possible_cpu(cpu) {
		if (cpu < cb->args[0])
			continue;
		err = xlb_worker_fill(skb, sock_net(skb->sk), cpu,
				      NETLINK_CB(cb->skb).portid,
				      cb->nlh->nlmsg_seq, NLM_F_MULTI);
		if (err)
			return skb->len ? skb->len : err;
		cb->args[0] = cpu + 1;
	}
	return 0;
}

/* Where an SA reply goes. */
struct xlb_sa_reply {
	struct sk_buff *skb;
	u32 portid;
	u32 seq;
	int flags;
};

static int xlb_sa_put_addr(struct sk_buff *skb, int type,
			   const struct xlb_sa *sa, const xfrm_address_t *a)
{
	if (sa->family == AF_INET6)
		return nla_put_in6_addr(skb, type, &a->in6);
	return nla_put_in_addr(skb, type, a->a4);
}

/* Called under the SA table's lock, with @sa live. */
static int xlb_sa_fill(struct xlb_sa *sa, void *arg)
{
	const struct xlb_sa_reply *r = arg;
	const struct xfrm_state *x = sa->x;
	struct sk_buff *skb = r->skb;
	void *hdr;

	hdr = xlb_genl_put(skb, r->portid, r->seq, r->flags, XLB_CMD_SA_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, XLB_A_SA_IFINDEX, sa->dev->ifindex) ||
	    nla_put_u32(skb, XLB_A_SA_SPI, ntohl(sa->spi)) ||
	    nla_put_u64_64bit(skb, XLB_A_SA_ID, sa->id, XLB_A_SA_PAD) ||
	    nla_put_u8(skb, XLB_A_SA_DIR, sa->dir) ||
	    nla_put_u16(skb, XLB_A_SA_FAMILY, sa->family) ||
	    xlb_sa_put_addr(skb, XLB_A_SA_SADDR, sa, &x->props.saddr) ||
	    xlb_sa_put_addr(skb, XLB_A_SA_DADDR, sa, &x->id.daddr) ||
	    nla_put_u32(skb, XLB_A_SA_REQID, x->props.reqid) ||
	    nla_put_string(skb, XLB_A_SA_ALG, xlb_sa_alg(x)) ||
	    (x->aalg && nla_put_string(skb, XLB_A_SA_AUTH, x->aalg->alg_name)) ||
	    nla_put_u32(skb, XLB_A_SA_WORKER, sa->cpu) ||
	    nla_put_u8(skb, XLB_A_SA_PINNED, sa->pinned) ||
	    nla_put_u32(skb, XLB_A_SA_SPRAY, sa->spray_mode) ||
	    nla_put_u8(skb, XLB_A_SA_SPRAYED, READ_ONCE(sa->sprayed)) ||
	    nla_put_u32(skb, XLB_A_SA_COST, sa->cost) ||
	    nla_put_u64_64bit(skb, XLB_A_SA_PPS, sa->pps, XLB_A_SA_PAD) ||
	    nla_put_u64_64bit(skb, XLB_A_SA_PACKETS,
			      atomic64_read(&sa->stats.packets), XLB_A_SA_PAD) ||
	    nla_put_u64_64bit(skb, XLB_A_SA_BYTES,
			      atomic64_read(&sa->stats.bytes), XLB_A_SA_PAD) ||
	    nla_put_u64_64bit(skb, XLB_A_SA_ERRORS,
			      atomic64_read(&sa->stats.errors), XLB_A_SA_PAD) ||
	    nla_put_u64_64bit(skb, XLB_A_SA_DROPS,
			      atomic64_read(&sa->stats.drops), XLB_A_SA_PAD) ||
	    nla_put_u64_64bit(skb, XLB_A_SA_FALLBACKS,
			      atomic64_read(&sa->stats.fallbacks), XLB_A_SA_PAD) ||
	    nla_put_u64_64bit(skb, XLB_A_SA_MOVES,
			      atomic64_read(&sa->stats.moves), XLB_A_SA_PAD) ||
	    nla_put_u64_64bit(skb, XLB_A_SA_LATE,
			      atomic64_read(&sa->stats.late), XLB_A_SA_PAD) ||
	    nla_put_u64_64bit(skb, XLB_A_SA_TIMEOUTS,
			      atomic64_read(&sa->stats.timeouts), XLB_A_SA_PAD) ||
	    nla_put_u32(skb, XLB_A_SA_INFLIGHT, xlb_order_depth(&sa->order))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* Fills @key from the request; the SPI or the ID is required. */
static int xlb_sa_key_parse(struct genl_info *info, struct xlb_sa_key *key)
{
	struct nlattr **tb = info->attrs;
	struct nlattr *daddr = tb[XLB_A_SA_DADDR];

	if (!tb[XLB_A_SA_ID] && GENL_REQ_ATTR_CHECK(info, XLB_A_SA_SPI))
		return -EINVAL;
	memset(key, 0, sizeof(*key));
	if (tb[XLB_A_SA_ID])
		key->id = nla_get_u64(tb[XLB_A_SA_ID]);
	key->has_spi = tb[XLB_A_SA_SPI];
	if (key->has_spi)
		key->spi = htonl(nla_get_u32(tb[XLB_A_SA_SPI]));
	if (tb[XLB_A_SA_DIR])
		key->dir = nla_get_u8(tb[XLB_A_SA_DIR]);
	if (tb[XLB_A_SA_IFINDEX])
		key->ifindex = nla_get_u32(tb[XLB_A_SA_IFINDEX]);
	if (daddr) {
		switch (nla_len(daddr)) {
		case sizeof(struct in_addr):
			key->family = AF_INET;
			break;
		case sizeof(struct in6_addr):
			key->family = AF_INET6;
			break;
		default:
			NL_SET_ERR_MSG_ATTR(info->extack, daddr,
					    "address must be 4 or 16 bytes");
			return -EINVAL;
		}
		nla_memcpy(&key->daddr, daddr, sizeof(key->daddr));
	}
	return 0;
}

/* Says why xlb_sa_with() found no one SA. */
static int xlb_sa_lookup_error(struct genl_info *info, int err)
{
	if (err == -ENOENT && info->attrs[XLB_A_SA_ID])
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[XLB_A_SA_ID],
				    "no offloaded SA with this ID in this namespace");
	else if (err == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[XLB_A_SA_SPI],
				    "no offloaded SA with this SPI in this namespace");
	else if (err == -ENOTUNIQ)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[XLB_A_SA_SPI],
				    "SPI names several SAs: add direction, device or destination");
	return err;
}

static int xlb_sa_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct xlb_sa_reply r = {
		.portid = info->snd_portid, .seq = info->snd_seq,
	};
	struct xlb_sa_key key;
	int err;

	err = xlb_sa_key_parse(info, &key);
	if (err)
		return err;
	r.skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!r.skb)
		return -ENOMEM;
	err = xlb_sa_with(genl_info_net(info), &key, xlb_sa_fill, &r);
	if (err) {
		nlmsg_free(r.skb);
		return xlb_sa_lookup_error(info, err);
	}
	return genlmsg_reply(r.skb, info);
}

static int xlb_sa_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nlattr **tb = xlb_genl_dump_attrs(cb);
	struct xlb_sa_reply r = {
		.skb = skb, .portid = NETLINK_CB(cb->skb).portid,
		.seq = cb->nlh->nlmsg_seq, .flags = NLM_F_MULTI,
	};
	int ifindex = 0, err;

	if (tb && tb[XLB_A_SA_IFINDEX])
		ifindex = nla_get_u32(tb[XLB_A_SA_IFINDEX]);
	err = xlb_sa_for_each(sock_net(skb->sk), ifindex,
			      (unsigned long *)&cb->args[0], xlb_sa_fill, &r);
	return err == -EMSGSIZE && skb->len ? skb->len : err;
}

/* What XLB_CMD_SA_SET asks of the SA it names. */
struct xlb_sa_change {
	struct genl_info *info;
	struct xlb_event ev;
};

/* Called under the SA table's lock. */
static int xlb_sa_change(struct xlb_sa *sa, void *arg)
{
	struct xlb_sa_change *c = arg;
	struct nlattr **tb = c->info->attrs;
	struct netlink_ext_ack *extack = c->info->extack;
	int err;

	if (tb[XLB_A_SA_PINNED] && !nla_get_u8(tb[XLB_A_SA_PINNED]))
		xlb_sa_unpin(sa);
	if (tb[XLB_A_SA_SPRAY]) {
		err = xlb_sa_set_spray(sa, nla_get_u32(tb[XLB_A_SA_SPRAY]));
		if (err) {
			NL_SET_ERR_MSG_ATTR(extack, tb[XLB_A_SA_SPRAY],
					    "the SA is pinned: unpin it to spray it");
			return err;
		}
	}
	if (tb[XLB_A_SA_WORKER] ||
	    (tb[XLB_A_SA_PINNED] && nla_get_u8(tb[XLB_A_SA_PINNED]))) {
		err = xlb_sa_pin(sa, tb[XLB_A_SA_WORKER] ?
				 nla_get_u32(tb[XLB_A_SA_WORKER]) : sa->cpu,
				 &c->ev);
		if (err == -EPERM)
			xlb_extack_cpus(extack, tb[XLB_A_SA_WORKER],
					"worker outside the CPUs this SA's device may use",
					sa->cpus);
		else if (err)
			NL_SET_ERR_MSG(extack,
				       "the SA is set to spray: set spray off or auto to pin it");
		return err;
	}
	return 0;
}

static int xlb_sa_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct xlb_sa_change c = { .info = info };
	struct xlb_sa_key key;
	unsigned int cpu;
	int err;

	err = xlb_sa_key_parse(info, &key);
	if (err)
		return err;
	if (!tb[XLB_A_SA_WORKER] && !tb[XLB_A_SA_PINNED] && !tb[XLB_A_SA_SPRAY]) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to set: give a worker, pinned or spray");
		return -EINVAL;
	}
	if (tb[XLB_A_SA_SPRAY] &&
	    nla_get_u32(tb[XLB_A_SA_SPRAY]) == XLB_SPRAY_ON &&
	    (tb[XLB_A_SA_WORKER] ||
	     (tb[XLB_A_SA_PINNED] && nla_get_u8(tb[XLB_A_SA_PINNED])))) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[XLB_A_SA_SPRAY],
				    "a pinned SA is not sprayed: pin or spray, not both");
		return -EINVAL;
	}
	if (tb[XLB_A_SA_WORKER]) {
		cpu = nla_get_u32(tb[XLB_A_SA_WORKER]);
		if (tb[XLB_A_SA_PINNED] && !nla_get_u8(tb[XLB_A_SA_PINNED])) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[XLB_A_SA_PINNED],
					    "a worker pins the SA: it cannot also unpin it");
			return -EINVAL;
		}
		if (cpu >= nr_cpu_ids || !cpu_online(cpu)) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[XLB_A_SA_WORKER],
					    "no online worker with this CPU number");
			return -EINVAL;
		}
	}
	err = xlb_sa_with(genl_info_net(info), &key, xlb_sa_change, &c);
	if (err == -ENOENT || err == -ENOTUNIQ)
		return xlb_sa_lookup_error(info, err);
	if (!err && c.ev.cmd)
		xlb_notify(&c.ev);
	return err;
}

static int xlb_tunnel_fill(struct sk_buff *skb,
			   const struct xlb_tunnel_rule *rule, u32 portid,
			   u32 seq, int flags)
{
	void *hdr;

	hdr = xlb_genl_put(skb, portid, seq, flags, XLB_CMD_TUNNEL_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, XLB_A_TUNNEL_REQID, rule->reqid) ||
	    (rule->has_worker &&
	     (nla_put_u32(skb, XLB_A_TUNNEL_WORKER, rule->worker) ||
	      nla_put_u8(skb, XLB_A_TUNNEL_PINNED, rule->pinned))) ||
	    (rule->has_spray &&
	     nla_put_u32(skb, XLB_A_TUNNEL_SPRAY, rule->spray_mode)) ||
	    (rule->weight &&
	     nla_put_u32(skb, XLB_A_TUNNEL_WEIGHT, rule->weight))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int xlb_tunnel_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct xlb_tunnel_rule rule;
	struct sk_buff *msg;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, XLB_A_TUNNEL_REQID))
		return -EINVAL;
	if (!xlb_tunnel_find(genl_info_net(info),
			     nla_get_u32(info->attrs[XLB_A_TUNNEL_REQID]),
			     &rule)) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[XLB_A_TUNNEL_REQID],
				    "no tunnel rule with this reqid in this namespace");
		return -ENOENT;
	}
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	err = xlb_tunnel_fill(msg, &rule, info->snd_portid, info->snd_seq, 0);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

struct xlb_tunnel_dump {
	struct sk_buff *skb;
	struct netlink_callback *cb;
};

static int xlb_tunnel_dump_one(const struct xlb_tunnel_rule *rule, void *arg)
{
	struct xlb_tunnel_dump *d = arg;

	return xlb_tunnel_fill(d->skb, rule, NETLINK_CB(d->cb->skb).portid,
			       d->cb->nlh->nlmsg_seq, NLM_F_MULTI);
}

static int xlb_tunnel_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct xlb_tunnel_dump d = { .skb = skb, .cb = cb };
	int err;

	err = xlb_tunnel_for_each(sock_net(skb->sk),
				  (unsigned long *)&cb->args[0],
				  xlb_tunnel_dump_one, &d);
	return err == -EMSGSIZE && skb->len ? skb->len : err;
}

/* Reads a rule from a TUNNEL_SET request; refuses what cannot be kept. */
static int xlb_tunnel_rule_parse(struct genl_info *info,
				 struct xlb_tunnel_rule *rule)
{
	struct nlattr **tb = info->attrs;
	struct netlink_ext_ack *extack = info->extack;

	if (GENL_REQ_ATTR_CHECK(info, XLB_A_TUNNEL_REQID))
		return -EINVAL;
	memset(rule, 0, sizeof(*rule));
	rule->reqid = nla_get_u32(tb[XLB_A_TUNNEL_REQID]);
	rule->has_worker = tb[XLB_A_TUNNEL_WORKER];
	rule->has_spray = tb[XLB_A_TUNNEL_SPRAY];
	if (tb[XLB_A_TUNNEL_PINNED] && !rule->has_worker) {
		NL_SET_ERR_MSG_ATTR(extack, tb[XLB_A_TUNNEL_PINNED],
				    "pinned needs the worker to pin to");
		return -EINVAL;
	}
	if (tb[XLB_A_TUNNEL_WEIGHT])
		rule->weight = nla_get_u32(tb[XLB_A_TUNNEL_WEIGHT]);
	if (!rule->has_worker && !rule->has_spray && !rule->weight) {
		NL_SET_ERR_MSG(extack,
			       "nothing to set: give a worker, a spray mode or a weight");
		return -EINVAL;
	}
	if (rule->has_worker) {
		rule->worker = nla_get_u32(tb[XLB_A_TUNNEL_WORKER]);
		if (rule->worker >= nr_cpu_ids || !cpu_possible(rule->worker)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[XLB_A_TUNNEL_WORKER],
					    "no worker with this CPU number");
			return -EINVAL;
		}
		rule->pinned = tb[XLB_A_TUNNEL_PINNED] &&
			       nla_get_u8(tb[XLB_A_TUNNEL_PINNED]);
	}
	if (rule->has_spray)
		rule->spray_mode = nla_get_u32(tb[XLB_A_TUNNEL_SPRAY]);
	if (rule->pinned && rule->has_spray &&
	    rule->spray_mode == XLB_SPRAY_ON) {
		NL_SET_ERR_MSG_ATTR(extack, tb[XLB_A_TUNNEL_SPRAY],
				    "a pinned SA is not sprayed: pin or spray, not both");
		return -EINVAL;
	}
	return 0;
}

/*
 * In a container's namespace a rule's worker must be a CPU the caller may
 * run on: its devices' SAs may use only their creator's CPUs (device.c),
 * and a rule that could never apply would only mislead. Placement checks
 * the SA's device again.
 */
static int xlb_tunnel_rule_allowed(struct genl_info *info,
				   const struct xlb_tunnel_rule *rule)
{
	if (!rule->has_worker ||
	    genl_info_net(info)->user_ns == &init_user_ns ||
	    cpumask_test_cpu(rule->worker, current->cpus_ptr))
		return 0;
	xlb_extack_cpus(info->extack, info->attrs[XLB_A_TUNNEL_WORKER],
			"worker outside the CPUs you may use",
			current->cpus_ptr);
	return -EPERM;
}

static int xlb_tunnel_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct xlb_tunnel_rule rule;
	int err;

	err = xlb_tunnel_rule_parse(info, &rule);
	if (!err)
		err = xlb_tunnel_rule_allowed(info, &rule);
	if (err)
		return err;
	err = xlb_tunnel_set(genl_info_net(info), &rule);
	if (err == -ENOSPC)
		NL_SET_ERR_MSG(info->extack,
			       "too many tunnel rules in this namespace (at most "
			       __stringify(XLB_TUNNEL_RULES_MAX) ")");
	return err;
}

static int xlb_tunnel_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	int err;

	if (GENL_REQ_ATTR_CHECK(info, XLB_A_TUNNEL_REQID))
		return -EINVAL;
	err = xlb_tunnel_del(genl_info_net(info),
			     nla_get_u32(info->attrs[XLB_A_TUNNEL_REQID]));
	if (err == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[XLB_A_TUNNEL_REQID],
				    "no tunnel rule with this reqid in this namespace");
	return err;
}

/* The policy attributes a namespace may set, and what they set. */
static const struct {
	u16 attr;
	u8 param;
} xlb_policy_attrs[] = {
	{ XLB_A_POLICY_PLACEMENT,	XLB_NET_POLICY },
	{ XLB_A_POLICY_HOTSPOT,		XLB_NET_HOTSPOT },
	{ XLB_A_POLICY_SPRAY_THRESHOLD,	XLB_NET_SPRAY_SHARE },
	{ XLB_A_POLICY_MAX_MOVES,	XLB_NET_MAX_MOVES },
	{ XLB_A_POLICY_MOVE_COOLDOWN,	XLB_NET_COOLDOWN },
};

static int xlb_policy_fill(struct sk_buff *skb, const struct net *net,
			   u32 portid, u32 seq)
{
	struct xlb_net *xn = xlb_net(net);
	unsigned int i;
	void *hdr;

	hdr = xlb_genl_put(skb, portid, seq, 0, XLB_CMD_POLICY_GET);
	if (!hdr)
		return -EMSGSIZE;
	for (i = 0; i < ARRAY_SIZE(xlb_policy_attrs); i++)
		if (nla_put_u32(skb, xlb_policy_attrs[i].attr,
				xlb_net_param(xn, xlb_policy_attrs[i].param)))
			goto cancel;
	if (nla_put_u32(skb, XLB_A_POLICY_INTERVAL_MS, xlb_param(interval_ms)))
		goto cancel;
	genlmsg_end(skb, hdr);
	return 0;

cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int xlb_policy_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	err = xlb_policy_fill(msg, genl_info_net(info), info->snd_portid,
			      info->snd_seq);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

static int xlb_policy_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct xlb_net *xn = xlb_net(net);
	struct nlattr **tb = info->attrs;
	unsigned int i;
	bool any = false;

	for (i = 1; i <= XLB_A_POLICY_MAX; i++)
		any |= !!tb[i];
	if (!any) {
		NL_SET_ERR_MSG(info->extack, "nothing to set");
		return -EINVAL;
	}
	/* Checked before anything changes: all of the request or none. */
	if (tb[XLB_A_POLICY_INTERVAL_MS] && !net_eq(net, &init_net)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[XLB_A_POLICY_INTERVAL_MS],
				    "the interval is the host's: set it from the initial network namespace");
		return -EPERM;
	}
	for (i = 0; i < ARRAY_SIZE(xlb_policy_attrs); i++)
		if (tb[xlb_policy_attrs[i].attr])
			xlb_net_param_set(xn, xlb_policy_attrs[i].param,
					  nla_get_u32(tb[xlb_policy_attrs[i].attr]));
	if (tb[XLB_A_POLICY_INTERVAL_MS])
		WRITE_ONCE(xlb_params.interval_ms,
			   nla_get_u32(tb[XLB_A_POLICY_INTERVAL_MS]));
	return 0;
}

static const struct genl_ops xlb_genl_ops[] = {
	{
		.cmd		= XLB_CMD_DEV_GET,
		.doit		= xlb_dev_get_doit,
		.dumpit		= xlb_dev_get_dumpit,
		.policy		= xlb_dev_policy,
		.maxattr	= XLB_A_DEV_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= XLB_CMD_WORKER_GET,
		.doit		= xlb_worker_get_doit,
		.dumpit		= xlb_worker_get_dumpit,
		.policy		= xlb_worker_policy,
		.maxattr	= XLB_A_WORKER_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= XLB_CMD_SA_GET,
		.doit		= xlb_sa_get_doit,
		.dumpit		= xlb_sa_get_dumpit,
		.policy		= xlb_sa_policy,
		.maxattr	= XLB_A_SA_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= XLB_CMD_SA_SET,
		.doit		= xlb_sa_set_doit,
		.policy		= xlb_sa_policy,
		.maxattr	= XLB_A_SA_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= XLB_CMD_POLICY_GET,
		.doit		= xlb_policy_get_doit,
		.policy		= xlb_policy_policy,
		.maxattr	= XLB_A_POLICY_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= XLB_CMD_POLICY_SET,
		.doit		= xlb_policy_set_doit,
		.policy		= xlb_policy_policy,
		.maxattr	= XLB_A_POLICY_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= XLB_CMD_TUNNEL_GET,
		.doit		= xlb_tunnel_get_doit,
		.dumpit		= xlb_tunnel_get_dumpit,
		.policy		= xlb_tunnel_policy,
		.maxattr	= XLB_A_TUNNEL_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= XLB_CMD_TUNNEL_SET,
		.doit		= xlb_tunnel_set_doit,
		.policy		= xlb_tunnel_policy,
		.maxattr	= XLB_A_TUNNEL_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= XLB_CMD_TUNNEL_DEL,
		.doit		= xlb_tunnel_del_doit,
		.policy		= xlb_tunnel_policy,
		.maxattr	= XLB_A_TUNNEL_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
};

/*
 * Reading needs what changing needs, as with xfrm's own netlink: SAs show
 * addresses, SPIs and reqids. So does listening, for the same reason.
 */
static const struct genl_multicast_group xlb_genl_mcgrps[] = {
	{ .name = XLB_MCGRP_EVENTS, .flags = GENL_MCAST_CAP_NET_ADMIN },
};

struct genl_family xlb_genl_family __ro_after_init = {
	.name		= XLB_GENL_NAME,
	.version	= XLB_GENL_VERSION,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.ops		= xlb_genl_ops,
	.n_ops		= ARRAY_SIZE(xlb_genl_ops),
	.resv_start_op	= XLB_CMD_DEV_GET,
	.mcgrps		= xlb_genl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(xlb_genl_mcgrps),
};

int xlb_genl_init(void)
{
	/* The uAPI's numbers are the ones the kernel code uses. */
	BUILD_BUG_ON((int)XLB_PLACEMENT_HASH != (int)XLB_POLICY_HASH ||
		     (int)XLB_PLACEMENT_LEAST_LOADED !=
		     (int)XLB_POLICY_LEAST_LOADED ||
		     (int)XLB_PLACEMENT_ADAPTIVE != (int)XLB_POLICY_ADAPTIVE);
	BUILD_BUG_ON((int)XLB_SA_DIR_IN != (int)XFRM_DEV_OFFLOAD_IN ||
		     (int)XLB_SA_DIR_OUT != (int)XFRM_DEV_OFFLOAD_OUT);
	return genl_register_family(&xlb_genl_family);
}

void xlb_genl_exit(void)
{
	genl_unregister_family(&xlb_genl_family);
}
