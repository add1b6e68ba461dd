/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels xlb supports (Debian 12's 6.1 and 6.12),
 * kept in this one place. XLB_HAVE_* come from probes in kmod/Kbuild, because
 * Debian's stable kernels carry backports that version numbers do not show.
 */
#ifndef _XLB_COMPAT_H
#define _XLB_COMPAT_H

#include <linux/netdevice.h>
#include <linux/crypto.h>
#include <net/genetlink.h>
#include <net/xfrm.h>

/*
 * Whether xfrm_input() resumed after asynchronous crypto puts the device
 * the packet arrived on (6.12). Older ones (6.1) put skb->dev as it is at
 * the end, which an XFRM interface has replaced by its own by then: ipsecN
 * loses a reference it never gave. No header shows the difference, so
 * kmod/Kbuild decides by the version (6.12 on); a kernel that backported
 * the fix only keeps the other entry, which is correct everywhere.
 */
static inline bool xlb_xfrm_resume_puts_arrival_dev(void)
{
#ifdef XLB_HAVE_XFRM_RESUME_ARRIVAL_DEV
	return true;
#else
	return false;
#endif
}

/* 6.11 turned NETIF_F_LLTX into dev->lltx. */
static inline void xlb_set_lltx(struct net_device *dev)
{
#ifdef XLB_HAVE_DEV_LLTX
	dev->lltx = true;
#else
	dev->features |= NETIF_F_LLTX;
#endif
}

/* NETIF_F_NETNS_LOCAL became dev->netns_local (6.12), then netns_immutable. */
static inline void xlb_set_netns_immutable(struct net_device *dev)
{
#if defined(XLB_HAVE_NETNS_IMMUTABLE)
	dev->netns_immutable = true;
#elif defined(XLB_HAVE_NETNS_LOCAL)
	dev->netns_local = true;
#else
	dev->features |= NETIF_F_NETNS_LOCAL;
#endif
}

/*
 * 6.3 gave xdo_dev_state_add an extack: a callback declared with
 * XLB_XDO_STATE_ADD_PARAMS has the parameters this kernel passes, and
 * XLB_XDO_EXTACK is its extack, or NULL.
 */
#ifdef XLB_HAVE_XDO_STATE_ADD_EXTACK
#define XLB_XDO_STATE_ADD_PARAMS	struct xfrm_state *x, struct netlink_ext_ack *extack
#define XLB_XDO_EXTACK			extack
#else
#define XLB_XDO_STATE_ADD_PARAMS	struct xfrm_state *x
#define XLB_XDO_EXTACK			NULL
#endif

/*
 * 6.3 made crypto completion callbacks take the request's data pointer
 * instead of the request. 6.1 has the kernel's scaffolding for the change
 * (crypto_completion_data_t, crypto_get_completion_data()), which later
 * kernels dropped once every callback took the data pointer: there, the
 * same names for that.
 */
#ifndef XLB_HAVE_CRYPTO_GET_COMPLETION_DATA
#define crypto_completion_data_t void

static inline void *crypto_get_completion_data(void *data)
{
	return data;
}
#endif

/*
 * 6.2 let an extack message be formatted (NL_SET_ERR_MSG_FMT); before, it
 * can only point to a constant string, so 6.1's leaves out the CPUs.
 * @msg: a string literal.
 */
static inline void xlb_extack_cpus(struct netlink_ext_ack *extack,
				   const struct nlattr *attr, const char *msg,
				   const struct cpumask *cpus)
{
	NL_SET_BAD_ATTR(extack, attr);
#ifdef NL_SET_ERR_MSG_FMT
	NL_SET_ERR_MSG_FMT(extack, "%s: %*pbl", msg, cpumask_pr_args(cpus));
#else
	if (extack)
		extack->_msg = msg;
#endif
}

/* 6.2 moved a dump's parsed attributes into a struct genl_info. */
static inline struct nlattr **xlb_genl_dump_attrs(struct netlink_callback *cb)
{
#ifdef XLB_HAVE_GENL_INFO_DUMP
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/*
 * Until 6.10 ("xfrm: Fix unregister netdevice hang on hardware offload")
 * xfrm let go of a deleted state's device only when the state was freed,
 * so a state still referenced (by a queued skb's secpath) held its device
 * unregistering for as long. Later kernels release the device of such
 * states at NETDEV_UNREGISTER; on earlier ones xlb does it (sa.c).
 */
#ifdef XLB_HAVE_XFRM_DEV_GCLIST
static inline bool xlb_xfrm_releases_dead_states(void)
{
	return true;
}

static inline void xlb_xfrm_dev_state_free(struct xfrm_state *x)
{
}
#else
static inline bool xlb_xfrm_releases_dead_states(void)
{
	return false;
}

/* Caller holds a reference to @x, so its final free cannot run meanwhile. */
static inline void xlb_xfrm_dev_state_free(struct xfrm_state *x)
{
	xfrm_dev_state_free(x);
}
#endif

#endif /* _XLB_COMPAT_H */
