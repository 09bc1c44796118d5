/*
 * store-int.h -- what store.c shares with store-exercise.c and
 * store-list.c, and no one else: the store's handle and the statement
 * helpers.
 */
#ifndef RELTO_STORE_INT_H
#define RELTO_STORE_INT_H

#include <sqlite3.h>

#include "error.h"
#include "vault.h"

struct store {
	struct vault *v;
	sqlite3 *db;
};

int store_fail(struct store *s, int rc, struct relto_err *e);
const char *store_text(sqlite3_stmt *st, int col);
void store_copy(sqlite3_stmt *st, int col, char *out, size_t cap);
int store_done(struct store *s, sqlite3_stmt *st, int rc, struct relto_err *e);
int store_run(struct store *s, const char *sql, int n, const char *const *args,
	      struct relto_err *e);
int store_rows(struct store *s, const char *sql,
	       int (*row)(sqlite3_stmt *, void *), void *arg,
	       struct relto_err *e);
int store_list_register(sqlite3 *db);
int store_ids(struct store *s, const char *sql,
	      int (*fn)(const char *id, void *), void *arg,
	      struct relto_err *e);

#endif
