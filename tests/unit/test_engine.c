// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_engine.c - hand-written cases of the CCSL engine: every relation and
 * every expression on small step sequences, with the exact step, relation
 * index and explanation of each violation, restarts, the partly observed
 * history, end-of-trace obligations, finalize and parameter checks.
 *
 * Columns are written as strings, one character per step: '1' ticks.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "unit.h"

#define MAX_SEEN 32
#define MAX_STEPS 64

/* A violation as reported, with its explanation asked for in the callback. */
struct seen_violation {
	int relation;
	uint64_t step;
	uint64_t count;
	char why[CCSL_WHY_LEN];
};

/* The violations reported by the engine during a run. */
struct seen {
	int n;
	struct seen_violation v[MAX_SEEN];
};

static struct ccsl_model *M;
static struct ccsl_monitor *MON;
static struct seen S;
static int watch = -1;			/* a clock whose column run() records */
static char watched[MAX_STEPS + 1];

/* setup - a fresh empty model for each test */
static void setup(void)
{
	M = ccsl_model_new();
	ck_assert_ptr_nonnull(M);
	MON = NULL;
	memset(&S, 0, sizeof(S));
	watch = -1;
}

/* teardown - free the monitor and the model */
static void teardown(void)
{
	ccsl_monitor_free(MON);
	ccsl_model_free(M);
	MON = NULL;
	M = NULL;
}

/* on_violation - keep every violation, in order */
static void on_violation(const struct ccsl_violation *v, void *arg)
{
	struct seen *s = arg;

	if (s->n < MAX_SEEN) {
		s->v[s->n] = (struct seen_violation){ v->relation, v->step, v->count, "" };
		ccsl_violation_explain(v, s->v[s->n].why, sizeof(s->v[s->n].why));
	}
	s->n++;
}

/* base - a base clock */
static int base(const char *name)
{
	int c = ccsl_model_add_base(M, name);

	ck_assert_int_ge(c, 0);
	return c;
}

/* rel_def - a relation definition with the defaults: init 0, unbounded, no restart */
static struct ccsl_rel_def rel_def(enum ccsl_rel_kind kind, const int *args, int nargs)
{
	struct ccsl_rel_def d = { .kind = kind, .args = args, .nargs = nargs, .init = 0,
				  .max = CCSL_UNBOUNDED, .window = 0, .restart = -1 };
	return d;
}

/* rel - add a relation, which must be accepted */
static int rel(const struct ccsl_rel_def *d)
{
	int r = ccsl_model_add_relation(M, d);

	ck_assert_int_ge(r, 0);
	return r;
}

/* rel2 - a two-clock relation with defaults and an optional restart clock */
static int rel2(enum ccsl_rel_kind kind, int a, int b, int restart)
{
	int args[2] = { a, b };
	struct ccsl_rel_def d = rel_def(kind, args, 2);

	d.restart = restart;
	return rel(&d);
}

/* bounded - a <[=] b init i max m */
static int bounded(enum ccsl_rel_kind kind, int a, int b, int64_t init, int64_t max)
{
	int args[2] = { a, b };
	struct ccsl_rel_def d = rel_def(kind, args, 2);

	d.init = init;
	d.max = max;
	return rel(&d);
}

/* window_rel - forbid/allow x in a window opened by a, closed by b */
static int window_rel(enum ccsl_rel_kind kind, int x, int a, int b, unsigned int window)
{
	int args[3] = { x, a, b };
	struct ccsl_rel_def d = rel_def(kind, args, 3);

	d.window = window;
	return rel(&d);
}

/* expr_def - a derived clock definition with the defaults */
static struct ccsl_expr_def expr_def(enum ccsl_expr_kind kind, const int *args, int nargs)
{
	struct ccsl_expr_def d = { .kind = kind, .args = args, .nargs = nargs, .k = 0,
				   .period = 1, .offset = 0, .prefix = "", .cycle = NULL,
				   .restart = -1 };
	return d;
}

/* expr - add a derived clock, which must be accepted */
static int expr(const char *name, const struct ccsl_expr_def *d)
{
	int c = ccsl_model_add_expr(M, name, d);

	ck_assert_int_ge(c, 0);
	return c;
}

/* expr2 - a one- or two-argument derived clock with k and an optional restart */
static int expr2(const char *name, enum ccsl_expr_kind kind, int a, int b, int64_t k,
		 int restart)
{
	int args[2] = { a, b };
	struct ccsl_expr_def d = expr_def(kind, args, b >= 0 ? 2 : 1);

	d.k = k;
	d.restart = restart;
	return expr(name, &d);
}

/* start - finalize the model and create the monitor */
static void start(bool past_unknown)
{
	char err[128];

	ck_assert_msg(ccsl_model_finalize(M, err, sizeof(err)) == 0, "finalize: %s", err);
	MON = ccsl_monitor_new(M, past_unknown);
	ck_assert_ptr_nonnull(MON);
}

/*
 * run - step through columns given as (clock, "1.1.") pairs ended by -1; every
 * column has the same length. Records the watched clock's column. Returns the
 * number of violations of this run.
 */
static int run(int clock, const char *col, ...)
{
	int ids[8], n = 0, len = (int)strlen(col), before = S.n, got, total = 0;
	const char *cols[8];
	uint64_t ticks[4];
	va_list ap;

	va_start(ap, col);
	while (clock >= 0 && n < 8) {
		ck_assert_int_eq((int)strlen(col), len);
		ids[n] = clock;
		cols[n++] = col;
		clock = va_arg(ap, int);
		if (clock >= 0)
			col = va_arg(ap, const char *);
	}
	va_end(ap);
	ck_assert_int_le(ccsl_model_words(M), 4);
	for (int s = 0; s < len; s++) {
		memset(ticks, 0, sizeof(ticks));
		for (int i = 0; i < n; i++)
			if (cols[i][s] == '1')
				ccsl_tick_set(ticks, ids[i]);
		got = ccsl_monitor_step(MON, ticks, on_violation, &S);
		total += got;
		if (watch >= 0 && s < MAX_STEPS)
			watched[s] = ccsl_tick_test(ticks, watch) ? '1' : '.';
	}
	watched[len < MAX_STEPS ? len : MAX_STEPS] = '\0';
	ck_assert_int_eq(total, S.n - before);
	return total;
}

