/*
 * marking-test.c -- tests for src/core/marking.c: every vector of
 * shared/domain/markings.md, each validation error, the NATO ladder, FGI,
 * TLP, dated group membership, SCI rejection, case and form errors, and a
 * round-trip property over generated markings (fixed seed).
 *
 * Own country USA, date 2026-11-27 unless a test says otherwise, the
 * built-in partner set from $srcdir/data/partners.tsv.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "marking.h"
#include "partner.h"
#include "tap.h"

static struct partner_set set;
static struct marking_ctx ctx;
static struct relto_err e;

/* ---- helpers --------------------------------------------------------- */

static const char *
fmt(const struct marking *m, int form)
{
	static char buf[MARKING_TEXT_MAX];

	if (marking_format(m, form, buf, sizeof buf) != RELTO_OK)
		return "(format failed)";
	return buf;
}

static int
ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n >= t && strcmp(s + n - t, tail) == 0;
}

/* text is canonical: check accepts it as is, parse and format agree. */
static void
valid_at(const char *text, int form, const char *file, int line)
{
	char canon[MARKING_TEXT_MAX] = "x";
	struct marking m;
	int rc;

	rc = marking_check(text, form, &ctx, canon, sizeof canon, &e);
	if (!is_int_at(rc, RELTO_OK, file, line, "check accepts %s", text))
		diag("%s", e.msg);
	is_at(canon, text, file, line, "canonical form of %s is itself", text);
	rc = marking_parse(text, form, &ctx, &m, &e);
	ok_at(rc == RELTO_OK && strcmp(fmt(&m, text[0] == '(' ? MARKING_PORTION
							      : MARKING_BANNER),
				       text) == 0,
	      file, line, "parse accepts %s and format gives it back", text);
}

/*
 * Only the order is wrong: parse accepts text, check refuses it, offers
 * canon and says why.
 */
static void
lenient_at(const char *text, const char *canon, const char *why,
	   const char *file, int line)
{
	char got[MARKING_TEXT_MAX];
	struct marking m, w;
	int rc;

	rc = marking_parse(text, MARKING_ANY, &ctx, &m, &e);
	if (!is_int_at(rc, RELTO_OK, file, line, "parse accepts %s", text))
		diag("%s", e.msg);
	ok_at(rc == RELTO_OK &&
		  marking_parse(canon, MARKING_ANY, &ctx, &w, &e) == RELTO_OK &&
		  marking_equal(&m, &w),
	      file, line, "%s means %s", text, canon);
	rc = marking_check(text, MARKING_ANY, &ctx, got, sizeof got, &e);
	is_int_at(rc, RELTO_EINPUT, file, line, "check refuses %s", text);
	is_at(got, canon, file, line, "check offers the canonical form");
	ok_at(strstr(e.msg, why) != NULL && ends_with(e.msg, canon), file, line,
	      "the message says '%s' and offers the form", why);
	if (strstr(e.msg, why) == NULL || !ends_with(e.msg, canon))
		diag("message: %s", e.msg);
}

/* text is invalid for parse and check; canon is "" when none exists. */
static void
invalid_at(const char *text, int form, const char *canon, const char *why,
	   const char *file, int line)
{
	char got[MARKING_TEXT_MAX] = "x";
	struct marking m;
	int rc, good;

	rc = marking_parse(text, form, &ctx, &m, &e);
	is_int_at(rc, RELTO_EINPUT, file, line, "parse refuses %s", text);
	good = strstr(e.msg, why) != NULL;
	rc = marking_check(text, form, &ctx, got, sizeof got, &e);
	is_int_at(rc, RELTO_EINPUT, file, line, "check refuses %s", text);
	is_at(got, canon, file, line, "canonical form offered for %s", text);
	good = good && strstr(e.msg, why) != NULL &&
	       (*canon == '\0' || ends_with(e.msg, canon));
	if (!ok_at(good, file, line, "the message says '%s'", why))
		diag("message: %s", e.msg);
}

/* Split "(A)(B)(C)" into portions. */
static size_t
portions_of(const char *text, struct marking *p, size_t cap)
{
	char buf[MARKING_TEXT_MAX];
	const char *s = text, *end;
	size_t n = 0;

	while (n < cap && (s = strchr(s, '(')) != NULL) {
		end = strchr(s, ')');
		if (end == NULL)
			break;
		snprintf(buf, sizeof buf, "%.*s", (int)(end - s + 1), s);
		if (marking_parse(buf, MARKING_PORTION, &ctx, &p[n], &e) !=
		    RELTO_OK) {
			diag("portion %s: %s", buf, e.msg);
			return (size_t)-1;
		}
		n++;
		s = end + 1;
	}
	return n;
}

static const char *
rollup_text(const char *portions)
{
	static char buf[MARKING_TEXT_MAX];
	struct marking p[16], b;
	size_t n = portions_of(portions, p, 16);

	if (n == (size_t)-1)
		return "(portion refused)";
	if (marking_rollup(p, n, &ctx, &b) != RELTO_OK)
		return "(roll-up refused)";
	snprintf(buf, sizeof buf, "%s", fmt(&b, MARKING_BANNER));
	return buf;
}

#define ROLLS(portions, banner)                                                \
	is(rollup_text(portions), (banner), "roll-up of %s", (portions))

static const char *
audience_text(const char *text, int *rc)
{
	static char buf[MARKING_MAX_CODES * PARTNER_CODE_MAX];
	struct marking_codes out;
	struct marking m;
	size_t i;

	*rc = -2;
	if (marking_parse(text, MARKING_ANY, &ctx, &m, &e) != RELTO_OK)
		return e.msg;
	*rc = marking_audience(&m, &ctx, &out);
	buf[0] = '\0';
	for (i = 0; i < out.n; i++) {
		if (i > 0)
			strcat(buf, " ");
		strcat(buf, out.code[i]);
	}
	return buf;
}

static void
audience_at(const char *text, const char *want, int want_rc, const char *file,
	    int line)
{
	int rc;
	const char *got = audience_text(text, &rc);

	is_at(got, want, file, line, "audience of %s on %s", text, ctx.date);
	is_int_at(rc, want_rc, file, line, "audience of %s: %s", text,
		  want_rc ? "unrestricted" : "restricted");
}

#define VALID(text)        valid_at((text), MARKING_ANY, __FILE__, __LINE__)
#define VALIDF(text, form) valid_at((text), (form), __FILE__, __LINE__)
#define LENIENT(text, canon, why)                                              \
	lenient_at((text), (canon), (why), __FILE__, __LINE__)
#define INVALID(text, canon, why)                                              \
	invalid_at((text), MARKING_ANY, (canon), (why), __FILE__, __LINE__)
#define INVALIDF(text, form, canon, why)                                       \
	invalid_at((text), (form), (canon), (why), __FILE__, __LINE__)
