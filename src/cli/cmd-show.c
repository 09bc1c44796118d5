/*
 * cmd-show.c -- relto partner|agreement|report list|show: read-only
 * views of the store.  Every value printed comes from the store or a
 * file, so every value goes through cli_arg().
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
#include "store.h"

/* ---- partners ---------------------------------------------------------- */

static int
show_agreements_of(const struct agreement *agr, size_t nagr,
		   const struct partner_set *set, const char *code,
		   const char *date, char *out, size_t cap)
{
	size_t i, len = 0;
	int ceiling, n = 0;

	out[0] = '\0';
	for (i = 0; i < nagr && len < cap; i++)
		if (agreement_names(&agr[i], set, code, date, &ceiling)) {
			len += (size_t)snprintf(out + len, cap - len, "%s%s",
						n ? ", " : "", agr[i].id);
			n++;
		}
	return n;
}

struct show_ctx {
	struct store *s;
	struct partner_set set;
	struct marking_ctx ctx;
	struct agreement *agr;
	size_t nagr;
};

static int
show_load(struct cli *c, struct show_ctx *sc)
{
	struct relto_err e;
	int rc;

	memset(sc, 0, sizeof *sc);
	if ((rc = cli_open(c, &sc->s)) != 0)
		return rc;
	err_clear(&e);
	if (import_context(sc->s, &sc->set, &sc->ctx, NULL, &e) != RELTO_OK ||
	    store_agreements_load(sc->s, &sc->agr, &sc->nagr, &e) != RELTO_OK) {
		store_close(sc->s);
		return cli_fail(&e);
	}
	return 0;
}

static void
show_free(struct show_ctx *sc)
{
	size_t i;

	for (i = 0; i < sc->nagr; i++)
		agreement_free(&sc->agr[i]);
	free(sc->agr);
	partner_set_free(&sc->set);
	store_close(sc->s);
}

/* Partners worth listing: those in the store or named by an agreement. */
static int
show_partner_listed(struct show_ctx *sc, const struct partner *p)
{
	size_t i, j;

	if (!p->builtin || p->recipient != NULL)
		return 1;
	for (i = 0; i < sc->nagr; i++)
		for (j = 0; j < sc->agr[i].nparties; j++)
			if (strcmp(sc->agr[i].parties[j].code, p->code) == 0)
				return 1;
	return 0;
}

static int
partner_list(struct cli *c, int argc, char **argv)
{
	struct show_ctx sc;
	char covered[512];
	size_t i;
	int rc, all = argc > 1 && strcmp(argv[1], "--all") == 0;

	if (argc > 1 + all)
		return cli_usage_error("partner", _("unexpected argument '%s'"),
				       cli_arg(argv[1 + all]));
	if ((rc = show_load(c, &sc)) != 0)
		return rc;
	printf("%-5s %-13s %-4s %-32s %s\n", _("CODE"), _("KIND"), _("KEY"),
	       _("NAME"), _("AGREEMENTS"));
	for (i = 0; i < sc.set.n; i++) {
		const struct partner *p = &sc.set.v[i];

		if (!all && !show_partner_listed(&sc, p))
			continue;
		show_agreements_of(sc.agr, sc.nagr, &sc.set, p->code,
				   sc.ctx.date, covered, sizeof covered);
		printf("%-5s %-13s %-4s %-32s %s\n", p->code,
		       partner_kind_name(p->kind),
		       p->recipient != NULL ? _("yes") : "-", cli_arg(p->name),
		       cli_arg(covered));
	}
	show_free(&sc);
	return 0;
}

static int
partner_show(struct cli *c, int argc, char **argv)
{
	char covered[512], (*list)[PARTNER_CODE_MAX];
	const struct partner *p;
	struct show_ctx sc;
	size_t i, n;
	int rc;

	if (argc != 2)
		return cli_usage_error("partner",
				       _("partner show takes one code"));
	if ((rc = show_load(c, &sc)) != 0)
		return rc;
	p = partner_find(&sc.set, argv[1]);
	if (p == NULL) {
		cli_error(_("there is no partner %s"), cli_arg(argv[1]));
		show_free(&sc);
		return 1;
	}
	printf(_("Code:        %s\n"), p->code);
	printf(_("Name:        %s\n"), cli_arg(p->name));
	printf(_("Kind:        %s\n"), partner_kind_name(p->kind));
	printf(_("Defined in:  %s\n"),
	       p->builtin ? _("relto's partner list") : _("this store"));
	printf(_("Recipient:   %s\n"),
	       p->recipient != NULL ? cli_arg(p->recipient) : _("not set"));
	list = calloc(256, sizeof *list);
	if (list != NULL && p->kind == PARTNER_GROUP) {
		n = partner_members(&sc.set, p->code, sc.ctx.date, list, 256);
		printf(_("Members:     "));
		for (i = 0; i < n; i++)
			printf("%s%s", i ? " " : "", list[i]);
		printf(_(" (on %s)\n"), sc.ctx.date);
	}
	if (list != NULL && p->kind != PARTNER_GROUP) {
		printf(_("Groups:      "));
		for (i = 0, n = 0; i < sc.set.n; i++)
			if (sc.set.v[i].kind == PARTNER_GROUP &&
			    partner_is_member(&sc.set, sc.set.v[i].code,
					      p->code, sc.ctx.date))
				printf("%s%s", n++ ? " " : "",
				       sc.set.v[i].code);
		printf("\n");
	}
	free(list);
	show_agreements_of(sc.agr, sc.nagr, &sc.set, p->code, sc.ctx.date,
			   covered, sizeof covered);
	printf(_("Agreements:  %s\n"), covered[0] ? covered : _("none"));
	show_free(&sc);
	return 0;
}

