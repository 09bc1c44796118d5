/*
 * tar.c -- a deterministic POSIX ustar writer and a strict reader.
 *
 * This file owns the bytes of relto's tar archives.  Data streams
 * through caller callbacks in pieces; no entry is ever held whole.
 *
 * Header (one 512-byte block; numbers are zero-filled octal and NUL):
 *   0 name[100]   100 mode[8]     108 uid[8]     116 gid[8]
 *   124 size[12]  136 mtime[12]   148 chksum[8]  156 typeflag
 *   157 linkname[100]  257 magic "ustar\0"  263 version "00"
 *   265 uname[32] 297 gname[32]   329 devmajor[8] 337 devminor[8]
 *   345 prefix[155]  500 pad[12]
 * chksum is the unsigned sum of the header's bytes with chksum itself
 * read as eight spaces, written "%06o\0 ".  Data follows in blocks,
 * zero-padded; the archive ends with two zero blocks.
 *
 * The writer:
 *  - writes regular files only (typeflag '0'), mode 0644, uid and gid 0,
 *    empty uname and gname, devmajor and devminor 0, the mtime the
 *    caller gives: the same calls give the same bytes, which are those
 *    of GNU tar --format=ustar --numeric-owner --owner=0 --group=0
 *    --mode=0644 --mtime=@T -b1 for the same files;
 *  - emits no directory entries (extractors create parents);
 *  - puts names over 100 bytes in prefix + "/" + name, splitting at the
 *    leftmost '/' that leaves at most 100 bytes (so at most 255);
 *  - checks every name with tar_name_check() and against the names
 *    before it, so it never writes what the reader would refuse;
 *  - after any failure refuses every later call.
 *
 * The reader refuses, naming the byte offset:
 *  - a header whose checksum, magic "ustar\0", version "00" or octal
 *    fields (1-12 digits then only NUL or space; devmajor/devminor may be
 *    empty) are wrong, base-256 numbers included;
 *  - GNU tar's own format (magic "ustar  ") and every typeflag but '0'
 *    and NUL: links, devices, FIFOs, directories, contiguous files, pax
 *    headers (x, g) and GNU extensions (L, K, D, M, S, ...);
 *  - a linkname that is not empty, name or prefix bytes after the first
 *    NUL that are not NUL, data padding that is not zero;
 *  - names failing tar_name_check(): empty, longer than 255 bytes,
 *    absolute, with empty, "." or ".." components, with bytes outside
 *    printable ASCII or a backslash; a name given twice, or a file name
 *    that another entry uses as a directory (or the reverse);
 *  - an entry, a total or a count over the caller's limits;
 *  - a truncated archive: end of input inside a header, data or padding,
 *    or before two zero blocks; after them only whole zero blocks
 *    (tar's record padding) may follow.
 * A rejected reader stays rejected.
 */
#include "config.h"

#include "tar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

enum { W_IDLE, W_ENTRY, W_DONE, W_FAILED };
enum { R_HEADER, R_DATA, R_END };

#define NAME_LEN   100
#define PREFIX_LEN 155
#define GNU_MAGIC  "ustar  "

struct field {
	size_t off, len;
};

static const struct field F_NAME = {0, 100}, F_MODE = {100, 8},
			  F_UID = {108, 8}, F_GID = {116, 8},
			  F_SIZE = {124, 12}, F_MTIME = {136, 12},
			  F_CHKSUM = {148, 8}, F_LINK = {157, 100},
			  F_DEVMAJ = {329, 8}, F_DEVMIN = {337, 8},
			  F_PREFIX = {345, 155};
#define O_TYPE    156
#define O_MAGIC   257
#define O_VERSION 263

static const uint8_t zero_block[TAR_BLOCK];

/* ---- names ------------------------------------------------------------ */

static int
name_component_ok(const char *s, size_t n)
{
	return n > 0 && !(n == 1 && s[0] == '.') &&
	       !(n == 2 && s[0] == '.' && s[1] == '.');
}

