/*
 * cli.c -- global option parsing, the command table and dispatch.
 *
 * The table is the single list of commands: --help is generated from it,
 * and so is the check that a name is a command at all.
 */
#include "config.h"

#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto.h"
#include "i18n.h"
#include "station.h"
#include "store.h"
#include "text.h"

static const struct cli_command cli_commands[] = {
    {"init", N_("--station NAME --country CODE [--argon2 T,M,P]"),
     N_("create the encrypted store and print its recovery key"), cmd_init},
    {"status", "", N_("show the station, the store and what it holds"),
     cmd_status},
    {"passwd", N_("[--new-passphrase-fd N] [--argon2 T,M,P]"),
     N_("change the store passphrase"), cmd_passwd},
    {"recover",
     N_("[--recovery-key-fd N] [--new-passphrase-fd M] [--argon2 T,M,P]"),
     N_("set a new passphrase using the recovery key"), cmd_recover},
    {"check", "",
     N_("authenticate every page, check integrity and the audit chain"),
     cmd_check},
    {"audit", N_("list [--limit N] | verify"),
     N_("show or verify the audit log"), cmd_audit},
    {"marking", N_("check STRING | rollup PORTION... [--country C] [--date D]"),
     N_("check a marking, or roll portions up into a banner"), cmd_marking},
    {"import", N_("FILE..."),
     N_("import records files: all of them, or nothing"), cmd_import},
    {"dump", "", N_("write the store as a records file"), cmd_dump},
    {"bundle",
     N_("verify FILE --station-key PUB [--identity KEY] | open FILE "
	"--station-key PUB --identity KEY --out DIR | import FILE "
	"--station-key PUB --identity KEY"),
     N_("check, open or import a bundle, as a partner does"), cmd_bundle},
    {"demo", "",
     N_("open the workstation on the demonstration station (made on first "
	"use)"),
     cmd_demo},
    {"scenario",
     N_("check FILE... | load FILE [--station NAME] | reset | start | pause "
	"| resume | inject ID | skip ID | realworld WORD | endex | status | "
	"debrief [--out FILE]"),
     N_("run an exercise: load a scenario into an exercise store, drive "
	"its clock, debrief"),
     cmd_scenario},
    {"inbox", N_("[read ID]"),
     N_("the injects delivered to trainees in an exercise"), cmd_inbox},
    {"export",
     N_("queue REPORT PARTNER | list | cancel ID | retry ID | "
	"run --media DIR"),
     N_("queue exports and write them as signed, encrypted bundles"),
     cmd_export},
    {"keys", N_("show | export-public DIR"),
     N_("the station's signing and archive keys"), cmd_keys},
    {"partner", N_("list [--all] | show CODE | set-key CODE RECIPIENT"),
     N_("show partners, their groups and agreements"), cmd_partner},
    {"agreement", N_("list [--status S] [--partner P] | show ID"),
     N_("show sharing agreements"), cmd_agreement},
    {"report", N_("list | show ID"), N_("show reports and their portions"),
     cmd_report},
    {"release", N_("check REPORT PARTNER [--date D]"),
     N_("the release rule's verdict on each portion, with reasons"),
     cmd_release},
    {"preview", N_("REPORT PARTNER [--date D]"),
     N_("exactly what the partner would receive"), cmd_preview},
    {"consent",
     N_("add REPORT PARTNER --by NAME [--conditions T] [--date D] "
	"| list [REPORT]"),
     N_("record or list originator consent for onward release"), cmd_consent},
    {"decide",
     N_("REPORT PARTNER release|release-sanitized|withhold "
	"--reason TEXT"),
     N_("record a release decision (refused if the rule forbids it)"),
     cmd_decide},
    {"sanitize", N_("[--terms-from-store]"),
     N_("show sanitizer hits in stdin and the sanitized text"), cmd_sanitize},
    {"help", N_("[COMMAND]"), N_("show help for relto or for one command"),
     cmd_help},
};

#define CLI_NCOMMANDS (sizeof cli_commands / sizeof cli_commands[0])

const struct cli_command *
cli_find(const char *name)
{
	size_t i;

	for (i = 0; i < CLI_NCOMMANDS; i++)
		if (strcmp(cli_commands[i].name, name) == 0)
			return &cli_commands[i];
	return NULL;
}

