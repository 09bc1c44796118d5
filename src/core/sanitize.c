/*
 * sanitize.c -- find what would give away sources and methods in a
 * portion's text, and produce the text a partner receives.
 *
 * What it owns.  A struct sanitizer holds the store's term dictionary
 * (each term with its action and, for replace, its replacement phrase),
 * an action and an on/off switch per recognizer, and the dictionary
 * compiled by termscan.c, which finds the terms (an Aho-Corasick
 * automaton run only from the places a term may begin; sanitize_compile()
 * builds it).  Scanning and applying
 * never change it: one compiled sanitizer serves any number of scans, from
 * any number of threads.  Nothing here prints.
 *
 * Terms.  A term matches ASCII case-insensitively; every other byte must
 * be equal (no Unicode folding or normalization).  It matches only at word
 * boundaries: the byte before the match and the byte after it are not
 * ASCII letters or digits, or lie beyond the text.  So "OAK" matches in
 * "OAK-7" and "(oak)" but not in "OAKLAND" or "4OAK".  A non-ASCII byte is
 * a boundary: a CJK term matches inside unspaced CJK text ("東京" in
 * "東京都"), and "RICH" matches inside "Zürich" -- an over-match, on the
 * safe side.  A space in a term matches one space.  A term is 1 to 256
 * bytes of UTF-8 without control characters; a term added twice (in any
 * case) keeps the strongest of its actions.
 *
 * Recognizers.  Each matches only where the byte before its start is not
 * an ASCII letter or digit and the byte after its end is not one either
 * (the e-mail's start is found differently, see below).  D is [0-9],
 * H is [0-9A-Fa-f], SP is one space, SEP is " {0,3}[,/]? {0,3}".  Where
 * "numeric" is said, the match also may not follow "D." nor be followed
 * by ".D" (so no piece of 1.2.3.4.5 or of a longer decimal matches).
 *
 *  mgrs    D{1,2} [C-HJ-NP-X] SP? [A-HJ-NP-Z]{2} SP? digits, zone 1-60,
 *          where digits is D{2,10} with an even count, or D{n} SP D{n}
 *          with n in 1..5 (easting and northing apart, as often
 *          written).  Upper case only.  Generalize keeps 2 digits of
 *          easting and of northing (truncated: the 1 km square):
 *          "18SUJ2337106519" -> "18SUJ2306", "18S UJ 23371 06519" ->
 *          "18S UJ 23 06"; with 1 or 2 digits each it is left as it is.
 *  latlon  numeric, three forms, latitude |v| <= 90 with 1-2 integer
 *          digits, longitude |v| <= 180 with 1-3, at most 15 decimals:
 *          signed  [-+]?D{1,2}.D{2,15}°? " {0,3}, {0,3}" [-+]?D{1,3}.D{2,15}°?
 *                  ("34.0522, -118.2437"; two decimals at least, so
 *                  a list like "1.5, 2.5" is not a place);
 *          suffix  D+.D+ SP? °? SP? [NSEW] SEP D+.D+ SP? °? SP? [NSEW]
 *                  ("34.0522N 118.2437W", "34.05° N, 118.24° W");
 *          prefix  [NSEW] SP? D+.D+ °? SEP [NSEW] SP? D+.D+ °?
 *                  ("N34.0522 W118.2437");
 *          with hemisphere letters one is N or S and the other E or W, in
 *          either order, and no letter may follow a hemisphere letter.
 *          ° is U+00B0, U+00BA or U+02DA.  Generalize rounds each number
 *          with two or more decimals to one (half away from zero), the
 *          rest kept: "34.1, -118.2", "34.1N 118.2W".
 *  dms     a pair of coordinates, one N/S and one E/W, either order:
 *          symbol   D{1,3} SP? ° SP? D{1,2} SP? ' [SP? D{1,2}(.D{1,15})?
 *                   SP? "]  then SP? [NSEW], or [NSEW] SP? before
 *                   instead, both coordinates alike, SEP between;
 *                   ' is ' U+2032 U+2019, " is " '' U+2033 U+201D
 *                   ("34°03'08\"N 118°14'37\"W", "N34° 3′ W118° 14′");
 *          compact  D{6}(.D{1,15})? or D{4}, [NS], SEP, D{7}(.D{1,15})?
 *                   or D{5}, [EW] ("340308N1181437W", "3403N 11814W");
 *          degrees to 90 (latitude) or 180 (longitude), minutes and
 *          seconds below 60, none at 90 or 180.  Generalize rounds to
 *          whole degrees (30' and up rounds up): "34°N 118°W",
 *          "34N118W" (separator kept).
 *  ipv4    numeric; D{1,3}(.D{1,3}){3}, each at most 255, then /D{1,2}
 *          up to 32 when present.
 *  ipv6    H{1,4} groups joined by ':', eight of them, or fewer with one
 *          "::" (which may begin or end it; "::" alone is not matched),
 *          the last two groups may be a dotted IPv4 address, then
 *          /D{1,3} up to 128 when present.  Not preceded by ':', not
 *          followed by ".D".
 *  email   local "@" domain.  The local part is the longest run, at most
 *          64 bytes, of [A-Za-z0-9._%+'-] and letters U+00C0-U+052F
 *          (Latin, Greek, Cyrillic; not × ÷) that ends at the '@',
 *          leading dots and quotes dropped; so "東京bob@x.jp" yields "bob@x.jp"
 * and "müller@x.de" all of it.  The domain is two or more labels of
 * [A-Za-z0-9-] and those letters, 1-63 bytes each, not starting with '-',
 * trailing '-' dropped, at most 253 bytes, the last not all digits and 2 bytes
 * or more. phone   numeric; groups of digits, each D{1,15} or (D{1,5}), joined
 * by one of " -." or by nothing next to a parenthesis, 7 to 15 digits in all
 * (groups that would pass 15 are left out): international  '+' [1-9]...; "(0)"
 * after it is a trunk prefix and not counted
 *                         ("+44 (0)20 7946 0958", "+12025550143");
 *          national       two groups or more, one of 3 digits or more
 *                         or four or more of 2 digits or more
 *                         ("(202) 555-0143", "020 7946 0958",
 *                         "06 12 34 56 78", "555-0143"), and not:
 *                         a date (the first three groups 4-2-2 or 2-2-4,
 *                         unparenthesized: "2026-11-27",
 *                         "27.11.2026 1430"); years (all
 *                         groups 4 digits in 1000-2999: "2025-2026");
 *                         a number with thousands separators (all
 *                         separators one of " ." , a first group of 1-3
 *                         digits not starting with 0, the others of 3:
 *                         "12 345 678"); dotted but with another
 *                         separator too, or fewer than three groups (a
 *                         decimal), or four groups of 1-3 digits (an
 *                         IPv4 address or a version).
 *          A plain number (one group) is never a national phone.
 *  dtg     numeric; DD HH MM as D{6} (day 01-31, hour 00-23, minute
 *          00-59), a zone letter [A-IK-Z], SP?, a month
 *          JAN|FEB|...|DEC (any case), SP?, D{2} or D{4}
 *          ("271530Z NOV 26", "271530ZNOV26"); or D{6} Z alone
 *          ("271530Z").
 *
 * Overlaps.  Of all candidates, terms and recognizers alike, the one that
 * starts first wins, then the longest, then the strongest action (block >
 * redact > replace > generalize > warn), then the lower rule number (a
 * term before a recognizer), then the term added first.  Candidates that
 * overlap it are dropped and the choice goes on after its end
 * (leftmost-longest, greedy).
 *
 * Invariants of a scan's hits: sorted by start, disjoint, non-empty,
 * each starting and ending on a character boundary as text_decode() cuts
 * the text, whatever the text holds: a term is valid UTF-8 and so starts
 * with a byte that is not a continuation byte and ends after a whole
 * character, and every recognizer starts on an ASCII byte and ends after
 * an ASCII byte or a whole character it checked.  The same text always
 * gives the same hits, and windows (sanitize_scan_window) give exactly
 * the hits of one scan of the whole text.
 *
 * Recognizers are tried only where their first byte may stand.  Masks of
 * 64 bytes find the few such places (a digit or '@', or another first
 * byte followed by what it needs: a digit, a space, a ':' within four
 * bytes for IPv6); there a table by the byte, by whether the byte before
 * is a letter or digit (inside a word only '@' begins anything) and by
 * the byte after says which recognizers to try; each then reads a
 * bounded number of bytes.
 *
 * Windows.  A hit and the bytes that decide it span at most the horizon,
 * max(longest term, RECOG_MAX) + 8 bytes, and look back at most
 * SANITIZE_CONTEXT bytes (the e-mail's 64-byte local part), so a window
 * reports the hits starting before len - horizon -- which no later byte
 * can change, greedy choice being left to right -- and the next window
 * starts after them.
 *
 * Complexity.  sanitize_compile() is termscan_new(): O(S * C) for S
 * states (at most the total bytes of the terms, plus 2) and C classes; a
 * scan is termscan's O(n + z) for n bytes of text and z term occurrences,
 * plus the recognizers' bounded work at each place one may begin; then
 * O(c log c) to order the c candidates.  Memory: the compiled dictionary,
 * proportional to it (10,000 terms: about 1.5 MB); a scan allocates only
 * its candidates, proportional to the hits, so windows of fixed size keep
 * it flat in the text's length.
 *
 * Applying.  A hit's own action decides (a front end may change it):
 * redact and block become "[REDACTED]" (block also sets *blocked; a
 * blocked term is never copied out, even into a preview), replace the
 * term's replacement, generalize the reduced form, warn the text itself.
 * An action that does not fit its hit (replace without a term,
 * generalize where there is nothing to reduce, an unknown action) falls
 * back to "[REDACTED]".  "[REDACTED]" is not translated: partners read it.
 */
