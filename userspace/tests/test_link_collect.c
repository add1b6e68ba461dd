// SPDX-License-Identifier: GPL-2.0
/*
 * Which links count as xlb, and how a libnl link becomes struct xlb_link.
 * The "route/link" cache is built in memory, as a dump would fill it, so no
 * netlink socket (and no xlb module) is needed.
 */
#include <net/if.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <netlink/addr.h>
#include <netlink/cache.h>
#include <netlink/route/link.h>

#include "xlb_link.h"

#define IF_OPER_UP_VALUE 6
#define IF_OPER_LOWERLAYERDOWN_VALUE 3

static void kind_filter_matches_only_xlb(void **state)
{
	(void)state;
	assert_true(xlb_link_kind_is_xlb("xlb"));

	assert_false(xlb_link_kind_is_xlb(NULL));	/* lo, physical NICs */
	assert_false(xlb_link_kind_is_xlb(""));
	assert_false(xlb_link_kind_is_xlb("vxlan"));
	assert_false(xlb_link_kind_is_xlb("xlb0"));	/* a name, not a kind */
	assert_false(xlb_link_kind_is_xlb("xl"));
	assert_false(xlb_link_kind_is_xlb("XLB"));
	assert_false(xlb_link_kind_is_xlb("xlb "));
	assert_false(xlb_link_kind_is_xlb("macvlan"));
}

/* Adds a link to @cache; @kind NULL models a link without IFLA_INFO_KIND. */
static struct rtnl_link *add_link(struct nl_cache *cache, int ifindex,
				  const char *name, const char *kind, int lower)
{
	struct rtnl_link *link = rtnl_link_alloc();

	assert_non_null(link);
	rtnl_link_set_ifindex(link, ifindex);
	rtnl_link_set_name(link, name);
	if (kind)
		assert_int_equal(rtnl_link_set_type(link, kind), 0);
	if (lower)
		rtnl_link_set_link(link, lower);
	rtnl_link_set_mtu(link, 1500);
	assert_int_equal(nl_cache_add(cache, (struct nl_object *)link), 0);
	/* The cache holds its own reference; callers may still adjust. */
	rtnl_link_put(link);
	return link;
}

struct fixture {
	struct nl_cache *cache;
	struct xlb_link_list list;
};

/*
 * ifindex 1 lo (no kind), 2 eth0 (no kind), 3 vx0 (vxlan), 4 xlbx0
 * ("xlbx"), 5 xlb0 (xlb on eth0), 6 xlb1 (xlb on 99, not in the cache),
 * 7 xlb2 (xlb whose lower ifindex 2 is in another netns), 8 mv0 (macvlan
 * on eth0). Added out of ifindex order to check sorting.
 */
static int setup(void **state)
{
	static struct fixture f;
	struct rtnl_link *link;
	struct nl_addr *addr;
	static const uint8_t mac[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };

	f = (struct fixture){ 0 };
	if (nl_cache_alloc_name("route/link", &f.cache) < 0)
		return -1;

	add_link(f.cache, 1, "lo", NULL, 0);
	link = add_link(f.cache, 6, "xlb1", "xlb", 99);
	rtnl_link_set_flags(link, IFF_UP);
	rtnl_link_set_operstate(link, IF_OPER_LOWERLAYERDOWN_VALUE);
	rtnl_link_set_carrier(link, 0);
	add_link(f.cache, 2, "eth0", NULL, 0);
	add_link(f.cache, 3, "vx0", "vxlan", 2);
	add_link(f.cache, 4, "xlbx0", "xlbx", 2);
	link = add_link(f.cache, 7, "xlb2", "xlb", 2);
	rtnl_link_set_link_netnsid(link, 1);
	add_link(f.cache, 8, "mv0", "macvlan", 2);

	link = add_link(f.cache, 5, "xlb0", "xlb", 2);
	rtnl_link_set_flags(link, IFF_UP | IFF_RUNNING);
	rtnl_link_set_operstate(link, IF_OPER_UP_VALUE);
	rtnl_link_set_carrier(link, 1);
	rtnl_link_set_mtu(link, 1438);
	addr = nl_addr_build(AF_LLC, mac, sizeof(mac));
	if (!addr)
		return -1;
	rtnl_link_set_addr(link, addr);
	nl_addr_put(addr);
	rtnl_link_set_stat(link, RTNL_LINK_RX_PACKETS, 11);
	rtnl_link_set_stat(link, RTNL_LINK_RX_BYTES, 1111);
	rtnl_link_set_stat(link, RTNL_LINK_RX_DROPPED, 1);
	rtnl_link_set_stat(link, RTNL_LINK_TX_PACKETS, 22);
	rtnl_link_set_stat(link, RTNL_LINK_TX_BYTES, 2222);
	rtnl_link_set_stat(link, RTNL_LINK_TX_DROPPED, 2);

	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	xlb_link_list_free(&f->list);
	nl_cache_free(f->cache);
	return 0;
}

