// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bind.c - compiling the bindings: a spec's events, fields, filters,
 * registers and pairs resolved against one trace, once per trace
 *
 * Everything name-based is resolved in bind_new(): per trace event a small
 * table of what it feeds (clock sources, register writes and reads, pairing
 * roles; bind_impl.h), and the trace input is told which events to deliver.
 * Unknown names and type errors become spec diagnostics. The per-record path
 * that walks these tables is bind_run.c. Called by the checker (bind.h):
 * bind_new, bind_free, bind_words, bind_clock_missing.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bind_impl.h"
#include "bitset.h"

/*
 * in_system - whether a trace event belongs to a spec's system. Report text
 * does not name systems: its events have system "" and belong to any.
 */
static bool in_system(const struct ti_event *ev, const char *system)
{
	return !*ev->system || !strcmp(ev->system, system);
}

/* diag - an error at a spec location, with the source line */
static void __attribute__((format(printf, 4, 5)))
diag(struct bind *b, const struct spec_loc *loc, const char *hint, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	spec_diag_add(b->diags, SPEC_DIAG_ERROR, loc, spec_line_text(b->spec, loc), hint, "%s",
		      msg);
	/* a diagnostic lost: the trace's error would not say why */
	if (b->diags->nomem)
		b->nomem = true;
}

/* nomem - note that memory ran out; returns -1 */
static int nomem(struct bind *b)
{
	b->nomem = true;
	return -1;
}

/* list_names - "a, b, c" of events of a system or fields of an event, for hints */
static char *list_names(struct bind *b, const char *system, const struct ti_event *ev)
{
	size_t cap = 256, len = 0;
	char *s = malloc(cap);
	int n = 0, count;
	struct ti_event *all = ti_events(b->trace, &count);

	if (!s) {
		nomem(b);
		return NULL;
	}
	s[0] = '\0';
	for (int i = 0; i < (ev ? ev->nfields : count); i++) {
		const char *name = ev ? ev->fields[i].name : all[i].name;
		size_t need;

		if (!ev && !in_system(&all[i], system))
			continue;
		if (ev && !strncmp(name, "__probe_", 8))
			continue;
		need = len + strlen(name) + 3;
		if (need > cap) {
			char *t = realloc(s, need * 2);

			if (!t) {
				nomem(b);
				break;
			}
			s = t;
			cap = need * 2;
		}
		len += (size_t)sprintf(s + len, "%s%s", n++ ? ", " : "", name);
	}
	return s;
}

/* hint_event - "the trace has these virtio events: ..." */
static void unknown_event(struct bind *b, const struct spec_loc *loc, const char *system,
			  const char *event)
{
	char *names = list_names(b, system, NULL);
	char hint[1024];

	if (names && *names)
		snprintf(hint, sizeof(hint), "the trace has these %s events: %s", system, names);
	else
		snprintf(hint, sizeof(hint), "the trace has no events of the system '%s'", system);
	diag(b, loc, hint, "the trace has no event '%s:%s'", system, event);
	free(names);
}

/* event_table - the binding table of a trace event, created on first use */
static struct bnd_event *event_table(struct bind *b, struct ti_event *ev)
{
	struct bnd_event *be;

	if (ev->user)
		return ev->user;
	be = &b->events[b->nevents++];
	be->ev = ev;
	be->key_field = b->spec->key ? ti_find_field(ev, b->spec->key) : -1;
	be->per_field = b->per ? ti_find_field(ev, b->per) : -1;
	b->per_found |= be->per_field >= 0;
	be->return_of = -1;
	ev->user = be;
	ev->wanted = true;
	return be;
}

/* misspelt - whether a missing event is a near miss of one the trace has (a typo) */
static bool misspelt(struct bind *b, const struct spec_loc *loc, const char *system,
		     const char *event)
{
	int count, n = 0;
	struct ti_event *all = ti_events(b->trace, &count);
	const char **names = calloc((size_t)count + 1, sizeof(*names));
	const char *near;
	char hint[256];

	if (!names) {
		nomem(b);
		return false;
	}
	for (int i = 0; i < count; i++)
		if (in_system(&all[i], system))
			names[n++] = all[i].name;
	near = spec_suggest(event, names, n);
	if (near) {
		snprintf(hint, sizeof(hint), "did you mean '%s:%s'?", system, near);
		diag(b, loc, hint, "the trace has no event '%s:%s'", system, event);
	}
	free(names);
	return near != NULL;
}