#include "config.h"

#include "sanitize.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "scanmask.h"
#include "termscan.h"
#include "text.h"

#define TERM_MAX  256 /* bytes of a term or of a replacement */
#define RECOG_MAX 330 /* bytes of the longest recognizer match */
#define FRAC_MAX  15  /* decimals of a coordinate */
#define REDACTED  "[REDACTED]"
#define STRIDE    56 /* places a 64-byte mask decides: the rest, what follows */

/* What may begin a recognizer's match. */
#define T_DIGIT 0x01
#define T_PLUS  0x02
#define T_MINUS 0x04
#define T_PAREN 0x08
#define T_HEX   0x10 /* a-f A-F */
#define T_HEMI  0x20 /* N S E W */
#define T_COLON 0x40
#define T_AT    0x80

#define ACT(a) (1u << (a))
#define ACTS_TERM                                                              \
	(ACT(SANITIZE_BLOCK) | ACT(SANITIZE_REDACT) | ACT(SANITIZE_REPLACE) |  \
	 ACT(SANITIZE_WARN))
#define ACTS_PLAIN                                                             \
	(ACT(SANITIZE_BLOCK) | ACT(SANITIZE_REDACT) | ACT(SANITIZE_WARN))
#define ACTS_GEO (ACTS_PLAIN | ACT(SANITIZE_GENERALIZE))

struct san_term {
	char *text; /* as added */
	char *repl; /* the replacement, for SANITIZE_REPLACE */
	size_t len;
	int action;
};

struct sanitizer {
	struct san_term *term;
	size_t nterm, capterm, maxterm;
	int action[SANITIZE_NRULES];
	unsigned char on[SANITIZE_NRULES];
	int dirty; /* terms added since the last compile */

	struct termscan *ts;       /* the compiled dictionary */
	struct scanmask_set digit; /* 0-9 */
	struct scanmask_set lead;  /* recognizers' first bytes but digits and
				      '@' (see recog_places) */
};

/* One candidate of a scan. */
struct cand {
	size_t start, end, term;
	int rule, action;
};

struct scan {
	const struct sanitizer *s;
	const unsigned char *p;
	size_t len, from, limit; /* candidates start in [from, limit) */
	struct cand *v;
	size_t n, cap;
	int oom;
};

struct obuf {
	char *p;
	size_t n, cap;
	int oom;
};

static const char *const action_names[] = {
    [SANITIZE_BLOCK] = "block",           [SANITIZE_REDACT] = "redact",
    [SANITIZE_REPLACE] = "replace",       [SANITIZE_WARN] = "warn",
    [SANITIZE_GENERALIZE] = "generalize",
};

/* Strength of an action, for ties: block > redact > replace > ... */
static const int action_rank[] = {
    [SANITIZE_BLOCK] = 5, [SANITIZE_REDACT] = 4,     [SANITIZE_REPLACE] = 3,
    [SANITIZE_WARN] = 1,  [SANITIZE_GENERALIZE] = 2,
};

static const unsigned char trig[256] = {
    ['0'] = T_DIGIT, ['1'] = T_DIGIT,        ['2'] = T_DIGIT, ['3'] = T_DIGIT,
    ['4'] = T_DIGIT, ['5'] = T_DIGIT,        ['6'] = T_DIGIT, ['7'] = T_DIGIT,
    ['8'] = T_DIGIT, ['9'] = T_DIGIT,        ['+'] = T_PLUS,  ['-'] = T_MINUS,
    ['('] = T_PAREN, [':'] = T_COLON,        ['@'] = T_AT,    ['a'] = T_HEX,
    ['b'] = T_HEX,   ['c'] = T_HEX,          ['d'] = T_HEX,   ['e'] = T_HEX,
    ['f'] = T_HEX,   ['A'] = T_HEX,          ['B'] = T_HEX,   ['C'] = T_HEX,
    ['D'] = T_HEX,   ['E'] = T_HEX | T_HEMI, ['F'] = T_HEX,   ['N'] = T_HEMI,
    ['S'] = T_HEMI,  ['W'] = T_HEMI,
};

static const char *const deg_marks[] = {"\xc2\xb0", "\xc2\xba", "\xcb\x9a",
					NULL};
static const char *const min_marks[] = {"'", "\xe2\x80\xb2", "\xe2\x80\x99",
					NULL};
static const char *const sec_marks[] = {"\"", "''", "\xe2\x80\xb3",
					"\xe2\x80\x9d", NULL};
static const char months[12][4] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
				   "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

/* ---- bytes ----------------------------------------------------------- */

static int
is_digit(unsigned char c)
{
	return (unsigned)(c - '0') < 10;
}

static int
is_alpha(unsigned char c)
{
	return (unsigned)((c | 32) - 'a') < 26;
}

static int
is_alnum(unsigned char c)
{
	return scanmask_isalnum(c);
}

static int
is_hex(unsigned char c)
{
	return is_digit(c) || (unsigned)((c | 32) - 'a') < 6;
}

static int
is_hemi(unsigned char c)
{
	return c == 'N' || c == 'S' || c == 'E' || c == 'W';
}

static int
is_ns(unsigned char c)
{
	return c == 'N' || c == 'S';
}

static unsigned char
fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* Digits at p[i..), counting at most max. */
static size_t
ndig(const unsigned char *p, size_t len, size_t i, size_t max)
{
	size_t n = 0;

	while (i + n < len && n < max && is_digit(p[i + n]))
		n++;
	return n;
}

static unsigned long
num(const unsigned char *p, size_t n)
{
	unsigned long v = 0;

	while (n-- > 0)
		v = v * 10 + (unsigned long)(*p++ - '0');
	return v;
}

/* Spaces at p[i..), at most max. */
static size_t
nsp(const unsigned char *p, size_t len, size_t i, size_t max)
{
	size_t n = 0;

	while (i + n < len && n < max && p[i + n] == ' ')
		n++;
	return n;
}

/* Length of the first of marks found at p[i..), 0 if none. */
static size_t
mark_at(const unsigned char *p, size_t len, size_t i, const char *const *marks)
{
	size_t n;

	for (; *marks != NULL; marks++) {
		n = strlen(*marks);
		if (n <= len - i && memcmp(p + i, *marks, n) == 0)
			return n;
	}
	return 0;
}

static int
left_ok(const unsigned char *p, size_t i)
{
	return i == 0 || !is_alnum(p[i - 1]);
}

static int
right_ok(const unsigned char *p, size_t len, size_t e)
{
	return e >= len || !is_alnum(p[e]);
}

/* Boundaries of a number: not inside "1.2.3" or a longer decimal. */
static int
num_left_ok(const unsigned char *p, size_t i)
{
	return left_ok(p, i) &&
	       !(i >= 2 && p[i - 1] == '.' && is_digit(p[i - 2]));
}

