// SPDX-License-Identifier: GPL-2.0
/*
 * xlbd: applies the placement policy of xlbd.conf to xlb's SAs as an IKE
 * daemon creates and rekeys them, and has libreswan re-establish the
 * tunnels whose SAs the kernel dropped when an xlb device went down.
 * Single-threaded: one poll() over the family's events, the xlb devices'
 * link events and a signalfd, with a timer for the periodic check. The policy lives in the kernel (policy
 * values, tunnel rules, pinned SAs), so xlbd can stop, restart or lose the
 * module and pick up where the kernel is; SIGTERM leaves it all in place.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include <linux/xlb.h>

#include "lib/genl_client.h"
#include "xlbd_apply.h"
#include "xlbd_conf.h"
#include "xlbd_conns.h"
#include "xlbd_links.h"
#include "xlbd_log.h"
#include "xlbd_failover_run.h"
#include "xlbd_pair_run.h"
#include "xlbd_resync.h"
#include "xlbd_selectors.h"
#include "xlbd_state.h"

#ifndef XLB_VERSION
#define XLB_VERSION "unknown"
#endif

enum { EXIT_USAGE = 2 };

struct xlbd_opts {
	const char *config;
	bool foreground;
	bool test;
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: xlbd [-f FILE] [--foreground] [--test]\n"
		"       xlbd --version | --help\n"
		"  -f, --config FILE   configuration (default " XLBD_CONF_DEFAULT ")\n"
		"  -F, --foreground    stay in the foreground, log to stderr\n"
		"  -t, --test          check the configuration and exit\n"
		"Runs in the network namespace it is started in (ip netns exec).\n");
}

static int parse_opts(int argc, char **argv, struct xlbd_opts *o)
{
	static const struct option longopts[] = {
		{ "config", required_argument, NULL, 'f' },
		{ "foreground", no_argument, NULL, 'F' },
		{ "test", no_argument, NULL, 't' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	int opt;

	*o = (struct xlbd_opts){ .config = XLBD_CONF_DEFAULT };
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "f:FtVh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			o->config = optarg;
			break;
		case 'F':
			o->foreground = true;
			break;
		case 't':
			o->test = true;
			break;
		case 'V':
			printf("xlbd %s\n", XLB_VERSION);
			exit(0);
		case 'h':
			usage(stdout);
			exit(0);
		default:
			fprintf(stderr, "xlbd: unknown option \"%s\"\n", argv[optind - 1]);
			usage(stderr);
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "xlbd: unexpected argument \"%s\"\n", argv[optind]);
		usage(stderr);
		return -1;
	}
	return 0;
}

/* Connects and joins "events"; says why not in words an operator can act on. */
static int connect_kernel(struct xlb_genl *c)
{
	enum xlb_status status = xlb_genl_open(c);

	if (status == XLB_OK) {
		status = xlb_genl_subscribe(c);
		if (status == XLB_ERR_RCVBUF_SMALL) {
			xlbd_log(LOG_WARNING, "event buffer only %d bytes (net.core.rmem_max): bursts may be lost and resynced",
				 c->events_rcvbuf);
			status = XLB_OK;
		}
	}
	switch (status) {
	case XLB_OK:
		return 0;
	case XLB_ERR_NO_FAMILY:
		xlbd_log(LOG_ERR, "the xlb module is not loaded (modprobe xlb)");
		break;
	case XLB_ERR_PERM:
		xlbd_log(LOG_ERR, "needs CAP_NET_ADMIN (run as root)");
		break;
	default:
		xlbd_log(LOG_ERR, "connecting to the xlb family: %s",
			 c->nl_detail ? c->nl_detail : xlb_status_str(status));
	}
	xlb_genl_close(c);
	return -1;
}

static int signal_fd(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		return -1;
	return signalfd(-1, &set, SFD_CLOEXEC);
}

/*
 * The file, and the conns it names against pluto's: a conn pluto does not
 * have is an error like any other. When pluto does not answer, the names
 * wait for it (said).
 */
