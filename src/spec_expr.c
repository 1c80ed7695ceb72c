// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * spec_expr.c - the expressions of a spec: constant expressions, filters on
 * event fields, clock expressions and the sources of bound clocks (see
 * man/ccsl-spec.5 for their grammar)
 *
 * Recursive descent over the tokens of one logical line, building the trees
 * of include/spec.h in the arena. Constants and registers must be defined
 * before they are used (their values and existence are needed here); clock
 * names are resolved later by spec_check.c, so clocks may be used before
 * they are defined. A syntax error abandons the line (sp_fail).
 *
 * Called by the statement parser (spec_parse.c); calls the token cursor
 * (spec_lex.c), the names (spec_names.c) and the arena.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "spec_expr.h"

/* ---- depth: every tree handed on is at most SP_MAX_DEPTH deep ---- */

/* How to see the children of one kind of tree node. */
struct tree_ops {
	int (*nkids)(const void *node);
	const void *(*kid)(const void *node, int i);
};

/* A node on the path of a walk, and the height of its tallest child seen so far. */
struct frame {
	const void *node;
	int next;		/* the next child to visit */
	int below;		/* the height of the tallest child visited */
};

/*
 * push - a node onto the walk's path (the stack grows as the tree is deep); on no
 * memory the stack is freed and the reading ends (sp_nomem)
 */
static void push(struct sp_arena *a, struct frame **stack, size_t *n, size_t *cap,
		 const void *node)
{
	if (*n == *cap) {
		size_t bigger = *cap ? 2 * *cap : 64;
		struct frame *s = realloc(*stack, bigger * sizeof(*s));

		if (!s) {
			free(*stack);
			sp_nomem(a);
		}
		*stack = s;
		*cap = bigger;
	}
	(*stack)[(*n)++] = (struct frame){ .node = node };
}

/*
 * too_deep - the first node, in post-order, with more than SP_MAX_DEPTH levels
 * of operators under and including it (a leaf has none), or NULL. Without
 * recursion: the parsers build chains (a $ 1 $ 1..., a && b && ...) in loops,
 * so a tree can be as deep as its line is long, and whatever walks it later
 * recurses.
 */
static const void *too_deep(struct sp_arena *a, const void *root, const struct tree_ops *ops)
{
	struct frame *stack = NULL;
	size_t n = 0, cap = 0;
	const void *found = NULL;

	push(a, &stack, &n, &cap, root);
	while (n && !found) {
		struct frame *f = &stack[n - 1];
		int height;

		if (f->next < ops->nkids(f->node)) {
			push(a, &stack, &n, &cap, ops->kid(f->node, f->next++));
			continue;
		}
		height = ops->nkids(f->node) ? f->below + 1 : 0;
		if (height > SP_MAX_DEPTH)
			found = f->node;
		else if (--n && stack[n - 1].below < height)
			stack[n - 1].below = height;
	}
	free(stack);
	return found;
}

/* expr_nkids - the arguments of a clock expression node */
static int expr_nkids(const void *node)
{
	return ((const struct spec_expr *)node)->nargs;
}

/* expr_kid - argument i of a clock expression node */
static const void *expr_kid(const void *node, int i)
{
	return ((const struct spec_expr *)node)->args[i];
}

/* filter_nkids - the operands of a filter node */
static int filter_nkids(const void *node)
{
	const struct spec_filter *f = node;

	return !!f->l + !!f->r;
}

/* filter_kid - operand i of a filter node */
static const void *filter_kid(const void *node, int i)
{
	const struct spec_filter *f = node;

	return i || !f->l ? f->r : f->l;
}

static const struct tree_ops expr_tree = { expr_nkids, expr_kid };
static const struct tree_ops filter_tree = { filter_nkids, filter_kid };

