/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wire.h - typed messages between two processes of this program
 *
 * A message is a type byte, a 32-bit length and a payload of numbers (host
 * order: both ends run this same image) and length-prefixed strings. Used by
 * the isolated trace reader and by the -j workers. Readers never trust a
 * length: a short or oversized message marks the reader bad.
 */
#ifndef CCSL_WIRE_H
#define CCSL_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define WIRE_MAX_MSG (1u << 24)	/* the largest message either side accepts */

/* A message being built. */
struct wire_out {
	uint8_t *buf;
	size_t len, cap;
	bool failed;		/* an allocation failed: sending it fails */
};

/* A message being read. */
struct wire_in {
	const uint8_t *p, *end;
	bool bad;		/* read past the end, or a length too large (or nomem) */
	bool nomem;		/* a copy out of the message failed for want of memory */
};

/* A received message's storage, reused from one message to the next. */
struct wire_buf {
	uint8_t *buf;
	size_t cap, len;
	bool nomem;		/* the last wire_recv failed for want of memory */
};

void wire_put(struct wire_out *o, const void *p, size_t n);
void wire_put_u64(struct wire_out *o, uint64_t v);
void wire_put_str(struct wire_out *o, const char *s, size_t n);
/* wire_put_cstr - a NUL-terminated string, or NULL (read back as NULL) */
void wire_put_cstr(struct wire_out *o, const char *s);
/* wire_send - queue the message on a buffered stream and start a new one; -1 on error */
int wire_send(FILE *to, int type, struct wire_out *o);
void wire_out_free(struct wire_out *o);

/*
 * wire_recv - the next message's type and payload, or 0 at end of stream or on error
 * (b->nomem set when it is memory for the payload that ran out)
 */
int wire_recv(FILE *from, struct wire_buf *b);
/* wire_in_init - read the payload wire_recv just stored */
struct wire_in wire_in_init(const struct wire_buf *b);
const void *wire_get(struct wire_in *in, size_t n);
uint64_t wire_get_u64(struct wire_in *in);
/* wire_get_str - a copy with a NUL; NULL when the message is bad (in->nomem: or memory ran out) */
char *wire_get_str(struct wire_in *in);
/* wire_get_cstr - what wire_put_cstr wrote: NULL stays NULL, *bad set on a short message */
char *wire_get_cstr(struct wire_in *in);

#endif
