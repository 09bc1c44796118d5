/*
 * records.h -- relto's plain-text records: the GNU recutils syntax,
 * parsed strictly.  See records.c.
 */
#ifndef RELTO_RECORDS_H
#define RELTO_RECORDS_H

#include <stddef.h>

#include "error.h"

struct records_field {
	char *name;
	char *value; /* continuation lines joined with '\n' */
	int line,
	    col; /* where the name starts; col of the value is col + len + 2 */
};

struct records_record {
	char *type; /* from the last %rec: descriptor, or NULL */
	int line;
	struct records_field *f;
	size_t n, cap;
};

struct records_type {
	char *name;
	char *key; /* from %key:, or NULL */
	int line;
};

struct records_diag {
	int line, col;
	int warning;
	char *msg;
	size_t seq; /* its place among the diagnostics, for a stable sort */
};

struct records_diags {
	const char *file; /* name used in messages */
	struct records_diag *v;
	size_t n, cap;
	size_t errors;
};

struct records_file {
	struct records_record *r;
	size_t n, cap;
	struct records_type *t;
	size_t nt, capt;
};

int records_parse(const char *text, size_t len, struct records_file *out,
		  struct records_diags *d);
void records_free(struct records_file *rf);
const char *records_get(const struct records_record *r, const char *name);
const struct records_field *records_field(const struct records_record *r,
					  const char *name);
size_t records_count(const struct records_record *r, const char *name);

void records_diags_init(struct records_diags *d, const char *file);
void records_diags_free(struct records_diags *d);
void records_diags_sort(struct records_diags *d);
void records_diag(struct records_diags *d, int line, int col, int warning,
		  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
int records_diag_format(const struct records_diags *d, size_t i, char *out,
			size_t cap);

int records_write_field(char **buf, size_t *len, size_t *cap, const char *name,
			const char *value);

#endif
