/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the SA table: its lock and lists, shared by the table (sa.c) and
 * placement (placement.c), and what each of the two asks of the other.
 * Nothing else includes this.
 */
#ifndef _XLB_SA_TABLE_H
#define _XLB_SA_TABLE_H

#include <linux/list.h>
#include <linux/spinlock.h>

#include "notify.h"
#include "sa.h"

struct xlb_tunnel_rule;

/* Protects the lists, the counts, and every SA's placement. */
extern spinlock_t xlb_sa_lock;
/* Live SAs. */
extern struct list_head xlb_sa_list;
/* Deleted SAs whose order stage still holds packets, each with a ref. */
extern struct list_head xlb_sa_draining;
extern unsigned int xlb_sa_total;
extern unsigned int xlb_sa_ndraining;

/* sa.c */
void xlb_sa_event(struct xlb_event *ev, const struct xlb_sa *sa, u8 cmd,
		  unsigned int from, unsigned int to, u8 reason);
void xlb_sa_reap_drained(void);

/* placement.c; callers hold xlb_sa_lock */
u8 xlb_sa_place_new(struct xlb_sa *sa, const struct xlb_sa *replaced,
		    const struct xlb_tunnel_rule *rule);
void xlb_sa_unplace(struct xlb_sa *sa);
int xlb_sa_placement_init(void);
void xlb_sa_placement_exit(void);

#endif /* _XLB_SA_TABLE_H */
