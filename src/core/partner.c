/*
 * partner.c -- who relto can share with: countries (ISO 3166-1 alpha-3
 * trigraphs), organisations, and groups (tetragraphs such as FVEY or NATO)
 * whose membership is dated.
 *
 * The built-in set comes from partners.tsv in the package data directory
 * (see that file for its format); a store adds its own partners, chiefly
 * fictional ones in the user-assigned range XAA-XZZ, and may give a group
 * more members.  A partner_set is a plain in-memory table: sets are small
 * (a few hundred entries) and read far more often than written.
 *
 * Invariants: codes are upper-case ASCII, three letters for a country,
 * three or four for an organisation, four for a group; a code appears at
 * most once; a membership names an existing group and an existing
 * non-group partner; dates are YYYY-MM-DD and compare as strings.
 */
#include "config.h"

#include "partner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"

static const char *const partner_kinds[] = {NULL, "country", "organisation",
					    "group"};

const char *
partner_kind_name(int kind)
{
	return kind >= PARTNER_COUNTRY && kind <= PARTNER_GROUP
		   ? partner_kinds[kind]
		   : "?";
}

int
partner_kind_parse(const char *s)
{
	int k;

	for (k = PARTNER_COUNTRY; k <= PARTNER_GROUP; k++)
		if (strcmp(s, partner_kinds[k]) == 0)
			return k;
	return 0;
}

int
partner_code_valid(const char *code)
{
	size_t i, n = strlen(code);

	if (n != 3 && n != 4)
		return 0;
	for (i = 0; i < n; i++)
		if (code[i] < 'A' || code[i] > 'Z')
			return 0;
	return 1;
}

int
partner_code_fictional(const char *code)
{
	return strlen(code) == 3 && code[0] == 'X' && partner_code_valid(code);
}

void
partner_set_init(struct partner_set *set)
{
	memset(set, 0, sizeof *set);
}

void
partner_set_free(struct partner_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		free(set->v[i].name);
		free(set->v[i].recipient);
	}
	free(set->v);
	free(set->m);
	partner_set_init(set);
}

const struct partner *
partner_find(const struct partner_set *set, const char *code)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (strcmp(set->v[i].code, code) == 0)
			return &set->v[i];
	return NULL;
}

static int
partner_kind_fits(const char *code, int kind)
{
	size_t n = strlen(code);

	switch (kind) {
	case PARTNER_COUNTRY:
		return n == 3;
	case PARTNER_GROUP:
		return n == 4;
	default:
		return kind == PARTNER_ORGANISATION;
	}
}

int
partner_set_add(struct partner_set *set, const char *code, int kind,
		const char *name, const char *recipient, int builtin,
		struct relto_err *e)
{
	struct partner *p, *nv;

	if (!partner_code_valid(code) || !partner_kind_fits(code, kind))
		return err_set(
		    e, RELTO_EINPUT,
		    _("'%s' is not a valid %s code (three upper-case "
		      "letters for a country, four for a group)"),
		    code, partner_kind_name(kind));
	if (partner_find(set, code) != NULL)
		return err_set(e, RELTO_EINPUT,
			       _("partner %s is defined twice"), code);
	if (set->n == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 64;
		nv = realloc(set->v, set->cap * sizeof *nv);
		if (nv == NULL)
			return err_set(e, RELTO_ENOMEM, _("out of memory"));
		set->v = nv;
	}
	p = &set->v[set->n];
	memset(p, 0, sizeof *p);
	snprintf(p->code, sizeof p->code, "%s", code);
	p->kind = kind;
	p->builtin = builtin;
	p->name = strdup(name);
	p->recipient = recipient != NULL ? strdup(recipient) : NULL;
	if (p->name == NULL || (recipient != NULL && p->recipient == NULL)) {
		free(p->name);
		free(p->recipient);
		return err_set(e, RELTO_ENOMEM, _("out of memory"));
	}
	set->n++;
	return RELTO_OK;
}

/* The store knows a partner's age recipient; the data file does not. */
int
partner_set_recipient(struct partner_set *set, const char *code,
		      const char *recipient)
{
	struct partner *p = NULL;
	size_t i;
	char *r;

	for (i = 0; i < set->n && p == NULL; i++)
		if (strcmp(set->v[i].code, code) == 0)
			p = &set->v[i];
	if (p == NULL)
		return RELTO_EFAIL;
	r = recipient != NULL && *recipient != '\0' ? strdup(recipient) : NULL;
	if (recipient != NULL && *recipient != '\0' && r == NULL)
		return RELTO_ENOMEM;
	free(p->recipient);
	p->recipient = r;
	return RELTO_OK;
}

static int
partner_date_valid(const char *d)
{
	int y, m, day;
	char tail;

	return strlen(d) == 10 &&
	       sscanf(d, "%4d-%2d-%2d%c", &y, &m, &day, &tail) == 3 &&
	       d[4] == '-' && d[7] == '-' && m >= 1 && m <= 12 && day >= 1 &&
	       day <= 31;
}

int
partner_set_add_member(struct partner_set *set, const char *group,
		       const char *member, const char *from, const char *until,
		       struct relto_err *e)
{
	const struct partner *g = partner_find(set, group),
			     *p = partner_find(set, member);
	struct partner_member *nm, *m;

