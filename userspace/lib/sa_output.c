// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <sys/socket.h>

#include "genl_output.h"
#include "xlb_names.h"

static const char *dev_display(const struct xlb_sa *sa, char buf[XLB_IFNAMSIZ])
{
	if (sa->ifname[0])
		return sa->ifname;
	snprintf(buf, XLB_IFNAMSIZ, "if%u", sa->ifindex);
	return buf;
}

static void print_sa_text(FILE *out, const struct xlb_sa *sa)
{
	char src[XLB_ADDR_STRLEN], dst[XLB_ADDR_STRLEN];
	char cost[XLB_PERMILLE_STRLEN], dev[XLB_IFNAMSIZ];

	fprintf(out, "0x%08x %s %s %s -> %s dev %s id %" PRIu64
		" reqid %u alg %s%s%s",
		sa->spi, xlb_dir_name(sa->dir), xlb_family_name(sa->family),
		xlb_addr_string(sa->family, sa->saddr, src),
		xlb_addr_string(sa->family, sa->daddr, dst),
		dev_display(sa, dev), sa->id, sa->reqid,
		sa->alg[0] ? sa->alg : "-", sa->auth[0] ? "+" : "", sa->auth);
	fprintf(out, " worker %u pinned %s spray %s sprayed %s cost %s",
		sa->worker, sa->pinned ? "yes" : "no", xlb_spray_name(sa->spray),
		sa->sprayed ? "yes" : "no", xlb_permille_string(sa->cost, cost));
	fprintf(out, " pps %" PRIu64 " packets %" PRIu64 " bytes %" PRIu64
		" errors %" PRIu64 " drops %" PRIu64 " fallbacks %" PRIu64
		" moves %" PRIu64 " late %" PRIu64 " timeouts %" PRIu64
		" inflight %u\n",
		sa->pps, sa->packets, sa->bytes, sa->errors, sa->drops,
		sa->fallbacks, sa->moves, sa->late, sa->timeouts, sa->inflight);
}

void xlb_sas_print_text(FILE *out, const struct xlb_sa_list *sas)
{
	for (size_t i = 0; i < sas->count; i++)
		print_sa_text(out, &sas->items[i]);
}

void xlb_sa_json(struct json_writer *w, const struct xlb_sa *sa)
{
	char addr[XLB_ADDR_STRLEN];
	bool known = sa->family == AF_INET || sa->family == AF_INET6;

	json_begin_object(w);
	json_member_uint(w, "ifindex", sa->ifindex);
	json_member_string_or_null(w, "ifname", sa->ifname);
	json_member_uint(w, "spi", sa->spi);
	json_member_uint(w, "id", sa->id);
	json_member_string(w, "dir", xlb_dir_name(sa->dir));
	json_member_string(w, "family", xlb_family_name(sa->family));
	json_member_string_or_null(w, "src", known ? xlb_addr_string(sa->family, sa->saddr, addr) : NULL);
	json_member_string_or_null(w, "dst", known ? xlb_addr_string(sa->family, sa->daddr, addr) : NULL);
	json_member_uint(w, "reqid", sa->reqid);
	json_member_string_or_null(w, "alg", sa->alg);
	json_member_string_or_null(w, "auth", sa->auth);
	json_member_uint(w, "worker", sa->worker);
	json_member_bool(w, "pinned", sa->pinned);
	json_member_string(w, "spray", xlb_spray_name(sa->spray));
	json_member_bool(w, "sprayed", sa->sprayed);
	json_member_uint(w, "cost", sa->cost);
	json_member_uint(w, "pps", sa->pps);
	json_member_uint(w, "packets", sa->packets);
	json_member_uint(w, "bytes", sa->bytes);
	json_member_uint(w, "errors", sa->errors);
	json_member_uint(w, "drops", sa->drops);
	json_member_uint(w, "fallbacks", sa->fallbacks);
	json_member_uint(w, "moves", sa->moves);
	json_member_uint(w, "late", sa->late);
	json_member_uint(w, "timeouts", sa->timeouts);
	json_member_uint(w, "inflight", sa->inflight);
	json_end_object(w);
}

void xlb_sas_print_json(FILE *out, const struct xlb_sa_list *sas)
{
	struct json_writer w;

	json_writer_init(&w, out);
	json_begin_array(&w);
	for (size_t i = 0; i < sas->count; i++)
		xlb_sa_json(&w, &sas->items[i]);
	json_end_array(&w);
	fputc('\n', out);
}
