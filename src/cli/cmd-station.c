/*
 * cmd-station.c -- init, status, passwd, recover, check: the commands
 * about the station and its store as a whole.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "cli.h"
#include "i18n.h"
#include "keyblock.h"
#include "station.h"
#include "store.h"
#include "vault.h"

/* --argon2 T,M,P: passes, memory in KiB, lanes. */
int
cli_parse_kdf(const char *cmd, const char *arg, struct keyblock_kdf *kdf)
{
	struct relto_err e;
	unsigned long t, m, p;
	char tail;

	if (sscanf(arg, "%lu,%lu,%lu%c", &t, &m, &p, &tail) != 3 ||
	    t > 0xffffffffUL || m > 0xffffffffUL || p > 0xffffffffUL)
		return cli_usage_error(cmd,
				       _("--argon2 takes PASSES,MEMORY_KIB,"
					 "LANES, e.g. 3,65536,1"));
	kdf->t = (uint32_t)t;
	kdf->m_kib = (uint32_t)m;
	kdf->p = (uint32_t)p;
	err_clear(&e);
	if (keyblock_kdf_check(kdf, &e) != RELTO_OK)
		return cli_usage_error(cmd, "%s", e.msg);
	return 0;
}

int
cli_new_passphrase(const char *cmd, int fd, struct cli_secret *pass)
{
	struct relto_err e;
	int rc;

	rc = cli_secret_read(fd, _("new passphrase"), _("New passphrase: "),
			     _("Repeat the new passphrase: "), pass);
	if (rc != 0)
		return rc;
	err_clear(&e);
	if (station_check_passphrase(pass->buf, pass->len, &e) != RELTO_OK) {
		cli_secret_free(pass);
		return cli_usage_error(cmd, "%s", e.msg);
	}
	return 0;
}

static const struct option init_options[] = {
    {"station", required_argument, NULL, 's'},
    {"country", required_argument, NULL, 'c'},
    {"argon2", required_argument, NULL, 'a'},
    {NULL, 0, NULL, 0},
};

int
cmd_init(struct cli *c, int argc, char **argv)
{
	struct keyblock_kdf kdf = keyblock_kdf_default;
	const char *station = NULL, *country = NULL;
	char recovery[KEYBLOCK_RECOVERY_TEXT];
	struct cli_secret pass;
	struct relto_err e;
	struct store *s;
	int ch, rc;

	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":", init_options, NULL)) != -1) {
		if (ch == 's')
			station = optarg;
		else if (ch == 'c')
			country = optarg;
		else if (ch == 'a') {
			if ((rc = cli_parse_kdf("init", optarg, &kdf)) != 0)
				return rc;
		} else
			return cli_bad_option("init", ch, argv);
	}
	if (station == NULL || country == NULL || optind != argc)
		return cli_usage_error("init",
				       _("init needs --station NAME and "
					 "--country CODE"));
	err_clear(&e);
	{
		char canon[STATION_NAME_MAX + 1], cc[4];

		if (station_check_name(station, canon, sizeof canon, &e) !=
			RELTO_OK ||
		    station_check_country(country, cc, &e) != RELTO_OK)
			return cli_usage_error("init", "%s", e.msg);
	}
	if ((rc = cli_db_path(c)) != 0)
		return rc;
	if (access(c->db, F_OK) == 0) {
		cli_error(_("%s already exists; refusing to overwrite it"),
			  cli_arg(c->db));
		return 1;
	}
	if ((rc = cli_new_passphrase("init", c->passphrase_fd, &pass)))
		return rc;
	rc = station_init(c->db, pass.buf, pass.len, &kdf, station, country,
			  recovery, &s, &e);
	cli_secret_free(&pass);
	if (rc != RELTO_OK)
		return cli_fail(&e);
	store_close(s);
	printf(_("Created the store %s.\n"), cli_arg(c->db));
	printf(_("\nRecovery key (shown once):\n\n    %s\n\n"), recovery);
	printf(_("Write it down and keep it apart from this machine: it opens "
		 "the store\nif the passphrase is lost ('relto recover').\n"));
	explicit_bzero(recovery, sizeof recovery);
	return 0;
}

