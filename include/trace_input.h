/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * trace_input.h - trace input: the events a trace knows, and its records in
 * timestamp order with their fields decoded and bounds-checked
 *
 * The first stage of the pipeline. A consumer looks the events up once,
 * selects the ones it wants, and receives only those, each with every field
 * decoded. Lost events are counted per CPU whether or not their records are
 * wanted; so are records no format describes and records stamped before the
 * record before them.
 *
 * The stage's only public header (prefix ti_), for its consumers (bind.c,
 * checker.c, checker_run.c, and the live session, live.c, which opens a live
 * instance for the checker). What reads a trace (a trace.dat's pages, libtracecmd,
 * trace text, a live tracefs instance, in a child process or not, decompressed or
 * spooled first or not) is behind it: include/trace_source.h and the headers it names
 * are internal to the stage. Uses
 * nothing of the stage.
 */
#ifndef CCSL_TRACE_INPUT_H
#define CCSL_TRACE_INPUT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How a field is read from a record. */
enum ti_field_type {
	TI_FIELD_NUM,		/* 1, 2, 4 or 8 bytes, signed or not */
	TI_FIELD_STR,		/* __data_loc char[] or char[N] */
	TI_FIELD_OTHER,		/* arrays, structs: not readable */
};

struct ti_field {
	const char *name;
	enum ti_field_type type;
	bool is_signed;
	bool data_loc;		/* STR: a __data_loc (offset, length) word, else char[size] */
	bool rel_loc;		/* __rel_loc: offset relative to the end of the word */
	unsigned int offset;	/* in the record */
	unsigned int size;
};

struct ti_event {
	int id;
	const char *system;
	const char *name;
	struct ti_field *fields; /* the event's own fields, common_* excluded */
	int nfields;
	bool wanted;
	uint64_t count;		/* records of this event delivered */
	void *user;		/* for the consumer */
};

/* A decoded field value. Strings point into the record: valid during the callback. */
struct ti_value {
	uint64_t num;		/* NUM (sign-extended when signed) */
	const char *str;	/* STR: not NUL-terminated, see len */
	uint32_t len;
	bool ok;		/* false: the field did not fit in the record */
};

struct ti_record {
	uint64_t ts;		/* ns */
	uint64_t seq;		/* position among all records read, 0-based */
	int cpu;
	int pid;
	int buffer;		/* 0: top buffer, 1..: instances */
	const struct ti_event *event;
	const struct ti_value *values; /* event->nfields values */
	int64_t lost_before;	/* events lost on this CPU just before: 0, n, or -1 unknown */
};

/* Lost events of one CPU (all buffers). */
struct ti_lost {
	uint64_t known;		/* events counted as lost */
	uint64_t unknown;	/* times events were lost without a count */
	uint64_t first_ts;	/* timestamp of the first record after a loss */
	uint64_t last_ts;	/* timestamp of the last record after a loss */
};

#define TI_PLACE_LEN 160

struct ti_stats {
	uint64_t records;	/* every record read */
	uint64_t delivered;	/* records of wanted events */
	uint64_t bad_fields;	/* field values that failed bounds checks */
	uint64_t unknown_ids;	/* records whose event id no format describes: not decoded */
	/*
	 * records stamped before the record before them: in their CPU's stream (one CPU
	 * of one buffer) for a trace.dat, in the file for report text. Delivered as they
	 * come (never reordered), but the order they give is not time's.
	 */
	uint64_t backwards;
	char backwards_at[TI_PLACE_LEN]; /* the first: where, and its two stamps; or "" */
	int cpus;
	int buffers;
	const struct ti_lost *lost; /* cpus entries */
};

#define TI_ERR_LEN 512

struct ti_trace;

/* Called for each wanted record in order; a non-zero return stops the iteration. */
typedef int (*ti_record_fn)(const struct ti_record *rec, void *arg);

/* What ti_iterate returns when memory ran out (and what a failed ti_open says in errno). */
#define TI_NOMEM (-2)

/*
 * ti_open - open a trace: a trace.dat file (version 6 or 7, any buffers), or the text
 * trace-cmd report or tracefs prints; compressed (gzip, xz, zstd, bzip2) or not; a file,
 * a pipe or "-" (standard input). Returns NULL with a one-line reason in err ("not a
 * trace.dat file and not trace text (trace-cmd report, tracefs)", "a CCSL specification,
 * not a trace: ...", ...) and errno 0, or NULL with errno ENOMEM when memory ran out
 * (in this process or in the reader's: err says only that).
 */
struct ti_trace *ti_open(const char *path, char err[TI_ERR_LEN]);

