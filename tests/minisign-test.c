/*
 * minisign-test.c -- minisign.c: keys and their files, RFC 8032's first
 * Ed25519 vector, signatures made by stock minisign 0.11 (prehashed and
 * legacy), sign/verify round trips whole and streamed, tampering, the
 * wrong key, signify's format, and parse errors.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gcrypt.h>

#include "crypto.h"
#include "minisign.h"
#include "tap.h"

/* Made with minisign 0.11: minisign -G -W, then -S on KAT_MSG. */
static const char kat_pub[] =
    "untrusted comment: minisign public key 3F49DA76E5506C2B\n"
    "RWQrbFDldtpJP30BMRvS9RpUgYsVhvS20xQHfFS/2lOUTgGuiR0PtF1p\n";
static const char kat_msg[] = "relto minisign known answer\n";
static const char kat_sig[] =
    "untrusted comment: signature from minisign secret key\n"
    "RUQrbFDldtpJP16tPy9M9sFsorrVs6KGORzQsQzGBD/nbF+rPd+mCbKIqMnrxgCUkZPyV913"
    "tZV5X/jW5MkuyexYgmyfshKBeAE=\n"
    "trusted comment: relto kat\n"
    "QOHLt8lu7+Y1d46iu4zW/HXd33nfw8mG/vd8wIIJzi0w1RzF1KkiHSllBVgfy1FNIsjU5XuP"
    "M/pye6RNmzLhBQ==\n";
/* The same with minisign -S -l (legacy, not prehashed). */
static const char kat_legacy[] =
    "untrusted comment: signature from minisign secret key\n"
    "RWQrbFDldtpJP0z7TeuyZ6uk/yDW6DE4Kx2QZAxIgxtNxanAkIODCa43X2OCB2nyIx1UNDOd"
    "jjpggymTC7oeXwrXwItlCsjRbQw=\n"
    "trusted comment: relto legacy kat\n"
    "XUhPT93Dz2L9vz8bfh9cdUCbZS2Wv/+HZz3SYGVWu2LYX+FYvokuiAq/rQUPbzCxKPvnhjCY"
    "Udi6mPCNAy3uBw==\n";

/* RFC 8032 section 7.1, TEST 1 (the empty message). */
static const char rfc_seed[] =
    "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
static const char rfc_pk[] =
    "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
static const char rfc_sig[] =
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
    "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

static struct minisign_key key, other;

/* minisign -S -l over 100000 bytes of 'a': past libgcrypt's 64 KiB. */
static const char kat_long[] =
    "untrusted comment: signature from minisign secret key\n"
    "RWQrbFDldtpJP/UIPDwcUn7SODyTpkjRVCHfN/AttXpaNHwGy4EootBr1dVxdyiKsj3em2gi"
    "K0SI29xmewkFfZRq2hEaj2AVSQk=\n"
    "trusted comment: relto 100000 a\n"
    "7cY58YT3k98Sh21uBG8oyHSFoFhow28pJWCWlxh/yLnhoZMcsJjOwP62UomvA5gojWRzoZ2b"
    "9DdPLCa9ULuECg==\n";

static void
test_kat_long(const struct minisign_pub *p)
{
	struct minisign_verifier v;
	struct relto_err e;
	char *msg = malloc(100000), tc[64];
	size_t i;

	memset(msg, 'a', 100000);
	is_int(minisign_verify(p, msg, 100000, kat_long, strlen(kat_long), tc,
			       sizeof tc, &e),
	       RELTO_OK, "stock minisign's legacy signature of 100000 bytes");
	is(tc, "relto 100000 a", "and its trusted comment");
	ok(minisign_verify_init(&v, p, kat_long, strlen(kat_long), &e) ==
	       RELTO_OK,
	   "streamed");
	for (i = 0; i < 100000; i += 999)
		minisign_verify_update(&v, msg + i,
				       100000 - i < 999 ? 100000 - i : 999);
	is_int(minisign_verify_final(&v, NULL, 0, &e), RELTO_OK,
	       "in 999-byte pieces");
	msg[99999] = 'b';
	is_int(minisign_verify(p, msg, 100000, kat_long, strlen(kat_long), NULL,
			       0, &e),
	       RELTO_ECORRUPT, "its last byte changed is refused");
	free(msg);
}

