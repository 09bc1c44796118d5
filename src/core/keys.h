/*
 * keys.h -- the station's own keys (signing, archive) and partners'
 * recipients.  See keys.c.
 */
#ifndef RELTO_KEYS_H
#define RELTO_KEYS_H

#include "age.h"
#include "minisign.h"
#include "store.h"

struct keys {
	struct minisign_key sign; /* Ed25519; seed in secure memory */
	uint8_t *archive;         /* X25519 secret, secure memory */
	uint8_t archive_pub[AGE_X25519_LEN];
	char recipient[AGE_RECIPIENT_BUFLEN]; /* the archive key as age1... */
};

int keys_ensure(struct store *s, struct relto_err *e);
int keys_load(struct store *s, struct keys *k, struct relto_err *e);
void keys_free(struct keys *k);
int keys_station_pub(const struct keys *k, const char *marking, char *out,
		     size_t cap, struct relto_err *e);
void keys_fingerprint(const void *key, size_t len, char out[24]);
int keys_partner_set(struct store *s, const char *code, const char *recipient,
		     struct relto_err *e);

#endif