static int load_conf(const char *path, struct xlbd_conf *conf, char *err,
		     size_t errlen)
{
	struct xlbd_pluto_status st;
	char *why;
	int ret;

	if (xlbd_conf_load(path, conf, err, errlen))
		return -1;
	if (!xlbd_conns_unresolved(conf) && !conf->npairs && !conf->nfailovers)
		return 0;
	if (xlbd_pluto_status(conf->libreswan.ctlsocket, &st, &why)) {
		xlbd_log(LOG_WARNING, "libreswan: no pluto on %s to check the conns %s names (%s); checked when it answers",
			 conf->libreswan.ctlsocket, path, why ? why : "no reason given");
		free(why);
		return 0;
	}
	ret = xlbd_conns_check(conf, path, &st, err, errlen);
	xlbd_pluto_status_free(&st);
	if (ret)
		xlbd_conf_free(conf);
	return ret;
}

/*
 * SIGHUP: the new file, or the running one if the new one is wrong. True
 * when the new one was taken.
 */
static bool reload(const char *path, struct xlbd_conf *conf)
{
	struct xlbd_conf next;
	char err[XLBD_ERR_LEN];

	if (load_conf(path, &next, err, sizeof(err))) {
		xlbd_log(LOG_ERR, "%s; keeping the running configuration", err);
		return false;
	}
	xlbd_conf_free(conf);
	*conf = next;
	xlbd_log(LOG_INFO, "reloaded %s: %zu tunnels, %zu pairs, %zu failover groups",
		 path, conf->ntunnels, conf->npairs, conf->nfailovers);
	return true;
}

struct event_ctx {
	struct xlb_genl *c;
	const struct xlbd_conf *conf;
	bool resync;
	bool learn_conns;
};

static void on_event(const struct xlb_event *ev, void *arg)
{
	struct event_ctx *ctx = arg;

	if (xlbd_on_event(ctx->c, ctx->conf, ev))
		ctx->resync = true;
	/*
	 * An SA no line places may be the first of a conn the file names, or
	 * of one that has a new reqid (pluto restarted, the conn re-added).
	 */
	if (ev->cmd == XLB_CMD_SA_PLACED_NTF && !xlbd_conf_tunnel(ctx->conf, ev->reqid) &&
	    (xlbd_conns_named(ctx->conf) || xlbd_selectors_named(ctx->conf)))
		ctx->learn_conns = true;
}

/*
 * Reads the events there are; true when the kernel needs the file again.
 * *@learn_conns when an SA was born that may tell a conn's reqid.
 */
