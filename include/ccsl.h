/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ccsl.h - the CCSL vocabulary shared by the spec parser, the checker and the
 * engine: the kinds of derived clocks and relations, their keywords, and the
 * definition of one derived clock or relation over clock indices.
 *
 * The parser produces kinds, the checker fills definitions, the engine
 * interprets them; none needs to know the others. Implemented by ccsl.c (the
 * keywords); includes nothing of the project and may be included by anyone.
 */
#ifndef CCSL_H
#define CCSL_H

#include <stdint.h>

/* Derived clock expressions (see man/ccsl-spec.5 for the exact semantics). */
enum ccsl_expr_kind {
	CCSL_EXPR_UNION,	  /* a + b + ...        any argument ticks */
	CCSL_EXPR_INTER,	  /* a * b * ...        all arguments tick */
	CCSL_EXPR_MINUS,	  /* a - b              a ticks, b does not */
	CCSL_EXPR_INF,		  /* inf(a, b, ...)     max of the counts grows (fastest) */
	CCSL_EXPR_SUP,		  /* sup(a, b, ...)     min of the counts grows (slowest) */
	CCSL_EXPR_DELAY,	  /* a $ k              a ticks, a ticked >= k times before */
	CCSL_EXPR_DELAY_ON,	  /* a $ k on b         each a books the k-th strictly later b */
	CCSL_EXPR_SAMPLED,	  /* a sampled on b     b ticks, a ticked since last b or now */
	CCSL_EXPR_SAMPLED_STRICT, /* a strictly sampled on b: a ticked strictly before */
	CCSL_EXPR_FILTER,	  /* b filtered by u(v) b ticks, word bit at h_b is 1 */
	CCSL_EXPR_PERIODIC,	  /* periodic b period P offset o */
	CCSL_EXPR_WAIT,		  /* wait(b, k)         once, at the k-th tick of b */
	CCSL_EXPR_UPTO,		  /* a upto b           a, until b ticks (not at b's step) */
	CCSL_EXPR_KIND_COUNT
};

/* Relations between clocks. */
enum ccsl_rel_kind {
	CCSL_REL_SUBCLOCK,	   /* a sub b            a ticks => b ticks */
	CCSL_REL_COINCIDES,	   /* a == b             a ticks <=> b ticks */
	CCSL_REL_EXCLUSION,	   /* a # b # ...        at most one ticks */
	CCSL_REL_PRECEDES,	   /* a < b [init i] [max m]   strict */
	CCSL_REL_CAUSES,	   /* a <= b [init i] [max m]  non-strict */
	CCSL_REL_ALTERNATES,	   /* a ~ b              a, b, a, b ... never together */
	CCSL_REL_ALTERNATES_WEAK,  /* a ~ b weak         a may coincide with its b */
	CCSL_REL_FORBID,	   /* forbid x in ]a, b[ x must not tick in the window */
	CCSL_REL_ALLOW,		   /* allow x in [a, b[  x may only tick in the window */
	CCSL_REL_KIND_COUNT
};

/* Bounds of an unbounded precedence. */
#define CCSL_UNBOUNDED INT64_MAX

/* Window end flags for CCSL_REL_FORBID / CCSL_REL_ALLOW. */
#define CCSL_WIN_LEFT_CLOSED  0x1 /* [a : x in the same step as a is inside */
#define CCSL_WIN_RIGHT_CLOSED 0x2 /* b] : x in the same step as b is inside */

/* Parameters of a derived clock. */
struct ccsl_expr_def {
	enum ccsl_expr_kind kind;
	const int *args;	/* clock indices; UNION/INTER/INF/SUP take >= 2 */
	int nargs;
	int64_t k;		/* DELAY, DELAY_ON, WAIT: k >= 1 for WAIT, >= 0 for DELAY */
	int64_t period;		/* PERIODIC: >= 1 */
	int64_t offset;		/* PERIODIC: >= 0 */
	const char *prefix;	/* FILTER: the finite word u, '0'/'1' chars, may be "" */
	const char *cycle;	/* FILTER: the repeated word v, non-empty, or NULL: u then 0s */
	int restart;		/* clock that resets this clock's state, or -1 */
};

/* Parameters of a relation. */
struct ccsl_rel_def {
	enum ccsl_rel_kind kind;
	const int *args;	/* PRECEDES/CAUSES/ALTERNATES*: a, b. SUB/COINC: a, b.
				 * EXCLUSION: >= 2. FORBID/ALLOW: x, a (opens), b (closes) */
	int nargs;
	int64_t init;		/* PRECEDES/CAUSES: initial tokens, >= 0 (default 0) */
	int64_t max;		/* PRECEDES/CAUSES: bound, CCSL_UNBOUNDED by default */
	unsigned int window;	/* FORBID/ALLOW: CCSL_WIN_* flags */
	int restart;		/* clock whose tick restarts the relation, or -1 */
};

/* ccsl_expr_name - the keyword of an expression kind, for messages */
const char *ccsl_expr_name(enum ccsl_expr_kind kind);

/* ccsl_rel_name - the keyword of a relation kind, for messages */
const char *ccsl_rel_name(enum ccsl_rel_kind kind);

#endif /* CCSL_H */
