// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * report_html.c - a self-contained HTML report, to read in a browser or attach to a bug
 *
 * One file: the style is inline, the timelines are inline SVG (report_html_svg.c),
 * there is no script, no font, no image and no address to fetch, so it opens offline
 * and the same in a CI artifact viewer. For each trace: what was read, events lost,
 * the rules it could not check; for each instance its timeline, its findings with
 * the records before and after, and its pending obligations; then every rule of the
 * spec with its reference. Every string from a trace or a spec is escaped
 * (report_put_markup): a device or rule named like markup shows as text.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "report_html.h"

static const char style[] =
	":root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--panel:#f6f8fa;--red:#cf222e;"
	"--green:#1a7f37;--amber:#9a6700;--blue:#0969da;--purple:#8250df}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;font:15px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,"
	"\"DejaVu Sans\",sans-serif;color:var(--fg);background:#fff}\n"
	"header,main,footer{max-width:1260px;margin:0 auto;padding:0 24px}\n"
	"header{padding-top:20px;padding-bottom:12px;border-bottom:1px solid var(--line)}\n"
	"footer{color:var(--muted);font-size:13px;padding-top:16px;padding-bottom:32px}\n"
	"h1{font-size:24px;margin:0 0 6px}h2{font-size:20px;margin:28px 0 6px}\n"
	"h3{font-size:17px;margin:6px 0}h4{font-size:15px;margin:14px 0 4px}\n"
	"h5{font-size:14px;margin:2px 0}\n"
	"code,pre,.mono,table.records{font-family:ui-monospace,\"DejaVu Sans Mono\","
	"\"Liberation Mono\",monospace;font-size:13px}\n"
	"a{color:var(--blue)}p{margin:4px 0}\n"
	".muted,.meta{color:var(--muted)}\n"
	".badge{display:inline-block;padding:0 8px;border-radius:999px;font-size:12px;"
	"font-weight:700;letter-spacing:.04em;color:#fff;vertical-align:2px}\n"
	".conforms{background:var(--green)}.violated{background:var(--red)}"
	".inconclusive{background:var(--amber)}.error{background:var(--purple)}\n"
	"nav ul{margin:4px 0;padding-left:20px}nav li{margin:2px 0}\n"
	".trace{margin-top:8px}\n"
	".instance{border:1px solid var(--line);border-radius:8px;padding:10px 16px;"
	"margin:14px 0}\n"
	".alert{border-left:4px solid var(--amber);background:#fff8c5;padding:4px 12px;"
	"margin:6px 0}\n"
	"figure{margin:8px 0 12px}\n"
	".scroll{overflow-x:auto;border:1px solid var(--line);border-radius:6px;"
	"background:#fff;padding:4px 0}\n"
	"figcaption{color:var(--muted);font-size:13px;margin-top:4px}\n"
	"svg.timeline{display:block;font:11px ui-monospace,\"DejaVu Sans Mono\",monospace}\n"
	"svg .stripe{fill:#f3f5f7}svg .head{font-weight:700;fill:var(--fg)}"
	"svg .name{fill:#32383f}\n"
	"svg .bus polygon{fill:#ddf4ff;stroke:#0969da}svg .bus text{fill:#0a3069}\n"
	"svg .bit{fill:#54aeff}svg .tick{stroke:#24292f;stroke-width:1.5}\n"
	"svg .open.allow{fill:#4ac26b;fill-opacity:.6}"
	"svg .open.forbid{fill:#fb8f44;fill-opacity:.6}\n"
	"svg .unknown{fill:#d0d7de;fill-opacity:.5;stroke:#8c959f;stroke-dasharray:2 2}\n"
	"svg .mark{fill:var(--red)}svg .mark.warning{fill:#bf8700}"
	"svg a:hover .mark{fill:#82071e}\n"
	"svg .vline{stroke:var(--red);stroke-dasharray:3 3;stroke-opacity:.55}\n"
	"svg .axis{stroke:#8c959f}svg .time{fill:var(--muted);text-anchor:middle}\n"
	".finding{border-left:4px solid var(--red);background:#fff5f5;padding:6px 12px;"
	"margin:10px 0}\n"
	".finding.warning,.finding.pending,.finding.undecided{border-left-color:#d4a72c;"
	"background:#fffbea}\n"
	".finding:target{outline:2px solid var(--blue)}\n"
	".sev{font-weight:700;color:var(--red)}.warning .sev,.pending .sev,.undecided .sev"
	"{color:var(--amber)}.sub{color:var(--muted)}\n"
	".why{font-style:italic}\n"
	"table{border-collapse:collapse}\n"
	"table.records{margin:6px 0;width:100%}\n"
	"table.records th,table.records td{padding:1px 8px;text-align:left;vertical-align:top}\n"
	"table.records td{white-space:nowrap}table.records td.fields{white-space:normal}\n"
	"table.records th{color:var(--muted);font-weight:400;border-bottom:1px solid "
	"var(--line)}\n"
	"tr.culprit{background:#ffd8d3;font-weight:700}tbody.context td{color:#424a53}\n"
	".k{color:#6e7781}.d{color:#8250df}\n"
	"table.list th,table.list td{padding:3px 10px;border-bottom:1px solid var(--line);"
	"text-align:left;vertical-align:top}\n"
	"table.list th{background:var(--panel)}\n"
	"table.rules tr:target{background:#ddf4ff}\n";