static void
test_kat(void)
{
	struct minisign_pub p;
	struct minisign_verifier v;
	struct relto_err e;
	char tc[MINISIGN_TRUSTED_MAX + 1], id[MINISIGN_KEYID_HEX_LEN];

	ok(minisign_public_parse(kat_pub, strlen(kat_pub), &p, &e) == RELTO_OK,
	   "stock minisign's public key file parses");
	minisign_keyid_hex(p.keyid, id);
	is(id, "3F49DA76E5506C2B", "its key id prints as minisign prints it");
	is_int(minisign_verify(&p, kat_msg, strlen(kat_msg), kat_sig,
			       strlen(kat_sig), tc, sizeof tc, &e),
	       RELTO_OK, "a prehashed signature by stock minisign verifies");
	is(tc, "relto kat", "and yields its trusted comment");
	is_int(minisign_verify(&p, kat_msg, strlen(kat_msg), kat_legacy,
			       strlen(kat_legacy), tc, sizeof tc, &e),
	       RELTO_OK, "a legacy signature by stock minisign verifies");
	is(tc, "relto legacy kat", "and yields its trusted comment");
	ok(minisign_verify_init(&v, &p, kat_legacy, strlen(kat_legacy), &e) ==
		   RELTO_OK &&
	       (minisign_verify_update(&v, kat_msg, 10),
		minisign_verify_update(&v, kat_msg + 10, strlen(kat_msg) - 10),
		minisign_verify_final(&v, tc, sizeof tc, &e) == RELTO_OK) &&
	       strcmp(tc, "relto legacy kat") == 0,
	   "and streamed");
	test_kat_long(&p);
	is_int(minisign_verify(&p, kat_msg, strlen(kat_msg) - 1, kat_legacy,
			       strlen(kat_legacy), NULL, 0, &e),
	       RELTO_ECORRUPT, "the legacy signature fails on another message");
}

/* Standard base64 with padding, for building expected files. */
static void
b64(const uint8_t *in, size_t n, char *out)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				"abcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;
	uint32_t v;

	for (i = 0; i < n; i += 3) {
		v = (uint32_t)in[i] << 16;
		v |= i + 1 < n ? (uint32_t)in[i + 1] << 8 : 0;
		v |= i + 2 < n ? in[i + 2] : 0;
		*out++ = a[v >> 18 & 63];
		*out++ = a[v >> 12 & 63];
		*out++ = i + 1 < n ? a[v >> 6 & 63] : '=';
		*out++ = i + 2 < n ? a[v & 63] : '=';
	}
	*out = '\0';
}

static void
test_rfc8032(void)
{
	uint8_t in[MINISIGN_SECRET_LEN], raw[2 + 8 + 64];
	struct minisign_key k;
	struct relto_err e;
	char *sig = NULL, enc[120], want[200];
	size_t len = 0;

	memset(in, 0x11, MINISIGN_KEYID_LEN);
	tap_unhex(rfc_seed, in + 8, 32);
	tap_unhex(rfc_pk, in + 40, 32);
	is_int(minisign_key_import(&k, in, &e), RELTO_OK,
	       "RFC 8032 test 1's key imports");
	ok(minisign_sign_signify(&k, "", 0, "rfc", &sig, &len, &e) == RELTO_OK,
	   "and signs the empty message in signify's format");
	memcpy(raw, "Ed", 2);
	memset(raw + 2, 0x11, 8);
	tap_unhex(rfc_sig, raw + 10, 64);
	b64(raw, sizeof raw, enc);
	snprintf(want, sizeof want, "untrusted comment: rfc\n%s\n", enc);
	is(sig != NULL ? sig : "", want, "with RFC 8032's signature");
	is_int((long long)len, (long long)strlen(want), "and length");
	is_int(minisign_verify_signify(&k.pub, "", 0, sig, len, &e), RELTO_OK,
	       "the signature verifies");
	free(sig);
	minisign_key_wipe(&k);
	in[40] ^= 1;
	is_int(minisign_key_import(&k, in, &e), RELTO_ECORRUPT,
	       "a key whose public half does not match its seed is refused");
}

