/*
 * recedit.c -- editing one record (an agreement) as its records text:
 * the "Field: value" lines of relto-records(5) in the text editor, saved
 * through core, which checks them exactly as an import does and reports
 * every problem with its line and column.
 *
 * One format for files and for the screen: what an officer types here
 * is what a records file holds, and the same checks refuse the same
 * mistakes.  The store changes only when core accepts the whole record.
 */
#include "config.h"

#define RELTO_TUI_INTERNAL

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "import.h"
#include "recedit.h"

struct recedit *
recedit_new(const char *title, const char *text, const char *old)
{
	struct recedit *re = calloc(1, sizeof *re);

	if (re == NULL)
		return NULL;
	if (te_init(&re->te, text) != 0) {
		free(re);
		return NULL;
	}
	re->te.cur = 0;
	snprintf(re->title, sizeof re->title, "%s", title);
	if (old != NULL)
		snprintf(re->old, sizeof re->old, "%s", old);
	return re;
}

void
recedit_free(struct recedit *re)
{
	if (re == NULL)
		return;
	te_free(&re->te);
	free(re);
}

void
recedit_draw(struct tui *t, struct recedit *re, int top, int rows)
{
	int cy, cx, nerr = 0, y;
	const char *s;

	tui_banner_unclassified(t);
	if (rows < 4)
		return;
	wattrset(stdscr, A_BOLD);
	screen_put(stdscr, top, 1, re->title, COLS - 2);
	wattrset(stdscr, A_NORMAL);
	for (s = re->errors; *s != '\0'; s++)
		nerr += *s == '\n';
	if (nerr > rows / 3)
		nerr = rows / 3;
	te_draw(&re->te, top + 1, 1, rows - 1 - nerr, COLS - 2, NULL, 0,
		A_NORMAL, &cy, &cx);
	/* The last save's problems, LINE:COL: message, under the text. */
	for (s = re->errors, y = top + rows - nerr;
	     *s != '\0' && y < top + rows; y++) {
		size_t n = strcspn(s, "\n");

		wattrset(stdscr, A_BOLD);
		screen_putn(stdscr, y, 1, s, n, COLS - 2);
		s += n + (s[n] == '\n');
	}
	wattrset(stdscr, A_NORMAL);
	t->cursor_y = cy;
	t->cursor_x = cx;
}

/* Save through core; on refusal keep every diagnostic for the screen. */
static int
recedit_save(struct tui *t, struct recedit *re)
{
	struct records_diags d;
	struct relto_err e;
	char line[600];
	size_t i, len = 0;
	int rc;

	records_diags_init(&d, "");
	err_clear(&e);
	rc = import_agreement_save(t->store, te_text(&re->te),
				   re->old[0] ? re->old : NULL, re->saved, &d,
				   &e);
	re->errors[0] = '\0';
	for (i = 0; i < d.n && len < sizeof re->errors; i++) {
		records_diag_format(&d, i, line, sizeof line);
		/* The name is empty: "LINE:COL: message" after the ':'. */
		len +=
		    (size_t)snprintf(re->errors + len, sizeof re->errors - len,
				     "%s\n", line[0] == ':' ? line + 1 : line);
	}
	records_diags_free(&d);
	if (rc != RELTO_OK) {
		tui_msg(t, _("Not saved: %s"), e.msg);
		return -1;
	}
	tui_data_load(t);
	tui_msg(t, "%s", _("Saved"));
	return 0;
}

/*
 * A key.  Esc asks what to do: save, discard or keep editing.  Returns
 * 1 when the editor is done (saved or discarded), else 0.
 */
int
recedit_key(struct tui *t, struct recedit *re, int key)
{
	static const int keys[] = {'s', 'd', 'e'};
	int choice = -1;

	if (key == TUI_KEY_FN(KEY_RESIZE) || key == TUI_KEY_CTRL('L'))
		return 0;
	if (key != TUI_KEY_ESC && key != TUI_KEY_FN(KEY_F(2))) {
		t->message = NULL;
		te_key(&re->te, key, COLS - 3);
		return 0;
	}
	if (dialog_choose(t, re->title,
			  _("s: save   d: discard the changes   e: keep "
			    "editing"),
			  keys, 3, &choice) != DIALOG_YES ||
	    choice == 2)
		return 0;
	if (choice == 1)
		return re->te.changed &&
			       dialog_confirm(t, re->title,
					      _("Discard the changes?")) !=
				   DIALOG_YES
			   ? 0
			   : 1;
	return recedit_save(t, re) == 0;
}
