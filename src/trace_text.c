// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace_text.c - read trace text as a trace: `trace-cmd report` output and the kernel's
 * tracefs `trace` and `trace_pipe` files, as pasted into or attached to bug reports
 *
 * The layouts of a line are trace_text_line.c's. The text names no system and no field
 * type, so events get system "" (ti_find_event() matches it with any system) and a field
 * is a string when any of its values is quoted or is not a number.
 *
 * The spec binds clocks to events and fields before any record is read, so the text is
 * read twice: once at open to find the events, their fields and the tasks, once by
 * iterate() to deliver the records. Both passes stream the file through one buffer of
 * TEXT_BUF bytes: memory does not grow with the text's length, only with the names it
 * holds (events, fields: bounded; tasks: bounded). The input is a regular file (the
 * picker spools anything else to one first); the second pass stops where the first did,
 * should the file grow in between.
 *
 * Lines that are not records (headers, blank lines, whatever surrounds a paste) are
 * skipped; lines that start like a record but do not parse are counted as unreadable
 * (stats.bad_fields), which makes the verdict inconclusive rather than silently wrong.
 *
 * Holds the file, its buffer, the names it gave events and fields, and the task names.
 * Named by the picker only (tt_source): late in its table, it takes any input no other
 * source recognised, and declines it (for the picker's last entry to say what it looks
 * like) if no line is a record. Calls the line layouts (trace_text_line.c) and the common
 * part of the trace (trace_source.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trace_source.h"
#include "trace_text.h"

#define TEXT_BUF	(1 << 20)	/* bytes read at a time: more than TT_MAX_LINE */
#define MAX_FIELDS	128		/* fields per event */
#define MAX_EVENTS	4096		/* distinct event names */
#define MAX_TASKS	65536		/* task names kept; beyond, tasks are "<...>" */

static const char not_text[] = "not a trace.dat file and not trace text (trace-cmd report, "
			       "tracefs)";

/* The file, streamed one line at a time. */
struct lines {
	int fd;
	uint64_t pos;		/* offset of the next read */
	uint64_t limit;		/* where to stop: the bytes the first pass read */
	char *buf;
	size_t start, len;	/* the bytes not handed out yet: buf[start, len) */
	bool eof;
	bool skipping;		/* the rest of a line longer than TT_MAX_LINE */
	uint64_t line_no;
};

/* What the values of one field looked like during the scan. */
struct field_votes {
	bool str;		/* quoted or not a number */
	bool num;		/* a complete number */
	bool neg;		/* a negative decimal */
};

struct comm_slot {
	int pid;		/* -1: empty */
	char *comm;
};

struct text {
	struct lines in;
	char **names;			/* every name string handed out: owned */
	int nnames, cap_names;
	struct field_votes **votes;	/* per event, per field: during the scan */
	int cap_events;
	int *ev_hash;			/* event index + 1, 0 empty; ev_hash_size slots */
	int ev_hash_size;
	struct comm_slot *comms;
	int ncomms, comm_size;
	int64_t *pending;		/* per CPU: events lost before its next record */
	uint64_t overwritten;		/* tracefs: events overwritten before the first record */
	uint64_t last_ts;
	uint64_t backwards;		/* record lines stamped before the one before them */
	struct {			/* the first of them */
		uint64_t line, ts, prev_ts;
	} back;
	int header_cpus;		/* "cpus=N" or "#P:N", 0 if none */
	uint64_t malformed;
	uint64_t first_bad_line;
	struct tt_line line;		/* scratch */
};

/* lines_fill - read more of the file after the unread bytes; -1 with errno */
static int lines_fill(struct lines *in)
{
	size_t room;
	ssize_t n;

	memmove(in->buf, in->buf + in->start, in->len - in->start);
	in->len -= in->start;
	in->start = 0;
	room = TEXT_BUF - in->len;
	if (in->limit - in->pos < room)
		room = (size_t)(in->limit - in->pos);
	do
		n = room ? pread(in->fd, in->buf + in->len, room, (off_t)in->pos) : 0;
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	in->eof = !n;
	in->len += (size_t)n;
	in->pos += (uint64_t)n;
	return 0;
}

/*
 * lines_next - the next line (without its newline) in *p..*end: 1, 0 at the end, -1 with
 * errno. A line longer than TT_MAX_LINE is handed out cut (*cut), its rest skipped.
 */
static int lines_next(struct lines *in, const char **p, const char **end, bool *cut)
{
	for (;;) {
		char *s = in->buf + in->start, *nl = memchr(s, '\n', in->len - in->start);
		size_t have = in->len - in->start;

		*cut = false;
		if (nl || (in->eof && have)) {
			*p = s;
			*end = nl ? nl : in->buf + in->len;
			in->start = nl ? (size_t)(nl + 1 - in->buf) : in->len;
			if (in->skipping) {
				in->skipping = false;
				continue;
			}
			in->line_no++;
			return 1;
		}
		if (in->eof)
			return 0;
		if (have > TT_MAX_LINE) {
			in->start = in->len;
			if (!in->skipping) {
				in->skipping = true;
				in->line_no++;
				*p = s;
				*end = s + TT_MAX_LINE;
				*cut = true;
				return 1;
			}
		}
		if (lines_fill(in))
			return -1;
	}
}

/* lines_rewind - back to the first line, for the second pass (which stops where this one did) */
static void lines_rewind(struct lines *in)
{
	in->limit = in->pos;
	in->pos = 0;
	in->start = in->len = 0;
	in->eof = in->skipping = false;
	in->line_no = 0;
}

/* next_line - the next line taken apart: its kind, 0 at the end, or -1 with err */
static int next_line(struct ti_trace *t, enum tt_kind *kind, char err[TI_ERR_LEN])
{
	struct text *s = t->src;
	const char *p, *end;
	bool cut;
	int r = lines_next(&s->in, &p, &end, &cut);

	if (r < 0)
		snprintf(err, TI_ERR_LEN, "%s: %s", t->path, strerror(errno));
	if (r <= 0)
		return r;
	*kind = tt_parse_line(&s->line, p, end);
	/* a record longer than the bound: unreadable */
	if (cut && *kind == TT_RECORD)
		*kind = TT_BAD;
	return 1;
}

/* hash_span - FNV-1a of a name */
static uint32_t hash_span(struct tt_span s)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < s.len; i++)
		h = (h ^ (uint8_t)s.p[i]) * 16777619u;
	return h;
}

