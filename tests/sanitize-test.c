/*
 * sanitize-test.c -- tests for src/core/sanitize.c: every recognizer with
 * what it must and must not match, overlaps, each action's output, the
 * block flag, term errors, UTF-8 around hits, and randomized checks: 5000
 * terms against a naive matcher written here (and 600 terms of words,
 * over long texts of words), windows against one scan, and hits that
 * never split a character.  RELTO_SANITIZE_ROUNDS sets how many seeds
 * the checks of words and of texts run with (default 1; make check-long:
 * 300).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
#include "tap.h"
#include "testutil.h"
#include "text.h"

static struct relto_err e;

/* ---- helpers ----------------------------------------------------------- */

static struct sanitizer *
fresh(void)
{
	struct sanitizer *s = NULL;

	if (sanitize_new(&s, &e) != RELTO_OK) {
		diag("sanitize_new: %s", e.msg);
		exit(1);
	}
	return s;
}

/* A sanitizer with only terms: every recognizer off. */
static struct sanitizer *
terms_only(void)
{
	struct sanitizer *s = fresh();
	int r;

	for (r = SANITIZE_MGRS; r < SANITIZE_NRULES; r++)
		sanitize_set_rule_enabled(s, r, 0);
	return s;
}

static void
add(struct sanitizer *s, const char *term, int action, const char *repl)
{
	if (sanitize_add_term(s, term, action, repl, &e) != RELTO_OK)
		diag("add %s: %s", term, e.msg);
}

static void
compile(struct sanitizer *s)
{
	if (sanitize_compile(s, &e) != RELTO_OK)
		diag("compile: %s", e.msg);
}

/* The hits of text as "rule{matched text} ...", "" when none. */
static char *
hits_of(const struct sanitizer *s, const char *text)
{
	static char buf[4096];
	struct sanitize_hits h = {0};
	size_t i, n = 0;

	buf[0] = '\0';
	if (sanitize_scan(s, text, strlen(text), &h, &e) != RELTO_OK) {
		snprintf(buf, sizeof buf, "error: %s", e.msg);
		return buf;
	}
	for (i = 0; i < h.n && n < sizeof buf - 1; i++)
		n += (size_t)snprintf(
		    buf + n, sizeof buf - n, "%s%s{%.*s}", i ? " " : "",
		    sanitize_rule_name(h.v[i].rule),
		    (int)(h.v[i].end - h.v[i].start), text + h.v[i].start);
	sanitize_hits_free(&h);
	return buf;
}

/* What a partner receives; *blocked set as sanitize_apply sets it. */
static char *
apply_of(const struct sanitizer *s, const char *text, int *blocked)
{
	static char buf[4096];
	struct sanitize_hits h = {0};
	char *out = NULL;
	size_t outlen = 0;
	int b = 0;

	snprintf(buf, sizeof buf, "error");
	if (sanitize_scan(s, text, strlen(text), &h, &e) == RELTO_OK &&
	    sanitize_apply(s, text, strlen(text), &h, &out, &outlen, &b, &e) ==
		RELTO_OK) {
		snprintf(buf, sizeof buf, "%s", out);
		if (outlen != strlen(out))
			snprintf(buf, sizeof buf, "bad outlen");
	}
	if (blocked != NULL)
		*blocked = b;
	free(out);
	sanitize_hits_free(&h);
	return buf;
}

#define HITS(s, text, want, ...) is(hits_of((s), (text)), (want), __VA_ARGS__)
#define NONE(s, text, ...)       is(hits_of((s), (text)), "", __VA_ARGS__)
#define OUT(s, text, want, ...)                                                \
	is(apply_of((s), (text), NULL), (want), __VA_ARGS__)

/* ---- recognizers ------------------------------------------------------- */

static void
test_mgrs(struct sanitizer *s)
{
	HITS(s, "grid 18SUJ2337106519 now", "mgrs{18SUJ2337106519}",
	     "MGRS, 10 digits");
	HITS(s, "at 18S UJ 23371 06519.", "mgrs{18S UJ 23371 06519}",
	     "MGRS with spaces, easting and northing apart");
	HITS(s, "4QFJ12345678", "mgrs{4QFJ12345678}", "MGRS, one-digit zone");
	HITS(s, "(18SUJ23)", "mgrs{18SUJ23}", "MGRS, 2 digits (10 km)");
	HITS(s, "4QFJ 1234 5678", "mgrs{4QFJ 1234 5678}",
	     "split MGRS is MGRS, not a phone number");
	NONE(s, "18SUJ233710651", "MGRS with an odd digit count rejected");
	NONE(s, "18SUJ23371 0651", "split MGRS with unequal halves rejected");
	NONE(s, "18SUJ233710651900", "MGRS with 12 digits rejected");
	NONE(s, "X18SUJ2337106519", "MGRS inside a word rejected");
	NONE(s, "18SUJ2337106519X", "MGRS followed by a letter rejected");
	NONE(s, "18SIJ2337106519", "MGRS square letter I rejected");
	NONE(s, "18IUJ2337106519", "MGRS band letter I rejected");
	NONE(s, "61SUJ2337106519", "MGRS zone 61 rejected");
	NONE(s, "18suj2337106519", "lower-case MGRS not matched");
	OUT(s, "grid 18SUJ2337106519 now", "grid 18SUJ2306 now",
	    "MGRS generalized to 1 km");
	OUT(s, "at 18S UJ 23371 06519.", "at 18S UJ 23 06.",
	    "split MGRS generalized, spacing kept");
	OUT(s, "4QFJ1234", "4QFJ1234", "MGRS at 1 km already is unchanged");
}

