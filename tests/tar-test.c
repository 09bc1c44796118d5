/*
 * tar-test.c -- tar.c: write and read back (sizes 0, 1, 511, 512, 513,
 * 100000, long names through the prefix field), determinism, the header
 * bytes, the writer's refusals, and the reader's refusals of hostile
 * headers built here by hand, of bad checksums, of limits, of trailing
 * garbage and of every kind of truncation.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tar.h"
#include "tap.h"

struct sink {
	uint8_t *p;
	size_t n, cap;
	int fail_after; /* fail the write that would pass this many bytes */
};

struct source {
	const uint8_t *p;
	size_t n, off, chunk;
};

static int
sink_write(void *arg, const void *buf, size_t n)
{
	struct sink *s = arg;

	if (s->fail_after > 0 && s->n + n > (size_t)s->fail_after)
		return -1;
	if (s->n + n > s->cap) {
		s->cap = (s->n + n) * 2;
		s->p = realloc(s->p, s->cap);
		if (s->p == NULL)
			return -1;
	}
	memcpy(s->p + s->n, buf, n);
	s->n += n;
	return 0;
}

static ssize_t
source_read(void *arg, void *buf, size_t n)
{
	struct source *s = arg;

	if (n > s->n - s->off)
		n = s->n - s->off;
	if (s->chunk > 0 && n > s->chunk)
		n = s->chunk;
	memcpy(buf, s->p + s->off, n);
	s->off += n;
	return (ssize_t)n;
}

static uint8_t *
pattern(size_t n, unsigned seed)
{
	uint8_t *p = malloc(n + 1);
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(i * 31 + seed * 7 + (i >> 9));
	return p;
}

struct file {
	const char *name;
	size_t size;
};

static char long100[101], long150[151], long255[256];

static const struct file files[] = {
    {"empty", 0},       {"one", 1},           {"dir/five-eleven", 511},
    {"dir/block", 512}, {"dir/sub/513", 513}, {"big.bin", 100000},
    {long100, 7},       {long150, 600},       {long255, 3},
};
#define NFILES (sizeof files / sizeof files[0])

static void
make_names(void)
{
	memset(long100, 'n', 100);
	/* 49 bytes, '/', 100 bytes: needs the prefix field. */
	memset(long150, 'p', 150);
	long150[49] = '/';
	/* 155-byte prefix, '/', 99-byte name: the longest a name can be. */
	memset(long255, 'q', 255);
	long255[60] = '/';
	long255[155] = '/';
}

/* The archive of files[], the big one streamed in odd pieces. */
static int
build(struct sink *s, int64_t mtime)
{
	struct tar_writer w;
	struct relto_err e;
	uint8_t *d;
	size_t i, j, k;
	int rc = RELTO_OK;

	memset(s, 0, sizeof *s);
	tar_writer_init(&w, sink_write, s);
	for (i = 0; i < NFILES && rc == RELTO_OK; i++) {
		d = pattern(files[i].size, (unsigned)i);
		if (files[i].size != 100000) {
			rc = tar_add(&w, files[i].name, d, files[i].size, mtime,
				     &e);
		} else {
			rc = tar_add_begin(&w, files[i].name, files[i].size,
					   mtime, &e);
			for (j = 0; rc == RELTO_OK && j < files[i].size;
			     j += k) {
				k = files[i].size - j < 777 ? files[i].size - j
							    : 777;
				rc = tar_add_data(&w, d + j, k, &e);
			}
			if (rc == RELTO_OK)
				rc = tar_add_end(&w, &e);
		}
		free(d);
	}
	if (rc == RELTO_OK)
		rc = tar_finish(&w, &e);
	if (rc != RELTO_OK)
		diag("build: %s", e.msg);
	tar_writer_free(&w);
	return rc;
}

/* Read one entry's data whole, in pieces of at most piece bytes. */
static uint8_t *
slurp_entry(struct tar_reader *r, size_t size, size_t piece,
	    struct relto_err *e)
{
	uint8_t *d = malloc(size + 1);
	size_t got = 0;
	ssize_t k;

	while ((k = tar_reader_read(r, d + got,
				    size - got < piece ? size - got : piece,
				    e)) > 0)
		got += (size_t)k;
	if (k < 0 || got != size) {
		free(d);
		return NULL;
	}
	return d;
}

