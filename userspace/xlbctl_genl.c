// SPDX-License-Identifier: GPL-2.0
/* The one-shot commands: workers, sa, policy. */
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "lib/genl_output.h"
#include "xlbctl_cmds.h"

int xlbctl_genl_error(const struct xlb_genl *c, enum xlb_status status,
		      const char *what)
{
	switch (status) {
	case XLB_ERR_PERM:
		/*
		 * genetlink's own permission check says EPERM without a
		 * message; an EPERM the family explains (the interval outside
		 * the initial namespace) is shown as explained.
		 */
		if (!c->extack[0]) {
			fprintf(stderr, "xlbctl: %s\n", xlb_status_str(status));
			break;
		}
		/* fall through */
	case XLB_ERR_KERNEL:
		if (c->extack[0])
			fprintf(stderr, "xlbctl: %s (%s)\n", c->extack, strerror(c->error));
		else
			fprintf(stderr, "xlbctl: %s: %s\n", what, strerror(c->error));
		break;
	case XLB_ERR_NO_FAMILY:
	case XLB_ERR_NOMEM:
		fprintf(stderr, "xlbctl: %s\n", xlb_status_str(status));
		break;
	case XLB_ERR_NETLINK:
		fprintf(stderr, "xlbctl: %s over netlink: %s\n", what,
			c->nl_detail ? c->nl_detail : xlb_status_str(status));
		break;
	default:
		fprintf(stderr, "xlbctl: %s: %s\n", what, xlb_status_str(status));
	}
	return XLBCTL_EXIT_FAILURE;
}

int xlbctl_no_xlb_device(void)
{
	fprintf(stderr, "xlbctl: no xlb device in this network namespace\n"
		"xlbctl: create one with: ip link add link LOWER name xlb0 type xlb\n");
	return XLBCTL_EXIT_FAILURE;
}

int xlbctl_empty_list(bool json)
{
	if (json)
		puts("[]");
	else
		xlbctl_no_xlb_device();
	return XLBCTL_EXIT_OK;
}

/* Exit status 0 and in @count how many xlb devices this namespace has. */
static int count_xlb_devs(struct xlb_genl *c, size_t *count)
{
	struct xlb_dev_list devs = { 0 };
	enum xlb_status status;
	int ret = XLBCTL_EXIT_OK;

	status = xlb_genl_get_devs(c, &devs);
	if (status != XLB_OK)
		ret = xlbctl_genl_error(c, status, "listing xlb devices");
	*count = devs.count;
	xlb_dev_list_free(&devs);
	return ret;
}

/*
 * Exit status 0 and the ifindex of @name when it is an xlb device of this
 * namespace; 1 and a message when it is not. With @name NULL (ifindex 0):
 * 0 when the namespace has an xlb device, 1 and a message when it has none.
 */
static int find_xlb_dev(struct xlb_genl *c, const char *name, uint32_t *ifindex)
{
	struct xlb_dev_list devs = { 0 };
	enum xlb_status status;
	int ret = XLBCTL_EXIT_FAILURE;
	size_t ndevs;

	*ifindex = name ? if_nametoindex(name) : 0;
	if (!name) {
		ret = count_xlb_devs(c, &ndevs);
		if (!ret && !ndevs)
			ret = xlbctl_no_xlb_device();
		return ret;
	}
	if (!*ifindex) {
		fprintf(stderr, "xlbctl: device \"%s\" does not exist\n", name);
		return ret;
	}
	status = xlb_genl_get_devs(c, &devs);
	if (status != XLB_OK) {
		ret = xlbctl_genl_error(c, status, "listing xlb devices");
		goto out;
	}
	for (size_t i = 0; i < devs.count; i++)
		if (devs.items[i].ifindex == *ifindex)
			ret = XLBCTL_EXIT_OK;
	if (ret)
		fprintf(stderr, "xlbctl: device \"%s\" is not an xlb device\n", name);
out:
	xlb_dev_list_free(&devs);
	return ret;
}

