// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * checker_run.c - check one trace: bindings -> steps -> monitors -> findings
 *
 * One monitor per instance, created when the instance is first seen. Rules
 * checked per value of a field (spec_rule.per: a device's queues) get one
 * monitor per value, cloned when the value is first seen from a template
 * monitor that takes the instance's steps without the field; the instance's
 * own monitor answers for the other rules. A step whose bindings could not
 * decide a clock (a register without a value yet) is taken by the engine
 * with the clock as a maybe: the rules it would have broken are counted as
 * undecided, and reported as not (fully) checked. The records are kept as the trace gave them (struct raw: numbers and string
 * bytes, nothing formatted) in a small ring per instance, and formatted only
 * when a report shows them: before and after a violation, or in --timeline.
 * An instance without violations costs its monitor, its ring and its
 * findings; a record no report shows is never formatted.
 *
 * Why about 1,500 lines in one file: a run's state (struct run, struct inst_state,
 * struct group) is private to it, and every part (stepping, the per-field monitors, maybe
 * steps, merged steps, the end-of-trace judgement of pending, undecided and unchecked
 * rules) reads that state; a split would first have to publish it in an internal header.
 *
 * Running out of memory stops the run (CHECKER_NOMEM): the findings are then
 * incomplete, and no report may be made of them. Called by jobs.c
 * (checker.h: checker_run); calls the bindings (bind.h), the engine
 * (engine.h) and the trace input (trace_input.h) for names and statistics.
 */
#include <errno.h>
#include <inttypes.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "bitset.h"
#include "checker.h"
#include "checker_impl.h"
#include "engine.h"
#include "strtab.h"
#include "trace_input.h"

/* Progress is shown for traces above this size unless asked for. */
#define PROGRESS_MIN_SIZE (4u << 20)

/*
 * A record as the trace gave it, kept until a report needs it formatted: this
 * header, then for each field a report shows (shown_field) its ok byte, then
 * a number's value, or a string's length and bytes; padded to a multiple of 8.
 */
struct raw {
	uint64_t ts;
	uint64_t seq;
	const struct ti_event *ev;
	const char *comm;	/* the task's name, interned in run->comms */
	int32_t cpu;
	int32_t pid;
	uint32_t size;		/* bytes of the whole record */
};

/* Raw records back to back, oldest first; the capacity is the block's usable size. */
struct raws {
	unsigned char *buf;
	size_t len;
	int n;
};

/* The monitor of one value of the per-rule field (a queue) in an instance. */
struct sub_mon {
	const char *key;		/* in inst_state.sub_keys */
	struct ccsl_monitor *mon;
};

struct inst_state {
	struct ccsl_monitor *mon;	/* the rules not checked per value of a field */
	struct ccsl_monitor *tmpl;	/* per rules: the steps without the field (or NULL) */
	struct sub_mon *subs;		/* per rules: one per value seen, by its id in sub_keys */
	int nsubs, cap_subs;
	struct strtab sub_keys;		/* the values seen (a hashed index: any number of them) */
	struct raws ring;	/* the last records, at most opts->context */
	bool cycle_seen;	/* a record fed a restart clock: partial history is decided */
	uint64_t *undecided;	/* per rule: steps it could not decide, or NULL: none yet */
	uint64_t *decided;	/* bound clocks of the uncertain kind decided at some step */
};

/* Which of an instance's monitors a step is being taken by (for on_violation). */
enum stepping {
	STEP_MAIN,		/* the instance's: rules without per */
	STEP_TMPL,		/* the template: nothing reported */
	STEP_SUB,		/* a value's: per rules */
};

/* What bind says of a step besides its ticks: maybe, decided, the field value, feeds. */
struct step_info {
	const uint64_t *maybe;	/* bind words, or NULL */
	const uint64_t *decided;
	const uint64_t *feeds;
	const char *sub;	/* the per-rule field's value, NUL-terminated, or NULL */
	bool any_maybe;
};

/* merge_equal_ts: the step an instance is gathering */
struct group {
	struct raws recs;	/* its records so far, of one timestamp */
	bool ticking;		/* one of them ticks */
	bool any_maybe;
	bool sub_mixed;		/* records of several values of the per field */
	char *sub;		/* the per-rule field's value of its records, or NULL */
};

struct run {
	struct checker *c;
	const struct check_options *opts;
	const struct fnd_report *report;
	const char *path;
	bool progress_shown;
	struct ti_trace *trace;
	struct bind *bind;
	struct fnd_trace *ft;
	struct inst_state *st;
	int cap;
	struct group *groups;	/* merge_equal_ts: one per instance */
	uint64_t *gticks;	/* merge_equal_ts: 4 * words per instance: ticks, maybe, decided,
				 * feeds of its group */
	uint64_t *ticks;	/* the step's tick set (the model's words) */
	uint64_t *maybe;	/* the step's maybe clocks (the model's words) */
	uint64_t *undecided;	/* a relation set the engine fills */
	int words, rwords;	/* words of a tick set, of a relation set */
	enum stepping stepping;	/* the monitor being stepped */
	const char *sub;	/* its field value (STEP_SUB) */
	uint64_t step_index;	/* the instance's step being taken */
	struct strtab comms;	/* the task names of the records */
	struct ti_value *values; /* a raw record decoded */
	int nvalues;		/* room in values */
	struct raws one;	/* without merge_equal_ts: the record of the step */
	int inst;		/* the instance whose step is being checked */
	const struct raw *cur_raw; /* its record */
	struct fnd_record cur;	/* the record formatted, once something needs it */
	bool cur_ready;
	bool oom;
	struct checker_samples *samples; /* opts->samples: what timing diagrams draw */
};

/* shown_field - whether reports show a field: readable, and not the kprobe's own __probe_* */
static bool shown_field(const struct ti_field *f)
{
	return f->type != TI_FIELD_OTHER && strncmp(f->name, "__probe_", 8);
}

/* raw_size - the bytes of a record kept as a raw one */
static size_t raw_size(const struct ti_record *rec)
{
	const struct ti_event *ev = rec->event;
	size_t n = sizeof(struct raw);

	for (int i = 0; i < ev->nfields; i++) {
		if (!shown_field(&ev->fields[i]))
			continue;
		if (ev->fields[i].type == TI_FIELD_STR)
			n += 1 + sizeof(uint32_t) + rec->values[i].len;
		else
			n += 1 + sizeof(uint64_t);
	}
	return (n + 7) & ~(size_t)7;
}

/* raw_at - the raw record at a byte offset */
static const struct raw *raw_at(const struct raws *b, size_t off)
{
	return (const struct raw *)(b->buf + off);
}

