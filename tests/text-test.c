/*
 * text-test.c -- tests for src/core/text.c: hostile terminal input, UTF-8
 * decoding at its edges, display widths, and a randomized check of the
 * sanitizer's invariants against an independent UTF-8 validator.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "text.h"

#define R "\xef\xbf\xbd" /* U+FFFD */

static int outlen_bad;

static void
san_at(const char *in, size_t len, const char *want, int line, const char *file,
       int lineno, const char *name)
{
	size_t n = (size_t)-1;
	char *out;

	out =
	    line ? text_sanitize_line(in, len, &n) : text_sanitize(in, len, &n);
	is_at(out, want, file, lineno, "%s", name);
	if (out == NULL || n != strlen(out))
		outlen_bad++;
	free(out);
}

#define SAN(in, want, name)                                                    \
	san_at((in), sizeof(in) - 1, (want), 0, __FILE__, __LINE__, (name))
#define SANL(in, want, name)                                                   \
	san_at((in), sizeof(in) - 1, (want), 1, __FILE__, __LINE__, (name))

static void
test_escapes(void)
{
	SAN("\033]52;c;SGVsbG8=\a", "", "OSC 52 clipboard write removed");
	SAN("a\033]52;c;SGVsbG8=\ab", "ab", "text around OSC 52 kept");
	SAN("\033[2J", "", "CSI clear screen removed");
	SAN("\033[31mred\033[0m", "red", "SGR colour removed, text kept");
	SAN("\033[?1049h\033[1;1Hx", "x", "private CSI and cursor move");
	SAN("\033[4@ab\033[1~x", "abx", "CSI final bytes @ and ~");
	SAN("\x9b"
	    "31mX",
	    "X", "8-bit CSI 0x9b removed with its parameters");
	SAN("\xc2\x9b"
	    "31mX",
	    "X", "U+009B as UTF-8 is a CSI too");
	SAN("\033]0;title\033\\after", "after", "OSC terminated by ESC \\");
	SAN("\033]0;t\x9c"
	    "after",
	    "after", "OSC terminated by raw 0x9c");
	SAN("\033]0;t\xc2\x9c"
	    "after",
	    "after", "OSC terminated by U+009C");
	SAN("\033]8;;http://x/\033\\link\033]8;;\033\\", "link",
	    "OSC 8 hyperlink removed, label kept");
	SAN("keep\033]0;evil", "keep", "unterminated OSC runs to the end");
	SAN("\033P1$r0m\033\\ok", "ok", "DCS removed");
	SAN("a\033Pq#0;2;0;0;0", "a", "unterminated DCS runs to the end");
	SAN("\033Xs\033\\a\033^p\033\\b\033_g\033\\c", "abc",
	    "SOS, PM and APC strings removed");
	SAN("\033P\ay\033\\x", "x", "BEL does not end a DCS");
	SAN("\xc2\x9d"
	    "0;t\aX",
	    "X", "U+009D as UTF-8 is an OSC");
	SAN("\xc2\x90q\033\\X", "X", "U+0090 as UTF-8 is a DCS");
	SAN("\033(Bx\0337y\033=z\033#8", "xyz",
	    "two-byte escapes and ESC ( B removed whole");
	SAN("abc\033", "abc", "ESC at end of input removed");
	SAN("a\033\nb", "a\nb", "lone ESC before newline: newline kept");
	SAN("\033\033[1mx", "x", "ESC ESC [ ... both removed");
	SAN("\033[12\nx", "\nx", "CSI cut by newline keeps the newline");
	SAN("\033]0;a\033[1mx", "x", "ESC inside OSC ends it and starts anew");
}

