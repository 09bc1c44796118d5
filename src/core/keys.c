/*
 * keys.c -- the station's keys, kept inside the vault.
 *
 * A station has two keys, made when the store is created (and, for a
 * store made before they existed, the first time it is opened):
 *  - "sign": an Ed25519 key in minisign's form; it signs every bundle
 *    and the SHA256SUMS inside it.  Partners check it against
 *    STATION.PUB.
 *  - "archive": an X25519 age identity; every bundle is also encrypted
 *    to it, so the station can open what it sent.
 * Secret halves leave the store only into libgcrypt's secure memory and
 * are wiped after use.  A partner's age recipient is checked (it must
 * decode to a curve point) before it is stored; both changes are audited.
 */
#include "config.h"

#include "keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "crypto.h"
#include "exercise.h"
#include "i18n.h"
#include "import.h"

void
keys_free(struct keys *k)
{
	minisign_key_wipe(&k->sign);
	crypto_secure_free(k->archive, AGE_X25519_LEN);
	k->archive = NULL;
}

/* A short fingerprint: SHA-256, first 8 bytes, as 4 groups of hex. */
void
keys_fingerprint(const void *key, size_t len, char out[24])
{
	uint8_t h[CRYPTO_SHA256_LEN];
	int i, n = 0;

	crypto_sha256(key, len, h);
	for (i = 0; i < 8; i++)
		n += snprintf(out + n, (size_t)(24 - n), "%s%02X",
			      i > 0 && i % 2 == 0 ? ":" : "", h[i]);
}

static int
keys_create(struct store *s, struct relto_err *e)
{
	struct minisign_key sk = {0};
	uint8_t *sec = crypto_secure_alloc(MINISIGN_SECRET_LEN),
		*arch = crypto_secure_alloc(AGE_X25519_LEN),
		pub[AGE_X25519_LEN];
	char now[CLOCK_UTC_LEN], id[MINISIGN_KEYID_HEX_LEN], detail[96];
	int rc;

	if (sec == NULL || arch == NULL) {
		rc = err_set(e, RELTO_ENOMEM, _("out of secure memory"));
		goto out;
	}
	clock_utc(clock_now(), now);
	rc = minisign_keygen(&sk, e);
	if (rc == RELTO_OK)
		rc = age_x25519_generate(arch, pub, e);
	if (rc != RELTO_OK)
		goto out;
	minisign_key_export(&sk, sec);
	minisign_keyid_hex(sk.pub.keyid, id);
	snprintf(detail, sizeof detail, "signing key %s", id);
	rc = store_station_key_put(s, "sign", &sk.pub, sizeof sk.pub, sec,
				   MINISIGN_SECRET_LEN, now, e);
	if (rc == RELTO_OK)
		rc = store_station_key_put(s, "archive", pub, sizeof pub, arch,
					   AGE_X25519_LEN, now, e);
	if (rc == RELTO_OK)
		rc = audit_append(s, "keys.create", "station", detail, e);
out:
	minisign_key_wipe(&sk);
	crypto_secure_free(sec, MINISIGN_SECRET_LEN);
	crypto_secure_free(arch, AGE_X25519_LEN);
	return rc;
}

/* Make the station's keys if the store has none yet. */
int
keys_ensure(struct store *s, struct relto_err *e)
{
	struct minisign_pub pub;
	struct relto_err probe;

	err_clear(&probe);
	if (store_station_key_get(s, "sign", &pub, sizeof pub, NULL,
				  MINISIGN_SECRET_LEN, &probe) == RELTO_OK)
		return RELTO_OK;
	if (probe.code != RELTO_EFAIL)
		return err_set(e, probe.code, "%s", probe.msg);
	if (store_begin(s, e) != RELTO_OK)
		return e->code;
	if (keys_create(s, e) != RELTO_OK) {
		store_rollback(s);
		return e->code;
	}
	return store_commit(s, e);
}

int
keys_load(struct store *s, struct keys *k, struct relto_err *e)
{
	struct minisign_pub pub;
	uint8_t *sec = crypto_secure_alloc(MINISIGN_SECRET_LEN);
	int rc;

	memset(k, 0, sizeof *k);
	k->archive = crypto_secure_alloc(AGE_X25519_LEN);
	if (sec == NULL || k->archive == NULL) {
		crypto_secure_free(sec, MINISIGN_SECRET_LEN);
		keys_free(k);
		return err_set(e, RELTO_ENOMEM, _("out of secure memory"));
	}
	rc = store_station_key_get(s, "sign", &pub, sizeof pub, sec,
				   MINISIGN_SECRET_LEN, e);
	if (rc == RELTO_OK)
		rc = minisign_key_import(&k->sign, sec, e);
	if (rc == RELTO_OK)
		rc = store_station_key_get(s, "archive", k->archive_pub,
					   AGE_X25519_LEN, k->archive,
					   AGE_X25519_LEN, e);
	if (rc == RELTO_OK)
		rc = age_recipient_encode(k->archive_pub, k->recipient, e);
	crypto_secure_free(sec, MINISIGN_SECRET_LEN);
	if (rc != RELTO_OK)
		keys_free(k);
	return rc;
}

/* STATION.PUB: the signing key's public half, as minisign writes it;
   in an exercise (marking not NULL) the marking begins and ends it. */
int
keys_station_pub(const struct keys *k, const char *marking, char *out,
		 size_t cap, struct relto_err *e)
{
	return minisign_public_format_marked(&k->sign.pub, marking, out, cap,
					     e);
}

/* Record a partner's age recipient, after checking it is one. */
int
keys_partner_set(struct store *s, const char *code, const char *recipient,
		 struct relto_err *e)
{
	struct partner_set set;
	struct marking_ctx ctx;
	const struct partner *p;
	uint8_t pub[AGE_X25519_LEN];
	char fp[24], detail[160];
	int rc;

	/* An exercise encrypts only to the keys its scenario defines. */
	if (exercise_refuse(s,
			    _("this is an exercise store: partner keys come "
			      "only from its scenario"),
			    e) != RELTO_OK)
		return e->code;
	if (age_recipient_decode(recipient, pub, e) != RELTO_OK)
		return err_set(e, RELTO_EUSAGE,
			       _("'%.80s' is not an age X25519 recipient "
				 "(age1...): %s"),
			       recipient, e->msg);
	if (import_context(s, &set, &ctx, NULL, e) != RELTO_OK)
		return e->code;
	p = partner_find(&set, code);
	if (p == NULL || p->kind == PARTNER_GROUP ||
	    strcmp(code, ctx.own) == 0) {
		partner_set_free(&set);
		return err_set(e, RELTO_EUSAGE,
			       _("%s is not a partner country or organisation"),
			       code);
	}
	keys_fingerprint(pub, sizeof pub, fp);
	snprintf(detail, sizeof detail, "recipient %s", fp);
	rc = store_begin(s, e);
	if (rc == RELTO_OK)
		rc = store_partner_put(s, p->code, p->kind, p->name, recipient,
				       e);
	partner_set_free(&set);
	if (rc == RELTO_OK)
		rc = audit_append(s, "partner.key", code, detail, e);
	if (rc != RELTO_OK) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, e);
}
