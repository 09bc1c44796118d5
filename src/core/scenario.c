/*
 * scenario.c -- the exercise records: Scenario (exactly one), Inject and
 * Answer, checked and imported with the rest of the file.
 *
 * A scenario is a records file (import.c) with three more record types,
 * added through import's hooks: their field tables are here, their checks
 * run after every built-in record is checked, and their rows are written
 * in the import's one transaction.  So a scenario is all or nothing, like
 * any records file, and every problem is reported FILE:LINE:COL.
 *
 * Checking needs no store: `scenario check` runs import dry, against the
 * built-in partners and the file alone.  One check is a warning, not an
 * error: an answer whose decision differs from what the release rule
 * says on the day it is due, unless it is marked `Trap: yes`.
 *
 * Times: `At` and `By` are +HH:MM from STARTEX (minutes 00-59);
 * `Duration` is HH:MM; `Startex` is YYYY-MM-DDTHH:MMZ.
 */
#include "config.h"

#include "scenario.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "crypto.h"
#include "exercise.h"
#include "i18n.h"
#include "media.h"
#include "release.h"
#include "sanitize.h"
#include "station.h"

#define K IMPORT_KEY
#define R IMPORT_REQUIRED

static const struct import_field scenario_fields[] = {
    {"Id", K},        {"Title", R},    {"Marking", R},
    {"Realworld", R}, {"Duration", R}, {"Startex", 0},
    {"Speed", 0},     {"Country", 0},  {"Objective", IMPORT_REPEAT},
    {NULL, 0},
};

static const struct import_field scenario_inject_fields[] = {
    {"Id", K},       {"At", R},   {"From", R},  {"To", R},     {"Method", R},
    {"Delivers", 0}, {"Text", R}, {"Notes", 0}, {"Expect", 0}, {NULL, 0},
};

static const struct import_field scenario_answer_fields[] = {
    {"Report", R}, {"Partner", R}, {"Decision", R},  {"By", 0}, {"Why", R},
    {"Trap", 0},   {"Weight", 0},  {"Objective", 0}, {NULL, 0},
};

struct scenario_state {
	const struct records_record *scen; /* the first Scenario */
	const struct records_record **inj, **ans;
	size_t nscen, ninj, nans;
	int oom;
	const char *path, *sha256;
};

static void
scenario_keep(struct scenario_state *st, const struct records_record ***v,
	      size_t *n, const struct records_record *r)
{
	const struct records_record **nv = realloc(*v, (*n + 1) * sizeof *nv);

	if (nv == NULL) {
		st->oom = 1;
		return;
	}
	nv[(*n)++] = r;
	*v = nv;
}

static const char *
scenario_get(const struct records_record *r, const char *name)
{
	const char *v = records_get(r, name);

	return v != NULL ? v : "";
}

/* "+HH:MM" (plus) or "HH:MM": minutes, or -1. */
int
scenario_parse_offset(const char *v, int plus)
{
	int h, m;

	if (plus && *v++ != '+')
		return -1;
	if (strlen(v) != 5 || v[2] != ':' || strspn(v, "0123456789") != 2 ||
	    strspn(v + 3, "0123456789") != 2)
		return -1;
	h = (v[0] - '0') * 10 + (v[1] - '0');
	m = (v[3] - '0') * 10 + (v[4] - '0');
	return m > 59 ? -1 : h * 60 + m;
}

static int
scenario_number(const char *v, int lo, int hi)
{
	char *end;
	long n = strtol(v, &end, 10);

	return *v >= '0' && *v <= '9' && *end == '\0' && n >= lo && n <= hi
		   ? (int)n
		   : -1;
}

static int
scenario_line(const char *v)
{
	return strchr(v, '\n') == NULL;
}

/* Scenario and inject ids: ASCII letters, digits, '-', '_' and '.'. */
static void
scenario_check_id(const struct import_view *v, const struct records_record *r)
{
	const char *id = scenario_get(r, "Id");

	if (strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		       "0123456789-_.") != strlen(id))
		import_diag(v->d, r, "Id",
			    _("an id uses ASCII letters, digits, '-', '_' and "
			      "'.'"));
}

/* ---- per record -----------------------------------------------------------
 */

