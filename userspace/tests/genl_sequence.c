// SPDX-License-Identifier: GPL-2.0
/*
 * The genl client against the real module (selftests/genl_client.sh runs
 * it in the test VM): on one handle, hundreds of mixed requests whose
 * every answer must be its own; events and requests on one handle; a
 * handle in another namespace while the process stays where it is; and
 * the same handles working after the module is reloaded. TAP out.
 *
 *   genl_sequence NETNS SPI ITERATIONS RELOAD_COMMAND
 *
 * NETNS holds xlb0 (and no other namespace does) with SAs, SPI being an
 * outbound one; RELOAD_COMMAND unloads and loads xlb and makes xlb0 and
 * the SAs again.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/xlb.h>

#include "lib/genl_client.h"

#define NO_SUCH_SPI 0xdeadbeef
#define EVENT_WAIT_MS 5000

static int cases, failed;

static bool ok(bool pass, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d genl_sequence: ", pass ? "" : "not ", ++cases);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	failed += !pass;
	return pass;
}

/* Says why a step failed, as a TAP comment; false for the caller. */
static bool why(const struct xlb_genl *c, enum xlb_status status,
		const char *step, unsigned int i)
{
	printf("#   iteration %u: %s: %s (errno %d, extack \"%s\", %s)\n", i,
	       step, xlb_status_str(status), c->error, c->extack,
	       c->nl_detail ? c->nl_detail : "-");
	return false;
}

static ino_t own_netns(void)
{
	struct stat st;

	return stat("/proc/self/ns/net", &st) ? 0 : st.st_ino;
}

/* The devices the handle's namespace has: @want ("" for none). */
static bool devs_are(struct xlb_genl *c, const char *want, unsigned int i)
{
	struct xlb_dev_list devs = { 0 };
	enum xlb_status status = xlb_genl_get_devs(c, &devs);
	bool pass = status == XLB_OK &&
		    devs.count == (want[0] ? 1u : 0u) &&
		    (!devs.count || !strcmp(devs.items[0].ifname, want));

	if (status != XLB_OK)
		why(c, status, "get_devs", i);
	else if (!pass)
		printf("#   iteration %u: %zu devices, want \"%s\"\n", i, devs.count, want);
	xlb_dev_list_free(&devs);
	return pass;
}

/* A refusal of xlb's own, with its words: not a vanished family. */
static bool no_such_sa(struct xlb_genl *c, unsigned int i)
{
	struct xlb_sa_key key = { .spi = NO_SUCH_SPI };
	struct xlb_sa_change change = { .kind = XLB_SA_UNPIN };
	enum xlb_status status = xlb_genl_sa_set(c, &key, &change);

	if (status == XLB_ERR_KERNEL && c->error == ENOENT && c->extack[0])
		return true;
	printf("#   iteration %u: sa_set of SPI 0x%x: %s, errno %d, extack \"%s\"\n",
	       i, NO_SUCH_SPI, xlb_status_str(status), c->error, c->extack);
	return false;
}

/* Sets one policy field to @value and reads it back. */
static bool policy_round_trip(struct xlb_genl *c, bool interval, uint32_t value,
			      unsigned int i)
{
	struct xlb_policy set = { 0 }, got;
	enum xlb_status status;

	if (interval) {
		set.has_interval_ms = true;
		set.interval_ms = value;
	} else {
		set.has_hotspot = true;
		set.hotspot = value;
	}
	status = xlb_genl_set_policy(c, &set);
	if (status != XLB_OK)
		return why(c, status, "set_policy", i);
	status = xlb_genl_get_policy(c, &got);
	if (status != XLB_OK)
		return why(c, status, "get_policy", i);
	if ((interval ? got.interval_ms : got.hotspot) == value)
		return true;
	printf("#   iteration %u: set %s %" PRIu32 ", read back %" PRIu32 "\n", i,
	       interval ? "interval_ms" : "hotspot", value,
	       interval ? got.interval_ms : got.hotspot);
	return false;
}

struct expect {
	size_t workers;		/* every worker dump has as many */
	size_t sas;
	const char *dev;
	bool interval;		/* the initial namespace's: the interval */
};

