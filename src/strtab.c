// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * strtab.c - interned strings (strtab.h): the text in shared blocks, each
 * string's length stored before it, an open-addressing index over the ids
 *
 * Used by the bindings (instance keys) and the checker (task names), called
 * once per record: a lookup hashes the string and compares it with one or two
 * candidates. Calls only libc.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strtab.h"

#define BLOCK_SIZE (64u << 10)	/* text block; a longer string gets a block of its own */
#define MAX_IDS (1 << 30)	/* ids stay ints, the index a power of two that fits */

/* A block of text: [u32 length][bytes][NUL] per string, back to back. */
struct strtab_block {
	struct strtab_block *next;
	size_t used, size;
	char text[];
};

/* hash - FNV-1a of a string */
static size_t hash(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (len--)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
	return (size_t)h;
}

/* length_of - the length stored before an interned string */
static size_t length_of(const char *str)
{
	uint32_t len;

	memcpy(&len, str - sizeof(len), sizeof(len));
	return len;
}

/* find - the index slot of s: its id's slot, or the empty slot where it would go */
static size_t find(const struct strtab *t, const char *s, size_t len)
{
	size_t mask = t->hcap - 1, h = hash(s, len) & mask;

	for (; t->index[h] >= 0; h = (h + 1) & mask) {
		const char *k = t->strs[t->index[h]];

		if (length_of(k) == len && !memcmp(k, s, len))
			break;
	}
	return h;
}

/* rehash - double the index (at least 64 slots), keeping it at most half full */
static int rehash(struct strtab *t)
{
	size_t cap = t->hcap ? t->hcap * 2 : 64;
	int *index = malloc(cap * sizeof(*index));
	struct strtab grown = *t;

	if (!index)
		return -1;
	for (size_t i = 0; i < cap; i++)
		index[i] = -1;
	grown.index = index;
	grown.hcap = cap;
	for (int id = 0; id < t->n; id++)
		index[find(&grown, t->strs[id], length_of(t->strs[id]))] = id;
	free(t->index);
	t->index = index;
	t->hcap = cap;
	return 0;
}

/* store - copy s into the text blocks after its length; NULL when out of memory */
static const char *store(struct strtab *t, const char *s, size_t len)
{
	struct strtab_block *b = t->blocks;
	size_t need = sizeof(uint32_t) + len + 1;
	uint32_t len32 = (uint32_t)len;
	char *p;

	if (!b || b->size - b->used < need) {
		size_t size = need > BLOCK_SIZE ? need : BLOCK_SIZE;

		b = malloc(sizeof(*b) + size);
		if (!b)
			return NULL;
		b->used = 0;
		b->size = size;
		b->next = t->blocks;
		t->blocks = b;
	}
	p = b->text + b->used;
	memcpy(p, &len32, sizeof(len32));
	memcpy(p + sizeof(len32), s, len);
	p[sizeof(len32) + len] = '\0';
	b->used += need;
	return p + sizeof(len32);
}

/* strtab_intern - the id of s[0..len), added if new; -1 when out of memory or full */
int strtab_intern(struct strtab *t, const char *s, size_t len, bool *added)
{
	size_t h;

	if (added)
		*added = false;
	if (len > UINT32_MAX)
		return -1;
	if (t->hcap) {
		h = find(t, s, len);
		if (t->index[h] >= 0)
			return t->index[h];
	}
	if (t->n >= MAX_IDS)
		return -1;
	if (t->n == t->cap) {
		int cap = t->cap ? t->cap * 2 : 16;
		const char **strs = realloc(t->strs, (size_t)cap * sizeof(*strs));

		if (!strs)
			return -1;
		t->strs = strs;
		t->cap = cap;
	}
	/* the index stays at most half full: grow it before the new id goes in */
	if ((size_t)(t->n + 1) * 2 > t->hcap && rehash(t))
		return -1;
	t->strs[t->n] = store(t, s, len);
	if (!t->strs[t->n])
		return -1;
	t->index[find(t, s, len)] = t->n;
	if (added)
		*added = true;
	return t->n++;
}

/* strtab_len - the length of id's text (which may hold NULs) */
size_t strtab_len(const struct strtab *t, int id)
{
	return length_of(t->strs[id]);
}

/* strtab_free - free the table's memory (it is then empty again) */
void strtab_free(struct strtab *t)
{
	while (t->blocks) {
		struct strtab_block *b = t->blocks;

		t->blocks = b->next;
		free(b);
	}
	free(t->strs);
	free(t->index);
	*t = (struct strtab){ 0 };
}
