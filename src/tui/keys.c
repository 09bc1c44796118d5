/*
 * keys.c -- what each key does, and the help that says so.
 *
 * Bindings live in tables of {key, action, help text}: one global table,
 * and one for the help overlay, consulted first while the overlay is
 * shown.  A key missing from both is an unknown key.  The help overlay is
 * generated from the same tables, so it cannot disagree with dispatch:
 * one row per action, listing every key bound to it; the help text is
 * taken from the action's first binding.
 *
 * Keys are wide characters, or curses KEY_* codes tagged by TUI_KEY_FN()
 * so that they never collide with a character.
 */
#include "config.h"

#define RELTO_TUI_INTERNAL

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "error.h"
#include "exercise.h"
#include "i18n.h"
#include "list.h"
#include "tui.h"

enum keys_action {
	/* The view actions come first, in enum tui_view order. */
	ACT_VIEW_FIRST,
	ACT_VIEW_LAST = ACT_VIEW_FIRST + TUI_NVIEWS - 1,
	ACT_NEXT_VIEW,
	ACT_PREV_VIEW,
	ACT_HELP,
	ACT_REDRAW,
	ACT_QUIT,
	ACT_HELP_CLOSE,
	ACT_HELP_DOWN,
	ACT_HELP_UP,
	ACT_HELP_PGDN,
	ACT_HELP_PGUP,
	ACT_COMMAND,
	ACT_RESUME,
};

static const struct tui_binding keys_global[] = {
    {'1', ACT_VIEW_FIRST + TUI_VIEW_AGREEMENTS, N_("Show the agreements")},
    {'2', ACT_VIEW_FIRST + TUI_VIEW_PARTNERS, N_("Show the partners")},
    {'3', ACT_VIEW_FIRST + TUI_VIEW_REPORTS, N_("Show the reports")},
    {'4', ACT_VIEW_FIRST + TUI_VIEW_RELEASE, N_("Show the release matrix")},
    {'5', ACT_VIEW_FIRST + TUI_VIEW_EXPORTS, N_("Show the export queue")},
    {'6', ACT_VIEW_FIRST + TUI_VIEW_AUDIT, N_("Show the audit log")},
    {'7', ACT_VIEW_FIRST + TUI_VIEW_INBOX,
     N_("Show the exercise inbox (exercise stores)")},
    {'8', ACT_VIEW_FIRST + TUI_VIEW_TRAINER,
     N_("Show the trainer's view (relto --trainer)")},
    {':', ACT_COMMAND, N_("Type a command (the real-world code word)")},
    {'R', ACT_RESUME, N_("Resume suspended play (trainer)")},
    {'\t', ACT_NEXT_VIEW, N_("Next view")},
    {TUI_KEY_FN(KEY_BTAB), ACT_PREV_VIEW, N_("Previous view")},
    {'?', ACT_HELP, N_("Show or hide this help")},
    {TUI_KEY_FN(KEY_F(1)), ACT_HELP, NULL},
    {TUI_KEY_CTRL('L'), ACT_REDRAW, N_("Redraw the screen")},
    {'q', ACT_QUIT, N_("Quit relto")},
};

static const struct tui_binding keys_help[] = {
    {'?', ACT_HELP_CLOSE, N_("Close the help")},
    {'q', ACT_HELP_CLOSE, NULL},
    {TUI_KEY_FN(KEY_F(1)), ACT_HELP_CLOSE, NULL},
    {TUI_KEY_ESC, ACT_HELP_CLOSE, NULL},
    {'j', ACT_HELP_DOWN, N_("Scroll down")},
    {TUI_KEY_FN(KEY_DOWN), ACT_HELP_DOWN, NULL},
    {'k', ACT_HELP_UP, N_("Scroll up")},
    {TUI_KEY_FN(KEY_UP), ACT_HELP_UP, NULL},
    {TUI_KEY_FN(KEY_NPAGE), ACT_HELP_PGDN, N_("Scroll down a page")},
    {TUI_KEY_FN(KEY_PPAGE), ACT_HELP_PGUP, N_("Scroll up a page")},
};

/* The keymaps a view may add, at most. */
#define KEYS_MAXMAPS 8

/* One line of the help overlay. */
struct keys_row {
	char keys[64];    /* the keys, as the user types them */
	const char *text; /* translated help, or a heading when keys is "" */
};

#define KEYS_MAXROWS 160

static const struct tui_binding *
keys_find(const struct tui_binding *b, int n, int key)
{
	int i;

	for (i = 0; i < n; i++)
		if (b[i].key == key)
			return &b[i];
	return NULL;
}

