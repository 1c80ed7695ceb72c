// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_strtab.c - interned strings: ids in order of first sight, one id per
 * distinct byte string (NULs included), text that stays where it is while the
 * table grows, strings longer than a text block
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strtab.h"
#include "unit.h"

/* ids are dense, in order of first sight; a string seen again keeps its id */
START_TEST(test_ids)
{
	struct strtab t = { 0 };
	bool added;

	ck_assert_int_eq(strtab_intern(&t, "virtio0", 7, &added), 0);
	ck_assert(added);
	ck_assert_int_eq(strtab_intern(&t, "virtio1", 7, &added), 1);
	ck_assert(added);
	ck_assert_int_eq(strtab_intern(&t, "virtio0", 7, &added), 0);
	ck_assert(!added);
	/* a prefix, and the same bytes without a terminator, are what len says */
	ck_assert_int_eq(strtab_intern(&t, "virtio0-config", 6, &added), 2);
	ck_assert_str_eq(strtab_str(&t, 2), "virtio");
	ck_assert_int_eq(strtab_intern(&t, "virtio", 6, NULL), 2);
	ck_assert_int_eq(strtab_intern(&t, "", 0, &added), 3);
	ck_assert(added);
	ck_assert_str_eq(strtab_str(&t, 3), "");
	ck_assert_int_eq(t.n, 4);
	strtab_free(&t);
	ck_assert_int_eq(t.n, 0);
	/* a freed table is an empty one again */
	ck_assert_int_eq(strtab_intern(&t, "virtio1", 7, &added), 0);
	ck_assert(added);
	strtab_free(&t);
}
END_TEST

/* a NUL is a byte like any other: "a\0b" and "a\0c" and "a" are three strings */
START_TEST(test_nul_bytes)
{
	struct strtab t = { 0 };

	ck_assert_int_eq(strtab_intern(&t, "a\0b", 3, NULL), 0);
	ck_assert_int_eq(strtab_intern(&t, "a\0c", 3, NULL), 1);
	ck_assert_int_eq(strtab_intern(&t, "a", 1, NULL), 2);
	ck_assert_int_eq(strtab_intern(&t, "a\0b", 3, NULL), 0);
	ck_assert_int_eq(memcmp(strtab_str(&t, 1), "a\0c", 4), 0);
	strtab_free(&t);
}
END_TEST

/* 300,000 strings: every id keeps its text and its pointer as the index and blocks grow */
START_TEST(test_many)
{
	struct strtab t = { 0 };
	enum { N = 300000 };
	const char **first = calloc(N, sizeof(*first));
	char key[32];

	ck_assert_ptr_nonnull(first);
	for (int i = 0; i < N; i++) {
		int len = snprintf(key, sizeof(key), "virtio%d", i);

		ck_assert_int_eq(strtab_intern(&t, key, (size_t)len, NULL), i);
		first[i] = strtab_str(&t, i);
	}
	for (int i = N - 1; i >= 0; i -= 7) {
		int len = snprintf(key, sizeof(key), "virtio%d", i);
		bool added = true;

		ck_assert_int_eq(strtab_intern(&t, key, (size_t)len, &added), i);
		ck_assert(!added);
		ck_assert_ptr_eq(strtab_str(&t, i), first[i]);
		ck_assert_str_eq(strtab_str(&t, i), key);
	}
	free(first);
	strtab_free(&t);
}
END_TEST

/* a string longer than a text block gets a block of its own; the next ones go on */
START_TEST(test_long)
{
	struct strtab t = { 0 };
	size_t len = 200000;
	char *big = malloc(len);

	ck_assert_ptr_nonnull(big);
	memset(big, 'x', len);
	ck_assert_int_eq(strtab_intern(&t, "small", 5, NULL), 0);
	ck_assert_int_eq(strtab_intern(&t, big, len, NULL), 1);
	ck_assert_int_eq(strtab_intern(&t, "after", 5, NULL), 2);
	ck_assert_int_eq(strlen(strtab_str(&t, 1)), len);
	ck_assert_int_eq(strtab_intern(&t, big, len, NULL), 1);
	big[len - 1] = 'y';
	ck_assert_int_eq(strtab_intern(&t, big, len, NULL), 3);
	ck_assert_str_eq(strtab_str(&t, 0), "small");
	ck_assert_str_eq(strtab_str(&t, 2), "after");
	free(big);
	strtab_free(&t);
}
END_TEST

static Suite *strtab_suite(void)
{
	Suite *s = suite_create("strtab");
	TCase *tc = tcase_create("intern");

	tcase_add_test(tc, test_ids);
	tcase_add_test(tc, test_nul_bytes);
	tcase_add_test(tc, test_many);
	tcase_add_test(tc, test_long);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(strtab_suite)