static void all_lists_only_xlb_links_sorted(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(xlb_links_from_cache(f->cache, NULL, &f->list), XLB_OK);
	assert_int_equal(f->list.count, 3);
	assert_string_equal(f->list.links[0].name, "xlb0");
	assert_int_equal(f->list.links[0].ifindex, 5);
	assert_string_equal(f->list.links[1].name, "xlb1");
	assert_int_equal(f->list.links[1].ifindex, 6);
	assert_string_equal(f->list.links[2].name, "xlb2");
	assert_int_equal(f->list.links[2].ifindex, 7);
}

static void fields_are_copied(void **state)
{
	static const uint8_t mac[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	struct fixture *f = *state;
	const struct xlb_link *l;

	assert_int_equal(xlb_links_from_cache(f->cache, "xlb0", &f->list), XLB_OK);
	assert_int_equal(f->list.count, 1);
	l = &f->list.links[0];
	assert_string_equal(l->name, "xlb0");
	assert_int_equal(l->ifindex, 5);
	assert_string_equal(l->lower_name, "eth0");
	assert_int_equal(l->lower_ifindex, 2);
	assert_int_equal(l->operstate, IF_OPER_UP_VALUE);
	assert_true(l->up);
	assert_true(l->carrier);
	assert_int_equal(l->mtu, 1438);
	assert_true(l->has_mac);
	assert_memory_equal(l->mac, mac, sizeof(mac));
	assert_int_equal(l->rx.packets, 11);
	assert_int_equal(l->rx.bytes, 1111);
	assert_int_equal(l->rx.dropped, 1);
	assert_int_equal(l->tx.packets, 22);
	assert_int_equal(l->tx.bytes, 2222);
	assert_int_equal(l->tx.dropped, 2);
}

static void up_without_carrier_and_no_mac(void **state)
{
	struct fixture *f = *state;
	const struct xlb_link *l;

	assert_int_equal(xlb_links_from_cache(f->cache, "xlb1", &f->list), XLB_OK);
	assert_int_equal(f->list.count, 1);
	l = &f->list.links[0];
	assert_true(l->up);
	assert_false(l->carrier);
	assert_int_equal(l->operstate, IF_OPER_LOWERLAYERDOWN_VALUE);
	assert_false(l->has_mac);
	assert_int_equal(l->rx.bytes, 0);
}

static void unknown_lower_keeps_index_without_name(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(xlb_links_from_cache(f->cache, "xlb1", &f->list), XLB_OK);
	assert_int_equal(f->list.links[0].lower_ifindex, 99);
	assert_string_equal(f->list.links[0].lower_name, "");
}

/* ifindex 2 is eth0 here, but xlb2's lower 2 lives in another namespace. */
static void lower_in_other_netns_is_not_named(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(xlb_links_from_cache(f->cache, "xlb2", &f->list), XLB_OK);
	assert_int_equal(f->list.links[0].lower_ifindex, 2);
	assert_string_equal(f->list.links[0].lower_name, "");
}

static void named_link_of_other_kind_is_refused(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(xlb_links_from_cache(f->cache, "lo", &f->list), XLB_ERR_NOT_XLB);
	assert_int_equal(xlb_links_from_cache(f->cache, "vx0", &f->list), XLB_ERR_NOT_XLB);
	assert_int_equal(xlb_links_from_cache(f->cache, "xlbx0", &f->list), XLB_ERR_NOT_XLB);
	assert_int_equal(xlb_links_from_cache(f->cache, "mv0", &f->list), XLB_ERR_NOT_XLB);
	assert_int_equal(f->list.count, 0);
}

static void missing_named_link_is_no_device(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(xlb_links_from_cache(f->cache, "xlb9", &f->list), XLB_ERR_NO_DEVICE);
	assert_int_equal(f->list.count, 0);
}

static void cache_without_xlb_gives_empty_list(void **state)
{
	struct xlb_link_list list = { 0 };
	struct nl_cache *cache;

	(void)state;
	assert_int_equal(nl_cache_alloc_name("route/link", &cache), 0);
	add_link(cache, 1, "lo", NULL, 0);
	add_link(cache, 2, "eth0", NULL, 0);
	assert_int_equal(xlb_links_from_cache(cache, NULL, &list), XLB_OK);
	assert_int_equal(list.count, 0);
	xlb_link_list_free(&list);
	nl_cache_free(cache);
}

#define FIXTURE_TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kind_filter_matches_only_xlb),
		FIXTURE_TEST(all_lists_only_xlb_links_sorted),
		FIXTURE_TEST(fields_are_copied),
		FIXTURE_TEST(up_without_carrier_and_no_mac),
		FIXTURE_TEST(unknown_lower_keeps_index_without_name),
		FIXTURE_TEST(lower_in_other_netns_is_not_named),
		FIXTURE_TEST(named_link_of_other_kind_is_refused),
		FIXTURE_TEST(missing_named_link_is_no_device),
		cmocka_unit_test(cache_without_xlb_gives_empty_list),
	};

	return cmocka_run_group_tests_name("link collection and filter", tests, NULL, NULL);
}
