// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * report_vcd.c - a Value Change Dump (IEEE 1364) timing diagram, for GTKWave
 *
 * One module per trace, in it one module per instance, in it one 1-bit wire per
 * clock of the model and a `violation` wire. A tick is a pulse: the wire goes to
 * 1 at the step's timestamp (ns) and back to 0 one nanosecond later, so every
 * tick is a rising edge a viewer can count, even when two ticks are 1 ns apart
 * or share a timestamp. VCD time only moves forward, so the changes of every
 * instance of every trace are merged by time into one sequence.
 *
 * With the instance's samples (check_options.samples) it also holds each register
 * as a bus (its value as last written or read, x until its first one) with a string
 * variable naming its bits, and three modules: `events` (a pulse per record on the
 * wire of its event), `windows` (per forbid/allow rule with a window: 1 while open,
 * x while not known; a rule checked per value of a field has a wire per value) and
 * `violations` (per rule: a pulse per violation, listed or not).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report.h"

/* What a change does: the two ends of a pulse, or a new value of a level signal. */
enum change {
	CH_FALL,		/* falls sort before rises at one time: a pulse ends first */
	CH_RISE,
	CH_VALUE,
};

/* A value change to come. */
struct vcd_event {
	uint64_t time;
	uint64_t value;		/* CH_VALUE: a bus's value, a window (enum fnd_window) */
	const char *text;	/* CH_VALUE of a string variable: its text, NULL: the value */
	uint32_t seq;		/* queued order: of two values at one time the later wins */
	uint32_t wire;
	uint32_t kind;		/* enum change */
};

/* How a variable is declared, starts and changes. */
enum var_kind {
	VAR_PULSE,		/* 1 bit: ticks, records, violations */
	VAR_WINDOW,		/* 1 bit: 0 closed, 1 open, x unknown */
	VAR_BUS,		/* a register, `width` bits, x until known */
	VAR_STRING,		/* a register's bit names */
};

struct vcd_var {
	char id[8];		/* its id code */
	enum var_kind kind;
	int width;		/* VAR_BUS */
};

/* The names used in one scope: VCD names must be unique there. */
struct name_set {
	char **v;
	int n;
};

struct vcd_writer {
	FILE *out;
	struct vcd_var *vars;	/* every variable, by wire index */
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

	va_start(ap, fmt);
	text = report_vstrf(fmt, ap);
	va_end(ap);
	if (!text)
		return -1;
	fputs("$comment ", out);
	for (const char *s = text; *s; s++)
		fputc(*s == '$' || (unsigned char)*s < 0x20 ? '_' : *s, out);
	fputs(" $end\n", out);
	free(text);
	return 0;
}

/* add_event - queue one value change */
static int add_event(struct vcd_writer *w, uint64_t time, int wire, enum change kind,
		     uint64_t value, const char *text)
{
	if (w->nev == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 1024;
		struct vcd_event *ev = realloc(w->ev, cap * sizeof(*ev));

		if (!ev)
			return -1;
		w->ev = ev;
		w->cap = cap;
	}
	w->ev[w->nev] = (struct vcd_event){ .time = time, .value = value, .text = text,
					    .seq = (uint32_t)w->nev, .wire = (uint32_t)wire,
					    .kind = kind };
	w->nev++;
	return 0;
}

/* add_pulse - a pulse on a wire at ts: up at ts, down 1 ns later */
static int add_pulse(struct vcd_writer *w, uint64_t ts, int wire)
{
	return add_event(w, ts, wire, CH_RISE, 0, NULL) ||
	       add_event(w, ts + 1, wire, CH_FALL, 0, NULL);
}

/* new_var - declare a variable in the scope of names; its index, or -1 */
static int new_var(struct vcd_writer *w, struct name_set *names, const char *name,
		   enum var_kind kind, int width)
{
	const char *id = unique_name(names, name);
	struct vcd_var *vars = realloc(w->vars, (size_t)(w->nwires + 1) * sizeof(*vars));
	struct vcd_var *v;

	/* kept even when the name failed: realloc may have moved (and freed) the old one */
	if (vars)
		w->vars = vars;
	if (!id || !vars)
		return -1;
	v = &w->vars[w->nwires];
	*v = (struct vcd_var){ .kind = kind, .width = width };
	id_code(v->id, w->nwires);
	if (kind == VAR_STRING)
		fprintf(w->out, "$var string 1 %s %s $end\n", v->id, id);
	else if (kind == VAR_BUS)
		fprintf(w->out, "$var wire %d %s %s [%d:0] $end\n", width, v->id, id, width - 1);
	else
		fprintf(w->out, "$var wire 1 %s %s $end\n", v->id, id);
	return w->nwires++;
}

