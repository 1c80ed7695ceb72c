/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spec_names.h - the names a spec defines: clocks, constants, registers and
 * rules, found in constant time
 *
 * Internal to the spec stage: included only by src/spec_*.c. Uses
 * spec_arena.h and spec_diag.h.
 */
#ifndef CCSL_SPEC_NAMES_H
#define CCSL_SPEC_NAMES_H

#include <stdbool.h>
#include <stddef.h>

#include "spec.h"
#include "spec_arena.h"

/* What a name denotes. Clocks, constants and registers share one namespace. */
enum sp_name_kind { SP_N_NONE, SP_N_CLOCK, SP_N_CONST, SP_N_REG };

/*
 * The names of a spec, indexing its arrays (spec->clocks, consts, regs,
 * rules): the arrays hold the definitions, the tables find them.
 */
struct sp_names {
	struct spec *spec;
	struct sp_arena *arena;
	struct sp_map defined;		/* clock, constant or register -> kind and index */
	struct sp_map rules;		/* rule name -> index */
	struct sp_map broken;		/* names whose definition failed */
	struct sp_map reg_sources;	/* the sources of every register, to refuse duplicates */
};

/* sp_names_init - no names yet, for spec; tables in the arena */
void sp_names_init(struct sp_names *n, struct spec *spec, struct sp_arena *arena);

/* sp_name_kind_str - "clock", "constant", "register" or "name" */
const char *sp_name_kind_str(enum sp_name_kind kind);

/* sp_name_reserved - whether a word of the syntax (it cannot name anything) */
bool sp_name_reserved(const char *name);

/* sp_name_find - what a clock, constant or register name denotes, and its index */
enum sp_name_kind sp_name_find(const struct sp_names *n, const char *name, int *idx);

/* sp_name_loc - where a name found by sp_name_find was defined */
const struct spec_loc *sp_name_loc(const struct sp_names *n, enum sp_name_kind kind, int idx);

/* sp_name_define - element idx of the array of kind is now defined under its name */
void sp_name_define(struct sp_names *n, enum sp_name_kind kind, const char *name, int idx);

/* sp_name_suggest - "did you mean" among the constants or the registers, in buf, or NULL */
const char *sp_name_suggest(const struct sp_names *n, const char *name, enum sp_name_kind kind,
			    char *buf, size_t size);

/* sp_name_mark_broken - a definition failed: its name is known, references are fine */
void sp_name_mark_broken(struct sp_names *n, const char *name);

/* sp_name_is_broken - whether a name's definition failed (already reported) */
bool sp_name_is_broken(const struct sp_names *n, const char *name);

/* sp_rule_find - the index of the rule of a name, or -1 */
int sp_rule_find(const struct sp_names *n, const char *name);

/* sp_rule_define - rule idx is defined under its name */
void sp_rule_define(struct sp_names *n, const char *name, int idx);

/* sp_reg_source_add - note a source of register idx: false if it has it already */
bool sp_reg_source_add(struct sp_names *n, int idx, const struct spec_reg_source *src);

#endif /* CCSL_SPEC_NAMES_H */
