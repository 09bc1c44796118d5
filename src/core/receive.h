/*
 * receive.h -- a checked bundle's reports into the receiving station's
 * store.  See receive.c.
 */
#ifndef RELTO_RECEIVE_H
#define RELTO_RECEIVE_H

#include "store.h"
#include "unbundle.h"

int receive_import(struct store *s, const struct unbundle *u, size_t *count,
		   char *bundle, size_t cap, struct relto_err *e);

#endif
