// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace_header.c - check a trace.dat header before libtracecmd reads it
 *
 * Layout (trace-cmd's trace-cmd.dat(5)): magic 17 08 44 "tracing", the
 * version as a NUL-terminated string, endianness (u8), long size (u8), page
 * size (u32); version 7 then names the compression algorithm and its version
 * and gives the offset of the first options section.
 *
 * Why about 1,000 lines in one file: the v6 and v7 walks, the options chain, the
 * compressed sections and the page and chunk checks that trace_cpu.c calls share one
 * bounds-checked cursor and one error path (file, offset, what was wrong); they are the
 * stage's one place that says what a well-formed trace.dat is.
 *
 * Holds nothing between calls. Called by trace_dat.c (th_validate, through
 * the trace.dat probe), trace_cpu.c (page and chunk checks); calls only libc
 * and libzstd.
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zstd.h>

#include "trace_header.h"

#define HEAD_READ 256
#define V7_SECTION_MAX (16u << 20)	/* options sections are small: a bound against bombs */
#define TH_SEC_COMPRESSED 0x1		/* trace-cmd's TRACECMD_SEC_FL_COMPRESS */

static const uint8_t magic[] = { 0x17, 0x08, 0x44, 't', 'r', 'a', 'c', 'i', 'n', 'g' };

/* th_has_magic - whether the bytes begin with the trace.dat magic */
bool th_has_magic(const uint8_t *buf, size_t len)
{
	return len >= sizeof(magic) && !memcmp(buf, magic, sizeof(magic));
}

/* th_get_u32 - a 32-bit number in the file's byte order */
uint32_t th_get_u32(const uint8_t *p, int big)
{
	if (big)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* get_u64 - a 64-bit number in the file's byte order */
static uint64_t get_u64(const uint8_t *p, int big)
{
	uint64_t hi = th_get_u32(p + (big ? 0 : 4), big), lo = th_get_u32(p + (big ? 4 : 0), big);

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

/* printable - a string from the file made safe for a one-line diagnostic */
static const char *printable(char *dst, const char *src, size_t max)
{
	size_t i;

	for (i = 0; i + 1 < max && src[i]; i++)
		dst[i] = src[i] >= ' ' && src[i] < 0x7f ? src[i] : '?';
	dst[i] = '\0';
	return dst;
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
		char shown[32];

		snprintf(err, errlen, "unsupported compression '%s'",
			 printable(shown, algo, sizeof(shown)));
		return -1;
	}
	if (pos + 8 > len) {
		snprintf(err, errlen, "truncated header");
		return -1;
	}
	if (get_u64(buf + pos, info->big_endian) >= info->file_size) {
		snprintf(err, errlen,
			 "options offset %llu is beyond the end of the file (%llu bytes)",
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
	if (!th_has_magic(buf, len)) {
		snprintf(err, errlen, "not a trace.dat file (bad magic)");
		return -1;
	}
	version = get_cstr(buf, len, &pos, 8);
	if (!version) {
		snprintf(err, errlen, "truncated or corrupt version string");
		return -1;
	}
	if (strcmp(version, "6") && strcmp(version, "7")) {
		char shown[9];

		snprintf(err, errlen, "unsupported trace.dat version '%s' (6 and 7 are read)",
			 printable(shown, version, sizeof(shown)));
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
	info->page_size = th_get_u32(buf + pos, info->big_endian);
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
#define MAX_INSTANCES 64

struct reader {
	int fd;
	uint64_t pos, size;
	struct th_info *info;
	char *err;
	size_t errlen;
	uint64_t instances[MAX_INSTANCES]; /* v6: where each buffer instance's data section is */
	int ninstances;
	int buffer;		/* the buffer whose CPU data is being walked */
	uint64_t next_options;	/* v7: the next options section, 0 for none */
	uint8_t *ids;		/* v6: a bit per event id below 65536 its formats gave */
	bool nomem;		/* memory ran out: th_validate returns TH_NOMEM */
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

/* rd_nomem - memory ran out: the checks stop (th_validate says so); returns -1 */
static int rd_nomem(struct reader *r)
{
	r->nomem = true;
	snprintf(r->err, r->errlen, "out of memory");
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
	*v = size == 8 ? get_u64(b, r->info->big_endian) : th_get_u32(b, r->info->big_endian);
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

/* field_decl_ok - "TYPE NAME" of a format's field line: the words libtraceevent needs */
static bool field_decl_ok(const char *d, size_t n)
{
	size_t words = 0, open = 0, close = 0, last = 0;
	bool in_word = false;

	for (size_t i = 0; i < n; i++) {
		open += d[i] == '[';
		close += d[i] == ']';
		if (d[i] == ' ' || d[i] == '\t') {
			in_word = false;
		} else if (!in_word) {
			in_word = true;
			words++;
			last = i;
		}
	}
	if (open != close || words < 2 || !(d[last] == '_' || (d[last] | 0x20) >= 'a') ||
	    d[last] == '[' || d[last] == ']')
		return false;
	/* "__data_loc char[] name": libtraceevent 1.7.1 dereferences NULL without the name */
	if ((n >= 10 && !memcmp(d, "__data_loc", 10)) || (n >= 9 && !memcmp(d, "__rel_loc", 9)))
		return words >= 3;
	return true;
}

/*
 * note_id - the "ID:" of a format: two formats with one id would have one event's
 * records decoded as the other's. Ids of 65536 and more match no record (their type
 * is 16 bits wide) and are left to the library.
 */
static int note_id(struct reader *r, const char *p, const char *what)
{
	char *end;
	unsigned long id = strtoul(p, &end, 10);

	if (end == p || id > 0xffff)
		return 0;
	if (!r->ids && !(r->ids = calloc(0x10000 / 8, 1)))
		return rd_nomem(r);
	if (r->ids[id / 8] & (1u << (id % 8)))
		return rd_fail(r, "corrupt file: a second %s with id %lu", what, id);
	r->ids[id / 8] |= (uint8_t)(1u << (id % 8));
	return 0;
}

/* check_format - every "field:" line of an event format declares a type, a name, offset, size */
static int check_format(struct reader *r, uint64_t size, const char *what)
{
	char *text, *line, *end;
	int ret = 0;

	/* real formats are a few KB; larger ones are left to the library, which only allocates */
	if (size > (1u << 20) || !size)
		return 0;
	text = malloc(size + 1);
	if (!text)
		return rd_nomem(r);
	if (pread(r->fd, text, size, (off_t)r->pos) != (ssize_t)size) {
		free(text);
		return rd_fail(r, "truncated file: %s cut short", what);
	}
	text[size] = '\0';
	for (line = text; line && *line && !ret; line = end ? end + 1 : NULL) {
		char *f = line, *semi;

		end = strchr(line, '\n');
		while (*f == ' ' || *f == '\t')
			f++;
		if (!strncmp(f, "ID:", 3)) {
			ret = note_id(r, f + 3, what);
			continue;
		}
		if (strncmp(f, "field:", 6))
			continue;
		f += 6;
		semi = memchr(f, ';', end ? (size_t)(end - f) : strlen(f));
		if (!semi || !field_decl_ok(f, (size_t)(semi - f)) ||
		    !strstr(semi, "offset:") || !strstr(semi, "size:") ||
		    (end && (strstr(semi, "offset:") > end || strstr(semi, "size:") > end))) {
			char shown[41];
			size_t i;

			/* the diagnostic is one line: no control bytes from the file in it */
			for (i = 0; i < 40 && f[i] && (!semi || f + i < semi); i++)
				shown[i] = f[i] >= ' ' && f[i] < 0x7f ? f[i] : '?';
			shown[i] = '\0';
			ret = rd_fail(r, "corrupt %s: bad field '%s'", what, shown);
		}
	}
	free(text);
	return ret;
}

/* rd_skip_format - a format: its size, its text checked, which must be in the file */
static int rd_skip_format(struct reader *r, const char *what)
{
	uint64_t size;

	if (rd_num(r, 8, &size, what))
		return -1;
	if (size > r->size - r->pos)
		return rd_fail(r, "%s claims %llu bytes, beyond the end of the file", what,
			       (unsigned long long)size);
	if (check_format(r, size, what))
		return -1;
	r->pos += size;
	return 0;
}

/* rd_header_page - the page header's format: its commit word must be a long of the header */
static int rd_header_page(struct reader *r)
{
	uint64_t size, at;
	char text[1024], *commit, *sz;
	ssize_t n;

	if (rd_num(r, 8, &size, "header_page"))
		return -1;
	if (size > r->size - r->pos)
		return rd_fail(r, "header_page claims %llu bytes, beyond the end of the file",
			       (unsigned long long)size);
	at = r->pos;
	n = pread(r->fd, text, size < sizeof(text) - 1 ? size : sizeof(text) - 1, (off_t)r->pos);
	text[n > 0 ? n : 0] = '\0';
	r->pos += size;
	/*
	 * libtracecmd reads the pages with the commit size this text gives, the checks below
	 * with the header's long size: they must agree or the page checks check nothing.
	 */
	commit = strstr(text, " commit;");
	sz = commit ? strstr(commit, "size:") : NULL;
	if (sz && atoi(sz + 5) != r->info->long_size) {
		r->pos = at;
		return rd_fail(r, "corrupt file: the page header's commit is %d bytes but longs "
				  "are %d bytes", atoi(sz + 5), r->info->long_size);
	}
	return 0;
}

/* rd_formats - the event formats: ftrace's, then per system */
static int rd_formats(struct reader *r)
{
	uint64_t n, systems, events;
	char name[257];

	if (rd_tag(r, "header_page", 12) || rd_header_page(r) ||
	    rd_tag(r, "header_event", 13) || rd_skip_sized(r, 8, "header_event") ||
	    rd_count(r, 100000, &n, "ftrace formats"))
		return -1;
	r->info->nformats = n;
	while (n--)
		if (rd_skip_format(r, "ftrace format"))
			return -1;
	r->info->formats_at = r->pos;
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
		r->info->nformats += events;
		while (events--)
			if (rd_skip_format(r, "event format"))
				return -1;
	}
	return 0;
}

/* option_has_string - a string option's data must hold its terminating NUL */
static bool option_has_string(const uint8_t *data, uint32_t size)
{
	return size && memchr(data, 0, size);
}

/* hook_part_ok - "[sys:]event,match[,...]": libtracecmd's strtok_r parsing needs every token */
static bool hook_part_ok(const char *s, size_t n)
{
	const char *colon = memchr(s, ':', n), *comma = memchr(s, ',', n), *start = s;

	for (size_t i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] >= 0x7f)
			return false;
	if (!comma)
		return false;
	if (colon && colon < comma) {
		if (colon == s)
			return false;
		start = colon + 1;
	}
	return comma > start && (size_t)(comma - s) + 1 < n && comma[1] != ',' && comma[1] != ':';
}

/* add_cpu_data - remember where one CPU's data of the current buffer is */
static int add_cpu_data(struct reader *r, uint64_t cpu, uint64_t offset, uint64_t size)
{
	struct th_info *info = r->info;
	struct th_cpu_data *d;

	if (info->ncpu_data >= TH_MAX_CPUS * (MAX_INSTANCES + 1))
		return rd_fail(r, "corrupt file: too many CPU data sections");
	/* a buffer's CPUs are listed together: two streams of one CPU would merge in no order */
	for (int i = info->ncpu_data - 1; i >= 0 && info->cpu_data[i].buffer == r->buffer; i--)
		if (info->cpu_data[i].cpu == (int)cpu)
			return rd_fail(r, "corrupt file: CPU %llu of a buffer listed twice",
				       (unsigned long long)cpu);
	/* the list doubles when its length is a power of two: hostile files list many */
	if (!(info->ncpu_data & (info->ncpu_data - 1))) {
		d = realloc(info->cpu_data,
			    (size_t)(info->ncpu_data ? 2 * info->ncpu_data : 1) * sizeof(*d));
		if (!d)
			return rd_nomem(r);
		info->cpu_data = d;
	}
	d = info->cpu_data;
	d[info->ncpu_data++] = (struct th_cpu_data){ r->buffer, (int)cpu, offset, size };
	return 0;
}

/*
 * v7_buffer - a version 7 BUFFER option: u64 offset of its data section, name,
 * clock, u32 page size, u32 CPU count, then per CPU u32 id, u64 offset, u64
 * size. The top buffer has the name "" and comes first; instances follow.
 */
static int v7_buffer(struct reader *r, const uint8_t *data, uint32_t size)
{
	int big = r->info->big_endian;
	size_t pos = 8;
	uint64_t cpus;

	if (!get_cstr(data, size, &pos, size) || !get_cstr(data, size, &pos, size) ||
	    size - pos < 8)
		return rd_fail(r, "corrupt buffer option");
	cpus = th_get_u32(data + pos + 4, big);
	pos += 8;
	if (cpus > TH_MAX_CPUS || (size - pos) / 20 < cpus)
		return rd_fail(r, "corrupt buffer option: %llu CPUs", (unsigned long long)cpus);
	r->buffer = data[8] ? ++r->ninstances : 0;
	for (uint64_t i = 0; i < cpus; i++, pos += 20) {
		uint64_t cpu = th_get_u32(data + pos, big), offset = get_u64(data + pos + 4, big);
		uint64_t bytes = get_u64(data + pos + 12, big);

		if (cpu >= TH_MAX_CPUS || offset > r->size || bytes > r->size - offset)
			return rd_fail(r, "corrupt buffer option: CPU %llu data at %llu (+%llu) is "
					  "not in the file",
				       (unsigned long long)cpu, (unsigned long long)offset,
				       (unsigned long long)bytes);
		if (bytes && add_cpu_data(r, cpu, offset, bytes))
			return -1;
	}
	return 0;
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
		if (!option_has_string(data, size) || !strchr(s, '/') ||
		    !hook_part_ok(s, (size_t)(strchr(s, '/') - s)) ||
		    !hook_part_ok(strchr(s, '/') + 1, strlen(strchr(s, '/') + 1)))
			return rd_fail(r, "corrupt hook option");
		break;
	case TH_OPT_BUFFER:
		if (size < 9 || !memchr(data + 8, 0, size - 8) ||
		    get_u64(data, info->big_endian) >= r->size)
			return rd_fail(r, "corrupt buffer option");
		if (r->ninstances == MAX_INSTANCES)
			return rd_fail(r, "more than %d buffer instances", MAX_INSTANCES);
		if (info->version == 7)
			return v7_buffer(r, data, size);
		r->instances[r->ninstances++] = get_u64(data, info->big_endian);
		break;
	case TH_OPT_BUFFER_TEXT:
		info->latency = true;
		break;
	case TH_OPT_EVENT_FORMATS:
		/* v7: the offset of the section (for a diagnostic: the library reads it) */
		if (size >= 8)
			info->formats_at = get_u64(data, info->big_endian);
		break;
	case TH_OPT_DATE:
	case TH_OPT_OFFSET:
	case TH_OPT_TIME_SHIFT:
	case TH_OPT_TSC2NSEC:
		info->adjusts_time = true;
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
		id = info->big_endian ? (unsigned int)b[0] << 8 | b[1]
				      : (unsigned int)b[1] << 8 | b[0];
		if (!id)
			return 0;
		if (rd_num(r, 4, &size, "an option"))
			return -1;
		if (size > r->size - r->pos)
			return rd_fail(r, "option %u claims %llu bytes, beyond the end of the file",
				       id, (unsigned long long)size);
		if (size <= sizeof(data) &&
		    pread(r->fd, data, size, (off_t)r->pos) == (ssize_t)size &&
		    check_option(r, id, data, (uint32_t)size, info))
			return -1;
		r->pos += size;
	}
	return rd_fail(r, "corrupt file: too many options");
}

/*
 * check_events - the events of one page must lie within its commit: kbuffer (libtraceevent)
 * silently drops the rest of a page after an event that overruns it.
 * Returns the page offset of the bad event, or -1 if the page is fine.
 */
static long check_events(const uint8_t *d, uint32_t commit, int big)
{
	uint32_t pos = 0;

	while (pos < commit) {
		uint32_t h, type_len, len, n;

		if (commit - pos < 4)
			return pos;
		h = th_get_u32(d + pos, big);
		type_len = big ? h >> 27 : h & 0x1f;
		switch (type_len) {
		case 29:
			/*
			 * padding: kbuffer skips the length in the next word, whatever the
			 * delta; a length reaching past the commit ends the page. It holds
			 * the length in an int: one of 2^31 or more would step back, and
			 * could loop forever.
			 */
			if (commit - pos < 8)
				return pos;
			n = th_get_u32(d + pos + 4, big);
			if (n > INT32_MAX)
				return pos;
			if (n >= commit - pos - 4)
				return -1;
			len = 4 + n;
			break;
		case 30:
		case 31:
			/* time extend, absolute stamp: a second word, as kbuffer reads them */
			len = 8;
			break;
		case 0:
			/* the length word counts itself; kbuffer rounds it up to 4 */
			if (commit - pos < 8)
				return pos;
			n = th_get_u32(d + pos + 4, big);
			if (n < 4 || n > commit - pos - 4)
				return pos;
			len = 4 + ((n + 3) & ~3u);
			break;
		default:
			len = 4 + 4 * type_len;
			break;
		}
		if (len > commit - pos)
			return pos;
		pos += len;
	}
	return -1;
}

#define COMMIT_MISSED (1u << 31)	/* the commit word's flag: events were lost before */
#define COMMIT_STORED (1u << 30)	/* and their count is stored after the data */
#define COMMIT_USED 0x7ffffffu		/* bytes of events in the page */

/* page_commit - a page's commit word (commit_size bytes after the timestamp) */
static uint64_t page_commit(const uint8_t *page, int commit_size, int big)
{
	return commit_size == 8 ? get_u64(page + 8, big) : th_get_u32(page + 8, big);
}

/* th_page_missed - what a checked page says was lost before its first event */
int64_t th_page_missed(const uint8_t *page, int commit_size, int big)
{
	uint64_t commit = page_commit(page, commit_size, big), n;
	const uint8_t *count = page + 8 + commit_size + (commit & COMMIT_USED);

	if (!(commit & COMMIT_MISSED))
		return 0;
	if (!(commit & COMMIT_STORED))
		return -1;
	n = commit_size == 8 ? get_u64(count, big) : th_get_u32(count, big);
	return n && n <= INT64_MAX ? (int64_t)n : -1;
}

/* th_check_page - the page's commit, its count of missed events and its events fit in it */
const char *th_check_page(const uint8_t *page, uint32_t page_size, int commit_size, int big,
			  uint32_t *at)
{
	uint32_t hdr = 8 + (uint32_t)commit_size;
	uint64_t commit = page_commit(page, commit_size, big);
	uint64_t used = commit & COMMIT_USED;
	long bad;

	/* bits 0-26: bytes used; 31: events were missed; 30: their count follows */
	*at = 0;
	if (used > page_size - hdr)
		return "more bytes used than the page holds";
	/* kbuffer reads that count without checking it is in the page */
	if (commit & COMMIT_STORED && used + (uint32_t)commit_size > page_size - hdr) {
		*at = 8;
		return "no room for the count of missed events";
	}
	bad = check_events(page + hdr, (uint32_t)used, big);
	if (bad >= 0) {
		*at = hdr + (uint32_t)bad;
		return "an event overruns the bytes used";
	}
	return NULL;
}

/* th_chunk_header - a compressed chunk's two sizes, each within its bound */
int th_chunk_header(const uint8_t p[8], int big, uint64_t room, uint32_t *zsize, uint32_t *size)
{
	*zsize = th_get_u32(p, big);
	*size = th_get_u32(p + 4, big);
	return *zsize > room || *size > TH_CHUNK_MAX ? -1 : 0;
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
		if (offset % r->info->page_size || size % r->info->page_size || offset > r->size ||
		    size > r->size - offset)
			return rd_fail(r,
				       "corrupt file: CPU %llu data at %llu (+%llu) is not a page "
				       "of the file",
				       (unsigned long long)cpu, (unsigned long long)offset,
				       (unsigned long long)size);
		if (add_cpu_data(r, cpu, offset, size))
			return -1;
	}
	return 0;
}

/* rd_instances - each buffer instance's data section, checked like the top buffer's */
static int rd_instances(struct reader *r, uint64_t cpus)
{
	for (int i = 0; i < r->ninstances; i++) {
		char tag[10];

		r->pos = r->instances[i];
		r->buffer = i + 1;
		if (rd_bytes(r, tag, sizeof(tag), "a buffer instance"))
			return -1;
		if (!memcmp(tag, "latency  ", 10)) {
			r->info->latency = true;
			continue;
		}
		if (memcmp(tag, "flyrecord", 10))
			return rd_fail(r, "corrupt buffer instance: no data section");
		if (rd_flyrecord(r, cpus))
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
		if (!memcmp(tag, "latency  ", 10)) {
			info->latency = true;
			return 0;
		}
		if (!memcmp(tag, "flyrecord", 10))
			return rd_flyrecord(r, cpus) || rd_instances(r, cpus) ? -1 : 0;
		return rd_fail(r, "corrupt file: unknown section");
	}
}

/* v7_options_list - the options of one section, as in v6: u16 id, u32 size, data */
static int v7_options_list(struct reader *r, const uint8_t *p, size_t len, struct th_info *info)
{
	size_t pos = 0;

	while (pos + 6 <= len) {
		unsigned int id = (unsigned int)(r->info->big_endian ? p[pos] << 8 | p[pos + 1] :
								 p[pos + 1] << 8 | p[pos]);
		uint32_t size = th_get_u32(p + pos + 2, r->info->big_endian);

		pos += 6;
		if (size > len - pos)
			return rd_fail(r, "option %u claims %u bytes, beyond its section", id,
				       size);
		/* the last option (id 0) holds the offset of the next options section */
		if (!id) {
			r->next_options = size >= 8 ? get_u64(p + pos, r->info->big_endian) : 0;
			return 0;
		}
		if (check_option(r, id, p + pos, size, info))
			return -1;
		pos += size;
	}
	return 0;
}

/* v7_options - decompress (bounded) and check one options section */
static int v7_options(struct reader *r, uint16_t flags, uint64_t size, struct th_info *info)
{
	uint8_t *raw = NULL, *plain = NULL;
	uint64_t csize, usize;
	int ret = -1;

	if (size > V7_SECTION_MAX)
		return rd_fail(r, "options section of %llu bytes", (unsigned long long)size);
	raw = malloc(size ? size : 1);
	if (!raw) {
		rd_nomem(r);
		goto out;
	}
	if (rd_bytes(r, raw, size, "the options section"))
		goto out;
	if (!(flags & TH_SEC_COMPRESSED)) {
		ret = v7_options_list(r, raw, size, info);
		goto out;
	}
	/* a compressed block: u32 compressed size, u32 uncompressed size, the data */
	if (strcmp(info->compression, "zstd")) {
		ret = 0;	/* zlib: left to the library */
		goto out;
	}
	csize = size >= 8 ? th_get_u32(raw, info->big_endian) : UINT64_MAX;
	usize = size >= 8 ? th_get_u32(raw + 4, info->big_endian) : UINT64_MAX;
	if (csize > size - 8 || usize > V7_SECTION_MAX) {
		ret = rd_fail(r, "corrupt compressed options: %llu bytes into %llu",
			      (unsigned long long)csize, (unsigned long long)usize);
		goto out;
	}
	plain = malloc(usize ? usize : 1);
	if (!plain) {
		ret = rd_nomem(r);
		goto out;
	}
	if (ZSTD_decompress(plain, usize, raw + 8, csize) != usize) {
		ret = rd_fail(r, "corrupt compressed options section");
		goto out;
	}
	ret = v7_options_list(r, plain, usize, info);
out:
	free(raw);
	free(plain);
	return ret;
}

/* v7_section - an options section at off: its header, then its options */
static int v7_section(struct reader *r, uint64_t off, struct th_info *info)
{
	uint64_t size;
	uint8_t b[16];

	r->pos = off;
	r->next_options = 0;
	if (rd_bytes(r, b, 16, "the options section header"))
		return -1;
	size = get_u64(b + 8, r->info->big_endian);
	if (size > r->size - r->pos)
		return rd_fail(r, "options section claims %llu bytes, beyond the end of the file",
			       (unsigned long long)size);
	return v7_options(r, (uint16_t)(r->info->big_endian ? b[2] << 8 | b[3] : b[3] << 8 | b[2]),
			  size, info);
}

/*
 * v7_chunks - a compressed CPU data section: u32 count, then per chunk u32
 * compressed size, u32 size and the data, all inside the section (whose size,
 * as trace-cmd writes it, leaves out the count)
 */
static int v7_chunks(struct reader *r, const struct th_cpu_data *d)
{
	uint64_t room = r->size - d->offset, count;
	uint64_t end = d->offset + (d->size + 4 < room ? d->size + 4 : room);

	r->pos = d->offset;
	if (rd_num(r, 4, &count, "a chunk count"))
		return -1;
	for (uint64_t i = 0; i < count; i++) {
		uint32_t zsize, size;
		uint8_t b[8];

		if (end - r->pos < 8 || rd_bytes(r, b, 8, "a chunk header"))
			return rd_fail(r, "corrupt data of CPU %d: chunk %llu of %llu is outside "
					  "its section", d->cpu, (unsigned long long)i,
				       (unsigned long long)count);
		if (th_chunk_header(b, r->info->big_endian, end - r->pos, &zsize, &size)) {
			r->pos -= 8;
			return rd_fail(r, "corrupt data of CPU %d: a chunk of %u bytes into %u",
				       d->cpu, zsize, size);
		}
		r->pos += zsize;
	}
	return 0;
}

/* v7_cpu_data - the chunk list of every CPU's compressed data */
static int v7_cpu_data(struct reader *r, struct th_info *info)
{
	if (!strcmp(info->compression, "none"))
		return 0;
	for (int i = 0; i < info->ncpu_data; i++)
		if (v7_chunks(r, &info->cpu_data[i]))
			return -1;
	return 0;
}

/*
 * walk_v7 - every options section of a version 7 file, each one naming the
 * next: their options (decompressed with a bound) with the same checks as
 * version 6, the buffers' CPU data they point to, and the UNAME option
 */
static int walk_v7(struct reader *r, const uint8_t *head, size_t len, struct th_info *info)
{
	size_t pos = sizeof(magic) + 2 + 6;
	uint64_t off;

	/* skip the two compression strings parse_v7 already checked */
	pos += strlen((const char *)head + pos) + 1;
	pos += strlen((const char *)head + pos) + 1;
	off = get_u64(head + pos, r->info->big_endian);
	for (int n = 0; off; n++) {
		if (n == 1000)
			return rd_fail(r, "corrupt file: too many options sections");
		if (v7_section(r, off, info))
			return -1;
		/* trace-cmd appends sections: a link back would make the library loop */
		if (r->next_options && r->next_options <= off) {
			r->pos = off;
			return rd_fail(r, "corrupt file: options section links back to %llu",
				       (unsigned long long)r->next_options);
		}
		off = r->next_options;
	}
	return v7_cpu_data(r, info);
}

/* cpu_name - "CPU n", and its buffer if not the top one */
static const char *cpu_name(char *buf, size_t len, const struct th_cpu_data *d)
{
	if (d->buffer)
		snprintf(buf, len, "CPU %d of buffer %d", d->cpu, d->buffer);
	else
		snprintf(buf, len, "CPU %d", d->cpu);
	return buf;
}

/* by_offset - qsort order of CPU data: by offset */
static int by_offset(const void *a, const void *b)
{
	const struct th_cpu_data *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/*
 * check_overlap - no byte of the file is data of two CPUs: a CPU pointing at another's
 * data, or two ranges that overlap, would have records read twice (or the pages of one
 * read as the other's). A compressed section's size leaves out its chunk count.
 */
static int check_overlap(struct reader *r, const struct th_info *info)
{
	uint64_t extra = info->version == 7 && strcmp(info->compression, "none") ? 4 : 0;
	size_t n = (size_t)info->ncpu_data;
	struct th_cpu_data *d;
	char a[48], b[48];

	if (n < 2)
		return 0;
	d = malloc(n * sizeof(*d));
	if (!d)
		return rd_nomem(r);
	memcpy(d, info->cpu_data, n * sizeof(*d));
	qsort(d, n, sizeof(*d), by_offset);
	for (size_t i = 1; i < n; i++) {
		if (d[i].offset - d[i - 1].offset >= d[i - 1].size + extra)
			continue;
		r->pos = d[i].offset;
		rd_fail(r, "corrupt file: the data of %s (%llu bytes) overlaps the data of %s "
			   "(%llu bytes at %llu)", cpu_name(a, sizeof(a), &d[i]),
			(unsigned long long)d[i].size, cpu_name(b, sizeof(b), &d[i - 1]),
			(unsigned long long)d[i - 1].size, (unsigned long long)d[i - 1].offset);
		free(d);
		return -1;
	}
	free(d);
	return 0;
}

/* th_info_release - the CPU data list */
void th_info_release(struct th_info *info)
{
	free(info->cpu_data);
	info->cpu_data = NULL;
	info->ncpu_data = 0;
}

/* th_validate - open path and check its header; err gets "path: reason" */
int th_validate(const char *path, struct th_info *info, char err[512])
{
	uint8_t buf[HEAD_READ];
	char reason[400];
	struct reader r = { 0 };
	struct stat st;
	ssize_t n;
	int fd, ret = -1;

	memset(info, 0, sizeof(*info));
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
	r = (struct reader){ .fd = fd, .pos = sizeof(magic) + 2 + 6, .size = (uint64_t)st.st_size,
			     .info = info, .err = reason, .errlen = sizeof(reason) };
	if (info->version == 6 ? walk_v6(&r, info) : walk_v7(&r, buf, (size_t)n, info))
		goto bad;
	if (check_overlap(&r, info))
		goto bad;
	ret = 0;
	goto out;
bad:
	snprintf(err, 512, "%s: %s", path, reason);
	th_info_release(info);
	if (r.nomem)
		ret = TH_NOMEM;
out:
	free(r.ids);
	close(fd);
	return ret;
}
