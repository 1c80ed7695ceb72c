/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * findings.h - what a check found, as plain data for the report writers
 *
 * The check stage fills these; the text, JSON, JUnit, VCD and HTML writers
 * read them. Reports never see the engine or the trace library.
 */
#ifndef CCSL_FINDINGS_H
#define CCSL_FINDINGS_H

#include <stdbool.h>
#include <stdint.h>

/* In the order of how much they say is wrong: a batch gets the worst of its traces. */
enum verdict {
	VERDICT_CONFORMS,
	VERDICT_INCONCLUSIVE,
	VERDICT_VIOLATED,
	VERDICT_ERROR,		/* a trace could not be checked: exit status 2 */
	VERDICT_COUNT
};

/* Exit statuses (the command-line contract). */
enum {
	EXIT_CONFORMS = 0,
	EXIT_VIOLATED = 1,
	EXIT_ERROR = 2,
	EXIT_INCONCLUSIVE = 3,
};

/* A named field value of a record, formatted. */
struct fnd_field {
	char *name;
	char *value;		/* "virtio0", "0x0b", "5" */
	char *decoded;		/* "ACKNOWLEDGE|DRIVER|FEATURES_OK", or NULL */
	bool is_str;
	uint64_t num;
};

/* A trace record as reports show it. */
struct fnd_record {
	uint64_t ts;		/* ns */
	uint64_t seq;		/* record index in the trace */
	int cpu;
	int pid;
	char *comm;
	char *event;		/* "virtio:set_status" */
	struct fnd_field *fields;
	int nfields;
};

/* What a rule is, for reports (copied from the spec). */
struct fnd_rule {
	char *name;
	char *relation;		/* "features_ok < driver_ok" */
	char *message;
	char *reference;
	bool warning;		/* severity warning (SHOULD) rather than error (MUST) */
	bool expect;
	bool device;		/* subject device: it checks the device, not the driver */
	char *per;		/* checked per value of this field in an instance, or NULL */
	char *window;		/* forbid/allow X in a window: what the open window means,
				 * "features_ok forbidden", "feature_write allowed"; else NULL */
};

/* A named bit of a register (register NAME bits CONST...). */
struct fnd_bit {
	char *name;
	uint64_t value;		/* its mask; 0: the name of the value 0 */
};

/* A register of the spec, as timing diagrams draw it. */
struct fnd_register {
	char *name;
	struct fnd_bit *bits;
	int nbits;
};

struct fnd_violation {
	int rule;		/* index into fnd_report.rules */
	uint64_t step;		/* the instance's step index */
	uint64_t nth;		/* 1 for the first violation of this rule, ... */
	char *why;
	struct fnd_record rec;
	struct fnd_record *context; /* the instance's records before it, oldest first */
	int ncontext;
	struct fnd_record *after; /* and after it (the DRIVER_OK a notify came before) */
	int nafter;
	bool at_end;		/* an `expect` obligation left pending at end of trace */
	char *sub;		/* a per rule: the value of its field ("3"), else NULL */
};

struct fnd_pending {
	int rule;
	char *why;
	char *sub;		/* a per rule: the value of its field, else NULL */
};

/*
 * A rule the instance's steps could not always decide: a clock it reads has a filter (or
 * rises/clears) over a register that had no value yet, and the rule would have been
 * violated had that clock ticked.
 */
struct fnd_undecided {
	int rule;
	uint64_t steps;		/* steps it could not decide */
	bool never_decided;	/* its register-dependent clocks were never decided: not checked */
	bool optional;		/* an optional rule: does not make the verdict inconclusive */
};

struct fnd_unchecked {
	int rule;
	char *reason;		/* "trace has no virtio:notify events" */
	bool optional;		/* the rule is optional: its absence proves nothing missing */
};

/* The clocks that ticked at one step (for timing diagrams). */
struct fnd_tick {
	uint64_t ts;
	uint64_t step;
	int *clocks;		/* indices into fnd_report.clocks */
	int nclocks;
};

/* What a sample of an instance's signals says. */
enum fnd_sample_kind {
	FND_SAMPLE_EVENT,	/* a record of event index (fnd_trace.events) */
	FND_SAMPLE_REGISTER,	/* register index (fnd_report.registers) holds value from now on */
	FND_SAMPLE_WINDOW,	/* rule index's window is value (enum fnd_window) from now on */
	FND_SAMPLE_VIOLATION,	/* rule index is violated at this step (listed or not) */
	FND_SAMPLE_KIND_COUNT
};

/* The window of a forbid or allow rule after a step. */
enum fnd_window {
	FND_WINDOW_CLOSED,
	FND_WINDOW_OPEN,
	FND_WINDOW_UNKNOWN,	/* the instance was observed from mid-cycle: open or closed */
	FND_WINDOW_COUNT
};

