// SPDX-License-Identifier: GPL-2.0
#include "json_writer.h"
#include "link_output.h"
#include "link_text.h"
#include "xlb_names.h"

static void print_counters(struct json_writer *w, const char *key,
			   const struct xlb_link_stats *s)
{
	json_key(w, key);
	json_begin_object(w);
	json_key(w, "bytes");
	json_uint(w, s->bytes);
	json_key(w, "packets");
	json_uint(w, s->packets);
	json_key(w, "dropped");
	json_uint(w, s->dropped);
	json_end_object(w);
}

static void print_link(struct json_writer *w, const struct xlb_link *link,
		       bool stats)
{
	char mac[XLB_MAC_STRLEN];

	json_begin_object(w);
	json_key(w, "ifindex");
	json_int(w, link->ifindex);
	json_key(w, "ifname");
	json_string(w, link->name);

	/* Unlike the table, no "if<N>" here: consumers get the index apart. */
	json_key(w, "link");
	if (link->lower_name[0])
		json_string(w, link->lower_name);
	else
		json_null(w);
	json_key(w, "link_index");
	json_int(w, link->lower_ifindex);

	json_key(w, "operstate");
	json_string(w, xlb_operstate_name(link->operstate));
	json_key(w, "up");
	json_bool(w, link->up);
	json_key(w, "carrier");
	json_bool(w, link->carrier);
	json_key(w, "mtu");
	json_uint(w, link->mtu);
	json_key(w, "address");
	if (link->has_mac) {
		xlb_mac_to_string(link->mac, mac);
		json_string(w, mac);
	} else {
		json_null(w);
	}

	if (link->has_genl) {
		json_member_string(w, "placement", xlb_placement_name(link->placement));
		json_member_uint(w, "workers", link->workers);
		json_member_uint(w, "sas", link->sas);
	}

	if (stats) {
		json_key(w, "stats64");
		json_begin_object(w);
		print_counters(w, "rx", &link->rx);
		print_counters(w, "tx", &link->tx);
		json_end_object(w);
	}
	json_end_object(w);
}

void xlb_links_print_json(FILE *out, const struct xlb_link_list *list,
			  bool stats)
{
	struct json_writer w;
	size_t i;

	json_writer_init(&w, out);
	json_begin_array(&w);
	for (i = 0; i < list->count; i++)
		print_link(&w, &list->links[i], stats);
	json_end_array(&w);
	fputc('\n', out);
}
