// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bind_run.c - the bindings' per-record path: each wanted record of the trace
 * becomes a step of one instance (a device)
 *
 * Per record: the instance it belongs to (by its key field, or through the
 * entry event of a pair on the same CPU and task), the bound clocks its
 * sources make tick (filters evaluated in three-valued logic against the
 * record and the instance's registers; a clock whose sources cannot tell,
 * because a register has no value yet, is reported as maybe, not as
 * silent), then the registers it writes or reads.
 *
 * A register has two values per instance (ccsl-spec(5), REGISTERS): as last
 * written (what @reg reads, and what rises/clears compare a write with), and
 * as last seen (the last write or read: rises/clears(..., seen)). A read
 * sets the seen value; it sets the written value only while the instance
 * has had no write of the register (a recording that starts mid-run), so a
 * device's answer never hides a write nor makes one. Reads only the tables bind.c compiled (bind_impl.h); the instances,
 * registers, pair maps and tick set are this file's own and live for one
 * bind_run(). Called by the checker (bind.h: bind_run); calls the trace input
 * (ti_iterate) and the checker's step callback.
 */
#include <fnmatch.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bind_impl.h"
#include "bitset.h"
#include "strtab.h"

/* Three-valued truth: a register whose value is not known yet gives UNKNOWN. */
enum tri { T_FALSE, T_TRUE, T_UNKNOWN };

struct operand {
	enum tri known;		/* T_TRUE known, T_UNKNOWN not known */
	uint64_t num;
	const char *str;
	size_t len;
};

/* An instance's registers: views into the walk's arrays, valid during one record. */
struct instance {
	uint64_t *regs;		/* nregs values as last written */
	uint64_t *seen;		/* nregs values as last written or read */
	uint8_t *state;		/* nregs BIND_REG_* flags */
};

/* Open-addressing map from a (cpu, pid) word to an instance, one per pair rule. */
struct task_map {
	uint64_t *keys;		/* 0: empty; stored as key + 1 */
	int *inst;
	int *sub;		/* the entry's per-field value (an id in walk.subs), or -1 */
	size_t cap, used;
};

/* The state of one bind_run(). */
struct walk {
	const struct bind *b;
	struct strtab keys;	/* instance keys: the id of a key is its instance */
	struct strtab subs;	/* per-field values of entry events, for their returns */
	int nregs;		/* registers per instance (the spec's) */
	uint64_t *regs;		/* cap_inst * nregs values as last written */
	uint64_t *seen;		/* cap_inst * nregs values as last seen */
	uint8_t *state;		/* cap_inst * nregs BIND_REG_* flags */
	int cap_inst;
	struct task_map *pairs;	/* one per spec pair */
	uint64_t *ticks;
	uint64_t *maybe;	/* clocks whose sources could not tell, this record */
	uint64_t *decided;	/* clocks whose sources told, this record */
	char sub[32];		/* a numeric per-field value as text */
	bind_step_fn fn;
	void *arg;
	bool oom;		/* the iteration stopped for want of memory */
};

/* grow_registers - room for the registers of instance id, every one unknown; -1 if no memory */
static int grow_registers(struct walk *w, int id)
{
	size_t stride = (size_t)w->nregs, cap, old, add;
	uint64_t *regs, *seen;
	uint8_t *state;

	if (id < w->cap_inst)
		return 0;
	cap = w->cap_inst ? (size_t)w->cap_inst * 2 : 64;
	old = (size_t)w->cap_inst * stride;
	add = cap * stride - old;
	/* + 1: a spec without registers still gets an array */
	regs = realloc(w->regs, (old + add) * sizeof(*regs) + 1);
	if (!regs)
		return -1;
	w->regs = regs;
	seen = realloc(w->seen, (old + add) * sizeof(*seen) + 1);
	if (!seen)
		return -1;
	w->seen = seen;
	state = realloc(w->state, (old + add) * sizeof(*state) + 1);
	if (!state)
		return -1;
	w->state = state;
	memset(regs + old, 0, add * sizeof(*regs));
	memset(seen + old, 0, add * sizeof(*seen));
	memset(state + old, 0, add * sizeof(*state));
	w->cap_inst = (int)cap;
	return 0;
}

/* find_instance - the instance of a key, created on first sight; -1 when out of memory */
static int find_instance(struct walk *w, const char *key, size_t len, bool *created)
{
	int id = strtab_intern(&w->keys, key, len, created);

	if (id < 0 || grow_registers(w, id))
		return -1;
	return id;
}

