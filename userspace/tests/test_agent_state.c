// SPDX-License-Identifier: GPL-2.0
/*
 * xlbd's state file for xlbctl tunnel and failover: what xlbd writes reads
 * back the same; a malformed file is refused whole; a conn not learnt yet
 * (reqid 0) is never the tunnel of a reqid; a pair xlbd could not read
 * back is not written.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "agent_state.h"

static void round_trip(void **state)
{
	struct xlb_agent_tunnel tunnels[] = {
		{ .line = 4, .conn = "site-b", .reqid = 16389 },
		{ .line = 5, .reqid = 16393 },
		{ .line = 7, .conn = "site-c", .reqid = 0 },
		{ .line = 8, .selector = "198.51.100.0/24 203.0.113.0/24", .reqid = 16397 },
		{ .line = 9, .selector = "2001:db8:1::/48 2001:db8:2::/48", .reqid = 0 },
	};
	struct xlb_agent_state out = { .pid = 4242, .tunnels = tunnels, .ntunnels = 5 };
	struct xlb_agent_state in;
	char buf[1024];
	FILE *f;

	(void)state;
	strcpy(out.config, "/etc/xlb/xlbd.conf");
	f = fmemopen(buf, sizeof(buf), "w");
	assert_int_equal(xlb_agent_state_write(f, &out), 0);
	fclose(f);
	assert_non_null(strstr(buf, "tunnel 5 - 16393\n"));
	assert_non_null(strstr(buf, "tunnel 8 - 16397 198.51.100.0/24 203.0.113.0/24\n"));
	f = fmemopen(buf, strlen(buf), "r");
	assert_int_equal(xlb_agent_state_read(f, &in), 0);
	fclose(f);
	assert_int_equal(in.pid, 4242);
	assert_string_equal(in.config, "/etc/xlb/xlbd.conf");
	assert_int_equal(in.ntunnels, 5);
	assert_memory_equal(in.tunnels, tunnels, sizeof(tunnels));
	assert_ptr_equal(xlb_agent_tunnel(&in, 16389), &in.tunnels[0]);
	assert_string_equal(xlb_agent_tunnel(&in, 16393)->conn, "");
	assert_null(xlb_agent_tunnel(&in, 0));
	assert_null(xlb_agent_tunnel(&in, 1));
	xlb_agent_state_free(&in);
	assert_null(in.tunnels);
}

static void malformed_refused(void **state)
{
	static const char *const bad[] = {
		"config /x\n",				/* no pid */
		"pid 0\n",
		"pid 12\ntunnel 4 site-b\n",
		"pid 12\ntunnel 4 site-b 4294967296\n",
		"pid 12\ntunnel 4 site-b 5 extra\n",
		"pid 12\ntunnel 4 - 5 198.51.100.0/24 203.0.113.0/24 extra\n",
		"pid 12\ncolour blue\n",
	};
	struct xlb_agent_state st;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		FILE *f = fmemopen((void *)bad[i], strlen(bad[i]), "r");

		if (xlb_agent_state_read(f, &st) != -1)
			fail_msg("read: %s", bad[i]);
		assert_null(st.tunnels);
		fclose(f);
	}
}

/* Field by field: the struct has padding, which neither side sets. */
static void assert_pair_equal(const struct xlb_agent_pair *got,
			      const struct xlb_agent_pair *want)
{
	assert_string_equal(got->name, want->name);
	assert_int_equal(got->line, want->line);
	assert_string_equal(got->address, want->address);
	assert_int_equal(got->role, want->role);
	assert_int_equal(got->since, want->since);
	assert_int_equal(got->changes, want->changes);
	assert_int_equal(got->pending, want->pending);
	assert_string_equal(got->conns, want->conns);
}

/* @st written to @buf, then read back into @in; @buf keeps the text. */
static void write_then_read(const struct xlb_agent_state *st, char *buf, size_t len,
			    struct xlb_agent_state *in)
{
	FILE *f = fmemopen(buf, len, "w");

	assert_int_equal(xlb_agent_state_write(f, st), 0);
	fclose(f);
	f = fmemopen(buf, strlen(buf), "r");
	assert_int_equal(xlb_agent_state_read(f, in), 0);
	fclose(f);
}

