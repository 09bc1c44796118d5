/*
 * draft.h -- reports as the editor writes them.  See draft.c.
 */
#ifndef RELTO_DRAFT_H
#define RELTO_DRAFT_H

#include <stddef.h>

#include "agreement.h"
#include "error.h"
#include "marking.h"
#include "report.h"
#include "store.h"

int draft_check(const struct report *r, const struct marking_ctx *ctx,
		char *why, size_t cap);
int draft_save(struct store *s, const struct report *r, int is_new,
	       const struct marking_ctx *ctx, struct relto_err *e);
int draft_delete(struct store *s, const char *id, struct relto_err *e);
int draft_duplicate(struct store *s, const char *id,
		    const struct marking_ctx *ctx, char *newid, size_t cap,
		    struct relto_err *e);
void draft_new_id(struct store *s, char *out, size_t cap);
int draft_new(struct store *s, const struct marking_ctx *ctx, struct report *r);
int draft_set_topics(struct report *r, const char *text);
void draft_tidy_body(char *body);
size_t draft_markings(const struct marking_ctx *ctx,
		      const struct agreement *agr, size_t nagr, int level,
		      char (*out)[MARKING_TEXT_MAX], size_t max);

#endif