/* instance_of - the registers of instance id */
static struct instance instance_of(const struct walk *w, int id)
{
	size_t at = (size_t)id * (size_t)w->nregs;

	return (struct instance){ w->regs + at, w->seen + at, w->state + at };
}

/* task_hash - a slot number for a task word (Fibonacci hashing) */
static size_t task_hash(uint64_t key)
{
	return (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 32);
}

/* task_word - the map key of a CPU and task */
static uint64_t task_word(const struct ti_record *rec)
{
	return ((uint64_t)(uint32_t)rec->cpu << 32 | (uint32_t)rec->pid) + 1;
}

/* task_slot - the slot of a key in a task map (found or empty) */
static size_t task_slot(const struct task_map *m, uint64_t key)
{
	size_t h = task_hash(key) & (m->cap - 1);

	while (m->keys[h] && m->keys[h] != key)
		h = (h + 1) & (m->cap - 1);
	return h;
}

/* task_map_free - free a task map's arrays */
static void task_map_free(struct task_map *m)
{
	free(m->keys);
	free(m->inst);
	free(m->sub);
}

/* task_put - remember the instance (and per-field value) of the last entry on a CPU and task */
static int task_put(struct task_map *m, uint64_t key, int inst, int sub)
{
	size_t h;

	if ((m->used + 1) * 2 > m->cap) {
		struct task_map grown = { .cap = m->cap ? m->cap * 2 : 64 };

		grown.keys = calloc(grown.cap, sizeof(*grown.keys));
		grown.inst = calloc(grown.cap, sizeof(*grown.inst));
		grown.sub = calloc(grown.cap, sizeof(*grown.sub));
		if (!grown.keys || !grown.inst || !grown.sub) {
			task_map_free(&grown);
			return -1;
		}
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->keys[i])
				continue;
			h = task_slot(&grown, m->keys[i]);
			grown.keys[h] = m->keys[i];
			grown.inst[h] = m->inst[i];
			grown.sub[h] = m->sub[i];
			grown.used++;
		}
		task_map_free(m);
		*m = grown;
	}
	h = task_slot(m, key);
	if (!m->keys[h])
		m->used++;
	m->keys[h] = key;
	m->inst[h] = inst;
	m->sub[h] = sub;
	return 0;
}

/* task_get - the instance remembered for a CPU and task, or -1; *sub its per-field value */
static int task_get(const struct task_map *m, uint64_t key, int *sub)
{
	size_t h;

	*sub = -1;
	if (!m->cap)
		return -1;
	h = task_slot(m, key);
	if (!m->keys[h])
		return -1;
	*sub = m->sub[h];
	return m->inst[h];
}

