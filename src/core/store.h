/*
 * store.h -- the schema of a relto store and the typed queries on it.
 * Only store.c speaks SQL.
 */
#ifndef RELTO_STORE_H
#define RELTO_STORE_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "agreement.h"
#include "error.h"
#include "keyblock.h"
#include "partner.h"
#include "release.h"
#include "report.h"
#include "sanitize.h"
#include "vault.h"

#define STORE_SCHEMA_VERSION 3

struct store;

struct store_info {
	char station[128];
	char country[8];
	char created[32];
	int schema;
	long long partners, agreements, reports, portions, terms, consents,
	    decisions, exports, audit;
};

struct store_audit_row {
	long long seq;
	char at[32];
	const char *actor, *action, *object, *detail;
	const uint8_t *prev, *hash; /* 32 bytes each */
};

typedef int (*store_audit_fn)(const struct store_audit_row *, void *);

int store_create(const char *path, const char *pass, size_t len,
		 const struct keyblock_kdf *kdf, const char *station,
		 const char *country, char recovery[KEYBLOCK_RECOVERY_TEXT],
		 struct store **out, struct relto_err *e);
int store_open(const char *path, int kind, const char *secret, size_t len,
	       struct store **out, struct relto_err *e);
void store_close(struct store *s);
struct vault *store_vault(struct store *s);
sqlite3 *store_db(struct store *s);

int store_cache_limit(struct store *s, int kib, struct relto_err *e);
int store_begin(struct store *s, struct relto_err *e);
int store_commit(struct store *s, struct relto_err *e);
void store_rollback(struct store *s);

int store_setting(struct store *s, const char *key, char *out, size_t cap);
int store_set_setting(struct store *s, const char *key, const char *value,
		      struct relto_err *e);
int store_info(struct store *s, struct store_info *info, struct relto_err *e);
int store_integrity(struct store *s, char *first, size_t cap,
		    struct relto_err *e);

int store_audit_insert(struct store *s, const struct store_audit_row *row,
		       struct relto_err *e);
int store_audit_last(struct store *s, long long *seq, uint8_t hash[32],
		     struct relto_err *e);
int store_audit_each(struct store *s, long long from, store_audit_fn fn,
		     void *arg, struct relto_err *e);

/* ---- the domain ------------------------------------------------------ */

struct store_term {
	const char *term, *action, *replacement, *note;
};

struct store_consent {
	const char *report, *partner, *by, *date, *conditions;
};

typedef int (*store_term_fn)(const struct store_term *, void *);
typedef int (*store_consent_fn)(const struct store_consent *, void *);
typedef int (*store_id_fn)(const char *id, void *);

int store_partner_put(struct store *s, const char *code, int kind,
		      const char *name, const char *recipient,
		      struct relto_err *e);
int store_member_put(struct store *s, const char *group, const char *member,
		     const char *from, const char *until, struct relto_err *e);
int store_partners_load(struct store *s, struct partner_set *set,
			struct relto_err *e);
int store_partner_is_stored(struct store *s, const char *code);

struct store_partner {
	const char *code, *kind, *name, *recipient;
};
struct store_member {
	const char *group, *member, *from, *until;
};
typedef int (*store_partner_fn)(const struct store_partner *, void *);
typedef int (*store_member_fn)(const struct store_member *, void *);
int store_partners_each(struct store *s, store_partner_fn fn, void *arg,
			struct relto_err *e);
int store_members_each(struct store *s, const char *group, store_member_fn fn,
		       void *arg, struct relto_err *e);

int store_agreement_put(struct store *s, const struct agreement *a,
			struct relto_err *e);
int store_agreements_load(struct store *s, struct agreement **v, size_t *n,
			  struct relto_err *e);
int store_agreement_load(struct store *s, const char *id, struct agreement *a,
			 struct relto_err *e);
int store_agreement_exists(struct store *s, const char *id);
int store_agreement_delete(struct store *s, const char *id,
			   struct relto_err *e);
int store_agreement_set_status(struct store *s, const char *id,
			       const char *status, struct relto_err *e);

int store_report_put(struct store *s, const struct report *r,
		     struct relto_err *e);
int store_report_load(struct store *s, const char *id,
		      const struct marking_ctx *ctx, struct report *r,
		      struct relto_err *e);
