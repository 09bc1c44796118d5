/*
 * store-exercise.c -- the exercise tables: the scenario's one row and its
 * clock, objectives, injects, the answer key, the event log; and the
 * decisions as the debrief reads them.
 *
 * Part of the store: with store.c, the only file that speaks SQL.  The
 * tables exist in every store (schema version 2); only an exercise store
 * has a row in `exercise`, and that row is what makes it one.
 *
 * Invariants: SQL text is constant, values are bound.  Game times are
 * whole seconds from STARTEX; a NULL game time reads as -1.
 */
#include "config.h"

#include "store.h"

#include <string.h>

#include "store-int.h"

/* A statement bound from a format: 't' text (NULL binds NULL), 'i' int. */
static int
store_x_prepare(struct store *s, const char *sql, sqlite3_stmt **st,
		const char *types, const void *const *args)
{
	int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);
	size_t i;

	for (i = 0; rc == SQLITE_OK && types[i] != '\0'; i++)
		if (types[i] == 'i')
			rc = sqlite3_bind_int64(*st, (int)i + 1,
						*(const long long *)args[i]);
		else
			rc = sqlite3_bind_text(*st, (int)i + 1, args[i], -1,
					       SQLITE_STATIC);
	return rc;
}

static int
store_x_run(struct store *s, const char *sql, const char *types,
	    const void *const *args, struct relto_err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = store_x_prepare(s, sql, &st, types, args);

	return store_done(s, st, rc, e);
}

static long long
store_x_int(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL
		   ? -1
		   : sqlite3_column_int64(st, col);
}

