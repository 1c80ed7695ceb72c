/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * checker_impl.h - INTERNAL to the checker stage (src/checker*.c only): the
 * compiled spec, built by checker.c (the engine model) and read by
 * checker_run.c (one trace: bindings -> steps -> monitors -> findings).
 * Uses the engine's and the spec's public headers; calls nothing.
 */
#ifndef CCSL_CHECKER_IMPL_H
#define CCSL_CHECKER_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "engine.h"
#include "spec.h"

/* A list of ints per engine clock or rule, in one array: list k is items[first[k], first[k + 1]) */
struct checker_lists {
	int *first;		/* nlists + 1 entries */
	int *items;
	int nlists, n, cap_lists, cap;
};

struct checker {
	const struct spec *spec;
	struct ccsl_model *model;
	int *clock_of;		/* spec clock -> engine clock, -1 not yet */
	struct checker_lists reads;	 /* engine clock -> the clocks it reads: args, restart */
	struct checker_lists rule_reads; /* rule -> the clocks it reads: args, restart */
	int nbound;
	int *restarts;		/* the restart clock of each rule, or -1 */
	uint64_t *restart_mask;	/* every clock that restarts a rule: a new cycle begins */
	uint64_t *uncertain;	/* bound clocks a register with no value yet can leave undecided */
	bool has_per;		/* some rule is checked per value of a field (spec_rule.per) */
	uint64_t *per_clocks;	/* bound clocks the per rules read (directly or derived) */
	struct spec_diags *diags;
	bool failed;
};

/*
 * checker_rules_missing - per rule, the lowest bound clock it reads, directly
 * or through derived clocks, that absent[] marks, or -1 (malloc'd, NULL if
 * out of memory)
 */
int *checker_rules_missing(const struct checker *c, const bool *absent);

/*
 * checker_rules_reading - per rule, the lowest bound clock it reads, directly or
 * through derived clocks, that the tick set clocks holds, or -1 (malloc'd, NULL if out
 * of memory)
 */
int *checker_rules_reading(const struct checker *c, const uint64_t *clocks);

#endif /* CCSL_CHECKER_IMPL_H */
