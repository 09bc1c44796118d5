/*
 * tui.h -- the full-screen workstation (ncursesw).
 *
 * The public part is tui_main() and tui_error(), and needs no curses
 * header.  The rest is shared by the files of src/tui only, which define
 * RELTO_TUI_INTERNAL before including this file; so <curses.h> and its
 * macros (OK, ERR, TRUE, move(), clear() ...) stay out of the callers.
 *
 * The TUI is a thin front end: it draws what core answers and passes the
 * user's choice back; no rule of the product lives here.
 */
#ifndef RELTO_TUI_H
#define RELTO_TUI_H

/* ---- public ---------------------------------------------------------- */

struct tui_options {
	const char *db_path; /* the store to open; NULL for the default */
	int no_color;        /* never use colours (as NO_COLOR does) */
};

/* tui_main() returns this when stdin or stdout is not a terminal. */
#define TUI_ENOTTY 2

/*
 * Run the workstation until the user quits.  Returns 0 on a normal quit,
 * 128 + N when signal N (SIGINT, SIGTERM, SIGHUP, SIGQUIT) ended it, and
 * TUI_ENOTTY (2), having drawn nothing, when stdin or stdout is not a
 * terminal or the terminal cannot be used; tui_error() then says why.
 * The terminal is restored on every path.  setlocale() is the caller's.
 */
int tui_main(const struct tui_options *opt);

/* The translated reason of tui_main()'s last failure, or NULL. */
const char *tui_error(void);

/* ---- internal to src/tui --------------------------------------------- */
#ifdef RELTO_TUI_INTERNAL

#include <curses.h>

/* The views, in tab-bar order; keys 1 to 6 select them. */
enum tui_view {
	TUI_VIEW_AGREEMENTS,
	TUI_VIEW_PARTNERS,
	TUI_VIEW_REPORTS,
	TUI_VIEW_RELEASE,
	TUI_VIEW_EXPORTS,
	TUI_VIEW_AUDIT,
	TUI_NVIEWS
};

/* The smallest terminal the full frame is drawn in. */
#define TUI_MIN_COLS 40
#define TUI_MIN_ROWS 10

struct tui {
	int view;            /* enum tui_view */
	int help;            /* the help overlay is shown */
	int help_top;        /* first help row shown (scrolling) */
	int quit;            /* leave the event loop */
	const char *banner;  /* rolled-up classification banner */
	const char *message; /* translated status-line message, or NULL */
};

/* Key codes: characters are themselves; curses KEY_* are tagged. */
#define TUI_KEY_FN(k)   (0x1000000 | (k))
#define TUI_KEY_CTRL(c) ((c)&0x1f)
#define TUI_KEY_ESC     0x1b

/* screen.c: colours, layout and drawing. */
void screen_init_colors(int allowed);
attr_t screen_banner_attr(const char *banner);
const char *screen_view_name(int view);
int screen_width(const char *s);
int screen_put(WINDOW *w, int y, int x, const char *s, int cols);
int screen_putn(WINDOW *w, int y, int x, const char *s, size_t len, int cols);
void screen_fill(WINDOW *w, int y, int x, int cols, attr_t attr);
void screen_box(WINDOW *w, int y, int x, int h, int cols);
int screen_body_top(void);
int screen_body_rows(void);
int screen_too_small(void);
void screen_draw(struct tui *t);

/* keys.c: the binding table, dispatch and the help overlay. */
void keys_dispatch(struct tui *t, int key);
void keys_draw_help(struct tui *t);

#endif /* RELTO_TUI_INTERNAL */
#endif