/*
 * lookup_event - the trace event named in the spec, or NULL. A missing event
 * is an error when required or when it looks like a typo of one the trace
 * has; otherwise the rules on it are only unchecked.
 */
static struct bnd_event *lookup_event(struct bind *b, const struct spec_loc *loc,
				      const char *system, const char *event, bool required)
{
	struct ti_event *ev = ti_find_event(b->trace, system, event);

	if (!ev) {
		if (required)
			unknown_event(b, loc, system, event);
		else if (misspelt(b, loc, system, event))
			b->typos++;
		return NULL;
	}
	return event_table(b, ev);
}

/* lookup_field - a field of an event, or -1 with a diagnostic listing the fields */
static int lookup_field(struct bind *b, const struct spec_loc *loc, const struct ti_event *ev,
			const char *field)
{
	int i = ti_find_field(ev, field);
	char hint[1024], what[256];
	char *names;

	if (i >= 0 && ev->fields[i].type != TI_FIELD_OTHER)
		return i;
	names = list_names(b, NULL, ev);
	snprintf(hint, sizeof(hint), "%s:%s has the fields: %s", ev->system, ev->name,
		 names ? names : "");
	snprintf(what, sizeof(what), "%s:%s", ev->system, ev->name);
	if (i >= 0)
		diag(b, loc, hint, "field '%s' of '%s' is neither a number nor a string", field,
		     what);
	else
		diag(b, loc, hint, "the event '%s' has no field '%s'", what, field);
	free(names);
	return -1;
}

/* register_index - a register by name */
static int register_index(const struct spec *spec, const char *name)
{
	for (int i = 0; i < spec->nregs; i++)
		if (!strcmp(spec->regs[i].name, name))
			return i;
	return -1;
}

/* compile_filter - resolve a filter's fields against one event; NULL on error */
static struct bnd_filter *compile_filter(struct bind *b, const struct spec_filter *f,
					 const struct ti_event *ev, bool *ok)
{
	struct bnd_filter *c = calloc(1, sizeof(*c));

	if (!c) {
		*ok = false;
		nomem(b);
		return NULL;
	}
	c->op = f->op;
	c->field = -1;
	c->reg = -1;
	switch (f->op) {
	case SPEC_F_FIELD:
		c->field = lookup_field(b, &f->loc, ev, f->name);
		if (c->field < 0)
			*ok = false;
		else
			c->is_str = ev->fields[c->field].type == TI_FIELD_STR;
		break;
	case SPEC_F_REG:
		c->reg = register_index(b->spec, f->name);
		if (c->reg < 0) {
			diag(b, &f->loc, NULL, "unknown register '%s'", f->name);
			*ok = false;
		}
		break;
	case SPEC_F_NUM:
		c->num = f->num;
		break;
	case SPEC_F_STR:
		c->str = f->str;
		c->len = strlen(f->str);
		c->is_str = true;
		break;
	default:
		if (f->l)
			c->l = compile_filter(b, f->l, ev, ok);
		if (f->r)
			c->r = compile_filter(b, f->r, ev, ok);
		break;
	}
	if (*ok && c->l && c->r && c->l->is_str != c->r->is_str) {
		diag(b, &f->loc, "compare strings with strings and numbers with numbers",
		     "cannot compare a %s with a %s", c->l->is_str ? "string" : "number",
		     c->r->is_str ? "string" : "number");
		*ok = false;
	}
	if (*ok && f->op == SPEC_F_GLOB && !(c->l && c->l->is_str && c->l->op == SPEC_F_FIELD)) {
		diag(b, &f->loc, NULL, "'~' needs a string field on its left");
		*ok = false;
	}
	if (*ok && c->l && c->l->is_str && f->op != SPEC_F_EQ && f->op != SPEC_F_NE &&
	    f->op != SPEC_F_GLOB) {
		diag(b, &f->loc, NULL, "strings can only be compared with == and !=");
		*ok = false;
	}
	return c;
}

/* free_filter - free a compiled filter */
static void free_filter(struct bnd_filter *c)
{
	if (!c)
		return;
	free_filter(c->l);
	free_filter(c->r);
	free(c);
}

/* add_source - one source of a bound clock on one trace event */
static int add_source(struct bind *b, struct bnd_event *be, int clock, const struct spec_source *s,
		      int reg)
{
	struct bnd_source *cs;
	bool ok = true;

	cs = realloc(be->sources, (size_t)(be->nsources + 1) * sizeof(*cs));
	if (!cs)
		return nomem(b);
	be->sources = cs;
	cs = &cs[be->nsources++];
	memset(cs, 0, sizeof(*cs));
	cs->clock = clock;
	cs->kind = s->kind;
	cs->reg = reg;
	cs->value = s->value;
	cs->seen = s->seen;
	if (s->filter)
		cs->filter = compile_filter(b, s->filter, be->ev, &ok);
	return ok ? 0 : -1;
}

