// SPDX-License-Identifier: GPL-2.0
/* What generic netlink adds to the rtnetlink view of xlb links. */
#include "link_output.h"
#include "xlb_objects.h"

void xlb_links_add_genl(struct xlb_link_list *list, const struct xlb_dev_list *devs)
{
	for (size_t i = 0; i < list->count; i++) {
		struct xlb_link *link = &list->links[i];

		for (size_t k = 0; k < devs->count; k++) {
			const struct xlb_dev_info *d = &devs->items[k];

			if (link->ifindex <= 0 || d->ifindex != (uint32_t)link->ifindex)
				continue;
			link->has_genl = true;
			link->placement = d->placement;
			link->workers = d->workers;
			link->sas = d->sas;
		}
	}
}
