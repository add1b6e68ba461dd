/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A client of the generic netlink family "xlb" (libnl-genl): connect and
 * resolve, one call per request, replies parsed into xlb_objects.h structs,
 * and the "events" group. Shared by xlbctl and xlbd.
 *
 * Every call returns XLB_OK or an xlb_status. After XLB_ERR_KERNEL or
 * XLB_ERR_PERM, @error holds the kernel's errno and @extack its message
 * ("" when it sent none); after XLB_ERR_NETLINK, @nl_detail is libnl's.
 */
#ifndef XLB_GENL_CLIENT_H
#define XLB_GENL_CLIENT_H

#include <stdbool.h>
#include <stdint.h>

#include "status.h"
#include "xlb_objects.h"

#define XLB_EXTACK_LEN 256

struct nl_sock;

struct xlb_genl {
	struct nl_sock *sock;
	int family;
	int error;
	char extack[XLB_EXTACK_LEN];
	const char *nl_detail;
};

/* Names an SA for XLB_CMD_SA_SET: @dir and @ifindex 0 mean "any". */
struct xlb_sa_key {
	uint32_t spi;
	uint8_t dir;
	uint32_t ifindex;
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

/* Connects, enables extended ACKs and resolves the family. */
enum xlb_status xlb_genl_open(struct xlb_genl *c);
void xlb_genl_close(struct xlb_genl *c);

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

/* Joins "events"; afterwards the socket only receives. */
enum xlb_status xlb_genl_subscribe(struct xlb_genl *c);
int xlb_genl_fd(const struct xlb_genl *c);

typedef void (*xlb_event_fn)(const struct xlb_event *ev, void *arg);

/*
 * Reads what the socket has (blocking until something arrives) and calls
 * @fn for each event. Messages that are not events are skipped.
 * XLB_ERR_EVENTS_LOST says events were dropped; reading may go on.
 */
enum xlb_status xlb_genl_read_events(struct xlb_genl *c, xlb_event_fn fn,
				     void *arg);

#endif /* XLB_GENL_CLIENT_H */
