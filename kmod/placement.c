// SPDX-License-Identifier: GPL-2.0
/*
 * Where each SA runs. A new SA goes where its tunnel's rule or the policy
 * says (see balance.c); once per interval xlb_sa_rebalance() measures what
 * each SA costs, sprays SAs too heavy for one worker, moves SAs off
 * hotspots and off CPUs that went offline, and has stuck order stages
 * unblocked. An SA may move at any moment: its order stage keeps its
 * packets in line across workers.
 */

#include <linux/cpu.h>
#include <linux/jhash.h>
#include <linux/math64.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "balance.h"
#include "load.h"
#include "netns.h"
#include "notify.h"
#include "params.h"
#include "sa.h"
#include "sa_table.h"
#include "tunnel.h"
#include "xlb.h"

/* SAs placed on each CPU, live ones only. Under xlb_sa_lock. */
static unsigned int *xlb_sa_per_cpu;

/*
 * Load placed on each CPU since the last sample: the expected cost of the
 * SAs placed there, so that a burst of new SAs spreads instead of piling
 * onto the worker that looked least loaded when it began.
 */
static u32 *xlb_sa_pending;

/* Whether @sa's device may not use the worker of @cpu (a container's). */
static bool xlb_sa_barred(const struct xlb_sa *sa, unsigned int cpu)
{
	return sa->cpus && !cpumask_test_cpu(cpu, sa->cpus);
}

static bool xlb_sa_may_use(const struct xlb_sa *sa, unsigned int cpu)
{
	return cpu_online(cpu) && !xlb_sa_barred(sa, cpu);
}

/*
 * Fills @w with the online CPUs other than @exclude, of @cpus unless NULL;
 * returns how many.
 * @for_new: the load that counts for a new SA, xlb's own (busy, backlog,
 * what was placed since the sample), not the CPU's other work, which at
 * SA creation is mostly the control plane installing it; else the full
 * load, for hotspots. Caller holds xlb_sa_lock.
 */
static unsigned int xlb_sa_workers(struct xlb_bal_worker *w,
				   unsigned int exclude, bool for_new,
				   const struct cpumask *cpus)
{
	struct xlb_load load;
	unsigned int cpu, n = 0;

	for_each_online_cpu(cpu) {
		if (cpu == exclude || (cpus && !cpumask_test_cpu(cpu, cpus)))
			continue;
		xlb_load_get(cpu, &load);
		w[n].cpu = cpu;
		w[n].load = for_new ? load.busy + load.backlog +
				      xlb_sa_pending[cpu] : load.load;
		w[n].sas = xlb_sa_per_cpu[cpu];
		w[n].barred = false;
		n++;
	}
	return n;
}

/* What a new SA is expected to cost: the mean of the live ones. */
static u32 xlb_sa_expected_cost(void)
{
	struct xlb_sa *sa;
	u64 sum = 0;

	list_for_each_entry(sa, &xlb_sa_list, node)
		sum += sa->cost;
	return xlb_sa_total ? div_u64(sum, xlb_sa_total) : 0;
}

/*
 * Counts what new @sa on @cpu is expected to cost until the next sample:
 * what @replaced cost, or the mean; its weight at least. Caller holds
 * xlb_sa_lock.
 */
static void xlb_sa_expect(const struct xlb_sa *sa, unsigned int cpu,
			  const struct xlb_sa *replaced)
{
	u32 cost = replaced ? replaced->cost : xlb_sa_expected_cost();

	xlb_sa_pending[cpu] += max(cost, sa->weight);
}

/* What of @sa's weight its measured cost does not show yet. */
static u32 xlb_sa_unused_weight(const struct xlb_sa *sa)
{
	return sa->weight > sa->cost ? sa->weight - sa->cost : 0;
}

/*
 * @sa leaves @cpu: its unused weight stops counting there until the next
 * sample. Caller holds xlb_sa_lock.
 */
static void xlb_sa_unexpect(const struct xlb_sa *sa, unsigned int cpu)
{
	xlb_sa_pending[cpu] -= min(xlb_sa_pending[cpu],
				   xlb_sa_unused_weight(sa));
}

/*
 * Where @sa goes when no worker it may use is online but @exclude's: a
 * container's SA stays where it is, or a new one goes to the first CPU of
 * its device. Its workers refuse its packets, which whoever sends or
 * receives them then encrypts or decrypts inline, as when a queue is
 * full, until one of those CPUs is online again.
 */
