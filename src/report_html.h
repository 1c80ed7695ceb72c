/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * report_html.h - INTERNAL to the HTML report (src/report_html*.c only): what the page
 * (report_html.c) and the timelines it shows (report_html_svg.c) share: the anchors
 * that link a mark on a timeline to the finding that explains it.
 */
#ifndef CCSL_REPORT_HTML_H
#define CCSL_REPORT_HTML_H

#include <stddef.h>
#include <stdio.h>

#include "findings.h"

/* Where an instance is: the indices of its trace and of it in the trace. */
struct html_where {
	int trace;
	int instance;
};

/* html_violation_id - the anchor of listed violation v of an instance: "t1-d2-v3" */
void html_violation_id(char *buf, size_t len, const struct html_where *at, int v);

/* html_rule_id - the anchor of a rule in the rules table: "rule-4" */
void html_rule_id(char *buf, size_t len, int rule);

/*
 * html_timeline - the instance's timeline as an inline SVG (needs its samples): each
 * register's value and named bits as lanes over its records, each event's records as
 * ticks, each window as a band while open, each violation as a mark linked to its
 * finding. 0, or -1 when out of memory (errno ENOMEM; nothing written then).
 */
int html_timeline(FILE *out, const struct fnd_report *r, const struct fnd_trace *t,
		  const struct fnd_instance *in, const struct html_where *at);

#endif /* CCSL_REPORT_HTML_H */