static void
scenario_check_scenario(void *arg, const struct import_view *v,
			const struct records_record *r)
{
	struct scenario_state *st = arg;
	const char *c = records_get(r, "Country");
	const struct partner *p;
	time_t t;

	if (st->nscen++ > 0) {
		import_diag(v->d, r, NULL,
			    _("a second Scenario record (a scenario file has "
			      "exactly one)"));
		return;
	}
	st->scen = r;
	if (records_get(r, "Duration") != NULL &&
	    scenario_parse_offset(scenario_get(r, "Duration"), 0) <= 0)
		import_diag(v->d, r, "Duration",
			    _("Duration is HH:MM (minutes 00 to 59), more "
			      "than 00:00, not '%s'"),
			    scenario_get(r, "Duration"));
	if (records_get(r, "Startex") != NULL &&
	    (strlen(scenario_get(r, "Startex")) != 17 ||
	     exercise_parse_utc(scenario_get(r, "Startex"), &t) != 0))
		import_diag(v->d, r, "Startex",
			    _("Startex is a UTC time written "
			      "YYYY-MM-DDTHH:MMZ, not '%s'"),
			    scenario_get(r, "Startex"));
	if (records_get(r, "Speed") != NULL &&
	    scenario_number(scenario_get(r, "Speed"), 1, 3600) < 0)
		import_diag(v->d, r, "Speed",
			    _("Speed is a whole number from 1 to 3600, not "
			      "'%s'"),
			    scenario_get(r, "Speed"));
	if (!scenario_line(scenario_get(r, "Marking")) ||
	    strlen(scenario_get(r, "Marking")) > 100)
		import_diag(v->d, r, "Marking",
			    _("Marking is one line of at most 100 bytes"));
	if (!scenario_line(scenario_get(r, "Realworld")) ||
	    strlen(scenario_get(r, "Realworld")) > 100)
		import_diag(v->d, r, "Realworld",
			    _("Realworld is one line of at most 100 bytes"));
	if (strlen(scenario_get(r, "Id")) > 60)
		import_diag(v->d, r, "Id", _("an id has at most %d characters"),
			    60);
	scenario_check_id(v, r);
	if (records_count(r, "Objective") > SCENARIO_OBJECTIVES_MAX)
		import_diag(v->d, r, NULL,
			    _("a scenario has at most %d objectives"),
			    SCENARIO_OBJECTIVES_MAX);
	if (c != NULL && ((p = partner_find(v->set, c)) == NULL ||
			  p->kind != PARTNER_COUNTRY))
		import_diag(v->d, r, "Country",
			    _("Country must be a known country code, not "
			      "'%s'"),
			    c);
}

/* The file's report with that id, or NULL. */
static const struct report *
scenario_report(const struct import_view *v, const char *id)
{
	size_t i;

	for (i = 0; i < v->nrep; i++)
		if (strcmp(v->rep[i].id, id) == 0)
			return &v->rep[i];
	return NULL;
}

static void
scenario_check_inject(void *arg, const struct import_view *v,
		      const struct records_record *r)
{
	struct scenario_state *st = arg;
	const char *d = records_get(r, "Delivers");
	size_t i;

	for (i = 0; records_get(r, "Id") != NULL && i < st->ninj; i++)
		if (strcmp(scenario_get(st->inj[i], "Id"),
			   scenario_get(r, "Id")) == 0) {
			import_diag(v->d, r, "Id",
				    _("inject %s is defined twice (first at "
				      "line %d)"),
				    scenario_get(r, "Id"), st->inj[i]->line);
			break;
		}
	scenario_check_id(v, r);
	if (strlen(scenario_get(r, "Id")) > 60)
		import_diag(v->d, r, "Id", _("an id has at most %d characters"),
			    60);
	if (records_get(r, "At") != NULL &&
	    scenario_parse_offset(scenario_get(r, "At"), 1) < 0)
		import_diag(v->d, r, "At",
			    _("At is +HH:MM from STARTEX (minutes 00 to 59), "
			      "not '%s'"),
			    scenario_get(r, "At"));
	if (d != NULL && scenario_report(v, d) == NULL)
		import_diag(v->d, r, "Delivers", _("report %s is not defined"),
			    d);
	scenario_keep(st, &st->inj, &st->ninj, r);
}

static int
scenario_decision_valid(const char *d)
{
	return strcmp(d, "release") == 0 ||
	       strcmp(d, "release-sanitized") == 0 ||
	       strcmp(d, "withhold") == 0;
}

