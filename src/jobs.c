// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * jobs.c - check many traces, in this process or in worker processes (-j N)
 *
 * The parent forks the workers before it reads any trace (it is single
 * threaded, so fork is safe) and hands out trace indices one at a time over a
 * pipe per worker: a worker gets the next trace when it sends a result, so one
 * slow trace does not hold back a fixed share of the others. A worker checks
 * the trace into a report of its own and sends the trace's findings back as
 * wire messages (parts of at most WIRE_MAX_MSG, then an end message with
 * checker_run's result and the spec's diagnostics as printed). The parent
 * keeps each result until all earlier ones are in and then appends it to its
 * report, so everything it prints is what checking one by one prints.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "findings_wire.h"
#include "jobs.h"
#include "wire.h"

#define RESULT_MAX ((size_t)1 << 32)	/* a trace's findings on the wire, at most */
/*
 * How often the parent looks for a worker that died without closing its pipe:
 * a trace reader the worker had forked can hold the pipe open for a while.
 */
#define POLL_MS 500

enum msg_type {
	MSG_PART = 1,	/* the next bytes of a trace's encoded findings */
	MSG_DONE,	/* the trace's index, checker_run's result, the spec's diagnostics */
};

/* The exit status of a worker that ran out of memory outside a check (its trace's is RES_NOMEM). */
#define WORKER_NOMEM 4

/* checker_run's result in a MSG_DONE */
enum result {
	RES_OK,		/* findings follow in MSG_PARTs */
	RES_MISFIT,	/* the spec does not fit the trace (an error of the trace) */
	RES_NOMEM,	/* out of memory: no findings */
};

struct worker {
	pid_t pid;		/* 0: none */
	int task;		/* trace indices, to the worker */
	FILE *from;		/* results, from the worker */
	int trace;		/* the trace it checks, or -1 */
};

/* One trace's result, kept until every earlier one is in. */
struct slot {
	bool done;
	bool misfit;		/* the spec does not fit the trace */
	bool nomem;		/* its worker ran out of memory checking it */
	char *diags;		/* the spec's diagnostics, printed, or NULL */
	struct fnd_trace t;
};

struct pool {
	struct checker *c;
	const struct check_options *opts;
	char **traces;
	int ntraces;
	struct fnd_report *r;
	struct worker *w;
	int nw;
	struct slot *slots;
	int next;		/* the next trace to hand out */
	int emitted;		/* the traces in the report so far */
	bool nomem;		/* memory ran out: said in one line, nothing more is emitted */
	struct wire_buf msg;
};

/* print_misfit - the line before the diagnostics of a spec that does not fit a trace */
static void print_misfit(const char *trace)
{
	fprintf(stderr, "ccsl-check: the spec does not fit %s:\n", trace);
}

/* print_nomem - the one line of a run that ran out of memory (no report follows) */
static void print_nomem(const char *trace)
{
	fprintf(stderr, "ccsl-check: out of memory while checking %s\n", trace);
}

/* check_here - every trace in this process, one after the other */
static int check_here(struct checker *c, const struct check_options *opts, char **traces, int n,
		      struct fnd_report *r)
{
	for (int i = 0; i < n; i++) {
		struct spec_diags diags = { 0 };
		int ret = checker_run(c, traces[i], opts, r, &diags);

		if (ret == CHECKER_NOMEM) {
			/* out of memory is the one line: what the bindings said before it is not news */
			spec_diags_free(&diags);
			print_nomem(traces[i]);
			return -1;
		}
		if (ret)
			print_misfit(traces[i]);
		spec_diags_print(&diags, stderr);
		spec_diags_free(&diags);
	}
	return 0;
}

/* ---- the worker ---- */

/* send_parts - a message too big for one wire message, in parts; -1 on error, -2 no memory */
static int send_parts(FILE *to, struct wire_out *o)
{
	struct wire_out part = { 0 };
	int ret = o->failed ? -2 : 0;

	for (size_t at = 0; at < o->len && !ret; at += WIRE_MAX_MSG) {
		size_t n = o->len - at < WIRE_MAX_MSG ? o->len - at : WIRE_MAX_MSG;

		wire_put(&part, o->buf + at, n);
		ret = wire_send(to, MSG_PART, &part);
		if (ret && part.failed)
			ret = -2;
	}
	wire_out_free(&part);
	o->len = 0;
	return ret;
}

/* diags_text - diagnostics as spec_diags_print prints them, or NULL on error */
static char *diags_text(const struct spec_diags *diags, size_t *len)
{
	char *text = NULL;
	FILE *ms = open_memstream(&text, len);

	if (!ms)
		return NULL;
	spec_diags_print(diags, ms);
	if (fclose(ms)) {
		free(text);
		return NULL;
	}
	return text;
}

