/* SPDX-License-Identifier: GPL-2.0 */
/* Text forms of struct xlb_link fields, shared by the table and JSON output. */
#ifndef XLB_LINK_TEXT_H
#define XLB_LINK_TEXT_H

#include "xlb_link.h"

/* "xx:xx:xx:xx:xx:xx" plus NUL */
#define XLB_MAC_STRLEN (3 * XLB_MAC_LEN)

/* Room for a name or for "if-2147483648". */
#define XLB_LOWER_STRLEN 16

/* iproute2's spelling: "UP", "DOWN", "LOWERLAYERDOWN", ... */
const char *xlb_operstate_name(uint8_t operstate);

void xlb_mac_to_string(const uint8_t mac[XLB_MAC_LEN], char buf[XLB_MAC_STRLEN]);

/*
 * The lower device as iproute2 shows it after '@': its name, "if<N>" when
 * it cannot be named from here, or NULL when there is none.
 */
const char *xlb_lower_display(const struct xlb_link *link,
			      char buf[XLB_LOWER_STRLEN]);

/* iproute2-style flag list for the up and carrier bits: "<UP,LOWER_UP>". */
const char *xlb_link_flags_string(const struct xlb_link *link);

#endif /* XLB_LINK_TEXT_H */
