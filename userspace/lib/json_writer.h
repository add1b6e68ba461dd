/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal streaming JSON writer: compact output (or indented, see
 * json_writer_set_pretty()), commas placed for the caller, strings escaped
 * so any byte string yields valid JSON.
 */
#ifndef XLB_JSON_WRITER_H
#define XLB_JSON_WRITER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_WRITER_MAX_DEPTH 8

struct json_writer {
	FILE *out;
	unsigned int depth;
	bool pretty;				/* indented: one member a line */
	bool after_key;				/* the next value completes a member */
	bool has_items[JSON_WRITER_MAX_DEPTH];	/* per open container */
};

/* Compact, or indented when json_writer_set_pretty(true) was called. */
void json_writer_init(struct json_writer *w, FILE *out);

/*
 * Process-wide, as iproute2's -p: writers initialised from now on indent
 * (4 spaces a level, one member or element a line, "key": value); empty
 * containers stay [] and {}. Off by default.
 */
void json_writer_set_pretty(bool pretty);

void json_begin_object(struct json_writer *w);
void json_end_object(struct json_writer *w);
void json_begin_array(struct json_writer *w);
void json_end_array(struct json_writer *w);

/* Inside an object: the member name for the value written next. */
void json_key(struct json_writer *w, const char *key);

void json_string(struct json_writer *w, const char *s);
void json_uint(struct json_writer *w, uint64_t v);
void json_int(struct json_writer *w, int64_t v);
void json_bool(struct json_writer *w, bool v);
void json_null(struct json_writer *w);

/* A member in one call: key and value. */
void json_member_uint(struct json_writer *w, const char *key, uint64_t v);
void json_member_bool(struct json_writer *w, const char *key, bool v);
void json_member_string(struct json_writer *w, const char *key, const char *s);
/* null for NULL or "" */
void json_member_string_or_null(struct json_writer *w, const char *key,
				const char *s);

/*
 * Writes @s as a quoted JSON string. Control characters, '"' and '\\' are
 * escaped; bytes that are not well-formed UTF-8 (interface names are raw
 * bytes to the kernel) become U+FFFD so the document stays valid.
 */
void json_write_string(FILE *out, const char *s);

#endif /* XLB_JSON_WRITER_H */