/* put - a string from a trace or a spec, escaped */
static void put(FILE *out, const char *s)
{
	report_put_markup(out, s, false);
}

/* html_violation_id - the anchor of listed violation v of an instance: "t1-d2-v3" */
void html_violation_id(char *buf, size_t len, const struct html_where *at, int v)
{
	snprintf(buf, len, "t%d-d%d-v%d", at->trace + 1, at->instance + 1, v + 1);
}

/* html_rule_id - the anchor of a rule in the rules table: "rule-4" */
void html_rule_id(char *buf, size_t len, int rule)
{
	snprintf(buf, len, "rule-%d", rule + 1);
}

/* badge - the verdict as a coloured word */
static void badge(FILE *out, enum verdict v)
{
	static const char *const word[VERDICT_COUNT] = {
		[VERDICT_CONFORMS] = "CONFORMS", [VERDICT_INCONCLUSIVE] = "INCONCLUSIVE",
		[VERDICT_VIOLATED] = "VIOLATED", [VERDICT_ERROR] = "ERROR",
	};

	fprintf(out, "<span class=\"badge %s\">%s</span>", fnd_verdict_name(v),
		(unsigned int)v < VERDICT_COUNT ? word[v] : "ERROR");
}

/* plural - "s" unless n is 1 */
static const char *plural(uint64_t n)
{
	return n == 1 ? "" : "s";
}

/* put_rule_link - a rule's name, linked to its row of the rules table */
static void put_rule_link(FILE *out, const struct fnd_report *r, int rule)
{
	char id[32];

	html_rule_id(id, sizeof(id), rule);
	fprintf(out, "<a href=\"#%s\">", id);
	put(out, r->rules[rule].name);
	fputs("</a>", out);
}

/* put_instance_name - "virtio0 (balloon, 0000:00:02.0)" */
static void put_instance_name(FILE *out, const struct fnd_instance *in)
{
	put(out, in->key);
	if (in->label) {
		fputs(" <span class=\"muted\">(", out);
		put(out, in->label);
		fputs(")</span>", out);
	}
}

