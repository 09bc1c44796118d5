/*
 * demo.c -- the demonstration station: a store at
 * $XDG_STATE_HOME/relto/demo.relto (else ~/.local/state/relto/demo.relto)
 * with a published passphrase, made on first use from data/demo.rec.
 * The dataset is written as if today were DEMO_REFERENCE_DAY; every date
 * is moved by the days since then when it is imported, so agreements
 * keep expiring "within 30 days" whatever the day.  The demo store is a
 * real store: encrypted, audited, checked like any other.
 */
#include "config.h"

#include "demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "crypto.h"
#include "i18n.h"
#include "import.h"
#include "partner.h"
#include "station.h"

int
demo_path(char *out, size_t cap, struct relto_err *e)
{
	const char *base = getenv("XDG_STATE_HOME");
	char dir[4096];

	if (base != NULL && base[0] == '/')
		snprintf(dir, sizeof dir, "%s/relto", base);
	else if ((base = getenv("HOME")) != NULL && base[0] == '/')
		snprintf(dir, sizeof dir, "%s/.local/state/relto", base);
	else
		return err_set(e, RELTO_EUSAGE,
			       _("neither XDG_STATE_HOME nor HOME is set"));
	if ((size_t)snprintf(out, cap, "%s/demo.relto", dir) >= cap)
		return err_set(e, RELTO_EUSAGE, _("the path is too long"));
	return station_mkdirs(dir, e);
}

static char *
demo_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) &&
	    fread(buf, 1, (size_t)n, f) == (size_t)n) {
		buf[n] = '\0';
		*len = (size_t)n;
	} else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* Make the demo store unless it exists; *created says which. */
int
demo_prepare(const char *path, int *created, struct relto_err *e)
{
	struct import_source src;
	struct records_diags d;
	struct import_counts n;
	struct store *s;
	char data[4096], today[CLOCK_UTC_LEN], first[600], *text;
	int rc;

	*created = 0;
	if (access(path, F_OK) == 0)
		return RELTO_OK;
	partner_data_path("demo.rec", data, sizeof data);
	memset(&src, 0, sizeof src);
	src.name = data;
	src.text = text = demo_read(data, &src.len);
	if (text == NULL)
		return err_set(e, RELTO_EIO, _("cannot read %s"), data);
	clock_utc(clock_now(), today);
	today[10] = '\0';
	src.shift_days = import_days_since(DEMO_REFERENCE_DAY, today);
	rc = station_init(path, DEMO_PASSPHRASE, strlen(DEMO_PASSPHRASE),
			  &keyblock_kdf_default, "DEMO", "USA", first, &s, e);
	if (rc == RELTO_OK) {
		records_diags_init(&d, data);
		rc = import_records(s, &src, 1, &d, &n, e);
		if (rc != RELTO_OK && d.n > 0) {
			records_diag_format(&d, 0, first, sizeof first);
			err_set(e, rc, "%s", first);
		}
		records_diags_free(&d);
		store_close(s);
		if (rc != RELTO_OK)
			remove(path);
	}
	crypto_wipe(first, sizeof first);
	free(text);
	*created = rc == RELTO_OK;
	return rc;
}
