/*
 * dialog.c -- modal dialogs over the frame: a message, a yes/no
 * confirmation, a text prompt (boxed, or on the status line), and a
 * passing notice drawn without waiting.
 *
 * A dialog runs its own key loop on top of the frame: every turn
 * composes the frame (the view under the dialog, unchanged), draws the
 * box, and puts both on the terminal in one update.  It returns
 * DIALOG_STOP when a signal arrives or the terminal goes away, so the
 * caller unwinds to the main loop, which then ends.  While the terminal
 * is too small for the frame the dialog is not drawn and ignores every
 * key but a resize: nothing is typed or confirmed unseen.
 *
 * Every text a dialog draws passes through core's text_sanitize() here,
 * so callers may put store text in a dialog's message.  A secret prompt
 * (the passphrase) shows nothing of what is typed, not even its length,
 * and writes it only into the caller's buffer (secure memory); a byte
 * removed by Backspace is wiped.
 */
#include "config.h"

#define RELTO_TUI_INTERNAL

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "crypto.h"
#include "i18n.h"
#include "text.h"
#include "tui.h"

#define DIALOG_MAXW 72

struct dialog_state {
	const struct dialog *d;
	const char *hint;  /* the keys the dialog takes */
	const char *error; /* d->error, or what d->changed says */
	const char *input; /* a prompt's text; NULL for no field */
	int cy, cx;        /* where the cursor goes, or cy < 0 */
};

/*
 * Lay out the paragraphs of s (split at \n) in w columns from line y,
 * drawing them when draw is set and the line is above end.  Returns the
 * lines they take.
 */
static int
dialog_para(int y, int x, int w, int end, const char *s, attr_t attr, int draw)
{
	size_t len, n, next;
	const char *nl;
	int lines = 0;

	if (s == NULL)
		return 0;
	wattrset(stdscr, attr);
	for (;;) {
		nl = strchr(s, '\n');
		len = nl != NULL ? (size_t)(nl - s) : strlen(s);
		do {
			n = screen_wrap(s, len, w, &next);
			if (draw && y + lines < end)
				screen_putn(stdscr, y + lines, x, s, n, w);
			lines++;
			s += next;
			len -= next;
		} while (len > 0);
		if (nl == NULL)
			break;
		s = nl + 1;
	}
	wattrset(stdscr, A_NORMAL);
	return lines;
}

/* The tail of s that fits in cols columns. */
static const char *
dialog_tail(const char *s, int cols)
{
	while (*s != '\0' && screen_width(s) > cols) {
		s++;
		while (((unsigned char)*s & 0xc0) == 0x80)
			s++;
	}
	return s;
}

/* The field line of a prompt: label, then the text's visible tail. */
static void
dialog_field(struct dialog_state *ds, int y, int x, int w, int draw)
{
	const struct dialog *d = ds->d;
	int lw = 0, fw;
	const char *tail;

	if (d->label != NULL) {
		wattrset(stdscr, A_BOLD);
		if (draw)
			lw = screen_put(stdscr, y, x, d->label, w) + 1;
		else
			lw = screen_width(d->label) + 1;
		wattrset(stdscr, A_NORMAL);
	}
	fw = w - lw - 1;
	if (fw < 1)
		fw = 1;
	/* Only what dialog_insert() let in: nothing to sanitize again. */
	tail = d->secret ? "" : dialog_tail(ds->input, fw);
	if (draw) {
		screen_put(stdscr, y, x + lw, tail, fw);
		ds->cy = y;
		ds->cx = x + lw + screen_width(tail);
	}
}

/* All of a boxed dialog's lines; returns how many. */
static int
dialog_lines(struct dialog_state *ds, int y, int x, int w, int end, int draw)
{
	const struct dialog *d = ds->d;
	int n = 0;

	n += dialog_para(y + n, x, w, end, d->text, A_NORMAL, draw);
	if (ds->error != NULL) {
		n += d->text != NULL;
		n += dialog_para(y + n, x, w, end, ds->error, A_BOLD, draw);
	}
	if (ds->input != NULL) {
		n += n > 0;
		if (draw && y + n < end)
			dialog_field(ds, y + n, x, w, 1);
		n++;
	}
	if (d->hint != NULL || ds->hint != NULL)
		n += n > 0;
	n += dialog_para(y + n, x, w, end, d->hint, A_DIM, draw);
	n += dialog_para(y + n, x, w, end, ds->hint, A_DIM, draw);
	return n;
}

