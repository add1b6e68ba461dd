// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <net/if.h>
#include <string.h>

#include <netlink/errno.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include <linux/xlb.h>

#include "extack.h"
#include "genl_client.h"
#include "genl_parse.h"

/* What one request's callbacks found out. */
struct request {
	struct xlb_genl *c;
	int (*parse)(struct nlmsghdr *nlh, void *arg);
	void *arg;
	int parse_error;
};

static enum xlb_status nl_failure(struct xlb_genl *c, int err)
{
	c->nl_detail = nl_geterror(err);
	return err == -NLE_NOMEM ? XLB_ERR_NOMEM : XLB_ERR_NETLINK;
}

static void record_kernel_error(struct xlb_genl *c, int error,
				const struct nlmsghdr *nlh)
{
	c->error = error;
	xlb_extack_message(nlh, c->extack, sizeof(c->extack));
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct request *req = arg;
	const struct nlmsghdr *nlh =
		(const void *)((const char *)e - NLMSG_HDRLEN);

	(void)nla;
	record_kernel_error(req->c, -e->error, nlh);
	return NL_STOP;
}

/* libnl ignores the errno a dump may end with in NLMSG_DONE. */
static int on_finish(struct nl_msg *msg, void *arg)
{
	struct request *req = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	int error;

	if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(int)) {
		memcpy(&error, nlmsg_data(nlh), sizeof(error));
		if (error < 0)
			record_kernel_error(req->c, -error, nlh);
	}
	return NL_STOP;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct request *req = arg;
	int err;

	if (!req->parse)
		return NL_OK;
	err = req->parse(nlmsg_hdr(msg), req->arg);
	if (err < 0) {
		req->parse_error = err;
		return NL_STOP;
	}
	return NL_OK;
}

static enum xlb_status status_of_kernel_error(struct xlb_genl *c)
{
	return c->error == EPERM ? XLB_ERR_PERM : XLB_ERR_KERNEL;
}

/* Sends @msg (consumed) and reads until the ACK, error or end of dump. */
static enum xlb_status transact(struct xlb_genl *c, struct nl_msg *msg,
				int (*parse)(struct nlmsghdr *, void *), void *arg)
{
	struct request req = { .c = c, .parse = parse, .arg = arg };
	struct nl_cb *cb;
	int err;

	c->error = 0;
	c->extack[0] = '\0';
	c->nl_detail = NULL;

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		return XLB_ERR_NOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &req);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &req);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &req);

	err = nl_send_auto(c->sock, msg);
	nlmsg_free(msg);
	if (err >= 0)
		err = nl_recvmsgs(c->sock, cb);
	nl_cb_put(cb);

	if (c->error)
		return status_of_kernel_error(c);
	if (req.parse_error)
		return XLB_ERR_PROTO;
	if (err < 0)
		return nl_failure(c, err);
	return XLB_OK;
}

