/*
 * termscan.h -- a compiled dictionary of terms, found at word boundaries
 * with ASCII letters in either case: the sanitizer's term matcher.
 */
#ifndef RELTO_TERMSCAN_H
#define RELTO_TERMSCAN_H

#include <stddef.h>

struct termscan;

/* A term: its bytes, not empty, and its rank among terms alike. */
struct termscan_term {
	const char *text;
	size_t len;
	int rank;
};

/* Term number term matches p[start..end). */
typedef void (*termscan_emit)(void *arg, size_t start, size_t end, size_t term);

struct termscan *termscan_new(const struct termscan_term *terms, size_t n);
void termscan_free(struct termscan *s);
void termscan_run(const struct termscan *s, const unsigned char *p, size_t len,
		  size_t from, size_t limit, termscan_emit emit, void *arg);

#endif
