/*
 * cmd-audit.c -- relto audit list [--limit N] | verify.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cli.h"
#include "i18n.h"
#include "store.h"

static int
audit_print(const struct store_audit_row *row, void *arg)
{
	(void)arg;
	printf("%6lld  %s  %-10s %-12s ", row->seq, row->at,
	       cli_arg(row->actor), cli_arg(row->action));
	printf("%s", cli_arg(row->object));
	if (row->detail[0] != '\0')
		printf("  %s", cli_arg(row->detail));
	putchar('\n');
	return 0;
}

static const struct option list_options[] = {
    {"limit", required_argument, NULL, 'l'},
    {NULL, 0, NULL, 0},
};

static int
audit_list(struct cli *c, int argc, char **argv)
{
	struct relto_err e;
	struct store *s;
	long long limit = -1, last;
	uint8_t hash[32];
	char *end;
	int ch, rc;

	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":", list_options, NULL)) != -1) {
		if (ch != 'l')
			return cli_bad_option("audit", ch, argv);
		limit = strtoll(optarg, &end, 10);
		if (*optarg == '\0' || *end != '\0' || limit < 0)
			return cli_usage_error("audit",
					       _("--limit takes a number"));
	}
	if (optind != argc)
		return cli_usage_error("audit", _("unexpected argument '%s'"),
				       cli_arg(argv[optind]));
	if ((rc = cli_open(c, &s)) != 0)
		return rc;
	err_clear(&e);
	rc = store_audit_last(s, &last, hash, &e);
	if (rc == RELTO_OK)
		rc = store_audit_each(s, limit < 0 ? 1 : last - limit + 1,
				      audit_print, NULL, &e);
	store_close(s);
	return rc == RELTO_OK ? 0 : cli_fail(&e);
}

static int
audit_verify_cmd(struct cli *c, int argc, char **argv)
{
	struct relto_err e;
	struct store *s;
	long long n = 0;
	int rc;

	if (argc > 1)
		return cli_usage_error("audit", _("unexpected argument '%s'"),
				       cli_arg(argv[1]));
	if ((rc = cli_open(c, &s)) != 0)
		return rc;
	err_clear(&e);
	rc = audit_verify(s, &n, &e);
	store_close(s);
	if (rc != RELTO_OK)
		return cli_fail(&e);
	printf(ngettext("The audit chain holds: %lld entry, not edited, "
			"deleted or reordered.\n",
			"The audit chain holds: %lld entries, none edited, "
			"deleted or reordered.\n",
			(unsigned long)n),
	       n);
	return 0;
}

int
cmd_audit(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("audit", _("say 'list' or 'verify'"));
	if (strcmp(argv[1], "list") == 0)
		return audit_list(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "verify") == 0)
		return audit_verify_cmd(c, argc - 1, argv + 1);
	return cli_usage_error("audit", _("unknown subcommand '%s'"),
			       cli_arg(argv[1]));
}
