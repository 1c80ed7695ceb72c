// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * checker_samples.c - the changes timing diagrams draw (check_options.samples)
 *
 * For each instance: every record's event, every new value of a register (as last
 * seen: written or read), every window of a forbid/allow rule that opens or closes,
 * every violation (struct fnd_sample). A rule checked per value of a field (a queue)
 * has a window per value, from the step the value was first seen. Only changes are
 * kept, so a register or a window costs a sample when it changes; a record costs one
 * (its event). checker_run.c calls the hooks below from its step path; this file keeps
 * what each instance's signals were last.
 */
#include <stdlib.h>
#include <string.h>

#include "checker_impl.h"

/* The windows of one monitor of an instance: the instance's own, or a value's. */
struct smp_windows {
	char *sub;		/* the value of the per field, or NULL: the instance's monitor */
	signed char *w;		/* per rule: the window last sampled, -1 none yet */
};

/* What an instance's signals were when last sampled. */
struct smp_inst {
	int cap;		/* room in the instance's fnd_instance.samples */
	uint64_t *regs;
	bool *known;		/* the register has been sampled */
	struct smp_windows *windows;
	int nwindows;
};

struct checker_samples {
	const struct spec *spec;
	struct fnd_trace *ft;
	const struct ti_event **events; /* ft->events[k] is the name of events[k] */
	struct smp_inst *inst;
	int ninst;
};

/* checker_samples_new - sampling for the instances of one trace */
struct checker_samples *checker_samples_new(const struct spec *spec, struct fnd_trace *ft)
{
	struct checker_samples *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->spec = spec;
	s->ft = ft;
	return s;
}

/* checker_samples_free - free the sampling state (the samples stay in the findings) */
void checker_samples_free(struct checker_samples *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->ninst; i++) {
		free(s->inst[i].regs);
		free(s->inst[i].known);
		for (int k = 0; k < s->inst[i].nwindows; k++) {
			free(s->inst[i].windows[k].sub);
			free(s->inst[i].windows[k].w);
		}
		free(s->inst[i].windows);
	}
	free(s->inst);
	free(s->events);
	free(s);
}

/* inst_of - the state of instance i, made on first use; NULL when out of memory */
static struct smp_inst *inst_of(struct checker_samples *s, int i)
{
	struct smp_inst *in;

	if (i < s->ninst)
		return &s->inst[i];
	in = realloc(s->inst, ((size_t)i + 1) * sizeof(*in));
	if (!in)
		return NULL;
	s->inst = in;
	for (; s->ninst <= i; s->ninst++) {
		in = &s->inst[s->ninst];
		memset(in, 0, sizeof(*in));
		in->regs = calloc((size_t)s->spec->nregs + 1, sizeof(*in->regs));
		in->known = calloc((size_t)s->spec->nregs + 1, sizeof(*in->known));
		if (!in->regs || !in->known) {
			s->ninst++;	/* freed with the others */
			return NULL;
		}
	}
	return &s->inst[i];
}

/* add - a sample of instance i (its state made already); NULL when out of memory */
static struct fnd_sample *add(struct checker_samples *s, int i, enum fnd_sample_kind kind,
			      int index, uint64_t ts, uint64_t step)
{
	struct fnd_instance *in = &s->ft->instances[i];
	struct smp_inst *st = &s->inst[i];
	struct fnd_sample *smp;

	if (in->nsamples == st->cap) {
		int cap = st->cap ? 2 * st->cap : 64;

		smp = cap > 0 ? realloc(in->samples, (size_t)cap * sizeof(*smp)) : NULL;
		if (!smp)
			return NULL;
		in->samples = smp;
		st->cap = cap;
	}
	smp = &in->samples[in->nsamples++];
	*smp = (struct fnd_sample){ .ts = ts, .step = step, .kind = kind, .index = index };
	return smp;
}

/* event_index - the index in ft->events of a record's event, added on first sight; or -1 */
static int event_index(struct checker_samples *s, const struct ti_event *ev)
{
	struct fnd_trace *ft = s->ft;
	const struct ti_event **events;
	char *name, **names;
	int n = ft->nevents;

	for (int k = 0; k < n; k++)
		if (s->events[k] == ev)
			return k;
	name = checker_event_name(ev);
	if (!name)
		return -1;
	/* another buffer's event of the same name is the same event */
	for (int k = 0; k < n; k++)
		if (!strcmp(ft->events[k], name)) {
			free(name);
			return k;
		}
	events = realloc(s->events, ((size_t)n + 1) * sizeof(*events));
	if (events)
		s->events = events;
	names = events ? realloc(ft->events, ((size_t)n + 1) * sizeof(*names)) : NULL;
	if (!names) {
		free(name);
		return -1;
	}
	ft->events = names;
	s->events[n] = ev;
	ft->events[ft->nevents++] = name;
	return n;
}

