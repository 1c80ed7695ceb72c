// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * spec_diag.c - diagnostics of spec files, printed like a compiler's:
 *
 *	file:line:col: error: message
 *	the source line
 *	        ^
 *	hint: did you mean 'driver_ok'?
 *
 * and the "did you mean" suggestions behind the hints.
 *
 * Holds the public diagnostics list (spec_diag_add, spec_diags_print, for
 * every stage that reports against a spec: bindings, the checker) and the
 * spec stage's own reporting (sp_error, sp_warning: the line under the
 * message, at most SP_MAX_ERRORS errors). Calls spec_src.c only.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "spec_diag.h"

/* copy_str - a copy of s (NULL stays NULL); false if memory ran out */
static bool copy_str(const char *s, char **out)
{
	*out = s ? strdup(s) : NULL;
	return !s || *out;
}

/*
 * diag_vadd - add a diagnostic; the diagnostic owns copies of every string. When
 * memory runs out the diagnostic is dropped and diags->nomem set.
 */
static void diag_vadd(struct spec_diags *diags, enum spec_diag_level level,
		      const struct spec_loc *loc, const char *line_text, const char *hint,
		      const char *fmt, va_list ap)
{
	struct spec_diag d = { .level = level, .loc = *loc }, *items = diags->items;
	char *file = NULL;

	/* capacities are powers of two (from 4): implied by n, and no quadratic copying */
	if (!diags->n || (diags->n >= 4 && !(diags->n & (diags->n - 1))))
		items = realloc(diags->items,
				(size_t)(diags->n ? 2 * diags->n : 4) * sizeof(*items));
	if (items)
		diags->items = items;
	if (!items || vasprintf(&d.message, fmt, ap) < 0) {
		diags->nomem = true;
		return;
	}
	/*
	 * The spec owns the file names in locations, and a spec that failed is
	 * freed before its diagnostics are printed: keep a copy.
	 */
	if (!copy_str(loc->file ? loc->file : "", &file) || !copy_str(hint, &d.hint) ||
	    !copy_str(line_text, &d.line_text)) {
		free(d.message);
		free(file);
		free(d.hint);
		diags->nomem = true;
		return;
	}
	d.loc.file = file;
	diags->items[diags->n++] = d;
	if (level == SPEC_DIAG_ERROR)
		diags->nerrors++;
}

/* spec_diag_add - add a diagnostic (printf-style message); hint may be NULL */
void spec_diag_add(struct spec_diags *diags, enum spec_diag_level level,
		   const struct spec_loc *loc, const char *line_text, const char *hint,
		   const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(diags, level, loc, line_text, hint, fmt, ap);
	va_end(ap);
}

/* print_caret - spaces (tabs where the line has tabs) up to col, then '^' */
static void print_caret(FILE *out, const char *line, int col)
{
	for (int i = 0; i < col - 1; i++)
		fputc(line[i] == '\t' ? '\t' : ' ', out);
	fputs("^\n", out);
}

/* The most of a source line a diagnostic shows, and how much of it before the caret. */
#define EXCERPT_MAX 100
#define EXCERPT_BEFORE 60

/*
 * print_excerpt - the line and the caret under column col; of a line longer than
 * EXCERPT_MAX, only the part around col, with "..." where it was cut
 */
static void print_excerpt(FILE *out, const char *line, size_t len, int col)
{
	size_t from = 0, n = len;

	if (len > EXCERPT_MAX) {
		from = (size_t)col > EXCERPT_BEFORE ? (size_t)col - EXCERPT_BEFORE : 0;
		n = len - from < EXCERPT_MAX ? len - from : EXCERPT_MAX;
	}
	fprintf(out, "%s%.*s%s\n", from ? "..." : "", (int)n, line + from,
		from + n < len ? "..." : "");
	if (from)
		fputs("   ", out);
	print_caret(out, line + from, col - (int)from);
}

/* spec_diags_print - print every diagnostic: location, message, line, caret, hint */
void spec_diags_print(const struct spec_diags *diags, FILE *out)
{
	for (int i = 0; i < diags->n; i++) {
		const struct spec_diag *d = &diags->items[i];
		const char *level = d->level == SPEC_DIAG_ERROR ? "error" : "warning";

		/* line 0: about the whole file (it cannot be read) */
		if (d->loc.line > 0)
			fprintf(out, "%s:%d:%d: %s: %s\n", d->loc.file, d->loc.line, d->loc.col,
				level, d->message);
		else
			fprintf(out, "%s: %s: %s\n", d->loc.file, level, d->message);
		if (d->line_text && d->loc.line > 0) {
			size_t len = strlen(d->line_text);
			int col = d->loc.col;

			/* a caret after the end of the line points at the missing part */
			if (col < 1 || (size_t)col > len + 1)
				col = (int)len + 1;
			print_excerpt(out, d->line_text, len, col);
		}
		if (d->hint)
			fprintf(out, "hint: %s\n", d->hint);
	}
}

