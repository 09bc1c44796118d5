/*
 * view-agreements.c -- the Agreements view: every agreement in a list,
 * a detail pane with every field, and the status changes core allows.
 *
 * Rows are paged from the store by views.c's tui_agreement_source (core's
 * store_alist_*(), sorted, filtered and searched in SQL), so the list
 * opens as fast on 10,000 agreements as on ten; the one selected is
 * loaded whole for the detail pane and the editor.  The ceiling is
 * abbreviated as in a portion marking (TS, S, C, U) to leave room for
 * the title, and spelled out in the detail pane.  An active agreement
 * that expires within 30 days (core's agreement_expiring()) is
 * drawn bold with a "!" after its date.  The filter knows the columns'
 * keys and two of the view's own: partner:CODE (named directly or
 * through a group it is in today, as core's agreement_names() reads
 * them) and topic:WORD (one of the agreement's topics).
 *
 * Suspending, terminating and reactivating ask for a confirmation, then
 * for an optional reason, then call core's action_agreement_status(),
 * which applies the rule (a terminated agreement never changes) and
 * writes the audit entry in the same transaction; its refusal is shown
 * as it is.  Then everything is reloaded.
 */
#include "config.h"

#define RELTO_TUI_INTERNAL

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "action.h"
#include "doc.h"
#include "i18n.h"
#include "import.h"
#include "list.h"
#include "recedit.h"
#include "store.h"
#include "tui.h"

/* The columns are core's, in its order (see views.c). */
enum agr_col {
	AGR_ID = STORE_ACOL_ID,
	AGR_TITLE = STORE_ACOL_TITLE,
	AGR_TYPE = STORE_ACOL_TYPE,
	AGR_PARTIES = STORE_ACOL_PARTIES,
	AGR_CEILING = STORE_ACOL_CEILING,
	AGR_STATUS = STORE_ACOL_STATUS,
	AGR_EXPIRES = STORE_ACOL_EXPIRES,
	AGR_NCOLS = STORE_ACOL_N
};

static const struct list_col agr_cols[AGR_NCOLS] = {
    /* TRANSLATORS: column titles of the agreements list. */
    {"id", N_("ID"), 12, 20, 0},
    {"title", N_("TITLE"), 14, 0, LIST_FLEX},
    {"type", N_("TYPE"), 6, 12, 0},
    {"parties", N_("PARTIES"), 7, 16, 0},
    {"ceiling", N_("CEILING"), 4, 12, 0},
    {"status", N_("STATUS"), 7, 10, 0},
    {"expires", N_("EXPIRES"), 10, 12, 0},
};

static const char *const agr_keys[] = {"partner", "topic", NULL};

enum agr_action {
	AGR_DETAIL = TUI_ACT_VIEW,
	AGR_CLOSE,
	AGR_DETAIL_DOWN,
	AGR_DETAIL_UP,
	AGR_SUSPEND,
	AGR_TERMINATE,
	AGR_ACTIVATE,
	AGR_ADD,
	AGR_EDIT,
};

static const struct tui_binding agr_bindings[] = {
    {TUI_KEY_ENTER, AGR_DETAIL, N_("Show or hide the details")},
    {TUI_KEY_FN(KEY_ENTER), AGR_DETAIL, NULL},
    {'z', AGR_SUSPEND, N_("Suspend the agreement")},
    {'X', AGR_TERMINATE, N_("Terminate the agreement")},
    {'a', AGR_ACTIVATE, N_("Make the agreement active again")},
    {'A', AGR_ADD, N_("Add an agreement (as its records text)")},
    {'e', AGR_EDIT, N_("Edit the agreement (as its records text)")},
};

static const struct tui_binding agr_detail_bindings[] = {
    {'J', AGR_DETAIL_DOWN, N_("Scroll the details down")},
    {'K', AGR_DETAIL_UP, N_("Scroll the details up")},
    {'q', AGR_CLOSE, N_("Close the details")},
    {TUI_KEY_ESC, AGR_CLOSE, NULL},
};

static const struct tui_keymap agr_keymap = {
    /* TRANSLATORS: a heading in the help. */
    N_("Agreements"), agr_bindings, TUI_NKEYS(agr_bindings)};
static const struct tui_keymap agr_detail_keymap = {
    /* TRANSLATORS: a heading in the help. */
    N_("With the details shown"), agr_detail_bindings,
    TUI_NKEYS(agr_detail_bindings)};

