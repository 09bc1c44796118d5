/*
 * import.c -- records files into the store, and the store back out.
 *
 * Import is all or nothing.  Every file is parsed (records.c), every
 * record checked against its type's field table below and against the
 * store, and every problem reported as FILE:LINE:COL; only when there is
 * none does one transaction insert everything and append one audit entry.
 * Partners are read first, from every file, so a record may refer to a
 * partner defined later or in another file.
 *
 * Field tables are the single description of the format: the checks, the
 * error messages and relto-records(5) follow them.  Names are
 * case-sensitive; an unknown field is an error; so is a repeated field
 * that is not repeatable.
 *
 * Dump writes the store in the same format, in an order import reads, so
 * import(dump(store)) rebuilds the same content in a new store.
 */
#include "config.h"

#include "import.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "clock.h"
#include "exercise.h"
#include "i18n.h"
#include "reportlist.h"

#define F_KEY      IMPORT_KEY
#define F_REQUIRED IMPORT_REQUIRED
#define F_REPEAT   IMPORT_REPEAT

static const struct import_field import_partner_fields[] = {
    {"Code", F_KEY},  {"Name", F_REQUIRED}, {"Kind", F_REQUIRED},
    {"Recipient", 0}, {"Member", F_REPEAT}, {NULL, 0},
};

static const struct import_field import_agreement_fields[] = {
    {"Id", F_KEY},
    {"Title", F_REQUIRED},
    {"Instrument", 0},
    {"Type", F_REQUIRED},
    {"Parties", F_REQUIRED},
    {"Topics", F_REQUIRED},
    {"Exclusions", 0},
    {"Ceiling", F_REQUIRED},
    {"Signed", 0},
    {"Effective", 0},
    {"Expires", 0},
    {"Review", 0},
    {"Status", F_REQUIRED},
    {"ThirdPartyRule", 0},
    {"LegalBasis", 0},
    {"Objectives", 0},
    {"Scope", 0},
    {"Roles", 0},
    {"Security", 0},
    {"DisputeResolution", 0},
    {"Notes", 0},
    {NULL, 0},
};

static const struct import_field import_report_fields[] = {
    {"Id", F_KEY},
    {"Title", F_REQUIRED},
    {"Originator", F_REQUIRED},
    {"Topics", F_REQUIRED},
    {"Date", 0},
    {"Text", F_REQUIRED},
    {NULL, 0},
};

static const struct import_field import_term_fields[] = {
    {"Term", F_KEY}, {"Action", F_REQUIRED}, {"Replacement", 0}, {"Note", 0},
    {NULL, 0},
};

static const struct import_field import_consent_fields[] = {
    {"Report", F_REQUIRED}, {"Partner", F_REQUIRED}, {"By", F_REQUIRED},
    {"Date", F_REQUIRED},   {"Conditions", 0},       {NULL, 0},
};

struct importer;
typedef void (*import_check_fn)(struct importer *,
				const struct records_record *);

struct import_type {
	const char *name;
	const struct import_field *fields;
	import_check_fn check;
};

struct importer {
	struct store *s;
	struct partner_set set;
	struct marking_ctx ctx;
	struct records_diags *d; /* the current file's */
	const struct records_record **partners;
	size_t npartners;
	struct agreement *agr;
	size_t nagr;
	struct report *rep;
	size_t nrep;
	const struct records_record **terms, **consents, **seen;
	size_t nterms, nconsents, nseen;
	const struct import_hooks *h; /* extra record types, or NULL */
	const char *replacing;        /* the agreement being edited */
	int oom;
};

/* ---- diagnostics ------------------------------------------------------ */

/* A diagnostic at a record's field (its value), or at the record. */
void
import_diag(struct records_diags *d, const struct records_record *r,
	    const char *field, const char *fmt, ...)
{
	const struct records_field *f =
	    field != NULL ? records_field(r, field) : NULL;
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (f != NULL)
		records_diag(d, f->line, (int)strlen(f->name) + 3, 0, "%s",
			     msg);
	else
		records_diag(d, r->line, 1, 0, "%s", msg);
}

#define import_at(im, r, field, ...) import_diag((im)->d, r, field, __VA_ARGS__)

static const char *
import_get(const struct records_record *r, const char *name)
{
	const char *v = records_get(r, name);

	return v != NULL ? v : "";
}

/* Unknown, missing and repeated fields, per the type's table. */
void
import_check_fields(struct records_diags *d, const struct records_record *r,
		    const struct import_field *fields)
{
	size_t i, j, n;

	for (i = 0; i < r->n; i++) {
		for (j = 0; fields[j].name != NULL; j++)
			if (strcmp(fields[j].name, r->f[i].name) == 0)
				break;
		if (fields[j].name == NULL)
			records_diag(d, r->f[i].line, 1, 0,
				     strchr("AEIOU", r->type[0]) != NULL
					 ? _("unknown field %s in an %s record")
					 : _("unknown field %s in a %s record"),
				     r->f[i].name, r->type);
	}
	for (j = 0; fields[j].name != NULL; j++) {
		n = records_count(r, fields[j].name);
		if (n == 0 && (fields[j].flags & (F_KEY | F_REQUIRED)))
			import_diag(d, r, NULL,
				    _("this %s record has no %s field"),
				    r->type, fields[j].name);
		else if ((fields[j].flags & (F_KEY | F_REQUIRED)) &&
			 strspn(import_get(r, fields[j].name), " \t\n") ==
			     strlen(import_get(r, fields[j].name)))
			import_diag(d, r, fields[j].name, _("%s is empty"),
				    fields[j].name);
		if (n > 1 && !(fields[j].flags & F_REPEAT))
			for (i = 0; i < r->n; i++)
				if (strcmp(r->f[i].name, fields[j].name) == 0 &&
				    --n == 0)
					records_diag(d, r->f[i].line, 1, 0,
						     _("field %s appears more "
						       "than once"),
						     fields[j].name);
	}
}

#define import_fields(im, r, fields) import_check_fields((im)->d, r, fields)

