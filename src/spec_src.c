// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * spec_src.c - the source files of a spec: read from disk (or given as text),
 * kept whole and split into lines, so that a diagnostic can show its line
 *
 * Holds the table of every source a spec read (the top file, its includes,
 * built-in specs), found by name (a location's file) or by key (a file's
 * canonical path: an include cycle, a file included twice). Called by the
 * layers above (spec_diag.c for lines, spec_parse.c to read includes, spec.c
 * to read the top file); calls only spec_arena.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec_src.h"

/* sp_src_add - keep a copy of a source's text, split into lines for diagnostics */
const struct sp_src *sp_src_add(struct sp_arena *a, struct sp_srcs *srcs, const char *name,
				const char *key, const char *dir, const char *text, size_t len)
{
	struct sp_src *src = sp_alloc(a, sizeof(*src));
	char *lines;
	int n = 1;

	src->name = sp_strdup(a, name);
	src->key = sp_strdup(a, key);
	src->dir = sp_strdup(a, dir);
	src->text = sp_strndup(a, text, len);
	src->len = len;
	for (size_t i = 0; i < len; i++)
		n += text[i] == '\n';
	lines = sp_strndup(a, text, len);
	src->lines = sp_alloc(a, (size_t)n * sizeof(*src->lines));
	src->lines[src->nlines++] = lines;
	for (size_t i = 0; i < len; i++) {
		if (lines[i] != '\n')
			continue;
		lines[i] = 0;
		src->lines[src->nlines++] = lines + i + 1;
	}
	for (int i = 0; i < src->nlines; i++) {
		/* CRLF files: no '\r' in the line shown under a diagnostic */
		char *s = (char *)src->lines[i];
		size_t l = strlen(s);

		if (l && s[l - 1] == '\r')
			s[l - 1] = 0;
	}
	if (!sp_src_find(srcs, src->name))
		sp_map_put(a, &srcs->by_name, src->name, srcs->n);
	if (!sp_src_find_key(srcs, src->key))
		sp_map_put(a, &srcs->by_key, src->key, srcs->n);
	*SP_PUSH(a, srcs->items, srcs->n) = src;
	return src;
}

/* sp_src_line - the text of line (1-based) of a source, or "" */
const char *sp_src_line(const struct sp_src *src, int line)
{
	return line >= 1 && line <= src->nlines ? src->lines[line - 1] : "";
}

/* sp_src_find - the source whose name is file, or NULL */
const struct sp_src *sp_src_find(const struct sp_srcs *srcs, const char *file)
{
	int i;

	return file && sp_map_get(&srcs->by_name, file, &i) ? srcs->items[i] : NULL;
}

/* sp_src_find_key - the source read from the file of this key, or NULL */
const struct sp_src *sp_src_find_key(const struct sp_srcs *srcs, const char *key)
{
	int i;

	return sp_map_get(&srcs->by_key, key, &i) ? srcs->items[i] : NULL;
}

/* sp_read_file - the whole content of a file (malloc'd), or NULL with errno set */
char *sp_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return NULL;
	for (;;) {
		size_t got;

		if (n == cap) {
			char *bigger = realloc(buf, cap = cap ? 2 * cap : 4096);

			if (!bigger)
				abort();
			buf = bigger;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got)
			continue;
		if (ferror(f)) {
			int err = errno ? errno : EIO;

			free(buf);
			fclose(f);
			errno = err;
			return NULL;
		}
		break;
	}
	fclose(f);
	*len = n;
	return buf;
}

/* sp_dir_of - the directory part of a path ("" for none), in the arena */
const char *sp_dir_of(struct sp_arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return "";
	return sp_strndup(a, path, slash == path ? 1 : (size_t)(slash - path));
}

/* sp_src_key - the identity of a file for include cycles: its canonical path */
const char *sp_src_key(struct sp_arena *a, const char *path)
{
	char *real = realpath(path, NULL);
	const char *key;

	if (!real)
		return sp_strdup(a, path);
	key = sp_strdup(a, real);
	free(real);
	return key;
}
