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
#include <limits.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "bitset.h"
#include "checker.h"
#include "checker_impl.h"
#include "engine.h"
#include "trace_input.h"


/* copy_str - *out = a copy of s (NULL stays NULL); false if memory ran out */
static bool copy_str(char **out, const char *s)
{
	*out = s ? strdup(s) : NULL;
	return !s || *out;
}

/* model_error - an engine refusal, reported at the spec construct that caused it */
static void model_error(struct checker *c, const struct spec_loc *loc, const char *what)
{
	spec_diag_add(c->diags, SPEC_DIAG_ERROR, loc, spec_line_text(c->spec, loc), NULL,
		      "the engine rejects this %s (a parameter out of range)", what);
	c->failed = true;
}

/* Text written up to a bound: the names of anonymous clocks. */
struct text {
	char *s;
	size_t len, cap;
	size_t max;		/* the longest text kept; longer ones end with "..." */
	bool failed;		/* out of memory */
};

/* Anonymous clocks are named by their expression, cut at this many bytes. */
#define ANON_NAME_MAX 256

/* text_full - whether nothing more will be kept (past max: the text will be cut) */
static bool text_full(const struct text *t)
{
	return t->failed || t->len > t->max;
}

/* put - append formatted text, up to t->max bytes */
static void __attribute__((format(printf, 2, 3))) put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (text_full(t))
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || t->len + (size_t)n + 1 > t->cap) {
		size_t cap = 2 * t->cap + (size_t)(n > 0 ? n : 0) + 64;
		char *bigger = n < 0 ? NULL : realloc(t->s, cap);

		if (!bigger) {
			t->failed = true;
			return;
		}
		t->s = bigger;
		t->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	t->len += (size_t)n;
}

/* text_end - the text (malloc'd, cut to t->max with "..."), or NULL */
static char *text_end(struct text *t)
{
	if (t->failed || !t->s) {
		free(t->s);
		return t->failed ? NULL : strdup("");
	}
	if (t->len > t->max)
		strcpy(t->s + t->max - 3, "...");
	return t->s;
}

static void write_expr(struct text *t, const struct spec_expr *e);

/* write_args - "a, b, c" or "a + b + c" */
static void write_args(struct text *t, const struct spec_expr *e, const char *sep)
{
	for (int i = 0; i < e->nargs && !text_full(t); i++) {
		put(t, "%s", i ? sep : "");
		write_expr(t, e->args[i]);
	}
}

/* write_binary - "(a OP b)" of a two-clock kind */
static void write_binary(struct text *t, const struct spec_expr *e, const char *op)
{
	put(t, "(");
	write_expr(t, e->args[0]);
	put(t, " %s ", op);
	write_expr(t, e->args[1]);
	put(t, ")");
}

/*
 * write_expr - the CCSL text of an expression. Recursive: the spec reader
 * bounds expressions to SP_MAX_DEPTH levels (1000), so is this.
 */
static void write_expr(struct text *t, const struct spec_expr *e)
{
	if (text_full(t))
		return;
	if (e->op == SPEC_E_REF) {
		put(t, "%s", e->name);
		return;
	}
	switch (e->kind) {
	case CCSL_EXPR_UNION:
	case CCSL_EXPR_INTER:
	case CCSL_EXPR_MINUS:
		put(t, "(");
		write_args(t, e, e->kind == CCSL_EXPR_UNION ? " + " :
				 e->kind == CCSL_EXPR_INTER ? " * " : " - ");
		put(t, ")");
		break;
	case CCSL_EXPR_INF:
	case CCSL_EXPR_SUP:
		put(t, "%s(", ccsl_expr_name(e->kind));
		write_args(t, e, ", ");
		put(t, ")");
		break;
	case CCSL_EXPR_DELAY:
		put(t, "(");
		write_expr(t, e->args[0]);
		put(t, " $ %" PRId64 ")", e->k);
		break;
	case CCSL_EXPR_DELAY_ON:
		put(t, "(");
		write_expr(t, e->args[0]);
		put(t, " $ %" PRId64 " on ", e->k);
		write_expr(t, e->args[1]);
		put(t, ")");
		break;
	case CCSL_EXPR_SAMPLED:
		write_binary(t, e, "sampled on");
		break;
	case CCSL_EXPR_SAMPLED_STRICT:
		write_binary(t, e, "strictly sampled on");
		break;
	case CCSL_EXPR_UPTO:
		write_binary(t, e, "upto");
		break;
	case CCSL_EXPR_FILTER:
		put(t, "(");
		write_expr(t, e->args[0]);
		put(t, " filtered by %s%s%s%s)", e->prefix ? e->prefix : "", e->cycle ? "(" : "",
		    e->cycle ? e->cycle : "", e->cycle ? ")" : "");
		break;
	case CCSL_EXPR_PERIODIC:
		put(t, "periodic(");
		write_expr(t, e->args[0]);
		put(t, ", %" PRId64 ", %" PRId64 ")", e->period, e->offset);
		break;
	case CCSL_EXPR_WAIT:
		put(t, "wait(");
		write_expr(t, e->args[0]);
		put(t, ", %" PRId64 ")", e->k);
		break;
	default:
		put(t, "?");
		break;
	}
}