/* Append a record pointer to a growing list. */
static void
import_keep(struct importer *im, const struct records_record ***v, size_t *n,
	    const struct records_record *r)
{
	const struct records_record **nv;

	nv = realloc(*v, (*n + 1) * sizeof *nv);
	if (nv == NULL) {
		im->oom = 1;
		return;
	}
	nv[(*n)++] = r;
	*v = nv;
}

/* Split a space-separated value into words (at most max). */
static size_t
import_words(const char *v, char (*out)[AGREEMENT_TOPIC_MAX], size_t max)
{
	size_t n = 0, len;

	while (*v != '\0' && n < max) {
		v += strspn(v, " \t\n");
		len = strcspn(v, " \t\n");
		if (len == 0)
			break;
		/* A word too long to keep reads as invalid ("" stays empty). */
		if (len >= AGREEMENT_TOPIC_MAX)
			snprintf(out[n++], AGREEMENT_TOPIC_MAX, "%.*s~",
				 AGREEMENT_TOPIC_MAX - 2, v);
		else
			snprintf(out[n++], AGREEMENT_TOPIC_MAX, "%.*s",
				 (int)len, v);
		v += len;
	}
	return n;
}

/* A topic: upper-case letters, digits, '-' and '_'. */
int
import_topic_valid(const char *t)
{
	size_t i;

	for (i = 0; t[i] != '\0'; i++)
		if (!((t[i] >= 'A' && t[i] <= 'Z') ||
		      (t[i] >= '0' && t[i] <= '9') || t[i] == '-' ||
		      t[i] == '_'))
			return 0;
	return i > 0 && i < AGREEMENT_TOPIC_MAX;
}

static int
import_date(struct importer *im, const struct records_record *r,
	    const char *field, char *out)
{
	const char *v = records_get(r, field);

	out[0] = '\0';
	if (v == NULL || *v == '\0')
		return 0;
	if (!agreement_date_valid(v)) {
		import_at(im, r, field,
			  _("%s must be a date written YYYY-MM-DD, not '%s'"),
			  field, v);
		return -1;
	}
	snprintf(out, PARTNER_DATE_LEN, "%s", v);
	return 0;
}

/*
 * Ids name files in bundles (REPORTS/<ID>.TXT) and on FAT media: ASCII
 * letters, digits, '-', '_' and '.', not starting with '.'.
 */
int
import_id_valid(const char *id)
{
	size_t i;

	for (i = 0; id[i] != '\0'; i++)
		if (!((id[i] >= 'A' && id[i] <= 'Z') ||
		      (id[i] >= 'a' && id[i] <= 'z') ||
		      (id[i] >= '0' && id[i] <= '9') || id[i] == '-' ||
		      id[i] == '_' || (id[i] == '.' && i > 0)))
			return 0;
	return 1;
}

static void
import_id(struct importer *im, const struct records_record *r)
{
	if (!import_id_valid(import_get(r, "Id")))
		import_at(
		    im, r, "Id",
		    _("an id uses ASCII letters, digits, '-', '_' and '.' "
		      "(not first)"));
}

/* ---- Partner ----------------------------------------------------------- */

/* Has an earlier Partner record (of any file) used code? */
static int
import_partner_seen(struct importer *im, const char *code,
		    const struct records_record *self)
{
	size_t i;

	for (i = 0; i < im->nseen; i++)
		if (im->seen[i] != self &&
		    strcmp(import_get(im->seen[i], "Code"), code) == 0)
			return 1;
	import_keep(im, &im->seen, &im->nseen, self);
	return 0;
}

/* Pass 1: make every partner of every file known. */
static void
import_partner_define(struct importer *im, const struct records_record *r)
{
	const char *code = import_get(r, "Code"), *name = import_get(r, "Name");
	int kind = partner_kind_parse(import_get(r, "Kind"));
	const struct partner *known = partner_find(&im->set, code);
	struct relto_err e;

	if (kind == 0) {
		import_at(im, r, "Kind",
			  _("Kind is country, organisation or group"));
		return;
	}
	if (im->s != NULL && store_partner_is_stored(im->s, code)) {
		import_at(im, r, "Code",
			  _("partner %s is already in the store"), code);
		return;
	}
	if (import_partner_seen(im, code, r)) {
		import_at(im, r, "Code", _("partner %s is defined twice"),
			  code);
		return;
	}
	if (known != NULL && known->kind != kind) {
		import_at(im, r, "Kind", _("%s is a %s, not a %s"), code,
			  partner_kind_name(known->kind),
			  partner_kind_name(kind));
		return;
	}
	if (known == NULL && kind == PARTNER_COUNTRY &&
	    !partner_code_fictional(code)) {
		import_at(im, r, "Code",
			  _("%s is not an ISO 3166-1 country code; fictional "
			    "countries use XAA to XZZ"),
			  code);
		return;
	}
	err_clear(&e);
	if (known == NULL && partner_set_add(&im->set, code, kind, name, NULL,
					     0, &e) != RELTO_OK)
		import_at(im, r, "Code", "%s", e.msg);
}

static int
import_member_parse(const char *v, char *code, char *from, char *until)
{
	char tail[4];
	int n;

	from[0] = until[0] = '\0';
	n = sscanf(v, "%4s %10s %10s %3s", code, from, until, tail);
	return n >= 1 && n <= 3 && partner_code_valid(code) &&
	       (from[0] == '\0' || agreement_date_valid(from)) &&
	       (until[0] == '\0' || agreement_date_valid(until));
}

/* Pass 2: recipients and memberships, now that all codes are known. */
static void
import_partner_check(struct importer *im, const struct records_record *r)
{
	const char *code = import_get(r, "Code");
	char m[PARTNER_CODE_MAX + 2], from[12], until[12];
	struct relto_err e;
	size_t i;

	for (i = 0; i < r->n; i++) {
		if (strcmp(r->f[i].name, "Member") != 0)
			continue;
		if (!import_member_parse(r->f[i].value, m, from, until)) {
			records_diag(im->d, r->f[i].line, 9, 0,
				     _("Member is CODE [FROM [UNTIL]], dates "
				       "YYYY-MM-DD"));
			continue;
		}
		err_clear(&e);
		if (partner_set_add_member(&im->set, code, m, from, until,
					   &e) != RELTO_OK)
			records_diag(im->d, r->f[i].line, 9, 0, "%s", e.msg);
	}
	import_keep(im, &im->partners, &im->npartners, r);
}

