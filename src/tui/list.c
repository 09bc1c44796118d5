/*
 * list.c -- the list widget: rows of cells under a header, one row
 * selected, scrolled to keep it in view; sorted by any column, filtered
 * and searched.
 *
 * Rows are added once (list_add) and keep their place in l->row; what is
 * shown is l->vis, the rows that pass the filter in sort order, rebuilt
 * by list_apply().  The selection is an index into l->vis and follows its
 * row through a new sort or filter when the row stays shown.
 *
 * With a source (struct list_source) the view pages the rows: the list
 * holds a window of them, l->row[i] being row l->base + i of the order,
 * and asks for another window when the selection or the screen leaves
 * it; l->nvis is the source's count and l->vis is not used.  Widths then
 * only grow, from the rows seen, so columns do not jump while scrolling.
 *
 * Every cell is passed through core's text_sanitize_line() when it is
 * added, so nothing from the store reaches the terminal unfiltered.
 * Columns are as wide as their widest cell, in display columns, up to
 * their maximum; the LIST_FLEX column takes what the others leave, and
 * when the screen is too narrow the widest columns give up columns first
 * (their cells end in an ellipsis).
 *
 * The filter is a line of words, all of which a row must match: a bare
 * word is a case-insensitive substring of any cell; "key:value" matches
 * the column whose key is key (substring), or, for a key the view adds
 * (l->keys), whatever the view's l->match says.  Keys are never
 * translated, like the keywords of the records format.  The search is
 * the same substring test over all cells, from the selection on.
 */
#include "config.h"

#define RELTO_TUI_INTERNAL

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "list.h"
#include "text.h"

#define LIST_GAP 2

enum list_action {
	LIST_DOWN = TUI_ACT_LIST,
	LIST_UP,
	LIST_PGDN,
	LIST_PGUP,
	LIST_HOME,
	LIST_END,
	LIST_SORT,
	LIST_REVERSE,
	LIST_SEARCH,
	LIST_NEXT,
	LIST_PREV,
	LIST_FILTER,
};

static const struct tui_binding list_bindings[] = {
    {'j', LIST_DOWN, N_("Next row")},
    {TUI_KEY_FN(KEY_DOWN), LIST_DOWN, NULL},
    {'k', LIST_UP, N_("Previous row")},
    {TUI_KEY_FN(KEY_UP), LIST_UP, NULL},
    {TUI_KEY_FN(KEY_NPAGE), LIST_PGDN, N_("Next page")},
    {' ', LIST_PGDN, NULL},
    {TUI_KEY_FN(KEY_PPAGE), LIST_PGUP, N_("Previous page")},
    {'g', LIST_HOME, N_("First row")},
    {TUI_KEY_FN(KEY_HOME), LIST_HOME, NULL},
    {'G', LIST_END, N_("Last row")},
    {TUI_KEY_FN(KEY_END), LIST_END, NULL},
    {'s', LIST_SORT, N_("Sort by the next column")},
    {'S', LIST_REVERSE, N_("Reverse the sort order")},
    {'/', LIST_SEARCH, N_("Search")},
    {'n', LIST_NEXT, N_("Next match")},
    {'N', LIST_PREV, N_("Previous match")},
    {'f', LIST_FILTER, N_("Filter (words, or key:value)")},
};

const struct tui_keymap list_keymap = {
    /* TRANSLATORS: a heading in the help. */
    N_("In a list"),
    list_bindings,
    TUI_NKEYS(list_bindings),
};

void
list_init(struct list *l, const struct list_col *col, int ncol)
{
	memset(l, 0, sizeof *l);
	l->col = col;
	l->ncol = ncol < LIST_MAXCOLS ? ncol : LIST_MAXCOLS;
	l->sort = -1;
}

static void
list_drop_rows(struct list *l)
{
	int i, c;

	for (i = 0; i < l->nrow; i++)
		for (c = 0; c < l->ncol; c++)
			free(l->row[i].cell[c]);
	free(l->row);
	l->row = NULL;
	l->nrow = l->cap = 0;
}

