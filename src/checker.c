// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * checker.c - one spec against traces: the pipeline that links the stages
 *
 * The spec's clocks become engine clocks: bound clocks first, in spec order
 * (the numbering the bindings use, so a step's ticks copy straight across),
 * then derived clocks and the anonymous clocks of nested expressions. Each
 * rule becomes one relation with the same index.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "bitset.h"
#include "checker.h"
#include "checker_impl.h"
#include "engine.h"
#include "trace_input.h"


/* xstrdup - strdup that never returns NULL for a NULL argument */
static char *xstrdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* xasprintf - a formatted string, or NULL */
static char *__attribute__((format(printf, 1, 2))) xasprintf(const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}

/* clock_index - a spec clock's index by name, or -1 */
static int clock_index(const struct spec *spec, const char *name)
{
	const struct spec_clock *c = spec_find_clock(spec, name);

	return c ? (int)(c - spec->clocks) : -1;
}

/* model_error - an engine refusal, reported at the spec construct that caused it */
static void model_error(struct checker *c, const struct spec_loc *loc, const char *what)
{
	spec_diag_add(c->diags, SPEC_DIAG_ERROR, loc, spec_line_text(c->spec, loc), NULL,
		      "the engine rejects this %s (a parameter out of range)", what);
	c->failed = true;
}

/* expr_text - the CCSL text of an expression, for the names of anonymous clocks */
static char *expr_text(const struct spec_expr *e);

/* args_text - "a, b, c" or "a + b + c" */
static char *args_text(const struct spec_expr *e, const char *sep)
{
	char *s = strdup("");

	for (int i = 0; s && i < e->nargs; i++) {
		char *a = expr_text(e->args[i]), *t;

		t = xasprintf("%s%s%s", s, i ? sep : "", a ? a : "?");
		free(a);
		free(s);
		s = t;
	}
	return s;
}

static char *expr_text(const struct spec_expr *e)
{
	char *a, *b = NULL, *s;

	if (e->op == SPEC_E_REF)
		return strdup(e->name);
	switch (e->kind) {
	case CCSL_EXPR_UNION:
		a = args_text(e, " + ");
		s = xasprintf("(%s)", a);
		break;
	case CCSL_EXPR_INTER:
		a = args_text(e, " * ");
		s = xasprintf("(%s)", a);
		break;
	case CCSL_EXPR_MINUS:
		a = args_text(e, " - ");
		s = xasprintf("(%s)", a);
		break;
	case CCSL_EXPR_INF:
	case CCSL_EXPR_SUP:
		a = args_text(e, ", ");
		s = xasprintf("%s(%s)", ccsl_expr_name(e->kind), a);
		break;
	case CCSL_EXPR_DELAY:
		a = expr_text(e->args[0]);
		s = xasprintf("(%s $ %" PRId64 ")", a, e->k);
		break;
	case CCSL_EXPR_DELAY_ON:
		a = expr_text(e->args[0]);
		b = expr_text(e->args[1]);
		s = xasprintf("(%s $ %" PRId64 " on %s)", a, e->k, b);
		break;
	case CCSL_EXPR_SAMPLED:
	case CCSL_EXPR_SAMPLED_STRICT:
	case CCSL_EXPR_UPTO:
		a = expr_text(e->args[0]);
		b = expr_text(e->args[1]);
		s = xasprintf("(%s %s %s)", a,
			      e->kind == CCSL_EXPR_UPTO	   ? "upto" :
			      e->kind == CCSL_EXPR_SAMPLED ? "sampled on" :
							     "strictly sampled on",
			      b);
		break;
	case CCSL_EXPR_FILTER:
		a = expr_text(e->args[0]);
		s = xasprintf("(%s filtered by %s%s%s%s)", a, e->prefix ? e->prefix : "",
			      e->cycle ? "(" : "", e->cycle ? e->cycle : "", e->cycle ? ")" : "");
		break;
	case CCSL_EXPR_PERIODIC:
		a = expr_text(e->args[0]);
		s = xasprintf("periodic(%s, %" PRId64 ", %" PRId64 ")", a, e->period, e->offset);
		break;
	case CCSL_EXPR_WAIT:
		a = expr_text(e->args[0]);
		s = xasprintf("wait(%s, %" PRId64 ")", a, e->k);
		break;
	default:
		return strdup("?");
	}
	free(a);
	free(b);
	return s;
}

static int compile_clock(struct checker *c, int i);

/* compile_expr - an engine clock for an expression; deps gets its bound clocks */
static int compile_expr(struct checker *c, const struct spec_expr *e, const char *name,
			int restart, uint64_t *deps)
{
	struct ccsl_expr_def def = { 0 };
	int args[64], idx;
	char *anon = NULL;

	if (e->op == SPEC_E_REF) {
		int i = clock_index(c->spec, e->name);

		if (i < 0 || compile_clock(c, i) < 0)
			return -1;
		for (int w = 0; w < c->bwords; w++)
			deps[w] |= c->deps_of[i][w];
		return c->clock_of[i];
	}
	if (e->nargs > 64) {
		model_error(c, &e->loc, "expression (more than 64 arguments)");
		return -1;
	}
	for (int a = 0; a < e->nargs; a++) {
		args[a] = compile_expr(c, e->args[a], NULL, -1, deps);
		if (args[a] < 0)
			return -1;
	}
	def = (struct ccsl_expr_def){
		.kind = e->kind, .args = args, .nargs = e->nargs, .k = e->k,
		.period = e->period, .offset = e->offset, .prefix = e->prefix,
		.cycle = e->cycle, .restart = restart,
	};
	if (!name)
		name = anon = expr_text(e);
	idx = ccsl_model_add_expr(c->model, name ? name : "?", &def);
	free(anon);
	if (idx < 0)
		model_error(c, &e->loc, "expression");
	return idx;
}

/* restart_clock - the engine clock of a restart clause, or -1 for none */
static int restart_clock(struct checker *c, const char *name, uint64_t *deps)
{
	struct spec_expr ref = { .op = SPEC_E_REF, .name = name };

	return name ? compile_expr(c, &ref, NULL, -1, deps) : -1;
}

/* compile_clock - the engine clock of a spec clock, compiled on first use */
static int compile_clock(struct checker *c, int i)
{
	const struct spec_clock *sc = &c->spec->clocks[i];
	int restart, idx;

	if (c->clock_of[i] >= 0)
		return c->clock_of[i];
	if (c->clock_of[i] == -2)
		return -1;	/* a cycle: the parser reports it */
	c->clock_of[i] = -2;
	restart = restart_clock(c, sc->restart, c->deps_of[i]);
	if (sc->restart && restart < 0)
		return -1;
	idx = compile_expr(c, sc->expr, sc->name, restart, c->deps_of[i]);
	c->clock_of[i] = idx < 0 ? -1 : idx;
	return idx;
}

/* compile_bound - bound clocks are the engine's base clocks, with the spec's numbers */
static int compile_bound(struct checker *c)
{
	c->nbound = c->spec->nbound;
	c->bwords = bit_words(c->nbound);
	c->clock_of = malloc(sizeof(int) * ((size_t)c->spec->nclocks + 1));
	c->deps_of = calloc((size_t)c->spec->nclocks + 1, sizeof(*c->deps_of));
	c->rule_deps = calloc((size_t)c->spec->nrules + 1, sizeof(*c->rule_deps));
	c->restarts = calloc((size_t)c->spec->nrules + 1, sizeof(*c->restarts));
	if (!c->clock_of || !c->deps_of || !c->rule_deps || !c->restarts)
		return -1;
	for (int i = 0; i < c->spec->nclocks; i++) {
		const struct spec_clock *sc = &c->spec->clocks[i];

		c->deps_of[i] = calloc((size_t)c->bwords, sizeof(uint64_t));
		if (!c->deps_of[i])
			return -1;
		c->clock_of[i] = -1;
		if (sc->bound < 0)
			continue;
		/* base clocks are added first, in spec order: the engine gives the same numbers */
		c->clock_of[i] = ccsl_model_add_base(c->model, sc->name);
		if (c->clock_of[i] != sc->bound)
			return -1;
		bit_set(c->deps_of[i], sc->bound);
	}
	return 0;
}

/* compile_rule - one rule as one relation */
static int compile_rule(struct checker *c, int r)
{
	const struct spec_rule *sr = &c->spec->rules[r];
	struct ccsl_rel_def def;
	int args[64];

	c->rule_deps[r] = calloc((size_t)c->bwords, sizeof(uint64_t));
	if (!c->rule_deps[r] || sr->nargs > 64)
		return -1;
	for (int a = 0; a < sr->nargs; a++) {
		args[a] = compile_expr(c, sr->args[a], NULL, -1, c->rule_deps[r]);
		if (args[a] < 0)
			return -1;
	}
	def = (struct ccsl_rel_def){
		.kind = sr->kind, .args = args, .nargs = sr->nargs, .init = sr->init,
		.max = sr->max, .window = sr->window,
		.restart = restart_clock(c, sr->restart, c->rule_deps[r]),
	};
	if (sr->restart && def.restart < 0)
		return -1;
	c->restarts[r] = def.restart;
	if (ccsl_model_add_relation(c->model, &def) != r) {
		model_error(c, &sr->loc, "rule");
		return -1;
	}
	return 0;
}

/* checker_new - build the engine model of a spec */
struct checker *checker_new(const struct spec *spec, struct spec_diags *diags)
{
	struct checker *c = calloc(1, sizeof(*c));
	char err[256];

	if (!c)
		return NULL;
	c->spec = spec;
	c->diags = diags;
	c->model = ccsl_model_new();
	if (!c->model || compile_bound(c))
		goto fail;
	for (int i = 0; i < spec->nclocks; i++)
		if (spec->clocks[i].expr && compile_clock(c, i) < 0)
			goto fail;
	for (int r = 0; r < spec->nrules; r++)
		if (compile_rule(c, r))
			goto fail;
	if (ccsl_model_finalize(c->model, err, sizeof(err))) {
		struct spec_loc loc = { spec->nfiles ? spec->files[0] : "spec", 1, 1 };

		spec_diag_add(diags, SPEC_DIAG_ERROR, &loc, "", NULL, "%s", err);
		goto fail;
	}
	c->restart_mask = calloc((size_t)ccsl_model_words(c->model), sizeof(uint64_t));
	if (!c->restart_mask)
		goto fail;
	for (int r = 0; r < spec->nrules; r++)
		if (c->restarts[r] >= 0)
			bit_set(c->restart_mask, c->restarts[r]);
	return c;
fail:
	if (!c->failed && !diags->nerrors) {
		struct spec_loc loc = { spec->nfiles ? spec->files[0] : "spec", 1, 1 };

		spec_diag_add(diags, SPEC_DIAG_ERROR, &loc, "", NULL, "%s", strerror(ENOMEM));
	}
	checker_free(c);
	return NULL;
}

/* checker_free - free the model */
void checker_free(struct checker *c)
{
	if (!c)
		return;
	for (int i = 0; c->deps_of && i < c->spec->nclocks; i++)
		free(c->deps_of[i]);
	for (int r = 0; c->rule_deps && r < c->spec->nrules; r++)
		free(c->rule_deps[r]);
	free(c->deps_of);
	free(c->rule_deps);
	free(c->restarts);
	free(c->restart_mask);
	free(c->clock_of);
	ccsl_model_free(c->model);
	free(c);
}

/* checker_report_new - an empty report naming the spec and its rules */
struct fnd_report *checker_report_new(const struct checker *c, const char *spec_file)
{
	struct fnd_report *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->spec_name = xstrdup(c->spec->name);
	r->spec_title = xstrdup(c->spec->title);
	r->spec_file = xstrdup(spec_file);
	r->rules = calloc((size_t)c->spec->nrules + 1, sizeof(*r->rules));
	if (!r->rules) {
		fnd_report_free(r);
		return NULL;
	}
	r->nrules = c->spec->nrules;
	r->clocks = calloc((size_t)ccsl_model_nclocks(c->model) + 1, sizeof(*r->clocks));
	if (!r->clocks) {
		fnd_report_free(r);
		return NULL;
	}
	for (int i = 0; i < ccsl_model_nclocks(c->model); i++)
		if ((r->clocks[r->nclocks++] = strdup(ccsl_model_clock_name(c->model, i))) ==
		    NULL) {
			fnd_report_free(r);
			return NULL;
		}
	for (int i = 0; i < r->nrules; i++) {
		const struct spec_rule *sr = &c->spec->rules[i];
		struct fnd_rule *fr = &r->rules[i];

		fr->name = xstrdup(sr->name);
		fr->relation = xstrdup(sr->text);
		fr->message = xstrdup(sr->message);
		fr->reference = xstrdup(sr->reference);
		fr->warning = sr->severity == SPEC_SEV_WARNING;
		fr->expect = sr->expect;
	}
	return r;
}

/* checker_list_clocks - print every clock and what feeds it */
void checker_list_clocks(const struct checker *c, FILE *out)
{
	for (int i = 0; i < c->spec->nclocks; i++) {
		const struct spec_clock *sc = &c->spec->clocks[i];

		fprintf(out, "%-20s ", sc->name);
		if (sc->expr) {
			char *t = expr_text(sc->expr);

			fprintf(out, "= %s", t ? t : "?");
			free(t);
		}
		for (int s = 0; s < sc->nsources; s++) {
			const struct spec_source *src = &sc->sources[s];
			static const char *const fn[] = {
				[SPEC_SRC_RISES] = "rises", [SPEC_SRC_CLEARS] = "clears",
				[SPEC_SRC_WRITES] = "writes",
			};

			fprintf(out, "%s", s ? ", " : "<- ");
			if (src->kind == SPEC_SRC_EVENT)
				fprintf(out, "%s:%s", src->system, src->event);
			else
				fprintf(out, "%s(%s, 0x%" PRIx64 ")", fn[src->kind], src->reg,
					src->value);
			if (src->filter)
				fprintf(out, "[...]");
		}
		if (sc->restart)
			fprintf(out, " restart on %s", sc->restart);
		fprintf(out, "%s\n", sc->used ? "" : "   (unused)");
	}
}

/* checker_model - the compiled engine model */
const struct ccsl_model *checker_model(const struct checker *c)
{
	return c->model;
}
