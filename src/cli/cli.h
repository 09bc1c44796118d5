/*
 * cli.h -- the command-line front end: global options, the command table,
 * and the few helpers every cmd-*.c file shares.  Commands ask core and
 * print; they decide nothing.
 */
#ifndef RELTO_CLI_H
#define RELTO_CLI_H

#include <stdio.h>

#include "error.h"

struct cli {
	const char *progname;
};

struct cli_command {
	const char *name;
	const char *synopsis; /* N_(): arguments after the name */
	const char *summary;  /* N_(): one line for --help */
	int (*run)(struct cli *, int argc, char **argv);
};

int cli_main(int argc, char **argv);
const struct cli_command *cli_find(const char *name);
void cli_usage(FILE *f);
void cli_version(FILE *f);
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int cli_fail(const struct relto_err *e);
const char *cli_arg(const char *s);
void cli_put_safe(FILE *f, const char *s, size_t len);

int cmd_help(struct cli *, int, char **);

#endif
