// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <sys/socket.h>

#include <linux/xlb.h>

#include "lib/xlb_names.h"
#include "xlbctl_args.h"

/* The kernel's IFNAMSIZ, counting the NUL. */
#define IFNAME_MAX 16

/* Each command's syntax; the topic of "xlbctl CMD... help" picks lines. */
static const struct {
	const char *topic;
	const char *syntax;
} usage_lines[] = {
	{ "dev show", "dev [show [[dev] DEV]]" },
	{ "workers show", "workers [show]" },
	{ "sa list", "sa [list [[dev] DEV]]" },
	{ "sa pin", "sa pin SPI WORKER [dir in|out] [dev DEV] [dst ADDR]" },
	{ "sa unpin", "sa unpin SPI [dir in|out] [dev DEV] [dst ADDR]" },
	{ "sa spray", "sa spray SPI on|off|auto [dir in|out] [dev DEV] [dst ADDR]" },
	{ "policy show", "policy [show]" },
	{ "policy set", "policy set KEY VALUE [KEY VALUE]..." },
	{ "tunnel list", "tunnel [list]" },
	{ "failover list", "failover [list]" },
	{ "monitor", "monitor [EVENT-CLASS]..." },
	{ "stats", "stats [-i SECONDS] [-c COUNT]" },
};

#define NUM_USAGE_LINES (sizeof(usage_lines) / sizeof(usage_lines[0]))

/* Whether @topic is @line's topic or its first words ("sa" of "sa pin"). */
static bool topic_covers(const char *topic, const char *line)
{
	size_t n = strlen(topic);

	return strncmp(line, topic, n) == 0 && (line[n] == '\0' || line[n] == ' ');
}

void xlbctl_print_usage(FILE *out, const char *topic)
{
	const char *lead = "Usage: ";
	size_t k;

	for (k = 0; k < NUM_USAGE_LINES; k++) {
		if (topic && !topic_covers(topic, usage_lines[k].topic))
			continue;
		fprintf(out, "%sxlbctl [OPTIONS] %s\n", lead, usage_lines[k].syntax);
		lead = "       ";
	}
	if (topic) {
		fputs("\nOptions: -j (JSON), -p (pretty JSON), -n NETNS; see xlbctl --help and xlbctl(8).\n",
		      out);
		return;
	}
	fputs("       xlbctl [OPTIONS] help | CMD... help\n"
	      "       xlbctl -h | --help\n"
	      "       xlbctl -V | --version\n"
	      "\n"
	      "Show and steer xlb devices (ip link add link LOWER name NAME type xlb).\n"
	      "Objects and commands may be abbreviated while unambiguous (xlbctl w,\n"
	      "xlbctl sa l).\n"
	      "\n"
	      "Commands:\n"
	      "  dev show [DEV]  list xlb devices, or only DEV (the default command)\n"
	      "  workers         one line per worker: load, queue, rates, SAs\n"
	      "  sa list         offloaded SAs: placement, cost, counters\n"
	      "  sa pin          keep an SA on one worker; sa unpin lets it move again\n"
	      "  sa spray        spread an SA over every worker: on, off or auto\n"
	      "  policy show     placement and balancing of this network namespace\n"
	      "  policy set      keys: placement hash|least-loaded|adaptive,\n"
	      "                  hotspot 100-1000, interval 10-10000 (ms),\n"
	      "                  spray-threshold 0-10000, max-moves 0-64,\n"
	      "                  move-cooldown 0-1000 (intervals)\n"
	      "  tunnel list     tunnel rules (set by xlbd) and each tunnel's SAs\n"
	      "  failover list   xlbd's gateway pairs and failover groups: who is active, since when\n"
	      "  monitor         print placement, migration and worker events; classes:\n"
	      "                  all, sa, sa-placed, sa-migrated, sa-removed,\n"
	      "                  hotspot, worker, worker-online, worker-offline\n"
	      "  stats           live load bars and the costliest SAs\n"
	      "\n"
	      "Options:\n"
	      "  -j, --json          print JSON\n"
	      "  -p, --pretty        indent the JSON (with -j; no effect without)\n"
	      "  -s, --stats         add packet, byte and drop counters (dev show)\n"
	      "  -t, --timestamp     monitor: a \"Timestamp:\" line before each event\n"
	      "  -ts, --tshort       monitor: a short [YYYY-MM-DDThh:mm:ss.usec] prefix\n"
	      "  -n, --netns NETNS   run in network namespace NETNS (/run/netns)\n"
	      "  -h, --help          print this help and exit\n"
	      "  -V, --version       print the version and exit\n"
	      "  stats -i SECONDS    refresh interval (default 1)\n"
	      "  stats -c COUNT      print COUNT frames and exit\n",
	      out);
}

