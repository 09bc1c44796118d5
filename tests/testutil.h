/*
 * testutil.h -- small helpers shared by relto's unit tests: whole-file
 * reads, byte searches, a cheap KDF so tests stay fast, and a seeded
 * random number generator.
 */
#ifndef RELTO_TESTUTIL_H
#define RELTO_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "keyblock.h"

extern const struct keyblock_kdf test_kdf;

unsigned char *test_slurp(const char *path, size_t *n);
int test_file_has(const char *path, const char *needle);
void test_mkdir(const char *dir);
unsigned test_rnd(uint64_t *state, unsigned n);

#endif
