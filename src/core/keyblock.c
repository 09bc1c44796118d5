/*
 * keyblock.c -- the key block: the first 4096 bytes of a store file.
 *
 * The store's pages are sealed under one random 32-byte data key.  The key
 * block holds that key wrapped (AES key wrap, RFC 3394) under keys derived
 * from what a user knows:
 *
 *   offset  size  field
 *   0       8     magic "RELTOKB\0"
 *   8       4     format version (1), big-endian like every integer here
 *   12      4     page size (4096)
 *   16      16    file id: random, bound into every page's tag
 *   512     256   slot 0: passphrase
 *   768     256   slot 1: passphrase
 *   1024    256   slot 2: recovery key
 *   rest          zero
 *
 *   slot:   0 "SLOT"  4 kind (1 passphrase, 2 recovery)  8 generation (u64)
 *           16 kdf (1 Argon2id, 2 HKDF-SHA-256)  20 t  24 m_kib  28 p
 *           32 salt[16]  48 wrapped key[40]
 *           88 MAC[32] = HMAC-SHA-256(slot MAC key, header[0..32] |
 * slot[0..88])
 *
 * Invariants:
 *  - Two passphrase slots make a passphrase change crash-safe: the new one
 *    goes to the slot not in use with generation + 1 and is made durable
 *    before the old one is erased.  The newest valid slot wins: an older
 *    slot that unlocks while a newer one carries a valid MAC is refused, so
 *    an old passphrase stops working as soon as the change is durable.
 *  - The recovery slot is separate, so changing the passphrase never loses
 *    the recovery key.  The recovery key is 160 random bits; its slot uses
 *    HKDF rather than Argon2id because there is nothing to stretch.
 *  - The MAC key derives from the data key, so only someone who unwrapped
 *    the key can forge a slot; the MAC covers the header, so the file id
 *    cannot be swapped either.
 *  - Derived and unwrapped keys live only in secure memory.
 */
#include "config.h"

#include "keyblock.h"

#include <gcrypt.h>
#include <string.h>

#include "crypto.h"
#include "i18n.h"

#define KB_MAGIC         "RELTOKB"
#define KB_VERSION       1
#define KB_PAGE          4096
#define KB_HEADER_LEN    32
#define KB_SLOT0         512
#define KB_SLOT_SIZE     256
#define KB_NSLOTS        3
#define KB_RECOVERY_SLOT 2
#define KB_SALT_LEN      16
#define KB_WRAPPED_LEN   (KEYBLOCK_KEYLEN + 8)
#define KB_MAC_OFF       88
#define KB_KDF_ARGON2ID  1
#define KB_KDF_HKDF      2

const struct keyblock_kdf keyblock_kdf_default = {3, 64 * 1024, 1};

static const char kb_base32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static void
kb_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t
kb_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint64_t
kb_get64(const uint8_t *p)
{
	return (uint64_t)kb_get32(p) << 32 | kb_get32(p + 4);
}

static void
kb_put64(uint8_t *p, uint64_t v)
{
	kb_put32(p, (uint32_t)(v >> 32));
	kb_put32(p + 4, (uint32_t)v);
}

size_t
keyblock_slot_offset(int slot)
{
	return KB_SLOT0 + (size_t)slot * KB_SLOT_SIZE;
}

static uint8_t *
kb_slot(struct keyblock *kb, int slot)
{
	return kb->raw + keyblock_slot_offset(slot);
}

static const uint8_t *
kb_cslot(const struct keyblock *kb, int slot)
{
	return kb->raw + keyblock_slot_offset(slot);
}

static int kb_slot_valid(const struct keyblock *kb, int slot,
			 const uint8_t *dk);

static int
kb_slot_used(const struct keyblock *kb, int slot)
{
	return memcmp(kb_cslot(kb, slot), "SLOT", 4) == 0;
}

int
keyblock_kdf_check(const struct keyblock_kdf *kdf, struct relto_err *e)
{
	if (kdf->t < 1 || kdf->t > 64)
		return err_set(e, RELTO_EUSAGE,
			       _("Argon2id passes must be 1 to 64"));
	if (kdf->p < 1 || kdf->p > 16)
		return err_set(e, RELTO_EUSAGE,
			       _("Argon2id lanes must be 1 to 16"));
	if (kdf->m_kib < 8 * kdf->p || kdf->m_kib > 4 * 1024 * 1024)
		return err_set(e, RELTO_EUSAGE,
			       _("Argon2id memory must be 8 KiB per lane to "
				 "4 GiB"));
	return RELTO_OK;
}