/* The words still to parse, and where to explain a refusal. */
struct cursor {
	int argc;
	char *const *argv;
	int i;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3)))
static int usage_error(struct cursor *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err, c->errlen, fmt, ap);
	va_end(ap);
	return XLBCTL_EXIT_USAGE;
}

static bool at_end(const struct cursor *c)
{
	return c->i >= c->argc;
}

static const char *peek(const struct cursor *c)
{
	return at_end(c) ? NULL : c->argv[c->i];
}

static bool accept_word(struct cursor *c, const char *word)
{
	if (at_end(c) || strcmp(c->argv[c->i], word) != 0)
		return false;
	c->i++;
	return true;
}

#define PICK_NONE (-1)
#define PICK_AMBIGUOUS (-2)

/*
 * The next word as one of @words (NULL-terminated), spelled out or
 * abbreviated as ip allows ("l" for "list"); taken when it names exactly
 * one. Returns its index, PICK_NONE (the word not taken), or
 * PICK_AMBIGUOUS with the candidates in the error: "ambiguous command
 * 'sa s': show, spray" (@object "sa"), "ambiguous object 's': sa, stats"
 * (@object NULL).
 */
static int pick(struct cursor *c, const char *object, const char *const *words)
{
	const char *w = peek(c), *sep = "";
	char list[128] = "";
	size_t len, used = 0;
	int k, found = PICK_NONE, n = 0;

	if (!w || !w[0])
		return PICK_NONE;
	len = strlen(w);
	for (k = 0; words[k]; k++) {
		if (strcmp(words[k], w) == 0) {
			c->i++;
			return k;
		}
		if (strncmp(words[k], w, len) != 0)
			continue;
		found = k;
		n++;
		if (used < sizeof(list))
			used += snprintf(list + used, sizeof(list) - used, "%s%s",
					 sep, words[k]);
		sep = ", ";
	}
	if (n == 0)
		return PICK_NONE;
	if (n == 1) {
		c->i++;
		return found;
	}
	if (object)
		usage_error(c, "ambiguous command '%s %s': %s", object, w, list);
	else
		usage_error(c, "ambiguous object '%s': %s", w, list);
	return PICK_AMBIGUOUS;
}

/* The kernel's dev_valid_name(): refuse early what it would refuse anyway. */
static bool is_valid_ifname(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len >= IFNAME_MAX)
		return false;
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return false;
	for (; *name; name++)
		if (*name == '/' || *name == ':' || isspace((unsigned char)*name))
			return false;
	return true;
}

/* A file name under /run/netns, as "ip netns add" makes them. */
static bool is_valid_netns(const char *name)
{
	size_t len = strlen(name);

	return len > 0 && len <= NAME_MAX && !strchr(name, '/') &&
	       strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
}

static bool looks_like_option(const char *arg)
{
	return arg[0] == '-' && arg[1] != '\0';
}

/*
 * @base 10: decimal. @base 0: decimal, or hexadecimal after 0x; a leading
 * 0 is still decimal (the man page's word), never strtoull's octal.
 * Nothing else: no sign, no blanks.
 */
static int parse_u32(const char *s, int base, uint32_t *out)
{
	unsigned long long v;
	char *end;

	if (base == 0 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		base = 16;
		/* strtoull would take a second 0x. */
		if (!s[0] || strspn(s, "0123456789abcdefABCDEF") != strlen(s))
			return -1;
	} else {
		base = 10;
		if (!isdigit((unsigned char)s[0]))
			return -1;
	}
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno || *end || v > UINT32_MAX)
		return -1;
	*out = v;
	return 0;
}

