// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * spec_lex.c - split a spec file into logical lines of tokens with line:col
 *
 * The language is line-oriented, so the lexer hands the parser one logical
 * line at a time (physical lines joined by a trailing backslash). A lexical
 * error is reported once and the rest of its logical line is skipped.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec_impl.h"

/* Longest first, so that "<=" wins over "<". */
static const struct {
	const char *text;
	enum tok_kind kind;
} puncts[] = {
	{ "||", T_OROR },  { "&&", T_ANDAND }, { "<<", T_SHL },	  { "<=", T_LE },
	{ ">=", T_GE },	   { "==", T_EQ },     { "!=", T_NE },	  { ":", T_COLON },
	{ ",", T_COMMA },  { "(", T_LPAREN },  { ")", T_RPAREN }, { "[", T_LBRACKET },
	{ "]", T_RBRACKET }, { "<", T_LT },    { ">", T_GT },	  { "=", T_ASSIGN },
	{ "+", T_PLUS },   { "-", T_MINUS },   { "*", T_STAR },	  { "$", T_DOLLAR },
	{ "#", T_HASH },   { "~", T_TILDE },   { "&", T_AMP },	  { "|", T_PIPE },
	{ "!", T_BANG },   { "@", T_AT },      { ".", T_DOT },
};

/* The statements whose name (next word) may contain '-' and '.'. */
static const char *const dashed_name_stmts[] = { "rule", "spec" };

/* cur - the byte at the lexer's position, or 0 at the end */
static char cur(const struct lexer *lx)
{
	return lx->pos < lx->src->len ? lx->src->text[lx->pos] : 0;
}

/* at - the byte n after the lexer's position, or 0 past the end */
static char at(const struct lexer *lx, size_t n)
{
	return lx->pos + n < lx->src->len ? lx->src->text[lx->pos + n] : 0;
}

/* advance - move over n bytes of one physical line */
static void advance(struct lexer *lx, size_t n)
{
	lx->pos += n;
	lx->col += (int)n;
}

/* newline - move over a '\n' */
static void newline(struct lexer *lx)
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
static bool is_continuation(const struct lexer *lx)
{
	size_t n = 1;

	while (is_blank(at(lx, n)))
		n++;
	return at(lx, n) == '\n' || lx->pos + n >= lx->src->len;
}

/* skip_continuation - move over a backslash, blanks and the newline */
static void skip_continuation(struct lexer *lx)
{
	advance(lx, 1);
	while (is_blank(cur(lx)))
		advance(lx, 1);
	if (cur(lx) == '\n')
		newline(lx);
}

/* push_tok - a new token at the lexer's position */
static struct tok *push_tok(struct parser *p, struct lexer *lx, enum tok_kind kind, bool space)
{
	struct tok *t;

	if (p->ntoks == p->tcap) {
		p->tcap = p->tcap ? 2 * p->tcap : 32;
		p->toks = realloc(p->toks, (size_t)p->tcap * sizeof(*p->toks));
		if (!p->toks)
			abort();
	}
	t = &p->toks[p->ntoks++];
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->loc.file = lx->src->name;
	t->loc.line = lx->line;
	t->loc.col = lx->col;
	t->off = lx->pos;
	t->space = space;
	return t;
}

/* lex_error - report a lexical error at a column of the current line */
static void __attribute__((format(printf, 4, 5)))
lex_error(struct parser *p, struct lexer *lx, int col, const char *fmt, ...)
{
	struct spec_loc loc = { lx->src->name, lx->line, col };
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sp_error(&p->diag, &loc, NULL, "%s", msg);
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
static bool lex_number(struct parser *p, struct lexer *lx, struct tok *t)
{
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
		lex_error(p, lx, lx->col, "invalid number '%.*s'", (int)n, s);
		return false;
	}
	if (overflow) {
		lex_error(p, lx, lx->col, "number '%.*s' does not fit in 64 bits", (int)n, s);
		return false;
	}
	t->num = v;
	t->len = n;
	advance(lx, n);
	return true;
}

/* lex_string - "..." with \" and \\; false after reporting an error */
static bool lex_string(struct parser *p, struct lexer *lx, struct tok *t)
{
	const char *s = lx->src->text;
	size_t i = lx->pos + 1, out = 0;
	char *buf = sp_alloc(&p->impl->arena, lx->src->len - lx->pos);

	for (;; i++) {
		if (i >= lx->src->len || s[i] == '\n') {
			lex_error(p, lx, lx->col, "unterminated string");
			return false;
		}
		if (s[i] == '"')
			break;
		if (s[i] == '\\') {
			if (s[i + 1] != '"' && s[i + 1] != '\\') {
				int col = lx->col + (int)(i - lx->pos);

				if (s[i + 1] == '\n' || !s[i + 1])
					lex_error(p, lx, lx->col, "unterminated string");
				else
					lex_error(
						p, lx, col,
						"unknown escape '\\%c' in string (only \\\" and \\\\)",
						s[i + 1]);
				return false;
			}
			i++;
		}
		buf[out++] = s[i];
	}
	buf[out] = 0;
	t->str = buf;
	t->len = i + 1 - lx->pos;
	advance(lx, t->len);
	return true;
}