void
keyblock_init(struct keyblock *kb)
{
	memset(kb->raw, 0, sizeof kb->raw);
	memcpy(kb->raw, KB_MAGIC, 8);
	kb_put32(kb->raw + 8, KB_VERSION);
	kb_put32(kb->raw + 12, KB_PAGE);
	crypto_random(kb->raw + 16, KEYBLOCK_FILEID_LEN);
}

static int
kb_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;

	while (n-- > 0)
		acc |= *p++;
	return acc == 0;
}

/*
 * Bytes no field covers must be zero, so a flipped bit anywhere in the
 * block is noticed: after the header, after each slot's MAC, and after
 * the last slot.  An unused slot is zero throughout.
 */
static int
kb_zeros_ok(const struct keyblock *kb)
{
	const uint8_t *s;
	int slot;

	if (!kb_zero(kb->raw + KB_HEADER_LEN, KB_SLOT0 - KB_HEADER_LEN))
		return 0;
	for (slot = 0; slot < KB_NSLOTS; slot++) {
		s = kb_cslot(kb, slot);
		if (memcmp(s, "SLOT", 4) != 0) {
			if (!kb_zero(s, KB_SLOT_SIZE))
				return 0;
		} else if (!kb_zero(s + KB_MAC_OFF + 32,
				    KB_SLOT_SIZE - KB_MAC_OFF - 32))
			return 0;
	}
	return kb_zero(kb->raw + keyblock_slot_offset(KB_NSLOTS),
		       KEYBLOCK_SIZE - keyblock_slot_offset(KB_NSLOTS));
}

int
keyblock_check(const struct keyblock *kb, struct relto_err *e)
{
	if (memcmp(kb->raw, "SQLite format 3", 16) == 0)
		return err_set(e, RELTO_ENOTSTORE,
			       _("this is a plain SQLite database, not a relto "
				 "store"));
	if (memcmp(kb->raw, KB_MAGIC, 8) != 0)
		return err_set(e, RELTO_ENOTSTORE, _("not a relto store"));
	if (kb_get32(kb->raw + 8) != KB_VERSION)
		return err_set(e, RELTO_ENOTSTORE,
			       _("relto store format %u is not supported by "
				 "this version of relto"),
			       (unsigned)kb_get32(kb->raw + 8));
	if (kb_get32(kb->raw + 12) != KB_PAGE || !kb_zeros_ok(kb))
		return err_set(e, RELTO_ECORRUPT,
			       _("the store's key block is damaged"));
	return RELTO_OK;
}

/*
 * How many used slots fail their MAC under dk.  Unused slots are all
 * zero (keyblock_check), so every byte of the block is accounted for.
 */
int
keyblock_verify(const struct keyblock *kb, const uint8_t *dk)
{
	int slot, bad = 0;

	for (slot = 0; slot < KB_NSLOTS; slot++)
		if (kb_slot_used(kb, slot) && !kb_slot_valid(kb, slot, dk))
			bad++;
	return bad;
}

const uint8_t *
keyblock_file_id(const struct keyblock *kb)
{
	return kb->raw + 16;
}

/* Secret -> key-encryption key, by the slot's KDF. */
static int
kb_derive(int kdf, const struct keyblock_kdf *p, const uint8_t *salt,
	  const void *secret, size_t len, uint8_t *kek)
{
	unsigned long param[4];
	gcry_kdf_hd_t h;
	gcry_error_t ge;

	if (kdf == KB_KDF_HKDF)
		return crypto_hkdf(salt, KB_SALT_LEN, secret, len,
				   "relto recovery kek v1", 21, kek,
				   KEYBLOCK_KEYLEN);
	param[0] = KEYBLOCK_KEYLEN;
	param[1] = p->t;
	param[2] = p->m_kib;
	param[3] = p->p;
	/* libgcrypt rejects an empty passphrase; a user may not. */
	ge = gcry_kdf_open(&h, GCRY_KDF_ARGON2, GCRY_KDF_ARGON2ID, param, 4,
			   len > 0 ? secret : "", len > 0 ? len : 0, salt,
			   KB_SALT_LEN, NULL, 0, NULL, 0);
	if (ge != 0)
		return RELTO_ECRYPTO;
	ge = gcry_kdf_compute(h, NULL);
	if (ge == 0)
		ge = gcry_kdf_final(h, KEYBLOCK_KEYLEN, kek);
	gcry_kdf_close(h);
	return ge == 0 ? RELTO_OK : RELTO_ECRYPTO;
}

