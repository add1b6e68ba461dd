// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "netns.h"

#define NETNS_RUN_DIR "/run/netns"

int xlb_netns_open(const char *name_or_path)
{
	char path[PATH_MAX];

	if (strchr(name_or_path, '/'))
		return open(name_or_path, O_RDONLY | O_CLOEXEC);
	if (snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR,
		     name_or_path) >= (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return open(path, O_RDONLY | O_CLOEXEC);
}

/* setns(), closing @fd and keeping setns()'s errno. */
static int setns_and_close(int fd)
{
	int ret = setns(fd, CLONE_NEWNET);
	int saved = errno;

	close(fd);
	errno = saved;
	return ret;
}

int xlb_netns_enter(const char *name)
{
	int fd = xlb_netns_open(name);

	return fd < 0 ? -1 : setns_and_close(fd);
}

int xlb_netns_switch(int netns_fd)
{
	/* The thread's own namespace: setns() acts on the thread alone. */
	int saved = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	int err;

	if (saved < 0)
		return -1;
	if (setns(netns_fd, CLONE_NEWNET)) {
		err = errno;
		close(saved);
		errno = err;
		return -1;
	}
	return saved;
}

int xlb_netns_restore(int saved_fd)
{
	return setns_and_close(saved_fd);
}