static void
test_latlon(struct sanitizer *s)
{
	HITS(s, "site at 34.0522, -118.2437 today",
	     "latlon{34.0522, -118.2437}", "signed decimal pair");
	HITS(s, "(-33.8688,151.2093)", "latlon{-33.8688,151.2093}",
	     "signed pair without a space");
	HITS(s, "34.0522N 118.2437W", "latlon{34.0522N 118.2437W}",
	     "hemisphere letters after");
	HITS(s, "34.05\xc2\xb0 N, 118.24\xc2\xb0 W",
	     "latlon{34.05\xc2\xb0 N, 118.24\xc2\xb0 W}",
	     "degree signs and spaces");
	HITS(s, "N34.0522 W118.2437", "latlon{N34.0522 W118.2437}",
	     "hemisphere letters before");
	HITS(s, "118.2437W 34.0522N", "latlon{118.2437W 34.0522N}",
	     "longitude first");
	HITS(s, "90.0000, 180.0000", "latlon{90.0000, 180.0000}",
	     "the range's edges");
	NONE(s, "91.0000, 10.0000", "latitude 91 rejected");
	NONE(s, "90.0001, 10.0000", "latitude just past 90 rejected");
	NONE(s, "34.0522, 180.5", "longitude past 180 rejected");
	NONE(s, "prices 1.5, 2.5", "one-decimal list is not a place");
	NONE(s, "34.0522N 118.2437N", "two northings rejected");
	NONE(s, "34.0522N 118.2437Wx", "letter after hemisphere rejected");
	NONE(s, "v1.34.0522, 18.2437", "inside a dotted number rejected");
	OUT(s, "site at 34.0522, -118.2437 today", "site at 34.1, -118.2 today",
	    "signed pair rounded to 0.1");
	OUT(s, "34.0522N 118.2437W", "34.1N 118.2W",
	    "hemisphere pair rounded to 0.1");
	OUT(s, "-0.04, 10.96", "0.0, 11.0", "rounding: no -0.0, carries");
	OUT(s, "N34.05 W118.2", "N34.1 W118.2", "a 1-decimal number is kept");
}

static void
test_dms(struct sanitizer *s)
{
	HITS(s,
	     "at 34\xc2\xb0"
	     "03'08\"N 118\xc2\xb0"
	     "14'37\"W.",
	     "dms{34\xc2\xb0"
	     "03'08\"N 118\xc2\xb0"
	     "14'37\"W}",
	     "DMS with ASCII marks");
	HITS(s,
	     "34\xc2\xb0"
	     "03\xe2\x80\xb2"
	     "08\xe2\x80\xb3N, 118\xc2\xb0"
	     "14\xe2\x80\xb2"
	     "37\xe2\x80\xb3W",
	     "dms{34\xc2\xb0"
	     "03\xe2\x80\xb2"
	     "08\xe2\x80\xb3N, 118\xc2\xb0"
	     "14\xe2\x80\xb2"
	     "37\xe2\x80\xb3W}",
	     "DMS with prime marks");
	HITS(s, "340308N1181437W", "dms{340308N1181437W}", "compact DMS");
	HITS(s, "3403N 11814W", "dms{3403N 11814W}", "compact DM");
	HITS(s,
	     "N34\xc2\xb0"
	     "03'08\" W118\xc2\xb0"
	     "14'37\"",
	     "dms{N34\xc2\xb0"
	     "03'08\" W118\xc2\xb0"
	     "14'37\"}",
	     "hemisphere before");
	NONE(s,
	     "34\xc2\xb0"
	     "61'08\"N 118\xc2\xb0"
	     "14'37\"W",
	     "61 minutes rejected");
	NONE(s,
	     "95\xc2\xb0"
	     "00'00\"N 118\xc2\xb0"
	     "00'00\"W",
	     "latitude 95 rejected");
	NONE(s, "340308N1181437N", "compact with two northings rejected");
	NONE(s, "340368N1181437W", "compact with 68 seconds rejected");
	OUT(s,
	    "at 34\xc2\xb0"
	    "03'08\"N 118\xc2\xb0"
	    "14'37\"W.",
	    "at 34\xc2\xb0N 118\xc2\xb0W.", "DMS cut to whole degrees");
	OUT(s,
	    "34\xc2\xb0"
	    "45'N 118\xc2\xb0"
	    "14'W",
	    "35\xc2\xb0N 118\xc2\xb0W", "DMS rounds 45' up");
	OUT(s, "340308N1181437W", "34N118W", "compact DMS to whole degrees");
}

static void
test_ip(struct sanitizer *s)
{
	HITS(s, "from 10.0.0.1.", "ipv4{10.0.0.1}", "IPv4");
	HITS(s, "net 192.168.1.0/24,", "ipv4{192.168.1.0/24}", "IPv4 CIDR");
	HITS(s, "255.255.255.255", "ipv4{255.255.255.255}", "IPv4 maximum");
	NONE(s, "999.1.1.1", "IPv4 octet 999 rejected");
	NONE(s, "1.2.256.4", "IPv4 octet 256 rejected");
	NONE(s, "version 1.2.3.4.5", "five dotted numbers rejected");
	NONE(s, "1.2.3", "three dotted numbers rejected");
	NONE(s, "v1.2.3.4", "IPv4 inside a word rejected");
	HITS(s, "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
	     "ipv6{2001:0db8:85a3:0000:0000:8a2e:0370:7334}", "IPv6 full");
	HITS(s, "host 2001:db8::1 up", "ipv6{2001:db8::1}", "IPv6 compressed");
	HITS(s, "lo ::1,", "ipv6{::1}", "IPv6 loopback");
	HITS(s, "fe80:: link", "ipv6{fe80::}", "IPv6 ending in ::");
	HITS(s, "::ffff:192.0.2.128", "ipv6{::ffff:192.0.2.128}",
	     "IPv6 with an IPv4 tail");
	HITS(s, "2001:db8::/32", "ipv6{2001:db8::/32}", "IPv6 prefix");
	NONE(s, "at 12:30:45", "a time is not IPv6");
	NONE(s, "1::2::3", "two :: rejected");
	NONE(s, "a :: b", ":: alone rejected");
	NONE(s, "2001:db8:1:2:3:4:5", "seven groups without :: rejected");
	NONE(s, "2001:db8:1:2:3:4:5:6:7", "nine groups rejected");
	NONE(s, "2001:db8::12345", "a five-digit group rejected");
}

