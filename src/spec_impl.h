/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spec_impl.h - private interfaces of the spec reader: memory, sources,
 * tokens and the parser state shared by spec_lex.c, spec_parse.c,
 * spec_check.c and spec_diag.c.
 */
#ifndef CCSL_SPEC_IMPL_H
#define CCSL_SPEC_IMPL_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spec.h"
#include "spec_arena.h"
#include "spec_src.h"
#include "spec_diag.h"
#include "spec_lex.h"
#include "spec_names.h"
#include "spec_expr.h"

/* Includes nested deeper than this are surely a mistake (cycles are caught earlier). */
#define SPEC_MAX_INCLUDE_DEPTH 32

/*
 * The spec's own memory (spec->priv): the arena everything lives in and the
 * sources read.
 */
struct spec_impl {
	struct sp_arena arena;
	struct sp_srcs srcs;
	struct sp_names names;
};

/* A 'default restart on' clock, checked once where it was written. */
struct spec_ref {
	const char *name;
	struct spec_loc loc;
};

struct parser {
	struct spec *spec;
	struct spec_impl *impl;
	struct sp_names *names;	/* &impl->names */
	struct sp_diag diag;

	struct sp_cursor cur;	/* the tokens of the current line */
	struct sp_reader rd;	/* expressions: &cur and names */
	const char *defining;	/* the name being defined, marked broken on failure */

	int rule;		/* index of the rule attributes apply to, -1 none, -2 a bad one */
	unsigned int rule_attrs; /* attributes already given to it (bit per attribute) */
	const char *def_restart; /* default restart clock, or NULL */
	struct spec_loc def_restart_loc;
	bool *rule_def_restart;	/* per rule: its restart came from the default */
	int nrule_flags;

	struct spec_ref *def_refs;
	int ndef_refs;
	const struct sp_src **stack; /* files being included, outermost first */
	int depth;
	bool seen_spec;
	struct spec_loc spec_loc; /* of the 'spec' statement */
};

/* spec_check - resolve names, mark used clocks, find cycles and unused clocks */
void spec_check(struct parser *p);



#endif /* CCSL_SPEC_IMPL_H */
