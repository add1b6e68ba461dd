// SPDX-License-Identifier: GPL-2.0
/*
 * xlbd.conf parsing: a good file reads into what it says; each kind of
 * mistake is refused whole with "NAME:LINE: why", the line being the one
 * that is wrong.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <sys/socket.h>

#include <linux/xlb.h>

#include "xlbd_conf.h"

static int read_text(const char *text, struct xlbd_conf *conf, char *err)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	int ret;

	assert_non_null(in);
	ret = xlbd_conf_read(in, "t.conf", conf, err, XLBD_ERR_LEN);
	fclose(in);
	return ret;
}

static void good_file_reads(void **state)
{
	struct xlbd_conf conf;
	char err[XLBD_ERR_LEN] = "";
	const struct xlbd_tunnel *t;

	(void)state;
	assert_int_equal(read_text(
		"# comment\n"
		"\n"
		"device xlb0   # trailing comment\n"
		"device xlb1\n"
		"policy placement adaptive hotspot 850\n"
		"policy max-moves 3 spray-threshold 0\n"
		"tunnel reqid 16389 workers 0-2,5 spray auto\n"
		"\ttunnel reqid 16393 workers 4 pinned spray off\n"
		"tunnel reqid 4294967295 spray on\n"
		"tunnel reqid 16401 weight 1000", &conf, err), 0);
	assert_string_equal(err, "");
	assert_int_equal(conf.ndevices, 2);
	assert_string_equal(conf.devices[1], "xlb1");
	assert_true(conf.policy.has_placement);
	assert_int_equal(conf.policy.placement, XLB_PLACEMENT_ADAPTIVE);
	assert_int_equal(conf.policy.hotspot, 850);
	assert_int_equal(conf.policy.max_moves, 3);
	assert_true(conf.policy.has_spray_threshold);
	assert_int_equal(conf.policy.spray_threshold, 0);
	assert_false(conf.policy.has_interval_ms);
	assert_int_equal(conf.ntunnels, 4);
	t = xlbd_conf_tunnel(&conf, 16389);
	assert_non_null(t);
	assert_int_equal(xlbd_cpuset_count(&t->workers), 4);
	assert_true(xlbd_cpuset_has(&t->workers, 5));
	assert_false(xlbd_cpuset_has(&t->workers, 3));
	assert_false(t->pinned);
	assert_int_equal(t->line, 7);
	t = xlbd_conf_tunnel(&conf, 16393);
	assert_true(t->pinned);
	assert_int_equal(t->spray, XLB_SPRAY_OFF);
	t = xlbd_conf_tunnel(&conf, 4294967295u);
	assert_false(t->has_workers);
	assert_int_equal(t->spray, XLB_SPRAY_ON);
	assert_int_equal(t->weight, 0);
	t = xlbd_conf_tunnel(&conf, 16401);
	assert_int_equal(t->weight, 1000);
	assert_false(t->has_workers);
	assert_false(t->has_spray);
	assert_true(xlbd_conf_manages(&conf, "xlb1"));
	assert_false(xlbd_conf_manages(&conf, "xlb2"));
	xlbd_conf_free(&conf);

	assert_int_equal(read_text("", &conf, err), 0);
	assert_true(xlbd_conf_manages(&conf, "anything"));
	/* libreswan's defaults: on, its usual socket, every 30 s. */
	assert_false(conf.libreswan.off);
	assert_string_equal(conf.libreswan.ctlsocket, "/run/pluto/pluto.ctl");
	assert_int_equal(conf.libreswan.check_s, 30);
	xlbd_conf_free(&conf);
}

