/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tunables of placement and balancing, module parameters writable at run
 * time under /sys/module/xlb/parameters/. Shares, loads and thresholds are
 * in thousandths of one worker's time (XLB_LOAD_ONE).
 */
#ifndef _XLB_PARAMS_H
#define _XLB_PARAMS_H

#include <linux/compiler.h>

#define XLB_LOAD_ONE 1000U

enum xlb_policy {
	XLB_POLICY_HASH,
	XLB_POLICY_LEAST_LOADED,
	XLB_POLICY_ADAPTIVE,
};

struct xlb_params {
	/* enum xlb_policy; a plain word like the others (netns.c). */
	unsigned int policy;
	/* A worker above this load is a hotspot (adaptive). */
	unsigned int hotspot;
	unsigned int interval_ms;
	/* Percent of weight the newest sample gets in the moving averages. */
	unsigned int ewma_weight;
	/* An SA costing more than this share of a worker is sprayed; 0: never. */
	unsigned int spray_share;
	/* SAs moved per interval at most. */
	unsigned int max_moves;
	/* Intervals an SA stays where it was moved before it may move again. */
	unsigned int cooldown;
	/* Packets of one SA in flight in xlb at most. */
	unsigned int order_depth;
	/* How long a packet may hold up those behind it. */
	unsigned int order_timeout_ms;
	/* How long ESP for an SA allocated but not installed is held; 0: not. */
	unsigned int larval_hold_ms;
	/*
	 * Every CPU at least this busy: an SA's packets on its home CPU are
	 * crypted there, not handed to its worker; 0: never.
	 */
	unsigned int inline_busy;
};

extern struct xlb_params xlb_params;

const char *xlb_policy_name(enum xlb_policy policy);

#define xlb_param(field) READ_ONCE(xlb_params.field)

#endif /* _XLB_PARAMS_H */
