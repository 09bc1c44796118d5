/*
 * audit.c -- the audit log: append-only and hash-chained.
 *
 * Entry n stores hash_n = SHA-256(hash_{n-1} | at | actor | action |
 * object | detail), each field length-prefixed, with hash_0 all zero;
 * it also stores hash_{n-1} as "prev".  The settings row "audit_head"
 * anchors the newest (seq, hash), written in the same transaction as
 * the entry.  Verifying walks the log in seq order and names the first
 * entry that breaks the chain:
 *   - its own hash does not match its fields: it was edited;
 *   - a seq number is missing: an entry was deleted;
 *   - it is intact but does not follow its predecessor: entries were
 *     deleted and renumbered, or reordered;
 *   - the walk ends before the anchor: the newest entries were removed.
 * The chain is an integrity check, not a signature: whoever holds the
 * store key could rebuild it.  Its purpose is to make an edit visible.
 *
 * Invariant: every state change in core calls audit_append() inside the
 * transaction that makes the change, so both land or neither does.
 */
#include "config.h"

#include "audit.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "crypto.h"
#include "i18n.h"

#define AUDIT_HEAD "audit_head"

const char *
audit_actor(void)
{
	static char name[64];
	struct passwd *pw;

	if (name[0] == '\0') {
		pw = getpwuid(getuid());
		if (pw != NULL && pw->pw_name != NULL)
			snprintf(name, sizeof name, "%s", pw->pw_name);
		else
			snprintf(name, sizeof name, "uid %u",
				 (unsigned)getuid());
	}
	return name;
}

static size_t
audit_put(uint8_t *buf, size_t at, const char *s)
{
	size_t n = strlen(s);

	if (buf != NULL) {
		buf[at] = (uint8_t)(n >> 24);
		buf[at + 1] = (uint8_t)(n >> 16);
		buf[at + 2] = (uint8_t)(n >> 8);
		buf[at + 3] = (uint8_t)n;
		memcpy(buf + at + 4, s, n);
	}
	return at + 4 + n;
}

void
audit_hash(const uint8_t prev[32], const struct store_audit_row *row,
	   uint8_t out[32])
{
	const char *f[5] = {row->at, row->actor, row->action, row->object,
			    row->detail};
	size_t n = 32, i;
	uint8_t *buf;

	for (i = 0; i < 5; i++)
		n = audit_put(NULL, n, f[i]);
	buf = malloc(n);
	if (buf == NULL) {
		memset(out, 0, 32); /* verifies as broken, never as intact */
		return;
	}
	memcpy(buf, prev, 32);
	for (n = 32, i = 0; i < 5; i++)
		n = audit_put(buf, n, f[i]);
	crypto_sha256(buf, n, out);
	free(buf);
}

static void
audit_hex(const uint8_t *p, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", p[i]);
}

int
audit_append(struct store *s, const char *action, const char *object,
	     const char *detail, struct relto_err *e)
{
	struct store_audit_row row;
	uint8_t prev[32], hash[32];
	char head[32 + 1 + 64 + 1];
	long long seq;
	int n;

	if (store_audit_last(s, &seq, prev, e) != RELTO_OK)
		return e->code;
	memset(&row, 0, sizeof row);
	row.seq = seq + 1;
	clock_utc(clock_now(), row.at);
	row.actor = audit_actor();
	row.action = action;
	row.object = object != NULL ? object : "";
	row.detail = detail != NULL ? detail : "";
	row.prev = prev;
	audit_hash(prev, &row, hash);
	row.hash = hash;
	if (store_audit_insert(s, &row, e) != RELTO_OK)
		return e->code;
	n = snprintf(head, sizeof head, "%lld:", row.seq);
	audit_hex(hash, 32, head + n);
	return store_set_setting(s, AUDIT_HEAD, head, e);
}

struct audit_walk {
	long long expect;
	uint8_t running[32];
	struct relto_err *e;
};

static int
audit_check_row(const struct store_audit_row *row, void *arg)
{
	struct audit_walk *w = arg;
	uint8_t h[32];

	if (row->seq != w->expect) {
		err_set(w->e, RELTO_ECORRUPT,
			_("audit entry %lld is missing: it was deleted"),
			w->expect);
		return 1;
	}
	audit_hash(row->prev, row, h);
	if (!crypto_equal(h, row->hash, 32)) {
		err_set(w->e, RELTO_ECORRUPT,
			_("audit entry %lld (%s %s) was edited"), row->seq,
			row->action, row->object);
		return 1;
	}
	if (!crypto_equal(row->prev, w->running, 32)) {
		err_set(w->e, RELTO_ECORRUPT,
			_("audit entry %lld does not follow entry %lld: "
			  "entries were deleted, reordered or swapped"),
			row->seq, row->seq - 1);
		return 1;
	}
	memcpy(w->running, row->hash, 32);
	w->expect++;
	return 0;
}

int
audit_verify(struct store *s, long long *entries, struct relto_err *e)
{
	struct audit_walk w;
	char head[128], want[128];
	int n;

	memset(&w, 0, sizeof w);
	w.expect = 1;
	w.e = e;
	err_clear(e);
	if (store_audit_each(s, 1, audit_check_row, &w, e) != RELTO_OK ||
	    e->code != RELTO_OK)
		return e->code;
	*entries = w.expect - 1;
	store_setting(s, AUDIT_HEAD, head, sizeof head);
	n = snprintf(want, sizeof want, "%lld:", w.expect - 1);
	audit_hex(w.running, 32, want + n);
	if (w.expect == 1 && head[0] == '\0')
		return RELTO_OK;
	if (strcmp(head, want) != 0)
		return err_set(e, RELTO_ECORRUPT,
			       _("the audit log ends at entry %lld but its "
				 "anchor names entry %lld: the newest entries "
				 "were removed or replaced"),
			       w.expect - 1, atoll(head));
	return RELTO_OK;
}
