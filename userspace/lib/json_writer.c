// SPDX-License-Identifier: GPL-2.0
#include <assert.h>
#include <inttypes.h>

#include "json_writer.h"

static bool is_continuation(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

/*
 * Length of the well-formed UTF-8 sequence at @s (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or 0 if ill-formed. The
 * checks stop at the first bad byte, so the terminating NUL is never
 * read past.
 */
static size_t utf8_sequence_len(const unsigned char *s)
{
	unsigned char lo = 0x80, hi = 0xbf;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		return is_continuation(s[1]) ? 2 : 0;
	if (s[0] >= 0xe0 && s[0] <= 0xef) {
		if (s[0] == 0xe0)
			lo = 0xa0;
		else if (s[0] == 0xed)
			hi = 0x9f;
		return s[1] >= lo && s[1] <= hi && is_continuation(s[2]) ? 3 : 0;
	}
	if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;
		return s[1] >= lo && s[1] <= hi && is_continuation(s[2]) &&
		       is_continuation(s[3]) ? 4 : 0;
	}
	return 0;
}

static void write_escaped_char(FILE *out, unsigned char c)
{
	switch (c) {
	case '"':
		fputs("\\\"", out);
		break;
	case '\\':
		fputs("\\\\", out);
		break;
	case '\b':
		fputs("\\b", out);
		break;
	case '\f':
		fputs("\\f", out);
		break;
	case '\n':
		fputs("\\n", out);
		break;
	case '\r':
		fputs("\\r", out);
		break;
	case '\t':
		fputs("\\t", out);
		break;
	default:
		/* DEL is legal JSON but invisible; escape it with the rest. */
		if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
}

void json_write_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', out);
	while (*p) {
		size_t len = utf8_sequence_len(p);

		if (len == 0) {
			fputs("\\ufffd", out);
			p++;
		} else if (len == 1) {
			write_escaped_char(out, *p++);
		} else {
			fwrite(p, 1, len, out);
			p += len;
		}
	}
	fputc('"', out);
}

static bool pretty_default;

void json_writer_set_pretty(bool pretty)
{
	pretty_default = pretty;
}

void json_writer_init(struct json_writer *w, FILE *out)
{
	w->out = out;
	w->pretty = pretty_default;
	w->depth = 0;
	w->after_key = false;
	w->has_items[0] = false;
}

/* Pretty: a new line, indented @depth levels. */
static void new_line(struct json_writer *w, unsigned int depth)
{
	fputc('\n', w->out);
	for (unsigned int i = 0; i < depth; i++)
		fputs("    ", w->out);
}

/* Every value and every key goes through here to get its separator. */
static void begin_item(struct json_writer *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->has_items[w->depth])
		fputc(',', w->out);
	w->has_items[w->depth] = true;
	if (w->pretty && w->depth > 0)
		new_line(w, w->depth);
}

static void open_container(struct json_writer *w, char c)
{
	begin_item(w);
	fputc(c, w->out);
	assert(w->depth + 1 < JSON_WRITER_MAX_DEPTH);
	w->has_items[++w->depth] = false;
}

static void close_container(struct json_writer *w, char c)
{
	assert(w->depth > 0 && !w->after_key);
	/* Empty containers stay on one line: [] and {}. */
	if (w->pretty && w->has_items[w->depth])
		new_line(w, w->depth - 1);
	w->depth--;
	fputc(c, w->out);
}

void json_begin_object(struct json_writer *w)
{
	open_container(w, '{');
}

void json_end_object(struct json_writer *w)
{
	close_container(w, '}');
}

void json_begin_array(struct json_writer *w)
{
	open_container(w, '[');
}

void json_end_array(struct json_writer *w)
{
	close_container(w, ']');
}

void json_key(struct json_writer *w, const char *key)
{
	begin_item(w);
	json_write_string(w->out, key);
	fputs(w->pretty ? ": " : ":", w->out);
	w->after_key = true;
}

void json_string(struct json_writer *w, const char *s)
{
	begin_item(w);
	json_write_string(w->out, s);
}

void json_uint(struct json_writer *w, uint64_t v)
{
	begin_item(w);
	fprintf(w->out, "%" PRIu64, v);
}

void json_int(struct json_writer *w, int64_t v)
{
	begin_item(w);
	fprintf(w->out, "%" PRId64, v);
}

void json_bool(struct json_writer *w, bool v)
{
	begin_item(w);
	fputs(v ? "true" : "false", w->out);
}

void json_null(struct json_writer *w)
{
	begin_item(w);
	fputs("null", w->out);
}

void json_member_uint(struct json_writer *w, const char *key, uint64_t v)
{
	json_key(w, key);
	json_uint(w, v);
}

void json_member_bool(struct json_writer *w, const char *key, bool v)
{
	json_key(w, key);
	json_bool(w, v);
}

void json_member_string(struct json_writer *w, const char *key, const char *s)
{
	json_key(w, key);
	json_string(w, s);
}

void json_member_string_or_null(struct json_writer *w, const char *key,
				const char *s)
{
	json_key(w, key);
	if (s && s[0])
		json_string(w, s);
	else
		json_null(w);
}