int
tar_name_check(const char *name, size_t len, struct relto_err *e)
{
	size_t i, start = 0;

	if (len == 0)
		return err_set(e, RELTO_EINPUT, _("an archive name is empty"));
	if (len > TAR_NAME_MAX)
		return err_set(e, RELTO_EINPUT,
			       _("an archive name is longer than %d bytes"),
			       TAR_NAME_MAX);
	/* Characters first: the messages below quote the name. */
	for (i = 0; i < len; i++)
		if ((unsigned char)name[i] < 0x20 ||
		    (unsigned char)name[i] > 0x7e || name[i] == '\\')
			return err_set(e, RELTO_EINPUT,
				       _("an archive name holds a control "
					 "character, a backslash or a byte "
					 "outside ASCII"));
	if (name[0] == '/')
		return err_set(e, RELTO_EINPUT,
			       _("the archive name \"%.*s\" is absolute"),
			       (int)len, name);
	for (i = 0; i <= len; i++) {
		if (i < len && name[i] != '/')
			continue;
		if (!name_component_ok(name + start, i - start))
			return err_set(e, RELTO_EINPUT,
				       _("the archive name \"%.*s\" has an "
					 "empty, \".\" or \"..\" component"),
				       (int)len, name);
		start = i + 1;
	}
	return RELTO_OK;
}

/* Order of elem against key[0..klen) as if key were NUL-terminated. */
static int
names_cmp(const char *elem, const char *key, size_t klen)
{
	int r = strncmp(elem, key, klen);

	if (r != 0)
		return r;
	return elem[klen] != '\0';
}

