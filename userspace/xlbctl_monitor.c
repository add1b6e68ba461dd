// SPDX-License-Identifier: GPL-2.0
/*
 * What runs until told to stop: xlbctl monitor (the family's events) and
 * xlbctl stats (a view of the workers' load and the costliest SAs).
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/xlb.h>

#include "lib/xlb_names.h"
#include "xlbctl.h"
#include "xlbctl_print.h"

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

/* A tv_nsec as microseconds, known to be 6 digits at most. */
static unsigned int usec_of(const struct timespec *when)
{
	return (unsigned int)(when->tv_nsec / 1000) % 1000000u;
}

const char *xlb_timestamp_rfc3339(const struct timespec *when,
				  char buf[XLB_TIMESTAMP_STRLEN])
{
	char date[24], zone[8];
	struct tm tm;

	localtime_r(&when->tv_sec, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(zone, sizeof(zone), "%z", &tm);	/* +hhmm */
	snprintf(buf, XLB_TIMESTAMP_STRLEN, "%s.%06u%.3s:%.2s", date,
		 usec_of(when), zone, zone + 3);
	return buf;
}

/*
 * ip's print_timestamp(): asctime() and microseconds, or -ts's ISO form;
 * JSON's "timestamp" is RFC 3339 whichever was asked.
 */
static void print_timestamp(enum xlbctl_timestamp stamp, const struct timespec *when)
{
	char text[32], line[64];
	struct tm tm;

	if (stamp == XLBCTL_TIMESTAMP_NONE)
		return;
	if (is_json_context()) {
		print_string(PRINT_JSON, "timestamp", NULL, xlb_timestamp_rfc3339(when, line));
		return;
	}
	localtime_r(&when->tv_sec, &tm);
	if (stamp == XLBCTL_TIMESTAMP_SHORT) {
		strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%S", &tm);
		snprintf(line, sizeof(line), "[%s.%06u] ", text, usec_of(when));
	} else {
		/* asctime()'s layout, without its deprecated static buffer */
		strftime(text, sizeof(text), "%a %b %e %H:%M:%S %Y", &tm);
		snprintf(line, sizeof(line), "Timestamp: %s %u usec\n", text, usec_of(when));
	}
	print_string(PRINT_FP, NULL, "%s", line);
}

void xlb_event_print(FILE *out, const struct xlb_event *ev, bool json,
		     enum xlbctl_timestamp stamp, const struct timespec *when)
{
	char dev[XLB_DEV_STRLEN];

	print_begin(out, json);
	open_json_object(NULL);
	print_timestamp(stamp, when);
	print_string(PRINT_ANY, "event", "%s", xlb_event_name(ev->cmd));
	switch (ev->cmd) {
	case XLB_CMD_SA_PLACED_NTF:
	case XLB_CMD_SA_MIGRATED_NTF:
	case XLB_CMD_SA_REMOVED_NTF:
		/* The text names the SA at the end, JSON at the start. */
		print_uint(PRINT_JSON, "ifindex", NULL, ev->ifindex);
		print_string(PRINT_JSON, "ifname", NULL, ev->ifname);
		print_string(PRINT_FP, NULL, " dev %s",
			     xlb_dev_display(ev->ifname, ev->ifindex, dev));
		print_uint(PRINT_ANY, "spi", " spi 0x%08x", ev->spi);
		print_u64(PRINT_JSON, "id", NULL, ev->sa_id);
		print_uint(PRINT_JSON, "reqid", NULL, ev->reqid);
		print_addr(PRINT_JSON, "dst", NULL, ev->family, ev->daddr);
		print_string(PRINT_ANY, "dir", " dir %s", xlb_dir_name(ev->dir));
		if (ev->has_from)
			print_uint(PRINT_ANY, "from", " from %u", ev->from);
		if (ev->has_to)
			print_uint(PRINT_ANY, "to", " to %u", ev->to);
		if (ev->reason)
			print_string(PRINT_ANY, "reason", " reason %s", xlb_reason_name(ev->reason));
		print_u64(PRINT_FP, NULL, " id %" PRIu64, ev->sa_id);
		print_uint(PRINT_FP, NULL, " reqid %u", ev->reqid);
		if (ev->family == AF_INET || ev->family == AF_INET6)
			print_addr(PRINT_FP, NULL, " dst %s", ev->family, ev->daddr);
		break;
	case XLB_CMD_HOTSPOT_NTF:
		print_uint(PRINT_ANY, "worker", " worker %u", ev->worker);
		print_permille(PRINT_ANY, "load", " load %s", ev->load);
		print_permille(PRINT_ANY, "hotspot", " hotspot %s", ev->hotspot);
		break;
	default:
		print_uint(PRINT_ANY, "worker", " worker %u", ev->worker);
	}
	print_nl();
	close_json_object();
	print_end();
}

struct monitor_ctx {
	bool json;
	enum xlbctl_timestamp stamp;
	uint32_t events;	/* XLBCTL_EVENT_BITs to print; 0: all */
	bool write_failed;
};

static void monitor_event(const struct xlb_event *ev, void *arg)
{
	struct monitor_ctx *ctx = arg;
	struct timespec now;

	if (ctx->events && (ev->cmd >= 32 || !(ctx->events & XLBCTL_EVENT_BIT(ev->cmd))))
		return;
	clock_gettime(CLOCK_REALTIME, &now);
	xlb_event_print(stdout, ev, ctx->json, ctx->stamp, &now);
	if (fflush(stdout) != 0)
		ctx->write_failed = true;
}

int xlbctl_monitor(struct xlb_genl *c, const struct xlbctl_args *args)
{
	struct monitor_ctx ctx = {
		.json = args->json,
		.stamp = args->timestamp,
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
		status = xlb_genl_read_events(c, monitor_event, &ctx);
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

const char *xlb_load_bar(uint32_t permille, char buf[XLB_BAR_WIDTH + 3])
{
	uint32_t fill;

	if (permille > 1000)
		permille = 1000;
	fill = (permille * XLB_BAR_WIDTH + 999) / 1000;
	buf[0] = '[';
	for (uint32_t i = 0; i < XLB_BAR_WIDTH; i++)
		buf[1 + i] = i < fill ? '#' : '.';
	buf[XLB_BAR_WIDTH + 1] = ']';
	buf[XLB_BAR_WIDTH + 2] = '\0';
	return buf;
}

/* Insertion sort of a few hundred SAs at most, stable for equal costs. */
size_t xlb_sas_by_cost(const struct xlb_sa_list *sas, size_t *order, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < sas->count; i++) {
		size_t j = n < max ? n++ : max;

		if (j == max && (max == 0 ||
				 sas->items[order[max - 1]].cost >= sas->items[i].cost))
			continue;
		if (j == max)
			j = max - 1;
		while (j > 0 && sas->items[order[j - 1]].cost < sas->items[i].cost) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
	return n;
}

/*
 * The text is a view of its own, a bar per worker and a line per SA; JSON
 * has the workers and SAs as xlbctl workers and sa list print them.
 */
void xlb_stats_print_text(FILE *out, const struct xlb_worker_list *workers,
			  const struct xlb_sa_list *sas, bool clear)
{
	size_t order[XLB_STATS_TOP_SAS], n;
	char bar[XLB_BAR_WIDTH + 3], cost[XLB_PERMILLE_STRLEN];
	char src[XLB_ADDR_STRLEN], dst[XLB_ADDR_STRLEN];

	if (clear)
		fputs("\033[H\033[2J", out);
	for (size_t i = 0; i < workers->count; i++) {
		const struct xlb_worker *w = &workers->items[i];

		if (!w->online) {
			fprintf(out, "cpu%-3u offline\n", w->cpu);
			continue;
		}
		fprintf(out, "cpu%-3u %s %3u%% pps %" PRIu64 " depth %u/%u sas %u\n",
			w->cpu, xlb_load_bar(w->load, bar), w->load / 10, w->pps,
			w->depth, w->capacity, w->sas);
	}
	n = xlb_sas_by_cost(sas, order, XLB_STATS_TOP_SAS);
	fprintf(out, "\ntop SAs by cost (%zu of %zu)\n", n, sas->count);
	for (size_t i = 0; i < n; i++) {
		const struct xlb_sa *sa = &sas->items[order[i]];

		fprintf(out, "0x%08x %-3s %s -> %s worker %u%s cost %s pps %" PRIu64 "\n",
			sa->spi, xlb_dir_name(sa->dir),
			xlb_addr_string(sa->family, sa->saddr, src),
			xlb_addr_string(sa->family, sa->daddr, dst), sa->worker,
			sa->sprayed ? " sprayed" : "",
			xlb_permille_string(sa->cost, cost), sa->pps);
	}
}

void xlb_stats_print_json(FILE *out, const struct xlb_worker_list *workers,
			  const struct xlb_sa_list *sas)
{
	size_t order[XLB_STATS_TOP_SAS], n;

	print_begin(out, true);
	open_json_object(NULL);
	open_json_array("workers");
	for (size_t i = 0; i < workers->count; i++)
		xlb_worker_print(&workers->items[i]);
	close_json_array();
	n = xlb_sas_by_cost(sas, order, XLB_STATS_TOP_SAS);
	open_json_array("top_sas");
	for (size_t i = 0; i < n; i++)
		xlb_sa_print(&sas->items[order[i]]);
	close_json_array();
	close_json_object();
	print_end();
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
