/*
 * view-audit.c -- the Audit view: the hash-chained log, newest first,
 * under the chain's verification status.
 *
 * Entries come from core's store_audit_each(); the status line above the
 * list is core's audit_verify() over the whole chain.  Both are read
 * when the view is first shown, after every change the workstation
 * makes, and on `r`.  The list sorts by sequence number, newest first,
 * until another sort is chosen.  The log is metadata: UNCLASSIFIED.
 */
#include "config.h"

#define RELTO_TUI_INTERNAL

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "i18n.h"
#include "list.h"
#include "store.h"
#include "tui.h"

enum aud_col {
	AUD_SEQ,
	AUD_AT,
	AUD_ACTOR,
	AUD_ACTION,
	AUD_OBJECT,
	AUD_DETAIL,
	AUD_NCOLS
};

static const struct list_col aud_cols[AUD_NCOLS] = {
    /* TRANSLATORS: column titles of the audit log. */
    {"seq", N_("#"), 3, 8, LIST_RIGHT | LIST_NUMERIC},
    {"at", N_("TIME (UTC)"), 20, 20, 0},
    {"actor", N_("ACTOR"), 6, 12, 0},
    {"action", N_("ACTION"), 8, 18, 0},
    {"object", N_("OBJECT"), 8, 16, 0},
    {"detail", N_("DETAIL"), 12, 0, LIST_FLEX},
};

enum aud_action {
	AUD_RELOAD = TUI_ACT_VIEW,
};

static const struct tui_binding aud_bindings[] = {
    {'r', AUD_RELOAD, N_("Read the log again and verify the chain")},
};

static const struct tui_keymap aud_keymap = {
    /* TRANSLATORS: a heading in the help. */
    N_("Audit"), aud_bindings, TUI_NKEYS(aud_bindings)};

struct aud_view {
	unsigned gen;
	struct list list;
	char chain[600]; /* the verification's outcome, sanitized */
	int broken;
};

struct aud_load {
	struct tui *t;
	struct list *l;
	int oom;
};

static int
aud_row(const struct store_audit_row *row, void *arg)
{
	struct aud_load *al = arg;
	const char *cells[AUD_NCOLS];
	long long nums[AUD_NCOLS];
	char seq[32];

	memset(nums, 0, sizeof nums);
	snprintf(seq, sizeof seq, "%lld", row->seq);
	nums[AUD_SEQ] = row->seq;
	cells[AUD_SEQ] = seq;
	cells[AUD_AT] = row->at;
	cells[AUD_ACTOR] = row->actor;
	cells[AUD_ACTION] = row->action;
	cells[AUD_OBJECT] = row->object;
	cells[AUD_DETAIL] = row->detail;
	if (list_add(al->l, (int)al->l->nrow, cells, nums) < 0) {
		al->oom = 1;
		return 1;
	}
	return 0;
}

static void
aud_build(struct tui *t, struct aud_view *v)
{
	struct aud_load al = {t, &v->list, 0};
	struct relto_err e;
	long long n = 0;
	char *safe;

	list_clear(&v->list);
	err_clear(&e);
	if (store_audit_each(t->store, 1, aud_row, &al, &e) != RELTO_OK)
		tui_msg(t, "%s", e.msg);
	else if (al.oom)
		tui_msg(t, "%s", _("Out of memory"));
	list_apply(t, &v->list);
	v->list.sel = 0;
	err_clear(&e);
	if (audit_verify(t->store, &n, &e) == RELTO_OK) {
		v->broken = 0;
		snprintf(v->chain, sizeof v->chain,
			 ngettext("The audit chain holds: %lld entry, not "
				  "edited, deleted or reordered.",
				  "The audit chain holds: %lld entries, none "
				  "edited, deleted or reordered.",
				  (unsigned long)n),
			 n);
	} else {
		v->broken = 1;
		safe = tui_safe(e.msg);
		/* TRANSLATORS: %s is core's reason. */
		snprintf(v->chain, sizeof v->chain,
			 _("THE AUDIT CHAIN DOES NOT HOLD: %s"),
			 safe != NULL ? safe : "");
		free(safe);
	}
	v->gen = t->gen;
}

static struct aud_view *
aud_state(struct tui *t)
{
	struct aud_view *v = t->vs[TUI_VIEW_AUDIT];

	if (v == NULL) {
		if ((v = calloc(1, sizeof *v)) == NULL)
			return NULL;
		list_init(&v->list, aud_cols, AUD_NCOLS);
		v->list.sort = AUD_SEQ;
		v->list.rev = 1;
		v->gen = t->gen - 1;
		t->vs[TUI_VIEW_AUDIT] = v;
	}
	if (v->gen != t->gen)
		aud_build(t, v);
	return v;
}

static void
aud_free(struct tui *t)
{
	struct aud_view *v = t->vs[TUI_VIEW_AUDIT];

	if (v == NULL)
		return;
	list_free(&v->list);
	free(v);
	t->vs[TUI_VIEW_AUDIT] = NULL;
}

static int
aud_keymaps(struct tui *t, const struct tui_keymap **out, int max)
{
	int n = 0;

	(void)t;
	if (n < max)
		out[n++] = &aud_keymap;
	if (n < max)
		out[n++] = &list_keymap;
	return n;
}

static struct list *
aud_list(struct tui *t)
{
	struct aud_view *v = aud_state(t);

	return v != NULL ? &v->list : NULL;
}

static void
aud_draw(struct tui *t, int top, int rows)
{
	struct aud_view *v = aud_state(t);

	tui_banner_unclassified(t);
	if (v == NULL || rows < 1)
		return;
	wattrset(stdscr, v->broken ? A_BOLD | A_REVERSE : A_NORMAL);
	screen_put(stdscr, top, 1, v->chain, COLS - 2);
	wattrset(stdscr, A_NORMAL);
	list_draw(t, &v->list, top + 1, rows - 1);
}

static void
aud_run(struct tui *t, int action)
{
	struct aud_view *v = aud_state(t);

	if (v != NULL && action == AUD_RELOAD) {
		aud_build(t, v);
		tui_msg(t, "%s", _("The audit log was read again"));
	}
}

const struct tui_viewdef view_audit = {
    aud_keymaps, aud_list, aud_draw, aud_run, aud_free, NULL,
};
