/*
 * reportlist-test.c -- the reports list as the workstation pages it
 * (reportlist.c, store-list.c): the columns kept on each report's row
 * follow imports, edits and group changes; counts, pages, sorts, filters,
 * where a row is and where the next match is all agree with a plain
 * in-memory reading of the same rows; the banner of a list is the
 * roll-up of exactly the reports it shows.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto.h"
#include "draft.h"
#include "import.h"
#include "reportlist.h"
#include "station.h"
#include "tap.h"
#include "testutil.h"

#define DIR "tests/tmp/reportlist-test"
#define DB  DIR "/list.relto"

static struct relto_err e;
static struct partner_set set;
static struct marking_ctx ctx;

static const char records[] =
    "%rec: Partner\n%key: Code\n\n"
    "Code: XGRP\nName: Group of two\nKind: group\nMember: GBR\n"
    "Member: CAN\n\n"
    "%rec: Agreement\n%key: Id\n\n"
    "Id: AGR-A\nTitle: quay watch\nType: bilateral\nParties: GBR\n"
    "Topics: MARITIME\nCeiling: SECRET\nEffective: 2025-01-01\n"
    "Expires: 2030-01-01\nStatus: active\n\n"
    "Id: AGR-B\nTitle: Air picture\nType: multilateral\nParties: XGRP\n"
    "Topics: AIR\nCeiling: CONFIDENTIAL\nEffective: 2025-01-01\n"
    "Status: suspended\n\n"
    "Id: AGR-C\nTitle: border talks\nType: bilateral\nParties: FRA\n"
    "Topics: AIR LAND\nCeiling: TOP SECRET\nEffective: 2025-01-01\n"
    "Expires: 2028-01-01\nStatus: active\n\n"
    "%rec: Report\n%key: Id\n\n"
    "Id: R-003\nTitle: harbour watch\nOriginator: USA\nTopics: MARITIME\n"
    "Date: 2026-01-05\nText: (S//REL TO USA, XGRP) Tankers.\n+\n"
    "+ (C//REL TO USA, CAN, FRA, GBR) Quay.\n\n"
    "Id: R-001\nTitle: Border Notes\nOriginator: USA\n"
    "Topics: LAND MARITIME\nDate: 2026-01-04\nText: (U) Calm.\n\n"
    "Id: R-002\nTitle: airfield\nOriginator: USA\nTopics: AIR\n"
    "Date: 2026-01-06\nText: (C) Jets.\n+\n+ (U) More.\n\n"
    "Id: R-004\nTitle: Airfield two\nOriginator: USA\nTopics: AIR\n"
    "Date: 2026-01-07\nText: (TS//NF) Secret jets.\n";

struct page {
	char ids[16][16];
	int n;
};

static int
page_row(const struct store_rrow *r, void *arg)
{
	struct page *p = arg;

	if (p->n < 16)
		snprintf(p->ids[p->n++], sizeof p->ids[0], "%s", r->id);
	return 0;
}

/* The ids of q's rows, joined by spaces. */
static const char *
order(struct store *s, const struct store_rq *q, int off, int n)
{
	static char out[256];
	struct page p = {{{0}}, 0};
	size_t len = 0;
	int i;

	out[0] = '\0';
	if (store_rlist_page(s, q, off, n, page_row, &p, &e) != RELTO_OK)
		return e.msg;
	for (i = 0; i < p.n; i++)
		len += (size_t)snprintf(out + len, sizeof out - len, "%s%s",
					i ? " " : "", p.ids[i]);
	return out;
}

static void
word(struct store_rq *q, int col, const char *text)
{
	q->word[q->nword].col = col;
	snprintf(q->word[q->nword].text, sizeof q->word[0].text, "%s", text);
	q->nword++;
}

static int
count(struct store *s, const struct store_rq *q)
{
	int n = -1;

	if (store_rlist_count(s, q, &n, &e) != RELTO_OK)
		diag("%s", e.msg);
	return n;
}

struct banner_of {
	char text[MARKING_TEXT_MAX];
	int level;
};

static int
banner_row(const struct store_rrow *r, void *arg)
{
	struct banner_of *b = arg;

	snprintf(b->text, sizeof b->text, "%s", r->banner);
	b->level = r->level;
	return 1;
}

/* Report id's banner as the list shows it. */
static const char *
banner(struct store *s, const char *id)
{
	static struct banner_of b;
	struct store_rq q;

	memset(&q, 0, sizeof q);
	word(&q, STORE_RCOL_ID, id);
	b.text[0] = '\0';
	store_rlist_page(s, &q, 0, 1, banner_row, &b, &e);
	return b.text;
}

