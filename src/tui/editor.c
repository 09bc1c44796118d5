/*
 * editor.c -- the report editor, inside the Reports view: a draft's
 * fields, its portions as a list with their markings in a gutter, and
 * the text editor (textedit.c) for one portion at a time.
 *
 * The draft is a copy; the store changes only when it is saved, through
 * core's draft_save(), which checks the whole report first.  Markings
 * come from a picker that offers only what core's draft_markings()
 * accepts for the station, or are typed and checked by core's
 * marking_parse().  While a portion is edited its sanitizer hits are
 * underlined as they appear and the status line names the rule under
 * the cursor; the banner on the top and bottom lines is the draft's
 * roll-up, recomputed at every keystroke.  Nothing is written to a file:
 * there is no $EDITOR and no temporary copy.
 */
#include "config.h"

#define RELTO_TUI_INTERNAL

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "draft.h"
#include "i18n.h"
#include "textedit.h"
#include "tui.h"

#define ED_GUTTER 24 /* columns of the marking gutter */
#define ED_OFFERS 96 /* markings the picker lists, at most */

struct editor {
	struct report r;
	int is_new;
	int sel;     /* the selected portion */
	int editing; /* the text editor is open on r.p[sel] */
	struct textedit te;
	struct sanitizer *san;
	int dirty;
};

enum ed_action {
	ED_DOWN = TUI_ACT_VIEW + 50,
	ED_UP,
	ED_TEXT,
	ED_ADD,
	ED_MARKING,
	ED_TEARLINE,
	ED_DELETE,
	ED_MOVE_DOWN,
	ED_MOVE_UP,
	ED_ID,
	ED_TITLE,
	ED_ORIGINATOR,
	ED_TOPICS,
	ED_SAVE,
	ED_CLOSE,
};

static const struct tui_binding ed_bindings[] = {
    {'j', ED_DOWN, N_("Next portion")},
    {TUI_KEY_FN(KEY_DOWN), ED_DOWN, NULL},
    {'k', ED_UP, N_("Previous portion")},
    {TUI_KEY_FN(KEY_UP), ED_UP, NULL},
    {TUI_KEY_ENTER, ED_TEXT, N_("Edit the portion's text")},
    {'e', ED_TEXT, NULL},
    {'a', ED_ADD, N_("Add a portion after this one")},
    {'m', ED_MARKING, N_("Choose the portion's marking")},
    {'t', ED_TEARLINE, N_("Insert a tearline after this portion")},
    {'d', ED_DELETE, N_("Delete the portion")},
    {'J', ED_MOVE_DOWN, N_("Move the portion down")},
    {'K', ED_MOVE_UP, N_("Move the portion up")},
    {'i', ED_ID, N_("Set the id (a new report)")},
    {'T', ED_TITLE, N_("Set the title")},
    {'O', ED_ORIGINATOR, N_("Set the originator")},
    {'P', ED_TOPICS, N_("Set the topics")},
    {'w', ED_SAVE, N_("Save the report")},
    {'q', ED_CLOSE, N_("Close the editor")},
    {TUI_KEY_ESC, ED_CLOSE, NULL},
};

static const struct tui_keymap ed_keymap = {
    /* TRANSLATORS: a heading in the help. */
    N_("Report editor"), ed_bindings, TUI_NKEYS(ed_bindings)};

/* An editor on a copy of report r, or on a new report (r NULL). */
struct editor *
editor_new(struct tui *t, const struct report *r)
{
	struct editor *ed = calloc(1, sizeof *ed);
	struct relto_err e;

	if (ed == NULL)
		return NULL;
	err_clear(&e);
	if (action_sanitizer(t->store, &ed->san, &e) != RELTO_OK)
		ed->san = NULL;
	ed->is_new = r == NULL;
	if (r != NULL ? report_copy(&ed->r, r) == 0
		      : draft_new(t->store, &t->ctx, &ed->r) == 0)
		return ed;
	editor_free(ed);
	return NULL;
}

