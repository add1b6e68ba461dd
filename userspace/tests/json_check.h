/* SPDX-License-Identifier: GPL-2.0 */
/* Validates JSON with a real parser: Python's json module, run by popen(). */
#ifndef XLB_TEST_JSON_CHECK_H
#define XLB_TEST_JSON_CHECK_H

#include <stdbool.h>

/*
 * True when @text is one JSON document (@lines false), or when every line
 * of it is one (@lines true: JSON Lines, as monitor and stats print).
 * Aborts the run when python3 cannot be started.
 */
bool json_is_valid(const char *text, bool lines);

#endif /* XLB_TEST_JSON_CHECK_H */