/* fail_too_deep - the error at the node where a tree went past SP_MAX_DEPTH */
static void __attribute__((noreturn))
fail_too_deep(struct sp_reader *rd, const struct spec_loc *loc, const char *what)
{
	sp_error(rd->cur->diag, loc, "name a part of it with a clock of its own",
		 "%s too deep: more than %d levels of operators", what, SP_MAX_DEPTH);
	sp_fail_silently(rd->cur);
}

/* ---- constant expressions: | & << + over numbers and constants, like C ---- */

static uint64_t cx_or(struct sp_reader *rd);

/* const_value - the value of a constant named by a token */
static uint64_t const_value(struct sp_reader *rd, const struct sp_tok *t)
{
	char hint[128];
	enum sp_name_kind kind;
	int idx;

	kind = sp_name_find(rd->names, t->str, &idx);
	if (kind == SP_N_CONST)
		return rd->names->spec->consts[idx].value;
	if (kind != SP_N_NONE)
		sp_fail(rd->cur, t, NULL, "expected a number, found %s '%s'",
			sp_name_kind_str(kind), t->str);
	if (sp_name_is_broken(rd->names, t->str))
		sp_fail_silently(rd->cur);
	sp_fail(rd->cur, t, sp_name_suggest(rd->names, t->str, SP_N_CONST, hint, sizeof(hint)),
		"unknown constant '%s'", t->str);
}

/* cx_atom - a number, a constant, or a parenthesised constant expression */
static uint64_t cx_atom(struct sp_reader *rd)
{
	struct sp_tok *t = sp_peek(rd->cur);
	char buf[96];
	uint64_t v;

	switch (t->kind) {
	case SP_T_NUM:
		return sp_take(rd->cur)->num;
	case SP_T_IDENT:
		return const_value(rd, sp_take(rd->cur));
	case SP_T_LPAREN:
		sp_take(rd->cur);
		v = cx_or(rd);
		sp_expect(rd->cur, SP_T_RPAREN, "')'");
		return v;
	case SP_T_STR:
		sp_fail(rd->cur, t, NULL, "expected a number, found %s",
			sp_describe(rd->cur, t, buf, sizeof(buf)));
	default:
		sp_fail_expected(rd->cur, "a number");
	}
}

/* cx_unary - ~x: every bit flipped */
static uint64_t cx_unary(struct sp_reader *rd)
{
	uint64_t v;

	if (!sp_accept(rd->cur, SP_T_TILDE))
		return cx_atom(rd);
	sp_nest_in(rd->cur);
	v = ~cx_unary(rd);
	sp_nest_out(rd->cur);
	return v;
}

/* cx_add - a + b */
static uint64_t cx_add(struct sp_reader *rd)
{
	uint64_t v = cx_unary(rd);

	while (sp_peek(rd->cur)->kind == SP_T_PLUS) {
		struct sp_tok *op = sp_take(rd->cur);

		if (__builtin_add_overflow(v, cx_unary(rd), &v))
			sp_fail(rd->cur, op, NULL, "constant expression overflows 64 bits");
	}
	return v;
}

/* cx_shift - a << n */
static uint64_t cx_shift(struct sp_reader *rd)
{
	uint64_t v = cx_add(rd);

	while (sp_accept(rd->cur, SP_T_SHL)) {
		struct sp_tok *t = sp_peek(rd->cur);
		uint64_t n = cx_add(rd);

		if (n > 63)
			sp_fail(rd->cur, t, NULL, "shift count %llu is out of range (0 to 63)",
				(unsigned long long)n);
		v <<= n;
	}
	return v;
}

/* cx_and - a & b */
static uint64_t cx_and(struct sp_reader *rd)
{
	uint64_t v = cx_shift(rd);

	while (sp_accept(rd->cur, SP_T_AMP))
		v &= cx_shift(rd);
	return v;
}

/* cx_or - a | b: a whole constant expression */
static uint64_t cx_or(struct sp_reader *rd)
{
	uint64_t v;

	sp_nest_in(rd->cur);
	v = cx_and(rd);
	while (sp_accept(rd->cur, SP_T_PIPE))
		v |= cx_and(rd);
	sp_nest_out(rd->cur);
	return v;
}

