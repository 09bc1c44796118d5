/*
 * textedit.c -- the multi-line text editor of a portion: UTF-8 text in
 * one buffer, word-wrapped to the width it is drawn in, with a cursor
 * that moves by character, word and line, a one-line clipboard, undo,
 * and spans drawn highlighted (the sanitizer's hits).
 *
 * Invariants: the buffer is always valid UTF-8 without control
 * characters other than '\n' (typed text passes through here only as
 * wide characters, which are encoded; a paste is our own clipboard);
 * the cursor is a byte offset on a character boundary, 0..len.  The
 * text lives in
 * ordinary memory only while it is edited, like every report the
 * workstation shows; nothing is written anywhere until the report is
 * saved to the store.
 */
#include "config.h"

#define RELTO_TUI_INTERNAL

#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "i18n.h"
#include "textedit.h"

#define TE_UNDO 64

/*
 * For the help only: te_key() handles these keys before any table is
 * consulted.  The actions are distinct so the help lists each row; no
 * view runs them.
 */
enum {
	TE_H_CHAR = TUI_ACT_VIEW + 90,
	TE_H_LINE,
	TE_H_HOME,
	TE_H_END,
	TE_H_DELETE,
	TE_H_CUT,
	TE_H_PASTE,
	TE_H_UNDO,
	TE_H_DONE,
};

static const struct tui_binding te_bindings[] = {
    {TUI_KEY_FN(KEY_LEFT), TE_H_CHAR, N_("Move by character (Ctrl: by word)")},
    {TUI_KEY_FN(KEY_RIGHT), TE_H_CHAR, NULL},
    {TUI_KEY_FN(KEY_UP), TE_H_LINE, N_("Move by screen line")},
    {TUI_KEY_FN(KEY_DOWN), TE_H_LINE, NULL},
    {TUI_KEY_CTRL('A'), TE_H_HOME, N_("Start of the screen line")},
    {TUI_KEY_FN(KEY_HOME), TE_H_HOME, NULL},
    {TUI_KEY_CTRL('E'), TE_H_END, N_("End of the screen line")},
    {TUI_KEY_FN(KEY_END), TE_H_END, NULL},
    {TUI_KEY_FN(KEY_DC), TE_H_DELETE,
     N_("Delete the character under the cursor")},
    {TUI_KEY_CTRL('D'), TE_H_DELETE, NULL},
    {TUI_KEY_CTRL('K'), TE_H_CUT, N_("Cut the line")},
    {TUI_KEY_CTRL('U'), TE_H_PASTE, N_("Paste the cut line")},
    {TUI_KEY_CTRL('_'), TE_H_UNDO, N_("Undo (Ctrl-/)")},
    {TUI_KEY_ESC, TE_H_DONE, N_("Done")},
    {TUI_KEY_FN(KEY_F(2)), TE_H_DONE, NULL},
};

const struct tui_keymap te_keymap = {
    /* TRANSLATORS: a heading in the help. */
    N_("Editing text"), te_bindings, TUI_NKEYS(te_bindings)};

/* One screen row of the wrapped text: bytes [start, end). */
struct te_row {
	size_t start, end;
};

static void
te_undo_free(struct textedit *te)
{
	int i;

	for (i = 0; i < te->nundo; i++)
		free(te->undo[i]);
	te->nundo = 0;
}

int
te_init(struct textedit *te, const char *text)
{
	memset(te, 0, sizeof *te);
	te->len = strlen(text);
	te->cap = te->len + 64;
	if ((te->buf = malloc(te->cap)) == NULL)
		return -1;
	memcpy(te->buf, text, te->len + 1);
	te->cur = te->len;
	te->goal = -1;
	return 0;
}

void
te_free(struct textedit *te)
{
	te_undo_free(te);
	free(te->buf);
	free(te->clip);
	te->buf = te->clip = NULL;
}

/* The text, NUL-terminated (owned by te). */
const char *
te_text(const struct textedit *te)
{
	return te->buf;
}

