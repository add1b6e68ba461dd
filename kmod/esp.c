// SPDX-License-Identifier: GPL-2.0
/*
 * ESP crypto, the part xlb0 promises XFRM it does (NETIF_F_HW_ESP).
 *
 * xlb uses the transform the stack built for the SA (x->data, created by
 * esp4/esp6 from the SA's algorithm and key), so xlb never holds a copy of a
 * key and produces exactly what software ESP produces: the geniv template
 * ("seqiv" for GCM per RFC 4106, "echainiv" for CBC) turns the 64-bit
 * sequence number into the IV and writes it into the packet, so an IV is
 * never repeated under one key. The AAD is SPI and sequence number, with
 * the high 32 bits in between under ESN (RFC 4106 section 5, RFC 4303).
 */

#include <linux/bottom_half.h>
#include <linux/slab.h>

#include "compat.h"
#include "esp.h"

/* SPI, ESN high bits, sequence number. */
#define XLB_ESP_AAD_MAX (3 * sizeof(__be32))

/*
 * Scratch for one request: AAD, IV, the request, then the scatterlist.
 * Laid out the way esp4.c does it, so the IV meets the transform's alignment.
 */
static void *xlb_esp_alloc_tmp(struct crypto_aead *aead, int nsg)
{
	unsigned int len = XLB_ESP_AAD_MAX + crypto_aead_ivsize(aead);

	len += crypto_aead_alignmask(aead) & ~(crypto_tfm_ctx_alignment() - 1);
	len = ALIGN(len, crypto_tfm_ctx_alignment());
	len += sizeof(struct aead_request) + crypto_aead_reqsize(aead);
	len = ALIGN(len, __alignof__(struct scatterlist));
	len += sizeof(struct scatterlist) * nsg;
	return kmalloc(len, GFP_ATOMIC);
}

static u8 *xlb_esp_tmp_iv(struct crypto_aead *aead, void *tmp)
{
	return PTR_ALIGN((u8 *)tmp + XLB_ESP_AAD_MAX,
			 crypto_aead_alignmask(aead) + 1);
}

static struct aead_request *xlb_esp_tmp_req(struct crypto_aead *aead, u8 *iv)
{
	struct aead_request *req;

	req = (void *)PTR_ALIGN(iv + crypto_aead_ivsize(aead),
				crypto_tfm_ctx_alignment());
	aead_request_set_tfm(req, aead);
	return req;
}

static struct scatterlist *xlb_esp_tmp_sg(struct crypto_aead *aead,
					  struct aead_request *req)
{
	return (void *)ALIGN((unsigned long)(req + 1) + crypto_aead_reqsize(aead),
			     __alignof__(struct scatterlist));
}

/*
 * An asynchronous engine finished, in whatever context it completes in:
 * the done functions hand packets to the stack, which wants bottom halves
 * off, as they are in a worker.
 */
static void xlb_esp_async_done(crypto_completion_data_t *req, int err)
{
	struct sk_buff *skb = crypto_get_completion_data(req);
	struct xlb_esp_cb *cb = xlb_esp_cb(skb);

	kfree(cb->tmp);
	cb->tmp = NULL;
	local_bh_disable();
	cb->done(skb, err);
	local_bh_enable();
}

/*
 * Encrypts or decrypts the ESP packet whose header is @esp_off bytes into
 * @skb, in place. Encrypt expects header, IV space, payload with trailer and
 * ICV space, as esp_xmit() leaves them; decrypt expects a received packet.
 * @seq is the 64-bit sequence number (only its high half is used to decrypt).
 *
 * Returns 0 when done, a negative error (-EBADMSG: ICV mismatch), or
 * -EINPROGRESS: the engine completes asynchronously and calls @done.
 */
int xlb_esp_crypt(struct crypto_aead *aead, bool esn, struct sk_buff *skb,
		  unsigned int esp_off, u64 seq, bool encrypt,
		  xlb_esp_done_fn done)
{
	unsigned int ivlen = crypto_aead_ivsize(aead);
	unsigned int alen = crypto_aead_authsize(aead);
	unsigned int assoclen = sizeof(struct ip_esp_hdr);
	struct ip_esp_hdr *esph;
	struct aead_request *req;
	struct scatterlist *sg;
	struct sk_buff *trailer;
	__be32 *aad;
	int len, nfrags, err;
	__be64 seqno;
	void *tmp;
	u8 *iv;

	if (esn)
		assoclen += sizeof(__be32);
	/* IV, payload and ICV: everything after the ESP header. */
	len = skb->len - esp_off - sizeof(*esph);
	if (len < (int)(ivlen + alen))
		return -EINVAL;

	/* Makes the data private and linear enough to change in place. */
	nfrags = skb_cow_data(skb, 0, &trailer);
	if (nfrags < 0)
		return nfrags;

	tmp = xlb_esp_alloc_tmp(aead, nfrags + 1);
	if (!tmp)
		return -ENOMEM;
	aad = tmp;
	iv = xlb_esp_tmp_iv(aead, tmp);
	req = xlb_esp_tmp_req(aead, iv);
	sg = xlb_esp_tmp_sg(aead, req);

	esph = (struct ip_esp_hdr *)(skb->data + esp_off);
	aad[0] = esph->spi;
	if (esn)
		aad[1] = htonl(upper_32_bits(seq));
	aad[assoclen / sizeof(__be32) - 1] = esph->seq_no;

	/* The geniv template derives the IV from this, as esp_output_tail(). */
	seqno = cpu_to_be64(seq);
	memset(iv, 0, ivlen);
	memcpy(iv + ivlen - min_t(unsigned int, ivlen, 8),
	       (u8 *)&seqno + 8 - min_t(unsigned int, ivlen, 8),
	       min_t(unsigned int, ivlen, 8));

	sg_init_table(sg, nfrags + 1);
	sg_set_buf(sg, aad, assoclen);
	err = skb_to_sgvec(skb, sg + 1, esp_off + sizeof(*esph), len);
	if (unlikely(err < 0))
		goto out;

	xlb_esp_cb(skb)->tmp = tmp;
	xlb_esp_cb(skb)->done = done;
	aead_request_set_callback(req, 0, xlb_esp_async_done, skb);
	aead_request_set_crypt(req, sg, sg, encrypt ? len - alen : len, iv);
	aead_request_set_ad(req, assoclen);

	err = encrypt ? crypto_aead_encrypt(req) : crypto_aead_decrypt(req);
	if (err == -EINPROGRESS)
		return err;
	/* -EBUSY without MAY_BACKLOG: the engine did not take the request. */
out:
	kfree(tmp);
	xlb_esp_cb(skb)->tmp = NULL;
	return err;
}

/*
 * The 64-bit sequence number of an outbound packet. esp_xmit() writes the
 * low half into the header; xo->seq holds the high half, but for a segment
 * of a GSO packet it has already moved past this packet, possibly across a
 * wrap of the low half (esp_xmit() increments xo->seq.low per segment).
 */
u64 xlb_esp_out_seq(__be32 wire_seq, const struct xfrm_offload *xo, bool esn)
{
	u32 low = ntohl(wire_seq);
	u32 hi = xo->seq.hi;

	if (!esn)
		return low;
	if (xo->seq.low < low)
		hi--;
	return ((u64)hi << 32) | low;
}