/* new_wire - declare a 1-bit wire that pulses; its index, or -1 */
static int new_wire(struct vcd_writer *w, struct name_set *names, const char *name)
{
	return new_var(w, names, name, VAR_PULSE, 1);
}

/* The window wire of a rule checked per value of a field, for one value. */
struct sub_window {
	int rule;
	const char *sub;	/* the instance's sample's */
	int wire;
};

/* The variables of an instance's samples, by what they show; -1: none. */
struct sample_vars {
	int *bus, *bits;	/* per register: its bus, the string of its bit names */
	int *event;		/* per event of the trace */
	int *window, *viol;	/* per rule (window: rules without per) */
	struct sub_window *subs; /* the windows of per rules, a wire per value */
	int nsubs;
};

/* sample_vars_new - every index -1; -1 when out of memory */
static int sample_vars_new(struct sample_vars *sv, const struct fnd_report *r,
			   const struct fnd_trace *t)
{
	int nregs = r->nregisters + 1, nrules = r->nrules + 1, nev = t->nevents + 1;
	int n = 2 * nregs + nev + 2 * nrules, *all = malloc((size_t)n * sizeof(int));

	if (!all)
		return -1;
	for (int i = 0; i < n; i++)
		all[i] = -1;
	sv->bus = all;
	sv->bits = sv->bus + nregs;
	sv->event = sv->bits + nregs;
	sv->window = sv->event + nev;
	sv->viol = sv->window + nrules;
	sv->subs = NULL;
	sv->nsubs = 0;
	return 0;
}

/* reg_widths - each register's bus width: its largest value's bits in whole bytes, 8..64 */
static int *reg_widths(const struct fnd_report *r, const struct fnd_instance *in)
{
	int *width = malloc(((size_t)r->nregisters + 1) * sizeof(int));

	for (int k = 0; width && k < r->nregisters; k++)
		width[k] = 8;
	for (int i = 0; width && i < in->nsamples; i++) {
		const struct fnd_sample *s = &in->samples[i];

		if (s->kind != FND_SAMPLE_REGISTER)
			continue;
		while (width[s->index] < 64 && s->value >> width[s->index])
			width[s->index] += 8;
	}
	return width;
}

/* declare_registers - a bus per register, and the string of its bit names if it has some */
static int declare_registers(struct vcd_writer *w, const struct fnd_report *r,
			     const struct fnd_instance *in, struct name_set *names,
			     struct sample_vars *sv)
{
	int *width = reg_widths(r, in), ret = width ? 0 : -1;

	for (int k = 0; !ret && k < r->nregisters; k++) {
		const struct fnd_register *reg = &r->registers[k];
		char *bits = NULL;

		sv->bus[k] = new_var(w, names, reg->name, VAR_BUS, width[k]);
		if (sv->bus[k] < 0 || (reg->nbits && asprintf(&bits, "%s_bits", reg->name) < 0))
			ret = -1;
		else if (bits && (sv->bits[k] = new_var(w, names, bits, VAR_STRING, 1)) < 0)
			ret = -1;
		free(bits);
	}
	free(width);
	return ret;
}

/* declare_events - module `events`: a wire for each event the instance has records of */
static int declare_events(struct vcd_writer *w, const struct fnd_trace *t,
			  const struct fnd_instance *in, struct sample_vars *sv)
{
	struct name_set names = { 0 };
	int ret = 0;

	for (int i = 0; i < in->nsamples; i++)
		if (in->samples[i].kind == FND_SAMPLE_EVENT)
			sv->event[in->samples[i].index] = -2;	/* used: declared below */
	fputs("$scope module events $end\n", w->out);
	for (int e = 0; !ret && e < t->nevents; e++)
		if (sv->event[e] == -2 && (sv->event[e] = new_wire(w, &names, t->events[e])) < 0)
			ret = -1;
	fputs("$upscope $end\n", w->out);
	names_free(&names);
	return ret;
}

/* sub_wire - the wire of a per rule's window for a value, or -1 */
static int sub_wire(const struct sample_vars *sv, int rule, const char *sub)
{
	for (int k = 0; k < sv->nsubs; k++)
		if (sv->subs[k].rule == rule && !strcmp(sv->subs[k].sub, sub))
			return sv->subs[k].wire;
	return -1;
}

/*
 * declare_sub_windows - a per rule's window wires: one per value of its field the
 * instance's samples show, named "RULE FIELD VALUE" (sanitized)
 */
