// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_trace_text.c - the `trace-cmd report` text reader on small texts
 * written to temporary files: events and field types, values, timestamps,
 * tasks and CPUs, probe addresses, lost events, bad lines, refusals, and
 * every prefix of a sample (a paste cut anywhere must not crash)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trace_input.h"
#include "unit.h"

/* What trace-cmd report 3.1.6 prints for a recording-contract trace (shortened). */
static const char sample[] =
	"cpus=2\n"
	"          insmod-198   [000]     7.177094: set_status:           (ffffffffc047c360) "
	"dev=\"virtio0\" status=0 devid=5 parent=\"0000:00:02.0\"\n"
	"          insmod-198   [000]     7.178582: get_status:           (ffffffffc047c340) "
	"dev=\"virtio0\"\n"
	"          insmod-198   [000]     7.178843: get_status_ret:       "
	"(ffffffffc047c340 <- ffffffffc04846bf) status=0\n"
	"CPU:1 [12 EVENTS DROPPED]\n"
	"   my probe task-202   [000]     7.179000: notify:               (ffffffffc04500c0) "
	"dev=\"virtio2\" vq=\"output queue 0\" vq_index=1\n"
	"   my probe task-202   [001]     8.294741: set_features:         (ffffffffc047c230) "
	"dev=\"virtio2\" features=0x10130000012\n"
	"          <idle>-0     [001]     8.300000: all_types:            a=255 g=-2147483648 "
	"i=0xff s=quoted \"text\" with \\ backslash\n";

static char tmpdir[64];
static char path[128];

struct got {
	int n;
	struct ti_record rec[16];
	struct ti_value values[16][8];
	char strs[16][8][64];
	int stop_at;		/* stop after this many records (0: never) */
};

/* setup - a temporary directory per test */
static void setup(void)
{
	strcpy(tmpdir, "/tmp/test_trace_text.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	snprintf(path, sizeof(path), "%s/report.txt", tmpdir);
}

/* teardown - remove the temporary directory */
static void teardown(void)
{
	unlink(path);
	rmdir(tmpdir);
}

/* write_text - write len bytes of text to the test's file */
static void write_text(const char *text, size_t len)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	fclose(f);
}

/* open_text - write text and open it, failing the test if it is refused */
static struct ti_trace *open_text(const char *text)
{
	char err[TI_ERR_LEN] = "";
	struct ti_trace *t;

	write_text(text, strlen(text));
	t = ti_open(path, err);
	ck_assert_msg(t != NULL, "refused: %s", err);
	return t;
}

/* collect - keep a copy of each record (values and strings copied: they die with the call) */
static int collect(const struct ti_record *rec, void *arg)
{
	struct got *g = arg;
	int i = g->n++;

	ck_assert_int_lt(i, 16);
	g->rec[i] = *rec;
	for (int f = 0; f < rec->event->nfields && f < 8; f++) {
		struct ti_value *v = &g->values[i][f];

		*v = rec->values[f];
		if (v->str) {
			snprintf(g->strs[i][f], sizeof(g->strs[i][f]), "%.*s", (int)v->len, v->str);
			v->str = g->strs[i][f];
		}
	}
	g->rec[i].values = g->values[i];
	return g->stop_at && g->n == g->stop_at;
}

/* want_all - select every event */
static void want_all(struct ti_trace *t)
{
	int n;
	struct ti_event *ev = ti_events(t, &n);

	for (int i = 0; i < n; i++)
		ev[i].wanted = true;
}

/* run - iterate every event of the sample-like text into g */
static int run(struct ti_trace *t, struct got *g)
{
	char err[TI_ERR_LEN] = "";

	want_all(t);
	return ti_iterate(t, collect, g, err);
}

/* field_of - the value of a named field in a collected record */
static const struct ti_value *field_of(const struct got *g, int i, const char *name)
{
	int f = ti_find_field(g->rec[i].event, name);

	ck_assert_msg(f >= 0, "no field %s", name);
	return &g->rec[i].values[f];
}