/* Does the draft hold changes not saved? */
int
editor_unsaved(const struct editor *ed)
{
	return ed->dirty || (ed->editing && ed->te.changed);
}

void
editor_free(struct editor *ed)
{
	if (ed == NULL)
		return;
	if (ed->editing)
		te_free(&ed->te);
	report_free(&ed->r);
	sanitize_free(ed->san);
	free(ed);
}

int
editor_keymaps(struct editor *ed, const struct tui_keymap **out, int max)
{
	if (max < 1)
		return 0;
	out[0] = ed->editing ? &te_keymap : &ed_keymap;
	return 1;
}

/* ---- drawing ------------------------------------------------------------ */

/* The draft's banner: core's roll-up, else its highest portion level. */
static void
editor_banner(struct tui *t, const struct editor *ed)
{
	struct marking m;

	if (report_banner(&ed->r, &t->ctx, &m) != RELTO_OK)
		report_banner_highest(&ed->r, &m);
	tui_banner_set(t, &m);
}

/* The sanitizer's hits in text, as spans; *n of them (malloc'd). */
static struct te_span *
editor_hits(const struct editor *ed, const char *text,
	    struct sanitize_hits *hits, size_t *n)
{
	struct te_span *v;
	struct relto_err e;
	size_t i;

	*n = 0;
	memset(hits, 0, sizeof *hits);
	err_clear(&e);
	if (ed->san == NULL ||
	    sanitize_scan(ed->san, text, strlen(text), hits, &e) != RELTO_OK ||
	    hits->n == 0 || (v = calloc(hits->n, sizeof *v)) == NULL)
		return NULL;
	for (i = 0; i < hits->n; i++) {
		v[i].start = hits->v[i].start;
		v[i].end = hits->v[i].end;
	}
	*n = hits->n;
	return v;
}

static void
editor_fields(struct tui *t, const struct editor *ed, int top)
{
	char line[1024], topics[512];

	agreement_words((const char(*)[AGREEMENT_TOPIC_MAX])ed->r.topics,
			ed->r.ntopics, topics, sizeof topics);
	/* TRANSLATORS: the editor's first lines. */
	snprintf(line, sizeof line,
		 ed->is_new ? _("New report %s%s") : _("Editing report %s%s"),
		 ed->r.id, ed->dirty ? _("  (not saved)") : "");
	wattrset(stdscr, A_BOLD);
	screen_put(stdscr, top, 1, line, COLS - 2);
	wattrset(stdscr, A_NORMAL);
	snprintf(line, sizeof line, _("Title: %s"), ed->r.title);
	screen_put(stdscr, top + 1, 1, line, COLS - 2);
	snprintf(line, sizeof line, _("Originator: %s   Topics: %s"),
		 ed->r.originator, topics[0] ? topics : "-");
	screen_put(stdscr, top + 2, 1, line, COLS - 2);
	(void)t;
}

static void
editor_gutter(const struct report_portion *p, char *out, size_t cap)
{
	if (p->kind == REPORT_TEARLINE_KIND)
		snprintf(out, cap, "%s", "");
	else if (marking_format(&p->m, MARKING_PORTION, out, cap) != RELTO_OK)
		snprintf(out, cap, "(?)");
}

