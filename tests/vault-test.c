/*
 * vault-test.c -- the encrypted store file: no plaintext on disk, wrong
 * secrets refused without a byte changed, tampering caught, passphrase
 * change confined to the key block, journals and WAL sealed, no temporary
 * files, one process at a time.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto.h"
#include "tap.h"
#include "testutil.h"
#include "vault.h"

#define DIR    "tests/tmp/vault-test"
#define DB     DIR "/store.relto"
#define CANARY "CANARY-7f3a9c-PLAINTEXT-MUST-NOT-LEAK"

static const struct keyblock_kdf cheap = {1, 64, 1};
static struct relto_err e;

static void
file_hash(const char *path, uint8_t h[32])
{
	size_t n;
	unsigned char *buf = test_slurp(path, &n);

	crypto_sha256(buf != NULL ? (const void *)buf : "", n, h);
	free(buf);
}

static int
exec(struct vault *v, const char *sql)
{
	return sqlite3_exec(vault_db(v), sql, NULL, NULL, NULL);
}

static long long
count(struct vault *v, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(vault_db(v), sql, -1, &st, NULL) != SQLITE_OK)
		return -2;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void
flip(const char *path, long off)
{
	int fd = open(path, O_RDWR);
	unsigned char b;

	if (pread(fd, &b, 1, off) == 1) {
		b ^= 0x01;
		if (pwrite(fd, &b, 1, off) != 1)
			diag("pwrite: %s", strerror(errno));
	}
	close(fd);
}

static void
copy_file(const char *from, const char *to)
{
	size_t n;
	unsigned char *buf = test_slurp(from, &n);
	FILE *f = fopen(to, "wb");

	if (f != NULL && buf != NULL)
		fwrite(buf, 1, n, f);
	if (f != NULL)
		fclose(f);
	free(buf);
}

static struct vault *
open_pass(const char *path, const char *pass)
{
	struct vault *v = NULL;

	if (vault_open(path, KEYBLOCK_PASSPHRASE, pass, strlen(pass), &v, &e) !=
	    RELTO_OK)
		return NULL;
	return v;
}

static void
test_create(char *recovery)
{
	struct vault *v = NULL;
	unsigned char *buf;
	size_t n;
	int rc;

	rc = vault_create(DB, "correct horse", 13, &cheap, recovery, &v, &e);
	if (!ok(rc == RELTO_OK, "create a store"))
		diag("%s", e.msg);
	ok(strlen(recovery) == 39 && recovery[4] == '-',
	   "recovery key is eight dash-separated groups: %s", recovery);
	ok(exec(v, "CREATE TABLE t(id INTEGER PRIMARY KEY, body TEXT);"
		   "CREATE INDEX t_body ON t(body);") == SQLITE_OK,
	   "create a table and an index");
	ok(exec(v, "INSERT INTO t(body) VALUES ('" CANARY "');") == SQLITE_OK,
	   "insert the canary");
	ok(vault_create(DB, "x", 1, &cheap, recovery, &v, &e) == RELTO_EEXIST,
	   "create refuses an existing file");
	vault_close(v);
	ok(!test_file_has(DB, CANARY), "the canary is not in the store file");
	buf = test_slurp(DB, &n);
	ok(buf != NULL && n >= 8192 && (n - 4096) % 4096 == 0,
	   "file is the key block plus whole pages (%zu bytes)", n);
	ok(buf != NULL && memcmp(buf, "SQLite format 3", 15) != 0 &&
	       memcmp(buf + 4096, "SQLite format 3", 15) != 0,
	   "no SQLite header in the clear, at 0 or at 4096");
	free(buf);
}

static void
test_secrets(const char *recovery)
{
	uint8_t before[32], after[32];
	struct vault *v;
	char wrong[40];

	file_hash(DB, before);
	ok(open_pass(DB, "wrong horse") == NULL && e.code == RELTO_EAUTH,
	   "a wrong passphrase is refused as such");
	is(e.msg, "wrong passphrase", "with a one-line message");
	file_hash(DB, after);
	cmp_mem(after, before, 32, "the file is unchanged byte for byte");

	v = open_pass(DB, "correct horse");
	ok(v != NULL && count(v, "SELECT count(*) FROM t WHERE body = '" CANARY
				 "'") == 1,
	   "the right passphrase opens it and the canary reads back");
	ok(open_pass(DB, "correct horse") == NULL && e.code == RELTO_EBUSY,
	   "a second opener is told the store is busy, not made to wait");
	vault_close(v);

	v = NULL;
	ok(vault_open(DB, KEYBLOCK_RECOVERY, recovery, strlen(recovery), &v,
		      &e) == RELTO_OK,
	   "the recovery key opens it");
	vault_close(v);
	memcpy(wrong, recovery, 40);
	wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
	v = NULL;
	ok(vault_open(DB, KEYBLOCK_RECOVERY, wrong, strlen(wrong), &v, &e) ==
	       RELTO_EAUTH,
	   "a wrong recovery key is refused");
	ok(vault_open(DB, KEYBLOCK_RECOVERY, "not-a-key", 9, &v, &e) ==
	       RELTO_EAUTH,
	   "a malformed recovery key is refused");
}

static void
test_passwd(void)
{
	unsigned char *a, *b;
	size_t na, nb;
	struct vault *v = open_pass(DB, "correct horse");

	a = test_slurp(DB, &na);
	ok(v != NULL &&
	       vault_passwd(v, "battery staple", 14, NULL, &e) == RELTO_OK,
	   "change the passphrase");
	b = test_slurp(DB, &nb);
	ok(a != NULL && b != NULL && na == nb &&
	       memcmp(a + 4096, b + 4096, na - 4096) == 0,
	   "only the key block changed");
	ok(a != NULL && b != NULL && memcmp(a, b, 4096) != 0,
	   "the key block did change");
	free(a);
	free(b);
	vault_close(v);
	ok(open_pass(DB, "correct horse") == NULL && e.code == RELTO_EAUTH,
	   "the old passphrase no longer opens it");
	v = open_pass(DB, "battery staple");
	ok(v != NULL, "the new passphrase opens it");
	vault_close(v);
}

/* A crash between writing the new slot and erasing the old one. */
static void
test_interrupted_passwd(void)
{
	struct vault *v = open_pass(DB, "battery staple");
	unsigned char *before, *after;
	size_t n, m;
	int fd;

	before = test_slurp(DB, &n);
	vault_passwd(v, "third pass", 10, NULL, &e);
	vault_close(v);
	after = test_slurp(DB, &m);
	/* Put the old slots back except the new one: both now valid. */
	fd = open(DB, O_RDWR);
	if (before != NULL && after != NULL && fd >= 0) {
		unsigned char kb[4096];
		int i;

		memcpy(kb, after, 4096);
		for (i = 0; i < 2; i++)
			if (memcmp(after + 512 + i * 256, "SLOT", 4) != 0)
				memcpy(kb + 512 + i * 256,
				       before + 512 + i * 256, 256);
		if (pwrite(fd, kb, 4096, 0) != 4096)
			diag("pwrite failed");
	}
	if (fd >= 0)
		close(fd);
	free(before);
	free(after);
	ok(open_pass(DB, "battery staple") == NULL && e.code == RELTO_EAUTH,
	   "after an interrupted change, the old passphrase loses to the new");
	v = open_pass(DB, "third pass");
	ok(v != NULL, "and the new one opens the store");
	vault_close(v);
	ok(open_pass(DB, "battery staple") == NULL,
	   "opening erased the stale slot for good");
}

