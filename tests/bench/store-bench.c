/*
 * store-bench.c -- one storage workload, each operation timed alone, on
 * one SQLite engine per run.  tests/bench/store-bench.sh runs it and
 * tabulates; tests/bench/README says what the numbers mean.
 *
 * Two builds of this one file.  SQLCipher and the system SQLite export the
 * same symbols, so no binary can hold both:
 *
 *   store-bench            system SQLite and libcore: engines "plain"
 *                          (the unix VFS) and "vault" (relto's store)
 *   store-bench-sqlcipher  -DBENCH_SQLCIPHER, libsqlcipher, no vault code:
 *                          engines "sqlcipher" (raw 256-bit key) and
 *                          "sqlcipher-plain" (the same library, no key)
 *
 * Every engine runs with the vault's own pragmas (vault.c, vault_pragmas):
 * page_size 4096, locking_mode EXCLUSIVE, temp_store MEMORY, mmap_size 0,
 * secure_delete ON, foreign_keys ON, synchronous FULL, cell_size_check ON,
 * and journal_mode TRUNCATE ("rollback") or WAL ("wal"), plus cache_size
 * -2000 (2000 KiB, SQLite's default, which the vault does not change).
 * The vault's connection is used as vault_create leaves it; the others
 * get bench_pragmas.  Then the values are read back from each connection
 * and the run stops if one differs: when vault.c changes a pragma, this
 * file must follow, and cannot drift apart silently.
 *
 * The workload, with its sizes at scale 1.0 (they are multiplied by the
 * scale factor, at least 1 each):
 *
 *   bulk-insert  100000 rows, one transaction
 *   small-tx     1000 inserts, each its own (autocommit) transaction
 *   scan         SELECT sum(length(v)) FROM t, checked against the rows
 *   lookup       50000 point lookups by primary key, random ids, one
 *                prepared statement
 *   index        CREATE INDEX on k
 *   update       10000 updates of v by random id, in transactions of
 *                100: relto commits small batches, and a batch dirties
 *                more pages per commit than small-tx does
 *
 * A row is (id INTEGER PRIMARY KEY, k random INTEGER, v 100 bytes of
 * text).  The text is cut at a random offset from a pool filled before any
 * timing, so the timed loops only bind and step.  Random numbers come
 * from xorshift64* with a fixed seed: every engine sees the same rows, ids
 * and order.  The connection stays open from the first operation to the
 * last; closing (and the WAL's final checkpoint) is not timed.
 *
 * Output: one line per operation, "engine mode op seconds", on stdout.
 * Failures go to stderr with exit status 1.  After closing, the file's
 * first bytes are checked: plaintext SQLite for the plain engines, not for
 * the encrypted ones (so a SQLCipher build that ignored the key is caught).
 *
 * "store-bench unlock FILE [N]" creates a vault at FILE with the default
 * Argon2id settings, then times N (3) calls of vault_open, one line each:
 * "vault - unlock seconds".  "store-bench info" says what was built,
 * including "sanitized yes" when ASan or UBSan is in the program: such a
 * build measures the sanitizers, not the store.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef BENCH_SQLCIPHER
#if defined(__has_include)
#if __has_include(<sqlcipher/sqlite3.h>)
#include <sqlcipher/sqlite3.h>
#else
#include <sqlite3.h>
#endif
#else
#include <sqlite3.h>
#endif
#else
#include <sqlite3.h>

#include "crypto.h"
#include "keyblock.h"
#include "vault.h"
#endif

#define BENCH_ROWS    100000
#define BENCH_SMALL   1000
#define BENCH_LOOKUPS 50000
#define BENCH_UPDATES 10000
#define BENCH_BATCH   100
#define BENCH_VLEN    100
#define BENCH_POOL    65536
#define BENCH_SEED    0x9e3779b97f4a7c15ULL
#define BENCH_PASS    "bench passphrase"
/* A raw SQLCipher key: no PBKDF2 on open. */
#define BENCH_KEY                                                              \
	"PRAGMA key = \"x'000102030405060708090a0b0c0d0e0f"                    \
	"101112131415161718191a1b1c1d1e1f'\""

#if defined(__SANITIZE_ADDRESS__)
#define BENCH_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BENCH_ASAN 1
#endif
#endif
#ifndef BENCH_ASAN
#define BENCH_ASAN 0
#endif

