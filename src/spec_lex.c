// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * spec_lex.c - split a spec file into logical lines of tokens with line:col
 *
 * The language is line-oriented, so the lexer hands the parser one logical
 * line at a time (physical lines joined by a trailing backslash). A lexical
 * error is reported once and the rest of its logical line is skipped.
 *
 * Holds the tokens of the current line and the cursor the parsers move over
 * them (peek, take, expect), and abandons a line on a syntax error (sp_fail:
 * a longjmp to the start of the next one). Called by spec_parse.c and
 * spec_expr.c; calls spec_diag.c, spec_src.c (the text) and spec_arena.c.
 */
#include <ctype.h>
#include <stdarg.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec_lex.h"

/* Longest first, so that "<=" wins over "<". */
static const struct {
	const char *text;
	enum sp_tok_kind kind;
} puncts[] = {
	{ "||", SP_T_OROR },	{ "&&", SP_T_ANDAND }, { "<<", SP_T_SHL },   { "<=", SP_T_LE },
	{ ">=", SP_T_GE },	{ "==", SP_T_EQ },     { "!=", SP_T_NE },    { ":", SP_T_COLON },
	{ ",", SP_T_COMMA },	{ "(", SP_T_LPAREN },  { ")", SP_T_RPAREN }, { "[", SP_T_LBRACKET },
	{ "]", SP_T_RBRACKET }, { "<", SP_T_LT },      { ">", SP_T_GT },     { "=", SP_T_ASSIGN },
	{ "+", SP_T_PLUS },	{ "-", SP_T_MINUS },   { "*", SP_T_STAR },   { "$", SP_T_DOLLAR },
	{ "#", SP_T_HASH },	{ "~", SP_T_TILDE },   { "&", SP_T_AMP },    { "|", SP_T_PIPE },
	{ "!", SP_T_BANG },	{ "@", SP_T_AT },      { ".", SP_T_DOT },
};

/* The statements whose name (next word) may contain '-' and '.'. */
static const char *const dashed_name_stmts[] = { "rule", "spec" };

/* cur - the byte at the lexer's position, or 0 at the end */
static char cur(const struct sp_lexer *lx)
{
	return lx->pos < lx->src->len ? lx->src->text[lx->pos] : 0;
}

/* at - the byte n after the lexer's position, or 0 past the end */
static char at(const struct sp_lexer *lx, size_t n)
{
	return lx->pos + n < lx->src->len ? lx->src->text[lx->pos + n] : 0;
}

/* advance - move over n bytes of one physical line */
static void advance(struct sp_lexer *lx, size_t n)
{
	lx->pos += n;
	lx->col += (int)n;
}

/* newline - move over a '\n' */
static void newline(struct sp_lexer *lx)
{
	lx->pos++;
	lx->line++;
	lx->col = 1;
}

/* is_blank - space characters within a line */
static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* is_ident_char - [A-Za-z0-9_] */
static bool is_ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* is_continuation - a backslash followed only by blanks up to the end of the line */
static bool is_continuation(const struct sp_lexer *lx)
{
	size_t n = 1;

	while (is_blank(at(lx, n)))
		n++;
	return at(lx, n) == '\n' || lx->pos + n >= lx->src->len;
}

/* skip_continuation - move over a backslash, blanks and the newline */
static void skip_continuation(struct sp_lexer *lx)
{
	advance(lx, 1);
	while (is_blank(cur(lx)))
		advance(lx, 1);
	if (cur(lx) == '\n')
		newline(lx);
}

/* push_tok - a new token at the lexer's position */
static struct sp_tok *push_tok(struct sp_cursor *c, enum sp_tok_kind kind, bool space)
{
	struct sp_tok *t;

	if (c->ntoks == c->cap) {
		/* in the arena: a reading that runs out of memory leaves nothing to free */
		struct sp_tok *bigger = sp_alloc(c->arena, 2 * (size_t)(c->cap ? c->cap : 16) *
							      sizeof(*bigger));

		if (c->ntoks)
			memcpy(bigger, c->toks, (size_t)c->ntoks * sizeof(*bigger));
		c->cap = c->cap ? 2 * c->cap : 32;
		c->toks = bigger;
	}
	t = &c->toks[c->ntoks++];
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->loc.file = c->lx.src->name;
	t->loc.line = c->lx.line;
	t->loc.col = c->lx.col;
	t->off = c->lx.pos;
	t->space = space;
	return t;
}

