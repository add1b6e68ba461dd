/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the parts of xlbd.conf's parser share (xlbd_conf.c, and one file
 * per larger statement): where the parser is, for "FILE:LINE: why", and
 * the words every statement may use. Not for the rest of xlbd.
 */
#ifndef XLBD_CONF_WORDS_H
#define XLBD_CONF_WORDS_H

#include <stdint.h>

#include "xlbd_conf.h"

struct xlbd_parser {
	const char *name;
	unsigned int line;
	char *err;
	size_t errlen;
};

/* Puts "FILE:LINE: " and the message in the parser's error; returns -1. */
int xlbd_parse_fail(struct xlbd_parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A decimal number, all of @s, at most @max; -1 (nothing said) if not. */
int xlbd_parse_uint(const char *s, unsigned long max, unsigned long *out);
/* A libreswan conn name into @conn (XLBD_CONN_LEN). */
int xlbd_parse_conn_name(struct xlbd_parser *p, const char *s, char *conn);
/* ADDR or ADDR/LEN, host bits clear; @what names it in messages. */
int xlbd_parse_prefix(struct xlbd_parser *p, const char *what, const char *s,
		      int *family, uint8_t *addr, uint8_t *plen);
/* A pair's or group's name (XLBD_PAIR_NAME_LEN): letters, digits, "._-". */
int xlbd_parse_name(struct xlbd_parser *p, const char *what, const char *s,
		    char *name);
/* The pair naming @conn, or NULL. */
const struct xlbd_pair *xlbd_conf_pair_of_conn(const struct xlbd_conf *conf,
					       const char *conn);

/* The failover group naming @conn, or NULL. */
const struct xlbd_failover *xlbd_conf_failover_of_conn(const struct xlbd_conf *conf,
							const char *conn);
/* "failover ..." (xlbd_conf_failover.c). */
int xlbd_parse_failover(struct xlbd_parser *p, struct xlbd_conf *conf,
			char **w, int n);

#endif /* XLBD_CONF_WORDS_H */