/*
 * raws_room - room for len more bytes; -1 when out of memory. No more: a ring
 * stays about the size of its records (their sizes vary little), and there is
 * one per instance.
 */
static int raws_room(struct raws *b, size_t len)
{
	size_t need = b->len + len;
	unsigned char *p;

	if (b->buf && malloc_usable_size(b->buf) >= need)
		return 0;
	p = realloc(b->buf, need);
	if (!p)
		return -1;
	b->buf = p;
	return 0;
}

/* raws_add - append a copy of a raw record; -1 when out of memory */
static int raws_add(struct raws *b, const struct raw *r)
{
	if (raws_room(b, r->size))
		return -1;
	memcpy(b->buf + b->len, r, r->size);
	b->len += r->size;
	b->n++;
	return 0;
}

/* raws_drop_first - forget the oldest record */
static void raws_drop_first(struct raws *b)
{
	size_t size = raw_at(b, 0)->size;

	memmove(b->buf, b->buf + size, b->len - size);
	b->len -= size;
	b->n--;
}

/* put - copy len bytes to *at and move past them */
static void put(unsigned char **at, const void *p, size_t len)
{
	if (len)
		memcpy(*at, p, len);
	*at += len;
}

/* encode - append a record to b as a raw one, its task name interned; -1 when out of memory */
static int encode(struct run *run, const struct ti_record *rec, struct raws *b)
{
	const struct ti_event *ev = rec->event;
	const char *comm = ti_comm(run->trace, rec->pid);
	int id = comm ? strtab_intern(&run->comms, comm, strlen(comm), NULL) : -1;
	size_t size = raw_size(rec);
	struct raw h = { rec->ts, rec->seq, ev, NULL, rec->cpu, rec->pid, (uint32_t)size };
	unsigned char *at;

	if (id < 0 || size > UINT32_MAX || raws_room(b, size))
		return -1;
	h.comm = strtab_str(&run->comms, id);
	at = b->buf + b->len;
	put(&at, &h, sizeof(h));
	for (int i = 0; i < ev->nfields; i++) {
		const struct ti_value *v = &rec->values[i];

		if (!shown_field(&ev->fields[i]))
			continue;
		*at++ = v->ok;
		if (ev->fields[i].type != TI_FIELD_STR) {
			put(&at, &v->num, sizeof(v->num));
			continue;
		}
		put(&at, &v->len, sizeof(v->len));
		put(&at, v->str, v->len);
	}
	b->len += size;
	b->n++;
	return 0;
}

/* take - copy len bytes from *at and move past them */
static void take(const unsigned char **at, void *p, size_t len)
{
	memcpy(p, *at, len);
	*at += len;
}

/* decode - a raw record as a trace record again, its values in run->values */
static struct ti_record decode(struct run *run, const struct raw *r)
{
	const struct ti_event *ev = r->ev;
	const unsigned char *at = (const unsigned char *)(r + 1);
	struct ti_record rec = { .ts = r->ts, .seq = r->seq, .cpu = r->cpu, .pid = r->pid,
				 .event = ev, .values = run->values };

	for (int i = 0; i < ev->nfields; i++) {
		struct ti_value *v = &run->values[i];

		memset(v, 0, sizeof(*v));
		if (!shown_field(&ev->fields[i]))
			continue;
		v->ok = *at++;
		if (ev->fields[i].type != TI_FIELD_STR) {
			take(&at, &v->num, sizeof(v->num));
			continue;
		}
		take(&at, &v->len, sizeof(v->len));
		v->str = (const char *)at;
		at += v->len;
	}
	return rec;
}

/* field_register - the register a field of an event writes or reads, or NULL */
static const struct spec_register *field_register(const struct spec *spec,
						  const struct ti_event *ev, const char *field)
{
	const struct spec_register *found = NULL;

	for (int r = 0; r < spec->nregs; r++)
		for (int i = 0; i < spec->regs[r].nsources; i++) {
			const struct spec_reg_source *s = &spec->regs[r].sources[i];

			/* report text names no system: its events match any */
			if (strcmp(s->field, field) || strcmp(s->event, ev->name) ||
			    (*ev->system && strcmp(s->system, ev->system)))
				continue;
			/* Prefer a register that can name the value's bits. */
			if (!found || (!found->nbits && spec->regs[r].nbits))
				found = &spec->regs[r];
		}
	return found;
}

/* value_name - the name a spec gives to a value of a field, or NULL */
static const char *value_name(const struct spec *spec, const char *field, uint64_t value)
{
	for (int i = 0; i < spec->nvalue_names; i++)
		if (spec->value_names[i].value == value &&
		    !strcmp(spec->value_names[i].field, field))
			return spec->value_names[i].text;
	return NULL;
}

/* format_value - a field's value as reports print it */
static char *format_value(const struct ti_field *f, const struct ti_value *v, bool reg)
{
	char *s = NULL;
	int n;

	if (!v->ok)
		return strdup("<out of bounds>");
	if (f->type == TI_FIELD_STR)
		n = asprintf(&s, "%.*s", (int)v->len, v->str);
	else if (reg)
		n = asprintf(&s, "0x%02" PRIx64, v->num);
	else if (f->is_signed && (int64_t)v->num < 0)
		n = asprintf(&s, "%" PRId64, (int64_t)v->num);
	else if (v->num >= 0x10000)
		n = asprintf(&s, "0x%" PRIx64, v->num);
	else
		n = asprintf(&s, "%" PRIu64, v->num);
	return n < 0 ? NULL : s;
}

/*
 * format_decoded - what a number means: the spec's name for the value, or the
 * names of its register's bits; *out NULL if neither (or a string). -1 when out of memory.
 */
static int format_decoded(const struct spec *spec, const struct ti_field *f,
			  const struct ti_value *v, const struct spec_register *reg, char **out)
{
	const char *name;
	char bits[512];

	*out = NULL;
	if (f->type == TI_FIELD_STR || !v->ok)
		return 0;
	name = value_name(spec, f->name, v->num);
	if (!name) {
		checker_decode_bits(reg, v->num, bits, sizeof(bits));
		name = *bits ? bits : NULL;
	}
	if (name && !(*out = strdup(name)))
		return -1;
	return 0;
}

/* format_field - field i of a record as reports show it; -1 when out of memory */
static int format_field(const struct spec *spec, const struct ti_event *ev, int i,
			const struct ti_value *v, struct fnd_field *ff)
{
	const struct ti_field *f = &ev->fields[i];
	const struct spec_register *reg = field_register(spec, ev, f->name);

	ff->name = strdup(f->name);
	ff->value = format_value(f, v, reg);
	ff->is_str = f->type == TI_FIELD_STR;
	ff->num = v->num;
	if (!ff->name || !ff->value || format_decoded(spec, f, v, reg, &ff->decoded))
		return -1;
	return 0;
}

