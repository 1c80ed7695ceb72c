// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * report_line.c - one violation on one line, as a live check prints it the moment it is
 * found (on stderr, and in the kernel log with --kmsg)
 *
 *   8.299265 virtio0 (balloon, 0000:00:02.0): error NONOTIFY: a queue was notified before
 *   DRIVER_OK [VIRTIO 1.2 3.1.1]; virtio:notify: notify_early ticked (forbidden at all times)
 *
 * (one line): the record's time, the instance and its label, the severity and the rule,
 * its message (or its relation) and reference, the event and why. Reads findings only.
 */
#include <inttypes.h>
#include <stdio.h>

#include "report.h"

/* report_violation_line - one violation on one line, with a newline */
void report_violation_line(FILE *out, const struct fnd_report *r, const struct fnd_instance *in,
			   const struct fnd_violation *v)
{
	const struct fnd_rule *rule = &r->rules[v->rule];
	char ts[32];

	if (v->at_end) {
		fputs("at end of trace ", out);
	} else {
		report_ts(ts, sizeof(ts), v->rec.ts);
		fprintf(out, "%s ", ts);
	}
	report_put_text(out, in->key);
	if (in->label) {
		fputs(" (", out);
		report_put_text(out, in->label);
		fputc(')', out);
	}
	fprintf(out, ": %s%s ", rule->device ? "device " : "", rule->warning ? "warning" : "error");
	report_put_text(out, rule->name);
	report_put_sub(out, rule, v->sub);
	if (v->nth > 1)
		fprintf(out, " (violation %" PRIu64 ")", v->nth);
	fputs(": ", out);
	report_put_text(out, rule->message ? rule->message : rule->relation);
	if (rule->reference) {
		fputs(" [", out);
		report_put_text(out, rule->reference);
		fputc(']', out);
	}
	fputs("; ", out);
	if (!v->at_end && v->rec.event) {
		report_put_text(out, v->rec.event);
		fputs(": ", out);
	}
	report_put_text(out, v->why ? v->why : "");
	fputc('\n', out);
}
