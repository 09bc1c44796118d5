/*
 * debrief.c -- the debrief of an exercise: a plain-text report a trainer
 * can hand out without relto, carrying the exercise marking on its first
 * and last lines.
 *
 * Scoring, per answer of the key (report x partner), from the trainee's
 * last decision and the exports that left:
 *   SPILL          the report reached the partner though the key says
 *                  withhold, or what left carries a blocked term;
 *   VIOLATION      released what the key withholds, or released whole
 *                  what the key releases only sanitized;
 *   OVER-RESTRICT  withheld (or never decided) what the key releases,
 *                  or sanitized what the key releases whole;
 *   LATE           the right decision after the answer's By deadline;
 *   CORRECT        the right decision in time (withholding by never
 *                  releasing counts: nothing left).
 * CORRECT earns the answer's weight, LATE half of it, the rest nothing.
 * Times are game times (exercise.c), so a pause never makes a decision
 * late.
 */
#include "config.h"

#include "debrief.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "audit.h"
#include "clock.h"
#include "exercise.h"
#include "i18n.h"
#include "scenario.h"

#define DEBRIEF_OBJECTIVES SCENARIO_OBJECTIVES_MAX

struct debrief {
	struct store *s;
	struct store_exercise x;
	char *buf;
	size_t len, cap;
	int oom;
	long long pts2[DEBRIEF_OBJECTIVES + 1], tot2[DEBRIEF_OBJECTIVES + 1];
	int outcomes[5];
	char objective[DEBRIEF_OBJECTIVES + 1][160];
	int nobjectives;
};

