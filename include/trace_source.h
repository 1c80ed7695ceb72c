/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * trace_source.h - the record-source interface of the trace stage
 *
 * Internal to the trace stage: included by src/trace_*.c and by the stage's own unit
 * tests and fuzz targets. The consumers of the stage (bind.c, checker*.c) include
 * trace_input.h only.
 *
 * A record source reads one kind of input and fills the common part of a trace
 * (struct ti_trace below: its events, counts and messages); it keeps whatever else it
 * needs in its own state (t->src). Every source implements struct ts_ops. The picker in
 * trace_input.c is the only code that names sources: it offers the input to each
 * source's probe in the order of its table and opens the first that accepts, in a child
 * process when the source asks to be contained. Names here:
 *
 *   ts_   this interface and the helpers every source shares (trace_source.c)
 *   tx_   the isolation wrapper (trace_isolate.c), used by the picker only
 *
 * Adding a source: one ops table, one line in the picker's table. An input filter
 * (decompression by magic bytes, spooling a pipe to an unlinked temporary file:
 * trace_spool.h) is a table entry whose open builds a new ts_input, hands it to the picker
 * again (ts_pick) and adopts the trace it gets (ts_adopt): ts_input is the whole of what a
 * source may read.
 *
 * This header may use trace_input.h (the public types) and trace_header.h (th_info).
 */
#ifndef CCSL_TRACE_SOURCE_H
#define CCSL_TRACE_SOURCE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "trace_header.h"
#include "trace_input.h"

#define TS_HEAD 4096		/* bytes of the input the picker reads for the probes */
#define TS_DAT_NOMEM (-3)	/* ts_input.dat: the header checks ran out of memory */
#define TS_MSG_MAX 4096		/* bytes of messages kept per trace */

/* What the picker knows of an input before any source reads it. */
struct ts_input {
	const char *path;	/* as given ("-" is standard input): for messages */
	const char *file;	/* what a source opens it by: path, or a filter's temporary file */
	int fd;			/* open for reading, positioned after head */
	bool regular;		/* a regular file with a size, not standard input: it may be
				   opened again and read twice (not a pipe, not tracefs's files) */
	uint64_t size;		/* its size when regular */
	int depth;		/* layers of compression it was decompressed from */
	uint8_t head[TS_HEAD];	/* its first bytes */
	size_t head_len;
	bool eof;		/* head holds the whole input */
	char declined[TI_ERR_LEN]; /* why a source before the one opening it declined, or "" */
	struct ti_live *live;	/* a live tracefs instance (ti_open_live): no fd, no head */
	/* a trace.dat: the header checks' result, filled once by the first probe that asks */
	int dat;		/* 0 not looked at, 1 a valid trace.dat, -1 not one, -2 corrupt,
				   TS_DAT_NOMEM out of memory */
	struct th_info info;
	char dat_err[TI_ERR_LEN];
};

/*
 * Out of memory anywhere in the stage is TH_NOMEM (trace_header.h), the value of
 * TI_NOMEM: every function of the stage that returns an int status passes it on as it
 * is, and nothing turns it into an error of the trace.
 */
_Static_assert(TH_NOMEM == TI_NOMEM, "one value for out of memory in the trace stage");

/* A probe's answer. */
enum ts_probe {
	TS_DECLINE,		/* not this source's input (why: a reason worth passing on, or "") */
	TS_ACCEPT,
	TS_ERROR,		/* this source's input, but unreadable (why: the one-line error) */
	TS_NOMEM,		/* memory ran out looking */
};

struct ti_trace;

/* A record source. */
struct ts_ops {
	const char *name;
	bool contain;		/* runs code that crashes on some damaged input: isolate it */
	/* probe - whether this source reads in: by content, cheaply, in the parent process */
	enum ts_probe (*probe)(struct ts_input *in, char why[TI_ERR_LEN]);
	/*
	 * open - fill t's common part and t->src: 0, -1 with err, 1 if a closer look
	 * says another source must read it (err: why; the picker goes on with the table),
	 * or TI_NOMEM
	 */
	int (*open)(struct ti_trace *t, struct ts_input *in, char err[TI_ERR_LEN]);
	/* iterate - deliver the wanted records in order, as ti_iterate() */
	int (*iterate)(struct ti_trace *t, ti_record_fn fn, void *arg, char err[TI_ERR_LEN]);
	/* comm - the name of a task, or NULL (errno ENOMEM: memory ran out looking) */
	const char *(*comm)(struct ti_trace *t, int pid);
	/* close - free t->src and what the source owns of the common part (event names) */
	void (*close)(struct ti_trace *t);
};

