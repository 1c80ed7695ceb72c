// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_trace_cpu.c - the page reader against pages encoded here from the ring
 * buffer's definition (include/linux/ring_buffer.h: type_len 1-28 data, 29
 * padding, 30 time extend; the commit word's bit 31 "events missed" and bit 30
 * "count stored after the data"), mapped or in zstd chunks of sizes that make
 * pages straddle chunks, in both byte orders; and damaged inputs
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <zstd.h>

#include "trace_cpu.h"
#include "unit.h"

#define PAGE 4096
#define NREC 3000
#define MAX_PAGES 64
#define HDR 16			/* page header: u64 timestamp, u64 commit */

struct want {
	uint64_t ts;
	uint32_t size;
	uint8_t fill;
	int64_t missed;
};

static uint8_t pages[MAX_PAGES * PAGE];
static int npages;
static struct want want[NREC];
static int nwant;
static int page_first[MAX_PAGES];	/* the index in want of each page's first record */
static bool big;

/* put - n bytes of v at p in the test's byte order */
static void put(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[big ? n - 1 - i : i] = (uint8_t)(v >> (8 * i));
}

/* event_word - the 32-bit event header: type_len in the low 5 bits (little endian) */
static uint32_t event_word(uint32_t type_len, uint32_t delta)
{
	/* a big-endian kernel's bitfield puts type_len in the top 5 bits */
	return big ? type_len << 27 | delta : delta << 5 | type_len;
}

/*
 * build - NREC records over pages: sizes 4 to 112 bytes, deltas small and
 * sometimes beyond 27 bits (a time extend), some pages say events were lost,
 * with or without a count
 */
static void build(bool big_endian)
{
	uint64_t ts = 1000000000ull, page_ts = 0;
	uint32_t used = 0;
	int64_t page_missed = 0;

	big = big_endian;
	memset(pages, 0, sizeof(pages));
	npages = 0;
	nwant = 0;
	for (int i = 0; i < NREC; i++) {
		uint32_t words = 1 + (uint32_t)(i * 7 % 28), delta = (uint32_t)(i * 37 % 1000);
		bool extend = i % 97 == 5;
		uint32_t need = 4 + 4 * words + (extend ? 8 : 0);
		uint8_t *pg = pages + (size_t)(npages ? npages - 1 : 0) * PAGE;

		if (!npages || used + need > PAGE - HDR - 8) {
			if (npages) {
				uint64_t commit = used;

				if (page_missed)
					commit |= 1ull << 31;
				if (page_missed > 0) {
					put(pg + HDR + used, (uint64_t)page_missed, 8);
					commit |= 1ull << 30;
				}
				put(pg + 8, commit, 8);
			}
			ck_assert_int_lt(npages, MAX_PAGES);
			page_first[npages] = nwant;
			pg = pages + (size_t)npages++ * PAGE;
			page_ts = ts;
			put(pg, page_ts, 8);
			used = 0;
			page_missed = npages % 5 == 0 ? 40 + npages : npages % 7 == 0 ? -1 : 0;
			delta = 0;
			extend = false;
			need = 4 + 4 * words;
		}
		if (extend) {
			uint64_t big_delta = (3ull << 27) + delta;

			put(pg + HDR + used, event_word(30, (uint32_t)(big_delta & ((1u << 27) - 1))),
			    4);
			put(pg + HDR + used + 4, big_delta >> 27, 4);
			used += 8;
			ts += big_delta;
			delta = 0;
		} else {
			ts += delta;
		}
		put(pg + HDR + used, event_word(words, delta), 4);
		memset(pg + HDR + used + 4, (uint8_t)i, 4 * words);
		used += 4 + 4 * words;
		want[nwant++] = (struct want){ ts, 4 * words, (uint8_t)i,
					       used == 4 + 4 * words ? page_missed : 0 };
	}
	{
		uint8_t *pg = pages + (size_t)(npages - 1) * PAGE;

		put(pg + 8, used | (page_missed ? 1ull << 31 : 0), 8);
		if (page_missed > 0) {
			put(pg + HDR + used, (uint64_t)page_missed, 8);
			put(pg + 8, used | 3ull << 30, 8);
		}
	}
}

/* file - a memfd holding bytes at offset 4096 */
static int file(const void *bytes, size_t len)
{
	int fd = memfd_create("trace", 0);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pwrite(fd, bytes, len, PAGE), (ssize_t)len);
	return fd;
}

