/* SPDX-License-Identifier: GPL-2.0 */
/* Inside the genl client: what genl_client.c and genl_events.c share. */
#ifndef XLB_GENL_HANDLE_H
#define XLB_GENL_HANDLE_H

#include "genl_client.h"
#include "genl_ctrl.h"

/*
 * Takes family "xlb" as @f describes it (resolved, or announced by
 * nlctrl): its id for requests and, once subscribed, its "events" group,
 * joined again (a module unload drops every member).
 */
enum xlb_status xlb_genl_follow_family(struct xlb_genl *c,
				       const struct xlb_ctrl_family *f);

#endif /* XLB_GENL_HANDLE_H */
