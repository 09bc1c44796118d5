/*
 * media.h -- writing a file to removable media so that it is either all
 * there and verified, or not there.  See media.c.
 */
#ifndef RELTO_MEDIA_H
#define RELTO_MEDIA_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Bytes so far and expected (0 if unknown); called now and then. */
typedef void (*media_progress_fn)(uint64_t done, uint64_t total, void *arg);

struct media_file {
	int fd;
	char *dir, *name, *partial;
	uint64_t written, expected;
	void *hash; /* SHA-256 of what was written */
	media_progress_fn progress;
	void *progress_arg;
	int failed;
	struct relto_err err;
};

int media_prepare_dir(const char *dir, struct relto_err *e);
int media_open(struct media_file *m, const char *dir, const char *name,
	       uint64_t expected, struct relto_err *e);
int media_write(void *arg, const void *buf, size_t n);
int media_commit(struct media_file *m, uint8_t sha256[32], struct relto_err *e);
void media_abort(struct media_file *m);
int media_put(const char *dir, const char *name, const void *data, size_t len,
	      struct relto_err *e);
int media_clean_partials(const char *dir, struct relto_err *e);
int media_mounted(const char *dir);
const char *media_split_path(const char *path, char *dir, size_t cap);
int media_free_space(const char *dir, uint64_t *bytes, struct relto_err *e);

#endif