/* format_record - a trace record with the fields reports show; -1 when out of memory */
static int format_record(const struct spec *spec, const struct ti_record *rec, const char *comm,
			 struct fnd_record *out)
{
	const struct ti_event *ev = rec->event;

	memset(out, 0, sizeof(*out));
	out->ts = rec->ts;
	out->seq = rec->seq;
	out->cpu = rec->cpu;
	out->pid = rec->pid;
	out->comm = strdup(comm);
	out->event = checker_event_name(ev);
	out->fields = calloc((size_t)ev->nfields + 1, sizeof(*out->fields));
	if (!out->comm || !out->event || !out->fields)
		return -1;
	for (int i = 0; i < ev->nfields; i++)
		if (shown_field(&ev->fields[i]) &&
		    format_field(spec, ev, i, &rec->values[i], &out->fields[out->nfields++]))
			return -1;
	return 0;
}

/* values_room - room to decode n values; -1 when out of memory */
static int values_room(struct run *run, int n)
{
	struct ti_value *v;

	if (n < run->nvalues)
		return 0;
	v = realloc(run->values, ((size_t)n + 1) * sizeof(*v));
	if (!v)
		return -1;
	run->values = v;
	run->nvalues = n + 1;
	return 0;
}

/* format_raw - a kept record, formatted; -1 when out of memory (out is freed then) */
static int format_raw(struct run *run, const struct raw *r, struct fnd_record *out)
{
	struct ti_record rec;

	memset(out, 0, sizeof(*out));
	if (values_room(run, r->ev->nfields))
		return -1;
	rec = decode(run, r);
	if (!format_record(run->c->spec, &rec, r->comm, out))
		return 0;
	fnd_record_free(out);
	memset(out, 0, sizeof(*out));
	return -1;
}

/* cur_record - the record of the step being checked, formatted on first need; NULL if no memory */
static const struct fnd_record *cur_record(struct run *run)
{
	if (!run->cur_ready && format_raw(run, run->cur_raw, &run->cur))
		return NULL;
	run->cur_ready = true;
	return &run->cur;
}

/* cur_drop - done with the step's record */
static void cur_drop(struct run *run)
{
	fnd_record_free(&run->cur);
	memset(&run->cur, 0, sizeof(run->cur));
	run->cur_ready = false;
}

/* label_part - what a label field of a record says: its decoded value, else its value */
static char *label_part(const struct spec *spec, const struct ti_record *rec, int i)
{
	const struct ti_event *ev = rec->event;
	const struct spec_register *reg = field_register(spec, ev, ev->fields[i].name);
	char *value = format_value(&ev->fields[i], &rec->values[i], reg), *decoded;

	if (!value || format_decoded(spec, &ev->fields[i], &rec->values[i], reg, &decoded)) {
		free(value);
		return NULL;
	}
	if (!decoded)
		return value;
	free(value);
	return decoded;
}

/* update_label - the instance's label from the last values of the spec's label fields */
static int update_label(struct run *run, struct fnd_instance *in, const struct ti_record *rec)
{
	const struct spec *spec = run->c->spec;
	bool changed = false;
	char buf[256];
	size_t len = 0;

	for (int l = 0; l < spec->nlabels; l++) {
		int i = ti_find_field(rec->event, spec->labels[l]);
		char *part;

		if (i < 0 || !shown_field(&rec->event->fields[i]))
			continue;
		part = label_part(spec, rec, i);
		if (!part)
			return -1;
		if (in->label_parts[l] && !strcmp(in->label_parts[l], part)) {
			free(part);
			continue;
		}
		free(in->label_parts[l]);
		in->label_parts[l] = part;
		changed = true;
	}
	if (!changed)
		return 0;
	buf[0] = '\0';
	for (int l = 0; l < spec->nlabels && len < sizeof(buf); l++)
		if (in->label_parts[l] && *in->label_parts[l])
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
						len ? ", " : "", in->label_parts[l]);
	free(in->label);
	in->label = len ? strdup(buf) : NULL;
	return len && !in->label ? -1 : 0;
}

/* copy_record - a deep copy of a formatted record; -1 when out of memory */
static int copy_record(struct fnd_record *dst, const struct fnd_record *src)
{
	*dst = *src;
	dst->nfields = 0;	/* the fields copied so far: what a free must see */
	dst->comm = strdup(src->comm);
	dst->event = strdup(src->event);
	dst->fields = calloc((size_t)src->nfields + 1, sizeof(*dst->fields));
	if (!dst->comm || !dst->event || !dst->fields)
		return -1;
	for (int i = 0; i < src->nfields; i++) {
		const struct fnd_field *f = &src->fields[i];
		struct fnd_field *d = &dst->fields[dst->nfields++];

		*d = *f;
		d->name = strdup(f->name);
		d->value = strdup(f->value);
		d->decoded = f->decoded ? strdup(f->decoded) : NULL;
		if (!d->name || !d->value || (f->decoded && !d->decoded))
			return -1;
	}
	return 0;
}

/* append - grow an array by one zeroed element; returns it or NULL */
static void *append(void *arrayp, int *n, size_t size)
{
	void **array = arrayp;
	size_t len = (size_t)*n;
	char *a = *array;

	/*
	 * room for one more, else double: a timeline of a million records must not be
	 * copied a million times (realloc always copies under ASan, often without it)
	 */
	if (!a || malloc_usable_size(a) < (len + 1) * size) {
		a = realloc(a, (len ? 2 * len : 4) * size);
		if (!a)
			return NULL;
		*array = a;
	}
	memset(a + len * size, 0, size);
	(*n)++;
	return a + len * size;
}

/* gticks_of - the ticks gathered for instance i's group (merge_equal_ts), then its maybe,
 * decided and feeds sets, a tick set each */
static uint64_t *gticks_of(const struct run *run, int i)
{
	return run->gticks + (size_t)i * 4 * (size_t)run->words;
}

/* grow_states - room for the state of instance n; -1 when out of memory */
static int grow_states(struct run *run, int n)
{
	int cap = run->cap ? run->cap * 2 : 8;
	struct inst_state *st;
	struct group *gr;
	uint64_t *g;

	if (n < run->cap)
		return 0;
	st = realloc(run->st, (size_t)cap * sizeof(*st));
	if (!st)
		return -1;
	run->st = st;
	if (run->opts->merge_equal_ts) {
		gr = realloc(run->groups, (size_t)cap * sizeof(*gr));
		if (!gr)
			return -1;
		run->groups = gr;
		g = realloc(run->gticks, (size_t)cap * 4 * (size_t)run->words * sizeof(*g));
		if (!g)
			return -1;
		run->gticks = g;
	}
	run->cap = cap;
	return 0;
}

