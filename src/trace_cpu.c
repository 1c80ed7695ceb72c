// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace_cpu.c - one CPU's records of a trace.dat: pages from the file or from
 * zstd chunks, parsed by libtraceevent's kbuffer
 *
 * Memory does not grow with the trace: each CPU's data passes through one
 * buffer that is reused, filled by reading 32 KB of pages at a time or by
 * decompressing one chunk (trace-cmd writes ten pages per chunk). Reading
 * rather than mapping the file spares a page fault per page, which cost more
 * than the copy; the buffers of many CPUs stay small enough for the caches.
 * How the buffer is filled is the stream's tc_supply (file pages, zstd
 * chunks, pages fed by the caller as a live CPU buffer gives them); what is
 * done with a page (th_check_page, then kbuffer) is the same for every supply.
 *
 * Called by the sources that read pages (trace_pages.c, trace_library.c's page
 * check, trace_live.c) and the merge through them; calls th_check_page, th_page_missed and
 * th_get_u32 of the header checks, libtraceevent's kbuffer and libzstd.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <traceevent/kbuffer.h>
#include <zstd.h>

#include "trace_cpu.h"

#define READ_SIZE (32u << 10)	/* uncompressed bytes read at a time */

/* How a stream's pages reach its buffer. */
struct tc_supply {
	/* start - set the stream up before its first page (NULL: nothing to do): 0, -1, TH_NOMEM */
	int (*start)(struct tc_stream *s, char *err, size_t errlen);
	/* fill - append the next pages to what is left in the buffer: 0, -1, TH_NOMEM */
	int (*fill)(struct tc_stream *s, char *err, size_t errlen);
	/* more - whether the data has pages the buffer has not taken yet */
	bool (*more)(const struct tc_stream *s);
	/* bad_page - the error for a page that failed its check (why, at its offset at) */
	void (*bad_page)(const struct tc_stream *s, const uint8_t *page, uint32_t at,
			 const char *why, char *err, size_t errlen);
};

struct tc_stream {
	int fd;
	struct tc_format fmt;
	struct th_cpu_data d;
	struct kbuffer *kbuf;
	bool loaded;		/* kbuf holds a page */
	int64_t page_missed;	/* lost before the page's first record: 0, n, -1 unknown */
	bool first;		/* the next record is the page's first */
	const uint8_t *page_end;	/* the end of the page kbuf holds */
	uint64_t file_pos;	/* bytes of this CPU's file data consumed */
	/* the pages read or decompressed, and the next one */
	uint8_t *buf;
	size_t cap, len, pos;
	uint64_t buf_at;	/* uncompressed: the file offset of buf[0]; fed: bytes fed before it */
	uint64_t zpos, zend;	/* what is left of the section: pages, or chunk headers */
	/* compressed: the chunk read, and the decompressor */
	ZSTD_DCtx *dctx;
	uint8_t *zbuf;
	size_t zcap;
	uint64_t chunks;	/* chunks left */
	uint64_t chunk_at;	/* file offset of the chunk the pages came from */
	/* fed: the pages fed and not yet moved to buf */
	uint8_t *fed;
	size_t fed_len, fed_cap;
};

/* start_chunks - read the chunk count; the chunks follow it in the section */
static int start_chunks(struct tc_stream *s, char *err, size_t errlen)
{
	uint8_t b[4];

	/* trace-cmd's section size leaves out the count (the validator bounded both) */
	s->zpos = s->d.offset + 4;
	s->zend = s->d.offset + 4 + s->d.size;
	s->dctx = ZSTD_createDCtx();
	if (!s->dctx) {
		snprintf(err, errlen, "out of memory");
		return TH_NOMEM;
	}
	if (pread(s->fd, b, 4, (off_t)s->d.offset) != 4) {
		snprintf(err, errlen, "cannot read the data of CPU %d at offset %llu", s->d.cpu,
			 (unsigned long long)s->d.offset);
		return -1;
	}
	s->chunks = th_get_u32(b, s->fmt.big_endian);
	return 0;
}

