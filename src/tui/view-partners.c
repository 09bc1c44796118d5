/*
 * view-partners.c -- the Partners view: countries, organisations and
 * groups, their groups and members today, the agreements that name them
 * and whether a recipient key is set.
 *
 * Rows come from the partner set core loads (relto's partner list and
 * the store's own partners).  By default only the partners in use are
 * listed -- those the store defines, those with a recipient key, and
 * those an agreement names -- as `relto partner list` does; `a` lists
 * every known partner.  Membership is core's partner_is_member() and
 * partner_members() on today's date; "covered" is core's
 * agreement_names() (named directly or through a group).
 */
#include "config.h"

#define RELTO_TUI_INTERNAL

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "i18n.h"
#include "list.h"
#include "tui.h"

enum ptn_col {
	PTN_CODE,
	PTN_NAME,
	PTN_KIND,
	PTN_KEY,
	PTN_GROUPS,
	PTN_AGREEMENTS,
	PTN_NCOLS
};

static const struct list_col ptn_cols[PTN_NCOLS] = {
    /* TRANSLATORS: column titles of the partners list. */
    {"code", N_("CODE"), 4, 6, 0},
    {"name", N_("NAME"), 14, 0, LIST_FLEX},
    {"kind", N_("KIND"), 7, 13, 0},
    {"key", N_("KEY"), 3, 4, 0},
    {"groups", N_("GROUPS/MEMBERS"), 6, 24, 0},
    {"agreements", N_("AGREEMENTS"), 12, 28, 0},
};

enum ptn_action {
	PTN_DETAIL = TUI_ACT_VIEW,
	PTN_CLOSE,
	PTN_DETAIL_DOWN,
	PTN_DETAIL_UP,
	PTN_ALL,
};

static const struct tui_binding ptn_bindings[] = {
    {TUI_KEY_ENTER, PTN_DETAIL, N_("Show or hide the details")},
    {TUI_KEY_FN(KEY_ENTER), PTN_DETAIL, NULL},
    {'a', PTN_ALL, N_("List every known partner, or those in use")},
};

static const struct tui_binding ptn_detail_bindings[] = {
    {'J', PTN_DETAIL_DOWN, N_("Scroll the details down")},
    {'K', PTN_DETAIL_UP, N_("Scroll the details up")},
    {'q', PTN_CLOSE, N_("Close the details")},
    {TUI_KEY_ESC, PTN_CLOSE, NULL},
};

static const struct tui_keymap ptn_keymap = {
    /* TRANSLATORS: a heading in the help. */
    N_("Partners"), ptn_bindings, TUI_NKEYS(ptn_bindings)};
static const struct tui_keymap ptn_detail_keymap = {
    N_("With the details shown"), ptn_detail_bindings,
    TUI_NKEYS(ptn_detail_bindings)};

struct ptn_view {
	unsigned gen;
	struct list list;
	int all;
	struct list_pane pane; /* the details of the selected row */
};

/* Does an agreement name code as a party (directly)? */
static int
ptn_named(const struct tui *t, const char *code)
{
	size_t i, j;

	for (i = 0; i < t->nagr; i++)
		for (j = 0; j < t->agr[i].nparties; j++)
			if (strcmp(t->agr[i].parties[j].code, code) == 0)
				return 1;
	return 0;
}

/* The groups p belongs to today, or a group's members today. */
static void
ptn_groups(const struct tui *t, const struct partner *p, char *out, size_t cap)
{
	char(*list)[PARTNER_CODE_MAX];
	size_t i, n, len = 0;

	out[0] = '\0';
	if (p->kind == PARTNER_GROUP) {
		if ((list = calloc(t->set.n + 1, sizeof *list)) == NULL)
			return;
		n = partner_members(&t->set, p->code, t->ctx.date, list,
				    t->set.n + 1);
		for (i = 0; i < n && len < cap; i++)
			len += (size_t)snprintf(out + len, cap - len, "%s%s",
						i ? " " : "", list[i]);
		free(list);
		return;
	}
	for (i = 0; i < t->set.n && len < cap; i++)
		if (t->set.v[i].kind == PARTNER_GROUP &&
		    partner_is_member(&t->set, t->set.v[i].code, p->code,
				      t->ctx.date))
			len +=
			    (size_t)snprintf(out + len, cap - len, "%s%s",
					     len ? " " : "", t->set.v[i].code);
}

/* The agreements naming code today; with_ceiling adds each one's. */
static void
ptn_agreements(const struct tui *t, const char *code, int with_ceiling,
	       char *out, size_t cap)
{
	size_t i, len = 0;
	int ceiling;

	out[0] = '\0';
	for (i = 0; i < t->nagr && len < cap; i++) {
		if (!agreement_names(&t->agr[i], &t->set, code, t->ctx.date,
				     &ceiling))
			continue;
		len += (size_t)snprintf(out + len, cap - len, "%s%s",
					len ? (with_ceiling ? ", " : " ") : "",
					t->agr[i].id);
		if (with_ceiling && len < cap && ceiling >= 0)
			/* TRANSLATORS: an agreement's ceiling for a partner. */
			len += (size_t)snprintf(out + len, cap - len,
						_(" (up to %s)"),
						marking_level_name(ceiling));
	}
}

