/*
 * audit.h -- the hash-chained audit log.  See audit.c.
 */
#ifndef RELTO_AUDIT_H
#define RELTO_AUDIT_H

#include "error.h"
#include "store.h"

const char *audit_actor(void);
int audit_append(struct store *s, const char *action, const char *object,
		 const char *detail, struct relto_err *e);
int audit_verify(struct store *s, long long *entries, struct relto_err *e);
void audit_hash(const uint8_t prev[32], const struct store_audit_row *row,
		uint8_t out[32]);

#endif