static unsigned int xlb_sa_nowhere(const struct xlb_sa *sa,
				   unsigned int exclude)
{
	if (!sa->cpus)
		return raw_smp_processor_id();
	return exclude < nr_cpu_ids ? exclude : cpumask_first(sa->cpus);
}

/* The first online CPU @sa may use, else xlb_sa_nowhere(). */
static unsigned int xlb_sa_first(const struct xlb_sa *sa, unsigned int exclude)
{
	unsigned int cpu = cpumask_first_and(sa->cpus ?: cpu_online_mask,
					     cpu_online_mask);

	return cpu < nr_cpu_ids ? cpu : xlb_sa_nowhere(sa, exclude);
}

/*
 * The worker for @sa by the current policy, among those it may use, never
 * @exclude. @replaced is the SA it replaces at rekey, or NULL. Caller
 * holds xlb_sa_lock.
 */
static unsigned int xlb_sa_place(struct xlb_sa *sa, unsigned int exclude,
				 const struct xlb_sa *replaced)
{
	struct xlb_bal_worker *w;
	unsigned int n, i, cpu;
	int replaces = -1;

	w = kmalloc_array(nr_cpu_ids, sizeof(*w), GFP_ATOMIC);
	if (!w)
		return xlb_sa_first(sa, exclude);
	n = xlb_sa_workers(w, exclude, true, sa->cpus);
	if (!n) {
		kfree(w);
		return xlb_sa_nowhere(sa, exclude);
	}
	for (i = 0; replaced && i < n; i++)
		if (w[i].cpu == replaced->cpu)
			replaces = i;
	i = xlb_bal_place(xlb_net_param(xlb_net(dev_net(sa->dev)),
					XLB_NET_POLICY), w, n,
			  jhash_1word((__force u32)sa->spi, 0), replaces,
			  replaced ? replaced->cost : 0);
	cpu = w[i].cpu;
	kfree(w);
	xlb_sa_expect(sa, cpu, replaced);
	return cpu;
}

/* Moves @sa to @cpu. Caller holds xlb_sa_lock. */
static void xlb_sa_move(struct xlb_sa *sa, unsigned int cpu)
{
	xlb_sa_unexpect(sa, sa->cpu);
	xlb_sa_pending[cpu] += xlb_sa_unused_weight(sa);
	xlb_sa_per_cpu[sa->cpu]--;
	xlb_sa_per_cpu[cpu]++;
	WRITE_ONCE(sa->cpu, cpu);
}

/*
 * Moves @sa off a CPU that went offline, unpinning it, and fills @ev.
 * False if no worker @sa may use is online: it stays, as it was. Caller
 * holds xlb_sa_lock.
 */
static bool xlb_sa_evacuate(struct xlb_sa *sa, unsigned int cpu,
			    struct xlb_event *ev)
{
	unsigned int from = sa->cpu, to = xlb_sa_place(sa, cpu, NULL);

	if (to == from)
		return false;
	sa->pinned = false;
	xlb_sa_move(sa, to);
	xlb_sa_event(ev, sa, XLB_CMD_SA_MIGRATED_NTF, from, to,
		     XLB_REASON_OFFLINE);
	return true;
}

/*
 * Places new @sa: where its tunnel's rule says if it has one and names an
 * online worker @sa may use, else with the SA it replaces if that one is
 * pinned (the operator pinned a tunnel, not an SPI), else by policy. The
 * spray mode comes from the rule, else from the SA replaced. Returns the
 * reason for the event.
 */
static u8 xlb_sa_choose(struct xlb_sa *sa, const struct xlb_sa *replaced,
			const struct xlb_tunnel_rule *rule)
{
	u8 reason = replaced ? XLB_REASON_REKEY : XLB_REASON_NEW;

	if (replaced) {
		sa->spray_mode = replaced->spray_mode;
		sa->weight = replaced->weight;
	}
	if (rule && rule->has_spray)
		sa->spray_mode = rule->spray_mode;
	if (rule && rule->weight)
		sa->weight = rule->weight;
	if (rule && rule->has_worker && xlb_sa_may_use(sa, rule->worker)) {
		sa->cpu = rule->worker;
		sa->pinned = rule->pinned;
		xlb_sa_expect(sa, sa->cpu, replaced);
		return XLB_REASON_TUNNEL;
	}
	if (replaced && replaced->pinned && xlb_sa_may_use(sa, replaced->cpu) &&
	    sa->spray_mode != XLB_SPRAY_ON) {
		sa->cpu = replaced->cpu;
		sa->pinned = true;
		return reason;
	}
	sa->cpu = xlb_sa_place(sa, nr_cpu_ids, replaced);
	return reason;
}

