// SPDX-License-Identifier: GPL-2.0
/*
 * Read-only debugfs views: the SA table (/sys/kernel/debug/xlb/sas), the
 * workers' load (/sys/kernel/debug/xlb/workers) and the deleted SAs still
 * held (/sys/kernel/debug/xlb/gone). Algorithm names, placement and
 * counters; never key material. And one test hook, hold_workers_ms: write
 * N (at most 30000) and no worker takes a packet from its queue for N ms,
 * 0 to end it; read it for the ms left.
 */

#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "sa.h"
#include "worker.h"
#include "xlb.h"

static struct dentry *xlb_debugfs_dir;

static int xlb_sas_show(struct seq_file *m, void *unused)
{
	xlb_sa_show_all(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xlb_sas);

static int xlb_gone_show(struct seq_file *m, void *unused)
{
	xlb_sa_show_gone(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xlb_gone);

static int xlb_workers_show(struct seq_file *m, void *unused)
{
	xlb_sa_show_workers(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xlb_workers);

static int xlb_hold_get(void *data, u64 *val)
{
	*val = xlb_workers_held_ms();
	return 0;
}

static int xlb_hold_set(void *data, u64 val)
{
	if (val > XLB_WORKERS_HOLD_MAX_MS)
		return -ERANGE;
	xlb_workers_hold(val);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(xlb_hold_fops, xlb_hold_get, xlb_hold_set, "%llu\n");

int xlb_debugfs_init(void)
{
	xlb_debugfs_dir = debugfs_create_dir(XLB_DRV_NAME, NULL);
	debugfs_create_file("sas", 0400, xlb_debugfs_dir, NULL, &xlb_sas_fops);
	debugfs_create_file("workers", 0400, xlb_debugfs_dir, NULL,
			    &xlb_workers_fops);
	debugfs_create_file("gone", 0400, xlb_debugfs_dir, NULL, &xlb_gone_fops);
	debugfs_create_file_unsafe("hold_workers_ms", 0600, xlb_debugfs_dir,
				   NULL, &xlb_hold_fops);
	return 0;
}

void xlb_debugfs_exit(void)
{
	debugfs_remove_recursive(xlb_debugfs_dir);
}
