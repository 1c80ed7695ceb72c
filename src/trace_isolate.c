// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace_isolate.c - run libtracecmd in a child process
 *
 * libtracecmd 3.1.6 and libtraceevent 1.7.1 crash on some corrupt files
 * that no header check can rule out (a lying page, a corrupt format). The
 * child opens the trace, sends the parent the event descriptions, receives
 * the ids of the events the parent wants, and streams those records with
 * their fields decoded. A crash of the library kills only the child: the
 * parent reports a corrupt trace instead of dying. The child also runs under
 * a memory and CPU-time limit against decompression bombs.
 *
 * The child runs another source (the one the picker chose, through its ops
 * only); the parent's side is a source itself, whose events, counts and
 * records are what the child sent. A source whose open declines in the child
 * (a closer look says another must read the file) declines here too.
 *
 * The protocol is private to this file: messages of a type byte, a 32-bit
 * length and a payload, over two pipes.
 *
 * Holds the child's pid, the pipes and the names of the tasks seen.
 * Called by the picker (tx_open) only; calls the inner source's ops, the common
 * part of the trace (trace_source.c) and wire.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "trace_source.h"
#include "wire.h"

#ifdef __SANITIZE_ADDRESS__
/*
 * __asan_default_options - under ASan, a huge allocation the library asks for on a
 * corrupt file must fail as malloc would (the library then reports an error), not
 * abort with a sanitizer report: the production behaviour is what the tests check.
 */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}
#endif

#define MEM_LIMIT ((rlim_t)8 << 30)	/* the child's address space */
/*
 * Seconds of CPU for the child: a base plus a second per MB of file. libtracecmd
 * 3.1.6 needs about 35 s for 155 MB of zstd (1 GB of data, read quadratically), and
 * a corrupt compressed chunk can make it loop forever.
 */
#define CPU_BASE 5
#define CPU_PER_MB 1
#define CPU_MAX 3600
#define MAX_COMMS 4096
/* How long a child whose pipes are closed may take to exit before it is killed. */
#define GRACE_MS 2000

enum msg_type {
	MSG_ERROR = 1,	/* the child could not open the trace: a reason */
	MSG_EVENTS,	/* cpus, buffers, kernel, then every event and its fields */
	MSG_RECORD,	/* one wanted record with its values and its task's name */
	MSG_END,	/* the counts, time going back, the lost events, the messages */
	MSG_PROGRESS,	/* records read so far, bytes of data read, the data's size */
	MSG_DECLINE,	/* the source declined the file: why */
	MSG_NOMEM,	/* the child ran out of memory (no payload) */
};

struct comm {
	int pid;
	char name[17];
};

/* The parent's side of an isolated trace. */
struct proxy {
	pid_t child;
	uint64_t file_size;	/* for the child's CPU limit */
	FILE *from;		/* records, from the child */
	int to;			/* wanted event ids, to the child */
	int log;		/* the child's stdout and stderr (a memfd) */
	struct comm *comms;	/* pid -> comm, from the records seen */
	int ncomms;
	bool done;		/* the records were asked for: once only */
};

/* ---- the child ---- */