/* expect_violation - the i-th violation seen is relation rel at step, count, why contains */
static void expect_violation(int i, int relation, uint64_t step, uint64_t count,
			     const char *why_part)
{
	ck_assert_int_gt(S.n, i);
	ck_assert_int_eq(S.v[i].relation, relation);
	ck_assert_uint_eq(S.v[i].step, step);
	ck_assert_uint_eq(S.v[i].count, count);
	if (why_part)
		ck_assert_msg(strstr(S.v[i].why, why_part), "why \"%s\" lacks \"%s\"", S.v[i].why,
			      why_part);
}

/* expect_pending - the end-of-trace obligation of a relation and its explanation */
static void expect_pending(int relation, bool want, const char *why_part)
{
	char why[192];
	bool got = ccsl_monitor_pending(MON, relation, why, sizeof(why));

	ck_assert_msg(got == want, "R%d pending %d, expected %d (%s)", relation, got, want, why);
	if (want && why_part)
		ck_assert_msg(strstr(why, why_part), "pending \"%s\" lacks \"%s\"", why, why_part);
	if (!want)
		ck_assert_str_eq(why, "");
}

/* ---------------------------------------------------------------- relations */

START_TEST(test_subclock)
{
	int a = base("fast"), b = base("slow");
	int r = rel2(CCSL_REL_SUBCLOCK, a, b, -1);

	start(false);
	ck_assert_int_eq(run(a, "1.1.", b, "1111", -1), 0);
	ck_assert_int_eq(run(a, "..1", b, "1..", -1), 1);
	expect_violation(0, r, 6, 1, "fast ticked without slow (subclock)");
	expect_pending(r, false, NULL);
	ck_assert_uint_eq(ccsl_monitor_violations(MON, r), 1);
	ck_assert_uint_eq(ccsl_monitor_steps(MON), 7);
}
END_TEST

START_TEST(test_coincides)
{
	int a = base("kick"), b = base("notify");
	int r = rel2(CCSL_REL_COINCIDES, a, b, -1);

	start(false);
	ck_assert_int_eq(run(a, "1.1.1", b, "1.11.", -1), 2);
	expect_violation(0, r, 3, 1, "notify ticked without kick (coincidence)");
	expect_violation(1, r, 4, 2, "kick ticked without notify (coincidence)");
}
END_TEST

START_TEST(test_exclusion)
{
	int a = base("a"), b = base("b"), c = base("c");
	int args[3] = { a, b, c };
	struct ccsl_rel_def d = rel_def(CCSL_REL_EXCLUSION, args, 3);
	int r = rel(&d);

	start(false);
	ck_assert_int_eq(run(a, "1...", b, ".1.1", c, "..11", -1), 1);
	expect_violation(0, r, 3, 1, "b and c ticked in the same step (exclusion)");
}
END_TEST

START_TEST(test_precedes_strict)
{
	int f = base("features_ok"), d = base("driver_ok");
	int r = rel2(CCSL_REL_PRECEDES, f, d, -1);

	start(false);
	/* b may tick only once a has ticked more often before this step */
	ck_assert_int_eq(run(f, "1.11..", d, ".1.11.", -1), 0);
	expect_pending(r, false, NULL);
	/* driver_ok with no token left */
	ck_assert_int_eq(run(f, "..", d, "1.", -1), 1);
	expect_violation(0, r, 6, 1,
			 "driver_ok ticked while features_ok had ticked 0 times more than "
			 "driver_ok (strict precedence needs 1)");
	/* the repair kept F at 0: a then b conforms again, a alone is pending */
	ck_assert_int_eq(run(f, "1.1", d, ".1.", -1), 0);
	expect_pending(r, true, "features_ok ticked 1 time more than driver_ok; "
				"driver_ok never followed");
}
END_TEST

START_TEST(test_precedes_same_step)
{
	int a = base("ack"), b = base("driver");
	int r = rel2(CCSL_REL_PRECEDES, a, b, -1);

	start(false);
	ck_assert_int_eq(run(a, ".1", b, ".1", -1), 1);
	expect_violation(0, r, 1, 1, "ack and driver ticked in the same step (strict precedence)");
	/* with one token ahead, a and b together is fine */
	ck_assert_int_eq(run(a, "11.", b, ".11", -1), 0);
	expect_pending(r, false, NULL);
}
END_TEST

START_TEST(test_precedes_init_max)
{
	int a = base("a"), b = base("b"), c = base("c"), d = base("d");
	int r0 = bounded(CCSL_REL_PRECEDES, a, b, 1, CCSL_UNBOUNDED);
	int r1 = bounded(CCSL_REL_PRECEDES, c, d, 0, 1);

	start(false);
	/* init 1: one b before any a is fine, a second one is not */
	ck_assert_int_eq(run(a, "...", b, "1.1", c, "...", d, "...", -1), 1);
	expect_violation(0, r0, 2, 1, "b ticked with 0 tokens (init 1");
	/* max 1: a second c before d overflows, the repair clamps F to 1 */
	ck_assert_int_eq(run(a, "....", b, "....", c, "11..", d, "..11", -1), 2);
	expect_violation(1, r1, 4, 1, "c ticked while c had ticked 1 time more than d");
	expect_violation(1, r1, 4, 1, "bound max 1");
	expect_violation(2, r1, 6, 2, "d ticked while c had ticked 0 times more than d");
	ck_assert_uint_eq(ccsl_monitor_violations(MON, r0), 1);
	ck_assert_uint_eq(ccsl_monitor_violations(MON, r1), 2);
}
END_TEST

START_TEST(test_causes)
{
	int a = base("req"), b = base("resp");
	int r = rel2(CCSL_REL_CAUSES, a, b, -1);

	start(false);
	/* a and b may tick together at d = 0 */
	ck_assert_int_eq(run(a, "1.1", b, "1.1", -1), 0);
	ck_assert_int_eq(run(a, "..", b, ".1", -1), 1);
	expect_violation(0, r, 4, 1, "resp ticked while req had ticked 0 times more than resp "
				     "(causality needs 1)");
	/* repaired to F = 0, not -1: req then resp conforms */
	ck_assert_int_eq(run(a, "1.", b, ".1", -1), 0);
	ck_assert_int_eq(run(a, "1", b, ".", -1), 0);
	expect_pending(r, true, "req ticked 1 time more than resp");
}
END_TEST

