/*
 * scanmask.h -- which of up to 64 bytes are word characters, or in a set,
 * as bit masks.
 */
#ifndef RELTO_SCANMASK_H
#define RELTO_SCANMASK_H

#include <stddef.h>
#include <stdint.h>

#define SCANMASK_BYTES 64

/* A set of bytes, as two tables of 16 by the low and high nibble. */
struct scanmask_set {
	unsigned char lo[16], hi[16];
	int simd; /* the tables are used (SSSE3); else every byte is in */
};

uint64_t scanmask_alnum(const unsigned char *p, size_t n);
uint64_t scanmask_alnum_portable(const unsigned char *p, size_t n);
uint64_t scanmask_byte(const unsigned char *p, size_t n, unsigned char c);
void scanmask_set_init(struct scanmask_set *set, const unsigned char in[256]);
uint64_t scanmask_in(const struct scanmask_set *set, const unsigned char *p,
		     size_t n);

/* A word character of every boundary: an ASCII letter or digit. */
static inline int
scanmask_isalnum(unsigned char c)
{
	return (unsigned)(c - '0') < 10 || (unsigned)((c | 0x20) - 'a') < 26;
}

/* The lowest set bit of m, which is not 0. */
static inline unsigned
scanmask_first(uint64_t m)
{
#if defined(__GNUC__)
	return (unsigned)__builtin_ctzll(m);
#else
	unsigned i = 0;

	while (!(m & 1)) {
		m >>= 1;
		i++;
	}
	return i;
#endif
}

#endif
