// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * main.c - ccsl-check: options, the spec, the traces, the report, the exit status
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checker.h"
#include "findings.h"
#include "jobs.h"
#include "report.h"
#include "spec.h"

#define BUILTIN_SPEC "virtio"

enum output_format {
	FORMAT_TEXT,
	FORMAT_JSON,
};

struct options {
	const char *spec_file;	/* NULL: the built-in spec */
	enum output_format format;
	const char *output;	/* NULL: stdout */
	const char *junit;	/* --junit FILE, besides the report */
	const char *vcd;	/* --vcd FILE, besides the report */
	bool timeline;
	bool check_spec;
	bool list_clocks;
	bool warnings_as_errors;
	int jobs;		/* -j: worker processes (1: none) */
	int verbose;		/* -q: -1 */
	int color;		/* -1 auto, 0 never, 1 always */
	struct check_options check;
};

enum {
	OPT_TIMELINE = 256,
	OPT_CHECK_SPEC,
	OPT_LIST_CLOCKS,
	OPT_COLOR,
	OPT_WERROR,
	OPT_CONTEXT,
	OPT_MERGE,
	OPT_PROGRESS,
	OPT_JUNIT,
	OPT_VCD,
};

static const char *const usage_msg[] = {
	"usage: ccsl-check [OPTIONS] TRACE...",
	"       ccsl-check --check-spec [-s SPEC]",
	"       ccsl-check --list-clocks [-s SPEC]",
	"",
	"Check trace.dat recordings of VirtIO drivers (or any ftrace recording) against a",
	"CCSL specification; the built-in one checks the VirtIO device status protocol.",
	"",
	"  -s, --spec FILE            the specification (default: the built-in VirtIO spec)",
	"  -f, --format text|json     report format (default: text)",
	"  -o, --output FILE          write the report to FILE, atomically (default: stdout)",
	"      --junit FILE           also write a JUnit XML report (a test per device and rule)",
	"      --vcd FILE             also write a VCD timing diagram of every clock (GTKWave)",
	"      --timeline             print every instance's events in order instead of checking",
	"      --check-spec           validate the specification only",
	"      --list-clocks          print the specification's clocks and what feeds them",
	"      --warnings-as-errors   SHOULD rules (warnings) also make the exit status 1",
	"      --context N            records shown before and after a violation (default: 5)",
	"  -j, --jobs N               check the traces in N worker processes (default: 1)",
	"      --merge-equal-timestamps",
	"                             one step for a device's consecutive records of one timestamp",
	"  -q, --quiet                one summary line per instance",
	"  -v, --verbose              also what the trace libraries said while reading",
	"      --progress[=auto|always|never]",
	"                             progress on stderr (default: auto: a terminal, traces > 4 MB)",
	"      --color=auto|always|never",
	"                             colour the text report (default: auto, a terminal only)",
	"  -h, --help                 this help",
	"  -V, --version              the version",
	"",
	"Exit status: 0 conforms, 1 violated, 2 error (usage, unreadable trace, invalid spec,",
	"out of memory), 3 inconclusive (nothing observed, events missing, pending obligations,",
	"lost events).",
	NULL,
};

/* usage - print the help to out and exit with status */
static void __attribute__((noreturn)) usage(FILE *out, int status)
{
	for (int i = 0; usage_msg[i]; i++)
		fprintf(out, "%s\n", usage_msg[i]);
	exit(status);
}

/* die_usage - a misuse of the command line: one line, exit 2 */
static void __attribute__((noreturn, format(printf, 1, 2))) die_usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "ccsl-check: ");
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'ccsl-check --help' for more information.\n");
	exit(EXIT_ERROR);
}

/* parse_int - a non-negative integer option */
static int parse_int(const char *s, const char *opt)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < 0 || v > INT_MAX)
		die_usage("invalid number for %s", opt);
	return (int)v;
}

