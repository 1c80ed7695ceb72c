// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * spec_arena.c - the memory of a spec: an arena of blocks, arrays that grow in
 * it, and string-keyed hash tables (the names of a spec are looked up in
 * constant time: a spec of 100,000 clocks must not cost 100,000 scans)
 *
 * The bottom of the spec stage: every other spec_*.c file may call it, it
 * calls nothing of the stage. Running out of memory ends the reading: a
 * longjmp to the arena's nomem (set by spec.c around a reading), and the spec
 * is freed whole with its arena, which owns everything the reading allocated.
 */
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spec_arena.h"

struct sp_block {
	struct sp_block *next;
	size_t used, size;
	_Alignas(16) unsigned char data[];
};

/* A heap block the arena frees with its own (sp_adopt). */
struct sp_owned {
	struct sp_owned *next;
	void *p;
};

#define BLOCK_SIZE 8192

/* sp_nomem - memory ran out: end the reading (see spec_arena.h) */
void sp_nomem(struct sp_arena *a)
{
	/* no reading without a nomem: the arena is only allocated from while reading */
	if (!a->nomem)
		abort();
	longjmp(*a->nomem, 1);
}

/* sp_alloc - zeroed memory that lives as long as the arena */
void *sp_alloc(struct sp_arena *a, size_t size)
{
	struct sp_block *b = a->blocks;
	void *m;

	size = (size + 15) & ~(size_t)15;
	if (!b || b->size - b->used < size) {
		size_t bsize = size > BLOCK_SIZE ? size : BLOCK_SIZE;

		b = calloc(1, sizeof(*b) + bsize);
		if (!b)
			sp_nomem(a);
		b->size = bsize;
		b->next = a->blocks;
		a->blocks = b;
	}
	m = b->data + b->used;
	b->used += size;
	return m;
}

/* sp_strndup - a NUL-terminated copy of len bytes */
char *sp_strndup(struct sp_arena *a, const char *s, size_t len)
{
	char *d = sp_alloc(a, len + 1);

	memcpy(d, s, len);
	return d;
}

/* sp_strdup - a copy of a string */
char *sp_strdup(struct sp_arena *a, const char *s)
{
	return sp_strndup(a, s, strlen(s));
}

/*
 * sp_grow - room for element n of an array grown only by SP_PUSH.
 * Capacities are powers of two from 4, so the capacity follows from n and
 * the public structures need no capacity fields.
 */
void *sp_grow(struct sp_arena *a, void *arr, int n, size_t elsize)
{
	void *bigger;

	if (n && (n < 4 || (n & (n - 1))))
		return arr;
	bigger = sp_alloc(a, (size_t)(n ? 2 * n : 4) * elsize);
	if (n)
		memcpy(bigger, arr, (size_t)n * elsize);
	return bigger;
}

/* sp_adopt - p (malloc'd) is freed with the arena; on no memory it is freed, and sp_nomem */
void sp_adopt(struct sp_arena *a, void *p)
{
	struct sp_owned *o = malloc(sizeof(*o));

	if (!o) {
		free(p);
		sp_nomem(a);
	}
	o->p = p;
	o->next = a->owned;
	a->owned = o;
}

/* sp_arena_free - free every block, and every block adopted */
void sp_arena_free(struct sp_arena *a)
{
	while (a->owned) {
		struct sp_owned *next = a->owned->next;

		free(a->owned->p);
		free(a->owned);
		a->owned = next;
	}
	while (a->blocks) {
		struct sp_block *next = a->blocks->next;

		free(a->blocks);
		a->blocks = next;
	}
}

struct sp_map_slot {
	const char *key;	/* NULL: empty */
	int value;
};

/* hash - FNV-1a of a string */
static uint64_t hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
	return h;
}

/* find_slot - the slot of key, or the empty slot where it would go (cap > 0) */
static struct sp_map_slot *find_slot(const struct sp_map *m, const char *key)
{
	size_t i = (size_t)hash(key) & (m->cap - 1);

	while (m->slots[i].key && strcmp(m->slots[i].key, key))
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

/* sp_map_get - the value of key, or false */
bool sp_map_get(const struct sp_map *m, const char *key, int *value)
{
	const struct sp_map_slot *s;

	if (!m->cap)
		return false;
	s = find_slot(m, key);
	if (!s->key)
		return false;
	*value = s->value;
	return true;
}

/* rehash - twice the slots (the old ones stay in the arena: at most as much again) */
static void rehash(struct sp_arena *a, struct sp_map *m)
{
	struct sp_map old = *m;

	m->cap = old.cap ? 2 * old.cap : 16;
	m->slots = sp_alloc(a, m->cap * sizeof(*m->slots));
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].key)
			*find_slot(m, old.slots[i].key) = old.slots[i];
}

/* sp_map_put - set the value of key (added or replaced); at most half the slots are used */
void sp_map_put(struct sp_arena *a, struct sp_map *m, const char *key, int value)
{
	struct sp_map_slot *s;

	if (2 * (m->n + 1) > m->cap)
		rehash(a, m);
	s = find_slot(m, key);
	if (!s->key)
		m->n++;
	s->key = key;
	s->value = value;
}
