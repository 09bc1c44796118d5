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
	SANITIZE_MGRS,	   /* military grid reference */
	SANITIZE_LATLON,   /* decimal degrees pair */
	SANITIZE_DMS,	   /* degrees-minutes-seconds */
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
	SANITIZE_WARN,	    /* shown, not changed */
	SANITIZE_GENERALIZE /* precision cut: MGRS to 1 km, degrees to 0.1 */
};

struct sanitize_hit {
	size_t start, end; /* byte span [start, end), on UTF-8 boundaries */
	int rule;	   /* enum sanitize_rule */
	int action;	   /* enum sanitize_action */
	size_t term;	   /* index of the term, for SANITIZE_TERM */
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
		   const struct sanitize_hits *hits, char **out,
		   size_t *outlen, int *blocked, struct relto_err *e);
void sanitize_hits_free(struct sanitize_hits *hits);
const char *sanitize_rule_name(int rule);
const char *sanitize_action_name(int action);
int sanitize_action_parse(const char *s);
const char *sanitize_term_text(const struct sanitizer *s, size_t term);

#endif