static void
editor_portions(const struct editor *ed, int y, int rows)
{
	char mark[MARKING_TEXT_MAX];
	const struct report_portion *p;
	int i, first = ed->sel >= rows ? ed->sel - rows + 1 : 0;
	const char *nl;
	attr_t a;

	if (ed->r.n == 0) {
		screen_put(stdscr, y, 1,
			   _("No portion yet: press a to add one."), COLS - 2);
		return;
	}
	for (i = first; i < (int)ed->r.n && i - first < rows; i++) {
		p = &ed->r.p[i];
		a = i == ed->sel ? A_REVERSE : A_NORMAL;
		screen_fill(stdscr, y + i - first, 0, COLS, a);
		wattrset(stdscr, a);
		if (p->kind == REPORT_TEARLINE_KIND)
			screen_put(stdscr, y + i - first, ED_GUTTER + 1,
				   REPORT_TEARLINE, COLS - ED_GUTTER - 2);
		else {
			editor_gutter(p, mark, sizeof mark);
			screen_put(stdscr, y + i - first, 1, mark,
				   ED_GUTTER - 1);
			nl = strchr(p->body, '\n');
			screen_putn(stdscr, y + i - first, ED_GUTTER + 1,
				    p->body,
				    nl != NULL ? (size_t)(nl - p->body)
					       : strlen(p->body),
				    COLS - ED_GUTTER - 2);
		}
	}
	wattrset(stdscr, A_NORMAL);
}

/* The text editor over the body, and the rule under the cursor. */
static void
editor_text(struct tui *t, struct editor *ed, int y, int rows)
{
	struct sanitize_hits hits;
	struct te_span *spans;
	char mark[MARKING_TEXT_MAX];
	size_t n;
	int cy, cx, at;

	editor_gutter(&ed->r.p[ed->sel], mark, sizeof mark);
	wattrset(stdscr, A_BOLD);
	screen_put(stdscr, y, 1, mark, ED_GUTTER - 1);
	wattrset(stdscr, A_NORMAL);
	spans = editor_hits(ed, te_text(&ed->te), &hits, &n);
	te_draw(&ed->te, y, ED_GUTTER + 1, rows, COLS - ED_GUTTER - 2, spans, n,
		screen_hit_attr(), &cy, &cx);
	if ((at = te_span_at(&ed->te, spans, n)) >= 0)
		/* TRANSLATORS: the sanitizer's hit under the cursor: its
		   rule, then its action. */
		tui_msg(t, _("Sanitizer: %s (%s)"),
			hits.v[at].rule == SANITIZE_TERM
			    ? sanitize_term_text(ed->san, hits.v[at].term)
			    : sanitize_rule_name(hits.v[at].rule),
			sanitize_action_name(hits.v[at].action));
	else if (n > 0)
		tui_msg(t,
			ngettext("%zu sanitizer hit in this portion",
				 "%zu sanitizer hits in this portion",
				 (unsigned long)n),
			n);
	sanitize_hits_free(&hits);
	free(spans);
	t->cursor_y = cy;
	t->cursor_x = cx;
}

void
editor_draw(struct tui *t, struct editor *ed, int top, int rows)
{
	editor_banner(t, ed);
	if (rows < 5)
		return;
	editor_fields(t, ed, top);
	if (ed->editing)
		editor_text(t, ed, top + 4, rows - 4);
	else
		editor_portions(ed, top + 4, rows - 4);
}

/* ---- the marking picker ---------------------------------------------------
 */

