/*
 * tar.h -- a deterministic POSIX ustar writer and a strict reader, both
 * streaming through callbacks.  See tar.c for the format and the rules.
 */
#ifndef RELTO_TAR_H
#define RELTO_TAR_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"

#define TAR_BLOCK    512
#define TAR_NAME_MAX 255
/* Eleven octal digits: the largest size and mtime ustar can hold. */
#define TAR_NUM_MAX 077777777777ULL

/* Write all n bytes; 0 on success, anything else on failure. */
typedef int (*tar_write_fn)(void *arg, const void *buf, size_t n);
/* Read up to n bytes; the count, 0 at end of input, -1 on failure. */
typedef ssize_t (*tar_read_fn)(void *arg, void *buf, size_t n);

/* Names seen so far, sorted, to refuse duplicates and file/dir clashes. */
struct tar_names {
	char **v;
	size_t n, cap;
};

struct tar_writer {
	tar_write_fn write;
	void *arg;
	struct tar_names names;
	uint64_t left; /* data bytes the open entry still expects */
	uint64_t size; /* the open entry's size */
	int state;
};

/* Reader limits; 0 means no limit beyond the format's own. */
struct tar_limits {
	uint64_t entry_max; /* bytes in one entry */
	uint64_t total_max; /* bytes in all entries together */
	size_t entries_max; /* number of entries */
};

struct tar_entry {
	char name[TAR_NAME_MAX + 1];
	uint64_t size;
	int64_t mtime;
	unsigned int mode;
};

struct tar_reader {
	tar_read_fn read;
	void *arg;
	struct tar_limits lim;
	struct tar_names names;
	uint64_t offset; /* bytes consumed so far */
	uint64_t mark;   /* where the block or piece being read starts */
	uint64_t left;   /* data bytes of the current entry not yet read */
	uint64_t total;
	size_t entries;
	int state;
	int failed; /* the first error's code, once rejected */
};

/* The one name rule both sides apply; see tar.c. */
int tar_name_check(const char *name, size_t len, struct relto_err *e);

void tar_writer_init(struct tar_writer *w, tar_write_fn fn, void *arg);
int tar_add(struct tar_writer *w, const char *name, const void *data,
	    size_t len, int64_t mtime, struct relto_err *e);
int tar_add_begin(struct tar_writer *w, const char *name, uint64_t size,
		  int64_t mtime, struct relto_err *e);
int tar_add_data(struct tar_writer *w, const void *data, size_t n,
		 struct relto_err *e);
int tar_add_end(struct tar_writer *w, struct relto_err *e);
/* The two zero blocks that end the archive. */
int tar_finish(struct tar_writer *w, struct relto_err *e);
void tar_writer_free(struct tar_writer *w);

/* lim may be NULL for no limits. */
void tar_reader_init(struct tar_reader *r, tar_read_fn fn, void *arg,
		     const struct tar_limits *lim);
/* 1 and *ent filled, 0 at the (verified) end, -1 with e set. */
int tar_reader_next(struct tar_reader *r, struct tar_entry *ent,
		    struct relto_err *e);
/* The current entry's data: the count, 0 at its end, -1 with e set. */
ssize_t tar_reader_read(struct tar_reader *r, void *buf, size_t n,
			struct relto_err *e);
void tar_reader_free(struct tar_reader *r);

#endif
