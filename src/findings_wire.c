// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * findings_wire.c - one trace's findings as a wire message payload
 *
 * The layout follows the structures of findings.h member by member: numbers
 * as u64 (ints sign-extended), every string with a presence flag so that
 * NULL stays NULL, every array as a count and its elements. Each element
 * takes at least 8 bytes, so a count above the bytes left / 8 is a lie.
 */
#include <limits.h>
#include <stdlib.h>

#include "findings_wire.h"

#define MIN_ELEM 8	/* the fewest bytes an array element takes on the wire */

/* ---- encoding ---- */

/* put_int - an int, sign-extended */
static void put_int(struct wire_out *o, int v)
{
	wire_put_u64(o, (uint64_t)(int64_t)v);
}

/*
 * put_count - an array's length, or -1 for no array: NULL and an empty array are
 * not the same to every writer (the JSON report has "timeline": [] or nothing)
 */
static void put_count(struct wire_out *o, const void *array, int n)
{
	put_int(o, array ? n : -1);
}

/* put_record - a record and its fields */
static void put_record(struct wire_out *o, const struct fnd_record *r)
{
	wire_put_u64(o, r->ts);
	wire_put_u64(o, r->seq);
	put_int(o, r->cpu);
	put_int(o, r->pid);
	wire_put_cstr(o, r->comm);
	wire_put_cstr(o, r->event);
	put_count(o, r->fields, r->nfields);
	for (int i = 0; i < r->nfields; i++) {
		const struct fnd_field *f = &r->fields[i];

		wire_put_cstr(o, f->name);
		wire_put_cstr(o, f->value);
		wire_put_cstr(o, f->decoded);
		wire_put_u64(o, f->is_str);
		wire_put_u64(o, f->num);
	}
}

/* put_records - an array of records */
static void put_records(struct wire_out *o, const struct fnd_record *recs, int n)
{
	put_count(o, recs, n);
	for (int i = 0; i < n; i++)
		put_record(o, &recs[i]);
}

/* put_violation - a violation, its record and the records around it */
static void put_violation(struct wire_out *o, const struct fnd_violation *v)
{
	put_int(o, v->rule);
	wire_put_u64(o, v->step);
	wire_put_u64(o, v->nth);
	wire_put_cstr(o, v->why);
	/* before the record: an obligation pending at the end has none */
	wire_put_u64(o, v->at_end);
	put_record(o, &v->rec);
	put_records(o, v->context, v->ncontext);
	put_records(o, v->after, v->nafter);
	wire_put_cstr(o, v->sub);
}

/* put_instance - an instance's findings; counts has nrules entries */
static void put_instance(struct wire_out *o, const struct fnd_instance *in, int nrules)
{
	wire_put_cstr(o, in->key);
	wire_put_cstr(o, in->label);
	put_count(o, in->label_parts, in->nlabel_parts);
	for (int i = 0; i < in->nlabel_parts; i++)
		wire_put_cstr(o, in->label_parts[i]);
	wire_put_u64(o, in->verdict);
	wire_put_u64(o, in->steps);
	wire_put_u64(o, in->records);
	wire_put_u64(o, in->partial);
	put_count(o, in->violations, in->nviolations);
	for (int i = 0; i < in->nviolations; i++)
		put_violation(o, &in->violations[i]);
	put_count(o, in->counts, nrules);
	for (int i = 0; in->counts && i < nrules; i++)
		wire_put_u64(o, in->counts[i]);
	put_int(o, in->errors);
	put_int(o, in->warnings);
	put_count(o, in->pending, in->npending);
	for (int i = 0; i < in->npending; i++) {
		put_int(o, in->pending[i].rule);
		wire_put_cstr(o, in->pending[i].why);
		wire_put_cstr(o, in->pending[i].sub);
	}
	put_count(o, in->unknown_past, in->nunknown_past);
	for (int i = 0; i < in->nunknown_past; i++)
		put_int(o, in->unknown_past[i]);
	put_count(o, in->undecided, in->nundecided);
	for (int i = 0; i < in->nundecided; i++) {
		put_int(o, in->undecided[i].rule);
		wire_put_u64(o, in->undecided[i].steps);
		wire_put_u64(o, in->undecided[i].never_decided);
		wire_put_u64(o, in->undecided[i].optional);
	}
	put_records(o, in->timeline, in->ntimeline);
	put_count(o, in->ticks, in->nticks);
	for (int i = 0; i < in->nticks; i++) {
		const struct fnd_tick *t = &in->ticks[i];

		wire_put_u64(o, t->ts);
		wire_put_u64(o, t->step);
		put_count(o, t->clocks, t->nclocks);
		for (int c = 0; c < t->nclocks; c++)
			put_int(o, t->clocks[c]);
	}
	put_count(o, in->samples, in->nsamples);
	for (int i = 0; i < in->nsamples; i++) {
		const struct fnd_sample *s = &in->samples[i];

		wire_put_u64(o, s->ts);
		wire_put_u64(o, s->step);
		wire_put_u64(o, s->value);
		wire_put_cstr(o, s->text);
		wire_put_cstr(o, s->sub);
		put_int(o, s->kind);
		put_int(o, s->index);
	}
}

