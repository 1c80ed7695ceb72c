/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spec_expr.h - the expressions of a spec: constants, filters, clock
 * expressions and the sources of bound clocks
 *
 * Internal to the spec stage: included only by src/spec_*.c. Uses spec_lex.h
 * and spec_names.h.
 */
#ifndef CCSL_SPEC_EXPR_H
#define CCSL_SPEC_EXPR_H

#include <stdbool.h>
#include <stdint.h>

#include "spec.h"
#include "spec_lex.h"
#include "spec_names.h"

/*
 * The most levels of operators an expression or filter may nest (a $ 1 $ 1
 * has two): whatever walks the trees later (checking, compiling, binding,
 * printing) may recurse, and a chain of 20,000 '$' overflowed the stack.
 */
#define SP_MAX_DEPTH 1000

/* What expressions are read with: the tokens of the line and the names defined so far. */
struct sp_reader {
	struct sp_cursor *cur;
	const struct sp_names *names;
};

/* sp_const_expr - a constant expression: | & << + over numbers and constants */
uint64_t sp_const_expr(struct sp_reader *r);

/* sp_to_i64 - a value for a signed field; t is where it was written */
int64_t sp_to_i64(struct sp_reader *r, const struct sp_tok *t, uint64_t v);

/* sp_clock_expr - a whole clock expression, at most SP_MAX_DEPTH deep */
struct spec_expr *sp_clock_expr(struct sp_reader *r);

/* sp_is_source_start - whether a bound clock's source starts here (system:event, rises(...) */
bool sp_is_source_start(struct sp_reader *r);

/* sp_source - system:event[filter] or rises|clears|writes(reg, value)[filter] */
void sp_source(struct sp_reader *r, struct spec_source *s);

#endif /* CCSL_SPEC_EXPR_H */
