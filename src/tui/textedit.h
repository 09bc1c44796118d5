/*
 * textedit.h -- a multi-line text editor widget.  See textedit.c.
 * Internal to src/tui.
 */
#ifndef RELTO_TUI_TEXTEDIT_H
#define RELTO_TUI_TEXTEDIT_H

#include "tui.h"

struct textedit {
	char *buf; /* UTF-8, NUL-terminated */
	size_t len, cap;
	size_t cur; /* the cursor: a byte offset on a character boundary */
	size_t top; /* the first screen row drawn */
	int goal;   /* the column up and down aim for, or -1 */
	char *undo[64];
	size_t undo_cur[64];
	int nundo;
	char *clip; /* the cut line, or NULL */
	int changed;
	int typing;      /* the last key typed a character ... */
	size_t typed_at; /* ... leaving the cursor here */
};

/* A highlighted span of the text: bytes [start, end). */
struct te_span {
	size_t start, end;
};

/* The keys of the editor, for the help (handled by te_key()). */
extern const struct tui_keymap te_keymap;

int te_init(struct textedit *te, const char *text);
void te_free(struct textedit *te);
const char *te_text(const struct textedit *te);
int te_key(struct textedit *te, int key, int cols);
void te_draw(struct textedit *te, int y, int x, int rows, int cols,
	     const struct te_span *hl, size_t nhl, attr_t hattr, int *cy,
	     int *cx);
int te_span_at(const struct textedit *te, const struct te_span *hl, size_t nhl);

#endif