START_TEST(events_and_types)
{
	struct ti_trace *t = open_text(sample);
	struct ti_event *ev;
	int n;

	ev = ti_events(t, &n);
	ck_assert_int_eq(n, 6);
	ck_assert_str_eq(ev[0].name, "set_status");
	for (int i = 0; i < n; i++) {
		ck_assert_str_eq(ev[i].system, "");
		for (int j = 0; j < i; j++)
			ck_assert_int_ne(ev[i].id, ev[j].id);
	}
	/* Report text names no system: any system finds the event. */
	ev = ti_find_event(t, "virtio", "set_status");
	ck_assert_ptr_nonnull(ev);
	ck_assert_ptr_eq(ti_find_event(t, "kprobes", "set_status"), ev);
	ck_assert_ptr_null(ti_find_event(t, "virtio", "set_statu"));
	ck_assert_int_eq(ev->nfields, 5);
	ck_assert_str_eq(ev->fields[0].name, "__probe_ip");
	ck_assert_int_eq(ev->fields[0].type, TI_FIELD_NUM);
	ck_assert_int_eq(ev->fields[ti_find_field(ev, "dev")].type, TI_FIELD_STR);
	ck_assert_int_eq(ev->fields[ti_find_field(ev, "status")].type, TI_FIELD_NUM);
	ck_assert_int_eq(ev->fields[ti_find_field(ev, "parent")].type, TI_FIELD_STR);

	ev = ti_find_event(t, "virtio", "get_status_ret");
	ck_assert_int_eq(ev->nfields, 3);
	ck_assert_str_eq(ev->fields[0].name, "__probe_func");
	ck_assert_str_eq(ev->fields[1].name, "__probe_ret_ip");

	ev = ti_find_event(t, "test", "all_types");
	ck_assert_int_eq(ev->fields[ti_find_field(ev, "a")].type, TI_FIELD_NUM);
	ck_assert(!ev->fields[ti_find_field(ev, "a")].is_signed);
	ck_assert_int_eq(ev->fields[ti_find_field(ev, "g")].type, TI_FIELD_NUM);
	ck_assert(ev->fields[ti_find_field(ev, "g")].is_signed);
	ck_assert_int_eq(ev->fields[ti_find_field(ev, "i")].type, TI_FIELD_NUM);
	ck_assert_int_eq(ev->fields[ti_find_field(ev, "s")].type, TI_FIELD_STR);
	ck_assert_int_eq(ti_get_stats(t)->cpus, 2);
	ck_assert_int_eq(ti_get_stats(t)->buffers, 1);
	ti_close(t);
}
END_TEST

START_TEST(values_and_columns)
{
	struct ti_trace *t = open_text(sample);
	const struct ti_stats *st = ti_get_stats(t);
	struct got g = { 0 };

	ck_assert_int_eq(run(t, &g), 0);
	ck_assert_int_eq(g.n, 6);
	ck_assert_uint_eq(st->records, 6);
	ck_assert_uint_eq(st->delivered, 6);
	ck_assert_uint_eq(st->bad_fields, 0);
	for (int i = 0; i < g.n; i++)
		ck_assert_uint_eq(g.rec[i].seq, (uint64_t)i);

	ck_assert_uint_eq(g.rec[0].ts, 7177094000ULL);
	ck_assert_int_eq(g.rec[0].pid, 198);
	ck_assert_int_eq(g.rec[0].cpu, 0);
	ck_assert_str_eq(ti_comm(t, 198), "insmod");
	ck_assert_str_eq(ti_comm(t, 202), "my probe task");
	ck_assert_str_eq(ti_comm(t, 0), "<idle>");
	ck_assert_str_eq(ti_comm(t, 4242), "<...>");
	ck_assert_int_eq(g.rec[4].cpu, 1);

	ck_assert(field_of(&g, 0, "status")->ok);
	ck_assert_uint_eq(field_of(&g, 0, "status")->num, 0);
	ck_assert_uint_eq(field_of(&g, 0, "devid")->num, 5);
	ck_assert_str_eq(field_of(&g, 0, "dev")->str, "virtio0");
	ck_assert_str_eq(field_of(&g, 0, "parent")->str, "0000:00:02.0");
	ck_assert_str_eq(field_of(&g, 3, "vq")->str, "output queue 0");
	ck_assert_uint_eq(field_of(&g, 3, "vq_index")->num, 1);
	ck_assert_uint_eq(field_of(&g, 4, "features")->num, 0x10130000012ULL);
	ck_assert_uint_eq(field_of(&g, 5, "a")->num, 255);
	ck_assert_uint_eq(field_of(&g, 5, "g")->num, (uint64_t)(int64_t)-2147483648LL);
	ck_assert_uint_eq(field_of(&g, 5, "i")->num, 0xff);
	ck_assert_str_eq(field_of(&g, 5, "s")->str, "quoted \"text\" with \\ backslash");
	ti_close(t);
}
END_TEST