static void
ptn_build(struct tui *t, struct ptn_view *v)
{
	const char *cells[PTN_NCOLS], *sel;
	char groups[512], agreements[512], keep[PARTNER_CODE_MAX * 3];
	size_t i;

	sel = list_selected_cell(&v->list, PTN_CODE);
	snprintf(keep, sizeof keep, "%s", sel != NULL ? sel : "");
	list_clear(&v->list);
	tui_agreements(t); /* which name each partner: all of them */
	for (i = 0; i < t->set.n; i++) {
		const struct partner *p = &t->set.v[i];

		if (!v->all && p->builtin && p->recipient == NULL &&
		    !ptn_named(t, p->code))
			continue;
		ptn_groups(t, p, groups, sizeof groups);
		ptn_agreements(t, p->code, 0, agreements, sizeof agreements);
		cells[PTN_CODE] = p->code;
		cells[PTN_NAME] = p->name;
		cells[PTN_KIND] = partner_kind_name(p->kind);
		cells[PTN_KEY] = p->recipient != NULL ? _("yes") : "-";
		cells[PTN_GROUPS] = groups;
		cells[PTN_AGREEMENTS] = agreements;
		if (list_add(&v->list, (int)i, cells, NULL) < 0) {
			tui_msg(t, "%s", _("Out of memory"));
			break;
		}
	}
	list_apply(t, &v->list);
	list_select_cell(&v->list, PTN_CODE, keep);
	v->gen = t->gen;
}

static struct ptn_view *
ptn_state(struct tui *t)
{
	struct ptn_view *v = t->vs[TUI_VIEW_PARTNERS];

	if (v == NULL) {
		if ((v = calloc(1, sizeof *v)) == NULL)
			return NULL;
		list_init(&v->list, ptn_cols, PTN_NCOLS);
		v->list.sort = PTN_CODE;
		list_pane_init(&v->pane);
		v->gen = t->gen - 1;
		t->vs[TUI_VIEW_PARTNERS] = v;
	}
	if (v->gen != t->gen)
		ptn_build(t, v);
	return v;
}

static void
ptn_free(struct tui *t)
{
	struct ptn_view *v = t->vs[TUI_VIEW_PARTNERS];

	if (v == NULL)
		return;
	list_free(&v->list);
	list_pane_free(&v->pane);
	free(v);
	t->vs[TUI_VIEW_PARTNERS] = NULL;
}

static int
ptn_keymaps(struct tui *t, const struct tui_keymap **out, int max)
{
	struct ptn_view *v = ptn_state(t);
	int n = 0;

	if (v != NULL && v->pane.shown && n < max)
		out[n++] = &ptn_detail_keymap;
	if (n < max)
		out[n++] = &ptn_keymap;
	if (n < max)
		out[n++] = &list_keymap;
	return n;
}

static struct list *
ptn_list(struct tui *t)
{
	struct ptn_view *v = ptn_state(t);

	return v != NULL ? &v->list : NULL;
}

static void
ptn_detail(struct tui *t, void *view, int ref, struct doc *d)
{
	const struct partner *p = &t->set.v[ref];
	char buf[1024];

	(void)view;
	/* TRANSLATORS: the labels of a partner's fields. */
	doc_add(d, _("Code:"), p->code, A_NORMAL);
	doc_add(d, _("Name:"), p->name, A_NORMAL);
	doc_add(d, _("Kind:"), partner_kind_name(p->kind), A_NORMAL);
	doc_add(d, _("Defined in:"),
		p->builtin ? _("relto's partner list") : _("this store"),
		A_NORMAL);
	doc_add(d, _("Recipient key:"),
		p->recipient != NULL ? p->recipient : _("not set"), A_NORMAL);
	ptn_groups(t, p, buf, sizeof buf);
	if (p->kind == PARTNER_GROUP)
		doc_add(d, _("Members today:"), buf[0] ? buf : _("none"),
			A_NORMAL);
	else
		doc_add(d, _("Groups today:"), buf[0] ? buf : _("none"),
			A_NORMAL);
	ptn_agreements(t, p->code, 1, buf, sizeof buf);
	doc_add(d, _("Agreements:"), buf[0] ? buf : _("none"), A_NORMAL);
}

static void
ptn_draw(struct tui *t, int top, int rows)
{
	struct ptn_view *v = ptn_state(t);
	char title[128];
	const char *code;

	tui_banner_unclassified(t);
	if (v == NULL)
		return;
	code = list_selected_cell(&v->list, PTN_CODE);
	/* TRANSLATORS: the title of the detail pane; %s is a code. */
	snprintf(title, sizeof title, _("Partner %s"),
		 code != NULL ? code : "-");
	list_pane_draw(t, &v->list, &v->pane, top, rows, rows / 2, ptn_detail,
		       v, title);
}

static void
ptn_run(struct tui *t, int action)
{
	struct ptn_view *v = ptn_state(t);

	if (v == NULL)
		return;
	switch (action) {
	case PTN_DETAIL:
		list_pane_act(&v->pane, LIST_PANE_TOGGLE);
		break;
	case PTN_CLOSE:
		list_pane_act(&v->pane, LIST_PANE_CLOSE);
		break;
	case PTN_DETAIL_DOWN:
		list_pane_act(&v->pane, LIST_PANE_DOWN);
		break;
	case PTN_DETAIL_UP:
		list_pane_act(&v->pane, LIST_PANE_UP);
		break;
	case PTN_ALL:
		v->all = !v->all;
		ptn_build(t, v);
		tui_msg(t, "%s",
			v->all ? _("Listing every known partner")
			       : _("Listing the partners in use"));
		break;
	}
}

const struct tui_viewdef view_partners = {
    ptn_keymaps, ptn_list, ptn_draw, ptn_run, ptn_free, NULL,
};
