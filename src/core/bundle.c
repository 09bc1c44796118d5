/*
 * bundle.c -- build one bundle: a deterministic ustar archive, encrypted
 * with age to the partner and to the station's own archive key, its
 * ciphertext signed with the station's minisign key.
 *
 *   BUNDLE.TAR.AGE = age(partner, station archive) of the ustar archive
 *       REPORTS/<ID>.TXT     the partner view of each report (release.c)
 *       MANIFEST.TXT         what the bundle is (format below)
 *       SHA256SUMS           sha256sum(1) lines for the files above
 *       SHA256SUMS.minisig   minisign signature of SHA256SUMS
 *       SHA256SUMS.sig       the same for signify(1)
 *   BUNDLE.TAR.AGE.MINISIG   minisign signature of the ciphertext
 *
 * MANIFEST.TXT is "Key: value" lines: Format, Bundle, Station, Country,
 * Station-Key, Partner, Recipient, Agreements, Banner, Created (UTC),
 * Files, Bytes.  In an exercise, it, SHA256SUMS and every report begin
 * and end with the exercise marking, and the signatures begin with it
 * (their untrusted comment) and end with it (a line repeating it).
 *
 * Everything streams: the archive is written into the age writer, whose
 * ciphertext goes both to the caller (the medium) and into the running
 * signature, so a bundle's size is bounded by the medium, not memory.
 * The archive's timestamps are the bundle's creation time: the same
 * reports at the same time give the same archive.
 */
#include "config.h"

#include "bundle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "crypto.h"
#include "i18n.h"
#include "minisign.h"
#include "signpipe.h"
#include "tar.h"

struct bundle_out {
	age_write_fn out;
	void *arg;
	struct signpipe *pipe; /* the signer's hash, on its own thread */
	struct age_writer *age;
	struct relto_err *e;
};

/* Ciphertext: to the medium and into the outer signature. */
static int
bundle_cipher(void *arg, const void *buf, size_t n)
{
	struct bundle_out *o = arg;

	signpipe_write(o->pipe, buf, n);
	return o->out(o->arg, buf, n);
}

/* Plaintext archive bytes: into age. */
static int
bundle_plain(void *arg, const void *buf, size_t n)
{
	struct bundle_out *o = arg;

	return age_writer_write(o->age, buf, n, o->e) == RELTO_OK ? 0 : -1;
}

struct bundle_sums {
	char *text;
	size_t len, cap;
};

static int
bundle_sum(struct bundle_sums *s, const char *name, const void *data,
	   size_t len)
{
	uint8_t h[CRYPTO_SHA256_LEN];
	size_t need = 64 + 2 + strlen(name) + 2;
	char *nt;
	int i;

	if (s->len + need > s->cap) {
		s->cap = (s->len + need) * 2;
		nt = realloc(s->text, s->cap);
		if (nt == NULL)
			return -1;
		s->text = nt;
	}
	crypto_sha256(data, len, h);
	for (i = 0; i < CRYPTO_SHA256_LEN; i++)
		s->len += (size_t)sprintf(s->text + s->len, "%02x", h[i]);
	s->len += (size_t)sprintf(s->text + s->len, "  %s\n", name);
	return 0;
}

/* One file into the archive and its line into SHA256SUMS. */
static int
bundle_file(struct tar_writer *tw, struct bundle_sums *sums, const char *name,
	    const void *data, size_t len, time_t when, struct relto_err *e)
{
	if (sums != NULL && bundle_sum(sums, name, data, len) != 0)
		return err_set(e, RELTO_ENOMEM, _("out of memory"));
	return tar_add(tw, name, data, len, (int64_t)when, e);
}

/* A report as shipped: in an exercise, the marking frames it. */
static char *
bundle_frame(const struct bundle_params *p, const char *text, size_t len,
	     size_t *outlen)
{
	size_t m = p->exercise != NULL ? strlen(p->exercise) : 0;
	char *t = malloc(len + 2 * m + 4);

	if (t == NULL)
		return NULL;
	if (m == 0) {
		memcpy(t, text, len);
		*outlen = len;
	} else
		*outlen = (size_t)sprintf(t, "%s\n%.*s%s\n", p->exercise,
					  (int)len, text, p->exercise);
	return t;
}

/* "Report: ID TOPIC..." lines, so a partner station can import. */
static int
bundle_manifest_reports(const struct bundle_params *p, char **body)
{
	size_t i, len = strlen(*body), need;
	char *nb;

	for (i = 0; i < p->nreports; i++) {
		const char *topics =
		    p->reports[i].topics != NULL ? p->reports[i].topics : "";

		need = len + strlen(p->reports[i].id) + strlen(topics) + 16;
		nb = realloc(*body, need);
		if (nb == NULL)
			return -1;
		*body = nb;
		len += (size_t)snprintf(*body + len, need - len,
					"Report: %s%s%s\n", p->reports[i].id,
					*topics ? " " : "", topics);
	}
	return 0;
}

