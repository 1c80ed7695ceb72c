// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace_decompress.c - compressed input, recognised by its magic bytes (never by its
 * name) and decompressed with the libraries Debian ships: gzip (zlib), xz (liblzma),
 * zstd (libzstd), bzip2 (libbz2)
 *
 * Traces are attached to bug reports compressed, a trace.dat or its report alike. The
 * filter decompresses the input into an unlinked temporary file (trace_spool.c: the bound
 * on its size, the bomb's one-line refusal) and offers the result to the picker again, so
 * that a compressed trace.dat, report or tracefs text is read as its uncompressed self,
 * with the same checks. Concatenations (gzip members, xz streams and their padding, zstd
 * frames, bzip2 streams, as pigz, pixz, pzstd and pbzip2 write them) are read whole; data
 * after the last stream that is not another stream is corrupt, as a stream cut short is
 * truncated: both are one-line errors naming the format, never a partial trace. The
 * decoders' memory is bounded: xz streams that need more than XZ_MEMLIMIT (xz -9 needs 65
 * MiB) and zstd frames with windows over 128 MiB (zstd --long=31) are refused.
 *
 * Nested compression (a .gz of a .xz) is read to MAX_LAYERS layers.
 *
 * Holds each decoder's state during one copy. Named by the picker only (tz_filter); calls
 * tb_open (trace_spool.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bzlib.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "trace_spool.h"

#define XZ_MEMLIMIT	(256u << 20)	/* bytes the xz decoder may use */
#define MAX_LAYERS	3		/* layers of compression read, one inside the other */

/* ---- gzip (zlib) ---- */

struct gz {
	z_stream z;
	bool ended;		/* a member ended: another may follow */
};

/* gz_start - an inflater for gzip members */
static void *gz_start(void)
{
	struct gz *g = calloc(1, sizeof(*g));

	if (g && inflateInit2(&g->z, 15 + 16) != Z_OK) {
		free(g);
		return NULL;
	}
	return g;
}

/* gz_step - inflate; a new member after the end of one */
static int gz_step(void *st, const uint8_t *in, size_t len, size_t *used, uint8_t *out,
		   size_t room, size_t *made, char *why, size_t whylen)
{
	struct gz *g = st;
	int r;

	if (g->ended) {
		if (!len)
			return 1;
		if (in[0] != 0x1f || (len > 1 && in[1] != 0x8b)) {
			snprintf(why, whylen, "data after the end of the last gzip member");
			return -1;
		}
		inflateReset(&g->z);
		g->ended = false;
	}
	g->z.next_in = (Bytef *)in;
	g->z.avail_in = (uInt)len;
	g->z.next_out = out;
	g->z.avail_out = (uInt)room;
	r = inflate(&g->z, Z_NO_FLUSH);
	*used = len - g->z.avail_in;
	*made = room - g->z.avail_out;
	if (r == Z_STREAM_END)
		return g->ended = true;
	if (r == Z_OK || r == Z_BUF_ERROR)
		return 0;
	if (r == Z_MEM_ERROR)
		return TH_NOMEM;
	snprintf(why, whylen, "%s", g->z.msg ? g->z.msg : zError(r));
	return -1;
}

/* gz_end - free the inflater */
static void gz_end(void *st)
{
	struct gz *g = st;

	inflateEnd(&g->z);
	free(g);
}

/* ---- xz (liblzma) ---- */

struct xz {
	lzma_stream s;
	bool ended;		/* a stream ended: padding or another stream may follow */
};

/* xz_init - a decoder for one .xz stream */
static bool xz_init(struct xz *x)
{
	lzma_end(&x->s);
	x->s = (lzma_stream)LZMA_STREAM_INIT;
	return lzma_stream_decoder(&x->s, XZ_MEMLIMIT, 0) == LZMA_OK;
}

/* xz_start - a decoder for .xz streams */
static void *xz_start(void)
{
	struct xz *x = calloc(1, sizeof(*x));

	if (x) {
		x->s = (lzma_stream)LZMA_STREAM_INIT;
		if (!xz_init(x)) {
			free(x);
			return NULL;
		}
	}
	return x;
}

/* xz_why - what an lzma_code() error means */
static const char *xz_why(lzma_ret r)
{
	switch (r) {
	case LZMA_MEMLIMIT_ERROR:
		return "it needs more than 256 MiB of memory to decompress";
	case LZMA_FORMAT_ERROR:
		return "not an xz stream";
	case LZMA_OPTIONS_ERROR:
		return "unsupported options";
	case LZMA_DATA_ERROR:
		return "data error";
	default:
		return "decoder error";
	}
}

/* xz_step - decode; after a stream, skip its padding and start the next */
static int xz_step(void *st, const uint8_t *in, size_t len, size_t *used, uint8_t *out,
		   size_t room, size_t *made, char *why, size_t whylen)
{
	static const uint8_t magic[6] = { 0xfd, '7', 'z', 'X', 'Z', 0 };
	struct xz *x = st;
	size_t pad = 0;
	lzma_ret r;

	*used = *made = 0;
	if (x->ended) {
		while (pad < len && !in[pad])
			pad++;
		*used = pad;
		if (pad == len)
			return 1;
		if (memcmp(in + pad, magic, len - pad < 6 ? len - pad : 6)) {
			snprintf(why, whylen, "data after the end of the last xz stream");
			return -1;
		}
		if (!xz_init(x))
			return TH_NOMEM;	/* its one failure with these arguments */
		x->ended = false;
	}
	x->s.next_in = in + pad;
	x->s.avail_in = len - pad;
	x->s.next_out = out;
	x->s.avail_out = room;
	r = lzma_code(&x->s, LZMA_RUN);
	*used = len - x->s.avail_in;
	*made = room - x->s.avail_out;
	if (r == LZMA_STREAM_END)
		return x->ended = true;
	if (r == LZMA_OK || r == LZMA_BUF_ERROR)
		return 0;
	if (r == LZMA_MEM_ERROR)
		return TH_NOMEM;
	snprintf(why, whylen, "%s", xz_why(r));
	return -1;
}

/* xz_end - free the decoder */
static void xz_end(void *st)
{
	struct xz *x = st;

	lzma_end(&x->s);
	free(x);
}

/* ---- zstd ---- */

/* zs_start - a streaming decompression context (its window bounded by the default limit) */
static void *zs_start(void)
{
	return ZSTD_createDCtx();
}

/* zs_step - decompress; frames follow one another in one stream */
static int zs_step(void *st, const uint8_t *in, size_t len, size_t *used, uint8_t *out,
		   size_t room, size_t *made, char *why, size_t whylen)
{
	ZSTD_inBuffer i = { in, len, 0 };
	ZSTD_outBuffer o = { out, room, 0 };
	size_t r = ZSTD_decompressStream(st, &o, &i);

	*used = i.pos;
	*made = o.pos;
	if (ZSTD_isError(r) && ZSTD_getErrorCode(r) == ZSTD_error_memory_allocation)
		return TH_NOMEM;
	if (ZSTD_isError(r)) {
		snprintf(why, whylen, "%s", ZSTD_getErrorName(r));
		return -1;
	}
	return r == 0;
}

/* zs_end - free the context */
static void zs_end(void *st)
{
	ZSTD_freeDCtx(st);
}

/* ---- bzip2 ---- */

struct bz {
	bz_stream s;
	bool live;		/* s initialised */
	bool ended;		/* a stream ended: another may follow */
};

/* bz_init - a decompressor for one bzip2 stream */
static bool bz_init(struct bz *b)
{
	if (b->live)
		BZ2_bzDecompressEnd(&b->s);
	memset(&b->s, 0, sizeof(b->s));
	b->live = BZ2_bzDecompressInit(&b->s, 0, 0) == BZ_OK;
	return b->live;
}

/* bz_start - a decompressor for bzip2 streams */
static void *bz_start(void)
{
	struct bz *b = calloc(1, sizeof(*b));

	if (b && !bz_init(b)) {
		free(b);
		return NULL;
	}
	return b;
}

/* bz_why - what a BZ2_bzDecompress() error means */
static const char *bz_why(int r)
{
	switch (r) {
	case BZ_DATA_ERROR:
		return "data integrity error";
	case BZ_DATA_ERROR_MAGIC:
		return "not a bzip2 stream";
	default:
		return "decoder error";
	}
}

/* bz_step - decompress; a new stream after the end of one */
static int bz_step(void *st, const uint8_t *in, size_t len, size_t *used, uint8_t *out,
		   size_t room, size_t *made, char *why, size_t whylen)
{
	struct bz *b = st;
	int r;

	if (b->ended) {
		if (memcmp(in, "BZh", len < 3 ? len : 3)) {
			snprintf(why, whylen, "data after the end of the last bzip2 stream");
			return -1;
		}
		if (!bz_init(b))
			return TH_NOMEM;	/* its one failure with these arguments */
		b->ended = false;
	}
	b->s.next_in = (char *)in;
	b->s.avail_in = (unsigned int)len;
	b->s.next_out = (char *)out;
	b->s.avail_out = (unsigned int)room;
	r = BZ2_bzDecompress(&b->s);
	*used = len - b->s.avail_in;
	*made = room - b->s.avail_out;
	if (r == BZ_STREAM_END)
		return b->ended = true;
	if (r == BZ_OK)
		return 0;
	if (r == BZ_MEM_ERROR)
		return TH_NOMEM;
	snprintf(why, whylen, "%s", bz_why(r));
	return -1;
}

/* bz_end - free the decompressor */
static void bz_end(void *st)
{
	struct bz *b = st;

	if (b->live)
		BZ2_bzDecompressEnd(&b->s);
	free(b);
}

/* ---- the filter ---- */

/* A compression format: its magic and its decoder. */
struct format {
	const char *magic;
	size_t magic_len;
	struct tb_codec codec;
};

static const struct format formats[] = {
	{ "\x1f\x8b", 2, { "gzip", gz_start, gz_step, gz_end } },
	{ "\xfd" "7zXZ\0", 6, { "xz", xz_start, xz_step, xz_end } },
	{ "\x28\xb5\x2f\xfd", 4, { "zstd", zs_start, zs_step, zs_end } },
	{ "BZh", 3, { "bzip2", bz_start, bz_step, bz_end } },
};

/* bzip2_block - after "BZh" and the block size digit: a block's magic or the end's */
static bool bzip2_block(const uint8_t *p, size_t len)
{
	return len >= 10 && p[3] >= '1' && p[3] <= '9' &&
	       (!memcmp(p + 4, "1AY&SY", 6) || !memcmp(p + 4, "\x17\x72\x45\x38\x50\x90", 6));
}

/* find - the format whose magic the input starts with, or NULL */
static const struct format *find(const struct ts_input *in)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		const struct format *f = &formats[i];

		if (in->head_len < f->magic_len || memcmp(in->head, f->magic, f->magic_len))
			continue;
		/* "BZh" alone could start a text */
		if (!strcmp(f->codec.name, "bzip2") && !bzip2_block(in->head, in->head_len))
			continue;
		return f;
	}
	return NULL;
}

/* probe - compressed input, by its first bytes */
static enum ts_probe probe(struct ts_input *in, char why[TI_ERR_LEN])
{
	const struct format *f = find(in);

	if (!f)
		return TS_DECLINE;
	if (in->depth >= MAX_LAYERS) {
		snprintf(why, TI_ERR_LEN, "%s: compressed more than %d times over: refused (%s "
			 "data inside)", in->path, MAX_LAYERS, f->codec.name);
		return TS_ERROR;
	}
	return TS_ACCEPT;
}

/* open_compressed - decompress the input, and read what it holds */
static int open_compressed(struct ti_trace *t, struct ts_input *in, char err[TI_ERR_LEN])
{
	return tb_open(t, in, &find(in)->codec, err);
}

const struct ts_ops tz_filter = {
	.name = "decompress",
	.probe = probe,
	.open = open_compressed,
};
