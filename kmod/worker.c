// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU worker threads on the kernel's hotplug-aware smpboot facility:
 * a thread exists for every online CPU, parks when its CPU goes offline and
 * resumes when it comes back.
 */

#include <linux/bottom_half.h>
#include <linux/cpu.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/smpboot.h>

#include "worker.h"

/* Packets a worker finishes before it lets the scheduler in. */
#define XLB_WORKER_BATCH 64

struct xlb_worker {
	struct xlb_queue queue;
	struct task_struct *task;
	atomic_long_t processed;
	atomic_long_t handed;
	/* Written by the worker only, read by the load sampler. */
	u64 bytes;
	u64 busy_ns;
};

static DEFINE_PER_CPU(struct xlb_worker, xlb_workers);

/*
 * A test's hold (debugfs hold_workers_ms): until this jiffy no worker takes
 * a packet from its queue, so a burst is all admitted before any of it is
 * crypted, deterministically, whatever the scheduler does. Bounded, and
 * never applied to a CPU going offline or to the module's exit, which
 * drain their queues regardless.
 */
static unsigned long xlb_workers_hold_until;
static bool xlb_workers_holding;
static struct timer_list xlb_workers_hold_timer;

static bool xlb_workers_held(void)
{
	return READ_ONCE(xlb_workers_holding) &&
	       time_before(jiffies, READ_ONCE(xlb_workers_hold_until));
}

static int xlb_worker_should_run(unsigned int cpu)
{
	return !xlb_workers_held() &&
	       !xlb_queue_empty(&per_cpu(xlb_workers, cpu).queue);
}

/* Runs up to @budget packets; returns how many it ran. */
static int xlb_worker_run(struct xlb_worker *w, int budget)
{
	struct sk_buff *skb;
	int done = 0;
	u64 start;

	local_bh_disable();
	start = local_clock();
	while (done < budget && (skb = xlb_queue_pop(&w->queue))) {
		/* Counted first: @fn may be what someone waits on. */
		if (xlb_work_cb(skb)->handoff) {
			atomic_long_inc(&w->handed);
		} else {
			WRITE_ONCE(w->bytes, w->bytes + skb->len);
			atomic_long_inc(&w->processed);
		}
		xlb_work_cb(skb)->fn(skb);
		done++;
	}
	/*
	 * Before bottom halves run again: the softirqs our packets raised
	 * (a veth peer's receive, say) are the CPU's other load, not ours.
	 */
	if (done)
		WRITE_ONCE(w->busy_ns, w->busy_ns + local_clock() - start);
	local_bh_enable();
	return done;
}

static void xlb_worker_fn(unsigned int cpu)
{
	xlb_worker_run(per_cpu_ptr(&xlb_workers, cpu), XLB_WORKER_BATCH);
	cond_resched();
}

static void xlb_worker_setup(unsigned int cpu)
{
	xlb_queue_start(&per_cpu(xlb_workers, cpu).queue);
}

/*
 * The CPU is going offline: refuse new packets, then finish every packet
 * already queued here, on this CPU, so none is stranded on a queue nobody
 * serves.
 */
static void xlb_worker_park(unsigned int cpu)
{
	struct xlb_worker *w = per_cpu_ptr(&xlb_workers, cpu);

	xlb_queue_stop(&w->queue);
	while (xlb_worker_run(w, XLB_WORKER_BATCH))
		cond_resched();
}

/*
 * The module is unloading: the threads are stopped without being parked.
 * Every device, and with it every SA a packet could belong to, is gone by
 * then, so the queues should be empty; finish whatever is not, all the same.
 */
static void xlb_worker_cleanup(unsigned int cpu, bool online)
{
	if (online)
		xlb_worker_park(cpu);
}

static struct smp_hotplug_thread xlb_worker_threads = {
	.store			= &xlb_workers.task,
	.thread_should_run	= xlb_worker_should_run,
	.thread_fn		= xlb_worker_fn,
	.setup			= xlb_worker_setup,
	.park			= xlb_worker_park,
	.cleanup		= xlb_worker_cleanup,
	.unpark			= xlb_worker_setup,
	.thread_comm		= "xlb/%u",
};

static int xlb_worker_push(unsigned int cpu, struct sk_buff *skb,
			   xlb_work_fn fn, bool handoff)
{
	struct xlb_worker *w = per_cpu_ptr(&xlb_workers, cpu);
	int err;

	xlb_work_cb(skb)->fn = fn;
	xlb_work_cb(skb)->handoff = handoff;
	err = xlb_queue_push(&w->queue, skb);
	if (!err)
		wake_up_process(w->task);
	return err;
}