/* tc_open - a stream over one CPU's data */
int tc_open(struct tc_stream **out, int fd, const struct tc_format *fmt,
	    const struct th_cpu_data *d, char *err, size_t errlen)
{
	struct tc_stream *s = calloc(1, sizeof(*s));
	int r = 0;

	*out = NULL;
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return TH_NOMEM;
	}
	*s = (struct tc_stream){ .fd = fd, .fmt = *fmt, .d = *d };
	s->kbuf = kbuffer_alloc(fmt->commit_size == 8 ? KBUFFER_LSIZE_8 : KBUFFER_LSIZE_4,
				fmt->big_endian ? KBUFFER_ENDIAN_BIG : KBUFFER_ENDIAN_LITTLE);
	if (!s->kbuf) {
		snprintf(err, errlen, "out of memory");
		r = TH_NOMEM;
	}
	s->zpos = d->offset;
	s->zend = d->offset + d->size;
	if (!r && fmt->supply->start)
		r = fmt->supply->start(s, err, errlen);
	if (r) {
		tc_close(s);
		return r;
	}
	*out = s;
	return 0;
}

/* reserve - grow a buffer to at least n bytes */
static int reserve(uint8_t **buf, size_t *cap, size_t n)
{
	uint8_t *b;

	/* never NULL after: a chunk of 0 bytes still gets a buffer to point into */
	if (*buf && n <= *cap)
		return 0;
	b = realloc(*buf, n ? n : 1);
	if (!b)
		return -1;
	*buf = b;
	*cap = n ? n : 1;
	return 0;
}

/*
 * fill_chunk - decompress the next chunk after what is left of the last one (a
 * page may straddle two chunks if a writer chose a chunk size that is not a
 * multiple of the page size)
 */
static int fill_chunk(struct tc_stream *s, char *err, size_t errlen)
{
	size_t left = s->len - s->pos;
	uint32_t zsize, size;
	uint8_t head[8];

	s->chunk_at = s->zpos;
	if (s->zend - s->zpos < 8 || pread(s->fd, head, 8, (off_t)s->zpos) != 8 ||
	    th_chunk_header(head, s->fmt.big_endian, s->zend - s->zpos - 8, &zsize, &size)) {
		snprintf(err, errlen, "corrupt data of CPU %d: bad chunk at offset %llu", s->d.cpu,
			 (unsigned long long)s->zpos);
		return -1;
	}
	if (reserve(&s->zbuf, &s->zcap, zsize) || reserve(&s->buf, &s->cap, left + size)) {
		snprintf(err, errlen, "out of memory");
		return TH_NOMEM;
	}
	memmove(s->buf, s->buf + s->pos, left);
	if (pread(s->fd, s->zbuf, zsize, (off_t)(s->zpos + 8)) != (ssize_t)zsize ||
	    ZSTD_decompressDCtx(s->dctx, s->buf + left, size, s->zbuf, zsize) != size) {
		snprintf(err, errlen,
			 "corrupt data of CPU %d: the chunk at offset %llu does not decompress "
			 "to its %u bytes",
			 s->d.cpu, (unsigned long long)s->zpos, size);
		return -1;
	}
	s->len = left + size;
	s->pos = 0;
	s->zpos += 8 + zsize;
	s->chunks--;
	s->file_pos = s->zpos - s->d.offset;
	return 0;
}

