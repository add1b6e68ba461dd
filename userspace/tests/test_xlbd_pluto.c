// SPDX-License-Identifier: GPL-2.0
/*
 * Reading `ipsec whack --status`: the child SAs' SAIDs lines give the conn
 * and both ESP SAs; every other line, an instance of a template conn and a
 * malformed SAID give nothing. The lines are libreswan 4.10's.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "xlbd_pluto.h"

static void child_line_read(void **state)
{
	struct xlbd_pluto_child c;
	unsigned char a[16];

	(void)state;
	assert_true(xlbd_pluto_parse_child(
		"#2: \"xlb\" esp.6a6f0b32@192.0.2.2 esp.c4efbf5b@192.0.2.1 tun.0@192.0.2.2 tun.0@192.0.2.1 Traffic: ESPin=0B ESPout=0B ESPmax=2^63B ",
		&c));
	assert_int_equal(c.serial, 2);
	assert_string_equal(c.conn, "xlb");
	assert_int_equal(c.nesp, 2);
	assert_int_equal(c.esp[0].spi, 0x6a6f0b32);
	assert_int_equal(c.esp[0].family, AF_INET);
	inet_pton(AF_INET, "192.0.2.2", a);
	assert_memory_equal(c.esp[0].daddr, a, 4);
	assert_int_equal(c.esp[1].spi, 0xc4efbf5b);

	/* The older "000 " prefix, "used Ns ago;", IPv6, a space in the name. */
	assert_true(xlbd_pluto_parse_child(
		"000 #14: \"site a\" used 3s ago; esp.1@2001:db8::2 esp.ffffffff@2001:db8::1 tun.0@2001:db8::2 tun.0@2001:db8::1 Traffic: ESPin=84B",
		&c));
	assert_int_equal(c.serial, 14);
	assert_string_equal(c.conn, "site a");
	assert_int_equal(c.esp[0].family, AF_INET6);
	assert_int_equal(c.esp[0].spi, 1);
	assert_int_equal(c.esp[1].spi, 0xffffffff);
	inet_pton(AF_INET6, "2001:db8::1", a);
	assert_memory_equal(c.esp[1].daddr, a, 16);
}

static void other_lines_ignored(void **state)
{
	static const char *const lines[] = {
		"#2: \"xlb\":500 STATE_V2_ESTABLISHED_CHILD_SA (IPsec SA established); REKEY in 27988s; REPLACE in 28258s; newest; eroute owner; IKE SA #1; idle;",
		"#1: \"xlb\":500 STATE_V2_ESTABLISHED_IKE_SA (established IKE SA); REKEY in 28510s; REPLACE in 28780s; newest; idle;",
		"\"xlb\": 198.51.100.1/32===192.0.2.1[@gw.xlb.test]...192.0.2.2[@peer.xlb.test]===203.0.113.1/32; erouted; eroute owner: #2",
		"#3: \"road\"[1] 192.0.2.9 esp.11@192.0.2.9 esp.22@192.0.2.1 Traffic: ESPin=0B",
		"#4: \"xlb\" esp.0@192.0.2.2 esp.22@192.0.2.1 Traffic: ESPin=0B",
		"#4: \"xlb\" esp.100000000@192.0.2.2 esp.22@192.0.2.1 Traffic:",
		"#4: \"xlb\" esp.zz@192.0.2.2 esp.22@192.0.2.1 Traffic:",
		"#4: \"xlb\" esp.11@gateway.example esp.22@192.0.2.1 Traffic:",
		"#4: \"xlb\" esp.11@192.0.2.2 Traffic: esp.22@192.0.2.1",
		"#4: \"xlb\" ah.11@192.0.2.2 ah.22@192.0.2.1 Traffic:",
		"#x: \"xlb\" esp.11@192.0.2.2 esp.22@192.0.2.1",
		"#4: \"\" esp.11@192.0.2.2 esp.22@192.0.2.1",
		"#4: \"xlb esp.11@192.0.2.2 esp.22@192.0.2.1",
		"12 #4: \"xlb\" esp.11@192.0.2.2 esp.22@192.0.2.1",
		"",
	};
	struct xlbd_pluto_child c;

	(void)state;
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		if (xlbd_pluto_parse_child(lines[i], &c))
			fail_msg("line %zu read as a child: %s", i, lines[i]);
}

/* A status as 4.10 prints it (trimmed): each conn once, instances not, the child. */
static void status_read(void **state)
{
	char text[] =
		"using kernel interface: xfrm\n"
		"\"road\": 192.0.2.1[@gw]...%any[@rw]; unrouted; eroute owner: #0\n"
		"\"road\":     oriented; my_ip=unset; their_ip=unset;\n"
		"\"road\"[1]: 192.0.2.1[@gw]...192.0.2.9[@rw]; erouted; eroute owner: #3\n"
		"\"xlb\": 198.51.100.1/32===192.0.2.1[@gw.xlb.test]...192.0.2.2[@peer.xlb.test]===203.0.113.1/32; erouted; eroute owner: #2\n"
		"000 \"xlb\":   newest IKE SA: #1; newest IPsec SA: #2; conn serial: $1;\n"
		"#2: \"xlb\":500 STATE_V2_ESTABLISHED_CHILD_SA (IPsec SA established); REKEY in 27988s;\n"
		"#2: \"xlb\" esp.6a6f0b32@192.0.2.2 esp.c4efbf5b@192.0.2.1 tun.0@192.0.2.2 tun.0@192.0.2.1 Traffic: ESPin=0B\n"
		"#3: \"road\"[1] 192.0.2.9 esp.11@192.0.2.9 esp.22@192.0.2.1 Traffic: ESPin=0B\n"
		"\"west\"\n"
		"\"\": 192.0.2.1\n";
	char name[XLBD_CONN_LEN];
	struct xlbd_pluto_status st;

	(void)state;
	assert_int_equal(xlbd_pluto_status_parse(text, &st), 0);
	assert_int_equal(st.nconns, 2);
	assert_string_equal(st.conns[0], "road");
	assert_string_equal(st.conns[1], "xlb");
	assert_true(xlbd_pluto_has_conn(&st, "xlb"));
	assert_false(xlbd_pluto_has_conn(&st, "west"));
	assert_false(xlbd_pluto_has_conn(&st, "xl"));
	assert_int_equal(st.nchildren, 1);
	assert_string_equal(st.children[0].conn, "xlb");
	assert_int_equal(st.children[0].esp[1].spi, 0xc4efbf5b);
	xlbd_pluto_status_free(&st);
	assert_null(st.conns);
	assert_false(xlbd_pluto_parse_conn("#2: \"xlb\":500 STATE_V2", name));
	assert_true(xlbd_pluto_parse_conn("000 \"a.b-c_d\": x", name));
	assert_string_equal(name, "a.b-c_d");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(child_line_read),
		cmocka_unit_test(other_lines_ignored),
		cmocka_unit_test(status_read),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
