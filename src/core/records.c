/*
 * records.c -- the record format shared by import, dump and exercise
 * scenarios: GNU recutils' syntax (so recsel and recfix work on relto's
 * files), parsed here, strictly, without librec.
 *
 * The subset:
 *   - a line starting with '#' is a comment;
 *   - records are separated by one or more blank lines;
 *   - "Name: value" -- a name is [A-Za-z%][A-Za-z0-9_]*, starting in
 *     column 1, followed by ':' and a blank (or the end of the line);
 *   - a line "+ text" or "+text" continues the previous field's value
 *     with a newline (one blank after the '+' is dropped);
 *   - a record whose first field is "%rec: Type" is a descriptor: the
 *     records after it, up to the next descriptor, are of that type;
 *     "%key:" in it names the key field; %mandatory, %type, %doc and the
 *     other special fields are accepted and not interpreted here.
 *
 * This file knows nothing of what the fields mean: it produces records
 * with line and column numbers, and collects every syntax error as a
 * diagnostic instead of stopping at the first one, so a user fixes a
 * file in one pass.  Values are UTF-8; a NUL byte or an invalid sequence
 * is an error.  The consumer (import.c, scenario.c) checks meaning.
 */
#include "config.h"

#include "records.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "text.h"

void
records_diags_init(struct records_diags *d, const char *file)
{
	memset(d, 0, sizeof *d);
	d->file = file;
}

void
records_diags_free(struct records_diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		free(d->v[i].msg);
	free(d->v);
	d->v = NULL;
	d->n = d->cap = d->errors = 0;
}

void
records_diag(struct records_diags *d, int line, int col, int warning,
	     const char *fmt, ...)
{
	struct records_diag *nv;
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		nv = realloc(d->v, d->cap * sizeof *nv);
		if (nv == NULL) {
			d->errors++; /* the count stays right */
			return;
		}
		d->v = nv;
	}
	d->v[d->n].line = line;
	d->v[d->n].col = col;
	d->v[d->n].warning = warning;
	d->v[d->n].msg = strdup(buf);
	d->v[d->n].seq = d->n;
	d->n++;
	if (!warning)
		d->errors++;
}

static int
records_diag_cmp(const void *a, const void *b)
{
	const struct records_diag *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq; /* qsort is not stable */
}

/* In file order, as a user reads them; equal places keep their order. */
void
records_diags_sort(struct records_diags *d)
{
	if (d->n > 1)
		qsort(d->v, d->n, sizeof *d->v, records_diag_cmp);
}

/* "file:line:col: message" (or "warning: message") into out. */
int
records_diag_format(const struct records_diags *d, size_t i, char *out,
		    size_t cap)
{
	const struct records_diag *g = &d->v[i];

	return snprintf(out, cap, "%s:%d:%d: %s%s", d->file, g->line, g->col,
			g->warning ? _("warning: ") : "",
			g->msg != NULL ? g->msg : "?");
}

void
records_free(struct records_file *rf)
{
	size_t i, j;

	for (i = 0; i < rf->n; i++) {
		for (j = 0; j < rf->r[i].n; j++) {
			free(rf->r[i].f[j].name);
			free(rf->r[i].f[j].value);
		}
		free(rf->r[i].f);
		free(rf->r[i].type);
	}
	for (i = 0; i < rf->nt; i++) {
		free(rf->t[i].name);
		free(rf->t[i].key);
	}
	free(rf->r);
	free(rf->t);
	memset(rf, 0, sizeof *rf);
}

const struct records_field *
records_field(const struct records_record *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->f[i].name, name) == 0)
			return &r->f[i];
	return NULL;
}

const char *
records_get(const struct records_record *r, const char *name)
{
	const struct records_field *f = records_field(r, name);

	return f != NULL ? f->value : NULL;
}

size_t
records_count(const struct records_record *r, const char *name)
{
	size_t i, n = 0;

	for (i = 0; i < r->n; i++)
		n += strcmp(r->f[i].name, name) == 0;
	return n;
}

/* ---- parsing --------------------------------------------------------- */

struct records_parser {
	const char *p, *end;
	int line;
	struct records_file *out;
	struct records_diags *d;
	struct records_record cur; /* the record being read */
	int in_record;
	char *type; /* current %rec type */
	int oom;
};

static int
records_name_char(char c, int first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (first ? c == '%' : (c >= '0' && c <= '9') || c == '_');
}

