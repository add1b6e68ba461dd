/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * xlb user-space API.
 *
 * Today: the rtnetlink link kind (`ip link add link LOWER name xlb0 type xlb`)
 * and the names of the counters in `ethtool -S`. The generic
 * netlink family "xlb" is added here when it exists.
 */
#ifndef _UAPI_LINUX_XLB_H
#define _UAPI_LINUX_XLB_H

#define XLB_LINK_KIND "xlb"

/*
 * ethtool -S xlb0 lists first the device's ESP counters: esp_tx_packets,
 * esp_tx_inline (encrypted by the sender, worker queue full), esp_tx_errors,
 * esp_tx_dropped (SA gone), esp_rx_packets, esp_rx_software (left to the
 * stack's software ESP, worker queue full), esp_rx_auth_failed,
 * esp_rx_errors, esp_rx_dropped. Then, for every possible CPU N, "workerN_"
 * followed by:
 *   pushed     packets queued to the worker
 *   refused    packets its queue refused (full, or CPU offline)
 *   processed  packets the worker has taken off its queue and handled
 *   depth      packets waiting in its queue now
 */
#define XLB_WORKER_STAT_PREFIX "worker"

#endif /* _UAPI_LINUX_XLB_H */