#define AUDIENCE(text, want, rc)                                               \
	audience_at((text), (want), (rc), __FILE__, __LINE__)

/* ---- the vectors of markings.md ---------------------------------------- */

static void
test_vectors(void)
{
	/* Validation table. */
	LENIENT("SECRET//REL TO USA, GBR, AUS", "SECRET//REL TO USA, AUS, GBR",
		"countries must be listed own country first, then trigraphs "
		"A–Z, then tetragraphs A–Z");
	VALID("(S//REL TO USA, FVEY)");
	AUDIENCE("(S//REL TO USA, FVEY)", "AUS CAN GBR NZL USA", 0);
	INVALID("SECRET//REL TO USA", "SECRET//NOFORN",
		"REL TO naming only the own country (USA)");
	INVALID("SECRET//NOFORN/REL TO USA, GBR", "",
		"NOFORN forbids any foreign release; it cannot stand with "
		"REL TO");
	INVALID("SECRET//REL TO USA GBR", "SECRET//REL TO USA, GBR",
		"separated by a comma and a space");

	/* Roll-up table. */
	ROLLS("(S//REL TO USA, AUS, GBR)(C//REL TO USA, GBR, NZL)(U)",
	      "SECRET//REL TO USA, GBR");
	ROLLS("(S//REL TO USA, FVEY)(TS//REL TO USA, GBR, JPN)",
	      "TOP SECRET//REL TO USA, GBR");
	ROLLS("(S//REL TO USA, FVEY)(S//REL TO USA, FVEY, JPN)",
	      "SECRET//REL TO USA, FVEY");
	ROLLS("(S//REL TO USA, AUS)(S//REL TO USA, JPN)", "SECRET//NOFORN");
	ROLLS("(S//NF)(C//REL TO USA, GBR)", "SECRET//NOFORN");
	ROLLS("(S//REL TO USA, GBR)(C)", "SECRET//NOFORN");
	ROLLS("(S//RELIDO)(C//RELIDO)", "SECRET//RELIDO");
	ROLLS("(S//OC/REL TO USA, GBR)(C//REL TO USA, GBR)",
	      "SECRET//ORCON/REL TO USA, GBR");
}

/* The partner view: (S//REL TO USA, GBR)(S//NF)(U), GBR and JPN. */
static void
test_partner_view(void)
{
	struct marking p[3], view[2], b;
	struct marking_codes a;
	int all[3], i;
	size_t j;
	int gbr[3] = {0, 0, 0}, jpn[3] = {0, 0, 0};

	if (portions_of("(S//REL TO USA, GBR)(S//NF)(U)", p, 3) != 3) {
		ok(0, "partner view: portions parse");
		return;
	}
	ROLLS("(S//REL TO USA, GBR)(S//NF)(U)", "SECRET//NOFORN");
	for (i = 0; i < 3; i++) {
		all[i] = marking_audience(&p[i], &ctx, &a);
		for (j = 0; j < a.n; j++) {
			gbr[i] |= strcmp(a.code[j], "GBR") == 0;
			jpn[i] |= strcmp(a.code[j], "JPN") == 0;
		}
		gbr[i] |= all[i] == 1;
		jpn[i] |= all[i] == 1;
	}
	ok(gbr[0] && !gbr[1] && gbr[2],
	   "partner view: GBR may have portions 1 and 3, not 2");
	ok(!jpn[0] && !jpn[1], "partner view: JPN gets nothing classified");
	ok(all[2] == 1 && all[0] == 0 && all[1] == 0,
	   "partner view: only the (U) portion is open to all");
	view[0] = p[0];
	view[1] = p[2];
	is_int(marking_rollup(view, 2, &ctx, &b), RELTO_OK,
	       "partner view: GBR's view rolls up");
	is(fmt(&b, MARKING_BANNER), "SECRET//REL TO USA, GBR",
	   "partner view: GBR's banner");
}

/* ---- validation errors ------------------------------------------------- */