/* expr_text - the CCSL text of an expression (malloc'd), at most max bytes, or NULL */
static char *expr_text(const struct spec_expr *e, size_t max)
{
	struct text t = { .max = max };

	write_expr(&t, e);
	return text_end(&t);
}

/* lists_add - start a new list in l: the list of the next clock or rule */
static int lists_add(struct checker_lists *l)
{
	if (l->nlists + 1 >= l->cap_lists) {
		int cap = l->cap_lists ? 2 * l->cap_lists : 64;
		int *bigger = realloc(l->first, (size_t)cap * sizeof(int));

		if (!bigger)
			return -1;
		l->first = bigger;
		l->cap_lists = cap;
	}
	l->first[l->nlists++] = l->n;
	l->first[l->nlists] = l->n;
	return 0;
}

/* lists_push - add v to the last list of l */
static int lists_push(struct checker_lists *l, int v)
{
	if (l->n == l->cap) {
		int cap = l->cap ? 2 * l->cap : 256;
		int *bigger = realloc(l->items, (size_t)cap * sizeof(int));

		if (!bigger)
			return -1;
		l->items = bigger;
		l->cap = cap;
	}
	l->items[l->n++] = v;
	l->first[l->nlists] = l->n;
	return 0;
}

/* lists_free - free the lists */
static void lists_free(struct checker_lists *l)
{
	free(l->first);
	free(l->items);
}

/* reads_add - the clocks an engine clock or rule reads: its arguments and restart clock */
static int reads_add(struct checker_lists *l, const int *args, int nargs, int restart)
{
	if (lists_add(l))
		return -1;
	for (int a = 0; a < nargs; a++)
		if (lists_push(l, args[a]))
			return -1;
	return restart >= 0 ? lists_push(l, restart) : 0;
}

/*
 * compile_expr - the engine clock of an expression, named name (NULL: an
 * anonymous clock named by its text). Every clock it names is compiled
 * already (the spec's order), so this recurses only into the expression, at
 * most SP_MAX_DEPTH deep. -2: out of memory (-1: reported).
 */
static int compile_expr(struct checker *c, const struct spec_expr *e, const char *name,
			int restart)
{
	struct ccsl_expr_def def;
	int args[64], idx;
	char *anon = NULL;

	if (e->op == SPEC_E_REF) {
		const struct spec_clock *sc = spec_find_clock(c->spec, e->name);

		return sc ? c->clock_of[sc - c->spec->clocks] : -1;
	}
	if (e->nargs > 64) {
		model_error(c, &e->loc, "expression (more than 64 arguments)");
		return -1;
	}
	for (int a = 0; a < e->nargs; a++) {
		args[a] = compile_expr(c, e->args[a], NULL, -1);
		if (args[a] < 0)
			return args[a];
	}
	def = (struct ccsl_expr_def){
		.kind = e->kind, .args = args, .nargs = e->nargs, .k = e->k,
		.period = e->period, .offset = e->offset, .prefix = e->prefix,
		.cycle = e->cycle, .restart = restart,
	};
	if (!name && !(name = anon = expr_text(e, ANON_NAME_MAX)))
		return -2;
	idx = ccsl_model_add_expr(c->model, name, &def);
	free(anon);
	if (idx == CCSL_NOMEM)
		return -2;
	if (idx < 0) {
		model_error(c, &e->loc, "expression");
		return -1;
	}
	/* the engine numbers clocks as they are added: list idx is clock idx's */
	if (reads_add(&c->reads, args, e->nargs, restart) || c->reads.nlists != idx + 1)
		return -2;
	return idx;
}

