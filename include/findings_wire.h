/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * findings_wire.h - one trace's findings as a wire message payload
 *
 * A -j worker checks a trace and sends its struct fnd_trace to the parent,
 * which decodes it into its own report. Every field travels; the decoder
 * trusts nothing: counts are bounded by the bytes left, indices by the
 * report's rules and clocks, and any doubt makes the whole message bad.
 */
#ifndef CCSL_FINDINGS_WIRE_H
#define CCSL_FINDINGS_WIRE_H

#include "findings.h"
#include "wire.h"

/* fnd_trace_encode - append a trace's findings (of a report with r's rules) to a message */
void fnd_trace_encode(struct wire_out *o, const struct fnd_report *r, const struct fnd_trace *t);

/* fnd_trace_decode's result when memory ran out (the payload may be right) */
#define FND_WIRE_NOMEM (-2)

/*
 * fnd_trace_decode - read what fnd_trace_encode wrote, up to the end of the payload,
 * into a zeroed t. Rule and clock indices must be those of r. Returns 0, -1 on a short,
 * long or inconsistent payload, or FND_WIRE_NOMEM when memory ran out (t freed and
 * zeroed in both cases).
 */
int fnd_trace_decode(struct wire_in *in, const struct fnd_report *r, struct fnd_trace *t);

#endif /* CCSL_FINDINGS_WIRE_H */
