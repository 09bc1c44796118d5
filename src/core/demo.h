/*
 * demo.h -- the demonstration station.  See demo.c.
 */
#ifndef RELTO_DEMO_H
#define RELTO_DEMO_H

#include <stddef.h>

#include "error.h"

/* Printed in the README and relto(1): the demo holds nothing secret. */
#define DEMO_PASSPHRASE    "relto demo station"
#define DEMO_REFERENCE_DAY "2026-01-01"

int demo_path(char *out, size_t cap, struct relto_err *e);
int demo_prepare(const char *path, int *created, struct relto_err *e);

#endif
