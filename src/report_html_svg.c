// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * report_html_svg.c - an instance's timeline as an inline SVG, for the HTML report
 *
 * The x axis is the instance's records in order, one column each (not to scale: a
 * driver's records come in bursts milliseconds apart), or several records a column
 * when there are more than MAX_COLS. Lanes, top to bottom: per register its value
 * (a bus) and each named bit that is ever set (a band while set); per event a tick
 * per column with records of it; per forbid/allow rule its window (a band while
 * open, hatched while not known); per violated rule a mark per column, linked to
 * the finding that explains it; a rule checked per value of a field (a queue) has
 * those lanes per value. A thin red line marks each column with a violation
 * across the lanes. Tooltips (<title>) give times and values; no script.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "report_html.h"

#define MAX_COLS 480		/* more records share columns */
#define LABEL_W 190		/* the lane names */
#define PLOT_W 960		/* the widest plot */
#define MAX_COL_W 32.0		/* the widest column */
#define LANE_H 18
#define HEAD_H 20		/* a group's heading */
#define AXIS_H 34
#define NO_SAMPLE (-1)

/* What a lane shows. */
enum lane_kind {
	LANE_HEAD,		/* a group's heading */
	LANE_BUS,		/* a register's value */
	LANE_BIT,		/* a bit (mask) of a register: set or not */
	LANE_OTHER_BITS,	/* bits of a register that no name covers */
	LANE_EVENT,
	LANE_WINDOW,
	LANE_VIOLATION,
};

struct lane {
	enum lane_kind kind;
	int index;		/* register, event or rule key (struct rkey) */
	uint64_t mask;		/* BIT: the bit's mask; OTHER_BITS: the bits named */
	const char *name;	/* HEAD: the heading; BIT: the bit's name */
};

/* A rule's windows and violations, or for a per rule those of one value of its field. */
struct rkey {
	int rule;
	const char *sub;	/* the value (the samples'), or NULL */
	int first;		/* the sample it was first seen in */
};

/* An instance's samples by column: what each signal is at the end of each column. */
struct tl {
	FILE *out;
	const struct fnd_report *r;
	const struct fnd_trace *t;
	const struct fnd_instance *in;
	const struct html_where *at;
	int nrec, ncols;
	double colw;
	uint64_t *col_ts;	/* the first record of each column */
	uint64_t *col_last;	/* its last */
	int *col_nrec;
	int *reg;		/* [register][column]: the sample of its value, or NO_SAMPLE */
	int *ev;		/* [event][column]: records */
	struct rkey *keys;	/* the rules (and values) of window and violation samples */
	int nkeys;
	int *key_at;		/* per rule + 1: its first key (keys are sorted by rule) */
	int *win;		/* [key][column]: enum fnd_window */
	int *viol;		/* [key][column]: its first violation's sample, or NO_SAMPLE */
	struct lane *lanes;
	int nlanes;
	int height;
};

/* cell - element [row][col] of one of the per-column tables */
static int *cell(const struct tl *tl, int *table, int row, int col)
{
	return &table[(size_t)row * (size_t)tl->ncols + (size_t)col];
}

/* col_of - the column of the k-th record */
static int col_of(const struct tl *tl, int k)
{
	return (int)((uint64_t)k * (uint64_t)tl->ncols / (uint64_t)tl->nrec);
}

/* x_of - the left edge of column c */
static double x_of(const struct tl *tl, int c)
{
	return LABEL_W + c * tl->colw;
}

/* tl_free - free the tables */
static void tl_free(struct tl *tl)
{
	free(tl->col_ts);
	free(tl->col_last);
	free(tl->col_nrec);
	free(tl->reg);
	free(tl->ev);
	free(tl->win);
	free(tl->viol);
	free(tl->keys);
	free(tl->key_at);
	free(tl->lanes);
}

/* table - rows x columns ints, each v; NULL when out of memory */
static int *table(const struct tl *tl, int rows, int v)
{
	size_t n = ((size_t)rows + 1) * (size_t)tl->ncols;
	int *a = malloc(n * sizeof(int));

	for (size_t i = 0; a && i < n; i++)
		a[i] = v;
	return a;
}

/* same_sub - whether two values of a per field (or two NULLs) are the same */
static bool same_sub(const char *a, const char *b)
{
	return a && b ? !strcmp(a, b) : a == b;
}

