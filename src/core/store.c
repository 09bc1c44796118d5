/*
 * store.c -- the schema, its migrations, and every SQL statement relto runs.
 *
 * A store is a vault (vault.c) holding one SQLite database.  Its schema
 * version is PRAGMA user_version; store_migrations[i] takes version i to
 * i + 1 and each runs in its own transaction, so a store is always at a
 * version this file knows how to read.  A store newer than this program
 * is refused rather than guessed at.
 *
 * Invariants:
 *  - SQL text is constant; values travel only as bound parameters.
 *  - Foreign keys are enforced (the vault turns them on for every
 *    connection); deleting an agreement or a report takes its parts.
 *    Partner codes are not foreign keys: most partners are built in
 *    (partners.tsv), not rows here; core checks codes against the
 *    partner set before writing them.
 *  - The audit table is append-only by convention of this file: it
 *    inserts and reads, never updates or deletes.  audit.c chains it.
 *  - store-exercise.c holds the statements on the exercise tables and
 *    store-list.c those that page the reports list; the three files are
 *    the only ones that speak SQL.
 */
#include "config.h"

#include "store.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

#include "store-int.h"

/* Version 0 -> 1: everything the product needs. */
static const char store_v1[] =
    "CREATE TABLE settings("
    " key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"

    "CREATE TABLE station_keys("
    " kind TEXT PRIMARY KEY CHECK (kind IN ('sign', 'archive')),"
    " public BLOB NOT NULL, secret BLOB NOT NULL, key_id BLOB,"
    " created TEXT NOT NULL);"

    "CREATE TABLE partners("
    " code TEXT PRIMARY KEY CHECK (length(code) IN (3, 4)),"
    " name TEXT NOT NULL,"
    " kind TEXT NOT NULL CHECK (kind IN ('country', 'organisation',"
    "  'group')),"
    " recipient TEXT);"

    "CREATE TABLE memberships("
    " group_code TEXT NOT NULL,"
    " member_code TEXT NOT NULL,"
    " valid_from TEXT NOT NULL DEFAULT '0000-01-01',"
    " valid_until TEXT,"
    " PRIMARY KEY (group_code, member_code, valid_from));"

    "CREATE TABLE agreements("
    " id TEXT PRIMARY KEY, title TEXT NOT NULL, instrument TEXT,"
    " type TEXT NOT NULL CHECK (type IN ('bilateral', 'multilateral',"
    "  'hybrid')),"
    " ceiling TEXT NOT NULL, signed TEXT, effective TEXT, expires TEXT,"
    " review TEXT,"
    " status TEXT NOT NULL CHECK (status IN ('draft', 'active',"
    "  'suspended', 'expired', 'terminated')),"
    " third_party_rule INTEGER NOT NULL DEFAULT 1,"
    " legal_basis TEXT, objectives TEXT, scope TEXT, exclusions TEXT,"
    " roles TEXT, security TEXT, dispute_resolution TEXT, notes TEXT);"

    "CREATE TABLE agreement_parties("
    " agreement_id TEXT NOT NULL REFERENCES agreements ON DELETE CASCADE,"
    " partner_code TEXT NOT NULL,"
    " role TEXT NOT NULL DEFAULT 'both' CHECK (role IN ('originator',"
    "  'recipient', 'both')),"
    " ceiling TEXT,"
    " PRIMARY KEY (agreement_id, partner_code));"

    "CREATE TABLE agreement_topics("
    " agreement_id TEXT NOT NULL REFERENCES agreements ON DELETE CASCADE,"
    " topic TEXT NOT NULL,"
    " PRIMARY KEY (agreement_id, topic));"

    "CREATE TABLE agreement_amendments("
    " agreement_id TEXT NOT NULL REFERENCES agreements ON DELETE CASCADE,"
    " seq INTEGER NOT NULL, date TEXT NOT NULL, text TEXT NOT NULL,"
    " PRIMARY KEY (agreement_id, seq));"

    "CREATE TABLE reports("
    " id TEXT PRIMARY KEY, title TEXT NOT NULL, originator TEXT NOT NULL,"
    " date TEXT, status TEXT NOT NULL DEFAULT 'draft',"
    " created TEXT NOT NULL, updated TEXT NOT NULL);"

    "CREATE TABLE report_topics("
    " report_id TEXT NOT NULL REFERENCES reports ON DELETE CASCADE,"
    " topic TEXT NOT NULL,"
    " PRIMARY KEY (report_id, topic));"

    "CREATE TABLE portions("
    " report_id TEXT NOT NULL REFERENCES reports ON DELETE CASCADE,"
    " seq INTEGER NOT NULL,"
    " kind TEXT NOT NULL DEFAULT 'portion' CHECK (kind IN ('portion',"
    "  'tearline')),"
    " marking TEXT, body TEXT NOT NULL DEFAULT '',"
    " PRIMARY KEY (report_id, seq));"

    "CREATE TABLE terms("
    " term TEXT PRIMARY KEY,"
    " action TEXT NOT NULL CHECK (action IN ('block', 'redact', 'replace',"
    "  'warn')),"
    " replacement TEXT, note TEXT);"

    "CREATE TABLE consents("
    " id INTEGER PRIMARY KEY,"
    " report_id TEXT NOT NULL REFERENCES reports ON DELETE CASCADE,"
    " partner_code TEXT NOT NULL,"
    " by_name TEXT NOT NULL, date TEXT NOT NULL, conditions TEXT);"

    "CREATE TABLE decisions("
    " id INTEGER PRIMARY KEY,"
    " report_id TEXT NOT NULL REFERENCES reports ON DELETE CASCADE,"
    " partner_code TEXT NOT NULL,"
    " decision TEXT NOT NULL CHECK (decision IN ('release',"
    "  'release-sanitized', 'withhold')),"
    " reason TEXT NOT NULL, actor TEXT NOT NULL, at TEXT NOT NULL);"

    "CREATE TABLE exports("
    " id INTEGER PRIMARY KEY,"
    " partner_code TEXT NOT NULL,"
    " state TEXT NOT NULL CHECK (state IN ('queued', 'writing', 'written',"
    "  'verified', 'failed', 'cancelled')),"
    " created TEXT NOT NULL, updated TEXT NOT NULL,"
    " bundle TEXT, sha256 TEXT, reason TEXT);"

    "CREATE TABLE export_items("
    " export_id INTEGER NOT NULL REFERENCES exports ON DELETE CASCADE,"
    " report_id TEXT NOT NULL REFERENCES reports,"
    " PRIMARY KEY (export_id, report_id));"

    "CREATE TABLE audit("
    " seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL,"
    " action TEXT NOT NULL, object TEXT NOT NULL, detail TEXT NOT NULL,"
    " prev BLOB NOT NULL, hash BLOB NOT NULL);";