/* write_record - a record as a row: time, CPU, task, event, fields */
static void write_record(FILE *out, const struct fnd_record *rec, const char *cls)
{
	char ts[32];

	report_ts(ts, sizeof(ts), rec->ts);
	fprintf(out, "<tr%s%s%s><td>%s</td><td>%d</td><td>", cls ? " class=\"" : "",
		cls ? cls : "", cls ? "\"" : "", ts, rec->cpu);
	put(out, rec->comm);
	fprintf(out, "-%d</td><td>", rec->pid);
	put(out, rec->event);
	fputs("</td><td class=\"fields\">", out);
	for (int i = 0; i < rec->nfields; i++) {
		const struct fnd_field *f = &rec->fields[i];

		fputs(i ? " <span class=\"k\">" : "<span class=\"k\">", out);
		put(out, f->name);
		fprintf(out, "=</span>%s", f->is_str ? "&quot;" : "");
		put(out, f->value);
		fputs(f->is_str ? "&quot;" : "", out);
		if (f->decoded) {
			fputs(" <span class=\"d\">(", out);
			put(out, f->decoded);
			fputs(")</span>", out);
		}
	}
	fputs("</td></tr>\n", out);
}

/* write_records - the record of a violation with those before and after it */
static void write_records(FILE *out, const struct fnd_violation *v, bool context)
{
	fputs("<table class=\"records\"><thead><tr><th>time (s)</th><th>CPU</th><th>task</th>"
	      "<th>event</th><th>fields</th></tr></thead>\n", out);
	if (context && v->ncontext) {
		fputs("<tbody class=\"context\">\n", out);
		for (int i = 0; i < v->ncontext; i++)
			write_record(out, &v->context[i], NULL);
		fputs("</tbody>\n", out);
	}
	fputs("<tbody>\n", out);
	write_record(out, &v->rec, "culprit");
	fputs("</tbody>\n", out);
	if (context && v->nafter) {
		fputs("<tbody class=\"context\">\n", out);
		for (int i = 0; i < v->nafter; i++)
			write_record(out, &v->after[i], NULL);
		fputs("</tbody>\n", out);
	}
	fputs("</table>\n", out);
}

/* put_sub - " (vq_index 3)": the value of its field a per rule was checked for */
static void put_sub(FILE *out, const struct fnd_rule *rule, const char *sub)
{
	if (!sub)
		return;
	fputs(" <span class=\"sub\">(", out);
	put(out, rule->per);
	fputc(' ', out);
	put(out, sub);
	fputs(")</span>", out);
}

/* put_kind - "error", "device error" (a rule about the device), "pending" */
static void put_kind(FILE *out, const struct fnd_rule *rule, const char *kind)
{
	fprintf(out, "<span class=\"sev\">%s%s</span> ", rule->device ? "device " : "", kind);
}

/* write_rule_head - "error NAME (FIELD VALUE) relation", the rule's message and reference */
static void write_rule_head(FILE *out, const struct fnd_report *r, int rule, const char *kind,
			    const char *sub)
{
	const struct fnd_rule *fr = &r->rules[rule];

	fputs("<h5>", out);
	put_kind(out, fr, kind);
	put_rule_link(out, r, rule);
	put_sub(out, fr, sub);
	fputs(" <code>", out);
	put(out, fr->relation);
	fputs("</code></h5>\n", out);
	if (fr->message) {
		fputs("<p>", out);
		put(out, fr->message);
		fputs("</p>\n", out);
	}
	if (fr->reference) {
		fputs("<p class=\"muted\">reference: ", out);
		put(out, fr->reference);
		fputs("</p>\n", out);
	}
}

