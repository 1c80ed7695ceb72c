/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spec_arena.h - the memory of a spec: one arena, and string-keyed hash tables in it
 *
 * Internal to the spec stage: included only by src/spec_*.c (every layer of the
 * stage may use it; it uses nothing of the stage: the bottom of the stack that
 * spec.c describes).
 *
 * Everything the reader allocates lives in one arena owned by the spec: nodes,
 * strings, arrays and tables are freed at once by spec_free(), and a syntax
 * error anywhere (a longjmp out of the parser) cannot leak. Nor can running
 * out of memory: sp_alloc then longjmps to the arena's nomem, which spec.c
 * sets around a reading, and the reading ends with the spec freed. Scratch
 * memory a layer takes from malloc must be freed (or adopted, sp_adopt)
 * before anything that may allocate from the arena.
 */
#ifndef CCSL_SPEC_ARENA_H
#define CCSL_SPEC_ARENA_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>

struct sp_block;
struct sp_owned;

struct sp_arena {
	struct sp_block *blocks;
	struct sp_owned *owned;	/* malloc'd blocks adopted (sp_adopt) */
	jmp_buf *nomem;		/* where running out of memory goes: the end of the reading */
};

/* sp_nomem - memory ran out: longjmp to the arena's nomem (never returns) */
void sp_nomem(struct sp_arena *a) __attribute__((noreturn));

/* sp_adopt - p (malloc'd) is freed with the arena; on no memory it is freed, and sp_nomem */
void sp_adopt(struct sp_arena *a, void *p);

/* sp_alloc - zeroed memory that lives as long as the arena (sp_nomem if there is none) */
void *sp_alloc(struct sp_arena *a, size_t size);

/* sp_strndup - a NUL-terminated copy of len bytes */
char *sp_strndup(struct sp_arena *a, const char *s, size_t len);

/* sp_strdup - a copy of a string */
char *sp_strdup(struct sp_arena *a, const char *s);

/* sp_grow - room for element n of an array grown only by SP_PUSH (capacity implied by n) */
void *sp_grow(struct sp_arena *a, void *arr, int n, size_t elsize);

/* sp_arena_free - free every block, and every block adopted */
void sp_arena_free(struct sp_arena *a);

/* SP_PUSH - a pointer to a new zeroed last element of arr (of n elements) */
#define SP_PUSH(a, arr, n) ((arr) = sp_grow((a), (arr), (n), sizeof(*(arr))), &(arr)[(n)++])

/*
 * A hash table from strings to ints (open addressing, in the arena). Keys are
 * not copied: they must live as long as the table (arena strings do).
 */
struct sp_map {
	struct sp_map_slot *slots;
	size_t cap, n;		/* cap: a power of two, or 0 */
};

/* sp_map_get - the value of key, or false */
bool sp_map_get(const struct sp_map *m, const char *key, int *value);

/* sp_map_put - set the value of key (added or replaced) */
void sp_map_put(struct sp_arena *a, struct sp_map *m, const char *key, int value);

#endif /* CCSL_SPEC_ARENA_H */
