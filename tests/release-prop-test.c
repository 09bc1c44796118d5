/*
 * release-prop-test.c -- a differential property test of the release rule.
 *
 * A seeded generator (its own PRNG, a fixed seed printed with diag())
 * makes many thousands of random cases: a date D in 2020-2030, one to
 * four agreements (random parties among eight countries and the groups
 * EUMS, FVEY and NATO, roles, per-party ceilings, topics, exclusions,
 * ceilings, statuses, effective and expiry dates around D, the
 * third-party rule on or off), a report (originator USA or a partner, one
 * to three topics, one to six portions whose markings are generated as
 * TEXT -- national or NATO ladder, NOFORN, REL TO lists with groups,
 * ORCON, RELIDO, DISPLAY ONLY, FOUO, FGI, TLP labels -- and checked with
 * marking_parse(), sometimes a tearline), dated consents, a recipient, and a
 * small sanitizer whose terms (block, redact, replace, warn) the bodies
 * sometimes carry, with an e-mail, an MGRS reference or a date-time group
 * now and then for the built-in recognizers.
 *
 * Each case is decided twice: by release_decide() and by an oracle below,
 * written from the rule text of DESIGN §4, shared/domain/markings.md and
 * the documented choices in the comments at the top of release.c,
 * agreement.c and marking.c, and not from release.c's code.  The oracle
 * reads the agreements' and markings' fields itself and expands groups
 * with partner_is_member() on D; it borrows only the term matching of
 * sanitize_scan() and decides from the hits' actions.  Its reading:
 *   1. some agreement has status active, effective <= D <= expires (an
 *      empty date does not bound), every report topic among its topics
 *      and none among its exclusions, and names X as a recipient with a
 *      ceiling (the entry's where lower, else the agreement's) at or above
 *      the portion's level.  X's own entry, naming it directly, decides
 *      X's role and ceiling; without one, entries of groups holding X on
 *      D count, those whose role is not originator-only.  Where X is named
 *      only through groups whose entries disagree, the rule does not say
 *      which wins: such a portion is counted as ambiguous, not compared;
 *   2. TLP:CLEAR, GREEN and AMBER pass, AMBER+STRICT and RED do not;
 *      NOFORN, RELIDO or DISPLAY ONLY never pass; with REL TO, X must be
 *      in the list or a member on D of a group in it; without a release
 *      marking only national UNCLASSIFIED without FGI passes (FOUO and
 *      ORCON are not release controls);
 *   3. an ORCON portion, or any portion of a report whose originator is
 *      neither USA nor X, needs a consent for X dated on or before D (a
 *      later one does not count yet); for a portion that is not
 *      ORCON, an agreement active on D with a party entry (any role)
 *      naming the originator, directly or through a group (agreement.c:
 *      "its members on D are parties then"), and the third-party rule
 *      off, waives it;
 *   4. no hit has the block action (a redact, replace or generalize hit
 *      makes the release a sanitized one);
 *   5. the portion comes after the tearline, if there is one.
 * Released portions that mix TLP with classification do not roll up into
 * one banner (marking.c), so release_decide() must refuse such a case.
 * Otherwise the verdict class must match for every portion; a withheld
 * portion must carry at least one reason and a released one none; a
 * released text is the body itself exactly when released as is.  The
 * partner view must be the banner, the released portions' markings and
 * texts in order, and the banner again; the banner must equal the
 * oracle's roll-up where markings.md leaves no doubt (national portions
 * without FGI and without groups in their lists, or TLP portions only).
 *
 * Every disagreement is printed with its seed, case number, report text,
 * agreements, partner, date and both answers, and is tried against other
 * readings of the rule (see V_* below) to say which one release_decide()
 * follows (-DPROP_READING=7 makes them the oracle's own: then the two
 * agree on every case).  Each case has its own seed: RELEASE_PROP_CASE=N
 * replays case N alone and prints it in full.  Counts at the end show the
 * generator exercises the rule: enough portions released and withheld, and each
 * condition the sole cause of a withholding many times.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "release.h"
#include "sanitize.h"
#include "tap.h"

#define PROP_SEED     UINT64_C(0x5eedfacec0ffee01)
#define PROP_CASES    40000
#define PROP_MAX_AGR  4
#define PROP_MAX_PORT 6
#define PROP_NSAN     8
#ifndef PROP_READING /* the oracle's own: none of the V_* below */
#define PROP_READING 0
#endif
#ifndef PROP_MAX_DIAG
#define PROP_MAX_DIAG 6
#endif
#define PROP_TEXT_MAX 8192

enum { C_AGR = 1, C_CTRL, C_CONSENT, C_BLOCK, C_TEAR, NCOND };

/*
 * Other readings, seen in release.c, to explain a disagreement: the
 * waiver only by naming the originator itself; an originator-only entry
 * for X not stopping X from receiving through another entry; the first
 * (receiving) entry naming X giving X's ceiling, whatever its kind.
 */
enum {
	V_WAIVE_DIRECT = 1,
	V_ROLE_UNION = 2,
	V_FIRST_CEILING = 4,
	NVARIANTS = 8
};

static const char *const variant_names[] = {"waiver only by direct naming",
					    "originator-only entry overridden",
					    "first entry's ceiling"};

static const char *const cond_names[NCOND] = {
    NULL, "agreement", "markings", "consent", "blocking hit", "tearline"};

/* Partners, A-Z, then groups, A-Z: a mask over them is in canonical order. */
static const char *const codes[] = {"AUS", "CAN", "DEU",  "FIN",  "FRA", "GBR",
				    "JPN", "SWE", "EUMS", "FVEY", "NATO"};
#define NPARTNERS 8
#define NCODES    11

static const char *const topics[] = {"CYBER", "LOGISTICS", "MARITIME", "SIGINT",
				     "TERROR"};
#define NTOPICS 5

