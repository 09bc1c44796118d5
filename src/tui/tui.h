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
	int passphrase_fd;   /* read the passphrase's first line; -1: ask */
	int trainer;         /* show the Trainer view (exercise stores) */
	const char *notice;  /* for the status line, e.g. the demo's */
};

/*
 * tui_main() returns this when stdin or stdout is not a terminal, and
 * when the store could not be unlocked (a wrong passphrase, three times
 * at the dialog or once from passphrase_fd, or none given).
 */
#define TUI_ENOTTY 2
#define TUI_EAUTH  2

/*
 * Run the workstation until the user quits.  Returns 0 on a normal quit;
 * 1 when there is no store at the path or it cannot be opened (damaged,
 * busy, not a store: the user has seen why in a dialog); TUI_EAUTH (2)
 * when it could not be unlocked; 128 + N when signal N (SIGINT, SIGTERM,
 * SIGHUP, SIGQUIT) ended it; and TUI_ENOTTY (2), having drawn nothing,
 * when stdin or stdout is not a terminal or the terminal cannot be used.
 * On every failure tui_error() says why.  The terminal is restored on
 * every path.  setlocale() and crypto_init() are the caller's.
 */
int tui_main(const struct tui_options *opt);

/* The translated reason of tui_main()'s last failure, or NULL. */
const char *tui_error(void);

/* ---- internal to src/tui --------------------------------------------- */
#ifdef RELTO_TUI_INTERNAL

#include <curses.h>
#include <stddef.h>

#include "agreement.h"
#include "marking.h"
#include "partner.h"
#include "report.h"
#include "store.h"

/* The views, in tab-bar order; keys 1 to 6 select them. */
enum tui_view {
	TUI_VIEW_AGREEMENTS,
	TUI_VIEW_PARTNERS,
	TUI_VIEW_REPORTS,
	TUI_VIEW_RELEASE,
	TUI_VIEW_EXPORTS,
	TUI_VIEW_AUDIT,
	TUI_VIEW_INBOX,   /* exercise stores only */
	TUI_VIEW_TRAINER, /* exercise stores, with --trainer */
	TUI_NVIEWS
};

/* Where the workstation is: before, at or after unlocking the store. */
enum tui_phase {
	TUI_NOSTORE, /* no file at the path: say how to make one */
	TUI_LOCKED,  /* the passphrase dialog; nothing from the store */
	TUI_OPEN,    /* the store is open: the views */
};

/* The smallest terminal the full frame is drawn in. */
#define TUI_MIN_COLS 40
#define TUI_MIN_ROWS 10

/* One report of the Reports and Release views, with its banner. */
struct tui_report {
	struct report r;
	char *error; /* why it could not be read (sanitized), or NULL */
	struct marking banner;
	int banner_ok;                      /* report_banner() succeeded */
	char banner_text[MARKING_TEXT_MAX]; /* BANNER form, or "?" */
};

struct tui {
	int phase;           /* enum tui_phase */
	int view;            /* enum tui_view */
	int help;            /* the help overlay is shown */
	int help_top;        /* first help row shown (scrolling) */
	int quit;            /* leave the event loop */
	int status;          /* tui_main()'s status after a quit */
	const char *message; /* translated status-line message, or NULL */
	char msgbuf[512];    /* tui_msg()'s message, sanitized */
	const char *db_path;

	/* The banner on the top and bottom lines, set by the view. */
	char banner[MARKING_TEXT_MAX];
	int banner_level; /* enum marking_level; -1: no level's colour */

	/* The store and what the views share, loaded by views.c. */
	struct store *store;
	char station[128];
	struct partner_set set;
	struct marking_ctx ctx; /* own country, today, set */
	struct agreement *agr;  /* see tui_agreements() */
	size_t nagr;
	int agr_loaded;
	unsigned gen; /* bumped on every load: views rebuild from it */

	/* An exercise store: its scenario and clock (exercise.c). */
	int exercise;
	int trainer; /* --trainer: the Trainer view is there */
	struct store_exercise x;
	time_t ticked;    /* when the clock was last advanced */
	int injects_seen; /* delivered injects as of then, -1 before */

	int cursor_y, cursor_x; /* where a view wants the cursor, or -1 */
	const char *notice;     /* tui_options' notice, or NULL */

	void *vs[TUI_NVIEWS]; /* each view's own state, or NULL */
};

/* Key codes: characters are themselves; curses KEY_* are tagged. */
#define TUI_KEY_FN(k)   (0x1000000 | (k))
#define TUI_KEY_CTRL(c) ((c)&0x1f)
#define TUI_KEY_ESC     0x1b
#define TUI_KEY_ENTER   '\r'

/*
 * Bindings: {key, action, help}.  Actions below TUI_ACT_LIST are the
 * global ones (keys.c), those from TUI_ACT_LIST the list widget's
 * (list.c), those from TUI_ACT_VIEW the current view's.
 */
#define TUI_ACT_LIST 100
#define TUI_ACT_VIEW 200

struct tui_binding {
	int key;
	int action;
	const char *help; /* N_(); NULL on an action's further keys */
};

struct tui_keymap {
	const char *heading; /* N_(): the help's heading for these keys */
	const struct tui_binding *b;
	int n;
};

