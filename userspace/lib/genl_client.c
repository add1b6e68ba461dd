// SPDX-License-Identifier: GPL-2.0
/* The genl client: the handle, its requests, the tunnels' placement rules. */

#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include <linux/xlb.h>

#include "genl_client.h"
#include "genl_ctrl.h"
#include "genl_handle.h"
#include "genl_parse.h"
#include "netns.h"

enum xlb_status xlb_genl_nl_failure(struct xlb_genl *c, int err)
{
	c->nl_detail = nl_geterror(err);
	return err == -NLE_NOMEM ? XLB_ERR_NOMEM : XLB_ERR_NETLINK;
}

static void keep_reply(struct xlb_genl *c, const struct xlb_genl_reply *r)
{
	c->error = r->error;
	memcpy(c->extack, r->extack, sizeof(c->extack));
	c->nl_detail = r->nl_detail;
}

/* A connected, non-blocking genetlink socket in the thread's namespace. */
static enum xlb_status new_socket(struct xlb_genl *c, struct nl_sock **out)
{
	struct nl_sock *sock = nl_socket_alloc();
	int err;

	if (!sock)
		return XLB_ERR_NOMEM;
	err = genl_connect(sock);
	if (!err)
		err = nl_socket_set_nonblocking(sock);
	if (err < 0) {
		nl_socket_free(sock);
		return xlb_genl_nl_failure(c, err);
	}
	xlb_extack_enable(nl_socket_get_fd(sock));
	*out = sock;
	return XLB_OK;
}

/* The request socket and, with @events, the events socket. */
static enum xlb_status new_sockets(struct xlb_genl *c, struct nl_sock **req,
				   struct nl_sock **events)
{
	enum xlb_status status = new_socket(c, req);

	if (status == XLB_OK && events) {
		status = new_socket(c, events);
		if (status != XLB_OK) {
			nl_socket_free(*req);
			*req = NULL;
		}
	}
	return status;
}

/* new_sockets() inside the handle's namespace, if it has its own. */
static enum xlb_status new_sockets_in_netns(struct xlb_genl *c,
					    struct nl_sock **req,
					    struct nl_sock **events)
{
	enum xlb_status status;
	int saved;

	if (c->netns_fd < 0)
		return new_sockets(c, req, events);
	saved = xlb_netns_switch(c->netns_fd);
	if (saved < 0) {
		c->error = errno;
		return XLB_ERR_NETNS;
	}
	status = new_sockets(c, req, events);
	if (xlb_netns_restore(saved)) {
		c->error = errno;
		if (status == XLB_OK) {
			nl_socket_free(*req);
			*req = NULL;
			if (events) {
				nl_socket_free(*events);
				*events = NULL;
			}
		}
		return XLB_ERR_NETNS_RESTORE;
	}
	return status;
}

/* Resolves "xlb" and "events" now, and follows them if they moved. */
static enum xlb_status resolve_family(struct xlb_genl *c)
{
	struct xlb_ctrl_family f;
	struct xlb_genl_reply r;
	enum xlb_status status;

	status = xlb_ctrl_resolve(c->sock, c->timeout_ms, XLB_GENL_NAME,
				  XLB_MCGRP_EVENTS, &f, &r);
	if (status == XLB_ERR_NO_FAMILY)
		return status;
	if (status != XLB_OK) {
		keep_reply(c, &r);
		c->reopen = !r.finished;
		return status;
	}
	return xlb_genl_follow_family(c, &f);
}

static enum xlb_status open_handle(struct xlb_genl *c)
{
	enum xlb_status status;

	c->family = -1;
	c->events_group = -1;
	c->timeout_ms = XLB_GENL_TIMEOUT_MS;
	status = new_sockets_in_netns(c, &c->sock, &c->events);
	if (status == XLB_OK)
		status = resolve_family(c);
	if (status != XLB_OK)
		xlb_genl_close(c);
	return status;
}

enum xlb_status xlb_genl_open(struct xlb_genl *c)
{
	memset(c, 0, sizeof(*c));
	c->netns_fd = -1;
	return open_handle(c);
}

enum xlb_status xlb_genl_open_netns(struct xlb_genl *c,
				    const char *netns_name_or_path)
{
	memset(c, 0, sizeof(*c));
	c->netns_fd = xlb_netns_open(netns_name_or_path);
	if (c->netns_fd < 0) {
		c->error = errno;
		return XLB_ERR_NETNS;
	}
	return open_handle(c);
}

void xlb_genl_close(struct xlb_genl *c)
{
	nl_socket_free(c->sock);
	nl_socket_free(c->events);
	c->sock = NULL;
	c->events = NULL;
	if (c->netns_fd >= 0)
		close(c->netns_fd);
	c->netns_fd = -1;
}

void xlb_genl_set_timeout(struct xlb_genl *c, int timeout_ms)
{
	c->timeout_ms = timeout_ms > 0 ? timeout_ms : 1;
}

/* What an unfinished request may still send goes with its socket. */
static enum xlb_status replace_request_socket(struct xlb_genl *c)
{
	struct nl_sock *sock;
	enum xlb_status status = new_sockets_in_netns(c, &sock, NULL);

	if (status != XLB_OK)
		return status;
	nl_socket_free(c->sock);
	c->sock = sock;
	c->reopen = false;
	return XLB_OK;
}