/* lex_error - report a lexical error at a column of the current line */
static void __attribute__((format(printf, 3, 4)))
lex_error(struct sp_cursor *c, int col, const char *fmt, ...)
{
	struct spec_loc loc = { c->lx.src->name, c->lx.line, col };
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sp_error(c->diag, &loc, NULL, "%s", msg);
}

/* digit_value - the value of a digit in base, or -1 */
static int digit_value(char c, int base)
{
	int v;

	if (c >= '0' && c <= '9')
		v = c - '0';
	else if (c >= 'a' && c <= 'f')
		v = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		v = c - 'A' + 10;
	else
		return -1;
	return v < base ? v : -1;
}

/* lex_number - decimal, 0x hex or 0b binary; false after reporting an error */
static bool lex_number(struct sp_cursor *c, struct sp_tok *t)
{
	struct sp_lexer *lx = &c->lx;
	const char *s = lx->src->text + lx->pos;
	size_t n = 0, start;
	int base = 10;
	uint64_t v = 0;
	bool overflow = false;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		base = 16;
	else if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B'))
		base = 2;
	n = start = base == 10 ? 0 : 2;
	for (; lx->pos + n < lx->src->len && digit_value(s[n], base) >= 0; n++) {
		unsigned int d = (unsigned int)digit_value(s[n], base);

		if (v > (UINT64_MAX - d) / (uint64_t)base)
			overflow = true;
		v = v * (uint64_t)base + d;
	}
	if (n == start || is_ident_char(lx->pos + n < lx->src->len ? s[n] : 0)) {
		while (lx->pos + n < lx->src->len && is_ident_char(s[n]))
			n++;
		lex_error(c, lx->col, "invalid number '%.*s'", (int)n, s);
		return false;
	}
	if (overflow) {
		lex_error(c, lx->col, "number '%.*s' does not fit in 64 bits", (int)n, s);
		return false;
	}
	t->num = v;
	t->len = n;
	advance(lx, n);
	return true;
}

/*
 * lex_string - "..." with \" and \\; false after reporting an error. The
 * string is measured before it is copied: a buffer sized by the rest of the
 * file made a spec of many strings quadratic in memory.
 */
static bool lex_string(struct sp_cursor *c, struct sp_tok *t)
{
	struct sp_lexer *lx = &c->lx;
	const char *s = lx->src->text;
	size_t i = lx->pos + 1, out = 0;
	char *buf;

	for (;; i++, out++) {
		if (i >= lx->src->len || s[i] == '\n') {
			lex_error(c, lx->col, "unterminated string");
			return false;
		}
		if (s[i] == '"')
			break;
		if (s[i] == '\\') {
			if (s[i + 1] != '"' && s[i + 1] != '\\') {
				int col = lx->col + (int)(i - lx->pos);

				if (s[i + 1] == '\n' || !s[i + 1])
					lex_error(c, lx->col, "unterminated string");
				else
					lex_error(
						c, col,
						"unknown escape '\\%c' in string (only \\\" and \\\\)",
						s[i + 1]);
				return false;
			}
			i++;
		}
	}
	t->str = buf = sp_alloc(c->arena, out + 1);
	for (size_t j = lx->pos + 1; j < i; j++)
		*buf++ = s[j] == '\\' ? s[++j] : s[j];
	t->len = i + 1 - lx->pos;
	advance(lx, t->len);
	return true;
}

/* wants_dashed_name - whether the next word is the name of a 'rule' or 'spec' */
static bool wants_dashed_name(const struct sp_cursor *c)
{
	if (c->ntoks != 1 || c->toks[0].kind != SP_T_IDENT)
		return false;
	for (size_t i = 0; i < sizeof(dashed_name_stmts) / sizeof(dashed_name_stmts[0]); i++)
		if (!strcmp(c->toks[0].str, dashed_name_stmts[i]))
			return true;
	return false;
}

/* lex_word - an identifier, or a rule name: [A-Za-z0-9_.-]+ right after 'rule' */
static void lex_word(struct sp_cursor *c, struct sp_tok *t, bool dashed)
{
	struct sp_lexer *lx = &c->lx;
	const char *s = lx->src->text + lx->pos;
	size_t n = 0;

	while (lx->pos + n < lx->src->len &&
	       (is_ident_char(s[n]) || (dashed && (s[n] == '-' || s[n] == '.'))))
		n++;
	t->len = n;
	t->str = sp_strndup(c->arena, s, n);
	advance(lx, n);
}

