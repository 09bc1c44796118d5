/*
 * view-release.c -- the Release view: a matrix of reports by partners,
 * each cell what the partner would receive of the report today, and for
 * the selected cell every portion's verdict with core's reasons.
 *
 * The partners are those the agreements name (the agreements core's
 * action_env_load() reads, once, for every cell): a country or organisation
 * as itself, a group as its members today (core's partner_members()),
 * never the station's own country; A-Z.  Each cell is core's
 * action_release_env() for that report and partner, summed up by core's
 * release_summary(): released whole, partly (some portions withheld or
 * sanitized), or withheld.  The reports are paged from the store by a
 * list with views.c's tui_report_source (never all loaded); cells are
 * computed when first drawn and kept, for REL_CACHE reports around the
 * screen, until the store changes or `r` asks for them again; the
 * selected cell's verdicts are decided again, with what the cells were
 * decided with, each time the selection moves.
 *
 * The banner is the roll-up of the banners of every report in the
 * matrix (see views.c): the reasons shown quote markings, not content.
 */
#include "config.h"

#define RELTO_TUI_INTERNAL

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "doc.h"
#include "i18n.h"
#include "list.h"
#include "queue.h"
#include "store.h"
#include "tui.h"

#define REL_UNKNOWN (-2) /* not computed yet */
#define REL_ERROR   (-1) /* core refused; the detail pane says why */
#define REL_CACHE   256  /* rows of cells kept */

static const struct list_col rel_cols[STORE_RCOL_N] = {
    {"id", N_("REPORT"), 8, 16, 0},      {"title", N_("TITLE"), 6, 0, 0},
    {"banner", N_("BANNER"), 6, 0, 0},   {"status", N_("STATUS"), 6, 0, 0},
    {"originator", N_("ORIG"), 4, 0, 0}, {"topics", N_("TOPICS"), 6, 0, 0},
};

enum rel_action {
	REL_DOWN = TUI_ACT_VIEW,
	REL_UP,
	REL_LEFT,
	REL_RIGHT,
	REL_PGDN,
	REL_PGUP,
	REL_HOME,
	REL_END,
	REL_DETAIL_DOWN,
	REL_DETAIL_UP,
	REL_RECOMPUTE,
	REL_DECIDE,
	REL_EXPORT,
	REL_PREVIEW,
};

static const struct tui_binding rel_bindings[] = {
    {'j', REL_DOWN, N_("Next report")},
    {TUI_KEY_FN(KEY_DOWN), REL_DOWN, NULL},
    {'k', REL_UP, N_("Previous report")},
    {TUI_KEY_FN(KEY_UP), REL_UP, NULL},
    {'l', REL_RIGHT, N_("Next partner")},
    {TUI_KEY_FN(KEY_RIGHT), REL_RIGHT, NULL},
    {'h', REL_LEFT, N_("Previous partner")},
    {TUI_KEY_FN(KEY_LEFT), REL_LEFT, NULL},
    {TUI_KEY_FN(KEY_NPAGE), REL_PGDN, N_("Next page of reports")},
    {TUI_KEY_FN(KEY_PPAGE), REL_PGUP, N_("Previous page of reports")},
    {'g', REL_HOME, N_("First report")},
    {TUI_KEY_FN(KEY_HOME), REL_HOME, NULL},
    {'G', REL_END, N_("Last report")},
    {TUI_KEY_FN(KEY_END), REL_END, NULL},
    {'J', REL_DETAIL_DOWN, N_("Scroll the verdicts down")},
    {'K', REL_DETAIL_UP, N_("Scroll the verdicts up")},
    {'r', REL_RECOMPUTE, N_("Compute the matrix again")},
    {'d', REL_DECIDE, N_("Record a decision for the selected cell")},
    {'e', REL_EXPORT,
     N_("Queue an export of the selected report to the partner")},
    {'p', REL_PREVIEW,
     N_("Preview what the partner receives, against the original")},
};

static const struct tui_keymap rel_keymap = {
    /* TRANSLATORS: a heading in the help. */
    N_("Release"), rel_bindings, TUI_NKEYS(rel_bindings)};

