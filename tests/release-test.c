/*
 * release-test.c -- agreements and the release rule on hand-built cases:
 * each of the five conditions failing alone, with its reason; the
 * partner view of markings.md; banners rolled up from released portions.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "release.h"
#include "tap.h"

static struct partner_set set;
static struct marking_ctx ctx;
static struct relto_err e;

static void
agr_init(struct agreement *a, const char *id, const char *party, int ceiling,
	 const char *topics)
{
	char buf[256], *tok, *save;

	memset(a, 0, sizeof *a);
	snprintf(a->id, sizeof a->id, "%s", id);
	a->title = strdup("test agreement");
	a->type = AGREEMENT_BILATERAL;
	a->status = AGREEMENT_ACTIVE;
	a->ceiling = ceiling;
	a->third_party_rule = 1;
	snprintf(a->effective, sizeof a->effective, "2026-01-01");
	snprintf(a->expires, sizeof a->expires, "2027-12-31");
	agreement_add_party(a, party, AGREEMENT_BOTH, -1);
	snprintf(buf, sizeof buf, "%s", topics);
	for (tok = strtok_r(buf, " ", &save); tok != NULL;
	     tok = strtok_r(NULL, " ", &save))
		agreement_add_topic(a, tok, 0);
}

static int
rep_init(struct report *r, const char *orig, const char *topic,
	 const char *text)
{
	struct report_problem pv[8];
	size_t np;

	memset(r, 0, sizeof *r);
	snprintf(r->id, sizeof r->id, "R-1");
	r->title = strdup("test report");
	snprintf(r->originator, sizeof r->originator, "%s", orig);
	report_add_topic(r, topic);
	if (report_parse_text(r, text, &ctx, pv, 8, &np) != RELTO_OK) {
		diag("report text: %s", np > 0 ? pv[0].msg : "?");
		return -1;
	}
	return 0;
}

static int
decide(const struct report *r, const char *partner, const struct agreement *a,
       size_t na, const struct release_consent *c, size_t nc,
       struct release_result *out)
{
	struct release_input in;

	memset(&in, 0, sizeof in);
	in.report = r;
	in.partner = partner;
	in.ctx = &ctx;
	in.agreements = a;
	in.nagreements = na;
	in.consents = c;
	in.nconsents = nc;
	err_clear(&e);
	return release_decide(&in, out, &e);
}

static int
has_reason(const struct release_portion *p, const char *needle)
{
	size_t i;

	for (i = 0; i < p->nreasons; i++)
		if (strstr(p->reasons[i], needle) != NULL)
			return 1;
	return 0;
}

static void
test_partner_view(void)
{
	struct agreement a;
	struct report r;
	struct release_result out;

	agr_init(&a, "AGR-GBR", "GBR", MARKING_S, "MARITIME");
	rep_init(&r, "USA", "MARITIME",
		 "(S//REL TO USA, GBR) Port activity.\n\n(S//NF) Source "
		 "detail.\n\n(U) Weather was calm.");
	ok(decide(&r, "GBR", &a, 1, NULL, 0, &out) == RELTO_OK,
	   "decide for GBR");
	is_int((long long)out.nreleased, 2, "GBR receives two portions");
	ok(out.n == 3 && out.p[0].verdict == RELEASE_AS_IS &&
	       out.p[1].verdict == RELEASE_WITHHELD &&
	       out.p[2].verdict == RELEASE_AS_IS,
	   "portions 1 and 3, not 2");
	ok(out.n == 3 && has_reason(&out.p[1], "NOFORN"),
	   "portion 2 is withheld as NOFORN");
	is(out.view,
	   "SECRET//REL TO USA, GBR\n\n(S//REL TO USA, GBR) Port activity.\n"
	   "\n(U) Weather was calm.\n\nSECRET//REL TO USA, GBR\n",
	   "the partner view, banner rolled up from what is released");
	release_result_free(&out);

	ok(decide(&r, "JPN", &a, 1, NULL, 0, &out) == RELTO_OK &&
	       out.nreleased == 0 && out.view == NULL,
	   "JPN, with no agreement, receives nothing");
	ok(out.n == 3 && has_reason(&out.p[2], "no agreement names JPN"),
	   "and is told why: %s", out.n == 3 ? out.p[2].reasons[0] : "");
	release_result_free(&out);
	report_free(&r);
	agreement_free(&a);
}

static void
test_conditions(void)
{
	struct agreement a[2];
	struct report r;
	struct release_result out;
	struct release_consent c = {"GBR", "2026-01-01"};

	/* 1: topic, ceiling, status, dates. */
	agr_init(&a[0], "AGR-1", "GBR", MARKING_C, "MARITIME");
	rep_init(&r, "USA", "SIGINT", "(S//REL TO USA, GBR) Intercepts.");
	decide(&r, "GBR", a, 1, NULL, 0, &out);
	ok(out.n == 1 && out.p[0].verdict == RELEASE_WITHHELD &&
	       has_reason(&out.p[0], "AGR-1 does not cover SIGINT"),
	   "condition 1: %s", out.n ? out.p[0].reasons[0] : "");
	release_result_free(&out);
	report_free(&r);
	rep_init(&r, "USA", "MARITIME", "(S//REL TO USA, GBR) Ships.");
	decide(&r, "GBR", a, 1, NULL, 0, &out);
	ok(out.n == 1 && has_reason(&out.p[0], "ceiling"),
	   "condition 1, ceiling: %s", out.n ? out.p[0].reasons[0] : "");
	release_result_free(&out);
	a[0].ceiling = MARKING_S;
	snprintf(a[0].expires, sizeof a[0].expires, "2026-06-30");
	decide(&r, "GBR", a, 1, NULL, 0, &out);
	ok(out.n == 1 && has_reason(&out.p[0], "expired on 2026-06-30"),
	   "condition 1, expiry: %s", out.n ? out.p[0].reasons[0] : "");
	release_result_free(&out);
	snprintf(a[0].expires, sizeof a[0].expires, "2027-12-31");
	a[0].status = AGREEMENT_SUSPENDED;
	decide(&r, "GBR", a, 1, NULL, 0, &out);
	ok(out.n == 1 && has_reason(&out.p[0], "suspended"),
	   "condition 1, suspended: %s", out.n ? out.p[0].reasons[0] : "");
	release_result_free(&out);
	a[0].status = AGREEMENT_ACTIVE;
	report_free(&r);

	/* 2: REL TO list and groups. */
	rep_init(&r, "USA", "MARITIME", "(S//REL TO USA, AUS) Ships.");
	decide(&r, "GBR", a, 1, NULL, 0, &out);
	ok(out.n == 1 && has_reason(&out.p[0], "GBR is not in the release"),
	   "condition 2: %s", out.n ? out.p[0].reasons[0] : "");
	release_result_free(&out);
	report_free(&r);
	rep_init(&r, "USA", "MARITIME", "(S//REL TO USA, FVEY) Ships.");
	decide(&r, "GBR", a, 1, NULL, 0, &out);
	ok(out.n == 1 && out.p[0].verdict == RELEASE_AS_IS,
	   "condition 2: a group expands to its members");
	release_result_free(&out);
	report_free(&r);
	rep_init(&r, "USA", "MARITIME", "(S) Ships.");
	decide(&r, "GBR", a, 1, NULL, 0, &out);
	ok(out.n == 1 && has_reason(&out.p[0], "no release marking"),
	   "condition 2: classified without release marking stays");
	release_result_free(&out);
	report_free(&r);

	/* 3: ORCON and third-party originals. */
	rep_init(&r, "USA", "MARITIME", "(S//OC/REL TO USA, GBR) Ships.");
	decide(&r, "GBR", a, 1, NULL, 0, &out);
	ok(out.n == 1 && has_reason(&out.p[0], "ORCON"),
	   "condition 3: ORCON needs consent");
	release_result_free(&out);
	decide(&r, "GBR", a, 1, &c, 1, &out);
	ok(out.n == 1 && out.p[0].verdict == RELEASE_AS_IS,
	   "condition 3: consent for GBR releases it");
	release_result_free(&out);
	report_free(&r);
	rep_init(&r, "DEU", "MARITIME", "(S//REL TO USA, DEU, GBR) Ships.");
	decide(&r, "GBR", a, 1, NULL, 0, &out);
	ok(out.n == 1 && has_reason(&out.p[0], "originated by DEU"),
	   "condition 3: a third party's report needs its consent");
	release_result_free(&out);
	decide(&r, "DEU", a, 1, NULL, 0, &out);
	ok(out.n == 1 && !has_reason(&out.p[0], "originated by"),
	   "condition 3: returning a partner's own report is not onward "
	   "release");
	release_result_free(&out);
	agr_init(&a[1], "AGR-DEU", "DEU", MARKING_S, "MARITIME");
	a[1].third_party_rule = 0;
	decide(&r, "GBR", a, 2, NULL, 0, &out);
	ok(out.n == 1 && out.p[0].verdict == RELEASE_AS_IS,
	   "condition 3: an agreement with DEU waiving the rule releases it");
	release_result_free(&out);
	agreement_free(&a[1]);
	report_free(&r);

	/* 5: the tearline. */
	rep_init(&r, "USA", "MARITIME",
		 "(S//REL TO USA, GBR) Above.\n\n" REPORT_TEARLINE
		 "\n\n(S//REL TO USA, GBR) Below.");
	decide(&r, "GBR", a, 1, NULL, 0, &out);
	ok(out.n == 2 && has_reason(&out.p[0], "above the tearline") &&
	       out.p[1].verdict == RELEASE_AS_IS,
	   "condition 5: only what is below the tearline goes");
	release_result_free(&out);
	report_free(&r);
	agreement_free(&a[0]);
}

