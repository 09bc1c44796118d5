/*
 * agreement.c -- sharing agreements: their record, its validation, and
 * the question the release rule asks of each one: does agreement A cover
 * partner P for level L and topics T on date D -- and if not, why not,
 * in words an officer reads ("AGR-2026-014 does not cover SIGINT").
 *
 * An agreement is active on D when its status is active, it is effective
 * on or before D, and it has not expired (Expires is the last day it is
 * in force).  A party may be a group: its members on D are parties then.
 * A party may carry its own ceiling below the agreement's.  Topics are
 * upper-case words; an excluded topic is never covered.  A party whose
 * role is "originator" only provides intelligence and receives nothing.
 *
 * Dates are YYYY-MM-DD strings and compare as strings.
 */
#include "config.h"

#include "agreement.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "marking.h"

static const char *const agreement_types[] = {NULL, "bilateral", "multilateral",
					      "hybrid"};
static const char *const agreement_statuses[] = {
    NULL, "draft", "active", "suspended", "expired", "terminated"};
static const char *const agreement_roles[] = {"both", "originator",
					      "recipient"};

static int
agreement_lookup(const char *const *names, int n, const char *s)
{
	int i;

	for (i = 0; i < n; i++)
		if (names[i] != NULL && strcmp(names[i], s) == 0)
			return i;
	return -1;
}

const char *
agreement_type_name(int type)
{
	return type >= 1 && type <= 3 ? agreement_types[type] : "?";
}

int
agreement_type_parse(const char *s)
{
	return agreement_lookup(agreement_types, 4, s);
}

const char *
agreement_status_name(int status)
{
	return status >= 1 && status <= 5 ? agreement_statuses[status] : "?";
}

int
agreement_status_parse(const char *s)
{
	return agreement_lookup(agreement_statuses, 6, s);
}

const char *
agreement_role_name(int role)
{
	return role >= 0 && role <= 2 ? agreement_roles[role] : "?";
}

int
agreement_role_parse(const char *s)
{
	return agreement_lookup(agreement_roles, 3, s);
}

void
agreement_free(struct agreement *a)
{
	free(a->title);
	free(a->instrument);
	free(a->parties);
	free(a->topics);
	free(a->exclusions);
	free(a->legal_basis);
	free(a->objectives);
	free(a->scope);
	free(a->roles);
	free(a->security);
	free(a->dispute_resolution);
	free(a->notes);
	memset(a, 0, sizeof *a);
}

int
agreement_add_party(struct agreement *a, const char *code, int role,
		    int ceiling)
{
	struct agreement_party *np;

	np = realloc(a->parties, (a->nparties + 1) * sizeof *np);
	if (np == NULL)
		return RELTO_ENOMEM;
	a->parties = np;
	np = &a->parties[a->nparties++];
	snprintf(np->code, sizeof np->code, "%s", code);
	np->role = role;
	np->ceiling = ceiling;
	return RELTO_OK;
}

int
agreement_add_topic(struct agreement *a, const char *topic, int exclusion)
{
	char(*nt)[AGREEMENT_TOPIC_MAX];
	char(**list)[AGREEMENT_TOPIC_MAX] =
	    exclusion ? &a->exclusions : &a->topics;
	size_t *n = exclusion ? &a->nexclusions : &a->ntopics;

	nt = realloc(*list, (*n + 1) * sizeof *nt);
	if (nt == NULL)
		return RELTO_ENOMEM;
	*list = nt;
	snprintf(nt[(*n)++], AGREEMENT_TOPIC_MAX, "%s", topic);
	return RELTO_OK;
}

