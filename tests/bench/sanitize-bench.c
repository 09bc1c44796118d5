/*
 * sanitize-bench.c -- the sanitizer on a large text, against grep.
 * tests/bench/sanitize-bench.sh runs it; see there for what is compared.
 *
 *   sanitize-bench gen DIR MB NTERMS
 *	Write DIR/terms.txt (NTERMS distinct terms, one a line) and
 *	DIR/text.txt (MB * 2^20 bytes of report-like text: words from a
 *	vocabulary, with dictionary terms, coordinates, addresses, phone
 *	numbers, date-time groups and some non-ASCII words sprinkled in).
 *	A fixed-seed xorshift64*: the same arguments give the same bytes.
 *	No generated word holds '_', so grep -w and relto agree on words.
 *
 *   sanitize-bench scan terms|all|lines TERMS TEXT [LIMIT]
 *	Compile TERMS (each with action redact) and scan TEXT (its first
 *	LIMIT bytes if given) in 1 MiB windows with sanitize_scan_window(),
 *	so memory stays flat in the text's length.  "terms" turns every
 *	recognizer off, "all" leaves them on, "lines" is "terms" that also
 *	counts the lines holding a hit (what grep -c counts).  Prints one
 *	line: "hits N lines L compile S scan S maxrss KB bytes B".
 *
 *   sanitize-bench time OUT CMD [ARG...]
 *	Run CMD with its standard output in OUT; print "wall S maxrss KB"
 *	(CLOCK_MONOTONIC; the child's ru_maxrss).  Used for every engine,
 *	relto's included, so all are timed alike, start to exit.
 *
 *   sanitize-bench info
 *	"sanitized yes" when built with ASan or UBSan, else "sanitized no".
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sanitize.h"

#define CHUNK (1u << 20)

static uint64_t rng_state = 0x2545f4914f6cdd1du;

static void die(const char *msg, const char *arg) __attribute__((noreturn));

/* "sanitize-bench: msg arg" on stderr, exit 1. */
static void
die(const char *msg, const char *arg)
{
	fprintf(stderr, "sanitize-bench: %s%s\n", msg, arg);
	exit(1);
}

