/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * jobs.h - check many traces, in this process or in worker processes (-j N)
 *
 * Workers are forked before any trace is read and take traces one at a
 * time as they finish the last; their findings come back over a pipe and go
 * into the report in argument order, so the report, the diagnostics and the
 * exit status do not depend on the number of workers.
 */
#ifndef CCSL_JOBS_H
#define CCSL_JOBS_H

#include "checker.h"
#include "findings.h"

#define JOBS_MAX 256	/* workers at most, whatever -j asks for */

/*
 * jobs_check - check traces[0..n-1] and append their findings to r in that order,
 * with up to jobs workers (1: in this process, no fork). A worker that dies makes
 * an error of its trace, and so does a spec that does not fit a trace. Prints on
 * stderr, trace by trace, what checking one by one prints: "the spec does not fit
 * TRACE" and the spec's diagnostics. Returns 0, or -1 if the workers could not be
 * started or memory ran out ("out of memory while checking TRACE": exit 2, no report).
 */
int jobs_check(struct checker *c, const struct check_options *opts, char **traces, int n, int jobs,
	       struct fnd_report *r);

#endif /* CCSL_JOBS_H */
