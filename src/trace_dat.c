// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace_dat.c - what the trace.dat sources share
 *
 * Both trace.dat sources open the file's headers with libtracecmd (after the header
 * checks of trace_header.c), take the events and their fields from its tep_handle, and
 * hand every ring-buffer record of their merged CPU streams to the consumer the same
 * way: events are resolved once at open, so per record the only work for an unwanted
 * event is an id lookup, and lost events are counted whether or not the record is
 * wanted. The libraries' messages are captured here (tep_vprint) as the trace's.
 *
 * Holds no state of its own but the trace whose library calls are running.
 * Called by trace_pages.c, trace_library.c and trace_live.c (the record path, the events
 * of a tep, the libraries' messages); calls the header checks, the field
 * decoder (trace_decode.c), the merge and the common part (trace_source.c).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <trace-cmd/trace-cmd.h>
#include <traceevent/event-parse.h>
#include <traceevent/event-utils.h>

#include "trace_dat.h"
#include "trace_decode.h"
#include "trace_header.h"

/* The trace whose library calls are running: the libraries' messages go to it. */
static struct ti_trace *current_trace;

/*
 * tep_vprint - capture libtraceevent/libtracecmd messages (overrides the
 * libraries' weak definition, which prints to stderr) so they become
 * diagnostics of the trace being read instead of stray output.
 */
int tep_vprint(const char *name, enum tep_loglevel level, bool print_err, const char *fmt,
	       va_list ap)
{
	if (current_trace)
		ts_vnote(current_trace, fmt, ap);
	return 0;
}

/* tf_enter - the libraries' messages go to t's messages */
void tf_enter(struct ti_trace *t)
{
	current_trace = t;
}

/* tf_leave - the libraries' messages go nowhere again */
void tf_leave(void)
{
	current_trace = NULL;
}

/* classify - run the header checks on in once: a valid trace.dat, not one, or corrupt */
static void classify(struct ts_input *in)
{
	size_t n = strlen(in->file);
	int r;

	if (!th_has_magic(in->head, in->head_len)) {
		in->dat = -1;
		return;
	}
	in->dat = -2;
	/* libtracecmd reads a trace.dat by seeking: the picker spools anything else first */
	if (!in->regular)
		snprintf(in->dat_err, TI_ERR_LEN, "%s: a trace.dat that is not a regular file",
			 in->path);
	else if (!(r = th_validate(in->file, &in->info, in->dat_err)))
		in->dat = 1;
	else if (r == TH_NOMEM)
		in->dat = TS_DAT_NOMEM;
	/* a filter's temporary file: its reason under the input's name */
	else if (in->file != in->path && !strncmp(in->dat_err, in->file, n))
		snprintf(in->dat_err, TI_ERR_LEN, "%s%s", in->path,
			 strdupa(in->dat_err + n));
}

/* tf_probe - whether in is a trace.dat that passed the header checks */
enum ts_probe tf_probe(struct ts_input *in, char why[TI_ERR_LEN])
{
	if (!in->dat)
		classify(in);
	why[0] = '\0';
	if (in->dat == 1)
		return TS_ACCEPT;
	if (in->dat == -1)
		return TS_DECLINE;
	if (in->dat == TS_DAT_NOMEM)
		return TS_NOMEM;
	snprintf(why, TI_ERR_LEN, "%s", in->dat_err);
	return TS_ERROR;
}

/*
 * tf_layout_unreadable - why trace_cpu.c cannot parse this file's pages, by the header
 * checks: a latency trace has none, and zlib it does not know
 */
const char *tf_layout_unreadable(const struct th_info *info)
{
	if (info->latency)
		return "a latency trace";
	if (!info->ncpu_data)
		return "no CPU data located";
	if (info->version == 7 && strcmp(info->compression, "none") &&
	    strcmp(info->compression, "zstd"))
		return "its compression";
	return NULL;
}

/*
 * tf_header_unreadable - why libtraceevent's reading of the page header rules trace_cpu.c
 * out: an unusual page header would need what kbuffer's callers set up by hand, and
 * th_check_page knows only the event headers of kernels since 2.6.31
 */
const char *tf_header_unreadable(const struct tf_dat *d)
{
	int commit = tep_get_header_page_size(d->tep);

	if (tep_get_header_timestamp_size(d->tep) != 8 || (commit != 4 && commit != 8))
		return "an unusual page header";
	if (tep_is_old_format(d->tep))
		return "the page format of kernels before 2.6.31";
	return NULL;
}

/* tf_page_format - how trace_cpu.c reads this file's pages: the commit size as the tep has it */
struct tc_format tf_page_format(const struct tf_dat *d, const struct th_info *info)
{
	return (struct tc_format){
		.page_size = info->page_size,
		.commit_size = tep_get_header_page_size(d->tep),
		.big_endian = info->big_endian,
		.supply = info->version == 7 && strcmp(info->compression, "none") ?
				  &tc_zstd_chunks : &tc_file_pages,
	};
}

/*
 * tf_library_error - a library call failed: "path: what", with the last line the
 * libraries printed if any, and -1; or TI_NOMEM if it failed for want of memory (errno
 * ENOMEM: set it to 0 before the call). The header checks bounded every size in the
 * file by the file's, so a library that cannot allocate has run out of memory.
 */
int tf_library_error(const struct ti_trace *t, char err[TI_ERR_LEN], const char *what)
{
	char msg[256];
	const char *said;

	if (errno == ENOMEM)
		return ts_nomem(t->path, err);
	said = ts_last_note(t, msg, sizeof(msg));
	snprintf(err, TI_ERR_LEN, "%s: %s%s%s", t->path, what, said ? ": " : "", said ? said : "");
	return -1;
}

/* open_head - the headers with libtracecmd: 0, or -1 with err (errno kept) */
static int open_head(struct ti_trace *t, struct tf_dat *d, const struct ts_input *in,
		     char err[TI_ERR_LEN])
{
	if (d->handle)
		tracecmd_close(d->handle);
	errno = 0;
	d->handle = tracecmd_open_head(in->file, TRACECMD_FL_LOAD_NO_PLUGINS);
	d->tep = d->handle ? tracecmd_get_tep(d->handle) : NULL;
	if (!d->handle)
		return tf_library_error(t, err, "cannot read the trace headers");
	if (!d->tep) {
		snprintf(err, TI_ERR_LEN, "%s: no event formats", t->path);
		return -1;
	}
	return 0;
}

/* page_header_read - whether libtraceevent has the page header's sizes (old formats too) */
static bool page_header_read(const struct tf_dat *d)
{
	return tep_get_header_page_size(d->tep) && tep_get_header_timestamp_size(d->tep);
}

/*
 * misreadings - what libtraceevent could not read of the headers: the page header's sizes
 * (2: the records cannot be read), each event format it left out (of those the header
 * checks counted, or all of a section of them) or marked failed (1 each)
 */
static uint64_t misreadings(const struct tf_dat *d, const struct th_info *info)
{
	int n = tep_get_events_count(d->tep), events = 0;
	uint64_t bad = 0;

	if (!page_header_read(d))
		bad += 2;
	if (n >= 0 && info->nformats > (uint64_t)n)
		bad += info->nformats - (uint64_t)n;
	for (int i = 0; i < n; i++) {
		const struct tep_event *ev = tep_get_event(d->tep, i);

		bad += ev && (ev->flags & TEP_EVENT_FL_FAILED);
		events += ev && ev->system && strcmp(ev->system, "ftrace");
	}
	/* v7: the formats are not counted, but a section of them gives some */
	if (!events && info->formats_at)
		bad++;
	return bad;
}

/*
 * tf_open - the headers with libtracecmd, after the header checks. libtraceevent 1.7.1
 * goes on when an allocation fails parsing the page header or an event format, and says
 * nothing: the page header's sizes stay 0, an event loses its fields, and the records
 * would be misread. Memory that ran out anywhere in the headers is memory running out
 * (errno, when nothing after the failure set it again). Headers with parts unread (a
 * print format libtraceevent does not know is one) are read once more: what reads better
 * the second time was lost for want of memory the first.
 */
int tf_open(struct ti_trace *t, struct tf_dat *d, const struct ts_input *in,
	    char err[TI_ERR_LEN])
{
	uint64_t bad;
	int r;

	memcpy(t->kernel, in->info.uname, sizeof(t->kernel));
	d->file_size = in->info.file_size;
	d->formats_at = in->info.formats_at;
	r = open_head(t, d, in, err);
	if (r || errno == ENOMEM)
		return errno == ENOMEM ? ts_nomem(t->path, err) : r;
	bad = misreadings(d, &in->info);
	if (!bad)
		return 0;
	r = open_head(t, d, in, err);
	if (errno == ENOMEM || (!r && misreadings(d, &in->info) < bad))
		return ts_nomem(t->path, err);
	if (!r && !page_header_read(d)) {
		snprintf(err, TI_ERR_LEN, "%s: corrupt trace: the page header has no sizes",
			 t->path);
		return -1;
	}
	return r;
}

/* tf_load - every event of the tep with its fields, and the CPU count */
int tf_load(struct ti_trace *t, struct tf_dat *d, int cpus, char err[TI_ERR_LEN])
{
	int n = tep_get_events_count(d->tep), r;

	t->events = calloc(n > 0 ? (size_t)n : 1, sizeof(*t->events));
	if (!t->events)
		return ts_nomem(t->path, err);
	for (int i = 0; i < n; i++) {
		struct tep_event *tev = tep_get_event(d->tep, i);
		struct ti_event *ev = &t->events[t->nevents];

		if (!tev || tev->id < 0 || !tev->name)
			continue;
		ev->id = tev->id;
		ev->system = tev->system ? tev->system : "";
		ev->name = tev->name;
		t->nevents++;
		if (td_load_fields(ev, tev))
			return ts_nomem(t->path, err);
	}
	r = ts_index_events(t, err);
	/* two formats with one id (v6 files fail the header checks before): where they are */
	if (r == -1 && d->formats_at)
		snprintf(err + strlen(err), TI_ERR_LEN - strlen(err),
			 " in the event formats at offset %llu", (unsigned long long)d->formats_at);
	if (r)
		return r;
	return ts_set_cpus(t, cpus, err);
}

/* deliver - account one record, and hand it to the consumer if its event is wanted */
static int deliver(struct ti_trace *t, struct tf_dat *d, const struct tm_stream *s,
		   ti_record_fn fn, void *arg)
{
	/* the libraries' accessors take a record: only data and size are looked at */
	struct tep_record rec = { .data = s->cur.data, .size = (int)s->cur.size };
	struct ti_event *ev = NULL;
	struct ti_record r;
	int id;

	if (s->cur.missed)
		ts_note_lost(t, s->cpu, s->cur.missed, s->cur.ts);
	id = tep_data_type(d->tep, &rec);
	if (id >= 0 && id <= t->max_id)
		ev = t->by_id[id];
	if (++t->stats.records % TI_PROGRESS_EVERY == 0 && t->progress)
		t->progress(t->stats.records, d->merge.done,
			    d->file_size > d->data_start ? d->file_size - d->data_start : 0,
			    t->progress_arg);
	if (!ev && !t->stats.unknown_ids++)
		d->unknown = (struct tf_unknown){ id, s->cpu, s->cur.ts };
	if (!ev || !ev->wanted)
		return 0;
	t->stats.bad_fields += td_decode(d->tep, ev, s->cur.data, s->cur.size, t->values);
	ev->count++;
	t->stats.delivered++;
	r = (struct ti_record){
		.ts = s->cur.ts,
		.seq = t->stats.records - 1,
		.cpu = s->cpu,
		.pid = tep_data_pid(d->tep, &rec),
		.buffer = s->buffer,
		.event = ev,
		.values = t->values,
		.lost_before = s->cur.missed,
	};
	return fn(&r, arg);
}

/* tf_finish - what the whole read found: time going back, records no format describes */
void tf_finish(struct ti_trace *t, const struct tf_dat *d, const struct tm_back *b,
	       uint64_t backwards)
{
	char place[64], at[32];

	if (b->buffer)
		snprintf(place, sizeof(place), "CPU %d of buffer %d, its record %llu", b->cpu,
			 b->buffer, (unsigned long long)b->index);
	else
		snprintf(place, sizeof(place), "CPU %d, its record %llu", b->cpu,
			 (unsigned long long)b->index);
	ts_set_backwards(t, backwards, place, b->ts, b->prev_ts);
	if (t->stats.unknown_ids)
		ts_note(t, "ccsl-check: %llu record%s with an event id no format describes (the "
			   "first: id %d, CPU %d, at %s)",
			(unsigned long long)t->stats.unknown_ids, t->stats.unknown_ids == 1 ? "" : "s",
			d->unknown.id, d->unknown.cpu, ts_format_ts(at, sizeof(at), d->unknown.ts));
}

/* tf_deliver - every record of d's merge to fn, in order, until every stream has ended */
int tf_deliver(struct ti_trace *t, struct tf_dat *d, ti_record_fn fn, void *arg,
	       char err[TI_ERR_LEN])
{
	char why[TI_ERR_LEN - 64];
	struct tm_stream *s;
	int ret = 0;

	while (!ret && (s = tm_top(&d->merge))) {
		int r;

		ret = deliver(t, d, s, fn, arg) ? 1 : 0;
		r = tm_next(&d->merge, why, sizeof(why));
		if (r == TI_NOMEM)
			ret = ts_nomem(t->path, err);
		else if (r) {
			snprintf(err, TI_ERR_LEN, "%s: %s", t->path, why);
			ret = -1;
		}
	}
	return ret;
}

/* tf_iterate - the records of the merged streams to fn, in order */
int tf_iterate(struct ti_trace *t, int (*start)(struct ti_trace *t, char err[TI_ERR_LEN]),
	       ti_record_fn fn, void *arg, char err[TI_ERR_LEN])
{
	struct tf_dat *d = t->src;
	int ret = 0;

	tf_enter(t);
	if (!d->started) {
		d->started = true;
		ret = start(t, err);
	}
	if (!ret)
		ret = tf_deliver(t, d, fn, arg, err);
	tf_finish(t, d, &d->merge.first_back, d->merge.backwards);
	tf_leave();
	return ret;
}

/* tf_comm - the command name of a pid from the file's saved cmdlines */
const char *tf_comm(struct ti_trace *t, int pid)
{
	const struct tf_dat *d = t->src;
	const char *comm;

	if (!d || !d->tep)
		return NULL;
	/*
	 * libtraceevent 1.7.1 sorts the saved cmdlines at the first look-up, and names every
	 * task "<not enough memory for cmdlines!>" when it cannot: its errno says so.
	 */
	errno = 0;
	comm = tep_data_comm_from_pid(d->tep, pid);
	return errno == ENOMEM ? NULL : comm;
}

/* tf_close - the streams left, then the handle */
void tf_close(struct tf_dat *d)
{
	tm_free(&d->merge);
	if (d->handle)
		tracecmd_close(d->handle);
	d->handle = NULL;
}
