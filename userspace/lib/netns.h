/* SPDX-License-Identifier: GPL-2.0 */
/* Network namespaces by name, the way "ip -n NAME" finds them. */
#ifndef XLB_NETNS_H
#define XLB_NETNS_H

/*
 * setns() into /run/netns/@name, for the whole (single-threaded) process.
 * Call before opening any socket. Returns 0, or -1 with errno set.
 */
int xlb_netns_enter(const char *name);

/*
 * Opens namespace @name_or_path: a path when it holds a '/', otherwise
 * /run/netns/NAME as `ip netns add` makes it. Returns an fd (close-on-exec)
 * or -1 with errno set.
 */
int xlb_netns_open(const char *name_or_path);

/*
 * Switches the calling thread (only) into namespace @netns_fd. Returns the
 * fd of the namespace it was in, for xlb_netns_restore(), or -1 with errno
 * set (the thread then is where it was).
 */
int xlb_netns_switch(int netns_fd);

/*
 * Switches the calling thread back to @saved_fd and closes it. Returns 0,
 * or -1 with errno set: the thread is then stuck in the other namespace.
 */
int xlb_netns_restore(int saved_fd);

#endif /* XLB_NETNS_H */
