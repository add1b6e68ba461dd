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

/* Device-wide ESP counters, shown by `ethtool -S xlb0`. */
struct xlb_esp_stats {
	atomic64_t tx_packets;
	/* Encrypted by the sender: the SA's worker queue was full. */
	atomic64_t tx_inline;
	atomic64_t tx_errors;
	/* SA deleted, or not ours, while the packet was on its way. */
	atomic64_t tx_dropped;
	atomic64_t rx_packets;
	/* Left to the stack's software ESP: order_depth packets in flight. */
	atomic64_t rx_software;
	atomic64_t rx_auth_failed;
	atomic64_t rx_errors;
	atomic64_t rx_dropped;
	/* Decrypted in the receive path: the worker's queue was full. */
	atomic64_t rx_inline;
	/* Kept out of the lower device's GRO for xlb to decrypt (gro.c). */
	atomic64_t rx_gro_steered;
	/* Refused by the SA's replay window before any crypto (replay.c). */
	atomic64_t rx_replayed;
	/* Held for an SA allocated but not yet installed (larval.c). */
	atomic64_t rx_larval_held;
	/* Held, and no SA was installed in time: dropped. */
	atomic64_t rx_larval_expired;
	/*
	 * Crypted in line by choice: every CPU was busy and the SA's worker
	 * was the sender's or receiver's own CPU's (the inline_busy param).
	 */
	atomic64_t tx_busy_inline;
	atomic64_t rx_busy_inline;
};

#define XLB_ESP_NSTATS (sizeof(struct xlb_esp_stats) / sizeof(atomic64_t))

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
	struct xlb_esp_stats esp_stats;
	struct xlb_larval larval;
};

extern struct rtnl_link_ops xlb_link_ops;
extern const struct xfrmdev_ops xlb_xfrmdev_ops;
extern const struct ethtool_ops xlb_ethtool_ops;

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
