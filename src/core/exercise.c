/*
 * exercise.c -- an exercise store's clock: SCHEDULED -> RUNNING <->
 * PAUSED -> ENDEX, with SUSPENDED (the real-world code word) as a pause
 * only the trainer lifts; and the injects it delivers.
 *
 * Game time is seconds from STARTEX.  It advances only while RUNNING, at
 * `speed` game seconds per wall second: game = elapsed + (now - resumed)
 * * speed.  A pause therefore shifts every pending inject by its length,
 * and a deadline measured in game time is never missed during one.
 * Nothing runs in the background: every command and every redraw calls
 * exercise_tick(), which delivers the injects that fell due (stamped
 * with their scheduled game time) and ends the exercise at its
 * duration.  Every change of state is one transaction, written to the
 * event log (which the debrief replays to place wall times in game
 * time) and to the audit chain.
 *
 * The clock is core's clock_now().  In an exercise store, and only
 * there, RELTO_EXERCISE_NOW (YYYY-MM-DDTHH:MM:SSZ) fixes it, so a
 * scripted run is deterministic at any speed; a live store's audit
 * times cannot be set that way.
 */
#include "config.h"

#include "exercise.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit.h"
#include "clock.h"
#include "i18n.h"

static time_t exercise_fixed;

static time_t
exercise_fixed_now(void)
{
	return exercise_fixed;
}

/* n digits at s, as a number; -1 if any is not a digit. */
static int
exercise_digits(const char *s, int n)
{
	int v = 0;

	while (n-- > 0) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s++ - '0');
	}
	return v;
}

/* YYYY-MM-DDTHH:MM:SSZ or YYYY-MM-DDTHH:MMZ, UTC, a day that exists. */
int
exercise_parse_utc(const char *s, time_t *out)
{
	struct tm tm, back;
	size_t len = strlen(s);
	time_t t;

	if ((len != 20 && len != 17) || s[4] != '-' || s[7] != '-' ||
	    s[10] != 'T' || s[13] != ':' || s[len - 1] != 'Z' ||
	    (len == 20 && s[16] != ':'))
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = exercise_digits(s, 4) - 1900;
	tm.tm_mon = exercise_digits(s + 5, 2) - 1;
	tm.tm_mday = exercise_digits(s + 8, 2);
	tm.tm_hour = exercise_digits(s + 11, 2);
	tm.tm_min = exercise_digits(s + 14, 2);
	tm.tm_sec = len == 20 ? exercise_digits(s + 17, 2) : 0;
	if (tm.tm_year < 0 || tm.tm_mon < 0 || tm.tm_mon > 11 ||
	    tm.tm_mday < 1 || tm.tm_hour < 0 || tm.tm_hour > 23 ||
	    tm.tm_min < 0 || tm.tm_min > 59 || tm.tm_sec < 0 || tm.tm_sec > 59)
		return -1;
	back = tm;
	t = timegm(&tm);
	/* timegm() moves 30 February to March: such a day does not exist. */
	if (tm.tm_mday != back.tm_mday || tm.tm_mon != back.tm_mon)
		return -1;
	*out = t;
	return 0;
}

/* A game time as +HH:MM (minutes rounded down). */
void
exercise_hhmm(long long seconds, char out[EXERCISE_HHMM_LEN])
{
	if (seconds < 0)
		snprintf(out, EXERCISE_HHMM_LEN, "-");
	else
		snprintf(out, EXERCISE_HHMM_LEN, "+%02lld:%02lld",
			 seconds / 3600, seconds / 60 % 60);
}

/* Is play stopped for a real-world event?  The front ends ask here
   rather than spelling the state's name themselves. */
int
exercise_suspended(const struct store_exercise *x)
{
	return strcmp(x->state, "suspended") == 0;
}

int
exercise_load(struct store *s, struct store_exercise *x, int *found,
	      struct relto_err *e)
{
	return store_exercise_get(s, x, found, e);
}

/* The exercise row, or an error saying this is a live store. */
int
exercise_require(struct store *s, struct store_exercise *x, struct relto_err *e)
{
	int found;

	if (store_exercise_get(s, x, &found, e) != RELTO_OK)
		return e->code;
	if (!found)
		return err_set(e, RELTO_EUSAGE,
			       _("this is a live store, not an exercise store "
				 "(make one with relto --db PATH scenario "
				 "load FILE)"));
	return RELTO_OK;
}

