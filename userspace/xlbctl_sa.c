// SPDX-License-Identifier: GPL-2.0
/* SAs: xlbctl sa list, sa pin, unpin and spray. */
#include <inttypes.h>
#include <string.h>

#include "lib/xlb_names.h"
#include "xlbctl.h"
#include "xlbctl_print.h"

void xlb_sa_print(const struct xlb_sa *sa)
{
	char dev[XLB_DEV_STRLEN];

	open_json_object(NULL);
	print_uint(PRINT_JSON, "ifindex", NULL, sa->ifindex);
	print_string(PRINT_JSON, "ifname", NULL, sa->ifname);
	print_uint(PRINT_ANY, "spi", "0x%08x", sa->spi);
	print_u64(PRINT_JSON, "id", NULL, sa->id);
	print_string(PRINT_ANY, "dir", " %s", xlb_dir_name(sa->dir));
	print_string(PRINT_ANY, "family", " %s", xlb_family_name(sa->family));
	print_addr(PRINT_ANY, "src", " %s", sa->family, sa->saddr);
	print_addr(PRINT_ANY, "dst", " -> %s", sa->family, sa->daddr);
	print_string(PRINT_FP, NULL, " dev %s", xlb_dev_display(sa->ifname, sa->ifindex, dev));
	print_u64(PRINT_FP, NULL, " id %" PRIu64, sa->id);
	print_uint(PRINT_ANY, "reqid", " reqid %u", sa->reqid);
	/* text: "alg cbc(aes)+hmac(sha256)" */
	print_string(PRINT_ANY, "alg", " alg %s", sa->alg);
	print_string(sa->auth[0] ? PRINT_ANY : PRINT_JSON, "auth", "+%s", sa->auth);
	print_uint(PRINT_ANY, "worker", " worker %u", sa->worker);
	print_bool(PRINT_ANY, "pinned", " pinned %s", sa->pinned);
	print_string(PRINT_ANY, "spray", " spray %s", xlb_spray_name(sa->spray));
	print_bool(PRINT_ANY, "sprayed", " sprayed %s", sa->sprayed);
	print_permille(PRINT_ANY, "cost", " cost %s", sa->cost);
	print_u64(PRINT_ANY, "pps", " pps %" PRIu64, sa->pps);
	print_u64(PRINT_ANY, "packets", " packets %" PRIu64, sa->packets);
	print_u64(PRINT_ANY, "bytes", " bytes %" PRIu64, sa->bytes);
	print_u64(PRINT_ANY, "errors", " errors %" PRIu64, sa->errors);
	print_u64(PRINT_ANY, "drops", " drops %" PRIu64, sa->drops);
	print_u64(PRINT_ANY, "fallbacks", " fallbacks %" PRIu64, sa->fallbacks);
	print_u64(PRINT_ANY, "moves", " moves %" PRIu64, sa->moves);
	print_u64(PRINT_ANY, "late", " late %" PRIu64, sa->late);
	print_u64(PRINT_ANY, "timeouts", " timeouts %" PRIu64, sa->timeouts);
	print_uint(PRINT_ANY, "inflight", " inflight %u", sa->inflight);
	print_nl();
	close_json_object();
}

void xlb_sas_print(FILE *out, const struct xlb_sa_list *sas, bool json)
{
	print_begin(out, json);
	open_json_array(NULL);
	for (size_t i = 0; i < sas->count; i++)
		xlb_sa_print(&sas->items[i]);
	close_json_array();
	print_end();
}

int xlbctl_sa_list(struct xlb_genl *c, const struct xlbctl_args *args)
{
	struct xlb_sa_list sas = { 0 };
	enum xlb_status status;
	uint32_t ifindex;
	size_t ndevs;
	int ret;

	/*
	 * No xlb device at all is an empty list, exit 0, as ip's; an empty
	 * list from a device must mean "no SAs", never "no device".
	 */
	if (!args->dev) {
		ret = xlbctl_count_xlb_devs(c, &ndevs);
		if (ret)
			goto out;
		if (!ndevs) {
			ret = xlbctl_empty_list(args->json);
			goto out;
		}
		ifindex = 0;
	} else {
		ret = xlbctl_find_xlb_dev(c, args->dev, &ifindex);
		if (ret)
			goto out;
	}
	status = xlb_genl_get_sas(c, ifindex, &sas);
	if (status != XLB_OK)
		ret = xlbctl_genl_error(c, status, "listing SAs");
	else
		xlb_sas_print(stdout, &sas, args->json);
out:
	xlb_sa_list_free(&sas);
	return ret;
}

int xlbctl_sa_set(struct xlb_genl *c, const struct xlbctl_args *args)
{
	struct xlb_sa_key key = {
		.spi = args->spi, .dir = args->dir, .family = args->family,
	};
	struct xlb_sa_change change = { .worker = args->worker, .spray = args->spray };
	enum xlb_status status;
	int ret = XLBCTL_EXIT_OK;

	switch (args->action) {
	case XLBCTL_ACTION_SA_PIN:
		change.kind = XLB_SA_PIN;
		break;
	case XLBCTL_ACTION_SA_UNPIN:
		change.kind = XLB_SA_UNPIN;
		break;
	default:
		change.kind = XLB_SA_SPRAY;
	}
	memcpy(key.daddr, args->daddr, sizeof(key.daddr));
	ret = xlbctl_find_xlb_dev(c, args->dev, &key.ifindex);
	if (!ret) {
		status = xlb_genl_sa_set(c, &key, &change);
		if (status != XLB_OK)
			ret = xlbctl_genl_error(c, status, "changing the SA");
	}
	return ret;
}