/*
 * A tracefs instance read while it records (ccsl-check --live). Whoever set the instance
 * up (src/live.c: its trace clock "mono", buffer_percent 0, its events enabled) fills
 * the first part; the source fills the rest when reading ends.
 *
 * The source reads every CPU's trace_pipe_raw of the instance with the page reader of
 * trace.dat files (the same checks, the same record path) and merges the CPUs in
 * timestamp order with a bounded delay. A pass reads every CPU's buffer; after a pass
 * begun at time T (the instance's trace clock) it delivers every record stamped before
 * T - TI_LIVE_SLACK_MS: all of those were written before the pass read their CPU (a
 * record is stamped as it is reserved and committed within microseconds). The next pass
 * comes when the first record held back is TI_LIVE_SLACK_MS old, or when the instance
 * wakes the reader (buffer_percent: any data at 0, a half full buffer at its default),
 * and at the latest TI_LIVE_PASS_MS after the last; never sooner than TI_LIVE_SLACK_MS
 * after it. A record is thus delivered at most TI_LIVE_PASS_MS + TI_LIVE_SLACK_MS after it
 * was written (2 * TI_LIVE_SLACK_MS and a little with buffer_percent 0), when the reader
 * keeps up. A record that arrives after records stamped later were delivered (written
 * more than TI_LIVE_SLACK_MS after its stamp) is delivered when it comes and counted in
 * the trace's messages.
 */
#define TI_LIVE_PASS_MS 100
#define TI_LIVE_SLACK_MS 10

struct ti_live {
	const char *instance;	/* the instance's directory in tracefs (names the trace) */
	const volatile sig_atomic_t *stop; /* non-zero: tracing was stopped: read what is left */
	int record_fd;		/* >= 0: where the trace.dat of the pages read is written */
	const char *spool_dir;	/* where the pages are kept meanwhile (NULL: $TMPDIR, /tmp) */
	void (*started)(void *arg); /* called once, as reading begins (or NULL) */
	void *arg;
	/* filled by the source */
	bool recorded;		/* the trace.dat was written to record_fd */
	char record_err[TI_ERR_LEN]; /* why it was not, or "" */
};

/*
 * ti_open_live - open a live tracefs instance; NULL with a one-line reason in err (errno
 * ENOMEM when memory ran out, as ti_open()).
 * ti_iterate() then reads until *live->stop is set, reads what is left, delivers it and
 * returns; with record_fd it then writes the trace.dat of every page it read, which an
 * offline ti_open() reads as the same records in the same order. A constructor and not a
 * path for ti_open(): an instance's directory names the buffers, but not when reading is
 * to end, nor where its pages are to be kept; the session that owns the instance does.
 */
struct ti_trace *ti_open_live(struct ti_live *live, char err[TI_ERR_LEN]);

/* ti_close - release everything */
void ti_close(struct ti_trace *t);

/* ti_events - every event whose format the trace carries */
struct ti_event *ti_events(struct ti_trace *t, int *nevents);

/* ti_find_event - an event by system and name, or NULL */
struct ti_event *ti_find_event(struct ti_trace *t, const char *system, const char *name);

/* ti_find_field - the index of a field of an event, or -1 */
int ti_find_field(const struct ti_event *ev, const char *name);

/* ti_want_system - select every event of a system; returns how many */
int ti_want_system(struct ti_trace *t, const char *system);

/*
 * ti_iterate - read the whole trace, calling fn for each wanted record in
 * timestamp order (ties: buffer, then CPU; one CPU's records in file order).
 * Returns 0, 1 if fn stopped it, -1 with err set, or TI_NOMEM when memory ran
 * out (the records delivered are then not all the trace's).
 */
int ti_iterate(struct ti_trace *t, ti_record_fn fn, void *arg, char err[TI_ERR_LEN]);

/* ti_stats - counts after (or during) the iteration */
const struct ti_stats *ti_get_stats(const struct ti_trace *t);

/*
 * ti_comm - the command name of a pid from the trace's saved cmdlines, or "<...>"; NULL
 * when memory ran out
 */
const char *ti_comm(struct ti_trace *t, int pid);

/*
 * Called every TI_PROGRESS_EVERY records: records read, bytes of data read and the
 * data's size (compressed traces count uncompressed bytes: done may exceed size).
 */
typedef void (*ti_progress_fn)(uint64_t records, uint64_t done, uint64_t size, void *arg);

#define TI_PROGRESS_EVERY (1u << 20)

/* ti_set_progress - ask for progress calls during ti_iterate() */
void ti_set_progress(struct ti_trace *t, ti_progress_fn fn, void *arg);

/* ti_is_text - whether the trace is report text (which shows records, not event formats) */
bool ti_is_text(const struct ti_trace *t);

/* ti_kernel - the recording kernel as the trace's UNAME option says, or NULL */
const char *ti_kernel(const struct ti_trace *t);

/* ti_messages - what the libraries printed while reading (NULL if nothing) */
const char *ti_messages(const struct ti_trace *t);

#endif /* CCSL_TRACE_INPUT_H */
