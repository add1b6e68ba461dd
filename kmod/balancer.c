// SPDX-License-Identifier: GPL-2.0
/*
 * The balancer's clock: every interval_ms, sample the workers' load, then
 * let placement measure, spray, move and unblock (xlb_sa_rebalance()).
 * One work item on the system workqueue; it also runs while no device
 * exists, because deleted SAs may still be draining.
 */

#include <linux/jiffies.h>
#include <linux/sched/clock.h>
#include <linux/workqueue.h>

#include "load.h"
#include "notify.h"
#include "params.h"
#include "sa.h"
#include "xlb.h"

static struct delayed_work xlb_balancer_work;
/* The CPUs online at the last pass, to tell of those that came or went. */
static struct cpumask xlb_balancer_online;
static unsigned long xlb_balancer_tick;
static u64 xlb_balancer_last_ns;

static void xlb_balancer_hotplug(void)
{
	struct xlb_event ev = {};
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		bool online = cpu_online(cpu);

		if (online == cpumask_test_cpu(cpu, &xlb_balancer_online))
			continue;
		ev.cmd = online ? XLB_CMD_WORKER_ONLINE_NTF :
				  XLB_CMD_WORKER_OFFLINE_NTF;
		ev.to = cpu;
		xlb_notify(&ev);
		if (online)
			cpumask_set_cpu(cpu, &xlb_balancer_online);
		else
			cpumask_clear_cpu(cpu, &xlb_balancer_online);
	}
}

static void xlb_balancer_run(struct work_struct *work)
{
	u64 now = local_clock();

	xlb_balancer_hotplug();
	xlb_load_sample_all(now);
	xlb_sa_rebalance(++xlb_balancer_tick, now - xlb_balancer_last_ns);
	xlb_balancer_last_ns = now;
	schedule_delayed_work(&xlb_balancer_work,
			      msecs_to_jiffies(xlb_param(interval_ms)));
}

void xlb_balancer_start(void)
{
	INIT_DELAYED_WORK(&xlb_balancer_work, xlb_balancer_run);
	cpumask_copy(&xlb_balancer_online, cpu_online_mask);
	xlb_balancer_last_ns = local_clock();
	xlb_load_sample_all(xlb_balancer_last_ns);
	schedule_delayed_work(&xlb_balancer_work,
			      msecs_to_jiffies(xlb_param(interval_ms)));
}

void xlb_balancer_stop(void)
{
	cancel_delayed_work_sync(&xlb_balancer_work);
}
