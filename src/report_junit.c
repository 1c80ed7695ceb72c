// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * report_junit.c - the JUnit XML report, for CI systems that show test results
 *
 * One <testsuite> per trace, one <testcase> per instance and rule: CI dashboards
 * then list every rule of every device as a test. A violated rule of severity
 * error is a <failure>; a violated warning (a SHOULD) is a passed test whose
 * <system-out> says what was seen, unless --warnings-as-errors makes it a
 * <failure> of type "warning" (so the test view is red exactly when the exit
 * status says violated); a rule the trace cannot check and an obligation left
 * pending at the end are <skipped>: both are inconclusive, not violations.
 * No timestamps or durations: the same trace gives the same file.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

enum rule_state {
	RULE_PASSED,
	RULE_FAILED,
	RULE_WARNED,		/* a warning's violation, not counted as a failure */
	RULE_PENDING,
	RULE_UNCHECKED,
	RULE_UNDECIDED,		/* steps it could not decide: a register without a value */
};

/* xml_attr - name="value", escaped, with a leading space */
static void xml_attr(FILE *out, const char *name, const char *value)
{
	fprintf(out, " %s=\"", name);
	report_put_markup(out, value, true);
	fputc('"', out);
}

/* xml_record - one record on one line, as the text report prints it */
static void xml_record(FILE *out, const char *prefix, const struct fnd_record *r)
{
	char ts[32], line[96];

	report_ts(ts, sizeof(ts), r->ts);
	snprintf(line, sizeof(line), "%s%s [%03d] ", prefix, ts, r->cpu);
	report_put_markup(out, line, false);
	report_put_markup(out, r->comm, false);
	fprintf(out, "-%d ", r->pid);
	report_put_markup(out, r->event, false);
	for (int i = 0; i < r->nfields; i++) {
		const struct fnd_field *f = &r->fields[i];

		fputc(' ', out);
		report_put_markup(out, f->name, false);
		fputc('=', out);
		if (f->is_str)
			fputs("&quot;", out);
		report_put_markup(out, f->value, false);
		if (f->is_str)
			fputs("&quot;", out);
		if (f->decoded) {
			fputs(" (", out);
			report_put_markup(out, f->decoded, false);
			fputc(')', out);
		}
	}
	fputc('\n', out);
}

/* find_pending - the pending obligation of a rule in an instance, or NULL */
static const struct fnd_pending *find_pending(const struct fnd_instance *in, int rule)
{
	for (int i = 0; i < in->npending; i++)
		if (in->pending[i].rule == rule)
			return &in->pending[i];
	return NULL;
}

/* find_undecided - the steps an instance could not decide a rule at, or NULL */
static const struct fnd_undecided *find_undecided(const struct fnd_instance *in, int rule)
{
	for (int i = 0; i < in->nundecided; i++)
		if (in->undecided[i].rule == rule)
			return &in->undecided[i];
	return NULL;
}

/* find_unchecked - why the trace cannot check a rule, or NULL */
static const struct fnd_unchecked *find_unchecked(const struct fnd_trace *t, int rule)
{
	for (int i = 0; i < t->nunchecked; i++)
		if (t->unchecked[i].rule == rule)
			return &t->unchecked[i];
	return NULL;
}

/* rule_state - a rule's outcome in an instance; a violation outranks everything else */
static enum rule_state rule_state(const struct fnd_report *r, const struct fnd_trace *t,
				  const struct fnd_instance *in, int rule)
{
	if (fnd_count(in, rule))
		return r->rules[rule].warning && !r->warnings_as_errors ? RULE_WARNED : RULE_FAILED;
	if (find_pending(in, rule))
		return RULE_PENDING;
	if (find_unchecked(t, rule))
		return RULE_UNCHECKED;
	if (find_undecided(in, rule))
		return RULE_UNDECIDED;
	return RULE_PASSED;
}

