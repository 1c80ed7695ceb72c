// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * live.c - ccsl-check --live: the session around a check of the running kernel
 *
 * Lifecycle (every step undone in reverse on every way out):
 *   1. signal handlers: SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGALRM (--duration) and SIGCHLD
 *      (the command ended) stop the run: tracing is turned off in the instance at once and
 *      the check reads what is left; SIGPIPE is ignored (stderr may go away mid-run);
 *   2. the spec's events: those that exist are used as they are; the missing ones are
 *      defined by ccsl-record --define where the kernel has kprobes (ccsl-record is the
 *      one implementation of the probe definitions), else a warning: their rules are
 *      not checked, as offline;
 *   3. the instance ccsl-check-PID: its per-CPU buffer size, the trace clock "mono" (the
 *      merge compares stamps with CLOCK_MONOTONIC), overwrite mode (lost events are
 *      flagged on the pages), buffer_percent 0 (the reader is woken by any data), the
 *      events enabled in it only;
 *   4. the command, forked at once but held until reading begins (so that a spec that
 *      does not fit never starts it);
 *   5. the check (checker_run through the live source), printing each violation;
 *   6. clean-up: tracing off, the timer, the command (signalled if still running: the
 *      signal that stopped the run, or SIGTERM, then SIGKILL after LIVE_GRACE_MS), the
 *      kernel's own loss counters compared with the report's, the instance removed, the
 *      events ccsl-record defined removed (ccsl-record --undefine), the handlers back, the
 *      --record file renamed into place or thrown away.
 *
 * Holds the session's state and, for the signal handlers, the stop flag, the command's pid
 * and status and the instance's tracing_on descriptor. Used by main.c (live_check).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <tracefs.h>

#include "live.h"
#include "report.h"
#include "trace_input.h"

#define LIVE_GRACE_MS 5000	/* a signalled command's time to end before SIGKILL */
#define KMSG_BURST 8		/* violations written to /dev/kmsg per interval, at most */
#define KMSG_INTERVAL 5		/* seconds (the kernel's own limit: 10 lines per 5 s) */
#define KMSG_LINE 976		/* bytes of a kernel log line we write */

/* What the signal handlers see. */
static volatile sig_atomic_t stop_sig;	/* the signal that stopped the run, or 0 */
static volatile sig_atomic_t cmd_done;	/* the command ended: cmd_status is its status */
static volatile sig_atomic_t cmd_status;
static volatile pid_t cmd_pid;		/* the command, or 0 */
static volatile int tracing_on_fd = -1;	/* the instance's tracing_on, or -1 */

static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGALRM, SIGCHLD };
#define NSTOP (sizeof(stop_signals) / sizeof(stop_signals[0]))

/* An event of the spec, and what the session did with it. */
struct event {
	char *system, *name;
	bool exists;
	bool enabled;
};

struct session {
	const struct live_options *lo;
	struct event *events;
	int nevents;
	char *created;			/* the events ccsl-record defined: "virtio/a,virtio/b" */
	struct tracefs_instance *inst;	/* ours: created by us, destroyed by us */
	char *dir;			/* its directory */
	struct sigaction old[NSTOP], old_pipe;
	bool handlers;
	int gate;			/* the command waits for a byte on it; -1 once released */
	int exec_err;			/* the command's exec failure comes back on it */
	bool exec_failed;
	int kmsg;			/* /dev/kmsg, or -1 */
	time_t kmsg_window;
	int kmsg_count;
	unsigned long kmsg_dropped;
	bool kmsg_failed;		/* a write failed (said once) */
	struct ti_live live;
	FILE *record;
	bool failed;			/* something beside the check failed: exit status 2 */
};

/* on_signal - stop the run: remember why, turn tracing off (async-signal-safe only) */
static void on_signal(int sig)
{
	int e = errno, status;

	if (sig == SIGCHLD) {
		/* only the command's end stops the run (ccsl-record's children are waited for) */
		if (cmd_pid <= 0 || cmd_done || waitpid(cmd_pid, &status, WNOHANG) != cmd_pid) {
			errno = e;
			return;
		}
		cmd_status = status;
		cmd_done = 1;
	}
	if (!stop_sig)
		stop_sig = sig;
	if (tracing_on_fd >= 0 && write(tracing_on_fd, "0", 1) < 0) {
		/* nothing to do in a handler: the last pass reads what comes meanwhile */
	}
	errno = e;
}