static bool read_events(struct xlb_genl *c, const struct xlbd_conf *conf,
			bool *learn_conns)
{
	struct event_ctx ctx = { .c = c, .conf = conf };
	enum xlb_status status = xlb_genl_read_events(c, on_event, &ctx);

	*learn_conns = ctx.learn_conns;
	switch (status) {
	case XLB_OK:
		return ctx.resync;
	case XLB_ERR_RELOADED:
		xlbd_log(LOG_NOTICE, "the xlb module was loaded again: applying the configuration");
		return true;
	case XLB_ERR_EVENTS_LOST:
		xlbd_log(LOG_WARNING, "events were lost: applying the configuration again");
		return true;
	default:
		xlbd_log(LOG_ERR, "reading events: %s",
			 c->nl_detail ? c->nl_detail : xlb_status_str(status));
		return false;
	}
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static long long now_s(void)
{
	return now_ms() / 1000;
}

struct xlbd_run {
	struct xlb_genl c;
	struct xlbd_links links;
	struct xlbd_resync resync;
	struct xlbd_state state;
	struct xlbd_pairs pairs;
	long long pairs_due;
	struct xlbd_failovers fos;
	long long fos_due;	/* monotonic ms */
	/* Quick checks left to learn the reqid of a conn whose SA was born. */
	unsigned int learn_tries;
};

/* The file into the kernel, and what xlbd knows into its state file. */
static void apply(struct xlbd_run *rn, const struct xlbd_conf *conf)
{
	xlbd_apply(&rn->c, conf);
	xlbd_state_publish(&rn->state, conf, &rn->pairs, &rn->fos);
}

/* The pairs' work, when an address came or went or work is due. */
static void run_pairs(struct xlbd_run *rn, const struct xlbd_conf *conf)
{
	rn->pairs_due = xlbd_pairs_run(&rn->pairs, conf, now_s());
	if (rn->pairs.changed) {
		rn->pairs.changed = false;
		xlbd_state_publish(&rn->state, conf, &rn->pairs, &rn->fos);
	}
}

/* The failover groups' looks, when due or when a route or an answer came. */
static void run_failovers(struct xlbd_run *rn, const struct xlbd_conf *conf)
{
	rn->fos_due = xlbd_failovers_run(&rn->fos, conf, now_ms());
	if (rn->fos.changed) {
		rn->fos.changed = false;
		xlbd_state_publish(&rn->state, conf, &rn->pairs, &rn->fos);
	}
}

/*
 * libreswan's tunnels against the kernel's SAs, conns' reqids learnt on
 * the way, selectors' from the policies, and applied; when the next check
 * is due. pluto lists a child a
 * moment after the kernel has its SAs: a check for a newborn SA is tried
 * again a few times, two seconds apart.
 */
static long long check_tunnels(struct xlbd_run *rn, struct xlbd_conf *conf)
{
	bool resolved;

	xlbd_resync_run(&rn->resync, conf, &resolved);
	if (xlbd_selectors_resolve(conf, rn->resync.xfrm))
		resolved = true;
	if (resolved) {
		apply(rn, conf);
		for (size_t i = 0; i < conf->ntunnels; i++)
			conf->tunnels[i].fresh = false;
		rn->learn_tries = 0;
	}
	if (rn->learn_tries) {
		rn->learn_tries--;
		return now_s() + 2;
	}
	return now_s() + conf->libreswan.check_s;
}

/* Periodic checks: libreswan's tunnels, or the policies of selector lines. */
static bool checks(const struct xlbd_conf *conf)
{
	return !conf->libreswan.off || xlbd_selectors_named(conf);
}

static int poll_timeout_ms(const struct xlbd_conf *conf, long long next_check,
			   const struct xlbd_run *rn)
{
	long long next = checks(conf) ? next_check : LLONG_MAX;
	long long left;

	if (rn->pairs_due < next)
		next = rn->pairs_due;
	if (next != LLONG_MAX)
		next = next > LLONG_MAX / 1000 ? LLONG_MAX : next * 1000;
	if (rn->fos_due < next)
		next = rn->fos_due;
	if (next == LLONG_MAX)
		return -1;
	left = next - now_ms();
	return left <= 0 ? 0 : left > INT_MAX ? INT_MAX : (int)left;
}

/* The failover groups' sockets after the four fixed ones; how many in all. */
static nfds_t poll_fds(struct xlbd_run *rn, struct pollfd *pfd, size_t max)
{
	return 4 + xlbd_failovers_fds(&rn->fos, pfd + 4, max - 4);
}

/* Room for the fixed sockets and each failover group's: events, 2 probes. */
static struct pollfd *poll_alloc(const struct xlbd_conf *conf, size_t *max)
{
	*max = 4 + 1 + 2 * conf->nfailovers;
	return calloc(*max, sizeof(struct pollfd));
}

static int run(const struct xlbd_opts *o, struct xlbd_conf *conf,
	       struct xlbd_run *rn, int sfd)
{
	struct signalfd_siginfo si;
	struct pollfd *pfd, *more;
	long long next_check;
	bool learn = false, answers;
	size_t max, room;
	nfds_t nfds;
	int n;

	pfd = poll_alloc(conf, &max);
	if (!pfd) {
		xlbd_log(LOG_ERR, "out of memory");
		return 1;
	}
	pfd[0] = (struct pollfd){ .fd = sfd, .events = POLLIN };
	pfd[2] = (struct pollfd){ .fd = xlbd_links_fd(&rn->links), .events = POLLIN };
	pfd[3] = (struct pollfd){ .fd = xlbd_pairs_fd(&rn->pairs), .events = POLLIN };
	apply(rn, conf);
	xlbd_links_seed(&rn->links, conf);
	xlbd_log(LOG_INFO, "ready: %s, %zu tunnels, %zu pairs, %zu failover groups%s",
		 o->config, conf->ntunnels, conf->npairs, conf->nfailovers,
		 conf->libreswan.off ? "" : ", libreswan's checked");
	next_check = check_tunnels(rn, conf);
	run_pairs(rn, conf);
	run_failovers(rn, conf);
	for (;;) {
		/* The events socket may be new after a reload. */
		pfd[1] = (struct pollfd){ .fd = xlb_genl_events_fd(&rn->c), .events = POLLIN };
		nfds = poll_fds(rn, pfd, max);
		n = poll(pfd, nfds, poll_timeout_ms(conf, next_check, rn));
		learn = false;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			xlbd_log(LOG_ERR, "poll: %s", strerror(errno));
			free(pfd);
			return 1;
		}
		if (pfd[1].revents && read_events(&rn->c, conf, &learn))
			apply(rn, conf);
		if (pfd[1].revents && learn && !rn->learn_tries) {
			rn->learn_tries = 3;
			next_check = now_s() + 1;
		}
		if ((pfd[2].revents && xlbd_links_read(&rn->links, conf)) ||
		    (checks(conf) && now_s() >= next_check))
			next_check = check_tunnels(rn, conf);
		if (pfd[3].revents)
			xlbd_pairs_read(&rn->pairs);
		if (pfd[3].revents || now_s() >= rn->pairs_due)
			run_pairs(rn, conf);
		answers = false;
		for (nfds_t i = 4; i < nfds; i++)
			answers |= pfd[i].revents != 0;
		/* It reads the answers and route events first. */
		if (answers || now_ms() >= rn->fos_due)
			run_failovers(rn, conf);
		if (!pfd[0].revents)
			continue;
		if (read(sfd, &si, sizeof(si)) != sizeof(si))
			continue;
		if (si.ssi_signo != SIGHUP) {
			xlbd_log(LOG_INFO, "exiting on signal %u; tunnel rules and placement stay in the kernel",
				 si.ssi_signo);
			free(pfd);
			return 0;
		}
		if (reload(o->config, conf)) {
			xlbd_pairs_reset(&rn->pairs, conf);
			xlbd_failovers_reset(&rn->fos, conf);
			more = poll_alloc(conf, &room);
			/* Without memory, the old room: fewer probes polled. */
			if (more) {
				memcpy(more, pfd, 4 * sizeof(*pfd));
				free(pfd);
				pfd = more;
				max = room;
			}
		}
		apply(rn, conf);
		next_check = check_tunnels(rn, conf);
		run_pairs(rn, conf);
		run_failovers(rn, conf);
	}
}

