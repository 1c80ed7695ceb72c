// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * report_json.c - the JSON report, written with jansson
 *
 * The layout is a contract (doc/report.schema.json, ccsl-check(1)): fields
 * are only ever added. Keys are emitted in a fixed order so output diffs well.
 */
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#define JSON_VERSION 1

/*
 * Out of memory: jansson's allocations go through json_alloc while a report
 * is made. A failure while the tree is built is remembered, and the report is
 * refused before a byte of it is written (-1, errno ENOMEM). The dump of a
 * whole tree allocates one small block per container it enters (jansson's loop
 * check), freed when it leaves it: those fall back on a static reserve used as
 * a stack, so a report once begun is finished, never half of it on stdout.
 */
#define RESERVE_ALIGN alignof(max_align_t)

/* Before each block of the reserve: the stack as it was. */
struct rblock {
	size_t used, top;
};

static struct {
	bool failed;		/* an allocation failed while the tree was built */
	bool dumping;		/* the reserve may serve */
	size_t used;		/* bytes of the reserve in use */
	size_t top;		/* offset of its last block (0: none) */
	alignas(max_align_t) unsigned char reserve[64 << 10];
} mem;

/* json_alloc - jansson's malloc: malloc, else (dumping) the reserve; failures noted */
static void *json_alloc(size_t size)
{
	void *p = malloc(size);
	size_t head = (mem.used + RESERVE_ALIGN - 1) & ~(RESERVE_ALIGN - 1);
	size_t at = head + ((sizeof(struct rblock) + RESERVE_ALIGN - 1) & ~(RESERVE_ALIGN - 1));
	struct rblock was = { mem.used, mem.top };

	if (p)
		return p;
	if (!mem.dumping || at > sizeof(mem.reserve) || size > sizeof(mem.reserve) - at) {
		mem.failed = true;
		return NULL;
	}
	memcpy(mem.reserve + at - sizeof(was), &was, sizeof(was));
	mem.top = at;
	mem.used = at + size;
	return mem.reserve + at;
}

/* json_release - jansson's free: the reserve's last block gives its room back */
static void json_release(void *p)
{
	uintptr_t a = (uintptr_t)p, r = (uintptr_t)mem.reserve;
	struct rblock was;

	if (a < r || a >= r + sizeof(mem.reserve)) {
		free(p);
		return;
	}
	/* a block freed out of order keeps its room until the dump ends */
	if (a - r != mem.top)
		return;
	memcpy(&was, mem.reserve + mem.top - sizeof(was), sizeof(was));
	mem.used = was.used;
	mem.top = was.top;
}

/* jstr - a JSON string, or null */
static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

/*
 * json_number - a field's number: an integer, or, for an unsigned value above INT64_MAX
 * (a kernel pointer; JSON readers and jansson hold 64-bit signed integers), its decimal
 * digits as a string. A signed field's negative value is formatted with its '-'.
 */
static json_t *json_number(const struct fnd_field *f)
{
	char digits[24];

	if (f->num <= INT64_MAX || (f->value && f->value[0] == '-'))
		return json_integer((json_int_t)f->num);
	snprintf(digits, sizeof(digits), "%" PRIu64, f->num);
	return json_string(digits);
}

/* json_fields - a record's fields as an object: numbers as numbers, strings as strings */
static json_t *json_fields(const struct fnd_record *r)
{
	json_t *o = json_object();

	for (int i = 0; i < r->nfields; i++) {
		const struct fnd_field *f = &r->fields[i];

		json_object_set_new(o, f->name, f->is_str ? json_string(f->value) : json_number(f));
	}
	return o;
}

/* json_record - the record of a finding */
static void json_record(json_t *o, const struct fnd_record *r)
{
	json_object_set_new(o, "ts", json_integer((json_int_t)r->ts));
	json_object_set_new(o, "seq", json_integer((json_int_t)r->seq));
	json_object_set_new(o, "cpu", json_integer(r->cpu));
	json_object_set_new(o, "pid", json_integer(r->pid));
	json_object_set_new(o, "comm", jstr(r->comm));
	json_object_set_new(o, "event", jstr(r->event));
	json_object_set_new(o, "fields", json_fields(r));
}