/* ---- Agreement --------------------------------------------------------- */

static void
import_parties(struct importer *im, const struct records_record *r,
	       struct agreement *a)
{
	char words[64][AGREEMENT_TOPIC_MAX], *colon;
	size_t n = import_words(import_get(r, "Parties"), words, 64), i;
	int ceiling;

	for (i = 0; i < n; i++) {
		ceiling = -1;
		colon = strchr(words[i], ':');
		if (colon != NULL) {
			*colon = '\0';
			ceiling = marking_level_parse(colon + 1);
			if (ceiling < 0)
				import_at(im, r, "Parties",
					  _("'%s' after %s is not a level"),
					  colon + 1, words[i]);
		}
		if (partner_find(&im->set, words[i]) == NULL)
			import_at(im, r, "Parties",
				  _("party %s is not a known partner"),
				  words[i]);
		if (agreement_add_party(a, words[i], AGREEMENT_BOTH, ceiling))
			im->oom = 1;
	}
}

static void
import_topics(struct importer *im, const struct records_record *r,
	      const char *field, struct agreement *a, int exclusion)
{
	char words[64][AGREEMENT_TOPIC_MAX];
	size_t n = import_words(import_get(r, field), words, 64), i;

	for (i = 0; i < n; i++) {
		if (!import_topic_valid(words[i]))
			import_at(im, r, field,
				  _("topic '%s' must be upper-case letters, "
				    "digits, '-' or '_', at most %d of them"),
				  words[i], AGREEMENT_TOPIC_MAX - 1);
		else if (agreement_add_topic(a, words[i], exclusion))
			im->oom = 1;
	}
}

static char *
import_dup(const struct records_record *r, const char *field)
{
	const char *v = records_get(r, field);

	return v != NULL && *v != '\0' ? strdup(v) : NULL;
}

static void
import_agreement_prose(struct agreement *a, const struct records_record *r)
{
	a->title = import_dup(r, "Title");
	a->instrument = import_dup(r, "Instrument");
	a->legal_basis = import_dup(r, "LegalBasis");
	a->objectives = import_dup(r, "Objectives");
	a->scope = import_dup(r, "Scope");
	a->roles = import_dup(r, "Roles");
	a->security = import_dup(r, "Security");
	a->dispute_resolution = import_dup(r, "DisputeResolution");
	a->notes = import_dup(r, "Notes");
}

static int
import_yes_no(struct importer *im, const struct records_record *r,
	      const char *field, int dflt)
{
	const char *v = records_get(r, field);

	if (v == NULL)
		return dflt;
	if (strcmp(v, "yes") == 0 || strcmp(v, "no") == 0)
		return v[0] == 'y';
	import_at(im, r, field, _("%s is yes or no"), field);
	return dflt;
}

/*
 * An edit keeps the status: it changes only by suspending, terminating
 * or activating (action.c), each with its reason in the audit log, and a
 * terminated agreement never comes back.
 */
static void
import_status_kept(struct importer *im, const struct records_record *r)
{
	struct agreement a;
	struct relto_err e;
	int was, rc;

	if (!store_agreement_exists(im->s, im->replacing))
		return; /* gone: there is no status to keep */
	err_clear(&e);
	rc = store_agreement_load(im->s, im->replacing, &a, &e);
	was = a.status;
	agreement_free(&a);
	if (rc != RELTO_OK) { /* not known: not let through */
		import_at(im, r, "Status", "%s", e.msg);
		return;
	}
	if (agreement_status_parse(import_get(r, "Status")) != was)
		import_at(im, r, "Status",
			  _("an edit keeps the status, %s: it changes by "
			    "suspending, terminating or activating, with a "
			    "reason"),
			  agreement_status_name(was));
}

static void
import_agreement(struct importer *im, const struct records_record *r)
{
	struct agreement a, *nv;
	struct relto_err e;
	size_t i;
	unsigned before = (unsigned)im->d->errors;

	memset(&a, 0, sizeof a);
	import_id(im, r);
	if (strlen(import_get(r, "Id")) >= sizeof a.id)
		import_at(im, r, "Id", _("an id has at most %d characters"),
			  (int)sizeof a.id - 1);
	snprintf(a.id, sizeof a.id, "%s", import_get(r, "Id"));
	for (i = 0; i < im->nagr; i++)
		if (strcmp(im->agr[i].id, a.id) == 0)
			import_at(im, r, "Id",
				  _("agreement %s is defined twice"), a.id);
	if (im->replacing != NULL && strcmp(a.id, im->replacing) != 0)
		import_at(im, r, "Id", _("a saved agreement keeps its id, %s"),
			  im->replacing);
	else if (im->replacing != NULL)
		import_status_kept(im, r);
	else if (im->s != NULL && store_agreement_exists(im->s, a.id))
		import_at(im, r, "Id",
			  _("agreement %s is already in the store"), a.id);
	import_agreement_prose(&a, r);
	if ((a.type = agreement_type_parse(import_get(r, "Type"))) < 0)
		import_at(im, r, "Type",
			  _("Type is bilateral, multilateral or hybrid"));
	if ((a.status = agreement_status_parse(import_get(r, "Status"))) < 0)
		import_at(im, r, "Status",
			  _("Status is draft, active, suspended, expired or "
			    "terminated"));
	if ((a.ceiling = marking_level_parse(import_get(r, "Ceiling"))) < 0)
		import_at(im, r, "Ceiling",
			  _("Ceiling is a level such as S or SECRET"));
	a.third_party_rule = import_yes_no(im, r, "ThirdPartyRule", 1);
	import_date(im, r, "Signed", a.signed_on);
	import_date(im, r, "Effective", a.effective);
	import_date(im, r, "Expires", a.expires);
	import_date(im, r, "Review", a.review);
	import_parties(im, r, &a);
	import_topics(im, r, "Topics", &a, 0);
	import_topics(im, r, "Exclusions", &a, 1);
	err_clear(&e);
	if (im->d->errors == before &&
	    agreement_validate(&a, &im->set, im->ctx.own, &e) != RELTO_OK)
		import_at(im, r, NULL, "%s", e.msg);
	nv = realloc(im->agr, (im->nagr + 1) * sizeof *nv);
	if (nv == NULL) {
		agreement_free(&a);
		im->oom = 1;
		return;
	}
	im->agr = nv;
	im->agr[im->nagr++] = a;
}

