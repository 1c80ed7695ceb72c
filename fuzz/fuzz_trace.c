// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_trace.c - libFuzzer target: a whole trace read, libtracecmd included
 *
 * ti_open, ti_want_system("virtio") and ti_iterate on the input in a memfd, with the
 * library in this process (CCSL_NO_ISOLATION): its own crashes are findings too.
 */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "trace_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* count - a consumer that looks at every delivered value */
static int count(const struct ti_record *rec, void *arg)
{
	uint64_t *sum = arg;

	for (int i = 0; i < rec->event->nfields; i++)
		if (rec->values[i].ok)
			*sum += rec->values[i].num + (rec->values[i].str ? rec->values[i].len : 0);
	return 0;
}

/* LLVMFuzzerInitialize - read the library in-process, where the sanitizers see it */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	setenv("CCSL_NO_ISOLATION", "1", 1);
	return 0;
}

/* LLVMFuzzerTestOneInput - open, select, iterate, close */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[TI_ERR_LEN], path[64];
	struct ti_trace *t;
	uint64_t sum = 0;
	int fd = memfd_create("fuzz_trace", 0);

	if (fd < 0)
		return 0;
	if (pwrite(fd, data, size, 0) == (ssize_t)size) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		t = ti_open(path, err);
		if (t) {
			ti_want_system(t, "virtio");
			ti_iterate(t, count, &sum, err);
			ti_close(t);
		}
	}
	close(fd);
	return 0;
}
