/*
 * cmd-demo.c -- relto demo: make the demonstration station on first use
 * (src/core/demo.c) and open the workstation on it.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "demo.h"
#include "i18n.h"

int
cmd_demo(struct cli *c, int argc, char **argv)
{
	char notice[128];
	struct relto_err e;
	int fds[2], created, rc;

	if (argc > 1)
		return cli_usage_error("demo", _("unexpected argument '%s'"),
				       cli_arg(argv[1]));
	err_clear(&e);
	if (c->db == NULL) {
		if (demo_path(c->db_buf, sizeof c->db_buf, &e) != RELTO_OK)
			return cli_fail(&e);
		c->db = c->db_buf;
	}
	if (demo_prepare(c->db, &created, &e) != RELTO_OK)
		return cli_fail(&e);
	if (created)
		fprintf(stderr,
			_("relto: made the demonstration station %s "
			  "(passphrase: %s)\n"),
			cli_arg(c->db), DEMO_PASSPHRASE);
	/* The workstation reads the published passphrase from a pipe. */
	if (pipe(fds) != 0 || write(fds[1], DEMO_PASSPHRASE "\n",
				    strlen(DEMO_PASSPHRASE) + 1) < 0) {
		cli_error(_("cannot open a pipe"));
		return 1;
	}
	close(fds[1]);
	c->passphrase_fd = fds[0];
	snprintf(notice, sizeof notice, _("demo, passphrase: %s"),
		 DEMO_PASSPHRASE);
	c->notice = notice;
	rc = c->workstation != NULL ? c->workstation(c) : 2;
	close(fds[0]);
	return rc;
}
