/*
 * age.c -- age v1 (c2sp.org/age) writer and reader over libgcrypt.
 *
 * Owns: the header grammar, the X25519 and scrypt stanzas, the header
 * MAC, the STREAM payload, strict base64 and the ASCII armor.  Bech32 is
 * in bech32.c; HKDF, HMAC and secure memory in crypto.c.
 *
 * Layers of the reader, bottom up:
 *   in_*   buffered bytes from the caller's read callback;
 *   ar_*   strict PEM decoding (only when the input is armored);
 *   src_*  whichever of the two applies;
 *   hdr_*  header lines, stanzas and MAC line, kept verbatim for the MAC;
 *   unwrap the file key, check the MAC, read the nonce;
 *   age_reader_read: one 64 KiB chunk per call.
 *
 * Strictness (the spec's MUSTs, as the CCTV vectors pin them down):
 *  - The header is at most 16 MiB and 16384 stanzas (bounded memory).
 *  - The version line is exactly "age-encryption.org/v1"; every header
 *    line ends in LF alone (a CR is an invalid character anywhere).
 *  - A stanza is "-> " then arguments of VCHARs separated by one space
 *    (no empty argument), then body lines of exactly 64 base64 columns
 *    ended by one shorter line (possibly empty).  There is at least one.
 *  - Header base64 is unpadded and canonical (unused bits zero).
 *  - The MAC line is "--- " and 43 base64 columns.
 *  - "X25519" stanzas have one share of 32 bytes and a 32-byte body;
 *    "scrypt" ones a 16-byte salt, a decimal ^[1-9][0-9]*$ log2 work
 *    factor no larger than AGE_SCRYPT_MAX_LOGN, a 32-byte body, and no
 *    other stanza beside them.  These are checked for every such stanza,
 *    whatever identities were given; other types are ignored.
 *  - An all-zero X25519 shared secret aborts (header failure); a body
 *    that does not open is "not addressed to this key".
 *  - The header MAC is verified before the nonce is read, so before any
 *    plaintext exists.
 *  - Chunks are 64 KiB of plaintext plus a 16-byte tag; the nonce is an
 *    11-byte big-endian counter and a final-chunk flag.  A full-size chunk
 *    is tried as non-final, then final; a short one only as final.  Only
 *    the first chunk may be an empty final chunk.  Input ending without a
 *    final chunk, or going on after one, is a payload failure -- after
 *    the chunks that verified were released, as the reference does.
 *  - Armor: optional whitespace, the BEGIN line alone on its line, lines
 *    of 64 columns of padded canonical base64 (the last may be shorter),
 *    the END line, optional whitespace.  LF or CRLF.  Nothing else.
 *
 * Invariants: the file key and derived keys live in secure memory (the
 * payload key only inside a GCRY_CIPHER_SECURE handle) and are wiped on
 * release; a chunk's plaintext is handed out only after its tag verified;
 * the first failure is sticky.
 */
#include "config.h"

#include "age.h"

#include <gcrypt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bech32.h"
#include "crypto.h"
#include "i18n.h"

#define AGE_VERSION_LINE   "age-encryption.org/v1"
#define AGE_VERSION_PREFIX "age-encryption.org/"
#define AGE_X25519_INFO    "age-encryption.org/v1/X25519"
#define AGE_SCRYPT_SALT    "age-encryption.org/v1/scrypt"
#define AGE_ARMOR_BEGIN    "-----BEGIN AGE ENCRYPTED FILE-----"
#define AGE_ARMOR_END      "-----END AGE ENCRYPTED FILE-----"
#define AGE_RECIPIENT_HRP  "age"
#define AGE_IDENTITY_HRP   "AGE-SECRET-KEY-"

#define AGE_COLUMNS         64 /* header body lines and armor lines */
#define AGE_LINE_BYTES      48 /* bytes per full line */
#define AGE_NONCE_LEN       16
#define AGE_MAC_LEN         32
#define AGE_MAC_B64_LEN     43
#define AGE_SCRYPT_SALT_LEN 16
#define AGE_WRAPPED_LEN     (AGE_FILE_KEY_LEN + AGE_TAG_LEN)
#define AGE_KEY_LEN         32
#define AGE_AEAD_NONCE_LEN  12
#define AGE_STANZA_ARGS     3 /* arguments kept; more are only counted */
#define AGE_HEADER_MAX      (16u << 20)
#define AGE_STANZA_MAX      16384
#define AGE_ARMOR_LINE_MAX  80
#define AGE_CHUNK_FULL      (AGE_CHUNK_SIZE + AGE_TAG_LEN)

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Outcome names match the CCTV "expect:" values; codes the table above. */
static const struct {
	const char *name;
	int code;
} age_outcomes[] = {
    [AGE_SUCCESS] = {"success", RELTO_OK},
    [AGE_HEADER_FAILURE] = {"header failure", RELTO_EINPUT},
    [AGE_NO_MATCH] = {"no match", RELTO_EAUTH},
    [AGE_HMAC_FAILURE] = {"HMAC failure", RELTO_ECORRUPT},
    [AGE_PAYLOAD_FAILURE] = {"payload failure", RELTO_ECORRUPT},
    [AGE_ARMOR_FAILURE] = {"armor failure", RELTO_EINPUT},
    [AGE_IO_FAILURE] = {"I/O failure", RELTO_EIO},
    [AGE_INTERNAL_FAILURE] = {"internal failure", RELTO_ECRYPTO},
};

const char *
age_outcome_name(enum age_outcome o)
{
	if ((size_t)o >= sizeof age_outcomes / sizeof age_outcomes[0])
		return "unknown";
	return age_outcomes[o].name;
}

/* ==== small helpers ================================================= */

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	       c == '\f';
}

static int
all_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;
	size_t i;

	for (i = 0; i < n; i++)
		acc |= p[i];
	return acc == 0;
}

/* A growable byte buffer bounded by AGE_HEADER_MAX (headers are public). */
struct hbuf {
	char *p;
	size_t len, cap;
};

static int
hbuf_put(struct hbuf *h, const void *data, size_t n)
{
	size_t cap;
	char *p;

	if (n > AGE_HEADER_MAX - h->len)
		return RELTO_EINPUT;
	if (h->len + n > h->cap) {
		cap = h->cap == 0 ? 512 : h->cap;
		while (cap < h->len + n)
			cap *= 2;
		if ((p = realloc(h->p, cap)) == NULL)
			return RELTO_ENOMEM;
		h->p = p;
		h->cap = cap;
	}
	memcpy(h->p + h->len, data, n);
	h->len += n;
	return RELTO_OK;
}

static int
hbuf_puts(struct hbuf *h, const char *s)
{
	return hbuf_put(h, s, strlen(s));
}

/* ==== base64 ======================================================== */

/* Value + 1 of each base64 character; 0 for anything else. */
static const uint8_t b64_table[256] = {
    ['A'] = 1,  ['B'] = 2,  ['C'] = 3,  ['D'] = 4,  ['E'] = 5,  ['F'] = 6,
    ['G'] = 7,  ['H'] = 8,  ['I'] = 9,  ['J'] = 10, ['K'] = 11, ['L'] = 12,
    ['M'] = 13, ['N'] = 14, ['O'] = 15, ['P'] = 16, ['Q'] = 17, ['R'] = 18,
    ['S'] = 19, ['T'] = 20, ['U'] = 21, ['V'] = 22, ['W'] = 23, ['X'] = 24,
    ['Y'] = 25, ['Z'] = 26, ['a'] = 27, ['b'] = 28, ['c'] = 29, ['d'] = 30,
    ['e'] = 31, ['f'] = 32, ['g'] = 33, ['h'] = 34, ['i'] = 35, ['j'] = 36,
    ['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40, ['o'] = 41, ['p'] = 42,
    ['q'] = 43, ['r'] = 44, ['s'] = 45, ['t'] = 46, ['u'] = 47, ['v'] = 48,
    ['w'] = 49, ['x'] = 50, ['y'] = 51, ['z'] = 52, ['0'] = 53, ['1'] = 54,
    ['2'] = 55, ['3'] = 56, ['4'] = 57, ['5'] = 58, ['6'] = 59, ['7'] = 60,
    ['8'] = 61, ['9'] = 62, ['+'] = 63, ['/'] = 64,
};

/* Encode n bytes; with pad, to a multiple of 4 with '='.  Returns chars. */
static size_t
b64_encode(const uint8_t *in, size_t n, char *out, int pad)
{
	uint32_t v;
	size_t i, k = 0, left;

	for (i = 0; i < n; i += 3) {
		left = n - i;
		v = (uint32_t)in[i] << 16;
		if (left > 1)
			v |= (uint32_t)in[i + 1] << 8;
		if (left > 2)
			v |= in[i + 2];
		out[k++] = b64_alphabet[(v >> 18) & 63];
		out[k++] = b64_alphabet[(v >> 12) & 63];
		if (left > 1)
			out[k++] = b64_alphabet[(v >> 6) & 63];
		else if (pad)
			out[k++] = '=';
		if (left > 2)
			out[k++] = b64_alphabet[v & 63];
		else if (pad)
			out[k++] = '=';
	}
	return k;
}

/* Four characters into *v (24 bits); -1 if one is not base64. */
static int
b64_quad(const char *s, uint32_t *v)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned a = b64_table[u[0]], b = b64_table[u[1]];
	unsigned c = b64_table[u[2]], d = b64_table[u[3]];

	if (a == 0 || b == 0 || c == 0 || d == 0)
		return -1;
	*v = (a - 1) << 18 | (b - 1) << 12 | (c - 1) << 6 | (d - 1);
	return 0;
}