START_TEST(test_causes_max0)
{
	int a = base("a"), b = base("b");
	int r = bounded(CCSL_REL_CAUSES, a, b, 0, 0);

	start(false);
	/* max 0: a and b must coincide */
	ck_assert_int_eq(run(a, "1.1", b, "1..", -1), 1);
	expect_violation(0, r, 2, 1, "bound max 0");
}
END_TEST

START_TEST(test_alternates)
{
	int a = base("a"), b = base("b");
	int r = rel2(CCSL_REL_ALTERNATES, a, b, -1);

	start(false);
	ck_assert_int_eq(run(a, "1.1.", b, ".1.1", -1), 0);
	expect_pending(r, false, NULL);
	ck_assert_int_eq(run(a, "11", b, "..", -1), 1);
	expect_violation(0, r, 5, 1, "a ticked again before b (alternation expects b)");
	/* repaired to d = 1: b closes */
	ck_assert_int_eq(run(a, "..", b, "11", -1), 1);
	expect_violation(1, r, 7, 2, "b ticked before a (alternation expects a)");
	ck_assert_int_eq(run(a, "1", b, "1", -1), 1);
	expect_violation(2, r, 8, 3, "a and b ticked in the same step (strict alternation)");
	ck_assert_int_eq(run(a, "1", b, ".", -1), 0);
	expect_pending(r, true, "a ticked 1 time more than b; b never followed");
}
END_TEST

START_TEST(test_alternates_weak)
{
	int a = base("a"), b = base("b");
	int r = rel2(CCSL_REL_ALTERNATES_WEAK, a, b, -1);

	start(false);
	/* at d = 0 a may coincide with its b */
	ck_assert_int_eq(run(a, "1.11.", b, "1.1.1", -1), 0);
	expect_pending(r, false, NULL);
	/* at d = 1 a must not tick, even with b; the repair keeps d = 1 */
	ck_assert_int_eq(run(a, "11.", b, ".11", -1), 1);
	expect_violation(0, r, 6, 1, "a ticked again before b");
	/* at d = 0, b alone is out of turn */
	ck_assert_int_eq(run(a, ".", b, "1", -1), 1);
	expect_violation(1, r, 8, 2, "b ticked before a (alternation expects a)");
}
END_TEST

START_TEST(test_forbid_ends)
{
	int x = base("x"), a = base("open"), b = base("close");
	int r0 = window_rel(CCSL_REL_FORBID, x, a, b, 0);
	int r1 = window_rel(CCSL_REL_FORBID, x, a, b, CCSL_WIN_LEFT_CLOSED);
	int r2 = window_rel(CCSL_REL_FORBID, x, a, b, CCSL_WIN_RIGHT_CLOSED);

	start(false);
	/* x with a: inside only for [a; x with b: inside only for b] */
	ck_assert_int_eq(run(x, "1..1.1", a, "1.....", b, "...1..", -1), 2);
	expect_violation(0, r1, 0, 1, "x ticked inside the window [open, close[ (opened by open");
	expect_violation(1, r2, 3, 1, "x ticked inside the window ]open, close] (window open)");
	/* inside the open window, every end kind forbids x */
	ck_assert_int_eq(run(x, ".1.", a, "1..", b, "..1", -1), 3);
	expect_violation(2, r0, 7, 1, "x ticked inside the window ]open, close[ (window open)");
	expect_violation(3, r1, 7, 2, NULL);
	expect_violation(4, r2, 7, 2, NULL);
	expect_pending(r0, false, NULL);
}
END_TEST

START_TEST(test_forbid_never)
{
	int x = base("x"), y = base("y"), r = base("r");
	int args[1] = { x };
	struct ccsl_rel_def d = rel_def(CCSL_REL_FORBID, args, 1);
	int r0;

	d.restart = r;
	r0 = rel(&d);
	/* two clocks make no window */
	d = rel_def(CCSL_REL_FORBID, (int[]){ x, y }, 2);
	ck_assert_int_eq(ccsl_model_add_relation(M, &d), -1);
	start(true);
	/* forbid x: any x is a violation, whatever the past, restarts or other clocks */
	ck_assert_int_eq(run(y, "11.1", r, ".1..", x, "..1.", -1), 1);
	expect_violation(0, r0, 2, 1, "x ticked (forbidden at all times)");
	ck_assert_int_eq(run(x, "1", -1), 1);
	expect_violation(1, r0, 4, 2, NULL);
	expect_pending(r0, false, NULL);
}
END_TEST

START_TEST(test_window_same_step_open_close)
{
	int x = base("x"), a = base("a"), b = base("b");
	int r0 = window_rel(CCSL_REL_FORBID, x, a, b, 0);
	int r1 = window_rel(CCSL_REL_ALLOW, x, a, b, CCSL_WIN_LEFT_CLOSED);

	start(false);
	/* a and b in one step leave the window closed: x after them is outside */
	ck_assert_int_eq(run(x, ".1", a, "1.", b, "1.", -1), 1);
	expect_violation(0, r1, 1, 1, "x ticked outside the window [a, b[ (window closed)");
	/* opened, then closed by b alone: x after it is outside again */
	ck_assert_int_eq(run(x, "..1", a, "1..", b, ".1.", -1), 1);
	expect_violation(1, r1, 4, 2, "(window closed)");
	ck_assert_int_eq(run(x, ".1", a, "1.", b, "..", -1), 1);
	expect_violation(2, r0, 6, 1, "x ticked inside the window ]a, b[ (window open)");
}
END_TEST

START_TEST(test_allow_window)
{
	int x = base("notify"), a = base("driver_ok"), b = base("reset");
	int r0 = window_rel(CCSL_REL_ALLOW, x, a, b, CCSL_WIN_LEFT_CLOSED);
	int r1 = window_rel(CCSL_REL_ALLOW, x, a, b, CCSL_WIN_RIGHT_CLOSED);

	start(false);
	ck_assert_int_eq(run(x, "1", a, ".", b, ".", -1), 2);
	expect_violation(0, r0, 0, 1,
			 "notify ticked outside the window [driver_ok, reset[ (window closed)");
	expect_violation(1, r1, 0, 1, "(window closed)");
	/* x with a: only [driver_ok lets it in */
	ck_assert_int_eq(run(x, "1.", a, "1.", b, "..", -1), 1);
	expect_violation(2, r1, 1, 2, "(opened by driver_ok only after this step)");
	/* x with reset: only reset] lets it in */
	ck_assert_int_eq(run(x, "1.1", a, "...", b, "1..", -1), 3);
	expect_violation(3, r0, 3, 2, "(closed by reset in this step)");
	expect_violation(4, r0, 5, 3, "(window closed)");
	expect_violation(5, r1, 5, 3, "(window closed)");
}
END_TEST

