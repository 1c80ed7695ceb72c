// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * engine_rel.c - the relations of the CCSL engine: one table row per kind with
 * its parameter check, the known and the unknown initial state, the step
 * (check, then update), the end-of-trace obligation and the explanation of a
 * violation (doc/semantics.md, "Relations").
 *
 * A state is the set of values a conforming past allows: an interval of token
 * counts for precedence, a bit set for alternation and windows. A known past is
 * the same code with a single value, so the partly observed history costs
 * nothing and cannot drift from the ordinary semantics.
 *
 * Knows only engine_model.h's types (a relation, its state, the clock table
 * for names); its one entry point, eng_rel_ops_of(), is called by engine.c.
 */
#include <inttypes.h>
#include <stdio.h>

#include "engine_model.h"

/* plural - "s" unless v is 1 or -1 */
static const char *plural(int64_t v)
{
	return v == 1 || v == -1 ? "" : "s";
}

/* any_params - kinds whose init/max/window are not used */
static bool any_params(const struct ccsl_rel_def *def)
{
	return true;
}

/*
 * count_valid - init >= 0 and finite, max >= init. max 0 is allowed: a <= b
 * max 0 makes a and b coincide, and a < b max 0 lets neither tick (well
 * defined, if useless: a spec checker may warn about it).
 */
static bool count_valid(const struct ccsl_rel_def *def)
{
	return def->init >= 0 && def->init != CCSL_UNBOUNDED && def->max >= def->init;
}

/* forbid_valid - forbid x in W (three clocks) or forbid x (one): never two */
static bool forbid_valid(const struct ccsl_rel_def *def)
{
	return def->nargs != 2 &&
	       !(def->window & ~(unsigned int)(CCSL_WIN_LEFT_CLOSED | CCSL_WIN_RIGHT_CLOSED));
}

/* window_valid - only the two end flags */
static bool window_valid(const struct ccsl_rel_def *def)
{
	return !(def->window & ~(unsigned int)(CCSL_WIN_LEFT_CLOSED | CCSL_WIN_RIGHT_CLOSED));
}

/* none_reset - stateless kinds */
static void none_reset(const struct eng_rel *r, struct eng_rel_state *s)
{
	s->lo = s->hi = 0;
	s->set = 0;
}

/* count_known - F = init */
static void count_known(const struct eng_rel *r, struct eng_rel_state *s)
{
	s->lo = s->hi = r->init;
}

/* count_unknown - any F in [0, max] */
static void count_unknown(const struct eng_rel *r, struct eng_rel_state *s)
{
	s->lo = 0;
	s->hi = r->max;
}

/* bit_known - d = 0, or window closed */
static void bit_known(const struct eng_rel *r, struct eng_rel_state *s)
{
	s->set = 1;
}

/* bit_unknown - d in {0, 1}, or window open or closed */
static void bit_unknown(const struct eng_rel *r, struct eng_rel_state *s)
{
	s->set = 3;
}

/* sub_step - a ticks => b ticks */
static bool sub_step(const struct eng_rel *r, struct eng_rel_state *s, const uint64_t *ticks)
{
	return bit_test(ticks, r->a) && !bit_test(ticks, r->b);
}

/* coinc_step - a ticks <=> b ticks */
static bool coinc_step(const struct eng_rel *r, struct eng_rel_state *s, const uint64_t *ticks)
{
	return bit_test(ticks, r->a) != bit_test(ticks, r->b);
}

/* excl_step - at most one argument ticks */
static bool excl_step(const struct eng_rel *r, struct eng_rel_state *s, const uint64_t *ticks)
{
	int n = 0;

	for (int i = 0; i < r->nargs; i++)
		if (bit_test(ticks, r->args[i]) && ++n > 1)
			return true;
	return false;
}

/* count_need - the least F before the step that lets b tick (strict) or keeps F >= 0 */
static int64_t count_need(const struct eng_rel *r, bool ta, bool tb)
{
	if (r->kind == CCSL_REL_PRECEDES)
		return tb ? 1 : 0;
	return (int64_t)tb - (int64_t)ta;
}

/* shift - v + delta, where CCSL_UNBOUNDED stays the open upper end */
static int64_t shift(int64_t v, int64_t delta)
{
	if (v == CCSL_UNBOUNDED)
		return v;
	if (delta > 0 && v >= CCSL_UNBOUNDED - delta)
		return CCSL_UNBOUNDED - 1;
	return v + delta;
}

