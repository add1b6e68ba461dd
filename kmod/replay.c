// SPDX-License-Identifier: GPL-2.0
/*
 * Replay protection around xlb's inbound crypto.
 *
 * xfrm_input() checks and advances an SA's replay window under x->lock
 * once the device's crypto is done. Software ESP also checks before its
 * crypto, so that a replayed or too old packet costs no AEAD work; so does
 * xlb, when a packet arrives, reading the window as xfrm_replay_check()
 * does (which is not exported).
 *
 * With ESN the high half of a sequence number is not on the wire: it is
 * guessed from the window (xfrm_replay_seqhi()). xlb guesses once, when
 * the packet is admitted, and decrypts under that guess. Had the window
 * moved past the packet by the time it is released (packets queued behind
 * a slow one, a replay, input of the SA on another CPU), a fresh guess
 * would take it for the next subspace, accept it and move the SA there:
 * every genuine packet after it would then fail authentication. So rx.c
 * releases packets into xfrm_input() by its resume entry, with the guess
 * they were decrypted under, which xfrm_replay_recheck() compares with
 * the window's under the lock it advances the window in; where that entry
 * cannot be used (6.1), xlb_replay_same_subspace() compares them just
 * before.
 */

#include "replay.h"

/* Whether the packet @diff below the top of @re's window was seen. */
static bool xlb_replay_seen(const struct xfrm_replay_state_esn *re, u32 diff)
{
	u32 pos = (re->seq - 1) % re->replay_window;
	u32 bit;

	if (pos >= diff)
		bit = (pos - diff) % re->replay_window;
	else
		bit = re->replay_window - (diff - pos);
	return re->bmp[bit / 32] & (1U << (bit % 32));
}

/*
 * 0 if @x's window takes the sequence number @seq (low half) now, else why
 * xfrm_input() would refuse it: -EINVAL for 0 at the start, -ERANGE below
 * the window, -EEXIST seen already. Caller holds x->lock.
 */
int xlb_replay_test(const struct xfrm_state *x, u32 seq)
{
	const struct xfrm_replay_state_esn *re = x->replay_esn;
	u32 top, bottom, wsize, diff;

	if (x->repl_mode == XFRM_REPLAY_MODE_LEGACY) {
		wsize = x->props.replay_window;
		if (!wsize)
			return 0;
		if (!seq)
			return -EINVAL;
		if (seq > x->replay.seq)
			return 0;
		diff = x->replay.seq - seq;
		if (diff >= wsize)
			return -ERANGE;
		return x->replay.bitmap & (1U << diff) ? -EEXIST : 0;
	}

	wsize = re->replay_window;
	if (!wsize)
		return 0;
	top = re->seq;
	diff = top - seq;
	if (x->repl_mode == XFRM_REPLAY_MODE_BMP) {
		if (!seq)
			return -EINVAL;
		if (seq > top)
			return 0;
	} else {
		bottom = top - wsize + 1;
		if (!seq && !re->seq_hi && top < wsize - 1)
			return -EINVAL;
		if (top >= wsize - 1) {
			/* The window lies in one subspace. */
			if (seq > top || seq < bottom)
				return 0;
		} else {
			/* It spans the end of the previous one. */
			if (seq > top && seq < bottom)
				return 0;
			if (seq >= bottom)
				diff = ~seq + top + 1;
		}
	}
	if (diff >= wsize)
		return -ERANGE;
	return xlb_replay_seen(re, diff) ? -EEXIST : 0;
}

/*
 * As a packet of @x arrives, before any crypto, what xfrm_input() checks
 * then under x->lock: 0 if the window takes @net_seq and the SA's lifetime
 * has not run out, with the ESN high half to decrypt it under in @seq_hi
 * (0 without ESN). Else -EINVAL, -ERANGE or -EEXIST for a packet the
 * window refuses, counted where xfrm_input() counts it (the state's replay
 * statistics, XfrmInStateSeqError, the audit log), or -ETIME for a packet
 * past the SA's hard lifetime (XfrmInStateExpired). The lifetime check is
 * the stack's own: it also sends the soft and hard expiries it reaches.
 */
int xlb_replay_admit(struct xfrm_state *x, struct sk_buff *skb,
		     __be32 net_seq, u32 *seq_hi)
{
	int err;

	spin_lock(&x->lock);
	err = xlb_replay_test(x, ntohl(net_seq));
	if (err == -ERANGE)
		x->stats.replay_window++;
	else if (err == -EEXIST)
		x->stats.replay++;
	else if (!err && xfrm_state_check_expire(x))
		err = -ETIME;
	*seq_hi = xfrm_replay_seqhi(x, net_seq);
	spin_unlock(&x->lock);
	if (!err)
		return 0;
	if (err == -ETIME) {
		XFRM_INC_STATS(xs_net(x), LINUX_MIB_XFRMINSTATEEXPIRED);
		return err;
	}
	xfrm_audit_state_replay(x, skb, net_seq);
	XFRM_INC_STATS(xs_net(x), LINUX_MIB_XFRMINSTATESEQERROR);
	return err;
}

/*
 * For a kernel whose resume entry rx.c cannot use (compat.h), in order,
 * just before the packet goes to xfrm_input(): whether @x's window still
 * puts @net_seq in the subspace @seq_hi it was decrypted under. If not, it
 * is counted as xfrm_replay_recheck() counts it, and must not go on.
 * Input of the SA on another CPU can still move the window between this
 * check and xfrm_input()'s.
 */
bool xlb_replay_same_subspace(struct xfrm_state *x, __be32 net_seq,
			      u32 seq_hi)
{
	bool same;

	if (!(x->props.flags & XFRM_STATE_ESN))
		return true;
	spin_lock(&x->lock);
	same = xfrm_replay_seqhi(x, net_seq) == seq_hi;
	if (!same)
		x->stats.replay_window++;
	spin_unlock(&x->lock);
	if (!same)
		XFRM_INC_STATS(xs_net(x), LINUX_MIB_XFRMINSTATESEQERROR);
	return same;
}