static int
dialog_widest(const char *s)
{
	const char *nl;
	int w = 0, c;

	while (s != NULL) {
		nl = strchr(s, '\n');
		c = nl != NULL ? screen_widthn(s, (size_t)(nl - s))
			       : screen_width(s);
		if (c > w)
			w = c;
		s = nl != NULL ? nl + 1 : NULL;
	}
	return w;
}

/* A box centred on the body. */
static void
dialog_box(struct dialog_state *ds)
{
	const struct dialog *d = ds->d;
	int top = screen_body_top(), rows = screen_body_rows();
	int w, h, x, y, i, inner;
	char title[256];

	w = dialog_widest(d->text);
	if ((i = dialog_widest(d->hint)) > w)
		w = i;
	if ((i = dialog_widest(ds->error)) > w)
		w = i;
	if (w < 44)
		w = 44;
	w += 4;
	if (w > DIALOG_MAXW)
		w = DIALOG_MAXW;
	if (w > COLS - 2)
		w = COLS - 2;
	inner = w - 4;
	h = dialog_lines(ds, 0, 0, inner, 0, 0) + 4;
	if (h > rows)
		h = rows;
	x = (COLS - w) / 2;
	y = top + (rows - h) / 2;
	for (i = 0; i < h; i++)
		screen_fill(stdscr, y + i, x, w, A_NORMAL);
	screen_box(stdscr, y, x, h, w);
	if (d->title != NULL) {
		snprintf(title, sizeof title, " %s ", d->title);
		wattrset(stdscr, A_BOLD);
		screen_put(stdscr, y, x + 2, title, w - 4);
		wattrset(stdscr, A_NORMAL);
	}
	dialog_lines(ds, y + 2, x + 2, inner, y + h - 1, 1);
}

/*
 * A prompt on the status line: label and text on the left, the error or
 * the hint on the right where there is room for it.
 */
static void
dialog_line(struct dialog_state *ds)
{
	const char *right = ds->error != NULL ? ds->error : ds->d->hint;
	int y = LINES - 2, rw = 0, used, room;

	screen_fill(stdscr, y, 0, COLS, A_NORMAL);
	used = 1 + (ds->d->label != NULL ? screen_width(ds->d->label) + 1 : 0) +
	       (ds->d->secret ? 0 : screen_width(ds->input)) + 4;
	room = COLS - 1 - used;
	if (right != NULL && room >= 8) {
		rw = screen_width(right);
		if (rw > room)
			rw = room;
		wattrset(stdscr, ds->error != NULL ? A_BOLD : A_DIM);
		screen_put(stdscr, y, COLS - 1 - rw, right, rw);
		wattrset(stdscr, A_NORMAL);
		rw += 2;
	}
	used = COLS - 1 - rw;
	dialog_field(ds, y, 1, used > 2 ? used : 2, 1);
}

static void
dialog_draw(struct tui *t, struct dialog_state *ds)
{
	ds->cy = -1;
	screen_compose(t);
	if (!screen_too_small()) {
		if (ds->d->line)
			dialog_line(ds);
		else
			dialog_box(ds);
	}
	if (ds->cy >= 0) {
		curs_set(1);
		wmove(stdscr, ds->cy, ds->cx < COLS ? ds->cx : COLS - 1);
	} else
		curs_set(0);
	screen_flush();
}

/* A sanitized copy of s, or s itself when it is NULL or memory ran out. */
static char *
dialog_safe(const char *s)
{
	return s != NULL ? text_sanitize(s, strlen(s), NULL) : NULL;
}

