/*
 * recedit.h -- a record edited as its records text.  See recedit.c.
 * Internal to src/tui.
 */
#ifndef RELTO_TUI_RECEDIT_H
#define RELTO_TUI_RECEDIT_H

#include "agreement.h"
#include "textedit.h"
#include "tui.h"

struct recedit {
	struct textedit te;
	char title[256];
	char old[AGREEMENT_ID_MAX];   /* the record's id when editing one */
	char errors[4096];            /* the last save's diagnostics */
	char saved[AGREEMENT_ID_MAX]; /* the id core saved it under */
};

struct recedit *recedit_new(const char *title, const char *text,
			    const char *old);
void recedit_free(struct recedit *re);
void recedit_draw(struct tui *t, struct recedit *re, int top, int rows);
int recedit_key(struct tui *t, struct recedit *re, int key);

#endif