/* key_of - the key of a rule and value, or -1 */
static int key_of(const struct tl *tl, int rule, const char *sub)
{
	for (int k = tl->key_at[rule]; k < tl->key_at[rule + 1]; k++)
		if (same_sub(tl->keys[k].sub, sub))
			return k;
	return -1;
}

/* cmp_key - by rule, then by first sight */
static int cmp_key(const void *pa, const void *pb)
{
	const struct rkey *a = pa, *b = pb;

	if (a->rule != b->rule)
		return a->rule < b->rule ? -1 : 1;
	return a->first < b->first ? -1 : a->first > b->first;
}

/* collect_keys - the rules and values the window and violation samples are about */
static int collect_keys(struct tl *tl)
{
	const struct fnd_instance *in = tl->in;
	int nrules = tl->r->nrules;

	tl->key_at = calloc((size_t)nrules + 2, sizeof(int));
	if (!tl->key_at)
		return -1;
	for (int i = 0; i < in->nsamples; i++) {
		const struct fnd_sample *s = &in->samples[i];
		struct rkey *keys;
		bool seen = false;

		if (s->kind != FND_SAMPLE_WINDOW && s->kind != FND_SAMPLE_VIOLATION)
			continue;
		for (int k = 0; k < tl->nkeys && !seen; k++)
			seen = tl->keys[k].rule == s->index && same_sub(tl->keys[k].sub, s->sub);
		if (seen)
			continue;
		keys = realloc(tl->keys, ((size_t)tl->nkeys + 1) * sizeof(*keys));
		if (!keys)
			return -1;
		tl->keys = keys;
		keys[tl->nkeys++] = (struct rkey){ s->index, s->sub, i };
	}
	if (tl->nkeys)
		qsort(tl->keys, (size_t)tl->nkeys, sizeof(*tl->keys), cmp_key);
	/* key_at[r]: the first key of rule r or after it */
	for (int r = 0, k = 0; r <= nrules; r++) {
		while (k < tl->nkeys && tl->keys[k].rule < r)
			k++;
		tl->key_at[r] = k;
	}
	tl->key_at[nrules + 1] = tl->nkeys;
	return 0;
}

/* tl_alloc - the tables for nrec records; -1 when out of memory */
static int tl_alloc(struct tl *tl)
{
	tl->ncols = tl->nrec < MAX_COLS ? tl->nrec : MAX_COLS;
	tl->colw = (double)PLOT_W / tl->ncols;
	if (tl->colw > MAX_COL_W)
		tl->colw = MAX_COL_W;
	tl->col_ts = calloc((size_t)tl->ncols, sizeof(uint64_t));
	tl->col_last = calloc((size_t)tl->ncols, sizeof(uint64_t));
	tl->col_nrec = calloc((size_t)tl->ncols, sizeof(int));
	tl->reg = table(tl, tl->r->nregisters, NO_SAMPLE);
	tl->ev = table(tl, tl->t->nevents, 0);
	tl->win = table(tl, tl->nkeys, -1);
	tl->viol = table(tl, tl->nkeys, NO_SAMPLE);
	return tl->col_ts && tl->col_last && tl->col_nrec && tl->reg && tl->ev && tl->win &&
			       tl->viol ? 0 : -1;
}

/*
 * fill_columns - the samples into the tables. A register, window or violation sample
 * belongs to the record before it (its step's); values then hold until the next change.
 */
static void fill_columns(struct tl *tl)
{
	const struct fnd_instance *in = tl->in;
	int k = -1, c = 0;

	for (int i = 0; i < in->nsamples; i++) {
		const struct fnd_sample *s = &in->samples[i];

		if (s->kind == FND_SAMPLE_EVENT) {
			c = col_of(tl, ++k);
			if (!tl->col_nrec[c]++)
				tl->col_ts[c] = s->ts;
			tl->col_last[c] = s->ts;
			(*cell(tl, tl->ev, s->index, c))++;
		} else if (s->kind == FND_SAMPLE_REGISTER) {
			*cell(tl, tl->reg, s->index, c) = i;
		} else if (s->kind == FND_SAMPLE_WINDOW) {
			*cell(tl, tl->win, key_of(tl, s->index, s->sub), c) = (int)s->value;
		} else {
			int *first = cell(tl, tl->viol, key_of(tl, s->index, s->sub), c);

			if (*first == NO_SAMPLE)
				*first = i;
		}
	}
	/* values hold from their column on; a window has none before its first sample */
	for (int c2 = 1; c2 < tl->ncols; c2++) {
		for (int r = 0; r < tl->r->nregisters; r++)
			if (*cell(tl, tl->reg, r, c2) == NO_SAMPLE)
				*cell(tl, tl->reg, r, c2) = *cell(tl, tl->reg, r, c2 - 1);
		for (int key = 0; key < tl->nkeys; key++)
			if (*cell(tl, tl->win, key, c2) < 0)
				*cell(tl, tl->win, key, c2) = *cell(tl, tl->win, key, c2 - 1);
	}
}

