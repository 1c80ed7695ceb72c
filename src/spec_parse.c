// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * spec_parse.c - read a spec: its statements, the relations of rules, and
 * includes (see man/ccsl-spec.5 for the grammar; expressions are spec_expr.c's)
 *
 * One logical line is one statement. A syntax error is reported and the
 * parser goes on with the next line (a longjmp out of the recursive descent;
 * everything allocated lives in the spec's arena, so nothing leaks), which
 * lets one run report several errors. Names are resolved by spec_check.c once
 * every file is read, so clocks may be used before they are defined;
 * constants and registers, whose values the parser needs, may not.
 *
 * Holds the parser's state (the rule attribute lines apply to, the default
 * restart clock, the stack of files being included). Called by spec.c
 * (sp_parse); calls spec_expr.c, spec_names.c, spec_lex.c, spec_diag.c,
 * spec_src.c, spec_arena.c and builtin.c.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec_expr.h"
#include "spec_lex.h"
#include "spec_parse.h"

/* The state of the statement parser. */
struct parser {
	struct sp_reading *in;
	struct spec *spec;	/* in's, for short */
	struct sp_arena *arena;
	struct sp_names *names;
	struct sp_diag *diag;

	struct sp_cursor cur;	/* the tokens of the current line */
	struct sp_reader rd;	/* expressions: &cur and names */
	const char *defining;	/* the name being defined, marked broken on failure */

	int rule;		/* index of the rule attributes apply to, -1 none, -2 a bad one */
	unsigned int rule_attrs; /* attributes already given to it (bit per attribute) */
	const char *def_restart; /* default restart clock, or NULL */
	struct spec_loc def_restart_loc;
	int nrule_flags;	/* in->rule_def_restart's length */

	const struct sp_src **stack; /* files being included, outermost first */
	int depth;
	bool seen_spec;
	struct spec_loc spec_loc; /* of the 'spec' statement */
};

/* add_src - keep a source (spec_src.c) and name it among the spec's files */
static const struct sp_src *add_src(struct parser *p, const char *name, const char *key,
				    const char *dir, const char *text, size_t len)
{
	const struct sp_src *src =
		sp_src_add(p->arena, p->in->srcs, name, key, dir, text, len);

	*SP_PUSH(p->arena, p->spec->files, p->spec->nfiles) = src->name;
	return src;
}

/* ---- names ---- */

/* first_defined - the hint "first defined at file:line:col" */
static const char *first_defined(const struct spec_loc *loc, char *buf, size_t size)
{
	snprintf(buf, size, "first defined at %s:%d:%d", loc->file, loc->line, loc->col);
	return buf;
}

/* check_new_name - a name about to be defined: false (reported) if it is taken */
static bool check_new_name(struct parser *p, const struct sp_tok *t, enum sp_name_kind kind)
{
	enum sp_name_kind old;
	char hint[512];
	int idx;

	if (sp_name_reserved(t->str))
		sp_fail(&p->cur, t, NULL, "'%s' is a reserved word and cannot name a %s", t->str,
			sp_name_kind_str(kind));
	old = sp_name_find(p->names, t->str, &idx);
	if (old == SP_N_NONE || (old == SP_N_REG && kind == SP_N_REG))
		return true;
	first_defined(sp_name_loc(p->names, old, idx), hint, sizeof(hint));
	if (old == kind)
		sp_error(p->diag, &t->loc, hint, "duplicate %s '%s'", sp_name_kind_str(kind),
			 t->str);
	else
		sp_error(p->diag, &t->loc, hint, "'%s' is already defined as a %s", t->str,
			 sp_name_kind_str(old));
	return false;
}

/* ---- relations ---- */

static const struct {
	enum sp_tok_kind tok;
	const char *kw;
	enum ccsl_rel_kind kind;
} rel_ops[] = {
	{ SP_T_LT, NULL, CCSL_REL_PRECEDES },	   { SP_T_LE, NULL, CCSL_REL_CAUSES },
	{ SP_T_EQ, NULL, CCSL_REL_COINCIDES },	   { SP_T_HASH, NULL, CCSL_REL_EXCLUSION },
	{ SP_T_TILDE, NULL, CCSL_REL_ALTERNATES }, { SP_T_IDENT, "sub", CCSL_REL_SUBCLOCK },
};

/* rel_op - the relation operator a token is, or -1 */
static int rel_op(const struct sp_tok *t)
{
	for (size_t i = 0; i < sizeof(rel_ops) / sizeof(rel_ops[0]); i++)
		if (t->kind == rel_ops[i].tok && (!rel_ops[i].kw || sp_is_kw(t, rel_ops[i].kw)))
			return (int)i;
	return -1;
}

/* add_rel_arg - append an operand to a rule */
static void add_rel_arg(struct parser *p, struct spec_rule *r, struct spec_expr *e)
{
	*SP_PUSH(p->arena, r->args, r->nargs) = e;
}

/* parse_window - forbid|allow x in [a, b] with either end open or closed */
static void parse_window(struct parser *p, struct spec_rule *r)
{
	struct sp_tok *t;

	r->kind = sp_is_kw(sp_take(&p->cur), "forbid") ? CCSL_REL_FORBID : CCSL_REL_ALLOW;
	add_rel_arg(p, r, sp_clock_expr(&p->rd));
	/* forbid x: x must never tick (a window that is always open) */
	if (r->kind == CCSL_REL_FORBID && sp_peek(&p->cur)->kind == SP_T_EOL)
		return;
	sp_expect_kw(&p->cur, "in");
	t = sp_peek(&p->cur);
	if (t->kind != SP_T_LBRACKET && t->kind != SP_T_RBRACKET)
		sp_fail_expected(&p->cur, "'[' or ']'");
	if (sp_take(&p->cur)->kind == SP_T_LBRACKET)
		r->window |= CCSL_WIN_LEFT_CLOSED;
	add_rel_arg(p, r, sp_clock_expr(&p->rd));
	sp_expect(&p->cur, SP_T_COMMA, "','");
	add_rel_arg(p, r, sp_clock_expr(&p->rd));
	t = sp_peek(&p->cur);
	if (t->kind == SP_T_COMMA)
		sp_fail(&p->cur, t, NULL, "a window has exactly two ends");
	if (t->kind != SP_T_LBRACKET && t->kind != SP_T_RBRACKET)
		sp_fail_expected(&p->cur, "']' or '['");
	if (sp_take(&p->cur)->kind == SP_T_RBRACKET)
		r->window |= CCSL_WIN_RIGHT_CLOSED;
}

/* parse_bounds - [init N] [max N] of a precedence, in any order */
static void parse_bounds(struct parser *p, struct spec_rule *r)
{
	bool seen_init = false, seen_max = false;
	struct sp_tok *max_tok = NULL;

	for (;;) {
		struct sp_tok *kw = sp_peek(&p->cur), *t;
		bool is_init = sp_is_kw(kw, "init");

		if (!is_init && !sp_is_kw(kw, "max"))
			break;
		if (is_init ? seen_init : seen_max)
			sp_fail(&p->cur, kw, NULL, "duplicate '%s'", kw->str);
		sp_take(&p->cur);
		t = sp_peek(&p->cur);
		if (is_init) {
			r->init = sp_to_i64(&p->rd, t, sp_const_expr(&p->rd));
			seen_init = true;
		} else {
			r->max = sp_to_i64(&p->rd, t, sp_const_expr(&p->rd));
			seen_max = true;
			max_tok = t;
		}
	}
	if (max_tok && r->init > r->max)
		sp_fail(&p->cur, max_tok, NULL, "max %lld is smaller than init %lld",
			(long long)r->max, (long long)r->init);
}

/* parse_relation - the relation of a rule */
static void parse_relation(struct parser *p, struct spec_rule *r)
{
	struct sp_tok *optok, *t;
	char raw[8];
	int op;

	if (sp_is_kw(sp_peek(&p->cur), "forbid") || sp_is_kw(sp_peek(&p->cur), "allow")) {
		parse_window(p, r);
		return;
	}
	add_rel_arg(p, r, sp_clock_expr(&p->rd));
	op = rel_op(sp_peek(&p->cur));
	if (op < 0)
		sp_fail_expected(&p->cur, "a relation ('<', '<=', '==', '#', '~' or 'sub')");
	optok = sp_take(&p->cur);
	r->kind = rel_ops[op].kind;
	add_rel_arg(p, r, sp_clock_expr(&p->rd));
	if (r->kind == CCSL_REL_EXCLUSION) {
		while (sp_accept(&p->cur, SP_T_HASH))
			add_rel_arg(p, r, sp_clock_expr(&p->rd));
		return;
	}
	if (r->kind == CCSL_REL_PRECEDES || r->kind == CCSL_REL_CAUSES)
		parse_bounds(p, r);
	if (r->kind == CCSL_REL_ALTERNATES && sp_accept_kw(&p->cur, "weak"))
		r->kind = CCSL_REL_ALTERNATES_WEAK;
	t = sp_peek(&p->cur);
	if (rel_op(t) >= 0)
		sp_fail(&p->cur, t, "write one rule per relation",
			"'%s' relates exactly two clocks",
			sp_tok_text(&p->cur, optok, raw, sizeof(raw)));
}

/* ---- statements ---- */

/* st_spec - spec NAME ["TITLE"]: the top file's only; an included file's is ignored */
static void st_spec(struct parser *p, const struct sp_tok *kw)
{
	struct sp_tok *name = sp_expect(&p->cur, SP_T_IDENT, "a spec name");
	const char *title = NULL;
	char hint[512];

	if (sp_peek(&p->cur)->kind == SP_T_STR)
		title = sp_take(&p->cur)->str;
	sp_end_of_line(&p->cur);
	if (p->depth > 1)
		return;
	if (p->seen_spec)
		sp_fail(&p->cur, kw, first_defined(&p->spec_loc, hint, sizeof(hint)),
			"duplicate 'spec' statement");
	p->seen_spec = true;
	p->spec_loc = kw->loc;
	p->spec->name = name->str;
	p->spec->title = title;
}

static void parse_src(struct parser *p, const struct sp_src *src);

/*
 * include_wanted - whether a file or built-in of this key is to be read and
 * parsed now: not when it was read already (two files may share a common
 * one); an include cycle or nesting too deep fails. Asked before reading it:
 * a file included a thousand times is read once.
 */
static bool include_wanted(struct parser *p, const struct sp_tok *t, const char *name,
			   const char *key)
{
	char chain[1024];
	size_t o = 0;
	int from = -1;

	for (int i = 0; i < p->depth; i++)
		if (!strcmp(p->stack[i]->key, key))
			from = i;
	if (from >= 0) {
		for (int i = from; i < p->depth; i++)
			o += (size_t)snprintf(chain + o, o < sizeof(chain) ? sizeof(chain) - o : 0,
					      "%s -> ", p->stack[i]->name);
		snprintf(chain + (o < sizeof(chain) ? o : sizeof(chain) - 1),
			 o < sizeof(chain) ? sizeof(chain) - o : 1, "%s", name);
		sp_fail(&p->cur, t, NULL, "include cycle: %s", chain);
	}
	if (sp_src_find_key(p->in->srcs, key))
		return false;
	if (p->depth >= SP_MAX_INCLUDE_DEPTH)
		sp_fail(&p->cur, t, NULL, "includes nested more than %d deep",
			SP_MAX_INCLUDE_DEPTH);
	return true;
}

/* include_file - include "PATH", relative to the including file's directory */
static void include_file(struct parser *p, const struct sp_tok *t)
{
	const struct sp_src *src;
	const char *path = t->str, *key;
	char err[PATH_MAX + 128];
	size_t len;
	char *text;

	if (path[0] != '/' && p->cur.lx.src->dir[0]) {
		char *joined =
			sp_alloc(p->arena, strlen(p->cur.lx.src->dir) + strlen(path) + 2);

		sprintf(joined, "%s/%s", p->cur.lx.src->dir, path);
		path = joined;
	}
	key = sp_src_key(p->arena, path);
	if (!include_wanted(p, t, path, key))
		return;
	switch (sp_read_file(path, sp_src_room(p->in->srcs), &text, &len, err, sizeof(err))) {
	case 0:
		break;
	case SP_READ_NOMEM:
		sp_nomem(p->arena);
	default:
		sp_fail(&p->cur, t, NULL, "%s", err);
	}
	/* the arena's: a reading that runs out of memory in add_src must not leak it */
	sp_adopt(p->arena, text);
	src = add_src(p, path, key, sp_dir_of(p->arena, path), text, len);
	parse_src(p, src);
}

/* include_builtin - include <NAME>: a spec compiled into the program */
static void include_builtin(struct parser *p, const struct sp_tok *t)
{
	size_t len;
	const char *text = spec_builtin(t->str, &len);
	char *name;

	if (!text)
		sp_fail(&p->cur, t, NULL, "unknown built-in spec '<%s>'", t->str);
	name = sp_alloc(p->arena, strlen(t->str) + 3);
	sprintf(name, "<%s>", t->str);
	if (include_wanted(p, t, name, name))
		parse_src(p, add_src(p, name, name, "", text, len));
}

/* st_include - include "PATH" | include <NAME> */
static void st_include(struct parser *p, const struct sp_tok *kw)
{
	struct sp_tok *t = sp_peek(&p->cur);

	if (sp_accept(&p->cur, SP_T_STR)) {
		sp_end_of_line(&p->cur);
		include_file(p, t);
	} else if (sp_accept(&p->cur, SP_T_LT)) {
		t = sp_expect(&p->cur, SP_T_IDENT, "a built-in spec name");
		sp_expect(&p->cur, SP_T_GT, "'>'");
		sp_end_of_line(&p->cur);
		include_builtin(p, t);
	} else {
		sp_fail_expected(&p->cur, "\"PATH\" or <NAME>");
	}
}

/* st_const - const NAME = CONSTEXPR */
static void st_const(struct parser *p, const struct sp_tok *kw)
{
	struct sp_tok *name = sp_expect(&p->cur, SP_T_IDENT, "a constant name");
	bool fresh = check_new_name(p, name, SP_N_CONST);
	struct spec_const *c;
	uint64_t v;

	p->defining = name->str;
	sp_expect(&p->cur, SP_T_ASSIGN, "'='");
	v = sp_const_expr(&p->rd);
	sp_end_of_line(&p->cur);
	if (!fresh)
		return;
	sp_name_define(p->names, SP_N_CONST, name->str, p->spec->nconsts);
	c = SP_PUSH(p->arena, p->spec->consts, p->spec->nconsts);
	c->name = name->str;
	c->value = v;
	c->loc = name->loc;
}

/* st_instance - instance per FIELD */
static void st_instance(struct parser *p, const struct sp_tok *kw)
{
	struct sp_tok *field;
	char hint[512];

	sp_expect_kw(&p->cur, "per");
	field = sp_expect(&p->cur, SP_T_IDENT, "an event field name");
	sp_end_of_line(&p->cur);
	if (p->spec->key && strcmp(p->spec->key, field->str))
		sp_fail(&p->cur, field, first_defined(&p->spec->key_loc, hint, sizeof(hint)),
			"conflicting 'instance per %s': already per '%s'", field->str,
			p->spec->key);
	if (p->spec->key)
		return;
	p->spec->key = field->str;
	p->spec->key_loc = field->loc;
}

/* st_label - label FIELD...: an instance is shown with the last values of these fields */
static void st_label(struct parser *p, const struct sp_tok *kw)
{
	do
		*SP_PUSH(p->arena, p->spec->labels, p->spec->nlabels) =
			sp_expect(&p->cur, SP_T_IDENT, "a field name")->str;
	while (sp_peek(&p->cur)->kind == SP_T_IDENT);
	sp_end_of_line(&p->cur);
}

/* st_name - name FIELD VALUE "TEXT": reports show that value of the field as TEXT */
static void st_name(struct parser *p, const struct sp_tok *kw)
{
	struct spec_value_name vn;

	vn.field = sp_expect(&p->cur, SP_T_IDENT, "a field name")->str;
	vn.value = sp_const_expr(&p->rd);
	vn.text = sp_expect(&p->cur, SP_T_STR, "the name as a string")->str;
	sp_end_of_line(&p->cur);
	*SP_PUSH(p->arena, p->spec->value_names, p->spec->nvalue_names) = vn;
}

/* st_history - history partial */
static void st_history(struct parser *p, const struct sp_tok *kw)
{
	sp_expect_kw(&p->cur, "partial");
	sp_end_of_line(&p->cur);
	p->spec->history_partial = true;
}

/* parse_event - SYSTEM:EVENT, or SYSTEM:* if allowed */
static void parse_event(struct parser *p, const char **system, const char **event, bool star)
{
	*system = sp_expect(&p->cur, SP_T_IDENT, "an event (system:event)")->str;
	sp_expect(&p->cur, SP_T_COLON, "':'");
	if (star && sp_accept(&p->cur, SP_T_STAR))
		*event = "*";
	else
		*event = sp_expect(&p->cur, SP_T_IDENT,
				   star ? "an event name or '*'" : "an event name")
				 ->str;
}

/* st_pair - pair SYS:EVENT with SYS:EVENT | SYS:* */
static void st_pair(struct parser *p, const struct sp_tok *kw)
{
	struct spec_pair pair = { .loc = sp_peek(&p->cur)->loc };

	parse_event(p, &pair.system, &pair.event, false);
	sp_expect_kw(&p->cur, "with");
	parse_event(p, &pair.with_system, &pair.with_event, true);
	sp_end_of_line(&p->cur);
	*SP_PUSH(p->arena, p->spec->pairs, p->spec->npairs) = pair;
}

/* find_or_add_register - the register of a name, created on first use */
static struct spec_register *find_or_add_register(struct parser *p, const struct sp_tok *name)
{
	struct spec_register *reg;

	int idx;

	if (sp_name_find(p->names, name->str, &idx) == SP_N_REG)
		return &p->spec->regs[idx];
	sp_name_define(p->names, SP_N_REG, name->str, p->spec->nregs);
	reg = SP_PUSH(p->arena, p->spec->regs, p->spec->nregs);
	reg->name = name->str;
	reg->loc = name->loc;
	return reg;
}

/* register_bits - register NAME bits CONST...: the names reports decode the value with */
static void register_bits(struct parser *p, const struct sp_tok *name, bool fresh)
{
	struct spec_register *reg = fresh ? find_or_add_register(p, name) : NULL;
	char hint[128];

	do {
		struct sp_tok *t = sp_expect(&p->cur, SP_T_IDENT, "a constant name");
		int idx;
		enum sp_name_kind kind = sp_name_find(p->names, t->str, &idx);
		struct spec_bit *bit;

		if (kind != SP_N_CONST)
			sp_fail(&p->cur, t,
				kind == SP_N_NONE ? sp_name_suggest(p->names, t->str, SP_N_CONST,
								    hint, sizeof(hint))
						  : NULL,
				"'%s' is not a constant", t->str);
		if (!reg)
			continue;
		bit = SP_PUSH(p->arena, reg->bits, reg->nbits);
		bit->name = t->str;
		bit->value = p->spec->consts[idx].value;
	} while (sp_peek(&p->cur)->kind == SP_T_IDENT);
	sp_end_of_line(&p->cur);
}

/* st_register - register NAME write|read SYS:EVENT.FIELD (lines add sources) */
static void st_register(struct parser *p, const struct sp_tok *kw)
{
	struct sp_tok *name = sp_expect(&p->cur, SP_T_IDENT, "a register name");
	bool fresh = check_new_name(p, name, SP_N_REG);
	struct spec_reg_source src = { 0 };
	struct spec_register *reg;
	struct sp_tok *dir;

	p->defining = name->str;
	if (sp_accept_kw(&p->cur, "bits")) {
		register_bits(p, name, fresh);
		return;
	}
	dir = sp_peek(&p->cur);
	if (!sp_is_kw(dir, "write") && !sp_is_kw(dir, "read"))
		sp_fail_expected(&p->cur, "'write' or 'read'");
	src.is_read = sp_is_kw(sp_take(&p->cur), "read");
	src.loc = sp_peek(&p->cur)->loc;
	parse_event(p, &src.system, &src.event, false);
	sp_expect(&p->cur, SP_T_DOT, "'.' and a field name");
	src.field = sp_expect(&p->cur, SP_T_IDENT, "a field name")->str;
	sp_end_of_line(&p->cur);
	if (!fresh)
		return;
	reg = find_or_add_register(p, name);
	if (!sp_reg_source_add(p->names, (int)(reg - p->spec->regs), &src)) {
		sp_error(p->diag, &src.loc, NULL, "duplicate source for register '%s'", reg->name);
		return;
	}
	*SP_PUSH(p->arena, reg->sources, reg->nsources) = src;
}

/* parse_restart_on - 'on CLOCK' after restart: the clock's name and where */
static const char *parse_restart_on(struct parser *p, struct spec_loc *loc)
{
	struct sp_tok *t;

	sp_expect_kw(&p->cur, "on");
	t = sp_expect(&p->cur, SP_T_IDENT, "a clock name");
	*loc = t->loc;
	return t->str;
}

/* st_clock - clock NAME = SOURCE {, SOURCE} | clock NAME = EXPR [restart on CLOCK] */
static void st_clock(struct parser *p, const struct sp_tok *kw)
{
	struct sp_tok *name = sp_expect(&p->cur, SP_T_IDENT, "a clock name");
	bool fresh = check_new_name(p, name, SP_N_CLOCK);
	struct spec_clock c = { .name = name->str, .loc = name->loc };

	p->defining = name->str;
	sp_expect(&p->cur, SP_T_ASSIGN, "'='");
	if (sp_is_source_start(&p->rd)) {
		do
			sp_source(&p->rd, SP_PUSH(p->arena, c.sources, c.nsources));
		while (sp_accept(&p->cur, SP_T_COMMA));
	} else {
		int from = p->cur.i;

		c.expr = sp_clock_expr(&p->rd);
		c.text = sp_toks_text(&p->cur, from, p->cur.i);
		if (sp_accept_kw(&p->cur, "restart"))
			c.restart = parse_restart_on(p, &c.restart_loc);
	}
	sp_end_of_line(&p->cur);
	if (!fresh)
		return;
	sp_name_define(p->names, SP_N_CLOCK, c.name, p->spec->nclocks);
	*SP_PUSH(p->arena, p->spec->clocks, p->spec->nclocks) = c;
}

/* st_rule - rule NAME: RELATION */
static void st_rule(struct parser *p, const struct sp_tok *kw)
{
	struct sp_tok *name = sp_expect(&p->cur, SP_T_IDENT, "a rule name");
	struct spec_rule r = {
		.name = name->str,
		.max = CCSL_UNBOUNDED,
		.severity = SPEC_SEV_ERROR,
		.restart = p->def_restart,
		.restart_loc = p->def_restart_loc,
		.loc = name->loc,
	};
	int old = sp_rule_find(p->names, name->str), from;
	char hint[512];

	p->rule = -2;
	if (old >= 0)
		sp_error(p->diag, &name->loc,
			 first_defined(&p->spec->rules[old].loc, hint, sizeof(hint)),
			 "duplicate rule '%s'", name->str);
	sp_expect(&p->cur, SP_T_COLON, "':'");
	from = p->cur.i;
	parse_relation(p, &r);
	sp_end_of_line(&p->cur);
	if (old >= 0)
		return;
	r.text = sp_toks_text(&p->cur, from, p->cur.i);
	p->rule = p->spec->nrules;
	p->rule_attrs = 0;
	sp_rule_define(p->names, r.name, p->spec->nrules);
	*SP_PUSH(p->arena, p->spec->rules, p->spec->nrules) = r;
	*SP_PUSH(p->arena, p->in->rule_def_restart, p->nrule_flags) = p->def_restart != NULL;
}

/* st_default - default restart on CLOCK | default restart never */
static void st_default(struct parser *p, const struct sp_tok *kw)
{
	struct sp_ref *ref;
	struct spec_loc loc;
	const char *name;

	sp_expect_kw(&p->cur, "restart");
	if (sp_accept_kw(&p->cur, "never")) {
		sp_end_of_line(&p->cur);
		p->def_restart = NULL;
		return;
	}
	name = parse_restart_on(p, &loc);
	sp_end_of_line(&p->cur);
	p->def_restart = name;
	p->def_restart_loc = loc;
	ref = SP_PUSH(p->arena, p->in->def_refs, p->in->ndef_refs);
	ref->name = name;
	ref->loc = loc;
}

/* cur_rule - the rule an attribute line applies to */
static struct spec_rule *cur_rule(struct parser *p)
{
	return &p->spec->rules[p->rule];
}

/* at_restart - restart on CLOCK | restart never */
static void at_restart(struct parser *p, const struct sp_tok *kw)
{
	struct spec_rule *r = cur_rule(p);
	const char *name = NULL;
	struct spec_loc loc = { 0 };

	if (!sp_accept_kw(&p->cur, "never")) {
		if (!sp_is_kw(sp_peek(&p->cur), "on"))
			sp_fail_expected(&p->cur, "'on' or 'never'");
		name = parse_restart_on(p, &loc);
	}
	sp_end_of_line(&p->cur);
	r->restart = name;
	r->restart_loc = loc;
	p->in->rule_def_restart[p->rule] = false;
}

/* at_string - message "TEXT" | ref "TEXT" */
static void at_string(struct parser *p, const struct sp_tok *kw)
{
	const char *text = sp_expect(&p->cur, SP_T_STR, "a string")->str;

	sp_end_of_line(&p->cur);
	if (sp_is_kw(kw, "message"))
		cur_rule(p)->message = text;
	else
		cur_rule(p)->reference = text;
}

/* at_severity - severity error|warning */
static void at_severity(struct parser *p, const struct sp_tok *kw)
{
	struct sp_tok *t = sp_peek(&p->cur);

	if (!sp_is_kw(t, "error") && !sp_is_kw(t, "warning"))
		sp_fail_expected(&p->cur, "'error' or 'warning'");
	sp_take(&p->cur);
	sp_end_of_line(&p->cur);
	cur_rule(p)->severity = sp_is_kw(t, "error") ? SPEC_SEV_ERROR : SPEC_SEV_WARNING;
}

/* never_pending - relations that hold no obligation at the end of a trace */
static bool never_pending(enum ccsl_rel_kind kind)
{
	return kind == CCSL_REL_SUBCLOCK || kind == CCSL_REL_COINCIDES ||
	       kind == CCSL_REL_EXCLUSION || kind == CCSL_REL_FORBID || kind == CCSL_REL_ALLOW;
}

/* at_expect - expect: pending at the end of the trace is a violation */
static void at_expect(struct parser *p, const struct sp_tok *kw)
{
	struct spec_rule *r = cur_rule(p);

	sp_end_of_line(&p->cur);
	if (never_pending(r->kind))
		sp_fail(&p->cur, kw, NULL, "'expect' has no effect: a %s relation is never pending",
			ccsl_rel_name(r->kind));
	r->expect = true;
}

/* at_per - per FIELD: the rule is checked per value of FIELD within each instance */
static void at_per(struct parser *p, const struct sp_tok *kw)
{
	struct spec_rule *r = cur_rule(p);
	struct sp_tok *t = sp_expect(&p->cur, SP_T_IDENT, "a field name");

	sp_end_of_line(&p->cur);
	if (p->spec->key && !strcmp(t->str, p->spec->key))
		sp_fail(&p->cur, t, "instances are already one per value of it",
			"'per %s' names the instance key", t->str);
	r->per = t->str;
	r->per_loc = t->loc;
}

/* at_subject - subject driver|device: whose behaviour the rule checks */
static void at_subject(struct parser *p, const struct sp_tok *kw)
{
	struct sp_tok *t = sp_peek(&p->cur);

	if (!sp_is_kw(t, "driver") && !sp_is_kw(t, "device"))
		sp_fail_expected(&p->cur, "'driver' or 'device'");
	sp_take(&p->cur);
	sp_end_of_line(&p->cur);
	cur_rule(p)->subject = sp_is_kw(t, "device") ? SPEC_SUBJ_DEVICE : SPEC_SUBJ_DRIVER;
}

/* at_optional - optional: events missing from a trace leave it unchecked, not inconclusive */
static void at_optional(struct parser *p, const struct sp_tok *kw)
{
	struct spec_rule *r = cur_rule(p);

	sp_end_of_line(&p->cur);
	r->optional = true;
}

static const struct {
	const char *kw;
	void (*parse)(struct parser *p, const struct sp_tok *kw);
	unsigned int attr; /* bit of an attribute line (belongs to a rule), or 0 */
} statements[] = {
	{ "spec", st_spec, 0 },
	{ "include", st_include, 0 },
	{ "const", st_const, 0 },
	{ "instance", st_instance, 0 },
	{ "history", st_history, 0 },
	{ "label", st_label, 0 },
	{ "name", st_name, 0 },
	{ "pair", st_pair, 0 },
	{ "register", st_register, 0 },
	{ "clock", st_clock, 0 },
	{ "rule", st_rule, 0 },
	{ "default", st_default, 0 },
	{ "restart", at_restart, 1 << 0 },
	{ "message", at_string, 1 << 1 },
	{ "ref", at_string, 1 << 2 },
	{ "severity", at_severity, 1 << 3 },
	{ "expect", at_expect, 1 << 4 },
	{ "optional", at_optional, 1 << 5 },
	{ "per", at_per, 1 << 6 },
	{ "subject", at_subject, 1 << 7 },
};

#define NSTATEMENTS (sizeof(statements) / sizeof(statements[0]))

/* parse_statement - one logical line */
static void parse_statement(struct parser *p)
{
	const char *kws[NSTATEMENTS];
	struct sp_tok *t = sp_peek(&p->cur);
	char buf[96];
	size_t i;

	if (t->kind != SP_T_IDENT)
		sp_fail(&p->cur, t, NULL, "expected a statement, found %s",
			sp_describe(&p->cur, t, buf, sizeof(buf)));
	for (i = 0; i < NSTATEMENTS && strcmp(t->str, statements[i].kw); i++)
		kws[i] = statements[i].kw;
	if (i == NSTATEMENTS)
		sp_fail(&p->cur, t,
			sp_did_you_mean(t->str, kws, (int)NSTATEMENTS, buf, sizeof(buf)),
			"unknown statement '%s'", t->str);
	sp_take(&p->cur);
	if (!statements[i].attr) {
		p->rule = -1; /* any other statement ends the rule's attributes */
	} else if (p->rule == -2) {
		return; /* the rule line had an error: its attributes go with it */
	} else if (p->rule == -1) {
		sp_fail(&p->cur, t, "attribute lines follow the 'rule' line they belong to",
			"attribute outside a rule");
	} else if (p->rule_attrs & statements[i].attr) {
		sp_fail(&p->cur, t, NULL, "duplicate '%s' for rule '%s'", t->str,
			cur_rule(p)->name);
	}
	statements[i].parse(p, t);
	p->rule_attrs |= statements[i].attr;
}

/*
 * parse_src - every line of a source. An included file starts with no rule
 * for attributes and its own default restart, and leaves the includer's alone.
 */
static void parse_src(struct parser *p, const struct sp_src *src)
{
	struct sp_lexer saved_lx = p->cur.lx;
	const char *saved_def = p->def_restart;
	struct spec_loc saved_def_loc = p->def_restart_loc;
	jmp_buf *saved_fail = p->cur.fail, fail;

	p->cur.fail = &fail;
	sp_lex_start(&p->cur, src);
	p->rule = -1;
	p->def_restart = NULL;
	p->stack = sp_grow(p->arena, p->stack, p->depth, sizeof(*p->stack));
	p->stack[p->depth++] = src;
	while (!p->diag->stopped && sp_lex_line(&p->cur)) {
		if (!p->cur.ntoks)
			continue;
		p->defining = NULL;
		if (setjmp(fail)) {
			if (p->defining)
				sp_name_mark_broken(p->names, p->defining);
			continue;
		}
		parse_statement(p);
	}
	p->depth--;
	p->cur.fail = saved_fail;
	p->cur.lx = saved_lx;
	p->rule = -1;
	p->def_restart = saved_def;
	p->def_restart_loc = saved_def_loc;
}

/* sp_parse - read a top-level text named name, and its includes */
void sp_parse(struct sp_reading *in, const char *name, const char *text, size_t len)
{
	struct parser p = {
		.in = in,
		.spec = in->spec,
		.arena = in->arena,
		.names = in->names,
		.diag = in->diag,
		.cur = { .arena = in->arena, .diag = in->diag },
		.rule = -1,
	};

	p.rd = (struct sp_reader){ .cur = &p.cur, .names = in->names };
	parse_src(&p, add_src(&p, name, sp_src_key(p.arena, name), sp_dir_of(p.arena, name), text,
			      len));
}
