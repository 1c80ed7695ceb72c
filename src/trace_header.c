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
#include <stdarg.h>
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

/* A bounded reader of the file: every read is checked against the file size. */
struct reader {
	int fd;
	uint64_t pos, size;
	const struct th_info *info;
	char *err;
	size_t errlen;
};

/* rd_fail - record why the file is corrupt, with the offset */
static int __attribute__((format(printf, 2, 3))) rd_fail(struct reader *r, const char *fmt, ...)
{
	char msg[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(r->err, r->errlen, "%s at offset %llu", msg, (unsigned long long)r->pos);
	return -1;
}

/* rd_bytes - read n bytes at the current position */
static int rd_bytes(struct reader *r, void *buf, size_t n, const char *what)
{
	if (n > r->size - r->pos || pread(r->fd, buf, n, (off_t)r->pos) != (ssize_t)n)
		return rd_fail(r, "truncated file: %s cut short", what);
	r->pos += n;
	return 0;
}

/* rd_num - a 4 or 8 byte number in the file's byte order */
static int rd_num(struct reader *r, int size, uint64_t *v, const char *what)
{
	uint8_t b[8];

	if (rd_bytes(r, b, (size_t)size, what))
		return -1;
	*v = size == 8 ? get_u64(b, r->info->big_endian) : get_u32(b, r->info->big_endian);
	return 0;
}

/* rd_skip_sized - a size (4 or 8 bytes) and that many bytes, which must be in the file */
static int rd_skip_sized(struct reader *r, int size_len, const char *what)
{
	uint64_t size;

	if (rd_num(r, size_len, &size, what))
		return -1;
	if (size > r->size - r->pos)
		return rd_fail(r, "%s claims %llu bytes, beyond the end of the file", what,
			       (unsigned long long)size);
	r->pos += size;
	return 0;
}

/* rd_tag - one of the fixed NUL-terminated section tags */
static int rd_tag(struct reader *r, const char *tag, size_t len)
{
	char buf[16];

	if (rd_bytes(r, buf, len, tag))
		return -1;
	if (memcmp(buf, tag, len))
		return rd_fail(r, "corrupt file: missing the '%s' section", tag);
	return 0;
}

/* rd_count - a u32 count with a sanity bound */
static int rd_count(struct reader *r, uint64_t max, uint64_t *n, const char *what)
{
	if (rd_num(r, 4, n, what))
		return -1;
	if (*n > max)
		return rd_fail(r, "corrupt file: %llu %s", (unsigned long long)*n, what);
	return 0;
}

/* rd_formats - the event formats: ftrace's, then per system */
static int rd_formats(struct reader *r)
{
	uint64_t n, systems, events;
	char name[257];

	if (rd_tag(r, "header_page", 12) || rd_skip_sized(r, 8, "header_page") ||
	    rd_tag(r, "header_event", 13) || rd_skip_sized(r, 8, "header_event") ||
	    rd_count(r, 100000, &n, "ftrace formats"))
		return -1;
	while (n--)
		if (rd_skip_sized(r, 8, "an ftrace format"))
			return -1;
	if (rd_count(r, 100000, &systems, "event systems"))
		return -1;
	while (systems--) {
		size_t len;

		if (pread(r->fd, name, sizeof(name), (off_t)r->pos) <= 0 ||
		    (len = strnlen(name, sizeof(name))) == sizeof(name))
			return rd_fail(r, "corrupt file: bad event system name");
		r->pos += len + 1;
		if (rd_count(r, 100000, &events, "event formats"))
			return -1;
		while (events--)
			if (rd_skip_sized(r, 8, "an event format"))
				return -1;
	}
	return 0;
}

/* option_has_string - a string option's data must hold its terminating NUL */
static bool option_has_string(const uint8_t *data, uint32_t size)
{
	return size && memchr(data, 0, size);
}

/* check_option - the options libtracecmd 3.1.6 trusts without checking */
static int check_option(struct reader *r, unsigned int id, const uint8_t *data, uint32_t size,
			struct th_info *info)
{
	const char *s = (const char *)data;

	switch (id) {
	case TH_OPT_CPUSTAT:
	case TH_OPT_PROCMAPS:
		if (!size)
			return rd_fail(r, "corrupt option %u: empty", id);
		break;
	case TH_OPT_UNAME:
	case TH_OPT_VERSION:
		if (!option_has_string(data, size))
			return rd_fail(r, "corrupt option %u: unterminated string", id);
		if (id == TH_OPT_UNAME)
			snprintf(info->uname, sizeof(info->uname), "%.255s", s);
		break;
	case TH_OPT_HOOK:
		/* "[sys:]start,match[,pid]/[sys:]end,match[,flags]" or the library crashes */
		if (!option_has_string(data, size) || !strchr(s, '/') || !strchr(s, ',') ||
		    !strchr(strchr(s, '/'), ','))
			return rd_fail(r, "corrupt hook option");
		break;
	case TH_OPT_BUFFER:
		if (size < 9 || !memchr(data + 8, 0, size - 8) ||
		    get_u64(data, info->big_endian) >= r->size)
			return rd_fail(r, "corrupt buffer option");
		break;
	default:
		break;
	}
	return 0;
}

/* rd_options - the v6 options, up to the one with id 0 */
static int rd_options(struct reader *r, struct th_info *info)
{
	static uint8_t data[1 << 16];

	for (int n = 0; n < 10000; n++) {
		uint8_t b[2];
		uint64_t size;
		unsigned int id;

		if (rd_bytes(r, b, 2, "options"))
			return -1;
		id = info->big_endian ? (unsigned int)b[0] << 8 | b[1] : (unsigned int)b[1] << 8 | b[0];
		if (!id)
			return 0;
		if (rd_num(r, 4, &size, "an option"))
			return -1;
		if (size > r->size - r->pos)
			return rd_fail(r, "option %u claims %llu bytes, beyond the end of the file", id,
				       (unsigned long long)size);
		if (size <= sizeof(data) && pread(r->fd, data, size, (off_t)r->pos) == (ssize_t)size &&
		    check_option(r, id, data, (uint32_t)size, info))
			return -1;
		r->pos += size;
	}
	return rd_fail(r, "corrupt file: too many options");
}

/* rd_cpu_pages - each page header of one CPU's data: the commit must fit in the page */
static int rd_cpu_pages(struct reader *r, int cpu, uint64_t offset, uint64_t size)
{
	uint32_t page = r->info->page_size, hdr = 8 + (uint32_t)r->info->long_size;

	for (uint64_t at = offset; at < offset + size; at += page) {
		uint8_t b[16];
		uint64_t commit;

		if (pread(r->fd, b, hdr, (off_t)at) != (ssize_t)hdr) {
			r->pos = at;
			return rd_fail(r, "truncated data of CPU %d", cpu);
		}
		commit = r->info->long_size == 8 ? get_u64(b + 8, r->info->big_endian) :
						   get_u32(b + 8, r->info->big_endian);
		/* bits 0-26: bytes used; 30 and 31 are flags about missed events */
		if ((commit & 0x7ffffff) > page - hdr) {
			r->pos = at;
			return rd_fail(r, "corrupt page of CPU %d: %llu bytes used in a %u-byte page",
				       cpu, (unsigned long long)(commit & 0x7ffffff), page);
		}
	}
	return 0;
}

/* rd_flyrecord - per CPU: offset and size of its pages, inside the file and page-aligned */
static int rd_flyrecord(struct reader *r, uint64_t cpus)
{
	for (uint64_t cpu = 0; cpu < cpus; cpu++) {
		uint64_t offset, size;

		if (rd_num(r, 8, &offset, "CPU data offsets") ||
		    rd_num(r, 8, &size, "CPU data sizes"))
			return -1;
		if (!size)
			continue;
		if (offset % r->info->page_size || offset > r->size || size > r->size - offset)
			return rd_fail(r, "corrupt file: CPU %llu data at %llu (+%llu) is not a page "
					  "of the file",
				       (unsigned long long)cpu, (unsigned long long)offset,
				       (unsigned long long)size);
		if (rd_cpu_pages(r, (int)cpu, offset, size))
			return -1;
	}
	return 0;
}

/* walk_v6 - every section of a version 6 file, with its sizes checked */
static int walk_v6(struct reader *r, struct th_info *info)
{
	uint64_t cpus;
	char tag[10];

	if (rd_formats(r) || rd_skip_sized(r, 4, "kallsyms") || rd_skip_sized(r, 4, "printk") ||
	    rd_skip_sized(r, 8, "cmdlines") || rd_count(r, TH_MAX_CPUS, &cpus, "CPUs"))
		return -1;
	if (!cpus)
		return rd_fail(r, "corrupt file: 0 CPUs");
	for (;;) {
		if (rd_bytes(r, tag, sizeof(tag), "the data section"))
			return -1;
		if (!memcmp(tag, "options  ", 10)) {
			if (rd_options(r, info))
				return -1;
			continue;
		}
		if (!memcmp(tag, "latency  ", 10))
			return 0;
		if (!memcmp(tag, "flyrecord", 10))
			return rd_flyrecord(r, cpus);
		return rd_fail(r, "corrupt file: unknown section");
	}
}

/* walk_v7 - the first options section of a version 7 file */
static int walk_v7(struct reader *r, const uint8_t *head, size_t len)
{
	uint64_t off, size;
	size_t pos = sizeof(magic) + 2 + 6;
	uint8_t b[16];

	/* skip the two compression strings parse_v7 already checked */
	pos += strlen((const char *)head + pos) + 1;
	pos += strlen((const char *)head + pos) + 1;
	off = get_u64(head + pos, r->info->big_endian);
	r->pos = off;
	if (rd_bytes(r, b, 16, "the options section header"))
		return -1;
	size = get_u64(b + 8, r->info->big_endian);
	if (size > r->size - r->pos)
		return rd_fail(r, "options section claims %llu bytes, beyond the end of the file",
			       (unsigned long long)size);
	return 0;
}

/* th_validate - open path and check its header; err gets "path: reason" */
int th_validate(const char *path, struct th_info *info, char err[512])
{
	uint8_t buf[HEAD_READ];
	char reason[400];
	struct reader r;
	struct stat st;
	ssize_t n;
	int fd, ret = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, 512, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		snprintf(err, 512, "%s: %s", path,
			 S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
		goto out;
	}
	n = pread(fd, buf, sizeof(buf), 0);
	if (n <= 0) {
		snprintf(err, 512, "%s: %s", path, n ? strerror(errno) : "empty file");
		goto out;
	}
	if (th_parse(buf, (size_t)n, (uint64_t)st.st_size, info, reason, sizeof(reason)))
		goto bad;
	r = (struct reader){ fd, (uint64_t)(sizeof(magic) + 2 + 6), (uint64_t)st.st_size, info,
			     reason, sizeof(reason) };
	if (info->version == 6 ? walk_v6(&r, info) : walk_v7(&r, buf, (size_t)n))
		goto bad;
	ret = 0;
	goto out;
bad:
	snprintf(err, 512, "%s: %s", path, reason);
out:
	close(fd);
	return ret;
}