/* A trace: the common part every source fills, and the source's own state. */
struct ti_trace {
	char *path;
	const struct ts_ops *ops;	/* the source reading it */
	void *src;			/* its state */
	struct ti_event *events;	/* names owned by the source; fields arrays by the trace */
	int nevents;
	struct ti_event **by_id;	/* id -> event, max_id + 1 entries (ts_index_events) */
	int max_id;
	struct ti_value *values;	/* scratch for the widest event */
	bool from_text;			/* events learnt from report text, not from formats */
	struct ti_stats stats;
	struct ti_lost *lost;		/* stats.cpus entries (ts_set_cpus) */
	char kernel[256];		/* the recording kernel's uname, or "" */
	ti_progress_fn progress;	/* or NULL */
	void *progress_arg;
	char messages[TS_MSG_MAX];
	size_t messages_len;
};

/* ---- what every source shares (trace_source.c) ---- */

/* ts_new - an empty trace for path; NULL (out of memory) with err */
struct ti_trace *ts_new(const char *path, char err[TI_ERR_LEN]);

/* ts_nomem - memory ran out reading the trace at path: err says so; returns TI_NOMEM */
int ts_nomem(const char *path, char err[TI_ERR_LEN]);

/* ts_close - the source's close, then the common part */
void ts_close(struct ti_trace *t);

/*
 * ts_index_events - after a source filled events: the id index and the scratch
 * values. Returns 0, -1 with err (two events with one id), or TI_NOMEM.
 */
int ts_index_events(struct ti_trace *t, char err[TI_ERR_LEN]);

/*
 * ts_set_cpus - the CPU count (1 to TH_MAX_CPUS) and its lost-event counters; 0, -1
 * with err, or TI_NOMEM
 */
int ts_set_cpus(struct ti_trace *t, int cpus, char err[TI_ERR_LEN]);

/* ts_note_lost - events lost on cpu before a record at ts: a count (> 0) or unknown (< 0) */
void ts_note_lost(struct ti_trace *t, int cpu, int64_t missed, uint64_t ts);

/* ts_format_ts - a timestamp in ns as seconds with 9 decimals */
const char *ts_format_ts(char *buf, size_t len, uint64_t ns);

/*
 * ts_set_backwards - n records went back in time; the first: at place ("CPU 1, its
 * record 5", "line 12"), stamped ts after prev_ts
 */
void ts_set_backwards(struct ti_trace *t, uint64_t n, const char *place, uint64_t ts,
		      uint64_t prev_ts);

/* ts_vnote - append a line to the trace's messages */
void ts_vnote(struct ti_trace *t, const char *fmt, va_list ap);

/* ts_note - append a formatted line to the trace's messages */
void ts_note(struct ti_trace *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ts_last_note - the last line of the messages (into buf), or NULL if none */
const char *ts_last_note(const struct ti_trace *t, char *buf, size_t len);

/* ts_comm - the name of a task from the source, or "<...>"; NULL when memory ran out */
const char *ts_comm(struct ti_trace *t, int pid);

/* ts_adopt - t (a filter's, fresh from ts_new) becomes inner, the trace the picker gave it */
void ts_adopt(struct ti_trace *t, struct ti_trace *inner);

/* ---- the picker (trace_input.c) ---- */

/*
 * ts_pick - the first source of the table that accepts and opens in, into *out: 0, -1
 * with err, or TI_NOMEM
 */
int ts_pick(struct ts_input *in, struct ti_trace **out, char err[TI_ERR_LEN]);

/* ---- the sources and filters: named by the picker's table only ---- */

extern const struct ts_ops tz_filter;	/* compressed input, decompressed (trace_decompress.c) */
extern const struct ts_ops tb_filter;	/* a pipe, standard input: spooled (trace_spool.c) */
extern const struct ts_ops tp_source;	/* trace.dat, its pages read by trace_cpu.c */
extern const struct ts_ops tl_source;	/* trace.dat, its records read by libtracecmd */
extern const struct ts_ops tn_binary;	/* another binary format: refused (trace_other.c) */
extern const struct ts_ops tt_source;	/* trace text: trace-cmd report, tracefs (trace_text.c) */
extern const struct ts_ops tn_other;	/* nothing read it: refused with what it looks like */
extern const struct ts_ops tr_source;	/* a live tracefs instance's ring buffers (trace_live.c) */

/*
 * tx_open - open in with the source inner in a child process: t becomes the parent's
 * side (its ops the isolation's). Returns as inner's open would.
 */
int tx_open(struct ti_trace *t, const struct ts_ops *inner, struct ts_input *in,
	    char err[TI_ERR_LEN]);

#endif /* CCSL_TRACE_SOURCE_H */
