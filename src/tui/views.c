/*
 * views.c -- the table of views, the store data they share, and the
 * banner they set.
 *
 * The data the views show is loaded here in one go after unlocking, and
 * again after every change the workstation makes: the partner set and
 * marking context (core's import_context(), today's date), the
 * agreements, and the reports with their banners (core's report_banner()).
 * Each load bumps t->gen; a view keeps the gen it was built from and
 * rebuilds when they differ, so no view holds a pointer across a load.
 * (Every report is loaded: a windowed query is for a later core.)
 *
 * The banner.  Each view sets t->banner from what it shows before it
 * draws.  The Agreements, Partners and Audit views show metadata about
 * agreements, partners and the log, which the design treats as
 * UNCLASSIFIED; the export queue's place likewise.  Views that show
 * reports set the roll-up (core's marking_rollup()) of the banners of
 * the reports listed; should core refuse the roll-up (a TLP label mixed
 * with a classification), the highest of the listed banners.  A report
 * being read shows its own banner.
 */
#include "config.h"

#define RELTO_TUI_INTERNAL

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "import.h"
#include "store.h"
#include "text.h"
#include "tui.h"

static const struct tui_viewdef *const views_table[TUI_NVIEWS] = {
    &view_agreements, &view_partners, &view_reports,
    &view_release,    &view_exports,  &view_audit,
};

const struct tui_viewdef *
tui_viewdef(int view)
{
	return view >= 0 && view < TUI_NVIEWS ? views_table[view]
					      : views_table[0];
}

/* A malloc'd, terminal-safe, one-line copy of s (NULL: ""), or NULL. */
char *
tui_safe(const char *s)
{
	if (s == NULL)
		s = "";
	return text_sanitize_line(s, strlen(s), NULL);
}

/* Put a message, sanitized, on the status line. */
void
tui_msg(struct tui *t, const char *fmt, ...)
{
	char buf[sizeof t->msgbuf], *safe;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	safe = tui_safe(buf);
	snprintf(t->msgbuf, sizeof t->msgbuf, "%s", safe != NULL ? safe : "");
	free(safe);
	t->message = t->msgbuf;
}

/* Words (topics), joined by spaces. */
void
tui_words(const char (*w)[AGREEMENT_TOPIC_MAX], size_t n, char *out, size_t cap)
{
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; i < n && len < cap; i++)
		len += (size_t)snprintf(out + len, cap - len, "%s%s",
					i ? " " : "", w[i]);
}

void
tui_banner_set(struct tui *t, const struct marking *m)
{
	if (marking_format(m, MARKING_BANNER, t->banner, sizeof t->banner) !=
	    RELTO_OK)
		snprintf(t->banner, sizeof t->banner, "%s",
			 marking_level_name(m->level));
	t->banner_level = (m->flags & MARKING_TLP) ? -1 : m->level;
}

void
tui_banner_unclassified(struct tui *t)
{
	struct marking m;

	memset(&m, 0, sizeof m);
	m.level = MARKING_U;
	tui_banner_set(t, &m);
}

/*
 * The banner of a screen listing the reports t->rep[which[i]], i < n:
 * the roll-up of their banners, else the highest; UNCLASSIFIED for none.
 */
void
tui_banner_reports(struct tui *t, const int *which, size_t n)
{
	struct marking *v, rolled;
	size_t i, k = 0, hi = 0;

	if ((v = malloc((n > 0 ? n : 1) * sizeof *v)) == NULL) {
		tui_banner_unclassified(t);
		return;
	}
	for (i = 0; i < n; i++)
		if (t->rep[which[i]].banner_ok) {
			v[k] = t->rep[which[i]].banner;
			if (v[k].level > v[hi].level)
				hi = k;
			k++;
		}
	if (k == 0)
		tui_banner_unclassified(t);
	else if (marking_rollup(v, k, &t->ctx, &rolled) == RELTO_OK)
		tui_banner_set(t, &rolled);
	else
		tui_banner_set(t, &v[hi]);
	free(v);
}

