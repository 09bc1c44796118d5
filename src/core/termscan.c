/*
 * termscan.c -- find a dictionary's terms in a text: each term at word
 * boundaries, ASCII letters in either case, every other byte as it is.
 * The sanitizer's term matcher (sanitize.c says what a match is).
 *
 * What it owns.  A struct termscan is a compiled dictionary: the
 * automaton and the filters below.  Running it never changes it: one
 * serves any number of runs, from any number of threads.  termscan_run()
 * reports, through its callback, every place a term matches that starts
 * in [from, limit), by increasing end and, at one end, longest first; of
 * two terms alike in any case, only the one of higher rank (the first,
 * on a tie).
 *
 * The automaton.  An Aho-Corasick automaton over byte classes (each ASCII
 * letter with its other case, each digit, each other byte that occurs in
 * a term, and two classes for every other byte: letter-or-digit or not).
 * The failure function is restricted to word starts: a state stands for
 * the longest suffix of the text read that begins where a term may begin
 * (after a byte that is not a letter or digit) and is a prefix of a term,
 * and two roots stand for the empty suffix, one where a term may begin
 * (the trie root) and one inside a word, where none can.  No candidate
 * ever fails its left boundary, and the right boundary is one byte test.
 * The roots, the states ROW_DEPTH bytes deep or less (where a scan
 * spends its time) and those with many children have a row of next
 * states by class, with a flag where a term ends; the others a short list
 * of children and a failure state, so the automaton stays in the caches
 * (10,000 terms: about 1 MB).
 *
 * Skipping.  Most of a text lies inside words that no term starts, where
 * the automaton would sit in a root.  So the scan does not feed it every
 * byte: 64 bytes at a time (scanmask.c) it finds the places a term may
 * start -- after a byte that is not a letter or digit, at a byte some
 * term begins with -- and keeps those whose head is a term's: the first
 * 8 bytes of the word there (case folded; all of it if shorter), or, for
 * a term of two words or more, those of the pair (see head_hash), looked
 * up in bitmaps of hashes.  From each place kept it runs the automaton
 * until it is back at a root, which covers every start it passes, and
 * looks again from there.  A place skipped is one no term can begin at,
 * so skipping loses nothing.
 *
 * Complexity.  termscan_new() is O(S * C) time for S states (at most the
 * total bytes of the terms, plus 2) and C classes (at most 232), O(S + R *
 * C) space for R rows, plus the filters' fixed 384 KB; a run is O(n + z)
 * for n bytes of text and z occurrences (each failure step is paid for by
 * the byte that deepened the state, each output is reached by one
 * dictionary link).
 */
#include "config.h"

#include "termscan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scanmask.h"

#define NONE       UINT32_MAX
#define KID_SCAN   8           /* children looked up by a scan, more by a row */
#define OUT_FLAG   0x80000000u /* in a row: a term ends in the next state */
#define ROW_DEPTH  3     /* states this deep or less have rows: the busy ones */
#define ROOT_A     0u    /* no partial match, inside a word: no term starts */
#define ROOT_B     1u    /* no partial match, a term may start: the trie root */
#define C_OTHER    0     /* class of the other bytes, not letters or digits */
#define C_ALNUM    1     /* class of the other letters and digits */
#define HEAD       8     /* bytes of a word the head filter keeps */
#define HEAD_BITS  20    /* its size: 1 << HEAD_BITS bits */
#define HEAD_PAIR  0x100 /* salts the hash of a pair of words' head */
#define HEAD_WORD  1     /* a head's slot: a term of one word has it */
#define HEAD_MULTI 2     /* a term of more words begins with the word */
#define STRIDE     (SCANMASK_BYTES - HEAD) /* places a mask decides */

/*
 * A state of the automaton.  States below nrow have a row: where state u
 * goes on each class is dense[u * nclass + class], with OUT_FLAG set
 * where a term ends there (the roots, the states ROW_DEPTH bytes deep or
 * less, the states with more than KID_SCAN children).  Each other state
 * has its nkid trie children in kid_cls/kid_to[kid..kid + nkid) and on
 * any other class goes where its failure state goes.
 */
