// SPDX-License-Identifier: GPL-2.0
/*
 * The xlb link type: `ip link add link LOWER name xlb0 type xlb`.
 *
 * xlb0 takes over its lower device the way macvlan's passthru mode does: it
 * has LOWER's MAC address and MTU, its carrier follows LOWER, everything LOWER
 * receives is delivered on xlb0 and everything sent on xlb0 leaves on LOWER.
 */

#include <linux/cpumask.h>
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/user_namespace.h>
#include <net/rtnetlink.h>

#include "compat.h"
#include "sa.h"
#include "xlb.h"

/*
 * Offloads xlb0 can promise whatever LOWER supports: LOWER's own transmit
 * validation segments and checksums in software what its hardware cannot.
 */
#define XLB_FEATURES (NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_HIGHDMA |	\
		      NETIF_F_FRAGLIST | NETIF_F_GSO_SOFTWARE |		\
		      NETIF_F_RXCSUM | NETIF_F_HW_ESP)

static rx_handler_result_t xlb_handle_frame(struct sk_buff **pskb);

/* The xlb device stacked on @lower, or NULL. Caller holds RTNL. */
static struct xlb_dev *xlb_from_lower(const struct net_device *lower)
{
	if (rcu_access_pointer(lower->rx_handler) != xlb_handle_frame)
		return NULL;
	return rtnl_dereference(lower->rx_handler_data);
}

/* The xlb device stacked on @lower, or NULL. Caller holds RCU. */
struct xlb_dev *xlb_from_lower_rcu(const struct net_device *lower)
{
	if (rcu_access_pointer(lower->rx_handler) != xlb_handle_frame)
		return NULL;
	return rcu_dereference(lower->rx_handler_data);
}

static rx_handler_result_t xlb_handle_frame(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct xlb_dev *xlb = rcu_dereference(skb->dev->rx_handler_data);
	struct net_device *dev = xlb->dev;

	/* Our own transmissions looped back by a packet socket stay on LOWER. */
	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;
	if (unlikely(!(dev->flags & IFF_UP)))
		return RX_HANDLER_PASS;

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb)) {
		dev_core_stats_rx_dropped_inc(dev);
		return RX_HANDLER_CONSUMED;
	}

	dev_sw_netstats_rx_add(dev, skb->len);
	skb->dev = dev;
	if (xlb_rx_esp(xlb, skb, false))
		return RX_HANDLER_CONSUMED;
	*pskb = skb;
	return RX_HANDLER_ANOTHER;
}

static netdev_tx_t xlb_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct xlb_dev *xlb = netdev_priv(dev);

	if (!xlb_xmit_esp(xlb, skb))
		xlb_xmit_lower(xlb, skb);
	return NETDEV_TX_OK;
}

/*
 * A device made in a namespace that a user namespace other than the
 * initial one owns (a container) gets the CPUs its creator may run on (its
 * affinity, which its cpuset bounds): its SAs' crypto stays there, so that
 * xlb's workers cannot take a container onto CPUs it may not use. Taken
 * once, here: ndo_init runs in the creator's context (xlb_newlink).
 */
static int xlb_confine(struct xlb_dev *xlb, const struct net *net)
{
	if (net->user_ns == &init_user_ns)
		return 0;
	xlb->cpus = kmalloc(cpumask_size(), GFP_KERNEL);
	if (!xlb->cpus)
		return -ENOMEM;
	cpumask_copy(xlb->cpus, current->cpus_ptr);
	return 0;
}

/* The CPUs whose workers @dev's SAs may use; NULL: every online one. */
const struct cpumask *xlb_dev_cpus(const struct net_device *dev)
{
	const struct xlb_dev *xlb = netdev_priv(dev);

	return netif_is_xlb(dev) ? xlb->cpus : NULL;
}

