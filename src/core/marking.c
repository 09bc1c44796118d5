/*
 * marking.c -- classification and release markings: parse, validate,
 * canonicalize, roll up, and say whom a marking lets in.
 *
 * This file owns the marking grammar of shared/domain/markings.md: banners
 * (SECRET//REL TO USA, GBR) and portion markings ((S//REL TO USA, GBR)),
 * the NATO ladder ((//NS), NATO SECRET, COSMIC TOP SECRET ...), FGI, the
 * dissemination controls FOUO, ORCON, NOFORN, REL TO, RELIDO and DISPLAY
 * ONLY, and the TLP 2.0 labels.  Everything here is a pure function over
 * fixed-size structs: no allocation, no printing, no store.  Marking
 * keywords are never translated; the sentences explaining a fault are.
 *
 * Invariants of a struct marking produced by marking_parse() or
 * marking_rollup() (marking_format() refuses one that breaks them):
 *   - MARKING_TLP excludes every other flag and list;
 *   - MARKING_R only with MARKING_NATO; the NATO ladder carries no FGI;
 *   - relto.n > 0 iff MARKING_RELTO, and then relto.n >= 2 with the own
 *     country first; display.n > 0 iff MARKING_DISPLAY; fgi codes only
 *     with MARKING_FGI (FGI without codes conceals the source);
 *   - lists are in canonical order: own country first (REL TO only), then
 *     trigraphs A-Z, then tetragraphs (groups, four-letter organisations)
 *     A-Z, no duplicates; FGI and DISPLAY ONLY never name the own country,
 *     DISPLAY ONLY never repeats a REL TO code;
 *   - FOUO only on UNCLASSIFIED; NOFORN never with REL TO, RELIDO or
 *     DISPLAY ONLY.
 *
 * Parsing records each fault with a severity: LENIENT (only the order of
 * codes or dissems is wrong, or TLP:WHITE for TLP:CLEAR), REPAIR (wrong,
 * but one canonical form is obvious: case, banner/portion spelling,
 * delimiters, duplicates, FOUO on a classified marking, a REL TO list
 * without or with only the own country) or FATAL (no canonical form:
 * unknown words or codes, SCI/SAP/AEA, NOFORN with REL TO).  The first
 * fault of the worst severity is the one reported.  marking_parse()
 * accepts LENIENT faults; marking_check() accepts nothing but the
 * byte-exact canonical text, and offers the canonical form whenever one
 * exists.
 *
 * Documented choices:
 *   - DISPLAY ONLY lists foreign partners only; the own country is
 *     implied, and a code already in REL TO is not repeated there.
 *   - Roll-up: unclassified portions without a release marking (REL TO,
 *     RELIDO, DISPLAY ONLY, NOFORN) are neutral for the release controls,
 *     even when they carry FOUO or ORCON (these still join the union).
 *     A classified portion without a release marking mixed with RELIDO
 *     gives NOFORN, as REL TO mixed with it does.  When every counted
 *     portion is RELIDO the banner is RELIDO, with REL TO when they all
 *     share one as well.  DISPLAY ONLY: who may see a portion is its REL
 *     TO list plus its DISPLAY ONLY list; those sets are intersected like
 *     REL TO, and whoever may see everything but receive nothing is the
 *     banner's DISPLAY ONLY list.
 *   - Roll-up of NATO portions: all NATO gives a NATO banner; mixed with
 *     national portions gives the national ladder, NATO RESTRICTED rounded
 *     up to CONFIDENTIAL, and FGI NATO in the banner (NATO information is
 *     foreign government information in a national document).
 *   - Roll-up of TLP: the most restrictive label.  TLP portions mixed with
 *     classification portions (even (U)) are an error: the two systems do
 *     not combine, and guessing would either over-mark or leak.
 *   - Roll-up of FGI: the union of the codes; one FGI portion without codes
 *     makes the banner plain FGI (its source stays concealed).
 *   - Audience: RELIDO without REL TO is a decision left to a disclosure
 *     official, so by this rule it lets in only the own country.  The
 *     marking does not restrict the audience (return 1) for TLP:CLEAR and
 *     TLP:GREEN (GREEN may go to the whole community of partners) and for
 *     national UNCLASSIFIED without a foreign-disclosure control: FOUO is
 *     not one, and ORCON is enforced by the consent the release rule asks
 *     for.  UNCLASSIFIED with FGI (a third party's information) and NATO
 *     UNCLASSIFIED (NATO's own release rules) let in only the own country
 *     unless they carry REL TO or DISPLAY ONLY.
 *   - marking_level_name(MARKING_R) is "RESTRICTED"; marking_level_parse()
 *     reads every spelling of both ladders, case-sensitively.
 *   - ctx must not be NULL; ctx->partners may be: codes are then only
 *     checked for form, and groups are never expanded (a roll-up then
 *     intersects them as if they were countries, which can only narrow).
 */
#include "config.h"

#include "marking.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"

#define MK_INPUT_MAX (2 * MARKING_TEXT_MAX) /* longest text parsed */
#define MK_SEGS_MAX  8                      /* parts between "//" */
#define MK_SET_MAX   512                    /* an expanded audience */

/* ---- tables -------------------------------------------------------- */

struct mk_level {
	int level;
	int nato;
	const char *banner;
	const char *portion;
};

static const struct mk_level mk_levels[] = {
    {MARKING_U, 0, "UNCLASSIFIED", "U"},
    {MARKING_C, 0, "CONFIDENTIAL", "C"},
    {MARKING_S, 0, "SECRET", "S"},
    {MARKING_TS, 0, "TOP SECRET", "TS"},
    {MARKING_U, 1, "NATO UNCLASSIFIED", "NU"},
    {MARKING_R, 1, "NATO RESTRICTED", "NR"},
    {MARKING_C, 1, "NATO CONFIDENTIAL", "NC"},
    {MARKING_S, 1, "NATO SECRET", "NS"},
    {MARKING_TS, 1, "COSMIC TOP SECRET", "CTS"},
};
#define MK_NLEVELS (sizeof mk_levels / sizeof mk_levels[0])

enum mk_list {
	MK_LIST_NONE = 0,
	MK_LIST_RELTO,
	MK_LIST_DISPLAY,
	MK_LIST_FGI,
};

/* The dissemination controls, in register order. */
struct mk_dissem {
	unsigned flag;
	const char *banner;
	const char *portion;
	int list; /* enum mk_list */
};

