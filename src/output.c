// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * output.c - report outputs that never destroy anything
 *
 * What an output path names is decided once, before any trace is read, by
 * walking its symbolic links by hand: the names of our own descriptors
 * (/dev/stdout, /dev/fd/N, /proc/self/fd/N) are written through a duplicate
 * of the descriptor; a regular file, or a name that does not exist yet, is
 * replaced atomically (a temporary file in the same directory, renamed over
 * it, so a reader sees the old report or the new one and an interrupted run
 * leaves the old one); a device, a FIFO or another process's descriptor is
 * opened and written in place; a Unix socket is connected to. Temporary files
 * are removed if the run is interrupted by a signal.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "output.h"

#define MAX_HOPS 40		/* symbolic links followed at most, as the kernel does */
#define MAX_TMP 8		/* temporary files alive at once */
#define EXIT_WRITE 2		/* the exit status of an error (ccsl-check(1)) */

/* The temporary files to remove if a signal ends the run. */
static char *volatile live_tmp[MAX_TMP];
static bool handlers_set;
/* A write error on standard output already said: out_check_stdout() only exits. */
static bool stdout_failed;

/* on_signal - remove the temporary files, then die of the signal as we would have */
static void on_signal(int sig)
{
	for (int i = 0; i < MAX_TMP; i++)
		if (live_tmp[i])
			unlink(live_tmp[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* track_tmp - remember (or, with forget, drop) a temporary file for on_signal() */
static void track_tmp(char *tmp, bool forget)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct sigaction sa = { .sa_handler = on_signal };

	if (!forget && !handlers_set) {
		for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
			sigaction(sigs[i], &sa, NULL);
		handlers_set = true;
	}
	for (int i = 0; i < MAX_TMP; i++) {
		if (forget && live_tmp[i] == tmp) {
			live_tmp[i] = NULL;
			return;
		}
		if (!forget && !live_tmp[i]) {
			live_tmp[i] = tmp;
			return;
		}
	}
}

/* out_name - how messages name an output: its path, or "standard output" */
const char *out_name(const struct output *o)
{
	return o->kind == OUT_STDOUT ? "standard output" : o->path;
}

/* resolve_error - why an output cannot be resolved: errnum, or out of memory; -1 */
static int resolve_error(const struct output *o, int errnum, char err[OUT_ERR_LEN])
{
	if (errnum == ENOMEM)
		snprintf(err, OUT_ERR_LEN, "out of memory while resolving %s", o->path);
	else
		snprintf(err, OUT_ERR_LEN, "%s %s: %s", o->option, o->path, strerror(errnum));
	return -1;
}

/* parse_fd - the N of a path "PREFIXN", or -1 */
static int parse_fd(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);
	char *end;
	long fd;

	if (strncmp(path, prefix, n) || path[n] < '0' || path[n] > '9')
		return -1;
	errno = 0;
	fd = strtol(path + n, &end, 10);
	return errno || *end || fd > INT_MAX ? -1 : (int)fd;
}

/* own_fd - the descriptor a path names in this process (/dev/fd/N, /proc/self/fd/N), or -1 */
static int own_fd(const char *path)
{
	char prefix[64];
	int fd = parse_fd(path, "/dev/fd/");

	if (fd < 0)
		fd = parse_fd(path, "/proc/self/fd/");
	if (fd < 0)
		fd = parse_fd(path, "/proc/thread-self/fd/");
	if (fd < 0) {
		snprintf(prefix, sizeof(prefix), "/proc/%d/fd/", (int)getpid());
		fd = parse_fd(path, prefix);
	}
	return fd;
}

/* dir_part - the directory of a path ("." for a bare name), allocated */
static char *dir_part(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

/* base_part - the last component of a path */
static const char *base_part(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* follow - the path a symbolic link at cur points to, allocated; NULL with errno */
static char *follow(const char *cur)
{
	char link[PATH_MAX], *dir, *next = NULL;
	ssize_t n = readlink(cur, link, sizeof(link) - 1);

	if (n < 0)
		return NULL;
	link[n] = '\0';
	if (link[0] == '/')
		return strdup(link);
	dir = dir_part(cur);
	if (dir && asprintf(&next, "%s/%s", dir, link) < 0)
		next = NULL;
	free(dir);
	return next;
}

/* set_file - what stat said of an existing output */
static void set_file(struct output *o, const struct stat *st)
{
	o->exists = true;
	o->dev = st->st_dev;
	o->ino = st->st_ino;
	o->is_chr = S_ISCHR(st->st_mode);
	o->uid = st->st_uid;
	o->gid = st->st_gid;
	o->mode = st->st_mode & 0777;
	o->is_reg = S_ISREG(st->st_mode);
}

/* new_file - an output that does not exist yet: it is created beside its siblings */
static int new_file(struct output *o, const char *cur, char err[OUT_ERR_LEN])
{
	char *dir = dir_part(cur), *real = dir ? realpath(dir, NULL) : NULL;
	mode_t mask = umask(0);

	umask(mask);
	if (!real) {
		resolve_error(o, dir ? errno : ENOMEM, err);
		free(dir);
		return -1;
	}
	free(dir);
	if (asprintf(&o->target, "%s/%s", strcmp(real, "/") ? real : "", base_part(cur)) < 0)
		o->target = NULL;
	free(real);
	o->kind = OUT_REPLACE;
	o->mode = 0666 & ~mask;
	return o->target ? 0 : resolve_error(o, ENOMEM, err);
}

/* resolve_fd - an output naming one of our descriptors */
static int resolve_fd(struct output *o, int fd, char err[OUT_ERR_LEN])
{
	struct stat st;

	if (fstat(fd, &st)) {
		snprintf(err, OUT_ERR_LEN, "%s %s: descriptor %d is not open", o->option, o->path,
			 fd);
		return -1;
	}
	o->kind = OUT_FD;
	o->fd = fd;
	set_file(o, &st);
	return 0;
}

/* resolve_file - an output that exists and is not a link */
static int resolve_file(struct output *o, char *cur, const struct stat *lst,
			char err[OUT_ERR_LEN])
{
	struct stat st = *lst;

	if (S_ISDIR(st.st_mode)) {
		snprintf(err, OUT_ERR_LEN, "%s %s: is a directory", o->option, o->path);
		return -1;
	}
	/* /proc/PID/fd/N of another process: a magic link that open() follows */
	if (S_ISLNK(st.st_mode) && stat(cur, &st))
		return resolve_error(o, errno, err);
	set_file(o, &st);
	o->target = cur;
	if (S_ISREG(st.st_mode) && !S_ISLNK(lst->st_mode))
		o->kind = OUT_REPLACE;
	else if (S_ISSOCK(st.st_mode))
		o->kind = OUT_SOCKET;
	else
		o->kind = OUT_IN_PLACE;
	return 0;
}

/* is_proc_fd - /proc/PID/fd/N: another process's descriptor, opened through /proc */
static bool is_proc_fd(const char *path)
{
	const char *p = path + strlen("/proc/");

	if (strncmp(path, "/proc/", 6))
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	return p > path + 6 && !strncmp(p, "/fd/", 4);
}

/* out_resolve - find what an output names, following symbolic links */
int out_resolve(struct output *o, char err[OUT_ERR_LEN])
{
	struct stat st;
	char *cur, *next;
	int fd;

	*err = '\0';
	if (!o->path || !strcmp(o->path, "-")) {
		o->kind = OUT_STDOUT;
		o->fd = STDOUT_FILENO;
		if (!fstat(STDOUT_FILENO, &st))
			set_file(o, &st);
		return 0;
	}
	cur = strdup(o->path);
	if (!cur)
		return resolve_error(o, ENOMEM, err);
	for (int hop = 0; cur; hop++) {
		fd = own_fd(cur);
		if (fd >= 0) {
			free(cur);
			return resolve_fd(o, fd, err);
		}
		if (lstat(cur, &st)) {
			int ret = errno == ENOENT ? new_file(o, cur, err) : resolve_error(o, errno, err);

			free(cur);
			return ret;
		}
		if (!S_ISLNK(st.st_mode) || is_proc_fd(cur)) {
			if (!resolve_file(o, cur, &st, err))
				return 0;	/* o->target is cur */
			free(cur);
			return -1;
		}
		if (hop == MAX_HOPS) {
			errno = ELOOP;
			break;
		}
		next = follow(cur);
		free(cur);
		cur = next;
	}
	resolve_error(o, errno, err);
	free(cur);
	return -1;
}

/* same_file - whether two outputs write the same file */
static bool same_file(const struct output *a, const struct output *b)
{
	if (a->kind == OUT_STDOUT && b->kind == OUT_STDOUT)
		return true;
	if (a->exists && b->exists)
		return a->dev == b->dev && a->ino == b->ino && !(a->is_chr && b->is_chr);
	return !a->exists && !b->exists && a->target && b->target && !strcmp(a->target, b->target);
}

/* input_conflict - whether an output is the file of an input ("-": standard input) */
static bool input_conflict(const struct output *o, const char *input)
{
	struct stat st;

	if (!o->exists || o->is_chr)
		return false;
	if (strcmp(input, "-") ? stat(input, &st) : fstat(STDIN_FILENO, &st))
		return false;	/* the input's own open reports it */
	return st.st_dev == o->dev && st.st_ino == o->ino;
}

/* out_conflicts - whether an output is the same file as an input or as an earlier output */
int out_conflicts(const struct output *outs, int nouts, const char *const *inputs, int ninputs,
		  char err[OUT_ERR_LEN])
{
	for (int i = 0; i < nouts; i++) {
		for (int j = 0; j < ninputs; j++) {
			if (!input_conflict(&outs[i], inputs[j]))
				continue;
			snprintf(err, OUT_ERR_LEN,
				 "%s %s is the input %s: refusing to write a report over it",
				 outs[i].option, out_name(&outs[i]), inputs[j]);
			return -1;
		}
		for (int j = 0; j < i; j++) {
			if (!same_file(&outs[i], &outs[j]))
				continue;
			snprintf(err, OUT_ERR_LEN, "%s %s and %s %s are the same file",
				 outs[j].option, out_name(&outs[j]), outs[i].option,
				 out_name(&outs[i]));
			return -1;
		}
	}
	return 0;
}

/* open_tmp - a temporary file beside the target, with the target's mode and owner */
static int open_tmp(struct output *o)
{
	char *dir = dir_part(o->target);
	int fd;

	if (!dir || asprintf(&o->tmp, "%s/.%s.XXXXXX", dir, base_part(o->target)) < 0) {
		free(dir);
		o->tmp = NULL;
		errno = ENOMEM;
		return -1;
	}
	free(dir);
	fd = mkostemp(o->tmp, O_CLOEXEC);
	if (fd < 0) {
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	track_tmp(o->tmp, false);
	/* the owner only where it differs and we may (root replacing a user's file) */
	if (o->exists && (o->uid != geteuid() || o->gid != getegid()) &&
	    fchown(fd, o->uid, o->gid)) {
		/* kept as ours: the mode below still applies */
	}
	if (fchmod(fd, o->mode)) {
		int err = errno;

		close(fd);
		unlink(o->tmp);
		errno = err;
		return -1;
	}
	return fd;
}

/* open_socket - a stream connection to a Unix socket */
static int open_socket(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		int err = errno;

		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

/* open_fd - a descriptor to write the output to, or -1 with errno */
static int open_fd(struct output *o)
{
	switch (o->kind) {
	case OUT_FD:
		return fcntl(o->fd, F_DUPFD_CLOEXEC, 3);
	case OUT_REPLACE:
		return open_tmp(o);
	case OUT_SOCKET:
		return open_socket(o->target);
	default:
		/* a FIFO blocks here until it has a reader, as for any writer */
		return open(o->target, O_WRONLY | O_NOCTTY | O_CLOEXEC | (o->is_reg ? O_TRUNC : 0));
	}
}

/* out_open - a stream to write the output to */
FILE *out_open(struct output *o)
{
	int fd;

	if (o->kind == OUT_STDOUT)
		return o->fp = stdout;
	fd = open_fd(o);
	o->fp = fd < 0 ? NULL : fdopen(fd, "w");
	if (!o->fp) {
		int err = errno;

		if (err == ENOMEM)
			fprintf(stderr, "ccsl-check: out of memory while writing %s\n", o->path);
		else
			fprintf(stderr, "ccsl-check: %s: %s\n", o->path, strerror(err));
		if (fd >= 0)
			close(fd);
		if (o->tmp) {
			unlink(o->tmp);
			track_tmp(o->tmp, true);
			free(o->tmp);
			o->tmp = NULL;
		}
		errno = err;
	}
	return o->fp;
}

/* write_error - one line naming the output and why its data did not get there */
static void write_error(const struct output *o, int err)
{
	if (err)
		fprintf(stderr, "ccsl-check: %s: write error: %s\n", out_name(o), strerror(err));
	else
		fprintf(stderr, "ccsl-check: %s: write error\n", out_name(o));
}

/* out_close - finish the output (rename a temporary file into place) or throw it away */
int out_close(struct output *o, bool ok)
{
	int err = 0, ret = 0;

	if (!o->fp)
		return -1;
	errno = 0;
	if (fflush(o->fp) || ferror(o->fp)) {
		err = errno;
		ret = -1;
	}
	if (o->fp != stdout && fclose(o->fp) && !ret) {
		err = errno;
		ret = -1;
	}
	o->fp = NULL;
	if (ret && ok)
		write_error(o, err);
	if (ret && o->kind == OUT_STDOUT)
		stdout_failed = true;
	if (o->tmp) {
		if (!ret && ok && rename(o->tmp, o->target)) {
			fprintf(stderr, "ccsl-check: %s: %s\n", o->path, strerror(errno));
			ret = -1;
		}
		if (ret || !ok)
			unlink(o->tmp);
		track_tmp(o->tmp, true);
		free(o->tmp);
		o->tmp = NULL;
	}
	return ok ? ret : -1;
}

/* out_free - free what out_resolve() allocated */
void out_free(struct output *o)
{
	free(o->target);
	o->target = NULL;
}

/* out_check_stdout - at exit: flush standard output, a write error is exit status 2 */
void out_check_stdout(void)
{
	bool pending = __fpending(stdout) != 0, failed = ferror(stdout) != 0;
	bool close_failed;

	errno = 0;
	close_failed = fclose(stdout) != 0;
	/* a closed standard output nobody wrote to is not an error */
	if (failed || (close_failed && (pending || errno != EBADF))) {
		if (!stdout_failed)
			fprintf(stderr, "ccsl-check: standard output: write error%s%s\n",
				close_failed && errno ? ": " : "",
				close_failed && errno ? strerror(errno) : "");
		_exit(EXIT_WRITE);
	}
}