/* Drop the rows; keep the columns, sort, filter and search. */
void
list_clear(struct list *l)
{
	list_drop_rows(l);
	free(l->vis);
	l->vis = NULL;
	l->nvis = l->base = l->total = 0;
}

/* Page the rows from src from now on (list_apply() asks it first). */
void
list_source_set(struct list *l, const struct list_source *src)
{
	list_clear(l);
	l->src = src;
}

/* The row at index vi of what is shown, or NULL (outside the window). */
static const struct list_row *
list_at(const struct list *l, int vi)
{
	if (vi < 0 || vi >= l->nvis)
		return NULL;
	if (l->src == NULL)
		return &l->row[l->vis[vi]];
	vi -= l->base;
	return vi >= 0 && vi < l->nrow ? &l->row[vi] : NULL;
}

void
list_free(struct list *l)
{
	list_clear(l);
}

/* Add a row; cells[] has one string per column.  Returns it, or -1. */
int
list_add(struct list *l, int ref, const char *const *cells,
	 const long long *nums)
{
	struct list_row *r, *nv;
	int c, i;

	if (l->nrow == l->cap) {
		i = l->cap ? 2 * l->cap : 32;
		if ((nv = realloc(l->row, (size_t)i * sizeof *nv)) == NULL)
			return -1;
		l->row = nv;
		l->cap = i;
	}
	r = &l->row[l->nrow];
	memset(r, 0, sizeof *r);
	r->ref = ref;
	for (c = 0; c < l->ncol; c++) {
		const char *s = cells[c] != NULL ? cells[c] : "";

		r->cell[c] = text_sanitize_line(s, strlen(s), NULL);
		if (r->cell[c] == NULL) {
			while (c-- > 0)
				free(r->cell[c]);
			return -1;
		}
		r->num[c] = nums != NULL ? nums[c] : 0;
	}
	return l->nrow++;
}

void
list_set_attr(struct list *l, int row, attr_t attr)
{
	if (row >= 0 && row < l->nrow)
		l->row[row].attr = attr;
}

static int
list_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Is needle in hay, ignoring ASCII case?  "" is everywhere. */
static int
list_has(const char *hay, const char *needle, size_t n)
{
	size_t i;

	if (n == 0)
		return 1;
	for (; *hay != '\0'; hay++) {
		for (i = 0; i < n && hay[i] != '\0'; i++)
			if (list_lower((unsigned char)hay[i]) !=
			    list_lower((unsigned char)needle[i]))
				break;
		if (i == n)
			return 1;
	}
	return 0;
}

static int
list_casecmp(const char *a, const char *b)
{
	int x, y;

	for (;; a++, b++) {
		x = list_lower((unsigned char)*a);
		y = list_lower((unsigned char)*b);
		if (x != y || x == '\0')
			return x - y;
	}
}

static int
list_row_has(const struct list *l, const struct list_row *r, const char *needle,
	     size_t n)
{
	int c;

	for (c = 0; c < l->ncol; c++)
		if (list_has(r->cell[c], needle, n))
			return 1;
	return 0;
}

/* The column whose filter key is key[0..n), or -1. */
static int
list_col_of(const struct list *l, const char *key, size_t n)
{
	int c;

	for (c = 0; c < l->ncol; c++)
		if (l->col[c].key != NULL && strlen(l->col[c].key) == n &&
		    strncmp(l->col[c].key, key, n) == 0)
			return c;
	return -1;
}

static int
list_extra_key(const struct list *l, const char *key, size_t n)
{
	int i;

	for (i = 0; l->keys != NULL && l->keys[i] != NULL; i++)
		if (strlen(l->keys[i]) == n && strncmp(l->keys[i], key, n) == 0)
			return 1;
	return 0;
}

