// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>

#include "link_output.h"
#include "link_text.h"
#include "xlb_names.h"

/* Enough for any cell: the widest is a 20-digit uint64_t. */
#define CELL_LEN 24

struct column {
	const char *header;
	int width;	/* fits the usual values; longer ones push the row right */
};

static const struct column columns[] = {
	{ "IFINDEX", 7 },  { "NAME", 15 },	 { "LOWER", 15 },
	{ "STATE", 14 },   { "FLAGS", 15 },	 { "MTU", 5 },
	{ "ADDRESS", 17 },
	/* statistics, only with -s */
	{ "RX_BYTES", 12 }, { "RX_PACKETS", 10 }, { "RX_DROPPED", 10 },
	{ "TX_BYTES", 12 }, { "TX_PACKETS", 10 }, { "TX_DROPPED", 10 },
	/* from generic netlink, only when it answered; printed after ADDRESS */
	{ "PLACEMENT", 12 }, { "WORKERS", 7 }, { "SAS", 5 },
};

#define NUM_COLUMNS (sizeof(columns) / sizeof(columns[0]))
#define NUM_BASE_COLUMNS 7
#define NUM_STATS_COLUMNS 6
#define FIRST_GENL_COLUMN (NUM_BASE_COLUMNS + NUM_STATS_COLUMNS)

/* Which columns, in which order. */
struct layout {
	size_t cols[NUM_COLUMNS];
	size_t n;
};

static void make_layout(struct layout *l, bool stats, bool genl)
{
	size_t i;

	l->n = 0;
	for (i = 0; i < NUM_BASE_COLUMNS; i++)
		l->cols[l->n++] = i;
	for (i = FIRST_GENL_COLUMN; genl && i < NUM_COLUMNS; i++)
		l->cols[l->n++] = i;
	for (i = NUM_BASE_COLUMNS; stats && i < FIRST_GENL_COLUMN; i++)
		l->cols[l->n++] = i;
}

/* Single-space separated, padded to width, no trailing blanks. */
static void print_row(FILE *out, const char *const cells[], const struct layout *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		const char *cell = cells[l->cols[i]];

		if (i)
			fputc(' ', out);
		if (i + 1 == l->n)
			fputs(cell, out);
		else
			fprintf(out, "%-*s", columns[l->cols[i]].width, cell);
	}
	fputc('\n', out);
}

static void format_u64(char buf[CELL_LEN], uint64_t v)
{
	snprintf(buf, CELL_LEN, "%" PRIu64, v);
}

static void print_link(FILE *out, const struct xlb_link *link,
		       const struct layout *layout)
{
	char bufs[NUM_COLUMNS][CELL_LEN];
	const char *cells[NUM_COLUMNS];
	const char *lower;
	char lower_buf[XLB_LOWER_STRLEN];

	snprintf(bufs[0], CELL_LEN, "%d", link->ifindex);
	cells[0] = bufs[0];
	cells[1] = link->name;
	lower = xlb_lower_display(link, lower_buf);
	cells[2] = lower ? lower : "-";
	cells[3] = xlb_operstate_name(link->operstate);
	cells[4] = xlb_link_flags_string(link);
	snprintf(bufs[5], CELL_LEN, "%u", link->mtu);
	cells[5] = bufs[5];
	if (link->has_mac) {
		xlb_mac_to_string(link->mac, bufs[6]);
		cells[6] = bufs[6];
	} else {
		cells[6] = "-";
	}

	format_u64(bufs[7], link->rx.bytes);
	format_u64(bufs[8], link->rx.packets);
	format_u64(bufs[9], link->rx.dropped);
	format_u64(bufs[10], link->tx.bytes);
	format_u64(bufs[11], link->tx.packets);
	format_u64(bufs[12], link->tx.dropped);
	snprintf(bufs[14], CELL_LEN, "%u", link->workers);
	snprintf(bufs[15], CELL_LEN, "%u", link->sas);
	for (size_t i = NUM_BASE_COLUMNS; i < NUM_COLUMNS; i++)
		cells[i] = link->has_genl || i < FIRST_GENL_COLUMN ? bufs[i] : "-";
	if (link->has_genl)
		cells[13] = xlb_placement_name(link->placement);

	print_row(out, cells, layout);
}

void xlb_links_print_table(FILE *out, const struct xlb_link_list *list,
			   bool stats)
{
	const char *headers[NUM_COLUMNS];
	struct layout layout;
	bool genl = false;
	size_t i;

	if (list->count == 0)
		return;

	for (i = 0; i < list->count; i++)
		genl |= list->links[i].has_genl;
	make_layout(&layout, stats, genl);
	for (i = 0; i < NUM_COLUMNS; i++)
		headers[i] = columns[i].header;
	print_row(out, headers, &layout);

	for (i = 0; i < list->count; i++)
		print_link(out, &list->links[i], &layout);
}