/* Step the view by one, wrapping around. */
static void
keys_step_view(struct tui *t, int step)
{
	do
		t->view = (t->view + step + TUI_NVIEWS) % TUI_NVIEWS;
	while (!tui_view_shown(t, t->view));
}

/*
 * The command prompt.  Its one command is the real-world code word:
 * typed by anyone, it suspends play at once (core logs it).
 */
static void
keys_command(struct tui *t)
{
	struct dialog d;
	struct relto_err e;
	char cmd[256] = "";

	memset(&d, 0, sizeof d);
	d.label = ":";
	d.line = 1;
	if (dialog_prompt(t, &d, cmd, sizeof cmd) != DIALOG_YES ||
	    cmd[0] == '\0')
		return;
	err_clear(&e);
	if (!t->exercise || exercise_codeword(t->store, cmd, "workstation",
					      &e) == RELTO_EUSAGE) {
		t->message = _("Not a command");
		return;
	}
	if (e.code != RELTO_OK)
		tui_msg(t, "%s", e.msg);
	tui_exercise_tick(t, 1);
}

static void
keys_resume(struct tui *t)
{
	struct relto_err e;

	if (!t->exercise || !t->trainer || !exercise_suspended(&t->x)) {
		t->message = _("Only the trainer resumes suspended play");
		return;
	}
	err_clear(&e);
	if (exercise_resume(t->store, &e) != RELTO_OK)
		tui_msg(t, "%s", e.msg);
	else
		tui_msg(t, "%s", _("Play resumed"));
	tui_exercise_tick(t, 1);
}

static void
keys_run(struct tui *t, int action)
{
	int page = screen_body_rows() - 2;

	if (action >= ACT_VIEW_FIRST && action <= ACT_VIEW_LAST) {
		if (tui_view_shown(t, action - ACT_VIEW_FIRST))
			t->view = action - ACT_VIEW_FIRST;
		else
			t->message =
			    action - ACT_VIEW_FIRST == TUI_VIEW_INBOX
				? _("Only an exercise store has an inbox")
				: _("The Trainer view needs an exercise store "
				    "and relto --trainer");
		return;
	}
	switch (action) {
	case ACT_COMMAND:
		keys_command(t);
		break;
	case ACT_RESUME:
		keys_resume(t);
		break;
	case ACT_NEXT_VIEW:
		keys_step_view(t, 1);
		break;
	case ACT_PREV_VIEW:
		keys_step_view(t, -1);
		break;
	case ACT_HELP:
		t->help = !t->help;
		t->help_top = 0;
		break;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		break;
	case ACT_QUIT:
		/* A draft in an editor is not lost without a question. */
		if ((view_reports_unsaved(t) || view_agreements_unsaved(t)) &&
		    dialog_confirm(t, _("Quit relto"),
				   _("An editor holds changes that are not "
				     "saved. Quit and lose them?")) !=
			DIALOG_YES)
			break;
		t->quit = 1;
		break;
	case ACT_HELP_CLOSE:
		t->help = 0;
		break;
	case ACT_HELP_DOWN:
		t->help_top++;
		break;
	case ACT_HELP_UP:
		t->help_top--;
		break;
	case ACT_HELP_PGDN:
		t->help_top += page > 1 ? page : 1;
		break;
	case ACT_HELP_PGUP:
		t->help_top -= page > 1 ? page : 1;
		break;
	}
}

/*
 * Before the store is open there is nothing to do but quit: with no
 * store at the path, that is a failure (status 1).
 */
static void
keys_closed(struct tui *t, int key)
{
	if (key == 'q') {
		t->quit = 1;
		t->status = 1;
	} else if (key == TUI_KEY_CTRL('L'))
		clearok(curscr, TRUE);
	else
		/* TRANSLATORS: shown in the status line. */
		t->message = _("Press q to quit");
}

/*
 * Act on one key.  While the help is shown its own table comes first;
 * any other key closes the help (Ctrl-L aside) before acting.  Then the
 * view's keymaps, most specific first, then the global table.
 */
