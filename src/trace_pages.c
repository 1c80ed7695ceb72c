// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace_pages.c - the trace.dat source that reads the pages itself
 *
 * libtracecmd 3.1.6 reads zstd-compressed data in quadratic time and keeps all of it in
 * memory, and spends most of its per-record time in allocation and page reference
 * counting. This source takes the headers and events from libtracecmd (trace_dat.c) but
 * reads every CPU's data with trace_cpu.c, at the places the header checks located, and
 * merges the CPU streams with trace_merge.c. Files whose records the library must read
 * (options that shift timestamps, a latency trace, zlib, an unusual page header) are
 * declined: the libtracecmd source (trace_library.c) reads them.
 *
 * Holds the file's descriptor, the CPU data layout and the page format.
 * Named by the picker only (tp_source); calls trace_dat.c, trace_cpu.c, trace_merge.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <trace-cmd/trace-cmd.h>
#include <traceevent/event-parse.h>

#include "trace_cpu.h"
#include "trace_dat.h"

struct pages {
	struct tf_dat dat;		/* first: see trace_dat.h */
	int fd;
	struct tc_format format;
	struct th_cpu_data *layout;	/* every buffer's CPUs with data */
	int nlayout;
};

/* probe - a valid trace.dat whose records need not go through the library */
static enum ts_probe probe(struct ts_input *in, char why[TI_ERR_LEN])
{
	const char *force = getenv("CCSL_READER");
	enum ts_probe r = tf_probe(in, why);
	const char *reason;

	if (r != TS_ACCEPT)
		return r;
	/* CCSL_READER=library: for comparison, and as a way around a reader bug */
	if (force && !strcmp(force, "library"))
		return TS_DECLINE;
	/* the library shifts and scales stamps for DATE, OFFSET, TIME_SHIFT, TSC2NSEC */
	reason = in->info.adjusts_time ? "the file's options shift timestamps" :
					 tf_layout_unreadable(&in->info);
	if (!reason)
		return TS_ACCEPT;
	snprintf(why, TI_ERR_LEN, "%s", reason);
	return TS_DECLINE;
}

/* open_data - the file and the CPU data the header checks located */
static int open_data(struct ti_trace *t, struct pages *p, const struct ts_input *in,
		     char err[TI_ERR_LEN])
{
	const struct th_info *info = &in->info;
	size_t bytes = (size_t)info->ncpu_data * sizeof(*p->layout);
	int cpus = tep_get_cpus(p->dat.tep);

	p->fd = open(in->file, O_RDONLY | O_CLOEXEC);
	p->layout = p->fd >= 0 ? malloc(bytes) : NULL;
	if (!p->layout && (p->fd >= 0 || errno == ENOMEM))
		return ts_nomem(t->path, err);
	if (!p->layout) {
		snprintf(err, TI_ERR_LEN, "%s: %s", t->path, strerror(errno));
		return -1;
	}
	memcpy(p->layout, info->cpu_data, bytes);
	p->nlayout = info->ncpu_data;
	p->format = tf_page_format(&p->dat, info);
	for (int i = 0; i < p->nlayout; i++) {
		if (cpus <= p->layout[i].cpu)
			cpus = p->layout[i].cpu + 1;
		if (t->stats.buffers <= p->layout[i].buffer)
			t->stats.buffers = p->layout[i].buffer + 1;
	}
	return tf_load(t, &p->dat, cpus, err);
}

/* open_pages - the headers, then (unless the page header is unusual) the data's layout */
static int open_pages(struct ti_trace *t, struct ts_input *in, char err[TI_ERR_LEN])
{
	struct pages *p = calloc(1, sizeof(*p));
	const char *why;
	int r;

	if (!p)
		return ts_nomem(t->path, err);
	p->fd = -1;
	t->src = p;
	tf_enter(t);
	r = tf_open(t, &p->dat, in, err);
	why = r ? NULL : tf_header_unreadable(&p->dat);
	if (why) {
		snprintf(err, TI_ERR_LEN, "%s", why);
		r = 1;
	} else if (!r) {
		r = open_data(t, p, in, err);
	}
	tf_leave();
	return r;
}

/* stream_next - a CPU's next record, for the merge */
static int stream_next(void *s, struct tc_record *rec, char *err, size_t errlen)
{
	return tc_next(s, rec, err, errlen);
}

/* stream_close - a CPU's stream, for the merge */
static void stream_close(void *s)
{
	tc_close(s);
}

static const struct tm_stream_ops stream_ops = {
	.next = stream_next,
	.close = stream_close,
};

/* start - one stream per CPU data section, merged */
static int start(struct ti_trace *t, char err[TI_ERR_LEN])
{
	struct pages *p = t->src;
	char why[TI_ERR_LEN - 64];

	if (tm_init(&p->dat.merge, &stream_ops, p->nlayout))
		return ts_nomem(t->path, err);
	for (int i = 0; i < p->nlayout; i++) {
		const struct th_cpu_data *d = &p->layout[i];
		struct tc_stream *s;
		int r = tc_open(&s, p->fd, &p->format, d, why, sizeof(why));

		if (!r)
			r = tm_add(&p->dat.merge, s, d->buffer, d->cpu, why, sizeof(why));
		if (r == TI_NOMEM)
			return ts_nomem(t->path, err);
		if (r) {
			snprintf(err, TI_ERR_LEN, "%s: %s", t->path, why);
			return -1;
		}
		if (!p->dat.data_start || d->offset < p->dat.data_start)
			p->dat.data_start = d->offset;
	}
	if (tm_start(&p->dat.merge))
		return ts_nomem(t->path, err);
	return 0;
}

/* iterate - the records of every CPU's pages, merged */
static int iterate(struct ti_trace *t, ti_record_fn fn, void *arg, char err[TI_ERR_LEN])
{
	return tf_iterate(t, start, fn, arg, err);
}

/* close_pages - the streams, the file, the headers */
static void close_pages(struct ti_trace *t)
{
	struct pages *p = t->src;

	if (!p)
		return;
	tf_close(&p->dat);
	if (p->fd >= 0)
		close(p->fd);
	free(p->layout);
	free(p);
	t->src = NULL;
}

const struct ts_ops tp_source = {
	.name = "pages",
	.contain = true,	/* libtracecmd parses the headers */
	.probe = probe,
	.open = open_pages,
	.iterate = iterate,
	.comm = tf_comm,
	.close = close_pages,
};