static void
test_email(struct sanitizer *s)
{
	HITS(s, "write bob.smith@example.org.", "email{bob.smith@example.org}",
	     "e-mail, trailing dot left out");
	HITS(s, "<j_doe+x@mail.example.co.uk>",
	     "email{j_doe+x@mail.example.co.uk}", "e-mail in brackets");
	HITS(s, "m\xc3\xbcller@example.de", "email{m\xc3\xbcller@example.de}",
	     "e-mail with a Latin letter");
	HITS(s,
	     "\xe6\x9d\xb1\xe4\xba\xac"
	     "bob@example.jp",
	     "email{bob@example.jp}", "e-mail after CJK without a space");
	HITS(s, "O'Brien@example.ie", "email{O'Brien@example.ie}",
	     "e-mail with an apostrophe");
	HITS(s, "'bob@example.org'", "email{bob@example.org}",
	     "leading quote left out");
	NONE(s, "bob@localhost", "one-label domain rejected");
	NONE(s, "@example.org", "empty local part rejected");
	NONE(s, "bob@.org", "empty label rejected");
	NONE(s, "bob@example.123", "all-digit TLD rejected");
}

static void
test_phone(struct sanitizer *s)
{
	static const char *const yes[] = {
	    "+44 20 7946 0958",  "+1 (202) 555-0143",
	    "+12025550143",      "+44 (0)20 7946 0958",
	    "(202) 555-0143",    "202-555-0143",
	    "202.555.0143",      "020 7946 0958",
	    "06 12 34 56 78",    "555-0143",
	    "0044 20 7946 0958", "1-800-555-0199",
	};
	static const char *const no[] = {
	    "2026",
	    "in 2026 and 2027",
	    "2026-11-27",
	    "27.11.2026",
	    "27 11 2026",
	    "2025-2026",
	    "1999 2000 2001",
	    "12 345 678",
	    "1.234.567",
	    "3.1415926",
	    "1234567",
	    "+123 45",
	    "1 2 3 4 5 6 7",
	    "12-34-56",
	    "page 12, 345 and 678",
	    "12.5.2026 10:00",
	    "2026-11-27 1430",
	};
	char want[128];
	size_t i;

	for (i = 0; i < sizeof yes / sizeof *yes; i++) {
		snprintf(want, sizeof want, "phone{%s}", yes[i]);
		HITS(s, yes[i], want, "phone: %s", yes[i]);
	}
	for (i = 0; i < sizeof no / sizeof *no; i++)
		NONE(s, no[i], "not a phone: %s", no[i]);
	HITS(s, "call +44 20 7946 0958 1234 5678 now",
	     "phone{+44 20 7946 0958} phone{1234 5678}",
	     "a group that would pass 15 digits starts anew");
	OUT(s, "call 202-555-0143.", "call [REDACTED].", "phone redacted");
}

static void
test_dtg(struct sanitizer *s)
{
	HITS(s, "at 271530Z NOV 26 the", "dtg{271530Z NOV 26}", "DTG spaced");
	HITS(s, "271530ZNOV26", "dtg{271530ZNOV26}", "DTG compact");
	HITS(s, "271530Z nov 2026", "dtg{271530Z nov 2026}",
	     "DTG lower-case month, 4-digit year");
	HITS(s, "at 271530Z.", "dtg{271530Z}", "DTG without month");
	HITS(s, "271530A DEC 26", "dtg{271530A DEC 26}", "DTG zone letter A");
	NONE(s, "321530Z NOV 26", "DTG day 32 rejected");
	NONE(s, "272530Z NOV 26", "DTG hour 25 rejected");
	NONE(s, "271530J NOV 26", "DTG zone letter J rejected");
	NONE(s, "271530Q", "DTG without month needs Z");
	HITS(s, "271530Z NOB 26", "dtg{271530Z}",
	     "DTG bad month: only the time part");
	OUT(s, "at 271530Z NOV 26 the", "at 271530Z NOV 26 the",
	    "DTG warned, text unchanged");
}

static void
test_recognizers(void)
{
	struct sanitizer *s = fresh();

	test_mgrs(s);
	test_latlon(s);
	test_dms(s);
	test_ip(s);
	test_email(s);
	test_phone(s);
	test_dtg(s);
	sanitize_free(s);
}

/* ---- terms ------------------------------------------------------------- */

/*
 * Words longer than the scan's 64-byte masks, before a term and as one:
 * the scan measures words by their masks and must not lose count.
 */
static void
test_long_words(void)
{
	struct sanitizer *s = terms_only();
	char text[400], term[81], want[200];

	memset(term, 'K', 80);
	term[80] = '\0';
	add(s, "OAK", SANITIZE_REDACT, NULL);
	add(s, term, SANITIZE_REDACT, NULL);
	compile(s);
	memset(text, 'a', 100);
	snprintf(text + 100, sizeof text - 100, " OAK %s OAK", term);
	snprintf(want, sizeof want, "term{OAK} term{%s} term{OAK}", term);
	HITS(s, text, want, "after a word of 100 letters: a term of 80, OAKs");
	memset(text, 'k', 81);
	snprintf(text + 81, sizeof text - 81, " %s", term);
	snprintf(want, sizeof want, "term{%s}", term);
	HITS(s, text, want, "a word of 81 Ks is not the term of 80");
	sanitize_free(s);
}