void
keys_dispatch(struct tui *t, int key)
{
	const struct tui_keymap *maps[KEYS_MAXMAPS];
	const struct tui_viewdef *vd = tui_viewdef(t->view);
	const struct tui_binding *b = NULL;
	int i, n;

	t->message = NULL;
	if (t->phase != TUI_OPEN) {
		keys_closed(t, key);
		return;
	}
	/* Too small to see: nothing is typed, chosen or fired unseen, as
	   in the dialogs; q still quits, asking as ever. */
	if (screen_too_small()) {
		if (key == 'q')
			keys_run(t, ACT_QUIT);
		return;
	}
	if (t->help &&
	    (b = keys_find(keys_help, TUI_NKEYS(keys_help), key)) != NULL) {
		keys_run(t, b->action);
		return;
	}
	/* F1 is the help's everywhere, even where every key is text. */
	if (!t->help && vd->key != NULL && key != TUI_KEY_FN(KEY_F(1)) &&
	    !(t->exercise && exercise_suspended(&t->x)) && vd->key(t, key))
		return;
	/* Suspended play takes no view's keys: nothing moves until the
	   trainer resumes. */
	n = t->exercise && exercise_suspended(&t->x)
		? 0
		: vd->keymaps(t, maps, KEYS_MAXMAPS);
	for (i = 0; i < n && b == NULL; i++)
		b = keys_find(maps[i]->b, maps[i]->n, key);
	if (b == NULL)
		b = keys_find(keys_global, TUI_NKEYS(keys_global), key);
	if (b == NULL) {
		/* TRANSLATORS: shown in the status line. */
		t->message = _("Unknown key — press ? for help");
		return;
	}
	if (b->action != ACT_REDRAW)
		t->help = 0;
	if (b->action >= TUI_ACT_VIEW) {
		if (vd->run != NULL)
			vd->run(t, b->action);
	} else if (b->action >= TUI_ACT_LIST)
		list_run(t, vd->list != NULL ? vd->list(t) : NULL, b->action);
	else
		keys_run(t, b->action);
}

/* The name of a key as the help shows it. */
const char *
keys_label(int key, char *buf, size_t size)
{
	mbstate_t st;
	size_t n;

	switch (key) {
	case TUI_KEY_ENTER:
	case TUI_KEY_FN(KEY_ENTER):
		return _("Enter");
	case '\t':
		/* TRANSLATORS: names of keys on the keyboard, as the help
		   lists them. */
		return _("Tab");
	case ' ':
		return _("Space");
	case TUI_KEY_ESC:
		return _("Esc");
	case TUI_KEY_FN(KEY_BTAB):
		return _("Shift-Tab");
	case TUI_KEY_FN(KEY_UP):
		return _("Up");
	case TUI_KEY_FN(KEY_DOWN):
		return _("Down");
	case TUI_KEY_FN(KEY_PPAGE):
		return _("PgUp");
	case TUI_KEY_FN(KEY_NPAGE):
		return _("PgDn");
	case TUI_KEY_FN(KEY_LEFT):
		return _("Left");
	case TUI_KEY_FN(KEY_RIGHT):
		return _("Right");
	case TUI_KEY_FN(KEY_HOME):
		return _("Home");
	case TUI_KEY_FN(KEY_END):
		return _("End");
	case TUI_KEY_FN(KEY_DC):
		return _("Delete");
	}
	if (key >= TUI_KEY_FN(KEY_F(1)) && key <= TUI_KEY_FN(KEY_F(12))) {
		snprintf(buf, size, "F%d", key - TUI_KEY_FN(KEY_F(0)));
		return buf;
	}
	if (key >= 0 && key < 0x20) {
		snprintf(buf, size, "^%c", key + '@');
		return buf;
	}
	memset(&st, 0, sizeof st);
	if (size > MB_LEN_MAX && key < 0x1000000 &&
	    (n = wcrtomb(buf, (wchar_t)key, &st)) != (size_t)-1) {
		buf[n] = '\0';
		return buf;
	}
	return "?";
}

/* Is label one of the comma-separated labels in list? */
static int
keys_listed(const char *list, const char *label)
{
	size_t n = strlen(label);

	while (*list != '\0') {
		if (strncmp(list, label, n) == 0 &&
		    (list[n] == '\0' || list[n] == ','))
			return 1;
		list = strchr(list, ',');
		if (list == NULL)
			break;
		list += 2;
	}
	return 0;
}

/* Every key of table b bound to action, joined with commas, into buf. */
static void
keys_join(const struct tui_binding *b, int n, int action, char *buf,
	  size_t size)
{
	char one[MB_LEN_MAX + 8];
	const char *l;
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (b[i].action != action)
			continue;
		l = keys_label(b[i].key, one, sizeof one);
		if (keys_listed(buf, l))
			continue; /* Enter and the keypad's Enter */
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
					len > 0 ? ", " : "", l);
		if (len >= size)
			return;
	}
}