static const struct mk_dissem mk_dissems[] = {
    {MARKING_FOUO, "FOUO", "FOUO", MK_LIST_NONE},
    {MARKING_ORCON, "ORCON", "OC", MK_LIST_NONE},
    {MARKING_NOFORN, "NOFORN", "NF", MK_LIST_NONE},
    {MARKING_RELTO, "REL TO", "REL TO", MK_LIST_RELTO},
    {MARKING_RELIDO, "RELIDO", "RELIDO", MK_LIST_NONE},
    {MARKING_DISPLAY, "DISPLAY ONLY", "DISPLAY ONLY", MK_LIST_DISPLAY},
};
#define MK_NDISSEMS (sizeof mk_dissems / sizeof mk_dissems[0])

#define MK_RELEASE                                                             \
	(MARKING_NOFORN | MARKING_RELTO | MARKING_RELIDO | MARKING_DISPLAY)

static const char *const mk_tlps[] = {"CLEAR", "GREEN", "AMBER", "AMBER+STRICT",
				      "RED"};
#define MK_NTLPS (sizeof mk_tlps / sizeof mk_tlps[0])

/* Words of SCI, SAP and atomic-energy markings: out of scope. */
static const char *const mk_sci[] = {
    "SI",
    "TK",
    "HCS",
    "G",
    "KDK",
    "RSV",
    "BUR",
    "ECI",
    "COMINT",
    "TALENT KEYHOLE",
    "SAR",
    "SPECIAL ACCESS REQUIRED",
    "RD",
    "FRD",
    "CNWDI",
    "SIGMA",
    "TFNI",
    "UCNI",
    "DOD UCNI",
    "DOE UCNI",
    "RESTRICTED DATA",
    "FORMERLY RESTRICTED DATA",
};
#define MK_NSCI (sizeof mk_sci / sizeof mk_sci[0])

static const struct mk_level *
mk_level_find(int level, int nato)
{
	size_t i;

	for (i = 0; i < MK_NLEVELS; i++)
		if (mk_levels[i].level == level && mk_levels[i].nato == nato)
			return &mk_levels[i];
	return NULL;
}

static const struct mk_level *
mk_level_word(const char *w)
{
	size_t i;

	for (i = 0; i < MK_NLEVELS; i++)
		if (strcmp(w, mk_levels[i].banner) == 0 ||
		    strcmp(w, mk_levels[i].portion) == 0)
			return &mk_levels[i];
	return NULL;
}

static int
mk_is_sci(const char *w)
{
	size_t i, n;

	for (i = 0; i < MK_NSCI; i++) {
		n = strlen(mk_sci[i]);
		if (strncmp(w, mk_sci[i], n) == 0 &&
		    (w[n] == '\0' || w[n] == '-' || w[n] == ' '))
			return 1;
	}
	return 0;
}

/* ---- code lists ----------------------------------------------------- */

/* Codes are at most four letters: a longer one is cut, never overflows. */
static void
mk_code_copy(char *dst, const char *src)
{
	size_t n = strnlen(src, PARTNER_CODE_MAX - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Own country first, then trigraphs, then tetragraphs. */
static int
mk_rank(const char *code, const char *own)
{
	if (own != NULL && strcmp(code, own) == 0)
		return 0;
	return strlen(code) <= 3 ? 1 : 2;
}

static int
mk_code_cmp(const char *a, const char *b, const char *own)
{
	int ra = mk_rank(a, own), rb = mk_rank(b, own);

	return ra != rb ? ra - rb : strcmp(a, b);
}

static void
mk_codes_sort(struct marking_codes *c, const char *own)
{
	char t[PARTNER_CODE_MAX];
	size_t i, j;

	for (i = 1; i < c->n; i++) {
		memcpy(t, c->code[i], sizeof t);
		for (j = i; j > 0 && mk_code_cmp(c->code[j - 1], t, own) > 0;
		     j--)
			memcpy(c->code[j], c->code[j - 1], sizeof t);
		memcpy(c->code[j], t, sizeof t);
	}
}

/* Plain A-Z, for audiences: organisations among countries. */
static void
mk_codes_sort_az(struct marking_codes *c)
{
	char t[PARTNER_CODE_MAX];
	size_t i, j;

	for (i = 1; i < c->n; i++) {
		memcpy(t, c->code[i], sizeof t);
		for (j = i; j > 0 && strcmp(c->code[j - 1], t) > 0; j--)
			memcpy(c->code[j], c->code[j - 1], sizeof t);
		memcpy(c->code[j], t, sizeof t);
	}
}

static int
mk_codes_find(const struct marking_codes *c, const char *code)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->code[i], code) == 0)
			return (int)i;
	return -1;
}

static int
mk_codes_add(struct marking_codes *c, const char *code)
{
	if (c->n == MARKING_MAX_CODES)
		return -1;
	mk_code_copy(c->code[c->n++], code);
	return 0;
}

static void
mk_codes_remove(struct marking_codes *c, size_t i)
{
	memmove(c->code[i], c->code[i + 1], (c->n - i - 1) * PARTNER_CODE_MAX);
	c->n--;
	memset(c->code[c->n], 0, PARTNER_CODE_MAX);
}

static int
mk_codes_valid(const struct marking_codes *c)
{
	size_t i;

	if (c->n > MARKING_MAX_CODES)
		return 0;
	for (i = 0; i < c->n; i++)
		if (memchr(c->code[i], '\0', PARTNER_CODE_MAX) == NULL ||
		    !partner_code_valid(c->code[i]))
			return 0;
	return 1;
}

/* ---- formatting ----------------------------------------------------- */

struct mk_out {
	char *p;
	size_t cap, len;
	int full;
};

static void
mk_put(struct mk_out *o, const char *s)
{
	size_t n = strlen(s);

	if (o->full || o->len + n >= o->cap) {
		o->full = 1;
		return;
	}
	memcpy(o->p + o->len, s, n + 1);
	o->len += n;
}