static void
test_pages(struct store *s)
{
	struct store_rq q;
	int idx;

	memset(&q, 0, sizeof q);
	ok(count(s, &q) == 4, "four reports");
	is(order(s, &q, 0, 10), "R-001 R-002 R-003 R-004", "by id");
	is(order(s, &q, 1, 2), "R-002 R-003", "a window of two");
	q.rev = 1;
	is(order(s, &q, 0, 10), "R-004 R-003 R-002 R-001", "by id, reversed");
	q.rev = 0;
	q.sort = STORE_RCOL_TITLE;
	is(order(s, &q, 0, 10), "R-002 R-004 R-001 R-003",
	   "by title, ignoring case");
	q.sort = STORE_RCOL_BANNER;
	is(order(s, &q, 0, 10), "R-001 R-002 R-003 R-004", "by banner level");
	q.sort = STORE_RCOL_TOPICS;
	is(order(s, &q, 0, 10), "R-002 R-004 R-001 R-003",
	   "by topics, then id");

	memset(&q, 0, sizeof q);
	word(&q, STORE_RQ_ANY, "AIRF");
	ok(count(s, &q) == 2, "a bare word matches any column, any case");
	is(order(s, &q, 0, 10), "R-002 R-004", "... those rows");
	word(&q, STORE_RCOL_BANNER, "noforn");
	is(order(s, &q, 0, 10), "R-004", "every word must match");
	memset(&q, 0, sizeof q);
	word(&q, STORE_RQ_TOPIC, "maritime");
	is(order(s, &q, 0, 10), "R-001 R-003", "topic:X is a whole topic");
	memset(&q, 0, sizeof q);
	word(&q, STORE_RQ_TOPIC, "MARI");
	ok(count(s, &q) == 0, "... not a piece of one");
	memset(&q, 0, sizeof q);
	word(&q, STORE_RCOL_TOPICS, "MARI");
	ok(count(s, &q) == 2, "topics:X is a substring");
	memset(&q, 0, sizeof q);
	word(&q, STORE_RQ_ANY, "%");
	ok(count(s, &q) == 0, "a word is text, not a pattern");

	memset(&q, 0, sizeof q);
	q.sort = STORE_RCOL_TITLE;
	ok(store_rlist_locate(s, &q, "R-001", &idx, &e) == RELTO_OK && idx == 2,
	   "locate: where a row is in the order");
	word(&q, STORE_RQ_ANY, "air");
	ok(store_rlist_locate(s, &q, "R-001", &idx, &e) == RELTO_OK &&
	       idx == -1,
	   "locate: -1 when the filter hides it");
	memset(&q, 0, sizeof q);
	ok(store_rlist_find(s, &q, "jets", 0, 1, &idx, &e) == RELTO_OK &&
	       idx == -1,
	   "find looks in the list's columns, not the text");
	ok(store_rlist_find(s, &q, "AIR", 2, 1, &idx, &e) == RELTO_OK &&
	       idx == 3,
	   "find forward from an index");
	ok(store_rlist_find(s, &q, "AIR", 0, 1, &idx, &e) == RELTO_OK &&
	       idx == 1,
	   "find forward from the top");
	ok(store_rlist_find(s, &q, "air", 2, -1, &idx, &e) == RELTO_OK &&
	       idx == 1,
	   "find backward");
	ok(store_rlist_find(s, &q, "air", 0, -1, &idx, &e) == RELTO_OK &&
	       idx == -1,
	   "find does not wrap");
	for (idx = 0; idx <= STORE_RQ_WORDS; idx++)
		if (idx < STORE_RQ_WORDS)
			word(&q, STORE_RQ_ANY, "R");
	ok(count(s, &q) == 4, "the most words a query holds");
}

/* Every row, in every order, is located where its page puts it. */
static void
test_orders(struct store *s)
{
	struct store_rq q;
	struct page p;
	int sort, rev, i, idx, bad = 0;

	for (sort = 0; sort < STORE_RCOL_N; sort++)
		for (rev = 0; rev < 2; rev++) {
			memset(&q, 0, sizeof q);
			q.sort = sort;
			q.rev = rev;
			p.n = 0;
			store_rlist_page(s, &q, 0, 16, page_row, &p, &e);
			for (i = 0; i < p.n; i++)
				if (store_rlist_locate(s, &q, p.ids[i], &idx,
						       &e) != RELTO_OK ||
				    idx != i) {
					diag("sort %d rev %d: %s at %d, not %d",
					     sort, rev, p.ids[i], idx, i);
					bad++;
				}
			if (store_rlist_find(s, &q, p.ids[p.n - 1], 0, 1, &idx,
					     &e) != RELTO_OK ||
			    idx != p.n - 1)
				bad++;
			if (store_rlist_find(s, &q, p.ids[0], p.n - 1, -1, &idx,
					     &e) != RELTO_OK ||
			    idx != 0)
				bad++;
		}
	ok(bad == 0, "in every order, locate and find agree with the pages");
}

