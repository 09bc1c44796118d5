/*
 * import.h -- records files into the store, all or nothing; and back.
 */
#ifndef RELTO_IMPORT_H
#define RELTO_IMPORT_H

#include <stddef.h>

#include "records.h"
#include "store.h"

struct import_counts {
	size_t partners, agreements, reports, terms, consents;
};

struct import_source {
	const char *name; /* for messages: FILE in FILE:LINE:COL */
	const char *text;
	size_t len;
	int shift_days; /* added to every date (the demo's moving picture) */
};

/* A record type's fields: the single description of its format. */
#define IMPORT_KEY      1u /* the record's key: required, unique */
#define IMPORT_REQUIRED 2u
#define IMPORT_REPEAT   4u

struct import_field {
	const char *name;
	unsigned flags;
};

/* What the files being imported define, for a caller's own checks. */
struct import_view {
	const struct partner_set *set;
	const struct marking_ctx *ctx;
	const struct agreement *agr;
	size_t nagr;
	const struct report *rep;
	size_t nrep;
	const struct records_record *const *terms;
	size_t nterms;
	const struct records_record *const *consents;
	size_t nconsents;
	struct records_diags *d; /* the current file's diagnostics */
};

/* A record type a caller adds (scenario.c: Scenario, Inject, Answer). */
struct import_extra {
	const char *name;
	const struct import_field *fields;
	void (*check)(void *arg, const struct import_view *v,
		      const struct records_record *r);
};

struct import_hooks {
	const struct import_extra *types;
	size_t ntypes;
	const char *types_note; /* which types are read, for messages */
	void *arg;
	const char *own; /* own country when there is no store */
	/* After every record is checked: checks across records. */
	void (*finish)(void *arg, const struct import_view *v);
	/* In the import's transaction, after the built-in records. */
	int (*insert)(void *arg, struct store *s, struct relto_err *e);
	int dry_run; /* check only; the store may be NULL */
};

/* diags: one per source, initialised by the caller. */
int import_records(struct store *s, const struct import_source *src,
		   size_t nsrc, struct records_diags *diags,
		   struct import_counts *counts, struct relto_err *e);
int import_records_with(struct store *s, const struct import_source *src,
			size_t nsrc, struct records_diags *diags,
			struct import_counts *counts,
			const struct import_hooks *h, struct relto_err *e);
void import_check_fields(struct records_diags *d,
			 const struct records_record *r,
			 const struct import_field *fields);
void import_diag(struct records_diags *d, const struct records_record *r,
		 const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int import_agreement_text(const struct agreement *a, char **out,
			  struct relto_err *e);
int import_agreement_template(const char *date, char **out,
			      struct relto_err *e);
int import_agreement_save(struct store *s, const char *text, const char *old,
			  char saved[AGREEMENT_ID_MAX], struct records_diags *d,
			  struct relto_err *e);
int import_id_valid(const char *id);
int import_topic_valid(const char *t);
int import_days_since(const char *from, const char *to);
int import_dump(struct store *s, char **out, size_t *len, struct relto_err *e);
int import_context(struct store *s, struct partner_set *set,
		   struct marking_ctx *ctx, const char *date,
		   struct relto_err *e);

#endif
