// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * spec_names.c - the names a spec defines, and what each denotes
 *
 * Holds hash tables over the spec's arrays: clocks, constants and registers
 * (one namespace: a name denotes one of them), rules (a namespace of their
 * own), names whose definition failed (references to them are not reported
 * a second time) and the sources of registers (a duplicate is an error).
 * Every lookup is one hash probe: a spec of 100,000 names costs 100,000
 * probes, not 10^10 string comparisons.
 *
 * Called by the parsers (spec_expr.c, spec_parse.c) while names are defined,
 * by the checker (spec_check.c) to resolve references once every file is
 * read, and by spec.c for spec_find_clock(). Calls spec_arena.c and
 * spec_diag.c (the "did you mean" hints).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec_diag.h"
#include "spec_names.h"

static const char *const kind_names[] = { "name", "clock", "constant", "register" };

/*
 * Words of the expression and relation syntax: a clock, constant or register
 * with such a name could not be referred to unambiguously.
 */
static const char *const reserved[] = {
	"on",	 "by",	   "in",     "sampled", "strictly", "filtered", "upto", "sub",
	"init",	 "max",	   "weak",   "restart", "inf",	    "sup",	"wait", "periodic",
	"rises", "clears", "writes", "forbid",	"allow",    "never",	"with",
};

/* sp_names_init - no names yet, for spec; tables in the arena */
void sp_names_init(struct sp_names *n, struct spec *spec, struct sp_arena *arena)
{
	memset(n, 0, sizeof(*n));
	n->spec = spec;
	n->arena = arena;
}

/* sp_name_kind_str - "clock", "constant", "register" or "name" */
const char *sp_name_kind_str(enum sp_name_kind kind)
{
	return kind_names[kind];
}

/* sp_name_reserved - whether a word of the syntax (it cannot name anything) */
bool sp_name_reserved(const char *name)
{
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (!strcmp(name, reserved[i]))
			return true;
	return false;
}

/* sp_name_find - what a clock, constant or register name denotes, and its index */
enum sp_name_kind sp_name_find(const struct sp_names *n, const char *name, int *idx)
{
	int v;

	if (!sp_map_get(&n->defined, name, &v))
		return SP_N_NONE;
	*idx = v / 4;
	return (enum sp_name_kind)(v % 4);
}

/* sp_name_loc - where a name found by sp_name_find was defined */
const struct spec_loc *sp_name_loc(const struct sp_names *n, enum sp_name_kind kind, int idx)
{
	if (kind == SP_N_CLOCK)
		return &n->spec->clocks[idx].loc;
	if (kind == SP_N_CONST)
		return &n->spec->consts[idx].loc;
	return &n->spec->regs[idx].loc;
}

/* sp_name_define - element idx of the array of kind is now defined under its name */
void sp_name_define(struct sp_names *n, enum sp_name_kind kind, const char *name, int idx)
{
	sp_map_put(n->arena, &n->defined, name, idx * 4 + (int)kind);
}

/* sp_name_suggest - "did you mean" among the constants or the registers, in buf, or NULL */
const char *sp_name_suggest(const struct sp_names *n, const char *name, enum sp_name_kind kind,
			    char *buf, size_t size)
{
	const struct spec *s = n->spec;
	int count = kind == SP_N_CONST ? s->nconsts : s->nregs;
	const char **cands = calloc((size_t)count + 1, sizeof(*cands));
	const char *hint;

	/* nothing between here and free(cands) allocates from the arena */
	if (!cands)
		sp_nomem(n->arena);
	for (int i = 0; i < count; i++)
		cands[i] = kind == SP_N_CONST ? s->consts[i].name : s->regs[i].name;
	hint = sp_did_you_mean(name, cands, count, buf, size);
	free(cands);
	return hint;
}

/* sp_name_mark_broken - a definition failed: its name is known, references are fine */
void sp_name_mark_broken(struct sp_names *n, const char *name)
{
	sp_map_put(n->arena, &n->broken, name, 1);
}

/* sp_name_is_broken - whether a name's definition failed (already reported) */
bool sp_name_is_broken(const struct sp_names *n, const char *name)
{
	int v;

	return sp_map_get(&n->broken, name, &v);
}

/* sp_rule_find - the index of the rule of a name, or -1 */
int sp_rule_find(const struct sp_names *n, const char *name)
{
	int idx;

	return sp_map_get(&n->rules, name, &idx) ? idx : -1;
}

/* sp_rule_define - rule idx is defined under its name */
void sp_rule_define(struct sp_names *n, const char *name, int idx)
{
	sp_map_put(n->arena, &n->rules, name, idx);
}

/* sp_reg_source_add - note a source of register idx: false if it has it already */
bool sp_reg_source_add(struct sp_names *n, int idx, const struct spec_reg_source *src)
{
	/* names cannot hold a newline: one joins the parts of the key unambiguously */
	size_t size = strlen(src->system) + strlen(src->event) + strlen(src->field) + 32;
	char *key = sp_alloc(n->arena, size);
	int v;

	snprintf(key, size, "%d\n%c\n%s\n%s\n%s", idx, src->is_read ? 'r' : 'w', src->system,
		 src->event, src->field);
	if (sp_map_get(&n->reg_sources, key, &v))
		return false;
	sp_map_put(n->arena, &n->reg_sources, key, idx);
	return true;
}
