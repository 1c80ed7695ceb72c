// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * version.c - the versions --version prints
 *
 * A bug report about a misread trace needs the library versions the binary was built
 * against (pkg-config's, passed in by the Makefile) and those it runs with: jansson and
 * zstd say theirs; libtracecmd and libtraceevent have no such call, so the running
 * version is read from the shared object the dynamic linker loaded (its real file name,
 * libtraceevent.so.1.7.1).
 */
#include <dlfcn.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <trace-cmd/trace-cmd.h>
#include <zstd.h>

#include "version.h"

#ifndef BUILT_LIBTRACECMD
#define BUILT_LIBTRACECMD "?"
#endif
#ifndef BUILT_LIBTRACEEVENT
#define BUILT_LIBTRACEEVENT "?"
#endif

/* so_version - the version in the real file name of the object holding sym, or "?" */
static const char *so_version(const void *sym, char *buf, size_t len)
{
	char real[PATH_MAX];
	const char *v;
	Dl_info info;

	if (!dladdr(sym, &info) || !info.dli_fname || !realpath(info.dli_fname, real))
		return "?";
	v = strstr(real, ".so.");
	if (!v)
		return "?";
	snprintf(buf, len, "%s", v + 4);
	return buf;
}

/* version_print - "ccsl-check VERSION" then a table of libraries, built and running */
void version_print(FILE *out)
{
	char cmd[64], tep[64];

	fprintf(out, "ccsl-check %s\n", CCSL_VERSION);
	fprintf(out, "  %-14s %-12s %s\n", "library", "built with", "running with");
	fprintf(out, "  %-14s %-12s %s\n", "libtracecmd", BUILT_LIBTRACECMD,
		so_version((const void *)tracecmd_open_head, cmd, sizeof(cmd)));
	fprintf(out, "  %-14s %-12s %s\n", "libtraceevent", BUILT_LIBTRACEEVENT,
		so_version((const void *)tep_alloc, tep, sizeof(tep)));
	fprintf(out, "  %-14s %-12s %s\n", "jansson", JANSSON_VERSION, jansson_version_str());
	fprintf(out, "  %-14s %-12s %s\n", "zstd", ZSTD_VERSION_STRING, ZSTD_versionString());
}
