/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * engine.h - the CCSL engine: a compiled model of clocks and relations, and
 * per-instance monitors that check a stream of steps against it.
 *
 * The engine knows clocks by index. Base clocks are ticked by the caller;
 * derived clocks are computed by the engine in dependency order; relations are
 * checked against the state before the step, then the state is updated.
 * Nothing here knows about traces, events or spec files.
 *
 * The engine stage's public face (prefix ccsl_, with ccsl.h): the checker,
 * tests and benchmarks call it. Implemented by src/engine.c (model, monitors,
 * step loop) over the kind tables of src/engine_expr.c and src/engine_rel.c,
 * which share src/engine_model.h; the stage calls nothing outside itself but
 * ccsl.h and bitset.h. A tick set is a bitset.h set of ccsl_model_words() words.
 */
#ifndef CCSL_ENGINE_H
#define CCSL_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bitset.h"
#include "ccsl.h"

struct ccsl_model;
struct ccsl_monitor;

/*
 * One violation found by ccsl_monitor_step(), valid during the callback. Its
 * explanation is built only when asked for (ccsl_violation_explain): a
 * consumer that lists the first few violations of a rule and counts the rest
 * should not pay for formatting the rest.
 */
struct ccsl_violation {
	int relation;		/* index returned by ccsl_model_add_relation() */
	uint64_t step;		/* the monitor's step index (0-based) */
	uint64_t count;		/* violations of this relation so far, this one included */
	/* for ccsl_violation_explain() */
	const struct ccsl_monitor *mon;
	const void *before;	/* the relation's state before the step */
	const uint64_t *ticks;	/* the step's tick set, derived clocks included */
};

#define CCSL_WHY_LEN 192	/* room for any explanation */

typedef void (*ccsl_violation_fn)(const struct ccsl_violation *v, void *arg);

/* ccsl_violation_explain - the state that made it fail, with clock names (in the callback) */
void ccsl_violation_explain(const struct ccsl_violation *v, char *why, size_t len);

/* What the model's functions return when memory ran out (not a bad parameter). */
#define CCSL_NOMEM (-2)

/* ccsl_model_new - an empty model */
struct ccsl_model *ccsl_model_new(void);

/* ccsl_model_free - free a model (its monitors must be freed first) */
void ccsl_model_free(struct ccsl_model *m);

/* ccsl_model_add_base - add a clock ticked by the caller; returns its index, -1 or CCSL_NOMEM */
int ccsl_model_add_base(struct ccsl_model *m, const char *name);

/*
 * ccsl_model_add_expr - add a derived clock; returns its index, -1 (bad parameters) or
 * CCSL_NOMEM
 */
int ccsl_model_add_expr(struct ccsl_model *m, const char *name, const struct ccsl_expr_def *def);

/*
 * ccsl_model_add_relation - add a relation; returns its index, -1 (bad parameters) or
 * CCSL_NOMEM
 */
int ccsl_model_add_relation(struct ccsl_model *m, const struct ccsl_rel_def *def);

/*
 * ccsl_model_finalize - order derived clocks by dependency; no more additions.
 * Returns 0, -1 with a message in err naming the clocks of an
 * instantaneous cycle, or CCSL_NOMEM.
 */
int ccsl_model_finalize(struct ccsl_model *m, char *err, size_t errlen);

/* ccsl_model_nclocks - number of clocks (base and derived) */
int ccsl_model_nclocks(const struct ccsl_model *m);

/* ccsl_model_nrelations - number of relations */
int ccsl_model_nrelations(const struct ccsl_model *m);

/* ccsl_model_clock_name - the name given when the clock was added */
const char *ccsl_model_clock_name(const struct ccsl_model *m, int clock);

/* ccsl_model_words - size in uint64_t words of a tick set for this model */
int ccsl_model_words(const struct ccsl_model *m);

/*
 * ccsl_monitor_new - a monitor in the initial state.
 * @past_unknown: the observation starts in the middle of a run. Each stateful
 * relation then starts with every state its definition allows (any number of
 * earlier tokens, either alternation phase, window open or closed) and is
 * violated only when no such past explains the steps seen; its first restart
 * makes its state known. Derived clocks always start from their initial state.
 */
struct ccsl_monitor *ccsl_monitor_new(const struct ccsl_model *m, bool past_unknown);

/* ccsl_monitor_free - free a monitor */
void ccsl_monitor_free(struct ccsl_monitor *mon);

/*
 * ccsl_monitor_step - one step.
 * @ticks: ccsl_model_words() words; the caller sets the bits of base clocks,
 * the engine sets or clears the bits of derived clocks.
 * Calls @fn for each relation violated at this step. Returns the number of
 * violations at this step.
 */
int ccsl_monitor_step(struct ccsl_monitor *mon, uint64_t *ticks, ccsl_violation_fn fn,
		      void *arg);

/*
 * ccsl_monitor_step_maybe - ccsl_monitor_step where the base clocks in @maybe (a tick set)
 * may also have ticked: the caller could not tell (a filter read a register whose value
 * was not known yet). The step is taken with @ticks alone; the relations it did not
 * violate but would have violated had some of the maybe clocks ticked are added to
 * @undecided (a bit set of relations, (nrelations + 63) / 64 words): the step could not
 * decide them. Returns the number of violations, or -1 when out of memory.
 */
int ccsl_monitor_step_maybe(struct ccsl_monitor *mon, uint64_t *ticks, const uint64_t *maybe,
			    ccsl_violation_fn fn, void *arg, uint64_t *undecided);

/* ccsl_monitor_clone - a copy of a monitor in its current state, or NULL */
struct ccsl_monitor *ccsl_monitor_clone(const struct ccsl_monitor *mon);

/*
 * ccsl_monitor_judged_unknown - whether a relation of a monitor made with past_unknown was
 * checked at a step before its first restart, while its state was every state an unknown
 * past allows (its verdict there rests on what was not observed)
 */
bool ccsl_monitor_judged_unknown(const struct ccsl_monitor *mon, int relation);

/*
 * ccsl_monitor_pending - whether a relation ends with an unmet obligation
 * (e.g. a ticked and its b has not yet). Writes the reason in why.
 */
bool ccsl_monitor_pending(const struct ccsl_monitor *mon, int relation, char *why,
			  size_t len);

/* The window of a relation after the steps so far (ccsl_monitor_window). */
enum ccsl_window {
	CCSL_WINDOW_NONE,	/* not a forbid or allow relation with a window */
	CCSL_WINDOW_CLOSED,
	CCSL_WINDOW_OPEN,
	CCSL_WINDOW_UNKNOWN,	/* the past is unknown (past_unknown): open or closed */
};

/* ccsl_monitor_window - whether a forbid/allow relation's window is open now */
enum ccsl_window ccsl_monitor_window(const struct ccsl_monitor *mon, int relation);

/* ccsl_monitor_violations - how many times a relation has been violated */
uint64_t ccsl_monitor_violations(const struct ccsl_monitor *mon, int relation);

/* ccsl_monitor_steps - number of steps taken */
uint64_t ccsl_monitor_steps(const struct ccsl_monitor *mon);

/* ccsl_tick_test - whether clock c ticks in a tick set (a bitset.h set) */
static inline bool ccsl_tick_test(const uint64_t *ticks, int c)
{
	return bit_test(ticks, c);
}

/* ccsl_tick_set - make clock c tick in a tick set (a bitset.h set) */
static inline void ccsl_tick_set(uint64_t *ticks, int c)
{
	bit_set(ticks, c);
}

#endif /* CCSL_ENGINE_H */