/* send_events - the trace's shape: what the parent needs before it binds a spec; -1, TI_NOMEM */
static int send_events(FILE *fd, struct ti_trace *t)
{
	struct wire_out o = { 0 };
	int ret;

	wire_put_u64(&o, (uint64_t)t->stats.cpus);
	wire_put_u64(&o, (uint64_t)t->stats.buffers);
	wire_put_u64(&o, t->from_text);
	wire_put_str(&o, t->kernel, strlen(t->kernel));
	wire_put_u64(&o, (uint64_t)t->nevents);
	for (int i = 0; i < t->nevents; i++) {
		const struct ti_event *ev = &t->events[i];

		wire_put_u64(&o, (uint64_t)ev->id);
		wire_put_str(&o, ev->system, strlen(ev->system));
		wire_put_str(&o, ev->name, strlen(ev->name));
		wire_put_u64(&o, (uint64_t)ev->nfields);
		for (int f = 0; f < ev->nfields; f++) {
			const struct ti_field *tf = &ev->fields[f];

			wire_put_str(&o, tf->name, strlen(tf->name));
			wire_put_u64(&o, (uint64_t)tf->type | (uint64_t)tf->is_signed << 8 |
					    (uint64_t)tf->data_loc << 9 |
					    (uint64_t)tf->rel_loc << 10);
			wire_put_u64(&o, (uint64_t)tf->offset << 32 | tf->size);
		}
	}
	ret = o.failed ? TI_NOMEM : wire_send(fd, MSG_EVENTS, &o) || fflush(fd) ? -1 : 0;
	wire_out_free(&o);
	return ret;
}

struct child_ctx {
	FILE *fd;
	struct ti_trace *t;
	struct wire_out o;
};

/* child_progress - pass progress on at once (the stream is buffered otherwise) */
static void child_progress(uint64_t records, uint64_t done, uint64_t size, void *arg)
{
	struct child_ctx *c = arg;

	wire_put_u64(&c->o, records);
	wire_put_u64(&c->o, done);
	wire_put_u64(&c->o, size);
	if (!wire_send(c->fd, MSG_PROGRESS, &c->o))
		fflush(c->fd);
}

/* read_wanted - the ids of the events the parent wants (and progress?), until a 0 */
static int read_wanted(int fd, struct ti_trace *t, struct child_ctx *c)
{
	uint32_t id;

	for (;;) {
		if (read(fd, &id, sizeof(id)) != sizeof(id))
			return -1;
		if (id == UINT32_MAX) {
			t->progress = child_progress;
			t->progress_arg = c;
			continue;
		}
		if (!id--)
			return 0;
		if ((int)id <= t->max_id && t->by_id[id])
			t->by_id[id]->wanted = true;
	}
}


/* child_record - stream one wanted record to the parent (o.failed: memory ran out) */
static int child_record(const struct ti_record *r, void *arg)
{
	struct child_ctx *c = arg;
	const char *comm = ts_comm(c->t, r->pid);

	if (!comm) {
		c->o.failed = true;
		return 1;
	}
	wire_put_u64(&c->o, r->ts);
	wire_put_u64(&c->o, r->seq);
	wire_put_u64(&c->o, (uint64_t)r->cpu << 32 | (uint32_t)r->pid);
	wire_put_u64(&c->o, (uint64_t)r->buffer);
	wire_put_u64(&c->o, (uint64_t)r->lost_before);
	wire_put_u64(&c->o, (uint64_t)r->event->id);
	wire_put_str(&c->o, comm, strlen(comm));
	for (int i = 0; i < r->event->nfields; i++) {
		const struct ti_value *v = &r->values[i];

		wire_put_u64(&c->o, v->ok);
		wire_put_u64(&c->o, v->num);
		wire_put_str(&c->o, v->str ? v->str : "", v->str ? v->len : 0);
	}
	return wire_send(c->fd, MSG_RECORD, &c->o) ? 1 : 0;
}

/* send_end - the counts the parent's stats must show; -1, or TI_NOMEM */
static int send_end(struct child_ctx *c)
{
	const struct ti_stats *s = &c->t->stats;
	const char *msg = c->t->messages;

	wire_put_u64(&c->o, s->records);
	wire_put_u64(&c->o, s->bad_fields);
	wire_put_u64(&c->o, s->unknown_ids);
	wire_put_u64(&c->o, s->backwards);
	wire_put_str(&c->o, s->backwards_at, strlen(s->backwards_at));
	for (int cpu = 0; cpu < s->cpus; cpu++) {
		wire_put_u64(&c->o, s->lost[cpu].known);
		wire_put_u64(&c->o, s->lost[cpu].unknown);
		wire_put_u64(&c->o, s->lost[cpu].first_ts);
		wire_put_u64(&c->o, s->lost[cpu].last_ts);
	}
	wire_put_str(&c->o, msg, c->t->messages_len);
	if (c->o.failed)
		return TI_NOMEM;
	return wire_send(c->fd, MSG_END, &c->o) || fflush(c->fd) ? -1 : 0;
}

