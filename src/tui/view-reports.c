/*
 * view-reports.c -- the Reports view: the reports with their banners,
 * and a read-only reader for one of them.
 *
 * Rows are paged from the store by views.c's tui_report_source, the
 * list's columns being core's store_rlist columns in their order; the
 * list sorts, filters and searches in SQL, so it opens as fast on
 * 100,000 reports as on ten.  The screen's banner is the roll-up of the
 * banners of the reports the list shows (see views.c); while a report is
 * read, its own banner -- or, when core could not roll its portions up,
 * the highest of their levels (core's report_banner_highest()).  A
 * report is loaded whole only to be read or edited.
 *
 * The reader shows the report's fields, its banner, then each portion
 * with its marking in a gutter on the left (core's marking_format() in
 * PORTION form) and its text word-wrapped by display width, tearlines
 * centred, and the banner again at the bottom.  Nothing can be changed.
 */
#include "config.h"

#define RELTO_TUI_INTERNAL

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doc.h"
#include "draft.h"
#include "i18n.h"
#include "list.h"
#include "tui.h"

/* The columns are core's, in its order (see views.c). */
enum rep_col {
	REP_ID = STORE_RCOL_ID,
	REP_TITLE = STORE_RCOL_TITLE,
	REP_BANNER = STORE_RCOL_BANNER,
	REP_STATUS = STORE_RCOL_STATUS,
	REP_ORIG = STORE_RCOL_ORIGINATOR,
	REP_TOPICS = STORE_RCOL_TOPICS,
	REP_NCOLS = STORE_RCOL_N
};

static const struct list_col rep_cols[REP_NCOLS] = {
    /* TRANSLATORS: column titles of the reports list. */
    {"id", N_("ID"), 8, 16, 0},
    {"title", N_("TITLE"), 12, 0, LIST_FLEX},
    {"banner", N_("BANNER"), 14, 40, 0},
    {"status", N_("STATUS"), 6, 10, 0},
    {"originator", N_("ORIG"), 4, 5, 0},
    {"topics", N_("TOPICS"), 6, 20, 0},
};

static const char *const rep_keys[] = {"topic", NULL};

enum rep_action {
	REP_READ = TUI_ACT_VIEW,
	REP_BACK,
	REP_DOWN,
	REP_UP,
	REP_PGDN,
	REP_PGUP,
	REP_HOME,
	REP_END,
	REP_NEW,
	REP_EDIT,
	REP_DUPLICATE,
	REP_DELETE,
};

static const struct tui_binding rep_bindings[] = {
    {TUI_KEY_ENTER, REP_READ, N_("Read the report")},
    {TUI_KEY_FN(KEY_ENTER), REP_READ, NULL},
    {'a', REP_NEW, N_("Write a new report")},
    {'e', REP_EDIT, N_("Edit the report")},
    {'D', REP_DUPLICATE, N_("Duplicate the report as a new draft")},
    {'x', REP_DELETE, N_("Delete the report")},
};

static const struct tui_binding rep_reader_bindings[] = {
    {'j', REP_DOWN, N_("Scroll down a line")},
    {TUI_KEY_FN(KEY_DOWN), REP_DOWN, NULL},
    {'k', REP_UP, N_("Scroll up a line")},
    {TUI_KEY_FN(KEY_UP), REP_UP, NULL},
    {TUI_KEY_FN(KEY_NPAGE), REP_PGDN, N_("Scroll down a page")},
    {' ', REP_PGDN, NULL},
    {TUI_KEY_FN(KEY_PPAGE), REP_PGUP, N_("Scroll up a page")},
    {'b', REP_PGUP, NULL},
    {'g', REP_HOME, N_("Go to the top")},
    {TUI_KEY_FN(KEY_HOME), REP_HOME, NULL},
    {'G', REP_END, N_("Go to the end")},
    {TUI_KEY_FN(KEY_END), REP_END, NULL},
    {'q', REP_BACK, N_("Back to the list")},
    {TUI_KEY_ESC, REP_BACK, NULL},
};

static const struct tui_keymap rep_keymap = {
    /* TRANSLATORS: a heading in the help. */
    N_("Reports"), rep_bindings, TUI_NKEYS(rep_bindings)};
static const struct tui_keymap rep_reader_keymap = {
    /* TRANSLATORS: a heading in the help. */
    N_("Reading a report"), rep_reader_bindings,
    TUI_NKEYS(rep_reader_bindings)};

struct rep_view {
	unsigned gen;
	struct list list;
	int reading;          /* the reader is open on rd */
	struct tui_report rd; /* the report read */
	struct doc doc;
	struct editor *ed; /* the editor, when it is open */
};

static void
rep_build(struct tui *t, struct rep_view *v)
{
	list_apply(t, &v->list); /* it keeps the selected row */
	v->reading = 0;
	tui_report_free(&v->rd);
	v->gen = t->gen;
}