/* sp_to_i64 - a value for a signed field; t is where it was written */
int64_t sp_to_i64(struct sp_reader *rd, const struct sp_tok *t, uint64_t v)
{
	if (v > INT64_MAX)
		sp_fail(rd->cur, t, NULL, "value %llu is too large", (unsigned long long)v);
	return (int64_t)v;
}

/* at_least_1 - a count that must be positive */
static int64_t at_least_1(struct sp_reader *rd, const struct sp_tok *t, uint64_t v,
			  const char *what)
{
	if (!v)
		sp_fail(rd->cur, t, NULL, "%s must be at least 1", what);
	return sp_to_i64(rd, t, v);
}

/* ---- filters: trace-cmd report -F style, C precedence ---- */

static struct spec_filter *f_or(struct sp_reader *rd);

/* fnode - a filter node */
static struct spec_filter *fnode(struct sp_reader *rd, enum spec_filter_op op,
				 const struct sp_tok *t, struct spec_filter *l,
				 struct spec_filter *r)
{
	struct spec_filter *f = sp_alloc(rd->cur->arena, sizeof(*f));

	f->op = op;
	f->l = l;
	f->r = r;
	f->loc = t->loc;
	return f;
}

/* no_string - strings may only be compared with == or != */
static struct spec_filter *no_string(struct sp_reader *rd, struct spec_filter *f)
{
	if (f->op == SPEC_F_STR) {
		sp_error(rd->cur->diag, &f->loc, NULL,
			 "a string can only be compared with == or !=");
		sp_fail_silently(rd->cur);
	}
	return f;
}

/* f_reg - @name: a register declared earlier */
static struct spec_filter *f_reg(struct sp_reader *rd, const struct sp_tok *at)
{
	struct sp_tok *t = sp_expect(rd->cur, SP_T_IDENT, "a register name after '@'");
	struct spec_filter *f;
	enum sp_name_kind kind;
	char hint[128];
	int idx;

	kind = sp_name_find(rd->names, t->str, &idx);
	if (kind == SP_N_NONE && sp_name_is_broken(rd->names, t->str))
		sp_fail_silently(rd->cur);
	if (kind == SP_N_NONE)
		sp_fail(rd->cur, t,
			sp_name_suggest(rd->names, t->str, SP_N_REG, hint, sizeof(hint)),
			"unknown register '%s'", t->str);
	if (kind != SP_N_REG)
		sp_fail(rd->cur, t, NULL, "expected a register, found %s '%s'",
			sp_name_kind_str(kind), t->str);
	f = fnode(rd, SPEC_F_REG, at, NULL, NULL);
	f->name = t->str;
	return f;
}

/* f_primary - a field, @register, number, constant, string or (filter) */
static struct spec_filter *f_primary(struct sp_reader *rd)
{
	struct sp_tok *t = sp_peek(rd->cur);
	struct spec_filter *f;
	int idx;

	switch (t->kind) {
	case SP_T_LPAREN:
		sp_take(rd->cur);
		f = f_or(rd);
		sp_expect(rd->cur, SP_T_RPAREN, "')'");
		return f;
	case SP_T_AT:
		return f_reg(rd, sp_take(rd->cur));
	case SP_T_NUM:
		f = fnode(rd, SPEC_F_NUM, sp_take(rd->cur), NULL, NULL);
		f->num = t->num;
		return f;
	case SP_T_STR:
		f = fnode(rd, SPEC_F_STR, sp_take(rd->cur), NULL, NULL);
		f->str = t->str;
		return f;
	case SP_T_IDENT:
		/* a constant hides a field of the same name */
		if (sp_name_find(rd->names, t->str, &idx) == SP_N_CONST) {
			f = fnode(rd, SPEC_F_NUM, sp_take(rd->cur), NULL, NULL);
			f->num = rd->names->spec->consts[idx].value;
			return f;
		}
		f = fnode(rd, SPEC_F_FIELD, sp_take(rd->cur), NULL, NULL);
		f->name = t->str;
		return f;
	default:
		sp_fail_expected(rd->cur, "a field, @register, number or string");
	}
}