struct rel_view {
	unsigned gen;
	char (*code)[PARTNER_CODE_MAX];
	int ncode;
	struct list rows;      /* the reports, paged; only column 0 is shown */
	struct action_env env; /* what every cell's decision shares */
	char env_error[512];   /* why env failed to load, or "" */
	signed char *cell;     /* REL_CACHE x ncode, rows cbase on */
	int cbase;
	int crow;               /* the row whose report crep holds, or -1 */
	struct tui_report crep; /* loaded once for the row's cells */
	int row, col, top, left, page;
	struct doc doc;
	int doc_row, doc_col;
	int preview; /* the pane shows the partner's view, not the verdicts */
};

static int
rel_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

static int
rel_add_code(struct rel_view *v, const char *code, int cap)
{
	int i;

	for (i = 0; i < v->ncode; i++)
		if (strcmp(v->code[i], code) == 0)
			return 0;
	if (v->ncode >= cap)
		return -1;
	snprintf(v->code[v->ncode++], PARTNER_CODE_MAX, "%s", code);
	return 0;
}

/* The partners the agreements name, groups expanded, own country not. */
static void
rel_partners(struct tui *t, struct rel_view *v)
{
	char(*members)[PARTNER_CODE_MAX];
	const struct partner *p;
	size_t i, j, k, n;
	int cap = (int)t->set.n + 1;

	free(v->code);
	v->ncode = 0;
	v->code = calloc((size_t)cap, sizeof *v->code);
	members = calloc((size_t)cap, sizeof *members);
	if (v->code == NULL || members == NULL) {
		free(members);
		return;
	}
	for (i = 0; i < v->env.nagr; i++)
		for (j = 0; j < v->env.agr[i].nparties; j++) {
			p = partner_find(&t->set,
					 v->env.agr[i].parties[j].code);
			if (p == NULL)
				continue;
			if (p->kind != PARTNER_GROUP) {
				if (strcmp(p->code, t->ctx.own) != 0)
					rel_add_code(v, p->code, cap);
				continue;
			}
			n = partner_members(&t->set, p->code, t->ctx.date,
					    members, (size_t)cap);
			for (k = 0; k < n; k++)
				if (strcmp(members[k], t->ctx.own) != 0)
					rel_add_code(v, members[k], cap);
		}
	free(members);
	qsort(v->code, (size_t)v->ncode, sizeof *v->code, rel_cmp);
}

static void
rel_forget(struct rel_view *v)
{
	tui_report_free(&v->crep);
	v->crow = -1;
	if (v->cell != NULL)
		memset(v->cell, REL_UNKNOWN,
		       (size_t)REL_CACHE * (size_t)v->ncode + 1);
	doc_clear(&v->doc);
	v->doc_row = v->doc_col = -1;
}

static void
rel_build(struct tui *t, struct rel_view *v)
{
	struct relto_err e;

	action_env_free(&v->env);
	err_clear(&e);
	v->env_error[0] = '\0';
	if (action_env_load(t->store, NULL, &v->env, &e) != RELTO_OK)
		snprintf(v->env_error, sizeof v->env_error, "%s", e.msg);
	rel_partners(t, v); /* those env's agreements name */
	free(v->cell);
	v->cell = malloc((size_t)REL_CACHE * (size_t)v->ncode + 1);
	v->cbase = 0;
	rel_forget(v);
	list_apply(t, &v->rows);
	v->gen = t->gen;
}

/* The id of report r (an index into the order), or NULL. */
static const char *
rel_id(struct tui *t, struct rel_view *v, int r)
{
	return list_cell(t, &v->rows, r, STORE_RCOL_ID);
}

static int
rel_nrep(const struct rel_view *v)
{
	return v->rows.nvis;
}

static struct rel_view *
rel_state(struct tui *t)
{
	struct rel_view *v = t->vs[TUI_VIEW_RELEASE];

	if (v == NULL) {
		if ((v = calloc(1, sizeof *v)) == NULL)
			return NULL;
		doc_init(&v->doc);
		list_init(&v->rows, rel_cols, STORE_RCOL_N);
		list_source_set(&v->rows, &tui_report_source);
		v->rows.sort = STORE_RCOL_ID;
		v->gen = t->gen - 1;
		t->vs[TUI_VIEW_RELEASE] = v;
	}
	if (v->gen != t->gen)
		rel_build(t, v);
	return v;
}

static void
rel_free(struct tui *t)
{
	struct rel_view *v = t->vs[TUI_VIEW_RELEASE];

	if (v == NULL)
		return;
	free(v->code);
	free(v->cell);
	list_free(&v->rows);
	tui_report_free(&v->crep);
	action_env_free(&v->env);
	doc_clear(&v->doc);
	free(v);
	t->vs[TUI_VIEW_RELEASE] = NULL;
}

