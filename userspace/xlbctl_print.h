/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xlbctl's output, in the manner of iproute2's json_print: an object is
 * printed by one sequence of print_*() calls, each naming a field once
 * with its JSON key and its text format. Between print_begin() and
 * print_end() the calls write either text (the format, printf-style, with
 * the value) or JSON (the key and the value, through lib/json_writer.h,
 * indented after json_writer_set_pretty(true), as -p asks).
 *
 * PRINT_FP fields appear only in the text, PRINT_JSON ones only in JSON,
 * PRINT_ANY ones in both. A NULL format prints nothing in the text; a NULL
 * key writes a bare value (an array element) in JSON.
 */
#ifndef XLBCTL_PRINT_H
#define XLBCTL_PRINT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum output_type {
	PRINT_FP = 1,
	PRINT_JSON = 2,
	PRINT_ANY = PRINT_FP | PRINT_JSON,
};

/* Starts a document on @out: JSON with @json, else text. */
void print_begin(FILE *out, bool json);
/* Ends it: JSON documents end with a newline. */
void print_end(void);
bool is_json_context(void);

/* JSON containers; nothing in the text. @key NULL: an array element. */
void open_json_object(const char *key);
void close_json_object(void);
void open_json_array(const char *key);
void close_json_array(void);

void print_uint(enum output_type t, const char *key, const char *fmt, unsigned int v);
void print_u64(enum output_type t, const char *key, const char *fmt, uint64_t v);
void print_int(enum output_type t, const char *key, const char *fmt, int v);
/* JSON true or false; the text shows "yes" or "no" through @fmt's %s. */
void print_bool(enum output_type t, const char *key, const char *fmt, bool v);
/* NULL or "" is null in JSON, "-" in the text. */
void print_string(enum output_type t, const char *key, const char *fmt, const char *s);
/* JSON null; the text prints @fmt as it is. */
void print_null(enum output_type t, const char *key, const char *fmt);
/* A newline in the text. */
void print_nl(void);

/* Thousandths of a CPU: the number in JSON, "56.2%" through @fmt's %s in the text. */
void print_permille(enum output_type t, const char *key, const char *fmt, uint32_t permille);
/* An address: its string, or null ("-") for an unknown family. */
void print_addr(enum output_type t, const char *key, const char *fmt,
		uint16_t family, const uint8_t addr[16]);

/* Thousandths of a CPU as a percentage with one decimal: "56.2%". */
#define XLB_PERMILLE_STRLEN 16
const char *xlb_permille_string(uint32_t permille, char buf[XLB_PERMILLE_STRLEN]);

/* "10.0.0.1" or "2001:db8::1"; "-" for an unknown family. */
#define XLB_ADDR_STRLEN 48
const char *xlb_addr_string(uint16_t family, const uint8_t addr[16],
			    char buf[XLB_ADDR_STRLEN]);

/* A device's name, or "if<N>" when it has none here. */
#define XLB_DEV_STRLEN 16
const char *xlb_dev_display(const char *ifname, uint32_t ifindex,
			    char buf[XLB_DEV_STRLEN]);

#endif /* XLBCTL_PRINT_H */