/* cpu_limit - the child's CPU seconds for a file of this size */
static rlim_t cpu_limit(uint64_t file_size)
{
	uint64_t s = CPU_BASE + CPU_PER_MB * (file_size >> 20);

	return (rlim_t)(s < CPU_MAX ? s : CPU_MAX);
}

/* limit_child - bound the library's memory and time (not under ASan: its shadow is huge) */
static void limit_child(uint64_t file_size)
{
#ifndef __SANITIZE_ADDRESS__
	struct rlimit as = { MEM_LIMIT, MEM_LIMIT };

	setrlimit(RLIMIT_AS, &as);
#endif
	struct rlimit cpu = { cpu_limit(file_size), cpu_limit(file_size) };

	setrlimit(RLIMIT_CPU, &cpu);
}

/* The line a child that crashed for want of memory leaves at the end of its log. */
static const char crash_nomem[] = "ccsl-check: the trace reader ran out of memory\n";

/*
 * on_crash - in the child: a library that crashes just after an allocation failed
 * (errno ENOMEM still: libtraceevent 1.7.1 uses some allocations unchecked when it
 * parses formats) ran out of memory. That is said at the end of the log, for the
 * parent; then the crash goes on as it would have.
 */
static void on_crash(int sig)
{
	if (errno == ENOMEM &&
	    write(STDERR_FILENO, crash_nomem, sizeof(crash_nomem) - 1) < 0) {
		/* the parent reports the crash */
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* catch_crashes - in the child: on_crash for the signals of a crash (not under ASan: its own) */
static void catch_crashes(void)
{
#ifndef __SANITIZE_ADDRESS__
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGABRT, SIGILL, SIGFPE };

	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], on_crash);
#endif
}

/* child_say - a one-line message (an error, why the source declined) to the parent */
static void child_say(struct child_ctx *c, int type, const char *what)
{
	wire_put_str(&c->o, what, strlen(what));
	if (!wire_send(c->fd, type, &c->o))
		fflush(c->fd);
}

/*
 * child_nomem - tell the parent that memory ran out, and exit. The message has no
 * payload: it is written as it is, after what the stream holds (fd: the pipe, when
 * its stream could not be made).
 */
static void __attribute__((noreturn)) child_nomem(FILE *to, int fd)
{
	const uint8_t msg[5] = { MSG_NOMEM };

	if (to)
		fflush(to);
	if (write(to ? fileno(to) : fd, msg, sizeof(msg)) != sizeof(msg)) {
		/* the parent is gone, or will find the stream cut short */
	}
	_exit(1);
}

/* child_main - open and read the trace with the inner source, talk to the parent, exit */
static void __attribute__((noreturn))
child_main(const struct ts_ops *inner, struct ts_input *in, int to_parent, int from_parent)
{
	struct child_ctx c = { .fd = fdopen(to_parent, "w") };
	char err[TI_ERR_LEN] = "";
	int r, ret = 1;

	signal(SIGPIPE, SIG_DFL);
	catch_crashes();
	limit_child(in->size);
	/* fdopen, setvbuf (glibc allocates the buffer) and ts_new fail for want of memory only */
	if (!c.fd || setvbuf(c.fd, NULL, _IOFBF, 1 << 20) || !(c.t = ts_new(in->path, err)))
		child_nomem(c.fd, to_parent);
	c.t->ops = inner;
	r = inner->open(c.t, in, err);
	if (r == TI_NOMEM)
		child_nomem(c.fd, to_parent);
	if (r) {
		child_say(&c, r > 0 ? MSG_DECLINE : MSG_ERROR, err);
	} else if (!(r = send_events(c.fd, c.t)) && !read_wanted(from_parent, c.t, &c)) {
		r = inner->iterate(c.t, child_record, &c, err);
		if (r == 0)
			r = send_end(&c);
		if (!r)
			ret = 0;
		/* a damaged page or chunk our reader found: its reason, not just a failure */
		if (r == -1 && *err)
			child_say(&c, MSG_ERROR, err);
	}
	if (r == TI_NOMEM || c.o.failed)
		child_nomem(c.fd, to_parent);
	/* _exit: no atexit handlers, and no tracecmd_close() on a damaged handle */
	_exit(ret);
}