/* Places new @sa (see xlb_sa_choose()). Caller holds xlb_sa_lock. */
u8 xlb_sa_place_new(struct xlb_sa *sa, const struct xlb_sa *replaced,
		    const struct xlb_tunnel_rule *rule)
{
	u8 reason = xlb_sa_choose(sa, replaced, rule);

	sa->spray_cpu = sa->cpu;
	xlb_sa_per_cpu[sa->cpu]++;
	return reason;
}

/* Deleted @sa no longer counts where it was. Caller holds xlb_sa_lock. */
void xlb_sa_unplace(struct xlb_sa *sa)
{
	xlb_sa_unexpect(sa, sa->cpu);
	xlb_sa_per_cpu[sa->cpu]--;
}

/*
 * A worker refused a packet of @sa because @cpu went offline: move the SA
 * now rather than at the next interval. Returns the CPU to use.
 */
unsigned int xlb_sa_flee(struct xlb_sa *sa, unsigned int cpu)
{
	struct xlb_event ev = {};

	/* Nowhere to go: not worth the table lock for every packet. */
	if (sa->cpus && !cpumask_intersects(sa->cpus, cpu_online_mask))
		return cpu;
	spin_lock_bh(&xlb_sa_lock);
	if (!sa->dead && sa->cpu == cpu)
		xlb_sa_evacuate(sa, cpu, &ev);
	cpu = sa->cpu;
	spin_unlock_bh(&xlb_sa_lock);
	if (ev.cmd)
		xlb_notify(&ev);
	return cpu;
}

/* Updates @sa's cost and rate over the last @interval_ns. */
static void xlb_sa_measure(struct xlb_sa *sa, u64 interval_ns,
			   unsigned int weight)
{
	u64 cost_ns = atomic64_read(&sa->cost_ns);
	u64 packets = atomic64_read(&sa->stats.packets);

	sa->cost = xlb_ewma(sa->cost, xlb_share(cost_ns - sa->cost_ns_seen,
						interval_ns), weight);
	sa->pps = xlb_ewma64(sa->pps, div64_u64((packets - sa->packets_seen) *
						NSEC_PER_SEC, interval_ns),
			     weight);
	sa->cost_ns_seen = cost_ns;
	sa->packets_seen = packets;
}

/* What one rebalancing pass works on, allocated outside the lock. */
struct xlb_sa_pass {
	struct xlb_bal_worker *w;
	/* Each worker's load as sampled, before any planned move. */
	u32 *sampled;
	int *worker_of_cpu;
	struct xlb_bal_sa *bal;
	/* Movable this interval, whatever the namespace being planned. */
	bool *movable;
	bool *todo;
	struct xlb_bal_move *moves;
	/* Every SA in the pass, live ones first, each with a reference. */
	struct xlb_sa **sas;
	unsigned int cap;
	/* Events to send once xlb_sa_lock is dropped. */
	struct xlb_event *ev;
	unsigned int nev;
	unsigned int ev_cap;
};

static void xlb_sa_pass_free(struct xlb_sa_pass *p)
{
	kfree(p->w);
	kfree(p->sampled);
	kfree(p->worker_of_cpu);
	kfree(p->bal);
	kfree(p->movable);
	kfree(p->todo);
	kfree(p->moves);
	kfree(p->sas);
	kfree(p->ev);
}

