// SPDX-License-Identifier: GPL-2.0
/*
 * Inbound ESP under NAPI GRO.
 *
 * With esp4_offload/esp6_offload loaded (xlb needs them for its SAs), the
 * stack's GRO handler for ESP looks the SA up and calls xfrm_input() from
 * GRO, before any rx_handler sees the packet: on a lower device that does
 * GRO, as every NIC does, xlb would never receive its own SAs' ESP and the
 * receiving CPU would decrypt it in software.
 *
 * So the first SA of a family xlb takes wraps the ESP net_offload entry: a
 * packet for an inbound SA offloaded to the xlb device stacked on the
 * receiving device, or for a larval one (larval.c), leaves GRO unmerged,
 * as esp4_gro_receive() leaves what it cannot take, and reaches xlb's
 * rx_handler on the normal receive path; any other packet goes to the
 * original handler as before. The original's module is
 * pinned while the wrapper is in place, and module exit puts it back.
 */

#include <linux/module.h>
#include <linux/mutex.h>
#include <net/gro.h>
#include <net/protocol.h>
#include <net/xfrm.h>

#include "params.h"
#include "xlb.h"

struct xlb_gro_hook {
	struct net_offload wrapper;
	/* The entry we replaced; NULL while not hooked. */
	const struct net_offload *orig;
	struct module *owner;
};

static DEFINE_MUTEX(xlb_gro_lock);
static struct xlb_gro_hook xlb_gro_v4;
static struct xlb_gro_hook xlb_gro_v6;

/*
 * The xlb device stacked on skb->dev if @skb, pulled to its ESP header, is
 * ESP for an inbound SA that device has offloaded or for a larval SA, which
 * it holds; NULL otherwise.
 */
static struct xlb_dev *xlb_gro_owner(struct sk_buff *skb,
				     unsigned short family)
{
	const struct ip_esp_hdr *esph;
	struct xfrm_offload *xo;
	xfrm_address_t *daddr;
	struct xfrm_state *x;
	struct xlb_dev *xlb;
	bool ours;

	/* ESP in UDP (NAT-T) is not xlb's: its rx_handler takes plain ESP. */
	if (NAPI_GRO_CB(skb)->proto == IPPROTO_UDP)
		return NULL;
	if (skb->pkt_type != PACKET_HOST)
		return NULL;
	xlb = xlb_from_lower_rcu(skb->dev);
	if (!xlb || !(xlb->dev->flags & IFF_UP))
		return NULL;
	/* Decrypted below us already (a NIC's inline crypto). */
	xo = xfrm_offload(skb);
	if (xo && (xo->flags & CRYPTO_DONE))
		return NULL;
	if (!pskb_may_pull(skb, sizeof(*esph)))
		return NULL;
	esph = (const struct ip_esp_hdr *)skb->data;
	if (family == AF_INET)
		daddr = (xfrm_address_t *)&ip_hdr(skb)->daddr;
	else
		daddr = (xfrm_address_t *)&ipv6_hdr(skb)->daddr;

	x = xfrm_state_lookup(dev_net(xlb->dev), skb->mark, daddr, esph->spi,
			      IPPROTO_ESP, family);
	if (!x)
		return NULL;
	ours = (x->xso.dev == xlb->dev && x->xso.dir == XFRM_DEV_OFFLOAD_IN) ||
	       (xlb_larval_state(x) && xlb_param(larval_hold_ms));
	xfrm_state_put(x);
	return ours ? xlb : NULL;
}

/* The GRO handler's way of declining a packet (esp4_gro_receive's "out"). */
static struct sk_buff *xlb_gro_decline(struct sk_buff *skb, int offset)
{
	skb_push(skb, offset);
	NAPI_GRO_CB(skb)->same_flow = 0;
	NAPI_GRO_CB(skb)->flush = 1;
	return NULL;
}

static struct sk_buff *xlb_gro_receive(struct xlb_gro_hook *hook,
				       unsigned short family,
				       struct list_head *head,
				       struct sk_buff *skb)
{
	int offset = skb_gro_offset(skb);
	struct xlb_dev *xlb;