/* An exercise's file name: name, begun with EXERCISE_ if it is not. */
void
exercise_file_name(const char *name, char *out, size_t cap)
{
	snprintf(out, cap, "%s%s",
		 strncmp(name, "EXERCISE_", 9) == 0 ? "" : "EXERCISE_", name);
}

/* Refuse (with why) what an exercise store must not do. */
int
exercise_refuse(struct store *s, const char *why, struct relto_err *e)
{
	struct store_exercise x;
	int found = 0;

	if (store_exercise_get(s, &x, &found, e) != RELTO_OK)
		return e->code;
	return found ? err_set(e, RELTO_EUSAGE, "%s", why) : RELTO_OK;
}

/* Called when a store opens: the fixed clock, then the injects due. */
int
exercise_attach(struct store *s, struct relto_err *e)
{
	struct store_exercise x;
	const char *now = getenv("RELTO_EXERCISE_NOW");
	int found;

	if (store_exercise_get(s, &x, &found, e) != RELTO_OK)
		return e->code;
	if (!found)
		return RELTO_OK;
	if (now != NULL && now[0] != '\0') {
		if (exercise_parse_utc(now, &exercise_fixed) != 0)
			return err_set(e, RELTO_EUSAGE,
				       _("RELTO_EXERCISE_NOW must be "
					 "YYYY-MM-DDTHH:MM:SSZ"));
		clock_set_source(exercise_fixed_now);
	}
	return exercise_tick(s, &x, e);
}

long long
exercise_game(const struct store_exercise *x, time_t now)
{
	long long g = x->elapsed, end = (long long)x->duration * 60;
	time_t resumed;

	if (strcmp(x->state, "running") == 0 &&
	    exercise_parse_utc(x->resumed, &resumed) == 0 && now > resumed)
		g += (long long)(now - resumed) * x->speed;
	return g < 0 ? 0 : g > end ? end : g;
}

/* The scenario's own time at a game time: STARTEX's anchor, else the
   wall time play started, else now. */
time_t
exercise_wall_of(const struct store_exercise *x, long long game)
{
	time_t base;

	if (exercise_parse_utc(x->startex, &base) == 0 ||
	    exercise_parse_utc(x->started, &base) == 0)
		return base + (time_t)game;
	return clock_now();
}

/* Today for the release rule: the scenario's day in an exercise store. */
int
exercise_today(struct store *s, char out[EXERCISE_DATE_LEN])
{
	struct store_exercise x;
	struct relto_err e;
	char utc[CLOCK_UTC_LEN];
	int found = 0;

	err_clear(&e);
	if (store_exercise_get(s, &x, &found, &e) != RELTO_OK || !found)
		clock_utc(clock_now(), utc);
	else
		clock_utc(exercise_wall_of(&x, exercise_game(&x, clock_now())),
			  utc);
	snprintf(out, EXERCISE_DATE_LEN, "%.10s", utc);
	return found;
}

struct exercise_replay {
	time_t t;
	long long game;
	int speed, running, done;
};

static int
exercise_replay_event(const struct store_event *ev, void *arg)
{
	struct exercise_replay *r = arg;
	time_t at;

	if (exercise_parse_utc(ev->at, &at) != 0 || at > r->t)
		return 1;
	if (strcmp(ev->kind, "start") == 0 || strcmp(ev->kind, "resume") == 0) {
		r->running = 1;
		r->game = ev->game - (long long)at * r->speed;
	} else if (strcmp(ev->kind, "pause") == 0 ||
		   strcmp(ev->kind, "suspend") == 0 ||
		   strcmp(ev->kind, "endex") == 0) {
		r->running = 0;
		r->game = ev->game;
	}
	return 0;
}

/* Where a wall time fell in game time, from the event log; -1 if the
   time cannot be read. */
long long
exercise_game_at(struct store *s, const struct store_exercise *x,
		 const char *utc)
{
	struct exercise_replay r;
	struct relto_err e;
	long long g, end = (long long)x->duration * 60;

	memset(&r, 0, sizeof r);
	r.speed = x->speed;
	err_clear(&e);
	if (exercise_parse_utc(utc, &r.t) != 0 ||
	    store_events_each(s, exercise_replay_event, &r, &e) != RELTO_OK)
		return -1;
	g = r.running ? r.game + (long long)r.t * r.speed : r.game;
	return g < 0 ? 0 : g > end ? end : g;
}