static int parse_netns_option(struct cursor *c, struct xlbctl_args *args,
			      const char *opt)
{
	const char *name;

	if (++c->i >= c->argc)
		return usage_error(c, "option '%s' requires an argument", opt);
	name = c->argv[c->i];
	if (!is_valid_netns(name))
		return usage_error(c, "invalid network namespace name '%s'", name);
	args->netns = name;
	return -1;
}

static const struct {
	const char *name;
	char opt;
} long_options[] = {
	{ "--json", 'j' },
	{ "--pretty", 'p' },
	{ "--timestamp", 't' },
	{ "--tshort", 'T' },
	{ "--stats", 's' },
	{ "--netns", 'n' },
	{ "--help", 'h' },
	{ "--version", 'V' },
};

#define NUM_LONG_OPTIONS (sizeof(long_options) / sizeof(long_options[0]))

/*
 * Applies one option letter. Returns -1 to go on, XLBCTL_EXIT_OK when it
 * ends parsing (help, version), XLBCTL_EXIT_USAGE on an error. -n takes
 * the next word, so it must end a bundle.
 */
static int apply_option(struct cursor *c, struct xlbctl_args *args, char opt,
			const char *spelled, bool last_in_word)
{
	switch (opt) {
	case 'j':
		args->json = true;
		return -1;
	case 'p':
		args->pretty = true;
		return -1;
	case 's':
		args->stats = true;
		return -1;
	case 't':
		args->timestamp = XLBCTL_TIMESTAMP_LONG;
		return -1;
	case 'T':	/* -ts, --tshort */
		args->timestamp = XLBCTL_TIMESTAMP_SHORT;
		return -1;
	case 'n':
		if (!last_in_word)
			return usage_error(c, "option '-n' must be last in '%s'",
					   c->argv[c->i]);
		return parse_netns_option(c, args, spelled);
	case 'h':
		args->action = XLBCTL_ACTION_HELP;
		return XLBCTL_EXIT_OK;
	case 'V':
		args->action = XLBCTL_ACTION_VERSION;
		return XLBCTL_EXIT_OK;
	}
	return usage_error(c, "invalid option -- '%c'", opt);
}

/*
 * Consumes leading options. Returns -1 to go on to the positional words,
 * XLBCTL_EXIT_OK when help or version was asked for, XLBCTL_EXIT_USAGE on
 * an error. Sets *@end_of_options when "--" was seen, after which words
 * starting with '-' are names.
 */
static int parse_options(struct cursor *c, struct xlbctl_args *args,
			 bool *end_of_options)
{
	for (; !at_end(c) && looks_like_option(peek(c)); c->i++) {
		const char *arg = peek(c);
		size_t k;
		int ret;

		if (strcmp(arg, "--") == 0) {
			c->i++;
			*end_of_options = true;
			return -1;
		}
		if (arg[1] == '-') {
			for (k = 0; k < NUM_LONG_OPTIONS; k++)
				if (strcmp(arg, long_options[k].name) == 0)
					break;
			if (k == NUM_LONG_OPTIONS)
				return usage_error(c, "unrecognized option '%s'", arg);
			ret = apply_option(c, args, long_options[k].opt, arg, true);
			if (ret >= 0)
				return ret;
			continue;
		}
		/*
		 * ip's -ts: one option, not -t and -s (which apply to
		 * different commands, so together they could mean nothing).
		 */
		if (strcmp(arg, "-ts") == 0) {
			apply_option(c, args, 'T', arg, true);
			continue;
		}
		/* Bundled short options, as getopt allows: -js */
		for (k = 1; arg[k]; k++) {
			char spelled[3] = { '-', arg[k], '\0' };

			ret = apply_option(c, args, arg[k], spelled, arg[k + 1] == '\0');
			if (ret >= 0)
				return ret;
			if (arg[k] == 'n')
				break;
		}
	}
	return -1;
}

static int expect_end(struct cursor *c)
{
	if (!at_end(c))
		return usage_error(c, "unexpected argument '%s'", peek(c));
	return XLBCTL_EXIT_OK;
}

/* "help" as the next word: usage for @topic ("sa pin help"). */
static bool take_help(struct cursor *c, struct xlbctl_args *args, const char *topic)
{
	if (!accept_word(c, "help"))
		return false;
	args->action = XLBCTL_ACTION_HELP;
	args->help_topic = topic;
	return true;
}