START_TEST(probe_addresses)
{
	struct ti_trace *t = open_text(sample);
	struct got g = { 0 };

	run(t, &g);
	ck_assert_uint_eq(field_of(&g, 0, "__probe_ip")->num, 0xffffffffc047c360ULL);
	ck_assert_uint_eq(field_of(&g, 2, "__probe_func")->num, 0xffffffffc047c340ULL);
	ck_assert_uint_eq(field_of(&g, 2, "__probe_ret_ip")->num, 0xffffffffc04846bfULL);
	ck_assert_uint_eq(field_of(&g, 2, "status")->num, 0);
	ti_close(t);

	/* "trace-cmd report -R" prints the addresses as fields, in hex without 0x. */
	t = open_text("  insmod-198 [000] 7.177094: set_status:  __probe_ip=ffffffffc047c360 "
		      "dev=virtio0 status=3\n");
	memset(&g, 0, sizeof(g));
	run(t, &g);
	ck_assert_int_eq(g.n, 1);
	ck_assert_int_eq(g.rec[0].event->fields[0].type, TI_FIELD_NUM);
	ck_assert_uint_eq(field_of(&g, 0, "__probe_ip")->num, 0xffffffffc047c360ULL);
	ck_assert_str_eq(field_of(&g, 0, "dev")->str, "virtio0");
	ck_assert_uint_eq(field_of(&g, 0, "status")->num, 3);
	ti_close(t);
}
END_TEST

START_TEST(timestamps)
{
	struct ti_trace *t;
	struct got g = { 0 };

	/* report -t: nanoseconds; no "cpus=" line; a CRLF paste; a 4-digit CPU. */
	t = open_text("insmod-1 [000] 7.177093563: e: x=1\r\n"
		      "insmod-1 [000] 3600.000000001: e: x=2\n"
		      "insmod-1 [1023] 12.5: e: x=3\n"
		      "insmod-1 [000] 99: e: x=4\n");
	run(t, &g);
	ck_assert_int_eq(g.n, 4);
	ck_assert_uint_eq(g.rec[0].ts, 7177093563ULL);
	ck_assert_uint_eq(g.rec[1].ts, 3600000000001ULL);
	ck_assert_uint_eq(g.rec[2].ts, 12500000000ULL);
	ck_assert_int_eq(g.rec[2].cpu, 1023);
	ck_assert_uint_eq(g.rec[3].ts, 99);
	ck_assert_uint_eq(field_of(&g, 0, "x")->num, 1);
	ck_assert_int_eq(ti_get_stats(t)->cpus, 1024);
	ti_close(t);
}
END_TEST