static int
kb_wrap(const uint8_t *kek, const uint8_t *in, size_t inlen, uint8_t *out,
	size_t outlen, int unwrap)
{
	gcry_cipher_hd_t c;
	gcry_error_t ge;

	ge = gcry_cipher_open(&c, GCRY_CIPHER_AES256, GCRY_CIPHER_MODE_AESWRAP,
			      GCRY_CIPHER_SECURE);
	if (ge != 0)
		return RELTO_ECRYPTO;
	ge = gcry_cipher_setkey(c, kek, KEYBLOCK_KEYLEN);
	if (ge == 0)
		ge = unwrap ? gcry_cipher_decrypt(c, out, outlen, in, inlen)
			    : gcry_cipher_encrypt(c, out, outlen, in, inlen);
	gcry_cipher_close(c);
	return ge == 0 ? RELTO_OK : RELTO_EAUTH;
}

static int
kb_slot_mac(const struct keyblock *kb, const uint8_t *slot, const uint8_t *dk,
	    uint8_t mac[CRYPTO_SHA256_LEN])
{
	uint8_t msg[KB_HEADER_LEN + KB_MAC_OFF], *mk;
	int rc;

	mk = crypto_secure_alloc(CRYPTO_SHA256_LEN);
	if (mk == NULL)
		return RELTO_ENOMEM;
	rc = crypto_hkdf(NULL, 0, dk, KEYBLOCK_KEYLEN, "relto slot mac v1", 17,
			 mk, CRYPTO_SHA256_LEN);
	memcpy(msg, kb->raw, KB_HEADER_LEN);
	memcpy(msg + KB_HEADER_LEN, slot, KB_MAC_OFF);
	if (rc == RELTO_OK)
		rc = crypto_hmac_sha256(mk, CRYPTO_SHA256_LEN, msg, sizeof msg,
					mac);
	crypto_secure_free(mk, CRYPTO_SHA256_LEN);
	return rc;
}

/* Fill slot with dk wrapped under secret. */
static int
kb_seal(struct keyblock *kb, int slot, int kind, uint64_t gen, int kdf,
	const struct keyblock_kdf *p, const void *secret, size_t len,
	const uint8_t *dk, struct relto_err *e)
{
	uint8_t s[KB_SLOT_SIZE], *kek;
	int rc;

	memset(s, 0, sizeof s);
	memcpy(s, "SLOT", 4);
	kb_put32(s + 4, (uint32_t)kind);
	kb_put64(s + 8, gen);
	kb_put32(s + 16, (uint32_t)kdf);
	kb_put32(s + 20, p->t);
	kb_put32(s + 24, p->m_kib);
	kb_put32(s + 28, p->p);
	crypto_random(s + 32, KB_SALT_LEN);
	kek = crypto_secure_alloc(KEYBLOCK_KEYLEN);
	if (kek == NULL)
		return err_set(e, RELTO_ENOMEM, _("out of secure memory"));
	rc = kb_derive(kdf, p, s + 32, secret, len, kek);
	if (rc == RELTO_OK)
		rc = kb_wrap(kek, dk, KEYBLOCK_KEYLEN, s + 48, KB_WRAPPED_LEN,
			     0);
	crypto_secure_free(kek, KEYBLOCK_KEYLEN);
	if (rc == RELTO_OK)
		rc = kb_slot_mac(kb, s, dk, s + KB_MAC_OFF);
	if (rc != RELTO_OK)
		return err_set(e, RELTO_ECRYPTO,
			       _("cannot derive or wrap the store key"));
	memcpy(kb_slot(kb, slot), s, sizeof s);
	return RELTO_OK;
}

int
keyblock_set_passphrase(struct keyblock *kb, const uint8_t *dk,
			const char *pass, size_t len,
			const struct keyblock_kdf *kdf, int *slot,
			struct relto_err *e)
{
	uint64_t g0 = 0, g1 = 0;
	int target;

