/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The xlb device: a net device stacked on one Ethernet lower device. It
 * passes traffic through unchanged and offers itself to XFRM as an ESP
 * crypto-offload device.
 */
#ifndef _XLB_H
#define _XLB_H

#include <linux/netdevice.h>
#include <linux/xlb.h>
#include <net/rtnetlink.h>

#define XLB_DRV_NAME XLB_LINK_KIND

struct xlb_dev {
	struct net_device *dev;
	struct net_device *lower;
	netdevice_tracker lower_tracker;
};

extern struct rtnl_link_ops xlb_link_ops;
extern const struct xfrmdev_ops xlb_xfrmdev_ops;
extern const struct ethtool_ops xlb_ethtool_ops;

int xlb_device_init(void);
void xlb_device_exit(void);

#endif /* _XLB_H */
