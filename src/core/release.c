/*
 * release.c -- the release rule.  This is the single enforcement point:
 * preview, decisions, the export queue, bundles and the workstation all
 * ask release_decide() and show what it says.  Nothing else in relto
 * decides whether a portion may go to a partner.
 *
 * Portion p of report R may go to partner X on date D only if all hold
 * (DESIGN §4):
 *   1. an agreement active on D names X as a recipient, covers every
 *      topic of R, and has a ceiling (X's own, where it differs) at or
 *      above p's level;
 *   2. p is not NOFORN, not DISPLAY ONLY, not RELIDO, and X is in p's
 *      REL TO list with groups expanded on D; a classified portion with
 *      no release marking is not releasable; an unclassified portion
 *      without controls, TLP:CLEAR, TLP:GREEN and TLP:AMBER are open;
 *      TLP:AMBER+STRICT and TLP:RED stay home;
 *   3. if p is ORCON, or R was originated by a third party (neither the
 *      station's country nor X), a consent record for X dated on or
 *      before D exists -- unless,
 *      for a third-party original that is not ORCON, an agreement active
 *      on D names the originator and waives the third-party rule;
 *   4. after the sanitizer's operators no blocking hit remains;
 *   5. p lies below the tearline, when R has one.
 * Every failed condition adds a reason; a portion is withheld if any
 * fails, released sanitized if an operator changed its text, and
 * released as is otherwise.
 *
 * The partner view is the released portions, sanitized, as portion-
 * marked text between two copies of the banner rolled up from exactly
 * those portions.  It is byte for byte what a bundle carries.  It never
 * names other recipients beyond what the markings themselves say.
 *
 * release_decide() is a pure function of its input: no store, no clock.
 */
#include "config.h"

#include "release.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

static const char *const release_verdicts[] = {"release", "release-sanitized",
					       "withhold"};

const char *
release_verdict_name(int verdict)
{
	return verdict >= 0 && verdict <= 2 ? release_verdicts[verdict] : "?";
}

static void
release_reason(struct release_portion *p, const char *fmt, ...)
{
	va_list ap;

	p->verdict = RELEASE_WITHHELD;
	if (p->nreasons == RELEASE_MAX_REASONS)
		return;
	va_start(ap, fmt);
	vsnprintf(p->reasons[p->nreasons++], RELEASE_REASON_LEN, fmt, ap);
	va_end(ap);
}

/*
 * Condition 1: an agreement covering X, R's topics and p's level.  The
 * reasons are those of the agreements that name X, and count only when
 * none of them covers.
 */
static void
release_agreement(const struct release_input *in, struct release_portion *p,
		  int level)
{
	const struct report *r = in->report;
	char why[RELEASE_MAX_REASONS + 1][RELEASE_REASON_LEN];
	size_t i, nwhy = 0;
	int ceiling;

	/* why[RELEASE_MAX_REASONS] takes the reasons past the last kept. */
	for (i = 0; i < in->nagreements; i++) {
		const struct agreement *a = &in->agreements[i];

		/* One that does not name X neither covers nor gives a reason:
		   skip it before a reason is written (10,000 agreements). */
		if (!agreement_names(a, in->ctx->partners, in->partner,
				     in->ctx->date, &ceiling))
			continue;
		if (agreement_covers(
			a, in->ctx->partners, in->partner, level,
			(const char(*)[AGREEMENT_TOPIC_MAX])r->topics,
			r->ntopics, in->ctx->date, why[nwhy],
			RELEASE_REASON_LEN)) {
			snprintf(p->agreement, sizeof p->agreement, "%s",
				 a->id);
			return;
		}
		if (nwhy < RELEASE_MAX_REASONS)
			nwhy++;
	}
	if (nwhy == 0)
		release_reason(p, _("no agreement names %s as a recipient"),
			       in->partner);
	for (i = 0; i < nwhy; i++)
		release_reason(p, "%s", why[i]);
}

static int
release_in(const struct marking_codes *c, const char *code)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->code[i], code) == 0)
			return 1;
	return 0;
}

