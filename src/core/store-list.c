/*
 * store-list.c -- the reports list as SQL pages it: a count, a window of
 * rows, where a row is, where the next match is, and the banners shown.
 *
 * What it owns.  The statements on the list's cached columns of reports
 * (banner, level, topics; schema version 3).  reportlist.c decides what
 * goes in them; this file only stores and pages.  So a list of 100,000
 * reports costs the rows on screen, never all of them.
 *
 * Invariants:
 *  - A query (struct store_rq) is a sort column, a direction and up to
 *    STORE_RQ_WORDS filter words.  Its SQL is put together only from the
 *    constant fragments below; every word travels as a bound parameter.
 *  - Words match ASCII case-insensitively, as substrings (of one column,
 *    or of all of them), or a topic as a whole word; SQLite's lower() is
 *    ASCII-only, and words are lowered the same way here.
 *  - Rows sort by the column, then by id, both in the same direction,
 *    so every order is total and an index serves it.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "store.h"

#include "store-int.h"

#define STORE_LIST_SQL 2048

/* Every column of the list, as the filter's "any cell" sees them. */
#define STORE_LIST_ALL                                                         \
	"lower(id || char(31) || title || char(31) || ifnull(banner, '?') "    \
	"|| char(31) || status || char(31) || originator || char(31) || "      \
	"topics)"

static const char *const store_list_asc[STORE_RCOL_N] = {
    "id",         "title COLLATE NOCASE, id", "level, id",
    "status, id", "originator, id",           "topics COLLATE NOCASE, id",
};

static const char *const store_list_desc[STORE_RCOL_N] = {
    "id DESC",
    "title COLLATE NOCASE DESC, id DESC",
    "level DESC, id DESC",
    "status DESC, id DESC",
    "originator DESC, id DESC",
    "topics COLLATE NOCASE DESC, id DESC",
};

/* What a word of each column looks in. */
static const char *const store_list_hay[STORE_RCOL_N] = {
    "lower(id)",     "lower(title)",      "lower(ifnull(banner, '?'))",
    "lower(status)", "lower(originator)", "lower(topics)",
};

/* The WHERE clause of q, its words numbered from parameter first. */
static int
store_list_where(const struct store_rq *q, int first, char *out, size_t cap)
{
	size_t n;
	int i, c;

	n = (size_t)snprintf(out, cap, " WHERE 1");
	for (i = 0; i < q->nword && i < STORE_RQ_WORDS && n < cap; i++) {
		c = q->word[i].col;
		if (c == STORE_RQ_TOPIC)
			n += (size_t)snprintf(out + n, cap - n,
					      " AND instr(' ' || lower(topics) "
					      "|| ' ', ' ' || ?%d || ' ') > 0",
					      first + i);
		else
			n += (size_t)snprintf(
			    out + n, cap - n, " AND instr(%s, ?%d) > 0",
			    c >= 0 && c < STORE_RCOL_N ? store_list_hay[c]
						       : STORE_LIST_ALL,
			    first + i);
	}
	return n < cap ? 0 : -1;
}