/* write_violation - a violation: the rule, why, the records around it */
static void write_violation(FILE *out, const struct fnd_report *r, const struct fnd_instance *in,
			    const struct html_where *at, int k)
{
	const struct fnd_violation *v = &in->violations[k];
	const struct fnd_rule *rule = &r->rules[v->rule];
	const char *kind = rule->warning ? "warning" : "error";
	char id[64];

	html_violation_id(id, sizeof(id), at, k);
	fprintf(out, "<article class=\"finding %s\" id=\"%s\">\n", kind, id);
	if (v->nth > 1) {
		fputs("<h5>", out);
		put_kind(out, rule, kind);
		put_rule_link(out, r, v->rule);
		put_sub(out, rule, v->sub);
		fprintf(out, " again (violation %" PRIu64 ", step %" PRIu64 ")</h5>\n", v->nth,
			v->step);
		write_records(out, v, false);
		fputs("</article>\n", out);
		return;
	}
	write_rule_head(out, r, v->rule, kind, v->sub);
	if (v->at_end) {
		fprintf(out, "<p>at the end of the trace (step %" PRIu64 "): <span class=\"why\">",
			v->step);
		put(out, v->why);
		fputs("</span></p>\n</article>\n", out);
		return;
	}
	fprintf(out, "<p>at step %" PRIu64 ", because <span class=\"why\">", v->step);
	put(out, v->why);
	fputs("</span>", out);
	if (fnd_count(in, v->rule) > 1)
		fprintf(out, " (violated %" PRIu64 " times in all)", fnd_count(in, v->rule));
	fputs("</p>\n", out);
	write_records(out, v, true);
	fputs("</article>\n", out);
}

/* write_timeline - the instance's timeline and how to read it */
static int write_timeline(FILE *out, const struct fnd_report *r, const struct fnd_trace *t,
			  const struct fnd_instance *in, const struct html_where *at)
{
	uint64_t nrec = 0;

	for (int i = 0; i < in->nsamples; i++)
		nrec += in->samples[i].kind == FND_SAMPLE_EVENT;
	if (!nrec)
		return 0;
	fputs("<figure>\n<div class=\"scroll\">\n", out);
	if (html_timeline(out, r, t, in, at))
		return -1;
	fprintf(out, "</div>\n<figcaption>The %" PRIu64 " record%s in order, %s (not to "
		"scale: hover for times and values). Registers: the value, and a band while "
		"each named bit is set; events: a tick per record; windows: a band while "
		"open (green: the rule's clock is allowed, orange: forbidden), dashed while "
		"not known; a red mark per violation, linked to its explanation.</figcaption>\n"
		"</figure>\n", nrec, plural(nrec),
		nrec > 480 ? "several per column" : "one per column");
	return 0;
}

/* write_partial - a partly observed instance, and the rules judged on its unknown past */
static void write_partial(FILE *out, const struct fnd_report *r, const struct fnd_instance *in)
{
	fputs("<p class=\"alert\">The first cycle was only partly observed (the trace starts "
	      "after the device was set up).", out);
	for (int k = 0; k < in->nunknown_past; k++) {
		fputs(k ? ", " : " Judged on the unknown state before it: ", out);
		put_rule_link(out, r, in->unknown_past[k]);
	}
	fputs(in->nunknown_past ? ".</p>\n" : "</p>\n", out);
}

/* write_undecided - a rule some steps could not decide: not checked, or partly */
static void write_undecided(FILE *out, const struct fnd_report *r, const struct fnd_undecided *u)
{
	fprintf(out, "<article class=\"finding undecided\">\n<h5><span class=\"sev\">%s "
		"checked</span> ", u->never_decided ? "not" : "partly");
	put_rule_link(out, r, u->rule);
	fputs(" <code>", out);
	put(out, r->rules[u->rule].relation);
	fprintf(out, "</code></h5>\n<p>%" PRIu64 " step%s read a register before it had a "
		"value%s: the rule could not be judged there%s.</p>\n</article>\n", u->steps,
		plural(u->steps), u->optional ? " (an optional rule)" : "",
		u->never_decided ? " nor anywhere else" : "");
}

