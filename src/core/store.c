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
 *  - The audit table is append-only by convention of this file: it
 *    inserts and reads, never updates or deletes.  audit.c chains it.
 */
#include "config.h"

#include "store.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

struct store {
	struct vault *v;
	sqlite3 *db;
};

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
    " group_code TEXT NOT NULL REFERENCES partners ON DELETE CASCADE,"
    " member_code TEXT NOT NULL REFERENCES partners,"
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
    " partner_code TEXT NOT NULL REFERENCES partners,"
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
    " partner_code TEXT NOT NULL REFERENCES partners,"
    " by_name TEXT NOT NULL, date TEXT NOT NULL, conditions TEXT);"

    "CREATE TABLE decisions("
    " id INTEGER PRIMARY KEY,"
    " report_id TEXT NOT NULL REFERENCES reports ON DELETE CASCADE,"
    " partner_code TEXT NOT NULL REFERENCES partners,"
    " decision TEXT NOT NULL CHECK (decision IN ('release',"
    "  'release-sanitized', 'withhold')),"
    " reason TEXT NOT NULL, actor TEXT NOT NULL, at TEXT NOT NULL);"

    "CREATE TABLE exports("
    " id INTEGER PRIMARY KEY,"
    " partner_code TEXT NOT NULL REFERENCES partners,"
    " state TEXT NOT NULL CHECK (state IN ('queued', 'writing', 'written',"
    "  'failed', 'cancelled')),"
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

static const char *const store_migrations[] = {
    store_v1,
};

#define STORE_NMIGRATIONS                                                      \
	((int)(sizeof store_migrations / sizeof store_migrations[0]))

static int
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
static void
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

static const char *
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
