// SPDX-License-Identifier: GPL-2.0
/*
 * xlb devices: xlbctl dev show (the links rtnetlink reports, with what the
 * family adds), which devices exist, and what xlbctl says when one is
 * missing or a request fails.
 */
#include <inttypes.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "lib/xlb_link.h"
#include "lib/xlb_names.h"
#include "xlbctl.h"
#include "xlbctl_print.h"

int xlbctl_genl_error(const struct xlb_genl *c, enum xlb_status status,
		      const char *what)
{
	switch (status) {
	case XLB_ERR_PERM:
		/*
		 * genetlink's own permission check says EPERM without a
		 * message; an EPERM the family explains (the interval outside
		 * the initial namespace) is shown as explained.
		 */
		if (!c->extack[0]) {
			fprintf(stderr, "xlbctl: %s\n", xlb_status_str(status));
			break;
		}
		/* fall through */
	case XLB_ERR_KERNEL:
		if (c->extack[0])
			fprintf(stderr, "xlbctl: %s (%s)\n", c->extack, strerror(c->error));
		else
			fprintf(stderr, "xlbctl: %s: %s\n", what, strerror(c->error));
		break;
	case XLB_ERR_NO_FAMILY:
	case XLB_ERR_NOMEM:
		fprintf(stderr, "xlbctl: %s\n", xlb_status_str(status));
		break;
	case XLB_ERR_NETLINK:
		fprintf(stderr, "xlbctl: %s over netlink: %s\n", what,
			c->nl_detail ? c->nl_detail : xlb_status_str(status));
		break;
	default:
		fprintf(stderr, "xlbctl: %s: %s\n", what, xlb_status_str(status));
	}
	return XLBCTL_EXIT_FAILURE;
}

int xlbctl_no_xlb_device(void)
{
	fprintf(stderr, "xlbctl: no xlb device in this network namespace\n"
		"xlbctl: create one with: ip link add link LOWER name xlb0 type xlb\n");
	return XLBCTL_EXIT_FAILURE;
}

int xlbctl_empty_list(bool json)
{
	if (json)
		puts("[]");
	else
		xlbctl_no_xlb_device();
	return XLBCTL_EXIT_OK;
}

int xlbctl_count_xlb_devs(struct xlb_genl *c, size_t *count)
{
	struct xlb_dev_list devs = { 0 };
	enum xlb_status status;
	int ret = XLBCTL_EXIT_OK;

	status = xlb_genl_get_devs(c, &devs);
	if (status != XLB_OK)
		ret = xlbctl_genl_error(c, status, "listing xlb devices");
	*count = devs.count;
	xlb_dev_list_free(&devs);
	return ret;
}

int xlbctl_find_xlb_dev(struct xlb_genl *c, const char *name, uint32_t *ifindex)
{
	struct xlb_dev_list devs = { 0 };
	enum xlb_status status;
	int ret = XLBCTL_EXIT_FAILURE;
	size_t ndevs;

	*ifindex = name ? if_nametoindex(name) : 0;
	if (!name) {
		ret = xlbctl_count_xlb_devs(c, &ndevs);
		if (!ret && !ndevs)
			ret = xlbctl_no_xlb_device();
		return ret;
	}
	if (!*ifindex) {
		fprintf(stderr, "xlbctl: device \"%s\" does not exist\n", name);
		return ret;
	}
	status = xlb_genl_get_devs(c, &devs);
	if (status != XLB_OK) {
		ret = xlbctl_genl_error(c, status, "listing xlb devices");
		goto out;
	}
	for (size_t i = 0; i < devs.count; i++)
		if (devs.items[i].ifindex == *ifindex)
			ret = XLBCTL_EXIT_OK;
	if (ret)
		fprintf(stderr, "xlbctl: device \"%s\" is not an xlb device\n", name);
out:
	xlb_dev_list_free(&devs);
	return ret;
}

int xlbctl_require_xlb_dev(struct xlb_genl *c)
{
	uint32_t ifindex;

	return xlbctl_find_xlb_dev(c, NULL, &ifindex);
}

/* The columns of the text, in their order. */
enum column {
	COL_IFINDEX, COL_NAME, COL_LOWER, COL_STATE, COL_FLAGS, COL_MTU, COL_ADDRESS,
	/* from generic netlink, when it answered for some link */
	COL_PLACEMENT, COL_WORKERS, COL_SAS,
	/* statistics, only with -s */
	COL_RX_BYTES, COL_RX_PACKETS, COL_RX_DROPPED,
	COL_TX_BYTES, COL_TX_PACKETS, COL_TX_DROPPED,
	NUM_COLUMNS
};

