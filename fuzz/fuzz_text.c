// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_text.c - libFuzzer target: the trace text reader (trace-cmd report's layouts and
 * tracefs's), the input filters and the refusals of what is not a trace
 *
 * ti_open on the input in a memfd, as the picker gets any file: no trace.dat magic, so
 * compressed input goes to the decompression filter (its copy bounded by CCSL_SPOOL_MAX,
 * set small here, in $TMPDIR), another binary format to its refusal, and the rest to
 * trace_text.c, then to the last refusal if no line is a record. Every event is selected,
 * as the checker selects the events its spec binds, and every delivered value is read byte
 * by byte, then the stats, the losses, the task names and the messages, as the report does.
 * The seeds (fuzz/fuzz.mk) hold every layout of trace text, compressed pieces, and files
 * that are not traces.
 */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "trace_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A sink the compiler cannot drop: the reads before it are what ASan checks. */
static volatile uint64_t sink;
static int memfd = -1;

/* sum_str - every byte of a string value */
static uint64_t sum_str(const char *s, size_t len)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < len; i++)
		sum += (unsigned char)s[i];
	return sum;
}

/* consume - a consumer that reads every delivered value and the record's task name */
static int consume(const struct ti_record *rec, void *arg)
{
	struct ti_trace *t = arg;
	const char *comm = ti_comm(t, rec->pid);
	uint64_t sum = rec->ts + (uint64_t)rec->cpu + (uint64_t)rec->lost_before;

	sum += sum_str(comm, strlen(comm));
	for (int i = 0; i < rec->event->nfields; i++)
		if (rec->values[i].ok)
			sum += rec->values[i].num +
			       (rec->values[i].str ? sum_str(rec->values[i].str, rec->values[i].len) : 0);
	sink += sum;
	return 0;
}

/* select_all - look every event and field up by name, as bind.c does, and want the event */
static void select_all(struct ti_trace *t)
{
	struct ti_event *events;
	int n;

	ti_want_system(t, "virtio");
	events = ti_events(t, &n);
	for (int i = 0; i < n; i++) {
		struct ti_event *ev = ti_find_event(t, "virtio", events[i].name);

		if (!ev)
			continue;
		for (int f = 0; f < ev->nfields; f++)
			sink += (uint64_t)ti_find_field(ev, ev->fields[f].name) + ev->fields[f].type;
		ev->wanted = true;
	}
}

/* after - what the report reads once the records are through */
static void after(struct ti_trace *t)
{
	const struct ti_stats *st = ti_get_stats(t);
	const char *msg = ti_messages(t);
	const char *kernel = ti_kernel(t);

	sink += st->records + st->delivered + st->bad_fields + (uint64_t)st->buffers;
	for (int cpu = 0; cpu < st->cpus; cpu++)
		sink += st->lost[cpu].known + st->lost[cpu].unknown + st->lost[cpu].first_ts +
			st->lost[cpu].last_ts;
	sink += (msg ? strlen(msg) : 0) + (kernel ? strlen(kernel) : 0) + ti_is_text(t);
}

/* LLVMFuzzerTestOneInput - open, select, iterate, close */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char magic[] = "\x17\x08\x44tracing";
	char err[TI_ERR_LEN], path[64];
	struct ti_trace *t;

	/* A trace.dat goes to the binary readers, which fuzz_header and fuzz_trace cover. */
	if (size >= sizeof(magic) - 1 && !memcmp(data, magic, sizeof(magic) - 1))
		return 0;
	/* one memfd for the whole run: a new one per input would cost more than the read */
	if (memfd < 0) {
		memfd = memfd_create("fuzz_text", 0);
		/* a decompression bomb costs its bound on every execution */
		setenv("CCSL_SPOOL_MAX", "4M", 1);
	}
	if (memfd < 0 || ftruncate(memfd, 0) || pwrite(memfd, data, size, 0) != (ssize_t)size)
		return 0;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", memfd);
	t = ti_open(path, err);
	if (!t)
		return 0;
	select_all(t);
	ti_iterate(t, consume, t, err);
	after(t);
	ti_close(t);
	return 0;
}
