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
	char uname[256];	/* the UNAME option (v6): the recording kernel, or "" */
};

/* Option ids of trace.dat (trace-cmd's TRACECMD_OPTION_*) that need checking. */
enum {
	TH_OPT_CPUSTAT = 2,
	TH_OPT_BUFFER = 3,
	TH_OPT_UNAME = 5,
	TH_OPT_HOOK = 6,
	TH_OPT_VERSION = 9,
	TH_OPT_PROCMAPS = 10,
};

/*
 * th_parse - check the fixed header of a trace.dat image held in memory
 * (at least the first bytes of the file). Returns 0, or -1 with a reason.
 */
int th_parse(const uint8_t *buf, size_t len, uint64_t file_size, struct th_info *info,
	     char *err, size_t errlen);

/*
 * th_validate - open path and check its structure: for version 6 every
 * section size, the options libtracecmd trusts, and every data page header;
 * for version 7 the fixed header and the first options section. Fills info;
 * returns 0, or -1 with err "path: reason at offset N".
 */
int th_validate(const char *path, struct th_info *info, char err[512]);

#endif /* CCSL_TRACE_HEADER_H */
