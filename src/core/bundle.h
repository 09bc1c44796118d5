/*
 * bundle.h -- one export bundle for one partner.  See bundle.c.
 */
#ifndef RELTO_BUNDLE_H
#define RELTO_BUNDLE_H

#include <stddef.h>
#include <time.h>

#include "age.h"
#include "error.h"
#include "keys.h"

#define BUNDLE_FORMAT    1
#define BUNDLE_MAX_BYTES 4294967295ULL /* FAT's largest file */

struct bundle_report {
	const char *id;
	const char *topics; /* space-separated, for the manifest */
	const char *view;   /* the partner view: release.c's, byte for byte */
	size_t len;
};

struct bundle_params {
	const char *id;      /* STATION-PARTNER-YYYYMMDD-SEQ */
	const char *station; /* name */
	const char *country; /* the station's own */
	const char *partner;
	const char *recipient;  /* the partner's age1... */
	const char *agreements; /* the ones that covered, space-separated */
	const char *banner;     /* rolled up over every report */
	time_t when;
	const char *exercise; /* the exercise marking, or NULL when live */
	const struct bundle_report *reports;
	size_t nreports;
	const struct keys *keys;
};

uint64_t bundle_estimate(const struct bundle_params *p);
int bundle_write(const struct bundle_params *p, age_write_fn out, void *arg,
		 char **minisig, size_t *minisig_len, struct relto_err *e);
int bundle_readme(const struct bundle_params *p, char **out, size_t *len);

#endif
