/*
 * screen.c -- the frame of the workstation: banners, tab bar, body and
 * status line, drawn from a struct tui.
 *
 * Layout, LINES rows counted from 0:
 *
 *	0		classification banner
 *	1		tab bar, one tab per view, the current one highlighted
 *	2 .. LINES-3	body: the current view, or the help in its place
 *	LINES-2		status line: "STATION — View", one message, key hints
 *	LINES-1		classification banner again
 *
 * The view draws first, because it sets the banner from what it shows;
 * the banners, tab bar and status line go on top.  Before the store is
 * open there is no tab bar, and the body is the no-store message or
 * empty under the passphrase dialog.  screen_compose() draws without
 * putting anything on the terminal, so a dialog can draw over the frame
 * and both go out in one update (screen_flush()).
 *
 * Below TUI_MIN_COLS x TUI_MIN_ROWS the frame gives way to one centred
 * "terminal too small" message, with the banner kept on the top line (and
 * the bottom one) while there is room.  Every function here clips to the
 * window, so any size down to 1x1 draws inside it.
 *
 * Text is measured and drawn as wide characters of the current locale,
 * the way curses counts columns; bytes the locale cannot decode show as
 * one '?', and so does a character curses could not draw (a control).
 * That is the second line of defence: text from the store, a file or a
 * bundle has already passed core's text_sanitize() in the widget that
 * holds it (list.c, doc.c, dialog.c, tui_msg()).
 *
 * Colour marks the classification banner and nothing else, so that a
 * level's colour always means that level; the rest of the frame is
 * reverse and bold, and reads the same without colour.
 */
#include "config.h"

#define RELTO_TUI_INTERNAL

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "exercise.h"
#include "i18n.h"
#include "marking.h"
#include "tui.h"

#define SCREEN_BUF 1024 /* wide characters drawn by one screen_putn() */

enum screen_pair {
	SCREEN_PAIR_U = 1,
	SCREEN_PAIR_C,
	SCREEN_PAIR_S,
	SCREEN_PAIR_TS,
	SCREEN_PAIR_HIT,
	SCREEN_NPAIRS
};

static int screen_colors; /* start_color() was called and pairs are set */

static const char *const screen_views[TUI_NVIEWS] = {
    /* TRANSLATORS: the views, shown in the tab bar and the status line. */
    N_("Agreements"), N_("Partners"), N_("Reports"), N_("Release"),
    N_("Exports"),    N_("Audit"),    N_("Inbox"),   N_("Trainer"),
};

/*
 * Set up the banner colours, unless colour is not allowed (NO_COLOR, the
 * --no-color option) or the terminal has too few: then start_color() is
 * never called and screen_banner_attr() answers reverse and bold.
 */
void
screen_init_colors(int allowed)
{
	screen_colors = 0;
	if (!allowed || !has_colors() || start_color() == ERR)
		return;
	if (COLORS < 8 || COLOR_PAIRS < SCREEN_NPAIRS)
		return;
	use_default_colors();
	init_pair(SCREEN_PAIR_U, COLOR_WHITE, COLOR_GREEN);
	init_pair(SCREEN_PAIR_C, COLOR_WHITE, COLOR_BLUE);
	init_pair(SCREEN_PAIR_S, COLOR_WHITE, COLOR_RED);
	init_pair(SCREEN_PAIR_TS, COLOR_BLACK,
		  COLORS >= 256 ? 208 : COLOR_YELLOW);
	init_pair(SCREEN_PAIR_HIT, COLOR_RED, -1);
	screen_colors = 1;
}

/*
 * The attribute of a banner at a level (enum marking_level): green
 * UNCLASSIFIED, blue CONFIDENTIAL, red SECRET, orange TOP SECRET.  Any
 * other level (NATO RESTRICTED), -1 (a TLP label), or no colour is
 * reverse and bold.
 */
