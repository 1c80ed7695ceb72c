/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spec.h - CCSL specification files: the parsed form of a spec
 *
 * The parser turns text into these structures, checks names, types and
 * cycles, and reports errors as file:line:col diagnostics. It knows nothing
 * about traces or the engine: names of events and fields are checked against
 * a trace later, by the caller, using the locations kept here.
 *
 * The spec stage (src/spec*.c, builtin.c; src/spec.c draws its modules) calls
 * no other stage: it only shares the CCSL kinds of ccsl.h with the engine.
 * Its callers: the bindings (bind.c), the checker (checker.c) and main.c.
 */
#ifndef CCSL_SPEC_H
#define CCSL_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ccsl.h"

/* Where a construct was written. file points into spec->files. */
struct spec_loc {
	const char *file;
	int line;		/* 1-based */
	int col;		/* 1-based, in bytes */
};

/* Filter expressions on event fields, in the style of trace-cmd report -F. */
enum spec_filter_op {
	SPEC_F_AND,		/* l && r */
	SPEC_F_OR,		/* l || r */
	SPEC_F_NOT,		/* !l */
	SPEC_F_EQ,		/* l == r */
	SPEC_F_NE,		/* l != r */
	SPEC_F_LT,		/* l < r */
	SPEC_F_LE,		/* l <= r */
	SPEC_F_GT,		/* l > r */
	SPEC_F_GE,		/* l >= r */
	SPEC_F_BITAND,		/* l & r: a number; as a condition, true when non-zero */
	SPEC_F_BITNOT,		/* ~l: the number with every bit flipped */
	SPEC_F_FIELD,		/* a field of the event: name */
	SPEC_F_REG,		/* @name: a register's value before this event */
	SPEC_F_NUM,		/* num (named constants are already replaced) */
	SPEC_F_STR,		/* str */
	SPEC_F_GLOB,		/* l ~ "pattern": a string field matches a glob (fnmatch) */
};

struct spec_filter {
	enum spec_filter_op op;
	struct spec_filter *l, *r;
	const char *name;	/* FIELD, REG */
	uint64_t num;		/* NUM */
	const char *str;	/* STR */
	struct spec_loc loc;
};

/*
 * What makes a bound clock tick. rises and clears compare a write with the value the
 * register had as last written (the driver's previous write; before the instance's
 * first write, the last value read), or, with `seen`, as last seen (the last write or
 * read, whichever came last: the device's answer). ccsl-spec(5), REGISTERS.
 */
enum spec_source_kind {
	SPEC_SRC_EVENT,		/* system:event[filter] */
	SPEC_SRC_RISES,		/* rises(reg, mask[, seen])[filter]: a write sets a clear bit of mask */
	SPEC_SRC_CLEARS,	/* clears(reg, mask[, seen])[filter]: a write clears a set bit of mask */
	SPEC_SRC_WRITES,	/* writes(reg, value)[filter]: a write of exactly value */
};

struct spec_source {
	enum spec_source_kind kind;
	const char *system;	/* EVENT; "virtio" */
	const char *event;	/* EVENT; "set_status" */
	const char *reg;	/* RISES, CLEARS, WRITES */
	uint64_t value;		/* the mask or the value */
	bool seen;		/* RISES, CLEARS: against the value last seen, not last written */
	struct spec_filter *filter; /* NULL: always */
	const char *text;	/* as written: "rises(status, ACKNOWLEDGE)[@features & F]" */
	struct spec_loc loc;
};

/* A derived clock expression (a tree; leaves name clocks). */
enum spec_expr_op {
	SPEC_E_REF,		/* name: another clock */
	SPEC_E_CCSL,		/* kind applied to args */
};

struct spec_expr {
	enum spec_expr_op op;
	const char *name;	/* REF */
	enum ccsl_expr_kind kind; /* CCSL */
	struct spec_expr **args;
	int nargs;
	int64_t k;		/* DELAY, DELAY_ON, WAIT */
	int64_t period, offset;	/* PERIODIC */
	const char *prefix;	/* FILTER: u, "0"/"1" chars */
	const char *cycle;	/* FILTER: v, or NULL */
	struct spec_loc loc;
};

/* A clock: bound to trace events (sources) or derived (expr), never both. */
struct spec_clock {
	const char *name;
	struct spec_source *sources;
	int nsources;
	struct spec_expr *expr;
	const char *text;	/* derived: the expression as written (no restart clause) */
	const char *restart;	/* restart on <clock>, or NULL */
	struct spec_loc restart_loc;
	struct spec_loc loc;
	bool used;		/* referenced by a rule or another clock */
	int bound;		/* index among the bound clocks (in spec order), or -1: derived */
};

/* A register: per-instance value written and read by events. */
struct spec_reg_source {
	const char *system, *event, *field;
	bool is_read;		/* read: updates the value, never makes rises/clears tick */
	struct spec_loc loc;
};

/* A named bit of a register, for reports (register NAME bits CONST...). */
struct spec_bit {
	const char *name;	/* the constant's name */
	uint64_t value;		/* its value: a mask, or 0 for the name of the value 0 */
};

struct spec_register {
	const char *name;
	struct spec_reg_source *sources;
	int nsources;
	struct spec_loc loc;
	struct spec_bit *bits;	/* how reports decode the value, may be empty */
	int nbits;
};

/* name FIELD VALUE "TEXT": how reports show a value of a field (5 -> "balloon") */
struct spec_value_name {
	const char *field;
	uint64_t value;
	const char *text;
};