static int
te_reserve(struct textedit *te, size_t more)
{
	char *nb;

	if (te->len + more + 1 <= te->cap)
		return 0;
	te->cap = (te->len + more + 1) * 2;
	if ((nb = realloc(te->buf, te->cap)) == NULL)
		return -1;
	te->buf = nb;
	return 0;
}

/* Remember the text before a change, for undo. */
static void
te_snapshot(struct textedit *te)
{
	char *copy = strdup(te->buf);

	if (copy == NULL)
		return;
	if (te->nundo == TE_UNDO) {
		free(te->undo[0]);
		memmove(te->undo, te->undo + 1,
			(TE_UNDO - 1) * sizeof te->undo[0]);
		memmove(te->undo_cur, te->undo_cur + 1,
			(TE_UNDO - 1) * sizeof te->undo_cur[0]);
		te->nundo--;
	}
	te->undo[te->nundo] = copy;
	te->undo_cur[te->nundo++] = te->cur;
	te->changed = 1;
}

static int
te_undo(struct textedit *te)
{
	char *t;

	if (te->nundo == 0)
		return 0;
	t = te->undo[--te->nundo];
	free(te->buf);
	te->buf = t;
	te->len = strlen(t);
	te->cap = te->len + 1;
	te->cur = te->undo_cur[te->nundo];
	return 1;
}

static void
te_insert(struct textedit *te, const char *s, size_t n)
{
	if (n == 0 || te_reserve(te, n) != 0)
		return;
	/* A run of typing is one step of undo. */
	if (!te->typing || te->cur != te->typed_at)
		te_snapshot(te);
	memmove(te->buf + te->cur + n, te->buf + te->cur,
		te->len - te->cur + 1);
	memcpy(te->buf + te->cur, s, n);
	te->len += n;
	te->cur += n;
	te->typed_at = te->cur;
}

static void
te_delete(struct textedit *te, size_t from, size_t to)
{
	if (to <= from)
		return;
	te_snapshot(te);
	memmove(te->buf + from, te->buf + to, te->len - to + 1);
	te->len -= to - from;
	te->cur = from;
}

static size_t
te_next(const struct textedit *te, size_t i)
{
	if (i >= te->len)
		return te->len;
	i++;
	while (i < te->len && ((unsigned char)te->buf[i] & 0xc0) == 0x80)
		i++;
	return i;
}

static size_t
te_prev(const struct textedit *te, size_t i)
{
	if (i == 0)
		return 0;
	i--;
	while (i > 0 && ((unsigned char)te->buf[i] & 0xc0) == 0x80)
		i--;
	return i;
}

static int
te_space(char c)
{
	return c == ' ' || c == '\n';
}

static size_t
te_word_right(const struct textedit *te, size_t i)
{
	while (i < te->len && te_space(te->buf[i]))
		i++;
	while (i < te->len && !te_space(te->buf[i]))
		i++;
	return i;
}

static size_t
te_word_left(const struct textedit *te, size_t i)
{
	while (i > 0 && te_space(te->buf[i - 1]))
		i--;
	while (i > 0 && !te_space(te->buf[i - 1]))
		i--;
	return i;
}

/* Wrap the text to cols: its rows, malloc'd, and how many. */
static struct te_row *
te_layout(const struct textedit *te, int cols, size_t *nrows)
{
	struct te_row *v = NULL, *nv;
	size_t cap = 0, n = 0, at = 0, len, w, next;
	const char *nl;

	for (;;) {
		nl = memchr(te->buf + at, '\n', te->len - at);
		len = nl != NULL ? (size_t)(nl - (te->buf + at)) : te->len - at;
		do {
			w = len > 0
				? screen_wrap(te->buf + at, len, cols, &next)
				: 0;
			if (len == 0)
				next = 0;
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				if ((nv = realloc(v, cap * sizeof *v)) ==
				    NULL) {
					free(v);
					*nrows = 0;
					return NULL;
				}
				v = nv;
			}
			v[n].start = at;
			v[n++].end = at + w;
			at += next;
			len -= next;
		} while (len > 0);
		if (nl == NULL)
			break;
		at++; /* the '\n' */
	}
	*nrows = n;
	return v;
}

