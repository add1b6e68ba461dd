/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The xlb devices' up and down, from rtnetlink (RTNLGRP_LINK): a device
 * coming up again is when the tunnels it lost can be re-established.
 */
#ifndef XLBD_LINKS_H
#define XLBD_LINKS_H

#include <stdbool.h>
#include <stddef.h>

#include "xlbd_conf.h"

struct nl_sock;

struct xlbd_link_state {
	int ifindex;
	bool up;
};

struct xlbd_links {
	struct nl_sock *sk;
	struct xlbd_link_state dev[XLBD_MAX_DEVICES];
	size_t n;
	bool came_up;
};

int xlbd_links_open(struct xlbd_links *l);
void xlbd_links_close(struct xlbd_links *l);
int xlbd_links_fd(const struct xlbd_links *l);
/* Reads the managed devices' present state (up or not) from a dump. */
int xlbd_links_seed(struct xlbd_links *l, const struct xlbd_conf *conf);

/*
 * Reads the link events there are; true when one of the xlb devices
 * @conf manages came up (or was created up) since the last call.
 */
bool xlbd_links_read(struct xlbd_links *l, const struct xlbd_conf *conf);

#endif /* XLBD_LINKS_H */