static uint32_t
rnd(uint32_t n)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545f4914f6cdd1du) >> 32) % n;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long
maxrss_self(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* ---- gen ---------------------------------------------------------------- */

#define NVOCAB  3000
#define WORDMAX 48

static const char *const common[] = {
    "the",  "of",   "and",      "to",    "in",    "a",     "is",     "that",
    "for",  "was",  "on",       "with",  "as",    "by",    "at",     "from",
    "it",   "are",  "were",     "this",  "which", "be",    "has",    "had",
    "not",  "or",   "an",       "their", "they",  "after", "before", "report",
    "unit", "area", "movement", "near",  "north", "south", "vessel", "group",
};
#define NCOMMON (sizeof common / sizeof *common)

static const char *const foreign[] = {
    "Z\xc3\xbcrich",
    "\xe6\x9d\xb1\xe4\xba\xac",
    "\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0",
    "S\xc3\xa3o Paulo",
    "K\303\270benhavn",
    "\xc3\x89vora",
};
#define NFOREIGN (sizeof foreign / sizeof *foreign)

static char vocab[NVOCAB][WORDMAX];

/* A word of syllables; code words begin with a letter no plain word has. */
static void
make_word(char *w, int code)
{
	static const char plain[] = "bcdfghlmnprst", vowel[] = "aeiou",
			  rare[] = "kqvxzwy";
	uint32_t k, n = 1 + rnd(code ? 3 : 4);
	size_t len = 0;

	for (k = 0; k < n; k++) {
		w[len++] = code && k == 0 ? rare[rnd(sizeof rare - 1)]
					  : plain[rnd(sizeof plain - 1)];
		w[len++] = vowel[rnd(sizeof vowel - 1)];
		if (rnd(3) == 0)
			w[len++] = plain[rnd(sizeof plain - 1)];
	}
	w[len] = '\0';
}

static void
upper(char *w)
{
	for (; *w; w++)
		if (*w >= 'a' && *w <= 'z')
			*w = (char)(*w - 32);
}

static void
make_term(char *t, size_t cap)
{
	char a[WORDMAX], b[WORDMAX];
	uint32_t kind = rnd(100);

	make_word(a, 1);
	make_word(b, 1);
	if (kind < 45)
		snprintf(t, cap, "%s", a);
	else if (kind < 70)
		snprintf(t, cap, "%s %s", a, b);
	else if (kind < 85)
		snprintf(t, cap, "SRC-%05u", (unsigned)rnd(100000));
	else if (kind < 95)
		snprintf(t, cap, "CAMP %s", a);
	else
		snprintf(t, cap, "%s-%u", a, (unsigned)rnd(100));
	upper(t);
}

/* A term that is a common word would make every sentence a hit. */
static int
is_common(const char *t)
{
	size_t i;

	for (i = 0; i < NCOMMON; i++)
		if (strcasecmp(t, common[i]) == 0)
			return 1;
	return 0;
}

/* Distinct terms: a small open-addressing set of their hashes' strings. */
static char **
make_terms(size_t n)
{
	size_t cap = 4 * n, i, h, k;
	char **set = calloc(cap, sizeof *set), **out = malloc(n * sizeof *out);
	char t[128];
	const char *q;

	if (set == NULL || out == NULL)
		die("out of memory", "");
	for (i = 0; i < n;) {
		make_term(t, sizeof t);
		for (h = 5381, q = t; *q; q++)
			h = h * 33 + (unsigned char)*q;
		for (k = h % cap; set[k] && strcmp(set[k], t);
		     k = (k + 1) % cap)
			;
		if (set[k] || is_common(t))
			continue;
		if ((set[k] = strdup(t)) == NULL)
			die("out of memory", "");
		out[i++] = set[k];
	}
	free(set);
	return out;
}

static void
make_item(char *s, size_t cap)
{
	static const char bands[] = "CDEFGHJKLMNPQRSTUVWX",
			  sq[] = "ABCDEFGHJKLMNPQRSTUVWXYZ";
	static const char *const mon[] = {"JAN", "APR", "JUL", "NOV", "DEC"};

	switch (rnd(8)) {
	case 0:
		snprintf(s, cap, "%u%c%c%c%05u%05u", 1 + rnd(60),
			 bands[rnd(20)], sq[rnd(24)], sq[rnd(24)], rnd(100000),
			 rnd(100000));
		break;
	case 1:
		snprintf(s, cap, "%d.%04u, -%u.%04u", (int)rnd(90), rnd(10000),
			 rnd(180), rnd(10000));
		break;
	case 2:
		snprintf(s, cap,
			 "%02u\xc2\xb0%02u'%02u\"N %03u\xc2\xb0%02u'%02u\"W",
			 rnd(90), rnd(60), rnd(60), rnd(180), rnd(60), rnd(60));
		break;
	case 3:
		snprintf(s, cap, "%u.%u.%u.%u", 1 + rnd(254), rnd(256),
			 rnd(256), 1 + rnd(254));
		break;
	case 4:
		snprintf(s, cap, "2001:db8:%x::%x", rnd(65536), 1 + rnd(65535));
		break;
	case 5:
		snprintf(s, cap, "%s.%s@%s.org", vocab[rnd(NVOCAB)],
			 vocab[rnd(NVOCAB)], vocab[rnd(NVOCAB)]);
		break;
	case 6:
		snprintf(s, cap, "+44 20 %04u %04u", rnd(10000), rnd(10000));
		break;
	default:
		snprintf(s, cap, "%02u%02u%02uZ %s %02u", 1 + rnd(28), rnd(24),
			 rnd(60), mon[rnd(5)], 20 + rnd(10));
	}
}

/* A term, in upper, title or lower case. */
static void
term_token(char *s, size_t cap, char *const *terms, size_t nterms)
{
	size_t k;
	uint32_t c = rnd(4);

	snprintf(s, cap, "%s", terms[rnd((uint32_t)nterms)]);
	for (k = c == 0 ? 0 : 1; c > 0 && s[k]; k++)
		if (s[k] >= 'A' && s[k] <= 'Z' && (c > 1 || s[k - 1] != ' '))
			s[k] = (char)(s[k] + 32);
}

/* The next token of the text. */
static void
token(char *s, size_t cap, char *const *terms, size_t nterms)
{
	uint32_t r = rnd(6000);

	if (r < 10)
		term_token(s, cap, terms, nterms);
	else if (r < 14)
		make_item(s, cap);
	else if (r < 22)
		snprintf(s, cap, "%s", foreign[rnd(NFOREIGN)]);
	else if (r < 2500)
		snprintf(s, cap, "%s", common[rnd(NCOMMON)]);
	else /* rarer words rarer still */
		snprintf(s, cap, "%s",
			 vocab[(rnd(NVOCAB) * (uint64_t)rnd(NVOCAB)) / NVOCAB]);
}

/* Sentences of 8-20 tokens, lines wrapped before 77 columns. */
static void
gen_text(FILE *f, size_t bytes, char *const *terms, size_t nterms)
{
	char tok[256], line[512];
	size_t out = 0, col = 0, n;
	uint32_t left = 0, sentences = 0;

	while (out < bytes) {
		if (left == 0) {
			left = 8 + rnd(13);
			sentences++;
		}
		token(tok, sizeof tok, terms, nterms);
		if (left == 1)
			strcat(tok, ".");
		else if (rnd(12) == 0)
			strcat(tok, ",");
		left--;
		n = strlen(tok);
		if (col > 0 && col + 1 + n > 76) {
			fputc('\n', f);
			out += col + 1;
			col = 0;
			if (left == 0 && sentences % 6 == 0) {
				fputc('\n', f);
				out++;
			}
		}
		snprintf(line, sizeof line, "%s%s", col ? " " : "", tok);
		fputs(line, f);
		col += strlen(line);
	}
	fputc('\n', f);
}

static FILE *
open_out(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL)
		die("cannot write ", path);
	return f;
}