/*
 * Decode unpadded, canonical base64: no '=', no whitespace, a length that
 * is not 1 mod 4, zero unused bits.  Returns 0, or -1.
 */
static int
b64_decode(const char *s, size_t n, uint8_t *out, size_t cap, size_t *outlen)
{
	char tail[4] = {'A', 'A', 'A', 'A'};
	size_t i, k = 0, rest = n % 4;
	uint32_t v;

	if (rest == 1 || n / 4 * 3 + (rest ? rest - 1 : 0) > cap)
		return -1;
	for (i = 0; i + 4 <= n; i += 4, k += 3) {
		if (b64_quad(s + i, &v) != 0)
			return -1;
		out[k] = (uint8_t)(v >> 16);
		out[k + 1] = (uint8_t)(v >> 8);
		out[k + 2] = (uint8_t)v;
	}
	if (rest > 0) {
		memcpy(tail, s + i, rest);
		/* Canonical: the bits past the last whole byte are zero. */
		if (b64_quad(tail, &v) != 0 ||
		    (v & (rest == 2 ? 0xffff : 0xff)) != 0)
			return -1;
		out[k++] = (uint8_t)(v >> 16);
		if (rest == 3)
			out[k++] = (uint8_t)(v >> 8);
	}
	*outlen = k;
	return 0;
}

/* Padded canonical base64 (armor): a multiple of 4 with at most "==". */
static int
b64_decode_padded(const char *s, size_t n, uint8_t *out, size_t cap,
		  size_t *outlen)
{
	size_t pad = 0;

	if (n % 4 != 0)
		return -1;
	while (pad < 2 && pad < n && s[n - pad - 1] == '=')
		pad++;
	return b64_decode(s, n - pad, out, cap, outlen);
}

/* Decode exactly want bytes of canonical unpadded base64. */
static int
b64_decode_exact(const char *s, uint8_t *out, size_t want)
{
	uint8_t tmp[64];
	size_t n;

	if (want > sizeof tmp ||
	    b64_decode(s, strlen(s), tmp, sizeof tmp, &n) != 0 || n != want)
		return -1;
	memcpy(out, tmp, want);
	crypto_wipe(tmp, sizeof tmp);
	return 0;
}

/* ==== ChaCha20-Poly1305 ============================================= */

static int
aead_new(gcry_cipher_hd_t *hd, const uint8_t key[AGE_KEY_LEN])
{
	if (gcry_cipher_open(hd, GCRY_CIPHER_CHACHA20,
			     GCRY_CIPHER_MODE_POLY1305,
			     GCRY_CIPHER_SECURE) != 0)
		return RELTO_ECRYPTO;
	if (gcry_cipher_setkey(*hd, key, AGE_KEY_LEN) != 0) {
		gcry_cipher_close(*hd);
		return RELTO_ECRYPTO;
	}
	return RELTO_OK;
}

/* out = Enc(in) || tag; in may equal out (or be NULL for in place). */
static int
aead_seal(gcry_cipher_hd_t hd, const uint8_t nonce[AGE_AEAD_NONCE_LEN],
	  uint8_t *out, const uint8_t *in, size_t n)
{
	gcry_error_t ge;

	ge = gcry_cipher_setiv(hd, nonce, AGE_AEAD_NONCE_LEN);
	if (ge == 0 && n > 0)
		ge = in == NULL || in == out
			 ? gcry_cipher_encrypt(hd, out, n, NULL, 0)
			 : gcry_cipher_encrypt(hd, out, n, in, n);
	if (ge == 0)
		ge = gcry_cipher_gettag(hd, out + n, AGE_TAG_LEN);
	return ge == 0 ? RELTO_OK : RELTO_ECRYPTO;
}

/*
 * Decrypt n bytes of in (followed by its tag) into out, out of place.
 * Returns RELTO_OK, RELTO_EAUTH when the tag is wrong (out wiped), or
 * RELTO_ECRYPTO.
 */
static int
aead_open(gcry_cipher_hd_t hd, const uint8_t nonce[AGE_AEAD_NONCE_LEN],
	  uint8_t *out, const uint8_t *in, size_t n)
{
	gcry_error_t ge;

	ge = gcry_cipher_setiv(hd, nonce, AGE_AEAD_NONCE_LEN);
	if (ge == 0 && n > 0)
		ge = gcry_cipher_decrypt(hd, out, n, in, n);
	if (ge == 0)
		ge = gcry_cipher_checktag(hd, in + n, AGE_TAG_LEN);
	if (ge == 0)
		return RELTO_OK;
	crypto_wipe(out, n);
	return gcry_err_code(ge) == GPG_ERR_CHECKSUM ? RELTO_EAUTH
						     : RELTO_ECRYPTO;
}

/* body = ChaCha20-Poly1305(wrap key, zero nonce, file key). */
static int
key_wrap(const uint8_t wrap[AGE_KEY_LEN], const uint8_t *file_key,
	 uint8_t body[AGE_WRAPPED_LEN])
{
	static const uint8_t zero[AGE_AEAD_NONCE_LEN];
	gcry_cipher_hd_t hd;
	int rc;

	if ((rc = aead_new(&hd, wrap)) != RELTO_OK)
		return rc;
	rc = aead_seal(hd, zero, body, file_key, AGE_FILE_KEY_LEN);
	gcry_cipher_close(hd);
	return rc;
}

/* RELTO_OK with file_key set, RELTO_EAUTH, or RELTO_ECRYPTO. */
static int
key_unwrap(const uint8_t wrap[AGE_KEY_LEN], const uint8_t *body,
	   uint8_t *file_key)
{
	static const uint8_t zero[AGE_AEAD_NONCE_LEN];
	gcry_cipher_hd_t hd;
	int rc;

	if ((rc = aead_new(&hd, wrap)) != RELTO_OK)
		return rc;
	rc = aead_open(hd, zero, file_key, body, AGE_FILE_KEY_LEN);
	gcry_cipher_close(hd);
	return rc;
}

/* The 12-byte STREAM nonce: 11-byte big-endian counter, final flag. */
static void
stream_nonce(uint8_t nonce[AGE_AEAD_NONCE_LEN], uint64_t counter, int last)
{
	int i;

	memset(nonce, 0, AGE_AEAD_NONCE_LEN);
	for (i = 0; i < 8; i++)
		nonce[10 - i] = (uint8_t)(counter >> (8 * i));
	nonce[11] = last ? 1 : 0;
}

/* HKDF-SHA-256 of the file key: "header" (no salt) or "payload". */
static int
file_key_derive(const uint8_t *file_key, const uint8_t *salt, size_t saltlen,
		const char *info, uint8_t out[AGE_KEY_LEN])
{
	return crypto_hkdf(salt, saltlen, file_key, AGE_FILE_KEY_LEN, info,
			   strlen(info), out, AGE_KEY_LEN);
}

/* HMAC-SHA-256 over the header up to and including "---". */
static int
header_mac(const uint8_t *file_key, const char *hdr, size_t n,
	   uint8_t mac[AGE_MAC_LEN])
{
	uint8_t *k = crypto_secure_alloc(AGE_KEY_LEN);
	int rc;

	if (k == NULL)
		return RELTO_ENOMEM;
	rc = file_key_derive(file_key, NULL, 0, "header", k);
	if (rc == RELTO_OK)
		rc = crypto_hmac_sha256(k, AGE_KEY_LEN, hdr, n, mac);
	crypto_secure_free(k, AGE_KEY_LEN);
	return rc;
}

/* ==== X25519 keys =================================================== */

