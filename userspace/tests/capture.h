/* SPDX-License-Identifier: GPL-2.0 */
/* Collects what code under test writes to a FILE * into a string. */
#ifndef XLB_TEST_CAPTURE_H
#define XLB_TEST_CAPTURE_H

#include <stddef.h>
#include <stdio.h>

struct capture {
	FILE *file;
	char *text;
	size_t len;
};

/* Aborts the test run if the stream cannot be opened. */
void capture_open(struct capture *c);

/* Closes the stream; c->text then holds everything written, NUL-terminated. */
const char *capture_close(struct capture *c);

void capture_free(struct capture *c);

#endif /* XLB_TEST_CAPTURE_H */