int main(int argc, char **argv)
{
	struct xlbd_conf conf;
	char err[XLBD_ERR_LEN];
	struct xlbd_opts o;
	struct xlbd_run rn;
	int sfd, ret;

	if (parse_opts(argc, argv, &o))
		return EXIT_USAGE;
	if (load_conf(o.config, &conf, err, sizeof(err))) {
		xlbd_log(LOG_ERR, "%s", err);
		return 1;
	}
	if (o.test) {
		printf("%s: ok, %zu devices, %zu tunnels, %zu pairs, %zu failover groups\n",
		       o.config, conf.ndevices, conf.ntunnels, conf.npairs, conf.nfailovers);
		xlbd_conf_free(&conf);
		return 0;
	}
	sfd = signal_fd();
	if (sfd < 0) {
		xlbd_log(LOG_ERR, "signalfd: %s", strerror(errno));
		return 1;
	}
	rn.learn_tries = 0;
	if (connect_kernel(&rn.c)) {
		xlbd_conf_free(&conf);
		return 1;
	}
	if (xlbd_links_open(&rn.links) || xlbd_resync_open(&rn.resync) ||
	    xlbd_pairs_open(&rn.pairs) || xlbd_pairs_reset(&rn.pairs, &conf) ||
	    xlbd_failovers_open(&rn.fos) || xlbd_failovers_reset(&rn.fos, &conf)) {
		xlb_genl_close(&rn.c);
		xlbd_conf_free(&conf);
		return 1;
	}
	if (!o.foreground) {
		if (daemon(0, 0)) {
			xlbd_log(LOG_ERR, "daemon: %s", strerror(errno));
			return 1;
		}
		xlbd_log_to_syslog();
	}
	xlbd_state_open(&rn.state, o.config);
	ret = run(&o, &conf, &rn, sfd);
	xlbd_state_remove(&rn.state);
	xlbd_failovers_close(&rn.fos);
	xlbd_pairs_close(&rn.pairs);
	xlbd_resync_close(&rn.resync);
	xlbd_links_close(&rn.links);
	xlb_genl_close(&rn.c);
	xlbd_conf_free(&conf);
	close(sfd);
	return ret;
}
