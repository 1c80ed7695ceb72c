// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_trace_merge.c - the k-way merge of CPU streams against its definition: the
 * records of every stream, stably sorted by (timestamp, buffer, CPU), each stream's own
 * records in their order; every stream closed once; an error of a stream stops it
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace_merge.h"
#include "unit.h"

#define MAX_STREAMS 130
#define MAX_RECS 200

/* A stream of the test: timestamps in an array, its position as the file position. */
struct fake {
	uint64_t ts[MAX_RECS];
	int n, at;
	int buffer, cpu;
	int closed;
	int fail_at;		/* the read that fails, or -1 */
};

static struct fake fakes[MAX_STREAMS];

/* fake_next - the next timestamp; file_pos grows by 100 per record */
static int fake_next(void *p, struct tc_record *rec, char *err, size_t errlen)
{
	struct fake *f = p;

	if (f->at == f->fail_at) {
		snprintf(err, errlen, "stream %d failed", f->cpu);
		return -1;
	}
	if (f->at == f->n)
		return 0;
	*rec = (struct tc_record){ .ts = f->ts[f->at], .file_pos = 100 * (uint64_t)f->at };
	f->at++;
	return 1;
}

/* fake_close - count the closes */
static void fake_close(void *p)
{
	((struct fake *)p)->closed++;
}

static const struct tm_stream_ops fake_ops = { fake_next, fake_close };

/* One record as the definition orders them. */
struct want {
	uint64_t ts;
	int buffer, cpu, index;
};

/* cmp_want - (ts, buffer, cpu, index in the stream) */
static int cmp_want(const void *a, const void *b)
{
	const struct want *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	if (x->buffer != y->buffer)
		return x->buffer - y->buffer;
	if (x->cpu != y->cpu)
		return x->cpu - y->cpu;
	return x->index - y->index;
}

/* make - n streams of random sorted stamps (some empty, many ties) */
static int make(int n, unsigned int seed, struct want *want)
{
	int total = 0;

	srand(seed);
	for (int i = 0; i < n; i++) {
		struct fake *f = &fakes[i];
		uint64_t ts = (uint64_t)(rand() % 50);

		*f = (struct fake){ .n = rand() % 4 ? rand() % MAX_RECS : 0, .buffer = i % 3,
				    .cpu = i, .fail_at = -1 };
		for (int k = 0; k < f->n; k++) {
			ts += (uint64_t)(rand() % 3);	/* 0: a tie with the previous */
			f->ts[k] = ts;
			want[total++] = (struct want){ ts, f->buffer, f->cpu, k };
		}
	}
	qsort(want, (size_t)total, sizeof(*want), cmp_want);
	return total;
}

/* merge_all - add n streams, start */
static void merge_all(struct tm_merge *m, int n)
{
	char err[128];

	ck_assert_int_eq(tm_init(m, &fake_ops, n), 0);
	for (int i = 0; i < n; i++)
		ck_assert_int_eq(tm_add(m, &fakes[i], fakes[i].buffer, fakes[i].cpu, err,
					sizeof(err)), 0);
	ck_assert_int_eq(tm_start(m), 0);
}

START_TEST(test_order)
{
	static const int counts[] = { 1, 2, 3, 5, 8, 64, 100, MAX_STREAMS };
	static struct want want[MAX_STREAMS * MAX_RECS];

	for (size_t c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
		for (unsigned int seed = 1; seed <= 5; seed++) {
			int n = counts[c], total = make(n, seed, want), got = 0;
			uint64_t bytes = 0;
			struct tm_merge m;
			struct tm_stream *s;
			char err[128];

			merge_all(&m, n);
			while ((s = tm_top(&m))) {
				struct fake *f = s->src;

				ck_assert_int_lt(got, total);
				ck_assert_uint_eq(s->cur.ts, want[got].ts);
				ck_assert_int_eq(s->buffer, want[got].buffer);
				ck_assert_int_eq(s->cpu, want[got].cpu);
				ck_assert_int_eq(f->at - 1, want[got].index);
				got++;
				ck_assert_int_eq(tm_next(&m, err, sizeof(err)), 0);
			}
			ck_assert_int_eq(got, total);
			for (int i = 0; i < n; i++) {
				/* each stream closed once, at its end */
				ck_assert_int_eq(fakes[i].closed, 1);
				bytes += fakes[i].n > 1 ? 100 * (uint64_t)(fakes[i].n - 1) : 0;
			}
			ck_assert_uint_eq(m.done, bytes);
			tm_free(&m);
			for (int i = 0; i < n; i++)
				ck_assert_int_eq(fakes[i].closed, 1);
		}
	}
}
END_TEST