static void
test_validation(void)
{
	char canon[MARKING_TEXT_MAX];

	/* REL TO naming only the own country. */
	INVALID("(S//REL TO USA)", "(S//NF)", "mark it NOFORN");
	INVALID("SECRET//REL TO USA/RELIDO", "", "releases to no one");
	/* NOFORN with REL TO, RELIDO or DISPLAY ONLY. */
	INVALID("SECRET//NOFORN/RELIDO", "", "cannot stand with RELIDO");
	INVALID("(S//NF/RELIDO)", "", "cannot stand with RELIDO");
	INVALID("SECRET//NOFORN/DISPLAY ONLY AFG", "",
		"cannot stand with DISPLAY ONLY");
	/* Order, duplicates. */
	LENIENT("(S//REL TO USA, IAEA, GBR)", "(S//REL TO USA, GBR, IAEA)",
		"own country first");
	LENIENT("SECRET//REL TO USA, NATO, FVEY, JPN",
		"SECRET//REL TO USA, JPN, FVEY, NATO", "tetragraphs A–Z");
	INVALID("SECRET//REL TO USA, GBR, GBR", "SECRET//REL TO USA, GBR",
		"GBR is listed twice");
	INVALID("SECRET//REL TO USA, GBR, AUS, GBR",
		"SECRET//REL TO USA, AUS, GBR", "GBR is listed twice");
	/* Delimiters. */
	INVALID("SECRET//REL TO USA,GBR", "SECRET//REL TO USA, GBR",
		"separated by a comma and a space");
	INVALID("SECRET//REL TO USA, GBR,", "SECRET//REL TO USA, GBR",
		"separated by a comma and a space");
	INVALID("SECRET//REL TO USA,  GBR", "SECRET//REL TO USA, GBR",
		"separated by a comma and a space");
	INVALID("SECRET//REL TO  USA, GBR", "SECRET//REL TO USA, GBR",
		"separated by a comma and a space");
	/* FOUO on a classified marking. */
	INVALID("SECRET//FOUO", "SECRET", "FOUO marks unclassified");
	INVALID("(C//FOUO/REL TO USA, GBR)", "(C//REL TO USA, GBR)",
		"FOUO marks unclassified");
	INVALID("(//NR//FOUO)", "(//NR)", "FOUO marks unclassified");
	VALID("(U//FOUO)");
	VALID("UNCLASSIFIED//FOUO");
	VALID("NATO UNCLASSIFIED//FOUO");
	/* Unknown codes. */
	INVALID("SECRET//REL TO USA, XQZ", "",
		"XQZ is not a country, organisation or group relto knows");
	INVALID("SECRET//REL TO USA, ABCD", "",
		"ABCD is not a country, organisation or group relto knows");
	INVALID("SECRET//REL TO USA, GB", "",
		"'GB' is not a country, organisation or group code");
	INVALID("SECRET//REL TO USA, GBR1", "",
		"'GBR1' is not a country, organisation or group code");
	INVALID("SECRET//FGI QQQ", "", "QQQ is not a country");
	/* Dissems out of register order. */
	LENIENT("SECRET//REL TO USA, GBR/ORCON",
		"SECRET//ORCON/REL TO USA, GBR",
		"dissemination controls go in register order: FOUO, ORCON, "
		"NOFORN, REL TO, RELIDO, DISPLAY ONLY");
	LENIENT("(S//REL TO USA, GBR/OC)", "(S//OC/REL TO USA, GBR)",
		"register order");
	LENIENT("UNCLASSIFIED//REL TO USA, GBR/FOUO",
		"UNCLASSIFIED//FOUO/REL TO USA, GBR", "register order");
	LENIENT("SECRET//RELIDO/REL TO USA, GBR",
		"SECRET//REL TO USA, GBR/RELIDO", "register order");
	LENIENT("SECRET//DISPLAY ONLY AFG/REL TO USA, GBR",
		"SECRET//REL TO USA, GBR/DISPLAY ONLY AFG", "register order");
	INVALID("SECRET//NOFORN/NOFORN", "SECRET//NOFORN",
		"NOFORN appears twice");
	INVALID("SECRET//REL TO USA, GBR/REL TO USA, AUS", "",
		"REL TO appears twice");
	INVALID("SECRET//NOFORN//ORCON", "SECRET//ORCON/NOFORN",
		"separated by a single '/'");
	/* REL TO not starting with the own country. */
	LENIENT("SECRET//REL TO GBR, USA", "SECRET//REL TO USA, GBR",
		"a REL TO list starts with the own country, USA");
	LENIENT("(S//REL TO AUS, USA, GBR)", "(S//REL TO USA, AUS, GBR)",
		"starts with the own country");
	INVALID("SECRET//REL TO GBR", "SECRET//REL TO USA, GBR",
		"a REL TO list starts with the own country, USA");
	/* Empty or broken lists and parts. */
	INVALID("SECRET//REL TO", "", "REL TO needs a list of countries");
	INVALID("SECRET//DISPLAY ONLY", "",
		"DISPLAY ONLY needs a list of countries");
	INVALID("SECRET//", "SECRET", "no empty part");
	INVALID("SECRET//NOFORN/", "SECRET//NOFORN", "no empty part");
	INVALID("", "", "the marking is empty");
	INVALID("()", "", "is not a classification");
	INVALID("(S", "", "ends with ')'");
	INVALID("(S)(C)", "", "one marking at a time");
	INVALID("RESTRICTED", "", "is not a classification relto knows");
	INVALID("SECRET//NOFRN", "", "relto does not handle the control");
	INVALID(" SECRET//NOFORN\n", "SECRET//NOFORN",
		"no spaces before or after");
	/* The message names the canonical form, as the brief shows. */
	marking_check("SECRET//REL TO USA, GBR, AUS", MARKING_BANNER, &ctx,
		      canon, sizeof canon, &e);
	is(e.msg,
	   "countries must be listed own country first, then trigraphs A–Z, "
	   "then tetragraphs A–Z: SECRET//REL TO USA, AUS, GBR",
	   "the order message, word for word");
	/* A NULL error is allowed; a tiny canon buffer stays empty. */
	is_int(marking_check("SECRET//REL TO USA, GBR, AUS", MARKING_ANY, &ctx,
			     canon, 8, NULL),
	       RELTO_EINPUT, "check without an error struct");
	is(canon, "", "a canonical form that does not fit is not offered");
}

/* ---- forms and case ---------------------------------------------------- */

static void
test_forms(void)
{
	struct marking m;

	VALID("TOP SECRET");
	VALID("(TS)");
	VALID("CONFIDENTIAL//ORCON");
	VALID("(C//OC)");
	VALID("UNCLASSIFIED");
	VALID("(U)");
	/* Banner words in a portion, portion words in a banner. */
	INVALID("(SECRET//NOFORN)", "(S//NF)",
		"in a portion marking, write S rather than SECRET");
	INVALID("(S//NOFORN)", "(S//NF)",
		"in a portion marking, write NF rather than NOFORN");
	INVALID("(S//ORCON)", "(S//OC)",
		"in a portion marking, write OC rather than ORCON");
	INVALID("S//NF", "SECRET//NOFORN",
		"in a banner, write SECRET rather than S");
	INVALID("SECRET//NF", "SECRET//NOFORN",
		"in a banner, write NOFORN rather than NF");
	INVALID("TOP SECRET//OC/REL TO USA, GBR",
		"TOP SECRET//ORCON/REL TO USA, GBR",
		"in a banner, write ORCON rather than OC");
	/* The wrong form where one is asked for. */
	INVALIDF("(S//NF)", MARKING_BANNER, "SECRET//NOFORN",
		 "a banner is wanted here");
	INVALIDF("SECRET//NOFORN", MARKING_PORTION, "(S//NF)",
		 "a portion marking is wanted here");
	INVALIDF("TLP:RED", MARKING_PORTION, "(TLP:RED)",
		 "a portion marking is wanted here");
	VALIDF("SECRET//NOFORN", MARKING_BANNER);
	VALIDF("(S//NF)", MARKING_PORTION);
	/* Case: markings are upper-case. */
	INVALID("secret//rel to usa, gbr", "SECRET//REL TO USA, GBR",
		"markings are written in upper case");
	INVALID("Secret", "SECRET", "upper case");
	INVALID("(s//nf)", "(S//NF)", "upper case");
	INVALID("SECRET//REL TO USA, gbr", "SECRET//REL TO USA, GBR",
		"upper case");
	INVALID("tlp:amber", "TLP:AMBER", "upper case");
	INVALID("top secret//si", "", "relto does not handle SCI");
	/* Parse leaves m alone on failure. */
	memset(&m, 0x5a, sizeof m);
	marking_parse("Secret", MARKING_ANY, &ctx, &m, &e);
	ok(m.level == 0x5a5a5a5a, "a refused marking leaves m untouched");
}

/* ---- SCI, SAP, atomic energy, unknown controls ------------------------- */

static void
test_sci(void)
{
	static const char *const sci[] = {
	    "TOP SECRET//SI//NOFORN",
	    "TOP SECRET//SI/TK//NOFORN",
	    "(TS//SI-G//NF)",
	    "(TS//HCS-P//NF)",
	    "SECRET//RD",
	    "SECRET//FRD//NOFORN",
	    "SECRET//SAR-BP//NOFORN",
	    "(S//SAR-BP)",
	    "SECRET//RD-CNWDI",
	    "SECRET//NOFORN/TK",
	    "TOP SECRET//TK//REL TO USA, GBR",
	};
	size_t i;

	for (i = 0; i < sizeof sci / sizeof sci[0]; i++)
		INVALID(sci[i], "",
			"relto does not handle SCI, SAP or atomic-energy "
			"markings");
	INVALID("SECRET//PROPIN", "",
		"relto does not handle the control marking PROPIN");
	INVALID("SECRET//NOFORN/EYES ONLY", "",
		"relto does not handle the control marking EYES ONLY");
}