static int
num_right_ok(const unsigned char *p, size_t len, size_t e)
{
	return right_ok(p, len, e) &&
	       !(e + 1 < len && p[e] == '.' && is_digit(p[e + 1]));
}

/* " {0,3}[,/]? {0,3}" between the two coordinates of a pair. */
static size_t
pair_sep(const unsigned char *p, size_t len, size_t j)
{
	j += nsp(p, len, j, 3);
	if (j < len && (p[j] == ',' || p[j] == '/'))
		j++;
	return j + nsp(p, len, j, 3);
}

/* ---- output buffer ---------------------------------------------------- */

static void
ob_put(struct obuf *b, const void *s, size_t n)
{
	char *np;
	size_t cap;

	if (b->oom || n == 0)
		return;
	if (n > b->cap - b->n) {
		cap = b->cap * 2 + n + 64;
		if ((np = realloc(b->p, cap)) == NULL) {
			b->oom = 1;
			return;
		}
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

static void
ob_puts(struct obuf *b, const char *s)
{
	ob_put(b, s, strlen(s));
}

/* ---- recognizers: MGRS ------------------------------------------------ */

struct mgrs {
	size_t dig;  /* first digit of the easting */
	size_t dig2; /* first digit of the northing */
	size_t half; /* digits of each */
	int split;   /* easting and northing apart */
};

static int
mgrs_band(unsigned char c)
{
	return c >= 'C' && c <= 'X' && c != 'I' && c != 'O';
}

static int
mgrs_square(unsigned char c)
{
	return c >= 'A' && c <= 'Z' && c != 'I' && c != 'O';
}

/* The digits after the square: D{2,10} even, or D{n} SP D{n}. */
static size_t
mgrs_digits(const unsigned char *p, size_t len, size_t j, struct mgrs *m)
{
	size_t n = ndig(p, len, j, 11), n2;

	m->dig = j;
	if (n >= 1 && n <= 5 && j + n < len && p[j + n] == ' ') {
		n2 = ndig(p, len, j + n + 1, 6);
		if (n2 == n && right_ok(p, len, j + 2 * n + 1)) {
			m->half = n;
			m->split = 1;
			m->dig2 = j + n + 1;
			return j + 2 * n + 1;
		}
	}
	if (n < 2 || n > 10 || n % 2 != 0 || !right_ok(p, len, j + n))
		return 0;
	m->half = n / 2;
	m->split = 0;
	m->dig2 = j + m->half;
	return j + n;
}

static size_t
mgrs_parse(const unsigned char *p, size_t len, size_t i, struct mgrs *m)
{
	size_t n = ndig(p, len, i, 3), j = i + n;
	unsigned long zone = num(p + i, n);

	if (n < 1 || n > 2 || zone < 1 || zone > 60)
		return 0;
	if (j >= len || !mgrs_band(p[j]))
		return 0;
	j++;
	j += nsp(p, len, j, 1);
	if (j + 2 > len || !mgrs_square(p[j]) || !mgrs_square(p[j + 1]))
		return 0;
	j += 2;
	j += nsp(p, len, j, 1);
	return mgrs_digits(p, len, j, m);
}

static size_t
match_mgrs(const unsigned char *p, size_t len, size_t i, size_t *start)
{
	struct mgrs m;

	(void)start;
	return mgrs_parse(p, len, i, &m);
}

static int
gen_mgrs(struct obuf *b, const unsigned char *p, size_t len, size_t start,
	 size_t end)
{
	struct mgrs m;
	size_t keep;

	if (mgrs_parse(p, len, start, &m) != end)
		return 0;
	keep = m.half < 2 ? m.half : 2;
	ob_put(b, p + start, m.dig - start);
	ob_put(b, p + m.dig, keep);
	if (m.split)
		ob_put(b, " ", 1);
	ob_put(b, p + m.dig2, keep);
	return 1;
}

/* ---- recognizers: decimal degrees ------------------------------------- */

struct dnum {
	size_t start, end; /* the token, sign included */
	size_t ip, ipn;    /* integer digits: offset, count */
	size_t fp, fpn;    /* decimals: offset, count (0: none) */
	int sign;          /* '-', '+' or 0 */
};

struct latlon {
	struct dnum n[2];
};

static size_t
dnum_parse(const unsigned char *p, size_t len, size_t i, int signs,
	   size_t maxint, struct dnum *d)
{
	size_t j = i;

	d->start = i;
	d->sign = 0;
	if (signs && j < len && (p[j] == '-' || p[j] == '+'))
		d->sign = p[j++];
	d->ip = j;
	d->ipn = ndig(p, len, j, maxint + 1);
	if (d->ipn == 0 || d->ipn > maxint)
		return 0;
	j += d->ipn;
	d->fp = j;
	d->fpn = 0;
	if (j + 1 < len && p[j] == '.' && is_digit(p[j + 1])) {
		d->fp = j + 1;
		d->fpn = ndig(p, len, j + 1, FRAC_MAX + 1);
		if (d->fpn > FRAC_MAX)
			return 0;
		j = d->fp + d->fpn;
	}
	return d->end = j;
}

/* |d| <= max, d having at most maxint integer digits. */
static int
dnum_within(const unsigned char *p, const struct dnum *d, size_t maxint,
	    unsigned long max)
{
	unsigned long v = num(p + d->ip, d->ipn);
	size_t k;

	if (d->ipn > maxint || v > max)
		return 0;
	for (k = 0; v == max && k < d->fpn; k++)
		if (p[d->fp + k] != '0')
			return 0;
	return 1;
}

/* [-+]?D{1,2}.D{2,}°? " {0,3}, {0,3}" [-+]?D{1,3}.D{2,}°? */
static size_t
latlon_signed(const unsigned char *p, size_t len, size_t i, struct latlon *ll)
{
	size_t j = dnum_parse(p, len, i, 1, 2, &ll->n[0]);

	if (j == 0 || ll->n[0].fpn < 2)
		return 0;
	j += mark_at(p, len, j, deg_marks);
	j += nsp(p, len, j, 3);
	if (j >= len || p[j] != ',')
		return 0;
	j++;
	j += nsp(p, len, j, 3);
	j = dnum_parse(p, len, j, 1, 3, &ll->n[1]);
	if (j == 0 || ll->n[1].fpn < 2)
		return 0;
	j += mark_at(p, len, j, deg_marks);
	if (!dnum_within(p, &ll->n[0], 2, 90) ||
	    !dnum_within(p, &ll->n[1], 3, 180))
		return 0;
	return j;
}

/* D+.D+ SP? °? SP? [NSEW], no letter after. */
static size_t
coord_suffix(const unsigned char *p, size_t len, size_t i, struct dnum *d,
	     unsigned char *h)
{
	size_t j = dnum_parse(p, len, i, 0, 3, d);

	if (j == 0 || d->fpn == 0)
		return 0;
	j += nsp(p, len, j, 1);
	j += mark_at(p, len, j, deg_marks);
	j += nsp(p, len, j, 1);
	if (j >= len || !is_hemi(p[j]))
		return 0;
	*h = p[j++];
	return j < len && is_alpha(p[j]) ? 0 : j;
}

/* [NSEW] SP? D+.D+ °? */
static size_t
coord_prefix(const unsigned char *p, size_t len, size_t i, struct dnum *d,
	     unsigned char *h)
{
	size_t j;

	if (i >= len || !is_hemi(p[i]))
		return 0;
	*h = p[i];
	j = i + 1 + nsp(p, len, i + 1, 1);
	j = dnum_parse(p, len, j, 0, 3, d);
	if (j == 0 || d->fpn == 0)
		return 0;
	return j + mark_at(p, len, j, deg_marks);
}

/* One of the hemispheres N or S and the other E or W, in range. */
static int
hemi_pair_ok(const unsigned char *p, const struct latlon *ll, unsigned char h0,
	     unsigned char h1)
{
	if (is_ns(h0) == is_ns(h1))
		return 0;
	if (is_ns(h0))
		return dnum_within(p, &ll->n[0], 2, 90) &&
		       dnum_within(p, &ll->n[1], 3, 180);
	return dnum_within(p, &ll->n[0], 3, 180) &&
	       dnum_within(p, &ll->n[1], 2, 90);
}

static size_t
latlon_hemi(const unsigned char *p, size_t len, size_t i, struct latlon *ll,
	    int prefix)
{
	size_t (*coord)(const unsigned char *, size_t, size_t, struct dnum *,
			unsigned char *) = prefix ? coord_prefix : coord_suffix;
	unsigned char h0, h1;
	size_t j = coord(p, len, i, &ll->n[0], &h0);

	if (j == 0)
		return 0;
	j = coord(p, len, pair_sep(p, len, j), &ll->n[1], &h1);
	if (j == 0 || !hemi_pair_ok(p, ll, h0, h1))
		return 0;
	return j;
}

static size_t
latlon_parse(const unsigned char *p, size_t len, size_t i, struct latlon *ll)
{
	size_t j;

	if (is_hemi(p[i]))
		return latlon_hemi(p, len, i, ll, 1);
	if ((j = latlon_signed(p, len, i, ll)) != 0)
		return j;
	return latlon_hemi(p, len, i, ll, 0);
}

static size_t
match_latlon(const unsigned char *p, size_t len, size_t i, size_t *start)
{
	struct latlon ll;
	size_t j;

	(void)start;
	if (!num_left_ok(p, i))
		return 0;
	j = latlon_parse(p, len, i, &ll);
	return j != 0 && num_right_ok(p, len, j) ? j : 0;
}

/* A number rounded to one decimal, half away from zero. */
static void
put_round(struct obuf *b, const unsigned char *p, const struct dnum *d)
{
	unsigned long t;
	char tmp[48];

	if (d->fpn < 2) {
		ob_put(b, p + d->start, d->end - d->start);
		return;
	}
	t = num(p + d->ip, d->ipn) * 10 + (unsigned long)(p[d->fp] - '0') +
	    (p[d->fp + 1] >= '5');
	snprintf(tmp, sizeof tmp, "%s%lu.%lu",
		 d->sign == '+'             ? "+"
		 : d->sign == '-' && t != 0 ? "-"
					    : "",
		 t / 10, t % 10);
	ob_puts(b, tmp);
}

static int
gen_latlon(struct obuf *b, const unsigned char *p, size_t len, size_t start,
	   size_t end)
{
	struct latlon ll;

	if (latlon_parse(p, len, start, &ll) != end)
		return 0;
	ob_put(b, p + start, ll.n[0].start - start);
	put_round(b, p, &ll.n[0]);
	ob_put(b, p + ll.n[0].end, ll.n[1].start - ll.n[0].end);
	put_round(b, p, &ll.n[1]);
	ob_put(b, p + ll.n[1].end, end - ll.n[1].end);
	return 1;
}

/* ---- recognizers: degrees, minutes, seconds --------------------------- */

struct dms_coord {
	unsigned long deg, min, sec;
	unsigned char hemi;
};

struct dms {
	struct dms_coord c[2];
	size_t sep, sepe; /* the separator between the coordinates */
	int compact, prefix;
};

/* [SP? D{1,2}(.D+)? SP? "] after the minutes; sets c->sec. */
static size_t
dms_seconds(const unsigned char *p, size_t len, size_t j, struct dms_coord *c)
{
	size_t k = j + nsp(p, len, j, 1), n = ndig(p, len, k, 3), q, f, m;

	c->sec = 0;
	if (n < 1 || n > 2)
		return j;
	q = k + n;
	if (q + 1 < len && p[q] == '.' && is_digit(p[q + 1])) {
		f = ndig(p, len, q + 1, FRAC_MAX + 1);
		if (f > FRAC_MAX)
			return j;
		q += 1 + f;
	}
	q += nsp(p, len, q, 1);
	if ((m = mark_at(p, len, q, sec_marks)) == 0)
		return j;
	c->sec = num(p + k, n);
	return q + m;
}

/* D{1,3} SP? ° SP? D{1,2} SP? ' [seconds], hemisphere before or after. */
static size_t
dms_symbol_coord(const unsigned char *p, size_t len, size_t i, int prefix,
		 struct dms_coord *c)
{
	size_t j = i, n, m;

	if (prefix) {
		if (j >= len || !is_hemi(p[j]))
			return 0;
		c->hemi = p[j++];
		j += nsp(p, len, j, 1);
	}
	n = ndig(p, len, j, 4);
	if (n < 1 || n > 3)
		return 0;
	c->deg = num(p + j, n);
	j += n + nsp(p, len, j + n, 1);
	if ((m = mark_at(p, len, j, deg_marks)) == 0)
		return 0;
	j += m + nsp(p, len, j + m, 1);
	n = ndig(p, len, j, 3);
	if (n < 1 || n > 2)
		return 0;
	c->min = num(p + j, n);
	j += n + nsp(p, len, j + n, 1);
	if ((m = mark_at(p, len, j, min_marks)) == 0)
		return 0;
	j = dms_seconds(p, len, j + m, c);
	if (prefix)
		return j;
	j += nsp(p, len, j, 1);
	if (j >= len || !is_hemi(p[j]))
		return 0;
	c->hemi = p[j++];
	return j < len && is_alpha(p[j]) ? 0 : j;
}

/* D{dd}MM(SS(.D+)?)? [NS] or [EW], dd = 2 or 3 degree digits. */
static size_t
dms_compact_coord(const unsigned char *p, size_t len, size_t i, size_t dd,
		  struct dms_coord *c)
{
	size_t n = ndig(p, len, i, dd + 5), j = i + n, f;

	if (n != dd + 2 && n != dd + 4)
		return 0;
	c->deg = num(p + i, dd);
	c->min = num(p + i + dd, 2);
	c->sec = n == dd + 4 ? num(p + i + dd + 2, 2) : 0;
	if (n == dd + 4 && j + 1 < len && p[j] == '.' && is_digit(p[j + 1])) {
		f = ndig(p, len, j + 1, FRAC_MAX + 1);
		if (f > FRAC_MAX)
			return 0;
		j += 1 + f;
	}
	if (j >= len || is_ns(p[j]) != (dd == 2) || !is_hemi(p[j]))
		return 0;
	c->hemi = p[j];
	return j + 1;
}

static int
dms_coord_ok(const struct dms_coord *c)
{
	unsigned long max = is_ns(c->hemi) ? 90 : 180;

	if (c->deg > max || c->min > 59 || c->sec > 59)
		return 0;
	return c->deg < max || (c->min == 0 && c->sec == 0);
}

static size_t
dms_parse(const unsigned char *p, size_t len, size_t i, struct dms *d)
{
	size_t j;

	d->prefix = is_hemi(p[i]);
	d->compact = 0;
	j = dms_symbol_coord(p, len, i, d->prefix, &d->c[0]);
	if (j == 0 && !d->prefix) {
		d->compact = 1;
		j = dms_compact_coord(p, len, i, 2, &d->c[0]);
	}
	if (j == 0)
		return 0;
	d->sep = j;
	d->sepe = pair_sep(p, len, j);
	if (d->compact)
		j = dms_compact_coord(p, len, d->sepe, 3, &d->c[1]);
	else
		j = dms_symbol_coord(p, len, d->sepe, d->prefix, &d->c[1]);
	if (j == 0 || is_ns(d->c[0].hemi) == is_ns(d->c[1].hemi) ||
	    !dms_coord_ok(&d->c[0]) || !dms_coord_ok(&d->c[1]))
		return 0;
	return j;
}

static size_t
match_dms(const unsigned char *p, size_t len, size_t i, size_t *start)
{
	struct dms d;
	size_t j;

	(void)start;
	if (!num_left_ok(p, i))
		return 0;
	j = dms_parse(p, len, i, &d);
	return j != 0 && num_right_ok(p, len, j) ? j : 0;
}

static void
put_degrees(struct obuf *b, const struct dms *d, const struct dms_coord *c)
{
	unsigned long deg = c->deg + (c->min * 60 + c->sec >= 1800);
	char tmp[32];

	if (d->compact)
		snprintf(tmp, sizeof tmp, "%lu%c", deg, c->hemi);
	else if (d->prefix)
		snprintf(tmp, sizeof tmp, "%c%lu\xc2\xb0", c->hemi, deg);
	else
		snprintf(tmp, sizeof tmp, "%lu\xc2\xb0%c", deg, c->hemi);
	ob_puts(b, tmp);
}

static int
gen_dms(struct obuf *b, const unsigned char *p, size_t len, size_t start,
	size_t end)
{
	struct dms d;

	if (dms_parse(p, len, start, &d) != end)
		return 0;
	put_degrees(b, &d, &d.c[0]);
	ob_put(b, p + d.sep, d.sepe - d.sep);
	put_degrees(b, &d, &d.c[1]);
	return 1;
}

/* ---- recognizers: IP addresses ---------------------------------------- */

/* D{1,3}(.D{1,3}){3}, each at most 255. */
static size_t
ipv4_parse(const unsigned char *p, size_t len, size_t i)
{
	size_t j = i, n;
	int k;

	for (k = 0; k < 4; k++) {
		if (k > 0) {
			if (j >= len || p[j] != '.')
				return 0;
			j++;
		}
		n = ndig(p, len, j, 4);
		if (n < 1 || n > 3 || num(p + j, n) > 255)
			return 0;
		j += n;
	}
	return j;
}

/* "/D{1,3}" up to max, when present. */
static size_t
prefix_len(const unsigned char *p, size_t len, size_t j, unsigned long max)
{
	size_t n;

	if (j + 1 >= len || p[j] != '/')
		return j;
	n = ndig(p, len, j + 1, 4);
	if (n < 1 || n > 3 || num(p + j + 1, n) > max)
		return j;
	return j + 1 + n;
}

static size_t
match_ipv4(const unsigned char *p, size_t len, size_t i, size_t *start)
{
	size_t j;

	(void)start;
	if (!num_left_ok(p, i) || (j = ipv4_parse(p, len, i)) == 0)
		return 0;
	j = prefix_len(p, len, j, 32);
	return num_right_ok(p, len, j) ? j : 0;
}

static size_t
nhex(const unsigned char *p, size_t len, size_t i)
{
	size_t n = 0;

	while (i + n < len && n < 5 && is_hex(p[i + n]))
		n++;
	return n;
}

/* The groups of an IPv6 address; *groups counts them, *dbl the "::". */
static size_t
ipv6_groups(const unsigned char *p, size_t len, size_t j, size_t *groups,
	    int *dbl)
{
	size_t n, e;

	while ((n = nhex(p, len, j)) > 0 && n <= 4) {
		if (j + n < len && p[j + n] == '.') {
			if ((e = ipv4_parse(p, len, j)) == 0)
				return 0;
			*groups += 2;
			return e;
		}
		j += n;
		(*groups)++;
		if (j + 1 < len && p[j] == ':' && p[j + 1] == ':') {
			if (*dbl)
				return 0;
			*dbl = 1;
			j += 2;
		} else if (j + 1 < len && p[j] == ':' && is_hex(p[j + 1])) {
			j++;
		} else {
			return j;
		}
	}
	return n > 4 ? 0 : j;
}

static size_t
match_ipv6(const unsigned char *p, size_t len, size_t i, size_t *start)
{
	size_t j = i, groups = 0, n;
	int dbl = 0;

	(void)start;
	for (n = 0; n < 5 && j + n < len && is_hex(p[j + n]); n++)
		; /* quick refusal: a word, not hex then ':' */
	if (j + n >= len || p[j + n] != ':')
		return 0;
	if (!left_ok(p, i) || (i > 0 && p[i - 1] == ':'))
		return 0;
	if (j + 1 < len && p[j] == ':' && p[j + 1] == ':') {
		dbl = 1;
		j += 2;
	} else if (p[j] == ':') {
		return 0;
	}
	if ((j = ipv6_groups(p, len, j, &groups, &dbl)) == 0 || groups == 0)
		return 0;
	if (dbl ? groups > 7 : groups != 8)
		return 0;
	j = prefix_len(p, len, j, 128);
	return num_right_ok(p, len, j) ? j : 0;
}

/* ---- recognizers: e-mail ---------------------------------------------- */

static int
letter2(unsigned char c0, unsigned char c1)
{
	unsigned cp = ((unsigned)(c0 & 0x1f) << 6) | (c1 & 0x3fu);

	return c0 >= 0xc3 && c0 <= 0xd4 && c1 >= 0x80 && c1 <= 0xbf &&
	       cp >= 0xc0 && cp <= 0x52f && cp != 0xd7 && cp != 0xf7;
}

static int
local_byte(unsigned char c)
{
	return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' ||
	       c == '-' || c == '\'';
}

/* Where the local part ending at the '@' p[a] begins; a if none. */
static size_t
email_start(const unsigned char *p, size_t a)
{
	size_t k = a;

	while (k > 0 && a - k < 64) {
		if (local_byte(p[k - 1]))
			k--;
		else if (k >= 2 && a - k + 2 <= 64 &&
			 letter2(p[k - 2], p[k - 1]))
			k -= 2;
		else
			break;
	}
	while (k < a && (p[k] == '.' || p[k] == '\''))
		k++;
	return k;
}

/* Bytes of the label character at p[j], 0 if none. */
static size_t
label_char(const unsigned char *p, size_t len, size_t j)
{
	if (j >= len)
		return 0;
	if (is_alnum(p[j]) || p[j] == '-')
		return 1;
	return j + 1 < len && letter2(p[j], p[j + 1]) ? 2 : 0;
}

/* The end of the label at p[i..), trailing '-' dropped; 0 if invalid. */
static size_t
email_label(const unsigned char *p, size_t len, size_t i)
{
	size_t j = i, n;

	while (j - i <= 253 && (n = label_char(p, len, j)) > 0)
		j += n;
	while (j > i && p[j - 1] == '-')
		j--;
	if (j == i || j - i > 63 || p[i] == '-')
		return 0;
	return j;
}

static int
tld_ok(const unsigned char *p, size_t i, size_t e)
{
	size_t k;

	if (e - i < 2)
		return 0;
	for (k = i; k < e; k++)
		if (!is_digit(p[k]))
			return 1;
	return 0;
}

static size_t
email_domain(const unsigned char *p, size_t len, size_t i)
{
	size_t j = i, last = i, labels = 0, e;

	while ((e = email_label(p, len, j)) != 0) {
		labels++;
		last = j;
		j = e;
		if (j - i > 253 || j >= len || p[j] != '.' ||
		    label_char(p, len, j + 1) == 0 || p[j + 1] == '-')
			break;
		j++;
	}
	if (labels < 2 || j - i > 253 || !tld_ok(p, last, j))
		return 0;
	return j;
}

static size_t
match_email(const unsigned char *p, size_t len, size_t a, size_t *start)
{
	size_t k = email_start(p, a), e;

	if (k == a || (e = email_domain(p, len, a + 1)) == 0)
		return 0;
	*start = k;
	return e;
}

/* ---- recognizers: phone numbers --------------------------------------- */

#define PHONE_GROUPS 16

struct phone {
	size_t ng, digits, pos[PHONE_GROUPS], glen[PHONE_GROUPS];
	unsigned char sep[PHONE_GROUPS]; /* before the group; '(' parens */
};

/* One group at p[j..): digits or (digits). */
static size_t
phone_group(const unsigned char *p, size_t len, size_t j, int intl,
	    unsigned char sep, struct phone *ph)
{
	size_t n, e, d;
	size_t paren = j < len && p[j] == '(';

	n = ndig(p, len, j + paren, paren ? 6 : 16);
	if (n < 1 ||
	    (paren && (n > 5 || j + 1 + n >= len || p[j + 1 + n] != ')')))
		return 0;
	e = j + n + 2 * paren;
	d = intl && paren && n == 1 && p[j + 1] == '0' ? 0 : n;
	if (ph->digits + d > 15 || ph->ng == PHONE_GROUPS)
		return 0;
	ph->pos[ph->ng] = j + paren;
	ph->glen[ph->ng] = n;
	ph->sep[ph->ng++] = paren ? '(' : sep;
	ph->digits += d;
	return e;
}

/* The separator before the next group at p[j..), 0 if no group follows. */
static size_t
phone_next(const unsigned char *p, size_t len, size_t j, unsigned char *sep)
{
	*sep = 0;
	if (j >= len)
		return 0;
	if (p[j] == '(' || (p[j - 1] == ')' && is_digit(p[j])))
		return j;
	if (j + 1 < len && (p[j] == ' ' || p[j] == '-' || p[j] == '.') &&
	    (is_digit(p[j + 1]) || p[j + 1] == '(')) {
		*sep = p[j];
		return j + 1;
	}
	return 0;
}

static size_t
phone_parse(const unsigned char *p, size_t len, size_t i, struct phone *ph)
{
	int intl = p[i] == '+';
	size_t j = i + (size_t)intl, e = 0, k;
	unsigned char sep = 0;

	memset(ph, 0, sizeof *ph);
	if (intl && (j >= len || p[j] < '1' || p[j] > '9'))
		return 0;
	for (;;) {
		if ((k = phone_group(p, len, j, intl, sep, ph)) == 0)
			return e; /* 0 before the first group */
		e = k;
		if ((j = phone_next(p, len, e, &sep)) == 0)
			return e;
	}
}

static int
phone_all(const struct phone *ph, size_t lo, size_t hi)
{
	size_t k;

	for (k = 0; k < ph->ng; k++)
		if (ph->glen[k] < lo || ph->glen[k] > hi)
			return 0;
	return 1;
}

static int
phone_years(const unsigned char *p, const struct phone *ph)
{
	size_t k;

	for (k = 0; k < ph->ng; k++)
		if (ph->glen[k] != 4 || p[ph->pos[k]] < '1' ||
		    p[ph->pos[k]] > '2' || ph->sep[k] == '(')
			return 0;
	return 1;
}

/* Starts as a date does: 4-2-2 or 2-2-4 digits (a time may follow). */
static int
phone_date(const struct phone *ph)
{
	const size_t *g = ph->glen;

	return ph->ng >= 3 && ph->sep[0] != '(' && ph->sep[1] != '(' &&
	       ph->sep[2] != '(' &&
	       ((g[0] == 4 && g[1] <= 2 && g[2] <= 2) ||
		(g[0] <= 2 && g[1] <= 2 && g[2] == 4));
}

static int
phone_thousands(const unsigned char *p, const struct phone *ph)
{
	size_t k;
	unsigned char s = ph->sep[1];

	if (ph->glen[0] > 3 || p[ph->pos[0]] == '0' || ph->sep[0] == '(' ||
	    (s != ' ' && s != '.'))
		return 0;
	for (k = 1; k < ph->ng; k++)
		if (ph->glen[k] != 3 || ph->sep[k] != s)
			return 0;
	return 1;
}

/* Dotted: only dots, three groups or more, not shaped as IPv4. */
static int
phone_dotted_ok(const struct phone *ph)
{
	size_t k, dots = 0;

	for (k = 1; k < ph->ng; k++)
		dots += ph->sep[k] == '.';
	if (dots == 0)
		return 1;
	return dots == ph->ng - 1 && ph->ng >= 3 &&
	       !(ph->ng == 4 && phone_all(ph, 1, 3));
}

static int
phone_national_ok(const unsigned char *p, const struct phone *ph)
{
	size_t k, big = 0;

	for (k = 0; k < ph->ng; k++)
		big += ph->glen[k] >= 3;
	if (ph->ng < 2 || (big == 0 && !(ph->ng >= 4 && phone_all(ph, 2, 15))))
		return 0;
	return phone_dotted_ok(ph) && !phone_date(ph) && !phone_years(p, ph) &&
	       !phone_thousands(p, ph);
}

static size_t
match_phone(const unsigned char *p, size_t len, size_t i, size_t *start)
{
	struct phone ph;
	size_t j;

	(void)start;
	if (!num_left_ok(p, i) || (j = phone_parse(p, len, i, &ph)) == 0)
		return 0;
	if (ph.digits < 7 || !num_right_ok(p, len, j))
		return 0;
	return p[i] == '+' || phone_national_ok(p, &ph) ? j : 0;
}

/* ---- recognizers: date-time groups ------------------------------------ */

static int
month_at(const unsigned char *p, size_t len, size_t j)
{
	int m;

	if (j + 3 > len)
		return 0;
	for (m = 0; m < 12; m++)
		if (fold(p[j]) == fold((unsigned char)months[m][0]) &&
		    fold(p[j + 1]) == fold((unsigned char)months[m][1]) &&
		    fold(p[j + 2]) == fold((unsigned char)months[m][2]))
			return 1;
	return 0;
}

static size_t
match_dtg(const unsigned char *p, size_t len, size_t i, size_t *start)
{
	size_t j = i + 6, k, n;
	unsigned char z;

	(void)start;
	if (!num_left_ok(p, i) || ndig(p, len, i, 7) != 6)
		return 0;
	if (num(p + i, 2) < 1 || num(p + i, 2) > 31 || num(p + i + 2, 2) > 23 ||
	    num(p + i + 4, 2) > 59)
		return 0;
	if (j >= len || p[j] < 'A' || p[j] > 'Z' || p[j] == 'J')
		return 0;
	z = p[j++];
	k = j + nsp(p, len, j, 1);
	if (month_at(p, len, k)) {
		k += 3;
		k += nsp(p, len, k, 1);
		n = ndig(p, len, k, 5);
		if ((n == 2 || n == 4) && num_right_ok(p, len, k + n))
			return k + n;
	}
	return z == 'Z' && right_ok(p, len, j) ? j : 0;
}

/* ---- the rules -------------------------------------------------------- */

typedef size_t (*match_fn)(const unsigned char *, size_t, size_t, size_t *);
typedef int (*gen_fn)(struct obuf *, const unsigned char *, size_t, size_t,
		      size_t);

static const struct rule_info {
	const char *name;
	int action;       /* the default */
	unsigned allowed; /* ACT() of the actions it may take */
	unsigned trig;    /* T_* of the bytes that may begin it */
	match_fn match;
	gen_fn gen;
} rules[SANITIZE_NRULES] = {
    [SANITIZE_TERM] = {"term", SANITIZE_REDACT, ACTS_TERM, 0, NULL, NULL},
    [SANITIZE_MGRS] = {"mgrs", SANITIZE_GENERALIZE, ACTS_GEO, T_DIGIT,
		       match_mgrs, gen_mgrs},
    [SANITIZE_LATLON] = {"latlon", SANITIZE_GENERALIZE, ACTS_GEO,
			 T_DIGIT | T_PLUS | T_MINUS | T_HEMI, match_latlon,
			 gen_latlon},
    [SANITIZE_DMS] = {"dms", SANITIZE_GENERALIZE, ACTS_GEO, T_DIGIT | T_HEMI,
		      match_dms, gen_dms},
    [SANITIZE_IPV4] = {"ipv4", SANITIZE_REDACT, ACTS_PLAIN, T_DIGIT, match_ipv4,
		       NULL},
    [SANITIZE_IPV6] = {"ipv6", SANITIZE_REDACT, ACTS_PLAIN,
		       T_DIGIT | T_HEX | T_COLON, match_ipv6, NULL},
    [SANITIZE_EMAIL] = {"email", SANITIZE_REDACT, ACTS_PLAIN, T_AT, match_email,
			NULL},
    [SANITIZE_PHONE] = {"phone", SANITIZE_REDACT, ACTS_PLAIN,
			T_DIGIT | T_PLUS | T_PAREN, match_phone, NULL},
    [SANITIZE_DTG] = {"dtg", SANITIZE_WARN, ACTS_PLAIN, T_DIGIT, match_dtg,
		      NULL},
};

static int
action_valid(int action)
{
	return action >= SANITIZE_BLOCK && action <= SANITIZE_GENERALIZE;
}

static int
rule_valid(int rule)
{
	return rule >= SANITIZE_TERM && rule < SANITIZE_NRULES;
}

const char *
sanitize_rule_name(int rule)
{
	return rule_valid(rule) ? rules[rule].name : "?";
}

const char *
sanitize_action_name(int action)
{
	return action_valid(action) ? action_names[action] : "?";
}

int
sanitize_action_parse(const char *s)
{
	int a;

	for (a = SANITIZE_BLOCK; s != NULL && a <= SANITIZE_GENERALIZE; a++)
		if (strcmp(s, action_names[a]) == 0)
			return a;
	return -1;
}

/* ---- the dictionary --------------------------------------------------- */

/* Valid UTF-8, 1 to TERM_MAX bytes, no control character. */
static int
phrase_ok(const char *s)
{
	size_t len = strlen(s), i = 0, n;
	uint32_t cp;

	if (len == 0 || len > TERM_MAX)
		return 0;
	while (i < len) {
		n = text_decode(s + i, len - i, &cp);
		if (cp == TEXT_REPLACEMENT &&
		    (n != 3 || memcmp(s + i, "\xef\xbf\xbd", 3) != 0))
			return 0;
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			return 0;
		i += n;
	}
	return 1;
}

static void
recog_sets(struct sanitizer *s)
{
	unsigned char digit[256] = {0}, lead[256] = {0};
	unsigned c;

	for (c = 0; c < 256; c++) {
		digit[c] = (trig[c] & T_DIGIT) != 0;
		lead[c] = trig[c] != 0 && !(trig[c] & (T_DIGIT | T_AT));
	}
	scanmask_set_init(&s->digit, digit);
	scanmask_set_init(&s->lead, lead);
}

int
sanitize_new(struct sanitizer **out, struct relto_err *e)
{
	struct sanitizer *s;
	int r;

	*out = NULL;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return err_set(e, RELTO_ENOMEM, _("out of memory"));
	for (r = 0; r < SANITIZE_NRULES; r++) {
		s->action[r] = rules[r].action;
		s->on[r] = 1;
	}
	recog_sets(s);
	if (sanitize_compile(s, e) != RELTO_OK) {
		sanitize_free(s);
		return e->code;
	}
	*out = s;
	return RELTO_OK;
}

void
sanitize_free(struct sanitizer *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nterm; i++) {
		free(s->term[i].text);
		free(s->term[i].repl);
	}
	free(s->term);
	termscan_free(s->ts);
	free(s);
}

static int
term_grow(struct sanitizer *s)
{
	struct san_term *nv;
	size_t cap;

	if (s->nterm < s->capterm)
		return 1;
	if (s->nterm >= UINT32_MAX - 1)
		return 0;
	cap = s->capterm ? s->capterm * 2 : 64;
	if ((nv = realloc(s->term, cap * sizeof *nv)) == NULL)
		return 0;
	s->term = nv;
	s->capterm = cap;
	return 1;
}

static int
term_check(const char *term, int action, const char *replacement,
	   struct relto_err *e)
{
	if (!action_valid(action) || !(ACTS_TERM & ACT(action)))
		return err_set(e, RELTO_EUSAGE,
			       _("a term's action is block, redact, replace "
				 "or warn"));
	if (term == NULL || !phrase_ok(term))
		return err_set(e, RELTO_EINPUT,
			       _("a term is 1 to %d bytes of UTF-8 text "
				 "without control characters"),
			       TERM_MAX);
	if (action != SANITIZE_REPLACE)
		return RELTO_OK;
	if (replacement == NULL || *replacement == '\0')
		return err_set(e, RELTO_EINPUT,
			       _("the term \"%s\" is to be replaced but has no "
				 "replacement"),
			       term);
	if (!phrase_ok(replacement))
		return err_set(e, RELTO_EINPUT,
			       _("the replacement for \"%s\" is not 1 to %d "
				 "bytes of UTF-8 text without control "
				 "characters"),
			       term, TERM_MAX);
	return RELTO_OK;
}

int
sanitize_add_term(struct sanitizer *s, const char *term, int action,
		  const char *replacement, struct relto_err *e)
{
	struct san_term t = {0};

	if (term_check(term, action, replacement, e) != RELTO_OK)
		return e->code;
	t.len = strlen(term);
	t.action = action;
	t.text = strdup(term);
	if (action == SANITIZE_REPLACE)
		t.repl = strdup(replacement);
	if (t.text == NULL || (action == SANITIZE_REPLACE && t.repl == NULL) ||
	    !term_grow(s)) {
		free(t.text);
		free(t.repl);
		return err_set(e, RELTO_ENOMEM, _("out of memory"));
	}
	s->term[s->nterm++] = t;
	if (t.len > s->maxterm)
		s->maxterm = t.len;
	s->dirty = 1;
	return RELTO_OK;
}

int
sanitize_set_rule_action(struct sanitizer *s, int rule, int action)
{
	if (rule == SANITIZE_TERM || !rule_valid(rule) ||
	    !action_valid(action) || !(rules[rule].allowed & ACT(action)))
		return RELTO_EUSAGE;
	s->action[rule] = action;
	return RELTO_OK;
}

int
sanitize_set_rule_enabled(struct sanitizer *s, int rule, int on)
{
	if (rule == SANITIZE_TERM || !rule_valid(rule))
		return RELTO_EUSAGE;
	s->on[rule] = on != 0;
	return RELTO_OK;
}

int
sanitize_rule_action(const struct sanitizer *s, int rule)
{
	if (rule == SANITIZE_TERM || !rule_valid(rule) || !s->on[rule])
		return -1;
	return s->action[rule];
}

size_t
sanitize_term_count(const struct sanitizer *s)
{
	return s->nterm;
}

const char *
sanitize_term_text(const struct sanitizer *s, size_t term)
{
	return term < s->nterm ? s->term[term].text : NULL;
}

size_t
sanitize_horizon(const struct sanitizer *s)
{
	return (s->maxterm > RECOG_MAX ? s->maxterm : RECOG_MAX) + 8;
}

/* ---- compiling -------------------------------------------------------- */

int
sanitize_compile(struct sanitizer *s, struct relto_err *e)
{
	struct termscan_term *t;
	size_t i;

	termscan_free(s->ts);
	s->ts = NULL;
	s->dirty = 1; /* no dictionary: refuse to scan */
	if ((t = malloc((s->nterm ? s->nterm : 1) * sizeof *t)) == NULL)
		goto oom;
	for (i = 0; i < s->nterm; i++) {
		t[i].text = s->term[i].text;
		t[i].len = s->term[i].len;
		t[i].rank = action_rank[s->term[i].action];
	}
	s->ts = termscan_new(t, s->nterm);
	free(t);
	if (s->ts == NULL)
		goto oom;
	s->dirty = 0;
	return RELTO_OK;
oom:
	return err_set(e, RELTO_ENOMEM,
		       _("out of memory compiling the sanitizer's dictionary"));
}

/* ---- scanning --------------------------------------------------------- */

static void
cand_push(struct scan *x, size_t start, size_t end, int rule, int action,
	  size_t term)
{
	struct cand *nv;
	size_t cap;

	if (start < x->from || start >= x->limit || x->oom)
		return;
	if (x->n == x->cap) {
		cap = x->cap ? x->cap * 2 : 64;
		if ((nv = realloc(x->v, cap * sizeof *nv)) == NULL) {
			x->oom = 1;
			return;
		}
		x->v = nv;
		x->cap = cap;
	}
	nv = &x->v[x->n++];
	nv->start = start;
	nv->end = end;
	nv->rule = rule;
	nv->action = action;
	nv->term = term;
}

/* A term termscan found: a candidate with the term's own action. */
static void
term_found(void *arg, size_t start, size_t end, size_t term)
{
	struct scan *x = arg;

	cand_push(x, start, end, SANITIZE_TERM, x->s->term[term].action, term);
}

/*
 * Triggers the byte after a first byte allows: a hex letter begins IPv6
 * only before a hex digit or ':', a hemisphere letter a coordinate only
 * before a digit or a space, '+', '-' and '(' a number only before a
 * digit, ':' only "::".  Every matcher checks the same again.
 */
static unsigned
next_allows(unsigned char c)
{
	unsigned t = T_DIGIT | T_AT;

	if (is_hex(c) || c == ':')
		t |= T_HEX;
	if (is_digit(c) || c == ' ')
		t |= T_HEMI;
	if (is_digit(c))
		t |= T_PLUS | T_MINUS | T_PAREN;
	if (c == ':')
		t |= T_COLON;
	return t;
}

/* The recognizers on, in rule order, that the byte at p[i] may begin. */
static void
recognize_at(struct scan *x, const int *on, size_t i, unsigned t)
{
	size_t start, end;

	for (; *on != 0; on++) {
		if (!(rules[*on].trig & t))
			continue;
		start = i;
		end = rules[*on].match(x->p, x->len, i, &start);
		if (end != 0)
			cand_push(x, start, end, *on, x->s->action[*on],
				  (size_t)-1);
	}
}

/*
 * The places in p[pos..pos+STRIDE) a recognizer may begin, and more:
 * '@'; after a byte that is not a letter or digit, a digit, or another
 * first byte followed by a digit, a space or (within 4 bytes) a ':'.
 * *colon gets the places with a ':' 1 to 4 bytes on: IPv6 begun at a hex
 * letter needs one there, after 1 to 4 hex digits.
 */
static uint64_t
recog_places(const struct scan *x, size_t pos, uint64_t *colon)
{
	const unsigned char *p = x->p + pos;
	size_t n = x->len - pos;
	uint64_t a, d, co, m;

	if (n > SCANMASK_BYTES)
		n = SCANMASK_BYTES;
	a = scanmask_alnum(p, n);
	d = scanmask_in(&x->s->digit, p, n);
	co = scanmask_byte(p, n, ':');
	*colon = co >> 1 | co >> 2 | co >> 3 | co >> 4;
	m = scanmask_byte(p, n, '@') |
	    (~(a << 1 | (uint64_t)!left_ok(x->p, pos)) &
	     (d | (scanmask_in(&x->s->lead, p, n) &
		   (d >> 1 | scanmask_byte(p, n, ' ') >> 1 | *colon))));
	return n > STRIDE ? m & (((uint64_t)1 << STRIDE) - 1) : m;
}

/*
 * At each of those places, the triggers by the byte, by whether the byte
 * before is a letter or a digit (inside a word only '@' begins anything)
 * and by the byte after, from tables; the recognizers they allow.
 */
static void
scan_recognizers(struct scan *x)
{
	const unsigned char *p = x->p;
	unsigned char tt[2][256], nt[256];
	unsigned want = 0, c, k;
	uint64_t m, colon;
	size_t i, pos;
	int r, on[SANITIZE_NRULES], n = 0;

	for (r = 1; r < SANITIZE_NRULES; r++)
		if (x->s->on[r]) {
			want |= rules[r].trig;
			on[n++] = r;
		}
	on[n] = 0;
	if (want == 0)
		return;
	for (c = 0; c < 256; c++) {
		tt[0][c] = (unsigned char)(trig[c] & want);
		tt[1][c] = (unsigned char)(trig[c] & want & T_AT);
		nt[c] = (unsigned char)next_allows((unsigned char)c);
	}
	for (pos = x->from; pos < x->len; pos += STRIDE)
		for (m = recog_places(x, pos, &colon); m != 0; m &= m - 1) {
			k = scanmask_first(m);
			i = pos + k;
			c = tt[!left_ok(p, i)][p[i]] &
			    (i + 1 < x->len ? nt[p[i + 1]] : next_allows(0));
			if (!(colon >> k & 1))
				c &= ~(unsigned)T_HEX;
			if (c != 0)
				recognize_at(x, on, i, c);
		}
}

static int
cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1;
	if (x->action != y->action)
		return action_rank[x->action] > action_rank[y->action] ? -1 : 1;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	return x->term < y->term ? -1 : x->term > y->term;
}