/*
 * checker_sample_record - a record of instance i, of its step `step`: its EVENT sample,
 * and a REGISTER sample for each register whose value it changed (or gave a first value)
 */
int checker_sample_record(struct checker_samples *s, int i, const struct bind_step *bs,
			  uint64_t step)
{
	struct smp_inst *in = inst_of(s, i);
	int ev = in ? event_index(s, bs->rec->event) : -1;
	char bits[512];

	if (ev < 0 || !add(s, i, FND_SAMPLE_EVENT, ev, bs->rec->ts, step))
		return -1;
	for (int r = 0; r < s->spec->nregs; r++) {
		struct fnd_sample *smp;

		if (!(bs->reg_state[r] & BIND_REG_SEEN_KNOWN) ||
		    (in->known[r] && in->regs[r] == bs->seen[r]))
			continue;
		in->known[r] = true;
		in->regs[r] = bs->seen[r];
		smp = add(s, i, FND_SAMPLE_REGISTER, r, bs->rec->ts, step);
		if (!smp)
			return -1;
		smp->value = bs->seen[r];
		checker_decode_bits(&s->spec->regs[r], bs->seen[r], bits, sizeof(bits));
		if (*bits && !(smp->text = strdup(bits)))
			return -1;
	}
	return 0;
}

/* window_of - the engine's answer as the findings say it, or -1: the rule has no window */
static int window_of(enum ccsl_window w)
{
	static const int of[] = {
		[CCSL_WINDOW_NONE] = -1,
		[CCSL_WINDOW_CLOSED] = FND_WINDOW_CLOSED,
		[CCSL_WINDOW_OPEN] = FND_WINDOW_OPEN,
		[CCSL_WINDOW_UNKNOWN] = FND_WINDOW_UNKNOWN,
	};

	return (unsigned int)w < sizeof(of) / sizeof(of[0]) ? of[w] : -1;
}

/* windows_of - the windows last sampled of a monitor of instance in; NULL when out of memory */
static signed char *windows_of(const struct checker_samples *s, struct smp_inst *in,
			       const char *sub)
{
	struct smp_windows *w;

	for (int k = 0; k < in->nwindows; k++)
		if (sub ? in->windows[k].sub && !strcmp(in->windows[k].sub, sub) :
			  !in->windows[k].sub)
			return in->windows[k].w;
	w = realloc(in->windows, ((size_t)in->nwindows + 1) * sizeof(*w));
	if (!w)
		return NULL;
	in->windows = w;
	w = &in->windows[in->nwindows];
	w->sub = sub ? strdup(sub) : NULL;
	w->w = malloc((size_t)s->spec->nrules + 1);
	if ((sub && !w->sub) || !w->w) {
		free(w->sub);
		free(w->w);
		return NULL;
	}
	memset(w->w, -1, (size_t)s->spec->nrules + 1);
	in->nwindows++;
	return w->w;
}

/* set_sub - a sample's value of the per field; -1 when out of memory */
static int set_sub(struct fnd_sample *smp, const char *sub)
{
	return sub && !(smp->sub = strdup(sub)) ? -1 : 0;
}

/*
 * checker_sample_windows - after step `step` of instance i (its last record at ts): a
 * WINDOW sample for each window of the rules mon answers for (sub: those checked per
 * value of a field, for that value; NULL: the others) that opened or closed, and for
 * every window the first time
 */
int checker_sample_windows(struct checker_samples *s, int i, const struct ccsl_monitor *mon,
			   const char *sub, uint64_t ts, uint64_t step)
{
	struct smp_inst *in = inst_of(s, i);
	signed char *last = in ? windows_of(s, in, sub) : NULL;

	if (!last)
		return -1;
	for (int r = 0; r < s->spec->nrules; r++) {
		int w = window_of(ccsl_monitor_window(mon, r));
		struct fnd_sample *smp;

		if (w < 0 || w == last[r] || (s->spec->rules[r].per != NULL) != (sub != NULL))
			continue;
		last[r] = (signed char)w;
		smp = add(s, i, FND_SAMPLE_WINDOW, r, ts, step);
		if (!smp || set_sub(smp, sub))
			return -1;
		smp->value = (uint64_t)w;
	}
	return 0;
}

/*
 * checker_sample_violation - rule violated at instance i's step (its record at ts), for
 * the value sub of its per field (or NULL)
 */
int checker_sample_violation(struct checker_samples *s, int i, int rule, const char *sub,
			     uint64_t ts, uint64_t step)
{
	struct fnd_sample *smp = inst_of(s, i) ? add(s, i, FND_SAMPLE_VIOLATION, rule, ts, step) :
						 NULL;

	return !smp || set_sub(smp, sub) ? -1 : 0;
}
