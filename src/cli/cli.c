/*
 * cli.c -- global option parsing, the command table and dispatch.
 *
 * The table is the single list of commands: --help is generated from it,
 * and so is the check that a name is a command at all.
 */
#include "config.h"

#include "cli.h"

#include <getopt.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "i18n.h"
#include "text.h"

static const struct cli_command cli_commands[] = {
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
 * A user-supplied argument made safe to quote in a message.  The result
 * is static: valid until the next call.
 */
const char *
cli_arg(const char *s)
{
	static char buf[256];
	size_t n;
	char *clean = text_sanitize_line(s, strlen(s), &n);

	if (clean == NULL)
		return "?";
	n = text_fit(clean, n, 60);
	memcpy(buf, clean, n < sizeof buf ? n : sizeof buf - 1);
	buf[n < sizeof buf ? n : sizeof buf - 1] = '\0';
	free(clean);
	return buf;
}

void
cli_usage(FILE *f)
{
	size_t i;
	int w;

	fprintf(f, _("Usage: relto [OPTION]... COMMAND [ARG]...\n"));
	fputs(_("A terminal workstation for liaison officers who share "
	        "intelligence\nwith partner nations under formal "
	        "agreements.\n"),
	      f);
	fputs(_("\nOptions:\n"), f);
	fputs(_("  -h, --help         display this help and exit\n"), f);
	fputs(_("  -V, --version      output version information and exit\n"),
	      f);
	fputs(_("\nCommands:\n"), f);
	for (i = 0; i < CLI_NCOMMANDS; i++) {
		w = fprintf(f, "  %s %s", cli_commands[i].name,
		            _(cli_commands[i].synopsis));
		fprintf(f, "%*s%s\n", w < 26 ? 26 - w : 1, "",
		        _(cli_commands[i].summary));
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
	printf(_("Usage: relto %s %s\n"), cmd->name, _(cmd->synopsis));
	printf("%s\n", _(cmd->summary));
	return 0;
}

static const struct option cli_options[] = {
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

int
cli_main(int argc, char **argv)
{
	struct cli c = {.progname = "relto"};
	const struct cli_command *cmd;
	int ch;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+hV", cli_options, NULL)) != -1) {
		switch (ch) {
		case 'h':
			cli_usage(stdout);
			return 0;
		case 'V':
			cli_version(stdout);
			return 0;
		default:
			cli_error(_("unknown option '%s'; see 'relto --help'"),
			          cli_arg(argv[optind - 1]));
			return 2;
		}
	}
	if (optind == argc) {
		cli_error(_("no command given; see 'relto --help'"));
		return 2;
	}
	cmd = cli_find(argv[optind]);
	if (cmd == NULL) {
		cli_error(_("'%s' is not a relto command; see 'relto --help'"),
		          cli_arg(argv[optind]));
		return 2;
	}
	return cmd->run(&c, argc - optind, argv + optind);
}
