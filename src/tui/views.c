/*
 * views.c -- the table of views, the store data they share, and the
 * banner they set.
 *
 * The data the views show is loaded here in one go after unlocking, and
 * again after every change the workstation makes: the partner set and
 * marking context (core's import_context(), today's date).  The lists
 * of reports and of agreements never load all their rows: they page them
 * through tui_report_source and tui_agreement_source (core's
 * store_rlist_*() and store_alist_*(), sorted and filtered in SQL, the
 * reports over the columns core's reportlist.c keeps on each row), and
 * load one whole only to read, edit or release it.  The views that need
 * every agreement -- Partners (who names whom), the report editor's
 * marking picker -- read them with tui_agreements() when first asked;
 * the Release view has core load them once for all its cells.  Each load bumps
 * t->gen; a view keeps the gen it was built from and rebuilds when they differ,
 * so no view holds a pointer across a load.
 *
 * The banner.  Each view sets t->banner from what it shows before it
 * draws.  The Agreements, Partners and Audit views show metadata about
 * agreements, partners and the log, which the design treats as
 * UNCLASSIFIED; the export queue (below) likewise.  Views that show
 * reports set the roll-up of the banners of the reports listed (core's
 * reportlist_banner(), computed when the list is counted); should core
 * refuse the roll-up (a TLP label mixed with a classification), the
 * highest of the listed banners.  A report being read shows its own.
 */
#include "config.h"

#define RELTO_TUI_INTERNAL

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exercise.h"
#include "i18n.h"
#include "media.h"
#include "import.h"
#include "reportlist.h"
#include "list.h"
#include "queue.h"
#include "store.h"
#include "text.h"
#include "tui.h"

static const struct tui_viewdef *const views_table[TUI_NVIEWS] = {
    &view_agreements, &view_partners, &view_reports, &view_release,
    &view_exports,    &view_audit,    &view_inbox,   &view_trainer,
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
	t->agr_loaded = 0;
	partner_set_free(&t->set);
	partner_set_init(&t->set);
}

/*
 * Load report id whole, with its banner; when core cannot read it,
 * tr->error says why.  tui_report_free() it after.
 */
void
tui_report_load(struct tui *t, const char *id, struct tui_report *tr)
{
	struct relto_err e;

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
}

void
tui_report_free(struct tui_report *tr)
{
	report_free(&tr->r);
	free(tr->error);
	memset(tr, 0, sizeof *tr);
}

/* ---- the reports and the agreements, paged ------------------------------ */

/*
 * A paged list's columns are core's store_rlist or store_alist columns,
 * in their order (view-reports.c, view-release.c and view-agreements.c
 * build their lists so).  "topic:X" is a topic, whole; the agreements'
 * "partner:X" is an agreement naming X or a group X is in today, as core's
 * agreement_names() reads it.
 */
struct views_kind {
	int (*count)(struct store *, const struct store_rq *, int *,
		     struct relto_err *);
	int (*locate)(struct store *, const struct store_rq *, const char *,
		      int *, struct relto_err *);
	int (*find)(struct store *, const struct store_rq *, const char *, int,
		    int, int *, struct relto_err *);
	int reports;
};

static const struct views_kind views_reports = {
    store_rlist_count, store_rlist_locate, store_rlist_find, 1};
static const struct views_kind views_agreements = {
    store_alist_count, store_alist_locate, store_alist_find, 0};

static const struct views_kind *
views_kind_of(const struct list *l)
{
	return l->src == &tui_report_source ? &views_reports
					    : &views_agreements;
}

/* A view's own key:value as a word of the query. */
static void
views_special(struct tui *t, const struct views_kind *k,
	      const struct list_word *w, int *col, char *text, size_t cap)
{
	char code[PARTNER_CODE_MAX];
	size_t i;

	if (k->reports) { /* "topic" */
		*col = STORE_RQ_TOPIC;
		snprintf(text, cap, "%.*s", (int)w->len, w->text);
		return;
	}
	if (w->keylen == 5 && strncmp(w->key, "topic", 5) == 0) {
		*col = STORE_AQ_TOPIC;
		snprintf(text, cap, "%.*s", (int)w->len, w->text);
		return;
	}
	*col = STORE_AQ_PARTNER; /* "partner" */
	for (i = 0; i < w->len && i + 1 < sizeof code; i++)
		code[i] = (char)(w->text[i] >= 'a' && w->text[i] <= 'z'
				     ? w->text[i] - 'a' + 'A'
				     : w->text[i]);
	code[i] = '\0';
	partner_names_of(&t->set, code, t->ctx.date, text, cap);
}

