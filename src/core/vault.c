/*
 * vault.c -- an encrypting VFS shim over SQLite's "unix" VFS, and the
 * life cycle of a store file: create, unlock, change passphrase, verify.
 *
 * File layout.  The store file is a 4096-byte key block (keyblock.c)
 * followed by SQLite's pages; the shim shifts every offset, size and
 * truncation of the main database by 4096.  SQLite runs with 4096-byte
 * pages and 32 reserved bytes at the end of each.  A page is sealed with
 * AES-256-GCM under a key derived from the data key and a fresh random
 * 96-bit nonce per write:
 *
 *   [0, 4064)     ciphertext of what SQLite wrote there
 *   [4064, 4076)  nonce
 *   [4076, 4092)  tag
 *   [4092, 4096)  zero, authenticated
 *
 * The associated data is file id | file kind | page number | the last four
 * bytes, so a page moved to another place, another file kind or another
 * store fails its tag.  Page 1 is sealed whole, SQLite's header included;
 * the file does not begin with "SQLite format 3".  SQLite sees zeros in
 * the reserved bytes.
 *
 * Journals.  Rollback-journal page images and WAL frame pages are sealed
 * the same way; the page number comes from the bytes SQLite wrote just
 * before the page (the journal record's page number, the WAL frame
 * header), read back from the file.  Journal and WAL headers carry no
 * content and stay as SQLite wrote them.  Any write the shim does not
 * recognise as a header or a whole page is refused, so an unexpected
 * write pattern fails loudly instead of writing plaintext.
 *
 * Temporary files.  The shim opens only the main database, its rollback
 * journal and its WAL; every other file (temporary databases, statement
 * journals, sorter files) is refused, and the connection runs with
 * temp_store=MEMORY so SQLite never asks.  No mmap: the I/O methods are
 * version 2, without xFetch.
 *
 * Failures.  A page whose tag fails is reported as SQLITE_IOERR_DATA and
 * its buffer zeroed; the fault names the page for vault_error().  In a
 * WAL, a frame that fails is returned as zeros instead, so SQLite's own
 * frame checksum ends the log there: a torn frame left by a crash is
 * normal in a WAL.  (relto uses the rollback journal; WAL is kept for
 * measurement.)  Replacing the whole file with an older copy of itself
 * cannot be detected by page tags.
 *
 * States of a struct vault:
 *
 *   vault_create / vault_open --> OPEN --vault_close--> (freed)
 *
 * While OPEN, the process holds an open-file-description write lock on
 * byte 0 of the file, so a second relto process is told the store is in
 * use instead of waiting; SQLite runs in exclusive locking mode.
 */
#include "config.h"

#include "vault.h"

#include <errno.h>
#include <fcntl.h>
#include <gcrypt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto.h"
#include "i18n.h"

#define VAULT_BODY          (VAULT_PAGE - VAULT_RESERVE)
#define VAULT_NONCE         12
#define VAULT_TAG           16
#define VAULT_AD_LEN        (KEYBLOCK_FILEID_LEN + 1 + 4 + 4)
#define VAULT_WAL_HDR       32
#define VAULT_WAL_FRAME_HDR 24
#define VAULT_WAL_FRAME     (VAULT_WAL_FRAME_HDR + VAULT_PAGE)

enum vault_kind {
	VAULT_KIND_DB = 'D',
	VAULT_KIND_JOURNAL = 'J',
	VAULT_KIND_WAL = 'W',
};

struct vault {
	char *path;
	int fd; /* key block I/O and the lock */
	struct keyblock kb;
	int slot;
	uint8_t *dk; /* data key, secure memory: needed to rewrap */
	gcry_cipher_hd_t gcm;
	uint8_t raw[VAULT_PAGE]; /* sealed page scratch */
	uint8_t plain[VAULT_PAGE];
	sqlite3_vfs vfs;
	sqlite3_vfs *base;
	char vfs_name[48];
	sqlite3 *db;
	struct relto_err fault;
	char fingerprint[40];
};

struct vault_file {
	sqlite3_file base;
	struct vault *v;
	int kind;
	sqlite3_file *real;
	/*
	 * The page number SQLite last wrote or read just before a page
	 * image (journal record, WAL frame header), and where that image
	 * starts: saves reading it back from the file.
	 */
	sqlite3_int64 hint_off;
	uint32_t hint_pgno;
};

static uint32_t
vault_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void
vault_ad(const struct vault *v, int kind, uint32_t pgno, const uint8_t *spare,
	 uint8_t ad[VAULT_AD_LEN])
{
	memcpy(ad, keyblock_file_id(&v->kb), KEYBLOCK_FILEID_LEN);
	ad[16] = (uint8_t)kind;
	ad[17] = (uint8_t)(pgno >> 24);
	ad[18] = (uint8_t)(pgno >> 16);
	ad[19] = (uint8_t)(pgno >> 8);
	ad[20] = (uint8_t)pgno;
	memcpy(ad + 21, spare, 4);
}

