/*
 * unlock.c -- from a path to an open store: the screen that says there
 * is no store, and the passphrase dialog.
 *
 * The passphrase lives only in one buffer of libgcrypt's secure memory
 * (never swapped, wiped when freed): typed into it by the dialog, or
 * read into it, byte by byte, from the first line of passphrase_fd.  It
 * is wiped as soon as station_open() has seen it.  At the dialog there are
 * UNLOCK_TRIES tries; from a file descriptor one.  A wrong passphrase,
 * or none, ends with TUI_EAUTH; any other refusal of the store (damaged,
 * busy, not a store) is shown in a dialog and ends with 1.
 */
#include "config.h"

#define RELTO_TUI_INTERNAL

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto.h"
#include "i18n.h"
#include "keyblock.h"
#include "station.h"
#include "store.h"
#include "text.h"
#include "tui.h"

#define UNLOCK_MAX       1024 /* bytes of a passphrase, with its NUL */
#define UNLOCK_TRIES     3
#define DIALOG_PATH_COLS 56 /* a store name in the dialog, on one line */

/* Copy the sanitized s into err. */
static void
unlock_err(char *err, size_t cap, const char *s)
{
	char *safe = tui_safe(s);

	snprintf(err, cap, "%s", safe != NULL ? safe : s);
	free(safe);
}

/*
 * The first line of fd into buf (cap bytes), without its line end.
 * Byte by byte, so nothing after the line is consumed.  Returns 0, or -1
 * with the reason in err.
 */
static int
unlock_read_fd(int fd, char *buf, size_t cap, char *err, size_t errcap)
{
	size_t len = 0;
	ssize_t r;
	char c;

	for (;;) {
		r = read(fd, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(err, errcap,
				 _("cannot read the passphrase: %s"),
				 strerror(errno));
			return -1;
		}
		if (r == 0 || c == '\n')
			break;
		if (len + 1 >= cap) {
			snprintf(err, errcap,
				 _("the passphrase is longer than %d bytes"),
				 (int)cap - 1);
			return -1;
		}
		buf[len++] = c;
	}
	c = 0;
	if (r == 0 && len == 0) {
		snprintf(err, errcap, _("no passphrase on file descriptor %d"),
			 fd);
		return -1;
	}
	if (len > 0 && buf[len - 1] == '\r')
		len--;
	buf[len] = '\0';
	return 0;
}

/* Try the passphrase in pass, then wipe it. */
static int
unlock_open(struct tui *t, char *pass, struct relto_err *e)
{
	int rc;

	/* TRANSLATORS: shown while the key is derived (a second or so). */
	dialog_show(t, _("Unlock the store"), _("Unlocking…"));
	err_clear(e);
	rc = station_open(t->db_path, KEYBLOCK_PASSPHRASE, pass, strlen(pass),
			  &t->store, e);
	crypto_wipe(pass, UNLOCK_MAX);
	if (rc != RELTO_OK)
		t->store = NULL;
	return rc;
}

/* The store refused for a reason other than the passphrase. */
static int
unlock_refused(struct tui *t, const struct relto_err *e, char *err, size_t cap)
{
	char shown[4100], text[4400];
	const char *at = strstr(e->msg, t->db_path);

	unlock_err(err, cap, e->msg);
	/* The reason names the store: shortened, so the reason stays whole. */
	if (at != NULL)
		snprintf(text, sizeof text, "%.*s%s%s", (int)(at - e->msg),
			 e->msg,
			 screen_path(t->db_path, DIALOG_PATH_COLS - 8, shown,
				     sizeof shown),
			 at + strlen(t->db_path));
	else
		snprintf(text, sizeof text, "%s", e->msg);
	return dialog_message(t, _("Cannot open the store"), text) ==
		       DIALOG_STOP
		   ? -1
		   : 1;
}

/*
 * Open t->db_path, asking for the passphrase (fd < 0) or reading it
 * from fd.  Returns 0 with t->store open; 1 when the store refused
 * (shown in a dialog); TUI_EAUTH on a wrong passphrase or none; -1 when
 * a signal or a lost terminal interrupted.  On failure err says why.
 */
int
unlock_store(struct tui *t, int fd, char *err, size_t cap)
{
	char *pass, tries_left[256], text[4200], shown[4100];
	struct relto_err e;
	struct dialog d;
	int tries, r, rc = TUI_EAUTH;

	t->phase = TUI_LOCKED;
	err[0] = '\0';
	if ((pass = crypto_secure_alloc(UNLOCK_MAX)) == NULL) {
		err_set(&e, RELTO_ENOMEM, "%s", _("out of secure memory"));
		return unlock_refused(t, &e, err, cap);
	}
	pass[0] = '\0';
	if (fd >= 0) {
		if (unlock_read_fd(fd, pass, UNLOCK_MAX, err, cap) != 0)
			rc = TUI_EAUTH;
		else if ((r = unlock_open(t, pass, &e)) == RELTO_OK)
			rc = 0;
		else if (r == RELTO_EAUTH)
			unlock_err(err, cap, e.msg);
		else
			rc = unlock_refused(t, &e, err, cap);
		crypto_secure_free(pass, UNLOCK_MAX);
		return rc;
	}
	memset(&d, 0, sizeof d);
	d.title = _("Unlock the store");
	/* TRANSLATORS: %s is the store's file name. */
	snprintf(
	    text, sizeof text, _("Store: %s"),
	    screen_path(t->db_path, DIALOG_PATH_COLS, shown, sizeof shown));
	d.text = text;
	d.label = _("Passphrase:");
	d.secret = 1;
	for (tries = UNLOCK_TRIES; tries > 0; tries--) {
		pass[0] = '\0';
		r = dialog_prompt(t, &d, pass, UNLOCK_MAX);
		if (r == DIALOG_STOP) {
			rc = -1;
			break;
		}
		if (r == DIALOG_NO) {
			snprintf(err, cap, "%s", _("no passphrase was given"));
			break;
		}
		if ((r = unlock_open(t, pass, &e)) == RELTO_OK) {
			rc = 0;
			break;
		}
		if (r != RELTO_EAUTH) {
			rc = unlock_refused(t, &e, err, cap);
			break;
		}
		unlock_err(err, cap, e.msg);
		snprintf(tries_left, sizeof tries_left,
			 /* TRANSLATORS: %s is core's reason, e.g. "wrong
			    passphrase". */
			 ngettext("%s, %d try left", "%s, %d tries left",
				  (unsigned long)(tries - 1)),
			 e.msg, tries - 1);
		d.error = tries_left;
	}
	crypto_secure_free(pass, UNLOCK_MAX);
	return rc;
}

/* The body when there is no store at the path. */
void
unlock_draw_nostore(struct tui *t)
{
	char there[4200], shown[4100];
	const char *p[6];
	char *path = tui_safe(t->db_path);

	/* TRANSLATORS: %s is a file name. */
	snprintf(there, sizeof there, _("There is no store at %s."),
		 path != NULL
		     ? screen_path(path, COLS - 26, shown, sizeof shown)
		     : "?");
	free(path);
	p[0] = there;
	p[1] = "";
	/* TRANSLATORS: keep the commands and options as they are; NAME and
	   CODE may be translated. */
	p[2] = _("Create one with: relto init --station NAME --country CODE");
	p[3] = "";
	p[4] = _("Press q to quit.");
	screen_center(stdscr, screen_body_top(), screen_body_rows(), p, 5);
}