static char *
records_strndup(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d != NULL) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* Append "\n" + s[0..n) to the last field of the current record. */
static int
records_continue(struct records_parser *ps, const char *s, size_t n)
{
	struct records_field *f = &ps->cur.f[ps->cur.n - 1];
	size_t old = strlen(f->value);
	char *v = realloc(f->value, old + 1 + n + 1);

	if (v == NULL)
		return -1;
	v[old] = '\n';
	memcpy(v + old + 1, s, n);
	v[old + 1 + n] = '\0';
	f->value = v;
	return 0;
}

static int
records_add_field(struct records_parser *ps, const char *name, size_t nlen,
		  const char *val, size_t vlen)
{
	struct records_record *r = &ps->cur;
	struct records_field *nf;

	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 8;
		nf = realloc(r->f, r->cap * sizeof *nf);
		if (nf == NULL)
			return -1;
		r->f = nf;
	}
	nf = &r->f[r->n];
	nf->name = records_strndup(name, nlen);
	nf->value = records_strndup(val, vlen);
	nf->line = ps->line;
	nf->col = 1;
	if (nf->name == NULL || nf->value == NULL) {
		free(nf->name);
		free(nf->value);
		return -1;
	}
	r->n++;
	return 0;
}

static void
records_drop_current(struct records_parser *ps)
{
	size_t j;

	for (j = 0; j < ps->cur.n; j++) {
		free(ps->cur.f[j].name);
		free(ps->cur.f[j].value);
	}
	free(ps->cur.f);
	memset(&ps->cur, 0, sizeof ps->cur);
}

/* A descriptor record: remember its type and key. */
static int
records_descriptor(struct records_parser *ps)
{
	struct records_file *o = ps->out;
	struct records_type *nt;
	const char *name = records_get(&ps->cur, "%rec"),
		   *key = records_get(&ps->cur, "%key");
	size_t i;

	for (i = 0; i < o->nt; i++)
		if (strcmp(o->t[i].name, name) == 0)
			records_diag(ps->d, ps->cur.line, 1, 0,
				     _("record type %s is described twice "
				       "(first at line %d)"),
				     name, o->t[i].line);
	if (o->nt == o->capt) {
		o->capt = o->capt ? o->capt * 2 : 8;
		nt = realloc(o->t, o->capt * sizeof *nt);
		if (nt == NULL)
			return -1;
		o->t = nt;
	}
	nt = &o->t[o->nt];
	nt->name = strdup(name);
	nt->key = key != NULL ? strdup(key) : NULL;
	nt->line = ps->cur.line;
	if (nt->name == NULL || (key != NULL && nt->key == NULL))
		return -1;
	o->nt++;
	free(ps->type);
	ps->type = strdup(name);
	records_drop_current(ps);
	return ps->type == NULL ? -1 : 0;
}

/* End of a record: a descriptor, or a data record of the current type. */
static int
records_flush(struct records_parser *ps)
{
	struct records_file *o = ps->out;
	struct records_record *nr;

	if (!ps->in_record)
		return 0;
	ps->in_record = 0;
	if (ps->cur.n > 0 && strcmp(ps->cur.f[0].name, "%rec") == 0)
		return records_descriptor(ps);
	if (ps->type == NULL)
		records_diag(ps->d, ps->cur.line, 1, 0,
			     _("a record before any %%rec: line says what "
			       "type it is"));
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 32;
		nr = realloc(o->r, o->cap * sizeof *nr);
		if (nr == NULL)
			return -1;
		o->r = nr;
	}
	ps->cur.type = ps->type != NULL ? strdup(ps->type) : NULL;
	o->r[o->n++] = ps->cur;
	memset(&ps->cur, 0, sizeof ps->cur);
	return 0;
}

/* One "Name: value" line. */
static int
records_field_line(struct records_parser *ps, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && records_name_char(s[i], i == 0))
		i++;
	if (i == 0 || i == n || s[i] != ':' ||
	    (i + 1 < n && s[i + 1] != ' ' && s[i + 1] != '\t')) {
		records_diag(ps->d, ps->line, (int)(i + 1), 0,
			     i == 0 ? _("expected a field name (letters, "
					"digits, '_') followed by ':'")
				    : _("expected ': ' after the field name"));
		return 0;
	}
	if (!ps->in_record) {
		ps->in_record = 1;
		ps->cur.line = ps->line;
	}
	if (i + 1 < n && s[i + 1] != '\0')
		return records_add_field(ps, s, i, s + i + 2, n - i - 2);
	return records_add_field(ps, s, i, "", 0);
}