/* ---- the parent ---- */

/*
 * child_log - the first line the library printed in the child, or "". A
 * sanitizer's report of a crash inside the library says nothing to the user
 * that the signal does not: its lines are skipped.
 */
static void child_log(struct proxy *p, char *buf, size_t len)
{
	char log[4096];
	ssize_t n = pread(p->log, log, sizeof(log) - 1, 0);
	char *line = log, *nl;

	buf[0] = '\0';
	log[n > 0 ? n : 0] = '\0';
	for (; *line; line = nl + 1) {
		nl = strchrnul(line, '\n');
		if (strncmp(line, "==", 2) && !memmem(line, (size_t)(nl - line), "Sanitizer", 9) &&
		    nl > line) {
			snprintf(buf, len, "%.*s", (int)(nl - line), line);
			return;
		}
		if (!*nl)
			return;
	}
}

/*
 * reap - wait for the child once its pipes are closed (one blocked on them then ends):
 * GRACE_MS at most, then it is killed (*killed). Its wait status.
 */
static int reap(struct proxy *p, bool *killed)
{
	int status = 0;

	*killed = false;
	for (int waited = 0; p->child > 0; waited += 10) {
		pid_t r = waitpid(p->child, &status, WNOHANG);

		if (r == p->child || (r < 0 && errno != EINTR)) {
			p->child = 0;
			break;
		}
		if (waited >= GRACE_MS) {
			kill(p->child, SIGKILL);
			while (waitpid(p->child, &status, 0) < 0 && errno == EINTR)
				;
			p->child = 0;
			*killed = true;
			break;
		}
		nanosleep(&(struct timespec){ 0, 10 * 1000 * 1000 }, NULL);
	}
	return status;
}

/* close_pipes - the parent's ends of the pipes: the child sees the end of both */
static void close_pipes(struct proxy *p)
{
	if (p->from)
		fclose(p->from);
	if (p->to >= 0)
		close(p->to);
	p->from = NULL;
	p->to = -1;
}

/* crashed_nomem - whether the child's log ends with on_crash()'s line */
static bool crashed_nomem(const struct proxy *p)
{
	char tail[sizeof(crash_nomem) - 1];
	struct stat st;

	return !fstat(p->log, &st) && (size_t)st.st_size >= sizeof(tail) &&
	       pread(p->log, tail, sizeof(tail), st.st_size - (off_t)sizeof(tail)) ==
		       (ssize_t)sizeof(tail) &&
	       !memcmp(tail, crash_nomem, sizeof(tail));
}

/*
 * child_fate - why the child stopped talking: a crash, a limit, or a failure: -1 with
 * err, or TI_NOMEM if it crashed for want of memory. Its pipes are closed first: a
 * child that is still running, blocked reading what the parent wants or writing what it
 * no longer reads, then ends, and is never waited for blocked.
 */
