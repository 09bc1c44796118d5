/*
 * store.h -- the schema of a relto store and the typed queries on it.
 * Only store.c speaks SQL.
 */
#ifndef RELTO_STORE_H
#define RELTO_STORE_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "keyblock.h"
#include "vault.h"

#define STORE_SCHEMA_VERSION 1

struct store;

struct store_info {
	char station[128];
	char country[8];
	char created[32];
	int schema;
	long long partners, agreements, reports, portions, terms, consents,
	    decisions, exports, audit;
};

struct store_audit_row {
	long long seq;
	char at[32];
	const char *actor, *action, *object, *detail;
	const uint8_t *prev, *hash; /* 32 bytes each */
};

typedef int (*store_audit_fn)(const struct store_audit_row *, void *);

int store_create(const char *path, const char *pass, size_t len,
		 const struct keyblock_kdf *kdf, const char *station,
		 const char *country, char recovery[KEYBLOCK_RECOVERY_TEXT],
		 struct store **out, struct relto_err *e);
int store_open(const char *path, int kind, const char *secret, size_t len,
	       struct store **out, struct relto_err *e);
void store_close(struct store *s);
struct vault *store_vault(struct store *s);
sqlite3 *store_db(struct store *s);

int store_begin(struct store *s, struct relto_err *e);
int store_commit(struct store *s, struct relto_err *e);
void store_rollback(struct store *s);

int store_setting(struct store *s, const char *key, char *out, size_t cap);
int store_set_setting(struct store *s, const char *key, const char *value,
		      struct relto_err *e);
int store_info(struct store *s, struct store_info *info, struct relto_err *e);
int store_integrity(struct store *s, char *first, size_t cap,
		    struct relto_err *e);

int store_audit_insert(struct store *s, const struct store_audit_row *row,
		       struct relto_err *e);
int store_audit_last(struct store *s, long long *seq, uint8_t hash[32],
		     struct relto_err *e);
int store_audit_each(struct store *s, long long from, store_audit_fn fn,
		     void *arg, struct relto_err *e);

#endif