static const struct {
	const char *header;
	int width;	/* fits the usual values; longer ones push the row right */
} columns[NUM_COLUMNS] = {
	[COL_IFINDEX] = { "IFINDEX", 7 },	[COL_NAME] = { "NAME", 15 },
	[COL_LOWER] = { "LOWER", 15 },		[COL_STATE] = { "STATE", 14 },
	[COL_FLAGS] = { "FLAGS", 15 },		[COL_MTU] = { "MTU", 5 },
	[COL_ADDRESS] = { "ADDRESS", 17 },
	[COL_PLACEMENT] = { "PLACEMENT", 12 },	[COL_WORKERS] = { "WORKERS", 7 },
	[COL_SAS] = { "SAS", 5 },
	[COL_RX_BYTES] = { "RX_BYTES", 12 },	[COL_RX_PACKETS] = { "RX_PACKETS", 10 },
	[COL_RX_DROPPED] = { "RX_DROPPED", 10 },
	[COL_TX_BYTES] = { "TX_BYTES", 12 },	[COL_TX_PACKETS] = { "TX_PACKETS", 10 },
	[COL_TX_DROPPED] = { "TX_DROPPED", 10 },
};

struct table {
	bool genl, stats;	/* which columns the text has */
	enum column last;
	char fmt[24];		/* the cell format cell() made last */
};

/*
 * The text format of column @col for the conversion @conv ("s", "u"...):
 * single-space separated, padded to the width, no trailing blanks.
 */
static const char *cell(struct table *t, enum column col, const char *conv)
{
	const char *sep = col == COL_IFINDEX ? "" : " ";

	if (col == t->last)
		snprintf(t->fmt, sizeof(t->fmt), "%s%%%s", sep, conv);
	else
		snprintf(t->fmt, sizeof(t->fmt), "%s%%-%d%s", sep, columns[col].width, conv);
	return t->fmt;
}

/* iproute2's spelling: "UP", "DOWN", "LOWERLAYERDOWN", ... */
static const char *operstate_name(uint8_t operstate)
{
	/* Indexed by IF_OPER_*, as in iproute2's ipaddress.c. */
	static const char *const names[] = {
		"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN",
		"TESTING", "DORMANT",	 "UP",
	};

	if (operstate < sizeof(names) / sizeof(names[0]))
		return names[operstate];
	return "UNKNOWN";
}

/* Room for a name or for "if-2147483648". */
#define LOWER_STRLEN 16

/*
 * The lower device as iproute2 shows it after '@': its name, "if<N>" when
 * it cannot be named from here, or NULL when there is none.
 */
static const char *lower_display(const struct xlb_link *link, char buf[LOWER_STRLEN])
{
	if (link->lower_name[0])
		return link->lower_name;
	if (link->lower_ifindex == 0)
		return NULL;
	snprintf(buf, LOWER_STRLEN, "if%d", link->lower_ifindex);
	return buf;
}

/* iproute2-style flag list for the up and carrier bits: "<UP,LOWER_UP>". */
static const char *link_flags(const struct xlb_link *link)
{
	/* iproute2 prints NO-CARRIER only for up links, LOWER_UP = up + carrier. */
	if (!link->up)
		return "<>";
	return link->carrier ? "<UP,LOWER_UP>" : "<NO-CARRIER,UP>";
}

static void print_counters(struct table *t, const char *key,
			   const struct xlb_link_stats *s, enum column first)
{
	open_json_object(key);
	print_u64(PRINT_ANY, "bytes", cell(t, first, PRIu64), s->bytes);
	print_u64(PRINT_ANY, "packets", cell(t, first + 1, PRIu64), s->packets);
	print_u64(PRINT_ANY, "dropped", cell(t, first + 2, PRIu64), s->dropped);
	close_json_object();
}