/* clamp - v into [0, max] */
static int64_t clamp(int64_t v, int64_t max)
{
	return v < 0 ? 0 : v > max ? max : v;
}

/*
 * count_step - precedence and causality on the interval of token counts: keep
 * the values that pass (b needs F >= need, F + delta must stay <= max) and
 * move them by delta. If none passes, every value moves and is clamped into
 * [0, max]: the repair of doc/semantics.md, applied to each possible past.
 */
static bool count_step(const struct eng_rel *r, struct eng_rel_state *s, const uint64_t *ticks)
{
	bool ta = bit_test(ticks, r->a), tb = bit_test(ticks, r->b);
	int64_t delta = (int64_t)ta - (int64_t)tb, need = count_need(r, ta, tb);
	int64_t lo = s->lo > need ? s->lo : need, hi = s->hi;

	if (delta > 0 && r->max != CCSL_UNBOUNDED && hi > r->max - delta)
		hi = r->max - delta;
	if (lo <= hi) {
		s->lo = shift(lo, delta);
		s->hi = shift(hi, delta);
		return false;
	}
	s->lo = clamp(shift(s->lo, delta), r->max);
	s->hi = clamp(shift(s->hi, delta), r->max);
	return true;
}

/* bit - the set holding only value v (0 or 1) */
static unsigned int bit(bool v)
{
	return v ? 2u : 1u;
}

/*
 * set_step - the common step of the bit-set relations: keep the values that
 * pass (bad0/bad1: value 0/1 fails), map each to its next value. If none
 * passes, map them all: the repair (next0/next1 are already clamped).
 */
static bool set_step(struct eng_rel_state *s, bool bad0, bool bad1, bool next0, bool next1)
{
	unsigned int ok = s->set & ~((bad0 ? 1u : 0u) | (bad1 ? 2u : 0u));
	unsigned int from = ok ? ok : s->set;

	s->set = ((from & 1) ? bit(next0) : 0) | ((from & 2) ? bit(next1) : 0);
	return !ok;
}

/*
 * alt_step - d = 0 only a may tick (weak: b with a), d = 1 only b may tick.
 * d + ta - tb clamped into {0, 1} is next: from 0, a alone opens; from 1, b alone closes.
 */
static bool alt_step(const struct eng_rel *r, struct eng_rel_state *s, const uint64_t *ticks)
{
	bool ta = bit_test(ticks, r->a), tb = bit_test(ticks, r->b);
	bool bad0 = r->kind == CCSL_REL_ALTERNATES ? tb : tb && !ta;

	return set_step(s, bad0, ta, ta && !tb, !(tb && !ta));
}

/* window_inside - inside(n) for a closed (open = false) or an open window */
static bool window_inside(const struct eng_rel *r, bool open, bool ta, bool tb)
{
	bool right = !tb || (r->window & CCSL_WIN_RIGHT_CLOSED);

	if (open)
		return right;
	return ta && (r->window & CCSL_WIN_LEFT_CLOSED) && right;
}

/*
 * window_step - forbid: x not inside; allow: x only inside. open' = (open or a) and
 * not b. forbid x without a window: x never ticks (the window is always open).
 */
static bool window_step(const struct eng_rel *r, struct eng_rel_state *s, const uint64_t *ticks)
{
	bool tx = bit_test(ticks, r->x), ta, tb;
	bool in0, in1, forbid = r->kind == CCSL_REL_FORBID;

	if (r->a < 0)
		return set_step(s, tx, tx, false, true);
	ta = bit_test(ticks, r->a);
	tb = bit_test(ticks, r->b);
	in0 = window_inside(r, false, ta, tb);
	in1 = window_inside(r, true, ta, tb);

	return set_step(s, tx && in0 == forbid, tx && in1 == forbid, ta && !tb, !tb);
}

/* no_pending - relations without obligations */
static bool no_pending(const struct eng_clock *clk, const struct eng_rel *r,
		       const struct eng_rel_state *s, char *why, size_t len)
{
	if (why && len)
		why[0] = '\0';
	return false;
}

