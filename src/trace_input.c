// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace_input.c - read trace.dat files with libtracecmd
 *
 * Events and field descriptors are resolved once at open; per record the
 * only work for an unwanted event is an id lookup. Records of every CPU of
 * every buffer are merged by timestamp with a tournament tree, so the per-record
 * cost does not grow with the number of CPUs (the library's own iterator
 * scans all CPUs for each record).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <trace-cmd/trace-cmd.h>
#include <traceevent/event-parse.h>
#include <traceevent/event-utils.h>

#include "trace_decode.h"
#include "trace_header.h"
#include "trace_impl.h"
#include "trace_input.h"

/* One CPU of one buffer: a sorted stream of records. */
/* The trace whose library calls are running: the library's messages go to it. */
static struct ti_trace *current_trace;

/* append_message - one line to what the trace's readers said */
static void append_message(struct ti_trace *t, const char *fmt, va_list ap)
{
	size_t room = MSG_MAX - t->messages_len;
	int n;

	if (room < 2)
		return;
	n = vsnprintf(t->messages + t->messages_len, room, fmt, ap);
	if (n < 0)
		return;
	t->messages_len += (size_t)n < room ? (size_t)n : room - 1;
	if (t->messages_len && t->messages[t->messages_len - 1] != '\n' &&
	    t->messages_len < MSG_MAX - 1) {
		t->messages[t->messages_len++] = '\n';
		t->messages[t->messages_len] = '\0';
	}
}

/*
 * tep_vprint - capture libtraceevent/libtracecmd messages (overrides the
 * libraries' weak definition, which prints to stderr) so they become
 * diagnostics of the trace being read instead of stray output.
 */
int tep_vprint(const char *name, enum tep_loglevel level, bool print_err, const char *fmt,
	       va_list ap)
{
	if (current_trace)
		append_message(current_trace, fmt, ap);
	return 0;
}

/* note - a message of our own among the libraries' (shown with -v) */
static void __attribute__((format(printf, 2, 3))) note(struct ti_trace *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	append_message(t, fmt, ap);
	va_end(ap);
}

/* last_message - the last line the libraries printed, for an error reason */
static const char *last_message(struct ti_trace *t, char *buf, size_t len)
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

/* load_events - resolve every event of the trace once, and index them by id */
static int load_events(struct ti_trace *t)
{
	int n = tep_get_events_count(t->tep);
	int widest = 1;

	t->events = calloc(n ? n : 1, sizeof(*t->events));
	if (!t->events)
		return -1;
	for (int i = 0; i < n; i++) {
		struct tep_event *tev = tep_get_event(t->tep, i);
		struct ti_event *ev = &t->events[t->nevents];

		if (!tev || tev->id < 0 || !tev->name)
			continue;
		ev->id = tev->id;
		ev->system = tev->system ? tev->system : "";
		ev->name = tev->name;
		if (td_load_fields(ev, tev))
			return -1;
		if (ev->nfields > widest)
			widest = ev->nfields;
		if (ev->id > t->max_id)
			t->max_id = ev->id;
		t->nevents++;
	}
	t->by_id = calloc((size_t)t->max_id + 1, sizeof(*t->by_id));
	t->values = calloc((size_t)widest, sizeof(*t->values));
	if (!t->by_id || !t->values)
		return -1;
	for (int i = 0; i < t->nevents; i++)
		t->by_id[t->events[i].id] = &t->events[i];
	return 0;
}

/* open_buffers - the handles of the instance buffers beside the top one */
static int open_buffers(struct ti_trace *t, char err[TI_ERR_LEN])
{
	int n = tracecmd_buffer_instances(t->handle);

	if (n <= 0)
		return 0;
	t->instances = calloc((size_t)n, sizeof(*t->instances));
	if (!t->instances)
		return -1;
	for (int i = 0; i < n; i++) {
		struct tracecmd_input *h = tracecmd_buffer_instance_handle(t->handle, i);

		if (!h) {
			snprintf(err, TI_ERR_LEN, "%s: cannot read buffer instance '%s'", t->path,
				 tracecmd_buffer_instance_name(t->handle, i));
			return -1;
		}
		t->instances[t->ninstances++] = h;
	}
	return 0;
}

