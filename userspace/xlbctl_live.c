// SPDX-License-Identifier: GPL-2.0
/* The commands that run until told to stop: monitor and stats. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/genl_output.h"
#include "lib/stats_view.h"
#include "xlbctl_cmds.h"

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* No SA_RESTART: a signal must wake poll() and nanosleep(). */
static void catch_stop_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

struct monitor_ctx {
	bool json;
	enum xlb_timestamp stamp;
	uint32_t events;	/* XLBCTL_EVENT_BITs to print; 0: all */
	bool write_failed;
};

static enum xlb_timestamp stamp_of(enum xlbctl_timestamp t)
{
	switch (t) {
	case XLBCTL_TIMESTAMP_LONG:
		return XLB_TIMESTAMP_LONG;
	case XLBCTL_TIMESTAMP_SHORT:
		return XLB_TIMESTAMP_SHORT;
	case XLBCTL_TIMESTAMP_NONE:
		break;
	}
	return XLB_TIMESTAMP_NONE;
}

static void print_event(const struct xlb_event *ev, void *arg)
{
	struct monitor_ctx *ctx = arg;
	struct timespec now;

	if (ctx->events && (ev->cmd >= 32 || !(ctx->events & XLBCTL_EVENT_BIT(ev->cmd))))
		return;
	clock_gettime(CLOCK_REALTIME, &now);
	if (ctx->json)
		xlb_event_print_json(stdout, ev,
				     ctx->stamp != XLB_TIMESTAMP_NONE ? &now : NULL);
	else
		xlb_event_print_text(stdout, ev, ctx->stamp, &now);
	if (fflush(stdout) != 0)
		ctx->write_failed = true;
}

int xlbctl_monitor(struct xlb_genl *c, const struct xlbctl_args *args)
{
	struct monitor_ctx ctx = {
		.json = args->json,
		.stamp = stamp_of(args->timestamp),
		.events = args->events,
	};
	enum xlb_status status;
	struct pollfd pfd;
	int ret = XLBCTL_EXIT_OK;

	status = xlb_genl_subscribe(c);
	/* Subscribed all the same: bursts may overrun it, which is said. */
	if (status == XLB_ERR_RCVBUF_SMALL)
		fprintf(stderr, "xlbctl: warning: %s (%d bytes)\n",
			xlb_status_str(status), c->events_rcvbuf);
	else if (status != XLB_OK)
		return xlbctl_genl_error(c, status, "joining the events group");
	catch_stop_signals();
	pfd.fd = xlb_genl_events_fd(c);
	pfd.events = POLLIN;
	while (!stop_requested && !ctx.write_failed) {
		if (poll(&pfd, 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			perror("xlbctl: poll");
			ret = XLBCTL_EXIT_FAILURE;
			break;
		}
		status = xlb_genl_read_events(c, print_event, &ctx);
		if (status == XLB_ERR_EVENTS_LOST || status == XLB_ERR_RELOADED) {
			fprintf(stderr, "xlbctl: %s\n", xlb_status_str(status));
			continue;
		}
		if (status != XLB_OK) {
			ret = xlbctl_genl_error(c, status, "reading events");
			break;
		}
	}
	if (ctx.write_failed) {
		perror("xlbctl: write error");
		ret = XLBCTL_EXIT_FAILURE;
	}
	return ret;
}

static int stats_frame(struct xlb_genl *c, const struct xlbctl_args *args,
		       bool clear)
{
	struct xlb_worker_list workers = { 0 };
	struct xlb_sa_list sas = { 0 };
	enum xlb_status status;
	int ret = XLBCTL_EXIT_OK;

	status = xlb_genl_get_workers(c, &workers);
	if (status != XLB_OK) {
		ret = xlbctl_genl_error(c, status, "listing workers");
		goto out;
	}
	status = xlb_genl_get_sas(c, 0, &sas);
	if (status != XLB_OK) {
		ret = xlbctl_genl_error(c, status, "listing SAs");
		goto out;
	}
	if (args->json)
		xlb_stats_print_json(stdout, &workers, &sas);
	else
		xlb_stats_print_text(stdout, &workers, &sas, clear);
	if (fflush(stdout) != 0) {
		perror("xlbctl: write error");
		ret = XLBCTL_EXIT_FAILURE;
	}
out:
	xlb_sa_list_free(&sas);
	xlb_worker_list_free(&workers);
	return ret;
}

int xlbctl_stats(struct xlb_genl *c, const struct xlbctl_args *args)
{
	struct timespec interval = {
		.tv_sec = args->interval_ms / 1000,
		.tv_nsec = (long)(args->interval_ms % 1000) * 1000000L,
	};
	bool clear = !args->json && isatty(STDOUT_FILENO);
	int ret = xlbctl_require_xlb_dev(c);

	if (ret)
		return ret;
	catch_stop_signals();
	for (unsigned int frame = 0; !stop_requested; frame++) {
		if (frame && !args->json && !clear)
			fputc('\n', stdout);	/* frames apart in a log */
		ret = stats_frame(c, args, clear);
		if (ret || (args->count && frame + 1 >= args->count))
			break;
		/* An interrupted sleep ends the loop through stop_requested. */
		nanosleep(&interval, NULL);
	}
	return ret;
}
