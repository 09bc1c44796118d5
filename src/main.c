/*
 * main.c -- start-up: harden the process, set up the locale and the
 * crypto library, read the global options; then a command goes to the
 * CLI and no command opens the workstation.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "crypto.h"
#include "harden.h"
#include "i18n.h"
#include "tui/tui.h"

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

static int
main_workstation(struct cli *c)
{
	struct tui_options o;
	const char *nc = getenv("NO_COLOR");
	int rc;

	if ((rc = cli_db_path(c)) != 0)
		return rc;
	o.db_path = c->db;
	o.passphrase_fd = c->passphrase_fd;
	o.trainer = c->trainer;
	o.notice = c->notice;
	o.no_color = nc != NULL && *nc != '\0';
	rc = tui_main(&o);
	if (rc != 0 && tui_error() != NULL)
		fprintf(stderr, "relto: %s\n", tui_error());
	return rc;
}

int
main(int argc, char **argv)
{
	struct relto_err e;
	struct cli c;
	int rc, next;

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
	if ((rc = cli_globals(&c, argc, argv, &next)) >= 0)
		return rc;
	c.workstation = main_workstation;
	if (next == argc)
		return main_workstation(&c);
	return cli_run(&c, argc - next, argv + next);
}