static int
cmd_gen(int argc, char **argv)
{
	size_t mb, nterms, i;
	char **terms;
	FILE *f;

	if (argc != 5)
		die("usage: gen DIR MB NTERMS", "");
	mb = strtoul(argv[3], NULL, 10);
	nterms = strtoul(argv[4], NULL, 10);
	for (i = 0; i < NVOCAB; i++)
		make_word(vocab[i], 0);
	terms = make_terms(nterms);
	f = open_out(argv[2], "terms.txt");
	for (i = 0; i < nterms; i++)
		fprintf(f, "%s\n", terms[i]);
	if (fclose(f) != 0)
		die("cannot write terms.txt", "");
	f = open_out(argv[2], "text.txt");
	gen_text(f, mb << 20, terms, nterms);
	if (fclose(f) != 0)
		die("cannot write text.txt", "");
	return 0;
}

/* ---- scan --------------------------------------------------------------- */

static struct sanitizer *
load_terms(const char *path, int recognizers)
{
	struct sanitizer *s;
	struct relto_err e;
	char line[1024];
	size_t n;
	int r;
	FILE *f;

	if (sanitize_new(&s, &e) != RELTO_OK)
		die(e.msg, "");
	for (r = SANITIZE_MGRS; !recognizers && r < SANITIZE_NRULES; r++)
		sanitize_set_rule_enabled(s, r, 0);
	if ((f = fopen(path, "r")) == NULL)
		die("cannot read ", path);
	while (fgets(line, sizeof line, f) != NULL) {
		n = strcspn(line, "\r\n");
		line[n] = '\0';
		if (n > 0 && sanitize_add_term(s, line, SANITIZE_REDACT, NULL,
					       &e) != RELTO_OK)
			die(e.msg, "");
	}
	fclose(f);
	if (sanitize_compile(s, &e) != RELTO_OK)
		die(e.msg, "");
	return s;
}

struct lines {
	int on;
	size_t count, last; /* lines with a hit; 1 + the last one's number */
	size_t line;        /* newlines before the cursor */
};