/*
 * The next word of the filter from *p: sets *w, *n and, for key:value,
 * *k and *kn (else *kn is 0).  Returns 0 at the end.
 */
static int
list_word(const char **p, const char **k, size_t *kn, const char **w, size_t *n)
{
	const char *s = *p, *colon;

	while (*s == ' ')
		s++;
	if (*s == '\0')
		return 0;
	*w = s;
	while (*s != '\0' && *s != ' ')
		s++;
	*n = (size_t)(s - *w);
	*p = s;
	*kn = 0;
	colon = memchr(*w, ':', *n);
	if (colon != NULL && colon > *w) {
		*k = *w;
		*kn = (size_t)(colon - *w);
		*n -= *kn + 1;
		*w = colon + 1;
	}
	return 1;
}

/* The next word of the filter from *p (start at l->filter); 0 at the end. */
int
list_filter_word(const struct list *l, const char **p, struct list_word *lw)
{
	const char *k = NULL;

	if (!list_word(p, &k, &lw->keylen, &lw->text, &lw->len))
		return 0;
	lw->key = lw->keylen > 0 ? k : NULL;
	lw->col = lw->key != NULL ? list_col_of(l, k, lw->keylen) : -1;
	if (lw->col >= 0)
		lw->key = NULL;
	return 1;
}

/* The first key of filter that no column or view knows, or NULL. */
static const char *
list_bad_key(const struct list *l, const char *filter, size_t *len)
{
	const char *p = filter, *k = NULL, *w;
	size_t kn, n;

	while (list_word(&p, &k, &kn, &w, &n))
		if (kn > 0 && list_col_of(l, k, kn) < 0 &&
		    !list_extra_key(l, k, kn)) {
			*len = kn;
			return k;
		}
	return NULL;
}

static int
list_passes(struct tui *t, const struct list *l, const struct list_row *r)
{
	const char *p = l->filter, *k = NULL, *w;
	char key[64], val[256];
	size_t kn, n;
	int c;

	while (list_word(&p, &k, &kn, &w, &n)) {
		if (kn == 0) {
			if (!list_row_has(l, r, w, n))
				return 0;
			continue;
		}
		if ((c = list_col_of(l, k, kn)) >= 0) {
			if (!list_has(r->cell[c], w, n))
				return 0;
			continue;
		}
		if (l->match == NULL || kn >= sizeof key || n >= sizeof val)
			return 0;
		memcpy(key, k, kn);
		key[kn] = '\0';
		memcpy(val, w, n);
		val[n] = '\0';
		if (!l->match(t, r->ref, key, val))
			return 0;
	}
	return 1;
}

static const struct list *list_sorting; /* list_cmp()'s list */

static int
list_cmp(const void *pa, const void *pb)
{
	const struct list *l = list_sorting;
	int a = *(const int *)pa, b = *(const int *)pb, s = l->sort, c = 0;
	const struct list_row *ra = &l->row[a], *rb = &l->row[b];

	if (s >= 0) {
		if (l->col[s].flags & LIST_NUMERIC)
			c = (ra->num[s] > rb->num[s]) -
			    (ra->num[s] < rb->num[s]);
		else if ((c = list_casecmp(ra->cell[s], rb->cell[s])) == 0)
			c = strcmp(ra->cell[s], rb->cell[s]);
		if (l->rev)
			c = -c;
	}
	return c != 0 ? c : (a > b) - (a < b);
}

/* Widths from the titles, or grown by the rows now here. */
static void
list_widths(struct list *l, int reset)
{
	int c, i, w;

	for (c = 0; c < l->ncol; c++) {
		if (reset)
			l->width[c] = screen_width(_(l->col[c].title)) + 1;
		for (i = 0; i < l->nrow; i++)
			if ((w = screen_width(l->row[i].cell[c])) > l->width[c])
				l->width[c] = w;
		if (l->col[c].max > 0 && l->width[c] > l->col[c].max)
			l->width[c] = l->col[c].max;
	}
}