/* ---- Report ------------------------------------------------------------ */

static void
import_report_text(struct importer *im, const struct records_record *r,
		   struct report *rep)
{
	const struct records_field *f = records_field(r, "Text");
	struct report_problem pv[16];
	struct marking banner;
	size_t np = 0, i;

	if (f == NULL)
		return;

	report_parse_text(rep, f->value, &im->ctx, pv, 16, &np);
	for (i = 0; i < np && i < 16; i++)
		records_diag(im->d, f->line + pv[i].line,
			     pv[i].line == 0 ? 7 : 3, 0, "%s", pv[i].msg);
	if (np == 0 && report_banner(rep, &im->ctx, &banner) != RELTO_OK)
		records_diag(im->d, f->line, 7, 0,
			     _("these portions cannot share one banner (TLP "
			       "labels and classification markings do not "
			       "mix)"));
}

static void
import_report(struct importer *im, const struct records_record *r)
{
	char words[32][AGREEMENT_TOPIC_MAX];
	const char *orig = import_get(r, "Originator");
	struct report rep, *nv;
	size_t i, n;

	memset(&rep, 0, sizeof rep);
	import_id(im, r);
	if (strlen(import_get(r, "Id")) >= sizeof rep.id)
		import_at(im, r, "Id", _("an id has at most %d characters"),
			  (int)sizeof rep.id - 1);
	snprintf(rep.id, sizeof rep.id, "%s", import_get(r, "Id"));
	for (i = 0; i < im->nrep; i++)
		if (strcmp(im->rep[i].id, rep.id) == 0)
			import_at(im, r, "Id", _("report %s is defined twice"),
				  rep.id);
	if (im->s != NULL && store_report_exists(im->s, rep.id))
		import_at(im, r, "Id", _("report %s is already in the store"),
			  rep.id);
	rep.title = import_dup(r, "Title");
	if (partner_find(&im->set, orig) == NULL &&
	    strcmp(orig, im->ctx.own) != 0)
		import_at(im, r, "Originator",
			  _("originator %s is not a known partner"), orig);
	snprintf(rep.originator, sizeof rep.originator, "%s", orig);
	import_date(im, r, "Date", rep.date);
	n = import_words(import_get(r, "Topics"), words, 32);
	for (i = 0; i < n; i++)
		if (!import_topic_valid(words[i]))
			import_at(im, r, "Topics",
				  _("topic '%s' must be upper-case letters, "
				    "digits, '-' or '_', at most %d of them"),
				  words[i], AGREEMENT_TOPIC_MAX - 1);
		else
			report_add_topic(&rep, words[i]);
	import_report_text(im, r, &rep);
	nv = realloc(im->rep, (im->nrep + 1) * sizeof *nv);
	if (nv == NULL) {
		report_free(&rep);
		im->oom = 1;
		return;
	}
	im->rep = nv;
	im->rep[im->nrep++] = rep;
}

/* ---- Term, Consent ----------------------------------------------------- */

static void
import_term(struct importer *im, const struct records_record *r)
{
	int action = sanitize_action_parse(import_get(r, "Action"));
	size_t i;

	if (action < 0 || action == SANITIZE_GENERALIZE)
		import_at(im, r, "Action",
			  _("Action is block, redact, replace or warn"));
	if (action == SANITIZE_REPLACE && records_get(r, "Replacement") == NULL)
		import_at(im, r, NULL,
			  _("a term with Action replace needs a Replacement"));
	if (strlen(import_get(r, "Term")) > 256)
		import_at(im, r, "Term", _("a term has at most 256 bytes"));
	if (im->s != NULL && store_term_exists(im->s, import_get(r, "Term")))
		import_at(im, r, "Term", _("term '%s' is already in the store"),
			  import_get(r, "Term"));
	for (i = 0; i < im->nterms; i++)
		if (strcmp(import_get(im->terms[i], "Term"),
			   import_get(r, "Term")) == 0)
			import_at(im, r, "Term",
				  _("term '%s' is defined twice"),
				  import_get(r, "Term"));
	import_keep(im, &im->terms, &im->nterms, r);
}

static int
import_report_known(struct importer *im, const char *id)
{
	size_t i;

	for (i = 0; i < im->nrep; i++)
		if (strcmp(im->rep[i].id, id) == 0)
			return 1;
	return im->s != NULL && store_report_exists(im->s, id);
}

static void
import_consent(struct importer *im, const struct records_record *r)
{
	const char *p = import_get(r, "Partner");
	char date[PARTNER_DATE_LEN];

	if (!import_report_known(im, import_get(r, "Report")))
		import_at(im, r, "Report", _("report %s is not defined"),
			  import_get(r, "Report"));
	if (partner_find(&im->set, p) == NULL)
		import_at(im, r, "Partner", _("partner %s is not known"), p);
	import_date(im, r, "Date", date);
	import_keep(im, &im->consents, &im->nconsents, r);
}

static const struct import_type import_types[] = {
    {"Partner", import_partner_fields, import_partner_check},
    {"Agreement", import_agreement_fields, import_agreement},
    {"Report", import_report_fields, import_report},
    {"Term", import_term_fields, import_term},
    {"Consent", import_consent_fields, import_consent},
};

#define IMPORT_NTYPES (sizeof import_types / sizeof import_types[0])

static const struct import_type *
import_type_find(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < IMPORT_NTYPES; i++)
		if (strcmp(import_types[i].name, name) == 0)
			return &import_types[i];
	return NULL;
}

/* ---- moving dates -------------------------------------------------------- */

