// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * engine_expr.c - the derived clock expressions of the CCSL engine: one table
 * row per kind with its parameter check, state size, reset and step function
 * (doc/semantics.md, "Derived clocks").
 *
 * Counters are kept bounded (saturated or folded into the word's cycle) so a
 * monitor can run for ever in O(1) memory.
 *
 * Knows only engine_model.h's types (a clock and its state bytes); its one
 * entry point, eng_expr_ops_of(), is called by engine.c.
 */
#include <string.h>

#include "engine_model.h"

/* A counter that stops growing once its value no longer matters, or a flag. */
struct st_count {
	uint64_t h;
};

/* delay on: h_b and the pending bookings as a ring of b counts, increasing. */
struct st_book {
	uint64_t hb;
	uint32_t head;
	uint32_t len;
	uint64_t ring[];	/* k entries */
};

/* no_params - kinds without numeric parameters */
static bool no_params(const struct ccsl_expr_def *def)
{
	return true;
}

/* no_state - stateless kinds */
static size_t no_state(const struct eng_clock *c)
{
	return 0;
}

/* no_reset - stateless kinds */
static void no_reset(const struct eng_clock *c, void *st)
{
}

/* count_state - one counter or flag */
static size_t count_state(const struct eng_clock *c)
{
	return sizeof(struct st_count);
}

/* count_reset - counter (or flag) back to 0 */
static void count_reset(const struct eng_clock *c, void *st)
{
	((struct st_count *)st)->h = 0;
}

/* union_tick - some argument ticks */
static bool union_tick(const struct eng_clock *c, const uint64_t *ticks, void *st)
{
	for (int i = 0; i < c->nargs; i++)
		if (bit_test(ticks, c->args[i]))
			return true;
	return false;
}

/* inter_tick - every argument ticks */
static bool inter_tick(const struct eng_clock *c, const uint64_t *ticks, void *st)
{
	for (int i = 0; i < c->nargs; i++)
		if (!bit_test(ticks, c->args[i]))
			return false;
	return true;
}

/* minus_tick - a ticks and b does not */
static bool minus_tick(const struct eng_clock *c, const uint64_t *ticks, void *st)
{
	return bit_test(ticks, c->a) && !bit_test(ticks, c->b);
}

/* counts_state - inf/sup: the count of each argument since the last restart */
static size_t counts_state(const struct eng_clock *c)
{
	return (size_t)c->nargs * sizeof(uint64_t);
}

/* counts_reset - every count back to 0 */
static void counts_reset(const struct eng_clock *c, void *st)
{
	memset(st, 0, counts_state(c));
}

/* inf_tick - the largest count grows: some argument at the largest count ticks */
static bool inf_tick(const struct eng_clock *c, const uint64_t *ticks, void *st)
{
	uint64_t *cnt = st, top = 0;
	bool grows = false;
	int i;

	for (i = 0; i < c->nargs; i++)
		if (cnt[i] > top)
			top = cnt[i];
	for (i = 0; i < c->nargs; i++) {
		if (!bit_test(ticks, c->args[i]))
			continue;
		if (++cnt[i] > top)
			grows = true;
	}
	return grows;
}

/* sup_tick - the smallest count grows: every argument at the smallest count ticks */
static bool sup_tick(const struct eng_clock *c, const uint64_t *ticks, void *st)
{
	uint64_t *cnt = st, low = UINT64_MAX, after = UINT64_MAX;

	for (int i = 0; i < c->nargs; i++) {
		if (cnt[i] < low)
			low = cnt[i];
		if (bit_test(ticks, c->args[i]))
			cnt[i]++;
		if (cnt[i] < after)
			after = cnt[i];
	}
	return after > low;
}

/* delay_valid - a $ k needs k >= 0 */
static bool delay_valid(const struct ccsl_expr_def *def)
{
	return def->k >= 0;
}

/* delay_tick - a ticks after k earlier ticks of a (the count saturates at k) */
static bool delay_tick(const struct eng_clock *c, const uint64_t *ticks, void *st)
{
	struct st_count *s = st;
	bool t;

	if (!bit_test(ticks, c->a))
		return false;
	t = s->h >= (uint64_t)c->k;
	if (!t)
		s->h++;
	return t;
}

/* book_valid - a $ k on b needs 1 <= k, bounded because each booking is kept */
static bool book_valid(const struct ccsl_expr_def *def)
{
	return def->k >= 1 && def->k <= ENG_DELAY_ON_MAX_K;
}

/* book_state - the ring holds at most k bookings: they lie in ]h_b, h_b + k] */
static size_t book_state(const struct eng_clock *c)
{
	return offsetof(struct st_book, ring) + (size_t)c->k * sizeof(uint64_t);
}

/* book_reset - no bookings, h_b = 0 */
static void book_reset(const struct eng_clock *c, void *st)
{
	struct st_book *s = st;

	s->hb = 0;
	s->head = 0;
	s->len = 0;
}

/*
 * book_tick - a b fires the oldest booking when it reaches it; then an a books
 * the k-th b after this step (a b of this step is already counted, so it does
 * not count for the booking). Bookings only grow, so equal ones are adjacent.
 */
static bool book_tick(const struct eng_clock *c, const uint64_t *ticks, void *st)
{
	struct st_book *s = st;
	uint32_t k = (uint32_t)c->k, last;
	uint64_t want;
	bool fire = false;

	if (bit_test(ticks, c->b)) {
		s->hb++;
		if (s->len && s->ring[s->head] == s->hb) {
			fire = true;
			s->head = s->head + 1 == k ? 0 : s->head + 1;
			s->len--;
		}
	}
	if (bit_test(ticks, c->a)) {
		want = s->hb + k;
		last = (s->head + s->len + k - 1) % k;
		if (!(s->len && s->ring[last] == want) && s->len < k) {
			s->ring[(s->head + s->len) % k] = want;
			s->len++;
		}
	}
	return fire;
}

/* sampled_tick - b ticks and an a came since the last b, this step's a included */
static bool sampled_tick(const struct eng_clock *c, const uint64_t *ticks, void *st)
{
	struct st_count *s = st;
	bool ta = bit_test(ticks, c->a);

	if (!bit_test(ticks, c->b)) {
		s->h |= ta;
		return false;
	}
	ta = ta || s->h;
	s->h = 0;
	return ta;
}

/* strict_tick - b ticks and an a came strictly before; an a with a b waits for the next */
static bool strict_tick(const struct eng_clock *c, const uint64_t *ticks, void *st)
{
	struct st_count *s = st;
	bool ta = bit_test(ticks, c->a), t;

	if (!bit_test(ticks, c->b)) {
		s->h |= ta;
		return false;
	}
	t = s->h;
	s->h = ta;
	return t;
}

/* word_ok - a word of '0'/'1' characters */
static bool word_ok(const char *w)
{
	for (; *w; w++)
		if (*w != '0' && *w != '1')
			return false;
	return true;
}

/* filter_valid - u of 0/1 (may be empty), v of 0/1 and non-empty, or no v */
static bool filter_valid(const struct ccsl_expr_def *def)
{
	if (!def->prefix || !word_ok(def->prefix))
		return false;
	return !def->cycle || (*def->cycle && word_ok(def->cycle));
}

/*
 * filter_tick - b ticks and letter h_b of u v v ... is 1. The index folds back
 * into v (or stays on the 0 after u), so it never grows past |u| + |v|.
 */
static bool filter_tick(const struct eng_clock *c, const uint64_t *ticks, void *st)
{
	struct st_count *s = st;
	bool t;

	if (!bit_test(ticks, c->a))
		return false;
	t = c->word[s->h];
	if (c->lv) {
		if (++s->h == c->lu + c->lv)
			s->h = c->lu;
	} else if (s->h < c->lu) {
		s->h++;
	}
	return t;
}

/* periodic_valid - period >= 1, offset >= 0, and offset + period fits */
static bool periodic_valid(const struct ccsl_expr_def *def)
{
	return def->period >= 1 && def->offset >= 0 && def->offset <= INT64_MAX - def->period;
}

/* periodic_tick - b ticks at counts o, o + P, ...: the count folds back to o at o + P */
static bool periodic_tick(const struct eng_clock *c, const uint64_t *ticks, void *st)
{
	struct st_count *s = st;
	bool t;

	if (!bit_test(ticks, c->a))
		return false;
	t = s->h == (uint64_t)c->offset;
	if (++s->h == (uint64_t)(c->offset + c->period))
		s->h = (uint64_t)c->offset;
	return t;
}

/* wait_valid - wait(b, k) needs k >= 1 */
static bool wait_valid(const struct ccsl_expr_def *def)
{
	return def->k >= 1;
}

/* wait_tick - the k-th tick of b, once (the count saturates at k) */
static bool wait_tick(const struct eng_clock *c, const uint64_t *ticks, void *st)
{
	struct st_count *s = st;
	bool t;

	if (!bit_test(ticks, c->a))
		return false;
	t = s->h == (uint64_t)c->k - 1;
	if (s->h < (uint64_t)c->k)
		s->h++;
	return t;
}

/* upto_tick - a until b has ticked, b's step excluded */
static bool upto_tick(const struct eng_clock *c, const uint64_t *ticks, void *st)
{
	struct st_count *s = st;

	if (bit_test(ticks, c->b))
		s->h = 1;
	return !s->h && bit_test(ticks, c->a);
}

static const struct eng_expr_ops expr_ops[CCSL_EXPR_KIND_COUNT] = {
	[CCSL_EXPR_UNION] = { 2, -1, no_params, no_state, no_reset, union_tick },
	[CCSL_EXPR_INTER] = { 2, -1, no_params, no_state, no_reset, inter_tick },
	[CCSL_EXPR_MINUS] = { 2, 2, no_params, no_state, no_reset, minus_tick },
	[CCSL_EXPR_INF] = { 2, -1, no_params, counts_state, counts_reset, inf_tick },
	[CCSL_EXPR_SUP] = { 2, -1, no_params, counts_state, counts_reset, sup_tick },
	[CCSL_EXPR_DELAY] = { 1, 1, delay_valid, count_state, count_reset, delay_tick },
	[CCSL_EXPR_DELAY_ON] = { 2, 2, book_valid, book_state, book_reset, book_tick },
	[CCSL_EXPR_SAMPLED] = { 2, 2, no_params, count_state, count_reset, sampled_tick },
	[CCSL_EXPR_SAMPLED_STRICT] = { 2, 2, no_params, count_state, count_reset, strict_tick },
	[CCSL_EXPR_FILTER] = { 1, 1, filter_valid, count_state, count_reset, filter_tick },
	[CCSL_EXPR_PERIODIC] = { 1, 1, periodic_valid, count_state, count_reset, periodic_tick },
	[CCSL_EXPR_WAIT] = { 1, 1, wait_valid, count_state, count_reset, wait_tick },
	[CCSL_EXPR_UPTO] = { 2, 2, no_params, count_state, count_reset, upto_tick },
};

/* eng_expr_ops_of - the table row of an expression kind, or NULL */
const struct eng_expr_ops *eng_expr_ops_of(enum ccsl_expr_kind kind)
{
	return (unsigned int)kind < CCSL_EXPR_KIND_COUNT ? &expr_ops[kind] : NULL;
}