START_TEST(lost_events)
{
	struct ti_trace *t = open_text(sample);
	const struct ti_stats *st = ti_get_stats(t);
	struct got g = { 0 };

	run(t, &g);
	/* The loss belongs to CPU 1's next record (the 5th), not to the next line. */
	ck_assert_int_eq(g.rec[3].lost_before, 0);
	ck_assert_int_eq(g.rec[4].lost_before, 12);
	ck_assert_int_eq(g.rec[5].lost_before, 0);
	ck_assert_uint_eq(st->lost[1].known, 12);
	ck_assert_uint_eq(st->lost[1].unknown, 0);
	ck_assert_uint_eq(st->lost[1].first_ts, 8294741000ULL);
	ck_assert_uint_eq(st->lost[0].known + st->lost[0].unknown, 0);
	ti_close(t);

	t = open_text("cpus=4\n"
		      "a-1 [002] 1.000001: e: x=1\n"
		      "CPU:2 [EVENTS DROPPED]\n"
		      "a-1 [002] 1.000002: e: x=1\n"
		      "CPU:2 [EVENTS DROPPED]\n"
		      "a-1 [002] 1.000003: e: x=1\n"
		      "CPU:3 [5 EVENTS DROPPED]\n");
	st = ti_get_stats(t);
	memset(&g, 0, sizeof(g));
	run(t, &g);
	ck_assert_int_eq(st->cpus, 4);
	ck_assert_int_eq(g.rec[1].lost_before, -1);
	ck_assert_uint_eq(st->lost[2].unknown, 2);
	ck_assert_uint_eq(st->lost[2].first_ts, 1000002000ULL);
	ck_assert_uint_eq(st->lost[2].last_ts, 1000003000ULL);
	/* A paste cut after a loss line: the loss is still counted. */
	ck_assert_uint_eq(st->lost[3].known, 5);
	ti_close(t);

	/* Counts as large as a line may claim: held at the largest, not overflowed. */
	t = open_text("CPU:0 [9223372036854775807 EVENTS DROPPED]\n"
		      "CPU:0 [9223372036854775807 EVENTS DROPPED]\n"
		      "a-1 [000] 1.0: e: x=1\n"
		      "CPU:0 [9223372036854775807 EVENTS DROPPED]\n"
		      "a-1 [000] 2.0: e: x=1\n"
		      "CPU:0 [9223372036854775807 EVENTS DROPPED]\n"
		      "a-1 [000] 3.0: e: x=1\n");
	st = ti_get_stats(t);
	memset(&g, 0, sizeof(g));
	run(t, &g);
	ck_assert_int_eq(g.n, 3);
	ck_assert_int_eq(g.rec[0].lost_before, INT64_MAX);
	ck_assert_uint_eq(st->lost[0].known, UINT64_MAX);
	ti_close(t);
}
END_TEST

START_TEST(time_backwards)
{
	char *twice = malloc(2 * sizeof(sample));
	struct ti_trace *t;
	struct got g = { 0 };

	/* two reports concatenated: the second goes back to the first's start */
	snprintf(twice, 2 * sizeof(sample), "%s%s", sample, sample);
	t = open_text(twice);
	run(t, &g);
	ck_assert_uint_eq(ti_get_stats(t)->backwards, 1);
	ck_assert_str_eq(ti_get_stats(t)->backwards_at, "line 10: 7.177094000 after 8.300000000");
	ti_close(t);
	free(twice);

	/* interleaved: each step back counted, equal stamps are not a step back */
	t = open_text("a-1 [000] 2.0: e: x=1\n"
		      "a-1 [000] 1.0: e: x=1\n"
		      "a-1 [001] 1.0: e: x=1\n"
		      "a-1 [001] 3.0: e: x=1\n"
		      "a-1 [001] 2.5: e: x=1\n");
	memset(&g, 0, sizeof(g));
	run(t, &g);
	ck_assert_int_eq(g.n, 5);
	ck_assert_uint_eq(g.rec[1].ts, 1000000000ULL);
	ck_assert_uint_eq(ti_get_stats(t)->backwards, 2);
	ck_assert_str_eq(ti_get_stats(t)->backwards_at, "line 2: 1.000000000 after 2.000000000");
	ti_close(t);

	/* in order: nothing said */
	t = open_text(sample);
	memset(&g, 0, sizeof(g));
	run(t, &g);
	ck_assert_uint_eq(ti_get_stats(t)->backwards, 0);
	ck_assert_str_eq(ti_get_stats(t)->backwards_at, "");
	ti_close(t);
}
END_TEST