attr_t
screen_banner_attr(int level)
{
	short pair;

	if (!screen_colors)
		return A_REVERSE | A_BOLD;
	switch (level) {
	case MARKING_U:
		pair = SCREEN_PAIR_U;
		break;
	case MARKING_C:
		pair = SCREEN_PAIR_C;
		break;
	case MARKING_S:
		pair = SCREEN_PAIR_S;
		break;
	case MARKING_TS:
		pair = SCREEN_PAIR_TS;
		break;
	default:
		return A_REVERSE | A_BOLD;
	}
	return COLOR_PAIR(pair) | A_BOLD;
}

/* A sanitizer hit in text being edited: red and underlined. */
attr_t
screen_hit_attr(void)
{
	return (screen_colors ? COLOR_PAIR(SCREEN_PAIR_HIT) : A_BOLD) |
	       A_UNDERLINE;
}

/* The translated name of a view. */
const char *
screen_view_name(int view)
{
	if (view < 0 || view >= TUI_NVIEWS)
		return "?";
	return _(screen_views[view]);
}

/*
 * Decode one character of s[0..len), len > 0, into *wc and its columns
 * into *cols.  Returns the bytes used, at least 1.  What the locale cannot
 * decode or print becomes one '?', taking its continuation bytes along.
 */
static size_t
screen_decode(const char *s, size_t len, wchar_t *wc, int *cols)
{
	mbstate_t st;
	size_t n;

	memset(&st, 0, sizeof st);
	n = mbrtowc(wc, s, len, &st);
	if (n == 0 || n > len) {
		n = 1;
		while (n < len && ((unsigned char)s[n] & 0xc0) == 0x80)
			n++;
		*wc = L'?';
	}
	*cols = wcwidth(*wc);
	if (*cols < 0) {
		*wc = L'?';
		*cols = 1;
	}
	return n;
}

/* Columns of s[0..len). */
int
screen_widthn(const char *s, size_t len)
{
	wchar_t wc;
	size_t n;
	int c, w = 0;

	while (len > 0) {
		n = screen_decode(s, len, &wc, &c);
		w += c;
		s += n;
		len -= n;
	}
	return w;
}

/* Columns of the string s. */
int
screen_width(const char *s)
{
	return screen_widthn(s, strlen(s));
}

/* The mark of cut text: an ellipsis where the locale can show one. */
static wchar_t
screen_ellipsis(void)
{
	return wcwidth(L'\u2026') == 1 ? L'\u2026' : L'>';
}

/*
 * Draw s[0..len) at (y, x) in the window's current attribute, in at most
 * cols columns and never past the window's right edge; text that does not
 * fit ends with an ellipsis.  Returns the columns drawn.
 */
int
screen_putn(WINDOW *w, int y, int x, const char *s, size_t len, int cols)
{
	wchar_t buf[SCREEN_BUF], wc;
	size_t nb = 0, n;
	int used = 0, c, cut;

	if (y < 0 || y >= getmaxy(w) || x < 0 || x >= getmaxx(w))
		return 0;
	if (cols > getmaxx(w) - x)
		cols = getmaxx(w) - x;
	if (cols <= 0)
		return 0;
	cut = screen_widthn(s, len) > cols;
	if (cut)
		cols--;
	while (len > 0 && nb < SCREEN_BUF - 2) {
		n = screen_decode(s, len, &wc, &c);
		if (used + c > cols)
			break;
		buf[nb++] = wc;
		used += c;
		s += n;
		len -= n;
	}
	if (cut) {
		buf[nb++] = screen_ellipsis();
		used++;
	}
	buf[nb] = L'\0';
	mvwaddnwstr(w, y, x, buf, (int)nb);
	return used;
}

/*
 * A file name shortened for display in cols columns: the home directory
 * becomes "~", and a name still too wide loses its leading directories
 * to an ellipsis, so the file's own name always shows.  Writes into out.
 */