/* write_instance - an instance: summary, timeline, findings, pending obligations */
static int write_instance(FILE *out, const struct fnd_report *r, const struct fnd_trace *t,
			  const struct html_where *at)
{
	const struct fnd_instance *in = &t->instances[at->instance];

	fprintf(out, "<section class=\"instance\" id=\"t%d-d%d\">\n<h3>", at->trace + 1,
		at->instance + 1);
	badge(out, in->verdict);
	fputc(' ', out);
	put_instance_name(out, in);
	fprintf(out, "</h3>\n<p class=\"meta\">%d error%s, %d warning%s; %" PRIu64 " record%s, "
		"%" PRIu64 " step%s</p>\n", in->errors, plural((uint64_t)in->errors),
		in->warnings, plural((uint64_t)in->warnings), in->records, plural(in->records),
		in->steps, plural(in->steps));
	if (in->partial)
		write_partial(out, r, in);
	if (write_timeline(out, r, t, in, at))
		return -1;
	if (in->nviolations || in->npending || in->nundecided)
		fputs("<h4>Findings</h4>\n", out);
	else
		fputs("<p>No violation, nothing pending, every rule decided.</p>\n", out);
	for (int k = 0; k < in->nviolations; k++)
		write_violation(out, r, in, at, k);
	for (int k = 0; k < in->nundecided; k++)
		write_undecided(out, r, &in->undecided[k]);
	for (int k = 0; k < in->npending; k++) {
		fputs("<article class=\"finding pending\">\n", out);
		write_rule_head(out, r, in->pending[k].rule, "pending", in->pending[k].sub);
		fputs("<p>at the end of the trace: <span class=\"why\">", out);
		put(out, in->pending[k].why);
		fputs("</span></p>\n</article>\n", out);
	}
	fputs("</section>\n", out);
	return 0;
}

/* write_lost - the events lost per CPU, and when */
static void write_lost(FILE *out, const struct fnd_trace *t)
{
	char a[32], b[32];

	fprintf(out, "<div class=\"alert\"><p>%" PRIu64 "%s events lost: rules over those "
		"windows cannot be trusted.</p>\n<table class=\"list\"><thead><tr><th>CPU</th>"
		"<th>lost</th><th>between (s)</th><th>and (s)</th></tr></thead><tbody>\n",
		t->lost_total, t->lost_unknown ? "+" : "");
	for (int i = 0; i < t->nlost; i++) {
		report_ts(a, sizeof(a), t->lost[i].first_ts);
		report_ts(b, sizeof(b), t->lost[i].last_ts);
		fprintf(out, "<tr><td>%d</td><td>%" PRIu64 "%s</td><td>%s</td><td>%s</td></tr>\n",
			t->lost[i].cpu, t->lost[i].known,
			t->lost[i].unknown ? " and an unknown number" : "", a, b);
	}
	fputs("</tbody></table></div>\n", out);
}

/* write_trace_notes - what makes a trace's verdict less sure: damage, odd times, messages */
static void write_trace_notes(FILE *out, const struct fnd_trace *t)
{
	if (t->bad_fields)
		fprintf(out, "<p class=\"alert\">%" PRIu64 " field value%s failed bounds checks "
			"(corrupt records).</p>\n", t->bad_fields, plural(t->bad_fields));
	if (t->unknown_ids)
		fprintf(out, "<p class=\"alert\">%" PRIu64 " record%s with an event id no format "
			"describes: not checked.</p>\n", t->unknown_ids, plural(t->unknown_ids));
	if (t->time_backwards) {
		fprintf(out, "<p class=\"alert\">Time goes backwards %" PRIu64 " time%s (the first: ",
			t->time_backwards, plural(t->time_backwards));
		put(out, t->time_backwards_at ? t->time_backwards_at : "?");
		fputs("): the order of the records is not time's.</p>\n", out);
	}
	if (t->messages) {
		fputs("<details><summary>What the trace libraries said</summary><pre>", out);
		put(out, t->messages);
		fputs("</pre></details>\n", out);
	}
}

