// SPDX-License-Identifier: GPL-2.0
/*
 * Replies and events built as the kernel builds them (nlmsg_alloc,
 * genlmsg_put, nla_put) and run through the real parsers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <cmocka.h>

#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include <linux/xlb.h>

#include "genl_parse.h"

#define FAMILY_ID 0x20

static struct nl_msg *new_msg(uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	assert_non_null(msg);
	assert_non_null(genlmsg_put(msg, 0, 1, FAMILY_ID, 0, 0, cmd,
				    XLB_GENL_VERSION));
	return msg;
}

static void worker_reply_parses(void **state)
{
	struct nl_msg *msg = new_msg(XLB_CMD_WORKER_GET);
	struct xlb_worker w;

	(void)state;
	/* PAD first, as nla_put_u64_64bit may leave one */
	nla_put(msg, XLB_A_WORKER_PAD, 0, NULL);
	nla_put_u32(msg, XLB_A_WORKER_CPU, 3);
	nla_put_u8(msg, XLB_A_WORKER_ONLINE, 1);
	nla_put_u32(msg, XLB_A_WORKER_LOAD, 562);
	nla_put_u32(msg, XLB_A_WORKER_BUSY, 400);
	nla_put_u32(msg, XLB_A_WORKER_OTHER, 100);
	nla_put_u32(msg, XLB_A_WORKER_BACKLOG, 62);
	nla_put_u32(msg, XLB_A_WORKER_DEPTH, 64);
	nla_put_u32(msg, XLB_A_WORKER_CAPACITY, 1024);
	nla_put_u64(msg, XLB_A_WORKER_PACKETS, UINT64_MAX);
	nla_put_u64(msg, XLB_A_WORKER_BYTES, 1ULL << 40);
	nla_put_u64(msg, XLB_A_WORKER_DROPS, 7);
	nla_put_u64(msg, XLB_A_WORKER_BUSY_NS, 123456789);
	nla_put_u64(msg, XLB_A_WORKER_PPS, 250000);
	nla_put_u64(msg, XLB_A_WORKER_BPS, 375000000);
	nla_put_u32(msg, XLB_A_WORKER_SAS, 2);
	/* an attribute from a newer kernel is ignored */
	nla_put_u32(msg, XLB_A_WORKER_MAX + 1, 99);

	assert_int_equal(xlb_parse_worker(nlmsg_hdr(msg), &w), 0);
	assert_int_equal(w.cpu, 3);
	assert_true(w.online);
	assert_int_equal(w.load, 562);
	assert_int_equal(w.busy, 400);
	assert_int_equal(w.other, 100);
	assert_int_equal(w.backlog, 62);
	assert_int_equal(w.depth, 64);
	assert_int_equal(w.capacity, 1024);
	assert_true(w.packets == UINT64_MAX);
	assert_true(w.bytes == 1ULL << 40);
	assert_int_equal(w.drops, 7);
	assert_int_equal(w.busy_ns, 123456789);
	assert_int_equal(w.pps, 250000);
	assert_int_equal(w.bps, 375000000);
	assert_int_equal(w.sas, 2);
	nlmsg_free(msg);
}

static void worker_without_cpu_is_refused(void **state)
{
	struct nl_msg *msg = new_msg(XLB_CMD_WORKER_GET);
	struct xlb_worker w;

	(void)state;
	nla_put_u32(msg, XLB_A_WORKER_LOAD, 1);
	assert_int_equal(xlb_parse_worker(nlmsg_hdr(msg), &w), -NLE_MISSING_ATTR);
	nlmsg_free(msg);
}

static void wrong_command_is_refused(void **state)
{
	struct nl_msg *msg = new_msg(XLB_CMD_SA_GET);
	struct xlb_worker w;
	struct xlb_dev_info d;

	(void)state;
	nla_put_u32(msg, XLB_A_WORKER_CPU, 1);
	assert_int_equal(xlb_parse_worker(nlmsg_hdr(msg), &w), -NLE_INVAL);
	assert_int_equal(xlb_parse_dev(nlmsg_hdr(msg), &d), -NLE_INVAL);
	nlmsg_free(msg);
}

