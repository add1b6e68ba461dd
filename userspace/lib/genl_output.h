/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Printing what the "xlb" family reports: text for people, JSON for
 * scripts (keys documented in xlbctl.8). Pure functions of the structs.
 */
#ifndef XLB_GENL_OUTPUT_H
#define XLB_GENL_OUTPUT_H

#include <stdint.h>
#include <stdio.h>

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

/* One line per event, each ending with a newline. */
void xlb_event_print_text(FILE *out, const struct xlb_event *ev);
void xlb_event_print_json(FILE *out, const struct xlb_event *ev);

#endif /* XLB_GENL_OUTPUT_H */