/* restart_clock - the engine clock of a restart clause (compiled already), or -1 for none */
static int restart_clock(const struct checker *c, const char *name)
{
	const struct spec_clock *sc = name ? spec_find_clock(c->spec, name) : NULL;

	return sc ? c->clock_of[sc - c->spec->clocks] : -1;
}

/* compile_clocks - every derived clock, each after the clocks it names (spec->order) */
static int compile_clocks(struct checker *c)
{
	for (int k = 0; k < c->spec->norder; k++) {
		int i = c->spec->order[k];
		const struct spec_clock *sc = &c->spec->clocks[i];
		int restart = restart_clock(c, sc->restart);

		if (!sc->expr)
			continue;
		if (sc->restart && restart < 0)
			return -1;
		c->clock_of[i] = compile_expr(c, sc->expr, sc->name, restart);
		if (c->clock_of[i] < 0)
			return -1;
	}
	return 0;
}

/* compile_bound - bound clocks are the engine's base clocks, with the spec's numbers */
static int compile_bound(struct checker *c)
{
	c->nbound = c->spec->nbound;
	c->clock_of = malloc(sizeof(int) * ((size_t)c->spec->nclocks + 1));
	c->restarts = calloc((size_t)c->spec->nrules + 1, sizeof(*c->restarts));
	if (!c->clock_of || !c->restarts)
		return -1;
	for (int i = 0; i < c->spec->nclocks; i++) {
		const struct spec_clock *sc = &c->spec->clocks[i];

		c->clock_of[i] = -1;
		if (sc->bound < 0)
			continue;
		/* base clocks are added first, in spec order: the engine gives the same numbers */
		c->clock_of[i] = ccsl_model_add_base(c->model, sc->name);
		if (c->clock_of[i] != sc->bound || reads_add(&c->reads, NULL, 0, -1))
			return -1;
	}
	return 0;
}

/* compile_rule - one rule as one relation */
static int compile_rule(struct checker *c, int r)
{
	const struct spec_rule *sr = &c->spec->rules[r];
	struct ccsl_rel_def def;
	int args[64], idx;

	if (sr->nargs > 64) {
		model_error(c, &sr->loc, "rule (more than 64 operands)");
		return -1;
	}
	for (int a = 0; a < sr->nargs; a++) {
		args[a] = compile_expr(c, sr->args[a], NULL, -1);
		if (args[a] < 0)
			return -1;
	}
	def = (struct ccsl_rel_def){
		.kind = sr->kind, .args = args, .nargs = sr->nargs, .init = sr->init,
		.max = sr->max, .window = sr->window, .restart = restart_clock(c, sr->restart),
	};
	if (sr->restart && def.restart < 0)
		return -1;
	c->restarts[r] = def.restart;
	idx = ccsl_model_add_relation(c->model, &def);
	if (idx == CCSL_NOMEM)
		return -1;	/* checker_new says so: no diagnostic explains it */
	if (idx != r) {
		model_error(c, &sr->loc, "rule");
		return -1;
	}
	return reads_add(&c->rule_reads, args, sr->nargs, def.restart);
}

/*
 * checker_rules_missing - per rule, the lowest bound clock it reads, directly
 * or through derived clocks, that absent[] marks, or -1 (malloc'd, NULL if
 * out of memory). One pass over the model: every clock reads only clocks
 * compiled before it, so their answers are known when its own is computed.
 */
int *checker_rules_missing(const struct checker *c, const bool *absent)
{
	int n = c->reads.nlists, nrules = c->spec->nrules;
	int *first = malloc(((size_t)n + 1) * sizeof(int));
	int *rules = malloc(((size_t)nrules + 1) * sizeof(int));

	if (!first || !rules) {
		free(first);
		free(rules);
		return NULL;
	}
	for (int k = 0; k < n; k++) {
		first[k] = k < c->nbound && absent[k] ? k : INT_MAX;
		for (int j = c->reads.first[k]; j < c->reads.first[k + 1]; j++)
			if (c->reads.items[j] < k && first[c->reads.items[j]] < first[k])
				first[k] = first[c->reads.items[j]];
	}
	for (int r = 0; r < nrules; r++) {
		int m = INT_MAX;

		for (int j = c->rule_reads.first[r]; j < c->rule_reads.first[r + 1]; j++)
			if (first[c->rule_reads.items[j]] < m)
				m = first[c->rule_reads.items[j]];
		rules[r] = m == INT_MAX ? -1 : m;
	}
	free(first);
	return rules;
}