START_TEST(test_restart_relation)
{
	int a = base("a"), b = base("b"), r = base("reset");
	int p = rel2(CCSL_REL_PRECEDES, a, b, r);
	int al = rel2(CCSL_REL_ALTERNATES, a, b, r);

	start(false);
	/* a pending obligation is dropped by the restart, not reported */
	ck_assert_int_eq(run(a, "1.", b, "..", r, ".1", -1), 0);
	expect_pending(p, false, NULL);
	expect_pending(al, false, NULL);
	/* after a restart, the state is the initial one: a may tick again */
	ck_assert_int_eq(run(a, "1", b, ".", r, ".", -1), 0);
	ck_assert_int_eq(run(a, ".1", b, "..", r, "1.", -1), 0);
	/* the restart comes before the check: b with the restart has no token */
	ck_assert_int_eq(run(a, ".", b, "1", r, "1", -1), 2);
	expect_violation(0, p, 5, 1, "0 times more");
	expect_violation(1, al, 5, 1, "b ticked before a");
}
END_TEST

START_TEST(test_skip_and_indices)
{
	int a = base("a"), b = base("b"), c = base("c"), d = base("d");
	int r0 = rel2(CCSL_REL_PRECEDES, a, b, -1);
	int r1 = rel2(CCSL_REL_ALTERNATES, c, d, -1);

	start(false);
	/* r0 sees only its clocks: c and d steps in between change nothing for it */
	ck_assert_int_eq(run(a, "1....", b, "....1", c, ".1..1", d, "..1.1", -1), 1);
	expect_violation(0, r1, 4, 1, "c and d ticked in the same step");
	ck_assert_uint_eq(ccsl_monitor_violations(MON, r0), 0);
	ck_assert_uint_eq(ccsl_monitor_violations(MON, r1), 1);
}
END_TEST

START_TEST(test_many_words)
{
	char name[16];
	int ids[130], r, r2;

	for (int i = 0; i < 130; i++) {
		snprintf(name, sizeof(name), "c%d", i);
		ids[i] = base(name);
	}
	r = rel2(CCSL_REL_PRECEDES, ids[70], ids[129], -1);
	r2 = rel2(CCSL_REL_SUBCLOCK, ids[0], ids[64], ids[1]);
	start(false);
	ck_assert_int_eq(ccsl_model_words(M), 3);
	{
		uint64_t ticks[3] = { 0 };

		ccsl_tick_set(ticks, ids[129]);
		ck_assert_int_eq(ccsl_monitor_step(MON, ticks, on_violation, &S), 1);
		memset(ticks, 0, sizeof(ticks));
		ccsl_tick_set(ticks, ids[0]);
		ck_assert_int_eq(ccsl_monitor_step(MON, ticks, on_violation, &S), 1);
		ccsl_tick_set(ticks, ids[70]);
		ccsl_tick_set(ticks, ids[64]);
		ck_assert_int_eq(ccsl_monitor_step(MON, ticks, on_violation, &S), 0);
	}
	expect_violation(0, r, 0, 1, "c129 ticked while c70");
	expect_violation(1, r2, 1, 1, "c0 ticked without c64 (subclock)");
	expect_pending(r, true, "c70 ticked 1 time more than c129");
}
END_TEST

/* ----------------------------------------------------- partly observed history */

START_TEST(test_unknown_precedes)
{
	int a = base("a"), b = base("b"), c = base("c"), d = base("d");
	int r0 = rel2(CCSL_REL_PRECEDES, a, b, -1);
	int r1 = bounded(CCSL_REL_PRECEDES, c, d, 0, 1);

	start(true);
	/* b first: earlier a's explain it; with max 1 only one such a */
	ck_assert_int_eq(run(a, "...", b, "111", c, "...", d, "1.1", -1), 1);
	expect_violation(0, r1, 2, 1, "d ticked while c had ticked 0 times more than d");
	expect_pending(r0, false, NULL);
	/* a ticks: the unknown past may still owe nothing: pending only when always */
	ck_assert_int_eq(run(a, "1", b, ".", c, ".", d, ".", -1), 0);
	expect_pending(r0, true, "a ticked at least 1 time more than b");
}
END_TEST

START_TEST(test_unknown_max_and_same_step)
{
	int a = base("a"), b = base("b");
	int r = bounded(CCSL_REL_PRECEDES, a, b, 0, 2);

	start(true);
	/* F in [0, 2]: two a's fit only if F was 0, the third cannot */
	ck_assert_int_eq(run(a, "111", b, "...", -1), 1);
	expect_violation(0, r, 2, 1, "a ticked while a had ticked 2 times more than b");
	/* now known at 2 (clamped): a and b together is fine */
	ck_assert_int_eq(run(a, "1", b, "1", -1), 0);
	expect_pending(r, true, "a ticked 2 times more than b");
}
END_TEST

START_TEST(test_unknown_restart_makes_known)
{
	int a = base("a"), b = base("b"), r = base("r");
	int p = rel2(CCSL_REL_PRECEDES, a, b, r);

	start(true);
	ck_assert_int_eq(run(a, "..", b, "1.", r, ".1", -1), 0);
	ck_assert_int_eq(run(a, ".", b, "1", r, ".", -1), 1);
	expect_violation(0, p, 2, 1, "b ticked while a had ticked 0 times more than b");
}
END_TEST

START_TEST(test_unknown_alternation)
{
	int a = base("a"), b = base("b"), c = base("c"), d = base("d");
	int r0 = rel2(CCSL_REL_ALTERNATES, a, b, -1);
	int r1 = rel2(CCSL_REL_ALTERNATES, c, d, -1);

	start(true);
	/* the phase is unknown: b first is fine, then the phase is known */
	ck_assert_int_eq(run(a, "..", b, "1.", c, "..", d, "..", -1), 0);
	expect_pending(r0, false, NULL);
	ck_assert_int_eq(run(a, "..", b, "1.", c, "..", d, "..", -1), 1);
	expect_violation(0, r0, 2, 1, "b ticked before a");
	/* both at once fails for either phase of a strict alternation */
	ck_assert_int_eq(run(a, ".", b, ".", c, "1", d, "1", -1), 1);
	expect_violation(1, r1, 4, 1, "c and d ticked in the same step");
}
END_TEST

