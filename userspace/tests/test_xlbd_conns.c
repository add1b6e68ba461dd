// SPDX-License-Identifier: GPL-2.0
/*
 * Tunnels named by libreswan conn: a conn pluto does not have is refused
 * with its line; a conn's reqid is read off the first of its SAs the
 * kernel has, kept while it has none, and never taken when another line
 * places that reqid already.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "xlbd_conns.h"

static int read_text(const char *text, struct xlbd_conf *conf)
{
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	char err[XLBD_ERR_LEN];
	int ret;

	assert_non_null(in);
	ret = xlbd_conf_read(in, "t.conf", conf, err, sizeof(err));
	fclose(in);
	return ret;
}

/* pluto's view: conns "west" and "east", a child of each. */
static char status_text[] =
	"\"west\": 198.51.100.0/24===192.0.2.1...192.0.2.2===203.0.113.0/24; erouted\n"
	"\"east\": 198.51.100.0/24===192.0.2.1...192.0.2.3===203.0.113.0/24; erouted\n"
	"#2: \"west\" esp.a1@192.0.2.2 esp.a2@192.0.2.1 tun.0@192.0.2.2 tun.0@192.0.2.1 Traffic:\n"
	"#4: \"east\" esp.b1@192.0.2.3 esp.b2@192.0.2.1 tun.0@192.0.2.3 tun.0@192.0.2.1 Traffic:\n";

/* The kernel's SAs, by SPI: what the fake GETSA answers. */
struct kernel {
	uint32_t spi[4], reqid[4];
	size_t n;
};

static int fake_reqid_of(void *arg, const struct xlbd_said *said, uint32_t *reqid)
{
	const struct kernel *k = arg;

	for (size_t i = 0; i < k->n; i++)
		if (k->spi[i] == said->spi) {
			*reqid = k->reqid[i];
			return 1;
		}
	return 0;
}

static void unknown_conn_refused_with_line(void **state)
{
	char text[sizeof(status_text)], err[XLBD_ERR_LEN] = "";
	struct xlbd_pluto_status st;
	struct xlbd_conf conf;

	(void)state;
	memcpy(text, status_text, sizeof(text));
	assert_int_equal(xlbd_pluto_status_parse(text, &st), 0);
	assert_int_equal(read_text("tunnel conn west spray on\ntunnel conn east workers 1\n", &conf), 0);
	assert_int_equal(xlbd_conns_check(&conf, "t.conf", &st, err, sizeof(err)), 0);
	xlbd_conf_free(&conf);
	assert_int_equal(read_text("tunnel conn west spray on\n\ntunnel conn north workers 1\n", &conf), 0);
	assert_int_equal(xlbd_conns_check(&conf, "t.conf", &st, err, sizeof(err)), -1);
	assert_string_equal(err, "t.conf:3: tunnel conn north: libreswan has no such conn (ipsec status lists 2)");
	xlbd_conf_free(&conf);
	/* A pair's conns are checked the same way. */
	assert_int_equal(read_text("pair gw address 192.0.2.1 conns west east\n", &conf), 0);
	assert_int_equal(xlbd_conns_check(&conf, "t.conf", &st, err, sizeof(err)), 0);
	xlbd_conf_free(&conf);
	assert_int_equal(read_text("tunnel conn west spray on\n"
				   "pair gw address 192.0.2.1 conns west south\n", &conf), 0);
	assert_int_equal(xlbd_conns_check(&conf, "t.conf", &st, err, sizeof(err)), -1);
	assert_string_equal(err, "t.conf:2: pair gw: conn south: libreswan has no such conn (ipsec status lists 2)");
	xlbd_conf_free(&conf);
	xlbd_pluto_status_free(&st);
}

static void reqid_learnt_kept_and_refused(void **state)
{
	char text[sizeof(status_text)];
	struct xlbd_pluto_status st;
	struct kernel k = { .n = 0 };
	struct xlbd_conf conf;

	(void)state;
	memcpy(text, status_text, sizeof(text));
	assert_int_equal(xlbd_pluto_status_parse(text, &st), 0);
	assert_int_equal(read_text("tunnel conn west workers 1\ntunnel conn east spray on\n"
				   "tunnel reqid 16393 spray off\n", &conf), 0);
	assert_true(xlbd_conns_unresolved(&conf));

	/* The kernel has none of their SAs yet: nothing learnt. */
	assert_false(xlbd_conns_resolve(&conf, &st, fake_reqid_of, &k));
	assert_int_equal(conf.tunnels[0].reqid, 0);

	/* west's inbound SA only; east's SAs have a reqid line 3 places. */
	k = (struct kernel){ .spi = { 0xa2, 0xb1, 0xb2 },
			     .reqid = { 16389, 16393, 16393 }, .n = 3 };
	assert_true(xlbd_conns_resolve(&conf, &st, fake_reqid_of, &k));
	assert_int_equal(conf.tunnels[0].reqid, 16389);
	assert_true(conf.tunnels[0].fresh);
	assert_ptr_equal(xlbd_conf_tunnel(&conf, 16389), &conf.tunnels[0]);
	assert_int_equal(conf.tunnels[1].reqid, 0);
	assert_int_equal(conf.tunnels[1].refused_reqid, 16393);
	assert_ptr_equal(xlbd_conf_tunnel(&conf, 16393), &conf.tunnels[2]);
	assert_true(xlbd_conns_unresolved(&conf));

	/* Again, nothing new: no change. The SAs gone (xlb0 down): reqid kept. */
	conf.tunnels[0].fresh = false;
	assert_false(xlbd_conns_resolve(&conf, &st, fake_reqid_of, &k));
	k.n = 0;
	assert_false(xlbd_conns_resolve(&conf, &st, fake_reqid_of, &k));
	assert_int_equal(conf.tunnels[0].reqid, 16389);
	assert_false(conf.tunnels[0].fresh);

	/* west deleted and added again under another reqid: followed. */
	k = (struct kernel){ .spi = { 0xa1 }, .reqid = { 16397 }, .n = 1 };
	assert_true(xlbd_conns_resolve(&conf, &st, fake_reqid_of, &k));
	assert_int_equal(conf.tunnels[0].reqid, 16397);
	assert_null(xlbd_conf_tunnel(&conf, 16389));
	xlbd_conf_free(&conf);
	xlbd_pluto_status_free(&st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unknown_conn_refused_with_line),
		cmocka_unit_test(reqid_learnt_kept_and_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
