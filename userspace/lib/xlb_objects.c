// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "xlb_objects.h"

static int grow(void **items, size_t *capacity, size_t count, size_t size)
{
	size_t cap;
	void *p;

	if (count < *capacity)
		return 0;
	cap = *capacity ? *capacity * 2 : 8;
	p = realloc(*items, cap * size);
	if (!p)
		return -1;
	*items = p;
	*capacity = cap;
	return 0;
}

#define DEFINE_LIST(list, type, name)					\
int name##_append(struct list *l, const type *item)			\
{									\
	void *items = l->items;						\
									\
	if (grow(&items, &l->capacity, l->count, sizeof(*item)))	\
		return -1;						\
	l->items = items;						\
	l->items[l->count++] = *item;					\
	return 0;							\
}									\
void name##_free(struct list *l)					\
{									\
	free(l->items);							\
	memset(l, 0, sizeof(*l));					\
}

DEFINE_LIST(xlb_dev_list, struct xlb_dev_info, xlb_dev_list)
DEFINE_LIST(xlb_worker_list, struct xlb_worker, xlb_worker_list)
DEFINE_LIST(xlb_sa_list, struct xlb_sa, xlb_sa_list)
DEFINE_LIST(xlb_tunnel_list, struct xlb_tunnel, xlb_tunnel_list)

static int cmp_u32(uint32_t a, uint32_t b)
{
	return a < b ? -1 : a > b;
}

static int cmp_worker(const void *pa, const void *pb)
{
	const struct xlb_worker *a = pa, *b = pb;

	return cmp_u32(a->cpu, b->cpu);
}

static int cmp_sa(const void *pa, const void *pb)
{
	const struct xlb_sa *a = pa, *b = pb;

	if (a->ifindex != b->ifindex)
		return cmp_u32(a->ifindex, b->ifindex);
	if (a->spi != b->spi)
		return cmp_u32(a->spi, b->spi);
	return cmp_u32(a->dir, b->dir);
}

void xlb_worker_list_sort(struct xlb_worker_list *l)
{
	if (l->count)
		qsort(l->items, l->count, sizeof(l->items[0]), cmp_worker);
}

void xlb_sa_list_sort(struct xlb_sa_list *l)
{
	if (l->count)
		qsort(l->items, l->count, sizeof(l->items[0]), cmp_sa);
}
