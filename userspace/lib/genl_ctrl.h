/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic netlink controller ("nlctrl"): a family's id and one of its
 * multicast groups, asked for by name or read off the controller's
 * notifications (a family registered or gone, e.g. a module reloaded).
 */
#ifndef XLB_GENL_CTRL_H
#define XLB_GENL_CTRL_H

#include <linux/genetlink.h>

#include "genl_request.h"

#define XLB_CTRL_NAME "nlctrl"
#define XLB_CTRL_NOTIFY "notify"	/* its group of family changes */

struct xlb_ctrl_family {
	char name[GENL_NAMSIZ];
	int id;
	int group;	/* the id of the group asked for, -1 when it has none */
};

/*
 * Parses a CTRL_CMD_NEWFAMILY or CTRL_CMD_DELFAMILY message (a reply to
 * CTRL_CMD_GETFAMILY or a notification). Returns its command, or a
 * negative libnl error.
 */
int xlb_ctrl_parse_family(struct nlmsghdr *nlh, const char *group,
			  struct xlb_ctrl_family *f);

/*
 * Asks the controller for family @name and its group @group on @sock.
 * XLB_ERR_NO_FAMILY when there is no such family; otherwise as
 * xlb_genl_request().
 */
enum xlb_status xlb_ctrl_resolve(struct nl_sock *sock, int timeout_ms,
				 const char *name, const char *group,
				 struct xlb_ctrl_family *f,
				 struct xlb_genl_reply *r);

#endif /* XLB_GENL_CTRL_H */