static const char *const words[] = {
    "ships",  "moved",  "north", "at",      "dawn",    "the",
    "convoy", "harbor", "was",   "quiet",   "radar",   "signals",
    "seen",   "near",   "coast", "two",     "vessels", "left",
    "port",   "oak",    "tree",  "granite", "quarry",  "master"};
#define NWORDS (sizeof words / sizeof words[0])

static const char *const terms[] = {"BLUEFIN", "OAK TREE", "NIGHTJAR",
				    "GRANITE", "harbor master"};
#define NTERMS 5

static const char *const nat_levels[] = {"U", "C", "S", "TS"};
static const char *const nato_levels[] = {"NU", "NR", "NC", "NS", "CTS"};
static const char *const tlp_labels[] = {"CLEAR", "GREEN", "AMBER",
					 "AMBER+STRICT", "RED"};

static struct partner_set set;
static struct marking_ctx ctx;
static struct sanitizer *sans[PROP_NSAN];
static int san_actions[PROP_NSAN][NTERMS + 1]; /* terms, then e-mail */
static uint64_t rng;

/* Counters. */
static long ncases, nportions, nreleased_o, nsanitized_o, nwithheld_o;
static long sole[NCOND], failing[NCOND];
static long nbanner_checked, nview_checked, ninvalid_markings, ntearlines;
static long disagreements, nerrors, nambiguous, nmixed;
static long explained[NVARIANTS]; /* [0]: by none of them */
static long nover; /* disagreements where release_decide lets more go */
static long max_diag = PROP_MAX_DIAG;
static int force_dump; /* print the case even when both agree */

struct kase {
	long no;
	char date[PARTNER_DATE_LEN];
	char partner[PARTNER_CODE_MAX];
	char text[PROP_TEXT_MAX];
	struct report r;
	struct agreement a[PROP_MAX_AGR];
	size_t na;
	struct release_consent c[NPARTNERS];
	size_t nc;
	int sanix; /* -1: no sanitizer */
};

struct oracle {
	int fail[NCOND];
	int nfail;
	int changed;
	int ambiguous; /* the verdict hangs on an open reading */
	int verdict;
};

/* Each case's own seed, so that one case can be replayed alone. */
static uint64_t
case_seed(long no)
{
	uint64_t z =
	    PROP_SEED + UINT64_C(0x9e3779b97f4a7c15) * (uint64_t)(no + 1);

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	z ^= z >> 31;
	return z != 0 ? z : 1;
}

/* xorshift64*: small, fixed, the same on every platform. */
static uint32_t
rnd(uint32_t n)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * UINT64_C(2685821657736338717)) >> 32) % n;
}

static int
popcount(unsigned v)
{
	int n = 0;

	for (; v != 0; v &= v - 1)
		n++;
	return n;
}

static void
bail(const char *why)
{
	printf("Bail out! %s\n", why);
	exit(99);
}

static int
chance(unsigned percent)
{
	return rnd(100) < percent;
}

/* Days since 1970-01-01 and back (proleptic Gregorian). */
static long
days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(long z, char out[PARTNER_DATE_LEN])
{
	char tmp[64];
	long era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	snprintf(tmp, sizeof tmp, "%04ld-%02ld-%02ld", y + (m <= 2), m, d);
	memcpy(out, tmp, PARTNER_DATE_LEN - 1);
	out[PARTNER_DATE_LEN - 1] = '\0';
}

/* An offset around a day: often on or next to it, else up to span. */
static long
near_offset(long span)
{
	if (chance(25))
		return (long)rnd(3) - 1;
	return (long)rnd((uint32_t)span + 1);
}

/* A text buffer that stays a C string and never overflows. */
struct buf {
	char *p;
	size_t len, cap;
};

static void bput(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
bput(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->len >= b->cap)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		b->len += (size_t)n;
	if (b->len >= b->cap)
		b->len = b->cap - 1;
}

/* ------------------------------------------------------------------ */
/* Generation                                                         */

static int
is_group(const char *code)
{
	const struct partner *p = partner_find(&set, code);

	return p != NULL && p->kind == PARTNER_GROUP;
}

/* Codes chosen by a mask over codes[], comma-space, canonical order. */
static void
put_codes(struct buf *b, unsigned mask)
{
	int i, first = 1;

	for (i = 0; i < NCODES; i++)
		if (mask & (1u << i)) {
			bput(b, "%s%s", first ? "" : ", ", codes[i]);
			first = 0;
		}
}

/* A mask of 1-4 codes, groups now and then, often holding want. */
static unsigned
code_mask(int want, int groups)
{
	unsigned mask = 0;
	int i, n = 1 + (int)rnd(4);

	for (i = 0; i < n; i++)
		mask |= 1u << (groups && chance(25) ? NPARTNERS + rnd(3)
						    : rnd(NPARTNERS));
	if (want >= 0 && chance(65))
		mask |= 1u << want;
	return mask;
}