static time_t
import_day(const char *d)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	if (!agreement_date_valid(d) ||
	    sscanf(d, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return (time_t)-1;
	tm.tm_year -= 1900;
	tm.tm_mon--;
	tm.tm_hour = 12;
	return timegm(&tm);
}

/* Whole days from one YYYY-MM-DD to another. */
int
import_days_since(const char *from, const char *to)
{
	time_t a = import_day(from), b = import_day(to);

	return a == (time_t)-1 || b == (time_t)-1 ? 0 : (int)((b - a) / 86400);
}

/* Every YYYY-MM-DD word of v moved by days; v is rewritten in place. */
static void
import_shift_value(char *v, int days)
{
	char out[11];
	time_t t;
	struct tm tm;
	size_t i;

	for (i = 0; v[i] != '\0'; i++) {
		if ((i > 0 && v[i - 1] != ' ') || strlen(v + i) < 10 ||
		    (v[i + 10] != '\0' && v[i + 10] != ' '))
			continue;
		memcpy(out, v + i, 10);
		out[10] = '\0';
		if ((t = import_day(out)) == (time_t)-1)
			continue;
		t += (time_t)days * 86400;
		if (gmtime_r(&t, &tm) == NULL ||
		    strftime(out, sizeof out, "%Y-%m-%d", &tm) != 10)
			continue;
		memcpy(v + i, out, 10);
	}
}

static void
import_shift(struct records_file *rf, int days)
{
	static const char *const fields[] = {"Signed", "Effective", "Expires",
					     "Review", "Date",      "Member"};
	size_t i, j, k;

	for (i = 0; days != 0 && i < rf->n; i++)
		for (j = 0; j < rf->r[i].n; j++)
			for (k = 0; k < sizeof fields / sizeof fields[0]; k++)
				if (strcmp(rf->r[i].f[j].name, fields[k]) == 0)
					import_shift_value(rf->r[i].f[j].value,
							   days);
}

/* ---- the whole file ---------------------------------------------------- */

/* The store's partners and own country, dated date (or today). */
int
import_context(struct store *s, struct partner_set *set,
	       struct marking_ctx *ctx, const char *date, struct relto_err *e)
{
	char utc[CLOCK_UTC_LEN];

	memset(ctx, 0, sizeof *ctx);
	partner_set_init(set);
	if (partner_set_load_default(set, e) != RELTO_OK ||
	    (s != NULL && store_partners_load(s, set, e) != RELTO_OK))
		return e->code;
	if (s != NULL)
		store_setting(s, "country", ctx->own, sizeof ctx->own);
	if (date == NULL && s != NULL) {
		/* An exercise's day is the scenario's. */
		exercise_today(s, utc);
		date = utc;
	} else if (date == NULL) {
		clock_utc(clock_now(), utc);
		utc[10] = '\0';
		date = utc;
	}
	snprintf(ctx->date, sizeof ctx->date, "%.10s", date);
	ctx->partners = set;
	return RELTO_OK;
}

static const struct import_extra *
import_extra_find(const struct importer *im, const char *name)
{
	size_t i;

	for (i = 0; im->h != NULL && name != NULL && i < im->h->ntypes; i++)
		if (strcmp(im->h->types[i].name, name) == 0)
			return &im->h->types[i];
	return NULL;
}

static void
import_check_types(struct importer *im, const struct records_file *rf)
{
	size_t i;

	for (i = 0; i < rf->nt; i++) {
		if (import_type_find(rf->t[i].name) != NULL ||
		    import_extra_find(im, rf->t[i].name) != NULL)
			continue;
		if (im->h != NULL && im->h->types_note != NULL)
			/* TRANSLATORS: the second %s says which types are
			   read, e.g. "a scenario holds ...". */
			records_diag(im->d, rf->t[i].line, 7, 0,
				     _("unknown record type %s (%s)"),
				     rf->t[i].name, im->h->types_note);
		else
			records_diag(im->d, rf->t[i].line, 7, 0,
				     _("unknown record type %s (relto reads "
				       "Partner, Agreement, Report, Term and "
				       "Consent)"),
				     rf->t[i].name);
	}
}

/* What the files define, for a caller's own record types. */
static void
import_view_fill(struct importer *im, struct import_view *v)
{
	v->set = &im->set;
	v->ctx = &im->ctx;
	v->agr = im->agr;
	v->nagr = im->nagr;
	v->rep = im->rep;
	v->nrep = im->nrep;
	v->terms = im->terms;
	v->nterms = im->nterms;
	v->consents = im->consents;
	v->nconsents = im->nconsents;
	v->d = im->d;
}

static void
import_pass(struct importer *im, const struct records_file *rf, int pass)
{
	const struct import_type *t;
	const struct import_extra *x;
	const struct records_record *r;
	struct import_view v;
	size_t i;

	for (i = 0; i < rf->n; i++) {
		r = &rf->r[i];
		if (pass == 5 && (x = import_extra_find(im, r->type)) != NULL) {
			import_fields(im, r, x->fields);
			import_view_fill(im, &v);
			x->check(im->h->arg, &v, r);
		}
		t = import_type_find(r->type);
		if (t == NULL)
			continue;
		if (pass == 1) {
			if (strcmp(t->name, "Partner") == 0) {
				import_fields(im, r, t->fields);
				import_partner_define(im, r);
			}
		} else if (pass == 2 && strcmp(t->name, "Partner") == 0)
			t->check(im, r);
		else if (pass == 3 && strcmp(t->name, "Report") == 0) {
			import_fields(im, r, t->fields);
			t->check(im, r);
		} else if (pass == 4 && strcmp(t->name, "Partner") != 0 &&
			   strcmp(t->name, "Report") != 0) {
			import_fields(im, r, t->fields);
			t->check(im, r);
		}
	}
}

static int
import_insert_partners(struct importer *im, struct relto_err *e)
{
	const struct records_record *r;
	char m[PARTNER_CODE_MAX + 2], from[12], until[12];
	size_t i, j;

	for (i = 0; i < im->npartners; i++) {
		r = im->partners[i];
		if (store_partner_put(im->s, import_get(r, "Code"),
				      partner_kind_parse(import_get(r, "Kind")),
				      import_get(r, "Name"),
				      records_get(r, "Recipient"),
				      e) != RELTO_OK)
			return e->code;
		for (j = 0; j < r->n; j++)
			if (strcmp(r->f[j].name, "Member") == 0 &&
			    import_member_parse(r->f[j].value, m, from,
						until) &&
			    store_member_put(im->s, import_get(r, "Code"), m,
					     from, until, e) != RELTO_OK)
				return e->code;
	}
	return RELTO_OK;
}

static int
import_insert(struct importer *im, struct import_counts *c, struct relto_err *e)
{
	struct store_term t;
	struct store_consent k;
	char detail[256];
	size_t i;

	if (import_insert_partners(im, e) != RELTO_OK)
		return e->code;
	/* New members change what REL TO a group means: see reportlist.c. */
	if (im->npartners > 0 && reportlist_forget(im->s, e) != RELTO_OK)
		return e->code;
	for (i = 0; i < im->nagr; i++)
		if (store_agreement_put(im->s, &im->agr[i], e) != RELTO_OK)
			return e->code;
	for (i = 0; i < im->nrep; i++)
		if (store_report_put(im->s, &im->rep[i], e) != RELTO_OK ||
		    reportlist_set(im->s, &im->ctx, &im->rep[i], e) != RELTO_OK)
			return e->code;
	for (i = 0; i < im->nterms; i++) {
		t.term = import_get(im->terms[i], "Term");
		t.action = import_get(im->terms[i], "Action");
		t.replacement = records_get(im->terms[i], "Replacement");
		t.note = records_get(im->terms[i], "Note");
		if (store_term_put(im->s, &t, e) != RELTO_OK)
			return e->code;
	}
	for (i = 0; i < im->nconsents; i++) {
		k.report = import_get(im->consents[i], "Report");
		k.partner = import_get(im->consents[i], "Partner");
		k.by = import_get(im->consents[i], "By");
		k.date = import_get(im->consents[i], "Date");
		k.conditions = records_get(im->consents[i], "Conditions");
		if (store_consent_put(im->s, &k, e) != RELTO_OK)
			return e->code;
	}
	c->partners = im->npartners;
	c->agreements = im->nagr;
	c->reports = im->nrep;
	c->terms = im->nterms;
	c->consents = im->nconsents;
	snprintf(detail, sizeof detail,
		 "%zu partners, %zu agreements, %zu reports, %zu terms, %zu "
		 "consents",
		 c->partners, c->agreements, c->reports, c->terms, c->consents);
	return audit_append(im->s, "import", "records", detail, e);
}

static void
import_free(struct importer *im)
{
	size_t i;

	for (i = 0; i < im->nagr; i++)
		agreement_free(&im->agr[i]);
	for (i = 0; i < im->nrep; i++)
		report_free(&im->rep[i]);
	free(im->agr);
	free(im->rep);
	free(im->partners);
	free(im->terms);
	free(im->consents);
	free(im->seen);
	partner_set_free(&im->set);
}

int
import_records(struct store *s, const struct import_source *src, size_t nsrc,
	       struct records_diags *diags, struct import_counts *counts,
	       struct relto_err *e)
{
	return import_records_with(s, src, nsrc, diags, counts, NULL, e);
}

/* Parse and check every file; diagnostics sorted; the error count. */
static size_t
import_check_all(struct importer *im, const struct import_source *src,
		 size_t nsrc, struct records_file *rf,
		 struct records_diags *diags)
{
	struct import_view v;
	size_t i, errors = 0;
	int pass;

	for (i = 0; i < nsrc; i++) {
		im->d = &diags[i];
		records_parse(src[i].text, src[i].len, &rf[i], im->d);
		import_shift(&rf[i], src[i].shift_days);
		import_check_types(im, &rf[i]);
	}
	for (pass = 1; pass <= (im->h != NULL ? 5 : 4); pass++)
		for (i = 0; i < nsrc; i++) {
			im->d = &diags[i];
			import_pass(im, &rf[i], pass);
		}
	if (im->h != NULL && im->h->finish != NULL && nsrc > 0) {
		import_view_fill(im, &v);
		im->h->finish(im->h->arg, &v);
	}
	for (i = 0; i < nsrc; i++) {
		records_diags_sort(&diags[i]);
		errors += diags[i].errors;
	}
	return errors;
}

/*
 * import_records() with caller-defined record types (h may be NULL).
 * With h->dry_run nothing is written and s may be NULL: the files are
 * checked against the built-in partners and h->own alone.
 */
int
import_records_with(struct store *s, const struct import_source *src,
		    size_t nsrc, struct records_diags *diags,
		    struct import_counts *counts, const struct import_hooks *h,
		    struct relto_err *e)
{
	struct records_file *rf = calloc(nsrc + 1, sizeof *rf);
	struct importer im;
	size_t i, errors = 0;
	int rc;

	memset(&im, 0, sizeof im);
	memset(counts, 0, sizeof *counts);
	im.s = s;
	im.h = h;
	if (rf == NULL)
		return err_set(e, RELTO_ENOMEM, _("out of memory"));
	/* An exercise store holds its scenario and nothing else. */
	if (h == NULL &&
	    exercise_refuse(s,
			    _("this is an exercise store: it holds its "
			      "scenario and nothing else"),
			    e) != RELTO_OK) {
		free(rf);
		return e->code;
	}
	rc = import_context(s, &im.set, &im.ctx, NULL, e);
	if (rc == RELTO_OK && h != NULL && h->own != NULL && h->own[0] != '\0')
		snprintf(im.ctx.own, sizeof im.ctx.own, "%s", h->own);
	if (rc == RELTO_OK)
		errors = import_check_all(&im, src, nsrc, rf, diags);
	if (rc == RELTO_OK && im.oom)
		rc = err_set(e, RELTO_ENOMEM, _("out of memory"));
	else if (rc == RELTO_OK && errors > 0)
		rc = err_set(e, RELTO_EINPUT,
			     ngettext("%zu error; nothing was imported",
				      "%zu errors; nothing was imported",
				      (unsigned long)errors),
			     errors);
	if (rc == RELTO_OK && (h == NULL || !h->dry_run) &&
	    (rc = store_begin(s, e)) == RELTO_OK) {
		rc = import_insert(&im, counts, e);
		if (rc == RELTO_OK && h != NULL && h->insert != NULL)
			rc = h->insert(h->arg, s, e);
		if (rc == RELTO_OK)
			rc = store_commit(s, e);
		else
			store_rollback(s);
		if (rc == RELTO_OK)
			rc = reportlist_refresh(s, &im.ctx, e);
	}
	import_free(&im);
	for (i = 0; i < nsrc; i++)
		records_free(&rf[i]);
	free(rf);
	return rc;
}

/* ---- dump -------------------------------------------------------------- */

struct import_out {
	char *buf;
	size_t len, cap;
	struct store *s;
	const struct marking_ctx *ctx;
	int oom;
	struct relto_err *e;
};

static void
import_put(struct import_out *o, const char *name, const char *value)
{
	if (value != NULL && *value != '\0' &&
	    records_write_field(&o->buf, &o->len, &o->cap, name, value) != 0)
		o->oom = 1;
}

static void
import_text(struct import_out *o, const char *text)
{
	size_t n = strlen(text);
	char *nb;

	if (o->len + n + 1 > o->cap) {
		o->cap = (o->len + n + 1) * 2;
		nb = realloc(o->buf, o->cap);
		if (nb == NULL) {
			o->oom = 1;
			return;
		}
		o->buf = nb;
	}
	memcpy(o->buf + o->len, text, n + 1);
	o->len += n;
}

static int
import_dump_member(const struct store_member *m, void *arg)
{
	struct import_out *o = arg;
	char v[64];

	snprintf(v, sizeof v, "%s%s%s%s%s", m->member,
		 strcmp(m->from, "0000-01-01") != 0 || *m->until ? " " : "",
		 strcmp(m->from, "0000-01-01") != 0 || *m->until ? m->from : "",
		 *m->until ? " " : "", m->until);
	import_put(o, "Member", v);
	return 0;
}

static int
import_dump_partner(const struct store_partner *p, void *arg)
{
	struct import_out *o = arg;

	import_text(o, "\n");
	import_put(o, "Code", p->code);
	import_put(o, "Name", p->name);
	import_put(o, "Kind", p->kind);
	import_put(o, "Recipient", p->recipient);
	if (store_members_each(o->s, p->code, import_dump_member, o, o->e) !=
	    RELTO_OK)
		o->oom = 1;
	return 0;
}

static void
import_dump_words(struct import_out *o, const char *name,
		  const char (*t)[AGREEMENT_TOPIC_MAX], size_t n)
{
	char buf[2048];
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < n && len < sizeof buf; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s",
					i ? " " : "", t[i]);
	import_put(o, name, buf);
}

