/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * output.h - report outputs that never destroy anything
 *
 * Used by main.c only (the command line's -o, --json, --junit, --vcd). Each
 * output is resolved before any trace is read: a regular file (or a name that
 * does not exist yet) is replaced atomically by a temporary file renamed over
 * it, with the mode the existing file had or that a plain open(O_CREAT, 0666)
 * would give; anything else (a device, a FIFO, a socket, /dev/stdout,
 * /proc/self/fd/N) is written in place; a symbolic link is followed. An
 * output that is the same file as an input or as another output is refused.
 * Every write and close is checked. Calls only libc.
 */
#ifndef CCSL_OUTPUT_H
#define CCSL_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#define OUT_ERR_LEN 512

enum out_kind {
	OUT_STDOUT,		/* NULL or "-": this process's standard output */
	OUT_FD,			/* /dev/stdout, /dev/fd/N, /proc/self/fd/N: a descriptor we have */
	OUT_REPLACE,		/* a regular file, or a new one: temporary file + rename */
	OUT_IN_PLACE,		/* a device, a FIFO: opened and written where it is */
	OUT_SOCKET,		/* a Unix socket: connected and written */
};

struct output {
	const char *option;	/* "-o", "--junit", ... for messages */
	const char *path;	/* as given; NULL: standard output */
	/* resolved by out_resolve() */
	enum out_kind kind;
	char *target;		/* REPLACE, IN_PLACE, SOCKET: the file behind the links */
	int fd;			/* FD: the descriptor named */
	bool exists;
	dev_t dev;		/* of the existing file */
	ino_t ino;
	mode_t mode;		/* REPLACE: the mode the file gets */
	uid_t uid;		/* REPLACE of an existing file: its owner, kept when we can */
	gid_t gid;
	bool is_chr;		/* a character device (a terminal, /dev/null) */
	bool is_reg;		/* a regular file (behind another process's descriptor) */
	/* while open */
	FILE *fp;
	char *tmp;		/* REPLACE: the temporary file */
};

/*
 * out_resolve - find what an output names, following symbolic links; 0, or -1
 * with a one-line reason in err (a directory, a dangling link's missing directory,
 * "out of memory while resolving PATH")
 */
int out_resolve(struct output *o, char err[OUT_ERR_LEN]);

/*
 * out_conflicts - whether an output is the same file as an input or as an
 * earlier output: 0, or -1 with a one-line reason in err. Two outputs may
 * name one character device (a terminal, /dev/null).
 */
int out_conflicts(const struct output *outs, int nouts, const char *const *inputs, int ninputs,
		  char err[OUT_ERR_LEN]);

/*
 * out_open - a stream to write the output to; NULL with the reason printed on stderr
 * and errno kept (ENOMEM: "out of memory while writing PATH")
 */
FILE *out_open(struct output *o);

/*
 * out_close - finish the output: flush and close (and rename a temporary file into
 * place) when ok, else throw the temporary file away. Returns 0, or -1 with the
 * reason printed on stderr (a write error names the output).
 */
int out_close(struct output *o, bool ok);

/* out_free - free what out_resolve() allocated */
void out_free(struct output *o);

/* out_name - how messages name an output: its path, or "standard output" */
const char *out_name(const struct output *o);

/*
 * out_check_stdout - at exit: flush standard output and report a write error
 * (one line, exit status 2) even for --help and --version; for atexit()
 */
void out_check_stdout(void);

#endif /* CCSL_OUTPUT_H */