/* Version 1 -> 2: exercises (store-exercise.c reads and writes them). */
static const char store_v2[] =
    "CREATE TABLE exercise("
    " id INTEGER PRIMARY KEY CHECK (id = 1),"
    " scenario TEXT NOT NULL, title TEXT NOT NULL, marking TEXT NOT NULL,"
    " realworld TEXT NOT NULL, duration INTEGER NOT NULL, startex TEXT,"
    " speed INTEGER NOT NULL DEFAULT 1, sha256 TEXT NOT NULL,"
    " source TEXT NOT NULL,"
    " state TEXT NOT NULL DEFAULT 'scheduled' CHECK (state IN ("
    "  'scheduled', 'running', 'paused', 'suspended', 'endex')),"
    " started TEXT, resumed TEXT, elapsed INTEGER NOT NULL DEFAULT 0,"
    " ended TEXT);"

    "CREATE TABLE exercise_objectives("
    " seq INTEGER PRIMARY KEY, text TEXT NOT NULL);"

    "CREATE TABLE injects("
    " id TEXT PRIMARY KEY, seq INTEGER NOT NULL, at INTEGER NOT NULL,"
    " sender TEXT NOT NULL, recipient TEXT NOT NULL, method TEXT NOT NULL,"
    " delivers TEXT, text TEXT NOT NULL, notes TEXT, expect TEXT,"
    " state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending',"
    "  'delivered', 'skipped')),"
    " delivered INTEGER, fired INTEGER NOT NULL DEFAULT 0, viewed INTEGER);"

    "CREATE TABLE answers("
    " report_id TEXT NOT NULL, partner_code TEXT NOT NULL,"
    " decision TEXT NOT NULL CHECK (decision IN ('release',"
    "  'release-sanitized', 'withhold')),"
    " by_minute INTEGER, why TEXT NOT NULL,"
    " trap INTEGER NOT NULL DEFAULT 0, weight INTEGER NOT NULL DEFAULT 1,"
    " objective INTEGER,"
    " PRIMARY KEY (report_id, partner_code));"

    "CREATE TABLE exercise_events("
    " seq INTEGER PRIMARY KEY, at TEXT NOT NULL, game INTEGER NOT NULL,"
    " kind TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '');";

/*
 * Version 2 -> 3: what the reports list shows, cached on the row so the
 * workstation pages it in SQL (store-list.c): banner NULL means not yet
 * computed (reportlist.c fills it), level -1 means no banner could be
 * rolled up.  Writing a report's portions sets banner back to NULL.
 */
static const char store_v3[] =
    "ALTER TABLE reports ADD COLUMN banner TEXT;"
    "ALTER TABLE reports ADD COLUMN level INTEGER NOT NULL DEFAULT -1;"
    "ALTER TABLE reports ADD COLUMN topics TEXT NOT NULL DEFAULT '';"
    "CREATE INDEX reports_unlisted ON reports(id) WHERE banner IS NULL;"
    "CREATE INDEX reports_by_title ON reports(title COLLATE NOCASE, id);"
    "CREATE INDEX reports_by_level ON reports(level, id);"
    "CREATE INDEX reports_by_status ON reports(status, id);"
    "CREATE INDEX reports_by_originator ON reports(originator, id);"
    "CREATE INDEX reports_by_topics ON reports(topics COLLATE NOCASE, id);"
    "CREATE INDEX reports_by_banner ON reports(banner, level);";

static const char *const store_migrations[] = {
    store_v1,
    store_v2,
    store_v3,
};

#define STORE_NMIGRATIONS                                                      \
	((int)(sizeof store_migrations / sizeof store_migrations[0]))

int
store_fail(struct store *s, int rc, struct relto_err *e)
{
	return vault_error(s->v, rc, e);
}

static int
store_exec(struct store *s, const char *sql, struct relto_err *e)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? RELTO_OK : store_fail(s, rc, e);
}

static int
store_user_version(struct store *s, int *version, struct relto_err *e)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*version = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? RELTO_OK : store_fail(s, rc, e);
}

/* Bring the schema up to STORE_SCHEMA_VERSION, one step per transaction. */
static int
store_migrate(struct store *s, struct relto_err *e)
{
	char sql[64];
	int version;

	if (store_user_version(s, &version, e) != RELTO_OK)
		return e->code;
	if (version > STORE_NMIGRATIONS)
		return err_set(e, RELTO_ENOTSTORE,
			       _("the store has schema version %d; this relto "
				 "reads up to %d: upgrade relto"),
			       version, STORE_NMIGRATIONS);
	for (; version < STORE_NMIGRATIONS; version++) {
		snprintf(sql, sizeof sql, "PRAGMA user_version=%d;",
			 version + 1);
		if (store_begin(s, e) != RELTO_OK)
			return e->code;
		if (store_exec(s, store_migrations[version], e) != RELTO_OK ||
		    store_exec(s, sql, e) != RELTO_OK) {
			store_rollback(s);
			return e->code;
		}
		if (store_commit(s, e) != RELTO_OK)
			return e->code;
	}
	return RELTO_OK;
}

static struct store *
store_wrap(struct vault *v)
{
	struct store *s = calloc(1, sizeof *s);

	if (s == NULL) {
		vault_close(v);
		return NULL;
	}
	s->v = v;
	s->db = vault_db(v);
	if (store_list_register(s->db) != SQLITE_OK) {
		store_close(s);
		return NULL;
	}
	return s;
}

int
store_create(const char *path, const char *pass, size_t len,
	     const struct keyblock_kdf *kdf, const char *station,
	     const char *country, char recovery[KEYBLOCK_RECOVERY_TEXT],
	     struct store **out, struct relto_err *e)
{
	struct vault *v;
	struct store *s;