static struct rep_view *
rep_state(struct tui *t)
{
	struct rep_view *v = t->vs[TUI_VIEW_REPORTS];

	if (v == NULL) {
		if ((v = calloc(1, sizeof *v)) == NULL)
			return NULL;
		list_init(&v->list, rep_cols, REP_NCOLS);
		list_source_set(&v->list, &tui_report_source);
		v->list.sort = REP_ID;
		v->list.keys = rep_keys;
		doc_init(&v->doc);
		v->gen = t->gen - 1;
		t->vs[TUI_VIEW_REPORTS] = v;
	}
	if (v->gen != t->gen)
		rep_build(t, v);
	return v;
}

static void
rep_free(struct tui *t)
{
	struct rep_view *v = t->vs[TUI_VIEW_REPORTS];

	if (v == NULL)
		return;
	list_free(&v->list);
	doc_clear(&v->doc);
	tui_report_free(&v->rd);
	editor_free(v->ed);
	free(v);
	t->vs[TUI_VIEW_REPORTS] = NULL;
}

static int
rep_keymaps(struct tui *t, const struct tui_keymap **out, int max)
{
	struct rep_view *v = rep_state(t);
	int n = 0;

	if (v != NULL && v->ed != NULL)
		return editor_keymaps(v->ed, out, max);
	if (v != NULL && v->reading) {
		if (n < max)
			out[n++] = &rep_reader_keymap;
		return n;
	}
	if (n < max)
		out[n++] = &rep_keymap;
	if (n < max)
		out[n++] = &list_keymap;
	return n;
}

static struct list *
rep_list(struct tui *t)
{
	struct rep_view *v = rep_state(t);

	return v != NULL && !v->reading && v->ed == NULL ? &v->list : NULL;
}

/* The report's banner; the highest portion level when core had none. */
static void
rep_banner_of(const struct tui_report *tr, struct marking *m)
{
	if (tr->banner_ok)
		*m = tr->banner;
	else
		report_banner_highest(&tr->r, m);
}

static void
rep_open(struct tui *t, struct rep_view *v, const char *id)
{
	const struct tui_report *tr = &v->rd;
	const struct report *r = &tr->r;
	char buf[1024], mark[MARKING_TEXT_MAX];
	size_t i;

	doc_clear(&v->doc);
	tui_report_free(&v->rd);
	tui_report_load(t, id, &v->rd);
	v->reading = 1;
	/* TRANSLATORS: the labels of a report's fields in the reader. */
	doc_add(&v->doc, _("Report:"), r->id, A_NORMAL);
	if (tr->error != NULL) {
		doc_add(&v->doc, _("Cannot read it:"), tr->error, A_BOLD);
		return;
	}
	doc_add(&v->doc, _("Title:"), r->title, A_NORMAL);
	doc_add(&v->doc, _("Originator:"), r->originator, A_NORMAL);
	if (r->date[0] != '\0')
		doc_add(&v->doc, _("Date:"), r->date, A_NORMAL);
	doc_add(&v->doc, _("Status:"), r->status, A_NORMAL);
	agreement_words((const char(*)[AGREEMENT_TOPIC_MAX])r->topics,
			r->ntopics, buf, sizeof buf);
	doc_add(&v->doc, _("Topics:"), buf, A_NORMAL);
	doc_center(&v->doc, "", A_NORMAL);
	doc_center(&v->doc, tr->banner_text, A_BOLD);
	for (i = 0; i < r->n; i++) {
		doc_center(&v->doc, "", A_NORMAL);
		if (r->p[i].kind == REPORT_TEARLINE_KIND) {
			doc_center(&v->doc, REPORT_TEARLINE, A_BOLD);
			continue;
		}
		if (marking_format(&r->p[i].m, MARKING_PORTION, mark,
				   sizeof mark) != RELTO_OK)
			snprintf(mark, sizeof mark, "(?)");
		doc_add(&v->doc, mark, r->p[i].body, A_NORMAL);
	}
	doc_center(&v->doc, "", A_NORMAL);
	doc_center(&v->doc, tr->banner_text, A_BOLD);
}

static void
rep_draw(struct tui *t, int top, int rows)
{
	struct rep_view *v = rep_state(t);
	struct marking m;
	char title[256];
	const char *id;

	if (v == NULL) {
		tui_banner_unclassified(t);
		return;
	}
	if (v->ed != NULL) {
		editor_draw(t, v->ed, top, rows);
		return;
	}
	if (v->reading) {
		rep_banner_of(&v->rd, &m);
		tui_banner_set(t, &m);
		/* TRANSLATORS: the reader's title; %s is a report's id. */
		id = list_selected_cell(&v->list, REP_ID);
		snprintf(title, sizeof title, _("Report %s (read only)"),
			 id != NULL ? id : "");
		doc_draw_pane(&v->doc, top, rows, title);
		return;
	}
	tui_banner_set(t, &v->list.banner);
	list_draw(t, &v->list, top, rows);
}

/* After the store changed: reload, and select report id. */
static void
rep_reload(struct tui *t, const char *id)
{
	struct rep_view *v;

	tui_data_load(t);
	if ((v = rep_state(t)) != NULL && id != NULL && id[0] != '\0')
		list_select_key(t, &v->list, id);
}