/* reg_value - register r's value at column c; false if not known there */
static bool reg_value(const struct tl *tl, int r, int c, uint64_t *v)
{
	int s = *cell(tl, tl->reg, r, c);

	if (s == NO_SAMPLE)
		return false;
	*v = tl->in->samples[s].value;
	return true;
}

/* add_lane - one more lane (room for every lane is made beforehand) */
static void add_lane(struct tl *tl, enum lane_kind kind, int index, uint64_t mask,
		     const char *name)
{
	tl->lanes[tl->nlanes++] = (struct lane){ kind, index, mask, name };
	tl->height += kind == LANE_HEAD ? HEAD_H : LANE_H;
}

/* register_lanes - a register's value, each named bit ever set, and bits no name covers */
static void register_lanes(struct tl *tl, int r)
{
	const struct fnd_register *reg = &tl->r->registers[r];
	uint64_t seen = 0, named = 0, v;
	bool known = false;

	for (int c = 0; c < tl->ncols; c++)
		if (reg_value(tl, r, c, &v)) {
			seen |= v;
			known = true;
		}
	if (!known)
		return;
	add_lane(tl, LANE_HEAD, r, 0, reg->name);
	add_lane(tl, LANE_BUS, r, 0, reg->name);
	for (int b = 0; b < reg->nbits; b++) {
		named |= reg->bits[b].value;
		if (reg->bits[b].value && (seen & reg->bits[b].value) == reg->bits[b].value)
			add_lane(tl, LANE_BIT, r, reg->bits[b].value, reg->bits[b].name);
	}
	if (reg->nbits && (seen & ~named))
		add_lane(tl, LANE_OTHER_BITS, r, named, "other bits");
}

/* any_in_row - whether a row of a table has a value other than none in some column */
static bool any_in_row(const struct tl *tl, int *tab, int row, int none)
{
	for (int c = 0; c < tl->ncols; c++)
		if (*cell(tl, tab, row, c) != none)
			return true;
	return false;
}

/* plan_lanes - every lane, and the height they take; -1 when out of memory */
static int plan_lanes(struct tl *tl)
{
	const struct fnd_report *r = tl->r;
	int max = 4 + r->nregisters * 3 + tl->t->nevents + 2 * tl->nkeys;

	for (int k = 0; k < r->nregisters; k++)
		max += r->registers[k].nbits;
	tl->lanes = calloc((size_t)max + 1, sizeof(*tl->lanes));
	if (!tl->lanes)
		return -1;
	for (int k = 0; k < r->nregisters; k++)
		register_lanes(tl, k);
	add_lane(tl, LANE_HEAD, -1, 0, "events");
	for (int e = 0; e < tl->t->nevents; e++)
		if (any_in_row(tl, tl->ev, e, 0))
			add_lane(tl, LANE_EVENT, e, 0, NULL);
	for (int k = 0, head = 0; k < tl->nkeys; k++)
		if (r->rules[tl->keys[k].rule].window && any_in_row(tl, tl->win, k, -1)) {
			if (!head++)
				add_lane(tl, LANE_HEAD, -1, 0, "windows (band: open)");
			add_lane(tl, LANE_WINDOW, k, 0, NULL);
		}
	for (int k = 0, head = 0; k < tl->nkeys; k++)
		if (any_in_row(tl, tl->viol, k, NO_SAMPLE)) {
			if (!head++)
				add_lane(tl, LANE_HEAD, -1, 0, "violations");
			add_lane(tl, LANE_VIOLATION, k, 0, NULL);
		}
	return 0;
}

/* put - a string from a trace or a spec, escaped for text or an attribute */
static void put(FILE *out, const char *s)
{
	report_put_markup(out, s, false);
}

/* put_span - "at 11.513978" or "from 11.507129 to 11.513978" for columns [c0, c1] */
static void put_span(const struct tl *tl, int c0, int c1)
{
	char a[32], b[32];

	report_ts(a, sizeof(a), tl->col_ts[c0]);
	report_ts(b, sizeof(b), tl->col_last[c1]);
	if (!strcmp(a, b))
		fprintf(tl->out, "at %s", a);
	else
		fprintf(tl->out, "from %s to %s", a, b);
}

