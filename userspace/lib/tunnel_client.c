// SPDX-License-Identifier: GPL-2.0
#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/msg.h>

#include <linux/xlb.h>

#include "genl_handle.h"
#include "genl_parse.h"
#include "tunnel_client.h"

static int parse_tunnel(struct nlmsghdr *nlh, void *arg)
{
	struct xlb_tunnel t;
	int err = xlb_parse_tunnel(nlh, &t);

	if (err < 0)
		return err;
	return xlb_tunnel_list_append(arg, &t) ? -NLE_NOMEM : 0;
}

enum xlb_status xlb_genl_get_tunnels(struct xlb_genl *c,
				     struct xlb_tunnel_list *tunnels)
{
	struct nl_msg *msg = xlb_genl_new_request(c, XLB_CMD_TUNNEL_GET,
						  NLM_F_DUMP);

	if (!msg)
		return XLB_ERR_NOMEM;
	return xlb_genl_transact(c, msg, parse_tunnel, tunnels);
}

static int put_tunnel(struct nl_msg *msg, const struct xlb_tunnel *t)
{
	int err = nla_put_u32(msg, XLB_A_TUNNEL_REQID, t->reqid);

	if (!err && t->has_worker)
		err = nla_put_u32(msg, XLB_A_TUNNEL_WORKER, t->worker);
	if (!err && t->has_worker)
		err = nla_put_u8(msg, XLB_A_TUNNEL_PINNED, t->pinned);
	if (!err && t->has_spray)
		err = nla_put_u32(msg, XLB_A_TUNNEL_SPRAY, t->spray);
	return err;
}

enum xlb_status xlb_genl_tunnel_set(struct xlb_genl *c,
				    const struct xlb_tunnel *t)
{
	struct nl_msg *msg = xlb_genl_new_request(c, XLB_CMD_TUNNEL_SET, 0);

	if (!msg)
		return XLB_ERR_NOMEM;
	if (put_tunnel(msg, t) < 0) {
		nlmsg_free(msg);
		return XLB_ERR_NOMEM;
	}
	return xlb_genl_transact(c, msg, NULL, NULL);
}

enum xlb_status xlb_genl_tunnel_del(struct xlb_genl *c, uint32_t reqid)
{
	struct nl_msg *msg = xlb_genl_new_request(c, XLB_CMD_TUNNEL_DEL, 0);

	if (!msg)
		return XLB_ERR_NOMEM;
	if (nla_put_u32(msg, XLB_A_TUNNEL_REQID, reqid) < 0) {
		nlmsg_free(msg);
		return XLB_ERR_NOMEM;
	}
	return xlb_genl_transact(c, msg, NULL, NULL);
}