/* fill_pages - read the next pages of uncompressed data after what is left */
static int fill_pages(struct tc_stream *s, char *err, size_t errlen)
{
	size_t left = s->len - s->pos;
	size_t want = s->zend - s->zpos < READ_SIZE ? (size_t)(s->zend - s->zpos) : READ_SIZE;
	ssize_t got;

	if (reserve(&s->buf, &s->cap, left + READ_SIZE)) {
		snprintf(err, errlen, "out of memory");
		return TH_NOMEM;
	}
	memmove(s->buf, s->buf + s->pos, left);
	got = pread(s->fd, s->buf + left, want, (off_t)s->zpos);
	if (got != (ssize_t)want) {
		snprintf(err, errlen, "truncated data of CPU %d at offset %llu", s->d.cpu,
			 (unsigned long long)(s->zpos + (got > 0 ? (uint64_t)got : 0)));
		return -1;
	}
	s->buf_at = s->zpos - left;
	s->len = left + want;
	s->pos = 0;
	s->zpos += want;
	s->file_pos = s->zpos - s->d.offset;
	return 0;
}

/* more_chunks - whether chunks are left */
static bool more_chunks(const struct tc_stream *s)
{
	return s->chunks > 0;
}

/* more_pages - whether the section has pages the buffer has not taken yet */
static bool more_pages(const struct tc_stream *s)
{
	return s->zpos < s->zend;
}

/* bad_chunk_page - a decompressed page has no file offset: name its chunk's */
static void bad_chunk_page(const struct tc_stream *s, const uint8_t *page, uint32_t at,
			   const char *why, char *err, size_t errlen)
{
	snprintf(err, errlen,
		 "corrupt page of CPU %d (decompressed from the chunk at offset %llu): %s",
		 s->d.cpu, (unsigned long long)s->chunk_at, why);
}

/* bad_file_page - the file offset of what is wrong in a page */
static void bad_file_page(const struct tc_stream *s, const uint8_t *page, uint32_t at,
			  const char *why, char *err, size_t errlen)
{
	snprintf(err, errlen, "corrupt page of CPU %d: %s at offset %llu", s->d.cpu, why,
		 (unsigned long long)(s->buf_at + (uint64_t)(page - s->buf) + at));
}

/* fill_fed - the pages fed since the last fill, after what is left in the buffer */
static int fill_fed(struct tc_stream *s, char *err, size_t errlen)
{
	size_t left = s->len - s->pos;

	if (reserve(&s->buf, &s->cap, left + s->fed_len)) {
		snprintf(err, errlen, "out of memory");
		return TH_NOMEM;
	}
	memmove(s->buf, s->buf + s->pos, left);
	memcpy(s->buf + left, s->fed, s->fed_len);
	s->buf_at += s->pos;
	s->len = left + s->fed_len;
	s->pos = 0;
	s->file_pos += s->fed_len;
	s->fed_len = 0;
	return 0;
}

/* more_fed - whether pages were fed that the buffer has not taken yet */
static bool more_fed(const struct tc_stream *s)
{
	return s->fed_len > 0;
}

/* bad_fed_page - a fed page has no file offset: its place among the pages fed */
static void bad_fed_page(const struct tc_stream *s, const uint8_t *page, uint32_t at,
			 const char *why, char *err, size_t errlen)
{
	uint64_t n = (s->buf_at + (uint64_t)(page - s->buf)) / s->fmt.page_size;

	snprintf(err, errlen, "corrupt page of CPU %d: %s at byte %u of its page %llu (counted from 0)",
		 s->d.cpu, why, at, (unsigned long long)n);
}

/* tc_feed - append whole pages to a stream of fed pages */
int tc_feed(struct tc_stream *s, const void *pages, size_t len)
{
	size_t cap = s->fed_cap ? s->fed_cap : len;

	while (cap < s->fed_len + len)
		cap *= 2;
	if (cap > s->fed_cap) {
		uint8_t *q = realloc(s->fed, cap);

		if (!q)
			return -1;
		s->fed = q;
		s->fed_cap = cap;
	}
	memcpy(s->fed + s->fed_len, pages, len);
	s->fed_len += len;
	return 0;
}

const struct tc_supply tc_fed_pages = {
	.fill = fill_fed,
	.more = more_fed,
	.bad_page = bad_fed_page,
};