static int
read_back(const struct sink *s, size_t chunk, size_t piece)
{
	struct source src = {s->p, s->n, 0, chunk};
	struct tar_reader r;
	struct tar_entry ent;
	struct relto_err e;
	uint8_t *want, *got;
	size_t i = 0;
	int rc, good = 1;

	tar_reader_init(&r, source_read, &src, NULL);
	while (good && (rc = tar_reader_next(&r, &ent, &e)) == 1) {
		good = i < NFILES && strcmp(ent.name, files[i].name) == 0 &&
		       ent.size == files[i].size && ent.mode == 0644 &&
		       ent.mtime == 1700000000;
		want = pattern(files[i].size, (unsigned)i);
		got = good ? slurp_entry(&r, ent.size, piece, &e) : NULL;
		good = got != NULL && memcmp(got, want, ent.size) == 0;
		free(want);
		free(got);
		i++;
	}
	if (good && rc != 0)
		diag("read_back: %s", e.msg);
	tar_reader_free(&r);
	return good && rc == 0 && i == NFILES;
}

static void
test_round_trip(void)
{
	struct sink a, b;
	size_t want = 1024, i;

	for (i = 0; i < NFILES; i++)
		want += 512 + (files[i].size + 511) / 512 * 512;
	is_int(build(&a, 1700000000), RELTO_OK, "write nine files");
	is_int((long long)a.n, (long long)want,
	       "headers, padded data and two zero blocks, nothing more");
	ok(read_back(&a, 0, 65536), "read back whole");
	ok(read_back(&a, 1, 100), "read back one byte per callback");
	ok(read_back(&a, 4096, 3), "read back in 3-byte pieces");
	is_int(build(&b, 1700000000), RELTO_OK, "write them again");
	ok(a.n == b.n && memcmp(a.p, b.p, a.n) == 0,
	   "the same input gives the same bytes");
	free(b.p);
	is_int(build(&b, 1700000001), RELTO_OK, "another mtime");
	ok(a.n == b.n && memcmp(a.p, b.p, a.n) != 0, "changes the bytes");
	free(b.p);
	free(a.p);
}

static void
test_header_bytes(void)
{
	struct sink s = {0};
	struct tar_writer w;
	struct relto_err e;
	unsigned sum = 0;
	size_t i;
	char chk[8];

	tar_writer_init(&w, sink_write, &s);
	tar_add(&w, "f.txt", "hello\n", 6, 0, &e);
	tar_finish(&w, &e);
	tar_writer_free(&w);
	cmp_mem(s.p, "f.txt\0", 6, "name");
	cmp_mem(s.p + 100,
		"0000644\0"
		"0000000\0"
		"0000000\0",
		24, "mode 0644, uid 0, gid 0");
	cmp_mem(s.p + 124,
		"00000000006\0"
		"00000000000\0",
		24, "size and mtime in eleven octal digits");
	is_int(s.p[156], '0', "typeflag 0");
	cmp_mem(s.p + 257,
		"ustar\0"
		"00",
		8, "POSIX magic and version");
	cmp_mem(s.p + 329,
		"0000000\0"
		"0000000\0",
		16, "devmajor, devminor");
	for (i = 0; i < 512; i++)
		sum += i >= 148 && i < 156 ? ' ' : s.p[i];
	snprintf(chk, sizeof chk, "%06o", sum);
	cmp_mem(s.p + 148, chk, 7, "checksum, NUL");
	is_int(s.p[155], ' ', "and space");
	cmp_mem(s.p + 512, "hello\n\0\0", 8, "data, zero-padded");
	free(s.p);
}

static int
writer_refuses(const char *name, size_t size, int64_t mtime)
{
	struct sink s = {0};
	struct tar_writer w;
	struct relto_err e;
	int rc;

	tar_writer_init(&w, sink_write, &s);
	rc = tar_add_begin(&w, name, size, mtime, &e);
	if (rc != RELTO_OK)
		diag("%s", e.msg);
	tar_writer_free(&w);
	free(s.p);
	return rc != RELTO_OK && s.n == 0;
}

static void
test_writer_names(void)
{
	static const char *bad[] = {
	    "",
	    "/etc/passwd",
	    "..",
	    "../x",
	    "a/../b",
	    "./a",
	    "a/.",
	    "a//b",
	    "a/",
	    "tab\tx",
	    "nl\nx",
	    "del\x7f",
	    "\xc3\xa9t\xc3\xa9",
	    "back\\slash",
	};
	char n256[257], n200[201];
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ok(writer_refuses(bad[i], 1, 0), "writer refuses bad name %zu",
		   i);
	memset(n256, 'x', 256);
	n256[256] = '\0';
	ok(writer_refuses(n256, 1, 0), "a 256-byte name");
	memset(n200, 'x', 200);
	n200[200] = '\0';
	ok(writer_refuses(n200, 1, 0), "a 200-byte name with no '/'");
	n200[160] = '/';
	ok(writer_refuses(n200, 1, 0), "or one whose prefix would be 160");
	n200[160] = 'x';
	n200[150] = '/';
	ok(!writer_refuses(n200, 1, 0), "but takes a 150-byte prefix");
	ok(writer_refuses("x", 1, -1), "a negative mtime");
	ok(writer_refuses("x", TAR_NUM_MAX + 1, 0), "8 GiB");
	ok(!writer_refuses("x", TAR_NUM_MAX, 0), "but takes 8 GiB less 1");
}