	if (vault_create(path, pass, len, kdf, recovery, &v, e) != RELTO_OK)
		return e->code;
	if ((s = store_wrap(v)) == NULL)
		return err_set(e, RELTO_ENOMEM, _("out of memory"));
	if (store_migrate(s, e) != RELTO_OK || store_begin(s, e) != RELTO_OK)
		goto fail;
	if (store_set_setting(s, "station", station, e) != RELTO_OK ||
	    store_set_setting(s, "country", country, e) != RELTO_OK ||
	    store_exec(s,
		       "INSERT INTO settings VALUES ('created', "
		       "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
		       e) != RELTO_OK ||
	    store_commit(s, e) != RELTO_OK) {
		store_rollback(s);
		goto fail;
	}
	*out = s;
	return RELTO_OK;
fail:
	store_close(s);
	remove(path);
	return e->code;
}

int
store_open(const char *path, int kind, const char *secret, size_t len,
	   struct store **out, struct relto_err *e)
{
	struct vault *v;
	struct store *s;

	if (vault_open(path, kind, secret, len, &v, e) != RELTO_OK)
		return e->code;
	if ((s = store_wrap(v)) == NULL)
		return err_set(e, RELTO_ENOMEM, _("out of memory"));
	if (store_migrate(s, e) != RELTO_OK) {
		store_close(s);
		return e->code;
	}
	*out = s;
	return RELTO_OK;
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	vault_close(s->v);
	free(s);
}

struct vault *
store_vault(struct store *s)
{
	return s->v;
}

sqlite3 *
store_db(struct store *s)
{
	return s->db;
}

/*
 * Hold at most kib KiB of decrypted pages in memory (the vault's default
 * is 16 MiB, for bulk work); the workstation keeps less, so its memory
 * does not grow with the store.  The number is ours, not user text.
 */
int
store_cache_limit(struct store *s, int kib, struct relto_err *e)
{
	char sql[64];

	snprintf(sql, sizeof sql, "PRAGMA cache_size=%d;",
		 -(kib > 0 ? kib : 1));
	return store_exec(s, sql, e);
}

int
store_begin(struct store *s, struct relto_err *e)
{
	return store_exec(s, "BEGIN IMMEDIATE", e);
}

int
store_commit(struct store *s, struct relto_err *e)
{
	return store_exec(s, "COMMIT", e);
}

void
store_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Copy a column's text into out; "" for NULL. */
void
store_copy(sqlite3_stmt *st, int col, char *out, size_t cap)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	snprintf(out, cap, "%s", t != NULL ? (const char *)t : "");
}

int
store_setting(struct store *s, const char *key, char *out, size_t cap)
{
	sqlite3_stmt *st;
	int found = 0;

	out[0] = '\0';
	if (sqlite3_prepare_v2(s->db,
			       "SELECT value FROM settings WHERE key = ?1", -1,
			       &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		store_copy(st, 0, out, cap);
		found = 1;
	}
	sqlite3_finalize(st);
	return found;
}

int
store_set_setting(struct store *s, const char *key, const char *value,
		  struct relto_err *e)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(s->db,
				"INSERT INTO settings(key, value) VALUES "
				"(?1, ?2) ON CONFLICT(key) DO UPDATE SET "
				"value = excluded.value",
				-1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? RELTO_OK : store_fail(s, rc, e);
}

/* One count; on failure *n is untouched and the error is in e. */
static int
store_count(struct store *s, const char *sql, long long *n, struct relto_err *e)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*n = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? RELTO_OK : store_fail(s, rc, e);
}

int
store_info(struct store *s, struct store_info *info, struct relto_err *e)
{
	static const struct {
		size_t off;
		const char *sql;
	} counts[] = {
	    {offsetof(struct store_info, partners),
	     "SELECT count(*) FROM partners"},
	    {offsetof(struct store_info, agreements),
	     "SELECT count(*) FROM agreements"},
	    {offsetof(struct store_info, reports),
	     "SELECT count(*) FROM reports"},
	    {offsetof(struct store_info, portions),
	     "SELECT count(*) FROM portions WHERE kind = 'portion'"},
	    {offsetof(struct store_info, terms), "SELECT count(*) FROM terms"},
	    {offsetof(struct store_info, consents),
	     "SELECT count(*) FROM consents"},
	    {offsetof(struct store_info, decisions),
	     "SELECT count(*) FROM decisions"},
	    {offsetof(struct store_info, exports),
	     "SELECT count(*) FROM exports"},
	    {offsetof(struct store_info, audit), "SELECT count(*) FROM audit"},
	};
	size_t i;

	memset(info, 0, sizeof *info);
	store_setting(s, "station", info->station, sizeof info->station);
	store_setting(s, "country", info->country, sizeof info->country);
	store_setting(s, "created", info->created, sizeof info->created);
	if (store_user_version(s, &info->schema, e) != RELTO_OK)
		return e->code;
	for (i = 0; i < sizeof counts / sizeof counts[0]; i++)
		if (store_count(s, counts[i].sql,
				(long long *)((char *)info + counts[i].off),
				e) != RELTO_OK)
			return e->code;
	return RELTO_OK;
}

/* PRAGMA integrity_check: RELTO_OK when "ok", else the first complaint. */
int
store_integrity(struct store *s, char *first, size_t cap, struct relto_err *e)
{
	sqlite3_stmt *st;
	int rc, bad = 0;

	first[0] = '\0';
	rc = sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);

		rc = SQLITE_OK;
		if (t != NULL && strcmp((const char *)t, "ok") != 0 && !bad) {
			store_copy(st, 0, first, cap);
			bad = 1;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, rc, e);
	return bad ? err_set(e, RELTO_ECORRUPT, "%s", first) : RELTO_OK;
}

int
store_audit_insert(struct store *s, const struct store_audit_row *row,
		   struct relto_err *e)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(s->db,
				"INSERT INTO audit(seq, at, actor, action, "
				"object, detail, prev, hash) VALUES "
				"(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
				-1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, row->seq);
		sqlite3_bind_text(st, 2, row->at, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, row->actor, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, row->action, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, row->object, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, row->detail, -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 7, row->prev, 32, SQLITE_STATIC);
		sqlite3_bind_blob(st, 8, row->hash, 32, SQLITE_STATIC);
		rc = sqlite3_step(st);
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? RELTO_OK : store_fail(s, rc, e);
}

int
store_audit_last(struct store *s, long long *seq, uint8_t hash[32],
		 struct relto_err *e)
{
	sqlite3_stmt *st;
	int rc;