/* "dev DEV": the word "dev" already taken. */
static int parse_dev_name(struct cursor *c, struct xlbctl_args *args)
{
	if (at_end(c))
		return usage_error(c, "'dev' needs a device name");
	if (!is_valid_ifname(peek(c)))
		return usage_error(c, "invalid device name '%s'", peek(c));
	args->dev = c->argv[c->i++];
	return XLBCTL_EXIT_OK;
}

/*
 * The command word after @object: its index in @words, 0 (the default)
 * when there is none. -1 when parsing ends here, with the exit code in
 * *@ret: "help" (always a command: OK, or a usage error for words after
 * it), or an unknown or ambiguous word (a usage error).
 */
static int command_of(struct cursor *c, struct xlbctl_args *args, const char *object,
		      const char *const *words, int *ret)
{
	static const char *const help[] = { "help", NULL };
	int k;

	*ret = XLBCTL_EXIT_OK;
	if (at_end(c))
		return 0;
	k = pick(c, object, words);
	if (k >= 0)
		return k;
	if (k == PICK_NONE && pick(c, object, help) == 0) {
		args->action = XLBCTL_ACTION_HELP;
		args->help_topic = object;
		*ret = expect_end(c);
		return -1;
	}
	if (k == PICK_NONE)
		usage_error(c, "unknown command '%s %s'", object, peek(c));
	*ret = XLBCTL_EXIT_USAGE;
	return -1;
}

static int parse_dev(struct cursor *c, struct xlbctl_args *args)
{
	static const char *const cmds[] = { "show", NULL };
	int ret;

	args->action = XLBCTL_ACTION_DEV_SHOW;
	if (command_of(c, args, "dev", cmds, &ret) < 0)
		return ret;
	if (at_end(c))
		return XLBCTL_EXIT_OK;
	if (take_help(c, args, "dev show"))
		return expect_end(c);
	/* ip link show [dev] DEV: "dev" is always the keyword, as there. */
	accept_word(c, "dev");
	if (parse_dev_name(c, args) != XLBCTL_EXIT_OK)
		return XLBCTL_EXIT_USAGE;
	return expect_end(c);
}

static int parse_workers(struct cursor *c, struct xlbctl_args *args)
{
	static const char *const cmds[] = { "show", NULL };
	int ret;

	args->action = XLBCTL_ACTION_WORKERS;
	if (command_of(c, args, "workers", cmds, &ret) < 0)
		return ret;
	return expect_end(c);
}

static int parse_spi(struct cursor *c, struct xlbctl_args *args)
{
	if (at_end(c))
		return usage_error(c, "missing SPI");
	if (parse_u32(peek(c), 0, &args->spi) || args->spi == 0)
		return usage_error(c, "invalid SPI '%s'", peek(c));
	c->i++;
	return XLBCTL_EXIT_OK;
}

/* "dst ADDR": the word "dst" already taken. IPv4 or IPv6, as ip writes them. */
static int parse_dst(struct cursor *c, struct xlbctl_args *args)
{
	if (args->family)
		return usage_error(c, "'dst' given twice");
	if (at_end(c))
		return usage_error(c, "'dst' needs an IPv4 or IPv6 address");
	if (inet_pton(AF_INET, peek(c), args->daddr) == 1)
		args->family = AF_INET;
	else if (inet_pton(AF_INET6, peek(c), args->daddr) == 1)
		args->family = AF_INET6;
	else
		return usage_error(c, "invalid address '%s' (IPv4 or IPv6)", peek(c));
	c->i++;
	return XLBCTL_EXIT_OK;
}

/* [dir in|out] [dev DEV] [dst ADDR], in any order, each at most once. */
static int parse_sa_qualifiers(struct cursor *c, struct xlbctl_args *args)
{
	while (!at_end(c)) {
		if (accept_word(c, "dir")) {
			if (args->dir)
				return usage_error(c, "'dir' given twice");
			if (at_end(c) || xlb_dir_parse(peek(c), &args->dir))
				return usage_error(c, "'dir' needs 'in' or 'out'");
			c->i++;
		} else if (accept_word(c, "dev")) {
			if (args->dev)
				return usage_error(c, "'dev' given twice");
			if (parse_dev_name(c, args) != XLBCTL_EXIT_OK)
				return XLBCTL_EXIT_USAGE;
		} else if (accept_word(c, "dst")) {
			if (parse_dst(c, args) != XLBCTL_EXIT_OK)
				return XLBCTL_EXIT_USAGE;
		} else {
			return usage_error(c, "unexpected argument '%s'", peek(c));
		}
	}
	return XLBCTL_EXIT_OK;
}