int
agreement_date_valid(const char *d)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31};
	int y, m, day;
	char tail;

	if (strlen(d) != 10 || d[4] != '-' || d[7] != '-' ||
	    sscanf(d, "%4d-%2d-%2d%c", &y, &m, &day, &tail) != 3)
		return 0;
	if (y < 1900 || m < 1 || m > 12 || day < 1 || day > mdays[m - 1])
		return 0;
	return !(m == 2 && day == 29 &&
		 !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

static int
agreement_fail(struct relto_err *e, const struct agreement *a, const char *what)
{
	return err_set(e, RELTO_EINPUT, _("agreement %s: %s"), a->id, what);
}

static int
agreement_validate_dates(const struct agreement *a, struct relto_err *e)
{
	const char *d[4] = {a->signed_on, a->effective, a->expires, a->review};
	int i;

	for (i = 0; i < 4; i++)
		if (d[i][0] != '\0' && !agreement_date_valid(d[i]))
			return agreement_fail(e, a,
					      _("dates are written "
						"YYYY-MM-DD"));
	if (a->status != AGREEMENT_DRAFT && a->effective[0] == '\0')
		return agreement_fail(e, a,
				      _("an agreement that is not a draft "
					"needs an Effective date"));
	if (a->signed_on[0] && a->effective[0] &&
	    strcmp(a->signed_on, a->effective) > 0)
		return agreement_fail(e, a,
				      _("it takes effect before it was "
					"signed"));
	if (a->effective[0] && a->expires[0] &&
	    strcmp(a->effective, a->expires) > 0)
		return agreement_fail(e, a,
				      _("it expires before it takes effect"));
	return RELTO_OK;
}

int
agreement_validate(const struct agreement *a,
		   const struct partner_set *partners, const char *own,
		   struct relto_err *e)
{
	size_t i, j;

	if (a->id[0] == '\0' || a->title == NULL || a->title[0] == '\0')
		return err_set(e, RELTO_EINPUT,
			       _("an agreement needs an id and a title"));
	if (a->ceiling < MARKING_U || a->ceiling > MARKING_TS)
		return agreement_fail(e, a, _("its ceiling is not a level"));
	if (a->nparties == 0)
		return agreement_fail(e, a, _("it names no party"));
	for (i = 0; i < a->nparties; i++) {
		if (partner_find(partners, a->parties[i].code) == NULL)
			return err_set(e, RELTO_EINPUT,
				       _("agreement %s: party %s is not a "
					 "known partner"),
				       a->id, a->parties[i].code);
		if (strcmp(a->parties[i].code, own) == 0)
			return err_set(e, RELTO_EINPUT,
				       _("agreement %s: the station's own "
					 "country %s is implied, not a "
					 "party"),
				       a->id, own);
		for (j = 0; j < i; j++)
			if (strcmp(a->parties[i].code, a->parties[j].code) == 0)
				return err_set(e, RELTO_EINPUT,
					       _("agreement %s: party %s is "
						 "named twice"),
					       a->id, a->parties[i].code);
	}
	if (a->type == AGREEMENT_BILATERAL && a->nparties != 1)
		return agreement_fail(e, a,
				      _("a bilateral agreement has exactly "
					"one partner party"));
	if (a->ntopics == 0)
		return agreement_fail(e, a, _("it covers no topic"));
	return agreement_validate_dates(a, e);
}

/* Is a in force on date?  If not, why in why. */
int
agreement_active(const struct agreement *a, const char *date, char *why,
		 size_t cap)
{
	if (a->status != AGREEMENT_ACTIVE) {
		snprintf(why, cap, _("%s is %s"), a->id,
			 agreement_status_name(a->status));
		return 0;
	}
	if (a->effective[0] != '\0' && strcmp(date, a->effective) < 0) {
		snprintf(why, cap, _("%s takes effect on %s"), a->id,
			 a->effective);
		return 0;
	}
	if (a->expires[0] != '\0' && strcmp(date, a->expires) > 0) {
		snprintf(why, cap, _("%s expired on %s"), a->id, a->expires);
		return 0;
	}
	return 1;
}

/* The ceiling an entry gives: its own where lower than the agreement's. */
static int
agreement_entry_ceiling(const struct agreement *a,
			const struct agreement_party *p)
{
	return p->ceiling >= 0 && p->ceiling < a->ceiling ? p->ceiling
							  : a->ceiling;
}

/*
 * Does a name code as a receiving party on date?  The code's own entry
 * decides, whatever the groups say: an originator-only entry receives
 * nothing, and its own ceiling holds.  Without one, the code's groups on
 * date decide, and the lowest ceiling among them holds.  *ceiling gets
 * the result.
 */
int
agreement_names(const struct agreement *a, const struct partner_set *partners,
		const char *code, const char *date, int *ceiling)
{
	const struct agreement_party *p;
	int found = 0, c;
	size_t i;

	for (i = 0; i < a->nparties; i++) {
		p = &a->parties[i];
		if (strcmp(p->code, code) != 0)
			continue;
		*ceiling = agreement_entry_ceiling(a, p);
		return p->role != AGREEMENT_ORIGINATOR;
	}
	for (i = 0; i < a->nparties; i++) {
		p = &a->parties[i];
		if (p->role == AGREEMENT_ORIGINATOR ||
		    !partner_is_member(partners, p->code, code, date))
			continue;
		c = agreement_entry_ceiling(a, p);
		if (!found || c < *ceiling)
			*ceiling = c;
		found = 1;
	}
	return found;
}

/* Is code a party of a on date, in any role, directly or by a group? */
int
agreement_party(const struct agreement *a, const struct partner_set *partners,
		const char *code, const char *date)
{
	size_t i;

	for (i = 0; i < a->nparties; i++)
		if (strcmp(a->parties[i].code, code) == 0 ||
		    partner_is_member(partners, a->parties[i].code, code, date))
			return 1;
	return 0;
}

static int
agreement_has(const char (*list)[AGREEMENT_TOPIC_MAX], size_t n,
	      const char *topic)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], topic) == 0)
			return 1;
	return 0;
}