static int
x25519(uint8_t out[AGE_X25519_LEN], const uint8_t scalar[AGE_X25519_LEN],
       const uint8_t *point)
{
	return gcry_ecc_mul_point(GCRY_ECC_CURVE25519, out, scalar, point) == 0
		   ? RELTO_OK
		   : RELTO_ECRYPTO;
}

int
age_x25519_public(const uint8_t secret[AGE_X25519_LEN],
		  uint8_t pub[AGE_X25519_LEN], struct relto_err *e)
{
	if (x25519(pub, secret, NULL) != RELTO_OK)
		return err_set(e, RELTO_ECRYPTO,
			       _("libgcrypt cannot compute an X25519 key"));
	return RELTO_OK;
}

int
age_x25519_generate(uint8_t secret[AGE_X25519_LEN], uint8_t pub[AGE_X25519_LEN],
		    struct relto_err *e)
{
	crypto_random(secret, AGE_X25519_LEN);
	return age_x25519_public(secret, pub, e);
}

int
age_recipient_encode(const uint8_t pub[AGE_X25519_LEN],
		     char out[AGE_RECIPIENT_BUFLEN], struct relto_err *e)
{
	return bech32_encode(out, AGE_RECIPIENT_BUFLEN, AGE_RECIPIENT_HRP, pub,
			     AGE_X25519_LEN, 0, e);
}

int
age_identity_encode(const uint8_t secret[AGE_X25519_LEN],
		    char out[AGE_IDENTITY_BUFLEN], struct relto_err *e)
{
	return bech32_encode(out, AGE_IDENTITY_BUFLEN, AGE_IDENTITY_HRP, secret,
			     AGE_X25519_LEN, 1, e);
}

/* Decode s into key; the human-readable part must be exactly hrp. */
static int
age_key_decode(const char *s, const char *hrp, uint8_t key[AGE_X25519_LEN],
	       const char *what, struct relto_err *e)
{
	char got[32];
	size_t n;
	int rc;

	rc = bech32_decode(s, got, sizeof got, key, AGE_X25519_LEN, &n, e);
	if (rc != RELTO_OK)
		return rc;
	if (strcmp(got, hrp) != 0 || n != AGE_X25519_LEN) {
		crypto_wipe(key, AGE_X25519_LEN);
		return err_set(e, RELTO_EINPUT,
			       _("not an age %s: expected %s1..."), what, hrp);
	}
	return RELTO_OK;
}

int
age_recipient_decode(const char *s, uint8_t pub[AGE_X25519_LEN],
		     struct relto_err *e)
{
	return age_key_decode(s, AGE_RECIPIENT_HRP, pub, _("X25519 recipient"),
			      e);
}

int
age_identity_decode(const char *s, uint8_t secret[AGE_X25519_LEN],
		    struct relto_err *e)
{
	return age_key_decode(s, AGE_IDENTITY_HRP, secret, _("X25519 identity"),
			      e);
}

/* ==== scrypt ======================================================== */

static int
scrypt_key(const char *pass, const uint8_t salt[AGE_SCRYPT_SALT_LEN], int logn,
	   uint8_t key[AGE_KEY_LEN])
{
	uint8_t s[sizeof AGE_SCRYPT_SALT - 1 + AGE_SCRYPT_SALT_LEN];

	memcpy(s, AGE_SCRYPT_SALT, sizeof AGE_SCRYPT_SALT - 1);
	memcpy(s + sizeof AGE_SCRYPT_SALT - 1, salt, AGE_SCRYPT_SALT_LEN);
	/* libgcrypt: subalgo is N, iterations is p, r is fixed at 8. */
	if (gcry_kdf_derive(pass, strlen(pass), GCRY_KDF_SCRYPT, 1 << logn, s,
			    sizeof s, 1, AGE_KEY_LEN, key) != 0)
		return RELTO_ECRYPTO;
	return RELTO_OK;
}

/* ^[1-9][0-9]*$ into *logn; -1 when malformed, 1 when over the bound. */
static int
scrypt_parse_logn(const char *s, int *logn)
{
	long v = 0;

	if (*s < '1' || *s > '9')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (v <= AGE_SCRYPT_MAX_LOGN)
			v = v * 10 + (*s - '0');
	}
	*logn = v > AGE_SCRYPT_MAX_LOGN ? AGE_SCRYPT_MAX_LOGN + 1 : (int)v;
	return v > AGE_SCRYPT_MAX_LOGN ? 1 : 0;
}

/* ==== writer ======================================================== */

#define AGE_ARMOR_BUF                                                          \
	((AGE_CHUNK_FULL / AGE_LINE_BYTES + 2) * (AGE_COLUMNS + 1))

struct age_writer {
	age_write_fn write;
	void *arg;
	int armor;
	int failed; /* sticky relto code */
	int closed;
	gcry_cipher_hd_t hd;
	int have_hd;
	uint64_t counter;
	size_t have; /* plaintext pending in chunk */
	uint8_t rem[AGE_LINE_BYTES];
	size_t remlen;  /* armor: bytes short of a line */
	size_t abuflen; /* armor: encoded text pending */
	char abuf[AGE_ARMOR_BUF];
	uint8_t chunk[AGE_CHUNK_FULL];
};

static int wr_fail(struct age_writer *w, int code, struct relto_err *e,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
wr_fail(struct age_writer *w, int code, struct relto_err *e, const char *fmt,
	...)
{
	va_list ap;

	w->failed = code;
	if (e != NULL) {
		e->code = code;
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof e->msg, fmt, ap);
		va_end(ap);
	}
	return code;
}

static int
wr_raw(struct age_writer *w, const void *buf, size_t n, struct relto_err *e)
{
	if (n > 0 && w->write(w->arg, buf, n) != 0)
		return wr_fail(w, RELTO_EIO, e, "%s",
			       _("cannot write the encrypted file"));
	return RELTO_OK;
}

static int
wr_armor_flush(struct age_writer *w, struct relto_err *e)
{
	int rc = wr_raw(w, w->abuf, w->abuflen, e);

	w->abuflen = 0;
	return rc;
}

/* One armor line of up to 48 bytes. */
static int
wr_armor_line(struct age_writer *w, const uint8_t *p, size_t n,
	      struct relto_err *e)
{
	int rc;

	if (sizeof w->abuf - w->abuflen < AGE_COLUMNS + 1 &&
	    (rc = wr_armor_flush(w, e)) != RELTO_OK)
		return rc;
	w->abuflen += b64_encode(p, n, w->abuf + w->abuflen, 1);
	w->abuf[w->abuflen++] = '\n';
	return RELTO_OK;
}

/* Armor n bytes: complete the pending line, then whole lines, keep the
 * rest. */
static int
wr_armor(struct age_writer *w, const uint8_t *p, size_t n, struct relto_err *e)
{
	size_t take;
	int rc;

	if (w->remlen > 0) {
		take = AGE_LINE_BYTES - w->remlen;
		take = take < n ? take : n;
		memcpy(w->rem + w->remlen, p, take);
		w->remlen += take;
		p += take;
		n -= take;
		if (w->remlen < AGE_LINE_BYTES)
			return RELTO_OK;
		if ((rc = wr_armor_line(w, w->rem, AGE_LINE_BYTES, e)) != 0)
			return rc;
		w->remlen = 0;
	}
	for (; n >= AGE_LINE_BYTES; p += AGE_LINE_BYTES, n -= AGE_LINE_BYTES)
		if ((rc = wr_armor_line(w, p, AGE_LINE_BYTES, e)) != 0)
			return rc;
	memcpy(w->rem, p, n);
	w->remlen = n;
	return wr_armor_flush(w, e);
}

static int
wr_out(struct age_writer *w, const void *buf, size_t n, struct relto_err *e)
{
	return w->armor ? wr_armor(w, buf, n, e) : wr_raw(w, buf, n, e);
}

/* "-> args\n" then the body wrapped at 64 columns, last line short. */
static int
hdr_put_stanza(struct hbuf *h, const char *const *args, size_t argc,
	       const uint8_t *body, size_t n)
{
	char line[AGE_COLUMNS + 1];
	size_t i, take;
	int rc;

	rc = hbuf_puts(h, "->");
	for (i = 0; i < argc && rc == RELTO_OK; i++)
		if ((rc = hbuf_puts(h, " ")) == RELTO_OK)
			rc = hbuf_puts(h, args[i]);
	if (rc == RELTO_OK)
		rc = hbuf_puts(h, "\n");
	for (i = 0; rc == RELTO_OK; i += take) {
		take = n - i < AGE_LINE_BYTES ? n - i : AGE_LINE_BYTES;
		rc = hbuf_put(h, line, b64_encode(body + i, take, line, 0));
		if (rc == RELTO_OK)
			rc = hbuf_puts(h, "\n");
		if (take < AGE_LINE_BYTES)
			break;
	}
	return rc;
}

