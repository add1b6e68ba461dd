// SPDX-License-Identifier: GPL-2.0
/*
 * xlbctl: inspect xlb devices. Parsing, netlink and output live in
 * xlbctl_args.c and lib/; this file only wires them to exit codes.
 */
#include <stdio.h>

#include "lib/link_output.h"
#include "lib/link_query.h"
#include "xlbctl_args.h"

#ifndef XLB_VERSION
#define XLB_VERSION "unknown"
#endif

static int report_query_error(enum xlb_status status, const char *dev,
			      const char *nl_detail)
{
	switch (status) {
	case XLB_ERR_NO_DEVICE:
		fprintf(stderr, "xlbctl: device \"%s\" does not exist\n", dev);
		break;
	case XLB_ERR_NOT_XLB:
		fprintf(stderr, "xlbctl: device \"%s\" is not an xlb device\n", dev);
		break;
	case XLB_ERR_NETLINK:
		fprintf(stderr, "xlbctl: listing links over netlink: %s\n",
			nl_detail ? nl_detail : xlb_status_str(status));
		break;
	default:
		fprintf(stderr, "xlbctl: %s\n", xlb_status_str(status));
	}
	return XLBCTL_EXIT_FAILURE;
}

static int dev_show(const struct xlbctl_args *args)
{
	struct xlb_link_list list = { 0 };
	const char *nl_detail = NULL;
	enum xlb_status status;

	status = xlb_links_query(args->dev, &list, &nl_detail);
	if (status != XLB_OK) {
		xlb_link_list_free(&list);
		return report_query_error(status, args->dev, nl_detail);
	}

	if (args->json)
		xlb_links_print_json(stdout, &list, args->stats);
	else
		xlb_links_print_table(stdout, &list, args->stats);
	xlb_link_list_free(&list);
	return XLBCTL_EXIT_OK;
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
		xlbctl_print_usage(stdout);
		return flush_stdout(XLBCTL_EXIT_OK);
	case XLBCTL_ACTION_VERSION:
		printf("xlbctl %s\n", XLB_VERSION);
		return flush_stdout(XLBCTL_EXIT_OK);
	case XLBCTL_ACTION_DEV_SHOW:
		break;
	}
	return flush_stdout(dev_show(&args));
}