static void
test_tamper(void)
{
	static const long offsets[] = {
	    4096,        4096 + 100,  4096 + 4063, 4096 + 4064,
	    4096 + 4075, 4096 + 4076, 4096 + 4091, 4096 + 4092,
	    4096 + 4095, 8192 + 17,   8192 + 4080,
	};
	const char *copy = DIR "/tamper.relto";
	struct vault_report r;
	struct vault *v;
	size_t i, caught = 0;
	int opened;

	for (i = 0; i < sizeof offsets / sizeof offsets[0]; i++) {
		copy_file(DB, copy);
		flip(copy, offsets[i]);
		v = open_pass(copy, "third pass");
		opened = v != NULL;
		if (v != NULL) {
			vault_verify(v, &r, &e);
			if (r.bad_pages > 0)
				caught++;
			else
				diag("flip at %ld not caught", offsets[i]);
			vault_close(v);
		} else if (e.code == RELTO_ECORRUPT &&
			   strstr(e.msg, "page") != NULL)
			caught++;
		else
			diag("flip at %ld: %s", offsets[i], e.msg);
		(void)opened;
	}
	is_int((long long)caught,
	       (long long)(sizeof offsets / sizeof offsets[0]),
	       "every flipped byte is caught (body, nonce, tag, spare)");

	copy_file(DB, copy);
	flip(copy, 4096 + 10);
	ok(open_pass(copy, "third pass") == NULL &&
	       strstr(e.msg, "page 1 ") != NULL,
	   "a damaged page 1 is named: %s", e.msg);
	unlink(copy);
}

