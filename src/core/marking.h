/*
 * marking.h -- classification and release markings: parse, validate,
 * canonicalize, roll up.  See marking.c and shared/domain/markings.md.
 */
#ifndef RELTO_MARKING_H
#define RELTO_MARKING_H

#include <stddef.h>

#include "error.h"
#include "partner.h"

#define MARKING_MAX_CODES 64
#define MARKING_TEXT_MAX  512

/* One ordered scale for both ladders: NATO levels map onto it. */
enum marking_level {
	MARKING_U = 0,  /* UNCLASSIFIED, NATO UNCLASSIFIED */
	MARKING_R = 1,  /* NATO RESTRICTED */
	MARKING_C = 2,  /* CONFIDENTIAL, NATO CONFIDENTIAL */
	MARKING_S = 3,  /* SECRET, NATO SECRET */
	MARKING_TS = 4, /* TOP SECRET, COSMIC TOP SECRET */
};

enum marking_flag {
	MARKING_FOUO = 1 << 0,
	MARKING_ORCON = 1 << 1,
	MARKING_NOFORN = 1 << 2,
	MARKING_RELTO = 1 << 3,
	MARKING_RELIDO = 1 << 4,
	MARKING_DISPLAY = 1 << 5, /* DISPLAY ONLY */
	MARKING_FGI = 1 << 6,
	MARKING_NATO = 1 << 7, /* the NATO ladder, //NS etc. */
	MARKING_TLP = 1 << 8, /* a TLP 2.0 label rather than a classification */
};

enum marking_tlp {
	MARKING_TLP_CLEAR = 0,
	MARKING_TLP_GREEN = 1,
	MARKING_TLP_AMBER = 2,
	MARKING_TLP_AMBER_STRICT = 3,
	MARKING_TLP_RED = 4,
};

struct marking_codes {
	size_t n;
	char code[MARKING_MAX_CODES][PARTNER_CODE_MAX];
};

struct marking {
	int level;                    /* enum marking_level */
	unsigned flags;               /* enum marking_flag */
	int tlp;                      /* enum marking_tlp, when MARKING_TLP */
	struct marking_codes fgi;     /* FGI source countries, may be empty */
	struct marking_codes relto;   /* REL TO list, own country first */
	struct marking_codes display; /* DISPLAY ONLY list */
};

/* What a marking is interpreted against. */
struct marking_ctx {
	char own[PARTNER_CODE_MAX];         /* the station's country */
	char date[PARTNER_DATE_LEN];        /* group membership date */
	const struct partner_set *partners; /* known codes and groups */
};

enum marking_form {
	MARKING_BANNER = 0,  /* SECRET//REL TO USA, GBR */
	MARKING_PORTION = 1, /* (S//REL TO USA, GBR) */
	MARKING_ANY = 2,     /* parse: accept either */
};

int marking_parse(const char *text, int form, const struct marking_ctx *ctx,
		  struct marking *m, struct relto_err *e);
int marking_check(const char *text, int form, const struct marking_ctx *ctx,
		  char *canon, size_t cap, struct relto_err *e);
int marking_format(const struct marking *m, int form, char *out, size_t cap);
int marking_rollup(const struct marking *portions, size_t n,
		   const struct marking_ctx *ctx, struct marking *banner);
/* marking_rollup() saying why it failed (TLP mixed with classification). */
int marking_rollup_err(const struct marking *portions, size_t n,
		       const struct marking_ctx *ctx, struct marking *banner,
		       struct relto_err *e);
/*
 * Who m lets in, sorted A-Z, own country included.  Returns 1 when m
 * does not restrict the audience at all (national UNCLASSIFIED with no
 * control but FOUO or ORCON; TLP:CLEAR, TLP:GREEN), 0 when out is the
 * whole audience, -1 when the audience is larger than MARKING_MAX_CODES
 * (out then holds the own country only).
 */
int marking_audience(const struct marking *m, const struct marking_ctx *ctx,
		     struct marking_codes *out);
int marking_level_parse(const char *s);
const char *marking_level_name(int level);
const char *marking_level_abbrev(int level);
/* Same level, flags, label and lists (as parse and roll-up produce them). */
int marking_equal(const struct marking *a, const struct marking *b);

#endif