static void
test_controls(void)
{
	char *out;

	SAN("a\x85"
	    "b\x9c"
	    "c\x80"
	    "d",
	    "abcd", "raw C1 bytes removed");
	SAN("\x9d"
	    "X",
	    "X", "raw 0x9d is removed alone, not as an OSC");
	SAN("a\xc2\x85"
	    "b\xc2\x9f",
	    "ab", "C1 controls as UTF-8 removed");
	SAN("a\xe2\x80\xae"
	    "b\xe2\x81\xa6"
	    "c\xe2\x81\xa9\xe2\x80\x8e"
	    "d\xe2\x80\x8f\xd8\x9c"
	    "e\xe2\x80\xaa\xe2\x80\xac",
	    "abcde", "bidi controls removed");
	san_at("a\0b", 3, "ab", 0, __FILE__, __LINE__, "NUL removed");
	SAN("a\r\nb\r", "a\nb", "CR removed");
	SAN("a\x7f"
	    "b\x01\x08\x1a"
	    "c",
	    "abc", "DEL and other C0 removed");
	SAN("a\tb\nc", "a\tb\nc", "newline and tab kept");
	SANL("a\tb\nc\r\n", "a b c ", "line: newline and tab become spaces");
	SANL("\033]0;x\a\xe6\x9d\xb1", "\xe6\x9d\xb1", "line: OSC removed");
	SAN("", "", "empty input gives empty string");
	out = text_sanitize(NULL, 0, NULL);
	is(out, "", "NULL with length 0 and no outlen");
	free(out);
}

static void
test_utf8(void)
{
	SAN("Z\xc3\xbcrich", "Z\xc3\xbcrich", "Zuerich kept");
	SAN("\xe6\x9d\xb1\xe4\xba\xac", "\xe6\x9d\xb1\xe4\xba\xac",
	    "Tokyo kept");
	SAN("e\xcc\x81", "e\xcc\x81", "e + combining acute kept");
	SAN("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80", "emoji kept");
	SAN(R, R, "a real U+FFFD kept");
	/*
	 * Each maximal invalid subpart becomes one U+FFFD, except that a
	 * stray 0x80-0x9F is a raw C1 control and is removed instead.
	 */
	SAN("\xc0\xaf", R R, "overlong C0 AF: two U+FFFD");
	SAN("\xe0\x80\xaf", R R, "overlong E0 80 AF: E0, AF; stray 80 removed");
	SAN("\xe0\xa0", R, "E0 A0 is a truncated, not an invalid, prefix");
	SAN("\xf0\x80\xa0\xaf", R R R, "overlong F0 80 A0 AF");
	SAN("\xed\xa0\x80", R R, "lone high surrogate: ED, A0; 80 removed");
	SAN("\xed\xa0\xbd", R R R, "lone high surrogate ED A0 BD");
	SAN("\xed\xbf\xbf", R R R, "lone low surrogate");
	SAN("\xe6\x9d", R, "truncated 3-byte sequence: one U+FFFD");
	SAN("\xe6\x9dx", R "x", "truncated sequence before ASCII");
	SAN("\xf0\x9f\x98", R, "truncated 4-byte sequence: one U+FFFD");
	SAN("\xf5\xa0\xa0", R R R, "lead byte F5 invalid");
	SAN("\xff\xfe", R R, "bytes FE FF invalid");
	SAN("\xf4\x90\xa0\xa0", R R R, "above U+10FFFF: 90 removed");
	SAN("\xf4\xa0\xa0\xa0", R R R R, "above U+10FFFF: four U+FFFD");
	SAN("\xf8\x88\x80\x80\x80", R, "5-byte form: C1 continuations dropped");
	SAN("caf\xe9!", "caf" R "!", "Latin-1 byte replaced");
}

