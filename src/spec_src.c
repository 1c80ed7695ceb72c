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
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
	srcs->total += len;
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

/* sp_src_room - how much more text the spec may read (SP_MAX_TEXT less what it has) */
size_t sp_src_room(const struct sp_srcs *srcs)
{
	return srcs->total < SP_MAX_TEXT ? SP_MAX_TEXT - srcs->total : 0;
}

/*
 * open_input - open a regular file, a pipe or a FIFO for reading; -1 with the
 * reason in err. Anything else (a device, a socket) is refused before it is
 * opened: /dev/zero would never end, a terminal would wait for a human. The
 * open does not block (O_NONBLOCK): a FIFO without a writer opens at once.
 */
static int open_input(const char *path, char *err, size_t errlen)
{
	struct stat st;
	int fd;

	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode)) {
		if (S_ISDIR(st.st_mode))
			snprintf(err, errlen, "cannot read '%s': %s", path, strerror(EISDIR));
		else
			snprintf(err, errlen, "cannot read '%s': not a regular file or a pipe",
				 path);
		return -1;
	}
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
		return -1;
	}
	/* what was opened, which may not be what stat saw */
	if (fstat(fd, &st) || (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode))) {
		snprintf(err, errlen, "cannot read '%s': not a regular file or a pipe", path);
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * read_input - everything fd gives, at most limit bytes; -1 with the reason
 * in err, or SP_READ_NOMEM. An empty pipe (its writer wrote nothing, or there
 * was none) is an error: a spec from a pipe that says nothing was surely not
 * meant.
 */
static ssize_t read_input(int fd, const char *path, char **buf, size_t limit, char *err,
			  size_t errlen)
{
	struct stat st;
	size_t cap = 0, n = 0;

	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t got;

		if (n == cap) {
			/* one byte more than the limit: a file of exactly limit bytes is fine */
			size_t want = cap ? 2 * cap : 4096;
			char *bigger;

			if (cap > limit) {
				snprintf(err, errlen,
					 "cannot read '%s': more than %zu MiB of spec text (the "
					 "limit, includes counted)",
					 path, SP_MAX_TEXT >> 20);
				return -1;
			}
			bigger = realloc(*buf, want < limit + 1 ? want : limit + 1);
			if (!bigger)
				return SP_READ_NOMEM;
			*buf = bigger;
			cap = want < limit + 1 ? want : limit + 1;
		}
		got = read(fd, *buf + n, cap - n);
		if (got > 0) {
			n += (size_t)got;
			continue;
		}
		if (!got)
			break;
		if (errno == EINTR)
			continue;
		/* a pipe whose writer has not written yet: wait for it */
		if (errno == EAGAIN && poll(&pfd, 1, -1) >= 0)
			continue;
		if (errno == EINTR)
			continue;
		snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
		return -1;
	}
	if (!n && !fstat(fd, &st) && S_ISFIFO(st.st_mode)) {
		snprintf(err, errlen, "cannot read '%s': the pipe is empty (it has no writer?)",
			 path);
		return -1;
	}
	return (ssize_t)n;
}

/*
 * sp_read_file - the content of a regular file, pipe or FIFO of at most limit
 * bytes (malloc'd, *len bytes) into *text: 0, -1 with the one-line reason in
 * err, or SP_READ_NOMEM
 */
int sp_read_file(const char *path, size_t limit, char **text, size_t *len, char *err,
		 size_t errlen)
{
	int fd = open_input(path, err, errlen);
	char *buf = NULL;
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read_input(fd, path, &buf, limit, err, errlen);
	close(fd);
	if (n < 0) {
		free(buf);
		return (int)n;
	}
	*text = buf;
	*len = (size_t)n;
	return 0;
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
	char real[PATH_MAX];

	if (realpath(path, real))
		return sp_strdup(a, real);
	if (errno == ENOMEM)
		sp_nomem(a);
	return sp_strdup(a, path);
}