struct ts_state {
	uint32_t kid;
	uint32_t fail; /* the longest proper suffix that is a state */
	uint32_t term; /* the term it spells, or NONE */
	uint32_t dict; /* next state down the failure chain that spells a
			  term, or NONE */
	uint16_t nkid;
	uint16_t depth; /* the bytes it spells */
};

struct termscan {
	size_t nterm;

	unsigned char cls[256];   /* byte -> class */
	unsigned char alnum[256]; /* class -> letter or digit */
	unsigned nclass;
	size_t nstate, nrow;
	struct ts_state *state;    /* [nstate] */
	unsigned char *kid_cls;    /* [trie edges]: each edge's class */
	uint32_t *kid_to;          /* [trie edges]: the state it leads to */
	uint32_t *dense;           /* [nrow * nclass]: next states by class */
	unsigned char *head;       /* [1 << HEAD_BITS slots of 2 bits]: by
				      head_hash of its word, a term of one word
				      (HEAD_WORD) or more (HEAD_MULTI) */
	unsigned char *pair;       /* [1 << HEAD_BITS bits]: the head_hash of
				      the pair a term of more words begins
				      with */
	struct scanmask_set first; /* the bytes a term begins with */
	int odd_start; /* some term begins with a byte that is not a letter
			  or digit */
};

/* A run over one text. */
struct run {
	const struct termscan *s;
	const unsigned char *p;
	size_t len, limit;
	termscan_emit emit;
	void *arg;
};

static unsigned char
fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static int
left_ok(const unsigned char *p, size_t i)
{
	return i == 0 || !scanmask_isalnum(p[i - 1]);
}

/* ---- compiling -------------------------------------------------------- */

/* Classes: each letter with its other case, each other byte in a term. */
static void
build_classes(struct termscan *s, const struct termscan_term *terms)
{
	unsigned char used[256] = {0};
	unsigned c, n = 2;
	size_t i, k;

	for (i = 0; i < s->nterm; i++)
		for (k = 0; k < terms[i].len; k++)
			used[fold((unsigned char)terms[i].text[k])] = 1;
	memset(s->alnum, 0, sizeof s->alnum);
	s->alnum[C_ALNUM] = 1;
	for (c = 0; c < 256; c++) {
		if (fold((unsigned char)c) != c)
			continue;
		if (!used[c]) {
			s->cls[c] = scanmask_isalnum((unsigned char)c)
					? C_ALNUM
					: C_OTHER;
			continue;
		}
		s->alnum[n] = (unsigned char)scanmask_isalnum((unsigned char)c);
		s->cls[c] = (unsigned char)n++;
	}
	for (c = 'A'; c <= 'Z'; c++)
		s->cls[c] = s->cls[c + 32];
	s->nclass = n;
}

/* The trie while it is built: each node's children in a list. */
struct trie {
	uint32_t *kid, *next; /* first child, next sibling; 0 for none */
	unsigned char *cls;   /* the class of the edge into the node */
	uint16_t *depth;
	uint32_t *term;
	size_t n, cap;
};

static void
trie_free(struct trie *t)
{
	free(t->kid);
	free(t->next);
	free(t->cls);
	free(t->depth);
	free(t->term);
}

static int
trie_alloc(struct termscan *s, struct trie *t,
	   const struct termscan_term *terms)
{
	size_t i;

	t->cap = 2;
	for (i = 0; i < s->nterm; i++)
		t->cap += terms[i].len;
	if (t->cap >= NONE / s->nclass)
		return 0;
	t->kid = calloc(t->cap, sizeof *t->kid);
	t->next = calloc(t->cap, sizeof *t->next);
	t->cls = malloc(t->cap);
	t->depth = calloc(t->cap, sizeof *t->depth);
	t->term = malloc(t->cap * sizeof *t->term);
	if (t->kid == NULL || t->next == NULL || t->cls == NULL ||
	    t->depth == NULL || t->term == NULL)
		return 0;
	for (i = 0; i < t->cap; i++)
		t->term[i] = NONE;
	t->n = 2;
	return 1;
}

