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
#include "live.h"
#include "output.h"
#include "report.h"
#include "spec.h"
#include "version.h"

#define BUILTIN_SPEC "virtio"

enum output_format {
	FORMAT_TEXT,
	FORMAT_JSON,
};

/* The reports a run writes: the main one (-f, -o) and those beside it. */
enum {
	OUT_MAIN,
	OUT_JSON,
	OUT_JUNIT,
	OUT_VCD,
	OUT_HTML,
	OUT_COUNT
};

struct options {
	const char *spec_file;	/* NULL: the built-in spec */
	enum output_format format;
	struct output out[OUT_COUNT]; /* path NULL: not asked for (OUT_MAIN: stdout) */
	bool timeline;
	bool check_spec;
	bool list_clocks;
	bool warnings_as_errors;
	int jobs;		/* -j: worker processes (1: none) */
	int verbose;		/* -q: -1 */
	int color;		/* -1 auto, 0 never, 1 always */
	struct check_options check;
	bool live;		/* --live: the running kernel, not traces */
	struct live_options live_opts;
	struct output record;	/* --record FILE */
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
	OPT_JSON,
	OPT_LIVE,
	OPT_DURATION,
	OPT_KMSG,
	OPT_RECORD,
	OPT_BUFFER_SIZE,
	OPT_HTML,
};

static const char *const usage_msg[] = {
	"usage: ccsl-check [OPTIONS] TRACE...",
	"       ccsl-check --live [OPTIONS] [--duration SECONDS | -- COMMAND [ARGS...]]",
	"       ccsl-check --check-spec [-s SPEC | SPEC]",
	"       ccsl-check --list-clocks [-s SPEC | SPEC]",
	"",
	"Check trace.dat recordings of VirtIO drivers (or any ftrace recording) against a",
	"CCSL specification; the built-in one checks the VirtIO device status protocol.",
	"",
	"  -s, --spec FILE|<virtio>   the specification (default: <virtio>, the built-in one)",
	"  -f, --format text|json     report format (default: text)",
	"  -o, --output FILE          write the report to FILE (default: stdout)",
	"      --json FILE            also write the JSON report to FILE",
	"      --junit FILE           also write a JUnit XML report (a test per device and rule)",
	"      --vcd FILE             also write a VCD timing diagram (GTKWave): clocks, registers,",
	"                             events, rule windows and violations",
	"      --html FILE            also write a self-contained HTML report with a timeline of",
	"                             each device (no script, nothing fetched)",
	"      --timeline             print every instance's events in order instead of the",
	"                             findings (the traces are still checked: same exit status)",
	"      --check-spec           validate the specification only",
	"      --list-clocks          print the specification's clocks and what feeds them",
	"      --warnings-as-errors   SHOULD rules (warnings) also make the exit status 1",
	"      --context N            records shown before and after a violation (default: 5)",
	"  -j, --jobs N               check the traces in N worker processes (default: 1)",
	"      --merge-equal-timestamps",
	"                             one step for a device's consecutive records of one timestamp",
	"  -q, --quiet                one line per instance (and per unreadable trace), then",
	"                             the totals",
	"  -v, --verbose              also what the trace libraries said while reading",
	"      --progress[=auto|always|never]",
	"                             progress on stderr (default: auto: a terminal, traces > 4 MB)",
	"      --color=auto|always|never",
	"                             colour the text report (default: auto, a terminal only)",
	"",
	"Live mode (root: tracefs, kprobes or uprobes; see ccsl-check(1), LIVE MODE):",
	"      --live                 check the running kernel's events as they come, while",
	"                             COMMAND runs (or until SIGINT/SIGTERM, or --duration);",
	"                             each violation on stderr at once, the report at the end",
	"      --duration SECONDS     without a command: stop after SECONDS",
	"      --kmsg                 also write each violation to the kernel log (/dev/kmsg)",
	"      --record FILE          also keep the events as a trace.dat (checked offline",
	"                             with the same findings)",
	"      --buffer-size KB       the per-CPU ring buffer (default: 4096)",
	"",
	"  -h, --help                 this help",
	"  -V, --version              the version",
	"",
	"Reports go to regular files atomically (a temporary file renamed over the old one);",
	"devices, FIFOs and /dev/stdout are written in place. An output that is an input or",
	"another output is refused.",
	"",
	"Exit status: 0 conforms, 1 violated, 2 error (usage, unreadable trace, invalid spec,",
	"a report that could not be written, out of memory), 3 inconclusive (nothing observed,",
	"events missing, pending obligations, lost events).",
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
	fprintf(stderr, " (try 'ccsl-check --help')\n");
	exit(EXIT_ERROR);
}

