// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * report_text.c - the report a person reads at a terminal
 *
 * Per trace a header, per instance a summary line, then each finding with
 * its rule, the offending record, why it failed and the records before it.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
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
	return paint(o, v == VERDICT_CONFORMS ? C_GREEN : v == VERDICT_INCONCLUSIVE ? C_YELLOW : C_RED);
}

/* verdict_word - the verdict as the summary line shouts it */
static const char *verdict_word(enum verdict v)
{
	static const char *const words[VERDICT_COUNT] = {
		[VERDICT_CONFORMS] = "CONFORMS",
		[VERDICT_INCONCLUSIVE] = "INCONCLUSIVE",
		[VERDICT_VIOLATED] = "VIOLATED",
		[VERDICT_ERROR] = "ERROR",
	};

	return (unsigned int)v < VERDICT_COUNT ? words[v] : "ERROR";
}

/* report_ts - a timestamp in seconds with microseconds, rounded as trace-cmd prints it */
void report_ts(char *buf, size_t len, uint64_t ns)
{
	uint64_t us = ns / 1000 + (ns % 1000 >= 500);

	snprintf(buf, len, "%" PRIu64 ".%06" PRIu64, us / 1000000, us % 1000000);
}

/* put - a string from a trace or a spec, escaped */
static void put(FILE *out, const char *str)
{
	report_put_text(out, str);
}

/* print_record - one record on one line: time, CPU, task, event, fields */
static void print_record(FILE *out, const char *indent, const struct fnd_record *r)
{
	char ts[32], pid[16];
	int pad = 16 - (int)strlen(r->comm ? r->comm : "");

	report_ts(ts, sizeof(ts), r->ts);
	snprintf(pid, sizeof(pid), "%d", r->pid);
	fprintf(out, "%s%14s [%03d] %*s", indent, ts, r->cpu, pad > 0 ? pad : 0, "");
	put(out, r->comm);
	fprintf(out, "-%-6s ", pid);
	put(out, r->event);
	for (int i = 0; i < r->nfields; i++) {
		const struct fnd_field *f = &r->fields[i];

		fputc(' ', out);
		put(out, f->name);
		fprintf(out, "=%s", f->is_str ? "\"" : "");
		put(out, f->value);
		fprintf(out, "%s", f->is_str ? "\"" : "");
		if (f->decoded) {
			fputs(" (", out);
			put(out, f->decoded);
			fputc(')', out);
		}
	}
	fputc('\n', out);
}

/* print_rule_head - "error: NAME  relation" and the rule's message and reference */
static void print_rule_head(FILE *out, const struct fnd_rule *rule, const char *kind,
			    const char *color, const struct report_opts *o, const char *sub)
{
	fprintf(out, "  %s%s%s%s: %s", color, rule->device ? "device " : "", kind, paint(o, C_OFF),
		paint(o, C_BOLD));
	put(out, rule->name);
	fputs(paint(o, C_OFF), out);
	report_put_sub(out, rule, sub);
	fputs("  ", out);
	put(out, rule->relation);
	fputc('\n', out);
	if (rule->message) {
		fputs("    ", out);
		put(out, rule->message);
		fputc('\n', out);
	}
	if (rule->reference) {
		fprintf(out, "    %sreference: ", paint(o, C_DIM));
		put(out, rule->reference);
		fprintf(out, "%s\n", paint(o, C_OFF));
	}
}