/* The row the cursor is on. */
static size_t
te_cursor_row(const struct textedit *te, const struct te_row *v, size_t n)
{
	size_t r;

	for (r = 0; r + 1 < n; r++)
		if (te->cur < v[r + 1].start)
			break;
	return r;
}

/* The byte of row r nearest to column col. */
static size_t
te_at_col(const struct textedit *te, const struct te_row *row, int col)
{
	size_t i = row->start, n;

	while (i < row->end) {
		n = te_next(te, i) - i;
		if (screen_widthn(te->buf + row->start, i + n - row->start) >
		    col)
			break;
		i += n;
	}
	return i;
}

/* Move up (dir -1) or down (+1) a screen row, keeping the column. */
static void
te_vertical(struct textedit *te, int dir, int cols)
{
	struct te_row *v;
	size_t n, r;

	if ((v = te_layout(te, cols, &n)) == NULL)
		return;
	r = te_cursor_row(te, v, n);
	if (te->goal < 0)
		te->goal =
		    screen_widthn(te->buf + v[r].start, te->cur - v[r].start);
	if ((dir < 0 && r > 0) || (dir > 0 && r + 1 < n))
		te->cur = te_at_col(te, &v[r + (size_t)dir], te->goal);
	free(v);
}

static void
te_line_edge(struct textedit *te, int end, int cols)
{
	struct te_row *v;
	size_t n, r;

	if ((v = te_layout(te, cols, &n)) == NULL)
		return;
	r = te_cursor_row(te, v, n);
	te->cur = end ? v[r].end : v[r].start;
	free(v);
}

/* Cut the logical line the cursor is on (with its '\n') to the clip. */
static void
te_cut_line(struct textedit *te)
{
	size_t a = te->cur, b = te->cur;
	char *clip;

	while (a > 0 && te->buf[a - 1] != '\n')
		a--;
	while (b < te->len && te->buf[b] != '\n')
		b++;
	if (b < te->len)
		b++;
	else if (a > 0)
		a--; /* the last line takes the break before it */
	if (b <= a || (clip = malloc(b - a + 1)) == NULL)
		return;
	memcpy(clip, te->buf + a, b - a);
	clip[b - a] = '\0';
	free(te->clip);
	te->clip = clip;
	te_delete(te, a, b);
}

static void
te_paste(struct textedit *te)
{
	if (te->clip != NULL)
		te_insert(te, te->clip, strlen(te->clip));
}

/* Type one character (a wide character). */
static void
te_type(struct textedit *te, int key)
{
	char mb[8];
	mbstate_t st;
	size_t n;

	if (key == '\n' || key == TUI_KEY_ENTER ||
	    key == TUI_KEY_FN(KEY_ENTER)) {
		/* A blank line may stand while typing; whoever keeps the
		   text decides what one means (a portion drops them). */
		te_insert(te, "\n", 1);
		return;
	}
	if (key < 0x20 || key == 0x7f || (key >= 0x80 && key < 0xa0) ||
	    iswprint((wint_t)key) == 0)
		return;
	memset(&st, 0, sizeof st);
	n = wcrtomb(mb, (wchar_t)key, &st);
	if (n != (size_t)-1)
		te_insert(te, mb, n);
}

/* The curses names of Ctrl-Left and Ctrl-Right, by terminfo key name. */
static int
te_ctrl_arrow(int key, int right)
{
	const char *name;

	if ((key & 0x1000000) == 0)
		return 0;
	name = keyname(key & 0xffffff);
	return name != NULL && strcmp(name, right ? "kRIT5" : "kLFT5") == 0;
}

/*
 * Act on a key, the text drawn cols wide.  Returns 1 when the key was
 * the editor's, 0 when the caller should have it.
 */
