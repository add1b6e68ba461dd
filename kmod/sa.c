// SPDX-License-Identifier: GPL-2.0
/*
 * SA table and placement: a new SA goes to the online CPU serving the fewest
 * SAs, the lowest-numbered one on a tie. One SA is served by one worker, so
 * its packets stay in order.
 */

#include <linux/cpu.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "sa.h"

static LIST_HEAD(xlb_sa_list);
/* Protects xlb_sa_list, xlb_sa_per_cpu and every sa->cpu. */
static DEFINE_SPINLOCK(xlb_sa_lock);
static unsigned int *xlb_sa_per_cpu;
static unsigned int xlb_sa_total;

unsigned int xlb_pick_cpu(const unsigned int *sa_count,
			  const struct cpumask *candidates)
{
	unsigned int cpu, best = nr_cpu_ids;

	for_each_cpu(cpu, candidates)
		if (best == nr_cpu_ids || sa_count[cpu] < sa_count[best])
			best = cpu;
	return best;
}

/* Caller holds xlb_sa_lock. Returns nr_cpu_ids if no CPU qualifies. */
static unsigned int xlb_place(unsigned int exclude)
{
	cpumask_var_t candidates;
	unsigned int cpu;

	if (!zalloc_cpumask_var(&candidates, GFP_ATOMIC))
		return cpumask_first(cpu_online_mask);
	cpumask_copy(candidates, cpu_online_mask);
	if (exclude < nr_cpu_ids)
		cpumask_clear_cpu(exclude, candidates);
	cpu = xlb_pick_cpu(xlb_sa_per_cpu, candidates);
	free_cpumask_var(candidates);
	return cpu;
}

struct xlb_sa *xlb_sa_add(struct xfrm_state *x, struct net_device *dev)
{
	struct xlb_sa *sa;

	/* xfrm may call us with a spinlock held (state migration). */
	sa = kzalloc(sizeof(*sa), GFP_ATOMIC);
	if (!sa)
		return NULL;
	refcount_set(&sa->refs, 1);
	sa->x = x;
	sa->spi = x->id.spi;
	sa->dir = x->xso.dir;
	sa->family = x->props.family;
	sa->dev = dev;
	netdev_hold(dev, &sa->dev_tracker, GFP_ATOMIC);

	spin_lock_bh(&xlb_sa_lock);
	sa->cpu = xlb_place(nr_cpu_ids);
	if (sa->cpu >= nr_cpu_ids)
		sa->cpu = raw_smp_processor_id();
	xlb_sa_per_cpu[sa->cpu]++;
	xlb_sa_total++;
	list_add_tail(&sa->node, &xlb_sa_list);
	spin_unlock_bh(&xlb_sa_lock);
	return sa;
}

/* xfrm deleted the state: take the SA out of the table and placement. */
void xlb_sa_delete(struct xlb_sa *sa)
{
	spin_lock_bh(&xlb_sa_lock);
	if (!sa->dead) {
		WRITE_ONCE(sa->dead, true);
		list_del(&sa->node);
		xlb_sa_per_cpu[sa->cpu]--;
		xlb_sa_total--;
	}
	spin_unlock_bh(&xlb_sa_lock);
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

/*
 * The worker of @offline_cpu refused a packet of @sa because its CPU went
 * offline: move the SA to the best remaining CPU. Returns the CPU to use.
 */
unsigned int xlb_sa_replace(struct xlb_sa *sa, unsigned int offline_cpu)
{
	unsigned int cpu;

	spin_lock_bh(&xlb_sa_lock);
	if (!sa->dead && sa->cpu == offline_cpu) {
		cpu = xlb_place(offline_cpu);
		if (cpu < nr_cpu_ids) {
			xlb_sa_per_cpu[sa->cpu]--;
			xlb_sa_per_cpu[cpu]++;
			WRITE_ONCE(sa->cpu, cpu);
		}
	}
	cpu = sa->cpu;
	spin_unlock_bh(&xlb_sa_lock);
	return cpu;
}

/*
 * Queues @skb for @sa's worker, which calls @fn. If that worker's CPU has
 * gone offline the SA moves to the best remaining CPU and the packet goes
 * there. Returns 0, or the worker's error with @skb still the caller's.
 */
int xlb_sa_queue(struct xlb_sa *sa, struct sk_buff *skb, xlb_work_fn fn)
{
	unsigned int cpu = READ_ONCE(sa->cpu);
	int err;

	err = xlb_worker_queue(cpu, skb, fn);
	if (err == -ESHUTDOWN)
		err = xlb_worker_queue(xlb_sa_replace(sa, cpu), skb, fn);
	return err;
}

unsigned int xlb_sa_count(void)
{
	return READ_ONCE(xlb_sa_total);
}

static const char *xlb_sa_alg(const struct xfrm_state *x)
{
	if (x->aead)
		return x->aead->alg_name;
	return x->ealg ? x->ealg->alg_name : "?";
}

/* One line per SA; names of algorithms only, never a key. */
void xlb_sa_show_all(struct seq_file *m)
{
	struct xlb_sa *sa;

	seq_puts(m, "dev spi dir family alg auth cpu packets bytes errors drops fallbacks\n");
	spin_lock_bh(&xlb_sa_lock);
	list_for_each_entry(sa, &xlb_sa_list, node) {
		struct xfrm_state *x = sa->x;

		seq_printf(m, "%s 0x%08x %s %s %s %s %u %lld %lld %lld %lld %lld\n",
			   sa->dev->name, ntohl(sa->spi),
			   sa->dir == XFRM_DEV_OFFLOAD_IN ? "in" : "out",
			   sa->family == AF_INET6 ? "ipv6" : "ipv4",
			   xlb_sa_alg(x), x->aalg ? x->aalg->alg_name : "-",
			   sa->cpu,
			   atomic64_read(&sa->stats.packets),
			   atomic64_read(&sa->stats.bytes),
			   atomic64_read(&sa->stats.errors),
			   atomic64_read(&sa->stats.drops),
			   atomic64_read(&sa->stats.fallbacks));
	}
	spin_unlock_bh(&xlb_sa_lock);
}

int xlb_sa_init(void)
{
	xlb_sa_per_cpu = kcalloc(nr_cpu_ids, sizeof(*xlb_sa_per_cpu), GFP_KERNEL);
	return xlb_sa_per_cpu ? 0 : -ENOMEM;
}

/* Devices are gone by now, and with them every SA (xfrm flushes on DOWN). */
void xlb_sa_exit(void)
{
	/* SAs freed last wait in call_rcu() for xlb_sa_free_rcu(). */
	rcu_barrier();
	kfree(xlb_sa_per_cpu);
}
