// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * report_vcd.c - a Value Change Dump (IEEE 1364) timing diagram, for GTKWave
 *
 * One module per trace, in it one module per instance, in it one 1-bit wire per
 * clock of the model and a `violation` wire. A tick is a pulse: the wire goes to
 * 1 at the step's timestamp (ns) and back to 0 one nanosecond later, so every
 * tick is a rising edge a viewer can count, even when two ticks are 1 ns apart
 * or share a timestamp. VCD time only moves forward, so the pulses of every
 * instance of every trace are merged by time into one sequence of changes.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report.h"

/* A value change to come: a rise at a tick, or the fall that ends its pulse. */
struct vcd_event {
	uint64_t time;
	uint32_t wire;
	uint32_t rise;		/* falls sort before rises at the same time */
};

/* The names used in one scope: VCD names must be unique there. */
struct name_set {
	char **v;
	int n;
};

struct vcd_writer {
	FILE *out;
	char (*ids)[8];		/* id code of each wire */
	int nwires;
	struct vcd_event *ev;
	size_t nev, cap;
};

/* id_code - the short printable identifier of wire i: "!", "\"", "#", "%", ..., "!!", ... */
static void id_code(char *buf, int i)
{
	int n = 0;

	/*
	 * Bijective base 93 over the printable characters '!'..'~' but '$': an id "$"
	 * would look like a keyword to parsers that split the header on blanks.
	 */
	for (;;) {
		int d = i % 93;

		buf[n++] = (char)('!' + d + (d >= '$' - '!'));
		if (i < 93)
			break;
		i = i / 93 - 1;
	}
	buf[n] = '\0';
}

/* sanitize - s as a VCD/Verilog identifier: [A-Za-z0-9_], not starting with a digit */
static char *sanitize(const char *s)
{
	size_t len = strlen(s);
	char *id = malloc(len + 2), *p = id;

	if (!id)
		return NULL;
	if (!len || (*s >= '0' && *s <= '9'))
		*p++ = '_';
	for (; *s; s++)
		*p++ = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		       (*s >= '0' && *s <= '9') ? *s : '_';
	*p = '\0';
	return id;
}

/* names_free - forget the names of a scope */
static void names_free(struct name_set *set)
{
	for (int i = 0; i < set->n; i++)
		free(set->v[i]);
	free(set->v);
	set->v = NULL;
	set->n = 0;
}

/* unique_name - s sanitized, made unique in the scope ("x", "x_2", ...); owned by set */
static const char *unique_name(struct name_set *set, const char *s)
{
	char *base = sanitize(s), *name = base, **v;

	for (int n = 2; name; n++) {
		bool used = false;

		for (int i = 0; i < set->n && !used; i++)
			used = !strcmp(set->v[i], name);
		if (!used)
			break;
		if (name != base)
			free(name);
		if (asprintf(&name, "%s_%d", base, n) < 0)
			name = NULL;
	}
	if (name != base)
		free(base);
	v = name ? realloc(set->v, (size_t)(set->n + 1) * sizeof(*v)) : NULL;
	if (!v) {
		free(name);
		return NULL;
	}
	set->v = v;
	set->v[set->n++] = name;
	return name;
}

/* put_comment - a $comment, without the "$" or control characters that could end it early */
static int __attribute__((format(printf, 2, 3))) put_comment(FILE *out, const char *fmt, ...)
{
	va_list ap;
	char *text;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	fputs("$comment ", out);
	for (const char *s = text; *s; s++)
		fputc(*s == '$' || (unsigned char)*s < 0x20 ? '_' : *s, out);
	fputs(" $end\n", out);
	free(text);
	return 0;
}

/* add_event - queue one value change */
static int add_event(struct vcd_writer *w, uint64_t time, int wire, bool rise)
{
	if (w->nev == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 1024;
		struct vcd_event *ev = realloc(w->ev, cap * sizeof(*ev));

		if (!ev)
			return -1;
		w->ev = ev;
		w->cap = cap;
	}
	w->ev[w->nev++] = (struct vcd_event){ .time = time, .wire = (uint32_t)wire, .rise = rise };
	return 0;
}

/* add_pulse - a pulse on a wire at ts: up at ts, down 1 ns later */
static int add_pulse(struct vcd_writer *w, uint64_t ts, int wire)
{
	return add_event(w, ts, wire, true) || add_event(w, ts + 1, wire, false);
}

/* new_wire - declare a 1-bit wire in the scope of names; its index, or -1 */
static int new_wire(struct vcd_writer *w, struct name_set *names, const char *name)
{
	const char *id = unique_name(names, name);
	char (*ids)[8] = realloc(w->ids, (size_t)(w->nwires + 1) * sizeof(*ids));

	/* kept even when the name failed: realloc may have moved (and freed) the old one */
	if (ids)
		w->ids = ids;
	if (!id || !ids)
		return -1;
	id_code(w->ids[w->nwires], w->nwires);
	fprintf(w->out, "$var wire 1 %s %s $end\n", w->ids[w->nwires], id);
	return w->nwires++;
}

/*
 * declare_instance - the instance's scope and wires, and its pulses: one per clock per
 * ticking step; one on `violation` per step with a listed violation (at-end ones have
 * no step in the trace and are left out)
 */