/* Present only when a sanitizer runtime is linked in (libcore's too). */
extern void __asan_init(void) __attribute__((weak));
extern void __ubsan_handle_add_overflow(void) __attribute__((weak));

enum bench_engine {
	ENGINE_PLAIN,
	ENGINE_VAULT,
	ENGINE_CIPHER,
	ENGINE_CIPHER_PLAIN,
};

enum bench_mode {
	MODE_ROLLBACK,
	MODE_WAL,
};

struct bench {
	int engine;
	int mode;
	const char *engine_name;
	const char *mode_name;
	const char *path;
	sqlite3 *db;
#ifndef BENCH_SQLCIPHER
	struct vault *v;
#endif
	long rows, small, lookups, updates;
	uint64_t rng;
	char pool[BENCH_POOL + BENCH_VLEN];
};

typedef void bench_op(struct bench *b);

/* vault.c's vault_pragmas, and the cache size the vault leaves alone. */
static const char bench_pragmas[] = "PRAGMA locking_mode=EXCLUSIVE;"
				    "PRAGMA temp_store=MEMORY;"
				    "PRAGMA mmap_size=0;"
				    "PRAGMA secure_delete=ON;"
				    "PRAGMA foreign_keys=ON;"
				    "PRAGMA synchronous=FULL;"
				    "PRAGMA cell_size_check=ON;"
				    "PRAGMA journal_mode=TRUNCATE;";

/* Page cache in KiB for every engine: $BENCH_CACHE_KIB, else 2000. */
static long
bench_cache_kib(void)
{
	const char *env = getenv("BENCH_CACHE_KIB");
	long v = env != NULL ? atol(env) : 0;

	return v > 0 ? v : 2000;
}

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)))
__attribute__((noreturn));

