// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * failmalloc.c - an LD_PRELOAD library under which allocations fail after the N-th
 *
 *	CCSL_FAILMALLOC=N [CCSL_FAILMALLOC_DEPTH=D] [CCSL_FAILMALLOC_ONCE=1] \
 *		LD_PRELOAD=build/tests/failmalloc.so ccsl-check ...
 *
 * In the processes D forks below the command (0, the default: the command itself; 1: the
 * trace readers and -j workers it forks; 2: the readers of those workers), malloc, calloc,
 * realloc, reallocarray and the aligned allocators succeed N times, then return NULL with
 * errno ENOMEM every time after: memory that ran out stays out, as under an address-space
 * limit. With CCSL_FAILMALLOC_ONCE=1 only allocation N + 1 fails and the ones after it
 * succeed again, as when one large allocation does not fit: a failure that is swallowed
 * then shows as a wrong result, not as a later failure. Processes at other depths never
 * fail, so that each process's handling is tried on its own.
 *
 * Each process counts its own allocations: the command from when this library's
 * constructor runs (the constructors of some libraries run after it: libtracecmd's
 * registers its compression protocols, and a failure there is swallowed by the library,
 * harmlessly for ccsl-check), a forked child from 0 at the fork.
 *
 * CCSL_FAILMALLOC unset or negative: nothing fails. CCSL_FAILMALLOC_LOG=FILE: each process
 * that exits (exit, _exit) appends "DEPTH ALLOCATIONS FAILED" to FILE: the range of N
 * worth sweeping at each depth, and whether the limit was reached.
 * Used by tests/integration/oom.t.
 */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* glibc's own allocator, which the public names below replace */
void *__libc_malloc(size_t size);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t size);
void *__libc_memalign(size_t align, size_t size);
void __libc_free(void *p);

static bool armed;		/* the constructor ran: allocations count */
static bool once;		/* only allocation limit + 1 fails */
static long long limit = -1;	/* allocations that succeed; < 0: all */
static int target;		/* the depth whose processes fail */
static int depth;		/* forks between the command and this process */
static long long count;		/* allocations counted so far in this process */
static long long failed;	/* allocations refused */

/* refuse - whether this allocation fails (counting it) */
static bool refuse(void)
{
	long long n;

	if (!armed)
		return false;
	n = __atomic_add_fetch(&count, 1, __ATOMIC_RELAXED);
	if (limit < 0 || depth != target || n <= limit || (once && n > limit + 1))
		return false;
	__atomic_add_fetch(&failed, 1, __ATOMIC_RELAXED);
	errno = ENOMEM;
	return true;
}

void *malloc(size_t size)
{
	return refuse() ? NULL : __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
	return refuse() ? NULL : __libc_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
	/* realloc(p, 0) frees: not an allocation */
	if (p && !size)
		return __libc_realloc(p, size);
	return refuse() ? NULL : __libc_realloc(p, size);
}

void *reallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	return realloc(p, n * size);
}

void free(void *p)
{
	__libc_free(p);
}

void *memalign(size_t align, size_t size)
{
	return refuse() ? NULL : __libc_memalign(align, size);
}

void *aligned_alloc(size_t align, size_t size)
{
	return memalign(align, size);
}

int posix_memalign(void **out, size_t align, size_t size)
{
	void *p;

	if (!align || (align & (align - 1)) || align % sizeof(void *))
		return EINVAL;
	p = memalign(align, size);
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}

void *valloc(size_t size)
{
	return memalign((size_t)sysconf(_SC_PAGESIZE), size);
}

void *pvalloc(size_t size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	return memalign(page, (size + page - 1) & ~(page - 1));
}

/* report - at exit: this process's allocations, appended to CCSL_FAILMALLOC_LOG */
static void __attribute__((destructor)) report(void)
{
	static bool done;

	const char *log = getenv("CCSL_FAILMALLOC_LOG");
	char line[96];
	int fd, n;

	if (!log || done)
		return;
	done = true;
	fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	n = snprintf(line, sizeof(line), "%d %lld %lld\n", depth, count, failed);
	if (write(fd, line, (size_t)n) != n) {
		/* nothing to do: the sweep sees no count */
	}
	close(fd);
}

/* _exit - children and workers end with _exit: they report too */
void _exit(int status)
{
	report();
	syscall(SYS_exit_group, status);
	__builtin_unreachable();
}

void _Exit(int status)
{
	_exit(status);
}

/* forked - in a new child: one level deeper, counting from 0 */
static void forked(void)
{
	depth++;
	count = 0;
	failed = 0;
}

/* arm - read the limit; allocations count from now on */
static void __attribute__((constructor)) arm(void)
{
	const char *n = getenv("CCSL_FAILMALLOC");
	const char *d = getenv("CCSL_FAILMALLOC_DEPTH");
	const char *o = getenv("CCSL_FAILMALLOC_ONCE");

	if (n && *n)
		limit = strtoll(n, NULL, 10);
	if (d && *d)
		target = atoi(d);
	once = o && !strcmp(o, "1");
	pthread_atfork(NULL, NULL, forked);
	armed = true;
}
