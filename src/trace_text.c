// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace_text.c - read the text `trace-cmd report` prints (bug-report replays)
 *
 * People paste report text into bug reports more often than they attach the
 * trace.dat, so the text is accepted as a trace. A record line is
 *
 *     COMM-PID [CPU] SECONDS.FRACTION: EVENT: INFO
 *
 * where COMM is right-aligned and may hold blanks, FRACTION has 6 digits (9
 * with `report -t`), and INFO is what the event's print format made of its
 * fields: "(ip)" or "(func <- ret_ip)" for probes, then name=value pairs,
 * strings quoted ("-R" prints them unquoted). The text names no system and
 * no field type, so events get system "" (ti_find_event() matches it with
 * any system) and a field is a string when any of its values is quoted or is
 * not a number.
 *
 * The spec binds clocks to events and fields before any record is read, so
 * the whole input is read into memory and scanned once at open to find the
 * events and their fields; iterate() then parses the lines again and
 * delivers them. Lines that are not records (the "cpus=N" header, blank
 * lines, whatever surrounds a paste) are skipped; lines that start like a
 * record but do not parse are counted as unreadable (stats.bad_fields), which
 * makes the verdict inconclusive rather than silently wrong.
 *
 * Holds the whole input, the names it gave events and fields, and the task names.
 * Named by the picker only (tt_source): the last of its table, it takes any input no
 * other source recognised and refuses it if no line is a record. Calls the common
 * part of the trace (trace_source.c) only.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trace_source.h"

/* Bounds that keep arbitrary input cheap: longer or wider input is counted, not parsed. */
#define TT_MAX_INPUT	(1ULL << 30)	/* bytes read */
#define TT_MAX_LINE	65536		/* a longer line is malformed */
#define TT_MAX_PAIRS	64		/* name=value pairs read per line */
#define TT_MAX_FIELDS	128		/* fields per event */
#define TT_MAX_EVENTS	4096		/* distinct event names */
#define TT_MAX_NAME	255		/* event and field names */
#define TT_PREFIX_SCAN	1024		/* where the "[CPU]" column is looked for */

static const char not_text[] = "not a trace.dat file and not trace-cmd report text";

/* A piece of the input: not NUL-terminated. */
struct span {
	const char *p;
	size_t len;
};

/* One name=value pair of a record line. */
struct pair {
	struct span name;
	struct span value;
	bool quoted;		/* the value was "..." */
};

/* A record line taken apart. */
struct line {
	struct span comm;
	struct span event;
	int pid;
	int cpu;
	uint64_t ts;
	int npairs;
	struct pair pairs[TT_MAX_PAIRS];
};

/* What a line is. */
enum line_kind {
	LINE_OTHER,		/* not a record: skipped */
	LINE_RECORD,
	LINE_LOST,		/* CPU:N [K EVENTS DROPPED] */
	LINE_BAD,		/* starts like a record but does not parse */
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
	char *buf;
	size_t len;
	size_t pos;			/* where iterate goes on */
	uint64_t line_no;
	char **names;			/* every name string handed out: owned */
	int nnames, cap_names;
	struct field_votes **votes;	/* per event, per field: during the scan */
	int cap_events;
	int *ev_hash;			/* event index + 1, 0 empty; ev_hash_size slots */
	int ev_hash_size;
	struct comm_slot *comms;
	int ncomms, comm_size;
	int64_t *pending;		/* per CPU: events lost before its next record */
	uint64_t last_ts;
	uint64_t backwards;		/* record lines stamped before the one before them */
	struct {			/* the first of them */
		uint64_t line, ts, prev_ts;
	} back;
	int header_cpus;		/* the "cpus=N" line, 0 if none */
	uint64_t malformed;
	uint64_t first_bad_line;
	struct line line;		/* scratch */
};