/* Does m keep the invariants listed at the top of this file? */
static int
mk_consistent(const struct marking *m)
{
	unsigned f = m->flags;

	if (m->level < MARKING_U || m->level > MARKING_TS ||
	    !mk_codes_valid(&m->fgi) || !mk_codes_valid(&m->relto) ||
	    !mk_codes_valid(&m->display))
		return 0;
	if (f & MARKING_TLP)
		return f == MARKING_TLP && m->tlp >= 0 &&
		       (size_t)m->tlp < MK_NTLPS && m->fgi.n == 0 &&
		       m->relto.n == 0 && m->display.n == 0;
	if (mk_level_find(m->level, (f & MARKING_NATO) != 0) == NULL)
		return 0;
	if ((f & MARKING_NATO) && (f & MARKING_FGI))
		return 0;
	if (m->fgi.n > 0 && !(f & MARKING_FGI))
		return 0;
	if ((m->relto.n > 0) != ((f & MARKING_RELTO) != 0) ||
	    (m->display.n > 0) != ((f & MARKING_DISPLAY) != 0) ||
	    ((f & MARKING_RELTO) && m->relto.n < 2))
		return 0;
	if ((f & MARKING_NOFORN) &&
	    (f & (MARKING_RELTO | MARKING_RELIDO | MARKING_DISPLAY)))
		return 0;
	return !((f & MARKING_FOUO) && m->level > MARKING_U);
}

static void
mk_put_codes(struct mk_out *o, const struct marking_codes *c, const char *sep,
	     int own_first)
{
	struct marking_codes s = *c;
	char own[PARTNER_CODE_MAX] = "";
	size_t i;

	if (own_first && s.n > 0)
		memcpy(own, s.code[0], sizeof own);
	mk_codes_sort(&s, own_first ? own : NULL);
	for (i = 0; i < s.n; i++) {
		if (i > 0)
			mk_put(o, sep);
		mk_put(o, s.code[i]);
	}
}

static void
mk_put_class(struct mk_out *o, const struct marking *m, int portion)
{
	const struct mk_level *l =
	    mk_level_find(m->level, (m->flags & MARKING_NATO) != 0);

	if (portion && l->nato)
		mk_put(o, "//");
	mk_put(o, portion ? l->portion : l->banner);
	if (m->flags & MARKING_FGI) {
		mk_put(o, m->fgi.n > 0 ? "//FGI " : "//FGI");
		mk_put_codes(o, &m->fgi, " ", 0);
	}
}

static void
mk_put_dissems(struct mk_out *o, const struct marking *m, int portion)
{
	const char *sep = "//";
	size_t i;

	for (i = 0; i < MK_NDISSEMS; i++) {
		const struct mk_dissem *d = &mk_dissems[i];

		if (!(m->flags & d->flag))
			continue;
		mk_put(o, sep);
		sep = "/";
		mk_put(o, portion ? d->portion : d->banner);
		if (d->list == MK_LIST_RELTO) {
			mk_put(o, " ");
			mk_put_codes(o, &m->relto, ", ", 1);
		} else if (d->list == MK_LIST_DISPLAY) {
			mk_put(o, " ");
			mk_put_codes(o, &m->display, ", ", 0);
		}
	}
}

int
marking_format(const struct marking *m, int form, char *out, size_t cap)
{
	struct mk_out o = {out, cap, 0, 0};
	int portion = form == MARKING_PORTION;

	if (cap == 0)
		return RELTO_EFAIL;
	out[0] = '\0';
	if (!mk_consistent(m))
		return RELTO_EINPUT;
	if (portion)
		mk_put(&o, "(");
	if (m->flags & MARKING_TLP) {
		mk_put(&o, "TLP:");
		mk_put(&o, mk_tlps[m->tlp]);
	} else {
		mk_put_class(&o, m, portion);
		mk_put_dissems(&o, m, portion);
	}
	if (portion)
		mk_put(&o, ")");
	if (o.full) {
		out[0] = '\0';
		return RELTO_EFAIL;
	}
	return RELTO_OK;
}

/* ---- parsing -------------------------------------------------------- */

enum mk_sev {
	MK_LENIENT = 1, /* only order (or TLP:WHITE): parse accepts */
	MK_REPAIR = 2,  /* wrong, with an obvious canonical form */
	MK_FATAL = 3,   /* wrong, no canonical form */
};

struct mk_state {
	const struct marking_ctx *ctx;
	struct marking m;
	int input_form; /* how the text is written */
	int form;       /* the form its canonical text takes */
	int sev;        /* worst fault so far, 0 for none */
	char why[384];  /* the first fault of that severity */
	int last_dissem;
	int fgi_seen, dissems_seen;
};