/* new_instance - findings and a monitor for an instance seen for the first time */
static int new_instance(struct run *run, const struct bind_step *step)
{
	struct fnd_trace *ft = run->ft;
	struct fnd_instance *in;
	struct inst_state *st;
	int n = ft->ninstances;

	if (grow_states(run, n))
		return -1;
	in = append(&ft->instances, &ft->ninstances, sizeof(*in));
	if (!in)
		return -1;
	st = &run->st[n];
	memset(st, 0, sizeof(*st));
	if (run->groups) {
		memset(&run->groups[n], 0, sizeof(run->groups[n]));
		memset(gticks_of(run, n), 0, 4 * (size_t)run->words * sizeof(uint64_t));
	}
	in->key = strdup(step->key);
	in->label_parts = calloc((size_t)run->c->spec->nlabels + 1, sizeof(char *));
	in->nlabel_parts = run->c->spec->nlabels;
	st->mon = ccsl_monitor_new(run->c->model, run->c->spec->history_partial);
	st->decided = calloc((size_t)run->words, sizeof(uint64_t));
	if (!in->key || !in->label_parts || !st->mon || !st->decided)
		return -1;
	return 0;
}

/* context_copy - the instance's last records, oldest first, formatted */
static int context_copy(struct run *run, const struct inst_state *st, struct fnd_violation *v)
{
	size_t off = 0;

	v->context = calloc((size_t)st->ring.n + 1, sizeof(*v->context));
	if (!v->context)
		return -1;
	for (int i = 0; i < st->ring.n; i++) {
		const struct raw *r = raw_at(&st->ring, off);

		off += r->size;
		if (format_raw(run, r, &v->context[v->ncontext]))
			return -1;
		v->ncontext++;
	}
	return 0;
}

/*
 * count_rule - count a violation; the first one of a rule counts as an error or warning.
 * The counts are allocated at the instance's first violation (most have none); -1 when
 * out of memory.
 */
static int count_rule(const struct run *run, struct fnd_instance *in, int rule)
{
	if (!in->counts &&
	    !(in->counts = calloc((size_t)run->c->spec->nrules + 1, sizeof(*in->counts))))
		return -1;
	if (in->counts[rule]++)
		return 0;
	if (run->c->spec->rules[rule].severity == SPEC_SEV_WARNING)
		in->warnings++;
	else
		in->errors++;
	return 0;
}

/* tell - a violation to the caller's hook, as it is found */
static void tell(const struct run *run, const struct fnd_instance *in,
		 const struct fnd_violation *v)
{
	if (run->opts->on_violation)
		run->opts->on_violation(run->report, in, v, run->opts->violation_arg);
}

/* tell_unlisted - a violation counted but not listed, to the caller's hook */
static void tell_unlisted(const struct run *run, const struct fnd_instance *in,
			  const struct ccsl_violation *v)
{
	char why[CCSL_WHY_LEN];
	struct fnd_violation fv = { .rule = v->relation, .step = run->step_index,
				    .nth = in->counts[v->relation], .why = why, .rec = run->cur,
				    .sub = run->stepping == STEP_SUB ? (char *)run->sub : NULL };

	if (!run->opts->on_violation)
		return;
	ccsl_violation_explain(v, why, sizeof(why));
	tell(run, in, &fv);
}

/* answers_for - whether the monitor being stepped answers for a rule */
static bool answers_for(const struct run *run, int rule)
{
	bool per = run->c->spec->rules[rule].per != NULL;

	return run->stepping == STEP_MAIN ? !per : run->stepping == STEP_SUB && per;
}

/* on_violation - the engine found a rule broken at this step */
static void on_violation(const struct ccsl_violation *v, void *arg)
{
	struct run *run = arg;
	int i = run->inst;
	struct fnd_instance *in = &run->ft->instances[i];
	const struct fnd_record *rec;
	struct fnd_violation *fv;
	char why[CCSL_WHY_LEN];

	if (!answers_for(run, v->relation))
		return;
	if (count_rule(run, in, v->relation)) {
		run->oom = true;
		return;
	}
	if (run->samples && checker_sample_violation(run->samples, i, v->relation,
						     run->stepping == STEP_SUB ? run->sub : NULL,
						     run->cur_raw->ts, run->step_index)) {
		run->oom = true;
		return;
	}
	if (in->counts[v->relation] > (uint64_t)run->opts->max_listed) {
		tell_unlisted(run, in, v);
		return;
	}
	ccsl_violation_explain(v, why, sizeof(why));
	rec = cur_record(run);
	fv = rec ? append(&in->violations, &in->nviolations, sizeof(*fv)) : NULL;
	if (!fv || !(fv->why = strdup(why)) || copy_record(&fv->rec, rec) ||
	    context_copy(run, &run->st[i], fv)) {
		run->oom = true;
		return;
	}
	fv->rule = v->relation;
	fv->step = run->step_index;
	fv->nth = in->counts[v->relation];
	if (run->stepping == STEP_SUB && !(fv->sub = strdup(run->sub))) {
		run->oom = true;
		return;
	}
	tell(run, in, fv);
}

/*
 * follow_up - give the latest violations of the instance the records after them.
 * Older violations fill first, so the walk back stops at the first full one.
 */
static int follow_up(struct run *run, struct fnd_instance *in, int before)
{
	for (int v = before - 1; v >= 0; v--) {
		struct fnd_violation *fv = &in->violations[v];
		const struct fnd_record *rec;
		struct fnd_record *r;

		if (fv->nafter >= run->opts->context)
			break;
		rec = cur_record(run);
		r = rec ? append(&fv->after, &fv->nafter, sizeof(*r)) : NULL;
		if (!r || copy_record(r, rec))
			return -1;
	}
	return 0;
}

/* remember - the step's record after its step: after-context, timeline, the instance's ring */
static int remember(struct run *run, int i, int before)
{
	struct inst_state *st = &run->st[i];
	struct fnd_instance *in = &run->ft->instances[i];
	int ctx = run->opts->context;

	if (follow_up(run, in, before))
		return -1;
	if (run->opts->timeline) {
		struct fnd_record *r = cur_record(run) ?
					       append(&in->timeline, &in->ntimeline, sizeof(*r)) :
					       NULL;

		if (!r)
			return -1;
		/* the timeline takes the formatted record */
		*r = run->cur;
		memset(&run->cur, 0, sizeof(run->cur));
	}
	cur_drop(run);
	if (!ctx)
		return 0;
	if (st->ring.n == ctx)
		raws_drop_first(&st->ring);
	return raws_add(&st->ring, run->cur_raw);
}

