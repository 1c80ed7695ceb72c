/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * report.h - the report writers: findings -> text, JSON, JUnit XML, VCD, HTML, timelines
 *
 * The last stage of the pipeline; they read findings and nothing else.
 */
#ifndef CCSL_REPORT_H
#define CCSL_REPORT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "findings.h"

struct report_opts {
	bool color;		/* ANSI colours (a terminal) */
	int verbose;		/* 0: findings; 1: + every rule's result; -1: summary only */
};

/* report_text - the human report */
int report_text(const struct fnd_report *r, FILE *out, const struct report_opts *o);

/* report_timeline - per instance, every record in order */
int report_timeline(const struct fnd_report *r, FILE *out, const struct report_opts *o);

/* report_json - the JSON report (doc/report.schema.json) */
int report_json(const struct fnd_report *r, FILE *out);

/* report_junit - the JUnit XML report: a testsuite per trace, a testcase per instance and rule */
int report_junit(const struct fnd_report *r, FILE *out);

/*
 * report_vcd - the VCD timing diagram of every clock (needs check_options.ticks), and of
 * registers, events, windows and violations (needs check_options.samples)
 */
int report_vcd(const struct fnd_report *r, FILE *out);

/*
 * report_violation_line - one violation on one line (time, instance, rule, message,
 * reference, event, why), as a live check prints it when found (report_line.c)
 */
void report_violation_line(FILE *out, const struct fnd_report *r, const struct fnd_instance *in,
			   const struct fnd_violation *v);

/* report_html - the self-contained HTML report (timelines need check_options.samples) */
int report_html(const struct fnd_report *r, FILE *out);

/* report_utf8_len - length of the valid character at s (1-4 bytes), or 0 if it is not one */
int report_utf8_len(const unsigned char *s);

/*
 * report_put_markup - a string escaped for XML or HTML text (attr false) or a quoted
 * attribute value; control characters and invalid UTF-8 shown as \xNN
 */
void report_put_markup(FILE *out, const char *str, bool attr);

/* report_put_text - a string with control characters and invalid UTF-8 shown as \xNN */
void report_put_text(FILE *out, const char *str);

/* report_strf - a formatted string (malloc'd), or NULL when out of memory */
char *report_strf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* report_vstrf - report_strf with a va_list */
char *report_vstrf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* report_put_sub - " (vq_index 1)": the value of a per rule's field a finding is about */
void report_put_sub(FILE *out, const struct fnd_rule *rule, const char *sub);

/* report_ts - a timestamp in seconds with microseconds, as trace-cmd prints it */
void report_ts(char *buf, size_t len, uint64_t ns);

#endif /* CCSL_REPORT_H */