/*
 * Queues @skb for the worker on @cpu, which will call @fn(@skb). Returns 0,
 * or -ENOSPC (queue full) or -ESHUTDOWN (CPU offline); then @skb is still
 * the caller's.
 */
int xlb_worker_queue(unsigned int cpu, struct sk_buff *skb, xlb_work_fn fn)
{
	return xlb_worker_push(cpu, skb, fn, false);
}

/*
 * The same for a packet whose crypto is over and that must be passed on
 * from @cpu, behind what was queued there before. Counted apart
 * (handed), so that a worker's packets stay the ones it crypted.
 */
int xlb_worker_handoff(unsigned int cpu, struct sk_buff *skb, xlb_work_fn fn)
{
	return xlb_worker_push(cpu, skb, fn, true);
}

/*
 * The hold is over: every worker looks at its queue again. A timer cannot
 * take the hotplug lock; the threads exist from registration to
 * unregistration (parked while their CPU is offline, and a wake leaves
 * them parked), and the exit stops the timer first.
 */
static void xlb_workers_wake(struct timer_list *unused)
{
	struct task_struct *task;
	unsigned int cpu;

	WRITE_ONCE(xlb_workers_holding, false);
	for_each_possible_cpu(cpu) {
		task = READ_ONCE(per_cpu(xlb_workers, cpu).task);
		if (task)
			wake_up_process(task);
	}
}

/* Holds every worker for @ms (at most 30 s), or ends a hold if 0. */
void xlb_workers_hold(unsigned int ms)
{
	ms = min(ms, XLB_WORKERS_HOLD_MAX_MS);
	if (!ms) {
		timer_delete_sync(&xlb_workers_hold_timer);
		xlb_workers_wake(NULL);
		return;
	}
	WRITE_ONCE(xlb_workers_hold_until, jiffies + msecs_to_jiffies(ms));
	WRITE_ONCE(xlb_workers_holding, true);
	mod_timer(&xlb_workers_hold_timer, READ_ONCE(xlb_workers_hold_until) + 1);
}

unsigned int xlb_workers_held_ms(void)
{
	return xlb_workers_held() ?
	       jiffies_to_msecs(READ_ONCE(xlb_workers_hold_until) - jiffies) : 0;
}

void xlb_worker_stats(unsigned int cpu, struct xlb_worker_stats *stats)
{
	struct xlb_worker *w = per_cpu_ptr(&xlb_workers, cpu);
	unsigned long processed = atomic_long_read(&w->processed);
	unsigned long handed = atomic_long_read(&w->handed);

	stats->pushed = atomic_long_read(&w->queue.pushed);
	stats->refused = atomic_long_read(&w->queue.refused);
	stats->processed = processed;
	stats->handed = handed;
	stats->bytes = READ_ONCE(w->bytes);
	stats->busy_ns = READ_ONCE(w->busy_ns);
	stats->capacity = xlb_queue_capacity(&w->queue);
	/* The counters are read apart, so a racing push may not be counted yet. */
	processed += handed;
	stats->depth = stats->pushed > processed ? stats->pushed - processed : 0;
}

/* Destroys the queues of the possible CPUs below @end. */
static void xlb_workers_free(unsigned int end)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		if (cpu >= end)
			break;
		xlb_queue_destroy(per_cpu_ptr(&xlb_workers.queue, cpu));
	}
}

int xlb_workers_init(unsigned int queue_len)
{
	unsigned int cpu;
	int err;

	/* Queues exist for every possible CPU so hotplug never allocates. */
	for_each_possible_cpu(cpu) {
		struct xlb_worker *w = per_cpu_ptr(&xlb_workers, cpu);

		atomic_long_set(&w->processed, 0);
		atomic_long_set(&w->handed, 0);
		err = xlb_queue_init(&w->queue, queue_len, GFP_KERNEL);
		if (err) {
			xlb_workers_free(cpu);
			return err;
		}
	}

	timer_setup(&xlb_workers_hold_timer, xlb_workers_wake, 0);
	err = smpboot_register_percpu_thread(&xlb_worker_threads);
	if (err)
		xlb_workers_free(nr_cpu_ids);
	return err;
}

void xlb_workers_exit(void)
{
	timer_delete_sync(&xlb_workers_hold_timer);
	WRITE_ONCE(xlb_workers_holding, false);
	smpboot_unregister_percpu_thread(&xlb_worker_threads);
	xlb_workers_free(nr_cpu_ids);
}
