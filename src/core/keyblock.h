/*
 * keyblock.h -- the 4096-byte block in front of an encrypted store that
 * holds the data key, wrapped once per way of unlocking it.
 */
#ifndef RELTO_KEYBLOCK_H
#define RELTO_KEYBLOCK_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define KEYBLOCK_SIZE           4096
#define KEYBLOCK_KEYLEN         32
#define KEYBLOCK_FILEID_LEN     16
#define KEYBLOCK_RECOVERY_BYTES 20
/* 32 base-32 characters in eight groups of four, with dashes, and a NUL. */
#define KEYBLOCK_RECOVERY_TEXT 40

enum keyblock_secret {
	KEYBLOCK_PASSPHRASE = 1,
	KEYBLOCK_RECOVERY = 2,
};

struct keyblock_kdf {
	uint32_t t;     /* Argon2id passes */
	uint32_t m_kib; /* Argon2id memory in KiB */
	uint32_t p;     /* Argon2id lanes */
};

extern const struct keyblock_kdf keyblock_kdf_default;

struct keyblock {
	uint8_t raw[KEYBLOCK_SIZE];
};

int keyblock_kdf_check(const struct keyblock_kdf *kdf, struct relto_err *e);
void keyblock_init(struct keyblock *kb);
int keyblock_check(const struct keyblock *kb, struct relto_err *e);
int keyblock_verify(const struct keyblock *kb, const uint8_t *dk);
const uint8_t *keyblock_file_id(const struct keyblock *kb);
int keyblock_set_passphrase(struct keyblock *kb, const uint8_t *dk,
			    const char *pass, size_t len,
			    const struct keyblock_kdf *kdf, int *slot,
			    struct relto_err *e);
int keyblock_set_recovery(struct keyblock *kb, const uint8_t *dk,
			  const uint8_t rk[KEYBLOCK_RECOVERY_BYTES],
			  struct relto_err *e);
int keyblock_unlock(const struct keyblock *kb, int kind, const char *secret,
		    size_t len, uint8_t *dk, int *slot, struct relto_err *e);
int keyblock_stale_slot(const struct keyblock *kb, int slot);
void keyblock_erase_slot(struct keyblock *kb, int slot);
size_t keyblock_slot_offset(int slot);
int keyblock_slot_kdf(const struct keyblock *kb, int slot,
		      struct keyblock_kdf *kdf);

void keyblock_recovery_format(const uint8_t rk[KEYBLOCK_RECOVERY_BYTES],
			      char out[KEYBLOCK_RECOVERY_TEXT]);
int keyblock_recovery_parse(const char *text, size_t len,
			    uint8_t rk[KEYBLOCK_RECOVERY_BYTES]);

#endif