static int child_fate(struct ti_trace *t, char err[TI_ERR_LEN])
{
	struct proxy *p = t->src;
	unsigned long long records = t->stats.records;
	char log[256];
	bool killed;
	int status;

	close_pipes(p);
	status = reap(p, &killed);
	if (WIFSIGNALED(status) && crashed_nomem(p))
		return ts_nomem(t->path, err);
	child_log(p, log, sizeof(log));
	if (killed || (WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE))
		snprintf(err, TI_ERR_LEN, "%s: corrupt trace: the trace reader stopped making sense "
					  "after %llu records", t->path, records);
	else if (WIFSIGNALED(status) &&
		 (WTERMSIG(status) == SIGXCPU || WTERMSIG(status) == SIGKILL))
		snprintf(err, TI_ERR_LEN, "%s: corrupt trace: reading it exceeded the time limit "
					  "(%llu s of CPU)",
			 t->path, (unsigned long long)cpu_limit(p->file_size));
	else if (WIFSIGNALED(status))
		snprintf(err, TI_ERR_LEN, "%s: corrupt trace: the trace library crashed reading it "
					  "(%s) after %llu records%s%s",
			 t->path, strsignal(WTERMSIG(status)), records, *log ? ": " : "", log);
	else
		snprintf(err, TI_ERR_LEN, "%s: corrupt trace: the trace library failed after %llu "
					  "records%s%s",
			 t->path, records, *log ? ": " : "", *log ? log : "");
	return -1;
}

/* parse_field - one field description */
static void parse_field(struct wire_in *in, struct ti_field *f)
{
	uint64_t flags, where;

	f->name = wire_get_str(in);
	flags = wire_get_u64(in);
	where = wire_get_u64(in);
	f->type = (enum ti_field_type)(flags & 0xff);
	f->is_signed = flags >> 8 & 1;
	f->data_loc = flags >> 9 & 1;
	f->rel_loc = flags >> 10 & 1;
	f->offset = (unsigned int)(where >> 32);
	f->size = (unsigned int)where;
	if (!f->name || f->type > TI_FIELD_OTHER)
		in->bad = true;
}

/*
 * parse_events - the trace's shape, as the child sent it: 0, -1 if the message is bad
 * (the child's source checked the ids: two events with one id are a bad message too),
 * or TI_NOMEM
 */
static int parse_events(struct ti_trace *t, struct wire_in *in, char err[TI_ERR_LEN])
{
	int cpus = (int)wire_get_u64(in), r;
	char *kernel;
	uint64_t n;

	t->stats.buffers = (int)wire_get_u64(in);
	t->from_text = wire_get_u64(in);
	kernel = wire_get_str(in);
	snprintf(t->kernel, sizeof(t->kernel), "%s", kernel ? kernel : "");
	free(kernel);
	n = wire_get_u64(in);
	if (in->nomem)
		return TI_NOMEM;
	if (in->bad || n > 65536)
		return -1;
	r = ts_set_cpus(t, cpus, err);
	if (r)
		return r;
	t->events = calloc((size_t)n + 1, sizeof(*t->events));
	if (!t->events)
		return TI_NOMEM;
	for (uint64_t i = 0; i < n && !in->bad; i++) {
		struct ti_event *ev = &t->events[t->nevents++];
		uint64_t nf;

		ev->id = (int)wire_get_u64(in);
		ev->system = wire_get_str(in);
		ev->name = wire_get_str(in);
		nf = wire_get_u64(in);
		if (in->nomem)
			return TI_NOMEM;
		if (!ev->system || !ev->name || nf > 1024 || ev->id < 0 || ev->id > 65535)
			return -1;
		ev->fields = calloc((size_t)nf + 1, sizeof(*ev->fields));
		if (!ev->fields)
			return TI_NOMEM;
		for (uint64_t f = 0; f < nf && !in->bad; f++)
			parse_field(in, &ev->fields[ev->nfields++]);
	}
	if (in->nomem)
		return TI_NOMEM;
	if (in->bad)
		return -1;
	return ts_index_events(t, err);
}