/* A list to choose from, in a box; returns the index, or -1. */
static int
editor_pick(struct tui *t, const char *title, char (*items)[MARKING_TEXT_MAX],
	    int n)
{
	int sel = 0, first = 0, key, r, h, w, widest = 40, x, y, i;

	for (i = 0; i < n; i++)
		if (screen_width(items[i]) + 6 > widest)
			widest = screen_width(items[i]) + 6;
	for (;;) {
		screen_compose(t);
		h = n + 4 < screen_body_rows() ? n + 4 : screen_body_rows();
		/* As wide as the longest offer, within the terminal as it is
		   now (it may have been resized). */
		w = widest < COLS - 2 ? widest : COLS - 2;
		x = (COLS - w) / 2;
		y = screen_body_top() + (screen_body_rows() - h) / 2;
		if (sel < first)
			first = sel;
		if (sel >= first + h - 4)
			first = sel - (h - 4) + 1;
		if (!screen_too_small() && h >= 5) {
			for (i = 0; i < h; i++)
				screen_fill(stdscr, y + i, x, w, A_NORMAL);
			screen_box(stdscr, y, x, h, w);
			wattrset(stdscr, A_BOLD);
			mvwaddch(stdscr, y, x + 2, ' ');
			screen_put(
			    stdscr, y,
			    x + 3 + screen_put(stdscr, y, x + 3, title, w - 6),
			    " ", 1);
			for (i = first; i < n && i - first < h - 4; i++) {
				wattrset(stdscr,
					 i == sel ? A_REVERSE : A_NORMAL);
				screen_fill(stdscr, y + 2 + i - first, x + 2,
					    w - 4,
					    i == sel ? A_REVERSE : A_NORMAL);
				screen_put(stdscr, y + 2 + i - first, x + 2,
					   items[i], w - 4);
			}
			wattrset(stdscr, A_NORMAL);
		}
		curs_set(0);
		screen_flush();
		if ((r = tui_key(&key)) < 0)
			return -1;
		if (r == 0 || screen_too_small())
			continue;
		if ((key == 'j' || key == TUI_KEY_FN(KEY_DOWN)) && sel + 1 < n)
			sel++;
		else if ((key == 'k' || key == TUI_KEY_FN(KEY_UP)) && sel > 0)
			sel--;
		else if (key == TUI_KEY_ENTER || key == TUI_KEY_FN(KEY_ENTER))
			return sel;
		else if (key == TUI_KEY_ESC || key == 'q')
			return -1;
	}
}

/* A marking typed by the user, checked by core until it is valid. */
static int
editor_type_marking(struct tui *t, struct marking *m)
{
	struct dialog d;
	struct relto_err e;
	char buf[MARKING_TEXT_MAX] = "(", why[600];

	memset(&d, 0, sizeof d);
	d.title = _("Portion marking");
	d.text = _("Type the marking, e.g. (S//REL TO USA, GBR).");
	d.label = _("Marking:");
	for (;;) {
		if (dialog_prompt(t, &d, buf, sizeof buf) != DIALOG_YES)
			return -1;
		err_clear(&e);
		if (marking_parse(buf, MARKING_PORTION, &t->ctx, m, &e) ==
		    RELTO_OK)
			return 0;
		snprintf(why, sizeof why, "%s", e.msg);
		d.error = why;
	}
}

/* Choose a marking: the level, then one the store offers, or typed. */
static int
editor_marking(struct tui *t, struct marking *m)
{
	static const int levels[] = {'u', 'c', 's', 't', 'm'};
	static const int lv[] = {MARKING_U, MARKING_C, MARKING_S, MARKING_TS};
	char(*offers)[MARKING_TEXT_MAX];
	struct relto_err e;
	int choice = -1, n, r;

	if (dialog_choose(t, _("Portion marking"),
			  _("u: UNCLASSIFIED   c: CONFIDENTIAL   s: SECRET   "
			    "t: TOP SECRET\nm: type a marking"),
			  levels, 5, &choice) != DIALOG_YES ||
	    choice < 0 || choice > 4)
		return -1;
	if (choice == 4)
		return editor_type_marking(t, m);
	if ((offers = calloc(ED_OFFERS, sizeof *offers)) == NULL)
		return -1;
	tui_agreements(t); /* the partners they name are offered */
	n = (int)draft_markings(&t->ctx, t->agr, t->nagr, lv[choice], offers,
				ED_OFFERS);
	r = n > 0 ? editor_pick(t, _("Choose the marking"), offers, n) : -1;
	err_clear(&e);
	if (r >= 0 && marking_parse(offers[r], MARKING_PORTION, &t->ctx, m,
				    &e) != RELTO_OK)
		r = -1;
	free(offers);
	return r >= 0 ? 0 : -1;
}

/* ---- actions ------------------------------------------------------------- */

/* Open the text editor on the selected portion. */
static void
editor_text_open(struct tui *t, struct editor *ed)
{
	if (ed->r.n == 0 || ed->r.p[ed->sel].kind != REPORT_PORTION) {
		tui_msg(t, "%s",
			_("Select a portion (a tearline has no text)"));
		return;
	}
	if (te_init(&ed->te, ed->r.p[ed->sel].body) != 0) {
		tui_msg(t, "%s", _("Out of memory"));
		return;
	}
	ed->editing = 1;
	tui_msg(t, "%s", _("Editing the text: Esc when done"));
}