/* lex_punct - an operator or separator; false if the byte starts no token */
static bool lex_punct(struct sp_lexer *lx, struct sp_tok *t)
{
	for (size_t i = 0; i < sizeof(puncts) / sizeof(puncts[0]); i++) {
		size_t n = strlen(puncts[i].text);

		if (lx->pos + n <= lx->src->len &&
		    !strncmp(lx->src->text + lx->pos, puncts[i].text, n)) {
			t->kind = puncts[i].kind;
			t->len = n;
			advance(lx, n);
			return true;
		}
	}
	return false;
}

/* lex_token - one token at the lexer's position; false after reporting an error */
static bool lex_token(struct sp_cursor *c, bool space)
{
	char ch = cur(&c->lx);
	bool dashed = wants_dashed_name(c);
	struct sp_tok *t;

	if (isalpha((unsigned char)ch) || ch == '_' || (dashed && isdigit((unsigned char)ch))) {
		t = push_tok(c, SP_T_IDENT, space);
		lex_word(c, t, dashed);
		return true;
	}
	if (isdigit((unsigned char)ch))
		return lex_number(c, push_tok(c, SP_T_NUM, space));
	if (ch == '"')
		return lex_string(c, push_tok(c, SP_T_STR, space));
	t = push_tok(c, SP_T_EOL, space);
	if (lex_punct(&c->lx, t))
		return true;
	c->ntoks--;
	if (ch == '\\')
		lex_error(c, c->lx.col, "stray '\\' (a continuation must end the line)");
	else if (isprint((unsigned char)ch))
		lex_error(c, c->lx.col, "unexpected character '%c'", ch);
	else
		lex_error(c, c->lx.col, "unexpected byte 0x%02x", (unsigned char)ch);
	return false;
}

/* skip_line - after an error: move to the end of the logical line */
static void skip_line(struct sp_lexer *lx)
{
	while (lx->pos < lx->src->len && cur(lx) != '\n') {
		if (cur(lx) == '\\' && is_continuation(lx))
			skip_continuation(lx);
		else
			advance(lx, 1);
	}
}

/* sp_lex_start - read src from its beginning (the cursor's tokens are kept) */
void sp_lex_start(struct sp_cursor *c, const struct sp_src *src)
{
	c->lx = (struct sp_lexer){ .src = src, .pos = 0, .line = 1, .col = 1 };
}

/*
 * sp_lex_line - the next logical line into the cursor; false at end of file.
 * A line with a lexical error comes back empty (the error is reported).
 */
bool sp_lex_line(struct sp_cursor *c)
{
	struct sp_lexer *lx = &c->lx;
	bool space = true, continued = false;
	struct sp_tok *eol;

	c->ntoks = 0;
	c->i = 0;
	c->nest = 0;
	if (lx->pos >= lx->src->len)
		return false;
	for (;;) {
		char ch = cur(lx);

		if (lx->pos >= lx->src->len || ch == '\n')
			break;
		if (is_blank(ch)) {
			advance(lx, 1);
			space = true;
		} else if (ch == '#' && !c->ntoks && !continued) {
			/* a comment line: '#' elsewhere is the exclusion operator */
			while (lx->pos < lx->src->len && cur(lx) != '\n')
				advance(lx, 1);
		} else if (ch == '\\' && is_continuation(lx)) {
			skip_continuation(lx);
			continued = space = true;
		} else if (lex_token(c, space)) {
			space = false;
		} else {
			skip_line(lx);
			c->ntoks = 0;
			break;
		}
	}
	eol = push_tok(c, SP_T_EOL, true);
	eol->len = 0;
	if (lx->pos < lx->src->len)
		newline(lx);
	if (c->ntoks == 1)
		c->ntoks = 0; /* blank, comment, or a lexical error */
	return true;
}

/* sp_tok_text - the raw text of a token, in buf */
const char *sp_tok_text(const struct sp_cursor *c, const struct sp_tok *t, char *buf, size_t size)
{
	const char *text = c->lx.src->text + t->off;
	size_t n = t->len < size - 1 ? t->len : size - 1;

	memcpy(buf, text, n);
	buf[n] = 0;
	return buf;
}

/* sp_toks_text - the raw text of tokens [from, to), blanks between them one space */
const char *sp_toks_text(const struct sp_cursor *c, int from, int to)
{
	size_t size = 1;
	char *text, *o;

	for (int i = from; i < to; i++)
		size += c->toks[i].len + 1;
	o = text = sp_alloc(c->arena, size);
	for (int i = from; i < to; i++) {
		if (i > from && c->toks[i].space)
			*o++ = ' ';
		memcpy(o, c->lx.src->text + c->toks[i].off, c->toks[i].len);
		o += c->toks[i].len;
	}
	*o = 0;
	return text;
}

