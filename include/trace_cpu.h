/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * trace_cpu.h - one CPU's records of a trace.dat, read without libtracecmd's
 * record layer
 *
 * Internal to the trace stage: for the sources that read ring-buffer pages
 * (trace_pages.c; trace_library.c, which has every page checked by it first;
 * trace_live.c), and for the stage's unit tests and fuzz targets.
 *
 * libtracecmd 3.1.6 reads zstd-compressed data in quadratic time and keeps all
 * of it in memory, and spends most of its per-record time in allocation and
 * page reference counting. This reader walks the pages the validator located
 * (mapped from the file, or decompressed chunk by chunk with libzstd into one
 * reused buffer) and leaves the parsing of each page to libtraceevent's
 * kbuffer, as the library itself does. Each page is checked (th_check_page)
 * before kbuffer sees it.
 *
 * Where the pages come from is a tc_supply: the file's pages, its zstd
 * chunks, or pages the caller feeds as they come (a live CPU's trace_pipe_raw,
 * trace_live.c): every supply gets the same page checks and the same parsing.
 *
 * This header may use trace_header.h (th_cpu_data) only.
 */
#ifndef CCSL_TRACE_CPU_H
#define CCSL_TRACE_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include "trace_header.h"

struct tc_supply;

/* Pages read from the file (trace.dat v6, v7 uncompressed). */
extern const struct tc_supply tc_file_pages;
/* Pages decompressed from the file's zstd chunks (trace.dat v7 zstd). */
extern const struct tc_supply tc_zstd_chunks;
/* Pages fed with tc_feed() as they come (no file: tc_open's fd and offsets are unused). */
extern const struct tc_supply tc_fed_pages;

/* How the pages of a CPU's data are laid out, and where they come from. */
struct tc_format {
	uint32_t page_size;
	int commit_size;	/* the page header's commit word: 4 or 8 */
	bool big_endian;
	const struct tc_supply *supply;
};

/* One record; data points into the stream's buffer until the next tc_next(). */
struct tc_record {
	uint64_t ts;		/* as the ring buffer has it: no offset applied */
	void *data;
	uint32_t size;
	int64_t missed;		/* events lost before it: 0, a count, or -1 unknown (a page
				   flagged with no count, or a count of 0) */
	uint64_t file_pos;	/* bytes of the file's CPU data behind the records so far */
};

struct tc_stream;

/*
 * tc_open - a stream over one CPU's data (th_cpu_data) of the file fd, into *out: 0, -1
 * with a reason in err if it cannot be set up, or TH_NOMEM
 */
int tc_open(struct tc_stream **out, int fd, const struct tc_format *fmt,
	    const struct th_cpu_data *d, char *err, size_t errlen);

/*
 * tc_next - the next record: 1, 0 at the end, -1 with a reason (byte offset included),
 * or TH_NOMEM
 */
int tc_next(struct tc_stream *s, struct tc_record *rec, char *err, size_t errlen);

/*
 * tc_feed - append whole pages to a stream of tc_fed_pages. Its tc_next() returns 0
 * once it has read every page fed so far, and goes on when more are fed; records
 * it returned stay valid (the pages are queued apart). 0, or -1 (no memory).
 */
int tc_feed(struct tc_stream *s, const void *pages, size_t len);

/* tc_close - unmap and free */
void tc_close(struct tc_stream *s);

#endif /* CCSL_TRACE_CPU_H */
