// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace_other.c - input that is not a trace: say what it looks like and what was meant
 *
 * People give ccsl-check the wrong file: the spec without -s, its own JSON report, the
 * vmlinux, a packet capture, the zip a bug tracker made. Each is refused with one line that
 * names what the input looks like and what was probably meant, instead of "not a trace".
 * Two entries of the picker's table: tn_binary, before the text reader, refuses formats
 * known by their magic bytes (which the text reader would otherwise read to the end);
 * tn_other, last, says what an input that no source read looks like (text forms are known
 * only once the text reader found no record in them), or that it is no trace at all.
 *
 * Only the picker's head of the input (TS_HEAD bytes) is looked at. Holds nothing. Named
 * by the picker only.
 */
#include <stdio.h>
#include <string.h>

#include "trace_source.h"

/* A kind of input that is not a trace. */
struct kind {
	bool magic;		/* told by its first bytes: refused before the text reader */
	bool (*is)(const uint8_t *p, size_t len);
	const char *say;	/* what it is and what was meant */
	const char *then;	/* if not NULL: say, the input's name, then this */
};

/* starts - whether p (len bytes) starts with the NUL-terminated s */
static bool starts(const uint8_t *p, size_t len, const char *s)
{
	size_t n = strlen(s);

	return len >= n && !memcmp(p, s, n);
}

/* is_elf - a program, a library, an object, a kernel module, vmlinux */
static bool is_elf(const uint8_t *p, size_t len)
{
	return starts(p, len, "\x7f" "ELF");
}

/* is_pcap - a libpcap capture (either byte order, microsecond or nanosecond stamps) */
static bool is_pcap(const uint8_t *p, size_t len)
{
	return starts(p, len, "\xd4\xc3\xb2\xa1") || starts(p, len, "\xa1\xb2\xc3\xd4") ||
	       starts(p, len, "\x4d\x3c\xb2\xa1") || starts(p, len, "\xa1\xb2\x3c\x4d");
}

/* is_pcapng - a pcapng capture (its section header block) */
static bool is_pcapng(const uint8_t *p, size_t len)
{
	return starts(p, len, "\x0a\x0d\x0d\x0a");
}

/* is_perf - perf record's perf.data */
static bool is_perf(const uint8_t *p, size_t len)
{
	return starts(p, len, "PERFILE2");
}

/* is_zip - a zip archive (a bug tracker's attachment bundle) */
static bool is_zip(const uint8_t *p, size_t len)
{
	return starts(p, len, "PK\x03\x04");
}

/* is_tar - a POSIX tar archive */
static bool is_tar(const uint8_t *p, size_t len)
{
	return len > 262 && !memcmp(p + 257, "ustar", 5);
}

/* is_lz4 - an lz4 frame: compressed, but not in a format read here */
static bool is_lz4(const uint8_t *p, size_t len)
{
	return starts(p, len, "\x04\x22\x4d\x18");
}

/* first_char - the first byte that is not white space, or 0 */
static char first_char(const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!strchr(" \t\r\n", p[i]) || !p[i])
			return (char)p[i];
	return 0;
}

/* contains - whether the NUL-terminated s occurs in p (len bytes) */
static bool contains(const uint8_t *p, size_t len, const char *s)
{
	return memmem(p, len, s, strlen(s)) != NULL;
}

/* is_json_report - ccsl-check's own JSON report */
static bool is_json_report(const uint8_t *p, size_t len)
{
	return first_char(p, len) == '{' && contains(p, len, "\"verdict\"") &&
	       contains(p, len, "\"spec\"");
}

/* is_json - some other JSON document */
static bool is_json(const uint8_t *p, size_t len)
{
	char c = first_char(p, len);

	return c == '{' || c == '[';
}

/* is_junit - a JUnit XML report */
static bool is_junit(const uint8_t *p, size_t len)
{
	return first_char(p, len) == '<' && contains(p, len, "<testsuite");
}

/* is_vcd - a VCD timing diagram (ccsl-check --vcd writes them) */
static bool is_vcd(const uint8_t *p, size_t len)
{
	return first_char(p, len) == '$' &&
	       (contains(p, len, "$timescale") || contains(p, len, "$scope"));
}

/* is_text_report - ccsl-check's own text report: "FILE: VERDICT" first */
static bool is_text_report(const uint8_t *p, size_t len)
{
	static const char *const verdicts[] = { ": CONFORMS\n", ": VIOLATED\n",
						": INCONCLUSIVE\n", ": ERROR\n" };
	const uint8_t *nl = memchr(p, '\n', len);

	for (size_t i = 0; nl && i < sizeof(verdicts) / sizeof(verdicts[0]); i++) {
		size_t n = strlen(verdicts[i]);

		if ((size_t)(nl + 1 - p) >= n && !memcmp(nl + 1 - n, verdicts[i], n))
			return true;
	}
	return false;
}