/* meets - whether two tick sets of the model's words share a clock */
static bool meets(const struct run *run, const uint64_t *a, const uint64_t *b)
{
	for (int w = 0; w < run->words; w++)
		if (a[w] & b[w])
			return true;
	return false;
}

/*
 * decide_partial - with history partial, an instance is partly observed unless the
 * first of its records that speaks of a restart clock (its event, or a register the
 * clock is over: the status register of a reset) makes one tick: a recording that
 * starts with a status read, or with notifications only, starts in the middle
 */
static void decide_partial(struct run *run, int i, const uint64_t *feeds)
{
	struct inst_state *st = &run->st[i];

	if (st->cycle_seen || !feeds || !meets(run, feeds, run->c->restart_mask))
		return;
	st->cycle_seen = true;
	run->ft->instances[i].partial = run->c->spec->history_partial &&
					!meets(run, run->ticks, run->c->restart_mask);
}

/* count_undecided - the rules the monitor just stepped answers for and could not decide */
static int count_undecided(struct run *run, struct inst_state *st)
{
	int nrules = run->c->spec->nrules;

	for (int r = 0; r < nrules; r++) {
		if (!bit_test(run->undecided, r) || !answers_for(run, r))
			continue;
		if (!st->undecided && !(st->undecided = calloc((size_t)nrules, sizeof(uint64_t))))
			return -1;
		st->undecided[r]++;
	}
	return 0;
}

/* step_mon - one monitor takes the step; -1 when out of memory */
static int step_mon(struct run *run, struct inst_state *st, struct ccsl_monitor *mon,
		    enum stepping how, const char *sub, bool any_maybe)
{
	run->stepping = how;
	run->sub = sub;
	if (!any_maybe) {
		ccsl_monitor_step(mon, run->ticks, on_violation, run);
		return run->oom ? -1 : 0;
	}
	memset(run->undecided, 0, (size_t)run->rwords * sizeof(uint64_t));
	if (ccsl_monitor_step_maybe(mon, run->ticks, run->maybe, on_violation, run,
				    run->undecided) < 0)
		return -1;
	return run->oom || count_undecided(run, st) ? -1 : 0;
}

/* find_sub - the monitor of a value of the per field, cloned from the template if new */
static struct ccsl_monitor *find_sub(struct inst_state *st, const char *key)
{
	int id = strtab_intern(&st->sub_keys, key, strlen(key), NULL);
	struct sub_mon *s;

	if (id < 0)
		return NULL;
	if (id < st->nsubs)
		return st->subs[id].mon;
	if (st->nsubs == st->cap_subs) {
		int cap = st->cap_subs ? 2 * st->cap_subs : 4;

		s = realloc(st->subs, (size_t)cap * sizeof(*s));
		if (!s)
			return NULL;
		st->subs = s;
		st->cap_subs = cap;
	}
	s = &st->subs[st->nsubs];
	s->key = strtab_str(&st->sub_keys, id);
	s->mon = ccsl_monitor_clone(st->tmpl);
	if (!s->mon)
		return NULL;
	st->nsubs++;
	return s->mon;
}

/* per_relevant - whether the step makes a clock tick (or maybe tick) that a per rule reads */
static bool per_relevant(const struct run *run, const struct step_info *si)
{
	const uint64_t *mask = run->c->per_clocks;

	for (int w = 0; w < run->words; w++)
		if ((run->ticks[w] | (si->any_maybe ? si->maybe[w] : 0)) & mask[w])
			return true;
	return false;
}

/*
 * step_per - the per rules' monitors that take this step. A step that makes none of
 * their clocks tick leaves their state as it is: it is not taken (and creates no
 * monitor). The template (the state the per rules have from the steps without the field)
 * is the instance's own monitor cloned when the first value needs it: until then the
 * instance's monitor has taken exactly those steps, as far as the per rules can tell.
 */
static int step_per(struct run *run, struct inst_state *st, const struct step_info *si)
{
	struct ccsl_monitor *m;

	if (!per_relevant(run, si))
		return 0;
	if (!st->tmpl && si->sub && !(st->tmpl = ccsl_monitor_clone(st->mon)))
		return -1;
	if (!st->tmpl)
		return 0;
	if (si->sub)
		return (m = find_sub(st, si->sub)) ? step_mon(run, st, m, STEP_SUB, si->sub,
							      si->any_maybe) : -1;
	if (step_mon(run, st, st->tmpl, STEP_TMPL, NULL, si->any_maybe))
		return -1;
	for (int k = 0; k < st->nsubs; k++)
		if (step_mon(run, st, st->subs[k].mon, STEP_SUB, st->subs[k].key, si->any_maybe))
			return -1;
	return 0;
}

/*
 * step_monitors - every monitor of the instance that takes this step: the per rules'
 * (step_per), then the instance's own, so that ticks ends with its derived clocks
 */
static int step_monitors(struct run *run, int i, const struct step_info *si)
{
	struct inst_state *st = &run->st[i];

	run->step_index = ccsl_monitor_steps(st->mon);
	if (run->c->has_per && step_per(run, st, si))
		return -1;
	return step_mon(run, st, st->mon, STEP_MAIN, NULL, si->any_maybe);
}

/* record_ticks - keep the clocks that ticked at this step, for timing diagrams */
static int record_ticks(struct run *run, struct fnd_instance *in, uint64_t ts)
{
	int n = ccsl_model_nclocks(run->c->model), k = 0;
	struct fnd_tick *t;

	for (int c = 0; c < n; c++)
		k += bit_test(run->ticks, c);
	if (!k)
		return 0;
	t = append(&in->ticks, &in->nticks, sizeof(*t));
	if (!t || !(t->clocks = calloc((size_t)k, sizeof(int))))
		return -1;
	t->ts = ts;
	t->step = ccsl_monitor_steps(run->st[run->inst].mon) - 1;
	for (int c = 0; c < n; c++)
		if (bit_test(run->ticks, c))
			t->clocks[t->nclocks++] = c;
	return 0;
}

/*
 * sample_windows - after a step of instance i (opts->samples): the windows of the rules of
 * its own monitor and of each value's, for timing diagrams
 */
static int sample_windows(struct run *run, int i)
{
	const struct inst_state *st = &run->st[i];
	uint64_t ts = run->cur_raw->ts;

	if (!run->samples)
		return 0;
	if (checker_sample_windows(run->samples, i, st->mon, NULL, ts, run->step_index))
		return -1;
	for (int k = 0; k < st->nsubs; k++)
		if (checker_sample_windows(run->samples, i, st->subs[k].mon, st->subs[k].key, ts,
					   run->step_index))
			return -1;
	return 0;
}

