/*
 * signpipe.h -- a signer's hash on a second thread.  See signpipe.c.
 */
#ifndef RELTO_SIGNPIPE_H
#define RELTO_SIGNPIPE_H

#include <stddef.h>

#include "minisign.h"

struct signpipe;

struct signpipe *signpipe_start(struct minisign_signer *signer);
void signpipe_write(struct signpipe *p, const void *buf, size_t n);
void signpipe_finish(struct signpipe *p);

#endif