static const char *
store_list_order(const struct store_rq *q)
{
	int c = q->sort >= 0 && q->sort < STORE_RCOL_N ? q->sort : 0;

	return q->rev ? store_list_desc[c] : store_list_asc[c];
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

/* How many reports pass q's words. */
int
store_rlist_count(struct store *s, const struct store_rq *q, int *n,
		  struct relto_err *e)
{
	char where[STORE_LIST_SQL], sql[STORE_LIST_SQL + 64];
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	if (store_list_where(q, 1, where, sizeof where) != 0)
		return store_list_toolong(e);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM reports%s", where);
	if (store_list_prepare(s, sql, q, 1, &st, e) != RELTO_OK)
		return e->code;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*n = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? RELTO_OK : store_fail(s, rc, e);
}

/* Rows off to off + n - 1 of q's order, each passed to fn. */
int
store_rlist_page(struct store *s, const struct store_rq *q, int off, int n,
		 store_rrow_fn fn, void *arg, struct relto_err *e)
{
	char where[STORE_LIST_SQL], sql[2 * STORE_LIST_SQL];
	struct store_rrow row;
	sqlite3_stmt *st;
	int rc;

	if (store_list_where(q, 3, where, sizeof where) != 0)
		return store_list_toolong(e);
	snprintf(sql, sizeof sql,
		 "SELECT id, title, ifnull(banner, '?'), status, originator, "
		 "topics, level FROM reports%s ORDER BY %s LIMIT ?1 OFFSET ?2",
		 where, store_list_order(q));
	if (store_list_prepare(s, sql, q, 3, &st, e) != RELTO_OK)
		return e->code;
	sqlite3_bind_int(st, 1, n);
	sqlite3_bind_int(st, 2, off);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row.id = store_text(st, 0);
		row.title = store_text(st, 1);
		row.banner = store_text(st, 2);
		row.status = store_text(st, 3);
		row.originator = store_text(st, 4);
		row.topics = store_text(st, 5);
		row.level = sqlite3_column_int(st, 6);
		if (fn(&row, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? RELTO_OK : store_fail(s, rc, e);
}

/* A row's sort key, as a row value to compare with another row's. */
static const char *const store_list_key[STORE_RCOL_N] = {
    "(id, id)",     "(title COLLATE NOCASE, id)", "(level, id)",
    "(status, id)", "(originator, id)",           "(topics COLLATE NOCASE, id)",
};

static const char *const store_list_keyof[STORE_RCOL_N] = {
    "(SELECT id, id FROM reports WHERE id = ?1)",
    "(SELECT title, id FROM reports WHERE id = ?1)",
    "(SELECT level, id FROM reports WHERE id = ?1)",
    "(SELECT status, id FROM reports WHERE id = ?1)",
    "(SELECT originator, id FROM reports WHERE id = ?1)",
    "(SELECT topics, id FROM reports WHERE id = ?1)",
};

/* One count(*) of the rows q passes that also pass extra (?1 is key). */
static int
store_list_count_where(struct store *s, const struct store_rq *q,
		       const char *extra, const char *key, int *n,
		       struct relto_err *e)
{
	char where[STORE_LIST_SQL], sql[2 * STORE_LIST_SQL];
	sqlite3_stmt *st;
	int rc;

	if (store_list_where(q, 2, where, sizeof where) != 0)
		return store_list_toolong(e);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM reports%s AND %s",
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
 * The index of report id in q's order, or -1 when q does not show it:
 * the rows before it, counted along the sort's index.
 */
int
store_rlist_locate(struct store *s, const struct store_rq *q, const char *id,
		   int *index, struct relto_err *e)
{
	char before[256];
	int c = q->sort >= 0 && q->sort < STORE_RCOL_N ? q->sort : 0, n = 0;

	*index = -1;
	if (store_list_count_where(s, q, "id = ?1", id, &n, e) != RELTO_OK)
		return e->code;
	if (n == 0)
		return RELTO_OK;
	snprintf(before, sizeof before, "%s %s %s", store_list_key[c],
		 q->rev ? ">" : "<", store_list_keyof[c]);
	if (store_list_count_where(s, q, before, id, &n, e) != RELTO_OK)
		return e->code;
	*index = n;
	return RELTO_OK;
}

/*
 * The next row from index from (dir 1) or the previous (dir -1) whose
 * cells hold text, case-insensitively; -1 when none does.  The rows are
 * read in order from there and the first match ends the read, so a
 * near match costs little; no wrapping: the caller wraps.
 */
int
store_rlist_find(struct store *s, const struct store_rq *q, const char *text,
		 int from, int dir, int *index, struct relto_err *e)
{
	char where[STORE_LIST_SQL], sql[2 * STORE_LIST_SQL], low[STORE_RQ_TEXT];
	struct store_rq rq = *q;
	sqlite3_stmt *st;
	int rc, total = 0, k = 0;

	*index = -1;
	if (dir < 0) { /* the reversed order, from the same row */
		if (store_rlist_count(s, q, &total, e) != RELTO_OK)
			return e->code;
		rq.rev = !rq.rev;
		from = total - 1 - from;
	}
	if (from < 0)
		return RELTO_OK;
	if (store_list_where(&rq, 3, where, sizeof where) != 0)
		return store_list_toolong(e);
	snprintf(sql, sizeof sql,
		 "SELECT instr(" STORE_LIST_ALL ", ?1) > 0 FROM reports%s "
		 "ORDER BY %s LIMIT -1 OFFSET ?2",
		 where, store_list_order(&rq));
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

/* Each distinct banner of the rows q passes, with its level. */
int
store_rlist_banners(struct store *s, const struct store_rq *q,
		    store_banner_fn fn, void *arg, struct relto_err *e)
{
	char where[STORE_LIST_SQL], sql[STORE_LIST_SQL + 128];
	sqlite3_stmt *st;
	int rc;

	if (store_list_where(q, 1, where, sizeof where) != 0)
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
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(s->db,
				"SELECT id FROM reports WHERE banner IS NULL "
				"ORDER BY id",
				-1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		if (fn(store_text(st, 0), arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? RELTO_OK : store_fail(s, rc, e);
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
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE
		   ? RELTO_OK
		   : store_fail(s, rc == SQLITE_OK ? SQLITE_ERROR : rc, e);
}

/* Mark every report's list columns to be computed again. */
int
store_rlist_forget(struct store *s, struct relto_err *e)
{
	return store_run(s, "UPDATE reports SET banner = NULL", 0, NULL, e);
}
