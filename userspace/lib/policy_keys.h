/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The placement policy's keys as operators spell them (xlbctl policy set,
 * xlbd.conf's policy line), the kernel's range for each, and where each
 * goes in struct xlb_policy. Parsing and wording stay with each program.
 */
#ifndef XLB_POLICY_KEYS_H
#define XLB_POLICY_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xlb_objects.h"

struct xlb_policy_key {
	const char *word;
	uint32_t min, max;	/* the kernel's range (uapi/linux/xlb.h) */
	size_t offset;		/* of the value in struct xlb_policy */
	size_t has_offset;	/* of its has_* flag */
};

/* The key spelled @word, or NULL. */
const struct xlb_policy_key *xlb_policy_key_find(const char *word);
/* "placement": its value is a name (xlb_placement_parse), not a number. */
bool xlb_policy_key_is_placement(const struct xlb_policy_key *k);
bool xlb_policy_key_given(const struct xlb_policy_key *k,
			  const struct xlb_policy *p);
/* Stores @v as @k's value in @p and marks it given. */
void xlb_policy_key_store(const struct xlb_policy_key *k, struct xlb_policy *p,
			  uint32_t v);

#endif /* XLB_POLICY_KEYS_H */