/*
 * With a source: make sure rows from to from + n - 1 are here, fetching
 * a window around them when they are not.
 */
int
list_window(struct tui *t, struct list *l, int from, int n)
{
	int off, want;

	if (l->src == NULL)
		return 0;
	if (from < 0)
		from = 0;
	if (n < 1)
		n = 1;
	if (from + n > l->nvis)
		n = l->nvis - from;
	if (n <= 0 || (from >= l->base && from + n <= l->base + l->nrow))
		return 0;
	want = 3 * n > 200 ? 3 * n : 200;
	off = from - want / 3 > 0 ? from - want / 3 : 0;
	list_drop_rows(l);
	l->base = off;
	if (l->src->fetch(t, l, off, want) != 0)
		return -1;
	list_widths(l, 0);
	return 0;
}

/* list_apply() with a source: count again, find the selection again. */
static int
list_apply_source(struct tui *t, struct list *l)
{
	const struct list_row *r = list_at(l, l->sel);
	char key[256];
	int idx = -1;

	snprintf(key, sizeof key, "%s", r != NULL ? r->cell[0] : "");
	list_drop_rows(l);
	l->base = 0;
	if (l->src->count(t, l) != 0) {
		l->nvis = 0;
		return -1;
	}
	list_widths(l, 1);
	l->sel = 0;
	if (key[0] != '\0' && l->src->locate(t, l, key, &idx) == 0 && idx >= 0)
		l->sel = idx;
	return list_window(t, l, l->sel, l->page > 1 ? l->page : 20);
}

/* Cell col of the row at index vi, fetched when needed; NULL: none. */
const char *
list_cell(struct tui *t, struct list *l, int vi, int col)
{
	const struct list_row *r;

	list_window(t, l, vi, 1);
	r = list_at(l, vi);
	return r != NULL && col >= 0 && col < l->ncol ? r->cell[col] : NULL;
}

/* Select the row whose key (column 0) is key, if it is shown. */
int
list_select_key(struct tui *t, struct list *l, const char *key)
{
	int idx = -1;

	if (l->src == NULL) {
		list_select_cell(l, 0, key);
		return 0;
	}
	if (l->src->locate(t, l, key, &idx) != 0)
		return -1;
	if (idx >= 0) {
		l->sel = idx;
		list_window(t, l, idx, l->page > 1 ? l->page : 1);
	}
	return 0;
}

/*
 * Rebuild what is shown after rows, the sort or the filter changed; the
 * selected row stays selected while it is shown.  Returns 0, or -1 (the
 * reason in the status line) when the filter names an unknown key.
 */
int
list_apply(struct tui *t, struct list *l)
{
	const char *bad;
	size_t badn;
	int i, was = -1, *nv;

	if ((bad = list_bad_key(l, l->filter, &badn)) != NULL) {
		tui_msg(t, _("No column or filter is called '%.*s'"), (int)badn,
			bad);
		return -1;
	}
	if (l->src != NULL)
		return list_apply_source(t, l);
	if (l->sel >= 0 && l->sel < l->nvis)
		was = l->vis[l->sel];
	nv = realloc(l->vis, (size_t)(l->nrow > 0 ? l->nrow : 1) * sizeof *nv);
	if (nv == NULL) {
		tui_msg(t, "%s", _("Out of memory"));
		return -1;
	}
	l->vis = nv;
	l->nvis = 0;
	for (i = 0; i < l->nrow; i++)
		if (list_passes(t, l, &l->row[i]))
			l->vis[l->nvis++] = i;
	list_sorting = l;
	qsort(l->vis, (size_t)l->nvis, sizeof *l->vis, list_cmp);
	l->sel = 0;
	for (i = 0; i < l->nvis; i++)
		if (l->vis[i] == was)
			l->sel = i;
	l->total = l->nrow;
	list_widths(l, 1);
	return 0;
}

