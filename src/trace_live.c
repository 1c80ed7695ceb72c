// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace_live.c - the record source of a live tracefs instance (ccsl-check --live)
 *
 * An instance that records while it is read: its events are those enabled in it (its
 * set_event), their formats and the page header are read from tracefs into a tep of our
 * own, and each CPU's trace_pipe_raw is read page by page with libtracefs. Every page goes
 * through the page reader of trace.dat files (trace_cpu.c, fed pages: the same page checks
 * and the same kbuffer parsing) and every record through the record path of trace_dat.c
 * (id -> event, decoding, lost events, unknown ids), so that a live check and an offline
 * check of the same pages see the same records.
 *
 * Merging: a pass reads every CPU until its buffer is empty; a pass begun at time T (the
 * instance's trace clock, which must be one user space reads too) is followed by a merge
 * of every CPU's records stamped up to T - TI_LIVE_SLACK_MS (trace_merge.c, over views of
 * the CPU streams that hold back later records). The next pass comes when the first
 * record held back has aged TI_LIVE_SLACK_MS, or when the kernel wakes the reader (poll on
 * trace_pipe_raw, as the instance's buffer_percent says), never sooner than
 * TI_LIVE_SLACK_MS nor later than TI_LIVE_PASS_MS after the last (trace_input.h says what
 * delay that makes). When *stop is set, a last pass reads what is left and everything is
 * merged. Time going back in a CPU's
 * stream is counted across passes as offline; a record that comes after later ones were
 * merged is counted as late.
 *
 * With record_fd, every page read is also kept (trace_write.c) with the formats, the
 * page and event headers, the task names this source gave out and the trace clock: the
 * trace.dat written at the end holds the pages in the order they were read, so that an
 * offline check of it sees what the live one saw.
 *
 * Holds the instance's CPU readers, their streams and the recording.
 * Named by the picker only (tr_source); calls libtracefs, libtraceevent, trace_dat.c,
 * trace_cpu.c, trace_merge.c, trace_write.c and trace_source.c.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <tracefs.h>
#include <traceevent/event-parse.h>

#include "trace_cpu.h"
#include "trace_dat.h"
#include "trace_write.h"

#define NS_PER_MS 1000000ull
#define SLACK_NS (TI_LIVE_SLACK_MS * NS_PER_MS)

struct live;

/* One CPU: its trace_pipe_raw, its stream of fed pages, and the record held back. */
struct lcpu {
	struct live *lv;
	int cpu;
	struct tracefs_cpu *tcpu;
	struct tc_stream *stream;
	struct tc_record peek;	/* read from the stream, not merged yet */
	bool have_peek;
	uint64_t index;		/* records merged so far */
	uint64_t last_ts;	/* the last one's stamp */
	bool absent;		/* no buffer (a CPU that was never online): not read */
};

struct live {
	struct tf_dat dat;		/* first: see trace_dat.h */
	struct ti_live *cfg;
	struct tracefs_instance *inst;
	clockid_t clock;
	struct tc_format format;
	struct lcpu *cpus;
	int ncpus;
	struct pollfd *pfds;
	uint8_t *page;			/* one page, as read */
	size_t pass_pages;		/* pages read from a CPU in one pass at most */
	bool started;
	uint64_t pass_at;		/* when the last pass began */
	uint64_t limit;			/* this merge takes the records stamped up to it */
	uint64_t merged_to;		/* every earlier merge took the records up to it */
	bool merged;			/* a merge was done */
	struct tm_back first_back;	/* time going back in a CPU's stream, as offline */
	uint64_t backwards;
	uint64_t late;			/* records stamped up to merged_to, read after it */
	struct tm_back first_late;	/* index: unused; prev_ts: merged_to then */
	int *tried;			/* pids whose name was looked for */
	size_t ntried, cap_tried;
	struct tw_file *rec;		/* the recording, or NULL */
	char *clock_text;		/* the instance's trace_clock file */
	char *header_page, *header_event; /* the texts of events/header_{page,event} */
	size_t header_page_len, header_event_len;
};

/* The trace clocks user space reads too: the merge compares stamps with them. */
static const struct {
	const char *name;
	clockid_t id;
} clocks[] = {
	{ "mono", CLOCK_MONOTONIC },
	{ "mono_raw", CLOCK_MONOTONIC_RAW },
	{ "boot", CLOCK_BOOTTIME },
	{ "tai", CLOCK_TAI },
};

/* probe - a live instance, given by ti_open_live() */
static enum ts_probe probe(struct ts_input *in, char why[TI_ERR_LEN])
{
	why[0] = '\0';
	return in->live ? TS_ACCEPT : TS_DECLINE;
}

/* now - the trace clock's time in ns */
static uint64_t now(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* fail - "path: what: reason" into err; returns -1, or TI_NOMEM when e is ENOMEM */
static int fail(const struct ti_trace *t, char err[TI_ERR_LEN], const char *what, int e)
{
	if (e == ENOMEM)
		return ts_nomem(t->path, err);
	snprintf(err, TI_ERR_LEN, "%s: %s%s%s", t->path, what, e ? ": " : "", e ? strerror(e) : "");
	return -1;
}

/* open_instance - the instance of the directory cfg names: tracefs's directory, its name */
static int open_instance(struct ti_trace *t, struct live *lv, char err[TI_ERR_LEN])
{
	const char *path = lv->cfg->instance, *slash = strrchr(path, '/');
	char *dir;

	if (!slash || slash - path < 10 || strncmp(slash - 10, "/instances", 10))
		return fail(t, err, "not a tracefs instance directory", 0);
	dir = strndup(path, (size_t)(slash - path) - 10);
	if (!dir)
		return fail(t, err, "cannot open the instance", ENOMEM);
	lv->inst = tracefs_instance_alloc(dir, slash + 1);
	free(dir);
	if (!lv->inst || !tracefs_dir_exists(lv->inst, "per_cpu"))
		return fail(t, err, "cannot open the instance", lv->inst ? ENOENT : errno);
	return 0;
}

/* pick_clock - the instance's trace clock, which must be one user space reads */
static int pick_clock(struct ti_trace *t, struct live *lv, char err[TI_ERR_LEN])
{
	char *name = tracefs_get_clock(lv->inst);

	lv->clock_text = tracefs_instance_file_read(lv->inst, "trace_clock", NULL);
	for (size_t i = 0; name && i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		if (strcmp(name, clocks[i].name))
			continue;
		lv->clock = clocks[i].id;
		free(name);
		return lv->clock_text ? 0 : fail(t, err, "cannot read trace_clock", errno);
	}
	snprintf(err, TI_ERR_LEN,
		 "%s: its trace clock '%s' is not one user space can read (mono, mono_raw, boot, "
		 "tai): its CPUs cannot be merged live", t->path, name ? name : "?");
	free(name);
	return -1;
}

/* read_headers - the page and event header texts; the page header into the tep */
static int read_headers(struct ti_trace *t, struct live *lv, char err[TI_ERR_LEN])
{
	int plen = 0, elen = 0;

	lv->header_page = tracefs_instance_file_read(lv->inst, "events/header_page", &plen);
	lv->header_event = tracefs_instance_file_read(lv->inst, "events/header_event", &elen);
	lv->header_page_len = plen > 0 ? (size_t)plen : 0;
	lv->header_event_len = elen > 0 ? (size_t)elen : 0;
	if (!lv->header_page || !lv->header_event)
		return fail(t, err, "cannot read events/header_page", errno ? errno : ENOENT);
	errno = 0;
	if (tep_parse_header_page(lv->dat.tep, lv->header_page, lv->header_page_len,
				  sizeof(long)))
		return tf_library_error(t, err, "cannot parse events/header_page");
	return 0;
}

/* add_format - an enabled event's format, into the tep and the recording */
static int add_format(struct ti_trace *t, struct live *lv, char *line, char err[TI_ERR_LEN])
{
	char *colon = strchr(line, ':'), *text, what[256];
	int len = 0, r = 0;

	if (!colon)
		return 0;
	*colon = '\0';
	text = tracefs_event_file_read(NULL, line, colon + 1, "format", &len);
	snprintf(what, sizeof(what), "the format of %s:%s", line, colon + 1);
	if (!text)
		return fail(t, err, what, errno ? errno : ENOENT);
	errno = 0;
	if (tep_parse_event(lv->dat.tep, text, (unsigned long)len, line))
		r = tf_library_error(t, err, what);
	else if (lv->rec && tw_add_format(lv->rec, line, text, (size_t)len)) {
		r = fail(t, err, what, ENOMEM);
	}
	free(text);
	return r;
}

/* read_formats - the formats of every event enabled in the instance (its set_event) */
static int read_formats(struct ti_trace *t, struct live *lv, char err[TI_ERR_LEN])
{
	char *list = tracefs_instance_file_read(lv->inst, "set_event", NULL), *save = NULL;
	int r = 0;

	if (!list && errno)
		return fail(t, err, "cannot read set_event", errno);
	for (char *line = list ? strtok_r(list, "\n", &save) : NULL; line && !r;
	     line = strtok_r(NULL, "\n", &save))
		r = add_format(t, lv, line, err);
	free(list);
	return r;
}

/* count_cpus - the CPUs of the instance: per_cpu/cpuN, N + 1 of the highest */
static int count_cpus(struct live *lv)
{
	char *path = tracefs_instance_get_file(lv->inst, "per_cpu");
	DIR *d = path ? opendir(path) : NULL;
	struct dirent *e;
	int n = 0, cpu;

	while (d && (e = readdir(d)))
		if (sscanf(e->d_name, "cpu%d", &cpu) == 1 && cpu >= n)
			n = cpu + 1;
	if (d)
		closedir(d);
	tracefs_put_tracing_file(path);
	return n;
}

/* open_cpu - a CPU's trace_pipe_raw, not blocking, and its stream of fed pages */
static int open_cpu(struct ti_trace *t, struct live *lv, struct lcpu *c, char err[TI_ERR_LEN])
{
	struct th_cpu_data d = { .cpu = c->cpu };
	char path[64], why[256];
	int fd, r;

	snprintf(path, sizeof(path), "per_cpu/cpu%d/trace_pipe_raw", c->cpu);
	fd = tracefs_instance_file_open(lv->inst, path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return fail(t, err, path, errno);
	c->tcpu = tracefs_cpu_alloc_fd(fd, (int)lv->format.page_size, true);
	if (!c->tcpu) {
		close(fd);
		return fail(t, err, path, errno ? errno : ENOMEM);
	}
	lv->pfds[c - lv->cpus] = (struct pollfd){ .fd = fd, .events = POLLIN };
	r = tc_open(&c->stream, -1, &lv->format, &d, why, sizeof(why));
	if (r == TI_NOMEM)
		return ts_nomem(t->path, err);
	if (r) {
		snprintf(err, TI_ERR_LEN, "%s: %s", t->path, why);
		return -1;
	}
	return 0;
}

/* kernel_name - the running kernel as trace-cmd's UNAME option says it (cut to fit) */
static void kernel_name(char *buf, size_t len)
{
	char all[sizeof(struct utsname) + 8] = "";
	struct utsname u;

	if (!uname(&u))
		snprintf(all, sizeof(all), "%s %s %s %s %s", u.sysname, u.nodename, u.release,
			 u.version, u.machine);
	snprintf(buf, len, "%.*s", (int)len - 1, all);
}

/* open_recording - the recording, with the options that do not depend on the pages */
static int open_recording(struct ti_trace *t, struct live *lv, char err[TI_ERR_LEN])
{
	char why[TW_ERR_LEN];

	lv->rec = tw_new(lv->ncpus, lv->format.page_size, lv->cfg->spool_dir, why);
	if (!lv->rec) {
		snprintf(err, TI_ERR_LEN, "%s: %s", t->path, why);
		return -1;
	}
	if (tw_set_headers(lv->rec, lv->header_page, lv->header_page_len, lv->header_event,
			   lv->header_event_len) ||
	    tw_set_option(lv->rec, TW_UNAME, t->kernel) ||
	    tw_set_option(lv->rec, TW_VERSION, "ccsl-check " CCSL_VERSION) ||
	    tw_set_option(lv->rec, TW_TRACECLOCK, lv->clock_text))
		return fail(t, err, "cannot keep the options", ENOMEM);
	return 0;
}

/* page_format - how the pages of the running kernel are read: the page header says */
static int page_format(struct ti_trace *t, struct live *lv, char err[TI_ERR_LEN])
{
	const char *why = tf_header_unreadable(&lv->dat);
	int size = tep_get_sub_buffer_size(lv->dat.tep);

	if (why || size < 64 || size > (64 << 20) || (size & (size - 1))) {
		snprintf(err, TI_ERR_LEN, "%s: %s", t->path,
			 why ? why : "events/header_page gives no usable page size");
		return -1;
	}
	lv->format = (struct tc_format){
		.page_size = (uint32_t)size,
		.commit_size = tep_get_header_page_size(lv->dat.tep),
		.big_endian = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__,
		.supply = &tc_fed_pages,
	};
	return 0;
}

/* open_cpus - every CPU's reader; a pass reads at most a buffer's worth from each */
static int open_cpus(struct ti_trace *t, struct live *lv, char err[TI_ERR_LEN])
{
	ssize_t kb = tracefs_instance_get_buffer_size(lv->inst, 0);

	lv->cpus = calloc((size_t)lv->ncpus, sizeof(*lv->cpus));
	lv->pfds = calloc((size_t)lv->ncpus, sizeof(*lv->pfds));
	lv->page = malloc(lv->format.page_size);
	if (!lv->cpus || !lv->pfds || !lv->page)
		return fail(t, err, "cannot read the CPU buffers", ENOMEM);
	lv->pass_pages = (kb > 0 ? (size_t)kb * 1024 / lv->format.page_size : 256) + 16;
	for (int i = 0; i < lv->ncpus; i++) {
		lv->cpus[i] = (struct lcpu){ .lv = lv, .cpu = i };
		lv->pfds[i].fd = -1;
	}
	for (int i = 0; i < lv->ncpus; i++) {
		int r = open_cpu(t, lv, &lv->cpus[i], err);

		if (r)
			return r;
	}
	return 0;
}

/*
 * open_steps - the instance, its clock, headers and formats, the recording, the CPUs: 0,
 * -1 with err, or TI_NOMEM
 */
static int open_steps(struct ti_trace *t, struct live *lv, char err[TI_ERR_LEN])
{
	int r;

	lv->dat.tep = tep_alloc();
	if (!lv->dat.tep)
		return fail(t, err, "cannot open the instance", ENOMEM);
	r = open_instance(t, lv, err);
	if (!r)
		r = pick_clock(t, lv, err);
	if (r)
		return r;
	lv->ncpus = count_cpus(lv);
	if (lv->ncpus <= 0)
		return fail(t, err, "no per_cpu buffers", 0);
	r = read_headers(t, lv, err);
	if (!r)
		r = page_format(t, lv, err);
	if (!r && lv->cfg->record_fd >= 0)
		r = open_recording(t, lv, err);
	if (!r)
		r = read_formats(t, lv, err);
	if (!r)
		r = tf_load(t, &lv->dat, lv->ncpus, err);
	return r ? r : open_cpus(t, lv, err);
}

/* open_live - a live instance: see open_steps */
static int open_live(struct ti_trace *t, struct ts_input *in, char err[TI_ERR_LEN])
{
	struct live *lv = calloc(1, sizeof(*lv));
	int r;

	if (!lv)
		return fail(t, err, "cannot open the instance", ENOMEM);
	t->src = lv;
	lv->cfg = in->live;
	lv->cfg->recorded = false;
	lv->cfg->record_err[0] = '\0';
	kernel_name(t->kernel, sizeof(t->kernel));
	tf_enter(t);
	r = open_steps(t, lv, err);
	tf_leave();
	return r;
}

/* stop_recording - the recording failed (a full disk): say why, keep checking */
static void stop_recording(struct live *lv, const char *why)
{
	snprintf(lv->cfg->record_err, sizeof(lv->cfg->record_err), "%s", why);
	tw_free(lv->rec);
	lv->rec = NULL;
}

/* set_absent - a CPU without a buffer (possible, never online): not read nor polled again */
static void set_absent(struct live *lv, struct lcpu *c)
{
	c->absent = true;
	lv->pfds[c - lv->cpus].fd = -1;
}

/* read_cpu - the pages a CPU's buffer has now (at most a pass's worth unless last) */
static int read_cpu(struct ti_trace *t, struct live *lv, struct lcpu *c, bool last,
		    char err[TI_ERR_LEN])
{
	char what[64];

	for (size_t n = 0; !c->absent && (last || n < lv->pass_pages); n++) {
		int got = tracefs_cpu_read(c->tcpu, lv->page, true);

		snprintf(what, sizeof(what), "CPU %d: trace_pipe_raw", c->cpu);
		if (got < 0 && errno == ENODEV)
			set_absent(lv, c);
		else if (got < 0)
			return fail(t, err, what, errno);
		if (got <= 0)
			break;
		if ((uint32_t)got != lv->format.page_size) {
			snprintf(err, TI_ERR_LEN, "%s: %s: a read of %d bytes, not a page of %u",
				 t->path, what, got, lv->format.page_size);
			return -1;
		}
		if (lv->rec && tw_add_pages(lv->rec, c->cpu, lv->page, (size_t)got))
			stop_recording(lv, strerror(errno ? errno : EIO));
		if (tc_feed(c->stream, lv->page, (size_t)got))
			return fail(t, err, what, ENOMEM);
	}
	return 0;
}

/* view_next - a CPU's next record if stamped up to the merge's limit, for the merge */
static int view_next(void *stream, struct tc_record *rec, char *err, size_t errlen)
{
	struct lcpu *c = stream;
	struct live *lv = c->lv;

	if (!c->have_peek) {
		int r = tc_next(c->stream, &c->peek, err, errlen);

		if (r <= 0)
			return r;
		c->have_peek = true;
	}
	if (c->peek.ts > lv->limit)
		return 0;
	*rec = c->peek;
	c->have_peek = false;
	c->index++;
	if (c->index > 1 && rec->ts < c->last_ts && !lv->backwards++)
		lv->first_back = (struct tm_back){ 0, c->cpu, c->index, rec->ts, c->last_ts };
	if (lv->merged && rec->ts <= lv->merged_to && !lv->late++)
		lv->first_late = (struct tm_back){ 0, c->cpu, c->index, rec->ts, lv->merged_to };
	c->last_ts = rec->ts;
	return 1;
}

static const struct tm_stream_ops view_ops = {
	.next = view_next,	/* the streams are the source's: the merge closes nothing */
};

/* merge - every CPU's records stamped up to limit, in order, to fn */
static int merge(struct ti_trace *t, struct live *lv, uint64_t limit, ti_record_fn fn, void *arg,
		 char err[TI_ERR_LEN])
{
	char why[TI_ERR_LEN - 64];
	int r = 0;

	lv->limit = limit;
	if (tm_init(&lv->dat.merge, &view_ops, lv->ncpus))
		return fail(t, err, "cannot merge the CPUs", ENOMEM);
	for (int i = 0; i < lv->ncpus && !r; i++) {
		r = tm_add(&lv->dat.merge, &lv->cpus[i], 0, lv->cpus[i].cpu, why, sizeof(why));
		if (r == TI_NOMEM)
			ts_nomem(t->path, err);
		else if (r)
			snprintf(err, TI_ERR_LEN, "%s: %s", t->path, why);
	}
	if (!r && tm_start(&lv->dat.merge))
		r = fail(t, err, "cannot merge the CPUs", ENOMEM);
	if (!r)
		r = tf_deliver(t, &lv->dat, fn, arg, err);
	tm_free(&lv->dat.merge);
	if (!lv->merged || limit > lv->merged_to)
		lv->merged_to = limit;
	lv->merged = true;
	return r;
}

/* pass - read every CPU; 0, -1 with err, or TI_NOMEM */
static int pass(struct ti_trace *t, struct live *lv, bool last, char err[TI_ERR_LEN])
{
	int r = 0;

	for (int i = 0; i < lv->ncpus && !r; i++)
		r = read_cpu(t, lv, &lv->cpus[i], last, err);
	return r;
}

/* pause_ms - sleep (a signal may cut it short) */
static void pause_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/* record - write the trace.dat of every page read, if asked for and still possible */
static void record(struct live *lv)
{
	char why[TW_ERR_LEN];

	if (!lv->rec)
		return;
	if (tw_write(lv->rec, lv->cfg->record_fd, why))
		snprintf(lv->cfg->record_err, sizeof(lv->cfg->record_err), "%s", why);
	else
		lv->cfg->recorded = true;
}

/* finish - what reading found, as offline, and the records that came late */
static void finish(struct ti_trace *t, struct live *lv)
{
	char a[32], b[32];

	tf_finish(t, &lv->dat, &lv->first_back, lv->backwards);
	if (lv->late)
		ts_note(t, "ccsl-check: %llu record%s came after later ones were checked (the first: "
			   "CPU %d, at %s, after %s): checked out of timestamp order",
			(unsigned long long)lv->late, lv->late == 1 ? "" : "s", lv->first_late.cpu,
			ts_format_ts(a, sizeof(a), lv->first_late.ts),
			ts_format_ts(b, sizeof(b), lv->first_late.prev_ts));
}

/*
 * pass_wait - how long until the next pass may begin, in ms: TI_LIVE_PASS_MS, or until the
 * first record held back is older than the slack; never sooner than TI_LIVE_SLACK_MS after
 * the last pass began (an instance that wakes its reader on any data would have it read
 * each record as it comes)
 */
static int pass_wait(const struct live *lv)
{
	uint64_t first = UINT64_MAX, at = now(lv->clock), due;

	for (int i = 0; i < lv->ncpus; i++)
		if (lv->cpus[i].have_peek && lv->cpus[i].peek.ts < first)
			first = lv->cpus[i].peek.ts;
	due = first == UINT64_MAX ? lv->pass_at + TI_LIVE_PASS_MS * NS_PER_MS : first + SLACK_NS;
	if (due < lv->pass_at + SLACK_NS)
		due = lv->pass_at + SLACK_NS;
	if (due <= at)
		return 0;
	return due - at >= TI_LIVE_PASS_MS * NS_PER_MS ? TI_LIVE_PASS_MS :
							    (int)((due - at + NS_PER_MS - 1) / NS_PER_MS);
}

/*
 * wait_pages - until the next pass: when it is due, or earlier for data (as the instance's
 * buffer_percent says: 50 by default, a half full buffer) once the slack has passed since
 * the last pass began, or a signal
 */
static void wait_pages(struct live *lv)
{
	uint64_t at = now(lv->clock);

	if (at < lv->pass_at + SLACK_NS)
		pause_ms((unsigned int)((lv->pass_at + SLACK_NS - at + NS_PER_MS - 1) / NS_PER_MS));
	if (*lv->cfg->stop || poll(lv->pfds, (nfds_t)lv->ncpus, pass_wait(lv)) <= 0)
		return;
	for (int i = 0; i < lv->ncpus; i++)
		if (lv->pfds[i].revents & (POLLERR | POLLNVAL))
			set_absent(lv, &lv->cpus[i]);
}

/*
 * iterate - passes until *stop, then a last one; after each, the records stamped before
 * it began (less the slack) are merged and delivered
 */
static int iterate(struct ti_trace *t, ti_record_fn fn, void *arg, char err[TI_ERR_LEN])
{
	struct live *lv = t->src;
	int r = 0;

	tf_enter(t);
	if (!lv->started && lv->cfg->started)
		lv->cfg->started(lv->cfg->arg);
	lv->started = true;
	for (;;) {
		bool last = *lv->cfg->stop != 0;
		uint64_t limit;

		if (last)	/* records being written as tracing stopped */
			pause_ms(TI_LIVE_SLACK_MS);
		lv->pass_at = now(lv->clock);
		limit = lv->pass_at > SLACK_NS ? lv->pass_at - SLACK_NS : 0;
		r = pass(t, lv, last, err);
		if (!r)
			r = merge(t, lv, last ? UINT64_MAX : limit, fn, arg, err);
		if (r || last)
			break;
		if (!*lv->cfg->stop)
			wait_pages(lv);
	}
	finish(t, lv);
	if (!r)
		record(lv);
	else if (lv->rec)
		stop_recording(lv, r > 0 ? "the check stopped before the end" : err);
	tf_leave();
	return r;
}

/*
 * tried - whether a pid's name was looked for already (1); remembers it if not (0); -1
 * when memory ran out
 */
static int tried(struct live *lv, int pid)
{
	int *p;

	for (size_t i = 0; i < lv->ntried; i++)
		if (lv->tried[i] == pid)
			return 1;
	if (lv->ntried == lv->cap_tried) {
		size_t cap = lv->cap_tried ? 2 * lv->cap_tried : 64;

		p = realloc(lv->tried, cap * sizeof(*p));
		if (!p)
			return -1;
		lv->tried = p;
		lv->cap_tried = cap;
	}
	lv->tried[lv->ntried++] = pid;
	return 0;
}

/* find_comm - a task's name: the kernel's saved cmdlines, else /proc; 0 or -1 */
static int find_comm(int pid, char name[32])
{
	char *list = tracefs_instance_file_read(NULL, "saved_cmdlines", NULL), *save = NULL;
	char path[64];
	int found = -1, fd, n;

	for (char *line = list ? strtok_r(list, "\n", &save) : NULL; line && found;
	     line = strtok_r(NULL, "\n", &save))
		if (sscanf(line, "%d %31[^\n]", &n, name) == 2 && n == pid)
			found = 0;
	free(list);
	if (!found)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	n = fd >= 0 ? (int)read(fd, name, 31) : -1;
	if (fd >= 0)
		close(fd);
	if (n <= 1)
		return -1;
	name[n - (name[n - 1] == '\n')] = '\0';
	return 0;
}

/*
 * comm - a task's name. The first answer for a pid is kept in the tep (and the
 * recording): the name never changes during the run, and the trace.dat gives the same.
 * NULL with errno ENOMEM when memory ran out (tf_comm).
 */
static const char *comm(struct ti_trace *t, int pid)
{
	struct live *lv = t->src;
	const char *c = tf_comm(t, pid);
	char name[32];
	int r;

	if (pid <= 0 || !c || strcmp(c, "<...>"))
		return c;
	r = tried(lv, pid);
	if (r < 0)
		errno = ENOMEM;
	if (r || find_comm(pid, name))
		return r < 0 ? NULL : c;
	errno = 0;
	if (tep_register_comm(lv->dat.tep, name, pid))
		return errno == ENOMEM ? NULL : c;
	if (lv->rec && tw_add_comm(lv->rec, pid, name))
		stop_recording(lv, strerror(ENOMEM));
	return tf_comm(t, pid);
}

/* close_live - the CPU readers and streams, the tep, the recording, the instance handle */
static void close_live(struct ti_trace *t)
{
	struct live *lv = t->src;

	if (!lv)
		return;
	tf_close(&lv->dat);
	for (int i = 0; lv->cpus && i < lv->ncpus; i++) {
		tc_close(lv->cpus[i].stream);
		tracefs_cpu_close(lv->cpus[i].tcpu);
	}
	if (lv->dat.tep)
		tep_free(lv->dat.tep);
	tracefs_instance_free(lv->inst);
	tw_free(lv->rec);
	free(lv->clock_text);
	free(lv->header_page);
	free(lv->header_event);
	free(lv->tried);
	free(lv->cpus);
	free(lv->pfds);
	free(lv->page);
	free(lv);
	t->src = NULL;
}

const struct ts_ops tr_source = {
	.name = "live",
	.contain = false,	/* reads the running kernel's tracefs, in this process */
	.probe = probe,
	.open = open_live,
	.iterate = iterate,
	.comm = comm,
	.close = close_live,
};