/* Condition 2: the marking's own release controls. */
static void
release_controls(const struct release_input *in, struct release_portion *p,
		 const struct marking *m)
{
	struct marking_codes audience;
	char mark[MARKING_TEXT_MAX];

	marking_format(m, MARKING_PORTION, mark, sizeof mark);
	if (m->flags & MARKING_TLP) {
		if (m->tlp >= MARKING_TLP_AMBER_STRICT)
			release_reason(p,
				       _("%s is for its recipients' own "
					 "organisation at most"),
				       mark);
		return;
	}
	if (m->flags & MARKING_NOFORN) {
		release_reason(p,
			       _("%s is NOFORN: not releasable to foreign "
				 "partners"),
			       mark);
		return;
	}
	if (m->flags & MARKING_DISPLAY) {
		release_reason(p,
			       _("%s is DISPLAY ONLY: it may be shown, "
				 "not released"),
			       mark);
		return;
	}
	if (m->flags & MARKING_RELIDO) {
		release_reason(p,
			       _("%s is RELIDO: release needs a disclosure "
				 "official's decision"),
			       mark);
		return;
	}
	if (marking_audience(m, in->ctx, &audience) == 1)
		return;
	if (!(m->flags & MARKING_RELTO))
		release_reason(p,
			       _("%s carries no release marking, so it is "
				 "not releasable to foreign partners"),
			       mark);
	else if (!release_in(&audience, in->partner))
		release_reason(p, _("%s is not in the release list of %s"),
			       in->partner, mark);
}

static int
release_consented(const struct release_input *in)
{
	size_t i;

	/* A consent counts from its date on. */
	for (i = 0; i < in->nconsents; i++)
		if (strcmp(in->consents[i].partner, in->partner) == 0 &&
		    strcmp(in->consents[i].date, in->ctx->date) <= 0)
			return 1;
	return 0;
}

/*
 * Has an agreement in force on D with the originator -- named directly or
 * through a group, in any role -- waived the third-party rule?
 */
static int
release_waived(const struct release_input *in, const char *originator)
{
	char why[RELEASE_REASON_LEN];
	size_t i;

	for (i = 0; i < in->nagreements; i++) {
		const struct agreement *a = &in->agreements[i];

		if (!a->third_party_rule &&
		    agreement_active(a, in->ctx->date, why, sizeof why) &&
		    agreement_party(a, in->ctx->partners, originator,
				    in->ctx->date))
			return 1;
	}
	return 0;
}

/* Condition 3: ORCON and third-party originals need consent. */
static void
release_consent(const struct release_input *in, struct release_portion *p,
		const struct marking *m)
{
	const char *orig = in->report->originator;
	int third = orig[0] != '\0' && strcmp(orig, in->ctx->own) != 0 &&
		    strcmp(orig, in->partner) != 0;

	if (release_consented(in))
		return;
	if (m->flags & MARKING_ORCON)
		release_reason(p,
			       _("ORCON: the originator%s%s has not "
				 "consented to release to %s"),
			       third ? " " : "", third ? orig : "",
			       in->partner);
	else if (third && !release_waived(in, orig))
		release_reason(p,
			       _("originated by %s: the third-party rule "
				 "needs %s's consent to release to %s"),
			       orig, orig, in->partner);
}

/* Condition 4, and the text the partner would get. */
static int
release_sanitize(const struct release_input *in, struct release_portion *p,
		 const char *body, struct relto_err *e)
{
	size_t len = strlen(body), i, outlen;
	int blocked = 0;

	if (in->sanitizer == NULL) {
		p->text = strdup(body);
		return p->text != NULL
			   ? RELTO_OK
			   : err_set(e, RELTO_ENOMEM, _("out of memory"));
	}
	if (sanitize_scan(in->sanitizer, body, len, &p->hits, e) != RELTO_OK ||
	    sanitize_apply(in->sanitizer, body, len, &p->hits, &p->text,
			   &outlen, &blocked, e) != RELTO_OK)
		return e->code;
	for (i = 0; i < p->hits.n; i++) {
		const struct sanitize_hit *h = &p->hits.v[i];

		if (h->action != SANITIZE_BLOCK)
			continue;
		if (h->rule == SANITIZE_TERM)
			release_reason(
			    p, _("contains the blocked term \"%.*s\""),
			    (int)(h->end - h->start), body + h->start);
		else
			release_reason(p, _("contains a blocked %s"),
				       sanitize_rule_name(h->rule));
	}
	if (p->verdict != RELEASE_WITHHELD && strcmp(p->text, body) != 0)
		p->verdict = RELEASE_SANITIZED;
	return RELTO_OK;
}

