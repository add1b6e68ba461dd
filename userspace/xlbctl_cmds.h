/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xlbctl's commands over the generic netlink family "xlb": each talks to
 * the kernel through lib/genl_client.h, prints through lib/genl_output.h or
 * lib/stats_view.h, reports failures on stderr and returns an exit code.
 * @c is open; the caller closes it.
 */
#ifndef XLBCTL_CMDS_H
#define XLBCTL_CMDS_H

#include "lib/genl_client.h"
#include "xlbctl_args.h"

/* Says why a request failed; returns XLBCTL_EXIT_FAILURE. */
int xlbctl_genl_error(const struct xlb_genl *c, enum xlb_status status,
		      const char *what);

/*
 * "No xlb device in this network namespace" and how to create one, on
 * stderr; returns XLBCTL_EXIT_FAILURE.
 */
int xlbctl_no_xlb_device(void);
/* 0 when the namespace has an xlb device, else xlbctl_no_xlb_device()'s 1. */
int xlbctl_require_xlb_dev(struct xlb_genl *c);
/*
 * A list with nothing in it, as ip -j link show type X prints one: "[]"
 * with @json, else nothing on stdout and, on stderr, how to create an xlb
 * device. Returns XLBCTL_EXIT_OK: an empty list is not an error.
 */
int xlbctl_empty_list(bool json);

int xlbctl_workers(struct xlb_genl *c, const struct xlbctl_args *args);
int xlbctl_sa_list(struct xlb_genl *c, const struct xlbctl_args *args);
int xlbctl_sa_set(struct xlb_genl *c, const struct xlbctl_args *args);	/* pin, unpin, spray */
int xlbctl_policy_show(struct xlb_genl *c, const struct xlbctl_args *args);
int xlbctl_policy_set(struct xlb_genl *c, const struct xlbctl_args *args);
int xlbctl_tunnel_list(struct xlb_genl *c, const struct xlbctl_args *args);
int xlbctl_monitor(struct xlb_genl *c, const struct xlbctl_args *args);
int xlbctl_stats(struct xlb_genl *c, const struct xlbctl_args *args);

#endif /* XLBCTL_CMDS_H */
