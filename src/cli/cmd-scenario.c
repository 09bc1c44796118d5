/*
 * cmd-scenario.c -- relto scenario check|load|reset|start|pause|resume|
 * inject|skip|realworld|endex|status|debrief, and relto inbox: the
 * trainer's and the trainee's commands of an exercise.  Core decides
 * (scenario.c, exercise.c, debrief.c); this file reads files and prints.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "clock.h"
#include "debrief.h"
#include "exercise.h"
#include "i18n.h"
#include "keyblock.h"
#include "media.h"
#include "scenario.h"
#include "station.h"

static int
scenario_read(const char *path, struct import_source *src, char **buf)
{
	memset(src, 0, sizeof *src);
	src->name = path;
	if ((*buf = cli_slurp(path, &src->len)) == NULL) {
		cli_error(_("cannot read %s: %s"), cli_arg(path),
			  strerror(errno));
		return 1;
	}
	src->text = *buf;
	return 0;
}

static int
scenario_cmd_check(int argc, char **argv)
{
	struct import_source src;
	struct records_diags d;
	struct relto_err e;
	char *buf;
	int i, rc = 0;

	if (argc < 2)
		return cli_usage_error("scenario", _("name one or more files"));
	for (i = 1; i < argc; i++) {
		if (scenario_read(argv[i], &src, &buf) != 0) {
			rc = 1;
			continue;
		}
		records_diags_init(&d, argv[i]);
		err_clear(&e);
		if (scenario_check(&src, &d, &e) != RELTO_OK) {
			rc = 1;
			if (e.code != RELTO_EINPUT)
				cli_error("%s", e.msg);
		}
		cli_print_diags(&d);
		records_diags_free(&d);
		free(buf);
	}
	return rc;
}

static const struct option scenario_load_options[] = {
    {"station", required_argument, NULL, 's'},
    {"argon2", required_argument, NULL, 'a'},
    {NULL, 0, NULL, 0},
};

/* reset: the passphrase opens the store and locks the new one. */
static int
scenario_cmd_reset(struct cli *c, const struct keyblock_kdf *kdf)
{
	char recovery[KEYBLOCK_RECOVERY_TEXT];
	struct store_exercise x;
	struct import_source src;
	struct records_diags d;
	struct import_counts n;
	struct cli_secret pass;
	struct relto_err e;
	struct store *s;
	char *buf = NULL;
	int rc;

	if ((rc = cli_db_path(c)) != 0)
		return rc;
	if ((rc = cli_secret_read(c->passphrase_fd, _("passphrase"),
				  _("Passphrase: "), NULL, &pass)) != 0)
		return rc;
	err_clear(&e);
	rc = station_open(c->db, KEYBLOCK_PASSPHRASE, pass.buf, pass.len, &s,
			  &e);
	if (rc == RELTO_OK && (rc = exercise_require(s, &x, &e)) != RELTO_OK)
		store_close(s);
	if (rc == RELTO_OK && scenario_read(x.source, &src, &buf) != 0) {
		store_close(s);
		cli_secret_free(&pass);
		return 1;
	}
	records_diags_init(&d, x.source);
	if (rc == RELTO_OK)
		rc = scenario_reset(s, c->db, pass.buf, pass.len, kdf, &src, &d,
				    &n, recovery, &e);
	cli_secret_free(&pass);
	cli_print_diags(&d);
	records_diags_free(&d);
	free(buf);
	if (rc != RELTO_OK)
		return cli_fail(&e);
	printf(_("Rebuilt the exercise store %s from %s.\n"), cli_arg(c->db),
	       cli_arg(x.source));
	cli_print_counts(&n);
	printf(_("\nIts new recovery key (shown once; the old one no longer "
		 "opens it):\n\n    %s\n\n"),
	       recovery);
	explicit_bzero(recovery, sizeof recovery);
	return 0;
}