const struct tc_supply tc_file_pages = {
	.fill = fill_pages,
	.more = more_pages,
	.bad_page = bad_file_page,
};

const struct tc_supply tc_zstd_chunks = {
	.start = start_chunks,
	.fill = fill_chunk,
	.more = more_chunks,
	.bad_page = bad_chunk_page,
};

/* next_page - the next whole page of the CPU's data: 1, 0 at the end, -1, TH_NOMEM */
static int next_page(struct tc_stream *s, const uint8_t **page, char *err, size_t errlen)
{
	uint32_t psize = s->fmt.page_size;

	while (s->len - s->pos < psize) {
		int r;

		if (!s->fmt.supply->more(s)) {
			if (s->len == s->pos)
				return 0;
			snprintf(err, errlen, "corrupt data of CPU %d: it ends inside a page",
				 s->d.cpu);
			return -1;
		}
		r = s->fmt.supply->fill(s, err, errlen);
		if (r)
			return r;
	}
	*page = s->buf + s->pos;
	s->pos += psize;
	return 1;
}

/* load_next_page - the next page, checked, into kbuf: 1, 0 at the end, -1, TH_NOMEM */
static int load_next_page(struct tc_stream *s, char *err, size_t errlen)
{
	const uint8_t *page = NULL;
	const char *why;
	uint32_t at;
	int r = next_page(s, &page, err, errlen);

	if (r <= 0)
		return r;
	why = th_check_page(page, s->fmt.page_size, s->fmt.commit_size, s->fmt.big_endian, &at);
	if (why) {
		s->fmt.supply->bad_page(s, page, at, why, err, errlen);
		return -1;
	}
	kbuffer_load_subbuffer(s->kbuf, (void *)page);
	s->loaded = true;
	s->first = true;
	s->page_missed = th_page_missed(page, s->fmt.commit_size, s->fmt.big_endian);
	s->page_end = page + s->fmt.page_size;
	return 1;
}

/* event_in_page - whether the event kbuffer points at lies inside the page it holds */
static bool event_in_page(const struct tc_stream *s, const void *data)
{
	const uint8_t *p = data;
	int size = kbuffer_event_size(s->kbuf);

	return p >= s->page_end - s->fmt.page_size && p <= s->page_end && size >= 0 &&
	       (size_t)(s->page_end - p) >= (size_t)size;
}

/*
 * missed - the events lost before a record: on a page's first record, what the page
 * says (th_page_missed: kbuffer would take a stored count of 0 for none lost)
 */
static int64_t missed(struct tc_stream *s)
{
	if (!s->first)
		return 0;
	s->first = false;
	return s->page_missed;
}

/* tc_next - the next record of the CPU */
int tc_next(struct tc_stream *s, struct tc_record *rec, char *err, size_t errlen)
{
	for (;;) {
		unsigned long long ts;
		void *data = s->loaded ? kbuffer_read_event(s->kbuf, &ts) : NULL;
		int r;

		if (data && !event_in_page(s, data)) {
			/* th_check_page rules this out: a second line of defence */
			snprintf(err, errlen, "corrupt page of CPU %d: an event overruns the page",
				 s->d.cpu);
			return -1;
		}
		if (data) {
			*rec = (struct tc_record){
				.ts = ts,
				.data = data,
				.size = (uint32_t)kbuffer_event_size(s->kbuf),
				.missed = missed(s),
				.file_pos = s->file_pos,
			};
			kbuffer_next_event(s->kbuf, NULL);
			return 1;
		}
		r = load_next_page(s, err, errlen);
		if (r <= 0)
			return r;
	}
}

/* tc_close - unmap and free */
void tc_close(struct tc_stream *s)
{
	if (!s)
		return;
	if (s->kbuf)
		kbuffer_free(s->kbuf);
	ZSTD_freeDCtx(s->dctx);
	free(s->zbuf);
	free(s->fed);
	free(s->buf);
	free(s);
}