static int
hit_push(struct sanitize_hits *h, const struct cand *c)
{
	struct sanitize_hit *nv;
	size_t cap;

	if (h->n == h->cap) {
		cap = h->cap ? h->cap * 2 : 16;
		if ((nv = realloc(h->v, cap * sizeof *nv)) == NULL)
			return 0;
		h->v = nv;
		h->cap = cap;
	}
	nv = &h->v[h->n++];
	nv->start = c->start;
	nv->end = c->end;
	nv->rule = c->rule;
	nv->action = c->action;
	nv->term = c->term;
	return 1;
}

/* Leftmost-longest, greedy; returns where the next window starts. */
static size_t
select_hits(struct scan *x, struct sanitize_hits *hits)
{
	size_t i, pos = x->from;

	if (x->n > 1)
		qsort(x->v, x->n, sizeof *x->v, cand_cmp);
	for (i = 0; i < x->n; i++) {
		if (x->v[i].start < pos)
			continue;
		if (!hit_push(hits, &x->v[i])) {
			x->oom = 1;
			break;
		}
		pos = x->v[i].end;
	}
	return pos > x->limit ? pos : x->limit;
}

int
sanitize_scan_window(const struct sanitizer *s, const char *buf, size_t len,
		     size_t from, int last, struct sanitize_hits *hits,
		     size_t *next, struct relto_err *e)
{
	struct scan x = {0};
	size_t pos;

	*next = from;
	if (s->dirty)
		return err_set(e, RELTO_EUSAGE,
			       _("the sanitizer's dictionary changed since it "
				 "was compiled"));
	if (from > len)
		return err_set(e, RELTO_EUSAGE,
			       _("a sanitizer window starts past its end"));
	x.s = s;
	x.p = (const unsigned char *)buf;
	x.len = len;
	x.from = from;
	x.limit =
	    last
		? len
		: len - (len < sanitize_horizon(s) ? len : sanitize_horizon(s));
	if (x.limit <= from)
		return RELTO_OK;
	termscan_run(s->ts, x.p, len, from, x.limit, term_found, &x);
	scan_recognizers(&x);
	pos = select_hits(&x, hits);
	*next = last ? len : pos;
	free(x.v);
	if (x.oom)
		return err_set(e, RELTO_ENOMEM, _("out of memory"));
	return RELTO_OK;
}