/* library_error - "path: what", with the last thing the libraries said if anything */
static void library_error(struct ti_trace *t, char err[TI_ERR_LEN], const char *what)
{
	char msg[256];
	const char *said = last_message(t, msg, sizeof(msg));

	snprintf(err, TI_ERR_LEN, "%s: %s%s%s", t->path, what, said ? ": " : "", said ? said : "");
}

/*
 * pages_unreadable - why trace_cpu.c cannot parse this file's pages, or NULL:
 * a latency trace has none, zlib it does not know, an unusual page header
 * would need what kbuffer's callers set up by hand, and th_check_page knows
 * only the event headers of kernels since 2.6.31
 */
static const char *pages_unreadable(const struct ti_trace *t, const struct th_info *info)
{
	int commit = tep_get_header_page_size(t->tep);

	if (info->latency)
		return "a latency trace";
	if (!info->ncpu_data)
		return "no CPU data located";
	if (info->version == 7 && strcmp(info->compression, "none") &&
	    strcmp(info->compression, "zstd"))
		return "its compression";
	if (tep_get_header_timestamp_size(t->tep) != 8 || (commit != 4 && commit != 8))
		return "an unusual page header";
	if (tep_is_old_format(t->tep))
		return "the page format of kernels before 2.6.31";
	return NULL;
}

/*
 * library_reason - why the library must read the records, or NULL: besides
 * pages we cannot parse, it shifts and scales stamps for the DATE, OFFSET,
 * TIME_SHIFT and TSC2NSEC options, which our reader does not
 */
static const char *library_reason(const struct ti_trace *t, const struct th_info *info)
{
	if (info->adjusts_time)
		return "the file's options shift timestamps";
	return pages_unreadable(t, info);
}

/* open_pages - the file and the CPU data the validator located, for trace_cpu.c */
static int open_pages(struct ti_trace *t, const struct th_info *info, char err[TI_ERR_LEN])
{
	size_t bytes = (size_t)info->ncpu_data * sizeof(*t->layout);

	t->fd = open(t->path, O_RDONLY | O_CLOEXEC);
	t->layout = t->fd >= 0 ? malloc(bytes) : NULL;
	if (!t->layout) {
		snprintf(err, TI_ERR_LEN, "%s: %s", t->path, strerror(errno));
		if (t->fd >= 0)
			close(t->fd);
		return -1;
	}
	memcpy(t->layout, info->cpu_data, bytes);
	t->nlayout = info->ncpu_data;
	t->format = (struct tc_format){
		.page_size = info->page_size,
		.commit_size = tep_get_header_page_size(t->tep),
		.big_endian = info->big_endian,
		.supply = info->version == 7 && strcmp(info->compression, "none") ?
				  &tc_zstd_chunks : &tc_file_pages,
	};
	return 0;
}

/* open_own_reader - our reader for the records: its streams are opened by merge_start */
static int open_own_reader(struct ti_trace *t, const struct th_info *info, char err[TI_ERR_LEN])
{
	if (open_pages(t, info, err))
		return -1;
	t->own_reader = true;
	if (tep_get_cpus(t->tep) > t->stats.cpus)
		t->stats.cpus = tep_get_cpus(t->tep);
	for (int i = 0; i < t->nlayout; i++) {
		if (t->stats.cpus <= t->layout[i].cpu)
			t->stats.cpus = t->layout[i].cpu + 1;
		if (t->stats.buffers <= t->layout[i].buffer)
			t->stats.buffers = t->layout[i].buffer + 1;
	}
	return 0;
}

/*
 * check_pages - read every record once with our reader, which checks each chunk
 * and page, before the library does: kbuffer crashes on some damaged pages and
 * silently drops the rest of others, and the library decompresses a chunk
 * without checking its size
 */
static int check_pages(struct ti_trace *t, const struct th_info *info, char err[TI_ERR_LEN])
{
	char why[TI_ERR_LEN - 64];
	int r = 0;

	if (pages_unreadable(t, info))
		return 0;	/* the library alone, contained by the isolation */
	if (open_pages(t, info, err))
		return -1;
	for (int i = 0; i < t->nlayout && !r; i++) {
		struct tc_stream *s = tc_open(t->fd, &t->format, &t->layout[i], why, sizeof(why));
		struct tc_record rec;

		r = s ? 0 : -1;
		while (s && (r = tc_next(s, &rec, why, sizeof(why))) == 1)
			;
		tc_close(s);
	}
	if (r < 0)
		snprintf(err, TI_ERR_LEN, "%s: %s", t->path, why);
	return r < 0 ? -1 : 0;
}