/* f_unary - !x (not), ~x (every bit flipped) */
static struct spec_filter *f_unary(struct sp_reader *rd)
{
	struct sp_tok *t = sp_peek(rd->cur);
	enum spec_filter_op op = t->kind == SP_T_BANG ? SPEC_F_NOT : SPEC_F_BITNOT;
	struct spec_filter *f;

	if (t->kind != SP_T_BANG && t->kind != SP_T_TILDE)
		return f_primary(rd);
	sp_take(rd->cur);
	sp_nest_in(rd->cur);
	f = fnode(rd, op, t, no_string(rd, f_unary(rd)), NULL);
	sp_nest_out(rd->cur);
	return f;
}

static const struct {
	enum sp_tok_kind tok;
	enum spec_filter_op op;
	int level;		/* C precedence, higher binds tighter */
} f_binops[] = {
	{ SP_T_OROR, SPEC_F_OR, 1 },	{ SP_T_ANDAND, SPEC_F_AND, 2 },
	{ SP_T_AMP, SPEC_F_BITAND, 3 }, { SP_T_EQ, SPEC_F_EQ, 4 },
	{ SP_T_NE, SPEC_F_NE, 4 },	{ SP_T_LT, SPEC_F_LT, 5 },
	{ SP_T_LE, SPEC_F_LE, 5 },	{ SP_T_GT, SPEC_F_GT, 5 },
	{ SP_T_GE, SPEC_F_GE, 5 },	{ SP_T_TILDE, SPEC_F_GLOB, 4 },
};

/* f_binop - the binary filter operator of a token at a precedence level, or -1 */
static int f_binop(const struct sp_tok *t, int level)
{
	for (size_t i = 0; i < sizeof(f_binops) / sizeof(f_binops[0]); i++)
		if (f_binops[i].tok == t->kind && f_binops[i].level == level)
			return (int)i;
	return -1;
}

/* f_level - binary operators from a precedence level up, left-associative */
static struct spec_filter *f_level(struct sp_reader *rd, int level)
{
	struct spec_filter *l = level > 5 ? f_unary(rd) : f_level(rd, level + 1);
	int op;

	if (level > 5)
		return l;
	while ((op = f_binop(sp_peek(rd->cur), level)) >= 0) {
		struct sp_tok *t = sp_take(rd->cur);
		struct spec_filter *r = f_level(rd, level + 1);
		bool eq = f_binops[op].op == SPEC_F_EQ || f_binops[op].op == SPEC_F_NE;

		if (f_binops[op].op == SPEC_F_GLOB && r->op != SPEC_F_STR) {
			sp_error(rd->cur->diag, &r->loc,
				 "write the pattern as a string: field ~ \"virtio*\"",
				 "'~' matches a field against a string pattern");
			sp_fail_silently(rd->cur);
		}
		if (!eq && f_binops[op].op != SPEC_F_GLOB) {
			no_string(rd, l);
			no_string(rd, r);
		}
		l = fnode(rd, f_binops[op].op, t, l, r);
	}
	return l;
}

/* f_or - a whole filter expression */
static struct spec_filter *f_or(struct sp_reader *rd)
{
	struct spec_filter *f;

	sp_nest_in(rd->cur);
	f = f_level(rd, 1);
	sp_nest_out(rd->cur);
	return f;
}

/* parse_filter - [filter], the '[' already taken */
static struct spec_filter *parse_filter(struct sp_reader *rd)
{
	struct spec_filter *f = no_string(rd, f_or(rd));
	const struct spec_filter *deep;

	sp_expect(rd->cur, SP_T_RBRACKET, "']'");
	deep = too_deep(rd->cur->arena, f, &filter_tree);
	if (deep)
		fail_too_deep(rd, &deep->loc, "filter");
	return f;
}

