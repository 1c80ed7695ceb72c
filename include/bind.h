/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bind.h - event bindings: trace records -> instances and ticking clocks
 *
 * The second stage of the pipeline. From a spec and a trace it resolves
 * every event, field and filter once, then turns each record into a step of
 * one instance (a device): the set of the spec's bound clocks that tick,
 * with the instance's registers decoded (rises/clears/writes relative to the
 * previous value). It knows the spec and the trace input, not the engine.
 *
 * Public prefix bind_; called by the checker. Implemented by src/bind.c
 * (compiling, once per trace) and src/bind_run.c (the per-record path), which
 * share src/bind_impl.h (internal, prefix bnd_). The stage calls the trace
 * input (trace_input.h) and the spec's lookups and diagnostics (spec.h).
 */
#ifndef CCSL_BIND_H
#define CCSL_BIND_H

#include <stdbool.h>
#include <stdint.h>

#include "spec.h"
#include "trace_input.h"

struct bind;

/* A register's state in an instance (bind_step.reg_state). */
#define BIND_REG_WRITTEN_KNOWN 0x1 /* its value as written is known (a write, or a read first) */
#define BIND_REG_WRITE_SEEN 0x2	   /* a write was seen: reads no longer set the written value */
#define BIND_REG_SEEN_KNOWN 0x4	   /* its value as last seen (written or read) is known */

/* One record seen as a step of an instance. */
struct bind_step {
	int instance;			/* 0-based, in order of first appearance */
	const char *key;		/* the instance's key value, e.g. "virtio0" */
	bool first;			/* the first record of this instance */
	const struct ti_record *rec;
	const uint64_t *ticks;		/* bound clocks (bind_words words), in spec order */
	bool ticking;			/* at least one bound clock ticks */
	/*
	 * Bound clocks whose sources could not tell whether the record makes them
	 * tick (a filter or rises/clears read a register that has no value yet):
	 * they do not tick in ticks. decided: clocks whose sources gave an answer.
	 */
	const uint64_t *maybe;
	bool any_maybe;
	const uint64_t *decided;
	/* the value of the spec's per-rule field in this record, as text, or NULL */
	const char *sub;
	size_t sub_len;
	/* the bound clocks the record's event can speak of: a source of, or over a register
	 * it writes or reads */
	const uint64_t *feeds;
	/*
	 * the instance's registers after the record, in spec order: each as last seen
	 * (written or read), and its BIND_REG_* flags (BIND_REG_SEEN_KNOWN: it has one)
	 */
	const uint64_t *seen;
	const uint8_t *reg_state;
};

typedef int (*bind_step_fn)(const struct bind_step *step, void *arg);

/* What bind_new and bind_run return when memory ran out. */
#define BIND_NOMEM (-2)

/*
 * bind_new - resolve the spec's events, fields, registers and filters
 * against a trace and select the events it needs, into *out. Unknown events
 * or fields and type errors are added to diags (with the spec location and
 * a hint listing what the trace has) and return -1; out of memory returns
 * BIND_NOMEM; 0 otherwise.
 */
int bind_new(const struct spec *spec, struct ti_trace *trace, struct spec_diags *diags,
	     struct bind **out);

/* bind_free - free the bindings */
void bind_free(struct bind *b);

/*
 * bind_per_missing - the field 'per' rules are checked per value of, when no event of the
 * trace that the spec binds has it (the rules can judge no value), or NULL
 */
const char *bind_per_missing(const struct bind *b);

/* bind_words - size in uint64_t words of a step's tick set */
int bind_words(const struct bind *b);

/*
 * bind_clock_missing - the first event feeding bound clock i whose format
 * the trace does not carry ("virtio:notify"), or NULL if all are present
 */
const char *bind_clock_missing(const struct bind *b, int i);

/*
 * bind_run - read the trace and call fn for every record that belongs to an
 * instance. Returns 0, 1 if fn stopped it, -1 with err set if the trace could
 * not be read, or BIND_NOMEM when memory ran out.
 */
int bind_run(struct bind *b, bind_step_fn fn, void *arg, char err[TI_ERR_LEN]);

#endif /* CCSL_BIND_H */