	if (g == NULL || g->kind != PARTNER_GROUP)
		return err_set(e, RELTO_EINPUT, _("%s is not a known group"),
			       group);
	if (p == NULL || p->kind == PARTNER_GROUP)
		return err_set(e, RELTO_EINPUT,
			       _("%s cannot be a member of %s: not a known "
				 "country or organisation"),
			       member, group);
	if (from == NULL || *from == '\0')
		from = "0000-01-01";
	if (until == NULL)
		until = "";
	if ((strcmp(from, "0000-01-01") != 0 && !partner_date_valid(from)) ||
	    (*until != '\0' &&
	     (!partner_date_valid(until) || strcmp(until, from) <= 0)))
		return err_set(e, RELTO_EINPUT,
			       _("membership of %s in %s has bad dates"),
			       member, group);
	if (set->nm == set->capm) {
		set->capm = set->capm ? set->capm * 2 : 64;
		nm = realloc(set->m, set->capm * sizeof *nm);
		if (nm == NULL)
			return err_set(e, RELTO_ENOMEM, _("out of memory"));
		set->m = nm;
	}
	m = &set->m[set->nm++];
	snprintf(m->group, sizeof m->group, "%s", group);
	snprintf(m->member, sizeof m->member, "%s", member);
	snprintf(m->from, sizeof m->from, "%s", from);
	snprintf(m->until, sizeof m->until, "%s", until);
	return RELTO_OK;
}

static int
partner_member_on(const struct partner_member *m, const char *date)
{
	return strcmp(m->from, date) <= 0 &&
	       (m->until[0] == '\0' || strcmp(date, m->until) < 0);
}

int
partner_is_member(const struct partner_set *set, const char *group,
		  const char *member, const char *date)
{
	size_t i;

	/* The first bytes first: called for every party of every agreement. */
	for (i = 0; i < set->nm; i++)
		if (set->m[i].group[0] == group[0] &&
		    set->m[i].member[0] == member[0] &&
		    strcmp(set->m[i].group, group) == 0 &&
		    strcmp(set->m[i].member, member) == 0 &&
		    partner_member_on(&set->m[i], date))
			return 1;
	return 0;
}

/*
 * code and the groups it is a member of on date, space-separated: the
 * codes an agreement may name it by (as agreement_names() reads them).
 */
void
partner_names_of(const struct partner_set *set, const char *code,
		 const char *date, char *out, size_t cap)
{
	size_t i, len;

	len = (size_t)snprintf(out, cap, "%s", code);
	for (i = 0; i < set->nm && len < cap; i++)
		if (strcmp(set->m[i].member, code) == 0 &&
		    partner_member_on(&set->m[i], date))
			len += (size_t)snprintf(out + len, cap - len, " %s",
						set->m[i].group);
}

/* Members of group on date, sorted, without duplicates; returns count. */
size_t
partner_members(const struct partner_set *set, const char *group,
		const char *date, char (*out)[PARTNER_CODE_MAX], size_t cap)
{
	size_t i, j, n = 0;

	for (i = 0; i < set->nm; i++) {
		const struct partner_member *m = &set->m[i];

		if (strcmp(m->group, group) != 0 || !partner_member_on(m, date))
			continue;
		for (j = 0; j < n && strcmp(out[j], m->member) != 0; j++)
			;
		if (j < n || n == cap)
			continue;
		for (j = n; j > 0 && strcmp(out[j - 1], m->member) > 0; j--)
			memcpy(out[j], out[j - 1], PARTNER_CODE_MAX);
		snprintf(out[j], PARTNER_CODE_MAX, "%s", m->member);
		n++;
	}
	return n;
}

/* One line of partners.tsv into set. */
static int
partner_load_line(struct partner_set *set, char *line, const char *path,
		  int lineno, struct relto_err *e)
{
	char *f[5] = {NULL, NULL, NULL, NULL, NULL}, *p = line;
	int n = 0, kind;

	while (n < 5 && p != NULL) {
		f[n++] = p;
		p = strchr(p, '\t');
		if (p != NULL)
			*p++ = '\0';
	}
	if (strcmp(f[0], "member") == 0 && n >= 4)
		return partner_set_add_member(set, f[1], f[2], f[3],
					      n == 5 ? f[4] : NULL, e);
	kind = partner_kind_parse(f[0]);
	if (kind != 0 && n == 3)
		return partner_set_add(set, f[1], kind, f[2], NULL, 1, e);
	return err_set(e, RELTO_EINPUT, _("%s:%d: cannot read this line"), path,
		       lineno);
}

int
partner_set_load(struct partner_set *set, const char *path, struct relto_err *e)
{
	char line[512], msg[sizeof e->msg];
	int lineno = 0, rc = RELTO_OK;
	size_t n;
	FILE *f = fopen(path, "r");

	if (f == NULL)
		return err_set(e, RELTO_EIO, _("cannot open %s"), path);
	while (rc == RELTO_OK && fgets(line, sizeof line, f) != NULL) {
		lineno++;
		n = strcspn(line, "\r\n");
		line[n] = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		rc = partner_load_line(set, line, path, lineno, e);
		if (rc != RELTO_OK &&
		    strncmp(e->msg, path, strlen(path)) != 0) {
			snprintf(msg, sizeof msg, "%s", e->msg);
			err_set(e, rc, "%s:%d: %s", path, lineno, msg);
		}
	}
	fclose(f);
	return rc;
}

/*
 * Where a data file is: $RELTO_DATADIR, the installed package data
 * directory, else the source tree (an uninstalled build).
 */
const char *
partner_data_path(const char *file, char *out, size_t cap)
{
	const char *env = getenv("RELTO_DATADIR");

	if (env != NULL && *env != '\0') {
		snprintf(out, cap, "%s/%s", env, file);
		return out;
	}
	snprintf(out, cap, "%s/%s", PKGDATADIR, file);
	if (access(out, R_OK) == 0)
		return out;
	snprintf(out, cap, "%s/%s", SRCDATADIR, file);
	return out;
}

int
partner_set_load_default(struct partner_set *set, struct relto_err *e)
{
	char path[4096];

	return partner_set_load(
	    set, partner_data_path("partners.tsv", path, sizeof path), e);
}