static int xlb_sa_pass_alloc(struct xlb_sa_pass *p, unsigned int cap)
{
	p->cap = cap;
	p->nev = 0;
	/* Each SA moves at most twice a pass; a hotspot per worker and net. */
	p->ev_cap = 2 * cap + 4 * nr_cpu_ids;
	p->w = kcalloc(nr_cpu_ids, sizeof(*p->w), GFP_KERNEL);
	p->sampled = kcalloc(nr_cpu_ids, sizeof(*p->sampled), GFP_KERNEL);
	p->worker_of_cpu = kcalloc(nr_cpu_ids, sizeof(int), GFP_KERNEL);
	p->bal = kcalloc(cap, sizeof(*p->bal), GFP_KERNEL);
	p->movable = kcalloc(cap, sizeof(*p->movable), GFP_KERNEL);
	p->todo = kcalloc(cap, sizeof(*p->todo), GFP_KERNEL);
	p->moves = kcalloc(64, sizeof(*p->moves), GFP_KERNEL);
	p->sas = kcalloc(cap, sizeof(*p->sas), GFP_KERNEL);
	p->ev = kcalloc(p->ev_cap, sizeof(*p->ev), GFP_KERNEL);
	if (p->w && p->sampled && p->worker_of_cpu && p->bal && p->movable &&
	    p->todo && p->moves && p->sas && p->ev)
		return 0;
	xlb_sa_pass_free(p);
	return -ENOMEM;
}

/* Room for one more event in @p, or NULL. */
static struct xlb_event *xlb_sa_pass_event(struct xlb_sa_pass *p)
{
	return p->nev < p->ev_cap ? &p->ev[p->nev++] : NULL;
}

/* Whether @sa is sprayed this interval. */
static bool xlb_sa_spraying(const struct xlb_sa *sa, const struct xlb_net *xn)
{
	if (sa->pinned || sa->spray_mode == XLB_SPRAY_OFF)
		return false;
	if (sa->spray_mode == XLB_SPRAY_ON)
		return true;
	return xlb_net_param(xn, XLB_NET_POLICY) != XLB_POLICY_HASH &&
	       xlb_bal_spray(sa->sprayed, sa->cost,
			     xlb_net_param(xn, XLB_NET_SPRAY_SHARE));
}

/*
 * Notes the workers of @n that crossed @xn's hotspot threshold since the
 * last pass. Caller holds xlb_sa_lock.
 */
static void xlb_sa_note_hotspots(struct xlb_sa_pass *p, unsigned int n,
				 struct net *net, struct xlb_net *xn,
				 u32 hotspot)
{
	struct xlb_event *ev;
	unsigned int i, cpu;

	for (i = 0; i < n; i++) {
		cpu = p->w[i].cpu;
		/* A container hears only of the workers it may use. */
		if (p->w[i].barred)
			continue;
		if (p->sampled[i] <= hotspot) {
			cpumask_clear_cpu(cpu, xn->hot);
			continue;
		}
		if (cpumask_test_and_set_cpu(cpu, xn->hot))
			continue;
		ev = xlb_sa_pass_event(p);
		if (ev)
			*ev = (struct xlb_event) {
				.cmd = XLB_CMD_HOTSPOT_NTF, .net = net,
				.to = cpu, .load = p->sampled[i],
				.hotspot = hotspot,
			};
	}
}

/*
 * Whether @a and @b are planned together: of one namespace, and may use
 * the same workers (a container's devices may each have their own).
 */
static bool xlb_sa_plan_mates(const struct xlb_sa *a, const struct xlb_sa *b)
{
	if (!net_eq(dev_net(a->dev), dev_net(b->dev)))
		return false;
	if (!a->cpus || !b->cpus)
		return a->cpus == b->cpus;
	return cpumask_equal(a->cpus, b->cpus);
}

/* Bars the first @n workers of @p that SAs confined to @cpus may not use. */
static void xlb_sa_bar_workers(struct xlb_sa_pass *p, unsigned int n,
			       const struct cpumask *cpus)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		p->w[i].barred = cpus && !cpumask_test_cpu(p->w[i].cpu, cpus);
}

/*
 * Plans and makes the hotspot moves of the first @m SAs in @p, one
 * namespace at a time (and one set of workers: a container's SAs move
 * only among those they may use), each by its own policy; a namespace's
 * moves leave the loads the next one plans with. Caller holds xlb_sa_lock.
 */