/* Secrets of one X25519 wrap, in secure memory. */
struct x25519_tmp {
	uint8_t eph[AGE_X25519_LEN];
	uint8_t shared[AGE_X25519_LEN];
	uint8_t wrap[AGE_KEY_LEN];
};

static int
wr_x25519_stanza(struct hbuf *h, const uint8_t pub[AGE_X25519_LEN],
		 const uint8_t *file_key, struct relto_err *e)
{
	struct x25519_tmp *t = crypto_secure_alloc(sizeof *t);
	uint8_t salt[2 * AGE_X25519_LEN], body[AGE_WRAPPED_LEN];
	char share[AGE_COLUMNS];
	const char *args[2] = {"X25519", share};
	int rc;

	if (t == NULL)
		return err_set(e, RELTO_ENOMEM, "%s",
			       _("out of secure memory"));
	crypto_random(t->eph, sizeof t->eph);
	rc = x25519(salt, t->eph, NULL);
	if (rc == RELTO_OK)
		rc = x25519(t->shared, t->eph, pub);
	if (rc == RELTO_OK && all_zero(t->shared, sizeof t->shared)) {
		crypto_secure_free(t, sizeof *t);
		return err_set(e, RELTO_EINPUT, "%s",
			       _("the recipient is not a usable X25519 key"));
	}
	memcpy(salt + AGE_X25519_LEN, pub, AGE_X25519_LEN);
	if (rc == RELTO_OK)
		rc = crypto_hkdf(salt, sizeof salt, t->shared, AGE_X25519_LEN,
				 AGE_X25519_INFO, strlen(AGE_X25519_INFO),
				 t->wrap, AGE_KEY_LEN);
	if (rc == RELTO_OK)
		rc = key_wrap(t->wrap, file_key, body);
	crypto_secure_free(t, sizeof *t);
	if (rc != RELTO_OK)
		return err_set(e, rc, "%s", _("cannot wrap the file key"));
	share[b64_encode(salt, AGE_X25519_LEN, share, 0)] = '\0';
	if (hdr_put_stanza(h, args, 2, body, sizeof body) != RELTO_OK)
		return err_set(e, RELTO_ENOMEM, "%s", _("out of memory"));
	return RELTO_OK;
}

static int
wr_scrypt_stanza(struct hbuf *h, const char *pass, int logn,
		 const uint8_t *file_key, struct relto_err *e)
{
	uint8_t salt[AGE_SCRYPT_SALT_LEN], body[AGE_WRAPPED_LEN];
	uint8_t *wrap = crypto_secure_alloc(AGE_KEY_LEN);
	char salt64[32], work[16];
	const char *args[3] = {"scrypt", salt64, work};
	int rc;

	if (wrap == NULL)
		return err_set(e, RELTO_ENOMEM, "%s",
			       _("out of secure memory"));
	crypto_random(salt, sizeof salt);
	rc = scrypt_key(pass, salt, logn, wrap);
	if (rc == RELTO_OK)
		rc = key_wrap(wrap, file_key, body);
	crypto_secure_free(wrap, AGE_KEY_LEN);
	if (rc != RELTO_OK)
		return err_set(e, rc, "%s", _("cannot wrap the file key"));
	salt64[b64_encode(salt, sizeof salt, salt64, 0)] = '\0';
	snprintf(work, sizeof work, "%d", logn);
	if (hdr_put_stanza(h, args, 3, body, sizeof body) != RELTO_OK)
		return err_set(e, RELTO_ENOMEM, "%s", _("out of memory"));
	return RELTO_OK;
}

static int
wr_check_recipients(const struct age_recipients *to, struct relto_err *e)
{
	int logn = to->scrypt_logn;

	if ((to->n_x25519 > 0) == (to->passphrase != NULL))
		return err_set(e, RELTO_EUSAGE, "%s",
			       _("encrypt to X25519 recipients or to a "
				 "passphrase, not both and not neither"));
	if (to->passphrase != NULL && to->passphrase[0] == '\0')
		return err_set(e, RELTO_EUSAGE, "%s",
			       _("the passphrase is empty"));
	if (logn < 0 || logn > AGE_SCRYPT_MAX_LOGN)
		return err_set(e, RELTO_EUSAGE,
			       _("the scrypt work factor must be 1 to %d"),
			       AGE_SCRYPT_MAX_LOGN);
	return RELTO_OK;
}

/* Version line, stanzas, "--- " and the MAC, into h. */
static int
wr_build_header(struct hbuf *h, const struct age_recipients *to,
		const uint8_t *file_key, struct relto_err *e)
{
	uint8_t mac[AGE_MAC_LEN];
	char mac64[AGE_MAC_B64_LEN + 1];
	size_t i;
	int rc;

	if (hbuf_puts(h, AGE_VERSION_LINE "\n") != RELTO_OK)
		return err_set(e, RELTO_ENOMEM, "%s", _("out of memory"));
	for (i = 0; i < to->n_x25519; i++)
		if ((rc = wr_x25519_stanza(h, to->x25519[i], file_key, e)) !=
		    RELTO_OK)
			return rc;
	if (to->passphrase != NULL &&
	    (rc =
		 wr_scrypt_stanza(h, to->passphrase,
				  to->scrypt_logn > 0 ? to->scrypt_logn
						      : AGE_SCRYPT_DEFAULT_LOGN,
				  file_key, e)) != RELTO_OK)
		return rc;
	if (hbuf_puts(h, "---") != RELTO_OK)
		return err_set(e, RELTO_ENOMEM, "%s", _("out of memory"));
	if ((rc = header_mac(file_key, h->p, h->len, mac)) != RELTO_OK)
		return err_set(e, rc, "%s", _("cannot compute the header MAC"));
	mac64[b64_encode(mac, sizeof mac, mac64, 0)] = '\0';
	if (hbuf_puts(h, " ") != RELTO_OK || hbuf_puts(h, mac64) != RELTO_OK ||
	    hbuf_puts(h, "\n") != RELTO_OK)
		return err_set(e, RELTO_ENOMEM, "%s", _("out of memory"));
	return RELTO_OK;
}

/* Header out, nonce out, payload key into the cipher handle. */
static int
wr_start(struct age_writer *w, const struct age_recipients *to,
	 const uint8_t *file_key, struct relto_err *e)
{
	struct hbuf h = {NULL, 0, 0};
	uint8_t nonce[AGE_NONCE_LEN], *pk;
	int rc;

	rc = wr_build_header(&h, to, file_key, e);
	if (rc == RELTO_OK && w->armor)
		rc = wr_raw(w, AGE_ARMOR_BEGIN "\n", sizeof AGE_ARMOR_BEGIN, e);
	if (rc == RELTO_OK)
		rc = wr_out(w, h.p, h.len, e);
	free(h.p);
	if (rc != RELTO_OK)
		return rc;
	crypto_random(nonce, sizeof nonce);
	if ((rc = wr_out(w, nonce, sizeof nonce, e)) != RELTO_OK)
		return rc;
	if ((pk = crypto_secure_alloc(AGE_KEY_LEN)) == NULL)
		return err_set(e, RELTO_ENOMEM, "%s",
			       _("out of secure memory"));
	rc = file_key_derive(file_key, nonce, sizeof nonce, "payload", pk);
	if (rc == RELTO_OK)
		rc = aead_new(&w->hd, pk);
	crypto_secure_free(pk, AGE_KEY_LEN);
	if (rc != RELTO_OK)
		return err_set(e, rc, "%s",
			       _("cannot set up the payload cipher"));
	w->have_hd = 1;
	return RELTO_OK;
}

int
age_writer_open(struct age_writer **wp, const struct age_recipients *to,
		int armor, age_write_fn write, void *arg, struct relto_err *e)
{
	struct age_writer *w;
	uint8_t *file_key;
	int rc;

	*wp = NULL;
	if ((rc = wr_check_recipients(to, e)) != RELTO_OK)
		return rc;
	if ((w = calloc(1, sizeof *w)) == NULL)
		return err_set(e, RELTO_ENOMEM, "%s", _("out of memory"));
	w->write = write;
	w->arg = arg;
	w->armor = armor != 0;
	if ((file_key = crypto_secure_alloc(AGE_FILE_KEY_LEN)) == NULL) {
		free(w);
		return err_set(e, RELTO_ENOMEM, "%s",
			       _("out of secure memory"));
	}
	crypto_random(file_key, AGE_FILE_KEY_LEN);
	rc = wr_start(w, to, file_key, e);
	crypto_secure_free(file_key, AGE_FILE_KEY_LEN);
	if (rc != RELTO_OK) {
		age_writer_free(w);
		return rc;
	}
	*wp = w;
	return RELTO_OK;
}