static int parse_sa(struct cursor *c, struct xlbctl_args *args)
{
	enum { LIST, SHOW, DEV, PIN, UNPIN, SPRAY };
	static const char *const cmds[] = {
		"list", "show", "dev", "pin", "unpin", "spray", NULL
	};
	static const char *const topics[] = {
		"sa list", "sa list", "sa list", "sa pin", "sa unpin", "sa spray"
	};
	int cmd, ret;

	args->action = XLBCTL_ACTION_SA_LIST;
	cmd = command_of(c, args, "sa", cmds, &ret);
	if (cmd < 0)
		return ret;
	if (take_help(c, args, topics[cmd]))
		return expect_end(c);
	switch (cmd) {
	case LIST:
	case SHOW:
		/* sa list [dev] DEV, as ip link show [dev] DEV */
		if (at_end(c))
			return XLBCTL_EXIT_OK;
		accept_word(c, "dev");
		if (parse_dev_name(c, args) != XLBCTL_EXIT_OK)
			return XLBCTL_EXIT_USAGE;
		return expect_end(c);
	case DEV:
		if (parse_dev_name(c, args) != XLBCTL_EXIT_OK)
			return XLBCTL_EXIT_USAGE;
		return expect_end(c);
	case PIN:
		args->action = XLBCTL_ACTION_SA_PIN;
		if (parse_spi(c, args) != XLBCTL_EXIT_OK)
			return XLBCTL_EXIT_USAGE;
		if (at_end(c))
			return usage_error(c, "missing WORKER");
		if (parse_u32(peek(c), 10, &args->worker))
			return usage_error(c, "invalid worker '%s'", peek(c));
		c->i++;
		break;
	case UNPIN:
		args->action = XLBCTL_ACTION_SA_UNPIN;
		if (parse_spi(c, args) != XLBCTL_EXIT_OK)
			return XLBCTL_EXIT_USAGE;
		break;
	case SPRAY:
		args->action = XLBCTL_ACTION_SA_SPRAY;
		if (parse_spi(c, args) != XLBCTL_EXIT_OK)
			return XLBCTL_EXIT_USAGE;
		if (at_end(c) || xlb_spray_parse(peek(c), &args->spray))
			return usage_error(c, "'spray' needs 'on', 'off' or 'auto'");
		c->i++;
		break;
	}
	return parse_sa_qualifiers(c, args);
}

static int parse_policy_pair(struct cursor *c, struct xlb_policy *p)
{
	const char *key = peek(c), *value;
	const struct xlb_policy_key *k = xlb_policy_key_find(key);
	uint32_t v;

	if (!k)
		return usage_error(c, "unknown policy key '%s'", key);
	if (xlb_policy_key_given(k, p))
		return usage_error(c, "policy key '%s' given twice", key);
	if (++c->i >= c->argc)
		return usage_error(c, "policy key '%s' needs a value", key);
	value = c->argv[c->i++];
	if (xlb_policy_key_is_placement(k)) {
		if (xlb_placement_parse(value, &v))
			return usage_error(c, "placement must be hash, least-loaded or adaptive, not '%s'",
					   value);
	} else if (parse_u32(value, 10, &v) || v < k->min || v > k->max) {
		return usage_error(c, "%s must be a number from %u to %u, not '%s'",
				   key, k->min, k->max, value);
	}
	xlb_policy_key_store(k, p, v);
	return XLBCTL_EXIT_OK;
}

static int parse_policy(struct cursor *c, struct xlbctl_args *args)
{
	static const char *const cmds[] = { "show", "set", NULL };
	int cmd, ret;

	args->action = XLBCTL_ACTION_POLICY_SHOW;
	cmd = command_of(c, args, "policy", cmds, &ret);
	if (cmd < 0)
		return ret;
	if (cmd == 0) {
		take_help(c, args, "policy show");
		return expect_end(c);
	}
	if (take_help(c, args, "policy set"))
		return expect_end(c);
	args->action = XLBCTL_ACTION_POLICY_SET;
	if (at_end(c))
		return usage_error(c, "'policy set' needs KEY VALUE");
	while (!at_end(c))
		if (parse_policy_pair(c, &args->policy) != XLBCTL_EXIT_OK)
			return XLBCTL_EXIT_USAGE;
	return XLBCTL_EXIT_OK;
}