/* open_library_data - the library's own reading of the data, with its buffer instances */
static int open_library_data(struct ti_trace *t, const struct th_info *info,
			     char err[TI_ERR_LEN])
{
	if (check_pages(t, info, err))
		return -1;
	if (tracecmd_init_data(t->handle) < 0) {
		/* tracecmd_close() crashes on a handle whose init failed: leak it. */
		t->handle = NULL;
		library_error(t, err, "cannot read the trace data");
		return -1;
	}
	if (open_buffers(t, err))
		return -1;
	t->stats.cpus = tep_get_cpus(t->tep);
	t->stats.buffers = 1 + t->ninstances;
	return 0;
}

/*
 * open_library - the headers with libtracecmd after our own checks, then the
 * data with our reader or the library's
 */
static int open_library(struct ti_trace *t, const struct th_info *info, char err[TI_ERR_LEN])
{
	const char *why, *force;

	t->handle = tracecmd_open_head(t->path, TRACECMD_FL_LOAD_NO_PLUGINS);
	if (!t->handle) {
		library_error(t, err, "cannot read the trace headers");
		return -1;
	}
	t->tep = tracecmd_get_tep(t->handle);
	if (!t->tep) {
		snprintf(err, TI_ERR_LEN, "%s: no event formats", t->path);
		return -1;
	}
	/* CCSL_READER=library: for comparison, and as a way around a reader bug */
	force = getenv("CCSL_READER");
	if (force && !strcmp(force, "library"))
		return open_library_data(t, info, err);
	why = library_reason(t, info);
	if (!why)
		return open_own_reader(t, info, err);
	if (open_library_data(t, info, err))
		return -1;
	/* say why (after: an error's reason is the library's last message): it can be slow */
	note(t, "ccsl-check: records read by libtracecmd (%s)", why);
	return 0;
}

/* ti_open - open a trace.dat file (version 6 or 7, any buffers) */
struct ti_trace *ti_open(const char *path, char err[TI_ERR_LEN])
{
	struct th_info info;

	if (strcmp(path, "-") && !th_validate(path, &info, err)) {
		struct ti_trace *t;

		/* The library crashes on some corrupt files: keep it out of this process. */
		if (getenv("CCSL_NO_ISOLATION"))
			t = ti_open_library(path, &info, err);
		else
			t = ti_isolate_open(path, &info, err);
		th_info_release(&info);
		return t;
	}
	/*
	 * Not a trace.dat: it may be the text trace-cmd report printed, also from a
	 * pipe such as <(trace-cmd report ...).
	 */
	if (strcmp(path, "-") && !strstr(err, "bad magic") && !strstr(err, "not a regular file"))
		return NULL;
	return tt_open(path, err);
}

/* ti_open_library - open a validated trace.dat with libtracecmd in this process */
struct ti_trace *ti_open_library(const char *path, const struct th_info *info,
				 char err[TI_ERR_LEN])
{
	struct ti_trace *t;
	int ret = -1;

	t = calloc(1, sizeof(*t));
	if (!t || !(t->path = strdup(path))) {
		free(t);
		snprintf(err, TI_ERR_LEN, "%s: %s", path, strerror(ENOMEM));
		return NULL;
	}
	memcpy(t->kernel, info->uname, sizeof(t->kernel));
	t->file_size = info->file_size;
	current_trace = t;
	if (open_library(t, info, err))
		goto out;
	if (load_events(t)) {
		snprintf(err, TI_ERR_LEN, "%s: %s", path, strerror(ENOMEM));
		goto out;
	}
	if (t->stats.cpus <= 0 || t->stats.cpus > TH_MAX_CPUS) {
		snprintf(err, TI_ERR_LEN, "%s: bad CPU count %d", path, t->stats.cpus);
		goto out;
	}
	t->lost = calloc((size_t)t->stats.cpus, sizeof(*t->lost));
	if (!t->lost) {
		snprintf(err, TI_ERR_LEN, "%s: %s", path, strerror(ENOMEM));
		goto out;
	}
	t->stats.lost = t->lost;
	ret = 0;
out:
	current_trace = NULL;
	if (ret) {
		ti_close(t);
		return NULL;
	}
	return t;
}

