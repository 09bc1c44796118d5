/*
 * queue.c -- the export queue: what is to be written to removable media,
 * and what became of it.
 *
 *              queue_add            queue_run
 *   (none) ---------------> queued -----------> writing
 *                             ^  |                 |  \
 *               queue_retry   |  | queue_cancel    |   \ ENOSPC, EIO, a
 *                             |  v                 |    \ vanished medium,
 *                  failed <---+ cancelled          |     \ the rule now
 *                    ^                             v      \ says no
 *                    +------------------------- verified   +--> failed
 *
 * "writing" is held only while a bundle is being written; a crash leaves
 * it, and the next run puts such exports back to "queued" (and removes
 * the *.PARTIAL file the crash left on the medium).  "verified" means the
 * bundle was written, renamed into place and read back with the hash it
 * was written with (media.c); "written" is never left standing.
 *
 * Invariants:
 *  - the release rule is asked twice: when an export is queued (nothing
 *    releasable, or no recipient key, is refused with the reasons) and
 *    again when the bundle is written, with that day's date, so an
 *    agreement that expired in between stops the export with a reason;
 *  - every state change is audited in the transaction that makes it;
 *  - one bundle per partner per run, holding every queued report for it;
 *    a failure loses nothing: the exports stay in the queue as failed,
 *    with their reason, and queue_retry puts them back.
 */
#include "config.h"

#include "queue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "action.h"
#include "audit.h"
#include "bundle.h"
#include "clock.h"
#include "i18n.h"
#include "import.h"
#include "keys.h"

static void
queue_now(char out[CLOCK_UTC_LEN])
{
	clock_utc(clock_now(), out);
}

/* Change state and audit, in one transaction. */
static int
queue_set(struct store *s, long long id, const char *state, const char *bundle,
	  const char *sha, const char *reason, struct relto_err *e)
{
	char now[CLOCK_UTC_LEN], obj[32], detail[400];
	int rc;

	queue_now(now);
	snprintf(obj, sizeof obj, "export %lld", id);
	snprintf(detail, sizeof detail, "%s%s%s%s%s", state,
		 bundle != NULL ? " " : "", bundle != NULL ? bundle : "",
		 reason != NULL ? ": " : "", reason != NULL ? reason : "");
	if ((rc = store_begin(s, e)) != RELTO_OK)
		return rc;
	rc = store_export_set(s, id, state, bundle, sha, reason, now, e);
	if (rc == RELTO_OK)
		rc = audit_append(s, "export", obj, detail, e);
	if (rc != RELTO_OK) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, e);
}

struct queue_find {
	const char *report, *partner;
	int found;
};

static int
queue_find_one(const struct store_export *x, void *arg)
{
	struct queue_find *f = arg;

	if (strcmp(x->report, f->report) == 0 &&
	    strcmp(x->partner, f->partner) == 0)
		f->found = 1;
	return f->found;
}

/* Is report already waiting to go to partner? */
static int
queue_pending(struct store *s, const char *report, const char *partner)
{
	struct queue_find f = {report, partner, 0};
	struct relto_err e;

	store_exports_each(s, "queued", queue_find_one, &f, &e);
	return f.found;
}

int
queue_add(struct store *s, const char *report, const char *partner,
	  long long *id, struct relto_err *e)
{
	struct action_release ar;
	const struct partner *p;
	char now[CLOCK_UTC_LEN], detail[160];
	int rc;

	if (action_release_load(s, report, partner, NULL, &ar, e) != RELTO_OK)
		return e->code;
	p = partner_find(ar.ctx.partners, partner);
	if (p == NULL || p->recipient == NULL) {
		action_release_free(&ar);
		return err_set(e, RELTO_EFAIL,
			       _("%s has no recipient key; record one with "
				 "'relto partner set-key'"),
			       partner);
	}
	if (ar.result.nreleased == 0) {
		/* The first portion's first reason says the most. */
		rc =
		    err_set(e, RELTO_EFAIL, _("nothing in %s may go to %s: %s"),
			    report, partner,
			    ar.result.n > 0 && ar.result.p[0].nreasons > 0
				? ar.result.p[0].reasons[0]
				: "");
		action_release_free(&ar);
		return rc;
	}
	action_release_free(&ar);
	if (queue_pending(s, report, partner))
		return err_set(e, RELTO_EFAIL, _("%s is already queued for %s"),
			       report, partner);
	queue_now(now);
	snprintf(detail, sizeof detail, "%s to %s", report, partner);
	if ((rc = store_begin(s, e)) != RELTO_OK)
		return rc;
	rc = store_export_add(s, partner, report, now, id, e);
	if (rc == RELTO_OK)
		rc = audit_append(s, "export.queue", report, detail, e);
	if (rc != RELTO_OK) {
		store_rollback(s);
		return rc;
	}
	return store_commit(s, e);
}