/* spawn_error - what keeps the child from starting: -1 with err, or TI_NOMEM */
static int spawn_error(const struct ti_trace *t, const char *what, int errnum,
		       char err[TI_ERR_LEN])
{
	if (errnum == ENOMEM)
		return ts_nomem(t->path, err);
	snprintf(err, TI_ERR_LEN, "%s: %s%s", t->path, what, strerror(errnum));
	return -1;
}

/* spawn - fork the child with its two pipes and its log: 0, -1 with err, or TI_NOMEM */
static int spawn(struct ti_trace *t, const struct ts_ops *inner, struct ts_input *in,
		 char err[TI_ERR_LEN])
{
	struct proxy *p = t->src;
	int down[2] = { -1, -1 }, up[2] = { -1, -1 };
	pid_t parent;

	p->log = memfd_create("ccsl-check-child", MFD_CLOEXEC);
	if (p->log < 0 || pipe2(down, O_CLOEXEC) || pipe2(up, O_CLOEXEC)) {
		int errnum = errno;

		for (int i = 0; i < 2; i++) {
			if (down[i] >= 0)
				close(down[i]);
			if (up[i] >= 0)
				close(up[i]);
		}
		return spawn_error(t, "", errnum, err);
	}
	fflush(NULL);
	parent = getpid();
	p->child = fork();
	if (p->child < 0) {
		int errnum = errno;

		close(down[0]);
		close(down[1]);
		close(up[0]);
		close(up[1]);
		return spawn_error(t, "fork: ", errnum, err);
	}
	if (!p->child) {
		/* the parent's ends: with them open here, the child would wait on itself */
		close(down[1]);
		close(up[0]);
		/* a parent killed mid-read takes the reader with it */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(1);
		/* the library prints on its own: keep it off the parent's report */
		dup2(p->log, STDOUT_FILENO);
		dup2(p->log, STDERR_FILENO);
		child_main(inner, in, up[1], down[0]);
	}
	close(down[0]);
	close(up[1]);
	p->to = down[1];
	p->from = fdopen(up[0], "r");
	if (!p->from) {
		close(up[0]);
		return spawn_error(t, "", errno, err);
	}
	/* glibc allocates the buffer here: its one failure */
	if (setvbuf(p->from, NULL, _IOFBF, 1 << 20))
		return ts_nomem(t->path, err);
	return 0;
}

static const struct ts_ops isolated;

/* tx_open - open in with the source inner in a child process */
int tx_open(struct ti_trace *t, const struct ts_ops *inner, struct ts_input *in,
	    char err[TI_ERR_LEN])
{
	struct proxy *p = calloc(1, sizeof(*p));
	struct wire_buf msg = { 0 };
	struct wire_in win;
	int type, ret = -1;
	char *why;

	if (!p)
		return ts_nomem(t->path, err);
	*p = (struct proxy){ .log = -1, .to = -1, .file_size = in->size };
	t->ops = &isolated;
	t->src = p;
	ret = spawn(t, inner, in, err);
	if (ret)
		goto out;
	type = wire_recv(p->from, &msg);
	win = wire_in_init(&msg);
	switch (type) {
	case MSG_ERROR:
	case MSG_DECLINE:
		why = wire_get_str(&win);
		snprintf(err, TI_ERR_LEN, "%s", why ? why : "unreadable trace");
		free(why);
		ret = win.nomem ? ts_nomem(t->path, err) : type == MSG_DECLINE ? 1 : -1;
		break;
	case MSG_EVENTS:
		ret = parse_events(t, &win, err);
		if (ret == TI_NOMEM)
			ts_nomem(t->path, err);
		else if (ret)
			snprintf(err, TI_ERR_LEN, "%s: corrupt trace: bad event descriptions",
				 t->path);
		break;
	case MSG_NOMEM:
		ret = ts_nomem(t->path, err);
		break;
	default:
		ret = msg.nomem ? ts_nomem(t->path, err) : child_fate(t, err);
		break;
	}
out:
	free(msg.buf);
	return ret;
}

