/*
 * cmd-release.c -- relto release check, preview, consent, decide and
 * sanitize: the release rule (src/core/release.c) on the command line.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "cli.h"
#include "i18n.h"
#include "import.h"
#include "store.h"

static const struct option date_options[] = {
    {"date", required_argument, NULL, 'd'},
    {NULL, 0, NULL, 0},
};

/* "REPORT PARTNER [--date D]"; returns -1 to go on. */
static int
release_args(const char *cmd, int argc, char **argv, const char **date)
{
	int ch;

	optind = 0;
	opterr = 0;
	*date = NULL;
	while ((ch = getopt_long(argc, argv, ":", date_options, NULL)) != -1) {
		if (ch != 'd')
			return cli_bad_option(cmd, ch, argv);
		*date = optarg;
	}
	if (argc - optind != 2)
		return cli_usage_error(cmd, _("name a report and a partner"));
	return -1;
}

static int
release_load(struct cli *c, const char *report, const char *partner,
	     const char *date, struct action_release *ar)
{
	struct relto_err e;
	struct store *s;
	int rc;

	if ((rc = cli_open(c, &s)) != 0)
		return rc;
	err_clear(&e);
	rc = action_release_load(s, report, partner, date, ar, &e);
	store_close(s);
	return rc == RELTO_OK ? 0 : cli_fail(&e);
}

/* One row per portion: number, marking, verdict, then every reason. */
static void
release_table(const struct action_release *ar)
{
	char mark[MARKING_TEXT_MAX];
	size_t i, j;

	printf("%-3s %-28s %-18s %s\n", _("#"), _("MARKING"), _("VERDICT"),
	       _("REASONS"));
	for (i = 0; i < ar->result.n; i++) {
		const struct release_portion *p = &ar->result.p[i];

		marking_format(&ar->report.p[p->index].m, MARKING_PORTION, mark,
			       sizeof mark);
		printf("%-3zu %-28s %-18s ", i + 1, mark,
		       release_verdict_name(p->verdict));
		if (p->nreasons == 0)
			printf(_("covered by %s"), cli_arg(p->agreement));
		for (j = 0; j < p->nreasons; j++)
			printf("%*s%s\n", j ? 52 : 0, "",
			       cli_arg(p->reasons[j]));
		if (p->nreasons == 0)
			printf("\n");
	}
}

static int
cmd_release_check(struct cli *c, int argc, char **argv)
{
	struct action_release ar;
	const char *date;
	int rc;

	if ((rc = release_args("release", argc, argv, &date)) >= 0)
		return rc;
	if ((rc = release_load(c, argv[optind], argv[optind + 1], date, &ar)) !=
	    0)
		return rc;
	printf(_("Report %s to %s on %s:\n\n"), cli_arg(ar.report.id),
	       argv[optind + 1], ar.ctx.date);
	release_table(&ar);
	action_release_free(&ar);
	return 0;
}

int
cmd_release(struct cli *c, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "check") == 0)
		return cmd_release_check(c, argc - 1, argv + 1);
	return cli_usage_error("release",
			       _("say 'check REPORT PARTNER [--date D]'"));
}

int
cmd_preview(struct cli *c, int argc, char **argv)
{
	struct action_release ar;
	const char *date;
	size_t i, j;
	int rc;

	if ((rc = release_args("preview", argc, argv, &date)) >= 0)
		return rc;
	if ((rc = release_load(c, argv[optind], argv[optind + 1], date, &ar)) !=
	    0)
		return rc;
	if (ar.result.view == NULL) {
		cli_error(_("nothing in %s may go to %s:"),
			  cli_arg(ar.report.id), argv[optind + 1]);
		for (i = 0; i < ar.result.n; i++)
			for (j = 0; j < ar.result.p[i].nreasons; j++)
				fprintf(stderr, _("  portion %zu: %s\n"), i + 1,
					cli_arg(ar.result.p[i].reasons[j]));
		action_release_free(&ar);
		return 1;
	}
	cli_put_safe(stdout, ar.result.view, strlen(ar.result.view));
	action_release_free(&ar);
	return 0;
}

/* ---- consent ------------------------------------------------------------ */

static const struct option consent_options[] = {
    {"by", required_argument, NULL, 'b'},
    {"conditions", required_argument, NULL, 'c'},
    {"date", required_argument, NULL, 'd'},
    {NULL, 0, NULL, 0},
};

static int
consent_add(struct cli *c, int argc, char **argv)
{
	const char *by = NULL, *cond = NULL, *date = NULL;
	struct relto_err e;
	struct store *s;
	int ch, rc;

	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":", consent_options, NULL)) !=
	       -1) {
		if (ch == 'b')
			by = optarg;
		else if (ch == 'c')
			cond = optarg;
		else if (ch == 'd')
			date = optarg;
		else
			return cli_bad_option("consent", ch, argv);
	}
	if (argc - optind != 2 || by == NULL)
		return cli_usage_error(
		    "consent", _("consent add REPORT PARTNER --by NAME"));
	if ((rc = cli_open(c, &s)) != 0)
		return rc;
	err_clear(&e);
	rc = action_consent(s, argv[optind], argv[optind + 1], by, date, cond,
			    &e);
	store_close(s);
	if (rc != RELTO_OK)
		return cli_fail(&e);
	printf(_("Consent recorded: %s may go to %s.\n"), cli_arg(argv[optind]),
	       cli_arg(argv[optind + 1]));
	return 0;
}

