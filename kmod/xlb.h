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
#include <net/genetlink.h>
#include <net/rtnetlink.h>

#include "larval.h"

#define XLB_DRV_NAME XLB_LINK_KIND
/* The release, as debian/changelog and xlbctl --version give it. */
#define XLB_DRV_VERSION "0.1.0"

struct xfrm_state;

/* Device-wide ESP counters, shown by `ethtool -S xlb0` in this order. */
enum xlb_esp_stat {
	XLB_ESP_TX_PACKETS,
	/* Encrypted by the sender: worker queue full or stopped. */
	XLB_ESP_TX_INLINE,
	XLB_ESP_TX_ERRORS,
	/* SA deleted or not ours, or order_depth packets of it in flight. */
	XLB_ESP_TX_DROPPED,
	XLB_ESP_RX_PACKETS,
	/* Left to the stack's software ESP: order_depth packets in flight. */
	XLB_ESP_RX_SOFTWARE,
	XLB_ESP_RX_AUTH_FAILED,
	XLB_ESP_RX_ERRORS,
	XLB_ESP_RX_DROPPED,
	/* Decrypted in the receive path: worker queue full or stopped. */
	XLB_ESP_RX_INLINE,
	/* Kept out of the lower device's GRO for xlb to decrypt (gro.c). */
	XLB_ESP_RX_GRO_STEERED,
	/* Refused by the SA's replay window before any crypto (replay.c). */
	XLB_ESP_RX_REPLAYED,
	/* Held for an SA allocated but not yet installed (larval.c). */
	XLB_ESP_RX_LARVAL_HELD,
	/* Held, and no SA was installed in time: dropped. */
	XLB_ESP_RX_LARVAL_EXPIRED,
	/*
	 * Crypted in line by choice: every CPU was busy and the SA's worker
	 * was the sender's or receiver's own CPU's (the inline_busy param).
	 */
	XLB_ESP_TX_BUSY_INLINE,
	XLB_ESP_RX_BUSY_INLINE,
	XLB_ESP_NSTATS
};

/*
 * Per CPU, as the stack's own core stats are, so that CPUs crypting for
 * different SAs do not share a cache line per packet.
 */
struct xlb_esp_stats {
	unsigned long count[XLB_ESP_NSTATS];
};

struct xlb_dev {
	struct net_device *dev;
	struct net_device *lower;
	netdevice_tracker lower_tracker;
	/*
	 * NULL: its SAs may use every online worker. Else (a namespace of
	 * another user namespace: a container) only the workers of these
	 * CPUs, the ones its creator could run on (device.c).
	 */
	struct cpumask *cpus;
	struct xlb_esp_stats __percpu *esp_stats;
	struct xlb_larval larval;
};

extern struct rtnl_link_ops xlb_link_ops;
extern const struct xfrmdev_ops xlb_xfrmdev_ops;
extern const struct ethtool_ops xlb_ethtool_ops;

/* One more of @xlb's ESP counter @stat, on this CPU; any context. */
static inline void xlb_esp_count(struct xlb_dev *xlb, enum xlb_esp_stat stat)
{
	this_cpu_inc(xlb->esp_stats->count[stat]);
}

static inline bool netif_is_xlb(const struct net_device *dev)
{
	return dev->rtnl_link_ops == &xlb_link_ops;
}

const struct cpumask *xlb_dev_cpus(const struct net_device *dev);
int xlb_device_init(void);
void xlb_device_exit(void);

bool xlb_xmit_esp(struct xlb_dev *xlb, struct sk_buff *skb);
void xlb_xmit_lower(struct xlb_dev *xlb, struct sk_buff *skb);
bool xlb_rx_esp(struct xlb_dev *xlb, struct sk_buff *skb, bool held);
struct xlb_dev *xlb_from_lower_rcu(const struct net_device *lower);

int xlb_gro_hook_sa(struct xfrm_state *x, struct netlink_ext_ack *extack);
void xlb_gro_exit(void);

bool xlb_lifetime_count_gso(struct sk_buff *skb, struct xfrm_state *x);

void xlb_balancer_start(void);
void xlb_balancer_stop(void);

extern struct genl_family xlb_genl_family;
int xlb_genl_init(void);
void xlb_genl_exit(void);

int xlb_debugfs_init(void);
void xlb_debugfs_exit(void);

#endif /* _XLB_H */