	*seq = 0;
	memset(hash, 0, 32);
	rc = sqlite3_prepare_v2(s->db,
				"SELECT seq, hash FROM audit ORDER BY seq "
				"DESC LIMIT 1",
				-1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		if (sqlite3_column_bytes(st, 1) == 32)
			memcpy(hash, sqlite3_column_blob(st, 1), 32);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? RELTO_OK : store_fail(s, rc, e);
}

const char *
store_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	return t != NULL ? (const char *)t : "";
}

/* Rows in seq order from seq >= from; fn returning non-zero stops. */
int
store_audit_each(struct store *s, long long from, store_audit_fn fn, void *arg,
		 struct relto_err *e)
{
	static const uint8_t zero[32];
	struct store_audit_row row;
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(s->db,
				"SELECT seq, at, actor, action, object, "
				"detail, prev, hash FROM audit WHERE seq >= "
				"?1 ORDER BY seq",
				-1, &st, NULL);
	if (rc == SQLITE_OK)
		sqlite3_bind_int64(st, 1, from);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		row.seq = sqlite3_column_int64(st, 0);
		store_copy(st, 1, row.at, sizeof row.at);
		row.actor = store_text(st, 2);
		row.action = store_text(st, 3);
		row.object = store_text(st, 4);
		row.detail = store_text(st, 5);
		row.prev = sqlite3_column_bytes(st, 6) == 32
			       ? sqlite3_column_blob(st, 6)
			       : zero;
		row.hash = sqlite3_column_bytes(st, 7) == 32
			       ? sqlite3_column_blob(st, 7)
			       : zero;
		if (fn(&row, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? RELTO_OK : store_fail(s, rc, e);
}

/* ---- the domain ------------------------------------------------------ */

/*
 * Run a query without parameters and hand each row to row(); a non-zero
 * return stops.  The *_each() functions are adapters over this.
 */
int
store_rows(struct store *s, const char *sql, int (*row)(sqlite3_stmt *, void *),
	   void *arg, struct relto_err *e)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		if (row(st, arg) != 0)
			break;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK || rc == SQLITE_DONE ? RELTO_OK
						    : store_fail(s, rc, e);
}

/*
 * Step a statement that returns no row, then finalize it; rc is how
 * preparing and binding went (st may be NULL when they failed).  The
 * one ending of store_run() and of store-exercise.c's typed binding.
 */
int
store_done(struct store *s, sqlite3_stmt *st, int rc, struct relto_err *e)
{
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return RELTO_OK;
	return store_fail(s, rc == SQLITE_OK ? SQLITE_ERROR : rc, e);
}

/* Prepare, bind text parameters (NULL binds NULL), step to done. */
int
store_run(struct store *s, const char *sql, int n, const char *const *args,
	  struct relto_err *e)
{
	sqlite3_stmt *st;
	int rc, i;

	rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
	for (i = 0; rc == SQLITE_OK && i < n; i++)
		rc = sqlite3_bind_text(st, i + 1, args[i], -1, SQLITE_STATIC);
	return store_done(s, st, rc, e);
}

static int
store_exists(struct store *s, const char *sql, const char *key)
{
	sqlite3_stmt *st;
	int found = 0;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		found = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	return found;
}

static const char *
store_nz(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

int
store_partner_put(struct store *s, const char *code, int kind, const char *name,
		  const char *recipient, struct relto_err *e)
{
	const char *args[4] = {code, partner_kind_name(kind), name,
			       store_nz(recipient)};

	return store_run(s,
			 "INSERT INTO partners(code, kind, name, recipient) "
			 "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(code) DO UPDATE "
			 "SET kind = excluded.kind, name = excluded.name, "
			 "recipient = excluded.recipient",
			 4, args, e);
}

int
store_member_put(struct store *s, const char *group, const char *member,
		 const char *from, const char *until, struct relto_err *e)
{
	const char *args[4] = {group, member,
			       store_nz(from) ? from : "0000-01-01",
			       store_nz(until)};

	return store_run(s,
			 "INSERT OR REPLACE INTO memberships(group_code, "
			 "member_code, valid_from, valid_until) VALUES "
			 "(?1, ?2, ?3, ?4)",
			 4, args, e);
}

int
store_partner_is_stored(struct store *s, const char *code)
{
	return store_exists(s, "SELECT 1 FROM partners WHERE code = ?1", code);
}

/* Add the store's partners to a set holding the built-in ones. */
int
store_partners_load(struct store *s, struct partner_set *set,
		    struct relto_err *e)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(s->db,
				"SELECT code, kind, name, recipient FROM "
				"partners ORDER BY code",
				-1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = store_text(st, 0);
		const char *rcp = (const char *)sqlite3_column_text(st, 3);

		rc = SQLITE_OK;
		if (partner_find(set, code) != NULL) {
			if (partner_set_recipient(set, code, rcp) != RELTO_OK)
				rc = SQLITE_NOMEM;
		} else if (partner_set_add(
			       set, code, partner_kind_parse(store_text(st, 1)),
			       store_text(st, 2), rcp, 0, e) != RELTO_OK) {
			sqlite3_finalize(st);
			return e->code;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, rc, e);
	rc = sqlite3_prepare_v2(s->db,
				"SELECT group_code, member_code, valid_from, "
				"valid_until FROM memberships",
				-1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		if (partner_set_add_member(set, store_text(st, 0),
					   store_text(st, 1), store_text(st, 2),
					   store_text(st, 3), e) != RELTO_OK) {
			sqlite3_finalize(st);
			return e->code;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? RELTO_OK : store_fail(s, rc, e);
}

int
store_agreement_exists(struct store *s, const char *id)
{
	return store_exists(s, "SELECT 1 FROM agreements WHERE id = ?1", id);
}

int
store_agreement_set_status(struct store *s, const char *id, const char *status,
			   struct relto_err *e)
{
	const char *args[2] = {status, id};

	if (!store_agreement_exists(s, id))
		return err_set(e, RELTO_EFAIL, _("there is no agreement %s"),
			       id);
	return store_run(s, "UPDATE agreements SET status = ?1 WHERE id = ?2",
			 2, args, e);
}

static int
store_agreement_parts(struct store *s, const struct agreement *a,
		      struct relto_err *e)
{
	char ceiling[8];
	size_t i;
	int rc = RELTO_OK;

	for (i = 0; rc == RELTO_OK && i < a->nparties; i++) {
		const char *args[4] = {a->id, a->parties[i].code,
				       agreement_role_name(a->parties[i].role),
				       a->parties[i].ceiling >= 0 ? ceiling
								  : NULL};

		snprintf(ceiling, sizeof ceiling, "%d", a->parties[i].ceiling);
		rc = store_run(s,
			       "INSERT INTO agreement_parties(agreement_id, "
			       "partner_code, role, ceiling) VALUES (?1, ?2, "
			       "?3, ?4)",
			       4, args, e);
	}
	for (i = 0; rc == RELTO_OK && i < a->ntopics; i++) {
		const char *args[2] = {a->id, a->topics[i]};

		rc = store_run(s,
			       "INSERT INTO agreement_topics(agreement_id, "
			       "topic) VALUES (?1, ?2)",
			       2, args, e);
	}
	return rc;
}

/* Is this bundle name on some medium already (a written export)? */
int
store_bundle_used(struct store *s, const char *name)
{
	return store_exists(s,
			    "SELECT 1 FROM exports WHERE bundle = ?1 AND state "
			    "IN ('written', 'verified')",
			    name);
}

/* Delete an agreement with its parties, topics and amendments. */
int
store_agreement_delete(struct store *s, const char *id, struct relto_err *e)
{
	const char *args[1] = {id};

	return store_run(s, "DELETE FROM agreements WHERE id = ?1", 1, args, e);
}

int
store_agreement_put(struct store *s, const struct agreement *a,
		    struct relto_err *e)
{
	char ceiling[24], tpr[4], excl[1024];
	const char *args[19];
	int rc;

	snprintf(ceiling, sizeof ceiling, "%s", marking_level_name(a->ceiling));
	snprintf(tpr, sizeof tpr, "%d", a->third_party_rule);
	agreement_words((const char(*)[AGREEMENT_TOPIC_MAX])a->exclusions,
			a->nexclusions, excl, sizeof excl);
	args[0] = a->id;
	args[1] = a->title;
	args[2] = store_nz(a->instrument);
	args[3] = agreement_type_name(a->type);
	args[4] = ceiling;
	args[5] = store_nz(a->signed_on);
	args[6] = store_nz(a->effective);
	args[7] = store_nz(a->expires);
	args[8] = store_nz(a->review);
	args[9] = agreement_status_name(a->status);
	args[10] = tpr;
	args[11] = store_nz(a->legal_basis);
	args[12] = store_nz(a->objectives);
	args[13] = store_nz(a->scope);
	args[14] = store_nz(excl);
	args[15] = store_nz(a->roles);
	args[16] = store_nz(a->security);
	args[17] = store_nz(a->dispute_resolution);
	args[18] = store_nz(a->notes);
	rc = store_run(s,
		       "INSERT INTO agreements(id, title, instrument, type, "
		       "ceiling, signed, effective, expires, review, status, "
		       "third_party_rule, legal_basis, objectives, scope, "
		       "exclusions, roles, security, dispute_resolution, "
		       "notes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
		       "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
		       19, args, e);
	return rc == RELTO_OK ? store_agreement_parts(s, a, e) : rc;
}

static char *
store_dup(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	return t != NULL ? strdup((const char *)t) : NULL;
}

/* Topics (a space-separated column) into an agreement's list. */
static void
store_split_topics(struct agreement *a, const char *text, int exclusion)
{
	char buf[1024], *tok, *save;

	snprintf(buf, sizeof buf, "%s", text != NULL ? text : "");
	for (tok = strtok_r(buf, " ", &save); tok != NULL;
	     tok = strtok_r(NULL, " ", &save))
		agreement_add_topic(a, tok, exclusion);
}

static void
store_agreement_row(sqlite3_stmt *st, struct agreement *a)
{
	memset(a, 0, sizeof *a);
	snprintf(a->id, sizeof a->id, "%s", store_text(st, 0));
	a->title = store_dup(st, 1);
	a->instrument = store_dup(st, 2);
	a->type = agreement_type_parse(store_text(st, 3));
	a->ceiling = marking_level_parse(store_text(st, 4));
	snprintf(a->signed_on, sizeof a->signed_on, "%s", store_text(st, 5));
	snprintf(a->effective, sizeof a->effective, "%s", store_text(st, 6));
	snprintf(a->expires, sizeof a->expires, "%s", store_text(st, 7));
	snprintf(a->review, sizeof a->review, "%s", store_text(st, 8));
	a->status = agreement_status_parse(store_text(st, 9));
	a->third_party_rule = sqlite3_column_int(st, 10);
	a->legal_basis = store_dup(st, 11);
	a->objectives = store_dup(st, 12);
	a->scope = store_dup(st, 13);
	store_split_topics(a, store_text(st, 14), 1);
	a->roles = store_dup(st, 15);
	a->security = store_dup(st, 16);
	a->dispute_resolution = store_dup(st, 17);
	a->notes = store_dup(st, 18);
}

/* The statements that read an agreement's parties and topics. */
struct store_agr_kids {
	sqlite3_stmt *parties, *topics;
};

static int
store_agr_kids_prepare(struct store *s, struct store_agr_kids *k)
{
	int rc;

	k->topics = NULL;
	rc = sqlite3_prepare_v2(s->db,
				"SELECT partner_code, role, ceiling FROM "
				"agreement_parties WHERE agreement_id = ?1 "
				"ORDER BY partner_code",
				-1, &k->parties, NULL);
	if (rc == SQLITE_OK)
		rc =
		    sqlite3_prepare_v2(s->db,
				       "SELECT topic FROM agreement_topics "
				       "WHERE agreement_id = ?1 ORDER BY topic",
				       -1, &k->topics, NULL);
	return rc;
}

static void
store_agr_kids_finalize(struct store_agr_kids *k)
{
	sqlite3_finalize(k->parties);
	sqlite3_finalize(k->topics);
}

/* Read a's parties and topics with k (prepared once for many). */
static int
store_agr_kids_read(struct store *s, struct store_agr_kids *k,
		    struct agreement *a, struct relto_err *e)
{
	sqlite3_stmt *st = k->parties;
	int rc;

	sqlite3_reset(st);
	rc = sqlite3_bind_text(st, 1, a->id, -1, SQLITE_STATIC);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		agreement_add_party(a, store_text(st, 0),
				    agreement_role_parse(store_text(st, 1)),
				    sqlite3_column_type(st, 2) == SQLITE_NULL
					? -1
					: sqlite3_column_int(st, 2));
	}
	if (rc != SQLITE_DONE)
		return store_fail(s, rc, e);
	st = k->topics;
	sqlite3_reset(st);
	rc = sqlite3_bind_text(st, 1, a->id, -1, SQLITE_STATIC);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		agreement_add_topic(a, store_text(st, 0), 0);
	}
	return rc == SQLITE_DONE ? RELTO_OK : store_fail(s, rc, e);
}

/* The agreements, or (id not NULL) that one, with their parts. */
static int
store_agreements_read(struct store *s, const char *id, struct agreement **v,
		      size_t *n, struct relto_err *e)
{
	struct store_agr_kids k;
	struct agreement *nv;
	sqlite3_stmt *st;
	size_t i;
	int rc;

	*v = NULL;
	*n = 0;
	rc = sqlite3_prepare_v2(s->db,
				"SELECT id, title, instrument, type, ceiling, "
				"signed, effective, expires, review, status, "
				"third_party_rule, legal_basis, objectives, "
				"scope, exclusions, roles, security, "
				"dispute_resolution, notes FROM agreements "
				"WHERE ?1 IS NULL OR id = ?1 ORDER BY id",
				-1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		nv = realloc(*v, (*n + 1) * sizeof *nv);
		if (nv == NULL) {
			rc = SQLITE_NOMEM;
			break;
		}
		*v = nv;
		store_agreement_row(st, &nv[(*n)++]);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, rc, e);
	if ((rc = store_agr_kids_prepare(s, &k)) != SQLITE_OK) {
		store_agr_kids_finalize(&k);
		return store_fail(s, rc, e);
	}
	for (i = 0, rc = RELTO_OK; i < *n && rc == RELTO_OK; i++)
		rc = store_agr_kids_read(s, &k, &(*v)[i], e);
	store_agr_kids_finalize(&k);
	return rc;
}

int
store_agreements_load(struct store *s, struct agreement **v, size_t *n,
		      struct relto_err *e)
{
	return store_agreements_read(s, NULL, v, n, e);
}

/* Agreement id, whole, into *a (agreement_free() it). */
int
store_agreement_load(struct store *s, const char *id, struct agreement *a,
		     struct relto_err *e)
{
	struct agreement *v = NULL;
	size_t n = 0, i;
	int rc;

	memset(a, 0, sizeof *a);
	rc = store_agreements_read(s, id, &v, &n, e);
	if (rc == RELTO_OK && n == 1) {
		*a = v[0];
		free(v);
		return RELTO_OK;
	}
	for (i = 0; i < n; i++)
		agreement_free(&v[i]);
	free(v);
	return rc != RELTO_OK
		   ? rc
		   : err_set(e, RELTO_EFAIL, _("there is no agreement %s"), id);
}

int
store_report_exists(struct store *s, const char *id)
{
	return store_exists(s, "SELECT 1 FROM reports WHERE id = ?1", id);
}

static int
store_report_portions(struct store *s, const struct report *r,
		      struct relto_err *e)
{
	char mark[MARKING_TEXT_MAX], seq[24];
	size_t i;
	int rc = RELTO_OK;

	for (i = 0; rc == RELTO_OK && i < r->n; i++) {
		const struct report_portion *p = &r->p[i];
		const char *args[5] = {
		    r->id, seq,
		    p->kind == REPORT_TEARLINE_KIND ? "tearline" : "portion",
		    p->kind == REPORT_TEARLINE_KIND ? NULL : mark, p->body};

		snprintf(seq, sizeof seq, "%zu", i + 1);
		if (p->kind == REPORT_PORTION)
			marking_format(&p->m, MARKING_PORTION, mark,
				       sizeof mark);
		rc = store_run(s,
			       "INSERT INTO portions(report_id, seq, kind, "
			       "marking, body) VALUES (?1, ?2, ?3, ?4, ?5)",
			       5, args, e);
	}
	for (i = 0; rc == RELTO_OK && i < r->ntopics; i++) {
		const char *args[2] = {r->id, r->topics[i]};

		rc = store_run(s,
			       "INSERT INTO report_topics(report_id, topic) "
			       "VALUES (?1, ?2)",
			       2, args, e);
	}
	return rc;
}

int
store_report_put(struct store *s, const struct report *r, struct relto_err *e)
{
	const char *args[5] = {r->id, r->title, r->originator,
			       store_nz(r->date),
			       r->status[0] ? r->status : "draft"};
	int rc;

	rc = store_run(s,
		       "INSERT INTO reports(id, title, originator, date, "
		       "status, created, updated) VALUES (?1, ?2, ?3, ?4, "
		       "?5, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), "
		       "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
		       5, args, e);
	return rc == RELTO_OK ? store_report_portions(s, r, e) : rc;
}

/* Replace a report's fields, portions and topics (its id stays). */
int
store_report_replace(struct store *s, const struct report *r,
		     struct relto_err *e)
{
	const char *args[5] = {r->id, r->title, r->originator,
			       store_nz(r->date),
			       r->status[0] ? r->status : "draft"};
	const char *id[1] = {r->id};
	int rc;

	rc = store_run(s,
		       "UPDATE reports SET title = ?2, originator = ?3, date = "
		       "?4, status = ?5, banner = NULL, updated = "
		       "strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1",
		       5, args, e);
	if (rc == RELTO_OK)
		rc = store_run(s, "DELETE FROM portions WHERE report_id = ?1",
			       1, id, e);
	if (rc == RELTO_OK)
		rc = store_run(s,
			       "DELETE FROM report_topics WHERE report_id = ?1",
			       1, id, e);
	return rc == RELTO_OK ? store_report_portions(s, r, e) : rc;
}

/* Delete a report with its portions, topics, consents and decisions. */
int
store_report_delete(struct store *s, const char *id, struct relto_err *e)
{
	const char *args[1] = {id};

	return store_run(s, "DELETE FROM reports WHERE id = ?1", 1, args, e);
}

/* Has the report been put in an export (any state)? */
int
store_report_exported(struct store *s, const char *id)
{
	return store_exists(
	    s, "SELECT 1 FROM export_items WHERE report_id = ?1", id);
}

static int
store_report_children(struct store *s, const struct marking_ctx *ctx,
		      struct report *r, struct relto_err *e)
{
	struct marking m;
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(s->db,
				"SELECT kind, marking, body FROM portions "
				"WHERE report_id = ?1 ORDER BY seq",
				-1, &st, NULL);
	if (rc == SQLITE_OK)
		sqlite3_bind_text(st, 1, r->id, -1, SQLITE_STATIC);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int tear = strcmp(store_text(st, 0), "tearline") == 0;

		rc = SQLITE_OK;
		memset(&m, 0, sizeof m);
		if (!tear && marking_parse(store_text(st, 1), MARKING_PORTION,
					   ctx, &m, e) != RELTO_OK) {
			sqlite3_finalize(st);
			return err_set(e, RELTO_ECORRUPT,
				       _("report %s holds a marking relto "
					 "cannot read: %s"),
				       r->id, store_text(st, 1));
		}
		if (report_add_portion(
			r, tear ? REPORT_TEARLINE_KIND : REPORT_PORTION,
			tear ? NULL : &m, store_text(st, 2)) != RELTO_OK)
			rc = SQLITE_NOMEM;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, rc, e);
	rc = sqlite3_prepare_v2(s->db,
				"SELECT topic FROM report_topics WHERE "
				"report_id = ?1 ORDER BY topic",
				-1, &st, NULL);
	if (rc == SQLITE_OK)
		sqlite3_bind_text(st, 1, r->id, -1, SQLITE_STATIC);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		report_add_topic(r, store_text(st, 0));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? RELTO_OK : store_fail(s, rc, e);
}

int
store_report_load(struct store *s, const char *id,
		  const struct marking_ctx *ctx, struct report *r,
		  struct relto_err *e)
{
	sqlite3_stmt *st;
	int rc;

