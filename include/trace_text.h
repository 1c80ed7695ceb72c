/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * trace_text.h - one line of trace text taken apart (src/trace_text_line.c)
 *
 * Internal to the text reader: included by src/trace_text*.c, by its unit test
 * (tests/unit/test_trace_text.c) and its fuzz target (fuzz/fuzz_text.c). The rest of the
 * trace stage knows the reader as tt_source (trace_source.h) only. Prefix tt_.
 *
 * Spans point into the line: valid while the line is.
 */
#ifndef CCSL_TRACE_TEXT_H
#define CCSL_TRACE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bounds that keep arbitrary input cheap: longer or wider input is counted, not parsed. */
#define TT_MAX_LINE	65536		/* a longer line is malformed */
#define TT_MAX_PAIRS	64		/* name=value pairs read per line */
#define TT_MAX_NAME	255		/* event and field names */
#define TT_PREFIX_SCAN	1024		/* where the CPU column is looked for */

/* A piece of a line: not NUL-terminated. */
struct tt_span {
	const char *p;
	size_t len;
};

/* One name=value pair of a record line. */
struct tt_pair {
	struct tt_span name;
	struct tt_span value;
	bool quoted;		/* the value was "..." */
};

/* What a line is. */
enum tt_kind {
	TT_OTHER,		/* not a record: skipped (a header may say something, see below) */
	TT_RECORD,
	TT_LOST,		/* events lost on a CPU */
	TT_BAD,			/* starts like a record but cannot be read */
};

/* A line taken apart. */
struct tt_line {
	/* TT_RECORD */
	struct tt_span comm;
	struct tt_span event;
	int pid;
	int cpu;
	uint64_t ts;		/* ns */
	int npairs;
	struct tt_pair pairs[TT_MAX_PAIRS];
	/* TT_LOST: the CPU, and the count (-1: not said) */
	int lost_cpu;
	int64_t lost_count;
	/* TT_OTHER: "cpus=N" or tracefs's "#P:N" (0 if the line says nothing of it) */
	int cpus;
	/* TT_OTHER: tracefs's entries-written minus entries-in-buffer (events overwritten) */
	uint64_t overwritten;
};

/* tt_parse_line - what the line p..end (without its newline) is; a record is taken apart */
enum tt_kind tt_parse_line(struct tt_line *l, const char *p, const char *end);

/* tt_parse_hex - hex digits only (no 0x), up to 16 of them */
bool tt_parse_hex(struct tt_span s, uint64_t *out);

/*
 * tt_parse_number - a value as the kernel prints numbers: decimal, -decimal (two's
 * complement, as the binary reader sign-extends) or 0x hex. Returns 1 for a number, 0 for
 * something else, -1 for a bare "-" or "0x": a number cut short (a truncated paste) rather
 * than evidence of a string.
 */
int tt_parse_number(struct tt_span s, uint64_t *out, bool *neg);

/* tt_span_is - whether a span holds exactly the NUL-terminated str */
bool tt_span_is(struct tt_span s, const char *str);

/* tt_is_probe_field - "__probe_ip" and friends: the probe's addresses, hex without 0x */
bool tt_is_probe_field(const char *name);

#endif /* CCSL_TRACE_TEXT_H */