static void
scenario_check_answer(void *arg, const struct import_view *v,
		      const struct records_record *r)
{
	struct scenario_state *st = arg;
	const char *rep = scenario_get(r, "Report"),
		   *p = scenario_get(r, "Partner");
	const char *t = records_get(r, "Trap");
	size_t i;

	if (records_get(r, "Report") != NULL && scenario_report(v, rep) == NULL)
		import_diag(v->d, r, "Report", _("report %s is not defined"),
			    rep);
	if (records_get(r, "Partner") != NULL &&
	    partner_find(v->set, p) == NULL)
		import_diag(v->d, r, "Partner", _("partner %s is not known"),
			    p);
	if (records_get(r, "Decision") != NULL &&
	    !scenario_decision_valid(scenario_get(r, "Decision")))
		import_diag(v->d, r, "Decision",
			    _("Decision is release, release-sanitized or "
			      "withhold, not '%s'"),
			    scenario_get(r, "Decision"));
	if (records_get(r, "By") != NULL &&
	    scenario_parse_offset(scenario_get(r, "By"), 1) < 0)
		import_diag(v->d, r, "By",
			    _("By is +HH:MM from STARTEX (minutes 00 to 59), "
			      "not '%s'"),
			    scenario_get(r, "By"));
	if (t != NULL && strcmp(t, "yes") != 0 && strcmp(t, "no") != 0)
		import_diag(v->d, r, "Trap", _("Trap is yes or no, not '%s'"),
			    t);
	if (records_get(r, "Weight") != NULL &&
	    scenario_number(scenario_get(r, "Weight"), 1, 100) < 0)
		import_diag(v->d, r, "Weight",
			    _("Weight is a whole number from 1 to 100, not "
			      "'%s'"),
			    scenario_get(r, "Weight"));
	for (i = 0; *rep != '\0' && *p != '\0' && i < st->nans; i++)
		if (strcmp(scenario_get(st->ans[i], "Report"), rep) == 0 &&
		    strcmp(scenario_get(st->ans[i], "Partner"), p) == 0) {
			import_diag(v->d, r, "Report",
				    _("report %s to %s is answered twice "
				      "(first at line %d)"),
				    rep, p, st->ans[i]->line);
			break;
		}
	scenario_keep(st, &st->ans, &st->nans, r);
}

/* ---- across records --------------------------------------------------------
 */

/* The sanitizer the file's terms make; NULL if they make none. */
static struct sanitizer *
scenario_sanitizer(const struct import_view *v)
{
	struct sanitizer *san;
	struct relto_err e;
	size_t i;

	err_clear(&e);
	if (sanitize_new(&san, &e) != RELTO_OK)
		return NULL;
	for (i = 0; i < v->nterms; i++)
		sanitize_add_term(
		    san, scenario_get(v->terms[i], "Term"),
		    sanitize_action_parse(scenario_get(v->terms[i], "Action")),
		    records_get(v->terms[i], "Replacement"), &e);
	if (sanitize_compile(san, &e) != RELTO_OK) {
		sanitize_free(san);
		return NULL;
	}
	return san;
}

/* The release rule's decision for an answer on the day it is due. */
static const char *
scenario_rule(const struct import_view *v, const struct records_record *scen,
	      const struct records_record *a, const struct sanitizer *san)
{
	struct release_consent cons[32];
	struct release_input in;
	struct release_result res;
	struct marking_ctx ctx = *v->ctx;
	struct relto_err e;
	const char *rep = scenario_get(a, "Report"), *out;
	char utc[CLOCK_UTC_LEN];
	time_t t = clock_now();
	int by = scenario_parse_offset(scenario_get(a, "By"), 1);
	size_t i, nc = 0;

	if (exercise_parse_utc(scenario_get(scen, "Startex"), &t) == 0 &&
	    by > 0)
		t += (time_t)by * 60;
	clock_utc(t, utc);
	snprintf(ctx.date, sizeof ctx.date, "%.10s", utc);
	for (i = 0; i < v->nconsents && nc < 32; i++)
		if (strcmp(scenario_get(v->consents[i], "Report"), rep) == 0) {
			snprintf(cons[nc].partner, sizeof cons[nc].partner,
				 "%s", scenario_get(v->consents[i], "Partner"));
			snprintf(cons[nc].date, sizeof cons[nc].date, "%s",
				 scenario_get(v->consents[i], "Date"));
			nc++;
		}
	memset(&in, 0, sizeof in);
	/* Ids are unique here: the rule runs only on a file without errors. */
	if ((in.report = scenario_report(v, rep)) == NULL)
		return NULL;
	in.partner = scenario_get(a, "Partner");
	in.ctx = &ctx;
	in.agreements = v->agr;
	in.nagreements = v->nagr;
	in.consents = cons;
	in.nconsents = nc;
	in.sanitizer = san;
	err_clear(&e);
	if (release_decide(&in, &res, &e) != RELTO_OK)
		return NULL;
	/* The verdicts' names are the decisions the key is written in. */
	out = release_verdict_name(release_summary(&res));
	release_result_free(&res);
	return out;
}

