/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spec_lex.h - the tokens of a spec, one logical line at a time, and the cursor
 * the parsers read them with
 *
 * Internal to the spec stage: included only by src/spec_*.c. Uses spec_arena.h,
 * spec_src.h and spec_diag.h.
 */
#ifndef CCSL_SPEC_LEX_H
#define CCSL_SPEC_LEX_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spec.h"
#include "spec_arena.h"
#include "spec_diag.h"
#include "spec_src.h"

/* Nesting of one expression, filter or constant on a line (parentheses, '!'). */
#define SP_MAX_NEST 64

enum sp_tok_kind {
	SP_T_EOL,		/* end of the logical line; always the last token */
	SP_T_IDENT,
	SP_T_NUM,
	SP_T_STR,
	/* punctuation */
	SP_T_COLON, SP_T_COMMA, SP_T_LPAREN, SP_T_RPAREN, SP_T_LBRACKET, SP_T_RBRACKET,
	SP_T_LT, SP_T_LE, SP_T_GT, SP_T_GE, SP_T_EQ, SP_T_NE, SP_T_ASSIGN,
	SP_T_PLUS, SP_T_MINUS, SP_T_STAR, SP_T_DOLLAR, SP_T_HASH, SP_T_TILDE,
	SP_T_AMP, SP_T_ANDAND, SP_T_PIPE, SP_T_OROR, SP_T_BANG, SP_T_SHL, SP_T_AT, SP_T_DOT,
};

struct sp_tok {
	enum sp_tok_kind kind;
	struct spec_loc loc;
	size_t off, len;	/* the raw text: src->text + off */
	bool space;		/* blank or line break between this and the previous token */
	uint64_t num;		/* NUM */
	const char *str;	/* IDENT: the name; STR: the decoded text */
};

/* Where the lexer is in a source. */
struct sp_lexer {
	const struct sp_src *src;
	size_t pos;
	int line, col;
};

/*
 * The tokens of the current logical line and the position of the parser in
 * them. A syntax error is reported and abandons the line: a longjmp to
 * *fail (everything allocated is in the arena, so nothing leaks).
 */
struct sp_cursor {
	struct sp_lexer lx;
	struct sp_tok *toks;	/* the current logical line, ending with SP_T_EOL */
	int ntoks, cap, i;
	int nest;		/* expression nesting on the line (sp_nest_in) */
	jmp_buf *fail;		/* where a syntax error goes: the next line */
	struct sp_arena *arena;	/* names and strings of tokens */
	struct sp_diag *diag;
};

/* sp_lex_start - read src from its beginning (the cursor's tokens are kept) */
void sp_lex_start(struct sp_cursor *c, const struct sp_src *src);

/*
 * sp_lex_line - the next logical line into the cursor; false at end of file.
 * A line with a lexical error comes back empty (the error is reported).
 */
bool sp_lex_line(struct sp_cursor *c);

/* sp_peek - the current token (SP_T_EOL at the end of the line) */
struct sp_tok *sp_peek(struct sp_cursor *c);

/* sp_peek2 - the token after the current one */
struct sp_tok *sp_peek2(struct sp_cursor *c);

/* sp_take - the current token, moving past it (never past the end of the line) */
struct sp_tok *sp_take(struct sp_cursor *c);

/* sp_is_kw - whether a token is the word kw */
bool sp_is_kw(const struct sp_tok *t, const char *kw);

/* sp_accept - move past the current token if it is of this kind */
bool sp_accept(struct sp_cursor *c, enum sp_tok_kind kind);

/* sp_accept_kw - move past the current token if it is the word kw */
bool sp_accept_kw(struct sp_cursor *c, const char *kw);

/* sp_expect - the current token, which must be of this kind (what: for the error) */
struct sp_tok *sp_expect(struct sp_cursor *c, enum sp_tok_kind kind, const char *what);

/* sp_expect_kw - move past the word kw, which must be there */
void sp_expect_kw(struct sp_cursor *c, const char *kw);

/* sp_end_of_line - the statement must end here */
void sp_end_of_line(struct sp_cursor *c);

/* sp_tok_text - the raw text of a token, in buf */
const char *sp_tok_text(const struct sp_cursor *c, const struct sp_tok *t, char *buf,
			size_t size);

/*
 * sp_toks_text - the raw text of tokens [from, to) of the line, as written but with
 * every run of blanks and line continuations between two tokens made one space
 * (in the cursor's arena)
 */
const char *sp_toks_text(const struct sp_cursor *c, int from, int to);

/* sp_describe - a token as named in "expected X, found Y" */
const char *sp_describe(const struct sp_cursor *c, const struct sp_tok *t, char *buf,
			size_t size);

/* sp_fail_silently - abandon the line, the error being already reported */
void sp_fail_silently(struct sp_cursor *c) __attribute__((noreturn));

/* sp_fail - report an error at a token and abandon the line */
void sp_fail(struct sp_cursor *c, const struct sp_tok *t, const char *hint, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 4, 5)));

/* sp_fail_expected - "expected WHAT, found <the current token>", and abandon the line */
void sp_fail_expected(struct sp_cursor *c, const char *what) __attribute__((noreturn));

/* sp_nest_in - one level deeper into a (sub)expression: fails beyond SP_MAX_NEST */
void sp_nest_in(struct sp_cursor *c);

/* sp_nest_out - back out of a level entered with sp_nest_in */
void sp_nest_out(struct sp_cursor *c);

#endif /* CCSL_SPEC_LEX_H */