/* say - "ccsl-check: KIND..." on stderr, one line */
static void say(const char *kind, const char *fmt, va_list ap)
{
	fprintf(stderr, "ccsl-check: %s", kind);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

/* warn - "ccsl-check: warning: ..." on stderr */
static void __attribute__((format(printf, 1, 2))) warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("warning: ", fmt, ap);
	va_end(ap);
}

/* error - "ccsl-check: ..." on stderr; returns -1 */
static int __attribute__((format(printf, 1, 2))) error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("", fmt, ap);
	va_end(ap);
	return -1;
}

/* set_handlers - the stop signals to on_signal, SIGPIPE ignored; the old ones kept */
static void set_handlers(struct session *s)
{
	struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_NOCLDSTOP };

	stop_sig = 0;
	cmd_done = 0;
	cmd_pid = 0;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < NSTOP; i++)
		sigaction(stop_signals[i], &sa, &s->old[i]);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, &s->old_pipe);
	s->handlers = true;
}

/* restore_handlers - the handlers before the session */
static void restore_handlers(struct session *s)
{
	if (!s->handlers)
		return;
	for (size_t i = 0; i < NSTOP; i++)
		sigaction(stop_signals[i], &s->old[i], NULL);
	sigaction(SIGPIPE, &s->old_pipe, NULL);
	s->handlers = false;
}

/* ---- the spec's events ---- */

/* add_event - an event the spec names (once) */
static int add_event(struct session *s, const char *system, const char *name)
{
	struct event *e;

	if (!strcmp(name, "*"))		/* pair ... with SYSTEM:*: any event there is */
		return 0;
	for (int i = 0; i < s->nevents; i++)
		if (!strcmp(s->events[i].system, system) && !strcmp(s->events[i].name, name))
			return 0;
	e = realloc(s->events, ((size_t)s->nevents + 1) * sizeof(*e));
	if (!e)
		return -1;
	s->events = e;
	e = &s->events[s->nevents];
	*e = (struct event){ strdup(system), strdup(name), false, false };
	if (!e->system || !e->name) {
		free(e->system);
		free(e->name);
		return -1;
	}
	s->nevents++;
	return 0;
}

/* spec_events - every event the spec reads: clock sources, registers, pairs */
static int spec_events(struct session *s, const struct spec *spec)
{
	int r = 0;

	for (int i = 0; i < spec->nclocks && !r; i++)
		for (int j = 0; j < spec->clocks[i].nsources && !r; j++) {
			const struct spec_source *src = &spec->clocks[i].sources[j];

			if (src->kind == SPEC_SRC_EVENT)
				r = add_event(s, src->system, src->event);
		}
	for (int i = 0; i < spec->nregs && !r; i++)
		for (int j = 0; j < spec->regs[i].nsources && !r; j++)
			r = add_event(s, spec->regs[i].sources[j].system,
				      spec->regs[i].sources[j].event);
	for (int i = 0; i < spec->npairs && !r; i++) {
		r = add_event(s, spec->pairs[i].system, spec->pairs[i].event);
		if (!r)
			r = add_event(s, spec->pairs[i].with_system, spec->pairs[i].with_event);
	}
	return r ? error("out of memory while setting up the live check") : 0;
}

/* find_events - which of the spec's events exist; how many */
static int find_events(struct session *s)
{
	int n = 0;

	for (int i = 0; i < s->nevents; i++) {
		struct event *e = &s->events[i];

		e->exists = tracefs_event_file_exists(NULL, e->system, e->name, "format");
		n += e->exists;
	}
	return n;
}

/* missing_list - "a:b, c:d" of the events that do not exist (malloc'd) */
static char *missing_list(const struct session *s)
{
	char *list = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&list, &len);

	if (!m)
		return NULL;
	for (int i = 0, n = 0; i < s->nevents; i++)
		if (!s->events[i].exists)
			fprintf(m, "%s%s:%s", n++ ? ", " : "", s->events[i].system,
				s->events[i].name);
	if (fclose(m)) {
		free(list);
		return NULL;
	}
	return list;
}

