// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace_merge.c - the k-way merge of per-CPU record streams by a tournament tree
 *
 * Holds the streams of one trace (each the source's reader of one CPU of one buffer,
 * with its next record) and the tree over them. The source adds its streams, then takes
 * tm_top() and calls tm_next() until no stream is left. A stream whose records are read
 * ends by itself: it is closed as soon as it has nothing more, so the memory of a CPU
 * whose data ended early is given back. A stream whose time goes back is not reordered
 * (its records come in its own order, as it is the only order known): each step back
 * is counted, and the first one's place kept, for the source to report.
 *
 * Called by the sources with CPU streams (trace_pages.c, trace_library.c); calls the
 * streams through the source's tm_stream_ops only.
 */
#include <stdbool.h>
#include <stdlib.h>

#include "trace_merge.h"

#define ENDED UINT32_MAX

/* key_of - the key of a stream's next record */
static struct tm_key key_of(const struct tm_stream *s)
{
	if (!s->src)
		return (struct tm_key){ UINT64_MAX, ENDED };
	return (struct tm_key){ s->cur.ts, (uint32_t)s->buffer << 16 | (uint32_t)s->cpu };
}

/* tm_init - a merge of up to n streams */
int tm_init(struct tm_merge *m, const struct tm_stream_ops *ops, int n)
{
	*m = (struct tm_merge){ .ops = ops, .cap = n };
	m->streams = calloc(n ? (size_t)n : 1, sizeof(*m->streams));
	return m->streams ? 0 : -1;
}

/* tm_end - a stream has no more records: close it */
void tm_end(struct tm_merge *m, struct tm_stream *s)
{
	if (m->ops->close)
		m->ops->close(s->src);
	s->src = NULL;
}

/* tm_add - a stream with its first record, or ended */
int tm_add(struct tm_merge *m, void *src, int buffer, int cpu, char *err, size_t errlen)
{
	struct tm_stream *s;
	int r;

	if (m->nstreams == m->cap) {
		if (m->ops->close)
			m->ops->close(src);
		return -1;
	}
	s = &m->streams[m->nstreams];
	*s = (struct tm_stream){ .src = src, .buffer = buffer, .cpu = cpu };
	r = m->ops->next(src, &s->cur, err, errlen);
	if (r < 0) {
		tm_end(m, s);
		return r;
	}
	m->nstreams++;
	s->index = 1;
	if (!r) {
		tm_end(m, s);
		return 0;
	}
	if (!m->first_pos || s->cur.file_pos < m->first_pos)
		m->first_pos = s->cur.file_pos;
	return 0;
}

/* tm_back - count a stream's step back in time; keep where the first was */
void tm_back(struct tm_merge *m, const struct tm_stream *s, uint64_t prev_ts)
{
	if (!m->backwards++)
		m->first_back = (struct tm_back){ s->buffer, s->cpu, s->index, s->cur.ts, prev_ts };
}

/* tm_start - play every match bottom-up: each node keeps its loser */
int tm_start(struct tm_merge *m)
{
	int *win;

	m->leaves = 1;
	while (m->leaves < m->nstreams)
		m->leaves *= 2;
	m->keys = calloc((size_t)m->leaves, sizeof(*m->keys));
	m->tree = calloc((size_t)m->leaves, sizeof(*m->tree));
	win = calloc(2 * (size_t)m->leaves, sizeof(*win));
	if (!m->keys || !m->tree || !win) {
		free(win);
		return -1;
	}
	for (int i = 0; i < m->leaves; i++) {
		bool live = i < m->nstreams && m->streams[i].src;

		m->keys[i] = live ? key_of(&m->streams[i]) : (struct tm_key){ UINT64_MAX, ENDED };
		m->active += live;
		win[m->leaves + i] = i;
	}
	for (int node = m->leaves - 1; node >= 1; node--) {
		int a = win[2 * node], b = win[2 * node + 1];
		bool b_wins = tm_before(&m->keys[b], &m->keys[a]);

		win[node] = b_wins ? b : a;
		m->tree[node] = b_wins ? a : b;
	}
	m->tree[0] = m->leaves > 1 ? win[1] : 0;
	free(win);
	return 0;
}

/* tm_free - close every stream not ended and free the merge */
void tm_free(struct tm_merge *m)
{
	for (int i = 0; i < m->nstreams; i++)
		if (m->streams[i].src)
			tm_end(m, &m->streams[i]);
	free(m->streams);
	free(m->keys);
	free(m->tree);
	*m = (struct tm_merge){ 0 };
}
