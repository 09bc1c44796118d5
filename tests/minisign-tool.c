/*
 * minisign-tool.c -- a small driver over minisign.c and tar.c for
 * tests/format-interop.sh, so stock minisign, signify and GNU tar can
 * check what libcore writes, and libcore what they write.
 *
 *   keygen PUBFILE SECFILE     a key pair; SECFILE is this tool's own
 *                              format: one line of hex, keyid || seed || pk
 *   sign SECFILE FILE          FILE.minisig (streamed, "ED") and FILE.sig
 *                              (signify's format, FILE read whole)
 *   verify PUBFILE FILE [SIG]  SIG (default FILE.minisig); prints the
 *                              trusted comment
 *   verify-signify PUBFILE FILE [SIG]   SIG default FILE.sig
 *   tar-create ARCHIVE MTIME FILE...    names as given, data streamed
 *   tar-list ARCHIVE           "SHA256  NAME" per entry (sha256sum -c's
 *                              format), after the strict reader's checks
 *
 * Exit status: 0 success, 1 refused or failed, 2 usage.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gcrypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto.h"
#include "minisign.h"
#include "tap.h"
#include "tar.h"

#define CHUNK 65536

static int
fail(const char *what, const struct relto_err *e)
{
	fprintf(stderr, "minisign-tool: %s: %s\n", what, e->msg);
	return 1;
}

static int
fail_errno(const char *what)
{
	fprintf(stderr, "minisign-tool: %s: %s\n", what, strerror(errno));
	return 1;
}

/* The whole file, NUL-terminated; NULL with errno set. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL, *p;
	size_t cap = 0, n = 0, k;

	if (f == NULL)
		return NULL;
	do {
		if (n + CHUNK + 1 > cap) {
			cap = 2 * (n + CHUNK + 1);
			if ((p = realloc(buf, cap)) == NULL)
				break;
			buf = p;
		}
		k = fread(buf + n, 1, CHUNK, f);
		n += k;
	} while (k > 0);
	if (ferror(f) || cap == 0 || n + 1 > cap) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int
spit(const char *path, const char *data, size_t len, int mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	ssize_t k;
	size_t done = 0;

	if (fd < 0)
		return -1;
	while (done < len) {
		if ((k = write(fd, data + done, len - done)) <= 0) {
			close(fd);
			return -1;
		}
		done += (size_t)k;
	}
	return close(fd);
}

static char *
suffixed(const char *path, const char *suffix)
{
	char *s = malloc(strlen(path) + strlen(suffix) + 1);

	if (s != NULL)
		sprintf(s, "%s%s", path, suffix);
	return s;
}

/* ---- keys ------------------------------------------------------------- */

static int
cmd_keygen(const char *pubfile, const char *secfile)
{
	struct minisign_key k;
	struct relto_err e;
	char pub[MINISIGN_PUBLIC_FILE_LEN], hex[2 * MINISIGN_SECRET_LEN + 2];
	uint8_t *raw = crypto_secure_alloc(MINISIGN_SECRET_LEN);
	size_t i;
	int rc = 0;

	if (raw == NULL || minisign_keygen(&k, &e) != RELTO_OK)
		return fail("keygen", &e);
	minisign_key_export(&k, raw);
	for (i = 0; i < MINISIGN_SECRET_LEN; i++)
		sprintf(hex + 2 * i, "%02x", raw[i]);
	hex[2 * MINISIGN_SECRET_LEN] = '\n';
	hex[2 * MINISIGN_SECRET_LEN + 1] = '\0';
	if (minisign_public_format(&k.pub, pub, sizeof pub, &e) != RELTO_OK)
		rc = fail("keygen", &e);
	else if (spit(secfile, hex, strlen(hex), 0600) != 0 ||
		 spit(pubfile, pub, strlen(pub), 0644) != 0)
		rc = fail_errno("keygen");
	crypto_wipe(hex, sizeof hex);
	crypto_secure_free(raw, MINISIGN_SECRET_LEN);
	minisign_key_wipe(&k);
	return rc;
}

static int
load_secret(const char *secfile, struct minisign_key *k)
{
	struct relto_err e;
	uint8_t *raw;
	char *text;
	size_t len = 0;
	int rc = 0;

	if ((text = slurp(secfile, &len)) == NULL)
		return fail_errno(secfile);
	if ((raw = crypto_secure_alloc(MINISIGN_SECRET_LEN)) == NULL) {
		free(text);
		return fail_errno(secfile);
	}
	if (len > 0 && text[len - 1] == '\n')
		text[len - 1] = '\0';
	if (tap_unhex(text, raw, MINISIGN_SECRET_LEN) != MINISIGN_SECRET_LEN) {
		fprintf(stderr, "minisign-tool: %s: not a secret key\n",
			secfile);
		rc = 1;
	} else if (minisign_key_import(k, raw, &e) != RELTO_OK) {
		rc = fail(secfile, &e);
	}
	crypto_wipe(text, len);
	free(text);
	crypto_secure_free(raw, MINISIGN_SECRET_LEN);
	return rc;
}

