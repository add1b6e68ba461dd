/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * xlb user-space API: the rtnetlink link kind (`ip link add link LOWER name
 * xlb0 type xlb`), the names of the counters in `ethtool -S`, and the
 * generic netlink family "xlb" (Documentation/netlink/specs/xlb.yaml,
 * Documentation/networking/xlb.rst "Generic netlink").
 */
#ifndef _UAPI_LINUX_XLB_H
#define _UAPI_LINUX_XLB_H

#define XLB_LINK_KIND "xlb"

/*
 * ethtool -S xlb0 lists first the device's ESP counters: esp_tx_packets,
 * esp_tx_inline (encrypted by the sender, worker queue full or stopped),
 * esp_tx_errors, esp_tx_dropped (SA gone, or order_depth packets of it in
 * flight), esp_rx_packets, esp_rx_software (left to the stack's software
 * ESP: order_depth packets of the SA in flight), esp_rx_auth_failed,
 * esp_rx_errors, esp_rx_dropped, esp_rx_inline (decrypted in the receive
 * path, worker queue full or stopped), esp_rx_gro_steered (kept out of the
 * lower device's GRO), esp_rx_replayed, esp_rx_larval_held,
 * esp_rx_larval_expired, esp_tx_busy_inline and esp_rx_busy_inline (crypted
 * in line by choice: every CPU busy, module parameter
 * inline_busy). Then, for every possible CPU N, "workerN_"
 * followed by:
 *   pushed     packets queued to the worker
 *   refused    packets its queue refused (full, or CPU offline)
 *   processed  packets the worker has taken off its queue and crypted
 *   depth      packets waiting in its queue now
 *   busy_us    microseconds the worker has spent processing packets
 *   load       last sampled load, thousandths of the CPU: busy + other +
 *              backlog, at most 1000 (Documentation/networking/xlb.rst)
 *   busy       its part spent in the worker (moving average)
 *   other      its part spent on anything else but idle (moving average)
 *   handed     decrypted packets handed to it to pass on, as the SA's
 *              home, from another CPU (in pushed, not in processed)
 */
#define XLB_WORKER_STAT_PREFIX "worker"

/*
 * Generic netlink family "xlb", version XLB_GENL_VERSION, multicast group
 * "events". Every command works in the caller's network namespace: devices
 * and SAs of other namespaces are invisible, and policy is the namespace's.
 * Workers are the host's CPUs and are the same in every namespace.
 * Every command, and joining "events", needs CAP_NET_ADMIN in the
 * namespace's user namespace, as xfrm's own netlink does: SAs show
 * addresses, SPIs and reqids. Attributes are validated strictly:
 * unknown or malformed ones are errors, with an extack message naming the
 * attribute. No message carries key material.
 */
#define XLB_GENL_NAME		"xlb"
#define XLB_GENL_VERSION	1
#define XLB_MCGRP_EVENTS	"events"

enum xlb_placement {
	XLB_PLACEMENT_HASH,		/* by a hash of the SPI */
	XLB_PLACEMENT_LEAST_LOADED,	/* new SAs on the least-loaded worker */
	XLB_PLACEMENT_ADAPTIVE,		/* least-loaded, rekey-aware, sheds hotspots */

	/* private: */
	__XLB_PLACEMENT_MAX,
	XLB_PLACEMENT_MAX = __XLB_PLACEMENT_MAX - 1
};

/* Same values as the kernel's XFRM_DEV_OFFLOAD_IN and _OUT. */
enum xlb_sa_dir {
	XLB_SA_DIR_IN = 1,
	XLB_SA_DIR_OUT,

	/* private: */
	__XLB_SA_DIR_MAX,
	XLB_SA_DIR_MAX = __XLB_SA_DIR_MAX - 1
};

