/*
 * cmd-export.c -- relto export queue|list|cancel|retry|run: the export
 * queue (src/core/queue.c) on the command line.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "media.h"
#include "queue.h"
#include "store.h"

static int
export_queue(struct cli *c, int argc, char **argv)
{
	struct relto_err e;
	struct store *s;
	long long id;
	int rc;

	if (argc != 3)
		return cli_usage_error("export",
				       _("export queue REPORT PARTNER"));
	if ((rc = cli_open(c, &s)) != 0)
		return rc;
	err_clear(&e);
	rc = queue_add(s, argv[1], argv[2], &id, &e);
	store_close(s);
	if (rc != RELTO_OK)
		return cli_fail(&e);
	printf(_("Queued export %lld: %s to %s.\n"), id, cli_arg(argv[1]),
	       cli_arg(argv[2]));
	return 0;
}

static int
export_print(const struct store_export *x, void *arg)
{
	(void)arg;
	printf("%-5lld %-5s %-12s %-10s %-20s %s%s%s\n", x->id,
	       cli_arg(x->partner), cli_arg(x->report), x->state,
	       cli_arg(x->updated), cli_arg(x->bundle), x->reason[0] ? " " : "",
	       cli_arg(x->reason));
	return 0;
}

static int
export_list(struct cli *c, int argc, char **argv)
{
	struct relto_err e;
	struct store *s;
	int rc;

	if (argc > 1)
		return cli_usage_error("export", _("unexpected argument '%s'"),
				       cli_arg(argv[1]));
	if ((rc = cli_open(c, &s)) != 0)
		return rc;
	printf("%-5s %-5s %-12s %-10s %-20s %s\n", _("ID"), _("TO"),
	       _("REPORT"), _("STATE"), _("UPDATED"), _("BUNDLE / REASON"));
	err_clear(&e);
	rc = store_exports_each(s, NULL, export_print, NULL, &e);
	store_close(s);
	return rc == RELTO_OK ? 0 : cli_fail(&e);
}

static int
export_move(struct cli *c, int argc, char **argv, int retry)
{
	struct relto_err e;
	struct store *s;
	long long id;
	char *end;
	int rc;

	if (argc != 2 || (id = strtoll(argv[1], &end, 10)) <= 0 || *end != '\0')
		return cli_usage_error("export",
				       _("name an export by its number"));
	if ((rc = cli_open(c, &s)) != 0)
		return rc;
	err_clear(&e);
	rc = retry ? queue_retry(s, id, &e) : queue_cancel(s, id, &e);
	store_close(s);
	if (rc != RELTO_OK)
		return cli_fail(&e);
	printf(retry ? _("Export %lld is queued again.\n")
		     : _("Export %lld is cancelled.\n"),
	       id);
	return 0;
}

struct export_progress {
	time_t start;
	int tty;
};

/* Bytes, percent and rate on stderr, when it is a terminal. */
static void
export_progress(uint64_t done, uint64_t total, void *arg)
{
	struct export_progress *p = arg;
	double secs = difftime(time(NULL), p->start);

	if (!p->tty)
		return;
	fprintf(stderr, "\r  %6.1f MB", (double)done / 1e6);
	if (total > 0)
		fprintf(stderr, "  %3d%%", (int)(done * 100 / total));
	if (secs >= 1)
		fprintf(stderr, "  %6.1f MB/s", (double)done / 1e6 / secs);
	fflush(stderr);
}

static void
export_outcome(const struct queue_outcome *o, void *arg)
{
	struct export_progress *p = arg;

	if (p->tty)
		fputc('\n', stderr);
	if (o->ok)
		printf(ngettext("%s: %zu report in %s, verified.\n",
				"%s: %zu reports in %s, verified.\n",
				(unsigned long)o->reports),
		       o->partner, o->reports, o->bundle);
	else
		printf(_("%s: not written: %s\n"), o->partner,
		       cli_arg(o->reason != NULL ? o->reason : "?"));
	p->start = time(NULL);
}

static const struct option run_options[] = {
    {"media", required_argument, NULL, 'm'},
    {NULL, 0, NULL, 0},
};

static int
export_run(struct cli *c, int argc, char **argv)
{
	struct export_progress p;
	const char *media = NULL;
	struct relto_err e;
	struct store *s;
	int ch, rc, failures = 0;

	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":", run_options, NULL)) != -1) {
		if (ch != 'm')
			return cli_bad_option("export", ch, argv);
		media = optarg;
	}
	if (media == NULL || optind != argc)
		return cli_usage_error("export", _("export run --media DIR"));
	if (media_mounted(media) == 0)
		fprintf(stderr,
			_("relto: warning: %s is not a mount point: is the "
			  "medium mounted there?\n"),
			cli_arg(media));
	if ((rc = cli_open(c, &s)) != 0)
		return rc;
	p.start = time(NULL);
	p.tty = isatty(STDERR_FILENO);
	err_clear(&e);
	rc = queue_run(s, media, export_progress, &p, export_outcome, &p,
		       &failures, &e);
	store_close(s);
	if (rc != RELTO_OK)
		return cli_fail(&e);
	return failures == 0 ? 0 : 1;
}

int
cmd_export(struct cli *c, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "queue") == 0)
		return export_queue(c, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return export_list(c, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "cancel") == 0)
		return export_move(c, argc - 1, argv + 1, 0);
	if (argc >= 2 && strcmp(argv[1], "retry") == 0)
		return export_move(c, argc - 1, argv + 1, 1);
	if (argc >= 2 && strcmp(argv[1], "run") == 0)
		return export_run(c, argc - 1, argv + 1);
	return cli_usage_error("export",
			       _("say queue, list, cancel, retry or run"));
}