static int
load_public(const char *pubfile, struct minisign_pub *p)
{
	struct relto_err e;
	size_t len;
	char *text = slurp(pubfile, &len);
	int rc = 0;

	if (text == NULL)
		return fail_errno(pubfile);
	if (minisign_public_parse(text, len, p, &e) != RELTO_OK)
		rc = fail(pubfile, &e);
	free(text);
	return rc;
}

/* ---- sign and verify -------------------------------------------------- */

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/* FILE.minisig, hashing FILE piece by piece. */
static int
sign_minisig(const struct minisign_key *k, const char *file)
{
	struct minisign_signer s;
	struct relto_err e;
	char trusted[300], buf[CHUNK], *sig = NULL, *out;
	size_t n, len = 0;
	FILE *f = fopen(file, "rb");
	int rc = 0;

	if (f == NULL)
		return fail_errno(file);
	snprintf(trusted, sizeof trusted, "file:%s\thashed", base_name(file));
	if (minisign_sign_init(&s, k, &e) != RELTO_OK) {
		fclose(f);
		return fail("sign", &e);
	}
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		minisign_sign_update(&s, buf, n);
	if (ferror(f)) {
		minisign_sign_abort(&s);
		fclose(f);
		return fail_errno(file);
	}
	fclose(f);
	if (minisign_sign_final(&s, trusted, NULL, &sig, &len, &e) != RELTO_OK)
		return fail("sign", &e);
	if ((out = suffixed(file, ".minisig")) == NULL ||
	    spit(out, sig, len, 0644) != 0)
		rc = fail_errno("sign");
	free(out);
	free(sig);
	return rc;
}

/* FILE.sig for signify, over FILE read whole. */
static int
sign_signify(const struct minisign_key *k, const char *file)
{
	struct relto_err e;
	char *msg, *sig = NULL, *out = NULL;
	size_t len, siglen = 0;
	int rc = 0;

	if ((msg = slurp(file, &len)) == NULL)
		return fail_errno(file);
	if (minisign_sign_signify(k, msg, len, NULL, &sig, &siglen, &e) !=
	    RELTO_OK)
		rc = fail("sign", &e);
	else if ((out = suffixed(file, ".sig")) == NULL ||
		 spit(out, sig, siglen, 0644) != 0)
		rc = fail_errno("sign");
	free(out);
	free(sig);
	free(msg);
	return rc;
}

static int
cmd_sign(const char *secfile, const char *file)
{
	struct minisign_key k;
	int rc;

	if (load_secret(secfile, &k) != 0)
		return 1;
	rc = sign_minisig(&k, file);
	if (rc == 0)
		rc = sign_signify(&k, file);
	minisign_key_wipe(&k);
	return rc;
}

/* Streamed; a legacy "Ed" signature falls back to the whole file. */
static int
verify_stream(const struct minisign_pub *p, const char *file, const char *sig,
	      size_t siglen, char *trusted, size_t cap, struct relto_err *e)
{
	struct minisign_verifier v;
	char buf[CHUNK], *msg;
	size_t n, len;
	FILE *f;
	int rc;

	if (minisign_verify_init(&v, p, sig, siglen, e) != RELTO_OK) {
		if (e->code != RELTO_EINPUT ||
		    (msg = slurp(file, &len)) == NULL)
			return e->code;
		rc = minisign_verify(p, msg, len, sig, siglen, trusted, cap, e);
		free(msg);
		return rc;
	}
	if ((f = fopen(file, "rb")) == NULL) {
		minisign_verify_abort(&v);
		return err_set(e, RELTO_EIO, "%s: %s", file, strerror(errno));
	}
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		minisign_verify_update(&v, buf, n);
	fclose(f);
	return minisign_verify_final(&v, trusted, cap, e);
}

static int
cmd_verify(const char *pubfile, const char *file, const char *sigfile,
	   int signify)
{
	struct minisign_pub p;
	struct relto_err e;
	char trusted[MINISIGN_TRUSTED_MAX + 1], *own = NULL, *sig, *msg;
	size_t siglen, len;
	int rc;

	if (load_public(pubfile, &p) != 0)
		return 1;
	if (sigfile == NULL)
		sigfile = own = suffixed(file, signify ? ".sig" : ".minisig");
	sig = sigfile != NULL ? slurp(sigfile, &siglen) : NULL;
	free(own);
	if (sig == NULL)
		return fail_errno("signature");
	if (!signify) {
		rc = verify_stream(&p, file, sig, siglen, trusted,
				   sizeof trusted, &e);
	} else if ((msg = slurp(file, &len)) == NULL) {
		free(sig);
		return fail_errno(file);
	} else {
		rc = minisign_verify_signify(&p, msg, len, sig, siglen, &e);
		free(msg);
	}
	free(sig);
	if (rc != RELTO_OK)
		return fail("verify", &e);
	if (!signify)
		printf("%s\n", trusted);
	return 0;
}

/* ---- tar -------------------------------------------------------------- */

static int
fd_write(void *arg, const void *buf, size_t n)
{
	FILE *f = arg;

	return fwrite(buf, 1, n, f) == n ? 0 : -1;
}

