/*
 * view-exercise.c -- the workstation in an exercise store: the clock
 * that ticks while it runs, the trainees' Inbox and the Trainer view.
 *
 * Core keeps the clock (exercise.c); this file asks it to advance about
 * once a second and reloads what the views show when an inject arrives
 * or the state changes.  The Inbox lists delivered injects only, never
 * a controller's notes; opening one is recorded as its first viewing.
 * The Trainer view, there only with `relto --trainer`, shows every
 * inject with its notes and drives the clock.  Both are views of an
 * exercise store; a live store has neither.
 */
#include "config.h"

#define RELTO_TUI_INTERNAL

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "exercise.h"
#include "i18n.h"
#include "list.h"
#include "tui.h"

int
tui_view_shown(const struct tui *t, int view)
{
	if (view == TUI_VIEW_INBOX)
		return t->exercise;
	if (view == TUI_VIEW_TRAINER)
		return t->exercise && t->trainer;
	return 1;
}

static int
exv_count(const struct store_inject *in, void *arg)
{
	*(int *)arg += strcmp(in->state, "pending") != 0;
	return 0;
}

/*
 * Advance the clock (about once a second, or now with force); reload
 * the views when an inject arrived or the state changed.  Delivered
 * injects are counted once a tick, against the count the last tick saw.
 */
void
tui_exercise_tick(struct tui *t, int force)
{
	char state[16];
	struct relto_err e;
	time_t now = time(NULL);
	int seen = t->injects_seen, after = 0, found;

	if (!t->exercise || t->phase != TUI_OPEN ||
	    (!force && now - t->ticked < 1))
		return;
	t->ticked = now;
	err_clear(&e);
	snprintf(state, sizeof state, "%s", t->x.state);
	if (exercise_load(t->store, &t->x, &found, &e) != RELTO_OK ||
	    exercise_tick(t->store, &t->x, &e) != RELTO_OK) {
		tui_msg(t, "%s", e.msg);
		return;
	}
	store_injects_each(t->store, exv_count, &after, &e);
	t->injects_seen = after;
	if (seen >= 0 && after > seen && t->view != TUI_VIEW_TRAINER)
		tui_msg(t, "%s", _("A new inject is in the inbox (7)"));
	if (force || after != seen || strcmp(state, t->x.state) != 0)
		tui_data_load(t);
}

/* ---- the list both views share --------------------------------------------
 */

enum exv_col { EXV_AT, EXV_ID, EXV_STATE, EXV_FROM, EXV_INFO, EXV_NCOLS };

static const struct list_col exv_cols[EXV_NCOLS] = {
    /* TRANSLATORS: column titles of the exercise views. */
    {"at", N_("TIME"), 6, 7, 0},
    {"id", N_("INJECT"), 6, 14, 0},
    {"state", N_("STATE"), 5, 10, 0},
    {"from", N_("FROM"), 8, 24, 0},
    {"info", N_("METHOD / NOTES"), 10, 0, LIST_FLEX},
};

/* What a row keeps beyond its cells. */
struct exv_inject {
	char id[64], delivers[64];
	char *text; /* sanitized for the screen */
};

struct exv_view {
	unsigned gen;
	struct list list;
	struct exv_inject *row;
	int n;
	int decisions;
	char **dec; /* the trainer's lines of decisions so far, sanitized */
	int ndec;
};

struct exv_load {
	struct exv_view *v;
	struct tui *t;
	int trainer, oom;
};

