/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * checker_impl.h - INTERNAL to the checker stage (src/checker*.c only): the
 * compiled spec, built by checker.c (the engine model) and read by
 * checker_run.c (one trace: bindings -> steps -> monitors -> findings), which
 * hands what timing diagrams draw to checker_samples.c. Uses the engine's, the
 * spec's, the bindings' and the findings' public headers; calls nothing.
 */
#ifndef CCSL_CHECKER_IMPL_H
#define CCSL_CHECKER_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "bind.h"
#include "engine.h"
#include "findings.h"
#include "spec.h"
#include "trace_input.h"

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

/* checker_decode_bits - "ACKNOWLEDGE|DRIVER" for a register value into buf, "" if unnamed */
void checker_decode_bits(const struct spec_register *reg, uint64_t value, char *buf, size_t size);

/* checker_event_name - "virtio:set_status" (":set_status" for report text), or NULL */
char *checker_event_name(const struct ti_event *ev);

/* The changes timing diagrams draw (checker_samples.c), for check_options.samples. */
struct checker_samples;

/* checker_samples_new - sampling for the instances of one trace (NULL when out of memory) */
struct checker_samples *checker_samples_new(const struct spec *spec, struct fnd_trace *ft);

/* checker_samples_free - free the sampling state (the samples stay in the findings) */
void checker_samples_free(struct checker_samples *s);

/*
 * checker_sample_record - a record of instance i, of its step `step`: its EVENT sample,
 * and a REGISTER sample for each register whose value it changed; -1 when out of memory
 */
int checker_sample_record(struct checker_samples *s, int i, const struct bind_step *bs,
			  uint64_t step);

/*
 * checker_sample_windows - after step `step` of instance i (its last record at ts): a
 * WINDOW sample for each window of the rules mon answers for (sub: the value of the per
 * field its rules are checked for; NULL: the rules without per) that opened or closed,
 * and for every one the first time; -1 when out of memory
 */
int checker_sample_windows(struct checker_samples *s, int i, const struct ccsl_monitor *mon,
			   const char *sub, uint64_t ts, uint64_t step);

/*
 * checker_sample_violation - rule violated at instance i's step (its record at ts), for
 * the value sub of its per field (or NULL); -1 when out of memory
 */
int checker_sample_violation(struct checker_samples *s, int i, int rule, const char *sub,
			     uint64_t ts, uint64_t step);

#endif /* CCSL_CHECKER_IMPL_H */
