// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>

#include "link_text.h"

const char *xlb_operstate_name(uint8_t operstate)
{
	/* Indexed by IF_OPER_*, as in iproute2's ipaddress.c. */
	static const char *const names[] = {
		"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN",
		"TESTING", "DORMANT",	 "UP",
	};

	if (operstate < sizeof(names) / sizeof(names[0]))
		return names[operstate];
	return "UNKNOWN";
}

void xlb_mac_to_string(const uint8_t mac[XLB_MAC_LEN], char buf[XLB_MAC_STRLEN])
{
	snprintf(buf, XLB_MAC_STRLEN, "%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

const char *xlb_lower_display(const struct xlb_link *link,
			      char buf[XLB_LOWER_STRLEN])
{
	if (link->lower_name[0])
		return link->lower_name;
	if (link->lower_ifindex == 0)
		return NULL;
	snprintf(buf, XLB_LOWER_STRLEN, "if%d", link->lower_ifindex);
	return buf;
}

const char *xlb_link_flags_string(const struct xlb_link *link)
{
	/* iproute2 prints NO-CARRIER only for up links, LOWER_UP = up + carrier. */
	if (!link->up)
		return "<>";
	return link->carrier ? "<UP,LOWER_UP>" : "<NO-CARRIER,UP>";
}