/* Every 37th byte of the whole file, key block included. */
static void
test_sweep(void)
{
	const char *copy = DIR "/sweep.relto";
	struct vault_report r;
	struct vault *v;
	size_t size, tried = 0, caught = 0;
	unsigned char *orig = test_slurp(DB, &size);
	long off;

	free(orig);
	for (off = 0; off < (long)size; off += 37) {
		copy_file(DB, copy);
		flip(copy, off);
		tried++;
		v = open_pass(copy, "third pass");
		if (v == NULL) {
			caught++;
			continue;
		}
		if (vault_verify(v, &r, &e) == RELTO_OK &&
		    (r.bad_pages > 0 || !r.keyblock_ok || !r.length_ok ||
		     !r.count_ok))
			caught++;
		else
			diag("flip at %ld went unnoticed", off);
		vault_close(v);
	}
	unlink(copy);
	ok(tried > 300 && caught == tried,
	   "tamper sweep: %zu of %zu single-byte flips caught", caught, tried);
}

static void
test_swap_truncate(void)
{
	const char *copy = DIR "/swap.relto";
	unsigned char a[4096], b[4096];
	struct vault_report r;
	struct vault *v;
	int fd;

	copy_file(DB, copy);
	fd = open(copy, O_RDWR);
	if (pread(fd, a, 4096, 8192) != 4096 ||
	    pread(fd, b, 4096, 12288) != 4096 ||
	    pwrite(fd, b, 4096, 8192) != 4096 ||
	    pwrite(fd, a, 4096, 12288) != 4096)
		diag("swap failed");
	close(fd);
	v = open_pass(copy, "third pass");
	memset(&r, 0, sizeof r);
	if (v != NULL)
		vault_verify(v, &r, &e);
	ok(v != NULL && r.bad_pages == 2 && r.first_bad[0] == 2 &&
	       r.first_bad[1] == 3,
	   "two swapped pages are both caught, by number");
	vault_close(v);

	copy_file(DB, copy);
	if (truncate(copy, 4096 + 2 * 4096) != 0)
		diag("truncate failed");
	v = open_pass(copy, "third pass");
	memset(&r, 0, sizeof r);
	r.count_ok = 1;
	if (v != NULL)
		vault_verify(v, &r, &e);
	ok(v == NULL || !r.count_ok,
	   "a file cut short by a page is caught (%s)",
	   v == NULL ? e.msg : "page count");
	vault_close(v);

	copy_file(DB, copy);
	if (truncate(copy, 4096 + 2 * 4096 + 100) != 0)
		diag("truncate failed");
	v = open_pass(copy, "third pass");
	memset(&r, 0, sizeof r);
	r.length_ok = 1;
	if (v != NULL)
		vault_verify(v, &r, &e);
	ok(v == NULL || !r.length_ok || r.bad_pages > 0,
	   "a file cut mid-page is caught");
	vault_close(v);
	unlink(copy);
}

static void
test_not_a_store(void)
{
	const char *path = DIR "/plain.db";
	sqlite3 *db;
	struct vault *v;
	FILE *f;

	unlink(path);
	if (sqlite3_open(path, &db) == SQLITE_OK)
		sqlite3_exec(db, "CREATE TABLE x(y)", NULL, NULL, NULL);
	sqlite3_close(db);
	v = open_pass(path, "x");
	ok(v == NULL && e.code == RELTO_ENOTSTORE &&
	       strstr(e.msg, "plain SQLite") != NULL,
	   "a plain SQLite file is named as such: %s", e.msg);
	f = fopen(path, "w");
	if (f != NULL) {
		fputs("hello\n", f);
		fclose(f);
	}
	ok(open_pass(path, "x") == NULL && e.code == RELTO_ENOTSTORE,
	   "a text file is not a relto store: %s", e.msg);
	ok(open_pass(DIR "/nonexistent", "x") == NULL &&
	       strstr(e.msg, "relto init") != NULL,
	   "a missing store says how to create one");
	unlink(path);
}

