// SPDX-License-Identifier: GPL-2.0
/* Switching one thread into a namespace and back (lib/netns.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "netns.h"

static ino_t current_netns(void)
{
	struct stat st;

	assert_int_equal(stat("/proc/thread-self/ns/net", &st), 0);
	return st.st_ino;
}

static ino_t netns_of(int fd)
{
	struct stat st;

	assert_int_equal(fstat(fd, &st), 0);
	return st.st_ino;
}

static void switch_and_restore(void **state)
{
	int orig = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	int other, saved;

	(void)state;
	assert_true(orig >= 0);
	/* A second namespace to switch into, and back where we were. */
	if (unshare(CLONE_NEWNET))
		skip();
	other = xlb_netns_open("/proc/thread-self/ns/net");
	assert_true(other >= 0);
	assert_int_equal(setns(orig, CLONE_NEWNET), 0);
	assert_int_not_equal(netns_of(other), netns_of(orig));

	saved = xlb_netns_switch(other);
	assert_true(saved >= 0);
	assert_int_equal(current_netns(), netns_of(other));
	assert_int_equal(netns_of(saved), netns_of(orig));
	assert_int_equal(xlb_netns_restore(saved), 0);
	assert_int_equal(current_netns(), netns_of(orig));
	close(other);
	close(orig);
}

static void missing_name(void **state)
{
	(void)state;
	assert_int_equal(xlb_netns_open("xlb-test-no-such-netns"), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(xlb_netns_switch(-1), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(switch_and_restore),
		cmocka_unit_test(missing_name),
	};

	return cmocka_run_group_tests_name("network namespaces", tests, NULL, NULL);
}