enum xlb_spray_mode {
	XLB_SPRAY_AUTO,		/* sprayed while its cost is above the threshold */
	XLB_SPRAY_ON,		/* always sprayed over every online worker */
	XLB_SPRAY_OFF,		/* never sprayed */

	/* private: */
	__XLB_SPRAY_MAX,
	XLB_SPRAY_MAX = __XLB_SPRAY_MAX - 1
};

/* Why an SA was placed or moved. */
enum xlb_reason {
	XLB_REASON_NEW = 1,	/* a new SA */
	XLB_REASON_REKEY,	/* a new SA replacing one at rekey */
	XLB_REASON_HOTSPOT,	/* moved off a hotspot */
	XLB_REASON_OFFLINE,	/* its worker's CPU went offline */
	XLB_REASON_PIN,		/* pinned by XLB_CMD_SA_SET */
	XLB_REASON_TUNNEL,	/* born where its tunnel's rule says */

	/* private: */
	__XLB_REASON_MAX,
	XLB_REASON_MAX = __XLB_REASON_MAX - 1
};

/*
 * Loads, busy and other shares, backlog and cost are in thousandths of one
 * CPU (1000: all of it). Rates are per second, as moving averages.
 */

/* An xlb device (XLB_CMD_DEV_GET). */
enum {
	XLB_A_DEV_UNSPEC,
	XLB_A_DEV_IFINDEX,		/* u32 */
	XLB_A_DEV_IFNAME,		/* string */
	XLB_A_DEV_LOWER_IFINDEX,	/* u32 */
	XLB_A_DEV_LOWER_IFNAME,		/* string */
	XLB_A_DEV_PLACEMENT,		/* u32, enum xlb_placement */
	XLB_A_DEV_WORKERS,		/* u32, online workers */
	XLB_A_DEV_SAS,			/* u32, SAs offloaded to it */

	/* private: */
	__XLB_A_DEV_MAX,
	XLB_A_DEV_MAX = __XLB_A_DEV_MAX - 1
};

/* A worker, one per possible CPU (XLB_CMD_WORKER_GET). */
enum {
	XLB_A_WORKER_UNSPEC,
	XLB_A_WORKER_PAD,
	XLB_A_WORKER_CPU,		/* u32 */
	XLB_A_WORKER_ONLINE,		/* u8, 0 or 1 */
	XLB_A_WORKER_LOAD,		/* u32, busy + other + backlog, at most 1000 */
	XLB_A_WORKER_BUSY,		/* u32, share spent in the worker */
	XLB_A_WORKER_OTHER,		/* u32, share spent on anything else */
	XLB_A_WORKER_BACKLOG,		/* u32, queue depth over queue length */
	XLB_A_WORKER_DEPTH,		/* u32, packets queued now */
	XLB_A_WORKER_CAPACITY,		/* u32, packets the queue holds */
	XLB_A_WORKER_PACKETS,		/* u64, packets processed */
	XLB_A_WORKER_BYTES,		/* u64, bytes processed */
	XLB_A_WORKER_DROPS,		/* u64, packets its queue refused */
	XLB_A_WORKER_BUSY_NS,		/* u64, time spent processing */
	XLB_A_WORKER_PPS,		/* u64 */
	XLB_A_WORKER_BPS,		/* u64, bytes per second */
	XLB_A_WORKER_SAS,		/* u32, this namespace's SAs homed on it */

	/* private: */
	__XLB_A_WORKER_MAX,
	XLB_A_WORKER_MAX = __XLB_A_WORKER_MAX - 1
};

/*
 * An offloaded SA (XLB_CMD_SA_GET, XLB_CMD_SA_SET). An SA is named by its
 * SPI, with its direction, device or destination address when the SPI
 * alone is ambiguous, or by its ID: a number xlb gives it when it is
 * offloaded and never gives another SA while the module stays loaded.
 */