	memset(r, 0, sizeof *r);
	rc = sqlite3_prepare_v2(s->db,
				"SELECT id, title, originator, date, status "
				"FROM reports WHERE id = ?1",
				-1, &st, NULL);
	if (rc == SQLITE_OK)
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(r->id, sizeof r->id, "%s", store_text(st, 0));
		r->title = store_dup(st, 1);
		snprintf(r->originator, sizeof r->originator, "%s",
			 store_text(st, 2));
		snprintf(r->date, sizeof r->date, "%s", store_text(st, 3));
		snprintf(r->status, sizeof r->status, "%s", store_text(st, 4));
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		sqlite3_finalize(st);
		return err_set(e, RELTO_EFAIL, _("there is no report %s"), id);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		return store_fail(s, rc, e);
	/*
	 * A received report keeps its sender's markings, written with the
	 * sender's country (its originator here) first.
	 */
	if (strcmp(r->status, "received") == 0) {
		struct marking_ctx sender = *ctx;

		snprintf(sender.own, sizeof sender.own, "%s", r->originator);
		rc = store_report_children(s, &sender, r, e);
	} else
		rc = store_report_children(s, ctx, r, e);
	if (rc != RELTO_OK)
		report_free(r);
	return rc;
}

struct store_id_cb {
	store_id_fn fn;
	void *arg;
};

static int
store_id_row(sqlite3_stmt *st, void *arg)
{
	const struct store_id_cb *cb = arg;

	return cb->fn(store_text(st, 0), cb->arg);
}

/* Each first column of sql's rows, as text; fn returning non-zero stops. */
int
store_ids(struct store *s, const char *sql, store_id_fn fn, void *arg,
	  struct relto_err *e)
{
	struct store_id_cb cb = {fn, arg};

