/*
 * tap.c -- implementation of tap.h.  Counts tests, prints TAP 13 lines,
 * and remembers whether any check failed so exit_status() can say so.
 */
#include "tap.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_run;
static int tap_failed;
static int tap_planned = -1;

void
plan(int n)
{
	tap_planned = n;
	printf("1..%d\n", n);
	fflush(stdout);
}

void
skip_all(const char *why)
{
	printf("1..0 # SKIP %s\n", why);
	fflush(stdout);
	exit(0);
}

static int
tap_report(int cond, const char *file, int line, const char *fmt, va_list ap)
{
	tap_run++;
	printf("%sok %d - ", cond ? "" : "not ", tap_run);
	vprintf(fmt, ap);
	printf("\n");
	if (!cond) {
		tap_failed++;
		printf("#   Failed at %s line %d\n", file, line);
	}
	fflush(stdout);
	return cond;
}

int
ok_at(int cond, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_report(cond, file, line, fmt, ap);
	va_end(ap);
	return cond;
}

int
is_at(const char *got, const char *want, const char *file, int line,
      const char *fmt, ...)
{
	va_list ap;
	int cond;

	cond =
	    got != NULL && want != NULL ? strcmp(got, want) == 0 : got == want;
	va_start(ap, fmt);
	tap_report(cond, file, line, fmt, ap);
	va_end(ap);
	if (!cond) {
		printf("#        got: '%s'\n", got ? got : "(null)");
		printf("#   expected: '%s'\n", want ? want : "(null)");
	}
	return cond;
}

int
is_int_at(long long got, long long want, const char *file, int line,
	  const char *fmt, ...)
{
	va_list ap;
	int cond = got == want;

	va_start(ap, fmt);
	tap_report(cond, file, line, fmt, ap);
	va_end(ap);
	if (!cond)
		printf("#        got: %lld\n#   expected: %lld\n", got, want);
	return cond;
}

static void
tap_hexdump(const char *label, const unsigned char *p, size_t n)
{
	size_t i;

	printf("#   %s:", label);
	for (i = 0; i < n && i < 64; i++)
		printf("%02x", p[i]);
	printf("%s\n", n > 64 ? "..." : "");
}

int
cmp_mem_at(const void *got, const void *want, size_t n, const char *file,
	   int line, const char *fmt, ...)
{
	va_list ap;
	int cond = got != NULL && want != NULL && memcmp(got, want, n) == 0;

	va_start(ap, fmt);
	tap_report(cond, file, line, fmt, ap);
	va_end(ap);
	if (!cond && got != NULL && want != NULL) {
		tap_hexdump("     got", got, n);
		tap_hexdump("expected", want, n);
	}
	return cond;
}

void
skip(const char *why)
{
	tap_run++;
	printf("ok %d # SKIP %s\n", tap_run, why);
	fflush(stdout);
}

void
diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

void
done_testing(void)
{
	if (tap_planned < 0) {
		printf("1..%d\n", tap_run);
		tap_planned = tap_run;
	}
	fflush(stdout);
}

int
exit_status(void)
{
	done_testing();
	if (tap_run != tap_planned) {
		printf("# planned %d tests but ran %d\n", tap_planned, tap_run);
		return 1;
	}
	return tap_failed ? 1 : 0;
}

long
tap_unhex(const char *hex, unsigned char *out, size_t cap)
{
	size_t n = 0;
	unsigned v;

	while (hex[0] != '\0') {
		if (hex[1] == '\0' || n == cap || sscanf(hex, "%2x", &v) != 1)
			return -1;
		out[n++] = (unsigned char)v;
		hex += 2;
	}
	return (long)n;
}