/* @object [list|show] [help]: an object whose one command lists it. */
static int parse_list_only(struct cursor *c, struct xlbctl_args *args,
			   const char *object, const char *topic,
			   enum xlbctl_action action)
{
	static const char *const cmds[] = { "list", "show", NULL };
	int ret;

	args->action = action;
	if (command_of(c, args, object, cmds, &ret) < 0)
		return ret;
	take_help(c, args, topic);
	return expect_end(c);
}

static int parse_tunnel(struct cursor *c, struct xlbctl_args *args)
{
	return parse_list_only(c, args, "tunnel", "tunnel list", XLBCTL_ACTION_TUNNEL_LIST);
}

static int parse_failover(struct cursor *c, struct xlbctl_args *args)
{
	return parse_list_only(c, args, "failover", "failover list",
			       XLBCTL_ACTION_FAILOVER_LIST);
}

/* monitor's classes: one event, or several under one word. */
static const struct {
	const char *name;
	uint32_t events;
} event_classes[] = {
	{ "all", 0 },
	{ "sa", XLBCTL_EVENT_BIT(XLB_CMD_SA_PLACED_NTF) |
		XLBCTL_EVENT_BIT(XLB_CMD_SA_MIGRATED_NTF) |
		XLBCTL_EVENT_BIT(XLB_CMD_SA_REMOVED_NTF) },
	{ "sa-placed", XLBCTL_EVENT_BIT(XLB_CMD_SA_PLACED_NTF) },
	{ "sa-migrated", XLBCTL_EVENT_BIT(XLB_CMD_SA_MIGRATED_NTF) },
	{ "sa-removed", XLBCTL_EVENT_BIT(XLB_CMD_SA_REMOVED_NTF) },
	{ "hotspot", XLBCTL_EVENT_BIT(XLB_CMD_HOTSPOT_NTF) },
	{ "worker", XLBCTL_EVENT_BIT(XLB_CMD_WORKER_ONLINE_NTF) |
		    XLBCTL_EVENT_BIT(XLB_CMD_WORKER_OFFLINE_NTF) },
	{ "worker-online", XLBCTL_EVENT_BIT(XLB_CMD_WORKER_ONLINE_NTF) },
	{ "worker-offline", XLBCTL_EVENT_BIT(XLB_CMD_WORKER_OFFLINE_NTF) },
};

#define NUM_EVENT_CLASSES (sizeof(event_classes) / sizeof(event_classes[0]))

/* Every event: what "all" and no class at all mean. */
static uint32_t all_events(void)
{
	uint32_t all = 0;

	for (size_t k = 0; k < NUM_EVENT_CLASSES; k++)
		all |= event_classes[k].events;
	return all;
}

static int unknown_event_class(struct cursor *c, const char *word)
{
	char valid[160] = "";
	size_t used = 0;

	for (size_t k = 0; k < NUM_EVENT_CLASSES && used < sizeof(valid); k++)
		used += snprintf(valid + used, sizeof(valid) - used, "%s%s",
				 k ? ", " : "", event_classes[k].name);
	return usage_error(c, "unknown event class '%s' (valid: %s)", word, valid);
}

/* monitor [EVENT-CLASS]...: exact names only, any order, repeats harmless. */
static int parse_monitor(struct cursor *c, struct xlbctl_args *args)
{
	args->action = XLBCTL_ACTION_MONITOR;
	if (take_help(c, args, "monitor"))
		return expect_end(c);
	for (; !at_end(c); c->i++) {
		size_t k;

		for (k = 0; k < NUM_EVENT_CLASSES; k++)
			if (strcmp(peek(c), event_classes[k].name) == 0)
				break;
		if (k == NUM_EVENT_CLASSES)
			return unknown_event_class(c, peek(c));
		args->events |= event_classes[k].events ? event_classes[k].events :
							  all_events();
	}
	/* Every class named: no filter, as without any. */
	if (args->events == all_events())
		args->events = 0;
	return XLBCTL_EXIT_OK;
}

