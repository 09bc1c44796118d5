/*
 * unbundle.h -- checking and opening a bundle: the partner's side.
 */
#ifndef RELTO_UNBUNDLE_H
#define RELTO_UNBUNDLE_H

#include <stddef.h>
#include <stdint.h>

#include "age.h"
#include "error.h"
#include "minisign.h"

#define UNBUNDLE_MAX_BYTES (1024ULL * 1024 * 1024) /* opened in memory */

struct unbundle_file {
	char *name;
	uint8_t *data;
	size_t len;
};

struct unbundle {
	struct unbundle_file *f;
	size_t n;
	char trusted[512]; /* the outer signature's trusted comment */
};

int unbundle_verify(const char *path, const char *sigpath,
		    const struct minisign_pub *station, char *trusted,
		    size_t cap, struct relto_err *e);
int unbundle_open(const char *path, const uint8_t identity[AGE_X25519_LEN],
		  const struct minisign_pub *station, struct unbundle *u,
		  struct relto_err *e);
int unbundle_write(const struct unbundle *u, const char *dir,
		   struct relto_err *e);
void unbundle_free(struct unbundle *u);
int unbundle_identity_file(const char *path, uint8_t *secret,
			   struct relto_err *e);

#endif
