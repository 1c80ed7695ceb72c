// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * engine_bench.c - steps per second of a spec's engine model on a dense
 * synthetic step stream, without trace reading or bindings
 *
 *   engine_bench [-s SPEC] [-n STEPS] [-k MAXTICKS] [-S SEED]
 *
 * The spec (default: the built-in VirtIO spec) is compiled by the checker
 * (checker_new, checker_model); one monitor is then driven directly with
 * ccsl_monitor_step(). Each step ticks 1..MAXTICKS (default 3) bound clocks
 * chosen at random, from a table of 64 Ki precomputed tick sets so that the
 * random generator is not measured. Violations are frequent in such a
 * stream; they are counted by a callback, so the cost of explaining them is
 * included. A second pass without a callback measures the bare step.
 *
 * A third pass replays a conforming init cycle of a modern VirtIO driver
 * (the clocks of the built-in spec; skipped if the spec lacks them): the
 * realistic case, where violations are rare.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "checker.h"
#include "engine.h"
#include "spec.h"

#define NSETS (1 << 16)

/* One conforming init cycle of a modern driver: the clocks each record ticks. */
static const char *const protocol[] = {
	"reset clearing",			/* set_status 0 */
	"status_zero",				/* get_status_ret 0 */
	"ack status_set ack_pci_modern",	/* set_status 1 */
	"driver status_set",			/* set_status 3 */
	"feature_write",			/* set_features */
	"features_ok status_set",		/* set_status 0xb */
	"reread_ok",				/* get_status_ret 0xb */
	"queue_enable",				/* queue_enable */
	"driver_ok driver_ok_modern status_set", /* set_status 0xf */
	"", "", "", "", "",			/* notify x5 */
};

#define NPROTO ((int)(sizeof(protocol) / sizeof(protocol[0])))

/* clock_by_name - a clock of the model by name, or -1 */
static int clock_by_name(const struct ccsl_model *m, const char *name, size_t len)
{
	for (int i = 0; i < ccsl_model_nclocks(m); i++)
		if (strlen(ccsl_model_clock_name(m, i)) == len &&
		    !strncmp(ccsl_model_clock_name(m, i), name, len))
			return i;
	return -1;
}

/* protocol_sets - the tick sets of the protocol cycle, repeated; -1 if a clock is missing */
static int protocol_sets(const struct ccsl_model *m, uint64_t *sets, int words)
{
	for (size_t i = 0; i < NSETS; i++) {
		const char *p = protocol[i % NPROTO];

		while (*p) {
			size_t len = strcspn(p, " ");
			int c = clock_by_name(m, p, len);

			if (c < 0)
				return -1;
			ccsl_tick_set(sets + i * (size_t)words, c);
			p += len;
			p += strspn(p, " ");
		}
	}
	return 0;
}

/* on_violation - count a violation */
static void on_violation(const struct ccsl_violation *v, void *arg)
{
	(*(uint64_t *)arg)++;
}

/* cpu_now - process CPU time in seconds */
static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* xorshift - a small deterministic generator */
static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* run - STEPS steps of a new monitor over the first nsets tick sets, cyclically; CPU seconds */
static double run(const struct ccsl_model *m, const uint64_t *sets, size_t nsets, int words,
		  long steps, bool past_unknown, bool callback, uint64_t *nviol)
{
	struct ccsl_monitor *mon = ccsl_monitor_new(m, past_unknown);
	uint64_t ticks[64];
	size_t j = 0;
	double t0;

	if (!mon) {
		fprintf(stderr, "engine_bench: cannot create a monitor\n");
		exit(2);
	}
	*nviol = 0;
	t0 = cpu_now();
	for (long i = 0; i < steps; i++) {
		const uint64_t *set = sets + j * (size_t)words;

		if (++j == nsets)
			j = 0;

		for (int w = 0; w < words; w++)
			ticks[w] = set[w];
		if (callback)
			ccsl_monitor_step(mon, ticks, on_violation, nviol);
		else
			*nviol += (uint64_t)ccsl_monitor_step(mon, ticks, NULL, NULL);
	}
	t0 = cpu_now() - t0;
	ccsl_monitor_free(mon);
	return t0;
}

