/*
 * store-list.c -- the workstation's long lists as SQL pages them: the
 * reports and the agreements.  A count, a window of rows, where a row
 * is, where the next match is, and the banners a list of reports shows.
 *
 * What it owns.  The statements that page the two lists, written once
 * each from a table of fragments per list (struct store_list_spec), and
 * those on the reports' cached list columns (banner, level, topics;
 * schema version 3).  reportlist.c decides what goes in those; this file
 * only stores and pages.  So a list of 100,000 reports costs the rows on
 * screen, never all of them.
 *
 * Invariants:
 *  - A query (struct store_rq) is a sort column, a direction and up to
 *    STORE_RQ_WORDS filter words.  Its SQL is put together only from the
 *    constant fragments below; every word travels as a bound parameter.
 *  - Words match ASCII case-insensitively, as substrings (of one column,
 *    or of all of them), or as a list's own key: a topic, whole; for the
 *    agreements, a partner named directly or by one of its groups (the
 *    caller gives the codes, core's partner_names_of()), not as an
 *    originator only.  SQLite's lower() is ASCII-only, and words are
 *    lowered the same way here.
 *  - Rows sort by the column, then by id, both in the same direction, so
 *    every order is total; where a row is counts the rows before it in
 *    that order, and a search reads on from a row and stops at the first
 *    match.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "marking.h"
#include "store.h"

#include "store-int.h"

#define STORE_LIST_SQL  2048
#define STORE_LIST_COLS 8

/*
 * A list: its table, what a page selects (one text per column, then an
 * integer), and per column what a word looks in, how it sorts and how a
 * row's sort key is written; then the view's own keys (col >= ncols), a
 * test each with %d for its parameter.
 */
struct store_list_spec {
	const char *table, *select, *all;
	int ncols;
	const char *hay[STORE_LIST_COLS];
	const char *sort[STORE_LIST_COLS]; /* key expressions, ascending */
	const char *keyof[STORE_LIST_COLS];
	const char *special[2];
};

static const struct store_list_spec store_list_reports = {
    "reports",
    "id, title, ifnull(banner, '?'), status, originator, topics, level",
    "lower(id || char(31) || title || char(31) || ifnull(banner, '?') || "
    "char(31) || status || char(31) || originator || char(31) || topics)",
    STORE_RCOL_N,
    {"lower(id)", "lower(title)", "lower(ifnull(banner, '?'))", "lower(status)",
     "lower(originator)", "lower(topics)"},
    {"id", "title COLLATE NOCASE", "level", "status", "originator",
     "topics COLLATE NOCASE"},
    {"id", "title", "level", "status", "originator", "topics"},
    {" AND instr(' ' || lower(topics) || ' ', ' ' || ?%d || ' ') > 0", NULL},
};

/* An agreement's parties, A-Z, and its ceiling's short form and rank. */
#define STORE_LIST_PARTIES                                                     \
	"ifnull((SELECT group_concat(partner_code, ' ') FROM (SELECT "         \
	"partner_code FROM agreement_parties WHERE agreement_id = "            \
	"agreements.id ORDER BY partner_code)), '')"
/* The ceiling as a portion marking writes it, and its rank: core's. */
#define STORE_LIST_CEILING "relto_level_short(ceiling)"
#define STORE_LIST_RANK    "relto_level_rank(ceiling)"

static const struct store_list_spec store_list_agreements = {
    "agreements",
    "id, title, type, " STORE_LIST_PARTIES ", " STORE_LIST_CEILING
    ", status, ifnull(expires, ''), 0",
    "lower(id || char(31) || title || char(31) || type || char(31) || "
    "" STORE_LIST_PARTIES " || char(31) || " STORE_LIST_CEILING " || "
    "char(31) || status || char(31) || ifnull(expires, '-'))",
    STORE_ACOL_N,
    {"lower(id)", "lower(title)", "lower(type)",
     "lower(" STORE_LIST_PARTIES ")", "lower(" STORE_LIST_CEILING ")",
     "lower(status)", "lower(ifnull(expires, '-'))"},
    {"id", "title COLLATE NOCASE", "type", STORE_LIST_PARTIES, STORE_LIST_RANK,
     "status", "ifnull(expires, '')"},
    {"id", "title", "type", STORE_LIST_PARTIES, STORE_LIST_RANK, "status",
     "ifnull(expires, '')"},
    {" AND EXISTS (SELECT 1 FROM agreement_topics t WHERE t.agreement_id = "
     "agreements.id AND lower(t.topic) = ?%d)",
     " AND EXISTS (SELECT 1 FROM agreement_parties p WHERE p.agreement_id "
     "= agreements.id AND p.role != 'originator' AND instr(' ' || ?%d || "
     "' ', ' ' || lower(p.partner_code) || ' ') > 0)"},
};