START_TEST(bad_lines)
{
	struct ti_trace *t;
	struct got g = { 0 };

	t = open_text("version = 6\n"
		      "\n"
		      "some words of a bug report\n"
		      "a-1 [000] 1.000001: e: x=1 y=\"s\"\n"
		      "a-1 [000] 1.0000x2: e: x=2\n"	/* bad timestamp */
		      "a-1 [000] 1.000003 e: x=3\n"	/* no colon */
		      "a-1 [000] 1.000004:\n"		/* no event */
		      "a-1 [000] 1.000005: e: y=\"t\"\n"	/* x missing */
		      "a-1 [000] 1.000006: e: x= y=\"u\"\n"	/* x cut short */
		      "a-1 [000] 1.000007: e: x=0x y=\"u\n");	/* cut in the middle */
	run(t, &g);
	ck_assert_int_eq(g.n, 4);
	ck_assert_uint_eq(ti_get_stats(t)->records, 4);
	ck_assert_int_eq(g.rec[0].event->fields[0].type, TI_FIELD_NUM);
	ck_assert(field_of(&g, 0, "x")->ok);
	ck_assert(!field_of(&g, 1, "x")->ok);
	ck_assert_str_eq(field_of(&g, 1, "y")->str, "t");
	ck_assert(!field_of(&g, 2, "x")->ok);
	ck_assert(!field_of(&g, 3, "x")->ok);
	ck_assert_str_eq(field_of(&g, 3, "y")->str, "u");
	/* 3 bad lines and 3 unreadable values: the verdict cannot be trusted. */
	ck_assert_uint_eq(ti_get_stats(t)->bad_fields, 6);
	ck_assert_ptr_nonnull(ti_messages(t));
	ti_close(t);
}
END_TEST

START_TEST(unwanted_and_stop)
{
	struct ti_trace *t = open_text(sample);
	char err[TI_ERR_LEN] = "";
	struct got g = { .stop_at = 2 };

	ti_find_event(t, "virtio", "set_status")->wanted = true;
	ti_find_event(t, "virtio", "get_status")->wanted = true;
	ti_find_event(t, "virtio", "notify")->wanted = true;
	ck_assert_int_eq(ti_iterate(t, collect, &g, err), 1);
	ck_assert_int_eq(g.n, 2);
	ck_assert_uint_eq(g.rec[1].seq, 1);
	/* It goes on where it stopped. */
	g.stop_at = 0;
	ck_assert_int_eq(ti_iterate(t, collect, &g, err), 0);
	ck_assert_int_eq(g.n, 3);
	ck_assert_uint_eq(g.rec[2].seq, 3);
	ck_assert_uint_eq(ti_get_stats(t)->records, 6);
	ck_assert_uint_eq(ti_get_stats(t)->delivered, 3);
	ck_assert_uint_eq(ti_find_event(t, "virtio", "set_status")->count, 1);
	ti_close(t);
}
END_TEST

START_TEST(refused)
{
	static const char *texts[] = {
		"root:x:0:0:root:/root:/bin/bash\n",
		"cpus=2\n",
		"CPU:1 [12 EVENTS DROPPED]\n",
		"no record here [000] 1.0: e:\n",
	};
	char err[TI_ERR_LEN], want[TI_ERR_LEN];

	snprintf(want, sizeof(want), "%s: not a trace.dat file and not trace-cmd report text",
		 path);
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		write_text(texts[i], strlen(texts[i]));
		ck_assert_ptr_null(ti_open(path, err));
		ck_assert_str_eq(err, want);
	}
	write_text("\0\1\2\3\n\n\xff\xfe", 8);
	ck_assert_ptr_null(ti_open(path, err));
	ck_assert_str_eq(err, want);
}
END_TEST

