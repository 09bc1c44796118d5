/*
 * crypto.c -- libgcrypt start-up, randomness, hashing, HKDF, comparison
 * and wiping.
 *
 * Invariants:
 *  - crypto_init() runs once, before any other crypto_* call or any other
 *    libgcrypt use; it refuses libgcrypt older than 1.10 and refuses to go
 *    on when memory cannot be locked, so keys never reach swap.
 *  - Key material lives in crypto_secure_alloc() memory (libgcrypt's locked
 *    pool) and is wiped before it is freed.
 *  - libgcrypt 1.10 has no HKDF; crypto_hkdf*() implement RFC 5869 over
 *    HMAC-SHA-256 and are checked against its test vectors.
 *  - crypto_equal() takes time independent of where buffers differ.
 */
#include "config.h"

#include "crypto.h"

#include <errno.h>
#include <gcrypt.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "i18n.h"

static int crypto_ready;

/*
 * libgcrypt only warns when it cannot lock its pool; relto would rather
 * stop.  Probe with a locked page of our own, as libgcrypt does.
 */
static int
crypto_probe_mlock(struct relto_err *e)
{
	long pagesz = sysconf(_SC_PAGESIZE);
	void *p;
	int saved;

	if (pagesz <= 0)
		pagesz = 4096;
	p = mmap(NULL, (size_t)pagesz, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return err_set(e, RELTO_ENOMEM, _("cannot map memory: %s"),
			       strerror(errno));
	if (mlock(p, (size_t)pagesz) != 0) {
		saved = errno;
		munmap(p, (size_t)pagesz);
		return err_set(e, RELTO_ENOMEM,
			       _("cannot lock memory for keys (%s); raise the "
				 "locked-memory limit (ulimit -l)"),
			       strerror(saved));
	}
	munlock(p, (size_t)pagesz);
	munmap(p, (size_t)pagesz);
	return RELTO_OK;
}

int
crypto_init(struct relto_err *e)
{
	gcry_error_t ge;

	if (crypto_ready)
		return RELTO_OK;
	if (gcry_check_version(CRYPTO_GCRYPT_MIN) == NULL)
		return err_set(e, RELTO_ECRYPTO,
			       _("libgcrypt %s is too old; relto needs %s or "
				 "later"),
			       gcry_check_version(NULL), CRYPTO_GCRYPT_MIN);
	if (crypto_probe_mlock(e) != RELTO_OK)
		return e->code;
	gcry_control(GCRYCTL_DISABLE_SECMEM_WARN);
	ge = gcry_control(GCRYCTL_INIT_SECMEM, CRYPTO_SECMEM_SIZE, 0);
	if (ge != 0)
		return err_set(e, RELTO_ENOMEM,
			       _("cannot set up secure memory: %s"),
			       gcry_strerror(ge));
	gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
	crypto_ready = 1;
	return RELTO_OK;
}

const char *
crypto_library_version(void)
{
	return gcry_check_version(NULL);
}

void
crypto_random(void *buf, size_t n)
{
	gcry_randomize(buf, n, GCRY_STRONG_RANDOM);
}

void
crypto_nonce(void *buf, size_t n)
{
	gcry_create_nonce(buf, n);
}

void *
crypto_secure_alloc(size_t n)
{
	return gcry_calloc_secure(1, n);
}

void
crypto_secure_free(void *p, size_t n)
{
	if (p == NULL)
		return;
	crypto_wipe(p, n);
	gcry_free(p);
}

void
crypto_sha256(const void *data, size_t n, uint8_t out[CRYPTO_SHA256_LEN])
{
	gcry_md_hash_buffer(GCRY_MD_SHA256, out, data, n);
}

int
crypto_hmac_sha256(const void *key, size_t keylen, const void *msg, size_t n,
		   uint8_t out[CRYPTO_SHA256_LEN])
{
	gcry_md_hd_t h;

	if (gcry_md_open(&h, GCRY_MD_SHA256,
			 GCRY_MD_FLAG_HMAC | GCRY_MD_FLAG_SECURE) != 0)
		return RELTO_ECRYPTO;
	if (gcry_md_setkey(h, key, keylen) != 0) {
		gcry_md_close(h);
		return RELTO_ECRYPTO;
	}
	gcry_md_write(h, msg, n);
	memcpy(out, gcry_md_read(h, GCRY_MD_SHA256), CRYPTO_SHA256_LEN);
	gcry_md_close(h);
	return RELTO_OK;
}

int
crypto_hkdf_extract(const void *salt, size_t saltlen, const void *ikm,
		    size_t ikmlen, uint8_t prk[CRYPTO_SHA256_LEN])
{
	static const uint8_t zeros[CRYPTO_SHA256_LEN];

	/* RFC 5869 2.2: an absent salt is HashLen zero bytes. */
	if (saltlen == 0)
		return crypto_hmac_sha256(zeros, sizeof zeros, ikm, ikmlen,
					  prk);
	return crypto_hmac_sha256(salt, saltlen, ikm, ikmlen, prk);
}

int
crypto_hkdf_expand(const uint8_t prk[CRYPTO_SHA256_LEN], const void *info,
		   size_t infolen, void *out, size_t outlen)
{
	gcry_md_hd_t h;
	uint8_t *o = out;
	uint8_t counter = 1;
	size_t done = 0, take;
	const uint8_t *t;

	if (outlen > 255 * CRYPTO_SHA256_LEN)
		return RELTO_EUSAGE;
	if (gcry_md_open(&h, GCRY_MD_SHA256,
			 GCRY_MD_FLAG_HMAC | GCRY_MD_FLAG_SECURE) != 0)
		return RELTO_ECRYPTO;
	if (gcry_md_setkey(h, prk, CRYPTO_SHA256_LEN) != 0) {
		gcry_md_close(h);
		return RELTO_ECRYPTO;
	}
	/* T(i) = HMAC(PRK, T(i-1) | info | i); T(i-1) is already in out. */
	while (done < outlen) {
		gcry_md_reset(h);
		if (done > 0)
			gcry_md_write(h, o + done - CRYPTO_SHA256_LEN,
				      CRYPTO_SHA256_LEN);
		gcry_md_write(h, info, infolen);
		gcry_md_write(h, &counter, 1);
		t = gcry_md_read(h, GCRY_MD_SHA256);
		take = outlen - done;
		if (take > CRYPTO_SHA256_LEN)
			take = CRYPTO_SHA256_LEN;
		memcpy(o + done, t, take);
		done += take;
		counter++;
	}
	gcry_md_close(h);
	return RELTO_OK;
}

int
crypto_hkdf(const void *salt, size_t saltlen, const void *ikm, size_t ikmlen,
	    const void *info, size_t infolen, void *out, size_t outlen)
{
	uint8_t *prk;
	int rc;

	prk = crypto_secure_alloc(CRYPTO_SHA256_LEN);
	if (prk == NULL)
		return RELTO_ENOMEM;
	rc = crypto_hkdf_extract(salt, saltlen, ikm, ikmlen, prk);
	if (rc == RELTO_OK)
		rc = crypto_hkdf_expand(prk, info, infolen, out, outlen);
	crypto_secure_free(prk, CRYPTO_SHA256_LEN);
	return rc;
}

int
crypto_equal(const void *a, const void *b, size_t n)
{
	const volatile uint8_t *x = a, *y = b;
	uint8_t diff = 0;
	size_t i;

	for (i = 0; i < n; i++)
		diff |= (uint8_t)(x[i] ^ y[i]);
	return diff == 0;
}

void
crypto_wipe(void *p, size_t n)
{
	if (p != NULL)
		explicit_bzero(p, n);
}