/* ---- changes of state -----------------------------------------------------
 */

static int
exercise_event(struct store *s, const struct store_exercise *x, long long game,
	       const char *kind, const char *detail, struct relto_err *e)
{
	char utc[CLOCK_UTC_LEN], what[256];

	clock_utc(clock_now(), utc);
	snprintf(what, sizeof what, "%s%s%s", kind, detail[0] ? " " : "",
		 detail);
	if (store_event_add(s, utc, game, kind, detail, e) != RELTO_OK)
		return e->code;
	return audit_append(s, "exercise", x->scenario, what, e);
}

struct exercise_due {
	char (*id)[64];
	int *at;
	size_t n, cap;
	long long upto; /* deliver injects due by this game time */
	int oom;
};

static int
exercise_due_add(const struct store_inject *in, void *arg)
{
	struct exercise_due *d = arg;
	void *p;

	if (strcmp(in->state, "pending") != 0 ||
	    (long long)in->at * 60 > d->upto)
		return 0;
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		if ((p = realloc(d->id, d->cap * sizeof *d->id)) == NULL)
			return d->oom = 1;
		d->id = p;
		if ((p = realloc(d->at, d->cap * sizeof *d->at)) == NULL)
			return d->oom = 1;
		d->at = p;
	}
	snprintf(d->id[d->n], sizeof d->id[d->n], "%s", in->id);
	d->at[d->n++] = in->at;
	return 0;
}

/* Deliver what fell due by game time upto; inside a transaction. */
static int
exercise_deliver(struct store *s, const struct store_exercise *x,
		 long long upto, struct relto_err *e)
{
	struct exercise_due d;
	size_t i;
	int rc;

	memset(&d, 0, sizeof d);
	d.upto = upto;
	rc = store_injects_each(s, exercise_due_add, &d, e);
	if (rc == RELTO_OK && d.oom)
		rc = err_set(e, RELTO_ENOMEM, _("out of memory"));
	for (i = 0; rc == RELTO_OK && i < d.n; i++)
		if ((rc = store_inject_set(s, d.id[i], "delivered",
					   (long long)d.at[i] * 60, 0, e)) ==
		    RELTO_OK)
			rc = exercise_event(s, x, (long long)d.at[i] * 60,
					    "deliver", d.id[i], e);
	free(d.id);
	free(d.at);
	return rc;
}

static int
exercise_commit(struct store *s, int rc, struct relto_err *e)
{
	if (rc == RELTO_OK)
		return store_commit(s, e);
	store_rollback(s);
	return rc;
}

/* Bring x to now: injects due, and ENDEX at the duration. */
static int
exercise_advance(struct store *s, struct store_exercise *x, struct relto_err *e)
{
	long long end = (long long)x->duration * 60, g;
	time_t resumed, at;
	int rc;

	if (strcmp(x->state, "running") != 0)
		return RELTO_OK;
	g = exercise_game(x, clock_now());
	rc = exercise_deliver(s, x, g, e);
	if (rc == RELTO_OK && g >= end &&
	    exercise_parse_utc(x->resumed, &resumed) == 0) {
		at = resumed + (time_t)((end - x->elapsed) / x->speed);
		snprintf(x->state, sizeof x->state, "endex");
		clock_utc(at, x->ended);
		x->elapsed = end;
		x->resumed[0] = '\0';
		if ((rc = store_exercise_clock(s, x, e)) == RELTO_OK)
			rc = exercise_event(s, x, end, "endex", "duration", e);
	}
	return rc;
}

int
exercise_tick(struct store *s, struct store_exercise *x, struct relto_err *e)
{
	if (strcmp(x->state, "running") != 0)
		return RELTO_OK;
	if (store_begin(s, e) != RELTO_OK)
		return e->code;
	return exercise_commit(s, exercise_advance(s, x, e), e);
}

/* One change of the clock: load, advance, check the state, apply. */
typedef int (*exercise_step_fn)(struct store *, struct store_exercise *,
				const char *, struct relto_err *);

static int
exercise_step(struct store *s, exercise_step_fn fn, const char *arg,
	      struct relto_err *e)
{
	struct store_exercise x;
	int rc;

	if (exercise_require(s, &x, e) != RELTO_OK)
		return e->code;
	if (store_begin(s, e) != RELTO_OK)
		return e->code;
	rc = exercise_advance(s, &x, e);
	if (rc == RELTO_OK)
		rc = fn(s, &x, arg, e);
	return exercise_commit(s, rc, e);
}

