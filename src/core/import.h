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

/* diags: one per source, initialised by the caller. */
int import_records(struct store *s, const struct import_source *src,
		   size_t nsrc, struct records_diags *diags,
		   struct import_counts *counts, struct relto_err *e);
int import_days_since(const char *from, const char *to);
int import_dump(struct store *s, char **out, size_t *len, struct relto_err *e);
int import_context(struct store *s, struct partner_set *set,
		   struct marking_ctx *ctx, const char *date,
		   struct relto_err *e);

#endif