/* The selected row's ref, or -1 when nothing is shown. */
int
list_selected(const struct list *l)
{
	const struct list_row *r = list_at(l, l->sel);

	return r != NULL ? r->ref : -1;
}

const char *
list_selected_cell(const struct list *l, int col)
{
	const struct list_row *r = list_at(l, l->sel);

	return r != NULL && col >= 0 && col < l->ncol ? r->cell[col] : NULL;
}

/* Select the shown row whose cell in col is text, if there is one. */
void
list_select_cell(struct list *l, int col, const char *text)
{
	int i;

	if (text == NULL || col < 0 || col >= l->ncol || l->src != NULL)
		return;
	for (i = 0; i < l->nvis; i++)
		if (strcmp(l->row[l->vis[i]].cell[col], text) == 0) {
			l->sel = i;
			return;
		}
}

/* The narrowest column c may become. */
static int
list_min(const struct list *l, int c)
{
	int m = l->col[c].min > 0 ? l->col[c].min : 6;

	return m < l->width[c] ? m : l->width[c];
}

/*
 * Column widths for avail columns of screen, and the gap between them.
 * The LIST_FLEX column takes what is left; when too little is left, the
 * gaps narrow to one column, then the flex column and then the others
 * give up columns down to their minimum, the one with most to spare
 * first; past that the right edge cuts.
 */
static int
list_layout(const struct list *l, int avail, int *w)
{
	int c, total = 0, flex = -1, best, gap = LIST_GAP;

	for (c = 0; c < l->ncol; c++) {
		w[c] = l->width[c];
		total += w[c];
		if (l->col[c].flags & LIST_FLEX)
			flex = c;
	}
	if (total + gap * (l->ncol - 1) > avail)
		gap = 1;
	total += gap * (l->ncol - 1);
	if (total < avail && flex >= 0)
		w[flex] += avail - total;
	while (total > avail) {
		best = -1;
		if (flex >= 0 && w[flex] > list_min(l, flex))
			best = flex;
		else
			for (c = 0; c < l->ncol; c++)
				if (w[c] > list_min(l, c) &&
				    (best < 0 ||
				     w[c] - list_min(l, c) >
					 w[best] - list_min(l, best)))
					best = c;
		if (best < 0)
			break;
		w[best]--;
		total--;
	}
	return gap;
}

/* "3 of 5  ·  sorted by … ↑  ·  filter: …" */
static void
list_info(const struct list *l, char *buf, size_t cap)
{
	size_t n;

	/* TRANSLATORS: rows shown of all rows of a list. */
	n = (size_t)snprintf(buf, cap, _("%d of %d"), l->nvis,
			     l->src != NULL ? l->total : l->nrow);
	if (n < cap && l->sort >= 0)
		/* TRANSLATORS: %s%s: a column's title and an arrow. */
		n += (size_t)snprintf(
		    buf + n, cap - n, _("  ·  sorted by %s%s"),
		    _(l->col[l->sort].title), screen_arrow(l->rev));
	if (n < cap && l->filter[0] != '\0')
		snprintf(buf + n, cap - n, _("  ·  filter: %s"), l->filter);
}

/*
 * Draw the list in rows lines from y, over the whole width: an info line,
 * the header, then the rows.
 */