/*
 * send_wanted - the ids of the wanted events, ended by 0 (ids are sent plus one): 0, -1, or
 * TI_NOMEM
 */
static int send_wanted(struct ti_trace *t)
{
	struct wire_out o = { 0 };
	uint32_t end = 0;
	int ret = 0;

	uint32_t progress = UINT32_MAX;

	if (t->progress)
		wire_put(&o, &progress, sizeof(progress));
	for (int i = 0; i < t->nevents; i++) {
		uint32_t id = (uint32_t)t->events[i].id + 1;

		if (t->events[i].wanted)
			wire_put(&o, &id, sizeof(id));
	}
	wire_put(&o, &end, sizeof(end));
	if (o.failed)
		ret = TI_NOMEM;
	else if (write(((struct proxy *)t->src)->to, o.buf, o.len) != (ssize_t)o.len)
		ret = -1;
	wire_out_free(&o);
	return ret;
}

/* remember_comm - keep a task's name from a record, for comm(); -1 on no memory */
static int remember_comm(struct proxy *p, int pid, const char *comm)
{
	for (int i = 0; i < p->ncomms; i++)
		if (p->comms[i].pid == pid) {
			snprintf(p->comms[i].name, sizeof(p->comms[i].name), "%s", comm);
			return 0;
		}
	if (p->ncomms == MAX_COMMS)
		return 0;
	if (!p->comms && !(p->comms = calloc(MAX_COMMS, sizeof(*p->comms))))
		return -1;
	p->comms[p->ncomms].pid = pid;
	snprintf(p->comms[p->ncomms++].name, sizeof(p->comms[0].name), "%s", comm);
	return 0;
}

/*
 * deliver_record - decode a record message and hand it to the consumer: 0, 1 if it
 * stopped, -1 if the message is bad, or TI_NOMEM
 */
static int deliver_record(struct ti_trace *t, struct wire_in *in, ti_record_fn fn, void *arg)
{
	struct ti_record r = { 0 };
	uint64_t cpupid, id;
	char *comm;

	r.ts = wire_get_u64(in);
	r.seq = wire_get_u64(in);
	cpupid = wire_get_u64(in);
	r.cpu = (int)(cpupid >> 32);
	r.pid = (int)(uint32_t)cpupid;
	r.buffer = (int)wire_get_u64(in);
	r.lost_before = (int64_t)wire_get_u64(in);
	id = wire_get_u64(in);
	comm = wire_get_str(in);
	if (in->nomem)
		return TI_NOMEM;
	if (in->bad || !comm || id > (uint64_t)t->max_id || !t->by_id[id]) {
		free(comm);
		return -1;
	}
	if (remember_comm(t->src, r.pid, comm)) {
		free(comm);
		return TI_NOMEM;
	}
	free(comm);
	r.event = t->by_id[id];
	for (int i = 0; i < r.event->nfields; i++) {
		struct ti_value *v = &t->values[i];
		uint64_t n;

		v->ok = wire_get_u64(in);
		v->num = wire_get_u64(in);
		n = wire_get_u64(in);
		v->str = wire_get(in, (size_t)(n < WIRE_MAX_MSG ? n : WIRE_MAX_MSG));
		v->len = (uint32_t)n;
	}
	if (in->bad)
		return -1;
	r.values = t->values;
	t->by_id[id]->count++;
	t->stats.delivered++;
	return fn(&r, arg) ? 1 : 0;
}

