// SPDX-License-Identifier: GPL-2.0
/*
 * The built ./xlbctl, end to end: exit statuses and messages of the forms
 * that need no xlb module (usage errors, help, version, a missing
 * namespace, failover, and the module's absence itself).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "agent_state.h"

/*
 * Runs "./xlbctl ARGS REDIRECT" (ARGS shell-quoted by the caller) and
 * returns its exit status; what the redirections leave on the pipe is in
 * *out.
 */
static int run_redirected(const char *args, const char *redirect, char *out,
			  size_t len)
{
	char cmd[512];
	size_t n;
	FILE *p;
	int status;

	snprintf(cmd, sizeof(cmd), "./xlbctl %s %s", args, redirect);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(out, 1, len - 1, p);
	out[n] = '\0';
	status = pclose(p);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* Standard output and standard error together. */
static int run(const char *args, char *out, size_t len)
{
	return run_redirected(args, "2>&1", out, len);
}

static void usage_errors_exit_two(void **state)
{
	static const char *const bad[] = {
		"bogus", "-x", "sa pin 0 1", "sa pin 0x1001", "sa spray 1 maybe",
		"policy set hotspot 5", "policy set placement random",
		"stats -i 0", "stats -c x", "monitor now", "workers -j", "-n",
		"failover nosuch", "failover list x",
	};
	char out[1024];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (run(bad[i], out, sizeof(out)) != 2)
			fail_msg("xlbctl %s: not exit status 2: %s", bad[i], out);
		assert_true(strncmp(out, "xlbctl: ", 8) == 0);
		assert_non_null(strstr(out, "Try 'xlbctl --help' for more information.\n"));
	}
}

static void help_and_version_exit_zero(void **state)
{
	char out[4096];

	(void)state;
	assert_int_equal(run("-h", out, sizeof(out)), 0);
	assert_true(strncmp(out, "Usage: xlbctl", 13) == 0);
	assert_int_equal(run("--version", out, sizeof(out)), 0);
	assert_true(strncmp(out, "xlbctl ", 7) == 0);
}

static void missing_netns_exits_one(void **state)
{
	char out[1024];

	(void)state;
	assert_int_equal(run("-n xlb-test-no-such-netns workers", out, sizeof(out)), 1);
	assert_string_equal(out, "xlbctl: cannot enter network namespace "
			    "\"xlb-test-no-such-netns\": No such file or directory\n");
}

/*
 * Without the module no command can do anything: each read command says
 * so on standard error alone, prints nothing on standard output (no empty
 * table or "[]" a script could take for "nothing there") and exits 1.
 */
static void module_not_loaded_exits_one(void **state)
{
	static const char *const reads[] = {
		"", "dev", "dev show", "-j dev", "-s dev show", "workers",
		"-j workers", "sa", "sa list", "-j sa", "policy", "-j policy",
		"stats -c 1", "-j stats -c 1",
	};
	static const char msg[] =
		"xlbctl: xlb module not loaded (no generic netlink family \"xlb\")\n";
	char out[1024];

	(void)state;
	if (access("/sys/module/xlb", F_OK) == 0)
		skip();	/* the module is loaded here: nothing to show */
	for (size_t i = 0; i < sizeof(reads) / sizeof(reads[0]); i++) {
		if (run_redirected(reads[i], "2>&1 >/dev/null", out, sizeof(out)) != 1)
			fail_msg("xlbctl %s: not exit status 1: %s", reads[i], out);
		if (strcmp(out, msg) != 0)
			fail_msg("xlbctl %s: stderr is \"%s\"", reads[i], out);
		run_redirected(reads[i], "2>/dev/null", out, sizeof(out));
		if (out[0])
			fail_msg("xlbctl %s: wrote to stdout: %s", reads[i], out);
	}
}

/*
 * failover reads xlbd's state file and nothing else, so it answers with or
 * without the module; no xlbd is an empty list: said on stderr (nothing on
 * stdout), [] with -j, exit status 0 either way.
 */
static void failover_without_xlbd_exits_zero(void **state)
{
	char path[XLB_AGENT_PATH_LEN], out[1024];

	(void)state;
	assert_int_equal(xlb_agent_state_path(XLB_AGENT_STATE_DIR, path, sizeof(path)), 0);
	if (access(path, F_OK) == 0)
		skip();	/* an xlbd runs in this namespace */
	assert_int_equal(run_redirected("failover", "2>&1 >/dev/null", out, sizeof(out)), 0);
	assert_string_equal(out, "xlbctl: xlbd is not running in this network namespace\n");
	assert_int_equal(run_redirected("failover list", "2>/dev/null", out, sizeof(out)), 0);
	assert_string_equal(out, "");
	assert_int_equal(run_redirected("-j failover", "2>&1", out, sizeof(out)), 0);
	assert_string_equal(out, "[]\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(usage_errors_exit_two),
		cmocka_unit_test(help_and_version_exit_zero),
		cmocka_unit_test(missing_netns_exits_one),
		cmocka_unit_test(module_not_loaded_exits_one),
		cmocka_unit_test(failover_without_xlbd_exits_zero),
	};

	return cmocka_run_group_tests_name("xlbctl exit statuses", tests, NULL, NULL);
}
