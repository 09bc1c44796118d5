/*
 * cmd-marking.c -- relto marking check STRING | rollup PORTION...: the
 * marking rules on the command line, with or without a store.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "clock.h"
#include "i18n.h"
#include "import.h"
#include "marking.h"
#include "station.h"
#include "store.h"

static const struct option marking_options[] = {
    {"country", required_argument, NULL, 'c'},
    {"date", required_argument, NULL, 'd'},
    {NULL, 0, NULL, 0},
};

/*
 * The context: the store's partners and country when --db was given,
 * else the built-in partners and USA; --country and --date override.
 */
static int
marking_context(struct cli *c, const char *country, const char *date,
		struct partner_set *set, struct marking_ctx *ctx)
{
	struct relto_err e;
	struct store *s;
	char cc[4];
	int rc;

	err_clear(&e);
	if (date != NULL && !agreement_date_valid(date))
		return cli_usage_error("marking",
				       _("'%s' is not a date (YYYY-MM-DD)"),
				       cli_arg(date));
	if (country != NULL &&
	    station_check_country(country, cc, &e) != RELTO_OK)
		return cli_usage_error("marking", "%s", e.msg);
	if (c->db != NULL) {
		if ((rc = cli_open(c, &s)) != 0)
			return rc;
		rc = import_context(s, set, ctx, date, &e);
		store_close(s);
		if (rc != RELTO_OK)
			return cli_fail(&e);
	} else {
		memset(ctx, 0, sizeof *ctx);
		partner_set_init(set);
		if (partner_set_load_default(set, &e) != RELTO_OK)
			return cli_fail(&e);
		snprintf(ctx->own, sizeof ctx->own, "USA");
		if (date == NULL) {
			char utc[CLOCK_UTC_LEN];

			clock_utc(clock_now(), utc);
			snprintf(ctx->date, sizeof ctx->date, "%.10s", utc);
		}
		ctx->partners = set;
	}
	if (date != NULL)
		snprintf(ctx->date, sizeof ctx->date, "%s", date);
	if (country != NULL)
		snprintf(ctx->own, sizeof ctx->own, "%s", cc);
	return 0;
}

static int
marking_args(int argc, char **argv, const char **country, const char **date)
{
	int ch;

	optind = 0;
	opterr = 0;
	/* Markings never start with '-': options may come anywhere. */
	while ((ch = getopt_long(argc, argv, ":", marking_options, NULL)) !=
	       -1) {
		if (ch == 'c')
			*country = optarg;
		else if (ch == 'd')
			*date = optarg;
		else
			return cli_bad_option("marking", ch, argv);
	}
	return -1;
}

static int
marking_check_cmd(struct cli *c, int argc, char **argv)
{
	const char *country = NULL, *date = NULL;
	char canon[MARKING_TEXT_MAX];
	struct partner_set set;
	struct marking_ctx ctx;
	struct relto_err e;
	int rc;

	if ((rc = marking_args(argc, argv, &country, &date)) >= 0)
		return rc;
	if (optind + 1 != argc)
		return cli_usage_error("marking",
				       _("marking check takes one marking, "
					 "quoted"));
	if ((rc = marking_context(c, country, date, &set, &ctx)) != 0)
		return rc;
	err_clear(&e);
	rc = marking_check(argv[optind], MARKING_ANY, &ctx, canon, sizeof canon,
			   &e);
	partner_set_free(&set);
	if (rc == RELTO_OK) {
		printf("%s\n", canon);
		return 0;
	}
	cli_error("%s", e.msg);
	return 1;
}

static int
marking_rollup_cmd(struct cli *c, int argc, char **argv)
{
	const char *country = NULL, *date = NULL;
	char out[MARKING_TEXT_MAX];
	struct marking *m, banner;
	struct partner_set set;
	struct marking_ctx ctx;
	struct relto_err e;
	int rc, i, n;

	if ((rc = marking_args(argc, argv, &country, &date)) >= 0)
		return rc;
	n = argc - optind;
	if (n < 1)
		return cli_usage_error("marking",
				       _("marking rollup takes one or more "
					 "portion markings"));
	if ((rc = marking_context(c, country, date, &set, &ctx)) != 0)
		return rc;
	m = calloc((size_t)n, sizeof *m);
	rc = m == NULL ? 1 : 0;
	for (i = 0; rc == 0 && i < n; i++) {
		err_clear(&e);
		if (marking_parse(argv[optind + i], MARKING_PORTION, &ctx,
				  &m[i], &e) != RELTO_OK) {
			cli_error("%s: %s", cli_arg(argv[optind + i]), e.msg);
			rc = 1;
		}
	}
	if (rc == 0 &&
	    marking_rollup(m, (size_t)n, &ctx, &banner) != RELTO_OK) {
		cli_error(_("these portions do not roll up into one banner"));
		rc = 1;
	}
	if (rc == 0) {
		marking_format(&banner, MARKING_BANNER, out, sizeof out);
		printf("%s\n", out);
	}
	free(m);
	partner_set_free(&set);
	return rc;
}

int
cmd_marking(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("marking", _("say 'check' or 'rollup'"));
	if (strcmp(argv[1], "check") == 0)
		return marking_check_cmd(c, argc - 1, argv + 1);
	if (strcmp(argv[1], "rollup") == 0)
		return marking_rollup_cmd(c, argc - 1, argv + 1);
	return cli_usage_error("marking", _("unknown subcommand '%s'"),
			       cli_arg(argv[1]));
}
