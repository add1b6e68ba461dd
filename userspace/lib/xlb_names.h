/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The words xlbctl prints and accepts for the uAPI's enums. A value a
 * newer kernel sends that has no word here prints as its decimal number
 * ("7"), which says more than "unknown" and never breaks the output.
 */
#ifndef XLB_NAMES_H
#define XLB_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xlb_objects.h"

const char *xlb_placement_name(uint32_t placement);	/* hash, least-loaded, adaptive */
const char *xlb_dir_name(uint8_t dir);			/* in, out */
const char *xlb_spray_name(uint32_t spray);		/* auto, on, off */
const char *xlb_reason_name(uint32_t reason);		/* new, rekey, hotspot, offline, pin */
const char *xlb_family_name(uint16_t family);		/* inet, inet6 */
/* sa-placed, sa-migrated, hotspot, worker-online, worker-offline */
const char *xlb_event_name(uint8_t cmd);

/* Each returns 0 and sets *@out, or -1 for a word it does not know. */
int xlb_placement_parse(const char *word, uint32_t *out);
int xlb_dir_parse(const char *word, uint8_t *out);
int xlb_spray_parse(const char *word, uint32_t *out);

/*
 * The placement policy's keys as operators spell them (xlbctl policy set,
 * xlbd.conf's policy line), the kernel's range for each, and where each
 * goes in struct xlb_policy. Parsing and wording stay with each program.
 */

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

#endif /* XLB_NAMES_H */
