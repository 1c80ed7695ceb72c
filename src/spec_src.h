/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spec_src.h - the source files of a spec: reading them, and their lines for diagnostics
 *
 * Internal to the spec stage: included only by src/spec_*.c. Uses spec_arena.h.
 */
#ifndef CCSL_SPEC_SRC_H
#define CCSL_SPEC_SRC_H

#include <stddef.h>

#include "spec_arena.h"

/* One source file (or built-in spec, or string) as read. */
struct sp_src {
	const char *name;	/* as shown in diagnostics; spec_loc.file points here */
	const char *key;	/* canonical path or "<builtin>", to detect cycles */
	const char *dir;	/* directory of relative includes, "" for the current one */
	const char *text;	/* NUL-terminated copy of the text */
	size_t len;
	const char **lines;	/* each line, NUL-terminated, without its newline */
	int nlines;
};

/* Every source of a spec, by name and by key. */
struct sp_srcs {
	struct sp_src **items;
	int n;
	struct sp_map by_name;	/* name -> index; names are unique (paths, <builtin>s) */
	struct sp_map by_key;	/* key -> index */
	size_t total;		/* bytes of text of every source */
};

/* sp_src_add - keep a copy of a source's text, split into lines for diagnostics */
const struct sp_src *sp_src_add(struct sp_arena *a, struct sp_srcs *srcs, const char *name,
				const char *key, const char *dir, const char *text, size_t len);

/* sp_src_line - the text of line (1-based) of a source, or "" */
const char *sp_src_line(const struct sp_src *src, int line);

/* sp_src_find - the source whose name is file, or NULL */
const struct sp_src *sp_src_find(const struct sp_srcs *srcs, const char *file);

/* sp_src_find_key - the source read from the file of this key, or NULL */
const struct sp_src *sp_src_find_key(const struct sp_srcs *srcs, const char *key);

/* The most text a spec may have, every file it includes counted (16 MiB). */
#define SP_MAX_TEXT ((size_t)16 << 20)

/* sp_src_room - how much more text the spec may read (SP_MAX_TEXT less what it has) */
size_t sp_src_room(const struct sp_srcs *srcs);

/* sp_read_file's result when memory ran out */
#define SP_READ_NOMEM (-2)

/*
 * sp_read_file - the content of a regular file, pipe or FIFO of at most limit
 * bytes (malloc'd, *len bytes) into *text: 0, -1 with the one-line reason in
 * err, or SP_READ_NOMEM
 */
int sp_read_file(const char *path, size_t limit, char **text, size_t *len, char *err,
		 size_t errlen);

/* sp_dir_of - the directory part of a path ("" for none), in the arena */
const char *sp_dir_of(struct sp_arena *a, const char *path);

/* sp_src_key - the identity of a file for include cycles: its canonical path */
const char *sp_src_key(struct sp_arena *a, const char *path);

#endif /* CCSL_SPEC_SRC_H */
