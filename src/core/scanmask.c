/*
 * scanmask.c -- which of up to 64 bytes are ASCII letters or digits, are
 * one byte, or are in a set of bytes, as bit masks: bit i stands for p[i].
 *
 * The sanitizer's term scan uses them to find where a term may begin
 * (after a byte that is not a letter or digit, at a byte some term begins
 * with) without a table load per byte: most of a text lies inside words
 * that no term starts, and the scan skips them 64 bytes at a time.  The
 * recognizers' scan likewise finds the few places one may begin.
 *
 * A set is looked up by nibbles (the "shufti" method): bit h & 7 of
 * lo[b & 15] and of hi[b >> 4] are both set when b is in, so the mask is
 * exact for sets of ASCII bytes and may hold more for others (a byte
 * b ^ 0x80 of one in).  That takes SSSE3's byte shuffle, checked for when
 * the set is made; without it every byte counts as in.  So the set's
 * mask is a superset of its members' places, never less.
 *
 * Invariants.  Bits n..63 are zero; no byte at or past p[n] is read; each
 * mask is the one a byte-by-byte test gives, and the SSE2 path (every
 * x86-64) of the alnum mask gives what its portable one does, which
 * tests/scanmask-test checks on every byte value and random blocks.
 */
#include "config.h"

#include "scanmask.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <tmmintrin.h>
#define SCANMASK_SSSE3 1
#endif

/* The bits below n, n <= 64. */
static uint64_t
scanmask_low(size_t n)
{
	return n >= SCANMASK_BYTES ? ~(uint64_t)0 : ((uint64_t)1 << n) - 1;
}

uint64_t
scanmask_alnum_portable(const unsigned char *p, size_t n)
{
	uint64_t m = 0;
	size_t i;

	if (n > SCANMASK_BYTES)
		n = SCANMASK_BYTES;
	for (i = 0; i < n; i++)
		if (scanmask_isalnum(p[i]))
			m |= (uint64_t)1 << i;
	return m;
}

#if defined(__SSE2__)
/* x < k, unsigned, in each of 16 bytes: min(x, k - 1) == x. */
static __m128i
scanmask_below(__m128i x, char k)
{
	return _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8((char)(k - 1))), x);
}

static unsigned
scanmask_16(const unsigned char *p)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i dig = _mm_sub_epi8(v, _mm_set1_epi8('0'));
	__m128i let = _mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)),
				   _mm_set1_epi8('a'));

	return (unsigned)_mm_movemask_epi8(
	    _mm_or_si128(scanmask_below(dig, 10), scanmask_below(let, 26)));
}

uint64_t
scanmask_alnum(const unsigned char *p, size_t n)
{
	unsigned char pad[SCANMASK_BYTES];

	if (n < SCANMASK_BYTES) {
		memset(pad, 0, sizeof pad);
		memcpy(pad, p, n);
		p = pad;
	}
	return (uint64_t)scanmask_16(p) | (uint64_t)scanmask_16(p + 16) << 16 |
	       (uint64_t)scanmask_16(p + 32) << 32 |
	       (uint64_t)scanmask_16(p + 48) << 48;
}
#else
uint64_t
scanmask_alnum(const unsigned char *p, size_t n)
{
	return scanmask_alnum_portable(p, n);
}
#endif

#if defined(__SSE2__)
uint64_t
scanmask_byte(const unsigned char *p, size_t n, unsigned char c)
{
	unsigned char pad[SCANMASK_BYTES];
	const __m128i b = _mm_set1_epi8((char)c);
	uint64_t m = 0;
	int k;

	if (n < SCANMASK_BYTES) {
		memset(pad, c ^ 1, sizeof pad);
		memcpy(pad, p, n);
		p = pad;
	}
	for (k = 0; k < SCANMASK_BYTES; k += 16)
		m |=
		    (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
			_mm_loadu_si128((const __m128i *)(const void *)(p + k)),
			b))
		    << k;
	return m;
}
#else
uint64_t
scanmask_byte(const unsigned char *p, size_t n, unsigned char c)
{
	uint64_t m = 0;
	size_t i;

	for (i = 0; i < n && i < SCANMASK_BYTES; i++)
		if (p[i] == c)
			m |= (uint64_t)1 << i;
	return m;
}
#endif

void
scanmask_set_init(struct scanmask_set *set, const unsigned char in[256])
{
	unsigned b;

	memset(set, 0, sizeof *set);
	for (b = 0; b < 256; b++) {
		if (!in[b])
			continue;
		set->lo[b & 15] |= (unsigned char)(1u << ((b >> 4) & 7));
		set->hi[b >> 4] |= (unsigned char)(1u << ((b >> 4) & 7));
	}
#if defined(SCANMASK_SSSE3)
	set->simd = __builtin_cpu_supports("ssse3");
#endif
}

#if defined(SCANMASK_SSSE3)
__attribute__((target("ssse3"))) static uint64_t
scanmask_in_ssse3(const struct scanmask_set *set, const unsigned char *p)
{
	const __m128i lo =
	    _mm_loadu_si128((const __m128i *)(const void *)set->lo);
	const __m128i hi =
	    _mm_loadu_si128((const __m128i *)(const void *)set->hi);
	const __m128i nib = _mm_set1_epi8(0x0f), zero = _mm_setzero_si128();
	__m128i v, r;
	uint64_t m = 0;
	int k;

	for (k = 0; k < SCANMASK_BYTES; k += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(p + k));
		r = _mm_and_si128(
		    _mm_shuffle_epi8(lo, _mm_and_si128(v, nib)),
		    _mm_shuffle_epi8(hi,
				     _mm_and_si128(_mm_srli_epi16(v, 4), nib)));
		m |= (uint64_t)(unsigned)(~_mm_movemask_epi8(
					      _mm_cmpeq_epi8(r, zero)) &
					  0xffff)
		     << k;
	}
	return m;
}
#endif

uint64_t
scanmask_in(const struct scanmask_set *set, const unsigned char *p, size_t n)
{
#if defined(SCANMASK_SSSE3)
	unsigned char pad[SCANMASK_BYTES];

	if (set->simd) {
		if (n < SCANMASK_BYTES) {
			memset(pad, 0, sizeof pad);
			memcpy(pad, p, n);
			p = pad;
		}
		return scanmask_in_ssse3(set, p) & scanmask_low(n);
	}
#else
	(void)set;
	(void)p;
#endif
	return scanmask_low(n);
}