static void
scenario_check_key(struct scenario_state *st, const struct import_view *v)
{
	struct sanitizer *san;
	const struct records_field *f;
	const char *rule, *key;
	size_t i;

	if (v->d->errors > 0 || (san = scenario_sanitizer(v)) == NULL)
		return;
	for (i = 0; i < st->nans; i++) {
		key = scenario_get(st->ans[i], "Decision");
		rule = scenario_rule(v, st->scen, st->ans[i], san);
		if (rule == NULL || strcmp(rule, key) == 0 ||
		    strcmp(scenario_get(st->ans[i], "Trap"), "yes") == 0)
			continue;
		f = records_field(st->ans[i], "Decision");
		records_diag(v->d, f->line, (int)strlen(f->name) + 3, 1,
			     _("the key says %s but the release rule says %s "
			       "for %s to %s; write 'Trap: yes' if that is "
			       "deliberate"),
			     key, rule, scenario_get(st->ans[i], "Report"),
			     scenario_get(st->ans[i], "Partner"));
	}
	sanitize_free(san);
}

static void
scenario_finish(void *arg, const struct import_view *v)
{
	struct scenario_state *st = arg;
	int dur, at, nobj;
	size_t i;
	const char *o;

	if (st->scen == NULL) {
		records_diag(v->d, 1, 1, 0,
			     _("there is no Scenario record (a scenario file "
			       "has exactly one)"));
		return;
	}
	dur = scenario_parse_offset(scenario_get(st->scen, "Duration"), 0);
	nobj = (int)records_count(st->scen, "Objective");
	for (i = 0; dur > 0 && i < st->ninj; i++)
		if ((at = scenario_parse_offset(scenario_get(st->inj[i], "At"),
						1)) > dur)
			import_diag(v->d, st->inj[i], "At",
				    _("inject %s at %s comes after the "
				      "scenario's duration %s"),
				    scenario_get(st->inj[i], "Id"),
				    scenario_get(st->inj[i], "At"),
				    scenario_get(st->scen, "Duration"));
	for (i = 0; i < st->nans; i++) {
		at = scenario_parse_offset(scenario_get(st->ans[i], "By"), 1);
		if (dur > 0 && at > dur)
			import_diag(v->d, st->ans[i], "By",
				    _("the deadline %s comes after the "
				      "scenario's duration %s"),
				    scenario_get(st->ans[i], "By"),
				    scenario_get(st->scen, "Duration"));
		o = records_get(st->ans[i], "Objective");
		if (o != NULL && nobj == 0)
			import_diag(v->d, st->ans[i], "Objective",
				    _("the scenario names no Objective for "
				      "this one to refer to"));
		else if (o != NULL && scenario_number(o, 1, nobj) < 0)
			import_diag(v->d, st->ans[i], "Objective",
				    _("Objective is the number of one of the "
				      "scenario's %d objectives, not '%s'"),
				    nobj, o);
	}
	scenario_check_key(st, v);
}

/* ---- writing
 * ----------------------------------------------------------------- */

static int
scenario_insert_scenario(struct scenario_state *st, struct store *s,
			 struct relto_err *e)
{
	const struct records_record *r = st->scen;
	struct store_exercise x;
	size_t i;
	int seq = 0;