/* Run a dialog without a field; keys[] are answered with answers[]. */
static int
dialog_keys(struct tui *t, const struct dialog *d, const char *hint,
	    const int *keys, const int *answers, int n)
{
	struct dialog safe = *d;
	struct dialog_state ds;
	char *text = dialog_safe(d->text), *title = dialog_safe(d->title);
	int key, r, i, answer = DIALOG_STOP;

	safe.text = text != NULL ? text : "";
	safe.title = title;
	memset(&ds, 0, sizeof ds);
	ds.d = &safe;
	ds.hint = hint;
	for (;;) {
		dialog_draw(t, &ds);
		if ((r = tui_key(&key)) < 0)
			break;
		if (r == 0 || screen_too_small())
			continue;
		for (i = 0; i < n && keys[i] != key; i++)
			;
		if (i < n) {
			answer = answers[i];
			break;
		}
	}
	free(text);
	free(title);
	curs_set(0);
	return answer;
}

/* A message; any of Enter, Space, Esc or q closes it. */
int
dialog_message(struct tui *t, const char *title, const char *text)
{
	static const int keys[] = {
	    TUI_KEY_ENTER, '\n', TUI_KEY_FN(KEY_ENTER), ' ', TUI_KEY_ESC, 'q'};
	static const int answers[] = {DIALOG_YES, DIALOG_YES, DIALOG_YES,
				      DIALOG_YES, DIALOG_YES, DIALOG_YES};
	struct dialog d;

	memset(&d, 0, sizeof d);
	d.title = title;
	d.text = text;
	return dialog_keys(t, &d, _("Press Enter to continue."), keys, answers,
			   TUI_NKEYS(keys));
}

/* A yes/no question: y answers yes; n, Esc or q no. */
int
dialog_confirm(struct tui *t, const char *title, const char *text)
{
	static const int keys[] = {'y', 'Y', 'n', 'N', TUI_KEY_ESC, 'q'};
	static const int answers[] = {DIALOG_YES, DIALOG_YES, DIALOG_NO,
				      DIALOG_NO,  DIALOG_NO,  DIALOG_NO};
	struct dialog d;

	memset(&d, 0, sizeof d);
	d.title = title;
	d.text = text;
	/* TRANSLATORS: the keys y and n are not translated. */
	return dialog_keys(t, &d, _("y: yes    n: no"), keys, answers,
			   TUI_NKEYS(keys));
}

/*
 * A choice among n (at most 8) answers, each taken by a key: *choice is
 * the index of the key pressed.  Esc or q cancels (DIALOG_NO).
 */
int
dialog_choose(struct tui *t, const char *title, const char *text,
	      const int *keys, int n, int *choice)
{
	int k[10], a[10], i, r;
	struct dialog d;

	if (n > 8)
		n = 8;
	for (i = 0; i < n; i++) {
		k[i] = keys[i];
		a[i] = 2 + i;
	}
	k[n] = TUI_KEY_ESC;
	a[n] = DIALOG_NO;
	k[n + 1] = 'q';
	a[n + 1] = DIALOG_NO;
	memset(&d, 0, sizeof d);
	d.title = title;
	d.text = text;
	/* TRANSLATORS: the key Esc is not translated. */
	r = dialog_keys(t, &d, _("Esc: cancel"), k, a, n + 2);
	if (r < 2)
		return r;
	*choice = r - 2;
	return DIALOG_YES;
}

/* Draw a notice and return at once (e.g. while the store unlocks). */
void
dialog_show(struct tui *t, const char *title, const char *text)
{
	struct dialog d;
	struct dialog_state ds;
	char *safe = dialog_safe(text);

	memset(&d, 0, sizeof d);
	d.title = title;
	d.text = safe != NULL ? safe : "";
	memset(&ds, 0, sizeof ds);
	ds.d = &d;
	dialog_draw(t, &ds);
	free(safe);
}

/* Remove the last character of buf[0..*len), wiping its bytes. */
static void
dialog_backspace(char *buf, size_t *len)
{
	size_t n = *len;

	if (n == 0)
		return;
	n--;
	while (n > 0 && ((unsigned char)buf[n] & 0xc0) == 0x80)
		n--;
	crypto_wipe(buf + n, *len - n);
	*len = n;
	buf[n] = '\0';
}

