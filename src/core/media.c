/*
 * media.c -- atomic, verified writes to removable media.
 *
 * A file NAME is written as NAME.PARTIAL, hashed (SHA-256) while it is
 * written, fsynced, renamed to NAME, and the directory fsynced; then it
 * is read back from the medium and its hash compared.  Only then does
 * media_commit() succeed.  On any failure -- a full medium (ENOSPC), an
 * I/O error, a read-only or vanished directory, a hash that differs on
 * read-back -- the partial or final file is removed and the error says
 * which.  A crash leaves at most a NAME.PARTIAL, which
 * media_clean_partials() removes on the next run; a NAME without
 * .PARTIAL is never left unverified by this file.
 *
 * Before writing, media_open() checks that the medium has room for the
 * expected size plus a margin.  Names are FAT-safe by the caller's
 * choice; this file only refuses path separators in them.
 */
#include "config.h"

#include "media.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gcrypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "i18n.h"

#define MEDIA_MARGIN (1024 * 1024)
#define MEDIA_SUFFIX ".PARTIAL"

int
media_free_space(const char *dir, uint64_t *bytes, struct relto_err *e)
{
	struct statvfs sv;

	if (statvfs(dir, &sv) != 0)
		return err_set(e, RELTO_EIO,
			       _("cannot read the medium at %s: %s"), dir,
			       strerror(errno));
	*bytes = (uint64_t)sv.f_bavail * (uint64_t)sv.f_frsize;
	return RELTO_OK;
}

/* The directory part of path into dir ("." when there is none); returns
   the file's name within path. */
const char *
media_split_path(const char *path, char *dir, size_t cap)
{
	const char *slash = strrchr(path, '/');

	snprintf(dir, cap, "%.*s",
		 slash == NULL   ? 1
		 : slash == path ? 1
				 : (int)(slash - path),
		 slash == NULL ? "." : path);
	return slash != NULL ? slash + 1 : path;
}

/*
 * Is dir where a file system is mounted (its device differs from its
 * parent's, or it is "/")?  1 yes, 0 no (a missing directory is no
 * mount point), -1 when it cannot be read.  A
 * medium is mounted somewhere: a plain directory is likely the wrong
 * place, and the front ends say so.
 */
int
media_mounted(const char *dir)
{
	struct stat a, b;
	char parent[4200];

	if (stat(dir, &a) != 0)
		return errno == ENOENT ? 0 : -1; /* made here: no medium */
	if ((size_t)snprintf(parent, sizeof parent, "%s/..", dir) >=
		sizeof parent ||
	    stat(parent, &b) != 0)
		return -1;
	return a.st_dev != b.st_dev || a.st_ino == b.st_ino;
}

/* The directory exists (created 0700 if not) and is writable. */
int
media_prepare_dir(const char *dir, struct relto_err *e)
{
	struct stat st;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return err_set(e, RELTO_EIO, _("cannot create %s: %s"), dir,
			       strerror(errno));
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return err_set(e, RELTO_EIO, _("%s is not a directory"), dir);
	if (access(dir, W_OK) != 0)
		return err_set(e, RELTO_EIO,
			       _("the medium at %s is not writable: %s"), dir,
			       strerror(errno));
	return RELTO_OK;
}

static char *
media_join(const char *dir, const char *name, const char *suffix)
{
	size_t n = strlen(dir) + strlen(name) + strlen(suffix) + 2;
	char *p = malloc(n);

	if (p != NULL)
		snprintf(p, n, "%s/%s%s", dir, name, suffix);
	return p;
}

static void
media_release(struct media_file *m)
{
	if (m->fd >= 0)
		close(m->fd);
	m->fd = -1;
	if (m->hash != NULL)
		gcry_md_close(m->hash);
	m->hash = NULL;
	free(m->dir);
	free(m->name);
	free(m->partial);
	m->dir = m->name = m->partial = NULL;
}

