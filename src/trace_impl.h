/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * trace_impl.h - the inside of a trace shared by its two readers:
 * trace_input.c (trace.dat through libtracecmd) and trace_text.c (the text
 * `trace-cmd report` prints, as pasted into bug reports)
 */
#ifndef CCSL_TRACE_IMPL_H
#define CCSL_TRACE_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "trace_cpu.h"
#include "trace_header.h"
#include "trace_input.h"

#define MSG_MAX 4096

struct tracecmd_input;
struct tep_handle;
struct tep_record;
struct tt_state;
struct ti_proxy;

/* One CPU of one buffer: a sorted stream of records, from either reader. */
struct stream {
	struct tc_record cur;		/* the next record */
	struct tc_stream *own;		/* our reader (trace_cpu.c), or NULL */
	struct tracecmd_input *handle;	/* else the library's */
	struct tep_record *rec;		/* its record behind cur, owned */
	int buffer;
	int cpu;
};

/* The order of a stream's next record: timestamp, then buffer, then CPU. */
struct merge_key {
	uint64_t ts;
	uint32_t tie;		/* buffer << 16 | CPU; MERGE_END: the stream has ended */
};

struct ti_trace {
	char *path;
	/* trace.dat through libtracecmd */
	struct tracecmd_input *handle;	/* top buffer */
	struct tracecmd_input **instances;
	int ninstances;
	struct tep_handle *tep;
	/* the CPU data read without the library's record layer (see trace_cpu.h) */
	bool own_reader;
	int fd;
	struct tc_format format;
	struct th_cpu_data *layout;
	int nlayout;
	struct stream *streams;		/* one per CPU per buffer with data */
	int nstreams;
	/*
	 * the streams merged by a tournament tree: one comparison per level for each
	 * record (a binary heap needs two). tree[0] is the stream with the next record,
	 * tree[1..leaves-1] the loser of each match; leaves is a power of 2.
	 */
	struct merge_key *keys;		/* per leaf */
	int *tree;
	int leaves;
	int active;			/* streams not at their end */
	/* report text: NULL for a trace.dat */
	struct tt_state *text;
	/* a trace.dat read by a child process: the parent's side */
	struct ti_proxy *proxy;
	/* what both fill */
	struct ti_event *events;	/* the text reader gives them system "" */
	int nevents;
	struct ti_event **by_id;	/* id -> event, max_id + 1 entries */
	int max_id;
	struct ti_value *values;	/* scratch for the widest event */
	struct ti_stats stats;
	struct ti_lost *lost;		/* stats.cpus entries */
	char kernel[256];		/* the recording kernel's uname, or "" */
	uint64_t file_size;
	uint64_t data_start;		/* offset of the first record: where the data begins */
	uint64_t data_done;		/* bytes of data read, all CPUs together */
	ti_progress_fn progress;	/* or NULL */
	void *progress_arg;
	char messages[MSG_MAX];
	size_t messages_len;
};

/*
 * tt_open - read path ("-": standard input) as trace-cmd report text: find
 * its events and their fields (types guessed from the values: quoted or not
 * a number -> string). Returns NULL with a one-line reason if it is not such
 * text either ("not a trace.dat file and not trace-cmd report text").
 */
struct ti_trace *tt_open(const char *path, char err[TI_ERR_LEN]);

/* tt_iterate - deliver the wanted records in file order (as ti_iterate) */
int tt_iterate(struct ti_trace *t, ti_record_fn fn, void *arg, char err[TI_ERR_LEN]);

/* tt_close - free the text reader's state (ti_close frees the rest) */
void tt_close(struct ti_trace *t);

/* tt_comm - the command name the text gave a pid, or NULL */
const char *tt_comm(struct ti_trace *t, int pid);

/* ti_open_library - open a validated trace.dat with libtracecmd in this process */
struct ti_trace *ti_open_library(const char *path, const struct th_info *info,
				 char err[TI_ERR_LEN]);

/* ti_isolate_open - open a validated trace.dat through a child process */
struct ti_trace *ti_isolate_open(const char *path, const struct th_info *info,
				 char err[TI_ERR_LEN]);

/* ti_isolate_iterate - tell the child what to send, and deliver what it sends */
int ti_isolate_iterate(struct ti_trace *t, ti_record_fn fn, void *arg, char err[TI_ERR_LEN]);

/* ti_isolate_close - stop the child and free the parent's side */
void ti_isolate_close(struct ti_trace *t);

/* ti_isolate_comm - the name of a task seen in a record, or NULL */
const char *ti_isolate_comm(struct ti_trace *t, int pid);

#endif /* CCSL_TRACE_IMPL_H */
