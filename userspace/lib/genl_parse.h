/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Replies and events of the generic netlink family "xlb" into the plain
 * structs of xlb_objects.h. Pure functions of one message: the tests feed
 * them messages built with nlmsg_alloc() and nla_put().
 *
 * Each returns 0, or a negative libnl error (-NLE_PARSE_ERR, -NLE_INVAL
 * for a message that is not the expected command, -NLE_MISSING_ATTR for a
 * reply without its identifying attribute). Attributes the header does not
 * know are ignored, so an older xlbctl works with a newer kernel.
 */
#ifndef XLB_GENL_PARSE_H
#define XLB_GENL_PARSE_H

#include <linux/netlink.h>

#include "xlb_objects.h"

int xlb_parse_dev(struct nlmsghdr *nlh, struct xlb_dev_info *dev);
int xlb_parse_worker(struct nlmsghdr *nlh, struct xlb_worker *worker);
int xlb_parse_sa(struct nlmsghdr *nlh, struct xlb_sa *sa);
int xlb_parse_policy(struct nlmsghdr *nlh, struct xlb_policy *policy);
int xlb_parse_tunnel(struct nlmsghdr *nlh, struct xlb_tunnel *tunnel);
/* Any of the six XLB_CMD_*_NTF messages. */
int xlb_parse_event(struct nlmsghdr *nlh, struct xlb_event *event);

#endif /* XLB_GENL_PARSE_H */