/* Seal n bytes from src (NULL: the chunk buffer) and write them out. */
static int
wr_chunk(struct age_writer *w, const uint8_t *src, size_t n, int last,
	 struct relto_err *e)
{
	uint8_t nonce[AGE_AEAD_NONCE_LEN];

	if (w->counter == UINT64_MAX)
		return wr_fail(w, RELTO_EUSAGE, e, "%s",
			       _("the file is too large for age"));
	stream_nonce(nonce, w->counter, last);
	if (aead_seal(w->hd, nonce, w->chunk, src, n) != RELTO_OK)
		return wr_fail(w, RELTO_ECRYPTO, e, "%s",
			       _("libgcrypt cannot encrypt the payload"));
	w->counter++;
	return wr_out(w, w->chunk, n + AGE_TAG_LEN, e);
}

static int
wr_replay(const struct age_writer *w, struct relto_err *e)
{
	return err_set(e, w->failed ? w->failed : RELTO_EUSAGE, "%s",
		       w->failed ? _("the encrypted file is already broken")
				 : _("the encrypted file is already closed"));
}

int
age_writer_write(struct age_writer *w, const void *buf, size_t n,
		 struct relto_err *e)
{
	const uint8_t *p = buf;
	size_t take;
	int rc;

	if (w->failed || w->closed)
		return wr_replay(w, e);
	while (n > 0) {
		/* More data follows, so a full pending chunk is not last. */
		if (w->have == AGE_CHUNK_SIZE) {
			if ((rc = wr_chunk(w, NULL, AGE_CHUNK_SIZE, 0, e)) != 0)
				return rc;
			w->have = 0;
		}
		if (w->have == 0 && n > AGE_CHUNK_SIZE) {
			if ((rc = wr_chunk(w, p, AGE_CHUNK_SIZE, 0, e)) != 0)
				return rc;
			p += AGE_CHUNK_SIZE;
			n -= AGE_CHUNK_SIZE;
			continue;
		}
		take = AGE_CHUNK_SIZE - w->have;
		take = take < n ? take : n;
		memcpy(w->chunk + w->have, p, take);
		w->have += take;
		p += take;
		n -= take;
	}
	return RELTO_OK;
}

int
age_writer_close(struct age_writer *w, struct relto_err *e)
{
	int rc;

	if (w->failed || w->closed)
		return wr_replay(w, e);
	if ((rc = wr_chunk(w, NULL, w->have, 1, e)) != RELTO_OK)
		return rc;
	w->have = 0;
	w->closed = 1;
	if (!w->armor)
		return RELTO_OK;
	if (w->remlen > 0 &&
	    (rc = wr_armor_line(w, w->rem, w->remlen, e)) != RELTO_OK)
		return rc;
	w->remlen = 0;
	if ((rc = wr_armor_flush(w, e)) != RELTO_OK)
		return rc;
	return wr_raw(w, AGE_ARMOR_END "\n", sizeof AGE_ARMOR_END, e);
}

void
age_writer_free(struct age_writer *w)
{
	if (w == NULL)
		return;
	if (w->have_hd)
		gcry_cipher_close(w->hd);
	crypto_wipe(w, sizeof *w);
	free(w);
}

/* ==== reader: state, failures, input ================================ */

struct rd_stanza {
	char *line; /* the arguments, NUL-separated */
	char *argv[AGE_STANZA_ARGS];
	size_t argc;
	uint8_t *body;
	size_t bodylen;
};

enum rd_state {
	RD_HEADER,    /* before age_reader_open() succeeded */
	RD_CHUNKS,    /* between chunks */
	RD_CHECK_EOF, /* a final chunk was released; input must end */
	RD_END,
};

enum ar_state {
	AR_BODY, /* full lines so far */
	AR_LAST, /* a short or padded line was seen: END must follow */
	AR_DONE,
};

struct age_reader {
	age_read_fn read;
	void *arg;
	const struct age_identities *ids;
	uint8_t (*pubs)[AGE_X25519_LEN];
	enum age_outcome outcome;
	struct relto_err err;
	enum rd_state state;
	int armored;
	/* raw input */
	size_t inpos, inlen;
	int ineof;
	uint8_t in[4096];
	/* armor */
	enum ar_state astate;
	size_t apos, alen;
	uint8_t aline[AGE_LINE_BYTES];
	/* header */
	struct hbuf hdr;
	size_t mac_input; /* header bytes the MAC covers */
	uint8_t mac[AGE_MAC_LEN];
	struct rd_stanza *st;
	size_t nst, capst;
	uint8_t *file_key; /* secure; freed once the payload key is set */
	/* payload */
	gcry_cipher_hd_t hd;
	int have_hd;
	uint64_t counter;
	uint8_t cbuf[AGE_CHUNK_FULL];
	uint8_t pbuf[AGE_CHUNK_SIZE];
};