static int
scenario_cmd_load(struct cli *c, int argc, char **argv, int reset)
{
	struct keyblock_kdf kdf = keyblock_kdf_default;
	const char *station = "TRAINING";
	char recovery[KEYBLOCK_RECOVERY_TEXT], *buf = NULL;
	struct import_source src;
	struct records_diags d;
	struct import_counts n;
	struct cli_secret pass;
	struct relto_err e;
	int ch, rc;

	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":", scenario_load_options,
				 NULL)) != -1)
		if (ch == 's' && !reset)
			station = optarg;
		else if (ch == 'a') {
			if ((rc = cli_parse_kdf("scenario", optarg, &kdf)) != 0)
				return rc;
		} else
			return cli_bad_option("scenario", ch, argv);
	if (optind != argc - (reset ? 0 : 1))
		return cli_usage_error("scenario",
				       reset ? _("reset takes no file: it "
						 "reads the one loaded")
					     : _("load needs one FILE"));
	if (reset)
		return scenario_cmd_reset(c, &kdf);
	if (c->db == NULL)
		return cli_usage_error("scenario",
				       _("say where the exercise store goes: "
					 "relto --db PATH scenario load FILE"));
	if (scenario_read(argv[optind], &src, &buf) != 0)
		return 1;
	if ((rc = cli_new_passphrase("scenario", c->passphrase_fd, &pass))) {
		free(buf);
		return rc;
	}
	err_clear(&e);
	records_diags_init(&d, argv[optind]);
	rc = scenario_build(c->db, pass.buf, pass.len, &kdf, station, &src,
			    argv[optind], &d, &n, recovery, &e);
	cli_secret_free(&pass);
	cli_print_diags(&d);
	records_diags_free(&d);
	free(buf);
	if (rc != RELTO_OK)
		return cli_fail(&e);
	printf(_("Created the exercise store %s.\n"), cli_arg(c->db));
	cli_print_counts(&n);
	printf(_("\nRecovery key (shown once):\n\n    %s\n\n"), recovery);
	explicit_bzero(recovery, sizeof recovery);
	return 0;
}

/* ---- the trainer's clock ------------------------------------------------- */

static int
clock_start(struct store *s, const char *arg, struct relto_err *e)
{
	(void)arg;
	return exercise_start(s, e);
}

static int
clock_pause(struct store *s, const char *arg, struct relto_err *e)
{
	(void)arg;
	return exercise_pause(s, e);
}

static int
clock_resume(struct store *s, const char *arg, struct relto_err *e)
{
	(void)arg;
	return exercise_resume(s, e);
}

static int
clock_endex(struct store *s, const char *arg, struct relto_err *e)
{
	(void)arg;
	return exercise_endex(s, e);
}

static int
clock_realworld(struct store *s, const char *word, struct relto_err *e)
{
	return exercise_codeword(s, word, "trainer", e);
}

/* The clock's commands: name, whether it takes an argument, core's
   function, and what is said when it is done ("%s" stands for the
   argument; not a printf format). */
static const struct {
	const char *name;
	int arg;
	int (*run)(struct store *, const char *, struct relto_err *);
	const char *done;
} scenario_clock[] = {
    {"start", 0, clock_start, N_("STARTEX: the exercise is running.\n")},
    {"pause", 0, clock_pause, N_("The exercise is paused.\n")},
    {"resume", 0, clock_resume, N_("The exercise is running again.\n")},
    {"endex", 0, clock_endex, N_("ENDEX: the exercise is over.\n")},
    {"inject", 1, exercise_fire, N_("Inject %s delivered.\n")},
    {"skip", 1, exercise_skip, N_("Inject %s skipped.\n")},
    {"realworld", 1, clock_realworld,
     N_("Play is suspended for a real-world event; 'relto scenario "
	"resume' resumes it.\n")},
};

#define SCENARIO_NCLOCK (sizeof scenario_clock / sizeof scenario_clock[0])

static int
scenario_cmd_clock(struct cli *c, size_t k, int argc, char **argv)
{
	const char *arg = scenario_clock[k].arg ? argv[2] : NULL, *done, *at;
	struct relto_err e;
	struct store *s;
	int rc;

	if (argc != 2 + scenario_clock[k].arg)
		return cli_usage_error("scenario",
				       scenario_clock[k].arg
					   ? _("%s needs one argument")
					   : _("%s takes no argument"),
				       scenario_clock[k].name);
	if ((rc = cli_open(c, &s)) != 0)
		return rc;
	err_clear(&e);
	rc = scenario_clock[k].run(s, arg, &e);
	store_close(s);
	if (rc != RELTO_OK)
		return cli_fail(&e);
	done = _(scenario_clock[k].done);
	at = strstr(done, "%s"); /* where the argument goes, if anywhere */
	if (at != NULL)
		printf("%.*s%s%s", (int)(at - done), done,
		       arg != NULL ? cli_arg(arg) : "", at + 2);
	else
		fputs(done, stdout);
	return 0;
}

