// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include <linux/xlb.h>

#include "policy_keys.h"

#define POLICY_KEY(word, field, min, max) \
	{ word, min, max, offsetof(struct xlb_policy, field), \
	  offsetof(struct xlb_policy, has_##field) }

/* Ranges from uapi/linux/xlb.h. */
static const struct xlb_policy_key policy_keys[] = {
	POLICY_KEY("placement", placement, 0, XLB_PLACEMENT_MAX),
	POLICY_KEY("hotspot", hotspot, 100, 1000),
	POLICY_KEY("interval", interval_ms, 10, 10000),
	POLICY_KEY("spray-threshold", spray_threshold, 0, 10000),
	POLICY_KEY("max-moves", max_moves, 0, 64),
	POLICY_KEY("move-cooldown", move_cooldown, 0, 1000),
};

const struct xlb_policy_key *xlb_policy_key_find(const char *word)
{
	for (size_t n = 0; n < sizeof(policy_keys) / sizeof(policy_keys[0]); n++)
		if (strcmp(word, policy_keys[n].word) == 0)
			return &policy_keys[n];
	return NULL;
}

bool xlb_policy_key_is_placement(const struct xlb_policy_key *k)
{
	return k->offset == offsetof(struct xlb_policy, placement);
}

bool xlb_policy_key_given(const struct xlb_policy_key *k,
			  const struct xlb_policy *p)
{
	return *(const bool *)((const char *)p + k->has_offset);
}

void xlb_policy_key_store(const struct xlb_policy_key *k, struct xlb_policy *p,
			  uint32_t v)
{
	*(bool *)((char *)p + k->has_offset) = true;
	*(uint32_t *)((char *)p + k->offset) = v;
}