int
agreement_covers(const struct agreement *a, const struct partner_set *partners,
		 const char *partner, int level,
		 const char (*topics)[AGREEMENT_TOPIC_MAX], size_t ntopics,
		 const char *date, char *why, size_t cap)
{
	int ceiling;
	size_t i;

	if (!agreement_names(a, partners, partner, date, &ceiling)) {
		snprintf(why, cap, _("%s does not name %s as a recipient"),
			 a->id, partner);
		return 0;
	}
	if (!agreement_active(a, date, why, cap))
		return 0;
	for (i = 0; i < ntopics; i++) {
		if (agreement_has(a->exclusions, a->nexclusions, topics[i])) {
			snprintf(why, cap, _("%s excludes %s"), a->id,
				 topics[i]);
			return 0;
		}
		if (!agreement_has(a->topics, a->ntopics, topics[i])) {
			snprintf(why, cap, _("%s does not cover %s"), a->id,
				 topics[i]);
			return 0;
		}
	}
	if (level > ceiling) {
		snprintf(why, cap, _("%s has a ceiling of %s for %s, below %s"),
			 a->id, marking_level_name(ceiling), partner,
			 marking_level_name(level));
		return 0;
	}
	return 1;
}

/*
 * An active agreement that expires within AGREEMENT_SOON days of date:
 * the days left (0 on its last day); -1 for any other.  Every front end
 * flags these the same way.
 */
int
agreement_expiring(const struct agreement *a, const char *date)
{
	int days = agreement_days_left(a, date);

	return a->status == AGREEMENT_ACTIVE && days >= 0 &&
		       days <= AGREEMENT_SOON
		   ? days
		   : -1;
}

/* Days from date to the expiry (negative when past); INT_MAX if none. */
int
agreement_days_left(const struct agreement *a, const char *date)
{
	struct tm t1, t2;

	if (a->expires[0] == '\0' || !agreement_date_valid(date))
		return 1 << 30;
	memset(&t1, 0, sizeof t1);
	memset(&t2, 0, sizeof t2);
	sscanf(date, "%d-%d-%d", &t1.tm_year, &t1.tm_mon, &t1.tm_mday);
	sscanf(a->expires, "%d-%d-%d", &t2.tm_year, &t2.tm_mon, &t2.tm_mday);
	t1.tm_year -= 1900;
	t2.tm_year -= 1900;
	t1.tm_mon--;
	t2.tm_mon--;
	return (int)((timegm(&t2) - timegm(&t1)) / 86400);
}

/* Words (topics, exclusions), joined by spaces: "MARITIME LOGISTICS". */
void
agreement_words(const char (*w)[AGREEMENT_TOPIC_MAX], size_t n, char *out,
		size_t cap)
{
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; i < n && len < cap; i++)
		len += (size_t)snprintf(out + len, cap - len, "%s%s",
					i ? " " : "", w[i]);
}

/* The parties' codes, joined by spaces: "GBR XAA". */
void
agreement_party_codes(const struct agreement *a, char *out, size_t cap)
{
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; i < a->nparties && len < cap; i++)
		len += (size_t)snprintf(out + len, cap - len, "%s%s",
					i ? " " : "", a->parties[i].code);
}