/* plain (VAULT_PAGE bytes, reserve ignored) -> sealed out. */
static int
vault_seal(struct vault *v, int kind, uint32_t pgno, const uint8_t *plain,
	   uint8_t *out)
{
	uint8_t ad[VAULT_AD_LEN], *nonce = out + VAULT_BODY;

	crypto_nonce(nonce, VAULT_NONCE);
	memset(out + VAULT_BODY + VAULT_NONCE + VAULT_TAG, 0, 4);
	vault_ad(v, kind, pgno, out + VAULT_PAGE - 4, ad);
	if (gcry_cipher_setiv(v->gcm, nonce, VAULT_NONCE) != 0 ||
	    gcry_cipher_authenticate(v->gcm, ad, sizeof ad) != 0 ||
	    gcry_cipher_encrypt(v->gcm, out, VAULT_BODY, plain, VAULT_BODY) !=
		0 ||
	    gcry_cipher_gettag(v->gcm, out + VAULT_BODY + VAULT_NONCE,
			       VAULT_TAG) != 0)
		return -1;
	return 0;
}

/* sealed in -> plain out (reserve zeroed); -1 when the tag fails. */
static int
vault_unseal(struct vault *v, int kind, uint32_t pgno, const uint8_t *in,
	     uint8_t *out)
{
	uint8_t ad[VAULT_AD_LEN];

	vault_ad(v, kind, pgno, in + VAULT_PAGE - 4, ad);
	if (gcry_cipher_setiv(v->gcm, in + VAULT_BODY, VAULT_NONCE) != 0 ||
	    gcry_cipher_authenticate(v->gcm, ad, sizeof ad) != 0 ||
	    gcry_cipher_decrypt(v->gcm, out, VAULT_BODY, in, VAULT_BODY) != 0 ||
	    gcry_cipher_checktag(v->gcm, in + VAULT_BODY + VAULT_NONCE,
				 VAULT_TAG) != 0) {
		crypto_wipe(out, VAULT_PAGE);
		return -1;
	}
	memset(out + VAULT_BODY, 0, VAULT_RESERVE);
	return 0;
}

static const char *
vault_kind_name(int kind)
{
	switch (kind) {
	case VAULT_KIND_JOURNAL:
		return _("rollback journal");
	case VAULT_KIND_WAL:
		return _("write-ahead log");
	default:
		return _("store");
	}
}

static int
vault_fault(struct vault *v, int kind, uint32_t pgno)
{
	if (v->fault.code == RELTO_OK)
		err_set(&v->fault, RELTO_ECORRUPT,
			_("page %u of the %s failed authentication: the file "
			  "has been altered or damaged"),
			(unsigned)pgno, vault_kind_name(kind));
	return SQLITE_IOERR_DATA;
}

static int
vault_refuse(struct vault *v, const char *what)
{
	if (v->fault.code == RELTO_OK)
		err_set(&v->fault, RELTO_EIO,
			_("the encryption layer refused %s"), what);
	return SQLITE_IOERR_WRITE;
}

/* ---- I/O methods -------------------------------------------------- */

static int
vf_close(sqlite3_file *file)
{
	struct vault_file *f = (struct vault_file *)file;

	return f->real->pMethods->xClose(f->real);
}

static int
vf_raw_read(struct vault_file *f, void *buf, int amt, sqlite3_int64 off)
{
	return f->real->pMethods->xRead(f->real, buf, amt, off);
}

/* One main-database page into v->plain; 1 when wholly past the end. */
static int
vf_db_page(struct vault_file *f, uint32_t pgno)
{
	struct vault *v = f->v;
	sqlite3_int64 off = KEYBLOCK_SIZE +
			    (sqlite3_int64)(pgno - 1) * VAULT_PAGE,
		      size;
	int rc;

	rc = vf_raw_read(f, v->raw, VAULT_PAGE, off);
	if (rc == SQLITE_IOERR_SHORT_READ) {
		if (f->real->pMethods->xFileSize(f->real, &size) != SQLITE_OK)
			return SQLITE_IOERR_READ;
		if (size > off)
			return vault_fault(v, f->kind, pgno);
		memset(v->plain, 0, VAULT_PAGE);
		return 1;
	}
	if (rc != SQLITE_OK)
		return rc;
	if (vault_unseal(v, VAULT_KIND_DB, pgno, v->raw, v->plain) != 0)
		return vault_fault(v, f->kind, pgno);
	return SQLITE_OK;
}

static int
vf_read_db(struct vault_file *f, void *buf, int amt, sqlite3_int64 off)
{
	uint8_t *out = buf;
	int rc, n, at, short_read = 0;
	uint32_t pgno;

	/* The common case, a whole page: opened in place, no copy. */
	if (amt == VAULT_PAGE && off % VAULT_PAGE == 0) {
		pgno = (uint32_t)(off / VAULT_PAGE) + 1;
		rc = vf_raw_read(f, buf, VAULT_PAGE, off + KEYBLOCK_SIZE);
		if (rc == SQLITE_OK) {
			if (vault_unseal(f->v, VAULT_KIND_DB, pgno, buf, buf))
				return vault_fault(f->v, f->kind, pgno);
			return SQLITE_OK;
		}
		if (rc != SQLITE_IOERR_SHORT_READ)
			return rc;
	}
	while (amt > 0) {
		pgno = (uint32_t)(off / VAULT_PAGE) + 1;
		at = (int)(off % VAULT_PAGE);
		n = VAULT_PAGE - at < amt ? VAULT_PAGE - at : amt;
		rc = vf_db_page(f, pgno);
		if (rc == 1)
			short_read = 1;
		else if (rc != SQLITE_OK) {
			memset(buf, 0,
			       (size_t)(out - (uint8_t *)buf) + (size_t)amt);
			return rc;
		}
		memcpy(out, f->v->plain + at, (size_t)n);
		out += n;
		off += n;
		amt -= n;
	}
	return short_read ? SQLITE_IOERR_SHORT_READ : SQLITE_OK;
}

