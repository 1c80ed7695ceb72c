// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * baseline.c - the library's own limit: read every record of a trace with
 * libtracecmd, compare its event id with the virtio ids, count
 *
 *   baseline [-m heap|iterate] TRACE
 *
 * heap (default): one tracecmd_read_data() stream per CPU, merged by
 * timestamp with a binary heap (what src/trace_input.c does, minus the
 * decoding and the checking). iterate: tracecmd_iterate_events(), whose
 * merge scans every CPU for each record. Both open the trace as ccsl-check
 * does (tracecmd_open_head + tracecmd_init_data, no plugins) and do the
 * cheapest per-record work a checker cannot avoid: tep_data_type() and a
 * table lookup. Prints "records N virtio M".
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <trace-cmd/trace-cmd.h>
#include <traceevent/event-parse.h>
#include <traceevent/event-utils.h>

/* One CPU's stream of records. */
struct stream {
	struct tep_record *rec;
	int cpu;
};

/* What the reader needs per record. */
struct counter {
	struct tep_handle *tep;
	bool *is_virtio;	/* by event id */
	int max_id;
	unsigned long long records;
	unsigned long long virtio;
};

/* tep_vprint - keep the library's messages off the terminal (weak in the library) */
int tep_vprint(const char *name, enum tep_loglevel level, bool print_err, const char *fmt,
	       va_list ap)
{
	return 0;
}

/* load_virtio_ids - mark the ids of every event of the virtio system */
static int load_virtio_ids(struct counter *c)
{
	int n = tep_get_events_count(c->tep);

	c->max_id = 0;
	for (int i = 0; i < n; i++) {
		struct tep_event *ev = tep_get_event(c->tep, i);

		if (ev && ev->id > c->max_id)
			c->max_id = ev->id;
	}
	c->is_virtio = calloc((size_t)c->max_id + 1, sizeof(*c->is_virtio));
	if (!c->is_virtio)
		return -1;
	for (int i = 0; i < n; i++) {
		struct tep_event *ev = tep_get_event(c->tep, i);

		if (ev && ev->id >= 0 && ev->system && !strcmp(ev->system, "virtio"))
			c->is_virtio[ev->id] = true;
	}
	return 0;
}

/* count - the per-record work: the event id, one table lookup */
static inline void count(struct counter *c, struct tep_record *rec)
{
	int id = tep_data_type(c->tep, rec);

	c->records++;
	if (id >= 0 && id <= c->max_id && c->is_virtio[id])
		c->virtio++;
}

/* before - heap order: timestamp, then CPU */
static inline bool before(const struct stream *a, const struct stream *b)
{
	if (a->rec->ts != b->rec->ts)
		return a->rec->ts < b->rec->ts;
	return a->cpu < b->cpu;
}

/* sift_down - restore the heap below index i */
static void sift_down(struct stream *heap, int n, int i)
{
	for (;;) {
		int l = 2 * i + 1, r = l + 1, m = i;
		struct stream tmp;

		if (l < n && before(&heap[l], &heap[m]))
			m = l;
		if (r < n && before(&heap[r], &heap[m]))
			m = r;
		if (m == i)
			return;
		tmp = heap[i];
		heap[i] = heap[m];
		heap[m] = tmp;
		i = m;
	}
}

/* read_heap - per-CPU tracecmd_read_data() merged by timestamp */
static int read_heap(struct tracecmd_input *h, struct counter *c)
{
	int cpus = tep_get_cpus(c->tep), n = 0;
	struct stream *heap;

	heap = calloc(cpus > 0 ? (size_t)cpus : 1, sizeof(*heap));
	if (!heap)
		return -1;
	for (int cpu = 0; cpu < cpus; cpu++) {
		struct tep_record *rec = tracecmd_read_data(h, cpu);

		if (rec)
			heap[n++] = (struct stream){ rec, cpu };
	}
	for (int i = n / 2 - 1; i >= 0; i--)
		sift_down(heap, n, i);
	while (n) {
		count(c, heap[0].rec);
		tracecmd_free_record(heap[0].rec);
		heap[0].rec = tracecmd_read_data(h, heap[0].cpu);
		if (!heap[0].rec)
			heap[0] = heap[--n];
		sift_down(heap, n, 0);
	}
	free(heap);
	return 0;
}

/* iterate_cb - tracecmd_iterate_events() callback: count, always continue */
static int iterate_cb(struct tracecmd_input *h, struct tep_record *rec, int cpu, void *arg)
{
	count(arg, rec);
	return 0;
}

int main(int argc, char **argv)
{
	struct counter c = { 0 };
	struct tracecmd_input *h;
	bool iterate = false;
	const char *path;
	int ret;

	if (argc == 4 && !strcmp(argv[1], "-m") &&
	    (!strcmp(argv[2], "heap") || !strcmp(argv[2], "iterate"))) {
		iterate = !strcmp(argv[2], "iterate");
		path = argv[3];
	} else if (argc == 2 && argv[1][0] != '-') {
		path = argv[1];
	} else {
		fprintf(stderr, "usage: baseline [-m heap|iterate] TRACE\n");
		return 2;
	}
	h = tracecmd_open_head(path, TRACECMD_FL_LOAD_NO_PLUGINS);
	if (!h) {
		fprintf(stderr, "baseline: %s: cannot read the trace headers\n", path);
		return 2;
	}
	/* tracecmd_close() crashes on a handle whose init failed: leak it. */
	if (tracecmd_init_data(h) < 0) {
		fprintf(stderr, "baseline: %s: cannot read the trace data\n", path);
		return 2;
	}
	c.tep = tracecmd_get_tep(h);
	if (!c.tep || load_virtio_ids(&c)) {
		fprintf(stderr, "baseline: %s: no event formats\n", path);
		return 2;
	}
	if (iterate)
		ret = tracecmd_iterate_events(h, NULL, 0, iterate_cb, &c);
	else
		ret = read_heap(h, &c);
	if (ret < 0) {
		fprintf(stderr, "baseline: %s: read error\n", path);
		return 2;
	}
	printf("records %llu virtio %llu\n", c.records, c.virtio);
	free(c.is_virtio);
	tracecmd_close(h);
	return 0;
}