/* json_records - a list of records */
static json_t *json_records(const struct fnd_record *recs, int n)
{
	json_t *a = json_array();

	for (int i = 0; i < n; i++) {
		json_t *r = json_object();

		json_record(r, &recs[i]);
		json_array_append_new(a, r);
	}
	return a;
}

/* json_rule - the rule part of a finding */
static void json_rule(json_t *o, const struct fnd_rule *rule)
{
	json_object_set_new(o, "constraint", jstr(rule->name));
	json_object_set_new(o, "relation", jstr(rule->relation));
	json_object_set_new(o, "message", jstr(rule->message));
	json_object_set_new(o, "reference", jstr(rule->reference));
	json_object_set_new(o, "severity", json_string(rule->warning ? "warning" : "error"));
	json_object_set_new(o, "subject", json_string(rule->device ? "device" : "driver"));
	json_object_set_new(o, "per", jstr(rule->per));
}

/* json_violation - one violation */
static json_t *json_violation(const struct fnd_report *r, const struct fnd_instance *in,
			      const struct fnd_violation *v)
{
	json_t *o = json_object();

	json_rule(o, &r->rules[v->rule]);
	json_object_set_new(o, "step", json_integer((json_int_t)v->step));
	json_object_set_new(o, "nth", json_integer((json_int_t)v->nth));
	json_object_set_new(o, "total", json_integer((json_int_t)fnd_count(in, v->rule)));
	json_object_set_new(o, "at_end", json_boolean(v->at_end));
	json_object_set_new(o, "why", jstr(v->why));
	json_object_set_new(o, "per_value", jstr(v->sub));
	if (!v->at_end)
		json_record(o, &v->rec);
	json_object_set_new(o, "before", json_records(v->context, v->ncontext));
	json_object_set_new(o, "after", json_records(v->after, v->nafter));
	return o;
}

/* json_instance - one instance with its findings */
static json_t *json_instance(const struct fnd_report *r, const struct fnd_trace *t,
			     const struct fnd_instance *in)
{
	json_t *o = json_object(), *viol = json_array(), *pend = json_array();
	json_t *unch = json_array(), *und = json_array(), *past = json_array();

	json_object_set_new(o, "instance", jstr(in->key));
	json_object_set_new(o, "label", jstr(in->label));
	json_object_set_new(o, "verdict", json_string(fnd_verdict_name(in->verdict)));
	json_object_set_new(o, "errors", json_integer(in->errors));
	json_object_set_new(o, "warnings", json_integer(in->warnings));
	json_object_set_new(o, "records", json_integer((json_int_t)in->records));
	json_object_set_new(o, "steps", json_integer((json_int_t)in->steps));
	json_object_set_new(o, "partial_history", json_boolean(in->partial));
	for (int i = 0; i < in->nviolations; i++)
		json_array_append_new(viol, json_violation(r, in, &in->violations[i]));
	for (int i = 0; i < in->npending; i++) {
		json_t *p = json_object();

		json_rule(p, &r->rules[in->pending[i].rule]);
		json_object_set_new(p, "why", jstr(in->pending[i].why));
		json_object_set_new(p, "per_value", jstr(in->pending[i].sub));
		json_array_append_new(pend, p);
	}
	for (int i = 0; i < in->nundecided; i++) {
		const struct fnd_undecided *u = &in->undecided[i];
		json_t *d = json_object();

		json_object_set_new(d, "constraint", jstr(r->rules[u->rule].name));
		json_object_set_new(d, "steps", json_integer((json_int_t)u->steps));
		json_object_set_new(d, "checked", json_string(u->never_decided ? "no" : "partly"));
		json_object_set_new(d, "optional", json_boolean(u->optional));
		json_array_append_new(und, d);
	}
	for (int i = 0; i < in->nunknown_past; i++)
		json_array_append_new(past, jstr(r->rules[in->unknown_past[i]].name));
	for (int i = 0; i < t->nunchecked; i++) {
		json_t *u = json_object();

		json_object_set_new(u, "constraint", jstr(r->rules[t->unchecked[i].rule].name));
		json_object_set_new(u, "reason", jstr(t->unchecked[i].reason));
		json_object_set_new(u, "optional", json_boolean(t->unchecked[i].optional));
		json_array_append_new(unch, u);
	}
	json_object_set_new(o, "violations", viol);
	json_object_set_new(o, "pending", pend);
	json_object_set_new(o, "unchecked", unch);
	json_object_set_new(o, "undecided", und);
	json_object_set_new(o, "unknown_past", past);
	if (in->timeline)
		json_object_set_new(o, "timeline", json_records(in->timeline, in->ntimeline));
	return o;
}