/* count_pending - F > init for every possible F: some a still waits for its b */
static bool count_pending(const struct eng_clock *clk, const struct eng_rel *r,
			  const struct eng_rel_state *s, char *why, size_t len)
{
	int64_t d = s->lo - r->init;

	if (s->lo <= r->init)
		return no_pending(clk, r, s, why, len);
	if (why && len)
		snprintf(why, len, "%s ticked %s%" PRId64 " time%s more than %s; %s never followed",
			 eng_name(clk, r->a), s->lo != s->hi ? "at least " : "", d, plural(d),
			 eng_name(clk, r->b), eng_name(clk, r->b));
	return true;
}

/* alt_pending - d = 1 for every possible d */
static bool alt_pending(const struct eng_clock *clk, const struct eng_rel *r,
			const struct eng_rel_state *s, char *why, size_t len)
{
	if (s->set != 2)
		return no_pending(clk, r, s, why, len);
	if (why && len)
		snprintf(why, len, "%s ticked 1 time more than %s; %s never followed",
			 eng_name(clk, r->a), eng_name(clk, r->b), eng_name(clk, r->b));
	return true;
}

/* sub_explain - a without b */
static void sub_explain(const struct eng_clock *clk, const struct eng_rel *r,
			const struct eng_rel_state *before, const uint64_t *ticks, char *why,
			size_t len)
{
	snprintf(why, len, "%s ticked without %s (subclock)", eng_name(clk, r->a),
		 eng_name(clk, r->b));
}

/* coinc_explain - one of a, b without the other */
static void coinc_explain(const struct eng_clock *clk, const struct eng_rel *r,
			  const struct eng_rel_state *before, const uint64_t *ticks, char *why,
			  size_t len)
{
	bool ta = bit_test(ticks, r->a);

	snprintf(why, len, "%s ticked without %s (coincidence)", eng_name(clk, ta ? r->a : r->b),
		 eng_name(clk, ta ? r->b : r->a));
}

/* excl_explain - the first two arguments that ticked together */
static void excl_explain(const struct eng_clock *clk, const struct eng_rel *r,
			 const struct eng_rel_state *before, const uint64_t *ticks, char *why,
			 size_t len)
{
	int first = -1, second = -1;

	for (int i = 0; i < r->nargs && second < 0; i++) {
		if (!bit_test(ticks, r->args[i]))
			continue;
		if (first < 0)
			first = r->args[i];
		else
			second = r->args[i];
	}
	snprintf(why, len, "%s and %s ticked in the same step (exclusion)", eng_name(clk, first),
		 eng_name(clk, second));
}

/*
 * count_explain - the token count that failed: too small for b or over max.
 * Even with an unknown past a single value is left then (no value fails unless
 * hi is 0, or lo is max), so the message names it. Without init the count
 * reads as "a ticked d times more than b", with init as tokens.
 */
static void count_explain(const struct eng_clock *clk, const struct eng_rel *r,
			  const struct eng_rel_state *before, const uint64_t *ticks, char *why,
			  size_t len)
{
	bool ta = bit_test(ticks, r->a), tb = bit_test(ticks, r->b);
	bool strict = r->kind == CCSL_REL_PRECEDES, low = before->hi < count_need(r, ta, tb);
	const char *an = eng_name(clk, r->a), *bn = eng_name(clk, r->b);
	const char *what = strict ? "strict precedence" : "causality";
	int64_t v = low ? before->hi : before->lo;
	char need[64];

	if (low)
		snprintf(need, sizeof(need), "%s needs 1", what);
	else
		snprintf(need, sizeof(need), "%s bound max %" PRId64, what, r->max);
	if (low && strict && ta && v == r->init && !r->init)
		snprintf(why, len, "%s and %s ticked in the same step (strict precedence)", an, bn);
	else if (r->init)
		snprintf(why, len, "%s ticked with %" PRId64 " token%s (init %" PRId64
			 " + %s - %s; %s)", low ? bn : an, v, plural(v), r->init, an, bn, need);
	else
		snprintf(why, len, "%s ticked while %s had ticked %" PRId64 " time%s more than %s"
			 " (%s)", low ? bn : an, an, v, plural(v), bn, need);
}

/* alt_explain - b out of turn, a out of turn, or both at once (strict) */
static void alt_explain(const struct eng_clock *clk, const struct eng_rel *r,
			const struct eng_rel_state *before, const uint64_t *ticks, char *why,
			size_t len)
{
	bool ta = bit_test(ticks, r->a), tb = bit_test(ticks, r->b);
	const char *an = eng_name(clk, r->a), *bn = eng_name(clk, r->b);

	if (r->kind == CCSL_REL_ALTERNATES && ta && tb && (before->set & 1))
		snprintf(why, len, "%s and %s ticked in the same step (strict alternation)", an,
			 bn);
	else if (ta && (before->set & 2))
		snprintf(why, len, "%s ticked again before %s (alternation expects %s)", an, bn,
			 bn);
	else
		snprintf(why, len, "%s ticked before %s (alternation expects %s)", bn, an, an);
}