/* Append the rows of table b, headed by heading unless it is NULL. */
static int
keys_rows_of(const struct tui_binding *b, int n, const char *heading,
	     struct keys_row *rows, int nrows, int max)
{
	int i;

	if (heading != NULL && nrows + 2 <= max) {
		if (nrows > 0) {
			rows[nrows].keys[0] = '\0';
			rows[nrows++].text = "";
		}
		rows[nrows].keys[0] = '\0';
		rows[nrows++].text = heading;
	}
	for (i = 0; i < n && nrows < max; i++) {
		if (b[i].help == NULL)
			continue;
		keys_join(b, n, b[i].action, rows[nrows].keys,
			  sizeof rows[nrows].keys);
		rows[nrows++].text = _(b[i].help);
	}
	return nrows;
}

/* The help's rows: the view's keys, the global ones, the help's own. */
static int
keys_rows(struct tui *t, struct keys_row *rows, int max)
{
	const struct tui_keymap *maps[KEYS_MAXMAPS];
	int n = 0, i, nmaps;

	nmaps = tui_viewdef(t->view)->keymaps(t, maps, KEYS_MAXMAPS);
	for (i = 0; i < nmaps; i++)
		n = keys_rows_of(maps[i]->b, maps[i]->n, _(maps[i]->heading),
				 rows, n, max);
	n = keys_rows_of(keys_global, TUI_NKEYS(keys_global),
			 /* TRANSLATORS: a heading in the help. */
			 _("Everywhere"), rows, n, max);
	return keys_rows_of(keys_help, TUI_NKEYS(keys_help),
			    /* TRANSLATORS: a heading in the help. */
			    _("While this help is shown:"), rows, n, max);
}

/* A box with a title, its inside cleared. */
static void
keys_box(int y, int x, int h, int w, const char *title)
{
	char buf[128];
	int i;

	for (i = 0; i < h; i++)
		screen_fill(stdscr, y + i, x, w, A_NORMAL);
	screen_box(stdscr, y, x, h, w);
	snprintf(buf, sizeof buf, " %s ", title);
	wattrset(stdscr, A_BOLD);
	screen_put(stdscr, y, x + 2, buf, w - 4);
	wattrset(stdscr, A_NORMAL);
}

/*
 * The help overlay, centred on the body; it scrolls when the body is too
 * short for it, and its bottom edge then shows which rows are in view.
 */
void
keys_draw_help(struct tui *t)
{
	struct keys_row rows[KEYS_MAXROWS];
	const struct keys_row *r;
	char pos[64];
	int n, i, kw = 0, tw = 0, w, h, x, y, vis, top, brows;

	n = keys_rows(t, rows, KEYS_MAXROWS);
	for (i = 0; i < n; i++) {
		if (rows[i].keys[0] != '\0' && screen_width(rows[i].keys) > kw)
			kw = screen_width(rows[i].keys);
		if (screen_width(rows[i].text) > tw)
			tw = screen_width(rows[i].text);
	}
	top = screen_body_top();
	brows = screen_body_rows();
	w = kw + 2 + tw + 4 < COLS ? kw + 2 + tw + 4 : COLS;
	h = n + 2 < brows ? n + 2 : brows;
	if (w < 4 || h < 3)
		return;
	x = (COLS - w) / 2;
	y = top + (brows - h) / 2;
	vis = h - 2;
	if (t->help_top > n - vis)
		t->help_top = n - vis;
	if (t->help_top < 0)
		t->help_top = 0;
	/* TRANSLATORS: title of the help overlay. */
	keys_box(y, x, h, w, _("Keys"));
	for (i = 0; i < vis && t->help_top + i < n; i++) {
		r = &rows[t->help_top + i];
		if (r->keys[0] == '\0')
			wattrset(stdscr, A_BOLD);
		screen_put(stdscr, y + 1 + i, x + 2, r->keys, kw);
		screen_put(stdscr, y + 1 + i, x + 2 + (r->keys[0] ? kw + 2 : 0),
			   r->text, w - 4 - (r->keys[0] ? kw + 2 : 0));
		wattrset(stdscr, A_NORMAL);
	}
	if (n > vis) {
		snprintf(pos, sizeof pos, " %d-%d/%d ", t->help_top + 1,
			 t->help_top + vis, n);
		screen_put(stdscr, y + h - 1, x + w - 2 - screen_width(pos),
			   pos, w - 4);
	}
}