static void
import_dump_agreement(struct import_out *o, const struct agreement *a)
{
	char parties[1024];
	size_t i, len = 0;

	import_text(o, "\n");
	import_put(o, "Id", a->id);
	import_put(o, "Title", a->title);
	import_put(o, "Instrument", a->instrument);
	import_put(o, "Type", agreement_type_name(a->type));
	parties[0] = '\0';
	for (i = 0; i < a->nparties && len < sizeof parties; i++)
		len += (size_t)snprintf(
		    parties + len, sizeof parties - len, "%s%s%s%s",
		    i ? " " : "", a->parties[i].code,
		    a->parties[i].ceiling >= 0 ? ":" : "",
		    a->parties[i].ceiling >= 0
			? marking_level_abbrev(a->parties[i].ceiling)
			: "");
	import_put(o, "Parties", parties);
	import_dump_words(o, "Topics",
			  (const char(*)[AGREEMENT_TOPIC_MAX])a->topics,
			  a->ntopics);
	import_dump_words(o, "Exclusions",
			  (const char(*)[AGREEMENT_TOPIC_MAX])a->exclusions,
			  a->nexclusions);
	import_put(o, "Ceiling", marking_level_name(a->ceiling));
	import_put(o, "Signed", a->signed_on);
	import_put(o, "Effective", a->effective);
	import_put(o, "Expires", a->expires);
	import_put(o, "Review", a->review);
	import_put(o, "Status", agreement_status_name(a->status));
	import_put(o, "ThirdPartyRule", a->third_party_rule ? "yes" : "no");
	import_put(o, "LegalBasis", a->legal_basis);
	import_put(o, "Objectives", a->objectives);
	import_put(o, "Scope", a->scope);
	import_put(o, "Roles", a->roles);
	import_put(o, "Security", a->security);
	import_put(o, "DisputeResolution", a->dispute_resolution);
	import_put(o, "Notes", a->notes);
}

