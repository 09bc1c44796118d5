/*
 * station.h -- a station: its store, its name and country, where it lives.
 */
#ifndef RELTO_STATION_H
#define RELTO_STATION_H

#include <stddef.h>

#include "error.h"
#include "keyblock.h"
#include "store.h"

#define STATION_NAME_MAX 16
#define STATION_PASS_MIN 8

int station_mkdirs(char *dir, struct relto_err *e);
int station_default_path(char *out, size_t cap, struct relto_err *e);
int station_check_name(const char *name, char *canon, size_t cap,
		       struct relto_err *e);
int station_check_country(const char *code, char canon[4], struct relto_err *e);
int station_check_passphrase(const char *pass, size_t len, struct relto_err *e);
int station_init(const char *path, const char *pass, size_t len,
		 const struct keyblock_kdf *kdf, const char *name,
		 const char *country, char recovery[KEYBLOCK_RECOVERY_TEXT],
		 struct store **out, struct relto_err *e);
int station_open(const char *path, int kind, const char *secret, size_t len,
		 struct store **out, struct relto_err *e);
int station_passwd(struct store *s, const char *pass, size_t len,
		   const struct keyblock_kdf *kdf, int recovered,
		   struct relto_err *e);

#endif
