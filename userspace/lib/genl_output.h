/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Printing what the "xlb" family reports: text for people, JSON for
 * scripts (keys documented in xlbctl.8). Pure functions of the structs.
 */
#ifndef XLB_GENL_OUTPUT_H
#define XLB_GENL_OUTPUT_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "json_writer.h"
#include "xlb_objects.h"

/* Thousandths of a CPU as a percentage with one decimal: "56.2%". */
#define XLB_PERMILLE_STRLEN 16
const char *xlb_permille_string(uint32_t permille, char buf[XLB_PERMILLE_STRLEN]);

/* "10.0.0.1" or "2001:db8::1"; "-" for an unknown family. */
#define XLB_ADDR_STRLEN 48
const char *xlb_addr_string(uint16_t family, const uint8_t addr[16],
			    char buf[XLB_ADDR_STRLEN]);

/* A header line, then one line per worker. Nothing for an empty list. */
void xlb_workers_print_text(FILE *out, const struct xlb_worker_list *workers);
/* One JSON array on one line. */
void xlb_workers_print_json(FILE *out, const struct xlb_worker_list *workers);
void xlb_worker_json(struct json_writer *w, const struct xlb_worker *worker);

/* One line per SA, "key value" pairs after SPI, direction and addresses. */
void xlb_sas_print_text(FILE *out, const struct xlb_sa_list *sas);
void xlb_sas_print_json(FILE *out, const struct xlb_sa_list *sas);
void xlb_sa_json(struct json_writer *w, const struct xlb_sa *sa);

/* "key value" lines in the spelling "policy set" accepts. */
void xlb_policy_print_text(FILE *out, const struct xlb_policy *p);
void xlb_policy_print_json(FILE *out, const struct xlb_policy *p);

/* monitor -t and -ts, as ip -t and ip -ts monitor. */
enum xlb_timestamp {
	XLB_TIMESTAMP_NONE,
	XLB_TIMESTAMP_LONG,	/* "Timestamp: Fri Dec  4 19:33:03 2026 123456 usec" line */
	XLB_TIMESTAMP_SHORT,	/* "[2026-12-04T19:33:03.123456] " before the event */
};

/* @when in local time, RFC 3339 with microseconds: "2026-12-04T19:33:03.123456+00:00". */
#define XLB_TIMESTAMP_STRLEN 40
const char *xlb_timestamp_rfc3339(const struct timespec *when,
				  char buf[XLB_TIMESTAMP_STRLEN]);

/*
 * One line per event, each ending with a newline; with @stamp not NONE,
 * @when (local time) first, as ip monitor prints it.
 */
void xlb_event_print_text(FILE *out, const struct xlb_event *ev,
			  enum xlb_timestamp stamp, const struct timespec *when);
/* One object on one line; with @when not NULL its first member is "timestamp". */
void xlb_event_print_json(FILE *out, const struct xlb_event *ev,
			  const struct timespec *when);

#endif /* XLB_GENL_OUTPUT_H */