/* ---- clock expressions ---- */

static struct spec_expr *ex_add(struct sp_reader *rd);
static struct spec_expr *ex_primary(struct sp_reader *rd);

/* enode - an expression node of a kind */
static struct spec_expr *enode(struct sp_reader *rd, enum ccsl_expr_kind kind,
			       const struct sp_tok *t)
{
	struct spec_expr *e = sp_alloc(rd->cur->arena, sizeof(*e));

	e->op = SPEC_E_CCSL;
	e->kind = kind;
	e->loc = t->loc;
	return e;
}

/* add_arg - append an argument */
static struct spec_expr *add_arg(struct sp_reader *rd, struct spec_expr *e, struct spec_expr *arg)
{
	*SP_PUSH(rd->cur->arena, e->args, e->nargs) = arg;
	return e;
}

/* enode2 - a node of a kind with two arguments */
static struct spec_expr *enode2(struct sp_reader *rd, enum ccsl_expr_kind kind,
				const struct sp_tok *t, struct spec_expr *a, struct spec_expr *b)
{
	return add_arg(rd, add_arg(rd, enode(rd, kind, t), a), b);
}

/* fn_inf_sup - inf(a, b, ...) or sup(a, b, ...): at least two clocks */
static struct spec_expr *fn_inf_sup(struct sp_reader *rd, const struct sp_tok *name,
				    enum ccsl_expr_kind kind)
{
	struct spec_expr *e = enode(rd, kind, name);

	do
		add_arg(rd, e, ex_add(rd));
	while (sp_accept(rd->cur, SP_T_COMMA));
	sp_expect(rd->cur, SP_T_RPAREN, "',' or ')'");
	if (e->nargs < 2)
		sp_fail(rd->cur, name, NULL, "%s() needs at least two clocks", name->str);
	return e;
}

/* fn_wait - wait(b, k) */
static struct spec_expr *fn_wait(struct sp_reader *rd, const struct sp_tok *name,
				 enum ccsl_expr_kind kind)
{
	struct spec_expr *e = add_arg(rd, enode(rd, kind, name), ex_add(rd));
	struct sp_tok *t;

	sp_expect(rd->cur, SP_T_COMMA, "','");
	t = sp_peek(rd->cur);
	e->k = at_least_1(rd, t, cx_or(rd), "the count of wait()");
	sp_expect(rd->cur, SP_T_RPAREN, "')'");
	return e;
}

/* fn_periodic - periodic(b, period [, offset]) */
static struct spec_expr *fn_periodic(struct sp_reader *rd, const struct sp_tok *name,
				     enum ccsl_expr_kind kind)
{
	struct spec_expr *e = add_arg(rd, enode(rd, kind, name), ex_add(rd));
	struct sp_tok *t;

	sp_expect(rd->cur, SP_T_COMMA, "','");
	t = sp_peek(rd->cur);
	e->period = at_least_1(rd, t, cx_or(rd), "the period of periodic()");
	if (sp_accept(rd->cur, SP_T_COMMA)) {
		t = sp_peek(rd->cur);
		e->offset = sp_to_i64(rd, t, cx_or(rd));
	}
	sp_expect(rd->cur, SP_T_RPAREN, "',' or ')'");
	return e;
}

static const struct {
	const char *name;
	enum ccsl_expr_kind kind;
	struct spec_expr *(*parse)(struct sp_reader *rd, const struct sp_tok *name,
				   enum ccsl_expr_kind kind);
} functions[] = {
	{ "inf", CCSL_EXPR_INF, fn_inf_sup },
	{ "sup", CCSL_EXPR_SUP, fn_inf_sup },
	{ "wait", CCSL_EXPR_WAIT, fn_wait },
	{ "periodic", CCSL_EXPR_PERIODIC, fn_periodic },
};

static const char *const source_fns[] = { "rises", "clears", "writes" };