	memset(&x, 0, sizeof x);
	snprintf(x.scenario, sizeof x.scenario, "%s", scenario_get(r, "Id"));
	snprintf(x.title, sizeof x.title, "%s", scenario_get(r, "Title"));
	snprintf(x.marking, sizeof x.marking, "%s", scenario_get(r, "Marking"));
	snprintf(x.realworld, sizeof x.realworld, "%s",
		 scenario_get(r, "Realworld"));
	x.duration = scenario_parse_offset(scenario_get(r, "Duration"), 0);
	snprintf(x.startex, sizeof x.startex, "%s", scenario_get(r, "Startex"));
	x.speed = records_get(r, "Speed") != NULL
		      ? scenario_number(scenario_get(r, "Speed"), 1, 3600)
		      : 1;
	snprintf(x.sha256, sizeof x.sha256, "%s", st->sha256);
	snprintf(x.source, sizeof x.source, "%s", st->path);
	if (store_exercise_put(s, &x, e) != RELTO_OK)
		return e->code;
	for (i = 0; i < r->n; i++)
		if (strcmp(r->f[i].name, "Objective") == 0 &&
		    store_objective_put(s, ++seq, r->f[i].value, e) != RELTO_OK)
			return e->code;
	return RELTO_OK;
}

static int
scenario_insert(void *arg, struct store *s, struct relto_err *e)
{
	struct scenario_state *st = arg;
	struct store_inject in;
	struct store_answer a;
	const char *t;
	size_t i;

	if (scenario_insert_scenario(st, s, e) != RELTO_OK)
		return e->code;
	for (i = 0; i < st->ninj; i++) {
		memset(&in, 0, sizeof in);
		in.id = scenario_get(st->inj[i], "Id");
		in.seq = (int)i;
		in.at =
		    scenario_parse_offset(scenario_get(st->inj[i], "At"), 1);
		in.sender = scenario_get(st->inj[i], "From");
		in.recipient = scenario_get(st->inj[i], "To");
		in.method = scenario_get(st->inj[i], "Method");
		in.delivers = records_get(st->inj[i], "Delivers");
		in.text = scenario_get(st->inj[i], "Text");
		in.notes = records_get(st->inj[i], "Notes");
		in.expect = records_get(st->inj[i], "Expect");
		if (store_inject_put(s, &in, e) != RELTO_OK)
			return e->code;
	}
	for (i = 0; i < st->nans; i++) {
		a.report = scenario_get(st->ans[i], "Report");
		a.partner = scenario_get(st->ans[i], "Partner");
		a.decision = scenario_get(st->ans[i], "Decision");
		a.why = scenario_get(st->ans[i], "Why");
		a.by = records_get(st->ans[i], "By") != NULL
			   ? scenario_parse_offset(
				 scenario_get(st->ans[i], "By"), 1)
			   : -1;
		a.trap = strcmp(scenario_get(st->ans[i], "Trap"), "yes") == 0;
		t = records_get(st->ans[i], "Weight");
		a.weight = t != NULL ? scenario_number(t, 1, 100) : 1;
		t = records_get(st->ans[i], "Objective");
		a.objective = t != NULL ? atoi(t) : 0;
		if (store_answer_put(s, &a, e) != RELTO_OK)
			return e->code;
	}
	return RELTO_OK;
}

/* ---- entry points
 * --------------------------------------------------------------- */

static const struct import_extra scenario_types[] = {
    {"Scenario", scenario_fields, scenario_check_scenario},
    {"Inject", scenario_inject_fields, scenario_check_inject},
    {"Answer", scenario_answer_fields, scenario_check_answer},
};