struct scenario_status {
	long long game;
	int trainer;
	size_t pending, delivered, skipped;
};

static int
scenario_status_inject(const struct store_inject *in, void *arg)
{
	struct scenario_status *st = arg;
	char at[EXERCISE_HHMM_LEN];

	if (strcmp(in->state, "pending") == 0)
		st->pending++;
	else if (strcmp(in->state, "delivered") == 0)
		st->delivered++;
	else
		st->skipped++;
	exercise_hhmm((long long)in->at * 60, at);
	printf("  %-8s %-10s %-10s ", at, in->state, cli_arg(in->id));
	cli_put_safe(stdout, in->sender, strlen(in->sender));
	printf(" -> ");
	cli_put_safe(stdout, in->recipient, strlen(in->recipient));
	printf("\n");
	if (st->trainer && in->expect != NULL) {
		printf("           %s ", _("expect:"));
		cli_put_safe(stdout, in->expect, strlen(in->expect));
		printf("\n");
	}
	if (st->trainer && in->notes != NULL) {
		const char *n = in->notes, *nl;

		printf("           %s ", _("notes:"));
		/* Continuation lines stay under the first. */
		while ((nl = strchr(n, '\n')) != NULL) {
			cli_put_safe(stdout, n, (size_t)(nl - n));
			printf("\n%*s", 12 + (int)strlen(_("notes:")), "");
			n = nl + 1;
		}
		cli_put_safe(stdout, n, strlen(n));
		printf("\n");
	}
	return 0;
}

static int
scenario_cmd_status(struct cli *c, int argc)
{
	struct scenario_status st;
	struct store_exercise x;
	char g[EXERCISE_HHMM_LEN], d[EXERCISE_HHMM_LEN], when[CLOCK_UTC_LEN];
	struct relto_err e;
	struct store *s;
	int rc;

	if (argc != 2)
		return cli_usage_error("scenario", _("%s takes no argument"),
				       "status");
	if ((rc = cli_open(c, &s)) != 0)
		return rc;
	err_clear(&e);
	if ((rc = exercise_require(s, &x, &e)) != RELTO_OK) {
		store_close(s);
		return cli_fail(&e);
	}
	memset(&st, 0, sizeof st);
	st.trainer = c->trainer; /* controller's notes: --trainer only */
	st.game = exercise_game(&x, clock_now());
	exercise_hhmm(st.game, g);
	exercise_hhmm((long long)x.duration * 60, d);
	clock_utc(exercise_wall_of(&x, st.game), when);
	printf("%s\n", cli_arg(x.marking));
	cli_label(stdout, _("Scenario"), 12);
	printf("%s  %s\n", cli_arg(x.scenario), cli_arg(x.title));
	cli_label(stdout, _("State"), 12);
	printf("%s\n", x.state);
	cli_label(stdout, _("Clock"), 12);
	printf(_("%s of %s at speed %d (scenario time %s)\n"), g, d, x.speed,
	       when);
	cli_label(stdout, _("SHA-256"), 12);
	printf("%s\n", x.sha256);
	printf("%s\n", _("Injects:"));
	rc = store_injects_each(s, scenario_status_inject, &st, &e);
	store_close(s);
	if (rc != RELTO_OK)
		return cli_fail(&e);
	printf(_("%zu pending, %zu delivered, %zu skipped\n"), st.pending,
	       st.delivered, st.skipped);
	printf("%s\n", cli_arg(x.marking));
	return 0;
}

/* ---- the debrief ------------------------------------------------------------
 */

