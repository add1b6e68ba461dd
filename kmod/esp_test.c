// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for xlb's ESP crypto: xlb_esp_crypt() against published test
 * vectors (RFC 4106 AES-GCM, RFC 3602 AES-CBC with HMAC-SHA1/SHA256, as in
 * the kernel's crypto/testmgr.h), encrypt/decrypt round trips on linear,
 * paged and cloned packets with and without ESN, IV uniqueness across a
 * wrap of the low sequence number, and xlb_esp_out_seq().
 *
 * Transforms are allocated and keyed the way esp4.c does it for an SA, so
 * these are the requests xlb makes on the SA's own transform.
 */

#include <crypto/aead.h>
#include <crypto/authenc.h>
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>

#include "esp.h"

/* Room for an IPv4 header before the ESP header; crypto must leave it be. */
#define ESP_TEST_OFF 20
/* Paged packets: small fragments, so ciphertext and ICV straddle several. */
#define ESP_TEST_FRAG 24
#define ESP_TEST_SPI 0x0badcafe
#define ESP_TEST_PAYLOAD 100
#define ESP_TEST_MAX_IV 16

struct esp_test_alg {
	/* The transform name esp4.c builds for the SA. */
	const char *name;
	/* AES key (with the RFC 4106 salt for GCM). */
	const char *key;
	unsigned int keylen;
	/* authenc only: the HMAC key. */
	const char *authkey;
	unsigned int authkeylen;
	/* ICV length on the wire: the truncated HMAC for CBC. */
	unsigned int authsize;
};

/*
 * One known-answer vector. @assoc is what testmgr authenticates: SPI, ESN
 * high half (only with ESN), sequence number, then the IV, i.e. the ESP
 * header and IV as they appear on the wire. @ctext is ciphertext followed
 * by the full-length tag, of which ESP sends the first alg.authsize bytes.
 */
struct esp_test_kat {
	const char *desc;
	struct esp_test_alg alg;
	const char *assoc;
	unsigned int alen;
	const char *ptext;
	unsigned int plen;
	const char *ctext;
};

/*
 * From crypto/testmgr.h: aes_gcm_rfc4106_tv_template (draft-mcgrew-gcm-test
 * and its ESN-shaped entries), hmac_sha1/sha256_aes_cbc_tv_temp (RFC 3602
 * case 5, an ESP packet with its trailer).
 */
static const struct esp_test_kat esp_test_kats[] = {
	{
		.desc	= "rfc4106-gcm-aes128",
		.alg	= {
			.name		= "seqiv(rfc4106(gcm(aes)))",
			.key		= "\xfe\xff\xe9\x92\x86\x65\x73\x1c"
					  "\x6d\x6a\x8f\x94\x67\x30\x83\x08"
					  "\xca\xfe\xba\xbe",
			.keylen		= 20,
			.authsize	= 16,
		},
		.assoc	= "\x00\x00\xa5\xf8\x00\x00\x00\x0a"
			  "\xfa\xce\xdb\xad\xde\xca\xf8\x88",
		.ptext	= "\x45\x00\x00\x3e\x69\x8f\x00\x00"
			  "\x80\x11\x4d\xcc\xc0\xa8\x01\x02"
			  "\xc0\xa8\x01\x01\x0a\x98\x00\x35"
			  "\x00\x2a\x23\x43\xb2\xd0\x01\x00"
			  "\x00\x01\x00\x00\x00\x00\x00\x00"
			  "\x03\x73\x69\x70\x09\x63\x79\x62"
			  "\x65\x72\x63\x69\x74\x79\x02\x64"
			  "\x6b\x00\x00\x01\x00\x01\x00\x01",
		.ctext	= "\xde\xb2\x2c\xd9\xb0\x7c\x72\xc1"
			  "\x6e\x3a\x65\xbe\xeb\x8d\xf3\x04"
			  "\xa5\xa5\x89\x7d\x33\xae\x53\x0f"
			  "\x1b\xa7\x6d\x5d\x11\x4d\x2a\x5c"
			  "\x3d\xe8\x18\x27\xc1\x0e\x9a\x4f"
			  "\x51\x33\x0d\x0e\xec\x41\x66\x42"
			  "\xcf\xbb\x85\xa5\xb4\x7e\x48\xa4"
			  "\xec\x3b\x9b\xa9\x5d\x91\x8b\xd1"
			  "\x83\xb7\x0d\x3a\xa8\xbc\x6e\xe4"
			  "\xc3\x09\xe9\xd8\x5a\x41\xad\x4a",
		.alen	= 16,
		.plen	= 64,
	}, {
		.desc	= "rfc4106-gcm-aes256",
		.alg	= {
			.name		= "seqiv(rfc4106(gcm(aes)))",
			.key		= "\xab\xbc\xcd\xde\xf0\x01\x12\x23"
					  "\x34\x45\x56\x67\x78\x89\x9a\xab"
					  "\xab\xbc\xcd\xde\xf0\x01\x12\x23"
					  "\x34\x45\x56\x67\x78\x89\x9a\xab"
					  "\x11\x22\x33\x44",
			.keylen		= 36,
			.authsize	= 16,
		},
		.assoc	= "\x4a\x2c\xbf\xe3\x00\x00\x00\x02"
			  "\x01\x02\x03\x04\x05\x06\x07\x08",
		.ptext	= "\x45\x00\x00\x30\x69\xa6\x40\x00"
			  "\x80\x06\x26\x90\xc0\xa8\x01\x02"
			  "\x93\x89\x15\x5e\x0a\x9e\x00\x8b"
			  "\x2d\xc5\x7e\xe0\x00\x00\x00\x00"
			  "\x70\x02\x40\x00\x20\xbf\x00\x00"
			  "\x02\x04\x05\xb4\x01\x01\x04\x02"
			  "\x01\x02\x02\x01",
		.ctext	= "\xff\x42\x5c\x9b\x72\x45\x99\xdf"
			  "\x7a\x3b\xcd\x51\x01\x94\xe0\x0d"
			  "\x6a\x78\x10\x7f\x1b\x0b\x1c\xbf"
			  "\x06\xef\xae\x9d\x65\xa5\xd7\x63"
			  "\x74\x8a\x63\x79\x85\x77\x1d\x34"
			  "\x7f\x05\x45\x65\x9f\x14\xe9\x9d"
			  "\xef\x84\x2d\x8e\xb3\x35\xf4\xee"
			  "\xcf\xdb\xf8\x31\x82\x4b\x4c\x49"
			  "\x15\x95\x6c\x96",
		.alen	= 16,
		.plen	= 52,
	}, {
		.desc	= "rfc4106-gcm-aes128-esn",
		.alg	= {
			.name		= "seqiv(rfc4106(gcm(aes)))",
			.key		= "\x4c\x80\xcd\xef\xbb\x5d\x10\xda"
					  "\x90\x6a\xc7\x3c\x36\x13\xa6\x34"
					  "\x2e\x44\x3b\x68",
			.keylen		= 20,
			.authsize	= 16,
		},
		.assoc	= "\x00\x00\x43\x21\x87\x65\x43\x21"
			  "\x00\x00\x00\x00\x49\x56\xed\x7e"
			  "\x3b\x24\x4c\xfe",
		.ptext	= "\x45\x00\x00\x48\x69\x9a\x00\x00"
			  "\x80\x11\x4d\xb7\xc0\xa8\x01\x02"
			  "\xc0\xa8\x01\x01\x0a\x9b\xf1\x56"
			  "\x38\xd3\x01\x00\x00\x01\x00\x00"
			  "\x00\x00\x00\x00\x04\x5f\x73\x69"
			  "\x70\x04\x5f\x75\x64\x70\x03\x73"
			  "\x69\x70\x09\x63\x79\x62\x65\x72"
			  "\x63\x69\x74\x79\x02\x64\x6b\x00"
			  "\x00\x21\x00\x01\x01\x02\x02\x01",
		.ctext	= "\xfe\xcf\x53\x7e\x72\x9d\x5b\x07"
			  "\xdc\x30\xdf\x52\x8d\xd2\x2b\x76"
			  "\x8d\x1b\x98\x73\x66\x96\xa6\xfd"
			  "\x34\x85\x09\xfa\x13\xce\xac\x34"
			  "\xcf\xa2\x43\x6f\x14\xa3\xf3\xcf"
			  "\x65\x92\x5b\xf1\xf4\xa1\x3c\x5d"
			  "\x15\xb2\x1e\x18\x84\xf5\xff\x62"
			  "\x47\xae\xab\xb7\x86\xb9\x3b\xce"
			  "\x61\xbc\x17\xd7\x68\xfd\x97\x32"
			  "\x45\x90\x18\x14\x8f\x6c\xbe\x72"
			  "\x2f\xd0\x47\x96\x56\x2d\xfd\xb4",
		.alen	= 20,
		.plen	= 72,
	}, {
		.desc	= "rfc4106-gcm-aes256-esn",
		.alg	= {
			.name		= "seqiv(rfc4106(gcm(aes)))",
			.key		= "\xab\xbc\xcd\xde\xf0\x01\x12\x23"
					  "\x34\x45\x56\x67\x78\x89\x9a\xab"
					  "\xab\xbc\xcd\xde\xf0\x01\x12\x23"
					  "\x34\x45\x56\x67\x78\x89\x9a\xab"
					  "\x73\x61\x6c\x74",
			.keylen		= 36,
			.authsize	= 16,
		},
		.assoc	= "\x17\x40\x5e\x67\x15\x6f\x31\x26"
			  "\xdd\x0d\xb9\x9b\x61\x6e\x64\x01"
			  "\x69\x76\x65\x63",
		.ptext	= "\x45\x08\x00\x28\x73\x2c\x00\x00"
			  "\x40\x06\xe9\xf9\x0a\x01\x06\x12"
			  "\x0a\x01\x03\x8f\x06\xb8\x80\x23"
			  "\xdd\x6b\xaf\xbe\xcb\x71\x26\x02"
			  "\x50\x10\x1f\x64\x6d\x54\x00\x01",
		.ctext	= "\xf2\xd6\x9e\xcd\xbd\x5a\x0d\x5b"
			  "\x8d\x5e\xf3\x8b\xad\x4d\xa5\x8d"
			  "\x1f\x27\x8f\xde\x98\xef\x67\x54"
			  "\x9d\x52\x4a\x30\x18\xd9\xa5\x7f"
			  "\xf4\xd3\xa3\x1c\xe6\x73\x11\x9e"
			  "\x45\x16\x26\xc2\x41\x57\x71\xe3"
			  "\xb7\xee\xbc\xa6\x14\xc8\x9b\x35",
		.alen	= 20,
		.plen	= 40,
	}, {
		.desc	= "rfc3602-cbc-aes128-hmac-sha1-96",
		.alg	= {
			.name		= "echainiv(authenc(hmac(sha1),cbc(aes)))",
			.authkey	= "\x11\x22\x33\x44\x55\x66\x77\x88"
					  "\x99\xaa\xbb\xcc\xdd\xee\xff\x11"
					  "\x22\x33\x44\x55",
			.key		= "\x90\xd3\x82\xb4\x10\xee\xba\x7a"
					  "\xd9\x38\xc4\x6c\xec\x1a\x82\xbf",
			.keylen		= 16,
			.authkeylen	= 20,
			.authsize	= 12,
		},
		.assoc	= "\x00\x00\x43\x21\x00\x00\x00\x01"
			  "\xe9\x6e\x8c\x08\xab\x46\x57\x63"
			  "\xfd\x09\x8d\x45\xdd\x3f\xf8\x93",
		.ptext	= "\x08\x00\x0e\xbd\xa7\x0a\x00\x00"
			  "\x8e\x9c\x08\x3d\xb9\x5b\x07\x00"
			  "\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"
			  "\x10\x11\x12\x13\x14\x15\x16\x17"
			  "\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f"
			  "\x20\x21\x22\x23\x24\x25\x26\x27"
			  "\x28\x29\x2a\x2b\x2c\x2d\x2e\x2f"
			  "\x30\x31\x32\x33\x34\x35\x36\x37"
			  "\x01\x02\x03\x04\x05\x06\x07\x08"
			  "\x09\x0a\x0b\x0c\x0d\x0e\x0e\x01",
		.ctext	= "\xf6\x63\xc2\x5d\x32\x5c\x18\xc6"
			  "\xa9\x45\x3e\x19\x4e\x12\x08\x49"
			  "\xa4\x87\x0b\x66\xcc\x6b\x99\x65"
			  "\x33\x00\x13\xb4\x89\x8d\xc8\x56"
			  "\xa4\x69\x9e\x52\x3a\x55\xdb\x08"
			  "\x0b\x59\xec\x3a\x8e\x4b\x7e\x52"
			  "\x77\x5b\x07\xd1\xdb\x34\xed\x9c"
			  "\x53\x8a\xb5\x0c\x55\x1b\x87\x4a"
			  "\xa2\x69\xad\xd0\x47\xad\x2d\x59"
			  "\x13\xac\x19\xb7\xcf\xba\xd4\xa6"
			  "\x58\xc6\x84\x75\xe4\xe9\x6b\x0c"
			  "\xe1\xc5\x0b\x73\x4d\x82\x55\xa8"
			  "\x85\xe1\x59\xf7",
		.alen	= 24,
		.plen	= 80,
	}, {
		.desc	= "rfc3602-cbc-aes128-hmac-sha256-128",
		.alg	= {
			.name		= "echainiv(authenc(hmac(sha256),cbc(aes)))",
			.authkey	= "\x11\x22\x33\x44\x55\x66\x77\x88"
					  "\x99\xaa\xbb\xcc\xdd\xee\xff\x11"
					  "\x22\x33\x44\x55\x66\x77\x88\x99"
					  "\xaa\xbb\xcc\xdd\xee\xff\x11\x22",
			.key		= "\x90\xd3\x82\xb4\x10\xee\xba\x7a"
					  "\xd9\x38\xc4\x6c\xec\x1a\x82\xbf",
			.keylen		= 16,
			.authkeylen	= 32,
			.authsize	= 16,
		},
		.assoc	= "\x00\x00\x43\x21\x00\x00\x00\x01"
			  "\xe9\x6e\x8c\x08\xab\x46\x57\x63"
			  "\xfd\x09\x8d\x45\xdd\x3f\xf8\x93",
		.ptext	= "\x08\x00\x0e\xbd\xa7\x0a\x00\x00"
			  "\x8e\x9c\x08\x3d\xb9\x5b\x07\x00"
			  "\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f"
			  "\x10\x11\x12\x13\x14\x15\x16\x17"
			  "\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f"
			  "\x20\x21\x22\x23\x24\x25\x26\x27"
			  "\x28\x29\x2a\x2b\x2c\x2d\x2e\x2f"
			  "\x30\x31\x32\x33\x34\x35\x36\x37"
			  "\x01\x02\x03\x04\x05\x06\x07\x08"
			  "\x09\x0a\x0b\x0c\x0d\x0e\x0e\x01",
		.ctext	= "\xf6\x63\xc2\x5d\x32\x5c\x18\xc6"
			  "\xa9\x45\x3e\x19\x4e\x12\x08\x49"
			  "\xa4\x87\x0b\x66\xcc\x6b\x99\x65"
			  "\x33\x00\x13\xb4\x89\x8d\xc8\x56"
			  "\xa4\x69\x9e\x52\x3a\x55\xdb\x08"
			  "\x0b\x59\xec\x3a\x8e\x4b\x7e\x52"
			  "\x77\x5b\x07\xd1\xdb\x34\xed\x9c"
			  "\x53\x8a\xb5\x0c\x55\x1b\x87\x4a"
			  "\xa2\x69\xad\xd0\x47\xad\x2d\x59"
			  "\x13\xac\x19\xb7\xcf\xba\xd4\xa6"
			  "\xbb\xd4\x0f\xbe\xa3\x3b\x4c\xb8"
			  "\x3a\xd2\xe1\x03\x86\xa5\x59\xb7"
			  "\x73\xc3\x46\x20\x2c\xb1\xef\x68"
			  "\xbb\x8a\x32\x7e\x12\x8c\x69\xcf",
		.alen	= 24,
		.plen	= 80,
	},
};

static void esp_test_kat_desc(const struct esp_test_kat *kat, char *desc)
{
	strscpy(desc, kat->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(esp_test_kat, esp_test_kats, esp_test_kat_desc);

KUNIT_DEFINE_ACTION_WRAPPER(esp_test_free_aead, crypto_free_aead,
			    struct crypto_aead *);
KUNIT_DEFINE_ACTION_WRAPPER(esp_test_free_skb, kfree_skb, struct sk_buff *);

/* Like rx.c, the caller's own state goes after xlb's part of skb->cb. */
struct esp_test_cb {
	struct xlb_esp_cb esp;
	struct esp_test_wait *wait;
};

struct esp_test_wait {
	struct completion done;
	int err;
};

static struct esp_test_cb *esp_test_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct esp_test_cb) > sizeof(skb->cb));
	return (struct esp_test_cb *)skb->cb;
}

