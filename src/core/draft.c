/*
 * draft.c -- what the report editor asks of core: a report checked whole
 * before it is saved, saved (new, or replacing its earlier self) in one
 * audited transaction, duplicated, deleted; and the portion markings the
 * marking picker may offer.
 *
 * Invariants: a report is saved only when draft_check() finds nothing
 * wrong, so a saved report always reads back (its markings parse, its
 * banner rolls up).  A report that went into an export is never deleted:
 * the export's record must keep what it carried.  Offered markings are
 * the ones marking_parse() accepts for the station's country, so the
 * picker cannot offer a marking the store would refuse.
 */
#include "config.h"

#include "draft.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "i18n.h"
#include "import.h"
#include "reportlist.h"

/* Is code the originator a report may name: own country or a partner? */
static int
draft_originator_ok(const struct marking_ctx *ctx, const char *code)
{
	return strcmp(code, ctx->own) == 0 ||
	       (ctx->partners != NULL && partner_find(ctx->partners, code));
}

static int
draft_blank(const char *s)
{
	return strspn(s, " \t\n") == strlen(s);
}

/*
 * Check a report as a whole.  Returns 0, or -1 with why (a sentence)
 * naming the first problem.
 */
int
draft_check(const struct report *r, const struct marking_ctx *ctx, char *why,
	    size_t cap)
{
	struct marking banner;
	size_t i, portions = 0, tearlines = 0;

	if (r->id[0] == '\0' || !import_id_valid(r->id)) {
		snprintf(why, cap, "%s",
			 _("the id uses ASCII letters, digits, '-', '_' and "
			   "'.' (not first)"));
		return -1;
	}
	if (r->title == NULL || r->title[0] == '\0' ||
	    strchr(r->title, '\n') != NULL) {
		snprintf(why, cap, "%s", _("the title is one line, not empty"));
		return -1;
	}
	if (!draft_originator_ok(ctx, r->originator)) {
		snprintf(why, cap,
			 _("the originator %s is not a known partner"),
			 r->originator);
		return -1;
	}
	if (r->ntopics == 0) {
		snprintf(why, cap, "%s", _("a report has at least one topic"));
		return -1;
	}
	for (i = 0; i < r->ntopics; i++)
		if (!import_topic_valid(r->topics[i])) {
			snprintf(why, cap,
				 _("topic '%s' must be upper-case letters, "
				   "digits, '-' or '_'"),
				 r->topics[i]);
			return -1;
		}
	for (i = 0; i < r->n; i++) {
		if (r->p[i].kind == REPORT_TEARLINE_KIND) {
			if (++tearlines > 1) {
				snprintf(
				    why, cap, "%s",
				    _("a report has at most one tearline"));
				return -1;
			}
			continue;
		}
		portions++;
		/* A blank line would end the portion in the text partners
		   and imports read. */
		if (draft_blank(r->p[i].body)) {
			snprintf(why, cap, _("portion %zu has no text"), i + 1);
			return -1;
		}
		if (strstr(r->p[i].body, "\n\n") != NULL) {
			snprintf(why, cap, _("portion %zu holds a blank line"),
				 i + 1);
			return -1;
		}
	}
	if (portions == 0) {
		snprintf(why, cap, "%s",
			 _("a report has at least one portion"));
		return -1;
	}
	if (report_banner(r, ctx, &banner) != RELTO_OK) {
		snprintf(why, cap, "%s",
			 _("the portions' markings do not roll up into one "
			   "banner"));
		return -1;
	}
	return 0;
}

/* Save r: a new report (is_new), or the same id's new content. */
int
draft_save(struct store *s, const struct report *r, int is_new,
	   const struct marking_ctx *ctx, struct relto_err *e)
{
	char why[512];
	int rc;

	if (draft_check(r, ctx, why, sizeof why) != 0)
		return err_set(e, RELTO_EINPUT, "%s", why);
	if (is_new && store_report_exists(s, r->id))
		return err_set(e, RELTO_EEXIST, _("report %s already exists"),
			       r->id);
	if (!is_new && !store_report_exists(s, r->id))
		return err_set(e, RELTO_EUSAGE, _("there is no report %s"),
			       r->id);
	if (store_begin(s, e) != RELTO_OK)
		return e->code;
	rc = is_new ? store_report_put(s, r, e) : store_report_replace(s, r, e);
	if (rc == RELTO_OK)
		rc = reportlist_set(s, ctx, r, e);
	if (rc == RELTO_OK)
		rc = audit_append(s, is_new ? "report.create" : "report.edit",
				  r->id, r->title, e);
	if (rc == RELTO_OK)
		return store_commit(s, e);
	store_rollback(s);
	return rc;
}

int
draft_delete(struct store *s, const char *id, struct relto_err *e)
{
	int rc;

	if (!store_report_exists(s, id))
		return err_set(e, RELTO_EUSAGE, _("there is no report %s"), id);
	if (store_report_exported(s, id))
		return err_set(e, RELTO_EFAIL,
			       _("report %s went into an export; it is kept "
				 "with the export's record"),
			       id);
	if (store_begin(s, e) != RELTO_OK)
		return e->code;
	rc = store_report_delete(s, id, e);
	if (rc == RELTO_OK)
		rc = audit_append(s, "report.delete", id, "", e);
	if (rc == RELTO_OK)
		return store_commit(s, e);
	store_rollback(s);
	return rc;
}

