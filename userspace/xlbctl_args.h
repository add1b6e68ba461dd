/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xlbctl's command line (xlbctl --help, xlbctl.8):
 *   xlbctl [OPTIONS] dev [show [[dev] DEV]]
 *   xlbctl [OPTIONS] workers [show]
 *   xlbctl [OPTIONS] sa [list [[dev] DEV]]
 *   xlbctl [OPTIONS] sa pin SPI WORKER [dir in|out] [dev DEV] [dst ADDR]
 *   xlbctl [OPTIONS] sa unpin SPI [dir in|out] [dev DEV] [dst ADDR]
 *   xlbctl [OPTIONS] sa spray SPI on|off|auto [dir in|out] [dev DEV] [dst ADDR]
 *   xlbctl [OPTIONS] policy [show]
 *   xlbctl [OPTIONS] policy set KEY VALUE [KEY VALUE]...
 *   xlbctl [OPTIONS] tunnel [list]
 *   xlbctl [OPTIONS] failover [list]
 *   xlbctl [OPTIONS] monitor [EVENT-CLASS]...
 *   xlbctl [OPTIONS] stats [-i SECONDS] [-c COUNT]
 *   xlbctl help | CMD... help
 *
 * Objects and command words may be abbreviated while they name one
 * ("xlbctl w", "xlbctl sa l"); an ambiguous prefix is refused with the
 * candidates.
 *
 * Parsing is a pure function of argv so every accepted and refused form can
 * be unit-tested without touching netlink or the process's getopt state.
 */
#ifndef XLBCTL_ARGS_H
#define XLBCTL_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/xlb_objects.h"

/* Exit codes, as iproute2: 2 means the command line itself was wrong. */
enum xlbctl_exit {
	XLBCTL_EXIT_OK = 0,
	XLBCTL_EXIT_FAILURE = 1,
	XLBCTL_EXIT_USAGE = 2,
};

enum xlbctl_action {
	XLBCTL_ACTION_DEV_SHOW,
	XLBCTL_ACTION_HELP,
	XLBCTL_ACTION_VERSION,
	XLBCTL_ACTION_WORKERS,
	XLBCTL_ACTION_SA_LIST,
	XLBCTL_ACTION_SA_PIN,
	XLBCTL_ACTION_SA_UNPIN,
	XLBCTL_ACTION_SA_SPRAY,
	XLBCTL_ACTION_POLICY_SHOW,
	XLBCTL_ACTION_POLICY_SET,
	XLBCTL_ACTION_TUNNEL_LIST,
	XLBCTL_ACTION_FAILOVER_LIST,
	XLBCTL_ACTION_MONITOR,
	XLBCTL_ACTION_STATS,
};

/* monitor -t and -ts (ip -t, ip -ts) */
enum xlbctl_timestamp {
	XLBCTL_TIMESTAMP_NONE,
	XLBCTL_TIMESTAMP_LONG,
	XLBCTL_TIMESTAMP_SHORT,
};

/* An event's bit in xlbctl_args.events: its genl command, XLB_CMD_*_NTF. */
#define XLBCTL_EVENT_BIT(cmd) (1u << (cmd))

/* stats without -i */
#define XLBCTL_DEFAULT_INTERVAL_MS 1000

struct xlbctl_args {
	enum xlbctl_action action;
	bool json;
	bool pretty;		/* -p: indented JSON; nothing without -j */
	bool stats;
	enum xlbctl_timestamp timestamp;	/* -t, -ts: monitor only */
	uint32_t events;	/* monitor: XLBCTL_EVENT_BITs; 0: every event */
	const char *netns;	/* -n: points into argv; NULL: the current one */
	const char *dev;	/* points into argv; NULL means every xlb device */
	uint32_t spi;		/* sa pin, unpin, spray */
	uint8_t dir;		/* enum xlb_sa_dir; 0: not given */
	uint16_t family;	/* dst: AF_INET or AF_INET6; 0: not given */
	uint8_t daddr[16];	/* dst, network order */
	uint32_t worker;	/* sa pin */
	uint32_t spray;		/* sa spray: enum xlb_spray_mode */
	struct xlb_policy policy;	/* policy set: the keys given */
	unsigned int interval_ms;	/* stats -i */
	unsigned int count;		/* stats -c; 0: until interrupted */
	const char *help_topic;		/* help: "sa", "sa pin"...; NULL: all */
};

/*
 * Fills @args from @argv and returns XLBCTL_EXIT_OK, or returns
 * XLBCTL_EXIT_USAGE with a one-line reason (no program name) in @err.
 */
int xlbctl_parse_args(int argc, char *const argv[], struct xlbctl_args *args,
		      char *err, size_t errlen);

void xlbctl_print_usage(FILE *out, const char *topic);

#endif /* XLBCTL_ARGS_H */
