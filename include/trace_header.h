/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * trace_header.h - checks of a trace.dat file made before libtracecmd sees it
 *
 * libtracecmd 3.1.6 crashes on some malformed files; what can be checked
 * cheaply from the file's own structure is checked here first.
 *
 * Internal to the trace stage: for its sources (through trace_dat.c's probe),
 * the page reader (th_check_page, th_chunk_header), the stage's unit tests and
 * fuzz targets. This header uses nothing of the stage.
 */
#ifndef CCSL_TRACE_HEADER_H
#define CCSL_TRACE_HEADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TH_MAX_CPUS 4096

/*
 * What the stage's functions return when memory ran out, from these checks up to
 * ti_iterate (TI_NOMEM has the same value): every layer passes it on as it is.
 */
#define TH_NOMEM (-2)

/* Where one CPU's records of one buffer are in the file. */
struct th_cpu_data {
	int buffer;		/* 0: the top buffer, 1..: instances in file order */
	int cpu;
	uint64_t offset;	/* pages (v6, v7 "none") or a chunk list (v7 compressed) */
	uint64_t size;
};

struct th_info {
	int version;		/* 6 or 7 */
	int big_endian;
	int long_size;		/* 4 or 8 */
	uint32_t page_size;
	char compression[32];	/* v7: "none", "zstd", ... */
	uint64_t file_size;
	char uname[256];	/* the UNAME option: the recording kernel, or "" */
	bool adjusts_time;	/* DATE, OFFSET, TIME_SHIFT or TSC2NSEC: the library shifts stamps */
	bool latency;		/* a latency trace: text, no CPU pages */
	struct th_cpu_data *cpu_data; /* every buffer's CPUs with data, after th_validate */
	int ncpu_data;
	uint64_t formats_at;	/* where the event formats are (v7: their section), or 0 */
	uint64_t nformats;	/* v6: the formats, ftrace's and the events' (v7: 0, not counted) */
};

/* Option ids of trace.dat (trace-cmd's TRACECMD_OPTION_*) that need checking. */
enum {
	TH_OPT_DONE = 0,
	TH_OPT_DATE = 1,
	TH_OPT_CPUSTAT = 2,
	TH_OPT_BUFFER = 3,
	TH_OPT_UNAME = 5,
	TH_OPT_HOOK = 6,
	TH_OPT_OFFSET = 7,
	TH_OPT_VERSION = 9,
	TH_OPT_PROCMAPS = 10,
	TH_OPT_TIME_SHIFT = 12,
	TH_OPT_TSC2NSEC = 14,
	TH_OPT_EVENT_FORMATS = 18,
	TH_OPT_BUFFER_TEXT = 22,
};

/* th_has_magic - whether the bytes begin with the trace.dat magic */
bool th_has_magic(const uint8_t *buf, size_t len);

/*
 * th_parse - check the fixed header of a trace.dat image held in memory
 * (at least the first bytes of the file). Returns 0, or -1 with a reason.
 */
int th_parse(const uint8_t *buf, size_t len, uint64_t file_size, struct th_info *info,
	     char *err, size_t errlen);

/*
 * th_validate - open path and check its structure: for version 6 every
 * section size, the options libtracecmd trusts and the event formats (no id
 * given twice); for version 7 the fixed header, every options section and the
 * chunk lists of compressed data; for both where each CPU's data is (no byte
 * of it claimed by two CPUs). Fills info (free it with th_info_release);
 * returns 0, -1 with err "path: reason at offset N", or TH_NOMEM.
 */
int th_validate(const char *path, struct th_info *info, char err[512]);

/* th_get_u32 - a 32-bit number of the file, in its byte order (big: big endian) */
uint32_t th_get_u32(const uint8_t *p, int big);

/* th_info_release - what th_validate allocated in info */
void th_info_release(struct th_info *info);

/*
 * th_page_missed - what a page (checked by th_check_page) says was lost before its
 * first event: 0, a count, or -1 for an unknown number. The commit word's flag says
 * events were lost; a second flag says their count is stored after the data. A flag
 * with no count, or with a count of 0, is an unknown number: never none.
 */
int64_t th_page_missed(const uint8_t *page, int commit_size, int big);

/*
 * th_check_page - one ring-buffer page: its commit and every event must fit
 * in it. commit_size is the page header's commit word (4 or 8). Returns NULL,
 * or why the page is corrupt with *at its offset in the page.
 */
const char *th_check_page(const uint8_t *page, uint32_t page_size, int commit_size, int big,
			  uint32_t *at);

/*
 * th_chunk_header - the header of a compressed chunk at p (u32 compressed size,
 * u32 size, in the file's byte order); -1 if either is beyond its bound.
 */
int th_chunk_header(const uint8_t p[8], int big, uint64_t room, uint32_t *zsize, uint32_t *size);

#define TH_CHUNK_MAX (64u << 20)	/* trace-cmd writes 10 pages per chunk: a bound */

#endif /* CCSL_TRACE_HEADER_H */