#define TUI_NKEYS(t) ((int)(sizeof(t) / sizeof((t)[0])))

struct list;

/* What a view does; views.c holds the table. */
struct tui_viewdef {
	/* Its keymaps now, most specific first; returns how many. */
	int (*keymaps)(struct tui *t, const struct tui_keymap **out, int max);
	/* The list the list keys act on now, or NULL. */
	struct list *(*list)(struct tui *t);
	/* Set t->banner from what is on screen, and draw the body. */
	void (*draw)(struct tui *t, int top, int rows);
	void (*run)(struct tui *t, int action);
	void (*free)(struct tui *t);
	/* Raw keys first (a text editor); 1 when taken.  May be NULL. */
	int (*key)(struct tui *t, int key);
};

/* The views (view-*.c, and the export queue's place in views.c). */
extern const struct tui_viewdef view_agreements, view_partners, view_reports,
    view_release, view_exports, view_audit, view_inbox, view_trainer;
int tui_view_shown(const struct tui *t, int view);

/* editor.c: the report editor, inside the Reports view. */
struct editor;
struct editor *editor_new(struct tui *t, const struct report *r);
void editor_free(struct editor *ed);
int editor_keymaps(struct editor *ed, const struct tui_keymap **out, int max);
void editor_draw(struct tui *t, struct editor *ed, int top, int rows);
int editor_key(struct tui *t, struct editor *ed, int key);
int editor_run(struct tui *t, struct editor *ed, int action, char *id,
	       size_t cap);
void view_reports_open(struct tui *t, const char *id);
int view_reports_unsaved(struct tui *t);
int view_agreements_unsaved(struct tui *t);
int editor_unsaved(const struct editor *ed);
void tui_exercise_tick(struct tui *t, int force);

/* tui.c: waiting for a key inside the loop or a dialog. */
int tui_key(int *key);

/* views.c: the view table and the data the views share. */
const struct tui_viewdef *tui_viewdef(int view);
int tui_data_load(struct tui *t);
void tui_data_free(struct tui *t);
void tui_views_free(struct tui *t);
void tui_msg(struct tui *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void tui_banner_set(struct tui *t, const struct marking *m);
void tui_banner_unclassified(struct tui *t);
void tui_report_load(struct tui *t, const char *id, struct tui_report *tr);
int tui_agreements(struct tui *t);
void tui_timing_start(const char *what);
void tui_timing_stop(void);
void tui_report_free(struct tui_report *tr);
char *tui_safe(const char *s);

/* screen.c: colours, layout and drawing. */
void screen_init_colors(int allowed);
attr_t screen_banner_attr(int level);
const char *screen_view_name(int view);
int screen_width(const char *s);
int screen_widthn(const char *s, size_t len);
attr_t screen_hit_attr(void);
const char *screen_path(const char *path, int cols, char *out, size_t cap);
int screen_put(WINDOW *w, int y, int x, const char *s, int cols);
int screen_putn(WINDOW *w, int y, int x, const char *s, size_t len, int cols);
void screen_fill(WINDOW *w, int y, int x, int cols, attr_t attr);
void screen_box(WINDOW *w, int y, int x, int h, int cols);
size_t screen_wrap(const char *s, size_t len, int cols, size_t *next);
void screen_center(WINDOW *w, int top, int rows, const char *const *paras,
		   int n);
const char *screen_arrow(int down);
int screen_body_top(void);
int screen_body_rows(void);
int screen_too_small(void);
void screen_compose(struct tui *t);
void screen_flush(void);
void screen_draw(struct tui *t);

/* keys.c: the global bindings, dispatch and the help overlay. */
void keys_dispatch(struct tui *t, int key);
void keys_draw_help(struct tui *t);
const char *keys_label(int key, char *buf, size_t size);

/* dialog.c: modal boxes and prompts over the frame. */
enum dialog_answer {
	DIALOG_STOP = -1, /* a signal or a lost terminal: unwind */
	DIALOG_NO = 0,    /* cancelled, or "no" */
	DIALOG_YES = 1,   /* confirmed, or a prompt's text entered */
};

struct dialog {
	const char *title; /* translated */
	const char *text;  /* translated; paragraphs split by \n */
	const char *error; /* shown in bold under the text, or NULL */
	const char *label; /* a prompt's label */
	const char *hint;  /* a prompt's help: under it, or right of it */
	int secret;        /* show nothing of what is typed */
	int line;          /* prompt on the status line, not in a box */
	/* A prompt's text changed (incremental search); may set error. */
	void (*changed)(struct tui *t, const char *text, void *arg,
			const char **error);
	void *arg;
};

int dialog_message(struct tui *t, const char *title, const char *text);
int dialog_confirm(struct tui *t, const char *title, const char *text);
int dialog_prompt(struct tui *t, const struct dialog *d, char *buf, size_t cap);
int dialog_choose(struct tui *t, const char *title, const char *text,
		  const int *keys, int n, int *choice);
void dialog_show(struct tui *t, const char *title, const char *text);

/* unlock.c: from the path to an open store. */
int unlock_store(struct tui *t, int fd, char *err, size_t cap);
void unlock_draw_nostore(struct tui *t);

#endif /* RELTO_TUI_INTERNAL */
#endif