static bool one_round(struct xlb_genl *c, const struct expect *e, unsigned int i)
{
	struct xlb_worker_list workers = { 0 };
	struct xlb_sa_list sas = { 0 };
	enum xlb_status status;
	bool pass;

	pass = policy_round_trip(c, e->interval,
				 e->interval ? 10 + i % 1000 : 100 + i % 900, i) &&
	       devs_are(c, e->dev, i) && no_such_sa(c, i);
	if (!pass)
		return false;
	status = xlb_genl_get_workers(c, &workers);
	if (status != XLB_OK)
		pass = why(c, status, "get_workers", i);
	else if (workers.count != e->workers)
		pass = !printf("#   iteration %u: %zu workers, want %zu\n", i,
			       workers.count, e->workers);
	status = pass ? xlb_genl_get_sas(c, 0, &sas) : XLB_OK;
	if (status != XLB_OK)
		pass = why(c, status, "get_sas", i);
	else if (pass && sas.count != e->sas)
		pass = !printf("#   iteration %u: %zu SAs, want %zu\n", i, sas.count, e->sas);
	xlb_worker_list_free(&workers);
	xlb_sa_list_free(&sas);
	return pass && no_such_sa(c, i);
}

static bool mixed_sequence(struct xlb_genl *c, const struct expect *e,
			   unsigned int iterations)
{
	for (unsigned int i = 0; i < iterations; i++)
		if (!one_round(c, e, i))
			return false;
	return true;
}

static size_t count_workers(struct xlb_genl *c)
{
	struct xlb_worker_list workers = { 0 };
	size_t n = 0;

	if (xlb_genl_get_workers(c, &workers) == XLB_OK)
		n = workers.count;
	xlb_worker_list_free(&workers);
	return n;
}

struct seen {
	uint32_t spi;
	unsigned int moves;	/* events of @spi, in order */
	uint32_t to[64];
};

static void on_event(const struct xlb_event *ev, void *arg)
{
	struct seen *s = arg;

	if (ev->spi == s->spi && ev->has_to && s->moves < 64)
		s->to[s->moves++] = ev->to;
}

/*
 * Reads events until @s has @moves of them, or (with @until_reload) until
 * the handle says the module was reloaded; at most EVENT_WAIT_MS for each.
 */
static enum xlb_status wait_events(struct xlb_genl *c, struct seen *s,
				   unsigned int moves, bool until_reload)
{
	struct pollfd pfd = { .fd = xlb_genl_events_fd(c), .events = POLLIN };
	enum xlb_status status;

	while (s->moves < moves) {
		if (poll(&pfd, 1, EVENT_WAIT_MS) <= 0)
			return XLB_ERR_TIMEOUT;
		status = xlb_genl_read_events(c, on_event, s);
		if (status == XLB_ERR_RELOADED && until_reload)
			return status;
		if (status != XLB_OK)
			return status;
	}
	return XLB_OK;
}

static bool pin(struct xlb_genl *c, uint32_t spi, uint32_t cpu, unsigned int i)
{
	struct xlb_sa_key key = { .spi = spi, .dir = XLB_SA_DIR_OUT };
	struct xlb_sa_change change = { .kind = XLB_SA_PIN, .worker = cpu };
	enum xlb_status status = xlb_genl_sa_set(c, &key, &change);

	return status == XLB_OK || why(c, status, "pin", i);
}

/* The worker outbound SA @spi is on now, -1 when not found. */
static int sa_worker(struct xlb_genl *c, uint32_t spi)
{
	struct xlb_sa_list sas = { 0 };
	int worker = -1;

	if (xlb_genl_get_sas(c, 0, &sas) == XLB_OK)
		for (size_t i = 0; i < sas.count; i++)
			if (sas.items[i].spi == spi && sas.items[i].dir == XLB_SA_DIR_OUT)
				worker = (int)sas.items[i].worker;
	xlb_sa_list_free(&sas);
	return worker;
}

/*
 * Pins the SA back and forth between workers 0 and 1, a move each time,
 * asking the policy between: each move is an event, in order.
 */