static int
views_rq(struct tui *t, const struct list *l, struct store_rq *q)
{
	const struct views_kind *k = views_kind_of(l);
	struct list_word w;
	const char *p = l->filter;

	memset(q, 0, sizeof *q);
	q->sort = l->sort >= 0 ? l->sort : 0;
	q->rev = l->rev;
	while (list_filter_word(l, &p, &w)) {
		if (w.len == 0) /* "key:" alone filters nothing */
			continue;
		if (q->nword == STORE_RQ_WORDS) {
			tui_msg(t, _("A filter has at most %d words"),
				STORE_RQ_WORDS);
			return -1;
		}
		if (w.key != NULL)
			views_special(t, k, &w, &q->word[q->nword].col,
				      q->word[q->nword].text,
				      sizeof q->word[0].text);
		else {
			q->word[q->nword].col =
			    w.col >= 0 ? w.col : STORE_RQ_ANY;
			snprintf(q->word[q->nword].text, sizeof q->word[0].text,
				 "%.*s", (int)w.len, w.text);
		}
		q->nword++;
	}
	return 0;
}

static int
views_fail(struct tui *t, const struct relto_err *e)
{
	tui_msg(t, "%s", e->msg);
	return -1;
}

static int
views_count(struct tui *t, struct list *l)
{
	const struct views_kind *k = views_kind_of(l);
	struct store_rq q, all;
	struct relto_err e;
	int rolled;

	if (views_rq(t, l, &q) != 0)
		return -1;
	memset(&all, 0, sizeof all);
	err_clear(&e);
	if (k->count(t->store, &q, &l->nvis, &e) != RELTO_OK ||
	    k->count(t->store, &all, &l->total, &e) != RELTO_OK ||
	    (k->reports && reportlist_banner(t->store, &q, &t->ctx, &l->banner,
					     &rolled, &e) != RELTO_OK))
		return views_fail(t, &e);
	return 0;
}

struct views_page {
	struct tui *t;
	struct list *l;
	int index, oom;
};

static int
views_row(const struct store_rrow *r, void *arg)
{
	struct views_page *vp = arg;
	const char *cells[STORE_RCOL_N];

	cells[STORE_RCOL_ID] = r->id;
	cells[STORE_RCOL_TITLE] = r->title;
	cells[STORE_RCOL_BANNER] = r->banner;
	cells[STORE_RCOL_STATUS] = r->status;
	cells[STORE_RCOL_ORIGINATOR] = r->originator;
	cells[STORE_RCOL_TOPICS] = r->topics;
	if (list_add(vp->l, vp->index++, cells, NULL) < 0) {
		vp->oom = 1;
		return 1;
	}
	return 0;
}

/*
 * An agreement's row: one that expires soon (core's agreement_expiring())
 * is drawn bold, a "!" after its date.
 */
static int
views_agreement_row(const char *const *cell, int num, void *arg)
{
	struct views_page *vp = arg;
	const char *cells[STORE_ACOL_N];
	char expires[32];
	struct agreement a;
	int row, soon;

	(void)num;
	memset(&a, 0, sizeof a);
	snprintf(a.expires, sizeof a.expires, "%s", cell[STORE_ACOL_EXPIRES]);
	a.status = agreement_status_parse(cell[STORE_ACOL_STATUS]);
	soon = agreement_expiring(&a, vp->t->ctx.date) >= 0;
	memcpy(cells, cell, sizeof cells);
	snprintf(expires, sizeof expires, "%s%s",
		 a.expires[0] ? a.expires : "-", soon ? " !" : "");
	cells[STORE_ACOL_EXPIRES] = expires;
	if ((row = list_add(vp->l, vp->index++, cells, NULL)) < 0) {
		vp->oom = 1;
		return 1;
	}
	if (soon)
		list_set_attr(vp->l, row, A_BOLD);
	return 0;
}

static int
views_fetch(struct tui *t, struct list *l, int off, int n)
{
	struct views_page vp = {t, l, off, 0};
	struct store_rq q;
	struct relto_err e;
	int rc;

	if (views_rq(t, l, &q) != 0)
		return -1;
	err_clear(&e);
	rc = views_kind_of(l)->reports
		 ? store_rlist_page(t->store, &q, off, n, views_row, &vp, &e)
		 : store_alist_page(t->store, &q, off, n, views_agreement_row,
				    &vp, &e);
	if (rc != RELTO_OK)
		return views_fail(t, &e);
	if (vp.oom) {
		tui_msg(t, "%s", _("Out of memory"));
		return -1;
	}
	return 0;
}