static int rd_fail(struct age_reader *r, enum age_outcome o,
		   struct relto_err *e, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Record the first failure and its class; copy it to e. */
static int
rd_fail(struct age_reader *r, enum age_outcome o, struct relto_err *e,
	const char *fmt, ...)
{
	va_list ap;

	if (r->outcome == AGE_SUCCESS) {
		r->outcome = o;
		r->err.code = age_outcomes[o].code;
		va_start(ap, fmt);
		vsnprintf(r->err.msg, sizeof r->err.msg, fmt, ap);
		va_end(ap);
	}
	if (e != NULL)
		*e = r->err;
	return r->err.code;
}

static int
rd_internal(struct age_reader *r, int code, struct relto_err *e,
	    const char *msg)
{
	int rc = rd_fail(r, AGE_INTERNAL_FAILURE, e, "%s", msg);

	if (r->outcome == AGE_INTERNAL_FAILURE) {
		r->err.code = code;
		if (e != NULL)
			e->code = code;
		rc = code;
	}
	return rc;
}

static int
rd_header_fail(struct age_reader *r, struct relto_err *e, const char *why)
{
	return rd_fail(r, AGE_HEADER_FAILURE, e, _("invalid age header: %s"),
		       why);
}

static int
in_fill(struct age_reader *r, struct relto_err *e)
{
	size_t got = 0;

	if (r->ineof)
		return RELTO_OK;
	if (r->read(r->arg, r->in, sizeof r->in, &got) != 0 ||
	    got > sizeof r->in)
		return rd_fail(r, AGE_IO_FAILURE, e, "%s",
			       _("cannot read the encrypted file"));
	r->inpos = 0;
	r->inlen = got;
	r->ineof = got == 0;
	return RELTO_OK;
}

/* The next byte without consuming it, or -1 at the end. */
static int
in_peek(struct age_reader *r, int *c, struct relto_err *e)
{
	int rc;

	if (r->inpos == r->inlen && (rc = in_fill(r, e)) != RELTO_OK)
		return rc;
	*c = r->inpos < r->inlen ? r->in[r->inpos] : -1;
	return RELTO_OK;
}

static int
in_getc(struct age_reader *r, int *c, struct relto_err *e)
{
	int rc = in_peek(r, c, e);

	if (rc == RELTO_OK && *c >= 0)
		r->inpos++;
	return rc;
}

/* Up to n bytes; fewer only at the end of input.  Large reads go straight
 * from the callback into dst. */
static int
in_read(struct age_reader *r, uint8_t *dst, size_t n, size_t *got,
	struct relto_err *e)
{
	size_t k = r->inlen - r->inpos, g;

	k = k < n ? k : n;
	memcpy(dst, r->in + r->inpos, k);
	r->inpos += k;
	while (k < n && !r->ineof) {
		g = 0;
		if (r->read(r->arg, dst + k, n - k, &g) != 0 || g > n - k)
			return rd_fail(r, AGE_IO_FAILURE, e, "%s",
				       _("cannot read the encrypted file"));
		r->ineof = g == 0;
		k += g;
	}
	*got = k;
	return RELTO_OK;
}

/* ==== reader: ASCII armor =========================================== */

static int
ar_fail(struct age_reader *r, struct relto_err *e, const char *why)
{
	return rd_fail(r, AGE_ARMOR_FAILURE, e, _("invalid ASCII armor: %s"),
		       why);
}

/* One line without its LF (and a CR before it); *eol is 0 when the input
 * ended first.  Scans the input buffer a block at a time. */
static int
ar_line(struct age_reader *r, char line[AGE_ARMOR_LINE_MAX], size_t *len,
	int *eol, struct relto_err *e)
{
	const uint8_t *p, *nl;
	size_t k = 0, n;
	int rc;

	*eol = 0;
	*len = 0;
	for (;;) {
		if (r->inpos == r->inlen && (rc = in_fill(r, e)) != RELTO_OK)
			return rc;
		if (r->inpos == r->inlen)
			break;
		p = r->in + r->inpos;
		n = r->inlen - r->inpos;
		nl = memchr(p, '\n', n);
		if (nl != NULL)
			n = (size_t)(nl - p);
		if (n > AGE_ARMOR_LINE_MAX - k)
			return ar_fail(r, e, _("a line is too long"));
		memcpy(line + k, p, n);
		k += n;
		r->inpos += n + (nl != NULL);
		if ((*eol = nl != NULL))
			break;
	}
	if (k > 0 && line[k - 1] == '\r')
		k--;
	*len = k;
	return RELTO_OK;
}

static int
ar_is(const char *line, size_t len, const char *want)
{
	return len == strlen(want) && memcmp(line, want, len) == 0;
}

/* Whitespace, then the BEGIN line at the start of a line. */
static int
ar_start(struct age_reader *r, struct relto_err *e)
{
	char line[AGE_ARMOR_LINE_MAX];
	size_t len;
	int c, prev = '\n', eol, rc;

	for (;;) {
		if ((rc = in_peek(r, &c, e)) != RELTO_OK)
			return rc;
		if (c < 0 || !is_space(c))
			break;
		prev = c;
		r->inpos++;
	}
	if (c < 0)
		return ar_fail(r, e, _("the input is empty"));
	if (prev != '\n')
		return ar_fail(r, e, _("text precedes the BEGIN line"));
	if ((rc = ar_line(r, line, &len, &eol, e)) != RELTO_OK)
		return rc;
	if (!ar_is(line, len, AGE_ARMOR_BEGIN) || !eol)
		return ar_fail(r, e, _("the BEGIN line is missing or wrong"));
	r->astate = AR_BODY;
	return RELTO_OK;
}

/* After the END line: whitespace only, up to the end of input. */
static int
ar_finish(struct age_reader *r, struct relto_err *e)
{
	int c, rc;

	do {
		if ((rc = in_getc(r, &c, e)) != RELTO_OK)
			return rc;
		if (c >= 0 && !is_space(c))
			return ar_fail(r, e, _("data follows the END line"));
	} while (c >= 0);
	r->astate = AR_DONE;
	return RELTO_OK;
}

/* Decode the next line into aline, or reach the end. */
static int
ar_next(struct age_reader *r, struct relto_err *e)
{
	char line[AGE_ARMOR_LINE_MAX];
	size_t len;
	int eol, rc;

	if ((rc = ar_line(r, line, &len, &eol, e)) != RELTO_OK)
		return rc;
	if (ar_is(line, len, AGE_ARMOR_END))
		return ar_finish(r, e);
	if (!eol)
		return ar_fail(r, e, _("the END line is missing"));
	if (r->astate == AR_LAST)
		return ar_fail(r, e, _("a short line is not the last one"));
	if (len == 0)
		return ar_fail(r, e, _("an empty line"));
	if (len > AGE_COLUMNS)
		return ar_fail(r, e, _("a line is longer than 64 columns"));
	if (b64_decode_padded(line, len, r->aline, sizeof r->aline, &r->alen) !=
	    0)
		return ar_fail(r, e, _("invalid or non-canonical base64"));
	if (len < AGE_COLUMNS || line[len - 1] == '=')
		r->astate = AR_LAST;
	r->apos = 0;
	return RELTO_OK;
}

static int
ar_read(struct age_reader *r, uint8_t *dst, size_t n, size_t *got,
	struct relto_err *e)
{
	size_t k = 0, take;
	int rc;

	while (k < n) {
		if (r->apos == r->alen) {
			if (r->astate == AR_DONE)
				break;
			if ((rc = ar_next(r, e)) != RELTO_OK)
				return rc;
			continue;
		}
		take = r->alen - r->apos;
		take = take < n - k ? take : n - k;
		memcpy(dst + k, r->aline + r->apos, take);
		r->apos += take;
		k += take;
	}
	*got = k;
	return RELTO_OK;
}

/* ==== reader: source (binary or armored) ============================ */

static int
src_read(struct age_reader *r, uint8_t *dst, size_t n, size_t *got,
	 struct relto_err *e)
{
	return r->armored ? ar_read(r, dst, n, got, e)
			  : in_read(r, dst, n, got, e);
}

static int
src_getc(struct age_reader *r, int *c, struct relto_err *e)
{
	uint8_t b;
	size_t got;
	int rc;

	if (!r->armored)
		return in_getc(r, c, e);
	if ((rc = ar_read(r, &b, 1, &got, e)) != RELTO_OK)
		return rc;
	*c = got == 1 ? b : -1;
	return RELTO_OK;
}

static int
src_start(struct age_reader *r, enum age_armor armor, struct relto_err *e)
{
	int c, rc;

	if (armor == AGE_ARMOR_AUTO) {
		if ((rc = in_peek(r, &c, e)) != RELTO_OK)
			return rc;
		armor = c == '-' || is_space(c) ? AGE_ARMOR_YES : AGE_ARMOR_NO;
	}
	r->armored = armor == AGE_ARMOR_YES;
	return r->armored ? ar_start(r, e) : RELTO_OK;
}

/* ==== reader: header ================================================ */

/* Read one header line, LF included, onto r->hdr. */
static int
hdr_line(struct age_reader *r, size_t *off, size_t *len, struct relto_err *e)
{
	char ch;
	int c, rc;

	*off = r->hdr.len;
	*len = 0;
	do {
		if ((rc = src_getc(r, &c, e)) != RELTO_OK)
			return rc;
		if (c < 0)
			return rd_header_fail(r, e, _("it is truncated"));
		ch = (char)c;
		if ((rc = hbuf_put(&r->hdr, &ch, 1)) == RELTO_ENOMEM)
			return rd_internal(r, rc, e, _("out of memory"));
		if (rc != RELTO_OK)
			return rd_header_fail(r, e, _("it is too large"));
	} while (c != '\n');
	*len = r->hdr.len - *off - 1;
	return RELTO_OK;
}

static int
hdr_starts(const char *l, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(l, prefix, n) == 0;
}

static int
hdr_version(struct age_reader *r, struct relto_err *e)
{
	size_t off, len;
	const char *l;
	int rc;

	if ((rc = hdr_line(r, &off, &len, e)) != RELTO_OK)
		return rc;
	l = r->hdr.p + off;
	if (len == strlen(AGE_VERSION_LINE) &&
	    memcmp(l, AGE_VERSION_LINE, len) == 0)
		return RELTO_OK;
	if (len == strlen(AGE_VERSION_LINE) + 1 && l[len - 1] == '\r' &&
	    memcmp(l, AGE_VERSION_LINE, len - 1) == 0)
		return rd_header_fail(r, e, _("lines end in CRLF, not LF"));
	if (hdr_starts(l, len, AGE_VERSION_PREFIX))
		return rd_header_fail(r, e, _("unsupported age version"));
	return rd_header_fail(r, e, _("this is not an age file"));
}

static struct rd_stanza *
hdr_new_stanza(struct age_reader *r)
{
	struct rd_stanza *st;
	size_t cap;

	if (r->nst == r->capst) {
		cap = r->capst == 0 ? 4 : r->capst * 2;
		if ((st = realloc(r->st, cap * sizeof *st)) == NULL)
			return NULL;
		r->st = st;
		r->capst = cap;
	}
	st = &r->st[r->nst++];
	memset(st, 0, sizeof *st);
	return st;
}

/* Split "-> a b c" into arguments: VCHARs, one space apart, none empty. */
static int
hdr_args(struct age_reader *r, struct rd_stanza *st, const char *l, size_t len,
	 struct relto_err *e)
{
	size_t i, start = 0, n = len - 3;
	char *s;

	if ((s = st->line = malloc(n + 1)) == NULL)
		return rd_internal(r, RELTO_ENOMEM, e, _("out of memory"));
	memcpy(s, l + 3, n);
	s[n] = '\0';
	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != ' ') {
			if (s[i] < 0x21 || s[i] > 0x7e)
				return rd_header_fail(
				    r, e,
				    _("a stanza has an invalid character"));
			continue;
		}
		if (i == start)
			return rd_header_fail(
			    r, e, _("a stanza has an empty argument"));
		s[i] = '\0';
		if (st->argc < AGE_STANZA_ARGS)
			st->argv[st->argc] = s + start;
		st->argc++;
		start = i + 1;
	}
	return RELTO_OK;
}