static size_t
release_tearline(const struct report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->p[i].kind == REPORT_TEARLINE_KIND)
			return i;
	return 0;
}

static int
release_one(const struct release_input *in, size_t index,
	    struct release_portion *p, struct relto_err *e)
{
	const struct report_portion *rp = &in->report->p[index];
	size_t tear = release_tearline(in->report);

	memset(p, 0, sizeof *p);
	p->index = index;
	p->verdict = RELEASE_AS_IS;
	release_agreement(in, p, rp->m.level);
	release_controls(in, p, &rp->m);
	release_consent(in, p, &rp->m);
	if (release_sanitize(in, p, rp->body, e) != RELTO_OK)
		return e->code;
	if (tear > 0 && index < tear)
		release_reason(p, _("above the tearline"));
	return RELTO_OK;
}

/* Banner, blank line, portions separated by blank lines, banner. */
static int
release_view(const struct release_input *in, struct release_result *out)
{
	char banner[MARKING_TEXT_MAX], mark[MARKING_TEXT_MAX], *v;
	size_t i, len, cap;

	marking_format(&out->banner, MARKING_BANNER, banner, sizeof banner);
	cap = 2 * strlen(banner) + 8;
	for (i = 0; i < out->n; i++)
		if (out->p[i].verdict != RELEASE_WITHHELD)
			cap += MARKING_TEXT_MAX + strlen(out->p[i].text) + 4;
	if ((v = malloc(cap)) == NULL)
		return RELTO_ENOMEM;
	len = (size_t)sprintf(v, "%s\n", banner);
	for (i = 0; i < out->n; i++) {
		if (out->p[i].verdict == RELEASE_WITHHELD)
			continue;
		marking_format(&in->report->p[out->p[i].index].m,
			       MARKING_PORTION, mark, sizeof mark);
		len += (size_t)sprintf(v + len, "\n%s%s%s\n", mark,
				       out->p[i].text[0] ? " " : "",
				       out->p[i].text);
	}
	sprintf(v + len, "\n%s\n", banner);
	out->view = v;
	return RELTO_OK;
}

int
release_decide(const struct release_input *in, struct release_result *out,
	       struct relto_err *e)
{
	const struct report *r = in->report;
	struct marking *released;
	size_t i;
	int rc = RELTO_OK;

	memset(out, 0, sizeof *out);
	out->p = calloc(r->n + 1, sizeof *out->p);
	released = calloc(r->n + 1, sizeof *released);
	if (out->p == NULL || released == NULL) {
		free(released);
		return err_set(e, RELTO_ENOMEM, _("out of memory"));
	}
	for (i = 0; i < r->n && rc == RELTO_OK; i++) {
		if (r->p[i].kind != REPORT_PORTION)
			continue;
		rc = release_one(in, i, &out->p[out->n], e);
		if (rc == RELTO_OK &&
		    out->p[out->n].verdict != RELEASE_WITHHELD)
			released[out->nreleased++] = r->p[i].m;
		out->n++;
	}
	if (rc == RELTO_OK && out->nreleased > 0) {
		rc = marking_rollup(released, out->nreleased, in->ctx,
				    &out->banner);
		if (rc != RELTO_OK)
			rc = err_set(e, rc,
				     _("the released portions do not roll up "
				       "into one banner"));
		else if (release_view(in, out) != RELTO_OK)
			rc = err_set(e, RELTO_ENOMEM, _("out of memory"));
	}
	free(released);
	if (rc != RELTO_OK)
		release_result_free(out);
	return rc;
}

void
release_result_free(struct release_result *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->p[i].text);
		sanitize_hits_free(&r->p[i].hits);
	}
	free(r->p);
	free(r->view);
	memset(r, 0, sizeof *r);
}

/* The report as a whole: RELEASE_AS_IS, _SANITIZED (some) or _WITHHELD. */
int
release_summary(const struct release_result *r)
{
	size_t i;
	int sanitized = 0;

	if (r->nreleased == 0)
		return RELEASE_WITHHELD;
	for (i = 0; i < r->n; i++)
		if (r->p[i].verdict == RELEASE_SANITIZED)
			sanitized = 1;
	return r->nreleased == r->n && !sanitized ? RELEASE_AS_IS
						  : RELEASE_SANITIZED;
}