static ssize_t
fd_read(void *arg, void *buf, size_t n)
{
	FILE *f = arg;
	size_t k = fread(buf, 1, n, f);

	return k == 0 && ferror(f) ? -1 : (ssize_t)k;
}

static int
tar_one(struct tar_writer *w, const char *path, int64_t mtime,
	struct relto_err *e)
{
	char buf[CHUNK];
	struct stat st;
	FILE *f = fopen(path, "rb");
	size_t n;
	int rc;

	if (f == NULL || fstat(fileno(f), &st) != 0) {
		if (f != NULL)
			fclose(f);
		return err_set(e, RELTO_EIO, "%s: %s", path, strerror(errno));
	}
	rc = tar_add_begin(w, path, (uint64_t)st.st_size, mtime, e);
	while (rc == RELTO_OK && (n = fread(buf, 1, sizeof buf, f)) > 0)
		rc = tar_add_data(w, buf, n, e);
	fclose(f);
	return rc == RELTO_OK ? tar_add_end(w, e) : rc;
}

static int
cmd_tar_create(const char *archive, const char *mtime, char **files, int n)
{
	struct tar_writer w;
	struct relto_err e;
	FILE *out = fopen(archive, "wb");
	int i, rc = RELTO_OK;

	if (out == NULL)
		return fail_errno(archive);
	tar_writer_init(&w, fd_write, out);
	for (i = 0; i < n && rc == RELTO_OK; i++)
		rc = tar_one(&w, files[i], strtoll(mtime, NULL, 10), &e);
	if (rc == RELTO_OK)
		rc = tar_finish(&w, &e);
	tar_writer_free(&w);
	if (fclose(out) != 0 && rc == RELTO_OK)
		return fail_errno(archive);
	return rc == RELTO_OK ? 0 : fail(archive, &e);
}

static int
list_entry(struct tar_reader *r, const struct tar_entry *ent,
	   struct relto_err *e)
{
	gcry_md_hd_t h;
	char buf[CHUNK];
	const unsigned char *d;
	ssize_t k;
	int i;

	if (gcry_md_open(&h, GCRY_MD_SHA256, 0) != 0)
		return err_set(e, RELTO_ECRYPTO, "no SHA-256");
	while ((k = tar_reader_read(r, buf, sizeof buf, e)) > 0)
		gcry_md_write(h, buf, (size_t)k);
	if (k < 0) {
		gcry_md_close(h);
		return e->code;
	}
	d = gcry_md_read(h, GCRY_MD_SHA256);
	for (i = 0; i < 32; i++)
		printf("%02x", d[i]);
	printf("  %s\n", ent->name);
	gcry_md_close(h);
	return RELTO_OK;
}

static int
cmd_tar_list(const char *archive)
{
	struct tar_reader r;
	struct tar_entry ent;
	struct relto_err e;
	FILE *in = fopen(archive, "rb");
	int rc;

	if (in == NULL)
		return fail_errno(archive);
	tar_reader_init(&r, fd_read, in, NULL);
	while ((rc = tar_reader_next(&r, &ent, &e)) == 1)
		if (list_entry(&r, &ent, &e) != RELTO_OK) {
			rc = -1;
			break;
		}
	tar_reader_free(&r);
	fclose(in);
	return rc == 0 ? 0 : fail(archive, &e);
}

static int
usage(void)
{
	fprintf(stderr,
		"usage: minisign-tool keygen PUBFILE SECFILE\n"
		"       minisign-tool sign SECFILE FILE\n"
		"       minisign-tool verify PUBFILE FILE [SIGFILE]\n"
		"       minisign-tool verify-signify PUBFILE FILE [SIGFILE]\n"
		"       minisign-tool tar-create ARCHIVE MTIME FILE...\n"
		"       minisign-tool tar-list ARCHIVE\n");
	return 2;
}

int
main(int argc, char **argv)
{
	struct relto_err e;
	const char *cmd = argc > 1 ? argv[1] : "";

	if (crypto_init(&e) != RELTO_OK)
		return fail("crypto", &e);
	if (strcmp(cmd, "keygen") == 0 && argc == 4)
		return cmd_keygen(argv[2], argv[3]);
	if (strcmp(cmd, "sign") == 0 && argc == 4)
		return cmd_sign(argv[2], argv[3]);
	if (strcmp(cmd, "verify") == 0 && (argc == 4 || argc == 5))
		return cmd_verify(argv[2], argv[3], argc == 5 ? argv[4] : NULL,
				  0);
	if (strcmp(cmd, "verify-signify") == 0 && (argc == 4 || argc == 5))
		return cmd_verify(argv[2], argv[3], argc == 5 ? argv[4] : NULL,
				  1);
	if (strcmp(cmd, "tar-create") == 0 && argc >= 4)
		return cmd_tar_create(argv[2], argv[3], argv + 4, argc - 4);
	if (strcmp(cmd, "tar-list") == 0 && argc == 3)
		return cmd_tar_list(argv[2]);
	return usage();
}
