// SPDX-License-Identifier: GPL-2.0
/*
 * XFRM crypto offload entry points: which SAs xlb0 takes, and their life.
 *
 * A refused SA gets -EOPNOTSUPP, which xfrm_dev_state_add() treats as
 * "keep this SA in software": it is installed and the stack encrypts it
 * inline. So xlb never carries an SA it could get wrong on the wire.
 */

#include <net/xfrm.h>

#include "compat.h"
#include "sa.h"
#include "xlb.h"

/* AES-GCM: 128 or 256-bit key plus the 32-bit salt. */
static bool xlb_gcm_ok(const struct xfrm_algo_aead *aead,
		       struct netlink_ext_ack *extack)
{
	if (strcmp(aead->alg_name, "rfc4106(gcm(aes))")) {
		NL_SET_ERR_MSG(extack,
			       "xlb: AEAD algorithm not offloaded (only rfc4106(gcm(aes)))");
		return false;
	}
	if (aead->alg_key_len != 128 + 32 && aead->alg_key_len != 256 + 32) {
		NL_SET_ERR_MSG(extack,
			       "xlb: AES-GCM key must be 128 or 256 bits (plus 32-bit salt)");
		return false;
	}
	if (aead->alg_icv_len != 64 && aead->alg_icv_len != 96 &&
	    aead->alg_icv_len != 128) {
		NL_SET_ERR_MSG(extack, "xlb: AES-GCM ICV must be 64, 96 or 128 bits");
		return false;
	}
	return true;
}

/* AES-CBC with HMAC-SHA1-96 or HMAC-SHA256-128. */
static bool xlb_cbc_hmac_ok(const struct xfrm_state *x,
			    struct netlink_ext_ack *extack)
{
	const struct xfrm_algo_auth *auth = x->aalg;
	const struct xfrm_algo *enc = x->ealg;

	if (!enc || !auth) {
		NL_SET_ERR_MSG(extack,
			       "xlb: ESP without encryption or authentication is not offloaded");
		return false;
	}
	if (strcmp(enc->alg_name, "cbc(aes)")) {
		NL_SET_ERR_MSG(extack,
			       "xlb: encryption algorithm not offloaded (only cbc(aes) or rfc4106(gcm(aes)))");
		return false;
	}
	if (enc->alg_key_len != 128 && enc->alg_key_len != 256) {
		NL_SET_ERR_MSG(extack, "xlb: AES-CBC key must be 128 or 256 bits");
		return false;
	}
	if (!strcmp(auth->alg_name, "hmac(sha1)") && auth->alg_trunc_len == 96)
		return true;
	if (!strcmp(auth->alg_name, "hmac(sha256)") && auth->alg_trunc_len == 128)
		return true;
	NL_SET_ERR_MSG(extack,
		       "xlb: authentication not offloaded (only hmac(sha1) truncated to 96 bits or hmac(sha256) to 128)");
	return false;
}

static bool xlb_state_ok(const struct xfrm_state *x,
			 struct netlink_ext_ack *extack)
{
	if (x->xso.type != XFRM_DEV_OFFLOAD_CRYPTO) {
		NL_SET_ERR_MSG(extack, "xlb: only crypto offload is supported, not packet offload");
		return false;
	}
	if (x->id.proto != IPPROTO_ESP) {
		NL_SET_ERR_MSG(extack, "xlb: only ESP is offloaded");
		return false;
	}
	if (x->props.mode != XFRM_MODE_TUNNEL &&
	    x->props.mode != XFRM_MODE_TRANSPORT) {
		NL_SET_ERR_MSG(extack, "xlb: only tunnel and transport mode are offloaded");
		return false;
	}
	if (x->props.family != AF_INET && x->props.family != AF_INET6) {
		NL_SET_ERR_MSG(extack, "xlb: unsupported address family");
		return false;
	}
	if (x->encap) {
		NL_SET_ERR_MSG(extack, "xlb: UDP-encapsulated ESP (NAT-T) is not offloaded");
		return false;
	}
	if (x->tfcpad) {
		NL_SET_ERR_MSG(extack, "xlb: TFC padding is not offloaded");
		return false;
	}
	if (x->calg) {
		NL_SET_ERR_MSG(extack, "xlb: IP compression is not offloaded");
		return false;
	}
	if (x->xso.dir != XFRM_DEV_OFFLOAD_IN && x->xso.dir != XFRM_DEV_OFFLOAD_OUT) {
		NL_SET_ERR_MSG(extack, "xlb: offload direction must be in or out");
		return false;
	}
	/* esp4/esp6 built the transform; without it there is nothing to run. */
	if (!x->data || !x->type_offload) {
		NL_SET_ERR_MSG(extack, "xlb: ESP offload support missing in the kernel");
		return false;
	}
	if (x->aead)
		return xlb_gcm_ok(x->aead, extack);
	return xlb_cbc_hmac_ok(x, extack);
}