/* RFC 8032 section 7.1, TEST 2 and TEST 3. */
static const struct {
	const char *seed, *pk, *msg, *sig;
} rfc_more[] = {
    {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
     "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
    {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
     "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
};

/* The signify file our key k should make for msg, given sig. */
static void
signify_text(const uint8_t keyid[8], const uint8_t sig[64], char *out,
	     size_t cap)
{
	uint8_t raw[2 + 8 + 64];
	char enc[120];

	memcpy(raw, "Ed", 2);
	memcpy(raw + 2, keyid, 8);
	memcpy(raw + 10, sig, 64);
	b64(raw, sizeof raw, enc);
	snprintf(out, cap, "untrusted comment: x\n%s\n", enc);
}

static int
signify_is(const struct minisign_key *k, const void *msg, size_t len,
	   const uint8_t want[64])
{
	struct relto_err e;
	char *sig = NULL, text[200];
	size_t slen = 0;
	int good;

	signify_text(k->pub.keyid, want, text, sizeof text);
	good = minisign_sign_signify(k, msg, len, "x", &sig, &slen, &e) ==
		   RELTO_OK &&
	       strcmp(sig, text) == 0 &&
	       minisign_verify_signify(&k->pub, msg, len, text, strlen(text),
				       &e) == RELTO_OK;
	free(sig);
	return good;
}

static void
test_rfc8032_more(void)
{
	uint8_t in[MINISIGN_SECRET_LEN], msg[2], want[64];
	struct minisign_key k;
	struct relto_err e;
	long n;
	size_t i;

	for (i = 0; i < sizeof rfc_more / sizeof rfc_more[0]; i++) {
		memset(in, 0x22, 8);
		tap_unhex(rfc_more[i].seed, in + 8, 32);
		tap_unhex(rfc_more[i].pk, in + 40, 32);
		n = tap_unhex(rfc_more[i].msg, msg, sizeof msg);
		tap_unhex(rfc_more[i].sig, want, sizeof want);
		ok(minisign_key_import(&k, in, &e) == RELTO_OK &&
		       signify_is(&k, msg, (size_t)n, want),
		   "RFC 8032 TEST %zu: signature and verification", i + 2);
		minisign_key_wipe(&k);
	}
}

/* libgcrypt's own EdDSA signature of a short message, as r || s. */
static int
gcrypt_sign(const uint8_t *seed, const void *msg, size_t len, uint8_t sig[64])
{
	gcry_sexp_t sk = NULL, data = NULL, out = NULL, t;
	const char *d;
	size_t n;
	int rc = -1;

	if (gcry_sexp_build(&sk, NULL,
			    "(private-key (ecc (curve Ed25519) (flags eddsa) "
			    "(d %b)))",
			    32, seed) == 0 &&
	    gcry_sexp_build(
		&data, NULL,
		"(data (flags eddsa) (hash-algo sha512) (value %b))", (int)len,
		len > 0 ? msg : "") == 0 &&
	    gcry_pk_sign(&out, data, sk) == 0) {
		rc = 0;
		t = gcry_sexp_find_token(out, "r", 0);
		d = gcry_sexp_nth_data(t, 1, &n);
		rc |= n == 32 ? (memcpy(sig, d, 32), 0) : -1;
		gcry_sexp_release(t);
		t = gcry_sexp_find_token(out, "s", 0);
		d = gcry_sexp_nth_data(t, 1, &n);
		rc |= n == 32 ? (memcpy(sig + 32, d, 32), 0) : -1;
		gcry_sexp_release(t);
	}
	gcry_sexp_release(out);
	gcry_sexp_release(data);
	gcry_sexp_release(sk);
	return rc;
}

static void
test_pure_vs_gcrypt(void)
{
	static const size_t sizes[] = {0, 1, 2, 31, 64, 111, 1000, 4096, 65000};
	uint8_t ex[MINISIGN_SECRET_LEN], want[64], *msg;
	size_t i, agree = 0;

	minisign_key_export(&key, ex);
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		msg = malloc(sizes[i] + 1);
		crypto_random(msg, sizes[i]);
		if (gcrypt_sign(ex + 8, msg, sizes[i], want) == 0 &&
		    signify_is(&key, msg, sizes[i], want))
			agree++;
		else
			diag("disagree at %zu bytes", sizes[i]);
		free(msg);
	}
	crypto_wipe(ex, sizeof ex);
	is_int((long long)agree, (long long)(sizeof sizes / sizeof sizes[0]),
	       "whole-message Ed25519 matches gcry_pk_sign, 0 to 65000 bytes");
}

static void
test_signify_long(void)
{
	struct relto_err e;
	size_t n = (1 << 20) + 3;
	uint8_t *msg = malloc(n);
	char *sig = NULL;
	size_t len = 0;

	memset(msg, 0x5a, n);
	is_int(minisign_sign_signify(&key, msg, n, NULL, &sig, &len, &e),
	       RELTO_OK, "a signify signature of 1 MiB + 3");
	is_int(minisign_verify_signify(&key.pub, msg, n, sig, len, &e),
	       RELTO_OK, "verifies");
	msg[n - 1] ^= 1;
	is_int(minisign_verify_signify(&key.pub, msg, n, sig, len, &e),
	       RELTO_ECORRUPT, "and not with its last byte changed");
	free(sig);
	free(msg);
}

static void
test_keys(void)
{
	struct minisign_pub p;
	struct relto_err e;
	char file[MINISIGN_PUBLIC_FILE_LEN], b64[MINISIGN_PUBLIC_B64_LEN];
	char id[MINISIGN_KEYID_HEX_LEN], want[80], line[80];
	uint8_t ex[MINISIGN_SECRET_LEN];
	struct minisign_key k2;

	is_int(minisign_keygen(&key, &e), RELTO_OK, "keygen");
	is_int(minisign_keygen(&other, &e), RELTO_OK, "a second key");
	is_int(minisign_public_format(&key.pub, file, sizeof file, &e),
	       RELTO_OK, "the public key file formats");
	minisign_keyid_hex(key.pub.keyid, id);
	snprintf(want, sizeof want, "untrusted comment: minisign public key %s",
		 id);
	ok(strncmp(file, want, strlen(want)) == 0 && file[strlen(want)] == '\n',
	   "its comment names the key id");
	is_int(minisign_public_parse(file, strlen(file), &p, &e), RELTO_OK,
	       "and parses back");
	cmp_mem(&p, &key.pub, sizeof p, "to the same key");
	is_int(minisign_public_b64(&key.pub, b64, sizeof b64, &e), RELTO_OK,
	       "the bare base64 key");
	is_int((long long)strlen(b64), 56, "is 56 characters");
	snprintf(line, sizeof line, "%s\r\n", b64);
	memset(&p, 0, sizeof p);
	is_int(minisign_public_parse(line, strlen(line), &p, &e), RELTO_OK,
	       "parses, CRLF and all");
	cmp_mem(&p, &key.pub, sizeof p, "to the same key");
	is_int(minisign_public_format(&key.pub, file, 60, &e), RELTO_EUSAGE,
	       "a short buffer is refused");
	minisign_key_export(&key, ex);
	is_int(minisign_key_import(&k2, ex, &e), RELTO_OK,
	       "an exported key imports");
	cmp_mem(&k2.pub, &key.pub, sizeof k2.pub, "with the same public half");
	minisign_key_wipe(&k2);
	ok(k2.seed == NULL, "a wiped key has no seed");
	crypto_wipe(ex, sizeof ex);
}

static void
test_public_errors(void)
{
	static const char *bad[] = {
	    "",
	    "untrusted comment: x\n",
	    "RWQrbFDldtpJP30BMRvS9RpUgYsVhvS20xQHfFS/2lOUTgGuiR0PtF1",
	    "RWQrbFDldtpJP30BMRvS9RpUgYsVhvS20xQHfFS/2lOUTgGuiR0PtF1p=",
	    "RUQrbFDldtpJP30BMRvS9RpUgYsVhvS20xQHfFS/2lOUTgGuiR0PtF1p",
	    "RWQrbFDldtpJP30BMRvS9RpUgYsVhvS20xQHfFS/2lOUTgGuiR0PtF1p\nx\n",
	    "RWQrbFDldtpJP30BMRvS9RpUgYsVhvS20xQHfFS/2lOU TgGuiR0PtF1p",
	    ("untrusted comment: x\nRWQrbFDldtpJP30BMRvS9RpUgYsVhvS20xQHfFS/"
	     "2lOUTgGuiR0PtF1p\nRWQ=\n"),
	};
	struct minisign_pub p;
	struct relto_err e;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		is_int(minisign_public_parse(bad[i], strlen(bad[i]), &p, &e),
		       RELTO_EINPUT, "bad public key %zu is refused: %s", i,
		       e.msg);
}

static int
round_trip(size_t n, size_t chunk)
{
	uint8_t *msg = malloc(n + 1);
	struct minisign_signer s;
	struct minisign_verifier v;
	struct relto_err e;
	char *sig = NULL, tc[64] = "";
	size_t len = 0, i;
	int good = msg != NULL;

	for (i = 0; good && i < n; i++)
		msg[i] = (uint8_t)(i * 131 + 7);
	good = good && minisign_sign_init(&s, &key, &e) == RELTO_OK;
	for (i = 0; good && i < n; i += chunk)
		minisign_sign_update(&s, msg + i,
				     n - i < chunk ? n - i : chunk);
	good = good && minisign_sign_final(&s, "size test", NULL, &sig, &len,
					   &e) == RELTO_OK;
	good = good &&
	       minisign_verify(&key.pub, msg, n, sig, len, tc, sizeof tc, &e) ==
		   RELTO_OK &&
	       strcmp(tc, "size test") == 0;
	good = good &&
	       minisign_verify_init(&v, &key.pub, sig, len, &e) == RELTO_OK;
	for (i = 0; good && i < n; i += chunk + 1)
		minisign_verify_update(&v, msg + i,
				       n - i < chunk + 1 ? n - i : chunk + 1);
	good = good && minisign_verify_final(&v, NULL, 0, &e) == RELTO_OK;
	if (!good)
		diag("%s", e.msg);
	free(sig);
	free(msg);
	return good;
}

static void
test_round_trips(void)
{
	char *a = NULL, *b = NULL;
	size_t alen, blen;
	struct relto_err e;

	ok(round_trip(0, 1), "sign and verify the empty message");
	ok(round_trip(1, 1), "sign and verify one byte");
	ok(round_trip(1 << 20, 65536),
	   "sign and verify 1 MiB in 64 KiB pieces");
	ok(round_trip(100003, 997), "sign and verify 100003 bytes, oddly cut");
	ok(minisign_sign(&key, "abc", 3, "t", "u", &a, &alen, &e) == RELTO_OK &&
	       minisign_sign(&key, "abc", 3, "t", "u", &b, &blen, &e) ==
		   RELTO_OK &&
	       alen == blen && memcmp(a, b, alen) == 0,
	   "signing is deterministic");
	ok(a != NULL && strncmp(a, "untrusted comment: u\nRU", 23) == 0,
	   "the signature line starts with \"ED\" (RU in base64)");
	free(a);
	free(b);
}

/* Sign msg, then verify after edit() changes the message or signature. */
static int
tamper(const char *what, size_t line, size_t col, char to, int code)
{
	struct relto_err e;
	char *sig = NULL, *p;
	size_t len = 0, i;
	int rc;

	if (minisign_sign(&key, "payload", 7, "trusted", NULL, &sig, &len,
			  &e) != RELTO_OK)
		return 0;
	for (p = sig, i = 0; i < line; i++)
		p = strchr(p, '\n') + 1;
	p[col] = to;
	rc = minisign_verify(&key.pub, "payload", 7, sig, len, NULL, 0, &e);
	diag("%s: %s", what, e.msg);
	free(sig);
	return rc == code;
}

static void
test_tamper(void)
{
	struct relto_err e;
	char *sig = NULL, id[MINISIGN_KEYID_HEX_LEN],
	     oid[MINISIGN_KEYID_HEX_LEN];
	size_t len = 0;

	minisign_sign(&key, "payload", 7, "trusted", NULL, &sig, &len, &e);
	is_int(minisign_verify(&key.pub, "paYload", 7, sig, len, NULL, 0, &e),
	       RELTO_ECORRUPT, "a changed message is refused");
	is_int(minisign_verify(&key.pub, "payload", 6, sig, len, NULL, 0, &e),
	       RELTO_ECORRUPT, "a shortened message is refused");
	is_int(minisign_verify(&other.pub, "payload", 7, sig, len, NULL, 0, &e),
	       RELTO_ECORRUPT, "the wrong key is refused");
	minisign_keyid_hex(key.pub.keyid, id);
	minisign_keyid_hex(other.pub.keyid, oid);
	ok(strstr(e.msg, id) != NULL && strstr(e.msg, oid) != NULL,
	   "and the error names both key ids: %s", e.msg);
	free(sig);
	ok(tamper("signature", 1, 30, 'A', RELTO_ECORRUPT) ||
	       tamper("signature", 1, 30, 'B', RELTO_ECORRUPT),
	   "a changed signature is refused");
	ok(tamper("trusted comment", 2, 17, 'T', RELTO_ECORRUPT),
	   "a changed trusted comment is refused");
	ok(tamper("global signature", 3, 10, 'A', RELTO_ECORRUPT) ||
	       tamper("global signature", 3, 10, 'B', RELTO_ECORRUPT),
	   "a changed comment signature is refused");
	ok(tamper("algorithm", 1, 1, 'V', RELTO_EINPUT),
	   "an unknown algorithm is refused");
}

static void
test_sig_errors(void)
{
	static const char *bad[] = {
	    "",
	    "untrusted comment: x\n",
	    "comment: x\nAAAA\n",
	    "untrusted comment: x\nRUQ=\ntrusted comment: t\nAAAA\n",
	};
	struct relto_err e;
	char *sig = NULL, *copy, tc[4];
	size_t len = 0, i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		is_int(minisign_verify(&key.pub, "", 0, bad[i], strlen(bad[i]),
				       NULL, 0, &e),
		       RELTO_EINPUT, "bad signature file %zu: %s", i, e.msg);
	minisign_sign(&key, "m", 1, "trusted", "u", &sig, &len, &e);
	copy = malloc(len + 8);
	memcpy(copy, sig, len);
	memcpy(copy + len, "extra\n", 6);
	is_int(minisign_verify(&key.pub, "m", 1, copy, len + 6, NULL, 0, &e),
	       RELTO_EINPUT, "text after the last line is refused");
	memcpy(copy + len, "\n\n", 2);
	is_int(minisign_verify(&key.pub, "m", 1, copy, len + 2, NULL, 0, &e),
	       RELTO_OK, "blank line ends after it are not");
	memcpy(copy, sig, len);
	copy[19] = '\0';
	is_int(minisign_verify(&key.pub, "m", 1, copy, len, NULL, 0, &e),
	       RELTO_EINPUT, "a NUL byte is refused");
	memcpy(copy, sig, len);
	is_int(minisign_verify(&key.pub, "m", 1, copy, len - 2, NULL, 0, &e),
	       RELTO_EINPUT, "a cut comment signature is refused");
	is_int(minisign_verify(&key.pub, "m", 1, sig, len, tc, sizeof tc, &e),
	       RELTO_EUSAGE, "a short trusted-comment buffer is refused");
	free(copy);
	free(sig);
}

/* An exercise's files end with their marking: a last line repeating the
   untrusted comment, and nothing else, is read. */
static void
test_echo(void)
{
	struct minisign_pub p;
	struct relto_err e;
	char *sig = NULL, *ssig = NULL, *copy, pub[MINISIGN_PUBLIC_FILE_LEN];
	size_t len = 0, slen = 0;

	minisign_sign(&key, "m", 1, "trusted", "EXERCISE EXERCISE", &sig, &len,
		      &e);
	is_int(minisign_echo_comment(&sig, &len, &e), RELTO_OK,
	       "a signature can end with its untrusted comment");
	ok(len > 18 && strcmp(sig + len - 18, "EXERCISE EXERCISE\n") == 0,
	   "... as its last line");
	is_int(minisign_verify(&key.pub, "m", 1, sig, len, NULL, 0, &e),
	       RELTO_OK, "... and still verifies");
	copy = malloc(len + 8);
	memcpy(copy, sig, len);
	copy[len - 2] = 'X';
	is_int(minisign_verify(&key.pub, "m", 1, copy, len, NULL, 0, &e),
	       RELTO_EINPUT, "a last line that is not the comment is refused");
	free(copy);
	minisign_sign_signify(&key, "m", 1, "EXERCISE EXERCISE", &ssig, &slen,
			      &e);
	minisign_echo_comment(&ssig, &slen, &e);
	is_int(minisign_verify_signify(&key.pub, "m", 1, ssig, slen, &e),
	       RELTO_OK, "so can a signify signature");
	is_int(minisign_public_format_marked(&key.pub, "EXERCISE EXERCISE", pub,
					     sizeof pub, &e),
	       RELTO_OK, "a public key file with a marked comment");
	ok(strncmp(pub, "untrusted comment: EXERCISE EXERCISE\n", 37) == 0 &&
	       strcmp(pub + strlen(pub) - 18, "EXERCISE EXERCISE\n") == 0,
	   "... begins and ends with the marking");
	is_int(minisign_public_parse(pub, strlen(pub), &p, &e), RELTO_OK,
	       "... and reads back");
	ok(memcmp(&p, &key.pub, sizeof p) == 0, "... as the same key");
	free(sig);
	free(ssig);
}

static void
test_sign_errors(void)
{
	struct relto_err e;
	char *sig = NULL, *big;
	size_t len;
	struct minisign_verifier v;

	is_int(minisign_sign(&key, "m", 1, "two\nlines", NULL, &sig, &len, &e),
	       RELTO_EUSAGE, "a trusted comment with a newline is refused");
	is_int(minisign_sign(&key, "m", 1, "t", "cr\r", &sig, &len, &e),
	       RELTO_EUSAGE, "an untrusted comment with a CR is refused");
	big = malloc(MINISIGN_TRUSTED_MAX + 2);
	memset(big, 'x', MINISIGN_TRUSTED_MAX + 1);
	big[MINISIGN_TRUSTED_MAX + 1] = '\0';
	is_int(minisign_sign(&key, "m", 1, big, NULL, &sig, &len, &e),
	       RELTO_EUSAGE, "a trusted comment over the limit is refused");
	big[MINISIGN_TRUSTED_MAX] = '\0';
	is_int(minisign_sign(&key, "m", 1, big, NULL, &sig, &len, &e), RELTO_OK,
	       "one at the limit is signed");
	is_int(minisign_verify(&key.pub, "m", 1, sig, len, NULL, 0, &e),
	       RELTO_OK, "and verifies");
	free(sig);
	free(big);
	is_int(minisign_verify_init(&v, &key.pub, kat_legacy,
				    strlen(kat_legacy), &e),
	       RELTO_ECORRUPT, "streaming checks the key id first");
}

static void
test_signify(void)
{
	struct relto_err e;
	char *sig = NULL;
	size_t len = 0;

	is_int(minisign_sign_signify(&key, "data", 4, "verify with s.pub", &sig,
				     &len, &e),
	       RELTO_OK, "a signify signature");
	ok(sig != NULL &&
	       strncmp(sig, "untrusted comment: verify with s.pub\nRW", 39) ==
		   0,
	   "is two lines, the second \"Ed\" (RW in base64)");
	is_int(minisign_verify_signify(&key.pub, "data", 4, sig, len, &e),
	       RELTO_OK, "verifies");
	is_int(minisign_verify_signify(&key.pub, "date", 4, sig, len, &e),
	       RELTO_ECORRUPT, "not over another message");
	is_int(minisign_verify_signify(&other.pub, "data", 4, sig, len, &e),
	       RELTO_ECORRUPT, "nor with another key");
	is_int(minisign_verify(&key.pub, "data", 4, sig, len, NULL, 0, &e),
	       RELTO_EINPUT, "minisign's parser wants a trusted comment");
	free(sig);
	is_int(minisign_verify_signify(&key.pub, kat_msg, strlen(kat_msg),
				       kat_sig, strlen(kat_sig), &e),
	       RELTO_EINPUT, "a .minisig file is not a signify signature");
}

int
main(void)
{
	struct relto_err e;
	char *sig = NULL;
	size_t len;

	if (crypto_init(&e) != RELTO_OK)
		skip_all(e.msg);
	test_kat();
	test_rfc8032();
	test_keys();
	test_public_errors();
	test_rfc8032_more();
	test_pure_vs_gcrypt();
	test_signify_long();
	test_round_trips();
	test_tamper();
	test_sig_errors();
	test_echo();
	test_sign_errors();
	test_signify();
	minisign_key_wipe(&key);
	is_int(minisign_sign(&key, "m", 1, "t", NULL, &sig, &len, &e),
	       RELTO_EUSAGE, "a wiped key does not sign");
	minisign_key_wipe(&other);
	done_testing();
	return exit_status();
}