	if (keyblock_kdf_check(kdf, e) != RELTO_OK)
		return e->code;
	if (kb_slot_used(kb, 0))
		g0 = kb_get64(kb_cslot(kb, 0) + 8);
	if (kb_slot_used(kb, 1))
		g1 = kb_get64(kb_cslot(kb, 1) + 8);
	/* The slot not holding the newest generation. */
	target = g0 > g1 ? 1 : 0;
	if (kb_seal(kb, target, KEYBLOCK_PASSPHRASE, (g0 > g1 ? g0 : g1) + 1,
		    KB_KDF_ARGON2ID, kdf, pass, len, dk, e) != RELTO_OK)
		return e->code;
	*slot = target;
	return RELTO_OK;
}

int
keyblock_set_recovery(struct keyblock *kb, const uint8_t *dk,
		      const uint8_t rk[KEYBLOCK_RECOVERY_BYTES],
		      struct relto_err *e)
{
	static const struct keyblock_kdf none = {0, 0, 0};

	return kb_seal(kb, KB_RECOVERY_SLOT, KEYBLOCK_RECOVERY, 1, KB_KDF_HKDF,
		       &none, rk, KEYBLOCK_RECOVERY_BYTES, dk, e);
}

/* Try to unwrap slot with secret; on success dk holds the data key. */
static int
kb_try(const struct keyblock *kb, int slot, const void *secret, size_t len,
       uint8_t *dk)
{
	const uint8_t *s = kb_cslot(kb, slot);
	struct keyblock_kdf p;
	uint8_t *kek, mac[CRYPTO_SHA256_LEN];
	int kdf = (int)kb_get32(s + 16), rc;

	p.t = kb_get32(s + 20);
	p.m_kib = kb_get32(s + 24);
	p.p = kb_get32(s + 28);
	if (kdf == KB_KDF_ARGON2ID && keyblock_kdf_check(&p, NULL) != RELTO_OK)
		return RELTO_ECORRUPT;
	if (kdf != KB_KDF_ARGON2ID && kdf != KB_KDF_HKDF)
		return RELTO_ECORRUPT;
	kek = crypto_secure_alloc(KEYBLOCK_KEYLEN);
	if (kek == NULL)
		return RELTO_ENOMEM;
	rc = kb_derive(kdf, &p, s + 32, secret, len, kek);
	if (rc == RELTO_OK)
		rc = kb_wrap(kek, s + 48, KB_WRAPPED_LEN, dk, KEYBLOCK_KEYLEN,
			     1);
	crypto_secure_free(kek, KEYBLOCK_KEYLEN);
	if (rc != RELTO_OK)
		return rc;
	if (kb_slot_mac(kb, s, dk, mac) != RELTO_OK ||
	    !crypto_equal(mac, s + KB_MAC_OFF, sizeof mac)) {
		crypto_wipe(dk, KEYBLOCK_KEYLEN);
		return RELTO_ECORRUPT;
	}
	return RELTO_OK;
}

/* Does slot carry a MAC that verifies under dk (a complete slot)? */
static int
kb_slot_valid(const struct keyblock *kb, int slot, const uint8_t *dk)
{
	uint8_t mac[CRYPTO_SHA256_LEN];

	if (!kb_slot_used(kb, slot))
		return 0;
	if (kb_slot_mac(kb, kb_cslot(kb, slot), dk, mac) != RELTO_OK)
		return 0;
	return crypto_equal(mac, kb_cslot(kb, slot) + KB_MAC_OFF, sizeof mac);
}