/* own_name - a NUL-terminated copy of a name that the state owns */
static char *own_name(struct text *s, struct tt_span name)
{
	char *copy;

	if (s->nnames == s->cap_names) {
		int cap = s->cap_names ? 2 * s->cap_names : 64;
		char **n = realloc(s->names, (size_t)cap * sizeof(*n));

		if (!n)
			return NULL;
		s->names = n;
		s->cap_names = cap;
	}
	copy = malloc(name.len + 1);
	if (!copy)
		return NULL;
	memcpy(copy, name.p, name.len);
	copy[name.len] = '\0';
	s->names[s->nnames++] = copy;
	return copy;
}

/* find_event - an event by name through the hash, or -1 */
static int find_event(const struct ti_trace *t, struct tt_span name)
{
	const struct text *s = t->src;
	uint32_t mask = (uint32_t)s->ev_hash_size - 1;

	for (uint32_t h = hash_span(name) & mask;; h = (h + 1) & mask) {
		int i = s->ev_hash[h] - 1;

		if (i < 0)
			return -1;
		if (tt_span_is(name, t->events[i].name))
			return i;
	}
}

/* add_event - a new event seen during the scan; returns its index or -1 */
static int add_event(struct ti_trace *t, struct tt_span name)
{
	struct text *s = t->src;
	struct ti_event *ev;
	uint32_t mask = (uint32_t)s->ev_hash_size - 1, h;

	if (t->nevents == s->cap_events) {
		int cap = s->cap_events ? 2 * s->cap_events : 16;
		struct ti_event *e = realloc(t->events, (size_t)cap * sizeof(*e));
		struct field_votes **v;

		if (!e)
			return -1;
		t->events = e;
		v = realloc(s->votes, (size_t)cap * sizeof(*v));
		if (!v)
			return -1;
		s->votes = v;
		s->cap_events = cap;
	}
	ev = &t->events[t->nevents];
	memset(ev, 0, sizeof(*ev));
	s->votes[t->nevents] = NULL;
	ev->id = t->nevents;
	ev->system = "";
	ev->name = own_name(s, name);
	if (!ev->name)
		return -1;
	for (h = hash_span(name) & mask; s->ev_hash[h]; h = (h + 1) & mask)
		;
	s->ev_hash[h] = ++t->nevents;
	return t->nevents - 1;
}