void
list_draw(struct tui *t, struct list *l, int y, int rows)
{
	int w[LIST_MAXCOLS], c, i, x, h, vi, avail = COLS - 2, cw, gap;
	const struct list_row *r;
	char info[512], head[128];
	attr_t a;

	if (rows < 1)
		return;
	list_info(l, info, sizeof info);
	wattrset(stdscr, A_NORMAL);
	screen_put(stdscr, y, 1, info, avail);
	if (rows < 2)
		return;
	gap = list_layout(l, avail, w);
	wattrset(stdscr, A_BOLD | A_UNDERLINE);
	screen_fill(stdscr, y + 1, 0, COLS, A_BOLD | A_UNDERLINE);
	for (c = 0, x = 1; c < l->ncol && x < COLS; c++) {
		snprintf(head, sizeof head, "%s%s", _(l->col[c].title),
			 c == l->sort ? screen_arrow(l->rev) : "");
		cw = screen_width(head);
		screen_put(stdscr, y + 1,
			   (l->col[c].flags & LIST_RIGHT) && cw < w[c]
			       ? x + w[c] - cw
			       : x,
			   head, w[c]);
		x += w[c] + gap;
	}
	wattrset(stdscr, A_NORMAL);
	h = rows - 2;
	l->page = h > 1 ? h : 1;
	if (l->sel >= l->nvis)
		l->sel = l->nvis - 1;
	if (l->sel < 0)
		l->sel = 0;
	if (l->top > l->sel)
		l->top = l->sel;
	if (l->sel >= l->top + h)
		l->top = l->sel - h + 1;
	if (l->top > l->nvis - h)
		l->top = l->nvis - h;
	if (l->top < 0)
		l->top = 0;
	list_window(t, l, l->top, h);
	if (l->nvis == 0) {
		screen_put(
		    stdscr, y + 2, 1,
		    (l->src != NULL ? l->filter[0] == '\0' : l->nrow == 0)
			? _("Nothing to show.")
			: _("Nothing matches the filter (f "
			    "changes it)."),
		    avail);
		return;
	}
	for (i = 0; i < h && (vi = l->top + i) < l->nvis; i++) {
		if ((r = list_at(l, vi)) == NULL)
			break;
		a = r->attr | (vi == l->sel ? A_REVERSE : A_NORMAL);
		wattrset(stdscr, a);
		screen_fill(stdscr, y + 2 + i, 0, COLS, a);
		for (c = 0, x = 1; c < l->ncol && x < COLS; c++) {
			cw = screen_width(r->cell[c]);
			screen_put(stdscr, y + 2 + i,
				   (l->col[c].flags & LIST_RIGHT) && cw < w[c]
				       ? x + w[c] - cw
				       : x,
				   r->cell[c], w[c]);
			x += w[c] + gap;
		}
	}
	wattrset(stdscr, A_NORMAL);
}

/* list_find() with a source: from `from`, then wrapped from the end. */
static int
list_find_source(struct tui *t, struct list *l, int from, int dir,
		 const char *text, int *wrapped)
{
	int idx = -1;

	*wrapped = 0;
	if (l->nvis == 0)
		return -1;
	if (from >= 0 && from < l->nvis &&
	    l->src->find(t, l, text, from, dir, &idx) != 0)
		return -1;
	if (idx < 0) {
		*wrapped = 1;
		if (l->src->find(t, l, text, dir > 0 ? 0 : l->nvis - 1, dir,
				 &idx) != 0)
			return -1;
	}
	if (idx >= 0)
		list_window(t, l, idx, l->page > 1 ? l->page : 1);
	return idx;
}

/* The shown row matching text from vis index from on, stepping by dir. */
static int
list_find(struct tui *t, struct list *l, int from, int dir, const char *text,
	  int *wrapped)
{
	size_t n = strlen(text);
	int i, vi;

	if (l->src != NULL)
		return list_find_source(t, l, from, dir, text, wrapped);
	*wrapped = 0;
	for (i = 0; i < l->nvis; i++) {
		vi = from + dir * i;
		if (vi >= l->nvis || vi < 0) {
			*wrapped = 1;
			vi = (vi % l->nvis + l->nvis) % l->nvis;
		}
		if (list_row_has(l, &l->row[l->vis[vi]], text, n))
			return vi;
	}
	return -1;
}

struct list_search {
	struct list *l;
	int start;
};

