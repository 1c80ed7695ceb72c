// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace_header.c - check a trace.dat header before libtracecmd reads it
 *
 * Layout (trace-cmd's trace-cmd.dat(5)): magic 17 08 44 "tracing", the
 * version as a NUL-terminated string, endianness (u8), long size (u8), page
 * size (u32); version 7 then names the compression algorithm and its version
 * and gives the offset of the first options section.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trace_header.h"

#define HEAD_READ 256

static const uint8_t magic[] = { 0x17, 0x08, 0x44, 't', 'r', 'a', 'c', 'i', 'n', 'g' };

/* get_u32 - a 32-bit number in the file's byte order */
static uint32_t get_u32(const uint8_t *p, int big)
{
	if (big)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* get_u64 - a 64-bit number in the file's byte order */
static uint64_t get_u64(const uint8_t *p, int big)
{
	uint64_t hi = get_u32(p + (big ? 0 : 4), big), lo = get_u32(p + (big ? 4 : 0), big);

	return hi << 32 | lo;
}

/* get_cstr - a NUL-terminated string at *pos of at most max bytes; advances pos */
static const char *get_cstr(const uint8_t *buf, size_t len, size_t *pos, size_t max)
{
	const uint8_t *nul = memchr(buf + *pos, 0, len - *pos);
	const char *s = (const char *)buf + *pos;

	if (!nul || (size_t)(nul - (buf + *pos)) > max)
		return NULL;
	*pos = (size_t)(nul - buf) + 1;
	return s;
}

/* parse_v7 - the compression and options-offset fields of version 7 */
static int parse_v7(const uint8_t *buf, size_t len, size_t pos, struct th_info *info,
		    char *err, size_t errlen)
{
	const char *algo = get_cstr(buf, len, &pos, 31);

	if (!algo || !get_cstr(buf, len, &pos, 31)) {
		snprintf(err, errlen, "truncated or corrupt compression header");
		return -1;
	}
	snprintf(info->compression, sizeof(info->compression), "%s", algo);
	if (strcmp(algo, "none") && strcmp(algo, "zstd") && strcmp(algo, "zlib")) {
		snprintf(err, errlen, "unsupported compression '%s'", algo);
		return -1;
	}
	if (pos + 8 > len) {
		snprintf(err, errlen, "truncated header");
		return -1;
	}
	if (get_u64(buf + pos, info->big_endian) >= info->file_size) {
		snprintf(err, errlen, "options offset %llu is beyond the end of the file (%llu bytes)",
			 (unsigned long long)get_u64(buf + pos, info->big_endian),
			 (unsigned long long)info->file_size);
		return -1;
	}
	return 0;
}

/* th_parse - check the fixed header of a trace.dat image held in memory */
int th_parse(const uint8_t *buf, size_t len, uint64_t file_size, struct th_info *info,
	     char *err, size_t errlen)
{
	size_t pos = sizeof(magic);
	const char *version;

	memset(info, 0, sizeof(*info));
	info->file_size = file_size;
	if (len < sizeof(magic) || memcmp(buf, magic, sizeof(magic))) {
		snprintf(err, errlen, "not a trace.dat file (bad magic)");
		return -1;
	}
	version = get_cstr(buf, len, &pos, 8);
	if (!version) {
		snprintf(err, errlen, "truncated or corrupt version string");
		return -1;
	}
	if (strcmp(version, "6") && strcmp(version, "7")) {
		snprintf(err, errlen, "unsupported trace.dat version '%.8s' (6 and 7 are read)",
			 version);
		return -1;
	}
	info->version = version[0] - '0';
	if (pos + 6 > len) {
		snprintf(err, errlen, "truncated header");
		return -1;
	}
	if (buf[pos] > 1) {
		snprintf(err, errlen, "bad endianness flag %u at offset %zu", buf[pos], pos);
		return -1;
	}
	info->big_endian = buf[pos++];
	info->long_size = buf[pos++];
	if (info->long_size != 4 && info->long_size != 8) {
		snprintf(err, errlen, "bad long size %d at offset %zu", info->long_size, pos - 1);
		return -1;
	}
	info->page_size = get_u32(buf + pos, info->big_endian);
	if (info->page_size < 1024 || info->page_size > (1u << 20) ||
	    (info->page_size & (info->page_size - 1))) {
		snprintf(err, errlen, "bad page size %u at offset %zu", info->page_size, pos);
		return -1;
	}
	pos += 4;
	if (info->version == 7)
		return parse_v7(buf, len, pos, info, err, errlen);
	return 0;
}

/* th_validate - open path and check its header; err gets "path: reason" */
int th_validate(const char *path, char err[512])
{
	uint8_t buf[HEAD_READ];
	struct th_info info;
	char reason[400];
	struct stat st;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, 512, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		snprintf(err, 512, "%s: %s", path,
			 S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
		close(fd);
		return -1;
	}
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n <= 0) {
		snprintf(err, 512, "%s: %s", path, n ? strerror(errno) : "empty file");
		return -1;
	}
	if (th_parse(buf, (size_t)n, (uint64_t)st.st_size, &info, reason, sizeof(reason))) {
		snprintf(err, 512, "%s: %s", path, reason);
		return -1;
	}
	return 0;
}