int xlbctl_require_xlb_dev(struct xlb_genl *c)
{
	uint32_t ifindex;

	return find_xlb_dev(c, NULL, &ifindex);
}

int xlbctl_workers(struct xlb_genl *c, const struct xlbctl_args *args)
{
	struct xlb_worker_list workers = { 0 };
	enum xlb_status status;
	int ret;

	ret = xlbctl_require_xlb_dev(c);
	if (ret)
		return ret;
	status = xlb_genl_get_workers(c, &workers);
	if (status != XLB_OK) {
		ret = xlbctl_genl_error(c, status, "listing workers");
	} else if (args->json) {
		xlb_workers_print_json(stdout, &workers);
	} else {
		xlb_workers_print_text(stdout, &workers);
	}
	xlb_worker_list_free(&workers);
	return ret;
}

int xlbctl_sa_list(struct xlb_genl *c, const struct xlbctl_args *args)
{
	struct xlb_sa_list sas = { 0 };
	enum xlb_status status;
	uint32_t ifindex;
	size_t ndevs;
	int ret;

	/*
	 * No xlb device at all is an empty list, exit 0, as ip's; an empty
	 * list from a device must mean "no SAs", never "no device".
	 */
	if (!args->dev) {
		ret = count_xlb_devs(c, &ndevs);
		if (ret)
			goto out;
		if (!ndevs) {
			ret = xlbctl_empty_list(args->json);
			goto out;
		}
		ifindex = 0;
	} else {
		ret = find_xlb_dev(c, args->dev, &ifindex);
		if (ret)
			goto out;
	}
	status = xlb_genl_get_sas(c, ifindex, &sas);
	if (status != XLB_OK)
		ret = xlbctl_genl_error(c, status, "listing SAs");
	else if (args->json)
		xlb_sas_print_json(stdout, &sas);
	else
		xlb_sas_print_text(stdout, &sas);
out:
	xlb_sa_list_free(&sas);
	return ret;
}

int xlbctl_sa_set(struct xlb_genl *c, const struct xlbctl_args *args)
{
	struct xlb_sa_key key = {
		.spi = args->spi, .dir = args->dir, .family = args->family,
	};
	struct xlb_sa_change change = { .worker = args->worker, .spray = args->spray };
	enum xlb_status status;
	int ret = XLBCTL_EXIT_OK;

	switch (args->action) {
	case XLBCTL_ACTION_SA_PIN:
		change.kind = XLB_SA_PIN;
		break;
	case XLBCTL_ACTION_SA_UNPIN:
		change.kind = XLB_SA_UNPIN;
		break;
	default:
		change.kind = XLB_SA_SPRAY;
	}
	memcpy(key.daddr, args->daddr, sizeof(key.daddr));
	ret = find_xlb_dev(c, args->dev, &key.ifindex);
	if (!ret) {
		status = xlb_genl_sa_set(c, &key, &change);
		if (status != XLB_OK)
			ret = xlbctl_genl_error(c, status, "changing the SA");
	}
	return ret;
}

int xlbctl_policy_show(struct xlb_genl *c, const struct xlbctl_args *args)
{
	enum xlb_status status;
	struct xlb_policy p;
	int ret = XLBCTL_EXIT_OK;

	status = xlb_genl_get_policy(c, &p);
	if (status != XLB_OK)
		ret = xlbctl_genl_error(c, status, "reading the policy");
	else if (args->json)
		xlb_policy_print_json(stdout, &p);
	else
		xlb_policy_print_text(stdout, &p);
	return ret;
}

int xlbctl_policy_set(struct xlb_genl *c, const struct xlbctl_args *args)
{
	enum xlb_status status;
	int ret = XLBCTL_EXIT_OK;

	status = xlb_genl_set_policy(c, &args->policy);
	if (status != XLB_OK)
		ret = xlbctl_genl_error(c, status, "setting the policy");
	return ret;
}