static void
trie_insert(struct termscan *s, struct trie *t,
	    const struct termscan_term *terms, size_t k)
{
	const unsigned char *p = (const unsigned char *)terms[k].text;
	uint32_t u = ROOT_B, v;
	unsigned char c;
	size_t i;

	for (i = 0; i < terms[k].len; i++, u = v) {
		c = s->cls[p[i]];
		for (v = t->kid[u]; v != 0 && t->cls[v] != c; v = t->next[v])
			;
		if (v != 0)
			continue;
		v = (uint32_t)t->n++;
		t->cls[v] = c;
		t->depth[v] = (uint16_t)(i + 1);
		t->next[v] = t->kid[u];
		t->kid[u] = v;
	}
	if (t->term[u] == NONE || terms[k].rank > terms[t->term[u]].rank)
		t->term[u] = (uint32_t)k;
}

/* A root goes on a class to the root that class leaves. */
static uint32_t
root_of(const struct termscan *s, size_t c)
{
	return s->alnum[c] ? ROOT_A : ROOT_B;
}

static uint16_t
trie_kids(const struct trie *t, uint32_t v)
{
	uint16_t n = 0;

	for (v = t->kid[v]; v != 0; v = t->next[v])
		n++;
	return n;
}

/* Whether trie node v gets a row: a root, shallow, or with many children. */
static int
trie_row(const struct trie *t, uint32_t v)
{
	return v <= ROOT_B || t->depth[v] <= ROW_DEPTH ||
	       trie_kids(t, v) > KID_SCAN;
}

/* Node v as state id[v]: those with rows first, in the trie's order. */
static size_t
automaton_number(const struct trie *t, uint32_t *id)
{
	size_t rows = 0, n;
	uint32_t v;

	for (v = 0; v < t->n; v++)
		if (trie_row(t, v))
			id[v] = (uint32_t)rows++;
	n = rows;
	for (v = 0; v < t->n; v++)
		if (!trie_row(t, v))
			id[v] = (uint32_t)n++;
	return rows;
}

/* Each state's term, and its children: in its row, or in a list. */
static void
automaton_fill(struct termscan *s, const struct trie *t, const uint32_t *id)
{
	size_t nc = s->nclass, kids = 0, c;
	struct ts_state *st;
	uint32_t v, w, *row;

	for (v = 0; v < t->n; v++) {
		st = &s->state[id[v]];
		st->term = t->term[v];
		st->dict = NONE;
		st->nkid = trie_kids(t, v);
		st->depth = t->depth[v];
		if (id[v] >= s->nrow) {
			st->kid = (uint32_t)kids;
			for (w = t->kid[v]; w != 0; w = t->next[w]) {
				s->kid_cls[kids] = t->cls[w];
				s->kid_to[kids++] = id[w];
			}
			continue;
		}
		row = &s->dense[(size_t)id[v] * nc];
		for (c = 0; c < nc; c++)
			row[c] = v <= ROOT_B ? root_of(s, c) : NONE;
		for (w = t->kid[v]; w != 0; w = t->next[w])
			row[t->cls[w]] = id[w];
	}
}

static int
automaton_pack(struct termscan *s, const struct trie *t, uint32_t *id)
{
	s->nrow = automaton_number(t, id);
	s->nstate = t->n;
	s->state = calloc(t->n, sizeof *s->state);
	s->dense = malloc(s->nrow * s->nclass * sizeof *s->dense);
	s->kid_cls = malloc(t->n);
	s->kid_to = malloc(t->n * sizeof *s->kid_to);
	if (s->state == NULL || s->dense == NULL || s->kid_cls == NULL ||
	    s->kid_to == NULL)
		return 0;
	automaton_fill(s, t, id);
	return 1;
}

/*
 * Where state u goes on class c: its child, else where its failure state
 * goes.  Rows are complete once linked (NONE before), so this ends; a
 * scan takes O(1) steps a byte amortized, each failure step being paid
 * for by the byte that deepened the state.
 */
static uint32_t
automaton_next(const struct termscan *s, uint32_t u, unsigned c)
{
	const struct ts_state *st;
	uint32_t i, v;

	for (;;) {
		if (u < s->nrow) {
			if ((v = s->dense[(size_t)u * s->nclass + c]) != NONE)
				return v & ~OUT_FLAG;
		} else {
			st = &s->state[u];
			for (i = 0; i < st->nkid; i++)
				if (s->kid_cls[st->kid + i] == c)
					return s->kid_to[st->kid + i];
		}
		u = s->state[u].fail;
	}
}

static int
automaton_out(const struct termscan *s, uint32_t u)
{
	return s->state[u].term != NONE || s->state[u].dict != NONE;
}