/*
 * One change of an instance's signals, for timing diagrams (check_options.samples):
 * every record (EVENT), every new value of a register as last seen, written or read
 * (REGISTER: a register is unknown until its first sample), every window that opens or
 * closes (WINDOW: each rule with a window gets one at the instance's first step, or for
 * a per rule at the first step of each value of its field) and every violation
 * (VIOLATION, also those not listed). In the order they happened; at one step, the record's EVENT and
 * REGISTER samples come before the step's WINDOW and VIOLATION ones.
 */
struct fnd_sample {
	uint64_t ts;		/* the record's timestamp (ns) */
	uint64_t step;		/* the instance's step it belongs to */
	uint64_t value;		/* REGISTER: the value; WINDOW: an enum fnd_window */
	char *text;		/* REGISTER: the value's bit names ("ACKNOWLEDGE|DRIVER"), or NULL */
	char *sub;		/* WINDOW, VIOLATION of a per rule: the value of its field */
	int kind;		/* enum fnd_sample_kind */
	int index;		/* EVENT: fnd_trace.events; REGISTER: fnd_report.registers;
				 * WINDOW, VIOLATION: fnd_report.rules */
};

struct fnd_instance {
	char *key;		/* "virtio0" */
	char *label;		/* "balloon, 0000:00:04.0", or NULL */
	char **label_parts;	/* the last value of each label field */
	int nlabel_parts;
	enum verdict verdict;
	uint64_t steps, records;
	bool partial;		/* the first cycle was only partly observed */
	int *unknown_past;	/* partial: rules checked while their past was unknown */
	int nunknown_past;
	struct fnd_undecided *undecided;
	int nundecided;
	struct fnd_violation *violations;
	int nviolations;
	uint64_t *counts;	/* per rule: violations in total, or NULL: none (fnd_count) */
	int errors, warnings;	/* rules violated, by severity */
	struct fnd_pending *pending;
	int npending;
	struct fnd_record *timeline; /* --timeline: every record of the instance */
	int ntimeline;
	struct fnd_tick *ticks;	/* with check_options.ticks: every step a clock ticks at */
	int nticks;
	struct fnd_sample *samples; /* with check_options.samples: every change, in order */
	int nsamples;
};

struct fnd_lost {
	int cpu;
	uint64_t known;
	uint64_t unknown;
	uint64_t first_ts, last_ts;
};

struct fnd_trace {
	char *file;
	char *error;		/* set: the trace could not be checked (exit 2) */
	char *kernel;		/* the recording kernel (uname), when the trace says */
	char *messages;		/* what the trace libraries printed while reading, or NULL */
	enum verdict verdict;
	uint64_t events_read;	/* every record in the file */
	uint64_t events_used;	/* records of the spec's events */
	uint64_t bad_fields;
	uint64_t unknown_ids;	/* records whose event id no format describes: not checked */
	uint64_t time_backwards; /* records stamped before the one before them (ti_stats) */
	char *time_backwards_at; /* the first: where, and its two stamps; or NULL */
	uint64_t lost_total;
	bool lost_unknown;
	struct fnd_lost *lost;
	int nlost;
	struct fnd_instance *instances;
	int ninstances;
	struct fnd_unchecked *unchecked; /* the same for every instance of the trace */
	int nunchecked;
	char **events;		/* with check_options.samples: the events of EVENT samples */
	int nevents;
};

struct fnd_report {
	char *spec_name;
	char *spec_title;
	char *spec_file;	/* "(built-in)" for the default */
	struct fnd_rule *rules;
	int nrules;
	char **clocks;		/* every clock of the model, bound and derived, by index */
	int nclocks;
	struct fnd_register *registers; /* the spec's registers, by index */
	int nregisters;
	struct fnd_trace *traces;
	int ntraces;
	enum verdict verdict;	/* VERDICT_ERROR exactly when exit_status is EXIT_ERROR */
	int exit_status;
	bool warnings_as_errors; /* warnings count as violations (set by fnd_finish) */
};

/* fnd_verdict_name - "conforms", "violated", "inconclusive", "error" */
const char *fnd_verdict_name(enum verdict v);

/* fnd_record_free - free the strings of a record */
void fnd_record_free(struct fnd_record *r);

/* fnd_sample_kind_name - "event", "register", "window", "violation" */
const char *fnd_sample_kind_name(enum fnd_sample_kind k);

/* fnd_window_name - "closed", "open", "unknown" */
const char *fnd_window_name(enum fnd_window w);

/* fnd_trace_free - free what one trace's findings own (not the struct itself) */
void fnd_trace_free(struct fnd_trace *t);

/* fnd_report_free - free a report and everything in it */
void fnd_report_free(struct fnd_report *r);

/* fnd_finish - compute the verdicts and the exit status from the findings */
void fnd_finish(struct fnd_report *r, bool warnings_as_errors);

/* fnd_count - how many times an instance violated a rule (listed or not) */
static inline uint64_t fnd_count(const struct fnd_instance *in, int rule)
{
	return in->counts ? in->counts[rule] : 0;
}

#endif /* CCSL_FINDINGS_H */
