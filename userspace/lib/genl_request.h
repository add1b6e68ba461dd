/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One request on a generic netlink socket, read to its end: its ACK, its
 * error or the NLMSG_DONE of its dump. Only the kernel's messages carrying
 * the request's sequence number count; anything else in the socket (the
 * answer to an earlier request nobody read) is skipped. A reply or dump
 * part that cannot be parsed does not stop the reading either, so nothing
 * of the request is left behind. The socket must be non-blocking: the wait
 * is a poll() bounded by @timeout_ms.
 */
#ifndef XLB_GENL_REQUEST_H
#define XLB_GENL_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include <linux/netlink.h>

#include "status.h"

#define XLB_EXTACK_LEN 256

struct nl_msg;
struct nl_sock;

/* How a request ended. */
struct xlb_genl_reply {
	int error;			/* the kernel's errno, 0 when it agreed */
	char extack[XLB_EXTACK_LEN];	/* its message, "" when none */
	const char *nl_detail;		/* libnl's words after XLB_ERR_NETLINK */
	bool finished;			/* read to its end: none of it is queued */
};

/* Returns 0, or a negative libnl error (-NLE_NOMEM...) for the status. */
typedef int (*xlb_genl_parse_fn)(struct nlmsghdr *nlh, void *arg);

/*
 * Sends @msg (not consumed: it may be sent again) with a fresh sequence
 * number, calling @parse (may be NULL) for every reply message. Returns
 * XLB_OK, XLB_ERR_KERNEL/XLB_ERR_PERM (@r->error, @r->extack),
 * XLB_ERR_PROTO or XLB_ERR_NOMEM (a parse failed; read to the end anyway),
 * XLB_ERR_TIMEOUT or XLB_ERR_NETLINK. After the last two @r->finished may
 * be false: parts of the answer may still arrive on the socket.
 */
enum xlb_status xlb_genl_request(struct nl_sock *sock, struct nl_msg *msg,
				 int timeout_ms, xlb_genl_parse_fn parse,
				 void *arg, struct xlb_genl_reply *r);

/*
 * The kernel's extended ACK (NETLINK_EXT_ACK): the message it attaches to
 * an error, in an NLMSG_ERROR or in the NLMSG_DONE closing a dump.
 * libnl 3.7 neither enables nor decodes it; this does, with nla_parse().
 */

/* Asks the kernel for extended ACKs (and capped ones) on socket @fd. */
int xlb_extack_enable(int fd);

/*
 * Copies NLMSGERR_ATTR_MSG of @nlh (an NLMSG_ERROR or NLMSG_DONE) to @buf.
 * Returns 1 when there was one, 0 when not (@buf then ""), or a negative
 * libnl error when the TLVs are malformed.
 */
int xlb_extack_message(const struct nlmsghdr *nlh, char *buf, size_t len);

#endif /* XLB_GENL_REQUEST_H */
