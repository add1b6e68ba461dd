/* SPDX-License-Identifier: GPL-2.0 */
/* Which rtnetlink links are xlb devices. */
#ifndef XLB_LINK_KIND_H
#define XLB_LINK_KIND_H

#include <stdbool.h>

/* The rtnl_link_ops kind the module registers: "ip link add ... type xlb". */
#define XLB_LINK_KIND "xlb"

/*
 * @kind is IFLA_INFO_KIND as reported by the kernel, or NULL for links that
 * report none (lo, physical NICs). Only an exact match counts: kinds are
 * compared byte for byte by the kernel too ("vxlan" is not ours).
 */
bool xlb_link_kind_is_xlb(const char *kind);

#endif /* XLB_LINK_KIND_H */