static void
gen_marking(struct buf *b, int tlp, int want)
{
	int nato, level, fgi, rel, orcon, fouo, nsep;
	unsigned mask = 0, dmask;

	if (tlp) {
		bput(b, "(TLP:%s)", tlp_labels[rnd(5)]);
		return;
	}
	nato = chance(15);
	level = (int)rnd(nato ? 5 : 4);
	if (!nato && chance(15))
		level = 0; /* more unclassified */
	fgi = !nato && chance(8);
	orcon = chance(15);
	fouo = !nato && level == 0 && chance(35);
	/* 0 none, 1 NOFORN, 2 REL TO, 3 RELIDO, 4 DISPLAY ONLY */
	switch (rnd(20)) {
	case 0:
	case 1:
		rel = 0;
		break;
	case 2:
	case 3:
		rel = 1;
		break;
	case 4:
		rel = 3;
		break;
	case 5:
		rel = 4;
		break;
	default:
		rel = 2;
		break;
	}
	if (nato)
		bput(b, "(//%s", nato_levels[level]);
	else
		bput(b, "(%s", nat_levels[level]);
	if (fgi) {
		bput(b, "//FGI");
		if (chance(70)) {
			bput(b, " ");
			put_codes(b, code_mask(-1, 0));
		}
	}
	if (!fouo && !orcon && rel == 0) {
		bput(b, ")");
		return;
	}
	bput(b, "//");
	nsep = 0;
	if (fouo) {
		bput(b, "FOUO");
		nsep++;
	}
	if (orcon)
		bput(b, "%sOC", nsep++ ? "/" : "");
	if (rel == 1)
		bput(b, "%sNF", nsep++ ? "/" : "");
	if (rel == 2 || (rel == 3 && chance(50)) || (rel == 4 && chance(50))) {
		mask = code_mask(want, 1);
		bput(b, "%sREL TO USA, ", nsep++ ? "/" : "");
		put_codes(b, mask);
	}
	if (rel == 3 || (rel == 2 && chance(8)))
		bput(b, "%sRELIDO", nsep++ ? "/" : "");
	if (rel == 4 || (rel == 2 && chance(5))) {
		dmask = code_mask(want, 1) & ~mask;
		if (dmask == 0)
			dmask = ~mask & ((1u << NCODES) - 1);
		bput(b, "%sDISPLAY ONLY ", nsep++ ? "/" : "");
		put_codes(b, dmask);
	}
	bput(b, ")");
}

static void
gen_body(struct buf *b, int sanix)
{
	int i, n = 2 + (int)rnd(7);

	for (i = 0; i < n; i++) {
		if (i > 0)
			bput(b, " ");
		if (chance(sanix >= 0 ? 12 : 4)) {
			const char *t = terms[rnd(NTERMS)];
			const char *s;

			if (chance(30)) /* any case matches */
				for (s = t; *s != '\0'; s++)
					bput(b, "%c",
					     *s >= 'A' && *s <= 'Z' ? *s + 32
								    : *s);
			else
				bput(b, "%s", t);
		} else if (chance(2)) {
			bput(b, "ops@example.org");
		} else if (chance(2)) {
			bput(b, "18SUJ2337106519");
		} else if (chance(2)) {
			bput(b, "271530Z NOV 26");
		} else {
			bput(b, "%s", words[rnd(NWORDS)]);
		}
	}
	bput(b, ".");
}

static void
gen_agreement(struct kase *k, struct agreement *a, size_t ix, long day,
	      int want)
{
	static const int ceilings[] = {MARKING_U, MARKING_R, MARKING_C,
				       MARKING_S, MARKING_S, MARKING_TS,
				       MARKING_TS};
	unsigned used = 0;
	int i, n, c, role, tmp, order[NCODES];
	size_t t;

	memset(a, 0, sizeof *a);
	snprintf(a->id, sizeof a->id, "AGR-%zu", ix + 1);
	a->title = strdup("generated agreement");
	a->status = chance(85) ? AGREEMENT_ACTIVE : 1 + (int)rnd(5);
	a->ceiling = ceilings[rnd(7)];
	a->third_party_rule = chance(65);
	if (chance(5))
		a->effective[0] = '\0';
	else if (chance(88))
		civil_from_days(day - near_offset(700), a->effective);
	else
		civil_from_days(day + 1 + (long)rnd(200), a->effective);
	if (chance(6))
		a->expires[0] = '\0';
	else if (chance(85))
		civil_from_days(day + near_offset(700), a->expires);
	else
		civil_from_days(day - 1 - (long)rnd(200), a->expires);
	n = 1 + (int)rnd(3);
	if (want >= 0 && chance(70))
		used |= 1u << want;
	while (popcount(used) < n)
		used |= 1u << rnd(NCODES);
	/* In a random order: which entry comes first must not matter. */
	for (i = n = 0; i < NCODES; i++)
		if (used & (1u << i))
			order[n++] = i;
	for (i = n - 1; i > 0; i--) {
		c = (int)rnd((uint32_t)i + 1);
		tmp = order[i];
		order[i] = order[c];
		order[c] = tmp;
	}
	for (t = 0; t < (size_t)n; t++) {
		i = order[t];
		role = chance(80) ? AGREEMENT_BOTH
				  : (chance(50) ? AGREEMENT_ORIGINATOR
						: AGREEMENT_RECIPIENT);
		c = chance(20) ? (int)rnd(5) : -1;
		agreement_add_party(a, codes[i], role, c);
	}
	a->type =
	    a->nparties > 1 ? AGREEMENT_MULTILATERAL : AGREEMENT_BILATERAL;
	/* Topics: often a superset of the report's, else random. */
	if (chance(75))
		for (t = 0; t < k->r.ntopics; t++)
			agreement_add_topic(a, k->r.topics[t], 0);
	n = (int)rnd(4);
	for (i = 0; i < n || a->ntopics == 0; i++) {
		const char *tp = topics[rnd(NTOPICS)];

		for (t = 0; t < a->ntopics; t++)
			if (strcmp(a->topics[t], tp) == 0)
				break;
		if (t == a->ntopics)
			agreement_add_topic(a, tp, 0);
	}
	if (chance(12))
		agreement_add_topic(a, topics[rnd(NTOPICS)], 1);
}