static int
views_locate(struct tui *t, struct list *l, const char *key, int *index)
{
	struct store_rq q;
	struct relto_err e;

	if (views_rq(t, l, &q) != 0)
		return -1;
	err_clear(&e);
	if (views_kind_of(l)->locate(t->store, &q, key, index, &e) != RELTO_OK)
		return views_fail(t, &e);
	return 0;
}

static int
views_find(struct tui *t, struct list *l, const char *text, int from, int dir,
	   int *index)
{
	struct store_rq q;
	struct relto_err e;

	if (views_rq(t, l, &q) != 0)
		return -1;
	err_clear(&e);
	if (views_kind_of(l)->find(t->store, &q, text, from, dir, index, &e) !=
	    RELTO_OK)
		return views_fail(t, &e);
	return 0;
}

const struct list_source tui_report_source = {
    views_count,
    views_fetch,
    views_locate,
    views_find,
};

const struct list_source tui_agreement_source = {
    views_count,
    views_fetch,
    views_locate,
    views_find,
};

/*
 * Every agreement, whole, for the views that need them all (Partners,
 * the report editor's picker): read when first asked after a load.
 */
int
tui_agreements(struct tui *t)
{
	struct relto_err e;

	if (t->agr_loaded)
		return RELTO_OK;
	t->agr_loaded = 1;
	err_clear(&e);
	if (store_agreements_load(t->store, &t->agr, &t->nagr, &e) !=
	    RELTO_OK) {
		tui_msg(t, "%s", e.msg);
		return e.code;
	}
	return RELTO_OK;
}

/*
 * (Re)load what the views share.  On failure what could be loaded stays
 * and the status line says why.
 */