/* spec_diags_free - free the diagnostics */
void spec_diags_free(struct spec_diags *diags)
{
	for (int i = 0; i < diags->n; i++) {
		free((char *)diags->items[i].loc.file);
		free(diags->items[i].message);
		free(diags->items[i].hint);
		free(diags->items[i].line_text);
	}
	free(diags->items);
	memset(diags, 0, sizeof(*diags));
}

/* reading_diag - add a diagnostic of a reading with the source line of loc */
static void reading_diag(struct sp_diag *d, enum spec_diag_level level,
			 const struct spec_loc *loc, const char *hint, const char *fmt, va_list ap)
{
	const struct sp_src *src = sp_src_find(d->srcs, loc->file);

	diag_vadd(d->out, level, loc, src ? sp_src_line(src, loc->line) : NULL, hint, fmt, ap);
}

/* sp_error - report an error at loc (respects SP_MAX_ERRORS); hint may be NULL */
void sp_error(struct sp_diag *d, const struct spec_loc *loc, const char *hint, const char *fmt,
	      ...)
{
	va_list ap;

	if (d->errors >= SP_MAX_ERRORS) {
		d->stopped = true;
		return;
	}
	va_start(ap, fmt);
	reading_diag(d, SPEC_DIAG_ERROR, loc, hint, fmt, ap);
	va_end(ap);
	if (++d->errors >= SP_MAX_ERRORS)
		d->stopped = true;
}

/* sp_warning - report a warning at loc */
void sp_warning(struct sp_diag *d, const struct spec_loc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	reading_diag(d, SPEC_DIAG_WARNING, loc, NULL, fmt, ap);
	va_end(ap);
}

/* min3 - the smallest of three */
static int min3(int a, int b, int c)
{
	int m = a < b ? a : b;

	return m < c ? m : c;
}

/* The largest distance a suggestion may have: the band edit_distance computes. */
#define SUGGEST_LIMIT 2
#define BAND (2 * SUGGEST_LIMIT + 1)

/*
 * edit_distance - Levenshtein distance where swapping two neighbours also
 * costs one (the commonest typo), or limit + 1 once it exceeds limit (at most
 * SUGGEST_LIMIT). Only the cells within limit of the diagonal are computed: a
 * path of cost at most limit never leaves them, so two names of 100,000 bytes
 * cost 500,000 cells instead of 10^10, and the rows fit on the stack: cell
 * (i, j) of a row is at j - i + limit + 1, with a cell "more than limit" on
 * each side of the band.
 */
static int edit_distance(const char *a, const char *b, int limit)
{
	int la = (int)strlen(a), lb = (int)strlen(b), inf, rows[3][BAND + 2];
	int *prev2 = rows[0], *prev = rows[1], *cur = rows[2];

	limit = limit < SUGGEST_LIMIT ? limit : SUGGEST_LIMIT;
	inf = limit + 1;
	if (abs(la - lb) > limit)
		return inf;
	for (int k = 0; k < BAND + 2; k++)
		prev2[k] = prev[k] = inf;
	for (int j = 0; j <= lb && j <= limit; j++)
		prev[j + limit + 1] = j;	/* row 0 */
	for (int i = 1; i <= la; i++) {
		int lo = i - limit > 0 ? i - limit : 0, hi = i + limit < lb ? i + limit : lb;
		int *t;

		for (int k = 0; k < BAND + 2; k++)
			cur[k] = inf;
		for (int j = lo; j <= hi; j++) {
			int k = j - i + limit + 1, d;

			if (!j) {
				cur[k] = i;
				continue;
			}
			/* above: (i - 1, j); left: (i, j - 1); diagonal: (i - 1, j - 1) */
			d = min3(prev[k + 1] + 1, cur[k - 1] + 1, prev[k] + (a[i - 1] != b[j - 1]));
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[k] + 1 < d)
				d = prev2[k] + 1;	/* (i - 2, j - 2): a swap */
			cur[k] = d < inf ? d : inf;
		}
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb - la + limit + 1];
}

/*
 * spec_suggest - the candidate closest to name (edit distance), or NULL.
 * Only a distance of at most 2, and less than the length of the name, is a
 * plausible typo: "x" is not a misspelling of "y".
 */
const char *spec_suggest(const char *name, const char *const *candidates, int n)
{
	int best = 3, len = (int)strlen(name);
	const char *found = NULL;

	for (int i = 0; i < n; i++) {
		int d;

		if (!candidates[i] || !strcmp(candidates[i], name))
			continue;
		d = edit_distance(name, candidates[i], 2);
		if (d < best && d < len) {
			best = d;
			found = candidates[i];
		}
	}
	return found;
}

/* sp_diag_full - whether an error would be dropped (SP_MAX_ERRORS reached): skip its hint */
bool sp_diag_full(const struct sp_diag *d)
{
	return d->errors >= SP_MAX_ERRORS;
}

/* sp_did_you_mean - "did you mean 'x'?" for the closest candidate, in buf, or NULL */
const char *sp_did_you_mean(const char *name, const char *const *cands, int n, char *buf,
			    size_t size)
{
	const char *s = spec_suggest(name, cands, n);

	if (!s)
		return NULL;
	snprintf(buf, size, "did you mean '%s'?", s);
	return buf;
}
