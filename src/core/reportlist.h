/*
 * reportlist.h -- the reports list's cached columns and the banner of a
 * list of reports.  See reportlist.c.
 */
#ifndef RELTO_REPORTLIST_H
#define RELTO_REPORTLIST_H

#include "error.h"
#include "marking.h"
#include "report.h"
#include "store.h"

int reportlist_set(struct store *s, const struct marking_ctx *ctx,
		   const struct report *r, struct relto_err *e);
int reportlist_refresh(struct store *s, const struct marking_ctx *ctx,
		       struct relto_err *e);
int reportlist_forget(struct store *s, struct relto_err *e);
int reportlist_banner(struct store *s, const struct store_rq *q,
		      const struct marking_ctx *ctx, struct marking *out,
		      int *rolled, struct relto_err *e);

#endif
