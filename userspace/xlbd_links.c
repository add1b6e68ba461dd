// SPDX-License-Identifier: GPL-2.0
/*
 * rtnetlink link events for xlbd, read with libnl-route: each managed xlb
 * device's last known state, by ifindex, and whether one came up.
 */
#include <errno.h>
#include <string.h>

#include <linux/if.h>
#include <linux/rtnetlink.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>

#include "xlbd_links.h"
#include "xlbd_log.h"

int xlbd_links_open(struct xlbd_links *l)
{
	int err;

	memset(l, 0, sizeof(*l));
	l->sk = nl_socket_alloc();
	if (!l->sk)
		return -1;
	err = nl_connect(l->sk, NETLINK_ROUTE);
	if (!err)
		err = nl_socket_add_membership(l->sk, RTNLGRP_LINK);
	if (!err)
		err = nl_socket_set_nonblocking(l->sk);
	if (err) {
		xlbd_log(LOG_ERR, "rtnetlink link events: %s", nl_geterror(err));
		nl_socket_free(l->sk);
		l->sk = NULL;
		return -1;
	}
	return 0;
}

void xlbd_links_close(struct xlbd_links *l)
{
	nl_socket_free(l->sk);
	l->sk = NULL;
}

int xlbd_links_fd(const struct xlbd_links *l)
{
	return nl_socket_get_fd(l->sk);
}

struct link_ctx {
	struct xlbd_links *l;
	const struct xlbd_conf *conf;
	bool deleted;
	bool seeding;
};

static struct xlbd_link_state *state_of(struct xlbd_links *l, int ifindex,
					bool add)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->dev[i].ifindex == ifindex)
			return &l->dev[i];
	if (!add || l->n == XLBD_MAX_DEVICES)
		return NULL;
	l->dev[l->n] = (struct xlbd_link_state){ .ifindex = ifindex };
	return &l->dev[l->n++];
}

static void on_link(struct nl_object *obj, void *arg)
{
	struct rtnl_link *link = (struct rtnl_link *)obj;
	const char *kind = rtnl_link_get_type(link);
	const char *name = rtnl_link_get_name(link);
	struct link_ctx *ctx = arg;
	struct xlbd_link_state *st;
	bool up;

	if (!kind || strcmp(kind, "xlb") || !name ||
	    !xlbd_conf_manages(ctx->conf, name))
		return;
	up = !ctx->deleted && (rtnl_link_get_flags(link) & IFF_UP);
	st = state_of(ctx->l, rtnl_link_get_ifindex(link), !ctx->deleted);
	if (!st)
		return;
	if (ctx->seeding) {
		st->up = up;
		return;
	}
	if (up && !st->up) {
		xlbd_log(LOG_NOTICE, "%s is up: checking libreswan's tunnels", name);
		ctx->l->came_up = true;
	} else if (!up && st->up) {
		xlbd_log(LOG_NOTICE, "%s is %s: the kernel dropped the SAs offloaded to it",
			 name, ctx->deleted ? "gone" : "down");
	}
	st->up = up;
	if (ctx->deleted)
		*st = ctx->l->dev[--ctx->l->n];
}

static int on_message(struct nl_msg *msg, void *arg)
{
	struct link_ctx *ctx = arg;
	int type = nlmsg_hdr(msg)->nlmsg_type;

	if (type != RTM_NEWLINK && type != RTM_DELLINK)
		return NL_OK;
	ctx->deleted = type == RTM_DELLINK;
	nl_msg_parse(msg, on_link, ctx);
	return NL_OK;
}

/*
 * The devices' states now, so that the first change after start is seen
 * as one (a device down at start and up later, or up and then down).
 */
int xlbd_links_seed(struct xlbd_links *l, const struct xlbd_conf *conf)
{
	struct link_ctx ctx = { .l = l, .conf = conf };
	struct nl_sock *sk = nl_socket_alloc();
	struct nl_cache *cache = NULL;
	int err = -NLE_NOMEM;

	if (sk)
		err = nl_connect(sk, NETLINK_ROUTE);
	if (!err)
		err = rtnl_link_alloc_cache(sk, AF_UNSPEC, &cache);
	if (!err) {
		ctx.seeding = true;
		nl_cache_foreach(cache, on_link, &ctx);
		nl_cache_free(cache);
	} else {
		xlbd_log(LOG_WARNING, "listing links: %s", nl_geterror(err));
	}
	nl_socket_free(sk);
	return err ? -1 : 0;
}

/* Notifications carry no sequence number of ours. */
static int any_seq(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

bool xlbd_links_read(struct xlbd_links *l, const struct xlbd_conf *conf)
{
	struct link_ctx ctx = { .l = l, .conf = conf };
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	bool came_up;
	int err;

	if (!cb)
		return false;
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, any_seq, NULL);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_message, &ctx);
	do {
		err = nl_recvmsgs(l->sk, cb);
	} while (err >= 0);
	nl_cb_put(cb);
	/* -NLE_AGAIN: all read. ENOBUFS: some lost; a check costs little. */
	if (err == -NLE_NOMEM)
		l->came_up = true;
	else if (err != -NLE_AGAIN)
		xlbd_log(LOG_WARNING, "rtnetlink link events: %s", nl_geterror(err));
	came_up = l->came_up;
	l->came_up = false;
	return came_up;
}