/* The first free id among base-COPY, base-COPY2, ... */
static int
draft_copy_id(struct store *s, const char *base, char *out, size_t cap)
{
	int i;

	for (i = 1; i < 1000; i++) {
		if (i == 1)
			snprintf(out, cap, "%.*s-COPY", REPORT_ID_MAX - 12,
				 base);
		else
			snprintf(out, cap, "%.*s-COPY%d", REPORT_ID_MAX - 12,
				 base, i);
		if (!store_report_exists(s, out))
			return 0;
	}
	return -1;
}

/* A copy of report id, as a new draft; its id in newid. */
int
draft_duplicate(struct store *s, const char *id, const struct marking_ctx *ctx,
		char *newid, size_t cap, struct relto_err *e)
{
	struct report r;
	int rc;

	memset(&r, 0, sizeof r);
	if (store_report_load(s, id, ctx, &r, e) != RELTO_OK)
		return e->code;
	if (draft_copy_id(s, r.id, newid, cap) != 0)
		rc = err_set(e, RELTO_EFAIL, _("too many copies of %s"), id);
	else {
		snprintf(r.id, sizeof r.id, "%s", newid);
		snprintf(r.status, sizeof r.status, "draft");
		rc = draft_save(s, &r, 1, ctx, e);
	}
	report_free(&r);
	return rc;
}

/* A new draft: the next free id, the station's own country as the
   originator, status draft, an empty title.  r is zeroed first. */
int
draft_new(struct store *s, const struct marking_ctx *ctx, struct report *r)
{
	memset(r, 0, sizeof *r);
	draft_new_id(s, r->id, sizeof r->id);
	snprintf(r->originator, sizeof r->originator, "%s", ctx->own);
	snprintf(r->status, sizeof r->status, "draft");
	return (r->title = strdup("")) != NULL ? 0 : -1;
}

/* Topics as typed -- words apart by spaces or commas, any case -- in
   place of the draft's.  draft_check() judges them. */
int
draft_set_topics(struct report *r, const char *text)
{
	char word[AGREEMENT_TOPIC_MAX];
	size_t n, i;
	const char *w;

	free(r->topics);
	r->topics = NULL;
	r->ntopics = 0;
	for (w = text; *(w += strspn(w, " ,")) != '\0'; w += n) {
		n = strcspn(w, " ,");
		snprintf(word, sizeof word, "%.*s", (int)n, w);
		for (i = 0; word[i] != '\0'; i++)
			if (word[i] >= 'a' && word[i] <= 'z')
				word[i] = (char)(word[i] - 'a' + 'A');
		if (report_add_topic(r, word) != RELTO_OK)
			return -1;
	}
	return 0;
}

/* A portion's text as it is kept: line breaks, but no blank line (which
   would end the portion in portion-marked text) and none at either end. */
void
draft_tidy_body(char *body)
{
	char *r, *w;

	for (r = w = body; *r != '\0'; r++)
		if (*r != '\n' || (w > body && w[-1] != '\n'))
			*w++ = *r;
	while (w > body && w[-1] == '\n')
		w--;
	*w = '\0';
}

/* The next free id of the form R-NNN. */
void
draft_new_id(struct store *s, char *out, size_t cap)
{
	int i;

	for (i = 1; i < 100000; i++) {
		snprintf(out, cap, "R-%03d", i);
		if (!store_report_exists(s, out))
			return;
	}
}

/* Add text to the offers if it parses (canonical form) and is new. */
static void
draft_offer(const char *text, const struct marking_ctx *ctx,
	    char (*out)[MARKING_TEXT_MAX], size_t max, size_t *n)
{
	struct marking m;
	struct relto_err e;
	char canon[MARKING_TEXT_MAX];
	size_t i;

	err_clear(&e);
	if (*n >= max ||
	    marking_parse(text, MARKING_PORTION, ctx, &m, &e) != RELTO_OK ||
	    marking_format(&m, MARKING_PORTION, canon, sizeof canon) !=
		RELTO_OK)
		return;
	for (i = 0; i < *n; i++)
		if (strcmp(out[i], canon) == 0)
			return;
	snprintf(out[(*n)++], MARKING_TEXT_MAX, "%s", canon);
}

/*
 * The portion markings to offer at a level: the level alone, NOFORN,
 * ORCON, and REL TO each partner the store names (its own partners and
 * groups, and every party of an agreement), each only if valid for the
 * station.  Returns how many were written to out.
 */
size_t
draft_markings(const struct marking_ctx *ctx, const struct agreement *agr,
	       size_t nagr, int level, char (*out)[MARKING_TEXT_MAX],
	       size_t max)
{
	const char *l = marking_level_abbrev(level);
	char text[MARKING_TEXT_MAX];
	size_t n = 0, i, j;

	snprintf(text, sizeof text, "(%s)", l);
	draft_offer(text, ctx, out, max, &n);
	snprintf(text, sizeof text, "(%s//NF)", l);
	draft_offer(text, ctx, out, max, &n);
	snprintf(text, sizeof text, "(%s//OC)", l);
	draft_offer(text, ctx, out, max, &n);
	for (i = 0; ctx->partners != NULL && i < ctx->partners->n; i++) {
		const struct partner *p = &ctx->partners->v[i];

		if (p->builtin && p->kind != PARTNER_GROUP)
			continue;
		snprintf(text, sizeof text, "(%s//REL TO %s, %s)", l, ctx->own,
			 p->code);
		draft_offer(text, ctx, out, max, &n);
	}
	for (i = 0; i < nagr; i++)
		for (j = 0; j < agr[i].nparties; j++) {
			snprintf(text, sizeof text, "(%s//REL TO %s, %s)", l,
				 ctx->own, agr[i].parties[j].code);
			draft_offer(text, ctx, out, max, &n);
		}
	return n;
}