/* Is [off, off+4096) a page image in a rollback journal? */
static int
vf_journal_page(sqlite3_int64 off)
{
	/*
	 * Journal headers start at multiples of the sector size, itself a
	 * multiple of 512.  A page image starts 4 + 4104k bytes after a
	 * header (after its record's page number), which is 4 + 8k modulo
	 * 512: never a multiple of 512.
	 */
	return off % 512 != 0;
}

/* Is [off, off+4096) a frame's page in a WAL? */
static int
vf_wal_page(sqlite3_int64 off)
{
	return off >= VAULT_WAL_HDR + VAULT_WAL_FRAME_HDR &&
	       (off - VAULT_WAL_HDR - VAULT_WAL_FRAME_HDR) % VAULT_WAL_FRAME ==
		   0;
}

/* The page number SQLite wrote before the page image at off. */
static int
vf_pgno_before(struct vault_file *f, sqlite3_int64 off, uint32_t *pgno)
{
	uint8_t b[4];
	sqlite3_int64 at =
	    off - (f->kind == VAULT_KIND_WAL ? VAULT_WAL_FRAME_HDR : 4);
	int rc;

	if (f->hint_off == off && off > 0) {
		*pgno = f->hint_pgno;
		return SQLITE_OK;
	}
	rc = vf_raw_read(f, b, 4, at);
	*pgno = vault_get32(b);
	return rc;
}

/* SQLite moved a page number (4 bytes, or a 24-byte frame header). */
static void
vf_note_pgno(struct vault_file *f, const void *buf, int amt, sqlite3_int64 off)
{
	if (f->kind == VAULT_KIND_JOURNAL && amt == 4) {
		f->hint_off = off + 4;
		f->hint_pgno = vault_get32(buf);
	} else if (f->kind == VAULT_KIND_WAL && amt == VAULT_WAL_FRAME_HDR &&
		   vf_wal_page(off + VAULT_WAL_FRAME_HDR)) {
		f->hint_off = off + VAULT_WAL_FRAME_HDR;
		f->hint_pgno = vault_get32(buf);
	}
}

static int
vf_read_journal(struct vault_file *f, void *buf, int amt, sqlite3_int64 off)
{
	uint32_t pgno;
	int rc;

	if (amt != VAULT_PAGE || !vf_journal_page(off)) {
		rc = vf_raw_read(f, buf, amt, off);
		if (rc == SQLITE_OK)
			vf_note_pgno(f, buf, amt, off);
		return rc;
	}
	rc = vf_pgno_before(f, off, &pgno);
	if (rc == SQLITE_OK)
		rc = vf_raw_read(f, f->v->raw, VAULT_PAGE, off);
	if (rc != SQLITE_OK)
		return rc;
	if (vault_unseal(f->v, VAULT_KIND_JOURNAL, pgno, f->v->raw, buf) != 0)
		return vault_fault(f->v, f->kind, pgno);
	return SQLITE_OK;
}

/*
 * A frame page in place at p (in buf, raw), its number known.  A frame
 * that fails reads as zeros: SQLite's checksum then ends the log there.
 */
static void
vf_wal_open(struct vault_file *f, uint8_t *p, uint32_t pgno)
{
	if (vault_unseal(f->v, VAULT_KIND_WAL, pgno, p, p) != 0)
		memset(p, 0, VAULT_PAGE);
}

/* The WAL: raw read, then every frame page overlapped is opened. */
static int
vf_read_wal(struct vault_file *f, void *buf, int amt, sqlite3_int64 off)
{
	sqlite3_int64 first, p, end = off + amt, lo, hi;
	uint32_t pgno;
	int rc, prc;

	/* The two shapes SQLite uses: a frame's page, a whole frame. */
	if (amt == VAULT_PAGE && vf_wal_page(off)) {
		rc = vf_pgno_before(f, off, &pgno);
		if (rc == SQLITE_OK)
			rc = vf_raw_read(f, buf, amt, off);
		if (rc == SQLITE_OK)
			vf_wal_open(f, buf, pgno);
		return rc;
	}
	if (amt == VAULT_WAL_FRAME && vf_wal_page(off + VAULT_WAL_FRAME_HDR)) {
		rc = vf_raw_read(f, buf, amt, off);
		if (rc == SQLITE_OK)
			vf_wal_open(f, (uint8_t *)buf + VAULT_WAL_FRAME_HDR,
				    vault_get32(buf));
		return rc;
	}
	rc = vf_raw_read(f, buf, amt, off);
	if (rc == SQLITE_OK)
		vf_note_pgno(f, buf, amt, off);
	if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ)
		return rc;
	first = VAULT_WAL_HDR + VAULT_WAL_FRAME_HDR;
	if (off > first)
		first += (off - first) / VAULT_WAL_FRAME * VAULT_WAL_FRAME;
	for (p = first; p < end; p += VAULT_WAL_FRAME) {
		if (p + VAULT_PAGE <= off)
			continue;
		prc = vf_pgno_before(f, p, &pgno);
		if (prc == SQLITE_OK)
			prc = vf_raw_read(f, f->v->raw, VAULT_PAGE, p);
		if (prc == SQLITE_OK &&
		    vault_unseal(f->v, VAULT_KIND_WAL, pgno, f->v->raw,
				 f->v->plain) != 0)
			memset(f->v->plain, 0, VAULT_PAGE);
		else if (prc != SQLITE_OK)
			memset(f->v->plain, 0, VAULT_PAGE);
		lo = p > off ? p : off;
		hi = p + VAULT_PAGE < end ? p + VAULT_PAGE : end;
		memcpy((uint8_t *)buf + (lo - off), f->v->plain + (lo - p),
		       (size_t)(hi - lo));
	}
	return rc;
}