int
sanitize_scan(const struct sanitizer *s, const char *text, size_t len,
	      struct sanitize_hits *hits, struct relto_err *e)
{
	size_t next;

	hits->n = 0;
	return sanitize_scan_window(s, len ? text : "", len, 0, 1, hits, &next,
				    e);
}

void
sanitize_hits_free(struct sanitize_hits *hits)
{
	if (hits == NULL)
		return;
	free(hits->v);
	hits->v = NULL;
	hits->n = hits->cap = 0;
}

/* ---- applying --------------------------------------------------------- */

static int
hits_ok(const struct sanitizer *s, const struct sanitize_hits *hits, size_t len)
{
	size_t i, pos = 0;
	const struct sanitize_hit *h;

	for (i = 0; i < hits->n; i++) {
		h = &hits->v[i];
		if (h->start < pos || h->start >= h->end || h->end > len ||
		    !rule_valid(h->rule))
			return 0;
		if (h->rule == SANITIZE_TERM && h->term >= s->nterm)
			return 0;
		pos = h->end;
	}
	return 1;
}

/* The text hit h becomes, appended to b. */
static void
emit(const struct sanitizer *s, struct obuf *b, const unsigned char *p,
     size_t len, const struct sanitize_hit *h)
{
	const struct rule_info *r = &rules[h->rule];

	if (h->action == SANITIZE_WARN)
		ob_put(b, p + h->start, h->end - h->start);
	else if (h->action == SANITIZE_REPLACE && h->rule == SANITIZE_TERM &&
		 s->term[h->term].repl != NULL)
		ob_puts(b, s->term[h->term].repl);
	else if (h->action != SANITIZE_GENERALIZE || r->gen == NULL ||
		 !r->gen(b, p, len, h->start, h->end))
		ob_puts(b, REDACTED);
}

int
sanitize_apply(const struct sanitizer *s, const char *text, size_t len,
	       const struct sanitize_hits *hits, char **out, size_t *outlen,
	       int *blocked, struct relto_err *e)
{
	const unsigned char *p = (const unsigned char *)(len ? text : "");
	struct obuf b = {0};
	size_t i, pos = 0;

	*out = NULL;
	*outlen = 0;
	*blocked = 0;
	if (!hits_ok(s, hits, len))
		return err_set(e, RELTO_EUSAGE,
			       _("sanitizer hits out of order or out of the "
				 "text"));
	ob_put(&b, "", 1);
	b.n = 0;
	for (i = 0; i < hits->n; i++) {
		ob_put(&b, p + pos, hits->v[i].start - pos);
		emit(s, &b, p, len, &hits->v[i]);
		*blocked |= hits->v[i].action == SANITIZE_BLOCK;
		pos = hits->v[i].end;
	}
	ob_put(&b, p + pos, len - pos);
	ob_put(&b, "", 1);
	if (b.oom) {
		free(b.p);
		return err_set(e, RELTO_ENOMEM, _("out of memory"));
	}
	*out = b.p;
	*outlen = b.n - 1;
	return RELTO_OK;
}