	if (!pskb_pull(skb, offset))
		return NULL;
	xlb = xlb_gro_owner(skb, family);
	if (xlb) {
		xlb_esp_count(xlb, XLB_ESP_RX_GRO_STEERED);
		return xlb_gro_decline(skb, offset);
	}
	skb_push(skb, offset);
	return hook->orig->callbacks.gro_receive(head, skb);
}

static struct sk_buff *xlb_gro_receive_v4(struct list_head *head,
					  struct sk_buff *skb)
{
	return xlb_gro_receive(&xlb_gro_v4, AF_INET, head, skb);
}

static struct sk_buff *xlb_gro_receive_v6(struct list_head *head,
					  struct sk_buff *skb)
{
	return xlb_gro_receive(&xlb_gro_v6, AF_INET6, head, skb);
}

static const struct net_offload *xlb_gro_slot(unsigned short family)
{
	if (family == AF_INET)
		return rcu_dereference_protected(inet_offloads[IPPROTO_ESP],
						 lockdep_is_held(&xlb_gro_lock));
	return rcu_dereference_protected(inet6_offloads[IPPROTO_ESP],
					 lockdep_is_held(&xlb_gro_lock));
}

static int xlb_gro_add(const struct net_offload *ops, unsigned short family)
{
	if (family == AF_INET)
		return inet_add_offload(ops, IPPROTO_ESP);
	return inet6_add_offload(ops, IPPROTO_ESP);
}

static int xlb_gro_del(const struct net_offload *ops, unsigned short family)
{
	if (family == AF_INET)
		return inet_del_offload(ops, IPPROTO_ESP);
	return inet6_del_offload(ops, IPPROTO_ESP);
}

/*
 * Called for each SA xlb accepts, in process context: wraps the
 * ESP GRO handler of @x's family the first time. @x->type_offload is the
 * ESP offload module's, so the entry in the slot must be that module's.
 */
int xlb_gro_hook_sa(struct xfrm_state *x, struct netlink_ext_ack *extack)
{
	unsigned short family = x->props.family;
	struct xlb_gro_hook *hook;
	const struct net_offload *orig;
	struct module *owner = x->type_offload->owner;
	int err = 0;

	hook = family == AF_INET ? &xlb_gro_v4 : &xlb_gro_v6;
	mutex_lock(&xlb_gro_lock);
	if (hook->orig)
		goto out;
	orig = xlb_gro_slot(family);
	if (!orig || !orig->callbacks.gro_receive ||
	    (owner && !within_module((unsigned long)orig, owner))) {
		NL_SET_ERR_MSG(extack,
			       "xlb: the ESP GRO handler is not the ESP offload module's");
		err = -EBUSY;
		goto out;
	}
	if (owner && !try_module_get(owner)) {
		NL_SET_ERR_MSG(extack, "xlb: the ESP offload module is going away");
		err = -EBUSY;
		goto out;
	}
	hook->wrapper = *orig;
	hook->wrapper.callbacks.gro_receive = family == AF_INET ?
		xlb_gro_receive_v4 : xlb_gro_receive_v6;
	hook->orig = orig;
	hook->owner = owner;
	/* Between the two, ESP simply takes the non-GRO path. */
	xlb_gro_del(orig, family);
	if (xlb_gro_add(&hook->wrapper, family)) {
		/* Another module took the slot in between: leave it theirs. */
		xlb_gro_add(orig, family);
		hook->orig = NULL;
		module_put(owner);
		NL_SET_ERR_MSG(extack, "xlb: the ESP GRO handler changed under us");
		err = -EBUSY;
	}
out:
	mutex_unlock(&xlb_gro_lock);
	return err;
}

static void xlb_gro_unhook(struct xlb_gro_hook *hook, unsigned short family)
{
	if (!hook->orig)
		return;
	/* Waits until no CPU runs the wrapper. */
	xlb_gro_del(&hook->wrapper, family);
	if (xlb_gro_add(hook->orig, family))
		pr_err("xlb: ESP GRO slot taken; the ESP offload GRO handler is not restored\n");
	module_put(hook->owner);
	hook->orig = NULL;
}

void xlb_gro_exit(void)
{
	mutex_lock(&xlb_gro_lock);
	xlb_gro_unhook(&xlb_gro_v4, AF_INET);
	xlb_gro_unhook(&xlb_gro_v6, AF_INET6);
	mutex_unlock(&xlb_gro_lock);
}
