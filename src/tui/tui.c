/*
 * tui.c -- the workstation's entry point and event loop.
 *
 * tui_main() owns the terminal from newterm() to endwin().  Between the
 * two nothing may write to stdout or stderr, and every way out passes
 * through tui_stop(): a quit key, a signal, a failure.  SIGINT, SIGTERM,
 * SIGHUP and SIGQUIT only set a flag; the loop sees it, either because
 * the read was interrupted or at the next tick, and leaves normally.  A
 * terminal that hangs up without a SIGHUP counts as one.
 * curses handles SIGWINCH itself and reports it as KEY_RESIZE.
 *
 * The loop draws, waits for a key, dispatches it, and draws again; the
 * screen is redrawn whole and curses sends only what changed.  Dialogs
 * run the same wait (tui_key()) in loops of their own.
 *
 * Start-up, in order: the terminal is checked; with no file at the
 * store's path the workstation says so and how to make one (q quits,
 * status 1); otherwise unlock.c opens the store -- from the passphrase
 * dialog or passphrase_fd -- before the loop begins, and views.c loads
 * what the views share.  The store stays open, and so locked against
 * other relto processes, until tui_main() returns; it is closed, and
 * everything freed, on every way out.
 *
 * Timing.  With RELTO_TUI_TIMING naming a file, the workstation appends
 * to it how long the first screen took once the store was unlocked (the
 * key derivation excluded), how long each key took from its read to the
 * next screen update (in the views or a dialog), and at the end the
 * process's peak resident size: numbers only, for
 * tests/bench/tui-bench.sh.
 */
#include "config.h"

#define RELTO_TUI_INTERNAL

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "station.h"
#include "store.h"
#include "tui.h"

#include <term.h> /* after the rest: it defines macros such as "lines" */

/* How long a read waits before the loop looks at the signal flag. */
#define TUI_TICK_MS 500

/* The store's page cache: the views read pages on screen, not bulk. */
#define TUI_CACHE_KIB 2048

/* Milliseconds curses waits after Esc for the rest of a sequence. */
#define TUI_ESCDELAY 25

static const int tui_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
#define TUI_NSIGNALS ((int)(sizeof tui_signals / sizeof tui_signals[0]))

static volatile sig_atomic_t tui_signo;
static const char *tui_err;
static char tui_errbuf[1024];

const char *
tui_error(void)
{
	return tui_err;
}

static void
tui_on_signal(int signo)
{
	tui_signo = signo;
}

/*
 * Catch the signals that end the program, keeping the old dispositions.
 * No SA_RESTART: a signal interrupts the read so the loop ends at once.
 */
static void
tui_catch(struct sigaction *old)
{
	struct sigaction sa;
	int i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = tui_on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < TUI_NSIGNALS; i++)
		sigaction(tui_signals[i], &sa, &old[i]);
}

static void
tui_uncatch(const struct sigaction *old)
{
	int i;

	for (i = 0; i < TUI_NSIGNALS; i++)
		sigaction(tui_signals[i], &old[i], NULL);
}

/* Colour unless the option or a non-empty NO_COLOR says otherwise. */
static int
tui_color_allowed(const struct tui_options *opt)
{
	const char *nc = getenv("NO_COLOR");

	if (opt != NULL && opt->no_color)
		return 0;
	return nc == NULL || *nc == '\0';
}

/*
 * Does TERM name a terminal that curses knows?  Asked with setupterm()
 * first because a failing newterm() leaks memory, and the sanitized build
 * counts a leak as a failure.
 */
static int
tui_term_known(void)
{
	int err = 0;

	if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return 0;
	del_curterm(cur_term);
	return 1;
}

/* Take over the terminal; NULL (nothing drawn) if it cannot be used. */
static SCREEN *
tui_start(const struct tui_options *opt)
{
	SCREEN *sp;

	if (!tui_term_known() || (sp = newterm(NULL, stdout, stdin)) == NULL)
		return NULL;
	if (getenv("ESCDELAY") == NULL)
		set_escdelay(TUI_ESCDELAY);
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	wtimeout(stdscr, TUI_TICK_MS);
	curs_set(0);
	screen_init_colors(tui_color_allowed(opt));
	return sp;
}

/* Give the terminal back as it was. */
static void
tui_stop(SCREEN *sp)
{
	endwin();
	delscreen(sp);
}

/*
 * Wait for a key.  Returns 0 on a timeout or an interrupted read, else 1
 * with the key in *key: a character, or a curses key tagged TUI_KEY_FN().
 */
static int
tui_read_key(int *key)
{
	wint_t wc;
	int r;

	r = wget_wch(stdscr, &wc);
	if (r == ERR)
		return 0;
	*key = r == KEY_CODE_YES ? TUI_KEY_FN((int)wc) : (int)wc;
	return 1;
}

/*
 * Has the terminal gone away?  A read then fails at once, forever, and
 * without this check the loop would spin.  Usually SIGHUP says so first.
 */
