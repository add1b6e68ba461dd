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
 * esp_tx_dropped (SA gone, or order_depth packets of it in flight),
 * esp_rx_packets, esp_rx_software (left to the stack's software ESP:
 * order_depth packets of the SA in flight), esp_rx_auth_failed,
 * esp_rx_errors, esp_rx_dropped, esp_rx_inline (decrypted in the receive
 * path, worker queue full). Then, for every possible CPU N, "workerN_"
 * followed by:
 *   pushed     packets queued to the worker
 *   refused    packets its queue refused (full, or CPU offline)
 *   processed  packets the worker has taken off its queue and handled
 *   depth      packets waiting in its queue now
 *   busy_us    microseconds the worker has spent processing packets
 *   load       last sampled load, thousandths of the CPU: busy + other +
 *              backlog, at most 1000 (Documentation/networking/xlb.rst)
 *   busy       its part spent in the worker (moving average)
 *   other      its part spent on anything else but idle (moving average)
 */
#define XLB_WORKER_STAT_PREFIX "worker"

#endif /* _UAPI_LINUX_XLB_H */
