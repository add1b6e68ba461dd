// SPDX-License-Identifier: GPL-2.0
/*
 * xlbctl tunnel list: the namespace's tunnel rules (xlbd sets them from
 * xlbd.conf), each with the SAs of its reqid and where they run: the
 * agent's view, read from the kernel where it keeps it.
 */
#include <inttypes.h>
#include <stdio.h>

#include "lib/genl_output.h"
#include "lib/json_writer.h"
#include "lib/tunnel_client.h"
#include "lib/xlb_names.h"
#include "xlbctl_cmds.h"

static void print_sa_text(const struct xlb_sa *sa)
{
	printf("    sa 0x%08x %s id %" PRIu64 " dev %s worker %u%s%s spray %s\n",
	       sa->spi, xlb_dir_name(sa->dir), sa->id,
	       sa->ifname[0] ? sa->ifname : "-", sa->worker,
	       sa->pinned ? " pinned" : "", sa->sprayed ? " sprayed" : "",
	       xlb_spray_name(sa->spray));
}

static void print_text(const struct xlb_tunnel_list *tunnels,
		       const struct xlb_sa_list *sas)
{
	for (size_t i = 0; i < tunnels->count; i++) {
		const struct xlb_tunnel *t = &tunnels->items[i];

		printf("reqid %u", t->reqid);
		if (t->has_worker)
			printf(" worker %u%s", t->worker, t->pinned ? " pinned" : "");
		if (t->has_spray)
			printf(" spray %s", xlb_spray_name(t->spray));
		putchar('\n');
		for (size_t j = 0; j < sas->count; j++)
			if (sas->items[j].reqid == t->reqid)
				print_sa_text(&sas->items[j]);
	}
}

static void print_json(const struct xlb_tunnel_list *tunnels,
		       const struct xlb_sa_list *sas)
{
	struct json_writer w;

	json_writer_init(&w, stdout);
	json_begin_array(&w);
	for (size_t i = 0; i < tunnels->count; i++) {
		const struct xlb_tunnel *t = &tunnels->items[i];

		json_begin_object(&w);
		json_member_uint(&w, "reqid", t->reqid);
		json_key(&w, "worker");
		if (t->has_worker)
			json_uint(&w, t->worker);
		else
			json_null(&w);
		json_member_bool(&w, "pinned", t->pinned);
		json_member_string_or_null(&w, "spray",
					   t->has_spray ? xlb_spray_name(t->spray) : NULL);
		json_key(&w, "sas");
		json_begin_array(&w);
		for (size_t j = 0; j < sas->count; j++)
			if (sas->items[j].reqid == t->reqid)
				xlb_sa_json(&w, &sas->items[j]);
		json_end_array(&w);
		json_end_object(&w);
	}
	json_end_array(&w);
	putchar('\n');
}

int xlbctl_tunnel_list(struct xlb_genl *c, const struct xlbctl_args *args)
{
	struct xlb_tunnel_list tunnels = { 0 };
	struct xlb_sa_list sas = { 0 };
	enum xlb_status status;
	int ret = XLBCTL_EXIT_OK;

	status = xlb_genl_get_tunnels(c, &tunnels);
	if (status == XLB_OK)
		status = xlb_genl_get_sas(c, 0, &sas);
	if (status != XLB_OK)
		ret = xlbctl_genl_error(c, status, "reading the tunnel rules");
	else if (args->json)
		print_json(&tunnels, &sas);
	else
		print_text(&tunnels, &sas);
	xlb_tunnel_list_free(&tunnels);
	xlb_sa_list_free(&sas);
	return ret;
}