/* parse_args - the options; returns the index of the first trace */
static int parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "spec", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "timeline", no_argument, NULL, OPT_TIMELINE },
		{ "check-spec", no_argument, NULL, OPT_CHECK_SPEC },
		{ "list-clocks", no_argument, NULL, OPT_LIST_CLOCKS },
		{ "warnings-as-errors", no_argument, NULL, OPT_WERROR },
		{ "context", required_argument, NULL, OPT_CONTEXT },
		{ "junit", required_argument, NULL, OPT_JUNIT },
		{ "vcd", required_argument, NULL, OPT_VCD },
		{ "merge-equal-timestamps", no_argument, NULL, OPT_MERGE },
		{ "color", optional_argument, NULL, OPT_COLOR },
		{ "progress", optional_argument, NULL, OPT_PROGRESS },
		{ "jobs", required_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "s:f:o:j:qvhV", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			o->spec_file = optarg;
			break;
		case 'f':
			if (!strcmp(optarg, "text"))
				o->format = FORMAT_TEXT;
			else if (!strcmp(optarg, "json"))
				o->format = FORMAT_JSON;
			else
				die_usage("unknown format '%s' (text or json)", optarg);
			break;
		case 'o':
			o->output = optarg;
			break;
		case OPT_TIMELINE:
			o->timeline = true;
			break;
		case OPT_CHECK_SPEC:
			o->check_spec = true;
			break;
		case OPT_LIST_CLOCKS:
			o->list_clocks = true;
			break;
		case OPT_WERROR:
			o->warnings_as_errors = true;
			break;
		case OPT_CONTEXT:
			o->check.context = parse_int(optarg, "--context");
			break;
		case OPT_MERGE:
			o->check.merge_equal_ts = true;
			break;
		case OPT_PROGRESS:
			if (!optarg || !strcmp(optarg, "always"))
				o->check.progress = 1;
			else if (!strcmp(optarg, "never"))
				o->check.progress = 0;
			else if (!strcmp(optarg, "auto"))
				o->check.progress = isatty(STDERR_FILENO) ? 2 : 0;
			else
				die_usage("unknown --progress value '%s' (auto, always, never)",
					  optarg);
			break;
		case OPT_JUNIT:
			o->junit = optarg;
			break;
		case OPT_VCD:
			o->vcd = optarg;
			break;
		case OPT_COLOR:
			if (!optarg || !strcmp(optarg, "always"))
				o->color = 1;
			else if (!strcmp(optarg, "never"))
				o->color = 0;
			else if (!strcmp(optarg, "auto"))
				o->color = -1;
			else
				die_usage("unknown --color value '%s' (auto, always, never)",
					  optarg);
			break;
		case 'j':
			o->jobs = parse_int(optarg, "--jobs");
			if (!o->jobs)
				die_usage("%s", "--jobs needs at least 1 worker");
			break;
		case 'q':
			o->verbose = -1;
			break;
		case 'v':
			o->verbose++;
			break;
		case 'h':
			usage(stdout, EXIT_CONFORMS);
		case 'V':
			printf("ccsl-check %s\n", CCSL_VERSION);
			exit(EXIT_CONFORMS);
		default:
			usage(stderr, EXIT_ERROR);
		}
	}
	if (!o->check_spec && !o->list_clocks && optind >= argc)
		die_usage("%s", "no trace given");
	return optind;
}

/* load_spec - the spec file, or the built-in one; diagnostics on stderr */
static struct spec *load_spec(const struct options *o)
{
	struct spec_diags diags = { 0 };
	struct spec *spec;

	if (o->spec_file) {
		spec = spec_parse_file(o->spec_file, &diags);
	} else {
		size_t len;
		const char *text = spec_builtin(BUILTIN_SPEC, &len);

		spec = spec_parse_string("<built-in>/virtio.ccsl", text, len, &diags);
	}
	spec_diags_print(&diags, stderr);
	spec_diags_free(&diags);
	return spec;
}

/* A report writer ran out of memory: no other report is written after it. */
static bool out_of_memory;

/* output_failed - why an output failed: out of memory is a line of its own, and stops all */
static void output_failed(const char *path, int err)
{
	if (err != ENOMEM) {
		fprintf(stderr, "ccsl-check: %s: %s\n", path, strerror(err));
		return;
	}
	fprintf(stderr, "ccsl-check: out of memory while writing %s\n",
		path && strcmp(path, "-") ? path : "the report");
	out_of_memory = true;
}

/*
 * written - whether a report writer succeeded; one that ran out of memory (errno
 * ENOMEM: it wrote nothing to a stream it cannot take back) says so in one line
 */
static bool written(int ret, const char *path)
{
	if (ret && errno == ENOMEM)
		output_failed(path, ENOMEM);
	return ret == 0;
}

/* open_output - a report's stream: stdout for NULL or "-", else a temporary file beside path */
static FILE *open_output(const char *path, char **tmp)
{
	FILE *out;
	int fd;

	*tmp = NULL;
	if (!path || !strcmp(path, "-"))
		return stdout;
	if (asprintf(tmp, "%s.XXXXXX", path) < 0) {
		*tmp = NULL;
		output_failed(path, ENOMEM);
		return NULL;
	}
	fd = mkstemp(*tmp);
	out = fd < 0 ? NULL : fdopen(fd, "w");
	if (!out) {
		output_failed(path, errno);
		if (fd >= 0) {
			close(fd);
			unlink(*tmp);
		}
		free(*tmp);
		*tmp = NULL;
	}
	return out;
}