static void esp_test_done(struct sk_buff *skb, int err)
{
	struct esp_test_wait *wait = esp_test_cb(skb)->wait;

	wait->err = err;
	complete(&wait->done);
}

/*
 * xlb_esp_crypt() on the packet at ESP_TEST_OFF, waiting up to 10 s if it
 * goes async: -ETIMEDOUT then, and @wait is left to the late callback.
 */
static int esp_test_crypt(struct crypto_aead *aead, bool esn,
			  struct sk_buff *skb, u64 seq, bool encrypt)
{
	struct esp_test_wait *wait = kmalloc(sizeof(*wait), GFP_KERNEL);
	int err;

	if (!wait)
		return -ENOMEM;
	init_completion(&wait->done);
	esp_test_cb(skb)->wait = wait;
	err = xlb_esp_crypt(aead, esn, skb, ESP_TEST_OFF, seq, encrypt,
			    esp_test_done);
	if (err == -EINPROGRESS) {
		if (!wait_for_completion_timeout(&wait->done, 10 * HZ))
			return -ETIMEDOUT;
		err = wait->err;
	}
	kfree(wait);
	return err;
}

/* Allocates and keys @alg's transform as esp_init_aead/authenc() do. */
static struct crypto_aead *esp_test_tfm(struct kunit *test,
					const struct esp_test_alg *alg,
					const char *name)
{
	struct crypto_authenc_key_param *param;
	const u8 *key = (const u8 *)alg->key;
	unsigned int keylen = alg->keylen;
	struct crypto_aead *aead;
	struct rtattr *rta;
	u8 *blob;

	aead = crypto_alloc_aead(name, 0, 0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL_MSG(test, aead, "allocating %s", name);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, esp_test_free_aead,
							aead), 0);
	if (alg->authkey) {
		/* rtattr with the cipher key length, HMAC key, cipher key. */
		keylen = RTA_SPACE(sizeof(*param)) + alg->authkeylen + alg->keylen;
		blob = kunit_kzalloc(test, keylen, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, blob);
		rta = (struct rtattr *)blob;
		rta->rta_type = CRYPTO_AUTHENC_KEYA_PARAM;
		rta->rta_len = RTA_LENGTH(sizeof(*param));
		param = RTA_DATA(rta);
		param->enckeylen = cpu_to_be32(alg->keylen);
		memcpy(blob + RTA_SPACE(sizeof(*param)), alg->authkey,
		       alg->authkeylen);
		memcpy(blob + RTA_SPACE(sizeof(*param)) + alg->authkeylen,
		       alg->key, alg->keylen);
		key = blob;
	}
	KUNIT_ASSERT_EQ(test, crypto_aead_setkey(aead, key, keylen), 0);
	KUNIT_ASSERT_EQ(test, crypto_aead_setauthsize(aead, alg->authsize), 0);
	return aead;
}