static void pairs_round_trip(void **state)
{
	struct xlb_agent_pair pairs[] = {
		{ .name = "gw", .line = 7, .address = "192.0.2.1",
		  .role = XLB_AGENT_PAIR_MASTER, .since = 1796484001, .changes = 3,
		  .pending = false, .conns = "west east" },
		{ .name = "gw6", .line = 12,
		  .address = "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255",
		  .role = XLB_AGENT_PAIR_BACKUP, .since = 1796484042, .changes = 4294967295u,
		  .pending = true, .conns = "site-a site-b site-c" },
		{ .name = "fresh", .line = 20, .address = "2001:db8::1",
		  .role = XLB_AGENT_PAIR_UNKNOWN, .conns = "solo" },
	};
	struct xlb_agent_tunnel tunnel = { .line = 4, .conn = "site-b", .reqid = 16389 };
	struct xlb_agent_state out = { .pid = 4242, .tunnels = &tunnel, .ntunnels = 1,
				       .pairs = pairs, .npairs = 3 };
	struct xlb_agent_state in;
	char buf[2048];

	(void)state;
	write_then_read(&out, buf, sizeof(buf), &in);
	assert_non_null(strstr(buf, "pair gw 7 192.0.2.1 master 1796484001 3 done west east\n"));
	assert_non_null(strstr(buf, "pair gw6 12 ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255 backup"
				    " 1796484042 4294967295 pending site-a site-b site-c\n"));
	assert_non_null(strstr(buf, "pair fresh 20 2001:db8::1 unknown 0 0 done solo\n"));
	assert_int_equal(in.ntunnels, 1);
	assert_int_equal(in.npairs, 3);
	for (size_t i = 0; i < 3; i++)
		assert_pair_equal(&in.pairs[i], &pairs[i]);
	xlb_agent_state_free(&in);
	assert_null(in.pairs);
	assert_int_equal(in.npairs, 0);
}

/* The longest of each field still fits: the limits are the struct's. */
static void pair_fields_at_their_limits(void **state)
{
	struct xlb_agent_pair p = { .line = 4294967295u, .address = "192.0.2.1",
				    .role = XLB_AGENT_PAIR_MASTER, .since = INT64_MAX };
	struct xlb_agent_state out = { .pid = 1, .pairs = &p, .npairs = 1 };
	struct xlb_agent_state in;
	char buf[2048];

	(void)state;
	memset(p.name, 'n', sizeof(p.name) - 1);
	memset(p.conns, 'c', sizeof(p.conns) - 1);
	write_then_read(&out, buf, sizeof(buf), &in);
	assert_int_equal(in.npairs, 1);
	assert_pair_equal(&in.pairs[0], &p);
	xlb_agent_state_free(&in);
}

static void expect_refused(const char *const *bad, size_t n)
{
	struct xlb_agent_state st;

	for (size_t i = 0; i < n; i++) {
		FILE *f = fmemopen((void *)bad[i], strlen(bad[i]), "r");

		if (xlb_agent_state_read(f, &st) != -1)
			fail_msg("read: %s", bad[i]);
		assert_null(st.tunnels);
		assert_null(st.pairs);
		fclose(f);
	}
}

#define EXPECT_REFUSED(...)						\
	do {								\
		static const char *const bad_[] = { __VA_ARGS__ };	\
		expect_refused(bad_, sizeof(bad_) / sizeof(bad_[0]));	\
	} while (0)

/* A good pair line first: the bad one must void what was read before it. */
#define GOOD_PAIR "pid 12\npair gw 7 192.0.2.1 master 1 0 done west\n"

static void pair_unknown_role_refused(void **state)
{
	(void)state;
	EXPECT_REFUSED(GOOD_PAIR "pair gw 7 192.0.2.1 primary 1 0 done west\n",
		       GOOD_PAIR "pair gw 7 192.0.2.1 MASTER 1 0 done west\n",
		       GOOD_PAIR "pair gw 7 192.0.2.1 1 1 0 done west\n",
		       GOOD_PAIR "pair gw 7 192.0.2.1 master 1 0 maybe west\n");
}

