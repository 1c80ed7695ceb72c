// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace_library.c - the trace.dat source whose records libtracecmd reads
 *
 * For the files the page reader declines (options that shift timestamps, which the
 * library applies; a latency trace; zlib; an unusual page header) and on request
 * (CCSL_READER=library, for comparison). The library's per-CPU reading
 * (tracecmd_read_data) of every buffer gives the streams, merged with trace_merge.c.
 * Before the library reads the records, every page it will read is checked by
 * trace_cpu.c where that reader can parse them: kbuffer crashes on some damaged pages
 * and silently drops the rest of others, and the library decompresses a chunk without
 * checking its size. That reading also notes what each page says was lost: kbuffer
 * takes a page flagged with a stored count of 0 for none lost, trace_cpu.c for an
 * unknown number, and the library's records get trace_cpu.c's counts.
 *
 * Holds the instance buffers' handles and the per-CPU record streams.
 * Named by the picker only (tl_source); calls trace_dat.c, trace_cpu.c, trace_merge.c.
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

/* The records of one CPU of one buffer that follow lost events, as trace_cpu.c read them. */
struct losses {
	int buffer, cpu;
	uint64_t *index;		/* the record's index in its CPU's stream, from 1 */
	int64_t *missed;		/* what was lost before it: a count or -1 */
	size_t n, cap;
};

/* One CPU of one buffer, read by the library. */
struct lstream {
	struct tracecmd_input *handle;
	int cpu;
	struct tep_record *rec;		/* the record being delivered, owned */
	uint64_t index;			/* of rec in the stream, from 1 */
	const struct losses *losses;	/* or NULL */
	size_t next_loss;
};

struct library {
	struct tf_dat dat;		/* first: see trace_dat.h */
	struct tracecmd_input **instances;
	int ninstances;
	struct lstream *streams;
	struct losses *losses;		/* per CPU data section the page checks read */
	int nlosses;
};

/* add_loss - a record that follows lost events; -1 on no memory */
static int add_loss(struct losses *l, uint64_t index, int64_t missed)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		uint64_t *i = realloc(l->index, cap * sizeof(*i));
		int64_t *m = i ? realloc(l->missed, cap * sizeof(*m)) : NULL;

		if (i)
			l->index = i;
		if (m)
			l->missed = m;
		if (!i || !m)
			return -1;
		l->cap = cap;
	}
	l->index[l->n] = index;
	l->missed[l->n++] = missed;
	return 0;
}

/*
 * check_pages - every page and chunk read once by trace_cpu.c, which checks each: 0, -1, or
 * TI_NOMEM
 */
static int check_pages(struct ti_trace *t, struct library *l, const struct ts_input *in,
		       char err[TI_ERR_LEN])
{
	const struct th_info *info = &in->info;
	const struct tc_format format = tf_page_format(&l->dat, info);
	char why[TI_ERR_LEN - 64];
	int fd = open(in->file, O_RDONLY | O_CLOEXEC), errnum = errno, r = 0;

	l->losses = calloc((size_t)info->ncpu_data, sizeof(*l->losses));
	if (fd < 0 || !l->losses) {
		if (fd >= 0)
			close(fd);
		if (fd >= 0 || errnum == ENOMEM)
			return ts_nomem(t->path, err);
		snprintf(err, TI_ERR_LEN, "%s: %s", t->path, strerror(errnum));
		return -1;
	}
	l->nlosses = info->ncpu_data;
	for (int i = 0; i < info->ncpu_data && !r; i++) {
		struct tc_stream *s;
		struct losses *lo = &l->losses[i];
		struct tc_record rec;
		uint64_t n = 0;

		lo->buffer = info->cpu_data[i].buffer;
		lo->cpu = info->cpu_data[i].cpu;
		r = tc_open(&s, fd, &format, &info->cpu_data[i], why, sizeof(why));
		while (s && (r = tc_next(s, &rec, why, sizeof(why))) == 1) {
			n++;
			if (rec.missed && add_loss(lo, n, rec.missed)) {
				r = TI_NOMEM;
				break;
			}
		}
		tc_close(s);
	}
	close(fd);
	if (r == TI_NOMEM)
		return ts_nomem(t->path, err);
	if (r < 0)
		snprintf(err, TI_ERR_LEN, "%s: %s", t->path, why);
	return r < 0 ? -1 : 0;
}

/* open_buffers - the handles of the instance buffers beside the top one: 0, -1, TI_NOMEM */
static int open_buffers(struct ti_trace *t, struct library *l, char err[TI_ERR_LEN])
{
	int n = tracecmd_buffer_instances(l->dat.handle);

	if (n <= 0)
		return 0;
	l->instances = calloc((size_t)n, sizeof(*l->instances));
	if (!l->instances)
		return ts_nomem(t->path, err);
	for (int i = 0; i < n; i++) {
		struct tracecmd_input *h;

		errno = 0;
		h = tracecmd_buffer_instance_handle(l->dat.handle, i);
		if (!h && errno == ENOMEM)
			return ts_nomem(t->path, err);
		if (!h) {
			snprintf(err, TI_ERR_LEN, "%s: cannot read buffer instance '%s'", t->path,
				 tracecmd_buffer_instance_name(l->dat.handle, i));
			return -1;
		}
		l->instances[l->ninstances++] = h;
	}
	return 0;
}

