// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "json_check.h"

#define PARSE_ONE "import json,sys; json.load(sys.stdin)"
#define PARSE_LINES \
	"import json,sys\nlines = sys.stdin.read().split('\\n')\n" \
	"assert lines[-1] == '' and len(lines) > 1\n" \
	"[json.loads(l) for l in lines[:-1]]"

bool json_is_valid(const char *text, bool lines)
{
	const char *cmd = "python3 -c \"$XLB_JSON_CHECK\" 2>/dev/null";
	FILE *p;
	int status;

	if (setenv("XLB_JSON_CHECK", lines ? PARSE_LINES : PARSE_ONE, 1)) {
		perror("setenv");
		abort();
	}
	p = popen(cmd, "w");
	if (!p) {
		perror("popen python3");
		abort();
	}
	fputs(text, p);
	status = pclose(p);
	if (status == -1 || (WIFEXITED(status) && WEXITSTATUS(status) == 127)) {
		fprintf(stderr, "json_check: python3 did not run\n");
		abort();
	}
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}