static int xlb_init(struct net_device *dev)
{
	struct xlb_dev *xlb = netdev_priv(dev);
	int err = -ENOMEM;

	xlb_larval_init(xlb);
	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	if (!dev->tstats)
		return -ENOMEM;
	xlb->esp_stats = alloc_percpu(struct xlb_esp_stats);
	if (!xlb->esp_stats)
		goto err_tstats;
	err = xlb_confine(xlb, dev_net(dev));
	if (err)
		goto err_esp_stats;
	return 0;

err_esp_stats:
	free_percpu(xlb->esp_stats);
err_tstats:
	free_percpu(dev->tstats);
	return err;
}

static void xlb_uninit(struct net_device *dev)
{
	struct xlb_dev *xlb = netdev_priv(dev);

	/* NULL when xlb_newlink failed after registering and undid it all. */
	if (xlb->lower) {
		netdev_rx_handler_unregister(xlb->lower);
		netdev_upper_dev_unlink(xlb->lower, dev);
	}
	xlb_larval_flush(xlb);
}

/*
 * Runs once the last reference to xlb0 is gone. Packets a worker still
 * holds keep xlb0 referenced (through their SA) and are sent on LOWER, so
 * LOWER is released here, not in ndo_uninit (as VLAN devices do).
 */
static void xlb_destruct(struct net_device *dev)
{
	struct xlb_dev *xlb = netdev_priv(dev);

	if (xlb->lower)
		netdev_put(xlb->lower, &xlb->lower_tracker);
	kfree(xlb->cpus);
	free_percpu(xlb->esp_stats);
	free_percpu(dev->tstats);
}

/* xlb0 has LOWER's address, so only its multicast and promisc needs go down. */
static int xlb_open(struct net_device *dev)
{
	struct xlb_dev *xlb = netdev_priv(dev);
	int err;

	if (dev->flags & IFF_ALLMULTI) {
		err = dev_set_allmulti(xlb->lower, 1);
		if (err)
			return err;
	}
	if (dev->flags & IFF_PROMISC) {
		err = dev_set_promiscuity(xlb->lower, 1);
		if (err) {
			if (dev->flags & IFF_ALLMULTI)
				dev_set_allmulti(xlb->lower, -1);
			return err;
		}
	}
	netif_stacked_transfer_operstate(xlb->lower, dev);
	return 0;
}

static int xlb_stop(struct net_device *dev)
{
	struct xlb_dev *xlb = netdev_priv(dev);

	dev_uc_unsync(xlb->lower, dev);
	dev_mc_unsync(xlb->lower, dev);
	if (dev->flags & IFF_ALLMULTI)
		dev_set_allmulti(xlb->lower, -1);
	if (dev->flags & IFF_PROMISC)
		dev_set_promiscuity(xlb->lower, -1);
	return 0;
}

static void xlb_change_rx_flags(struct net_device *dev, int change)
{
	struct xlb_dev *xlb = netdev_priv(dev);

	if (!(dev->flags & IFF_UP))
		return;
	if (change & IFF_ALLMULTI)
		dev_set_allmulti(xlb->lower, dev->flags & IFF_ALLMULTI ? 1 : -1);
	if (change & IFF_PROMISC)
		dev_set_promiscuity(xlb->lower, dev->flags & IFF_PROMISC ? 1 : -1);
}

static void xlb_set_rx_mode(struct net_device *dev)
{
	struct xlb_dev *xlb = netdev_priv(dev);

	dev_uc_sync(xlb->lower, dev);
	dev_mc_sync(xlb->lower, dev);
}

static int xlb_get_iflink(const struct net_device *dev)
{
	struct xlb_dev *xlb = netdev_priv(dev);

	return READ_ONCE(xlb->lower->ifindex);
}

