// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * report_text.c - the report a person reads at a terminal
 *
 * Per trace a header, per instance a summary line, then each finding with
 * its rule, the offending record, why it failed and the records before it.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

#define C_RED	 "\033[1;31m"
#define C_GREEN	 "\033[1;32m"
#define C_YELLOW "\033[1;33m"
#define C_BOLD	 "\033[1m"
#define C_DIM	 "\033[2m"
#define C_OFF	 "\033[0m"

/* paint - a colour code when colours are on */
static const char *paint(const struct report_opts *o, const char *code)
{
	return o->color ? code : "";
}

/* verdict_color - the colour of a verdict */
static const char *verdict_color(const struct report_opts *o, enum verdict v)
{
	return paint(o, v == VERDICT_VIOLATED ? C_RED : v == VERDICT_CONFORMS ? C_GREEN : C_YELLOW);
}

/* verdict_word - the verdict as the summary line shouts it */
static const char *verdict_word(enum verdict v)
{
	return v == VERDICT_VIOLATED   ? "VIOLATED"
	       : v == VERDICT_CONFORMS ? "CONFORMS"
				       : "INCONCLUSIVE";
}

/* report_ts - a timestamp in seconds with microseconds, rounded as trace-cmd prints it */
void report_ts(char *buf, size_t len, uint64_t ns)
{
	uint64_t us = ns / 1000 + (ns % 1000 >= 500);

	snprintf(buf, len, "%" PRIu64 ".%06" PRIu64, us / 1000000, us % 1000000);
}

/* print_record - one record on one line: time, CPU, task, event, fields */
static void print_record(FILE *out, const char *indent, const struct fnd_record *r)
{
	char ts[32];

	report_ts(ts, sizeof(ts), r->ts);
	fprintf(out, "%s%14s [%03d] %16s-%-6d %s", indent, ts, r->cpu, r->comm, r->pid, r->event);
	for (int i = 0; i < r->nfields; i++) {
		const struct fnd_field *f = &r->fields[i];

		fprintf(out, " %s=%s%s%s", f->name, f->is_str ? "\"" : "", f->value,
			f->is_str ? "\"" : "");
		if (f->decoded)
			fprintf(out, " (%s)", f->decoded);
	}
	fputc('\n', out);
}

/* print_rule_head - "error: NAME  relation" and the rule's message and reference */
static void print_rule_head(FILE *out, const struct fnd_rule *rule, const char *kind,
			    const char *color, const struct report_opts *o)
{
	fprintf(out, "  %s%s%s: %s%s%s  %s\n", color, kind, paint(o, C_OFF), paint(o, C_BOLD),
		rule->name, paint(o, C_OFF), rule->relation ? rule->relation : "");
	if (rule->message)
		fprintf(out, "    %s\n", rule->message);
	if (rule->reference)
		fprintf(out, "    %sreference: %s%s\n", paint(o, C_DIM), rule->reference,
			paint(o, C_OFF));
}

/* print_violation - one violation with its record, reason and context */
static void print_violation(FILE *out, const struct fnd_report *r, const struct fnd_instance *in,
			    const struct fnd_violation *v, const struct report_opts *o)
{
	const struct fnd_rule *rule = &r->rules[v->rule];
	const char *kind = rule->warning ? "warning" : "error";

	if (v->nth > 1) {
		fprintf(out, "  %s%s%s: %s again (violation %" PRIu64 ", step %" PRIu64 ")\n",
			paint(o, rule->warning ? C_YELLOW : C_RED), kind, paint(o, C_OFF),
			rule->name, v->nth, v->step);
		print_record(out, "    at ", &v->rec);
		return;
	}
	print_rule_head(out, rule, kind, paint(o, rule->warning ? C_YELLOW : C_RED), o);
	if (v->at_end) {
		fprintf(out, "    at end of trace (step %" PRIu64 "): %s\n", v->step, v->why);
		return;
	}
	fprintf(out, "    at step %" PRIu64 ":\n", v->step);
	print_record(out, "    > ", &v->rec);
	fprintf(out, "    because %s\n", v->why);
	if (in->counts[v->rule] > 1)
		fprintf(out, "    (violated %" PRIu64 " times in all)\n", in->counts[v->rule]);
	if (v->ncontext)
		fprintf(out, "    %sbefore it:%s\n", paint(o, C_DIM), paint(o, C_OFF));
	for (int i = 0; i < v->ncontext; i++)
		print_record(out, "      ", &v->context[i]);
	if (v->nafter)
		fprintf(out, "    %safter it:%s\n", paint(o, C_DIM), paint(o, C_OFF));
	for (int i = 0; i < v->nafter; i++)
		print_record(out, "      ", &v->after[i]);
}

/* plural - "s" unless n is 1 */
static const char *plural(uint64_t n)
{
	return n == 1 ? "" : "s";
}

/* print_instance - the summary line of an instance and its findings */
static void print_instance(FILE *out, const struct fnd_report *r, const struct fnd_trace *t,
			   const struct fnd_instance *in, const struct report_opts *o)
{
	fprintf(out, "\n%s%s%s%s%s%s: %s%s%s  %d error%s, %d warning%s\n", paint(o, C_BOLD),
		in->key, in->label ? " (" : "", in->label ? in->label : "", in->label ? ")" : "",
		paint(o, C_OFF), verdict_color(o, in->verdict), verdict_word(in->verdict),
		paint(o, C_OFF), in->errors, plural((uint64_t)in->errors), in->warnings,
		plural((uint64_t)in->warnings));
	if (o->verbose < 0)
		return;
	if (in->partial)
		fprintf(out, "  note: the first cycle was only partly observed (the trace starts "
			     "after the device was set up)\n");
	for (int i = 0; i < in->nviolations; i++)
		print_violation(out, r, in, &in->violations[i], o);
	for (int i = 0; i < in->npending; i++) {
		print_rule_head(out, &r->rules[in->pending[i].rule], "pending",
				paint(o, C_YELLOW), o);
		fprintf(out, "    at end of trace: %s\n", in->pending[i].why);
	}
}

