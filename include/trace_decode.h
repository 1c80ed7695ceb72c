/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * trace_decode.h - field descriptors and bounds-checked decoding of records
 *
 * Kept apart from the file reading so that it can be tested on a format
 * text and record bytes held in memory, as libtraceevent's own tests do.
 *
 * Internal to the trace stage: for trace_dat.c (and the stage's unit tests).
 * This header may use trace_input.h (the public types) only.
 */
#ifndef CCSL_TRACE_DECODE_H
#define CCSL_TRACE_DECODE_H

#include <stdint.h>

#include <traceevent/event-parse.h>

#include "trace_input.h"

/* td_load_fields - copy an event's own field descriptors (common_* excluded); 0 or -1 */
int td_load_fields(struct ti_event *ev, struct tep_event *tev);

/*
 * td_decode - read every field of a record of ev into values (ev->nfields
 * entries), never past size bytes; returns how many fields failed the checks
 */
unsigned int td_decode(struct tep_handle *tep, const struct ti_event *ev, const void *data,
		       uint32_t size, struct ti_value *values);

#endif /* CCSL_TRACE_DECODE_H */