/* relto_level_rank(NAME): core's rank of a level's name, or -1. */
static void
store_list_rank(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const unsigned char *t = sqlite3_value_text(argv[0]);

	(void)argc;
	sqlite3_result_int(cx, t != NULL ? marking_level_parse((const char *)t)
					 : -1);
}

/* relto_level_short(NAME): "TS", "S" ... as in a portion marking. */
static void
store_list_short(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const unsigned char *t = sqlite3_value_text(argv[0]);
	const char *abbrev;
	int level;

	(void)argc;
	level = t != NULL ? marking_level_parse((const char *)t) : -1;
	abbrev = level >= 0 ? marking_level_abbrev(level) : NULL;
	if (abbrev != NULL)
		sqlite3_result_text(cx, abbrev, -1, SQLITE_STATIC);
	else if (t != NULL)
		sqlite3_result_text(cx, (const char *)t, -1, SQLITE_TRANSIENT);
	else
		sqlite3_result_null(cx);
}

/* Give a connection the functions the lists' SQL calls. */
int
store_list_register(sqlite3 *db)
{
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	int rc;

	rc = sqlite3_create_function(db, "relto_level_rank", 1, flags, NULL,
				     store_list_rank, NULL, NULL);
	if (rc == SQLITE_OK)
		rc =
		    sqlite3_create_function(db, "relto_level_short", 1, flags,
					    NULL, store_list_short, NULL, NULL);
	return rc;
}

/* The WHERE clause of q, its words numbered from parameter first. */
static int
store_list_where(const struct store_list_spec *sp, const struct store_rq *q,
		 int first, char *out, size_t cap)
{
	char test[1024];
	const char *d;
	size_t n;
	int i, c;

	n = (size_t)snprintf(out, cap, " WHERE 1");
	for (i = 0; i < q->nword && i < STORE_RQ_WORDS && n < cap; i++) {
		c = q->word[i].col;
		if (c >= sp->ncols && c < sp->ncols + 2 &&
		    sp->special[c - sp->ncols] != NULL)
			snprintf(test, sizeof test, "%s",
				 sp->special[c - sp->ncols]);
		else
			snprintf(test, sizeof test, " AND instr(%s, ?%%d) > 0",
				 c >= 0 && c < sp->ncols ? sp->hay[c]
							 : sp->all);
		/* The test's %d: its parameter's number. */
		if ((d = strstr(test, "%d")) == NULL)
			return -1;
		n += (size_t)snprintf(out + n, cap - n, "%.*s%d%s",
				      (int)(d - test), test, first + i, d + 2);
	}
	return n < cap ? 0 : -1;
}

/* q's ORDER BY: the column's key, then the id, both in q's direction. */
static void
store_list_order(const struct store_list_spec *sp, const struct store_rq *q,
		 char *out, size_t cap)
{
	int c = q->sort >= 0 && q->sort < sp->ncols ? q->sort : 0;

	snprintf(out, cap, "%s%s, id%s", sp->sort[c], q->rev ? " DESC" : "",
		 q->rev ? " DESC" : "");
}

static void
store_list_lower(const char *s, char *out, size_t cap)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i + 1 < cap; i++)
		out[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] + 32) : s[i];
	out[i] = '\0';
}

/* Prepare sql and bind q's words from parameter first on. */
static int
store_list_prepare(struct store *s, const char *sql, const struct store_rq *q,
		   int first, sqlite3_stmt **st, struct relto_err *e)
{
	char low[STORE_RQ_TEXT];
	int rc, i;

	rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);
	for (i = 0; rc == SQLITE_OK && i < q->nword && i < STORE_RQ_WORDS;
	     i++) {
		store_list_lower(q->word[i].text, low, sizeof low);
		rc = sqlite3_bind_text(*st, first + i, low, -1,
				       SQLITE_TRANSIENT);
	}
	if (rc != SQLITE_OK) {
		sqlite3_finalize(*st);
		*st = NULL;
		return store_fail(s, rc, e);
	}
	return RELTO_OK;
}

static int
store_list_toolong(struct relto_err *e)
{
	return err_set(e, RELTO_EUSAGE, "%s", _("the filter is too long"));
}

/* How many rows of sp pass q's words. */
static int
store_list_count(struct store *s, const struct store_list_spec *sp,
		 const struct store_rq *q, int *n, struct relto_err *e)
{
	char where[STORE_LIST_SQL], sql[STORE_LIST_SQL + 64];
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if (store_list_where(sp, q, 1, where, sizeof where) != 0)
		return store_list_toolong(e);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s%s", sp->table,
		 where);
	if (store_list_prepare(s, sql, q, 1, &st, e) != RELTO_OK)
		return e->code;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*n = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? RELTO_OK : store_fail(s, rc, e);
}