/* ---- NATO ---------------------------------------------------------------- */

static void
test_nato(void)
{
	static const struct {
		const char *portion, *banner;
		int level;
	} v[] = {
	    {"(//NU)", "NATO UNCLASSIFIED", MARKING_U},
	    {"(//NR)", "NATO RESTRICTED", MARKING_R},
	    {"(//NC)", "NATO CONFIDENTIAL", MARKING_C},
	    {"(//NS)", "NATO SECRET", MARKING_S},
	    {"(//CTS)", "COSMIC TOP SECRET", MARKING_TS},
	};
	struct marking p, b;
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		VALID(v[i].portion);
		VALID(v[i].banner);
		ok(marking_parse(v[i].portion, MARKING_ANY, &ctx, &p, &e) ==
			   RELTO_OK &&
		       marking_parse(v[i].banner, MARKING_ANY, &ctx, &b, &e) ==
			   RELTO_OK &&
		       p.level == v[i].level && p.flags == MARKING_NATO &&
		       marking_equal(&p, &b),
		   "%s and %s: level %d on the NATO ladder", v[i].portion,
		   v[i].banner, v[i].level);
	}
	VALID("(//NS//REL TO USA, GBR)");
	VALID("NATO SECRET//REL TO USA, GBR");
	VALID("COSMIC TOP SECRET//ORCON");
	INVALID("(NS)", "(//NS)", "write //NS rather than NS");
	INVALID("(NATO SECRET)", "(//NS)",
		"write //NS rather than NATO SECRET");
	INVALID("//NS", "NATO SECRET", "write NATO SECRET rather than //NS");
	INVALID("NS", "NATO SECRET", "write NATO SECRET rather than NS");
	INVALID("(//S)", "(S)", "write S rather than //S");
	INVALIDF("NATO SECRET", MARKING_PORTION, "(//NS)",
		 "a portion marking is wanted");
	INVALID("(//NS//FGI DEU)", "", "a NATO marking carries no FGI");
	/* Roll-up: all NATO stays NATO; mixed goes national. */
	ROLLS("(//NS)(//NC)", "NATO SECRET");
	ROLLS("(//NR)(//NU)", "NATO RESTRICTED");
	ROLLS("(//CTS//REL TO USA, GBR)(//NS//REL TO USA, DEU, GBR)",
	      "COSMIC TOP SECRET//REL TO USA, GBR");
	ROLLS("(//NR)(U)", "CONFIDENTIAL//FGI NATO");
	ROLLS("(//NR)(C)", "CONFIDENTIAL//FGI NATO");
	ROLLS("(//NC)(S)", "SECRET//FGI NATO");
	ROLLS("(//NS)(S//REL TO USA, GBR)", "SECRET//FGI NATO//NOFORN");
	ROLLS("(//NS//REL TO USA, GBR)(S//FGI DEU//REL TO USA, DEU, GBR)",
	      "SECRET//FGI DEU NATO//REL TO USA, GBR");
}

/* ---- FGI ---------------------------------------------------------------- */

static void
test_fgi(void)
{
	VALID("SECRET//FGI DEU GBR//REL TO USA, DEU");
	VALID("(S//FGI DEU GBR//REL TO USA, DEU)");
	VALID("SECRET//FGI");
	VALID("(C//FGI)");
	VALID("CONFIDENTIAL//FGI NATO//NOFORN");
	VALID("SECRET//FGI DEU IAEA");
	LENIENT("SECRET//FGI GBR DEU", "SECRET//FGI DEU GBR",
		"countries after FGI are listed trigraphs A–Z, then "
		"tetragraphs A–Z");
	LENIENT("SECRET//FGI NATO DEU//NOFORN", "SECRET//FGI DEU NATO//NOFORN",
		"countries after FGI");
	INVALID("SECRET//FGI DEU, GBR", "SECRET//FGI DEU GBR",
		"countries after FGI are separated by single spaces");
	INVALID("SECRET//FGI  DEU", "SECRET//FGI DEU", "single spaces");
	INVALID("SECRET//FGI DEU DEU", "SECRET//FGI DEU",
		"DEU is listed twice");
	INVALID("SECRET//FGI USA", "", "USA is the own country");
	INVALID("SECRET//NOFORN//FGI DEU", "SECRET//FGI DEU//NOFORN",
		"FGI goes before the dissemination controls");
	INVALID("SECRET//FGI DEU//FGI GBR", "SECRET//FGI DEU GBR",
		"FGI appears twice");
	ROLLS("(S//FGI DEU)(C//FGI GBR)", "SECRET//FGI DEU GBR");
	ROLLS("(S//FGI DEU)(C//FGI)", "SECRET//FGI");
	ROLLS("(S//FGI GBR//REL TO USA, GBR)(S//REL TO USA, DEU, GBR)",
	      "SECRET//FGI GBR//REL TO USA, GBR");
	ROLLS("(C//FGI DEU)(S)", "SECRET//FGI DEU");
}

/* ---- TLP ---------------------------------------------------------------- */

static void
test_tlp(void)
{
	static const char *const labels[] = {"TLP:CLEAR", "TLP:GREEN",
					     "TLP:AMBER", "TLP:AMBER+STRICT",
					     "TLP:RED"};
	struct marking m, p[2], b;
	char portion[32];
	int i;

	for (i = 0; i < 5; i++) {
		VALID(labels[i]);
		snprintf(portion, sizeof portion, "(%s)", labels[i]);
		VALID(portion);
		ok(marking_parse(labels[i], MARKING_ANY, &ctx, &m, &e) ==
			   RELTO_OK &&
		       m.flags == MARKING_TLP && m.tlp == i,
		   "%s is label %d", labels[i], i);
	}
	LENIENT("TLP:WHITE", "TLP:CLEAR",
		"TLP 2.0 replaced TLP:WHITE with TLP:CLEAR");
	LENIENT("(TLP:WHITE)", "(TLP:CLEAR)", "TLP:WHITE");
	INVALID("TLP:PINK", "", "is not a TLP 2.0 label");
	INVALID("TLP:AMBER//NOFORN", "", "a TLP label stands alone");
	INVALID("SECRET//TLP:RED", "", "a TLP label stands alone");
	INVALID("TLP: RED", "", "is not a TLP 2.0 label");
	/* Roll-up: the most restrictive label. */
	ROLLS("(TLP:GREEN)(TLP:AMBER)(TLP:CLEAR)", "TLP:AMBER");
	ROLLS("(TLP:AMBER+STRICT)(TLP:AMBER)", "TLP:AMBER+STRICT");
	ROLLS("(TLP:RED)(TLP:AMBER+STRICT)", "TLP:RED");
	ROLLS("(TLP:WHITE)(TLP:CLEAR)", "TLP:CLEAR");
	ROLLS("(TLP:GREEN)", "TLP:GREEN");
	/* TLP and classification do not mix. */
	if (portions_of("(TLP:AMBER)(U)", p, 2) == 2) {
		is_int(marking_rollup(p, 2, &ctx, &b), RELTO_EINPUT,
		       "TLP mixed with (U) is refused");
		is_int(marking_rollup_err(p, 2, &ctx, &b, &e), RELTO_EINPUT,
		       "marking_rollup_err refuses it too");
		ok(strstr(e.msg, "cannot mix TLP labels") != NULL,
		   "and says why: %s", e.msg);
	} else {
		ok(0, "TLP portions parse");
	}
	is(rollup_text("(S//NF)(TLP:RED)"), "(roll-up refused)",
	   "TLP mixed with SECRET is refused");
	/* Audience. */
	AUDIENCE("TLP:CLEAR", "USA", 1);
	AUDIENCE("TLP:GREEN", "USA", 1);
	AUDIENCE("TLP:AMBER", "USA", 0);
	AUDIENCE("TLP:AMBER+STRICT", "USA", 0);
	AUDIENCE("TLP:RED", "USA", 0);
}

