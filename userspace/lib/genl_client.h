/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A client of the generic netlink family "xlb" (libnl-genl): connect and
 * resolve, one call per request, replies parsed into xlb_objects.h structs,
 * and the "events" group. Shared by xlbctl and xlbd.
 *
 * A handle has two sockets, both in the namespace it was opened in: one for
 * requests, read to each request's end (genl_request.h) so an answer never
 * reaches the next call, and one for events, so a daemon can subscribe and
 * make requests on one handle. Requests wait at most @timeout_ms
 * (XLB_GENL_TIMEOUT_MS unless set). A request left unfinished (timed out,
 * a receive error) gets the request socket replaced before the next one:
 * what the kernel may still send for it goes with the old socket.
 *
 * The family's id is resolved by name at open, and again when a request
 * fails with ENOENT or EOPNOTSUPP (the answer to an id nobody has, once
 * the module was unloaded): when the id changed the request is sent once
 * more, when the family is gone the call says XLB_ERR_NO_FAMILY; an
 * ENOENT of xlb's own ("no such SA") keeps the id and stays the answer.
 * The events socket also follows nlctrl's notifications, so it joins
 * "events" again after a reload (xlb_genl_read_events).
 *
 * Every call returns XLB_OK or an xlb_status. After XLB_ERR_KERNEL or
 * XLB_ERR_PERM, @error holds the kernel's errno and @extack its message
 * ("" when it sent none); after XLB_ERR_NETLINK, @nl_detail is libnl's;
 * after XLB_ERR_NETNS and XLB_ERR_NETNS_RESTORE, @error is the errno.
 */
#ifndef XLB_GENL_CLIENT_H
#define XLB_GENL_CLIENT_H

#include <stdbool.h>
#include <stdint.h>

#include "genl_request.h"
#include "status.h"
#include "xlb_objects.h"

#define XLB_GENL_TIMEOUT_MS 5000
/* Room for bursts of migrations; an overrun is reported, not fatal. */
#define XLB_GENL_EVENTS_RCVBUF (1 << 20)

struct nl_sock;

struct xlb_genl {
	struct nl_sock *sock;		/* requests and their answers */
	struct nl_sock *events;		/* "events" and nlctrl's "notify" */
	int family;
	int events_group;		/* the id of "events", -1 when none */
	bool subscribed;
	bool reopen;			/* replace @sock before the next request */
	int netns_fd;			/* the handle's namespace; -1: the thread's */
	int timeout_ms;
	int events_rcvbuf;		/* SO_RCVBUF as granted, after subscribing */
	int error;
	char extack[XLB_EXTACK_LEN];
	const char *nl_detail;
};

/*
 * Names an SA for XLB_CMD_SA_SET: @dir, @ifindex and @family 0 mean "any";
 * with @family AF_INET or AF_INET6, only the SA to destination @daddr.
 */
struct xlb_sa_key {
	uint32_t spi;
	uint8_t dir;
	uint32_t ifindex;
	uint16_t family;
	uint8_t daddr[16];	/* network order; 4 bytes used for AF_INET */
};

enum xlb_sa_change_kind {
	XLB_SA_PIN,	/* to @worker */
	XLB_SA_UNPIN,
	XLB_SA_SPRAY,	/* @spray, enum xlb_spray_mode */
};

struct xlb_sa_change {
	enum xlb_sa_change_kind kind;
	uint32_t worker;
	uint32_t spray;
};

/*
 * Connects in the calling thread's namespace, enables extended ACKs and
 * resolves the family. On failure nothing is left open (@error and the
 * others tell why) and xlb_genl_close() is optional.
 */
enum xlb_status xlb_genl_open(struct xlb_genl *c);
/*
 * The same in another namespace: a path, or NAME for /run/netns/NAME.
 * Only the calling thread enters it, and only while the sockets are made
 * (setns() needs CAP_SYS_ADMIN). XLB_ERR_NETNS_RESTORE means the thread
 * could not go back: it is in the other namespace and should end.
 */
enum xlb_status xlb_genl_open_netns(struct xlb_genl *c,
				    const char *netns_name_or_path);
void xlb_genl_close(struct xlb_genl *c);

/* How long a request waits for the kernel; at least 1 ms. */
void xlb_genl_set_timeout(struct xlb_genl *c, int timeout_ms);

/* Dumps; the lists are appended to (and sorted) and freed by the caller. */
enum xlb_status xlb_genl_get_devs(struct xlb_genl *c, struct xlb_dev_list *devs);
enum xlb_status xlb_genl_get_workers(struct xlb_genl *c,
				     struct xlb_worker_list *workers);
/* @ifindex 0: the SAs of every xlb device of the namespace. */
enum xlb_status xlb_genl_get_sas(struct xlb_genl *c, uint32_t ifindex,
				 struct xlb_sa_list *sas);

enum xlb_status xlb_genl_get_policy(struct xlb_genl *c, struct xlb_policy *p);
/* Sends the fields of @p with has_* set. */
enum xlb_status xlb_genl_set_policy(struct xlb_genl *c, const struct xlb_policy *p);

enum xlb_status xlb_genl_sa_set(struct xlb_genl *c, const struct xlb_sa_key *key,
				const struct xlb_sa_change *change);
/*
 * @key's attributes into @msg: XLB_A_SA_SPI, and DIR, IFINDEX and DADDR
 * (4 or 16 bytes) when given. 0 or a negative libnl error.
 */
int xlb_sa_key_put(struct nl_msg *msg, const struct xlb_sa_key *key);

/*
 * Joins "events" (and nlctrl's "notify") on the events socket; requests go
 * on as before. Asks for an XLB_GENL_EVENTS_RCVBUF receive buffer; when
 * the kernel grants less (net.core.rmem_max, no CAP_NET_ADMIN) the
 * subscription stands but the call says XLB_ERR_RCVBUF_SMALL, with what
 * was granted in @events_rcvbuf.
 */
enum xlb_status xlb_genl_subscribe(struct xlb_genl *c);
/* The events socket, to poll() for POLLIN. */
int xlb_genl_events_fd(const struct xlb_genl *c);

typedef void (*xlb_event_fn)(const struct xlb_event *ev, void *arg);

/*
 * Reads what the events socket has (it does not block: XLB_OK when there
 * was nothing) and calls @fn for each event. Messages that are not events
 * are skipped. XLB_ERR_EVENTS_LOST says events were dropped, and
 * XLB_ERR_RELOADED that the module was loaded again (the family's new id
 * and group are taken, "events" joined again); reading may go on after
 * either.
 */
enum xlb_status xlb_genl_read_events(struct xlb_genl *c, xlb_event_fn fn,
				     void *arg);

/*
 * Tunnels' placement rules (XLB_CMD_TUNNEL_*): where the SAs of a reqid
 * are born.
 */

/* The namespace's rules, appended to @tunnels in reqid order. */
enum xlb_status xlb_genl_get_tunnels(struct xlb_genl *c,
				     struct xlb_tunnel_list *tunnels);
/* Sets or replaces the rule of @t->reqid. */
enum xlb_status xlb_genl_tunnel_set(struct xlb_genl *c,
				    const struct xlb_tunnel *t);
enum xlb_status xlb_genl_tunnel_del(struct xlb_genl *c, uint32_t reqid);

#endif /* XLB_GENL_CLIENT_H */