/* Rows off to off + n - 1 of q's order: each row's cells, and its number. */
static int
store_list_page(struct store *s, const struct store_list_spec *sp,
		const struct store_rq *q, int off, int n,
		int (*fn)(const char *const *cell, int num, void *), void *arg,
		struct relto_err *e)
{
	char where[STORE_LIST_SQL], sql[3 * STORE_LIST_SQL], order[512];
	const char *cell[STORE_LIST_COLS];
	sqlite3_stmt *st;
	int rc, c;

	if (store_list_where(sp, q, 3, where, sizeof where) != 0)
		return store_list_toolong(e);
	store_list_order(sp, q, order, sizeof order);
	snprintf(sql, sizeof sql,
		 "SELECT %s FROM %s%s ORDER BY %s LIMIT ?1 OFFSET ?2",
		 sp->select, sp->table, where, order);
	if (store_list_prepare(s, sql, q, 3, &st, e) != RELTO_OK)
		return e->code;
	sqlite3_bind_int(st, 1, n);
	sqlite3_bind_int(st, 2, off);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (c = 0; c < sp->ncols; c++)
			cell[c] = store_text(st, c);
		if (fn(cell, sqlite3_column_int(st, sp->ncols), arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? RELTO_OK : store_fail(s, rc, e);
}

/* One count(*) of the rows q passes that also pass extra (?1 is key). */
static int
store_list_count_where(struct store *s, const struct store_list_spec *sp,
		       const struct store_rq *q, const char *extra,
		       const char *key, int *n, struct relto_err *e)
{
	char where[STORE_LIST_SQL], sql[3 * STORE_LIST_SQL];
	sqlite3_stmt *st;
	int rc;

	if (store_list_where(sp, q, 2, where, sizeof where) != 0)
		return store_list_toolong(e);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s%s AND %s", sp->table,
		 where, extra);
	if (store_list_prepare(s, sql, q, 2, &st, e) != RELTO_OK)
		return e->code;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*n = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? RELTO_OK : store_fail(s, rc, e);
}

/*
 * The index of row id in q's order, or -1 when q does not show it: the
 * rows before it, counted along the sort's index.
 */
static int
store_list_locate(struct store *s, const struct store_list_spec *sp,
		  const struct store_rq *q, const char *id, int *index,
		  struct relto_err *e)
{
	char before[2048];
	int c = q->sort >= 0 && q->sort < sp->ncols ? q->sort : 0, n = 0;

	*index = -1;
	if (store_list_count_where(s, sp, q, "id = ?1", id, &n, e) != RELTO_OK)
		return e->code;
	if (n == 0)
		return RELTO_OK;
	snprintf(before, sizeof before,
		 "(%s, id) %s (SELECT %s, id FROM %s WHERE id = ?1)",
		 sp->sort[c], q->rev ? ">" : "<", sp->keyof[c], sp->table);
	if (store_list_count_where(s, sp, q, before, id, &n, e) != RELTO_OK)
		return e->code;
	*index = n;
	return RELTO_OK;
}

/*
 * The next row from index from (dir 1) or the previous (dir -1) whose
 * cells hold text, case-insensitively; -1 when none does.  The rows are
 * read in order from there and the first match ends the read, so a near
 * match costs little; no wrapping: the caller wraps.
 */
static int
store_list_find(struct store *s, const struct store_list_spec *sp,
		const struct store_rq *q, const char *text, int from, int dir,
		int *index, struct relto_err *e)
{
	char where[STORE_LIST_SQL], sql[3 * STORE_LIST_SQL], order[512];
	char low[STORE_RQ_TEXT];
	struct store_rq rq = *q;
	sqlite3_stmt *st;
	int rc, total = 0, k = 0;

	*index = -1;
	if (dir < 0) { /* the reversed order, from the same row */
		if (store_list_count(s, sp, q, &total, e) != RELTO_OK)
			return e->code;
		rq.rev = !rq.rev;
		from = total - 1 - from;
	}
	if (from < 0)
		return RELTO_OK;
	if (store_list_where(sp, &rq, 3, where, sizeof where) != 0)
		return store_list_toolong(e);
	store_list_order(sp, &rq, order, sizeof order);
	snprintf(sql, sizeof sql,
		 "SELECT instr(%s, ?1) > 0 FROM %s%s ORDER BY %s LIMIT -1 "
		 "OFFSET ?2",
		 sp->all, sp->table, where, order);
	if (store_list_prepare(s, sql, &rq, 3, &st, e) != RELTO_OK)
		return e->code;
	store_list_lower(text, low, sizeof low);
	sqlite3_bind_text(st, 1, low, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, from);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_int(st, 0)) {
			*index = dir < 0 ? total - 1 - (from + k) : from + k;
			rc = SQLITE_DONE;
			break;
		}
		k++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? RELTO_OK : store_fail(s, rc, e);
}