static size_t
newlines(const char *p, size_t n)
{
	const char *q, *end = p + n;
	size_t c = 0;

	while (p < end && (q = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		c++;
		p = q + 1;
	}
	return c;
}

/* Count the lines with a hit in buf[from..next). */
static void
count_lines(struct lines *l, const char *buf, size_t from, size_t next,
	    const struct sanitize_hits *h)
{
	size_t i, pos = from;

	for (i = 0; i < h->n; i++) {
		l->line += newlines(buf + pos, h->v[i].start - pos);
		pos = h->v[i].start;
		if (l->last != l->line + 1) {
			l->count++;
			l->last = l->line + 1;
		}
	}
	l->line += newlines(buf + pos, next - pos);
}

static size_t
fill(FILE *f, char *buf, size_t have, size_t cap, size_t *left)
{
	size_t want = cap - have < *left ? cap - have : *left, n;

	n = fread(buf + have, 1, want, f);
	*left -= n;
	return have + n;
}

static int
cmd_scan(int argc, char **argv)
{
	struct sanitizer *s;
	struct sanitize_hits h = {0};
	struct relto_err e;
	struct lines l = {0};
	size_t cap, have = 0, from = 0, next, keep, total = 0, hits = 0;
	size_t left = (size_t)-1;
	double t0, t1, t2;
	char *buf;
	int last = 0;
	FILE *f;

	if (argc != 5 && argc != 6)
		die("usage: scan terms|all|lines TERMS TEXT [LIMIT]", "");
	if (argc == 6)
		left = strtoull(argv[5], NULL, 10);
	l.on = strcmp(argv[2], "lines") == 0;
	t0 = now();
	s = load_terms(argv[3], strcmp(argv[2], "all") == 0);
	t1 = now();
	cap = CHUNK + sanitize_horizon(s) + SANITIZE_CONTEXT;
	if ((buf = malloc(cap)) == NULL)
		die("out of memory", "");
	if ((f = fopen(argv[4], "rb")) == NULL)
		die("cannot read ", argv[4]);
	while (!last) {
		have = fill(f, buf, have, cap, &left);
		last = have < cap;
		h.n = 0;
		if (sanitize_scan_window(s, buf, have, from, last, &h, &next,
					 &e) != RELTO_OK)
			die(e.msg, "");
		hits += h.n;
		if (l.on)
			count_lines(&l, buf, from, next, &h);
		keep = next > SANITIZE_CONTEXT ? next - SANITIZE_CONTEXT : 0;
		memmove(buf, buf + keep, have - keep);
		total += keep;
		have -= keep;
		from = next - keep;
	}
	total += have;
	t2 = now();
	printf("hits %zu lines %zu compile %.4f scan %.4f maxrss %ld bytes "
	       "%zu\n",
	       hits, l.count, t1 - t0, t2 - t1, maxrss_self(), total);
	fclose(f);
	free(buf);
	sanitize_hits_free(&h);
	sanitize_free(s);
	return 0;
}

/* ---- time --------------------------------------------------------------- */

static int
cmd_time(int argc, char **argv)
{
	struct rusage ru;
	double t0;
	pid_t pid;
	int st, fd;

	if (argc < 4)
		die("usage: time OUT CMD [ARG...]", "");
	t0 = now();
	if ((pid = fork()) < 0)
		die("fork failed", "");
	if (pid == 0) {
		fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || dup2(fd, 1) < 0)
			_exit(127);
		execvp(argv[3], argv + 3);
		_exit(127);
	}
	while (wait4(pid, &st, 0, &ru) < 0)
		if (errno != EINTR)
			die("wait4 failed", "");
	printf("wall %.4f maxrss %ld\n", now() - t0, ru.ru_maxrss);
	/* grep -c exits 1 when it counts 0: only a signal or >1 fails. */
	return WIFEXITED(st) && WEXITSTATUS(st) <= 1 ? 0 : 1;
}

static int
cmd_info(void)
{
#if defined(__SANITIZE_ADDRESS__)
	puts("sanitized yes");
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) ||                                        \
    __has_feature(undefined_behavior_sanitizer)
	puts("sanitized yes");
#else
	puts("sanitized no");
#endif
#else
	puts("sanitized no");
#endif
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "gen") == 0)
		return cmd_gen(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "scan") == 0)
		return cmd_scan(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "time") == 0)
		return cmd_time(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "info") == 0)
		return cmd_info();
	fprintf(stderr, "usage: sanitize-bench gen|scan|time|info ...\n");
	return 2;
}