/* lane_rule - the rule of a window or violation lane */
static const struct fnd_rule *lane_rule(const struct tl *tl, const struct lane *l)
{
	return &tl->r->rules[tl->keys[l->index].rule];
}

/* put_rule_name - "NAME", or "NAME vq_index 3" for a value of a per rule */
static void put_rule_name(const struct tl *tl, const struct lane *l)
{
	const char *sub = tl->keys[l->index].sub;

	put(tl->out, lane_rule(tl, l)->name);
	if (sub) {
		fputc(' ', tl->out);
		put(tl->out, lane_rule(tl, l)->per);
		fputc(' ', tl->out);
		put(tl->out, sub);
	}
}

/* lane_label - the name at the left of a lane, with what it is as a tooltip */
static void lane_label(const struct tl *tl, const struct lane *l, int y)
{
	bool of_rule = l->kind == LANE_WINDOW || l->kind == LANE_VIOLATION;
	const struct fnd_rule *rule = of_rule ? lane_rule(tl, l) : NULL;

	fprintf(tl->out, "<text class=\"%s\" x=\"%d\" y=\"%d\">",
		l->kind == LANE_HEAD ? "head" : "name", l->kind == LANE_HEAD ? 4 : 14,
		y + (l->kind == LANE_HEAD ? 15 : 13));
	if (rule) {
		fputs("<title>", tl->out);
		put(tl->out, rule->relation);
		if (l->kind == LANE_WINDOW) {
			fputs(": open while ", tl->out);
			put(tl->out, rule->window);
		}
		fputs("</title>", tl->out);
		put_rule_name(tl, l);
	} else if (l->kind == LANE_EVENT) {
		put(tl->out, tl->t->events[l->index]);
	} else {
		put(tl->out, l->kind == LANE_HEAD && l->index >= 0 ? "register " : "");
		put(tl->out, l->name);
	}
	fputs("</text>\n", tl->out);
}

/* band - a rectangle over columns [c0, c1] of the lane at y, with a tooltip opened */
static void band(const struct tl *tl, const char *cls, int y, int c0, int c1)
{
	fprintf(tl->out, "<rect class=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\">"
		"<title>", cls, x_of(tl, c0), y + 3, (c1 - c0 + 1) * tl->colw, LANE_H - 6);
}

/* draw_bus - runs of one value of a register: a bus segment with the value in it */
static void draw_bus(const struct tl *tl, const struct lane *l, int y)
{
	const struct fnd_register *reg = &tl->r->registers[l->index];

	for (int c0 = 0, c1; c0 < tl->ncols; c0 = c1 + 1) {
		int s0 = *cell(tl, tl->reg, l->index, c0);
		uint64_t v0 = s0 == NO_SAMPLE ? 0 : tl->in->samples[s0].value, v;
		double x0 = x_of(tl, c0), x1;

		for (c1 = c0; c1 + 1 < tl->ncols; c1++) {
			bool known = reg_value(tl, l->index, c1 + 1, &v);

			if (known != (s0 != NO_SAMPLE) || (known && v != v0))
				break;
		}
		x1 = x_of(tl, c1 + 1);
		if (s0 == NO_SAMPLE) {
			band(tl, "unknown", y, c0, c1);
			put(tl->out, reg->name);
			fputs(" not known yet</title></rect>\n", tl->out);
			continue;
		}
		fprintf(tl->out, "<g class=\"bus\"><polygon points=\"%.1f,%d %.1f,%d %.1f,%d "
			"%.1f,%d %.1f,%d %.1f,%d\"/>", x0, y + 9, x0 + 2, y + 2, x1 - 2, y + 2, x1,
			y + 9, x1 - 2, y + 16, x0 + 2, y + 16);
		if (x1 - x0 >= 8.0 * (v0 > 0xff ? 12 : 5))
			fprintf(tl->out, "<text x=\"%.1f\" y=\"%d\">0x%02" PRIx64 "</text>", x0 + 4,
				y + 13, v0);
		fputs("<title>", tl->out);
		put(tl->out, reg->name);
		fprintf(tl->out, " = 0x%02" PRIx64, v0);
		if (tl->in->samples[s0].text) {
			fputs(" (", tl->out);
			put(tl->out, tl->in->samples[s0].text);
			fputc(')', tl->out);
		}
		fputc(' ', tl->out);
		put_span(tl, c0, c1);
		fputs("</title></g>\n", tl->out);
	}
}