/* wants_dashed_name - whether the next word is the name of a 'rule' or 'spec' */
static bool wants_dashed_name(const struct parser *p)
{
	if (p->ntoks != 1 || p->toks[0].kind != T_IDENT)
		return false;
	for (size_t i = 0; i < sizeof(dashed_name_stmts) / sizeof(dashed_name_stmts[0]); i++)
		if (!strcmp(p->toks[0].str, dashed_name_stmts[i]))
			return true;
	return false;
}

/* lex_word - an identifier, or a rule name: [A-Za-z0-9_.-]+ right after 'rule' */
static void lex_word(struct parser *p, struct lexer *lx, struct tok *t, bool dashed)
{
	const char *s = lx->src->text + lx->pos;
	size_t n = 0;

	while (lx->pos + n < lx->src->len &&
	       (is_ident_char(s[n]) || (dashed && (s[n] == '-' || s[n] == '.'))))
		n++;
	t->len = n;
	t->str = sp_strndup(&p->impl->arena, s, n);
	advance(lx, n);
}

/* lex_punct - an operator or separator; false if the byte starts no token */
static bool lex_punct(struct lexer *lx, struct tok *t)
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
static bool lex_token(struct parser *p, struct lexer *lx, bool space)
{
	char c = cur(lx);
	bool dashed = wants_dashed_name(p);
	struct tok *t;

	if (isalpha((unsigned char)c) || c == '_' || (dashed && isdigit((unsigned char)c))) {
		t = push_tok(p, lx, T_IDENT, space);
		lex_word(p, lx, t, dashed);
		return true;
	}
	if (isdigit((unsigned char)c))
		return lex_number(p, lx, push_tok(p, lx, T_NUM, space));
	if (c == '"')
		return lex_string(p, lx, push_tok(p, lx, T_STR, space));
	t = push_tok(p, lx, T_EOL, space);
	if (lex_punct(lx, t))
		return true;
	p->ntoks--;
	if (c == '\\')
		lex_error(p, lx, lx->col, "stray '\\' (a continuation must end the line)");
	else if (isprint((unsigned char)c))
		lex_error(p, lx, lx->col, "unexpected character '%c'", c);
	else
		lex_error(p, lx, lx->col, "unexpected byte 0x%02x", (unsigned char)c);
	return false;
}

/* skip_line - after an error: move to the end of the logical line */
static void skip_line(struct lexer *lx)
{
	while (lx->pos < lx->src->len && cur(lx) != '\n') {
		if (cur(lx) == '\\' && is_continuation(lx))
			skip_continuation(lx);
		else
			advance(lx, 1);
	}
}

/*
 * spec_lex_line - the next logical line into p->toks; false at end of file.
 * A line with a lexical error comes back empty (the error is reported).
 */
bool spec_lex_line(struct parser *p, struct lexer *lx)
{
	bool space = true, continued = false;
	struct tok *eol;

	p->ntoks = 0;
	p->i = 0;
	if (lx->pos >= lx->src->len)
		return false;
	for (;;) {
		char c = cur(lx);

		if (lx->pos >= lx->src->len || c == '\n')
			break;
		if (is_blank(c)) {
			advance(lx, 1);
			space = true;
		} else if (c == '#' && !p->ntoks && !continued) {
			/* a comment line: '#' elsewhere is the exclusion operator */
			while (lx->pos < lx->src->len && cur(lx) != '\n')
				advance(lx, 1);
		} else if (c == '\\' && is_continuation(lx)) {
			skip_continuation(lx);
			continued = space = true;
		} else if (lex_token(p, lx, space)) {
			space = false;
		} else {
			skip_line(lx);
			p->ntoks = 0;
			break;
		}
	}
	eol = push_tok(p, lx, T_EOL, true);
	eol->len = 0;
	if (lx->pos < lx->src->len)
		newline(lx);
	if (p->ntoks == 1)
		p->ntoks = 0;	/* blank, comment, or a lexical error */
	return true;
}

/* spec_tok_text - the raw text of a token, in buf */
const char *spec_tok_text(const struct parser *p, const struct tok *t, char *buf, size_t size)
{
	const char *text = p->src->text + t->off;
	size_t n = t->len < size - 1 ? t->len : size - 1;

	memcpy(buf, text, n);
	buf[n] = 0;
	return buf;
}
