// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace_source.c - the common part of a trace, and what every record source shares
 *
 * A trace (struct ti_trace, include/trace_source.h) is the events a source found,
 * indexed by id, the counts of what was read and lost, and the messages the readers
 * printed. The sources fill it through these helpers, so that the accounting of lost
 * events or the id index exists once, whatever reads the records.
 *
 * Called by the picker (trace_input.c) and by every source; calls nothing of the stage.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace_source.h"

/* ts_new - an empty trace for path */
struct ti_trace *ts_new(const char *path, char err[TI_ERR_LEN])
{
	struct ti_trace *t = calloc(1, sizeof(*t));

	if (!t || !(t->path = strdup(path))) {
		free(t);
		ts_nomem(path, err);
		return NULL;
	}
	return t;
}

/* ts_nomem - memory ran out reading the trace at path */
int ts_nomem(const char *path, char err[TI_ERR_LEN])
{
	snprintf(err, TI_ERR_LEN, "%s: out of memory", path);
	return TI_NOMEM;
}

/* ts_close - the source's close, then the common part */
void ts_close(struct ti_trace *t)
{
	if (!t)
		return;
	if (t->ops && t->ops->close)
		t->ops->close(t);
	for (int i = 0; i < t->nevents; i++)
		free(t->events[i].fields);
	free(t->events);
	free(t->by_id);
	free(t->values);
	free(t->lost);
	free(t->path);
	free(t);
}

/*
 * ts_adopt - t becomes inner: a filter's trace (its path and ops the filter's, nothing
 * else filled) takes over what the picker opened on the filtered input
 */
void ts_adopt(struct ti_trace *t, struct ti_trace *inner)
{
	free(t->path);
	*t = *inner;
	free(inner);
}

/* ts_index_events - the id index and the scratch values for the events a source filled */
int ts_index_events(struct ti_trace *t, char err[TI_ERR_LEN])
{
	int widest = 1;

	t->max_id = 0;
	for (int i = 0; i < t->nevents; i++) {
		if (t->events[i].nfields > widest)
			widest = t->events[i].nfields;
		if (t->events[i].id > t->max_id)
			t->max_id = t->events[i].id;
	}
	t->by_id = calloc((size_t)t->max_id + 1, sizeof(*t->by_id));
	t->values = calloc((size_t)widest, sizeof(*t->values));
	if (!t->by_id || !t->values)
		return ts_nomem(t->path, err);
	for (int i = 0; i < t->nevents; i++) {
		const struct ti_event *ev = &t->events[i], *was = t->by_id[ev->id];

		/* one event's records would be decoded as the other's */
		if (was) {
			snprintf(err, TI_ERR_LEN,
				 "%s: corrupt trace: event id %d is given to two formats (%s:%s and "
				 "%s:%s)", t->path, ev->id, was->system, was->name, ev->system,
				 ev->name);
			return -1;
		}
		t->by_id[ev->id] = &t->events[i];
	}
	return 0;
}

/* ts_set_cpus - the CPU count and its lost-event counters */
int ts_set_cpus(struct ti_trace *t, int cpus, char err[TI_ERR_LEN])
{
	if (cpus <= 0 || cpus > TH_MAX_CPUS) {
		snprintf(err, TI_ERR_LEN, "%s: bad CPU count %d", t->path, cpus);
		return -1;
	}
	t->stats.cpus = cpus;
	t->lost = calloc((size_t)cpus, sizeof(*t->lost));
	if (!t->lost)
		return ts_nomem(t->path, err);
	t->stats.lost = t->lost;
	return 0;
}

/*
 * ts_note_lost - events lost on cpu before a record at ts. The known total is held
 * at UINT64_MAX: report text may claim any count, and a wrapped total would report
 * few losses for many.
 */
void ts_note_lost(struct ti_trace *t, int cpu, int64_t missed, uint64_t ts)
{
	struct ti_lost *l;

	if (cpu < 0 || cpu >= t->stats.cpus)
		return;
	l = &t->lost[cpu];
	if (missed > 0 && l->known > UINT64_MAX - (uint64_t)missed)
		l->known = UINT64_MAX;
	else if (missed > 0)
		l->known += (uint64_t)missed;
	else
		l->unknown++;
	if (!l->first_ts)
		l->first_ts = ts;
	l->last_ts = ts;
}

/* ts_format_ts - a timestamp in ns as seconds with 9 decimals */
const char *ts_format_ts(char *buf, size_t len, uint64_t ns)
{
	snprintf(buf, len, "%llu.%09llu", (unsigned long long)(ns / 1000000000u),
		 (unsigned long long)(ns % 1000000000u));
	return buf;
}

/* ts_set_backwards - the count of records that went back in time, and the first's place */
void ts_set_backwards(struct ti_trace *t, uint64_t n, const char *place, uint64_t ts,
		      uint64_t prev_ts)
{
	char a[32], b[32];

	t->stats.backwards = n;
	if (n)
		snprintf(t->stats.backwards_at, sizeof(t->stats.backwards_at), "%s: %s after %s",
			 place, ts_format_ts(a, sizeof(a), ts), ts_format_ts(b, sizeof(b), prev_ts));
}

/* ts_vnote - append a line to the trace's messages (cut when they are full) */
void ts_vnote(struct ti_trace *t, const char *fmt, va_list ap)
{
	size_t room = TS_MSG_MAX - t->messages_len;
	int n;

	if (room < 2)
		return;
	n = vsnprintf(t->messages + t->messages_len, room, fmt, ap);
	if (n < 0)
		return;
	t->messages_len += (size_t)n < room ? (size_t)n : room - 1;
	if (t->messages_len && t->messages[t->messages_len - 1] != '\n' &&
	    t->messages_len < TS_MSG_MAX - 1) {
		t->messages[t->messages_len++] = '\n';
		t->messages[t->messages_len] = '\0';
	}
}

/* ts_note - append a formatted line to the trace's messages */
void ts_note(struct ti_trace *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ts_vnote(t, fmt, ap);
	va_end(ap);
}

/* ts_last_note - the last line of the messages, for an error's reason */
const char *ts_last_note(const struct ti_trace *t, char *buf, size_t len)
{
	const char *end, *start;

	if (!t->messages_len)
		return NULL;
	end = t->messages + t->messages_len - 1;
	start = end;
	while (start > t->messages && start[-1] != '\n')
		start--;
	snprintf(buf, len, "%.*s", (int)(end - start), start);
	return buf;
}

/* ts_comm - the name of a task from the source, or "<...>"; NULL when memory ran out */
const char *ts_comm(struct ti_trace *t, int pid)
{
	const char *comm;

	errno = 0;
	comm = t->ops && t->ops->comm ? t->ops->comm(t, pid) : NULL;
	if (!comm && errno == ENOMEM)
		return NULL;
	return comm ? comm : "<...>";
}