/* bad_option - what getopt refused: an unknown option or a missing argument */
static void __attribute__((noreturn)) bad_option(int c, char **argv)
{
	const char *arg = argv[optind - 1];

	if (c == ':')
		die_usage("option '%s' needs an argument", arg);
	if (optopt && strncmp(arg, "--", 2))
		die_usage("unknown option '-%c'", optopt);
	die_usage("unknown option '%s'", arg);
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

/* spec_only_args - --check-spec and --list-clocks: a positional argument is the spec */
static void spec_only_args(int argc, char **argv, struct options *o)
{
	const char *mode = o->check_spec ? "--check-spec" : "--list-clocks";

	if (o->check_spec && o->list_clocks)
		die_usage("%s", "--check-spec and --list-clocks do not go together");
	for (int i = OUT_JSON; i < OUT_COUNT; i++)
		if (o->out[i].path)
			die_usage("%s checks no trace: %s has nothing to write", mode,
				  o->out[i].option);
	if (optind == argc)
		return;
	if (o->spec_file || argc - optind > 1)
		die_usage("%s takes one spec (-s SPEC or SPEC), not '%s'", mode, argv[argc - 1]);
	o->spec_file = argv[optind++];
}

/* live_args - --live: what follows "--" is the command; no trace */
static void live_args(int argc, char **argv, struct options *o)
{
	if (o->jobs > 1)
		die_usage("%s", "--live checks one kernel: --jobs does not go with it");
	if (optind < argc && strcmp(argv[optind - 1], "--"))
		die_usage("--live reads no trace file ('%s'): give a command after --", argv[optind]);
	if (optind < argc && o->live_opts.duration)
		die_usage("%s", "--duration is for a run without a command");
	o->live_opts.command = optind < argc ? argv + optind : NULL;
	o->live_opts.record = o->record.path ? &o->record : NULL;
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
		{ "json", required_argument, NULL, OPT_JSON },
		{ "html", required_argument, NULL, OPT_HTML },
		{ "merge-equal-timestamps", no_argument, NULL, OPT_MERGE },
		{ "color", optional_argument, NULL, OPT_COLOR },
		{ "progress", optional_argument, NULL, OPT_PROGRESS },
		{ "jobs", required_argument, NULL, 'j' },
		{ "live", no_argument, NULL, OPT_LIVE },
		{ "duration", required_argument, NULL, OPT_DURATION },
		{ "kmsg", no_argument, NULL, OPT_KMSG },
		{ "record", required_argument, NULL, OPT_RECORD },
		{ "buffer-size", required_argument, NULL, OPT_BUFFER_SIZE },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;	/* our own one-line messages */
	while ((c = getopt_long(argc, argv, ":s:f:o:j:qvhV", longopts, NULL)) != -1) {
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
			o->out[OUT_MAIN].path = optarg;
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
		case OPT_JSON:
			o->out[OUT_JSON].path = optarg;
			break;
		case OPT_JUNIT:
			o->out[OUT_JUNIT].path = optarg;
			break;
		case OPT_VCD:
			o->out[OUT_VCD].path = optarg;
			break;
		case OPT_HTML:
			o->out[OUT_HTML].path = optarg;
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
		case OPT_LIVE:
			o->live = true;
			break;
		case OPT_DURATION:
			o->live_opts.duration = (unsigned int)parse_int(optarg, "--duration");
			if (!o->live_opts.duration)
				die_usage("%s", "--duration needs at least 1 second");
			break;
		case OPT_KMSG:
			o->live_opts.kmsg = true;
			break;
		case OPT_RECORD:
			o->record.path = optarg;
			break;
		case OPT_BUFFER_SIZE:
			o->live_opts.buffer_kb = (unsigned int)parse_int(optarg, "--buffer-size");
			if (o->live_opts.buffer_kb < 4)
				die_usage("%s", "--buffer-size needs at least 4 KB");
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
			version_print(stdout);
			exit(EXIT_CONFORMS);
		default:
			bad_option(c, argv);
		}
	}
	if (o->check_spec || o->list_clocks)
		spec_only_args(argc, argv, o);
	else if (o->live)
		live_args(argc, argv, o);
	else if (o->record.path || o->live_opts.duration || o->live_opts.kmsg ||
		 o->live_opts.buffer_kb)
		die_usage("%s", "--record, --duration, --kmsg and --buffer-size go with --live");
	else if (optind >= argc)
		die_usage("%s", "no trace given");
	return optind;
}

/* The longest NAME of a built-in spec given as <NAME> that is looked for. */
#define BUILTIN_NAME_MAX 64

