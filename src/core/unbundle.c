/*
 * unbundle.c -- what a partner does with a bundle (relto-bundle(5)):
 * check the outer signature over the ciphertext; decrypt with age; read
 * the archive strictly; check the inner signature over SHA256SUMS and
 * every file against it.  Nothing is handed back, and nothing written,
 * unless every check holds.
 *
 * Invariants:
 *  - the archive may hold exactly MANIFEST.TXT, SHA256SUMS,
 *    SHA256SUMS.minisig, SHA256SUMS.sig and REPORTS/<ID>.TXT files;
 *    anything else (another name, a link, a directory) fails the bundle;
 *  - SHA256SUMS names every file but itself and its signatures, once;
 *  - the plaintext is held in memory (at most UNBUNDLE_MAX_BYTES) and
 *    written out only by unbundle_write, into a directory that did not
 *    exist, files 0600.
 */
#include "config.h"

#include "unbundle.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto.h"
#include "i18n.h"
#include "tar.h"

static int
unbundle_read_all(const char *path, char **out, size_t *len, size_t max,
		  struct relto_err *e)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (f == NULL)
		return err_set(e, RELTO_EIO, _("cannot open %s: %s"), path,
			       strerror(errno));
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    (size_t)n > max || fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return err_set(e, RELTO_EINPUT, _("%s is too large"), path);
	}
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		return err_set(e, RELTO_EIO, _("cannot read %s"), path);
	}
	fclose(f);
	buf[n] = '\0';
	*out = buf;
	*len = (size_t)n;
	return RELTO_OK;
}

