/*
 * bech32.h -- BIP 173 Bech32, as age uses it: no length limit on the data
 * part, checksum constant 1 (not Bech32m).  See bech32.c for the rules.
 */
#ifndef RELTO_BECH32_H
#define RELTO_BECH32_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Characters needed to encode n bytes under hrp, without the NUL. */
size_t bech32_encoded_len(size_t hrplen, size_t n);

/*
 * Encode data under hrp (which must be lower case, or upper case when
 * upper is set) into out, NUL-terminated.  The checksum is computed over
 * the lower-case string; upper only changes the letters' case.
 */
int bech32_encode(char *out, size_t cap, const char *hrp, const uint8_t *data,
		  size_t n, int upper, struct relto_err *e);

/*
 * Decode s.  The human-readable part is copied, in its original case, to
 * hrp (NUL-terminated); the data to data, whose length goes to *n.  A
 * string mixing cases, with a character outside the alphabet, a bad
 * checksum, or non-zero padding bits is refused with RELTO_EINPUT.
 * Intermediate values are wiped: data may be a secret key.
 */
int bech32_decode(const char *s, char *hrp, size_t hrpcap, uint8_t *data,
		  size_t cap, size_t *n, struct relto_err *e);

#endif