static int
queue_move(struct store *s, long long id, const char *from1, const char *from2,
	   const char *to, struct relto_err *e)
{
	char state[16];

	if (!store_export_state(s, id, state, sizeof state))
		return err_set(e, RELTO_EFAIL, _("there is no export %lld"),
			       id);
	if (strcmp(state, from1) != 0 &&
	    (from2 == NULL || strcmp(state, from2) != 0))
		return err_set(e, RELTO_EFAIL,
			       _("export %lld is %s; only a %s%s%s export can "
				 "become %s"),
			       id, state, from1, from2 ? _(" or ") : "",
			       from2 ? from2 : "", to);
	return queue_set(s, id, to, NULL, NULL, NULL, e);
}

int
queue_cancel(struct store *s, long long id, struct relto_err *e)
{
	return queue_move(s, id, "queued", "failed", "cancelled", e);
}

int
queue_retry(struct store *s, long long id, struct relto_err *e)
{
	return queue_move(s, id, "failed", "cancelled", "queued", e);
}

/* ---- the run ------------------------------------------------------------ */

struct queue_item {
	long long id;
	char partner[PARTNER_CODE_MAX];
	char report[REPORT_ID_MAX];
	char *view;
	char banner[MARKING_TEXT_MAX];
	struct marking mbanner;
	char agreements[256];
	char topics[256];
	char why[600];
	int ok;
};

struct queue_list {
	struct queue_item *v;
	size_t n;
	int oom;
};

static int
queue_collect(const struct store_export *x, void *arg)
{
	struct queue_list *l = arg;
	struct queue_item *nv;

	nv = realloc(l->v, (l->n + 1) * sizeof *nv);
	if (nv == NULL) {
		l->oom = 1;
		return 1;
	}
	l->v = nv;
	memset(&nv[l->n], 0, sizeof nv[l->n]);
	nv[l->n].id = x->id;
	snprintf(nv[l->n].partner, PARTNER_CODE_MAX, "%s", x->partner);
	snprintf(nv[l->n].report, REPORT_ID_MAX, "%s", x->report);
	l->n++;
	return 0;
}

static void
queue_list_free(struct queue_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].view);
	free(l->v);
}

/* Ask the rule again, today; keep the partner view, or fail the item. */
static int
queue_reask(struct store *s, struct queue_item *it, struct relto_err *e)
{
	struct action_release ar;
	struct relto_err why;
	size_t i, n = 0;

	err_clear(&why);
	if (action_release_load(s, it->report, it->partner, NULL, &ar, &why) !=
	    RELTO_OK) {
		snprintf(it->why, sizeof it->why, "%s: %s", it->report,
			 why.msg);
		return queue_set(s, it->id, "failed", NULL, NULL, why.msg, e);
	}
	if (ar.result.view == NULL) {
		for (i = 0; i < ar.result.n && ar.result.p[i].nreasons == 0;
		     i++)
			;
		snprintf(why.msg, sizeof why.msg, "%s",
			 i < ar.result.n ? ar.result.p[i].reasons[0]
					 : _("nothing may go any more"));
		snprintf(it->why, sizeof it->why, "%s: %s", it->report,
			 why.msg);
		action_release_free(&ar);
		return queue_set(s, it->id, "failed", NULL, NULL, why.msg, e);
	}
	it->view = strdup(ar.result.view);
	it->mbanner = ar.result.banner;
	for (i = 0, n = 0; i < ar.report.ntopics && n < sizeof it->topics; i++)
		n +=
		    (size_t)snprintf(it->topics + n, sizeof it->topics - n,
				     "%s%s", i ? " " : "", ar.report.topics[i]);
	n = 0;
	for (i = 0; i < ar.result.n && n < sizeof it->agreements; i++)
		if (ar.result.p[i].agreement[0] != '\0' &&
		    strstr(it->agreements, ar.result.p[i].agreement) == NULL)
			n += (size_t)snprintf(
			    it->agreements + n, sizeof it->agreements - n,
			    "%s%s", n ? " " : "", ar.result.p[i].agreement);
	action_release_free(&ar);
	it->ok = it->view != NULL;
	return RELTO_OK;
}

