/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * spec_diag.h - how the spec stage reports: errors and warnings at a location,
 * with the source line under them, and "did you mean" hints
 *
 * Internal to the spec stage: included only by src/spec_*.c. Uses spec_src.h
 * (the public half, struct spec_diags and its printer, is in include/spec.h).
 */
#ifndef CCSL_SPEC_DIAG_H
#define CCSL_SPEC_DIAG_H

#include <stdbool.h>
#include <stddef.h>

#include "spec.h"
#include "spec_src.h"

/* A reading stops after this many errors: later ones are mostly cascades. */
#define SP_MAX_ERRORS 20

/* Where one reading of a spec reports, and how much it has reported. */
struct sp_diag {
	struct spec_diags *out;
	const struct sp_srcs *srcs;	/* the lines shown under diagnostics */
	int errors;			/* errors added by this reading */
	bool stopped;			/* SP_MAX_ERRORS reached: nothing more is added */
};

/* sp_error - report an error at loc (respects SP_MAX_ERRORS); hint may be NULL */
void sp_error(struct sp_diag *d, const struct spec_loc *loc, const char *hint, const char *fmt,
	      ...) __attribute__((format(printf, 4, 5)));

/* sp_warning - report a warning at loc */
void sp_warning(struct sp_diag *d, const struct spec_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* sp_diag_full - whether an error would be dropped (SP_MAX_ERRORS reached): skip its hint */
bool sp_diag_full(const struct sp_diag *d);

/* sp_did_you_mean - "did you mean 'x'?" for the closest candidate, in buf, or NULL */
const char *sp_did_you_mean(const char *name, const char *const *cands, int n, char *buf,
			    size_t size);

#endif /* CCSL_SPEC_DIAG_H */
