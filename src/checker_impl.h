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

struct checker {
	const struct spec *spec;
	struct ccsl_model *model;
	int *clock_of;		/* spec clock -> engine clock, -1 not yet, -2 in progress */
	uint64_t **deps_of;	/* spec clock -> bound clocks it depends on */
	uint64_t **rule_deps;	/* rule -> bound clocks it depends on */
	int nbound, bwords;
	int *restarts;		/* the restart clock of each rule, or -1 */
	uint64_t *restart_mask;	/* every clock that restarts a rule: a new cycle begins */
	struct spec_diags *diags;
	bool failed;
};

#endif /* CCSL_CHECKER_IMPL_H */
