/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What xlbd does with its configuration: makes the kernel's placement
 * policy, tunnel rules and SAs what the file says (xlbd_apply), and keeps
 * them so as tunnels rekey (xlbd_on_event).
 */
#ifndef XLBD_APPLY_H
#define XLBD_APPLY_H

#include "lib/genl_client.h"
#include "xlbd_conf.h"

/*
 * Sets the policy values the file sets, makes the namespace's tunnel rules
 * the file's (xlbd owns them: rules of other reqids are removed), and
 * applies pinning and spray modes to the SAs the tunnels already have on
 * the managed devices. Returns the first failure; goes on after one.
 */
enum xlb_status xlbd_apply(struct xlb_genl *c, const struct xlbd_conf *conf);

/*
 * An event: when a tunnel's SA was born, choose where its next one goes.
 * Returns true when the kernel's state has to be applied again.
 */
bool xlbd_on_event(struct xlb_genl *c, const struct xlbd_conf *conf,
		   const struct xlb_event *ev);

#endif /* XLBD_APPLY_H */
