/*
 * station.c -- setting up a station and changing how it is unlocked.
 *
 * A station is named (upper-case letters, digits and '-', at most 16, as
 * it appears in bundle file names on FAT media) and belongs to one
 * country (an ISO 3166-1 alpha-3 code, the "own country" of every
 * marking).  Its store lives at --db, else $RELTO_DB, else
 * $XDG_DATA_HOME/relto/station.relto, else
 * ~/.local/share/relto/station.relto; the directory is created 0700.
 * Every change made here is audited.
 */
#include "config.h"

#include "station.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audit.h"
#include "exercise.h"
#include "i18n.h"
#include "keys.h"
#include "text.h"

/* mkdir -p with mode 0700 for each directory it creates. */
int
station_mkdirs(char *dir, struct relto_err *e)
{
	char *p;

	for (p = dir + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			return err_set(e, RELTO_EIO, _("cannot create %s: %s"),
				       dir, strerror(errno));
		*p = '/';
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return err_set(e, RELTO_EIO, _("cannot create %s: %s"), dir,
			       strerror(errno));
	return RELTO_OK;
}

int
station_default_path(char *out, size_t cap, struct relto_err *e)
{
	const char *env = getenv("RELTO_DB"), *base;
	char dir[4096];
	int n;

	if (env != NULL && *env != '\0') {
		snprintf(out, cap, "%s", env);
		return RELTO_OK;
	}
	base = getenv("XDG_DATA_HOME");
	if (base != NULL && base[0] == '/')
		n = snprintf(dir, sizeof dir, "%s/relto", base);
	else if ((base = getenv("HOME")) != NULL && base[0] == '/')
		n = snprintf(dir, sizeof dir, "%s/.local/share/relto", base);
	else
		return err_set(e, RELTO_EUSAGE,
			       _("neither XDG_DATA_HOME nor HOME is set; "
				 "name the store with --db PATH"));
	if (n < 0 || (size_t)n >= sizeof dir ||
	    (size_t)snprintf(out, cap, "%s/station.relto", dir) >= cap)
		return err_set(e, RELTO_EUSAGE,
			       _("the store path is too long"));
	return station_mkdirs(dir, e);
}

int
station_check_name(const char *name, char *canon, size_t cap,
		   struct relto_err *e)
{
	size_t i, n = strlen(name);
	char c;

	if (n == 0 || n > STATION_NAME_MAX || n >= cap)
		return err_set(e, RELTO_EUSAGE,
			       _("a station name has 1 to %d characters"),
			       STATION_NAME_MAX);
	for (i = 0; i < n; i++) {
		c = name[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      (c == '-' && i > 0 && i + 1 < n)))
			return err_set(e, RELTO_EUSAGE,
				       _("a station name uses only letters "
					 "A-Z, digits and inner '-' (it "
					 "appears in file names on removable "
					 "media)"));
		canon[i] = c;
	}
	canon[n] = '\0';
	return RELTO_OK;
}

int
station_check_country(const char *code, char canon[4], struct relto_err *e)
{
	size_t i;

	if (strlen(code) != 3)
		return err_set(e, RELTO_EUSAGE,
			       _("a country is an ISO 3166-1 alpha-3 code such "
				 "as USA or FRA"));
	for (i = 0; i < 3; i++) {
		char c = code[i];

		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c < 'A' || c > 'Z')
			return err_set(e, RELTO_EUSAGE,
				       _("a country is an ISO 3166-1 alpha-3 "
					 "code such as USA or FRA"));
		canon[i] = c;
	}
	canon[3] = '\0';
	return RELTO_OK;
}

int
station_check_passphrase(const char *pass, size_t len, struct relto_err *e)
{
	size_t chars = 0, at = 0;
	uint32_t cp;

	while (at < len) {
		at += text_decode(pass + at, len - at, &cp);
		chars++;
	}
	if (chars < STATION_PASS_MIN)
		return err_set(e, RELTO_EUSAGE,
			       _("a passphrase needs at least %d characters"),
			       STATION_PASS_MIN);
	return RELTO_OK;
}

int
station_init(const char *path, const char *pass, size_t len,
	     const struct keyblock_kdf *kdf, const char *name,
	     const char *country, char recovery[KEYBLOCK_RECOVERY_TEXT],
	     struct store **out, struct relto_err *e)
{
	char station[STATION_NAME_MAX + 1], cc[4], detail[96];
	struct store *s;

	if (station_check_name(name, station, sizeof station, e) != RELTO_OK ||
	    station_check_country(country, cc, e) != RELTO_OK ||
	    station_check_passphrase(pass, len, e) != RELTO_OK)
		return e->code;
	if (store_create(path, pass, len, kdf, station, cc, recovery, &s, e) !=
	    RELTO_OK)
		return e->code;
	snprintf(detail, sizeof detail, "country %s", cc);
	if (store_begin(s, e) != RELTO_OK ||
	    audit_append(s, "init", station, detail, e) != RELTO_OK ||
	    store_commit(s, e) != RELTO_OK || keys_ensure(s, e) != RELTO_OK) {
		store_close(s);
		remove(path);
		return e->code;
	}
	*out = s;
	return RELTO_OK;
}

/*
 * Open a station's store; a store made before station keys existed gets
 * them now (the one migration that cannot be written in SQL).
 */
int
station_open(const char *path, int kind, const char *secret, size_t len,
	     struct store **out, struct relto_err *e)
{
	struct store *s;

	if (store_open(path, kind, secret, len, &s, e) != RELTO_OK)
		return e->code;
	if (keys_ensure(s, e) != RELTO_OK ||
	    exercise_attach(s, e) != RELTO_OK) {
		store_close(s);
		return e->code;
	}
	*out = s;
	return RELTO_OK;
}

int
station_passwd(struct store *s, const char *pass, size_t len,
	       const struct keyblock_kdf *kdf, int recovered,
	       struct relto_err *e)
{
	if (station_check_passphrase(pass, len, e) != RELTO_OK)
		return e->code;
	if (vault_passwd(store_vault(s), pass, len, kdf, e) != RELTO_OK)
		return e->code;
	/* The key block is already durable; record that it changed. */
	if (store_begin(s, e) != RELTO_OK)
		return e->code;
	if (audit_append(s, recovered ? "recover" : "passwd", "store",
			 recovered ? "passphrase reset with the recovery key"
				   : "passphrase changed",
			 e) != RELTO_OK) {
		store_rollback(s);
		return e->code;
	}
	return store_commit(s, e);
}