static int
import_dump_report(const char *id, void *arg)
{
	struct import_out *o = arg;
	struct report r;
	char *text;

	if (store_report_load(o->s, id, o->ctx, &r, o->e) != RELTO_OK) {
		o->oom = 1;
		return 1;
	}
	import_text(o, "\n");
	import_put(o, "Id", r.id);
	import_put(o, "Title", r.title);
	import_put(o, "Originator", r.originator);
	import_dump_words(o, "Topics",
			  (const char(*)[AGREEMENT_TOPIC_MAX])r.topics,
			  r.ntopics);
	import_put(o, "Date", r.date);
	text = report_format_text(&r);
	import_put(o, "Text", text);
	free(text);
	report_free(&r);
	return 0;
}

static int
import_dump_term(const struct store_term *t, void *arg)
{
	struct import_out *o = arg;

	import_text(o, "\n");
	import_put(o, "Term", t->term);
	import_put(o, "Action", t->action);
	import_put(o, "Replacement", t->replacement);
	import_put(o, "Note", t->note);
	return 0;
}

static int
import_dump_consent(const struct store_consent *c, void *arg)
{
	struct import_out *o = arg;

	import_text(o, "\n");
	import_put(o, "Report", c->report);
	import_put(o, "Partner", c->partner);
	import_put(o, "By", c->by);
	import_put(o, "Date", c->date);
	import_put(o, "Conditions", c->conditions);
	return 0;
}

