/*
 * action.c -- the officer's actions on a store, each one call that loads
 * what it needs, asks the rule, writes, and audits in one transaction.
 * The command line and the workstation both come through here, so they
 * cannot disagree.
 *
 * Invariants:
 *  - a release decision the rule forbids is refused with the rule's
 *    reasons: "release" needs every portion released as is,
 *    "release-sanitized" needs at least one portion released; "withhold"
 *    is always allowed (it never lets anything out);
 *  - every write appends an audit entry in the same transaction.
 */
#include "config.h"

#include "action.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "exercise.h"
#include "i18n.h"
#include "import.h"

struct action_terms {
	struct sanitizer *san;
	struct relto_err *e;
	int rc;
};

static int
action_add_term(const struct store_term *t, void *arg)
{
	struct action_terms *at = arg;

	at->rc = sanitize_add_term(at->san, t->term,
				   sanitize_action_parse(t->action),
				   t->replacement, at->e);
	return at->rc != RELTO_OK;
}

/* A sanitizer holding the store's dictionary, compiled. */
int
action_sanitizer(struct store *s, struct sanitizer **out, struct relto_err *e)
{
	struct action_terms at;

	if (sanitize_new(&at.san, e) != RELTO_OK)
		return e->code;
	at.e = e;
	at.rc = RELTO_OK;
	if (store_terms_each(s, action_add_term, &at, e) != RELTO_OK ||
	    at.rc != RELTO_OK || sanitize_compile(at.san, e) != RELTO_OK) {
		sanitize_free(at.san);
		return e->code;
	}
	*out = at.san;
	return RELTO_OK;
}

struct action_consents {
	struct release_consent *v;
	size_t n;
	int oom;
};

static int
action_add_consent(const struct store_consent *c, void *arg)
{
	struct action_consents *ac = arg;
	struct release_consent *nv;

	nv = realloc(ac->v, (ac->n + 1) * sizeof *nv);
	if (nv == NULL) {
		ac->oom = 1;
		return 1;
	}
	ac->v = nv;
	snprintf(nv[ac->n].partner, PARTNER_CODE_MAX, "%s", c->partner);
	snprintf(nv[ac->n].date, PARTNER_DATE_LEN, "%s", c->date);
	ac->n++;
	return 0;
}

void
action_release_free(struct action_release *ar)
{
	release_result_free(&ar->result);
	free(ar->consents);
	report_free(&ar->report);
	if (ar->own != NULL) {
		action_env_free(ar->own);
		free(ar->own);
	}
	memset(ar, 0, sizeof *ar);
}

/*
 * Decide report for partner with what ar holds already: the context
 * (and its partners), the agreements, the dictionary.
 */
static int
action_release_decide(struct store *s, const char *report,
		      const struct report *given, const char *partner,
		      struct action_release *ar, struct relto_err *e)
{
	struct action_consents ac = {NULL, 0, 0};
	struct release_input in;
	const struct partner *p;

	p = partner_find(ar->ctx.partners, partner);
	if (p == NULL || p->kind == PARTNER_GROUP ||
	    strcmp(partner, ar->ctx.own) == 0)
		return err_set(e, RELTO_EUSAGE,
			       _("%s is not a partner country or organisation"),
			       partner);
	if (given != NULL && report_copy(&ar->report, given) != 0)
		return err_set(e, RELTO_ENOMEM, _("out of memory"));
	if ((given == NULL && store_report_load(s, report, &ar->ctx,
						&ar->report, e) != RELTO_OK) ||
	    store_consents_each(s, report, action_add_consent, &ac, e) !=
		RELTO_OK) {
		free(ac.v);
		return e->code;
	}
	ar->consents = ac.v;
	ar->nconsents = ac.n;
	memset(&in, 0, sizeof in);
	in.report = &ar->report;
	in.partner = partner;
	in.ctx = &ar->ctx;
	in.agreements = ar->agr;
	in.nagreements = ar->nagr;
	in.consents = ar->consents;
	in.nconsents = ar->nconsents;
	in.sanitizer = ar->san;
	return release_decide(&in, &ar->result, e);
}

/* Decide report (id, or given already loaded) with env's partners,
   agreements and dictionary, which ar borrows. */
