// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bind.c - event bindings: trace records -> instances and ticking clocks
 *
 * Everything name-based is resolved in bind_new(): per trace event a small
 * table of what it feeds (clock sources, register writes and reads, pairing
 * roles). Per record, only the tables of wanted events are walked.
 */
#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "bitset.h"

/* A filter compiled against one event: fields by index, registers by index. */
struct cfilter {
	enum spec_filter_op op;
	struct cfilter *l, *r;
	int field;		/* FIELD */
	int reg;		/* REG */
	uint64_t num;		/* NUM */
	const char *str;	/* STR */
	size_t len;
	bool is_str;		/* the operand is a string */
};

/* Three-valued truth: a register whose value is not known yet gives UNKNOWN. */
enum tri { T_FALSE, T_TRUE, T_UNKNOWN };

struct operand {
	enum tri known;		/* T_TRUE known, T_UNKNOWN not known */
	uint64_t num;
	const char *str;
	size_t len;
};

struct csource {
	int clock;		/* bound clock index */
	enum spec_source_kind kind;
	int reg;		/* RISES/CLEARS/WRITES */
	uint64_t value;
	struct cfilter *filter;
};

struct creg_access {
	int reg;
	int field;
	bool is_read;
};

/* What one trace event feeds. */
struct bevent {
	struct ti_event *ev;
	int key_field;		/* -1: the event carries no key */
	struct csource *sources;
	int nsources;
	struct creg_access *regs;
	int nregs;
	int *entry_of;		/* pairs whose entry side this event is */
	int nentry_of;
	int return_of;		/* the pair whose return side this event is, or -1 */
};

struct instance {
	char *key;
	uint64_t *regs;
	bool *known;
};

/* Open-addressing map from a (cpu, pid) word to an instance, one per pair rule. */
struct task_map {
	uint64_t *keys;		/* 0: empty; stored as key + 1 */
	int *inst;
	size_t cap, used;
};

struct bind {
	const struct spec *spec;
	struct ti_trace *trace;
	const struct spec_clock **clocks; /* bound clocks, in spec order */
	char **missing;		/* per bound clock: "sys:event" of an absent event */
	int nclocks, words;
	struct bevent *events;	/* one per trace event used */
	int nevents;
	struct task_map *pairs;	/* one per spec pair */
	struct instance *inst;
	int ninst, cap_inst;
	int *inst_index;	/* hash of keys -> instance, open addressing */
	size_t inst_hcap;
	uint64_t *ticks;
	bool single;		/* no key: the whole trace is one instance */
	struct spec_diags *diags;
	bind_step_fn fn;
	void *arg;
	bool oom;		/* the iteration stopped for want of memory */
	int typos;		/* events missing from the trace that look misspelt */
};

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
}