enum {
	XLB_A_SA_UNSPEC,
	XLB_A_SA_PAD,
	XLB_A_SA_IFINDEX,		/* u32, the xlb device */
	XLB_A_SA_SPI,			/* u32, host byte order */
	XLB_A_SA_DIR,			/* u8, enum xlb_sa_dir */
	XLB_A_SA_FAMILY,		/* u16, AF_INET or AF_INET6 */
	XLB_A_SA_SADDR,			/* binary, 4 or 16 bytes, network order */
	XLB_A_SA_DADDR,			/* binary, 4 or 16 bytes, network order */
	XLB_A_SA_REQID,			/* u32 */
	XLB_A_SA_ALG,			/* string, cipher or AEAD name */
	XLB_A_SA_AUTH,			/* string, integrity algorithm, if any */
	XLB_A_SA_WORKER,		/* u32, home worker's CPU; set: pin there */
	XLB_A_SA_PINNED,		/* u8; set 0: unpin */
	XLB_A_SA_SPRAY,			/* u32, enum xlb_spray_mode */
	XLB_A_SA_SPRAYED,		/* u8, spread over every online worker now */
	XLB_A_SA_COST,			/* u32, worker time it takes */
	XLB_A_SA_PPS,			/* u64 */
	XLB_A_SA_PACKETS,		/* u64 */
	XLB_A_SA_BYTES,			/* u64 */
	XLB_A_SA_ERRORS,		/* u64, crypto failures */
	XLB_A_SA_DROPS,			/* u64 */
	XLB_A_SA_FALLBACKS,		/* u64, done inline, worker queue full */
	XLB_A_SA_MOVES,			/* u64 */
	XLB_A_SA_LATE,			/* u64, released after those behind */
	XLB_A_SA_TIMEOUTS,		/* u64, held up the SA past the timeout */
	XLB_A_SA_INFLIGHT,		/* u32, packets in its order stage now */
	XLB_A_SA_ID,			/* u64, xlb's name for it */

	/* private: */
	__XLB_A_SA_MAX,
	XLB_A_SA_MAX = __XLB_A_SA_MAX - 1
};

/*
 * Placement and balancing in the caller's namespace (XLB_CMD_POLICY_GET,
 * XLB_CMD_POLICY_SET). A value never set in a namespace follows the
 * module parameter of the same meaning. The interval is the host's (the
 * workers' load is sampled once for all namespaces): only the initial
 * namespace may set it.
 */
enum {
	XLB_A_POLICY_UNSPEC,
	XLB_A_POLICY_PLACEMENT,		/* u32, enum xlb_placement */
	XLB_A_POLICY_HOTSPOT,		/* u32, 100-1000 */
	XLB_A_POLICY_INTERVAL_MS,	/* u32, 10-10000 */
	XLB_A_POLICY_SPRAY_THRESHOLD,	/* u32, 0 (never) - 10000 */
	XLB_A_POLICY_MAX_MOVES,		/* u32, 0-64 per interval */
	XLB_A_POLICY_MOVE_COOLDOWN,	/* u32, 0-1000 intervals */

	/* private: */
	__XLB_A_POLICY_MAX,
	XLB_A_POLICY_MAX = __XLB_A_POLICY_MAX - 1
};

/*
 * A tunnel's placement rule (XLB_CMD_TUNNEL_GET, _SET, _DEL), in the
 * caller's namespace: where the SAs of a reqid are born. IKE daemons give
 * a CHILD SA and all its successors one reqid, so a rule set before a
 * rekey places the new SA, which then needs no move. A rule names a worker
 * (pinned there or only born there), a spray mode, a weight, or any of
 * them; it applies to SAs offloaded after it is set, and wins over what an
 * SA inherits from the one it replaces. A worker that is offline when an
 * SA arrives is ignored.
 *
 * The weight, in thousandths of a worker's time, is what each SA of the
 * tunnel counts as at least where the least-loaded and adaptive policies
 * place new SAs: a tunnel known to be heavy is born where there is room
 * for it, and other tunnels' new SAs keep off its worker, before its
 * traffic shows in the load. Moves off hotspots go by measured load.
 */