/* ---- DISPLAY ONLY, RELIDO and the rest of roll-up ---------------------- */

static void
test_display(void)
{
	VALID("SECRET//REL TO USA, GBR/DISPLAY ONLY AFG, IRQ");
	VALID("(S//DISPLAY ONLY IRQ)");
	VALID("SECRET//REL TO USA, GBR/RELIDO/DISPLAY ONLY AFG");
	LENIENT("SECRET//DISPLAY ONLY IRQ, AFG",
		"SECRET//DISPLAY ONLY AFG, IRQ",
		"countries after DISPLAY ONLY are listed");
	INVALID("SECRET//DISPLAY ONLY USA, AFG", "SECRET//DISPLAY ONLY AFG",
		"USA is not listed after DISPLAY ONLY");
	INVALID("SECRET//REL TO USA, GBR/DISPLAY ONLY GBR, IRQ",
		"SECRET//REL TO USA, GBR/DISPLAY ONLY IRQ",
		"GBR is already in the REL TO list");
	INVALID("SECRET//DISPLAY ONLY AFG IRQ", "SECRET//DISPLAY ONLY AFG, IRQ",
		"countries after DISPLAY ONLY are separated by a comma");
	AUDIENCE("SECRET//REL TO USA, GBR/DISPLAY ONLY AFG", "AFG GBR USA", 0);
	AUDIENCE("(S//DISPLAY ONLY IRQ)", "IRQ USA", 0);
	ROLLS("(S//DISPLAY ONLY AFG, IRQ)(C//DISPLAY ONLY AFG)",
	      "SECRET//DISPLAY ONLY AFG");
	ROLLS("(S//DISPLAY ONLY AFG)(S//DISPLAY ONLY IRQ)", "SECRET//NOFORN");
	ROLLS("(S//REL TO USA, GBR/DISPLAY ONLY AFG)(S//REL TO USA, AFG, GBR)",
	      "SECRET//REL TO USA, GBR/DISPLAY ONLY AFG");
	ROLLS("(S//REL TO USA, GBR)(S//DISPLAY ONLY AFG)", "SECRET//NOFORN");
	ROLLS("(S//REL TO USA, GBR)(S//REL TO USA, AUS/DISPLAY ONLY GBR)",
	      "SECRET//DISPLAY ONLY GBR");
}

static void
test_rollup_more(void)
{
	struct marking b;

	is_int(marking_rollup(NULL, 0, &ctx, &b), RELTO_OK, "no portions");
	is(fmt(&b, MARKING_BANNER), "UNCLASSIFIED",
	   "no portions roll up to UNCLASSIFIED");
	ROLLS("(U)", "UNCLASSIFIED");
	ROLLS("(S)(C)", "SECRET");
	ROLLS("(C)(U)(TS)", "TOP SECRET");
	ROLLS("(U//FOUO)(U)", "UNCLASSIFIED//FOUO");
	ROLLS("(U//FOUO)(S//REL TO USA, GBR)", "SECRET//REL TO USA, GBR");
	ROLLS("(U//REL TO USA, GBR)(U)", "UNCLASSIFIED//REL TO USA, GBR");
	ROLLS("(U//REL TO USA, GBR)(S)", "SECRET//NOFORN");
	ROLLS("(U//OC)(C//REL TO USA, GBR)",
	      "CONFIDENTIAL//ORCON/REL TO USA, GBR");
	ROLLS("(S//RELIDO)(C)", "SECRET//NOFORN");
	ROLLS("(S//REL TO USA, GBR)(S//RELIDO)", "SECRET//NOFORN");
	ROLLS("(S//RELIDO)(U)", "SECRET//RELIDO");
	ROLLS("(S//REL TO USA, GBR/RELIDO)(C//REL TO USA, AUS, GBR/RELIDO)",
	      "SECRET//REL TO USA, GBR/RELIDO");
	ROLLS("(S//REL TO USA, GBR/RELIDO)(C//REL TO USA, AUS/RELIDO)",
	      "SECRET//RELIDO");
	ROLLS("(S//REL TO USA, NATO, FVEY)(S//REL TO USA, FVEY)",
	      "SECRET//REL TO USA, FVEY");
	ROLLS("(S//REL TO USA, GBR, FVEY)(C//REL TO USA, FVEY)",
	      "SECRET//REL TO USA, FVEY");
	ROLLS("(S//REL TO USA, FVEY)(C//REL TO USA, CAN, NATO)",
	      "SECRET//REL TO USA, CAN, GBR");
	ROLLS("(S//REL TO USA, IAEA, OPCW)(S//REL TO USA, IAEA)",
	      "SECRET//REL TO USA, IAEA");
	ROLLS("(S//NF)(S//NF)", "SECRET//NOFORN");
}

/* ---- dated membership -------------------------------------------------- */

static int
has(const struct marking_codes *c, const char *code)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->code[i], code) == 0)
			return 1;
	return 0;
}