static int
gen_case(struct kase *k, long no)
{
	struct buf b = {k->text, 0, sizeof k->text};
	struct report_problem pv[8];
	size_t np, i;
	long day;
	int want, n, tear, mode, tries, j;
	unsigned tmask;

	memset(k, 0, sizeof *k);
	k->no = no;
	rng = case_seed(no);
	day = days_from_civil(2020, 1, 1) +
	      (long)rnd((uint32_t)(days_from_civil(2031, 1, 1) -
				   days_from_civil(2020, 1, 1)));
	civil_from_days(day, k->date);
	snprintf(ctx.date, sizeof ctx.date, "%s", k->date);
	want = (int)rnd(NPARTNERS);
	snprintf(k->partner, sizeof k->partner, "%s", codes[want]);
	k->sanix = chance(85) ? (int)rnd(PROP_NSAN) : -1;

	/* The report: originator, topics, text. */
	snprintf(k->r.id, sizeof k->r.id, "R-%ld", k->no);
	k->r.title = strdup("generated report");
	snprintf(k->r.originator, sizeof k->r.originator, "%s",
		 chance(60) ? "USA" : codes[rnd(NPARTNERS)]);
	civil_from_days(day - (long)rnd(60), k->r.date);
	tmask = 0;
	n = 1 + (int)rnd(3);
	while (popcount(tmask) < n)
		tmask |= 1u << (chance(60) ? rnd(3) : rnd(NTOPICS));
	for (j = 0; j < NTOPICS; j++)
		if (tmask & (1u << j))
			report_add_topic(&k->r, topics[j]);
	mode = (int)rnd(100); /* < 8 all TLP, < 10 some TLP */
	n = 1 + (int)rnd(PROP_MAX_PORT);
	tear = chance(20) ? (int)rnd((uint32_t)n + 1) : -1;
	for (j = 0; j < n; j++) {
		char mk[MARKING_TEXT_MAX];
		struct buf mb;
		struct marking m;
		struct relto_err e;

		if (j == tear) {
			bput(&b, "%s" REPORT_TEARLINE, b.len ? "\n\n" : "");
			ntearlines++;
		}
		for (tries = 0; tries < 20; tries++) {
			mb.p = mk;
			mb.len = 0;
			mb.cap = sizeof mk;
			gen_marking(&mb, mode < 8 || (mode < 10 && chance(30)),
				    want);
			err_clear(&e);
			if (marking_parse(mk, MARKING_PORTION, &ctx, &m, &e) ==
			    RELTO_OK)
				break;
			ninvalid_markings++;
		}
		if (tries == 20)
			continue;
		bput(&b, "%s%s ", b.len ? "\n\n" : "", mk);
		gen_body(&b, k->sanix);
	}
	if (tear == n)
		bput(&b, "%s" REPORT_TEARLINE, b.len ? "\n\n" : "");
	if (report_parse_text(&k->r, k->text, &ctx, pv, 8, &np) != RELTO_OK) {
		diag("case %ld: report text rejected: %d:%d: %s\n%s", k->no,
		     np ? pv[0].line : 0, np ? pv[0].col : 0,
		     np ? pv[0].msg : "?", k->text);
		return -1;
	}

	k->na = 1 + rnd(PROP_MAX_AGR);
	for (i = 0; i < k->na; i++)
		gen_agreement(k, &k->a[i], i, day,
			      chance(70) ? want : (int)rnd(NCODES));
	for (j = 0; j < NPARTNERS; j++) {
		if (!chance(j == want ? 50 : 15))
			continue;
		snprintf(k->c[k->nc].partner, PARTNER_CODE_MAX, "%s", codes[j]);
		if (chance(85))
			civil_from_days(day - near_offset(400),
					k->c[k->nc].date);
		else
			civil_from_days(day + 1 + (long)rnd(100),
					k->c[k->nc].date);
		k->nc++;
	}
	return 0;
}

static void
free_case(struct kase *k)
{
	size_t i;

	for (i = 0; i < k->na; i++)
		agreement_free(&k->a[i]);
	report_free(&k->r);
}

/* ------------------------------------------------------------------ */
/* The oracle                                                         */

/* Does party code name who on D: the same code, or a group holding it? */
static int
names(const char *code, const char *who, const char *date)
{
	if (strcmp(code, who) == 0)
		return 1;
	return is_group(code) && partner_is_member(&set, code, who, date);
}

static int
in_force(const struct agreement *a, const char *date)
{
	if (a->status != AGREEMENT_ACTIVE)
		return 0;
	if (a->effective[0] != '\0' && strcmp(a->effective, date) > 0)
		return 0;
	if (a->expires[0] != '\0' && strcmp(date, a->expires) > 0)
		return 0;
	return 1;
}