static void libreswan_lines_read(void **state)
{
	struct xlbd_conf conf;
	char err[XLBD_ERR_LEN] = "";

	(void)state;
	assert_int_equal(read_text("libreswan ctlsocket /var/run/gw/pluto.ctl\n"
				   "libreswan check 5\n", &conf, err), 0);
	assert_string_equal(err, "");
	assert_false(conf.libreswan.off);
	assert_string_equal(conf.libreswan.ctlsocket, "/var/run/gw/pluto.ctl");
	assert_int_equal(conf.libreswan.check_s, 5);
	xlbd_conf_free(&conf);
	assert_int_equal(read_text("libreswan off\n", &conf, err), 0);
	assert_true(conf.libreswan.off);
	xlbd_conf_free(&conf);
}

/* A conn tunnel has no reqid until xlbd learns it; reqid lookups skip it. */
static void conn_tunnel_read(void **state)
{
	struct xlbd_conf conf;
	char err[XLBD_ERR_LEN] = "", name[256];

	(void)state;
	assert_int_equal(read_text("tunnel conn site-b.v4 workers 2-3 pinned\n"
				   "tunnel reqid 16389 spray on\n", &conf, err), 0);
	assert_int_equal(conf.ntunnels, 2);
	assert_string_equal(conf.tunnels[0].conn, "site-b.v4");
	assert_int_equal(conf.tunnels[0].reqid, 0);
	assert_true(conf.tunnels[0].pinned);
	assert_true(xlbd_cpuset_has(&conf.tunnels[0].workers, 3));
	assert_string_equal(conf.tunnels[1].conn, "");
	assert_ptr_equal(xlbd_conf_tunnel(&conf, 16389), &conf.tunnels[1]);
	assert_null(xlbd_conf_tunnel(&conf, 0));
	assert_string_equal(xlbd_tunnel_name(&conf.tunnels[0], name, sizeof(name)),
			    "conn \"site-b.v4\" (reqid not known yet)");
	conf.tunnels[0].reqid = 16393;
	assert_string_equal(xlbd_tunnel_name(&conf.tunnels[0], name, sizeof(name)),
			    "conn \"site-b.v4\" (reqid 16393)");
	assert_string_equal(xlbd_tunnel_name(&conf.tunnels[1], name, sizeof(name)),
			    "reqid 16389");
	xlbd_conf_free(&conf);
}

/* A selector tunnel: its prefixes, no reqid until xlbd learns it. */
static void selector_tunnel_read(void **state)
{
	static const uint8_t v4_local[4] = { 198, 51, 100, 0 };
	static const uint8_t v6_remote[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 2 };
	struct xlbd_conf conf;
	char err[XLBD_ERR_LEN] = "", name[256];

	(void)state;
	assert_int_equal(read_text("tunnel selector 198.51.100.0/24 203.0.113.0/24 workers 1 pinned\n"
				   "tunnel selector 2001:db8:1::/48 2001:db8:2:: spray on\n",
				   &conf, err), 0);
	assert_int_equal(conf.ntunnels, 2);
	assert_int_equal(conf.tunnels[0].sel.family, AF_INET);
	assert_memory_equal(conf.tunnels[0].sel.local, v4_local, 4);
	assert_int_equal(conf.tunnels[0].sel.local_len, 24);
	assert_int_equal(conf.tunnels[0].reqid, 0);
	assert_true(conf.tunnels[0].pinned);
	assert_string_equal(conf.tunnels[0].conn, "");
	assert_int_equal(conf.tunnels[1].sel.family, AF_INET6);
	assert_memory_equal(conf.tunnels[1].sel.remote, v6_remote, 16);
	assert_int_equal(conf.tunnels[1].sel.remote_len, 128);
	assert_string_equal(xlbd_tunnel_name(&conf.tunnels[0], name, sizeof(name)),
			    "selector 198.51.100.0/24 203.0.113.0/24 (reqid not known yet)");
	conf.tunnels[1].reqid = 16389;
	assert_string_equal(xlbd_tunnel_name(&conf.tunnels[1], name, sizeof(name)),
			    "selector 2001:db8:1::/48 2001:db8:2::/128 (reqid 16389)");
	xlbd_conf_free(&conf);
}

