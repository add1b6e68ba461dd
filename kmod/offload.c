// SPDX-License-Identifier: GPL-2.0
/*
 * XFRM crypto offload entry points.
 *
 * xlb0 advertises NETIF_F_HW_ESP so `ip xfrm state add ... offload dev xlb0`
 * reaches this driver. Until the ESP data path exists every SA is refused
 * with -EOPNOTSUPP, which xfrm_dev_state_add() treats as "keep this SA in
 * software": the SA is installed and the stack encrypts it inline.
 */

#include <net/xfrm.h>

#include "compat.h"
#include "xlb.h"

int xlb_state_add(struct xfrm_state *x, struct netlink_ext_ack *extack)
{
	NL_SET_ERR_MSG(extack, "xlb: ESP offload not available yet, SA kept in software");
	return -EOPNOTSUPP;
}

/*
 * The stack insists on a delete callback next to add (xfrm_api_check());
 * with every SA refused there is never one to delete.
 */
static void xlb_xdo_state_delete(struct xfrm_state *x)
{
}

static bool xlb_xdo_offload_ok(struct sk_buff *skb, struct xfrm_state *x)
{
	return false;
}

const struct xfrmdev_ops xlb_xfrmdev_ops = {
	.xdo_dev_state_add	= xlb_xdo_state_add,
	.xdo_dev_state_delete	= xlb_xdo_state_delete,
	.xdo_dev_offload_ok	= xlb_xdo_offload_ok,
};