static int
exv_row(const struct store_inject *in, void *arg)
{
	struct exv_load *l = arg;
	struct exv_view *v = l->v;
	const char *cells[EXV_NCOLS];
	long long nums[EXV_NCOLS];
	char at[EXERCISE_HHMM_LEN], from[300];
	struct exv_inject *row;

	if (!l->trainer && strcmp(in->state, "delivered") != 0)
		return 0;
	if ((row = realloc(v->row, (size_t)(v->n + 1) * sizeof *row)) == NULL)
		return l->oom = 1;
	v->row = row;
	row = &v->row[v->n];
	snprintf(row->id, sizeof row->id, "%s", in->id);
	snprintf(row->delivers, sizeof row->delivers, "%s",
		 in->delivers != NULL ? in->delivers : "");
	row->text = tui_safe(in->text);
	exercise_hhmm(l->trainer ? (long long)in->at * 60 : in->delivered, at);
	snprintf(from, sizeof from, "%s -> %s", in->sender, in->recipient);
	memset(nums, 0, sizeof nums);
	nums[EXV_AT] = in->at;
	cells[EXV_AT] = at;
	cells[EXV_ID] = in->id;
	cells[EXV_STATE] = l->trainer       ? in->state
			   : in->viewed < 0 ? _("new")
					    : _("read");
	cells[EXV_FROM] = l->trainer ? from : in->sender;
	cells[EXV_INFO] =
	    l->trainer ? (in->notes != NULL ? in->notes : "") : in->method;
	if (list_add(&v->list, v->n, cells, nums) < 0) {
		free(row->text); /* the row is not kept */
		return l->oom = 1;
	}
	if (!l->trainer && in->viewed < 0)
		list_set_attr(&v->list, v->list.nrow - 1, A_BOLD);
	v->n++;
	return 0;
}

struct exv_decisions {
	struct tui *t;
	struct exv_view *v;
};

static int
exv_decision(const struct store_decision *d, void *arg)
{
	struct exv_decisions *x = arg;
	struct exv_view *v = x->v;
	char at[EXERCISE_HHMM_LEN], line[400];
	void *p;

	v->decisions++;
	if ((p = realloc(v->dec, (size_t)(v->ndec + 1) * sizeof *v->dec)) ==
	    NULL)
		return 1;
	v->dec = p;
	exercise_hhmm(exercise_game_at(x->t->store, &x->t->x, d->at), at);
	snprintf(line, sizeof line, "%-7s %-12s %-5s %-17s %s", at, d->report,
		 d->partner, d->decision, d->reason);
	if ((v->dec[v->ndec] = tui_safe(line)) != NULL)
		v->ndec++;
	return 0;
}

static void
exv_clear(struct exv_view *v)
{
	int i;

	for (i = 0; i < v->n; i++)
		free(v->row[i].text);
	for (i = 0; i < v->ndec; i++)
		free(v->dec[i]);
	free(v->dec);
	v->dec = NULL;
	v->ndec = 0;
	free(v->row);
	v->row = NULL;
	v->n = 0;
	list_clear(&v->list);
}

static struct exv_view *
exv_state(struct tui *t, int view)
{
	struct exv_view *v = t->vs[view];
	struct exv_load l;
	struct relto_err e;

	if (v == NULL) {
		if ((v = calloc(1, sizeof *v)) == NULL)
			return NULL;
		list_init(&v->list, exv_cols, EXV_NCOLS);
		v->list.sort = EXV_AT;
		v->gen = t->gen - 1;
		t->vs[view] = v;
	}
	if (v->gen == t->gen || !t->exercise)
		return v;
	exv_clear(v);
	l.v = v;
	l.t = t;
	l.trainer = view == TUI_VIEW_TRAINER;
	l.oom = 0;
	err_clear(&e);
	if (store_injects_each(t->store, exv_row, &l, &e) != RELTO_OK)
		tui_msg(t, "%s", e.msg);
	v->decisions = 0;
	if (l.trainer) {
		struct exv_decisions x = {t, v};

		store_decisions_each(t->store, exv_decision, &x, &e);
	}
	list_apply(t, &v->list);
	v->gen = t->gen;
	return v;
}

static void
exv_free_view(struct tui *t, int view)
{
	struct exv_view *v = t->vs[view];

	if (v == NULL)
		return;
	exv_clear(v);
	list_free(&v->list);
	free(v);
	t->vs[view] = NULL;
}

