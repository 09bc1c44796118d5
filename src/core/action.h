/*
 * action.h -- what an officer does with the store, as one call each:
 * ask the release rule about a stored report, record consent, record a
 * decision.  See action.c.
 */
#ifndef RELTO_ACTION_H
#define RELTO_ACTION_H

#include "release.h"
#include "store.h"

/*
 * What every decision on one day shares -- partners, context, all the
 * agreements, the compiled dictionary -- loaded once for many decisions
 * (the workstation's release matrix), or for one (action_release_load).
 */
struct action_env {
	struct partner_set set;
	struct marking_ctx ctx;
	struct agreement *agr;
	size_t nagr;
	struct sanitizer *san;
};

/* Everything release_decide() needs, loaded from the store. */
struct action_release {
	struct marking_ctx ctx; /* ctx.partners: the env's set */
	struct report report;
	struct agreement *agr; /* the env's */
	size_t nagr;
	struct release_consent *consents;
	size_t nconsents;
	struct sanitizer *san; /* the env's */
	struct release_result result;
	struct action_env *own; /* the env loaded for this one, or NULL */
};

int action_env_load(struct store *s, const char *date, struct action_env *env,
		    struct relto_err *e);
void action_env_free(struct action_env *env);
int action_release_env(struct store *s, const struct action_env *env,
		       const char *report, const char *partner,
		       struct action_release *ar, struct relto_err *e);
int action_release_of(struct store *s, const struct action_env *env,
		      const struct report *r, const char *partner,
		      struct action_release *ar, struct relto_err *e);

int action_sanitizer(struct store *s, struct sanitizer **out,
		     struct relto_err *e);
int action_release_load(struct store *s, const char *report,
			const char *partner, const char *date,
			struct action_release *ar, struct relto_err *e);
void action_release_free(struct action_release *ar);
int action_consent(struct store *s, const char *report, const char *partner,
		   const char *by, const char *date, const char *conditions,
		   struct relto_err *e);
int action_agreement_status(struct store *s, const char *id, int status,
			    const char *reason, struct relto_err *e);
int action_decide(struct store *s, const char *report, const char *partner,
		  const char *decision, const char *reason,
		  struct action_release *ar, struct relto_err *e);

#endif
