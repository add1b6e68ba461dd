// SPDX-License-Identifier: GPL-2.0
/*
 * The SA table: an xlb_sa for each offloaded xfrm_state, from
 * xdo_dev_state_add() to its last reference, and the lookups the operator's
 * requests make. Where each SA runs is placement.c's; how its packets go
 * through the workers and leave in order, queueing.c's.
 */

#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "compat.h"
#include "notify.h"
#include "sa.h"
#include "sa_table.h"
#include "tunnel.h"
#include "xlb.h"

LIST_HEAD(xlb_sa_list);
LIST_HEAD(xlb_sa_draining);
/* Every SA its xfrm_state still points to, live or deleted. */
static LIST_HEAD(xlb_sa_bound);
DEFINE_SPINLOCK(xlb_sa_lock);
unsigned int xlb_sa_total;
unsigned int xlb_sa_ndraining;

/*
 * Fills @ev for an event about @sa: placed on @to, or moved there from
 * @from, for @reason. Sent by the caller once it dropped xlb_sa_lock.
 */
void xlb_sa_event(struct xlb_event *ev, const struct xlb_sa *sa, u8 cmd,
		  unsigned int from, unsigned int to, u8 reason)
{
	*ev = (struct xlb_event) {
		.cmd = cmd, .reason = reason, .dir = sa->dir,
		.net = dev_net(sa->dev), .ifindex = sa->dev->ifindex,
		.spi = sa->spi, .from = from, .to = to,
		.sa_id = sa->id, .reqid = sa->x->props.reqid,
		.family = sa->family, .daddr = sa->x->id.daddr,
	};
}

/*
 * The live SA that @x replaces at rekey: same device, direction, reqid,
 * addresses and selector. The newest if several. Caller holds xlb_sa_lock.
 */
static struct xlb_sa *xlb_sa_replaced(struct xfrm_state *x,
				      struct net_device *dev)
{
	struct xlb_sa *sa, *found = NULL;

	if (!x->props.reqid)
		return NULL;
	list_for_each_entry(sa, &xlb_sa_list, node) {
		struct xfrm_state *old = sa->x;

		if (sa->dev == dev && sa->dir == x->xso.dir &&
		    old->props.reqid == x->props.reqid &&
		    old->props.family == x->props.family &&
		    xfrm_addr_equal(&old->id.daddr, &x->id.daddr,
				    x->props.family) &&
		    xfrm_addr_equal(&old->props.saddr, &x->props.saddr,
				    x->props.family) &&
		    !memcmp(&old->sel, &x->sel, sizeof(x->sel)))
			found = sa;
	}
	return found;
}

struct xlb_sa *xlb_sa_add(struct xfrm_state *x, struct net_device *dev)
{
	static atomic64_t last_id = ATOMIC64_INIT(0);
	struct xlb_tunnel_rule rule;
	struct xlb_sa *replaced;
	struct xlb_event ev;
	struct xlb_sa *sa;
	bool has_rule;
	u8 reason;

	/* xfrm may call us with a spinlock held (state migration). */
	sa = kzalloc(sizeof(*sa), GFP_ATOMIC);
	if (!sa)
		return NULL;
	refcount_set(&sa->refs, 1);
	sa->id = atomic64_inc_return(&last_id);
	sa->x = x;
	sa->spi = x->id.spi;
	sa->dir = x->xso.dir;
	sa->family = x->props.family;
	sa->dev = dev;
	sa->cpus = xlb_dev_cpus(dev);
	xlb_order_init(&sa->order);
	INIT_WORK(&sa->release_work, xlb_sa_release_work);
	netdev_hold(dev, &sa->dev_tracker, GFP_ATOMIC);

	has_rule = xlb_tunnel_find(dev_net(dev), x->props.reqid, &rule);
	spin_lock_bh(&xlb_sa_lock);
	replaced = xlb_sa_replaced(x, dev);
	reason = xlb_sa_place_new(sa, replaced, has_rule ? &rule : NULL);
	xlb_sa_total++;
	list_add_tail(&sa->node, &xlb_sa_list);
	list_add_tail(&sa->bound, &xlb_sa_bound);
	xlb_sa_event(&ev, sa, XLB_CMD_SA_PLACED_NTF, sa->cpu, sa->cpu, reason);
	spin_unlock_bh(&xlb_sa_lock);
	xlb_notify(&ev);
	return sa;
}

/*
 * xfrm deleted the state: take the SA out of placement. Packets already in
 * its order stage still leave in order; until they have, the balancer
 * keeps it on the draining list so a stuck head cannot hold them forever.
 */
void xlb_sa_delete(struct xlb_sa *sa)
{
	struct xlb_event ev = {};

	spin_lock_bh(&xlb_sa_lock);
	if (!sa->dead) {
		xlb_sa_event(&ev, sa, XLB_CMD_SA_REMOVED_NTF, sa->cpu, sa->cpu,
			     0);
		WRITE_ONCE(sa->dead, true);
		/* Empty unless on xlb_sa_draining (xlb_sa_show_gone). */
		list_del_init(&sa->node);
		xlb_sa_unplace(sa);
		xlb_sa_total--;
		if (xlb_order_depth(&sa->order)) {
			refcount_inc(&sa->refs);
			list_add_tail(&sa->node, &xlb_sa_draining);
			xlb_sa_ndraining++;
		}
	}
	spin_unlock_bh(&xlb_sa_lock);
	if (ev.cmd)
		xlb_notify(&ev);
}

