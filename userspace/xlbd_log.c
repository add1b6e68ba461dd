// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>

#include "xlbd_log.h"

static bool to_syslog;

void xlbd_log_to_syslog(void)
{
	openlog("xlbd", LOG_PID, LOG_DAEMON);
	to_syslog = true;
}

void xlbd_log(int priority, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (to_syslog) {
		vsyslog(priority, fmt, ap);
	} else {
		fputs("xlbd: ", stderr);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	}
	va_end(ap);
}