/* chunked - the pages as a chunk list: u32 count, then per chunk u32 zsize, u32 size, data */
static int chunked(size_t chunk, uint64_t *section)
{
	size_t total = (size_t)npages * PAGE, n = (total + chunk - 1) / chunk, len = 4;
	size_t cap = 4 + n * (8 + ZSTD_compressBound(chunk));
	uint8_t *out = malloc(cap);
	int fd;

	put(out, n, 4);
	for (size_t at = 0; at < total; at += chunk) {
		size_t size = total - at < chunk ? total - at : chunk;
		size_t z = ZSTD_compress(out + len + 8, cap - len - 8, pages + at, size, 3);

		ck_assert(!ZSTD_isError(z));
		put(out + len, z, 4);
		put(out + len + 4, size, 4);
		len += 8 + z;
	}
	fd = file(out, len);
	*section = len - 4;	/* trace-cmd's size leaves the count out */
	free(out);
	return fd;
}

/* open_stream - a reader over fd's data at offset 4096 */
static struct tc_stream *open_stream(int fd, bool compressed, uint64_t size)
{
	struct tc_format fmt = { .page_size = PAGE, .commit_size = 8, .big_endian = big,
				 .supply = compressed ? &tc_zstd_chunks : &tc_file_pages };
	struct th_cpu_data d = { .buffer = 0, .cpu = 3, .offset = PAGE, .size = size };
	char err[256];
	struct tc_stream *s;
	int r = tc_open(&s, fd, &fmt, &d, err, sizeof(err));

	ck_assert_msg(!r && s, "tc_open: %s", err);
	return s;
}

/* expect_all - every record as built, then the end */
static void expect_all(struct tc_stream *s)
{
	struct tc_record rec;
	uint8_t expect[4 * 28];
	char err[256] = "";
	int i = 0, r;

	while ((r = tc_next(s, &rec, err, sizeof(err))) == 1) {
		ck_assert_int_lt(i, nwant);
		ck_assert_uint_eq(rec.ts, want[i].ts);
		ck_assert_uint_eq(rec.size, want[i].size);
		ck_assert_int_eq(rec.missed, want[i].missed);
		memset(expect, want[i].fill, rec.size);
		ck_assert_int_eq(memcmp(rec.data, expect, rec.size), 0);
		i++;
	}
	ck_assert_msg(r == 0, "tc_next: %s", err);
	ck_assert_int_eq(i, nwant);
}

START_TEST(test_mapped)
{
	int fd;
	struct tc_stream *s;

	build(_i);
	fd = file(pages, (size_t)npages * PAGE);
	s = open_stream(fd, false, (uint64_t)npages * PAGE);
	expect_all(s);
	tc_close(s);
	close(fd);
}
END_TEST

/* chunk sizes: trace-cmd's ten pages, one page, and sizes that split pages */
static const size_t chunk_sizes[] = { 10 * PAGE, PAGE, 3000, 4097, 7 * PAGE + 123 };

START_TEST(test_chunks)
{
	for (int e = 0; e < 2; e++) {
		uint64_t section;
		int fd;
		struct tc_stream *s;

		build(e);
		fd = chunked(chunk_sizes[_i], &section);
		s = open_stream(fd, true, section);
		expect_all(s);
		tc_close(s);
		close(fd);
	}
}
END_TEST

/* expect_error - reading fails with a reason containing what */
static void expect_error(struct tc_stream *s, const char *what)
{
	struct tc_record rec;
	char err[256] = "";
	int r;

	while ((r = tc_next(s, &rec, err, sizeof(err))) == 1)
		;
	ck_assert_int_eq(r, -1);
	ck_assert_msg(strstr(err, what), "'%s' does not say '%s'", err, what);
}

START_TEST(test_bad_page)
{
	int fd;
	struct tc_stream *s;

	build(false);
	put(pages + 2 * PAGE + 8, PAGE, 8);	/* page 2 claims more bytes than it holds */
	fd = file(pages, (size_t)npages * PAGE);
	s = open_stream(fd, false, (uint64_t)npages * PAGE);
	expect_error(s, "corrupt page of CPU 3: more bytes used than the page holds at offset "
			"12288");
	tc_close(s);
	close(fd);
}
END_TEST

