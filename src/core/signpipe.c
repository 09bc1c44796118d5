/*
 * signpipe.c -- the outer signature's hash, computed on a second thread.
 *
 * minisign's prehash is BLAKE2b-512 over the whole ciphertext, and it is
 * the slowest step of writing a bundle (libgcrypt's BLAKE2b runs at half
 * the speed of its ChaCha20-Poly1305).  The writing thread hands the
 * ciphertext over in slots of SIGNPIPE_SLOT bytes; a worker feeds them,
 * in order, to the signer while encryption and writing go on.
 *
 * Invariants: the worker alone touches the signer between start and
 * finish; slots are consumed in the order they were filled, so the hash
 * is the one the inline path computes; finish returns only when every
 * byte handed over is hashed.  When no thread can be started the pipe
 * hashes inline, so the result never depends on threads.  The slots hold
 * ciphertext only.
 */
#include "config.h"

#include "signpipe.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define SIGNPIPE_SLOT  (1024 * 1024)
#define SIGNPIPE_SLOTS 4

struct signpipe {
	struct minisign_signer *signer;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t ready, freed;
	unsigned char *slot[SIGNPIPE_SLOTS];
	size_t len[SIGNPIPE_SLOTS];
	int head, count; /* the oldest full slot, and how many are full */
	int fill;        /* the slot the writer fills */
	int threaded, done;
};

static void *
signpipe_worker(void *arg)
{
	struct signpipe *p = arg;
	int i;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->count == 0 && !p->done)
			pthread_cond_wait(&p->ready, &p->mu);
		if (p->count == 0)
			break;
		i = p->head;
		pthread_mutex_unlock(&p->mu);
		minisign_sign_update(p->signer, p->slot[i], p->len[i]);
		pthread_mutex_lock(&p->mu);
		p->len[i] = 0;
		p->head = (p->head + 1) % SIGNPIPE_SLOTS;
		p->count--;
		pthread_cond_signal(&p->freed);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* A pipe into signer; NULL when out of memory. */
struct signpipe *
signpipe_start(struct minisign_signer *signer)
{
	struct signpipe *p = calloc(1, sizeof *p);
	int i;

	if (p == NULL)
		return NULL;
	p->signer = signer;
	for (i = 0; i < SIGNPIPE_SLOTS; i++)
		if ((p->slot[i] = malloc(SIGNPIPE_SLOT)) == NULL) {
			signpipe_finish(p);
			return NULL;
		}
	if (pthread_mutex_init(&p->mu, NULL) == 0) {
		if (pthread_cond_init(&p->ready, NULL) == 0) {
			if (pthread_cond_init(&p->freed, NULL) == 0) {
				p->threaded =
				    pthread_create(&p->thread, NULL,
						   signpipe_worker, p) == 0;
				if (!p->threaded)
					pthread_cond_destroy(&p->freed);
			}
			if (!p->threaded)
				pthread_cond_destroy(&p->ready);
		}
		if (!p->threaded)
			pthread_mutex_destroy(&p->mu);
	}
	return p;
}

/* Hand the filling slot to the worker and wait for a free one. */
static void
signpipe_pass(struct signpipe *p)
{
	pthread_mutex_lock(&p->mu);
	p->count++;
	pthread_cond_signal(&p->ready);
	while (p->count == SIGNPIPE_SLOTS)
		pthread_cond_wait(&p->freed, &p->mu);
	pthread_mutex_unlock(&p->mu);
	p->fill = (p->fill + 1) % SIGNPIPE_SLOTS;
}

/* Bytes of ciphertext, in order. */
void
signpipe_write(struct signpipe *p, const void *buf, size_t n)
{
	const unsigned char *b = buf;
	size_t k;

	if (!p->threaded) {
		minisign_sign_update(p->signer, buf, n);
		return;
	}
	while (n > 0) {
		k = SIGNPIPE_SLOT - p->len[p->fill];
		if (k > n)
			k = n;
		memcpy(p->slot[p->fill] + p->len[p->fill], b, k);
		p->len[p->fill] += k;
		b += k;
		n -= k;
		if (p->len[p->fill] == SIGNPIPE_SLOT)
			signpipe_pass(p);
	}
}

/* Wait until everything handed over is hashed; free the pipe. */
void
signpipe_finish(struct signpipe *p)
{
	int i;

	if (p == NULL)
		return;
	if (p->threaded) {
		pthread_mutex_lock(&p->mu);
		if (p->len[p->fill] > 0) {
			p->count++;
			p->fill = (p->fill + 1) % SIGNPIPE_SLOTS;
		}
		p->done = 1;
		pthread_cond_signal(&p->ready);
		pthread_mutex_unlock(&p->mu);
		pthread_join(p->thread, NULL);
		pthread_cond_destroy(&p->freed);
		pthread_cond_destroy(&p->ready);
		pthread_mutex_destroy(&p->mu);
	}
	for (i = 0; i < SIGNPIPE_SLOTS; i++)
		free(p->slot[i]);
	free(p);
}