/* Body lines: 64 columns each, ended by a shorter one. */
static int
hdr_body(struct age_reader *r, struct rd_stanza *st, struct relto_err *e)
{
	size_t off, len, n;
	uint8_t *body;
	int rc;

	do {
		if ((rc = hdr_line(r, &off, &len, e)) != RELTO_OK)
			return rc;
		if (len > AGE_COLUMNS)
			return rd_header_fail(
			    r, e, _("a stanza body line exceeds 64 columns"));
		body = realloc(st->body, st->bodylen + AGE_LINE_BYTES);
		if (body == NULL)
			return rd_internal(r, RELTO_ENOMEM, e,
					   _("out of memory"));
		st->body = body;
		if (b64_decode(r->hdr.p + off, len, body + st->bodylen,
			       AGE_LINE_BYTES, &n) != 0)
			return rd_header_fail(
			    r, e, _("a stanza body is not canonical base64"));
		st->bodylen += n;
	} while (len == AGE_COLUMNS);
	return RELTO_OK;
}

static int
hdr_mac_line(struct age_reader *r, size_t off, size_t len, struct relto_err *e)
{
	const char *l = r->hdr.p + off;
	size_t n;

	if (len != 4 + AGE_MAC_B64_LEN || l[3] != ' ' ||
	    b64_decode(l + 4, AGE_MAC_B64_LEN, r->mac, sizeof r->mac, &n) !=
		0 ||
	    n != AGE_MAC_LEN)
		return rd_header_fail(r, e, _("the MAC line is malformed"));
	r->mac_input = off + 3;
	return RELTO_OK;
}

static int
hdr_parse(struct age_reader *r, struct relto_err *e)
{
	struct rd_stanza *st;
	size_t off, len;
	int rc;

	if ((rc = hdr_version(r, e)) != RELTO_OK)
		return rc;
	for (;;) {
		if ((rc = hdr_line(r, &off, &len, e)) != RELTO_OK)
			return rc;
		if (hdr_starts(r->hdr.p + off, len, "---"))
			break;
		if (!hdr_starts(r->hdr.p + off, len, "-> "))
			return rd_header_fail(r, e,
					      _("a line is not a stanza"));
		if (r->nst == AGE_STANZA_MAX)
			return rd_header_fail(r, e,
					      _("it has too many stanzas"));
		if ((st = hdr_new_stanza(r)) == NULL)
			return rd_internal(r, RELTO_ENOMEM, e,
					   _("out of memory"));
		if ((rc = hdr_args(r, st, r->hdr.p + off, len, e)) != 0 ||
		    (rc = hdr_body(r, st, e)) != 0)
			return rc;
	}
	if (r->nst == 0)
		return rd_header_fail(r, e, _("it has no recipient stanza"));
	return hdr_mac_line(r, off, len, e);
}

/* ==== reader: recipient types ======================================= */

static int
x25519_check(struct age_reader *r, const struct rd_stanza *st,
	     struct relto_err *e)
{
	uint8_t share[AGE_X25519_LEN];

	if (st->argc != 2 ||
	    b64_decode_exact(st->argv[1], share, sizeof share) != 0 ||
	    st->bodylen != AGE_WRAPPED_LEN)
		return rd_header_fail(r, e, _("malformed X25519 stanza"));
	return RELTO_OK;
}

static int
scrypt_check(struct age_reader *r, const struct rd_stanza *st,
	     struct relto_err *e)
{
	uint8_t salt[AGE_SCRYPT_SALT_LEN];
	int logn;

	if (r->nst != 1)
		return rd_header_fail(
		    r, e, _("an scrypt stanza must be alone in the header"));
	if (st->argc != 3 ||
	    b64_decode_exact(st->argv[1], salt, sizeof salt) != 0 ||
	    st->bodylen != AGE_WRAPPED_LEN)
		return rd_header_fail(r, e, _("malformed scrypt stanza"));
	switch (scrypt_parse_logn(st->argv[2], &logn)) {
	case 0:
		return RELTO_OK;
	case 1:
		return rd_fail(r, AGE_HEADER_FAILURE, e,
			       _("invalid age header: the scrypt work factor "
				 "is over 2^%d, too costly to try"),
			       AGE_SCRYPT_MAX_LOGN);
	default:
		return rd_header_fail(
		    r, e, _("the scrypt work factor is not a decimal"));
	}
}

/* *found is set when the file key was unwrapped into r->file_key. */
static int
x25519_unwrap(struct age_reader *r, const struct rd_stanza *st, int *found,
	      struct relto_err *e)
{
	struct x25519_tmp *t;
	uint8_t salt[2 * AGE_X25519_LEN];
	size_t i;
	int rc = RELTO_OK;

	b64_decode_exact(st->argv[1], salt, AGE_X25519_LEN);
	if ((t = crypto_secure_alloc(sizeof *t)) == NULL)
		return rd_internal(r, RELTO_ENOMEM, e,
				   _("out of secure memory"));
	for (i = 0; i < r->ids->n_x25519 && !*found && rc == RELTO_OK; i++) {
		if (x25519(t->shared, r->ids->x25519[i], salt) != RELTO_OK ||
		    all_zero(t->shared, sizeof t->shared)) {
			rc = rd_header_fail(
			    r, e, _("an X25519 share is a low-order point"));
			break;
		}
		memcpy(salt + AGE_X25519_LEN, r->pubs[i], AGE_X25519_LEN);
		rc = crypto_hkdf(salt, sizeof salt, t->shared, AGE_X25519_LEN,
				 AGE_X25519_INFO, strlen(AGE_X25519_INFO),
				 t->wrap, AGE_KEY_LEN);
		if (rc == RELTO_OK)
			rc = key_unwrap(t->wrap, st->body, r->file_key);
		*found = rc == RELTO_OK;
		if (rc == RELTO_EAUTH)
			rc = RELTO_OK;
	}
	crypto_secure_free(t, sizeof *t);
	if (rc != RELTO_OK && r->outcome == AGE_SUCCESS)
		return rd_internal(r, rc, e,
				   _("libgcrypt failed on an X25519 stanza"));
	return rc;
}

static int
scrypt_unwrap(struct age_reader *r, const struct rd_stanza *st, int *found,
	      struct relto_err *e)
{
	uint8_t salt[AGE_SCRYPT_SALT_LEN], *wrap;
	int logn = 0, rc;

	if (r->ids->passphrase == NULL)
		return RELTO_OK;
	b64_decode_exact(st->argv[1], salt, sizeof salt);
	scrypt_parse_logn(st->argv[2], &logn);
	if ((wrap = crypto_secure_alloc(AGE_KEY_LEN)) == NULL)
		return rd_internal(r, RELTO_ENOMEM, e,
				   _("out of secure memory"));
	rc = scrypt_key(r->ids->passphrase, salt, logn, wrap);
	if (rc == RELTO_OK)
		rc = key_unwrap(wrap, st->body, r->file_key);
	crypto_secure_free(wrap, AGE_KEY_LEN);
	*found = rc == RELTO_OK;
	if (rc == RELTO_EAUTH || rc == RELTO_OK)
		return RELTO_OK;
	return rd_internal(r, rc, e, _("libgcrypt failed on scrypt"));
}

static const struct stanza_type {
	const char *name;
	int (*check)(struct age_reader *, const struct rd_stanza *,
		     struct relto_err *);
	int (*unwrap)(struct age_reader *, const struct rd_stanza *, int *,
		      struct relto_err *);
} stanza_types[] = {
    {"X25519", x25519_check, x25519_unwrap},
    {"scrypt", scrypt_check, scrypt_unwrap},
};

static const struct stanza_type *
stanza_type(const struct rd_stanza *st)
{
	size_t i;

	for (i = 0; i < sizeof stanza_types / sizeof stanza_types[0]; i++)
		if (strcmp(st->argv[0], stanza_types[i].name) == 0)
			return &stanza_types[i];
	return NULL;
}

/* Check every known stanza, then try them in order. */
static int
rd_unwrap(struct age_reader *r, struct relto_err *e)
{
	const struct stanza_type *t;
	size_t i;
	int found = 0, rc;

	for (i = 0; i < r->nst; i++)
		if ((t = stanza_type(&r->st[i])) != NULL &&
		    (rc = t->check(r, &r->st[i], e)) != RELTO_OK)
			return rc;
	for (i = 0; i < r->nst && !found; i++)
		if ((t = stanza_type(&r->st[i])) != NULL &&
		    (rc = t->unwrap(r, &r->st[i], &found, e)) != RELTO_OK)
			return rc;
	if (found)
		return RELTO_OK;
	return rd_fail(r, AGE_NO_MATCH, e, "%s",
		       r->ids->passphrase != NULL
			   ? _("the file is not addressed to this key or "
			       "passphrase")
			   : _("the file is not addressed to this key"));
}