/* write_violations - a violated rule's relation, reference and each violation, as text */
static void write_violations(FILE *out, const struct fnd_report *r, const struct fnd_instance *in,
			     int rule)
{
	const struct fnd_rule *ru = &r->rules[rule];
	int listed = 0;

	fputs("relation: ", out);
	report_put_markup(out, ru->relation, false);
	fputc('\n', out);
	if (ru->reference) {
		fputs("reference: ", out);
		report_put_markup(out, ru->reference, false);
		fputc('\n', out);
	}
	for (int i = 0; i < in->nviolations; i++) {
		const struct fnd_violation *v = &in->violations[i];

		if (v->rule != rule)
			continue;
		listed++;
		if (v->at_end) {
			fprintf(out, "at end of trace (step %" PRIu64 "): ", v->step);
		} else {
			fprintf(out, "at step %" PRIu64 ": ", v->step);
			xml_record(out, "", &v->rec);
			fputs("  because ", out);
		}
		if (v->sub) {
			fputc('(', out);
			report_put_markup(out, ru->per, false);
			fputc(' ', out);
			report_put_markup(out, v->sub, false);
			fputs(") ", out);
		}
		report_put_markup(out, v->why, false);
		fputc('\n', out);
	}
	if (fnd_count(in, rule) > (uint64_t)listed)
		fprintf(out, "violated %" PRIu64 " times in all, %d listed\n", fnd_count(in, rule),
			listed);
}

/* write_failure - the <failure> of a violated rule */
static void write_failure(FILE *out, const struct fnd_report *r, const struct fnd_instance *in,
			  int rule)
{
	const struct fnd_rule *ru = &r->rules[rule];

	/* a finding about the device (the VMM), not the driver, says so first */
	fprintf(out, "      <failure message=\"%s", ru->device ? "device: " : "");
	report_put_markup(out, ru->message ? ru->message : ru->relation, true);
	fputc('"', out);
	xml_attr(out, "type", ru->warning ? "warning" : "error");
	fputc('>', out);
	write_violations(out, r, in, rule);
	fputs("</failure>\n", out);
}

/* write_warned - a violated warning that is not a failure: what was seen, in <system-out> */
static void write_warned(FILE *out, const struct fnd_report *r, const struct fnd_instance *in,
			 int rule)
{
	const struct fnd_rule *ru = &r->rules[rule];

	fputs("      <system-out>warning: ", out);
	report_put_markup(out, ru->message ? ru->message : ru->relation, false);
	fputc('\n', out);
	write_violations(out, r, in, rule);
	fputs("</system-out>\n", out);
}


/* put_skipped - end a testcase as skipped with msg (freed); -1 when msg is NULL */
static int put_skipped(FILE *out, char *msg)
{
	if (!msg)
		return -1;
	fputs(">\n      <skipped", out);
	xml_attr(out, "message", msg);
	fputs("/>\n    </testcase>\n", out);
	free(msg);
	return 0;
}

/* write_testcase - one rule of one instance; -1 when out of memory */
static int write_testcase(FILE *out, const struct fnd_report *r, const struct fnd_trace *t,
			   const struct fnd_instance *in, const char *classname, int rule)
{
	const struct fnd_pending *p;
	const struct fnd_unchecked *u;
	const struct fnd_undecided *d;

	fputs("    <testcase", out);
	xml_attr(out, "classname", classname);
	xml_attr(out, "name", r->rules[rule].name);
	switch (rule_state(r, t, in, rule)) {
	case RULE_FAILED:
		fputs(">\n", out);
		write_failure(out, r, in, rule);
		fputs("    </testcase>\n", out);
		return 0;
	case RULE_WARNED:
		fputs(">\n", out);
		write_warned(out, r, in, rule);
		fputs("    </testcase>\n", out);
		return 0;
	case RULE_PENDING:
		p = find_pending(in, rule);
		return put_skipped(out, report_strf("pending at end of trace: %s", p->why));
	case RULE_UNCHECKED:
		u = find_unchecked(t, rule);
		return put_skipped(out, report_strf("%s%s", u->reason,
						u->optional ? " (optional rule)" : ""));
	case RULE_UNDECIDED:
		d = find_undecided(in, rule);
		return put_skipped(out, report_strf("%s checked: %" PRIu64 " step%s read a register "
						"before it had a value%s",
						d->never_decided ? "not" : "partly", d->steps,
						d->steps == 1 ? "" : "s",
						d->optional ? " (optional rule)" : ""));
	case RULE_PASSED:
		fputs("/>\n", out);
		return 0;
	}
	return 0;
}

/* classname - the instance key and its label: "virtio0 (balloon, 0000:00:02.0)" */
static char *classname(const struct fnd_instance *in)
{
	char *s = NULL;

	if (!in->label)
		return strdup(in->key);
	if (asprintf(&s, "%s (%s)", in->key, in->label) < 0)
		return NULL;
	return s;
}