static const char *
store_x_opt(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

/* Callbacks of the *_each() functions, for the row adapters below. */
struct store_x_cb {
	union {
		store_inject_fn inject;
		store_answer_fn answer;
		store_event_fn event;
		store_decision_fn decision;
		store_objective_fn objective;
	} fn;
	void *arg;
};

/* ---- the exercise row --------------------------------------------------- */

int
store_exercise_put(struct store *s, const struct store_exercise *x,
		   struct relto_err *e)
{
	long long dur = x->duration, speed = x->speed;
	const void *args[9] = {
	    x->scenario,  x->title,  x->marking,
	    x->realworld, &dur,      x->startex[0] ? x->startex : NULL,
	    &speed,       x->sha256, x->source};

	return store_x_run(s,
			   "INSERT INTO exercise(id, scenario, title, marking, "
			   "realworld, duration, startex, speed, sha256, "
			   "source) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
			   "?9)",
			   "ttttititt", args, e);
}

/* *found is 0 in a live store (and x untouched). */
int
store_exercise_get(struct store *s, struct store_exercise *x, int *found,
		   struct relto_err *e)
{
	sqlite3_stmt *st;
	int rc;

	*found = 0;
	rc = sqlite3_prepare_v2(
	    s->db,
	    "SELECT scenario, title, marking, realworld, duration, "
	    "coalesce(startex, ''), speed, sha256, source, state, "
	    "coalesce(started, ''), coalesce(resumed, ''), elapsed, "
	    "coalesce(ended, '') FROM exercise WHERE id = 1",
	    -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(x, 0, sizeof *x);
		store_copy(st, 0, x->scenario, sizeof x->scenario);
		store_copy(st, 1, x->title, sizeof x->title);
		store_copy(st, 2, x->marking, sizeof x->marking);
		store_copy(st, 3, x->realworld, sizeof x->realworld);
		x->duration = (int)sqlite3_column_int(st, 4);
		store_copy(st, 5, x->startex, sizeof x->startex);
		x->speed = (int)sqlite3_column_int(st, 6);
		store_copy(st, 7, x->sha256, sizeof x->sha256);
		store_copy(st, 8, x->source, sizeof x->source);
		store_copy(st, 9, x->state, sizeof x->state);
		store_copy(st, 10, x->started, sizeof x->started);
		store_copy(st, 11, x->resumed, sizeof x->resumed);
		x->elapsed = sqlite3_column_int64(st, 12);
		store_copy(st, 13, x->ended, sizeof x->ended);
		*found = 1;
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? RELTO_OK : store_fail(s, rc, e);
}

/* The clock's columns: state, started, resumed, elapsed, ended. */
int
store_exercise_clock(struct store *s, const struct store_exercise *x,
		     struct relto_err *e)
{
	long long elapsed = x->elapsed;
	const void *args[5] = {x->state, x->started[0] ? x->started : NULL,
			       x->resumed[0] ? x->resumed : NULL, &elapsed,
			       x->ended[0] ? x->ended : NULL};

	return store_x_run(
	    s,
	    "UPDATE exercise SET state = ?1, started = ?2, "
	    "resumed = ?3, elapsed = ?4, ended = ?5 WHERE id = 1",
	    "tttit", args, e);
}

int
store_objective_put(struct store *s, int seq, const char *text,
		    struct relto_err *e)
{
	long long n = seq;
	const void *args[2] = {&n, text};

	return store_x_run(s,
			   "INSERT INTO exercise_objectives(seq, text) VALUES "
			   "(?1, ?2)",
			   "it", args, e);
}

static int
store_objective_row(sqlite3_stmt *st, void *arg)
{
	const struct store_x_cb *cb = arg;

	return cb->fn.objective(sqlite3_column_int(st, 0), store_text(st, 1),
				cb->arg);
}

int
store_objectives_each(struct store *s, store_objective_fn fn, void *arg,
		      struct relto_err *e)
{
	struct store_x_cb cb;

	cb.fn.objective = fn;
	cb.arg = arg;
	return store_rows(s,
			  "SELECT seq, text FROM exercise_objectives ORDER BY "
			  "seq",
			  store_objective_row, &cb, e);
}

/* ---- injects ------------------------------------------------------------ */

int
store_inject_put(struct store *s, const struct store_inject *in,
		 struct relto_err *e)
{
	long long seq = in->seq, at = in->at;
	const void *args[10] = {
	    in->id,     &seq,         &at,      in->sender, in->recipient,
	    in->method, in->delivers, in->text, in->notes,  in->expect};

	return store_x_run(
	    s,
	    "INSERT INTO injects(id, seq, at, sender, recipient, "
	    "method, delivers, text, notes, expect) VALUES (?1, "
	    "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	    "tiitttttt"
	    "t",
	    args, e);
}

static int
store_inject_row(sqlite3_stmt *st, void *arg)
{
	const struct store_x_cb *cb = arg;
	struct store_inject in;

	in.id = store_text(st, 0);
	in.seq = sqlite3_column_int(st, 1);
	in.at = sqlite3_column_int(st, 2);
	in.sender = store_text(st, 3);
	in.recipient = store_text(st, 4);
	in.method = store_text(st, 5);
	in.delivers = store_x_opt(st, 6);
	in.text = store_text(st, 7);
	in.notes = store_x_opt(st, 8);
	in.expect = store_x_opt(st, 9);
	in.state = store_text(st, 10);
	in.delivered = store_x_int(st, 11);
	in.fired = sqlite3_column_int(st, 12);
	in.viewed = store_x_int(st, 13);
	return cb->fn.inject(&in, cb->arg);
}

/* Every inject, in the order of its time, then of the file. */
int
store_injects_each(struct store *s, store_inject_fn fn, void *arg,
		   struct relto_err *e)
{
	struct store_x_cb cb;

	cb.fn.inject = fn;
	cb.arg = arg;
	return store_rows(
	    s,
	    "SELECT id, seq, at, sender, recipient, method, delivers, text, "
	    "notes, expect, state, delivered, fired, viewed FROM injects "
	    "ORDER BY at, seq",
	    store_inject_row, &cb, e);
}

/* Deliver (game time, fired or due) or skip a pending inject. */
int
store_inject_set(struct store *s, const char *id, const char *state,
		 long long delivered, int fired, struct relto_err *e)
{
	long long f = fired;
	const void *args[4] = {state, &delivered, &f, id};

	return store_x_run(s,
			   "UPDATE injects SET state = ?1, delivered = "
			   "CASE WHEN ?2 < 0 THEN NULL ELSE ?2 END, fired = ?3 "
			   "WHERE id = ?4 AND state = 'pending'",
			   "tiit", args, e);
}

/* The first time a trainee opened a delivered inject. */
int
store_inject_viewed(struct store *s, const char *id, long long game,
		    struct relto_err *e)
{
	const void *args[2] = {&game, id};

	return store_x_run(s,
			   "UPDATE injects SET viewed = ?1 WHERE id = ?2 AND "
			   "state = 'delivered' AND viewed IS NULL",
			   "it", args, e);
}

/* ---- the answer key ----------------------------------------------------- */

int
store_answer_put(struct store *s, const struct store_answer *a,
		 struct relto_err *e)
{
	long long by = a->by, trap = a->trap, weight = a->weight,
		  obj = a->objective;
	const void *args[8] = {a->report, a->partner, a->decision, &by,
			       a->why,    &trap,      &weight,     &obj};

	return store_x_run(
	    s,
	    "INSERT INTO answers(report_id, partner_code, decision, "
	    "by_minute, why, trap, weight, objective) VALUES (?1, ?2, ?3, "
	    "CASE WHEN ?4 < 0 THEN NULL ELSE ?4 END, ?5, ?6, ?7, "
	    "CASE WHEN ?8 <= 0 THEN NULL ELSE ?8 END)",
	    "tttitiii", args, e);
}

static int
store_answer_row(sqlite3_stmt *st, void *arg)
{
	const struct store_x_cb *cb = arg;
	struct store_answer a;

	a.report = store_text(st, 0);
	a.partner = store_text(st, 1);
	a.decision = store_text(st, 2);
	a.by = (int)store_x_int(st, 3);
	a.why = store_text(st, 4);
	a.trap = sqlite3_column_int(st, 5);
	a.weight = sqlite3_column_int(st, 6);
	a.objective = (int)store_x_int(st, 7);
	return cb->fn.answer(&a, cb->arg);
}

int
store_answers_each(struct store *s, store_answer_fn fn, void *arg,
		   struct relto_err *e)
{
	struct store_x_cb cb;

	cb.fn.answer = fn;
	cb.arg = arg;
	return store_rows(s,
			  "SELECT report_id, partner_code, decision, "
			  "by_minute, why, trap, weight, objective FROM "
			  "answers ORDER BY rowid",
			  store_answer_row, &cb, e);
}

/* ---- the event log and the decisions ------------------------------------ */

int
store_event_add(struct store *s, const char *at, long long game,
		const char *kind, const char *detail, struct relto_err *e)
{
	const void *args[4] = {at, &game, kind, detail != NULL ? detail : ""};

	return store_x_run(
	    s,
	    "INSERT INTO exercise_events(at, game, kind, detail) "
	    "VALUES (?1, ?2, ?3, ?4)",
	    "titt", args, e);
}

static int
store_event_row(sqlite3_stmt *st, void *arg)
{
	const struct store_x_cb *cb = arg;
	struct store_event ev;

	ev.seq = sqlite3_column_int64(st, 0);
	ev.at = store_text(st, 1);
	ev.game = sqlite3_column_int64(st, 2);
	ev.kind = store_text(st, 3);
	ev.detail = store_text(st, 4);
	return cb->fn.event(&ev, cb->arg);
}

int
store_events_each(struct store *s, store_event_fn fn, void *arg,
		  struct relto_err *e)
{
	struct store_x_cb cb;

	cb.fn.event = fn;
	cb.arg = arg;
	return store_rows(s,
			  "SELECT seq, at, game, kind, detail FROM "
			  "exercise_events ORDER BY seq",
			  store_event_row, &cb, e);
}

static int
store_decision_row(sqlite3_stmt *st, void *arg)
{
	const struct store_x_cb *cb = arg;
	struct store_decision d;

	d.id = sqlite3_column_int64(st, 0);
	d.report = store_text(st, 1);
	d.partner = store_text(st, 2);
	d.decision = store_text(st, 3);
	d.reason = store_text(st, 4);
	d.actor = store_text(st, 5);
	d.at = store_text(st, 6);
	return cb->fn.decision(&d, cb->arg);
}

/* Every release decision, oldest first. */
int
store_decisions_each(struct store *s, store_decision_fn fn, void *arg,
		     struct relto_err *e)
{
	struct store_x_cb cb;

	cb.fn.decision = fn;
	cb.arg = arg;
	return store_rows(s,
			  "SELECT id, report_id, partner_code, decision, "
			  "reason, actor, at FROM decisions ORDER BY id",
			  store_decision_row, &cb, e);
}
