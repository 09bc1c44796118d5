/*
 * receive.c -- taking a bundle another station sent into this store.
 *
 * The bundle has passed every check (unbundle.c) before this file sees
 * it.  Each REPORTS/<ID>.TXT becomes a report here:
 *   - its id is <STATION>-<ID>, so two stations' R-001 do not collide;
 *   - its originator is the sending station's country (MANIFEST.TXT), so
 *     the third-party rule governs any onward release from here;
 *   - its topics come from the manifest's "Report:" line, its date from
 *     the bundle's creation, its title names where it came from;
 *   - its portions keep their markings as the sender wrote them, with the
 *     sender's country first; its status "received" tells store.c to read
 *     them so.
 * All reports or none, in one transaction, with one audit entry.
 */
#include "config.h"

#include "receive.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "i18n.h"
#include "import.h"
#include "reportlist.h"

struct receive_manifest {
	char bundle[128], station[64], country[8], created[16];
};

static const struct unbundle_file *
receive_find(const struct unbundle *u, const char *name)
{
	size_t i;

	for (i = 0; i < u->n; i++)
		if (strcmp(u->f[i].name, name) == 0)
			return &u->f[i];
	return NULL;
}

/* The value of "Key: value" in the manifest, or NULL. */
static const char *
receive_field(const char *text, const char *key, char *out, size_t cap)
{
	size_t k = strlen(key);
	const char *p = text, *nl;

	while (p != NULL && *p != '\0') {
		nl = strchr(p, '\n');
		if (strncmp(p, key, k) == 0 && p[k] == ':' && p[k + 1] == ' ') {
			snprintf(out, cap, "%.*s",
				 (int)((nl != NULL ? nl : p + strlen(p)) - p -
				       (ptrdiff_t)k - 2),
				 p + k + 2);
			return out;
		}
		p = nl != NULL ? nl + 1 : NULL;
	}
	return NULL;
}

static int
receive_manifest(const struct unbundle *u, struct receive_manifest *m,
		 struct relto_err *e)
{
	const struct unbundle_file *f = receive_find(u, "MANIFEST.TXT");
	const char *t = f != NULL ? (const char *)f->data : "";
	char created[32];

	memset(m, 0, sizeof *m);
	if (receive_field(t, "Bundle", m->bundle, sizeof m->bundle) == NULL ||
	    receive_field(t, "Station", m->station, sizeof m->station) ==
		NULL ||
	    receive_field(t, "Country", m->country, sizeof m->country) ==
		NULL ||
	    receive_field(t, "Created", created, sizeof created) == NULL)
		return err_set(e, RELTO_EINPUT,
			       _("the bundle's manifest lacks a field relto "
				 "needs (Bundle, Station, Country, Created)"));
	snprintf(m->created, sizeof m->created, "%.10s", created);
	return RELTO_OK;
}

/* The report text between the banner lines at top and bottom. */
static char *
receive_body(const struct unbundle_file *f)
{
	const char *t = (const char *)f->data, *first = strchr(t, '\n'),
		   *end = t + f->len;
	size_t blen;

	if (first == NULL)
		return NULL;
	blen = (size_t)(first - t);
	/* "BANNER\n\n" ... "\n\nBANNER\n" */
	if (f->len < 2 * blen + 6 || first[1] != '\n' ||
	    memcmp(end - blen - 1, t, blen) != 0 || end[-1] != '\n')
		return NULL;
	return strndup(first + 2, (size_t)(end - blen - 1 - (first + 2)) - 2);
}