const char *
screen_path(const char *path, int cols, char *out, size_t cap)
{
	const char *home = getenv("HOME"), *s, *slash;
	size_t hl = home != NULL ? strlen(home) : 0;
	char *full = malloc(strlen(path) + 2);

	if (full == NULL) {
		snprintf(out, cap, "%s", path);
		return out;
	}
	if (hl > 1 && strncmp(path, home, hl) == 0 && path[hl] == '/')
		sprintf(full, "~%s", path + hl);
	else
		strcpy(full, path);
	s = full;
	if (screen_width(full) > cols) {
		/* Leading directories go first, then, for one name wider
		   than the room, its own leading characters. */
		while ((slash = strchr(s + 1, '/')) != NULL &&
		       screen_width(s) > cols - 1)
			s = slash;
		while (*s != '\0' && screen_width(s) > cols - 1) {
			s++;
			while (((unsigned char)*s & 0xc0) == 0x80)
				s++;
		}
	}
	snprintf(out, cap, "%s%s",
		 s == full                   ? ""
		 : screen_ellipsis() == L'>' ? "..."
					     : "\xe2\x80\xa6",
		 s);
	free(full);
	return out;
}

/* As screen_putn(), for a whole string. */
int
screen_put(WINDOW *w, int y, int x, const char *s, int cols)
{
	return screen_putn(w, y, x, s, strlen(s), cols);
}

/* Paint cols blank cells from (y, x) in attr, clipped to the window. */
void
screen_fill(WINDOW *w, int y, int x, int cols, attr_t attr)
{
	if (y < 0 || y >= getmaxy(w) || x < 0 || x >= getmaxx(w))
		return;
	if (cols > getmaxx(w) - x)
		cols = getmaxx(w) - x;
	if (cols > 0)
		mvwhline(w, y, x, ' ' | attr, cols);
}

/*
 * A box outline of h rows and cols columns from (y, x): Unicode box
 * drawing where the locale has it, ASCII otherwise.  (Not the terminal's
 * alternate character set: its letters would leak into screen captures.)
 */
void
screen_box(WINDOW *w, int y, int x, int h, int cols)
{
	static const wchar_t uni[] = L"\u2500\u2502\u250c\u2510\u2514\u2518";
	static const wchar_t ascii[] = L"-|++++";
	const wchar_t *g = wcwidth(uni[0]) == 1 ? uni : ascii;
	wchar_t one[2];
	cchar_t c[6];
	int i;

	if (h < 2 || cols < 2)
		return;
	for (i = 0; i < 6; i++) {
		one[0] = g[i];
		one[1] = L'\0';
		setcchar(&c[i], one, A_NORMAL, 0, NULL);
	}
	mvwhline_set(w, y, x + 1, &c[0], cols - 2);
	mvwhline_set(w, y + h - 1, x + 1, &c[0], cols - 2);
	mvwvline_set(w, y + 1, x, &c[1], h - 2);
	mvwvline_set(w, y + 1, x + cols - 1, &c[1], h - 2);
	mvwadd_wch(w, y, x, &c[2]);
	mvwadd_wch(w, y, x + cols - 1, &c[3]);
	mvwadd_wch(w, y + h - 1, x, &c[4]);
	mvwadd_wch(w, y + h - 1, x + cols - 1, &c[5]);
}

/*
 * The first line of s[0..len) wrapped to cols columns: returns its length
 * in bytes and sets *next to where the following line starts.  Lines
 * break at a space; a word longer than a line is cut.
 */
size_t
screen_wrap(const char *s, size_t len, int cols, size_t *next)
{
	size_t i = 0, n, brk = 0;
	wchar_t wc;
	int used = 0, c;

	while (i < len) {
		n = screen_decode(s + i, len - i, &wc, &c);
		if (wc == L' ')
			brk = i;
		if (used + c > cols) {
			if (wc == L' ' || brk > 0) {
				*next = brk + 1;
				return brk;
			}
			*next = i > 0 ? i : n; /* too wide for a line: skip */
			return i;
		}
		used += c;
		i += n;
	}
	*next = len;
	return len;
}

/*
 * Lay out paragraph s centred on the lines from y, drawing (when draw is
 * set) those above end.  Returns the lines it takes; "" is one blank line.
 */
static int
screen_para(WINDOW *w, int y, int end, const char *s, int draw)
{
	size_t len = strlen(s), n, next;
	int lines = 0, cols = getmaxx(w);

	if (len == 0)
		return 1;
	for (;;) {
		while (len > 0 && *s == ' ') {
			s++;
			len--;
		}
		if (len == 0)
			break;
		n = screen_wrap(s, len, cols, &next);
		if (draw && y + lines < end)
			screen_putn(w, y + lines,
				    (cols - screen_widthn(s, n)) / 2, s, n,
				    cols);
		lines++;
		s += next;
		len -= next;
	}
	return lines;
}