int
media_open(struct media_file *m, const char *dir, const char *name,
	   uint64_t expected, struct relto_err *e)
{
	gcry_md_hd_t h;
	uint64_t space;

	memset(m, 0, sizeof *m);
	m->fd = -1;
	if (strchr(name, '/') != NULL || name[0] == '.' || name[0] == '\0')
		return err_set(e, RELTO_EUSAGE, _("'%s' is not a file name"),
			       name);
	if (media_free_space(dir, &space, e) != RELTO_OK)
		return e->code;
	if (expected + MEDIA_MARGIN > space)
		return err_set(e, RELTO_EIO,
			       _("the medium at %s has %llu MB free; %s needs "
				 "%llu MB"),
			       dir, (unsigned long long)(space >> 20), name,
			       (unsigned long long)((expected >> 20) + 1));
	if (gcry_md_open(&h, GCRY_MD_SHA256, 0) != 0)
		return err_set(e, RELTO_ECRYPTO, _("cannot hash"));
	m->hash = h;
	m->dir = strdup(dir);
	m->name = strdup(name);
	m->partial = media_join(dir, name, MEDIA_SUFFIX);
	m->expected = expected;
	if (m->dir == NULL || m->name == NULL || m->partial == NULL) {
		media_release(m);
		return err_set(e, RELTO_ENOMEM, _("out of memory"));
	}
	m->fd =
	    open(m->partial,
		 O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (m->fd < 0) {
		err_set(e, RELTO_EIO, _("cannot write %s: %s"), m->partial,
			strerror(errno));
		media_release(m);
		return e->code;
	}
	return RELTO_OK;
}

/* A write callback for the bundle writer: arg is the media_file. */
int
media_write(void *arg, const void *buf, size_t n)
{
	struct media_file *m = arg;
	const uint8_t *p = buf;
	ssize_t w;

	if (m->failed)
		return -1;
	gcry_md_write(m->hash, buf, n);
	while (n > 0) {
		w = write(m->fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			err_set(&m->err, RELTO_EIO,
				errno == ENOSPC ? _("the medium is full")
						: _("cannot write %s: %s"),
				m->partial, strerror(errno));
			m->failed = 1;
			return -1;
		}
		p += w;
		n -= (size_t)w;
		m->written += (uint64_t)w;
	}
	if (m->progress != NULL)
		m->progress(m->written, m->expected, m->progress_arg);
	return 0;
}

static int
media_sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Read path back and hash it. */
static int
media_readback(const char *path, uint8_t out[32])
{
	static uint8_t buf[65536];
	gcry_md_hd_t h;
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	/* Ask the kernel to drop its cached copy so the medium is read. */
	posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	if (gcry_md_open(&h, GCRY_MD_SHA256, 0) != 0) {
		close(fd);
		return -1;
	}
	while ((r = read(fd, buf, sizeof buf)) > 0)
		gcry_md_write(h, buf, (size_t)r);
	close(fd);
	if (r == 0)
		memcpy(out, gcry_md_read(h, GCRY_MD_SHA256), 32);
	gcry_md_close(h);
	return r == 0 ? 0 : -1;
}

int
media_commit(struct media_file *m, uint8_t sha256[32], struct relto_err *e)
{
	uint8_t again[32];
	char *final = media_join(m->dir, m->name, "");
	int rc = RELTO_OK;

	if (m->failed)
		rc = err_set(e, m->err.code, "%s", m->err.msg);
	else if (final == NULL)
		rc = err_set(e, RELTO_ENOMEM, _("out of memory"));
	else if (fsync(m->fd) != 0 || close(m->fd) != 0)
		rc = err_set(e, RELTO_EIO, _("cannot write %s: %s"), m->partial,
			     strerror(errno));
	m->fd = -1;
	if (rc == RELTO_OK) {
		memcpy(sha256, gcry_md_read(m->hash, GCRY_MD_SHA256), 32);
		if (rename(m->partial, final) != 0 ||
		    media_sync_dir(m->dir) != 0)
			rc = err_set(e, RELTO_EIO, _("cannot write %s: %s"),
				     final, strerror(errno));
	}
	if (rc == RELTO_OK && (media_readback(final, again) != 0 ||
			       memcmp(again, sha256, 32) != 0))
		rc = err_set(e, RELTO_EIO,
			     _("%s does not read back as written: the medium "
			       "is faulty or was removed"),
			     final);
	if (rc != RELTO_OK) {
		unlink(m->partial);
		if (final != NULL)
			unlink(final);
	}
	free(final);
	media_release(m);
	return rc;
}

/* A small file written whole, atomically and verified. */
int
media_put(const char *dir, const char *name, const void *data, size_t len,
	  struct relto_err *e)
{
	struct media_file m;
	uint8_t hash[32];

	if (media_open(&m, dir, name, len, e) != RELTO_OK)
		return e->code;
	media_write(&m, data, len);
	return media_commit(&m, hash, e);
}

void
media_abort(struct media_file *m)
{
	if (m->partial != NULL)
		unlink(m->partial);
	media_release(m);
}

/* Remove what a crash left: every *.PARTIAL in dir. */
int
media_clean_partials(const char *dir, struct relto_err *e)
{
	struct dirent *d;
	size_t n, k = strlen(MEDIA_SUFFIX);
	char *path;
	DIR *dp = opendir(dir);

	if (dp == NULL)
		return errno == ENOENT
			   ? RELTO_OK
			   : err_set(e, RELTO_EIO, _("cannot read %s: %s"), dir,
				     strerror(errno));
	while ((d = readdir(dp)) != NULL) {
		n = strlen(d->d_name);
		if (n <= k || strcmp(d->d_name + n - k, MEDIA_SUFFIX) != 0)
			continue;
		path = media_join(dir, d->d_name, "");
		if (path != NULL)
			unlink(path);
		free(path);
	}
	closedir(dp);
	return RELTO_OK;
}