static int
receive_one(struct store *s, const struct unbundle *u,
	    const struct receive_manifest *m, const struct marking_ctx *ctx,
	    const char *line, struct report *r, struct relto_err *e)
{
	const struct unbundle_file *f;
	struct report_problem pv[4];
	char id[REPORT_ID_MAX], name[320], *body, *tok, *save, buf[512];
	size_t np = 0;

	memset(r, 0, sizeof *r); /* the caller frees it whatever happens */
	snprintf(buf, sizeof buf, "%s", line);
	tok = strtok_r(buf, " ", &save);
	if (tok == NULL)
		return err_set(e, RELTO_EINPUT, _("a bad Report line"));
	snprintf(name, sizeof name, "REPORTS/%s.TXT", tok);
	if ((f = receive_find(u, name)) == NULL)
		return err_set(e, RELTO_EINPUT,
			       _("the manifest names %s, which the bundle does "
				 "not hold"),
			       name);
	if ((size_t)snprintf(id, sizeof id, "%s-%s", m->station, tok) >=
	    sizeof id)
		return err_set(e, RELTO_EINPUT, _("report id %s is too long"),
			       tok);
	if (store_report_exists(s, id))
		return err_set(e, RELTO_EFAIL,
			       _("report %s was imported already"), id);
	snprintf(r->id, sizeof r->id, "%s", id);
	snprintf(r->originator, sizeof r->originator, "%.4s", m->country);
	snprintf(r->date, sizeof r->date, "%.10s", m->created);
	snprintf(r->status, sizeof r->status, "received");
	snprintf(name, sizeof name, "%s from station %s (bundle %s)", tok,
		 m->station, m->bundle);
	r->title = strdup(name);
	while ((tok = strtok_r(NULL, " ", &save)) != NULL)
		report_add_topic(r, tok);
	body = receive_body(f);
	if (body == NULL || r->title == NULL)
		return err_set(e, RELTO_EINPUT,
			       _("%s is not a report between two banners"),
			       f->name);
	{
		/* The sender marked it: its country is the marking's own. */
		struct marking_ctx sender = *ctx;

		snprintf(sender.own, sizeof sender.own, "%.4s", m->country);
		report_parse_received(r, body, &sender, pv, 4, &np);
	}
	free(body);
	if (np > 0)
		return err_set(e, RELTO_EINPUT, "%s: %s", f->name, pv[0].msg);
	return RELTO_OK;
}

int
receive_import(struct store *s, const struct unbundle *u, size_t *count,
	       char *bundle, size_t cap, struct relto_err *e)
{
	const struct unbundle_file *mf = receive_find(u, "MANIFEST.TXT");
	struct receive_manifest m;
	struct partner_set set;
	struct marking_ctx ctx;
	struct report *reps = NULL, *nr;
	char line[512], detail[256];
	const char *p, *nl;
	size_t n = 0, i;
	int rc;

	*count = 0;
	if (receive_manifest(u, &m, e) != RELTO_OK)
		return e->code;
	snprintf(bundle, cap, "%s", m.bundle);
	if (import_context(s, &set, &ctx, NULL, e) != RELTO_OK)
		return e->code;
	rc = RELTO_OK;
	for (p = (const char *)mf->data; rc == RELTO_OK && p && *p; p = nl) {
		nl = strchr(p, '\n');
		if (nl != NULL)
			nl++;
		if (strncmp(p, "Report: ", 8) != 0)
			continue;
		snprintf(line, sizeof line, "%.*s",
			 (int)((nl != NULL ? nl - 1 : p + strlen(p)) - p - 8),
			 p + 8);
		nr = realloc(reps, (n + 1) * sizeof *nr);
		if (nr == NULL) {
			rc = err_set(e, RELTO_ENOMEM, _("out of memory"));
			break;
		}
		reps = nr;
		rc = receive_one(s, u, &m, &ctx, line, &reps[n], e);
		n++;
	}
	if (rc == RELTO_OK && n == 0)
		rc = err_set(e, RELTO_EINPUT, _("the bundle holds no report"));
	if (rc == RELTO_OK)
		rc = store_begin(s, e);
	for (i = 0; rc == RELTO_OK && i < n; i++)
		if ((rc = store_report_put(s, &reps[i], e)) == RELTO_OK)
			rc = reportlist_set(s, &ctx, &reps[i], e);
	snprintf(detail, sizeof detail, "%zu reports from %s", n, m.station);
	if (rc == RELTO_OK)
		rc = audit_append(s, "bundle.import", m.bundle, detail, e);
	if (rc == RELTO_OK)
		rc = store_commit(s, e);
	else
		store_rollback(s);
	for (i = 0; i < n; i++)
		report_free(&reps[i]);
	free(reps);
	partner_set_free(&set);
	if (rc == RELTO_OK)
		*count = n;
	return rc;
}
