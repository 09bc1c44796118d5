/*
 * partner.h -- countries, organisations and groups, with dated membership.
 */
#ifndef RELTO_PARTNER_H
#define RELTO_PARTNER_H

#include <stddef.h>

#include "error.h"

#define PARTNER_CODE_MAX 5  /* four letters and a NUL */
#define PARTNER_DATE_LEN 11 /* YYYY-MM-DD and a NUL */

enum partner_kind {
	PARTNER_COUNTRY = 1,
	PARTNER_ORGANISATION = 2,
	PARTNER_GROUP = 3,
};

struct partner {
	char code[PARTNER_CODE_MAX];
	int kind;
	int builtin; /* from partners.tsv, not from the store */
	char *name;
	char *recipient; /* age recipient, or NULL */
};

struct partner_member {
	char group[PARTNER_CODE_MAX];
	char member[PARTNER_CODE_MAX];
	char from[PARTNER_DATE_LEN];  /* first day of membership */
	char until[PARTNER_DATE_LEN]; /* first day without; "" = open */
};

struct partner_set {
	struct partner *v;
	size_t n, cap;
	struct partner_member *m;
	size_t nm, capm;
};

const char *partner_kind_name(int kind);
int partner_kind_parse(const char *s);
int partner_code_valid(const char *code);
int partner_code_fictional(const char *code);

void partner_set_init(struct partner_set *set);
void partner_set_free(struct partner_set *set);
int partner_set_load(struct partner_set *set, const char *path,
		     struct relto_err *e);
int partner_set_load_default(struct partner_set *set, struct relto_err *e);
const char *partner_data_path(const char *file, char *out, size_t cap);
int partner_set_add(struct partner_set *set, const char *code, int kind,
		    const char *name, const char *recipient, int builtin,
		    struct relto_err *e);
int partner_set_recipient(struct partner_set *set, const char *code,
			  const char *recipient);
int partner_set_add_member(struct partner_set *set, const char *group,
			   const char *member, const char *from,
			   const char *until, struct relto_err *e);
const struct partner *partner_find(const struct partner_set *set,
				   const char *code);
int partner_is_member(const struct partner_set *set, const char *group,
		      const char *member, const char *date);
void partner_names_of(const struct partner_set *set, const char *code,
		      const char *date, char *out, size_t cap);
size_t partner_members(const struct partner_set *set, const char *group,
		       const char *date, char (*out)[PARTNER_CODE_MAX],
		       size_t cap);

#endif