static const struct {
	const char *text, *err;
} bad[] = {
	{ "device xlb0\nfrobnicate 1\n", "t.conf:2: unknown statement \"frobnicate\"" },
	{ "device\n", "t.conf:1: device takes one name" },
	{ "device a/b\n", "t.conf:1: device \"a/b\": not an interface name" },
	{ "device x\ndevice x\n", "t.conf:2: device x named twice" },
	{ "policy hotspot\n", "t.conf:1: policy takes KEY VALUE pairs" },
	{ "policy hotspot 99\n", "t.conf:1: hotspot \"99\": want a number from 100 to 1000" },
	{ "policy max-moves -1\n", "t.conf:1: max-moves \"-1\": want a number" },
	{ "policy placement fastest\n", "t.conf:1: placement \"fastest\": want hash" },
	{ "policy colour blue\n", "t.conf:1: unknown policy key \"colour\"" },
	{ "tunnel 5 spray on\n", "t.conf:1: a tunnel starts with its reqid, its libreswan conn or its selector" },
	{ "tunnel reqid 0 spray on\n", "t.conf:1: reqid \"0\": want a number from 1" },
	{ "tunnel reqid 4294967296 spray on\n", "t.conf:1: reqid \"4294967296\"" },
	{ "tunnel reqid 0x10 spray on\n", "t.conf:1: reqid \"0x10\"" },
	{ "tunnel reqid 7\n", "t.conf:1: tunnel reqid 7 sets nothing" },
	{ "tunnel conn west\n", "t.conf:1: tunnel conn west sets nothing" },
	{ "tunnel conn\n", "t.conf:1: a tunnel starts with its reqid, its libreswan conn or its selector" },
	{ "tunnel selector 198.51.100.0/24\n", "t.conf:1: tunnel selector: give the local and the remote prefix" },
	{ "tunnel selector 198.51.100.1/24 203.0.113.0/24 spray on\n",
	  "t.conf:1: selector \"198.51.100.1/24\": host bits set" },
	{ "tunnel selector 198.51.100.0/33 203.0.113.0/24 spray on\n",
	  "t.conf:1: selector \"198.51.100.0/33\": the prefix length goes from 0 to 32" },
	{ "tunnel selector 198.51.100.0/ 203.0.113.0/24 spray on\n",
	  "t.conf:1: selector \"198.51.100.0/\": the prefix length" },
	{ "tunnel selector 198.51.100.0/24 spray on\n", "t.conf:1: selector \"spray\": not an IPv4 or IPv6" },
	{ "tunnel selector 198.51.100.0/24 2001:db8::/32 spray on\n",
	  "t.conf:1: selector 198.51.100.0/24 2001:db8::/32: one family for both ends" },
	{ "tunnel selector 2001:db8::/32 2001:db8:1::/48\n",
	  "t.conf:1: tunnel selector 2001:db8::/32 2001:db8:1::/48 sets nothing" },
	{ "tunnel selector 198.51.100.0/24 203.0.113.0/24 spray on\n"
	  "tunnel selector 198.51.100.0/24 203.0.113.0/24 workers 1\n",
	  "t.conf:2: tunnel selector 198.51.100.0/24 203.0.113.0/24 already on line 1" },
	{ "tunnel conn we\"st spray on\n", "t.conf:1: conn: not a libreswan conn name" },
	{ "tunnel conn west spray on\ntunnel conn west workers 1\n",
	  "t.conf:2: tunnel conn west already on line 1" },
	{ "libreswan off\ntunnel conn west spray on\n",
	  "t.conf:2: tunnel conn west: xlbd learns a conn's reqid from libreswan, which this file turns off" },
	{ "tunnel conn west spray on\nlibreswan off\n",
	  "t.conf:2: libreswan off, but tunnel conn west (line 1) needs libreswan" },
	{ "tunnel reqid 7 pinned\n", "t.conf:1: pinned needs the workers" },
	{ "tunnel reqid 7 workers 1 pinned spray on\n", "t.conf:1: a pinned tunnel is not sprayed" },
	{ "tunnel reqid 7 workers 3-1\n", "t.conf:1: workers \"3-1\": want CPU numbers" },
	{ "tunnel reqid 7 workers 1-\n", "t.conf:1: workers \"1-\"" },
	{ "tunnel reqid 7 workers 4096\n", "t.conf:1: workers \"4096\"" },
	{ "tunnel reqid 7 workers\n", "t.conf:1: tunnel: unexpected \"workers\"" },
	{ "tunnel reqid 7 spray maybe\n", "t.conf:1: spray \"maybe\": want auto, on or off" },
	{ "tunnel reqid 7 spray on spray off\n", "t.conf:1: tunnel: unexpected \"spray\"" },
	{ "tunnel reqid 7 weight 0\n", "t.conf:1: weight \"0\": want thousandths of a worker, 1 to 1000" },
	{ "tunnel reqid 7 weight 1001\n", "t.conf:1: weight \"1001\"" },
	{ "tunnel reqid 7 weight\n", "t.conf:1: tunnel: unexpected \"weight\"" },
	{ "tunnel reqid 7 weight 5 weight 6\n", "t.conf:1: tunnel: unexpected \"weight\"" },
	{ "tunnel reqid 7 spray on\n\ntunnel reqid 7 workers 1\n",
	  "t.conf:3: tunnel reqid 7 already on line 1" },
	{ "libreswan\n", "t.conf:1: libreswan takes ctlsocket PATH, check SECONDS or off" },
	{ "libreswan ctlsocket run/pluto.ctl\n", "t.conf:1: ctlsocket \"run/pluto.ctl\": want an absolute path" },
	{ "libreswan ctlsocket /a\nlibreswan ctlsocket /b\n", "t.conf:2: libreswan: unexpected \"ctlsocket\"" },
	{ "libreswan check 0\n", "t.conf:1: check \"0\": want seconds from 1 to 3600" },
	{ "libreswan check 3601\n", "t.conf:1: check \"3601\"" },
	{ "libreswan check 1s\n", "t.conf:1: check \"1s\"" },
	{ "libreswan restart now\n", "t.conf:1: libreswan: unexpected \"restart\"" },
	{ "libreswan check 5\nlibreswan off\n", "t.conf:2: libreswan off, with other libreswan lines" },
	{ "libreswan off\nlibreswan check 5\n", "t.conf:2: libreswan is off (above)" },
	{ "pair gw\n", "t.conf:1: pair takes a name, the shared address and its conns" },
	{ "pair gw address 192.0.2.1\n", "t.conf:1: pair takes a name, the shared address and its conns" },
	{ "pair gw address 192.0.2.1 conns\n", "t.conf:1: pair takes a name" },
	{ "pair gw addr 192.0.2.1 conns west\n", "t.conf:1: pair takes a name" },
	{ "pair g/w address 192.0.2.1 conns west\n", "t.conf:1: pair \"g/w\": a name is 1 to 31 letters" },
	{ "pair abcdefghijabcdefghijabcdefghijab address 192.0.2.1 conns west\n",
	  "t.conf:1: pair \"abcdefghijabcdefghijabcdefghijab\": a name is 1 to 31" },
	{ "pair gw address 192.0.2.0/24 conns west\n",
	  "t.conf:1: pair gw: address \"192.0.2.0/24\": not an IPv4 or IPv6 address" },
	{ "pair gw address 0.0.0.0 conns west\n",
	  "t.conf:1: pair gw: address 0.0.0.0: want the unicast address the two gateways share" },
	{ "pair gw address 224.0.0.18 conns west\n", "t.conf:1: pair gw: address 224.0.0.18: want the unicast" },
	{ "pair gw address ff02::12 conns west\n", "t.conf:1: pair gw: address ff02::12: want the unicast" },
	{ "pair gw address :: conns west\n", "t.conf:1: pair gw: address ::: want the unicast" },
	{ "pair gw address 192.0.2.1 conns west we\"st\n", "t.conf:1: conn: not a libreswan conn name" },
	{ "pair gw address 192.0.2.1 conns west east west\n", "t.conf:1: pair gw: conn west named twice" },
	{ "pair gw address 192.0.2.1 conns a b c d e f g h i j k l m n o p q\n",
	  "t.conf:1: pair gw: more than 16 conns" },
	{ "pair gw address 192.0.2.1 conns west\npair gw address 192.0.2.2 conns east\n",
	  "t.conf:2: pair gw already on line 1" },
	{ "pair gw address 192.0.2.1 conns west\npair gw2 address 192.0.2.1 conns east\n",
	  "t.conf:2: pair gw2: address 192.0.2.1 is already pair gw's (line 1)" },
	{ "pair gw address 2001:db8::1 conns west\npair gw2 address 2001:DB8:0::1 conns east\n",
	  "t.conf:2: pair gw2: address 2001:db8::1 is already pair gw's (line 1)" },
	{ "pair gw address 192.0.2.1 conns west\n\npair gw2 address 192.0.2.2 conns east west\n",
	  "t.conf:3: pair gw2: conn west is already in pair gw (line 1)" },
	{ "libreswan off\npair gw address 192.0.2.1 conns west\n",
	  "t.conf:2: pair gw: xlbd brings its conns up and down through libreswan, which this file turns off" },
	{ "pair gw address 192.0.2.1 conns west\nlibreswan off\n",
	  "t.conf:2: libreswan off, but pair gw (line 1) brings its conns up and down through libreswan" },
	{ "failover site primary to-p1 ipsec1 203.0.113.252\n",
	  "t.conf:1: failover takes: failover NAME primary CONN DEV PROBE backup" },
	{ "failover site primary to-p1 ipsec1 203.0.113.252 backup to-p2 ipsec2 203.0.113.253 source 198.51.100.254 detect 300\n",
	  "t.conf:1: failover site: no route: name the far LAN" },
	{ "failover site primary to-p1 ipsec1 203.0.113.252 standby to-p2 ipsec2 203.0.113.253 source 198.51.100.254 route 203.0.113.0/24\n",
	  "t.conf:1: failover takes:" },
	{ "failover site primary to-p1 ipsec1 203.0.113.252 backup to-p2 ipsec2 203.0.113.253 source 198.51.100.254 route 203.0.113.0/24 detect\n",
	  "t.conf:1: failover takes:" },
	{ "failover s/te primary to-p1 ipsec1 203.0.113.252 backup to-p2 ipsec2 203.0.113.253 source 198.51.100.254 route 203.0.113.0/24\n",
	  "t.conf:1: failover \"s/te\": a name is 1 to 31" },
	{ "failover site primary to-p1 ipsec1 203.0.113.252 backup to-p1 ipsec2 203.0.113.253 source 198.51.100.254 route 203.0.113.0/24\n",
	  "t.conf:1: failover site: conn to-p1 is both primary and backup" },
	{ "failover site primary to-p1 ipsec1 203.0.113.252 backup to-p2 ipsec1 203.0.113.253 source 198.51.100.254 route 203.0.113.0/24\n",
	  "t.conf:1: failover site: primary and backup both on ipsec1: each conn needs its own XFRM interface" },
	{ "failover site primary to-p1 ipsec1 203.0.113.252 backup to-p2 a/b 203.0.113.253 source 198.51.100.254 route 203.0.113.0/24\n",
	  "t.conf:1: failover site: \"a/b\": not an interface name" },
	{ "failover site primary to-p1 ipsec1 203.0.113.252 backup to-p2 abcdefghijklmnop 203.0.113.253 source 198.51.100.254 route 203.0.113.0/24\n",
	  "t.conf:1: failover site: \"abcdefghijklmnop\": not an interface name" },
	{ "failover site primary to-p1 ipsec1 203.0.113.252 backup to-p2 ipsec2 203.0.113.0/24 source 198.51.100.254 route 203.0.113.0/24\n",
	  "t.conf:1: failover site: probe \"203.0.113.0/24\": not an IPv4 or IPv6 address" },
	{ "failover site primary to-p1 ipsec1 203.0.113.252 backup to-p2 ipsec2 224.0.0.1 source 198.51.100.254 route 203.0.113.0/24\n",
	  "t.conf:1: failover site: probe 224.0.0.1: want a unicast address" },
	{ "failover site primary to-p1 ipsec1 203.0.113.252 backup to-p2 ipsec2 192.0.2.9 source 198.51.100.254 route 203.0.113.0/24\n",
	  "t.conf:1: failover site: probe 192.0.2.9 of conn to-p2 is outside the group's routes" },
	{ "failover site primary to-p1 ipsec1 203.0.113.252 backup to-p2 ipsec2 203.0.113.253 source 203.0.113.9 route 203.0.113.0/24\n",
	  "t.conf:1: failover site: source 203.0.113.9 is inside the group's routes" },
	{ "failover site primary to-p1 ipsec1 203.0.113.252 backup to-p2 ipsec2 203.0.113.253 source 2001:db8::1 route 203.0.113.0/24\n",
	  "t.conf:1: failover site: source 2001:db8::1: one family for the whole group" },
	{ "failover site primary to-p1 ipsec1 203.0.113.252 backup to-p2 ipsec2 203.0.113.253 source 198.51.100.254 route 2001:db8::/32\n",
	  "t.conf:1: failover site: route 2001:db8::/32: one family for the whole group" },
	{ "failover site primary to-p1 ipsec1 203.0.113.252 backup to-p2 ipsec2 203.0.113.253 source 198.51.100.254 route 203.0.113.0/24 route 203.0.113.1/24\n",
	  "t.conf:1: route \"203.0.113.1/24\": host bits set" },
	{ "failover site primary to-p1 ipsec1 203.0.113.252 backup to-p2 ipsec2 203.0.113.253 source 198.51.100.254 route 203.0.113.0/24 route 203.0.113.0/24\n",
	  "t.conf:1: failover site: route 203.0.113.0/24 named twice" },
	{ "failover site primary to-p1 ipsec1 203.0.113.252 backup to-p2 ipsec2 203.0.113.253 source 198.51.100.254 route 203.0.113.0/24 detect 20\n",
	  "t.conf:1: failover site: detect \"20\": want milliseconds from 50 to 10000" },
	{ "failover site primary to-p1 ipsec1 203.0.113.252 backup to-p2 ipsec2 203.0.113.253 source 198.51.100.254 route 203.0.113.0/24 detect 300 detect 400\n",
	  "t.conf:1: failover site: unexpected \"detect\"" },
	{ "failover site primary to-p1 ipsec1 203.0.113.252 backup to-p2 ipsec2 203.0.113.253 source 198.51.100.254 route 203.0.113.0/24 probe-interval 99\n",
	  "t.conf:1: failover site: probe-interval \"99\": want milliseconds from 100 to 60000" },
	{ "failover site primary to-p1 ipsec1 203.0.113.252 backup to-p2 ipsec2 203.0.113.253 source 198.51.100.254 route 203.0.113.0/24 hold-down 3601\n",
	  "t.conf:1: failover site: hold-down \"3601\": want seconds from 0 to 3600" },
	{ "failover site primary to-p1 ipsec1 203.0.113.252 backup to-p2 ipsec2 203.0.113.253 source 198.51.100.254 route 203.0.113.0/24 holddown 5\n",
	  "t.conf:1: failover site: unexpected \"holddown\"" },
	{ "failover site primary to-p1 ipsec1 203.0.113.252 backup to-p2 ipsec2 203.0.113.253 source 198.51.100.254 route 203.0.113.0/24\nfailover site primary x1 ipsec1 203.0.113.252 backup x2 ipsec2 203.0.113.253 source 198.51.100.254 route 203.0.113.0/24\n",
	  "t.conf:2: failover site already on line 1" },
	{ "failover site primary to-p1 ipsec1 203.0.113.252 backup to-p2 ipsec2 203.0.113.253 source 198.51.100.254 route 203.0.113.0/24\nfailover other primary x1 ipsec1 203.0.113.252 backup to-p2 ipsec2 203.0.113.253 source 198.51.100.254 route 203.0.113.0/24\n",
	  "t.conf:2: failover other: conn to-p2 is already in failover site (line 1)" },
	{ "pair gw address 192.0.2.1 conns to-p1\nfailover site primary to-p1 ipsec1 203.0.113.252 backup to-p2 ipsec2 203.0.113.253 source 198.51.100.254 route 203.0.113.0/24\n",
	  "t.conf:2: failover site: conn to-p1 is in pair gw (line 1)" },
	{ "failover site primary to-p1 ipsec1 203.0.113.252 backup to-p2 ipsec2 203.0.113.253 source 198.51.100.254 route 203.0.113.0/24\npair gw address 192.0.2.1 conns to-p2\n",
	  "t.conf:2: pair gw: conn to-p2 is in failover site (line 1)" },
	{ "libreswan off\nfailover site primary to-p1 ipsec1 203.0.113.252 backup to-p2 ipsec2 203.0.113.253 source 198.51.100.254 route 203.0.113.0/24\n",
	  "t.conf:2: failover site: xlbd keeps its conns up through libreswan, which this file turns off" },
	{ "failover site primary to-p1 ipsec1 203.0.113.252 backup to-p2 ipsec2 203.0.113.253 source 198.51.100.254 route 203.0.113.0/24\nlibreswan off\n",
	  "t.conf:2: libreswan off, but failover site (line 1) keeps its conns up through libreswan" },
};

