// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace_write.c - a trace.dat (file version 6) writer
 *
 * Layout, as trace-cmd 3.x reads it: magic, version "6", byte order, long size, page
 * size; the header_page and header_event texts; the ftrace formats; the event formats by
 * system; kallsyms and printk formats (none: addresses print in hex); the saved task
 * names; the CPU count; the options (TRACECLOCK, UNAME, VERSION, CPUCOUNT); "flyrecord"
 * with each CPU's (offset, size) and the trace clock; then each CPU's pages, page
 * aligned. Everything before the pages is built in memory; the pages are spooled per CPU
 * to unlinked temporary files and copied into place at the end, so a session can write
 * pages as they come without knowing their count. The byte order and long size are this
 * machine's: a live session records the running kernel. Written sequentially (a pipe
 * will do): offsets count from where writing starts.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trace_write.h"

#define OPT_DONE 0
#define OPT_TRACECLOCK 4
#define OPT_UNAME 5
#define OPT_CPUCOUNT 8
#define OPT_VERSION 9
#define MAX_CPUS 4096

struct buf {
	unsigned char *p;
	size_t len, cap;
	bool failed;
};

struct format {
	char *system;
	char *text;
	size_t len;
};

struct cpu_spool {
	int fd;			/* unlinked temporary file, or -1: no page yet */
	uint64_t bytes;
};

struct tw_file {
	int cpus;
	uint32_t page_size;
	char *tmpdir;
	char *header_page, *header_event;
	size_t header_page_len, header_event_len;
	struct format *formats;
	int nformats;
	char *comms;		/* "pid comm\n" lines */
	size_t comms_len;
	char *options[TW_NOPTIONS];
	struct cpu_spool *spool;
};

/* put - bytes at the end of a buffer, growing it geometrically */
static void put(struct buf *b, const void *p, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		unsigned char *q;

		while (cap < b->len + n)
			cap *= 2;
		q = realloc(b->p, cap);
		if (!q) {
			b->failed = true;
			return;
		}
		b->p = q;
		b->cap = cap;
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

/* put_num - an n-byte number in this machine's byte order (the file says which) */
static void put_num(struct buf *b, uint64_t v, unsigned int n)
{
	union {
		uint64_t u64;
		uint32_t u32;
		uint16_t u16;
		uint8_t u8;
	} x;

	if (n == 8)
		x.u64 = v;
	else if (n == 4)
		x.u32 = (uint32_t)v;
	else if (n == 2)
		x.u16 = (uint16_t)v;
	else
		x.u8 = (uint8_t)v;
	put(b, &x, n);
}

/* put_str - a NUL-terminated word */
static void put_str(struct buf *b, const char *s)
{
	put(b, s, strlen(s) + 1);
}

/* put_sized - a text after its size, u32 or u64 */
static void put_sized(struct buf *b, const char *text, size_t len, unsigned int size_len)
{
	put_num(b, len, size_len);
	put(b, text, len);
}

/* tw_new - an empty recording */
struct tw_file *tw_new(int cpus, uint32_t page_size, const char *tmpdir, char err[TW_ERR_LEN])
{
	struct tw_file *w;

	if (cpus < 1 || cpus > MAX_CPUS || page_size < 64 || (page_size & (page_size - 1))) {
		snprintf(err, TW_ERR_LEN, "bad recording geometry: %d CPUs, pages of %u bytes",
			 cpus, page_size);
		return NULL;
	}
	if (!tmpdir)
		tmpdir = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	w = calloc(1, sizeof(*w));
	if (w) {
		w->cpus = cpus;
		w->page_size = page_size;
		w->tmpdir = strdup(tmpdir);
		w->spool = calloc((size_t)cpus, sizeof(*w->spool));
	}
	if (!w || !w->tmpdir || !w->spool) {
		tw_free(w);
		snprintf(err, TW_ERR_LEN, "%s", strerror(ENOMEM));
		return NULL;
	}
	for (int i = 0; i < cpus; i++)
		w->spool[i].fd = -1;
	return w;
}

/* tw_free - free it, and its spooled pages */
void tw_free(struct tw_file *w)
{
	if (!w)
		return;
	for (int i = 0; w->spool && i < w->cpus; i++)
		if (w->spool[i].fd >= 0)
			close(w->spool[i].fd);
	for (int i = 0; i < w->nformats; i++) {
		free(w->formats[i].system);
		free(w->formats[i].text);
	}
	for (int i = 0; i < TW_NOPTIONS; i++)
		free(w->options[i]);
	free(w->formats);
	free(w->spool);
	free(w->comms);
	free(w->header_page);
	free(w->header_event);
	free(w->tmpdir);
	free(w);
}

/* copy_text - a copy of len bytes, NUL-terminated */
static char *copy_text(const char *text, size_t len)
{
	char *s = malloc(len + 1);

	if (s) {
		memcpy(s, text, len);
		s[len] = '\0';
	}
	return s;
}

/* tw_set_headers - the texts of events/header_page and events/header_event */
int tw_set_headers(struct tw_file *w, const char *page, size_t page_len, const char *event,
		   size_t event_len)
{
	free(w->header_page);
	free(w->header_event);
	w->header_page = copy_text(page, page_len);
	w->header_event = copy_text(event, event_len);
	w->header_page_len = page_len;
	w->header_event_len = event_len;
	return w->header_page && w->header_event ? 0 : -1;
}

/* tw_add_format - an event's format file, in its system */
int tw_add_format(struct tw_file *w, const char *system, const char *text, size_t len)
{
	struct format *f = realloc(w->formats, ((size_t)w->nformats + 1) * sizeof(*f));

	if (!f)
		return -1;
	w->formats = f;
	f = &w->formats[w->nformats];
	f->system = strdup(system);
	f->text = copy_text(text, len);
	f->len = len;
	if (!f->system || !f->text) {
		free(f->system);
		free(f->text);
		return -1;
	}
	w->nformats++;
	return 0;
}

/* tw_add_comm - a task name the records' pids map to */
int tw_add_comm(struct tw_file *w, int pid, const char *comm)
{
	char line[64];
	int n = snprintf(line, sizeof(line), "%d %.32s\n", pid, comm);
	char *c = realloc(w->comms, w->comms_len + (size_t)n + 1);

	if (!c)
		return -1;
	memcpy(c + w->comms_len, line, (size_t)n + 1);
	w->comms = c;
	w->comms_len += (size_t)n;
	return 0;
}

/* tw_set_option - the UNAME, VERSION or TRACECLOCK text */
int tw_set_option(struct tw_file *w, enum tw_option opt, const char *text)
{
	if ((unsigned int)opt >= TW_NOPTIONS)
		return -1;
	free(w->options[opt]);
	w->options[opt] = strdup(text);
	return w->options[opt] ? 0 : -1;
}

/* spool_fd - the temporary file of a CPU's pages, made on first use */
static int spool_fd(struct tw_file *w, int cpu)
{
	char *path = NULL;
	int fd;

	if (w->spool[cpu].fd >= 0)
		return w->spool[cpu].fd;
	fd = open(w->tmpdir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0 && asprintf(&path, "%s/ccsl-check-cpu%d.XXXXXX", w->tmpdir, cpu) >= 0) {
		/* a file system without O_TMPFILE: a named file, unlinked at once */
		fd = mkostemp(path, O_CLOEXEC);
		if (fd >= 0)
			unlink(path);
		free(path);
	}
	w->spool[cpu].fd = fd;
	return fd;
}

/* write_all - all n bytes, or -1 */
static int write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n) {
		ssize_t k = write(fd, c, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		c += k;
		n -= (size_t)k;
	}
	return 0;
}