/*
 * An skb holding @pkt: the first @linear bytes in the head, the rest in
 * page fragments. Freed at test end.
 */
static struct sk_buff *esp_test_skb(struct kunit *test, const u8 *pkt,
				    unsigned int len, unsigned int linear)
{
	struct sk_buff *skb;
	unsigned int off, n;
	struct page *page;

	skb = alloc_skb(LL_MAX_HEADER + linear, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, esp_test_free_skb,
							skb), 0);
	skb_reserve(skb, LL_MAX_HEADER);
	skb_put_data(skb, pkt, min(len, linear));
	for (off = linear; off < len; off += n) {
		n = min_t(unsigned int, len - off, ESP_TEST_FRAG);
		page = alloc_page(GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, page);
		memcpy(page_address(page), pkt + off, n);
		skb_add_rx_frag(skb, skb_shinfo(skb)->nr_frags, page, 0, n,
				PAGE_SIZE);
	}
	return skb;
}

/* The packet's bytes, wherever they live now. */
static u8 *esp_test_bytes(struct kunit *test, struct sk_buff *skb)
{
	u8 *buf = kunit_kzalloc(test, skb->len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, skb_copy_bits(skb, 0, buf, skb->len), 0);
	return buf;
}

static u32 esp_test_be32(const char *p)
{
	__be32 v;

	memcpy(&v, p, sizeof(v));
	return be32_to_cpu(v);
}

