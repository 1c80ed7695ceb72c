// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_header.c - libFuzzer target: the trace.dat header checks
 *
 * th_parse on the bytes, then th_validate on the same bytes in a memfd so that the
 * whole walk (sections, options, v7 chunk lists) runs on them. The page checks run in
 * the page reader, which fuzz_trace reaches.
 */
#include <stdio.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "trace_header.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int memfd = -1;

/* LLVMFuzzerTestOneInput - both checks on one input */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct th_info info;
	char err[512], path[64];

	th_parse(data, size, size, &info, err, sizeof(err));
	/* one memfd for the whole run: a new one per input would cost more than the check */
	if (memfd < 0)
		memfd = memfd_create("fuzz_header", 0);
	if (memfd < 0 || ftruncate(memfd, 0) || pwrite(memfd, data, size, 0) != (ssize_t)size)
		return 0;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", memfd);
	if (!th_validate(path, &info, err))
		th_info_release(&info);
	return 0;
}