/* write_unchecked - the rules a trace could not check, and why */
static void write_unchecked(FILE *out, const struct fnd_report *r, const struct fnd_trace *t)
{
	if (!t->nunchecked)
		return;
	fputs("<h4>Not checked</h4>\n<ul>\n", out);
	for (int k = 0; k < t->nunchecked; k++) {
		fputs("<li>", out);
		put_rule_link(out, r, t->unchecked[k].rule);
		fputs(": ", out);
		put(out, t->unchecked[k].reason);
		fprintf(out, "%s</li>\n", t->unchecked[k].optional ?
					   " <span class=\"muted\">(optional: nothing missing)</span>" :
					   "");
	}
	fputs("</ul>\n", out);
}

/* write_trace - a trace: what was read, its instances, what it could not check */
static int write_trace(FILE *out, const struct fnd_report *r, int ti)
{
	const struct fnd_trace *t = &r->traces[ti];

	fprintf(out, "<section class=\"trace\" id=\"t%d\">\n<h2>", ti + 1);
	badge(out, t->verdict);
	fputs(" <code>", out);
	put(out, t->file);
	fputs("</code></h2>\n", out);
	if (t->error) {
		fputs("<p class=\"alert\">", out);
		put(out, t->error);
		fputs("</p>\n</section>\n", out);
		return 0;
	}
	fputs("<p class=\"meta\">", out);
	if (t->kernel) {
		fputs("kernel ", out);
		put(out, t->kernel);
		fputs("; ", out);
	}
	fprintf(out, "%" PRIu64 " event%s read, %" PRIu64 " used; %d instance%s%s</p>\n",
		t->events_read, plural(t->events_read), t->events_used, t->ninstances,
		plural((uint64_t)t->ninstances), t->nlost ? "" : "; no events lost");
	if (t->nlost)
		write_lost(out, t);
	write_trace_notes(out, t);
	if (!t->ninstances)
		fputs("<p class=\"alert\">No instance observed: nothing to check.</p>\n", out);
	for (int j = 0; j < t->ninstances; j++)
		if (write_instance(out, r, t, &(struct html_where){ ti, j }))
			return -1;
	write_unchecked(out, r, t);
	fputs("</section>\n", out);
	return 0;
}

/* violated_in - in how many instances of all traces a rule was violated */
static int violated_in(const struct fnd_report *r, int rule)
{
	int n = 0;

	for (int i = 0; i < r->ntraces; i++)
		for (int j = 0; j < r->traces[i].ninstances; j++)
			n += fnd_count(&r->traces[i].instances[j], rule) > 0;
	return n;
}

/* write_rules - every rule of the spec: relation, severity, message, reference */
static void write_rules(FILE *out, const struct fnd_report *r)
{
	fputs("<section id=\"rules\">\n<h2>Rules of ", out);
	put(out, r->spec_name);
	fputs("</h2>\n<table class=\"list rules\"><thead><tr><th>rule</th><th>relation</th>"
	      "<th>severity</th><th>subject</th><th>message</th><th>reference</th>"
	      "<th>violated in</th></tr></thead><tbody>\n", out);
	for (int k = 0; k < r->nrules; k++) {
		const struct fnd_rule *fr = &r->rules[k];
		char id[32];
		int n = violated_in(r, k);

		html_rule_id(id, sizeof(id), k);
		fprintf(out, "<tr id=\"%s\"><td><b>", id);
		put(out, fr->name);
		fputs("</b></td><td><code>", out);
		put(out, fr->relation);
		fputs("</code>", out);
		if (fr->window) {
			fputs("<br><span class=\"muted\">window open: ", out);
			put(out, fr->window);
			fputs("</span>", out);
		}
		if (fr->per) {
			fputs("<br><span class=\"muted\">checked per value of ", out);
			put(out, fr->per);
			fputs("</span>", out);
		}
		fprintf(out, "</td><td>%s%s</td><td>%s</td><td>", fr->warning ? "warning (SHOULD)" :
									 "error (MUST)",
			fr->expect ? ", expected" : "", fr->device ? "device" : "driver");
		put(out, fr->message);
		fputs("</td><td>", out);
		put(out, fr->reference);
		fprintf(out, "</td><td>%d instance%s</td></tr>\n", n, plural((uint64_t)n));
	}
	fputs("</tbody></table>\n</section>\n", out);
}