START_TEST(test_unknown_alternation_pending)
{
	int a = base("a"), b = base("b");
	int r = rel2(CCSL_REL_ALTERNATES, a, b, -1);

	start(true);
	expect_pending(r, false, NULL);
	ck_assert_int_eq(run(a, "1", b, ".", -1), 0);
	expect_pending(r, true, "a ticked 1 time more than b; b never followed");
}
END_TEST

START_TEST(test_unknown_window)
{
	int x = base("x"), a = base("a"), b = base("b"), c = base("c");
	int r0 = window_rel(CCSL_REL_ALLOW, x, a, b, 0);
	int r1 = rel2(CCSL_REL_SUBCLOCK, c, a, -1);

	start(true);
	/* the window may have been open before the trace; the close makes it known */
	ck_assert_int_eq(run(x, "1..1", a, "....", b, "..1.", c, "....", -1), 1);
	expect_violation(0, r0, 3, 1, "x ticked outside the window ]a, b[ (window closed)");
	/* stateless relations are checked as usual */
	ck_assert_int_eq(run(x, ".", a, ".", b, ".", c, "1", -1), 1);
	expect_violation(1, r1, 4, 1, "c ticked without a");
}
END_TEST

/* windows - the window of each relation after the steps so far, one character each */
static const char *windows(const int *rels, int n)
{
	static const char code[] = { [CCSL_WINDOW_NONE] = '-', [CCSL_WINDOW_CLOSED] = 'c',
				     [CCSL_WINDOW_OPEN] = 'o', [CCSL_WINDOW_UNKNOWN] = 'u' };
	static char buf[8];

	for (int i = 0; i < n; i++)
		buf[i] = code[ccsl_monitor_window(MON, rels[i])];
	buf[n] = '\0';
	return buf;
}

START_TEST(test_monitor_window)
{
	int x = base("x"), a = base("a"), b = base("b"), r = base("r");
	int rels[5];
	struct ccsl_rel_def d;

	rels[0] = window_rel(CCSL_REL_FORBID, x, a, b, 0);
	rels[1] = window_rel(CCSL_REL_ALLOW, x, a, b, CCSL_WIN_LEFT_CLOSED | CCSL_WIN_RIGHT_CLOSED);
	d = rel_def(CCSL_REL_FORBID, (int[]){ x }, 1);
	rels[2] = rel(&d);			/* forbid x: no window */
	rels[3] = rel2(CCSL_REL_PRECEDES, a, b, -1);
	d = rel_def(CCSL_REL_ALLOW, (int[]){ x, a, b }, 3);
	d.restart = r;
	rels[4] = rel(&d);
	start(true);
	/* before any step the past is unknown; a restart or a close makes it known */
	ck_assert_str_eq(windows(rels, 5), "uu--u");
	run(r, "1", -1);
	ck_assert_str_eq(windows(rels, 5), "uu--c");
	run(b, "1", -1);
	ck_assert_str_eq(windows(rels, 5), "cc--c");
	/* open after a, also through steps where nothing happens; closed after b */
	run(a, "1..", b, "..1", -1);
	ck_assert_str_eq(windows(rels, 5), "cc--c");
	run(a, "1.", -1);
	ck_assert_str_eq(windows(rels, 5), "oo--o");
	/* a and b in one step: closed; a restart closes its own relation only */
	run(a, "1", b, "1", -1);
	ck_assert_str_eq(windows(rels, 5), "cc--c");
	run(a, "1", -1);
	run(r, "1", -1);
	ck_assert_str_eq(windows(rels, 5), "oo--c");
	ck_assert_int_eq(ccsl_monitor_window(MON, 5), CCSL_WINDOW_NONE);
	ck_assert_int_eq(ccsl_monitor_window(NULL, 0), CCSL_WINDOW_NONE);
}
END_TEST

/* ------------------------------------------------------------- expressions */

/* col - the watched clock's column over a run, the run's violations ignored */
static const char *col_of(int clock)
{
	watch = clock;
	return watched;
}

START_TEST(test_union_inter_minus)
{
	int a = base("a"), b = base("b"), c = base("c");
	int args[3] = { a, b, c };
	struct ccsl_expr_def d = expr_def(CCSL_EXPR_UNION, args, 3);
	int u = expr("u", &d), i, m;

	d.kind = CCSL_EXPR_INTER;
	i = expr("i", &d);
	m = expr2("m", CCSL_EXPR_MINUS, a, b, 0, -1);
	start(false);
	col_of(u);
	run(a, "1...11", b, ".1..11", c, "..1.1.", -1);
	ck_assert_str_eq(watched, "111.11");
	ccsl_monitor_free(MON);
	MON = ccsl_monitor_new(M, false);
	col_of(i);
	run(a, "1...11", b, ".1..11", c, "..1.1.", -1);
	ck_assert_str_eq(watched, "....1.");
	col_of(m);
	run(a, "1...11", b, ".1..1.", c, "......", -1);
	ck_assert_str_eq(watched, "1....1");
}
END_TEST

START_TEST(test_inf_sup)
{
	int a = base("a"), b = base("b");
	int inf = expr2("inf", CCSL_EXPR_INF, a, b, 0, -1);
	int sup = expr2("sup", CCSL_EXPR_SUP, a, b, 0, -1);

	start(false);
	col_of(inf);
	run(a, "11..1.", b, ".1.111", -1);
	ck_assert_str_eq(watched, "11..11");
	ccsl_monitor_free(MON);
	MON = ccsl_monitor_new(M, false);
	col_of(sup);
	run(a, "11..1.", b, ".1.111", -1);
	ck_assert_str_eq(watched, ".1.11.");
}
END_TEST

START_TEST(test_delay)
{
	int a = base("a"), r = base("r");
	int d0 = expr2("d0", CCSL_EXPR_DELAY, a, -1, 0, -1);
	int d2 = expr2("d2", CCSL_EXPR_DELAY, a, -1, 2, r);

	start(false);
	col_of(d0);
	run(a, "1.11", r, "....", -1);
	ck_assert_str_eq(watched, "1.11");
	ccsl_monitor_free(MON);
	MON = ccsl_monitor_new(M, false);
	col_of(d2);
	/* counts restart at the restart step, that step included */
	run(a, "1111111", r, "...1...", -1);
	ck_assert_str_eq(watched, "..1..11");
}
END_TEST