struct agr_view {
	unsigned gen;
	struct list list;
	struct list_pane pane; /* the details of the selected row */
	struct recedit *re;    /* the record editor, when open */
};

/* Page the rows again (after the store changed). */
static void
agr_build(struct tui *t, struct agr_view *v)
{
	list_apply(t, &v->list); /* it keeps the selected row */
	v->gen = t->gen;
}

/* The selected agreement, whole, into *a; -1 (and why) when none. */
static int
agr_selected(struct tui *t, struct agr_view *v, struct agreement *a)
{
	const char *id = list_selected_cell(&v->list, AGR_ID);
	struct relto_err e;

	memset(a, 0, sizeof *a);
	if (id == NULL) {
		tui_msg(t, "%s", _("No agreement is selected"));
		return -1;
	}
	err_clear(&e);
	if (store_agreement_load(t->store, id, a, &e) != RELTO_OK) {
		tui_msg(t, "%s", e.msg);
		return -1;
	}
	return 0;
}

static struct agr_view *
agr_state(struct tui *t)
{
	struct agr_view *v = t->vs[TUI_VIEW_AGREEMENTS];

	if (v == NULL) {
		if ((v = calloc(1, sizeof *v)) == NULL)
			return NULL;
		list_init(&v->list, agr_cols, AGR_NCOLS);
		list_source_set(&v->list, &tui_agreement_source);
		v->list.sort = AGR_ID;
		v->list.keys = agr_keys;
		list_pane_init(&v->pane);
		v->gen = t->gen - 1;
		t->vs[TUI_VIEW_AGREEMENTS] = v;
	}
	if (v->gen != t->gen)
		agr_build(t, v);
	return v;
}

static void
agr_free(struct tui *t)
{
	struct agr_view *v = t->vs[TUI_VIEW_AGREEMENTS];

	if (v == NULL)
		return;
	list_free(&v->list);
	list_pane_free(&v->pane);
	recedit_free(v->re);
	free(v);
	t->vs[TUI_VIEW_AGREEMENTS] = NULL;
}

static int
agr_keymaps(struct tui *t, const struct tui_keymap **out, int max)
{
	struct agr_view *v = agr_state(t);
	int n = 0;

	if (v != NULL && v->re != NULL && n < max) {
		out[n++] = &te_keymap;
		return n;
	}
	if (v != NULL && v->pane.shown && n < max)
		out[n++] = &agr_detail_keymap;
	if (n < max)
		out[n++] = &agr_keymap;
	if (n < max)
		out[n++] = &list_keymap;
	return n;
}

static struct list *
agr_list(struct tui *t)
{
	struct agr_view *v = agr_state(t);

	return v != NULL && v->re == NULL ? &v->list : NULL;
}

/* Open the record editor: a new agreement, or the selected one. */
static void
agr_edit(struct tui *t, struct agr_view *v, int add)
{
	struct relto_err e;
	struct agreement a;
	char *text = NULL, title[256];

	err_clear(&e);
	memset(&a, 0, sizeof a);
	if (!add && agr_selected(t, v, &a) != 0)
		return;
	if ((add ? import_agreement_template(t->ctx.date, &text, &e)
		 : import_agreement_text(&a, &text, &e)) != RELTO_OK) {
		tui_msg(t, "%s", e.msg);
		agreement_free(&a);
		return;
	}
	/* TRANSLATORS: the record editor's title; %s is an id. */
	snprintf(title, sizeof title,
		 add ? _("New agreement (records text; Esc when done)")
		     : _("Agreement %s (records text; Esc when done)"),
		 add ? "" : a.id);
	if (text == NULL ||
	    (v->re = recedit_new(title, text, add ? NULL : a.id)) == NULL)
		tui_msg(t, "%s", _("Out of memory"));
	free(text);
	agreement_free(&a);
}

/* Keys go to the record editor while it is open. */
static int
agr_key(struct tui *t, int key)
{
	struct agr_view *v = agr_state(t);
	char id[AGREEMENT_ID_MAX];

	if (v == NULL || v->re == NULL || key == TUI_KEY_CTRL('L'))
		return 0;
	if (recedit_key(t, v->re, key) == 1) {
		/* Select what was saved (nothing, when discarded). */
		snprintf(id, sizeof id, "%s", v->re->saved);
		recedit_free(v->re);
		v->re = NULL;
		if ((v = agr_state(t)) != NULL && id[0] != '\0')
			list_select_key(t, &v->list, id);
	}
	return 1;
}