static int
rd_check_mac(struct age_reader *r, struct relto_err *e)
{
	uint8_t mac[AGE_MAC_LEN];
	int rc;

	rc = header_mac(r->file_key, r->hdr.p, r->mac_input, mac);
	if (rc != RELTO_OK)
		return rd_internal(r, rc, e,
				   _("cannot compute the header MAC"));
	if (!crypto_equal(mac, r->mac, sizeof mac))
		return rd_fail(r, AGE_HMAC_FAILURE, e, "%s",
			       _("the header MAC does not verify: the header "
				 "was altered"));
	return RELTO_OK;
}

/* The nonce, then the payload key into a secure cipher handle. */
static int
rd_payload_key(struct age_reader *r, struct relto_err *e)
{
	uint8_t nonce[AGE_NONCE_LEN], *pk;
	size_t got;
	int rc;

	if ((rc = src_read(r, nonce, sizeof nonce, &got, e)) != RELTO_OK)
		return rc;
	if (got != sizeof nonce)
		return rd_header_fail(r, e, _("the payload nonce is missing"));
	if ((pk = crypto_secure_alloc(AGE_KEY_LEN)) == NULL)
		return rd_internal(r, RELTO_ENOMEM, e,
				   _("out of secure memory"));
	rc = file_key_derive(r->file_key, nonce, sizeof nonce, "payload", pk);
	if (rc == RELTO_OK)
		rc = aead_new(&r->hd, pk);
	crypto_secure_free(pk, AGE_KEY_LEN);
	if (rc != RELTO_OK)
		return rd_internal(r, rc, e,
				   _("cannot set up the payload cipher"));
	r->have_hd = 1;
	crypto_secure_free(r->file_key, AGE_FILE_KEY_LEN);
	r->file_key = NULL;
	return RELTO_OK;
}

static int
rd_public_keys(struct age_reader *r, struct relto_err *e)
{
	size_t i, n = r->ids->n_x25519;

	if (n == 0)
		return RELTO_OK;
	if ((r->pubs = calloc(n, sizeof *r->pubs)) == NULL)
		return rd_internal(r, RELTO_ENOMEM, e, _("out of memory"));
	for (i = 0; i < n; i++)
		if (x25519(r->pubs[i], r->ids->x25519[i], NULL) != RELTO_OK)
			return rd_internal(r, RELTO_ECRYPTO, e,
					   _("libgcrypt cannot compute an "
					     "X25519 key"));
	return RELTO_OK;
}

int
age_reader_open(struct age_reader **rp, age_read_fn read, void *arg,
		const struct age_identities *ids, enum age_armor armor,
		struct relto_err *e)
{
	static const struct age_identities none = {NULL, 0, NULL};
	struct age_reader *r;
	int rc;

	if ((*rp = r = calloc(1, sizeof *r)) == NULL)
		return err_set(e, RELTO_ENOMEM, "%s", _("out of memory"));
	r->read = read;
	r->arg = arg;
	r->ids = ids != NULL ? ids : &none;
	r->state = RD_HEADER;
	if ((r->file_key = crypto_secure_alloc(AGE_FILE_KEY_LEN)) == NULL)
		return rd_internal(r, RELTO_ENOMEM, e,
				   _("out of secure memory"));
	if ((rc = rd_public_keys(r, e)) != RELTO_OK ||
	    (rc = src_start(r, armor, e)) != RELTO_OK ||
	    (rc = hdr_parse(r, e)) != RELTO_OK ||
	    (rc = rd_unwrap(r, e)) != RELTO_OK ||
	    (rc = rd_check_mac(r, e)) != RELTO_OK ||
	    (rc = rd_payload_key(r, e)) != RELTO_OK)
		return rc;
	r->state = RD_CHUNKS;
	return RELTO_OK;
}

/* ==== reader: payload =============================================== */

static int
rd_payload_fail(struct age_reader *r, struct relto_err *e, const char *why)
{
	return rd_fail(r, AGE_PAYLOAD_FAILURE, e,
		       _("the encrypted payload is damaged: %s"), why);
}

/* Decrypt n ciphertext bytes of cbuf into pbuf; RELTO_EAUTH if the tag
 * is wrong. */
static int
rd_open_chunk(struct age_reader *r, size_t n, int last, struct relto_err *e)
{
	uint8_t nonce[AGE_AEAD_NONCE_LEN];
	int rc;

	stream_nonce(nonce, r->counter, last);
	rc = aead_open(r->hd, nonce, r->pbuf, r->cbuf, n - AGE_TAG_LEN);
	if (rc == RELTO_ECRYPTO)
		return rd_internal(r, rc, e,
				   _("libgcrypt cannot decrypt the payload"));
	return rc;
}

/* Read and verify one chunk into pbuf; *len is its plaintext size. */
static int
rd_chunk(struct age_reader *r, size_t *len, struct relto_err *e)
{
	size_t got;
	int rc, last;

	if (r->counter == UINT64_MAX)
		return rd_payload_fail(r, e, _("too many chunks"));
	if ((rc = src_read(r, r->cbuf, sizeof r->cbuf, &got, e)) != RELTO_OK)
		return rc;
	if (got == 0)
		return rd_payload_fail(r, e, _("the final chunk is missing"));
	if (got < AGE_TAG_LEN)
		return rd_payload_fail(r, e, _("a chunk is truncated"));
	if (got == AGE_TAG_LEN && r->counter > 0)
		return rd_payload_fail(r, e, _("the final chunk is empty"));
	last = got < sizeof r->cbuf;
	rc = rd_open_chunk(r, got, last, e);
	if (rc == RELTO_EAUTH && !last)
		rc = rd_open_chunk(r, got, last = 1, e);
	if (rc == RELTO_EAUTH)
		return rd_payload_fail(r, e, _("a chunk does not verify"));
	if (rc != RELTO_OK)
		return rc;
	r->counter++;
	/* A short final chunk met the end of input; a full one must. */
	r->state = !last                  ? RD_CHUNKS
		   : got < sizeof r->cbuf ? RD_END
					  : RD_CHECK_EOF;
	*len = got - AGE_TAG_LEN;
	return RELTO_OK;
}

static int
rd_check_eof(struct age_reader *r, struct relto_err *e)
{
	uint8_t b;
	size_t got;
	int rc;

	if ((rc = src_read(r, &b, 1, &got, e)) != RELTO_OK)
		return rc;
	if (got != 0)
		return rd_payload_fail(r, e, _("data follows the final chunk"));
	r->state = RD_END;
	return RELTO_OK;
}

int
age_reader_read(struct age_reader *r, const uint8_t **data, size_t *n,
		struct relto_err *e)
{
	int rc;

	*data = r->pbuf;
	*n = 0;
	if (r->outcome != AGE_SUCCESS) {
		if (e != NULL)
			*e = r->err;
		return r->err.code;
	}
	if (r->state == RD_CHECK_EOF && (rc = rd_check_eof(r, e)) != 0)
		return rc;
	if (r->state == RD_HEADER)
		return err_set(e, RELTO_EUSAGE, "%s",
			       _("the age header was not read"));
	if (r->state == RD_END)
		return RELTO_OK;
	return rd_chunk(r, n, e);
}

enum age_outcome
age_reader_outcome(const struct age_reader *r)
{
	return r == NULL ? AGE_INTERNAL_FAILURE : r->outcome;
}

void
age_reader_free(struct age_reader *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nst; i++) {
		free(r->st[i].line);
		free(r->st[i].body);
	}
	free(r->st);
	free(r->hdr.p);
	free(r->pubs);
	crypto_secure_free(r->file_key, AGE_FILE_KEY_LEN);
	if (r->have_hd)
		gcry_cipher_close(r->hd);
	crypto_wipe(r, sizeof *r);
	free(r);
}

int
age_decrypt(age_read_fn read, void *rarg, const struct age_identities *ids,
	    enum age_armor armor, age_write_fn write, void *warg,
	    enum age_outcome *outcome, struct relto_err *e)
{
	struct age_reader *r;
	const uint8_t *p;
	size_t n = 1;
	int rc;

	rc = age_reader_open(&r, read, rarg, ids, armor, e);
	while (rc == RELTO_OK && n > 0) {
		rc = age_reader_read(r, &p, &n, e);
		if (rc == RELTO_OK && n > 0 && write(warg, p, n) != 0)
			rc = rd_fail(r, AGE_IO_FAILURE, e, "%s",
				     _("cannot write the decrypted data"));
	}
	if (outcome != NULL)
		*outcome = r == NULL ? AGE_INTERNAL_FAILURE : r->outcome;
	age_reader_free(r);
	return rc;
}