/*
 * DIR/STATION-PARTNER-YYYYMMDD-SEQ.TAR.AGE, the first SEQ taken neither
 * on this medium nor by an earlier export of the store, whatever medium
 * it went to: a bundle's id names one bundle only.
 */
static int
queue_name(struct store *s, const char *dir, const char *prefix,
	   const char *station, const char *partner, time_t when, char *name,
	   size_t cap)
{
	char day[CLOCK_UTC_LEN], path[4200];
	int seq;

	clock_utc(when, day);
	for (seq = 1; seq < 1000; seq++) {
		snprintf(name, cap, "%s%s-%s-%.4s%.2s%.2s-%03d.TAR.AGE", prefix,
			 station, partner, day, day + 5, day + 8, seq);
		snprintf(path, sizeof path, "%s/%s", dir, name);
		if (access(path, F_OK) != 0 && !store_bundle_used(s, name))
			return 0;
	}
	return -1;
}

static void
queue_unlink(const char *dir, const char *name)
{
	char path[4200];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	unlink(path);
}

struct queue_run {
	struct store *s;
	const char *dir;
	struct keys keys;
	struct partner_set set;
	struct marking_ctx ctx;
	char station[64], country[8];
	const char *exercise;
	media_progress_fn progress;
	void *parg;
	queue_outcome_fn report;
	void *rarg;
	int failures;
};

static void
queue_fail_all(struct queue_run *q, struct queue_item *v, size_t n,
	       const char *partner, const char *reason, struct relto_err *e)
{
	struct queue_outcome o = {partner, "", 0, reason, 0};
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].ok && strcmp(v[i].partner, partner) == 0) {
			queue_set(q->s, v[i].id, "failed", NULL, NULL, reason,
				  e);
			o.reports++;
		}
	q->failures++;
	if (q->report != NULL)
		q->report(&o, q->rarg);
}