/* find_field - a field of an event by name, trying the expected index first */
static int find_field(const struct ti_event *ev, struct tt_span name, int hint)
{
	if (hint < ev->nfields && tt_span_is(name, ev->fields[hint].name))
		return hint;
	for (int i = 0; i < ev->nfields; i++)
		if (tt_span_is(name, ev->fields[i].name))
			return i;
	return -1;
}

/* add_field - a new field of an event seen during the scan; returns its index or -1 */
static int add_field(struct ti_trace *t, int e, struct tt_span name)
{
	struct ti_event *ev = &t->events[e];
	struct text *s = t->src;
	int n = ev->nfields;

	/* Grow in powers of two from 8: n is a capacity exactly when it is one. */
	if (n >= 8 && !(n & (n - 1))) {
		struct ti_field *f = realloc(ev->fields, 2 * (size_t)n * sizeof(*f));
		struct field_votes *v = realloc(s->votes[e], 2 * (size_t)n * sizeof(*v));

		if (f)
			ev->fields = f;
		if (v)
			s->votes[e] = v;
		if (!f || !v)
			return -1;
	} else if (!n) {
		ev->fields = calloc(8, sizeof(*ev->fields));
		s->votes[e] = calloc(8, sizeof(*s->votes[e]));
		if (!ev->fields || !s->votes[e])
			return -1;
	}
	memset(&ev->fields[n], 0, sizeof(ev->fields[n]));
	memset(&s->votes[e][n], 0, sizeof(s->votes[e][n]));
	ev->fields[n].name = own_name(s, name);
	if (!ev->fields[n].name)
		return -1;
	ev->nfields++;
	return n;
}

/* vote - what one value says about its field's type */
static void vote(const struct ti_field *f, struct field_votes *v, const struct tt_pair *pr)
{
	uint64_t num;
	bool neg;
	int r;

	if (pr->quoted) {
		v->str = true;
		return;
	}
	if (tt_is_probe_field(f->name) && tt_parse_hex(pr->value, &num)) {
		v->num = true;
		return;
	}
	r = tt_parse_number(pr->value, &num, &neg);
	if (r > 0) {
		v->num = true;
		v->neg |= neg;
	} else if (!r) {
		v->str = true;
	}
}

/* note_bad - count a malformed record line */
static void note_bad(struct text *s)
{
	if (!s->malformed++)
		s->first_bad_line = s->in.line_no;
}

/* comm - the command name the text gave a pid, or NULL */
static const char *comm(struct ti_trace *t, int pid)
{
	const struct text *s = t->src;

	if (!s || !s->comm_size || pid < 0)
		return NULL;
	for (uint32_t h = (uint32_t)pid * 2654435761u;; h++) {
		const struct comm_slot *slot = &s->comms[h & (uint32_t)(s->comm_size - 1)];

		if (slot->pid < 0)
			return NULL;
		if (slot->pid == pid)
			return slot->comm;
	}
}

/* grow_comms - double the task table (open addressing, half full at most); -1 on no memory */
static int grow_comms(struct text *s)
{
	int size = s->comm_size ? 2 * s->comm_size : 64;
	struct comm_slot *table = malloc((size_t)size * sizeof(*table));

	if (!table)
		return -1;
	for (int i = 0; i < size; i++)
		table[i].pid = -1;
	for (int i = 0; i < s->comm_size; i++) {
		uint32_t h = (uint32_t)s->comms[i].pid * 2654435761u;

		if (s->comms[i].pid < 0)
			continue;
		while (table[h & (uint32_t)(size - 1)].pid >= 0)
			h++;
		table[h & (uint32_t)(size - 1)] = s->comms[i];
	}
	free(s->comms);
	s->comms = table;
	s->comm_size = size;
	return 0;
}