/* filter_reads_register - whether a filter reads a register (@reg) */
static bool filter_reads_register(const struct spec_filter *f)
{
	/* filters are at most SP_MAX_DEPTH deep (the spec stage checks): recursion is bounded */
	return f && (f->op == SPEC_F_REG || filter_reads_register(f->l) ||
		     filter_reads_register(f->r));
}

/*
 * mark_uncertain - the bound clocks whose sources read a register (rises, clears, a
 * filter with @reg): before the register has a value, a record cannot decide them
 */
static int mark_uncertain(struct checker *c)
{
	c->uncertain = calloc((size_t)ccsl_model_words(c->model), sizeof(uint64_t));
	if (!c->uncertain)
		return -1;
	for (int i = 0; i < c->spec->nclocks; i++) {
		const struct spec_clock *sc = &c->spec->clocks[i];

		for (int k = 0; sc->bound >= 0 && k < sc->nsources; k++)
			if (sc->sources[k].kind == SPEC_SRC_RISES ||
			    sc->sources[k].kind == SPEC_SRC_CLEARS ||
			    filter_reads_register(sc->sources[k].filter))
				bit_set(c->uncertain, sc->bound);
	}
	for (int r = 0; r < c->spec->nrules; r++)
		c->has_per |= c->spec->rules[r].per != NULL;
	return 0;
}

/*
 * mark_per - the bound clocks that rules checked per value of a field read, directly or
 * through derived clocks (their restart clocks included): a record that makes none of
 * them tick cannot change those rules' state. One pass down the model: a clock reads
 * only clocks compiled before it.
 */
static int mark_per(struct checker *c)
{
	int n = c->reads.nlists;
	bool *mark = calloc((size_t)n + 1, sizeof(bool));

	c->per_clocks = calloc((size_t)ccsl_model_words(c->model), sizeof(uint64_t));
	if (!mark || !c->per_clocks) {
		free(mark);
		return -1;
	}
	for (int r = 0; r < c->spec->nrules; r++)
		for (int j = c->rule_reads.first[r];
		     c->spec->rules[r].per && j < c->rule_reads.first[r + 1]; j++)
			mark[c->rule_reads.items[j]] = true;
	for (int k = n - 1; k >= 0; k--)
		for (int j = c->reads.first[k]; mark[k] && j < c->reads.first[k + 1]; j++)
			mark[c->reads.items[j]] = true;
	for (int k = 0; k < c->nbound && k < n; k++)
		if (mark[k])
			bit_set(c->per_clocks, k);
	free(mark);
	return 0;
}

/* checker_rules_reading - per rule, the lowest bound clock in clocks it reads, or -1 */
int *checker_rules_reading(const struct checker *c, const uint64_t *clocks)
{
	bool *in = calloc((size_t)c->nbound + 1, sizeof(bool));
	int *rules;

	if (!in)
		return NULL;
	for (int i = 0; i < c->nbound; i++)
		in[i] = bit_test(clocks, i);
	rules = checker_rules_missing(c, in);
	free(in);
	return rules;
}

/* checker_new - build the engine model of a spec */
struct checker *checker_new(const struct spec *spec, struct spec_diags *diags)
{
	struct checker *c = calloc(1, sizeof(*c));
	char err[256];
	int ret;

