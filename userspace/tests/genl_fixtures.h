/* SPDX-License-Identifier: GPL-2.0 */
/* Workers, SAs, a policy and events for the output tests. */
#ifndef XLB_TEST_GENL_FIXTURES_H
#define XLB_TEST_GENL_FIXTURES_H

#include "xlb_objects.h"

/* cpu0 online at 56.2%, cpu1 offline. Static storage: do not free. */
void genl_fixtures_workers(struct xlb_worker_list *list);

/*
 * 0x00001001 out IPv4 AES-GCM on xlb0, and 0xdeadbeef in IPv6
 * cbc(aes)+hmac(sha256) on an unnamed device (ifindex 9), pinned, costlier.
 */
void genl_fixtures_sas(struct xlb_sa_list *list);

void genl_fixtures_policy(struct xlb_policy *p);

#endif /* XLB_TEST_GENL_FIXTURES_H */