/* is_source_fn - rises, clears or writes */
static bool is_source_fn(const struct sp_tok *t)
{
	for (size_t i = 0; i < sizeof(source_fns) / sizeof(source_fns[0]); i++)
		if (sp_is_kw(t, source_fns[i]))
			return true;
	return false;
}

/* ex_function - name(...) */
static struct spec_expr *ex_function(struct sp_reader *rd)
{
	const char *names[sizeof(functions) / sizeof(functions[0])];
	struct sp_tok *t = sp_take(rd->cur);
	char hint[64];

	sp_take(rd->cur); /* ( */
	for (size_t i = 0; i < sizeof(functions) / sizeof(functions[0]); i++) {
		if (!strcmp(t->str, functions[i].name))
			return functions[i].parse(rd, t, functions[i].kind);
		names[i] = functions[i].name;
	}
	if (is_source_fn(t))
		sp_fail(rd->cur, t, NULL,
			"%s() makes a bound clock and cannot be part of an expression", t->str);
	sp_fail(rd->cur, t,
		sp_did_you_mean(t->str, names, sizeof(names) / sizeof(names[0]), hint,
				sizeof(hint)),
		"unknown function '%s'", t->str);
}

/* ex_primary - a clock name, (expr) or a function */
static struct spec_expr *ex_primary(struct sp_reader *rd)
{
	struct sp_tok *t = sp_peek(rd->cur);
	struct spec_expr *e;
	char buf[96];

	switch (t->kind) {
	case SP_T_LPAREN:
		sp_take(rd->cur);
		e = ex_add(rd);
		sp_expect(rd->cur, SP_T_RPAREN, "')'");
		return e;
	case SP_T_IDENT:
		if (sp_peek2(rd->cur)->kind == SP_T_LPAREN)
			return ex_function(rd);
		if (sp_peek2(rd->cur)->kind == SP_T_COLON)
			sp_fail(rd->cur, t, "define a clock for it: clock NAME = system:event",
				"an event cannot be used in a clock expression");
		e = sp_alloc(rd->cur->arena, sizeof(*e));
		e->op = SPEC_E_REF;
		e->name = sp_take(rd->cur)->str;
		e->loc = t->loc;
		return e;
	case SP_T_NUM:
	case SP_T_STR:
		sp_fail(rd->cur, t, NULL, "expected a clock, found %s",
			sp_describe(rd->cur, t, buf, sizeof(buf)));
	default:
		sp_fail_expected(rd->cur, "a clock");
	}
}

/* word_bits - a binary word part: the raw digits of a number token, only 0 and 1 */
static const char *word_bits(struct sp_reader *rd, const struct sp_tok *t)
{
	char raw[256];

	sp_tok_text(rd->cur, t, raw, sizeof(raw));
	if (strspn(raw, "01") != strlen(raw) || t->len >= sizeof(raw))
		sp_fail(rd->cur, t, NULL, "invalid binary word '%s': only 0 and 1 are allowed",
			raw);
	return sp_strdup(rd->cur->arena, raw);
}

/* parse_word - u(v), u or (v) after 'filtered by' */
static void parse_word(struct sp_reader *rd, struct spec_expr *e)
{
	e->prefix = "";
	if (sp_peek(rd->cur)->kind == SP_T_NUM)
		e->prefix = word_bits(rd, sp_take(rd->cur));
	if (sp_peek(rd->cur)->kind == SP_T_LPAREN && sp_peek2(rd->cur)->kind == SP_T_NUM) {
		sp_take(rd->cur);
		e->cycle = word_bits(rd, sp_take(rd->cur));
		sp_expect(rd->cur, SP_T_RPAREN, "')'");
	} else if (!*e->prefix) {
		sp_fail_expected(rd->cur, "a binary word such as 1(0)");
	}
}

