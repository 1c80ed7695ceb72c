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

/* Includes nested deeper than this are surely a mistake (cycles are caught earlier). */
#define SPEC_MAX_INCLUDE_DEPTH 32

/*
 * The spec's own memory (spec->priv): the arena everything lives in and the
 * sources read.
 */
struct spec_impl {
	struct sp_arena arena;
	struct sp_srcs srcs;
};

enum tok_kind {
	T_EOL,			/* end of the logical line; always the last token */
	T_IDENT,
	T_NUM,
	T_STR,
	/* punctuation */
	T_COLON, T_COMMA, T_LPAREN, T_RPAREN, T_LBRACKET, T_RBRACKET,
	T_LT, T_LE, T_GT, T_GE, T_EQ, T_NE, T_ASSIGN,
	T_PLUS, T_MINUS, T_STAR, T_DOLLAR, T_HASH, T_TILDE,
	T_AMP, T_ANDAND, T_PIPE, T_OROR, T_BANG, T_SHL, T_AT, T_DOT,
};

struct tok {
	enum tok_kind kind;
	struct spec_loc loc;
	size_t off, len;	/* the raw text: src->text + off */
	bool space;		/* blank or line break between this and the previous token */
	uint64_t num;		/* NUM */
	const char *str;	/* IDENT: the name; STR: the decoded text */
};

struct lexer {
	const struct sp_src *src;
	size_t pos;
	int line, col;
};

/* A name whose definition failed: references to it are not reported again. */
struct spec_broken {
	const char *name;
};

/* A 'default restart on' clock, checked once where it was written. */
struct spec_ref {
	const char *name;
	struct spec_loc loc;
};

#define SPEC_MAX_NEST 64	/* nesting of one expression, filter or constant */

struct parser {
	struct spec *spec;
	struct spec_impl *impl;
	struct sp_diag diag;

	const struct sp_src *src;
	struct tok *toks;	/* the current logical line, ending with T_EOL */
	int ntoks, tcap, i;
	jmp_buf *fail;		/* syntax error: skip the rest of the line */
	const char *defining;	/* the name being defined, marked broken on failure */

	int rule;		/* index of the rule attributes apply to, -1 none, -2 a bad one */
	unsigned int rule_attrs; /* attributes already given to it (bit per attribute) */
	const char *def_restart; /* default restart clock, or NULL */
	struct spec_loc def_restart_loc;
	bool *rule_def_restart;	/* per rule: its restart came from the default */
	int nrule_flags;

	struct spec_ref *def_refs;
	int ndef_refs;
	const char **broken;
	int nbroken;
	const struct sp_src **stack; /* files being included, outermost first */
	int depth;
	int nest;		/* expression nesting on the current line (nest_in) */
	bool seen_spec;
	struct spec_loc spec_loc; /* of the 'spec' statement */
};

/* spec_lex_line - the next logical line into p->toks; false at end of file */
bool spec_lex_line(struct parser *p, struct lexer *lx);

/* spec_tok_text - the raw text of a token, in buf */
const char *spec_tok_text(const struct parser *p, const struct tok *t, char *buf, size_t size);

/* spec_check - resolve names, mark used clocks, find cycles and unused clocks */
void spec_check(struct parser *p);

/* spec_is_broken - whether a name's definition failed (already reported) */
bool spec_is_broken(const struct parser *p, const char *name);


#endif /* CCSL_SPEC_IMPL_H */
