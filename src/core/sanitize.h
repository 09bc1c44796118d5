/*
 * sanitize.h -- recognizers and operators that take sources and methods
 * out of a portion's text.  See sanitize.c.
 */
#ifndef RELTO_SANITIZE_H
#define RELTO_SANITIZE_H

#include <stddef.h>

#include "error.h"

enum sanitize_rule {
	SANITIZE_TERM = 0, /* a term of the store's dictionary */
	SANITIZE_MGRS,     /* military grid reference */
	SANITIZE_LATLON,   /* decimal degrees pair */
	SANITIZE_DMS,      /* degrees-minutes-seconds */
	SANITIZE_IPV4,
	SANITIZE_IPV6,
	SANITIZE_EMAIL,
	SANITIZE_PHONE,
	SANITIZE_DTG, /* date-time group, e.g. 271530ZNOV26 */
	SANITIZE_NRULES
};

enum sanitize_action {
	SANITIZE_BLOCK = 0, /* the portion cannot go while this is present */
	SANITIZE_REDACT,    /* becomes [REDACTED] */
	SANITIZE_REPLACE,   /* becomes the term's replacement phrase */
	SANITIZE_WARN,      /* shown, not changed */
	SANITIZE_GENERALIZE /* precision cut: MGRS to 1 km, degrees to 0.1 */
};

struct sanitize_hit {
	size_t start, end; /* byte span [start, end), on UTF-8 boundaries */
	int rule;          /* enum sanitize_rule */
	int action;        /* enum sanitize_action */
	size_t term;       /* index of the term, for SANITIZE_TERM */
};

struct sanitize_hits {
	struct sanitize_hit *v;
	size_t n, cap;
};

struct sanitizer;

int sanitize_new(struct sanitizer **out, struct relto_err *e);
void sanitize_free(struct sanitizer *s);
int sanitize_add_term(struct sanitizer *s, const char *term, int action,
		      const char *replacement, struct relto_err *e);
int sanitize_set_rule_action(struct sanitizer *s, int rule, int action);
int sanitize_compile(struct sanitizer *s, struct relto_err *e);
int sanitize_scan(const struct sanitizer *s, const char *text, size_t len,
		  struct sanitize_hits *hits, struct relto_err *e);
int sanitize_apply(const struct sanitizer *s, const char *text, size_t len,
		   const struct sanitize_hits *hits, char **out, size_t *outlen,
		   int *blocked, struct relto_err *e);
void sanitize_hits_free(struct sanitize_hits *hits);
const char *sanitize_rule_name(int rule);
const char *sanitize_action_name(int action);
int sanitize_action_parse(const char *s);
const char *sanitize_term_text(const struct sanitizer *s, size_t term);

/* Recognizers are all on after sanitize_new(); this turns one off or on. */
int sanitize_set_rule_enabled(struct sanitizer *s, int rule, int on);
/* A recognizer's action, or -1 when it is off or rule is not one. */
int sanitize_rule_action(const struct sanitizer *s, int rule);
size_t sanitize_term_count(const struct sanitizer *s);

/*
 * Scanning a long text in windows, with memory flat in its length.
 * buf[0..len) holds part of the text; buf[0..from) was scanned by the
 * previous call and is context only: keep at least SANITIZE_CONTEXT bytes
 * of it (or all the text before from, if that is less).  Hits are appended
 * to hits (not reset), with offsets into buf.  When last is zero, more text
 * follows buf: only the hits that are final are reported, none if len -
 * from is not more than sanitize_horizon(), and *next is where the next
 * call's from must point in the same text.  When last is nonzero all hits
 * up to len are reported and *next = len.  Windows give exactly the hits
 * sanitize_scan() gives on the whole text.
 */
#define SANITIZE_CONTEXT 96
size_t sanitize_horizon(const struct sanitizer *s);
int sanitize_scan_window(const struct sanitizer *s, const char *buf, size_t len,
			 size_t from, int last, struct sanitize_hits *hits,
			 size_t *next, struct relto_err *e);

#endif