/* worker_check - check trace i and send its result; -1 if it could not be sent (-2: no memory) */
static int worker_check(struct pool *p, struct fnd_report *r, uint32_t i, FILE *to)
{
	struct spec_diags diags = { 0 };
	struct wire_out o = { 0 };
	int run = checker_run(p->c, p->traces[i], p->opts, r, &diags);
	enum result res = run == CHECKER_NOMEM ? RES_NOMEM : run ? RES_MISFIT : RES_OK;
	size_t len = 0;
	char *text = res == RES_NOMEM ? NULL : diags_text(&diags, &len);
	int ret;

	spec_diags_free(&diags);
	/* no findings of a run out of memory: they are incomplete (and the memory is back) */
	if (r->ntraces && res != RES_NOMEM)
		fnd_trace_encode(&o, r, &r->traces[0]);
	for (int t = 0; t < r->ntraces; t++)
		fnd_trace_free(&r->traces[t]);
	r->ntraces = 0;
	/* the diagnostics' text is missing for want of memory only */
	ret = !text && res != RES_NOMEM ? -2 : send_parts(to, &o);
	wire_put_u64(&o, i);
	wire_put_u64(&o, (uint64_t)res);
	wire_put_str(&o, text ? text : "", len);
	if (!ret && (wire_send(to, MSG_DONE, &o) || fflush(to)))
		ret = o.failed ? -2 : -1;
	wire_out_free(&o);
	free(text);
	return ret;
}

/* worker_main - check the traces the parent names until it closes the pipe */
static void __attribute__((noreturn)) worker_main(struct pool *p, int task, int result)
{
	struct fnd_report *r = checker_report_new(p->c, "");
	FILE *to = fdopen(result, "w");
	uint32_t i;
	int ret;

	if (!r || !to || setvbuf(to, NULL, _IOFBF, 1 << 20))
		_exit(WORKER_NOMEM);	/* each of them fails for want of memory only */
	while (read(task, &i, sizeof(i)) == sizeof(i)) {
		if (i >= (uint32_t)p->ntraces)
			_exit(EXIT_ERROR);
		ret = worker_check(p, r, i, to);
		if (ret)
			_exit(ret == -2 ? WORKER_NOMEM : EXIT_ERROR);
	}
	/* _exit: the parent's stdio buffers and atexit handlers are not ours */
	_exit(EXIT_CONFORMS);
}

/* ---- the parent ---- */

/* close_others - in a new worker: the pipes of the other workers (their EOF is theirs) */
static void close_others(const struct pool *p, const struct worker *self)
{
	for (int k = 0; k < p->nw; k++)
		if (&p->w[k] != self && p->w[k].pid) {
			close(p->w[k].task);
			close(fileno(p->w[k].from));
		}
}

/*
 * retire - close a worker's pipes and wait for it; its wait status. Never killed: the
 * trace reader a busy worker forked would be left blocked on its pipes for ever.
 * Without its pipes a worker stops by itself, a busy one after its current trace
 * (end of file on the task pipe, EPIPE on the result pipe).
 */
static int retire(struct worker *w)
{
	int status = 0;

	if (!w->pid)
		return 0;
	close(w->task);
	if (w->from)
		fclose(w->from);
	/* pid -1: already reaped */
	while (w->pid > 0 && waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
		;
	*w = (struct worker){ .trace = -1 };
	return status;
}

/* spawn - fork a worker into w; -1 (errno set) if it could not be started */
static int spawn(struct pool *p, struct worker *w)
{
	int task[2], result[2], err;
	pid_t parent;

	if (pipe2(task, O_CLOEXEC))
		return -1;
	if (pipe2(result, O_CLOEXEC)) {
		close(task[0]);
		close(task[1]);
		return -1;
	}
	fflush(NULL);
	parent = getpid();
	w->pid = fork();
	if (!w->pid) {
		/* a worker dies with the parent, however it ends (its reader dies with it) */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent)
			_exit(EXIT_ERROR);
		close(task[1]);
		close(result[0]);
		close_others(p, w);
		worker_main(p, task[0], result[1]);
	}
	close(task[0]);
	close(result[1]);
	w->task = task[1];
	w->trace = -1;
	w->from = w->pid > 0 ? fdopen(result[0], "r") : NULL;
	if (w->from && !setvbuf(w->from, NULL, _IOFBF, 1 << 20))
		return 0;
	err = errno;
	if (!w->from)
		close(result[0]);
	retire(w);
	errno = err;
	return -1;
}