static int
consent_print(const struct store_consent *k, void *arg)
{
	(void)arg;
	printf("%-12s %-5s %-10s %-20s %s\n", cli_arg(k->report),
	       cli_arg(k->partner), cli_arg(k->date), cli_arg(k->by),
	       cli_arg(k->conditions));
	return 0;
}

static int
consent_list(struct cli *c, int argc, char **argv)
{
	struct relto_err e;
	struct store *s;
	int rc;

	if (argc > 2)
		return cli_usage_error("consent", _("unexpected argument '%s'"),
				       cli_arg(argv[2]));
	if ((rc = cli_open(c, &s)) != 0)
		return rc;
	printf("%-12s %-5s %-10s %-20s %s\n", _("REPORT"), _("TO"), _("DATE"),
	       _("BY"), _("CONDITIONS"));
	err_clear(&e);
	rc = store_consents_each(s, argc == 2 ? argv[1] : NULL, consent_print,
				 NULL, &e);
	store_close(s);
	return rc == RELTO_OK ? 0 : cli_fail(&e);
}

int
cmd_consent(struct cli *c, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "add") == 0)
		return consent_add(c, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return consent_list(c, argc - 1, argv + 1);
	return cli_usage_error("consent", _("say 'add' or 'list'"));
}

/* ---- decide -------------------------------------------------------------- */

static const struct option decide_options[] = {
    {"reason", required_argument, NULL, 'r'},
    {NULL, 0, NULL, 0},
};

int
cmd_decide(struct cli *c, int argc, char **argv)
{
	struct action_release ar;
	const char *reason = NULL;
	struct relto_err e;
	struct store *s;
	int ch, rc;

	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":", decide_options, NULL)) !=
	       -1) {
		if (ch != 'r')
			return cli_bad_option("decide", ch, argv);
		reason = optarg;
	}
	if (argc - optind != 3 || reason == NULL)
		return cli_usage_error("decide",
				       _("decide REPORT PARTNER release|"
					 "release-sanitized|withhold --reason "
					 "TEXT"));
	if ((rc = cli_open(c, &s)) != 0)
		return rc;
	err_clear(&e);
	memset(&ar, 0, sizeof ar);
	rc = action_decide(s, argv[optind], argv[optind + 1], argv[optind + 2],
			   reason, &ar, &e);
	store_close(s);
	if (rc != RELTO_OK) {
		cli_error("%s", e.msg);
		if (ar.result.n > 0)
			release_table(&ar);
		action_release_free(&ar);
		return err_exit_status(rc);
	}
	action_release_free(&ar);
	printf(_("Decision recorded: %s %s to %s.\n"), argv[optind + 2],
	       cli_arg(argv[optind]), cli_arg(argv[optind + 1]));
	return 0;
}

/* ---- sanitize ------------------------------------------------------------ */

int
cmd_sanitize(struct cli *c, int argc, char **argv)
{
	struct sanitizer *san = NULL;
	struct sanitize_hits hits = {NULL, 0, 0};
	struct relto_err e;
	struct store *s;
	char *in = NULL, *out = NULL;
	size_t len = 0, outlen, i;
	int rc = 0, blocked = 0, from_store = 0;

	if (argc == 2 && strcmp(argv[1], "--terms-from-store") == 0)
		from_store = 1;
	else if (argc > 1)
		return cli_usage_error("sanitize", _("the only option is "
						     "--terms-from-store"));
	err_clear(&e);
	if (from_store) {
		if ((rc = cli_open(c, &s)) != 0)
			return rc;
		rc = action_sanitizer(s, &san, &e);
		store_close(s);
	} else if ((rc = sanitize_new(&san, &e)) == RELTO_OK)
		rc = sanitize_compile(san, &e);
	if (rc != RELTO_OK)
		return cli_fail(&e);
	/* All of it or nothing: a cut text would look sanitized. */
	if ((in = cli_slurp("-", &len)) == NULL)
		rc = err_set(&e, errno == ENOMEM ? RELTO_ENOMEM : RELTO_EIO,
			     _("cannot read the standard input: %s"),
			     strerror(errno));
	if (rc == RELTO_OK)
		rc = sanitize_scan(san, in, len, &hits, &e);
	if (rc == RELTO_OK)
		rc = sanitize_apply(san, in, len, &hits, &out, &outlen,
				    &blocked, &e);
	for (i = 0; rc == RELTO_OK && i < hits.n; i++) {
		const struct sanitize_hit *h = &hits.v[i];
		char *frag = strndup(in + h->start, h->end - h->start);

		printf("%zu-%zu\t%s\t%s\t%s\n", h->start, h->end,
		       sanitize_rule_name(h->rule),
		       sanitize_action_name(h->action),
		       frag != NULL ? cli_arg(frag) : "");
		free(frag);
	}
	if (rc == RELTO_OK) {
		printf("%s\n", blocked ? _("-- sanitized (BLOCKED: a blocking "
					   "term remains) --")
				       : _("-- sanitized --"));
		cli_put_safe(stdout, out, outlen);
	}
	free(in);
	free(out);
	sanitize_hits_free(&hits);
	sanitize_free(san);
	return rc == RELTO_OK ? (blocked ? 1 : 0) : cli_fail(&e);
}