START_TEST(test_bad_event)
{
	uint64_t section;
	int fd;
	struct tc_stream *s;

	build(false);
	/* the first event of page 1 says it is 28 words long, beyond the commit */
	put(pages + PAGE + 8, 8, 8);
	fd = chunked(PAGE, &section);
	s = open_stream(fd, true, section);
	expect_error(s, "an event overruns the bytes used");
	tc_close(s);
	close(fd);
}
END_TEST

/*
 * damaged_page - page 1 begins with the n words given, its commit kept: kbuffer
 * would go on parsing past them; reading must fail saying what
 */
static void damaged_page(const uint32_t *words, int n, const char *what)
{
	int fd;
	struct tc_stream *s;

	build(false);
	for (int i = 0; i < n; i++)
		put(pages + PAGE + HDR + 4 * i, words[i], 4);
	fd = file(pages, (size_t)npages * PAGE);
	s = open_stream(fd, false, (uint64_t)npages * PAGE);
	expect_error(s, what);
	tc_close(s);
	close(fd);
}

START_TEST(test_bad_padding)
{
	/* kbuffer keeps a padding's length in an int: 2^32 - 4 steps back onto itself */
	const uint32_t words[] = { event_word(29, 0), 0xfffffffcu };

	damaged_page(words, 2, "an event overruns the bytes used");
}
END_TEST

START_TEST(test_stamp_then_bad)
{
	/* an absolute stamp is 8 bytes as kbuffer reads it; what follows is checked too */
	const uint32_t words[] = { event_word(31, 0), 0, event_word(0, 0), 28 * PAGE };

	damaged_page(words, 4, "an event overruns the bytes used");
}
END_TEST

START_TEST(test_bad_chunk)
{
	uint64_t section;
	uint8_t b[4];
	int fd;
	struct tc_stream *s;

	build(false);
	fd = chunked(PAGE, &section);
	/* the first chunk says it holds one byte more than it decompresses to */
	ck_assert_int_eq(pread(fd, b, 4, PAGE + 8), 4);
	put(b, PAGE + 1, 4);
	ck_assert_int_eq(pwrite(fd, b, 4, PAGE + 8), 4);
	s = open_stream(fd, true, section);
	expect_error(s, "does not decompress to its 4097 bytes");
	tc_close(s);
	close(fd);
}
END_TEST

START_TEST(test_empty_chunk)
{
	uint8_t list[12];
	int fd;
	struct tc_stream *s;

	/* one chunk of 0 bytes into 0 bytes (and no buffer yet): no records, no error */
	big = false;
	nwant = 0;
	put(list, 1, 4);
	put(list + 4, 0, 4);
	put(list + 8, 0, 4);
	fd = file(list, sizeof(list));
	s = open_stream(fd, true, sizeof(list) - 4);
	expect_all(s);
	tc_close(s);
	close(fd);
}
END_TEST

START_TEST(test_partial_page)
{
	uint64_t section;
	int fd;
	struct tc_stream *s;

	build(false);
	npages = 1;
	/* 1.5 pages: the data ends inside the second page */
	{
		size_t total = PAGE + PAGE / 2, cap = ZSTD_compressBound(total) + 12;
		uint8_t *out = malloc(cap);
		size_t z = ZSTD_compress(out + 12, cap - 12, pages, total, 1);

		put(out, 1, 4);
		put(out + 4, z, 4);
		put(out + 8, total, 4);
		fd = file(out, 12 + z);
		section = 8 + z;
		free(out);
	}
	s = open_stream(fd, true, section);
	expect_error(s, "ends inside a page");
	tc_close(s);
	close(fd);
}
END_TEST

/*
 * test_lost_flags - a page flagged "events lost" whose stored count is 0, or that
 * stores no count, lost an unknown number: kbuffer says none for the first
 */
START_TEST(test_lost_flags)
{
	uint64_t section;
	int fd;
	struct tc_stream *s;

	build(_i & 1);
	ck_assert_int_gt(npages, 4);
	for (int p = 2; p <= 3; p++) {
		uint8_t *pg = pages + (size_t)p * PAGE;
		uint64_t used = 0;

		ck_assert_int_eq(want[page_first[p]].missed, 0);
		for (int i = 0; i < 8; i++)	/* the commit word, in the test's byte order */
			used |= (uint64_t)pg[8 + (big ? 7 - i : i)] << (8 * i);
		/* page 2: both flags and a count of 0; page 3: the first flag alone */
		put(pg + 8, used | (p == 2 ? 3ull << 30 : 1ull << 31), 8);
		put(pg + HDR + used, 0, 8);
		want[page_first[p]].missed = -1;
	}
	if (_i & 2) {
		fd = chunked(3 * PAGE, &section);
		s = open_stream(fd, true, section);
	} else {
		fd = file(pages, (size_t)npages * PAGE);
		s = open_stream(fd, false, (uint64_t)npages * PAGE);
	}
	expect_all(s);
	tc_close(s);
	close(fd);
}
END_TEST