/* ex_delay - e $ k, or e $ k on b */
static struct spec_expr *ex_delay(struct sp_reader *rd, struct spec_expr *e,
				  const struct sp_tok *op)
{
	struct sp_tok *t = sp_peek(rd->cur);
	uint64_t k = cx_atom(rd);

	if (!sp_accept_kw(rd->cur, "on")) {
		e = add_arg(rd, enode(rd, CCSL_EXPR_DELAY, op), e);
		e->k = sp_to_i64(rd, t, k);
		return e;
	}
	e = enode2(rd, CCSL_EXPR_DELAY_ON, op, e, ex_primary(rd));
	e->k = at_least_1(rd, t, k, "the delay of '$ k on'");
	return e;
}

/* ex_postfix - a primary followed by $, sampled, filtered by, upto, left to right */
static struct spec_expr *ex_postfix(struct sp_reader *rd)
{
	struct spec_expr *e = ex_primary(rd);

	for (;;) {
		struct sp_tok *t = sp_peek(rd->cur);

		if (sp_accept(rd->cur, SP_T_DOLLAR)) {
			e = ex_delay(rd, e, t);
		} else if (sp_accept_kw(rd->cur, "sampled")) {
			sp_expect_kw(rd->cur, "on");
			e = enode2(rd, CCSL_EXPR_SAMPLED, t, e, ex_primary(rd));
		} else if (sp_accept_kw(rd->cur, "strictly")) {
			sp_expect_kw(rd->cur, "sampled");
			sp_expect_kw(rd->cur, "on");
			e = enode2(rd, CCSL_EXPR_SAMPLED_STRICT, t, e, ex_primary(rd));
		} else if (sp_accept_kw(rd->cur, "filtered")) {
			sp_expect_kw(rd->cur, "by");
			e = add_arg(rd, enode(rd, CCSL_EXPR_FILTER, t), e);
			parse_word(rd, e);
		} else if (sp_accept_kw(rd->cur, "upto")) {
			e = enode2(rd, CCSL_EXPR_UPTO, t, e, ex_primary(rd));
		} else {
			return e;
		}
	}
}

/* ex_binary - a chain of one operator; + and * chains become one n-ary node */
static struct spec_expr *ex_binary(struct sp_reader *rd,
				   struct spec_expr *(*operand)(struct sp_reader *),
				   enum sp_tok_kind nary_tok, enum ccsl_expr_kind nary,
				   enum sp_tok_kind bin_tok, enum ccsl_expr_kind bin)
{
	struct spec_expr *e = operand(rd);
	bool chain = false;	/* e is the n-ary node of this chain */

	for (;;) {
		struct sp_tok *t = sp_peek(rd->cur);

		if (sp_accept(rd->cur, nary_tok)) {
			if (chain)
				add_arg(rd, e, operand(rd));
			else
				e = enode2(rd, nary, t, e, operand(rd));
			chain = true;
		} else if (bin_tok != SP_T_EOL && sp_accept(rd->cur, bin_tok)) {
			e = enode2(rd, bin, t, e, operand(rd));
			chain = false;
		} else {
			return e;
		}
	}
}

/* ex_mul - a * b * ... */
static struct spec_expr *ex_mul(struct sp_reader *rd)
{
	return ex_binary(rd, ex_postfix, SP_T_STAR, CCSL_EXPR_INTER, SP_T_EOL, CCSL_EXPR_INTER);
}

/* ex_add - a + b - c ...: a whole clock expression */
static struct spec_expr *ex_add(struct sp_reader *rd)
{
	struct spec_expr *e;

	sp_nest_in(rd->cur);
	e = ex_binary(rd, ex_mul, SP_T_PLUS, CCSL_EXPR_UNION, SP_T_MINUS, CCSL_EXPR_MINUS);
	sp_nest_out(rd->cur);
	return e;
}

/* ---- bound clock sources: what makes a clock tick ---- */

/* sp_is_source_start - an event (system:event) or rises/clears/writes( */
bool sp_is_source_start(struct sp_reader *rd)
{
	struct sp_tok *t = sp_peek(rd->cur), *n = sp_peek2(rd->cur);

	return t->kind == SP_T_IDENT &&
	       (n->kind == SP_T_COLON || (n->kind == SP_T_LPAREN && is_source_fn(t)));
}

