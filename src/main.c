/*
 * main.c -- start-up: harden the process, set up the locale and the
 * crypto library, then hand the command line to the CLI.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "crypto.h"
#include "harden.h"
#include "i18n.h"

/*
 * RELTO_LOCALEDIR lets an uninstalled build find its catalogues (the test
 * suite uses it); installed programs use the configured directory.
 */
static const char *
main_localedir(void)
{
	const char *d = getenv("RELTO_LOCALEDIR");

	return d != NULL && *d != '\0' ? d : LOCALEDIR;
}

int
main(int argc, char **argv)
{
	struct relto_err e;

	err_clear(&e);
	if (harden_process(&e) != RELTO_OK) {
		fprintf(stderr, "relto: %s\n", e.msg);
		return 1;
	}
	setlocale(LC_ALL, "");
	bindtextdomain(PACKAGE, main_localedir());
	textdomain(PACKAGE);
	if (crypto_init(&e) != RELTO_OK) {
		fprintf(stderr, "relto: %s\n", e.msg);
		return 1;
	}
	return cli_main(argc, argv);
}