static void mk_fault(struct mk_state *st, int sev, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
mk_fault(struct mk_state *st, int sev, const char *fmt, ...)
{
	va_list ap;

	if (sev <= st->sev)
		return;
	st->sev = sev;
	va_start(ap, fmt);
	vsnprintf(st->why, sizeof st->why, fmt, ap);
	va_end(ap);
}

/* A fault of spelling: the right word for the form the text is in. */
static void
mk_spelling(struct mk_state *st, const char *right, const char *wrong)
{
	if (st->input_form == MARKING_BANNER)
		mk_fault(st, MK_REPAIR,
			 _("in a banner, write %s rather than %s"), right,
			 wrong);
	else
		mk_fault(st, MK_REPAIR,
			 _("in a portion marking, write %s rather than %s"),
			 right, wrong);
}

static void
mk_parse_class(struct mk_state *st, const char *word, int nato_syntax)
{
	const struct mk_level *l = mk_level_word(word);
	char written[64], right[64];

	if (l == NULL) {
		if (mk_is_sci(word))
			mk_fault(st, MK_FATAL,
				 _("relto does not handle SCI, SAP or "
				   "atomic-energy markings such as %.40s; "
				   "handle this material outside relto"),
				 word);
		else
			mk_fault(st, MK_FATAL,
				 _("'%.40s' is not a classification relto "
				   "knows: it reads TOP SECRET, SECRET, "
				   "CONFIDENTIAL, UNCLASSIFIED and the NATO "
				   "levels"),
				 word);
		return;
	}
	st->m.level = l->level;
	if (l->nato)
		st->m.flags |= MARKING_NATO;
	snprintf(written, sizeof written, "%s%s", nato_syntax ? "//" : "",
		 word);
	if (st->input_form == MARKING_BANNER)
		snprintf(right, sizeof right, "%s", l->banner);
	else
		snprintf(right, sizeof right, "%s%s", l->nato ? "//" : "",
			 l->portion);
	if (strcmp(written, right) != 0)
		mk_spelling(st, right, written);
}

static void
mk_parse_tlp(struct mk_state *st, const char *label)
{
	size_t i;

	for (i = 0; i < MK_NTLPS; i++)
		if (strcmp(label, mk_tlps[i]) == 0)
			break;
	if (i == MK_NTLPS && strcmp(label, "WHITE") == 0) {
		i = MARKING_TLP_CLEAR;
		mk_fault(st, MK_LENIENT,
			 _("TLP 2.0 replaced TLP:WHITE with TLP:CLEAR"));
	}
	if (i == MK_NTLPS) {
		if (strchr(label, '/') != NULL)
			mk_fault(st, MK_FATAL,
				 _("a TLP label stands alone, without a "
				   "classification or controls"));
		else
			mk_fault(st, MK_FATAL,
				 _("'TLP:%.40s' is not a TLP 2.0 label: "
				   "TLP:CLEAR, TLP:GREEN, TLP:AMBER, "
				   "TLP:AMBER+STRICT or TLP:RED"),
				 label);
		return;
	}
	st->m.flags = MARKING_TLP;
	st->m.tlp = (int)i;
}

/* The order fault of one list, in words. */
static void
mk_order_fault(struct mk_state *st, int kind, const char *code)
{
	if (kind == MK_LIST_RELTO && strcmp(code, st->ctx->own) == 0)
		mk_fault(st, MK_LENIENT,
			 _("a REL TO list starts with the own country, %s"),
			 st->ctx->own);
	else if (kind == MK_LIST_RELTO)
		mk_fault(st, MK_LENIENT,
			 _("countries must be listed own country first, then "
			   "trigraphs A–Z, then tetragraphs A–Z"));
	else
		mk_fault(st, MK_LENIENT,
			 _("countries after %s are listed trigraphs A–Z, then "
			   "tetragraphs A–Z"),
			 kind == MK_LIST_FGI ? "FGI" : "DISPLAY ONLY");
}

static void
mk_list_code(struct mk_state *st, int kind, const char *code,
	     struct marking_codes *dst)
{
	const char *own = st->ctx->own;
	int is_own = strcmp(code, own) == 0;

	if (!partner_code_valid(code)) {
		mk_fault(st, MK_FATAL,
			 _("'%.12s' is not a country, organisation or group "
			   "code"),
			 code);
		return;
	}
	if (st->ctx->partners != NULL &&
	    partner_find(st->ctx->partners, code) == NULL) {
		mk_fault(st, MK_FATAL,
			 _("%s is not a country, organisation or group relto "
			   "knows"),
			 code);
		return;
	}
	if (is_own && kind == MK_LIST_FGI) {
		mk_fault(st, MK_FATAL,
			 _("FGI marks information from foreign governments; "
			   "%s is the own country"),
			 code);
		return;
	}
	if (is_own && kind == MK_LIST_DISPLAY) {
		mk_fault(st, MK_REPAIR,
			 _("%s is not listed after DISPLAY ONLY: the own "
			   "country always sees its own material"),
			 code);
		return;
	}
	if (mk_codes_find(dst, code) >= 0) {
		mk_fault(st, MK_REPAIR, _("%s is listed twice"), code);
		return;
	}
	if (dst->n > 0 && mk_code_cmp(dst->code[dst->n - 1], code,
				      kind == MK_LIST_RELTO ? own : NULL) > 0)
		mk_order_fault(st, kind, code);
	if (mk_codes_add(dst, code) != 0)
		mk_fault(st, MK_FATAL,
			 _("a list of countries holds at most %d codes"),
			 MARKING_MAX_CODES);
}

/* The codes after REL TO, DISPLAY ONLY or FGI (text may be empty). */
static void
mk_parse_list(struct mk_state *st, int kind, const char *text,
	      struct marking_codes *dst)
{
	const char *delim = kind == MK_LIST_FGI ? " " : ", ";
	const char *p = text;
	char code[16];
	size_t dn, tn;
	int bad = 0, first = 1;

	while (*p != '\0' && st->sev < MK_FATAL) {
		dn = strspn(p, ", ");
		if (first ? dn != 0
			  : dn != strlen(delim) || strncmp(p, delim, dn) != 0)
			bad = 1;
		p += dn;
		if (*p == '\0') {
			bad = 1; /* a trailing delimiter */
			break;
		}
		tn = strcspn(p, ", ");
		snprintf(code, sizeof code, "%.*s", (int)(tn < 15 ? tn : 15),
			 p);
		p += tn;
		mk_list_code(st, kind, code, dst);
		first = 0;
	}
	if (!bad)
		return;
	if (kind == MK_LIST_FGI)
		mk_fault(st, MK_REPAIR,
			 _("countries after FGI are separated by single "
			   "spaces"));
	else
		mk_fault(st, MK_REPAIR,
			 _("countries after %s are separated by a comma and a "
			   "space"),
			 kind == MK_LIST_RELTO ? "REL TO" : "DISPLAY ONLY");
}

static int
mk_is_fgi(const char *s)
{
	return strncmp(s, "FGI", 3) == 0 && (s[3] == '\0' || s[3] == ' ');
}

static void
mk_parse_fgi(struct mk_state *st, const char *s)
{
	if (st->m.flags & MARKING_NATO) {
		mk_fault(st, MK_FATAL,
			 _("a NATO marking carries no FGI: NATO information "
			   "is marked on the NATO ladder"));
		return;
	}
	if (st->fgi_seen)
		mk_fault(st, MK_REPAIR, _("%s appears twice"), "FGI");
	if (st->dissems_seen)
		mk_fault(st, MK_REPAIR,
			 _("FGI goes before the dissemination controls"));
	st->fgi_seen = 1;
	st->m.flags |= MARKING_FGI;
	if (s[3] == ' ' && s[4] == '\0')
		mk_fault(st, MK_REPAIR,
			 _("countries after FGI are separated by single "
			   "spaces"));
	mk_parse_list(st, MK_LIST_FGI, s[3] == ' ' ? s + 4 : s + 3, &st->m.fgi);
}

/* A word that is no dissemination control relto knows. */
static void
mk_unknown_control(struct mk_state *st, const char *item)
{
	if (strncmp(item, "TLP:", 4) == 0)
		mk_fault(st, MK_FATAL,
			 _("a TLP label stands alone, without a "
			   "classification or controls"));
	else if (mk_is_sci(item))
		mk_fault(st, MK_FATAL,
			 _("relto does not handle SCI, SAP or atomic-energy "
			   "markings such as %.40s; handle this material "
			   "outside relto"),
			 item);
	else
		mk_fault(st, MK_FATAL,
			 _("relto does not handle the control marking %.40s; "
			   "it knows FOUO, ORCON, NOFORN, REL TO, RELIDO, "
			   "DISPLAY ONLY and FGI"),
			 item);
}

static const struct mk_dissem *
mk_dissem_match(const char *item, size_t *len)
{
	size_t i, n;

	for (i = 0; i < MK_NDISSEMS; i++) {
		const struct mk_dissem *d = &mk_dissems[i];

		if (d->list != MK_LIST_NONE) {
			n = strlen(d->banner);
			if (strncmp(item, d->banner, n) == 0 &&
			    (item[n] == '\0' || item[n] == ' ')) {
				*len = n;
				return d;
			}
		} else if (strcmp(item, d->banner) == 0 ||
			   strcmp(item, d->portion) == 0) {
			*len = strlen(item);
			return d;
		}
	}
	return NULL;
}

static void
mk_parse_dissem(struct mk_state *st, const char *item)
{
	size_t n = 0;
	const struct mk_dissem *d = mk_dissem_match(item, &n);
	int k;

	if (d == NULL) {
		if (mk_is_fgi(item))
			mk_parse_fgi(st, item);
		else
			mk_unknown_control(st, item);
		return;
	}
	k = (int)(d - mk_dissems);
	if (d->list == MK_LIST_NONE &&
	    strcmp(item, st->input_form == MARKING_BANNER ? d->banner
							  : d->portion) != 0)
		mk_spelling(st,
			    st->input_form == MARKING_BANNER ? d->banner
							     : d->portion,
			    item);
	if (st->m.flags & d->flag) {
		mk_fault(st, d->list ? MK_FATAL : MK_REPAIR,
			 _("%s appears twice"), d->banner);
		return;
	}
	if (k < st->last_dissem)
		mk_fault(st, MK_LENIENT,
			 _("dissemination controls go in register order: FOUO, "
			   "ORCON, NOFORN, REL TO, RELIDO, DISPLAY ONLY"));
	if (k > st->last_dissem)
		st->last_dissem = k;
	st->m.flags |= d->flag;
	if (d->list == MK_LIST_NONE)
		return;
	if (item[n] == '\0' || item[n + 1] == '\0') {
		mk_fault(st, MK_FATAL, _("%s needs a list of countries"),
			 d->banner);
		return;
	}
	mk_parse_list(st, d->list, item + n + 1,
		      d->list == MK_LIST_RELTO ? &st->m.relto : &st->m.display);
}

static void
mk_parse_dissems(struct mk_state *st, char *seg)
{
	char *item = seg, *slash;

	if (st->dissems_seen)
		mk_fault(st, MK_REPAIR,
			 _("dissemination controls are separated by a single "
			   "'/'"));
	st->dissems_seen = 1;
	while (item != NULL && st->sev < MK_FATAL) {
		slash = strchr(item, '/');
		if (slash != NULL)
			*slash++ = '\0';
		if (*item == '\0')
			mk_fault(st, MK_REPAIR,
				 _("a marking has no empty part between "
				   "slashes"));
		else
			mk_parse_dissem(st, item);
		item = slash;
	}
}

/* body: the marking without its parentheses, modified in place. */
static void
mk_parse_body(struct mk_state *st, char *body)
{
	char *seg[MK_SEGS_MAX], *q;
	int n = 1, i = 1, nato_syntax = 0;

	if (strncmp(body, "TLP:", 4) == 0) {
		mk_parse_tlp(st, body + 4);
		return;
	}
	seg[0] = body;
	while ((q = strstr(seg[n - 1], "//")) != NULL) {
		if (n == MK_SEGS_MAX) {
			mk_fault(st, MK_FATAL,
				 _("a marking has at most %d parts between "
				   "'//'"),
				 MK_SEGS_MAX);
			return;
		}
		*q = '\0';
		seg[n++] = q + 2;
	}
	if (seg[0][0] == '\0' && n >= 2) {
		nato_syntax = 1;
		i = 2;
	}
	mk_parse_class(st, seg[i - 1], nato_syntax);
	for (; i < n && st->sev < MK_FATAL; i++) {
		if (seg[i][0] == '\0')
			mk_fault(st, MK_REPAIR,
				 _("a marking has no empty part between "
				   "slashes"));
		else if (mk_is_fgi(seg[i]))
			mk_parse_fgi(st, seg[i]);
		else
			mk_parse_dissems(st, seg[i]);
	}
}

/* A REL TO list names the own country and somebody else. */
static void
mk_validate_relto(struct mk_state *st)
{
	struct marking *m = &st->m;
	const char *own = st->ctx->own;

	if (!(m->flags & MARKING_RELTO))
		return;
	if (mk_codes_find(&m->relto, own) < 0) {
		mk_fault(st, MK_REPAIR,
			 _("a REL TO list starts with the own country, %s"),
			 own);
		if (mk_codes_add(&m->relto, own) != 0)
			mk_fault(st, MK_FATAL,
				 _("a list of countries holds at most %d "
				   "codes"),
				 MARKING_MAX_CODES);
	}
	if (m->relto.n != 1)
		return;
	mk_fault(st,
		 m->flags & (MARKING_RELIDO | MARKING_DISPLAY) ? MK_FATAL
							       : MK_REPAIR,
		 _("REL TO naming only the own country (%s) releases to no "
		   "one; mark it NOFORN"),
		 own);
	m->flags = (m->flags & ~(unsigned)MARKING_RELTO) | MARKING_NOFORN;
	memset(&m->relto, 0, sizeof m->relto);
}

/* DISPLAY ONLY names whom REL TO does not already let in. */
static void
mk_validate_display(struct mk_state *st)
{
	struct marking *m = &st->m;
	size_t i;

	for (i = 0; i < m->display.n;) {
		if (mk_codes_find(&m->relto, m->display.code[i]) < 0) {
			i++;
			continue;
		}
		mk_fault(st, MK_REPAIR,
			 _("%s is already in the REL TO list; DISPLAY ONLY "
			   "names those who may see but not receive"),
			 m->display.code[i]);
		mk_codes_remove(&m->display, i);
	}
	if (m->display.n == 0)
		m->flags &= ~(unsigned)MARKING_DISPLAY;
}

/* The rules between controls, once every part has been read. */
static void
mk_validate(struct mk_state *st)
{
	struct marking *m = &st->m;

	if (m->flags & MARKING_TLP)
		return;
	if ((m->flags & MARKING_NOFORN) &&
	    (m->flags & MK_RELEASE) != MARKING_NOFORN) {
		mk_fault(st, MK_FATAL,
			 _("NOFORN forbids any foreign release; it cannot "
			   "stand with %s"),
			 (m->flags & MARKING_RELTO)    ? "REL TO"
			 : (m->flags & MARKING_RELIDO) ? "RELIDO"
						       : "DISPLAY ONLY");
		return;
	}
	mk_validate_relto(st);
	mk_validate_display(st);
	if ((m->flags & MARKING_FOUO) && m->level > MARKING_U) {
		mk_fault(st, MK_REPAIR,
			 _("FOUO marks unclassified information only; drop it "
			   "from a classified marking"));
		m->flags &= ~(unsigned)MARKING_FOUO;
	}
	mk_codes_sort(&m->relto, st->ctx->own);
	mk_codes_sort(&m->display, NULL);
	mk_codes_sort(&m->fgi, NULL);
}

static int
mk_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

/* Whitespace around, and lower case: both have an obvious repair. */
static char *
mk_clean(struct mk_state *st, char *buf)
{
	size_t n = strlen(buf);
	int spaced = 0, lower = 0;
	char *p;

	while (n > 0 && mk_is_space(buf[n - 1])) {
		buf[--n] = '\0';
		spaced = 1;
	}
	for (; mk_is_space(*buf); buf++)
		spaced = 1;
	if (spaced)
		mk_fault(st, MK_REPAIR,
			 _("a marking has no spaces before or after it"));
	for (p = buf; *p != '\0'; p++)
		if (*p >= 'a' && *p <= 'z') {
			*p = (char)(*p - 'a' + 'A');
			lower = 1;
		}
	if (lower)
		mk_fault(st, MK_REPAIR,
			 _("markings are written in upper case"));
	return buf;
}

static void
mk_parse_text(struct mk_state *st, const char *text, int form,
	      const struct marking_ctx *ctx)
{
	char copy[MK_INPUT_MAX + 1], *buf, *body;
	size_t n;

	memset(st, 0, sizeof *st);
	st->ctx = ctx;
	if (strlen(text) > MK_INPUT_MAX) {
		mk_fault(st, MK_FATAL,
			 _("a marking is at most %d characters long"),
			 MK_INPUT_MAX);
		return;
	}
	snprintf(copy, sizeof copy, "%s", text);
	buf = mk_clean(st, copy);
	n = strlen(buf);
	if (n == 0) {
		mk_fault(st, MK_FATAL, _("the marking is empty"));
		return;
	}
	st->input_form = buf[0] == '(' ? MARKING_PORTION : MARKING_BANNER;
	body = buf;
	if (st->input_form == MARKING_PORTION) {
		if (n < 2 || buf[n - 1] != ')') {
			mk_fault(st, MK_FATAL,
				 _("a portion marking ends with ')'"));
			return;
		}
		buf[n - 1] = '\0';
		body = buf + 1;
	}
	if (strpbrk(body, "()") != NULL) {
		mk_fault(st, MK_FATAL,
			 _("one marking at a time: a portion marking is one "
			   "pair of parentheses"));
		return;
	}
	st->form = form == MARKING_ANY ? st->input_form : form;
	if (st->form == MARKING_BANNER && st->input_form == MARKING_PORTION)
		mk_fault(st, MK_REPAIR,
			 _("a banner is wanted here, not a portion marking"));
	if (st->form == MARKING_PORTION && st->input_form == MARKING_BANNER)
		mk_fault(st, MK_REPAIR,
			 _("a portion marking is wanted here, not a banner"));
	mk_parse_body(st, body);
	if (st->sev < MK_FATAL)
		mk_validate(st);
}

/*
 * Parse text, then format what it says into canon: canon is left empty
 * when the fault allows no canonical form.  Returns the worst severity.
 */
static int
mk_run(struct mk_state *st, const char *text, int form,
       const struct marking_ctx *ctx, char *canon, size_t cap)
{
	mk_parse_text(st, text, form, ctx);
	if (st->sev < MK_FATAL &&
	    marking_format(&st->m, st->form, canon, cap) != RELTO_OK) {
		canon[0] = '\0';
		mk_fault(st, MK_FATAL,
			 _("the marking is too long to be written out"));
	}
	if (st->sev == MK_FATAL)
		canon[0] = '\0';
	return st->sev;
}

static int
mk_fail(struct relto_err *e, const struct mk_state *st, const char *canon)
{
	if (canon[0] != '\0')
		/* TRANSLATORS: what is wrong with a marking, then the
		   marking as it should be written. */
		return err_set(e, RELTO_EINPUT, _("%s: %s"), st->why, canon);
	return err_set(e, RELTO_EINPUT, "%s", st->why);
}

int
marking_parse(const char *text, int form, const struct marking_ctx *ctx,
	      struct marking *m, struct relto_err *e)
{
	struct mk_state st;
	char canon[MARKING_TEXT_MAX];

	if (mk_run(&st, text, form, ctx, canon, sizeof canon) > MK_LENIENT)
		return mk_fail(e, &st, canon);
	*m = st.m;
	return RELTO_OK;
}

int
marking_check(const char *text, int form, const struct marking_ctx *ctx,
	      char *canon, size_t cap, struct relto_err *e)
{
	struct mk_state st;
	char buf[MARKING_TEXT_MAX];

	if (cap > 0)
		canon[0] = '\0';
	mk_run(&st, text, form, ctx, buf, sizeof buf);
	if (cap > 0 && strlen(buf) < cap)
		memcpy(canon, buf, strlen(buf) + 1);
	if (st.sev > 0)
		return mk_fail(e, &st, buf);
	if (strcmp(buf, text) != 0) {
		mk_fault(&st, MK_REPAIR,
			 _("this marking is not in its canonical form"));
		return mk_fail(e, &st, buf);
	}
	return RELTO_OK;
}

/* ---- sets of partners ------------------------------------------------ */

struct mk_set {
	size_t n;
	int over; /* something did not fit */
	char code[MK_SET_MAX][PARTNER_CODE_MAX];
};

static int
mk_set_has(const struct mk_set *s, const char *code)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->code[i], code) == 0)
			return 1;
	return 0;
}

