// SPDX-License-Identifier: GPL-2.0
/*
 * xlbd's state file for xlbctl tunnel: what xlbd writes reads back the
 * same; a malformed file is refused whole; a conn not learnt yet (reqid 0)
 * is never the tunnel of a reqid.
 */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(malformed_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