void
cli_error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("relto: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Print a core error and return the exit status its code maps to. */
int
cli_fail(const struct relto_err *e)
{
	cli_error("%s", e->msg);
	return err_exit_status(e->code);
}

/* Untrusted text reaches the terminal only through here. */
void
cli_put_safe(FILE *f, const char *s, size_t len)
{
	size_t n;
	char *clean = text_sanitize(s, len, &n);

	if (clean == NULL)
		return;
	fwrite(clean, 1, n, f);
	free(clean);
}

/*
 * Text from the user, a file or the store, made safe to print.  The
 * result lives in one of eight rotating static buffers, so up to eight
 * may appear in one printf.
 */
const char *
cli_arg(const char *s)
{
	static char bufs[8][512];
	static int next;
	char *buf = bufs[next++ % 8], *clean;
	size_t n;

	clean = text_sanitize_line(s, strlen(s), &n);
	if (clean == NULL)
		return "?";
	n = text_fit(clean, n, 200);
	if (n >= sizeof bufs[0])
		n = text_fit(clean, sizeof bufs[0] - 1, 200);
	memcpy(buf, clean, n);
	buf[n] = '\0';
	free(clean);
	return buf;
}

/* gettext("") is the catalogue header: an empty synopsis stays empty. */
static const char *
cli_synopsis(const struct cli_command *cmd)
{
	return cmd->synopsis[0] != '\0' ? _(cmd->synopsis) : "";
}

/* Print label padded to cols display columns (translations vary). */
void
cli_label(FILE *f, const char *label, size_t cols)
{
	size_t w = text_width(label, strlen(label));

	fputs(label, f);
	while (w++ < cols)
		fputc(' ', f);
}

void
cli_usage(FILE *f)
{
	size_t i;

	fprintf(f, _("Usage: relto [OPTION]... COMMAND [ARG]...\n"));
	fputs(_("A terminal workstation for liaison officers who share "
		"intelligence\nwith partner nations under formal "
		"agreements.\n"),
	      f);
	fputs(_("\nOptions:\n"), f);
	fputs(_("      --db PATH      the store to use (default: $RELTO_DB, "
		"else\n"
		"                     $XDG_DATA_HOME/relto/station.relto)\n"),
	      f);
	fputs(_("      --passphrase-fd N  read the passphrase from file "
		"descriptor N\n"),
	      f);
	fputs(_("      --trainer      with no command: the workstation with "
		"the Trainer view\n"
		"                     of an exercise store\n"),
	      f);
	fputs(_("  -h, --help         display this help and exit\n"), f);
	fputs(_("  -V, --version      output version information and exit\n"),
	      f);
	fputs(_("\nCommands:\n"), f);
	for (i = 0; i < CLI_NCOMMANDS; i++) {
		fprintf(f, "  %s%s%s\n", cli_commands[i].name,
			cli_commands[i].synopsis[0] != '\0' ? " " : "",
			cli_synopsis(&cli_commands[i]));
		fprintf(f, "      %s\n", _(cli_commands[i].summary));
	}
	fputs(_("\nExit status: 0 on success, 1 on failure, 2 on a usage "
		"error\nor a failed authentication.\n"),
	      f);
	fprintf(f, _("\nReport bugs to: %s\n"), PACKAGE_BUGREPORT);
	fputs(_("See relto(1) for the full manual.\n"), f);
}

void
cli_version(FILE *f)
{
	fprintf(f, "relto %s\n", PACKAGE_VERSION);
	fprintf(f, _("libgcrypt %s, SQLite %s\n"), crypto_library_version(),
		sqlite3_libversion());
}

static int
cli_command_help(const struct cli_command *cmd)
{
	printf(_("Usage: relto %s %s\n"), cmd->name, cli_synopsis(cmd));
	printf("%s\n", _(cmd->summary));
	return 0;
}

int
cmd_help(struct cli *c, int argc, char **argv)
{
	const struct cli_command *cmd;

	(void)c;
	if (argc < 2) {
		cli_usage(stdout);
		return 0;
	}
	if (argc > 2 || (cmd = cli_find(argv[1])) == NULL) {
		cli_error(_("'%s' is not a relto command; see 'relto --help'"),
			  cli_arg(argv[1]));
		return 2;
	}
	return cli_command_help(cmd);
}

int
cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "relto %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, _("; see 'relto help %s'\n"), cmd);
	return 2;
}

