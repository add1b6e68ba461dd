/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the genl client: what genl_client.c and genl_events.c share, and
 * the events socket's receive buffer.
 */
#ifndef XLB_GENL_HANDLE_H
#define XLB_GENL_HANDLE_H

#include <stdbool.h>

#include "genl_client.h"
#include "genl_ctrl.h"

/*
 * Takes family "xlb" as @f describes it (resolved, or announced by
 * nlctrl): its id for requests and, once subscribed, its "events" group,
 * joined again (a module unload drops every member).
 */
enum xlb_status xlb_genl_follow_family(struct xlb_genl *c,
				       const struct xlb_ctrl_family *f);

/* Records libnl's words for @err in @c: XLB_ERR_NOMEM or XLB_ERR_NETLINK. */
enum xlb_status xlb_genl_nl_failure(struct xlb_genl *c, int err);

/*
 * A request for @cmd with NLM_F_ACK and @flags (NLM_F_DUMP), to be filled
 * and passed to xlb_genl_transact(), which sends it (once more if the
 * family's id changed), reads its answers into @parse and frees it.
 */
struct nl_msg *xlb_genl_new_request(struct xlb_genl *c, uint8_t cmd, int flags);
enum xlb_status xlb_genl_transact(struct xlb_genl *c, struct nl_msg *msg,
				  xlb_genl_parse_fn parse, void *arg);

/*
 * A socket receive buffer of a given size that cannot silently stay
 * small: SO_RCVBUF is capped by net.core.rmem_max without an error, so
 * the size is read back, and SO_RCVBUFFORCE (CAP_NET_ADMIN) tried when
 * it fell short.
 */

/*
 * Asks for @bytes on socket @fd. Returns what the kernel granted as
 * getsockopt(SO_RCVBUF) reports it (twice the usable bytes: the kernel
 * counts its bookkeeping too), or -1 with errno set. *@enough says
 * whether that is all that was asked for.
 */
int xlb_rcvbuf_set(int fd, int bytes, bool *enough);

#endif /* XLB_GENL_HANDLE_H */
