// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_reference.c - an independent reference evaluator of doc/semantics.md and
 * a differential test of the engine against it.
 *
 * The reference works on a whole recorded step sequence at once: every count
 * h_c(n) is a count over the prefix (from the last restart), every derived
 * clock and relation condition is the formula of doc/semantics.md evaluated at
 * each step, and the partly observed history is checked existentially by
 * enumerating every admissible initial state. It deliberately has no
 * incremental state machine, so that it cannot share a mistake with the engine.
 *
 * CCSL_REF_ITER (default 2000) sets the number of random sequences per kind,
 * CCSL_REF_SEED (default below) the seed. On a disagreement the sequence is
 * shrunk to a small one that still disagrees and printed with both answers.
 */
#include <check.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccsl.h"
#include "engine.h"
#include "unit.h"

#define REF_MAX_STEPS	48
#define REF_MAX_CLOCKS	12
#define REF_MAX_RELS	4
#define REF_MAX_ARGS	4
#define REF_WORD_LEN	8

#define REF_DEFAULT_ITER 2000
#define REF_DEFAULT_SEED UINT64_C(0x5eedcc51c0ffee01)

/* A clock of a test model: base (ticked by the test) or derived. */
struct ref_clock {
	char name[8];
	bool derived;
	enum ccsl_expr_kind kind;
	int args[REF_MAX_ARGS];
	int nargs;
	int64_t k;
	int64_t period;
	int64_t offset;
	char prefix[REF_WORD_LEN];
	char cycle[REF_WORD_LEN];
	bool has_cycle;
	int restart;
};

/* A relation of a test model. */
struct ref_rel {
	enum ccsl_rel_kind kind;
	int args[REF_MAX_ARGS];
	int nargs;
	int64_t init;
	int64_t max;
	unsigned int window;
	int restart;
};

/* A test case: a model and a sequence of base clock ticks. */
struct ref_case {
	int nclk;
	int nrel;
	struct ref_clock clk[REF_MAX_CLOCKS];
	struct ref_rel rel[REF_MAX_RELS];
	bool past_unknown;
	int nsteps;
	bool tick[REF_MAX_STEPS][REF_MAX_CLOCKS];	/* only base columns are inputs */
};

/* What an evaluator says about a case. */
struct ref_result {
	bool tick[REF_MAX_STEPS][REF_MAX_CLOCKS];
	int first[REF_MAX_RELS];	/* step of the first violation, or -1 */
	bool pending[REF_MAX_RELS];	/* at end of trace, meaningful when first < 0 */
	bool broken;			/* the engine refused the model or misbehaved */
	char note[256];
};

/* ---------------------------------------------------------------------------
 * The reference evaluator
 * ------------------------------------------------------------------------- */

/* Prefix counts: cnt[c][n] = number of steps m < n where c ticks (from step 0). */
struct ref_ctx {
	const struct ref_case *rc;
	struct ref_result *res;
	int cnt[REF_MAX_CLOCKS][REF_MAX_STEPS + 1];
};

/* ref_fill_counts - the prefix counts of one clock, once its column is known */
static void ref_fill_counts(struct ref_ctx *x, int c)
{
	int n;

	x->cnt[c][0] = 0;
	for (n = 0; n < x->rc->nsteps; n++)
		x->cnt[c][n + 1] = x->cnt[c][n] + (x->res->tick[n][c] ? 1 : 0);
}

/* ref_ticks - whether clock c is in S_n */
static bool ref_ticks(const struct ref_ctx *x, int c, int n)
{
	return x->res->tick[n][c];
}

/* ref_count - number of ticks of c at steps m with from <= m < to */
static int ref_count(const struct ref_ctx *x, int c, int from, int to)
{
	if (to <= from)
		return 0;
	return x->cnt[c][to] - x->cnt[c][from];
}

/*
 * ref_seg_start - the step counts start from at step n: the last step <= n where
 * the restart clock ticks (a restart at r counts from r inclusive), else 0.
 */
static int ref_seg_start(const struct ref_ctx *x, int restart, int n)
{
	int r;

	if (restart < 0)
		return 0;
	for (r = n; r >= 0; r--)
		if (ref_ticks(x, restart, r))
			return r;
	return 0;
}

/* ref_restarted - whether the restart clock ticked at some step <= n */
static bool ref_restarted(const struct ref_ctx *x, int restart, int n)
{
	int r;

	if (restart < 0)
		return false;
	for (r = 0; r <= n; r++)
		if (ref_ticks(x, restart, r))
			return true;
	return false;
}

/* ref_word_bit - letter i of w = u v v v ... (or u 0 0 0 ... without v) */
static bool ref_word_bit(const struct ref_clock *e, int64_t i)
{
	int64_t lu = (int64_t)strlen(e->prefix);
	int64_t lv;

	if (i < lu)
		return e->prefix[i] == '1';
	if (!e->has_cycle)
		return false;
	lv = (int64_t)strlen(e->cycle);
	return e->cycle[(i - lu) % lv] == '1';
}

/* ref_expr_at - whether derived clock e is in S_n, straight from the table */
static bool ref_expr_at(const struct ref_ctx *x, const struct ref_clock *e, int n)
{
	int s = ref_seg_start(x, e->restart, n);
	int a = e->args[0], b = e->nargs > 1 ? e->args[1] : -1;
	int i, m, p, lo, h, cur, next;

	switch (e->kind) {
	case CCSL_EXPR_UNION:
		for (i = 0; i < e->nargs; i++)
			if (ref_ticks(x, e->args[i], n))
				return true;
		return false;
	case CCSL_EXPR_INTER:
		for (i = 0; i < e->nargs; i++)
			if (!ref_ticks(x, e->args[i], n))
				return false;
		return true;
	case CCSL_EXPR_MINUS:
		return ref_ticks(x, a, n) && !ref_ticks(x, b, n);
	case CCSL_EXPR_INF:
	case CCSL_EXPR_SUP:
		/* compare max (inf) or min (sup) of the counts before and after step n */
		cur = ref_count(x, a, s, n);
		next = ref_count(x, a, s, n + 1);
		for (i = 1; i < e->nargs; i++) {
			int h0 = ref_count(x, e->args[i], s, n);
			int h1 = ref_count(x, e->args[i], s, n + 1);

			if (e->kind == CCSL_EXPR_INF ? h0 > cur : h0 < cur)
				cur = h0;
			if (e->kind == CCSL_EXPR_INF ? h1 > next : h1 < next)
				next = h1;
		}
		return next > cur;
	case CCSL_EXPR_DELAY:
		return ref_ticks(x, a, n) && ref_count(x, a, s, n) >= e->k;
	case CCSL_EXPR_DELAY_ON:
		if (!ref_ticks(x, b, n))
			return false;
		/* an a at m (after the restart) whose k-th strictly later b is step n */
		for (m = s; m < n; m++)
			if (ref_ticks(x, a, m) && ref_count(x, b, m + 1, n + 1) == e->k)
				return true;
		return false;
	case CCSL_EXPR_SAMPLED:
	case CCSL_EXPR_SAMPLED_STRICT:
		if (!ref_ticks(x, b, n))
			return false;
		for (p = n - 1; p >= 0 && !ref_ticks(x, b, p); p--)
			;
		/* sampled: p < m <= n; strict: p <= m < n; both: m at or after the restart */
		if (e->kind == CCSL_EXPR_SAMPLED) {
			lo = p + 1 > s ? p + 1 : s;
			for (m = lo; m <= n; m++)
				if (ref_ticks(x, a, m))
					return true;
		} else {
			lo = p > s ? p : s;
			for (m = lo; m < n; m++)
				if (ref_ticks(x, a, m))
					return true;
		}
		return false;
	case CCSL_EXPR_FILTER:
		return ref_ticks(x, a, n) && ref_word_bit(e, ref_count(x, a, s, n));
	case CCSL_EXPR_PERIODIC:
		h = ref_count(x, a, s, n);
		return ref_ticks(x, a, n) && h >= e->offset && (h - e->offset) % e->period == 0;
	case CCSL_EXPR_WAIT:
		return ref_ticks(x, a, n) && ref_count(x, a, s, n) == e->k - 1;
	case CCSL_EXPR_UPTO:
		return ref_ticks(x, a, n) && ref_count(x, b, s, n + 1) == 0;
	default:
		return false;
	}
}