/* Incremental search: each change selects the first match from start. */
static void
list_search_changed(struct tui *t, const char *text, void *arg,
		    const char **error)
{
	struct list_search *ls = arg;
	int vi, wrapped;

	*error = NULL;
	if (*text == '\0') {
		ls->l->sel = ls->start;
		return;
	}
	vi = list_find(t, ls->l, ls->start, 1, text, &wrapped);
	if (vi < 0)
		*error = _("not found");
	else
		ls->l->sel = vi;
}

static void
list_search(struct tui *t, struct list *l)
{
	struct list_search ls;
	struct dialog d;
	char buf[sizeof l->search];
	int wrapped;

	memset(&d, 0, sizeof d);
	d.label = "/";
	d.line = 1;
	d.changed = list_search_changed;
	d.arg = &ls;
	ls.l = l;
	ls.start = l->sel;
	buf[0] = '\0';
	if (dialog_prompt(t, &d, buf, sizeof buf) != DIALOG_YES) {
		l->sel = ls.start;
		return;
	}
	if (buf[0] == '\0') {
		list_run(t, l, LIST_NEXT); /* "/" Enter: the last search */
		return;
	}
	snprintf(l->search, sizeof l->search, "%s", buf);
	if (list_find(t, l, ls.start, 1, buf, &wrapped) < 0)
		tui_msg(t, _("Not found: %s"), buf);
	else if (wrapped)
		tui_msg(t, "%s", _("Search wrapped to the top"));
}

static void
list_next(struct tui *t, struct list *l, int dir)
{
	int vi, wrapped;

	if (l->search[0] == '\0') {
		tui_msg(t, "%s", _("No search yet: press / to search"));
		return;
	}
	if (l->nvis == 0 || (vi = list_find(t, l, l->sel + dir, dir, l->search,
					    &wrapped)) < 0) {
		tui_msg(t, _("Not found: %s"), l->search);
		return;
	}
	l->sel = vi;
	if (wrapped)
		tui_msg(t, "%s",
			dir > 0 ? _("Search wrapped to the top")
				: _("Search wrapped to the bottom"));
}

/* The filter keys of l, joined, for the prompt's hint. */
static void
list_keys_hint(const struct list *l, char *buf, size_t cap)
{
	size_t n = 0;
	int c, i;

	buf[0] = '\0';
	for (c = 0; c < l->ncol && n < cap; c++)
		if (l->col[c].key != NULL)
			n += (size_t)snprintf(buf + n, cap - n, "%s%s",
					      n ? " " : "", l->col[c].key);
	for (i = 0; l->keys != NULL && l->keys[i] != NULL && n < cap; i++)
		n += (size_t)snprintf(buf + n, cap - n, "%s%s", n ? " " : "",
				      l->keys[i]);
}

static void
list_filter(struct tui *t, struct list *l)
{
	char buf[sizeof l->filter], old[sizeof l->filter], keys[256], hint[320];
	char why[sizeof t->msgbuf];
	struct dialog d;

	memset(&d, 0, sizeof d);
	/* TRANSLATORS: the prompt of a list's filter. */
	d.label = _("Filter:");
	d.line = 1;
	list_keys_hint(l, keys, sizeof keys);
	/* TRANSLATORS: %s lists the filter's keys; they stay English. */
	snprintf(hint, sizeof hint, _("key:value, key one of %s"), keys);
	d.hint = hint;
	snprintf(buf, sizeof buf, "%s", l->filter);
	if (dialog_prompt(t, &d, buf, sizeof buf) != DIALOG_YES)
		return;
	snprintf(old, sizeof old, "%s", l->filter);
	snprintf(l->filter, sizeof l->filter, "%s", buf);
	if (list_apply(t, l) != 0) {
		/* Back to the old filter; its rows again (a source's count
		   may have failed after dropping them).  The reason stays. */
		snprintf(why, sizeof why, "%s", t->msgbuf);
		snprintf(l->filter, sizeof l->filter, "%s", old);
		list_apply(t, l);
		tui_msg(t, "%s", why);
		return;
	}
	if (l->filter[0] == '\0')
		tui_msg(t, "%s", _("Filter cleared"));
}