/* Close the text editor, keeping what was typed. */
static void
editor_text_close(struct tui *t, struct editor *ed)
{
	char *body = strdup(te_text(&ed->te));

	if (body != NULL) {
		draft_tidy_body(body);
		if (ed->te.changed)
			ed->dirty = 1;
		free(ed->r.p[ed->sel].body);
		ed->r.p[ed->sel].body = body;
	} else
		tui_msg(t, "%s", _("Out of memory"));
	te_free(&ed->te);
	ed->editing = 0;
}

/* Raw keys while a portion's text is edited; 1 when taken. */
int
editor_key(struct tui *t, struct editor *ed, int key)
{
	if (!ed->editing)
		return 0;
	if (key == TUI_KEY_ESC || key == TUI_KEY_FN(KEY_F(2))) {
		editor_text_close(t, ed);
		return 1;
	}
	if (key == TUI_KEY_FN(KEY_RESIZE) || key == TUI_KEY_CTRL('L'))
		return 0;
	t->message = NULL;
	te_key(&ed->te, key, COLS - ED_GUTTER - 3);
	return 1;
}

/* Insert a portion (or tearline) after the selected one. */
static int
editor_insert(struct editor *ed, int kind, const struct marking *m)
{
	struct report_portion tmp;
	size_t at = ed->r.n == 0 ? 0 : (size_t)ed->sel + 1, i;

	if (report_add_portion(&ed->r, kind, m, "") != RELTO_OK)
		return -1;
	tmp = ed->r.p[ed->r.n - 1];
	for (i = ed->r.n - 1; i > at; i--)
		ed->r.p[i] = ed->r.p[i - 1];
	ed->r.p[at] = tmp;
	ed->sel = (int)at;
	ed->dirty = 1;
	return 0;
}

static void
editor_move(struct editor *ed, int dir)
{
	struct report_portion tmp;
	int to = ed->sel + dir;

	if (ed->r.n == 0 || to < 0 || to >= (int)ed->r.n)
		return;
	tmp = ed->r.p[ed->sel];
	ed->r.p[ed->sel] = ed->r.p[to];
	ed->r.p[to] = tmp;
	ed->sel = to;
	ed->dirty = 1;
}

static void
editor_delete(struct tui *t, struct editor *ed)
{
	size_t i;

	if (ed->r.n == 0 ||
	    dialog_confirm(t, _("Delete the portion"),
			   _("Delete the selected portion from the draft?")) !=
		DIALOG_YES)
		return;
	free(ed->r.p[ed->sel].body);
	for (i = (size_t)ed->sel; i + 1 < ed->r.n; i++)
		ed->r.p[i] = ed->r.p[i + 1];
	ed->r.n--;
	if (ed->sel > 0 && ed->sel >= (int)ed->r.n)
		ed->sel--;
	ed->dirty = 1;
}

/* Prompt for a field's new value, starting from its old one. */
static int
editor_prompt(struct tui *t, const char *label, char *buf, size_t cap)
{
	struct dialog d;

	memset(&d, 0, sizeof d);
	d.label = label;
	d.line = 1;
	return dialog_prompt(t, &d, buf, cap) == DIALOG_YES ? 0 : -1;
}