int
import_dump(struct store *s, char **out, size_t *len, struct relto_err *e)
{
	struct import_out o;
	struct partner_set set;
	struct marking_ctx ctx;
	struct agreement *agr = NULL;
	size_t nagr = 0, i;
	int rc;

	memset(&o, 0, sizeof o);
	o.s = s;
	o.e = e;
	o.ctx = &ctx;
	rc = import_context(s, &set, &ctx, NULL, e);
	import_text(&o, "# relto records 1\n\n%rec: Partner\n%key: Code\n");
	if (rc == RELTO_OK)
		rc = store_partners_each(s, import_dump_partner, &o, e);
	import_text(&o, "\n%rec: Agreement\n%key: Id\n");
	if (rc == RELTO_OK)
		rc = store_agreements_load(s, &agr, &nagr, e);
	for (i = 0; i < nagr; i++) {
		if (rc == RELTO_OK)
			import_dump_agreement(&o, &agr[i]);
		agreement_free(&agr[i]);
	}
	free(agr);
	import_text(&o, "\n%rec: Report\n%key: Id\n");
	if (rc == RELTO_OK)
		rc = store_reports_each(s, import_dump_report, &o, e);
	import_text(&o, "\n%rec: Term\n%key: Term\n");
	if (rc == RELTO_OK)
		rc = store_terms_each(s, import_dump_term, &o, e);
	import_text(&o, "\n%rec: Consent\n");
	if (rc == RELTO_OK)
		rc = store_consents_each(s, NULL, import_dump_consent, &o, e);
	partner_set_free(&set);
	/* Plaintext leaves the vault: that is worth a line in the log. */
	if (rc == RELTO_OK && !o.oom && (rc = store_begin(s, e)) == RELTO_OK) {
		rc = audit_append(s, "dump", "records", "", e);
		if (rc == RELTO_OK)
			rc = store_commit(s, e);
		else
			store_rollback(s);
	}
	if (rc == RELTO_OK && o.oom)
		rc = e->code != RELTO_OK
			 ? e->code
			 : err_set(e, RELTO_ENOMEM, _("out of memory"));
	if (rc != RELTO_OK) {
		free(o.buf);
		return rc;
	}
	*out = o.buf;
	*len = o.len;
	return RELTO_OK;
}

/* ---- one agreement, for the workstation's editor ------------------------ */

/* An agreement as the text of its record: "Field: value" lines. */
int
import_agreement_text(const struct agreement *a, char **out,
		      struct relto_err *e)
{
	struct import_out o;

	memset(&o, 0, sizeof o);
	import_dump_agreement(&o, a);
	if (o.oom) {
		free(o.buf);
		return err_set(e, RELTO_ENOMEM, _("out of memory"));
	}
	/* Without the blank line a record set begins with. */
	memmove(o.buf, o.buf + 1, o.len);
	*out = o.buf;
	return RELTO_OK;
}

/*
 * The text a new agreement starts from, on date: the id's year, the
 * fields an officer fills in, and the defaults (bilateral, SECRET,
 * effective today, a draft, the third-party rule applying).
 */
int
import_agreement_template(const char *date, char **out, struct relto_err *e)
{
	char *text = malloc(512);

	if ((*out = text) == NULL)
		return err_set(e, RELTO_ENOMEM, _("out of memory"));
	snprintf(text, 512,
		 "Id: AGR-%.4s-\nTitle: \nType: bilateral\nParties: "
		 "\nTopics: \nCeiling: SECRET\nEffective: %s\n"
		 "Expires: \nStatus: draft\nThirdPartyRule: yes\n",
		 date, date);
	return RELTO_OK;
}

#define IMPORT_EDIT_HEAD       "%rec: Agreement\n%key: Id\n\n"
#define IMPORT_EDIT_HEAD_LINES 3

/*
 * The editor's text back into the store: exactly one Agreement record,
 * checked as import checks one (diagnostics in d, their lines those of
 * text); then, in one audited transaction, added, or put in the place
 * of agreement old.  saved receives its id.
 */
int
import_agreement_save(struct store *s, const char *text, const char *old,
		      char saved[AGREEMENT_ID_MAX], struct records_diags *d,
		      struct relto_err *e)
{
	struct records_file rf;
	struct importer im;
	char *full;
	size_t i, n = strlen(text) + sizeof IMPORT_EDIT_HEAD;
	int rc;

	memset(&im, 0, sizeof im);
	memset(&rf, 0, sizeof rf);
	im.s = s;
	im.d = d;
	im.replacing = old;
	if ((full = malloc(n)) == NULL)
		return err_set(e, RELTO_ENOMEM, _("out of memory"));
	snprintf(full, n, "%s%s", IMPORT_EDIT_HEAD, text);
	rc = import_context(s, &im.set, &im.ctx, NULL, e);
	if (rc == RELTO_OK) {
		records_parse(full, strlen(full), &rf, d);
		if (rf.n != 1)
			records_diag(d, IMPORT_EDIT_HEAD_LINES + 1, 1, 0, "%s",
				     _("the text is one Agreement record: "
				       "Field: value lines, no blank line"));
		else {
			import_fields(&im, &rf.r[0], import_agreement_fields);
			import_agreement(&im, &rf.r[0]);
		}
		for (i = 0; i < d->n; i++)
			if (d->v[i].line > IMPORT_EDIT_HEAD_LINES)
				d->v[i].line -= IMPORT_EDIT_HEAD_LINES;
		records_diags_sort(d);
		if (im.oom)
			rc = err_set(e, RELTO_ENOMEM, _("out of memory"));
		else if (d->errors > 0)
			rc = err_set(e, RELTO_EINPUT,
				     ngettext("%zu error; nothing was saved",
					      "%zu errors; nothing was saved",
					      (unsigned long)d->errors),
				     d->errors);
	}
	if (rc == RELTO_OK && (rc = store_begin(s, e)) == RELTO_OK) {
		if (old != NULL)
			rc = store_agreement_delete(s, old, e);
		if (rc == RELTO_OK)
			rc = store_agreement_put(s, &im.agr[0], e);
		if (rc == RELTO_OK)
			rc = audit_append(s,
					  old != NULL ? "agreement.edit"
						      : "agreement.create",
					  im.agr[0].id, im.agr[0].title, e);
		if (rc == RELTO_OK)
			rc = store_commit(s, e);
		else
			store_rollback(s);
	}
	if (rc == RELTO_OK)
		snprintf(saved, AGREEMENT_ID_MAX, "%s", im.agr[0].id);
	import_free(&im);
	records_free(&rf);
	free(full);
	return rc;
}
