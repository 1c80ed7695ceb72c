// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * report_escape.c - strings from traces and specs, made safe for a terminal
 *
 * Trace file names, task names, field strings and spec messages are arbitrary
 * bytes: printed raw, a newline breaks the one-record-per-line layout and an
 * escape sequence drives the reader's terminal. The text writers print them
 * through report_put_text(); the XML and HTML writers through report_put_markup().
 */
#include <stdarg.h>
#include <stdio.h>

#include "report.h"

/* report_utf8_len - length of the valid character at s (1-4 bytes), or 0 if it is not one */
int report_utf8_len(const unsigned char *s)
{
	uint32_t cp;
	int n;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	cp = s[0] & (0x7f >> n);
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;	/* also stops at the terminating NUL */
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and the non-characters XML 1.0 excludes. */
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff)
		return 0;
	return n;
}

/* is_control - a C0 or C1 control character, or DEL, at s (n bytes long) */
static bool is_control(const unsigned char *s, int n)
{
	return (n == 1 && (s[0] < 0x20 || s[0] == 0x7f)) || (n == 2 && s[0] == 0xc2 && s[1] < 0xa0);
}

/* report_put_text - a string with control characters and invalid UTF-8 shown as \xNN */
void report_put_text(FILE *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");

	while (*s) {
		int n = report_utf8_len(s);

		if (!n || is_control(s, n)) {
			for (int i = 0; i < (n ? n : 1); i++)
				fprintf(out, "\\x%02x", s[i]);
		} else {
			fwrite(s, 1, (size_t)n, out);
		}
		s += n ? n : 1;
	}
}

/*
 * report_put_markup - s escaped for XML or HTML text (attr false) or a quoted attribute
 * value. XML 1.0 cannot carry most control characters or invalid UTF-8 even as
 * character references, and they are errors in HTML, so those (trace strings are
 * arbitrary bytes) are shown as \xNN, as are C1 controls.
 */
void report_put_markup(FILE *out, const char *str, bool attr)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");

	while (*s) {
		int n = report_utf8_len(s);

		if (*s == '&')
			fputs("&amp;", out);
		else if (*s == '<')
			fputs("&lt;", out);
		else if (*s == '>')
			fputs("&gt;", out);
		else if (*s == '"')
			fputs("&quot;", out);
		else if (*s == '\'')
			fputs("&apos;", out);
		/* In attributes, a parser would turn a literal tab or newline into a space. */
		else if (*s == '\r' || (attr && (*s == '\t' || *s == '\n')))
			fprintf(out, "&#%d;", *s);
		else if (!n || (is_control(s, n) && *s != '\t' && *s != '\n'))
			for (int i = 0; i < (n ? n : 1); i++)
				fprintf(out, "\\x%02x", s[i]);
		else
			fwrite(s, 1, (size_t)n, out);
		s += n ? n : 1;
	}
}

/* report_put_sub - " (vq_index 1)": the value of a per rule's field a finding is about */
void report_put_sub(FILE *out, const struct fnd_rule *rule, const char *sub)
{
	if (!sub)
		return;
	fputs(" (", out);
	report_put_text(out, rule->per);
	fputc(' ', out);
	report_put_text(out, sub);
	fputc(')', out);
}

/* report_vstrf - report_strf with a va_list */
char *report_vstrf(const char *fmt, va_list ap)
{
	char *str;

	return vasprintf(&str, fmt, ap) < 0 ? NULL : str;
}

/* report_strf - a formatted string (malloc'd), or NULL when out of memory */
char *report_strf(const char *fmt, ...)
{
	va_list ap;
	char *str;

	va_start(ap, fmt);
	str = report_vstrf(fmt, ap);
	va_end(ap);
	return str;
}