static void
test_dated(void)
{
	struct marking m, p[2], b;
	struct marking_codes a;
	char saved[PARTNER_DATE_LEN];

	memcpy(saved, ctx.date, sizeof saved);
	marking_parse("SECRET//REL TO USA, NATO", MARKING_ANY, &ctx, &m, &e);
	snprintf(ctx.date, sizeof ctx.date, "2023-01-01");
	is_int(marking_audience(&m, &ctx, &a), 0, "NATO audience, 2023-01-01");
	ok(has(&a, "USA") && has(&a, "DEU") && has(&a, "TUR") &&
	       !has(&a, "FIN") && !has(&a, "SWE") && a.n == 30,
	   "on 2023-01-01 NATO has 30 members, not FIN or SWE (%zu)", a.n);
	snprintf(ctx.date, sizeof ctx.date, "2023-06-01");
	marking_audience(&m, &ctx, &a);
	ok(has(&a, "FIN") && !has(&a, "SWE") && a.n == 31,
	   "on 2023-06-01 FIN is in, SWE is not (%zu)", a.n);
	snprintf(ctx.date, sizeof ctx.date, "2024-06-01");
	marking_audience(&m, &ctx, &a);
	ok(has(&a, "FIN") && has(&a, "SWE") && a.n == 32,
	   "on 2024-06-01 FIN and SWE are in (%zu)", a.n);
	ok(strcmp(a.code[0], "ALB") == 0 && strcmp(a.code[a.n - 1], "USA") == 0,
	   "the audience is sorted A-Z");

	/* The same portions roll up differently on different days. */
	if (portions_of("(S//REL TO USA, NATO)(S//REL TO USA, FIN, SWE)", p,
			2) != 2) {
		ok(0, "dated portions parse");
		return;
	}
	snprintf(ctx.date, sizeof ctx.date, "2023-01-01");
	marking_rollup(p, 2, &ctx, &b);
	is(fmt(&b, MARKING_BANNER), "SECRET//NOFORN",
	   "REL TO NATO and FIN, SWE on 2023-01-01");
	snprintf(ctx.date, sizeof ctx.date, "2023-06-01");
	marking_rollup(p, 2, &ctx, &b);
	is(fmt(&b, MARKING_BANNER), "SECRET//REL TO USA, FIN",
	   "REL TO NATO and FIN, SWE on 2023-06-01");
	snprintf(ctx.date, sizeof ctx.date, "2024-06-01");
	marking_rollup(p, 2, &ctx, &b);
	is(fmt(&b, MARKING_BANNER), "SECRET//REL TO USA, FIN, SWE",
	   "REL TO NATO and FIN, SWE on 2024-06-01");

	/* GBR left EUMS on 2020-02-01. */
	snprintf(ctx.date, sizeof ctx.date, "2019-06-01");
	is(rollup_text("(S//REL TO USA, EUMS)(S//REL TO USA, GBR)"),
	   "SECRET//REL TO USA, GBR", "EUMS and GBR in 2019");
	memcpy(ctx.date, saved, sizeof saved);
	is(rollup_text("(S//REL TO USA, EUMS)(S//REL TO USA, GBR)"),
	   "SECRET//NOFORN", "EUMS and GBR in 2026");
	AUDIENCE("(S//REL TO USA, EUMS)",
		 "AUT BEL BGR CYP CZE DEU DNK ESP EST "
		 "FIN FRA GRC HRV HUN IRL ITA LTU LUX "
		 "LVA MLT NLD POL PRT ROU SVK SVN SWE "
		 "USA",
		 0);
}

/* ---- audience ------------------------------------------------------------ */

static void
test_audience(void)
{
	struct marking m;
	struct marking_codes a;

	AUDIENCE("(S//NF)", "USA", 0);
	AUDIENCE("(S)", "USA", 0);
	AUDIENCE("(S//OC)", "USA", 0);
	AUDIENCE("(S//RELIDO)", "USA", 0);
	AUDIENCE("(U)", "USA", 1);
	AUDIENCE("(U//FOUO)", "USA", 1);
	AUDIENCE("(U//FOUO/OC)", "USA", 1);
	AUDIENCE("(U//FGI DEU)", "USA", 0);
	AUDIENCE("(U//NF)", "USA", 0);
	AUDIENCE("(U//RELIDO)", "USA", 0);
	AUDIENCE("(U//REL TO USA, GBR)", "GBR USA", 0);
	AUDIENCE("(//NU)", "USA", 0);
	AUDIENCE("(S//REL TO USA, GBR/RELIDO)", "GBR USA", 0);
	AUDIENCE("(S//REL TO USA, GBR, IAEA)", "GBR IAEA USA", 0);
	AUDIENCE("(S//REL TO USA, FVEY, NATO)",
		 "ALB AUS BEL BGR CAN CZE DEU DNK ESP EST FIN FRA GBR GRC HRV "
		 "HUN ISL ITA LTU LUX LVA MKD MNE NLD NOR NZL POL PRT ROU SVK "
		 "SVN SWE TUR USA",
		 0);
	/* Too large a set is reported, never cut silently. */
	marking_parse("SECRET//REL TO USA, EUMS, FVEY, NATO", MARKING_ANY, &ctx,
		      &m, &e);
	is_int(marking_audience(&m, &ctx, &a), 0, "EUMS, FVEY, NATO fit");
	is_int((long long)a.n, 38, "EUMS, FVEY, NATO: 38 partners");
}

/* Without a partner set: codes are checked for form only, groups stay. */
static void
test_no_partners(void)
{
	const struct partner_set *saved = ctx.partners;
	struct marking m;

	ctx.partners = NULL;
	is_int(
	    marking_parse("SECRET//REL TO USA, XQZ", MARKING_ANY, &ctx, &m, &e),
	    RELTO_OK, "no partner set: any well-formed code is taken");
	INVALID("SECRET//REL TO USA, XQ", "", "is not a country");
	ROLLS("(S//REL TO USA, FVEY)(S//REL TO USA, GBR)", "SECRET//NOFORN");
	ROLLS("(S//REL TO USA, FVEY)(S//REL TO USA, FVEY, JPN)",
	      "SECRET//REL TO USA, FVEY");
	AUDIENCE("(S//REL TO USA, FVEY)", "FVEY USA", 0);
	ctx.partners = saved;
}

/* ---- format -------------------------------------------------------------- */

static void
codes(struct marking_codes *c, const char *list)
{
	char buf[256], *t, *save = NULL;

	memset(c, 0, sizeof *c);
	snprintf(buf, sizeof buf, "%s", list);
	for (t = strtok_r(buf, " ", &save); t != NULL;
	     t = strtok_r(NULL, " ", &save))
		snprintf(c->code[c->n++], PARTNER_CODE_MAX, "%.4s", t);
}

static struct marking
mk(int level, unsigned flags, const char *fgi, const char *relto,
   const char *display)
{
	struct marking m;

	memset(&m, 0, sizeof m);
	m.level = level;
	m.flags = flags;
	codes(&m.fgi, fgi);
	codes(&m.relto, relto);
	codes(&m.display, display);
	return m;
}