/* bits_on - whether the lane's bits are set in the register's value at column c */
static bool bits_on(const struct tl *tl, const struct lane *l, int c)
{
	uint64_t v;

	if (!reg_value(tl, l->index, c, &v))
		return false;
	return l->kind == LANE_BIT ? (v & l->mask) == l->mask : (v & ~l->mask) != 0;
}

/* draw_bit - a band while the bit (or an unnamed bit) is set */
static void draw_bit(const struct tl *tl, const struct lane *l, int y)
{
	for (int c0 = 0, c1; c0 < tl->ncols; c0 = c1 + 1) {
		bool on = bits_on(tl, l, c0);

		for (c1 = c0; c1 + 1 < tl->ncols && bits_on(tl, l, c1 + 1) == on; c1++)
			;
		if (!on)
			continue;
		band(tl, "bit", y, c0, c1);
		put(tl->out, l->name);
		fputs(" set ", tl->out);
		put_span(tl, c0, c1);
		fputs("</title></rect>\n", tl->out);
	}
}

/* draw_event - a tick at each column with records of the event */
static void draw_event(const struct tl *tl, const struct lane *l, int y)
{
	for (int c = 0; c < tl->ncols; c++) {
		int n = *cell(tl, tl->ev, l->index, c);
		double x = x_of(tl, c) + tl->colw / 2;

		if (!n)
			continue;
		fprintf(tl->out, "<line class=\"tick\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\">"
			"<title>", x, y + 3, x, y + LANE_H - 3);
		if (n > 1)
			fprintf(tl->out, "%d records of ", n);
		put(tl->out, tl->t->events[l->index]);
		fputc(' ', tl->out);
		put_span(tl, c, c);
		fputs("</title></line>\n", tl->out);
	}
}

/* draw_window - a band while the window is open, hatched while it is not known */
static void draw_window(const struct tl *tl, const struct lane *l, int y)
{
	const struct fnd_rule *rule = lane_rule(tl, l);
	bool forbid = !strncmp(rule->relation ? rule->relation : "", "forbid", 6);

	for (int c0 = 0, c1; c0 < tl->ncols; c0 = c1 + 1) {
		int w = *cell(tl, tl->win, l->index, c0);

		for (c1 = c0; c1 + 1 < tl->ncols && *cell(tl, tl->win, l->index, c1 + 1) == w; c1++)
			;
		if (w == FND_WINDOW_CLOSED || w < 0)	/* < 0: before its first sample */
			continue;
		band(tl, w == FND_WINDOW_OPEN ? (forbid ? "open forbid" : "open allow") : "unknown",
		     y, c0, c1);
		put_rule_name(tl, l);
		fprintf(tl->out, ": window %s", w == FND_WINDOW_OPEN ? "open" : "not known");
		if (w == FND_WINDOW_OPEN) {
			fputs(" (", tl->out);
			put(tl->out, rule->window);
			fputc(')', tl->out);
		}
		fputc(' ', tl->out);
		put_span(tl, c0, c1);
		fputs("</title></rect>\n", tl->out);
	}
}

/* violation_target - the listed violation a violation sample is explained by, or -1 */
static int violation_target(const struct fnd_instance *in, const struct fnd_sample *s)
{
	int first = -1;

	for (int v = 0; v < in->nviolations; v++) {
		if (in->violations[v].rule != s->index || in->violations[v].at_end ||
		    !same_sub(in->violations[v].sub, s->sub))
			continue;
		if (in->violations[v].step == s->step)
			return v;
		if (first < 0)
			first = v;
	}
	return first;	/* not listed: the first listed one, which says how many in all */
}

/* draw_violation - a mark at each column with a violation of the rule, linked */
static void draw_violation(const struct tl *tl, const struct lane *l, int y)
{
	const struct fnd_rule *rule = lane_rule(tl, l);

	for (int c = 0; c < tl->ncols; c++) {
		int s = *cell(tl, tl->viol, l->index, c), v;
		double x = x_of(tl, c) + tl->colw / 2;
		char id[64];

		if (s == NO_SAMPLE)
			continue;
		v = violation_target(tl->in, &tl->in->samples[s]);
		if (v >= 0)
			html_violation_id(id, sizeof(id), tl->at, v);
		else
			html_rule_id(id, sizeof(id), tl->keys[l->index].rule);
		fprintf(tl->out, "<a href=\"#%s\"><path class=\"mark%s\" d=\"M%.1f,%d l5,-9 "
			"h-10 z\"/><title>", id, rule->warning ? " warning" : "", x, y + 14);
		put_rule_name(tl, l);
		fprintf(tl->out, " violated at step %" PRIu64 ", ", tl->in->samples[s].step);
		put_span(tl, c, c);
		fputs(": see why</title></a>\n", tl->out);
	}
}

