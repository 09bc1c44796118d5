/*
 * exercise.h -- an exercise store's clock and injects.  See exercise.c.
 */
#ifndef RELTO_EXERCISE_H
#define RELTO_EXERCISE_H

#include <time.h>

#include "error.h"
#include "store.h"

#define EXERCISE_DATE_LEN 11 /* YYYY-MM-DD and a NUL */

int exercise_attach(struct store *s, struct relto_err *e);
void exercise_file_name(const char *name, char *out, size_t cap);
int exercise_refuse(struct store *s, const char *why, struct relto_err *e);
int exercise_load(struct store *s, struct store_exercise *x, int *found,
		  struct relto_err *e);
int exercise_require(struct store *s, struct store_exercise *x,
		     struct relto_err *e);
long long exercise_game(const struct store_exercise *x, time_t now);
long long exercise_game_at(struct store *s, const struct store_exercise *x,
			   const char *utc);
int exercise_today(struct store *s, char out[EXERCISE_DATE_LEN]);
time_t exercise_wall_of(const struct store_exercise *x, long long game);
int exercise_tick(struct store *s, struct store_exercise *x,
		  struct relto_err *e);
int exercise_start(struct store *s, struct relto_err *e);
int exercise_pause(struct store *s, struct relto_err *e);
int exercise_resume(struct store *s, struct relto_err *e);
int exercise_toggle(struct store *s, struct relto_err *e);
int exercise_endex(struct store *s, struct relto_err *e);
int exercise_codeword(struct store *s, const char *typed, const char *who,
		      struct relto_err *e);
int exercise_fire(struct store *s, const char *id, struct relto_err *e);
int exercise_skip(struct store *s, const char *id, struct relto_err *e);
int exercise_viewed(struct store *s, const char *id, struct relto_err *e);
int exercise_parse_utc(const char *s, time_t *out);
int exercise_suspended(const struct store_exercise *x);
#define EXERCISE_HHMM_LEN 48
void exercise_hhmm(long long seconds, char out[EXERCISE_HHMM_LEN]);

#endif