static void
test_format(void)
{
	static const struct {
		int level;
		unsigned flags;
		const char *fgi, *relto, *display, *banner, *portion;
	} v[] = {
	    {MARKING_TS, 0, "", "", "", "TOP SECRET", "(TS)"},
	    {MARKING_S, MARKING_ORCON | MARKING_RELTO, "", "USA GBR", "",
	     "SECRET//ORCON/REL TO USA, GBR", "(S//OC/REL TO USA, GBR)"},
	    {MARKING_S, MARKING_NOFORN, "", "", "", "SECRET//NOFORN",
	     "(S//NF)"},
	    {MARKING_S, MARKING_NATO, "", "", "", "NATO SECRET", "(//NS)"},
	    {MARKING_S, MARKING_FGI | MARKING_RELTO, "GBR DEU", "USA DEU", "",
	     "SECRET//FGI DEU GBR//REL TO USA, DEU",
	     "(S//FGI DEU GBR//REL TO USA, DEU)"},
	    {MARKING_U, MARKING_FOUO, "", "", "", "UNCLASSIFIED//FOUO",
	     "(U//FOUO)"},
	    {MARKING_C, MARKING_RELTO | MARKING_DISPLAY, "",
	     "USA NATO IAEA JPN GBR", "IRQ AFG",
	     "CONFIDENTIAL//REL TO USA, GBR, JPN, IAEA, NATO/DISPLAY ONLY "
	     "AFG, IRQ",
	     "(C//REL TO USA, GBR, JPN, IAEA, NATO/DISPLAY ONLY AFG, IRQ)"},
	    {MARKING_R, MARKING_NATO | MARKING_RELTO, "", "USA GBR", "",
	     "NATO RESTRICTED//REL TO USA, GBR", "(//NR//REL TO USA, GBR)"},
	};
	struct marking m;
	char small[8];
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		m = mk(v[i].level, v[i].flags, v[i].fgi, v[i].relto,
		       v[i].display);
		is(fmt(&m, MARKING_BANNER), v[i].banner, "format banner %s",
		   v[i].banner);
		is(fmt(&m, MARKING_PORTION), v[i].portion, "format portion %s",
		   v[i].portion);
	}
	m = mk(MARKING_S, MARKING_TLP, "", "", "");
	m.level = MARKING_U;
	m.tlp = MARKING_TLP_AMBER;
	is(fmt(&m, MARKING_BANNER), "TLP:AMBER", "format TLP:AMBER");
	is(fmt(&m, MARKING_PORTION), "(TLP:AMBER)", "format (TLP:AMBER)");

	/* Markings that break the invariants are not written. */
	m = mk(7, 0, "", "", "");
	is_int(marking_format(&m, MARKING_BANNER, small, sizeof small),
	       RELTO_EINPUT, "no level 7");
	m = mk(MARKING_R, 0, "", "", "");
	is_int(marking_format(&m, MARKING_BANNER, small, sizeof small),
	       RELTO_EINPUT, "RESTRICTED only on the NATO ladder");
	m = mk(MARKING_S, MARKING_NOFORN | MARKING_RELTO, "", "USA GBR", "");
	is_int(marking_format(&m, MARKING_BANNER, small, sizeof small),
	       RELTO_EINPUT, "no NOFORN with REL TO");
	m = mk(MARKING_S, MARKING_RELTO, "", "USA", "");
	is_int(marking_format(&m, MARKING_BANNER, small, sizeof small),
	       RELTO_EINPUT, "no REL TO naming only the own country");
	m = mk(MARKING_S, MARKING_FOUO, "", "", "");
	is_int(marking_format(&m, MARKING_BANNER, small, sizeof small),
	       RELTO_EINPUT, "no FOUO on SECRET");
	m = mk(MARKING_S, MARKING_NATO | MARKING_FGI, "DEU", "", "");
	is_int(marking_format(&m, MARKING_BANNER, small, sizeof small),
	       RELTO_EINPUT, "no FGI on the NATO ladder");
	m = mk(MARKING_S, 0, "", "USA GBR", "");
	is_int(marking_format(&m, MARKING_BANNER, small, sizeof small),
	       RELTO_EINPUT, "no REL TO list without the REL TO flag");
	m = mk(MARKING_S, MARKING_TLP, "", "", "");
	m.tlp = 9;
	is_int(marking_format(&m, MARKING_BANNER, small, sizeof small),
	       RELTO_EINPUT, "no TLP label 9");
	m = mk(MARKING_TS, MARKING_NOFORN, "", "", "");
	is_int(marking_format(&m, MARKING_BANNER, small, sizeof small),
	       RELTO_EFAIL, "a buffer too small is refused");
	is(small, "", "and left empty");
}

/* ---- levels ---------------------------------------------------------------
 */

static void
test_levels(void)
{
	static const struct {
		const char *s;
		int level;
	} v[] = {
	    {"U", MARKING_U},
	    {"UNCLASSIFIED", MARKING_U},
	    {"C", MARKING_C},
	    {"CONFIDENTIAL", MARKING_C},
	    {"S", MARKING_S},
	    {"SECRET", MARKING_S},
	    {"TS", MARKING_TS},
	    {"TOP SECRET", MARKING_TS},
	    {"NU", MARKING_U},
	    {"NATO UNCLASSIFIED", MARKING_U},
	    {"NR", MARKING_R},
	    {"NATO RESTRICTED", MARKING_R},
	    {"RESTRICTED", MARKING_R},
	    {"NC", MARKING_C},
	    {"NATO CONFIDENTIAL", MARKING_C},
	    {"NS", MARKING_S},
	    {"NATO SECRET", MARKING_S},
	    {"CTS", MARKING_TS},
	    {"COSMIC TOP SECRET", MARKING_TS},
	    {"secret", -1},
	    {"", -1},
	    {"SECRET//NOFORN", -1},
	    {"TOPSECRET", -1},
	};
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++)
		is_int(marking_level_parse(v[i].s), v[i].level, "level of '%s'",
		       v[i].s);
	is(marking_level_name(MARKING_U), "UNCLASSIFIED", "name of U");
	is(marking_level_name(MARKING_R), "RESTRICTED", "name of R");
	is(marking_level_name(MARKING_C), "CONFIDENTIAL", "name of C");
	is(marking_level_name(MARKING_S), "SECRET", "name of S");
	is(marking_level_name(MARKING_TS), "TOP SECRET", "name of TS");
	is(marking_level_name(42), "?", "name of a level that is not");
}

/* ---- round trip -------------------------------------------------------- */

static uint64_t rng = 0x5eed2026u;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* The test's own idea of canonical order: own, trigraphs, tetragraphs. */
static int
canon_cmp(const char *a, const char *b)
{
	int ra = strcmp(a, "USA") == 0 ? 0 : (int)strlen(a);
	int rb = strcmp(b, "USA") == 0 ? 0 : (int)strlen(b);

	return ra != rb ? ra - rb : strcmp(a, b);
}

static void
canon_sort(struct marking_codes *c)
{
	char t[PARTNER_CODE_MAX];
	size_t i, j;

	for (i = 0; i < c->n; i++)
		for (j = i + 1; j < c->n; j++)
			if (canon_cmp(c->code[i], c->code[j]) > 0) {
				memcpy(t, c->code[i], sizeof t);
				memcpy(c->code[i], c->code[j], sizeof t);
				memcpy(c->code[j], t, sizeof t);
			}
}