static void
test_terms(void)
{
	struct sanitizer *s = terms_only();

	add(s, "OAK", SANITIZE_REDACT, NULL);
	add(s, "BLUE HERON", SANITIZE_REDACT, NULL);
	add(s, "Z\xc3\xbcrich", SANITIZE_REDACT, NULL);
	add(s, "\xe6\x9d\xb1\xe4\xba\xac", SANITIZE_REDACT, NULL);
	add(s, "RICH", SANITIZE_WARN, NULL);
	compile(s);
	HITS(s, "OAK and oak and Oak, oAk.",
	     "term{OAK} term{oak} term{Oak} term{oAk}", "case-insensitive");
	NONE(s, "OAKLAND 4OAK OAKS SOAK OAK7", "not inside words");
	HITS(s, "oak_1", "term{oak}", "'_' is a boundary: not a letter");
	HITS(s, "(OAK)-OAK.", "term{OAK} term{OAK}", "punctuation bounds");
	HITS(s, "the blue heron", "term{blue heron}", "a term with a space");
	NONE(s, "BLUEHERON BLUE  HERON BLUE\nHERON", "the space is one space");
	HITS(s, "ZüRICH z\xc3\xbcrich",
	     "term{Z\xc3\xbcRICH} term{z\xc3\xbcrich}",
	     "ASCII folded around a non-ASCII letter");
	HITS(s, "Z\xc3\x9cRICH", "term{RICH}",
	     "non-ASCII bytes exact: \xc3\x9c is not \xc3\xbc (and RICH "
	     "matches after a non-ASCII byte)");
	HITS(s, "\xe6\x9d\xb1\xe4\xba\xac\xe9\x83\xbd OAK\xe6\x9d\xb1",
	     "term{\xe6\x9d\xb1\xe4\xba\xac} term{OAK}",
	     "CJK term inside CJK text; OAK next to CJK");
	OUT(s, "Z\xc3\xbcrich:OAK \xe6\x9d\xb1\xe4\xba\xac.",
	    "[REDACTED]:[REDACTED] [REDACTED].", "UTF-8 neighbours redacted");
	is_int(sanitize_term_count(s), 5, "five terms");
	is(sanitize_term_text(s, 1), "BLUE HERON", "term text by index");
	ok(sanitize_term_text(s, 5) == NULL, "no term 5");
	sanitize_free(s);
	test_long_words();
}