struct cells {
	char ids[8][16], ceiling[8][8], parties[8][32];
	int n;
};

static int
cells_row(const char *const *cell, int num, void *arg)
{
	struct cells *c = arg;

	(void)num;
	if (c->n < 8) {
		snprintf(c->ids[c->n], sizeof c->ids[0], "%s", cell[0]);
		snprintf(c->ceiling[c->n], sizeof c->ceiling[0], "%s",
			 cell[STORE_ACOL_CEILING]);
		snprintf(c->parties[c->n], sizeof c->parties[0], "%s",
			 cell[STORE_ACOL_PARTIES]);
		c->n++;
	}
	return 0;
}

static const char *
agreements(struct store *s, const struct store_rq *q)
{
	static char out[128];
	struct cells c;
	size_t len = 0;
	int i;

	memset(&c, 0, sizeof c);
	out[0] = '\0';
	if (store_alist_page(s, q, 0, 8, cells_row, &c, &e) != RELTO_OK)
		return e.msg;
	for (i = 0; i < c.n; i++)
		len += (size_t)snprintf(out + len, sizeof out - len, "%s%s",
					i ? " " : "", c.ids[i]);
	return out;
}

/* The agreements list: the same paging, its own columns and keys. */
static void
test_agreements(struct store *s)
{
	struct store_rq q;
	struct cells c;
	char names[64];
	int n = -1, idx, sort, rev, bad = 0, i;

	memset(&q, 0, sizeof q);
	ok(store_alist_count(s, &q, &n, &e) == RELTO_OK && n == 3,
	   "three agreements");
	memset(&c, 0, sizeof c);
	store_alist_page(s, &q, 0, 8, cells_row, &c, &e);
	ok(c.n == 3 && strcmp(c.ceiling[0], "S") == 0 &&
	       strcmp(c.ceiling[2], "TS") == 0 &&
	       strcmp(c.parties[1], "XGRP") == 0,
	   "ceilings abbreviated, parties joined");
	q.sort = STORE_ACOL_CEILING;
	is(agreements(s, &q), "AGR-B AGR-A AGR-C", "by ceiling, by rank");
	q.rev = 1;
	is(agreements(s, &q), "AGR-C AGR-A AGR-B", "... reversed");
	memset(&q, 0, sizeof q);
	word(&q, STORE_ACOL_CEILING, "ts");
	is(agreements(s, &q), "AGR-C", "ceiling:ts is the short form");
	memset(&q, 0, sizeof q);
	word(&q, STORE_AQ_TOPIC, "air");
	is(agreements(s, &q), "AGR-B AGR-C", "topic:air, whole");
	memset(&q, 0, sizeof q);
	partner_names_of(&set, "CAN", ctx.date, names, sizeof names);
	word(&q, STORE_AQ_PARTNER, names);
	is(agreements(s, &q), "AGR-B", "partner:CAN through its group");
	memset(&q, 0, sizeof q);
	word(&q, STORE_RQ_ANY, "suspended");
	is(agreements(s, &q), "AGR-B", "a bare word, any column");
	for (sort = 0; sort < STORE_ACOL_N; sort++)
		for (rev = 0; rev < 2; rev++) {
			memset(&q, 0, sizeof q);
			q.sort = sort;
			q.rev = rev;
			memset(&c, 0, sizeof c);
			store_alist_page(s, &q, 0, 8, cells_row, &c, &e);
			for (i = 0; i < c.n; i++)
				if (store_alist_locate(s, &q, c.ids[i], &idx,
						       &e) != RELTO_OK ||
				    idx != i ||
				    store_alist_find(s, &q, c.ids[i], 0, 1,
						     &idx, &e) != RELTO_OK ||
				    idx != i) {
					diag("sort %d rev %d: %s", sort, rev,
					     c.ids[i]);
					bad++;
				}
		}
	ok(bad == 0, "agreements: locate and find agree with the pages");
}

static void
test_banners(struct store *s)
{
	struct store_rq q;
	struct marking m;
	char text[MARKING_TEXT_MAX];
	int rolled;

	is(banner(s, "R-003"), "SECRET//REL TO USA, CAN, GBR",
	   "a group is expanded on the report's date");
	is(banner(s, "R-002"), "CONFIDENTIAL", "the roll-up of two portions");
	memset(&q, 0, sizeof q);
	word(&q, STORE_RQ_ANY, "air");
	ok(reportlist_banner(s, &q, &ctx, &m, &rolled, &e) == RELTO_OK &&
	       rolled,
	   "a list's banner rolls up");
	marking_format(&m, MARKING_BANNER, text, sizeof text);
	is(text, "TOP SECRET//NOFORN", "... only what the list shows");
	memset(&q, 0, sizeof q);
	word(&q, STORE_RQ_ANY, "nothing like this");
	ok(reportlist_banner(s, &q, &ctx, &m, &rolled, &e) == RELTO_OK &&
	       m.level == MARKING_U,
	   "an empty list is UNCLASSIFIED");
}

