/*
 * minisign.c -- Ed25519 signatures in minisign's and signify's formats.
 *
 * This file owns the bytes of three text files and the Ed25519 behind
 * them (all of it through libgcrypt; no other library signs here).
 *
 *   public key  "untrusted comment: minisign public key <ID>\n"
 *               base64("Ed" || keyid[8] || pk[32]) "\n"
 *               <ID> is the key id read as a little-endian 64-bit number,
 *               printed as 16 upper-case hex digits, as minisign does.
 *               signify reads the same file: its layout is identical.
 *   .minisig    "untrusted comment: <text>\n"
 *               base64("ED" || keyid[8] || sig[64]) "\n"
 *               "trusted comment: <text>\n"
 *               base64(global[64]) "\n"
 *               sig signs BLAKE2b-512(message); global signs
 *               sig || trusted comment.  Legacy "Ed" (sig over the raw
 *               message) is verified, never written.
 *   .sig        "untrusted comment: <text>\n"
 *               base64("Ed" || keyid[8] || sig[64]) "\n"
 *               signify's format: sig over the raw message.  signify
 *               refuses "ED", so signify -V verifies the .sig file and
 *               minisign -V the .minisig file; both take the same .pub.
 *               signify reads at most 1 GiB, so no larger .sig is made.
 *
 * Invariants and strictness:
 *  - The seed lives in secure memory; libgcrypt copies it into secure
 *    S-expressions, and the scalars derived from it are secure MPIs, so
 *    libgcrypt multiplies with them in constant time; key_wipe() wipes
 *    and frees it.  An imported key is refused unless its public half
 *    is the one its seed derives.
 *  - Base64 is the standard alphabet with padding, canonical (no stray
 *    bits), without whitespace, and decodes to exactly the struct's size.
 *  - Lines end in "\n" ("\r\n" is read too); the parser refuses NUL
 *    bytes, missing lines, unknown algorithms and anything after the
 *    last line -- but one line that repeats the untrusted comment's text
 *    exactly (an exercise's marking, which must end every file of an
 *    exercise; stock minisign and signify ignore it).  Comments are
 *    written without CR or LF and no longer than MINISIGN_UNTRUSTED_MAX
 *    and MINISIGN_TRUSTED_MAX bytes, which stock minisign (and, for the
 *    untrusted one, signify) read back.
 *  - libgcrypt keeps S-expression atoms under 64 KiB, so gcry_pk_sign
 *    and gcry_pk_verify only ever see short messages here: the BLAKE2b
 *    hash and sig || trusted comment.  Ed25519 over a whole file ("Ed",
 *    signify) is RFC 8032's algorithm built from libgcrypt's curve
 *    arithmetic and SHA-512, streaming the message (twice to sign, once
 *    to verify); the tests hold it to RFC 8032, to gcry_pk_sign and to
 *    stock minisign and signify.
 *  - Verification checks the key id first (a mismatch names both ids),
 *    then the signature, then the trusted comment's signature; every
 *    failure after parsing is RELTO_ECORRUPT, every parse error
 *    RELTO_EINPUT.
 */
#include "config.h"

#include "minisign.h"

#include <gcrypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "i18n.h"

#define ALG_LEGACY        "Ed"
#define ALG_HASHED        "ED"
#define UNTRUSTED         "untrusted comment: "
#define TRUSTED           "trusted comment: "
#define PREHASH_LEN       64
#define PUB_RAW           (2 + MINISIGN_KEYID_LEN + MINISIGN_PK_LEN)
#define SIG_RAW           (2 + MINISIGN_KEYID_LEN + MINISIGN_SIG_LEN)
#define B64_LEN(n)        ((((n) + 2) / 3) * 4)
#define DEFAULT_UNTRUSTED "signature from relto secret key"
/* libgcrypt's S-expression atoms hold at most 65535 bytes. */
#define SEXP_MAX 65535

/* One parsed signature file; trusted points into the parsed text. */
struct sigfile {
	char alg[2];
	uint8_t keyid[MINISIGN_KEYID_LEN];
	uint8_t sig[MINISIGN_SIG_LEN];
	uint8_t global[MINISIGN_SIG_LEN];
	const char *trusted;
	size_t trusted_len;
};

struct lines {
	const char *p;
	size_t left;
};

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* ---- base64 ----------------------------------------------------------- */

static void
b64_encode(const uint8_t *in, size_t n, char *out)
{
	size_t i;
	uint32_t v;

	for (i = 0; i + 2 < n; i += 3) {
		v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 |
		    in[i + 2];
		*out++ = b64_alphabet[v >> 18 & 63];
		*out++ = b64_alphabet[v >> 12 & 63];
		*out++ = b64_alphabet[v >> 6 & 63];
		*out++ = b64_alphabet[v & 63];
	}
	if (i < n) {
		v = (uint32_t)in[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)in[i + 1] << 8;
		*out++ = b64_alphabet[v >> 18 & 63];
		*out++ = b64_alphabet[v >> 12 & 63];
		*out++ = i + 1 < n ? b64_alphabet[v >> 6 & 63] : '=';
		*out++ = '=';
	}
	*out = '\0';
}

static int
b64_value(char c)
{
	const char *p;

	if (c == '\0' || (p = strchr(b64_alphabet, c)) == NULL)
		return -1;
	return (int)(p - b64_alphabet);
}

/* Decode exactly want bytes from s[0..len); 0 or -1. */
static int
b64_decode(const char *s, size_t len, uint8_t *out, size_t want)
{
	char canon[B64_LEN(SIG_RAW) + 1];
	size_t i, o = 0;
	uint32_t v = 0;
	int bits = 0, d;

	if (len != B64_LEN(want) || len >= sizeof canon)
		return -1;
	for (i = 0; i < len && o < want; i++) {
		if ((d = b64_value(s[i])) < 0)
			return -1;
		v = (v << 6 | (uint32_t)d) & 0xffffff;
		if ((bits += 6) >= 8) {
			bits -= 8;
			out[o++] = (uint8_t)(v >> bits);
		}
	}
	/* Re-encoding refuses bad padding and stray low bits alike. */
	b64_encode(out, want, canon);
	return memcmp(canon, s, len) == 0 ? 0 : -1;
}

