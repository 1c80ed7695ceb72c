// SPDX-License-Identifier: GPL-2.0-or-later
/* main.c - ccsl-check entry point (the command line grows in cli.c) */
#include <stdio.h>

int main(int argc, char **argv)
{
	fprintf(stderr, "ccsl-check %s: not yet functional\n", CCSL_VERSION);
	return 2;
}
