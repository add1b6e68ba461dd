// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <sys/socket.h>

#include "genl_output.h"

const char *xlb_permille_string(uint32_t permille, char buf[XLB_PERMILLE_STRLEN])
{
	snprintf(buf, XLB_PERMILLE_STRLEN, "%u.%u%%", permille / 10, permille % 10);
	return buf;
}

const char *xlb_addr_string(uint16_t family, const uint8_t addr[16],
			    char buf[XLB_ADDR_STRLEN])
{
	if ((family != AF_INET && family != AF_INET6) ||
	    !inet_ntop(family, addr, buf, XLB_ADDR_STRLEN))
		snprintf(buf, XLB_ADDR_STRLEN, "-");
	return buf;
}
