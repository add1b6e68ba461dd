/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * xlb user-space API.
 *
 * Today: the rtnetlink link kind (`ip link add link LOWER name xlb0 type xlb`)
 * and the names of the per-worker counters in `ethtool -S`. The generic
 * netlink family "xlb" is added here when it exists.
 */
#ifndef _UAPI_LINUX_XLB_H
#define _UAPI_LINUX_XLB_H

#define XLB_LINK_KIND "xlb"

/*
 * ethtool -S xlb0 lists, for every possible CPU N, "workerN_" followed by:
 *   pushed     packets queued to the worker
 *   refused    packets its queue refused (full, or CPU offline)
 *   processed  packets the worker has taken off its queue and handled
 *   depth      packets waiting in its queue now
 */
#define XLB_WORKER_STAT_PREFIX "worker"

#endif /* _UAPI_LINUX_XLB_H */