static int
rel_keymaps(struct tui *t, const struct tui_keymap **out, int max)
{
	(void)t;
	if (max < 1)
		return 0;
	out[0] = &rel_keymap;
	return 1;
}

/* Core's summary for report r to partner c, computed once. */
static int
rel_cell(struct tui *t, struct rel_view *v, int r, int c)
{
	signed char *cell;
	struct action_release ar;
	struct relto_err e;
	const char *id;

	if (v->cell == NULL)
		return REL_ERROR;
	if (r < v->cbase || r >= v->cbase + REL_CACHE) {
		v->cbase = r - REL_CACHE / 2 > 0 ? r - REL_CACHE / 2 : 0;
		memset(v->cell, REL_UNKNOWN,
		       (size_t)REL_CACHE * (size_t)v->ncode);
	}
	cell = &v->cell[(size_t)(r - v->cbase) * (size_t)v->ncode + (size_t)c];
	if (*cell != REL_UNKNOWN)
		return *cell;
	*cell = REL_ERROR;
	err_clear(&e);
	if (v->crow != r && (id = rel_id(t, v, r)) != NULL) {
		tui_report_free(&v->crep);
		tui_report_load(t, id, &v->crep);
		v->crow = r;
	}
	if (v->env_error[0] == '\0' && v->crow == r && v->crep.error == NULL &&
	    action_release_of(t->store, &v->env, &v->crep.r, v->code[c], &ar,
			      &e) == RELTO_OK) {
		*cell = (signed char)release_summary(&ar.result);
		action_release_free(&ar);
	}
	return *cell;
}

static const char *
rel_label(int summary)
{
	switch (summary) {
	case RELEASE_AS_IS:
		/* TRANSLATORS: a cell of the release matrix: the partner
		   receives the whole report as it is. */
		return _("whole");
	case RELEASE_SANITIZED:
		/* TRANSLATORS: some portions withheld or sanitized. */
		return _("partly");
	case RELEASE_WITHHELD:
		/* TRANSLATORS: nothing of the report goes. */
		return _("withheld");
	case REL_ERROR:
		return _("error");
	}
	return "-";
}

/* The verdicts of the selected cell, from core, into the doc. */
/*
 * The preview: for each portion, the original, then what the partner
 * receives -- the sanitized text, the same text, or that it is withheld
 * -- under the banner the partner's copy carries (core's partner view).
 */
static void
rel_preview(struct rel_view *v, const struct action_release *ar)
{
	char mark[MARKING_TEXT_MAX], label[MARKING_TEXT_MAX + 24];
	const struct release_portion *p;
	const struct report_portion *o;
	size_t i;

	if (ar->result.nreleased > 0 &&
	    marking_format(&ar->result.banner, MARKING_BANNER, mark,
			   sizeof mark) == RELTO_OK)
		doc_add(&v->doc, _("Their banner:"), mark, A_BOLD);
	for (i = 0; i < ar->result.n; i++) {
		p = &ar->result.p[i];
		o = &ar->report.p[p->index];
		if (marking_format(&o->m, MARKING_PORTION, mark, sizeof mark) !=
		    RELTO_OK)
			snprintf(mark, sizeof mark, "(?)");
		snprintf(label, sizeof label, "%zu %s", i + 1, mark);
		doc_center(&v->doc, "", A_NORMAL);
		/* TRANSLATORS: the preview's lines: the portion as written,
		   then as the partner receives it. */
		doc_add_label(&v->doc, label, A_BOLD, o->body, A_DIM);
		if (p->verdict == RELEASE_WITHHELD)
			doc_add(&v->doc, _("They get:"),
				_("nothing: the portion is withheld"), A_BOLD);
		else
			doc_add(&v->doc,
				p->verdict == RELEASE_SANITIZED
				    ? _("They get (sanitized):")
				    : _("They get:"),
				p->text != NULL ? p->text : "", A_NORMAL);
	}
}

