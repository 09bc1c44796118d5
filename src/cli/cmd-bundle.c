/*
 * cmd-bundle.c -- relto bundle verify|open|import: a partner checks and
 * opens a bundle (src/core/unbundle.c) -- verify and open need no store --
 * or takes its reports into its own store (src/core/receive.c).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "crypto.h"
#include "i18n.h"
#include "receive.h"
#include "store.h"
#include "unbundle.h"

struct bundle_args {
	const char *file, *pub, *identity, *out;
};

static const struct option bundle_options[] = {
    {"station-key", required_argument, NULL, 'k'},
    {"identity", required_argument, NULL, 'i'},
    {"out", required_argument, NULL, 'o'},
    {NULL, 0, NULL, 0},
};

static int
bundle_args(int argc, char **argv, struct bundle_args *a)
{
	int ch;

	memset(a, 0, sizeof *a);
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":", bundle_options, NULL)) !=
	       -1) {
		if (ch == 'k')
			a->pub = optarg;
		else if (ch == 'i')
			a->identity = optarg;
		else if (ch == 'o')
			a->out = optarg;
		else
			return cli_bad_option("bundle", ch, argv);
	}
	if (argc - optind != 1 || a->pub == NULL)
		return cli_usage_error("bundle",
				       _("name the bundle and --station-key "
					 "PUB"));
	a->file = argv[optind];
	return -1;
}

static int
bundle_pub(const char *path, struct minisign_pub *pub, struct relto_err *e)
{
	char buf[1024];
	size_t n;
	FILE *f = fopen(path, "r");

	if (f == NULL)
		return err_set(e, RELTO_EIO, _("cannot open %s"), path);
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	return minisign_public_parse(buf, n, pub, e);
}

/* FILE.MINISIG as relto writes it, else minisign's FILE.minisig. */
static void
bundle_sigpath(const char *file, char *out, size_t cap)
{
	snprintf(out, cap, "%s.MINISIG", file);
	if (access(out, R_OK) != 0)
		snprintf(out, cap, "%s.minisig", file);
}

/* Into this station's store: the reports, originated by the sender. */
static int
bundle_import(struct cli *c, const struct unbundle *u)
{
	struct relto_err e;
	struct store *s;
	char bundle[128];
	size_t n;
	int rc;

	if ((rc = cli_open(c, &s)) != 0)
		return rc;
	err_clear(&e);
	rc = receive_import(s, u, &n, bundle, sizeof bundle, &e);
	store_close(s);
	if (rc != RELTO_OK)
		return cli_fail(&e);
	printf(ngettext("Imported %zu report from bundle %s.\n",
			"Imported %zu reports from bundle %s.\n",
			(unsigned long)n),
	       n, cli_arg(bundle));
	return 0;
}

static int
bundle_check(struct cli *c, struct bundle_args *a, int what)
{
	struct minisign_pub pub;
	struct unbundle u;
	struct relto_err e;
	char sig[4200], trusted[512];
	uint8_t *id = NULL;
	size_t i;
	int rc;

	err_clear(&e);
	bundle_sigpath(a->file, sig, sizeof sig);
	rc = bundle_pub(a->pub, &pub, &e);
	if (rc == RELTO_OK)
		rc = unbundle_verify(a->file, sig, &pub, trusted,
				     sizeof trusted, &e);
	if (rc != RELTO_OK)
		return cli_fail(&e);
	printf(_("Signature: good (%s)\n"), cli_arg(trusted));
	if (a->identity == NULL)
		return 0;
	id = crypto_secure_alloc(AGE_X25519_LEN);
	if (id == NULL)
		return cli_fail(&e);
	rc = unbundle_identity_file(a->identity, id, &e);
	if (rc == RELTO_OK)
		rc = unbundle_open(a->file, id, &pub, &u, &e);
	crypto_secure_free(id, AGE_X25519_LEN);
	if (rc != RELTO_OK)
		return cli_fail(&e);
	printf(_("Contents: %zu files, each matching the signed SHA256SUMS\n"),
	       u.n);
	for (i = 0; i < u.n; i++)
		printf("  %s\n", cli_arg(u.f[i].name));
	if (what == 2) {
		rc = bundle_import(c, &u);
		unbundle_free(&u);
		return rc;
	}
	if (what == 1 && (rc = unbundle_write(&u, a->out, &e)) == RELTO_OK)
		printf(_("Opened into %s.\n"), cli_arg(a->out));
	unbundle_free(&u);
	return rc == RELTO_OK ? 0 : cli_fail(&e);
}

int
cmd_bundle(struct cli *c, int argc, char **argv)
{
	struct bundle_args a;
	int rc;

	if (argc >= 2 && strcmp(argv[1], "verify") == 0) {
		if ((rc = bundle_args(argc - 1, argv + 1, &a)) >= 0)
			return rc;
		return bundle_check(c, &a, 0);
	}
	if (argc >= 2 && strcmp(argv[1], "import") == 0) {
		if ((rc = bundle_args(argc - 1, argv + 1, &a)) >= 0)
			return rc;
		if (a.identity == NULL)
			return cli_usage_error(
			    "bundle", _("bundle import needs --identity "
					"KEYFILE"));
		return bundle_check(c, &a, 2);
	}
	if (argc >= 2 && strcmp(argv[1], "open") == 0) {
		if ((rc = bundle_args(argc - 1, argv + 1, &a)) >= 0)
			return rc;
		if (a.identity == NULL || a.out == NULL)
			return cli_usage_error("bundle",
					       _("bundle open needs --identity "
						 "KEYFILE and --out DIR"));
		return bundle_check(c, &a, 1);
	}
	return cli_usage_error("bundle", _("say 'verify', 'open' or 'import'"));
}