/* record_tool - ccsl-record: $CCSL_RECORD, beside this program, or on the PATH */
static const char *record_tool(char buf[PATH_MAX])
{
	const char *env = getenv("CCSL_RECORD");
	ssize_t n;
	char *slash;

	if (env && *env)
		return env;
	n = readlink("/proc/self/exe", buf, PATH_MAX - 16);
	if (n > 0) {
		buf[n] = '\0';
		slash = strrchr(buf, '/');
		if (slash) {
			strcpy(slash + 1, "ccsl-record");
			if (!access(buf, X_OK))
				return buf;
		}
	}
	return "ccsl-record";
}

/* wait_child - a child's exit status, waiting through signals; -1 if it cannot be had */
static int wait_child(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* run_record - ccsl-record with args; its stdout into *out; its exit status, or -1 */
static int run_record(const char *const args[], char **out)
{
	char path[PATH_MAX], *argv[8], buf[4096];
	size_t len = 0;
	FILE *m = open_memstream(out, &len);
	int fds[2], n = 0;
	ssize_t got;
	pid_t pid;

	if (!m || pipe2(fds, O_CLOEXEC)) {
		if (m)
			fclose(m);
		return -1;
	}
	argv[n++] = (char *)record_tool(path);
	for (int i = 0; args[i] && n < 7; i++)
		argv[n++] = (char *)args[i];
	argv[n] = NULL;
	fflush(stderr);
	pid = fork();
	if (!pid) {
		dup2(fds[1], STDOUT_FILENO);
		signal(SIGPIPE, SIG_DFL);
		execvp(argv[0], argv);
		fprintf(stderr, "ccsl-check: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	while (pid > 0 && ((got = read(fds[0], buf, sizeof(buf))) > 0 || (got < 0 && errno == EINTR)))
		if (got > 0)
			fwrite(buf, 1, (size_t)got, m);
	close(fds[0]);
	fclose(m);
	return pid < 0 ? -1 : wait_child(pid);
}

/* add_set - a probe set to a comma-separated list, once */
static void add_set(char *sets, size_t len, const char *set)
{
	char word[80];

	snprintf(word, sizeof(word), ",%s,", set);
	if (!strstr(sets, word) && strlen(sets) + strlen(set) + 2 < len)
		snprintf(sets + strlen(sets), len - strlen(sets), "%s%s,", *sets ? "" : ",", set);
}

/*
 * contract_sets - the probe sets of ccsl-record's contract that hold the missing events
 * (",a,b," into sets); false if there is none
 */
static bool contract_sets(const struct session *s, char *sets, size_t len)
{
	static const char *const args[] = { "--list-events", "-p", "all", NULL };
	char *out = NULL, *save = NULL;
	int r = run_record(args, &out);

	sets[0] = '\0';
	if (r)
		warn("ccsl-record --list-events failed (status %d): the missing events are not "
		     "defined", r);
	for (char *line = r ? NULL : strtok_r(out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char ev[128], set[64], want[192];

		if (sscanf(line, "%127[^\t]\t%63[^\t]", ev, set) != 2)
			continue;
		for (int i = 0; i < s->nevents; i++) {
			snprintf(want, sizeof(want), "%s/%s", s->events[i].system, s->events[i].name);
			if (!s->events[i].exists && !strcmp(want, ev))
				add_set(sets, len, set);
		}
	}
	free(out);
	return *sets;
}

/* define_missing - have ccsl-record define the missing contract events (kprobes) */
static void define_missing(struct session *s)
{
	const char *args[] = { "--define", "-p", NULL, NULL };
	char *missing = missing_list(s), *out = NULL, sets[256];
	int r;

	if (!missing || !*missing) {
		free(missing);
		return;
	}
	if (!tracefs_file_exists(NULL, "kprobe_events")) {
		warn("this kernel has no kprobe events (tracefs has no kprobe_events): %s cannot "
		     "be defined; the rules on them are not checked", missing);
		free(missing);
		return;
	}
	if (contract_sets(s, sets, sizeof(sets))) {
		sets[strlen(sets) - 1] = '\0';
		args[2] = sets + 1;
		r = run_record(args, &out);
		if (r)
			warn("ccsl-record --define -p %s failed (status %d)", args[2], r);
		/* what it printed it created, even if it failed afterwards */
		for (char *p = out; p && *p; p++)
			if (*p == '\n')
				*p = p[1] ? ',' : '\0';
		if (out && *out)
			s->created = out;
		else
			free(out);
		find_events(s);
	}
	free(missing);
	missing = missing_list(s);
	if (missing && *missing)
		warn("no event %s: the rules on it are not checked", missing);
	free(missing);
}

/* undefine - have ccsl-record remove the events it defined for us */
static void undefine(struct session *s)
{
	const char *args[] = { "--undefine", s->created, NULL };
	char *out = NULL;
	int r;

	if (!s->created)
		return;
	r = run_record(args, &out);
	free(out);
	if (r) {
		error("ccsl-record --undefine %s failed (status %d): remove them by hand", s->created,
		      r);
		s->failed = true;
	}
}

/* ---- the instance ---- */

/* instance_write - a file of the instance; -1 said */
static int instance_write(struct session *s, const char *file, const char *value)
{
	if (tracefs_instance_file_write(s->inst, file, value) < 0)
		return error("%s/%s: cannot write '%s': %s", s->dir, file, value,
			     strerror(errno ? errno : EIO));
	return 0;
}

/*
 * make_instance - ccsl-check-PID, ours: sized, on the mono clock, overwriting, waking its
 * reader on any data; -1 said
 */
static int make_instance(struct session *s)
{
	char name[32], kb[32];

	snprintf(name, sizeof(name), "ccsl-check-%d", (int)getpid());
	s->inst = tracefs_instance_create(name);
	if (!s->inst)
		return error("cannot create the tracefs instance %s: %s (live mode needs root, or "
			     "write access to tracefs)", name, strerror(errno ? errno : EIO));
	if (!tracefs_instance_is_new(s->inst)) {
		tracefs_instance_free(s->inst);
		s->inst = NULL;
		return error("a tracefs instance %s exists already: not ours, left alone", name);
	}
	s->dir = tracefs_instance_get_dir(s->inst);
	if (!s->dir)
		return error("out of memory while setting up the live check");
	snprintf(kb, sizeof(kb), "%u", s->lo->buffer_kb ? s->lo->buffer_kb : LIVE_BUFFER_KB);
	if (instance_write(s, "buffer_size_kb", kb) || instance_write(s, "trace_clock", "mono") ||
	    instance_write(s, "options/overwrite", "1"))
		return -1;
	/* the reader is woken by any data (and reads at most every TI_LIVE_SLACK_MS) */
	if (tracefs_file_exists(s->inst, "buffer_percent") &&
	    instance_write(s, "buffer_percent", "0"))
		return -1;
	return 0;
}

/* enable_events - the spec's events that exist, in our instance; -1 said */
static int enable_events(struct session *s)
{
	for (int i = 0; i < s->nevents; i++) {
		struct event *e = &s->events[i];

		if (!e->exists)
			continue;
		if (tracefs_event_enable(s->inst, e->system, e->name))
			return error("%s: cannot enable %s:%s: %s", s->dir, e->system, e->name,
				     strerror(errno ? errno : EIO));
		e->enabled = true;
	}
	return 0;
}

/* open_tracing_on - the descriptor the handlers stop tracing with */
static int open_tracing_on(struct session *s)
{
	int fd = tracefs_instance_file_open(s->inst, "tracing_on", O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return error("%s/tracing_on: %s", s->dir, strerror(errno));
	tracing_on_fd = fd;
	if (stop_sig && write(fd, "0", 1) < 0)
		return error("%s/tracing_on: %s", s->dir, strerror(errno));
	return 0;
}

/* stop_tracing - tracing off in the instance, and its descriptor closed */
static void stop_tracing(void)
{
	int fd = tracing_on_fd;

	if (fd < 0)
		return;
	tracing_on_fd = -1;
	if (write(fd, "0", 1) < 0) {
		/* the instance goes away next anyway */
	}
	close(fd);
}

/*
 * check_losses - what the kernel counted as lost on each CPU against what the pages said
 * (in overwrite mode the kernel flags every overwritten page; a difference is said here)
 */
static void check_losses(struct session *s, const struct fnd_trace *ft)
{
	for (int cpu = 0;; cpu++) {
		char file[64], *text;
		unsigned long long overrun = 0, dropped = 0, known = 0;
		const char *at;
		bool unknown = false;

		snprintf(file, sizeof(file), "per_cpu/cpu%d/stats", cpu);
		text = tracefs_instance_file_read(s->inst, file, NULL);
		if (!text)
			break;
		at = strstr(text, "overrun:");
		if (at)
			sscanf(at, "overrun: %llu", &overrun);
		at = strstr(text, "dropped events:");
		if (at)
			sscanf(at, "dropped events: %llu", &dropped);
		free(text);
		for (int i = 0; ft && i < ft->nlost; i++)
			if (ft->lost[i].cpu == cpu) {
				known = ft->lost[i].known;
				unknown = ft->lost[i].unknown != 0;
			}
		if (overrun + dropped > known && !unknown)
			warn("CPU %d: the kernel counted %llu events lost (overrun %llu, dropped %llu), "
			     "the pages read said %llu", cpu, overrun + dropped, overrun, dropped,
			     known);
	}
}

/* remove_instance - our instance and everything enabled in it */
static void remove_instance(struct session *s)
{
	if (!s->inst)
		return;
	tracefs_event_disable(s->inst, NULL, NULL);
	if (tracefs_instance_destroy(s->inst)) {
		error("cannot remove the tracefs instance %s: %s", s->dir ? s->dir : "",
		      strerror(errno ? errno : EIO));
		s->failed = true;
	}
	tracefs_instance_free(s->inst);
	s->inst = NULL;
}

/* ---- the command ---- */

/* fork_command - the command, waiting for the gate before it runs; -1 said */
static int fork_command(struct session *s)
{
	int gate[2], err[2];
	pid_t pid;

	if (pipe2(gate, O_CLOEXEC) || pipe2(err, O_CLOEXEC))
		return error("%s", strerror(errno));
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return error("cannot run %s: %s", s->lo->command[0], strerror(errno));
	if (!pid) {
		char go = 0;
		int e;

		close(gate[1]);
		close(err[0]);
		for (size_t i = 0; i < NSTOP; i++)
			signal(stop_signals[i], SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		while (read(gate[0], &go, 1) < 0 && errno == EINTR)
			;
		if (go != 'x')
			_exit(127);
		execvp(s->lo->command[0], s->lo->command);
		e = errno;
		if (write(err[1], &e, sizeof(e)) < 0)
			_exit(126);
		_exit(127);
	}
	close(gate[0]);
	close(err[1]);
	s->gate = gate[1];
	s->exec_err = err[0];
	cmd_pid = pid;
	return 0;
}

/* started - reading began: the timer of --duration, and the command is let go */
static void started(void *arg)
{
	struct session *s = arg;
	int e;
	ssize_t n;

	if (s->lo->duration) {
		struct itimerval it = { .it_value = { .tv_sec = s->lo->duration } };

		setitimer(ITIMER_REAL, &it, NULL);
	}
	if (s->gate < 0 || stop_sig)
		return;
	n = write(s->gate, "x", 1);
	close(s->gate);
	s->gate = -1;
	if (n != 1)
		return;
	/* exec succeeded when the pipe closes empty */
	while ((n = read(s->exec_err, &e, sizeof(e))) < 0 && errno == EINTR)
		;
	if (n == (ssize_t)sizeof(e)) {
		error("cannot run %s: %s", s->lo->command[0], strerror(e));
		s->exec_failed = true;
	}
}

/* wait_command - the command's status within ms (SIGCHLD blocked); false if it runs on */
static bool wait_command(int ms)
{
	int status;

	for (int waited = 0; !cmd_done; waited += 20) {
		pid_t r = waitpid(cmd_pid, &status, WNOHANG);

		if (r == cmd_pid || (r < 0 && errno == ECHILD)) {
			cmd_status = r == cmd_pid ? status : 0;
			cmd_done = 1;
			break;
		}
		if (waited >= ms)
			return false;
		usleep(20000);
	}
	return true;
}

/* say_status - the command's own failure on stderr */
static void say_status(const struct session *s)
{
	int st = cmd_status;
	const char *cmd = s->lo->command[0];

	if (s->exec_failed)
		return;
	if (WIFEXITED(st) && WEXITSTATUS(st))
		error("%s exited with status %d", cmd, WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		error("%s was killed by signal %d (%s)%s", cmd, WTERMSIG(st), strsignal(WTERMSIG(st)),
		      WCOREDUMP(st) ? ", core dumped" : "");
}

/* end_command - the command ended, or is ended: the stop signal, SIGTERM, then SIGKILL */
static void end_command(struct session *s)
{
	sigset_t chld, old;
	int sig = stop_sig;
	bool released = s->gate < 0;

	if (cmd_pid <= 0)
		return;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old);
	if (s->gate >= 0) {		/* never let go: it ends without running */
		close(s->gate);
		s->gate = -1;
	}
	if (released && !wait_command(0)) {
		if (sig != SIGINT && sig != SIGTERM && sig != SIGHUP && sig != SIGQUIT)
			sig = SIGTERM;
		error("stopping %s (%s)", s->lo->command[0], strsignal(sig));
		kill(cmd_pid, sig);
		if (!wait_command(LIVE_GRACE_MS)) {
			error("%s did not end: killing it", s->lo->command[0]);
			kill(cmd_pid, SIGKILL);
		}
	}
	wait_command(INT_MAX);
	if (released)
		say_status(s);
	cmd_pid = 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* ---- violations as they come ---- */

/*
 * kmsg_put - one line to the kernel log at a level. It ends with a newline: without one
 * the kernel keeps the record open for a continuation, and readers see it only when the
 * next message comes.
 */
static void kmsg_put(struct session *s, int level, const char *line, size_t len)
{
	char buf[KMSG_LINE + 8];
	int n;

	while (len && line[len - 1] == '\n')
		len--;
	n = snprintf(buf, sizeof(buf), "<%d>%.*s\n", level, (int)(len < KMSG_LINE ? len : KMSG_LINE),
		     line);

	if (n > 0 && write(s->kmsg, buf, (size_t)n) < 0 && !s->kmsg_failed) {
		warn("/dev/kmsg: %s: violations go to stderr only", strerror(errno));
		s->kmsg_failed = true;
	}
}

/* kmsg_flush - say how many violations the rate limit kept out of the kernel log */
static void kmsg_flush(struct session *s)
{
	char line[128];
	int n;

	if (!s->kmsg_dropped)
		return;
	n = snprintf(line, sizeof(line), "ccsl-check: %lu violation%s not written to the kernel "
		     "log (rate limit)", s->kmsg_dropped, s->kmsg_dropped == 1 ? "" : "s");
	s->kmsg_dropped = 0;
	kmsg_put(s, 4, line, (size_t)n);
}

/* kmsg - a violation to the kernel log, at most KMSG_BURST per KMSG_INTERVAL seconds */
static void kmsg(struct session *s, bool warning, const char *line, size_t len)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec - s->kmsg_window >= KMSG_INTERVAL) {
		kmsg_flush(s);
		s->kmsg_window = now.tv_sec;
		s->kmsg_count = 0;
	}
	if (s->kmsg_count >= KMSG_BURST) {
		s->kmsg_dropped++;
		return;
	}
	s->kmsg_count++;
	kmsg_put(s, warning ? 4 : 3, line, len);
}

/* on_violation - a violation as the checker finds it: one line on stderr (and kmsg) */
static void on_violation(const struct fnd_report *r, const struct fnd_instance *in,
			 const struct fnd_violation *v, void *arg)
{
	struct session *s = arg;
	char *line = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&line, &len);

	if (!m)
		return;
	fputs("ccsl-check: ", m);
	report_violation_line(m, r, in, v);
	if (!fclose(m)) {
		fwrite(line, 1, len, stderr);
		fflush(stderr);
		if (s->kmsg >= 0)
			kmsg(s, r->rules[v->rule].warning, line, len);
	}
	free(line);
}

/* open_live - the checker's way to open the trace: the live instance */
static struct ti_trace *open_live(const char *path, void *arg, char *err)
{
	struct session *s = arg;

	return ti_open_live(&s->live, err);
}

/* ---- the session ---- */

/* spool_dir - where the pages wait for the --record file: beside it (malloc'd), or NULL */
static char *spool_dir(const struct output *o)
{
	char *dir, *slash;

	if (!o || o->kind != OUT_REPLACE || !o->target)
		return NULL;
	dir = strdup(o->target);
	slash = dir ? strrchr(dir, '/') : NULL;
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	else if (dir)
		strcpy(dir, ".");
	return dir;
}

/* can_write_tracefs - whether instances can be made; -1 said (not root) */
static int can_write_tracefs(void)
{
	char *dir = tracefs_get_tracing_file("instances");
	int r = 0;

	if (!dir || access(dir, W_OK))
		r = error("%s: %s: live mode needs root (or write access to tracefs)",
			  dir ? dir : "tracefs", strerror(dir ? errno : ENOMEM));
	tracefs_put_tracing_file(dir);
	return r;
}

/* set_up - handlers, events, instance, kmsg, record file, command; -1 said */
static int set_up(struct session *s, const struct spec *spec)
{
	const struct live_options *lo = s->lo;

	/* first: output.c's handlers for its temporary file are then the old ones, kept */
	if (lo->record) {
		s->record = out_open(lo->record);
		if (!s->record)
			return -1;
		s->live.record_fd = fileno(s->record);
	}
	set_handlers(s);
	if (!tracefs_tracing_dir())
		return error("tracefs is not mounted (mount -t tracefs nodev /sys/kernel/tracing)");
	if (can_write_tracefs())
		return -1;
	if (lo->kmsg) {
		s->kmsg = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
		if (s->kmsg < 0)
			return error("--kmsg: /dev/kmsg: %s", strerror(errno));
	}
	if (spec_events(s, spec))
		return -1;
	if (find_events(s) < s->nevents)
		define_missing(s);
	if (!find_events(s))
		return error("none of the spec's events exists, and none could be defined: nothing "
			     "to check");
	if (make_instance(s) || enable_events(s) || open_tracing_on(s))
		return -1;
	return lo->command ? fork_command(s) : 0;
}

/* clean_up - everything set_up did, undone in reverse */
static void clean_up(struct session *s, const struct fnd_report *report, bool checked)
{
	struct itimerval off = { 0 };

	stop_tracing();
	setitimer(ITIMER_REAL, &off, NULL);
	end_command(s);
	if (checked && s->inst)
		check_losses(s, &report->traces[report->ntraces - 1]);
	remove_instance(s);
	undefine(s);
	restore_handlers(s);
	if (s->record && out_close(s->lo->record, s->live.recorded) && s->live.recorded)
		s->failed = true;
	if (s->record && !s->live.recorded) {
		error("%s: not written: %s", out_name(s->lo->record),
		      s->live.record_err[0] ? s->live.record_err : "the check did not end");
		s->failed = true;
	}
	if (s->kmsg >= 0) {
		kmsg_flush(s);
		close(s->kmsg);
	}
	if (s->exec_err >= 0)
		close(s->exec_err);
	for (int i = 0; i < s->nevents; i++) {
		free(s->events[i].system);
		free(s->events[i].name);
	}
	free(s->events);
	free(s->created);
	free(s->dir);
	free((char *)s->live.spool_dir);
}

/* live_check - the session: set up, check as the events come, clean up */
int live_check(struct checker *c, const struct spec *spec, const struct check_options *opts,
	       const struct live_options *lo, struct fnd_report *report)
{
	struct session s = { .lo = lo, .gate = -1, .exec_err = -1, .kmsg = -1,
			     .live = { .stop = &stop_sig, .record_fd = -1, .started = started } };
	struct check_options o = *opts;
	struct spec_diags diags = { 0 };
	bool checked = false;
	int ret = -1;

	s.live.arg = &s;
	s.live.spool_dir = spool_dir(lo->record);
	o.open = open_live;
	o.open_arg = &s;
	o.on_violation = on_violation;
	o.violation_arg = &s;
	o.progress = 0;
	if (!set_up(&s, spec)) {
		const char *name = lo->record ? out_name(lo->record) : s.dir;

		s.live.instance = s.dir;
		ret = checker_run(c, name, &o, report, &diags);
		if (ret == CHECKER_NOMEM) {
			/* the one line: no report of findings that are not all there */
			fprintf(stderr, "ccsl-check: out of memory while checking %s\n", name);
			ret = -1;
		} else {
			if (ret)
				fprintf(stderr, "ccsl-check: the spec does not fit %s:\n", name);
			spec_diags_print(&diags, stderr);
			ret = 0;
		}
		spec_diags_free(&diags);
		checked = ret == 0;
	}
	clean_up(&s, report, checked);
	return ret < 0 ? -1 : s.failed ? 1 : 0;
}