/* note_missing - remember the first absent event feeding a clock */
static void note_missing(struct bind *b, int clock, const char *system, const char *event)
{
	if (!b->missing[clock] && asprintf(&b->missing[clock], "%s:%s", system, event) < 0) {
		b->missing[clock] = NULL;
		nomem(b);
	}
}

/* bind_register_sources - every write source of a register feeds a rises/clears/writes clock */
static int bind_register_sources(struct bind *b, int clock, const struct spec_source *s)
{
	int reg = register_index(b->spec, s->reg);
	const struct spec_register *r;
	int ret = 0, found = 0;

	if (reg < 0) {
		diag(b, &s->loc, NULL, "unknown register '%s'", s->reg);
		return -1;
	}
	r = &b->spec->regs[reg];
	for (int i = 0; i < r->nsources; i++) {
		const struct spec_reg_source *rs = &r->sources[i];
		struct bnd_event *be;

		if (rs->is_read)
			continue;
		be = lookup_event(b, &rs->loc, rs->system, rs->event, false);
		if (!be)
			continue;
		found++;
		if (add_source(b, be, clock, s, reg))
			ret = -1;
	}
	if (!found)
		note_missing(b, clock, r->sources[0].system, r->sources[0].event);
	return ret;
}

/* bind_clock_sources - attach one bound clock to the events that feed it */
static int bind_clock_sources(struct bind *b, int clock)
{
	const struct spec_clock *c = b->clocks[clock];
	int ret = 0;

	for (int i = 0; i < c->nsources; i++) {
		const struct spec_source *s = &c->sources[i];
		struct bnd_event *be;

		if (s->kind != SPEC_SRC_EVENT) {
			if (bind_register_sources(b, clock, s))
				ret = -1;
			continue;
		}
		/* A missing event makes the rules on this clock unchecked, not an error. */
		be = lookup_event(b, &s->loc, s->system, s->event, false);
		if (!be) {
			note_missing(b, clock, s->system, s->event);
			continue;
		}
		if (add_source(b, be, clock, s, -1))
			ret = -1;
	}
	return ret;
}

/* bind_registers - record which events write and read each register */
static int bind_registers(struct bind *b)
{
	int ret = 0;

	for (int r = 0; r < b->spec->nregs; r++) {
		const struct spec_register *reg = &b->spec->regs[r];

		for (int i = 0; i < reg->nsources; i++) {
			const struct spec_reg_source *rs = &reg->sources[i];
			struct bnd_event *be =
				lookup_event(b, &rs->loc, rs->system, rs->event, false);
			struct bnd_reg_access *a;
			int field;

			if (!be)
				continue;
			field = lookup_field(b, &rs->loc, be->ev, rs->field);
			if (field < 0 || be->ev->fields[field].type != TI_FIELD_NUM) {
				if (field >= 0)
					diag(b, &rs->loc, NULL,
					     "register field '%s' is not a number", rs->field);
				ret = -1;
				continue;
			}
			a = realloc(be->regs, (size_t)(be->nregs + 1) * sizeof(*a));
			if (!a)
				return nomem(b);
			be->regs = a;
			be->regs[be->nregs++] = (struct bnd_reg_access){ r, field, rs->is_read };
		}
	}
	return ret;
}

/* bind_pairs - mark the entry and return events of each pair rule */
static int bind_pairs(struct bind *b)
{
	int count;
	struct ti_event *all = ti_events(b->trace, &count);

	for (int p = 0; p < b->spec->npairs; p++) {
		const struct spec_pair *sp = &b->spec->pairs[p];
		struct bnd_event *ret = lookup_event(b, &sp->loc, sp->system, sp->event, false);

		if (!ret)
			continue;
		ret->return_of = p;
		for (int i = 0; i < count; i++) {
			struct bnd_event *be;
			int *e;

			if (!in_system(&all[i], sp->with_system) ||
			    (strcmp(sp->with_event, "*") && strcmp(all[i].name, sp->with_event)))
				continue;
			if (b->spec->key && ti_find_field(&all[i], b->spec->key) < 0)
				continue;
			be = event_table(b, &all[i]);
			e = realloc(be->entry_of, (size_t)(be->nentry_of + 1) * sizeof(*e));
			if (!e)
				return nomem(b);
			be->entry_of = e;
			e[be->nentry_of++] = p;
		}
	}
	return 0;
}