/* ref_stateful - whether a relation kind has a state the unknown past can hide */
static bool ref_stateful(enum ccsl_rel_kind kind)
{
	return kind == CCSL_REL_PRECEDES || kind == CCSL_REL_CAUSES ||
	       kind == CCSL_REL_ALTERNATES || kind == CCSL_REL_ALTERNATES_WEAK ||
	       kind == CCSL_REL_FORBID || kind == CCSL_REL_ALLOW;
}

/* ref_initial - the known initial state: F = i, d = 0, window closed */
static int64_t ref_initial(const struct ref_rel *r)
{
	if (r->kind == CCSL_REL_PRECEDES || r->kind == CCSL_REL_CAUSES)
		return r->init;
	return 0;
}

/*
 * ref_window_open - open(n) for a window whose segment starts at s with
 * open(s) = open0: open(n+1) = (open(n) or a in S_n) and b not in S_n, i.e. the
 * last a at or before n-1 (or the initial opening) has no b from it to n-1.
 */
static bool ref_window_open(const struct ref_ctx *x, const struct ref_rel *r, int64_t open0,
			    int s, int n)
{
	int wa = r->args[1], wb = r->args[2];
	int j;

	for (j = n - 1; j >= s; j--) {
		if (ref_ticks(x, wb, j))
			return false;
		if (ref_ticks(x, wa, j))
			return true;
	}
	return open0 != 0;
}

/* ref_inside - inside(n) of doc/semantics.md, for the window of a forbid/allow */
static bool ref_inside(const struct ref_ctx *x, const struct ref_rel *r, int64_t open0, int s,
		       int n)
{
	bool lc = r->window & CCSL_WIN_LEFT_CLOSED, rcl = r->window & CCSL_WIN_RIGHT_CLOSED;
	bool ta = ref_ticks(x, r->args[1], n), tb = ref_ticks(x, r->args[2], n);

	if (ref_window_open(x, r, open0, s, n))
		return !tb || rcl;
	return ta && lc && (!tb || rcl);
}

/*
 * ref_violates - the violation condition of relation r at step n, for a segment
 * starting at step s in initial state s0 (tokens, phase, or window bit).
 */
static bool ref_violates(const struct ref_ctx *x, const struct ref_rel *r, int64_t s0, int s, int n)
{
	int a = r->args[0], b = r->nargs > 1 ? r->args[1] : -1;
	bool ta = ref_ticks(x, a, n), tb = b >= 0 && ref_ticks(x, b, n);
	int64_t f0, f1;
	int i, k;

	switch (r->kind) {
	case CCSL_REL_SUBCLOCK:
		return ta && !tb;
	case CCSL_REL_COINCIDES:
		return ta != tb;
	case CCSL_REL_EXCLUSION:
		for (i = 0, k = 0; i < r->nargs; i++)
			k += ref_ticks(x, r->args[i], n);
		return k >= 2;
	case CCSL_REL_PRECEDES:
	case CCSL_REL_CAUSES:
		f0 = s0 + ref_count(x, a, s, n) - ref_count(x, b, s, n);
		f1 = s0 + ref_count(x, a, s, n + 1) - ref_count(x, b, s, n + 1);
		if (r->kind == CCSL_REL_PRECEDES)
			return (tb && f0 < 1) || f1 > r->max;
		return f1 < 0 || f1 > r->max;
	case CCSL_REL_ALTERNATES:
	case CCSL_REL_ALTERNATES_WEAK:
		f0 = s0 + ref_count(x, a, s, n) - ref_count(x, b, s, n);
		if (r->kind == CCSL_REL_ALTERNATES)
			return (f0 == 0 && tb) || (f0 == 1 && ta);
		return (f0 == 0 && tb && !ta) || (f0 == 1 && ta);
	case CCSL_REL_FORBID:
		return ta && ref_inside(x, r, s0, s, n);
	case CCSL_REL_ALLOW:
		return ta && !ref_inside(x, r, s0, s, n);
	default:
		return false;
	}
}

/* ref_first_fail - first step in [s, e) where the relation from state s0 fails, or -1 */
static int ref_first_fail(const struct ref_ctx *x, const struct ref_rel *r, int64_t s0, int s,
			  int e)
{
	int n;

	for (n = s; n < e; n++)
		if (ref_violates(x, r, s0, s, n))
			return n;
	return -1;
}

/* ref_pending_end - whether the relation from state s0 at step s ends with an obligation */
static bool ref_pending_end(const struct ref_ctx *x, const struct ref_rel *r, int64_t s0, int s)
{
	int N = x->rc->nsteps;
	int64_t v;

	if (r->kind != CCSL_REL_PRECEDES && r->kind != CCSL_REL_CAUSES &&
	    r->kind != CCSL_REL_ALTERNATES && r->kind != CCSL_REL_ALTERNATES_WEAK)
		return false;
	v = s0 + ref_count(x, r->args[0], s, N) - ref_count(x, r->args[1], s, N);
	if (r->kind == CCSL_REL_PRECEDES || r->kind == CCSL_REL_CAUSES)
		return v > r->init;
	return v == 1;
}

/*
 * ref_relation - first violation and end-of-trace pending of one relation.
 * The trace is cut at every restart into segments; a segment is checked from
 * the known initial state, except the first one under an unknown past, which
 * is checked from every admissible state: it fails at the step where the last
 * of them fails, and is pending only if pending for every survivor.
 */
static void ref_relation(struct ref_ctx *x, int ri)
{
	const struct ref_rel *r = &x->rc->rel[ri];
	int N = x->rc->nsteps;
	int s = 0, e, f, worst;
	int64_t lo, hi, s0;
	bool unknown, survived, pend;

	x->res->first[ri] = -1;
	x->res->pending[ri] = false;
	while (s < N) {
		/* the segment [s, e) runs up to the next restart */
		for (e = s + 1; e < N && !(r->restart >= 0 && ref_ticks(x, r->restart, e)); e++)
			;
		unknown = x->rc->past_unknown && ref_stateful(r->kind) &&
			  !ref_restarted(x, r->restart, s);
		if (!unknown) {
			lo = hi = ref_initial(r);
		} else if (r->kind == CCSL_REL_PRECEDES || r->kind == CCSL_REL_CAUSES) {
			/* F0 in [0, m]; every F0 >= N behaves like N over N steps */
			lo = 0;
			hi = r->max < N ? r->max : N;
		} else {
			lo = 0;
			hi = 1;
		}
		worst = -1;
		survived = false;
		pend = true;
		for (s0 = lo; s0 <= hi; s0++) {
			f = ref_first_fail(x, r, s0, s, e);
			if (f < 0) {
				survived = true;
				pend = pend && ref_pending_end(x, r, s0, s);
			} else if (f > worst) {
				worst = f;
			}
		}
		if (!survived) {
			x->res->first[ri] = worst;
			return;
		}
		x->res->pending[ri] = pend;
		s = e;
	}
}

