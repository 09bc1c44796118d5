/*
 * termscan-test.c -- tests for src/core/termscan.c through its own API:
 * what a run reports and in which order (by end, longest first at one
 * end), ranks of terms alike in any case, the window [from, limit) and
 * the boundary before from, an empty dictionary.  The matching itself is
 * checked at length against a naive matcher in sanitize-test.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "termscan.h"

struct found {
	char buf[512];
};

static void
note(void *arg, size_t start, size_t end, size_t term)
{
	struct found *f = arg;
	size_t n = strlen(f->buf);

	snprintf(f->buf + n, sizeof f->buf - n, "%s%zu-%zu:%zu", n ? " " : "",
		 start, end, term);
}

static const char *
run(const struct termscan *s, const char *text, size_t from, size_t limit)
{
	static struct found f;

	f.buf[0] = '\0';
	termscan_run(s, (const unsigned char *)text, strlen(text), from, limit,
		     note, &f);
	return f.buf;
}

static struct termscan *
make(const char *const *words, const int *ranks, size_t n)
{
	struct termscan_term t[8];
	size_t i;

	for (i = 0; i < n; i++) {
		t[i].text = words[i];
		t[i].len = strlen(words[i]);
		t[i].rank = ranks != NULL ? ranks[i] : 0;
	}
	return termscan_new(t, n);
}

int
main(void)
{
	static const char *const birds[] = {"BLUE", "BLUE HERON", "HERON",
					    "OAK"};
	static const char *const oaks[] = {"oak", "OAK", "Oak"};
	static const int ranks[] = {1, 5, 5};
	struct termscan *s;

	s = make(NULL, NULL, 0);
	ok(s != NULL, "an empty dictionary compiles");
	is(run(s, "blue heron", 0, 10), "", "and finds nothing");
	termscan_free(s);

	s = make(birds, NULL, 4);
	is(run(s, "blue heron oak", 0, 14), "0-4:0 0-10:1 5-10:2 11-14:3",
	   "by end, longest first at one end, case folded");
	is(run(s, "BLUEHERON blue-heron oaks", 0, 25), "10-14:0 15-20:2",
	   "only at word boundaries ('-' is one; a term's space is a space)");
	is(run(s, "oak oak oak", 4, 8), "4-7:3", "starts in [from, limit)");
	is(run(s, "xoak oak", 1, 8), "5-8:3",
	   "the byte before from is a boundary to respect");
	is(run(s, "oak blue her", 0, 12), "0-3:3 4-8:0",
	   "a term cut short by the text's end is not found");
	termscan_free(s);

	s = make(oaks, ranks, 3);
	is(run(s, "OAK", 0, 3), "0-3:1",
	   "terms alike in any case: the higher rank, the first on a tie");
	termscan_free(s);
	termscan_free(NULL);
	ok(1, "termscan_free(NULL) is a no-op");
	done_testing();
	return exit_status();
}
