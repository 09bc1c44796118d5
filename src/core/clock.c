/*
 * clock.c -- wall-clock time for audit entries, decisions and dates.
 * Everything in core asks clock_now(), so a test (or an exercise clock)
 * can substitute its own source and get deterministic results.
 */
#include "config.h"

#include "clock.h"

#include <stdio.h>

static time_t (*clock_source)(void);

time_t
clock_now(void)
{
	return clock_source != NULL ? clock_source() : time(NULL);
}

void
clock_set_source(time_t (*fn)(void))
{
	clock_source = fn;
}

void
clock_utc(time_t t, char out[CLOCK_UTC_LEN])
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, CLOCK_UTC_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, CLOCK_UTC_LEN, "%s", "0000-00-00T00:00:00Z");
}