START_TEST(test_error_and_free)
{
	static struct want want[8 * MAX_RECS];
	struct tm_merge m;
	struct tm_stream *s;
	char err[128] = "";
	int r = 0;

	make(8, 7, want);
	for (int i = 0; i < 8; i++) {
		fakes[i].n = 10;
		for (int k = 0; k < 10; k++)
			fakes[i].ts[k] = (uint64_t)k;
	}
	fakes[3].fail_at = 4;
	merge_all(&m, 8);
	while (!r && (s = tm_top(&m)))
		r = tm_next(&m, err, sizeof(err));
	ck_assert_int_eq(r, -1);
	ck_assert_str_eq(err, "stream 3 failed");
	/* the streams not ended are closed by tm_free, once */
	tm_free(&m);
	for (int i = 0; i < 8; i++)
		ck_assert_int_eq(fakes[i].closed, 1);

	/* a stream failing its first read is closed and refused */
	make(2, 8, want);
	fakes[1].fail_at = 0;
	ck_assert_int_eq(tm_init(&m, &fake_ops, 2), 0);
	ck_assert_int_eq(tm_add(&m, &fakes[0], 0, 0, err, sizeof(err)), 0);
	ck_assert_int_eq(tm_add(&m, &fakes[1], 0, 1, err, sizeof(err)), -1);
	ck_assert_int_eq(fakes[1].closed, 1);
	tm_free(&m);
	ck_assert_int_eq(fakes[0].closed, 1);
}
END_TEST

/*
 * test_backwards - a stream whose time goes back (a page 4 s before the one before it)
 * is not reordered: its records come in its order, every step back is counted, and the
 * first one's place is kept
 */
START_TEST(test_backwards)
{
	static const uint64_t cpu0[] = { 10, 20, 30, 5, 6, 40, 1 };
	static const uint64_t cpu1[] = { 7, 8, 9, 50 };
	struct tm_merge m;
	struct tm_stream *s;
	char err[128];
	int next[2] = { 0, 0 };

	memset(fakes, 0, 2 * sizeof(fakes[0]));
	fakes[0] = (struct fake){ .n = 7, .buffer = 0, .cpu = 0, .fail_at = -1 };
	fakes[1] = (struct fake){ .n = 4, .buffer = 2, .cpu = 1, .fail_at = -1 };
	memcpy(fakes[0].ts, cpu0, sizeof(cpu0));
	memcpy(fakes[1].ts, cpu1, sizeof(cpu1));
	merge_all(&m, 2);
	while ((s = tm_top(&m))) {
		int c = s->cpu;

		/* each stream in its own order */
		ck_assert_uint_eq(s->cur.ts, c ? cpu1[next[1]] : cpu0[next[0]]);
		ck_assert_uint_eq(s->index, (uint64_t)next[c] + 1);
		next[c]++;
		ck_assert_int_eq(tm_next(&m, err, sizeof(err)), 0);
	}
	ck_assert_int_eq(next[0], 7);
	ck_assert_int_eq(next[1], 4);
	ck_assert_uint_eq(m.backwards, 2);
	ck_assert_int_eq(m.first_back.cpu, 0);
	ck_assert_int_eq(m.first_back.buffer, 0);
	ck_assert_uint_eq(m.first_back.index, 4);
	ck_assert_uint_eq(m.first_back.ts, 5);
	ck_assert_uint_eq(m.first_back.prev_ts, 30);
	tm_free(&m);
}
END_TEST

/* trace_merge_suite - the merge of CPU streams */
static Suite *trace_merge_suite(void)
{
	Suite *s = suite_create("trace_merge");
	TCase *tc = tcase_create("merge");

	tcase_add_test(tc, test_order);
	tcase_add_test(tc, test_error_and_free);
	tcase_add_test(tc, test_backwards);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(trace_merge_suite)