	return store_rows(s, sql, store_id_row, &cb, e);
}

int
store_reports_each(struct store *s, store_id_fn fn, void *arg,
		   struct relto_err *e)
{
	return store_ids(s, "SELECT id FROM reports ORDER BY id", fn, arg, e);
}

int
store_term_exists(struct store *s, const char *term)
{
	return store_exists(s, "SELECT 1 FROM terms WHERE term = ?1", term);
}

int
store_term_put(struct store *s, const struct store_term *t, struct relto_err *e)
{
	const char *args[4] = {t->term, t->action, store_nz(t->replacement),
			       store_nz(t->note)};

	return store_run(s,
			 "INSERT INTO terms(term, action, replacement, note) "
			 "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(term) DO UPDATE "
			 "SET action = excluded.action, replacement = "
			 "excluded.replacement, note = excluded.note",
			 4, args, e);
}

int
store_terms_each(struct store *s, store_term_fn fn, void *arg,
		 struct relto_err *e)
{
	struct store_term t;
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(s->db,
				"SELECT term, action, replacement, note FROM "
				"terms ORDER BY term",
				-1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		t.term = store_text(st, 0);
		t.action = store_text(st, 1);
		t.replacement = store_text(st, 2);
		t.note = store_text(st, 3);
		if (fn(&t, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? RELTO_OK : store_fail(s, rc, e);
}

int
store_consent_put(struct store *s, const struct store_consent *c,
		  struct relto_err *e)
{
	const char *args[5] = {c->report, c->partner, c->by, c->date,
			       store_nz(c->conditions)};

	return store_run(s,
			 "INSERT INTO consents(report_id, partner_code, "
			 "by_name, date, conditions) VALUES (?1, ?2, ?3, ?4, "
			 "?5)",
			 5, args, e);
}

/* Consents for one report, or for all when report is NULL. */
int
store_consents_each(struct store *s, const char *report, store_consent_fn fn,
		    void *arg, struct relto_err *e)
{
	struct store_consent c;
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(s->db,
				"SELECT report_id, partner_code, by_name, "
				"date, conditions FROM consents WHERE ?1 IS "
				"NULL OR report_id = ?1 ORDER BY report_id, "
				"partner_code, id",
				-1, &st, NULL);
	if (rc == SQLITE_OK)
		sqlite3_bind_text(st, 1, report, -1, SQLITE_STATIC);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		c.report = store_text(st, 0);
		c.partner = store_text(st, 1);
		c.by = store_text(st, 2);
		c.date = store_text(st, 3);
		c.conditions = store_text(st, 4);
		if (fn(&c, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? RELTO_OK : store_fail(s, rc, e);
}

int
store_decision_put(struct store *s, const char *report, const char *partner,
		   const char *decision, const char *reason, const char *actor,
		   const char *at, struct relto_err *e)
{
	const char *args[6] = {report, partner, decision, reason, actor, at};

	return store_run(s,
			 "INSERT INTO decisions(report_id, partner_code, "
			 "decision, reason, actor, at) VALUES (?1, ?2, ?3, "
			 "?4, ?5, ?6)",
			 6, args, e);
}

int
store_partners_each(struct store *s, store_partner_fn fn, void *arg,
		    struct relto_err *e)
{
	struct store_partner p;
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(s->db,
				"SELECT code, kind, name, recipient FROM "
				"partners ORDER BY kind = 'group', code",
				-1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		p.code = store_text(st, 0);
		p.kind = store_text(st, 1);
		p.name = store_text(st, 2);
		p.recipient = (const char *)sqlite3_column_text(st, 3);
		if (fn(&p, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? RELTO_OK : store_fail(s, rc, e);
}

int
store_members_each(struct store *s, const char *group, store_member_fn fn,
		   void *arg, struct relto_err *e)
{
	struct store_member m;
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(s->db,
				"SELECT group_code, member_code, valid_from, "
				"valid_until FROM memberships WHERE "
				"group_code = ?1 ORDER BY member_code, "
				"valid_from",
				-1, &st, NULL);
	if (rc == SQLITE_OK)
		sqlite3_bind_text(st, 1, group, -1, SQLITE_STATIC);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		m.group = store_text(st, 0);
		m.member = store_text(st, 1);
		m.from = store_text(st, 2);
		m.until = store_text(st, 3);
		if (fn(&m, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? RELTO_OK : store_fail(s, rc, e);
}

/* ---- the export queue ------------------------------------------------- */

int
store_export_add(struct store *s, const char *partner, const char *report,
		 const char *now, long long *id, struct relto_err *e)
{
	const char *args[3] = {partner, now, now};
	char idtext[24];
	const char *item[2] = {idtext, report};
	int rc;

	rc = store_run(s,
		       "INSERT INTO exports(partner_code, state, created, "
		       "updated) VALUES (?1, 'queued', ?2, ?3)",
		       3, args, e);
	if (rc != RELTO_OK)
		return rc;
	*id = sqlite3_last_insert_rowid(s->db);
	snprintf(idtext, sizeof idtext, "%lld", *id);
	return store_run(s,
			 "INSERT INTO export_items(export_id, report_id) "
			 "VALUES (?1, ?2)",
			 2, item, e);
}

int
store_exports_each(struct store *s, const char *state, store_export_fn fn,
		   void *arg, struct relto_err *e)
{
	struct store_export x;
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(
	    s->db,
	    "SELECT e.id, e.partner_code, coalesce(i.report_id, ''), e.state, "
	    "e.created, e.updated, coalesce(e.bundle, ''), "
	    "coalesce(e.sha256, ''), coalesce(e.reason, '') FROM exports e "
	    "LEFT JOIN export_items i ON i.export_id = e.id WHERE ?1 IS NULL "
	    "OR e.state = ?1 ORDER BY e.partner_code, e.id",
	    -1, &st, NULL);
	if (rc == SQLITE_OK)
		sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		x.id = sqlite3_column_int64(st, 0);
		x.partner = store_text(st, 1);
		x.report = store_text(st, 2);
		x.state = store_text(st, 3);
		x.created = store_text(st, 4);
		x.updated = store_text(st, 5);
		x.bundle = store_text(st, 6);
		x.sha256 = store_text(st, 7);
		x.reason = store_text(st, 8);
		if (fn(&x, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? RELTO_OK : store_fail(s, rc, e);
}

int
store_export_set(struct store *s, long long id, const char *state,
		 const char *bundle, const char *sha256, const char *reason,
		 const char *now, struct relto_err *e)
{
	char idtext[24];
	const char *args[6] = {
	    state, store_nz(bundle), store_nz(sha256), store_nz(reason), now,
	    idtext};

	snprintf(idtext, sizeof idtext, "%lld", id);
	return store_run(s,
			 "UPDATE exports SET state = ?1, bundle = "
			 "coalesce(?2, bundle), sha256 = ?3, reason = ?4, "
			 "updated = ?5 WHERE id = ?6",
			 6, args, e);
}

/* The state of export id into state; 0 if there is no such export. */
int
store_export_state(struct store *s, long long id, char *state, size_t cap)
{
	sqlite3_stmt *st;
	int found = 0;

	state[0] = '\0';
	if (sqlite3_prepare_v2(s->db, "SELECT state FROM exports WHERE id = ?1",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW) {
			store_copy(st, 0, state, cap);
			found = 1;
		}
	}
	sqlite3_finalize(st);
	return found;
}

/* ---- station keys ------------------------------------------------------- */

int
store_station_key_put(struct store *s, const char *kind, const void *pub,
		      size_t publen, const void *secret, size_t seclen,
		      const char *now, struct relto_err *e)
{
	sqlite3_stmt *st;
	int rc;

	rc =
	    sqlite3_prepare_v2(s->db,
			       "INSERT INTO station_keys(kind, public, secret, "
			       "created) VALUES (?1, ?2, ?3, ?4)",
			       -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 2, pub, (int)publen, SQLITE_STATIC);
		sqlite3_bind_blob(st, 3, secret, (int)seclen, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? RELTO_OK : store_fail(s, rc, e);
}

/*
 * Copy a station key out.  RELTO_EFAIL when there is none; sizes must
 * match exactly.  secret may be NULL when only the public half is needed.
 */
int
store_station_key_get(struct store *s, const char *kind, void *pub,
		      size_t publen, void *secret, size_t seclen,
		      struct relto_err *e)
{
	sqlite3_stmt *st;
	int rc, found = 0;

	rc = sqlite3_prepare_v2(s->db,
				"SELECT public, secret FROM station_keys "
				"WHERE kind = ?1",
				-1, &st, NULL);
	if (rc == SQLITE_OK)
		sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		found = (size_t)sqlite3_column_bytes(st, 0) == publen &&
			(size_t)sqlite3_column_bytes(st, 1) == seclen;
		if (found) {
			memcpy(pub, sqlite3_column_blob(st, 0), publen);
			if (secret != NULL)
				memcpy(secret, sqlite3_column_blob(st, 1),
				       seclen);
		}
		rc = found ? SQLITE_DONE : SQLITE_CORRUPT;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_CORRUPT)
		return err_set(e, RELTO_ECORRUPT,
			       _("the station's %s key is damaged"), kind);
	if (rc != SQLITE_DONE)
		return store_fail(s, rc, e);
	return found ? RELTO_OK
		     : err_set(e, RELTO_EFAIL, _("the station has no %s key"),
			       kind);
}
