// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * builtin.c - look up the specs compiled into the binary (builtin_specs.S)
 *
 * Part of the spec stage's bottom: called by spec_parse.c (include <NAME>)
 * and by main.c and the benches (the default spec); calls nothing.
 */
#include <string.h>

#include "spec.h"

extern const char ccsl_builtin_virtio[];
extern const char ccsl_builtin_virtio_end[];

static const struct {
	const char *name;
	const char *start;
	const char *end;
} builtins[] = {
	{ "virtio", ccsl_builtin_virtio, ccsl_builtin_virtio_end },
};

/* spec_builtin - the text of a built-in spec (include <name>), or NULL */
const char *spec_builtin(const char *name, size_t *len)
{
	for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++) {
		if (strcmp(builtins[i].name, name))
			continue;
		*len = (size_t)(builtins[i].end - builtins[i].start);
		return builtins[i].start;
	}
	return NULL;
}