/* record_key - the key of a keyed record as text */
static const char *record_key(const struct bnd_event *be, const struct ti_record *rec, char *buf,
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

/* sub_key - the record's value of the per-rule field, as text, or NULL */
static const char *sub_key(struct walk *w, const struct bnd_event *be,
			   const struct ti_record *rec, size_t *len)
{
	const struct ti_value *v;

	if (be->per_field < 0)
		return NULL;
	v = &rec->values[be->per_field];
	if (!v->ok)
		return NULL;
	if (be->ev->fields[be->per_field].type == TI_FIELD_STR) {
		*len = v->len;
		return v->str;
	}
	*len = (size_t)snprintf(w->sub, sizeof(w->sub), "%" PRIu64, v->num);
	return w->sub;
}

/* any_entry - whether pair p takes its entry from any keyed event ("with system:*") */
static bool any_entry(const struct walk *w, int p)
{
	return !strcmp(w->b->spec->pairs[p].with_event, "*");
}

/* entry_sub - the id of an entry record's per-field value for its return, -1 none, -2 no memory */
static int entry_sub(struct walk *w, const struct bnd_event *be, const struct ti_record *rec)
{
	const char *text;
	size_t len;
	int id;

	if (!be->nentry_of || !(text = sub_key(w, be, rec, &len)))
		return -1;
	id = strtab_intern(&w->subs, text, len, NULL);
	return id < 0 ? -2 : id;
}

/*
 * resolve_instance - the instance a record belongs to, -1 if none, -2 out of memory. A
 * return record also takes its entry's per-field value (*sub, an id in w->subs, or -1).
 */
static int resolve_instance(struct walk *w, const struct bnd_event *be, const struct ti_record *rec,
			    bool *created, int *sub)
{
	char buf[32];
	const char *key;
	size_t len;
	int inst = -1;

	*created = false;
	*sub = -1;
	if (w->b->single) {
		inst = w->keys.n ? 0 : find_instance(w, "trace", 5, created);
		return inst < 0 ? -2 : inst;
	}
	if (be->key_field >= 0) {
		int esub = entry_sub(w, be, rec);

		key = record_key(be, rec, buf, sizeof(buf), &len);
		if (esub == -2 || (key && (inst = find_instance(w, key, len, created)) < 0))
			return -2;
		/* the value goes to returns of this very call, not of "any keyed event" */
		for (int i = 0; inst >= 0 && i < be->nentry_of; i++)
			if (task_put(&w->pairs[be->entry_of[i]], task_word(rec), inst,
				     any_entry(w, be->entry_of[i]) ? -1 : esub))
				return -2;
		return inst;
	}
	if (be->return_of >= 0) {
		struct task_map *m = &w->pairs[be->return_of];

		inst = task_get(m, task_word(rec), sub);
		/* A return matches one call: forget it, unless paired with any keyed event. */
		if (inst >= 0 && !any_entry(w, be->return_of))
			(void)task_put(m, task_word(rec), -1, -1);
	}
	return inst;
}

/* operand - the value of a leaf or arithmetic node of a filter */
static struct operand operand(const struct bnd_filter *c, const struct ti_record *rec,
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
		o.known = in->state[c->reg] & BIND_REG_WRITTEN_KNOWN ? T_TRUE : T_UNKNOWN;
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
	case SPEC_F_BITNOT: {
		struct operand l = operand(c->l, rec, in);

		o.known = l.known;
		o.num = ~l.num;
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
static enum tri compare(const struct bnd_filter *c, const struct ti_record *rec,
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
static enum tri eval(const struct bnd_filter *c, const struct ti_record *rec,
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
static bool reg_write_value(const struct bnd_event *be, const struct ti_record *rec, int reg,
			    uint64_t *value)
{
	for (int i = 0; i < be->nregs; i++) {
		const struct bnd_reg_access *a = &be->regs[i];

		if (a->reg != reg || a->is_read || !rec->values[a->field].ok)
			continue;
		*value = rec->values[a->field].num;
		return true;
	}
	return false;
}

/* previous - what rises/clears compare a write with: the value last written or last seen */
static enum tri previous(const struct bnd_source *s, const struct instance *in, uint64_t *ov)
{
	uint8_t need = s->seen ? BIND_REG_SEEN_KNOWN : BIND_REG_WRITTEN_KNOWN;

	*ov = s->seen ? in->seen[s->reg] : in->regs[s->reg];
	return in->state[s->reg] & need ? T_TRUE : T_UNKNOWN;
}

/*
 * source_ticks - whether one source makes its clock tick for this record: true, false,
 * unknown (a register read has no value yet), or -1: the source does not apply to it
 * (a register source on a record that does not write the register)
 */
static int source_ticks(const struct bnd_event *be, const struct bnd_source *s,
			const struct ti_record *rec, const struct instance *in)
{
	enum tri known = T_TRUE;
	uint64_t nv, ov;

	if (s->kind != SPEC_SRC_EVENT) {
		if (!reg_write_value(be, rec, s->reg, &nv))
			return -1;
		switch (s->kind) {
		case SPEC_SRC_RISES:
			/* a write without any of the bits rises nothing, whatever came before */
			if (!(nv & s->value))
				return T_FALSE;
			known = previous(s, in, &ov);
			if (known == T_TRUE && !(nv & ~ov & s->value))
				return T_FALSE;
			break;
		case SPEC_SRC_CLEARS:
			/* a write with all of the bits clears none of them */
			if (!(~nv & s->value))
				return T_FALSE;
			known = previous(s, in, &ov);
			if (known == T_TRUE && !(ov & ~nv & s->value))
				return T_FALSE;
			break;
		default:
			if (nv != s->value)
				return T_FALSE;
			break;
		}
	}
	if (s->filter) {
		enum tri f = eval(s->filter, rec, in);

		if (f == T_FALSE)
			return T_FALSE;
		if (f == T_UNKNOWN)
			known = T_UNKNOWN;
	}
	return known;
}

/* update_registers - after the clocks, the record's writes and reads become the values */
static void update_registers(const struct bnd_event *be, const struct ti_record *rec,
			     struct instance *in)
{
	for (int i = 0; i < be->nregs; i++) {
		const struct bnd_reg_access *a = &be->regs[i];
		uint64_t v = rec->values[a->field].num;

		if (!rec->values[a->field].ok)
			continue;
		in->seen[a->reg] = v;
		in->state[a->reg] |= BIND_REG_SEEN_KNOWN;
		if (a->is_read && (in->state[a->reg] & BIND_REG_WRITE_SEEN))
			continue;
		in->regs[a->reg] = v;
		in->state[a->reg] |= BIND_REG_WRITTEN_KNOWN |
				     (a->is_read ? 0 : BIND_REG_WRITE_SEEN);
	}
}

/* on_record - one wanted record: find its instance, compute ticks, hand the step on */
static int on_record(const struct ti_record *rec, void *arg)
{
	struct walk *w = arg;
	const struct bnd_event *be = rec->event->user;
	struct bind_step step;
	struct instance in;
	bool created, any = false, any_maybe = false;
	int inst, esub;

	if (!be)
		return 0;
	inst = resolve_instance(w, be, rec, &created, &esub);
	if (inst == -2) {
		w->oom = true;
		return 1;
	}
	if (inst < 0)
		return 0;
	in = instance_of(w, inst);
	memset(w->ticks, 0, (size_t)w->b->words * sizeof(uint64_t));
	memset(w->maybe, 0, (size_t)w->b->words * sizeof(uint64_t));
	memset(w->decided, 0, (size_t)w->b->words * sizeof(uint64_t));
	for (int i = 0; i < be->nsources; i++) {
		const struct bnd_source *s = &be->sources[i];
		int t;

		if (bit_test(w->ticks, s->clock))
			continue;
		t = source_ticks(be, s, rec, &in);
		if (t == T_TRUE) {
			bit_set(w->ticks, s->clock);
			any = true;
		} else if (t == T_UNKNOWN) {
			bit_set(w->maybe, s->clock);
			any_maybe = true;
		} else if (t == T_FALSE) {
			bit_set(w->decided, s->clock);
		}
	}
	if (any_maybe)
		for (int i = 0; i < w->b->words; i++) {
			w->maybe[i] &= ~w->ticks[i];
			w->decided[i] &= ~w->maybe[i];
		}
	for (int i = 0; i < w->b->words; i++)
		w->decided[i] |= w->ticks[i];
	update_registers(be, rec, &in);
	step = (struct bind_step){ .instance = inst, .key = strtab_str(&w->keys, inst),
				   .first = created, .rec = rec, .ticks = w->ticks, .ticking = any,
				   .maybe = w->maybe, .any_maybe = any_maybe, .decided = w->decided,
				   .feeds = be->feeds, .seen = in.seen, .reg_state = in.state };
	step.sub = sub_key(w, be, rec, &step.sub_len);
	if (!step.sub && esub >= 0) {
		step.sub = strtab_str(&w->subs, esub);
		step.sub_len = strtab_len(&w->subs, esub);
	}
	return w->fn(&step, w->arg);
}

/* walk_free - free the state of one run */
static void walk_free(struct walk *w)
{
	for (int p = 0; w->pairs && p < w->b->spec->npairs; p++)
		task_map_free(&w->pairs[p]);
	strtab_free(&w->keys);
	strtab_free(&w->subs);
	free(w->regs);
	free(w->seen);
	free(w->state);
	free(w->pairs);
	free(w->ticks);
	free(w->maybe);
	free(w->decided);
}

/* bind_run - read the trace and call fn for every record that belongs to an instance */
int bind_run(struct bind *b, bind_step_fn fn, void *arg, char err[TI_ERR_LEN])
{
	struct walk w = { .b = b, .nregs = b->spec->nregs, .fn = fn, .arg = arg };
	int ret = -1;

	w.pairs = calloc((size_t)b->spec->npairs + 1, sizeof(*w.pairs));
	w.ticks = calloc((size_t)b->words, sizeof(uint64_t));
	w.maybe = calloc((size_t)b->words, sizeof(uint64_t));
	w.decided = calloc((size_t)b->words, sizeof(uint64_t));
	if (w.pairs && w.ticks && w.maybe && w.decided)
		ret = ti_iterate(b->trace, on_record, &w, err);
	else
		w.oom = true;
	if (w.oom || ret == TI_NOMEM)
		ret = BIND_NOMEM;
	walk_free(&w);
	return ret;
}