/* add_comm - the task name of a record's pid, the first the text gives it; -1 on no memory */
static int add_comm(struct ti_trace *t, const struct tt_line *l)
{
	struct text *s = t->src;
	struct comm_slot *slot;
	char *name;

	if (comm(t, l->pid) || s->ncomms >= MAX_TASKS)
		return 0;
	if (s->ncomms + 1 > s->comm_size / 2 && grow_comms(s))
		return -1;
	name = malloc(l->comm.len + 1);
	if (!name)
		return -1;
	memcpy(name, l->comm.p, l->comm.len);
	name[l->comm.len] = '\0';
	for (uint32_t h = (uint32_t)l->pid * 2654435761u;; h++) {
		slot = &s->comms[h & (uint32_t)(s->comm_size - 1)];
		if (slot->pid < 0)
			break;
	}
	*slot = (struct comm_slot){ l->pid, name };
	s->ncomms++;
	return 0;
}

/* scan_record - learn the event and fields of a record line; -1 on no memory */
static int scan_record(struct ti_trace *t, const struct tt_line *l, int *max_cpu)
{
	struct text *s = t->src;
	int e = find_event(t, l->event);

	if (l->cpu > *max_cpu)
		*max_cpu = l->cpu;
	if (e < 0) {
		if (t->nevents >= MAX_EVENTS) {
			note_bad(s);
			return 0;
		}
		e = add_event(t, l->event);
		if (e < 0)
			return -1;
	}
	for (int i = 0; i < l->npairs; i++) {
		int f = find_field(&t->events[e], l->pairs[i].name, i);

		if (f < 0 && t->events[e].nfields >= MAX_FIELDS)
			continue;
		if (f < 0 && (f = add_field(t, e, l->pairs[i].name)) < 0)
			return -1;
		vote(&t->events[e].fields[f], &s->votes[e][f], &l->pairs[i]);
	}
	return add_comm(t, l);
}

/* scan_header - what a header line before the first record says */
static void scan_header(struct text *s, const struct tt_line *l)
{
	if (l->cpus)
		s->header_cpus = l->cpus;
	if (l->overwritten)
		s->overwritten = l->overwritten;
}

/*
 * scan - find every event and field and settle the field types: the records seen, -1
 * with err, or TI_NOMEM
 */
static int64_t scan(struct ti_trace *t, char err[TI_ERR_LEN])
{
	struct text *s = t->src;
	int64_t records = 0;
	int max_cpu = -1, r;
	enum tt_kind kind;

	s->ev_hash_size = 2 * MAX_EVENTS;
	s->ev_hash = calloc((size_t)s->ev_hash_size, sizeof(*s->ev_hash));
	if (!s->ev_hash)
		goto nomem;
	while ((r = next_line(t, &kind, err)) > 0) {
		const struct tt_line *l = &s->line;

		switch (kind) {
		case TT_RECORD:
			if (scan_record(t, l, &max_cpu))
				goto nomem;
			records++;
			break;
		case TT_LOST:
			if (l->lost_cpu > max_cpu)
				max_cpu = l->lost_cpu;
			break;
		case TT_BAD:
			note_bad(s);
			break;
		case TT_OTHER:
			if (!records)
				scan_header(s, l);
			break;
		}
	}
	if (r < 0)
		return r;
	t->stats.cpus = max_cpu + 1 > s->header_cpus ? max_cpu + 1 : s->header_cpus;
	return records;
nomem:
	return ts_nomem(t->path, err);
}

/* settle - field types from the votes, the id index, the CPUs: 0, -1 with err, TI_NOMEM */
static int settle(struct ti_trace *t, char err[TI_ERR_LEN])
{
	struct text *s = t->src;
	int r;

	for (int e = 0; e < t->nevents; e++) {
		struct ti_event *ev = &t->events[e];

		for (int i = 0; i < ev->nfields; i++) {
			struct ti_field *f = &ev->fields[i];
			const struct field_votes *v = &s->votes[e][i];

			f->type = v->str || !v->num ? TI_FIELD_STR : TI_FIELD_NUM;
			f->is_signed = f->type == TI_FIELD_NUM && v->neg;
			f->size = f->type == TI_FIELD_NUM ? 8 : 0;
		}
		free(s->votes[e]);
		s->votes[e] = NULL;
	}
	r = ts_index_events(t, err);
	if (!r)
		r = ts_set_cpus(t, t->stats.cpus < 1 ? 1 : t->stats.cpus, err);
	if (r)
		return r;
	s->pending = calloc((size_t)t->stats.cpus, sizeof(*s->pending));
	if (!s->pending)
		return ts_nomem(t->path, err);
	t->stats.buffers = 1;
	return 0;
}

