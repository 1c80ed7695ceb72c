// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * checker_run.c - check one trace: bindings -> steps -> monitors -> findings
 *
 * One monitor per instance, created when the instance is first seen. The
 * last records of every instance are kept formatted in a small ring so a
 * violation can show what led to it.
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
#include "trace_input.h"

/* Progress is shown for traces above this size unless asked for. */
#define PROGRESS_MIN_SIZE (4u << 20)

struct inst_state {
	struct ccsl_monitor *mon;
	struct fnd_record *ring;	/* the last records, ring_len of ctx entries */
	int ring_head, ring_len;
	bool cycle_seen;		/* a step with ticks was seen: partial history is decided */
	struct fnd_record *group;	/* the records of the step being gathered */
	int ngroup;
	uint64_t *gticks;		/* their ticks, together */
	bool gticking;
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
	uint64_t *ticks;
	int words;
	int inst;			/* the instance whose step is being checked */
	struct fnd_record cur;		/* its record, formatted */
	bool oom;
};

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

/* decode_bits - "ACKNOWLEDGE|DRIVER" for a register value, or NULL if it has no names */
static char *decode_bits(const struct spec_register *reg, uint64_t value)
{
	char buf[512] = "";
	size_t len = 0;

	for (int i = 0; reg && i < reg->nbits && len < sizeof(buf) - 1; i++) {
		uint64_t bits = reg->bits[i].value;

		if (bits ? (value & bits) != bits : value != 0)
			continue;
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", len ? "|" : "",
					reg->bits[i].name);
	}
	return len ? strdup(buf) : NULL;
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

/* format_record - a trace record with its fields (the kprobe's own __probe_* omitted) */
static int format_record(struct run *run, const struct ti_record *rec, struct fnd_record *out)
{
	const struct ti_event *ev = rec->event;

	memset(out, 0, sizeof(*out));
	out->ts = rec->ts;
	out->seq = rec->seq;
	out->cpu = rec->cpu;
	out->pid = rec->pid;
	out->comm = strdup(ti_comm(run->trace, rec->pid));
	if (asprintf(&out->event, "%s%s%s", ev->system, *ev->system ? ":" : "", ev->name) < 0)
		out->event = NULL;
	out->fields = calloc((size_t)ev->nfields + 1, sizeof(*out->fields));
	if (!out->comm || !out->event || !out->fields)
		return -1;
	for (int i = 0; i < ev->nfields; i++) {
		const struct ti_field *f = &ev->fields[i];
		struct fnd_field *ff = &out->fields[out->nfields];
		const struct spec_register *reg;
		const char *name;

		if (f->type == TI_FIELD_OTHER || !strncmp(f->name, "__probe_", 8))
			continue;
		reg = field_register(run->c->spec, ev, f->name);
		ff->name = strdup(f->name);
		ff->value = format_value(f, &rec->values[i], reg);
		ff->is_str = f->type == TI_FIELD_STR;
		ff->num = rec->values[i].num;
		if (!ff->is_str && rec->values[i].ok) {
			name = value_name(run->c->spec, f->name, ff->num);
			ff->decoded = name ? strdup(name) : decode_bits(reg, ff->num);
		}
		out->nfields++;
		if (!ff->name || !ff->value)
			return -1;
	}
	return 0;
}

/* record_field - a field of a formatted record by name, or NULL */
static const struct fnd_field *record_field(const struct fnd_record *r, const char *name)
{
	for (int i = 0; i < r->nfields; i++)
		if (!strcmp(r->fields[i].name, name))
			return &r->fields[i];
	return NULL;
}

