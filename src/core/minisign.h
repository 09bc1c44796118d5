/*
 * minisign.h -- Ed25519 signatures in minisign's file formats, and in
 * signify's for OpenBSD's tool.  See minisign.c for the formats, the
 * limits and the invariants.
 */
#ifndef RELTO_MINISIGN_H
#define RELTO_MINISIGN_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define MINISIGN_KEYID_LEN 8
#define MINISIGN_PK_LEN    32
#define MINISIGN_SEED_LEN  32
#define MINISIGN_SIG_LEN   64
#define MINISIGN_SECRET_LEN                                                    \
	(MINISIGN_KEYID_LEN + MINISIGN_SEED_LEN + MINISIGN_PK_LEN)

/* The key id as minisign prints it: 16 upper-case hex digits and NUL. */
#define MINISIGN_KEYID_HEX_LEN 17
/* The bare base64 public key (minisign -P) and its NUL. */
#define MINISIGN_PUBLIC_B64_LEN 57
/* A whole public key file and its NUL. */
#define MINISIGN_PUBLIC_FILE_LEN 2200 /* with a marked comment, twice */

/* Longest comments stock minisign and signify both read back. */
#define MINISIGN_UNTRUSTED_MAX 1000
#define MINISIGN_TRUSTED_MAX   8173
/* signify reads the whole message and refuses more than 1 GiB. */
#define MINISIGN_SIGNIFY_MAX ((size_t)1 << 30)

struct minisign_pub {
	uint8_t keyid[MINISIGN_KEYID_LEN];
	uint8_t pk[MINISIGN_PK_LEN];
};

/* A key pair; seed is MINISIGN_SEED_LEN bytes of secure memory. */
struct minisign_key {
	struct minisign_pub pub;
	uint8_t *seed;
};

/* Streaming states; md is a libgcrypt hash handle (BLAKE2b-512, or
 * SHA-512 for a legacy signature). */
struct minisign_signer {
	const struct minisign_key *key;
	void *md;
};

struct minisign_verifier {
	struct minisign_pub pub;
	uint8_t sig[MINISIGN_SIG_LEN];
	uint8_t global[MINISIGN_SIG_LEN];
	char trusted[MINISIGN_TRUSTED_MAX + 1];
	size_t trusted_len;
	int legacy;
	void *md;
};

int minisign_keygen(struct minisign_key *k, struct relto_err *e);
void minisign_key_wipe(struct minisign_key *k);
/* keyid || seed || pk; out should be secure memory. */
void minisign_key_export(const struct minisign_key *k,
			 uint8_t out[MINISIGN_SECRET_LEN]);
/* The inverse; refuses a public half that does not match the seed. */
int minisign_key_import(struct minisign_key *k,
			const uint8_t in[MINISIGN_SECRET_LEN],
			struct relto_err *e);

void minisign_keyid_hex(const uint8_t keyid[MINISIGN_KEYID_LEN],
			char out[MINISIGN_KEYID_HEX_LEN]);
/* The public key file, both lines newline-terminated. */
int minisign_public_format(const struct minisign_pub *p, char *out, size_t cap,
			   struct relto_err *e);
int minisign_public_format_marked(const struct minisign_pub *p,
				  const char *comment, char *out, size_t cap,
				  struct relto_err *e);
int minisign_echo_comment(char **text, size_t *len, struct relto_err *e);
/* The bare base64 string that minisign -P takes. */
int minisign_public_b64(const struct minisign_pub *p, char *out, size_t cap,
			struct relto_err *e);
/* A public key file (minisign's or signify's) or a bare base64 key. */
int minisign_public_parse(const char *text, size_t len, struct minisign_pub *p,
			  struct relto_err *e);

/*
 * Sign ("ED": Ed25519 over BLAKE2b-512 of the message).  The result is
 * a malloc'd signature file, NUL-terminated; *outlen excludes the NUL.
 * untrusted may be NULL for the default comment.
 */
int minisign_sign(const struct minisign_key *k, const void *msg, size_t len,
		  const char *trusted, const char *untrusted, char **out,
		  size_t *outlen, struct relto_err *e);
int minisign_sign_init(struct minisign_signer *s, const struct minisign_key *k,
		       struct relto_err *e);
void minisign_sign_update(struct minisign_signer *s, const void *data,
			  size_t n);
/* Always releases the state, whether or not it succeeds. */
int minisign_sign_final(struct minisign_signer *s, const char *trusted,
			const char *untrusted, char **out, size_t *outlen,
			struct relto_err *e);
void minisign_sign_abort(struct minisign_signer *s);

/*
 * signify's .sig format: Ed25519 over the raw message (read twice), no
 * trusted part; refused over MINISIGN_SIGNIFY_MAX.  mmap a large file.
 */
int minisign_sign_signify(const struct minisign_key *k, const void *msg,
			  size_t len, const char *untrusted, char **out,
			  size_t *outlen, struct relto_err *e);

/*
 * Verify a minisign signature file ("ED", or legacy "Ed") and copy the
 * trusted comment, NUL-terminated, to trusted[cap] (which may be NULL
 * when cap is 0).  The comment is authenticated, not safe to print as
 * it is: sanitize it before it reaches a terminal.
 */
int minisign_verify(const struct minisign_pub *p, const void *msg, size_t len,
		    const char *sig, size_t siglen, char *trusted, size_t cap,
		    struct relto_err *e);
/* The same, streaming; both "ED" and legacy "Ed" read the file once. */
int minisign_verify_init(struct minisign_verifier *v,
			 const struct minisign_pub *p, const char *sig,
			 size_t siglen, struct relto_err *e);
void minisign_verify_update(struct minisign_verifier *v, const void *data,
			    size_t n);
/* Always releases the state, whether or not it succeeds. */
int minisign_verify_final(struct minisign_verifier *v, char *trusted,
			  size_t cap, struct relto_err *e);
void minisign_verify_abort(struct minisign_verifier *v);

/* A signify .sig file (two lines) over the raw message. */
int minisign_verify_signify(const struct minisign_pub *p, const void *msg,
			    size_t len, const char *sig, size_t siglen,
			    struct relto_err *e);

#endif