/* draw_axis - the time of the first record of columns about every 120 px */
static void draw_axis(const struct tl *tl, int y)
{
	double next = 0;

	fprintf(tl->out, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>\n",
		LABEL_W, y, x_of(tl, tl->ncols), y);
	for (int c = 0; c < tl->ncols; c++) {
		char ts[32];
		double x = x_of(tl, c) + tl->colw / 2;

		if (x < next)
			continue;
		report_ts(ts, sizeof(ts), tl->col_ts[c]);
		fprintf(tl->out, "<line class=\"axis\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
			"<text class=\"time\" x=\"%.1f\" y=\"%d\">%s</text>\n", x, y, x, y + 4, x,
			y + 16, ts);
		next = x + 120;
	}
	fprintf(tl->out, "<text class=\"name\" x=\"14\" y=\"%d\">time (s)</text>\n", y + 16);
}

/* draw_lane - a lane's background, name and marks */
static void draw_lane(const struct tl *tl, const struct lane *l, int y, int n)
{
	static void (*const draw[])(const struct tl *, const struct lane *, int) = {
		[LANE_BUS] = draw_bus,	      [LANE_BIT] = draw_bit,
		[LANE_OTHER_BITS] = draw_bit, [LANE_EVENT] = draw_event,
		[LANE_WINDOW] = draw_window,  [LANE_VIOLATION] = draw_violation,
	};

	if (l->kind != LANE_HEAD && n % 2)
		fprintf(tl->out, "<rect class=\"stripe\" x=\"0\" y=\"%d\" width=\"%.1f\" "
			"height=\"%d\"/>\n", y, x_of(tl, tl->ncols), LANE_H);
	lane_label(tl, l, y);
	if (l->kind != LANE_HEAD)
		draw[l->kind](tl, l, y);
}

/* draw_violation_lines - a thin line across the lanes at each column with a violation */
static void draw_violation_lines(const struct tl *tl, int y0, int y1)
{
	for (int c = 0; c < tl->ncols; c++)
		for (int k = 0; k < tl->nkeys; k++)
			if (*cell(tl, tl->viol, k, c) != NO_SAMPLE) {
				double x = x_of(tl, c) + tl->colw / 2;

				fprintf(tl->out, "<line class=\"vline\" x1=\"%.1f\" y1=\"%d\" "
					"x2=\"%.1f\" y2=\"%d\"/>\n", x, y0, x, y1);
				break;
			}
}

/* draw - the whole SVG */
static void draw(const struct tl *tl)
{
	int width = (int)(x_of(tl, tl->ncols) + 0.5) + 8, height = tl->height + AXIS_H;
	int y = 0;

	fprintf(tl->out, "<svg class=\"timeline\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
		"role=\"img\" aria-label=\"timeline of ", width, height, width, height);
	report_put_markup(tl->out, tl->in->key, true);
	fputs("\">\n", tl->out);
	draw_violation_lines(tl, 0, tl->height);
	for (int i = 0, n = 0; i < tl->nlanes; i++) {
		n = tl->lanes[i].kind == LANE_HEAD ? 0 : n + 1;
		draw_lane(tl, &tl->lanes[i], y, n);
		y += tl->lanes[i].kind == LANE_HEAD ? HEAD_H : LANE_H;
	}
	draw_axis(tl, y + 4);
	fputs("</svg>\n", tl->out);
}

/* html_timeline - the instance's timeline as an inline SVG (needs its samples) */
int html_timeline(FILE *out, const struct fnd_report *r, const struct fnd_trace *t,
		  const struct fnd_instance *in, const struct html_where *at)
{
	struct tl tl = { .out = out, .r = r, .t = t, .in = in, .at = at };
	int ret = 0;

	for (int i = 0; i < in->nsamples; i++)
		tl.nrec += in->samples[i].kind == FND_SAMPLE_EVENT;
	if (!tl.nrec)
		return 0;
	if (collect_keys(&tl) || tl_alloc(&tl) || (fill_columns(&tl), plan_lanes(&tl))) {
		errno = ENOMEM;
		ret = -1;
	} else {
		draw(&tl);
	}
	tl_free(&tl);
	return ret;
}
