/*
 * agreement.h -- intelligence-sharing agreements and what they cover.
 */
#ifndef RELTO_AGREEMENT_H
#define RELTO_AGREEMENT_H

#include <stddef.h>

#include "error.h"
#include "partner.h"

#define AGREEMENT_ID_MAX    48
#define AGREEMENT_TOPIC_MAX 32

enum agreement_type {
	AGREEMENT_BILATERAL = 1,
	AGREEMENT_MULTILATERAL = 2,
	AGREEMENT_HYBRID = 3,
};

enum agreement_status {
	AGREEMENT_DRAFT = 1,
	AGREEMENT_ACTIVE = 2,
	AGREEMENT_SUSPENDED = 3,
	AGREEMENT_EXPIRED = 4,
	AGREEMENT_TERMINATED = 5,
};

enum agreement_role {
	AGREEMENT_BOTH = 0,
	AGREEMENT_ORIGINATOR = 1,
	AGREEMENT_RECIPIENT = 2,
};

struct agreement_party {
	char code[PARTNER_CODE_MAX];
	int role;    /* enum agreement_role */
	int ceiling; /* a level below the agreement's, or -1 */
};

struct agreement {
	char id[AGREEMENT_ID_MAX];
	char *title, *instrument;
	int type, status, ceiling, third_party_rule;
	char signed_on[PARTNER_DATE_LEN], effective[PARTNER_DATE_LEN],
	    expires[PARTNER_DATE_LEN], review[PARTNER_DATE_LEN];
	struct agreement_party *parties;
	size_t nparties;
	char (*topics)[AGREEMENT_TOPIC_MAX];
	size_t ntopics;
	char (*exclusions)[AGREEMENT_TOPIC_MAX];
	size_t nexclusions;
	/* Prose, shown and dumped, not interpreted. */
	char *legal_basis, *objectives, *scope, *roles, *security,
	    *dispute_resolution, *notes;
};

const char *agreement_type_name(int type);
int agreement_type_parse(const char *s);
const char *agreement_status_name(int status);
int agreement_status_parse(const char *s);
const char *agreement_role_name(int role);
int agreement_role_parse(const char *s);

void agreement_free(struct agreement *a);
int agreement_add_party(struct agreement *a, const char *code, int role,
			int ceiling);
int agreement_add_topic(struct agreement *a, const char *topic, int exclusion);
int agreement_validate(const struct agreement *a,
		       const struct partner_set *partners, const char *own,
		       struct relto_err *e);
int agreement_active(const struct agreement *a, const char *date, char *why,
		     size_t cap);
int agreement_names(const struct agreement *a,
		    const struct partner_set *partners, const char *code,
		    const char *date, int *ceiling);
int agreement_party(const struct agreement *a,
		    const struct partner_set *partners, const char *code,
		    const char *date);
int agreement_covers(const struct agreement *a,
		     const struct partner_set *partners, const char *partner,
		     int level, const char (*topics)[AGREEMENT_TOPIC_MAX],
		     size_t ntopics, const char *date, char *why, size_t cap);
int agreement_date_valid(const char *d);
void agreement_words(const char (*w)[AGREEMENT_TOPIC_MAX], size_t n, char *out,
		     size_t cap);
void agreement_party_codes(const struct agreement *a, char *out, size_t cap);
int agreement_days_left(const struct agreement *a, const char *date);

#define AGREEMENT_SOON 30 /* days: "expiring soon" */
int agreement_expiring(const struct agreement *a, const char *date);

#endif