/* ti_close - release everything */
void ti_close(struct ti_trace *t)
{
	if (!t)
		return;
	if (t->text)
		tt_close(t);
	if (t->proxy)
		ti_isolate_close(t);
	for (int i = 0; i < t->nstreams; i++) {
		tracecmd_free_record(t->streams[i].rec);
		tc_close(t->streams[i].own);
	}
	if (t->layout)
		close(t->fd);
	free(t->layout);
	for (int i = 0; i < t->ninstances; i++)
		tracecmd_close(t->instances[i]);
	if (t->handle)
		tracecmd_close(t->handle);
	for (int i = 0; i < t->nevents; i++)
		free(t->events[i].fields);
	free(t->events);
	free(t->by_id);
	free(t->values);
	free(t->instances);
	free(t->keys);
	free(t->tree);
	free(t->streams);
	free(t->lost);
	free(t->path);
	free(t);
}

/* ti_events - every event whose format the trace carries */
struct ti_event *ti_events(struct ti_trace *t, int *nevents)
{
	*nevents = t->nevents;
	return t->events;
}

/*
 * ti_find_event - an event by system and name, or NULL. Report text does not
 * name systems: its events have system "" and match any system.
 */
struct ti_event *ti_find_event(struct ti_trace *t, const char *system, const char *name)
{
	for (int i = 0; i < t->nevents; i++)
		if ((!*t->events[i].system || !strcmp(t->events[i].system, system)) &&
		    !strcmp(t->events[i].name, name))
			return &t->events[i];
	return NULL;
}

/* ti_find_field - the index of a field of an event, or -1 */
int ti_find_field(const struct ti_event *ev, const char *name)
{
	for (int i = 0; i < ev->nfields; i++)
		if (!strcmp(ev->fields[i].name, name))
			return i;
	return -1;
}

/* ti_want_system - select every event of a system; returns how many */
int ti_want_system(struct ti_trace *t, const char *system)
{
	int n = 0;

	for (int i = 0; i < t->nevents; i++) {
		if (strcmp(t->events[i].system, system))
			continue;
		t->events[i].wanted = true;
		n++;
	}
	return n;
}

#define MERGE_END UINT32_MAX

/* key_before - merge order: timestamp, then buffer, then CPU; ended streams last */
static inline bool key_before(const struct merge_key *a, const struct merge_key *b)
{
	return a->ts < b->ts || (a->ts == b->ts && a->tie < b->tie);
}

/* key_of - the key of a stream's current record */
static struct merge_key key_of(const struct stream *s)
{
	return (struct merge_key){ s->cur.ts, (uint32_t)s->buffer << 16 | (uint32_t)s->cpu };
}

/* merge_replay - leaf's key changed: play its matches up to the root again */
static void merge_replay(struct ti_trace *t, int leaf)
{
	int winner = leaf;

	for (int node = (leaf + t->leaves) >> 1; node; node >>= 1) {
		int other = t->tree[node];

		if (key_before(&t->keys[other], &t->keys[winner])) {
			t->tree[node] = winner;
			winner = other;
		}
	}
	t->tree[0] = winner;
}

/* merge_build - play every match bottom-up: each node keeps its loser */
static int merge_build(struct ti_trace *t)
{
	int *win = calloc(2 * (size_t)t->leaves, sizeof(*win));

	if (!win)
		return -1;
	for (int i = 0; i < t->leaves; i++)
		win[t->leaves + i] = i;
	for (int node = t->leaves - 1; node >= 1; node--) {
		int a = win[2 * node], b = win[2 * node + 1];
		bool b_wins = key_before(&t->keys[b], &t->keys[a]);

		win[node] = b_wins ? b : a;
		t->tree[node] = b_wins ? a : b;
	}
	t->tree[0] = t->leaves > 1 ? win[1] : 0;
	free(win);
	return 0;
}

/*
 * stream_next - move a stream to its next record: 1, 0 at its end, -1 with a
 * reason. The library's record offset is where the record is in the file; our
 * reader counts the bytes of the CPU's data it has consumed: either way the
 * growth is the progress.
 */
