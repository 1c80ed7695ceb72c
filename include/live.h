/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * live.h - ccsl-check --live: the session around a check of the running kernel
 *
 * The session owns everything a live check changes on the machine: a tracefs instance of
 * its own (ccsl-check-PID: its buffers, its trace clock, the spec's events enabled in it),
 * the events it had ccsl-record(1) define (kprobes, where the kernel has them), the
 * command it runs and traces, its signal handlers and the timer of --duration. It reads
 * nothing itself: the checker reads the instance through the trace stage's live source
 * (ti_open_live) and calls back each violation, which the session prints on stderr (and
 * writes to /dev/kmsg with --kmsg) as it comes. Everything it created or enabled is removed
 * on every way out: the command's end, --duration, SIGINT, SIGTERM, SIGHUP, SIGQUIT, an
 * error, a full disk. Events it did not create are used as they are and left alone.
 *
 * Used by main.c only; calls libtracefs, the checker, the trace stage's public header,
 * the report line (report.h), output.c (the --record file) and ccsl-record(1).
 */
#ifndef CCSL_LIVE_H
#define CCSL_LIVE_H

#include <stdbool.h>

#include "checker.h"
#include "findings.h"
#include "output.h"
#include "spec.h"

/* The per-CPU buffer of the instance, unless --buffer-size says: see ccsl-check(1). */
#define LIVE_BUFFER_KB 4096

struct live_options {
	char **command;		/* the command to run and trace (NULL-terminated), or NULL */
	unsigned int duration;	/* seconds to read without a command; 0: until a signal */
	bool kmsg;		/* each violation also to the kernel log */
	unsigned int buffer_kb;	/* per CPU; 0: LIVE_BUFFER_KB */
	struct output *record;	/* --record FILE, resolved and checked; NULL: none */
};

/*
 * live_check - set up the instance and the events, run the command, check what the kernel
 * records as it comes, clean up; the trace (named by the --record file if any, else by the
 * instance's directory) and its findings are appended to report. Returns 0, 1 if the check
 * ran but something beside it failed (the --record file, the clean-up: said on stderr,
 * exit status 2), or -1 if nothing could be checked (said on stderr, no report).
 */
int live_check(struct checker *c, const struct spec *spec, const struct check_options *opts,
	       const struct live_options *lo, struct fnd_report *report);

#endif /* CCSL_LIVE_H */
