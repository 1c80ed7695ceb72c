/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spec_parse.h - one reading of a spec: the statements of a file and of the
 * files it includes, into the structures of include/spec.h
 *
 * Internal to the spec stage: included only by src/spec_*.c (spec_check.c,
 * which checks what a reading produced, and spec.c, which runs both). Uses
 * the headers of the layers below: spec_expr.h, spec_names.h, spec_lex.h,
 * spec_diag.h, spec_src.h, spec_arena.h.
 */
#ifndef CCSL_SPEC_PARSE_H
#define CCSL_SPEC_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "spec.h"
#include "spec_arena.h"
#include "spec_diag.h"
#include "spec_names.h"
#include "spec_src.h"

/* Includes nested deeper than this are surely a mistake (cycles are caught earlier). */
#define SP_MAX_INCLUDE_DEPTH 32

/* A 'default restart on' clock, checked once where it was written. */
struct sp_ref {
	const char *name;
	struct spec_loc loc;
};

/*
 * One reading of a spec. spec.c gives the spec to fill, its memory and where
 * to report; the parser leaves the spec and what the checker needs besides it.
 */
struct sp_reading {
	struct spec *spec;
	struct sp_arena *arena;
	struct sp_srcs *srcs;
	struct sp_names *names;
	struct sp_diag *diag;
	struct sp_ref *def_refs;	/* every 'default restart on CLOCK' */
	int ndef_refs;
	bool *rule_def_restart;		/* per rule: its restart came from the default */
};

/* sp_parse - read a top-level text named name, and its includes */
void sp_parse(struct sp_reading *in, const char *name, const char *text, size_t len);

#endif /* CCSL_SPEC_PARSE_H */