static void bad_files_refused_with_line(void **state)
{
	struct xlbd_conf conf;
	char err[XLBD_ERR_LEN];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		if (read_text(bad[i].text, &conf, err) != -1 ||
		    strncmp(err, bad[i].err, strlen(bad[i].err)))
			fail_msg("file %zu: got \"%s\", want \"%s...\"", i, err, bad[i].err);
		/* Nothing of a refused file is kept. */
		assert_int_equal(conf.ntunnels, 0);
		assert_null(conf.tunnels);
		assert_int_equal(conf.npairs, 0);
		assert_null(conf.pairs);
		assert_int_equal(conf.nfailovers, 0);
		assert_null(conf.failovers);
	}
}

static void failover_lines_read(void **state)
{
	struct xlbd_conf conf;
	char err[XLBD_ERR_LEN] = "";
	uint8_t v4[4];

	(void)state;
	assert_int_equal(read_text(
		"failover site primary to-p1 ipsec1 203.0.113.252 backup to-p2 ipsec2 203.0.113.253 source 198.51.100.254 route 203.0.113.0/24 route 192.0.2.128/25\n"
		"failover v6 primary a xfrm-a 2001:db8:2::1 backup b xfrm-b 2001:db8:2::2 source 2001:db8:1::1 route 2001:db8:2::/48 detect 100 probe-interval 250 hold-down 0\n",
		&conf, err), 0);
	assert_string_equal(err, "");
	assert_int_equal(conf.nfailovers, 2);
	assert_string_equal(conf.failovers[0].name, "site");
	assert_int_equal(conf.failovers[0].line, 1);
	assert_int_equal(conf.failovers[0].family, AF_INET);
	assert_string_equal(conf.failovers[0].tunnel[0].conn, "to-p1");
	assert_string_equal(conf.failovers[0].tunnel[0].dev, "ipsec1");
	assert_string_equal(conf.failovers[0].tunnel[1].conn, "to-p2");
	assert_string_equal(conf.failovers[0].tunnel[1].dev, "ipsec2");
	inet_pton(AF_INET, "203.0.113.253", v4);
	assert_memory_equal(conf.failovers[0].tunnel[1].probe, v4, 4);
	inet_pton(AF_INET, "198.51.100.254", v4);
	assert_memory_equal(conf.failovers[0].source, v4, 4);
	assert_int_equal(conf.failovers[0].nroutes, 2);
	assert_int_equal(conf.failovers[0].routes[1].len, 25);
	/* The defaults, where the line sets nothing. */
	assert_int_equal(conf.failovers[0].detect_ms, XLBD_FO_DETECT_DEFAULT_MS);
	assert_int_equal(conf.failovers[0].probe_ms, XLBD_FO_PROBE_DEFAULT_MS);
	assert_int_equal(conf.failovers[0].hold_down_s, XLBD_FO_HOLD_DOWN_DEFAULT_S);
	assert_int_equal(conf.failovers[1].family, AF_INET6);
	assert_int_equal(conf.failovers[1].routes[0].len, 48);
	assert_int_equal(conf.failovers[1].detect_ms, 100);
	assert_int_equal(conf.failovers[1].probe_ms, 250);
	assert_int_equal(conf.failovers[1].hold_down_s, 0);
	xlbd_conf_free(&conf);
}

