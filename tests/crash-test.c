/*
 * crash-test.c -- a writer killed with SIGKILL at random moments in a loop
 * of transactions, many times over.  After each kill the store opens,
 * every page authenticates, PRAGMA integrity_check and the audit chain
 * hold, and every transaction the writer saw committed is there, with no
 * gap.  RELTO_CRASH_ROUNDS sets the number of kills (default 25; make
 * check-long runs more).
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "crypto.h"
#include "station.h"
#include "store.h"
#include "tap.h"
#include "testutil.h"

#define DIR  "tests/tmp/crash-test"
#define DB   DIR "/store.relto"
#define PASS "correct horse"

static struct relto_err e;

/* The writer: one report and one audit entry per transaction. */
static void
writer(int fd, long long first)
{
	struct store *s;
	sqlite3_stmt *st;
	long long i;
	char id[32];

	if (store_open(DB, KEYBLOCK_PASSPHRASE, PASS, strlen(PASS), &s, &e) !=
	    RELTO_OK)
		_exit(3);
	sqlite3_prepare_v2(store_db(s),
			   "INSERT INTO reports(id, title, originator, "
			   "created, updated) VALUES (?1, 'crash test', "
			   "'USA', 'now', 'now')",
			   -1, &st, NULL);
	for (i = first;; i++) {
		snprintf(id, sizeof id, "R-%08lld", i);
		store_begin(s, &e);
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			_exit(4);
		sqlite3_reset(st);
		if (audit_append(s, "report.add", id, "", &e) != RELTO_OK ||
		    store_commit(s, &e) != RELTO_OK)
			_exit(5);
		if (write(fd, &i, sizeof i) != sizeof i)
			_exit(6);
	}
}

static long long
count(struct store *s, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Reopen and check everything; returns the number of reports. */
static int
survived(long long committed, long long *rows)
{
	struct vault_report r;
	struct store *s;
	char first[256];
	long long n, entries, top;
	int good;

	if (store_open(DB, KEYBLOCK_PASSPHRASE, PASS, strlen(PASS), &s, &e) !=
	    RELTO_OK) {
		diag("reopen: %s", e.msg);
		return 0;
	}
	good = vault_verify(store_vault(s), &r, &e) == RELTO_OK &&
	       r.bad_pages == 0 && r.length_ok;
	if (!good)
		diag("pages: %llu bad", (unsigned long long)r.bad_pages);
	if (store_integrity(s, first, sizeof first, &e) != RELTO_OK) {
		diag("integrity: %s", e.msg);
		good = 0;
	}
	if (audit_verify(s, &entries, &e) != RELTO_OK) {
		diag("audit: %s", e.msg);
		good = 0;
	}
	n = count(s, "SELECT count(*) FROM reports");
	top = count(s, "SELECT coalesce(max(CAST(substr(id, 3) AS INTEGER)), "
		       "0) FROM reports");
	if (n != top || n < committed || entries != n + 2) {
		diag("reports %lld, highest %lld, committed %lld, audit %lld",
		     n, top, committed, entries);
		good = 0;
	}
	*rows = n;
	store_close(s);
	return good;
}

int
main(void)
{
	char recovery[KEYBLOCK_RECOVERY_TEXT];
	const char *env = getenv("RELTO_CRASH_ROUNDS");
	int rounds = env != NULL ? atoi(env) : 25, round, fds[2], status,
	    held = 0;
	long long rows = 0, got, committed;
	struct store *s;
	unsigned seed = 20261127;
	pid_t pid;

	if (crypto_init(&e) != RELTO_OK)
		skip_all(e.msg);
	test_mkdir(DIR);
	unlink(DB);
	unlink(DB "-journal");
	if (station_init(DB, PASS, strlen(PASS), &test_kdf, "alpha", "usa",
			 recovery, &s, &e) != RELTO_OK)
		skip_all(e.msg);
	store_close(s);
	plan(rounds + 1);
	for (round = 1; round <= rounds; round++) {
		if (pipe(fds) != 0)
			break;
		pid = fork();
		if (pid == 0) {
			close(fds[0]);
			writer(fds[1], rows + 1);
		}
		close(fds[1]);
		seed = seed * 1103515245u + 12345u;
		usleep(2000 + (seed >> 8) % 40000);
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		committed = rows;
		while (read(fds[0], &got, sizeof got) == sizeof got)
			committed = got;
		close(fds[0]);
		if (!WIFSIGNALED(status)) {
			ok(0, "round %d: writer died on its own (%d)", round,
			   status);
			continue;
		}
		held += survived(committed, &rows);
		ok(held == round,
		   "kill %d: store opens, checks clean, %lld transactions "
		   "all present",
		   round, rows);
	}
	ok(rows > rounds, "the writer made progress (%lld transactions)", rows);
	return exit_status();
}
