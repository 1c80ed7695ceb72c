// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * wire.c - typed messages between two processes of this program
 */
#include <stdlib.h>
#include <string.h>

#include "wire.h"

/* wire_put - append bytes */
void wire_put(struct wire_out *o, const void *p, size_t n)
{
	if (o->len + n > o->cap) {
		size_t cap = (o->len + n) * 2;
		uint8_t *b = realloc(o->buf, cap);

		if (!b) {
			o->failed = true;
			return;
		}
		o->buf = b;
		o->cap = cap;
	}
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

/* wire_put_u64 - a number, host order */
void wire_put_u64(struct wire_out *o, uint64_t v)
{
	wire_put(o, &v, sizeof(v));
}

/* wire_put_str - a length and bytes */
void wire_put_str(struct wire_out *o, const char *s, size_t n)
{
	wire_put_u64(o, n);
	wire_put(o, s, n);
}

/* wire_put_cstr - a presence flag, then the string */
void wire_put_cstr(struct wire_out *o, const char *s)
{
	wire_put_u64(o, s != NULL);
	if (s)
		wire_put_str(o, s, strlen(s));
}

/*
 * wire_send - queue a whole message: type, length, payload. The stream is fully
 * buffered: a write per message would cost a context switch per record.
 */
int wire_send(FILE *to, int type, struct wire_out *o)
{
	uint8_t head[5] = { (uint8_t)type };
	uint32_t len = (uint32_t)o->len;

	memcpy(head + 1, &len, 4);
	if (o->failed || o->len > WIRE_MAX_MSG || fwrite(head, 1, 5, to) != 5 ||
	    fwrite(o->buf, 1, o->len, to) != o->len)
		return -1;
	o->len = 0;
	return 0;
}

/* wire_out_free - the message's buffer */
void wire_out_free(struct wire_out *o)
{
	free(o->buf);
	*o = (struct wire_out){ 0 };
}

/* wire_recv - the next message into b; its type, or 0 at EOF or on error */
int wire_recv(FILE *from, struct wire_buf *b)
{
	uint8_t head[5];
	uint32_t n;

	b->nomem = false;
	if (fread(head, 1, 5, from) != 5)
		return 0;
	memcpy(&n, head + 1, 4);
	if (n > WIRE_MAX_MSG)
		return 0;
	if (n > b->cap) {
		uint8_t *buf = realloc(b->buf, n);

		if (!buf) {
			b->nomem = true;
			return 0;
		}
		b->buf = buf;
		b->cap = n;
	}
	if (fread(b->buf, 1, n, from) != n)
		return 0;
	b->len = n;
	return head[0];
}

/* wire_in_init - a reader over the last received payload */
struct wire_in wire_in_init(const struct wire_buf *b)
{
	return (struct wire_in){ .p = b->buf, .end = b->buf + b->len };
}

/* wire_get - bytes out of a message, or mark it bad */
const void *wire_get(struct wire_in *in, size_t n)
{
	const uint8_t *p = in->p;

	if (in->bad || (size_t)(in->end - in->p) < n) {
		in->bad = true;
		return NULL;
	}
	in->p += n;
	return p;
}

/* wire_get_u64 - a number */
uint64_t wire_get_u64(struct wire_in *in)
{
	const void *p = wire_get(in, sizeof(uint64_t));
	uint64_t v = 0;

	if (p)
		memcpy(&v, p, sizeof(v));
	return v;
}

/* wire_get_str - a string, copied with a NUL; NULL (and the message bad) on any failure */
char *wire_get_str(struct wire_in *in)
{
	uint64_t n = wire_get_u64(in);
	const char *p = n < WIRE_MAX_MSG ? wire_get(in, (size_t)n) : NULL;
	char *s = p ? strndup(p, (size_t)n) : NULL;

	/* out of memory too: a string silently lost would change the report */
	if (!s)
		in->bad = true;
	if (p && !s)
		in->nomem = true;
	return s;
}

/* wire_get_cstr - NULL if none was sent */
char *wire_get_cstr(struct wire_in *in)
{
	if (!wire_get_u64(in))
		return NULL;
	return wire_get_str(in);
}
