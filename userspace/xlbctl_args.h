/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xlbctl's command line: xlbctl [-j] [-s] dev [show [DEV]]
 *
 * Parsing is a pure function of argv so every accepted and refused form can
 * be unit-tested without touching netlink or the process's getopt state.
 */
#ifndef XLBCTL_ARGS_H
#define XLBCTL_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

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
};

struct xlbctl_args {
	enum xlbctl_action action;
	bool json;
	bool stats;
	const char *dev;	/* points into argv; NULL means every xlb link */
};

/*
 * Fills @args from @argv and returns XLBCTL_EXIT_OK, or returns
 * XLBCTL_EXIT_USAGE with a one-line reason (no program name) in @err.
 */
int xlbctl_parse_args(int argc, char *const argv[], struct xlbctl_args *args,
		      char *err, size_t errlen);

void xlbctl_print_usage(FILE *out);

#endif /* XLBCTL_ARGS_H */