/* A row made complete: where the failure state goes, for no child. */
static void
automaton_row(struct termscan *s, uint32_t u)
{
	uint32_t *row = &s->dense[(size_t)u * s->nclass], c;

	for (c = 0; c < s->nclass; c++)
		if (row[c] == NONE)
			row[c] = automaton_next(s, s->state[u].fail, c);
}

/*
 * Failure states breadth first, so a state's (always shallower) is
 * linked before it: a child's is where its parent's failure state goes
 * on its class, and the trie root's children fail to the root their
 * class leaves.  Then the rows' entries are flagged where a term ends.
 */
static int
automaton_link(struct termscan *s, const struct trie *t, const uint32_t *id)
{
	size_t head = 0, tail = 0, i;
	uint32_t *queue, u, v, w, f;

	if ((queue = malloc(t->n * sizeof *queue)) == NULL)
		return 0;
	for (w = t->kid[ROOT_B]; w != 0; w = t->next[w]) {
		s->state[id[w]].fail = root_of(s, t->cls[w]);
		queue[tail++] = w;
	}
	while (head < tail) {
		v = queue[head++];
		u = id[v];
		f = s->state[u].fail;
		s->state[u].dict =
		    s->state[f].term != NONE ? f : s->state[f].dict;
		if (u < s->nrow)
			automaton_row(s, u);
		for (w = t->kid[v]; w != 0; w = t->next[w]) {
			s->state[id[w]].fail = automaton_next(s, f, t->cls[w]);
			queue[tail++] = w;
		}
	}
	free(queue);
	for (i = 0; i < s->nrow * s->nclass; i++)
		if (automaton_out(s, s->dense[i]))
			s->dense[i] |= OUT_FLAG;
	return 1;
}

/* The two cases of an ASCII letter, or the byte itself twice. */
static void
cases(unsigned char c, unsigned char v[2])
{
	v[0] = fold(c);
	v[1] = v[0] >= 'a' && v[0] <= 'z' ? (unsigned char)(v[0] - 32) : v[0];
}

static void
bit_set(unsigned char *map, unsigned i)
{
	map[i >> 3] |= (unsigned char)(1u << (i & 7));
}

static unsigned
bit_get(const unsigned char *map, unsigned i)
{
	return map[i >> 3] >> (i & 7) & 1;
}

/* Slots of 2 bits: HEAD_WORD, HEAD_MULTI, or both. */
static void
slot_set(unsigned char *map, unsigned i, unsigned v)
{
	map[i >> 2] |= (unsigned char)(v << (i & 3) * 2);
}

static unsigned
slot_get(const unsigned char *map, unsigned i)
{
	return map[i >> 2] >> (i & 3) * 2 & 3;
}

/*
 * A head: the first n bytes at a place (n <= HEAD), each with bit 5 set,
 * hashed with n and a salt.  The head of a word is its first HEAD bytes or
 * all of it (none at a byte that is not a letter or digit), that of a
 * pair of words runs to the end of the second (see head_spans).  A term
 * has the head of the pair it begins with, or of its word if it has no
 * second word before HEAD.  Where it matches, the text has the same head:
 * the term's words end where the text's do (by its right boundary, or at
 * its next byte that is not a letter or digit), and bit 5 makes both
 * cases of a letter one byte and keeps equal bytes equal.  p[0..HEAD) is
 * read.
 */