static char *
bundle_manifest(const struct bundle_params *p, uint64_t bytes, size_t *len)
{
	char when[CLOCK_UTC_LEN], id[MINISIGN_KEYID_HEX_LEN], *body, *out;
	size_t n;

	clock_utc(p->when, when);
	minisign_keyid_hex(p->keys->sign.pub.keyid, id);
	n = 1024 + strlen(p->banner) + strlen(p->agreements) +
	    strlen(p->recipient) + strlen(p->station);
	body = malloc(n);
	if (body == NULL)
		return NULL;
	snprintf(body, n,
		 "Format: relto bundle %d\n"
		 "Bundle: %s\n"
		 "Station: %s\n"
		 "Country: %s\n"
		 "Station-Key: %s\n"
		 "Partner: %s\n"
		 "Recipient: %s\n"
		 "Agreements: %s\n"
		 "Banner: %s\n"
		 "Created: %s\n"
		 "Files: %zu\n"
		 "Bytes: %llu\n",
		 BUNDLE_FORMAT, p->id, p->station, p->country, id, p->partner,
		 p->recipient, p->agreements, p->banner, when, p->nreports,
		 (unsigned long long)bytes);
	if (bundle_manifest_reports(p, &body) != 0) {
		free(body);
		return NULL;
	}
	out = bundle_frame(p, body, strlen(body), len);
	free(body);
	return out;
}

/* A generous upper bound of the .TAR.AGE size, for the space check. */
uint64_t
bundle_estimate(const struct bundle_params *p)
{
	uint64_t plain = 16 * 1024, chunks;
	size_t i;

	for (i = 0; i < p->nreports; i++)
		plain += p->reports[i].len + 1024 + 512;
	chunks = plain / AGE_CHUNK_SIZE + 1;
	return plain + chunks * AGE_TAG_LEN + 4096;
}

static int
bundle_reports(const struct bundle_params *p, struct tar_writer *tw,
	       struct bundle_sums *sums, uint64_t *bytes, struct relto_err *e)
{
	char name[128], *framed;
	size_t i, n;
	int rc = RELTO_OK;

	for (i = 0; rc == RELTO_OK && i < p->nreports; i++) {
		snprintf(name, sizeof name, "REPORTS/%s.TXT", p->reports[i].id);
		framed =
		    bundle_frame(p, p->reports[i].view, p->reports[i].len, &n);
		if (framed == NULL)
			return err_set(e, RELTO_ENOMEM, _("out of memory"));
		rc = bundle_file(tw, sums, name, framed, n, p->when, e);
		*bytes += n;
		free(framed);
	}
	return rc;
}

/* The inside: reports, manifest, sums and their signatures. */
static int
bundle_archive(const struct bundle_params *p, struct tar_writer *tw,
	       struct relto_err *e)
{
	struct bundle_sums sums = {NULL, 0, 0};
	char *manifest = NULL, *sig = NULL, *ssig = NULL, *framed = NULL,
	     trusted[160];
	size_t mlen = 0, siglen = 0, ssiglen = 0;
	uint64_t bytes = 0;
	int rc;

	rc = bundle_reports(p, tw, &sums, &bytes, e);
	if (rc == RELTO_OK &&
	    (manifest = bundle_manifest(p, bytes, &mlen)) == NULL)
		rc = err_set(e, RELTO_ENOMEM, _("out of memory"));
	if (rc == RELTO_OK)
		rc = bundle_file(tw, &sums, "MANIFEST.TXT", manifest, mlen,
				 p->when, e);
	snprintf(trusted, sizeof trusted, "relto bundle %s", p->id);
	if (rc == RELTO_OK && p->exercise != NULL &&
	    (framed = bundle_frame(p, sums.text, sums.len, &sums.len)) == NULL)
		rc = err_set(e, RELTO_ENOMEM, _("out of memory"));
	if (framed != NULL) {
		free(sums.text);
		sums.text = framed;
	}
	if (rc == RELTO_OK)
		rc = minisign_sign(&p->keys->sign, sums.text, sums.len, trusted,
				   p->exercise, &sig, &siglen, e);
	if (rc == RELTO_OK)
		rc = minisign_sign_signify(&p->keys->sign, sums.text, sums.len,
					   p->exercise, &ssig, &ssiglen, e);
	/* In an exercise the marking ends the signatures as it begins them. */
	if (rc == RELTO_OK && p->exercise != NULL &&
	    (rc = minisign_echo_comment(&sig, &siglen, e)) == RELTO_OK)
		rc = minisign_echo_comment(&ssig, &ssiglen, e);
	if (rc == RELTO_OK)
		rc = bundle_file(tw, NULL, "SHA256SUMS", sums.text, sums.len,
				 p->when, e);
	if (rc == RELTO_OK)
		rc = bundle_file(tw, NULL, "SHA256SUMS.minisig", sig, siglen,
				 p->when, e);
	if (rc == RELTO_OK)
		rc = bundle_file(tw, NULL, "SHA256SUMS.sig", ssig, ssiglen,
				 p->when, e);
	if (rc == RELTO_OK)
		rc = tar_finish(tw, e);
	free(manifest);
	free(sig);
	free(ssig);
	free(sums.text);
	return rc;
}