static int xlb_state_add(struct xfrm_state *x, struct netlink_ext_ack *extack)
{
	struct net_device *dev = x->xso.dev;
	struct xlb_sa *sa;
	int err;

	if (!xlb_state_ok(x, extack))
		return -EOPNOTSUPP;
	/*
	 * An outbound SA too: the peer may send on the inbound SA that goes
	 * with it before it is installed (larval.c), GRO or not.
	 */
	err = xlb_gro_hook_sa(x, extack);
	if (err)
		return err;
	sa = xlb_sa_add(x, dev);
	if (!sa) {
		NL_SET_ERR_MSG(extack, "xlb: out of memory for the SA");
		return -ENOMEM;
	}
	x->xso.offload_handle = (unsigned long)sa;
	return 0;
}

/* With the parameters this kernel passes (compat.h). */
static int xlb_xdo_state_add(XLB_XDO_STATE_ADD_PARAMS)
{
	return xlb_state_add(x, XLB_XDO_EXTACK);
}

/* Called under x->lock: no new packet may start on this SA. */
static void xlb_xdo_state_delete(struct xfrm_state *x)
{
	struct xlb_sa *sa = (struct xlb_sa *)x->xso.offload_handle;

	if (sa)
		xlb_sa_delete(sa);
}

/* Packets still in flight hold their own references to the SA. */
static void xlb_xdo_state_free(struct xfrm_state *x)
{
	struct xlb_sa *sa = (struct xlb_sa *)x->xso.offload_handle;

	if (!sa)
		return;
	xlb_sa_unbind(sa);
	WRITE_ONCE(x->xso.offload_handle, 0);
	xlb_sa_put(sa);
}

/*
 * Any packet of a live SA: a worker does in software what fits no NIC.
 * But a GSO packet that would cross a lifetime limit is left to software
 * ESP, so that the limit fires at its exact count (lifetime.c).
 */
static bool xlb_xdo_offload_ok(struct sk_buff *skb, struct xfrm_state *x)
{
	struct xlb_sa *sa = (struct xlb_sa *)READ_ONCE(x->xso.offload_handle);

	return sa && !READ_ONCE(sa->dead) && xlb_lifetime_count_gso(skb, x);
}

/*
 * Required for ESN SAs. Nothing to do: the high sequence bits are taken per
 * packet, from xfrm_offload() on send and xfrm_replay_seqhi() on receive.
 */
static void xlb_xdo_state_advance_esn(struct xfrm_state *x)
{
}

const struct xfrmdev_ops xlb_xfrmdev_ops = {
	.xdo_dev_state_add		= xlb_xdo_state_add,
	.xdo_dev_state_delete		= xlb_xdo_state_delete,
	.xdo_dev_state_free		= xlb_xdo_state_free,
	.xdo_dev_offload_ok		= xlb_xdo_offload_ok,
	.xdo_dev_state_advance_esn	= xlb_xdo_state_advance_esn,
};