static void short_attribute_is_refused(void **state)
{
	struct nl_msg *msg = new_msg(XLB_CMD_WORKER_GET);
	struct xlb_worker w;
	uint16_t half = 1;

	(void)state;
	/* a u32 attribute two bytes long */
	nla_put(msg, XLB_A_WORKER_CPU, sizeof(half), &half);
	assert_true(xlb_parse_worker(nlmsg_hdr(msg), &w) < 0);
	nlmsg_free(msg);
}

static struct nl_msg *sa_v6_msg(void)
{
	struct nl_msg *msg = new_msg(XLB_CMD_SA_GET);
	struct in6_addr s, d;

	inet_pton(AF_INET6, "2001:db8::1", &s);
	inet_pton(AF_INET6, "2001:db8::2", &d);
	nla_put_u32(msg, XLB_A_SA_IFINDEX, 5);
	nla_put_u32(msg, XLB_A_SA_SPI, 0xdeadbeef);
	nla_put_u8(msg, XLB_A_SA_DIR, XLB_SA_DIR_IN);
	nla_put_u16(msg, XLB_A_SA_FAMILY, AF_INET6);
	nla_put(msg, XLB_A_SA_SADDR, 16, &s);
	nla_put(msg, XLB_A_SA_DADDR, 16, &d);
	nla_put_u32(msg, XLB_A_SA_REQID, 9);
	nla_put_string(msg, XLB_A_SA_ALG, "cbc(aes)");
	nla_put_string(msg, XLB_A_SA_AUTH, "hmac(sha256)");
	nla_put_u32(msg, XLB_A_SA_WORKER, 1);
	nla_put_u8(msg, XLB_A_SA_PINNED, 1);
	nla_put_u32(msg, XLB_A_SA_SPRAY, XLB_SPRAY_OFF);
	nla_put_u8(msg, XLB_A_SA_SPRAYED, 0);
	nla_put_u32(msg, XLB_A_SA_COST, 125);
	nla_put_u64(msg, XLB_A_SA_PPS, 1000);
	nla_put_u64(msg, XLB_A_SA_PACKETS, 10);
	nla_put_u64(msg, XLB_A_SA_BYTES, 15000);
	nla_put_u64(msg, XLB_A_SA_ERRORS, 1);
	nla_put_u64(msg, XLB_A_SA_DROPS, 2);
	nla_put_u64(msg, XLB_A_SA_FALLBACKS, 3);
	nla_put_u64(msg, XLB_A_SA_MOVES, 4);
	nla_put_u64(msg, XLB_A_SA_LATE, 5);
	nla_put_u64(msg, XLB_A_SA_TIMEOUTS, 6);
	nla_put_u32(msg, XLB_A_SA_INFLIGHT, 7);
	nla_put_u64(msg, XLB_A_SA_ID, 1ULL << 33);
	return msg;
}

static void sa_reply_parses(void **state)
{
	struct nl_msg *msg = sa_v6_msg();
	struct xlb_sa sa;
	char buf[INET6_ADDRSTRLEN];

	(void)state;
	assert_int_equal(xlb_parse_sa(nlmsg_hdr(msg), &sa), 0);
	assert_true(sa.id == 1ULL << 33);
	assert_int_equal(sa.ifindex, 5);
	assert_string_equal(sa.ifname, "");
	assert_true(sa.spi == 0xdeadbeef);
	assert_int_equal(sa.dir, XLB_SA_DIR_IN);
	assert_int_equal(sa.family, AF_INET6);
	assert_string_equal(inet_ntop(AF_INET6, sa.saddr, buf, sizeof(buf)), "2001:db8::1");
	assert_string_equal(inet_ntop(AF_INET6, sa.daddr, buf, sizeof(buf)), "2001:db8::2");
	assert_int_equal(sa.reqid, 9);
	assert_string_equal(sa.alg, "cbc(aes)");
	assert_string_equal(sa.auth, "hmac(sha256)");
	assert_int_equal(sa.worker, 1);
	assert_true(sa.pinned);
	assert_int_equal(sa.spray, XLB_SPRAY_OFF);
	assert_false(sa.sprayed);
	assert_int_equal(sa.cost, 125);
	assert_int_equal(sa.pps, 1000);
	assert_int_equal(sa.packets, 10);
	assert_int_equal(sa.bytes, 15000);
	assert_int_equal(sa.errors, 1);
	assert_int_equal(sa.drops, 2);
	assert_int_equal(sa.fallbacks, 3);
	assert_int_equal(sa.moves, 4);
	assert_int_equal(sa.late, 5);
	assert_int_equal(sa.timeouts, 6);
	assert_int_equal(sa.inflight, 7);
	nlmsg_free(msg);
}