static const struct net_device_ops xlb_netdev_ops = {
	.ndo_init		= xlb_init,
	.ndo_uninit		= xlb_uninit,
	.ndo_open		= xlb_open,
	.ndo_stop		= xlb_stop,
	.ndo_start_xmit		= xlb_start_xmit,
	.ndo_change_rx_flags	= xlb_change_rx_flags,
	.ndo_set_rx_mode	= xlb_set_rx_mode,
	.ndo_get_stats64	= dev_get_tstats64,
	.ndo_get_iflink		= xlb_get_iflink,
	.ndo_validate_addr	= eth_validate_addr,
};

static void xlb_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &xlb_netdev_ops;
	dev->ethtool_ops = &xlb_ethtool_ops;
	dev->xfrmdev_ops = &xlb_xfrmdev_ops;
	dev->needs_free_netdev = true;
	dev->priv_destructor = xlb_destruct;

	/* No qdisc of our own: LOWER's queues are where packets wait. */
	dev->priv_flags |= IFF_NO_QUEUE;
	/* Keep the route on the skb down to LOWER: XFRM offload looks at it. */
	dev->priv_flags &= ~(IFF_XMIT_DST_RELEASE | IFF_TX_SKB_SHARING);
	netif_keep_dst(dev);
	xlb_set_lltx(dev);
	/* LOWER is looked up in our namespace; moving xlb0 would break that. */
	xlb_set_netns_immutable(dev);

	dev->features |= XLB_FEATURES;
	dev->hw_features |= XLB_FEATURES;
	dev->hw_enc_features |= NETIF_F_HW_ESP;
	dev->vlan_features |= XLB_FEATURES & ~NETIF_F_HW_ESP;
	dev->min_mtu = ETH_MIN_MTU;
	/* The real bound is LOWER's MTU, checked in xlb_newlink(). */
	dev->max_mtu = ETH_MAX_MTU;
}

static int xlb_check_lower(struct net_device *dev, struct net_device *lower,
			   struct netlink_ext_ack *extack)
{
	if (!net_eq(dev_net(lower), dev_net(dev))) {
		NL_SET_ERR_MSG(extack, "xlb: lower device is in another network namespace");
		return -EINVAL;
	}
	if (lower->flags & IFF_LOOPBACK) {
		NL_SET_ERR_MSG(extack, "xlb: lower device cannot be loopback");
		return -EINVAL;
	}
	if (netif_is_xlb(lower)) {
		NL_SET_ERR_MSG(extack, "xlb: lower device cannot be an xlb device");
		return -EINVAL;
	}
	if (lower->type != ARPHRD_ETHER || lower->addr_len != ETH_ALEN) {
		NL_SET_ERR_MSG(extack, "xlb: lower device must be Ethernet");
		return -EINVAL;
	}
	if (xlb_from_lower(lower)) {
		NL_SET_ERR_MSG(extack, "xlb: lower device already has an xlb device");
		return -EBUSY;
	}
	if (netdev_is_rx_handler_busy(lower)) {
		NL_SET_ERR_MSG(extack, "xlb: lower device is in use by another driver");
		return -EBUSY;
	}
	return 0;
}

static int xlb_newlink(struct net *src_net, struct net_device *dev,
		       struct nlattr *tb[], struct nlattr *data[],
		       struct netlink_ext_ack *extack)
{
	struct xlb_dev *xlb = netdev_priv(dev);
	struct net_device *lower;
	int err;