/* The selected inject's text under the list. */
static void
exv_draw_text(struct exv_view *v, int y, int end)
{
	int r = list_selected(&v->list);
	const char *s;
	size_t len, n, next;

	if (r < 0 || r >= v->n || v->row[r].text == NULL || y >= end)
		return;
	s = v->row[r].text;
	len = strlen(s);
	mvwhline(stdscr, y++, 0, ACS_HLINE, COLS);
	while (len > 0 && y < end) {
		n = screen_wrap(s, len, COLS - 2, &next);
		screen_putn(stdscr, y++, 1, s, n, COLS - 2);
		s += next;
		len -= next;
	}
}

/* ---- Inbox ----------------------------------------------------------------
 */

enum { INB_OPEN = TUI_ACT_VIEW };

static const struct tui_binding inb_bindings[] = {
    {TUI_KEY_ENTER, INB_OPEN,
     N_("Read the inject; a delivered report opens in Reports")},
};

static const struct tui_keymap inb_keymap = {
    /* TRANSLATORS: a heading in the help. */
    N_("Inbox"), inb_bindings, TUI_NKEYS(inb_bindings)};

static int
inb_keymaps(struct tui *t, const struct tui_keymap **out, int max)
{
	int n = 0;

	(void)t;
	if (n < max)
		out[n++] = &inb_keymap;
	if (n < max)
		out[n++] = &list_keymap;
	return n;
}

static struct list *
inb_list(struct tui *t)
{
	struct exv_view *v = exv_state(t, TUI_VIEW_INBOX);

	return v != NULL ? &v->list : NULL;
}

static void
inb_draw(struct tui *t, int top, int rows)
{
	struct exv_view *v = exv_state(t, TUI_VIEW_INBOX);
	int half = rows / 2;

	tui_banner_unclassified(t);
	if (v == NULL || rows < 3)
		return;
	if (v->n == 0) {
		const char *p[1] = {_("No inject has arrived yet.")};

		screen_center(stdscr, top, rows, p, 1);
		return;
	}
	list_draw(t, &v->list, top, half);
	exv_draw_text(v, top + half, top + rows);
}

static void
inb_run(struct tui *t, int action)
{
	struct exv_view *v = exv_state(t, TUI_VIEW_INBOX);
	struct relto_err e;
	char id[64], rep[64];
	int r;

	if (v == NULL || action != INB_OPEN ||
	    (r = list_selected(&v->list)) < 0 || r >= v->n)
		return;
	snprintf(id, sizeof id, "%s", v->row[r].id);
	snprintf(rep, sizeof rep, "%s", v->row[r].delivers);
	err_clear(&e);
	if (exercise_viewed(t->store, id, &e) != RELTO_OK) {
		tui_msg(t, "%s", e.msg);
		return;
	}
	tui_data_load(t);
	if (rep[0] != '\0') {
		view_reports_open(t, rep);
		tui_msg(t, _("Inject %s delivers report %s"), id, rep);
	}
}

static void
inb_free(struct tui *t)
{
	exv_free_view(t, TUI_VIEW_INBOX);
}

const struct tui_viewdef view_inbox = {
    inb_keymaps, inb_list, inb_draw, inb_run, inb_free, NULL,
};

/* ---- Trainer ----------------------------------------------------------------
 */

enum {
	TRN_START = TUI_ACT_VIEW,
	TRN_PAUSE,
	TRN_FIRE,
	TRN_SKIP,
	TRN_ENDEX,
};

static const struct tui_binding trn_bindings[] = {
    {'s', TRN_START, N_("Start the exercise (STARTEX)")},
    {'p', TRN_PAUSE, N_("Pause, or resume, the clock")},
    {'f', TRN_FIRE, N_("Deliver the selected inject now")},
    {'x', TRN_SKIP, N_("Skip the selected inject")},
    {'E', TRN_ENDEX, N_("End the exercise (ENDEX)")},
};

static const struct tui_keymap trn_keymap = {
    /* TRANSLATORS: a heading in the help. */
    N_("Trainer"), trn_bindings, TUI_NKEYS(trn_bindings)};

