// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * trace_text.c - read the text `trace-cmd report` prints (bug-report replays)
 *
 * Not written yet: any file that is not a trace.dat is refused as before.
 */
#include <stdio.h>

#include "trace_impl.h"

/* tt_open - refuse: report text is not read yet */
struct ti_trace *tt_open(const char *path, char err[TI_ERR_LEN])
{
	snprintf(err, TI_ERR_LEN, "%s: not a trace.dat file (bad magic)", path);
	return NULL;
}

/* tt_iterate - never called while tt_open refuses */
int tt_iterate(struct ti_trace *t, ti_record_fn fn, void *arg, char err[TI_ERR_LEN])
{
	return -1;
}

/* tt_close - nothing to free */
void tt_close(struct ti_trace *t)
{
}

/* tt_comm - nothing known */
const char *tt_comm(struct ti_trace *t, int pid)
{
	return NULL;
}