/* count - a callback that touches every byte of every value (ASan checks the bounds) */
static int count(const struct ti_record *rec, void *arg)
{
	volatile char sink = 0;
	int *n = arg;

	for (int i = 0; i < rec->event->nfields; i++)
		for (uint32_t j = 0;
		     rec->values[i].ok && rec->values[i].str && j < rec->values[i].len; j++)
			sink ^= rec->values[i].str[j];
	(*n)++;
	return sink & 0;
}

/* read_all - open and iterate with every event wanted; returns records or -1 */
static int read_all(void)
{
	char err[TI_ERR_LEN];
	struct ti_trace *t = ti_open(path, err);
	int n = 0, nev;
	struct ti_event *ev;

	if (!t)
		return -1;
	ev = ti_events(t, &nev);
	for (int i = 0; i < nev; i++)
		ev[i].wanted = true;
	ck_assert_int_eq(ti_iterate(t, count, &n, err), 0);
	for (int i = 0; i < ti_get_stats(t)->cpus; i++)
		ck_assert_ptr_nonnull(&ti_get_stats(t)->lost[i]);
	ti_close(t);
	return n;
}

START_TEST(every_prefix)
{
	size_t len = strlen(sample);

	for (size_t i = 0; i <= len; i++) {
		write_text(sample, i);
		read_all();
	}
}
END_TEST

START_TEST(hostile_input)
{
	size_t big = 200000;
	char *s = malloc(big + 64);
	unsigned int seed = 1;

	ck_assert_ptr_nonnull(s);
	/* A huge record line: counted as bad, the record after it still read. */
	memcpy(s, "a-1 [000] 1.0: e: x=\"", 21);
	memset(s + 21, 'y', big - 21);
	strcpy(s + big, "\na-1 [000] 2.0: e: x=1\n");
	write_text(s, strlen(s));
	ck_assert_int_ge(read_all(), 1);

	/* NUL bytes inside lines, many fields, many names, endless quotes and parentheses. */
	for (int round = 0; round < 200; round++) {
		size_t n = 0;

		while (n < 4000) {
			static const char *bits[] = {
				"a-1 [000] 1.0: ",
				"e",
				": ",
				"(",
				"ffff",
				" <- ",
				")",
				"x=",
				"\"",
				" ",
				"0x",
				"-",
				"9",
				"\n",
				"CPU:",
				"1 [",
				"EVENTS DROPPED]",
				"[",
				"]",
				"-",
				"cpus=",
				"\t",
				"\r",
				"e",
				"=",
				"99999999999999999999",
				".",
				"\0",
			};
			const char *b = bits[rand_r(&seed) % (sizeof(bits) / sizeof(bits[0]))];
			size_t bl = *b ? strlen(b) : 1;

			memcpy(s + n, b, bl);
			n += bl;
		}
		write_text(s, n);
		read_all();
	}
	/* More pairs on a line than are read, more fields than an event keeps. */
	strcpy(s, "a-1 [000] 1.0: e:");
	for (int i = 0; i < 300; i++)
		sprintf(s + strlen(s), " f%d=%d", i, i);
	strcat(s, "\na-1 [000] 2.0: e: f299=1 f0=\"x\"\n");
	write_text(s, strlen(s));
	ck_assert_int_eq(read_all(), 2);
	free(s);
}
END_TEST

/* trace_text_suite - the report text reader */
static Suite *trace_text_suite(void)
{
	Suite *s = suite_create("trace_text");
	TCase *tc = tcase_create("text");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, events_and_types);
	tcase_add_test(tc, values_and_columns);
	tcase_add_test(tc, probe_addresses);
	tcase_add_test(tc, timestamps);
	tcase_add_test(tc, lost_events);
	tcase_add_test(tc, time_backwards);
	tcase_add_test(tc, bad_lines);
	tcase_add_test(tc, unwanted_and_stop);
	tcase_add_test(tc, refused);
	tcase_add_test(tc, every_prefix);
	tcase_add_test(tc, hostile_input);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(trace_text_suite)