static int
station_no_args(const char *cmd, int argc, char **argv)
{
	if (argc > 1)
		return cli_usage_error(cmd, _("unexpected argument '%s'"),
				       cli_arg(argv[1]));
	return 0;
}

int
cmd_status(struct cli *c, int argc, char **argv)
{
	struct store_info in;
	struct relto_err e;
	struct store *s;
	int rc;

	if ((rc = station_no_args("status", argc, argv)) != 0 ||
	    (rc = cli_open(c, &s)) != 0)
		return rc;
	err_clear(&e);
	if (store_info(s, &in, &e) != RELTO_OK) {
		store_close(s);
		return cli_fail(&e);
	}
	printf(_("Station:   %s\n"), cli_arg(in.station));
	printf(_("Country:   %s\n"), cli_arg(in.country));
	printf(_("Store:     %s\n"), cli_arg(c->db));
	printf(_("Format:    relto store 1, schema %d, AES-256-GCM pages, "
		 "Argon2id key\n"),
	       in.schema);
	printf(_("Created:   %s\n"), cli_arg(in.created));
	printf(_("Records:   %lld partners, %lld agreements, %lld reports "
		 "(%lld portions),\n"
		 "           %lld terms, %lld consents, %lld decisions, "
		 "%lld exports\n"),
	       in.partners, in.agreements, in.reports, in.portions, in.terms,
	       in.consents, in.decisions, in.exports);
	printf(ngettext("Audit log: %lld entry\n", "Audit log: %lld entries\n",
			(unsigned long)in.audit),
	       in.audit);
	printf(_("Store id:  %s\n"), vault_fingerprint(store_vault(s)));
	store_close(s);
	return 0;
}

static const struct option passwd_options[] = {
    {"new-passphrase-fd", required_argument, NULL, 'n'},
    {"argon2", required_argument, NULL, 'a'},
    {NULL, 0, NULL, 0},
};

static const struct option recover_options[] = {
    {"new-passphrase-fd", required_argument, NULL, 'n'},
    {"recovery-key-fd", required_argument, NULL, 'r'},
    {"argon2", required_argument, NULL, 'a'},
    {NULL, 0, NULL, 0},
};

struct passwd_args {
	int new_fd, key_fd, have_kdf;
	struct keyblock_kdf kdf;
};

static int
station_passwd_args(const char *cmd, int argc, char **argv,
		    struct passwd_args *a)
{
	int ch, rc, *fd;

	a->new_fd = a->key_fd = -1;
	a->have_kdf = 0;
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":",
				 strcmp(cmd, "recover") == 0 ? recover_options
							     : passwd_options,
				 NULL)) != -1) {
		if (ch == 'a') {
			if ((rc = cli_parse_kdf(cmd, optarg, &a->kdf)))
				return rc;
			a->have_kdf = 1;
			continue;
		}
		if (ch != 'n' && ch != 'r')
			return cli_bad_option(cmd, ch, argv);
		fd = ch == 'n' ? &a->new_fd : &a->key_fd;
		if (cli_parse_fd(optarg, fd) != 0)
			return cli_usage_error(cmd,
					       _("'%s' is not a file "
						 "descriptor number"),
					       cli_arg(optarg));
	}
	if (optind != argc)
		return cli_usage_error(cmd, _("unexpected argument '%s'"),
				       cli_arg(argv[optind]));
	return 0;
}

int
cmd_passwd(struct cli *c, int argc, char **argv)
{
	struct passwd_args a;
	struct cli_secret pass;
	struct relto_err e;
	struct store *s;
	int rc;

	if ((rc = station_passwd_args("passwd", argc, argv, &a)) != 0 ||
	    (rc = cli_open(c, &s)) != 0)
		return rc;
	if ((rc = cli_new_passphrase("passwd", a.new_fd, &pass)) != 0) {
		store_close(s);
		return rc;
	}
	err_clear(&e);
	rc = station_passwd(s, pass.buf, pass.len, a.have_kdf ? &a.kdf : NULL,
			    0, &e);
	cli_secret_free(&pass);
	store_close(s);
	if (rc != RELTO_OK)
		return cli_fail(&e);
	printf(_("Passphrase changed.\n"));
	return 0;
}