START_TEST(test_delay_on)
{
	int a = base("a"), b = base("b"), r = base("r");
	int e = expr2("e", CCSL_EXPR_DELAY_ON, a, b, 2, r);

	start(false);
	col_of(e);
	/* the b with the a does not count; two a's booking the same b merge */
	run(a, "1.1.....", b, "11111111", r, "........", -1);
	ck_assert_str_eq(watched, "..1.1...");
	run(a, "11..1...", b, "..111111", r, "........", -1);
	ck_assert_str_eq(watched, "...1..1.");
	/* a restart drops the bookings */
	run(a, "1....", b, ".1111", r, "..1..", -1);
	ck_assert_str_eq(watched, ".....");
}
END_TEST

START_TEST(test_sampled)
{
	int a = base("a"), b = base("b");
	int s = expr2("s", CCSL_EXPR_SAMPLED, a, b, 0, -1);
	int t = expr2("t", CCSL_EXPR_SAMPLED_STRICT, a, b, 0, -1);

	start(false);
	col_of(s);
	run(a, "1..1..11.", b, "1.1.1..11", -1);
	ck_assert_str_eq(watched, "1...1..1.");
	ccsl_monitor_free(MON);
	MON = ccsl_monitor_new(M, false);
	col_of(t);
	run(a, "1..1..11.", b, "1.1.1..11", -1);
	ck_assert_str_eq(watched, "..1.1..11");
}
END_TEST

START_TEST(test_filter_periodic)
{
	int b = base("b");
	int args[1] = { b };
	struct ccsl_expr_def d = expr_def(CCSL_EXPR_FILTER, args, 1);
	int f1, f2, f3, p;

	d.prefix = "01";
	d.cycle = "10";
	f1 = expr("f1", &d);		/* 01 10 10 ... */
	d.prefix = "101";
	d.cycle = NULL;
	f2 = expr("f2", &d);		/* 101 then 0s */
	d.prefix = "";
	d.cycle = "011";
	f3 = expr("f3", &d);
	d = expr_def(CCSL_EXPR_PERIODIC, args, 1);
	d.period = 3;
	d.offset = 1;
	p = expr("p", &d);
	start(false);
	col_of(f1);
	run(b, "11.111111", -1);
	ck_assert_str_eq(watched, ".1.1.1.1.");
	ccsl_monitor_free(MON);
	MON = ccsl_monitor_new(M, false);
	col_of(f2);
	run(b, "11.111111", -1);
	ck_assert_str_eq(watched, "1..1.....");
	ccsl_monitor_free(MON);
	MON = ccsl_monitor_new(M, false);
	col_of(f3);
	run(b, "11.111111", -1);
	ck_assert_str_eq(watched, ".1.1.11.1");
	ccsl_monitor_free(MON);
	MON = ccsl_monitor_new(M, false);
	col_of(p);
	run(b, "11.111111", -1);
	ck_assert_str_eq(watched, ".1...1..1");
}
END_TEST

START_TEST(test_wait_upto)
{
	int a = base("a"), b = base("b"), r = base("r");
	int w = expr2("w", CCSL_EXPR_WAIT, b, -1, 2, r);
	int u = expr2("u", CCSL_EXPR_UPTO, a, b, 0, r);

	start(false);
	col_of(w);
	run(a, "......", b, "111111", r, "...1..", -1);
	ck_assert_str_eq(watched, ".1..1.");
	ccsl_monitor_free(MON);
	MON = ccsl_monitor_new(M, false);
	col_of(u);
	/* a stops at b's first tick, that step included, until the restart */
	run(a, "111111", b, "..1...", r, "....1.", -1);
	ck_assert_str_eq(watched, "11..11");
}
END_TEST

START_TEST(test_expr_order_and_restart)
{
	int a = base("a"), b = base("b");
	/* e1 names e2 before e2 exists; finalize must compute e2 first */
	int args[2] = { a, 3 };
	struct ccsl_expr_def d = expr_def(CCSL_EXPR_INTER, args, 2);
	int e1 = expr("e1", &d);
	int e2 = expr2("e2", CCSL_EXPR_DELAY, a, -1, 1, -1);
	/* e3 is restarted by a derived clock: b sampled on a */
	int e4 = expr2("e4", CCSL_EXPR_SAMPLED, b, a, 0, -1);
	int e3 = expr2("e3", CCSL_EXPR_WAIT, a, -1, 2, e4);

	ck_assert_int_eq(e2, 3);
	start(false);
	col_of(e1);
	run(a, "1111", b, "....", -1);
	ck_assert_str_eq(watched, ".111");
	ccsl_monitor_free(MON);
	MON = ccsl_monitor_new(M, false);
	col_of(e3);
	/* e4 ticks at step 1 and restarts e3 before it is computed there */
	run(a, "111111", b, ".1....", -1);
	ck_assert_str_eq(watched, "..1...");
}
END_TEST

START_TEST(test_derived_bits_overwritten)
{
	int a = base("a"), b = base("b");
	int e = expr2("e", CCSL_EXPR_MINUS, a, b, 0, -1);
	int r = rel2(CCSL_REL_SUBCLOCK, e, b, -1);
	uint64_t ticks[1] = { 0 };

	start(false);
	/* the caller's stale bit for e must not reach the relation */
	ccsl_tick_set(ticks, e);
	ck_assert_int_eq(ccsl_monitor_step(MON, ticks, on_violation, &S), 0);
	ck_assert(!ccsl_tick_test(ticks, e));
	ticks[0] = 0;
	ccsl_tick_set(ticks, a);
	ck_assert_int_eq(ccsl_monitor_step(MON, ticks, NULL, NULL), 1);
	ck_assert(ccsl_tick_test(ticks, e));
	ck_assert_uint_eq(ccsl_monitor_violations(MON, r), 1);
}
END_TEST

/* ---------------------------------------------------- finalize and checks */