/* tw_add_pages - whole pages of a CPU's ring buffer */
int tw_add_pages(struct tw_file *w, int cpu, const void *pages, size_t len)
{
	int fd;

	if (cpu < 0 || cpu >= w->cpus || len % w->page_size) {
		errno = EINVAL;
		return -1;
	}
	if (!len)
		return 0;
	fd = spool_fd(w, cpu);
	if (fd < 0 || write_all(fd, pages, len))
		return -1;
	w->spool[cpu].bytes += len;
	return 0;
}

/* put_option - one option: u16 id, u32 size, data */
static void put_option(struct buf *b, unsigned int id, const void *data, uint32_t size)
{
	put_num(b, id, 2);
	put_num(b, size, 4);
	put(b, data, size);
}

/* put_formats - the ftrace formats, then the other systems' in order of first appearance */
static void put_formats(struct buf *b, const struct tw_file *w)
{
	int nsys = 0, nftrace = 0;

	for (int i = 0; i < w->nformats; i++)
		nftrace += !strcmp(w->formats[i].system, "ftrace");
	put_num(b, (uint64_t)nftrace, 4);
	for (int i = 0; i < w->nformats; i++)
		if (!strcmp(w->formats[i].system, "ftrace"))
			put_sized(b, w->formats[i].text, w->formats[i].len, 8);
	for (int i = 0; i < w->nformats; i++) {
		bool first = strcmp(w->formats[i].system, "ftrace");

		for (int j = 0; j < i && first; j++)
			first = strcmp(w->formats[j].system, w->formats[i].system);
		nsys += first;
	}
	put_num(b, (uint64_t)nsys, 4);
	for (int i = 0; i < w->nformats; i++) {
		const char *sys = w->formats[i].system;
		bool first = strcmp(sys, "ftrace");
		int count = 0;

		for (int j = 0; j < i && first; j++)
			first = strcmp(w->formats[j].system, sys);
		if (!first)
			continue;
		for (int j = i; j < w->nformats; j++)
			count += !strcmp(w->formats[j].system, sys);
		put_str(b, sys);
		put_num(b, (uint64_t)count, 4);
		for (int j = i; j < w->nformats; j++)
			if (!strcmp(w->formats[j].system, sys))
				put_sized(b, w->formats[j].text, w->formats[j].len, 8);
	}
}