static int
trn_keymaps(struct tui *t, const struct tui_keymap **out, int max)
{
	int n = 0;

	(void)t;
	if (n < max)
		out[n++] = &trn_keymap;
	if (n < max)
		out[n++] = &list_keymap;
	return n;
}

static struct list *
trn_list(struct tui *t)
{
	struct exv_view *v = exv_state(t, TUI_VIEW_TRAINER);

	return v != NULL ? &v->list : NULL;
}

static void
trn_draw(struct tui *t, int top, int rows)
{
	struct exv_view *v = exv_state(t, TUI_VIEW_TRAINER);
	char g[EXERCISE_HHMM_LEN], d[EXERCISE_HHMM_LEN], line[512];
	char when[CLOCK_UTC_LEN];
	long long game = exercise_game(&t->x, clock_now());
	int shown, y, i;

	tui_banner_unclassified(t);
	if (v == NULL || rows < 4)
		return;
	exercise_hhmm(game, g);
	exercise_hhmm((long long)t->x.duration * 60, d);
	clock_utc(exercise_wall_of(&t->x, game), when);
	snprintf(line, sizeof line, "%s  %s", t->x.scenario, t->x.title);
	wattrset(stdscr, A_BOLD);
	screen_put(stdscr, top, 1, line, COLS - 2);
	wattrset(stdscr, A_NORMAL);
	/* TRANSLATORS: the trainer's clock line. */
	snprintf(line, sizeof line,
		 _("%s   clock %s of %s   speed %d   scenario time %s   "
		   "decisions %d"),
		 t->x.state, g, d, t->x.speed, when, v->decisions);
	screen_put(stdscr, top + 1, 1, line, COLS - 2);
	/* The decisions so far, newest last, under the injects. */
	shown = v->ndec < rows / 3 ? v->ndec : rows / 3;
	list_draw(t, &v->list, top + 2, rows - 2 - (shown > 0 ? shown + 1 : 0));
	if (shown == 0)
		return;
	y = top + rows - shown - 1;
	wattrset(stdscr, A_BOLD);
	screen_put(stdscr, y++, 1, _("DECISIONS SO FAR"), COLS - 2);
	wattrset(stdscr, A_NORMAL);
	for (i = v->ndec - shown; i < v->ndec; i++)
		screen_put(stdscr, y++, 1, v->dec[i], COLS - 2);
}

static void
trn_run(struct tui *t, int action)
{
	struct exv_view *v = exv_state(t, TUI_VIEW_TRAINER);
	struct relto_err e;
	char id[64] = "";
	int r, rc;

	if (v == NULL)
		return;
	if ((r = list_selected(&v->list)) >= 0 && r < v->n)
		snprintf(id, sizeof id, "%s", v->row[r].id);
	err_clear(&e);
	if (action == TRN_START)
		rc = exercise_start(t->store, &e);
	else if (action == TRN_PAUSE)
		rc = exercise_toggle(t->store, &e);
	else if (action == TRN_FIRE && id[0] != '\0')
		rc = exercise_fire(t->store, id, &e);
	else if (action == TRN_SKIP && id[0] != '\0')
		rc = exercise_skip(t->store, id, &e);
	else if (action == TRN_ENDEX) {
		if (dialog_confirm(t, _("End the exercise"),
				   _("ENDEX ends play for every trainee. "
				     "End it now?")) != DIALOG_YES)
			return;
		rc = exercise_endex(t->store, &e);
	} else
		return;
	if (rc != RELTO_OK)
		tui_msg(t, "%s", e.msg);
	tui_exercise_tick(t, 1);
	if (rc == RELTO_OK)
		tui_msg(t, _("The exercise is %s"), t->x.state);
	list_select_cell(&exv_state(t, TUI_VIEW_TRAINER)->list, EXV_ID, id);
}

static void
trn_free(struct tui *t)
{
	exv_free_view(t, TUI_VIEW_TRAINER);
}

const struct tui_viewdef view_trainer = {
    trn_keymaps, trn_list, trn_draw, trn_run, trn_free, NULL,
};