/* ref_eval - the reference answer for a case */
static void ref_eval(const struct ref_case *rc, struct ref_result *res)
{
	struct ref_ctx *x = calloc(1, sizeof(*x));
	int c, n, ri;

	ck_assert_ptr_nonnull(x);
	memset(res, 0, sizeof(*res));
	x->rc = rc;
	x->res = res;
	/* clocks only refer to earlier clocks, so index order is a dependency order */
	for (c = 0; c < rc->nclk; c++) {
		for (n = 0; n < rc->nsteps; n++)
			res->tick[n][c] = rc->clk[c].derived ? ref_expr_at(x, &rc->clk[c], n)
							     : rc->tick[n][c];
		ref_fill_counts(x, c);
	}
	for (ri = 0; ri < rc->nrel; ri++)
		ref_relation(x, ri);
	free(x);
}

/* ---------------------------------------------------------------------------
 * Running the engine on a case
 * ------------------------------------------------------------------------- */

/* What the violation callback collects during one step. */
struct eng_step {
	struct ref_result *res;
	const int *rel_of;	/* engine relation index -> case relation index */
	int nrel;
	uint64_t step;
	int calls;
};

/* eng_note - record the first misbehaviour of the engine */
static void eng_note(struct ref_result *res, const char *msg)
{
	if (!res->broken)
		snprintf(res->note, sizeof(res->note), "%s", msg);
	res->broken = true;
}

/* eng_on_violation - collect the first violation of each relation */
static void eng_on_violation(const struct ccsl_violation *v, void *arg)
{
	struct eng_step *st = arg;
	int ri;

	st->calls++;
	for (ri = 0; ri < st->nrel; ri++)
		if (st->rel_of[ri] == v->relation)
			break;
	if (ri == st->nrel) {
		eng_note(st->res, "violation reported for an unknown relation index");
		return;
	}
	if (v->step != st->step)
		eng_note(st->res, "violation step field differs from the step index");
	if (st->res->first[ri] < 0) {
		st->res->first[ri] = (int)st->step;
		if (v->count != 1)
			eng_note(st->res, "first violation of a relation has count != 1");
	}
}

/* eng_eval - the engine's answer for a case */
static void eng_eval(const struct ref_case *rc, struct ref_result *res)
{
	struct ccsl_model *m = ccsl_model_new();
	struct ccsl_monitor *mon;
	struct ccsl_expr_def ed;
	struct ccsl_rel_def rd;
	struct eng_step st;
	int idx[REF_MAX_CLOCKS], rel_of[REF_MAX_RELS], args[REF_MAX_ARGS];
	char err[256], why[256];
	uint64_t *ticks;
	int c, i, n, ri, words, got;

	memset(res, 0, sizeof(*res));
	for (ri = 0; ri < REF_MAX_RELS; ri++)
		res->first[ri] = -1;
	ck_assert_ptr_nonnull(m);
	for (c = 0; c < rc->nclk; c++) {
		const struct ref_clock *k = &rc->clk[c];

		if (!k->derived) {
			idx[c] = ccsl_model_add_base(m, k->name);
		} else {
			memset(&ed, 0, sizeof(ed));
			for (i = 0; i < k->nargs; i++)
				args[i] = idx[k->args[i]];
			ed.kind = k->kind;
			ed.args = args;
			ed.nargs = k->nargs;
			ed.k = k->k;
			ed.period = k->period;
			ed.offset = k->offset;
			ed.prefix = k->prefix;
			ed.cycle = k->has_cycle ? k->cycle : NULL;
			ed.restart = k->restart >= 0 ? idx[k->restart] : -1;
			idx[c] = ccsl_model_add_expr(m, k->name, &ed);
		}
		if (idx[c] < 0) {
			snprintf(res->note, sizeof(res->note), "engine rejected clock %s", k->name);
			res->broken = true;
			ccsl_model_free(m);
			return;
		}
	}
	for (ri = 0; ri < rc->nrel; ri++) {
		const struct ref_rel *r = &rc->rel[ri];

		memset(&rd, 0, sizeof(rd));
		for (i = 0; i < r->nargs; i++)
			args[i] = idx[r->args[i]];
		rd.kind = r->kind;
		rd.args = args;
		rd.nargs = r->nargs;
		rd.init = r->init;
		rd.max = r->max;
		rd.window = r->window;
		rd.restart = r->restart >= 0 ? idx[r->restart] : -1;
		rel_of[ri] = ccsl_model_add_relation(m, &rd);
		if (rel_of[ri] < 0) {
			snprintf(res->note, sizeof(res->note), "engine rejected relation R%d", ri);
			res->broken = true;
			ccsl_model_free(m);
			return;
		}
	}
	if (ccsl_model_finalize(m, err, sizeof(err)) != 0) {
		snprintf(res->note, sizeof(res->note), "engine finalize failed: %.200s", err);
		res->broken = true;
		ccsl_model_free(m);
		return;
	}
	mon = ccsl_monitor_new(m, rc->past_unknown);
	ck_assert_ptr_nonnull(mon);
	words = ccsl_model_words(m);
	ticks = calloc(words > 0 ? words : 1, sizeof(*ticks));
	ck_assert_ptr_nonnull(ticks);
	st.res = res;
	st.rel_of = rel_of;
	st.nrel = rc->nrel;
	for (n = 0; n < rc->nsteps; n++) {
		memset(ticks, 0, words * sizeof(*ticks));
		for (c = 0; c < rc->nclk; c++)
			if (!rc->clk[c].derived && rc->tick[n][c])
				ccsl_tick_set(ticks, idx[c]);
		st.step = n;
		st.calls = 0;
		got = ccsl_monitor_step(mon, ticks, eng_on_violation, &st);
		if (got != st.calls)
			eng_note(res, "step return value differs from the number of callbacks");
		for (c = 0; c < rc->nclk; c++)
			res->tick[n][c] = ccsl_tick_test(ticks, idx[c]);
	}
	if (ccsl_monitor_steps(mon) != (uint64_t)rc->nsteps)
		eng_note(res, "ccsl_monitor_steps differs from the number of steps");
	for (ri = 0; ri < rc->nrel; ri++) {
		res->pending[ri] = ccsl_monitor_pending(mon, rel_of[ri], why, sizeof(why));
		if ((ccsl_monitor_violations(mon, rel_of[ri]) == 0) != (res->first[ri] < 0))
			eng_note(res, "ccsl_monitor_violations disagrees with the callbacks");
	}
	free(ticks);
	ccsl_monitor_free(mon);
	ccsl_model_free(m);
}

/* ---------------------------------------------------------------------------
 * Comparing and printing
 * ------------------------------------------------------------------------- */

/* ref_differs - whether the engine's answer differs from the reference on a case */
static bool ref_differs(const struct ref_case *rc, const struct ref_result *ref,
			const struct ref_result *eng)
{
	int n, c, ri;

	if (eng->broken)
		return true;
	for (n = 0; n < rc->nsteps; n++)
		for (c = 0; c < rc->nclk; c++)
			if (rc->clk[c].derived && ref->tick[n][c] != eng->tick[n][c])
				return true;
	for (ri = 0; ri < rc->nrel; ri++) {
		if (ref->first[ri] != eng->first[ri])
			return true;
		if (ref->first[ri] < 0 && ref->pending[ri] != eng->pending[ri])
			return true;
	}
	return false;
}

/* case_differs - run both evaluators on a case; whether they disagree */
static bool case_differs(const struct ref_case *rc, struct ref_result *ref, struct ref_result *eng)
{
	ref_eval(rc, ref);
	eng_eval(rc, eng);
	return ref_differs(rc, ref, eng);
}

