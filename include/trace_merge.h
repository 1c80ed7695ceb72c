/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * trace_merge.h - the k-way merge of per-CPU record streams
 *
 * Internal to the trace stage: for the sources whose records come as one sorted stream
 * per CPU per buffer (the trace.dat page reader and the libtracecmd reader today, live
 * tracefs buffers next), and for the stage's unit tests.
 *
 * The streams are merged by a tournament tree: one comparison per level for each record
 * (a binary heap needs two), so the cost per record grows with log2 of the number of
 * streams and not with it (libtracecmd's own iterator scans every CPU for each record).
 * Order: timestamp, then buffer, then CPU; one stream's records in its own order.
 *
 * This header may use trace_cpu.h (struct tc_record) only.
 */
#ifndef CCSL_TRACE_MERGE_H
#define CCSL_TRACE_MERGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "trace_cpu.h"

/* How the merge reads a stream: the source's own functions. */
struct tm_stream_ops {
	/* next - the stream's next record: 1, 0 at its end, -1 with a reason, or TH_NOMEM */
	int (*next)(void *stream, struct tc_record *rec, char *err, size_t errlen);
	/* close - free the stream (at its end, or when the merge is freed); may be NULL */
	void (*close)(void *stream);
};

/* One stream and its next record. */
struct tm_stream {
	struct tc_record cur;	/* the next record (valid until the stream moves on) */
	void *src;		/* the source's stream; NULL once ended */
	int buffer;
	int cpu;
	uint64_t index;		/* cur is the stream's index-th record (from 1) */
};

/* Where a stream's time went back. */
struct tm_back {
	int buffer, cpu;
	uint64_t index;		/* the record stamped before the one before it (from 1) */
	uint64_t ts, prev_ts;
};

/* The order of a stream's next record. */
struct tm_key {
	uint64_t ts;
	uint32_t tie;		/* buffer << 16 | CPU; UINT32_MAX: the stream has ended */
};

struct tm_merge {
	const struct tm_stream_ops *ops;
	struct tm_stream *streams;
	int nstreams, cap;
	/* tree[0] is the leaf with the next record, tree[1..leaves-1] the loser of each match */
	struct tm_key *keys;	/* per leaf; leaves is a power of 2 */
	int *tree;
	int leaves;
	int active;		/* streams not at their end */
	uint64_t done;		/* how far the streams' file positions moved, together */
	uint64_t first_pos;	/* the smallest file position of a first record (0: none) */
	/*
	 * records stamped before the record before them in their stream: the merge
	 * delivers them as they come (a stream is never reordered) and counts them
	 */
	uint64_t backwards;
	struct tm_back first_back;
};

/* tm_init - a merge of up to n streams read with ops; -1 on no memory */
int tm_init(struct tm_merge *m, const struct tm_stream_ops *ops, int n);

/*
 * tm_add - a stream, with its first record read now (an empty stream is closed and
 * kept as ended). Returns 0, or -1 with err, or TH_NOMEM (the stream is closed).
 */
int tm_add(struct tm_merge *m, void *src, int buffer, int cpu, char *err, size_t errlen);

/* tm_start - play the tournament once all streams are added; -1 on no memory */
int tm_start(struct tm_merge *m);

/* tm_top - the stream holding the next record in order, or NULL when all have ended */
static inline struct tm_stream *tm_top(const struct tm_merge *m)
{
	return m->active ? &m->streams[m->tree[0]] : NULL;
}

/* tm_end - a stream has no more records: close it (tm_next's rare path) */
void tm_end(struct tm_merge *m, struct tm_stream *s);

/* tm_back - a stream's time went back from prev_ts (tm_next's rare path) */
void tm_back(struct tm_merge *m, const struct tm_stream *s, uint64_t prev_ts);

/* tm_before - merge order: timestamp, then buffer, then CPU; ended streams last */
static inline bool tm_before(const struct tm_key *a, const struct tm_key *b)
{
	return a->ts < b->ts || (a->ts == b->ts && a->tie < b->tie);
}

/*
 * tm_next - move the top stream to its next record and play its matches up to the root
 * again; 0, or -1 with err, or TH_NOMEM. How far its file position moved is added to done: each
 * stream's data is contiguous, so the sum is the data read. Inline: it runs once per
 * record, in the sources' loops.
 */
static inline int tm_next(struct tm_merge *m, char *err, size_t errlen)
{
	int leaf = m->tree[0], winner = leaf;
	struct tm_stream *s = &m->streams[leaf];
	uint64_t at = s->cur.file_pos, ts = s->cur.ts;
	int r = m->ops->next(s->src, &s->cur, err, errlen);

	if (r < 0)
		return r;
	if (r) {
		s->index++;
		if (s->cur.ts < ts)
			tm_back(m, s, ts);
		if (s->cur.file_pos > at)
			m->done += s->cur.file_pos - at;
		m->keys[leaf] = (struct tm_key){ s->cur.ts,
						 (uint32_t)s->buffer << 16 | (uint32_t)s->cpu };
	} else {
		tm_end(m, s);
		m->active--;
		m->keys[leaf] = (struct tm_key){ UINT64_MAX, UINT32_MAX };
	}
	for (int node = (leaf + m->leaves) >> 1; node; node >>= 1) {
		int other = m->tree[node];

		if (tm_before(&m->keys[other], &m->keys[winner])) {
			m->tree[node] = winner;
			winner = other;
		}
	}
	m->tree[0] = winner;
	return 0;
}

/* tm_free - close every stream not ended and free the merge */
void tm_free(struct tm_merge *m);

#endif /* CCSL_TRACE_MERGE_H */
