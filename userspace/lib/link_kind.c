// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "link_kind.h"

bool xlb_link_kind_is_xlb(const char *kind)
{
	return kind && strcmp(kind, XLB_LINK_KIND) == 0;
}
