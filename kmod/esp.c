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
#include <linux/cache.h>
#include <linux/percpu.h>
#include <linux/slab.h>

#include "compat.h"
#include "esp.h"

/*
 * The head of one request's scratch: the page references an encryption out
 * of place leaves to put once it is over, and the AAD (SPI, ESN high bits,
 * sequence number).
 */
struct xlb_esp_tmp {
	struct scatterlist *old_frags;
	__be32 aad[3];
};

/*
 * Pages a packet is encrypted into when its payload sits in pages it shares
 * (a TCP sender's retransmit queue, the SA's trailer page): written out of
 * place, as esp_output_tail() does, instead of skb_cow_data() copying the
 * whole packet into a new head first. Per CPU, taken with bottom halves off.
 */
static DEFINE_PER_CPU(struct page_frag, xlb_esp_frag);

/*
 * Scratch for one request: struct xlb_esp_tmp, IV, the request, then the
 * scatterlists. Laid out the way esp4.c does it, so the IV meets the
 * transform's alignment.
 */
static struct xlb_esp_tmp *xlb_esp_alloc_tmp(struct crypto_aead *aead, int nsg)
{
	unsigned int len = sizeof(struct xlb_esp_tmp) + crypto_aead_ivsize(aead);

	len += crypto_aead_alignmask(aead) & ~(crypto_tfm_ctx_alignment() - 1);
	len = ALIGN(len, crypto_tfm_ctx_alignment());
	len += sizeof(struct aead_request) + crypto_aead_reqsize(aead);
	len = ALIGN(len, __alignof__(struct scatterlist));
	len += sizeof(struct scatterlist) * nsg;
	return kmalloc(len, GFP_ATOMIC);
}

