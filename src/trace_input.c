// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace_input.c - the trace stage's public face: the picker, and the API of trace_input.h
 *
 * ti_open() reads the first bytes of the input once and offers them to each record
 * source of the table below, in order: the first whose probe accepts opens the input
 * (in a child process if it asks to be contained, see trace_isolate.c). A source may
 * still decline once it looked closer (the page reader, at an unusual page header; the
 * text reader, finding no record): the picker then goes on with the next. Filters are
 * entries of the same table whose open hands a new input to the picker (ts_pick). This is
 * the only place that names a source; everything else goes through the trace's ops.
 *
 * The rest is the consumer's view of a trace, the same whatever read it: events looked up
 * by name, selection by system, the records through the source's iterate, the counts.
 *
 * Holds nothing between calls. Called by the consumers of the stage (bind.c,
 * checker_run.c); calls the sources' ops, tx_open, trace_source.c and th_info_release.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trace_source.h"

/*
 * The record sources, in the order they are offered the input: a live instance goes to
 * the live source; compressed input is decompressed and a pipe spooled (both to a
 * temporary file offered to this table again); a trace.dat goes to the page reader unless
 * it declines, then to libtracecmd; a binary format recognised by its magic is refused;
 * anything else may be trace text, and is refused with what it looks like when no line is
 * a record.
 */
static const struct ts_ops *const sources[] = {
	&tr_source,
	&tz_filter,
	&tb_filter,
	&tp_source,
	&tl_source,
	&tn_binary,
	&tt_source,
	&tn_other,
};

/* read_head - the first bytes of the input, for the probes: 0 or -1 with errno */
static int read_head(struct ts_input *in)
{
	while (in->head_len < TS_HEAD) {
		ssize_t n = read(in->fd, in->head + in->head_len, TS_HEAD - in->head_len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (!n) {
			in->eof = true;
			break;
		}
		in->head_len += (size_t)n;
	}
	return 0;
}

/* input_error - why the input cannot be opened or read: -1 with err, or TI_NOMEM */
static int input_error(const char *path, int errnum, char err[TI_ERR_LEN])
{
	if (errnum == ENOMEM)
		return ts_nomem(path, err);
	snprintf(err, TI_ERR_LEN, "%s: %s", path, strerror(errnum));
	return -1;
}

/* input_open - open path ("-": standard input) and read its head; -1 with err, or TI_NOMEM */
static int input_open(struct ts_input *in, const char *path, char err[TI_ERR_LEN])
{
	struct stat st;
	bool file;

	memset(in, 0, sizeof(*in));
	in->path = path;
	in->file = path;
	in->fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : STDIN_FILENO;
	if (in->fd < 0 || fstat(in->fd, &st))
		return input_error(path, errno, err);
	if (S_ISDIR(st.st_mode)) {
		snprintf(err, TI_ERR_LEN, "%s: is a directory", path);
		return -1;
	}
	/* tracefs's and procfs's files say size 0 and change: read once, as a pipe is */
	file = S_ISREG(st.st_mode) && strcmp(path, "-");
	in->regular = file && st.st_size > 0;
	in->size = in->regular ? (uint64_t)st.st_size : 0;
	if (read_head(in))
		return input_error(path, errno, err);
	if (file && !in->head_len) {
		snprintf(err, TI_ERR_LEN, "%s: empty file", path);
		return -1;
	}
	return 0;
}

/* input_close - what opening and probing the input left */
static void input_close(struct ts_input *in)
{
	if (in->fd >= 0 && strcmp(in->path, "-"))
		close(in->fd);
	th_info_release(&in->info);
}

/* open_source - open in with ops: in a child process if the source asks to be contained */
static int open_source(struct ti_trace *t, const struct ts_ops *ops, struct ts_input *in,
		       char err[TI_ERR_LEN])
{
	if (ops->contain && !getenv("CCSL_NO_ISOLATION"))
		return tx_open(t, ops, in, err);
	t->ops = ops;
	return ops->open(t, in, err);
}

/* ts_pick - the first source of the table that accepts and opens in (filters call it again) */
int ts_pick(struct ts_input *in, struct ti_trace **out, char err[TI_ERR_LEN])
{
	*out = NULL;
	for (size_t i = 0; i < sizeof(sources) / sizeof(sources[0]); i++) {
		struct ti_trace *t;
		int r;

		switch (sources[i]->probe(in, err)) {
		case TS_DECLINE:
			/* a reason is for the source that reads it in the end (-v) */
			if (*err)
				snprintf(in->declined, sizeof(in->declined), "%s", err);
			continue;
		case TS_ERROR:
			return -1;
		case TS_NOMEM:
			return ts_nomem(in->path, err);
		case TS_ACCEPT:
			break;
		}
		t = ts_new(in->path, err);
		if (!t)
			return TI_NOMEM;
		r = open_source(t, sources[i], in, err);
		if (!r) {
			*out = t;
			return 0;
		}
		ts_close(t);
		if (r < 0)
			return r;
		snprintf(in->declined, sizeof(in->declined), "%s", err);
	}
	snprintf(err, TI_ERR_LEN, "%s: no reader for this input", in->path);
	return -1;
}

/* ti_open - open a trace: a trace.dat file, or report text (also on standard input) */
struct ti_trace *ti_open(const char *path, char err[TI_ERR_LEN])
{
	struct ts_input *in = malloc(sizeof(*in));
	struct ti_trace *t = NULL;
	int r;

	if (!in) {
		ts_nomem(path, err);
		errno = ENOMEM;
		return NULL;
	}
	r = input_open(in, path, err);
	if (!r)
		r = ts_pick(in, &t, err);
	input_close(in);
	free(in);
	errno = r == TI_NOMEM ? ENOMEM : 0;
	return t;
}

/* ti_open_live - open a live tracefs instance: an input with no bytes, for the live source */
struct ti_trace *ti_open_live(struct ti_live *live, char err[TI_ERR_LEN])
{
	struct ts_input *in = calloc(1, sizeof(*in));
	struct ti_trace *t = NULL;
	int r;

	if (!in) {
		ts_nomem(live->instance, err);
		errno = ENOMEM;
		return NULL;
	}
	in->path = live->instance;
	in->fd = -1;
	in->live = live;
	r = ts_pick(in, &t, err);
	free(in);
	errno = r == TI_NOMEM ? ENOMEM : 0;
	return t;
}

/* ti_close - release everything */
void ti_close(struct ti_trace *t)
{
	ts_close(t);
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

/* ti_iterate - read the whole trace, calling fn for each wanted record in order */
int ti_iterate(struct ti_trace *t, ti_record_fn fn, void *arg, char err[TI_ERR_LEN])
{
	return t->ops->iterate(t, fn, arg, err);
}

/* ti_get_stats - counts after (or during) the iteration */
const struct ti_stats *ti_get_stats(const struct ti_trace *t)
{
	return &t->stats;
}

/* ti_comm - the command name of a pid from the trace's saved cmdlines */
const char *ti_comm(struct ti_trace *t, int pid)
{
	return ts_comm(t, pid);
}

/* ti_is_text - whether the trace is report text (which shows records, not event formats) */
bool ti_is_text(const struct ti_trace *t)
{
	return t->from_text;
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