/* probe - late in the table: any input no other source recognised may be trace text */
static enum ts_probe probe(struct ts_input *in, char why[TI_ERR_LEN])
{
	return in->regular ? TS_ACCEPT : TS_DECLINE;
}

/* open_text - read the input as trace text: its events, fields and tasks */
static int open_text(struct ti_trace *t, struct ts_input *in, char err[TI_ERR_LEN])
{
	struct text *s = calloc(1, sizeof(*s));
	int64_t records;
	int r;

	if (!s)
		return ts_nomem(in->path, err);
	t->src = s;
	t->from_text = true;
	s->in = (struct lines){ .fd = dup(in->fd), .limit = UINT64_MAX };
	s->in.buf = s->in.fd >= 0 ? malloc(TEXT_BUF) : NULL;
	if (!s->in.buf && (s->in.fd >= 0 || errno == ENOMEM))
		return ts_nomem(in->path, err);
	if (!s->in.buf) {
		snprintf(err, TI_ERR_LEN, "%s: %s", in->path, strerror(errno));
		return -1;
	}
	records = scan(t, err);
	if (records < 0)
		return (int)records;
	if (!records) {
		/* the picker's last entry says what it looks like */
		snprintf(err, TI_ERR_LEN, "%s: %s", in->path, not_text);
		return 1;
	}
	r = settle(t, err);
	if (r)
		return r;
	lines_rewind(&s->in);
	/* say how many record lines were unreadable (ti_messages) */
	if (s->malformed)
		ts_note(t, "%s: %llu line%s that look like records could not be read "
			   "(the first: line %llu)",
			t->path, (unsigned long long)s->malformed, s->malformed == 1 ? "" : "s",
			(unsigned long long)s->first_bad_line);
	return 0;
}

/*
 * add_lost - a + b for counts of lost events (both >= 0), held at INT64_MAX: a
 * loss line may claim any count up to it, and two such lines overflowed the sum
 */
static int64_t add_lost(int64_t a, int64_t b)
{
	return a > INT64_MAX - b ? INT64_MAX : a + b;
}

/* add_pending - events lost on cpu before its next record: a count, or -1 (unknown) */
static void add_pending(struct text *s, int cpu, int64_t count)
{
	if (count < 0 || s->pending[cpu] < 0)
		s->pending[cpu] = -1;
	else
		s->pending[cpu] = add_lost(s->pending[cpu], count);
}

/* fill_values - the values of a record's fields; returns how many are missing or unreadable */
static unsigned int fill_values(struct ti_trace *t, const struct ti_event *ev,
				const struct tt_line *l)
{
	unsigned int bad = 0;

	memset(t->values, 0, (size_t)ev->nfields * sizeof(*t->values));
	for (int i = 0; i < l->npairs; i++) {
		const struct tt_pair *pr = &l->pairs[i];
		int f = find_field(ev, pr->name, i);
		struct ti_value *v;
		bool neg;

		if (f < 0)
			continue;
		v = &t->values[f];
		if (ev->fields[f].type == TI_FIELD_STR) {
			v->str = pr->value.p;
			v->len = pr->value.len > UINT32_MAX ? UINT32_MAX : (uint32_t)pr->value.len;
			v->ok = true;
		} else if (tt_is_probe_field(ev->fields[f].name)) {
			v->ok = tt_parse_hex(pr->value, &v->num) ||
				tt_parse_number(pr->value, &v->num, &neg) > 0;
		} else {
			v->ok = tt_parse_number(pr->value, &v->num, &neg) > 0;
		}
	}
	for (int i = 0; i < ev->nfields; i++)
		bad += !t->values[i].ok;
	return bad;
}