static void
die(const char *fmt, ...)
{
	va_list ap;

	fputs("store-bench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static uint64_t
rng_next(struct bench *b)
{
	b->rng ^= b->rng >> 12;
	b->rng ^= b->rng << 25;
	b->rng ^= b->rng >> 27;
	return b->rng * 0x2545f4914f6cdd1dULL;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
sanitized(void)
{
	return BENCH_ASAN || __asan_init != NULL ||
	       __ubsan_handle_add_overflow != NULL;
}

/* ---- SQLite calls that stop the run on failure ---------------------- */

static void
fail(struct bench *b, int rc, const char *what)
{
#ifndef BENCH_SQLCIPHER
	struct relto_err e;

	if (b->v != NULL) {
		vault_error(b->v, rc, &e);
		die("%s %s: %s: %s", b->engine_name, b->mode_name, what, e.msg);
	}
#endif
	die("%s %s: %s: %s", b->engine_name, b->mode_name, what,
	    b->db != NULL ? sqlite3_errmsg(b->db) : sqlite3_errstr(rc));
}

static void
exec(struct bench *b, const char *sql)
{
	int rc = sqlite3_exec(b->db, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		fail(b, rc, sql);
}

static sqlite3_stmt *
prepare(struct bench *b, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(b->db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		fail(b, rc, sql);
	return st;
}

/* Step a statement that returns no row, and reset it. */
static void
step_done(struct bench *b, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE)
		fail(b, rc, sqlite3_sql(st));
	sqlite3_reset(st);
}

/* The first column of a pragma's first row, or "" when it has none. */
static void
pragma_value(struct bench *b, const char *name, char *out, size_t n)
{
	char sql[64];
	sqlite3_stmt *st;
	const unsigned char *t;

	snprintf(sql, sizeof sql, "PRAGMA %s", name);
	st = prepare(b, sql);
	out[0] = '\0';
	if (sqlite3_step(st) == SQLITE_ROW &&
	    (t = sqlite3_column_text(st, 0)) != NULL)
		snprintf(out, n, "%s", (const char *)t);
	sqlite3_finalize(st);
}

/* ---- opening each engine -------------------------------------------- */

static void
open_sqlite(struct bench *b)
{
	int rc =
	    sqlite3_open_v2(b->path, &b->db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "unix");

	if (rc != SQLITE_OK)
		fail(b, rc, "open");
}

#ifdef BENCH_SQLCIPHER
static void
require_sqlcipher(struct bench *b)
{
	char version[64];

	pragma_value(b, "cipher_version", version, sizeof version);
	if (version[0] == '\0')
		die("this library is not SQLCipher (no cipher_version)");
}

static void
open_engine(struct bench *b)
{
	open_sqlite(b);
	require_sqlcipher(b);
	if (b->engine == ENGINE_CIPHER) {
		exec(b, BENCH_KEY);
		exec(b, "PRAGMA cipher_page_size=4096");
	}
	exec(b, "PRAGMA page_size=4096");
	exec(b, bench_pragmas);
}
#else
static void
open_vault(struct bench *b)
{
	static const struct keyblock_kdf cheap = {1, 1024, 1};
	char recovery[KEYBLOCK_RECOVERY_TEXT];
	struct relto_err e;

	if (crypto_init(&e) != RELTO_OK ||
	    vault_create(b->path, BENCH_PASS, strlen(BENCH_PASS), &cheap,
			 recovery, &b->v, &e) != RELTO_OK)
		die("vault %s: %s", b->mode_name, e.msg);
	b->db = vault_db(b->v);
}

static void
open_engine(struct bench *b)
{
	if (b->engine == ENGINE_VAULT) {
		open_vault(b);
		return;
	}
	open_sqlite(b);
	exec(b, "PRAGMA page_size=4096");
	exec(b, bench_pragmas);
}
#endif

/* The same page cache for every engine, the vault included. */
static void
set_cache(struct bench *b)
{
	char sql[64];

	snprintf(sql, sizeof sql, "PRAGMA cache_size=%ld", -bench_cache_kib());
	exec(b, sql);
}

static void
set_journal(struct bench *b)
{
#ifndef BENCH_SQLCIPHER
	struct relto_err e;

	if (b->v != NULL) {
		if (b->mode == MODE_WAL &&
		    vault_set_journal(b->v, VAULT_WAL, &e) != RELTO_OK)
			die("vault %s: %s", b->mode_name, e.msg);
		return;
	}
#endif
	if (b->mode == MODE_WAL)
		exec(b, "PRAGMA journal_mode=WAL");
}

static void
expect_pragma(struct bench *b, const char *name, const char *want)
{
	char got[64];

	pragma_value(b, name, got, sizeof got);
	/* SQLite built without mmap answers nothing: that is 0 too. */
	if (strcmp(name, "mmap_size") == 0 && got[0] == '\0')
		snprintf(got, sizeof got, "0");
	if (strcmp(got, want) != 0)
		die("%s %s: PRAGMA %s is '%s', not '%s'", b->engine_name,
		    b->mode_name, name, got, want);
}

static void
check_pragmas(struct bench *b)
{
	expect_pragma(b, "page_size", "4096");
	expect_pragma(b, "locking_mode", "exclusive");
	expect_pragma(b, "temp_store", "2");
	expect_pragma(b, "mmap_size", "0");
	expect_pragma(b, "secure_delete", "1");
	expect_pragma(b, "foreign_keys", "1");
	expect_pragma(b, "synchronous", "2");
	expect_pragma(b, "cell_size_check", "1");
	{
		char want[32];

		snprintf(want, sizeof want, "%ld", -bench_cache_kib());
		expect_pragma(b, "cache_size", want);
	}
	expect_pragma(b, "journal_mode",
		      b->mode == MODE_WAL ? "wal" : "truncate");
}

static void
setup(struct bench *b)
{
	open_engine(b);
	set_cache(b);
	set_journal(b);
	exec(b, "CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER NOT NULL, "
		"v TEXT NOT NULL)");
	check_pragmas(b);
}

static void
teardown(struct bench *b)
{
#ifndef BENCH_SQLCIPHER
	if (b->v != NULL) {
		vault_close(b->v);
		b->v = NULL;
		b->db = NULL;
		return;
	}
#endif
	if (sqlite3_close(b->db) != SQLITE_OK)
		fail(b, SQLITE_BUSY, "close");
	b->db = NULL;
}

/* Encrypted engines must not leave a plaintext SQLite header. */
static void
check_file(const struct bench *b)
{
	static const char magic[16] = "SQLite format 3";
	char head[16] = {0};
	FILE *f = fopen(b->path, "rb");
	int plain, want_plain;

	if (f == NULL || fread(head, 1, sizeof head, f) != sizeof head)
		die("%s: cannot read back %s", b->engine_name, b->path);
	fclose(f);
	plain = memcmp(head, magic, sizeof magic) == 0;
	want_plain =
	    b->engine == ENGINE_PLAIN || b->engine == ENGINE_CIPHER_PLAIN;
	if (plain != want_plain)
		die("%s: %s %s a plaintext SQLite header", b->engine_name,
		    b->path, plain ? "has" : "lacks");
}

/* ---- the operations ---------------------------------------------- */

static void
bind_row(struct bench *b, sqlite3_stmt *st, long id)
{
	uint64_t r = rng_next(b);

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)(r >> 33));
	sqlite3_bind_text(st, 3, b->pool + (r & (BENCH_POOL - 1)), BENCH_VLEN,
			  SQLITE_STATIC);
}

static void
op_bulk_insert(struct bench *b)
{
	sqlite3_stmt *st = prepare(b, "INSERT INTO t(id, k, v) VALUES(?,?,?)");
	long i;

	exec(b, "BEGIN");
	for (i = 1; i <= b->rows; i++) {
		bind_row(b, st, i);
		step_done(b, st);
	}
	exec(b, "COMMIT");
	sqlite3_finalize(st);
}

static void
op_small_tx(struct bench *b)
{
	sqlite3_stmt *st = prepare(b, "INSERT INTO t(id, k, v) VALUES(?,?,?)");
	long i;

	for (i = 1; i <= b->small; i++) {
		bind_row(b, st, b->rows + i);
		step_done(b, st);
	}
	sqlite3_finalize(st);
}

static void
op_scan(struct bench *b)
{
	sqlite3_stmt *st = prepare(b, "SELECT sum(length(v)) FROM t");
	sqlite3_int64 want = (sqlite3_int64)(b->rows + b->small) * BENCH_VLEN;
	int rc = sqlite3_step(st);

	if (rc != SQLITE_ROW)
		fail(b, rc, "scan");
	if (sqlite3_column_int64(st, 0) != want)
		die("%s %s: scan: sum %lld, not %lld", b->engine_name,
		    b->mode_name, (long long)sqlite3_column_int64(st, 0),
		    (long long)want);
	sqlite3_finalize(st);
}

static long
random_id(struct bench *b)
{
	return (long)(rng_next(b) % (uint64_t)(b->rows + b->small)) + 1;
}

static void
op_lookup(struct bench *b)
{
	sqlite3_stmt *st = prepare(b, "SELECT k, length(v) FROM t WHERE id=?");
	long i;
	int rc;

	for (i = 0; i < b->lookups; i++) {
		sqlite3_bind_int64(st, 1, random_id(b));
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW || sqlite3_column_int(st, 1) != BENCH_VLEN)
			fail(b, rc, "lookup");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
}

static void
op_index(struct bench *b)
{
	exec(b, "CREATE INDEX t_k ON t(k)");
}

static void
op_update(struct bench *b)
{
	sqlite3_stmt *st = prepare(b, "UPDATE t SET v=? WHERE id=?");
	long i;

	for (i = 0; i < b->updates; i++) {
		if (i % BENCH_BATCH == 0)
			exec(b, "BEGIN");
		sqlite3_bind_text(st, 1,
				  b->pool + (rng_next(b) & (BENCH_POOL - 1)),
				  BENCH_VLEN, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, random_id(b));
		step_done(b, st);
		if (sqlite3_changes(b->db) != 1)
			die("%s %s: update changed no row", b->engine_name,
			    b->mode_name);
		if (i % BENCH_BATCH == BENCH_BATCH - 1 || i == b->updates - 1)
			exec(b, "COMMIT");
	}
	sqlite3_finalize(st);
}

static void
timed(struct bench *b, const char *name, bench_op *op)
{
	double t0 = now();

	op(b);
	printf("%s %s %s %.6f\n", b->engine_name, b->mode_name, name,
	       now() - t0);
	fflush(stdout);
}

static void
run(struct bench *b)
{
	setup(b);
	timed(b, "bulk-insert", op_bulk_insert);
	timed(b, "small-tx", op_small_tx);
	timed(b, "scan", op_scan);
	timed(b, "lookup", op_lookup);
	timed(b, "index", op_index);
	timed(b, "update", op_update);
	teardown(b);
	check_file(b);
}

/* ---- command line ---------------------------------------------------- */

static int
parse_engine(const char *s)
{
#ifdef BENCH_SQLCIPHER
	if (strcmp(s, "sqlcipher") == 0)
		return ENGINE_CIPHER;
	if (strcmp(s, "sqlcipher-plain") == 0)
		return ENGINE_CIPHER_PLAIN;
	die("engine '%s': this build has sqlcipher and sqlcipher-plain", s);
#else
	if (strcmp(s, "plain") == 0)
		return ENGINE_PLAIN;
	if (strcmp(s, "vault") == 0)
		return ENGINE_VAULT;
	die("engine '%s': this build has plain and vault "
	    "(SQLCipher is store-bench-sqlcipher)",
	    s);
#endif
}

static int
parse_mode(const char *s)
{
	if (strcmp(s, "rollback") == 0)
		return MODE_ROLLBACK;
	if (strcmp(s, "wal") == 0)
		return MODE_WAL;
	die("journal mode '%s': rollback or wal", s);
}

static long
scaled(long n, double scale)
{
	long v = (long)((double)n * scale + 0.5);

	return v < 1 ? 1 : v;
}

static double
parse_scale(const char *s)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !(v > 0) || v > 100)
		die("scale '%s': a number above 0, at most 100", s);
	return v;
}