/* fnd_trace_encode - append a trace's findings (of a report with r's rules) to a message */
void fnd_trace_encode(struct wire_out *o, const struct fnd_report *r, const struct fnd_trace *t)
{
	wire_put_cstr(o, t->file);
	wire_put_cstr(o, t->error);
	wire_put_cstr(o, t->kernel);
	wire_put_cstr(o, t->messages);
	wire_put_u64(o, t->verdict);
	wire_put_u64(o, t->events_read);
	wire_put_u64(o, t->events_used);
	wire_put_u64(o, t->bad_fields);
	wire_put_u64(o, t->unknown_ids);
	wire_put_u64(o, t->time_backwards);
	wire_put_cstr(o, t->time_backwards_at);
	wire_put_u64(o, t->lost_total);
	wire_put_u64(o, t->lost_unknown);
	put_count(o, t->lost, t->nlost);
	for (int i = 0; i < t->nlost; i++) {
		put_int(o, t->lost[i].cpu);
		wire_put_u64(o, t->lost[i].known);
		wire_put_u64(o, t->lost[i].unknown);
		wire_put_u64(o, t->lost[i].first_ts);
		wire_put_u64(o, t->lost[i].last_ts);
	}
	put_count(o, t->unchecked, t->nunchecked);
	for (int i = 0; i < t->nunchecked; i++) {
		put_int(o, t->unchecked[i].rule);
		wire_put_cstr(o, t->unchecked[i].reason);
		wire_put_u64(o, t->unchecked[i].optional);
	}
	/* before the instances: their samples name these events */
	put_count(o, t->events, t->nevents);
	for (int i = 0; i < t->nevents; i++)
		wire_put_cstr(o, t->events[i]);
	put_count(o, t->instances, t->ninstances);
	for (int i = 0; i < t->ninstances; i++)
		put_instance(o, &t->instances[i], r->nrules);
}

/* ---- decoding ---- */

/* get_int - an int in [lo, hi], or mark the message bad */
static int get_int(struct wire_in *in, int lo, int hi)
{
	int64_t v = (int64_t)wire_get_u64(in);

	if (in->bad || v < lo || v > hi) {
		in->bad = true;
		return 0;
	}
	return (int)v;
}

/* get_bool - 0 or 1 */
static bool get_bool(struct wire_in *in)
{
	return get_int(in, 0, 1);
}

/* get_str - a string that must be there: NULL marks the message bad */
static char *get_str(struct wire_in *in)
{
	char *s = wire_get_cstr(in);

	if (!s)
		in->bad = true;
	return s;
}

/*
 * get_array - what put_count wrote: NULL for -1, else room for that many zeroed
 * elements (and one more, as the checker allocates them). Zeroed elements are safe
 * to free, so a message that goes bad halfway leaves nothing the free functions
 * cannot handle. No memory for a count that fits the payload: in->nomem.
 */
static void *get_array(struct wire_in *in, int *n, size_t size)
{
	int count = get_int(in, -1, INT_MAX);
	void *a = NULL;

	*n = 0;
	if (count < 0 && !in->bad)
		return NULL;
	if (!in->bad && (size_t)count <= (size_t)(in->end - in->p) / MIN_ELEM) {
		a = calloc((size_t)count + 1, size);
		in->nomem = !a;
	}
	if (!a) {
		in->bad = true;
		return NULL;
	}
	*n = count;
	return a;
}

/* get_record - a record; an empty one (no task, no event) only where allowed */
static void get_record(struct wire_in *in, struct fnd_record *r, bool may_be_empty)
{
	r->ts = wire_get_u64(in);
	r->seq = wire_get_u64(in);
	r->cpu = get_int(in, INT_MIN, INT_MAX);
	r->pid = get_int(in, INT_MIN, INT_MAX);
	r->comm = wire_get_cstr(in);
	r->event = wire_get_cstr(in);
	if ((!r->comm || !r->event) && !may_be_empty)
		in->bad = true;
	r->fields = get_array(in, &r->nfields, sizeof(*r->fields));
	for (int i = 0; i < r->nfields && !in->bad; i++) {
		struct fnd_field *f = &r->fields[i];

		f->name = get_str(in);
		f->value = get_str(in);
		f->decoded = wire_get_cstr(in);
		f->is_str = get_bool(in);
		f->num = wire_get_u64(in);
	}
}

