// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "genl_ctrl.h"

static struct nla_policy family_policy[CTRL_ATTR_MAX + 1] = {
	[CTRL_ATTR_FAMILY_ID] = { .type = NLA_U16 },
	[CTRL_ATTR_FAMILY_NAME] = { .type = NLA_STRING, .maxlen = GENL_NAMSIZ },
	[CTRL_ATTR_MCAST_GROUPS] = { .type = NLA_NESTED },
};

static struct nla_policy group_policy[CTRL_ATTR_MCAST_GRP_MAX + 1] = {
	[CTRL_ATTR_MCAST_GRP_NAME] = { .type = NLA_STRING, .maxlen = GENL_NAMSIZ },
	[CTRL_ATTR_MCAST_GRP_ID] = { .type = NLA_U32 },
};

static int find_group(struct nlattr *groups, const char *name)
{
	struct nlattr *g, *tb[CTRL_ATTR_MCAST_GRP_MAX + 1];
	int rem;

	nla_for_each_nested(g, groups, rem) {
		if (nla_parse_nested(tb, CTRL_ATTR_MCAST_GRP_MAX, g, group_policy) < 0)
			return -NLE_PARSE_ERR;
		if (tb[CTRL_ATTR_MCAST_GRP_NAME] && tb[CTRL_ATTR_MCAST_GRP_ID] &&
		    !nla_strcmp(tb[CTRL_ATTR_MCAST_GRP_NAME], name))
			return (int)nla_get_u32(tb[CTRL_ATTR_MCAST_GRP_ID]);
	}
	return -1;
}

int xlb_ctrl_parse_family(struct nlmsghdr *nlh, const char *group,
			  struct xlb_ctrl_family *f)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct genlmsghdr *hdr;
	int err;

	if (nlh->nlmsg_type != GENL_ID_CTRL || !genlmsg_valid_hdr(nlh, 0))
		return -NLE_INVAL;
	hdr = nlmsg_data(nlh);
	if (hdr->cmd != CTRL_CMD_NEWFAMILY && hdr->cmd != CTRL_CMD_DELFAMILY)
		return -NLE_INVAL;
	err = genlmsg_parse(nlh, 0, tb, CTRL_ATTR_MAX, family_policy);
	if (err < 0)
		return err;
	if (!tb[CTRL_ATTR_FAMILY_ID] || !tb[CTRL_ATTR_FAMILY_NAME])
		return -NLE_MISSING_ATTR;
	memset(f, 0, sizeof(*f));
	nla_strlcpy(f->name, tb[CTRL_ATTR_FAMILY_NAME], sizeof(f->name));
	f->id = nla_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	f->group = -1;
	if (group && tb[CTRL_ATTR_MCAST_GROUPS]) {
		f->group = find_group(tb[CTRL_ATTR_MCAST_GROUPS], group);
		if (f->group < -1)
			return f->group;
	}
	return hdr->cmd;
}

struct resolve_ctx {
	const char *group;
	struct xlb_ctrl_family *f;
};

static int parse_reply(struct nlmsghdr *nlh, void *arg)
{
	struct resolve_ctx *ctx = arg;
	int err = xlb_ctrl_parse_family(nlh, ctx->group, ctx->f);

	return err < 0 ? err : 0;
}

enum xlb_status xlb_ctrl_resolve(struct nl_sock *sock, int timeout_ms,
				 const char *name, const char *group,
				 struct xlb_ctrl_family *f,
				 struct xlb_genl_reply *r)
{
	struct resolve_ctx ctx = { .group = group, .f = f };
	enum xlb_status status;
	struct nl_msg *msg = nlmsg_alloc();

	memset(f, 0, sizeof(*f));
	f->id = -1;
	if (!msg)
		return XLB_ERR_NOMEM;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, GENL_ID_CTRL, 0,
			 NLM_F_ACK, CTRL_CMD_GETFAMILY, 1) ||
	    nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, name) < 0) {
		nlmsg_free(msg);
		return XLB_ERR_NOMEM;
	}
	status = xlb_genl_request(sock, msg, timeout_ms, parse_reply, &ctx, r);
	nlmsg_free(msg);
	if (status == XLB_ERR_KERNEL && r->error == ENOENT)
		return XLB_ERR_NO_FAMILY;
	if (status == XLB_OK && (f->id <= 0 || strcmp(f->name, name)))
		return XLB_ERR_PROTO;	/* no reply, or another family's */
	return status;
}