int store_report_exists(struct store *s, const char *id);
int store_report_replace(struct store *s, const struct report *r,
			 struct relto_err *e);
int store_report_delete(struct store *s, const char *id, struct relto_err *e);
int store_report_exported(struct store *s, const char *id);
int store_reports_each(struct store *s, store_id_fn fn, void *arg,
		       struct relto_err *e);

int store_term_exists(struct store *s, const char *term);
int store_term_put(struct store *s, const struct store_term *t,
		   struct relto_err *e);
int store_terms_each(struct store *s, store_term_fn fn, void *arg,
		     struct relto_err *e);
int store_consent_put(struct store *s, const struct store_consent *c,
		      struct relto_err *e);
int store_consents_each(struct store *s, const char *report,
			store_consent_fn fn, void *arg, struct relto_err *e);
int store_decision_put(struct store *s, const char *report, const char *partner,
		       const char *decision, const char *reason,
		       const char *actor, const char *at, struct relto_err *e);

struct store_export {
	long long id;
	const char *partner, *report, *state, *created, *updated, *bundle,
	    *sha256, *reason;
};
typedef int (*store_export_fn)(const struct store_export *, void *);
int store_export_add(struct store *s, const char *partner, const char *report,
		     const char *now, long long *id, struct relto_err *e);
int store_exports_each(struct store *s, const char *state, store_export_fn fn,
		       void *arg, struct relto_err *e);
int store_export_set(struct store *s, long long id, const char *state,
		     const char *bundle, const char *sha256, const char *reason,
		     const char *now, struct relto_err *e);
int store_bundle_used(struct store *s, const char *name);
int store_export_state(struct store *s, long long id, char *state, size_t cap);

int store_station_key_put(struct store *s, const char *kind, const void *pub,
			  size_t publen, const void *secret, size_t seclen,
			  const char *now, struct relto_err *e);
int store_station_key_get(struct store *s, const char *kind, void *pub,
			  size_t publen, void *secret, size_t seclen,
			  struct relto_err *e);

/* ---- exercises (store-exercise.c) --------------------------------------- */

struct store_exercise {
	char scenario[64], title[256], marking[128], realworld[128];
	int duration;     /* minutes */
	char startex[24]; /* YYYY-MM-DDTHH:MMZ, or "" */
	int speed;
	char sha256[65], source[4096];
	char state[16]; /* scheduled running paused suspended endex */
	char started[24], resumed[24], ended[24]; /* UTC, or "" */
	long long elapsed; /* game seconds before `resumed` */
};

struct store_inject {
	const char *id;
	int seq, at; /* at: minutes from STARTEX */
	const char *sender, *recipient, *method, *delivers, *text, *notes,
	    *expect, *state;
	long long delivered, viewed; /* game seconds, or -1 */
	int fired;
};

struct store_answer {
	const char *report, *partner, *decision, *why;
	int by;                      /* minutes from STARTEX, or -1 */
	int trap, weight, objective; /* objective: 1-based, or -1 / 0 */
};

struct store_event {
	long long seq, game;
	const char *at, *kind, *detail;
};

struct store_decision {
	long long id;
	const char *report, *partner, *decision, *reason, *actor, *at;
};

typedef int (*store_objective_fn)(int seq, const char *text, void *arg);
typedef int (*store_inject_fn)(const struct store_inject *, void *);
typedef int (*store_answer_fn)(const struct store_answer *, void *);
typedef int (*store_event_fn)(const struct store_event *, void *);
typedef int (*store_decision_fn)(const struct store_decision *, void *);

int store_exercise_put(struct store *s, const struct store_exercise *x,
		       struct relto_err *e);
int store_exercise_get(struct store *s, struct store_exercise *x, int *found,
		       struct relto_err *e);
int store_exercise_clock(struct store *s, const struct store_exercise *x,
			 struct relto_err *e);
int store_objective_put(struct store *s, int seq, const char *text,
			struct relto_err *e);
int store_objectives_each(struct store *s, store_objective_fn fn, void *arg,
			  struct relto_err *e);
int store_inject_put(struct store *s, const struct store_inject *in,
		     struct relto_err *e);
int store_injects_each(struct store *s, store_inject_fn fn, void *arg,
		       struct relto_err *e);
