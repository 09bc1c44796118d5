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
	int (*workstation)(struct cli *); /* main's: run the TUI */
	const char *db;                   /* --db, else the default path */
	int passphrase_fd;                /* --passphrase-fd, or -1 to prompt */
	int trainer;                      /* --trainer: the Trainer view */
	const char *notice;               /* for the workstation's status */
	char db_buf[4096];
};

struct cli_secret {
	char *buf; /* secure memory, NUL-terminated */
	size_t len;
};

struct store;

struct cli_command {
	const char *name;
	const char *synopsis; /* N_(): arguments after the name */
	const char *summary;  /* N_(): one line for --help */
	int (*run)(struct cli *, int argc, char **argv);
};

int cli_globals(struct cli *c, int argc, char **argv, int *next);
int cli_run(struct cli *c, int argc, char **argv);
const struct cli_command *cli_find(const char *name);
void cli_usage(FILE *f);
void cli_version(FILE *f);
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int cli_fail(const struct relto_err *e);
const char *cli_arg(const char *s);
void cli_put_safe(FILE *f, const char *s, size_t len);
void cli_label(FILE *f, const char *label, size_t cols);

int cli_secret_read(int fd, const char *what, const char *prompt,
		    const char *confirm, struct cli_secret *s);
void cli_secret_free(struct cli_secret *s);
int cli_parse_fd(const char *arg, int *fd);
int cli_bad_option(const char *cmd, int ch, char **argv);
int cli_db_path(struct cli *c);
int cli_open(struct cli *c, struct store **s);
int cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

struct keyblock_kdf;
int cli_parse_kdf(const char *cmd, const char *arg, struct keyblock_kdf *kdf);
int cli_new_passphrase(const char *cmd, int fd, struct cli_secret *pass);
char *cli_slurp(const char *path, size_t *len);
struct records_diags;
void cli_print_diags(const struct records_diags *d);
struct import_counts;
void cli_print_counts(const struct import_counts *n);
int cmd_scenario(struct cli *, int, char **);
int cmd_inbox(struct cli *, int, char **);
int cmd_help(struct cli *, int, char **);
int cmd_init(struct cli *, int, char **);
int cmd_status(struct cli *, int, char **);
int cmd_passwd(struct cli *, int, char **);
int cmd_recover(struct cli *, int, char **);
int cmd_check(struct cli *, int, char **);
int cmd_audit(struct cli *, int, char **);
int cmd_marking(struct cli *, int, char **);
int cmd_import(struct cli *, int, char **);
int cmd_dump(struct cli *, int, char **);
int cmd_partner(struct cli *, int, char **);
int cmd_agreement(struct cli *, int, char **);
int cmd_report(struct cli *, int, char **);
int cmd_release(struct cli *, int, char **);
int cmd_preview(struct cli *, int, char **);
int cmd_consent(struct cli *, int, char **);
int cmd_decide(struct cli *, int, char **);
int cmd_sanitize(struct cli *, int, char **);
int cmd_keys(struct cli *, int, char **);
int cmd_export(struct cli *, int, char **);
int cmd_bundle(struct cli *, int, char **);
int cmd_demo(struct cli *, int, char **);
int cmd_partner_set_key(struct cli *, int, char **);

#endif
