// SPDX-License-Identifier: GPL-2.0
/*
 * Requests read to their end, against the kernel's own generic netlink
 * controller (the host has no xlb module): each answer belongs to its
 * request, stale answers and other ports' messages are skipped, a dump
 * whose parsing failed is still read to its end, a silent kernel times out.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "genl_client.h"
#include "genl_ctrl.h"
#include "genl_request.h"

#define TIMEOUT_MS 2000

static struct nl_sock *new_sock(void)
{
	struct nl_sock *sock = nl_socket_alloc();

	assert_non_null(sock);
	assert_int_equal(genl_connect(sock), 0);
	assert_int_equal(nl_socket_set_nonblocking(sock), 0);
	return sock;
}

static int setup(void **state)
{
	*state = new_sock();
	return 0;
}

static int teardown(void **state)
{
	nl_socket_free(*state);
	return 0;
}

static void resolve_nlctrl(struct nl_sock *sock)
{
	struct xlb_ctrl_family f;
	struct xlb_genl_reply r;

	assert_int_equal(xlb_ctrl_resolve(sock, TIMEOUT_MS, XLB_CTRL_NAME,
					  XLB_CTRL_NOTIFY, &f, &r), XLB_OK);
	assert_true(r.finished);
	assert_string_equal(f.name, XLB_CTRL_NAME);
	assert_int_equal(f.id, GENL_ID_CTRL);
	assert_true(f.group > 0);
}

static void resolve_missing(struct nl_sock *sock)
{
	struct xlb_ctrl_family f;
	struct xlb_genl_reply r;

	assert_int_equal(xlb_ctrl_resolve(sock, TIMEOUT_MS, "xlb-nosuch", NULL,
					  &f, &r), XLB_ERR_NO_FAMILY);
	assert_int_equal(r.error, ENOENT);
	assert_true(r.finished);
}

/* A reply and its ACK come apart: the ACK must not answer the next one. */
static void answers_belong_to_their_request(void **state)
{
	for (int i = 0; i < 50; i++) {
		resolve_nlctrl(*state);
		resolve_missing(*state);
	}
}

static struct nl_msg *getfamily(int flags, const char *name)
{
	struct nl_msg *msg = nlmsg_alloc();

	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, GENL_ID_CTRL,
				    0, flags, CTRL_CMD_GETFAMILY, 1));
	if (name)
		assert_int_equal(nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, name), 0);
	return msg;
}

/* Sent and never read, as a request abandoned half-way leaves things. */
static void send_unread(struct nl_sock *sock, struct nl_msg *msg)
{
	assert_true(nl_send_auto(sock, msg) >= 0);
	nlmsg_free(msg);
}

static void stale_answers_are_skipped(void **state)
{
	/* Each stale answer would say the opposite of the right one. */
	send_unread(*state, getfamily(NLM_F_ACK, XLB_CTRL_NAME));
	resolve_missing(*state);
	send_unread(*state, getfamily(NLM_F_ACK, "nosuch"));
	resolve_nlctrl(*state);
	send_unread(*state, getfamily(NLM_F_DUMP | NLM_F_ACK, NULL));
	resolve_missing(*state);
}

/* Another process can send to our port; only the kernel answers. */
static void other_ports_are_not_the_kernel(void **state)
{
	struct nl_sock *forger = new_sock();
	struct nl_msg *msg = nlmsg_alloc_simple(NLMSG_ERROR, 0);
	struct nlmsgerr *e;
	uint32_t next;

	assert_non_null(msg);
	e = nlmsg_reserve(msg, sizeof(*e), NLMSG_ALIGNTO);
	assert_non_null(e);
	memset(e, 0, sizeof(*e));
	e->error = -ENOENT;
	/* The number the next request will carry. */
	next = nl_socket_use_seq(*state) + 1;
	nlmsg_hdr(msg)->nlmsg_seq = next;
	nl_socket_set_peer_port(forger, nl_socket_get_local_port(*state));
	assert_true(nl_send(forger, msg) >= 0);
	nlmsg_free(msg);
	resolve_nlctrl(*state);
	nl_socket_free(forger);
}

struct count {
	int messages;
	int fail_with;	/* returned for every message when not 0 */
};

static int count_family(struct nlmsghdr *nlh, void *arg)
{
	struct count *n = arg;

	(void)nlh;
	n->messages++;
	return n->fail_with;
}

static enum xlb_status dump_families(struct nl_sock *sock, struct count *n,
				     struct xlb_genl_reply *r)
{
	struct nl_msg *msg = getfamily(NLM_F_DUMP | NLM_F_ACK, NULL);
	enum xlb_status status;

	status = xlb_genl_request(sock, msg, TIMEOUT_MS, count_family, n, r);
	nlmsg_free(msg);
	return status;
}

/*
 * A parse failure stops the parsing, not the reading: the dump is read to
 * its NLMSG_DONE, or the kernel would refuse the next dump (EBUSY).
 */
static void failed_parse_drains_the_dump(void **state)
{
	struct count all = { 0 }, failed = { .fail_with = -NLE_PARSE_ERR };
	struct count nomem = { .fail_with = -NLE_NOMEM };
	struct xlb_genl_reply r;

	assert_int_equal(dump_families(*state, &all, &r), XLB_OK);
	assert_true(all.messages > 1);
	assert_int_equal(dump_families(*state, &failed, &r), XLB_ERR_PROTO);
	assert_true(r.finished);
	assert_int_equal(failed.messages, 1);
	assert_int_equal(dump_families(*state, &nomem, &r), XLB_ERR_NOMEM);
	assert_true(r.finished);
	all.messages = 0;
	assert_int_equal(dump_families(*state, &all, &r), XLB_OK);
	assert_true(all.messages > 1);
	resolve_nlctrl(*state);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A NOOP without NLM_F_ACK: the kernel says nothing at all. */
static void silence_times_out(void **state)
{
	struct nl_msg *msg = nlmsg_alloc_simple(NLMSG_NOOP, 0);
	struct xlb_genl_reply r;
	long long start = now_ms(), took;

	assert_non_null(msg);
	nl_socket_disable_auto_ack(*state);
	assert_int_equal(xlb_genl_request(*state, msg, 200, NULL, NULL, &r),
			 XLB_ERR_TIMEOUT);
	took = now_ms() - start;
	nlmsg_free(msg);
	assert_false(r.finished);
	assert_true(took >= 200 && took < 2000);
	resolve_nlctrl(*state);
}

/* Without the module: no family, and nothing left open. */
static void open_without_module(void **state)
{
	struct xlb_genl c;

	(void)state;
	if (xlb_genl_open(&c) == XLB_OK) {
		xlb_genl_close(&c);
		skip();	/* this machine has the module */
	}
	assert_null(c.sock);
	assert_null(c.events);
	assert_int_equal(c.netns_fd, -1);
	assert_int_equal(xlb_genl_open_netns(&c, "xlb-no-such-netns"), XLB_ERR_NETNS);
	assert_int_equal(c.error, ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(answers_belong_to_their_request, setup, teardown),
		cmocka_unit_test_setup_teardown(stale_answers_are_skipped, setup, teardown),
		cmocka_unit_test_setup_teardown(other_ports_are_not_the_kernel, setup, teardown),
		cmocka_unit_test_setup_teardown(failed_parse_drains_the_dump, setup, teardown),
		cmocka_unit_test_setup_teardown(silence_times_out, setup, teardown),
		cmocka_unit_test(open_without_module),
	};

	return cmocka_run_group_tests_name("genl requests", tests, NULL, NULL);
}
