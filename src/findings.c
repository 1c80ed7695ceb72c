// SPDX-License-Identifier: GPL-2.0-or-later
/* findings.c - verdicts, exit status and memory of the findings model */
#include <stdlib.h>

#include "findings.h"

/* fnd_verdict_name - "conforms", "violated", "inconclusive", "error" */
const char *fnd_verdict_name(enum verdict v)
{
	static const char *const names[VERDICT_COUNT] = {
		[VERDICT_CONFORMS] = "conforms",
		[VERDICT_INCONCLUSIVE] = "inconclusive",
		[VERDICT_VIOLATED] = "violated",
		[VERDICT_ERROR] = "error",
	};

	return (unsigned int)v < VERDICT_COUNT ? names[v] : "error";
}

/* fnd_sample_kind_name - "event", "register", "window", "violation" */
const char *fnd_sample_kind_name(enum fnd_sample_kind k)
{
	static const char *const names[FND_SAMPLE_KIND_COUNT] = {
		[FND_SAMPLE_EVENT] = "event",
		[FND_SAMPLE_REGISTER] = "register",
		[FND_SAMPLE_WINDOW] = "window",
		[FND_SAMPLE_VIOLATION] = "violation",
	};

	return (unsigned int)k < FND_SAMPLE_KIND_COUNT ? names[k] : "?";
}

/* fnd_window_name - "closed", "open", "unknown" */
const char *fnd_window_name(enum fnd_window w)
{
	static const char *const names[FND_WINDOW_COUNT] = {
		[FND_WINDOW_CLOSED] = "closed",
		[FND_WINDOW_OPEN] = "open",
		[FND_WINDOW_UNKNOWN] = "unknown",
	};

	return (unsigned int)w < FND_WINDOW_COUNT ? names[w] : "unknown";
}

/* fnd_record_free - free the strings of a record */
void fnd_record_free(struct fnd_record *r)
{
	for (int i = 0; i < r->nfields; i++) {
		free(r->fields[i].name);
		free(r->fields[i].value);
		free(r->fields[i].decoded);
	}
	free(r->fields);
	free(r->comm);
	free(r->event);
}

/* free_records - free an array of records */
static void free_records(struct fnd_record *recs, int n)
{
	for (int i = 0; i < n; i++)
		fnd_record_free(&recs[i]);
	free(recs);
}

/* free_instance - free one instance's findings */
static void free_instance(struct fnd_instance *in)
{
	for (int i = 0; i < in->nviolations; i++) {
		fnd_record_free(&in->violations[i].rec);
		free_records(in->violations[i].context, in->violations[i].ncontext);
		free_records(in->violations[i].after, in->violations[i].nafter);
		free(in->violations[i].why);
		free(in->violations[i].sub);
	}
	for (int i = 0; i < in->npending; i++) {
		free(in->pending[i].why);
		free(in->pending[i].sub);
	}
	free(in->unknown_past);
	free(in->undecided);
	free_records(in->timeline, in->ntimeline);
	for (int i = 0; i < in->nticks; i++)
		free(in->ticks[i].clocks);
	free(in->ticks);
	for (int i = 0; i < in->nsamples; i++) {
		free(in->samples[i].text);
		free(in->samples[i].sub);
	}
	free(in->samples);
	free(in->violations);
	free(in->pending);
	free(in->counts);
	for (int i = 0; in->label_parts && i < in->nlabel_parts; i++)
		free(in->label_parts[i]);
	free(in->label_parts);
	free(in->key);
	free(in->label);
}

/* fnd_trace_free - free what one trace's findings own (not the struct itself) */
void fnd_trace_free(struct fnd_trace *t)
{
	for (int i = 0; i < t->ninstances; i++)
		free_instance(&t->instances[i]);
	for (int i = 0; i < t->nunchecked; i++)
		free(t->unchecked[i].reason);
	for (int i = 0; i < t->nevents; i++)
		free(t->events[i]);
	free(t->events);
	free(t->instances);
	free(t->unchecked);
	free(t->lost);
	free(t->file);
	free(t->error);
	free(t->kernel);
	free(t->messages);
	free(t->time_backwards_at);
}

/* fnd_report_free - free a report and everything in it */
void fnd_report_free(struct fnd_report *r)
{
	if (!r)
		return;
	for (int i = 0; i < r->ntraces; i++)
		fnd_trace_free(&r->traces[i]);
	for (int i = 0; i < r->nrules; i++) {
		free(r->rules[i].name);
		free(r->rules[i].relation);
		free(r->rules[i].message);
		free(r->rules[i].reference);
		free(r->rules[i].per);
		free(r->rules[i].window);
	}
	for (int i = 0; i < r->nregisters; i++) {
		for (int b = 0; b < r->registers[i].nbits; b++)
			free(r->registers[i].bits[b].name);
		free(r->registers[i].bits);
		free(r->registers[i].name);
	}
	free(r->registers);
	for (int i = 0; i < r->nclocks; i++)
		free(r->clocks[i]);
	free(r->clocks);
	free(r->traces);
	free(r->rules);
	free(r->spec_name);
	free(r->spec_title);
	free(r->spec_file);
	free(r);
}

/* instance_verdict - violated by a counted rule; inconclusive when something was not seen */
static enum verdict instance_verdict(const struct fnd_trace *t, const struct fnd_instance *in,
				     bool warnings_as_errors)
{
	if (in->errors || (warnings_as_errors && in->warnings))
		return VERDICT_VIOLATED;
	if (in->npending || t->lost_total || t->lost_unknown || t->bad_fields || t->unknown_ids ||
	    t->time_backwards)
		return VERDICT_INCONCLUSIVE;
	for (int i = 0; i < t->nunchecked; i++)
		if (!t->unchecked[i].optional)
			return VERDICT_INCONCLUSIVE;
	for (int i = 0; i < in->nundecided; i++)
		if (!in->undecided[i].optional)
			return VERDICT_INCONCLUSIVE;
	return VERDICT_CONFORMS;
}

/* worse - the verdict that says more is wrong */
static enum verdict worse(enum verdict a, enum verdict b)
{
	return a > b ? a : b;
}

/* fnd_finish - compute the verdicts and the exit status from the findings */
void fnd_finish(struct fnd_report *r, bool warnings_as_errors)
{
	static const int exit_of[VERDICT_COUNT] = {
		[VERDICT_CONFORMS] = EXIT_CONFORMS,
		[VERDICT_INCONCLUSIVE] = EXIT_INCONCLUSIVE,
		[VERDICT_VIOLATED] = EXIT_VIOLATED,
		[VERDICT_ERROR] = EXIT_ERROR,
	};

	r->warnings_as_errors = warnings_as_errors;
	/* no trace at all: nothing was checked */
	r->verdict = r->ntraces ? VERDICT_CONFORMS : VERDICT_ERROR;
	for (int i = 0; i < r->ntraces; i++) {
		struct fnd_trace *t = &r->traces[i];

		if (t->error) {
			t->verdict = VERDICT_ERROR;
			r->verdict = VERDICT_ERROR;
			continue;
		}
		/* Nothing observed is nothing proven. */
		t->verdict = t->ninstances ? VERDICT_CONFORMS : VERDICT_INCONCLUSIVE;
		for (int j = 0; j < t->ninstances; j++) {
			struct fnd_instance *in = &t->instances[j];

			in->verdict = instance_verdict(t, in, warnings_as_errors);
			t->verdict = worse(t->verdict, in->verdict);
		}
		r->verdict = worse(r->verdict, t->verdict);
	}
	r->exit_status = exit_of[r->verdict];
}
