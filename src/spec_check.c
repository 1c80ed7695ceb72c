// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * spec_check.c - validate a parsed spec: every clock a rule or expression
 * names exists and is a clock, derived clocks have no instantaneous cycle,
 * and every clock is used.
 *
 * Runs after every file is read, so a clock may be used before the line that
 * defines it. Events and fields are not checked here: that needs a trace
 * (bind.c does it with the locations kept in the spec).
 *
 * The dependencies of derived clocks (the clocks their expressions and
 * restart clocks name) are walked without recursion, so a chain of 100,000
 * clocks each defined by the previous one is no deeper for the C stack than
 * one clock; the walk leaves spec->order, the order in which the clocks can
 * be built (checker.c compiles them in it). Expressions themselves are at
 * most SP_MAX_DEPTH deep (spec_expr.c), which bounds check_expr's recursion.
 *
 * Called by spec.c (sp_check) on what spec_parse.c read; calls spec_names.c
 * and spec_diag.c.
 */
#include <stdlib.h>
#include <string.h>

#include "spec_check.h"
#include "spec_diag.h"
#include "spec_names.h"

/* An instantaneous dependency of a derived clock, where it is written. */
struct dep {
	int clock;
	struct spec_loc loc;
};

struct checker {
	struct sp_reading *in;
	const char **names;	/* clock names, for "did you mean" */
	struct dep *deps;	/* every dependency, those of clock 0 first, then of 1... */
	int ndeps;
	int *first;		/* per clock + 1: the index of its first dependency in deps */
	int *next;		/* per clock: its next dependency to walk, while on the path */
	int *color;		/* 0 unseen, 1 on the path, 2 done */
	int *path;		/* the walk's path, root first */
	int npath;
};

/* resolve - the index of the clock a reference names (marked used), or -1 (reported) */
static int resolve(struct checker *c, const char *name, const struct spec_loc *loc)
{
	struct spec *s = c->in->spec;
	enum sp_name_kind kind;
	char hint[128];
	int i;

	kind = sp_name_find(c->in->names, name, &i);
	if (kind == SP_N_CLOCK) {
		s->clocks[i].used = true;
		return i;
	}
	if (sp_name_is_broken(c->in->names, name))
		return -1;
	if (kind != SP_N_NONE)
		sp_error(c->in->diag, loc, NULL, "expected a clock, found %s '%s'",
			 sp_name_kind_str(kind), name);
	else
		sp_error(c->in->diag, loc,
			 sp_diag_full(c->in->diag) ?
				 NULL :
				 sp_did_you_mean(name, c->names, s->nclocks, hint, sizeof(hint)),
			 "unknown clock '%s'", name);
	return -1;
}

/* add_dep - record that derived clock `from` (the one being checked) depends on clock `to` */
static void add_dep(struct checker *c, int from, int to, const struct spec_loc *loc)
{
	if (from < 0 || to < 0)
		return;
	*SP_PUSH(c->in->arena, c->deps, c->ndeps) = (struct dep){ to, *loc };
}

/*
 * check_expr - resolve the clocks of an expression; from: the clock it
 * defines, or -1. Recursive, at most SP_MAX_DEPTH deep (spec_expr.c).
 */
static void check_expr(struct checker *c, const struct spec_expr *e, int from)
{
	if (e->op == SPEC_E_REF) {
		add_dep(c, from, resolve(c, e->name, &e->loc), &e->loc);
		return;
	}
	for (int i = 0; i < e->nargs; i++)
		check_expr(c, e->args[i], from);
}

/* report_cycle - the path from clock `to` (on the DFS path) back to it */
static void report_cycle(struct checker *c, int to, const struct spec_loc *loc)
{
	const struct spec *s = c->in->spec;
	size_t size = strlen(s->clocks[to].name) + 1, o = 0;
	char *chain;
	int from = c->npath - 1;

	if (sp_diag_full(c->in->diag))
		return;		/* the error would be dropped: do not build its chain */
	while (from > 0 && c->path[from] != to)
		from--;
	for (int i = from; i < c->npath; i++)
		size += strlen(s->clocks[c->path[i]].name) + 4;
	chain = sp_alloc(c->in->arena, size);
	for (int i = from; i < c->npath; i++)
		o += (size_t)sprintf(chain + o, "%s -> ", s->clocks[c->path[i]].name);
	sprintf(chain + o, "%s", s->clocks[to].name);
	sp_error(c->in->diag, loc, NULL, "clock '%s' depends on itself: %s", s->clocks[to].name,
		 chain);
}

/* enter - put clock i on the walk's path */
static void enter(struct checker *c, int i)
{
	c->color[i] = 1;
	c->next[i] = c->first[i];
	c->path[c->npath++] = i;
}