static void
test_term_errors(void)
{
	struct sanitizer *s = fresh();
	char big[300];

	is_int(sanitize_add_term(s, "OAK", SANITIZE_REPLACE, NULL, &e),
	       RELTO_EINPUT, "replace without a replacement: %s", e.msg);
	is_int(sanitize_add_term(s, "OAK", SANITIZE_REPLACE, "", &e),
	       RELTO_EINPUT, "replace with an empty replacement");
	is_int(sanitize_add_term(s, "OAK", SANITIZE_GENERALIZE, NULL, &e),
	       RELTO_EUSAGE, "a term cannot be generalized");
	is_int(sanitize_add_term(s, "OAK", 99, NULL, &e), RELTO_EUSAGE,
	       "unknown action");
	is_int(sanitize_add_term(s, "OAK", -1, NULL, &e), RELTO_EUSAGE,
	       "action -1 (a failed parse)");
	is_int(sanitize_add_term(s, "", SANITIZE_REDACT, NULL, &e),
	       RELTO_EINPUT, "empty term");
	is_int(sanitize_add_term(s, "A\nB", SANITIZE_REDACT, NULL, &e),
	       RELTO_EINPUT, "control character in a term");
	is_int(sanitize_add_term(s, "\xc3(", SANITIZE_REDACT, NULL, &e),
	       RELTO_EINPUT, "invalid UTF-8 in a term");
	memset(big, 'A', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	is_int(sanitize_add_term(s, big, SANITIZE_REDACT, NULL, &e),
	       RELTO_EINPUT, "a 299-byte term");
	is_int(sanitize_term_count(s), 0, "no term was added");
	is_int(sanitize_add_term(s, "OAK", SANITIZE_REDACT, "ignored", &e),
	       RELTO_OK, "a replacement for another action is ignored");
	ok(hits_of(s, "OAK")[0] == 'e', "scanning before compile: %s",
	   hits_of(s, "OAK"));
	compile(s);
	is(hits_of(s, "OAK"), "term{OAK}", "after compile");
	sanitize_free(s);
}

/* ---- actions and overlaps --------------------------------------------- */

static void
test_actions(void)
{
	struct sanitizer *s = terms_only();
	int blocked = -1;

	add(s, "KESTREL", SANITIZE_BLOCK, NULL);
	add(s, "OAK", SANITIZE_REDACT, NULL);
	add(s, "SITE 7", SANITIZE_REPLACE, "a facility");
	add(s, "HUMINT", SANITIZE_WARN, NULL);
	compile(s);
	is(apply_of(s, "OAK saw it", &blocked), "[REDACTED] saw it", "redact");
	is_int(blocked, 0, "redact does not block");
	is(apply_of(s, "at SITE 7.", &blocked), "at a facility.", "replace");
	is(apply_of(s, "per HUMINT", &blocked), "per HUMINT",
	   "warn: unchanged");
	is_int(blocked, 0, "warn does not block");
	is(apply_of(s, "KESTREL reports OAK", &blocked),
	   "[REDACTED] reports [REDACTED]",
	   "block: output made, the term not copied out");
	is_int(blocked, 1, "block sets *blocked");
	is(apply_of(s, "nothing here", &blocked), "nothing here", "no hits");
	is(apply_of(s, "", &blocked), "", "empty text");
	sanitize_free(s);
}

static void
test_rule_actions(void)
{
	struct sanitizer *s = fresh();
	struct sanitize_hits h = {0};
	char *out = NULL;
	size_t n;
	int b;

	is_int(sanitize_rule_action(s, SANITIZE_MGRS), SANITIZE_GENERALIZE,
	       "MGRS generalizes by default");
	is_int(sanitize_rule_action(s, SANITIZE_IPV4), SANITIZE_REDACT,
	       "IPv4 redacts by default");
	is_int(sanitize_rule_action(s, SANITIZE_DTG), SANITIZE_WARN,
	       "DTG warns by default");
	is_int(sanitize_set_rule_action(s, SANITIZE_LATLON, SANITIZE_REDACT),
	       RELTO_OK, "latlon set to redact");
	OUT(s, "at 34.0522, -118.2437.", "at [REDACTED].", "latlon redacted");
	is_int(sanitize_set_rule_action(s, SANITIZE_IPV4, SANITIZE_BLOCK),
	       RELTO_OK, "IPv4 set to block");
	is(apply_of(s, "10.0.0.1", &b), "[REDACTED]", "blocked IPv4");
	is_int(b, 1, "a blocking recognizer sets *blocked");
	is_int(sanitize_set_rule_action(s, SANITIZE_IPV4, SANITIZE_GENERALIZE),
	       RELTO_EUSAGE, "IPv4 cannot be generalized");
	is_int(sanitize_set_rule_action(s, SANITIZE_MGRS, SANITIZE_REPLACE),
	       RELTO_EUSAGE, "a recognizer cannot replace");
	is_int(sanitize_set_rule_action(s, SANITIZE_TERM, SANITIZE_REDACT),
	       RELTO_EUSAGE, "terms carry their own actions");
	is_int(sanitize_set_rule_action(s, SANITIZE_NRULES, SANITIZE_REDACT),
	       RELTO_EUSAGE, "no such rule");
	is_int(sanitize_set_rule_enabled(s, SANITIZE_EMAIL, 0), RELTO_OK,
	       "e-mail off");
	NONE(s, "bob@example.org", "a recognizer that is off finds nothing");
	is_int(sanitize_rule_action(s, SANITIZE_EMAIL), -1, "off: action -1");
	sanitize_scan(s, "10.0.0.1 and 10.0.0.2", 21, &h, &e);
	h.v[0].action = SANITIZE_WARN; /* an officer's override */
	sanitize_apply(s, "10.0.0.1 and 10.0.0.2", 21, &h, &out, &n, &b, &e);
	is(out, "10.0.0.1 and [REDACTED]", "the hit's own action decides");
	free(out);
	h.v[1].action = SANITIZE_GENERALIZE;
	sanitize_apply(s, "10.0.0.1 and 10.0.0.2", 21, &h, &out, &n, &b, &e);
	is(out, "10.0.0.1 and [REDACTED]",
	   "generalize where nothing reduces: redacted");
	free(out);
	h.v[1].start = 3; /* overlaps the first */
	is_int(sanitize_apply(s, "10.0.0.1 and 10.0.0.2", 21, &h, &out, &n, &b,
			      &e),
	       RELTO_EUSAGE, "overlapping hits refused: %s", e.msg);
	ok(out == NULL, "and nothing is returned");
	sanitize_hits_free(&h);
	sanitize_free(s);
}

static void
test_overlaps(void)
{
	struct sanitizer *s = fresh();

	add(s, "BLUE", SANITIZE_REDACT, NULL);
	add(s, "BLUE HERON", SANITIZE_REPLACE, "a bird");
	add(s, "HERON NEST", SANITIZE_BLOCK, NULL);
	add(s, "oak", SANITIZE_WARN, NULL);
	add(s, "OAK", SANITIZE_BLOCK, NULL);
	add(s, "Oak", SANITIZE_REDACT, NULL);
	add(s, "10.0.0.1", SANITIZE_WARN, NULL);
	add(s, "10.0.0.2", SANITIZE_BLOCK, NULL);
	add(s, "0522", SANITIZE_BLOCK, NULL);
	compile(s);
	HITS(s, "a BLUE HERON NEST", "term{BLUE HERON}",
	     "leftmost wins over a longer later match");
	OUT(s, "a BLUE HERON NEST", "a a bird NEST", "and its action applies");
	HITS(s, "a BLUE HAT", "term{BLUE}", "the shorter term alone");
	HITS(s, "the HERON NEST", "term{HERON NEST}", "later term alone");
	is(apply_of(s, "an oak", NULL), "an [REDACTED]",
	   "a term added thrice: the strongest action (block) wins");
	HITS(s, "to 10.0.0.1", "ipv4{10.0.0.1}",
	     "equal spans: redact (ipv4) beats warn (term)");
	HITS(s, "to 10.0.0.2", "term{10.0.0.2}",
	     "equal spans: block (term) beats redact (ipv4)");
	HITS(s, "at 34.0522, -118.2437", "latlon{34.0522, -118.2437}",
	     "a recognizer starting first wins over a term inside it");
	sanitize_free(s);
}

/* ---- names ------------------------------------------------------------- */

static void
test_names(void)
{
	static const char *const rn[] = {"term",  "mgrs",  "latlon",
					 "dms",   "ipv4",  "ipv6",
					 "email", "phone", "dtg"};
	static const char *const an[] = {"block", "redact", "replace", "warn",
					 "generalize"};
	int i, good = 1;

	for (i = 0; i < SANITIZE_NRULES; i++)
		good &= strcmp(sanitize_rule_name(i), rn[i]) == 0;
	ok(good, "rule names");
	good = 1;
	for (i = SANITIZE_BLOCK; i <= SANITIZE_GENERALIZE; i++)
		good &= strcmp(sanitize_action_name(i), an[i]) == 0 &&
			sanitize_action_parse(an[i]) == i;
	ok(good, "action names and their parse");
	is_int(sanitize_action_parse("delete"), -1, "unknown action: -1");
	is_int(sanitize_action_parse("Redact"), -1, "action names are exact");
	is_int(sanitize_action_parse(NULL), -1, "NULL action: -1");
	is(sanitize_rule_name(42), "?", "unknown rule name");
	is(sanitize_action_name(-1), "?", "unknown action name");
}

/* ---- random: a naive matcher ------------------------------------------ */

static uint64_t rng = 0x9e3779b97f4a7c15u;

static unsigned
rnd(unsigned n)
{
	return test_rnd(&rng, n);
}

/* Pieces of random terms and texts: few, so terms overlap and repeat. */
static const char *const piece[] = {"a", "b", "A",        "B",
				    " ", "-", "\xc3\xa9", "1"};
#define NPIECE (sizeof piece / sizeof *piece)
#define NTERMS 5000

struct naive_term {
	char text[64];
	size_t len;
	int action;
};

static size_t
random_from(char *buf, size_t cap, unsigned maxpieces,
	    const char *const *pieces, size_t npieces)
{
	unsigned k, n = 1 + rnd(maxpieces);
	size_t len = 0;
	const char *pc;

	for (k = 0; k < n; k++) {
		pc = pieces[rnd((unsigned)npieces)];
		if (len + strlen(pc) >= cap)
			break;
		memcpy(buf + len, pc, strlen(pc));
		len += strlen(pc);
	}
	buf[len] = '\0';
	return len;
}

static size_t
random_phrase(char *buf, size_t cap, unsigned maxpieces)
{
	return random_from(buf, cap, maxpieces, piece, NPIECE);
}

static int
alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
}

