// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <sys/socket.h>

#include "lib/json_writer.h"
#include "xlbctl_print.h"

/* The formats are the callers' (iproute2's json_print.c does the same). */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

static FILE *out;
static bool json;
static struct json_writer jw;

void print_begin(FILE *file, bool as_json)
{
	out = file;
	json = as_json;
	if (json)
		json_writer_init(&jw, out);
}

void print_end(void)
{
	if (json)
		fputc('\n', out);
}

bool is_json_context(void)
{
	return json;
}

/* True, with the key written, when the field goes to JSON. */
static bool json_field(enum output_type t, const char *key)
{
	if (!json || !(t & PRINT_JSON))
		return false;
	if (key)
		json_key(&jw, key);
	return true;
}

static bool text_field(enum output_type t, const char *fmt)
{
	return !json && (t & PRINT_FP) && fmt;
}

void open_json_object(const char *key)
{
	if (json_field(PRINT_JSON, key))
		json_begin_object(&jw);
}

void close_json_object(void)
{
	if (json)
		json_end_object(&jw);
}

void open_json_array(const char *key)
{
	if (json_field(PRINT_JSON, key))
		json_begin_array(&jw);
}

void close_json_array(void)
{
	if (json)
		json_end_array(&jw);
}

void print_uint(enum output_type t, const char *key, const char *fmt, unsigned int v)
{
	if (json_field(t, key))
		json_uint(&jw, v);
	else if (text_field(t, fmt))
		fprintf(out, fmt, v);
}

void print_u64(enum output_type t, const char *key, const char *fmt, uint64_t v)
{
	if (json_field(t, key))
		json_uint(&jw, v);
	else if (text_field(t, fmt))
		fprintf(out, fmt, v);
}

void print_int(enum output_type t, const char *key, const char *fmt, int v)
{
	if (json_field(t, key))
		json_int(&jw, v);
	else if (text_field(t, fmt))
		fprintf(out, fmt, v);
}

void print_bool(enum output_type t, const char *key, const char *fmt, bool v)
{
	if (json_field(t, key))
		json_bool(&jw, v);
	else if (text_field(t, fmt))
		fprintf(out, fmt, v ? "yes" : "no");
}

void print_string(enum output_type t, const char *key, const char *fmt, const char *s)
{
	if (json_field(t, key)) {
		if (s && s[0])
			json_string(&jw, s);
		else
			json_null(&jw);
	} else if (text_field(t, fmt)) {
		fprintf(out, fmt, s && s[0] ? s : "-");
	}
}

void print_null(enum output_type t, const char *key, const char *fmt)
{
	if (json_field(t, key))
		json_null(&jw);
	else if (text_field(t, fmt))
		fputs(fmt, out);
}

void print_nl(void)
{
	if (!json)
		fputc('\n', out);
}

void print_permille(enum output_type t, const char *key, const char *fmt, uint32_t permille)
{
	char buf[XLB_PERMILLE_STRLEN];

	if (json_field(t, key))
		json_uint(&jw, permille);
	else if (text_field(t, fmt))
		fprintf(out, fmt, xlb_permille_string(permille, buf));
}

void print_addr(enum output_type t, const char *key, const char *fmt,
		uint16_t family, const uint8_t addr[16])
{
	char buf[XLB_ADDR_STRLEN];
	bool known = family == AF_INET || family == AF_INET6;

	print_string(t, key, fmt, known ? xlb_addr_string(family, addr, buf) : NULL);
}

const char *xlb_permille_string(uint32_t permille, char buf[XLB_PERMILLE_STRLEN])
{
	snprintf(buf, XLB_PERMILLE_STRLEN, "%u.%u%%", permille / 10, permille % 10);
	return buf;
}

const char *xlb_addr_string(uint16_t family, const uint8_t addr[16],
			    char buf[XLB_ADDR_STRLEN])
{
	if ((family != AF_INET && family != AF_INET6) ||
	    !inet_ntop(family, addr, buf, XLB_ADDR_STRLEN))
		snprintf(buf, XLB_ADDR_STRLEN, "-");
	return buf;
}

const char *xlb_dev_display(const char *ifname, uint32_t ifindex,
			    char buf[XLB_DEV_STRLEN])
{
	if (ifname[0])
		return ifname;
	snprintf(buf, XLB_DEV_STRLEN, "if%u", ifindex);
	return buf;
}
