/*
 * doc.h -- a read-only document: labelled paragraphs and centred lines,
 * word-wrapped to the width it is drawn in, and scrolled.  See doc.c.
 * Internal to src/tui.
 */
#ifndef RELTO_TUI_DOC_H
#define RELTO_TUI_DOC_H

#include "tui.h"

struct doc_item {
	int center;  /* a centred line (a banner, a tearline) */
	char *label; /* the gutter: sanitized, one line; or NULL */
	char *text;  /* sanitized; paragraphs split by \n */
	attr_t attr, label_attr;
};

struct doc {
	struct doc_item *v;
	int n, cap;
	int top;  /* first line shown */
	int page; /* lines last drawn */
};

void doc_init(struct doc *d);
void doc_clear(struct doc *d);
int doc_add(struct doc *d, const char *label, const char *text, attr_t attr);
int doc_add_label(struct doc *d, const char *label, attr_t label_attr,
		  const char *text, attr_t attr);
int doc_center(struct doc *d, const char *text, attr_t attr);
void doc_draw(struct doc *d, int y, int x, int h, int w);
void doc_draw_pane(struct doc *d, int y, int rows, const char *title);
void doc_scroll(struct doc *d, int lines);

#endif
