// SPDX-License-Identifier: GPL-2.0
/*
 * ethtool: driver info, link settings of the lower device, and the per-CPU
 * worker counters (`ethtool -S xlb0`).
 */

#include <linux/ethtool.h>
#include <linux/math64.h>
#include <linux/netdevice.h>

#include "load.h"
#include "worker.h"
#include "xlb.h"

static const char * const xlb_worker_stat_names[] = {
	"pushed", "refused", "processed", "depth", "busy_us", "load", "busy",
	"other", "handed",
};

#define XLB_WORKER_NSTATS ARRAY_SIZE(xlb_worker_stat_names)

static const char * const xlb_esp_stat_names[] = {
	[XLB_ESP_TX_PACKETS]		= "esp_tx_packets",
	[XLB_ESP_TX_INLINE]		= "esp_tx_inline",
	[XLB_ESP_TX_ERRORS]		= "esp_tx_errors",
	[XLB_ESP_TX_DROPPED]		= "esp_tx_dropped",
	[XLB_ESP_RX_PACKETS]		= "esp_rx_packets",
	[XLB_ESP_RX_SOFTWARE]		= "esp_rx_software",
	[XLB_ESP_RX_AUTH_FAILED]	= "esp_rx_auth_failed",
	[XLB_ESP_RX_ERRORS]		= "esp_rx_errors",
	[XLB_ESP_RX_DROPPED]		= "esp_rx_dropped",
	[XLB_ESP_RX_INLINE]		= "esp_rx_inline",
	[XLB_ESP_RX_GRO_STEERED]	= "esp_rx_gro_steered",
	[XLB_ESP_RX_REPLAYED]		= "esp_rx_replayed",
	[XLB_ESP_RX_LARVAL_HELD]	= "esp_rx_larval_held",
	[XLB_ESP_RX_LARVAL_EXPIRED]	= "esp_rx_larval_expired",
	[XLB_ESP_TX_BUSY_INLINE]	= "esp_tx_busy_inline",
	[XLB_ESP_RX_BUSY_INLINE]	= "esp_rx_busy_inline",
};

static void xlb_get_drvinfo(struct net_device *dev,
			    struct ethtool_drvinfo *info)
{
	struct xlb_dev *xlb = netdev_priv(dev);

	strscpy(info->driver, XLB_DRV_NAME, sizeof(info->driver));
	strscpy(info->bus_info, xlb->lower->name, sizeof(info->bus_info));
}

static int xlb_get_link_ksettings(struct net_device *dev,
				  struct ethtool_link_ksettings *cmd)
{
	struct xlb_dev *xlb = netdev_priv(dev);

	return __ethtool_get_link_ksettings(xlb->lower, cmd);
}

/* Counters for every possible CPU, so the set does not change with hotplug. */
static int xlb_get_sset_count(struct net_device *dev, int sset)
{
	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	BUILD_BUG_ON(ARRAY_SIZE(xlb_esp_stat_names) != XLB_ESP_NSTATS);
	return XLB_ESP_NSTATS + num_possible_cpus() * XLB_WORKER_NSTATS;
}

static void xlb_get_strings(struct net_device *dev, u32 sset, u8 *data)
{
	unsigned int cpu, i;

	if (sset != ETH_SS_STATS)
		return;
	/* Not ethtool_puts(): 6.1 does not have it. */
	for (i = 0; i < XLB_ESP_NSTATS; i++) {
		strscpy_pad(data, xlb_esp_stat_names[i], ETH_GSTRING_LEN);
		data += ETH_GSTRING_LEN;
	}
	for_each_possible_cpu(cpu)
		for (i = 0; i < XLB_WORKER_NSTATS; i++)
			ethtool_sprintf(&data, XLB_WORKER_STAT_PREFIX "%u_%s", cpu,
					xlb_worker_stat_names[i]);
}

static void xlb_get_ethtool_stats(struct net_device *dev,
				  struct ethtool_stats *stats, u64 *data)
{
	struct xlb_dev *xlb = netdev_priv(dev);
	const struct xlb_esp_stats *esp;
	struct xlb_worker_stats ws;
	struct xlb_load load;
	unsigned int cpu, i;

	memset(data, 0, XLB_ESP_NSTATS * sizeof(*data));
	for_each_possible_cpu(cpu) {
		esp = per_cpu_ptr(xlb->esp_stats, cpu);
		for (i = 0; i < XLB_ESP_NSTATS; i++)
			data[i] += READ_ONCE(esp->count[i]);
	}
	data += XLB_ESP_NSTATS;
	for_each_possible_cpu(cpu) {
		xlb_worker_stats(cpu, &ws);
		xlb_load_get(cpu, &load);
		*data++ = ws.pushed;
		*data++ = ws.refused;
		*data++ = ws.processed;
		*data++ = ws.depth;
		*data++ = div_u64(ws.busy_ns, NSEC_PER_USEC);
		*data++ = load.load;
		*data++ = load.busy;
		*data++ = load.other;
		*data++ = ws.handed;
	}
}

const struct ethtool_ops xlb_ethtool_ops = {
	.get_drvinfo		= xlb_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_link_ksettings	= xlb_get_link_ksettings,
	.get_sset_count		= xlb_get_sset_count,
	.get_strings		= xlb_get_strings,
	.get_ethtool_stats	= xlb_get_ethtool_stats,
};
