/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The words xlbctl prints and accepts for the uAPI's enums. A value a
 * newer kernel sends that has no word here prints as its decimal number
 * ("7"), which says more than "unknown" and never breaks the output.
 */
#ifndef XLB_NAMES_H
#define XLB_NAMES_H

#include <stdint.h>

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

#endif /* XLB_NAMES_H */