static void
mk_set_add(struct mk_set *s, const char *code)
{
	if (mk_set_has(s, code))
		return;
	if (s->n == MK_SET_MAX) {
		s->over = 1;
		return;
	}
	mk_code_copy(s->code[s->n++], code);
}

static int
mk_is_group(const struct marking_ctx *ctx, const char *code)
{
	const struct partner *p;

	if (ctx->partners == NULL)
		return 0;
	p = partner_find(ctx->partners, code);
	return p != NULL && p->kind == PARTNER_GROUP;
}

/* code, or the members of the group code on ctx->date, into s. */
static void
mk_expand(const struct marking_ctx *ctx, const char *code, struct mk_set *s)
{
	char members[MK_SET_MAX][PARTNER_CODE_MAX];
	size_t i, n;

	if (!mk_is_group(ctx, code)) {
		mk_set_add(s, code);
		return;
	}
	n = partner_members(ctx->partners, code, ctx->date, members,
			    MK_SET_MAX);
	for (i = 0; i < n; i++)
		mk_set_add(s, members[i]);
}

static void
mk_expand_codes(const struct marking_ctx *ctx, const struct marking_codes *c,
		struct mk_set *s)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		mk_expand(ctx, c->code[i], s);
}

/* Is code a member of one of the groups in c on ctx->date? */
static int
mk_in_groups(const struct marking_ctx *ctx, const struct marking_codes *c,
	     const char *code)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (mk_is_group(ctx, c->code[i]) &&
		    partner_is_member(ctx->partners, c->code[i], code,
				      ctx->date))
			return 1;
	return 0;
}