/* Paragraphs centred in the rows from top; what does not fit is cut. */
void
screen_center(WINDOW *w, int top, int rows, const char *const *paras, int n)
{
	int i, total = 0, y;

	for (i = 0; i < n; i++)
		total += screen_para(w, 0, 0, paras[i], 0);
	y = top + (rows > total ? (rows - total) / 2 : 0);
	for (i = 0; i < n; i++)
		y += screen_para(w, y, top + rows, paras[i], 1);
}

/* An arrow for a sort order: up for ascending, down for descending. */
const char *
screen_arrow(int down)
{
	if (wcwidth(L'\u25b2') == 1)
		return down ? "\u25bc" : "\u25b2";
	return down ? "v" : "^";
}

/* A full-width classification banner on line y. */
static void
screen_banner(int y, const struct tui *t)
{
	attr_t a = screen_banner_attr(t->banner_level);
	char text[MARKING_TEXT_MAX + 260];
	int w;

	/* In an exercise the exercise marking joins every banner. */
	if (t->exercise && t->phase == TUI_OPEN)
		snprintf(text, sizeof text, "%s  %s  %s", t->x.marking,
			 t->banner, t->x.marking);
	else
		snprintf(text, sizeof text, "%s", t->banner);
	w = screen_width(text);
	wattrset(stdscr, a);
	screen_fill(stdscr, y, 0, COLS, a);
	screen_put(stdscr, y, w < COLS ? (COLS - w) / 2 : 0, text, COLS);
	wattrset(stdscr, A_NORMAL);
}

/*
 * The tab bar.  When the tabs do not all fit, the first ones give way
 * until the current tab shows.
 */
static void
screen_tabs(const struct tui *t)
{
	int w[TUI_NVIEWS], v, first, x, sum;
	attr_t a;

	for (v = 0; v < TUI_NVIEWS; v++)
		w[v] = tui_view_shown(t, v)
			   ? screen_width(screen_view_name(v)) + 2
			   : 0;
	for (first = 0; first < t->view; first++) {
		for (sum = 0, v = first; v <= t->view; v++)
			sum += w[v];
		if (sum <= COLS)
			break;
	}
	for (x = 0, v = first; v < TUI_NVIEWS && x < COLS; v++) {
		if (w[v] == 0)
			continue;
		a = v == t->view ? A_REVERSE | A_BOLD : A_NORMAL;
		wattrset(stdscr, a);
		screen_fill(stdscr, 1, x, w[v], a);
		screen_put(stdscr, 1, x + 1, screen_view_name(v), w[v] - 2);
		x += w[v];
	}
	wattrset(stdscr, A_NORMAL);
}

/*
 * The status line: where the user is on the left, then the message, then
 * the key hints on the right.  The message wins over the hints when the
 * line is too short for both.
 */
static void
screen_status(const struct tui *t)
{
	/* TRANSLATORS: key hints on the right of the status line. */
	const char *hints = t->phase == TUI_OPEN      ? _("?:help  q:quit")
			    : t->phase == TUI_NOSTORE ? _("q:quit")
						      : "";
	char left[256];
	int y = LINES - 2, x, room, hw;

	if (t->phase != TUI_OPEN)
		snprintf(left, sizeof left, "relto");
	else
		/* TRANSLATORS: left of the status line: the station's name
		   and the view's. */
		snprintf(left, sizeof left, _("%s — %s"),
			 t->station[0] ? t->station : "relto",
			 screen_view_name(t->view));
	if (t->phase == TUI_OPEN && t->notice != NULL)
		snprintf(left + strlen(left), sizeof left - strlen(left),
			 " — %s", t->notice);
	wattrset(stdscr, A_REVERSE);
	screen_fill(stdscr, y, 0, COLS, A_REVERSE);
	x = 1 + screen_put(stdscr, y, 1, left, COLS - 2) + 2;
	room = COLS - 1 - x;
	if (t->message != NULL) {
		wattrset(stdscr, A_REVERSE | A_BOLD);
		x += screen_put(stdscr, y, x, t->message, room);
		wattrset(stdscr, A_REVERSE);
		room = COLS - 1 - x - 2;
	}
	hw = screen_width(hints);
	if (hw <= room)
		screen_put(stdscr, y, COLS - 1 - hw, hints, hw);
	wattrset(stdscr, A_NORMAL);
}