static void sa_v4_without_auth(void **state)
{
	struct nl_msg *msg = new_msg(XLB_CMD_SA_GET);
	uint32_t s = htonl(0xc0000201), d = htonl(0xc0000202);
	struct xlb_sa sa;

	(void)state;
	nla_put_u32(msg, XLB_A_SA_SPI, 0x1001);
	nla_put_u16(msg, XLB_A_SA_FAMILY, AF_INET);
	nla_put(msg, XLB_A_SA_SADDR, 4, &s);
	nla_put(msg, XLB_A_SA_DADDR, 4, &d);
	nla_put_string(msg, XLB_A_SA_ALG, "rfc4106(gcm(aes))");
	assert_int_equal(xlb_parse_sa(nlmsg_hdr(msg), &sa), 0);
	assert_memory_equal(sa.saddr, "\xc0\x00\x02\x01", 4);
	assert_memory_equal(sa.daddr, "\xc0\x00\x02\x02", 4);
	assert_string_equal(sa.auth, "");
	assert_false(sa.pinned);
	nlmsg_free(msg);
}

static void sa_address_of_wrong_length_is_refused(void **state)
{
	struct nl_msg *msg = new_msg(XLB_CMD_SA_GET);
	uint8_t addr[16] = { 0 };
	struct xlb_sa sa;

	(void)state;
	nla_put_u32(msg, XLB_A_SA_SPI, 0x1001);
	nla_put_u16(msg, XLB_A_SA_FAMILY, AF_INET);
	nla_put(msg, XLB_A_SA_SADDR, 16, addr);
	assert_int_equal(xlb_parse_sa(nlmsg_hdr(msg), &sa), -NLE_PARSE_ERR);
	nlmsg_free(msg);
}

static void sa_without_spi_is_refused(void **state)
{
	struct nl_msg *msg = new_msg(XLB_CMD_SA_GET);
	struct xlb_sa sa;

	(void)state;
	nla_put_u32(msg, XLB_A_SA_IFINDEX, 5);
	assert_int_equal(xlb_parse_sa(nlmsg_hdr(msg), &sa), -NLE_MISSING_ATTR);
	nlmsg_free(msg);
}

static void dev_reply_parses(void **state)
{
	struct nl_msg *msg = new_msg(XLB_CMD_DEV_GET);
	struct xlb_dev_info d;

	(void)state;
	nla_put_u32(msg, XLB_A_DEV_IFINDEX, 5);
	nla_put_string(msg, XLB_A_DEV_IFNAME, "xlb0");
	nla_put_u32(msg, XLB_A_DEV_LOWER_IFINDEX, 2);
	nla_put_string(msg, XLB_A_DEV_LOWER_IFNAME, "veth0");
	nla_put_u32(msg, XLB_A_DEV_PLACEMENT, XLB_PLACEMENT_ADAPTIVE);
	nla_put_u32(msg, XLB_A_DEV_WORKERS, 4);
	nla_put_u32(msg, XLB_A_DEV_SAS, 2);
	assert_int_equal(xlb_parse_dev(nlmsg_hdr(msg), &d), 0);
	assert_int_equal(d.ifindex, 5);
	assert_string_equal(d.ifname, "xlb0");
	assert_int_equal(d.lower_ifindex, 2);
	assert_string_equal(d.lower_ifname, "veth0");
	assert_int_equal(d.placement, XLB_PLACEMENT_ADAPTIVE);
	assert_int_equal(d.workers, 4);
	assert_int_equal(d.sas, 2);
	nlmsg_free(msg);
}