static void
test_decode(void)
{
	uint32_t cp = 0;
	char buf[4];
	size_t n, bad = 0;
	uint32_t c;

	is_int((long long)text_decode("\xe2\x82\xac", 3, &cp), 3, "euro: 3");
	is_int(cp, 0x20AC, "euro: U+20AC");
	is_int((long long)text_decode("\xf0\x9f\x98\x80", 4, &cp), 4,
	       "emoji: 4 bytes");
	is_int(cp, 0x1F600, "emoji: U+1F600");
	is_int((long long)text_decode("\xe6\x9d", 2, &cp), 2,
	       "truncated: maximal subpart is 2 bytes");
	is_int(cp, TEXT_REPLACEMENT, "truncated: U+FFFD");
	is_int((long long)text_decode("\xe6\x9d\xb1", 2, &cp), 2,
	       "len stops decoding");
	is_int((long long)text_decode("\xe0\x80\xaf", 3, &cp), 1,
	       "overlong: lead alone");
	is_int((long long)text_decode("\xf4\x90\x80\x80", 4, &cp), 1,
	       "F4 90: lead alone");
	is_int((long long)text_decode("\xf4\x8f\xbf\xbf", 4, &cp), 4,
	       "U+10FFFF: 4 bytes");
	is_int(cp, 0x10FFFF, "U+10FFFF decoded");
	is_int((long long)text_decode("\xed\x9f\xbf", 3, &cp), 3,
	       "U+D7FF: 3 bytes");
	is_int((long long)text_decode("\x80", 1, &cp), 1, "stray continuation");
	is_int((long long)text_decode("", 0, &cp), 0, "empty: 0 bytes");

	is_int((long long)text_encode(0x41, buf), 1, "encode ASCII");
	n = text_encode(0xE9, buf);
	ok(n == 2 && memcmp(buf, "\xc3\xa9", 2) == 0, "encode U+00E9");
	n = text_encode(0x1F600, buf);
	ok(n == 4 && memcmp(buf, "\xf0\x9f\x98\x80", 4) == 0, "encode U+1F600");
	n = text_encode(0xD800, buf);
	ok(n == 3 && memcmp(buf, R, 3) == 0, "encode surrogate: U+FFFD");
	n = text_encode(0x110000, buf);
	ok(n == 3 && memcmp(buf, R, 3) == 0, "encode > U+10FFFF: U+FFFD");

	for (c = 0; c <= 0x10FFFF; c++) {
		if (c >= 0xD800 && c <= 0xDFFF)
			continue;
		n = text_encode(c, buf);
		if (text_decode(buf, n, &cp) != n || cp != c)
			bad++;
	}
	is_int((long long)bad, 0, "every scalar value round-trips");
}

static void
test_width(void)
{
	is_int(text_cp_width('A'), 1, "width: A");
	is_int(text_cp_width(0xE9), 1, "width: e acute");
	is_int(text_cp_width(0x6771), 2, "width: CJK ideograph");
	is_int(text_cp_width(0xAC00), 2, "width: Hangul syllable");
	is_int(text_cp_width(0xFF21), 2, "width: fullwidth A");
	is_int(text_cp_width(0x3042), 2, "width: hiragana");
	is_int(text_cp_width(0x20000), 2, "width: CJK extension B");
	is_int(text_cp_width(0x1F600), 2, "width: emoji face");
	is_int(text_cp_width(0x1F680), 2, "width: emoji rocket");
	is_int(text_cp_width(0x1FAF8), 2, "width: Unicode 15 emoji");
	is_int(text_cp_width(0x0301), 0, "width: combining acute");
	is_int(text_cp_width(0x20DD), 0, "width: enclosing circle (Me)");
	is_int(text_cp_width(0x3099), 0, "width: kana voiced mark");
	is_int(text_cp_width(0x200B), 0, "width: zero width space");
	is_int(text_cp_width(0x200D), 0, "width: zero width joiner");
	is_int(text_cp_width(0xFE0F), 0, "width: variation selector 16");
	is_int(text_cp_width(0xE0101), 0, "width: variation selector 18");
	is_int(text_cp_width(0x2603), 1, "width: snowman (neutral)");
	is_int(text_cp_width(0x07), -1, "width: BEL");
	is_int(text_cp_width(0x7F), -1, "width: DEL");
	is_int(text_cp_width(0x9B), -1, "width: CSI");
	is_int(text_cp_width(0xD800), -1, "width: surrogate");

	is_int((long long)text_width("abc", 3), 3, "width of ASCII");
	is_int((long long)text_width("\xe6\x9d\xb1\xe4\xba\xac", 6), 4,
	       "width of Tokyo");
	is_int((long long)text_width("e\xcc\x81", 3), 1, "width of e + mark");
	is_int((long long)text_width("\033[31mred\033[0m", 12), 3,
	       "width ignores escape sequences");
	is_int((long long)text_width("a\tb\n", 4), 2, "tab and newline: 0");
	is_int((long long)text_width("\xe6\x9d", 2), 1, "invalid: 1 (U+FFFD)");

	/* "a" + U+6771 + U+4EAC: columns 1, 3, 5. */
	is_int((long long)text_fit("a\xe6\x9d\xb1\xe4\xba\xac", 7, 2), 1,
	       "fit: wide char not split at odd column");
	is_int((long long)text_fit("a\xe6\x9d\xb1\xe4\xba\xac", 7, 3), 4,
	       "fit: wide char that fits is kept");
	is_int((long long)text_fit("a\xe6\x9d\xb1\xe4\xba\xac", 7, 99), 7,
	       "fit: everything");
	is_int((long long)text_fit("\xe6\x9d\xb1", 3, 1), 0,
	       "fit: wide char in one column gives nothing");
	is_int((long long)text_fit("e\xcc\x81x", 4, 1), 3,
	       "fit: combining mark kept with its base");
	is_int((long long)text_fit("ab\xcc\x81", 4, 1), 1,
	       "fit: mark goes with a base that does not fit");
	is_int((long long)text_fit("abc", 3, 0), 0, "fit: zero columns");
	is_int((long long)text_fit("ab\033[1mc", 7, 2), 6,
	       "fit: escape sequence not split");
}