/* ---- the reports ---- */

int
store_rlist_count(struct store *s, const struct store_rq *q, int *n,
		  struct relto_err *e)
{
	return store_list_count(s, &store_list_reports, q, n, e);
}

struct store_list_rrows {
	store_rrow_fn fn;
	void *arg;
};

static int
store_list_rrow(const char *const *cell, int num, void *arg)
{
	struct store_list_rrows *rr = arg;
	struct store_rrow row;

	row.id = cell[STORE_RCOL_ID];
	row.title = cell[STORE_RCOL_TITLE];
	row.banner = cell[STORE_RCOL_BANNER];
	row.status = cell[STORE_RCOL_STATUS];
	row.originator = cell[STORE_RCOL_ORIGINATOR];
	row.topics = cell[STORE_RCOL_TOPICS];
	row.level = num;
	return rr->fn(&row, rr->arg);
}

int
store_rlist_page(struct store *s, const struct store_rq *q, int off, int n,
		 store_rrow_fn fn, void *arg, struct relto_err *e)
{
	struct store_list_rrows rr = {fn, arg};

	return store_list_page(s, &store_list_reports, q, off, n,
			       store_list_rrow, &rr, e);
}

int
store_rlist_locate(struct store *s, const struct store_rq *q, const char *id,
		   int *index, struct relto_err *e)
{
	return store_list_locate(s, &store_list_reports, q, id, index, e);
}

int
store_rlist_find(struct store *s, const struct store_rq *q, const char *text,
		 int from, int dir, int *index, struct relto_err *e)
{
	return store_list_find(s, &store_list_reports, q, text, from, dir,
			       index, e);
}

/* ---- the agreements ---- */

int
store_alist_count(struct store *s, const struct store_rq *q, int *n,
		  struct relto_err *e)
{
	return store_list_count(s, &store_list_agreements, q, n, e);
}

int
store_alist_page(struct store *s, const struct store_rq *q, int off, int n,
		 store_cells_fn fn, void *arg, struct relto_err *e)
{
	return store_list_page(s, &store_list_agreements, q, off, n, fn, arg,
			       e);
}

int
store_alist_locate(struct store *s, const struct store_rq *q, const char *id,
		   int *index, struct relto_err *e)
{
	return store_list_locate(s, &store_list_agreements, q, id, index, e);
}

int
store_alist_find(struct store *s, const struct store_rq *q, const char *text,
		 int from, int dir, int *index, struct relto_err *e)
{
	return store_list_find(s, &store_list_agreements, q, text, from, dir,
			       index, e);
}

/* Each distinct banner of the rows q passes, with its level. */
int
store_rlist_banners(struct store *s, const struct store_rq *q,
		    store_banner_fn fn, void *arg, struct relto_err *e)
{
	char where[STORE_LIST_SQL], sql[STORE_LIST_SQL + 128];
	sqlite3_stmt *st;
	int rc;

	if (store_list_where(&store_list_reports, q, 1, where, sizeof where) !=
	    0)
		return store_list_toolong(e);
	snprintf(sql, sizeof sql,
		 "SELECT DISTINCT banner, level FROM reports%s AND banner IS "
		 "NOT NULL",
		 where);
	if (store_list_prepare(s, sql, q, 1, &st, e) != RELTO_OK)
		return e->code;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (fn(store_text(st, 0), sqlite3_column_int(st, 1), arg) !=
		    0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? RELTO_OK : store_fail(s, rc, e);
}

/* Each report whose list columns are still to be computed. */
int
store_rlist_unlisted(struct store *s, store_id_fn fn, void *arg,
		     struct relto_err *e)
{
	return store_ids(
	    s, "SELECT id FROM reports WHERE banner IS NULL ORDER BY id", fn,
	    arg, e);
}

/* Set a report's list columns. */
int
store_rlist_set(struct store *s, const char *id, const char *banner, int level,
		const char *topics, struct relto_err *e)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(s->db,
				"UPDATE reports SET banner = ?2, level = ?3, "
				"topics = ?4 WHERE id = ?1",
				-1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, banner, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, level);
		sqlite3_bind_text(st, 4, topics, -1, SQLITE_STATIC);
	}
	return store_done(s, st, rc, e);
}

/* Mark every report's list columns to be computed again. */
int
store_rlist_forget(struct store *s, struct relto_err *e)
{
	return store_run(s, "UPDATE reports SET banner = NULL", 0, NULL, e);
}