/* Index of the first name not below key[0..klen). */
static size_t
names_lower(const struct tar_names *s, const char *key, size_t klen)
{
	size_t lo = 0, hi = s->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (names_cmp(s->v[mid], key, klen) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
names_has(const struct tar_names *s, const char *key, size_t klen)
{
	size_t i = names_lower(s, key, klen);

	return i < s->n && names_cmp(s->v[i], key, klen) == 0;
}

/* 1 when name is some entry's directory, or one of its parents a file. */
static int
names_clash(const struct tar_names *s, const char *name, size_t len)
{
	char dir[TAR_NAME_MAX + 2];
	size_t i;

	for (i = 0; i < len; i++)
		if (name[i] == '/' && names_has(s, name, i))
			return 1;
	memcpy(dir, name, len);
	dir[len] = '/';
	i = names_lower(s, dir, len + 1);
	return i < s->n && strncmp(s->v[i], dir, len + 1) == 0;
}

static int
names_add(struct tar_names *s, const char *name, size_t len,
	  struct relto_err *e)
{
	size_t at = names_lower(s, name, len);
	char **v;

	if (at < s->n && names_cmp(s->v[at], name, len) == 0)
		return err_set(e, RELTO_EINPUT,
			       _("the archive name \"%.*s\" appears twice"),
			       (int)len, name);
	if (names_clash(s, name, len))
		return err_set(e, RELTO_EINPUT,
			       _("the archive name \"%.*s\" is both a file "
				 "and a directory"),
			       (int)len, name);
	if (s->n == s->cap) {
		v = realloc(s->v, (s->cap ? 2 * s->cap : 16) * sizeof *v);
		if (v == NULL)
			return err_set(e, RELTO_ENOMEM, _("out of memory"));
		s->v = v;
		s->cap = s->cap ? 2 * s->cap : 16;
	}
	memmove(s->v + at + 1, s->v + at, (s->n - at) * sizeof *s->v);
	if ((s->v[at] = strndup(name, len)) == NULL) {
		memmove(s->v + at, s->v + at + 1, (s->n - at) * sizeof *s->v);
		return err_set(e, RELTO_ENOMEM, _("out of memory"));
	}
	s->n++;
	return RELTO_OK;
}

static void
names_free(struct tar_names *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof *s);
}

/* ---- header fields ---------------------------------------------------- */

static unsigned int
header_sum(const uint8_t *h)
{
	unsigned int sum = 0;
	size_t i;

	for (i = 0; i < TAR_BLOCK; i++)
		sum += i >= F_CHKSUM.off && i < F_CHKSUM.off + F_CHKSUM.len
			   ? ' '
			   : h[i];
	return sum;
}

/* Zero-filled octal in len - 1 digits and a NUL. */
static void
put_octal(uint8_t *h, struct field f, uint64_t v)
{
	char buf[16];

	snprintf(buf, sizeof buf, "%0*llo", (int)f.len - 1,
		 (unsigned long long)v);
	memcpy(h + f.off, buf, f.len);
}

/*
 * 1-len octal digits, then only NUL or space; empty (all NUL or space)
 * only when may_be_empty.  0 and *v, or -1.
 */
static int
get_octal(const uint8_t *h, struct field f, int may_be_empty, uint64_t *v)
{
	const uint8_t *p = h + f.off;
	size_t i = 0;

	*v = 0;
	while (i < f.len && p[i] >= '0' && p[i] <= '7')
		*v = *v * 8 + (uint64_t)(p[i++] - '0');
	if (i == 0 && !may_be_empty)
		return -1;
	for (; i < f.len; i++)
		if (p[i] != '\0' && p[i] != ' ')
			return -1;
	return 0;
}

/* A string field: its length, or -1 when bytes follow its first NUL. */
static long
get_string(const uint8_t *h, struct field f)
{
	const uint8_t *p = h + f.off, *nul = memchr(p, '\0', f.len);
	size_t n = nul != NULL ? (size_t)(nul - p) : f.len, i;

	for (i = n; i < f.len; i++)
		if (p[i] != '\0')
			return -1;
	return (long)n;
}

/* ---- writer ----------------------------------------------------------- */

void
tar_writer_init(struct tar_writer *w, tar_write_fn fn, void *arg)
{
	memset(w, 0, sizeof *w);
	w->write = fn;
	w->arg = arg;
	w->state = W_IDLE;
}

void
tar_writer_free(struct tar_writer *w)
{
	names_free(&w->names);
}

static int
w_fail(struct tar_writer *w, struct relto_err *e)
{
	w->state = W_FAILED;
	return e->code;
}

static int
w_put(struct tar_writer *w, const void *buf, size_t n, struct relto_err *e)
{
	if (n > 0 && w->write(w->arg, buf, n) != 0) {
		err_set(e, RELTO_EIO, _("cannot write the archive"));
		return w_fail(w, e);
	}
	return RELTO_OK;
}

static int
w_state(struct tar_writer *w, int want, struct relto_err *e)
{
	if (w->state == want)
		return RELTO_OK;
	if (w->state == W_FAILED)
		return err_set(e, RELTO_EUSAGE,
			       _("the archive already failed"));
	err_set(e, RELTO_EUSAGE, _("archive calls out of order"));
	return w_fail(w, e);
}

/* Name into name[100], or prefix[155] "/" name[100]. */
static int
w_put_name(uint8_t *h, const char *name, size_t len, struct relto_err *e)
{
	size_t i;

	if (len <= NAME_LEN) {
		memcpy(h + F_NAME.off, name, len);
		return RELTO_OK;
	}
	for (i = 0; i < len && i <= PREFIX_LEN; i++) {
		if (name[i] != '/' || len - i - 1 > NAME_LEN)
			continue;
		memcpy(h + F_PREFIX.off, name, i);
		memcpy(h + F_NAME.off, name + i + 1, len - i - 1);
		return RELTO_OK;
	}
	return err_set(e, RELTO_EINPUT,
		       _("the archive name \"%s\" cannot be split into "
			 "ustar's 155-byte prefix and 100-byte name"),
		       name);
}

static int
w_header(uint8_t *h, const char *name, uint64_t size, int64_t mtime,
	 struct relto_err *e)
{
	memset(h, 0, TAR_BLOCK);
	if (w_put_name(h, name, strlen(name), e) != RELTO_OK)
		return e->code;
	put_octal(h, F_MODE, 0644);
	put_octal(h, F_UID, 0);
	put_octal(h, F_GID, 0);
	put_octal(h, F_SIZE, size);
	put_octal(h, F_MTIME, (uint64_t)mtime);
	h[O_TYPE] = '0';
	memcpy(h + O_MAGIC, "ustar", 6);
	memcpy(h + O_VERSION, "00", 2);
	put_octal(h, F_DEVMAJ, 0);
	put_octal(h, F_DEVMIN, 0);
	snprintf((char *)h + F_CHKSUM.off, 7, "%06o", header_sum(h));
	h[F_CHKSUM.off + 7] = ' ';
	return RELTO_OK;
}

int
tar_add_begin(struct tar_writer *w, const char *name, uint64_t size,
	      int64_t mtime, struct relto_err *e)
{
	uint8_t h[TAR_BLOCK];
	size_t len = strlen(name);

	if (w_state(w, W_IDLE, e) != RELTO_OK)
		return e->code;
	if (size > TAR_NUM_MAX || mtime < 0 || (uint64_t)mtime > TAR_NUM_MAX) {
		err_set(e, RELTO_EINPUT,
			_("\"%s\" is too large, or its time out of range, for "
			  "ustar"),
			name);
		return w_fail(w, e);
	}
	if (tar_name_check(name, len, e) != RELTO_OK ||
	    w_header(h, name, size, mtime, e) != RELTO_OK ||
	    names_add(&w->names, name, len, e) != RELTO_OK)
		return w_fail(w, e);
	if (w_put(w, h, sizeof h, e) != RELTO_OK)
		return e->code;
	w->size = w->left = size;
	w->state = W_ENTRY;
	return RELTO_OK;
}

int
tar_add_data(struct tar_writer *w, const void *data, size_t n,
	     struct relto_err *e)
{
	if (w_state(w, W_ENTRY, e) != RELTO_OK)
		return e->code;
	if (n > w->left) {
		err_set(e, RELTO_EUSAGE,
			_("more data than the archive entry declared"));
		return w_fail(w, e);
	}
	w->left -= n;
	return w_put(w, data, n, e);
}

int
tar_add_end(struct tar_writer *w, struct relto_err *e)
{
	size_t pad = (size_t)((TAR_BLOCK - w->size % TAR_BLOCK) % TAR_BLOCK);

	if (w_state(w, W_ENTRY, e) != RELTO_OK)
		return e->code;
	if (w->left != 0) {
		err_set(e, RELTO_EUSAGE,
			_("less data than the archive entry declared"));
		return w_fail(w, e);
	}
	if (w_put(w, zero_block, pad, e) != RELTO_OK)
		return e->code;
	w->state = W_IDLE;
	return RELTO_OK;
}

int
tar_add(struct tar_writer *w, const char *name, const void *data, size_t len,
	int64_t mtime, struct relto_err *e)
{
	if (tar_add_begin(w, name, len, mtime, e) != RELTO_OK ||
	    tar_add_data(w, data, len, e) != RELTO_OK)
		return e->code;
	return tar_add_end(w, e);
}

int
tar_finish(struct tar_writer *w, struct relto_err *e)
{
	if (w_state(w, W_IDLE, e) != RELTO_OK ||
	    w_put(w, zero_block, TAR_BLOCK, e) != RELTO_OK ||
	    w_put(w, zero_block, TAR_BLOCK, e) != RELTO_OK)
		return e->code;
	w->state = W_DONE;
	names_free(&w->names);
	return RELTO_OK;
}

/* ---- reader: input ---------------------------------------------------- */

void
tar_reader_init(struct tar_reader *r, tar_read_fn fn, void *arg,
		const struct tar_limits *lim)
{
	memset(r, 0, sizeof *r);
	r->read = fn;
	r->arg = arg;
	if (lim != NULL)
		r->lim = *lim;
	r->state = R_HEADER;
}

void
tar_reader_free(struct tar_reader *r)
{
	names_free(&r->names);
}

static int
r_fail(struct tar_reader *r, struct relto_err *e)
{
	if (r->failed == 0)
		r->failed = e->code;
	return -1;
}

/* what NULL: prefix the message already in e with the offset. */
static int
r_bad(struct tar_reader *r, struct relto_err *e, const char *what)
{
	char msg[sizeof e->msg];
	int code = RELTO_EINPUT;

	if (what == NULL) {
		snprintf(msg, sizeof msg, "%s", e->msg);
		code = e->code;
		what = msg;
	}
	err_set(e, code, _("bad archive at byte %llu: %s"),
		(unsigned long long)r->mark, what);
	return r_fail(r, e);
}

/* Up to n bytes, fewer only at the end of input; -1 on failure. */
static ssize_t
r_fill(struct tar_reader *r, void *buf, size_t n, struct relto_err *e)
{
	size_t got = 0;
	ssize_t k;

	while (got < n) {
		k = r->read(r->arg, (uint8_t *)buf + got, n - got);
		if (k < 0) {
			err_set(e, RELTO_EIO, _("cannot read the archive"));
			return r_fail(r, e);
		}
		if (k == 0)
			break;
		got += (size_t)k;
	}
	r->offset += got;
	return (ssize_t)got;
}

/* Exactly n bytes or a truncation error. */
static int
r_exact(struct tar_reader *r, void *buf, size_t n, struct relto_err *e)
{
	ssize_t k = r_fill(r, buf, n, e);

	if (k < 0)
		return -1;
	if ((size_t)k != n)
		return r_bad(r, e, _("the archive is truncated"));
	return 0;
}

/* The zero padding after an entry's data, up to the next block. */
static int
r_padding(struct tar_reader *r, struct relto_err *e)
{
	uint8_t pad[TAR_BLOCK];
	size_t n = (size_t)((TAR_BLOCK - r->offset % TAR_BLOCK) % TAR_BLOCK);

	r->mark = r->offset;
	if (r_exact(r, pad, n, e) != 0)
		return -1;
	if (memcmp(pad, zero_block, n) != 0)
		return r_bad(r, e, _("an entry's padding is not zero"));
	return 0;
}

static int
r_rejected(struct tar_reader *r, struct relto_err *e)
{
	err_set(e, r->failed, _("the archive was already rejected"));
	return -1;
}

/* ---- reader: headers -------------------------------------------------- */

static const char *
type_name(uint8_t t)
{
	switch (t) {
	case '1':
		return _("a hard link");
	case '2':
		return _("a symbolic link");
	case '3':
	case '4':
		return _("a device");
	case '5':
		return _("a directory");
	case '6':
		return _("a FIFO");
	case '7':
		return _("a contiguous file");
	case 'x':
	case 'g':
		return _("a pax extended header");
	case 'L':
	case 'K':
		return _("a GNU long name or long link");
	default:
		return _("an entry of an unknown or GNU-specific type");
	}
}

static int
r_check_kind(struct tar_reader *r, const uint8_t *h, struct relto_err *e)
{
	uint8_t t = h[O_TYPE];

	if (memcmp(h + O_MAGIC, GNU_MAGIC, 8) == 0 && (t == '0' || t == '\0'))
		return r_bad(r, e, _("GNU tar format, not POSIX ustar"));
	if (t != '0' && t != '\0') {
		err_set(e, RELTO_EINPUT,
			_("bad archive at byte %llu: %s, where only regular "
			  "files may be"),
			(unsigned long long)r->mark, type_name(t));
		return r_fail(r, e);
	}
	if (memcmp(h + O_MAGIC, "ustar", 6) != 0 ||
	    memcmp(h + O_VERSION, "00", 2) != 0)
		return r_bad(r, e, _("not a POSIX ustar header"));
	if (get_string(h, F_LINK) != 0)
		return r_bad(r, e, _("a regular file with a link name"));
	return 0;
}

static int
r_name(struct tar_reader *r, const uint8_t *h, struct tar_entry *ent,
       struct relto_err *e)
{
	long n = get_string(h, F_NAME), p = get_string(h, F_PREFIX);
	size_t len = 0;

	if (n < 0 || p < 0)
		return r_bad(r, e, _("bytes after the end of a name"));
	if ((size_t)p + 1 + (size_t)n > TAR_NAME_MAX)
		return r_bad(r, e, _("a name longer than 255 bytes"));
	if (p > 0) {
		memcpy(ent->name, h + F_PREFIX.off, (size_t)p);
		ent->name[p] = '/';
		len = (size_t)p + 1;
	}
	memcpy(ent->name + len, h + F_NAME.off, (size_t)n);
	len += (size_t)n;
	ent->name[len] = '\0';
	if (tar_name_check(ent->name, len, e) != RELTO_OK ||
	    names_add(&r->names, ent->name, len, e) != RELTO_OK)
		return r_bad(r, e, NULL);
	return 0;
}

static int
r_numbers(struct tar_reader *r, const uint8_t *h, struct tar_entry *ent,
	  struct relto_err *e)
{
	uint64_t mode, uid, gid, mtime, dev;

	if (get_octal(h, F_MODE, 0, &mode) != 0 ||
	    get_octal(h, F_UID, 0, &uid) != 0 ||
	    get_octal(h, F_GID, 0, &gid) != 0 ||
	    get_octal(h, F_SIZE, 0, &ent->size) != 0 ||
	    get_octal(h, F_MTIME, 0, &mtime) != 0 ||
	    get_octal(h, F_DEVMAJ, 1, &dev) != 0 ||
	    get_octal(h, F_DEVMIN, 1, &dev) != 0)
		return r_bad(r, e, _("a numeric field is not octal"));
	ent->mode = (unsigned int)(mode & 07777);
	ent->mtime = (int64_t)mtime;
	return 0;
}

static int
r_limits(struct tar_reader *r, const struct tar_entry *ent, struct relto_err *e)
{
	if (r->lim.entries_max && r->entries >= r->lim.entries_max)
		return r_bad(r, e, _("too many entries"));
	if (r->lim.entry_max && ent->size > r->lim.entry_max)
		return r_bad(r, e, _("an entry is over the size limit"));
	if (r->lim.total_max && ent->size > r->lim.total_max - r->total)
		return r_bad(r, e, _("the entries are over the total limit"));
	r->entries++;
	r->total += ent->size;
	return 0;
}

static int
r_header(struct tar_reader *r, const uint8_t *h, struct tar_entry *ent,
	 struct relto_err *e)
{
	uint64_t sum;

	memset(ent, 0, sizeof *ent);
	if (get_octal(h, F_CHKSUM, 0, &sum) != 0 || sum != header_sum(h))
		r_bad(r, e, _("a header's checksum is wrong"));
	else if (r_check_kind(r, h, e) == 0 && r_numbers(r, h, ent, e) == 0 &&
		 r_name(r, h, ent, e) == 0)
		r_limits(r, ent, e);
	return r->failed ? -1 : 0;
}

/* After the first zero block: a second, then only whole zero blocks. */
static int
r_end(struct tar_reader *r, struct relto_err *e)
{
	uint8_t b[TAR_BLOCK];
	ssize_t k;
	int blocks = 0;

	for (;;) {
		r->mark = r->offset;
		if ((k = r_fill(r, b, sizeof b, e)) < 0)
			return -1;
		if (k == 0 && blocks > 0)
			break;
		if (k == 0)
			return r_bad(r, e,
				     _("the archive ends after one zero block, "
				       "not two"));
		if ((size_t)k != sizeof b || memcmp(b, zero_block, sizeof b))
			return r_bad(r, e,
				     _("data after the end-of-archive "
				       "blocks"));
		blocks++;
	}
	r->state = R_END;
	return 0;
}

static int
r_skip(struct tar_reader *r, struct relto_err *e)
{
	uint8_t buf[4096];
	ssize_t k;

	while (r->state == R_DATA)
		if ((k = tar_reader_read(r, buf, sizeof buf, e)) < 0)
			return -1;
	return 0;
}

int
tar_reader_next(struct tar_reader *r, struct tar_entry *ent,
		struct relto_err *e)
{
	uint8_t h[TAR_BLOCK];
	ssize_t k;

	if (r->failed)
		return r_rejected(r, e);
	if (r->state == R_END)
		return 0;
	if (r_skip(r, e) != 0)
		return -1;
	r->mark = r->offset;
	if ((k = r_fill(r, h, sizeof h, e)) < 0)
		return -1;
	if (k == 0)
		return r_bad(r, e,
			     _("the archive is truncated: no end-of-archive "
			       "blocks"));
	if ((size_t)k != sizeof h)
		return r_bad(r, e, _("the archive is truncated"));
	if (memcmp(h, zero_block, sizeof h) == 0)
		return r_end(r, e);
	if (r_header(r, h, ent, e) != 0)
		return -1;
	r->left = ent->size;
	r->state = R_DATA;
	if (ent->size == 0)
		r->state = R_HEADER;
	return 1;
}

ssize_t
tar_reader_read(struct tar_reader *r, void *buf, size_t n, struct relto_err *e)
{
	ssize_t k;

	if (r->failed)
		return r_rejected(r, e);
	if (r->state != R_DATA || n == 0)
		return 0;
	if (n > r->left)
		n = (size_t)r->left;
	r->mark = r->offset;
	if ((k = r_fill(r, buf, n, e)) < 0)
		return -1;
	if ((size_t)k != n)
		return r_bad(r, e, _("the archive is truncated"));
	r->left -= (uint64_t)k;
	if (r->left == 0) {
		if (r_padding(r, e) != 0)
			return -1;
		r->state = R_HEADER;
	}
	return k;
}