/* Up to n random partners, not USA, not already in c or avoid. */
static void
random_codes(struct marking_codes *c, unsigned n,
	     const struct marking_codes *avoid)
{
	const char *code;
	size_t i, tries;

	for (i = 0; i < n; i++)
		for (tries = 0; tries < 50; tries++) {
			code = set.v[rnd((unsigned)set.n)].code;
			if (strcmp(code, "USA") == 0 || has(c, code) ||
			    (avoid != NULL && has(avoid, code)))
				continue;
			snprintf(c->code[c->n++], PARTNER_CODE_MAX, "%.4s",
				 code);
			break;
		}
}

static void
random_release(struct marking *m)
{
	switch (rnd(6)) {
	case 1:
		m->flags |= MARKING_NOFORN;
		break;
	case 2:
	case 3:
		m->flags |= MARKING_RELTO;
		snprintf(m->relto.code[m->relto.n++], PARTNER_CODE_MAX, "USA");
		random_codes(&m->relto, 1 + rnd(6), NULL);
		if (rnd(3) == 0)
			m->flags |= MARKING_RELIDO;
		if (rnd(3) == 0) {
			m->flags |= MARKING_DISPLAY;
			random_codes(&m->display, 1 + rnd(3), &m->relto);
		}
		break;
	case 4:
		m->flags |= MARKING_RELIDO;
		break;
	case 5:
		m->flags |= MARKING_DISPLAY;
		random_codes(&m->display, 1 + rnd(3), NULL);
		break;
	default:
		break;
	}
}

static void
random_marking(struct marking *m)
{
	static const int national[] = {MARKING_U, MARKING_C, MARKING_S,
				       MARKING_TS};
	unsigned kind = rnd(10);

	memset(m, 0, sizeof *m);
	if (kind == 0) {
		m->flags = MARKING_TLP;
		m->tlp = (int)rnd(5);
		return;
	}
	if (kind <= 2) {
		m->flags = MARKING_NATO;
		m->level = (int)rnd(5);
	} else {
		m->level = national[rnd(4)];
		if (rnd(3) == 0) {
			m->flags |= MARKING_FGI;
			random_codes(&m->fgi, rnd(4), NULL);
		}
	}
	if (m->level == MARKING_U && rnd(3) == 0)
		m->flags |= MARKING_FOUO;
	if (rnd(4) == 0)
		m->flags |= MARKING_ORCON;
	random_release(m);
	canon_sort(&m->fgi);
	canon_sort(&m->relto);
	canon_sort(&m->display);
}

/* text with the first two codes after "REL TO USA, " swapped, or 0. */
static int
shuffled(const char *text, char *out, size_t cap)
{
	const char *p = strstr(text, "REL TO USA, ");
	const char *a, *b, *end;

	if (p == NULL)
		return 0;
	a = p + strlen("REL TO USA, ");
	b = strstr(a, ", ");
	if (b == NULL || b > a + strcspn(a, "/)"))
		return 0; /* one code after USA: nothing to swap */
	b += 2;
	end = b + strcspn(b, ",/)");
	snprintf(out, cap, "%.*s%.*s, %.*s%s", (int)(a - text), text,
		 (int)(end - b), b, (int)(b - 2 - a), a, end);
	return 1;
}

static void
test_round_trip(void)
{
	struct marking m, got;
	char text[MARKING_TEXT_MAX], again[MARKING_TEXT_MAX],
	    canon[MARKING_TEXT_MAX], mixed[MARKING_TEXT_MAX];
	int i, form, bad_format = 0, bad_check = 0, bad_parse = 0,
		     bad_again = 0, bad_mixed = 0, nmixed = 0;

	for (i = 0; i < 600; i++) {
		random_marking(&m);
		form = (int)rnd(2);
		if (marking_format(&m, form, text, sizeof text) != RELTO_OK) {
			if (bad_format++ == 0)
				diag("cannot format generated marking %d", i);
			continue;
		}
		if (marking_check(text, form, &ctx, canon, sizeof canon, &e) !=
			RELTO_OK ||
		    strcmp(canon, text) != 0) {
			if (bad_check++ == 0)
				diag("check refuses %s: %s", text, e.msg);
		}
		if (marking_parse(text, MARKING_ANY, &ctx, &got, &e) !=
			RELTO_OK ||
		    !marking_equal(&got, &m)) {
			if (bad_parse++ == 0)
				diag("parse(%s) is not the marking: %s", text,
				     e.msg);
			continue;
		}
		if (marking_format(&got, form, again, sizeof again) !=
			RELTO_OK ||
		    strcmp(again, text) != 0) {
			if (bad_again++ == 0)
				diag("format(parse(%s)) = %s", text, again);
		}
		if (!shuffled(text, mixed, sizeof mixed))
			continue;
		nmixed++;
		if (marking_parse(mixed, MARKING_ANY, &ctx, &got, &e) !=
			RELTO_OK ||
		    !marking_equal(&got, &m) ||
		    marking_check(mixed, form, &ctx, canon, sizeof canon, &e) !=
			RELTO_EINPUT ||
		    strcmp(canon, text) != 0) {
			if (bad_mixed++ == 0)
				diag("reordered %s: canon %s", mixed, canon);
		}
	}
	is_int(bad_format, 0, "every generated marking formats");
	is_int(bad_check, 0, "check accepts every formatted marking");
	is_int(bad_parse, 0, "parse(format(m)) == m");
	is_int(bad_again, 0, "format(parse(x)) == x");
	is_int(bad_mixed, 0,
	       "a reordered REL TO list parses to the same marking, and "
	       "check offers the original");
	ok(nmixed >= 50, "the reordering was tried %d times", nmixed);
}

/* ---- main -----------------------------------------------------------------
 */

int
main(void)
{
	const char *srcdir = getenv("srcdir");
	char path[4096];

	snprintf(path, sizeof path, "%s/data/partners.tsv",
		 srcdir != NULL && *srcdir != '\0' ? srcdir : ".");
	partner_set_init(&set);
	if (partner_set_load(&set, path, &e) != RELTO_OK)
		skip_all(e.msg);
	snprintf(ctx.own, sizeof ctx.own, "USA");
	snprintf(ctx.date, sizeof ctx.date, "2026-11-27");
	ctx.partners = &set;

	test_vectors();
	test_partner_view();
	test_validation();
	test_forms();
	test_sci();
	test_nato();
	test_fgi();
	test_tlp();
	test_display();
	test_rollup_more();
	test_dated();
	test_audience();
	test_no_partners();
	test_format();
	test_levels();
	test_round_trip();
	partner_set_free(&set);
	return exit_status();
}