static void
test_sql_features(void)
{
	struct vault *v = open_pass(DB, "third pass");
	int reserve = -1;

	ok(v != NULL && exec(v, "VACUUM") == SQLITE_OK, "VACUUM works");
	if (v != NULL)
		sqlite3_file_control(vault_db(v), "main",
				     SQLITE_FCNTL_RESERVE_BYTES, &reserve);
	is_int(reserve, 32, "VACUUM keeps 32 reserved bytes per page");
	vault_close(v);
	ok(!test_file_has(DB, CANARY), "VACUUM keeps the file sealed");
	v = open_pass(DB, "third pass");
	ok(v != NULL && count(v, "SELECT count(*) FROM t") == 1,
	   "the data survived VACUUM");

	/* 40 MB through a sort that cannot fit the page cache. */
	ok(v != NULL &&
	       exec(v, "PRAGMA cache_size=-1024;"
		       "CREATE TABLE big(k, v);"
		       "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 "
		       "FROM c WHERE i < 20000) "
		       "INSERT INTO big SELECT random(), randomblob(2000) "
		       "FROM c;") == SQLITE_OK,
	   "40 MB inserted");
	ok(v != NULL && count(v, "SELECT count(*) FROM (SELECT k, v FROM big "
				 "ORDER BY k, v)") == 20000,
	   "a large ORDER BY works without a temporary file");
	ok(v != NULL && count(v, "SELECT count(DISTINCT v) FROM big") == 20000,
	   "and so does a large DISTINCT");
	ok(v != NULL && exec(v, "DROP TABLE big; VACUUM;") == SQLITE_OK,
	   "drop it again");
	vault_close(v);
}

static void
test_journals(void)
{
	struct vault *v = open_pass(DB, "third pass");
	int rc;

	/* Mid-transaction: pages spill to the file, images to the journal. */
	rc = v != NULL ? exec(v, "PRAGMA cache_size=10; BEGIN;"
				 "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL "
				 "SELECT i+1 FROM c WHERE i < 3000) "
				 "INSERT INTO t(body) SELECT '" CANARY
				 "' || i FROM c;"
				 "UPDATE t SET body = body || 'x';")
		       : -1;
	ok(rc == SQLITE_OK, "a large transaction is open");
	ok(access(DB "-journal", F_OK) == 0, "it has a rollback journal");
	ok(!test_file_has(DB, CANARY) && !test_file_has(DB "-journal", CANARY),
	   "mid-transaction, neither the store nor its journal holds the "
	   "canary");
	ok(v != NULL && exec(v, "ROLLBACK") == SQLITE_OK &&
	       count(v, "SELECT count(*) FROM t") == 1,
	   "rollback through the sealed journal restores the store");
	vault_close(v);

	v = open_pass(DB, "third pass");
	ok(v != NULL && vault_set_journal(v, VAULT_WAL, &e) == RELTO_OK,
	   "switch to WAL");
	rc = v != NULL
		 ? exec(v, "INSERT INTO t(body) VALUES ('" CANARY "-wal');")
		 : -1;
	ok(rc == SQLITE_OK && access(DB "-wal", F_OK) == 0,
	   "a write goes to the WAL");
	ok(!test_file_has(DB "-wal", CANARY) && !test_file_has(DB, CANARY),
	   "the WAL holds no canary");
	vault_close(v);
	v = open_pass(DB, "third pass");
	ok(v != NULL && count(v, "SELECT count(*) FROM t") == 2,
	   "WAL content is there after reopening");
	ok(v != NULL && vault_set_journal(v, VAULT_ROLLBACK, &e) == RELTO_OK,
	   "back to the rollback journal");
	vault_close(v);
}

int
main(void)
{
	char recovery[KEYBLOCK_RECOVERY_TEXT];

	if (crypto_init(&e) != RELTO_OK) {
		printf("1..0 # SKIP %s\n", e.msg);
		return 0;
	}
	mkdir("tests/tmp", 0700);
	mkdir(DIR, 0700);
	unlink(DB);
	unlink(DB "-journal");
	test_create(recovery);
	test_secrets(recovery);
	test_passwd();
	test_interrupted_passwd();
	test_tamper();
	test_sweep();
	test_swap_truncate();
	test_not_a_store();
	test_sql_features();
	test_journals();
	return exit_status();
}