/*
 * The received packet of @kat: [filler][SPI][seq][IV][ciphertext][ICV],
 * into *@pkt, its length as the return value, its 64-bit sequence number
 * into *@seq and whether it uses ESN into *@esn.
 */
static unsigned int esp_test_kat_pkt(struct kunit *test,
				     const struct esp_test_kat *kat,
				     unsigned int ivlen, u8 **pkt, u64 *seq,
				     bool *esn)
{
	unsigned int hlen = kat->alen - ivlen;
	unsigned int len;
	u8 *p;

	KUNIT_ASSERT_TRUE(test, hlen == 8 || hlen == 12);
	*esn = hlen == 12;
	len = ESP_TEST_OFF + sizeof(struct ip_esp_hdr) + ivlen + kat->plen +
	      kat->alg.authsize;
	*pkt = kunit_kzalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, *pkt);
	memset(*pkt, 0x45, ESP_TEST_OFF);
	p = *pkt + ESP_TEST_OFF;
	memcpy(p, kat->assoc, 4);
	memcpy(p + 4, kat->assoc + hlen - 4, 4);
	memcpy(p + 8, kat->assoc + hlen, ivlen);
	memcpy(p + 8 + ivlen, kat->ctext, kat->plen + kat->alg.authsize);
	*seq = esp_test_be32(kat->assoc + hlen - 4);
	if (*esn)
		*seq |= (u64)esp_test_be32(kat->assoc + 4) << 32;
	return len;
}

