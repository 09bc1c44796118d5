/*
 * crypto-test.c -- crypto.c against RFC 5869's HKDF-SHA-256 vectors,
 * FIPS 180-2's SHA-256 vector, RFC 4231's HMAC vector, and the behaviour
 * of compare, wipe and secure allocation.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "crypto.h"
#include "tap.h"

struct hkdf_vec {
	const char *name, *ikm, *salt, *info, *prk, *okm;
};

/* RFC 5869 appendix A, test cases 1-3 (SHA-256). */
static const struct hkdf_vec hkdf_vecs[] = {
    {"A.1 basic", "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
     "000102030405060708090a0b0c", "f0f1f2f3f4f5f6f7f8f9",
     "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
     "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf3400"
     "7208d5b887185865"},
    {"A.2 long inputs",
     "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021"
     "22232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f40414243"
     "4445464748494a4b4c4d4e4f",
     "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f8081"
     "82838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3"
     "a4a5a6a7a8a9aaabacadaeaf",
     "b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1"
     "d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3"
     "f4f5f6f7f8f9fafbfcfdfeff",
     "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
     "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c5904"
     "5a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c581"
     "79ec3e87c14c01d5c1f3434f1d87"},
    {"A.3 empty salt and info", "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
     "", "", "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
     "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d20"
     "1395faa4b61a96c8"},
};

static void
test_hkdf(const struct hkdf_vec *v)
{
	uint8_t ikm[128], salt[128], info[128], prk[32], okm[128], want[128];
	uint8_t got_prk[32], got[128];
	long ni, ns, nf, nk;

	ni = tap_unhex(v->ikm, ikm, sizeof ikm);
	ns = tap_unhex(v->salt, salt, sizeof salt);
	nf = tap_unhex(v->info, info, sizeof info);
	tap_unhex(v->prk, prk, sizeof prk);
	nk = tap_unhex(v->okm, okm, sizeof okm);
	memcpy(want, okm, (size_t)nk);

	ok(crypto_hkdf_extract(salt, (size_t)ns, ikm, (size_t)ni, got_prk) ==
	       RELTO_OK,
	   "%s: extract succeeds", v->name);
	cmp_mem(got_prk, prk, 32, "%s: PRK", v->name);
	memset(got, 0xaa, sizeof got);
	ok(crypto_hkdf(salt, (size_t)ns, ikm, (size_t)ni, info, (size_t)nf, got,
		       (size_t)nk) == RELTO_OK,
	   "%s: hkdf succeeds", v->name);
	cmp_mem(got, want, (size_t)nk, "%s: OKM", v->name);
	ok(got[nk] == 0xaa, "%s: no byte written past the output", v->name);
}

int
main(void)
{
	struct relto_err e;
	uint8_t h[32], want[32], buf[64], *sec;
	size_t i;
	int all_zero;

	err_clear(&e);
	if (!ok(crypto_init(&e) == RELTO_OK, "crypto_init"))
		diag("%s", e.msg);
	ok(crypto_init(&e) == RELTO_OK, "crypto_init is idempotent");
	ok(crypto_library_version() != NULL &&
	       strcmp(crypto_library_version(), "1.10") >= 0,
	   "libgcrypt version %s is at least 1.10", crypto_library_version());

	for (i = 0; i < sizeof hkdf_vecs / sizeof hkdf_vecs[0]; i++)
		test_hkdf(&hkdf_vecs[i]);
	ok(crypto_hkdf_expand(h, "", 0, buf, 255 * 32 + 1) == RELTO_EUSAGE,
	   "hkdf refuses more than 255 blocks");

	crypto_sha256("abc", 3, h);
	tap_unhex(
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015"
	    "ad",
	    want, sizeof want);
	cmp_mem(h, want, 32, "SHA-256(\"abc\") (FIPS 180-2)");

	/* RFC 4231 test case 2. */
	crypto_hmac_sha256("Jefe", 4, "what do ya want for nothing?", 28, h);
	tap_unhex(
	    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec38"
	    "43",
	    want, sizeof want);
	cmp_mem(h, want, 32, "HMAC-SHA-256 (RFC 4231 case 2)");

	ok(crypto_equal("abcdef", "abcdef", 6), "equal buffers compare equal");
	ok(!crypto_equal("abcdef", "abcdeg", 6), "last byte differs");
	ok(!crypto_equal("xbcdef", "abcdef", 6), "first byte differs");
	ok(crypto_equal("a", "b", 0), "empty buffers compare equal");

	memset(buf, 0x5a, sizeof buf);
	crypto_wipe(buf, sizeof buf);
	for (all_zero = 1, i = 0; i < sizeof buf; i++)
		all_zero &= buf[i] == 0;
	ok(all_zero, "wipe zeroes the buffer");

	sec = crypto_secure_alloc(64);
	ok(sec != NULL, "secure allocation");
	for (all_zero = 1, i = 0; sec != NULL && i < 64; i++)
		all_zero &= sec[i] == 0;
	ok(sec != NULL && all_zero, "secure allocation is zeroed");
	crypto_secure_free(sec, 64);

	memset(buf, 0, sizeof buf);
	crypto_random(buf, 32);
	crypto_random(buf + 32, 32);
	ok(memcmp(buf, buf + 32, 32) != 0, "two random draws differ");
	for (all_zero = 1, i = 0; i < 32; i++)
		all_zero &= buf[i] == 0;
	ok(!all_zero, "random output is not all zero");

	return exit_status();
}