static int
exercise_state_error(const struct store_exercise *x, struct relto_err *e)
{
	return err_set(e, RELTO_EFAIL, _("the exercise is %s"),
		       strcmp(x->state, "scheduled") == 0 ? _("not started yet")
		       : strcmp(x->state, "endex") == 0   ? _("over (ENDEX)")
		       : strcmp(x->state, "paused") == 0  ? _("paused")
		       : strcmp(x->state, "suspended") == 0
			   ? _("suspended for a real-world event")
			   : _("running"));
}

static int
exercise_set(struct store *s, struct store_exercise *x, const char *state,
	     const char *kind, const char *detail, struct relto_err *e)
{
	time_t now = clock_now();

	if (strcmp(x->state, "running") == 0)
		x->elapsed = exercise_game(x, now);
	snprintf(x->state, sizeof x->state, "%s", state);
	if (strcmp(state, "running") == 0)
		clock_utc(now, x->resumed);
	else
		x->resumed[0] = '\0';
	if (strcmp(kind, "start") == 0)
		clock_utc(now, x->started);
	if (strcmp(state, "endex") == 0)
		clock_utc(now, x->ended);
	if (store_exercise_clock(s, x, e) != RELTO_OK)
		return e->code;
	return exercise_event(s, x, x->elapsed, kind, detail, e);
}

static int
exercise_do_start(struct store *s, struct store_exercise *x, const char *arg,
		  struct relto_err *e)
{
	(void)arg;
	if (strcmp(x->state, "scheduled") != 0)
		return exercise_state_error(x, e);
	if (exercise_set(s, x, "running", "start", "", e) != RELTO_OK)
		return e->code;
	return exercise_advance(s, x, e);
}

static int
exercise_do_pause(struct store *s, struct store_exercise *x, const char *arg,
		  struct relto_err *e)
{
	(void)arg;
	if (strcmp(x->state, "running") != 0)
		return exercise_state_error(x, e);
	return exercise_set(s, x, "paused", "pause", "", e);
}

static int
exercise_do_resume(struct store *s, struct store_exercise *x, const char *arg,
		   struct relto_err *e)
{
	int was = strcmp(x->state, "suspended") == 0;

	(void)arg;
	if (strcmp(x->state, "paused") != 0 && !was)
		return exercise_state_error(x, e);
	return exercise_set(s, x, "running", "resume",
			    was ? "after a real-world suspension" : "", e);
}

/* Pause when running, else resume: decided on the state read in the
   step's transaction, not on a front end's copy of it. */
static int
exercise_do_toggle(struct store *s, struct store_exercise *x, const char *arg,
		   struct relto_err *e)
{
	return strcmp(x->state, "running") == 0
		   ? exercise_do_pause(s, x, arg, e)
		   : exercise_do_resume(s, x, arg, e);
}

static int
exercise_do_endex(struct store *s, struct store_exercise *x, const char *arg,
		  struct relto_err *e)
{
	(void)arg;
	if (strcmp(x->state, "scheduled") == 0 ||
	    strcmp(x->state, "endex") == 0)
		return exercise_state_error(x, e);
	return exercise_set(s, x, "endex", "endex", "trainer", e);
}

static int
exercise_do_suspend(struct store *s, struct store_exercise *x, const char *who,
		    struct relto_err *e)
{
	if (strcmp(x->state, "suspended") == 0)
		return exercise_event(s, x, x->elapsed, "realworld", who, e);
	if (strcmp(x->state, "running") != 0 && strcmp(x->state, "paused") != 0)
		return exercise_state_error(x, e);
	return exercise_set(s, x, "suspended", "suspend", who, e);
}

int
exercise_start(struct store *s, struct relto_err *e)
{
	return exercise_step(s, exercise_do_start, NULL, e);
}

int
exercise_pause(struct store *s, struct relto_err *e)
{
	return exercise_step(s, exercise_do_pause, NULL, e);
}

int
exercise_resume(struct store *s, struct relto_err *e)
{
	return exercise_step(s, exercise_do_resume, NULL, e);
}

/* The workstation's one key that pauses or resumes play. */
int
exercise_toggle(struct store *s, struct relto_err *e)
{
	return exercise_step(s, exercise_do_toggle, NULL, e);
}