/* Remove the last word and the spaces after it. */
static void
dialog_kill_word(char *buf, size_t *len)
{
	while (*len > 0 && buf[*len - 1] == ' ')
		dialog_backspace(buf, len);
	while (*len > 0 && buf[*len - 1] != ' ')
		dialog_backspace(buf, len);
}

/* Would core's sanitizer keep mb[0..n) as it is? */
static int
dialog_safe_char(const char *mb, size_t n)
{
	size_t outlen = 0;
	char *out = text_sanitize_line(mb, n, &outlen);
	int same = out != NULL && outlen == n && memcmp(out, mb, n) == 0;

	free(out);
	return same;
}

/*
 * Append the character key to buf, when it is one and fits.  Outside a
 * secret prompt, a character core's sanitizer would remove (a bidi
 * control, say) is refused: what is typed is what is shown and stored.
 * A secret's characters are never copied out of buf to be checked.
 */
static void
dialog_insert(char *buf, size_t *len, size_t cap, int key, int secret)
{
	char mb[MB_LEN_MAX];
	mbstate_t st;
	size_t n;

	if (key < 0x20 || key == 0x7f || key >= TUI_KEY_FN(0) ||
	    (key >= 0x80 && key < 0xa0))
		return;
	memset(&st, 0, sizeof st);
	n = wcrtomb(mb, (wchar_t)key, &st);
	if (n != (size_t)-1 && *len + n < cap &&
	    (secret || dialog_safe_char(mb, n))) {
		memcpy(buf + *len, mb, n);
		*len += n;
		buf[*len] = '\0';
	}
	crypto_wipe(mb, sizeof mb);
}

/*
 * A text prompt: buf (cap bytes) holds the initial text and receives
 * the answer.  Enter gives DIALOG_YES, Esc or Ctrl-G DIALOG_NO.
 * Backspace, Ctrl-W (a word) and Ctrl-U (everything) erase.
 */
int
dialog_prompt(struct tui *t, const struct dialog *d, char *buf, size_t cap)
{
	struct dialog safe = *d;
	struct dialog_state ds;
	char *text = dialog_safe(d->text), *title = dialog_safe(d->title);
	size_t len;
	int key, r, answer = DIALOG_STOP, changed;

	if (cap == 0)
		return DIALOG_NO;
	buf[cap - 1] = '\0';
	len = strlen(buf);
	safe.text = text;
	safe.title = title;
	memset(&ds, 0, sizeof ds);
	ds.d = &safe;
	ds.input = buf;
	ds.error = d->error;
	if (!d->line)
		ds.hint = _("Enter: accept    Esc: cancel");
	for (;;) {
		dialog_draw(t, &ds);
		if ((r = tui_key(&key)) < 0)
			break;
		if (r == 0 || screen_too_small())
			continue;
		changed = 1;
		if (key == TUI_KEY_ENTER || key == '\n' ||
		    key == TUI_KEY_FN(KEY_ENTER)) {
			answer = DIALOG_YES;
			break;
		}
		if (key == TUI_KEY_ESC || key == TUI_KEY_CTRL('G')) {
			answer = DIALOG_NO;
			break;
		}
		if (key == TUI_KEY_FN(KEY_BACKSPACE) || key == 0x7f ||
		    key == TUI_KEY_CTRL('H'))
			dialog_backspace(buf, &len);
		else if (key == TUI_KEY_CTRL('U'))
			while (len > 0)
				dialog_backspace(buf, &len);
		else if (key == TUI_KEY_CTRL('W'))
			dialog_kill_word(buf, &len);
		else if (key >= 0x20 && key < TUI_KEY_FN(0))
			dialog_insert(buf, &len, cap, key, d->secret);
		else
			changed = 0;
		key = 0;
		if (changed && d->changed != NULL)
			d->changed(t, buf, d->arg, &ds.error);
	}
	key = 0;
	free(text);
	free(title);
	curs_set(0);
	return answer;
}