static int
vf_read(sqlite3_file *file, void *buf, int amt, sqlite3_int64 off)
{
	struct vault_file *f = (struct vault_file *)file;

	switch (f->kind) {
	case VAULT_KIND_DB:
		return vf_read_db(f, buf, amt, off);
	case VAULT_KIND_JOURNAL:
		return vf_read_journal(f, buf, amt, off);
	default:
		return vf_read_wal(f, buf, amt, off);
	}
}

static int
vf_write_sealed(struct vault_file *f, int kind, uint32_t pgno, const void *buf,
		sqlite3_int64 off)
{
	struct vault *v = f->v;

	if (vault_seal(v, kind, pgno, buf, v->raw) != 0)
		return vault_refuse(v, _("to seal a page"));
	return f->real->pMethods->xWrite(f->real, v->raw, VAULT_PAGE, off);
}

static int
vf_write(sqlite3_file *file, const void *buf, int amt, sqlite3_int64 off)
{
	struct vault_file *f = (struct vault_file *)file;
	uint32_t pgno;
	int rc;

	switch (f->kind) {
	case VAULT_KIND_DB:
		if (amt != VAULT_PAGE || off % VAULT_PAGE != 0)
			return vault_refuse(f->v, _("a partial page write"));
		pgno = (uint32_t)(off / VAULT_PAGE) + 1;
		return vf_write_sealed(f, VAULT_KIND_DB, pgno, buf,
				       off + KEYBLOCK_SIZE);
	case VAULT_KIND_JOURNAL:
		if (amt == VAULT_PAGE && vf_journal_page(off))
			break;
		if (amt == 4 || (off % 512 == 0 && amt <= VAULT_PAGE)) {
			vf_note_pgno(f, buf, amt, off);
			return f->real->pMethods->xWrite(f->real, buf, amt,
							 off);
		}
		return vault_refuse(f->v, _("an unexpected journal write"));
	default:
		if (amt == VAULT_PAGE && vf_wal_page(off))
			break;
		if ((off == 0 && amt == VAULT_WAL_HDR) ||
		    (amt == VAULT_WAL_FRAME_HDR &&
		     vf_wal_page(off + VAULT_WAL_FRAME_HDR))) {
			vf_note_pgno(f, buf, amt, off);
			return f->real->pMethods->xWrite(f->real, buf, amt,
							 off);
		}
		return vault_refuse(f->v, _("an unexpected WAL write"));
	}
	rc = vf_pgno_before(f, off, &pgno);
	if (rc != SQLITE_OK)
		return rc;
	return vf_write_sealed(f, f->kind, pgno, buf, off);
}

static int
vf_truncate(sqlite3_file *file, sqlite3_int64 size)
{
	struct vault_file *f = (struct vault_file *)file;

	if (f->kind == VAULT_KIND_DB)
		size += KEYBLOCK_SIZE;
	return f->real->pMethods->xTruncate(f->real, size);
}

static int
vf_sync(sqlite3_file *file, int flags)
{
	struct vault_file *f = (struct vault_file *)file;

	return f->real->pMethods->xSync(f->real, flags);
}

static int
vf_file_size(sqlite3_file *file, sqlite3_int64 *size)
{
	struct vault_file *f = (struct vault_file *)file;
	int rc = f->real->pMethods->xFileSize(f->real, size);

	if (rc == SQLITE_OK && f->kind == VAULT_KIND_DB)
		*size = *size > KEYBLOCK_SIZE ? *size - KEYBLOCK_SIZE : 0;
	return rc;
}

static int
vf_lock(sqlite3_file *file, int lock)
{
	struct vault_file *f = (struct vault_file *)file;

	return f->real->pMethods->xLock(f->real, lock);
}

static int
vf_unlock(sqlite3_file *file, int lock)
{
	struct vault_file *f = (struct vault_file *)file;

	return f->real->pMethods->xUnlock(f->real, lock);
}

static int
vf_check_reserved(sqlite3_file *file, int *out)
{
	struct vault_file *f = (struct vault_file *)file;

	return f->real->pMethods->xCheckReservedLock(f->real, out);
}