/* The identity line of an age-keygen key file, into secure secret. */
int
unbundle_identity_file(const char *path, uint8_t *secret, struct relto_err *e)
{
	char *text, *line, *save, *nl;
	size_t len;
	int rc = RELTO_EINPUT;

	if (unbundle_read_all(path, &text, &len, 64 * 1024, e) != RELTO_OK)
		return e->code;
	err_set(e, RELTO_EINPUT, _("%s holds no AGE-SECRET-KEY-1 line"), path);
	for (line = strtok_r(text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		if ((nl = strchr(line, '\r')) != NULL)
			*nl = '\0';
		if (strncmp(line, "AGE-SECRET-KEY-1", 16) == 0) {
			rc = age_identity_decode(line, secret, e);
			break;
		}
	}
	crypto_wipe(text, len);
	free(text);
	return rc;
}

/* The outer signature: minisign over the whole ciphertext file. */
int
unbundle_verify(const char *path, const char *sigpath,
		const struct minisign_pub *station, char *trusted, size_t cap,
		struct relto_err *e)
{
	struct minisign_verifier v;
	static uint8_t buf[65536];
	char *sig;
	size_t siglen, n;
	FILE *f;
	int rc;

	if (unbundle_read_all(sigpath, &sig, &siglen, 16384, e) != RELTO_OK)
		return e->code;
	rc = minisign_verify_init(&v, station, sig, siglen, e);
	free(sig);
	if (rc != RELTO_OK)
		return rc;
	if ((f = fopen(path, "rb")) == NULL) {
		minisign_verify_abort(&v);
		return err_set(e, RELTO_EIO, _("cannot open %s: %s"), path,
			       strerror(errno));
	}
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		minisign_verify_update(&v, buf, n);
	if (ferror(f)) {
		fclose(f);
		minisign_verify_abort(&v);
		return err_set(e, RELTO_EIO, _("cannot read %s"), path);
	}
	fclose(f);
	return minisign_verify_final(&v, trusted, cap, e);
}

/* ---- decrypt and unpack ---------------------------------------------- */

struct unbundle_pipe {
	FILE *in;
	struct age_reader *age;
	const uint8_t *chunk;
	size_t left;
	int done;
	struct relto_err *e;
};

static int
unbundle_age_in(void *arg, void *buf, size_t cap, size_t *got)
{
	struct unbundle_pipe *p = arg;

	*got = fread(buf, 1, cap, p->in);
	return ferror(p->in) ? -1 : 0;
}

/* tar's read callback: plaintext from the age reader, chunk by chunk. */
static ssize_t
unbundle_plain(void *arg, void *buf, size_t n)
{
	struct unbundle_pipe *p = arg;
	size_t take;

	while (p->left == 0 && !p->done) {
		if (age_reader_read(p->age, &p->chunk, &p->left, p->e) !=
		    RELTO_OK)
			return -1;
		if (p->left == 0)
			p->done = 1;
	}
	take = n < p->left ? n : p->left;
	memcpy(buf, p->chunk, take);
	p->chunk += take;
	p->left -= take;
	return (ssize_t)take;
}

static int
unbundle_name_ok(const char *name)
{
	static const char *const fixed[] = {"MANIFEST.TXT", "SHA256SUMS",
					    "SHA256SUMS.minisig",
					    "SHA256SUMS.sig"};
	size_t i, n = strlen(name);

	for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		if (strcmp(name, fixed[i]) == 0)
			return 1;
	return n > 12 && strncmp(name, "REPORTS/", 8) == 0 &&
	       strcmp(name + n - 4, ".TXT") == 0 &&
	       strchr(name + 8, '/') == NULL && name[8] != '.';
}

static int
unbundle_add(struct unbundle *u, const struct tar_entry *ent,
	     struct tar_reader *tr, struct relto_err *e)
{
	struct unbundle_file *nf, *f;
	ssize_t r;
	size_t got = 0;

	nf = realloc(u->f, (u->n + 1) * sizeof *nf);
	if (nf == NULL)
		return err_set(e, RELTO_ENOMEM, _("out of memory"));
	u->f = nf;
	f = &u->f[u->n];
	f->name = strdup(ent->name);
	f->data = malloc(ent->size + 1);
	f->len = (size_t)ent->size;
	if (f->name == NULL || f->data == NULL) {
		free(f->name);
		free(f->data);
		return err_set(e, RELTO_ENOMEM, _("out of memory"));
	}
	u->n++;
	while (got < f->len) {
		r = tar_reader_read(tr, f->data + got, f->len - got, e);
		if (r <= 0)
			return r < 0 ? e->code
				     : err_set(e, RELTO_ECORRUPT,
					       _("the archive ends early"));
		got += (size_t)r;
	}
	f->data[f->len] = '\0';
	return RELTO_OK;
}

static const struct unbundle_file *
unbundle_find(const struct unbundle *u, const char *name)
{
	size_t i;

	for (i = 0; i < u->n; i++)
		if (strcmp(u->f[i].name, name) == 0)
			return &u->f[i];
	return NULL;
}

/* The checksum lines of SHA256SUMS ("<64 hex>  NAME"); other lines
   (an exercise's marking) are signed text, not entries. */
static size_t
unbundle_sum_lines(const uint8_t *p, size_t len)
{
	size_t i = 0, n = 0, j, k;

	while (i < len) {
		for (j = i; j < len && p[j] != '\n'; j++)
			;
		for (k = 0; k < 64 && i + k < j &&
			    ((p[i + k] >= '0' && p[i + k] <= '9') ||
			     (p[i + k] >= 'a' && p[i + k] <= 'f'));
		     k++)
			;
		if (k == 64 && j - i > 66 && p[i + 64] == ' ' &&
		    p[i + 65] == ' ')
			n++;
		i = j + 1;
	}
	return n;
}

/* SHA256SUMS: signed, and naming every other file exactly once. */
static int
unbundle_check_sums(const struct unbundle *u,
		    const struct minisign_pub *station, struct relto_err *e)
{
	const struct unbundle_file *sums = unbundle_find(u, "SHA256SUMS"),
				   *sig =
				       unbundle_find(u, "SHA256SUMS.minisig");
	uint8_t h[CRYPTO_SHA256_LEN];
	char hex[65], want[600];
	size_t i, listed = 0;
	int k;

	if (sums == NULL || sig == NULL ||
	    unbundle_find(u, "MANIFEST.TXT") == NULL)
		return err_set(e, RELTO_ECORRUPT,
			       _("the bundle lacks MANIFEST.TXT, SHA256SUMS or "
				 "its signature"));
	if (minisign_verify(station, sums->data, sums->len,
			    (const char *)sig->data, sig->len, NULL, 0,
			    e) != RELTO_OK)
		return err_set(
		    e, RELTO_ECORRUPT,
		    _("SHA256SUMS is not signed by this station: %s"), e->msg);
	for (i = 0; i < u->n; i++) {
		if (strncmp(u->f[i].name, "SHA256SUMS", 10) == 0)
			continue;
		crypto_sha256(u->f[i].data, u->f[i].len, h);
		for (k = 0; k < CRYPTO_SHA256_LEN; k++)
			snprintf(hex + 2 * k, 3, "%02x", h[k]);
		snprintf(want, sizeof want, "%s  %s\n", hex, u->f[i].name);
		if (strstr((const char *)sums->data, want) == NULL)
			return err_set(e, RELTO_ECORRUPT,
				       _("%s does not match SHA256SUMS"),
				       u->f[i].name);
		listed++;
	}
	if (unbundle_sum_lines(sums->data, sums->len) != listed)
		return err_set(e, RELTO_ECORRUPT,
			       _("SHA256SUMS lists files the bundle does not "
				 "hold"));
	return RELTO_OK;
}

static int
unbundle_unpack(struct unbundle_pipe *p, struct unbundle *u,
		struct relto_err *e)
{
	struct tar_limits lim = {UNBUNDLE_MAX_BYTES, UNBUNDLE_MAX_BYTES,
				 100000};
	struct tar_reader tr;
	struct tar_entry ent;
	int r, rc = RELTO_OK;

	tar_reader_init(&tr, unbundle_plain, p, &lim);
	while (rc == RELTO_OK && (r = tar_reader_next(&tr, &ent, e)) == 1) {
		if (!unbundle_name_ok(ent.name))
			rc = err_set(e, RELTO_ECORRUPT,
				     _("the bundle holds an unexpected file: "
				       "%.100s"),
				     ent.name);
		else
			rc = unbundle_add(u, &ent, &tr, e);
	}
	if (rc == RELTO_OK && r < 0)
		rc = e->code;
	tar_reader_free(&tr);
	/* Whatever follows the archive must still authenticate. */
	while (rc == RELTO_OK && !p->done) {
		if (age_reader_read(p->age, &p->chunk, &p->left, e) != RELTO_OK)
			rc = e->code;
		else if (p->left == 0)
			p->done = 1;
	}
	return rc;
}

int
unbundle_open(const char *path, const uint8_t identity[AGE_X25519_LEN],
	      const struct minisign_pub *station, struct unbundle *u,
	      struct relto_err *e)
{
	struct age_identities ids;
	struct unbundle_pipe p;
	uint8_t(*key)[AGE_X25519_LEN];
	int rc;

	memset(u, 0, sizeof *u);
	memset(&p, 0, sizeof p);
	p.e = e;
	if ((p.in = fopen(path, "rb")) == NULL)
		return err_set(e, RELTO_EIO, _("cannot open %s: %s"), path,
			       strerror(errno));
	key = crypto_secure_alloc(AGE_X25519_LEN);
	if (key == NULL) {
		fclose(p.in);
		return err_set(e, RELTO_ENOMEM, _("out of secure memory"));
	}
	memcpy(key, identity, AGE_X25519_LEN);
	memset(&ids, 0, sizeof ids);
	ids.x25519 = (const uint8_t(*)[AGE_X25519_LEN])key;
	ids.n_x25519 = 1;
	rc =
	    age_reader_open(&p.age, unbundle_age_in, &p, &ids, AGE_ARMOR_NO, e);
	crypto_secure_free(key, AGE_X25519_LEN);
	if (rc == RELTO_OK)
		rc = unbundle_unpack(&p, u, e);
	if (rc == RELTO_OK)
		rc = unbundle_check_sums(u, station, e);
	age_reader_free(p.age);
	fclose(p.in);
	if (rc != RELTO_OK)
		unbundle_free(u);
	return rc;
}

void
unbundle_free(struct unbundle *u)
{
	size_t i;

	for (i = 0; i < u->n; i++) {
		crypto_wipe(u->f[i].data, u->f[i].len);
		free(u->f[i].data);
		free(u->f[i].name);
	}
	free(u->f);
	memset(u, 0, sizeof *u);
}

static int
unbundle_put(const char *dir, const struct unbundle_file *f,
	     struct relto_err *e)
{
	char path[4200];
	int fd;
	ssize_t w;

	snprintf(path, sizeof path, "%s/%s", dir, f->name);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  0600);
	if (fd < 0)
		return err_set(e, RELTO_EIO, _("cannot create %s: %s"), path,
			       strerror(errno));
	w = write(fd, f->data, f->len);
	if (w != (ssize_t)f->len || fsync(fd) != 0) {
		close(fd);
		return err_set(e, RELTO_EIO, _("cannot write %s"), path);
	}
	close(fd);
	return RELTO_OK;
}

/* Write the checked files under dir, which must not exist yet. */
int
unbundle_write(const struct unbundle *u, const char *dir, struct relto_err *e)
{
	char sub[4200];
	size_t i;

	if (mkdir(dir, 0700) != 0)
		return err_set(e, RELTO_EIO,
			       errno == EEXIST
				   ? _("%s already exists; name a new "
				       "directory")
				   : _("cannot create %s: %s"),
			       dir, strerror(errno));
	snprintf(sub, sizeof sub, "%s/REPORTS", dir);
	if (mkdir(sub, 0700) != 0)
		return err_set(e, RELTO_EIO, _("cannot create %s: %s"), sub,
			       strerror(errno));
	for (i = 0; i < u->n; i++)
		if (unbundle_put(dir, &u->f[i], e) != RELTO_OK)
			return e->code;
	return RELTO_OK;
}