int
cmd_recover(struct cli *c, int argc, char **argv)
{
	struct passwd_args a;
	struct cli_secret key, pass;
	struct relto_err e;
	struct store *s;
	int rc;

	if ((rc = station_passwd_args("recover", argc, argv, &a)) != 0 ||
	    (rc = cli_db_path(c)) != 0)
		return rc;
	rc = cli_secret_read(a.key_fd, _("recovery key"), _("Recovery key: "),
			     NULL, &key);
	if (rc != 0)
		return rc;
	err_clear(&e);
	rc = station_open(c->db, KEYBLOCK_RECOVERY, key.buf, key.len, &s, &e);
	cli_secret_free(&key);
	if (rc != RELTO_OK)
		return cli_fail(&e);
	if ((rc = cli_new_passphrase("recover", a.new_fd, &pass)) != 0) {
		store_close(s);
		return rc;
	}
	rc = station_passwd(s, pass.buf, pass.len, a.have_kdf ? &a.kdf : NULL,
			    1, &e);
	cli_secret_free(&pass);
	store_close(s);
	if (rc != RELTO_OK)
		return cli_fail(&e);
	printf(_("New passphrase set; the recovery key still works.\n"));
	return 0;
}

static void
check_line(const char *what, int good, const char *detail)
{
	cli_label(stdout, what, 13);
	printf(" %s%s%s\n", good ? _("ok") : _("FAILED"),
	       detail[0] != '\0' ? " — " : "", detail);
}

int
cmd_check(struct cli *c, int argc, char **argv)
{
	struct vault_report r;
	struct relto_err e;
	struct store *s;
	char detail[512], first[256];
	long long entries = 0;
	int rc, bad = 0;
	uint64_t i;
	size_t n;

	if ((rc = station_no_args("check", argc, argv)) != 0 ||
	    (rc = cli_open(c, &s)) != 0)
		return rc;
	err_clear(&e);
	if (vault_verify(store_vault(s), &r, &e) != RELTO_OK) {
		store_close(s);
		return cli_fail(&e);
	}
	n = (size_t)snprintf(
	    detail, sizeof detail, _("%llu pages, %llu failed authentication"),
	    (unsigned long long)r.pages, (unsigned long long)r.bad_pages);
	for (i = 0; i < r.bad_pages && i < 8 && n < sizeof detail; i++)
		n += (size_t)snprintf(detail + n, sizeof detail - n, "%s%u",
				      i == 0 ? _(": page ") : ", ",
				      r.first_bad[i]);
	check_line(_("Key block:"), r.keyblock_ok,
		   r.keyblock_ok ? "" : _("a key slot failed its MAC"));
	bad |= !r.keyblock_ok;
	check_line(_("Pages:"), r.bad_pages == 0, detail);
	bad |= r.bad_pages != 0;
	check_line(_("Length:"), r.length_ok && r.count_ok,
		   r.length_ok && r.count_ok
		       ? ""
		       : _("the file was truncated or extended"));
	bad |= !(r.length_ok && r.count_ok);
	rc = store_integrity(s, first, sizeof first, &e);
	check_line(_("Integrity:"), rc == RELTO_OK,
		   rc == RELTO_OK ? "" : cli_arg(e.msg));
	bad |= rc != RELTO_OK;
	err_clear(&e);
	rc = audit_verify(s, &entries, &e);
	if (rc == RELTO_OK)
		snprintf(detail, sizeof detail,
			 ngettext("%lld entry", "%lld entries",
				  (unsigned long)entries),
			 entries);
	check_line(_("Audit:"), rc == RELTO_OK,
		   rc == RELTO_OK ? detail : cli_arg(e.msg));
	bad |= rc != RELTO_OK;
	store_close(s);
	if (bad)
		cli_error(_("the store failed its check"));
	return bad ? 1 : 0;
}