/* find_register - a register declared earlier, by the token naming it */
static void find_register(struct sp_reader *rd, const struct sp_tok *t)
{
	enum sp_name_kind kind = sp_name_find(rd->names, t->str, &(int){ 0 });
	char hint[128];

	if (kind == SP_N_REG)
		return;
	if (kind != SP_N_NONE)
		sp_fail(rd->cur, t, NULL, "expected a register, found %s '%s'",
			sp_name_kind_str(kind), t->str);
	if (sp_name_is_broken(rd->names, t->str))
		sp_fail_silently(rd->cur);
	sp_fail(rd->cur, t, sp_name_suggest(rd->names, t->str, SP_N_REG, hint, sizeof(hint)),
		"unknown register '%s'", t->str);
}

static const enum spec_source_kind source_kinds[] = {
	SPEC_SRC_RISES, SPEC_SRC_CLEARS, SPEC_SRC_WRITES,
};

/* source_against - rises/clears(reg, mask, written|seen): true for seen */
static bool source_against(struct sp_reader *rd)
{
	struct sp_tok *t = sp_peek(rd->cur);

	if (!sp_is_kw(t, "written") && !sp_is_kw(t, "seen"))
		sp_fail_expected(rd->cur, "'written' or 'seen'");
	sp_take(rd->cur);
	return sp_is_kw(t, "seen");
}

/* sp_source - system:event[filter] or rises|clears|writes(reg, value)[filter] */
void sp_source(struct sp_reader *rd, struct spec_source *s)
{
	struct sp_tok *t = sp_peek(rd->cur);
	int from = rd->cur->i;

	s->loc = t->loc;
	if (t->kind == SP_T_IDENT && sp_peek2(rd->cur)->kind == SP_T_COLON) {
		s->kind = SPEC_SRC_EVENT;
		s->system = sp_take(rd->cur)->str;
		sp_take(rd->cur);
		s->event = sp_expect(rd->cur, SP_T_IDENT, "an event name")->str;
	} else if (sp_is_source_start(rd)) {
		struct sp_tok *reg;

		for (size_t i = 0; i < sizeof(source_fns) / sizeof(source_fns[0]); i++)
			if (sp_is_kw(t, source_fns[i]))
				s->kind = source_kinds[i];
		sp_take(rd->cur);
		sp_take(rd->cur);
		reg = sp_expect(rd->cur, SP_T_IDENT, "a register name");
		find_register(rd, reg);
		s->reg = reg->str;
		sp_expect(rd->cur, SP_T_COMMA, "','");
		s->value = cx_or(rd);
		if (s->kind != SPEC_SRC_WRITES && sp_accept(rd->cur, SP_T_COMMA))
			s->seen = source_against(rd);
		sp_expect(rd->cur, SP_T_RPAREN, s->kind == SPEC_SRC_WRITES ? "')'" : "',' or ')'");
	} else {
		sp_fail_expected(rd->cur, "an event (system:event) or rises(), clears(), writes()");
	}
	if (sp_accept(rd->cur, SP_T_LBRACKET))
		s->filter = parse_filter(rd);
	s->text = sp_toks_text(rd->cur, from, rd->cur->i);
}

/* ---- entry points ---- */

/* sp_const_expr - a constant expression: | & << + over numbers and constants */
uint64_t sp_const_expr(struct sp_reader *rd)
{
	return cx_or(rd);
}

/* sp_clock_expr - a whole clock expression, at most SP_MAX_DEPTH deep */
struct spec_expr *sp_clock_expr(struct sp_reader *rd)
{
	struct spec_expr *e = ex_add(rd);
	const struct spec_expr *deep = too_deep(rd->cur->arena, e, &expr_tree);

	if (deep)
		fail_too_deep(rd, &deep->loc, "expression");
	return e;
}
