/* SPDX-License-Identifier: GPL-2.0 */
/* xlbd's log: stderr in the foreground (the journal under systemd), else syslog. */
#ifndef XLBD_LOG_H
#define XLBD_LOG_H

#include <stdbool.h>
#include <syslog.h>

void xlbd_log_to_syslog(void);
void xlbd_log(int priority, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* XLBD_LOG_H */