static int
vf_file_control(sqlite3_file *file, int op, void *arg)
{
	struct vault_file *f = (struct vault_file *)file;

	switch (op) {
	case SQLITE_FCNTL_SIZE_HINT:
	case SQLITE_FCNTL_CHUNK_SIZE:
		/* Sizes here are unshifted; growing the file is ours. */
		return SQLITE_OK;
	case SQLITE_FCNTL_MMAP_SIZE:
		*(sqlite3_int64 *)arg = 0;
		return SQLITE_OK;
	case SQLITE_FCNTL_TEMPFILENAME:
		return SQLITE_NOTFOUND;
	default:
		return f->real->pMethods->xFileControl(f->real, op, arg);
	}
}

static int
vf_sector_size(sqlite3_file *file)
{
	(void)file;
	return VAULT_PAGE;
}

static int
vf_device_characteristics(sqlite3_file *file)
{
	struct vault_file *f = (struct vault_file *)file;

	/* No atomic-write claims: every page goes through the journal. */
	return f->real->pMethods->xDeviceCharacteristics(f->real) &
	       SQLITE_IOCAP_POWERSAFE_OVERWRITE;
}

static int
vf_shm_map(sqlite3_file *file, int pg, int sz, int extend, void volatile **pp)
{
	struct vault_file *f = (struct vault_file *)file;

	return f->real->pMethods->xShmMap(f->real, pg, sz, extend, pp);
}

static int
vf_shm_lock(sqlite3_file *file, int offset, int n, int flags)
{
	struct vault_file *f = (struct vault_file *)file;

	return f->real->pMethods->xShmLock(f->real, offset, n, flags);
}

static void
vf_shm_barrier(sqlite3_file *file)
{
	struct vault_file *f = (struct vault_file *)file;

	f->real->pMethods->xShmBarrier(f->real);
}

static int
vf_shm_unmap(sqlite3_file *file, int del)
{
	struct vault_file *f = (struct vault_file *)file;

	return f->real->pMethods->xShmUnmap(f->real, del);
}

static const sqlite3_io_methods vault_io = {
    2, /* no xFetch/xUnfetch: SQLite cannot mmap the file */
    vf_close,
    vf_read,
    vf_write,
    vf_truncate,
    vf_sync,
    vf_file_size,
    vf_lock,
    vf_unlock,
    vf_check_reserved,
    vf_file_control,
    vf_sector_size,
    vf_device_characteristics,
    vf_shm_map,
    vf_shm_lock,
    vf_shm_barrier,
    vf_shm_unmap,
    NULL,
    NULL,
};

/* ---- the VFS ------------------------------------------------------- */

static int
vfs_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags,
	 int *out_flags)
{
	struct vault *v = vfs->pAppData;
	struct vault_file *f = (struct vault_file *)file;
	int rc;

	memset(f, 0, sizeof *f);
	if (flags & SQLITE_OPEN_MAIN_DB)
		f->kind = VAULT_KIND_DB;
	else if (flags & SQLITE_OPEN_MAIN_JOURNAL)
		f->kind = VAULT_KIND_JOURNAL;
	else if (flags & SQLITE_OPEN_WAL)
		f->kind = VAULT_KIND_WAL;
	else {
		if (v->fault.code == RELTO_OK)
			err_set(&v->fault, RELTO_EIO,
				_("the encryption layer refused to open a "
				  "temporary file"));
		return SQLITE_CANTOPEN;
	}
	f->v = v;
	f->real = (sqlite3_file *)(f + 1);
	rc = v->base->xOpen(v->base, name, f->real, flags, out_flags);
	if (rc == SQLITE_OK)
		f->base.pMethods = &vault_io;
	return rc;
}

static int
vfs_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	struct vault *v = vfs->pAppData;

	return v->base->xDelete(v->base, name, sync_dir);
}

static int
vfs_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	struct vault *v = vfs->pAppData;

	return v->base->xAccess(v->base, name, flags, out);
}

static int
vfs_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	struct vault *v = vfs->pAppData;

	return v->base->xFullPathname(v->base, name, n, out);
}

static int
vfs_randomness(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	crypto_nonce(out, (size_t)n);
	return n;
}

static int
vfs_sleep(sqlite3_vfs *vfs, int us)
{
	struct vault *v = vfs->pAppData;

	return v->base->xSleep(v->base, us);
}

static int
vfs_current_time(sqlite3_vfs *vfs, double *t)
{
	struct vault *v = vfs->pAppData;

	return v->base->xCurrentTime(v->base, t);
}

static int
vfs_last_error(sqlite3_vfs *vfs, int n, char *out)
{
	struct vault *v = vfs->pAppData;

	return v->base->xGetLastError(v->base, n, out);
}

static int
vfs_current_time64(sqlite3_vfs *vfs, sqlite3_int64 *t)
{
	struct vault *v = vfs->pAppData;

	return v->base->xCurrentTimeInt64(v->base, t);
}