static struct nl_msg *new_request(struct xlb_genl *c, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, c->family, 0,
			 flags | NLM_F_ACK, cmd, XLB_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

enum xlb_status xlb_genl_open(struct xlb_genl *c)
{
	int err;

	memset(c, 0, sizeof(*c));
	c->sock = nl_socket_alloc();
	if (!c->sock)
		return XLB_ERR_NOMEM;
	err = genl_connect(c->sock);
	if (err < 0)
		goto fail;
	xlb_extack_enable(nl_socket_get_fd(c->sock));
	err = genl_ctrl_resolve(c->sock, XLB_GENL_NAME);
	if (err < 0) {
		if (err == -NLE_OBJ_NOTFOUND) {
			xlb_genl_close(c);
			return XLB_ERR_NO_FAMILY;
		}
		goto fail;
	}
	c->family = err;
	return XLB_OK;
fail:
	xlb_genl_close(c);
	return nl_failure(c, err);
}

void xlb_genl_close(struct xlb_genl *c)
{
	nl_socket_free(c->sock);
	c->sock = NULL;
}

static int parse_dev(struct nlmsghdr *nlh, void *arg)
{
	struct xlb_dev_info dev;
	int err = xlb_parse_dev(nlh, &dev);

	if (err < 0)
		return err;
	return xlb_dev_list_append(arg, &dev) ? -NLE_NOMEM : 0;
}

static int parse_worker(struct nlmsghdr *nlh, void *arg)
{
	struct xlb_worker w;
	int err = xlb_parse_worker(nlh, &w);

	if (err < 0)
		return err;
	return xlb_worker_list_append(arg, &w) ? -NLE_NOMEM : 0;
}

static int parse_sa(struct nlmsghdr *nlh, void *arg)
{
	struct xlb_sa sa;
	char name[IF_NAMESIZE];
	int err = xlb_parse_sa(nlh, &sa);

	if (err < 0)
		return err;
	if (sa.ifindex && if_indextoname(sa.ifindex, name))
		snprintf(sa.ifname, sizeof(sa.ifname), "%s", name);
	return xlb_sa_list_append(arg, &sa) ? -NLE_NOMEM : 0;
}

static int parse_policy(struct nlmsghdr *nlh, void *arg)
{
	return xlb_parse_policy(nlh, arg);
}

enum xlb_status xlb_genl_get_devs(struct xlb_genl *c, struct xlb_dev_list *devs)
{
	struct nl_msg *msg = new_request(c, XLB_CMD_DEV_GET, NLM_F_DUMP);

	if (!msg)
		return XLB_ERR_NOMEM;
	return transact(c, msg, parse_dev, devs);
}

enum xlb_status xlb_genl_get_workers(struct xlb_genl *c,
				     struct xlb_worker_list *workers)
{
	struct nl_msg *msg = new_request(c, XLB_CMD_WORKER_GET, NLM_F_DUMP);
	enum xlb_status status;

	if (!msg)
		return XLB_ERR_NOMEM;
	status = transact(c, msg, parse_worker, workers);
	xlb_worker_list_sort(workers);
	return status;
}

enum xlb_status xlb_genl_get_sas(struct xlb_genl *c, uint32_t ifindex,
				 struct xlb_sa_list *sas)
{
	struct nl_msg *msg = new_request(c, XLB_CMD_SA_GET, NLM_F_DUMP);
	enum xlb_status status;

	if (!msg)
		return XLB_ERR_NOMEM;
	if (ifindex && nla_put_u32(msg, XLB_A_SA_IFINDEX, ifindex) < 0) {
		nlmsg_free(msg);
		return XLB_ERR_NOMEM;
	}
	status = transact(c, msg, parse_sa, sas);
	xlb_sa_list_sort(sas);
	return status;
}

enum xlb_status xlb_genl_get_policy(struct xlb_genl *c, struct xlb_policy *p)
{
	struct nl_msg *msg = new_request(c, XLB_CMD_POLICY_GET, 0);

	if (!msg)
		return XLB_ERR_NOMEM;
	memset(p, 0, sizeof(*p));
	return transact(c, msg, parse_policy, p);
}

static int put_if(struct nl_msg *msg, bool has, int attr, uint32_t v)
{
	return has ? nla_put_u32(msg, attr, v) : 0;
}

enum xlb_status xlb_genl_set_policy(struct xlb_genl *c, const struct xlb_policy *p)
{
	struct nl_msg *msg = new_request(c, XLB_CMD_POLICY_SET, 0);

	if (!msg)
		return XLB_ERR_NOMEM;
	if (put_if(msg, p->has_placement, XLB_A_POLICY_PLACEMENT, p->placement) ||
	    put_if(msg, p->has_hotspot, XLB_A_POLICY_HOTSPOT, p->hotspot) ||
	    put_if(msg, p->has_interval_ms, XLB_A_POLICY_INTERVAL_MS, p->interval_ms) ||
	    put_if(msg, p->has_spray_threshold, XLB_A_POLICY_SPRAY_THRESHOLD,
		   p->spray_threshold) ||
	    put_if(msg, p->has_max_moves, XLB_A_POLICY_MAX_MOVES, p->max_moves) ||
	    put_if(msg, p->has_move_cooldown, XLB_A_POLICY_MOVE_COOLDOWN,
		   p->move_cooldown)) {
		nlmsg_free(msg);
		return XLB_ERR_NOMEM;
	}
	return transact(c, msg, NULL, NULL);
}

static int put_sa_set(struct nl_msg *msg, const struct xlb_sa_key *key,
		      const struct xlb_sa_change *change)
{
	int err = nla_put_u32(msg, XLB_A_SA_SPI, key->spi);

	if (!err && key->dir)
		err = nla_put_u8(msg, XLB_A_SA_DIR, key->dir);
	if (!err && key->ifindex)
		err = nla_put_u32(msg, XLB_A_SA_IFINDEX, key->ifindex);
	if (err)
		return err;
	switch (change->kind) {
	case XLB_SA_PIN:
		return nla_put_u32(msg, XLB_A_SA_WORKER, change->worker);
	case XLB_SA_UNPIN:
		return nla_put_u8(msg, XLB_A_SA_PINNED, 0);
	case XLB_SA_SPRAY:
		return nla_put_u32(msg, XLB_A_SA_SPRAY, change->spray);
	}
	return -NLE_INVAL;
}

enum xlb_status xlb_genl_sa_set(struct xlb_genl *c, const struct xlb_sa_key *key,
				const struct xlb_sa_change *change)
{
	struct nl_msg *msg = new_request(c, XLB_CMD_SA_SET, 0);

	if (!msg)
		return XLB_ERR_NOMEM;
	if (put_sa_set(msg, key, change) < 0) {
		nlmsg_free(msg);
		return XLB_ERR_NOMEM;
	}
	return transact(c, msg, NULL, NULL);
}

enum xlb_status xlb_genl_subscribe(struct xlb_genl *c)
{
	int grp = genl_ctrl_resolve_grp(c->sock, XLB_GENL_NAME, XLB_MCGRP_EVENTS);
	int err;

	if (grp < 0)
		return nl_failure(c, grp);
	err = nl_socket_add_membership(c->sock, grp);
	/* The group wants CAP_NET_ADMIN, as the family's commands do. */
	if (err == -NLE_PERM) {
		c->error = EPERM;
		c->extack[0] = '\0';
		return XLB_ERR_PERM;
	}
	if (err < 0)
		return nl_failure(c, err);
	/* Room for bursts of migrations; an overrun is reported, not fatal. */
	nl_socket_set_buffer_size(c->sock, 1 << 20, 0);
	/* Events carry sequence number 0. */
	nl_socket_disable_seq_check(c->sock);
	return XLB_OK;
}

int xlb_genl_fd(const struct xlb_genl *c)
{
	return nl_socket_get_fd(c->sock);
}

static int accept_any_seq(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

struct event_ctx {
	xlb_event_fn fn;
	void *arg;
};

static int on_event(struct nl_msg *msg, void *arg)
{
	struct event_ctx *ctx = arg;
	struct xlb_event ev;
	char name[IF_NAMESIZE];

	if (xlb_parse_event(nlmsg_hdr(msg), &ev) < 0)
		return NL_SKIP;
	if (ev.ifindex && if_indextoname(ev.ifindex, name))
		snprintf(ev.ifname, sizeof(ev.ifname), "%s", name);
	ctx->fn(&ev, ctx->arg);
	return NL_OK;
}

enum xlb_status xlb_genl_read_events(struct xlb_genl *c, xlb_event_fn fn,
				     void *arg)
{
	struct event_ctx ctx = { .fn = fn, .arg = arg };
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int err;

	if (!cb)
		return XLB_ERR_NOMEM;
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, accept_any_seq, NULL);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_event, &ctx);
	err = nl_recvmsgs(c->sock, cb);
	nl_cb_put(cb);
	/* libnl reports the socket's ENOBUFS as -NLE_NOMEM. */
	if (err == -NLE_NOMEM)
		return XLB_ERR_EVENTS_LOST;
	if (err < 0 && err != -NLE_INTR && err != -NLE_AGAIN)
		return nl_failure(c, err);
	return XLB_OK;
}
