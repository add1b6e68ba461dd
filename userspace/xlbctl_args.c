// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <stdarg.h>
#include <string.h>

#include "xlbctl_args.h"

/* The kernel's IFNAMSIZ, counting the NUL. */
#define IFNAME_MAX 16

void xlbctl_print_usage(FILE *out)
{
	fputs("Usage: xlbctl [OPTIONS] dev [show [DEV]]\n"
	      "       xlbctl -h | --help\n"
	      "       xlbctl -V | --version\n"
	      "\n"
	      "Show xlb devices (ip link add link LOWER name NAME type xlb).\n"
	      "\n"
	      "Commands:\n"
	      "  dev show [DEV]  list xlb devices, or only DEV (the default command)\n"
	      "\n"
	      "Options:\n"
	      "  -j, --json      print JSON\n"
	      "  -s, --stats     add packet, byte and drop counters\n"
	      "  -h, --help      print this help and exit\n"
	      "  -V, --version   print the version and exit\n",
	      out);
}

__attribute__((format(printf, 3, 4)))
static int usage_error(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return XLBCTL_EXIT_USAGE;
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

static bool looks_like_option(const char *arg)
{
	return arg[0] == '-' && arg[1] != '\0';
}

/* Returns true when the option ends parsing (help, version). */
static bool apply_short_option(char opt, struct xlbctl_args *args)
{
	switch (opt) {
	case 'j':
		args->json = true;
		return false;
	case 's':
		args->stats = true;
		return false;
	case 'h':
		args->action = XLBCTL_ACTION_HELP;
		return true;
	case 'V':
		args->action = XLBCTL_ACTION_VERSION;
		return true;
	}
	return false;
}

static const struct {
	const char *name;
	char opt;
} long_options[] = {
	{ "--json", 'j' },
	{ "--stats", 's' },
	{ "--help", 'h' },
	{ "--version", 'V' },
};

/*
 * Consumes leading options from @argv starting at *@i. Returns -1 to go on
 * to the positional words, XLBCTL_EXIT_OK when help or version was asked
 * for, XLBCTL_EXIT_USAGE on an unknown option. Sets *@end_of_options when
 * "--" was seen, after which words starting with '-' are names.
 */
static int parse_options(int argc, char *const argv[], int *i,
			 struct xlbctl_args *args, bool *end_of_options,
			 char *err, size_t errlen)
{
	for (; *i < argc && looks_like_option(argv[*i]); (*i)++) {
		const char *arg = argv[*i];
		size_t k;

		if (strcmp(arg, "--") == 0) {
			(*i)++;
			*end_of_options = true;
			return -1;
		}
		if (arg[1] == '-') {
			for (k = 0; k < sizeof(long_options) / sizeof(long_options[0]); k++)
				if (strcmp(arg, long_options[k].name) == 0)
					break;
			if (k == sizeof(long_options) / sizeof(long_options[0]))
				return usage_error(err, errlen,
						   "unrecognized option '%s'", arg);
			if (apply_short_option(long_options[k].opt, args))
				return XLBCTL_EXIT_OK;
			continue;
		}
		/* Bundled short options, as getopt allows: -js */
		for (k = 1; arg[k]; k++) {
			if (!strchr("jshV", arg[k]))
				return usage_error(err, errlen,
						   "invalid option -- '%c'", arg[k]);
			if (apply_short_option(arg[k], args))
				return XLBCTL_EXIT_OK;
		}
	}
	return -1;
}

int xlbctl_parse_args(int argc, char *const argv[], struct xlbctl_args *args,
		      char *err, size_t errlen)
{
	bool end_of_options = false;
	int i = 1, ret;

	memset(args, 0, sizeof(*args));
	args->action = XLBCTL_ACTION_DEV_SHOW;
	if (errlen)
		err[0] = '\0';

	ret = parse_options(argc, argv, &i, args, &end_of_options, err, errlen);
	if (ret >= 0)
		return ret;

	/* Like ip: options only before the object, so "dev show -j" is refused. */
	for (int k = i; k < argc && !end_of_options; k++)
		if (looks_like_option(argv[k]))
			return usage_error(err, errlen,
					   "option '%s' must come before the object",
					   argv[k]);

	if (i == argc)
		return XLBCTL_EXIT_OK;	/* the default: dev show */
	if (strcmp(argv[i], "dev") != 0)
		return usage_error(err, errlen, "unknown object '%s'", argv[i]);
	if (++i == argc)
		return XLBCTL_EXIT_OK;
	if (strcmp(argv[i], "show") != 0)
		return usage_error(err, errlen, "unknown command 'dev %s'", argv[i]);
	if (++i == argc)
		return XLBCTL_EXIT_OK;
	if (!is_valid_ifname(argv[i]))
		return usage_error(err, errlen, "invalid device name '%s'", argv[i]);
	args->dev = argv[i];
	if (++i != argc)
		return usage_error(err, errlen, "unexpected argument '%s'", argv[i]);
	return XLBCTL_EXIT_OK;
}
