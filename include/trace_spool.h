/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * trace_spool.h - input filters: the input's bytes, through a decoder, into an unlinked
 * temporary file that the picker is offered again as a regular file
 *
 * Internal to the trace stage: included by src/trace_spool.c (spooling a pipe or
 * standard input as it is) and src/trace_decompress.c (decompression). Prefix tb_.
 */
#ifndef CCSL_TRACE_SPOOL_H
#define CCSL_TRACE_SPOOL_H

#include <stddef.h>
#include <stdint.h>

#include "trace_source.h"

/* A decoder of the bytes on their way to the temporary file. */
struct tb_codec {
	const char *name;	/* "gzip", ...: for messages; NULL when the bytes stay as they are */
	/* start - the decoder's state; NULL on no memory */
	void *(*start)(void);
	/*
	 * step - decode from in (len bytes) into out (room bytes): *used bytes of in taken,
	 * *made bytes of out given. Returns 1 when a stream ended there (called again with more
	 * input, the decoder reads the next stream of a concatenation), 0 when it wants more,
	 * -1 with why when the data is corrupt, TH_NOMEM when the decoder ran out of memory.
	 */
	int (*step)(void *st, const uint8_t *in, size_t len, size_t *used, uint8_t *out,
		    size_t room, size_t *made, char *why, size_t whylen);
	void (*end)(void *st);
};

/*
 * tb_open - a filter's open: in's bytes (its head, then the rest of its fd) through codec
 * into an unlinked temporary file of at most tb_bound() bytes, offered to the picker again;
 * t adopts the trace opened on it. 0, -1 with err, or TI_NOMEM.
 */
int tb_open(struct ti_trace *t, struct ts_input *in, const struct tb_codec *codec,
	    char err[TI_ERR_LEN]);

#endif /* CCSL_TRACE_SPOOL_H */