/* count_states - tests, failures and skipped of a trace's suite */
static void count_states(const struct fnd_report *r, const struct fnd_trace *t, int *tests,
			 int *failures, int *skipped)
{
	*tests = *failures = *skipped = 0;
	for (int i = 0; i < t->ninstances; i++) {
		for (int k = 0; k < r->nrules; k++) {
			enum rule_state s = rule_state(r, t, &t->instances[i], k);

			(*tests)++;
			*failures += s == RULE_FAILED;
			*skipped += s == RULE_PENDING || s == RULE_UNCHECKED || s == RULE_UNDECIDED;
		}
	}
	/* A trace without instances still gets one (skipped) test: nothing was checked. */
	if (!t->ninstances)
		*tests = *skipped = 1;
}

/* write_property - <property name= value=/> */
static void write_property(FILE *out, const char *name, const char *value)
{
	fputs("      <property", out);
	xml_attr(out, "name", name);
	xml_attr(out, "value", value);
	fputs("/>\n", out);
}

/* write_properties - the trace's verdict, kernel and event counts */
static void write_properties(FILE *out, const struct fnd_trace *t)
{
	char num[32];

	fputs("    <properties>\n", out);
	write_property(out, "verdict", fnd_verdict_name(t->verdict));
	if (t->kernel)
		write_property(out, "kernel", t->kernel);
	snprintf(num, sizeof(num), "%" PRIu64, t->events_read);
	write_property(out, "events_read", num);
	snprintf(num, sizeof(num), "%" PRIu64, t->events_used);
	write_property(out, "events_used", num);
	snprintf(num, sizeof(num), "%" PRIu64 "%s", t->lost_total, t->lost_unknown ? "+" : "");
	write_property(out, "lost_events", num);
	fputs("    </properties>\n", out);
}

/* write_suite - one trace; a trace that could not be read is one test in error. -1: no memory */
static int write_suite(FILE *out, const struct fnd_report *r, const struct fnd_trace *t)
{
	int tests, failures, skipped;

	fputs("  <testsuite", out);
	xml_attr(out, "name", t->file);
	if (t->error) {
		fputs(" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n", out);
		write_properties(out, t);
		fputs("    <testcase", out);
		xml_attr(out, "classname", t->file);
		fputs(" name=\"read trace\">\n      <error", out);
		xml_attr(out, "message", t->error);
		fputs(" type=\"error\">", out);
		report_put_markup(out, t->error, false);
		fputs("</error>\n    </testcase>\n  </testsuite>\n", out);
		return 0;
	}
	count_states(r, t, &tests, &failures, &skipped);
	fprintf(out, " tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\">\n", tests,
		failures, skipped);
	write_properties(out, t);
	if (!t->ninstances) {
		fputs("    <testcase", out);
		xml_attr(out, "classname", t->file);
		fputs(" name=\"instances\">\n      <skipped message=\"no instance observed: nothing "
		      "to check\"/>\n    </testcase>\n",
		      out);
	}
	for (int i = 0; i < t->ninstances; i++) {
		char *cls = classname(&t->instances[i]);

		if (!cls)
			return -1;
		for (int k = 0; k < r->nrules; k++)
			if (write_testcase(out, r, t, &t->instances[i], cls, k)) {
				free(cls);
				return -1;
			}
		free(cls);
	}
	fputs("  </testsuite>\n", out);
	return 0;
}

/* report_junit - the JUnit XML report; -1 with errno ENOMEM when out of memory */
int report_junit(const struct fnd_report *r, FILE *out)
{
	int tests = 0, failures = 0, errors = 0, skipped = 0;
	char *name = NULL;

	for (int i = 0; i < r->ntraces; i++) {
		int t, f, s;

		if (r->traces[i].error) {
			tests++;
			errors++;
			continue;
		}
		count_states(r, &r->traces[i], &t, &f, &s);
		tests += t;
		failures += f;
		skipped += s;
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites", out);
	if (asprintf(&name, "ccsl-check %s", r->spec_name ? r->spec_name : "") < 0) {
		errno = ENOMEM;
		return -1;
	}
	xml_attr(out, "name", name);
	free(name);
	fprintf(out, " tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\">\n", tests,
		failures, errors, skipped);
	for (int i = 0; i < r->ntraces; i++)
		if (write_suite(out, r, &r->traces[i])) {
			errno = ENOMEM;	/* the one way a suite fails */
			return -1;
		}
	fputs("</testsuites>\n", out);
	return ferror(out) ? -1 : 0;
}
