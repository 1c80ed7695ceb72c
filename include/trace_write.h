/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * trace_write.h - a trace.dat (file version 6) writer: what a recorder keeps of a tracing
 * session, in the layout trace-cmd reads
 *
 * Internal to the trace stage: used by the live tracefs source (ccsl-check --live
 * --record) and by the tests' fixture writer. It takes the kernel's own texts (the page and
 * event headers, each event's format file), the task names, a few options, and each CPU's
 * ring-buffer pages exactly as trace_pipe_raw gives them; the pages are spooled per CPU to
 * unlinked temporary files while the session runs and laid out when the file is written.
 * Calls libc only.
 */
#ifndef CCSL_TRACE_WRITE_H
#define CCSL_TRACE_WRITE_H

#include <stddef.h>
#include <stdint.h>

#define TW_ERR_LEN 256

struct tw_file;

/*
 * tw_new - an empty recording of cpus CPUs with pages of page_size bytes, spooled under
 * tmpdir (NULL: $TMPDIR or /tmp); NULL with err
 */
struct tw_file *tw_new(int cpus, uint32_t page_size, const char *tmpdir, char err[TW_ERR_LEN]);

/* tw_free - free it, and its spooled pages */
void tw_free(struct tw_file *w);

/* tw_set_headers - the texts of events/header_page and events/header_event; 0 or -1 */
int tw_set_headers(struct tw_file *w, const char *page, size_t page_len, const char *event,
		   size_t event_len);

/* tw_add_format - an event's format file, in its system ("ftrace": the ftrace formats) */
int tw_add_format(struct tw_file *w, const char *system, const char *text, size_t len);

/* tw_add_comm - a task name the records' pids map to */
int tw_add_comm(struct tw_file *w, int pid, const char *comm);

/* tw_set_option - the UNAME, VERSION or TRACECLOCK text (copied) */
enum tw_option {
	TW_UNAME,
	TW_VERSION,
	TW_TRACECLOCK,
	TW_NOPTIONS
};
int tw_set_option(struct tw_file *w, enum tw_option opt, const char *text);

/* tw_add_pages - whole pages of a CPU's ring buffer (len a multiple of the page size) */
int tw_add_pages(struct tw_file *w, int cpu, const void *pages, size_t len);

/* tw_write - the trace.dat to fd (written from its current offset); 0 or -1 with err */
int tw_write(struct tw_file *w, int fd, char err[TW_ERR_LEN]);

#endif /* CCSL_TRACE_WRITE_H */