static u8 *xlb_esp_tmp_iv(struct crypto_aead *aead, struct xlb_esp_tmp *tmp)
{
	return PTR_ALIGN((u8 *)(tmp + 1), crypto_aead_alignmask(aead) + 1);
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
 * Whether @skb can be encrypted out of place: its ESP header in the linear
 * part, the rest in page fragments of its own whose pages it holds plain
 * references to (no frag list, no zero-copy or page-pool pages), at most a
 * page of them. Its head is private; the pages need not be.
 */
static bool xlb_esp_may_encrypt_apart(struct sk_buff *skb,
				      unsigned int esp_off)
{
	return skb_shinfo(skb)->nr_frags && !skb_has_frag_list(skb) &&
	       !skb_cloned(skb) && !skb_zcopy(skb) && !skb->pp_recycle &&
	       skb_headlen(skb) >= esp_off + sizeof(struct ip_esp_hdr) &&
	       ALIGN(skb->data_len, L1_CACHE_BYTES) <= PAGE_SIZE;
}

/*
 * Whether received @skb can be decrypted in its fragments, as esp_input()
 * decides: it shares neither its head nor them, and has no frag list.
 */
static bool xlb_esp_may_decrypt_in_frags(struct sk_buff *skb)
{
	return !skb_cloned(skb) && !skb_has_frag_list(skb) &&
	       !skb_has_shared_frag(skb);
}

/*
 * Gives @skb one fresh fragment of this CPU's page in place of all its
 * fragments, to be encrypted into. The old fragments' pages stay
 * referenced by the source scatterlist until xlb_esp_free_tmp().
 */
static int xlb_esp_frags_apart(struct sk_buff *skb)
{
	unsigned int size = ALIGN(skb->data_len, L1_CACHE_BYTES);
	struct page_frag *pfrag;
	int err = 0;

	/* The data paths have them off already; a KUnit case does not. */
	local_bh_disable();
	pfrag = this_cpu_ptr(&xlb_esp_frag);
	if (likely(skb_page_frag_refill(size, pfrag, GFP_ATOMIC))) {
		get_page(pfrag->page);
		skb_shinfo(skb)->nr_frags = 1;
		__skb_fill_page_desc(skb, 0, pfrag->page, pfrag->offset,
				     skb->data_len);
		pfrag->offset += size;
	} else {
		err = -ENOMEM;
	}
	local_bh_enable();
	return err;
}

/* The request is over: frees its scratch and what it held. */
static void xlb_esp_free_tmp(struct xlb_esp_tmp *tmp)
{
	struct scatterlist *sg;

	for (sg = tmp->old_frags; sg; sg = sg_next(sg))
		put_page(sg_page(sg));
	kfree(tmp);
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

	xlb_esp_free_tmp(cb->tmp);
	cb->tmp = NULL;
	local_bh_disable();
	cb->done(skb, err);
	local_bh_enable();
}

/*
 * Encrypts or decrypts the ESP packet whose header is @esp_off bytes into
 * @skb, where it lies or, encrypting pages the packet shares, into a page of
 * ours. Encrypt expects header, IV space, payload with trailer and ICV
 * space, as esp_xmit() leaves them; decrypt expects a received packet.
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
	struct scatterlist *sg, *dsg;
	struct xlb_esp_tmp *tmp;
	struct aead_request *req;
	struct sk_buff *trailer;
	bool apart;
	__be32 *aad;
	int len, nfrags, err;
	__be64 seqno;
	u8 *iv;

	if (esn)
		assoclen += sizeof(__be32);
	/* IV, payload and ICV: everything after the ESP header. */
	len = skb->len - esp_off - sizeof(*esph);
	if (len < (int)(ivlen + alen))
		return -EINVAL;

	apart = encrypt && xlb_esp_may_encrypt_apart(skb, esp_off);
	if (apart || (!encrypt && xlb_esp_may_decrypt_in_frags(skb))) {
		/* As they lie: the head and each fragment. */
		nfrags = skb_shinfo(skb)->nr_frags + 1;
	} else {
		/* Makes the data private and linear enough to change in place. */
		nfrags = skb_cow_data(skb, 0, &trailer);
		if (nfrags < 0)
			return nfrags;
	}
	/* The source: AAD and data; apart, the destination: AAD, head, page. */
	tmp = xlb_esp_alloc_tmp(aead, nfrags + 1 + (apart ? 3 : 0));
	if (!tmp)
		return -ENOMEM;
	tmp->old_frags = NULL;
	aad = tmp->aad;
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

	dsg = sg;
	if (apart) {
		err = xlb_esp_frags_apart(skb);
		if (unlikely(err))
			goto out;
		/* The source's entries past the AAD and the head's bytes. */
		tmp->old_frags = skb_headlen(skb) > esp_off + sizeof(*esph) ?
				 sg + 2 : sg + 1;
		dsg = sg + nfrags + 1;
		sg_init_table(dsg, 3);
		sg_set_buf(dsg, aad, assoclen);
		err = skb_to_sgvec(skb, dsg + 1, esp_off + sizeof(*esph), len);
		if (unlikely(err < 0))
			goto out;
	}

	xlb_esp_cb(skb)->tmp = tmp;
	xlb_esp_cb(skb)->done = done;
	aead_request_set_callback(req, 0, xlb_esp_async_done, skb);
	aead_request_set_crypt(req, sg, dsg, encrypt ? len - alen : len, iv);
	aead_request_set_ad(req, assoclen);

	err = encrypt ? crypto_aead_encrypt(req) : crypto_aead_decrypt(req);
	if (err == -EINPROGRESS)
		return err;
	/* -EBUSY without MAY_BACKLOG: the engine did not take the request. */
out:
	xlb_esp_free_tmp(tmp);
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

/* The module is going: no packet is being encrypted any more. */
void xlb_esp_exit(void)
{
	struct page_frag *pfrag;
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		pfrag = per_cpu_ptr(&xlb_esp_frag, cpu);
		if (pfrag->page)
			put_page(pfrag->page);
		pfrag->page = NULL;
	}
}