/* expr_str - a derived clock's definition in spec syntax */
static void expr_str(const struct ref_case *rc, const struct ref_clock *e, char *buf, size_t len)
{
	const char *an = rc->clk[e->args[0]].name;
	const char *bn = e->nargs > 1 ? rc->clk[e->args[1]].name : "?";
	const char *op;
	size_t o = 0;
	int i;

	switch (e->kind) {
	case CCSL_EXPR_UNION:
	case CCSL_EXPR_INTER:
		op = e->kind == CCSL_EXPR_UNION ? " + " : " * ";
		for (i = 0; i < e->nargs && o < len; i++)
			o += snprintf(buf + o, len - o, "%s%s", i ? op : "",
				      rc->clk[e->args[i]].name);
		break;
	case CCSL_EXPR_INF:
	case CCSL_EXPR_SUP:
		o += snprintf(buf, len, "%s(", e->kind == CCSL_EXPR_INF ? "inf" : "sup");
		for (i = 0; i < e->nargs && o < len; i++)
			o += snprintf(buf + o, len - o, "%s%s", i ? ", " : "",
				      rc->clk[e->args[i]].name);
		if (o < len)
			o += snprintf(buf + o, len - o, ")");
		break;
	case CCSL_EXPR_MINUS:
		o = snprintf(buf, len, "%s - %s", an, bn);
		break;
	case CCSL_EXPR_DELAY:
		o = snprintf(buf, len, "%s $ %" PRId64, an, e->k);
		break;
	case CCSL_EXPR_DELAY_ON:
		o = snprintf(buf, len, "%s $ %" PRId64 " on %s", an, e->k, bn);
		break;
	case CCSL_EXPR_SAMPLED:
		o = snprintf(buf, len, "%s sampled on %s", an, bn);
		break;
	case CCSL_EXPR_SAMPLED_STRICT:
		o = snprintf(buf, len, "%s strictly sampled on %s", an, bn);
		break;
	case CCSL_EXPR_FILTER:
		o = snprintf(buf, len, "%s filtered by \"%s\"%s%s%s", an, e->prefix,
			     e->has_cycle ? "(" : " (no cycle)", e->has_cycle ? e->cycle : "",
			     e->has_cycle ? ")" : "");
		break;
	case CCSL_EXPR_PERIODIC:
		o = snprintf(buf, len, "periodic %s period %" PRId64 " offset %" PRId64, an,
			     e->period, e->offset);
		break;
	case CCSL_EXPR_WAIT:
		o = snprintf(buf, len, "wait(%s, %" PRId64 ")", an, e->k);
		break;
	case CCSL_EXPR_UPTO:
		o = snprintf(buf, len, "%s upto %s", an, bn);
		break;
	default:
		o = snprintf(buf, len, "?");
		break;
	}
	if (e->restart >= 0 && o < len)
		snprintf(buf + o, len - o, " restart on %s", rc->clk[e->restart].name);
}

/* rel_str - a relation in spec syntax */
static void rel_str(const struct ref_case *rc, const struct ref_rel *r, char *buf, size_t len)
{
	const char *an = rc->clk[r->args[0]].name;
	const char *bn = r->nargs > 1 ? rc->clk[r->args[1]].name : "?";
	size_t o = 0;
	int i;

	switch (r->kind) {
	case CCSL_REL_SUBCLOCK:
		o = snprintf(buf, len, "%s sub %s", an, bn);
		break;
	case CCSL_REL_COINCIDES:
		o = snprintf(buf, len, "%s == %s", an, bn);
		break;
	case CCSL_REL_EXCLUSION:
		for (i = 0; i < r->nargs && o < len; i++)
			o += snprintf(buf + o, len - o, "%s%s", i ? " # " : "",
				      rc->clk[r->args[i]].name);
		break;
	case CCSL_REL_PRECEDES:
	case CCSL_REL_CAUSES:
		o = snprintf(buf, len, "%s %s %s init %" PRId64, an,
			     r->kind == CCSL_REL_PRECEDES ? "<" : "<=", bn, r->init);
		if (r->max != CCSL_UNBOUNDED && o < len)
			o += snprintf(buf + o, len - o, " max %" PRId64, r->max);
		break;
	case CCSL_REL_ALTERNATES:
	case CCSL_REL_ALTERNATES_WEAK:
		o = snprintf(buf, len, "%s ~ %s%s", an, bn,
			     r->kind == CCSL_REL_ALTERNATES_WEAK ? " weak" : "");
		break;
	case CCSL_REL_FORBID:
	case CCSL_REL_ALLOW:
		o = snprintf(buf, len, "%s %s in %s%s, %s%s", r->kind == CCSL_REL_FORBID ?
			     "forbid" : "allow", an,
			     r->window & CCSL_WIN_LEFT_CLOSED ? "[" : "]", bn,
			     rc->clk[r->args[2]].name,
			     r->window & CCSL_WIN_RIGHT_CLOSED ? "]" : "[");
		break;
	default:
		o = snprintf(buf, len, "?");
		break;
	}
	if (r->restart >= 0 && o < len)
		snprintf(buf + o, len - o, " restart on %s", rc->clk[r->restart].name);
}

/* print_column - one clock's ticks over the steps as 1 and . */
static void print_column(const char *label, const bool tick[][REF_MAX_CLOCKS], int c, int nsteps)
{
	int n;

	printf("  %-12s ", label);
	for (n = 0; n < nsteps; n++)
		putchar(tick[n][c] ? '1' : '.');
	putchar('\n');
}

/* print_case - the model, the sequence and both answers, readable as a regression test */
static void print_case(const struct ref_case *rc, const struct ref_result *ref,
		       const struct ref_result *eng)
{
	char buf[256], label[32];
	int c, n, ri;

	printf("  model (past %s):\n", rc->past_unknown ? "UNKNOWN (partly observed)" : "known");
	for (c = 0; c < rc->nclk; c++) {
		if (!rc->clk[c].derived)
			continue;
		expr_str(rc, &rc->clk[c], buf, sizeof(buf));
		printf("    %s = %s\n", rc->clk[c].name, buf);
	}
	for (ri = 0; ri < rc->nrel; ri++) {
		rel_str(rc, &rc->rel[ri], buf, sizeof(buf));
		printf("    R%d: %s\n", ri, buf);
	}
	printf("  steps (%d), 1 = ticks:\n  %-12s ", rc->nsteps, "step % 10");
	for (n = 0; n < rc->nsteps; n++)
		putchar('0' + n % 10);
	putchar('\n');
	for (c = 0; c < rc->nclk; c++) {
		if (rc->clk[c].derived)
			continue;
		print_column(rc->clk[c].name, rc->tick, c, rc->nsteps);
	}
	for (c = 0; c < rc->nclk; c++) {
		if (!rc->clk[c].derived)
			continue;
		snprintf(label, sizeof(label), "%s ref", rc->clk[c].name);
		print_column(label, ref->tick, c, rc->nsteps);
		snprintf(label, sizeof(label), "%s engine", rc->clk[c].name);
		print_column(label, eng->tick, c, rc->nsteps);
	}
	printf("  as step sets:");
	for (n = 0; n < rc->nsteps; n++) {
		bool first = true;

		printf(" {");
		for (c = 0; c < rc->nclk; c++) {
			if (rc->clk[c].derived || !rc->tick[n][c])
				continue;
			printf("%s%s", first ? "" : ",", rc->clk[c].name);
			first = false;
		}
		printf("}");
	}
	putchar('\n');
	for (ri = 0; ri < rc->nrel; ri++) {
		printf("  R%d first violation: reference ", ri);
		if (ref->first[ri] < 0)
			printf("none (pending %s)", ref->pending[ri] ? "yes" : "no");
		else
			printf("step %d", ref->first[ri]);
		printf(", engine ");
		if (eng->first[ri] < 0)
			printf("none (pending %s)", eng->pending[ri] ? "yes" : "no");
		else
			printf("step %d", eng->first[ri]);
		printf("%s\n", ref->first[ri] != eng->first[ri] ||
			       (ref->first[ri] < 0 && ref->pending[ri] != eng->pending[ri]) ?
			       "   <== differs" : "");
	}
	if (eng->broken)
		printf("  engine: %s\n", eng->note);
	fflush(stdout);
}