/*
 * Write the bundle's ciphertext to out; *minisig receives the outer
 * signature file (malloc'd).
 */
int
bundle_write(const struct bundle_params *p, age_write_fn out, void *arg,
	     char **minisig, size_t *minisig_len, struct relto_err *e)
{
	uint8_t to[2][AGE_X25519_LEN];
	struct age_recipients rcp;
	struct minisign_signer signer;
	struct tar_writer tw;
	struct bundle_out o;
	char trusted[160];
	int rc;

	if (age_recipient_decode(p->recipient, to[0], e) != RELTO_OK)
		return err_set(e, RELTO_EUSAGE,
			       _("%s's recipient is not a valid age key"),
			       p->partner);
	memcpy(to[1], p->keys->archive_pub, AGE_X25519_LEN);
	memset(&rcp, 0, sizeof rcp);
	rcp.x25519 = (const uint8_t(*)[AGE_X25519_LEN])to;
	rcp.n_x25519 = 2;
	if (minisign_sign_init(&signer, &p->keys->sign, e) != RELTO_OK)
		return e->code;
	o.out = out;
	o.arg = arg;
	o.e = e;
	if ((o.pipe = signpipe_start(&signer)) == NULL) {
		minisign_sign_abort(&signer);
		return err_set(e, RELTO_ENOMEM, _("out of memory"));
	}
	if (age_writer_open(&o.age, &rcp, 0, bundle_cipher, &o, e) !=
	    RELTO_OK) {
		signpipe_finish(o.pipe);
		minisign_sign_abort(&signer);
		return e->code;
	}
	tar_writer_init(&tw, bundle_plain, &o);
	rc = bundle_archive(p, &tw, e);
	tar_writer_free(&tw);
	if (rc == RELTO_OK)
		rc = age_writer_close(o.age, e);
	age_writer_free(o.age);
	signpipe_finish(o.pipe); /* every byte of ciphertext is hashed */
	snprintf(trusted, sizeof trusted, "relto bundle %s for %s", p->id,
		 p->partner);
	if (rc != RELTO_OK) {
		minisign_sign_abort(&signer);
		return rc;
	}
	/* In an exercise the untrusted comment, the first line, is the
	   exercise marking. */
	if ((rc = minisign_sign_final(&signer, trusted, p->exercise, minisig,
				      minisig_len, e)) == RELTO_OK &&
	    p->exercise != NULL &&
	    (rc = minisign_echo_comment(minisig, minisig_len, e)) != RELTO_OK) {
		free(*minisig);
		*minisig = NULL;
	}
	return rc;
}

/* README.TXT for the medium: how a partner checks and opens a bundle. */
int
bundle_readme(const struct bundle_params *p, char **out, size_t *len)
{
	const char *pub =
	    p->exercise != NULL ? "EXERCISE_STATION.PUB" : "STATION.PUB";
	char *t = malloc(4096);
	int n;

	if (t == NULL)
		return RELTO_ENOMEM;
	n = snprintf(t, 4096,
		     "%s%s"
		     "Bundles from relto station %s (%s).\r\n"
		     "\r\n"
		     "Each NAME.TAR.AGE is an age-encrypted tar archive, "
		     "signed by the station.\r\n"
		     "To check and open one with stock tools:\r\n"
		     "\r\n"
		     "  minisign -Vm NAME.TAR.AGE -x NAME.TAR.AGE.MINISIG "
		     "-p %s\r\n"
		     "  age -d -i YOUR-KEY-FILE NAME.TAR.AGE | tar -x\r\n"
		     "  minisign -Vm SHA256SUMS -p %s\r\n"
		     "  sha256sum -c SHA256SUMS\r\n"
		     "\r\n"
		     "or with relto: relto bundle open NAME.TAR.AGE "
		     "--identity KEY --station-key %s --out DIR\r\n"
		     "%s%s%s",
		     p->exercise != NULL ? p->exercise : "",
		     p->exercise != NULL ? "\r\n\r\n" : "", p->station,
		     p->country, pub, pub, pub,
		     p->exercise != NULL ? "\r\n" : "",
		     p->exercise != NULL ? p->exercise : "",
		     p->exercise != NULL ? "\r\n" : "");
	*out = t;
	*len = (size_t)n;
	return RELTO_OK;
}