static void
rel_detail(struct tui *t, struct rel_view *v)
{
	struct action_release ar;
	struct relto_err e;
	char label[MARKING_TEXT_MAX + 24], mark[MARKING_TEXT_MAX], text[4096];
	const struct release_portion *p;
	const char *id;
	size_t i, j, len;

	doc_clear(&v->doc);
	v->doc_row = v->row;
	v->doc_col = v->col;
	err_clear(&e);
	if ((id = rel_id(t, v, v->row)) == NULL)
		return;
	/* What the cells were decided with: the same partners, agreements,
	   dictionary and day, loaded once for the matrix. */
	if (v->env_error[0] != '\0' ||
	    action_release_env(t->store, &v->env, id, v->code[v->col], &ar,
			       &e) != RELTO_OK) {
		doc_add(&v->doc, _("Error:"),
			v->env_error[0] != '\0' ? v->env_error : e.msg, A_BOLD);
		return;
	}
	snprintf(text, sizeof text,
		 /* TRANSLATORS: released whole/partly/withheld: N of M
		    portions released. */
		 ngettext("%s: %zu of %zu portion released",
			  "%s: %zu of %zu portions released",
			  (unsigned long)ar.result.n),
		 rel_label(release_summary(&ar.result)), ar.result.nreleased,
		 ar.result.n);
	doc_add(&v->doc, _("Summary:"), text, A_BOLD);
	if (v->preview) {
		rel_preview(v, &ar);
		action_release_free(&ar);
		return;
	}
	for (i = 0; i < ar.result.n; i++) {
		p = &ar.result.p[i];
		if (marking_format(&ar.report.p[p->index].m, MARKING_PORTION,
				   mark, sizeof mark) != RELTO_OK)
			snprintf(mark, sizeof mark, "(?)");
		snprintf(label, sizeof label, "%zu %s", i + 1, mark);
		len = (size_t)snprintf(text, sizeof text, "%s",
				       release_verdict_name(p->verdict));
		if (p->nreasons == 0 && p->agreement[0] != '\0' &&
		    len < sizeof text)
			/* TRANSLATORS: %s is an agreement's id. */
			len += (size_t)snprintf(text + len, sizeof text - len,
						_(": covered by %s"),
						p->agreement);
		for (j = 0; j < p->nreasons && len < sizeof text; j++)
			len += (size_t)snprintf(text + len, sizeof text - len,
						"\n%s", p->reasons[j]);
		doc_add_label(&v->doc, label, A_BOLD, text,
			      p->verdict == RELEASE_WITHHELD ? A_DIM
							     : A_NORMAL);
	}
	action_release_free(&ar);
}

/* Widths: of the report column (the ids seen), and of each partner's. */
static void
rel_widths(const struct rel_view *v, int *idw, int *cw)
{
	int w, s;

	*idw = v->rows.width[STORE_RCOL_ID];
	if (*idw > 16)
		*idw = 16;
	*idw += 2;
	*cw = 5;
	for (s = REL_ERROR; s <= RELEASE_WITHHELD; s++)
		if ((w = screen_width(rel_label(s))) > *cw)
			*cw = w;
	*cw += 2;
}

static void
rel_clamp(struct rel_view *v, int vis_rows, int vis_cols)
{
	if (v->row >= rel_nrep(v))
		v->row = rel_nrep(v) - 1;
	if (v->row < 0)
		v->row = 0;
	if (v->col >= v->ncode)
		v->col = v->ncode - 1;
	if (v->col < 0)
		v->col = 0;
	if (v->top > v->row)
		v->top = v->row;
	if (vis_rows > 0 && v->row >= v->top + vis_rows)
		v->top = v->row - vis_rows + 1;
	if (v->left > v->col)
		v->left = v->col;
	if (vis_cols > 0 && v->col >= v->left + vis_cols)
		v->left = v->col - vis_cols + 1;
}