static void
test_writer_misuse(void)
{
	struct sink s = {0};
	struct tar_writer w;
	struct relto_err e;

	tar_writer_init(&w, sink_write, &s);
	is_int(tar_add(&w, "x", "1", 1, 0, &e), RELTO_OK, "x");
	is_int(tar_add(&w, "x", "1", 1, 0, &e), RELTO_EINPUT,
	       "the same name twice: %s", e.msg);
	is_int(tar_add(&w, "y", "1", 1, 0, &e), RELTO_EUSAGE,
	       "a failed writer stays failed");
	tar_writer_free(&w);
	free(s.p);

	memset(&s, 0, sizeof s);
	tar_writer_init(&w, sink_write, &s);
	tar_add(&w, "d/f", "1", 1, 0, &e);
	is_int(tar_add(&w, "d", "1", 1, 0, &e), RELTO_EINPUT,
	       "a file where a directory is: %s", e.msg);
	tar_writer_free(&w);
	free(s.p);

	memset(&s, 0, sizeof s);
	tar_writer_init(&w, sink_write, &s);
	tar_add(&w, "d", "1", 1, 0, &e);
	is_int(tar_add(&w, "d/f", "1", 1, 0, &e), RELTO_EINPUT,
	       "a directory where a file is: %s", e.msg);
	tar_writer_free(&w);
	free(s.p);

	memset(&s, 0, sizeof s);
	tar_writer_init(&w, sink_write, &s);
	tar_add_begin(&w, "x", 3, 0, &e);
	is_int(tar_add_data(&w, "1234", 4, &e), RELTO_EUSAGE,
	       "more data than declared");
	tar_writer_free(&w);
	free(s.p);

	memset(&s, 0, sizeof s);
	tar_writer_init(&w, sink_write, &s);
	tar_add_begin(&w, "x", 3, 0, &e);
	tar_add_data(&w, "12", 2, &e);
	is_int(tar_add_end(&w, &e), RELTO_EUSAGE, "less data than declared");
	tar_writer_free(&w);
	free(s.p);

	memset(&s, 0, sizeof s);
	tar_writer_init(&w, sink_write, &s);
	is_int(tar_add_data(&w, "1", 1, &e), RELTO_EUSAGE,
	       "data before a header");
	tar_writer_free(&w);
	free(s.p);

	memset(&s, 0, sizeof s);
	tar_writer_init(&w, sink_write, &s);
	tar_add_begin(&w, "x", 3, 0, &e);
	is_int(tar_finish(&w, &e), RELTO_EUSAGE, "finish inside an entry");
	tar_writer_free(&w);
	free(s.p);

	memset(&s, 0, sizeof s);
	s.fail_after = 600;
	tar_writer_init(&w, sink_write, &s);
	is_int(tar_add(&w, "x", "123", 3, 0, &e), RELTO_EIO,
	       "a failing sink is an I/O error");
	tar_writer_free(&w);
	free(s.p);
}

/* ---- hostile archives ------------------------------------------------- */

static void
fix_sum(uint8_t *h)
{
	unsigned sum = 0;
	size_t i;

	for (i = 0; i < 512; i++)
		sum += i >= 148 && i < 156 ? ' ' : h[i];
	snprintf((char *)h + 148, 7, "%06o", sum);
	h[155] = ' ';
}

/* "a" (5 bytes) then "b" (600 bytes), fresh each time. */
static struct sink
two_files(void)
{
	struct sink s = {0};
	struct tar_writer w;
	struct relto_err e;
	uint8_t *d = pattern(600, 1);

	tar_writer_init(&w, sink_write, &s);
	tar_add(&w, "a", "hello", 5, 0, &e);
	tar_add(&w, "b", d, 600, 0, &e);
	tar_finish(&w, &e);
	tar_writer_free(&w);
	free(d);
	return s;
}

/* Read it all; the reader's verdict, with its message in e. */
static int
read_all(const uint8_t *p, size_t n, const struct tar_limits *lim,
	 struct relto_err *e)
{
	struct source src = {p, n, 0, 0};
	struct tar_reader r;
	struct tar_entry ent;
	struct relto_err again;
	uint8_t buf[256];
	int rc;

