/*
 * cmd-keys.c -- relto keys show | export-public DIR, and
 * relto partner set-key CODE RECIPIENT (in cmd-show.c's partner family).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "keys.h"
#include "media.h"
#include "store.h"

/* The station's keys, out of the store (which is closed again). */
static int
keys_get(struct cli *c, struct keys *k, struct store_exercise *x, int *exercise,
	 struct relto_err *e)
{
	struct store *s;
	int rc;

	if ((rc = cli_open(c, &s)) != 0)
		return rc;
	err_clear(e);
	rc = keys_load(s, k, e);
	if (rc == RELTO_OK && exercise != NULL)
		rc = store_exercise_get(s, x, exercise, e);
	store_close(s);
	return rc == RELTO_OK ? 0 : cli_fail(e);
}

static int
keys_show(struct cli *c)
{
	char id[MINISIGN_KEYID_HEX_LEN], b64[MINISIGN_PUBLIC_B64_LEN], fp[24];
	struct relto_err e;
	struct keys k;
	int rc;

	if ((rc = keys_get(c, &k, NULL, NULL, &e)) != 0)
		return rc;
	minisign_keyid_hex(k.sign.pub.keyid, id);
	if (minisign_public_b64(&k.sign.pub, b64, sizeof b64, &e) != RELTO_OK) {
		keys_free(&k);
		return cli_fail(&e);
	}
	printf(_("Signing key (minisign, Ed25519)\n"));
	printf(_("  key id:       %s\n"), id);
	printf(_("  public key:   %s\n"), b64);
	keys_fingerprint(&k.sign.pub, sizeof k.sign.pub, fp);
	printf(_("  fingerprint:  %s\n"), fp);
	printf(_("Archive key (age, X25519)\n"));
	printf(_("  recipient:    %s\n"), k.recipient);
	keys_fingerprint(k.archive_pub, sizeof k.archive_pub, fp);
	printf(_("  fingerprint:  %s\n"), fp);
	keys_free(&k);
	return 0;
}

/* DIR/STATION.PUB (EXERCISE_STATION.PUB), written atomically. */
static int
keys_export(struct cli *c, const char *dir)
{
	char pub[MINISIGN_PUBLIC_FILE_LEN];
	struct store_exercise x;
	struct relto_err e;
	struct keys k;
	const char *name;
	int rc, exercise = 0;

	if ((rc = keys_get(c, &k, &x, &exercise, &e)) != 0)
		return rc;
	/* An exercise's files are named and marked as such, like its
	   bundles. */
	name = exercise ? "EXERCISE_STATION.PUB" : "STATION.PUB";
	rc = keys_station_pub(&k, exercise ? x.marking : NULL, pub, sizeof pub,
			      &e);
	keys_free(&k);
	if (rc == RELTO_OK)
		rc = media_prepare_dir(dir, &e);
	if (rc == RELTO_OK)
		rc = media_put(dir, name, pub, strlen(pub), &e);
	if (rc != RELTO_OK)
		return cli_fail(&e);
	printf(_("Wrote %s/%s.\n"), cli_arg(dir), name);
	return 0;
}

int
cmd_keys(struct cli *c, int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "show") == 0)
		return keys_show(c);
	if (argc == 3 && strcmp(argv[1], "export-public") == 0)
		return keys_export(c, argv[2]);
	return cli_usage_error("keys", _("say 'show' or 'export-public DIR'"));
}

int
cmd_partner_set_key(struct cli *c, int argc, char **argv)
{
	uint8_t pub[AGE_X25519_LEN];
	struct relto_err e;
	struct store *s;
	char fp[24];
	int rc;

	if (argc != 3)
		return cli_usage_error("partner",
				       _("partner set-key CODE RECIPIENT"));
	err_clear(&e);
	if (age_recipient_decode(argv[2], pub, &e) != RELTO_OK)
		return cli_usage_error("partner",
				       _("'%s' is not an age recipient: %s"),
				       cli_arg(argv[2]), e.msg);
	if ((rc = cli_open(c, &s)) != 0)
		return rc;
	rc = keys_partner_set(s, argv[1], argv[2], &e);
	store_close(s);
	if (rc != RELTO_OK)
		return cli_fail(&e);
	keys_fingerprint(pub, sizeof pub, fp);
	printf(_("Recipient of %s set; fingerprint %s.\n"), cli_arg(argv[1]),
	       fp);
	return 0;
}
