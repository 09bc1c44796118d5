/*
 * scanmask-test.c -- tests for src/core/scanmask.c: the alnum mask against
 * a byte-by-byte one for every byte value and random blocks of every
 * length (each in a buffer of exactly its length, so AddressSanitizer
 * sees any read past it), the SSE2 path against the portable one, one
 * byte's places, and byte sets: never fewer places than their members', exactly
 * those for sets of ASCII bytes where SSSE3 is used.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scanmask.h"
#include "tap.h"
#include "testutil.h"

static uint64_t rng = 0x243f6a8885a308d3u;

static unsigned
rnd(unsigned n)
{
	return test_rnd(&rng, n);
}

static int
alnum(unsigned c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	       (c >= 'a' && c <= 'z');
}

static uint64_t
slow_mask(const unsigned char *p, size_t n, const unsigned char *in)
{
	uint64_t m = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (in != NULL ? in[p[i]] : alnum(p[i]))
			m |= (uint64_t)1 << i;
	return m;
}

/* Random bytes, mostly ASCII, into a buffer of exactly n bytes. */
static unsigned char *
block(size_t n)
{
	unsigned char *p = malloc(n ? n : 1);
	size_t i;

	if (p == NULL)
		exit(1);
	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(rnd(4) ? rnd(128) : rnd(256));
	return p;
}

static void
test_every_byte(void)
{
	unsigned char p[SCANMASK_BYTES];
	unsigned c, k;
	int good = 1;

	for (c = 0; c < 256; c += SCANMASK_BYTES) {
		for (k = 0; k < SCANMASK_BYTES; k++)
			p[k] = (unsigned char)(c + k);
		good &= scanmask_alnum(p, SCANMASK_BYTES) ==
			slow_mask(p, SCANMASK_BYTES, NULL);
		good &= scanmask_alnum_portable(p, SCANMASK_BYTES) ==
			slow_mask(p, SCANMASK_BYTES, NULL);
	}
	ok(good, "every byte value: letters and digits, nothing else");
}

static void
test_alnum_random(void)
{
	unsigned char *p;
	size_t n;
	int round, good = 1, same = 1;

	for (round = 0; round < 200; round++)
		for (n = 0; n <= SCANMASK_BYTES; n++) {
			p = block(n);
			good &= scanmask_alnum(p, n) == slow_mask(p, n, NULL);
			same &= scanmask_alnum(p, n) ==
				scanmask_alnum_portable(p, n);
			free(p);
		}
	ok(good, "random blocks of 0 to 64 bytes: the alnum mask, no bit past "
		 "the end");
	ok(same, "and the fast path agrees with the portable one");
}

static void
test_byte(void)
{
	unsigned char *p, c;
	uint64_t want;
	size_t n, i;
	int round, good = 1, seen = 0;

	for (round = 0; round < 2000; round++) {
		n = rnd(SCANMASK_BYTES + 1);
		p = block(n);
		c = n > 0 && rnd(2) ? p[rnd((unsigned)n)]
				    : (unsigned char)rnd(256);
		for (want = 0, i = 0; i < n; i++)
			if (p[i] == c)
				want |= (uint64_t)1 << i;
		good &= scanmask_byte(p, n, c) == want;
		seen += want != 0;
		free(p);
	}
	ok(good && seen > 500,
	   "one byte's places in random blocks of 0 to 64 "
	   "bytes (%d with some)",
	   seen);
}

static void
test_sets(void)
{
	static const unsigned char xazb[] = "xaZb";
	struct scanmask_set set;
	unsigned char in[256], *p;
	uint64_t m, want;
	size_t n, c;
	int round, superset = 1, exact = 1, ascii, members;

	for (round = 0; round < 400; round++) {
		ascii = round % 2 == 0;
		members = 1 + (int)rnd(round % 3 == 0 ? 200 : 12);
		memset(in, 0, sizeof in);
		while (members-- > 0)
			in[rnd(ascii ? 128 : 256)] = 1;
		scanmask_set_init(&set, in);
		n = rnd(SCANMASK_BYTES + 1);
		p = block(n);
		for (c = 0; c < n; c++) /* members are common in the text */
			if (rnd(3) == 0)
				p[c] = (unsigned char)rnd(ascii ? 128 : 256);
		m = scanmask_in(&set, p, n);
		want = slow_mask(p, n, in);
		superset &=
		    (m & want) == want && (n == SCANMASK_BYTES || m >> n == 0);
		if (ascii && set.simd)
			exact &= m == want;
		free(p);
	}
	ok(superset, "a set's mask holds every member's place and none past "
		     "the end");
	if (set.simd)
		ok(exact, "and exactly those for sets of ASCII bytes (SSSE3)");
	else
		skip("no SSSE3 here: a set's mask is every place");
	memset(in, 0, sizeof in);
	in['a'] = in['Z'] = 1;
	scanmask_set_init(&set, in);
	ok(set.simd ? scanmask_in(&set, xazb, 4) == 0x6
		    : scanmask_in(&set, xazb, 4) == 0xf,
	   "'a' and 'Z' in \"xaZb\"");
	set.simd = 0; /* as on a CPU without SSSE3 */
	ok(scanmask_in(&set, xazb, 4) == 0xf && scanmask_in(&set, xazb, 0) == 0,
	   "without SSSE3, every place of the block is in (and none past it)");
}

int
main(void)
{
	test_every_byte();
	test_alnum_random();
	test_byte();
	test_sets();
	done_testing();
	return exit_status();
}