/* sp_peek - the current token (SP_T_EOL at the end of the line) */
struct sp_tok *sp_peek(struct sp_cursor *c)
{
	return &c->toks[c->i];
}

/* sp_peek2 - the token after the current one */
struct sp_tok *sp_peek2(struct sp_cursor *c)
{
	return &c->toks[c->i + 1 < c->ntoks ? c->i + 1 : c->ntoks - 1];
}

/* sp_take - the current token, moving past it (never past the end of the line) */
struct sp_tok *sp_take(struct sp_cursor *c)
{
	struct sp_tok *t = &c->toks[c->i];

	if (t->kind != SP_T_EOL)
		c->i++;
	return t;
}

/* sp_is_kw - whether a token is the word kw */
bool sp_is_kw(const struct sp_tok *t, const char *kw)
{
	return t->kind == SP_T_IDENT && !strcmp(t->str, kw);
}

/* sp_accept - move past the current token if it is of this kind */
bool sp_accept(struct sp_cursor *c, enum sp_tok_kind kind)
{
	if (sp_peek(c)->kind != kind)
		return false;
	sp_take(c);
	return true;
}

/* sp_accept_kw - move past the current token if it is the word kw */
bool sp_accept_kw(struct sp_cursor *c, const char *kw)
{
	if (!sp_is_kw(sp_peek(c), kw))
		return false;
	sp_take(c);
	return true;
}

/* sp_describe - a token as named in "expected X, found Y" */
const char *sp_describe(const struct sp_cursor *c, const struct sp_tok *t, char *buf, size_t size)
{
	char raw[64];

	sp_tok_text(c, t, raw, sizeof(raw));
	switch (t->kind) {
	case SP_T_EOL:
		snprintf(buf, size, "end of line");
		break;
	case SP_T_NUM:
		snprintf(buf, size, "number '%s'", raw);
		break;
	case SP_T_STR:
		snprintf(buf, size, "string %s", raw);
		break;
	default:
		snprintf(buf, size, "'%s'", raw);
		break;
	}
	return buf;
}

/* sp_fail_silently - abandon the line, the error being already reported */
void sp_fail_silently(struct sp_cursor *c)
{
	longjmp(*c->fail, 1);
}

/* sp_fail - report an error at a token and abandon the line */
void sp_fail(struct sp_cursor *c, const struct sp_tok *t, const char *hint, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sp_error(c->diag, &t->loc, hint, "%s", msg);
	sp_fail_silently(c);
}

/* sp_fail_expected - "expected WHAT, found <the current token>", and abandon the line */
void sp_fail_expected(struct sp_cursor *c, const char *what)
{
	char buf[96];

	sp_fail(c, sp_peek(c), NULL, "expected %s, found %s", what,
		sp_describe(c, sp_peek(c), buf, sizeof(buf)));
}

/* sp_expect - the current token, which must be of this kind (what: for the error) */
struct sp_tok *sp_expect(struct sp_cursor *c, enum sp_tok_kind kind, const char *what)
{
	if (sp_peek(c)->kind != kind)
		sp_fail_expected(c, what);
	return sp_take(c);
}

/* sp_expect_kw - move past the word kw, which must be there */
void sp_expect_kw(struct sp_cursor *c, const char *kw)
{
	char what[40];

	if (sp_accept_kw(c, kw))
		return;
	snprintf(what, sizeof(what), "'%s'", kw);
	sp_fail_expected(c, what);
}

/* sp_end_of_line - the statement must end here */
void sp_end_of_line(struct sp_cursor *c)
{
	if (sp_peek(c)->kind != SP_T_EOL)
		sp_fail_expected(c, "end of line");
}

/*
 * sp_nest_in - one level deeper into a (sub)expression. The grammar is
 * recursive: without a bound, a line of nested parentheses or '!'s overflows
 * the stack.
 */
void sp_nest_in(struct sp_cursor *c)
{
	if (++c->nest > SP_MAX_NEST)
		sp_fail(c, sp_peek(c), NULL, "expression nested too deeply (more than %d levels)",
			SP_MAX_NEST);
}

/* sp_nest_out - back out of a level entered with sp_nest_in */
void sp_nest_out(struct sp_cursor *c)
{
	c->nest--;
}