	tar_reader_init(&r, source_read, &src, lim);
	while ((rc = tar_reader_next(&r, &ent, e)) == 1)
		if (ent.name[0] == 'b' && tar_reader_read(&r, buf, 7, e) < 0)
			break;
	if (rc == 1)
		rc = -1;
	if (rc < 0 &&
	    (tar_reader_next(&r, &ent, &again) != -1 || again.code != e->code))
		rc = -2; /* a rejected reader must stay rejected */
	tar_reader_free(&r);
	return rc;
}

/* Patch len bytes at off of the second header ("b"), fix the sum. */
static int
patched(size_t off, const void *bytes, size_t len, int fix, const char *what)
{
	struct sink s = two_files();
	struct relto_err e;
	int rc;

	memcpy(s.p + 1024 + off, bytes, len);
	if (fix)
		fix_sum(s.p + 1024);
	rc = read_all(s.p, s.n, NULL, &e);
	diag("%s: %s", what, rc == -1 ? e.msg : "accepted");
	free(s.p);
	return rc == -1 && e.code == RELTO_EINPUT;
}

static void
test_hostile_types(void)
{
	static const char types[] = "1234567xgLKDMNSV";
	size_t i;
	char t[2] = {0, 0};

	for (i = 0; types[i] != '\0'; i++) {
		t[0] = types[i];
		ok(patched(156, t, 1, 1, t), "typeflag %c is refused", t[0]);
	}
	ok(patched(257, "ustar  \0", 8, 1, "GNU magic"), "GNU tar's magic");
	ok(patched(257, "ustaX\0", 6, 1, "bad magic"), "a wrong magic");
	ok(patched(263, "01", 2, 1, "version"), "a wrong version");
	ok(patched(157, "target", 6, 1, "linkname"), "a link name");
	ok(!patched(0, "b", 1, 1, "no-op"), "(control: a no-op patch reads)");
}

static void
test_hostile_names(void)
{
	struct sink s = two_files();
	struct relto_err e;
	char p155[155];

	memset(p155, 'p', sizeof p155);
	ok(!patched(345, p155, 155, 1, "prefix 155"),
	   "(control: a 155-byte prefix reads)");
	memcpy(s.p + 1024 + 345, p155, 155);
	memset(s.p + 1024, 'n', 100);
	fix_sum(s.p + 1024);
	is_int(read_all(s.p, s.n, NULL, &e), -1,
	       "a 155-byte prefix and a 100-byte name (256 bytes): %s", e.msg);
	free(s.p);
	ok(patched(0, "/etc/passwd", 12, 1, "absolute"), "an absolute name");
	ok(patched(0, "../x", 5, 1, "dotdot"), "a ../ name");
	ok(patched(0, "a/../b", 7, 1, "inner dotdot"), "an inner ..");
	ok(patched(0, "x/..", 5, 1, "trailing dotdot"), "a trailing ..");
	ok(patched(0, "d/", 3, 1, "trailing slash"), "a trailing slash");
	ok(patched(0, "\0", 1, 1, "empty"), "an empty name");
	ok(patched(0, "a\x01", 3, 1, "control"), "a control character");
	ok(patched(0, "\xc3\xa9", 3, 1, "utf-8"), "non-ASCII");
	ok(patched(0, "b\0hidden", 8, 1, "after NUL"), "bytes after the NUL");
	ok(patched(345, "..", 2, 1, "prefix dotdot"), "a prefix of ..");
	ok(patched(345, "/abs", 4, 1, "prefix absolute"), "an absolute prefix");
	ok(patched(0, "a", 1, 1, "duplicate"), "a name given twice");
}

static void
test_hostile_numbers(void)
{
	uint8_t b256[12] = {0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x58};

	ok(patched(124, "0000000001x\0", 12, 1, "size"), "a non-octal size");
	ok(patched(124, "00000000008\0", 12, 1, "size 8"), "an 8 in octal");
	ok(patched(124, b256, 12, 1, "base-256"), "a base-256 size");
	ok(patched(124, "\0\0\0\0\0\0\0\0\0\0\0\0", 12, 1, "empty size"),
	   "an empty size");
	ok(patched(124, " 0000001130\0", 12, 1, "leading space"),
	   "a size with a leading space");
	ok(patched(100, "0000x44\0", 8, 1, "mode"), "a non-octal mode");
	ok(patched(136, "0000000000-\0", 12, 1, "mtime"), "a bad mtime");
	ok(patched(329, "12x\0", 4, 1, "devmajor"), "a bad devmajor");
	ok(patched(148, "0000000\0", 8, 0, "zero checksum"), "checksum 0");
	ok(patched(148, "abcdef\0 ", 8, 0, "text checksum"),
	   "a non-octal checksum");
	ok(patched(1, "x", 1, 0, "checksum"), "a changed name, sum unfixed");
	ok(patched(300, "x", 1, 0, "gname"), "a changed gname, sum unfixed");
	ok(patched(124, "00000002001\0", 12, 1, "size +1 block"),
	   "a size a block longer (the end blocks then read as data)");
}