/* ---- lines ------------------------------------------------------------ */

/* Next line without its "\n" or "\r\n"; -1 when none is left. */
static int
next_line(struct lines *l, const char **line, size_t *n)
{
	const char *nl;
	size_t k;

	if (l->left == 0)
		return -1;
	nl = memchr(l->p, '\n', l->left);
	k = nl != NULL ? (size_t)(nl - l->p) : l->left;
	*line = l->p;
	*n = k;
	l->p += k + (nl != NULL);
	l->left -= k + (nl != NULL);
	if (*n > 0 && (*line)[*n - 1] == '\r')
		(*n)--;
	return 0;
}

/* Nothing but blank line ends may follow the last line. */
static int
at_end(const struct lines *l)
{
	size_t i;

	for (i = 0; i < l->left; i++)
		if (l->p[i] != '\n' && l->p[i] != '\r')
			return 0;
	return 1;
}

/*
 * At the end, or at one last line that repeats the untrusted comment's
 * text (echo, n bytes; none when n is 0) and then the end?
 */
static int
at_end_or_echo(struct lines *l, const char *echo, size_t n)
{
	const char *line;
	size_t k;

	if (at_end(l))
		return 1;
	return n > 0 && next_line(l, &line, &k) == 0 && k == n &&
	       memcmp(line, echo, n) == 0 && at_end(l);
}

static int
has_prefix(const char *line, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && memcmp(line, prefix, k) == 0;
}

/* A comment line's text: no NUL and no CR, at most max bytes. */
static int
comment_line_ok(const char *s, size_t n, size_t max)
{
	return n <= max && memchr(s, '\0', n) == NULL &&
	       memchr(s, '\r', n) == NULL;
}

/* A comment we are asked to write: no CR, no LF, at most max bytes. */
static int
comment_ok(const char *s, size_t max)
{
	return strlen(s) <= max && strpbrk(s, "\r\n") == NULL;
}

/* ---- Ed25519 through libgcrypt ---------------------------------------- */

static int
ed_private(const uint8_t *seed, gcry_sexp_t *key)
{
	return gcry_sexp_build(key, NULL,
			       "(private-key (ecc (curve Ed25519) "
			       "(flags eddsa) (d %b)))",
			       MINISIGN_SEED_LEN, seed) == 0
		   ? 0
		   : -1;
}

static int
ed_derive(const uint8_t *seed, uint8_t pk[MINISIGN_PK_LEN])
{
	gcry_sexp_t key;
	gcry_ctx_t ctx = NULL;
	gcry_mpi_t q = NULL;
	const uint8_t *raw = NULL;
	unsigned int nbits = 0;
	int rc = -1;

	if (ed_private(seed, &key) != 0)
		return -1;
	if (gcry_mpi_ec_new(&ctx, key, NULL) == 0 &&
	    (q = gcry_mpi_ec_get_mpi("q@eddsa", ctx, 1)) != NULL &&
	    gcry_mpi_get_flag(q, GCRYMPI_FLAG_OPAQUE))
		raw = gcry_mpi_get_opaque(q, &nbits);
	if (raw != NULL && nbits == 8 * MINISIGN_PK_LEN) {
		memcpy(pk, raw, MINISIGN_PK_LEN);
		rc = 0;
	}
	gcry_mpi_release(q);
	gcry_ctx_release(ctx);
	gcry_sexp_release(key);
	return rc;
}

/* r or s, left-padded should libgcrypt have dropped leading zeros. */
static int
ed_sig_part(gcry_sexp_t sig, const char *name, uint8_t out[32])
{
	gcry_sexp_t t = gcry_sexp_find_token(sig, name, 0);
	const char *d;
	size_t n = 0;
	int rc = -1;

	if (t != NULL && (d = gcry_sexp_nth_data(t, 1, &n)) != NULL &&
	    n <= 32) {
		memset(out, 0, 32 - n);
		memcpy(out + 32 - n, d, n);
		rc = 0;
	}
	gcry_sexp_release(t);
	return rc;
}

static int
ed_sign(const uint8_t *seed, const void *msg, size_t len,
	uint8_t sig[MINISIGN_SIG_LEN], struct relto_err *e)
{
	gcry_sexp_t key = NULL, data = NULL, out = NULL;
	int rc = -1;

	if (len > SEXP_MAX)
		return err_set(e, RELTO_ECRYPTO,
			       _("the crypto library cannot sign that much at "
				 "once"));
	if (len == 0)
		msg = "";
	if (ed_private(seed, &key) == 0 &&
	    gcry_sexp_build(&data, NULL,
			    "(data (flags eddsa) (hash-algo sha512) "
			    "(value %b))",
			    (int)len, msg) == 0 &&
	    gcry_pk_sign(&out, data, key) == 0 &&
	    ed_sig_part(out, "r", sig) == 0 &&
	    ed_sig_part(out, "s", sig + 32) == 0)
		rc = 0;
	gcry_sexp_release(out);
	gcry_sexp_release(data);
	gcry_sexp_release(key);
	if (rc != 0)
		return err_set(e, RELTO_ECRYPTO,
			       _("the crypto library could not sign"));
	return RELTO_OK;
}

