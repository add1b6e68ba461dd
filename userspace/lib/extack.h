/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's extended ACK (NETLINK_EXT_ACK): the message it attaches to
 * an error, in an NLMSG_ERROR or in the NLMSG_DONE closing a dump.
 * libnl 3.7 neither enables nor decodes it; this does, with nla_parse().
 */
#ifndef XLB_EXTACK_H
#define XLB_EXTACK_H

#include <stddef.h>

#include <linux/netlink.h>

/* Asks the kernel for extended ACKs (and capped ones) on socket @fd. */
int xlb_extack_enable(int fd);

/*
 * Copies NLMSGERR_ATTR_MSG of @nlh (an NLMSG_ERROR or NLMSG_DONE) to @buf.
 * Returns 1 when there was one, 0 when not (@buf then ""), or a negative
 * libnl error when the TLVs are malformed.
 */
int xlb_extack_message(const struct nlmsghdr *nlh, char *buf, size_t len);

#endif /* XLB_EXTACK_H */