static void
test_padding_and_end(void)
{
	struct sink s = two_files();
	struct relto_err e;
	struct tar_limits lim = {0, 0, 0};
	uint8_t *p = malloc(s.n + 1024);

	memcpy(p, s.p, s.n);
	p[512 + 5] = 'x';
	is_int(read_all(p, s.n, NULL, &e), -1, "non-zero padding: %s", e.msg);
	memcpy(p, s.p, s.n);
	memset(p + s.n, 0, 1024);
	is_int(read_all(p, s.n + 1024, NULL, &e), 0,
	       "whole zero blocks after the end are record padding");
	is_int(read_all(p, s.n + 100, NULL, &e), -1,
	       "a part block after the end: %s", e.msg);
	p[s.n + 700] = 1;
	is_int(read_all(p, s.n + 1024, NULL, &e), -1,
	       "garbage after the end: %s", e.msg);
	memcpy(p + s.n - 512, s.p, 512);
	is_int(read_all(p, s.n, NULL, &e), -1,
	       "one zero block then a header: %s", e.msg);
	is_int(read_all(s.p, s.n, NULL, &e), 0, "(control: it reads)");
	lim.entry_max = 599;
	is_int(read_all(s.p, s.n, &lim, &e), -1, "entry limit: %s", e.msg);
	lim.entry_max = 600;
	is_int(read_all(s.p, s.n, &lim, &e), 0, "an entry at the limit");
	lim.total_max = 604;
	is_int(read_all(s.p, s.n, &lim, &e), -1, "total limit: %s", e.msg);
	lim.total_max = 605;
	is_int(read_all(s.p, s.n, &lim, &e), 0, "a total at the limit");
	lim.entries_max = 1;
	is_int(read_all(s.p, s.n, &lim, &e), -1, "count limit: %s", e.msg);
	free(p);
	free(s.p);
}

static void
test_truncation(void)
{
	struct sink s = two_files();
	struct relto_err e;
	size_t cut, bad = 0, tried = 0;

	for (cut = 0; cut < s.n; cut += cut < 2048 ? 1 : 97) {
		tried++;
		if (read_all(s.p, cut, NULL, &e) == -1 &&
		    e.code == RELTO_EINPUT)
			bad++;
		else
			diag("cut at %zu was accepted", cut);
	}
	is_int((long long)bad, (long long)tried,
	       "every truncation is refused (%zu cuts)", tried);
	is_int(read_all(s.p, s.n - 512, NULL, &e), -1, "one end block only: %s",
	       e.msg);
	is_int(read_all(s.p, 0, NULL, &e), -1, "empty input: %s", e.msg);
	free(s.p);
}

static void
test_skip(void)
{
	struct sink s = two_files();
	struct source src = {s.p, s.n, 0, 0};
	struct tar_reader r;
	struct tar_entry ent;
	struct relto_err e;
	uint8_t b[4];

	tar_reader_init(&r, source_read, &src, NULL);
	ok(tar_reader_next(&r, &ent, &e) == 1 && strcmp(ent.name, "a") == 0,
	   "first entry a");
	is_int((long long)tar_reader_read(&r, b, 2, &e), 2, "read part of it");
	ok(tar_reader_next(&r, &ent, &e) == 1 && strcmp(ent.name, "b") == 0 &&
	       ent.size == 600,
	   "next skips the rest");
	is_int(tar_reader_next(&r, &ent, &e), 0, "then the end, unread");
	is_int(tar_reader_next(&r, &ent, &e), 0, "and the end again");
	is_int((long long)tar_reader_read(&r, b, 2, &e), 0,
	       "no data at the end");
	tar_reader_free(&r);
	free(s.p);
}

int
main(void)
{
	make_names();
	test_round_trip();
	test_header_bytes();
	test_writer_names();
	test_writer_misuse();
	test_hostile_types();
	test_hostile_names();
	test_hostile_numbers();
	test_padding_and_end();
	test_truncation();
	test_skip();
	done_testing();
	return exit_status();
}
