/*
 * bundle-bench.c -- time writing a bundle of MB MiB of report text: the
 * ustar archive, age encryption to two recipients, the minisign
 * signature over the ciphertext, streamed to a file -- and write the
 * same reports as a plain ustar archive, so bundle-bench.sh can time
 * stock `age -r` encrypting it.  Run by `make bench`, never by make check.
 *
 *   bundle-bench MB DIR   writes DIR/bundle.tar.age, DIR/plain.tar and
 *                         DIR/recipient; prints "relto SECONDS"
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bundle.h"
#include "crypto.h"
#include "keys.h"
#include "tar.h"

#define REPORT_BYTES (1024 * 1024)

static int
file_write(void *arg, const void *buf, size_t n)
{
	return fwrite(buf, 1, n, arg) == n ? 0 : -1;
}

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void
die(const char *what, const struct relto_err *e)
{
	fprintf(stderr, "bundle-bench: %s: %s\n", what, e ? e->msg : "");
	exit(1);
}

/* One report's worth of portion-marked text, varied by seed. */
static char *
report_text(unsigned seed)
{
	static const char *const words[] = {
	    "vessel", "harbour", "convoy",    "north", "quay",     "tanker",
	    "crew",   "weather", "logistics", "fuel",  "delivery", "route"};
	char *t = malloc(REPORT_BYTES + 64);
	size_t n = 0;

	if (t == NULL)
		return NULL;
	n += (size_t)sprintf(t, "UNCLASSIFIED\n\n(U) ");
	while (n < REPORT_BYTES - 32) {
		seed = seed * 1103515245u + 12345u;
		n += (size_t)sprintf(t + n, "%s ", words[(seed >> 16) % 12]);
		if ((seed >> 8) % 97 == 0)
			n += (size_t)sprintf(t + n, "\n\n(U) ");
	}
	n += (size_t)sprintf(t + n, "\n\nUNCLASSIFIED\n");
	t[n] = '\0';
	return t;
}

int
main(int argc, char **argv)
{
	struct bundle_report *reps;
	struct bundle_params bp;
	struct tar_writer tw;
	struct relto_err e;
	struct keys k;
	char rcpt[AGE_RECIPIENT_BUFLEN], path[4096], (*ids)[32], *sig;
	uint8_t sec[AGE_X25519_LEN], pub[AGE_X25519_LEN];
	size_t i, n, siglen;
	double t0, t1;
	FILE *f;

	if (argc != 3 || (n = (size_t)atoi(argv[1])) == 0)
		die("usage: bundle-bench MB DIR", NULL);
	if (crypto_init(&e) != RELTO_OK)
		die("crypto", &e);
	memset(&k, 0, sizeof k);
	if (minisign_keygen(&k.sign, &e) != RELTO_OK ||
	    age_x25519_generate(sec, k.archive_pub, &e) != RELTO_OK ||
	    age_x25519_generate(sec, pub, &e) != RELTO_OK ||
	    age_recipient_encode(pub, rcpt, &e) != RELTO_OK)
		die("keys", &e);
	reps = calloc(n, sizeof *reps);
	ids = calloc(n, sizeof *ids);
	for (i = 0; reps != NULL && ids != NULL && i < n; i++) {
		snprintf(ids[i], sizeof ids[i], "R-%05zu", i);
		reps[i].id = ids[i];
		reps[i].topics = "MARITIME";
		reps[i].view = report_text((unsigned)i);
		if (reps[i].view == NULL)
			die("out of memory", NULL);
		reps[i].len = strlen(reps[i].view);
	}
	memset(&bp, 0, sizeof bp);
	bp.id = "BENCH-GBR-20260101-001";
	bp.station = "BENCH";
	bp.country = "USA";
	bp.partner = "GBR";
	bp.recipient = rcpt;
	bp.agreements = "AGR-BENCH";
	bp.banner = "UNCLASSIFIED";
	bp.when = 1767225600;
	bp.reports = reps;
	bp.nreports = n;
	bp.keys = &k;

	snprintf(path, sizeof path, "%s/bundle.tar.age", argv[2]);
	if ((f = fopen(path, "wb")) == NULL)
		die(path, NULL);
	t0 = now();
	if (bundle_write(&bp, file_write, f, &sig, &siglen, &e) != RELTO_OK)
		die("bundle", &e);
	if (fflush(f) != 0)
		die("write", NULL);
	t1 = now();
	fclose(f);
	free(sig);
	printf("relto %.3f\n", t1 - t0);

	/* The same reports as a plain archive, for stock age. */
	snprintf(path, sizeof path, "%s/plain.tar", argv[2]);
	if ((f = fopen(path, "wb")) == NULL)
		die(path, NULL);
	tar_writer_init(&tw, file_write, f);
	for (i = 0; i < n; i++) {
		char name[64];

		snprintf(name, sizeof name, "REPORTS/%s.TXT", reps[i].id);
		if (tar_add(&tw, name, reps[i].view, reps[i].len, 0, &e) !=
		    RELTO_OK)
			die("tar", &e);
	}
	if (tar_finish(&tw, &e) != RELTO_OK)
		die("tar", &e);
	tar_writer_free(&tw);
	fclose(f);
	snprintf(path, sizeof path, "%s/recipient", argv[2]);
	if ((f = fopen(path, "w")) == NULL)
		die(path, NULL);
	fprintf(f, "%s\n", rcpt);
	fclose(f);
	minisign_key_wipe(&k.sign);
	return 0;
}