/* ---- roll-up --------------------------------------------------------- */

/* Does p count for the release controls?  (U without them: neutral.) */
static int
mk_counted(const struct marking *p)
{
	return p->level > MARKING_U || (p->flags & MK_RELEASE) != 0;
}

/* Who may receive p (display 0) or see it (display 1), as written. */
static void
mk_portion_list(const struct marking *p, int display, const char *own,
		struct marking_codes *c)
{
	size_t i;

	memset(c, 0, sizeof *c);
	mk_codes_add(c, own);
	for (i = 0; i < p->relto.n; i++)
		if (mk_codes_find(c, p->relto.code[i]) < 0)
			mk_codes_add(c, p->relto.code[i]);
	for (i = 0; display && i < p->display.n; i++)
		if (mk_codes_find(c, p->display.code[i]) < 0)
			mk_codes_add(c, p->display.code[i]);
}

/*
 * The intersection of the counted portions' lists: own country, the groups
 * written in every list, then whoever else is common once groups are
 * expanded on ctx->date.  Returns -1 if it does not fit a list.
 */
static int
mk_intersect(const struct marking *portions, size_t n,
	     const struct marking_ctx *ctx, int display,
	     struct marking_codes *out)
{
	struct marking_codes lit, groups;
	struct mk_set acc, exp;
	size_t i, j;
	int first = 1;

