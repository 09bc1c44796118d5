/*
 * text.h -- make untrusted text safe to draw on a terminal and measure its
 * width in columns.  See text.c for the invariants.
 */
#ifndef RELTO_TEXT_H
#define RELTO_TEXT_H

#include <stddef.h>
#include <stdint.h>

#define TEXT_REPLACEMENT 0xFFFDu

/*
 * Decode one scalar value from s[0..len).  Returns the bytes consumed (at
 * least 1 when len > 0, 0 when len == 0).  Bad input yields
 * TEXT_REPLACEMENT and consumes the maximal invalid subpart.
 */
size_t text_decode(const char *s, size_t len, uint32_t *cp);

/* Encode cp as UTF-8 (U+FFFD if cp is not a scalar value); returns 1-4. */
size_t text_encode(uint32_t cp, char out[4]);

/*
 * Return a malloc'd, NUL-terminated, terminal-safe UTF-8 copy of in[0..len):
 * controls (except \n and \t), escape sequences and bidi controls removed,
 * invalid UTF-8 replaced by U+FFFD.  NULL only when memory runs out.
 */
char *text_sanitize(const char *in, size_t len, size_t *outlen);

/* As text_sanitize(), but \n and \t each become a space. */
char *text_sanitize_line(const char *in, size_t len, size_t *outlen);

/* Columns of one code point: 0, 1 or 2; -1 for controls and non-scalars. */
int text_cp_width(uint32_t cp);

/* Columns of s[0..len) as text_sanitize() would leave it. */
size_t text_width(const char *s, size_t len);

/*
 * Bytes of the longest prefix of s[0..len) that fits in cols columns,
 * never splitting a character, an escape sequence, or a base character
 * from the combining marks that follow it.
 */
size_t text_fit(const char *s, size_t len, size_t cols);

#endif