int
cmd_partner(struct cli *c, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return partner_list(c, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "show") == 0)
		return partner_show(c, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "set-key") == 0)
		return cmd_partner_set_key(c, argc - 1, argv + 1);
	return cli_usage_error("partner",
			       _("say 'list', 'show CODE' or 'set-key CODE "
				 "RECIPIENT'"));
}

/* ---- agreements -------------------------------------------------------- */

static const struct option agreement_options[] = {
    {"status", required_argument, NULL, 's'},
    {"partner", required_argument, NULL, 'p'},
    {NULL, 0, NULL, 0},
};

static int
agreement_list(struct cli *c, int argc, char **argv)
{
	const char *status = NULL, *partner = NULL;
	struct show_ctx sc;
	char parties[256];
	size_t i;
	int ch, rc, ceiling;

	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":", agreement_options, NULL)) !=
	       -1) {
		if (ch == 's')
			status = optarg;
		else if (ch == 'p')
			partner = optarg;
		else
			return cli_bad_option("agreement", ch, argv);
	}
	if (status != NULL && agreement_status_parse(status) < 0)
		return cli_usage_error(
		    "agreement", _("--status is draft, active, suspended, "
				   "expired or terminated"));
	if ((rc = show_load(c, &sc)) != 0)
		return rc;
	printf("%-16s %-12s %-10s %-12s %-11s %-24s %s\n", _("ID"), _("TYPE"),
	       _("STATUS"), _("CEILING"), _("EXPIRES"), _("PARTIES"),
	       _("TITLE"));
	for (i = 0; i < sc.nagr; i++) {
		const struct agreement *a = &sc.agr[i];

		if (status != NULL &&
		    a->status != agreement_status_parse(status))
			continue;
		if (partner != NULL && !agreement_names(a, &sc.set, partner,
							sc.ctx.date, &ceiling))
			continue;
		agreement_party_codes(a, parties, sizeof parties);
		/* "!" marks an agreement that expires soon (core's rule). */
		printf("%-16s %-12s %-10s %-12s %-10s%s %-24s %s\n",
		       cli_arg(a->id), agreement_type_name(a->type),
		       agreement_status_name(a->status),
		       marking_level_name(a->ceiling),
		       a->expires[0] ? a->expires : "-",
		       agreement_expiring(a, sc.ctx.date) >= 0 ? "!" : " ",
		       parties, cli_arg(a->title));
	}
	show_free(&sc);
	return 0;
}

static void
show_field(const char *label, const char *value)
{
	if (value == NULL || *value == '\0')
		return;
	cli_label(stdout, label, 20);
	printf("%s\n", cli_arg(value));
}

static int
agreement_show(struct cli *c, int argc, char **argv)
{
	const struct agreement *a = NULL;
	struct show_ctx sc;
	char buf[1024], why[256];
	size_t i;
	int rc, days;

	if (argc != 2)
		return cli_usage_error("agreement",
				       _("agreement show takes one id"));
	if ((rc = show_load(c, &sc)) != 0)
		return rc;
	for (i = 0; i < sc.nagr; i++)
		if (strcmp(sc.agr[i].id, argv[1]) == 0)
			a = &sc.agr[i];
	if (a == NULL) {
		cli_error(_("there is no agreement %s"), cli_arg(argv[1]));
		show_free(&sc);
		return 1;
	}
	show_field(_("Id:"), a->id);
	show_field(_("Title:"), a->title);
	show_field(_("Instrument:"), a->instrument);
	show_field(_("Type:"), agreement_type_name(a->type));
	buf[0] = '\0';
	for (i = 0; i < a->nparties; i++)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf),
			 "%s%s%s%s", i ? " " : "", a->parties[i].code,
			 a->parties[i].ceiling >= 0 ? ":" : "",
			 a->parties[i].ceiling >= 0
			     ? marking_level_abbrev(a->parties[i].ceiling)
			     : "");
	show_field(_("Parties:"), buf);
	agreement_words((const char(*)[AGREEMENT_TOPIC_MAX])a->topics,
			a->ntopics, buf, sizeof buf);
	show_field(_("Topics:"), buf);
	agreement_words((const char(*)[AGREEMENT_TOPIC_MAX])a->exclusions,
			a->nexclusions, buf, sizeof buf);
	show_field(_("Exclusions:"), buf);
	show_field(_("Ceiling:"), marking_level_name(a->ceiling));
	show_field(_("Status:"), agreement_status_name(a->status));
	if (!agreement_active(a, sc.ctx.date, why, sizeof why))
		show_field(_("Not in force:"), why);
	show_field(_("Signed:"), a->signed_on);
	show_field(_("Effective:"), a->effective);
	show_field(_("Expires:"), a->expires);
	if ((days = agreement_expiring(a, sc.ctx.date)) >= 0) {
		snprintf(
		    buf, sizeof buf,
		    ngettext("in %d day", "in %d days", (unsigned long)days),
		    days);
		show_field(_("Expiring:"), buf);
	}
	show_field(_("Review:"), a->review);
	show_field(_("Third-party rule:"),
		   a->third_party_rule ? _("yes") : _("no"));
	show_field(_("Legal basis:"), a->legal_basis);
	show_field(_("Objectives:"), a->objectives);
	show_field(_("Scope:"), a->scope);
	show_field(_("Roles:"), a->roles);
	show_field(_("Security:"), a->security);
	show_field(_("Disputes:"), a->dispute_resolution);
	show_field(_("Notes:"), a->notes);
	show_free(&sc);
	return 0;
}

