/* SPDX-License-Identifier: GPL-2.0 */
/* Outcomes of library calls, shared by xlbctl and xlbd. */
#ifndef XLB_STATUS_H
#define XLB_STATUS_H

enum xlb_status {
	XLB_OK = 0,
	XLB_ERR_NOMEM,
	XLB_ERR_NETLINK,	/* the libnl error code is reported separately */
	XLB_ERR_NO_DEVICE,	/* no link of the requested name */
	XLB_ERR_NOT_XLB,	/* the link exists but is of another kind */
	XLB_ERR_NO_FAMILY,	/* no generic netlink family "xlb": module not loaded */
	XLB_ERR_PERM,		/* the kernel said EPERM: CAP_NET_ADMIN needed */
	XLB_ERR_KERNEL,		/* the kernel refused; errno and extack reported apart */
	XLB_ERR_PROTO,		/* a reply or event we could not parse */
	XLB_ERR_EVENTS_LOST,	/* the socket overran (ENOBUFS): some events are gone */
	XLB_ERR_TIMEOUT,	/* the kernel did not answer in the handle's timeout */
	XLB_ERR_NETNS,		/* cannot open or enter the network namespace (errno apart) */
	XLB_ERR_NETNS_RESTORE,	/* the thread could not go back to its namespace: fatal */
	XLB_ERR_RCVBUF_SMALL,	/* subscribed, but the receive buffer stayed small */
	XLB_ERR_RELOADED,	/* the module was loaded again: events in between are gone */
};

/* A short lowercase description, for messages like "xlbctl: eth0: ...". */
const char *xlb_status_str(enum xlb_status status);

#endif /* XLB_STATUS_H */
