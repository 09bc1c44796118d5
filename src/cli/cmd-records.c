/*
 * cmd-records.c -- relto import FILE... and relto dump.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "import.h"
#include "store.h"

/* What an import brought in, without a plural to get wrong. */
void
cli_print_counts(const struct import_counts *n)
{
	printf(_("Imported partners: %zu, agreements: %zu, reports: %zu, "
		 "terms: %zu, consents: %zu.\n"),
	       n->partners, n->agreements, n->reports, n->terms, n->consents);
}

/* Every diagnostic, FILE:LINE:COL: message, on stderr. */
void
cli_print_diags(const struct records_diags *d)
{
	char line[1024];
	size_t j;

	for (j = 0; j < d->n; j++) {
		records_diag_format(d, j, line, sizeof line);
		fprintf(stderr, "%s\n", cli_arg(line));
	}
}

/* A whole file (or stdin for "-"), NUL-terminated; NULL with errno. */
char *
cli_slurp(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *buf = NULL, *nb;
	size_t cap = 0, n;

	*len = 0;
	if (f == NULL)
		return NULL;
	for (;;) {
		if (*len + 65536 + 1 > cap) {
			cap = (*len + 65536 + 1) * 2;
			nb = realloc(buf, cap);
			if (nb == NULL) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
		}
		n = fread(buf + *len, 1, 65536, f);
		*len += n;
		if (n == 0)
			break;
	}
	if (buf != NULL && ferror(f)) {
		free(buf);
		buf = NULL;
	}
	if (f != stdin)
		fclose(f);
	if (buf != NULL)
		buf[*len] = '\0';
	return buf;
}

int
cmd_import(struct cli *c, int argc, char **argv)
{
	struct import_source *src;
	struct records_diags *d;
	char **bufs;
	struct import_counts n;
	struct relto_err e;
	struct store *s;
	int i, rc = 0, nsrc = argc - 1;

	if (nsrc < 1)
		return cli_usage_error("import", _("name one or more files"));
	src = calloc((size_t)nsrc, sizeof *src);
	d = calloc((size_t)nsrc, sizeof *d);
	bufs = calloc((size_t)nsrc, sizeof *bufs);
	if (src == NULL || d == NULL || bufs == NULL)
		nsrc = 0, rc = 1;
	for (i = 0; i < nsrc; i++) {
		src[i].name = argv[i + 1];
		src[i].text = bufs[i] = cli_slurp(argv[i + 1], &src[i].len);
		records_diags_init(&d[i], argv[i + 1]);
		if (src[i].text == NULL) {
			cli_error(_("cannot read %s: %s"), cli_arg(argv[i + 1]),
				  strerror(errno));
			rc = 1;
		}
	}
	if (rc == 0 && (rc = cli_open(c, &s)) == 0) {
		err_clear(&e);
		if (import_records(s, src, (size_t)nsrc, d, &n, &e) != RELTO_OK)
			rc = 1;
		store_close(s);
		for (i = 0; i < nsrc; i++)
			cli_print_diags(&d[i]);
		if (rc != 0)
			cli_error("%s", e.msg);
		else
			cli_print_counts(&n);
	}
	for (i = 0; i < nsrc; i++) {
		free(bufs[i]);
		records_diags_free(&d[i]);
	}
	free(bufs);
	free(src);
	free(d);
	return rc;
}

int
cmd_dump(struct cli *c, int argc, char **argv)
{
	struct relto_err e;
	struct store *s;
	char *out;
	size_t len;
	int rc;

	if (argc > 1)
		return cli_usage_error("dump", _("unexpected argument '%s'"),
				       cli_arg(argv[1]));
	if ((rc = cli_open(c, &s)) != 0)
		return rc;
	err_clear(&e);
	rc = import_dump(s, &out, &len, &e);
	store_close(s);
	if (rc != RELTO_OK)
		return cli_fail(&e);
	/* Import refuses control characters; the terminal gets no others. */
	if (isatty(STDOUT_FILENO))
		cli_put_safe(stdout, out, len);
	else
		fwrite(out, 1, len, stdout);
	free(out);
	return fflush(stdout) == 0 ? 0 : 1;
}
