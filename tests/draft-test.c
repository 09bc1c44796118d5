/*
 * draft-test.c -- what the report editor asks of core (draft.c): a report
 * is checked whole before it is saved, saved new or in place, audited;
 * duplicated under a free id; deleted unless it went into an export; and
 * the picker offered only markings the store accepts.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "crypto.h"
#include "draft.h"
#include "import.h"
#include "station.h"
#include "tap.h"
#include "testutil.h"

#define DIR "tests/tmp/draft-test"
#define DB  DIR "/draft.relto"

static struct relto_err e;
static struct partner_set set;
static struct marking_ctx ctx;

static void
portion(struct report *r, const char *mark, const char *body)
{
	struct marking m;

	if (marking_parse(mark, MARKING_PORTION, &ctx, &m, &e) != RELTO_OK)
		diag("%s: %s", mark, e.msg);
	report_add_portion(r, REPORT_PORTION, &m, body);
}

static void
draft(struct report *r, const char *id)
{
	memset(r, 0, sizeof *r);
	snprintf(r->id, sizeof r->id, "%s", id);
	r->title = strdup("Quay watch");
	snprintf(r->originator, sizeof r->originator, "USA");
	report_add_topic(r, "MARITIME");
	portion(r, "(S//REL TO USA, GBR)", "Two tankers.");
	portion(r, "(U)", "Calm.");
}

static int
why_is(const struct report *r, const char *want)
{
	char why[512] = "";

	if (draft_check(r, &ctx, why, sizeof why) == 0)
		return want == NULL;
	if (want == NULL || strstr(why, want) == NULL)
		diag("why: %s", why);
	return want != NULL && strstr(why, want) != NULL;
}

static void
test_check(void)
{
	struct report r;
	char *t;

	draft(&r, "R-100");
	ok(why_is(&r, NULL), "a whole report passes");
	snprintf(r.id, sizeof r.id, "../x");
	ok(why_is(&r, "id"), "an id that is no file name is refused");
	snprintf(r.id, sizeof r.id, "R-100");
	t = r.title;
	r.title = strdup("");
	ok(why_is(&r, "title"), "an empty title is refused");
	free(r.title);
	r.title = t;
	snprintf(r.originator, sizeof r.originator, "QQQ");
	ok(why_is(&r, "originator"), "an unknown originator is refused");
	snprintf(r.originator, sizeof r.originator, "USA");
	r.ntopics = 0;
	ok(why_is(&r, "topic"), "a report without topics is refused");
	r.ntopics = 1;
	snprintf(r.topics[0], sizeof r.topics[0], "sea");
	ok(why_is(&r, "topic 'sea'"), "a lower-case topic is refused");
	snprintf(r.topics[0], sizeof r.topics[0], "MARITIME");
	report_add_portion(&r, REPORT_TEARLINE_KIND, NULL, "");
	ok(why_is(&r, NULL), "one tearline is allowed");
	report_add_portion(&r, REPORT_TEARLINE_KIND, NULL, "");
	ok(why_is(&r, "one tearline"), "a second tearline is refused");
	r.n--;
	free(r.p[r.n].body);
	free(r.p[1].body);
	r.p[1].body = strdup("Calm.\n\nWindy.");
	ok(why_is(&r, "blank line"),
	   "a blank line inside a portion is refused");
	free(r.p[1].body);
	r.p[1].body = strdup(" \n");
	ok(why_is(&r, "portion 2 has no text"), "an empty portion is refused");
	report_free(&r);
	memset(&r, 0, sizeof r);
	snprintf(r.id, sizeof r.id, "R-101");
	r.title = strdup("Empty");
	snprintf(r.originator, sizeof r.originator, "USA");
	report_add_topic(&r, "MARITIME");
	report_add_portion(&r, REPORT_TEARLINE_KIND, NULL, "");
	ok(why_is(&r, "at least one portion"), "a tearline alone is no report");
	report_free(&r);
}

static void
test_save(struct store *s)
{
	struct report r, back;
	long long before = 0, after = 0;

	audit_verify(s, &before, &e);
	draft(&r, "R-100");
	is_int(draft_save(s, &r, 1, &ctx, &e), RELTO_OK, "a new report saves");
	is_int(draft_save(s, &r, 1, &ctx, &e), RELTO_EEXIST,
	       "a second new report with its id is refused");
	free(r.p[1].body);
	r.p[1].body = strdup("Windy.");
	is_int(draft_save(s, &r, 0, &ctx, &e), RELTO_OK,
	       "an edited report saves in place");
	memset(&back, 0, sizeof back);
	store_report_load(s, "R-100", &ctx, &back, &e);
	ok(back.n == 2 && strcmp(back.p[1].body, "Windy.") == 0,
	   "the store holds the edit, not a copy");
	report_free(&back);
	audit_verify(s, &after, &e);
	is_int(after - before, 2, "creation and edit are both audited");
	r.ntopics = 0;
	is_int(draft_save(s, &r, 0, &ctx, &e), RELTO_EINPUT,
	       "an invalid edit is refused");
	memset(&back, 0, sizeof back);
	store_report_load(s, "R-100", &ctx, &back, &e);
	ok(back.ntopics == 1, "... and the saved report is untouched");
	report_free(&back);
	r.ntopics = 1;
	report_free(&r);
}

static void
test_duplicate_delete(struct store *s)
{
	char id[REPORT_ID_MAX], id2[REPORT_ID_MAX];
	long long xid;

	is_int(draft_duplicate(s, "R-100", &ctx, id, sizeof id, &e), RELTO_OK,
	       "duplicate");
	is(id, "R-100-COPY", "the copy's id");
	draft_duplicate(s, "R-100", &ctx, id2, sizeof id2, &e);
	is(id2, "R-100-COPY2", "a second copy takes the next id");
	is_int(draft_delete(s, "R-100-COPY2", &e), RELTO_OK, "delete");
	ok(!store_report_exists(s, "R-100-COPY2"), "... it is gone");
	is_int(draft_delete(s, "R-100-COPY2", &e), RELTO_EUSAGE,
	       "deleting it again says there is none");
	store_begin(s, &e);
	store_export_add(s, "GBR", "R-100-COPY", "2026-11-27T00:00:00Z", &xid,
			 &e);
	store_commit(s, &e);
	is_int(draft_delete(s, "R-100-COPY", &e), RELTO_EFAIL,
	       "a report that went into an export is kept");
	ok(store_report_exists(s, "R-100-COPY"), "... and still there");
}

static void
test_markings(void)
{
	char offers[64][MARKING_TEXT_MAX];
	struct agreement a;
	struct marking m;
	size_t n, i;
	int valid = 1, gbr = 0;

	memset(&a, 0, sizeof a);
	agreement_add_party(&a, "GBR", 0, -1);
	n = draft_markings(&ctx, &a, 1, MARKING_S, offers, 64);
	ok(n >= 3, "offers at SECRET (%zu)", n);
	for (i = 0; i < n; i++) {
		if (marking_parse(offers[i], MARKING_PORTION, &ctx, &m, &e) !=
		    RELTO_OK)
			valid = 0;
		if (strcmp(offers[i], "(S//REL TO USA, GBR)") == 0)
			gbr = 1;
	}
	ok(valid, "every offer is a marking core accepts");
	ok(gbr, "an agreement's party is offered REL TO");
	is(offers[0], "(S)", "the level alone comes first");
	agreement_free(&a);
}

int
main(void)
{
	char recovery[KEYBLOCK_RECOVERY_TEXT];
	struct store *s = NULL;

	if (crypto_init(&e) != RELTO_OK)
		skip_all(e.msg);
	plan(30);
	test_mkdir(DIR);
	unlink(DB);
	unlink(DB "-journal");
	if (station_init(DB, "correct horse", 13, &test_kdf, "alpha", "usa",
			 recovery, &s, &e) != RELTO_OK ||
	    import_context(s, &set, &ctx, NULL, &e) != RELTO_OK) {
		diag("%s", e.msg);
		return 1;
	}
	test_check();
	test_save(s);
	test_duplicate_delete(s);
	test_markings();
	partner_set_free(&set);
	store_close(s);
	return exit_status();
}
