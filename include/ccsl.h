/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ccsl.h - the CCSL vocabulary shared by the spec parser and the engine
 *
 * Only names and kinds live here: the parser produces them, the engine
 * interprets them, and neither needs to know the other.
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

/* ccsl_expr_name - the keyword of an expression kind, for messages */
const char *ccsl_expr_name(enum ccsl_expr_kind kind);

/* ccsl_rel_name - the keyword of a relation kind, for messages */
const char *ccsl_rel_name(enum ccsl_rel_kind kind);

#endif /* CCSL_H */