/* print_violation - one violation with its record, reason and context */
static void print_violation(FILE *out, const struct fnd_report *r, const struct fnd_instance *in,
			    const struct fnd_violation *v, const struct report_opts *o)
{
	const struct fnd_rule *rule = &r->rules[v->rule];
	const char *kind = rule->warning ? "warning" : "error";

	if (v->nth > 1) {
		fprintf(out, "  %s%s%s%s: ", paint(o, rule->warning ? C_YELLOW : C_RED),
			rule->device ? "device " : "", kind, paint(o, C_OFF));
		put(out, rule->name);
		report_put_sub(out, rule, v->sub);
		fprintf(out, " again (violation %" PRIu64 ", step %" PRIu64 ")\n", v->nth, v->step);
		print_record(out, "    at ", &v->rec);
		return;
	}
	print_rule_head(out, rule, kind, paint(o, rule->warning ? C_YELLOW : C_RED), o, v->sub);
	if (v->at_end) {
		fprintf(out, "    at end of trace (step %" PRIu64 "): ", v->step);
		put(out, v->why);
		fputc('\n', out);
		return;
	}
	fprintf(out, "    at step %" PRIu64 ":\n", v->step);
	print_record(out, "    > ", &v->rec);
	fputs("    because ", out);
	put(out, v->why);
	fputc('\n', out);
	if (fnd_count(in, v->rule) > 1)
		fprintf(out, "    (violated %" PRIu64 " times in all)\n", fnd_count(in, v->rule));
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

/* print_names - a heading and rule names on one line, or nothing for none */
static void print_names(FILE *out, const struct fnd_report *r, const char *heading,
			const int *rules, int n)
{
	if (!n)
		return;
	fputs(heading, out);
	for (int i = 0; i < n; i++) {
		fputs(i ? ", " : " ", out);
		put(out, r->rules[rules[i]].name);
	}
	fputc('\n', out);
}

/* print_undecided - a rule some steps could not decide */
static void print_undecided(FILE *out, const struct fnd_report *r, const struct fnd_undecided *u,
			    const struct report_opts *o)
{
	fprintf(out, "  %s%s checked%s: ", paint(o, C_YELLOW), u->never_decided ? "not" : "partly",
		paint(o, C_OFF));
	put(out, r->rules[u->rule].name);
	fprintf(out, " (%" PRIu64 " step%s read a register before it had a value%s)\n", u->steps,
		plural(u->steps), u->optional ? "; optional" : "");
}

/* print_name - "virtio0 (balloon, 0000:00:04.0)" in bold */
static void print_name(FILE *out, const struct fnd_instance *in, const struct report_opts *o)
{
	fputs(paint(o, C_BOLD), out);
	put(out, in->key);
	if (in->label) {
		fputs(" (", out);
		put(out, in->label);
		fputc(')', out);
	}
	fputs(paint(o, C_OFF), out);
}

/* print_summary - "virtio0 (balloon, ...): VIOLATED  2 errors, 0 warnings" */
static void print_summary(FILE *out, const struct fnd_instance *in, const struct report_opts *o)
{
	print_name(out, in, o);
	fprintf(out, ": %s%s%s  %d error%s, %d warning%s\n", verdict_color(o, in->verdict),
		verdict_word(in->verdict), paint(o, C_OFF), in->errors,
		plural((uint64_t)in->errors), in->warnings, plural((uint64_t)in->warnings));
}

/* print_instance - the summary line of an instance and its findings */
static void print_instance(FILE *out, const struct fnd_report *r, const struct fnd_instance *in,
			   const struct report_opts *o)
{
	fputc('\n', out);
	print_summary(out, in, o);
	if (in->partial)
		fprintf(out, "  note: the first cycle was only partly observed (the trace starts "
			     "after the device was set up)\n");
	print_names(out, r, "    judged on the unknown state before it:", in->unknown_past,
		    in->nunknown_past);
	for (int i = 0; i < in->nviolations; i++)
		print_violation(out, r, in, &in->violations[i], o);
	for (int i = 0; i < in->nundecided; i++)
		print_undecided(out, r, &in->undecided[i], o);
	for (int i = 0; i < in->npending; i++) {
		print_rule_head(out, &r->rules[in->pending[i].rule], "pending",
				paint(o, C_YELLOW), o, in->pending[i].sub);
		fputs("    at end of trace: ", out);
		put(out, in->pending[i].why);
		fputc('\n', out);
	}
}

/* print_lines - a heading and a text, each of its lines indented */
static void print_lines(FILE *out, const char *heading, const char *text)
{
	fprintf(out, "%s\n", heading);
	while (*text) {
		size_t n = strcspn(text, "\n");
		char *line = strndup(text, n);

		fputs("    ", out);
		put(out, line ? line : "");
		fputc('\n', out);
		free(line);
		text += n + (text[n] == '\n');
	}
}

/* print_file - a trace's name and verdict: "trace.dat: VIOLATED" */
static void print_file(FILE *out, const struct fnd_trace *t, const struct report_opts *o)
{
	fputs(paint(o, C_BOLD), out);
	put(out, t->file);
	fprintf(out, "%s: %s%s%s", paint(o, C_OFF), verdict_color(o, t->verdict),
		verdict_word(t->verdict), paint(o, C_OFF));
}

/* print_trace_head - file, counts, lost events */
static void print_trace_head(FILE *out, const struct fnd_trace *t, const struct report_opts *o)
{
	char a[32], b[32];

	print_file(out, t, o);
	fputc('\n', out);
	if (t->error) {
		fputs("  ", out);
		put(out, t->error);
		fputc('\n', out);
		return;
	}
	if (t->kernel) {
		fputs("  kernel ", out);
		put(out, t->kernel);
		fputc('\n', out);
	}
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

/* print_quiet - -q: one line per instance, or one for the trace if it has none */
static void print_quiet(FILE *out, const struct fnd_trace *t, const struct report_opts *o)
{
	if (t->error || !t->ninstances) {
		print_file(out, t, o);
		fputs(": ", out);
		put(out, t->error ? t->error : "no instance observed: nothing to check");
		fputc('\n', out);
		return;
	}
	for (int j = 0; j < t->ninstances; j++) {
		fputs(paint(o, C_BOLD), out);
		put(out, t->file);
		fprintf(out, "%s: ", paint(o, C_OFF));
		print_summary(out, &t->instances[j], o);
	}
}

/* print_trace - a trace's head, its instances and the rules it could not check */
static void print_trace(FILE *out, const struct fnd_report *r, const struct fnd_trace *t,
			const struct report_opts *o)
{
	print_trace_head(out, t, o);
	for (int j = 0; j < t->ninstances; j++)
		print_instance(out, r, &t->instances[j], o);
	if (t->nunchecked)
		fputc('\n', out);
	for (int j = 0; j < t->nunchecked; j++) {
		fputs("  not checked: ", out);
		put(out, r->rules[t->unchecked[j].rule].name);
		fputs(" (", out);
		put(out, t->unchecked[j].reason);
		fprintf(out, "%s)\n", t->unchecked[j].optional ? "; optional" : "");
	}
}

/* report_text - the human report */
int report_text(const struct fnd_report *r, FILE *out, const struct report_opts *o)
{
	int count[VERDICT_COUNT] = { 0 };

	for (int i = 0; i < r->ntraces; i++) {
		const struct fnd_trace *t = &r->traces[i];

		if (o->verbose < 0) {
			print_quiet(out, t, o);
		} else {
			if (i)
				fputc('\n', out);
			print_trace(out, r, t, o);
		}
		count[t->verdict]++;
	}
	fprintf(out, "%s%d trace%s checked against ", o->verbose < 0 ? "" : "\n", r->ntraces,
		plural((uint64_t)r->ntraces));
	put(out, r->spec_name ? r->spec_name : "the spec");
	if (r->spec_file) {
		fputc(' ', out);
		put(out, r->spec_file);
	}
	fprintf(out, ": %d conform%s, %d violated, %d inconclusive, %d error%s: %s%s%s\n",
		count[VERDICT_CONFORMS], count[VERDICT_CONFORMS] == 1 ? "s" : "",
		count[VERDICT_VIOLATED], count[VERDICT_INCONCLUSIVE], count[VERDICT_ERROR],
		plural((uint64_t)count[VERDICT_ERROR]), verdict_color(o, r->verdict),
		verdict_word(r->verdict), paint(o, C_OFF));
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

			fputc('\n', out);
			print_name(out, in, o);
			fprintf(out, ": %d record%s\n", in->ntimeline,
				plural((uint64_t)in->ntimeline));
			for (int k = 0; k < in->ntimeline; k++)
				print_record(out, "  ", &in->timeline[k]);
		}
		fputc('\n', out);
	}
	return ferror(out) ? -1 : 0;
}