/* write_nav - the verdict of every trace and instance, linked */
static void write_nav(FILE *out, const struct fnd_report *r)
{
	fputs("<nav>\n<ul>\n", out);
	for (int i = 0; i < r->ntraces; i++) {
		const struct fnd_trace *t = &r->traces[i];

		fprintf(out, "<li>");
		badge(out, t->verdict);
		fprintf(out, " <a href=\"#t%d\"><code>", i + 1);
		put(out, t->file);
		fputs("</code></a>", out);
		if (t->ninstances)
			fputs("\n<ul>\n", out);
		for (int j = 0; j < t->ninstances; j++) {
			const struct fnd_instance *in = &t->instances[j];

			fputs("<li>", out);
			badge(out, in->verdict);
			fprintf(out, " <a href=\"#t%d-d%d\">", i + 1, j + 1);
			put_instance_name(out, in);
			fprintf(out, "</a> <span class=\"muted\">%d error%s, %d warning%s</span></li>\n",
				in->errors, plural((uint64_t)in->errors), in->warnings,
				plural((uint64_t)in->warnings));
		}
		fputs(t->ninstances ? "</ul></li>\n" : "</li>\n", out);
	}
	fputs("<li><a href=\"#rules\">Rules</a></li>\n</ul>\n</nav>\n", out);
}

/* write_head - the document's head, and the verdict of the whole run */
static void write_head(FILE *out, const struct fnd_report *r)
{
	int n[VERDICT_COUNT] = { 0 };

	for (int i = 0; i < r->ntraces; i++)
		if ((unsigned int)r->traces[i].verdict < VERDICT_COUNT)
			n[r->traces[i].verdict]++;
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<meta name=\"generator\" content=\"ccsl-check %s\">\n<title>ccsl-check: %s, ",
		CCSL_VERSION, fnd_verdict_name(r->verdict));
	put(out, r->spec_name);
	fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n"
		"<h1>ccsl-check report ", style);
	badge(out, r->verdict);
	fprintf(out, "</h1>\n<p>%d trace%s checked against <b>", r->ntraces,
		plural((uint64_t)r->ntraces));
	put(out, r->spec_name);
	fputs("</b>", out);
	if (r->spec_title) {
		fputs(" (", out);
		put(out, r->spec_title);
		fputc(')', out);
	}
	fputs(", <code>", out);
	put(out, r->spec_file);
	fprintf(out, "</code>: %d conform, %d violated, %d inconclusive, %d error%s; exit status "
		"%d%s.</p>\n", n[VERDICT_CONFORMS], n[VERDICT_VIOLATED], n[VERDICT_INCONCLUSIVE],
		n[VERDICT_ERROR], plural((uint64_t)n[VERDICT_ERROR]), r->exit_status,
		r->warnings_as_errors ? " (warnings count as errors)" : "");
	write_nav(out, r);
	fputs("</header>\n<main>\n", out);
}

/* report_html - the self-contained HTML report (needs check_options.samples for timelines) */
int report_html(const struct fnd_report *r, FILE *out)
{
	write_head(out, r);
	for (int i = 0; i < r->ntraces; i++)
		if (write_trace(out, r, i))
			return -1;	/* out of memory: errno ENOMEM */
	write_rules(out, r);
	fprintf(out, "</main>\n<footer>Written by ccsl-check %s. This file is self-contained: "
		"no script, no font and nothing to fetch.</footer>\n</body>\n</html>\n",
		CCSL_VERSION);
	return ferror(out) ? -1 : 0;
}