static unsigned
head_hash(const unsigned char *p, unsigned n, unsigned salt)
{
	static const unsigned char keep[HEAD + 1][HEAD] = {
	    {0},
	    {0xff},
	    {0xff, 0xff},
	    {0xff, 0xff, 0xff},
	    {0xff, 0xff, 0xff, 0xff},
	    {0xff, 0xff, 0xff, 0xff, 0xff},
	    {0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
	    {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
	    {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
	};
	uint64_t v, k;

	memcpy(&v, p, sizeof v);
	memcpy(&k, keep[n], sizeof k);
	v = (v | 0x2020202020202020u) & k;
	return (unsigned)(((v ^ n ^ salt) * 0x9e3779b97f4a7c15u) >>
			  (64 - HEAD_BITS));
}

/*
 * Where a place's first word ends and where its second does, capped at
 * HEAD, from m, the letters and digits from the place on (bit 0 the
 * first byte, HEAD bits at least known); *pair is 0 when no second word
 * begins before HEAD.  A term of two words or more is filtered on the
 * pair: many first words of such terms ("AL", "ABU") are common words.
 */
static void
head_spans(uint64_t m, unsigned *word, unsigned *pair)
{
	unsigned run = m == ~(uint64_t)0 ? 64 : scanmask_first(~m), sep, run2;
	uint64_t r;

	*word = run < HEAD ? run : HEAD;
	*pair = 0;
	if (run >= HEAD || (r = m >> run) == 0 ||
	    run + (sep = scanmask_first(r)) >= HEAD)
		return;
	r = ~(r >> sep);
	run2 = r != 0 ? scanmask_first(r) : 64;
	*pair = run + sep + run2 < HEAD ? run + sep + run2 : HEAD;
}

/* The filters a place must pass before the automaton runs from it. */
static void
build_filters(struct termscan *s, const struct termscan_term *terms)
{
	unsigned char a[2], first[256] = {0}, t[HEAD];
	unsigned word, pair;
	uint64_t m;
	size_t k, n;

	s->odd_start = 0;
	for (k = 0; k < s->nterm; k++) {
		memset(t, 0, sizeof t);
		memcpy(t, terms[k].text,
		       terms[k].len < HEAD ? terms[k].len : HEAD);
		s->odd_start |= !scanmask_isalnum(t[0]);
		cases(t[0], a);
		first[a[0]] = first[a[1]] = 1;
		for (m = 0, n = 0; n < HEAD; n++)
			m |= (uint64_t)scanmask_isalnum(t[n]) << n;
		head_spans(m, &word, &pair);
		slot_set(s->head, head_hash(t, word, 0),
			 pair != 0 ? HEAD_MULTI : HEAD_WORD);
		if (pair != 0)
			bit_set(s->pair, head_hash(t, pair, HEAD_PAIR));
	}
	scanmask_set_init(&s->first, first);
}

void
termscan_free(struct termscan *s)
{
	if (s == NULL)
		return;
	free(s->state);
	free(s->kid_cls);
	free(s->kid_to);
	free(s->dense);
	free(s->head);
	free(s->pair);
	free(s);
}

struct termscan *
termscan_new(const struct termscan_term *terms, size_t n)
{
	struct termscan *s;
	struct trie t = {0};
	uint32_t *id = NULL;
	size_t i;
	int ok;

	if ((s = calloc(1, sizeof *s)) == NULL)
		return NULL;
	s->nterm = n;
	build_classes(s, terms);
	ok = trie_alloc(s, &t, terms) &&
	     (id = malloc(t.cap * sizeof *id)) != NULL &&
	     (s->head = calloc((size_t)1 << HEAD_BITS >> 2, 1)) != NULL &&
	     (s->pair = calloc((size_t)1 << HEAD_BITS >> 3, 1)) != NULL;
	if (ok) {
		for (i = 0; i < n; i++)
			trie_insert(s, &t, terms, i);
		ok = automaton_pack(s, &t, id) && automaton_link(s, &t, id);
	}
	trie_free(&t);
	free(id);
	if (!ok) {
		termscan_free(s);
		return NULL;
	}
	build_filters(s, terms);
	return s;
}

/* ---- running ---------------------------------------------------------- */

/* The terms ending at end in state st and starting before bound. */
static void
terms_at(struct run *x, uint32_t st, size_t end, size_t bound)
{
	const struct termscan *s = x->s;
	uint32_t u = s->state[st].term != NONE ? st : s->state[st].dict, t;
	size_t start;

	if (bound > x->limit)
		bound = x->limit;
	for (; u != NONE; u = s->state[u].dict) { /* longest first */
		t = s->state[u].term;
		start = end - s->state[u].depth;
		if (start >= bound)
			break;
		x->emit(x->arg, start, end, t);
	}
}

/*
 * Run the automaton from the trie root at p[j], a place a term may start,
 * until it is back at a root (no match in progress) or the text ends;
 * returns where it stopped.  Every start it passes is covered: the
 * automaton follows all matches under way at once.
 */
static size_t
run_terms(struct run *x, size_t j)
{
	const struct termscan *s = x->s;
	uint32_t u = ROOT_B, nx;
	unsigned c;
	int out;

	do {
		c = s->cls[x->p[j++]];
		if (u < s->nrow) {
			nx = s->dense[(size_t)u * s->nclass + c];
			u = nx & ~OUT_FLAG;
			out = nx >> 31;
		} else {
			u = automaton_next(s, u, c);
			out = automaton_out(s, u);
		}
		if (out && (j == x->len || !scanmask_isalnum(x->p[j])))
			terms_at(x, u, j, x->limit);
	} while (j < x->len && u > ROOT_B);
	return j;
}

/*
 * The places in p[pos..pos+STRIDE) before the limit where a term may
 * start: after a byte that is not a letter or digit, at a byte a term
 * begins with (at a letter or digit, if no term begins with another
 * byte).  *alnum gets the mask of letters and digits of p[pos..pos+64),
 * which covers the head of a word begun at any of those places.
 */
static uint64_t
term_starts(const struct run *x, size_t pos, uint64_t *alnum)
{
	size_t n = x->len - pos, k = x->limit - pos;
	uint64_t a, m;

	if (n > SCANMASK_BYTES)
		n = SCANMASK_BYTES;
	*alnum = a = scanmask_alnum(x->p + pos, n);
	m = ~(a << 1 | (uint64_t)!left_ok(x->p, pos)) &
	    scanmask_in(&x->s->first, x->p + pos, n);
	if (!x->s->odd_start)
		m &= a;
	if (k > STRIDE)
		k = STRIDE;
	return m & (((uint64_t)1 << k) - 1);
}

/*
 * Whether a term may begin at p[w], bit i < STRIDE of the alnum mask a
 * of p[pos..pos+64), where a term of more words begins with its word:
 * the pair's head is a term's.
 */
static int
term_pair(const struct run *x, size_t w, uint64_t a, unsigned i)
{
	unsigned word, pair;

	head_spans(a >> i, &word, &pair); /* i < STRIDE: HEAD bits known */
	return pair != 0 &&
	       (int)bit_get(x->s->pair, head_hash(x->p + w, pair, HEAD_PAIR));
}

/*
 * The places of m (bit i: p[pos + i]) where a term may begin: the head of
 * the word there is that of a term of one word, or of a longer term whose
 * pair's head is there too.  One probe each, without a branch; the pair
 * only where a longer term begins with the word.  Near the text's end,
 * all of them.
 */
static uint64_t
term_filter(const struct run *x, size_t pos, uint64_t m, uint64_t a)
{
	uint64_t word = 0, multi = 0;
	unsigned i, run, g;

	if (x->len - pos < SCANMASK_BYTES + HEAD)
		return m;
	while (m != 0) {
		i = scanmask_first(m);
		m &= m - 1;
		run = (a >> i) == ~(uint64_t)0 ? SCANMASK_BYTES
					       : scanmask_first(~(a >> i));
		g = slot_get(x->s->head, head_hash(x->p + pos + i,
						   run < HEAD ? run : HEAD, 0));
		word |= (uint64_t)(g & HEAD_WORD) << i;
		multi |= (uint64_t)(g >> 1) << i;
	}
	for (multi &= ~word; multi != 0; multi &= multi - 1) {
		i = scanmask_first(multi);
		if (term_pair(x, pos + i, a, i))
			word |= (uint64_t)1 << i;
	}
	return word;
}

/*
 * The places a term may start, STRIDE at a time; from each whose word's
 * head is a term's, the automaton until it is back at a root, and the
 * places it passed are done (see "Skipping" at the top of this file).
 */
void
termscan_run(const struct termscan *s, const unsigned char *p, size_t len,
	     size_t from, size_t limit, termscan_emit emit, void *arg)
{
	struct run run = {s, p, len, limit, emit, arg}, *x = &run;
	size_t pos = from, next, w, q;
	uint64_t m, a;

	if (s->nterm == 0)
		return;
	while (pos < x->limit) {
		next = pos + STRIDE;
		m = term_starts(x, pos, &a);
		m = term_filter(x, pos, m, a);
		while (m != 0) {
			w = pos + scanmask_first(m);
			q = run_terms(x, w);
			if (q >= next) {
				next = q;
				break;
			}
			m &= ~(uint64_t)0 << (q - pos); /* starts it passed */
		}
		pos = next;
	}
}