static void policy_reply_parses(void **state)
{
	struct nl_msg *msg = new_msg(XLB_CMD_POLICY_GET);
	struct xlb_policy p;

	(void)state;
	nla_put_u32(msg, XLB_A_POLICY_PLACEMENT, XLB_PLACEMENT_LEAST_LOADED);
	nla_put_u32(msg, XLB_A_POLICY_HOTSPOT, 850);
	nla_put_u32(msg, XLB_A_POLICY_MAX_MOVES, 0);
	assert_int_equal(xlb_parse_policy(nlmsg_hdr(msg), &p), 0);
	assert_true(p.has_placement);
	assert_int_equal(p.placement, XLB_PLACEMENT_LEAST_LOADED);
	assert_true(p.has_hotspot);
	assert_int_equal(p.hotspot, 850);
	assert_true(p.has_max_moves);
	assert_int_equal(p.max_moves, 0);
	assert_false(p.has_interval_ms);
	assert_false(p.has_spray_threshold);
	assert_false(p.has_move_cooldown);
	nlmsg_free(msg);
}

/* A tunnel rule: what it sets, and "none" for what it does not. */
static void tunnel_reply_parses(void **state)
{
	struct nl_msg *msg = new_msg(XLB_CMD_TUNNEL_GET);
	struct xlb_tunnel t;

	(void)state;
	nla_put_u32(msg, XLB_A_TUNNEL_REQID, 16401);
	nla_put_u32(msg, XLB_A_TUNNEL_WEIGHT, 800);
	assert_int_equal(xlb_parse_tunnel(nlmsg_hdr(msg), &t), 0);
	assert_int_equal(t.reqid, 16401);
	assert_int_equal(t.weight, 800);
	assert_false(t.has_worker);
	assert_false(t.has_spray);
	nlmsg_free(msg);

	msg = new_msg(XLB_CMD_TUNNEL_GET);
	nla_put_u32(msg, XLB_A_TUNNEL_REQID, 7);
	nla_put_u32(msg, XLB_A_TUNNEL_WORKER, 3);
	nla_put_u8(msg, XLB_A_TUNNEL_PINNED, 1);
	nla_put_u32(msg, XLB_A_TUNNEL_SPRAY, XLB_SPRAY_OFF);
	assert_int_equal(xlb_parse_tunnel(nlmsg_hdr(msg), &t), 0);
	assert_true(t.has_worker);
	assert_int_equal(t.worker, 3);
	assert_true(t.pinned);
	assert_true(t.has_spray);
	assert_int_equal(t.spray, XLB_SPRAY_OFF);
	assert_int_equal(t.weight, 0);
	nlmsg_free(msg);

	msg = new_msg(XLB_CMD_TUNNEL_GET);
	nla_put_u32(msg, XLB_A_TUNNEL_WEIGHT, 800);
	assert_int_equal(xlb_parse_tunnel(nlmsg_hdr(msg), &t), -NLE_MISSING_ATTR);
	nlmsg_free(msg);
}

static void events_parse(void **state)
{
	struct nl_msg *msg = new_msg(XLB_CMD_SA_MIGRATED_NTF);
	struct xlb_event ev;

	(void)state;
	nla_put_u32(msg, XLB_A_EVENT_IFINDEX, 5);
	nla_put_u32(msg, XLB_A_EVENT_SPI, 0x1001);
	nla_put_u8(msg, XLB_A_EVENT_DIR, XLB_SA_DIR_OUT);
	nla_put_u32(msg, XLB_A_EVENT_FROM, 0);
	nla_put_u32(msg, XLB_A_EVENT_TO, 1);
	nla_put_u32(msg, XLB_A_EVENT_REASON, XLB_REASON_HOTSPOT);
	assert_int_equal(xlb_parse_event(nlmsg_hdr(msg), &ev), 0);
	assert_int_equal(ev.cmd, XLB_CMD_SA_MIGRATED_NTF);
	assert_int_equal(ev.ifindex, 5);
	assert_int_equal(ev.spi, 0x1001);
	assert_int_equal(ev.dir, XLB_SA_DIR_OUT);
	assert_true(ev.has_from);
	assert_int_equal(ev.from, 0);
	assert_true(ev.has_to);
	assert_int_equal(ev.to, 1);
	assert_int_equal(ev.reason, XLB_REASON_HOTSPOT);
	nlmsg_free(msg);

	msg = new_msg(XLB_CMD_HOTSPOT_NTF);
	nla_put_u32(msg, XLB_A_EVENT_WORKER, 2);
	nla_put_u32(msg, XLB_A_EVENT_LOAD, 930);
	nla_put_u32(msg, XLB_A_EVENT_HOTSPOT, 850);
	assert_int_equal(xlb_parse_event(nlmsg_hdr(msg), &ev), 0);
	assert_int_equal(ev.cmd, XLB_CMD_HOTSPOT_NTF);
	assert_int_equal(ev.worker, 2);
	assert_int_equal(ev.load, 930);
	assert_int_equal(ev.hotspot, 850);
	assert_false(ev.has_from);
	assert_false(ev.has_to);
	nlmsg_free(msg);
}

