// SPDX-License-Identifier: GPL-2.0
/* The events socket of a handle: "events", and nlctrl to follow reloads. */

#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>

#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include <linux/xlb.h>

#include "genl_handle.h"
#include "genl_parse.h"

static enum xlb_status join(struct xlb_genl *c, int group)
{
	int err = nl_socket_add_membership(c->events, group);

	/* The group wants CAP_NET_ADMIN, as the family's commands do. */
	if (err == -NLE_PERM) {
		c->error = EPERM;
		c->extack[0] = '\0';
		return XLB_ERR_PERM;
	}
	return err < 0 ? xlb_genl_nl_failure(c, err) : XLB_OK;
}

enum xlb_status xlb_genl_follow_family(struct xlb_genl *c,
				       const struct xlb_ctrl_family *f)
{
	int old_group = c->events_group;

	c->family = f->id;
	c->events_group = f->group;
	if (!c->subscribed)
		return XLB_OK;
	/* The old number may be another family's by now. */
	if (old_group > 0 && old_group != f->group)
		nl_socket_drop_membership(c->events, old_group);
	if (f->group <= 0)
		return XLB_ERR_PROTO;
	return join(c, f->group);
}

enum xlb_status xlb_genl_subscribe(struct xlb_genl *c)
{
	struct xlb_ctrl_family ctrl;
	struct xlb_genl_reply r;
	enum xlb_status status;
	bool enough;

	if (c->events_group <= 0)
		return XLB_ERR_PROTO;	/* the family has no "events" */
	status = join(c, c->events_group);
	if (status != XLB_OK)
		return status;
	c->subscribed = true;
	/* nlctrl says when "xlb" comes back with other numbers. */
	status = xlb_ctrl_resolve(c->sock, c->timeout_ms, XLB_CTRL_NAME,
				  XLB_CTRL_NOTIFY, &ctrl, &r);
	if (status != XLB_OK) {
		c->error = r.error;
		memcpy(c->extack, r.extack, sizeof(c->extack));
		c->nl_detail = r.nl_detail;
		c->reopen = !r.finished;
		return status;
	}
	status = ctrl.group > 0 ? join(c, ctrl.group) : XLB_ERR_PROTO;
	if (status != XLB_OK)
		return status;
	c->events_rcvbuf = xlb_rcvbuf_set(nl_socket_get_fd(c->events),
					  XLB_GENL_EVENTS_RCVBUF, &enough);
	if (c->events_rcvbuf < 0) {
		c->error = errno;
		return xlb_genl_nl_failure(c, -nl_syserr2nlerr(errno));
	}
	return enough ? XLB_OK : XLB_ERR_RCVBUF_SMALL;
}

int xlb_genl_events_fd(const struct xlb_genl *c)
{
	return nl_socket_get_fd(c->events);
}

struct event_ctx {
	struct xlb_genl *c;
	xlb_event_fn fn;
	void *arg;
	enum xlb_status status;	/* XLB_ERR_RELOADED, or what following said */
};

/* Events carry sequence number 0; only the kernel's messages count. */
static int from_kernel(struct nl_msg *msg, void *arg)
{
	(void)arg;
	return nlmsg_get_src(msg)->nl_pid == 0 ? NL_OK : NL_SKIP;
}

/* nlctrl: "xlb" registered again, likely under other numbers. */
static void on_ctrl(struct event_ctx *ctx, struct nlmsghdr *nlh)
{
	struct xlb_ctrl_family f;
	enum xlb_status status;

	if (xlb_ctrl_parse_family(nlh, XLB_MCGRP_EVENTS, &f) != CTRL_CMD_NEWFAMILY ||
	    strcmp(f.name, XLB_GENL_NAME))
		return;
	status = xlb_genl_follow_family(ctx->c, &f);
	if (ctx->status == XLB_OK)
		ctx->status = status == XLB_OK ? XLB_ERR_RELOADED : status;
}

static void on_xlb_event(struct event_ctx *ctx, struct nlmsghdr *nlh)
{
	struct xlb_event ev;
	char name[IF_NAMESIZE];

	if (xlb_parse_event(nlh, &ev) < 0)
		return;
	if (ev.ifindex && if_indextoname(ev.ifindex, name))
		snprintf(ev.ifname, sizeof(ev.ifname), "%s", name);
	ctx->fn(&ev, ctx->arg);
}

static int on_message(struct nl_msg *msg, void *arg)
{
	struct event_ctx *ctx = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	if (nlh->nlmsg_type == GENL_ID_CTRL)
		on_ctrl(ctx, nlh);
	else if (nlh->nlmsg_type == ctx->c->family)
		on_xlb_event(ctx, nlh);
	return NL_OK;
}

enum xlb_status xlb_genl_read_events(struct xlb_genl *c, xlb_event_fn fn,
				     void *arg)
{
	struct event_ctx ctx = { .c = c, .fn = fn, .arg = arg };
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int err;

	if (!cb)
		return XLB_ERR_NOMEM;
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, from_kernel, NULL);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_message, &ctx);
	err = nl_recvmsgs(c->events, cb);
	nl_cb_put(cb);
	/* libnl reports the socket's ENOBUFS as -NLE_NOMEM. */
	if (err == -NLE_NOMEM)
		return XLB_ERR_EVENTS_LOST;
	if (err < 0 && err != -NLE_INTR && err != -NLE_AGAIN)
		return xlb_genl_nl_failure(c, err);
	return ctx.status;
}

/* A receive buffer that cannot silently stay small. */

static int rcvbuf_get(int fd)
{
	int val;
	socklen_t len = sizeof(val);

	return getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &val, &len) ? -1 : val;
}

int xlb_rcvbuf_set(int fd, int bytes, bool *enough)
{
	/* The kernel doubles what it grants; an unclamped request reads back so. */
	long long want = 2LL * bytes;
	int got;

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes)))
		return -1;
	got = rcvbuf_get(fd);
	if (got >= 0 && got < want) {
		/* Fails with EPERM without CAP_NET_ADMIN: then got stays. */
		setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes));
		got = rcvbuf_get(fd);
	}
	*enough = got >= want;
	return got;
}
