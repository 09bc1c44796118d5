/*
 * scenario.h -- exercise scenarios: records files with Scenario, Inject
 * and Answer records.  See scenario.c.
 */
#ifndef RELTO_SCENARIO_H
#define RELTO_SCENARIO_H

#include <stddef.h>

#include "import.h"
#include "keyblock.h"
#include "records.h"
#include "store.h"

#define SCENARIO_SHA256_HEX     65
#define SCENARIO_OBJECTIVES_MAX 32

void scenario_sha256(const char *text, size_t len,
		     char out[SCENARIO_SHA256_HEX]);
int scenario_check(const struct import_source *src, struct records_diags *d,
		   struct relto_err *e);
int scenario_import(struct store *s, const struct import_source *src,
		    const char *path, struct records_diags *d,
		    struct import_counts *counts, struct relto_err *e);
int scenario_parse_offset(const char *v, int plus);
int scenario_build(const char *path, const char *pass, size_t len,
		   const struct keyblock_kdf *kdf, const char *station,
		   const struct import_source *src, const char *source,
		   struct records_diags *d, struct import_counts *counts,
		   char recovery[KEYBLOCK_RECOVERY_TEXT], struct relto_err *e);
int scenario_reset(struct store *s, const char *path, const char *pass,
		   size_t len, const struct keyblock_kdf *kdf,
		   const struct import_source *src, struct records_diags *d,
		   struct import_counts *counts,
		   char recovery[KEYBLOCK_RECOVERY_TEXT], struct relto_err *e);

#endif