static bool pins_seen_as_events(struct xlb_genl *c, uint32_t spi, unsigned int n)
{
	struct seen s = { .spi = spi };
	int first = 1 - sa_worker(c, spi);
	struct xlb_policy p;
	enum xlb_status status;

	if (first != 0 && first != 1)
		return !printf("#   SA 0x%x is on worker %d, not 0 or 1\n", spi, 1 - first);
	for (unsigned int i = 0; i < n; i++) {
		status = xlb_genl_get_policy(c, &p);
		if (status != XLB_OK)
			return why(c, status, "get_policy", i);
		if (!pin(c, spi, (first + i) % 2, i))
			return false;
	}
	status = wait_events(c, &s, n, false);
	if (status != XLB_OK)
		return why(c, status, "reading events", s.moves);
	for (unsigned int i = 0; i < n; i++)
		if (s.to[i] != (first + i) % 2) {
			printf("#   SA 0x%x was on worker %d; its events went to:", spi,
			       1 - first);
			for (unsigned int j = 0; j < s.moves; j++)
				printf(" %u", s.to[j]);
			printf("\n");
			return false;
		}
	return true;
}

int main(int argc, char *argv[])
{
	struct xlb_genl c, ns;
	enum xlb_status status;
	struct expect init_e, ns_e;
	unsigned int iterations;
	uint32_t spi;
	ino_t before;
	int old_family;
	bool pass;

	if (argc != 5) {
		fprintf(stderr, "usage: genl_sequence NETNS SPI ITERATIONS RELOAD_COMMAND\n");
		return 2;
	}
	spi = strtoul(argv[2], NULL, 0);
	iterations = strtoul(argv[3], NULL, 0);
	printf("TAP version 13\n1..11\n");

	before = own_netns();
	status = xlb_genl_open(&c);
	if (!ok(status == XLB_OK, "open in the initial namespace"))
		return why(&c, status, "open", 0), 1;
	status = xlb_genl_open_netns(&ns, argv[1]);
	if (!ok(status == XLB_OK && own_netns() == before,
		"open in namespace %s by name, the process stays where it was", argv[1]))
		return why(&ns, status, "open_netns", 0), 1;
	ok(devs_are(&ns, "xlb0", 0) && devs_are(&c, "", 0),
	   "xlb0 is seen through the namespace's handle only");

	init_e = (struct expect){ .workers = count_workers(&c), .dev = "", .interval = true };
	ns_e = (struct expect){ .workers = init_e.workers, .sas = 2, .dev = "xlb0" };
	ok(mixed_sequence(&ns, &ns_e, iterations),
	   "%u rounds of set/get policy, devs, workers, SAs, a refused sa_set in %s: every answer its own",
	   iterations, argv[1]);
	ok(mixed_sequence(&c, &init_e, iterations),
	   "%u rounds with the interval in the initial namespace: every answer its own",
	   iterations);

	status = xlb_genl_subscribe(&ns);
	if (status != XLB_OK)
		why(&ns, status, "subscribe", 0);
	ok(status == XLB_OK && ns.events_rcvbuf >= 2 * XLB_GENL_EVENTS_RCVBUF,
	   "subscribe: receive buffer %d bytes, over net.core.rmem_max", ns.events_rcvbuf);
	ok(pins_seen_as_events(&ns, spi, 20) && mixed_sequence(&ns, &ns_e, 20),
	   "subscribed handle: 20 pins asked and seen as events, requests answered between");

	old_family = c.family;
	fflush(stdout);
	if (system(argv[4]) != 0)
		printf("#   %s failed\n", argv[4]);
	pass = policy_round_trip(&c, true, 100, 0) && no_such_sa(&c, 0);
	ok(pass, "after the reload the first handle works again (family id %d, was %d)",
	   c.family, old_family);
	{
		struct seen s = { .spi = spi };

		status = wait_events(&ns, &s, UINT_MAX, true);
		if (status != XLB_ERR_RELOADED)
			why(&ns, status, "events after the reload", 0);
		ok(status == XLB_ERR_RELOADED && ns.family == c.family,
		   "the events socket says the module was reloaded, and takes the new id");
	}
	ok(mixed_sequence(&ns, &ns_e, 20), "the namespace's handle answers again after the reload");
	ok(pins_seen_as_events(&ns, spi, 4), "and sees events again");

	xlb_genl_close(&ns);
	xlb_genl_close(&c);
	return failed ? 1 : 0;
}