/*
 * run_step - one step of instance i: its records (one, or with merge_equal_ts those
 * of one timestamp), their ticks in run->ticks. A violation is pinned on the last
 * record; the others go to the context first, as they came before it.
 */
static int run_step(struct run *run, int i, const struct raws *recs, const struct step_info *si)
{
	struct inst_state *st = &run->st[i];
	struct fnd_instance *in = &run->ft->instances[i];
	size_t off = 0;
	int before;

	for (int k = 0; k < recs->n - 1; k++) {
		run->cur_raw = raw_at(recs, off);
		off += run->cur_raw->size;
		if (remember(run, i, in->nviolations))
			return -1;
	}
	run->cur_raw = raw_at(recs, off);
	before = in->nviolations;
	run->inst = i;
	memset(run->maybe, 0, (size_t)run->words * sizeof(uint64_t));
	if (si->any_maybe)
		memcpy(run->maybe, si->maybe, (size_t)bind_words(run->bind) * sizeof(uint64_t));
	for (int w = 0; si->decided && w < bind_words(run->bind); w++)
		st->decided[w] |= si->decided[w] & run->c->uncertain[w];
	decide_partial(run, i, si->feeds);
	if (step_monitors(run, i, si) ||
	    (run->opts->ticks && record_ticks(run, in, run->cur_raw->ts)) ||
	    sample_windows(run, i))
		return -1;
	return remember(run, i, before);
}

/* run_group - the step of the records gathered for instance i (merge_equal_ts) */
static int run_group(struct run *run, int i)
{
	struct group *gr = &run->groups[i];
	uint64_t *g = gticks_of(run, i);
	size_t n = (size_t)run->words;
	struct step_info si = { .maybe = g + n, .decided = g + 2 * n, .feeds = g + 3 * n,
				.any_maybe = gr->any_maybe,
				.sub = gr->sub_mixed ? NULL : gr->sub };
	int ret;

	/* the group's maybe clocks are those none of its records made tick */
	for (size_t w = 0; w < n; w++)
		g[n + w] &= ~g[w];
	memcpy(run->ticks, g, n * sizeof(uint64_t));
	ret = run_step(run, i, &gr->recs, &si);
	memset(g, 0, 4 * n * sizeof(uint64_t));
	gr->ticking = gr->any_maybe = gr->sub_mixed = false;
	free(gr->sub);
	gr->sub = NULL;
	gr->recs.len = 0;
	gr->recs.n = 0;
	return ret;
}

/* sub_text - the per-rule field's value of a step, NUL-terminated, into buf, or NULL */
static const char *sub_text(const struct bind_step *step, char *buf, size_t len)
{
	if (!step->sub)
		return NULL;
	snprintf(buf, len, "%.*s", (int)step->sub_len, step->sub);
	return buf;
}

/* sample_record - a record's samples (opts->samples), as part of its instance's next step */
static int sample_record(struct run *run, int i, const struct bind_step *step)
{
	return run->samples ? checker_sample_record(run->samples, i, step,
						    ccsl_monitor_steps(run->st[i].mon)) : 0;
}

/* step_one - a record that is a step of its own */
static int step_one(struct run *run, int i, const struct bind_step *step)
{
	char sub[64];
	struct step_info si = { .maybe = step->maybe, .decided = step->decided,
				.feeds = step->feeds, .any_maybe = step->any_maybe,
				.sub = sub_text(step, sub, sizeof(sub)) };

	run->one.len = 0;
	run->one.n = 0;
	if (encode(run, step->rec, &run->one) || sample_record(run, i, step))
		return -1;
	memset(run->ticks, 0, (size_t)run->words * sizeof(uint64_t));
	memcpy(run->ticks, step->ticks, (size_t)bind_words(run->bind) * sizeof(uint64_t));
	return run_step(run, i, &run->one, &si);
}

/* gather - add a record to the step being gathered for its instance (merge_equal_ts) */
static int gather(struct run *run, int i, const struct bind_step *step)
{
	struct group *gr = &run->groups[i];
	uint64_t *g = gticks_of(run, i);

	size_t n = (size_t)run->words;
	char sub[64];

	if (gr->recs.n && step->rec->ts != raw_at(&gr->recs, 0)->ts && run_group(run, i))
		return -1;
	if (encode(run, step->rec, &gr->recs) || sample_record(run, i, step))
		return -1;
	for (int w = 0; w < bind_words(run->bind); w++) {
		g[w] |= step->ticks[w];
		g[n + w] |= step->any_maybe ? step->maybe[w] : 0;
		g[2 * n + w] |= step->decided[w];
		g[3 * n + w] |= step->feeds[w];
	}
	gr->ticking |= step->ticking;
	gr->any_maybe |= step->any_maybe;
	/*
	 * records of several values of the per field, or one without it: a step of the
	 * whole instance
	 */
	if (!sub_text(step, sub, sizeof(sub)))
		gr->sub_mixed = true;
	else if (!gr->sub_mixed && !gr->sub && !(gr->sub = strdup(sub)))
		return -1;
	else if (!gr->sub_mixed)
		gr->sub_mixed = strcmp(gr->sub, sub) != 0;
	return 0;
}

/*
 * on_step - one record of an instance. Every record is one of its steps, ticking
 * or not; with merge_equal_ts, consecutive records of one timestamp make one step.
 */
static int on_step(const struct bind_step *step, void *arg)
{
	struct run *run = arg;
	int i = step->instance;

	if ((step->first && new_instance(run, step)) ||
	    update_label(run, &run->ft->instances[i], step->rec))
		goto oom;
	run->ft->instances[i].records++;
	if (run->opts->merge_equal_ts ? gather(run, i, step) : step_one(run, i, step))
		goto oom;
	return 0;
oom:
	run->oom = true;
	return 1;
}

/* flush_groups - the last step of every instance that gathers steps */
static int flush_groups(struct run *run)
{
	for (int i = 0; run->groups && i < run->ft->ninstances; i++)
		if (run->groups[i].recs.n && run_group(run, i))
			return -1;
	return 0;
}

/* unchecked_reason - why a rule that reads bound clock i cannot be checked on this trace */
static char *unchecked_reason(const struct run *run, int i)
{
	char *s = NULL;

	if (asprintf(&s, ti_is_text(run->trace) ? "the report text shows no %s records" :
						  "trace has no %s events",
		     bind_clock_missing(run->bind, i)) < 0)
		return NULL;
	return s;
}