static int
records_line(struct records_parser *ps, const char *s, size_t n)
{
	size_t skip;

	if (n > 0 && s[n - 1] == '\r')
		n--;
	if (n == 0 || (n > 0 && strspn(s, " \t") == n))
		return records_flush(ps);
	if (s[0] == '#')
		return 0;
	if (s[0] == '+') {
		if (!ps->in_record || ps->cur.n == 0) {
			records_diag(ps->d, ps->line, 1, 0,
				     _("a '+' continuation line with no field "
				       "before it"));
			return 0;
		}
		skip = n > 1 && (s[1] == ' ' || s[1] == '\t') ? 2 : 1;
		return records_continue(ps, s + skip, n - skip);
	}
	if (s[0] == ' ' || s[0] == '\t') {
		records_diag(ps->d, ps->line, 1, 0,
			     _("a line may not start with a blank; continue a "
			       "value with '+'"));
		return 0;
	}
	return records_field_line(ps, s, n);
}

/*
 * Every byte must be valid UTF-8; no control characters but tab, and no
 * bidirectional controls, which can make text read other than it is.
 */
static void
records_check_utf8(struct records_parser *ps, const char *s, size_t n)
{
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		k = text_decode(s + i, n - i, &cp);
		if (cp == TEXT_REPLACEMENT &&
		    !(k == 3 && memcmp(s + i, "\xef\xbf\xbd", 3) == 0)) {
			records_diag(ps->d, ps->line, (int)i + 1, 0,
				     _("not valid UTF-8 text"));
			return;
		}
		if ((cp < 0x20 && cp != '\t' && !(cp == '\r' && i + 1 == n)) ||
		    cp == 0x7f || cp == 0x061c || cp == 0x200e ||
		    cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069) ||
		    (cp >= 0x80 && cp < 0xa0)) {
			records_diag(ps->d, ps->line, (int)i + 1, 0,
				     _("a control character (U+%04X) has no "
				       "place in a records file"),
				     (unsigned)cp);
			return;
		}
		i += k;
	}
}

int
records_parse(const char *text, size_t len, struct records_file *out,
	      struct records_diags *d)
{
	struct records_parser ps;
	const char *nl;
	size_t n;
	int rc = 0;

	memset(out, 0, sizeof *out);
	memset(&ps, 0, sizeof ps);
	ps.p = text;
	ps.end = text + len;
	ps.out = out;
	ps.d = d;
	while (ps.p < ps.end && rc == 0) {
		ps.line++;
		nl = memchr(ps.p, '\n', (size_t)(ps.end - ps.p));
		n = nl != NULL ? (size_t)(nl - ps.p) : (size_t)(ps.end - ps.p);
		records_check_utf8(&ps, ps.p, n);
		rc = records_line(&ps, ps.p, n);
		ps.p += n + (nl != NULL);
	}
	if (rc == 0)
		rc = records_flush(&ps);
	records_drop_current(&ps);
	free(ps.type);
	if (rc != 0)
		return err_set(NULL, RELTO_ENOMEM, "out of memory");
	return d->errors == 0 ? RELTO_OK : RELTO_EINPUT;
}

/* ---- writing --------------------------------------------------------- */

static int
records_put(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	char *nb;

	if (*len + n + 1 > *cap) {
		*cap = (*len + n + 1) * 2;
		nb = realloc(*buf, *cap);
		if (nb == NULL)
			return -1;
		*buf = nb;
	}
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
	return 0;
}

/* "Name: value\n", each further line of value as "+ line". */
int
records_write_field(char **buf, size_t *len, size_t *cap, const char *name,
		    const char *value)
{
	const char *p = value, *nl;
	int first = 1;

	if (records_put(buf, len, cap, name, strlen(name)) != 0 ||
	    records_put(buf, len, cap, ":", 1) != 0)
		return -1;
	do {
		nl = strchr(p, '\n');
		if (!first && records_put(buf, len, cap, "\n+", 2) != 0)
			return -1;
		if ((nl != NULL ? nl > p : *p != '\0') &&
		    records_put(buf, len, cap, " ", 1) != 0)
			return -1;
		if (records_put(buf, len, cap, p,
				nl != NULL ? (size_t)(nl - p) : strlen(p)) != 0)
			return -1;
		first = 0;
		p = nl != NULL ? nl + 1 : NULL;
	} while (p != NULL);
	return records_put(buf, len, cap, "\n", 1);
}
