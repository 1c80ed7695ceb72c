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
	struct dep **deps;	/* per clock */
	int *ndeps;
	int *color;		/* DFS: 0 unseen, 1 on the path, 2 done */
	int *path;
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

/* add_dep - record that derived clock `from` depends on clock `to` */
static void add_dep(struct checker *c, int from, int to, const struct spec_loc *loc)
{
	struct dep *d;

	if (from < 0 || to < 0)
		return;
	d = realloc(c->deps[from], (size_t)(c->ndeps[from] + 1) * sizeof(*d));
	if (!d)
		abort();
	c->deps[from] = d;
	d[c->ndeps[from]].clock = to;
	d[c->ndeps[from]++].loc = *loc;
}

/* check_expr - resolve the clocks of an expression; from: the clock it defines, or -1 */
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

	while (from > 0 && c->path[from] != to)
		from--;
	for (int i = from; i < c->npath; i++)
		size += strlen(s->clocks[c->path[i]].name) + 4;
	chain = malloc(size);
	if (!chain)
		abort();
	for (int i = from; i < c->npath; i++)
		o += (size_t)sprintf(chain + o, "%s -> ", s->clocks[c->path[i]].name);
	sprintf(chain + o, "%s", s->clocks[to].name);
	sp_error(c->in->diag, loc, NULL, "clock '%s' depends on itself: %s", s->clocks[to].name,
		 chain);
	free(chain);
}

/* dfs - find instantaneous cycles through derived clock i */
static void dfs(struct checker *c, int i)
{
	c->color[i] = 1;
	c->path[c->npath++] = i;
	for (int j = 0; j < c->ndeps[i]; j++) {
		const struct dep *d = &c->deps[i][j];

		if (c->color[d->clock] == 1)
			report_cycle(c, d->clock, &d->loc);
		else if (!c->color[d->clock])
			dfs(c, d->clock);
	}
	c->npath--;
	c->color[i] = 2;
}

/* check_clocks - the expressions and restart clocks of derived clocks */
static void check_clocks(struct checker *c)
{
	struct spec *s = c->in->spec;

	for (int i = 0; i < s->nclocks; i++) {
		const struct spec_clock *k = &s->clocks[i];

		if (k->expr)
			check_expr(c, k->expr, i);
		if (k->restart)
			add_dep(c, i, resolve(c, k->restart, &k->restart_loc), &k->restart_loc);
	}
	for (int i = 0; i < s->nclocks; i++)
		if (!c->color[i])
			dfs(c, i);
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

	c.names = calloc((size_t)n + 1, sizeof(*c.names));
	c.deps = calloc((size_t)n + 1, sizeof(*c.deps));
	c.ndeps = calloc((size_t)n + 1, sizeof(*c.ndeps));
	c.color = calloc((size_t)n + 1, sizeof(*c.color));
	c.path = calloc((size_t)n + 1, sizeof(*c.path));
	if (!c.names || !c.deps || !c.ndeps || !c.color || !c.path)
		abort();
	for (int i = 0; i < n; i++) {
		struct spec_clock *sc = &in->spec->clocks[i];

		c.names[i] = sc->name;
		/* the one numbering of bound clocks: bindings and the engine both use it */
		sc->bound = sc->expr ? -1 : in->spec->nbound++;
	}
	check_clocks(&c);
	check_rules(&c);
	check_unused(&c);
	for (int i = 0; i < n; i++)
		free(c.deps[i]);
	free(c.names);
	free(c.deps);
	free(c.ndeps);
	free(c.color);
	free(c.path);
}