static void esp_test_decrypt_kat(struct kunit *test)
{
	const struct esp_test_kat *kat = test->param_value;
	struct crypto_aead *aead = esp_test_tfm(test, &kat->alg, kat->alg.name);
	unsigned int ivlen = crypto_aead_ivsize(aead);
	unsigned int hdrs = ESP_TEST_OFF + sizeof(struct ip_esp_hdr) + ivlen;
	unsigned int len;
	struct sk_buff *skb;
	u8 *pkt, *out;
	bool esn;
	u64 seq;

	len = esp_test_kat_pkt(test, kat, ivlen, &pkt, &seq, &esn);
	skb = esp_test_skb(test, pkt, len, len);
	KUNIT_ASSERT_EQ(test, esp_test_crypt(aead, esn, skb, seq, false), 0);
	KUNIT_ASSERT_EQ(test, skb->len, len);
	out = esp_test_bytes(test, skb);
	KUNIT_EXPECT_MEMEQ(test, out + hdrs, kat->ptext, kat->plen);
	/* Outer header, ESP header and IV are the stack's, untouched. */
	KUNIT_EXPECT_MEMEQ(test, out, pkt, hdrs);
}

/* Any change to what the ICV covers, or a wrong ESN guess, is -EBADMSG. */
static void esp_test_decrypt_kat_tampered(struct kunit *test)
{
	const struct esp_test_kat *kat = test->param_value;
	struct crypto_aead *aead = esp_test_tfm(test, &kat->alg, kat->alg.name);
	unsigned int ivlen = crypto_aead_ivsize(aead);
	unsigned int hdrs = ESP_TEST_OFF + sizeof(struct ip_esp_hdr) + ivlen;
	unsigned int len, i;
	struct sk_buff *skb;
	unsigned int flip[5];
	u8 *pkt;
	bool esn;
	u64 seq;

	len = esp_test_kat_pkt(test, kat, ivlen, &pkt, &seq, &esn);
	flip[0] = ESP_TEST_OFF;			/* SPI */
	flip[1] = ESP_TEST_OFF + 7;		/* sequence number */
	flip[2] = hdrs - 1;			/* IV */
	flip[3] = hdrs + kat->plen / 2;		/* ciphertext */
	flip[4] = len - 1;			/* ICV */
	for (i = 0; i < ARRAY_SIZE(flip); i++) {
		pkt[flip[i]] ^= 0x01;
		skb = esp_test_skb(test, pkt, len, len);
		KUNIT_EXPECT_EQ_MSG(test, esp_test_crypt(aead, esn, skb, seq, false),
				    -EBADMSG, "byte %u flipped", flip[i]);
		pkt[flip[i]] ^= 0x01;
	}
	if (esn) {
		skb = esp_test_skb(test, pkt, len, len);
		KUNIT_EXPECT_EQ(test, esp_test_crypt(aead, esn, skb,
						     seq + (1ULL << 32), false),
				-EBADMSG);
	}
	/* And the untouched packet still decrypts: the flips were undone. */
	skb = esp_test_skb(test, pkt, len, len);
	KUNIT_EXPECT_EQ(test, esp_test_crypt(aead, esn, skb, seq, false), 0);
}