/* open_fed - a reader of pages fed by the test, as CPU 3 */
static struct tc_stream *open_fed(void)
{
	struct tc_format fmt = { .page_size = PAGE, .commit_size = 8, .big_endian = big,
				 .supply = &tc_fed_pages };
	struct th_cpu_data d = { .buffer = 0, .cpu = 3 };
	char err[256];
	struct tc_stream *s;
	int r = tc_open(&s, -1, &fmt, &d, err, sizeof(err));

	ck_assert_msg(!r && s, "tc_open: %s", err);
	return s;
}

/*
 * test_fed - pages fed a few at a time, as a live buffer gives them: the stream runs dry
 * (0) between feeds and goes on after each, and every record comes once, in order, with
 * a record read before a feed still intact after it
 */
START_TEST(test_fed)
{
	struct tc_stream *s;
	struct tc_record rec;
	char err[256] = "";
	int fed = 0, i = 0, r;

	build(_i);
	s = open_fed();
	ck_assert_int_eq(tc_next(s, &rec, err, sizeof(err)), 0);
	while (fed < npages) {
		int n = 1 + fed % 3 < npages - fed ? 1 + fed % 3 : npages - fed;
		uint8_t copy[4 * 28];
		uint32_t size = 0;

		if (i) {
			/* the last record read stays valid while pages are fed */
			size = rec.size;
			memcpy(copy, rec.data, size);
		}
		ck_assert_int_eq(tc_feed(s, pages + (size_t)fed * PAGE, (size_t)n * PAGE), 0);
		if (i)
			ck_assert_int_eq(memcmp(copy, rec.data, size), 0);
		fed += n;
		while ((r = tc_next(s, &rec, err, sizeof(err))) == 1) {
			ck_assert_int_lt(i, nwant);
			ck_assert_uint_eq(rec.ts, want[i].ts);
			ck_assert_uint_eq(rec.size, want[i].size);
			ck_assert_int_eq(rec.missed, want[i].missed);
			i++;
		}
		ck_assert_msg(r == 0, "tc_next: %s", err);
		/* dry: every record of the pages fed so far was read */
		ck_assert_int_eq(i, fed < npages ? page_first[fed] : nwant);
	}
	tc_close(s);
}
END_TEST

/* test_fed_bad_page - a damaged fed page is named by its place among the pages fed */
START_TEST(test_fed_bad_page)
{
	struct tc_stream *s;

	build(false);
	put(pages + 2 * PAGE + 8, PAGE, 8);
	s = open_fed();
	ck_assert_int_eq(tc_feed(s, pages, 2 * PAGE), 0);
	ck_assert_int_eq(tc_feed(s, pages + 2 * PAGE, PAGE), 0);
	expect_error(s, "corrupt page of CPU 3: more bytes used than the page holds at byte 0 "
			"of its page 2");
	tc_close(s);
}
END_TEST

/* trace_cpu_suite - the suite */
static Suite *trace_cpu_suite(void)
{
	Suite *s = suite_create("trace_cpu");
	TCase *tc = tcase_create("pages");

	/* sanitizers and a loaded CI machine: the chunk runs take seconds there */
	tcase_set_timeout(tc, 60);

	tcase_add_loop_test(tc, test_mapped, 0, 2);
	tcase_add_loop_test(tc, test_chunks, 0, sizeof(chunk_sizes) / sizeof(chunk_sizes[0]));
	tcase_add_test(tc, test_bad_page);
	tcase_add_test(tc, test_bad_event);
	tcase_add_test(tc, test_bad_padding);
	tcase_add_test(tc, test_stamp_then_bad);
	tcase_add_test(tc, test_bad_chunk);
	tcase_add_test(tc, test_empty_chunk);
	tcase_add_test(tc, test_partial_page);
	tcase_add_loop_test(tc, test_lost_flags, 0, 4);
	tcase_add_loop_test(tc, test_fed, 0, 2);
	tcase_add_test(tc, test_fed_bad_page);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(trace_cpu_suite)