static void
editor_field(struct tui *t, struct editor *ed, int action)
{
	char buf[1024], *title;

	if (action == ED_ID) {
		if (!ed->is_new) {
			tui_msg(t, "%s", _("A saved report keeps its id"));
			return;
		}
		snprintf(buf, sizeof buf, "%s", ed->r.id);
		if (editor_prompt(t, _("Id:"), buf, sizeof buf) != 0)
			return;
		snprintf(ed->r.id, sizeof ed->r.id, "%.*s",
			 (int)sizeof ed->r.id - 1, buf);
	} else if (action == ED_TITLE) {
		snprintf(buf, sizeof buf, "%s", ed->r.title);
		if (editor_prompt(t, _("Title:"), buf, sizeof buf) != 0 ||
		    (title = strdup(buf)) == NULL)
			return;
		free(ed->r.title);
		ed->r.title = title;
	} else if (action == ED_ORIGINATOR) {
		snprintf(buf, sizeof buf, "%s", ed->r.originator);
		if (editor_prompt(t, _("Originator:"), buf, sizeof buf) != 0)
			return;
		snprintf(ed->r.originator, sizeof ed->r.originator, "%.*s",
			 (int)sizeof ed->r.originator - 1, buf);
	} else {
		agreement_words(
		    (const char(*)[AGREEMENT_TOPIC_MAX])ed->r.topics,
		    ed->r.ntopics, buf, sizeof buf);
		if (editor_prompt(t, _("Topics:"), buf, sizeof buf) != 0)
			return;
		if (draft_set_topics(&ed->r, buf) != 0)
			tui_msg(t, "%s", _("Out of memory"));
	}
	ed->dirty = 1;
}

static int
editor_save(struct tui *t, struct editor *ed)
{
	struct relto_err e;

	err_clear(&e);
	if (draft_save(t->store, &ed->r, ed->is_new, &t->ctx, &e) != RELTO_OK) {
		/* TRANSLATORS: %s is core's reason. */
		tui_msg(t, _("Not saved: %s"), e.msg);
		return -1;
	}
	tui_msg(t, _("Report %s saved"), ed->r.id);
	ed->is_new = 0;
	ed->dirty = 0;
	return 0;
}

/*
 * Run an editor action.  Returns 1 when the editor is to close (its
 * report id, to select, in id), else 0.
 */
int
editor_run(struct tui *t, struct editor *ed, int action, char *id, size_t cap)
{
	struct marking m;

	switch (action) {
	case ED_DOWN:
		if (ed->sel + 1 < (int)ed->r.n)
			ed->sel++;
		break;
	case ED_UP:
		if (ed->sel > 0)
			ed->sel--;
		break;
	case ED_TEXT:
		editor_text_open(t, ed);
		break;
	case ED_ADD:
		if (editor_marking(t, &m) == 0 &&
		    editor_insert(ed, REPORT_PORTION, &m) == 0)
			editor_text_open(t, ed);
		break;
	case ED_MARKING:
		if (ed->r.n > 0 && ed->r.p[ed->sel].kind == REPORT_PORTION &&
		    editor_marking(t, &m) == 0) {
			ed->r.p[ed->sel].m = m;
			ed->dirty = 1;
		}
		break;
	case ED_TEARLINE:
		if (report_has_tearline(&ed->r)) {
			tui_msg(t, "%s",
				_("A report has at most one tearline"));
			break;
		}
		memset(&m, 0, sizeof m);
		editor_insert(ed, REPORT_TEARLINE_KIND, &m);
		break;
	case ED_DELETE:
		editor_delete(t, ed);
		break;
	case ED_MOVE_DOWN:
	case ED_MOVE_UP:
		editor_move(ed, action == ED_MOVE_DOWN ? 1 : -1);
		break;
	case ED_ID:
	case ED_TITLE:
	case ED_ORIGINATOR:
	case ED_TOPICS:
		editor_field(t, ed, action);
		break;
	case ED_SAVE:
		if (editor_save(t, ed) == 0) {
			snprintf(id, cap, "%s", ed->r.id);
			return 1;
		}
		break;
	case ED_CLOSE:
		if (ed->dirty &&
		    dialog_confirm(t, _("Close the editor"),
				   _("The draft has changes that are not "
				     "saved. Close it and lose them?")) !=
			DIALOG_YES)
			break;
		snprintf(id, cap, "%s", ed->is_new ? "" : ed->r.id);
		return 1;
	}
	return 0;
}