/* builtin_name - whether the spec is a built-in one ("<NAME>", none: the default): its NAME */
static bool builtin_name(const char *spec_file, char name[BUILTIN_NAME_MAX + 1])
{
	size_t n = spec_file ? strlen(spec_file) : 0;

	if (!spec_file) {
		snprintf(name, BUILTIN_NAME_MAX + 1, "%s", BUILTIN_SPEC);
		return true;
	}
	if (n < 3 || spec_file[0] != '<' || spec_file[n - 1] != '>')
		return false;
	/* a longer name is no built-in spec: none is cut to one that is */
	snprintf(name, BUILTIN_NAME_MAX + 1, "%.*s", n - 2 <= BUILTIN_NAME_MAX ? (int)(n - 2) : 0,
		 spec_file + 1);
	return true;
}

/*
 * load_spec - the spec file, or a built-in one ("<virtio>", the default); diagnostics
 * on stderr, or the one line of a reading that ran out of memory
 */
static struct spec *load_spec(const struct options *o)
{
	struct spec_diags diags = { 0 };
	char name[BUILTIN_NAME_MAX + 1], label[BUILTIN_NAME_MAX + 32];
	struct spec *spec = NULL;
	const char *text;
	size_t len;

	if (!builtin_name(o->spec_file, name)) {
		spec = spec_parse_file(o->spec_file, &diags);
	} else if (!(text = spec_builtin(name, &len))) {
		fprintf(stderr, "ccsl-check: no built-in spec %s (built in: <%s>)\n", o->spec_file,
			BUILTIN_SPEC);
	} else {
		snprintf(label, sizeof(label), "<built-in>/%s.ccsl", name);
		spec = spec_parse_string(label, text, len, &diags);
	}
	if (diags.nomem)
		fprintf(stderr, "ccsl-check: out of memory while reading the spec\n");
	else
		spec_diags_print(&diags, stderr);
	spec_diags_free(&diags);
	return spec;
}

/* no_color - the NO_COLOR convention (a non-empty value) or a terminal that cannot */
static bool no_color(void)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	return (nc && *nc) || !term || !strcmp(term, "dumb");
}

/* write_main - the -f report (or the timeline) */
static int write_main(const struct options *o, const struct fnd_report *r, FILE *out)
{
	struct report_opts ro = { .verbose = o->verbose };

	ro.color = o->color == 1 || (o->color == -1 && out == stdout && isatty(STDOUT_FILENO) &&
				     !no_color());
	if (o->format == FORMAT_JSON)
		return report_json(r, out);
	if (o->timeline)
		return report_timeline(r, out, &ro);
	return report_text(r, out, &ro);
}

/* A report ran out of memory: no other report is written after it. */
static bool out_of_memory;

/* write_one - one output: opened, written, closed; 0 or -1 (said on stderr) */
static int write_one(const struct options *o, struct output *out, const struct fnd_report *r)
{
	FILE *fp = out_open(out);
	int ret;

	if (!fp) {
		out_of_memory = errno == ENOMEM;
		return -1;
	}
	switch (out - o->out) {
	case OUT_MAIN:
		ret = write_main(o, r, fp);
		break;
	case OUT_JSON:
		ret = report_json(r, fp);
		break;
	case OUT_JUNIT:
		ret = report_junit(r, fp);
		break;
	case OUT_VCD:
		ret = report_vcd(r, fp);
		break;
	default:
		ret = report_html(r, fp);
		break;
	}
	if (ret && errno == ENOMEM) {
		/* the writer wrote nothing it could not take back: a temporary file goes */
		fprintf(stderr, "ccsl-check: out of memory while writing %s\n", out_name(out));
		out_of_memory = true;
		out_close(out, false);
		return -1;
	}
	return out_close(out, true) || ret ? -1 : 0;
}

/*
 * write_reports - every report asked for; each is written even if another one failed,
 * but none after one ran out of memory. The main report (often stdout) comes last, so
 * that nothing reaches stdout once memory ran out.
 */
static int write_reports(struct options *o, const struct fnd_report *r)
{
	int ret = 0;

	for (int k = 1; k <= OUT_COUNT && !out_of_memory; k++) {
		int i = k % OUT_COUNT;	/* OUT_MAIN last */

		if (i == OUT_MAIN || o->out[i].path)
			ret |= write_one(o, &o->out[i], r);
	}
	return ret || out_of_memory ? -1 : 0;
}

/*
 * check_outputs - resolve every output and refuse one that is an input (a trace or a
 * file of the spec) or another output, before anything is read: 0 or -1 (said)
 */
