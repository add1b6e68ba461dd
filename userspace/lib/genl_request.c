// SPDX-License-Identifier: GPL-2.0
/* One request on a genetlink socket, and the kernel's extended ACK. */

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "genl_request.h"

/* What one request's callbacks found out. */
struct request {
	uint32_t seq;
	xlb_genl_parse_fn parse;
	void *arg;
	int parse_error;	/* the first; later messages are only read */
	bool done;
	struct xlb_genl_reply *r;
};

static void record_kernel_error(struct request *req, int error,
				const struct nlmsghdr *nlh)
{
	req->r->error = error;
	xlb_extack_message(nlh, req->r->extack, sizeof(req->r->extack));
}

/* Ours: from the kernel (port 0) and with our sequence number. */
static int check_seq(struct nl_msg *msg, void *arg)
{
	struct request *req = arg;
	struct sockaddr_nl *src = nlmsg_get_src(msg);

	if (src->nl_pid != 0 || nlmsg_hdr(msg)->nlmsg_seq != req->seq)
		return NL_SKIP;
	return NL_OK;
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct request *req = arg;
	const struct nlmsghdr *nlh =
		(const void *)((const char *)e - NLMSG_HDRLEN);

	(void)nla;
	record_kernel_error(req, -e->error, nlh);
	req->done = true;
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct request *req = arg;

	(void)msg;
	req->done = true;
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
			record_kernel_error(req, -error, nlh);
	}
	req->done = true;
	return NL_STOP;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct request *req = arg;
	int err;

	if (!req->parse || req->parse_error)
		return NL_SKIP;
	err = req->parse(nlmsg_hdr(msg), req->arg);
	if (err < 0)
		req->parse_error = err;
	return NL_SKIP;
}

static struct nl_cb *request_callbacks(struct request *req)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);

	if (!cb)
		return NULL;
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, check_seq, req);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, req);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, req);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, req);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, req);
	return cb;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Polls for the answer until @req is done; 0 or a negative libnl error. */
static int read_until_done(struct nl_sock *sock, struct nl_cb *cb,
			   struct request *req, int timeout_ms)
{
	struct pollfd pfd = { .fd = nl_socket_get_fd(sock), .events = POLLIN };
	long long deadline = now_ms() + timeout_ms;
	int err = 0;

	while (!req->done) {
		long long left = deadline - now_ms();
		int n;

		if (left < 0)
			left = 0;
		n = poll(&pfd, 1, (int)left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -nl_syserr2nlerr(errno);
		if (n == 0)
			return -NLE_AGAIN;	/* timed out: libnl never says it */
		err = nl_recvmsgs(sock, cb);
		/* A kernel error stops libnl with that error: it is ours. */
		if (err < 0 && !req->done)
			return err;
	}
	/* E.g. -NLE_DUMP_INTR, reported once the dump has ended. */
	return req->r->error ? 0 : err;
}

static enum xlb_status status_of(const struct request *req, int err)
{
	if (err == -NLE_AGAIN)
		return XLB_ERR_TIMEOUT;
	if (err < 0) {
		req->r->nl_detail = nl_geterror(err);
		return err == -NLE_NOMEM ? XLB_ERR_NOMEM : XLB_ERR_NETLINK;
	}
	if (req->r->error)
		return req->r->error == EPERM ? XLB_ERR_PERM : XLB_ERR_KERNEL;
	if (req->parse_error)
		return req->parse_error == -NLE_NOMEM ? XLB_ERR_NOMEM : XLB_ERR_PROTO;
	return XLB_OK;
}

enum xlb_status xlb_genl_request(struct nl_sock *sock, struct nl_msg *msg,
				 int timeout_ms, xlb_genl_parse_fn parse,
				 void *arg, struct xlb_genl_reply *r)
{
	struct request req = { .parse = parse, .arg = arg, .r = r };
	struct nl_cb *cb;
	int err;

	memset(r, 0, sizeof(*r));
	r->finished = true;
	cb = request_callbacks(&req);
	if (!cb)
		return XLB_ERR_NOMEM;
	/* 0 would make libnl pick another number (NL_AUTO_SEQ). */
	do
		req.seq = nl_socket_use_seq(sock);
	while (req.seq == NL_AUTO_SEQ);
	nlmsg_hdr(msg)->nlmsg_seq = req.seq;
	err = nl_send_auto(sock, msg);
	if (err >= 0) {
		err = read_until_done(sock, cb, &req, timeout_ms);
		r->finished = req.done;
	}
	nl_cb_put(cb);
	return status_of(&req, err);
}

/* The kernel's extended ACK. */

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