/*
 * shrink_case - make a disagreeing case small: drop steps and clear base ticks
 * while the two evaluators still disagree (on anything).
 */
static void shrink_case(struct ref_case *rc, struct ref_result *ref, struct ref_result *eng)
{
	struct ref_case *t = malloc(sizeof(*t));
	bool changed = true;
	int n, c;

	ck_assert_ptr_nonnull(t);
	while (changed) {
		changed = false;
		for (n = rc->nsteps - 1; n >= 0 && rc->nsteps > 1; n--) {
			*t = *rc;
			memmove(&t->tick[n], &t->tick[n + 1],
				(t->nsteps - n - 1) * sizeof(t->tick[0]));
			t->nsteps--;
			if (case_differs(t, ref, eng)) {
				*rc = *t;
				changed = true;
			}
		}
		for (n = 0; n < rc->nsteps; n++) {
			for (c = 0; c < rc->nclk; c++) {
				if (rc->clk[c].derived || !rc->tick[n][c])
					continue;
				*t = *rc;
				t->tick[n][c] = false;
				if (case_differs(t, ref, eng)) {
					*rc = *t;
					changed = true;
				}
			}
		}
	}
	free(t);
	case_differs(rc, ref, eng);
}

/* ---------------------------------------------------------------------------
 * Random cases
 * ------------------------------------------------------------------------- */

/* rng_next - splitmix64: a fixed generator so that seeds reproduce everywhere */
static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* rng_int - uniform in [lo, hi] */
static int rng_int(uint64_t *s, int lo, int hi)
{
	return lo + (int)(rng_next(s) % (uint64_t)(hi - lo + 1));
}

/* rng_chance - true with probability pct percent */
static bool rng_chance(uint64_t *s, int pct)
{
	return rng_int(s, 0, 99) < pct;
}

/* add_base - a base clock named name */
static int add_base(struct ref_case *rc, const char *name)
{
	struct ref_clock *k = &rc->clk[rc->nclk];

	memset(k, 0, sizeof(*k));
	snprintf(k->name, sizeof(k->name), "%s", name);
	k->restart = -1;
	return rc->nclk++;
}

/*
 * gen_base_ticks - fill the base columns. Independent random clocks make
 * alternations and precedences fail at once, so clocks are also generated as
 * noisy delayed copies of earlier clocks and as noisy periodic clocks: such
 * sequences often conform for a long time and reach the end with obligations.
 */
static void gen_base_ticks(struct ref_case *rc, uint64_t *s, int restart)
{
	int c, n, src, delay, period, phase, density, noise, gen;

	for (c = 0; c < rc->nclk; c++) {
		if (rc->clk[c].derived)
			continue;
		density = rng_int(s, 1, 9) * 10;
		noise = rng_int(s, 0, 3) * 5;
		src = rng_int(s, 0, c > 0 ? c - 1 : 0);
		delay = rng_int(s, 0, 3);
		period = rng_int(s, 1, 5);
		phase = rng_int(s, 0, period - 1);
		gen = c > 0 && !rc->clk[src].derived ? rng_int(s, 0, 2) : rng_int(s, 0, 1) * 2;
		if (c == restart) {
			/* restarts are rare, sometimes absent, sometimes at step 0 */
			density = rng_int(s, 0, 4) * 4;
			gen = 0;
		}
		for (n = 0; n < rc->nsteps; n++) {
			bool t;

			if (gen == 0)
				t = rng_chance(s, density);
			else if (gen == 1)
				t = n >= delay && rc->tick[n - delay][src];
			else
				t = n % period == phase;
			if (gen != 0 && rng_chance(s, noise))
				t = !t;
			rc->tick[n][c] = t;
		}
		if (c == restart && rng_chance(s, 15))
			rc->tick[0][c] = true;
	}
}

/* pick_clock - a random clock among the first nclk, preferring distinct from avoid */
static int pick_clock(uint64_t *s, int lo, int hi, int avoid)
{
	int c = rng_int(s, lo, hi);

	if (c == avoid && hi > lo && !rng_chance(s, 5))
		while (c == avoid)
			c = rng_int(s, lo, hi);
	return c;
}

/* gen_word - a random word of '0'/'1' of length in [lo, hi] */
static void gen_word(uint64_t *s, char *w, int lo, int hi)
{
	int i, len = rng_int(s, lo, hi);

	for (i = 0; i < len; i++)
		w[i] = rng_chance(s, 50) ? '1' : '0';
	w[len] = '\0';
}

/*
 * add_expr - a derived clock of a kind with random valid parameters over the
 * clocks [0, hi]; must_use, if >= 0, is made its first argument.
 */
static int add_expr(struct ref_case *rc, uint64_t *s, enum ccsl_expr_kind kind, int hi,
		    int must_use, int restart)
{
	struct ref_clock *k = &rc->clk[rc->nclk];
	int i;

	memset(k, 0, sizeof(*k));
	snprintf(k->name, sizeof(k->name), "E%d", rc->nclk);
	k->derived = true;
	k->kind = kind;
	switch (kind) {
	case CCSL_EXPR_UNION:
	case CCSL_EXPR_INTER:
	case CCSL_EXPR_INF:
	case CCSL_EXPR_SUP:
		k->nargs = rng_int(s, 2, 3);
		break;
	case CCSL_EXPR_MINUS:
	case CCSL_EXPR_DELAY_ON:
	case CCSL_EXPR_SAMPLED:
	case CCSL_EXPR_SAMPLED_STRICT:
	case CCSL_EXPR_UPTO:
		k->nargs = 2;
		break;
	default:
		k->nargs = 1;
		break;
	}
	for (i = 0; i < k->nargs; i++)
		k->args[i] = pick_clock(s, 0, hi, i ? k->args[0] : -1);
	if (must_use >= 0)
		k->args[rng_int(s, 0, k->nargs - 1)] = must_use;
	k->k = kind == CCSL_EXPR_DELAY ? rng_int(s, 0, 3) :
	       kind == CCSL_EXPR_WAIT ? rng_int(s, 1, 4) : rng_int(s, 1, 3);
	k->period = rng_int(s, 1, 4);
	k->offset = rng_int(s, 0, 3);
	gen_word(s, k->prefix, 0, 4);
	k->has_cycle = rng_chance(s, 60);
	if (k->has_cycle)
		gen_word(s, k->cycle, 1, 3);
	k->restart = rng_chance(s, 50) ? restart : -1;
	return rc->nclk++;
}

/*
 * add_rel - a relation of a kind with random valid parameters over the clocks
 * [0, hi]; must_use, if >= 0, is one of its arguments.
 */
static void add_rel(struct ref_case *rc, uint64_t *s, enum ccsl_rel_kind kind, int hi,
		    int must_use, int restart)
{
	struct ref_rel *r = &rc->rel[rc->nrel++];
	int i;

	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->nargs = kind == CCSL_REL_FORBID || kind == CCSL_REL_ALLOW ? 3 :
		   kind == CCSL_REL_EXCLUSION ? rng_int(s, 2, 3) : 2;
	for (i = 0; i < r->nargs; i++)
		r->args[i] = pick_clock(s, 0, hi, i ? r->args[i - 1] : -1);
	if (must_use >= 0)
		r->args[rng_int(s, 0, r->nargs - 1)] = must_use;
	r->init = rng_chance(s, 50) ? 0 : rng_int(s, 1, 3);
	r->max = rng_chance(s, 50) ? CCSL_UNBOUNDED : r->init + rng_int(s, 0, 3);
	r->window = rng_int(s, 0, 3);
	r->restart = rng_chance(s, 50) ? restart : -1;
}