/* fail_nomem - memory ran out for trace i (here or in its worker): the one line, in its turn */
static void fail_nomem(struct pool *p, int i)
{
	struct slot *s = &p->slots[i];

	fnd_trace_free(&s->t);
	free(s->diags);
	*s = (struct slot){ .done = true, .nomem = true };
}

/* fail_trace - a trace the workers could not check: an error of the trace (exit 2) */
static void fail_trace(struct pool *p, int i, const char *why)
{
	struct slot *s = &p->slots[i];

	fnd_trace_free(&s->t);
	s->t = (struct fnd_trace){ .file = strdup(p->traces[i]) };
	if (asprintf(&s->t.error, "%s: %s", p->traces[i], why) < 0)
		s->t.error = NULL;
	/* the report needs the error to say exit 2 */
	if (!s->t.file || !s->t.error)
		fail_nomem(p, i);
	s->done = true;
}

/* assign - give an idle worker (started now if it has died) the next trace, or retire it */
static void assign(struct pool *p, struct worker *w)
{
	while (p->next < p->ntraces) {
		uint32_t i = (uint32_t)p->next++;

		if (!w->pid && spawn(p, w)) {
			char why[128];

			if (errno == ENOMEM) {
				fail_nomem(p, (int)i);
				continue;
			}
			snprintf(why, sizeof(why), "cannot start a worker: %s", strerror(errno));
			fail_trace(p, (int)i, why);
			continue;
		}
		w->trace = (int)i;
		if (write(w->task, &i, sizeof(i)) != sizeof(i)) {
			/* the worker is gone: the end of its result pipe tells collect() */
		}
		return;
	}
	retire(w);
}

/* death - what a worker's wait status says, as its trace's error (or out of memory) */
static void death(struct pool *p, int i, int status)
{
	char why[64];

	if (WIFEXITED(status) && WEXITSTATUS(status) == WORKER_NOMEM) {
		fail_nomem(p, i);
		return;
	}
	if (WIFSIGNALED(status))
		snprintf(why, sizeof(why), "worker died (signal %d)", WTERMSIG(status));
	else
		snprintf(why, sizeof(why), "worker died (exit status %d)", WEXITSTATUS(status));
	fail_trace(p, i, why);
}

/*
 * decode - a worker's result for trace i: its end message and its findings; -1 if bad,
 * FND_WIRE_NOMEM if memory ran out reading it
 */
static int decode(struct pool *p, int i, const struct wire_out *all)
{
	struct wire_in in = wire_in_init(&p->msg);
	struct slot *s = &p->slots[i];
	struct wire_buf b = { .buf = all->buf, .cap = all->cap, .len = all->len };
	uint64_t index = wire_get_u64(&in), res = wire_get_u64(&in);
	char *diags = wire_get_str(&in);

	int ret = in.nomem ? FND_WIRE_NOMEM : -1;

	if (in.bad || in.p != in.end || index != (uint64_t)i || res > RES_NOMEM) {
		free(diags);
		return ret;
	}
	in = wire_in_init(&b);
	ret = res != RES_NOMEM ? fnd_trace_decode(&in, p->r, &s->t) : 0;
	if (ret) {
		free(diags);
		return ret;
	}
	s->misfit = res == RES_MISFIT;
	s->nomem = res == RES_NOMEM;
	s->diags = diags;
	s->done = true;
	return 0;
}

/*
 * collect - read a busy worker's result and give it the next trace. A worker
 * whose stream ends has died; one that sends nonsense is out of step: both are
 * replaced, and their trace gets an error. Memory that runs out here, reading
 * the result, is the trace's out of memory, as in its worker.
 */
static void collect(struct pool *p, struct worker *w)
{
	struct wire_out all = { 0 };
	int type, i = w->trace, r = 0;

	while ((type = wire_recv(w->from, &p->msg)) == MSG_PART && all.len < RESULT_MAX)
		wire_put(&all, p->msg.buf, p->msg.len);
	if (type == MSG_DONE)
		r = all.failed ? FND_WIRE_NOMEM : decode(p, i, &all);
	if (!type && p->msg.nomem)
		r = FND_WIRE_NOMEM;
	if (r == FND_WIRE_NOMEM) {
		retire(w);
		fail_nomem(p, i);
	} else if (!type) {
		death(p, i, retire(w));
	} else if (type != MSG_DONE || r) {
		retire(w);
		fail_trace(p, i, "bad result from its worker");
	} else {
		w->trace = -1;
	}
	wire_out_free(&all);
	assign(p, w);
}