/* get_records - an array of records */
static struct fnd_record *get_records(struct wire_in *in, int *n)
{
	struct fnd_record *recs = get_array(in, n, sizeof(*recs));

	for (int i = 0; i < *n && !in->bad; i++)
		get_record(in, &recs[i], false);
	return recs;
}

/* get_violation - a violation of one of the report's rules */
static void get_violation(struct wire_in *in, const struct fnd_report *r, struct fnd_violation *v)
{
	v->rule = get_int(in, 0, r->nrules - 1);
	v->step = wire_get_u64(in);
	v->nth = wire_get_u64(in);
	v->why = get_str(in);
	v->at_end = get_bool(in);
	get_record(in, &v->rec, v->at_end);
	v->context = get_records(in, &v->ncontext);
	v->after = get_records(in, &v->nafter);
	v->sub = wire_get_cstr(in);
}

/* get_ticks - the steps clocks ticked at; every clock one of the report's */
static struct fnd_tick *get_ticks(struct wire_in *in, const struct fnd_report *r, int *n)
{
	struct fnd_tick *ticks = get_array(in, n, sizeof(*ticks));

	for (int i = 0; i < *n && !in->bad; i++) {
		struct fnd_tick *t = &ticks[i];

		t->ts = wire_get_u64(in);
		t->step = wire_get_u64(in);
		t->clocks = get_array(in, &t->nclocks, sizeof(*t->clocks));
		for (int c = 0; c < t->nclocks && !in->bad; c++)
			t->clocks[c] = get_int(in, 0, r->nclocks - 1);
	}
	return ticks;
}

/* samples_of - how many things a sample of this kind can be about (its index's bound) */
static int samples_of(int kind, const struct fnd_report *r, const struct fnd_trace *t)
{
	switch (kind) {
	case FND_SAMPLE_EVENT:
		return t->nevents;
	case FND_SAMPLE_REGISTER:
		return r->nregisters;
	default:
		return r->nrules;
	}
}

/* of_rule - whether a sample of this kind is about a rule (and may name a per value) */
static bool of_rule(int kind)
{
	return kind == FND_SAMPLE_WINDOW || kind == FND_SAMPLE_VIOLATION;
}

/*
 * get_samples - an instance's samples: each of a known kind, about one of the trace's
 * events, the report's registers or its rules; a window one of the three states; bit
 * names only on a register's, a per value only on a rule's
 */
static struct fnd_sample *get_samples(struct wire_in *in, const struct fnd_report *r,
				      const struct fnd_trace *t, int *n)
{
	struct fnd_sample *samples = get_array(in, n, sizeof(*samples));

	for (int i = 0; i < *n && !in->bad; i++) {
		struct fnd_sample *s = &samples[i];

		s->ts = wire_get_u64(in);
		s->step = wire_get_u64(in);
		s->value = wire_get_u64(in);
		s->text = wire_get_cstr(in);
		s->sub = wire_get_cstr(in);
		s->kind = get_int(in, 0, FND_SAMPLE_KIND_COUNT - 1);
		s->index = get_int(in, 0, samples_of(s->kind, r, t) - 1);
		if (!in->bad && ((s->kind == FND_SAMPLE_WINDOW && s->value >= FND_WINDOW_COUNT) ||
				 (s->text && s->kind != FND_SAMPLE_REGISTER) ||
				 (s->sub && !of_rule(s->kind))))
			in->bad = true;
	}
	return samples;
}

/* get_counts - a count per rule of the report */
static uint64_t *get_counts(struct wire_in *in, const struct fnd_report *r)
{
	int n;
	uint64_t *counts = get_array(in, &n, sizeof(*counts));

	/* none (no violation), or one per rule: the writers index it by rule */
	if (counts && n != r->nrules)
		in->bad = true;
	for (int i = 0; i < n && !in->bad; i++)
		counts[i] = wire_get_u64(in);
	return counts;
}