static int declare_instance(struct vcd_writer *w, const struct fnd_report *r,
			    const struct fnd_instance *in, const char *name)
{
	struct name_set wires = { 0 };
	int base = w->nwires, viol = 0;
	uint64_t last = UINT64_MAX;

	if (in->label && put_comment(w->out, "%s (%s)", in->key, in->label))
		return -1;
	fprintf(w->out, "$scope module %s $end\n", name);
	for (int c = 0; c < r->nclocks && viol >= 0; c++)
		viol = new_wire(w, &wires, r->clocks[c]);
	if (viol >= 0)
		viol = new_wire(w, &wires, "violation");
	names_free(&wires);
	if (viol < 0)
		return -1;
	fputs("$upscope $end\n", w->out);
	for (int i = 0; i < in->nticks; i++)
		for (int k = 0; k < in->ticks[i].nclocks; k++)
			if (add_pulse(w, in->ticks[i].ts, base + in->ticks[i].clocks[k]))
				return -1;
	for (int i = 0; i < in->nviolations; i++) {
		const struct fnd_violation *v = &in->violations[i];

		if (v->at_end || v->step == last)
			continue;
		last = v->step;
		if (add_pulse(w, v->rec.ts, viol))
			return -1;
	}
	return 0;
}

/* declare_trace - the trace's scope with its instances; unreadable traces get a comment */
static int declare_trace(struct vcd_writer *w, const struct fnd_report *r,
			 const struct fnd_trace *t, struct name_set *traces)
{
	const char *slash = strrchr(t->file, '/'), *name;
	struct name_set insts = { 0 };
	int ret = 0;

	if (t->error)
		return put_comment(w->out, "not read: %s", t->error);
	name = unique_name(traces, slash ? slash + 1 : t->file);
	if (!name || put_comment(w->out, "%s", t->file))
		return -1;
	fprintf(w->out, "$scope module %s $end\n", name);
	/* insts.v[i] is instance i's name: unique_name appends in order. */
	for (int i = 0; !ret && i < t->ninstances; i++)
		if (!unique_name(&insts, t->instances[i].key))
			ret = -1;
	for (int i = 0; !ret && i < t->ninstances; i++)
		ret = declare_instance(w, r, &t->instances[i], insts.v[i]);
	names_free(&insts);
	fputs("$upscope $end\n", w->out);
	return ret;
}

/* cmp_event - by time, falls before rises (a pulse ends before the next begins), wire */
static int cmp_event(const void *pa, const void *pb)
{
	const struct vcd_event *a = pa, *b = pb;

	if (a->time != b->time)
		return a->time < b->time ? -1 : 1;
	if (a->rise != b->rise)
		return a->rise < b->rise ? -1 : 1;
	return a->wire < b->wire ? -1 : a->wire > b->wire;
}

/*
 * write_changes - the merged value changes. A rise on a wire that is still up (a
 * second tick at the same timestamp) is written as 0 then 1, so it stays an edge;
 * a fall on a wire already down (its pulse was cut short that way) writes nothing.
 */
static int write_changes(struct vcd_writer *w)
{
	char *up = calloc((size_t)w->nwires + 1, 1);
	uint64_t now;

	if (!up)
		return -1;
	qsort(w->ev, w->nev, sizeof(*w->ev), cmp_event);
	now = w->nev && w->ev[0].time ? w->ev[0].time - 1 : 0;
	/* All wires start at 0, just before the first pulse: the first tick is an edge too. */
	fprintf(w->out, "#%" PRIu64 "\n$dumpvars\n", now);
	for (int i = 0; i < w->nwires; i++)
		fprintf(w->out, "0%s\n", w->ids[i]);
	fputs("$end\n", w->out);
	for (size_t i = 0; i < w->nev; i++) {
		const struct vcd_event *e = &w->ev[i];

		if (e->time != now)
			fprintf(w->out, "#%" PRIu64 "\n", now = e->time);
		if (e->rise && up[e->wire])
			fprintf(w->out, "0%s\n", w->ids[e->wire]);
		if (e->rise || up[e->wire])
			fprintf(w->out, "%c%s\n", e->rise ? '1' : '0', w->ids[e->wire]);
		up[e->wire] = (char)e->rise;
	}
	free(up);
	return 0;
}

/* write_header - $date (SOURCE_DATE_EPOCH when set, for reproducible files), $version */
static int write_header(FILE *out, const struct fnd_report *r)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	time_t now = epoch ? (time_t)strtoll(epoch, NULL, 10) : time(NULL);
	char date[64];
	struct tm tm;

	if (!gmtime_r(&now, &tm) || !strftime(date, sizeof(date), "%a %b %e %H:%M:%S %Y UTC", &tm))
		snprintf(date, sizeof(date), "unknown");
	fprintf(out, "$date\n\t%s\n$end\n$version\n\tccsl-check %s\n$end\n", date, CCSL_VERSION);
	if (put_comment(out, "spec %s, file %s", r->spec_name ? r->spec_name : "",
			r->spec_file ? r->spec_file : "") ||
	    put_comment(out, "%s", "one pulse (1 ns) per tick of each clock; `violation` pulses "
			"at each step with a listed violation"))
		return -1;
	fputs("$timescale 1 ns $end\n", out);
	return 0;
}

/*
 * report_vcd - the VCD timing diagram (needs check_options.ticks); -1 with errno
 * ENOMEM when out of memory (every failure here is one)
 */
int report_vcd(const struct fnd_report *r, FILE *out)
{
	struct vcd_writer w = { .out = out };
	struct name_set traces = { 0 };
	int ret = write_header(out, r);

	for (int i = 0; i < r->ntraces && !ret; i++)
		ret = declare_trace(&w, r, &r->traces[i], &traces);
	names_free(&traces);
	if (!ret) {
		fputs("$enddefinitions $end\n", out);
		ret = write_changes(&w);
	}
	free(w.ev);
	free(w.ids);
	if (ret)
		errno = ENOMEM;
	return ret || ferror(out) ? -1 : 0;
}
