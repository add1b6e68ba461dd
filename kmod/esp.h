/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ESP encryption and decryption with an SA's own AEAD transform.
 */
#ifndef _XLB_ESP_H
#define _XLB_ESP_H

#include <crypto/aead.h>
#include <linux/skbuff.h>
#include <net/esp.h>
#include <net/xfrm.h>

#include "worker.h"

struct xlb_sa;
struct xlb_esp_tmp;

/* Called when crypto finishes later, on whatever CPU the engine chose. */
typedef void (*xlb_esp_done_fn)(struct sk_buff *skb, int err);

/* skb->cb while xlb owns a packet. */
struct xlb_esp_cb {
	struct xlb_work_cb work;
	struct xlb_sa *sa;
	struct xlb_esp_tmp *tmp;
	xlb_esp_done_fn done;
};

static inline struct xlb_esp_cb *xlb_esp_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct xlb_esp_cb) > sizeof(skb->cb));
	return (struct xlb_esp_cb *)skb->cb;
}

int xlb_esp_crypt(struct crypto_aead *aead, bool esn, struct sk_buff *skb,
		  unsigned int esp_off, u64 seq, bool encrypt,
		  xlb_esp_done_fn done);
u64 xlb_esp_out_seq(__be32 wire_seq, const struct xfrm_offload *xo, bool esn);
void xlb_esp_exit(void);

#endif /* _XLB_ESP_H */