int
screen_body_top(void)
{
	return 2;
}

int
screen_body_rows(void)
{
	return LINES - 4;
}

/* Play stopped for a real-world event: nothing of the exercise shows. */
static void
screen_suspended(struct tui *t)
{
	const char *p[5];

	snprintf(t->banner, sizeof t->banner, "%s", "UNCLASSIFIED");
	t->banner_level = -1;
	p[0] = _("PLAY IS SUSPENDED");
	p[1] = "";
	p[2] = _("The real-world code word was given: a real event takes "
		 "precedence over the exercise.");
	p[3] = "";
	p[4] = t->trainer ? _("Press R to resume play when it is over.")
			  : _("Wait for the trainer to resume play.");
	wattrset(stdscr, A_BOLD);
	screen_center(stdscr, screen_body_top(), screen_body_rows(), p, 5);
	wattrset(stdscr, A_NORMAL);
}

/* The body: the view, or what the phase has in its place. */
static void
screen_body(struct tui *t)
{
	if (t->phase == TUI_NOSTORE)
		unlock_draw_nostore(t);
	else if (t->phase == TUI_OPEN && t->exercise &&
		 exercise_suspended(&t->x))
		screen_suspended(t);
	else if (t->phase == TUI_OPEN)
		tui_viewdef(t->view)->draw(t, screen_body_top(),
					   screen_body_rows());
}

int
screen_too_small(void)
{
	return COLS < TUI_MIN_COLS || LINES < TUI_MIN_ROWS;
}

/* Too small for the frame: the banners while they fit, and why. */
static void
screen_small(const struct tui *t)
{
	char msg[256];
	const char *p[1];
	int top = 0, rows = LINES;

	if (LINES >= 2) {
		screen_banner(0, t);
		top = 1;
		rows--;
	}
	if (LINES >= 3) {
		screen_banner(LINES - 1, t);
		rows--;
	}
	snprintf(msg, sizeof msg,
		 /* TRANSLATORS: columns x rows: the terminal's size, then
		    the least the workstation needs. */
		 _("Terminal too small (%dx%d); need at least %dx%d"), COLS,
		 LINES, TUI_MIN_COLS, TUI_MIN_ROWS);
	p[0] = msg;
	screen_center(stdscr, top, rows, p, 1);
}

/*
 * Draw the whole screen, without putting it on the terminal: a dialog
 * draws over it first.  The view sets the banner as it draws, so the
 * body comes before the banners.
 */
void
screen_compose(struct tui *t)
{
	werase(stdscr);
	if (screen_too_small()) {
		if (t->phase == TUI_OPEN)
			tui_viewdef(t->view)->draw(t, 0, 0);
		screen_small(t);
		return;
	}
	if (t->help) {
		tui_viewdef(t->view)->draw(t, 0, 0);
		werase(stdscr);
		keys_draw_help(t);
	} else
		screen_body(t);
	screen_banner(0, t);
	if (t->phase == TUI_OPEN)
		screen_tabs(t);
	screen_status(t);
	screen_banner(LINES - 1, t);
}

/* Put what was drawn on the terminal, in one update. */
void
screen_flush(void)
{
	wnoutrefresh(stdscr);
	doupdate();
	tui_timing_stop();
}

/* Draw the whole screen and put it on the terminal. */
void
screen_draw(struct tui *t)
{
	t->cursor_y = -1;
	screen_compose(t);
	/* A view that edits text shows the cursor where it types. */
	if (t->cursor_y >= 0 && !screen_too_small() && !t->help) {
		curs_set(1);
		wmove(stdscr, t->cursor_y,
		      t->cursor_x < COLS ? t->cursor_x : COLS - 1);
	} else
		curs_set(0);
	screen_flush();
}
