/*
 * list.h -- a list of rows of cells: columns laid out by display width,
 * a selection that scrolls, sorting by any column, a filter and an
 * incremental search.  See list.c.  Internal to src/tui.
 */
#ifndef RELTO_TUI_LIST_H
#define RELTO_TUI_LIST_H

#include "doc.h"
#include "tui.h"

#define LIST_MAXCOLS 10

/* Column flags. */
#define LIST_FLEX    1u /* takes the width the others leave */
#define LIST_RIGHT   2u /* right-aligned */
#define LIST_NUMERIC 4u /* sorts by the row's number, not its text */

struct list_col {
	const char *key;   /* filter keyword, never translated */
	const char *title; /* N_() */
	int min;           /* narrowest it shrinks to; 0: 6 columns */
	int max;           /* widest it grows, in columns; 0: no limit */
	unsigned flags;
};

struct list_row {
	char *cell[LIST_MAXCOLS]; /* sanitized, one line each */
	long long num[LIST_MAXCOLS];
	attr_t attr; /* drawn with this, besides the selection */
	int ref;     /* the view's index of what the row shows */
};

/*
 * A view's filter keyword that is not a column: does row ref match
 * value?  1 yes, 0 no.
 */
typedef int (*list_match_fn)(struct tui *t, int ref, const char *key,
			     const char *value);

/*
 * Rows paged by the view (a list of any length): the list keeps only a
 * window of them.  In this mode a row's ref is its index in the order,
 * column 0 is its key, and the source sorts and filters as list_passes()
 * and list_cmp() would, from l->sort, l->rev and l->filter (read with
 * list_filter_word()).  Each returns 0, or -1 having said why on the
 * status line.
 */
struct list;
struct list_source {
	/* l->nvis := how many rows pass the filter. */
	int (*count)(struct tui *t, struct list *l);
	/* list_add() rows off to off + n - 1, ref set to their index. */
	int (*fetch)(struct tui *t, struct list *l, int off, int n);
	/* *index := the index of the row whose key is key, or -1. */
	int (*locate)(struct tui *t, struct list *l, const char *key,
		      int *index);
	/* *index := the first row from index from on, stepping dir (1 or
	   -1), with text in a cell; -1 when none (no wrapping). */
	int (*find)(struct tui *t, struct list *l, const char *text, int from,
		    int dir, int *index);
};

/* A word of the filter: a bare word (col -1, key NULL), a column's
   key:value (col set), or a view's key:value (col -1, key set). */
struct list_word {
	int col;
	const char *key, *text; /* not terminated: keylen, len */
	size_t keylen, len;
};

struct list {
	const struct list_col *col;
	int ncol;
	struct list_row *row;
	int nrow, cap;
	int *vis; /* rows shown, filtered and sorted: indexes into row */
	int nvis;
	int sel, top, page; /* indexes into vis; page: rows last drawn */
	int sort, rev;      /* sort column (-1: as added), reversed */
	char filter[256];
	char search[256];
	const char *const *keys; /* the view's extra filter keywords */
	list_match_fn match;
	int width[LIST_MAXCOLS];       /* natural widths, from every row */
	const struct list_source *src; /* or NULL: every row is here */
	int base;  /* with src: row[i] is row base + i of the order */
	int total; /* with src: rows without the filter (count sets it) */
	struct marking banner; /* with src: of the rows shown (count sets it) */
};

extern const struct tui_keymap list_keymap;

void list_init(struct list *l, const struct list_col *col, int ncol);
void list_clear(struct list *l);
void list_free(struct list *l);
int list_add(struct list *l, int ref, const char *const *cells,
	     const long long *nums);
void list_set_attr(struct list *l, int row, attr_t attr);
int list_apply(struct tui *t, struct list *l);
int list_selected(const struct list *l);
const char *list_selected_cell(const struct list *l, int col);
void list_select_cell(struct list *l, int col, const char *text);
void list_draw(struct tui *t, struct list *l, int y, int rows);
void list_run(struct tui *t, struct list *l, int action);
void list_source_set(struct list *l, const struct list_source *src);
int list_filter_word(const struct list *l, const char **p, struct list_word *w);
int list_window(struct tui *t, struct list *l, int from, int n);
int list_select_key(struct tui *t, struct list *l, const char *key);
const char *list_cell(struct tui *t, struct list *l, int vi, int col);

extern const struct list_source tui_report_source;    /* views.c */
extern const struct list_source tui_agreement_source; /* views.c */

/*
 * A detail pane under a list, for the selected row: shown or not, and
 * built again (by the view's fill) when the selection or the data
 * changes.
 */
struct list_pane {
	int shown;
	struct doc doc;
	int ref;       /* the row the doc shows, or -1 */
	unsigned gen;  /* ... as of this load (tui.gen) */
	char key[256]; /* with a source: that row's key (column 0) */
};

enum list_pane_act {
	LIST_PANE_TOGGLE,
	LIST_PANE_CLOSE,
	LIST_PANE_DOWN,
	LIST_PANE_UP,
};

typedef void (*list_pane_fill)(struct tui *t, void *view, int ref,
			       struct doc *d);

void list_pane_init(struct list_pane *p);
void list_pane_free(struct list_pane *p);
void list_pane_act(struct list_pane *p, int act);
void list_pane_draw(struct tui *t, struct list *l, struct list_pane *p, int top,
		    int rows, int lrows, list_pane_fill fill, void *view,
		    const char *title);

#endif