static void pair_lines_read(void **state)
{
	struct xlbd_conf conf;
	char err[XLBD_ERR_LEN] = "", addr[INET6_ADDRSTRLEN];

	(void)state;
	assert_int_equal(read_text(
		"tunnel conn west spray on\n"
		"pair site-a address 192.0.2.1 conns west east\n"
		"# the IPv6 one\n"
		"pair site_b.2 address 2001:DB8::0:1 conns v6\n", &conf, err), 0);
	assert_string_equal(err, "");
	assert_int_equal(conf.npairs, 2);
	assert_string_equal(conf.pairs[0].name, "site-a");
	assert_int_equal(conf.pairs[0].family, AF_INET);
	assert_int_equal(conf.pairs[0].line, 2);
	assert_int_equal(conf.pairs[0].nconns, 2);
	/* A tunnel line and a pair may name the same conn: one places it, one moves it. */
	assert_string_equal(conf.pairs[0].conns[0], "west");
	assert_string_equal(conf.pairs[0].conns[1], "east");
	assert_string_equal(xlbd_pair_addr_str(&conf.pairs[0], addr, sizeof(addr)), "192.0.2.1");
	assert_int_equal(conf.pairs[1].family, AF_INET6);
	assert_int_equal(conf.pairs[1].line, 4);
	assert_int_equal(conf.pairs[1].nconns, 1);
	assert_string_equal(xlbd_pair_addr_str(&conf.pairs[1], addr, sizeof(addr)), "2001:db8::1");
	xlbd_conf_free(&conf);
}