START_TEST(test_cycle)
{
	int a = base("a");
	int args[2] = { a, 2 };
	struct ccsl_expr_def d = expr_def(CCSL_EXPR_UNION, args, 2);
	char err[128];

	ck_assert_int_eq(expr("x", &d), 1);
	ck_assert_int_eq(expr2("y", CCSL_EXPR_DELAY, 1, -1, 1, -1), 2);
	ck_assert_int_eq(ccsl_model_finalize(M, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "instantaneous cycle: x -> y -> x");
	ck_assert_ptr_null(ccsl_monitor_new(M, false));
}
END_TEST

START_TEST(test_cycle_through_restart)
{
	int a = base("a"), b = base("b");
	char err[128];

	/* z waits for a clock behind the cycle, but the message names the cycle */
	expr2("z", CCSL_EXPR_DELAY, 3, -1, 1, -1);
	expr2("x", CCSL_EXPR_DELAY, a, -1, 1, 4);
	expr2("y", CCSL_EXPR_UNION, 3, b, 0, -1);
	ck_assert_int_eq(ccsl_model_finalize(M, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "instantaneous cycle: x -> y -> x");
}
END_TEST

START_TEST(test_self_cycle_and_missing)
{
	int a = base("a");
	struct ccsl_model *m2;
	int args[2] = { a, 1 };
	struct ccsl_expr_def d = expr_def(CCSL_EXPR_MINUS, args, 2);
	char err[128];

	expr("self", &d);
	ck_assert_int_eq(ccsl_model_finalize(M, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "instantaneous cycle: self -> self");

	m2 = ccsl_model_new();
	ck_assert_int_eq(ccsl_model_add_base(m2, "a"), 0);
	args[1] = 7;
	ck_assert_int_eq(ccsl_model_add_expr(m2, "e", &d), 1);
	ck_assert_int_eq(ccsl_model_finalize(m2, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "clock e refers to clock 7"), "%s", err);
	ccsl_model_free(m2);
}
END_TEST

START_TEST(test_after_finalize)
{
	int a = base("a"), b = base("b");
	int args[2] = { a, b };
	struct ccsl_rel_def rd = rel_def(CCSL_REL_PRECEDES, args, 2);
	char err[64];

	ck_assert_ptr_null(ccsl_monitor_new(M, false));
	start(false);
	ck_assert_int_eq(ccsl_model_add_base(M, "c"), -1);
	ck_assert_int_eq(ccsl_model_add_relation(M, &rd), -1);
	ck_assert_int_eq(ccsl_model_finalize(M, err, sizeof(err)), -1);
	ck_assert_int_eq(ccsl_model_nclocks(M), 2);
	ck_assert_int_eq(ccsl_model_nrelations(M), 0);
	ck_assert_str_eq(ccsl_model_clock_name(M, b), "b");
	ck_assert_ptr_null(ccsl_model_clock_name(M, 2));
	ck_assert_ptr_null(ccsl_model_clock_name(M, -1));
}
END_TEST

START_TEST(test_bad_expr)
{
	int a = base("a"), b = base("b");
	int args[3] = { a, b, a }, bad[2] = { a, -1 };
	struct ccsl_expr_def d;

	d = expr_def(CCSL_EXPR_UNION, args, 1);
	ck_assert_int_eq(ccsl_model_add_expr(M, "e", &d), -1);
	d = expr_def(CCSL_EXPR_MINUS, args, 3);
	ck_assert_int_eq(ccsl_model_add_expr(M, "e", &d), -1);
	d = expr_def(CCSL_EXPR_UNION, bad, 2);
	ck_assert_int_eq(ccsl_model_add_expr(M, "e", &d), -1);
	d = expr_def(CCSL_EXPR_UNION, NULL, 2);
	ck_assert_int_eq(ccsl_model_add_expr(M, "e", &d), -1);
	d = expr_def(CCSL_EXPR_UNION, args, 2);
	d.restart = -2;
	ck_assert_int_eq(ccsl_model_add_expr(M, "e", &d), -1);
	d = expr_def(CCSL_EXPR_KIND_COUNT, args, 2);
	ck_assert_int_eq(ccsl_model_add_expr(M, "e", &d), -1);
	d = expr_def(CCSL_EXPR_DELAY, args, 1);
	d.k = -1;
	ck_assert_int_eq(ccsl_model_add_expr(M, "e", &d), -1);
	d = expr_def(CCSL_EXPR_DELAY_ON, args, 2);
	d.k = 0;
	ck_assert_int_eq(ccsl_model_add_expr(M, "e", &d), -1);
	d.k = 1000000;
	ck_assert_int_eq(ccsl_model_add_expr(M, "e", &d), -1);
	d = expr_def(CCSL_EXPR_WAIT, args, 1);
	d.k = 0;
	ck_assert_int_eq(ccsl_model_add_expr(M, "e", &d), -1);
	d = expr_def(CCSL_EXPR_PERIODIC, args, 1);
	d.period = 0;
	ck_assert_int_eq(ccsl_model_add_expr(M, "e", &d), -1);
	d.period = 2;
	d.offset = -1;
	ck_assert_int_eq(ccsl_model_add_expr(M, "e", &d), -1);
	d = expr_def(CCSL_EXPR_FILTER, args, 1);
	d.prefix = "012";
	ck_assert_int_eq(ccsl_model_add_expr(M, "e", &d), -1);
	d.prefix = NULL;
	ck_assert_int_eq(ccsl_model_add_expr(M, "e", &d), -1);
	d.prefix = "1";
	d.cycle = "";
	ck_assert_int_eq(ccsl_model_add_expr(M, "e", &d), -1);
	d.cycle = "1x";
	ck_assert_int_eq(ccsl_model_add_expr(M, "e", &d), -1);
	d.cycle = "01";
	ck_assert_int_eq(ccsl_model_add_expr(M, NULL, &d), -1);
	ck_assert_int_eq(ccsl_model_add_expr(M, "e", NULL), -1);
	ck_assert_int_eq(ccsl_model_add_expr(NULL, "e", &d), -1);
	/* nothing was added by the refusals; a good one still is */
	ck_assert_int_eq(ccsl_model_nclocks(M), 2);
	ck_assert_int_eq(ccsl_model_add_expr(M, "e", &d), 2);
}
END_TEST

START_TEST(test_bad_relation)
{
	int a = base("a"), b = base("b");
	int args[3] = { a, b, a }, neg[2] = { a, -1 }, big[2] = { a, 2 };
	struct ccsl_rel_def d;

	d = rel_def(CCSL_REL_PRECEDES, neg, 2);
	ck_assert_int_eq(ccsl_model_add_relation(M, &d), -1);
	d = rel_def(CCSL_REL_PRECEDES, big, 2);
	ck_assert_int_eq(ccsl_model_add_relation(M, &d), -1);
	d = rel_def(CCSL_REL_PRECEDES, args, 1);
	ck_assert_int_eq(ccsl_model_add_relation(M, &d), -1);
	d = rel_def(CCSL_REL_EXCLUSION, args, 1);
	ck_assert_int_eq(ccsl_model_add_relation(M, &d), -1);
	d = rel_def(CCSL_REL_FORBID, args, 2);
	ck_assert_int_eq(ccsl_model_add_relation(M, &d), -1);
	d = rel_def(CCSL_REL_PRECEDES, args, 2);
	d.init = -1;
	ck_assert_int_eq(ccsl_model_add_relation(M, &d), -1);
	d.init = 3;
	d.max = 2;
	ck_assert_int_eq(ccsl_model_add_relation(M, &d), -1);
	d = rel_def(CCSL_REL_CAUSES, args, 2);
	d.max = -1;
	ck_assert_int_eq(ccsl_model_add_relation(M, &d), -1);
	d = rel_def(CCSL_REL_ALLOW, args, 3);
	d.window = 4;
	ck_assert_int_eq(ccsl_model_add_relation(M, &d), -1);
	d = rel_def(CCSL_REL_SUBCLOCK, args, 2);
	d.restart = 2;
	ck_assert_int_eq(ccsl_model_add_relation(M, &d), -1);
	d.restart = -1;
	d.kind = CCSL_REL_KIND_COUNT;
	ck_assert_int_eq(ccsl_model_add_relation(M, &d), -1);
	d = rel_def(CCSL_REL_SUBCLOCK, NULL, 2);
	ck_assert_int_eq(ccsl_model_add_relation(M, &d), -1);
	ck_assert_int_eq(ccsl_model_add_relation(M, NULL), -1);
	ck_assert_int_eq(ccsl_model_nrelations(M), 0);
	/* init/max/window do not matter for kinds that do not use them */
	d = rel_def(CCSL_REL_ALTERNATES, args, 2);
	d.init = -5;
	d.window = 99;
	ck_assert_int_eq(ccsl_model_add_relation(M, &d), 0);
}
END_TEST

START_TEST(test_monitor_misuse)
{
	int a = base("a"), b = base("b");
	int r = rel2(CCSL_REL_PRECEDES, a, b, -1);
	uint64_t ticks[1] = { 0 };
	char why[8] = "junk";

	start(false);
	ck_assert_int_eq(ccsl_monitor_step(NULL, ticks, NULL, NULL), -1);
	ck_assert_int_eq(ccsl_monitor_step(MON, NULL, NULL, NULL), -1);
	ck_assert(!ccsl_monitor_pending(MON, r + 1, why, sizeof(why)));
	ck_assert_str_eq(why, "");
	ck_assert(!ccsl_monitor_pending(MON, -1, NULL, 0));
	ck_assert_uint_eq(ccsl_monitor_violations(MON, 5), 0);
	ck_assert_uint_eq(ccsl_monitor_steps(NULL), 0);
	ck_assert_ptr_null(ccsl_monitor_new(NULL, false));
	ck_assert_int_eq(ccsl_model_finalize(NULL, NULL, 0), -1);
	/* a short why buffer truncates and stays terminated */
	ccsl_tick_set(ticks, a);
	ccsl_monitor_step(MON, ticks, NULL, NULL);
	ck_assert(ccsl_monitor_pending(MON, r, why, sizeof(why)));
	ck_assert_str_eq(why, "a ticke");
	ccsl_monitor_free(NULL);
	ccsl_model_free(NULL);
}
END_TEST

/* engine_suite - all the cases */
static Suite *engine_suite(void)
{
	Suite *s = suite_create("engine");
	TCase *rels = tcase_create("relations");
	TCase *unk = tcase_create("unknown past");
	TCase *exprs = tcase_create("expressions");
	TCase *model = tcase_create("model");

	tcase_add_checked_fixture(rels, setup, teardown);
	tcase_add_checked_fixture(unk, setup, teardown);
	tcase_add_checked_fixture(exprs, setup, teardown);
	tcase_add_checked_fixture(model, setup, teardown);
	tcase_add_test(rels, test_subclock);
	tcase_add_test(rels, test_coincides);
	tcase_add_test(rels, test_exclusion);
	tcase_add_test(rels, test_precedes_strict);
	tcase_add_test(rels, test_precedes_same_step);
	tcase_add_test(rels, test_precedes_init_max);
	tcase_add_test(rels, test_causes);
	tcase_add_test(rels, test_causes_max0);
	tcase_add_test(rels, test_alternates);
	tcase_add_test(rels, test_alternates_weak);
	tcase_add_test(rels, test_forbid_ends);
	tcase_add_test(rels, test_forbid_never);
	tcase_add_test(rels, test_allow_window);
	tcase_add_test(rels, test_window_same_step_open_close);
	tcase_add_test(rels, test_restart_relation);
	tcase_add_test(rels, test_skip_and_indices);
	tcase_add_test(rels, test_many_words);
	tcase_add_test(unk, test_unknown_precedes);
	tcase_add_test(unk, test_unknown_max_and_same_step);
	tcase_add_test(unk, test_unknown_restart_makes_known);
	tcase_add_test(unk, test_unknown_alternation);
	tcase_add_test(unk, test_unknown_alternation_pending);
	tcase_add_test(unk, test_unknown_window);
	tcase_add_test(unk, test_monitor_window);
	tcase_add_test(exprs, test_union_inter_minus);
	tcase_add_test(exprs, test_inf_sup);
	tcase_add_test(exprs, test_delay);
	tcase_add_test(exprs, test_delay_on);
	tcase_add_test(exprs, test_sampled);
	tcase_add_test(exprs, test_filter_periodic);
	tcase_add_test(exprs, test_wait_upto);
	tcase_add_test(exprs, test_expr_order_and_restart);
	tcase_add_test(exprs, test_derived_bits_overwritten);
	tcase_add_test(model, test_cycle);
	tcase_add_test(model, test_cycle_through_restart);
	tcase_add_test(model, test_self_cycle_and_missing);
	tcase_add_test(model, test_after_finalize);
	tcase_add_test(model, test_bad_expr);
	tcase_add_test(model, test_bad_relation);
	tcase_add_test(model, test_monitor_misuse);
	suite_add_tcase(s, rels);
	suite_add_tcase(s, unk);
	suite_add_tcase(s, exprs);
	suite_add_tcase(s, model);
	return s;
}

UNIT_MAIN(engine_suite)