/* JSON keys as in "ip -j link" where there is an equivalent. */
static void print_link(struct table *t, const struct xlb_link *link)
{
	char mac[3 * XLB_MAC_LEN], lower[LOWER_STRLEN];
	const uint8_t *m = link->mac;

	open_json_object(NULL);
	print_int(PRINT_ANY, "ifindex", cell(t, COL_IFINDEX, "d"), link->ifindex);
	print_string(PRINT_ANY, "ifname", cell(t, COL_NAME, "s"), link->name);
	print_string(PRINT_FP, NULL, cell(t, COL_LOWER, "s"), lower_display(link, lower));
	/* Unlike the text, no "if<N>" here: consumers get the index apart. */
	print_string(PRINT_JSON, "link", NULL, link->lower_name);
	print_int(PRINT_JSON, "link_index", NULL, link->lower_ifindex);
	print_string(PRINT_ANY, "operstate", cell(t, COL_STATE, "s"),
		     operstate_name(link->operstate));
	print_bool(PRINT_JSON, "up", NULL, link->up);
	print_bool(PRINT_JSON, "carrier", NULL, link->carrier);
	print_string(PRINT_FP, NULL, cell(t, COL_FLAGS, "s"), link_flags(link));
	print_uint(PRINT_ANY, "mtu", cell(t, COL_MTU, "u"), link->mtu);
	snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x",
		 m[0], m[1], m[2], m[3], m[4], m[5]);
	print_string(PRINT_ANY, "address", cell(t, COL_ADDRESS, "s"), link->has_mac ? mac : NULL);
	if (link->has_genl) {
		print_string(PRINT_ANY, "placement", cell(t, COL_PLACEMENT, "s"),
			     xlb_placement_name(link->placement));
		print_uint(PRINT_ANY, "workers", cell(t, COL_WORKERS, "u"), link->workers);
		print_uint(PRINT_ANY, "sas", cell(t, COL_SAS, "u"), link->sas);
	} else if (t->genl) {
		for (enum column c = COL_PLACEMENT; c <= COL_SAS; c++)
			print_string(PRINT_FP, NULL, cell(t, c, "s"), NULL);
	}
	if (t->stats) {
		open_json_object("stats64");
		print_counters(t, "rx", &link->rx, COL_RX_BYTES);
		print_counters(t, "tx", &link->tx, COL_TX_BYTES);
		close_json_object();
	}
	print_nl();
	close_json_object();
}

void xlb_links_print(FILE *out, const struct xlb_link_list *list, bool stats,
		     bool json)
{
	struct table t = { .stats = stats };

	for (size_t i = 0; i < list->count; i++)
		t.genl |= list->links[i].has_genl;
	t.last = stats ? COL_TX_DROPPED : t.genl ? COL_SAS : COL_ADDRESS;
	print_begin(out, json);
	if (!json && list->count) {
		for (enum column c = 0; c < NUM_COLUMNS; c++)
			if (c <= COL_ADDRESS || (c <= COL_SAS ? t.genl : stats))
				print_string(PRINT_FP, NULL, cell(&t, c, "s"), columns[c].header);
		print_nl();
	}
	open_json_array(NULL);
	for (size_t i = 0; i < list->count; i++)
		print_link(&t, &list->links[i]);
	close_json_array();
	print_end();
}

static int report_query_error(enum xlb_status status, const char *dev,
			      const char *nl_detail)
{
	switch (status) {
	case XLB_ERR_NO_DEVICE:
		fprintf(stderr, "xlbctl: device \"%s\" does not exist\n", dev);
		break;
	case XLB_ERR_NOT_XLB:
		fprintf(stderr, "xlbctl: device \"%s\" is not an xlb device\n", dev);
		break;
	case XLB_ERR_NETLINK:
		fprintf(stderr, "xlbctl: listing links over netlink: %s\n",
			nl_detail ? nl_detail : xlb_status_str(status));
		break;
	default:
		fprintf(stderr, "xlbctl: %s\n", xlb_status_str(status));
	}
	return XLBCTL_EXIT_FAILURE;
}

/*
 * rtnetlink found no xlb link. Without the module's family there cannot be
 * one: an error that says so. With it, the namespace has none: an empty
 * list (exit 0, "[]" in JSON), as ip -j link show type X.
 */
static int no_xlb_device(bool json)
{
	enum xlb_status status;
	struct xlb_genl c;

	status = xlb_genl_open(&c);
	if (status != XLB_OK)
		return xlbctl_genl_error(&c, status, "connecting to generic netlink");
	xlb_genl_close(&c);
	return xlbctl_empty_list(json);
}

int xlbctl_dev_show(const struct xlbctl_args *args)
{
	struct xlb_link_list list = { 0 };
	const char *nl_detail = NULL;
	enum xlb_status status;

	status = xlb_links_query(args->dev, &list, &nl_detail);
	if (status != XLB_OK) {
		xlb_link_list_free(&list);
		return report_query_error(status, args->dev, nl_detail);
	}
	if (!list.count && !args->dev) {
		xlb_link_list_free(&list);
		return no_xlb_device(args->json);
	}
	xlb_links_query_genl(&list);

	xlb_links_print(stdout, &list, args->stats, args->json);
	xlb_link_list_free(&list);
	return XLBCTL_EXIT_OK;
}