/* is_blank - a space or a tab */
static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* is_digit - an ASCII digit (no locale, no sign extension surprises) */
static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* hex_value - the value of a hex digit, or -1 */
static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* is_ident - a character of a field name */
static bool is_ident(char c)
{
	return c == '_' || is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* span_is - whether a span holds exactly the NUL-terminated s */
static bool span_is(struct span s, const char *str)
{
	return strlen(str) == s.len && !memcmp(s.p, str, s.len);
}

/* parse_hex - digits only (no 0x), up to 16 of them */
static bool parse_hex(struct span s, uint64_t *out)
{
	uint64_t v = 0;

	if (!s.len || s.len > 16)
		return false;
	for (size_t i = 0; i < s.len; i++) {
		int d = hex_value(s.p[i]);

		if (d < 0)
			return false;
		v = v << 4 | (uint64_t)d;
	}
	*out = v;
	return true;
}

/* parse_dec - decimal digits without overflow */
static bool parse_dec(struct span s, uint64_t *out)
{
	uint64_t v = 0;

	if (!s.len)
		return false;
	for (size_t i = 0; i < s.len; i++) {
		if (!is_digit(s.p[i]) || v > (UINT64_MAX - (uint64_t)(s.p[i] - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(s.p[i] - '0');
	}
	*out = v;
	return true;
}

/*
 * parse_number - a value as the kernel prints numbers: decimal, -decimal
 * (two's complement, as the binary reader sign-extends) or 0x hex. Returns 1
 * for a number, 0 for something else, -1 for a bare "-" or "0x", which is a
 * number cut short (a truncated paste) rather than evidence of a string.
 */
static int parse_number(struct span s, uint64_t *out, bool *neg)
{
	uint64_t v;

	*neg = false;
	if (s.len >= 2 && s.p[0] == '0' && (s.p[1] == 'x' || s.p[1] == 'X')) {
		if (s.len == 2)
			return -1;
		return parse_hex((struct span){ s.p + 2, s.len - 2 }, out) ? 1 : 0;
	}
	if (s.len && s.p[0] == '-') {
		if (s.len == 1)
			return -1;
		if (!parse_dec((struct span){ s.p + 1, s.len - 1 }, &v) ||
		    v > (uint64_t)INT64_MAX + 1)
			return 0;
		*out = (uint64_t)0 - v;
		*neg = v != 0;
		return 1;
	}
	if (!s.len)
		return -1;
	return parse_dec(s, out) ? 1 : 0;
}

/* field_start - whether p begins "name=" */
static bool field_start(const char *p, const char *end)
{
	const char *q = p;

	while (q < end && is_ident(*q))
		q++;
	return q > p && q < end && *q == '=';
}

/* next_field - the first "name=" after a blank at or after p, or end */
static const char *next_field(const char *p, const char *end)
{
	for (; p < end; p++)
		if (is_blank(p[-1]) && field_start(p, end))
			return p;
	return end;
}

/* after_blanks - p moved over blanks */
static const char *after_blanks(const char *p, const char *end)
{
	while (p < end && is_blank(*p))
		p++;
	return p;
}

/*
 * quote_end - the quote that closes a value starting at p: the first one
 * followed by the end of the line or by blanks and the next "name=". The
 * kernel does not escape quotes inside strings, so a quote followed by
 * anything else belongs to the value.
 */
static const char *quote_end(const char *p, const char *end)
{
	for (; p < end; p++) {
		const char *q;

		if (*p != '"')
			continue;
		if (p + 1 == end)
			return p;
		if (!is_blank(p[1]))
			continue;
		q = after_blanks(p + 1, end);
		if (q == end || field_start(q, end))
			return p;
	}
	return NULL;
}

/* add_pair - one name=value pair of a line; the first of a name wins, the excess is dropped */
static void add_pair(struct line *l, struct span name, struct span value, bool quoted)
{
	if (l->npairs >= TT_MAX_PAIRS || name.len > TT_MAX_NAME)
		return;
	for (int i = 0; i < l->npairs; i++)
		if (l->pairs[i].name.len == name.len &&
		    !memcmp(l->pairs[i].name.p, name.p, name.len))
			return;
	l->pairs[l->npairs++] = (struct pair){ name, value, quoted };
}

/* probe_prefix - "(ip)" or "(func <- ret_ip)" of a probe event as pairs; returns what follows */
static const char *probe_prefix(struct line *l, const char *p, const char *end)
{
	static const char arrow[] = " <- ";
	const char *a = p + 1, *close;
	uint64_t v;

	if (p >= end || *p != '(' || !(close = memchr(p, ')', (size_t)(end - p))))
		return p;
	for (const char *q = a; q < close; q++) {
		if (*q != ' ')
			continue;
		if ((size_t)(close - q) <= sizeof(arrow) - 1 ||
		    memcmp(q, arrow, sizeof(arrow) - 1) ||
		    !parse_hex((struct span){ a, (size_t)(q - a) }, &v) ||
		    !parse_hex((struct span){ q + 4, (size_t)(close - q - 4) }, &v))
			return p;
		add_pair(l, (struct span){ "__probe_func", 12 },
			 (struct span){ a, (size_t)(q - a) }, false);
		add_pair(l, (struct span){ "__probe_ret_ip", 14 },
			 (struct span){ q + 4, (size_t)(close - q - 4) }, false);
		return close + 1;
	}
	if (!parse_hex((struct span){ a, (size_t)(close - a) }, &v))
		return p;
	add_pair(l, (struct span){ "__probe_ip", 10 }, (struct span){ a, (size_t)(close - a) },
		 false);
	return close + 1;
}

/* parse_info - the name=value pairs of an event's printed text; other text is skipped */
static void parse_info(struct line *l, const char *p, const char *end)
{
	p = probe_prefix(l, after_blanks(p, end), end);
	p = after_blanks(p, end);
	if (p < end && !field_start(p, end))
		p = next_field(p + 1, end);
	while (p < end) {
		struct span name = { p, 0 }, value;
		const char *q, *next;
		bool quoted = false;

		while (is_ident(p[name.len]))
			name.len++;
		q = p + name.len + 1;
		if (q < end && *q == '"' && (next = quote_end(q + 1, end))) {
			value = (struct span){ q + 1, (size_t)(next - q - 1) };
			quoted = true;
			next = after_blanks(next + 1, end);
		} else {
			/* Unquoted: up to the next name=, so "-R" strings may hold blanks. */
			next = q < end ? next_field(q + 1, end) : end;
			value = (struct span){ q, (size_t)(next - q) };
			while (value.len && is_blank(value.p[value.len - 1]))
				value.len--;
			/* An unclosed quote: a string cut short. */
			quoted = value.len && *q == '"';
			if (quoted) {
				value.p++;
				value.len--;
			}
		}
		add_pair(l, name, value, quoted);
		p = next;
	}
}

/* parse_ts - "SECONDS.FRACTION" (any number of fraction digits, ns kept) or nanoseconds */
static const char *parse_ts(const char *p, const char *end, uint64_t *ts)
{
	const char *s = p;
	uint64_t secs, frac = 0;
	int digits = 0;

	while (p < end && is_digit(*p))
		p++;
	if (!parse_dec((struct span){ s, (size_t)(p - s) }, &secs))
		return NULL;
	if (p < end && *p == '.') {
		if (secs > UINT64_MAX / 1000000000ULL - 1)
			return NULL;
		for (p++; p < end && is_digit(*p); p++)
			if (digits < 9) {
				frac = frac * 10 + (uint64_t)(*p - '0');
				digits++;
			}
		if (!digits)
			return NULL;
		for (; digits < 9; digits++)
			frac *= 10;
		secs = secs * 1000000000ULL + frac;
	}
	if (p == end || *p != ':')
		return NULL;
	*ts = secs;
	return p + 1;
}

/*
 * cpu_column - find "COMM-PID [CPU]": the first "[digits]" after a blank and
 * "-digits". COMM may hold blanks and dashes, so the column is found from the
 * bracket backwards. Returns the position after the "]", or NULL.
 */
static const char *cpu_column(struct line *l, const char *p, const char *end)
{
	const char *limit = end - p > TT_PREFIX_SCAN ? p + TT_PREFIX_SCAN : end;

	p = after_blanks(p, end);
	for (const char *b = p; b < limit; b++) {
		const char *d, *e, *q = b + 1;
		uint64_t pid, cpu;

		if (*b != '[' || b == p || !is_blank(b[-1]))
			continue;
		while (q < end && is_digit(*q))
			q++;
		if (q == end || *q != ']' ||
		    !parse_dec((struct span){ b + 1, (size_t)(q - b - 1) }, &cpu))
			continue;
		e = b - 1;
		while (e > p && is_blank(e[-1]))
			e--;
		for (d = e; d > p && is_digit(d[-1]); d--)
			;
		if (d == e || d == p || d[-1] != '-' ||
		    !parse_dec((struct span){ d, (size_t)(e - d) }, &pid))
			continue;
		/* a buffer instance's records start with "NAME:" and padding */
		for (const char *c = p; c + 1 < d - 1; c++)
			if (*c == ':' && is_blank(c[1])) {
				p = after_blanks(c + 1, d - 1);
				break;
			}
		l->comm = (struct span){ p, (size_t)(d - 1 - p) };
		l->cpu = cpu < TH_MAX_CPUS ? (int)cpu : -1;
		l->pid = pid <= INT_MAX ? (int)pid : -1;
		return q + 1;
	}
	return NULL;
}

/* lost_line - "CPU:N [K EVENTS DROPPED]" (K known) or "CPU:N [EVENTS DROPPED]" (-1) */
static bool lost_line(const char *p, const char *end, int *cpu, int64_t *count)
{
	static const char tail[] = "EVENTS DROPPED]";
	const char *s;
	uint64_t v;

	p = after_blanks(p, end);
	if (end - p < 4 || memcmp(p, "CPU:", 4))
		return false;
	for (s = p += 4; p < end && is_digit(*p); p++)
		;
	if (!parse_dec((struct span){ s, (size_t)(p - s) }, &v) || v >= TH_MAX_CPUS ||
	    end - p < 2 || memcmp(p, " [", 2))
		return false;
	*cpu = (int)v;
	*count = -1;
	for (s = p += 2; p < end && is_digit(*p); p++)
		;
	if (p > s) {
		if (!parse_dec((struct span){ s, (size_t)(p - s) }, &v) || p == end || *p != ' ' ||
		    v > INT64_MAX)
			return false;
		*count = v ? (int64_t)v : -1;
		p++;
	}
	return (size_t)(end - p) >= sizeof(tail) - 1 && !memcmp(p, tail, sizeof(tail) - 1);
}

/* parse_line - what a line is; a record is taken apart into l */
static enum line_kind parse_line(struct line *l, const char *p, const char *end, int *lost_cpu,
				 int64_t *lost_count)
{
	const char *q;

	while (end > p && (is_blank(end[-1]) || end[-1] == '\r'))
		end--;
	if (lost_line(p, end, lost_cpu, lost_count))
		return LINE_LOST;
	l->npairs = 0;
	q = cpu_column(l, p, end);
	if (!q)
		return LINE_OTHER;
	if (end - p > TT_MAX_LINE || l->cpu < 0 || l->pid < 0 || q == end || !is_blank(*q))
		return LINE_BAD;
	q = parse_ts(after_blanks(q, end), end, &l->ts);
	if (!q || (q < end && !is_blank(*q)))
		return LINE_BAD;
	q = after_blanks(q, end);
	l->event.p = q;
	while (q < end && *q != ':' && !is_blank(*q) && *q)
		q++;
	l->event.len = (size_t)(q - l->event.p);
	if (!l->event.len || l->event.len > TT_MAX_NAME || q == end || *q != ':' ||
	    (q + 1 < end && !is_blank(q[1])))
		return LINE_BAD;
	parse_info(l, q + 1, end);
	return LINE_RECORD;
}

/* next_line - the line at *pos (without its newline), advancing *pos */
static bool next_line(const struct text *s, size_t *pos, const char **p, const char **end)
{
	const char *nl;

	if (*pos >= s->len)
		return false;
	*p = s->buf + *pos;
	nl = memchr(*p, '\n', s->len - *pos);
	*end = nl ? nl : s->buf + s->len;
	*pos = (size_t)(*end - s->buf) + (nl ? 1 : 0);
	return true;
}

/* hash_span - FNV-1a of a name */
static uint32_t hash_span(struct span s)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < s.len; i++)
		h = (h ^ (uint8_t)s.p[i]) * 16777619u;
	return h;
}

/* own_name - a NUL-terminated copy of a name that the state owns */
static char *own_name(struct text *s, struct span name)
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
static int find_event(const struct ti_trace *t, struct span name)
{
	const struct text *s = t->src;
	uint32_t mask = (uint32_t)s->ev_hash_size - 1;

	for (uint32_t h = hash_span(name) & mask;; h = (h + 1) & mask) {
		int i = s->ev_hash[h] - 1;

		if (i < 0)
			return -1;
		if (span_is(name, t->events[i].name))
			return i;
	}
}

/* add_event - a new event seen during the scan; returns its index or -1 */
static int add_event(struct ti_trace *t, struct span name)
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
static int find_field(const struct ti_event *ev, struct span name, int hint)
{
	if (hint < ev->nfields && span_is(name, ev->fields[hint].name))
		return hint;
	for (int i = 0; i < ev->nfields; i++)
		if (span_is(name, ev->fields[i].name))
			return i;
	return -1;
}

/* add_field - a new field of an event seen during the scan; returns its index or -1 */
static int add_field(struct ti_trace *t, int e, struct span name)
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

/* is_probe_field - "__probe_ip" and friends: printed in hex without 0x */
static bool is_probe_field(const struct ti_field *f)
{
	return !strncmp(f->name, "__probe_", 8);
}

/* vote - what one value says about its field's type */
static void vote(const struct ti_field *f, struct field_votes *v, const struct pair *pr)
{
	uint64_t num;
	bool neg;
	int r;

	if (pr->quoted) {
		v->str = true;
		return;
	}
	if (is_probe_field(f) && parse_hex(pr->value, &num)) {
		v->num = true;
		return;
	}
	r = parse_number(pr->value, &num, &neg);
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
		s->first_bad_line = s->line_no;
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

/* scan_record - learn the event and fields of a record line; -1 on no memory */
static int scan_record(struct ti_trace *t, const struct line *l, int *max_cpu)
{
	struct text *s = t->src;
	int e = find_event(t, l->event);

	if (l->cpu > *max_cpu)
		*max_cpu = l->cpu;
	if (e < 0) {
		if (t->nevents >= TT_MAX_EVENTS) {
			note_bad(s);
			return 0;
		}
		e = add_event(t, l->event);
		if (e < 0)
			return -1;
	}
	for (int i = 0; i < l->npairs; i++) {
		int f = find_field(&t->events[e], l->pairs[i].name, i);

		if (f < 0 && t->events[e].nfields >= TT_MAX_FIELDS)
			continue;
		if (f < 0 && (f = add_field(t, e, l->pairs[i].name)) < 0)
			return -1;
		vote(&t->events[e].fields[f], &s->votes[e][f], &l->pairs[i]);
	}
	if (!comm(t, l->pid)) {
		struct span c = l->comm;
		char *name = malloc(c.len + 1);
		struct comm_slot *slot;

		if (!name)
			return -1;
		memcpy(name, c.p, c.len);
		name[c.len] = '\0';
		if (s->ncomms + 1 > s->comm_size / 2) {
			int size = s->comm_size ? 2 * s->comm_size : 64;
			struct comm_slot *table = malloc((size_t)size * sizeof(*table));

			if (!table) {
				free(name);
				return -1;
			}
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
		}
		for (uint32_t h = (uint32_t)l->pid * 2654435761u;; h++) {
			slot = &s->comms[h & (uint32_t)(s->comm_size - 1)];
			if (slot->pid < 0)
				break;
		}
		*slot = (struct comm_slot){ l->pid, name };
		s->ncomms++;
	}
	return 0;
}

/* header_cpus - the "cpus=N" line report prints first */
static void header_cpus(struct text *s, const char *p, const char *end)
{
	uint64_t n;

	while (end > p && (is_blank(end[-1]) || end[-1] == '\r'))
		end--;
	if (end - p > 5 && !memcmp(p, "cpus=", 5) &&
	    parse_dec((struct span){ p + 5, (size_t)(end - p - 5) }, &n) && n && n <= TH_MAX_CPUS)
		s->header_cpus = (int)n;
}

/* scan - find every event and field and settle the field types; returns the records seen */
static int64_t scan(struct ti_trace *t)
{
	struct text *s = t->src;
	const char *p, *end;
	int64_t records = 0;
	int max_cpu = -1;
	size_t pos = 0;

	s->ev_hash_size = 2 * TT_MAX_EVENTS;
	s->ev_hash = calloc((size_t)s->ev_hash_size, sizeof(*s->ev_hash));
	if (!s->ev_hash)
		return -1;
	for (s->line_no = 1; next_line(s, &pos, &p, &end); s->line_no++) {
		int64_t count;
		int cpu;

		switch (parse_line(&s->line, p, end, &cpu, &count)) {
		case LINE_RECORD:
			if (scan_record(t, &s->line, &max_cpu))
				return -1;
			records++;
			break;
		case LINE_LOST:
			if (cpu > max_cpu)
				max_cpu = cpu;
			break;
		case LINE_BAD:
			note_bad(s);
			break;
		case LINE_OTHER:
			if (!records)
				header_cpus(s, p, end);
			break;
		}
	}
	t->stats.cpus = max_cpu + 1 > s->header_cpus ? max_cpu + 1 : s->header_cpus;
	return records;
}

/* settle - field types from the votes, the id index, the CPUs */
static int settle(struct ti_trace *t, char err[TI_ERR_LEN])
{
	struct text *s = t->src;

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
	if (ts_index_events(t, err) || ts_set_cpus(t, t->stats.cpus < 1 ? 1 : t->stats.cpus, err))
		return -1;
	s->pending = calloc((size_t)t->stats.cpus, sizeof(*s->pending));
	if (!s->pending) {
		snprintf(err, TI_ERR_LEN, "%s: %s", t->path, strerror(ENOMEM));
		return -1;
	}
	t->stats.buffers = 1;
	return 0;
}

/* read_all - the whole input in memory, NUL-terminated: the picker's head, then the rest */
static int read_all(struct text *s, const struct ts_input *in, char err[TI_ERR_LEN])
{
	size_t cap = 65536;

	s->buf = malloc(cap + 1);
	if (!s->buf)
		goto nomem;
	memcpy(s->buf, in->head, in->head_len);
	s->len = in->head_len;
	while (!in->eof) {
		ssize_t n;

		if (s->len == cap) {
			char *b;

			if (cap >= TT_MAX_INPUT) {
				snprintf(err, TI_ERR_LEN, "%s: report text larger than %llu MiB",
					 in->path, TT_MAX_INPUT >> 20);
				goto fail;
			}
			cap *= 2;
			b = realloc(s->buf, cap + 1);
			if (!b)
				goto nomem;
			s->buf = b;
		}
		n = read(in->fd, s->buf + s->len, cap - s->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, TI_ERR_LEN, "%s: %s", in->path, strerror(errno));
			goto fail;
		}
		if (!n)
			break;
		s->len += (size_t)n;
	}
	s->buf[s->len] = '\0';
	return 0;
nomem:
	snprintf(err, TI_ERR_LEN, "%s: %s", in->path, strerror(ENOMEM));
fail:
	return -1;
}

/* probe - the last resort: any input no other source recognised may be report text */
static enum ts_probe probe(struct ts_input *in, char why[TI_ERR_LEN])
{
	return TS_ACCEPT;
}

/* open_text - read the input as trace-cmd report text: its events, fields and tasks */
static int open_text(struct ti_trace *t, struct ts_input *in, char err[TI_ERR_LEN])
{
	struct text *s = calloc(1, sizeof(*s));
	int64_t records;

	if (!s) {
		snprintf(err, TI_ERR_LEN, "%s: %s", in->path, strerror(ENOMEM));
		return -1;
	}
	t->src = s;
	t->from_text = true;
	if (read_all(s, in, err))
		return -1;
	records = scan(t);
	if (records < 0) {
		snprintf(err, TI_ERR_LEN, "%s: %s", in->path, strerror(ENOMEM));
		return -1;
	}
	if (!records) {
		snprintf(err, TI_ERR_LEN, "%s: %s", in->path, not_text);
		return -1;
	}
	if (settle(t, err))
		return -1;
	s->line_no = 0;		/* from here: the lines iterate read */
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

/* fill_values - the values of a record's fields; returns how many are missing or unreadable */
static unsigned int fill_values(struct ti_trace *t, const struct ti_event *ev, const struct line *l)
{
	unsigned int bad = 0;

	memset(t->values, 0, (size_t)ev->nfields * sizeof(*t->values));
	for (int i = 0; i < l->npairs; i++) {
		const struct pair *pr = &l->pairs[i];
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
		} else if (is_probe_field(&ev->fields[f])) {
			v->ok = parse_hex(pr->value, &v->num) ||
				parse_number(pr->value, &v->num, &neg) > 0;
		} else {
			v->ok = parse_number(pr->value, &v->num, &neg) > 0;
		}
	}
	for (int i = 0; i < ev->nfields; i++)
		bad += !t->values[i].ok;
	return bad;
}

/* deliver - account a record line and hand it to the consumer if its event is wanted */
static int deliver(struct ti_trace *t, const struct line *l, ti_record_fn fn, void *arg)
{
	struct text *s = t->src;
	struct ti_record r;
	struct ti_event *ev;
	int64_t lost = 0;
	int e;

	if (s->pending[l->cpu]) {
		lost = s->pending[l->cpu];
		s->pending[l->cpu] = 0;
		ts_note_lost(t, l->cpu, lost, l->ts);
	}
	/* report prints records in time order: two reports concatenated or interleaved */
	if (t->stats.records && l->ts < s->last_ts && !s->backwards++) {
		s->back.line = s->line_no;
		s->back.ts = l->ts;
		s->back.prev_ts = s->last_ts;
	}
	s->last_ts = l->ts;
	e = find_event(t, l->event);
	t->stats.records++;
	if (e < 0) {
		/* An event beyond TT_MAX_EVENTS: unreadable. */
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
	const char *p, *end;
	char place[32];

	while (next_line(s, &s->pos, &p, &end)) {
		int64_t count;
		int cpu;

		s->line_no++;

		switch (parse_line(&s->line, p, end, &cpu, &count)) {
		case LINE_RECORD:
			if (deliver(t, &s->line, fn, arg))
				return 1;
			break;
		case LINE_LOST:
			/* The count belongs to the next record of that CPU, as in the binary. */
			if (count < 0 || s->pending[cpu] < 0)
				s->pending[cpu] = -1;
			else
				s->pending[cpu] = add_lost(s->pending[cpu], count);
			break;
		case LINE_BAD:
			t->stats.bad_fields++;
			break;
		case LINE_OTHER:
			break;
		}
	}
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
	free(s->names);
	free(s->votes);
	free(s->ev_hash);
	free(s->comms);
	free(s->pending);
	free(s->buf);
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
