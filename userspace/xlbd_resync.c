// SPDX-License-Identifier: GPL-2.0
/*
 * pluto's child SAs against the kernel's SAs: a conn whose ESP SA is gone
 * from the kernel is rekeyed through `ipsec whack --rekey-ipsec`. The
 * kernel is asked by SPI with libnl-xfrm (XFRM_MSG_GETSA).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netlink/netlink.h>
#include <netlink/xfrm/sa.h>

#include "xlbd_conns.h"
#include "xlbd_log.h"
#include "xlbd_pluto.h"
#include "xlbd_resync.h"

int xlbd_resync_open(struct xlbd_resync *r)
{
	int err;

	memset(r, 0, sizeof(*r));
	r->xfrm = nl_socket_alloc();
	if (!r->xfrm)
		return -1;
	err = nl_connect(r->xfrm, NETLINK_XFRM);
	if (err < 0) {
		xlbd_log(LOG_ERR, "connecting to NETLINK_XFRM: %s", nl_geterror(err));
		nl_socket_free(r->xfrm);
		r->xfrm = NULL;
		return -1;
	}
	return 0;
}

void xlbd_resync_close(struct xlbd_resync *r)
{
	nl_socket_free(r->xfrm);
	r->xfrm = NULL;
}

/* 1 when the kernel has the SA (its reqid in *@reqid), 0 when not, -1 when unknown. */
static int kernel_sa(void *arg, const struct xlbd_said *said, uint32_t *reqid)
{
	struct xlbd_resync *r = arg;
	struct xfrmnl_sa *sa = NULL;
	struct nl_addr *daddr;
	int err;

	daddr = nl_addr_build(said->family, said->daddr,
			      said->family == AF_INET ? 4 : 16);
	if (!daddr)
		return -1;
	err = xfrmnl_sa_get_kernel(r->xfrm, daddr, said->spi, IPPROTO_ESP, 0, 0, &sa);
	nl_addr_put(daddr);
	if (sa) {
		*reqid = xfrmnl_sa_get_reqid(sa);
		xfrmnl_sa_put(sa);
	}
	if (err == -NLE_OBJ_NOTFOUND)
		return 0;
	return err < 0 ? -1 : 1;
}

/* The first of @child's ESP SAs the kernel does not have, or NULL. */
static const struct xlbd_said *missing_said(struct xlbd_resync *r,
					    const struct xlbd_pluto_child *child)
{
	uint32_t reqid;

	for (unsigned int i = 0; i < child->nesp; i++)
		if (kernel_sa(r, &child->esp[i], &reqid) == 0)
			return &child->esp[i];
	return NULL;
}

static int ask_pluto(struct xlbd_resync *r, const struct xlbd_libreswan *conf,
		     struct xlbd_pluto_status *st)
{
	char *why;

	if (xlbd_pluto_status(conf->ctlsocket, st, &why)) {
		if (!r->pluto_unreachable)
			xlbd_log(LOG_WARNING, "libreswan: pluto does not answer on %s (%s); its tunnels are checked again when it does",
				 conf->ctlsocket, why ? why : "no reason given");
		r->pluto_unreachable = true;
		free(why);
		return -1;
	}
	if (r->pluto_unreachable)
		xlbd_log(LOG_NOTICE, "libreswan: pluto answers on %s again", conf->ctlsocket);
	r->pluto_unreachable = false;
	return 0;
}

static bool same_child_missing(const struct xlbd_pluto_child *list, size_t n,
			       const struct xlbd_pluto_child *child,
			       const struct xlbd_said *said)
{
	for (size_t i = 0; i < n; i++)
		if (list[i].serial == child->serial &&
		    !memcmp(&list[i].esp, &child->esp, sizeof(child->esp)))
			return said != NULL;
	return false;
}

/* Asks pluto to rekey @conn, once per pass however many children it has. */
static bool rekey(const struct xlbd_libreswan *conf, const char *conn)
{
	char *why = NULL;
	int status = xlbd_pluto_rekey(conf->ctlsocket, conn, &why);

	if (status)
		xlbd_log(LOG_ERR, "libreswan: whack --rekey-ipsec of conn \"%s\" failed: %s",
			 conn, why ? why : strerror(ENOMEM));
	free(why);
	return status == 0;
}

int xlbd_resync_run(struct xlbd_resync *r, struct xlbd_conf *conf, bool *resolved)
{
	struct xlbd_pluto_status first, second = { 0 };
	const struct timespec settle = { .tv_sec = 1 };
	struct xlbd_pluto_child *child;
	size_t nmissing = 0;
	const struct xlbd_said *said;
	char addr[INET6_ADDRSTRLEN];
	int asked = 0;

	*resolved = false;
	if (conf->libreswan.off)
		return 0;
	if (ask_pluto(r, &conf->libreswan, &first))
		return -1;
	*resolved = xlbd_conns_resolve(conf, &first, kernel_sa, r);
	/* Only children missing an SA are kept for the second look. */
	for (size_t i = 0; i < first.nchildren; i++)
		if (missing_said(r, &first.children[i]))
			first.children[nmissing++] = first.children[i];
	if (!nmissing)
		goto out;
	nanosleep(&settle, NULL);
	if (ask_pluto(r, &conf->libreswan, &second)) {
		asked = -1;
		goto out;
	}
	for (size_t i = 0; i < second.nchildren; i++) {
		child = &second.children[i];
		said = missing_said(r, child);
		if (!same_child_missing(first.children, nmissing, child, said))
			continue;
		/* A conn's children are rekeyed by one whack. */
		for (size_t j = 0; j < i; j++)
			if (!strcmp(second.children[j].conn, child->conn))
				goto next;
		inet_ntop(said->family, said->daddr, addr, sizeof(addr));
		xlbd_log(LOG_NOTICE, "libreswan: conn \"%s\" (#%lu): the kernel has no SA esp.%08x@%s (its device went down?): asking pluto to rekey it",
			 child->conn, child->serial, said->spi, addr);
		if (rekey(&conf->libreswan, child->conn))
			asked++;
next:;
	}
out:
	xlbd_pluto_status_free(&first);
	xlbd_pluto_status_free(&second);
	return asked;
}
