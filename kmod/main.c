// SPDX-License-Identifier: GPL-2.0
/*
 * xlb: spreads IPsec ESP crypto over per-CPU workers, as an XFRM
 * crypto-offload device. See Documentation/networking/xlb.rst.
 */

#include <linux/module.h>
#include <linux/xlb.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>

#include "esp.h"
#include "load.h"
#include "netns.h"
#include "sa.h"
#include "worker.h"
#include "xlb.h"

static unsigned int queue_len = 1024;
module_param(queue_len, uint, 0444);
MODULE_PARM_DESC(queue_len, "Packets each per-CPU worker queue holds (16-65536, default 1024)");

static int __init xlb_module_init(void)
{
	int err;

	if (queue_len < 16 || queue_len > 65536) {
		pr_err("xlb: queue_len %u out of range 16-65536\n", queue_len);
		return -EINVAL;
	}

	err = xlb_sa_init();
	if (err)
		return err;
	err = xlb_load_init();
	if (err)
		goto err_sa;
	err = xlb_workers_init(queue_len);
	if (err)
		goto err_load;
	err = xlb_netns_init();
	if (err)
		goto err_workers;
	/* Before anything that sends events: devices and the balancer. */
	err = xlb_genl_init();
	if (err)
		goto err_netns;
	xlb_balancer_start();
	xlb_debugfs_init();
	err = xlb_device_init();
	if (err)
		goto err_genl;
	return 0;

err_genl:
	xlb_debugfs_exit();
	xlb_balancer_stop();
	xlb_genl_exit();
err_netns:
	xlb_netns_exit();
err_workers:
	xlb_workers_exit();
err_load:
	xlb_load_exit();
err_sa:
	xlb_sa_exit();
	return err;
}

/*
 * The ESP GRO handler first, so that no packet is steered to a device about
 * to go. Then devices: they are the producers of the workers' queues, and their
 * unregistration waits for packets workers still hold and for deleted SAs
 * the balancer is still draining.
 */
static void __exit xlb_module_exit(void)
{
	xlb_gro_exit();
	xlb_device_exit();
	xlb_debugfs_exit();
	xlb_balancer_stop();
	xlb_genl_exit();
	xlb_netns_exit();
	xlb_workers_exit();
	xlb_load_exit();
	xlb_sa_exit();
	/* Last: the SAs' final packets may be encrypted until they are gone. */
	xlb_esp_exit();
}

module_init(xlb_module_init);
module_exit(xlb_module_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Multi-core IPsec ESP crypto offload");
MODULE_VERSION(XLB_DRV_VERSION);
/*
 * Loaded on demand: by `ip link add ... type xlb` and by the first request
 * to the generic netlink family (xlbctl, xlbd), as modprobe's aliases say.
 */
MODULE_ALIAS_RTNL_LINK(XLB_DRV_NAME);
MODULE_ALIAS_GENL_FAMILY(XLB_GENL_NAME);