/* per_reason - why a per rule cannot be checked: no event has its field (NULL: it has) */
static char *per_reason(const char *field)
{
	char *s = NULL;

	if (field && asprintf(&s, "no event of the trace has the field '%s' it is checked per",
			      field) < 0)
		return NULL;
	return s;
}

/* rules_missing - per rule, the first bound clock it reads that the trace lacks, or -1 */
static int *rules_missing(const struct run *run)
{
	bool *absent = calloc((size_t)run->c->nbound + 1, sizeof(bool));
	int *missing;

	if (!absent)
		return NULL;
	for (int i = 0; i < run->c->nbound; i++)
		absent[i] = bind_clock_missing(run->bind, i) != NULL;
	missing = checker_rules_missing(run->c, absent);
	free(absent);
	return missing;
}

/* collect_unchecked - the rules this trace cannot check; -1 when out of memory */
static int collect_unchecked(struct run *run)
{
	int *missing = rules_missing(run);

	if (!missing)
		return -1;
	for (int r = 0; r < run->c->spec->nrules; r++) {
		const char *per = run->c->spec->rules[r].per ? bind_per_missing(run->bind) : NULL;
		char *why = missing[r] < 0 ? per_reason(per) : unchecked_reason(run, missing[r]);
		struct fnd_unchecked *u;

		if ((missing[r] >= 0 || per) && !why) {
			free(missing);
			return -1;
		}
		if (!why)
			continue;
		u = append(&run->ft->unchecked, &run->ft->nunchecked, sizeof(*u));
		if (!u) {
			free(why);
			free(missing);
			return -1;
		}
		u->rule = r;
		u->reason = why;
		/*
		 * Report text shows records, not formats: an event without a record in
		 * it may or may not have been recorded. Unknown, so not checked.
		 */
		u->optional = run->c->spec->rules[r].optional;
	}
	free(missing);
	return 0;
}

/* is_unchecked - whether a rule is in the trace's unchecked list */
static bool is_unchecked(const struct fnd_trace *ft, int rule)
{
	for (int i = 0; i < ft->nunchecked; i++)
		if (ft->unchecked[i].rule == rule)
			return true;
	return false;
}

/* add_pending - an obligation left at the end, or a violation under `expect` */
static int add_pending(struct run *run, struct fnd_instance *in, int r, const char *why,
		       const char *sub)
{
	if (run->c->spec->rules[r].expect) {
		struct fnd_violation *v = append(&in->violations, &in->nviolations, sizeof(*v));

		if (!v || !(v->why = strdup(why)) || (sub && !(v->sub = strdup(sub))) ||
		    count_rule(run, in, r))
			return -1;
		v->rule = r;
		v->step = in->steps;
		v->nth = 1;
		v->at_end = true;
		tell(run, in, v);
		return 0;
	}
	struct fnd_pending *p = append(&in->pending, &in->npending, sizeof(*p));

	if (!p || !(p->why = strdup(why)) || (sub && !(p->sub = strdup(sub))))
		return -1;
	p->rule = r;
	return 0;
}

/* pending_of - a monitor's obligations left at the end, for the rules it answers for */
static int pending_of(struct run *run, struct fnd_instance *in, const struct ccsl_monitor *mon,
		      const char *sub)
{
	char why[256];

	for (int r = 0; r < run->c->spec->nrules; r++) {
		if ((run->c->spec->rules[r].per != NULL) != (sub != NULL) || fnd_count(in, r) ||
		    is_unchecked(run->ft, r) || !ccsl_monitor_pending(mon, r, why, sizeof(why)))
			continue;
		if (add_pending(run, in, r, why, sub))
			return -1;
	}
	return 0;
}

/* judged_unknown - whether a rule's monitors checked it while its past was unknown */
static bool judged_unknown(const struct run *run, const struct inst_state *st, int r)
{
	if (!run->c->spec->rules[r].per)
		return ccsl_monitor_judged_unknown(st->mon, r);
	for (int k = 0; k < st->nsubs; k++)
		if (ccsl_monitor_judged_unknown(st->subs[k].mon, r))
			return true;
	return false;
}

/* undecided_of - the rules the instance's steps could not always decide, into findings */
static int undecided_of(struct run *run, struct fnd_instance *in, const struct inst_state *st)
{
	const struct spec *spec = run->c->spec;
	int *seen = NULL;

	if (!st->undecided)
		return 0;
	/* per rule, a decided clock of the uncertain kind it reads (-1: none) */
	seen = checker_rules_reading(run->c, st->decided);
	if (!seen)
		return -1;
	for (int r = 0; r < spec->nrules; r++) {
		struct fnd_undecided *u;

		if (!st->undecided[r] || fnd_count(in, r))
			continue;
		u = append(&in->undecided, &in->nundecided, sizeof(*u));
		if (!u) {
			free(seen);
			return -1;
		}
		*u = (struct fnd_undecided){ .rule = r, .steps = st->undecided[r],
					     .never_decided = seen[r] < 0,
					     .optional = spec->rules[r].optional };
	}
	free(seen);
	return 0;
}

/* unknown_past_of - a partly observed instance: the rules checked on an unknown past */
static int unknown_past_of(struct run *run, struct fnd_instance *in, const struct inst_state *st)
{
	for (int r = 0; in->partial && r < run->c->spec->nrules; r++) {
		int *u;

		if (!judged_unknown(run, st, r))
			continue;
		u = append(&in->unknown_past, &in->nunknown_past, sizeof(*u));
		if (!u)
			return -1;
		*u = r;
	}
	return 0;
}

/*
 * finish_instance - what is left at the end: obligations (pending, or violations under
 * `expect`), undecided rules, and for a partly observed instance the rules checked on
 * its unknown past
 */
static int finish_instance(struct run *run, int i)
{
	struct fnd_instance *in = &run->ft->instances[i];
	const struct inst_state *st = &run->st[i];

	in->steps = ccsl_monitor_steps(st->mon);
	/* an instance no record of which ever spoke of a restart clock started mid-run */
	if (!st->cycle_seen)
		in->partial = run->c->spec->history_partial;
	if (pending_of(run, in, st->mon, NULL))
		return -1;
	for (int k = 0; k < st->nsubs; k++)
		if (pending_of(run, in, st->subs[k].mon, st->subs[k].key))
			return -1;
	return undecided_of(run, in, st) || unknown_past_of(run, in, st) ? -1 : 0;
}

