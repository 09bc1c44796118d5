/*
 * store-test.c -- the schema: created at the current version, every table
 * present, a canary written through every column of every table never
 * reaching the disk in the clear -- after commit, and in the middle of a
 * transaction held open by another process.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "crypto.h"
#include "station.h"
#include "store.h"
#include "tap.h"
#include "testutil.h"

#define DIR    "tests/tmp/store-test"
#define DB     DIR "/store.relto"
#define CANARY "CANARY-51e0c2-EVERY-TABLE"

static struct relto_err e;

static const char *const tables[] = {
    "settings",
    "station_keys",
    "partners",
    "memberships",
    "agreements",
    "agreement_parties",
    "agreement_topics",
    "agreement_amendments",
    "reports",
    "report_topics",
    "portions",
    "terms",
    "consents",
    "decisions",
    "exports",
    "export_items",
    "audit",
    "exercise",
    "exercise_objectives",
    "injects",
    "answers",
    "exercise_events",
};

static int
has_table(sqlite3 *db, const char *name)
{
	sqlite3_stmt *st;
	int found;

	sqlite3_prepare_v2(db,
			   "SELECT 1 FROM sqlite_schema WHERE type = 'table' "
			   "AND name = ?1",
			   -1, &st, NULL);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

/* One row into table with the canary in every column that takes text. */
static int
insert_canary_row(sqlite3 *db, const char *table, int n)
{
	char sql[2048], cols[1024] = "", vals[1024] = "", info[128];
	sqlite3_stmt *st;
	int ncol = 0, i, rc, intpk[32];

	snprintf(info, sizeof info, "PRAGMA table_info(%s)", table);
	if (sqlite3_prepare_v2(db, info, -1, &st, NULL) != SQLITE_OK)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW && ncol < 32) {
		const char *name = (const char *)sqlite3_column_text(st, 1);
		const char *type = (const char *)sqlite3_column_text(st, 2);

		intpk[ncol] = sqlite3_column_int(st, 5) > 0 &&
			      strcmp(type, "INTEGER") == 0;
		snprintf(cols + strlen(cols), sizeof cols - strlen(cols),
			 "%s%s", ncol ? ", " : "", name);
		snprintf(vals + strlen(vals), sizeof vals - strlen(vals),
			 "%s?%d", ncol ? ", " : "", ncol + 1);
		ncol++;
	}
	sqlite3_finalize(st);
	snprintf(sql, sizeof sql, "INSERT INTO %s(%s) VALUES (%s)", table, cols,
		 vals);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	for (i = 0; i < ncol; i++) {
		char v[96];

		if (intpk[i]) {
			sqlite3_bind_int(st, i + 1, 100000 + n);
			continue;
		}
		snprintf(v, sizeof v, "%s-%s-%d-%d", CANARY, table, i, n);
		sqlite3_bind_text(st, i + 1, v, -1, SQLITE_TRANSIENT);
	}
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		fprintf(stderr, "# %s: %s\n", table, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
insert_everywhere(sqlite3 *db, int rows)
{
	size_t t;
	int n, bad = 0;

	for (t = 0; t < sizeof tables / sizeof tables[0]; t++)
		for (n = 0; n < rows; n++)
			bad |= insert_canary_row(db, tables[t], n);
	return bad;
}

static int
files_clean(void)
{
	return !test_file_has(DB, CANARY) &&
	       !test_file_has(DB "-journal", CANARY) &&
	       !test_file_has(DB "-wal", CANARY);
}

/* A child holds a big transaction open while the parent reads the files. */
static void
test_mid_transaction(void)
{
	int ready[2], go[2], status;
	char c = 0;
	pid_t pid;

	if (pipe(ready) != 0 || pipe(go) != 0) {
		ok(0, "pipes");
		return;
	}
	pid = fork();
	if (pid == 0) {
		struct store *s;

		close(ready[0]);
		close(go[1]);
		if (store_open(DB, KEYBLOCK_PASSPHRASE, "correct horse", 13, &s,
			       &e) != RELTO_OK)
			_exit(3);
		/* Outside a transaction, or SQLite ignores the first. */
		sqlite3_exec(store_db(s),
			     "PRAGMA foreign_keys=OFF; PRAGMA "
			     "ignore_check_constraints=ON; PRAGMA cache_size=8",
			     NULL, NULL, NULL);
		store_begin(s, &e);
		if (insert_everywhere(store_db(s), 60) != 0)
			_exit(4);
		if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(5);
		if (store_commit(s, &e) != RELTO_OK)
			_exit(6);
		store_close(s);
		_exit(0);
	}
	close(ready[1]);
	close(go[0]);
	signal(SIGPIPE, SIG_IGN);
	ok(read(ready[0], &c, 1) == 1,
	   "a writer holds a transaction over every table open");
	ok(access(DB "-journal", F_OK) == 0 && files_clean(),
	   "mid-transaction: no canary in the store or its journal");
	if (write(go[1], "g", 1) != 1)
		diag("cannot release the writer");
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	   "the writer commits (status %d)", status);
	ok(files_clean(), "after commit: no canary anywhere on disk");
	close(ready[0]);
	close(go[1]);
}

