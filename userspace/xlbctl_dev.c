// SPDX-License-Identifier: GPL-2.0
/* xlb devices: which exist, and what xlbctl says when one is missing or a request fails. */
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "xlbctl.h"

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

int xlbctl_count_xlb_devs(struct xlb_genl *c, size_t *count)
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

int xlbctl_find_xlb_dev(struct xlb_genl *c, const char *name, uint32_t *ifindex)
{
	struct xlb_dev_list devs = { 0 };
	enum xlb_status status;
	int ret = XLBCTL_EXIT_FAILURE;
	size_t ndevs;

	*ifindex = name ? if_nametoindex(name) : 0;
	if (!name) {
		ret = xlbctl_count_xlb_devs(c, &ndevs);
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

	return xlbctl_find_xlb_dev(c, NULL, &ifindex);
}
