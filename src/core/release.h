/*
 * release.h -- the release rule: the one place that decides what a
 * partner may receive.  See release.c.
 */
#ifndef RELTO_RELEASE_H
#define RELTO_RELEASE_H

#include <stddef.h>

#include "agreement.h"
#include "error.h"
#include "marking.h"
#include "report.h"
#include "sanitize.h"

#define RELEASE_MAX_REASONS 8
#define RELEASE_REASON_LEN  240

enum release_verdict {
	RELEASE_AS_IS = 0,
	RELEASE_SANITIZED = 1,
	RELEASE_WITHHELD = 2,
};

/* A consent record: the originator agreed, on date, to release to partner. */
struct release_consent {
	char partner[PARTNER_CODE_MAX];
	char date[PARTNER_DATE_LEN];
};

struct release_input {
	const struct report *report;
	const char *partner;           /* who would receive */
	const struct marking_ctx *ctx; /* own country, date, partners */
	const struct agreement *agreements;
	size_t nagreements;
	const struct release_consent *consents; /* for this report */
	size_t nconsents;
	const struct sanitizer *sanitizer; /* NULL: no recognizers */
};

struct release_portion {
	size_t index; /* into report->p */
	int verdict;
	size_t nreasons;
	char reasons[RELEASE_MAX_REASONS][RELEASE_REASON_LEN];
	char agreement[AGREEMENT_ID_MAX]; /* the covering one, if any */
	struct sanitize_hits hits;        /* in the original body */
	char *text; /* what the partner receives, when released */
};

struct release_result {
	struct release_portion *p; /* one per portion, tearlines skipped */
	size_t n;
	size_t nreleased;
	struct marking banner; /* rolled up from the released portions */
	char *view;            /* the partner view; NULL if nothing goes */
};

int release_decide(const struct release_input *in, struct release_result *out,
		   struct relto_err *e);
void release_result_free(struct release_result *r);
const char *release_verdict_name(int verdict);
int release_summary(const struct release_result *r);

#endif
