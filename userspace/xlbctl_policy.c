// SPDX-License-Identifier: GPL-2.0
/* The placement policy: xlbctl policy show and policy set. */
#include "lib/xlb_names.h"
#include "xlbctl.h"
#include "xlbctl_print.h"

/* The text in the words "policy set" takes; only the keys the kernel gave. */
void xlb_policy_print(FILE *out, const struct xlb_policy *p, bool json)
{
	print_begin(out, json);
	open_json_object(NULL);
	if (p->has_placement)
		print_string(PRINT_ANY, "placement", "placement %s\n",
			     xlb_placement_name(p->placement));
	if (p->has_hotspot)
		print_uint(PRINT_ANY, "hotspot", "hotspot %u\n", p->hotspot);
	if (p->has_interval_ms)
		print_uint(PRINT_ANY, "interval_ms", "interval %u\n", p->interval_ms);
	if (p->has_spray_threshold)
		print_uint(PRINT_ANY, "spray_threshold", "spray-threshold %u\n",
			   p->spray_threshold);
	if (p->has_max_moves)
		print_uint(PRINT_ANY, "max_moves", "max-moves %u\n", p->max_moves);
	if (p->has_move_cooldown)
		print_uint(PRINT_ANY, "move_cooldown", "move-cooldown %u\n", p->move_cooldown);
	close_json_object();
	print_end();
}

int xlbctl_policy_show(struct xlb_genl *c, const struct xlbctl_args *args)
{
	enum xlb_status status;
	struct xlb_policy p;
	int ret = XLBCTL_EXIT_OK;

	status = xlb_genl_get_policy(c, &p);
	if (status != XLB_OK)
		ret = xlbctl_genl_error(c, status, "reading the policy");
	else
		xlb_policy_print(stdout, &p, args->json);
	return ret;
}

int xlbctl_policy_set(struct xlb_genl *c, const struct xlbctl_args *args)
{
	enum xlb_status status;
	int ret = XLBCTL_EXIT_OK;

	status = xlb_genl_set_policy(c, &args->policy);
	if (status != XLB_OK)
		ret = xlbctl_genl_error(c, status, "setting the policy");
	return ret;
}
