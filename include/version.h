/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * version.h - what --version says: ccsl-check's version and those of the libraries it was
 * built with and runs with. Used by main.c; calls only the libraries' own version queries.
 */
#ifndef CCSL_VERSION_H
#define CCSL_VERSION_H

#include <stdio.h>

/* version_print - "ccsl-check VERSION" then a table of libraries, built and running */
void version_print(FILE *out);

#endif /* CCSL_VERSION_H */
