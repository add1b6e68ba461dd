/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The replay window of an inbound SA, read before and after xlb's crypto.
 */
#ifndef _XLB_REPLAY_H
#define _XLB_REPLAY_H

#include <linux/skbuff.h>
#include <net/xfrm.h>

int xlb_replay_test(const struct xfrm_state *x, u32 seq);
int xlb_replay_admit(struct xfrm_state *x, struct sk_buff *skb,
		     __be32 net_seq, u32 *seq_hi);
bool xlb_replay_same_subspace(struct xfrm_state *x, __be32 net_seq,
			      u32 seq_hi);

#endif /* _XLB_REPLAY_H */