int
cmd_agreement(struct cli *c, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return agreement_list(c, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "show") == 0)
		return agreement_show(c, argc - 1, argv + 1);
	return cli_usage_error("agreement", _("say 'list' or 'show ID'"));
}

/* ---- reports ----------------------------------------------------------- */

static int
report_list_one(const char *id, void *arg)
{
	struct show_ctx *sc = arg;
	struct report r;
	struct marking banner;
	struct relto_err e;
	char b[MARKING_TEXT_MAX], topics[256];

	err_clear(&e);
	if (store_report_load(sc->s, id, &sc->ctx, &r, &e) != RELTO_OK) {
		printf("%-12s %s\n", cli_arg(id), cli_arg(e.msg));
		return 0;
	}
	if (report_banner(&r, &sc->ctx, &banner) == RELTO_OK)
		marking_format(&banner, MARKING_BANNER, b, sizeof b);
	else
		snprintf(b, sizeof b, "?");
	agreement_words((const char(*)[AGREEMENT_TOPIC_MAX])r.topics, r.ntopics,
			topics, sizeof topics);
	printf("%-12s %-8s %-5s %-20s %-32s %s\n", cli_arg(r.id),
	       cli_arg(r.status), r.originator, cli_arg(topics), cli_arg(b),
	       cli_arg(r.title));
	report_free(&r);
	return 0;
}

static int
report_list(struct cli *c, int argc, char **argv)
{
	struct show_ctx sc;
	struct relto_err e;
	int rc;

	if (argc > 1)
		return cli_usage_error("report", _("unexpected argument '%s'"),
				       cli_arg(argv[1]));
	if ((rc = show_load(c, &sc)) != 0)
		return rc;
	printf("%-12s %-8s %-5s %-20s %-32s %s\n", _("ID"), _("STATUS"),
	       _("ORIG"), _("TOPICS"), _("BANNER"), _("TITLE"));
	err_clear(&e);
	rc = store_reports_each(sc.s, report_list_one, &sc, &e);
	show_free(&sc);
	return rc == RELTO_OK ? 0 : cli_fail(&e);
}

static int
report_show(struct cli *c, int argc, char **argv)
{
	struct show_ctx sc;
	struct report r;
	struct marking banner;
	struct relto_err e;
	char b[MARKING_TEXT_MAX], topics[256], *text;
	int rc;

	if (argc != 2)
		return cli_usage_error("report", _("report show takes one id"));
	if ((rc = show_load(c, &sc)) != 0)
		return rc;
	err_clear(&e);
	if (store_report_load(sc.s, argv[1], &sc.ctx, &r, &e) != RELTO_OK) {
		show_free(&sc);
		return cli_fail(&e);
	}
	if (report_banner(&r, &sc.ctx, &banner) == RELTO_OK)
		marking_format(&banner, MARKING_BANNER, b, sizeof b);
	else
		snprintf(b, sizeof b, "?");
	agreement_words((const char(*)[AGREEMENT_TOPIC_MAX])r.topics, r.ntopics,
			topics, sizeof topics);
	printf("%s\n\n", b);
	show_field(_("Report:"), r.id);
	show_field(_("Title:"), r.title);
	show_field(_("Originator:"), r.originator);
	show_field(_("Topics:"), topics);
	show_field(_("Date:"), r.date);
	show_field(_("Status:"), r.status);
	text = report_format_text(&r);
	printf("\n");
	if (text != NULL)
		cli_put_safe(stdout, text, strlen(text));
	printf("\n\n%s\n", b);
	free(text);
	report_free(&r);
	show_free(&sc);
	return 0;
}

int
cmd_report(struct cli *c, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return report_list(c, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "show") == 0)
		return report_show(c, argc - 1, argv + 1);
	return cli_usage_error("report", _("say 'list' or 'show ID'"));
}