static int
vault_register(struct vault *v, struct relto_err *e)
{
	v->base = sqlite3_vfs_find("unix");
	if (v->base == NULL)
		return err_set(e, RELTO_EIO, _("SQLite has no unix VFS"));
	snprintf(v->vfs_name, sizeof v->vfs_name, "relto-%p", (void *)v);
	memset(&v->vfs, 0, sizeof v->vfs);
	v->vfs.iVersion = 2;
	v->vfs.szOsFile = (int)sizeof(struct vault_file) + v->base->szOsFile;
	v->vfs.mxPathname = v->base->mxPathname;
	v->vfs.zName = v->vfs_name;
	v->vfs.pAppData = v;
	v->vfs.xOpen = vfs_open;
	v->vfs.xDelete = vfs_delete;
	v->vfs.xAccess = vfs_access;
	v->vfs.xFullPathname = vfs_full_pathname;
	v->vfs.xRandomness = vfs_randomness;
	v->vfs.xSleep = vfs_sleep;
	v->vfs.xCurrentTime = vfs_current_time;
	v->vfs.xGetLastError = vfs_last_error;
	v->vfs.xCurrentTimeInt64 = vfs_current_time64;
	if (sqlite3_vfs_register(&v->vfs, 0) != SQLITE_OK)
		return err_set(e, RELTO_EIO,
			       _("cannot register the encryption layer"));
	return RELTO_OK;
}

/* ---- life cycle ---------------------------------------------------- */

static struct vault *
vault_alloc(const char *path)
{
	struct vault *v = calloc(1, sizeof *v);

	if (v == NULL)
		return NULL;
	v->fd = -1;
	v->path = strdup(path);
	v->dk = crypto_secure_alloc(KEYBLOCK_KEYLEN);
	if (v->path == NULL || v->dk == NULL) {
		crypto_secure_free(v->dk, KEYBLOCK_KEYLEN);
		free(v->path);
		free(v);
		return NULL;
	}
	return v;
}

static void
vault_free(struct vault *v)
{
	if (v == NULL)
		return;
	if (v->db != NULL)
		sqlite3_close(v->db);
	if (v->base != NULL)
		sqlite3_vfs_unregister(&v->vfs);
	if (v->gcm != NULL)
		gcry_cipher_close(v->gcm);
	if (v->fd >= 0)
		close(v->fd);
	crypto_secure_free(v->dk, KEYBLOCK_KEYLEN);
	crypto_wipe(v->plain, sizeof v->plain);
	free(v->path);
	free(v);
}

/* Another relto process holding the store gets a message, not a wait. */
static int
vault_lock(struct vault *v, struct relto_err *e)
{
	struct flock fl = {
	    .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1};

	if (fcntl(v->fd, F_OFD_SETLK, &fl) == 0)
		return RELTO_OK;
	if (errno == EAGAIN || errno == EACCES)
		return err_set(e, RELTO_EBUSY,
			       _("%s is open in another relto process"),
			       v->path);
	return err_set(e, RELTO_EIO, _("cannot lock %s: %s"), v->path,
		       strerror(errno));
}

static int
vault_keys(struct vault *v, const uint8_t *dk, struct relto_err *e)
{
	uint8_t *pk = crypto_secure_alloc(KEYBLOCK_KEYLEN);
	gcry_error_t ge;

	if (pk == NULL)
		return err_set(e, RELTO_ENOMEM, _("out of secure memory"));
	ge = gcry_cipher_open(&v->gcm, GCRY_CIPHER_AES256, GCRY_CIPHER_MODE_GCM,
			      GCRY_CIPHER_SECURE);
	if (ge == 0 &&
	    crypto_hkdf(keyblock_file_id(&v->kb), KEYBLOCK_FILEID_LEN, dk,
			KEYBLOCK_KEYLEN, "relto page key v1", 17, pk,
			KEYBLOCK_KEYLEN) != RELTO_OK)
		ge = GPG_ERR_GENERAL;
	if (ge == 0)
		ge = gcry_cipher_setkey(v->gcm, pk, KEYBLOCK_KEYLEN);
	crypto_secure_free(pk, KEYBLOCK_KEYLEN);
	if (ge != 0)
		return err_set(e, RELTO_ECRYPTO,
			       _("cannot set up page encryption: %s"),
			       gcry_strerror(ge));
	return RELTO_OK;
}

static int
vault_write_all(int fd, const void *buf, size_t n, off_t off)
{
	const uint8_t *p = buf;
	ssize_t w;

	while (n > 0) {
		w = pwrite(fd, p, n, off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
		off += w;
	}
	return 0;
}

static int
vault_sync_dir(const char *path)
{
	char *copy = strdup(path);
	int fd, rc = -1;

	if (copy == NULL)
		return -1;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		rc = fsync(fd);
		close(fd);
	}
	free(copy);
	return rc;
}

/* Pragmas every connection runs with; see the design comment. */
static const char vault_pragmas[] = "PRAGMA locking_mode=EXCLUSIVE;"
				    "PRAGMA temp_store=MEMORY;"
				    "PRAGMA mmap_size=0;"
				    "PRAGMA secure_delete=ON;"
				    "PRAGMA foreign_keys=ON;"
				    "PRAGMA synchronous=FULL;"
				    "PRAGMA cell_size_check=ON;"
				    "PRAGMA cache_size=-16384;"
				    "PRAGMA journal_mode=TRUNCATE;";