static void debrief_put(struct debrief *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
debrief_put(struct debrief *d, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *nb;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || d->oom)
		return;
	if (d->len + (size_t)n + 1 > d->cap) {
		d->cap = (d->len + (size_t)n + 1) * 2;
		if ((nb = realloc(d->buf, d->cap)) == NULL) {
			d->oom = 1;
			return;
		}
		d->buf = nb;
	}
	va_start(ap, fmt);
	vsnprintf(d->buf + d->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	d->len += (size_t)n;
}

/* Text of several lines, each after the first indented by n, and a
   newline. */
static void
debrief_indented(struct debrief *d, const char *s, int n)
{
	const char *nl;

	while ((nl = strchr(s, '\n')) != NULL) {
		debrief_put(d, "%.*s\n%*s", (int)(nl - s), s, n, "");
		s = nl + 1;
	}
	debrief_put(d, "%s\n", s);
}

const char *
debrief_outcome_name(int outcome)
{
	static const char *const names[] = {"CORRECT", "LATE", "VIOLATION",
					    "SPILL", "OVER-RESTRICT"};

	return outcome >= 0 && outcome < 5 ? names[outcome] : "?";
}

static int
debrief_releases(const char *decision)
{
	return decision != NULL && strcmp(decision, "withhold") != 0;
}

/* The outcome of one answer, and its points (doubled). */
void
debrief_score(struct debrief_item *it)
{
	const char *key = it->key->decision, *got = it->decided;
	int late = it->key->by >= 0 && it->game > (long long)it->key->by * 60;

	if (it->exported && !debrief_releases(key))
		it->outcome = DEBRIEF_SPILL;
	else if (it->exported < 0)
		it->outcome = DEBRIEF_SPILL; /* a blocked term left */
	else if (debrief_releases(got) && !debrief_releases(key))
		it->outcome = DEBRIEF_VIOLATION;
	else if (got != NULL && strcmp(got, "release") == 0 &&
		 strcmp(key, "release-sanitized") == 0)
		it->outcome = DEBRIEF_VIOLATION;
	else if (debrief_releases(key) && !debrief_releases(got))
		it->outcome = DEBRIEF_OVER_RESTRICT;
	else if (got != NULL && strcmp(got, "release-sanitized") == 0 &&
		 strcmp(key, "release") == 0)
		it->outcome = DEBRIEF_OVER_RESTRICT;
	else if (got != NULL && late)
		it->outcome = DEBRIEF_LATE;
	else
		it->outcome = DEBRIEF_CORRECT;
	it->points2 = it->outcome == DEBRIEF_CORRECT ? 2 * it->key->weight
		      : it->outcome == DEBRIEF_LATE  ? it->key->weight
						     : 0;
}

/* ---- what the trainee did ------------------------------------------------ */

struct debrief_find {
	const char *report, *partner;
	char decision[24], at[32], reason[200];
	int found;
	char exported_at[32];
	int exported;
};

static int
debrief_find_decision(const struct store_decision *dc, void *arg)
{
	struct debrief_find *f = arg;

	if (strcmp(dc->report, f->report) != 0 ||
	    strcmp(dc->partner, f->partner) != 0)
		return 0;
	snprintf(f->decision, sizeof f->decision, "%s", dc->decision);
	snprintf(f->at, sizeof f->at, "%s", dc->at);
	snprintf(f->reason, sizeof f->reason, "%s", dc->reason);
	f->found = 1;
	return 0; /* the last one wins */
}

static int
debrief_find_export(const struct store_export *x, void *arg)
{
	struct debrief_find *f = arg;

	/* Only what left: written to a medium (and read back). */
	if (strcmp(x->report, f->report) != 0 ||
	    strcmp(x->partner, f->partner) != 0 ||
	    (strcmp(x->state, "written") != 0 &&
	     strcmp(x->state, "verified") != 0))
		return 0;
	if (!f->exported)
		snprintf(f->exported_at, sizeof f->exported_at, "%s",
			 x->created);
	f->exported = 1;
	return 0;
}

/* Does what the partner receives carry a blocked term?  1 yes, 0 no. */
static int
debrief_blocked(struct store *s, const char *report, const char *partner,
		const char *date)
{
	struct action_release ar;
	struct sanitize_hits hits;
	struct relto_err e;
	size_t i;
	int found = 0;

	err_clear(&e);
	if (action_release_load(s, report, partner, date, &ar, &e) != RELTO_OK)
		return 0;
	memset(&hits, 0, sizeof hits);
	if (ar.result.view != NULL &&
	    sanitize_scan(ar.san, ar.result.view, strlen(ar.result.view), &hits,
			  &e) == RELTO_OK)
		for (i = 0; i < hits.n; i++)
			if (hits.v[i].rule == SANITIZE_TERM &&
			    hits.v[i].action == SANITIZE_BLOCK)
				found = 1;
	sanitize_hits_free(&hits);
	action_release_free(&ar);
	return found;
}

static int
debrief_answer(const struct store_answer *a, void *arg)
{
	struct debrief *d = arg;
	struct debrief_item it;
	struct debrief_find f;
	struct relto_err e;
	char when[EXERCISE_HHMM_LEN], by[EXERCISE_HHMM_LEN], date[16];
	char utc[CLOCK_UTC_LEN];
	long long left;
	int o = a->objective > 0 && a->objective <= DEBRIEF_OBJECTIVES
		    ? a->objective
		    : 0;

	memset(&f, 0, sizeof f);
	f.report = a->report;
	f.partner = a->partner;
	err_clear(&e);
	store_decisions_each(d->s, debrief_find_decision, &f, &e);
	store_exports_each(d->s, NULL, debrief_find_export, &f, &e);
	memset(&it, 0, sizeof it);
	it.key = a;
	it.decided = f.found ? f.decision : NULL;
	it.game = f.found ? exercise_game_at(d->s, &d->x, f.at) : -1;
	it.exported = f.exported;
	if (f.exported) {
		/* Once: each call replays the event log. */
		left = exercise_game_at(d->s, &d->x, f.exported_at);
		/* The rule's day when it left: the scenario's. */
		clock_utc(exercise_wall_of(&d->x, left), utc);
		snprintf(date, sizeof date, "%.10s", utc);
		if (debrief_blocked(d->s, a->report, a->partner, date))
			it.exported = -1;
		if (!f.found) { /* the export was the decision */
			it.decided = a->decision;
			it.game = left;
		}
	}
	debrief_score(&it);
	d->outcomes[it.outcome]++;
	d->pts2[o] += it.points2;
	d->tot2[o] += 2 * a->weight;
	exercise_hhmm(it.game, when);
	exercise_hhmm(a->by >= 0 ? (long long)a->by * 60 : -1, by);
	/* TRANSLATORS: one scored answer; keep the %-N widths. */
	debrief_put(d,
		    _("  %-13s %-10s %-5s key %-17s did %-17s at %-7s by %-7s "
		      "%s%s%d%s/%d\n"),
		    debrief_outcome_name(it.outcome), a->report, a->partner,
		    a->decision, it.decided != NULL ? it.decided : "-", when,
		    by, a->trap ? _("trap ") : "",
		    it.exported ? _("exported ") : "", it.points2 / 2,
		    it.points2 % 2 ? ".5" : "", a->weight);
	debrief_put(d, "%16s%s ", "", _("why:"));
	debrief_indented(d, a->why, 16 + 1 + (int)strlen(_("why:")));
	return 0;
}

/* Decisions the key does not answer: listed, not scored. */
struct debrief_extra {
	struct debrief *d;
	const struct store_decision *dc;
	int keyed;
};

static int
debrief_keyed(const struct store_answer *a, void *arg)
{
	struct debrief_extra *x = arg;

	if (strcmp(a->report, x->dc->report) == 0 &&
	    strcmp(a->partner, x->dc->partner) == 0)
		return x->keyed = 1;
	return 0;
}

static int
debrief_unkeyed(const struct store_decision *dc, void *arg)
{
	struct debrief_extra *x = arg;
	char when[EXERCISE_HHMM_LEN];
	struct relto_err e;

	x->dc = dc;
	x->keyed = 0;
	err_clear(&e);
	store_answers_each(x->d->s, debrief_keyed, x, &e);
	if (x->keyed)
		return 0;
	exercise_hhmm(exercise_game_at(x->d->s, &x->d->x, dc->at), when);
	debrief_put(x->d, _("  %-13s %-10s %-5s did %-17s at %-7s %s\n"),
		    _("(not in key)"), dc->report, dc->partner, dc->decision,
		    when, dc->reason);
	return 0;
}

/* ---- the timeline ---------------------------------------------------------
 */

struct debrief_first {
	const char *report;
	long long after, game;
	struct debrief *d;
};

static int
debrief_first_decision(const struct store_decision *dc, void *arg)
{
	struct debrief_first *f = arg;
	long long g;

	if (strcmp(dc->report, f->report) != 0)
		return 0;
	g = exercise_game_at(f->d->s, &f->d->x, dc->at);
	if (g >= f->after && (f->game < 0 || g < f->game))
		f->game = g;
	return 0;
}

static int
debrief_inject(const struct store_inject *in, void *arg)
{
	struct debrief *d = arg;
	struct debrief_first f;
	struct relto_err e;
	char at[EXERCISE_HHMM_LEN], dl[EXERCISE_HHMM_LEN],
	    vw[EXERCISE_HHMM_LEN], dc[EXERCISE_HHMM_LEN],
	    lat[EXERCISE_HHMM_LEN];

	f.game = -1;
	if (in->delivers != NULL && in->delivered >= 0) {
		f.report = in->delivers;
		f.after = in->delivered;
		f.d = d;
		err_clear(&e);
		store_decisions_each(d->s, debrief_first_decision, &f, &e);
	}
	exercise_hhmm((long long)in->at * 60, at);
	exercise_hhmm(in->delivered, dl);
	exercise_hhmm(in->viewed, vw);
	exercise_hhmm(f.game, dc);
	exercise_hhmm(f.game >= 0 ? f.game - in->delivered : -1, lat);
	/* TRANSLATORS: one inject of the timeline; keep the widths. */
	debrief_put(d,
		    _("  %-10s %-7s %-10s delivered %-7s%s viewed %-7s "
		      "decided %-7s latency %s\n"),
		    in->id, at, in->state, dl, in->fired ? _(" (fired)") : "",
		    vw, dc, lat + (lat[0] == '+'));
	return 0;
}

static int
debrief_event(const struct store_event *ev, void *arg)
{
	struct debrief *d = arg;
	char g[EXERCISE_HHMM_LEN];

	if (strcmp(ev->kind, "deliver") == 0 || strcmp(ev->kind, "fire") == 0 ||
	    strcmp(ev->kind, "skip") == 0)
		return 0;
	exercise_hhmm(ev->game, g);
	debrief_put(d, "  %s  %-7s %-9s %s\n", ev->at, g, ev->kind, ev->detail);
	return 0;
}

static int
debrief_suspension(const struct store_event *ev, void *arg)
{
	struct debrief *d = arg;
	char g[EXERCISE_HHMM_LEN];

	if (strcmp(ev->kind, "suspend") != 0 &&
	    strcmp(ev->kind, "realworld") != 0)
		return 0;
	exercise_hhmm(ev->game, g);
	debrief_put(d, _("  %s  %-7s code word given by: %s\n"), ev->at, g,
		    ev->detail);
	return 0;
}

static int
debrief_audit(const struct store_audit_row *r, void *arg)
{
	struct debrief *d = arg;

	debrief_put(d, "  %5lld %s %-10s %-14s %s %s\n", r->seq, r->at,
		    r->actor, r->action, r->object, r->detail);
	return 0;
}

static int
debrief_objective(int seq, const char *text, void *arg)
{
	struct debrief *d = arg;

	if (seq >= 1 && seq <= DEBRIEF_OBJECTIVES) {
		snprintf(d->objective[seq], sizeof d->objective[seq], "%s",
			 text);
		if (seq > d->nobjectives)
			d->nobjectives = seq;
	}
	return 0;
}

static void
debrief_percent(struct debrief *d, const char *label, long long p2,
		long long t2)
{
	debrief_put(d, "  %-40.40s %lld%s/%lld  %lld%%\n", label, p2 / 2,
		    p2 % 2 ? ".5" : "", t2 / 2,
		    t2 > 0 ? (p2 * 100 + t2 / 2) / t2 : 0);
}

static void
debrief_scores(struct debrief *d)
{
	long long p = 0, t = 0;
	int i;

	debrief_put(d, "\n%s\n", _("SCORE"));
	for (i = 1; i <= d->nobjectives; i++)
		if (d->tot2[i] > 0)
			debrief_percent(d, d->objective[i], d->pts2[i],
					d->tot2[i]);
	if (d->tot2[0] > 0 && d->nobjectives > 0)
		debrief_percent(d, _("(no objective named)"), d->pts2[0],
				d->tot2[0]);
	for (i = 0; i <= DEBRIEF_OBJECTIVES; i++) {
		p += d->pts2[i];
		t += d->tot2[i];
	}
	debrief_percent(d, _("Overall"), p, t);
	debrief_put(d,
		    "  CORRECT %d  LATE %d  VIOLATION %d  SPILL %d  "
		    "OVER-RESTRICT %d\n",
		    d->outcomes[DEBRIEF_CORRECT], d->outcomes[DEBRIEF_LATE],
		    d->outcomes[DEBRIEF_VIOLATION], d->outcomes[DEBRIEF_SPILL],
		    d->outcomes[DEBRIEF_OVER_RESTRICT]);
}

static void
debrief_head(struct debrief *d)
{
	char g[EXERCISE_HHMM_LEN], dur[EXERCISE_HHMM_LEN], now[CLOCK_UTC_LEN];
	int i;

	clock_utc(clock_now(), now);
	exercise_hhmm(exercise_game(&d->x, clock_now()), g);
	exercise_hhmm((long long)d->x.duration * 60, dur);
	debrief_put(d, "%s\n\n", d->x.marking);
	debrief_put(d, _("EXERCISE DEBRIEF  %s  %s\n\n"), d->x.scenario,
		    d->x.title);
	debrief_put(d, _("Scenario file  %s\n"), d->x.source);
	debrief_put(d, "SHA-256        %s\n", d->x.sha256);
	debrief_put(d, "STARTEX        %s%s%s\n",
		    d->x.started[0] ? d->x.started : _("not started"),
		    d->x.startex[0] ? _("  scenario time ") : "", d->x.startex);
	debrief_put(d, "ENDEX          %s\n",
		    d->x.ended[0] ? d->x.ended : _("not yet"));
	debrief_put(d, _("State          %s, clock %s of %s, speed %d\n"),
		    d->x.state, g, dur, d->x.speed);
	debrief_put(d, _("Written        %s\n"), now);
	if (d->nobjectives > 0)
		debrief_put(d, "\n%s\n", _("OBJECTIVES"));
	for (i = 1; i <= d->nobjectives; i++)
		debrief_put(d, "  %d. %s\n", i, d->objective[i]);
}

/* The whole debrief, as one malloc'd text. */
int
debrief_write(struct store *s, char **out, size_t *len, struct relto_err *e)
{
	struct debrief *d = calloc(1, sizeof *d);
	int rc;

	if (d == NULL)
		return err_set(e, RELTO_ENOMEM, _("out of memory"));
	d->s = s;
	rc = exercise_require(s, &d->x, e);
	if (rc == RELTO_OK)
		rc = store_objectives_each(s, debrief_objective, d, e);
	if (rc == RELTO_OK) {
		debrief_head(d);
		debrief_put(d, "\n%s\n",
			    _("CLOCK (wall time, game time, event)"));
		rc = store_events_each(s, debrief_event, d, e);
	}
	if (rc == RELTO_OK) {
		debrief_put(d, "\n%s\n", _("INJECTS"));
		rc = store_injects_each(s, debrief_inject, d, e);
	}
	if (rc == RELTO_OK) {
		debrief_put(d, "\n%s\n", _("DECISIONS against the key"));
		rc = store_answers_each(s, debrief_answer, d, e);
	}
	if (rc == RELTO_OK) {
		struct debrief_extra x = {d, NULL, 0};

		rc = store_decisions_each(s, debrief_unkeyed, &x, e);
	}
	if (rc == RELTO_OK) {
		debrief_scores(d);
		debrief_put(d, "\n%s\n", _("REAL-WORLD SUSPENSIONS"));
		rc = store_events_each(s, debrief_suspension, d, e);
	}
	if (rc == RELTO_OK) {
		debrief_put(d, "\n%s\n", _("AUDIT JOURNAL"));
		rc = store_audit_each(s, 1, debrief_audit, d, e);
	}
	debrief_put(d, "\n%s\n", d->x.marking);
	if (rc == RELTO_OK && d->oom)
		rc = err_set(e, RELTO_ENOMEM, _("out of memory"));
	if (rc == RELTO_OK) {
		*out = d->buf;
		*len = d->len;
	} else
		free(d->buf);
	free(d);
	return rc;
}
