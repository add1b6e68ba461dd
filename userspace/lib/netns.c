// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <unistd.h>

#include "netns.h"

#define NETNS_RUN_DIR "/run/netns"

int xlb_netns_enter(const char *name)
{
	char path[PATH_MAX];
	int fd, ret, saved;

	if (snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, name) >= (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ret = setns(fd, CLONE_NEWNET);
	saved = errno;
	close(fd);
	errno = saved;
	return ret;
}