/* open_data - the library's own reading of the data, after our page checks */
static int open_data(struct ti_trace *t, struct library *l, const struct ts_input *in,
		     char err[TI_ERR_LEN])
{
	int r = 0;

	/* the page checks need what the page reader needs: otherwise the child contains it */
	if (!tf_layout_unreadable(&in->info) && !tf_header_unreadable(&l->dat))
		r = check_pages(t, l, in, err);
	if (r)
		return r;
	errno = 0;
	if (tracecmd_init_data(l->dat.handle) < 0) {
		/* tracecmd_close() crashes on a handle whose init failed: leak it. */
		l->dat.handle = NULL;
		return tf_library_error(t, err, "cannot read the trace data");
	}
	/* what it read while memory ran out is not to be trusted (see tf_open) */
	if (errno == ENOMEM)
		return ts_nomem(t->path, err);
	r = open_buffers(t, l, err);
	if (r)
		return r;
	t->stats.buffers = 1 + l->ninstances;
	return tf_load(t, &l->dat, tep_get_cpus(l->dat.tep), err);
}

/* open_library - the headers and data with libtracecmd */
static int open_library(struct ti_trace *t, struct ts_input *in, char err[TI_ERR_LEN])
{
	struct library *l = calloc(1, sizeof(*l));
	int r;

	if (!l)
		return ts_nomem(t->path, err);
	t->src = l;
	tf_enter(t);
	r = tf_open(t, &l->dat, in, err);
	if (!r)
		r = open_data(t, l, in, err);
	/* say why (after: an error's reason is the library's last message): it can be slow */
	if (!r && in->declined[0])
		ts_note(t, "ccsl-check: records read by libtracecmd (%s)", in->declined);
	tf_leave();
	return r;
}

/* stream_next - the library's next record of a CPU, for the merge */
static int stream_next(void *p, struct tc_record *rec, char *err, size_t errlen)
{
	struct lstream *ls = p;

	const struct losses *lo = ls->losses;

	tracecmd_free_record(ls->rec);
	errno = 0;
	ls->rec = tracecmd_read_data(ls->handle, ls->cpu);
	/* the library ends a CPU's records where it cannot allocate the next */
	if (!ls->rec && errno == ENOMEM) {
		snprintf(err, errlen, "out of memory");
		return TH_NOMEM;
	}
	if (!ls->rec)
		return 0;
	*rec = (struct tc_record){
		.ts = ls->rec->ts,
		.data = ls->rec->data,
		.size = ls->rec->size < 0 ? 0 : (uint32_t)ls->rec->size,
		.missed = ls->rec->missed_events,
		.file_pos = ls->rec->offset,
	};
	/* the same records as the page checks read: their losses, as the pages say them */
	ls->index++;
	if (lo && ls->next_loss < lo->n && lo->index[ls->next_loss] == ls->index)
		rec->missed = lo->missed[ls->next_loss++];
	return 1;
}

/* stream_close - give the last record back */
static void stream_close(void *p)
{
	struct lstream *ls = p;

	tracecmd_free_record(ls->rec);
	ls->rec = NULL;
}

static const struct tm_stream_ops stream_ops = {
	.next = stream_next,
	.close = stream_close,
};

/* start - one stream per CPU per buffer, merged */
static int start(struct ti_trace *t, char err[TI_ERR_LEN])
{
	struct library *l = t->src;
	int n = t->stats.cpus * t->stats.buffers;
	char why[TI_ERR_LEN - 64];

	l->streams = calloc(n ? (size_t)n : 1, sizeof(*l->streams));
	if (!l->streams || tm_init(&l->dat.merge, &stream_ops, n))
		return ts_nomem(t->path, err);
	for (int b = 0; b < t->stats.buffers; b++) {
		struct tracecmd_input *h = b ? l->instances[b - 1] : l->dat.handle;

		for (int cpu = 0; cpu < t->stats.cpus; cpu++) {
			struct lstream *ls = &l->streams[b * t->stats.cpus + cpu];

			*ls = (struct lstream){ .handle = h, .cpu = cpu };
			for (int i = 0; i < l->nlosses; i++)
				if (l->losses[i].buffer == b && l->losses[i].cpu == cpu)
					ls->losses = &l->losses[i];
			int r = tm_add(&l->dat.merge, ls, b, cpu, why, sizeof(why));

			if (r == TI_NOMEM)
				return ts_nomem(t->path, err);
			if (r) {
				snprintf(err, TI_ERR_LEN, "%s: %s", t->path, why);
				return -1;
			}
		}
	}
	l->dat.data_start = l->dat.merge.first_pos;
	if (tm_start(&l->dat.merge))
		return ts_nomem(t->path, err);
	return 0;
}

/* iterate - the library's records of every CPU of every buffer, merged */
static int iterate(struct ti_trace *t, ti_record_fn fn, void *arg, char err[TI_ERR_LEN])
{
	return tf_iterate(t, start, fn, arg, err);
}

/* close_library - the records, the instances, the headers */
static void close_library(struct ti_trace *t)
{
	struct library *l = t->src;

	if (!l)
		return;
	tm_free(&l->dat.merge);
	for (int i = 0; i < l->ninstances; i++)
		tracecmd_close(l->instances[i]);
	tf_close(&l->dat);
	for (int i = 0; i < l->nlosses; i++) {
		free(l->losses[i].index);
		free(l->losses[i].missed);
	}
	free(l->losses);
	free(l->instances);
	free(l->streams);
	free(l);
	t->src = NULL;
}

const struct ts_ops tl_source = {
	.name = "library",
	.contain = true,	/* libtracecmd crashes on some damaged files */
	.probe = tf_probe,
	.open = open_library,
	.iterate = iterate,
	.comm = tf_comm,
	.close = close_library,
};