static void
rel_matrix(struct tui *t, struct rel_view *v, int y, int rows)
{
	int idw, cw, vis_rows = rows - 1, vis_cols, r, c, i, x, s;
	const char *id;
	attr_t a;

	v->page = vis_rows > 1 ? vis_rows : 1;
	rel_clamp(v, vis_rows, 1 << 20);
	list_window(t, &v->rows, v->top, vis_rows);
	rel_widths(v, &idw, &cw);
	vis_cols = (COLS - 2 - idw) / cw;
	if (vis_cols < 1)
		vis_cols = 1;
	rel_clamp(v, vis_rows, vis_cols);
	wattrset(stdscr, A_BOLD | A_UNDERLINE);
	screen_fill(stdscr, y, 0, COLS, A_BOLD | A_UNDERLINE);
	screen_put(stdscr, y, 1, _("REPORT"), idw - 2);
	for (c = v->left, x = 1 + idw; c < v->ncode && x < COLS; c++) {
		screen_put(stdscr, y, x, v->code[c], cw - 2);
		x += cw;
	}
	for (i = 0; i < vis_rows && (r = v->top + i) < rel_nrep(v); i++) {
		wattrset(stdscr, r == v->row ? A_BOLD : A_NORMAL);
		if ((id = rel_id(t, v, r)) != NULL) /* sanitized by the list */
			screen_put(stdscr, y + 1 + i, 1, id, idw - 2);
		for (c = v->left, x = 1 + idw; c < v->ncode && x < COLS; c++) {
			s = rel_cell(t, v, r, c);
			a = s == RELEASE_WITHHELD ? A_DIM : A_NORMAL;
			if (r == v->row && c == v->col)
				a = A_REVERSE | A_BOLD;
			wattrset(stdscr, a);
			screen_fill(stdscr, y + 1 + i, x, cw - 1, a);
			screen_put(stdscr, y + 1 + i, x, rel_label(s), cw - 2);
			x += cw;
		}
	}
	wattrset(stdscr, A_NORMAL);
}

static void
rel_draw(struct tui *t, int top, int rows)
{
	struct rel_view *v = rel_state(t);
	char title[128];
	const char *id;
	int mrows;

	if (v == NULL) {
		tui_banner_unclassified(t);
		return;
	}
	tui_banner_set(t, &v->rows.banner);
	if (rows < 2)
		return;
	screen_put(stdscr, top, 1,
		   _("What each partner would receive today: whole, partly "
		     "or withheld"),
		   COLS - 2);
	if (rel_nrep(v) == 0 || v->ncode == 0) {
		screen_put(stdscr, top + 2, 1,
			   rel_nrep(v) == 0
			       ? _("There are no reports.")
			       : _("No agreement names a partner."),
			   COLS - 2);
		return;
	}
	mrows = (rows - 1) / 2 > 4 ? (rows - 1) / 2 : 4;
	if (mrows > rows - 1)
		mrows = rows - 1;
	rel_matrix(t, v, top + 1, mrows);
	if (v->doc_row != v->row || v->doc_col != v->col)
		rel_detail(t, v);
	id = rel_id(t, v, v->row);
	/* TRANSLATORS: the detail pane's title: a report to a partner. */
	snprintf(title, sizeof title, _("%s to %s, portion by portion"),
		 id != NULL ? id : "", v->code[v->col]);
	doc_draw_pane(&v->doc, top + 1 + mrows, rows - 1 - mrows, title);
}

/* The rule's verdicts, a line each, after text (len bytes used). */
static void
rel_reasons(const struct action_release *ar, char *text, size_t cap, size_t len)
{
	char mark[MARKING_TEXT_MAX];
	const struct release_portion *p;
	size_t i, j;

	for (i = 0; i < ar->result.n && len < cap; i++) {
		p = &ar->result.p[i];
		if (p->index >= ar->report.n ||
		    marking_format(&ar->report.p[p->index].m, MARKING_PORTION,
				   mark, sizeof mark) != RELTO_OK)
			snprintf(mark, sizeof mark, "(?)");
		/* TRANSLATORS: portion number, its marking: its verdict. */
		len += (size_t)snprintf(text + len, cap - len,
					_("\n%zu %s: %s"), i + 1, mark,
					release_verdict_name(p->verdict));
		for (j = 0; j < p->nreasons && len < cap; j++)
			len += (size_t)snprintf(text + len, cap - len,
						"\n    %s", p->reasons[j]);
	}
}