/* put_options - the options section */
static void put_options(struct buf *b, const struct tw_file *w)
{
	static const unsigned int ids[TW_NOPTIONS] = {
		[TW_UNAME] = OPT_UNAME, [TW_VERSION] = OPT_VERSION,
		[TW_TRACECLOCK] = OPT_TRACECLOCK,
	};
	uint32_t cpus = (uint32_t)w->cpus;

	put(b, "options  ", 10);
	for (int i = 0; i < TW_NOPTIONS; i++)
		if (w->options[i])
			put_option(b, ids[i], w->options[i], (uint32_t)strlen(w->options[i]) + 1);
	put_option(b, OPT_CPUCOUNT, &cpus, 4);
	put_num(b, OPT_DONE, 2);
}

/* current_clock - the clock in use, from a trace_clock text ("local [global] ...") */
static void current_clock(const char *text, char *out, size_t len)
{
	const char *a = text ? strchr(text, '[') : NULL, *z = a ? strchr(a, ']') : NULL;

	snprintf(out, len, "%.*s", a && z ? (int)(z - a + 1) : 8, a && z ? a : "[local]");
}

/* build_header - everything before the pages, padded to a page; the pages start after it */
static void build_header(struct buf *b, const struct tw_file *w)
{
	char clock[64];
	uint64_t at;

	put(b, "\x17\x08\x44tracing6", 11);
	put_num(b, 0, 1);
	put_num(b, __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__, 1);
	put_num(b, sizeof(long), 1);
	put_num(b, w->page_size, 4);
	put_str(b, "header_page");
	put_sized(b, w->header_page ? w->header_page : "", w->header_page_len, 8);
	put_str(b, "header_event");
	put_sized(b, w->header_event ? w->header_event : "", w->header_event_len, 8);
	put_formats(b, w);
	put_num(b, 0, 4);	/* kallsyms */
	put_num(b, 0, 4);	/* printk formats */
	put_sized(b, w->comms ? w->comms : "", w->comms_len, 8);
	put_num(b, (uint64_t)w->cpus, 4);
	put_options(b, w);
	put_str(b, "flyrecord");
	/* the pairs: the data starts after the header, padded to a page */
	at = b->len + 16 * (uint64_t)w->cpus;
	current_clock(w->options[TW_TRACECLOCK], clock, sizeof(clock));
	if (w->options[TW_TRACECLOCK])
		at += 8 + strlen(clock);
	at = (at + w->page_size - 1) / w->page_size * w->page_size;
	for (int i = 0; i < w->cpus; i++) {
		put_num(b, at, 8);
		put_num(b, w->spool[i].bytes, 8);
		at += w->spool[i].bytes;
	}
	/* with a TRACECLOCK option the reader expects the clock in use here */
	if (w->options[TW_TRACECLOCK])
		put_sized(b, clock, strlen(clock), 8);
	while (b->len % w->page_size && !b->failed)
		put_num(b, 0, 1);
}

/* copy_spool - a CPU's spooled pages to fd */
static int copy_spool(const struct cpu_spool *s, int fd)
{
	char buf[1 << 16];
	uint64_t left = s->bytes;

	if (!left)
		return 0;
	if (lseek(s->fd, 0, SEEK_SET) < 0)
		return -1;
	while (left) {
		ssize_t n = read(s->fd, buf, left < sizeof(buf) ? left : sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || write_all(fd, buf, (size_t)n))
			return -1;
		left -= (uint64_t)n;
	}
	return 0;
}

/* tw_write - the trace.dat to fd */
int tw_write(struct tw_file *w, int fd, char err[TW_ERR_LEN])
{
	struct buf b = { 0 };
	int ret = 0;

	build_header(&b, w);
	if (b.failed) {
		snprintf(err, TW_ERR_LEN, "%s", strerror(ENOMEM));
		ret = -1;
	} else if (write_all(fd, b.p, b.len)) {
		ret = -1;
	}
	for (int i = 0; i < w->cpus && !ret; i++)
		ret = copy_spool(&w->spool[i], fd);
	if (ret && !b.failed)
		snprintf(err, TW_ERR_LEN, "%s", strerror(errno ? errno : EIO));
	free(b.p);
	return ret;
}