/* account - a record line's losses, its time, its count (and the progress calls) */
static int64_t account(struct ti_trace *t, const struct tt_line *l)
{
	struct text *s = t->src;
	int64_t lost = 0;

	/* tracefs: the header said events were overwritten before the first record shown */
	if (!t->stats.records && s->overwritten) {
		add_pending(s, l->cpu, s->overwritten > INT64_MAX ? INT64_MAX :
				       (int64_t)s->overwritten);
		ts_note(t, "%s: the header says %llu events were overwritten before the first "
			   "record shown, on CPUs it does not name: counted as lost on CPU %d",
			t->path, (unsigned long long)s->overwritten, l->cpu);
	}
	if (s->pending[l->cpu]) {
		lost = s->pending[l->cpu];
		s->pending[l->cpu] = 0;
		ts_note_lost(t, l->cpu, lost, l->ts);
	}
	/* records come in time order: two texts concatenated or interleaved do not */
	if (t->stats.records && l->ts < s->last_ts && !s->backwards++) {
		s->back.line = s->in.line_no;
		s->back.ts = l->ts;
		s->back.prev_ts = s->last_ts;
	}
	s->last_ts = l->ts;
	if (++t->stats.records % TI_PROGRESS_EVERY == 0 && t->progress)
		t->progress(t->stats.records, s->in.pos, s->in.limit, t->progress_arg);
	return lost;
}

/* deliver - account a record line and hand it to the consumer if its event is wanted */
static int deliver(struct ti_trace *t, const struct tt_line *l, ti_record_fn fn, void *arg)
{
	int64_t lost = account(t, l);
	struct ti_record r;
	struct ti_event *ev;
	int e = find_event(t, l->event);

	if (e < 0) {
		/* An event beyond MAX_EVENTS: unreadable. */
		t->stats.bad_fields++;
		return 0;
	}
	if (!t->events[e].wanted)
		return 0;
	ev = &t->events[e];
	t->stats.bad_fields += fill_values(t, ev, l);
	ev->count++;
	t->stats.delivered++;
	r = (struct ti_record){
		.ts = l->ts,
		.seq = t->stats.records - 1,
		.cpu = l->cpu,
		.pid = l->pid,
		.buffer = 0,
		.event = ev,
		.values = t->values,
		.lost_before = lost,
	};
	return fn(&r, arg);
}

/* iterate - deliver the wanted records in file order (as ti_iterate) */
static int iterate(struct ti_trace *t, ti_record_fn fn, void *arg, char err[TI_ERR_LEN])
{
	struct text *s = t->src;
	enum tt_kind kind;
	char place[32];
	int r;

	while ((r = next_line(t, &kind, err)) > 0) {
		switch (kind) {
		case TT_RECORD:
			/* the file grew since the scan: cpus beyond the scan's are unreadable */
			if (s->line.cpu >= t->stats.cpus) {
				t->stats.bad_fields++;
				break;
			}
			if (deliver(t, &s->line, fn, arg))
				return 1;
			break;
		case TT_LOST:
			/* the count belongs to the CPU's next record, as in the binary */
			if (s->line.lost_cpu < t->stats.cpus)
				add_pending(s, s->line.lost_cpu, s->line.lost_count);
			break;
		case TT_BAD:
			t->stats.bad_fields++;
			break;
		case TT_OTHER:
			break;
		}
	}
	if (r < 0)
		return -1;
	/* A paste cut after a loss line: the loss still happened. */
	for (int cpu = 0; cpu < t->stats.cpus; cpu++) {
		if (s->pending[cpu])
			ts_note_lost(t, cpu, s->pending[cpu], s->last_ts);
		s->pending[cpu] = 0;
	}
	snprintf(place, sizeof(place), "line %llu", (unsigned long long)s->back.line);
	ts_set_backwards(t, s->backwards, place, s->back.ts, s->back.prev_ts);
	return 0;
}

/* close_text - free the text reader's state (ts_close frees the rest) */
static void close_text(struct ti_trace *t)
{
	struct text *s = t->src;

	if (!s)
		return;
	for (int i = 0; i < s->nnames; i++)
		free(s->names[i]);
	for (int i = 0; s->votes && i < t->nevents; i++)
		free(s->votes[i]);
	for (int i = 0; i < s->comm_size; i++)
		if (s->comms[i].pid >= 0)
			free(s->comms[i].comm);
	if (s->in.fd >= 0)
		close(s->in.fd);
	free(s->names);
	free(s->votes);
	free(s->ev_hash);
	free(s->comms);
	free(s->pending);
	free(s->in.buf);
	free(s);
	t->src = NULL;
}

const struct ts_ops tt_source = {
	.name = "text",
	.probe = probe,
	.open = open_text,
	.iterate = iterate,
	.comm = comm,
	.close = close_text,
};
