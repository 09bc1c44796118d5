/*
 * vault.h -- the encrypted SQLite store file.  See vault.c.
 */
#ifndef RELTO_VAULT_H
#define RELTO_VAULT_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "keyblock.h"

#define VAULT_PAGE    4096
#define VAULT_RESERVE 32

struct vault;

enum vault_journal {
	VAULT_ROLLBACK = 0, /* rollback journal, truncated after commit */
	VAULT_WAL = 1,      /* write-ahead log */
};

struct vault_report {
	uint64_t pages;        /* pages in the store file */
	uint64_t bad_pages;    /* pages whose tag failed */
	uint32_t first_bad[8]; /* the first few of them */
	int keyblock_ok;       /* every key slot's MAC verifies */
	int length_ok;         /* the file is whole pages after the key block */
	int count_ok;          /* the header's page count matches the file */
};

int vault_create(const char *path, const char *pass, size_t len,
		 const struct keyblock_kdf *kdf,
		 char recovery[KEYBLOCK_RECOVERY_TEXT], struct vault **out,
		 struct relto_err *e);
int vault_open(const char *path, int kind, const char *secret, size_t len,
	       struct vault **out, struct relto_err *e);
int vault_set_journal(struct vault *v, int mode, struct relto_err *e);
sqlite3 *vault_db(struct vault *v);
const char *vault_path(const struct vault *v);
const char *vault_fingerprint(struct vault *v);
int vault_passwd(struct vault *v, const char *pass, size_t len,
		 const struct keyblock_kdf *kdf, struct relto_err *e);
int vault_verify(struct vault *v, struct vault_report *r, struct relto_err *e);
int vault_error(struct vault *v, int sqlite_rc, struct relto_err *e);
void vault_close(struct vault *v);

#endif
