/*
 * report.h -- reports and their portions; portion-marked text.
 */
#ifndef RELTO_REPORT_H
#define RELTO_REPORT_H

#include <stddef.h>

#include "agreement.h"
#include "error.h"
#include "marking.h"

#define REPORT_ID_MAX   48
#define REPORT_TEARLINE "----- TEARLINE -----"

enum report_portion_kind {
	REPORT_PORTION = 0,
	REPORT_TEARLINE_KIND = 1,
};

struct report_portion {
	int kind;
	struct marking m;
	char *body; /* the text after the marking, without it */
	int line;   /* offset in lines from the start of the text */
};

struct report {
	char id[REPORT_ID_MAX];
	char *title;
	char originator[PARTNER_CODE_MAX];
	char date[PARTNER_DATE_LEN];
	char status[16];
	char (*topics)[AGREEMENT_TOPIC_MAX];
	size_t ntopics;
	struct report_portion *p;
	size_t n;
};

/* A problem in portion-marked text, with its place. */
struct report_problem {
	int line, col;
	char msg[520];
};

void report_free(struct report *r);
int report_add_topic(struct report *r, const char *topic);
int report_add_portion(struct report *r, int kind, const struct marking *m,
		       const char *body);
int report_parse_text(struct report *r, const char *text,
		      const struct marking_ctx *ctx,
		      struct report_problem *problems, size_t cap,
		      size_t *nproblems);
int report_parse_received(struct report *r, const char *text,
			  const struct marking_ctx *ctx,
			  struct report_problem *problems, size_t cap,
			  size_t *nproblems);
char *report_format_text(const struct report *r);
int report_copy(struct report *dst, const struct report *src);
int report_has_tearline(const struct report *r);
int report_banner(const struct report *r, const struct marking_ctx *ctx,
		  struct marking *banner);
void report_banner_highest(const struct report *r, struct marking *m);

#endif