void
scenario_sha256(const char *text, size_t len, char out[SCENARIO_SHA256_HEX])
{
	uint8_t h[CRYPTO_SHA256_LEN];
	size_t i;

	crypto_sha256(text, len, h);
	for (i = 0; i < sizeof h; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
}

/* Is c a country: built in, or defined as one by a Partner record? */
static int
scenario_country_known(const struct records_file *rf, const char *c)
{
	struct partner_set set;
	const struct partner *p;
	struct relto_err e;
	size_t i;
	int known = 0;

	for (i = 0; i < rf->n; i++)
		if (rf->r[i].type != NULL &&
		    strcmp(rf->r[i].type, "Partner") == 0 &&
		    strcmp(scenario_get(&rf->r[i], "Code"), c) == 0)
			return strcmp(scenario_get(&rf->r[i], "Kind"),
				      "country") == 0;
	partner_set_init(&set);
	err_clear(&e);
	if (partner_set_load_default(&set, &e) == RELTO_OK &&
	    (p = partner_find(&set, c)) != NULL)
		known = p->kind == PARTNER_COUNTRY;
	partner_set_free(&set);
	return known;
}

/*
 * The scenario's own country (Country, default USA), read ahead of the
 * checks because the markings of its reports depend on it.  Without a
 * Scenario record, or with a Country that is none, every marking would
 * be judged against the wrong country: that one error is reported (in
 * d, when not NULL), 0 returned, and checking goes no further.
 */
static int
scenario_own(const struct import_source *src, char own[8],
	     struct records_diags *d)
{
	const struct records_record *scen = NULL;
	const struct records_field *f;
	struct records_file rf;
	struct records_diags pd;
	const char *c;
	size_t i;
	int ok = 1;

	memset(&rf, 0, sizeof rf);
	records_diags_init(&pd, src->name);
	records_parse(src->text, src->len, &rf, &pd);
	for (i = 0; i < rf.n && scen == NULL; i++)
		if (rf.r[i].type != NULL &&
		    strcmp(rf.r[i].type, "Scenario") == 0)
			scen = &rf.r[i];
	c = scen != NULL ? records_get(scen, "Country") : NULL;
	snprintf(own, 8, "%s", c != NULL ? c : "USA");
	if (pd.errors == 0 && scen == NULL) {
		ok = 0;
		if (d != NULL)
			records_diag(
			    d, 1, 1, 0,
			    _("there is no Scenario record (a scenario "
			      "file has exactly one)"));
	} else if (pd.errors == 0 && c != NULL &&
		   (strlen(c) != 3 || !scenario_country_known(&rf, c))) {
		ok = 0;
		f = records_field(scen, "Country");
		if (d != NULL)
			records_diag(d, f->line, 10, 0,
				     _("Country must be a known country code, "
				       "not '%s'"),
				     c);
	}
	records_free(&rf);
	records_diags_free(&pd);
	return ok;
}

static int
scenario_run(struct store *s, const struct import_source *src, const char *path,
	     struct records_diags *d, struct import_counts *counts, int dry,
	     struct relto_err *e)
{
	struct scenario_state st;
	struct import_hooks h;
	char own[8], sha[SCENARIO_SHA256_HEX];
	int rc;

	memset(&st, 0, sizeof st);
	scenario_sha256(src->text, src->len, sha);
	st.path = path;
	st.sha256 = sha;
	if (!scenario_own(src, own, d))
		return err_set(e, RELTO_EINPUT, "%s",
			       _("the scenario cannot be checked further"));
	memset(&h, 0, sizeof h);
	h.types = scenario_types;
	h.ntypes = sizeof scenario_types / sizeof scenario_types[0];
	h.types_note = _("a scenario holds Partner, Agreement, Report, Term, "
			 "Consent, Scenario, Inject and Answer records");
	h.arg = &st;
	h.own = own;
	h.finish = scenario_finish;
	h.insert = scenario_insert;
	h.dry_run = dry;
	rc = import_records_with(s, src, 1, d, counts, &h, e);
	if (rc == RELTO_OK && st.oom)
		rc = err_set(e, RELTO_ENOMEM, _("out of memory"));
	free(st.inj);
	free(st.ans);
	return rc;
}

/* Check one scenario file without a store: diagnostics in d. */
int
scenario_check(const struct import_source *src, struct records_diags *d,
	       struct relto_err *e)
{
	struct import_counts c;

	return scenario_run(NULL, src, "", d, &c, 1, e);
}

/* Import a scenario into a new exercise store (all or nothing). */
int
scenario_import(struct store *s, const struct import_source *src,
		const char *path, struct records_diags *d,
		struct import_counts *counts, struct relto_err *e)
{
	return scenario_run(s, src, path, d, counts, 0, e);
}

/* ---- exercise stores
 * ---------------------------------------------------------- */

/* An exercise store never goes where the live store lives, nor over any
   existing file. */
/* path with its directory resolved (the file need not exist yet). */
static int
scenario_resolve(const char *path, char *out, size_t cap)
{
	char dir[4096], real[4096];
	const char *name = media_split_path(path, dir, sizeof dir);

	if (realpath(dir, real) == NULL)
		return -1;
	return (size_t)snprintf(out, cap, "%s/%s", real, name) < cap ? 0 : -1;
}

static int
scenario_path_ok(const char *path, struct relto_err *e)
{
	char live[4096], a[8200], b[8200];
	struct relto_err ignore;

	err_clear(&ignore);
	if (station_default_path(live, sizeof live, &ignore) == RELTO_OK &&
	    (strcmp(path, live) == 0 ||
	     (scenario_resolve(path, a, sizeof a) == 0 &&
	      scenario_resolve(live, b, sizeof b) == 0 && strcmp(a, b) == 0)))
		return err_set(e, RELTO_EUSAGE,
			       _("%s is the live store's place; an exercise "
				 "store goes elsewhere (--db PATH)"),
			       path);
	if (access(path, F_OK) == 0)
		return err_set(e, RELTO_EEXIST,
			       _("%s already exists; refusing to overwrite it "
				 "(relto scenario reset rebuilds an exercise "
				 "store)"),
			       path);
	return RELTO_OK;
}

static void
scenario_unlink(const char *path)
{
	static const char *const ext[] = {"-journal", "-wal"};
	char side[4400];
	size_t i;

	unlink(path);
	for (i = 0; i < 2; i++)
		if ((size_t)snprintf(side, sizeof side, "%.4300s%s", path,
				     ext[i]) < sizeof side)
			unlink(side);
}

/* Build a new exercise store at path from a checked scenario; nothing
   is left at path when it fails. */
static int
scenario_make(const char *path, const char *pass, size_t len,
	      const struct keyblock_kdf *kdf, const char *station,
	      const struct import_source *src, const char *source,
	      struct records_diags *d, struct import_counts *counts,
	      char recovery[KEYBLOCK_RECOVERY_TEXT], struct relto_err *e)
{
	struct store *s;
	char own[8];
	int rc;

	scenario_own(src, own, NULL);
	if (scenario_check(src, d, e) != RELTO_OK)
		return e->code;
	rc = station_init(path, pass, len, kdf, station, own, recovery, &s, e);
	if (rc != RELTO_OK)
		return rc;
	records_diags_free(d);
	records_diags_init(d, src->name);
	rc = scenario_import(s, src, source, d, counts, e);
	store_close(s);
	if (rc != RELTO_OK)
		scenario_unlink(path);
	return rc;
}

int
scenario_build(const char *path, const char *pass, size_t len,
	       const struct keyblock_kdf *kdf, const char *station,
	       const struct import_source *src, const char *source,
	       struct records_diags *d, struct import_counts *counts,
	       char recovery[KEYBLOCK_RECOVERY_TEXT], struct relto_err *e)
{
	char abs[4096];

	if (scenario_path_ok(path, e) != RELTO_OK)
		return e->code;
	/* Reset reads the file again, from wherever it is run. */
	if (realpath(source, abs) != NULL)
		source = abs;
	return scenario_make(path, pass, len, kdf, station, src, source, d,
			     counts, recovery, e);
}

/*
 * Rebuild the exercise store at path (open, as s) from the same file:
 * its SHA-256 must be the one recorded at load.  The new store has new
 * keys and a new recovery key (in recovery); the old one stops working.  The
 * new store is made beside the old and renamed over it, so a failure keeps the
 * old one. s is closed in every case.
 */
int
scenario_reset(struct store *s, const char *path, const char *pass, size_t len,
	       const struct keyblock_kdf *kdf, const struct import_source *src,
	       struct records_diags *d, struct import_counts *counts,
	       char recovery[KEYBLOCK_RECOVERY_TEXT], struct relto_err *e)
{
	char sha[SCENARIO_SHA256_HEX], tmp[4200], station[64];
	struct store_exercise x;
	int rc;

	rc = exercise_require(s, &x, e);
	store_setting(s, "station", station, sizeof station);
	store_close(s);
	if (rc != RELTO_OK)
		return rc;
	scenario_sha256(src->text, src->len, sha);
	if (strcmp(sha, x.sha256) != 0)
		return err_set(e, RELTO_EFAIL,
			       _("%s has changed since it was loaded (SHA-256 "
				 "%.16s..., loaded %.16s...); load it into a "
				 "new store instead"),
			       x.source, sha, x.sha256);
	snprintf(tmp, sizeof tmp, "%s.reset", path);
	scenario_unlink(tmp);
	rc = scenario_make(tmp, pass, len, kdf, station, src, x.source, d,
			   counts, recovery, e);
	if (rc != RELTO_OK)
		return rc;
	scenario_unlink(path);
	if (rename(tmp, path) != 0) {
		scenario_unlink(tmp);
		return err_set(e, RELTO_EIO, _("cannot rename %s: %s"), tmp,
			       strerror(errno));
	}
	return RELTO_OK;
}