/* get_instance - an instance's findings */
static void get_instance(struct wire_in *in, const struct fnd_report *r,
			 const struct fnd_trace *t, struct fnd_instance *fi)
{
	fi->key = get_str(in);
	fi->label = wire_get_cstr(in);
	fi->label_parts = get_array(in, &fi->nlabel_parts, sizeof(*fi->label_parts));
	for (int i = 0; i < fi->nlabel_parts && !in->bad; i++)
		fi->label_parts[i] = wire_get_cstr(in);
	fi->verdict = (enum verdict)get_int(in, VERDICT_CONFORMS, VERDICT_VIOLATED);
	fi->steps = wire_get_u64(in);
	fi->records = wire_get_u64(in);
	fi->partial = get_bool(in);
	fi->violations = get_array(in, &fi->nviolations, sizeof(*fi->violations));
	for (int i = 0; i < fi->nviolations && !in->bad; i++)
		get_violation(in, r, &fi->violations[i]);
	fi->counts = get_counts(in, r);
	fi->errors = get_int(in, 0, INT_MAX);
	fi->warnings = get_int(in, 0, INT_MAX);
	fi->pending = get_array(in, &fi->npending, sizeof(*fi->pending));
	for (int i = 0; i < fi->npending && !in->bad; i++) {
		fi->pending[i].rule = get_int(in, 0, r->nrules - 1);
		fi->pending[i].why = get_str(in);
		fi->pending[i].sub = wire_get_cstr(in);
	}
	fi->unknown_past = get_array(in, &fi->nunknown_past, sizeof(*fi->unknown_past));
	for (int i = 0; i < fi->nunknown_past && !in->bad; i++)
		fi->unknown_past[i] = get_int(in, 0, r->nrules - 1);
	fi->undecided = get_array(in, &fi->nundecided, sizeof(*fi->undecided));
	for (int i = 0; i < fi->nundecided && !in->bad; i++) {
		fi->undecided[i].rule = get_int(in, 0, r->nrules - 1);
		fi->undecided[i].steps = wire_get_u64(in);
		fi->undecided[i].never_decided = get_bool(in);
		fi->undecided[i].optional = get_bool(in);
	}
	fi->timeline = get_records(in, &fi->ntimeline);
	fi->ticks = get_ticks(in, r, &fi->nticks);
	fi->samples = get_samples(in, r, t, &fi->nsamples);
}

/* get_trace - a trace's findings, apart from the check that the payload is used up */
static void get_trace(struct wire_in *in, const struct fnd_report *r, struct fnd_trace *t)
{
	t->file = get_str(in);
	t->error = wire_get_cstr(in);
	t->kernel = wire_get_cstr(in);
	t->messages = wire_get_cstr(in);
	t->verdict = (enum verdict)get_int(in, VERDICT_CONFORMS, VERDICT_VIOLATED);
	t->events_read = wire_get_u64(in);
	t->events_used = wire_get_u64(in);
	t->bad_fields = wire_get_u64(in);
	t->unknown_ids = wire_get_u64(in);
	t->time_backwards = wire_get_u64(in);
	t->time_backwards_at = wire_get_cstr(in);
	t->lost_total = wire_get_u64(in);
	t->lost_unknown = get_bool(in);
	t->lost = get_array(in, &t->nlost, sizeof(*t->lost));
	for (int i = 0; i < t->nlost && !in->bad; i++) {
		t->lost[i].cpu = get_int(in, INT_MIN, INT_MAX);
		t->lost[i].known = wire_get_u64(in);
		t->lost[i].unknown = wire_get_u64(in);
		t->lost[i].first_ts = wire_get_u64(in);
		t->lost[i].last_ts = wire_get_u64(in);
	}
	t->unchecked = get_array(in, &t->nunchecked, sizeof(*t->unchecked));
	for (int i = 0; i < t->nunchecked && !in->bad; i++) {
		t->unchecked[i].rule = get_int(in, 0, r->nrules - 1);
		t->unchecked[i].reason = get_str(in);
		t->unchecked[i].optional = get_bool(in);
	}
	t->events = get_array(in, &t->nevents, sizeof(*t->events));
	for (int i = 0; i < t->nevents && !in->bad; i++)
		t->events[i] = get_str(in);
	t->instances = get_array(in, &t->ninstances, sizeof(*t->instances));
	for (int i = 0; i < t->ninstances && !in->bad; i++)
		get_instance(in, r, t, &t->instances[i]);
}

/* fnd_trace_decode - read what fnd_trace_encode wrote, up to the end of the payload */
int fnd_trace_decode(struct wire_in *in, const struct fnd_report *r, struct fnd_trace *t)
{
	get_trace(in, r, t);
	if (!in->bad && in->p == in->end)
		return 0;
	in->bad = true;
	fnd_trace_free(t);
	*t = (struct fnd_trace){ 0 };
	return in->nomem ? FND_WIRE_NOMEM : -1;
}