/* copy_stats - what the trace input counted; -1 when out of memory */
static int copy_stats(struct run *run)
{
	const struct ti_stats *s = ti_get_stats(run->trace);
	struct fnd_trace *ft = run->ft;

	if (ti_kernel(run->trace) && !(ft->kernel = strdup(ti_kernel(run->trace))))
		return -1;
	if (ti_messages(run->trace) && !(ft->messages = strdup(ti_messages(run->trace))))
		return -1;
	ft->events_read = s->records;
	ft->events_used = s->delivered;
	ft->bad_fields = s->bad_fields;
	ft->unknown_ids = s->unknown_ids;
	ft->time_backwards = s->backwards;
	if (s->backwards && !(ft->time_backwards_at = strdup(s->backwards_at)))
		return -1;
	for (int cpu = 0; cpu < s->cpus; cpu++) {
		const struct ti_lost *l = &s->lost[cpu];
		struct fnd_lost *fl;

		if (!l->known && !l->unknown)
			continue;
		fl = append(&ft->lost, &ft->nlost, sizeof(*fl));
		if (!fl)
			return -1;
		*fl = (struct fnd_lost){ cpu, l->known, l->unknown, l->first_ts, l->last_ts };
		ft->lost_total += l->known;
		ft->lost_unknown |= l->unknown != 0;
	}
	return 0;
}

/* show_progress - "FILE: 12.6 M records, 45%" over itself on stderr */
static void show_progress(uint64_t records, uint64_t done, uint64_t size, void *arg)
{
	struct run *run = arg;

	if (run->opts->progress == 2 && size < PROGRESS_MIN_SIZE)
		return;
	/* compressed traces count uncompressed bytes: no percentage then */
	if (done && done <= size)
		fprintf(stderr, "\rccsl-check: %s: %.1f M records, %d%%", run->path, records / 1e6,
			(int)(done * 100 / size));
	else
		fprintf(stderr, "\rccsl-check: %s: %.1f M records", run->path, records / 1e6);
	run->progress_shown = true;
}

/* trace_error - a trace that cannot be read: its error, for the report (exit 2) */
static int trace_error(struct run *run, const char *err)
{
	run->ft->error = strdup(err);
	return run->ft->error ? 0 : CHECKER_NOMEM;
}

/* check_records - every record through the monitors, then what is left at the end */
static int check_records(struct run *run)
{
	char err[TI_ERR_LEN] = "";
	int ret = bind_run(run->bind, on_step, run, err);

	if (run->progress_shown)
		fprintf(stderr, "\r\033[K");
	if (ret == BIND_NOMEM || run->oom)
		return CHECKER_NOMEM;
	if (ret < 0)
		return trace_error(run, err);
	if (flush_groups(run))
		return CHECKER_NOMEM;
	for (int i = 0; i < run->ft->ninstances; i++)
		if (finish_instance(run, i))
			return CHECKER_NOMEM;
	return 0;
}

/* misfit - the error of a trace the spec does not fit: its first diagnostic; -1 no memory */
static int misfit(struct run *run, const struct spec_diags *diags, int before)
{
	const struct spec_diag *d = NULL;

	for (int i = before; i < diags->n && !d; i++)
		if (diags->items[i].level == SPEC_DIAG_ERROR)
			d = &diags->items[i];
	if (!d)
		run->ft->error = strdup("the spec does not fit this trace");
	else if (asprintf(&run->ft->error, "%s: the spec does not fit this trace: %s:%d:%d: %s",
			  run->path, d->loc.file, d->loc.line, d->loc.col, d->message) < 0)
		run->ft->error = NULL;
	return run->ft->error ? 0 : -1;
}

/*
 * run_trace - bind, iterate and collect; -1 on a spec/trace mismatch (an error of
 * the trace), CHECKER_NOMEM when out of memory
 */
static int run_trace(struct run *run, const char *path, struct spec_diags *diags)
{
	char err[TI_ERR_LEN] = "";
	int ret, before;

	run->trace = run->opts->open ? run->opts->open(path, run->opts->open_arg, err) :
				       ti_open(path, err);
	if (!run->trace)
		return errno == ENOMEM ? CHECKER_NOMEM : trace_error(run, err);
	before = diags->n;
	ret = bind_new(run->c->spec, run->trace, diags, &run->bind);
	if (ret == BIND_NOMEM)
		return CHECKER_NOMEM;
	if (ret)
		return misfit(run, diags, before) ? CHECKER_NOMEM : -1;
	run->words = ccsl_model_words(run->c->model);
	if (run->opts->progress)
		ti_set_progress(run->trace, show_progress, run);
	run->rwords = (run->c->spec->nrules + 63) / 64 + 1;
	run->ticks = calloc((size_t)run->words, sizeof(uint64_t));
	run->maybe = calloc((size_t)run->words, sizeof(uint64_t));
	run->undecided = calloc((size_t)run->rwords, sizeof(uint64_t));
	if (run->opts->samples && !(run->samples = checker_samples_new(run->c->spec, run->ft)))
		return CHECKER_NOMEM;
	if (!run->ticks || !run->maybe || !run->undecided || collect_unchecked(run))
		return CHECKER_NOMEM;
	ret = check_records(run);
	if (ret)
		return ret;
	return copy_stats(run) ? CHECKER_NOMEM : 0;
}

/* free_run - free the per-trace state */
static void free_run(struct run *run)
{
	for (int i = 0; i < run->ft->ninstances && run->st; i++) {
		struct inst_state *st = &run->st[i];

		free(st->ring.buf);
		ccsl_monitor_free(st->mon);
		ccsl_monitor_free(st->tmpl);
		for (int k = 0; k < st->nsubs; k++)
			ccsl_monitor_free(st->subs[k].mon);
		free(st->subs);
		strtab_free(&st->sub_keys);
		free(st->undecided);
		free(st->decided);
		if (run->groups) {
			free(run->groups[i].recs.buf);
			free(run->groups[i].sub);
		}
	}
	free(run->groups);
	cur_drop(run);
	free(run->one.buf);
	strtab_free(&run->comms);
	free(run->values);
	free(run->gticks);
	free(run->st);
	free(run->ticks);
	free(run->maybe);
	free(run->undecided);
	checker_samples_free(run->samples);
	bind_free(run->bind);
	ti_close(run->trace);
}

/* checker_run - check one trace and append its findings to the report */
int checker_run(struct checker *c, const char *path, const struct check_options *opts,
		struct fnd_report *report, struct spec_diags *diags)
{
	struct run run = { .c = c, .opts = opts, .report = report, .path = path };
	int ret;

	run.ft = append(&report->traces, &report->ntraces, sizeof(*run.ft));
	if (!run.ft)
		return CHECKER_NOMEM;
	run.ft->file = strdup(path);
	ret = run.ft->file ? run_trace(&run, path, diags) : CHECKER_NOMEM;
	free_run(&run);
	return ret;
}