/* close_output - rename the temporary file into place, or remove it on failure */
static int close_output(const char *path, FILE *out, char *tmp, bool ok)
{
	int ret = 0;

	if (out == stdout)
		return fflush(stdout) || !ok ? -1 : 0;
	if (fclose(out) || !ok)
		ret = -1;
	if (!ret && rename(tmp, path))
		ret = -1;
	if (ret) {
		if (ok)
			fprintf(stderr, "ccsl-check: %s: %s\n", path, strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	return ret;
}

/* write_main_report - the -f report (or the timeline) to -o or stdout */
static int write_main_report(const struct options *o, const struct fnd_report *r)
{
	struct report_opts ro = { .verbose = o->verbose };
	char *tmp;
	FILE *out = open_output(o->output, &tmp);
	int ret;

	if (!out)
		return -1;
	ro.color = o->color == 1 || (o->color == -1 && out == stdout && isatty(STDOUT_FILENO) &&
				     !getenv("NO_COLOR"));
	if (o->format == FORMAT_JSON)
		ret = report_json(r, out);
	else if (o->timeline)
		ret = report_timeline(r, out, &ro);
	else
		ret = report_text(r, out, &ro);
	return close_output(o->output, out, tmp, written(ret, o->output));
}

/* write_extra - a report a run writes besides the main one (--junit, --vcd) */
static int write_extra(const char *path, const struct fnd_report *r,
		       int (*writer)(const struct fnd_report *, FILE *))
{
	char *tmp;
	FILE *out;

	if (!path || out_of_memory)
		return out_of_memory ? -1 : 0;
	out = open_output(path, &tmp);
	if (!out)
		return -1;
	return close_output(path, out, tmp, written(writer(r, out), path));
}

/*
 * write_reports - every report asked for; each is written even if another one failed,
 * but none after one ran out of memory. The main report (stdout) comes last, so that
 * nothing reaches stdout once memory ran out.
 */
static int write_reports(const struct options *o, const struct fnd_report *r)
{
	int ret = write_extra(o->junit, r, report_junit);

	ret |= write_extra(o->vcd, r, report_vcd);
	return out_of_memory ? -1 : ret | write_main_report(o, r);
}

/* print_trace_errors - unreadable traces get one line each on stderr too */
static void print_trace_errors(const struct fnd_report *r)
{
	for (int i = 0; i < r->ntraces; i++)
		if (r->traces[i].error)
			fprintf(stderr, "ccsl-check: %s\n", r->traces[i].error);
}

int main(int argc, char **argv)
{
	struct options o = { .color = -1, .jobs = 1,
			     .check = { .context = 5, .max_listed = 10,
					.progress = isatty(STDERR_FILENO) ? 2 : 0 } };
	struct spec_diags diags = { 0 };
	struct fnd_report *report = NULL;
	struct checker *c = NULL;
	struct spec *spec;
	int first, status = EXIT_ERROR;

	first = parse_args(argc, argv, &o);
	o.check.timeline = o.timeline;
	o.check.ticks = o.vcd != NULL;
	spec = load_spec(&o);
	if (!spec)
		return EXIT_ERROR;
	c = checker_new(spec, &diags);
	spec_diags_print(&diags, stderr);
	spec_diags_free(&diags);
	if (!c)
		goto out;
	if (o.check_spec || o.list_clocks) {
		if (o.list_clocks)
			checker_list_clocks(c, stdout);
		else
			printf("%s: %d clocks, %d rules: OK\n",
			       o.spec_file ? o.spec_file : "built-in spec", spec->nclocks,
			       spec->nrules);
		status = EXIT_CONFORMS;
		goto out;
	}
	report = checker_report_new(c, o.spec_file ? o.spec_file : "(built-in)");
	if (!report)
		fprintf(stderr, "ccsl-check: out of memory while starting the report\n");
	if (!report || jobs_check(c, &o.check, argv + first, argc - first, o.jobs, report))
		goto out;
	fnd_finish(report, o.warnings_as_errors);
	print_trace_errors(report);
	status = write_reports(&o, report) ? EXIT_ERROR : report->exit_status;
out:
	fnd_report_free(report);
	checker_free(c);
	spec_free(spec);
	return status;
}