/* print_lines - a heading and a text, each of its lines indented */
static void print_lines(FILE *out, const char *heading, const char *text)
{
	fprintf(out, "%s\n", heading);
	while (*text) {
		size_t n = strcspn(text, "\n");

		fprintf(out, "    %.*s\n", (int)n, text);
		text += n + (text[n] == '\n');
	}
}

/* print_trace_head - file, counts, lost events */
static void print_trace_head(FILE *out, const struct fnd_trace *t, const struct report_opts *o)
{
	char a[32], b[32];

	if (t->error) {
		fprintf(out, "%s%s%s: %sERROR%s\n  %s\n", paint(o, C_BOLD), t->file,
			paint(o, C_OFF), paint(o, C_RED), paint(o, C_OFF), t->error);
		return;
	}
	fprintf(out, "%s%s%s: %s%s%s\n", paint(o, C_BOLD), t->file, paint(o, C_OFF),
		verdict_color(o, t->verdict), verdict_word(t->verdict), paint(o, C_OFF));
	if (t->kernel)
		fprintf(out, "  kernel %s\n", t->kernel);
	if (t->messages && o->verbose > 0)
		print_lines(out, "  the trace libraries said:", t->messages);
	fprintf(out, "  %" PRIu64 " event%s read, %" PRIu64 " used, %d instance%s", t->events_read,
		plural(t->events_read), t->events_used, t->ninstances,
		plural((uint64_t)t->ninstances));
	if (!t->nlost)
		fprintf(out, ", no events lost\n");
	else
		fprintf(out, ", %s%" PRIu64 "%s events LOST%s\n", paint(o, C_YELLOW), t->lost_total,
			t->lost_unknown ? "+" : "", paint(o, C_OFF));
	for (int i = 0; i < t->nlost; i++) {
		report_ts(a, sizeof(a), t->lost[i].first_ts);
		report_ts(b, sizeof(b), t->lost[i].last_ts);
		fprintf(out,
			"  cpu %d lost %" PRIu64 " events%s between %s and %s: rules over "
			"that window cannot be trusted\n",
			t->lost[i].cpu, t->lost[i].known,
			t->lost[i].unknown ? " (and an unknown number)" : "", a, b);
	}
	if (t->bad_fields)
		fprintf(out, "  %" PRIu64 " field value%s failed bounds checks (corrupt records)\n",
			t->bad_fields, plural(t->bad_fields));
	if (t->unknown_ids)
		fprintf(out, "  %" PRIu64 " record%s with an event id no format describes: not "
			"checked\n", t->unknown_ids, plural(t->unknown_ids));
	if (t->time_backwards)
		fprintf(out, "  time goes backwards %" PRIu64 " time%s (the first: %s): the order "
			"of the records is not time's\n", t->time_backwards,
			plural(t->time_backwards), t->time_backwards_at ? t->time_backwards_at : "?");
	if (!t->ninstances)
		fprintf(out, "  no instance observed: nothing to check\n");
}

/* report_text - the human report */
int report_text(const struct fnd_report *r, FILE *out, const struct report_opts *o)
{
	int count[3] = { 0 }, errors = 0;

	for (int i = 0; i < r->ntraces; i++) {
		const struct fnd_trace *t = &r->traces[i];

		if (i)
			fputc('\n', out);
		print_trace_head(out, t, o);
		for (int j = 0; j < t->ninstances; j++)
			print_instance(out, r, t, &t->instances[j], o);
		if (t->nunchecked && o->verbose >= 0)
			fputc('\n', out);
		for (int j = 0; j < t->nunchecked && o->verbose >= 0; j++)
			fprintf(out, "  not checked: %s (%s%s)\n",
				r->rules[t->unchecked[j].rule].name, t->unchecked[j].reason,
				t->unchecked[j].optional ? "; optional" : "");
		if (t->error)
			errors++;
		else
			count[t->verdict]++;
	}
	fprintf(out, "\n%d trace%s checked against %s%s%s: %d conform%s, %d violated, %d "
		     "inconclusive, %d unreadable\n",
		r->ntraces, plural((uint64_t)r->ntraces), r->spec_name ? r->spec_name : "the spec",
		r->spec_file ? " " : "", r->spec_file ? r->spec_file : "",
		count[VERDICT_CONFORMS], count[VERDICT_CONFORMS] == 1 ? "s" : "",
		count[VERDICT_VIOLATED], count[VERDICT_INCONCLUSIVE], errors);
	return ferror(out) ? -1 : 0;
}

/* report_timeline - per instance, every record in order */
int report_timeline(const struct fnd_report *r, FILE *out, const struct report_opts *o)
{
	for (int i = 0; i < r->ntraces; i++) {
		const struct fnd_trace *t = &r->traces[i];

		print_trace_head(out, t, o);
		for (int j = 0; j < t->ninstances; j++) {
			const struct fnd_instance *in = &t->instances[j];

			fprintf(out, "\n%s%s%s%s%s%s: %d record%s\n", paint(o, C_BOLD), in->key,
				in->label ? " (" : "", in->label ? in->label : "",
				in->label ? ")" : "", paint(o, C_OFF), in->ntimeline,
				plural((uint64_t)in->ntimeline));
			for (int k = 0; k < in->ntimeline; k++)
				print_record(out, "  ", &in->timeline[k]);
		}
		fputc('\n', out);
	}
	return ferror(out) ? -1 : 0;
}
