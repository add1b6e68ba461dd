// SPDX-License-Identifier: GPL-2.0
#include <sys/socket.h>

#include "rcvbuf.h"

static int rcvbuf_get(int fd)
{
	int val;
	socklen_t len = sizeof(val);

	return getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &val, &len) ? -1 : val;
}

int xlb_rcvbuf_set(int fd, int bytes, bool *enough)
{
	/* The kernel doubles what it grants; an unclamped request reads back so. */
	long long want = 2LL * bytes;
	int got;

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes)))
		return -1;
	got = rcvbuf_get(fd);
	if (got >= 0 && got < want) {
		/* Fails with EPERM without CAP_NET_ADMIN: then got stays. */
		setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes));
		got = rcvbuf_get(fd);
	}
	*enough = got >= want;
	return got;
}