static int declare_sub_windows(struct vcd_writer *w, const struct fnd_report *r, int k,
			       const struct fnd_instance *in, struct name_set *names,
			       struct sample_vars *sv)
{
	const struct fnd_rule *rule = &r->rules[k];

	for (int i = 0; i < in->nsamples; i++) {
		const struct fnd_sample *s = &in->samples[i];
		struct sub_window *sw;
		char *name;

		if (s->kind != FND_SAMPLE_WINDOW || s->index != k || !s->sub ||
		    sub_wire(sv, k, s->sub) >= 0)
			continue;
		sw = realloc(sv->subs, ((size_t)sv->nsubs + 1) * sizeof(*sw));
		if (!sw)
			return -1;
		sv->subs = sw;
		if (asprintf(&name, "%s %s %s", rule->name, rule->per ? rule->per : "", s->sub) < 0)
			return -1;
		sw[sv->nsubs] = (struct sub_window){ k, s->sub,
						     new_var(w, names, name, VAR_WINDOW, 1) };
		free(name);
		if (sw[sv->nsubs++].wire < 0)
			return -1;
	}
	return 0;
}

/*
 * declare_windows - module `windows`: a wire per rule with a window (per value of its
 * field for a per rule), what its 1 means
 */
static int declare_windows(struct vcd_writer *w, const struct fnd_report *r,
			   const struct fnd_instance *in, struct sample_vars *sv)
{
	struct name_set names = { 0 };
	int ret = 0;

	fputs("$scope module windows $end\n", w->out);
	for (int k = 0; !ret && k < r->nrules; k++) {
		const struct fnd_rule *rule = &r->rules[k];

		if (!rule->window)
			continue;
		if (put_comment(w->out, "%s: 1 while the window is open (%s)%s%s: %s", rule->name,
				rule->window, rule->per ? ", a wire per value of " : "",
				rule->per ? rule->per : "", rule->relation ? rule->relation : ""))
			ret = -1;
		else if (rule->per)
			ret = declare_sub_windows(w, r, k, in, &names, sv);
		else if ((sv->window[k] = new_var(w, &names, rule->name, VAR_WINDOW, 1)) < 0)
			ret = -1;
	}
	fputs("$upscope $end\n", w->out);
	names_free(&names);
	return ret;
}

/* declare_violations - module `violations`: a wire per rule */
static int declare_violations(struct vcd_writer *w, const struct fnd_report *r,
			      struct sample_vars *sv)
{
	struct name_set names = { 0 };
	int ret = 0;

	fputs("$scope module violations $end\n", w->out);
	for (int k = 0; !ret && k < r->nrules; k++)
		if ((sv->viol[k] = new_wire(w, &names, r->rules[k].name)) < 0)
			ret = -1;
	fputs("$upscope $end\n", w->out);
	names_free(&names);
	return ret;
}

/* queue_event - a record: a pulse on its event's wire */
static int queue_event(struct vcd_writer *w, const struct sample_vars *sv,
		       const struct fnd_sample *s)
{
	return add_pulse(w, s->ts, sv->event[s->index]);
}

/* queue_register - a register's new value, on its bus and its bit names */
static int queue_register(struct vcd_writer *w, const struct sample_vars *sv,
			  const struct fnd_sample *s)
{
	return add_event(w, s->ts, sv->bus[s->index], CH_VALUE, s->value, NULL) ||
	       (sv->bits[s->index] >= 0 &&
		add_event(w, s->ts, sv->bits[s->index], CH_VALUE, s->value, s->text));
}

/* queue_window - a window opened, closed, or became unknown */
static int queue_window(struct vcd_writer *w, const struct sample_vars *sv,
			const struct fnd_sample *s)
{
	int wire = s->sub ? sub_wire(sv, s->index, s->sub) : sv->window[s->index];

	return wire >= 0 && add_event(w, s->ts, wire, CH_VALUE, s->value, NULL);
}

/* queue_violation - a pulse on the rule's wire */
static int queue_violation(struct vcd_writer *w, const struct sample_vars *sv,
			   const struct fnd_sample *s)
{
	return add_pulse(w, s->ts, sv->viol[s->index]);
}

/* What each kind of sample changes. */
static int (*const queue_sample[FND_SAMPLE_KIND_COUNT])(struct vcd_writer *w,
							 const struct sample_vars *sv,
							 const struct fnd_sample *s) = {
	[FND_SAMPLE_EVENT] = queue_event,
	[FND_SAMPLE_REGISTER] = queue_register,
	[FND_SAMPLE_WINDOW] = queue_window,
	[FND_SAMPLE_VIOLATION] = queue_violation,
};

