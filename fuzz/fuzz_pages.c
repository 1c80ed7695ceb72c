// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_pages.c - libFuzzer target: the page reader (src/trace_cpu.c) on one CPU's data
 *
 * The first byte chooses the format: bit 0 zstd chunks (else pages), bit 1 big endian,
 * bit 2 a 4-byte commit word (else 8), bits 3-4 the page size (4096, 1024, 8192, 65536).
 * The rest is the CPU's data section, read to its end: every page check, kbuffer's
 * parsing of what passes them, and the chunk handling with libzstd.
 */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "trace_cpu.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int memfd = -1;
static volatile uint64_t sink;	/* the record bytes are used: the sanitizers check each read */

/* LLVMFuzzerTestOneInput - open a stream over the bytes and read every record */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t page_sizes[] = { 4096, 1024, 8192, 65536 };
	struct tc_format fmt;
	struct th_cpu_data d = { 0 };
	struct tc_record rec;
	struct tc_stream *s;
	char err[256];
	uint64_t sum = 0;

	if (size < 1)
		return 0;
	fmt = (struct tc_format){
		.page_size = page_sizes[(data[0] >> 3) & 3],
		.commit_size = data[0] & 4 ? 4 : 8,
		.big_endian = data[0] & 2,
		.supply = data[0] & 1 ? &tc_zstd_chunks : &tc_file_pages,
	};
	if (memfd < 0)
		memfd = memfd_create("fuzz_pages", 0);
	if (memfd < 0 || ftruncate(memfd, 0) ||
	    pwrite(memfd, data + 1, size - 1, 0) != (ssize_t)(size - 1))
		return 0;
	/* the validator bounds a section by the file; a compressed one's size leaves out its count */
	d.size = data[0] & 1 ? (size - 1 >= 4 ? size - 5 : 0) : size - 1;
	if (data[0] & 1 && size - 1 < 4)
		return 0;
	tc_open(&s, memfd, &fmt, &d, err, sizeof(err));
	while (s && tc_next(s, &rec, err, sizeof(err)) == 1)
		for (uint32_t i = 0; i < rec.size; i++)
			sum += ((const uint8_t *)rec.data)[i];
	tc_close(s);
	sink = sum;
	return 0;
}