/* ---- the shared data ---------------------------------------------------- */

void
tui_data_free(struct tui *t)
{
	size_t i;

	for (i = 0; i < t->nagr; i++)
		agreement_free(&t->agr[i]);
	free(t->agr);
	t->agr = NULL;
	t->nagr = 0;
	for (i = 0; i < t->nrep; i++) {
		report_free(&t->rep[i].r);
		free(t->rep[i].error);
	}
	free(t->rep);
	t->rep = NULL;
	t->nrep = 0;
	partner_set_free(&t->set);
	partner_set_init(&t->set);
}

struct views_load {
	struct tui *t;
	size_t cap;
	int oom;
};

static int
views_report(const char *id, void *arg)
{
	struct views_load *vl = arg;
	struct tui *t = vl->t;
	struct tui_report *nv, *tr;
	struct relto_err e;

	if (t->nrep == vl->cap) {
		vl->cap = vl->cap ? 2 * vl->cap : 64;
		if ((nv = realloc(t->rep, vl->cap * sizeof *nv)) == NULL) {
			vl->oom = 1;
			return 1;
		}
		t->rep = nv;
	}
	tr = &t->rep[t->nrep];
	memset(tr, 0, sizeof *tr);
	err_clear(&e);
	if (store_report_load(t->store, id, &t->ctx, &tr->r, &e) != RELTO_OK) {
		memset(&tr->r, 0, sizeof tr->r);
		snprintf(tr->r.id, sizeof tr->r.id, "%s", id);
		tr->error = tui_safe(e.msg);
	} else if (report_banner(&tr->r, &t->ctx, &tr->banner) == RELTO_OK &&
		   marking_format(&tr->banner, MARKING_BANNER, tr->banner_text,
				  sizeof tr->banner_text) == RELTO_OK)
		tr->banner_ok = 1;
	if (!tr->banner_ok)
		snprintf(tr->banner_text, sizeof tr->banner_text, "?");
	t->nrep++;
	return 0;
}

/*
 * (Re)load what the views share.  On failure what could be loaded stays
 * and the status line says why.
 */
int
tui_data_load(struct tui *t)
{
	struct views_load vl = {t, 0, 0};
	struct relto_err e;
	char *safe;

	tui_data_free(t);
	t->gen++;
	store_setting(t->store, "station", t->station, sizeof t->station);
	if ((safe = tui_safe(t->station)) != NULL) {
		snprintf(t->station, sizeof t->station, "%s", safe);
		free(safe);
	}
	err_clear(&e);
	if (import_context(t->store, &t->set, &t->ctx, NULL, &e) != RELTO_OK ||
	    store_agreements_load(t->store, &t->agr, &t->nagr, &e) !=
		RELTO_OK ||
	    store_reports_each(t->store, views_report, &vl, &e) != RELTO_OK) {
		tui_msg(t, "%s", e.msg);
		return e.code;
	}
	if (vl.oom) {
		tui_msg(t, "%s", _("Out of memory"));
		return RELTO_ENOMEM;
	}
	return RELTO_OK;
}

void
tui_views_free(struct tui *t)
{
	int v;

	for (v = 0; v < TUI_NVIEWS; v++)
		if (views_table[v]->free != NULL)
			views_table[v]->free(t);
}

/* ---- the export queue's place ------------------------------------------- */

static int
exports_keymaps(struct tui *t, const struct tui_keymap **out, int max)
{
	(void)t;
	(void)out;
	(void)max;
	return 0;
}

static void
exports_draw(struct tui *t, int top, int rows)
{
	const char *p[1];

	tui_banner_unclassified(t);
	p[0] = _("The export queue is not part of this version yet.");
	screen_center(stdscr, top, rows, p, 1);
}

const struct tui_viewdef view_exports = {
    exports_keymaps, NULL, exports_draw, NULL, NULL,
};