	memset(&groups, 0, sizeof groups);
	acc.n = 0;
	for (i = 0; i < n; i++) {
		if (!mk_counted(&portions[i]))
			continue;
		mk_portion_list(&portions[i], display, ctx->own, &lit);
		exp.n = 0;
		exp.over = 0;
		mk_expand_codes(ctx, &lit, &exp);
		for (j = 0; first && j < lit.n; j++)
			if (mk_is_group(ctx, lit.code[j]))
				mk_codes_add(&groups, lit.code[j]);
		for (j = 0; !first && j < groups.n;)
			if (mk_codes_find(&lit, groups.code[j]) < 0)
				mk_codes_remove(&groups, j);
			else
				j++;
		for (j = 0; !first && j < acc.n;)
			if (!mk_set_has(&exp, acc.code[j]))
				memcpy(acc.code[j], acc.code[--acc.n],
				       PARTNER_CODE_MAX);
			else
				j++;
		if (first)
			memcpy(&acc, &exp, sizeof acc);
		first = 0;
	}
	memset(out, 0, sizeof *out);
	mk_codes_add(out, ctx->own);
	for (j = 0; j < groups.n; j++)
		mk_codes_add(out, groups.code[j]);
	for (j = 0; j < acc.n; j++) {
		if (strcmp(acc.code[j], ctx->own) == 0 ||
		    mk_in_groups(ctx, &groups, acc.code[j]))
			continue;
		if (mk_codes_add(out, acc.code[j]) != 0)
			return -1;
	}
	mk_codes_sort(out, ctx->own);
	return 0;
}

/* Remove from d whoever r already lets in, and the own country. */
static void
mk_display_rest(const struct marking_ctx *ctx, const struct marking_codes *r,
		struct marking_codes *d)
{
	size_t i;

	for (i = 0; i < d->n;)
		if (strcmp(d->code[i], ctx->own) == 0 ||
		    mk_codes_find(r, d->code[i]) >= 0 ||
		    mk_in_groups(ctx, r, d->code[i]))
			mk_codes_remove(d, i);
		else
			i++;
}

static int
mk_rollup_release(const struct marking *portions, size_t n,
		  const struct marking_ctx *ctx, struct marking *b,
		  struct relto_err *e)
{
	size_t i, counted = 0, relto = 0, relido = 0, seen = 0, any = 0,
		  display = 0;

	for (i = 0; i < n; i++) {
		unsigned f = portions[i].flags;

		if (!mk_counted(&portions[i]))
			continue;
		if (f & MARKING_NOFORN) {
			b->flags |= MARKING_NOFORN;
			return RELTO_OK;
		}
		counted++;
		relto += (f & MARKING_RELTO) != 0;
		relido += (f & MARKING_RELIDO) != 0;
		seen += (f & (MARKING_RELTO | MARKING_DISPLAY)) != 0;
		display += (f & MARKING_DISPLAY) != 0;
		any += (f & MK_RELEASE) != 0;
	}
	if (any == 0)
		return RELTO_OK;
	if (relto == counted &&
	    mk_intersect(portions, n, ctx, 0, &b->relto) != 0)
		return err_set(e, RELTO_EINPUT,
			       _("the banner's REL TO list would hold more "
				 "than %d codes"),
			       MARKING_MAX_CODES);
	if (b->relto.n >= 2)
		b->flags |= MARKING_RELTO;
	else
		memset(&b->relto, 0, sizeof b->relto);
	if (display > 0 && seen == counted &&
	    mk_intersect(portions, n, ctx, 1, &b->display) == 0)
		mk_display_rest(ctx, &b->relto, &b->display);
	else
		memset(&b->display, 0, sizeof b->display);
	if (b->display.n > 0)
		b->flags |= MARKING_DISPLAY;
	if (relido == counted)
		b->flags |= MARKING_RELIDO;
	if (!(b->flags & MK_RELEASE))
		b->flags |= MARKING_NOFORN;
	return RELTO_OK;
}