/* The state is being freed: it no longer points to @sa. */
void xlb_sa_unbind(struct xlb_sa *sa)
{
	xlb_sa_delete(sa);
	spin_lock_bh(&xlb_sa_lock);
	list_del_init(&sa->bound);
	spin_unlock_bh(&xlb_sa_lock);
}

/*
 * A deleted state of @dev that something still references, say an unread
 * datagram's secpath or a TCP skb on another CPU's deferred-free list,
 * holds @dev and this SA until it is freed. @dev is being unregistered
 * (and this runs again each second while it waits): where xfrm does not
 * release such states' device itself, release it here. xfrm's flush on
 * unregistration has deleted every state of @dev; a live one is left be.
 */
void xlb_sa_release_dev(struct net_device *dev)
{
	struct xfrm_state *x;
	struct xlb_sa *sa;

	if (xlb_xfrm_releases_dead_states())
		return;
	for (;;) {
		x = NULL;
		spin_lock_bh(&xlb_sa_lock);
		list_for_each_entry(sa, &xlb_sa_bound, bound) {
			if (sa->dev != dev ||
			    READ_ONCE(sa->x->km.state) != XFRM_STATE_DEAD)
				continue;
			/* At zero the state's own free is on its way. */
			if (refcount_inc_not_zero(&sa->x->refcnt)) {
				x = sa->x;
				break;
			}
		}
		spin_unlock_bh(&xlb_sa_lock);
		if (!x)
			return;
		/* Calls xdo_dev_state_free: the SA leaves xlb_sa_bound. */
		xlb_xfrm_dev_state_free(x);
		xfrm_state_put(x);
	}
}

static void xlb_sa_free_rcu(struct rcu_head *head)
{
	kfree(container_of(head, struct xlb_sa, rcu));
}

void xlb_sa_put(struct xlb_sa *sa)
{
	if (!refcount_dec_and_test(&sa->refs))
		return;
	netdev_put(sa->dev, &sa->dev_tracker);
	/* Lookups in xlb_sa_get() run under RCU. */
	call_rcu(&sa->rcu, xlb_sa_free_rcu);
}

/* Drops the SAs whose order stage has drained since they were deleted. */
void xlb_sa_reap_drained(void)
{
	struct xlb_sa *sa, *tmp;

	spin_lock_bh(&xlb_sa_lock);
	list_for_each_entry_safe(sa, tmp, &xlb_sa_draining, node) {
		if (xlb_order_depth(&sa->order))
			continue;
		list_del_init(&sa->node);
		xlb_sa_ndraining--;
		xlb_sa_put(sa);
	}
	spin_unlock_bh(&xlb_sa_lock);
}

unsigned int xlb_sa_count(void)
{
	return READ_ONCE(xlb_sa_total);
}

/*
 * Calls @fn under xlb_sa_lock for each live SA of @net (and of device
 * @ifindex unless 0), after skipping the first *@skip of them; stops at
 * the first non-zero return, which it returns. *@skip counts the SAs
 * @fn took, so that a netlink dump resumes where it stopped.
 */
int xlb_sa_for_each(const struct net *net, int ifindex, unsigned long *skip,
		    xlb_sa_visit_fn fn, void *arg)
{
	unsigned long i = 0;
	struct xlb_sa *sa;
	int err = 0;

	spin_lock_bh(&xlb_sa_lock);
	list_for_each_entry(sa, &xlb_sa_list, node) {
		if (!net_eq(dev_net(sa->dev), net) ||
		    (ifindex && sa->dev->ifindex != ifindex) || i++ < *skip)
			continue;
		err = fn(sa, arg);
		if (err)
			break;
		(*skip)++;
	}
	spin_unlock_bh(&xlb_sa_lock);
	return err;
}

static bool xlb_sa_matches(const struct xlb_sa *sa, const struct net *net,
			   const struct xlb_sa_key *key)
{
	return (!key->has_spi || sa->spi == key->spi) &&
	       (!key->id || sa->id == key->id) && net_eq(dev_net(sa->dev), net) &&
	       (!key->dir || sa->dir == key->dir) &&
	       (!key->ifindex || sa->dev->ifindex == key->ifindex) &&
	       (!key->family ||
		(sa->family == key->family &&
		 xfrm_addr_equal(&sa->x->id.daddr, &key->daddr, key->family)));
}

/*
 * Calls @fn under xlb_sa_lock for the one live SA of @net that @key names
 * and returns what it returns: -ENOENT if there is none, -ENOTUNIQ if
 * @key names several.
 */