static int check_outputs(struct options *o, const struct spec *spec, char **traces, int n)
{
	const char **inputs = calloc((size_t)n + (size_t)spec->nfiles, sizeof(*inputs));
	struct output list[OUT_COUNT + 1]; /* the outputs asked for, copied side by side */
	char err[OUT_ERR_LEN];
	int nin = 0, nout = 0, ret = -1;

	if (!inputs) {
		fprintf(stderr, "ccsl-check: out of memory while resolving the outputs\n");
		return -1;
	}
	for (int i = 0; i < n; i++)
		inputs[nin++] = traces[i];
	for (int i = 0; i < spec->nfiles; i++)
		if (spec->files[i][0] != '<')	/* <built-in>/... */
			inputs[nin++] = spec->files[i];
	for (int i = 0; i < OUT_COUNT; i++) {
		if (i != OUT_MAIN && !o->out[i].path)
			continue;
		if (out_resolve(&o->out[i], err))
			goto out;
		list[nout++] = o->out[i];
	}
	if (o->record.path) {
		if (out_resolve(&o->record, err))
			goto out;
		list[nout++] = o->record;
	}
	ret = out_conflicts(list, nout, inputs, nin, err);
out:
	if (ret)
		fprintf(stderr, "ccsl-check: %s\n", err);
	free(inputs);
	return ret;
}

/* print_trace_errors - unreadable traces get one line each on stderr too */
static void print_trace_errors(const struct fnd_report *r)
{
	for (int i = 0; i < r->ntraces; i++)
		if (r->traces[i].error) {
			fputs("ccsl-check: ", stderr);
			report_put_text(stderr, r->traces[i].error);
			fputc('\n', stderr);
		}
}

/* spec_only - --check-spec and --list-clocks: what the spec is, to -o or stdout */
static int spec_only(struct options *o, const struct spec *spec)
{
	FILE *out = out_open(&o->out[OUT_MAIN]);

	if (!out)
		return EXIT_ERROR;
	if (o->list_clocks)
		spec_list_clocks(spec, out);
	else
		fprintf(out, "%s: %d clocks, %d rules: OK\n",
			o->spec_file ? o->spec_file : "built-in spec", spec->nclocks, spec->nrules);
	return out_close(&o->out[OUT_MAIN], true) ? EXIT_ERROR : EXIT_CONFORMS;
}

int main(int argc, char **argv)
{
	struct options o = { .color = -1, .jobs = 1, .record = { .option = "--record" },
			     .out = { [OUT_MAIN] = { .option = "-o" },
				      [OUT_JSON] = { .option = "--json" },
				      [OUT_JUNIT] = { .option = "--junit" },
				      [OUT_VCD] = { .option = "--vcd" },
				      [OUT_HTML] = { .option = "--html" } },
			     .check = { .context = 5, .max_listed = 10,
					.progress = isatty(STDERR_FILENO) ? 2 : 0 } };
	struct spec_diags diags = { 0 };
	struct fnd_report *report = NULL;
	struct checker *c = NULL;
	struct spec *spec;
	int first, status = EXIT_ERROR, checked;

	atexit(out_check_stdout);
	first = parse_args(argc, argv, &o);
	o.check.timeline = o.timeline;
	o.check.ticks = o.out[OUT_VCD].path != NULL;
	o.check.samples = o.out[OUT_VCD].path || o.out[OUT_HTML].path;
	spec = load_spec(&o);
	if (!spec)
		return EXIT_ERROR;
	c = checker_new(spec, &diags);
	if (diags.nomem)
		fprintf(stderr, "ccsl-check: out of memory while compiling the spec\n");
	else
		spec_diags_print(&diags, stderr);
	spec_diags_free(&diags);
	if (!c || check_outputs(&o, spec, argv + first, o.live ? 0 : argc - first))
		goto out;
	if (o.check_spec || o.list_clocks) {
		status = spec_only(&o, spec);
		goto out;
	}
	report = checker_report_new(c, o.spec_file && o.spec_file[0] != '<' ? o.spec_file :
							       "(built-in)");
	if (!report) {
		fprintf(stderr, "ccsl-check: out of memory while starting the report\n");
		goto out;
	}
	checked = o.live ? live_check(c, spec, &o.check, &o.live_opts, report) :
			   jobs_check(c, &o.check, argv + first, argc - first, o.jobs, report);
	if (checked < 0)
		goto out;
	fnd_finish(report, o.warnings_as_errors);
	print_trace_errors(report);
	status = write_reports(&o, report) || checked ? EXIT_ERROR : report->exit_status;
out:
	for (int i = 0; i < OUT_COUNT; i++)
		out_free(&o.out[i]);
	out_free(&o.record);
	fnd_report_free(report);
	checker_free(c);
	spec_free(spec);
	return status;
}