static void long_line_refused(void **state)
{
	char text[2100], err[XLBD_ERR_LEN];
	struct xlbd_conf conf;

	(void)state;
	memset(text, 'x', sizeof(text) - 2);
	text[sizeof(text) - 2] = '\n';
	text[sizeof(text) - 1] = '\0';
	assert_int_equal(read_text(text, &conf, err), -1);
	assert_string_equal(err, "t.conf:1: line longer than 1022 characters");
}

static void missing_file_named(void **state)
{
	char err[XLBD_ERR_LEN];
	struct xlbd_conf conf;

	(void)state;
	assert_int_equal(xlbd_conf_load("/nonexistent/xlbd.conf", &conf, err,
					sizeof(err)), -1);
	assert_string_equal(err, "/nonexistent/xlbd.conf: No such file or directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_file_reads),
		cmocka_unit_test(libreswan_lines_read),
		cmocka_unit_test(conn_tunnel_read),
		cmocka_unit_test(selector_tunnel_read),
		cmocka_unit_test(bad_files_refused_with_line),
		cmocka_unit_test(pair_lines_read),
		cmocka_unit_test(failover_lines_read),
		cmocka_unit_test(long_line_refused),
		cmocka_unit_test(missing_file_named),
	};

	return cmocka_run_group_tests_name("xlbd.conf", tests, NULL, NULL);
}
