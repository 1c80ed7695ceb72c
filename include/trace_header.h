/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * trace_header.h - checks of a trace.dat file made before libtracecmd sees it
 *
 * libtracecmd 3.1.6 crashes on some malformed files; what can be checked
 * cheaply from the file's own structure is checked here first.
 */
#ifndef CCSL_TRACE_HEADER_H
#define CCSL_TRACE_HEADER_H

#include <stddef.h>
#include <stdint.h>

#define TH_MAX_CPUS 4096

struct th_info {
	int version;		/* 6 or 7 */
	int big_endian;
	int long_size;		/* 4 or 8 */
	uint32_t page_size;
	char compression[32];	/* v7: "none", "zstd", ... */
	uint64_t file_size;
};

/*
 * th_parse - check the fixed header of a trace.dat image held in memory
 * (at least the first bytes of the file). Returns 0, or -1 with a reason.
 */
int th_parse(const uint8_t *buf, size_t len, uint64_t file_size, struct th_info *info,
	     char *err, size_t errlen);

/* th_validate - open path and check its header; err gets "path: reason" */
int th_validate(const char *path, char err[512]);

#endif /* CCSL_TRACE_HEADER_H */
