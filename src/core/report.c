/*
 * report.c -- a report is a list of portions, each a paragraph of text
 * under its own portion marking, with at most one tearline among them.
 *
 * Portion-marked text is how a report is written in a records file and
 * how a partner receives one:
 *
 *   (S//REL TO USA, GBR) First paragraph, which may run over
 *   several lines.
 *
 *   ----- TEARLINE -----
 *
 *   (U) A paragraph below the tearline.
 *
 * Paragraphs are separated by an empty line.  Each begins with its
 * portion marking in parentheses; the tearline is a paragraph of its
 * own.  A report's banner is never typed: it is rolled up from the
 * portions (marking_rollup).
 */
#include "config.h"

#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

void
report_free(struct report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->p[i].body);
	free(r->p);
	free(r->topics);
	free(r->title);
	memset(r, 0, sizeof *r);
}

int
report_add_topic(struct report *r, const char *topic)
{
	char(*nt)[AGREEMENT_TOPIC_MAX];

	nt = realloc(r->topics, (r->ntopics + 1) * sizeof *nt);
	if (nt == NULL)
		return RELTO_ENOMEM;
	r->topics = nt;
	snprintf(nt[r->ntopics++], AGREEMENT_TOPIC_MAX, "%s", topic);
	return RELTO_OK;
}

int
report_add_portion(struct report *r, int kind, const struct marking *m,
		   const char *body)
{
	struct report_portion *np;

	np = realloc(r->p, (r->n + 1) * sizeof *np);
	if (np == NULL)
		return RELTO_ENOMEM;
	r->p = np;
	np = &r->p[r->n];
	memset(np, 0, sizeof *np);
	np->kind = kind;
	if (m != NULL)
		np->m = *m;
	np->body = strdup(body != NULL ? body : "");
	if (np->body == NULL)
		return RELTO_ENOMEM;
	r->n++;
	return RELTO_OK;
}

int
report_has_tearline(const struct report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->p[i].kind == REPORT_TEARLINE_KIND)
			return 1;
	return 0;
}

static void
report_problem(struct report_problem *v, size_t cap, size_t *n, int line,
	       int col, const char *msg)
{
	if (*n < cap) {
		v[*n].line = line;
		v[*n].col = col;
		snprintf(v[*n].msg, sizeof v[*n].msg, "%s", msg);
	}
	(*n)++;
}

/* One paragraph (text[0..len), starting at line) into r. */
static void
report_paragraph(struct report *r, const char *text, size_t len, int line,
		 const struct marking_ctx *ctx, int strict,
		 struct report_problem *pv, size_t cap, size_t *np)
{
	struct relto_err e;
	struct marking m;
	char mark[MARKING_TEXT_MAX], canon[MARKING_TEXT_MAX], *body;
	const char *close;
	size_t skip;

	if (len == strlen(REPORT_TEARLINE) &&
	    memcmp(text, REPORT_TEARLINE, len) == 0) {
		if (report_has_tearline(r))
			report_problem(pv, cap, np, line, 1,
				       _("a report has at most one tearline"));
		else if (report_add_portion(r, REPORT_TEARLINE_KIND, NULL,
					    "") != RELTO_OK)
			report_problem(pv, cap, np, line, 1,
				       _("out of memory"));
		return;
	}
	close = text[0] == '(' ? memchr(text, ')', len) : NULL;
	if (close == NULL || (size_t)(close - text) + 1 >= sizeof mark) {
		report_problem(pv, cap, np, line, 1,
			       _("a paragraph must begin with its portion "
				 "marking, such as (U) or (S//REL TO USA, "
				 "GBR)"));
		return;
	}
	memcpy(mark, text, (size_t)(close - text) + 1);
	mark[close - text + 1] = '\0';
	err_clear(&e);
	/*
	 * Written markings must be canonical (the fix is offered); received
	 * ones were canonical for the sender's own country, not ours.
	 */
	if ((strict && marking_check(mark, MARKING_PORTION, ctx, canon,
				     sizeof canon, &e) != RELTO_OK) ||
	    marking_parse(mark, MARKING_PORTION, ctx, &m, &e) != RELTO_OK) {
		report_problem(pv, cap, np, line, 1, e.msg);
		return;
	}
	skip = (size_t)(close - text) + 1;
	while (skip < len && (text[skip] == ' ' || text[skip] == '\t'))
		skip++;
	body = malloc(len - skip + 1);
	if (body == NULL)
		return;
	memcpy(body, text + skip, len - skip);
	body[len - skip] = '\0';
	if (report_add_portion(r, REPORT_PORTION, &m, body) != RELTO_OK)
		report_problem(pv, cap, np, line, 1, _("out of memory"));
	else
		r->p[r->n - 1].line = line;
	free(body);
}

