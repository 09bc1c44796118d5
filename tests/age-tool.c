/*
 * age-tool.c -- a tiny age command over libcore, for tests/age-interop.sh
 * and for timing against stock age.  Not part of the product.
 *
 *   age-tool keygen                                  > key
 *   age-tool encrypt [-a] -r RECIPIENT [-r ...]      < in > out
 *   age-tool decrypt -i IDENTITYFILE [-i ...]        < in > out
 *
 * Identity files are in age-keygen's format: '#' comments, blank lines,
 * and one AGE-SECRET-KEY-1... per line.  Errors go to stderr as
 * "age-tool: OUTCOME: message"; the exit status is 1 on any failure.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "age.h"
#include "crypto.h"

#define TOOL_MAX_KEYS 16
#define TOOL_BUF      (1024 * 1024)

struct tool_keys {
	uint8_t (*secret)[AGE_X25519_LEN]; /* secure memory */
	size_t n;
};

static int
usage(void)
{
	fprintf(stderr, "usage: age-tool keygen\n"
			"       age-tool encrypt [-a] -r RECIPIENT [-r ...]\n"
			"       age-tool decrypt -i IDENTITYFILE [-i ...]\n");
	return 2;
}

static int
fail(const char *what, const char *msg)
{
	fprintf(stderr, "age-tool: %s: %s\n", what, msg);
	return 1;
}

static int
fd_write(void *arg, const void *buf, size_t n)
{
	const char *p = buf;
	ssize_t k;

	(void)arg;
	while (n > 0) {
		k = write(STDOUT_FILENO, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

static int
fd_read(void *arg, void *buf, size_t cap, size_t *got)
{
	ssize_t k;

	(void)arg;
	do
		k = read(STDIN_FILENO, buf, cap);
	while (k < 0 && errno == EINTR);
	if (k < 0)
		return -1;
	*got = (size_t)k;
	return 0;
}

static int
cmd_keygen(void)
{
	struct relto_err e;
	uint8_t *secret = crypto_secure_alloc(AGE_X25519_LEN);
	uint8_t pub[AGE_X25519_LEN];
	char *id = crypto_secure_alloc(AGE_IDENTITY_BUFLEN);
	char rcpt[AGE_RECIPIENT_BUFLEN], when[32];
	time_t now = time(NULL);
	int rc = 1;

	if (secret == NULL || id == NULL)
		return fail("keygen", "out of secure memory");
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	if (age_x25519_generate(secret, pub, &e) == RELTO_OK &&
	    age_recipient_encode(pub, rcpt, &e) == RELTO_OK &&
	    age_identity_encode(secret, id, &e) == RELTO_OK) {
		printf("# created: %s\n# public key: %s\n%s\n", when, rcpt, id);
		rc = fflush(stdout) == 0 ? 0 : fail("keygen", "write error");
	} else {
		rc = fail("keygen", e.msg);
	}
	crypto_secure_free(secret, AGE_X25519_LEN);
	crypto_secure_free(id, AGE_IDENTITY_BUFLEN);
	return rc;
}

static int
encrypt_stream(struct age_writer *w, struct relto_err *e)
{
	char *buf = malloc(TOOL_BUF);
	size_t got;
	int rc = RELTO_OK;

	if (buf == NULL)
		return err_set(e, RELTO_ENOMEM, "out of memory");
	while (rc == RELTO_OK) {
		if (fd_read(NULL, buf, TOOL_BUF, &got) != 0) {
			rc = err_set(e, RELTO_EIO, "cannot read: %s",
				     strerror(errno));
			break;
		}
		if (got == 0)
			break;
		rc = age_writer_write(w, buf, got, e);
	}
	free(buf);
	return rc == RELTO_OK ? age_writer_close(w, e) : rc;
}

static int
cmd_encrypt(int argc, char **argv)
{
	uint8_t pubs[TOOL_MAX_KEYS][AGE_X25519_LEN];
	struct age_recipients to = {NULL, 0, NULL, 0};
	struct age_writer *w;
	struct relto_err e;
	int armor = 0, c, rc;

	while ((c = getopt(argc, argv, "ar:")) != -1) {
		if (c == 'a')
			armor = 1;
		else if (c != 'r' || to.n_x25519 == TOOL_MAX_KEYS)
			return usage();
		else if (age_recipient_decode(optarg, pubs[to.n_x25519++],
					      &e) != RELTO_OK)
			return fail(optarg, e.msg);
	}
	if (optind != argc || to.n_x25519 == 0)
		return usage();
	to.x25519 = (const uint8_t(*)[AGE_X25519_LEN])pubs;
	if (age_writer_open(&w, &to, armor, fd_write, NULL, &e) != RELTO_OK)
		return fail("encrypt", e.msg);
	rc = encrypt_stream(w, &e);
	age_writer_free(w);
	return rc == RELTO_OK ? 0 : fail("encrypt", e.msg);
}

/* Add the identities of one age-keygen style file. */
static int
read_identities(const char *path, struct tool_keys *k)
{
	struct relto_err e;
	char line[256];
	FILE *f = fopen(path, "r");
	size_t n;
	int rc = 0;

	if (f == NULL)
		return fail(path, strerror(errno));
	while (rc == 0 && fgets(line, sizeof line, f) != NULL) {
		n = strcspn(line, "\r\n");
		line[n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		if (k->n == TOOL_MAX_KEYS)
			rc = fail(path, "too many identities");
		else if (age_identity_decode(line, k->secret[k->n], &e) !=
			 RELTO_OK)
			rc = fail(path, e.msg);
		else
			k->n++;
	}
	crypto_wipe(line, sizeof line);
	fclose(f);
	return rc;
}

static int
cmd_decrypt(int argc, char **argv, struct tool_keys *k)
{
	struct age_identities ids = {NULL, 0, NULL};
	struct relto_err e;
	enum age_outcome o;
	int c;

	while ((c = getopt(argc, argv, "i:")) != -1)
		if (c != 'i' || read_identities(optarg, k) != 0)
			return c == 'i' ? 1 : usage();
	if (optind != argc || k->n == 0)
		return usage();
	ids.x25519 = (const uint8_t(*)[AGE_X25519_LEN])k->secret;
	ids.n_x25519 = k->n;
	if (age_decrypt(fd_read, NULL, &ids, AGE_ARMOR_AUTO, fd_write, NULL, &o,
			&e) != RELTO_OK)
		return fail(age_outcome_name(o), e.msg);
	return 0;
}

int
main(int argc, char **argv)
{
	struct tool_keys k = {NULL, 0};
	struct relto_err e;
	int rc;

	if (argc < 2)
		return usage();
	if (crypto_init(&e) != RELTO_OK)
		return fail("init", e.msg);
	if (strcmp(argv[1], "keygen") == 0 && argc == 2)
		return cmd_keygen();
	if (strcmp(argv[1], "encrypt") == 0)
		return cmd_encrypt(argc - 1, argv + 1);
	if (strcmp(argv[1], "decrypt") != 0)
		return usage();
	k.secret = crypto_secure_alloc(TOOL_MAX_KEYS * AGE_X25519_LEN);
	if (k.secret == NULL)
		return fail("decrypt", "out of secure memory");
	rc = cmd_decrypt(argc - 1, argv + 1, &k);
	crypto_secure_free(k.secret, TOOL_MAX_KEYS * AGE_X25519_LEN);
	return rc;
}
