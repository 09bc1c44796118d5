/*
 * bech32.c -- BIP 173 Bech32 encoding and decoding for age recipients
 * ("age1...") and identities ("AGE-SECRET-KEY-1...").
 *
 * Owns: the character set, the BCH checksum, and the 8-bit <-> 5-bit
 * regrouping.  Nothing here knows what the bytes mean.
 *
 * Rules (BIP 173 as age profiles it):
 *  - every character is printable US-ASCII (33..126); a string is all
 *    upper case or all lower case, never mixed;
 *  - the separator is the last '1'; the human-readable part is not empty
 *    and the data part holds at least the six checksum characters;
 *  - the checksum is computed over the lower-case form and must leave the
 *    polymod at 1 (Bech32, not Bech32m);
 *  - no length limit (age keys exceed BIP 173's 90 characters);
 *  - regrouping to bytes leaves fewer than 5 padding bits, all zero.
 *
 * Invariant: decoding writes key bytes only into the caller's buffer and
 * wipes its own accumulators, so a secret key leaves no copy behind; on
 * failure the caller's buffer is wiped too.
 */
#include "config.h"

#include "bech32.h"

#include <string.h>

#include "crypto.h"
#include "i18n.h"

#define BECH32_CHECKSUM_LEN 6

static const char bech32_charset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

static const uint32_t bech32_gen[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa,
				       0x3d4233dd, 0x2a1462b3};

static uint32_t
bech32_step(uint32_t chk, unsigned v)
{
	uint32_t top = chk >> 25;
	int i;

	chk = ((chk & 0x1ffffff) << 5) ^ v;
	for (i = 0; i < 5; i++)
		if ((top >> i) & 1)
			chk ^= bech32_gen[i];
	return chk;
}

static int
bech32_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
bech32_upper(int c)
{
	return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

/* The value of data character c (either case), or -1. */
static int
bech32_value(int c)
{
	const char *p;

	c = bech32_lower(c);
	if (c == '\0')
		return -1;
	p = strchr(bech32_charset, c);
	return p == NULL ? -1 : (int)(p - bech32_charset);
}

/* Checksum state after the expanded human-readable part. */
static uint32_t
bech32_hrp_checksum(const char *hrp, size_t hrplen)
{
	uint32_t chk = 1;
	size_t i;

	for (i = 0; i < hrplen; i++)
		chk = bech32_step(chk, (unsigned)bech32_lower(hrp[i]) >> 5);
	chk = bech32_step(chk, 0);
	for (i = 0; i < hrplen; i++)
		chk = bech32_step(chk, (unsigned)bech32_lower(hrp[i]) & 31);
	return chk;
}

size_t
bech32_encoded_len(size_t hrplen, size_t n)
{
	return hrplen + 1 + (n * 8 + 4) / 5 + BECH32_CHECKSUM_LEN;
}

int
bech32_encode(char *out, size_t cap, const char *hrp, const uint8_t *data,
	      size_t n, int upper, struct relto_err *e)
{
	size_t hrplen = strlen(hrp), k = 0, i;
	uint32_t chk, acc = 0;
	unsigned bits = 0, v;
	int (*fold)(int) = upper ? bech32_upper : bech32_lower;

	if (hrplen == 0 || bech32_encoded_len(hrplen, n) + 1 > cap)
		return err_set(e, RELTO_EUSAGE,
			       _("Bech32 encoding does not fit its buffer"));
	chk = bech32_hrp_checksum(hrp, hrplen);
	for (i = 0; i < hrplen; i++)
		out[k++] = (char)fold(hrp[i]);
	out[k++] = (char)fold('1');
	for (i = 0; i < n || bits > 0;) {
		if (bits < 5 && i < n) {
			acc = (acc << 8) | data[i++];
			bits += 8;
		}
		if (bits >= 5) {
			bits -= 5;
			v = (acc >> bits) & 31;
		} else {
			v = (acc << (5 - bits)) & 31; /* zero padding */
			bits = 0;
		}
		chk = bech32_step(chk, v);
		out[k++] = (char)fold(bech32_charset[v]);
	}
	for (i = 0; i < BECH32_CHECKSUM_LEN; i++)
		chk = bech32_step(chk, 0);
	chk ^= 1;
	for (i = 0; i < BECH32_CHECKSUM_LEN; i++)
		out[k++] =
		    (char)fold(bech32_charset[(chk >> (5 * (5 - i))) & 31]);
	out[k] = '\0';
	crypto_wipe(&acc, sizeof acc);
	return RELTO_OK;
}

/* Printable ASCII only, and not both cases. */
static int
bech32_check_chars(const char *s, size_t len)
{
	int lower = 0, upper = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 33 || c > 126)
			return -1;
		lower |= c >= 'a' && c <= 'z';
		upper |= c >= 'A' && c <= 'Z';
	}
	return lower && upper ? -1 : 0;
}

struct bech32_acc {
	uint32_t acc;
	unsigned bits;
	size_t n;
};

/* Feed one 5-bit group; full bytes go to data. */
static int
bech32_regroup(struct bech32_acc *a, unsigned v, uint8_t *data, size_t cap)
{
	a->acc = ((a->acc << 5) | v) & 0xfff;
	a->bits += 5;
	if (a->bits >= 8) {
		a->bits -= 8;
		if (a->n == cap)
			return -1;
		data[a->n++] = (uint8_t)(a->acc >> a->bits);
	}
	return 0;
}

static int
bech32_fail(struct bech32_acc *a, uint8_t *data, size_t cap,
	    struct relto_err *e, const char *why)
{
	crypto_wipe(data, cap);
	crypto_wipe(a, sizeof *a);
	return err_set(e, RELTO_EINPUT, _("invalid Bech32 string: %s"), why);
}

int
bech32_decode(const char *s, char *hrp, size_t hrpcap, uint8_t *data,
	      size_t cap, size_t *n, struct relto_err *e)
{
	struct bech32_acc a = {0, 0, 0};
	const char *sep;
	size_t len = strlen(s), pos, i;
	uint32_t chk;
	int v;

	*n = 0;
	if (bech32_check_chars(s, len) != 0)
		return bech32_fail(&a, data, cap, e,
				   _("bad character or mixed case"));
	sep = strrchr(s, '1');
	if (sep == NULL || sep == s ||
	    len - (size_t)(sep - s) - 1 < BECH32_CHECKSUM_LEN)
		return bech32_fail(&a, data, cap, e, _("misplaced separator"));
	pos = (size_t)(sep - s);
	if (pos + 1 > hrpcap)
		return bech32_fail(&a, data, cap, e,
				   _("human-readable part too long"));
	chk = bech32_hrp_checksum(s, pos);
	for (i = pos + 1; i < len; i++) {
		if ((v = bech32_value(s[i])) < 0)
			return bech32_fail(&a, data, cap, e,
					   _("bad character"));
		chk = bech32_step(chk, (unsigned)v);
		if (i < len - BECH32_CHECKSUM_LEN &&
		    bech32_regroup(&a, (unsigned)v, data, cap) != 0)
			return bech32_fail(&a, data, cap, e,
					   _("data too long"));
	}
	if (chk != 1)
		return bech32_fail(&a, data, cap, e, _("bad checksum"));
	if (a.bits >= 5 || (a.acc & ((1u << a.bits) - 1)) != 0)
		return bech32_fail(&a, data, cap, e, _("bad padding"));
	memcpy(hrp, s, pos);
	hrp[pos] = '\0';
	*n = a.n;
	crypto_wipe(&a, sizeof a);
	return RELTO_OK;
}
