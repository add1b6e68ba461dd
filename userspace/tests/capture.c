// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>

#include "capture.h"

void capture_open(struct capture *c)
{
	c->text = NULL;
	c->len = 0;
	c->file = open_memstream(&c->text, &c->len);
	if (!c->file) {
		perror("open_memstream");
		abort();
	}
}

const char *capture_close(struct capture *c)
{
	if (fclose(c->file) != 0) {
		perror("fclose");
		abort();
	}
	c->file = NULL;
	return c->text;
}

void capture_free(struct capture *c)
{
	free(c->text);
	c->text = NULL;
}