static int
scenario_cmd_debrief(struct cli *c, int argc, char **argv)
{
	const char *out = NULL;
	struct relto_err e;
	struct store *s;
	char *text;
	size_t len;
	int rc;

	if (argc == 4 && strcmp(argv[2], "--out") == 0)
		out = argv[3];
	else if (argc != 2)
		return cli_usage_error("scenario",
				       _("debrief takes only --out FILE"));
	if ((rc = cli_open(c, &s)) != 0)
		return rc;
	err_clear(&e);
	rc = debrief_write(s, &text, &len, &e);
	store_close(s);
	if (rc != RELTO_OK)
		return cli_fail(&e);
	if (out != NULL) {
		char dir[4096], name[4096];

		/* Like every file of an exercise: named EXERCISE_... */
		exercise_file_name(media_split_path(out, dir, sizeof dir), name,
				   sizeof name);
		rc = media_put(dir, name, text, len, &e);
		free(text);
		if (rc != RELTO_OK)
			return cli_fail(&e);
		printf(_("Wrote the debrief to %s/%s.\n"), cli_arg(dir),
		       cli_arg(name));
		return 0;
	}
	if (isatty(STDOUT_FILENO))
		cli_put_safe(stdout, text, len);
	else
		fwrite(text, 1, len, stdout);
	free(text);
	return fflush(stdout) == 0 ? 0 : 1;
}

int
cmd_scenario(struct cli *c, int argc, char **argv)
{
	size_t i;

	if (argc < 2)
		return cli_usage_error("scenario", _("name a subcommand"));
	if (strcmp(argv[1], "check") == 0)
		return scenario_cmd_check(argc - 1, argv + 1);
	if (strcmp(argv[1], "load") == 0)
		return scenario_cmd_load(c, argc - 1, argv + 1, 0);
	if (strcmp(argv[1], "reset") == 0)
		return scenario_cmd_load(c, argc - 1, argv + 1, 1);
	if (strcmp(argv[1], "status") == 0)
		return scenario_cmd_status(c, argc);
	if (strcmp(argv[1], "debrief") == 0)
		return scenario_cmd_debrief(c, argc, argv);
	for (i = 0; i < SCENARIO_NCLOCK; i++)
		if (strcmp(argv[1], scenario_clock[i].name) == 0)
			return scenario_cmd_clock(c, i, argc, argv);
	return cli_usage_error("scenario", _("unknown subcommand '%s'"),
			       cli_arg(argv[1]));
}

/* ---- the trainee's inbox ----------------------------------------------------
 */

struct inbox {
	const char *id;
	int shown;
};

static int
inbox_print(const struct store_inject *in, void *arg)
{
	char at[EXERCISE_HHMM_LEN];
	struct inbox *ib = arg;
	const char *id = ib->id;

	if (strcmp(in->state, "delivered") != 0 ||
	    (id != NULL && strcmp(id, in->id) != 0))
		return 0;
	ib->shown++;
	exercise_hhmm(in->delivered, at);
	printf("%-8s %-10s %s ", at, cli_arg(in->id), _("from"));
	cli_put_safe(stdout, in->sender, strlen(in->sender));
	printf(" (%s)%s\n", cli_arg(in->method),
	       in->viewed < 0 ? _("  [new]") : "");
	if (id != NULL) {
		cli_label(stdout, _("To"), 10);
		cli_put_safe(stdout, in->recipient, strlen(in->recipient));
		printf("\n");
		if (in->delivers != NULL) {
			cli_label(stdout, _("Report"), 10);
			printf("%s\n", cli_arg(in->delivers));
		}
		printf("\n");
		cli_put_safe(stdout, in->text, strlen(in->text));
		printf("\n");
	}
	return 0;
}

/* relto inbox [read ID]: the injects delivered so far, never their
   controller notes. */
int
cmd_inbox(struct cli *c, int argc, char **argv)
{
	struct store_exercise x;
	struct relto_err e;
	struct store *s;
	struct inbox ib;
	const char *id = NULL;
	int rc;

	if (argc == 3 && strcmp(argv[1], "read") == 0)
		id = argv[2];
	else if (argc != 1)
		return cli_usage_error("inbox", _("inbox takes read ID or "
						  "nothing"));
	if ((rc = cli_open(c, &s)) != 0)
		return rc;
	err_clear(&e);
	rc = exercise_require(s, &x, &e);
	if (rc == RELTO_OK && id != NULL)
		rc = exercise_viewed(s, id, &e);
	if (rc == RELTO_OK) {
		printf("%s\n", cli_arg(x.marking));
		ib.id = id;
		ib.shown = 0;
		rc = store_injects_each(s, inbox_print, &ib, &e);
		printf("%s\n", cli_arg(x.marking));
		if (rc == RELTO_OK && id != NULL && ib.shown == 0)
			rc = err_set(&e, RELTO_EUSAGE,
				     _("no inject %s has been delivered"), id);
	}
	store_close(s);
	return rc != RELTO_OK ? cli_fail(&e) : 0;
}