static int
listed(char (*list)[AGREEMENT_TOPIC_MAX], size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

/* May this party entry receive a portion of level? */
static int
entry_allows(const struct agreement *a, const struct agreement_party *p,
	     int level)
{
	int ceiling = a->ceiling;

	if (p->role == AGREEMENT_ORIGINATOR)
		return 0;
	if (p->ceiling >= 0 && p->ceiling < ceiling)
		ceiling = p->ceiling;
	return level <= ceiling;
}

/*
 * Does a cover X for level: 1, 0, or -1 when X is named only through
 * groups whose entries disagree (the rule text does not say which wins).
 * X's own entry, naming it directly, decides for X: its role and its
 * ceiling.
 */
static int
oracle_covers(const struct kase *k, const struct agreement *a, int level,
	      int variant)
{
	const struct agreement_party *p;
	size_t j;
	int yes = 0, no = 0;

	if (!in_force(a, k->date))
		return 0;
	for (j = 0; j < k->r.ntopics; j++)
		if (!listed(a->topics, a->ntopics, k->r.topics[j]) ||
		    listed(a->exclusions, a->nexclusions, k->r.topics[j]))
			return 0;
	for (j = 0; j < a->nparties; j++) {
		p = &a->parties[j];
		if ((variant & V_ROLE_UNION) && p->role == AGREEMENT_ORIGINATOR)
			continue;
		if ((variant & V_FIRST_CEILING)
			? names(p->code, k->partner, k->date)
			: strcmp(p->code, k->partner) == 0)
			return entry_allows(a, p, level);
	}
	for (j = 0; j < a->nparties; j++) {
		p = &a->parties[j];
		if (((variant & V_ROLE_UNION) &&
		     p->role == AGREEMENT_ORIGINATOR) ||
		    !names(p->code, k->partner, k->date))
			continue;
		if (entry_allows(a, p, level))
			yes = 1;
		else
			no = 1;
	}
	return yes && no ? -1 : yes;
}

static int
oracle_agreement(const struct kase *k, int level, int variant)
{
	size_t i;
	int r, amb = 0;

	for (i = 0; i < k->na; i++) {
		r = oracle_covers(k, &k->a[i], level, variant);
		if (r == 1)
			return 1;
		amb |= r < 0;
	}
	return amb ? -1 : 0;
}

static int
oracle_controls(const struct kase *k, const struct marking *m)
{
	size_t i;

	if (m->flags & MARKING_TLP)
		return m->tlp <= MARKING_TLP_AMBER;
	if (m->flags & (MARKING_NOFORN | MARKING_RELIDO | MARKING_DISPLAY))
		return 0;
	if (m->flags & MARKING_RELTO) {
		for (i = 0; i < m->relto.n; i++)
			if (names(m->relto.code[i], k->partner, k->date))
				return 1;
		return 0;
	}
	return m->level == MARKING_U &&
	       !(m->flags & (MARKING_NATO | MARKING_FGI));
}

/* V_WAIVE_DIRECT: only an agreement naming the originator itself waives. */
static int
oracle_consent(const struct kase *k, const struct marking *m, int variant)
{
	const char *orig = k->r.originator;
	int orcon = (m->flags & MARKING_ORCON) != 0;
	int third = strcmp(orig, ctx.own) != 0 && strcmp(orig, k->partner) != 0;
	size_t i, j;

	if (!orcon && !third)
		return 1;
	for (i = 0; i < k->nc; i++)
		if (strcmp(k->c[i].partner, k->partner) == 0 &&
		    strcmp(k->c[i].date, k->date) <= 0)
			return 1;
	if (orcon)
		return 0;
	for (i = 0; i < k->na; i++) {
		if (!in_force(&k->a[i], k->date) || k->a[i].third_party_rule)
			continue;
		for (j = 0; j < k->a[i].nparties; j++)
			if ((variant & V_WAIVE_DIRECT)
				? strcmp(k->a[i].parties[j].code, orig) == 0
				: names(k->a[i].parties[j].code, orig, k->date))
				return 1;
	}
	return 0;
}

static void
oracle_portion(const struct kase *k, size_t ix, int tear, int variant,
	       struct oracle *o)
{
	const struct report_portion *rp = &k->r.p[ix];
	struct sanitize_hits hits;
	struct relto_err e;
	size_t i;
	int c, agr;

	memset(o, 0, sizeof *o);
	agr = oracle_agreement(k, rp->m.level, variant);
	o->fail[C_AGR] = agr == 0;
	o->fail[C_CTRL] = !oracle_controls(k, &rp->m);
	o->fail[C_CONSENT] = !oracle_consent(k, &rp->m, variant);
	if (k->sanix >= 0) {
		memset(&hits, 0, sizeof hits);
		err_clear(&e);
		if (sanitize_scan(sans[k->sanix], rp->body, strlen(rp->body),
				  &hits, &e) != RELTO_OK)
			bail(e.msg);
		for (i = 0; i < hits.n; i++) {
			if (hits.v[i].action == SANITIZE_BLOCK)
				o->fail[C_BLOCK] = 1;
			else if (hits.v[i].action != SANITIZE_WARN)
				o->changed = 1;
		}
		sanitize_hits_free(&hits);
	}
	o->fail[C_TEAR] = tear >= 0 && (int)ix < tear;
	for (c = 1; c < NCOND; c++)
		o->nfail += o->fail[c];
	o->ambiguous = agr < 0 && o->nfail == 0;
	o->verdict = o->nfail
			 ? RELEASE_WITHHELD
			 : (o->changed ? RELEASE_SANITIZED : RELEASE_AS_IS);
}

/*
 * The whole case: o[i] for the i-th portion, report->p[ix[i]].  Returns
 * the number of portions.  *mixed is 1 when the released ones mix TLP
 * with classification, which does not roll up (marking.c), so
 * release_decide() must refuse the case; 2 when they do only if an
 * ambiguous portion goes (refusing or not are both right); else 0.
 */
static size_t
oracle_case(const struct kase *k, int variant, struct oracle *o, size_t *ix,
	    int *mixed)
{
	size_t i, n = 0;
	int tear = -1, tlp = 0, cls = 0, amb;

	for (i = 0; i < k->r.n && tear < 0; i++)
		if (k->r.p[i].kind == REPORT_TEARLINE_KIND)
			tear = (int)i;
	for (i = 0; i < k->r.n; i++) {
		if (k->r.p[i].kind == REPORT_TEARLINE_KIND)
			continue;
		ix[n] = i;
		oracle_portion(k, i, tear, variant, &o[n]);
		amb = o[n].ambiguous ? 2 : 1;
		if (o[n].verdict != RELEASE_WITHHELD || o[n].ambiguous) {
			if (k->r.p[i].m.flags & MARKING_TLP)
				tlp = tlp == 1 ? 1 : amb;
			else
				cls = cls == 1 ? 1 : amb;
		}
		n++;
	}
	*mixed = tlp && cls ? (tlp == 1 && cls == 1 ? 1 : 2) : 0;
	return n;
}

/*
 * The banner, where markings.md leaves no doubt: national portions
 * without FGI and without groups in their lists (REL TO lists intersect,
 * the rest neutral), or TLP portions only.  0 when the case is not one.
 */
static int
oracle_banner(const struct kase *k, const struct oracle *o, size_t n,
	      const size_t *ix, struct marking *b)
{
	struct marking_codes isect;
	const struct marking *m;
	size_t i, j, l, ntlp = 0, nnat = 0, nrel = 0;

	memset(b, 0, sizeof *b);
	memset(&isect, 0, sizeof isect);
	for (i = 0; i < n; i++) {
		if (o[i].verdict == RELEASE_WITHHELD)
			continue;
		m = &k->r.p[ix[i]].m;
		if (m->flags & MARKING_TLP) {
			ntlp++;
			if (m->tlp > b->tlp)
				b->tlp = m->tlp;
			continue;
		}
		nnat++;
		if (m->flags & (MARKING_NATO | MARKING_FGI | MARKING_DISPLAY |
				MARKING_RELIDO | MARKING_NOFORN))
			return 0;
		for (j = 0; j < m->relto.n; j++)
			if (is_group(m->relto.code[j]))
				return 0;
		if (m->level > b->level)
			b->level = m->level;
		b->flags |= m->flags & (MARKING_FOUO | MARKING_ORCON);
		if (!(m->flags & MARKING_RELTO))
			continue;
		if (nrel++ == 0) {
			isect = m->relto;
			continue;
		}
		for (j = l = 0; j < isect.n; j++) {
			size_t q;

			for (q = 0; q < m->relto.n; q++)
				if (strcmp(isect.code[j], m->relto.code[q]) ==
				    0)
					break;
			if (q < m->relto.n)
				memcpy(isect.code[l++], isect.code[j],
				       PARTNER_CODE_MAX);
		}
		isect.n = l;
	}
	if (ntlp > 0) {
		if (nnat > 0)
			return 0; /* mixed: not a simple case */
		b->flags = MARKING_TLP;
		b->level = 0;
		return 1;
	}
	if (b->level > MARKING_U)
		b->flags &= ~(unsigned)MARKING_FOUO;
	if (nrel > 0 && isect.n <= 1) {
		b->flags |= MARKING_NOFORN;
	} else if (nrel > 0) {
		b->flags |= MARKING_RELTO;
		b->relto = isect;
	}
	return 1;
}

/* ------------------------------------------------------------------ */
/* Comparison and reporting                                           */

static void
dump_case(const struct kase *k, const struct oracle *o, const size_t *ix,
	  size_t n, const struct release_result *out)
{
	const struct agreement *a;
	struct buf b;
	char line[1024];
	size_t i, j;
	int c;

	diag("seed %#llx, case %ld: partner %s, date %s, originator %s",
	     (unsigned long long)PROP_SEED, k->no, k->partner, k->date,
	     k->r.originator);
	b.p = line;
	b.len = 0;
	b.cap = sizeof line;
	for (i = 0; i < k->r.ntopics; i++)
		bput(&b, " %s", k->r.topics[i]);
	bput(&b, "; consents:");
	for (i = 0; i < k->nc; i++)
		bput(&b, " %s@%s", k->c[i].partner, k->c[i].date);
	bput(&b, "; sanitizer:");
	if (k->sanix < 0)
		bput(&b, " none");
	else {
		for (i = 0; i < NTERMS; i++)
			bput(&b, " '%s'=%s", terms[i],
			     sanitize_action_name(san_actions[k->sanix][i]));
		bput(&b, " email=%s",
		     sanitize_action_name(san_actions[k->sanix][NTERMS]));
	}
	diag("topics:%s", line);
	for (i = 0; i < k->na; i++) {
		a = &k->a[i];
		b.len = 0;
		bput(&b,
		     "%s %s eff=%s exp=%s ceiling=%s tpr=%d parties:", a->id,
		     agreement_status_name(a->status),
		     a->effective[0] ? a->effective : "-",
		     a->expires[0] ? a->expires : "-",
		     marking_level_name(a->ceiling), a->third_party_rule);
		for (j = 0; j < a->nparties; j++)
			bput(&b, " %s/%s%s%s", a->parties[j].code,
			     agreement_role_name(a->parties[j].role),
			     a->parties[j].ceiling >= 0 ? "/" : "",
			     a->parties[j].ceiling >= 0
				 ? marking_level_name(a->parties[j].ceiling)
				 : "");
		bput(&b, " topics:");
		for (j = 0; j < a->ntopics; j++)
			bput(&b, " %s", a->topics[j]);
		if (a->nexclusions > 0) {
			bput(&b, " excl:");
			for (j = 0; j < a->nexclusions; j++)
				bput(&b, " %s", a->exclusions[j]);
		}
		diag("  %s", line);
	}
	diag("report text:\n%s", k->text);
	for (i = 0; i < n; i++) {
		b.len = 0;
		bput(&b, "portion %zu: oracle %s", ix[i],
		     release_verdict_name(o[i].verdict));
		for (c = 1; c < NCOND; c++)
			if (o[i].fail[c])
				bput(&b, " [%s]", cond_names[c]);
		if (out != NULL && i < out->n) {
			bput(&b, "; release_decide %s",
			     release_verdict_name(out->p[i].verdict));
			for (j = 0; j < out->p[i].nreasons; j++)
				bput(&b, " \"%s\"", out->p[i].reasons[j]);
		}
		diag("%s", line);
	}
	if (out != NULL)
		diag("view:\n%s", out->view != NULL ? out->view : "(none)");
}

/* The view a partner must receive: banner, portions, banner. */
static char *
expect_view(const struct kase *k, const struct release_result *out)
{
	char banner[MARKING_TEXT_MAX], mk[MARKING_TEXT_MAX];
	struct buf b;
	size_t i, cap = 2 * sizeof banner + 64;

	if (marking_format(&out->banner, MARKING_BANNER, banner,
			   sizeof banner) != 0)
		snprintf(banner, sizeof banner, "?");
	for (i = 0; i < out->n; i++)
		if (out->p[i].text != NULL)
			cap += strlen(out->p[i].text) + MARKING_TEXT_MAX + 4;
	b.p = malloc(cap);
	if (b.p == NULL)
		abort();
	b.len = 0;
	b.cap = cap;
	bput(&b, "%s\n\n", banner);
	for (i = 0; i < out->n; i++) {
		if (out->p[i].verdict == RELEASE_WITHHELD)
			continue;
		marking_format(&k->r.p[out->p[i].index].m, MARKING_PORTION, mk,
			       sizeof mk);
		bput(&b, "%s %s\n\n", mk,
		     out->p[i].text != NULL ? out->p[i].text : "(null)");
	}
	bput(&b, "%s\n", banner);
	return b.p;
}

static int
same_banner(const struct marking *got, const struct marking *want)
{
	size_t i;

	if ((got->flags & MARKING_TLP) || (want->flags & MARKING_TLP))
		return got->flags == want->flags && got->tlp == want->tlp;
	if (got->level != want->level || got->flags != want->flags ||
	    got->relto.n != want->relto.n)
		return 0;
	for (i = 0; i < want->relto.n; i++)
		if (strcmp(got->relto.code[i], want->relto.code[i]) != 0)
			return 0;
	return 1;
}

/* Do the verdicts of o match out's, ambiguous portions aside? */
static int
same_verdicts(const struct oracle *o, size_t n,
	      const struct release_result *out)
{
	size_t i;

	if (out->n != n)
		return 0;
	for (i = 0; i < n; i++)
		if (!o[i].ambiguous && o[i].verdict != out->p[i].verdict)
			return 0;
	return 1;
}

/* Which of the other readings explains out?  The fewest at once. */
static void
explain(const struct kase *k, int rc, const struct release_result *out)
{
	static const int order[] = {1, 2, 4, 3, 5, 6, 7};
	struct oracle ov[PROP_MAX_PORT];
	size_t ixv[PROP_MAX_PORT], n, i;
	int v, b, mixed;

	for (i = 0; i < sizeof order / sizeof order[0]; i++) {
		v = order[i];
		n = oracle_case(k, v, ov, ixv, &mixed);
		if (rc == RELTO_OK ? mixed != 1 && same_verdicts(ov, n, out)
				   : mixed != 0) {
			explained[v]++;
			if (disagreements > max_diag)
				return;
			for (b = 0; b < 3; b++)
				if (v & (1 << b))
					diag("explained by: %s",
					     variant_names[b]);
			return;
		}
	}
	explained[0]++;
}

static void
run_case(struct kase *k)
{
	static char why[2 * PROP_TEXT_MAX];
	struct release_input in;
	struct release_result out;
	struct oracle o[PROP_MAX_PORT];
	struct marking want;
	struct relto_err e;
	size_t ix[PROP_MAX_PORT], n, i, nrel = 0;
	char *view;
	int c, bad = 0, rc, mixed, amb = 0;

	why[0] = '\0';
	n = oracle_case(k, PROP_READING, o, ix, &mixed);
	for (i = 0; i < n; i++) {
		nportions++;
		amb |= o[i].ambiguous;
		if (o[i].ambiguous) {
			nambiguous++;
		} else if (o[i].verdict == RELEASE_WITHHELD) {
			nwithheld_o++;
			for (c = 1; c < NCOND; c++)
				if (o[i].fail[c]) {
					failing[c]++;
					if (o[i].nfail == 1)
						sole[c]++;
				}
		} else {
			nrel++;
			if (o[i].verdict == RELEASE_SANITIZED)
				nsanitized_o++;
			else
				nreleased_o++;
		}
	}

	memset(&in, 0, sizeof in);
	memset(&out, 0, sizeof out);
	in.report = &k->r;
	in.partner = k->partner;
	in.ctx = &ctx;
	in.agreements = k->a;
	in.nagreements = k->na;
	in.consents = k->c;
	in.nconsents = k->nc;
	in.sanitizer = k->sanix >= 0 ? sans[k->sanix] : NULL;
	err_clear(&e);
	rc = release_decide(&in, &out, &e);
	if (rc != RELTO_OK) {
		if (mixed) {
			nmixed++;
			goto done;
		}
		nerrors++;
		snprintf(why, sizeof why, "release_decide failed: %s", e.msg);
		bad = 1;
		goto report;
	}
	if (mixed == 1) {
		snprintf(why, sizeof why,
			 "TLP and classification portions released together");
		bad = 1;
		goto report;
	}
	if (out.n != n) {
		snprintf(why, sizeof why, "%zu portions in the result, not %zu",
			 out.n, n);
		bad = 1;
		goto report;
	}
	for (i = 0; i < n && !bad; i++) {
		const struct release_portion *p = &out.p[i];

		if (p->index != ix[i])
			snprintf(why, sizeof why, "portion %zu has index %zu",
				 ix[i], p->index);
		else if (p->verdict != o[i].verdict && !o[i].ambiguous)
			snprintf(why, sizeof why,
				 "portion %zu: verdict %s, oracle %s", ix[i],
				 release_verdict_name(p->verdict),
				 release_verdict_name(o[i].verdict));
		else if (p->verdict == RELEASE_WITHHELD && p->nreasons == 0)
			snprintf(why, sizeof why,
				 "portion %zu withheld without a reason",
				 ix[i]);
		else if (p->verdict != RELEASE_WITHHELD && p->nreasons != 0)
			snprintf(why, sizeof why,
				 "portion %zu released with a reason", ix[i]);
		else if (p->verdict != RELEASE_WITHHELD &&
			 (p->text == NULL ||
			  (strcmp(p->text, k->r.p[ix[i]].body) == 0) !=
			      (p->verdict == RELEASE_AS_IS)))
			snprintf(why, sizeof why,
				 "portion %zu: released text does not fit "
				 "the verdict",
				 ix[i]);
		else
			continue;
		bad = 1;
	}
	if (!bad && !amb && out.nreleased != nrel) {
		snprintf(why, sizeof why, "nreleased %zu, oracle %zu",
			 out.nreleased, nrel);
		bad = 1;
	}
	if (!bad && (out.nreleased == 0) != (out.view == NULL)) {
		snprintf(why, sizeof why, "%zu released, view %s",
			 out.nreleased, out.view == NULL ? "missing" : "given");
		bad = 1;
	}
	if (!bad && out.view != NULL) {
		nview_checked++;
		view = expect_view(k, &out);
		if (strcmp(out.view, view) != 0) {
			snprintf(why, sizeof why,
				 "the view is not banner, released "
				 "portions, banner; expected:\n%s",
				 view);
			bad = 1;
		}
		free(view);
	}
	if (!bad && !amb && nrel > 0 && oracle_banner(k, o, n, ix, &want)) {
		nbanner_checked++;
		if (!same_banner(&out.banner, &want)) {
			char got[MARKING_TEXT_MAX], exp[MARKING_TEXT_MAX];

			if (marking_format(&out.banner, MARKING_BANNER, got,
					   sizeof got) != 0)
				snprintf(got, sizeof got, "(unformattable)");
			if (marking_format(&want, MARKING_BANNER, exp,
					   sizeof exp) != 0)
				snprintf(exp, sizeof exp, "(unformattable)");
			snprintf(why, sizeof why, "banner %s, oracle %s", got,
				 exp);
			bad = 1;
		}
	}
report:
	if (bad) {
		for (i = 0; rc == RELTO_OK && i < n && i < out.n; i++)
			if (out.p[i].verdict != RELEASE_WITHHELD &&
			    o[i].verdict == RELEASE_WITHHELD &&
			    !o[i].ambiguous) {
				nover++;
				break;
			}
		if (disagreements++ < max_diag) {
			diag("DISAGREEMENT: %s", why);
			dump_case(k, o, ix, n, rc == RELTO_OK ? &out : NULL);
		}
		explain(k, rc, &out);
	} else if (force_dump) {
		diag("release_decide and the oracle agree");
		dump_case(k, o, ix, n, rc == RELTO_OK ? &out : NULL);
	}
done:
	release_result_free(&out);
}

static void
make_sanitizers(void)
{
	static const int acts[] = {SANITIZE_BLOCK, SANITIZE_REDACT,
				   SANITIZE_REPLACE, SANITIZE_WARN};
	struct relto_err e;
	int i, j;

	for (i = 0; i < PROP_NSAN; i++) {
		if (sanitize_new(&sans[i], &e) != RELTO_OK)
			bail(e.msg);
		for (j = 0; j < NTERMS; j++) {
			san_actions[i][j] = acts[rnd(4)];
			if (sanitize_add_term(sans[i], terms[j],
					      san_actions[i][j], "a source",
					      &e) != RELTO_OK)
				bail(e.msg);
		}
		san_actions[i][NTERMS] =
		    chance(25) ? SANITIZE_BLOCK : SANITIZE_REDACT;
		sanitize_set_rule_action(sans[i], SANITIZE_EMAIL,
					 san_actions[i][NTERMS]);
		if (sanitize_compile(sans[i], &e) != RELTO_OK)
			bail(e.msg);
	}
}

int
main(void)
{
	static struct kase k;
	char path[512];
	const char *srcdir = getenv("srcdir");
	const char *only = getenv("RELEASE_PROP_CASE");
	long first = 0, last = PROP_CASES;
	struct relto_err e;
	clock_t t0 = clock();
	long i, min_sole;
	int c, ok_sole = 1;

	snprintf(path, sizeof path, "%s/data/partners.tsv",
		 srcdir != NULL ? srcdir : ".");
	partner_set_init(&set);
	if (partner_set_load(&set, path, &e) != RELTO_OK)
		skip_all(e.msg);
	snprintf(ctx.own, sizeof ctx.own, "USA");
	ctx.partners = &set;
	rng = PROP_SEED;
	diag("seed %#llx, %d cases", (unsigned long long)PROP_SEED, PROP_CASES);
	make_sanitizers();
	if (only != NULL) { /* replay one case, printed in full */
		first = strtol(only, NULL, 10);
		last = first + 1;
		max_diag = 1;
		force_dump = 1;
	}

	for (i = first; i < last; i++) {
		if (gen_case(&k, i) == 0) {
			ncases++;
			run_case(&k);
		} else {
			disagreements++;
		}
		free_case(&k);
	}

	diag("%ld cases, %ld portions (%ld markings regenerated), %ld "
	     "tearlines, %.1f s",
	     ncases, nportions, ninvalid_markings, ntearlines,
	     (double)(clock() - t0) / CLOCKS_PER_SEC);
	diag("oracle: %ld released as is, %ld sanitized, %ld withheld",
	     nreleased_o, nsanitized_o, nwithheld_o);
	for (c = 1; c < NCOND; c++)
		diag("condition %d (%s): failing %ld, sole cause %ld", c,
		     cond_names[c], failing[c], sole[c]);
	diag("views compared %ld, banners compared %ld, ambiguous portions "
	     "%ld, mixed TLP refused %ld, errors %ld",
	     nview_checked, nbanner_checked, nambiguous, nmixed, nerrors);
	for (c = 1; c < NVARIANTS; c++)
		if (explained[c] > 0)
			diag("disagreements explained by%s%s%s: %ld",
			     c & 1 ? " [waiver only by direct naming]" : "",
			     c & 2 ? " [originator-only entry overridden]" : "",
			     c & 4 ? " [first entry's ceiling]" : "",
			     explained[c]);
	if (disagreements > 0)
		diag(
		    "disagreements explained by none: %ld; with release_decide "
		    "releasing what the oracle withholds: %ld",
		    explained[0], nover);

	ok(disagreements == 0,
	   "release_decide agrees with the oracle on "
	   "%ld cases (%ld disagreements)",
	   ncases, disagreements);
	if (only != NULL)
		goto out;
	ok(ncases >= PROP_CASES * 9 / 10, "%ld cases generated", ncases);
	ok((nreleased_o + nsanitized_o) * 20 >= nportions,
	   "at least 5%% of portions released");
	ok(nwithheld_o * 20 >= nportions, "at least 5%% of portions withheld");
	ok(nsanitized_o >= 100, "released sanitized %ld times", nsanitized_o);
	min_sole = PROP_CASES / 200;
	for (c = 1; c < NCOND; c++)
		ok_sole &= sole[c] >= min_sole;
	ok(ok_sole, "each condition the sole cause at least %ld times",
	   min_sole);
	ok(nbanner_checked >= PROP_CASES / 20, "%ld banners compared",
	   nbanner_checked);

out:
	for (c = 0; c < PROP_NSAN; c++)
		sanitize_free(sans[c]);
	partner_set_free(&set);
	done_testing();
	return exit_status();
}