int
te_key(struct textedit *te, int key, int cols)
{
	int goal = te->goal, typing = te->typing;

	te->goal = -1;
	te->typing = 0;
	if (te_ctrl_arrow(key, 0))
		te->cur = te_word_left(te, te->cur);
	else if (te_ctrl_arrow(key, 1))
		te->cur = te_word_right(te, te->cur);
	else
		switch (key) {
		case TUI_KEY_FN(KEY_LEFT):
			te->cur = te_prev(te, te->cur);
			break;
		case TUI_KEY_FN(KEY_RIGHT):
			te->cur = te_next(te, te->cur);
			break;
		case TUI_KEY_FN(KEY_UP):
		case TUI_KEY_FN(KEY_DOWN):
			te->goal = goal;
			te_vertical(te, key == TUI_KEY_FN(KEY_UP) ? -1 : 1,
				    cols);
			break;
		case TUI_KEY_FN(KEY_HOME):
		case TUI_KEY_CTRL('A'):
			te_line_edge(te, 0, cols);
			break;
		case TUI_KEY_FN(KEY_END):
		case TUI_KEY_CTRL('E'):
			te_line_edge(te, 1, cols);
			break;
		case TUI_KEY_FN(KEY_BACKSPACE):
		case 0x7f:
		case TUI_KEY_CTRL('H'):
			te_delete(te, te_prev(te, te->cur), te->cur);
			break;
		case TUI_KEY_FN(KEY_DC):
		case TUI_KEY_CTRL('D'):
			te_delete(te, te->cur, te_next(te, te->cur));
			break;
		case TUI_KEY_CTRL('K'):
			te_cut_line(te);
			break;
		case TUI_KEY_CTRL('U'):
			te_paste(te);
			break;
		case TUI_KEY_CTRL('_'): /* Ctrl-/ too; Ctrl-Z suspends */
			te_undo(te);
			break;
		default:
			if (key >= TUI_KEY_FN(0) || key == TUI_KEY_ESC ||
			    key == '\t')
				return 0;
			te->typing = typing && key != TUI_KEY_ENTER;
			te_type(te, key);
			te->typing = 1;
		}
	return 1;
}

/* Draw s[a, b) of the text at (y, x), highlighted where spans say. */
static int
te_put(const struct textedit *te, int y, int x, size_t a, size_t b,
       const struct te_span *hl, size_t nhl, attr_t hattr)
{
	size_t i, next, j;
	int used = 0, in;

	for (i = a; i < b; i = next) {
		in = 0;
		for (j = 0; j < nhl; j++)
			if (i >= hl[j].start && i < hl[j].end)
				in = 1;
		for (next = i; next < b; next = te_next(te, next)) {
			int here = 0;

			for (j = 0; j < nhl; j++)
				if (next >= hl[j].start && next < hl[j].end)
					here = 1;
			if (here != in)
				break;
		}
		wattrset(stdscr, in ? hattr : A_NORMAL);
		used += screen_putn(stdscr, y, x + used, te->buf + i, next - i,
				    COLS - x - used);
	}
	wattrset(stdscr, A_NORMAL);
	return used;
}

/*
 * Draw the text in rows x cols from (y, x), scrolled so the cursor
 * shows, spans highlighted with hattr.  Returns the cursor's screen
 * position in *cy, *cx.
 */
void
te_draw(struct textedit *te, int y, int x, int rows, int cols,
	const struct te_span *hl, size_t nhl, attr_t hattr, int *cy, int *cx)
{
	struct te_row *v;
	size_t n, r, i;

	*cy = *cx = -1;
	if (rows < 1 || cols < 2 || (v = te_layout(te, cols - 1, &n)) == NULL)
		return;
	r = te_cursor_row(te, v, n);
	if (r < te->top)
		te->top = r;
	if (r >= te->top + (size_t)rows)
		te->top = r - (size_t)rows + 1;
	for (i = te->top; i < n && i < te->top + (size_t)rows; i++)
		te_put(te, y + (int)(i - te->top), x, v[i].start, v[i].end, hl,
		       nhl, hattr);
	*cy = y + (int)(r - te->top);
	*cx = x + screen_widthn(te->buf + v[r].start, te->cur - v[r].start);
	free(v);
}

/* The span the cursor is in, or -1. */
int
te_span_at(const struct textedit *te, const struct te_span *hl, size_t nhl)
{
	size_t j;

	for (j = 0; j < nhl; j++)
		if (te->cur >= hl[j].start && te->cur <= hl[j].end)
			return (int)j;
	return -1;
}