static void xlb_sa_plan_moves(struct xlb_sa_pass *p, unsigned int n,
			      unsigned int m, unsigned long tick)
{
	unsigned int first, i, j, nmoves, cooldown, from;
	struct xlb_event *ev;
	struct xlb_net *xn;
	struct xlb_sa *sa;
	struct net *net;
	u32 hotspot;

	memset(p->todo, 1, m * sizeof(*p->todo));
	for (first = 0; first < m; first++) {
		if (!p->todo[first])
			continue;
		net = dev_net(p->sas[first]->dev);
		xn = xlb_net(net);
		for (j = 0; j < m; j++) {
			bool mine = xlb_sa_plan_mates(p->sas[j], p->sas[first]);

			if (mine)
				p->todo[j] = false;
			p->bal[j].movable = mine && p->movable[j];
		}
		xlb_sa_bar_workers(p, n, p->sas[first]->cpus);
		if (n < 2 ||
		    xlb_net_param(xn, XLB_NET_POLICY) != XLB_POLICY_ADAPTIVE)
			continue;
		hotspot = xlb_net_param(xn, XLB_NET_HOTSPOT);
		cooldown = xlb_net_param(xn, XLB_NET_COOLDOWN);
		xlb_sa_note_hotspots(p, n, net, xn, hotspot);
		nmoves = xlb_bal_plan(p->w, n, p->bal, m, hotspot,
				      min(xlb_net_param(xn, XLB_NET_MAX_MOVES),
					  64U),
				      p->moves);
		for (i = 0; i < nmoves; i++) {
			sa = p->sas[p->moves[i].sa];
			from = sa->cpu;
			xlb_sa_move(sa, p->w[p->moves[i].to].cpu);
			p->bal[p->moves[i].sa].worker = p->moves[i].to;
			sa->move_streak = xlb_bal_streak(tick, sa->moved_tick,
							 cooldown,
							 sa->move_streak);
			sa->moved_tick = tick;
			atomic64_inc(&sa->stats.moves);
			ev = xlb_sa_pass_event(p);
			if (ev)
				xlb_sa_event(ev, sa, XLB_CMD_SA_MIGRATED_NTF,
					     from, sa->cpu, XLB_REASON_HOTSPOT);
		}
	}
}

/* Decides placement for this interval. Caller holds xlb_sa_lock. */
static unsigned int xlb_sa_plan(struct xlb_sa_pass *p, unsigned long tick,
				u64 interval_ns)
{
	unsigned int weight = xlb_param(ewma_weight);
	struct xlb_event *ev, moved;
	unsigned int n, m = 0, i;
	struct xlb_net *xn;
	struct xlb_sa *sa;

	n = xlb_sa_workers(p->w, nr_cpu_ids, false, NULL);
	/* The sample just taken sees what was placed before it. */
	memset(xlb_sa_pending, 0, nr_cpu_ids * sizeof(*xlb_sa_pending));
	for (i = 0; i < nr_cpu_ids; i++)
		p->worker_of_cpu[i] = -1;
	for (i = 0; i < n; i++) {
		p->worker_of_cpu[p->w[i].cpu] = i;
		p->sampled[i] = p->w[i].load;
	}

	list_for_each_entry(sa, &xlb_sa_list, node) {
		if (m == p->cap)
			break;
		xn = xlb_net(dev_net(sa->dev));
		xlb_sa_measure(sa, interval_ns, weight);
		xlb_sa_pending[sa->cpu] += xlb_sa_unused_weight(sa);
		WRITE_ONCE(sa->sprayed, xlb_sa_spraying(sa, xn));
		if (n && p->worker_of_cpu[sa->cpu] < 0 &&
		    xlb_sa_evacuate(sa, sa->cpu, &moved)) {
			ev = xlb_sa_pass_event(p);
			if (ev)
				*ev = moved;
		}
		p->bal[m].worker = max(p->worker_of_cpu[sa->cpu], 0);
		p->bal[m].cost = sa->cost;
		/* Still offline (a container's, nowhere to go): not moved. */
		p->movable[m] = p->worker_of_cpu[sa->cpu] >= 0 &&
				!sa->sprayed && !sa->pinned &&
				xlb_bal_cooled(tick, sa->moved_tick,
					       xlb_net_param(xn, XLB_NET_COOLDOWN),
					       sa->move_streak);
		refcount_inc(&sa->refs);
		p->sas[m++] = sa;
	}
	xlb_sa_plan_moves(p, n, m, tick);
	list_for_each_entry(sa, &xlb_sa_draining, node) {
		if (m == p->cap)
			break;
		refcount_inc(&sa->refs);
		p->sas[m++] = sa;
	}
	return m;
}

/*
 * Once per interval, from the balancer's work item, after the load sample.
 * @tick counts intervals.
 */