int main(int argc, char **argv)
{
	const char *spec_path = NULL, *text;
	struct spec_diags diags = { 0 };
	const struct ccsl_model *m;
	long steps = 50000000;
	uint64_t seed = 0x9e3779b97f4a7c15ull, nv, nv0;
	int maxticks = 3, nbound, words, opt;
	struct checker *c;
	struct spec *spec;
	uint64_t *sets;
	double t, t0;
	size_t len;

	while ((opt = getopt(argc, argv, "s:n:k:S:")) != -1) {
		switch (opt) {
		case 's':
			spec_path = optarg;
			break;
		case 'n':
			steps = strtol(optarg, NULL, 10);
			break;
		case 'k':
			maxticks = (int)strtol(optarg, NULL, 10);
			break;
		case 'S':
			seed = strtoull(optarg, NULL, 0) | 1;
			break;
		default:
			fprintf(stderr, "usage: engine_bench [-s SPEC] [-n STEPS] [-k MAXTICKS] "
					"[-S SEED]\n");
			return 2;
		}
	}
	if (spec_path) {
		spec = spec_parse_file(spec_path, &diags);
	} else {
		text = spec_builtin("virtio", &len);
		spec = text ? spec_parse_string("<built-in>/virtio.ccsl", text, len, &diags) : NULL;
	}
	c = spec ? checker_new(spec, &diags) : NULL;
	if (!c) {
		spec_diags_print(&diags, stderr);
		fprintf(stderr, "engine_bench: the spec does not compile\n");
		return 2;
	}
	m = checker_model(c);
	nbound = spec->nbound;
	words = ccsl_model_words(m);
	if (nbound < 1 || words > 64 || steps < 1 || maxticks < 1) {
		fprintf(stderr, "engine_bench: nothing to tick (%d bound clocks, %d words)\n",
			nbound, words);
		return 2;
	}
	sets = calloc((size_t)NSETS * (size_t)words, sizeof(*sets));
	if (!sets)
		return 2;
	for (size_t i = 0; i < NSETS; i++) {
		int n = 1 + (int)(xorshift(&seed) % (uint64_t)maxticks);

		for (int k = 0; k < n; k++)
			ccsl_tick_set(sets + i * (size_t)words, (int)(xorshift(&seed) % (uint64_t)nbound));
	}
	t = run(m, sets, NSETS, words, steps, spec->history_partial, true, &nv);
	t0 = run(m, sets, NSETS, words, steps, spec->history_partial, false, &nv0);
	printf("engine: spec %s, %d clocks (%d bound), %d relations, 1-%d ticks per step\n",
	       spec->name, ccsl_model_nclocks(m), nbound, ccsl_model_nrelations(m), maxticks);
	printf("engine: %ld steps, %.3f s CPU: %.1f M steps/s with a violation callback "
	       "(%.3f violations per step)\n",
	       steps, t, (double)steps / t / 1e6, (double)nv / (double)steps);
	printf("engine: %ld steps, %.3f s CPU: %.1f M steps/s without a callback\n", steps, t0,
	       (double)steps / t0 / 1e6);
	memset(sets, 0, (size_t)NSETS * (size_t)words * sizeof(*sets));
	if (protocol_sets(m, sets, words)) {
		printf("engine: no conforming stream for this spec (not the VirtIO clocks)\n");
	} else {
		/* a multiple of the cycle, so that it ends after a whole cycle */
		long psteps = steps / NPROTO * NPROTO;

		t = run(m, sets, NSETS / NPROTO * NPROTO, words, psteps,
			spec->history_partial, true, &nv);
		printf("engine: %ld steps, %.3f s CPU: %.1f M steps/s on conforming init cycles "
		       "with a violation callback (%llu violations)\n",
		       psteps, t, (double)psteps / t / 1e6, (unsigned long long)nv);
	}
	free(sets);
	checker_free(c);
	spec_free(spec);
	spec_diags_free(&diags);
	return 0;
}