/*
 * What esp_xmit() hands the device: ESP header with SPI and sequence
 * number, IV space, payload and trailer (padding 1, 2, ..., pad length,
 * next header) aligned to the cipher's block, ICV space. Returns its length.
 */
static unsigned int esp_test_clear_pkt(struct kunit *test,
				       struct crypto_aead *aead, u64 seq,
				       u8 **pkt)
{
	unsigned int ivlen = crypto_aead_ivsize(aead);
	unsigned int align = ALIGN(crypto_aead_blocksize(aead), 4);
	unsigned int plen = ALIGN(ESP_TEST_PAYLOAD + 2, align);
	unsigned int padlen = plen - ESP_TEST_PAYLOAD - 2;
	unsigned int len, i;
	struct ip_esp_hdr *esph;
	u8 *p;

	len = ESP_TEST_OFF + sizeof(*esph) + ivlen + plen +
	      crypto_aead_authsize(aead);
	*pkt = kunit_kzalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, *pkt);
	memset(*pkt, 0x45, ESP_TEST_OFF);
	esph = (struct ip_esp_hdr *)(*pkt + ESP_TEST_OFF);
	esph->spi = htonl(ESP_TEST_SPI);
	esph->seq_no = htonl(lower_32_bits(seq));
	p = *pkt + ESP_TEST_OFF + sizeof(*esph) + ivlen;
	for (i = 0; i < ESP_TEST_PAYLOAD; i++)
		*p++ = i * 7 + 3;
	for (i = 1; i <= padlen; i++)
		*p++ = i;
	*p++ = padlen;
	*p = IPPROTO_IPIP;
	return len;
}

struct esp_test_rt {
	const char *desc;
	/* Keys and ICV length from this vector, under transform @name. */
	unsigned int kat;
	const char *name;
	bool esn;
	bool paged;
	bool cloned;
};

static const struct esp_test_rt esp_test_rts[] = {
	{ "gcm-aes128", 0, "seqiv(rfc4106(gcm(aes)))", false, false, false },
	{ "gcm-aes128-esn", 0, "seqiv(rfc4106(gcm(aes)))", true, false, false },
	{ "gcm-aes256-esn-paged", 1, "seqiv(rfc4106(gcm(aes)))", true, true, false },
	{ "gcm-aes256-cloned", 1, "seqiv(rfc4106(gcm(aes)))", false, false, true },
	{ "cbc-sha1", 4, "echainiv(authenc(hmac(sha1),cbc(aes)))",
	  false, false, false },
	{ "cbc-sha1-esn-paged", 4, "echainiv(authencesn(hmac(sha1),cbc(aes)))",
	  true, true, false },
	{ "cbc-sha256-paged", 5, "echainiv(authenc(hmac(sha256),cbc(aes)))",
	  false, true, false },
	{ "cbc-sha256-esn-cloned", 5,
	  "echainiv(authencesn(hmac(sha256),cbc(aes)))", true, true, true },
};

static void esp_test_rt_desc(const struct esp_test_rt *rt, char *desc)
{
	strscpy(desc, rt->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(esp_test_rt, esp_test_rts, esp_test_rt_desc);

/* Header and IV in the head, as a NIC's receive path would leave them. */
static struct sk_buff *esp_test_rt_skb(struct kunit *test,
				       const struct esp_test_rt *rt,
				       struct crypto_aead *aead,
				       const u8 *pkt, unsigned int len,
				       struct sk_buff **orig)
{
	unsigned int linear = ESP_TEST_OFF + sizeof(struct ip_esp_hdr) +
			      crypto_aead_ivsize(aead);
	struct sk_buff *skb, *clone;

	skb = esp_test_skb(test, pkt, len, rt->paged ? linear : len);
	if (orig)
		*orig = skb;
	if (!rt->cloned)
		return skb;
	clone = skb_clone(skb, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, clone);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, esp_test_free_skb,
							clone), 0);
	return clone;
}