int
tui_data_load(struct tui *t)
{
	struct relto_err e;
	char *safe;

	tui_data_free(t);
	t->gen++;
	store_setting(t->store, "station", t->station, sizeof t->station);
	err_clear(&e);
	if (exercise_load(t->store, &t->x, &t->exercise, &e) != RELTO_OK)
		t->exercise = 0;
	if ((safe = tui_safe(t->station)) != NULL) {
		snprintf(t->station, sizeof t->station, "%s", safe);
		free(safe);
	}
	err_clear(&e);
	if (import_context(t->store, &t->set, &t->ctx, NULL, &e) != RELTO_OK ||
	    reportlist_refresh(t->store, &t->ctx, &e) != RELTO_OK) {
		tui_msg(t, "%s", e.msg);
		return e.code;
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

/* ---- the export queue -------------------------------------------------- */

/*
 * The Exports view: every export in the queue, whatever its state, from
 * core's store_exports_each().  `c` and `r` ask core to cancel or retry
 * the selected one (core says when it may not); `w` asks for the media
 * directory and has core's queue_run() write every queued export, its
 * progress on the status line and its outcomes in a dialog.  The queue
 * is metadata: UNCLASSIFIED.
 */
enum exp_col {
	EXP_ID,
	EXP_PARTNER,
	EXP_REPORT,
	EXP_STATE,
	EXP_UPDATED,
	EXP_DETAIL,
	EXP_NCOLS
};

static const struct list_col exp_cols[EXP_NCOLS] = {
    /* TRANSLATORS: column titles of the export queue. */
    {"id", N_("ID"), 3, 8, LIST_RIGHT | LIST_NUMERIC},
    {"partner", N_("PARTNER"), 7, 10, 0},
    {"report", N_("REPORT"), 6, 16, 0},
    {"state", N_("STATE"), 8, 10, 0},
    {"updated", N_("UPDATED (UTC)"), 10, 20, 0},
    {"detail", N_("BUNDLE OR REASON"), 12, 0, LIST_FLEX},
};

enum exp_action {
	EXP_CANCEL = TUI_ACT_VIEW,
	EXP_RETRY,
	EXP_WRITE,
	EXP_RELOAD,
};

static const struct tui_binding exp_bindings[] = {
    {'c', EXP_CANCEL, N_("Cancel the selected export")},
    {'r', EXP_RETRY, N_("Put the selected export back in the queue")},
    {'w', EXP_WRITE, N_("Write every queued export to removable media")},
    {TUI_KEY_CTRL('R'), EXP_RELOAD, N_("Read the queue again")},
};

static const struct tui_keymap exp_keymap = {
    /* TRANSLATORS: a heading in the help. */
    N_("Exports"), exp_bindings, TUI_NKEYS(exp_bindings)};

struct exp_view {
	unsigned gen;
	struct list list;
	long long *ids; /* a row's ref indexes this */
	size_t nids, cap;
	int oom;
	char media[1024]; /* the media directory last given */
};

static int
exp_row(const struct store_export *x, void *arg)
{
	struct exp_view *v = arg;
	const char *cells[EXP_NCOLS];
	long long nums[EXP_NCOLS], *nv;
	char id[32];

	if (v->nids == v->cap) {
		v->cap = v->cap ? 2 * v->cap : 32;
		if ((nv = realloc(v->ids, v->cap * sizeof *nv)) == NULL) {
			v->oom = 1;
			return 1;
		}
		v->ids = nv;
	}
	memset(nums, 0, sizeof nums);
	snprintf(id, sizeof id, "%lld", x->id);
	nums[EXP_ID] = x->id;
	cells[EXP_ID] = id;
	cells[EXP_PARTNER] = x->partner;
	cells[EXP_REPORT] = x->report;
	cells[EXP_STATE] = x->state;
	cells[EXP_UPDATED] = x->updated;
	cells[EXP_DETAIL] =
	    x->reason != NULL && *x->reason ? x->reason : x->bundle;
	/* list_add() sanitizes every cell. */
	if (list_add(&v->list, (int)v->nids, cells, nums) < 0) {
		v->oom = 1;
		return 1;
	}
	v->ids[v->nids++] = x->id;
	return 0;
}

static void
exp_build(struct tui *t, struct exp_view *v)
{
	struct relto_err e;
	char sel[32];
	const char *cur = list_selected_cell(&v->list, EXP_ID);

	snprintf(sel, sizeof sel, "%s", cur != NULL ? cur : "");
	list_clear(&v->list);
	v->nids = 0;
	v->oom = 0;
	err_clear(&e);
	if (store_exports_each(t->store, NULL, exp_row, v, &e) != RELTO_OK)
		tui_msg(t, "%s", e.msg);
	else if (v->oom)
		tui_msg(t, "%s", _("Out of memory"));
	list_apply(t, &v->list);
	if (sel[0] != '\0')
		list_select_cell(&v->list, EXP_ID, sel);
	v->gen = t->gen;
}

static struct exp_view *
exp_state(struct tui *t)
{
	struct exp_view *v = t->vs[TUI_VIEW_EXPORTS];

	if (v == NULL) {
		if ((v = calloc(1, sizeof *v)) == NULL)
			return NULL;
		list_init(&v->list, exp_cols, EXP_NCOLS);
		v->list.sort = EXP_ID;
		v->gen = t->gen - 1;
		t->vs[TUI_VIEW_EXPORTS] = v;
	}
	if (v->gen != t->gen)
		exp_build(t, v);
	return v;
}

static void
exp_free(struct tui *t)
{
	struct exp_view *v = t->vs[TUI_VIEW_EXPORTS];

	if (v == NULL)
		return;
	list_free(&v->list);
	free(v->ids);
	free(v);
	t->vs[TUI_VIEW_EXPORTS] = NULL;
}

static int
exp_keymaps(struct tui *t, const struct tui_keymap **out, int max)
{
	int n = 0;

	(void)t;
	if (n < max)
		out[n++] = &exp_keymap;
	if (n < max)
		out[n++] = &list_keymap;
	return n;
}

static struct list *
exp_list(struct tui *t)
{
	struct exp_view *v = exp_state(t);

	return v != NULL ? &v->list : NULL;
}

static void
exp_draw(struct tui *t, int top, int rows)
{
	struct exp_view *v = exp_state(t);

	tui_banner_unclassified(t);
	if (v == NULL || rows < 1)
		return;
	screen_put(stdscr, top, 1,
		   _("The export queue: c cancel, r retry, w write to media"),
		   COLS - 2);
	list_draw(t, &v->list, top + 1, rows - 1);
}

/* The selected export's id, or -1 (saying so). */
static long long
exp_selected(struct tui *t, struct exp_view *v)
{
	int ref = list_selected(&v->list);

	if (ref < 0 || (size_t)ref >= v->nids) {
		tui_msg(t, "%s", _("No export is selected"));
		return -1;
	}
	return v->ids[ref];
}

static void
exp_change(struct tui *t, struct exp_view *v, int retry)
{
	char question[512];
	struct relto_err e;
	long long id = exp_selected(t, v);
	int rc;

	if (id < 0)
		return;
	snprintf(question, sizeof question,
		 retry ? _("Put export %lld back in the queue?\n\nThe change "
			   "is recorded in the audit log.")
		       : _("Cancel export %lld?\n\nThe change is recorded in "
			   "the audit log."),
		 id);
	if (dialog_confirm(
		t, retry ? _("Retry the export") : _("Cancel the export"),
		question) != DIALOG_YES)
		return;
	err_clear(&e);
	rc = retry ? queue_retry(t->store, id, &e)
		   : queue_cancel(t->store, id, &e);
	if (rc != RELTO_OK) {
		dialog_message(t, _("Nothing was changed"), e.msg);
		return;
	}
	tui_data_load(t);
	exp_state(t);
	if (retry)
		tui_msg(t, _("Export %lld is queued again"), id);
	else
		tui_msg(t, _("Export %lld is cancelled"), id);
}

struct exp_run {
	struct tui *t;
	int last; /* the percentage last shown */
	size_t len;
	char out[4096]; /* the outcomes, a line each */
};

static void
exp_progress(uint64_t done, uint64_t total, void *arg)
{
	struct exp_run *r = arg;
	int pct = total > 0 ? (int)(done * 100 / total) : -1;

	if (pct == r->last && total > 0)
		return;
	r->last = pct;
	if (total > 0)
		tui_msg(r->t, _("Writing: %llu of %llu bytes (%d%%)"),
			(unsigned long long)done, (unsigned long long)total,
			pct);
	else
		tui_msg(r->t, _("Writing: %llu bytes"),
			(unsigned long long)done);
	screen_compose(r->t);
	screen_flush();
}

static void
exp_outcome(const struct queue_outcome *o, void *arg)
{
	struct exp_run *r = arg;

	if (r->len >= sizeof r->out)
		return;
	if (o->ok)
		r->len += (size_t)snprintf(
		    r->out + r->len, sizeof r->out - r->len,
		    /* TRANSLATORS: partner: file name (N reports). */
		    ngettext("%s: %s written and verified (%zu report)\n",
			     "%s: %s written and verified (%zu reports)\n",
			     (unsigned long)o->reports),
		    o->partner, o->bundle, o->reports);
	else
		r->len +=
		    (size_t)snprintf(r->out + r->len, sizeof r->out - r->len,
				     /* TRANSLATORS: partner: the reason. */
				     _("%s: not written: %s\n"), o->partner,
				     o->reason != NULL ? o->reason : "");
}

static void
exp_write(struct tui *t, struct exp_view *v)
{
	struct exp_run r;
	struct relto_err e;
	struct dialog d;
	char text[4096 + 600];
	int failures = 0, rc;

	memset(&d, 0, sizeof d);
	d.title = _("Write the queued exports");
	d.text = _("Every queued export is written, one bundle per partner, "
		   "under RELTO/ in the directory where the medium is "
		   "mounted.");
	d.label = _("Media directory:");
	if (dialog_prompt(t, &d, v->media, sizeof v->media) != DIALOG_YES ||
	    v->media[0] == '\0') {
		tui_msg(t, "%s", _("Nothing was written"));
		return;
	}
	if (media_mounted(v->media) == 0 &&
	    dialog_confirm(t, _("Write the queued exports"),
			   _("That directory is not a mount point: no medium "
			     "seems to be mounted there. Write there "
			     "anyway?")) != DIALOG_YES) {
		tui_msg(t, "%s", _("Nothing was written"));
		return;
	}
	memset(&r, 0, sizeof r);
	r.t = t;
	r.last = -2;
	tui_msg(t, "%s", _("Writing the exports…"));
	screen_compose(t);
	screen_flush();
	err_clear(&e);
	rc = queue_run(t->store, v->media, exp_progress, &r, exp_outcome, &r,
		       &failures, &e);
	t->message = NULL;
	if (r.len > 0 && r.out[r.len - 1] == '\n')
		r.out[--r.len] = '\0';
	if (rc != RELTO_OK) {
		snprintf(text, sizeof text, "%s%s%s", e.msg,
			 r.len ? "\n\n" : "", r.out);
		dialog_message(t, _("The exports were not all written"), text);
	} else if (r.len == 0)
		dialog_message(t, _("Nothing was written"),
			       _("No export is queued."));
	else
		dialog_message(t,
			       failures ? _("Some exports were not written")
					: _("The exports were written"),
			       r.out);
	tui_data_load(t);
	exp_state(t);
}

static void
exp_run(struct tui *t, int action)
{
	struct exp_view *v = exp_state(t);

	if (v == NULL)
		return;
	switch (action) {
	case EXP_CANCEL:
		exp_change(t, v, 0);
		break;
	case EXP_RETRY:
		exp_change(t, v, 1);
		break;
	case EXP_WRITE:
		exp_write(t, v);
		break;
	case EXP_RELOAD:
		exp_build(t, v);
		tui_msg(t, "%s", _("The queue was read again"));
		break;
	}
}

const struct tui_viewdef view_exports = {
    exp_keymaps, exp_list, exp_draw, exp_run, exp_free, NULL,
};