/* check_gone - a busy worker that died while a process it forked keeps its pipe open */
static void check_gone(struct pool *p, struct worker *w)
{
	int status, i = w->trace;

	if (waitpid(w->pid, &status, WNOHANG) != w->pid)
		return;
	w->pid = -1;	/* reaped: retire must not wait for it */
	retire(w);
	death(p, i, status);
	assign(p, w);
}

/* wait_results - wait until a busy worker has something to say, and hear it */
static int wait_results(struct pool *p)
{
	struct pollfd fds[JOBS_MAX];
	int busy[JOBS_MAX], n = 0;

	for (int k = 0; k < p->nw; k++)
		if (p->w[k].pid && p->w[k].trace >= 0) {
			fds[n] = (struct pollfd){ .fd = fileno(p->w[k].from), .events = POLLIN };
			busy[n++] = k;
		}
	if (!n) {
		/* cannot happen: a trace handed out is pending only while its worker is busy */
		fprintf(stderr, "ccsl-check: no worker left\n");
		return -1;
	}
	if (poll(fds, (nfds_t)n, POLL_MS) < 0 && errno != EINTR) {
		fprintf(stderr, "ccsl-check: poll: %s\n", strerror(errno));
		return -1;
	}
	for (int j = 0; j < n; j++) {
		if (fds[j].revents)
			collect(p, &p->w[busy[j]]);
		else
			check_gone(p, &p->w[busy[j]]);
	}
	return 0;
}

/* emit - the results that are next in argument order into the report, their diagnostics said */
static void emit(struct pool *p)
{
	while (!p->nomem && p->emitted < p->ntraces && p->slots[p->emitted].done) {
		struct slot *s = &p->slots[p->emitted++];

		if (s->nomem) {
			print_nomem(p->traces[p->emitted - 1]);
			p->nomem = true;
			break;
		}
		/* room for every trace was made at the start */
		p->r->traces[p->r->ntraces++] = s->t;
		s->t = (struct fnd_trace){ 0 };
		if (s->misfit)
			print_misfit(p->traces[p->emitted - 1]);
		if (s->diags)
			fputs(s->diags, stderr);
	}
}

/* run_pool - start the workers, hand out every trace, gather the results in order */
static int run_pool(struct pool *p)
{
	int ret = 0, started = 0;

	for (int k = 0; k < p->nw; k++)
		started += !spawn(p, &p->w[k]);
	if (!started) {
		if (errno == ENOMEM)
			fprintf(stderr, "ccsl-check: out of memory while starting the workers\n");
		else
			fprintf(stderr, "ccsl-check: cannot start a worker: %s\n", strerror(errno));
		return -1;
	}
	for (int k = 0; k < p->nw; k++)
		if (p->w[k].pid)
			assign(p, &p->w[k]);
	for (emit(p); !p->nomem && p->emitted < p->ntraces && !ret; emit(p))
		ret = wait_results(p);
	for (int k = 0; k < p->nw; k++)
		retire(&p->w[k]);
	return ret || p->nomem ? -1 : 0;
}

/* jobs_check - check the traces in argument order, in up to jobs worker processes */
int jobs_check(struct checker *c, const struct check_options *opts, char **traces, int n, int jobs,
	       struct fnd_report *r)
{
	struct pool p = { .c = c, .opts = opts, .traces = traces, .ntraces = n, .r = r };
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	struct fnd_trace *room;
	int ret = -1;

	p.nw = jobs < n ? jobs : n;
	p.nw = p.nw < JOBS_MAX ? p.nw : JOBS_MAX;
	if (p.nw <= 1)
		return check_here(c, opts, traces, n, r);
	room = realloc(r->traces, ((size_t)r->ntraces + (size_t)n) * sizeof(*room));
	p.w = calloc((size_t)p.nw, sizeof(*p.w));
	p.slots = calloc((size_t)n, sizeof(*p.slots));
	if (room)
		r->traces = room;
	if (!room || !p.w || !p.slots) {
		fprintf(stderr, "ccsl-check: out of memory while starting the workers\n");
		goto out;
	}
	/* a worker that is gone must not kill the parent writing to it */
	sigaction(SIGPIPE, &ign, &old);
	ret = run_pool(&p);
	sigaction(SIGPIPE, &old, NULL);
out:
	for (int i = 0; p.slots && i < n; i++) {
		fnd_trace_free(&p.slots[i].t);
		free(p.slots[i].diags);
	}
	free(p.slots);
	free(p.w);
	free(p.msg.buf);
	return ret;
}
