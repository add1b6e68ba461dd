// SPDX-License-Identifier: GPL-2.0
/* A receive buffer that cannot silently stay small (lib/genl_events.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "genl_handle.h"

static int rmem_max(void)
{
	FILE *f = fopen("/proc/sys/net/core/rmem_max", "r");
	int v = -1;

	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

/* Beyond rmem_max: granted to root through SO_RCVBUFFORCE. */
static void root_gets_more_than_rmem_max(void **state)
{
	int max = rmem_max(), fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	bool enough = false;

	(void)state;
	if (geteuid() != 0 || max <= 0)
		skip();
	assert_true(fd >= 0);
	assert_int_equal(xlb_rcvbuf_set(fd, 2 * max, &enough), 4 * max);
	assert_true(enough);
	close(fd);
}

/* Without CAP_NET_ADMIN the cap holds, and that is said. */
static void capped_buffer_is_reported(void **state)
{
	int max = rmem_max(), status;
	pid_t pid;

	(void)state;
	if (geteuid() != 0 || max <= 0)
		skip();	/* needs root to drop it */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
		bool enough = true;
		int got;

		if (fd < 0 || setuid(65534))
			_exit(2);
		got = xlb_rcvbuf_set(fd, 2 * max, &enough);
		_exit(got == 2 * max && !enough ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(root_gets_more_than_rmem_max),
		cmocka_unit_test(capped_buffer_is_reported),
	};

	return cmocka_run_group_tests_name("receive buffer", tests, NULL, NULL);
}