	if (!tb[IFLA_LINK]) {
		NL_SET_ERR_MSG(extack, "xlb: a lower device is required");
		return -EINVAL;
	}
	lower = __dev_get_by_index(src_net, nla_get_u32(tb[IFLA_LINK]));
	if (!lower) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_LINK], "xlb: lower device not found");
		return -ENODEV;
	}
	err = xlb_check_lower(dev, lower, extack);
	if (err)
		return err;

	if (tb[IFLA_MTU] && nla_get_u32(tb[IFLA_MTU]) > lower->mtu) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_MTU],
				    "xlb: MTU larger than the lower device's");
		return -EINVAL;
	}
	if (tb[IFLA_ADDRESS]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
				    "xlb: the address is always the lower's");
		return -EINVAL;
	}

	xlb->dev = dev;
	xlb->lower = lower;
	eth_hw_addr_set(dev, lower->dev_addr);
	dev->max_mtu = lower->mtu;
	if (!tb[IFLA_MTU])
		dev->mtu = lower->mtu;
	dev->needed_headroom = lower->needed_headroom;
	dev->needed_tailroom = lower->needed_tailroom;
	netif_inherit_tso_max(dev, lower);

	err = register_netdevice(dev);
	if (err)
		return err;
	netdev_hold(lower, &xlb->lower_tracker, GFP_KERNEL);

	err = netdev_upper_dev_link(lower, dev, extack);
	if (err)
		goto err_unregister;
	err = netdev_rx_handler_register(lower, xlb_handle_frame, xlb);
	if (err) {
		NL_SET_ERR_MSG(extack, "xlb: cannot attach to the lower device");
		netdev_upper_dev_unlink(lower, dev);
		goto err_unregister;
	}
	netif_stacked_transfer_operstate(lower, dev);
	/* Carrier may not have changed: compute operstate now, not UNKNOWN. */
	linkwatch_fire_event(dev);
	return 0;

err_unregister:
	netdev_put(lower, &xlb->lower_tracker);
	xlb->lower = NULL;
	unregister_netdevice(dev);
	return err;
}

struct rtnl_link_ops xlb_link_ops = {
	.kind		= XLB_DRV_NAME,
	.priv_size	= sizeof(struct xlb_dev),
	.setup		= xlb_setup,
	.newlink	= xlb_newlink,
};

/* LOWER changed: xlb0 follows its state, address and MTU, or goes with it. */
static int xlb_lower_event(struct net_device *lower, unsigned long event)
{
	struct xlb_dev *xlb = xlb_from_lower(lower);
	struct net_device *dev;
	LIST_HEAD(kill);

	if (!xlb)
		return NOTIFY_DONE;
	dev = xlb->dev;

	switch (event) {
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
		netif_stacked_transfer_operstate(lower, dev);
		break;
	case NETDEV_CHANGEMTU: {
		/* Follow LOWER, unless xlb0 was deliberately set smaller. */
		bool following = dev->mtu == dev->max_mtu;

		dev->max_mtu = lower->mtu;
		if (following || dev->mtu > lower->mtu)
			dev_set_mtu(dev, lower->mtu);
		break;
	}
	case NETDEV_CHANGEADDR:
		eth_hw_addr_set(dev, lower->dev_addr);
		call_netdevice_notifiers(NETDEV_CHANGEADDR, dev);
		break;
	case NETDEV_PRE_TYPE_CHANGE:
		return NOTIFY_BAD;
	case NETDEV_UNREGISTER:
		/* Also on a namespace move: xlb0 goes with its lower device. */
		unregister_netdevice_queue(dev, &kill);
		unregister_netdevice_many(&kill);
		break;
	}
	return NOTIFY_DONE;
}

static int xlb_netdev_event(struct notifier_block *nb, unsigned long event,
			    void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	/* xlb0 is going: deleted states must not keep holding it. */
	if (event == NETDEV_UNREGISTER && netif_is_xlb(dev)) {
		xlb_sa_release_dev(dev);
		return NOTIFY_DONE;
	}
	return xlb_lower_event(dev, event);
}

static struct notifier_block xlb_notifier = {
	.notifier_call = xlb_netdev_event,
};

int xlb_device_init(void)
{
	int err;

	err = register_netdevice_notifier(&xlb_notifier);
	if (err)
		return err;
	err = rtnl_link_register(&xlb_link_ops);
	if (err)
		unregister_netdevice_notifier(&xlb_notifier);
	return err;
}

void xlb_device_exit(void)
{
	rtnl_link_unregister(&xlb_link_ops);
	unregister_netdevice_notifier(&xlb_notifier);
}