static void
rep_editor_run(struct tui *t, struct rep_view *v, int action)
{
	char id[REPORT_ID_MAX];

	if (editor_run(t, v->ed, action, id, sizeof id) == 0)
		return;
	editor_free(v->ed);
	v->ed = NULL;
	rep_reload(t, id);
}

/* Open report id in the editor; 0, or -1 (the status line says why). */
static int
rep_edit(struct tui *t, struct rep_view *v, const char *id)
{
	struct tui_report tr;

	tui_report_load(t, id, &tr);
	if (tr.error != NULL)
		tui_msg(t, "%s", _("This report cannot be read"));
	else if ((v->ed = editor_new(t, &tr.r)) == NULL)
		tui_msg(t, "%s", _("Out of memory"));
	tui_report_free(&tr);
	return v->ed != NULL ? 0 : -1;
}

/* New, edit, duplicate, delete: the editor, or core, then reload. */
static void
rep_change(struct tui *t, struct rep_view *v, int action)
{
	char id[REPORT_ID_MAX], newid[REPORT_ID_MAX], q[256];
	const char *sel = list_selected_cell(&v->list, REP_ID);
	struct relto_err e;

	if (action != REP_NEW && sel == NULL) {
		tui_msg(t, "%s", _("No report is selected"));
		return;
	}
	snprintf(id, sizeof id, "%s", sel != NULL ? sel : "");
	if (action == REP_NEW) {
		if ((v->ed = editor_new(t, NULL)) == NULL)
			tui_msg(t, "%s", _("Out of memory"));
		return;
	}
	if (action == REP_EDIT) {
		rep_edit(t, v, id);
		return;
	}
	err_clear(&e);
	if (action == REP_DUPLICATE) {
		if (draft_duplicate(t->store, id, &t->ctx, newid, sizeof newid,
				    &e) != RELTO_OK) {
			tui_msg(t, "%s", e.msg);
			return;
		}
		rep_reload(t, newid);
		tui_msg(t, _("Report %s is a copy of %s"), newid, id);
		return;
	}
	/* TRANSLATORS: %s is a report's id. */
	snprintf(q, sizeof q,
		 _("Delete report %s, with its decisions and consents? The "
		   "audit log keeps that it was deleted."),
		 id);
	if (dialog_confirm(t, _("Delete the report"), q) != DIALOG_YES)
		return;
	if (draft_delete(t->store, id, &e) != RELTO_OK) {
		tui_msg(t, "%s", e.msg);
		return;
	}
	rep_reload(t, NULL);
	tui_msg(t, _("Report %s deleted"), id);
}

/* Raw keys go to the editor while a portion's text is edited. */
static int
rep_key(struct tui *t, int key)
{
	struct rep_view *v = rep_state(t);

	return v != NULL && v->ed != NULL && editor_key(t, v->ed, key);
}

static void
rep_run(struct tui *t, int action)
{
	struct rep_view *v = rep_state(t);
	const char *id;
	int page;

	if (v == NULL)
		return;
	if (v->ed != NULL) {
		rep_editor_run(t, v, action);
		return;
	}
	page = v->doc.page > 1 ? v->doc.page - 1 : 1;
	switch (action) {
	case REP_NEW:
	case REP_EDIT:
	case REP_DUPLICATE:
	case REP_DELETE:
		rep_change(t, v, action);
		break;
	case REP_READ:
		if ((id = list_selected_cell(&v->list, REP_ID)) == NULL)
			tui_msg(t, "%s", _("No report is selected"));
		else
			rep_open(t, v, id);
		break;
	case REP_BACK:
		v->reading = 0;
		doc_clear(&v->doc);
		tui_report_free(&v->rd);
		break;
	case REP_DOWN:
		doc_scroll(&v->doc, 1);
		break;
	case REP_UP:
		doc_scroll(&v->doc, -1);
		break;
	case REP_PGDN:
		doc_scroll(&v->doc, page);
		break;
	case REP_PGUP:
		doc_scroll(&v->doc, -page);
		break;
	case REP_HOME:
		v->doc.top = 0;
		break;
	case REP_END:
		doc_scroll(&v->doc, INT_MAX);
		break;
	}
}

const struct tui_viewdef view_reports = {
    rep_keymaps, rep_list, rep_draw, rep_run, rep_free, rep_key,
};

/* Open report id in the editor (the Inbox does, for a delivered one),
   unless a draft is open there already: then in the list. */
void
view_reports_open(struct tui *t, const char *id)
{
	struct rep_view *v = rep_state(t);

	if (v == NULL || !store_report_exists(t->store, id))
		return;
	list_select_key(t, &v->list, id);
	v->reading = 0;
	if (v->ed == NULL)
		rep_edit(t, v, id);
	t->view = TUI_VIEW_REPORTS;
}

/* Is a report open in the editor with changes not saved? */
int
view_reports_unsaved(struct tui *t)
{
	struct rep_view *v = t->vs[TUI_VIEW_REPORTS];

	return v != NULL && v->ed != NULL && editor_unsaved(v->ed);
}