static int stream_next(struct ti_trace *t, struct stream *s, char err[TI_ERR_LEN])
{
	char why[TI_ERR_LEN - 64];
	int r;

	if (s->own) {
		r = tc_next(s->own, &s->cur, why, sizeof(why));
		if (r < 0)
			snprintf(err, TI_ERR_LEN, "%s: %s", t->path, why);
		return r;
	}
	tracecmd_free_record(s->rec);
	s->rec = tracecmd_read_data(s->handle, s->cpu);
	if (!s->rec)
		return 0;
	s->cur = (struct tc_record){
		.ts = s->rec->ts,
		.data = s->rec->data,
		.size = s->rec->size < 0 ? 0 : (uint32_t)s->rec->size,
		.missed = s->rec->missed_events,
		.file_pos = s->rec->offset,
	};
	return 1;
}

/* add_stream - a stream with its first record, or ended; -1 on a reading error */
static int add_stream(struct ti_trace *t, struct stream s, char err[TI_ERR_LEN])
{
	struct stream *at = &t->streams[t->nstreams];
	int r;

	*at = s;
	r = stream_next(t, at, err);
	if (r < 0) {
		tc_close(at->own);
		return r;
	}
	t->nstreams++;
	if (!r) {
		tc_close(at->own);
		at->own = NULL;
		return 0;
	}
	if (!at->own && (!t->data_start || at->cur.file_pos < t->data_start))
		t->data_start = at->cur.file_pos;
	return 0;
}

/* own_streams - one stream per CPU data section the validator located */
static int own_streams(struct ti_trace *t, char err[TI_ERR_LEN])
{
	char why[TI_ERR_LEN - 64];

	for (int i = 0; i < t->nlayout; i++) {
		const struct th_cpu_data *d = &t->layout[i];
		struct stream s = { .buffer = d->buffer, .cpu = d->cpu };

		s.own = tc_open(t->fd, &t->format, d, why, sizeof(why));
		if (!s.own) {
			snprintf(err, TI_ERR_LEN, "%s: %s", t->path, why);
			return -1;
		}
		if (!t->data_start || d->offset < t->data_start)
			t->data_start = d->offset;
		if (add_stream(t, s, err))
			return -1;
	}
	return 0;
}

/* library_streams - one stream per CPU per buffer that has data */
static int library_streams(struct ti_trace *t, char err[TI_ERR_LEN])
{
	for (int b = 0; b < t->stats.buffers; b++) {
		struct tracecmd_input *h = b ? t->instances[b - 1] : t->handle;

		for (int cpu = 0; cpu < t->stats.cpus; cpu++) {
			struct stream s = { .handle = h, .buffer = b, .cpu = cpu };

			if (add_stream(t, s, err))
				return -1;
		}
	}
	return 0;
}

/* merge_start - the first record of every stream, and the tree over them */
static int merge_start(struct ti_trace *t, char err[TI_ERR_LEN])
{
	size_t n = t->own_reader ? (size_t)t->nlayout :
				   (size_t)t->stats.cpus * (size_t)t->stats.buffers;

	t->leaves = 1;
	while ((size_t)t->leaves < n)
		t->leaves *= 2;
	t->streams = calloc(n ? n : 1, sizeof(*t->streams));
	t->keys = calloc((size_t)t->leaves, sizeof(*t->keys));
	t->tree = calloc((size_t)t->leaves, sizeof(*t->tree));
	if (!t->streams || !t->keys || !t->tree) {
		snprintf(err, TI_ERR_LEN, "%s: %s", t->path, strerror(ENOMEM));
		return -1;
	}
	if (t->own_reader ? own_streams(t, err) : library_streams(t, err))
		return -1;
	for (int i = 0; i < t->leaves; i++) {
		bool live = i < t->nstreams && (t->streams[i].own || t->streams[i].rec);

		t->keys[i] = live ? key_of(&t->streams[i]) : (struct merge_key){ UINT64_MAX, MERGE_END };
		t->active += live;
	}
	if (merge_build(t)) {
		snprintf(err, TI_ERR_LEN, "%s: %s", t->path, strerror(ENOMEM));
		return -1;
	}
	return 0;
}

/* note_lost - account the events lost before a record on its CPU */
static void note_lost(struct ti_trace *t, const struct stream *s)
{
	struct ti_lost *l;

	if (s->cpu < 0 || s->cpu >= t->stats.cpus)
		return;
	l = &t->lost[s->cpu];
	if (s->cur.missed > 0)
		l->known += (uint64_t)s->cur.missed;
	else
		l->unknown++;
	if (!l->first_ts)
		l->first_ts = s->cur.ts;
	l->last_ts = s->cur.ts;
}