	if (!c) {
		diags->nomem = true;
		return NULL;
	}
	c->spec = spec;
	c->diags = diags;
	c->model = ccsl_model_new();
	if (!c->model || compile_bound(c) || compile_clocks(c))
		goto fail;
	for (int r = 0; r < spec->nrules; r++)
		if (compile_rule(c, r))
			goto fail;
	ret = ccsl_model_finalize(c->model, err, sizeof(err));
	if (ret == CCSL_NOMEM)
		goto fail;
	if (ret) {
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
	if (mark_uncertain(c) || mark_per(c))
		goto fail;
	return c;
fail:
	/* a failure the engine did not explain is memory running out */
	if (!c->failed && !diags->nerrors)
		diags->nomem = true;
	checker_free(c);
	return NULL;
}

/* checker_free - free the model */
void checker_free(struct checker *c)
{
	if (!c)
		return;
	lists_free(&c->reads);
	lists_free(&c->rule_reads);
	free(c->restarts);
	free(c->restart_mask);
	free(c->uncertain);
	free(c->per_clocks);
	free(c->clock_of);
	ccsl_model_free(c->model);
	free(c);
}

/*
 * window_label - what the open window of a forbid/allow rule with a window means
 * ("features_ok forbidden"), or NULL for other rules; -1 when out of memory
 */
static int window_label(const struct spec_rule *sr, char **out)
{
	char *x;
	int n;

	*out = NULL;
	if ((sr->kind != CCSL_REL_FORBID && sr->kind != CCSL_REL_ALLOW) || sr->nargs != 3)
		return 0;
	x = expr_text(sr->args[0], ANON_NAME_MAX);
	n = x ? asprintf(out, "%s %s", x,
			 sr->kind == CCSL_REL_FORBID ? "forbidden" : "allowed") : -1;
	free(x);
	if (n < 0)
		*out = NULL;
	return n < 0 ? -1 : 0;
}

/* report_registers - the spec's registers and their bit names, into the report */
static int report_registers(const struct spec *spec, struct fnd_report *r)
{
	r->registers = calloc((size_t)spec->nregs + 1, sizeof(*r->registers));
	if (!r->registers)
		return -1;
	for (int i = 0; i < spec->nregs; i++) {
		const struct spec_register *sreg = &spec->regs[i];
		struct fnd_register *fr = &r->registers[r->nregisters++];

		/* counted first: what it holds is freed with the report if the rest fails */
		fr->bits = calloc((size_t)sreg->nbits + 1, sizeof(*fr->bits));
		if (!(fr->name = strdup(sreg->name)) || !fr->bits)
			return -1;
		for (int b = 0; b < sreg->nbits; b++, fr->nbits++) {
			fr->bits[b].value = sreg->bits[b].value;
			if (!(fr->bits[b].name = strdup(sreg->bits[b].name)))
				return -1;
		}
	}
	return 0;
}

/* checker_report_new - an empty report naming the spec and its rules */
struct fnd_report *checker_report_new(const struct checker *c, const char *spec_file)
{
	struct fnd_report *r = calloc(1, sizeof(*r));
	int nclocks = ccsl_model_nclocks(c->model);

	if (!r)
		return NULL;
	if (!copy_str(&r->spec_name, c->spec->name) || !copy_str(&r->spec_title, c->spec->title) ||
	    !copy_str(&r->spec_file, spec_file))
		goto nomem;
	r->rules = calloc((size_t)c->spec->nrules + 1, sizeof(*r->rules));
	r->clocks = calloc((size_t)nclocks + 1, sizeof(*r->clocks));
	if (!r->rules || !r->clocks)
		goto nomem;
	r->nrules = c->spec->nrules;
	for (int i = 0; i < nclocks; i++)
		if (!copy_str(&r->clocks[r->nclocks++], ccsl_model_clock_name(c->model, i)))
			goto nomem;
	for (int i = 0; i < r->nrules; i++) {
		const struct spec_rule *sr = &c->spec->rules[i];
		struct fnd_rule *fr = &r->rules[i];

		fr->warning = sr->severity == SPEC_SEV_WARNING;
		fr->expect = sr->expect;
		fr->device = sr->subject == SPEC_SUBJ_DEVICE;
		if (!copy_str(&fr->name, sr->name) || !copy_str(&fr->relation, sr->text) ||
		    !copy_str(&fr->message, sr->message) || !copy_str(&fr->reference, sr->reference) ||
		    !copy_str(&fr->per, sr->per) || window_label(sr, &fr->window))
			goto nomem;
	}
	if (report_registers(c->spec, r))
		goto nomem;
	return r;
nomem:
	fnd_report_free(r);
	return NULL;
}

/* checker_decode_bits - "ACKNOWLEDGE|DRIVER" for a register value into buf, "" if unnamed */
void checker_decode_bits(const struct spec_register *reg, uint64_t value, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; reg && i < reg->nbits && len < size - 1; i++) {
		uint64_t bits = reg->bits[i].value;

		if (bits ? (value & bits) != bits : value != 0)
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? "|" : "",
					reg->bits[i].name);
	}
}

/* checker_event_name - "virtio:set_status" (":set_status" for report text), or NULL */
char *checker_event_name(const struct ti_event *ev)
{
	char *name;

	return asprintf(&name, "%s%s%s", ev->system, *ev->system ? ":" : "", ev->name) < 0 ?
		       NULL : name;
}

/* checker_model - the compiled engine model */
const struct ccsl_model *checker_model(const struct checker *c)
{
	return c->model;
}
