// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_replay.c - run a libFuzzer target's LLVMFuzzerTestOneInput on files, without
 * libFuzzer: for the regression inputs of targets whose input is not a whole file
 * ccsl-check reads (fuzz_pages: one CPU's data section). Built with the project's own
 * compiler and sanitizer flags by `make test`; exit 0 if every input ran.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* replay - one input file */
static int replay(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data = NULL;
	size_t size = 0, cap = 0, n;

	if (!f) {
		perror(path);
		return -1;
	}
	do {
		uint8_t *d;

		if (size == cap) {
			cap = cap ? 2 * cap : 65536;
			d = realloc(data, cap);
			if (!d) {
				free(data);
				fclose(f);
				return -1;
			}
			data = d;
		}
		n = fread(data + size, 1, cap - size, f);
		size += n;
	} while (n);
	fclose(f);
	LLVMFuzzerTestOneInput(data, size);
	free(data);
	return 0;
}

int main(int argc, char **argv)
{
	int ret = 0;

	for (int i = 1; i < argc; i++)
		if (replay(argv[i]))
			ret = 1;
	return ret;
}