/* The random families: one per relation kind, one per expression kind, nested. */
#define FAMILY_NESTED (CCSL_REL_KIND_COUNT + CCSL_EXPR_KIND_COUNT)
#define FAMILY_COUNT (FAMILY_NESTED + 1)

/* family_name - what a family exercises, for the progress line */
static const char *family_name(int f, char *buf, size_t len)
{
	if (f < CCSL_REL_KIND_COUNT)
		snprintf(buf, len, "relation %s", ccsl_rel_name(f));
	else if (f < FAMILY_NESTED)
		snprintf(buf, len, "expression %s", ccsl_expr_name(f - CCSL_REL_KIND_COUNT));
	else
		snprintf(buf, len, "nested expressions and derived restarts");
	return buf;
}

/*
 * gen_case - a random case of a family. Base clocks a, b, c (d) and a rare
 * restart clock r; expression families add the expression and two random
 * relations watching it; the nested family stacks expressions and restarts
 * relations and expressions on derived clocks.
 */
static void gen_case(struct ref_case *rc, uint64_t *s, int family)
{
	static const char *const names[] = { "a", "b", "c", "d" };
	int nbase = rng_int(s, 3, 4), i, r, e1, e2, top;

	memset(rc, 0, sizeof(*rc));
	rc->nsteps = rng_int(s, 1, 40);
	rc->past_unknown = rng_chance(s, 50);
	for (i = 0; i < nbase; i++)
		add_base(rc, names[i]);
	r = add_base(rc, "r");
	top = nbase - 1;
	if (family < CCSL_REL_KIND_COUNT) {
		add_rel(rc, s, family, top, -1, r);
		add_rel(rc, s, family, top, -1, r);
	} else if (family < FAMILY_NESTED) {
		e1 = add_expr(rc, s, family - CCSL_REL_KIND_COUNT, top, -1, r);
		add_rel(rc, s, rng_int(s, 0, CCSL_REL_KIND_COUNT - 1), top, e1, r);
		add_rel(rc, s, rng_int(s, 0, CCSL_REL_KIND_COUNT - 1), top, e1, r);
	} else {
		e1 = add_expr(rc, s, rng_int(s, 0, CCSL_EXPR_KIND_COUNT - 1), top, -1, r);
		e2 = add_expr(rc, s, rng_int(s, 0, CCSL_EXPR_KIND_COUNT - 1), e1, e1,
			      rng_chance(s, 50) ? e1 : r);
		add_rel(rc, s, rng_int(s, 0, CCSL_REL_KIND_COUNT - 1), e2, e2,
			rng_chance(s, 50) ? e1 : e2);
		add_rel(rc, s, rng_int(s, 0, CCSL_REL_KIND_COUNT - 1), e2, -1,
			rng_chance(s, 50) ? r : e1);
	}
	gen_base_ticks(rc, s, r);
}

/* env_u64 - a numeric environment variable, or a default */
static uint64_t env_u64(const char *name, uint64_t def)
{
	const char *v = getenv(name);
	char *end;
	uint64_t x;

	if (!v || !*v)
		return def;
	x = strtoull(v, &end, 0);
	return *end ? def : x;
}

/* test_random_family - the differential test of one family over many random sequences */
START_TEST(test_random_family)
{
	uint64_t iter = env_u64("CCSL_REF_ITER", REF_DEFAULT_ITER);
	uint64_t seed = env_u64("CCSL_REF_SEED", REF_DEFAULT_SEED);
	uint64_t s = seed ^ ((uint64_t)(_i + 1) * UINT64_C(0xd1b54a32d192ed03));
	struct ref_case *rc = malloc(sizeof(*rc)), *bad = malloc(sizeof(*bad));
	struct ref_result *ref = malloc(sizeof(*ref)), *eng = malloc(sizeof(*eng));
	uint64_t i, disagreements = 0, bad_iter = 0, viol = 0, pend = 0, clean = 0, unknown = 0;
	int orig_len = 0, ri;
	char name[96];

	ck_assert(rc && bad && ref && eng);
	family_name(_i, name, sizeof(name));
	for (i = 0; i < iter; i++) {
		gen_case(rc, &s, _i);
		unknown += rc->past_unknown;
		if (!case_differs(rc, ref, eng)) {
			/* how the relations ended, to show the sequences are not all trivial */
			for (ri = 0; ri < rc->nrel; ri++) {
				if (ref->first[ri] >= 0)
					viol++;
				else if (ref->pending[ri])
					pend++;
				else
					clean++;
			}
			continue;
		}
		if (disagreements++ == 0) {
			*bad = *rc;
			bad_iter = i;
			orig_len = rc->nsteps;
		}
	}
	printf("reference: %-40s %7" PRIu64 " sequences, %" PRIu64 " disagreements\n"
	       "           (%" PRIu64 " with unknown past; relations ended: %" PRIu64
	       " violated, %" PRIu64 " pending, %" PRIu64 " clean)\n",
	       name, iter, disagreements, unknown, viol, pend, clean);
	fflush(stdout);
	if (disagreements) {
		printf("FIRST DISAGREEMENT (%s, seed 0x%016" PRIx64 ", sequence %" PRIu64
		       ", %d steps, shrunk below):\n", name, seed, bad_iter, orig_len);
		shrink_case(bad, ref, eng);
		print_case(bad, ref, eng);
	}
	free(rc);
	free(bad);
	free(ref);
	free(eng);
	ck_assert_msg(disagreements == 0, "%s: %" PRIu64 " of %" PRIu64
		      " sequences disagree with the reference", name, disagreements, iter);
}
END_TEST

/* ---------------------------------------------------------------------------
 * Hand-computed cases: they check the reference itself against the text of
 * doc/semantics.md, and the engine on the same cases.
 * ------------------------------------------------------------------------- */

/* set_column - a clock's ticks from a string of 1 and . (its length sets nsteps) */
static void set_column(struct ref_case *rc, int c, const char *col)
{
	int n;

	rc->nsteps = (int)strlen(col);
	for (n = 0; n < rc->nsteps; n++)
		rc->tick[n][c] = col[n] == '1';
}

/* hand_expr - a derived clock with explicit parameters */
static int hand_expr(struct ref_case *rc, enum ccsl_expr_kind kind, int a, int b, int64_t k,
		     int restart)
{
	struct ref_clock *e = &rc->clk[rc->nclk];

	memset(e, 0, sizeof(*e));
	snprintf(e->name, sizeof(e->name), "E%d", rc->nclk);
	e->derived = true;
	e->kind = kind;
	e->args[0] = a;
	e->args[1] = b;
	e->nargs = b >= 0 ? 2 : 1;
	e->k = k;
	e->period = 1;
	e->restart = restart;
	return rc->nclk++;
}

/* hand_rel - a relation with explicit parameters */
static int hand_rel(struct ref_case *rc, enum ccsl_rel_kind kind, int a, int b, int w,
		    unsigned int window, int restart)
{
	struct ref_rel *r = &rc->rel[rc->nrel];

	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->args[0] = a;
	r->args[1] = b;
	r->args[2] = w;
	r->nargs = w >= 0 ? 3 : 2;
	r->max = CCSL_UNBOUNDED;
	r->window = window;
	r->restart = restart;
	return rc->nrel++;
}

/* expect_column - check one derived column of an answer */
static void expect_column(const char *who, const struct ref_case *rc,
			  const struct ref_result *res, int c, const char *want)
{
	char got[REF_MAX_STEPS + 1];
	int n;

	for (n = 0; n < rc->nsteps; n++)
		got[n] = res->tick[n][c] ? '1' : '.';
	got[n] = '\0';
	ck_assert_msg(!strcmp(got, want), "%s: %s ticks %s, expected %s", who, rc->clk[c].name,
		      got, want);
}

