/*
 * queue.h -- the export queue.  See queue.c.
 */
#ifndef RELTO_QUEUE_H
#define RELTO_QUEUE_H

#include <stdint.h>

#include "media.h"
#include "store.h"

/* What happened to one bundle in a run, for the front end to show. */
struct queue_outcome {
	const char *partner;
	const char *bundle; /* file name, or "" when none was written */
	int ok;
	const char *reason; /* why not, when !ok */
	size_t reports;
};

typedef void (*queue_outcome_fn)(const struct queue_outcome *, void *);

int queue_add(struct store *s, const char *report, const char *partner,
	      long long *id, struct relto_err *e);
int queue_cancel(struct store *s, long long id, struct relto_err *e);
int queue_retry(struct store *s, long long id, struct relto_err *e);
int queue_run(struct store *s, const char *media, media_progress_fn progress,
	      void *parg, queue_outcome_fn report, void *rarg, int *failures,
	      struct relto_err *e);

#endif