/* 0 when sig is pk's signature of msg. */
static int
ed_verify(const uint8_t pk[MINISIGN_PK_LEN], const void *msg, size_t len,
	  const uint8_t sig[MINISIGN_SIG_LEN])
{
	gcry_sexp_t key = NULL, data = NULL, s = NULL;
	int rc = -1;

	if (len > SEXP_MAX)
		return -1;
	if (len == 0)
		msg = "";
	if (gcry_sexp_build(&key, NULL,
			    "(public-key (ecc (curve Ed25519) (flags eddsa) "
			    "(q %b)))",
			    MINISIGN_PK_LEN, pk) == 0 &&
	    gcry_sexp_build(&data, NULL,
			    "(data (flags eddsa) (hash-algo sha512) "
			    "(value %b))",
			    (int)len, msg) == 0 &&
	    gcry_sexp_build(&s, NULL, "(sig-val (eddsa (r %b) (s %b)))", 32,
			    sig, 32, sig + 32) == 0 &&
	    gcry_pk_verify(s, data, key) == 0)
		rc = 0;
	gcry_sexp_release(s);
	gcry_sexp_release(data);
	gcry_sexp_release(key);
	return rc;
}

/* ---- pure Ed25519 over whole messages (RFC 8032 5.1.6, 5.1.7) ------- */

struct curve {
	gcry_ctx_t ctx;
	gcry_mpi_point_t g;
	gcry_mpi_t l;
};

static void
curve_close(struct curve *c)
{
	gcry_mpi_point_release(c->g);
	gcry_mpi_release(c->l);
	gcry_ctx_release(c->ctx);
}

static int
curve_open(struct curve *c)
{
	memset(c, 0, sizeof *c);
	if (gcry_mpi_ec_new(&c->ctx, NULL, "Ed25519") != 0)
		return -1;
	c->g = gcry_mpi_ec_get_point("g", c->ctx, 1);
	c->l = gcry_mpi_ec_get_mpi("n", c->ctx, 1);
	if (c->g != NULL && c->l != NULL)
		return 0;
	curve_close(c);
	return -1;
}

