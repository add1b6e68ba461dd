// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <sys/socket.h>

#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/msg.h>

#include "extack.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

int xlb_extack_enable(int fd)
{
	int one = 1;

	if (setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)))
		return -1;
	/* Only the TLVs matter, not an echo of our request. */
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	return 0;
}

static struct nla_policy extack_policy[NLMSGERR_ATTR_MAX + 1] = {
	[NLMSGERR_ATTR_MSG] = { .type = NLA_STRING },
	[NLMSGERR_ATTR_OFFS] = { .type = NLA_U32 },
};

int xlb_extack_message(const struct nlmsghdr *nlh, char *buf, size_t len)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	const char *payload = (const char *)nlh + NLMSG_HDRLEN;
	size_t payload_len, offset;
	int err;

	if (len)
		buf[0] = '\0';
	if (nlh->nlmsg_len < NLMSG_HDRLEN || !(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;
	payload_len = nlh->nlmsg_len - NLMSG_HDRLEN;

	if (nlh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = (const void *)payload;

		offset = sizeof(*e);
		if (payload_len < offset)
			return -NLE_MSG_TOOSHORT;
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			offset += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
	} else {
		offset = sizeof(int);	/* NLMSG_DONE: the dump's errno */
	}
	if (payload_len < offset)
		return -NLE_MSG_TOOSHORT;

	err = nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)(payload + offset),
			payload_len - offset, extack_policy);
	if (err < 0)
		return err;
	if (!tb[NLMSGERR_ATTR_MSG])
		return 0;
	if (len)
		nla_strlcpy(buf, tb[NLMSGERR_ATTR_MSG], len);
	return 1;
}