static void pair_bad_changes_refused(void **state)
{
	(void)state;
	EXPECT_REFUSED(GOOD_PAIR "pair gw 7 192.0.2.1 master 1 -1 done west\n",
		       GOOD_PAIR "pair gw 7 192.0.2.1 master 1 +1 done west\n",
		       GOOD_PAIR "pair gw 7 192.0.2.1 master 1 three done west\n",
		       GOOD_PAIR "pair gw 7 192.0.2.1 master 1 3x done west\n",
		       GOOD_PAIR "pair gw 7 192.0.2.1 master 1 4294967296 done west\n",
		       GOOD_PAIR "pair gw 7 192.0.2.1 master -5 0 done west\n",
		       GOOD_PAIR "pair gw 7 192.0.2.1 master 9223372036854775808 0 done west\n",
		       GOOD_PAIR "pair gw x 192.0.2.1 master 1 0 done west\n");
}

static void pair_without_conns_refused(void **state)
{
	(void)state;
	EXPECT_REFUSED(GOOD_PAIR "pair gw 7 192.0.2.1 master 1 0 done\n",
		       GOOD_PAIR "pair gw 7 192.0.2.1 master 1 0 done \n",
		       GOOD_PAIR "pair gw 7 192.0.2.1 master 1 0\n",
		       GOOD_PAIR "pair gw\n",
		       GOOD_PAIR "pair \n");
}

static void pair_name_too_long_refused(void **state)
{
	(void)state;
	/* 32 bytes: one more than XLB_AGENT_PAIR_NAME_LEN holds */
	EXPECT_REFUSED(GOOD_PAIR "pair nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn 7 192.0.2.1 master 1 0 done west\n",
		       /* 46 bytes of address, one more than XLB_AGENT_ADDR_LEN holds */
		       GOOD_PAIR "pair gw 7 ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.2550 master 1 0 done west\n");
}

/* xlbd gets an error, not a file xlbctl refuses whole. */
static void unreadable_pair_not_written(void **state)
{
	static const struct xlb_agent_pair bad[] = {
		{ .name = "gw", .address = "192.0.2.1" },		/* no conns */
		{ .address = "192.0.2.1", .conns = "west" },		/* no name */
		{ .name = "g w", .address = "192.0.2.1", .conns = "west" },
		{ .name = "gw", .conns = "west" },			/* no address */
		{ .name = "gw", .address = "192.0.2.1", .conns = "west  east" },
		{ .name = "gw", .address = "192.0.2.1", .conns = " west" },
		{ .name = "gw", .address = "192.0.2.1", .conns = "west\neast" },
		{ .name = "gw", .address = "192.0.2.1", .conns = "west", .since = -1 },
		{ .name = "gw", .address = "192.0.2.1", .conns = "west", .role = 3 },
	};
	char buf[512];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct xlb_agent_state st = { .pid = 1, .pairs = (struct xlb_agent_pair *)&bad[i],
					      .npairs = 1 };
		FILE *f = fmemopen(buf, sizeof(buf), "w");

		errno = 0;
		if (xlb_agent_state_write(f, &st) != -1)
			fail_msg("pair %zu written", i);
		assert_int_equal(errno, EINVAL);
		fclose(f);
	}
}

static void pair_role_names(void **state)
{
	(void)state;
	assert_string_equal(xlb_agent_pair_role_str(XLB_AGENT_PAIR_UNKNOWN), "unknown");
	assert_string_equal(xlb_agent_pair_role_str(XLB_AGENT_PAIR_MASTER), "master");
	assert_string_equal(xlb_agent_pair_role_str(XLB_AGENT_PAIR_BACKUP), "backup");
	assert_string_equal(xlb_agent_pair_role_str((enum xlb_agent_pair_role)7), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(malformed_refused),
		cmocka_unit_test(pairs_round_trip),
		cmocka_unit_test(pair_fields_at_their_limits),
		cmocka_unit_test(pair_unknown_role_refused),
		cmocka_unit_test(pair_bad_changes_refused),
		cmocka_unit_test(pair_without_conns_refused),
		cmocka_unit_test(pair_name_too_long_refused),
		cmocka_unit_test(unreadable_pair_not_written),
		cmocka_unit_test(pair_role_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
