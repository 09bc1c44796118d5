/*
 * testutil.c -- see testutil.h.
 */
#include "config.h"

#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Argon2id at its cheapest: tests exercise the code, not the cost. */
const struct keyblock_kdf test_kdf = {1, 64, 1};

unsigned char *
test_slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	long len;

	*n = 0;
	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)len + 1)) != NULL)
		*n = fread(buf, 1, (size_t)len, f);
	fclose(f);
	return buf;
}

int
test_file_has(const char *path, const char *needle)
{
	size_t n, k = strlen(needle), i;
	unsigned char *buf = test_slurp(path, &n);
	int found = 0;

	for (i = 0; buf != NULL && i + k <= n && !found; i++)
		found = memcmp(buf + i, needle, k) == 0;
	free(buf);
	return found;
}

/* mkdir -p for the test's scratch directory under the build tree. */
void
test_mkdir(const char *dir)
{
	char buf[512], *p;

	snprintf(buf, sizeof buf, "%s", dir);
	for (p = buf + 1; *p != '\0'; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(buf, 0700);
			*p = '/';
		}
	mkdir(buf, 0700);
}

/* xorshift64*: 0 to n - 1, the same sequence on every platform. */
unsigned
test_rnd(uint64_t *state, unsigned n)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return (unsigned)((*state * 0x2545f4914f6cdd1du) >> 33) % n;
}