static void
mk_rollup_fgi(const struct marking *portions, size_t n, int all_nato,
	      struct marking *b)
{
	size_t i, j;
	int concealed = 0;

	for (i = 0; i < n; i++) {
		const struct marking *p = &portions[i];

		if ((p->flags & MARKING_NATO) && !all_nato) {
			b->flags |= MARKING_FGI;
			if (mk_codes_find(&b->fgi, "NATO") < 0 &&
			    mk_codes_add(&b->fgi, "NATO") != 0)
				concealed = 1;
		}
		if (!(p->flags & MARKING_FGI))
			continue;
		b->flags |= MARKING_FGI;
		if (p->fgi.n == 0)
			concealed = 1;
		for (j = 0; j < p->fgi.n; j++)
			if (mk_codes_find(&b->fgi, p->fgi.code[j]) < 0 &&
			    mk_codes_add(&b->fgi, p->fgi.code[j]) != 0)
				concealed = 1;
	}
	if (concealed)
		memset(&b->fgi, 0, sizeof b->fgi);
	mk_codes_sort(&b->fgi, NULL);
}

int
marking_rollup_err(const struct marking *portions, size_t n,
		   const struct marking_ctx *ctx, struct marking *banner,
		   struct relto_err *e)
{
	size_t i, tlp = 0, nato = 0;
	unsigned other = 0;

	memset(banner, 0, sizeof *banner);
	for (i = 0; i < n; i++) {
		tlp += (portions[i].flags & MARKING_TLP) != 0;
		nato += (portions[i].flags & MARKING_NATO) != 0;
		if (portions[i].level > banner->level)
			banner->level = portions[i].level;
		if (portions[i].tlp > banner->tlp)
			banner->tlp = portions[i].tlp;
		other |= portions[i].flags & (MARKING_FOUO | MARKING_ORCON);
	}
	if (tlp > 0 && tlp < n) {
		memset(banner, 0, sizeof *banner);
		return err_set(e, RELTO_EINPUT,
			       _("a document cannot mix TLP labels with "
				 "classification markings"));
	}
	if (tlp > 0) {
		banner->level = MARKING_U;
		banner->flags = MARKING_TLP;
		return RELTO_OK;
	}
	banner->tlp = 0;
	if (n > 0 && nato == n)
		banner->flags |= MARKING_NATO;
	else if (banner->level == MARKING_R)
		banner->level = MARKING_C;
	banner->flags |= other;
	if (banner->level > MARKING_U)
		banner->flags &= ~MARKING_FOUO;
	mk_rollup_fgi(portions, n, n > 0 && nato == n, banner);
	return mk_rollup_release(portions, n, ctx, banner, e);
}

int
marking_rollup(const struct marking *portions, size_t n,
	       const struct marking_ctx *ctx, struct marking *banner)
{
	return marking_rollup_err(portions, n, ctx, banner, NULL);
}

/* ---- audience --------------------------------------------------------- */

int
marking_audience(const struct marking *m, const struct marking_ctx *ctx,
		 struct marking_codes *out)
{
	struct mk_set s;
	size_t i;

	memset(out, 0, sizeof *out);
	mk_codes_add(out, ctx->own);
	if (m->flags & MARKING_TLP)
		return m->tlp <= MARKING_TLP_GREEN;
	if (m->level == MARKING_U &&
	    (m->flags & ~(unsigned)(MARKING_FOUO | MARKING_ORCON)) == 0)
		return 1;
	if (m->flags & MARKING_NOFORN)
		return 0;
	s.n = 0;
	s.over = 0;
	mk_set_add(&s, ctx->own);
	if (m->flags & MARKING_RELTO)
		mk_expand_codes(ctx, &m->relto, &s);
	if (m->flags & MARKING_DISPLAY)
		mk_expand_codes(ctx, &m->display, &s);
	if (s.n > MARKING_MAX_CODES || s.over)
		return -1;
	out->n = 0;
	for (i = 0; i < s.n; i++)
		mk_codes_add(out, s.code[i]);
	mk_codes_sort_az(out);
	return 0;
}

/* ---- levels and equality ---------------------------------------------- */

int
marking_level_parse(const char *s)
{
	const struct mk_level *l = mk_level_word(s);

	if (l != NULL)
		return l->level;
	if (strcmp(s, "R") == 0 || strcmp(s, "RESTRICTED") == 0)
		return MARKING_R;
	return -1;
}

/* The portion abbreviation of a national level: U, R, C, S, TS. */
const char *
marking_level_abbrev(int level)
{
	static const char *const abbrev[] = {"U", "R", "C", "S", "TS"};

	return level >= MARKING_U && level <= MARKING_TS ? abbrev[level] : "?";
}

const char *
marking_level_name(int level)
{
	const struct mk_level *l = mk_level_find(level, 0);

	if (l != NULL)
		return l->banner;
	return level == MARKING_R ? "RESTRICTED" : "?";
}

static int
mk_codes_equal(const struct marking_codes *a, const struct marking_codes *b)
{
	size_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (strncmp(a->code[i], b->code[i], PARTNER_CODE_MAX) != 0)
			return 0;
	return 1;
}

int
marking_equal(const struct marking *a, const struct marking *b)
{
	if (a->level != b->level || a->flags != b->flags)
		return 0;
	if ((a->flags & MARKING_TLP) && a->tlp != b->tlp)
		return 0;
	return mk_codes_equal(&a->fgi, &b->fgi) &&
	       mk_codes_equal(&a->relto, &b->relto) &&
	       mk_codes_equal(&a->display, &b->display);
}