/* list_names - "a, b, c" of events of a system or fields of an event, for hints */
static char *list_names(struct bind *b, const char *system, const struct ti_event *ev)
{
	size_t cap = 256, len = 0;
	char *s = malloc(cap);
	int n = 0, count;
	struct ti_event *all = ti_events(b->trace, &count);

	if (!s)
		return NULL;
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

			if (!t)
				break;
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

/* find_bevent - the binding table of a trace event, created on first use */
static struct bevent *find_bevent(struct bind *b, struct ti_event *ev)
{
	struct bevent *be;

	if (ev->user)
		return ev->user;
	be = &b->events[b->nevents++];
	be->ev = ev;
	be->key_field = b->spec->key ? ti_find_field(ev, b->spec->key) : -1;
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

	if (!names)
		return false;
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
static struct bevent *lookup_event(struct bind *b, const struct spec_loc *loc,
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
	return find_bevent(b, ev);
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
static struct cfilter *compile_filter(struct bind *b, const struct spec_filter *f,
				      const struct ti_event *ev, bool *ok)
{
	struct cfilter *c = calloc(1, sizeof(*c));

	if (!c) {
		*ok = false;
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
static void free_filter(struct cfilter *c)
{
	if (!c)
		return;
	free_filter(c->l);
	free_filter(c->r);
	free(c);
}

/* add_source - one source of a bound clock on one trace event */
static int add_source(struct bind *b, struct bevent *be, int clock, const struct spec_source *s,
		      int reg)
{
	struct csource *cs;
	bool ok = true;

	cs = realloc(be->sources, (size_t)(be->nsources + 1) * sizeof(*cs));
	if (!cs)
		return -1;
	be->sources = cs;
	cs = &cs[be->nsources++];
	memset(cs, 0, sizeof(*cs));
	cs->clock = clock;
	cs->kind = s->kind;
	cs->reg = reg;
	cs->value = s->value;
	if (s->filter)
		cs->filter = compile_filter(b, s->filter, be->ev, &ok);
	return ok ? 0 : -1;
}

/* note_missing - remember the first absent event feeding a clock */
static void note_missing(struct bind *b, int clock, const char *system, const char *event)
{
	if (!b->missing[clock] && asprintf(&b->missing[clock], "%s:%s", system, event) < 0)
		b->missing[clock] = NULL;
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
		struct bevent *be;

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
		struct bevent *be;

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
			struct bevent *be = lookup_event(b, &rs->loc, rs->system, rs->event, false);
			struct creg_access *a;
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
				return -1;
			be->regs = a;
			be->regs[be->nregs++] = (struct creg_access){ r, field, rs->is_read };
		}
	}
	return ret;
}

/* bind_pairs - mark the entry and return events of each pair rule */
static int bind_pairs(struct bind *b)
{
	int count;
	struct ti_event *all = ti_events(b->trace, &count);

	b->pairs = calloc((size_t)b->spec->npairs + 1, sizeof(*b->pairs));
	if (!b->pairs)
		return -1;
	for (int p = 0; p < b->spec->npairs; p++) {
		const struct spec_pair *sp = &b->spec->pairs[p];
		struct bevent *ret = lookup_event(b, &sp->loc, sp->system, sp->event, false);

		if (!ret)
			continue;
		ret->return_of = p;
		for (int i = 0; i < count; i++) {
			struct bevent *be;
			int *e;

			if (!in_system(&all[i], sp->with_system) ||
			    (strcmp(sp->with_event, "*") && strcmp(all[i].name, sp->with_event)))
				continue;
			if (b->spec->key && ti_find_field(&all[i], b->spec->key) < 0)
				continue;
			be = find_bevent(b, &all[i]);
			e = realloc(be->entry_of, (size_t)(be->nentry_of + 1) * sizeof(*e));
			if (!e)
				return -1;
			be->entry_of = e;
			e[be->nentry_of++] = p;
		}
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
		return -1;
	for (int i = 0; i < b->spec->nclocks; i++)
		if (b->spec->clocks[i].bound >= 0)
			b->clocks[b->spec->clocks[i].bound] = &b->spec->clocks[i];
	b->nclocks = n;
	b->words = bit_words(n);
	b->ticks = calloc((size_t)b->words, sizeof(uint64_t));
	return b->ticks ? 0 : -1;
}

/* bind_new - resolve the spec's events, fields, registers and filters against a trace */
struct bind *bind_new(const struct spec *spec, struct ti_trace *trace, struct spec_diags *diags)
{
	struct bind *b = calloc(1, sizeof(*b));
	int nev, ret = 0;

	if (!b)
		return NULL;
	b->spec = spec;
	b->trace = trace;
	b->diags = diags;
	b->single = !spec->key;
	ti_events(trace, &nev);
	b->events = calloc((size_t)nev + 1, sizeof(*b->events));
	if (!b->events || collect_clocks(b))
		goto fail;
	for (int i = 0; i < b->nclocks; i++)
		if (bind_clock_sources(b, i))
			ret = -1;
	if (bind_registers(b) || bind_pairs(b) || ret || b->typos)
		goto fail;
	if (!b->nevents && b->nclocks) {
		const struct spec_source *s = &b->clocks[0]->sources[0];

		diag(b, &s->loc, "was it recorded with ccsl-record (or the events the spec names)?",
		     "the trace has none of the events this spec uses");
		goto fail;
	}
	return b;
fail:
	bind_free(b);
	return NULL;
}

/* bind_free - free the bindings */
void bind_free(struct bind *b)
{
	if (!b)
		return;
	for (int i = 0; i < b->nevents; i++) {
		struct bevent *be = &b->events[i];

		for (int s = 0; s < be->nsources; s++)
			free_filter(be->sources[s].filter);
		free(be->sources);
		free(be->regs);
		free(be->entry_of);
		be->ev->user = NULL;
	}
	for (int p = 0; b->pairs && p < b->spec->npairs; p++) {
		free(b->pairs[p].keys);
		free(b->pairs[p].inst);
	}
	for (int i = 0; i < b->ninst; i++) {
		free(b->inst[i].key);
		free(b->inst[i].regs);
		free(b->inst[i].known);
	}
	free(b->pairs);
	free(b->inst);
	free(b->inst_index);
	free(b->events);
	free(b->clocks);
	for (int i = 0; b->missing && i < b->nclocks; i++)
		free(b->missing[i]);
	free(b->missing);
	free(b->ticks);
	free(b);
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

/* hash_bytes - FNV-1a */
static uint64_t hash_bytes(const void *p, size_t len)
{
	const uint8_t *s = p;
	uint64_t h = 0xcbf29ce484222325ULL;

	while (len--)
		h = (h ^ *s++) * 0x100000001b3ULL;
	return h;
}

/* inst_rehash - grow the key index of instances */
static int inst_rehash(struct bind *b)
{
	size_t cap = b->inst_hcap ? b->inst_hcap * 2 : 64;
	int *idx = malloc(cap * sizeof(*idx));

	if (!idx)
		return -1;
	for (size_t i = 0; i < cap; i++)
		idx[i] = -1;
	for (int i = 0; i < b->ninst; i++) {
		size_t h = hash_bytes(b->inst[i].key, strlen(b->inst[i].key)) & (cap - 1);

		while (idx[h] >= 0)
			h = (h + 1) & (cap - 1);
		idx[h] = i;
	}
	free(b->inst_index);
	b->inst_index = idx;
	b->inst_hcap = cap;
	return 0;
}

/* new_instance - append an instance with every register unknown; returns its index */
static int new_instance(struct bind *b, const char *key, size_t len)
{
	struct instance *in;
	int nregs = b->spec->nregs ? b->spec->nregs : 1;

	if (b->ninst == b->cap_inst) {
		int cap = b->cap_inst ? b->cap_inst * 2 : 8;
		struct instance *t = realloc(b->inst, (size_t)cap * sizeof(*t));

		if (!t)
			return -1;
		b->inst = t;
		b->cap_inst = cap;
	}
	in = &b->inst[b->ninst];
	in->key = strndup(key, len);
	in->regs = calloc((size_t)nregs, sizeof(*in->regs));
	in->known = calloc((size_t)nregs, sizeof(*in->known));
	if (!in->key || !in->regs || !in->known) {
		free(in->key);
		free(in->regs);
		free(in->known);
		return -1;
	}
	return b->ninst++;
}

/* find_instance - the instance of a key, created on first sight; -1 when out of memory */
static int find_instance(struct bind *b, const char *key, size_t len, bool *created)
{
	size_t h = 0;
	int i;

	if (b->inst_hcap) {
		h = hash_bytes(key, len) & (b->inst_hcap - 1);
		for (; b->inst_index[h] >= 0; h = (h + 1) & (b->inst_hcap - 1)) {
			const char *k = b->inst[b->inst_index[h]].key;

			if (strlen(k) == len && !memcmp(k, key, len))
				return b->inst_index[h];
		}
	}
	*created = true;
	i = new_instance(b, key, len);
	if (i < 0)
		return -1;
	/* Keep the index at most half full; a rehash indexes the new instance too. */
	if ((size_t)b->ninst * 2 > b->inst_hcap)
		return inst_rehash(b) ? -1 : i;
	b->inst_index[h] = i;
	return i;
}

/* task_word - the map key of a CPU and task */
static uint64_t task_word(const struct ti_record *rec)
{
	return ((uint64_t)(uint32_t)rec->cpu << 32 | (uint32_t)rec->pid) + 1;
}

/* task_slot - the slot of a key in a task map (found or empty) */
static size_t task_slot(const struct task_map *m, uint64_t key)
{
	size_t h = hash_bytes(&key, sizeof(key)) & (m->cap - 1);

	while (m->keys[h] && m->keys[h] != key)
		h = (h + 1) & (m->cap - 1);
	return h;
}

/* task_put - remember the instance of the last entry event on a CPU and task */
static int task_put(struct task_map *m, uint64_t key, int inst)
{
	size_t h;

	if ((m->used + 1) * 2 > m->cap) {
		struct task_map grown = { .cap = m->cap ? m->cap * 2 : 64 };

		grown.keys = calloc(grown.cap, sizeof(*grown.keys));
		grown.inst = calloc(grown.cap, sizeof(*grown.inst));
		if (!grown.keys || !grown.inst) {
			free(grown.keys);
			free(grown.inst);
			return -1;
		}
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->keys[i])
				continue;
			h = task_slot(&grown, m->keys[i]);
			grown.keys[h] = m->keys[i];
			grown.inst[h] = m->inst[i];
			grown.used++;
		}
		free(m->keys);
		free(m->inst);
		*m = grown;
	}
	h = task_slot(m, key);
	if (!m->keys[h])
		m->used++;
	m->keys[h] = key;
	m->inst[h] = inst;
	return 0;
}

/* task_get - the instance remembered for a CPU and task, or -1 */
static int task_get(const struct task_map *m, uint64_t key)
{
	size_t h;

	if (!m->cap)
		return -1;
	h = task_slot(m, key);
	return m->keys[h] ? m->inst[h] : -1;
}

/* record_key - the key of a keyed record as text */
static const char *record_key(const struct bevent *be, const struct ti_record *rec, char *buf,
			      size_t len, size_t *klen)
{
	const struct ti_value *v = &rec->values[be->key_field];

	if (!v->ok)
		return NULL;
	if (be->ev->fields[be->key_field].type == TI_FIELD_STR) {
		*klen = v->len;
		return v->str;
	}
	*klen = (size_t)snprintf(buf, len, "%" PRIu64, v->num);
	return buf;
}

/* resolve_instance - the instance a record belongs to, -1 if none, -2 out of memory */
static int resolve_instance(struct bind *b, const struct bevent *be, const struct ti_record *rec,
			    bool *created)
{
	char buf[32];
	const char *key;
	size_t len;
	int inst = -1;

	*created = false;
	if (b->single) {
		inst = b->ninst ? 0 : find_instance(b, "trace", 5, created);
		return inst < 0 ? -2 : inst;
	}
	if (be->key_field >= 0) {
		key = record_key(be, rec, buf, sizeof(buf), &len);
		if (key && (inst = find_instance(b, key, len, created)) < 0)
			return -2;
		for (int i = 0; inst >= 0 && i < be->nentry_of; i++)
			if (task_put(&b->pairs[be->entry_of[i]], task_word(rec), inst))
				return -2;
		return inst;
	}
	if (be->return_of >= 0) {
		struct task_map *m = &b->pairs[be->return_of];

		inst = task_get(m, task_word(rec));
		/* A return matches one call: forget it, unless paired with any keyed event. */
		if (inst >= 0 && strcmp(b->spec->pairs[be->return_of].with_event, "*"))
			(void)task_put(m, task_word(rec), -1);
	}
	return inst;
}

/* operand - the value of a leaf or arithmetic node of a filter */
static struct operand operand(const struct cfilter *c, const struct ti_record *rec,
			      const struct instance *in)
{
	struct operand o = { .known = T_TRUE };

	switch (c->op) {
	case SPEC_F_FIELD:
		if (!rec->values[c->field].ok)
			o.known = T_UNKNOWN;
		o.num = rec->values[c->field].num;
		o.str = rec->values[c->field].str;
		o.len = rec->values[c->field].len;
		break;
	case SPEC_F_REG:
		o.known = in->known[c->reg] ? T_TRUE : T_UNKNOWN;
		o.num = in->regs[c->reg];
		break;
	case SPEC_F_NUM:
		o.num = c->num;
		break;
	case SPEC_F_STR:
		o.str = c->str;
		o.len = c->len;
		break;
	case SPEC_F_BITAND: {
		struct operand l = operand(c->l, rec, in), r = operand(c->r, rec, in);

		o.known = l.known == T_TRUE && r.known == T_TRUE ? T_TRUE : T_UNKNOWN;
		o.num = l.num & r.num;
		break;
	}
	default:
		o.known = T_UNKNOWN;
		break;
	}
	return o;
}

/* glob_match - a string operand against a glob pattern (the pattern is NUL-terminated) */
static enum tri glob_match(const struct operand *value, const struct operand *pattern)
{
	char buf[256];

	/* Trace strings are not NUL-terminated; longer ones cannot be names worth globbing. */
	if (value->len >= sizeof(buf))
		return T_FALSE;
	memcpy(buf, value->str, value->len);
	buf[value->len] = '\0';
	return fnmatch(pattern->str, buf, 0) ? T_FALSE : T_TRUE;
}

/* compare - a comparison of two operands; unknown if either is */
static enum tri compare(const struct cfilter *c, const struct ti_record *rec,
			const struct instance *in)
{
	struct operand l = operand(c->l, rec, in), r = operand(c->r, rec, in);
	int cmp;

	if (l.known != T_TRUE || r.known != T_TRUE)
		return T_UNKNOWN;
	if (c->op == SPEC_F_GLOB)
		return glob_match(&l, &r);
	if (c->l->is_str)
		cmp = l.len == r.len && !memcmp(l.str, r.str, l.len) ? 0 : 1;
	else
		cmp = l.num < r.num ? -1 : l.num > r.num;
	switch (c->op) {
	case SPEC_F_EQ:
		return cmp == 0 ? T_TRUE : T_FALSE;
	case SPEC_F_NE:
		return cmp != 0 ? T_TRUE : T_FALSE;
	case SPEC_F_LT:
		return cmp < 0 ? T_TRUE : T_FALSE;
	case SPEC_F_LE:
		return cmp <= 0 ? T_TRUE : T_FALSE;
	case SPEC_F_GT:
		return cmp > 0 ? T_TRUE : T_FALSE;
	default:
		return cmp >= 0 ? T_TRUE : T_FALSE;
	}
}

/* eval - Kleene evaluation of a filter: unknown registers give unknown, not false */
static enum tri eval(const struct cfilter *c, const struct ti_record *rec,
		     const struct instance *in)
{
	enum tri l, r;
	struct operand o;

	switch (c->op) {
	case SPEC_F_AND:
		l = eval(c->l, rec, in);
		if (l == T_FALSE)
			return T_FALSE;
		r = eval(c->r, rec, in);
		return r == T_FALSE ? T_FALSE : (l == T_TRUE && r == T_TRUE ? T_TRUE : T_UNKNOWN);
	case SPEC_F_OR:
		l = eval(c->l, rec, in);
		if (l == T_TRUE)
			return T_TRUE;
		r = eval(c->r, rec, in);
		return r == T_TRUE ? T_TRUE : (l == T_FALSE && r == T_FALSE ? T_FALSE : T_UNKNOWN);
	case SPEC_F_NOT:
		l = eval(c->l, rec, in);
		return l == T_UNKNOWN ? T_UNKNOWN : (l == T_TRUE ? T_FALSE : T_TRUE);
	case SPEC_F_EQ:
	case SPEC_F_NE:
	case SPEC_F_LT:
	case SPEC_F_LE:
	case SPEC_F_GT:
	case SPEC_F_GE:
	case SPEC_F_GLOB:
		return compare(c, rec, in);
	default:
		/* A bare value as a condition: true when non-zero (or a non-empty string). */
		o = operand(c, rec, in);
		if (o.known != T_TRUE)
			return T_UNKNOWN;
		return (c->is_str ? o.len != 0 : o.num != 0) ? T_TRUE : T_FALSE;
	}
}

/* reg_write_value - the value this record writes to a register, if it writes it */
static bool reg_write_value(const struct bevent *be, const struct ti_record *rec, int reg,
			    uint64_t *value)
{
	for (int i = 0; i < be->nregs; i++) {
		const struct creg_access *a = &be->regs[i];

		if (a->reg != reg || a->is_read || !rec->values[a->field].ok)
			continue;
		*value = rec->values[a->field].num;
		return true;
	}
	return false;
}

/* source_ticks - whether one source makes its clock tick for this record */
static bool source_ticks(const struct bevent *be, const struct csource *s,
			 const struct ti_record *rec, const struct instance *in)
{
	uint64_t nv, ov;

	if (s->kind != SPEC_SRC_EVENT) {
		if (!reg_write_value(be, rec, s->reg, &nv))
			return false;
		ov = in->regs[s->reg];
		switch (s->kind) {
		case SPEC_SRC_RISES:
			if (!in->known[s->reg] || !(nv & ~ov & s->value))
				return false;
			break;
		case SPEC_SRC_CLEARS:
			if (!in->known[s->reg] || !(ov & ~nv & s->value))
				return false;
			break;
		default:
			if (nv != s->value)
				return false;
			break;
		}
	}
	return !s->filter || eval(s->filter, rec, in) == T_TRUE;
}

/* update_registers - after the clocks, the record's writes and reads become the values */
static void update_registers(const struct bevent *be, const struct ti_record *rec,
			     struct instance *in)
{
	for (int i = 0; i < be->nregs; i++) {
		const struct creg_access *a = &be->regs[i];

		if (!rec->values[a->field].ok)
			continue;
		in->regs[a->reg] = rec->values[a->field].num;
		in->known[a->reg] = true;
	}
}

/* on_record - one wanted record: find its instance, compute ticks, hand the step on */
static int on_record(const struct ti_record *rec, void *arg)
{
	struct bind *b = arg;
	const struct bevent *be = rec->event->user;
	struct bind_step step;
	struct instance *in;
	bool created, any = false;
	int inst;

	if (!be)
		return 0;
	inst = resolve_instance(b, be, rec, &created);
	if (inst == -2) {
		b->oom = true;
		return 1;
	}
	if (inst < 0)
		return 0;
	in = &b->inst[inst];
	memset(b->ticks, 0, (size_t)b->words * sizeof(uint64_t));
	for (int i = 0; i < be->nsources; i++) {
		const struct csource *s = &be->sources[i];

		if (!bit_test(b->ticks, s->clock) && source_ticks(be, s, rec, in)) {
			bit_set(b->ticks, s->clock);
			any = true;
		}
	}
	update_registers(be, rec, in);
	step = (struct bind_step){ inst, in->key, created, rec, b->ticks, any };
	return b->fn(&step, b->arg);
}

/* bind_run - read the trace and call fn for every record that belongs to an instance */
int bind_run(struct bind *b, bind_step_fn fn, void *arg, char err[TI_ERR_LEN])
{
	int ret;

	b->fn = fn;
	b->arg = arg;
	ret = ti_iterate(b->trace, on_record, b, err);
	if (b->oom) {
		snprintf(err, TI_ERR_LEN, "%s", strerror(ENOMEM));
		return -1;
	}
	return ret;
}