/* SA events name the SA (its ID) and its tunnel (reqid, destination). */
static void sa_removed_event_parses(void **state)
{
	struct nl_msg *msg = new_msg(XLB_CMD_SA_REMOVED_NTF);
	struct xlb_event ev;
	struct in6_addr d;

	(void)state;
	inet_pton(AF_INET6, "2001:db8::2", &d);
	nla_put_u32(msg, XLB_A_EVENT_IFINDEX, 5);
	nla_put_u32(msg, XLB_A_EVENT_SPI, 0x1001);
	nla_put_u8(msg, XLB_A_EVENT_DIR, XLB_SA_DIR_IN);
	nla_put_u64(msg, XLB_A_EVENT_SA_ID, 77);
	nla_put_u16(msg, XLB_A_EVENT_FAMILY, AF_INET6);
	nla_put(msg, XLB_A_EVENT_DADDR, 16, &d);
	nla_put_u32(msg, XLB_A_EVENT_REQID, 16389);
	assert_int_equal(xlb_parse_event(nlmsg_hdr(msg), &ev), 0);
	assert_int_equal(ev.cmd, XLB_CMD_SA_REMOVED_NTF);
	assert_int_equal(ev.sa_id, 77);
	assert_int_equal(ev.reqid, 16389);
	assert_int_equal(ev.family, AF_INET6);
	assert_memory_equal(ev.daddr, &d, 16);
	assert_int_equal(ev.spi, 0x1001);
	assert_int_equal(ev.reason, 0);
	nlmsg_free(msg);

	/* An address that does not fit its family is refused. */
	msg = new_msg(XLB_CMD_SA_PLACED_NTF);
	nla_put_u16(msg, XLB_A_EVENT_FAMILY, AF_INET);
	nla_put(msg, XLB_A_EVENT_DADDR, 16, &d);
	assert_int_equal(xlb_parse_event(nlmsg_hdr(msg), &ev), -NLE_PARSE_ERR);
	nlmsg_free(msg);
	msg = new_msg(XLB_CMD_SA_PLACED_NTF);
	nla_put(msg, XLB_A_EVENT_DADDR, 4, &d);
	assert_int_equal(xlb_parse_event(nlmsg_hdr(msg), &ev), -NLE_PARSE_ERR);
	nlmsg_free(msg);
}

static void reply_is_not_an_event(void **state)
{
	struct nl_msg *msg = new_msg(XLB_CMD_SA_GET);
	struct xlb_event ev;

	(void)state;
	nla_put_u32(msg, XLB_A_SA_SPI, 1);
	assert_int_equal(xlb_parse_event(nlmsg_hdr(msg), &ev), -NLE_INVAL);
	nlmsg_free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(worker_reply_parses),
		cmocka_unit_test(worker_without_cpu_is_refused),
		cmocka_unit_test(wrong_command_is_refused),
		cmocka_unit_test(short_attribute_is_refused),
		cmocka_unit_test(sa_reply_parses),
		cmocka_unit_test(sa_v4_without_auth),
		cmocka_unit_test(sa_address_of_wrong_length_is_refused),
		cmocka_unit_test(sa_without_spi_is_refused),
		cmocka_unit_test(dev_reply_parses),
		cmocka_unit_test(policy_reply_parses),
		cmocka_unit_test(tunnel_reply_parses),
		cmocka_unit_test(events_parse),
		cmocka_unit_test(sa_removed_event_parses),
		cmocka_unit_test(reply_is_not_an_event),
	};

	return cmocka_run_group_tests_name("generic netlink parsing", tests, NULL, NULL);
}