static void esp_test_roundtrip(struct kunit *test)
{
	const struct esp_test_rt *rt = test->param_value;
	const struct esp_test_kat *kat = &esp_test_kats[rt->kat];
	struct crypto_aead *aead = esp_test_tfm(test, &kat->alg, rt->name);
	unsigned int ivlen = crypto_aead_ivsize(aead);
	unsigned int alen = crypto_aead_authsize(aead);
	unsigned int hdrs = ESP_TEST_OFF + sizeof(struct ip_esp_hdr) + ivlen;
	/* With ESN the high half matters; make it one that is not zero. */
	u64 seq = rt->esn ? 0x1234567800000042ULL : 0x42;
	struct page *shared[MAX_SKB_FRAGS];
	unsigned int len, nshared = 0, nfrags, i, off;
	struct sk_buff *skb, *orig;
	u8 *pkt, *enc, *out;

	len = esp_test_clear_pkt(test, aead, seq, &pkt);
	skb = esp_test_rt_skb(test, rt, aead, pkt, len, &orig);
	/*
	 * Its pages shared, as a TCP sender's retransmit queue shares them:
	 * encrypted out of place, into a page of xlb's, they keep cleartext.
	 */
	if (rt->paged && !rt->cloned) {
		for (; nshared < skb_shinfo(skb)->nr_frags; nshared++) {
			shared[nshared] =
				skb_frag_page(&skb_shinfo(skb)->frags[nshared]);
			get_page(shared[nshared]);
		}
	}
	KUNIT_ASSERT_EQ(test, esp_test_crypt(aead, rt->esn, skb, seq, true), 0);
	KUNIT_ASSERT_EQ(test, skb->len, len);
	off = hdrs;
	for (i = 0; i < nshared; i++, off += ESP_TEST_FRAG) {
		KUNIT_EXPECT_MEMEQ_MSG(test, page_address(shared[i]), pkt + off,
				       min_t(unsigned int, len - off,
					     ESP_TEST_FRAG),
				       "shared fragment %u changed", i);
		KUNIT_EXPECT_PTR_NE(test, shared[i],
				    skb_frag_page(&skb_shinfo(skb)->frags[0]));
		put_page(shared[i]);
	}
	if (nshared)
		KUNIT_EXPECT_EQ(test, skb_shinfo(skb)->nr_frags, 1);
	enc = esp_test_bytes(test, skb);
	KUNIT_EXPECT_MEMEQ(test, enc, pkt, ESP_TEST_OFF + sizeof(struct ip_esp_hdr));
	KUNIT_EXPECT_NE(test, memcmp(enc + hdrs, pkt + hdrs, len - hdrs - alen), 0);
	KUNIT_EXPECT_NOT_NULL_MSG(test, memchr_inv(enc + hdrs - ivlen, 0, ivlen),
				  "no IV written");
	/* The clone got a private copy: its original still holds cleartext. */
	if (rt->cloned)
		KUNIT_EXPECT_MEMEQ(test, esp_test_bytes(test, orig), pkt, len);

	skb = esp_test_rt_skb(test, rt, aead, enc, len, NULL);
	nfrags = skb_shinfo(skb)->nr_frags;
	KUNIT_ASSERT_EQ(test, esp_test_crypt(aead, rt->esn, skb, seq, false), 0);
	/* Received, its own: decrypted in its fragments, not pulled in. */
	if (rt->paged && !rt->cloned)
		KUNIT_EXPECT_EQ(test, skb_shinfo(skb)->nr_frags, nfrags);
	out = esp_test_bytes(test, skb);
	KUNIT_EXPECT_MEMEQ(test, out + hdrs, pkt + hdrs, len - hdrs - alen);
	KUNIT_EXPECT_MEMEQ(test, out, enc, hdrs);

	if (rt->esn) {
		/* The receiver guessed the wrong high half: authentication fails. */
		skb = esp_test_rt_skb(test, rt, aead, enc, len, NULL);
		KUNIT_EXPECT_EQ(test, esp_test_crypt(aead, true, skb,
						     seq + (1ULL << 32), false),
				-EBADMSG);
	}
}

struct esp_test_ivs {
	const char *desc;
	unsigned int kat;
	const char *name;
};

static const struct esp_test_ivs esp_test_ivss[] = {
	{ "gcm-aes128-esn", 0, "seqiv(rfc4106(gcm(aes)))" },
	{ "cbc-sha1-esn", 4, "echainiv(authencesn(hmac(sha1),cbc(aes)))" },
};

