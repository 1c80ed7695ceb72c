/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * strtab.h - interned strings: each distinct string stored once, numbered in
 * order of first sight, its text stable until the table is freed
 *
 * For sets that grow with the trace (instance keys, task names): the text
 * lives in large shared blocks and the index is two arrays, so a string
 * costs its bytes and a few words, not an allocation of its own. Public
 * prefix strtab_; used by the bindings and the checker. Calls only libc.
 */
#ifndef CCSL_STRTAB_H
#define CCSL_STRTAB_H

#include <stdbool.h>
#include <stddef.h>

struct strtab_block;

/* A table: zero-initialised ({ 0 }) is an empty one. */
struct strtab {
	struct strtab_block *blocks;	/* the text, newest block first */
	const char **strs;		/* id -> text (NUL-terminated, its length before it) */
	int n, cap;
	int *index;			/* open addressing over ids, -1 empty */
	size_t hcap;
};

/*
 * strtab_intern - the id of the string s[0..len) (which may hold NULs), added
 * if new (*added says so when not NULL); -1 when out of memory or full
 */
int strtab_intern(struct strtab *t, const char *s, size_t len, bool *added);

/* strtab_str - the text of id (NUL-terminated) */
static inline const char *strtab_str(const struct strtab *t, int id)
{
	return t->strs[id];
}

/* strtab_len - the length of id's text (which may hold NULs) */
size_t strtab_len(const struct strtab *t, int id);

/* strtab_free - free the table's memory (it is then empty again) */
void strtab_free(struct strtab *t);

#endif /* CCSL_STRTAB_H */