int
keyblock_unlock(const struct keyblock *kb, int kind, const char *secret,
		size_t len, uint8_t *dk, int *slot, struct relto_err *e)
{
	uint8_t rk[KEYBLOCK_RECOVERY_BYTES];
	uint64_t g[2] = {0, 0};
	int order[2], i, s, rc, damaged = 0;

	if (kind == KEYBLOCK_RECOVERY) {
		if (keyblock_recovery_parse(secret, len, rk) != RELTO_OK)
			return err_set(e, RELTO_EAUTH,
				       _("that is not a recovery key (eight "
					 "groups of four letters and digits)"));
		rc = kb_slot_used(kb, KB_RECOVERY_SLOT)
			 ? kb_try(kb, KB_RECOVERY_SLOT, rk, sizeof rk, dk)
			 : RELTO_EAUTH;
		crypto_wipe(rk, sizeof rk);
		if (rc == RELTO_OK)
			*slot = KB_RECOVERY_SLOT;
		return rc == RELTO_OK ? RELTO_OK
		       : rc == RELTO_ECORRUPT
			   ? err_set(e, RELTO_ECORRUPT,
				     _("the recovery slot of the key block is "
				       "damaged"))
			   : err_set(e, RELTO_EAUTH, _("wrong recovery key"));
	}
	for (i = 0; i < 2; i++)
		if (kb_slot_used(kb, i))
			g[i] = kb_get64(kb_cslot(kb, i) + 8);
	order[0] = g[1] > g[0] ? 1 : 0;
	order[1] = 1 - order[0];
	for (i = 0; i < 2; i++) {
		s = order[i];
		if (g[s] == 0)
			continue;
		rc = kb_try(kb, s, secret, len, dk);
		if (rc == RELTO_ECORRUPT)
			damaged = 1;
		if (rc != RELTO_OK)
			continue;
		/* An older slot loses to a complete newer one. */
		if (i == 1 && kb_slot_valid(kb, order[0], dk)) {
			crypto_wipe(dk, KEYBLOCK_KEYLEN);
			break;
		}
		*slot = s;
		return RELTO_OK;
	}
	if (g[0] == 0 && g[1] == 0)
		return err_set(e, RELTO_ECORRUPT,
			       _("the store's key block holds no passphrase"));
	if (damaged)
		return err_set(e, RELTO_ECORRUPT,
			       _("the store's key block is damaged"));
	return err_set(e, RELTO_EAUTH, _("wrong passphrase"));
}

/* Is the other passphrase slot an older one left by a completed change? */
int
keyblock_stale_slot(const struct keyblock *kb, int slot)
{
	int other = 1 - slot;

	if (slot > 1 || !kb_slot_used(kb, other))
		return -1;
	return kb_get64(kb_cslot(kb, other) + 8) <
		       kb_get64(kb_cslot(kb, slot) + 8)
		   ? other
		   : -1;
}

void
keyblock_erase_slot(struct keyblock *kb, int slot)
{
	memset(kb_slot(kb, slot), 0, KB_SLOT_SIZE);
}

int
keyblock_slot_kdf(const struct keyblock *kb, int slot, struct keyblock_kdf *kdf)
{
	const uint8_t *s = kb_cslot(kb, slot);

	if (!kb_slot_used(kb, slot) || kb_get32(s + 16) != KB_KDF_ARGON2ID)
		return RELTO_EFAIL;
	kdf->t = kb_get32(s + 20);
	kdf->m_kib = kb_get32(s + 24);
	kdf->p = kb_get32(s + 28);
	return RELTO_OK;
}

void
keyblock_recovery_format(const uint8_t rk[KEYBLOCK_RECOVERY_BYTES],
			 char out[KEYBLOCK_RECOVERY_TEXT])
{
	uint32_t acc = 0;
	int bits = 0, n = 0;
	size_t i;
	char *o = out;

	for (i = 0; i < KEYBLOCK_RECOVERY_BYTES; i++) {
		acc = (acc << 8) | rk[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			if (n > 0 && n % 4 == 0)
				*o++ = '-';
			*o++ = kb_base32[(acc >> bits) & 31];
			n++;
		}
	}
	*o = '\0';
}

/* Crockford base 32: case-insensitive, I and L read as 1, O as 0. */
static int
kb_base32_value(int c)
{
	const char *p;

	if (c >= 'a' && c <= 'z')
		c -= 'a' - 'A';
	if (c == 'I' || c == 'L')
		c = '1';
	if (c == 'O')
		c = '0';
	p = c != '\0' ? strchr(kb_base32, c) : NULL;
	return p != NULL ? (int)(p - kb_base32) : -1;
}

int
keyblock_recovery_parse(const char *text, size_t len,
			uint8_t rk[KEYBLOCK_RECOVERY_BYTES])
{
	uint32_t acc = 0;
	int bits = 0, v;
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		if (text[i] == '-' || text[i] == ' ')
			continue;
		v = kb_base32_value((unsigned char)text[i]);
		if (v < 0 || n == KEYBLOCK_RECOVERY_BYTES)
			return RELTO_EINPUT;
		acc = (acc << 5) | (uint32_t)v;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			rk[n++] = (uint8_t)(acc >> bits);
		}
	}
	return n == KEYBLOCK_RECOVERY_BYTES && bits == 0 ? RELTO_OK
							 : RELTO_EINPUT;
}
