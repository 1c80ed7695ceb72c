// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace_text_line.c - one line of trace text taken apart: the layouts of `trace-cmd
 * report` and of the kernel's tracefs files
 *
 * Every record line the reader knows is one of
 *
 *     [INSTANCE: ]COMM-PID [(TGID)] [CPU] [FLAGS] TIME: [(+DELTA)] EVENT: INFO
 *     COMM-PID CPUFLAGS TIME: EVENT: INFO
 *
 * trace-cmd report prints the first: COMM right-aligned (it may hold blanks and dashes),
 * TIME with 6 decimals (9 with -t), "(+DELTA)" with --ts-diff (blanks on the first
 * record), an instance's records prefixed with its name. `report -l` prints the second
 * (latency columns: COMM cut to 8 characters, the CPU number followed by the flags, as in
 * "modprobe-923     0d..1.   11.436451:"). The kernel's `trace` and `trace_pipe` files
 * print the first (kernel/trace/trace_output.c, trace_print_context: "%16s-%-7d", before
 * Linux 5.13 "%-5d") with the irq-flags column FLAGS when the irq-info option is on (the
 * default): 4 characters before Linux 5.14 (irqs-off, need-resched, hardirq/softirq,
 * preempt-depth, as "d..1"), 5 since (then migrate-disable, as "d..1." or "DBZff"), and
 * "(TGID)" or "(-------)" with the record-tgid option; with the latency-format option the
 * second, TIME then being microseconds since the buffer's start ("   12us+:",
 * lat_print_timestamp). TIME may also be a plain count (counter clocks): read as ns.
 *
 * INFO, for probe events, starts with the probe's location: trace-cmd prints the format's
 * print fmt, bare hex with the function first, "(ip)" and "(func <- ret_ip)"; the kernel
 * prints "0x" hex (uprobes, kprobes without a symbol) or symbols with offset and module
 * ("(vp_set_status+0x0/0x30 [virtio_pci])"), and a return probe's return address first
 * ("(ret_ip <- func)", print_kretprobe_event and print_uprobe_event). Locations become the
 * fields __probe_ip, __probe_func and __probe_ret_ip (the binary's names), numbers when
 * printed as numbers, the printed symbol otherwise. Then name=value pairs: strings quoted
 * ("-R" prints them unquoted), numbers as the print format made them. A function tracer's
 * "FUNC <-PARENT" is a record of the event "function".
 *
 * A record line holding a control character (a NUL, an escape: neither trace-cmd nor the
 * kernel prints one in a readable trace) cannot be read: it is counted, never guessed at.
 *
 * The other lines: lost events ("CPU:N [K EVENTS DROPPED]" of trace-cmd, "CPU:N [LOST K
 * EVENTS]" of the kernel, with or without the count), headers ("cpus=N" of trace-cmd;
 * tracefs's "#" lines, of which "# entries-in-buffer/entries-written: E/W   #P:N" gives
 * the CPU count and W - E events overwritten before the first record shown), and anything
 * else (skipped). A "#" line never counts as a record gone wrong.
 *
 * Holds no state. Called by trace_text.c (and the unit test and fuzz target of the
 * reader); calls nothing.
 */
#include <limits.h>
#include <string.h>

#include "trace_header.h"
#include "trace_text.h"

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

/* is_alnum - an ASCII letter or digit */
static bool is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* is_ident - a character of a field name */
static bool is_ident(char c)
{
	return c == '_' || is_alnum(c);
}

/* is_control - a byte no readable trace line holds: C0 controls but the tab, and DEL */
static bool is_control(char c)
{
	return ((unsigned char)c < 0x20 && c != '\t') || c == 0x7f;
}

/* has_control - whether p..end holds a control character: eight bytes at a time */
static bool has_control(const char *p, const char *end)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;

	for (; end - p >= 8; p += 8) {
		uint64_t w, del;

		memcpy(&w, p, sizeof(w));
		del = w ^ (0x7f * ones);
		/* a byte below 0x20 or a DEL among them: look closer (a tab is text) */
		if (((w - 0x20 * ones) & ~w & highs) || ((del - ones) & ~del & highs))
			for (int i = 0; i < 8; i++)
				if (is_control(p[i]))
					return true;
	}
	for (; p < end; p++)
		if (is_control(*p))
			return true;
	return false;
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

/* tt_span_is - whether a span holds exactly the NUL-terminated str */
bool tt_span_is(struct tt_span s, const char *str)
{
	return strlen(str) == s.len && !memcmp(s.p, str, s.len);
}

/* tt_is_probe_field - "__probe_ip" and friends: the probe's addresses */
bool tt_is_probe_field(const char *name)
{
	return !strncmp(name, "__probe_", 8);
}

/* tt_parse_hex - digits only (no 0x), up to 16 of them */
bool tt_parse_hex(struct tt_span s, uint64_t *out)
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
static bool parse_dec(struct tt_span s, uint64_t *out)
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

/* tt_parse_number - decimal, -decimal or 0x hex: 1, 0 (not a number), -1 (cut short) */
int tt_parse_number(struct tt_span s, uint64_t *out, bool *neg)
{
	uint64_t v;

	*neg = false;
	if (s.len >= 2 && s.p[0] == '0' && (s.p[1] == 'x' || s.p[1] == 'X')) {
		if (s.len == 2)
			return -1;
		return tt_parse_hex((struct tt_span){ s.p + 2, s.len - 2 }, out) ? 1 : 0;
	}
	if (s.len && s.p[0] == '-') {
		if (s.len == 1)
			return -1;
		if (!parse_dec((struct tt_span){ s.p + 1, s.len - 1 }, &v) ||
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

/* digits_at - p moved over decimal digits */
static const char *digits_at(const char *p, const char *end)
{
	while (p < end && is_digit(*p))
		p++;
	return p;
}

/* after_blanks - p moved over blanks */
static const char *after_blanks(const char *p, const char *end)
{
	while (p < end && is_blank(*p))
		p++;
	return p;
}

/* starts - whether p..end begins with the NUL-terminated s */
static bool starts(const char *p, const char *end, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(end - p) >= n && !memcmp(p, s, n);
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

/*
 * quote_end - the quote that closes a value starting at p: the first one followed by the
 * end of the line or by blanks and the next "name=". Neither trace-cmd nor the kernel
 * escapes quotes inside strings, so a quote followed by anything else belongs to the value.
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
static void add_pair(struct tt_line *l, struct tt_span name, struct tt_span value, bool quoted)
{
	if (l->npairs >= TT_MAX_PAIRS || name.len > TT_MAX_NAME)
		return;
	for (int i = 0; i < l->npairs; i++)
		if (l->pairs[i].name.len == name.len &&
		    !memcmp(l->pairs[i].name.p, name.p, name.len))
			return;
	l->pairs[l->npairs++] = (struct tt_pair){ name, value, quoted };
}

/* add_probe_pair - a probe address under its binary field name */
static void add_probe_pair(struct tt_line *l, const char *name, struct tt_span value)
{
	add_pair(l, (struct tt_span){ name, strlen(name) }, value, false);
}

/* is_symbol_char - a character of a kernel symbol with its offset ("vp_notify+0x0/0x30") */
static bool is_symbol_char(char c)
{
	return is_ident(c) || c == '.' || c == '$' || c == '+' || c == '/';
}

/*
 * probe_location - one address of a probe's "(...)", from p to at most stop: its end, or
 * NULL. *kernel: printed by the kernel ("0x" hex, a symbol) rather than by trace-cmd (bare
 * hex, from the format's "%lx").
 */
static const char *probe_location(const char *p, const char *stop, struct tt_span *v,
				  bool *kernel)
{
	const char *q = p;
	uint64_t x;

	while (q < stop && !is_blank(*q))
		q++;
	*v = (struct tt_span){ p, (size_t)(q - p) };
	*kernel = false;
	if (tt_parse_hex(*v, &x))
		return q;
	*kernel = true;
	if (v->len > 2 && p[0] == '0' && p[1] == 'x' &&
	    tt_parse_hex((struct tt_span){ p + 2, v->len - 2 }, &x))
		return q;
	/* "[unknown/kretprobe'd]", or SYMBOL[+0xOFF/0xSIZE][ [MODULE]][ <ADDRESS>] */
	if (v->len > 2 && p[0] == '[' && p[v->len - 1] == ']')
		return q;
	if (!v->len)
		return NULL;
	for (size_t i = 0; i < v->len; i++)
		if (!is_symbol_char(p[i]))
			return NULL;
	if (stop - q > 2 && q[0] == ' ' && q[1] == '[') {
		const char *m = memchr(q, ']', (size_t)(stop - q));

		if (!m)
			return NULL;
		q = m + 1;
	}
	if (stop - q > 3 && q[0] == ' ' && q[1] == '<' && q[2] != '-') {
		const char *m = memchr(q, '>', (size_t)(stop - q));

		if (!m || !tt_parse_hex((struct tt_span){ q + 2, (size_t)(m - q - 2) }, &x))
			return NULL;
		q = m + 1;
	}
	v->len = (size_t)(q - p);
	return q;
}

/*
 * probe_prefix - a probe event's "(ip)" or "(a <- b)" as pairs; returns what follows, or p
 * if there is none. trace-cmd prints "(func <- ret_ip)", the kernel "(ret_ip <- func)".
 */
static const char *probe_prefix(struct tt_line *l, const char *p, const char *end)
{
	static const char arrow[] = " <- ";
	struct tt_span a, b;
	const char *close, *q;
	bool ka, kb;

	if (p >= end || *p != '(' || !(close = memchr(p, ')', (size_t)(end - p))))
		return p;
	q = probe_location(p + 1, close, &a, &ka);
	if (q == close) {
		add_probe_pair(l, "__probe_ip", a);
		return close + 1;
	}
	if (!q || !starts(q, close, arrow))
		return p;
	q = probe_location(q + sizeof(arrow) - 1, close, &b, &kb);
	if (q != close)
		return p;
	/* the binary's field order either way: the function, then the return address */
	add_probe_pair(l, "__probe_func", ka || kb ? b : a);
	add_probe_pair(l, "__probe_ret_ip", ka || kb ? a : b);
	return close + 1;
}

/* parse_info - the name=value pairs of an event's printed text; other text is skipped */
static void parse_info(struct tt_line *l, const char *p, const char *end)
{
	p = probe_prefix(l, after_blanks(p, end), end);
	p = after_blanks(p, end);
	if (p < end && !field_start(p, end))
		p = next_field(p + 1, end);
	while (p < end) {
		struct tt_span name = { p, 0 }, value;
		const char *q, *next;
		bool quoted = false;

		while (is_ident(p[name.len]))
			name.len++;
		q = p + name.len + 1;
		if (q < end && *q == '"' && (next = quote_end(q + 1, end))) {
			value = (struct tt_span){ q + 1, (size_t)(next - q - 1) };
			quoted = true;
			next = after_blanks(next + 1, end);
		} else {
			/* Unquoted: up to the next name=, so "-R" strings may hold blanks. */
			next = q < end ? next_field(q + 1, end) : end;
			value = (struct tt_span){ q, (size_t)(next - q) };
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

/*
 * parse_time - "SECONDS.FRACTION:" (any number of fraction digits, ns kept), "COUNT:"
 * (read as ns) or the latency format's "Nus" and a mark (" ", "+", "!", ...) then ":"
 * (microseconds). Returns what follows the colon, or NULL.
 */
static const char *parse_time(const char *p, const char *end, uint64_t *ts)
{
	const char *s = p;
	uint64_t secs, frac = 0;
	int digits = 0;

	p = digits_at(p, end);
	if (!parse_dec((struct tt_span){ s, (size_t)(p - s) }, &secs))
		return NULL;
	if (end - p >= 4 && p[0] == 'u' && p[1] == 's' && p[2] && strchr(" +!#*@$", p[2]) &&
	    p[3] == ':') {
		if (secs > UINT64_MAX / 1000)
			return NULL;
		*ts = secs * 1000;
		return p + 4;
	}
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
 * flags_column - the irq-flags at p ("....", "d..1.", "DBZff"): their end, or NULL. The
 * first is irqs-off (d D b X or .), never a digit as a time's first is; then need-resched
 * (N n p, and B b L l since 6.13), hardirq/softirq (Z z H h s), preempt-depth and
 * migrate-disable (hex digits), each "." when clear.
 */
static const char *flags_column(const char *p, const char *end)
{
	const char *q = p;

	if (q >= end || !*q || !strchr(".dDbX", *q))
		return NULL;
	while (q < end && *q && strchr(".dDbXNnpBbLlZzHhs0123456789abcdef", *q))
		q++;
	if (q - p < 3 || q - p > 8 || q == end || !is_blank(*q))
		return NULL;
	return q;
}

/* tgid_before - the start of "(TGID)" or "(-------)" ending at e (record-tgid), or e */
static const char *tgid_before(const char *p, const char *e)
{
	const char *o = e - 1;

	if (e - p < 3 || e[-1] != ')')
		return e;
	while (o > p && e - o <= 16 && o[-1] != '(') {
		o--;
		if (!is_digit(*o) && !is_blank(*o) && *o != '-')
			return e;
	}
	return o > p && o[-1] == '(' ? o - 1 : e;
}

/* pid_before - "-PID" ending at e (blanks before e skipped): the dash, or NULL */
static const char *pid_before(struct tt_line *l, const char *p, const char *e)
{
	const char *d;
	uint64_t pid;

	while (e > p && is_blank(e[-1]))
		e--;
	for (d = e; d > p && is_digit(d[-1]); d--)
		;
	if (d == e || d - 1 <= p || d[-1] != '-' ||
	    !parse_dec((struct tt_span){ d, (size_t)(e - d) }, &pid))
		return NULL;
	l->pid = pid <= INT_MAX ? (int)pid : -1;
	return d - 1;
}

/* set_comm - COMM from p (its padding skipped) to the dash before the pid */
static void set_comm(struct tt_line *l, const char *p, const char *dash)
{
	/* a buffer instance's records start with "NAME:" and padding */
	for (const char *c = p; c + 1 < dash; c++)
		if (*c == ':' && is_blank(c[1])) {
			p = after_blanks(c + 1, dash);
			break;
		}
	l->comm = (struct tt_span){ p, (size_t)(dash - p) };
}

/* set_cpu - the CPU column's number; one the trace cannot have is kept as -1 */
static bool set_cpu(struct tt_line *l, const char *p, const char *q)
{
	uint64_t cpu;

	if (!parse_dec((struct tt_span){ p, (size_t)(q - p) }, &cpu))
		return false;
	l->cpu = cpu < TH_MAX_CPUS ? (int)cpu : -1;
	return true;
}

/*
 * bracket_context - "COMM-PID [(TGID)] [CPU] [FLAGS] " from p (blanks skipped): the first
 * "[digits]" after a blank with "-digits" before it. COMM may hold blanks and dashes, so the
 * column is found from the bracket backwards. Returns where the time starts (or where it
 * should), or NULL.
 */
static const char *bracket_context(struct tt_line *l, const char *p, const char *end)
{
	const char *limit = end - p > TT_PREFIX_SCAN ? p + TT_PREFIX_SCAN : end;

	for (const char *b = p; b < limit; b++) {
		const char *q, *dash, *f;

		if (*b != '[' || b == p || !is_blank(b[-1]))
			continue;
		q = digits_at(b + 1, end);
		if (q == end || *q != ']' || !set_cpu(l, b + 1, q))
			continue;
		dash = pid_before(l, p, tgid_before(p, b - 1));
		if (!dash)
			continue;
		set_comm(l, p, dash);
		/* a time or flags glued to the bracket: the line cannot be read */
		if (++q < end && !is_blank(*q))
			return end;
		q = after_blanks(q, end);
		f = flags_column(q, end);
		return f ? after_blanks(f, end) : q;
	}
	return NULL;
}

/*
 * latency_context - "COMM-PID CPUFLAGS " from p (blanks skipped): the first number after a
 * blank followed at once by the flags, with "-digits" before it. Returns where the time
 * starts, or NULL.
 */
static const char *latency_context(struct tt_line *l, const char *p, const char *end)
{
	const char *limit = end - p > TT_PREFIX_SCAN ? p + TT_PREFIX_SCAN : end;

	for (const char *b = p + 1; b < limit; b++) {
		const char *q, *f, *dash;

		if (!is_digit(*b) || !is_blank(b[-1]))
			continue;
		q = digits_at(b, end);
		f = flags_column(q, end);
		if (!f || !set_cpu(l, b, q) || !(dash = pid_before(l, p, b)))
			continue;
		set_comm(l, p, dash);
		return after_blanks(f, end);
	}
	return NULL;
}

/* lost_count - "K " or nothing before a loss line's words: the count, -1, or -2 (bad) */
static int64_t lost_count(const char **pp, const char *end)
{
	const char *s = *pp, *p = digits_at(s, end);
	uint64_t v;

	if (p == s)
		return -1;
	if (!parse_dec((struct tt_span){ s, (size_t)(p - s) }, &v) || p == end || *p != ' ' ||
	    v > INT64_MAX)
		return -2;
	*pp = p + 1;
	return v ? (int64_t)v : -1;
}

/*
 * lost_line - "CPU:N [K EVENTS DROPPED]" (trace-cmd) or "CPU:N [LOST K EVENTS]" (the
 * kernel) from p (blanks skipped), K known, or either without K (-1)
 */
static bool lost_line(struct tt_line *l, const char *p, const char *end)
{
	const char *s;
	uint64_t v;

	if (!starts(p, end, "CPU:"))
		return false;
	p = digits_at(s = p + 4, end);
	if (!parse_dec((struct tt_span){ s, (size_t)(p - s) }, &v) || v >= TH_MAX_CPUS ||
	    !starts(p, end, " ["))
		return false;
	l->lost_cpu = (int)v;
	p += 2;
	if (starts(p, end, "LOST ")) {
		p += 5;
		l->lost_count = lost_count(&p, end);
		return l->lost_count != -2 && starts(p, end, "EVENTS]");
	}
	l->lost_count = lost_count(&p, end);
	return l->lost_count != -2 && starts(p, end, "EVENTS DROPPED]");
}

/* number_at - decimal digits at *pp, within bounds: moves *pp past them */
static bool number_at(const char **pp, const char *end, uint64_t max, uint64_t *v)
{
	const char *s = *pp;

	*pp = digits_at(s, end);
	return parse_dec((struct tt_span){ s, (size_t)(*pp - s) }, v) && *v <= max;
}

/*
 * header - what a line that is not a record says: "cpus=N" (trace-cmd), or tracefs's
 * "# entries-in-buffer/entries-written: E/W   #P:N"
 */
static void header(struct tt_line *l, const char *p, const char *end)
{
	static const char entries[] = "# entries-in-buffer/entries-written: ";
	uint64_t n, in_buffer, written;

	if (starts(p, end, "cpus=")) {
		p += 5;
		if (number_at(&p, end, TH_MAX_CPUS, &n) && p == end)
			l->cpus = (int)n;
		return;
	}
	if (!starts(p, end, entries))
		return;
	p += sizeof(entries) - 1;
	if (!number_at(&p, end, UINT64_MAX, &in_buffer) || p == end || *p++ != '/' ||
	    !number_at(&p, end, UINT64_MAX, &written))
		return;
	p = after_blanks(p, end);
	if (!starts(p, end, "#P:"))
		return;
	p += 3;
	if (!number_at(&p, end, TH_MAX_CPUS, &n) || p != end)
		return;
	l->cpus = (int)n;
	l->overwritten = written > in_buffer ? written - in_buffer : 0;
}

/* symbol_end - p moved over a symbol with its offset */
static const char *symbol_end(const char *p, const char *end)
{
	while (p < end && is_symbol_char(*p))
		p++;
	return p;
}

/*
 * function_line - a function tracer's "FUNC <-PARENT" (the print-parent option, on by
 * default) as a record of the event "function". Without its parent the line cannot be
 * told from an event name cut short.
 */
static bool function_line(struct tt_line *l, const char *f, const char *end)
{
	static const char name[] = "function";
	const char *q = symbol_end(f, end), *a = q + 3, *b;

	if (q == f || !starts(q, end, " <-") || (b = symbol_end(a, end)) == a || b != end)
		return false;
	l->event = (struct tt_span){ name, sizeof(name) - 1 };
	add_pair(l, (struct tt_span){ "ip", 2 }, (struct tt_span){ f, (size_t)(q - f) }, true);
	add_pair(l, (struct tt_span){ "parent_ip", 9 }, (struct tt_span){ a, (size_t)(b - a) },
		 true);
	return true;
}

/* record - the rest of a record line from its time; false if it cannot be read */
static bool record(struct tt_line *l, const char *q, const char *end)
{
	if (l->cpu < 0 || l->pid < 0 || !(q = parse_time(q, end, &l->ts)) ||
	    (q < end && !is_blank(*q)))
		return false;
	q = after_blanks(q, end);
	/* --ts-diff: "(+DELTA)" after the time */
	if (end - q > 2 && q[0] == '(' && (q[1] == '+' || q[1] == '-')) {
		const char *d = digits_at(q + 2, end);

		if (d == q + 2 || d == end || *d != ')')
			return false;
		q = after_blanks(d + 1, end);
	}
	l->event.p = q;
	while (q < end && *q != ':' && !is_blank(*q))
		q++;
	l->event.len = (size_t)(q - l->event.p);
	if (q == end || *q != ':')
		return function_line(l, l->event.p, end);
	if (!l->event.len || l->event.len > TT_MAX_NAME || (q + 1 < end && !is_blank(q[1])))
		return false;
	parse_info(l, q + 1, end);
	return true;
}

/* tt_parse_line - what the line p..end is; a record is taken apart into l */
enum tt_kind tt_parse_line(struct tt_line *l, const char *p, const char *end)
{
	const char *q, *q0;
	bool comment;

	while (end > p && (is_blank(end[-1]) || end[-1] == '\r'))
		end--;
	l->npairs = 0;
	l->cpus = 0;
	l->overwritten = 0;
	q0 = after_blanks(p, end);
	if (q0 < end && *q0 == 'C' && lost_line(l, q0, end))
		return TT_LOST;
	q = bracket_context(l, q0, end);
	if (!q)
		q = latency_context(l, q0, end);
	if (!q) {
		header(l, p, end);
		return TT_OTHER;
	}
	/* a header that happens to look like a record's start is still a header */
	comment = *q0 == '#';
	if (end - p > TT_MAX_LINE || !record(l, q, end))
		return comment ? TT_OTHER : TT_BAD;
	return has_control(p, end) ? TT_BAD : TT_RECORD;
}
