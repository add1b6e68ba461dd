// SPDX-License-Identifier: GPL-2.0
/*
 * xlbctl: inspect and steer xlb devices. Parsing is in xlbctl_args.c, each
 * object's commands and output in its own file (xlbctl.h), netlink in lib/;
 * this file only dispatches and wires them to exit codes.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lib/json_writer.h"
#include "lib/netns.h"
#include "xlbctl.h"

#ifndef XLB_VERSION
#define XLB_VERSION "unknown"
#endif

typedef int (*genl_command)(struct xlb_genl *c, const struct xlbctl_args *args);

static genl_command genl_command_of(enum xlbctl_action action)
{
	switch (action) {
	case XLBCTL_ACTION_WORKERS:
		return xlbctl_workers;
	case XLBCTL_ACTION_SA_LIST:
		return xlbctl_sa_list;
	case XLBCTL_ACTION_SA_PIN:
	case XLBCTL_ACTION_SA_UNPIN:
	case XLBCTL_ACTION_SA_SPRAY:
		return xlbctl_sa_set;
	case XLBCTL_ACTION_POLICY_SHOW:
		return xlbctl_policy_show;
	case XLBCTL_ACTION_POLICY_SET:
		return xlbctl_policy_set;
	case XLBCTL_ACTION_TUNNEL_LIST:
		return xlbctl_tunnel_list;
	case XLBCTL_ACTION_MONITOR:
		return xlbctl_monitor;
	case XLBCTL_ACTION_STATS:
		return xlbctl_stats;
	case XLBCTL_ACTION_DEV_SHOW:
	case XLBCTL_ACTION_FAILOVER_LIST:
	case XLBCTL_ACTION_HELP:
	case XLBCTL_ACTION_VERSION:
		break;
	}
	return NULL;
}

/*
 * dev show speaks rtnetlink, failover reads only xlbd's state file (so
 * works without the module); everything else the "xlb" family.
 */
static int run(const struct xlbctl_args *args)
{
	genl_command command = genl_command_of(args->action);
	enum xlb_status status;
	struct xlb_genl c;
	int ret;

	if (args->action == XLBCTL_ACTION_FAILOVER_LIST)
		return xlbctl_failover_list(args);
	if (!command)
		return xlbctl_dev_show(args);
	status = xlb_genl_open(&c);
	if (status != XLB_OK)
		return xlbctl_genl_error(&c, status, "connecting to generic netlink");
	ret = command(&c, args);
	xlb_genl_close(&c);
	return ret;
}

/* A full disk or closed pipe must not look like success to a script. */
static int flush_stdout(int code)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("xlbctl: write error");
		return XLBCTL_EXIT_FAILURE;
	}
	return code;
}

int main(int argc, char *argv[])
{
	struct xlbctl_args args;
	char err[256];

	if (xlbctl_parse_args(argc, argv, &args, err, sizeof(err)) != XLBCTL_EXIT_OK) {
		fprintf(stderr, "xlbctl: %s\n", err);
		fprintf(stderr, "Try 'xlbctl --help' for more information.\n");
		return XLBCTL_EXIT_USAGE;
	}

	switch (args.action) {
	case XLBCTL_ACTION_HELP:
		xlbctl_print_usage(stdout, args.help_topic);
		return flush_stdout(XLBCTL_EXIT_OK);
	case XLBCTL_ACTION_VERSION:
		printf("xlbctl %s\n", XLB_VERSION);
		return flush_stdout(XLBCTL_EXIT_OK);
	default:
		break;
	}

	json_writer_set_pretty(args.pretty);
	if (args.netns && xlb_netns_enter(args.netns)) {
		fprintf(stderr, "xlbctl: cannot enter network namespace \"%s\": %s\n",
			args.netns, strerror(errno));
		return XLBCTL_EXIT_FAILURE;
	}
	return flush_stdout(run(&args));
}