static enum xlb_status send_once(struct xlb_genl *c, struct nl_msg *msg,
				 xlb_genl_parse_fn parse, void *arg)
{
	struct xlb_genl_reply r;
	enum xlb_status status;

	c->error = 0;
	c->extack[0] = '\0';
	c->nl_detail = NULL;
	if (c->reopen) {
		status = replace_request_socket(c);
		if (status != XLB_OK)
			return status;
	}
	nlmsg_hdr(msg)->nlmsg_type = c->family;
	status = xlb_genl_request(c->sock, msg, c->timeout_ms, parse, arg, &r);
	c->reopen = !r.finished;
	keep_reply(c, &r);
	return status;
}

/* What genetlink answers for a family id nobody has (any more). */
static bool family_may_be_gone(int error)
{
	return error == ENOENT || error == EOPNOTSUPP;
}

/*
 * Sends @msg (consumed) and reads its answer. A refusal that may mean the
 * module was reloaded has the family resolved again; the request goes once
 * more only if its id changed, so xlb's own ENOENT stays the answer.
 */
enum xlb_status xlb_genl_transact(struct xlb_genl *c, struct nl_msg *msg,
				  xlb_genl_parse_fn parse, void *arg)
{
	enum xlb_status status = send_once(c, msg, parse, arg);
	int old_family = c->family;
	struct xlb_genl_reply refused;
	enum xlb_status resolved;

	if (status == XLB_ERR_KERNEL && family_may_be_gone(c->error)) {
		refused = (struct xlb_genl_reply){ .error = c->error };
		memcpy(refused.extack, c->extack, sizeof(c->extack));
		resolved = resolve_family(c);
		if (resolved == XLB_ERR_NO_FAMILY)
			status = resolved;
		else if (resolved == XLB_OK && c->family != old_family)
			status = send_once(c, msg, parse, arg);
		else
			keep_reply(c, &refused);
	}
	nlmsg_free(msg);
	return status;
}

struct nl_msg *xlb_genl_new_request(struct xlb_genl *c, uint8_t cmd, int flags)
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
	struct nl_msg *msg = xlb_genl_new_request(c, XLB_CMD_DEV_GET, NLM_F_DUMP);

	if (!msg)
		return XLB_ERR_NOMEM;
	return xlb_genl_transact(c, msg, parse_dev, devs);
}

enum xlb_status xlb_genl_get_workers(struct xlb_genl *c,
				     struct xlb_worker_list *workers)
{
	struct nl_msg *msg = xlb_genl_new_request(c, XLB_CMD_WORKER_GET, NLM_F_DUMP);
	enum xlb_status status;

	if (!msg)
		return XLB_ERR_NOMEM;
	status = xlb_genl_transact(c, msg, parse_worker, workers);
	xlb_worker_list_sort(workers);
	return status;
}

enum xlb_status xlb_genl_get_sas(struct xlb_genl *c, uint32_t ifindex,
				 struct xlb_sa_list *sas)
{
	struct nl_msg *msg = xlb_genl_new_request(c, XLB_CMD_SA_GET, NLM_F_DUMP);
	enum xlb_status status;

	if (!msg)
		return XLB_ERR_NOMEM;
	if (ifindex && nla_put_u32(msg, XLB_A_SA_IFINDEX, ifindex) < 0) {
		nlmsg_free(msg);
		return XLB_ERR_NOMEM;
	}
	status = xlb_genl_transact(c, msg, parse_sa, sas);
	xlb_sa_list_sort(sas);
	return status;
}

enum xlb_status xlb_genl_get_policy(struct xlb_genl *c, struct xlb_policy *p)
{
	struct nl_msg *msg = xlb_genl_new_request(c, XLB_CMD_POLICY_GET, 0);

	if (!msg)
		return XLB_ERR_NOMEM;
	memset(p, 0, sizeof(*p));
	return xlb_genl_transact(c, msg, parse_policy, p);
}

static int put_if(struct nl_msg *msg, bool has, int attr, uint32_t v)
{
	return has ? nla_put_u32(msg, attr, v) : 0;
}

enum xlb_status xlb_genl_set_policy(struct xlb_genl *c, const struct xlb_policy *p)
{
	struct nl_msg *msg = xlb_genl_new_request(c, XLB_CMD_POLICY_SET, 0);

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
	return xlb_genl_transact(c, msg, NULL, NULL);
}

int xlb_sa_key_put(struct nl_msg *msg, const struct xlb_sa_key *key)
{
	int err = nla_put_u32(msg, XLB_A_SA_SPI, key->spi);

	if (!err && key->dir)
		err = nla_put_u8(msg, XLB_A_SA_DIR, key->dir);
	if (!err && key->ifindex)
		err = nla_put_u32(msg, XLB_A_SA_IFINDEX, key->ifindex);
	if (!err && key->family == AF_INET)
		err = nla_put(msg, XLB_A_SA_DADDR, 4, key->daddr);
	else if (!err && key->family == AF_INET6)
		err = nla_put(msg, XLB_A_SA_DADDR, 16, key->daddr);
	else if (!err && key->family)
		err = -NLE_INVAL;
	return err;
}

static int put_sa_set(struct nl_msg *msg, const struct xlb_sa_key *key,
		      const struct xlb_sa_change *change)
{
	int err = xlb_sa_key_put(msg, key);

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
	struct nl_msg *msg = xlb_genl_new_request(c, XLB_CMD_SA_SET, 0);

	if (!msg)
		return XLB_ERR_NOMEM;
	if (put_sa_set(msg, key, change) < 0) {
		nlmsg_free(msg);
		return XLB_ERR_NOMEM;
	}
	return xlb_genl_transact(c, msg, NULL, NULL);
}

/* Tunnels' placement rules (XLB_CMD_TUNNEL_*). */

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
	if (!err && t->weight)
		err = nla_put_u32(msg, XLB_A_TUNNEL_WEIGHT, t->weight);
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