enum {
	XLB_A_TUNNEL_UNSPEC,
	XLB_A_TUNNEL_REQID,		/* u32, not 0 */
	XLB_A_TUNNEL_WORKER,		/* u32, CPU */
	XLB_A_TUNNEL_PINNED,		/* u8, 0 or 1: stays on the worker */
	XLB_A_TUNNEL_SPRAY,		/* u32, enum xlb_spray_mode */
	XLB_A_TUNNEL_WEIGHT,		/* u32, 1-1000: see below */

	/* private: */
	__XLB_A_TUNNEL_MAX,
	XLB_A_TUNNEL_MAX = __XLB_A_TUNNEL_MAX - 1
};

/* Multicast on "events". SA events carry SA_ID, FAMILY, DADDR and REQID. */
enum {
	XLB_A_EVENT_UNSPEC,
	XLB_A_EVENT_IFINDEX,		/* u32, the SA's xlb device */
	XLB_A_EVENT_SPI,		/* u32, host byte order */
	XLB_A_EVENT_DIR,		/* u8, enum xlb_sa_dir */
	XLB_A_EVENT_FROM,		/* u32, worker CPU it left */
	XLB_A_EVENT_TO,			/* u32, worker CPU it went to */
	XLB_A_EVENT_REASON,		/* u32, enum xlb_reason */
	XLB_A_EVENT_WORKER,		/* u32, CPU of a worker event */
	XLB_A_EVENT_LOAD,		/* u32, the worker's load */
	XLB_A_EVENT_HOTSPOT,		/* u32, the threshold it crossed */
	XLB_A_EVENT_PAD,
	XLB_A_EVENT_SA_ID,		/* u64, XLB_A_SA_ID */
	XLB_A_EVENT_FAMILY,		/* u16, AF_INET or AF_INET6 */
	XLB_A_EVENT_DADDR,		/* binary, 4 or 16 bytes, network order */
	XLB_A_EVENT_REQID,		/* u32 */

	/* private: */
	__XLB_A_EVENT_MAX,
	XLB_A_EVENT_MAX = __XLB_A_EVENT_MAX - 1
};

enum {
	XLB_CMD_UNSPEC,
	XLB_CMD_DEV_GET,		/* do (XLB_A_DEV_IFINDEX) and dump */
	XLB_CMD_WORKER_GET,		/* do (XLB_A_WORKER_CPU) and dump */
	XLB_CMD_SA_GET,			/* do (SPI...) and dump (XLB_A_SA_IFINDEX) */
	XLB_CMD_SA_SET,			/* pin, unpin, spray mode */
	XLB_CMD_POLICY_GET,
	XLB_CMD_POLICY_SET,
	XLB_CMD_SA_PLACED_NTF,		/* IFINDEX SPI DIR TO REASON */
	XLB_CMD_SA_MIGRATED_NTF,	/* IFINDEX SPI DIR FROM TO REASON */
	XLB_CMD_HOTSPOT_NTF,		/* WORKER LOAD HOTSPOT */
	XLB_CMD_WORKER_ONLINE_NTF,	/* WORKER */
	XLB_CMD_WORKER_OFFLINE_NTF,	/* WORKER */
	XLB_CMD_TUNNEL_GET,		/* do (REQID) and dump */
	XLB_CMD_TUNNEL_SET,		/* REQID and WORKER, PINNED, SPRAY */
	XLB_CMD_TUNNEL_DEL,		/* REQID */
	XLB_CMD_SA_REMOVED_NTF,		/* IFINDEX SPI DIR: xfrm deleted it */

	/* private: */
	__XLB_CMD_MAX,
	XLB_CMD_MAX = __XLB_CMD_MAX - 1
};

#endif /* _UAPI_LINUX_XLB_H */
