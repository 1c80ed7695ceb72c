/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * engine_model.h - INTERNAL to the engine stage (src/engine*.c only; prefix
 * eng_): the types of a compiled model that both the model (engine.c) and the
 * kind tables (engine_expr.c, engine_rel.c) use.
 *
 * engine.c builds clocks and relations from ccsl.h definitions and steps
 * them; each expression and relation kind is a row of a table of small
 * functions over these types, so that the step loop has no switch over kinds
 * and a new kind is one row. The tables see a clock, a relation, a state and
 * the model's clock table, never the model or a monitor (engine.c's own).
 * Uses ccsl.h (kinds, definitions), bitset.h (tick sets) and engine.h (its
 * answers, such as enum ccsl_window); calls nothing.
 */
#ifndef CCSL_ENGINE_MODEL_H
#define CCSL_ENGINE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bitset.h"
#include "ccsl.h"
#include "engine.h"

/* More clocks than this is surely a bug in the caller (and keeps indices in an int). */
#define ENG_MAX_CLOCKS (1 << 20)
#define ENG_MAX_RELATIONS (1 << 20)

/* DELAY_ON keeps up to k bookings per monitor: bound k so a typo cannot eat memory. */
#define ENG_DELAY_ON_MAX_K 65536

/* A clock of the model: base (derived == false) or derived. */
struct eng_clock {
	char *name;
	bool derived;
	enum ccsl_expr_kind kind;
	const struct eng_expr_ops *ops;
	int *args;		/* derived: nargs clock indices (may name later clocks) */
	int nargs;
	int a, b;		/* args[0], args[1] or -1: the common unary/binary case */
	int64_t k;
	int64_t period;
	int64_t offset;
	unsigned char *word;	/* FILTER: u v as 0/1 bytes, then a 0 byte (the letter after u) */
	uint64_t lu, lv;	/* FILTER: lengths of u and v */
	int restart;		/* -1 or the clock resetting this clock's state */
	size_t state_off;	/* offset of this clock's state in a monitor's arena */
};

/* The step functions of one expression kind. */
struct eng_expr_ops {
	int min_args;
	int max_args;		/* -1: any number >= min_args */
	/* valid - whether the kind's numeric/word parameters are in range */
	bool (*valid)(const struct ccsl_expr_def *def);
	/* state_size - bytes of per-monitor state */
	size_t (*state_size)(const struct eng_clock *c);
	/* reset - the initial state (at monitor creation and at each restart) */
	void (*reset)(const struct eng_clock *c, void *st);
	/* tick - whether the clock ticks this step, given its arguments' ticks; updates st */
	bool (*tick)(const struct eng_clock *c, const uint64_t *ticks, void *st);
};

/* A relation of the model. */
struct eng_rel {
	enum ccsl_rel_kind kind;
	const struct eng_rel_ops *ops;
	int *args;
	int nargs;
	int a, b, x;		/* a, b; FORBID/ALLOW: x, a opens, b closes (else x = -1) */
	int64_t init;
	int64_t max;		/* CCSL_UNBOUNDED: no bound */
	unsigned int window;
	int restart;
};

/*
 * The per-monitor state of a relation. Precedence keeps the token count
 * F = init + h_a - h_b as the interval [lo, hi] of values a conforming past
 * allows (lo == hi once the past is known; hi == CCSL_UNBOUNDED: no upper
 * end). Alternation and windows keep in set the bit set of possible values of
 * d (bit 0: d = 0, bit 1: d = 1) or of the window (bit 0: closed, bit 1: open).
 * A kind uses one or the other, so they share their bytes: a monitor holds one
 * state per relation, and a trace of many devices one monitor per device.
 */
struct eng_rel_state {
	union {
		struct {
			int64_t lo;	/* precedence */
			int64_t hi;
		};
		unsigned int set;	/* alternation, windows */
	};
	uint64_t violations;
};

/* The functions of one relation kind. */
struct eng_rel_ops {
	int min_args;
	int max_args;		/* -1: any number >= min_args */
	bool stateful;		/* has a state an unknown past can hide */
	/* valid - whether init/max/window are in range for the kind */
	bool (*valid)(const struct ccsl_rel_def *def);
	/* reset_known - the initial state: F = init, d = 0, window closed */
	void (*reset_known)(const struct eng_rel *r, struct eng_rel_state *s);
	/* reset_unknown - every state a conforming past allows */
	void (*reset_unknown)(const struct eng_rel *r, struct eng_rel_state *s);
	/* step - check the step against s, then update s (repaired after a violation) */
	bool (*step)(const struct eng_rel *r, struct eng_rel_state *s, const uint64_t *ticks);
	/* pending - whether every possible state has an unmet obligation; why says which */
	bool (*pending)(const struct eng_clock *clocks, const struct eng_rel *r,
			const struct eng_rel_state *s, char *why, size_t len);
	/* explain - why step() failed, from the state before the step */
	void (*explain)(const struct eng_clock *clocks, const struct eng_rel *r,
			const struct eng_rel_state *before, const uint64_t *ticks, char *why,
			size_t len);
	/* window - open, closed or unknown (NULL: kinds without a window) */
	enum ccsl_window (*window)(const struct eng_rel *r, const struct eng_rel_state *s);
};

/* eng_expr_ops_of - the table row of an expression kind, or NULL */
const struct eng_expr_ops *eng_expr_ops_of(enum ccsl_expr_kind kind);

/* eng_rel_ops_of - the table row of a relation kind, or NULL */
const struct eng_rel_ops *eng_rel_ops_of(enum ccsl_rel_kind kind);

/* eng_name - the name of clock c of a model's clock table (-1: "?"), for messages */
static inline const char *eng_name(const struct eng_clock *clocks, int c)
{
	return c >= 0 ? clocks[c].name : "?";
}

#endif /* CCSL_ENGINE_MODEL_H */
