/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spec_check.h - the checks of a spec that need every file read: names of
 * clocks, instantaneous cycles, unused clocks
 *
 * Internal to the spec stage: included only by spec.c and spec_check.c. Uses
 * spec_parse.h.
 */
#ifndef CCSL_SPEC_CHECK_H
#define CCSL_SPEC_CHECK_H

#include "spec_parse.h"

/* sp_check - resolve clock names, number bound clocks, find cycles and unused clocks */
void sp_check(struct sp_reading *in);

#endif /* CCSL_SPEC_CHECK_H */
