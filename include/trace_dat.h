/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * trace_dat.h - what the trace.dat sources share: the file's headers through
 * libtracecmd, its events, and the path of a ring-buffer record to the consumer
 *
 * Internal to the trace stage: for trace_pages.c and trace_library.c, and for the live
 * tracefs source (trace_live.c), which has a tep_handle and ring-buffer records too (its
 * tf_dat has no libtracecmd handle: its tep is its own).
 *
 * Each of these sources' state (t->src) begins with a struct tf_dat: tf_comm() and
 * tf_iterate() find it there.
 *
 * This header may use trace_source.h and trace_merge.h.
 */
#ifndef CCSL_TRACE_DAT_H
#define CCSL_TRACE_DAT_H

#include <stdint.h>

#include "trace_merge.h"
#include "trace_source.h"

struct tracecmd_input;
struct tep_handle;

/* A record whose event id no format describes: what is said of the first. */
struct tf_unknown {
	int id, cpu;
	uint64_t ts;
};

/* The libtracecmd side of a trace.dat, and its CPU streams. */
struct tf_dat {
	struct tracecmd_input *handle;	/* the headers, and the top buffer's records */
	struct tep_handle *tep;
	struct tm_merge merge;		/* one stream per CPU per buffer with data */
	bool started;			/* the streams were opened (by the first iterate) */
	uint64_t file_size;
	uint64_t formats_at;		/* where the event formats are, or 0 */
	uint64_t data_start;		/* offset of the first record: where the data begins */
	struct tf_unknown unknown;	/* the first record whose id no format describes */
};

/*
 * tf_probe - whether in is a trace.dat that passed the header checks (th_validate,
 * run once per input, whichever source asks first)
 */
enum ts_probe tf_probe(struct ts_input *in, char why[TI_ERR_LEN]);

/* tf_layout_unreadable - why the header checks say trace_cpu.c cannot read the pages, or NULL */
const char *tf_layout_unreadable(const struct th_info *info);

/* tf_header_unreadable - why libtraceevent's page header rules trace_cpu.c out, or NULL */
const char *tf_header_unreadable(const struct tf_dat *d);

/* tf_page_format - how trace_cpu.c reads this file's pages */
struct tc_format tf_page_format(const struct tf_dat *d, const struct th_info *info);

/*
 * tf_open - the headers with libtracecmd (after the header checks): d's handle and
 * tep, t's kernel. Returns 0, -1 with err, or TI_NOMEM. Call between tf_enter() and
 * tf_leave().
 */
int tf_open(struct ti_trace *t, struct tf_dat *d, const struct ts_input *in,
	    char err[TI_ERR_LEN]);

/* tf_load - every event of the tep with its fields, and the CPU count; 0, -1 with err, TI_NOMEM */
int tf_load(struct ti_trace *t, struct tf_dat *d, int cpus, char err[TI_ERR_LEN]);

/*
 * tf_library_error - a library call failed: -1 with err "path: what" and the last line
 * the libraries printed, or TI_NOMEM if errno says ENOMEM (set it to 0 before the call)
 */
int tf_library_error(const struct ti_trace *t, char err[TI_ERR_LEN], const char *what);

/* tf_enter - the libraries' messages go to t's messages until tf_leave() */
void tf_enter(struct ti_trace *t);

/* tf_leave - the libraries' messages go nowhere again */
void tf_leave(void);

/*
 * tf_iterate - the records of d's merged streams to fn, in order. start opens the
 * streams (once, at the first call: 0, -1 with err, or TI_NOMEM). Returns as
 * ti_iterate().
 */
int tf_iterate(struct ti_trace *t, int (*start)(struct ti_trace *t, char err[TI_ERR_LEN]),
	       ti_record_fn fn, void *arg, char err[TI_ERR_LEN]);

/*
 * tf_deliver - every record of d's merge to fn, in order, until every stream has ended
 * (a live source merges what each pass read). Returns as ti_iterate().
 */
int tf_deliver(struct ti_trace *t, struct tf_dat *d, ti_record_fn fn, void *arg,
	       char err[TI_ERR_LEN]);

/*
 * tf_finish - after the last record: backwards records went back in time (b: the first),
 * and what is said of records no format describes
 */
void tf_finish(struct ti_trace *t, const struct tf_dat *d, const struct tm_back *b,
	       uint64_t backwards);

/*
 * tf_comm - the command name of a pid from the file's saved cmdlines, or NULL (errno
 * ENOMEM when memory ran out)
 */
const char *tf_comm(struct ti_trace *t, int pid);

/* tf_close - the streams left, then the handle (instances are the library source's) */
void tf_close(struct tf_dat *d);

#endif /* CCSL_TRACE_DAT_H */