/* "GBR, XAA (originator), XAB (recipient, up to CONFIDENTIAL)" */
static void
agr_party_text(const struct agreement *a, char *out, size_t cap)
{
	const struct agreement_party *p;
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; i < a->nparties && len < cap; i++) {
		p = &a->parties[i];
		len += (size_t)snprintf(out + len, cap - len, "%s%s",
					i ? ", " : "", p->code);
		if (len < cap && p->role != AGREEMENT_BOTH && p->ceiling >= 0)
			/* TRANSLATORS: a party's role and its ceiling. */
			len += (size_t)snprintf(out + len, cap - len,
						_(" (%s, up to %s)"),
						agreement_role_name(p->role),
						marking_level_name(p->ceiling));
		else if (len < cap && p->role != AGREEMENT_BOTH)
			len += (size_t)snprintf(out + len, cap - len, " (%s)",
						agreement_role_name(p->role));
		else if (len < cap && p->ceiling >= 0)
			/* TRANSLATORS: a party's own ceiling. */
			len += (size_t)snprintf(out + len, cap - len,
						_(" (up to %s)"),
						marking_level_name(p->ceiling));
	}
}

static void
agr_field(struct doc *d, const char *label, const char *value)
{
	if (value != NULL && *value != '\0')
		doc_add(d, label, value, A_NORMAL);
}

/* Every field of the selected agreement, as core holds it. */
static void
agr_detail(struct tui *t, void *view, int ref, struct doc *d)
{
	struct agreement whole, *a = &whole;
	char buf[1024], why[256];
	int days;

	(void)ref;
	if (agr_selected(t, view, a) != 0)
		return;
	/* TRANSLATORS: the labels of an agreement's fields. */
	agr_field(d, _("Id:"), a->id);
	agr_field(d, _("Title:"), a->title);
	agr_field(d, _("Instrument:"), a->instrument);
	agr_field(d, _("Type:"), agreement_type_name(a->type));
	agr_party_text(a, buf, sizeof buf);
	agr_field(d, _("Parties:"), buf);
	agreement_words((const char(*)[AGREEMENT_TOPIC_MAX])a->topics,
			a->ntopics, buf, sizeof buf);
	agr_field(d, _("Topics:"), buf);
	agreement_words((const char(*)[AGREEMENT_TOPIC_MAX])a->exclusions,
			a->nexclusions, buf, sizeof buf);
	agr_field(d, _("Exclusions:"), buf);
	agr_field(d, _("Ceiling:"), marking_level_name(a->ceiling));
	agr_field(d, _("Status:"), agreement_status_name(a->status));
	if (!agreement_active(a, t->ctx.date, why, sizeof why))
		agr_field(d, _("Not in force:"), why);
	agr_field(d, _("Signed:"), a->signed_on);
	agr_field(d, _("Effective:"), a->effective);
	agr_field(d, _("Expires:"), a->expires);
	if ((days = agreement_expiring(a, t->ctx.date)) >= 0) {
		snprintf(
		    buf, sizeof buf,
		    ngettext("in %d day", "in %d days", (unsigned long)days),
		    days);
		agr_field(d, _("Expiring:"), buf);
	}
	agr_field(d, _("Review:"), a->review);
	agr_field(d, _("Third-party rule:"),
		  a->third_party_rule ? _("yes") : _("no"));
	agr_field(d, _("Legal basis:"), a->legal_basis);
	agr_field(d, _("Objectives:"), a->objectives);
	agr_field(d, _("Scope:"), a->scope);
	agr_field(d, _("Roles:"), a->roles);
	agr_field(d, _("Security:"), a->security);
	agr_field(d, _("Disputes:"), a->dispute_resolution);
	agr_field(d, _("Notes:"), a->notes);
	agreement_free(a);
}

