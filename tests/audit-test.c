/*
 * audit-test.c -- the audit chain holds, and an edited, a deleted, a
 * reordered entry and a cut-off tail are each found and named.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "clock.h"
#include "crypto.h"
#include "station.h"
#include "store.h"
#include "tap.h"
#include "testutil.h"

#define DIR "tests/tmp/audit-test"

static struct relto_err e;

static time_t
fixed_now(void)
{
	return 1795000000; /* 2026-11-18 */
}

static struct store *
fresh(const char *name)
{
	char path[256], recovery[KEYBLOCK_RECOVERY_TEXT], obj[32];
	struct store *s = NULL;
	int i;

	snprintf(path, sizeof path, DIR "/%s.relto", name);
	unlink(path);
	unlink(strcat(path, "-journal"));
	path[strlen(path) - 8] = '\0';
	if (station_init(path, "correct horse", 13, &test_kdf, "alpha", "usa",
			 recovery, &s, &e) != RELTO_OK) {
		diag("%s", e.msg);
		return NULL;
	}
	store_begin(s, &e);
	for (i = 1; i <= 5; i++) {
		snprintf(obj, sizeof obj, "R-%03d", i);
		audit_append(s, "test", obj, "detail", &e);
	}
	store_commit(s, &e);
	return s; /* 7 entries: init, the station keys and five more */
}

static int
run(struct store *s, const char *sql)
{
	/* Tampering goes around store.c on purpose: that is the attack. */
	return sqlite3_exec(store_db(s), sql, NULL, NULL, NULL);
}

static int
verify(struct store *s, long long *n)
{
	err_clear(&e);
	return audit_verify(s, n, &e);
}

int
main(void)
{
	struct store *s;
	long long n = 0;
	uint8_t h1[32], h2[32];
	struct store_audit_row row = {0};

	if (crypto_init(&e) != RELTO_OK)
		skip_all(e.msg);
	clock_set_source(fixed_now);
	test_mkdir(DIR);

	s = fresh("intact");
	ok(s != NULL && verify(s, &n) == RELTO_OK && n == 7,
	   "an intact chain of seven entries (init, keys, five more) verifies");
	store_close(s);

	s = fresh("edited");
	ok(s != NULL && run(s, "UPDATE audit SET detail = 'forged' WHERE seq "
			       "= 3") == SQLITE_OK,
	   "edit entry 3");
	ok(verify(s, &n) == RELTO_ECORRUPT && strstr(e.msg, "entry 3") &&
	       strstr(e.msg, "edited"),
	   "the edit is found and named: %s", e.msg);
	store_close(s);

	s = fresh("deleted");
	ok(s != NULL && run(s, "DELETE FROM audit WHERE seq = 4") == SQLITE_OK,
	   "delete entry 4");
	ok(verify(s, &n) == RELTO_ECORRUPT && strstr(e.msg, "entry 4") &&
	       strstr(e.msg, "deleted"),
	   "the deletion is found and named: %s", e.msg);
	store_close(s);

	s = fresh("renumbered");
	ok(s != NULL &&
	       run(s, "DELETE FROM audit WHERE seq = 4;"
		      "UPDATE audit SET seq = seq - 1 WHERE seq > 4;") ==
		   SQLITE_OK,
	   "delete entry 4 and renumber the rest");
	ok(verify(s, &n) == RELTO_ECORRUPT && strstr(e.msg, "entry 4") &&
	       strstr(e.msg, "does not follow"),
	   "the gap is found anyway: %s", e.msg);
	store_close(s);

	s = fresh("swapped");
	ok(s != NULL &&
	       run(s, "UPDATE audit SET seq = -1 WHERE seq = 2;"
		      "UPDATE audit SET seq = 2 WHERE seq = 5;"
		      "UPDATE audit SET seq = 5 WHERE seq = -1;") == SQLITE_OK,
	   "swap entries 2 and 5");
	ok(verify(s, &n) == RELTO_ECORRUPT && strstr(e.msg, "entry 2") &&
	       strstr(e.msg, "reordered"),
	   "the swap is found and named: %s", e.msg);
	store_close(s);

	s = fresh("truncated");
	ok(s != NULL && run(s, "DELETE FROM audit WHERE seq >= 5") == SQLITE_OK,
	   "remove the two newest entries");
	ok(verify(s, &n) == RELTO_ECORRUPT && strstr(e.msg, "newest"),
	   "the missing tail is found: %s", e.msg);
	store_close(s);

	/* The hash covers every field. */
	strcpy(row.at, "2026-01-01T00:00:00Z");
	row.actor = "a";
	row.action = "b";
	row.object = "c";
	row.detail = "d";
	memset(h1, 0, 32);
	audit_hash(h1, &row, h1);
	row.detail = "e";
	memset(h2, 0, 32);
	audit_hash(h2, &row, h2);
	ok(memcmp(h1, h2, 32) != 0, "the hash covers the detail");
	row.object = "cd";
	row.detail = "";
	memset(h2, 0, 32);
	audit_hash(h2, &row, h2);
	ok(memcmp(h1, h2, 32) != 0,
	   "fields are length-prefixed (no shifting between fields)");
	return exit_status();
}