/* More agreements name the partner than reasons are kept: none may
   write past the reasons (a stack overflow once, with 10,000). */
static void
test_many_agreements(void)
{
	enum { N = 3 * RELEASE_MAX_REASONS };
	struct agreement a[N];
	struct report r;
	struct release_result out;
	char id[32];
	int i;

	for (i = 0; i < N; i++) {
		snprintf(id, sizeof id, "AGR-%02d", i);
		agr_init(&a[i], id, "GBR", MARKING_S, "AIR");
	}
	rep_init(&r, "USA", "MARITIME", "(S//REL TO USA, GBR) Ships.");
	decide(&r, "GBR", a, N, NULL, 0, &out);
	ok(out.n == 1 && out.p[0].verdict == RELEASE_WITHHELD &&
	       out.p[0].nreasons == RELEASE_MAX_REASONS &&
	       has_reason(&out.p[0], "AGR-07 does not cover MARITIME"),
	   "%d agreements naming the partner: the first %d reasons kept", N,
	   RELEASE_MAX_REASONS);
	release_result_free(&out);
	report_free(&r);
	for (i = 0; i < N; i++)
		agreement_free(&a[i]);
}

int
main(void)
{
	char path[512];
	const char *srcdir = getenv("srcdir");

	snprintf(path, sizeof path, "%s/data/partners.tsv",
		 srcdir != NULL ? srcdir : ".");
	partner_set_init(&set);
	if (partner_set_load(&set, path, &e) != RELTO_OK)
		skip_all(e.msg);
	snprintf(ctx.own, sizeof ctx.own, "USA");
	snprintf(ctx.date, sizeof ctx.date, "2026-11-27");
	ctx.partners = &set;
	test_partner_view();
	test_conditions();
	test_many_agreements();
	partner_set_free(&set);
	return exit_status();
}