static int
vault_connect(struct vault *v, int create, struct relto_err *e)
{
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_EXRESCODE |
		    (create ? SQLITE_OPEN_CREATE : 0);
	int reserve = VAULT_RESERVE, rc;

	if (vault_register(v, e) != RELTO_OK)
		return e->code;
	rc = sqlite3_open_v2(v->path, &v->db, flags, v->vfs_name);
	if (rc == SQLITE_OK && create) {
		rc = sqlite3_file_control(v->db, "main",
					  SQLITE_FCNTL_RESERVE_BYTES, &reserve);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(v->db, "PRAGMA page_size=4096", NULL,
					  NULL, NULL);
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(v->db, vault_pragmas, NULL, NULL, NULL);
	/* Reading the schema authenticates page 1. */
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(v->db, "SELECT count(*) FROM sqlite_schema",
				  NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return vault_error(v, rc, e);
	return RELTO_OK;
}

int
vault_create(const char *path, const char *pass, size_t len,
	     const struct keyblock_kdf *kdf,
	     char recovery[KEYBLOCK_RECOVERY_TEXT], struct vault **out,
	     struct relto_err *e)
{
	struct vault *v;
	uint8_t *dk, rk[KEYBLOCK_RECOVERY_BYTES];
	int slot, rc;

	if (keyblock_kdf_check(kdf, e) != RELTO_OK)
		return e->code;
	if ((v = vault_alloc(path)) == NULL)
		return err_set(e, RELTO_ENOMEM, _("out of memory"));
	v->fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		     0600);
	if (v->fd < 0) {
		rc = err_set(e, errno == EEXIST ? RELTO_EEXIST : RELTO_EIO,
			     errno == EEXIST
				 ? _("%s already exists; refusing to "
				     "overwrite it")
				 : _("cannot create %s: %s"),
			     path, strerror(errno));
		vault_free(v);
		return rc;
	}
	rc = vault_lock(v, e);
	dk = v->dk;
	if (rc == RELTO_OK) {
		crypto_random(dk, KEYBLOCK_KEYLEN);
		crypto_random(rk, sizeof rk);
		keyblock_init(&v->kb);
		rc = keyblock_set_passphrase(&v->kb, dk, pass, len, kdf, &slot,
					     e);
	}
	if (rc == RELTO_OK)
		rc = keyblock_set_recovery(&v->kb, dk, rk, e);
	if (rc == RELTO_OK &&
	    (vault_write_all(v->fd, v->kb.raw, KEYBLOCK_SIZE, 0) != 0 ||
	     fsync(v->fd) != 0 || vault_sync_dir(path) != 0))
		rc = err_set(e, RELTO_EIO, _("cannot write %s: %s"), path,
			     strerror(errno));
	if (rc == RELTO_OK)
		rc = vault_keys(v, dk, e);
	if (rc == RELTO_OK)
		rc = vault_connect(v, 1, e);
	if (rc != RELTO_OK) {
		crypto_wipe(rk, sizeof rk);
		unlink(path);
		vault_free(v);
		return rc;
	}
	keyblock_recovery_format(rk, recovery);
	crypto_wipe(rk, sizeof rk);
	v->slot = slot;
	*out = v;
	return RELTO_OK;
}

static int
vault_read_keyblock(struct vault *v, struct relto_err *e)
{
	ssize_t n;

	n = pread(v->fd, v->kb.raw, KEYBLOCK_SIZE, 0);
	if (n < 0)
		return err_set(e, RELTO_EIO, _("cannot read %s: %s"), v->path,
			       strerror(errno));
	if (n < KEYBLOCK_SIZE) {
		if (n >= 16 && memcmp(v->kb.raw, "SQLite format 3", 16) == 0)
			return keyblock_check(&v->kb, e);
		return err_set(e, RELTO_ENOTSTORE, _("%s is not a relto store"),
			       v->path);
	}
	return keyblock_check(&v->kb, e);
}

/* An interrupted passphrase change left an older slot behind: erase it. */
static int
vault_finish_change(struct vault *v, struct relto_err *e)
{
	int stale = keyblock_stale_slot(&v->kb, v->slot);
	size_t off;

	if (stale < 0)
		return RELTO_OK;
	keyblock_erase_slot(&v->kb, stale);
	off = keyblock_slot_offset(stale);
	if (vault_write_all(v->fd, v->kb.raw + off, 256, (off_t)off) != 0 ||
	    fsync(v->fd) != 0)
		return err_set(e, RELTO_EIO, _("cannot write %s: %s"), v->path,
			       strerror(errno));
	return RELTO_OK;
}

int
vault_open(const char *path, int kind, const char *secret, size_t len,
	   struct vault **out, struct relto_err *e)
{
	struct vault *v;
	int rc;

	if ((v = vault_alloc(path)) == NULL)
		return err_set(e, RELTO_ENOMEM, _("out of memory"));
	v->fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
	if (v->fd < 0) {
		rc = err_set(e, errno == ENOENT ? RELTO_EFAIL : RELTO_EIO,
			     errno == ENOENT
				 ? _("there is no store at %s; create one with "
				     "'relto init'")
				 : _("cannot open %s: %s"),
			     path, strerror(errno));
		vault_free(v);
		return rc;
	}
	rc = vault_lock(v, e);
	if (rc == RELTO_OK)
		rc = vault_read_keyblock(v, e);
	if (rc == RELTO_OK)
		rc = keyblock_unlock(&v->kb, kind, secret, len, v->dk, &v->slot,
				     e);
	if (rc == RELTO_OK)
		rc = vault_keys(v, v->dk, e);
	if (rc == RELTO_OK)
		rc = vault_connect(v, 0, e);
	if (rc == RELTO_OK && kind == KEYBLOCK_PASSPHRASE)
		rc = vault_finish_change(v, e);
	if (rc != RELTO_OK) {
		vault_free(v);
		return rc;
	}
	*out = v;
	return RELTO_OK;
}

int
vault_set_journal(struct vault *v, int mode, struct relto_err *e)
{
	const char *sql = mode == VAULT_WAL ? "PRAGMA journal_mode=WAL"
					    : "PRAGMA journal_mode=TRUNCATE";
	int rc = sqlite3_exec(v->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? RELTO_OK : vault_error(v, rc, e);
}

sqlite3 *
vault_db(struct vault *v)
{
	return v->db;
}

/* The store's file id, as four groups of eight hex digits. */
const char *
vault_fingerprint(struct vault *v)
{
	const uint8_t *id = keyblock_file_id(&v->kb);
	char *o = v->fingerprint;
	int i;

	for (i = 0; i < 16; i++)
		o +=
		    sprintf(o, "%s%02X", i > 0 && i % 4 == 0 ? " " : "", id[i]);
	return v->fingerprint;
}

const char *
vault_path(const struct vault *v)
{
	return v->path;
}

int
vault_passwd(struct vault *v, const char *pass, size_t len,
	     const struct keyblock_kdf *kdf, struct relto_err *e)
{
	struct keyblock kb = v->kb;
	struct keyblock_kdf cur;
	int slot;
	size_t off;

	/* Keep the cost the store had: the passphrase slot's settings. */
	if (kdf == NULL) {
		if (keyblock_slot_kdf(&v->kb, 0, &cur) != RELTO_OK &&
		    keyblock_slot_kdf(&v->kb, 1, &cur) != RELTO_OK)
			cur = keyblock_kdf_default;
		kdf = &cur;
	}
	if (keyblock_set_passphrase(&kb, v->dk, pass, len, kdf, &slot, e) !=
	    RELTO_OK)
		return e->code;
	off = keyblock_slot_offset(slot);
	if (vault_write_all(v->fd, kb.raw + off, 256, (off_t)off) != 0 ||
	    fsync(v->fd) != 0)
		return err_set(e, RELTO_EIO, _("cannot write %s: %s"), v->path,
			       strerror(errno));
	v->kb = kb;
	v->slot = slot;
	return vault_finish_change(v, e);
}

/* Page 1's header: page count valid when version-valid-for matches. */
static int
vault_header_count_ok(const uint8_t *p1, uint64_t pages)
{
	if (vault_get32(p1 + 92) != vault_get32(p1 + 24))
		return 1;
	return vault_get32(p1 + 28) == pages;
}

int
vault_verify(struct vault *v, struct vault_report *r, struct relto_err *e)
{
	struct stat st;
	uint64_t i;
	ssize_t n;

	memset(r, 0, sizeof *r);
	if (fstat(v->fd, &st) != 0)
		return err_set(e, RELTO_EIO, _("cannot read %s: %s"), v->path,
			       strerror(errno));
	r->length_ok = st.st_size >= KEYBLOCK_SIZE &&
		       (st.st_size - KEYBLOCK_SIZE) % VAULT_PAGE == 0;
	r->pages = st.st_size > KEYBLOCK_SIZE
		       ? (uint64_t)(st.st_size - KEYBLOCK_SIZE) / VAULT_PAGE
		       : 0;
	r->count_ok = 1;
	r->keyblock_ok = keyblock_verify(&v->kb, v->dk) == 0;
	for (i = 0; i < r->pages; i++) {
		n = pread(v->fd, v->raw, VAULT_PAGE,
			  (off_t)(KEYBLOCK_SIZE + i * VAULT_PAGE));
		if (n != VAULT_PAGE)
			return err_set(e, RELTO_EIO, _("cannot read %s: %s"),
				       v->path, strerror(n < 0 ? errno : EIO));
		if (vault_unseal(v, VAULT_KIND_DB, (uint32_t)i + 1, v->raw,
				 v->plain) != 0) {
			if (r->bad_pages < 8)
				r->first_bad[r->bad_pages] = (uint32_t)i + 1;
			r->bad_pages++;
		} else if (i == 0)
			r->count_ok = vault_header_count_ok(v->plain, r->pages);
	}
	crypto_wipe(v->plain, sizeof v->plain);
	return RELTO_OK;
}

/* Turn a failed SQLite call into a message, preferring the shim's. */
int
vault_error(struct vault *v, int sqlite_rc, struct relto_err *e)
{
	if (v->fault.code != RELTO_OK) {
		*e = v->fault;
		err_clear(&v->fault);
		return e->code;
	}
	switch (sqlite_rc & 0xff) {
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return err_set(e, RELTO_ECORRUPT, _("the store is damaged: %s"),
			       v->db != NULL ? sqlite3_errmsg(v->db)
					     : sqlite3_errstr(sqlite_rc));
	case SQLITE_FULL:
		return err_set(e, RELTO_EIO, _("the disk is full"));
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return err_set(e, RELTO_EBUSY, _("%s is busy"), v->path);
	default:
		return err_set(e, RELTO_EIO, _("store error: %s"),
			       v->db != NULL ? sqlite3_errmsg(v->db)
					     : sqlite3_errstr(sqlite_rc));
	}
}

void
vault_close(struct vault *v)
{
	vault_free(v);
}