static void
agr_draw(struct tui *t, int top, int rows)
{
	struct agr_view *v = agr_state(t);
	char title[256];
	const char *id;

	tui_banner_unclassified(t);
	if (v != NULL && v->re != NULL) {
		recedit_draw(t, v->re, top, rows);
		return;
	}
	if (v == NULL)
		return;
	id = list_selected_cell(&v->list, AGR_ID);
	/* TRANSLATORS: the title of the detail pane; %s is an id. */
	snprintf(title, sizeof title, _("Agreement %s"), id != NULL ? id : "-");
	list_pane_draw(t, &v->list, &v->pane, top, rows, rows * 2 / 5,
		       agr_detail, v, title);
}

/* Confirm, ask why, and have core change the selected one's status. */
static void
agr_set_status(struct tui *t, struct agr_view *v, int status)
{
	char question[1024], reason[256], id[AGREEMENT_ID_MAX];
	const char *title;
	char name[256];
	struct relto_err e;
	struct agreement a;
	struct dialog d;
	int was;

	if (agr_selected(t, v, &a) != 0)
		return;
	snprintf(id, sizeof id, "%s", a.id);
	snprintf(name, sizeof name, "%s", a.title != NULL ? a.title : "");
	was = a.status;
	agreement_free(&a);
	if (was == status) {
		tui_msg(t, _("Agreement %s is already %s"), id,
			agreement_status_name(status));
		return;
	}
	if (status == AGREEMENT_SUSPENDED) {
		title = _("Suspend the agreement");
		/* TRANSLATORS: %s (%s): an agreement's id and title. */
		snprintf(question, sizeof question,
			 _("Suspend agreement %s (%s)?\n\nThe change is "
			   "recorded in the audit log."),
			 id, name);
	} else if (status == AGREEMENT_TERMINATED) {
		title = _("Terminate the agreement");
		snprintf(question, sizeof question,
			 _("Terminate agreement %s (%s)?\n\nA terminated "
			   "agreement can never be made active again.  The "
			   "change is recorded in the audit log."),
			 id, name);
	} else {
		title = _("Reactivate the agreement");
		snprintf(question, sizeof question,
			 _("Make agreement %s (%s) active again?\n\nThe "
			   "change is recorded in the audit log."),
			 id, name);
	}
	if (dialog_confirm(t, title, question) != DIALOG_YES)
		return;
	memset(&d, 0, sizeof d);
	d.title = title;
	d.text = _("Why?  The reason goes into the audit log (optional).");
	d.label = _("Reason:");
	reason[0] = '\0';
	if (dialog_prompt(t, &d, reason, sizeof reason) != DIALOG_YES) {
		tui_msg(t, "%s", _("Nothing was changed"));
		return;
	}
	err_clear(&e);
	if (action_agreement_status(t->store, id, status,
				    reason[0] ? reason : NULL,
				    &e) != RELTO_OK) {
		dialog_message(t, _("Nothing was changed"), e.msg);
		return;
	}
	tui_data_load(t);
	agr_state(t);
	tui_msg(t, _("Agreement %s is now %s"), id,
		agreement_status_name(status));
}

static void
agr_run(struct tui *t, int action)
{
	struct agr_view *v = agr_state(t);

	if (v == NULL)
		return;
	switch (action) {
	case AGR_ADD:
	case AGR_EDIT:
		agr_edit(t, v, action == AGR_ADD);
		break;
	case AGR_DETAIL:
		list_pane_act(&v->pane, LIST_PANE_TOGGLE);
		break;
	case AGR_CLOSE:
		list_pane_act(&v->pane, LIST_PANE_CLOSE);
		break;
	case AGR_DETAIL_DOWN:
		list_pane_act(&v->pane, LIST_PANE_DOWN);
		break;
	case AGR_DETAIL_UP:
		list_pane_act(&v->pane, LIST_PANE_UP);
		break;
	case AGR_SUSPEND:
		agr_set_status(t, v, AGREEMENT_SUSPENDED);
		break;
	case AGR_TERMINATE:
		agr_set_status(t, v, AGREEMENT_TERMINATED);
		break;
	case AGR_ACTIVATE:
		agr_set_status(t, v, AGREEMENT_ACTIVE);
		break;
	}
}

/* Is an agreement open in the editor with changes not saved? */
int
view_agreements_unsaved(struct tui *t)
{
	struct agr_view *v = t->vs[TUI_VIEW_AGREEMENTS];

	return v != NULL && v->re != NULL && v->re->te.changed;
}

const struct tui_viewdef view_agreements = {
    agr_keymaps, agr_list, agr_draw, agr_run, agr_free, agr_key,
};
