/*
 * debrief.h -- the scored debrief of an exercise.  See debrief.c.
 */
#ifndef RELTO_DEBRIEF_H
#define RELTO_DEBRIEF_H

#include <stddef.h>

#include "error.h"
#include "store.h"

enum debrief_outcome {
	DEBRIEF_CORRECT,
	DEBRIEF_LATE,
	DEBRIEF_VIOLATION,
	DEBRIEF_SPILL,
	DEBRIEF_OVER_RESTRICT,
};

/* One answer of the key against what the trainee did. */
struct debrief_item {
	const struct store_answer *key;
	const char *decided; /* the trainee's decision, or NULL */
	long long game;      /* when (game seconds), or -1 */
	int exported;        /* the report went to the partner */
	int outcome;         /* enum debrief_outcome */
	int points2;         /* twice the points: LATE earns half */
};

const char *debrief_outcome_name(int outcome);
void debrief_score(struct debrief_item *it);
int debrief_write(struct store *s, char **out, size_t *len,
		  struct relto_err *e);

#endif