void xlb_sa_rebalance(unsigned long tick, u64 interval_ns)
{
	unsigned long timeout = msecs_to_jiffies(xlb_param(order_timeout_ms));
	struct xlb_sa_pass p;
	unsigned int m, i;

	if (xlb_sa_pass_alloc(&p, READ_ONCE(xlb_sa_total) +
			      READ_ONCE(xlb_sa_ndraining) + 16))
		return;
	spin_lock_bh(&xlb_sa_lock);
	m = xlb_sa_plan(&p, tick, interval_ns);
	spin_unlock_bh(&xlb_sa_lock);

	/* The SAs' references keep their devices, and so their nets, here. */
	for (i = 0; i < p.nev; i++)
		xlb_notify(&p.ev[i]);

	/* Outside the lock: releasing a packet may delete an SA. */
	for (i = 0; i < m; i++)
		xlb_sa_expire(p.sas[i], timeout);
	xlb_sa_reap_drained();

	for (i = 0; i < m; i++)
		xlb_sa_put(p.sas[i]);
	xlb_sa_pass_free(&p);
}

/*
 * Pins @sa to @cpu's worker: it stays there, neither sprayed nor moved,
 * until unpinned or the CPU goes offline. Fills @ev if it moved, else
 * clears it. Caller holds xlb_sa_lock (xlb_sa_with()). -EBUSY: the
 * operator asked for it to be sprayed. -EPERM: @sa's device may not use
 * @cpu (a container's).
 */
int xlb_sa_pin(struct xlb_sa *sa, unsigned int cpu, struct xlb_event *ev)
{
	unsigned int from = sa->cpu;

	lockdep_assert_held(&xlb_sa_lock);
	if (xlb_sa_barred(sa, cpu))
		return -EPERM;
	if (sa->spray_mode == XLB_SPRAY_ON)
		return -EBUSY;
	memset(ev, 0, sizeof(*ev));
	sa->pinned = true;
	WRITE_ONCE(sa->sprayed, false);
	if (cpu != from) {
		xlb_sa_move(sa, cpu);
		xlb_sa_event(ev, sa, XLB_CMD_SA_MIGRATED_NTF, from, cpu,
			     XLB_REASON_PIN);
	}
	return 0;
}

/* Caller holds xlb_sa_lock (xlb_sa_with()). */
void xlb_sa_unpin(struct xlb_sa *sa)
{
	lockdep_assert_held(&xlb_sa_lock);
	sa->pinned = false;
}

/*
 * Sets how @sa is sprayed: on and off at once, auto from the next interval.
 * Caller holds xlb_sa_lock (xlb_sa_with()). -EBUSY: on, but pinned.
 */
int xlb_sa_set_spray(struct xlb_sa *sa, u8 mode)
{
	lockdep_assert_held(&xlb_sa_lock);
	if (mode == XLB_SPRAY_ON && sa->pinned)
		return -EBUSY;
	sa->spray_mode = mode;
	if (mode != XLB_SPRAY_AUTO)
		WRITE_ONCE(sa->sprayed, mode == XLB_SPRAY_ON);
	return 0;
}

/* One line per online worker: its load, its parts, and what it serves. */
void xlb_sa_show_workers(struct seq_file *m)
{
	struct xlb_worker_stats ws;
	struct xlb_load load;
	unsigned int cpu;

	seq_printf(m, "policy %s hotspot %u spray %u\n",
		   xlb_policy_name(xlb_param(policy)), xlb_param(hotspot),
		   xlb_param(spray_share));
	seq_puts(m, "cpu load busy other backlog pps bps processed depth sas\n");
	for_each_online_cpu(cpu) {
		xlb_load_get(cpu, &load);
		xlb_worker_stats(cpu, &ws);
		seq_printf(m, "%u %u %u %u %u %llu %llu %lu %u %u\n", cpu,
			   load.load, load.busy, load.other, load.backlog,
			   load.pps, load.bps, ws.processed, ws.depth,
			   READ_ONCE(xlb_sa_per_cpu[cpu]));
	}
}

int xlb_sa_placement_init(void)
{
	xlb_sa_per_cpu = kcalloc(nr_cpu_ids, sizeof(*xlb_sa_per_cpu), GFP_KERNEL);
	xlb_sa_pending = kcalloc(nr_cpu_ids, sizeof(*xlb_sa_pending), GFP_KERNEL);
	if (xlb_sa_per_cpu && xlb_sa_pending)
		return 0;
	xlb_sa_placement_exit();
	return -ENOMEM;
}

void xlb_sa_placement_exit(void)
{
	kfree(xlb_sa_pending);
	kfree(xlb_sa_per_cpu);
}
