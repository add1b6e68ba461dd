/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A socket receive buffer of a given size that cannot silently stay
 * small: SO_RCVBUF is capped by net.core.rmem_max without an error, so
 * the size is read back, and SO_RCVBUFFORCE (CAP_NET_ADMIN) tried when
 * it fell short.
 */
#ifndef XLB_RCVBUF_H
#define XLB_RCVBUF_H

#include <stdbool.h>

/*
 * Asks for @bytes on socket @fd. Returns what the kernel granted as
 * getsockopt(SO_RCVBUF) reports it (twice the usable bytes: the kernel
 * counts its bookkeeping too), or -1 with errno set. *@enough says
 * whether that is all that was asked for.
 */
int xlb_rcvbuf_set(int fd, int bytes, bool *enough);

#endif /* XLB_RCVBUF_H */