/* Choose a decision, ask why, and have core record it. */
static void
rel_decide(struct tui *t, struct rel_view *v)
{
	static const int keys[] = {'r', 's', 'w'};
	static const char *const names[] = {"release", "release-sanitized",
					    "withhold"};
	char report[REPORT_ID_MAX], partner[PARTNER_CODE_MAX], question[512];
	char reason[256], text[8192];
	struct action_release ar;
	struct relto_err e;
	struct dialog d;
	size_t len;
	int choice = 0;

	snprintf(report, sizeof report, "%s", rel_id(t, v, v->row));
	snprintf(partner, sizeof partner, "%s", v->code[v->col]);
	/* TRANSLATORS: the keys r, s and w are not translated; the words
	   release, release-sanitized and withhold are what core records. */
	snprintf(question, sizeof question,
		 _("Decision on report %s to %s:\n\nr  release\ns  "
		   "release-sanitized\nw  withhold"),
		 report, partner);
	if (dialog_choose(t, _("Record a decision"), question, keys,
			  TUI_NKEYS(keys), &choice) != DIALOG_YES)
		return;
	memset(&d, 0, sizeof d);
	d.title = _("Record a decision");
	d.text = _("Why?  The reason is recorded with the decision and in "
		   "the audit log.");
	d.label = _("Reason:");
	reason[0] = '\0';
	if (dialog_prompt(t, &d, reason, sizeof reason) != DIALOG_YES) {
		tui_msg(t, "%s", _("Nothing was recorded"));
		return;
	}
	memset(&ar, 0, sizeof ar);
	err_clear(&e);
	if (action_decide(t->store, report, partner, names[choice], reason, &ar,
			  &e) != RELTO_OK) {
		len = (size_t)snprintf(text, sizeof text, "%s\n\n%s", e.msg,
				       _("The rule, portion by portion:"));
		if (ar.result.n > 0 && len < sizeof text)
			rel_reasons(&ar, text, sizeof text, len);
		action_release_free(&ar);
		/* dialog_message() sanitizes what it draws. */
		dialog_message(t, _("The decision was not recorded"), text);
		return;
	}
	action_release_free(&ar);
	tui_data_load(t);
	rel_state(t);
	/* TRANSLATORS: decision, report, partner. */
	tui_msg(t, _("Recorded: %s of %s to %s"), names[choice], report,
		partner);
}

/* Have core queue an export of the selected report to the partner. */
static void
rel_export(struct tui *t, struct rel_view *v)
{
	char report[REPORT_ID_MAX], partner[PARTNER_CODE_MAX];
	struct relto_err e;
	long long id = 0;

	snprintf(report, sizeof report, "%s", rel_id(t, v, v->row));
	snprintf(partner, sizeof partner, "%s", v->code[v->col]);
	err_clear(&e);
	if (queue_add(t->store, report, partner, &id, &e) != RELTO_OK) {
		dialog_message(t, _("Nothing was queued"), e.msg);
		return;
	}
	tui_data_load(t);
	rel_state(t);
	/* TRANSLATORS: export id, report, partner. */
	tui_msg(t, _("Export %lld of %s to %s is queued"), id, report, partner);
}

static void
rel_run(struct tui *t, int action)
{
	struct rel_view *v = rel_state(t);
	int page;

	if (v == NULL)
		return;
	page = v->doc.page > 1 ? v->doc.page - 1 : 1;
	if ((action == REL_DECIDE || action == REL_EXPORT) &&
	    (v->ncode == 0 || v->col < 0 || v->col >= v->ncode ||
	     rel_id(t, v, v->row) == NULL)) {
		tui_msg(t, "%s", _("No report and partner are selected"));
		return;
	}
	switch (action) {
	case REL_DECIDE:
		rel_decide(t, v);
		return;
	case REL_EXPORT:
		rel_export(t, v);
		return;
	case REL_PREVIEW:
		v->preview = !v->preview;
		v->doc_row = -1; /* build the pane again */
		tui_msg(t, "%s",
			v->preview ? _("Preview: what the partner receives")
				   : _("The verdicts, with their reasons"));
		return;
	case REL_DOWN:
		v->row++;
		break;
	case REL_UP:
		v->row--;
		break;
	case REL_RIGHT:
		v->col++;
		break;
	case REL_LEFT:
		v->col--;
		break;
	case REL_PGDN: /* a page on, the selection at its top, as in a list */
		v->row += v->page;
		v->top = v->row;
		break;
	case REL_PGUP:
		v->row -= v->page;
		v->top -= v->page;
		break;
	case REL_HOME:
		v->row = 0;
		break;
	case REL_END:
		v->row = rel_nrep(v) - 1;
		break;
	case REL_DETAIL_DOWN:
		doc_scroll(&v->doc, page);
		break;
	case REL_DETAIL_UP:
		doc_scroll(&v->doc, -page);
		break;
	case REL_RECOMPUTE:
		rel_forget(v);
		tui_msg(t, "%s", _("The matrix is computed again"));
		break;
	}
	rel_clamp(v, 0, 0);
}

const struct tui_viewdef view_release = {
    rel_keymaps, NULL, rel_draw, rel_run, rel_free, NULL,
};
