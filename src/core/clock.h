/*
 * clock.h -- the one source of "now" for core, replaceable in tests.
 */
#ifndef RELTO_CLOCK_H
#define RELTO_CLOCK_H

#include <time.h>

#define CLOCK_UTC_LEN 21 /* "YYYY-MM-DDTHH:MM:SSZ" and a NUL */

time_t clock_now(void);
void clock_set_source(time_t (*fn)(void));
void clock_utc(time_t t, char out[CLOCK_UTC_LEN]);

#endif