static int
report_parse(struct report *r, const char *text, const struct marking_ctx *ctx,
	     int strict, struct report_problem *pv, size_t cap, size_t *np)
{
	const char *p = text, *start = NULL, *nl;
	int line = 0, start_line = 0;
	size_t n;

	*np = 0;
	for (;;) {
		nl = strchr(p, '\n');
		n = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if (n == 0 || strspn(p, " \t") == n) {
			if (start != NULL)
				report_paragraph(
				    r, start, (size_t)(p - start) - 1,
				    start_line, ctx, strict, pv, cap, np);
			start = NULL;
		} else if (start == NULL) {
			start = p;
			start_line = line;
		}
		if (nl == NULL)
			break;
		p = nl + 1;
		line++;
	}
	if (start != NULL)
		report_paragraph(r, start, strlen(start), start_line, ctx,
				 strict, pv, cap, np);
	if (*np == 0 && r->n == 0)
		report_problem(pv, cap, np, 0, 1,
			       _("a report needs at least one portion"));
	return *np == 0 ? RELTO_OK : RELTO_EINPUT;
}

/*
 * Split text into paragraphs and parse each into r.  Problems carry a
 * line offset from the start of text (0-based) and a column.  Returns
 * RELTO_OK when there were none.  Markings must be canonical.
 */
int
report_parse_text(struct report *r, const char *text,
		  const struct marking_ctx *ctx, struct report_problem *pv,
		  size_t cap, size_t *np)
{
	return report_parse(r, text, ctx, 1, pv, cap, np);
}

/* The same for text another station wrote: any valid order. */
int
report_parse_received(struct report *r, const char *text,
		      const struct marking_ctx *ctx, struct report_problem *pv,
		      size_t cap, size_t *np)
{
	return report_parse(r, text, ctx, 0, pv, cap, np);
}

/* The report as portion-marked text; malloc'd, NULL if out of memory. */
char *
report_format_text(const struct report *r)
{
	char mark[MARKING_TEXT_MAX], *out = NULL, *nb;
	size_t len = 0, i, need;
	const char *piece;

	for (i = 0; i < r->n; i++) {
		if (r->p[i].kind == REPORT_TEARLINE_KIND) {
			piece = REPORT_TEARLINE;
			mark[0] = '\0';
		} else {
			marking_format(&r->p[i].m, MARKING_PORTION, mark,
				       sizeof mark);
			piece = r->p[i].body;
		}
		need = len + strlen(mark) + 1 + strlen(piece) + 3;
		nb = realloc(out, need);
		if (nb == NULL) {
			free(out);
			return NULL;
		}
		out = nb;
		len += (size_t)sprintf(out + len, "%s%s%s%s",
				       i > 0 ? "\n\n" : "", mark,
				       mark[0] && piece[0] ? " " : "", piece);
	}
	if (out == NULL)
		out = strdup("");
	return out;
}

int
report_banner(const struct report *r, const struct marking_ctx *ctx,
	      struct marking *banner)
{
	struct marking *v;
	size_t i, n = 0;
	int rc;

	v = calloc(r->n + 1, sizeof *v);
	if (v == NULL)
		return RELTO_ENOMEM;
	for (i = 0; i < r->n; i++)
		if (r->p[i].kind == REPORT_PORTION)
			v[n++] = r->p[i].m;
	rc = marking_rollup(v, n, ctx, banner);
	free(v);
	return rc;
}

/*
 * The banner shown for a report whose portions do not roll up
 * (report_banner() refused them): their highest level, nothing else.
 * The workstation's reader and editor both show it: one rule, here.
 */
void
report_banner_highest(const struct report *r, struct marking *m)
{
	size_t i;

	memset(m, 0, sizeof *m);
	for (i = 0; i < r->n; i++)
		if (r->p[i].kind == REPORT_PORTION &&
		    r->p[i].m.level > m->level)
			m->level = r->p[i].m.level;
}

/* A deep copy of src into dst (zeroed first); -1 when memory ran out,
   dst then holding what was copied (report_free() it). */
int
report_copy(struct report *dst, const struct report *src)
{
	size_t i;

	memset(dst, 0, sizeof *dst);
	memcpy(dst->id, src->id, sizeof dst->id);
	memcpy(dst->originator, src->originator, sizeof dst->originator);
	memcpy(dst->date, src->date, sizeof dst->date);
	memcpy(dst->status, src->status, sizeof dst->status);
	if ((dst->title = strdup(src->title != NULL ? src->title : "")) == NULL)
		return -1;
	for (i = 0; i < src->ntopics; i++)
		if (report_add_topic(dst, src->topics[i]) != RELTO_OK)
			return -1;
	for (i = 0; i < src->n; i++)
		if (report_add_portion(dst, src->p[i].kind, &src->p[i].m,
				       src->p[i].body) != RELTO_OK)
			return -1;
	return 0;
}