/* json_lost - lost events per CPU */
static json_t *json_lost(const struct fnd_trace *t)
{
	json_t *a = json_array();

	for (int i = 0; i < t->nlost; i++) {
		json_t *o = json_object();

		json_object_set_new(o, "cpu", json_integer(t->lost[i].cpu));
		json_object_set_new(o, "count", json_integer((json_int_t)t->lost[i].known));
		json_object_set_new(o, "unknown", json_integer((json_int_t)t->lost[i].unknown));
		json_object_set_new(o, "first_ts", json_integer((json_int_t)t->lost[i].first_ts));
		json_object_set_new(o, "last_ts", json_integer((json_int_t)t->lost[i].last_ts));
		json_array_append_new(a, o);
	}
	return a;
}

/* json_trace - one trace */
static json_t *json_trace(const struct fnd_report *r, const struct fnd_trace *t)
{
	json_t *o = json_object(), *inst = json_array();

	json_object_set_new(o, "file", jstr(t->file));
	json_object_set_new(o, "verdict",
			    json_string(t->error ? "error" : fnd_verdict_name(t->verdict)));
	json_object_set_new(o, "error", jstr(t->error));
	json_object_set_new(o, "kernel", jstr(t->kernel));
	json_object_set_new(o, "messages", jstr(t->messages));
	json_object_set_new(o, "events_read", json_integer((json_int_t)t->events_read));
	json_object_set_new(o, "events_used", json_integer((json_int_t)t->events_used));
	json_object_set_new(o, "lost_events", json_integer((json_int_t)t->lost_total));
	json_object_set_new(o, "lost_unknown", json_boolean(t->lost_unknown));
	json_object_set_new(o, "lost", json_lost(t));
	json_object_set_new(o, "bad_fields", json_integer((json_int_t)t->bad_fields));
	json_object_set_new(o, "unknown_events", json_integer((json_int_t)t->unknown_ids));
	json_object_set_new(o, "time_backwards", json_integer((json_int_t)t->time_backwards));
	json_object_set_new(o, "time_backwards_at", jstr(t->time_backwards_at));
	for (int i = 0; i < t->ninstances; i++)
		json_array_append_new(inst, json_instance(r, t, &t->instances[i]));
	json_object_set_new(o, "instances", inst);
	return o;
}

/* report_json - the JSON report; -1 with errno ENOMEM (nothing written) when out of memory */
int report_json(const struct fnd_report *r, FILE *out)
{
	json_t *root, *spec, *traces;
	int ret;

	json_set_alloc_funcs(json_alloc, json_release);
	mem.failed = false;
	root = json_object();
	spec = json_object();
	traces = json_array();

	json_object_set_new(root, "version", json_integer(JSON_VERSION));
	json_object_set_new(root, "verdict", json_string(fnd_verdict_name(r->verdict)));
	json_object_set_new(root, "exit_status", json_integer(r->exit_status));
	json_object_set_new(spec, "name", jstr(r->spec_name));
	json_object_set_new(spec, "title", jstr(r->spec_title));
	json_object_set_new(spec, "file", jstr(r->spec_file));
	json_object_set_new(root, "spec", spec);
	for (int i = 0; i < r->ntraces; i++)
		json_array_append_new(traces, json_trace(r, &r->traces[i]));
	json_object_set_new(root, "traces", traces);
	if (mem.failed || !root) {
		json_decref(root);
		errno = ENOMEM;
		return -1;
	}
	mem.dumping = true;
	ret = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	mem.dumping = false;
	mem.used = mem.top = 0;
	fputc('\n', out);
	json_decref(root);
	return ret || ferror(out) ? -1 : 0;
}