static void
test_changes(struct store *s)
{
	static const char more[] =
	    "%rec: Partner\n%key: Code\n\n"
	    "Code: XGRQ\nName: Group of one\nKind: group\nMember: GBR\n\n"
	    "%rec: Report\n%key: Id\n\n"
	    "Id: R-005\nTitle: quay\nOriginator: USA\nTopics: MARITIME\n"
	    "Date: 2026-01-08\nText: (S//REL TO USA, XGRQ) Quay.\n+\n"
	    "+ (S//REL TO USA, FRA, GBR) Quay.\n";
	struct import_source src = {"more.rec", more, sizeof more - 1, 0};
	struct records_diags d;
	struct import_counts c;
	struct report r;

	memset(&r, 0, sizeof r);
	if (store_report_load(s, "R-002", &ctx, &r, &e) != RELTO_OK)
		diag("%s", e.msg);
	r.p[0].m.level = MARKING_S;
	ok(draft_save(s, &r, 0, &ctx, &e) == RELTO_OK, "an edit is saved");
	is(banner(s, "R-002"), "SECRET", "... and its banner follows");
	report_free(&r);

	ok(store_rlist_forget(s, &e) == RELTO_OK &&
	       strcmp(banner(s, "R-001"), "?") == 0,
	   "forgotten columns read as ?");
	ok(reportlist_refresh(s, &ctx, &e) == RELTO_OK &&
	       strcmp(banner(s, "R-001"), "UNCLASSIFIED") == 0,
	   "refresh computes them again");

	records_diags_init(&d, "more.rec");
	if (import_records(s, &src, 1, &d, &c, &e) != RELTO_OK)
		diag("%s", e.msg);
	records_diags_free(&d);
	is(banner(s, "R-005"), "SECRET//REL TO USA, GBR",
	   "an imported report's banner, with a new group");
	is(banner(s, "R-001"), "UNCLASSIFIED",
	   "importing partners computes every banner again");
}

/* A TLP label with classifications: the highest banner, whole. */
static void
test_tlp(struct store *s)
{
	static const char tlp[] =
	    "%rec: Report\n%key: Id\n\n"
	    "Id: R-006\nTitle: phishing\nOriginator: USA\nTopics: CYBER\n"
	    "Date: 2026-01-09\nText: (TLP:GREEN) Invoices.\n";
	struct import_source src = {"tlp.rec", tlp, sizeof tlp - 1, 0};
	struct records_diags d;
	struct import_counts c;
	struct store_rq q;
	struct marking m;
	char text[MARKING_TEXT_MAX];
	int rolled = 1;

	records_diags_init(&d, "tlp.rec");
	if (import_records(s, &src, 1, &d, &c, &e) != RELTO_OK)
		diag("%s", e.msg);
	records_diags_free(&d);
	memset(&q, 0, sizeof q);
	ok(reportlist_banner(s, &q, &ctx, &m, &rolled, &e) == RELTO_OK &&
	       !rolled,
	   "TLP with classifications does not roll up");
	marking_format(&m, MARKING_BANNER, text, sizeof text);
	is(text, "TOP SECRET//NOFORN", "... the highest banner, whole");
}

int
main(void)
{
	char recovery[KEYBLOCK_RECOVERY_TEXT];
	struct import_source src = {"list.rec", records, sizeof records - 1, 0};
	struct records_diags d;
	struct import_counts c;
	struct store *s = NULL;

	if (crypto_init(&e) != RELTO_OK)
		skip_all(e.msg);
	plan(45);
	test_mkdir(DIR);
	unlink(DB);
	unlink(DB "-journal");
	records_diags_init(&d, "list.rec");
	if (station_init(DB, "correct horse", 13, &test_kdf, "alpha", "USA",
			 recovery, &s, &e) != RELTO_OK ||
	    import_records(s, &src, 1, &d, &c, &e) != RELTO_OK ||
	    import_context(s, &set, &ctx, NULL, &e) != RELTO_OK) {
		char line[512];

		diag("%s", e.msg);
		if (d.n > 0 &&
		    records_diag_format(&d, 0, line, sizeof line) >= 0)
			diag("%s", line);
		records_diags_free(&d);
		store_close(s);
		return 1;
	}
	records_diags_free(&d);
	test_pages(s);
	test_orders(s);
	test_agreements(s);
	test_banners(s);
	test_changes(s);
	test_tlp(s);
	partner_set_free(&set);
	store_close(s);
	return exit_status();
}
