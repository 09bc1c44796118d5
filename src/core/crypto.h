/*
 * crypto.h -- libgcrypt start-up and the small primitives everything else
 * builds on.  See crypto.c for the invariants.
 */
#ifndef RELTO_CRYPTO_H
#define RELTO_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define CRYPTO_GCRYPT_MIN  "1.10.0"
#define CRYPTO_SECMEM_SIZE (256 * 1024)
#define CRYPTO_SHA256_LEN  32

int crypto_init(struct relto_err *e);
const char *crypto_library_version(void);

void crypto_random(void *buf, size_t n);
void crypto_nonce(void *buf, size_t n);

void *crypto_secure_alloc(size_t n);
void crypto_secure_free(void *p, size_t n);

void crypto_sha256(const void *data, size_t n, uint8_t out[CRYPTO_SHA256_LEN]);
int crypto_hmac_sha256(const void *key, size_t keylen, const void *msg,
		       size_t n, uint8_t out[CRYPTO_SHA256_LEN]);
int crypto_hkdf_extract(const void *salt, size_t saltlen, const void *ikm,
			size_t ikmlen, uint8_t prk[CRYPTO_SHA256_LEN]);
int crypto_hkdf_expand(const uint8_t prk[CRYPTO_SHA256_LEN], const void *info,
		       size_t infolen, void *out, size_t outlen);
int crypto_hkdf(const void *salt, size_t saltlen, const void *ikm,
		size_t ikmlen, const void *info, size_t infolen, void *out,
		size_t outlen);

int crypto_equal(const void *a, const void *b, size_t n);
void crypto_wipe(void *p, size_t n);

#endif