/* window_explain - x inside a forbidden window or outside an allowed one, and why */
static void window_explain(const struct eng_clock *clk, const struct eng_rel *r,
			   const struct eng_rel_state *before, const uint64_t *ticks, char *why,
			   size_t len)
{
	bool ta = r->a >= 0 && bit_test(ticks, r->a);
	bool forbid = r->kind == CCSL_REL_FORBID, open = before->set & 2;
	char reason[96];

	if (r->a < 0) {
		snprintf(why, len, "%s ticked (forbidden at all times)", eng_name(clk, r->x));
		return;
	}
	if (forbid && open)
		snprintf(reason, sizeof(reason), "window open");
	else if (forbid)
		snprintf(reason, sizeof(reason), "opened by %s in this step", eng_name(clk, r->a));
	else if (open)
		snprintf(reason, sizeof(reason), "closed by %s in this step", eng_name(clk, r->b));
	else if (ta && !(r->window & CCSL_WIN_LEFT_CLOSED))
		snprintf(reason, sizeof(reason), "opened by %s only after this step",
			 eng_name(clk, r->a));
	else if (ta)
		snprintf(reason, sizeof(reason), "opened and closed in this step");
	else
		snprintf(reason, sizeof(reason), "window closed");
	snprintf(why, len, "%s ticked %s the window %s%s, %s%s (%s)", eng_name(clk, r->x),
		 forbid ? "inside" : "outside", r->window & CCSL_WIN_LEFT_CLOSED ? "[" : "]",
		 eng_name(clk, r->a), eng_name(clk, r->b),
		 r->window & CCSL_WIN_RIGHT_CLOSED ? "]" : "[", reason);
}

/* window_state - the window as the state's set says: {closed}, {open} or both */
static enum ccsl_window window_state(const struct eng_rel *r, const struct eng_rel_state *s)
{
	if (r->a < 0)
		return CCSL_WINDOW_NONE;	/* forbid x: no window, x is always forbidden */
	return s->set == 2 ? CCSL_WINDOW_OPEN : s->set == 1 ? CCSL_WINDOW_CLOSED :
							      CCSL_WINDOW_UNKNOWN;
}

static const struct eng_rel_ops rel_ops[CCSL_REL_KIND_COUNT] = {
	[CCSL_REL_SUBCLOCK] = { 2, 2, false, any_params, none_reset, none_reset, sub_step,
				no_pending, sub_explain },
	[CCSL_REL_COINCIDES] = { 2, 2, false, any_params, none_reset, none_reset, coinc_step,
				 no_pending, coinc_explain },
	[CCSL_REL_EXCLUSION] = { 2, -1, false, any_params, none_reset, none_reset, excl_step,
				 no_pending, excl_explain },
	[CCSL_REL_PRECEDES] = { 2, 2, true, count_valid, count_known, count_unknown, count_step,
				count_pending, count_explain },
	[CCSL_REL_CAUSES] = { 2, 2, true, count_valid, count_known, count_unknown, count_step,
			      count_pending, count_explain },
	[CCSL_REL_ALTERNATES] = { 2, 2, true, any_params, bit_known, bit_unknown, alt_step,
				  alt_pending, alt_explain },
	[CCSL_REL_ALTERNATES_WEAK] = { 2, 2, true, any_params, bit_known, bit_unknown, alt_step,
				       alt_pending, alt_explain },
	[CCSL_REL_FORBID] = { 1, 3, true, forbid_valid, bit_known, bit_unknown, window_step,
			      no_pending, window_explain, window_state },
	[CCSL_REL_ALLOW] = { 3, 3, true, window_valid, bit_known, bit_unknown, window_step,
			     no_pending, window_explain, window_state },
};

/* eng_rel_ops_of - the table row of a relation kind, or NULL */
const struct eng_rel_ops *eng_rel_ops_of(enum ccsl_rel_kind kind)
{
	return (unsigned int)kind < CCSL_REL_KIND_COUNT ? &rel_ops[kind] : NULL;
}