/* -i SECONDS: a positive decimal, at least 0.1 and at most an hour. */
static int parse_interval(struct cursor *c, const char *s, unsigned int *ms)
{
	double v;
	char *end;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !isdigit((unsigned char)s[0]) ||
	    !isfinite(v) || v < 0.1 || v > 3600)
		return usage_error(c, "invalid interval '%s' (0.1 to 3600 seconds)", s);
	*ms = (unsigned int)(v * 1000 + 0.5);
	return XLBCTL_EXIT_OK;
}

static int parse_stats(struct cursor *c, struct xlbctl_args *args)
{
	if (take_help(c, args, "stats"))
		return expect_end(c);
	args->action = XLBCTL_ACTION_STATS;
	args->interval_ms = XLBCTL_DEFAULT_INTERVAL_MS;
	while (!at_end(c)) {
		const char *opt = c->argv[c->i++];
		uint32_t count;

		if (strcmp(opt, "-i") != 0 && strcmp(opt, "-c") != 0)
			return usage_error(c, "unexpected argument '%s'", opt);
		if (at_end(c))
			return usage_error(c, "option '%s' requires an argument", opt);
		if (opt[1] == 'i') {
			if (parse_interval(c, peek(c), &args->interval_ms))
				return XLBCTL_EXIT_USAGE;
		} else if (parse_u32(peek(c), 10, &count) || count == 0) {
			return usage_error(c, "invalid count '%s'", peek(c));
		} else {
			args->count = count;
		}
		c->i++;
	}
	return XLBCTL_EXIT_OK;
}

static int parse_help(struct cursor *c, struct xlbctl_args *args)
{
	args->action = XLBCTL_ACTION_HELP;
	return expect_end(c);
}

static const char *const object_names[] = {
	"dev", "workers", "sa", "policy", "tunnel", "failover", "monitor", "stats",
	"help", NULL
};

static int (*const object_parsers[])(struct cursor *c, struct xlbctl_args *args) = {
	parse_dev, parse_workers, parse_sa, parse_policy, parse_tunnel,
	parse_failover, parse_monitor, parse_stats, parse_help,
};

/* How the timestamp option given is spelled in a refusal. */
static const char *timestamp_option(const struct xlbctl_args *args)
{
	return args->timestamp == XLBCTL_TIMESTAMP_SHORT ? "-ts" : "-t";
}

int xlbctl_parse_args(int argc, char *const argv[], struct xlbctl_args *args,
		      char *err, size_t errlen)
{
	struct cursor c = { argc, argv, 1, err, errlen };
	bool end_of_options = false;
	int ret;

	memset(args, 0, sizeof(*args));
	args->action = XLBCTL_ACTION_DEV_SHOW;
	if (errlen)
		err[0] = '\0';

	ret = parse_options(&c, args, &end_of_options);
	if (ret >= 0)
		return ret;

	if (at_end(&c)) {
		/* the default: dev show */
		if (args->timestamp)
			return usage_error(&c, "option '%s' applies to 'monitor' only",
					   timestamp_option(args));
		return XLBCTL_EXIT_OK;
	}

	ret = pick(&c, NULL, object_names);
	if (ret == PICK_AMBIGUOUS)
		return XLBCTL_EXIT_USAGE;
	if (ret == PICK_NONE)
		return usage_error(&c, "unknown object '%s'", peek(&c));
	/* Honoured or refused, never ignored. */
	if (args->stats && object_parsers[ret] != parse_dev)
		return usage_error(&c, "option '-s' applies to 'dev show' only");
	if (args->timestamp && object_parsers[ret] != parse_monitor)
		return usage_error(&c, "option '%s' applies to 'monitor' only",
				   timestamp_option(args));

	/*
	 * Like ip: options only before the object, so "dev show -j" is
	 * refused; stats takes its own -i and -c after it.
	 */
	if (object_parsers[ret] != parse_stats)
		for (int k = c.i; k < argc && !end_of_options; k++)
			if (looks_like_option(argv[k]))
				return usage_error(&c, "option '%s' must come before the object",
						   argv[k]);
	return object_parsers[ret](&c, args);
}