/* pair <ret event> with <entry event | system:*>: same CPU and task */
struct spec_pair {
	const char *system, *event;	/* the event without the key field */
	const char *with_system;
	const char *with_event;		/* "*": any keyed event of with_system */
	struct spec_loc loc;
};

enum spec_severity {
	SPEC_SEV_ERROR,		/* a MUST */
	SPEC_SEV_WARNING,	/* a SHOULD */
};

/* Whose behaviour a rule checks: reports say which. */
enum spec_subject {
	SPEC_SUBJ_DRIVER,	/* the driver's (the default) */
	SPEC_SUBJ_DEVICE,	/* the device's: a finding about the VMM or the hardware */
};

struct spec_rule {
	const char *name;
	enum ccsl_rel_kind kind;
	struct spec_expr **args; /* see struct ccsl_rel_def for the order */
	int nargs;
	int64_t init, max;	/* precedence; max CCSL_UNBOUNDED by default */
	unsigned int window;	/* CCSL_WIN_* */
	const char *restart;	/* restart on <clock>, or NULL (then the spec default) */
	struct spec_loc restart_loc;
	const char *message;	/* one line; NULL: none given */
	const char *reference;	/* e.g. "VIRTIO 1.2 3.1.1 step 5" */
	enum spec_severity severity;
	enum spec_subject subject;
	bool expect;		/* a pending obligation at end of trace is a violation */
	bool optional;		/* events may be absent: then unchecked, not inconclusive */
	const char *per;	/* per FIELD: checked per value of FIELD in an instance, or NULL */
	struct spec_loc per_loc;
	const char *text;	/* the relation as written, for reports: "ack < driver" */
	struct spec_loc loc;
};

struct spec_const {
	const char *name;
	uint64_t value;
	struct spec_loc loc;
};

struct spec {
	const char *name;	/* spec <name> "<title>"; the file's base name if absent */
	const char *title;
	const char *key;	/* instance per <field>; NULL: one instance for the trace */
	struct spec_loc key_loc;
	bool history_partial;	/* history partial: instances may start mid-run */
	struct spec_const *consts;
	int nconsts;
	struct spec_register *regs;
	int nregs;
	struct spec_pair *pairs;
	int npairs;
	struct spec_clock *clocks;
	int nclocks;
	int nbound;		/* clocks bound to events: the engine's base clocks */
	/*
	 * Every clock (its index), each after all the clocks its expression and
	 * restart clock name: the order to build derived clocks in.
	 */
	int *order;
	int norder;
	struct spec_rule *rules;
	int nrules;
	const char **files;	/* every file read (includes), owned by the spec */
	int nfiles;
	void *priv;		/* the parser's memory */
	const char **labels;	/* label FIELD...: an instance's label in reports */
	int nlabels;
	struct spec_value_name *value_names;
	int nvalue_names;
};

/* Diagnostics: file:line:col: error: message, the line, a caret, a hint. */
enum spec_diag_level {
	SPEC_DIAG_ERROR,
	SPEC_DIAG_WARNING,
};

struct spec_diag {
	enum spec_diag_level level;
	struct spec_loc loc;
	char *message;
	char *hint;		/* NULL or "did you mean 'driver_ok'?" */
	char *line_text;	/* the source line, without newline */
};

struct spec_diags {
	struct spec_diag *items;
	int n, nerrors;
	/*
	 * memory ran out: a diagnostic is missing, or a reading stopped. Whoever reads
	 * the list says only that memory ran out (the diagnostics are incomplete).
	 */
	bool nomem;
};

/*
 * spec_parse_file - parse and validate a spec file (and its includes).
 * Returns the spec, or NULL if there was any error; diagnostics are added to
 * diags in both cases (warnings such as unused clocks do not fail). Out of
 * memory returns NULL with diags->nomem set.
 */
struct spec *spec_parse_file(const char *path, struct spec_diags *diags);

/* spec_parse_string - the same for text in memory; name is used in diagnostics */
struct spec *spec_parse_string(const char *name, const char *text, size_t len,
			       struct spec_diags *diags);

/* spec_free - free a spec */
void spec_free(struct spec *spec);

/* spec_find_clock - a clock by name, or NULL */
const struct spec_clock *spec_find_clock(const struct spec *spec, const char *name);

/*
 * spec_diag_add - add a diagnostic (printf-style message); hint may be NULL. Out of
 * memory drops it and sets diags->nomem.
 */
void spec_diag_add(struct spec_diags *diags, enum spec_diag_level level,
		   const struct spec_loc *loc, const char *line_text, const char *hint,
		   const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* spec_diags_print - print every diagnostic: location, message, line, caret, hint */
void spec_diags_print(const struct spec_diags *diags, FILE *out);

/* spec_diags_free - free the diagnostics */
void spec_diags_free(struct spec_diags *diags);

/* spec_line_text - the text of the source line at loc (no newline), or "" */
const char *spec_line_text(const struct spec *spec, const struct spec_loc *loc);

/* spec_builtin - the text of a built-in spec (include <name>), or NULL */
const char *spec_builtin(const char *name, size_t *len);

/*
 * spec_list_clocks - print every clock with what feeds it (sources and filters, or the
 * expression, as written) and every register with the events that write and read it
 * and its bit names (--list-clocks)
 */
void spec_list_clocks(const struct spec *spec, FILE *out);

/* spec_suggest - the candidate closest to name (edit distance), or NULL */
const char *spec_suggest(const char *name, const char *const *candidates, int n);

#endif /* CCSL_SPEC_H */