static void esp_test_ivs_desc(const struct esp_test_ivs *p, char *desc)
{
	strscpy(desc, p->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(esp_test_ivs, esp_test_ivss, esp_test_ivs_desc);

/*
 * The IV comes from the full 64-bit sequence number, so it stays unique
 * across a wrap of the low half; the first two share their low halves with
 * the two after the wrap, which catches an IV made from the low half only.
 */
static void esp_test_iv_unique_across_wrap(struct kunit *test)
{
	static const u64 seqs[] = {
		0x0000000000000000ULL, 0x0000000000000001ULL,
		0x00000000fffffffeULL, 0x00000000ffffffffULL,
		0x0000000100000000ULL, 0x0000000100000001ULL,
	};
	const struct esp_test_ivs *p = test->param_value;
	const struct esp_test_kat *kat = &esp_test_kats[p->kat];
	struct crypto_aead *aead = esp_test_tfm(test, &kat->alg, p->name);
	unsigned int ivlen = crypto_aead_ivsize(aead);
	unsigned int ivoff = ESP_TEST_OFF + sizeof(struct ip_esp_hdr);
	u8 ivs[ARRAY_SIZE(seqs)][ESP_TEST_MAX_IV];
	struct sk_buff *skb;
	unsigned int len, i, j;
	u8 *pkt, *enc;

	KUNIT_ASSERT_LE(test, ivlen, ESP_TEST_MAX_IV);
	for (i = 0; i < ARRAY_SIZE(seqs); i++) {
		len = esp_test_clear_pkt(test, aead, seqs[i], &pkt);
		skb = esp_test_skb(test, pkt, len, len);
		KUNIT_ASSERT_EQ(test, esp_test_crypt(aead, true, skb, seqs[i], true),
				0);
		enc = esp_test_bytes(test, skb);
		memcpy(ivs[i], enc + ivoff, ivlen);
		/* Each one is still a valid packet for its own number. */
		skb = esp_test_skb(test, enc, len, len);
		KUNIT_EXPECT_EQ(test, esp_test_crypt(aead, true, skb, seqs[i], false),
				0);
	}
	for (i = 0; i < ARRAY_SIZE(seqs); i++)
		for (j = i + 1; j < ARRAY_SIZE(seqs); j++)
			KUNIT_EXPECT_NE_MSG(test, memcmp(ivs[i], ivs[j], ivlen), 0,
					    "same IV for seq %llx and %llx",
					    seqs[i], seqs[j]);
}

static void esp_test_out_seq_single(struct kunit *test)
{
	struct xfrm_offload xo = { .seq = { .low = 5, .hi = 7 } };

	/* Not GSO: xo->seq is this packet's own number. */
	KUNIT_EXPECT_EQ(test, xlb_esp_out_seq(htonl(5), &xo, true),
			0x0000000700000005ULL);
}

static void esp_test_out_seq_gso_segment(struct kunit *test)
{
	struct xfrm_offload xo = { .seq = { .low = 6, .hi = 7 } };

	/* esp_xmit() already counted this segment: xo->seq is one ahead. */
	KUNIT_EXPECT_EQ(test, xlb_esp_out_seq(htonl(5), &xo, true),
			0x0000000700000005ULL);
	xo.seq.low = 0x80000000;
	KUNIT_EXPECT_EQ(test, xlb_esp_out_seq(htonl(0x7fffffff), &xo, true),
			0x000000077fffffffULL);
}

static void esp_test_out_seq_wrap(struct kunit *test)
{
	struct xfrm_offload xo = { .seq = { .low = 0, .hi = 8 } };

	/* Segment 0xffffffff of epoch 7; xo->seq has wrapped into epoch 8. */
	KUNIT_EXPECT_EQ(test, xlb_esp_out_seq(htonl(0xffffffff), &xo, true),
			0x00000007ffffffffULL);
	xo.seq.low = 1;
	KUNIT_EXPECT_EQ(test, xlb_esp_out_seq(htonl(0xfffffffe), &xo, true),
			0x00000007fffffffeULL);
	/* The first segment after the wrap is already in epoch 8. */
	KUNIT_EXPECT_EQ(test, xlb_esp_out_seq(htonl(0), &xo, true),
			0x0000000800000000ULL);
}

static void esp_test_out_seq_no_esn(struct kunit *test)
{
	struct xfrm_offload xo = { .seq = { .low = 5, .hi = 7 } };

	/* Without ESN the high half is neither sent nor authenticated. */
	KUNIT_EXPECT_EQ(test, xlb_esp_out_seq(htonl(5), &xo, false), 5ULL);
	xo.seq.low = 0;
	xo.seq.hi = 8;
	KUNIT_EXPECT_EQ(test, xlb_esp_out_seq(htonl(0xffffffff), &xo, false),
			0xffffffffULL);
}

static struct kunit_case esp_test_cases[] = {
	KUNIT_CASE_PARAM(esp_test_decrypt_kat, esp_test_kat_gen_params),
	KUNIT_CASE_PARAM(esp_test_decrypt_kat_tampered, esp_test_kat_gen_params),
	KUNIT_CASE_PARAM(esp_test_roundtrip, esp_test_rt_gen_params),
	KUNIT_CASE_PARAM(esp_test_iv_unique_across_wrap, esp_test_ivs_gen_params),
	KUNIT_CASE(esp_test_out_seq_single),
	KUNIT_CASE(esp_test_out_seq_gso_segment),
	KUNIT_CASE(esp_test_out_seq_wrap),
	KUNIT_CASE(esp_test_out_seq_no_esn),
	{}
};

static struct kunit_suite esp_test_suite = {
	.name = "xlb_esp",
	.test_cases = esp_test_cases,
};

kunit_test_suite(esp_test_suite);
