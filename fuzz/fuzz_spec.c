// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_spec.c - libFuzzer target: the spec parser and validator on arbitrary text
 */
#include <stddef.h>
#include <stdint.h>

#include "spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* LLVMFuzzerTestOneInput - parse one input as a spec file; diagnostics are discarded */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct spec_diags diags = { 0 };
	struct spec *spec = spec_parse_string("fuzz.ccsl", (const char *)data, size, &diags);

	spec_free(spec);
	spec_diags_free(&diags);
	return 0;
}