int xlb_sa_with(const struct net *net, const struct xlb_sa_key *key,
		xlb_sa_visit_fn fn, void *arg)
{
	struct xlb_sa *sa, *found = NULL;
	int err = -ENOENT;

	spin_lock_bh(&xlb_sa_lock);
	list_for_each_entry(sa, &xlb_sa_list, node) {
		if (!xlb_sa_matches(sa, net, key))
			continue;
		if (found) {
			err = -ENOTUNIQ;
			goto out;
		}
		found = sa;
	}
	if (found)
		err = fn(found, arg);
out:
	spin_unlock_bh(&xlb_sa_lock);
	return err;
}

/* Live SAs of @net, of device @ifindex unless 0, on @cpu unless < 0. */
unsigned int xlb_sa_count_in(const struct net *net, int ifindex, int cpu)
{
	unsigned int n = 0;
	struct xlb_sa *sa;

	spin_lock_bh(&xlb_sa_lock);
	list_for_each_entry(sa, &xlb_sa_list, node)
		if (net_eq(dev_net(sa->dev), net) &&
		    (!ifindex || sa->dev->ifindex == ifindex) &&
		    (cpu < 0 || sa->cpu == cpu))
			n++;
	spin_unlock_bh(&xlb_sa_lock);
	return n;
}

const char *xlb_sa_alg(const struct xfrm_state *x)
{
	if (x->aead)
		return x->aead->alg_name;
	return x->ealg ? x->ealg->alg_name : "?";
}

/* One line per live SA; names of algorithms only, never a key. */
void xlb_sa_show_all(struct seq_file *m)
{
	struct xlb_sa *sa;

	seq_puts(m, "dev spi dir family alg auth cpu packets bytes errors drops fallbacks sprayed cost pps moves late timeouts deferred inflight\n");
	spin_lock_bh(&xlb_sa_lock);
	list_for_each_entry(sa, &xlb_sa_list, node) {
		struct xfrm_state *x = sa->x;

		seq_printf(m, "%s 0x%08x %s %s %s %s %u %lld %lld %lld %lld %lld %d %u %llu %lld %lld %lld %lld %u\n",
			   sa->dev->name, ntohl(sa->spi),
			   sa->dir == XFRM_DEV_OFFLOAD_IN ? "in" : "out",
			   sa->family == AF_INET6 ? "ipv6" : "ipv4",
			   xlb_sa_alg(x), x->aalg ? x->aalg->alg_name : "-",
			   sa->cpu,
			   atomic64_read(&sa->stats.packets),
			   atomic64_read(&sa->stats.bytes),
			   atomic64_read(&sa->stats.errors),
			   atomic64_read(&sa->stats.drops),
			   atomic64_read(&sa->stats.fallbacks),
			   sa->sprayed, sa->cost, sa->pps,
			   atomic64_read(&sa->stats.moves),
			   atomic64_read(&sa->stats.late),
			   atomic64_read(&sa->stats.timeouts),
			   atomic64_read(&sa->stats.deferred),
			   xlb_order_depth(&sa->order));
	}
	spin_unlock_bh(&xlb_sa_lock);
}

/*
 * Deleted SAs that something still holds: their state (a packet's secpath
 * keeps it), their order stage (packets still to leave in order), or both.
 * What keeps ``ip link del xlb0`` or rmmod waiting, if anything does.
 */
static void xlb_sa_show_one_gone(struct seq_file *m, const struct xlb_sa *sa)
{
	/* A dead SA's node is on xlb_sa_draining or on no list. */
	seq_printf(m, "%s 0x%08x %s %s %s %u %u\n", sa->dev->name,
		   ntohl(sa->spi), sa->dir == XFRM_DEV_OFFLOAD_IN ? "in" : "out",
		   list_empty(&sa->bound) ? "freed" : "held",
		   list_empty(&sa->node) ? "empty" : "draining",
		   refcount_read(&sa->refs), xlb_order_depth(&sa->order));
}

void xlb_sa_show_gone(struct seq_file *m)
{
	struct xlb_sa *sa;

	seq_puts(m, "dev spi dir state order refs inflight\n");
	spin_lock_bh(&xlb_sa_lock);
	/* Dead SAs on xlb_sa_draining are listed from there. */
	list_for_each_entry(sa, &xlb_sa_bound, bound)
		if (sa->dead && list_empty(&sa->node))
			xlb_sa_show_one_gone(m, sa);
	list_for_each_entry(sa, &xlb_sa_draining, node)
		xlb_sa_show_one_gone(m, sa);
	spin_unlock_bh(&xlb_sa_lock);
}

int xlb_sa_init(void)
{
	int err = xlb_sa_placement_init();

	if (err)
		return err;
	err = xlb_sa_queueing_init();
	if (err)
		xlb_sa_placement_exit();
	return err;
}

/*
 * Devices are gone by now, and with them every SA (xfrm flushes on DOWN);
 * their unregistration waited for the draining ones, which hold the device.
 */
void xlb_sa_exit(void)
{
	xlb_sa_queueing_exit();
	/* SAs freed last wait in call_rcu() for xlb_sa_free_rcu(). */
	rcu_barrier();
	xlb_sa_placement_exit();
}
