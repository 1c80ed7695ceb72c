// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_trace_decode.c - field decoding on a format text and record bytes held
 * in memory (no files), in both byte orders, including records that lie
 */
#include <stdio.h>
#include <string.h>

#include <traceevent/event-parse.h>

#include "trace_decode.h"
#include "unit.h"

/* The format of the recording contract's set_status kprobe, as the kernel prints it. */
static const char set_status_fmt[] =
	"name: set_status\n"
	"ID: 1338\n"
	"format:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
	"\n"
	"\tfield:unsigned long __probe_ip;\toffset:8;\tsize:8;\tsigned:0;\n"
	"\tfield:__data_loc char[] dev;\toffset:16;\tsize:4;\tsigned:1;\n"
	"\tfield:u8 status;\toffset:20;\tsize:1;\tsigned:0;\n"
	"\tfield:u32 devid;\toffset:21;\tsize:4;\tsigned:0;\n"
	"\tfield:__data_loc char[] parent;\toffset:25;\tsize:4;\tsigned:1;\n"
	"\tfield:s32 ret;\toffset:29;\tsize:4;\tsigned:1;\n"
	"\n"
	"print fmt: \"(%lx) dev=\\\"%s\\\" status=%u devid=%u parent=\\\"%s\\\" ret=%d\", "
	"REC->__probe_ip, __get_str(dev), REC->status, REC->devid, __get_str(parent), REC->ret\n";

enum { F_PROBE_IP, F_DEV, F_STATUS, F_DEVID, F_PARENT, F_RET, NFIELDS };

static struct tep_handle *tep;
static struct ti_event ev;
static uint8_t rec[64];
static uint32_t rec_size;

/* put - store n bytes of v at off in the test's byte order */
static void put(uint32_t off, uint64_t v, int n, bool big)
{
	for (int i = 0; i < n; i++)
		rec[off + (big ? n - 1 - i : i)] = (uint8_t)(v >> (8 * i));
}

/* build_record - a set_status record: dev "virtio0", status, devid 5, parent, ret -22 */
static void build_record(uint8_t status, bool big)
{
	memset(rec, 0, sizeof(rec));
	put(0, 1338, 2, big);
	put(4, 211, 4, big);
	put(8, 0xffffffffc047c360ULL, 8, big);
	put(16, 8u << 16 | 33, 4, big);		/* dev: 8 bytes at 33 */
	rec[20] = status;
	put(21, 5, 4, big);
	put(25, 13u << 16 | 41, 4, big);	/* parent: 13 bytes at 41 */
	put(29, (uint32_t)-22, 4, big);
	memcpy(rec + 33, "virtio0", 8);
	memcpy(rec + 41, "0000:00:02.0", 13);
	rec_size = 54;
}

/* setup - parse the format as libtraceevent does for a trace file */
static void setup(bool big)
{
	struct tep_event *tev;

	tep = tep_alloc();
	ck_assert_ptr_nonnull(tep);
	tep_set_file_bigendian(tep, big ? TEP_BIG_ENDIAN : TEP_LITTLE_ENDIAN);
	tep_set_local_bigendian(tep, TEP_LITTLE_ENDIAN);
	ck_assert_int_eq(tep_parse_event(tep, set_status_fmt, sizeof(set_status_fmt) - 1, "virtio"),
			 0);
	tev = tep_find_event_by_name(tep, "virtio", "set_status");
	ck_assert_ptr_nonnull(tev);
	memset(&ev, 0, sizeof(ev));
	ck_assert_int_eq(td_load_fields(&ev, tev), 0);
	build_record(0x0b, big);
}

/* teardown - free what setup made */
static void teardown(void)
{
	free(ev.fields);
	tep_free(tep);
}

