/*
 * bundle-test.c -- the size a bundle will have, as the queue asks before
 * writing: never less than what the archive and age add to the reports,
 * and over FAT's 4 GiB - 1 exactly when the reports are that large, so
 * such a batch is refused before a byte reaches the medium (queue.c).
 * The reports here are lengths only: nothing of that size is allocated.
 */
#include "config.h"

#include <string.h>

#include "age.h"
#include "bundle.h"
#include "tap.h"

int
main(void)
{
	static const char small[] = "(U) Calm.\n";
	struct bundle_report r[3];
	struct bundle_params p;
	uint64_t est;

	plan(5);
	memset(&p, 0, sizeof p);
	memset(r, 0, sizeof r);
	r[0].id = r[1].id = r[2].id = "R-1";
	r[0].view = r[1].view = r[2].view = small;
	r[0].len = sizeof small - 1;
	p.reports = r;
	p.nreports = 1;
	est = bundle_estimate(&p);
	ok(est > r[0].len + 512 + AGE_TAG_LEN,
	   "a small bundle's estimate covers its tar headers and age's tags");
	ok(est < BUNDLE_MAX_BYTES, "... and is far under 4 GiB");
	r[0].len = 2000000000;
	r[1].len = 2000000000;
	p.nreports = 2;
	ok(bundle_estimate(&p) < BUNDLE_MAX_BYTES,
	   "two reports of 2 GB still fit in a FAT file");
	r[2].len = 300000000;
	p.nreports = 3;
	ok(bundle_estimate(&p) > BUNDLE_MAX_BYTES,
	   "a third of 300 MB does not: the queue refuses the batch");
	r[2].len = BUNDLE_MAX_BYTES - 4000000000ULL;
	ok(bundle_estimate(&p) > BUNDLE_MAX_BYTES,
	   "reports adding up to exactly 4 GiB - 1 are refused too: the "
	   "archive and age add to them");
	return exit_status();
}