/* reg_feeds - whether bound clock i has a source over register reg */
static bool reg_feeds(const struct bind *b, int i, int reg)
{
	const struct spec_clock *c = b->clocks[i];

	for (int k = 0; k < c->nsources; k++)
		if (c->sources[k].kind != SPEC_SRC_EVENT &&
		    register_index(b->spec, c->sources[k].reg) == reg)
			return true;
	return false;
}

/* bind_feeds - per event, the bound clocks it can speak of (bnd_event.feeds) */
static int bind_feeds(struct bind *b)
{
	for (int e = 0; e < b->nevents; e++) {
		struct bnd_event *be = &b->events[e];

		be->feeds = calloc((size_t)b->words + 1, sizeof(uint64_t));
		if (!be->feeds)
			return nomem(b);
		for (int s = 0; s < be->nsources; s++)
			bit_set(be->feeds, be->sources[s].clock);
		for (int a = 0; a < be->nregs; a++)
			for (int i = 0; i < b->nclocks; i++)
				if (reg_feeds(b, i, be->regs[a].reg))
					bit_set(be->feeds, i);
	}
	return 0;
}

/* collect_clocks - the bound clocks, by their number (spec_clock.bound) */
static int collect_clocks(struct bind *b)
{
	int n = b->spec->nbound;

	b->clocks = calloc((size_t)n + 1, sizeof(*b->clocks));
	b->missing = calloc((size_t)n + 1, sizeof(*b->missing));
	if (!b->clocks || !b->missing)
		return nomem(b);
	for (int i = 0; i < b->spec->nclocks; i++)
		if (b->spec->clocks[i].bound >= 0)
			b->clocks[b->spec->clocks[i].bound] = &b->spec->clocks[i];
	b->nclocks = n;
	b->words = bit_words(n);
	return 0;
}

/* bind_new - resolve the spec's events, fields, registers and filters against a trace */
int bind_new(const struct spec *spec, struct ti_trace *trace, struct spec_diags *diags,
	     struct bind **out)
{
	struct bind *b = calloc(1, sizeof(*b));
	int nev, ret = 0;

	*out = NULL;
	if (!b)
		return BIND_NOMEM;
	b->spec = spec;
	b->trace = trace;
	b->diags = diags;
	b->single = !spec->key;
	for (int r = 0; r < spec->nrules && !b->per; r++)
		b->per = spec->rules[r].per;
	ti_events(trace, &nev);
	b->events = calloc((size_t)nev + 1, sizeof(*b->events));
	if (!b->events || collect_clocks(b))
		goto fail;
	for (int i = 0; i < b->nclocks; i++)
		if (bind_clock_sources(b, i))
			ret = -1;
	if (bind_registers(b) || bind_pairs(b) || ret || b->typos || b->nomem || bind_feeds(b))
		goto fail;
	if (!b->nevents && b->nclocks) {
		const struct spec_source *s = &b->clocks[0]->sources[0];

		diag(b, &s->loc, "was it recorded with ccsl-record (or the events the spec names)?",
		     "the trace has none of the events this spec uses");
		goto fail;
	}
	*out = b;
	return 0;
fail:
	ret = !b->events || b->nomem ? BIND_NOMEM : -1;
	bind_free(b);
	return ret;
}

/* bind_free - free the bindings */
void bind_free(struct bind *b)
{
	if (!b)
		return;
	for (int i = 0; i < b->nevents; i++) {
		struct bnd_event *be = &b->events[i];

		for (int s = 0; s < be->nsources; s++)
			free_filter(be->sources[s].filter);
		free(be->sources);
		free(be->regs);
		free(be->entry_of);
		free(be->feeds);
		be->ev->user = NULL;
	}
	free(b->events);
	free(b->clocks);
	for (int i = 0; b->missing && i < b->nclocks; i++)
		free(b->missing[i]);
	free(b->missing);
	free(b);
}

/*
 * bind_per_missing - the field 'per' rules are checked per value of, when no event of the
 * trace that the spec binds has it (the rules can judge no value), or NULL
 */
const char *bind_per_missing(const struct bind *b)
{
	return b->per && !b->per_found ? b->per : NULL;
}

/* bind_words - size in uint64_t words of a step's tick set */
int bind_words(const struct bind *b)
{
	return b->words;
}

/* bind_clock_missing - an absent event feeding bound clock i, or NULL */
const char *bind_clock_missing(const struct bind *b, int i)
{
	return b->missing[i];
}