/* check_good_record - every field decodes to what was stored */
static void check_good_record(void)
{
	struct ti_value v[NFIELDS];

	ck_assert_int_eq(ev.nfields, NFIELDS);
	ck_assert_uint_eq(td_decode(tep, &ev, rec, rec_size, v), 0);
	ck_assert(v[F_DEV].ok);
	ck_assert_uint_eq(v[F_DEV].len, 7);
	ck_assert(!memcmp(v[F_DEV].str, "virtio0", 7));
	ck_assert_uint_eq(v[F_STATUS].num, 0x0b);
	ck_assert_uint_eq(v[F_DEVID].num, 5);
	ck_assert_uint_eq(v[F_PARENT].len, 12);
	ck_assert(!memcmp(v[F_PARENT].str, "0000:00:02.0", 12));
	ck_assert_int_eq((int64_t)v[F_RET].num, -22);
	ck_assert_uint_eq(v[F_PROBE_IP].num, 0xffffffffc047c360ULL);
}

START_TEST(test_field_descriptors)
{
	setup(false);
	ck_assert_str_eq(ev.fields[F_DEV].name, "dev");
	ck_assert_int_eq(ev.fields[F_DEV].type, TI_FIELD_STR);
	ck_assert(ev.fields[F_DEV].data_loc);
	ck_assert_int_eq(ev.fields[F_STATUS].type, TI_FIELD_NUM);
	ck_assert_uint_eq(ev.fields[F_DEVID].offset, 21); /* unaligned, as kprobes pack them */
	ck_assert(ev.fields[F_RET].is_signed);
	ck_assert(!ev.fields[F_STATUS].is_signed);
	ck_assert_int_eq(ti_find_field(&ev, "parent"), F_PARENT);
	ck_assert_int_eq(ti_find_field(&ev, "common_pid"), -1);
	teardown();
}
END_TEST

START_TEST(test_decode_little_endian)
{
	setup(false);
	check_good_record();
	teardown();
}
END_TEST

START_TEST(test_decode_big_endian)
{
	setup(true);
	build_record(0x0b, true);
	check_good_record();
	teardown();
}
END_TEST

START_TEST(test_truncated_record)
{
	struct ti_value v[NFIELDS];

	setup(false);
	/* Cut inside parent's string: parent fails, the fixed fields before it still decode. */
	ck_assert_uint_eq(td_decode(tep, &ev, rec, 50, v), 1);
	ck_assert(!v[F_PARENT].ok);
	ck_assert(v[F_DEV].ok);
	ck_assert_uint_eq(v[F_STATUS].num, 0x0b);
	/* Cut inside the fixed part: every field from status on fails. */
	ck_assert_uint_eq(td_decode(tep, &ev, rec, 21, v), 4);
	ck_assert(v[F_STATUS].ok);
	ck_assert(!v[F_DEVID].ok);
	ck_assert(!v[F_RET].ok);
	teardown();
}
END_TEST

START_TEST(test_data_loc_out_of_bounds)
{
	struct ti_value v[NFIELDS];

	setup(false);
	put(16, 200u << 16 | 33, 4, false);	/* length far past the record */
	ck_assert_uint_eq(td_decode(tep, &ev, rec, rec_size, v), 1);
	ck_assert(!v[F_DEV].ok);
	put(16, 4u << 16 | 0xfff0, 4, false);	/* offset past the record */
	ck_assert_uint_eq(td_decode(tep, &ev, rec, rec_size, v), 1);
	ck_assert(!v[F_DEV].ok);
	ck_assert(v[F_PARENT].ok);
	teardown();
}
END_TEST

START_TEST(test_string_without_nul)
{
	struct ti_value v[NFIELDS];

	setup(false);
	/* The length covers "virt" only: the decoded string must stop there. */
	put(16, 4u << 16 | 33, 4, false);
	ck_assert_uint_eq(td_decode(tep, &ev, rec, rec_size, v), 0);
	ck_assert_uint_eq(v[F_DEV].len, 4);
	ck_assert(!memcmp(v[F_DEV].str, "virt", 4));
	teardown();
}
END_TEST

/* trace_decode_suite - the input layer's field decoding */
static Suite *trace_decode_suite(void)
{
	Suite *s = suite_create("trace_decode");
	TCase *tc = tcase_create("decode");

	tcase_add_test(tc, test_field_descriptors);
	tcase_add_test(tc, test_decode_little_endian);
	tcase_add_test(tc, test_decode_big_endian);
	tcase_add_test(tc, test_truncated_record);
	tcase_add_test(tc, test_data_loc_out_of_bounds);
	tcase_add_test(tc, test_string_without_nul);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(trace_decode_suite)
