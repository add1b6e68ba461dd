// SPDX-License-Identifier: GPL-2.0
#include "status.h"

const char *xlb_status_str(enum xlb_status status)
{
	switch (status) {
	case XLB_OK:
		return "success";
	case XLB_ERR_NOMEM:
		return "out of memory";
	case XLB_ERR_NETLINK:
		return "netlink failure";
	case XLB_ERR_NO_DEVICE:
		return "no such device";
	case XLB_ERR_NOT_XLB:
		return "not an xlb device";
	case XLB_ERR_NO_FAMILY:
		return "xlb module not loaded (no generic netlink family \"xlb\")";
	case XLB_ERR_PERM:
		return "needs CAP_NET_ADMIN";
	case XLB_ERR_KERNEL:
		return "the kernel refused the request";
	case XLB_ERR_PROTO:
		return "malformed message from the kernel";
	case XLB_ERR_EVENTS_LOST:
		return "events lost: the receive buffer overran";
	case XLB_ERR_TIMEOUT:
		return "the kernel did not answer in time";
	case XLB_ERR_NETNS:
		return "cannot enter the network namespace";
	case XLB_ERR_NETNS_RESTORE:
		return "cannot return to the original network namespace";
	case XLB_ERR_RCVBUF_SMALL:
		return "the events receive buffer is smaller than asked: "
		       "raise net.core.rmem_max or grant CAP_NET_ADMIN";
	case XLB_ERR_RELOADED:
		return "the xlb module was loaded again: events in between are lost";
	}
	return "unknown error";
}