/* deliver - hand one record to the consumer if its event is wanted */
static int deliver(struct ti_trace *t, const struct stream *s, ti_record_fn fn, void *arg)
{
	/* the libraries' accessors take a record: only data and size are looked at */
	struct tep_record rec = { .data = s->cur.data, .size = (int)s->cur.size };
	struct ti_event *ev = NULL;
	struct ti_record r;
	int id;

	if (s->cur.missed)
		note_lost(t, s);
	id = tep_data_type(t->tep, &rec);
	if (id >= 0 && id <= t->max_id)
		ev = t->by_id[id];
	if (++t->stats.records % TI_PROGRESS_EVERY == 0 && t->progress)
		t->progress(t->stats.records, t->data_done,
			    t->file_size > t->data_start ? t->file_size - t->data_start : 0,
			    t->progress_arg);
	if (!ev || !ev->wanted)
		return 0;
	t->stats.bad_fields += td_decode(t->tep, ev, s->cur.data, s->cur.size, t->values);
	ev->count++;
	t->stats.delivered++;
	r = (struct ti_record){
		.ts = s->cur.ts,
		.seq = t->stats.records - 1,
		.cpu = s->cpu,
		.pid = tep_data_pid(t->tep, &rec),
		.buffer = s->buffer,
		.event = ev,
		.values = t->values,
		.lost_before = s->cur.missed,
	};
	return fn(&r, arg);
}

/* ti_iterate - read the whole trace, calling fn for each wanted record in order */
int ti_iterate(struct ti_trace *t, ti_record_fn fn, void *arg, char err[TI_ERR_LEN])
{
	int ret = 0;

	if (t->text)
		return tt_iterate(t, fn, arg, err);
	if (t->proxy)
		return ti_isolate_iterate(t, fn, arg, err);
	current_trace = t;
	if (!t->tree && merge_start(t, err))
		ret = -1;
	while (!ret && t->active) {
		int leaf = t->tree[0];
		struct stream *top = &t->streams[leaf];
		uint64_t at = top->cur.file_pos;
		int r;

		ret = deliver(t, top, fn, arg) ? 1 : 0;
		r = stream_next(t, top, err);
		if (r < 0) {
			ret = -1;
			break;
		}
		if (r) {
			/* bytes read: each CPU's data is contiguous, so sum how far each moved */
			if (top->cur.file_pos > at)
				t->data_done += top->cur.file_pos - at;
			t->keys[leaf] = key_of(top);
		} else {
			tc_close(top->own);
			top->own = NULL;
			t->keys[leaf] = (struct merge_key){ UINT64_MAX, MERGE_END };
			t->active--;
		}
		merge_replay(t, leaf);
	}
	current_trace = NULL;
	return ret;
}

/* ti_get_stats - counts after (or during) the iteration */
const struct ti_stats *ti_get_stats(const struct ti_trace *t)
{
	return &t->stats;
}

/* ti_comm - the command name of a pid from the trace's saved cmdlines */
const char *ti_comm(struct ti_trace *t, int pid)
{
	const char *comm = t->text ? tt_comm(t, pid) :
			   t->proxy ? ti_isolate_comm(t, pid) : tep_data_comm_from_pid(t->tep, pid);

	return comm ? comm : "<...>";
}

/* ti_is_text - whether the trace is report text (which shows records, not event formats) */
bool ti_is_text(const struct ti_trace *t)
{
	return t->text != NULL;
}

/* ti_set_progress - ask for progress calls during ti_iterate() */
void ti_set_progress(struct ti_trace *t, ti_progress_fn fn, void *arg)
{
	t->progress = fn;
	t->progress_arg = arg;
}

/* ti_kernel - the recording kernel as the trace's UNAME option says, or NULL */
const char *ti_kernel(const struct ti_trace *t)
{
	return t->kernel[0] ? t->kernel : NULL;
}

/* ti_messages - what the libraries printed while reading (NULL if nothing) */
const char *ti_messages(const struct ti_trace *t)
{
	return t->messages_len ? t->messages : NULL;
}