/* expect_both - check the reference, then the engine, on a hand case */
static void expect_both(const struct ref_case *rc, int c, const char *want, int rel, int first,
			bool pending)
{
	struct ref_result *res = malloc(sizeof(*res));
	int pass;

	ck_assert_ptr_nonnull(res);
	for (pass = 0; pass < 2; pass++) {
		const char *who = pass ? "engine" : "reference";

		if (pass)
			eng_eval(rc, res);
		else
			ref_eval(rc, res);
		ck_assert_msg(!res->broken, "%s: %s", who, res->note);
		if (c >= 0)
			expect_column(who, rc, res, c, want);
		if (rel < 0)
			continue;
		ck_assert_msg(res->first[rel] == first, "%s: R%d first violation %d, expected %d",
			      who, rel, res->first[rel], first);
		if (first < 0)
			ck_assert_msg(res->pending[rel] == pending,
				      "%s: R%d pending %d, expected %d", who, rel,
				      res->pending[rel], pending);
	}
	free(res);
}

/* test_hand_expressions - derived clocks on small hand-computed sequences */
START_TEST(test_hand_expressions)
{
	struct ref_case *rc = malloc(sizeof(*rc));
	int a, b, r, e;

	ck_assert_ptr_nonnull(rc);

	/* each a books the 2nd b strictly after it; a b with the a does not count */
	memset(rc, 0, sizeof(*rc));
	a = add_base(rc, "a");
	b = add_base(rc, "b");
	set_column(rc, a, "1.1....");
	set_column(rc, b, "1111111");
	e = hand_expr(rc, CCSL_EXPR_DELAY_ON, a, b, 2, -1);
	expect_both(rc, e, "..1.1..", -1, 0, false);

	/* two a before one b: their bookings land on the same b and merge */
	memset(rc, 0, sizeof(*rc));
	a = add_base(rc, "a");
	b = add_base(rc, "b");
	set_column(rc, a, "11...");
	set_column(rc, b, "..111");
	e = hand_expr(rc, CCSL_EXPR_DELAY_ON, a, b, 1, -1);
	expect_both(rc, e, "..1..", -1, 0, false);

	/* sampled takes an a with the b; strictly sampled leaves it to the next b */
	memset(rc, 0, sizeof(*rc));
	a = add_base(rc, "a");
	b = add_base(rc, "b");
	set_column(rc, a, "1..1..");
	set_column(rc, b, "1.1.1.");
	e = hand_expr(rc, CCSL_EXPR_SAMPLED, a, b, 0, -1);
	expect_both(rc, e, "1...1.", -1, 0, false);
	e = hand_expr(rc, CCSL_EXPR_SAMPLED_STRICT, a, b, 0, -1);
	expect_both(rc, e, "..1.1.", -1, 0, false);

	/* inf follows the fastest count, sup the slowest */
	memset(rc, 0, sizeof(*rc));
	a = add_base(rc, "a");
	b = add_base(rc, "b");
	set_column(rc, a, "11..1");
	set_column(rc, b, ".1.11");
	e = hand_expr(rc, CCSL_EXPR_INF, a, b, 0, -1);
	expect_both(rc, e, "11..1", -1, 0, false);
	e = hand_expr(rc, CCSL_EXPR_SUP, a, b, 0, -1);
	expect_both(rc, e, ".1.11", -1, 0, false);

	/* a upto b stops at b's first tick, that step included */
	memset(rc, 0, sizeof(*rc));
	a = add_base(rc, "a");
	b = add_base(rc, "b");
	set_column(rc, a, "11111");
	set_column(rc, b, "..1.1");
	e = hand_expr(rc, CCSL_EXPR_UPTO, a, b, 0, -1);
	expect_both(rc, e, "11...", -1, 0, false);

	/* wait(b, 2) ticks once, again after a restart */
	memset(rc, 0, sizeof(*rc));
	b = add_base(rc, "b");
	r = add_base(rc, "r");
	set_column(rc, b, "111111");
	set_column(rc, r, "...1..");
	e = hand_expr(rc, CCSL_EXPR_WAIT, b, -1, 2, r);
	expect_both(rc, e, ".1..1.", -1, 0, false);

	/* a $ 1 restarted: counts start at the restart step inclusive */
	memset(rc, 0, sizeof(*rc));
	a = add_base(rc, "a");
	r = add_base(rc, "r");
	set_column(rc, a, "11111");
	set_column(rc, r, "..1..");
	e = hand_expr(rc, CCSL_EXPR_DELAY, a, -1, 1, r);
	expect_both(rc, e, ".1.11", -1, 0, false);

	/* filter by 0(1 0 0) and periodic period 3 offset 1 are the same clock */
	memset(rc, 0, sizeof(*rc));
	b = add_base(rc, "b");
	set_column(rc, b, "11.1111111");
	e = hand_expr(rc, CCSL_EXPR_FILTER, b, -1, 0, -1);
	strcpy(rc->clk[e].prefix, "0");
	strcpy(rc->clk[e].cycle, "100");
	rc->clk[e].has_cycle = true;
	expect_both(rc, e, ".1...1..1.", -1, 0, false);
	e = hand_expr(rc, CCSL_EXPR_PERIODIC, b, -1, 0, -1);
	rc->clk[e].period = 3;
	rc->clk[e].offset = 1;
	expect_both(rc, e, ".1...1..1.", -1, 0, false);
	free(rc);
}
END_TEST

