/*
 * tap.h -- a small Test Anything Protocol helper for relto's unit tests.
 *
 * Each test program calls plan() (or done_testing() at the end), then any
 * number of ok/is/cmp_mem checks, and returns exit_status().  Diagnostics
 * go to stdout prefixed with "# " so automake's tap-driver.sh records them.
 * Nothing here is clever on purpose: a test must fail loudly when it fails.
 */
#ifndef RELTO_TAP_H
#define RELTO_TAP_H

#include <stddef.h>

void plan(int n);
void skip_all(const char *why);
int ok_at(int cond, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int is_at(const char *got, const char *want, const char *file, int line,
	  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
int is_int_at(long long got, long long want, const char *file, int line,
	      const char *fmt, ...) __attribute__((format(printf, 5, 6)));
int cmp_mem_at(const void *got, const void *want, size_t n, const char *file,
	       int line, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
void skip(const char *why);
void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void done_testing(void);
int exit_status(void);

/* Parse hex into out; returns the byte count or -1 on bad input. */
long tap_unhex(const char *hex, unsigned char *out, size_t cap);

#define ok(cond, ...)      ok_at(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is(got, want, ...) is_at((got), (want), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...)                                                 \
	is_int_at((got), (want), __FILE__, __LINE__, __VA_ARGS__)
#define cmp_mem(got, want, n, ...)                                             \
	cmp_mem_at((got), (want), (n), __FILE__, __LINE__, __VA_ARGS__)

#endif
