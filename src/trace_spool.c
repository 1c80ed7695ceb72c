// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace_spool.c - input filters: spool the input into an unlinked temporary file, and the
 * filter that does it for inputs that cannot be read twice
 *
 * Every reader needs a file: libtracecmd and the page reader seek in a trace.dat, the text
 * reader reads text twice (once to learn its events, once to deliver its records). A pipe,
 * standard input, or a tracefs file (size 0, its content made as it is read) cannot be
 * sought in, and a compressed file must be decompressed first. tb_open copies the input
 * through a decoder (trace_decompress.c's, or none) into a temporary file in $TMPDIR (or
 * /tmp), created without a name (O_TMPFILE; else named and unlinked at once) so that
 * nothing is left behind whatever happens, and offers it to the picker again: the sources
 * open it as /proc/self/fd/N, and messages still name the input as given. The copy is
 * bounded: 4 GiB, or CCSL_SPOOL_MAX bytes (K, M, G suffixes): more is refused with a
 * one-line error that says the bound, before the disk fills (a decompression bomb).
 *
 * Holds nothing between calls: the temporary file lives as long as a reader holds it open.
 * Called by the picker (tb_filter) and trace_decompress.c; calls the picker again
 * (ts_pick) and the common part of the trace (trace_source.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trace_spool.h"

#define SPOOL_MAX	(4ULL << 30)	/* bytes spooled, unless CCSL_SPOOL_MAX says otherwise */
#define SPOOL_IN	(256u << 10)	/* bytes read at a time */
#define SPOOL_OUT	(1u << 20)	/* bytes decoded at a time */

static const char decompressed[] = " (decompressed)";

/* The state of one copy. */
struct spool {
	struct ts_input *in;
	const struct tb_codec *codec;
	void *st;
	int fd;			/* the temporary file */
	const char *dir;
	uint64_t bound, made;
	uint8_t *ibuf, *obuf;
	size_t ipos, ilen;
	bool ieof;
	bool head_done;		/* in->head handed to the decoder */
	char bound_text[32];
};

/* size_text - a byte count as people write bounds: "4 GiB", "512 MiB", "1000 bytes" */
static const char *size_text(char *buf, size_t len, uint64_t n)
{
	static const char *const units[] = { "GiB", "MiB", "KiB" };

	for (int i = 0; i < 3; i++) {
		uint64_t u = 1ULL << (30 - 10 * i);

		if (n >= u && n % u == 0) {
			snprintf(buf, len, "%llu %s", (unsigned long long)(n / u), units[i]);
			return buf;
		}
	}
	snprintf(buf, len, "%llu bytes", (unsigned long long)n);
	return buf;
}

/* spool_bound - CCSL_SPOOL_MAX (bytes, or with a K, M or G suffix) or 4 GiB; 0 if it is bad */
static uint64_t spool_bound(void)
{
	const char *v = getenv("CCSL_SPOOL_MAX");
	unsigned long long n;
	char *end;

	if (!v || !*v)
		return SPOOL_MAX;
	errno = 0;
	n = strtoull(v, &end, 10);
	if (errno || end == v || *v == '-')
		return 0;
	for (const char *s = "KMG"; *s; s++)
		if (*end == *s) {
			int shift = 10 * (int)(s - "KMG" + 1);

			if (n > UINT64_MAX >> shift)
				return 0;
			n <<= shift;
			end++;
			break;
		}
	return *end || !n ? 0 : n;
}

/* temp_file - an unlinked temporary file in $TMPDIR or /tmp; -1 with errno */
static int temp_file(const char *dir)
{
	char name[4096];
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC | O_EXCL, 0600);

	if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
		return fd;
	/* a file system without O_TMPFILE: a name for an instant */
	if ((size_t)snprintf(name, sizeof(name), "%s/ccsl-check.XXXXXX", dir) >= sizeof(name)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkostemp(name, O_CLOEXEC);
	if (fd >= 0)
		unlink(name);
	return fd;
}

/* put - decoded bytes to the temporary file, within the bound; -1 with err */
static int put(struct spool *sp, const uint8_t *p, size_t n, char err[TI_ERR_LEN])
{
	if (n > sp->bound - sp->made) {
		if (sp->codec->name)
			snprintf(err, TI_ERR_LEN, "%s: %s data that decompresses to more than %s: "
				 "refused (a decompression bomb? the bound is CCSL_SPOOL_MAX)",
				 sp->in->path, sp->codec->name, sp->bound_text);
		else
			snprintf(err, TI_ERR_LEN, "%s: more than %s to spool to a temporary file: "
				 "refused (the bound is CCSL_SPOOL_MAX)", sp->in->path,
				 sp->bound_text);
		return -1;
	}
	sp->made += n;
	while (n) {
		ssize_t w = write(sp->fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			snprintf(err, TI_ERR_LEN, "%s: writing a temporary file in %s: %s",
				 sp->in->path, sp->dir, strerror(errno));
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* refill - the next bytes of the input: its head first, then its fd; -1 with err */
static int refill(struct spool *sp, char err[TI_ERR_LEN])
{
	ssize_t n;

	sp->ipos = 0;
	if (!sp->head_done) {
		sp->head_done = true;
		memcpy(sp->ibuf, sp->in->head, sp->in->head_len);
		sp->ilen = sp->in->head_len;
		sp->ieof = sp->in->eof;
		return 0;
	}
	do
		n = read(sp->in->fd, sp->ibuf, SPOOL_IN);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		snprintf(err, TI_ERR_LEN, "%s: %s", sp->in->path, strerror(errno));
		return -1;
	}
	sp->ilen = (size_t)n;
	sp->ieof = !n;
	return 0;
}

/* copy_all - the whole input through the decoder into the file; -1 with err, or TI_NOMEM */
static int copy_all(struct spool *sp, char err[TI_ERR_LEN])
{
	bool ended = false;
	char why[256];

	for (;;) {
		size_t used = 0, made = 0;
		int r;

		if (sp->ipos == sp->ilen && !sp->ieof && refill(sp, err))
			return -1;
		if (sp->ipos == sp->ilen && sp->ieof && ended)
			return 0;
		why[0] = '\0';
		r = sp->codec->step(sp->st, sp->ibuf + sp->ipos, sp->ilen - sp->ipos, &used,
				    sp->obuf, SPOOL_OUT, &made, why, sizeof(why));
		sp->ipos += used;
		if (made && put(sp, sp->obuf, made, err))
			return -1;
		if (r == TI_NOMEM)
			return ts_nomem(sp->in->path, err);
		if (r < 0) {
			snprintf(err, TI_ERR_LEN, "%s: corrupt %s data: %s", sp->in->path,
				 sp->codec->name, why);
			return -1;
		}
		ended = r == 1;
		if (ended || used || made)
			continue;
		if (sp->ipos < sp->ilen) {
			snprintf(err, TI_ERR_LEN, "%s: corrupt %s data: the decoder is stuck",
				 sp->in->path, sp->codec->name);
			return -1;
		}
		if (sp->ieof) {
			snprintf(err, TI_ERR_LEN, "%s: truncated %s data: it ends in the middle of "
				 "a stream (%llu bytes decompressed)", sp->in->path,
				 sp->codec->name, (unsigned long long)sp->made);
			return -1;
		}
	}
}

/* reopen - the temporary file as a regular input, its head read; -1 with err */
static int reopen(struct spool *sp, struct ts_input *again, char *file, size_t len,
		  char err[TI_ERR_LEN])
{
	ssize_t n;

	snprintf(file, len, "/proc/self/fd/%d", sp->fd);
	again->file = file;
	again->fd = sp->fd;
	again->regular = true;
	again->size = sp->made;
	again->depth = sp->in->depth + (sp->codec->name ? 1 : 0);
	do
		n = pread(sp->fd, again->head, TS_HEAD, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0 || lseek(sp->fd, n, SEEK_SET) < 0) {
		snprintf(err, TI_ERR_LEN, "%s: reading back a temporary file: %s", sp->in->path,
			 strerror(errno));
		return -1;
	}
	again->head_len = (size_t)n;
	again->eof = sp->made <= TS_HEAD;
	return 0;
}

/* offer - the spooled copy to the picker again; t adopts what it opens; -1 with err, TI_NOMEM */
static int offer(struct ti_trace *t, struct spool *sp, char err[TI_ERR_LEN])
{
	struct ts_input *again = calloc(1, sizeof(*again));
	char file[64], path[TI_ERR_LEN / 2];
	struct ti_trace *inner = NULL;
	int r;

	if (!again)
		return ts_nomem(sp->in->path, err);
	/* offsets in messages are the decompressed data's: say so (once) */
	snprintf(path, sizeof(path), "%s%s", sp->in->path,
		 sp->codec->name && !strstr(sp->in->path, decompressed) ? decompressed : "");
	again->path = path;
	r = reopen(sp, again, file, sizeof(file), err);
	if (!r)
		r = ts_pick(again, &inner, err);
	th_info_release(&again->info);
	free(again);
	if (r)
		return r;
	ts_adopt(t, inner);
	return 0;
}

/* empty - nothing to read: -1 with err */
static int empty(const struct spool *sp, char err[TI_ERR_LEN])
{
	snprintf(err, TI_ERR_LEN, "%s: empty%s", sp->in->path,
		 sp->codec->name ? " once decompressed" : " input");
	return -1;
}

/* tb_open - in through codec into an unlinked temporary file, then to the picker again */
int tb_open(struct ti_trace *t, struct ts_input *in, const struct tb_codec *codec,
	    char err[TI_ERR_LEN])
{
	struct spool sp = { .in = in, .codec = codec, .fd = -1, .bound = spool_bound() };
	char size[32];
	int r = -1;

	sp.dir = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	if (!sp.bound) {
		snprintf(err, TI_ERR_LEN, "%s: CCSL_SPOOL_MAX is not a size (bytes, or a number "
			 "and K, M or G)", in->path);
		return -1;
	}
	size_text(sp.bound_text, sizeof(sp.bound_text), sp.bound);
	sp.fd = temp_file(sp.dir);
	if (sp.fd < 0) {
		if (errno == ENOMEM)
			return ts_nomem(in->path, err);
		snprintf(err, TI_ERR_LEN, "%s: a temporary file in %s: %s", in->path, sp.dir,
			 strerror(errno));
		return -1;
	}
	sp.ibuf = malloc(SPOOL_IN > TS_HEAD ? SPOOL_IN : TS_HEAD);
	sp.obuf = malloc(SPOOL_OUT);
	sp.st = codec->start();
	if (!sp.ibuf || !sp.obuf || !sp.st)
		r = ts_nomem(in->path, err);
	else if (!(r = copy_all(&sp, err)))
		r = sp.made ? offer(t, &sp, err) : empty(&sp, err);
	if (!r && codec->name)
		ts_note(t, "ccsl-check: %s: %s data, %llu bytes once decompressed (to an unlinked "
			   "temporary file in %s; the bound is %s)", in->path, codec->name,
			(unsigned long long)sp.made, sp.dir, sp.bound_text);
	else if (!r)
		ts_note(t, "ccsl-check: %s: not a regular file: %s spooled to an unlinked "
			   "temporary file in %s (the bound is %s)", in->path,
			size_text(size, sizeof(size), sp.made), sp.dir, sp.bound_text);
	if (sp.st)
		codec->end(sp.st);
	close(sp.fd);
	free(sp.ibuf);
	free(sp.obuf);
	return r;
}

/* as_is_start - the bytes as they are: a "stream" ends wherever the input does */
static void *as_is_start(void)
{
	static char state;

	return &state;
}

/* as_is_step - copy what fits */
static int as_is_step(void *st, const uint8_t *in, size_t len, size_t *used, uint8_t *out,
		      size_t room, size_t *made, char *why, size_t whylen)
{
	size_t n = len < room ? len : room;

	memcpy(out, in, n);
	*used = *made = n;
	return n == len;
}

/* as_is_end - nothing to free */
static void as_is_end(void *st)
{
}

static const struct tb_codec as_is = {
	.start = as_is_start,
	.step = as_is_step,
	.end = as_is_end,
};

/* probe - an input that cannot be read twice: a pipe, standard input, a tracefs file */
static enum ts_probe probe(struct ts_input *in, char why[TI_ERR_LEN])
{
	return in->regular ? TS_DECLINE : TS_ACCEPT;
}

/* open_spooled - spool the input as it is, and read the copy */
static int open_spooled(struct ti_trace *t, struct ts_input *in, char err[TI_ERR_LEN])
{
	return tb_open(t, in, &as_is, err);
}

const struct ts_ops tb_filter = {
	.name = "spool",
	.probe = probe,
	.open = open_spooled,
};
