/*
 * reportlist.c -- what the reports list shows of each report, kept on
 * the report's row so that a list of any length is paged in SQL.
 *
 * What it owns.  The rule for a report's list columns: its banner (the
 * roll-up of its portions, core's report_banner(), in banner form), the
 * banner's level, and its topics joined by spaces; and the banner of a
 * screen that lists many reports.  store-list.c stores and pages them.
 *
 * Invariants:
 *  - Whoever writes a report's portions sets its columns in the same
 *    transaction (reportlist_set()); a write that cannot leaves the
 *    banner NULL, and reportlist_refresh() computes every NULL one.  A
 *    report whose portions do not roll up shows "?" at level -1.
 *  - Group membership feeds the roll-up (REL TO a group on the report's
 *    date), so an import that changes partners forgets every report's
 *    columns (reportlist_forget()) and computes them again.
 *  - The banner of a list is the roll-up of its distinct banners -- a
 *    few dozen, however many reports -- or, when they do not roll up (a
 *    TLP label with a classification), the highest of them; banners that
 *    could not be computed ("?") count for nothing; UNCLASSIFIED for a
 *    list with none.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "reportlist.h"

#define REPORTLIST_BATCH 512

/* Set r's list columns from r itself (as it is being written). */
int
reportlist_set(struct store *s, const struct marking_ctx *ctx,
	       const struct report *r, struct relto_err *e)
{
	char banner[MARKING_TEXT_MAX], topics[STORE_RQ_TEXT * 4];
	struct marking m;
	int level = -1;

	if (report_banner(r, ctx, &m) == RELTO_OK &&
	    marking_format(&m, MARKING_BANNER, banner, sizeof banner) ==
		RELTO_OK)
		level = m.level;
	else
		snprintf(banner, sizeof banner, "?");
	agreement_words((const char(*)[AGREEMENT_TOPIC_MAX])r->topics,
			r->ntopics, topics, sizeof topics);
	return store_rlist_set(s, r->id, banner, level, topics, e);
}

struct reportlist_batch {
	char (*id)[REPORT_ID_MAX];
	int n;
};

static int
reportlist_take(const char *id, void *arg)
{
	struct reportlist_batch *b = arg;

	snprintf(b->id[b->n], sizeof b->id[b->n], "%s", id);
	return ++b->n == REPORTLIST_BATCH;
}

/* Set the columns of the batch's reports, in one transaction. */
static int
reportlist_batch(struct store *s, const struct marking_ctx *ctx,
		 struct reportlist_batch *b, struct relto_err *e)
{
	struct report r;
	struct relto_err le;
	int i, rc;

	if (store_begin(s, e) != RELTO_OK)
		return e->code;
	for (i = 0, rc = RELTO_OK; i < b->n && rc == RELTO_OK; i++) {
		err_clear(&le);
		if (store_report_load(s, b->id[i], ctx, &r, &le) != RELTO_OK) {
			if (le.code == RELTO_ENOMEM)
				rc = err_set(e, le.code, "%s", le.msg);
			else /* unreadable portions: shown as "?" */
				rc = store_rlist_set(s, b->id[i], "?", -1, "",
						     e);
			continue;
		}
		rc = reportlist_set(s, ctx, &r, e);
		report_free(&r);
	}
	if (rc == RELTO_OK)
		return store_commit(s, e);
	store_rollback(s);
	return rc;
}

/* Compute the columns of every report that lacks them. */
int
reportlist_refresh(struct store *s, const struct marking_ctx *ctx,
		   struct relto_err *e)
{
	struct reportlist_batch b;
	int rc = RELTO_OK;

	if ((b.id = malloc(REPORTLIST_BATCH * sizeof *b.id)) == NULL)
		return err_set(e, RELTO_ENOMEM, _("out of memory"));
	do {
		b.n = 0;
		if ((rc = store_rlist_unlisted(s, reportlist_take, &b, e)) !=
		    RELTO_OK)
			break;
		if (b.n > 0)
			rc = reportlist_batch(s, ctx, &b, e);
	} while (rc == RELTO_OK && b.n == REPORTLIST_BATCH);
	free(b.id);
	return rc;
}

/* Forget every report's columns (inside the caller's transaction). */
int
reportlist_forget(struct store *s, struct relto_err *e)
{
	return store_rlist_forget(s, e);
}

struct reportlist_roll {
	const struct marking_ctx *ctx;
	struct marking *m;
	size_t n, cap, hi; /* hi: the parsed one of the highest level */
	int oom;
};

static int
reportlist_one(const char *banner, int level, void *arg)
{
	struct reportlist_roll *rr = arg;
	struct marking *nm;

	(void)level;
	if (rr->n == rr->cap) {
		rr->cap = rr->cap ? 2 * rr->cap : 16;
		if ((nm = realloc(rr->m, rr->cap * sizeof *nm)) == NULL) {
			rr->oom = 1;
			return 1;
		}
		rr->m = nm;
	}
	/* "?" (unreadable) and a sender's own form count for nothing. */
	if (strcmp(banner, "?") == 0 ||
	    marking_parse(banner, MARKING_BANNER, rr->ctx, &rr->m[rr->n],
			  NULL) != RELTO_OK)
		return 0;
	if (rr->m[rr->n].level > rr->m[rr->hi].level)
		rr->hi = rr->n;
	rr->n++;
	return 0;
}

/*
 * The banner of a screen listing the reports q passes: the roll-up of
 * their banners, else (a TLP label with a classification) the highest
 * of them (*rolled 0), else UNCLASSIFIED.
 */
int
reportlist_banner(struct store *s, const struct store_rq *q,
		  const struct marking_ctx *ctx, struct marking *out,
		  int *rolled, struct relto_err *e)
{
	struct reportlist_roll rr = {ctx, NULL, 0, 0, 0, 0};
	int rc;

	memset(out, 0, sizeof *out);
	out->level = MARKING_U;
	*rolled = 1;
	rc = store_rlist_banners(s, q, reportlist_one, &rr, e);
	if (rc == RELTO_OK && rr.oom)
		rc = err_set(e, RELTO_ENOMEM, _("out of memory"));
	if (rc == RELTO_OK && rr.n > 0 &&
	    marking_rollup(rr.m, rr.n, ctx, out) != RELTO_OK) {
		*out = rr.m[rr.hi];
		*rolled = 0;
	}
	free(rr.m);
	return rc;
}