/* After getopt_long returned ':' or '?': name the option that was bad. */
int
cli_bad_option(const char *cmd, int ch, char **argv)
{
	if (ch == ':')
		return cli_usage_error(cmd, _("option '%s' needs an argument"),
				       cli_arg(argv[optind - 1]));
	return cli_usage_error(cmd, _("unknown option '%s'"),
			       cli_arg(argv[optind - 1]));
}

int
cli_parse_fd(const char *arg, int *fd)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || v < 0 || v > 65535)
		return -1;
	*fd = (int)v;
	return 0;
}

int
cli_db_path(struct cli *c)
{
	struct relto_err e;

	if (c->db != NULL)
		return 0;
	err_clear(&e);
	if (station_default_path(c->db_buf, sizeof c->db_buf, &e) != RELTO_OK)
		return cli_fail(&e);
	c->db = c->db_buf;
	return 0;
}

/* Open the store, asking for the passphrase (three tries at a terminal). */
int
cli_open(struct cli *c, struct store **s)
{
	struct cli_secret pass;
	struct relto_err e;
	int rc, tries;

	if ((rc = cli_db_path(c)) != 0)
		return rc;
	if (access(c->db, F_OK) != 0) {
		cli_error(_("there is no store at %s; create one with 'relto "
			    "init'"),
			  cli_arg(c->db));
		return 1;
	}
	err_clear(&e);
	for (tries = c->passphrase_fd >= 0 ? 1 : 3; tries > 0; tries--) {
		rc = cli_secret_read(c->passphrase_fd, _("passphrase"),
				     _("Passphrase: "), NULL, &pass);
		if (rc != 0)
			return rc;
		rc = station_open(c->db, KEYBLOCK_PASSPHRASE, pass.buf,
				  pass.len, s, &e);
		cli_secret_free(&pass);
		if (rc == RELTO_OK)
			return 0;
		if (rc != RELTO_EAUTH || tries == 1)
			break;
		cli_error("%s", e.msg);
	}
	return cli_fail(&e);
}

static const struct option cli_options[] = {
    {"db", required_argument, NULL, 'd'},
    {"passphrase-fd", required_argument, NULL, 'p'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {"trainer", no_argument, NULL, 't'},
    {NULL, 0, NULL, 0},
};

/*
 * Global options before the command into c.  Returns -1 to go on, with
 * *next the index of the command (argc when there is none), or the exit
 * status when the options alone settled it (--help, --version, errors).
 */
int
cli_globals(struct cli *c, int argc, char **argv, int *next)
{
	int ch;

	memset(c, 0, sizeof *c);
	c->passphrase_fd = -1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+:hV", cli_options, NULL)) !=
	       -1) {
		switch (ch) {
		case 'h':
			cli_usage(stdout);
			return 0;
		case 'V':
			cli_version(stdout);
			return 0;
		case 'd':
			if (*optarg == '\0') {
				cli_error(_("--db needs a path"));
				return 2;
			}
			c->db = optarg;
			break;
		case 'p':
			if (cli_parse_fd(optarg, &c->passphrase_fd) != 0) {
				cli_error(_("--passphrase-fd needs a file "
					    "descriptor number, not '%s'"),
					  cli_arg(optarg));
				return 2;
			}
			break;
		case 't':
			c->trainer = 1;
			break;
		case ':':
			cli_error(_("option '%s' needs an argument"),
				  cli_arg(argv[optind - 1]));
			return 2;
		default:
			cli_error(_("unknown option '%s'; see 'relto --help'"),
				  cli_arg(argv[optind - 1]));
			return 2;
		}
	}
	*next = optind;
	return -1;
}

int
cli_run(struct cli *c, int argc, char **argv)
{
	const struct cli_command *cmd = cli_find(argv[0]);
	int i;

	if (cmd == NULL) {
		cli_error(_("'%s' is not a relto command; see 'relto --help'"),
			  cli_arg(argv[0]));
		return 2;
	}
	/* relto COMMAND --help is relto help COMMAND, whatever else is there.
	 */
	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--help") == 0)
			return cli_command_help(cmd);
	return cmd->run(c, argc, argv);
}