static void
queue_hex(const uint8_t *h, char out[65])
{
	int i;

	for (i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", h[i]);
}

/* One partner's bundle from the ok items v[from..to). */
static int
queue_bundle(struct queue_run *q, struct queue_item *v, size_t from, size_t to,
	     struct relto_err *e)
{
	const struct partner *p = partner_find(&q->set, v[from].partner);
	struct bundle_report *reps = calloc(to - from + 1, sizeof *reps);
	struct marking *banners = calloc(to - from + 1, sizeof *banners);
	struct bundle_params bp;
	struct media_file m;
	struct marking banner;
	struct relto_err why;
	char name[256], id[256], signame[300], bannertext[MARKING_TEXT_MAX],
	    agreements[512] = "", hex[65], *sig = NULL;
	size_t i, n = 0, siglen = 0, len = 0;
	uint8_t hash[32];
	int rc;

	err_clear(&why);
	for (i = from; reps != NULL && banners != NULL && i < to; i++) {
		if (!v[i].ok)
			continue;
		reps[n].id = v[i].report;
		reps[n].topics = v[i].topics;
		reps[n].view = v[i].view;
		reps[n].len = strlen(v[i].view);
		banners[n++] = v[i].mbanner;
		if (len < sizeof agreements &&
		    strstr(agreements, v[i].agreements) == NULL)
			len += (size_t)snprintf(
			    agreements + len, sizeof agreements - len, "%s%s",
			    len ? " " : "", v[i].agreements);
	}
	if (n == 0 || reps == NULL || banners == NULL) {
		free(reps);
		free(banners);
		return RELTO_OK;
	}
	memset(&bp, 0, sizeof bp);
	bp.when = clock_now();
	bannertext[0] = '\0';
	if (marking_rollup(banners, n, &q->ctx, &banner) == RELTO_OK)
		marking_format(&banner, MARKING_BANNER, bannertext,
			       sizeof bannertext);
	bp.station = q->station;
	bp.country = q->country;
	bp.partner = v[from].partner;
	bp.recipient = p != NULL && p->recipient != NULL ? p->recipient : "";
	bp.agreements = agreements;
	bp.banner = bannertext;
	bp.exercise = q->exercise;
	bp.reports = reps;
	bp.nreports = n;
	bp.keys = &q->keys;
	rc = queue_name(q->s, q->dir, q->exercise != NULL ? "EXERCISE_" : "",
			q->station, bp.partner, bp.when, name, sizeof name);
	/* The bundle's id is its file name without ".TAR.AGE". */
	snprintf(id, sizeof id, "%.*s", (int)(strlen(name) - 8), name);
	bp.id = id;
	if (rc != 0)
		err_set(&why, RELTO_EIO, _("999 bundles today already"));
	else if (bannertext[0] == '\0')
		err_set(&why, RELTO_EFAIL,
			_("these reports cannot share one banner (TLP labels "
			  "and classification markings); export them "
			  "separately"));
	else if (bundle_estimate(&bp) > BUNDLE_MAX_BYTES)
		err_set(&why, RELTO_EFAIL,
			_("the bundle would pass 4 GiB, the most FAT holds; "
			  "export fewer reports at a time"));
	for (i = from; why.code == RELTO_OK && i < to; i++)
		if (v[i].ok)
			queue_set(q->s, v[i].id, "writing", name, NULL, NULL,
				  e);
	if (why.code == RELTO_OK &&
	    media_open(&m, q->dir, name, bundle_estimate(&bp), &why) ==
		RELTO_OK) {
		m.progress = q->progress;
		m.progress_arg = q->parg;
		/*
		 * The signature goes on the medium first and the bundle is
		 * renamed into place last: a NAME.TAR.AGE never stands
		 * without the signature that verifies it.
		 */
		snprintf(signame, sizeof signame, "%s.MINISIG", name);
		if (bundle_write(&bp, media_write, &m, &sig, &siglen, &why) !=
		    RELTO_OK) {
			if (m.failed)
				why = m.err;
			media_abort(&m);
		} else if (media_put(q->dir, signame, sig, siglen, &why) !=
			   RELTO_OK)
			media_abort(&m);
		else if (media_commit(&m, hash, &why) != RELTO_OK)
			queue_unlink(q->dir, signame);
	}
	free(sig);
	free(reps);
	free(banners);
	if (why.code != RELTO_OK) {
		queue_fail_all(q, v + from, to - from, bp.partner, why.msg, e);
		return RELTO_OK;
	}
	queue_hex(hash, hex);
	for (i = from; i < to; i++)
		if (v[i].ok)
			queue_set(q->s, v[i].id, "verified", name, hex, NULL,
				  e);
	if (q->report != NULL) {
		struct queue_outcome o = {bp.partner, name, 1, NULL, n};

		q->report(&o, q->rarg);
	}
	return RELTO_OK;
}

static int
queue_recover(const struct store_export *x, void *arg)
{
	struct queue_list *l = arg;

	return queue_collect(x, l);
}

/* Put back what a crash left in "writing". */
static int
queue_unstick(struct queue_run *q, struct relto_err *e)
{
	struct queue_list l = {NULL, 0, 0};
	size_t i;
	int rc = store_exports_each(q->s, "writing", queue_recover, &l, e);

	for (i = 0; rc == RELTO_OK && i < l.n; i++)
		rc = queue_set(q->s, l.v[i].id, "queued", NULL, NULL,
			       _("an earlier run was interrupted"), e);
	queue_list_free(&l);
	return rc;
}

static int
queue_prepare(struct queue_run *q, const char *media, char *dir, size_t cap,
	      struct relto_err *e)
{
	char *readme, pub[MINISIGN_PUBLIC_FILE_LEN];
	size_t len;
	struct bundle_params bp;

	if (media_prepare_dir(media, e) != RELTO_OK)
		return e->code;
	snprintf(dir, cap, "%s/RELTO", media);
	if (media_prepare_dir(dir, e) != RELTO_OK ||
	    media_clean_partials(dir, e) != RELTO_OK ||
	    keys_station_pub(&q->keys, q->exercise, pub, sizeof pub, e) !=
		RELTO_OK ||
	    media_put(dir, q->exercise ? "EXERCISE_STATION.PUB" : "STATION.PUB",
		      pub, strlen(pub), e) != RELTO_OK)
		return e->code;
	memset(&bp, 0, sizeof bp);
	bp.station = q->station;
	bp.country = q->country;
	bp.exercise = q->exercise;
	if (bundle_readme(&bp, &readme, &len) != RELTO_OK)
		return err_set(e, RELTO_ENOMEM, _("out of memory"));
	media_put(dir, q->exercise ? "EXERCISE_README.TXT" : "README.TXT",
		  readme, len, e);
	free(readme);
	return e->code;
}

/* An export the rule no longer allows: counted and shown. */
static void
queue_refused(struct queue_run *q, const struct queue_item *it)
{
	struct queue_outcome o = {it->partner, "", 0, it->why, 1};

	q->failures++;
	if (q->report != NULL)
		q->report(&o, q->rarg);
}

static int
queue_by_partner(const void *a, const void *b)
{
	const struct queue_item *x = a, *y = b;
	int c = strcmp(x->partner, y->partner);

	return c != 0 ? c : (x->id > y->id) - (x->id < y->id);
}

/*
 * Write every queued export to the medium mounted at media, one bundle
 * per partner, under media/RELTO.  *failures counts bundles not written.
 */
int
queue_run(struct store *s, const char *media, media_progress_fn progress,
	  void *parg, queue_outcome_fn report, void *rarg, int *failures,
	  struct relto_err *e)
{
	struct queue_list l = {NULL, 0, 0};
	struct store_exercise x;
	struct queue_run q;
	char dir[4096];
	size_t i, j;
	int rc, found;

	memset(&q, 0, sizeof q);
	q.s = s;
	q.dir = dir;
	q.progress = progress;
	q.parg = parg;
	q.report = report;
	q.rarg = rarg;
	store_setting(s, "station", q.station, sizeof q.station);
	store_setting(s, "country", q.country, sizeof q.country);
	/* An exercise marks every file it writes, and names it EXERCISE_. */
	if (store_exercise_get(s, &x, &found, e) != RELTO_OK)
		return e->code;
	q.exercise = found ? x.marking : NULL;
	if (keys_load(s, &q.keys, e) != RELTO_OK)
		return e->code;
	rc = import_context(s, &q.set, &q.ctx, NULL, e);
	if (rc == RELTO_OK)
		rc = queue_prepare(&q, media, dir, sizeof dir, e);
	if (rc == RELTO_OK)
		rc = queue_unstick(&q, e);
	if (rc == RELTO_OK)
		rc = store_exports_each(s, "queued", queue_collect, &l, e);
	if (rc == RELTO_OK && l.oom)
		rc = err_set(e, RELTO_ENOMEM, _("out of memory"));
	if (l.n > 1)
		qsort(l.v, l.n, sizeof *l.v, queue_by_partner);
	for (i = 0; rc == RELTO_OK && i < l.n; i++) {
		rc = queue_reask(s, &l.v[i], e);
		if (rc == RELTO_OK && !l.v[i].ok)
			queue_refused(&q, &l.v[i]);
	}
	for (i = 0; rc == RELTO_OK && i < l.n; i = j) {
		for (j = i;
		     j < l.n && strcmp(l.v[j].partner, l.v[i].partner) == 0;
		     j++)
			;
		rc = queue_bundle(&q, l.v, i, j, e);
	}
	queue_list_free(&l);
	partner_set_free(&q.set);
	keys_free(&q.keys);
	*failures = q.failures;
	return rc;
}
