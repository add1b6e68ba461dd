// SPDX-License-Identifier: GPL-2.0
/*
 * xlbd's state file for xlbctl tunnel and failover: what xlbd writes reads
 * back the same; a malformed file is refused whole; a conn not learnt yet
 * (reqid 0) is never the tunnel of a reqid; a pair or failover group
 * xlbd could not read back is not written.
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

static void expect_refused(const char *const *bad, size_t n)
{
	struct xlb_agent_state st;

	for (size_t i = 0; i < n; i++) {
		FILE *f = fmemopen((void *)bad[i], strlen(bad[i]), "r");

		if (xlb_agent_state_read(f, &st) != -1)
			fail_msg("read: %s", bad[i]);
		assert_null(st.tunnels);
		assert_null(st.pairs);
		assert_null(st.failovers);
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

/* The writer refuses @st with EINVAL; @what and @i name it in a failure. */
static void expect_not_written(const struct xlb_agent_state *st, const char *what,
			       size_t i)
{
	char buf[512];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	errno = 0;
	if (xlb_agent_state_write(f, st) != -1)
		fail_msg("%s %zu written", what, i);
	assert_int_equal(errno, EINVAL);
	fclose(f);
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

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct xlb_agent_state st = { .pid = 1, .pairs = (struct xlb_agent_pair *)&bad[i],
					      .npairs = 1 };

		expect_not_written(&st, "pair", i);
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

/* Field by field: the structs have padding, which neither side sets. */
static void assert_failover_equal(const struct xlb_agent_failover *got,
				  const struct xlb_agent_failover *want)
{
	assert_string_equal(got->name, want->name);
	assert_int_equal(got->line, want->line);
	assert_int_equal(got->active, want->active);
	assert_int_equal(got->since, want->since);
	assert_int_equal(got->failovers, want->failovers);
	assert_int_equal(got->failbacks, want->failbacks);
	assert_int_equal(got->hold_down_s, want->hold_down_s);
	for (size_t k = 0; k < 2; k++) {
		assert_string_equal(got->tunnel[k].conn, want->tunnel[k].conn);
		assert_string_equal(got->tunnel[k].dev, want->tunnel[k].dev);
		assert_int_equal(got->tunnel[k].health, want->tunnel[k].health);
	}
}

static void failovers_round_trip(void **state)
{
	struct xlb_agent_failover groups[] = {
		{ .name = "site", .line = 12, .active = XLB_AGENT_FO_BACKUP,
		  .since = 1796498401, .failovers = 1, .failbacks = 0, .hold_down_s = 5,
		  .tunnel = { { "to-p1", "ipsec1", XLB_AGENT_FO_DEAD },
			      { "to-p2", "ipsec2", XLB_AGENT_FO_ALIVE } } },
		{ .name = "dc.2_b-x", .line = 30, .active = XLB_AGENT_FO_PRIMARY,
		  .since = 1796484001, .failovers = 4294967295u, .failbacks = 7,
		  .hold_down_s = 4294967295u,
		  .tunnel = { { "a", "xfrm-p", XLB_AGENT_FO_ALIVE },
			      { "b", "xfrm-b", XLB_AGENT_FO_DEAD } } },
		/* xlbd has not looked yet */
		{ .name = "fresh", .line = 40,
		  .tunnel = { { "n1", "ipsec7" }, { "n2", "ipsec8" } } },
	};
	struct xlb_agent_pair pair = { .name = "gw", .line = 7, .address = "192.0.2.1",
				       .conns = "west" };
	struct xlb_agent_state out = { .pid = 4242, .pairs = &pair, .npairs = 1,
				       .failovers = groups, .nfailovers = 3 };
	struct xlb_agent_state in;
	char buf[2048];

	(void)state;
	write_then_read(&out, buf, sizeof(buf), &in);
	assert_non_null(strstr(buf, "failover site 12 backup 1796498401 1 0 5"
				    " to-p1 ipsec1 dead to-p2 ipsec2 alive\n"));
	assert_non_null(strstr(buf, "failover dc.2_b-x 30 primary 1796484001 4294967295 7"
				    " 4294967295 a xfrm-p alive b xfrm-b dead\n"));
	assert_non_null(strstr(buf, "failover fresh 40 none 0 0 0 0"
				    " n1 ipsec7 unknown n2 ipsec8 unknown\n"));
	assert_int_equal(in.npairs, 1);
	assert_pair_equal(&in.pairs[0], &pair);
	assert_int_equal(in.nfailovers, 3);
	for (size_t i = 0; i < 3; i++)
		assert_failover_equal(&in.failovers[i], &groups[i]);
	xlb_agent_state_free(&in);
	assert_null(in.failovers);
	assert_int_equal(in.nfailovers, 0);
}

/* The longest of each field still fits: the limits are the structs'. */
static void fields_at_their_limits(void **state)
{
	struct xlb_agent_pair p = { .line = 4294967295u, .address = "192.0.2.1",
				    .role = XLB_AGENT_PAIR_MASTER, .since = INT64_MAX };
	struct xlb_agent_failover f = { .line = 4294967295u, .active = XLB_AGENT_FO_PRIMARY,
					.since = INT64_MAX, .failovers = 4294967295u,
					.failbacks = 4294967295u, .hold_down_s = 4294967295u };
	struct xlb_agent_state out = { .pid = 1, .pairs = &p, .npairs = 1,
				       .failovers = &f, .nfailovers = 1 };
	struct xlb_agent_state in;
	char buf[2048];

	(void)state;
	memset(p.name, 'n', sizeof(p.name) - 1);
	memset(p.conns, 'c', sizeof(p.conns) - 1);
	memset(f.name, 'n', sizeof(f.name) - 1);
	for (size_t k = 0; k < 2; k++) {
		memset(f.tunnel[k].conn, 'c', sizeof(f.tunnel[k].conn) - 1);
		memset(f.tunnel[k].dev, 'd', sizeof(f.tunnel[k].dev) - 1);
	}
	write_then_read(&out, buf, sizeof(buf), &in);
	assert_int_equal(in.npairs, 1);
	assert_pair_equal(&in.pairs[0], &p);
	assert_int_equal(in.nfailovers, 1);
	assert_failover_equal(&in.failovers[0], &f);
	xlb_agent_state_free(&in);
}

/* A good group line first: the bad one must void what was read before it. */
#define GOOD_FO GOOD_PAIR "failover site 12 backup 1 1 0 5 p1 ipsec1 dead p2 ipsec2 alive\n"

/* GOOD_FO itself is read: what the tests below refuse is their last line. */
static void good_failover_read(void **state)
{
	static const char good[] = GOOD_FO;
	struct xlb_agent_state st;
	FILE *f = fmemopen((void *)good, strlen(good), "r");

	(void)state;
	assert_int_equal(xlb_agent_state_read(f, &st), 0);
	fclose(f);
	assert_int_equal(st.nfailovers, 1);
	assert_string_equal(st.failovers[0].tunnel[1].dev, "ipsec2");
	xlb_agent_state_free(&st);
}

static void failover_bad_name_or_line_refused(void **state)
{
	(void)state;
	EXPECT_REFUSED(GOOD_FO "failover si/te 12 backup 1 1 0 5 p1 ipsec1 dead p2 ipsec2 alive\n",
		       GOOD_FO "failover s:te 12 backup 1 1 0 5 p1 ipsec1 dead p2 ipsec2 alive\n",
		       GOOD_FO "failover s\tte 12 backup 1 1 0 5 p1 ipsec1 dead p2 ipsec2 alive\n",
		       /* 32 bytes: one more than XLB_AGENT_PAIR_NAME_LEN holds */
		       GOOD_FO "failover nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn 12 backup 1 1 0 5"
			       " p1 ipsec1 dead p2 ipsec2 alive\n",
		       GOOD_FO "failover site 0 backup 1 1 0 5 p1 ipsec1 dead p2 ipsec2 alive\n",
		       GOOD_FO "failover site -12 backup 1 1 0 5 p1 ipsec1 dead p2 ipsec2 alive\n",
		       GOOD_FO "failover site x backup 1 1 0 5 p1 ipsec1 dead p2 ipsec2 alive\n",
		       GOOD_FO "failover site 4294967296 backup 1 1 0 5 p1 ipsec1 dead p2 ipsec2 alive\n");
}

static void failover_bad_active_or_health_refused(void **state)
{
	(void)state;
	EXPECT_REFUSED(GOOD_FO "failover site 12 master 1 1 0 5 p1 ipsec1 dead p2 ipsec2 alive\n",
		       GOOD_FO "failover site 12 BACKUP 1 1 0 5 p1 ipsec1 dead p2 ipsec2 alive\n",
		       GOOD_FO "failover site 12 2 1 1 0 5 p1 ipsec1 dead p2 ipsec2 alive\n",
		       GOOD_FO "failover site 12 backup 1 1 0 5 p1 ipsec1 up p2 ipsec2 alive\n",
		       GOOD_FO "failover site 12 backup 1 1 0 5 p1 ipsec1 dead p2 ipsec2 ALIVE\n",
		       GOOD_FO "failover site 12 backup 1 1 0 5 p1 ipsec1 dead p2 ipsec2 1\n");
}

static void failover_bad_counts_refused(void **state)
{
	(void)state;
	EXPECT_REFUSED(/* SINCE */
		       GOOD_FO "failover site 12 backup -1 1 0 5 p1 ipsec1 dead p2 ipsec2 alive\n",
		       GOOD_FO "failover site 12 backup 9223372036854775808 1 0 5"
			       " p1 ipsec1 dead p2 ipsec2 alive\n",
		       GOOD_FO "failover site 12 backup now 1 0 5 p1 ipsec1 dead p2 ipsec2 alive\n",
		       /* FAILOVERS */
		       GOOD_FO "failover site 12 backup 1 -1 0 5 p1 ipsec1 dead p2 ipsec2 alive\n",
		       GOOD_FO "failover site 12 backup 1 +1 0 5 p1 ipsec1 dead p2 ipsec2 alive\n",
		       GOOD_FO "failover site 12 backup 1 4294967296 0 5 p1 ipsec1 dead p2 ipsec2 alive\n",
		       /* FAILBACKS */
		       GOOD_FO "failover site 12 backup 1 1 -1 5 p1 ipsec1 dead p2 ipsec2 alive\n",
		       GOOD_FO "failover site 12 backup 1 1 3x 5 p1 ipsec1 dead p2 ipsec2 alive\n",
		       GOOD_FO "failover site 12 backup 1 1 4294967296 5 p1 ipsec1 dead p2 ipsec2 alive\n",
		       /* HOLDDOWN */
		       GOOD_FO "failover site 12 backup 1 1 0 -5 p1 ipsec1 dead p2 ipsec2 alive\n",
		       GOOD_FO "failover site 12 backup 1 1 0 5s p1 ipsec1 dead p2 ipsec2 alive\n",
		       GOOD_FO "failover site 12 backup 1 1 0 4294967296 p1 ipsec1 dead p2 ipsec2 alive\n");
}

static void failover_bad_tunnel_refused(void **state)
{
	(void)state;
	EXPECT_REFUSED(/* 16 bytes: one more than an interface name has */
		       GOOD_FO "failover site 12 backup 1 1 0 5 p1 ipsec1234567890a dead p2 ipsec2 alive\n",
		       GOOD_FO "failover site 12 backup 1 1 0 5 p1 ipsec1 dead p2 ipsec2345678901a alive\n",
		       GOOD_FO "failover site 12 backup 1 1 0 5 p1 net/ipsec1 dead p2 ipsec2 alive\n",
		       GOOD_FO "failover site 12 backup 1 1 0 5 p1 ipsec1 dead p2 ipsec/2 alive\n",
		       GOOD_FO "failover site 12 backup 1 1 0 5 p1 ipsec1 dead p2 ips\tec2 alive\n",
		       GOOD_FO "failover site 12 backup 1 1 0 5 p\t1 ipsec1 dead p2 ipsec2 alive\n",
		       GOOD_FO "failover site 12 backup 1 1 0 5 p1 ipsec1 dead p\t2 ipsec2 alive\n");
}

/* 128 bytes of conn: one more than XLB_AGENT_CONN_LEN holds, in either place. */
static void failover_conn_too_long_refused(void **state)
{
	char conn[XLB_AGENT_CONN_LEN + 1];
	char primary[512], backup[512];
	const char *bad[] = { primary, backup };

	(void)state;
	memset(conn, 'c', XLB_AGENT_CONN_LEN);
	conn[XLB_AGENT_CONN_LEN] = '\0';
	snprintf(primary, sizeof(primary),
		 GOOD_FO "failover site 12 backup 1 1 0 5 %s ipsec1 dead p2 ipsec2 alive\n", conn);
	snprintf(backup, sizeof(backup),
		 GOOD_FO "failover site 12 backup 1 1 0 5 p1 ipsec1 dead %s ipsec2 alive\n", conn);
	expect_refused(bad, 2);
}

static void failover_missing_or_extra_words_refused(void **state)
{
	(void)state;
	EXPECT_REFUSED(GOOD_FO "failover site 12 backup 1 1 0 5 p1 ipsec1 dead p2 ipsec2\n",
		       GOOD_FO "failover site 12 backup 1 1 0 5 p1 ipsec1 dead p2\n",
		       GOOD_FO "failover site 12 backup 1 1 0 5 p1 ipsec1 dead\n",
		       GOOD_FO "failover site 12 backup 1 1 0 5\n",
		       GOOD_FO "failover site 12 backup 1 1 0 p1 ipsec1 dead p2 ipsec2 alive\n",
		       GOOD_FO "failover site\n",
		       GOOD_FO "failover \n",
		       GOOD_FO "failover site 12 backup 1 1 0 5 p1 ipsec1 dead p2 ipsec2 alive extra\n",
		       GOOD_FO "failover site 12 backup 1 1 0 5 p1 ipsec1 dead p2 ipsec2 alive"
			       " p3 ipsec3 alive\n");
}

/* The writer refuses a state of @f alone. */
static void expect_failover_not_written(const struct xlb_agent_failover *f, size_t i)
{
	struct xlb_agent_state st = { .pid = 1, .failovers = (struct xlb_agent_failover *)f,
				      .nfailovers = 1 };

	expect_not_written(&st, "failover", i);
}

#define TUNNELS(pconn, pdev, bconn, bdev) { { pconn, pdev }, { bconn, bdev } }
#define GOOD_TUNNELS TUNNELS("p1", "ipsec1", "p2", "ipsec2")

/* xlbd gets an error, not a file xlbctl refuses whole. */
static void unreadable_failover_not_written(void **state)
{
	static const struct xlb_agent_failover bad[] = {
		{ .line = 12, .tunnel = GOOD_TUNNELS },				/* no name */
		{ .name = "si te", .line = 12, .tunnel = GOOD_TUNNELS },
		{ .name = "si/te", .line = 12, .tunnel = GOOD_TUNNELS },
		{ .name = "site", .tunnel = GOOD_TUNNELS },			/* line 0 */
		{ .name = "site", .line = 12, .active = 3, .tunnel = GOOD_TUNNELS },
		{ .name = "site", .line = 12, .since = -1, .tunnel = GOOD_TUNNELS },
		{ .name = "site", .line = 12, .tunnel = TUNNELS("", "ipsec1", "p2", "ipsec2") },
		{ .name = "site", .line = 12, .tunnel = TUNNELS("p1", "ipsec1", "p 2", "ipsec2") },
		{ .name = "site", .line = 12, .tunnel = TUNNELS("p1", "", "p2", "ipsec2") },
		{ .name = "site", .line = 12, .tunnel = TUNNELS("p1", "ipsec1", "p2", "ip/2") },
		{ .name = "site", .line = 12, .tunnel = TUNNELS("p1", "ipsec1", "p2", "ip\t2") },
		{ .name = "site", .line = 12,
		  .tunnel = { { "p1", "ipsec1", 3 }, { "p2", "ipsec2" } } },
		{ .name = "site", .line = 12,
		  .tunnel = { { "p1", "ipsec1" }, { "p2", "ipsec2", -1 } } },
	};
	struct xlb_agent_failover unterminated = { .name = "site", .line = 12,
						   .tunnel = GOOD_TUNNELS };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_failover_not_written(&bad[i], i);
	/* a dev, conn or name filling its array: no room for the terminating NUL */
	memset(unterminated.tunnel[1].dev, 'd', sizeof(unterminated.tunnel[1].dev));
	expect_failover_not_written(&unterminated, i++);
	strcpy(unterminated.tunnel[1].dev, "ipsec2");
	memset(unterminated.tunnel[0].conn, 'c', sizeof(unterminated.tunnel[0].conn));
	expect_failover_not_written(&unterminated, i++);
	strcpy(unterminated.tunnel[0].conn, "p1");
	memset(unterminated.name, 'n', sizeof(unterminated.name));
	expect_failover_not_written(&unterminated, i);
}

static void failover_names(void **state)
{
	(void)state;
	assert_string_equal(xlb_agent_fo_active_str(XLB_AGENT_FO_NONE), "none");
	assert_string_equal(xlb_agent_fo_active_str(XLB_AGENT_FO_PRIMARY), "primary");
	assert_string_equal(xlb_agent_fo_active_str(XLB_AGENT_FO_BACKUP), "backup");
	assert_string_equal(xlb_agent_fo_active_str((enum xlb_agent_fo_active)7), "none");
	assert_string_equal(xlb_agent_fo_health_str(XLB_AGENT_FO_UNKNOWN), "unknown");
	assert_string_equal(xlb_agent_fo_health_str(XLB_AGENT_FO_ALIVE), "alive");
	assert_string_equal(xlb_agent_fo_health_str(XLB_AGENT_FO_DEAD), "dead");
	assert_string_equal(xlb_agent_fo_health_str((enum xlb_agent_fo_health)7), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(malformed_refused),
		cmocka_unit_test(pairs_round_trip),
		cmocka_unit_test(pair_unknown_role_refused),
		cmocka_unit_test(pair_bad_changes_refused),
		cmocka_unit_test(pair_without_conns_refused),
		cmocka_unit_test(pair_name_too_long_refused),
		cmocka_unit_test(unreadable_pair_not_written),
		cmocka_unit_test(pair_role_names),
		cmocka_unit_test(failovers_round_trip),
		cmocka_unit_test(fields_at_their_limits),
		cmocka_unit_test(good_failover_read),
		cmocka_unit_test(failover_bad_name_or_line_refused),
		cmocka_unit_test(failover_bad_active_or_health_refused),
		cmocka_unit_test(failover_bad_counts_refused),
		cmocka_unit_test(failover_bad_tunnel_refused),
		cmocka_unit_test(failover_conn_too_long_refused),
		cmocka_unit_test(failover_missing_or_extra_words_refused),
		cmocka_unit_test(unreadable_failover_not_written),
		cmocka_unit_test(failover_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