static int
action_release_with(struct store *s, const struct action_env *env,
		    const char *report, const struct report *given,
		    const char *partner, struct action_release *ar,
		    struct relto_err *e)
{
	memset(ar, 0, sizeof *ar);
	ar->ctx = env->ctx;
	ar->agr = env->agr;
	ar->nagr = env->nagr;
	ar->san = env->san;
	if (action_release_decide(s, report, given, partner, ar, e) !=
	    RELTO_OK) {
		action_release_free(ar);
		return e->code;
	}
	return RELTO_OK;
}

/*
 * Load report and everything around it, and decide for partner on date
 * (NULL: today).  ar->result holds the verdicts and the partner view.
 */
int
action_release_load(struct store *s, const char *report, const char *partner,
		    const char *date, struct action_release *ar,
		    struct relto_err *e)
{
	struct action_env *env = calloc(1, sizeof *env);

	memset(ar, 0, sizeof *ar);
	if (env == NULL)
		return err_set(e, RELTO_ENOMEM, _("out of memory"));
	if (action_env_load(s, date, env, e) != RELTO_OK) {
		free(env);
		return e->code;
	}
	if (action_release_with(s, env, report, NULL, partner, ar, e) !=
	    RELTO_OK) {
		action_env_free(env);
		free(env);
		return e->code;
	}
	ar->own = env;
	return RELTO_OK;
}

/* Load what decisions on date (NULL: today) share. */
int
action_env_load(struct store *s, const char *date, struct action_env *env,
		struct relto_err *e)
{
	memset(env, 0, sizeof *env);
	if (date != NULL && !agreement_date_valid(date))
		return err_set(e, RELTO_EUSAGE,
			       _("'%s' is not a date (YYYY-MM-DD)"), date);
	if (import_context(s, &env->set, &env->ctx, date, e) != RELTO_OK ||
	    store_agreements_load(s, &env->agr, &env->nagr, e) != RELTO_OK ||
	    action_sanitizer(s, &env->san, e) != RELTO_OK) {
		action_env_free(env);
		return e->code;
	}
	return RELTO_OK;
}

void
action_env_free(struct action_env *env)
{
	size_t i;

	for (i = 0; i < env->nagr; i++)
		agreement_free(&env->agr[i]);
	free(env->agr);
	sanitize_free(env->san);
	partner_set_free(&env->set);
	memset(env, 0, sizeof *env);
}

/* action_release_load() with env's partners, agreements and dictionary. */
int
action_release_env(struct store *s, const struct action_env *env,
		   const char *report, const char *partner,
		   struct action_release *ar, struct relto_err *e)
{
	return action_release_with(s, env, report, NULL, partner, ar, e);
}

/* action_release_env() on report r, already loaded (a copy is taken). */
int
action_release_of(struct store *s, const struct action_env *env,
		  const struct report *r, const char *partner,
		  struct action_release *ar, struct relto_err *e)
{
	return action_release_with(s, env, r->id, r, partner, ar, e);
}

int
action_consent(struct store *s, const char *report, const char *partner,
	       const char *by, const char *date, const char *conditions,
	       struct relto_err *e)
{
	struct partner_set set;
	struct marking_ctx ctx;
	struct store_consent c;
	char today[CLOCK_UTC_LEN], detail[160];
	int rc;

	if (date == NULL) { /* today: the scenario's, in an exercise */
		exercise_today(s, today);
		date = today;
	}
	if (!agreement_date_valid(date))
		return err_set(e, RELTO_EUSAGE,
			       _("'%s' is not a date (YYYY-MM-DD)"), date);
	if (by == NULL || *by == '\0')
		return err_set(e, RELTO_EUSAGE,
			       _("say who gave consent (--by NAME)"));
	if (import_context(s, &set, &ctx, date, e) != RELTO_OK)
		return e->code;
	{
		const struct partner *p = partner_find(&set, partner);

		rc = p != NULL && p->kind != PARTNER_GROUP
			 ? RELTO_OK
			 : err_set(e, RELTO_EUSAGE,
				   _("%s is not a partner country or "
				     "organisation"),
				   partner);
	}
	partner_set_free(&set);
	if (rc == RELTO_OK && !store_report_exists(s, report))
		rc =
		    err_set(e, RELTO_EFAIL, _("there is no report %s"), report);
	if (rc != RELTO_OK)
		return rc;
	c.report = report;
	c.partner = partner;
	c.by = by;
	c.date = date;
	c.conditions = conditions;
	snprintf(detail, sizeof detail, "to %s by %s", partner, by);
	if (store_begin(s, e) != RELTO_OK)
		return e->code;
	if (store_consent_put(s, &c, e) != RELTO_OK ||
	    audit_append(s, "consent.add", report, detail, e) != RELTO_OK) {
		store_rollback(s);
		return e->code;
	}
	return store_commit(s, e);
}