static int
naive_at(const struct naive_term *t, const char *text, size_t len, size_t i)
{
	size_t k;

	if (i + t->len > len || (i > 0 && alnum((unsigned char)text[i - 1])) ||
	    (i + t->len < len && alnum((unsigned char)text[i + t->len])))
		return 0;
	for (k = 0; k < t->len; k++) {
		unsigned char a = (unsigned char)text[i + k],
			      b = (unsigned char)t->text[k];
		if (a != b && !(alnum(a) && alnum(b) && (a | 32) == (b | 32) &&
				a > '9' && b > '9'))
			return 0;
	}
	return 1;
}

static int
rank(int action)
{
	static const int r[] = {5, 4, 3, 1, 2};

	return r[action];
}

/* Best term starting at i: longest, strongest, first added; -1 if none. */
static long
naive_best(const struct naive_term *t, size_t nt, const char *text, size_t len,
	   size_t i)
{
	long best = -1;
	size_t k;

	for (k = 0; k < nt; k++) {
		if (!naive_at(&t[k], text, len, i))
			continue;
		if (best < 0 || t[k].len > t[best].len ||
		    (t[k].len == t[best].len &&
		     rank(t[k].action) > rank(t[best].action)))
			best = (long)k;
	}
	return best;
}

static int
naive_same(const struct naive_term *t, size_t nt, const char *text, size_t len,
	   const struct sanitize_hits *h)
{
	size_t i = 0, n = 0;
	long b;

	while (i < len) {
		if ((b = naive_best(t, nt, text, len, i)) < 0) {
			i++;
			continue;
		}
		if (n >= h->n || h->v[n].start != i ||
		    h->v[n].end != i + t[b].len || h->v[n].term != (size_t)b ||
		    h->v[n].action != t[b].action) {
			diag("at %zu: want term %ld [%zu,%zu)", i, b, i,
			     i + t[b].len);
			return 0;
		}
		n++;
		i += t[b].len;
	}
	return n == h->n;
}

static void
test_naive(void)
{
	static struct naive_term t[NTERMS];
	static const int acts[] = {SANITIZE_BLOCK, SANITIZE_REDACT,
				   SANITIZE_REPLACE, SANITIZE_WARN};
	struct sanitizer *s = terms_only();
	struct sanitize_hits h = {0};
	char text[1200];
	size_t k, len, total = 0;
	int round, good = 1;

	for (k = 0; k < NTERMS; k++) {
		t[k].len = random_phrase(t[k].text, sizeof t[k].text,
					 k % 10 == 0 ? 14 : 4);
		t[k].action = acts[rnd(4)];
		add(s, t[k].text, t[k].action, "r");
	}
	compile(s);
	for (round = 0; round < 40 && good; round++) {
		len = random_phrase(text, sizeof text, 600);
		if (sanitize_scan(s, text, len, &h, &e) != RELTO_OK)
			good = 0;
		good = good && naive_same(t, NTERMS, text, len, &h);
		total += h.n;
	}
	ok(good,
	   "5000 random terms: same hits as the naive matcher "
	   "(%zu hits in 40 texts)",
	   total);
	ok(total > 1000, "and the texts were full of hits");
	sanitize_hits_free(&h);
	sanitize_free(s);
}