/* Act on one of list_keymap's actions. */
void
list_run(struct tui *t, struct list *l, int action)
{
	if (l == NULL)
		return;
	switch (action) {
	case LIST_DOWN:
		if (l->sel < l->nvis - 1)
			l->sel++;
		break;
	case LIST_UP:
		if (l->sel > 0)
			l->sel--;
		break;
	case LIST_PGDN:
		l->sel += l->page > 1 ? l->page : 1;
		if (l->sel > l->nvis - 1)
			l->sel = l->nvis - 1;
		l->top = l->sel;
		break;
	case LIST_PGUP:
		l->sel -= l->page > 1 ? l->page : 1;
		if (l->sel < 0)
			l->sel = 0;
		l->top = l->sel - (l->page > 1 ? l->page - 1 : 0);
		break;
	case LIST_HOME:
		l->sel = 0;
		break;
	case LIST_END:
		l->sel = l->nvis - 1;
		break;
	case LIST_SORT:
		l->sort = (l->sort + 1) % l->ncol;
		list_apply(t, l);
		tui_msg(t, _("Sorted by %s"), _(l->col[l->sort].title));
		break;
	case LIST_REVERSE:
		if (l->sort < 0)
			l->sort = 0;
		l->rev = !l->rev;
		list_apply(t, l);
		break;
	case LIST_SEARCH:
		list_search(t, l);
		break;
	case LIST_NEXT:
		list_next(t, l, 1);
		break;
	case LIST_PREV:
		list_next(t, l, -1);
		break;
	case LIST_FILTER:
		list_filter(t, l);
		break;
	}
	list_window(t, l, l->sel, 1);
}

/* ---- a detail pane under the list ------------------------------------- */

void
list_pane_init(struct list_pane *p)
{
	memset(p, 0, sizeof *p);
	doc_init(&p->doc);
	p->ref = -1;
}

void
list_pane_free(struct list_pane *p)
{
	doc_clear(&p->doc);
}

void
list_pane_act(struct list_pane *p, int act)
{
	int page = p->doc.page > 1 ? p->doc.page - 1 : 1;

	switch (act) {
	case LIST_PANE_TOGGLE:
		p->shown = !p->shown;
		p->doc.top = 0;
		break;
	case LIST_PANE_CLOSE:
		p->shown = 0;
		break;
	case LIST_PANE_DOWN:
		doc_scroll(&p->doc, page);
		break;
	case LIST_PANE_UP:
		doc_scroll(&p->doc, -page);
		break;
	}
}

/*
 * The list in rows from top; when the pane is shown, the list keeps
 * lrows (at least 5) and the pane, titled, takes the rest.
 */
void
list_pane_draw(struct tui *t, struct list *l, struct list_pane *p, int top,
	       int rows, int lrows, list_pane_fill fill, void *view,
	       const char *title)
{
	const char *key;
	int ref;

	/* A paged row's ref is its place in the order, which a new sort or
	   filter gives another row: there the key says which row it is. */
	key = l->src != NULL ? list_selected_cell(l, 0) : NULL;
	if (key != NULL && strcmp(key, p->key) != 0) {
		p->ref = -1;
		snprintf(p->key, sizeof p->key, "%s", key);
	}
	if (!p->shown) {
		list_draw(t, l, top, rows);
		return;
	}
	if (lrows < 5)
		lrows = 5;
	if (lrows > rows)
		lrows = rows;
	list_draw(t, l, top, lrows);
	ref = list_selected(l);
	if (ref < 0) {
		doc_clear(&p->doc);
		p->ref = -1;
	} else if (ref != p->ref || p->gen != t->gen) {
		doc_clear(&p->doc);
		p->ref = ref;
		p->gen = t->gen;
		fill(t, view, ref, &p->doc);
	}
	doc_draw_pane(&p->doc, top + lrows, rows - lrows, title);
}