/*
 * walk - find instantaneous cycles through clock root, depth first, without
 * recursion: c->path is the stack. A clock leaves the path once every clock
 * it depends on has, which is the order it is added to spec->order in.
 */
static void walk(struct checker *c, int root)
{
	struct spec *s = c->in->spec;

	enter(c, root);
	while (c->npath) {
		int i = c->path[c->npath - 1];
		const struct dep *d;

		if (c->next[i] == c->first[i + 1]) {
			c->npath--;
			c->color[i] = 2;
			s->order[s->norder++] = i;
			continue;
		}
		d = &c->deps[c->next[i]++];
		if (c->color[d->clock] == 1)
			report_cycle(c, d->clock, &d->loc);
		else if (!c->color[d->clock])
			enter(c, d->clock);
	}
}

/* check_clocks - the expressions and restart clocks of derived clocks */
static void check_clocks(struct checker *c)
{
	struct spec *s = c->in->spec;

	for (int i = 0; i < s->nclocks; i++) {
		const struct spec_clock *k = &s->clocks[i];

		c->first[i] = c->ndeps;
		if (k->expr)
			check_expr(c, k->expr, i);
		if (k->restart)
			add_dep(c, i, resolve(c, k->restart, &k->restart_loc), &k->restart_loc);
	}
	c->first[s->nclocks] = c->ndeps;
	s->order = sp_alloc(c->in->arena, ((size_t)s->nclocks + 1) * sizeof(*s->order));
	for (int i = 0; i < s->nclocks; i++)
		if (!c->color[i])
			walk(c, i);
}

/* check_rules - the operands and restart clocks of rules and defaults */
static void check_rules(struct checker *c)
{
	struct spec *s = c->in->spec;

	for (int i = 0; i < c->in->ndef_refs; i++)
		resolve(c, c->in->def_refs[i].name, &c->in->def_refs[i].loc);
	for (int i = 0; i < s->nrules; i++) {
		const struct spec_rule *r = &s->rules[i];

		for (int j = 0; j < r->nargs; j++)
			check_expr(c, r->args[j], -1);
		/* a default restart was checked once, where it was written */
		if (r->restart && !c->in->rule_def_restart[i])
			resolve(c, r->restart, &r->restart_loc);
	}
}

/*
 * check_per - every 'per' rule names the same field: one field splits an instance's
 * monitors (bindings keep one value per record, ccsl-spec(5) RULES)
 */
static void check_per(struct checker *c)
{
	const struct spec_rule *first = NULL;
	struct spec *s = c->in->spec;

	for (int i = 0; i < s->nrules; i++) {
		const struct spec_rule *r = &s->rules[i];

		if (!r->per)
			continue;
		if (!first)
			first = r;
		else if (strcmp(r->per, first->per))
			sp_error(c->in->diag, &r->per_loc, NULL,
				 "rule '%s' is checked per '%s', rule '%s' per '%s': every 'per' "
				 "rule of a spec must name the same field", r->name, r->per,
				 first->name, first->per);
	}
}

/*
 * check_unused - warn about clocks nothing refers to. Only for the top file:
 * an included file is a library whose clocks a spec may leave unused. And
 * only without errors: a clock named by a line that failed looks unused.
 */
static void check_unused(struct checker *c)
{
	struct spec *s = c->in->spec;

	if (c->in->diag->errors)
		return;
	for (int i = 0; i < s->nclocks; i++)
		if (!s->clocks[i].used && s->clocks[i].loc.file == s->files[0])
			sp_warning(c->in->diag, &s->clocks[i].loc, "clock '%s' is never used",
				   s->clocks[i].name);
}

/* sp_check - resolve clock names, number bound clocks, find cycles and unused clocks */
void sp_check(struct sp_reading *in)
{
	int n = in->spec->nclocks;
	struct checker c = { .in = in };

	/* in the arena: a check that runs out of memory leaves nothing to free */
	c.names = sp_alloc(in->arena, ((size_t)n + 1) * sizeof(*c.names));
	c.first = sp_alloc(in->arena, ((size_t)n + 1) * sizeof(*c.first));
	c.next = sp_alloc(in->arena, ((size_t)n + 1) * sizeof(*c.next));
	c.color = sp_alloc(in->arena, ((size_t)n + 1) * sizeof(*c.color));
	c.path = sp_alloc(in->arena, ((size_t)n + 1) * sizeof(*c.path));
	for (int i = 0; i < n; i++) {
		struct spec_clock *sc = &in->spec->clocks[i];

		c.names[i] = sc->name;
		/* the one numbering of bound clocks: bindings and the engine both use it */
		sc->bound = sc->expr ? -1 : in->spec->nbound++;
	}
	check_clocks(&c);
	check_rules(&c);
	check_per(&c);
	check_unused(&c);
}