int
main(void)
{
	char recovery[KEYBLOCK_RECOVERY_TEXT], buf[64];
	struct store_info in;
	struct store *s = NULL;
	size_t t;
	int missing = 0;

	if (crypto_init(&e) != RELTO_OK)
		skip_all(e.msg);
	test_mkdir(DIR);
	unlink(DB);
	unlink(DB "-journal");
	if (!ok(station_init(DB, "correct horse", 13, &test_kdf, "alpha", "usa",
			     recovery, &s, &e) == RELTO_OK,
		"init a station"))
		diag("%s", e.msg);
	if (s == NULL)
		return exit_status();
	for (t = 0; t < sizeof tables / sizeof tables[0]; t++)
		if (!has_table(store_db(s), tables[t])) {
			diag("missing table %s", tables[t]);
			missing++;
		}
	is_int(missing, 0, "every table of the product exists");
	ok(store_info(s, &in, &e) == RELTO_OK, "store_info");
	is_int(in.schema, STORE_SCHEMA_VERSION,
	       "schema is at the current version");
	is(in.station, "ALPHA", "station name is stored upper-case");
	is(in.country, "USA", "country is stored upper-case");
	is_int(in.audit, 2, "init and the station keys are audited");
	ok(store_setting(s, "nonexistent", buf, sizeof buf) == 0 &&
	       buf[0] == '\0',
	   "a missing setting reads as absent");
	ok(store_set_setting(s, "x", "y", &e) == RELTO_OK &&
	       store_setting(s, "x", buf, sizeof buf) && strcmp(buf, "y") == 0,
	   "settings round-trip");
	store_close(s);

	ok(station_init(DB, "correct horse", 13, &test_kdf, "alpha", "usa",
			recovery, &s, &e) == RELTO_EEXIST,
	   "init refuses an existing store");
	ok(station_init(DIR "/x.relto", "short", 5, &test_kdf, "alpha", "usa",
			recovery, &s, &e) == RELTO_EUSAGE &&
	       access(DIR "/x.relto", F_OK) != 0,
	   "a short passphrase is refused and nothing is created");
	ok(station_init(DIR "/x.relto", "long enough", 11, &test_kdf,
			"bad name!", "usa", recovery, &s, &e) == RELTO_EUSAGE,
	   "a station name that is not file-name safe is refused");
	ok(station_init(DIR "/x.relto", "long enough", 11, &test_kdf, "alpha",
			"US", recovery, &s, &e) == RELTO_EUSAGE,
	   "a two-letter country is refused");

	test_mid_transaction();

	ok(store_open(DB, KEYBLOCK_PASSPHRASE, "correct horse", 13, &s, &e) ==
	       RELTO_OK,
	   "the store reopens");
	memset(&in, 0, sizeof in);
	if (s != NULL)
		store_info(s, &in, &e);
	is_int(in.partners, 60, "the writer's committed rows are there");
	store_close(s);
	return exit_status();
}