/* update_label - the instance's label from the last values of the spec's label fields */
static int update_label(struct run *run, struct fnd_instance *in, const struct fnd_record *r)
{
	const struct spec *spec = run->c->spec;
	bool changed = false;
	char buf[256];
	size_t len = 0;

	for (int l = 0; l < spec->nlabels; l++) {
		const struct fnd_field *f = record_field(r, spec->labels[l]);

		if (!f)
			continue;
		free(in->label_parts[l]);
		in->label_parts[l] = strdup(f->decoded ? f->decoded : f->value);
		if (!in->label_parts[l])
			return -1;
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

/* copy_record - a deep copy of a formatted record */
static int copy_record(struct fnd_record *dst, const struct fnd_record *src)
{
	*dst = *src;
	dst->comm = strdup(src->comm);
	dst->event = strdup(src->event);
	dst->fields = calloc((size_t)src->nfields + 1, sizeof(*dst->fields));
	if (!dst->comm || !dst->event || !dst->fields)
		return -1;
	for (int i = 0; i < src->nfields; i++) {
		dst->fields[i] = src->fields[i];
		dst->fields[i].name = strdup(src->fields[i].name);
		dst->fields[i].value = strdup(src->fields[i].value);
		dst->fields[i].decoded = src->fields[i].decoded ? strdup(src->fields[i].decoded) :
								  NULL;
		if (!dst->fields[i].name || !dst->fields[i].value)
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

/* new_instance - findings and a monitor for an instance seen for the first time */
static int new_instance(struct run *run, const struct bind_step *step)
{
	struct fnd_trace *ft = run->ft;
	struct fnd_instance *in;
	struct inst_state *st;
	int n = ft->ninstances;

	if (n == run->cap) {
		int cap = run->cap ? run->cap * 2 : 8;

		st = realloc(run->st, (size_t)cap * sizeof(*st));
		if (!st)
			return -1;
		run->st = st;
		run->cap = cap;
	}
	in = append(&ft->instances, &ft->ninstances, sizeof(*in));
	if (!in)
		return -1;
	st = &run->st[n];
	memset(st, 0, sizeof(*st));
	in->key = strdup(step->key);
	in->counts = calloc((size_t)run->c->spec->nrules + 1, sizeof(*in->counts));
	in->label_parts = calloc((size_t)run->c->spec->nlabels + 1, sizeof(char *));
	in->nlabel_parts = run->c->spec->nlabels;
	st->mon = ccsl_monitor_new(run->c->model, run->c->spec->history_partial);
	st->ring = calloc((size_t)run->opts->context + 1, sizeof(*st->ring));
	st->gticks = calloc((size_t)run->words, sizeof(uint64_t));
	if (!in->key || !in->counts || !in->label_parts || !st->mon || !st->ring || !st->gticks)
		return -1;
	return 0;
}

/* context_copy - the instance's last records, oldest first */
static int context_copy(const struct run *run, const struct inst_state *st,
			struct fnd_violation *v)
{
	int ctx = run->opts->context;

	v->context = calloc((size_t)st->ring_len + 1, sizeof(*v->context));
	if (!v->context)
		return -1;
	for (int i = 0; i < st->ring_len; i++) {
		int at = (st->ring_head - st->ring_len + i + ctx) % ctx;

		if (copy_record(&v->context[v->ncontext++], &st->ring[at]))
			return -1;
	}
	return 0;
}

/* count_rule - count a violation; the first one of a rule counts as an error or warning */
static void count_rule(const struct run *run, struct fnd_instance *in, int rule)
{
	if (in->counts[rule]++)
		return;
	if (run->c->spec->rules[rule].severity == SPEC_SEV_WARNING)
		in->warnings++;
	else
		in->errors++;
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
	struct fnd_violation fv = { .rule = v->relation, .step = v->step,
				    .nth = in->counts[v->relation], .why = why, .rec = run->cur };

	if (!run->opts->on_violation)
		return;
	ccsl_violation_explain(v, why, sizeof(why));
	tell(run, in, &fv);
}

/* on_violation - the engine found a rule broken at this step */
static void on_violation(const struct ccsl_violation *v, void *arg)
{
	struct run *run = arg;
	int i = run->inst;
	struct fnd_instance *in = &run->ft->instances[i];
	struct fnd_violation *fv;
	char why[CCSL_WHY_LEN];

	count_rule(run, in, v->relation);
	if (in->counts[v->relation] > (uint64_t)run->opts->max_listed) {
		tell_unlisted(run, in, v);
		return;
	}
	ccsl_violation_explain(v, why, sizeof(why));
	fv = append(&in->violations, &in->nviolations, sizeof(*fv));
	if (!fv || !(fv->why = strdup(why)) || copy_record(&fv->rec, &run->cur) ||
	    context_copy(run, &run->st[i], fv)) {
		run->oom = true;
		return;
	}
	fv->rule = v->relation;
	fv->step = v->step;
	fv->nth = in->counts[v->relation];
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
		struct fnd_record *r;

		if (fv->nafter >= run->opts->context)
			break;
		r = append(&fv->after, &fv->nafter, sizeof(*r));
		if (!r || copy_record(r, &run->cur))
			return -1;
	}
	return 0;
}

/* remember - keep the formatted record in the instance's ring (and timeline) */
static int remember(struct run *run, int i, int before)
{
	struct inst_state *st = &run->st[i];
	struct fnd_instance *in = &run->ft->instances[i];
	int ctx = run->opts->context;

	if (follow_up(run, in, before))
		return -1;
	if (run->opts->timeline) {
		struct fnd_record *r = append(&in->timeline, &in->ntimeline, sizeof(*r));

		if (!r || copy_record(r, &run->cur))
			return -1;
	}
	if (!ctx) {
		fnd_record_free(&run->cur);
		memset(&run->cur, 0, sizeof(run->cur));
		return 0;
	}
	if (st->ring_len == ctx)
		fnd_record_free(&st->ring[st->ring_head]);
	else
		st->ring_len++;
	st->ring[st->ring_head] = run->cur;
	st->ring_head = (st->ring_head + 1) % ctx;
	memset(&run->cur, 0, sizeof(run->cur));
	return 0;
}

/*
 * first_cycle_partial - whether an instance's first ticking step starts in the middle
 * of a cycle: the spec allows partial history and no restart clock ticks at that step
 */
static bool first_cycle_partial(const struct run *run)
{
	if (!run->c->spec->history_partial)
		return false;
	for (int w = 0; w < run->words; w++)
		if (run->ticks[w] & run->c->restart_mask[w])
			return false;
	return true;
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
 * run_group - one step of an instance: the records gathered for it (one, or with
 * merge_equal_ts those of one timestamp). A violation is pinned on the last of
 * them; the others go to the context first, as they came before it.
 */
static int run_group(struct run *run, int i)
{
	struct inst_state *st = &run->st[i];
	struct fnd_instance *in = &run->ft->instances[i];
	int n = st->ngroup, before;

	for (int k = 0; k < n - 1; k++) {
		run->cur = st->group[k];
		if (remember(run, i, in->nviolations))
			return -1;
	}
	run->cur = st->group[n - 1];
	st->ngroup = 0;
	before = in->nviolations;
	run->inst = i;
	memcpy(run->ticks, st->gticks, (size_t)run->words * sizeof(uint64_t));
	memset(st->gticks, 0, (size_t)run->words * sizeof(uint64_t));
	ccsl_monitor_step(st->mon, run->ticks, on_violation, run);
	if (run->oom || (run->opts->ticks && record_ticks(run, in, run->cur.ts)))
		return -1;
	if (!st->cycle_seen && st->gticking) {
		st->cycle_seen = true;
		in->partial = first_cycle_partial(run);
	}
	st->gticking = false;
	return remember(run, i, before);
}

/* gather - add a record to the step being gathered for its instance */
static int gather(struct run *run, int i, const struct bind_step *step, struct fnd_record *rec)
{
	struct inst_state *st = &run->st[i];
	struct fnd_record *g = append(&st->group, &st->ngroup, sizeof(*g));

	if (!g)
		return -1;
	*g = *rec;
	memset(rec, 0, sizeof(*rec));
	for (int w = 0; step->ticking && w < bind_words(run->bind); w++)
		st->gticks[w] |= step->ticks[w];
	st->gticking |= step->ticking;
	return 0;
}

/*
 * on_step - one record of an instance. Every record is one of its steps, ticking
 * or not; with merge_equal_ts, consecutive records of one timestamp make one step.
 */
static int on_step(const struct bind_step *step, void *arg)
{
	struct run *run = arg;
	struct fnd_record rec;
	int i = step->instance;
	struct inst_state *st;

	if (step->first && new_instance(run, step))
		goto oom;
	st = &run->st[i];
	run->ft->instances[i].records++;
	if (format_record(run, step->rec, &rec) ||
	    update_label(run, &run->ft->instances[i], &rec)) {
		fnd_record_free(&rec);
		goto oom;
	}
	if (st->ngroup && rec.ts != st->group[0].ts && run_group(run, i)) {
		fnd_record_free(&rec);
		goto oom;
	}
	if (gather(run, i, step, &rec)) {
		fnd_record_free(&rec);
		goto oom;
	}
	if (!run->opts->merge_equal_ts && run_group(run, i))
		goto oom;
	return 0;
oom:
	run->oom = true;
	return 1;
}

/* flush_groups - the last step of every instance that gathers steps */
static int flush_groups(struct run *run)
{
	for (int i = 0; i < run->ft->ninstances; i++)
		if (run->st[i].ngroup && run_group(run, i))
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

/* collect_unchecked - the rules this trace cannot check */
static int collect_unchecked(struct run *run)
{
	int *missing = rules_missing(run);

	if (!missing)
		return -1;
	for (int r = 0; r < run->c->spec->nrules; r++) {
		char *why = missing[r] < 0 ? NULL : unchecked_reason(run, missing[r]);
		struct fnd_unchecked *u;

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

/* finish_instance - obligations left at the end: pending, or violations under `expect` */
static int finish_instance(struct run *run, int i)
{
	struct fnd_instance *in = &run->ft->instances[i];
	const struct inst_state *st = &run->st[i];
	char why[256];

	in->steps = ccsl_monitor_steps(st->mon);
	for (int r = 0; r < run->c->spec->nrules; r++) {
		if (in->counts[r] || is_unchecked(run->ft, r) ||
		    !ccsl_monitor_pending(st->mon, r, why, sizeof(why)))
			continue;
		if (run->c->spec->rules[r].expect) {
			struct fnd_violation *v = append(&in->violations, &in->nviolations,
							 sizeof(*v));

			if (!v || !(v->why = strdup(why)))
				return -1;
			count_rule(run, in, r);
			v->rule = r;
			v->step = in->steps;
			v->nth = 1;
			v->at_end = true;
			tell(run, in, v);
			continue;
		}
		struct fnd_pending *p = append(&in->pending, &in->npending, sizeof(*p));

		if (!p || !(p->why = strdup(why)))
			return -1;
		p->rule = r;
	}
	return 0;
}

/* copy_stats - what the trace input counted */
static int copy_stats(struct run *run)
{
	const struct ti_stats *s = ti_get_stats(run->trace);
	struct fnd_trace *ft = run->ft;

	if (ti_kernel(run->trace))
		ft->kernel = strdup(ti_kernel(run->trace));
	if (ti_messages(run->trace))
		ft->messages = strdup(ti_messages(run->trace));
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

/* misfit - the error of a trace the spec does not fit: its first diagnostic */
static void misfit(struct run *run, const struct spec_diags *diags, int before)
{
	const struct spec_diag *d = NULL;

	for (int i = before; i < diags->n && !d; i++)
		if (diags->items[i].level == SPEC_DIAG_ERROR)
			d = &diags->items[i];
	if (!d || asprintf(&run->ft->error, "%s: the spec does not fit this trace: %s:%d:%d: %s",
			   run->path, d->loc.file, d->loc.line, d->loc.col, d->message) < 0)
		run->ft->error = NULL;
	if (!run->ft->error)
		run->ft->error = strdup("the spec does not fit this trace");
}

/* run_trace - bind, iterate and collect; returns -1 on a spec/trace mismatch */
static int run_trace(struct run *run, const char *path, struct spec_diags *diags)
{
	char err[TI_ERR_LEN] = "";
	int ret = 0, before;

	run->trace = run->opts->open ? run->opts->open(path, run->opts->open_arg, err) :
				       ti_open(path, err);
	if (!run->trace) {
		run->ft->error = strdup(err);
		return 0;
	}
	before = diags->n;
	run->bind = bind_new(run->c->spec, run->trace, diags);
	if (!run->bind) {
		misfit(run, diags, before);
		return -1;
	}
	run->words = ccsl_model_words(run->c->model);
	if (run->opts->progress)
		ti_set_progress(run->trace, show_progress, run);
	run->ticks = calloc((size_t)run->words, sizeof(uint64_t));
	if (!run->ticks || collect_unchecked(run))
		run->oom = true;
	else if (bind_run(run->bind, on_step, run, err) < 0)
		run->ft->error = strdup(err);
	else if (flush_groups(run))
		run->oom = true;
	if (run->progress_shown)
		fprintf(stderr, "\r\033[K");
	if (!run->oom && !run->ft->error)
		for (int i = 0; i < run->ft->ninstances && !ret; i++)
			ret = finish_instance(run, i);
	if (ret || copy_stats(run))
		run->oom = true;
	if (run->oom && !run->ft->error)
		run->ft->error = strdup(strerror(ENOMEM));
	return 0;
}

/* free_run - free the per-trace state */
static void free_run(struct run *run)
{
	for (int i = 0; i < run->ft->ninstances && run->st; i++) {
		/* Unused ring slots are zeroed: freeing them is a no-op. */
		for (int j = 0; run->st[i].ring && j < run->opts->context; j++)
			fnd_record_free(&run->st[i].ring[j]);
		for (int j = 0; j < run->st[i].ngroup; j++)
			fnd_record_free(&run->st[i].group[j]);
		free(run->st[i].group);
		free(run->st[i].gticks);
		free(run->st[i].ring);
		ccsl_monitor_free(run->st[i].mon);
	}
	fnd_record_free(&run->cur);
	free(run->st);
	free(run->ticks);
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
		return -1;
	run.ft->file = strdup(path);
	ret = run_trace(&run, path, diags);
	free_run(&run);
	return ret;
}