/* n little-endian bytes (n <= 64) as an MPI, in secure memory. */
static gcry_mpi_t
le_mpi(const uint8_t *le, size_t n)
{
	uint8_t *be = crypto_secure_alloc(64);
	gcry_mpi_t m = NULL;
	size_t i;

	if (be == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		be[i] = le[n - 1 - i];
	if (gcry_mpi_scan(&m, GCRYMPI_FMT_USG, be, n, NULL) != 0)
		m = NULL;
	crypto_secure_free(be, 64);
	return m;
}

/* m < 2^256 as 32 little-endian bytes. */
static int
mpi_le32(gcry_mpi_t m, uint8_t out[32])
{
	uint8_t be[32];
	size_t n = 0, i;

	if (gcry_mpi_print(GCRYMPI_FMT_USG, be, sizeof be, &n, m) != 0)
		return -1;
	memset(out, 0, 32);
	for (i = 0; i < n; i++)
		out[i] = be[n - 1 - i];
	crypto_wipe(be, sizeof be);
	return 0;
}

/* The digest in h, read as a little-endian number, mod L. */
static gcry_mpi_t
digest_scalar(gcry_md_hd_t h, const struct curve *c)
{
	gcry_mpi_t m = le_mpi(gcry_md_read(h, GCRY_MD_SHA512), 64);

	if (m != NULL)
		gcry_mpi_mod(m, m, c->l);
	return m;
}

/* y little-endian, with x's low bit in bit 255. */
static int
point_encode(const struct curve *c, gcry_mpi_point_t p, uint8_t out[32])
{
	gcry_mpi_t x = gcry_mpi_new(0), y = gcry_mpi_new(0);
	int rc = -1;

	if (gcry_mpi_ec_get_affine(x, y, p, c->ctx) == 0 &&
	    mpi_le32(y, out) == 0) {
		out[31] |= (uint8_t)(gcry_mpi_test_bit(x, 0) << 7);
		rc = 0;
	}
	gcry_mpi_release(x);
	gcry_mpi_release(y);
	return rc;
}

/* SHA-512 of a || b || msg into a new handle's state; NULL on failure. */
static gcry_md_hd_t
sha512_start(const uint8_t *a, size_t an, const uint8_t *b, size_t bn,
	     int secure)
{
	gcry_md_hd_t h;

	if (gcry_md_open(&h, GCRY_MD_SHA512, secure ? GCRY_MD_FLAG_SECURE : 0))
		return NULL;
	gcry_md_write(h, a, an);
	if (bn > 0)
		gcry_md_write(h, b, bn);
	return h;
}

/* r = SHA-512(prefix || M) mod L and R = rB, encoded into sig[0..32). */
static gcry_mpi_t
pure_nonce(const struct curve *c, const uint8_t *prefix, const void *msg,
	   size_t len, uint8_t sig[MINISIGN_SIG_LEN])
{
	gcry_md_hd_t h = sha512_start(prefix, 32, NULL, 0, 1);
	gcry_mpi_point_t big_r = gcry_mpi_point_new(0);
	gcry_mpi_t r = NULL;

	if (h != NULL) {
		gcry_md_write(h, msg, len);
		r = digest_scalar(h, c);
		gcry_md_close(h);
	}
	if (r != NULL) {
		gcry_mpi_ec_mul(big_r, r, c->g, c->ctx);
		if (point_encode(c, big_r, sig) != 0) {
			gcry_mpi_release(r);
			r = NULL;
		}
	}
	gcry_mpi_point_release(big_r);
	return r;
}

/* S = (r + k a) mod L, k = SHA-512(R || A || M) mod L. */
static int
pure_finish(const struct curve *c, gcry_mpi_t r, gcry_mpi_t a,
	    const uint8_t pk[MINISIGN_PK_LEN], const void *msg, size_t len,
	    uint8_t sig[MINISIGN_SIG_LEN])
{
	gcry_md_hd_t h = sha512_start(sig, 32, pk, MINISIGN_PK_LEN, 0);
	gcry_mpi_t k = NULL, big_s = gcry_mpi_snew(256);
	int rc = -1;

	if (h != NULL) {
		gcry_md_write(h, msg, len);
		k = digest_scalar(h, c);
		gcry_md_close(h);
	}
	if (k != NULL && big_s != NULL) {
		gcry_mpi_mulm(big_s, k, a, c->l);
		gcry_mpi_addm(big_s, big_s, r, c->l);
		rc = mpi_le32(big_s, sig + 32);
	}
	gcry_mpi_release(k);
	gcry_mpi_release(big_s);
	return rc;
}

static int
pure_sign(const uint8_t *seed, const uint8_t pk[MINISIGN_PK_LEN],
	  const void *msg, size_t len, uint8_t sig[MINISIGN_SIG_LEN],
	  struct relto_err *e)
{
	uint8_t *hs = crypto_secure_alloc(64);
	gcry_mpi_t a = NULL, r = NULL;
	struct curve c;
	int rc = -1;

	if (hs == NULL || curve_open(&c) != 0) {
		crypto_secure_free(hs, 64);
		return err_set(e, RELTO_ECRYPTO,
			       _("the crypto library has no Ed25519 curve"));
	}
	gcry_md_hash_buffer(GCRY_MD_SHA512, hs, seed, MINISIGN_SEED_LEN);
	hs[0] &= 248;
	hs[31] &= 127;
	hs[31] |= 64;
	if ((a = le_mpi(hs, 32)) != NULL &&
	    (r = pure_nonce(&c, hs + 32, msg, len, sig)) != NULL)
		rc = pure_finish(&c, r, a, pk, msg, len, sig);
	gcry_mpi_release(a);
	gcry_mpi_release(r);
	crypto_secure_free(hs, 64);
	curve_close(&c);
	if (rc != 0)
		return err_set(e, RELTO_ECRYPTO,
			       _("the crypto library could not sign"));
	return RELTO_OK;
}

/* Start k's hash: SHA-512(R || A || ...); the message follows. */
static gcry_md_hd_t
pure_verify_start(const uint8_t pk[MINISIGN_PK_LEN],
		  const uint8_t sig[MINISIGN_SIG_LEN])
{
	return sha512_start(sig, 32, pk, MINISIGN_PK_LEN, 0);
}

/* [S]B - [k]A, encoded, must be R; S must be below L.  0 when valid. */
static int
pure_verify_end(gcry_md_hd_t h, const uint8_t pk[MINISIGN_PK_LEN],
		const uint8_t sig[MINISIGN_SIG_LEN])
{
	struct curve c;
	gcry_mpi_t k = NULL, big_s = NULL, q = NULL;
	gcry_mpi_point_t a = gcry_mpi_point_new(0), sb = gcry_mpi_point_new(0);
	gcry_mpi_point_t ka = gcry_mpi_point_new(0);
	uint8_t r[32];
	int rc = -1;

	if (curve_open(&c) != 0) {
		gcry_md_close(h);
		return -1;
	}
	k = digest_scalar(h, &c);
	gcry_md_close(h);
	big_s = le_mpi(sig + 32, 32);
	q = gcry_mpi_set_opaque_copy(NULL, pk, 8 * MINISIGN_PK_LEN);
	if (k != NULL && big_s != NULL && q != NULL &&
	    gcry_mpi_cmp(big_s, c.l) < 0 &&
	    gcry_mpi_ec_decode_point(a, q, c.ctx) == 0) {
		gcry_mpi_ec_mul(sb, big_s, c.g, c.ctx);
		gcry_mpi_ec_mul(ka, k, a, c.ctx);
		gcry_mpi_ec_sub(sb, sb, ka, c.ctx);
		if (point_encode(&c, sb, r) == 0 && memcmp(r, sig, 32) == 0)
			rc = 0;
	}
	gcry_mpi_release(k);
	gcry_mpi_release(big_s);
	gcry_mpi_release(q);
	gcry_mpi_point_release(a);
	gcry_mpi_point_release(sb);
	gcry_mpi_point_release(ka);
	curve_close(&c);
	return rc;
}

static int
pure_verify(const uint8_t pk[MINISIGN_PK_LEN], const void *msg, size_t len,
	    const uint8_t sig[MINISIGN_SIG_LEN])
{
	gcry_md_hd_t h = pure_verify_start(pk, sig);

	if (h == NULL)
		return -1;
	gcry_md_write(h, msg, len);
	return pure_verify_end(h, pk, sig);
}

/* ---- keys ------------------------------------------------------------- */

int
minisign_keygen(struct minisign_key *k, struct relto_err *e)
{
	memset(k, 0, sizeof *k);
	k->seed = crypto_secure_alloc(MINISIGN_SEED_LEN);
	if (k->seed == NULL)
		return err_set(e, RELTO_ENOMEM,
			       _("out of secure memory for a signing key"));
	crypto_random(k->seed, MINISIGN_SEED_LEN);
	crypto_random(k->pub.keyid, MINISIGN_KEYID_LEN);
	if (ed_derive(k->seed, k->pub.pk) != 0) {
		minisign_key_wipe(k);
		return err_set(e, RELTO_ECRYPTO,
			       _("the crypto library could not make an "
				 "Ed25519 key"));
	}
	return RELTO_OK;
}

void
minisign_key_wipe(struct minisign_key *k)
{
	crypto_secure_free(k->seed, MINISIGN_SEED_LEN);
	crypto_wipe(k, sizeof *k);
}

void
minisign_key_export(const struct minisign_key *k,
		    uint8_t out[MINISIGN_SECRET_LEN])
{
	memcpy(out, k->pub.keyid, MINISIGN_KEYID_LEN);
	memcpy(out + MINISIGN_KEYID_LEN, k->seed, MINISIGN_SEED_LEN);
	memcpy(out + MINISIGN_KEYID_LEN + MINISIGN_SEED_LEN, k->pub.pk,
	       MINISIGN_PK_LEN);
}

int
minisign_key_import(struct minisign_key *k,
		    const uint8_t in[MINISIGN_SECRET_LEN], struct relto_err *e)
{
	uint8_t pk[MINISIGN_PK_LEN];

	memset(k, 0, sizeof *k);
	k->seed = crypto_secure_alloc(MINISIGN_SEED_LEN);
	if (k->seed == NULL)
		return err_set(e, RELTO_ENOMEM,
			       _("out of secure memory for a signing key"));
	memcpy(k->pub.keyid, in, MINISIGN_KEYID_LEN);
	memcpy(k->seed, in + MINISIGN_KEYID_LEN, MINISIGN_SEED_LEN);
	memcpy(k->pub.pk, in + MINISIGN_KEYID_LEN + MINISIGN_SEED_LEN,
	       MINISIGN_PK_LEN);
	if (ed_derive(k->seed, pk) != 0 ||
	    !crypto_equal(pk, k->pub.pk, MINISIGN_PK_LEN)) {
		minisign_key_wipe(k);
		return err_set(e, RELTO_ECORRUPT,
			       _("the signing key is damaged: its public half "
				 "does not match its secret half"));
	}
	return RELTO_OK;
}

void
minisign_keyid_hex(const uint8_t keyid[MINISIGN_KEYID_LEN],
		   char out[MINISIGN_KEYID_HEX_LEN])
{
	static const char hex[] = "0123456789ABCDEF";
	int i;

	/* minisign prints the id as a little-endian number. */
	for (i = 0; i < MINISIGN_KEYID_LEN; i++) {
		out[2 * i] = hex[keyid[MINISIGN_KEYID_LEN - 1 - i] >> 4];
		out[2 * i + 1] = hex[keyid[MINISIGN_KEYID_LEN - 1 - i] & 15];
	}
	out[2 * MINISIGN_KEYID_LEN] = '\0';
}

static void
pub_raw(const struct minisign_pub *p, uint8_t raw[PUB_RAW])
{
	memcpy(raw, ALG_LEGACY, 2);
	memcpy(raw + 2, p->keyid, MINISIGN_KEYID_LEN);
	memcpy(raw + 2 + MINISIGN_KEYID_LEN, p->pk, MINISIGN_PK_LEN);
}

int
minisign_public_b64(const struct minisign_pub *p, char *out, size_t cap,
		    struct relto_err *e)
{
	uint8_t raw[PUB_RAW];

	if (cap < B64_LEN(PUB_RAW) + 1)
		return err_set(e, RELTO_EUSAGE,
			       _("no room for the public key"));
	pub_raw(p, raw);
	b64_encode(raw, sizeof raw, out);
	return RELTO_OK;
}

int
minisign_public_format(const struct minisign_pub *p, char *out, size_t cap,
		       struct relto_err *e)
{
	char id[MINISIGN_KEYID_HEX_LEN], b64[B64_LEN(PUB_RAW) + 1];
	int n;

	minisign_keyid_hex(p->keyid, id);
	if (minisign_public_b64(p, b64, sizeof b64, e) != RELTO_OK)
		return e->code;
	n = snprintf(out, cap, UNTRUSTED "minisign public key %s\n%s\n", id,
		     b64);
	if (n < 0 || (size_t)n >= cap)
		return err_set(e, RELTO_EUSAGE,
			       _("no room for the public key"));
	return RELTO_OK;
}

/*
 * The same with comment as its untrusted comment, repeated as a last
 * line (an exercise's marking: every file of an exercise begins and ends
 * with it); comment NULL is minisign_public_format().
 */
int
minisign_public_format_marked(const struct minisign_pub *p, const char *comment,
			      char *out, size_t cap, struct relto_err *e)
{
	char b64[B64_LEN(PUB_RAW) + 1];
	int n;

	if (comment == NULL)
		return minisign_public_format(p, out, cap, e);
	if (!comment_ok(comment, MINISIGN_UNTRUSTED_MAX))
		return err_set(e, RELTO_EUSAGE,
			       _("the untrusted comment must be one line of "
				 "at most %d bytes"),
			       MINISIGN_UNTRUSTED_MAX);
	if (minisign_public_b64(p, b64, sizeof b64, e) != RELTO_OK)
		return e->code;
	n = snprintf(out, cap, UNTRUSTED "%s\n%s\n%s\n", comment, b64, comment);
	if (n < 0 || (size_t)n >= cap)
		return err_set(e, RELTO_EUSAGE,
			       _("no room for the public key"));
	return RELTO_OK;
}

/*
 * End a signature file (malloc'd, *len bytes) with a line repeating its
 * untrusted comment, which stock minisign and signify ignore and this
 * file's readers accept.
 */
int
minisign_echo_comment(char **text, size_t *len, struct relto_err *e)
{
	size_t n;
	char *nt;

	/* The comment is measured only once it is known to be there. */
	if (*len < strlen(UNTRUSTED) ||
	    strncmp(*text, UNTRUSTED, strlen(UNTRUSTED)) != 0)
		return err_set(e, RELTO_EUSAGE, "%s",
			       _("not a signature file"));
	n = strcspn(*text + strlen(UNTRUSTED), "\n");
	if ((nt = realloc(*text, *len + n + 2)) == NULL)
		return err_set(e, RELTO_ENOMEM, _("out of memory"));
	memcpy(nt + *len, nt + strlen(UNTRUSTED), n);
	nt[*len + n] = '\n';
	nt[*len + n + 1] = '\0';
	*len += n + 1;
	*text = nt;
	return RELTO_OK;
}

static int
pub_decode(const char *s, size_t n, struct minisign_pub *p, struct relto_err *e)
{
	uint8_t raw[PUB_RAW];

	if (b64_decode(s, n, raw, sizeof raw) != 0)
		return err_set(e, RELTO_EINPUT,
			       _("the public key is not valid base64 of a "
				 "minisign key"));
	if (memcmp(raw, ALG_LEGACY, 2) != 0)
		return err_set(e, RELTO_EINPUT,
			       _("the public key is not an Ed25519 key"));
	memcpy(p->keyid, raw + 2, MINISIGN_KEYID_LEN);
	memcpy(p->pk, raw + 2 + MINISIGN_KEYID_LEN, MINISIGN_PK_LEN);
	return RELTO_OK;
}

int
minisign_public_parse(const char *text, size_t len, struct minisign_pub *p,
		      struct relto_err *e)
{
	struct lines l = {text, len};
	const char *line, *b64, *echo = NULL;
	size_t n, bn, en = 0;

	if (next_line(&l, &line, &n) != 0)
		return err_set(e, RELTO_EINPUT, _("the public key is empty"));
	if (has_prefix(line, n, UNTRUSTED)) {
		if (!comment_line_ok(
			line, n, strlen(UNTRUSTED) + MINISIGN_UNTRUSTED_MAX))
			return err_set(e, RELTO_EINPUT,
				       _("the public key's comment line is "
					 "too long or holds a NUL byte"));
		echo = line + strlen(UNTRUSTED);
		en = n - strlen(UNTRUSTED);
		if (next_line(&l, &b64, &bn) != 0)
			return err_set(e, RELTO_EINPUT,
				       _("the public key file has no key "
					 "line"));
	} else {
		b64 = line;
		bn = n;
	}
	if (!at_end_or_echo(&l, echo, en))
		return err_set(e, RELTO_EINPUT,
			       _("the public key is followed by other text"));
	return pub_decode(b64, bn, p, e);
}

/* ---- signature files -------------------------------------------------- */

static int
sig_struct_decode(const char *s, size_t n, struct sigfile *sf,
		  struct relto_err *e)
{
	uint8_t raw[SIG_RAW];

	if (b64_decode(s, n, raw, sizeof raw) != 0)
		return err_set(e, RELTO_EINPUT,
			       _("the signature line is not valid base64 of "
				 "a signature"));
	memcpy(sf->alg, raw, 2);
	memcpy(sf->keyid, raw + 2, MINISIGN_KEYID_LEN);
	memcpy(sf->sig, raw + 2 + MINISIGN_KEYID_LEN, MINISIGN_SIG_LEN);
	return RELTO_OK;
}

static int
untrusted_line(struct lines *l, const char **text, size_t *tn,
	       struct relto_err *e)
{
	const char *line;
	size_t n;

	if (next_line(l, &line, &n) != 0 || !has_prefix(line, n, UNTRUSTED))
		return err_set(e, RELTO_EINPUT,
			       _("the signature file does not start with "
				 "\"untrusted comment: \""));
	if (!comment_line_ok(line, n,
			     strlen(UNTRUSTED) + MINISIGN_UNTRUSTED_MAX))
		return err_set(e, RELTO_EINPUT,
			       _("the untrusted comment is too long or holds a "
				 "NUL byte"));
	*text = line + strlen(UNTRUSTED);
	*tn = n - strlen(UNTRUSTED);
	return RELTO_OK;
}

static int
trusted_line(struct lines *l, struct sigfile *sf, struct relto_err *e)
{
	const char *line;
	size_t n;

	if (next_line(l, &line, &n) != 0 || !has_prefix(line, n, TRUSTED))
		return err_set(e, RELTO_EINPUT,
			       _("the signature file has no \"trusted "
				 "comment: \" line"));
	sf->trusted = line + strlen(TRUSTED);
	sf->trusted_len = n - strlen(TRUSTED);
	if (!comment_line_ok(sf->trusted, sf->trusted_len,
			     MINISIGN_TRUSTED_MAX))
		return err_set(e, RELTO_EINPUT,
			       _("the trusted comment is too long or holds a "
				 "NUL byte"));
	return RELTO_OK;
}

static int
sigfile_parse(const char *text, size_t len, struct sigfile *sf,
	      struct relto_err *e)
{
	struct lines l = {text, len};
	const char *line, *echo;
	size_t n, en;

	memset(sf, 0, sizeof *sf);
	if (untrusted_line(&l, &echo, &en, e) != RELTO_OK)
		return e->code;
	if (next_line(&l, &line, &n) != 0)
		return err_set(e, RELTO_EINPUT,
			       _("the signature file has no signature line"));
	if (sig_struct_decode(line, n, sf, e) != RELTO_OK)
		return e->code;
	if (memcmp(sf->alg, ALG_HASHED, 2) != 0 &&
	    memcmp(sf->alg, ALG_LEGACY, 2) != 0)
		return err_set(e, RELTO_EINPUT,
			       _("the signature uses an unknown algorithm"));
	if (trusted_line(&l, sf, e) != RELTO_OK)
		return e->code;
	if (next_line(&l, &line, &n) != 0 ||
	    b64_decode(line, n, sf->global, MINISIGN_SIG_LEN) != 0)
		return err_set(e, RELTO_EINPUT,
			       _("the trusted comment's signature is missing "
				 "or not valid base64"));
	if (!at_end_or_echo(&l, echo, en))
		return err_set(e, RELTO_EINPUT,
			       _("the signature file has text after its last "
				 "line"));
	return RELTO_OK;
}

static int
keyid_check(const struct minisign_pub *p, const uint8_t *keyid,
	    struct relto_err *e)
{
	char want[MINISIGN_KEYID_HEX_LEN], got[MINISIGN_KEYID_HEX_LEN];

	if (memcmp(p->keyid, keyid, MINISIGN_KEYID_LEN) == 0)
		return RELTO_OK;
	minisign_keyid_hex(keyid, got);
	minisign_keyid_hex(p->keyid, want);
	return err_set(e, RELTO_ECORRUPT,
		       _("the signature was made with key %s, but the public "
			 "key is %s"),
		       got, want);
}

/* The second signature: sig || trusted comment. */
static int
global_check(const struct minisign_pub *p, const uint8_t *sig,
	     const uint8_t *global, const char *trusted, size_t tlen,
	     struct relto_err *e)
{
	uint8_t buf[MINISIGN_SIG_LEN + MINISIGN_TRUSTED_MAX];

	memcpy(buf, sig, MINISIGN_SIG_LEN);
	memcpy(buf + MINISIGN_SIG_LEN, trusted, tlen);
	if (ed_verify(p->pk, buf, MINISIGN_SIG_LEN + tlen, global) != 0)
		return err_set(e, RELTO_ECORRUPT,
			       _("the trusted comment's signature does not "
				 "match: the comment was altered"));
	return RELTO_OK;
}

static int
trusted_copy(const char *t, size_t n, char *out, size_t cap,
	     struct relto_err *e)
{
	if (cap == 0)
		return RELTO_OK;
	if (n >= cap)
		return err_set(e, RELTO_EUSAGE,
			       _("no room for the trusted comment"));
	memcpy(out, t, n);
	out[n] = '\0';
	return RELTO_OK;
}

static int
sign_check_comments(const char *trusted, const char *untrusted,
		    struct relto_err *e)
{
	if (!comment_ok(untrusted, MINISIGN_UNTRUSTED_MAX))
		return err_set(e, RELTO_EUSAGE,
			       _("the untrusted comment must be one line of "
				 "at most %d bytes"),
			       MINISIGN_UNTRUSTED_MAX);
	if (trusted != NULL && !comment_ok(trusted, MINISIGN_TRUSTED_MAX))
		return err_set(e, RELTO_EUSAGE,
			       _("the trusted comment must be one line of at "
				 "most %d bytes"),
			       MINISIGN_TRUSTED_MAX);
	return RELTO_OK;
}

/* The two signature lines and their comments, as one malloc'd text. */
static int
sign_emit(const struct minisign_key *k, const char *alg, const uint8_t *sig,
	  const uint8_t *global, const char *trusted, const char *untrusted,
	  char **out, size_t *outlen, struct relto_err *e)
{
	uint8_t raw[SIG_RAW];
	char s64[B64_LEN(SIG_RAW) + 1], g64[B64_LEN(MINISIGN_SIG_LEN) + 1];
	size_t cap = strlen(untrusted) + sizeof s64 + sizeof g64 + 64 +
		     (trusted != NULL ? strlen(trusted) : 0);
	int n;

	memcpy(raw, alg, 2);
	memcpy(raw + 2, k->pub.keyid, MINISIGN_KEYID_LEN);
	memcpy(raw + 2 + MINISIGN_KEYID_LEN, sig, MINISIGN_SIG_LEN);
	b64_encode(raw, sizeof raw, s64);
	if ((*out = malloc(cap)) == NULL)
		return err_set(e, RELTO_ENOMEM, _("out of memory"));
	if (trusted == NULL) {
		n = snprintf(*out, cap, UNTRUSTED "%s\n%s\n", untrusted, s64);
	} else {
		b64_encode(global, MINISIGN_SIG_LEN, g64);
		n = snprintf(*out, cap, UNTRUSTED "%s\n%s\n" TRUSTED "%s\n%s\n",
			     untrusted, s64, trusted, g64);
	}
	*outlen = (size_t)n;
	return RELTO_OK;
}

/* ---- signing ---------------------------------------------------------- */

int
minisign_sign_init(struct minisign_signer *s, const struct minisign_key *k,
		   struct relto_err *e)
{
	gcry_md_hd_t h;

	s->key = k;
	s->md = NULL;
	if (k->seed == NULL)
		return err_set(e, RELTO_EUSAGE, _("the signing key is wiped"));
	if (gcry_md_open(&h, GCRY_MD_BLAKE2B_512, 0) != 0)
		return err_set(e, RELTO_ECRYPTO,
			       _("the crypto library has no BLAKE2b-512"));
	s->md = h;
	return RELTO_OK;
}

void
minisign_sign_update(struct minisign_signer *s, const void *data, size_t n)
{
	if (s->md != NULL && n > 0)
		gcry_md_write((gcry_md_hd_t)s->md, data, n);
}

void
minisign_sign_abort(struct minisign_signer *s)
{
	if (s->md != NULL)
		gcry_md_close((gcry_md_hd_t)s->md);
	s->md = NULL;
}

static int
sign_final2(struct minisign_signer *s, const char *trusted,
	    const char *untrusted, char **out, size_t *outlen,
	    struct relto_err *e)
{
	uint8_t hash[PREHASH_LEN], sig[MINISIGN_SIG_LEN];
	uint8_t buf[MINISIGN_SIG_LEN + MINISIGN_TRUSTED_MAX];
	uint8_t global[MINISIGN_SIG_LEN];
	size_t tlen = strlen(trusted);

	memcpy(hash, gcry_md_read((gcry_md_hd_t)s->md, GCRY_MD_BLAKE2B_512),
	       sizeof hash);
	if (ed_sign(s->key->seed, hash, sizeof hash, sig, e) != RELTO_OK)
		return e->code;
	memcpy(buf, sig, sizeof sig);
	memcpy(buf + sizeof sig, trusted, tlen);
	if (ed_sign(s->key->seed, buf, sizeof sig + tlen, global, e) !=
	    RELTO_OK)
		return e->code;
	return sign_emit(s->key, ALG_HASHED, sig, global, trusted, untrusted,
			 out, outlen, e);
}

int
minisign_sign_final(struct minisign_signer *s, const char *trusted,
		    const char *untrusted, char **out, size_t *outlen,
		    struct relto_err *e)
{
	int rc;

	*out = NULL;
	*outlen = 0;
	if (untrusted == NULL)
		untrusted = DEFAULT_UNTRUSTED;
	if (trusted == NULL)
		trusted = "";
	if (s->md == NULL)
		rc = err_set(e, RELTO_EUSAGE, _("the signer is not started"));
	else if ((rc = sign_check_comments(trusted, untrusted, e)) == RELTO_OK)
		rc = sign_final2(s, trusted, untrusted, out, outlen, e);
	minisign_sign_abort(s);
	return rc;
}

int
minisign_sign(const struct minisign_key *k, const void *msg, size_t len,
	      const char *trusted, const char *untrusted, char **out,
	      size_t *outlen, struct relto_err *e)
{
	struct minisign_signer s;

	*out = NULL;
	*outlen = 0;
	if (minisign_sign_init(&s, k, e) != RELTO_OK)
		return e->code;
	minisign_sign_update(&s, msg, len);
	return minisign_sign_final(&s, trusted, untrusted, out, outlen, e);
}

int
minisign_sign_signify(const struct minisign_key *k, const void *msg, size_t len,
		      const char *untrusted, char **out, size_t *outlen,
		      struct relto_err *e)
{
	uint8_t sig[MINISIGN_SIG_LEN];

	*out = NULL;
	*outlen = 0;
	if (untrusted == NULL)
		untrusted = DEFAULT_UNTRUSTED;
	if (k->seed == NULL)
		return err_set(e, RELTO_EUSAGE, _("the signing key is wiped"));
	if (len > MINISIGN_SIGNIFY_MAX)
		return err_set(e, RELTO_EUSAGE,
			       _("signify cannot verify a file over 1 GiB"));
	if (sign_check_comments(NULL, untrusted, e) != RELTO_OK)
		return e->code;
	if (len == 0)
		msg = "";
	if (pure_sign(k->seed, k->pub.pk, msg, len, sig, e) != RELTO_OK)
		return e->code;
	return sign_emit(k, ALG_LEGACY, sig, NULL, NULL, untrusted, out, outlen,
			 e);
}

/* ---- verification ----------------------------------------------------- */

int
minisign_verify_init(struct minisign_verifier *v, const struct minisign_pub *p,
		     const char *sig, size_t siglen, struct relto_err *e)
{
	struct sigfile sf;
	gcry_md_hd_t h = NULL;

	memset(v, 0, sizeof *v);
	if (sigfile_parse(sig, siglen, &sf, e) != RELTO_OK)
		return e->code;
	if (keyid_check(p, sf.keyid, e) != RELTO_OK)
		return e->code;
	v->legacy = memcmp(sf.alg, ALG_LEGACY, 2) == 0;
	if (v->legacy)
		h = pure_verify_start(p->pk, sf.sig);
	else if (gcry_md_open(&h, GCRY_MD_BLAKE2B_512, 0) != 0)
		h = NULL;
	if (h == NULL)
		return err_set(e, RELTO_ECRYPTO,
			       _("the crypto library has no SHA-512 or "
				 "BLAKE2b-512"));
	v->pub = *p;
	memcpy(v->sig, sf.sig, sizeof v->sig);
	memcpy(v->global, sf.global, sizeof v->global);
	memcpy(v->trusted, sf.trusted, sf.trusted_len);
	v->trusted_len = sf.trusted_len;
	v->md = h;
	return RELTO_OK;
}

void
minisign_verify_update(struct minisign_verifier *v, const void *data, size_t n)
{
	if (v->md != NULL && n > 0)
		gcry_md_write((gcry_md_hd_t)v->md, data, n);
}

void
minisign_verify_abort(struct minisign_verifier *v)
{
	if (v->md != NULL)
		gcry_md_close((gcry_md_hd_t)v->md);
	v->md = NULL;
}

/* The first signature, over the message or its hash; 0 when valid. */
static int
verify_first(struct minisign_verifier *v)
{
	gcry_md_hd_t h = v->md;
	uint8_t hash[PREHASH_LEN];

	v->md = NULL;
	if (v->legacy)
		return pure_verify_end(h, v->pub.pk, v->sig);
	memcpy(hash, gcry_md_read(h, GCRY_MD_BLAKE2B_512), sizeof hash);
	gcry_md_close(h);
	return ed_verify(v->pub.pk, hash, sizeof hash, v->sig);
}

int
minisign_verify_final(struct minisign_verifier *v, char *trusted, size_t cap,
		      struct relto_err *e)
{
	if (v->md == NULL)
		return err_set(e, RELTO_EUSAGE,
			       _("the verifier is not started"));
	if (verify_first(v) != 0)
		return err_set(e, RELTO_ECORRUPT,
			       _("the signature does not match the file"));
	if (global_check(&v->pub, v->sig, v->global, v->trusted, v->trusted_len,
			 e) != RELTO_OK)
		return e->code;
	return trusted_copy(v->trusted, v->trusted_len, trusted, cap, e);
}

int
minisign_verify(const struct minisign_pub *p, const void *msg, size_t len,
		const char *sig, size_t siglen, char *trusted, size_t cap,
		struct relto_err *e)
{
	struct minisign_verifier v;
	int rc;

	if (minisign_verify_init(&v, p, sig, siglen, e) != RELTO_OK)
		return e->code;
	minisign_verify_update(&v, msg, len);
	rc = minisign_verify_final(&v, trusted, cap, e);
	crypto_wipe(&v, sizeof v);
	return rc;
}

int
minisign_verify_signify(const struct minisign_pub *p, const void *msg,
			size_t len, const char *sig, size_t siglen,
			struct relto_err *e)
{
	struct lines l = {sig, siglen};
	struct sigfile sf;
	const char *line, *echo;
	size_t n, en;

	memset(&sf, 0, sizeof sf);
	if (untrusted_line(&l, &echo, &en, e) != RELTO_OK)
		return e->code;
	if (next_line(&l, &line, &n) != 0)
		return err_set(e, RELTO_EINPUT,
			       _("the signature file has no signature line"));
	if (sig_struct_decode(line, n, &sf, e) != RELTO_OK)
		return e->code;
	if (memcmp(sf.alg, ALG_LEGACY, 2) != 0)
		return err_set(e, RELTO_EINPUT,
			       _("the signature is not in signify's format"));
	if (!at_end_or_echo(&l, echo, en))
		return err_set(e, RELTO_EINPUT,
			       _("the signature file has text after its last "
				 "line"));
	if (keyid_check(p, sf.keyid, e) != RELTO_OK)
		return e->code;
	if (len == 0)
		msg = "";
	if (pure_verify(p->pk, msg, len, sf.sig) != 0)
		return err_set(e, RELTO_ECORRUPT,
			       _("the signature does not match the file"));
	return RELTO_OK;
}