int store_inject_set(struct store *s, const char *id, const char *state,
		     long long delivered, int fired, struct relto_err *e);
int store_inject_viewed(struct store *s, const char *id, long long game,
			struct relto_err *e);
int store_answer_put(struct store *s, const struct store_answer *a,
		     struct relto_err *e);
int store_answers_each(struct store *s, store_answer_fn fn, void *arg,
		       struct relto_err *e);
int store_event_add(struct store *s, const char *at, long long game,
		    const char *kind, const char *detail, struct relto_err *e);
int store_events_each(struct store *s, store_event_fn fn, void *arg,
		      struct relto_err *e);
int store_decisions_each(struct store *s, store_decision_fn fn, void *arg,
			 struct relto_err *e);

/* ---- the reports list, paged in SQL (store-list.c) ---- */

enum store_rcol {
	STORE_RCOL_ID,
	STORE_RCOL_TITLE,
	STORE_RCOL_BANNER, /* sorts by level */
	STORE_RCOL_STATUS,
	STORE_RCOL_ORIGINATOR,
	STORE_RCOL_TOPICS,
	STORE_RCOL_N
};

#define STORE_RQ_WORDS 8
#define STORE_RQ_TEXT  256
#define STORE_RQ_ANY   (-1)         /* a word: in any column */
#define STORE_RQ_TOPIC STORE_RCOL_N /* a word: one of the topics, whole */

/* Which reports, in which order: every word must match. */
struct store_rq {
	int sort, rev; /* enum store_rcol; descending */
	int nword;
	struct {
		int col; /* enum store_rcol, STORE_RQ_ANY or STORE_RQ_TOPIC */
		char text[STORE_RQ_TEXT];
	} word[STORE_RQ_WORDS];
};

struct store_rrow {
	const char *id, *title, *banner, *status, *originator, *topics;
	int level; /* enum marking_level, or -1 */
};

typedef int (*store_rrow_fn)(const struct store_rrow *, void *);
typedef int (*store_banner_fn)(const char *banner, int level, void *);

int store_rlist_count(struct store *s, const struct store_rq *q, int *n,
		      struct relto_err *e);
int store_rlist_page(struct store *s, const struct store_rq *q, int off, int n,
		     store_rrow_fn fn, void *arg, struct relto_err *e);
int store_rlist_locate(struct store *s, const struct store_rq *q,
		       const char *id, int *index, struct relto_err *e);
int store_rlist_find(struct store *s, const struct store_rq *q,
		     const char *text, int from, int dir, int *index,
		     struct relto_err *e);
int store_rlist_banners(struct store *s, const struct store_rq *q,
			store_banner_fn fn, void *arg, struct relto_err *e);
int store_rlist_unlisted(struct store *s, store_id_fn fn, void *arg,
			 struct relto_err *e);
int store_rlist_set(struct store *s, const char *id, const char *banner,
		    int level, const char *topics, struct relto_err *e);
int store_rlist_forget(struct store *s, struct relto_err *e);

/* The agreements list, the same way: words on these columns, or on
   STORE_AQ_TOPIC (a topic, whole) or STORE_AQ_PARTNER (a partner's code
   and its groups' codes, space-separated: named by one of them, not as
   originator only). */
enum store_acol {
	STORE_ACOL_ID,
	STORE_ACOL_TITLE,
	STORE_ACOL_TYPE,
	STORE_ACOL_PARTIES,
	STORE_ACOL_CEILING, /* TS S C R U; sorts by rank */
	STORE_ACOL_STATUS,
	STORE_ACOL_EXPIRES,
	STORE_ACOL_N
};

#define STORE_AQ_TOPIC   STORE_ACOL_N
#define STORE_AQ_PARTNER (STORE_ACOL_N + 1)

typedef int (*store_cells_fn)(const char *const *cell, int num, void *);

int store_alist_count(struct store *s, const struct store_rq *q, int *n,
		      struct relto_err *e);
int store_alist_page(struct store *s, const struct store_rq *q, int off, int n,
		     store_cells_fn fn, void *arg, struct relto_err *e);
int store_alist_locate(struct store *s, const struct store_rq *q,
		       const char *id, int *index, struct relto_err *e);
int store_alist_find(struct store *s, const struct store_rq *q,
		     const char *text, int from, int dir, int *index,
		     struct relto_err *e);

#endif