/*
 * Words of 1 to 12 bytes (the scan filters on a word's first 8, or on the
 * first two words) and separators, over texts long enough that words
 * straddle every place of the scan's 64-byte masks; a letter that begins
 * 26 terms (a state with many children).  Terms are words run together
 * (WORDS), may also begin with a separator or a non-ASCII byte, which
 * widens where the scan looks (ANY), or are two or three words apart,
 * none alone, so the scan must look at the pair (PAIRS).
 */

static const char *const word[] = {
    "al",
    "alpha",
    "Alphabet",
    "alphabets",
    "ALPHABETICAL",
    "x",
    "X",
    "7",
    "bravo7",
    "br",
    "BRAVO",
    "zulu",
    "zu",
    "qau",
    "qzu",
    "qqu",
    "Charlie",
    "charlies",
    "\xe6\x9d\xb1\xe4\xba\xac",
    "\xc3\xa9t\xc3\xa9", /* the last NSEP: separators */
    " ",
    " ",
    " ",
    " ",
    ", ",
    "-",
    "(",
    ")",
    "\n", /* in texts only: no term holds a control character */
};
#define NWORD (sizeof word / sizeof *word)
#define NSEP  9

enum { WORDS, ANY, PAIRS };

/* Two or three words with separators between them. */
static size_t
random_words(char *buf, size_t cap)
{
	size_t len = 0, n = 2 + rnd(2), k;
	const char *w;

	for (k = 0; k < n; k++) {
		if (k > 0) /* a separator, never the last ("\n") */
			w = word[NWORD - NSEP + rnd(NSEP - 1)];
		else
			w = "";
		if (len + strlen(w) >= cap)
			break;
		memcpy(buf + len, w, strlen(w));
		len += strlen(w);
		w = word[rnd(NWORD - NSEP)];
		if (len + strlen(w) >= cap)
			break;
		memcpy(buf + len, w, strlen(w));
		len += strlen(w);
	}
	buf[len] = '\0';
	return len;
}

static void
test_naive_words(int mode)
{
	static const char *const what[] = {
	    "terms of words run together",
	    "terms beginning anywhere",
	    "terms of two or three words",
	};
	static struct naive_term t[600];
	static char text[6000];
	struct sanitizer *s = terms_only();
	struct sanitize_hits h = {0};
	size_t k, nt, len, total = 0;
	int round, good = 1;

	for (nt = 0; nt < 26; nt++) {
		snprintf(t[nt].text, sizeof t[nt].text, "q%cu",
			 (int)('a' + nt));
		t[nt].len = 3;
		t[nt].action = SANITIZE_REDACT;
	}
	while (nt < 600) {
		if (mode == PAIRS)
			t[nt].len = random_words(t[nt].text, sizeof t[nt].text);
		else
			t[nt].len =
			    random_from(t[nt].text, sizeof t[nt].text, 3, word,
					mode == ANY ? NWORD - 1 : NWORD - NSEP);
		t[nt].action = SANITIZE_WARN;
		nt += t[nt].len > 0 && (mode == ANY || t[nt].text[0] != ' ');
	}
	for (k = 0; k < nt; k++)
		add(s, t[k].text, t[k].action, NULL);
	compile(s);
	for (round = 0; round < 12 && good; round++) {
		if (mode == PAIRS) /* words apart, as the terms are */
			for (len = 0; len + 100 < sizeof text; len++) {
				len += random_words(text + len, 100);
				text[len] = rnd(2) ? ' ' : '\n';
			}
		else
			len = random_from(text, sizeof text, 2000, word, NWORD);
		if (sanitize_scan(s, text, len, &h, &e) != RELTO_OK)
			good = 0;
		good = good && naive_same(t, nt, text, len, &h);
		total += h.n;
	}
	ok(good,
	   "%s: same hits as the naive matcher (%zu hits in 12 texts of "
	   "words)",
	   what[mode], total);
	ok(total > 500, "and those texts were full of hits");
	sanitize_hits_free(&h);
	sanitize_free(s);
}

/* ---- random: windows, boundaries, determinism ------------------------- */

static const char *const token[] = {
    "alpha",
    "OAK",
    "oakland",
    "BLUE HERON",
    "Z\xc3\xbcrich",
    "\xe6\x9d\xb1\xe4\xba\xac",
    "10.0.0.1",
    "999.1.1.1",
    "34.0522, -118.2437",
    "34.0522N 118.2437W",
    "18SUJ2337106519",
    "18SUJ233710651",
    "bob@example.org",
    "m\xc3\xbcller@example.de",
    "+44 20 7946 0958",
    "(202) 555-0143",
    "2026",
    "2026-11-27",
    "271530Z NOV 26",
    "2001:db8::1",
    "340308N1181437W",
    "34\xc2\xb0"
    "03'08\"N 118\xc2\xb0"
    "14'37\"W",
    "\xd0\x9c\xd0\xbe\xd1\x81",
    "x",
    "7",
    "-",
    ".",
    ",",
    ":",
    "@",
    "(",
    ")",
    "\xc3",
    "\x80",
};
static const char *const gap[] = {" ", "", "\n", ", ", "\xe6\x9d\xb1"};

static size_t
random_text(char *buf, size_t cap)
{
	size_t len = 0, n;
	const char *a, *g;

	while (len < cap - 64) {
		a = token[rnd(sizeof token / sizeof *token)];
		g = gap[rnd(sizeof gap / sizeof *gap)];
		n = strlen(a);
		memcpy(buf + len, a, n);
		len += n;
		memcpy(buf + len, g, strlen(g));
		len += strlen(g);
	}
	buf[len] = '\0';
	return len;
}