static int
tui_tty_gone(void)
{
	struct pollfd p;

	p.fd = STDIN_FILENO;
	p.events = POLLIN;
	p.revents = 0;
	if (poll(&p, 1, 0) < 0)
		return 0;
	return (p.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

/*
 * Wait for a key, for the loop or a dialog: 1 with the key in *key
 * (KEY_RESIZE included: the caller redraws), 0 on a timeout, -1 when a
 * signal came or the terminal went away: the caller unwinds.
 */
int
tui_key(int *key)
{
	int r;

	if (tui_signo != 0)
		return -1;
	r = tui_read_key(key);
	if (tui_signo != 0)
		return -1;
	if (r > 0)
		tui_timing_start("key");
	if (r == 0 && tui_tty_gone()) {
		tui_signo = SIGHUP;
		return -1;
	}
	return r;
}

static FILE *tui_timing;
static struct timespec tui_since; /* tv_sec 0: nothing to time */
static const char *tui_what;

static void
tui_timing_open(void)
{
	const char *path = getenv("RELTO_TUI_TIMING");

	if (path != NULL && *path != '\0')
		tui_timing = fopen(path, "a");
}

static void
tui_timing_close(void)
{
	struct rusage ru;

	if (tui_timing == NULL)
		return;
	if (getrusage(RUSAGE_SELF, &ru) == 0)
		fprintf(tui_timing, "rss-peak-kib %ld\n", ru.ru_maxrss);
	fclose(tui_timing);
	tui_timing = NULL;
}

void
tui_timing_start(const char *what)
{
	if (tui_timing == NULL)
		return;
	clock_gettime(CLOCK_MONOTONIC, &tui_since);
	tui_what = what;
}

/* The time since tui_timing_start(), if it was started. */
void
tui_timing_stop(void)
{
	struct timespec now;

	if (tui_timing == NULL || tui_what == NULL)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	fprintf(tui_timing, "%s %.3f\n", tui_what,
		(double)(now.tv_sec - tui_since.tv_sec) * 1e3 +
		    (double)(now.tv_nsec - tui_since.tv_nsec) / 1e6);
	fflush(tui_timing);
	tui_what = NULL;
}

static void
tui_loop(struct tui *t)
{
	int key, r;

	while (!t->quit) {
		tui_exercise_tick(t, 0);
		screen_draw(t);
		if ((r = tui_key(&key)) < 0)
			break;
		if (r > 0 && key != TUI_KEY_FN(KEY_RESIZE))
			keys_dispatch(t, key);
	}
}

/* Remember why tui_main() failed. */
static void
tui_fail(const char *why)
{
	snprintf(tui_errbuf, sizeof tui_errbuf, "%s", why);
	tui_err = tui_errbuf;
}

/*
 * The store's path: the option, else the default.  Returns NULL (and
 * says why) when there is none.
 */
static const char *
tui_path(const struct tui_options *opt, char *buf, size_t cap)
{
	struct relto_err e;

	if (opt != NULL && opt->db_path != NULL)
		return opt->db_path;
	err_clear(&e);
	if (station_default_path(buf, cap, &e) != RELTO_OK) {
		tui_fail(e.msg);
		return NULL;
	}
	return buf;
}

/* Open the store and run the views; returns tui_main()'s status. */
static int
tui_run(struct tui *t, const struct tui_options *opt)
{
	char err[sizeof tui_errbuf], *safe;
	struct relto_err e;
	int rc;

	if (access(t->db_path, F_OK) != 0 && errno == ENOENT) {
		t->phase = TUI_NOSTORE;
		tui_loop(t);
		if (t->status != 0 && (safe = tui_safe(t->db_path)) != NULL) {
			snprintf(err, sizeof err,
				 _("there is no store at %s; create one with "
				   "'relto init'"),
				 safe);
			free(safe);
			tui_fail(err);
		}
		return t->status;
	}
	rc = unlock_store(t, opt != NULL ? opt->passphrase_fd : -1, err,
			  sizeof err);
	if (rc != 0) {
		if (err[0] != '\0')
			tui_fail(err);
		return rc < 0 ? 1 : rc;
	}
	if (tui_signo != 0)
		return 0;
	t->phase = TUI_OPEN;
	t->status = 0;
	tui_timing_start("first");
	err_clear(&e);
	store_cache_limit(t->store, TUI_CACHE_KIB, &e); /* else the default */
	tui_data_load(t);
	tui_loop(t);
	return t->status;
}

int
tui_main(const struct tui_options *opt)
{
	struct sigaction old[TUI_NSIGNALS];
	char path[4096];
	struct tui t;
	SCREEN *sp;
	int rc;

	tui_err = NULL;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		tui_err = _("the workstation needs a terminal on standard "
			    "input and output");
		return TUI_ENOTTY;
	}
	memset(&t, 0, sizeof t);
	t.injects_seen = -1;
	if ((t.db_path = tui_path(opt, path, sizeof path)) == NULL)
		return 1;
	t.trainer = opt != NULL && opt->trainer;
	t.notice = opt != NULL ? opt->notice : NULL;
	tui_signo = 0;
	tui_catch(old);
	if ((sp = tui_start(opt)) == NULL) {
		tui_uncatch(old);
		tui_err = _("cannot use this terminal; check the TERM "
			    "variable");
		return TUI_ENOTTY;
	}
	partner_set_init(&t.set);
	t.view = TUI_VIEW_AGREEMENTS;
	tui_banner_unclassified(&t);
	tui_timing_open();
	rc = tui_run(&t, opt);
	tui_views_free(&t);
	tui_data_free(&t);
	if (t.store != NULL)
		store_close(t.store);
	tui_timing_close();
	tui_stop(sp);
	tui_uncatch(old);
	return tui_signo != 0 ? 128 + tui_signo : rc;
}
