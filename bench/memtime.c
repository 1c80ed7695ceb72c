// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * memtime.c - run a command, report its CPU time and its peak memory split
 * into anonymous and file-backed pages
 *
 *   memtime [-o FILE] [-i MS] -- COMMAND [ARG...]
 *
 * /proc/PID/status of the command and of its descendants is read every
 * MS milliseconds (default 10); the peaks of the summed RssAnon and RssFile
 * are kept. CPU time comes from wait4()'s rusage (the command and every
 * descendant it waited for); ru_maxrss is reported too, as a cross-check of
 * the sampled peaks. One line of key=value pairs goes to FILE (default:
 * stderr); the command's own stdout and stderr are left alone. The exit
 * status is the command's (128 + signal if it was killed).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_PIDS 256

/* The sampled peaks, in kB. */
struct peaks {
	long anon;
	long file;
	long rss;
	int samples;
};

/* usage - the one-line synopsis, exit 2 */
static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr, "usage: memtime [-o FILE] [-i MS] -- COMMAND [ARG...]\n");
	exit(2);
}

/* status_kb - the value in kB of a "Key:" line of a /proc/PID/status text, or 0 */
static long status_kb(const char *text, const char *key)
{
	const char *p = strstr(text, key);

	return p ? strtol(p + strlen(key), NULL, 10) : 0;
}

/* read_text - read a small /proc file into buf; returns its length or -1 */
static ssize_t read_text(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = '\0';
	return (ssize_t)n;
}

/* collect - pid and its descendants (through /proc/P/task/P/children) into pids */
static int collect(pid_t pid, pid_t *pids, int n)
{
	char path[64], buf[4096], *p, *end;

	if (n >= MAX_PIDS)
		return n;
	pids[n++] = pid;
	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)pid, (int)pid);
	if (read_text(path, buf, sizeof(buf)) <= 0)
		return n;
	for (p = buf;; p = end) {
		long child = strtol(p, &end, 10);

		if (end == p)
			break;
		if (child > 0)
			n = collect((pid_t)child, pids, n);
	}
	return n;
}

/* sample - add up RssAnon and RssFile of the process tree; keep the peaks */
static void sample(pid_t root, struct peaks *pk)
{
	pid_t pids[MAX_PIDS];
	long anon = 0, file = 0;
	int n = collect(root, pids, 0);
	char path[64], buf[4096];

	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/proc/%d/status", (int)pids[i]);
		if (read_text(path, buf, sizeof(buf)) <= 0)
			continue;
		anon += status_kb(buf, "RssAnon:");
		file += status_kb(buf, "RssFile:") + status_kb(buf, "RssShmem:");
	}
	if (anon > pk->anon)
		pk->anon = anon;
	if (file > pk->file)
		pk->file = file;
	if (anon + file > pk->rss)
		pk->rss = anon + file;
	pk->samples++;
}

/* seconds - a timeval in seconds */
static double seconds(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

int main(int argc, char **argv)
{
	struct timespec t0, t1, nap;
	const char *out_path = NULL;
	struct peaks pk = { 0 };
	struct rusage ru;
	int opt, status;
	long interval = 10;
	FILE *out = stderr;
	pid_t pid;

	while ((opt = getopt(argc, argv, "+o:i:")) != -1) {
		switch (opt) {
		case 'o':
			out_path = optarg;
			break;
		case 'i':
			interval = strtol(optarg, NULL, 10);
			if (interval < 1 || interval > 10000)
				usage();
			break;
		default:
			usage();
		}
	}
	if (optind >= argc)
		usage();
	if (out_path && !(out = fopen(out_path, "a"))) {
		fprintf(stderr, "memtime: %s: %s\n", out_path, strerror(errno));
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "memtime: fork: %s\n", strerror(errno));
		return 2;
	}
	if (!pid) {
		execvp(argv[optind], argv + optind);
		fprintf(stderr, "memtime: %s: %s\n", argv[optind], strerror(errno));
		_exit(127);
	}
	nap = (struct timespec){ interval / 1000, (interval % 1000) * 1000000L };
	for (;;) {
		pid_t r = wait4(pid, &status, WNOHANG, &ru);

		if (r == pid)
			break;
		if (r < 0 && errno != EINTR) {
			fprintf(stderr, "memtime: wait4: %s\n", strerror(errno));
			return 2;
		}
		sample(pid, &pk);
		nanosleep(&nap, NULL);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(out,
		"cpu=%.3f user=%.3f sys=%.3f wall=%.3f anon_kb=%ld file_kb=%ld rss_kb=%ld "
		"maxrss_kb=%ld samples=%d status=%d\n",
		seconds(&ru.ru_utime) + seconds(&ru.ru_stime), seconds(&ru.ru_utime),
		seconds(&ru.ru_stime),
		(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, pk.anon,
		pk.file, pk.rss, ru.ru_maxrss, pk.samples,
		WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	if (out != stderr)
		fclose(out);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
