// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ccsl.c - the keywords of the CCSL expression and relation kinds (ccsl.h),
 * for messages and reports; called by the spec stage, the checker and tests.
 * Calls nothing.
 */
#include "ccsl.h"

static const char *const expr_names[CCSL_EXPR_KIND_COUNT] = {
	[CCSL_EXPR_UNION] = "union",
	[CCSL_EXPR_INTER] = "intersection",
	[CCSL_EXPR_MINUS] = "minus",
	[CCSL_EXPR_INF] = "inf",
	[CCSL_EXPR_SUP] = "sup",
	[CCSL_EXPR_DELAY] = "delay",
	[CCSL_EXPR_DELAY_ON] = "delay-on",
	[CCSL_EXPR_SAMPLED] = "sampled",
	[CCSL_EXPR_SAMPLED_STRICT] = "strictly sampled",
	[CCSL_EXPR_FILTER] = "filtered",
	[CCSL_EXPR_PERIODIC] = "periodic",
	[CCSL_EXPR_WAIT] = "wait",
	[CCSL_EXPR_UPTO] = "upto",
};

static const char *const rel_names[CCSL_REL_KIND_COUNT] = {
	[CCSL_REL_SUBCLOCK] = "subclock",
	[CCSL_REL_COINCIDES] = "coincides",
	[CCSL_REL_EXCLUSION] = "exclusion",
	[CCSL_REL_PRECEDES] = "precedes",
	[CCSL_REL_CAUSES] = "causes",
	[CCSL_REL_ALTERNATES] = "alternates",
	[CCSL_REL_ALTERNATES_WEAK] = "alternates weakly",
	[CCSL_REL_FORBID] = "forbid",
	[CCSL_REL_ALLOW] = "allow",
};

const char *ccsl_expr_name(enum ccsl_expr_kind kind)
{
	return (unsigned int)kind < CCSL_EXPR_KIND_COUNT ? expr_names[kind] : "?";
}

const char *ccsl_rel_name(enum ccsl_rel_kind kind)
{
	return (unsigned int)kind < CCSL_REL_KIND_COUNT ? rel_names[kind] : "?";
}
