// SPDX-License-Identifier: GPL-2.0
/*
 * Tunnels' placement rules (tunnel.h). Each namespace keeps its rules in an
 * xarray indexed by reqid. The SA table looks a rule up when an SA is
 * offloaded, which may be in atomic context, so lookups take only RCU and
 * replaced rules are freed after a grace period.
 */

#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "netns.h"
#include "tunnel.h"

unsigned int xlb_tunnel_rules_max __read_mostly = XLB_TUNNEL_RULES_MAX;

struct xlb_tunnel_entry {
	struct xlb_tunnel_rule rule;
	struct rcu_head rcu;
};

void xlb_tunnels_init(struct xlb_tunnels *t)
{
	xa_init(&t->rules);
	mutex_init(&t->lock);
	t->count = 0;
}

/* The namespace is going away: nobody looks its rules up any more. */
void xlb_tunnels_free(struct xlb_tunnels *t)
{
	struct xlb_tunnel_entry *e;
	unsigned long reqid;

	xa_for_each(&t->rules, reqid, e)
		kfree_rcu(e, rcu);
	xa_destroy(&t->rules);
	mutex_destroy(&t->lock);
}

/* Sets or replaces the rule of @rule->reqid. -ENOSPC: too many rules. */
int xlb_tunnel_set(const struct net *net, const struct xlb_tunnel_rule *rule)
{
	struct xlb_tunnels *t = &xlb_net(net)->tunnels;
	struct xlb_tunnel_entry *e, *old;
	int err = 0;

	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	e->rule = *rule;
	mutex_lock(&t->lock);
	if (!xa_load(&t->rules, rule->reqid) &&
	    t->count >= READ_ONCE(xlb_tunnel_rules_max)) {
		err = -ENOSPC;
		goto out;
	}
	old = xa_store(&t->rules, rule->reqid, e, GFP_KERNEL);
	if (xa_is_err(old)) {
		err = xa_err(old);
		goto out;
	}
	e = NULL;
	if (old)
		kfree_rcu(old, rcu);
	else
		t->count++;
out:
	mutex_unlock(&t->lock);
	kfree(e);
	return err;
}

/* Removes the rule of @reqid; -ENOENT if there is none. */
int xlb_tunnel_del(const struct net *net, u32 reqid)
{
	struct xlb_tunnels *t = &xlb_net(net)->tunnels;
	struct xlb_tunnel_entry *e;

	mutex_lock(&t->lock);
	e = xa_erase(&t->rules, reqid);
	if (e)
		t->count--;
	mutex_unlock(&t->lock);
	if (!e)
		return -ENOENT;
	kfree_rcu(e, rcu);
	return 0;
}

/* Copies the rule of @reqid to @rule; false if there is none. Any context. */
bool xlb_tunnel_find(const struct net *net, u32 reqid,
		     struct xlb_tunnel_rule *rule)
{
	struct xlb_tunnel_entry *e;
	bool found = false;

	if (!reqid)
		return false;
	rcu_read_lock();
	e = xa_load(&xlb_net(net)->tunnels.rules, reqid);
	if (e) {
		*rule = e->rule;
		found = true;
	}
	rcu_read_unlock();
	return found;
}

/*
 * Calls @fn for each rule of @net from reqid *@next_reqid up, in reqid
 * order, until it returns non-zero; *@next_reqid is then where to go on.
 */
int xlb_tunnel_for_each(const struct net *net, unsigned long *next_reqid,
			xlb_tunnel_visit_fn fn, void *arg)
{
	struct xlb_tunnel_entry *e;
	unsigned long reqid;
	int err = 0;

	rcu_read_lock();
	xa_for_each_start(&xlb_net(net)->tunnels.rules, reqid, e, *next_reqid) {
		err = fn(&e->rule, arg);
		if (err)
			break;
		*next_reqid = reqid + 1;
	}
	rcu_read_unlock();
	return err;
}