static struct sanitizer *
mixed(void)
{
	struct sanitizer *s = fresh();

	add(s, "OAK", SANITIZE_REDACT, NULL);
	add(s, "BLUE HERON", SANITIZE_BLOCK, NULL);
	add(s, "\xe6\x9d\xb1\xe4\xba\xac", SANITIZE_WARN, NULL);
	add(s, "Z\xc3\xbcrich", SANITIZE_REPLACE, "a city");
	add(s, "2026", SANITIZE_WARN, NULL);
	compile(s);
	return s;
}

/* hits v[from..) of b equal a's hits, offsets shifted by base. */
static int
windowed(const struct sanitizer *s, const char *text, size_t len,
	 struct sanitize_hits *out)
{
	struct sanitize_hits h = {0};
	size_t base = 0, from = 0, next, keep, end, i, win;
	int last = 0, rc = 1;

	out->n = 0;
	while (!last && rc) {
		win = sanitize_horizon(s) + 1 + rnd(300);
		end = base + win < len ? base + win : len;
		last = end == len;
		h.n = 0;
		if (sanitize_scan_window(s, text + base, end - base, from, last,
					 &h, &next, &e) != RELTO_OK)
			rc = 0;
		for (i = 0; rc && i < h.n; i++) {
			h.v[i].start += base;
			h.v[i].end += base;
			if (out->n == out->cap) {
				out->cap = out->cap ? 2 * out->cap : 64;
				out->v =
				    realloc(out->v, out->cap * sizeof *out->v);
			}
			out->v[out->n++] = h.v[i];
		}
		keep = next > SANITIZE_CONTEXT ? next - SANITIZE_CONTEXT : 0;
		base += keep;
		from = next - keep;
	}
	sanitize_hits_free(&h);
	return rc;
}

static int
same_hits(const struct sanitize_hits *a, const struct sanitize_hits *b)
{
	size_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (a->v[i].start != b->v[i].start ||
		    a->v[i].end != b->v[i].end ||
		    a->v[i].rule != b->v[i].rule ||
		    a->v[i].action != b->v[i].action ||
		    a->v[i].term != b->v[i].term)
			return 0;
	return 1;
}

/* Every hit starts and ends where text_decode() cuts the text. */
static int
on_boundaries(const char *text, size_t len, const struct sanitize_hits *h)
{
	static unsigned char cut[8192];
	size_t i = 0, k;
	uint32_t cp;

	memset(cut, 0, len + 1);
	while (i < len) {
		cut[i] = 1;
		i += text_decode(text + i, len - i, &cp);
	}
	cut[len] = 1;
	for (k = 0; k < h->n; k++)
		if (!cut[h->v[k].start] || !cut[h->v[k].end] ||
		    h->v[k].start >= h->v[k].end ||
		    (k > 0 && h->v[k].start < h->v[k - 1].end))
			return 0;
	return 1;
}

static void
test_random_texts(void)
{
	struct sanitizer *s = mixed(), *s2 = mixed();
	struct sanitize_hits a = {0}, b = {0}, c = {0};
	char text[8000];
	size_t len, total = 0;
	int round, win = 1, bound = 1, same = 1;

	for (round = 0; round < 60; round++) {
		len = random_text(text, sizeof text);
		sanitize_scan(s, text, len, &a, &e);
		sanitize_scan(s2, text, len, &c, &e);
		total += a.n;
		bound &= on_boundaries(text, len, &a);
		same &= same_hits(&a, &c);
		sanitize_scan(s, text, len, &c, &e);
		same &= same_hits(&a, &c);
		win &= windowed(s, text, len, &b) && same_hits(&a, &b);
	}
	ok(total > 2000, "random texts with recognizers and terms: %zu hits",
	   total);
	ok(bound, "hits sorted, disjoint, never splitting a character");
	ok(win, "windows of random sizes give the hits of one scan");
	ok(same, "deterministic: same hits twice, and from a second "
		 "sanitizer built alike");
	sanitize_hits_free(&a);
	sanitize_hits_free(&b);
	sanitize_hits_free(&c);
	sanitize_free(s);
	sanitize_free(s2);
}

static void
test_window_api(void)
{
	struct sanitizer *s = mixed();
	struct sanitize_hits h = {0};
	size_t next = 99;

	is_int(sanitize_scan_window(s, "OAK OAK", 7, 0, 0, &h, &next, &e),
	       RELTO_OK, "a window shorter than the horizon");
	ok(h.n == 0 && next == 0, "reports nothing and asks for more");
	is_int(sanitize_scan_window(s, "OAK OAK", 7, 4, 1, &h, &next, &e),
	       RELTO_OK, "last window from 4");
	ok(h.n == 1 && h.v[0].start == 4 && next == 7,
	   "only hits from 'from' on");
	is_int(sanitize_scan_window(s, "OAK", 3, 4, 1, &h, &next, &e),
	       RELTO_EUSAGE, "from past the end refused");
	sanitize_hits_free(&h);
	sanitize_free(s);
}

int
main(void)
{
	const char *env = getenv("RELTO_SANITIZE_ROUNDS");
	long rounds = env != NULL ? strtol(env, NULL, 10) : 1, round;

	if (rounds < 1)
		rounds = 1;
	test_recognizers();
	test_terms();
	test_term_errors();
	test_actions();
	test_rule_actions();
	test_overlaps();
	test_names();
	test_naive();
	for (round = 0; round < rounds; round++) {
		if (round > 0)
			rng = 0x9e3779b97f4a7c15u + (uint64_t)round;
		test_naive_words(WORDS);
		test_naive_words(ANY);
		test_naive_words(PAIRS);
		test_random_texts();
	}
	test_window_api();
	done_testing();
	return exit_status();
}