/* spec_line - whether a line starts with a statement of the CCSL language ("clock x = ...") */
static int spec_line(const uint8_t *p, const uint8_t *end)
{
	static const char *const words[] = { "spec", "include", "const", "clock", "rule",
					     "register", "instance", "pair", "history", "label",
					     "default" };

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t n = strlen(words[i]);

		if ((size_t)(end - p) > n && !memcmp(p, words[i], n) && strchr(" \t", p[n]))
			return !strcmp(words[i], "spec") || !strcmp(words[i], "include") ? 2 : 1;
	}
	return 0;
}

/* is_spec - a CCSL specification: "spec" or "include" first, or two statements */
static bool is_spec(const uint8_t *p, size_t len)
{
	const uint8_t *end = p + len;
	int score = 0;

	while (p < end && score < 2) {
		const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
		const uint8_t *e = nl ? nl : end;
		int s;

		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		if (p < e && *p != '#') {
			s = spec_line(p, e);
			if (!s)
				return false;
			score += s;
		}
		p = nl ? nl + 1 : end;
	}
	return score >= 2;
}

/* is_tracefs_empty - tracefs text with its header and no record: an empty buffer */
static bool is_tracefs_empty(const uint8_t *p, size_t len)
{
	return starts(p, len, "# tracer: ");
}

/* is_report_empty - trace-cmd report text with no record */
static bool is_report_empty(const uint8_t *p, size_t len)
{
	return starts(p, len, "cpus=");
}

static const struct kind kinds[] = {
	{ true, is_elf, "an ELF file (a program, a library, a kernel module or vmlinux), not a "
			"trace: give the trace.dat that trace-cmd record wrote, or its text", NULL },
	{ true, is_pcap, "a packet capture (pcap), not a trace: ccsl-check reads ftrace "
			 "recordings (trace.dat, trace-cmd report or tracefs text)", NULL },
	{ true, is_pcapng, "a packet capture (pcapng), not a trace: ccsl-check reads ftrace "
			   "recordings (trace.dat, trace-cmd report or tracefs text)", NULL },
	{ true, is_perf, "a perf.data file, not an ftrace trace: record with trace-cmd record "
			 "or ccsl-record", NULL },
	{ true, is_zip, "a zip archive: unpack it and give the trace it holds", NULL },
	{ true, is_tar, "a tar archive: unpack it and give the trace it holds", NULL },
	{ true, is_lz4, "lz4-compressed: decompress it first (lz4 -d); gzip, xz, zstd and "
			"bzip2 are read as they are", NULL },
	{ false, is_json_report, "a JSON report of ccsl-check, not a trace: give the trace it "
				 "was made from (its traces[].file)", NULL },
	{ false, is_json, "a JSON document, not a trace", NULL },
	{ false, is_junit, "an XML (JUnit) report, not a trace: give the trace it was made "
			   "from", NULL },
	{ false, is_vcd, "a VCD timing diagram, not a trace: give the trace it was made from", NULL },
	{ false, is_text_report, "a text report of ccsl-check, not a trace: give the trace it "
				 "was made from", NULL },
	{ false, is_spec, "a CCSL specification, not a trace: give it with -s (ccsl-check -s ",
	  " TRACE...)" },
	{ false, is_tracefs_empty, "tracefs text without a single record (an empty buffer: "
				   "were the events enabled while the driver ran?)", NULL },
	{ false, is_report_empty, "trace-cmd report text without a single record", NULL },
};

/* refuse - what in looks like, among the kinds told by their magic (or all): TS_ERROR */
static enum ts_probe refuse(const struct ts_input *in, bool magic_only, char why[TI_ERR_LEN])
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		const struct kind *k = &kinds[i];

		if ((magic_only && !k->magic) || !k->is(in->head, in->head_len))
			continue;
		snprintf(why, TI_ERR_LEN, "%s: %s%s%s", in->path, k->say, k->then ? in->path : "",
			 k->then ? k->then : "");
		return TS_ERROR;
	}
	if (magic_only)
		return TS_DECLINE;
	snprintf(why, TI_ERR_LEN, "%s: not a trace.dat file and not trace text (trace-cmd "
		 "report, tracefs)", in->path);
	return TS_ERROR;
}

/* probe_binary - a format told by its magic bytes */
static enum ts_probe probe_binary(struct ts_input *in, char why[TI_ERR_LEN])
{
	why[0] = '\0';
	return refuse(in, true, why);
}

/* probe_other - the last entry: whatever no source read */
static enum ts_probe probe_other(struct ts_input *in, char why[TI_ERR_LEN])
{
	return refuse(in, false, why);
}

const struct ts_ops tn_binary = {
	.name = "not a trace",
	.probe = probe_binary,
};

const struct ts_ops tn_other = {
	.name = "not a trace",
	.probe = probe_other,
};
