// SPDX-License-Identifier: GPL-2.0
/* Storage for struct xlb_link_list. */

#include <stdlib.h>

#include "xlb_link.h"

int xlb_link_list_append(struct xlb_link_list *list, const struct xlb_link *link)
{
	if (list->count == list->capacity) {
		size_t capacity = list->capacity ? 2 * list->capacity : 8;
		struct xlb_link *links;

		links = realloc(list->links, capacity * sizeof(*links));
		if (!links)
			return -1;
		list->links = links;
		list->capacity = capacity;
	}
	list->links[list->count++] = *link;
	return 0;
}

static int compare_ifindex(const void *a, const void *b)
{
	const struct xlb_link *la = a, *lb = b;

	return (la->ifindex > lb->ifindex) - (la->ifindex < lb->ifindex);
}

void xlb_link_list_sort(struct xlb_link_list *list)
{
	if (list->count > 1)
		qsort(list->links, list->count, sizeof(*list->links), compare_ifindex);
}

void xlb_link_list_free(struct xlb_link_list *list)
{
	free(list->links);
	list->links = NULL;
	list->count = 0;
	list->capacity = 0;
}
