// SPDX-License-Identifier: GPL-2.0
/*
 * Raw AEAD speed of one CPU, the ceiling for what one xlb worker can do.
 *
 * On load, for each online CPU in turn (or only the CPU given by cpu=), a
 * work item bound to that CPU encrypts one buffer of len bytes in place with
 * alg, over and over for ms milliseconds, the way ESP does for one packet
 * (8 bytes of SPI and sequence number plus the 8-byte IV as associated data,
 * the ICV appended). It prints one line per CPU with the operations done and
 * the MB/s (10^6 bytes of plaintext per second). The module does nothing
 * afterwards: unload it with rmmod. Used by selftests/bench/bench.sh.
 */

#include <crypto/aead.h>
#include <linux/cpu.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

static char *alg = "rfc4106(gcm(aes))";
module_param(alg, charp, 0444);
MODULE_PARM_DESC(alg, "AEAD algorithm (default rfc4106(gcm(aes)))");

static unsigned int keylen = 20;
module_param(keylen, uint, 0444);
MODULE_PARM_DESC(keylen, "Key bytes, salt included (default 20: AES-128 + 4-byte salt)");

static unsigned int authsize = 16;
module_param(authsize, uint, 0444);
MODULE_PARM_DESC(authsize, "ICV bytes (default 16)");

static unsigned int len = 1400;
module_param(len, uint, 0444);
MODULE_PARM_DESC(len, "Plaintext bytes per operation, 1-65536 (default 1400)");

static unsigned int ms = 1000;
module_param(ms, uint, 0444);
MODULE_PARM_DESC(ms, "Milliseconds of encryption per CPU, 1-60000 (default 1000)");

static int cpu = -1;
module_param(cpu, int, 0444);
MODULE_PARM_DESC(cpu, "Only this CPU (default -1: every online CPU in turn)");

/* ESP's associated data: SPI and sequence number, then the IV. */
#define XLB_BENCH_AAD 8
#define XLB_BENCH_OPS_PER_CHECK 16

struct xlb_bench {
	struct crypto_aead *tfm;
	u64 ops;
	u64 ns;
	int err;
};

static long xlb_bench_cpu(void *arg)
{
	struct xlb_bench *b = arg;
	unsigned int ivsize = crypto_aead_ivsize(b->tfm);
	unsigned int assoclen = XLB_BENCH_AAD + ivsize;
	struct aead_request *req;
	struct scatterlist sg;
	DECLARE_CRYPTO_WAIT(wait);
	u64 start, deadline, now;
	u8 *buf, *iv;
	int i, err = 0;

	buf = kzalloc(assoclen + len + authsize, GFP_KERNEL);
	iv = kzalloc(ivsize ? ivsize : 1, GFP_KERNEL);
	req = aead_request_alloc(b->tfm, GFP_KERNEL);
	if (!buf || !iv || !req) {
		err = -ENOMEM;
		goto out;
	}
	get_random_bytes(buf, assoclen + len);
	get_random_bytes(iv, ivsize);
	sg_init_one(&sg, buf, assoclen + len + authsize);
	aead_request_set_callback(req, CRYPTO_TFM_REQ_MAY_BACKLOG |
				  CRYPTO_TFM_REQ_MAY_SLEEP,
				  crypto_req_done, &wait);
	aead_request_set_ad(req, assoclen);

	b->ops = 0;
	start = ktime_get_ns();
	deadline = start + (u64)ms * NSEC_PER_MSEC;
	do {
		for (i = 0; i < XLB_BENCH_OPS_PER_CHECK; i++) {
			/* In place; the ICV lands after the plaintext. */
			aead_request_set_crypt(req, &sg, &sg, len, iv);
			err = crypto_wait_req(crypto_aead_encrypt(req), &wait);
			if (err)
				goto out;
			b->ops++;
		}
		cond_resched();
		now = ktime_get_ns();
	} while (now < deadline);
	b->ns = now - start;
out:
	aead_request_free(req);
	kfree(iv);
	kfree(buf);
	b->err = err;
	return err;
}

static int xlb_bench_run(struct crypto_aead *tfm, unsigned int c)
{
	struct xlb_bench b = { .tfm = tfm };
	u64 bytes_per_s, mb;
	u32 tenths;

	work_on_cpu(c, xlb_bench_cpu, &b);
	if (b.err) {
		pr_err("xlb_aead_bench: cpu %u: encryption failed: %d\n", c, b.err);
		return b.err;
	}
	bytes_per_s = mul_u64_u64_div_u64(b.ops * len, NSEC_PER_SEC, b.ns);
	mb = div_u64_rem(div_u64(bytes_per_s, 100000), 10, &tenths);
	pr_info("xlb_aead_bench: cpu %u: %s (%s) encrypt %u B: %llu ops in %llu ms, %llu.%u MB/s\n",
		c, alg, crypto_tfm_alg_driver_name(crypto_aead_tfm(tfm)), len,
		b.ops, div_u64(b.ns, NSEC_PER_MSEC), mb, tenths);
	return 0;
}

static int __init xlb_aead_bench_init(void)
{
	struct crypto_aead *tfm;
	unsigned int c;
	u8 *key;
	int err;

	if (!len || len > 65536 || !ms || ms > 60000 || !keylen || keylen > 64)
		return -EINVAL;

	tfm = crypto_alloc_aead(alg, 0, 0);
	if (IS_ERR(tfm)) {
		pr_err("xlb_aead_bench: cannot allocate %s: %ld\n", alg, PTR_ERR(tfm));
		return PTR_ERR(tfm);
	}
	key = kmalloc(keylen, GFP_KERNEL);
	if (!key) {
		err = -ENOMEM;
		goto out;
	}
	get_random_bytes(key, keylen);
	err = crypto_aead_setkey(tfm, key, keylen);
	kfree_sensitive(key);
	if (!err)
		err = crypto_aead_setauthsize(tfm, authsize);
	if (err) {
		pr_err("xlb_aead_bench: bad key length or ICV size for %s: %d\n", alg, err);
		goto out;
	}

	cpus_read_lock();
	if (cpu >= 0) {
		if ((unsigned int)cpu < nr_cpu_ids && cpu_online(cpu))
			err = xlb_bench_run(tfm, cpu);
		else
			err = -ENODEV;
	} else {
		for_each_online_cpu(c) {
			err = xlb_bench_run(tfm, c);
			if (err)
				break;
		}
	}
	cpus_read_unlock();
out:
	crypto_free_aead(tfm);
	return err;
}

static void __exit xlb_aead_bench_exit(void)
{
}

module_init(xlb_aead_bench_init);
module_exit(xlb_aead_bench_exit);

MODULE_DESCRIPTION("xlb benchmark helper: AEAD encryption speed per CPU");
MODULE_LICENSE("GPL");