static void
fill_pool(struct bench *b)
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz"
				       "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ";
	size_t i;

	for (i = 0; i < sizeof b->pool; i++)
		b->pool[i] = alphabet[rng_next(b) % (sizeof alphabet - 1)];
}

static void
info(void)
{
#ifdef BENCH_SQLCIPHER
	struct bench b = {
	    .engine_name = "info", .mode_name = "-", .path = ":memory:"};
	char version[64];

	open_sqlite(&b);
	pragma_value(&b, "cipher_version", version, sizeof version);
	sqlite3_close(b.db);
	printf("build sqlcipher\nsqlcipher %s\n",
	       version[0] != '\0' ? version : "missing");
#else
	printf("build plain\n");
#endif
	printf("sqlite %s\n", sqlite3_libversion());
	printf("sanitized %s\n", sanitized() ? "yes" : "no");
}

#ifndef BENCH_SQLCIPHER
static void
unlock(const char *path, int n)
{
	char recovery[KEYBLOCK_RECOVERY_TEXT];
	struct relto_err e;
	struct vault *v;
	double t0;
	int i;

	if (crypto_init(&e) != RELTO_OK ||
	    vault_create(path, BENCH_PASS, strlen(BENCH_PASS),
			 &keyblock_kdf_default, recovery, &v, &e) != RELTO_OK)
		die("unlock: %s", e.msg);
	vault_close(v);
	for (i = 0; i < n; i++) {
		t0 = now();
		if (vault_open(path, KEYBLOCK_PASSPHRASE, BENCH_PASS,
			       strlen(BENCH_PASS), &v, &e) != RELTO_OK)
			die("unlock: %s", e.msg);
		printf("vault - unlock %.6f\n", now() - t0);
		fflush(stdout);
		vault_close(v);
	}
}
#endif

