/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bind_impl.h - INTERNAL to the bindings stage (src/bind*.c only; prefix bnd_):
 * the compiled bindings of a spec against one trace.
 *
 * bind.c builds them once per trace (bind_new): per trace event, what it feeds
 * (clock sources with their filters, register writes and reads, pair roles),
 * everything resolved to indices. bind_run.c only reads them, once per
 * record; the per-record state (instances, registers, pairing, the tick set)
 * is its own. Uses spec.h and trace_input.h (the stages the bindings sit
 * between); calls nothing.
 */
#ifndef CCSL_BIND_IMPL_H
#define CCSL_BIND_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bind.h"
#include "spec.h"
#include "trace_input.h"

/* A filter compiled against one event: fields by index, registers by index. */
struct bnd_filter {
	enum spec_filter_op op;
	struct bnd_filter *l, *r;
	int field;		/* FIELD */
	int reg;		/* REG */
	uint64_t num;		/* NUM */
	const char *str;	/* STR */
	size_t len;
	bool is_str;		/* the operand is a string */
};

/* One source of a bound clock on one trace event. */
struct bnd_source {
	int clock;		/* bound clock index */
	enum spec_source_kind kind;
	int reg;		/* RISES/CLEARS/WRITES */
	uint64_t value;
	bool seen;		/* RISES/CLEARS: against the value last seen, not last written */
	struct bnd_filter *filter;
};

/* A register an event writes or reads, from one of its fields. */
struct bnd_reg_access {
	int reg;
	int field;
	bool is_read;
};

/* What one trace event feeds (ti_event.user of a wanted event points to it). */
struct bnd_event {
	struct ti_event *ev;
	int key_field;		/* -1: the event carries no key */
	int per_field;		/* the per-rule field, or -1 */
	struct bnd_source *sources;
	int nsources;
	struct bnd_reg_access *regs;
	int nregs;
	int *entry_of;		/* pairs whose entry side this event is */
	int nentry_of;
	int return_of;		/* the pair whose return side this event is, or -1 */
	/*
	 * The bound clocks this event can speak of: those it is a source of, and
	 * those over a register it writes or reads (words of bind.words)
	 */
	uint64_t *feeds;
};

/* The compiled bindings. */
struct bind {
	const struct spec *spec;
	struct ti_trace *trace;
	const struct spec_clock **clocks; /* bound clocks, in spec order */
	char **missing;		/* per bound clock: "sys:event" of an absent event */
	int nclocks, words;
	struct bnd_event *events; /* one per trace event used */
	int nevents;
	bool single;		/* no key: the whole trace is one instance */
	const char *per;	/* the field 'per' rules name, or NULL */
	bool per_found;		/* an event the spec binds has that field */
	struct spec_diags *diags;
	int typos;		/* events missing from the trace that look misspelt */
	bool nomem;		/* an allocation failed: the bindings are incomplete */
};

#endif /* CCSL_BIND_IMPL_H */
