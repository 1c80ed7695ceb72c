/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * checker.h - one spec against traces: the pipeline that links the stages
 *
 * trace input -> bindings -> steps -> engine -> findings. The engine model
 * is built once per spec; each trace gets its own bindings and monitors.
 */
#ifndef CCSL_CHECKER_H
#define CCSL_CHECKER_H

#include <stdbool.h>
#include <stdio.h>

#include "findings.h"
#include "spec.h"

struct checker;
struct ccsl_model;
struct ti_trace;

struct check_options {
	bool timeline;		/* keep every record of every instance */
	int context;		/* records of the instance shown before a violation */
	int max_listed;		/* violations of a rule listed per instance (the rest counted) */
	bool ticks;		/* keep every step's ticking clocks (timing diagrams) */
	bool samples;		/* keep every record's event, register, window and violation
				 * change (fnd_instance.samples: timing diagrams) */
	bool merge_equal_ts;	/* an instance's records of one timestamp make one step */
	int progress;		/* on stderr: 0 never, 1 always, 2 traces over 4 MB */
	/*
	 * open - how checker_run() opens the trace it is given; NULL: ti_open(path). A live
	 * run opens its tracefs instance (ti_open_live). err holds TI_ERR_LEN bytes; NULL
	 * with errno ENOMEM when memory ran out.
	 */
	struct ti_trace *(*open)(const char *path, void *arg, char *err);
	void *open_arg;
	/*
	 * on_violation - called as each violation is found (listed in the report or only
	 * counted; its context is not filled in yet), and for each `expect` obligation left
	 * at the end of the trace; what it is given is valid during the call. NULL: none.
	 */
	void (*on_violation)(const struct fnd_report *r, const struct fnd_instance *in,
			     const struct fnd_violation *v, void *arg);
	void *violation_arg;
};

/*
 * checker_new - build the engine model of a spec. Problems the parser could
 * not see (an engine parameter out of range) are added to diags; NULL then.
 * Out of memory returns NULL with diags->nomem set.
 */
struct checker *checker_new(const struct spec *spec, struct spec_diags *diags);

/* checker_free - free the model */
void checker_free(struct checker *c);

/* checker_report_new - an empty report naming the spec and its rules */
struct fnd_report *checker_report_new(const struct checker *c, const char *spec_file);

/* checker_run's result when memory ran out: the run stopped, no report may be made */
#define CHECKER_NOMEM (-2)

/*
 * checker_run - check one trace and append its findings to the report.
 * A trace that cannot be read gets fnd_trace.error (exit 2). A spec that
 * does not fit the trace (unknown event or field) adds diagnostics to diags,
 * makes an error of the trace (naming the first diagnostic) and returns -1.
 * Out of memory anywhere in the bindings, the engine or the findings returns
 * CHECKER_NOMEM (the trace's findings are then incomplete: no report may be
 * made of them). Otherwise returns 0.
 */
int checker_run(struct checker *c, const char *path, const struct check_options *opts,
		struct fnd_report *report, struct spec_diags *diags);

/*
 * checker_model - the compiled engine model (bound clocks first, numbered
 * 0..n-1 in spec order), for benchmarks and tools that drive the engine
 * directly; owned by the checker, valid until checker_free()
 */
const struct ccsl_model *checker_model(const struct checker *c);

#endif /* CCSL_CHECKER_H */