int
exercise_endex(struct store *s, struct relto_err *e)
{
	return exercise_step(s, exercise_do_endex, NULL, e);
}

/* The real-world code word was given (who: "trainer", "workstation"). */
static int
exercise_suspend(struct store *s, const char *who, struct relto_err *e)
{
	return exercise_step(s, exercise_do_suspend, who, e);
}

/* Is typed the scenario's real-world code word (case and outer blanks
   aside)? */
static int
exercise_realworld(const struct store_exercise *x, const char *typed)
{
	size_t n;

	typed += strspn(typed, " \t");
	n = strlen(typed);
	while (n > 0 && (typed[n - 1] == ' ' || typed[n - 1] == '\t'))
		n--;
	return x->realworld[0] != '\0' && n == strlen(x->realworld) &&
	       strncasecmp(typed, x->realworld, n) == 0;
}

/*
 * Someone (who: "trainer", "workstation") typed a word: when it is the
 * scenario's real-world code word, play is suspended at once; when not,
 * RELTO_EUSAGE and nothing changes.
 */
int
exercise_codeword(struct store *s, const char *typed, const char *who,
		  struct relto_err *e)
{
	struct store_exercise x;

	if (exercise_require(s, &x, e) != RELTO_OK)
		return e->code;
	if (!exercise_realworld(&x, typed))
		return err_set(e, RELTO_EUSAGE,
			       _("that is not this scenario's real-world code "
				 "word"));
	return exercise_suspend(s, who, e);
}

/* ---- one inject -----------------------------------------------------------
 */

struct exercise_find {
	const char *id;
	char state[16];
	int found;
};

static int
exercise_find_one(const struct store_inject *in, void *arg)
{
	struct exercise_find *f = arg;

	if (strcmp(in->id, f->id) != 0)
		return 0;
	snprintf(f->state, sizeof f->state, "%s", in->state);
	return f->found = 1;
}

static int
exercise_pending(struct store *s, const char *id, struct relto_err *e)
{
	struct exercise_find f;

	memset(&f, 0, sizeof f);
	f.id = id;
	if (store_injects_each(s, exercise_find_one, &f, e) != RELTO_OK)
		return e->code;
	if (!f.found)
		return err_set(e, RELTO_EUSAGE, _("there is no inject %s"), id);
	if (strcmp(f.state, "pending") != 0)
		return err_set(
		    e, RELTO_EFAIL, _("inject %s was already %s"), id,
		    strcmp(f.state, "skipped") == 0 ? _("skipped")
						    : _("delivered"));
	return RELTO_OK;
}

static int
exercise_do_fire(struct store *s, struct store_exercise *x, const char *id,
		 struct relto_err *e)
{
	long long g = exercise_game(x, clock_now());

	if (strcmp(x->state, "scheduled") == 0 ||
	    strcmp(x->state, "endex") == 0)
		return exercise_state_error(x, e);
	if (exercise_pending(s, id, e) != RELTO_OK ||
	    store_inject_set(s, id, "delivered", g, 1, e) != RELTO_OK)
		return e->code;
	return exercise_event(s, x, g, "fire", id, e);
}

static int
exercise_do_skip(struct store *s, struct store_exercise *x, const char *id,
		 struct relto_err *e)
{
	if (strcmp(x->state, "endex") == 0)
		return exercise_state_error(x, e);
	if (exercise_pending(s, id, e) != RELTO_OK ||
	    store_inject_set(s, id, "skipped", -1, 0, e) != RELTO_OK)
		return e->code;
	return exercise_event(s, x, exercise_game(x, clock_now()), "skip", id,
			      e);
}

static int
exercise_do_viewed(struct store *s, struct store_exercise *x, const char *id,
		   struct relto_err *e)
{
	return store_inject_viewed(s, id, exercise_game(x, clock_now()), e);
}

/* The trainer delivers a pending inject now. */
int
exercise_fire(struct store *s, const char *id, struct relto_err *e)
{
	return exercise_step(s, exercise_do_fire, id, e);
}

int
exercise_skip(struct store *s, const char *id, struct relto_err *e)
{
	return exercise_step(s, exercise_do_skip, id, e);
}

/* A trainee opened a delivered inject (the first time counts). */
int
exercise_viewed(struct store *s, const char *id, struct relto_err *e)
{
	return exercise_step(s, exercise_do_viewed, id, e);
}