static void
usage(void)
{
	fputs("usage: store-bench ENGINE rollback|wal SCALE FILE\n"
	      "       store-bench unlock FILE [N]\n"
	      "       store-bench info\n",
	      stderr);
	exit(2);
}

static void
run_command(int argc, char **argv)
{
	static struct bench b; /* the pool is too large for the stack */
	double scale;

	if (argc != 5)
		usage();
	b.engine = parse_engine(argv[1]);
	b.engine_name = argv[1];
	b.mode = parse_mode(argv[2]);
	b.mode_name = argv[2];
	scale = parse_scale(argv[3]);
	b.path = argv[4];
	b.rows = scaled(BENCH_ROWS, scale);
	b.small = scaled(BENCH_SMALL, scale);
	b.lookups = scaled(BENCH_LOOKUPS, scale);
	b.updates = scaled(BENCH_UPDATES, scale);
	b.rng = BENCH_SEED;
	fill_pool(&b);
	run(&b);
}

int
main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "info") == 0) {
		info();
		return 0;
	}
	if (argc >= 3 && strcmp(argv[1], "unlock") == 0) {
#ifdef BENCH_SQLCIPHER
		die("unlock: the vault is not in this build");
#else
		if (argc > 4)
			usage();
		unlock(argv[2], argc == 4 ? atoi(argv[3]) : 3);
		return 0;
#endif
	}
	run_command(argc, argv);
	return 0;
}