/* Independent strict UTF-8 reader: returns the code point or -1. */
static long
strict_utf8(const unsigned char *p, size_t len, size_t *n)
{
	static const long min[] = {0, 0, 0x80, 0x800, 0x10000};
	size_t need, i;
	long c;

	if (p[0] < 0x80)
		need = 1;
	else if ((p[0] & 0xE0) == 0xC0)
		need = 2;
	else if ((p[0] & 0xF0) == 0xE0)
		need = 3;
	else if ((p[0] & 0xF8) == 0xF0)
		need = 4;
	else
		return -1;
	if (need > len)
		return -1;
	c = need == 1 ? p[0] : p[0] & (0x7F >> need);
	for (i = 1; i < need; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return -1;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if (c < min[need] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return -1;
	*n = need;
	return c;
}

/* Nonzero if s is valid UTF-8 holding nothing a terminal would act on. */
static int
terminal_safe(const char *s, size_t len, int line)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t off = 0, n = 0;
	long c;

	while (off < len) {
		if ((c = strict_utf8(p + off, len - off, &n)) < 0)
			return 0;
		if ((c < 0x20 && (line || (c != '\n' && c != '\t'))) ||
		    (c >= 0x7F && c <= 0x9F))
			return 0;
		if (c == 0x061C || c == 0x200E || c == 0x200F ||
		    (c >= 0x202A && c <= 0x202E) ||
		    (c >= 0x2066 && c <= 0x2069))
			return 0;
		off += n;
	}
	return 1;
}

static uint32_t rng_state = 0x2545F491u;

static uint32_t
rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/* Random bytes, biased towards the ones that start or end trouble. */
static size_t
gen(unsigned char *buf, size_t cap)
{
	static const unsigned char hot[] = {
	    0x1B, '[',  ']',  'P',  'X',  '^',  '_',  '\\', '(',  0x07, 0x9B,
	    0x9C, 0x9D, 0x90, 0xC2, 0xE0, 0xED, 0xF0, 0xF4, 0x80, 0xBF, 0xE2,
	    0xAE, 0xD8, '\n', '\t', '\r', 0x00, 0x7F, 'm',  '1',  ';',
	};
	size_t len = rng() % cap, i;
	uint32_t r;

	for (i = 0; i < len; i++) {
		r = rng();
		if (r % 3 == 0)
			buf[i] = (unsigned char)(r >> 8);
		else if (r % 3 == 1)
			buf[i] = hot[(r >> 8) % sizeof(hot)];
		else
			buf[i] = (unsigned char)('a' + (r >> 8) % 26);
	}
	return len;
}

static void
hexdiag(const char *what, const unsigned char *p, size_t n)
{
	char hex[2 * 64 + 1];
	size_t i;

	for (i = 0; i < n && i < 64; i++)
		snprintf(hex + 2 * i, 3, "%02x", p[i]);
	hex[2 * i] = '\0';
	diag("%s: %s", what, hex);
}

/*
 * A fit is right when the prefix is whole characters within cols, and the
 * next character (if any) would not fit: so no mark is left behind.
 */
static int
fit_ok(const char *s, size_t len, size_t cols, size_t cut)
{
	size_t used = text_width(s, cut);
	uint32_t cp;
	int w;

	if (cut > len || used > cols || !terminal_safe(s, cut, 0))
		return 0;
	if (cut == len)
		return 1;
	text_decode(s + cut, len - cut, &cp);
	w = text_cp_width(cp);
	return used + (size_t)(w < 0 ? 0 : w) > cols;
}

enum { P_ALLOC, P_LEN, P_SAFE, P_LINE, P_IDEM, P_GROW, P_WIDTH, P_FIT, P_N };

static void
test_random(void)
{
	static const char *names[P_N] = {
	    "random: never NULL",
	    "random: outlen is strlen (no NUL inside)",
	    "random: output valid UTF-8, no controls, C1 or bidi",
	    "random: line output valid UTF-8, no controls at all",
	    "random: sanitizing twice is the identity",
	    "random: output at most 3x input",
	    "random: width of input equals width of output",
	    "random: fit never overflows nor splits a character",
	};
	unsigned char in[64];
	size_t fails[P_N] = {0};
	size_t len, n, n2, nl, w, cols, cut;
	char *out, *again, *lout;
	int i, k, bad;

	for (i = 0; i < 20000; i++) {
		len = gen(in, sizeof(in));
		out = text_sanitize((const char *)in, len, &n);
		lout = text_sanitize_line((const char *)in, len, &nl);
		if (out == NULL || lout == NULL) {
			fails[P_ALLOC]++;
			free(out);
			free(lout);
			continue;
		}
		again = text_sanitize(out, n, &n2);
		w = text_width(out, n);
		cols = rng() % (w + 2);
		cut = text_fit(out, n, cols);
		for (k = 0; k < P_N; k++) {
			switch (k) {
			case P_LEN:
				bad = n != strlen(out) || nl != strlen(lout);
				break;
			case P_SAFE:
				bad = !terminal_safe(out, n, 0);
				break;
			case P_LINE:
				bad = !terminal_safe(lout, nl, 1);
				break;
			case P_IDEM:
				bad = again == NULL || n2 != n ||
				      memcmp(again, out, n) != 0;
				break;
			case P_GROW:
				bad = n > 3 * len || nl > 3 * len;
				break;
			case P_WIDTH:
				bad = text_width((const char *)in, len) != w ||
				      text_fit(out, n, w) != n;
				break;
			case P_FIT:
				bad = !fit_ok(out, n, cols, cut);
				break;
			default:
				bad = 0;
			}
			if (bad && fails[k]++ == 0) {
				diag("%s fails for:", names[k]);
				hexdiag("input", in, len);
			}
		}
		free(again);
		free(out);
		free(lout);
	}
	for (k = 0; k < P_N; k++)
		is_int((long long)fails[k], 0, "%s", names[k]);
}

int
main(void)
{
	test_escapes();
	test_controls();
	test_utf8();
	test_decode();
	test_width();
	test_random();
	is_int(outlen_bad, 0, "outlen matched the string for every case");
	return exit_status();
}