/* parse_end - the child's final counts: 0, or TI_NOMEM */
static int parse_end(struct ti_trace *t, struct wire_in *in)
{
	char *msg, *at;

	t->stats.records = wire_get_u64(in);
	t->stats.bad_fields = wire_get_u64(in);
	t->stats.unknown_ids = wire_get_u64(in);
	t->stats.backwards = wire_get_u64(in);
	at = wire_get_str(in);
	snprintf(t->stats.backwards_at, sizeof(t->stats.backwards_at), "%s", at ? at : "");
	free(at);
	for (int cpu = 0; cpu < t->stats.cpus; cpu++) {
		t->lost[cpu].known = wire_get_u64(in);
		t->lost[cpu].unknown = wire_get_u64(in);
		t->lost[cpu].first_ts = wire_get_u64(in);
		t->lost[cpu].last_ts = wire_get_u64(in);
	}
	/* after what the parent noted (an input filter's account of its copy) */
	msg = wire_get_str(in);
	if (msg && *msg)
		ts_note(t, "%s", msg);
	free(msg);
	return in->nomem ? TI_NOMEM : 0;
}

/* iterate - tell the child what to send, and deliver what it sends */
static int iterate(struct ti_trace *t, ti_record_fn fn, void *arg, char err[TI_ERR_LEN])
{
	struct proxy *p = t->src;
	struct wire_buf msg = { 0 };
	int type, ret = -1;

	if (p->done || (ret = send_wanted(t))) {
		if (ret == TI_NOMEM)
			return ts_nomem(t->path, err);
		snprintf(err, TI_ERR_LEN, "%s: the trace reader is gone", t->path);
		return -1;
	}
	ret = -1;
	p->done = true;
	while ((type = wire_recv(p->from, &msg)) == MSG_RECORD || type == MSG_PROGRESS) {
		struct wire_in in = wire_in_init(&msg);
		int r;

		if (type == MSG_PROGRESS) {
			uint64_t records = wire_get_u64(&in), done = wire_get_u64(&in);
			uint64_t size = wire_get_u64(&in);

			if (t->progress && !in.bad)
				t->progress(records, done, size, t->progress_arg);
			continue;
		}
		r = deliver_record(t, &in, fn, arg);
		if (r == TI_NOMEM)
			ret = ts_nomem(t->path, err);
		else if (r < 0)
			snprintf(err, TI_ERR_LEN, "%s: corrupt record from the reader", t->path);
		else if (r)
			ret = 1;
		if (r)
			goto out;
	}
	if (type == MSG_END) {
		struct wire_in in = wire_in_init(&msg);

		ret = parse_end(t, &in) ? ts_nomem(t->path, err) : 0;
	} else if (type == MSG_ERROR) {
		struct wire_in in = wire_in_init(&msg);
		char *why = wire_get_str(&in);

		snprintf(err, TI_ERR_LEN, "%s", why ? why : "unreadable trace");
		free(why);
		if (in.nomem)
			ret = ts_nomem(t->path, err);
	} else if (type == MSG_NOMEM || (!type && msg.nomem)) {
		ret = ts_nomem(t->path, err);
	} else {
		ret = child_fate(t, err);
	}
out:
	free(msg.buf);
	return ret;
}

/* close_proxy - stop the child and free the parent's side */
static void close_proxy(struct ti_trace *t)
{
	struct proxy *p = t->src;

	if (!p)
		return;
	if (p->child > 0) {
		kill(p->child, SIGKILL);
		waitpid(p->child, NULL, 0);
	}
	close_pipes(p);
	if (p->log >= 0)
		close(p->log);
	for (int i = 0; i < t->nevents; i++) {
		free((char *)t->events[i].system);
		free((char *)t->events[i].name);
		for (int f = 0; f < t->events[i].nfields; f++)
			free((char *)t->events[i].fields[f].name);
	}
	free(p->comms);
	free(p);
	t->src = NULL;
}

/* comm - the name of a task seen in a record, or NULL */
static const char *comm(struct ti_trace *t, int pid)
{
	const struct proxy *p = t->src;

	for (int i = 0; i < p->ncomms; i++)
		if (p->comms[i].pid == pid)
			return p->comms[i].name;
	return NULL;
}

static const struct ts_ops isolated = {
	.name = "isolated",
	.iterate = iterate,
	.comm = comm,
	.close = close_proxy,
};
