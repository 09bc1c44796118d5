/*
 * doc.c -- a read-only document: the detail panes and the report reader.
 *
 * A document is a list of items: a paragraph of text with a label in a
 * gutter on its left (a field's name, a portion's marking), or one
 * centred line (a banner, a tearline).  Everything is copied through
 * core's text_sanitize() (labels through text_sanitize_line()) when it is
 * added; tabs become spaces.
 *
 * Nothing is laid out in advance: doc_draw() wraps the text by display
 * width to the columns it is given, so a resize needs nothing but a
 * redraw.  The gutter is as wide as the widest label, up to a third of
 * the width; a longer label takes a line of its own above its text,
 * whole, so a marking is never cut.  The scroll position counts wrapped
 * lines and is clamped when drawn.
 */
#include "config.h"

#define RELTO_TUI_INTERNAL

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "text.h"

#define DOC_GAP 2

void
doc_init(struct doc *d)
{
	memset(d, 0, sizeof *d);
}

void
doc_clear(struct doc *d)
{
	int i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].label);
		free(d->v[i].text);
	}
	free(d->v);
	memset(d, 0, sizeof *d);
}

static struct doc_item *
doc_new(struct doc *d)
{
	struct doc_item *nv;
	int cap;

	if (d->n == d->cap) {
		cap = d->cap ? 2 * d->cap : 16;
		if ((nv = realloc(d->v, (size_t)cap * sizeof *nv)) == NULL)
			return NULL;
		d->v = nv;
		d->cap = cap;
	}
	memset(&d->v[d->n], 0, sizeof d->v[d->n]);
	return &d->v[d->n];
}

static char *
doc_text(const char *s)
{
	char *t, *p;

	if (s == NULL)
		s = "";
	if ((t = text_sanitize(s, strlen(s), NULL)) == NULL)
		return NULL;
	for (p = t; *p != '\0'; p++)
		if (*p == '\t')
			*p = ' ';
	return t;
}

/* A paragraph, with label (NULL: none) in the gutter in label_attr. */
int
doc_add_label(struct doc *d, const char *label, attr_t label_attr,
	      const char *text, attr_t attr)
{
	struct doc_item *it;

	if ((it = doc_new(d)) == NULL)
		return -1;
	it->label = label != NULL
			? text_sanitize_line(label, strlen(label), NULL)
			: NULL;
	it->text = doc_text(text);
	if ((label != NULL && it->label == NULL) || it->text == NULL) {
		free(it->label);
		free(it->text);
		return -1;
	}
	it->attr = attr;
	it->label_attr = label_attr;
	d->n++;
	return 0;
}

/* A paragraph with a bold label. */
int
doc_add(struct doc *d, const char *label, const char *text, attr_t attr)
{
	return doc_add_label(d, label, A_BOLD, text, attr);
}

/* One centred line (cut when too wide). */
int
doc_center(struct doc *d, const char *text, attr_t attr)
{
	if (doc_add_label(d, NULL, A_NORMAL, text, attr) != 0)
		return -1;
	d->v[d->n - 1].center = 1;
	return 0;
}

struct doc_out {
	struct doc *d;
	int y, x, h, w, draw;
	int ln; /* lines laid out so far */
};

/* The next line: drawn when it falls in the window. */
static int
doc_line(struct doc_out *o, int *row)
{
	int l = o->ln++;

	if (!o->draw || l < o->d->top || l >= o->d->top + o->h)
		return 0;
	*row = o->y + l - o->d->top;
	return 1;
}

static void
doc_item(struct doc_out *o, const struct doc_item *it, int gutter)
{
	const char *s = it->text, *nl;
	size_t len, n, next;
	int row, tw = o->w - gutter, first = 1, own;

	if (it->center) {
		if (doc_line(o, &row)) {
			wattrset(stdscr, it->attr);
			n = (size_t)screen_width(s);
			screen_put(
			    stdscr, row,
			    o->x + ((int)n < o->w ? (o->w - (int)n) / 2 : 0), s,
			    o->w);
		}
		return;
	}
	own = it->label != NULL && screen_width(it->label) > gutter - DOC_GAP;
	if (own && doc_line(o, &row)) {
		wattrset(stdscr, it->label_attr);
		screen_put(stdscr, row, o->x, it->label, o->w);
	}
	if (tw < 1)
		tw = 1;
	for (;;) {
		nl = strchr(s, '\n');
		len = nl != NULL ? (size_t)(nl - s) : strlen(s);
		do {
			n = screen_wrap(s, len, tw, &next);
			if (doc_line(o, &row)) {
				if (first && !own && it->label != NULL) {
					wattrset(stdscr, it->label_attr);
					screen_put(stdscr, row, o->x, it->label,
						   gutter - DOC_GAP);
				}
				wattrset(stdscr, it->attr);
				screen_putn(stdscr, row, o->x + gutter, s, n,
					    tw);
			}
			first = 0;
			s += next;
			len -= next;
		} while (len > 0);
		if (nl == NULL)
			break;
		s = nl + 1;
	}
	wattrset(stdscr, A_NORMAL);
}

static int
doc_layout(struct doc_out *o)
{
	int i, g = 0, lw;

	for (i = 0; i < o->d->n; i++)
		if (o->d->v[i].label != NULL &&
		    (lw = screen_width(o->d->v[i].label) + DOC_GAP) > g)
			g = lw;
	if (g > o->w / 3)
		g = o->w / 3;
	o->ln = 0;
	for (i = 0; i < o->d->n; i++)
		doc_item(o, &o->d->v[i], g);
	return o->ln;
}

/* Draw the document in h rows of w columns from (y, x). */
void
doc_draw(struct doc *d, int y, int x, int h, int w)
{
	struct doc_out o;
	int total;

	if (h < 1 || w < 1)
		return;
	o.d = d;
	o.y = y;
	o.x = x;
	o.h = h;
	o.w = w;
	o.draw = 0;
	total = doc_layout(&o);
	d->page = h;
	if (d->top > total - h)
		d->top = total - h;
	if (d->top < 0)
		d->top = 0;
	o.draw = 1;
	doc_layout(&o);
}

/* Scroll by lines (negative: up); INT_MAX goes to the end. */
void
doc_scroll(struct doc *d, int lines)
{
	if (lines == INT_MAX || (lines > 0 && d->top > INT_MAX - lines))
		d->top = INT_MAX / 2;
	else
		d->top += lines;
	if (d->top < 0)
		d->top = 0;
}

/*
 * A pane across the screen from line y, rows lines: a title line, then
 * the document.
 */
void
doc_draw_pane(struct doc *d, int y, int rows, const char *title)
{
	if (rows < 1)
		return;
	wattrset(stdscr, A_REVERSE);
	screen_fill(stdscr, y, 0, COLS, A_REVERSE);
	screen_put(stdscr, y, 1, title, COLS - 2);
	wattrset(stdscr, A_NORMAL);
	doc_draw(d, y + 1, 1, rows - 1, COLS - 2);
}