/*
 * declare_samples - the registers (in the instance's scope, names) and the modules
 * events, windows and violations, and the changes of the instance's samples
 */
static int declare_samples(struct vcd_writer *w, const struct fnd_report *r,
			   const struct fnd_trace *t, const struct fnd_instance *in,
			   struct name_set *names)
{
	struct sample_vars sv;
	int ret;

	if (sample_vars_new(&sv, r, t))
		return -1;
	ret = declare_registers(w, r, in, names, &sv) || declare_events(w, t, in, &sv) ||
	      declare_windows(w, r, in, &sv) || declare_violations(w, r, &sv) ? -1 : 0;
	for (int i = 0; !ret && i < in->nsamples; i++)
		ret = queue_sample[in->samples[i].kind](w, &sv, &in->samples[i]) ? -1 : 0;
	free(sv.bus);
	free(sv.subs);
	return ret;
}

/*
 * declare_instance - the instance's scope and wires, and its pulses: one per clock per
 * ticking step; one on `violation` per step with a listed violation (at-end ones have
 * no step in the trace and are left out); then what its samples show
 */
static int declare_instance(struct vcd_writer *w, const struct fnd_report *r,
			    const struct fnd_trace *t, const struct fnd_instance *in,
			    const char *name)
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
	if (viol >= 0 && in->nsamples && declare_samples(w, r, t, in, &wires))
		viol = -1;
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
		ret = declare_instance(w, r, t, &t->instances[i], insts.v[i]);
	names_free(&insts);
	fputs("$upscope $end\n", w->out);
	return ret;
}

/*
 * cmp_event - by time, falls before rises (a pulse ends before the next begins), wire,
 * then in the order queued (of two values of a wire at one time, the later one stays)
 */
static int cmp_event(const void *pa, const void *pb)
{
	const struct vcd_event *a = pa, *b = pb;

	if (a->time != b->time)
		return a->time < b->time ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->wire != b->wire)
		return a->wire < b->wire ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* put_bits - a bus value: b and its binary digits (x: not known yet) */
static void put_bits(FILE *out, uint64_t v, bool known)
{
	int top = 63;

	fputc('b', out);
	if (!known) {
		fputc('x', out);
		return;
	}
	while (top > 0 && !(v >> top))
		top--;
	for (int b = top; b >= 0; b--)
		fputc('0' + (int)(v >> b & 1), out);
}

/* put_string - a string value: s and the text without blanks or controls (x: not known) */
static void put_string(FILE *out, const char *text, uint64_t v, bool known)
{
	if (!known)
		fputs("sx", out);
	else if (!text || !*text)
		fprintf(out, "s0x%" PRIx64, v);
	else
		for (fputc('s', out); *text; text++)
			fputc((unsigned char)*text <= ' ' || *text == 0x7f ? '_' : *text, out);
}

/* put_value - a variable's value (known false: its initial one) then its id */
static void put_value(FILE *out, const struct vcd_var *var, const struct vcd_event *e,
		      bool known)
{
	static const char window[] = { [FND_WINDOW_CLOSED] = '0', [FND_WINDOW_OPEN] = '1',
				       [FND_WINDOW_UNKNOWN] = 'x' };

	switch (var->kind) {
	case VAR_PULSE:
		fputc(known ? '1' : '0', out);
		break;
	case VAR_WINDOW:
		fputc(known && e->value < FND_WINDOW_COUNT ? window[e->value] : 'x', out);
		break;
	case VAR_BUS:
		put_bits(out, known ? e->value : 0, known);
		fputc(' ', out);
		break;
	case VAR_STRING:
		put_string(out, known ? e->text : NULL, known ? e->value : 0, known);
		fputc(' ', out);
		break;
	}
	fprintf(out, "%s\n", var->id);
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
		put_value(w->out, &w->vars[i], NULL, false);
	fputs("$end\n", w->out);
	for (size_t i = 0; i < w->nev; i++) {
		const struct vcd_event *e = &w->ev[i];
		const char *id = w->vars[e->wire].id;
		bool rise = e->kind == CH_RISE;

		if (e->time != now)
			fprintf(w->out, "#%" PRIu64 "\n", now = e->time);
		if (e->kind == CH_VALUE) {
			put_value(w->out, &w->vars[e->wire], e, true);
			continue;
		}
		if (rise && up[e->wire])
			fprintf(w->out, "0%s\n", id);
		if (rise || up[e->wire])
			fprintf(w->out, "%c%s\n", rise ? '1' : '0', id);
		up[e->wire] = (char)rise;
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
	free(w.vars);
	if (ret)
		errno = ENOMEM;
	return ret || ferror(out) ? -1 : 0;
}
