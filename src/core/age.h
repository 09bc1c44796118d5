/*
 * age.h -- the age v1 file format (c2sp.org/age): X25519 and scrypt
 * recipients, the STREAM payload, and ASCII armor, over libgcrypt.
 *
 * Writing: age_writer_open() emits the header for a list of X25519
 * recipients or for one passphrase, age_writer_write() streams plaintext,
 * age_writer_close() seals the final chunk (and the armor).
 *
 * Reading: age_reader_open() parses the header, unwraps the file key with
 * the identities and/or passphrase given, and checks the header MAC before
 * returning; age_reader_read() then hands out plaintext one verified chunk
 * at a time.  No plaintext is ever released before its chunk's tag has
 * verified.  A failure is sticky, and its class is age_reader_outcome():
 *
 *   outcome              meaning                               relto code
 *   AGE_HEADER_FAILURE   malformed or unsupported header       EINPUT
 *   AGE_NO_MATCH         no identity unwrapped the file key    EAUTH
 *   AGE_HMAC_FAILURE     the header MAC does not verify        ECORRUPT
 *   AGE_PAYLOAD_FAILURE  bad chunk, truncation, trailing data  ECORRUPT
 *   AGE_ARMOR_FAILURE    the ASCII armor is not strict PEM     EINPUT
 *   AGE_IO_FAILURE       a read or write callback failed       EIO
 *   AGE_INTERNAL_FAILURE out of memory, libgcrypt, bad usage   ENOMEM,
 *                                                              ECRYPTO,
 *                                                              EUSAGE
 *
 * A payload failure may come after some plaintext was released: every
 * released chunk verified, but the file as a whole did not.  Callers must
 * treat the output as void unless age_reader_read() reached the end.
 *
 * Secrets (X25519 identities, passphrases) stay in the caller's memory,
 * which should be crypto_secure_alloc()'d; the file key and every derived
 * key live in libgcrypt's secure pool and are wiped when freed.
 */
#ifndef RELTO_AGE_H
#define RELTO_AGE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define AGE_X25519_LEN          32
#define AGE_FILE_KEY_LEN        16
#define AGE_CHUNK_SIZE          65536
#define AGE_TAG_LEN             16
#define AGE_SCRYPT_DEFAULT_LOGN 18
#define AGE_SCRYPT_MAX_LOGN     22 /* 4 GiB of scrypt memory */

/* Buffer sizes for the Bech32 encodings, NUL included. */
#define AGE_RECIPIENT_BUFLEN 63 /* "age1" + 52 + 6 */
#define AGE_IDENTITY_BUFLEN  75 /* "AGE-SECRET-KEY-1" + 52 + 6 */

enum age_outcome {
	AGE_SUCCESS = 0,
	AGE_HEADER_FAILURE,
	AGE_NO_MATCH,
	AGE_HMAC_FAILURE,
	AGE_PAYLOAD_FAILURE,
	AGE_ARMOR_FAILURE,
	AGE_IO_FAILURE,
	AGE_INTERNAL_FAILURE,
};

/* "success", "header failure", ... as the CCTV vectors spell them. */
const char *age_outcome_name(enum age_outcome o);

/* ---- keys ---------------------------------------------------------- */

int age_x25519_generate(uint8_t secret[AGE_X25519_LEN],
			uint8_t pub[AGE_X25519_LEN], struct relto_err *e);
int age_x25519_public(const uint8_t secret[AGE_X25519_LEN],
		      uint8_t pub[AGE_X25519_LEN], struct relto_err *e);

/* "age1..." (lower case only) <-> public key. */
int age_recipient_encode(const uint8_t pub[AGE_X25519_LEN],
			 char out[AGE_RECIPIENT_BUFLEN], struct relto_err *e);
int age_recipient_decode(const char *s, uint8_t pub[AGE_X25519_LEN],
			 struct relto_err *e);

/* "AGE-SECRET-KEY-1..." (upper case only) <-> secret key; out is secret. */
int age_identity_encode(const uint8_t secret[AGE_X25519_LEN],
			char out[AGE_IDENTITY_BUFLEN], struct relto_err *e);
int age_identity_decode(const char *s, uint8_t secret[AGE_X25519_LEN],
			struct relto_err *e);

/* ---- callbacks ----------------------------------------------------- */

/* Write all n bytes; return 0, or -1 on failure. */
typedef int (*age_write_fn)(void *arg, const void *buf, size_t n);
/* Read up to cap bytes into buf, set *got (0 at end of input); return 0,
 * or -1 on failure.  Short reads are fine. */
typedef int (*age_read_fn)(void *arg, void *buf, size_t cap, size_t *got);

/* ---- writer -------------------------------------------------------- */

/* Either X25519 recipients or a passphrase: age forbids mixing scrypt
 * with any other stanza. */
struct age_recipients {
	const uint8_t (*x25519)[AGE_X25519_LEN];
	size_t n_x25519;
	const char *passphrase; /* NUL-terminated, not empty */
	int scrypt_logn;        /* 0: AGE_SCRYPT_DEFAULT_LOGN */
};

struct age_writer;

int age_writer_open(struct age_writer **wp, const struct age_recipients *to,
		    int armor, age_write_fn write, void *arg,
		    struct relto_err *e);
int age_writer_write(struct age_writer *w, const void *buf, size_t n,
		     struct relto_err *e);
int age_writer_close(struct age_writer *w, struct relto_err *e);
void age_writer_free(struct age_writer *w);

/* ---- reader -------------------------------------------------------- */

struct age_identities {
	const uint8_t (*x25519)[AGE_X25519_LEN]; /* secret keys */
	size_t n_x25519;
	const char *passphrase; /* NUL-terminated, or NULL */
};

enum age_armor {
	AGE_ARMOR_AUTO, /* armored iff the first byte is '-' or whitespace */
	AGE_ARMOR_NO,
	AGE_ARMOR_YES,
};

struct age_reader;

/* On success the header is authenticated and the payload key ready.  On
 * failure *rp is still set (free it) so the outcome can be asked. */
int age_reader_open(struct age_reader **rp, age_read_fn read, void *arg,
		    const struct age_identities *ids, enum age_armor armor,
		    struct relto_err *e);
/* Next verified plaintext: *data stays valid until the next call.  *n is
 * 0 only at the authenticated end of the payload. */
int age_reader_read(struct age_reader *r, const uint8_t **data, size_t *n,
		    struct relto_err *e);
enum age_outcome age_reader_outcome(const struct age_reader *r);
void age_reader_free(struct age_reader *r);

/* Open, copy all plaintext to write, free; *outcome may be NULL. */
int age_decrypt(age_read_fn read, void *rarg, const struct age_identities *ids,
		enum age_armor armor, age_write_fn write, void *warg,
		enum age_outcome *outcome, struct relto_err *e);

#endif
