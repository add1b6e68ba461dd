/* SPDX-License-Identifier: GPL-2.0 */
/* Entering a named network namespace the way "ip -n NAME" does. */
#ifndef XLB_NETNS_H
#define XLB_NETNS_H

/*
 * setns() into /run/netns/@name. Call before opening any socket. Returns 0,
 * or -1 with errno set.
 */
int xlb_netns_enter(const char *name);

#endif /* XLB_NETNS_H */