/* May decision stand given the rule's result? */
static int
action_allowed(const char *decision, const struct release_result *r,
	       struct relto_err *e)
{
	int summary = release_summary(r);

	if (strcmp(decision, "withhold") == 0)
		return RELTO_OK;
	if (strcmp(decision, "release") == 0 && summary == RELEASE_AS_IS)
		return RELTO_OK;
	if (strcmp(decision, "release-sanitized") == 0 &&
	    summary != RELEASE_WITHHELD)
		return RELTO_OK;
	if (strcmp(decision, "release") != 0 &&
	    strcmp(decision, "release-sanitized") != 0)
		return err_set(e, RELTO_EUSAGE,
			       _("a decision is release, release-sanitized or "
				 "withhold"));
	return err_set(e, RELTO_EFAIL,
		       summary == RELEASE_WITHHELD
			   ? _("the release rule withholds every portion")
			   : _("the release rule withholds or changes some "
			       "portions: decide release-sanitized, or "
			       "withhold"));
}

/*
 * Record the officer's decision.  ar receives the rule's result (also
 * when the decision is refused, so the caller can show the reasons).
 */
int
action_decide(struct store *s, const char *report, const char *partner,
	      const char *decision, const char *reason,
	      struct action_release *ar, struct relto_err *e)
{
	char at[CLOCK_UTC_LEN], detail[320];

	if (reason == NULL || *reason == '\0')
		return err_set(e, RELTO_EUSAGE,
			       _("a decision needs a reason (--reason TEXT)"));
	if (strcmp(decision, "release") != 0 &&
	    strcmp(decision, "release-sanitized") != 0 &&
	    strcmp(decision, "withhold") != 0)
		return err_set(e, RELTO_EUSAGE,
			       _("a decision is release, release-sanitized or "
				 "withhold"));
	if (action_release_load(s, report, partner, NULL, ar, e) != RELTO_OK)
		return e->code;
	if (action_allowed(decision, &ar->result, e) != RELTO_OK)
		return e->code;
	clock_utc(clock_now(), at);
	snprintf(detail, sizeof detail, "%s to %s: %s", decision, partner,
		 reason);
	if (store_begin(s, e) != RELTO_OK)
		return e->code;
	if (store_decision_put(s, report, partner, decision, reason,
			       audit_actor(), at, e) != RELTO_OK ||
	    audit_append(s, "decide", report, detail, e) != RELTO_OK) {
		store_rollback(s);
		return e->code;
	}
	return store_commit(s, e);
}

/*
 * Suspend, terminate or reactivate an agreement.  A terminated agreement
 * stays terminated: ending one is not undone by a keystroke.
 */
int
action_agreement_status(struct store *s, const char *id, int status,
			const char *reason, struct relto_err *e)
{
	struct agreement *agr = NULL;
	size_t n = 0, i;
	char detail[320];
	int cur = -1, rc;

	if (status != AGREEMENT_ACTIVE && status != AGREEMENT_SUSPENDED &&
	    status != AGREEMENT_TERMINATED)
		return err_set(e, RELTO_EUSAGE,
			       _("an agreement can be made active, suspended "
				 "or terminated"));
	if (store_agreements_load(s, &agr, &n, e) != RELTO_OK)
		return e->code;
	for (i = 0; i < n; i++) {
		if (strcmp(agr[i].id, id) == 0)
			cur = agr[i].status;
		agreement_free(&agr[i]);
	}
	free(agr);
	if (cur < 0)
		return err_set(e, RELTO_EFAIL, _("there is no agreement %s"),
			       id);
	if (cur == AGREEMENT_TERMINATED)
		return err_set(e, RELTO_EFAIL,
			       _("agreement %s is terminated; it cannot "
				 "change again"),
			       id);
	snprintf(detail, sizeof detail, "%s -> %s%s%s",
		 agreement_status_name(cur), agreement_status_name(status),
		 reason != NULL && *reason ? ": " : "",
		 reason != NULL ? reason : "");
	if (store_begin(s, e) != RELTO_OK)
		return e->code;
	rc =
	    store_agreement_set_status(s, id, agreement_status_name(status), e);
	if (rc == RELTO_OK)
		rc = audit_append(s, "agreement.status", id, detail, e);
	if (rc != RELTO_OK) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, e);
}