/* test_hand_relations - relations, windows and the unknown past on hand cases */
START_TEST(test_hand_relations)
{
	struct ref_case *rc = malloc(sizeof(*rc));
	int a, b, x, r, ri;

	ck_assert_ptr_nonnull(rc);

	/* a and b together at d = 0: strict alternation fails, weak does not */
	memset(rc, 0, sizeof(*rc));
	a = add_base(rc, "a");
	b = add_base(rc, "b");
	set_column(rc, a, "1.1");
	set_column(rc, b, "11.");
	ri = hand_rel(rc, CCSL_REL_ALTERNATES, a, b, -1, 0, -1);
	expect_both(rc, -1, NULL, ri, 0, false);
	rc->rel[ri].kind = CCSL_REL_ALTERNATES_WEAK;
	expect_both(rc, -1, NULL, ri, 1, false);
	set_column(rc, b, "1..");
	expect_both(rc, -1, NULL, ri, -1, true);

	/* a < b fails on a b together with its a; a <= b does not */
	memset(rc, 0, sizeof(*rc));
	a = add_base(rc, "a");
	b = add_base(rc, "b");
	set_column(rc, a, "11.");
	set_column(rc, b, ".1.");
	ri = hand_rel(rc, CCSL_REL_PRECEDES, a, b, -1, 0, -1);
	expect_both(rc, -1, NULL, ri, -1, true);
	set_column(rc, a, ".1.");
	expect_both(rc, -1, NULL, ri, 1, false);
	rc->rel[ri].kind = CCSL_REL_CAUSES;
	expect_both(rc, -1, NULL, ri, -1, false);

	/* bounded: a <= b max 1 fails at the second a in a row */
	set_column(rc, a, "11.");
	set_column(rc, b, "...");
	rc->rel[ri].max = 1;
	expect_both(rc, -1, NULL, ri, 1, false);

	/* an unknown past explains a leading b, the known past does not */
	memset(rc, 0, sizeof(*rc));
	a = add_base(rc, "a");
	b = add_base(rc, "b");
	set_column(rc, a, "...");
	set_column(rc, b, "1..");
	ri = hand_rel(rc, CCSL_REL_PRECEDES, a, b, -1, 0, -1);
	expect_both(rc, -1, NULL, ri, 0, false);
	rc->past_unknown = true;
	expect_both(rc, -1, NULL, ri, -1, false);
	set_column(rc, b, "111");
	expect_both(rc, -1, NULL, ri, -1, false);
	/* ... but not a b then an a after the restart made the state known */
	r = add_base(rc, "r");
	set_column(rc, r, ".1.");
	rc->rel[ri].restart = r;
	expect_both(rc, -1, NULL, ri, 1, false);

	/* unknown phase of an alternation: pending only if pending for every survivor */
	memset(rc, 0, sizeof(*rc));
	rc->past_unknown = true;
	a = add_base(rc, "a");
	b = add_base(rc, "b");
	set_column(rc, a, "1..");
	set_column(rc, b, "...");
	ri = hand_rel(rc, CCSL_REL_ALTERNATES, a, b, -1, 0, -1);
	expect_both(rc, -1, NULL, ri, -1, true);
	set_column(rc, a, "...");
	expect_both(rc, -1, NULL, ri, -1, false);
	set_column(rc, b, "1.1");
	expect_both(rc, -1, NULL, ri, 2, false);

	/* open and closed window ends with x on the same step as a or b */
	memset(rc, 0, sizeof(*rc));
	x = add_base(rc, "x");
	a = add_base(rc, "a");
	b = add_base(rc, "b");
	set_column(rc, x, "1..1.");
	set_column(rc, a, "1....");
	set_column(rc, b, "...1.");
	ri = hand_rel(rc, CCSL_REL_FORBID, x, a, b, 0, -1);
	expect_both(rc, -1, NULL, ri, -1, false);
	rc->rel[ri].window = CCSL_WIN_RIGHT_CLOSED;
	expect_both(rc, -1, NULL, ri, 3, false);
	rc->rel[ri].window = CCSL_WIN_LEFT_CLOSED;
	expect_both(rc, -1, NULL, ri, 0, false);
	rc->rel[ri].kind = CCSL_REL_ALLOW;
	expect_both(rc, -1, NULL, ri, 3, false);
	/* an unknown past may have the window open already */
	rc->past_unknown = true;
	set_column(rc, x, ".1...");
	set_column(rc, a, ".....");
	set_column(rc, b, "...1.");
	expect_both(rc, -1, NULL, ri, -1, false);
	rc->past_unknown = false;
	expect_both(rc, -1, NULL, ri, 1, false);
	rc->past_unknown = true;
	set_column(rc, x, ".1..1");
	expect_both(rc, -1, NULL, ri, 4, false);
	free(rc);
}
END_TEST

/* test_hand_nested - an expression over an expression, a relation restarted by a derived clock */
START_TEST(test_hand_nested)
{
	struct ref_case *rc = malloc(sizeof(*rc));
	int a, b, r, e1, e2, ri;

	ck_assert_ptr_nonnull(rc);

	/* periodic (a $ 1) period 2: E1 ticks at 1, 2, 3 with counts 0, 1, 2 */
	memset(rc, 0, sizeof(*rc));
	a = add_base(rc, "a");
	set_column(rc, a, "1111");
	e1 = hand_expr(rc, CCSL_EXPR_DELAY, a, -1, 1, -1);
	e2 = hand_expr(rc, CCSL_EXPR_PERIODIC, e1, -1, 0, -1);
	rc->clk[e2].period = 2;
	expect_both(rc, e1, ".111", -1, 0, false);
	expect_both(rc, e2, ".1.1", -1, 0, false);

	/* a ~ b restarted by wait(r, 2): the restart at step 1 lets the second a pass */
	memset(rc, 0, sizeof(*rc));
	a = add_base(rc, "a");
	b = add_base(rc, "b");
	r = add_base(rc, "r");
	set_column(rc, a, "11..");
	set_column(rc, b, "....");
	set_column(rc, r, "11..");
	e1 = hand_expr(rc, CCSL_EXPR_WAIT, r, -1, 2, -1);
	ri = hand_rel(rc, CCSL_REL_ALTERNATES, a, b, -1, 0, e1);
	expect_both(rc, e1, ".1..", ri, -1, true);
	rc->rel[ri].restart = -1;
	expect_both(rc, e1, ".1..", ri, 1, false);

	/* an expression restarted by another: a $ 1 restarted by (r sampled on b) */
	memset(rc, 0, sizeof(*rc));
	a = add_base(rc, "a");
	b = add_base(rc, "b");
	r = add_base(rc, "r");
	set_column(rc, a, "111111");
	set_column(rc, b, "..1..1");
	set_column(rc, r, ".1....");
	e1 = hand_expr(rc, CCSL_EXPR_SAMPLED, r, b, 0, -1);
	e2 = hand_expr(rc, CCSL_EXPR_DELAY, a, -1, 1, e1);
	expect_both(rc, e1, "..1...", -1, 0, false);
	expect_both(rc, e2, ".1.111", -1, 0, false);
	free(rc);
}
END_TEST

/* ignore_violation - a callback for steps whose violations do not matter */
static void ignore_violation(const struct ccsl_violation *v, void *arg)
{
}

/* test_derived_bits_cleared - the engine clears derived bits the caller left set */
START_TEST(test_derived_bits_cleared)
{
	struct ccsl_model *m = ccsl_model_new();
	struct ccsl_expr_def ed = { .kind = CCSL_EXPR_INTER, .nargs = 2, .restart = -1 };
	struct ccsl_monitor *mon;
	char err[128];
	uint64_t ticks[4];
	int args[2], e;

	ck_assert_ptr_nonnull(m);
	args[0] = ccsl_model_add_base(m, "a");
	args[1] = ccsl_model_add_base(m, "b");
	ed.args = args;
	e = ccsl_model_add_expr(m, "e", &ed);
	ck_assert_int_ge(e, 0);
	ck_assert_int_eq(ccsl_model_finalize(m, err, sizeof(err)), 0);
	ck_assert_int_le(ccsl_model_words(m), 4);
	mon = ccsl_monitor_new(m, false);
	ck_assert_ptr_nonnull(mon);
	memset(ticks, 0, sizeof(ticks));
	ccsl_tick_set(ticks, args[0]);
	ccsl_tick_set(ticks, e);
	ccsl_monitor_step(mon, ticks, ignore_violation, NULL);
	ck_assert(!ccsl_tick_test(ticks, e));
	ccsl_monitor_free(mon);
	ccsl_model_free(m);
}
END_TEST

/* reference_suite - hand cases first (they validate the reference), then the random runs */
static Suite *reference_suite(void)
{
	Suite *s = suite_create("reference");
	TCase *hand = tcase_create("hand");
	TCase *rnd = tcase_create("differential");
	uint64_t seed = env_u64("CCSL_REF_SEED", REF_DEFAULT_SEED);

	printf("reference: seed 0x%016" PRIx64 " (CCSL_REF_SEED), %" PRIu64
	       " sequences per kind (CCSL_REF_ITER)\n", seed,
	       env_u64("CCSL_REF_ITER", REF_DEFAULT_ITER));
	fflush(stdout);
	tcase_add_test(hand, test_hand_expressions);
	tcase_add_test(hand, test_hand_relations);
	tcase_add_test(hand, test_hand_nested);
	tcase_add_test(hand, test_derived_bits_cleared);
	suite_add_tcase(s, hand);
	/* 100000 sequences per kind under sanitizers take long: no practical limit */
	tcase_set_timeout(rnd, 24 * 3600);
	tcase_add_loop_test(rnd, test_random_family, 0, FAMILY_COUNT);
	suite_add_tcase(s, rnd);
	return s;
}

UNIT_MAIN(reference_suite)
