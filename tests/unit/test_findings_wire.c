// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_findings_wire.c - a trace's findings with every field set survive the wire
 * codec of the -j workers, and every damaged message is refused cleanly
 */
#include <stdlib.h>
#include <string.h>

#include "findings_wire.h"
#include "unit.h"

/* The report the findings belong to: only its rule, clock and register counts matter. */
static const struct fnd_report report = { .nrules = 3, .nclocks = 4, .nregisters = 2 };

/* make_record - a record with a plain, a string and a decoded field; base varies it */
static void make_record(struct fnd_record *r, uint64_t base)
{
	r->ts = base + 1000000007;
	r->seq = base + 42;
	r->cpu = 3;
	r->pid = -4;		/* negative: the sign must survive */
	r->comm = strdup("kworker/0:1");
	r->event = strdup("virtio:set_status");
	r->nfields = 2;
	r->fields = calloc(3, sizeof(*r->fields));
	r->fields[0] = (struct fnd_field){ strdup("dev"), strdup("virtio0"), NULL, true, 0 };
	r->fields[1] = (struct fnd_field){ strdup("status"), strdup("0x0b"),
					   strdup("ACKNOWLEDGE|DRIVER|FEATURES_OK"), false,
					   UINT64_MAX - base };
}

/* make_records - n records, or none at all (NULL) for n < 0 */
static struct fnd_record *make_records(int n, int *count, uint64_t base)
{
	struct fnd_record *recs = n < 0 ? NULL : calloc((size_t)n + 1, sizeof(*recs));

	*count = n < 0 ? 0 : n;
	for (int i = 0; i < n; i++)
		make_record(&recs[i], base + (uint64_t)i * 10);
	return recs;
}

/* make_full_instance - an instance with every member set, arrays of several elements */
static void make_full_instance(struct fnd_instance *in)
{
	in->key = strdup("virtio0");
	in->label = strdup("balloon, 0000:00:04.0");
	in->nlabel_parts = 3;
	in->label_parts = calloc(4, sizeof(char *));
	in->label_parts[0] = strdup("balloon");
	in->label_parts[2] = strdup("0000:00:04.0");	/* [1] NULL: never seen */
	in->verdict = VERDICT_VIOLATED;
	in->steps = 17;
	in->records = 19;
	in->partial = true;
	in->nviolations = 2;
	in->violations = calloc(2, sizeof(*in->violations));
	in->violations[0].rule = 2;
	in->violations[0].step = 5;
	in->violations[0].nth = 1;
	in->violations[0].why = strdup("driver_ok came before features_ok");
	make_record(&in->violations[0].rec, 500);
	in->violations[0].context = make_records(2, &in->violations[0].ncontext, 600);
	in->violations[0].after = make_records(1, &in->violations[0].nafter, 700);
	in->violations[0].sub = strdup("3");
	/* an obligation pending at the end: no record, no context */
	in->violations[1].rule = 1;
	in->violations[1].step = 17;
	in->violations[1].nth = 1;
	in->violations[1].why = strdup("no driver_ok after reset");
	in->violations[1].at_end = true;
	in->counts = calloc(4, sizeof(*in->counts));
	in->counts[0] = 0;
	in->counts[1] = 1;
	in->counts[2] = (uint64_t)1 << 40;
	in->errors = 2;
	in->warnings = 1;
	in->npending = 1;
	in->pending = calloc(1, sizeof(*in->pending));
	in->pending[0] = (struct fnd_pending){ 0, strdup("features_ok pending"), strdup("q1") };
	in->nunknown_past = 2;
	in->unknown_past = calloc(2, sizeof(int));
	in->unknown_past[0] = 1;
	in->unknown_past[1] = 2;
	in->nundecided = 2;
	in->undecided = calloc(2, sizeof(*in->undecided));
	in->undecided[0] = (struct fnd_undecided){ 2, 7, true, false };
	in->undecided[1] = (struct fnd_undecided){ 0, (uint64_t)1 << 33, false, true };
	in->timeline = make_records(2, &in->ntimeline, 800);
	in->nticks = 2;
	in->ticks = calloc(2, sizeof(*in->ticks));
	in->ticks[0] = (struct fnd_tick){ 100, 0, calloc(2, sizeof(int)), 2 };
	in->ticks[0].clocks[0] = 0;
	in->ticks[0].clocks[1] = 3;
	in->ticks[1] = (struct fnd_tick){ 200, 1, calloc(1, sizeof(int)), 1 };
	in->ticks[1].clocks[0] = 2;
	/* one sample of each kind, about the last event, register and rule */
	in->nsamples = 5;
	in->samples = calloc(6, sizeof(*in->samples));
	in->samples[0] = (struct fnd_sample){ .ts = 100, .kind = FND_SAMPLE_EVENT, .index = 1 };
	in->samples[1] = (struct fnd_sample){ .ts = 100, .value = 0x0b,
					      .text = strdup("ACKNOWLEDGE|DRIVER"),
					      .kind = FND_SAMPLE_REGISTER, .index = 1 };
	in->samples[2] = (struct fnd_sample){ .ts = 150, .step = 1, .value = UINT64_MAX,
					      .kind = FND_SAMPLE_REGISTER, .index = 0 };
	in->samples[3] = (struct fnd_sample){ .ts = 200, .step = 1, .value = FND_WINDOW_UNKNOWN,
					      .sub = strdup("3"), .kind = FND_SAMPLE_WINDOW,
					      .index = 2 };
	in->samples[4] = (struct fnd_sample){ .ts = 200, .step = 1, .sub = strdup("stats"),
					      .kind = FND_SAMPLE_VIOLATION, .index = 2 };
}

/* make_trace - a trace with every member set; its second instance has only what is required */
static void make_trace(struct fnd_trace *t)
{
	memset(t, 0, sizeof(*t));
	t->file = strdup("traces/balloon.dat");
	t->error = strdup("traces/balloon.dat: not really an error");
	t->kernel = strdup("6.1.0-13-amd64");
	t->messages = strdup("libtraceevent: bad op token {\n");
	t->verdict = VERDICT_INCONCLUSIVE;
	t->events_read = 1234567;
	t->events_used = 890;
	t->bad_fields = 3;
	t->lost_total = 77;
	t->lost_unknown = true;
	t->nlost = 2;
	t->lost = calloc(2, sizeof(*t->lost));
	t->lost[0] = (struct fnd_lost){ 0, 70, 0, 10, 20 };
	t->lost[1] = (struct fnd_lost){ 5, 7, 1, 30, 40 };
	t->nunchecked = 2;
	t->unchecked = calloc(2, sizeof(*t->unchecked));
	t->unchecked[0] = (struct fnd_unchecked){ 0, strdup("trace has no virtio:notify events"),
						  true };
	t->unchecked[1] = (struct fnd_unchecked){ 2, strdup("trace has no x events"), false };
	t->nevents = 2;
	t->events = calloc(3, sizeof(*t->events));
	t->events[0] = strdup("virtio:set_status");
	t->events[1] = strdup(":notify");
	t->ninstances = 2;
	t->instances = calloc(2, sizeof(*t->instances));
	make_full_instance(&t->instances[0]);
	/* an instance without violations has no counts (NULL) */
	t->instances[1].key = strdup("virtio1");
	t->instances[1].verdict = VERDICT_CONFORMS;
}

/* same_str - both NULL or equal */
static void same_str(const char *a, const char *b)
{
	ck_assert(!a == !b);
	if (a)
		ck_assert_str_eq(a, b);
}

/* same_record - every member of two records */
static void same_record(const struct fnd_record *a, const struct fnd_record *b)
{
	ck_assert_uint_eq(a->ts, b->ts);
	ck_assert_uint_eq(a->seq, b->seq);
	ck_assert_int_eq(a->cpu, b->cpu);
	ck_assert_int_eq(a->pid, b->pid);
	same_str(a->comm, b->comm);
	same_str(a->event, b->event);
	ck_assert_int_eq(a->nfields, b->nfields);
	ck_assert(!a->fields == !b->fields);
	for (int i = 0; i < a->nfields; i++) {
		same_str(a->fields[i].name, b->fields[i].name);
		same_str(a->fields[i].value, b->fields[i].value);
		same_str(a->fields[i].decoded, b->fields[i].decoded);
		ck_assert_int_eq(a->fields[i].is_str, b->fields[i].is_str);
		ck_assert_uint_eq(a->fields[i].num, b->fields[i].num);
	}
}

/* same_records - two arrays of records, NULL-ness included */
static void same_records(const struct fnd_record *a, int na, const struct fnd_record *b, int nb)
{
	ck_assert_int_eq(na, nb);
	ck_assert(!a == !b);
	for (int i = 0; i < na; i++)
		same_record(&a[i], &b[i]);
}

/* same_instance - every member of two instances */
static void same_instance(const struct fnd_instance *a, const struct fnd_instance *b)
{
	same_str(a->key, b->key);
	same_str(a->label, b->label);
	ck_assert_int_eq(a->nlabel_parts, b->nlabel_parts);
	ck_assert(!a->label_parts == !b->label_parts);
	for (int i = 0; i < a->nlabel_parts; i++)
		same_str(a->label_parts[i], b->label_parts[i]);
	ck_assert_int_eq(a->verdict, b->verdict);
	ck_assert_uint_eq(a->steps, b->steps);
	ck_assert_uint_eq(a->records, b->records);
	ck_assert_int_eq(a->partial, b->partial);
	ck_assert_int_eq(a->nviolations, b->nviolations);
	ck_assert(!a->violations == !b->violations);
	for (int i = 0; i < a->nviolations; i++) {
		const struct fnd_violation *va = &a->violations[i], *vb = &b->violations[i];

		ck_assert_int_eq(va->rule, vb->rule);
		ck_assert_uint_eq(va->step, vb->step);
		ck_assert_uint_eq(va->nth, vb->nth);
		same_str(va->why, vb->why);
		same_record(&va->rec, &vb->rec);
		same_records(va->context, va->ncontext, vb->context, vb->ncontext);
		same_records(va->after, va->nafter, vb->after, vb->nafter);
		ck_assert_int_eq(va->at_end, vb->at_end);
		same_str(va->sub, vb->sub);
	}
	ck_assert(!a->counts == !b->counts);
	for (int r = 0; r < report.nrules; r++)
		ck_assert_uint_eq(fnd_count(a, r), fnd_count(b, r));
	ck_assert_int_eq(a->errors, b->errors);
	ck_assert_int_eq(a->warnings, b->warnings);
	ck_assert_int_eq(a->npending, b->npending);
	ck_assert(!a->pending == !b->pending);
	for (int i = 0; i < a->npending; i++) {
		ck_assert_int_eq(a->pending[i].rule, b->pending[i].rule);
		same_str(a->pending[i].why, b->pending[i].why);
		same_str(a->pending[i].sub, b->pending[i].sub);
	}
	ck_assert_int_eq(a->nunknown_past, b->nunknown_past);
	ck_assert(!a->unknown_past == !b->unknown_past);
	for (int i = 0; i < a->nunknown_past; i++)
		ck_assert_int_eq(a->unknown_past[i], b->unknown_past[i]);
	ck_assert_int_eq(a->nundecided, b->nundecided);
	ck_assert(!a->undecided == !b->undecided);
	for (int i = 0; i < a->nundecided; i++)
		ck_assert(!memcmp(&a->undecided[i], &b->undecided[i], sizeof(a->undecided[i])));
	same_records(a->timeline, a->ntimeline, b->timeline, b->ntimeline);
	ck_assert_int_eq(a->nticks, b->nticks);
	ck_assert(!a->ticks == !b->ticks);
	for (int i = 0; i < a->nticks; i++) {
		ck_assert_uint_eq(a->ticks[i].ts, b->ticks[i].ts);
		ck_assert_uint_eq(a->ticks[i].step, b->ticks[i].step);
		ck_assert_int_eq(a->ticks[i].nclocks, b->ticks[i].nclocks);
		for (int c = 0; c < a->ticks[i].nclocks; c++)
			ck_assert_int_eq(a->ticks[i].clocks[c], b->ticks[i].clocks[c]);
	}
	ck_assert_int_eq(a->nsamples, b->nsamples);
	ck_assert(!a->samples == !b->samples);
	for (int i = 0; i < a->nsamples; i++) {
		const struct fnd_sample *sa = &a->samples[i], *sb = &b->samples[i];

		ck_assert_uint_eq(sa->ts, sb->ts);
		ck_assert_uint_eq(sa->step, sb->step);
		ck_assert_uint_eq(sa->value, sb->value);
		same_str(sa->text, sb->text);
		same_str(sa->sub, sb->sub);
		ck_assert_int_eq(sa->kind, sb->kind);
		ck_assert_int_eq(sa->index, sb->index);
	}
}

/* same_trace - every member of two traces */
static void same_trace(const struct fnd_trace *a, const struct fnd_trace *b)
{
	same_str(a->file, b->file);
	same_str(a->error, b->error);
	same_str(a->kernel, b->kernel);
	same_str(a->messages, b->messages);
	ck_assert_int_eq(a->verdict, b->verdict);
	ck_assert_uint_eq(a->events_read, b->events_read);
	ck_assert_uint_eq(a->events_used, b->events_used);
	ck_assert_uint_eq(a->bad_fields, b->bad_fields);
	ck_assert_uint_eq(a->lost_total, b->lost_total);
	ck_assert_int_eq(a->lost_unknown, b->lost_unknown);
	ck_assert_int_eq(a->nlost, b->nlost);
	ck_assert(!a->lost == !b->lost);
	for (int i = 0; i < a->nlost; i++)
		ck_assert(!memcmp(&a->lost[i], &b->lost[i], sizeof(a->lost[i])));
	ck_assert_int_eq(a->nunchecked, b->nunchecked);
	ck_assert(!a->unchecked == !b->unchecked);
	for (int i = 0; i < a->nunchecked; i++) {
		ck_assert_int_eq(a->unchecked[i].rule, b->unchecked[i].rule);
		same_str(a->unchecked[i].reason, b->unchecked[i].reason);
		ck_assert_int_eq(a->unchecked[i].optional, b->unchecked[i].optional);
	}
	ck_assert_int_eq(a->nevents, b->nevents);
	ck_assert(!a->events == !b->events);
	for (int i = 0; i < a->nevents; i++)
		same_str(a->events[i], b->events[i]);
	ck_assert_int_eq(a->ninstances, b->ninstances);
	ck_assert(!a->instances == !b->instances);
	for (int i = 0; i < a->ninstances; i++)
		same_instance(&a->instances[i], &b->instances[i]);
}

/* decode_bytes - decode n bytes against a report; the decoder's result */
static int decode_bytes(const uint8_t *buf, size_t n, const struct fnd_report *r,
			struct fnd_trace *out)
{
	struct wire_buf b = { .buf = (uint8_t *)buf, .cap = n, .len = n };
	struct wire_in in = wire_in_init(&b);

	memset(out, 0, sizeof(*out));
	return fnd_trace_decode(&in, r, out);
}

/* refused - a payload the decoder must refuse, leaving nothing behind */
static void refused(const uint8_t *buf, size_t n, const struct fnd_report *r)
{
	static const struct fnd_trace zero;
	struct fnd_trace out;

	ck_assert_int_eq(decode_bytes(buf, n, r, &out), -1);
	ck_assert(!memcmp(&out, &zero, sizeof(out)));
}

START_TEST(test_round_trip)
{
	struct wire_out o = { 0 };
	struct fnd_trace t, back;

	make_trace(&t);
	fnd_trace_encode(&o, &report, &t);
	ck_assert(!o.failed);
	ck_assert_int_eq(decode_bytes(o.buf, o.len, &report, &back), 0);
	same_trace(&t, &back);
	fnd_trace_free(&back);
	fnd_trace_free(&t);
	wire_out_free(&o);
}
END_TEST

START_TEST(test_empty_trace)
{
	struct wire_out o = { 0 };
	struct fnd_trace t = { .file = strdup("empty.dat") }, back;

	fnd_trace_encode(&o, &report, &t);
	ck_assert_int_eq(decode_bytes(o.buf, o.len, &report, &back), 0);
	same_trace(&t, &back);
	ck_assert_ptr_null(back.instances);
	fnd_trace_free(&back);
	fnd_trace_free(&t);
	wire_out_free(&o);
}
END_TEST

START_TEST(test_truncated)
{
	struct wire_out o = { 0 };
	struct fnd_trace t;

	make_trace(&t);
	fnd_trace_encode(&o, &report, &t);
	/* every prefix, each cut at a different place in the structure */
	for (size_t n = 0; n < o.len; n++)
		refused(o.buf, n, &report);
	fnd_trace_free(&t);
	wire_out_free(&o);
}
END_TEST

START_TEST(test_trailing_bytes)
{
	struct wire_out o = { 0 };
	struct fnd_trace t;

	make_trace(&t);
	fnd_trace_encode(&o, &report, &t);
	wire_put_u64(&o, 0);
	refused(o.buf, o.len, &report);
	fnd_trace_free(&t);
	wire_out_free(&o);
}
END_TEST

START_TEST(test_indices_of_another_report)
{
	const struct fnd_report fewer_rules = { .nrules = 2, .nclocks = 4, .nregisters = 2 };
	const struct fnd_report fewer_clocks = { .nrules = 3, .nclocks = 3, .nregisters = 2 };
	const struct fnd_report fewer_registers = { .nrules = 3, .nclocks = 4, .nregisters = 1 };
	struct wire_out o = { 0 };
	struct fnd_trace t;

	make_trace(&t);
	fnd_trace_encode(&o, &report, &t);
	refused(o.buf, o.len, &fewer_rules);
	refused(o.buf, o.len, &fewer_clocks);
	refused(o.buf, o.len, &fewer_registers);
	fnd_trace_free(&t);
	wire_out_free(&o);
}
END_TEST

/* refuse_sample - the full trace with its first sample changed by fn is refused */
static void refuse_sample(void (*fn)(struct fnd_trace *t, struct fnd_sample *s))
{
	struct wire_out o = { 0 };
	struct fnd_trace t;

	make_trace(&t);
	fn(&t, &t.instances[0].samples[0]);
	fnd_trace_encode(&o, &report, &t);
	refused(o.buf, o.len, &report);
	fnd_trace_free(&t);
	wire_out_free(&o);
}

static void unknown_event(struct fnd_trace *t, struct fnd_sample *s)
{
	s->index = t->nevents;
}

static void unknown_kind(struct fnd_trace *t, struct fnd_sample *s)
{
	s->kind = FND_SAMPLE_KIND_COUNT;
}

static void no_such_window(struct fnd_trace *t, struct fnd_sample *s)
{
	*s = (struct fnd_sample){ .kind = FND_SAMPLE_WINDOW, .value = FND_WINDOW_COUNT };
}

static void text_of_an_event(struct fnd_trace *t, struct fnd_sample *s)
{
	s->text = strdup("ACKNOWLEDGE");
}

static void sub_of_a_register(struct fnd_trace *t, struct fnd_sample *s)
{
	s[1].sub = strdup("3");
}

START_TEST(test_bad_samples)
{
	refuse_sample(sub_of_a_register);
	refuse_sample(unknown_event);
	refuse_sample(unknown_kind);
	refuse_sample(no_such_window);
	refuse_sample(text_of_an_event);
}
END_TEST

/* encode_with_count - a trace without instances whose last number, the instance count, is v */
static void encode_with_count(struct wire_out *o, uint64_t v)
{
	struct fnd_trace t = { .file = strdup("x.dat") };

	fnd_trace_encode(o, &report, &t);
	memcpy(o->buf + o->len - sizeof(v), &v, sizeof(v));
	fnd_trace_free(&t);
}

START_TEST(test_lying_counts)
{
	static const uint64_t lies[] = { 1, 1u << 20, (uint64_t)1 << 40, (uint64_t)-2, UINT64_MAX / 2 };

	for (size_t i = 0; i < sizeof(lies) / sizeof(lies[0]); i++) {
		struct wire_out o = { 0 };

		encode_with_count(&o, lies[i]);
		refused(o.buf, o.len, &report);
		wire_out_free(&o);
	}
}
END_TEST

START_TEST(test_missing_required_string)
{
	struct fnd_trace t = { 0 };
	struct wire_out o = { 0 };

	/* a trace without a file name: the writers print it */
	fnd_trace_encode(&o, &report, &t);
	refused(o.buf, o.len, &report);
	wire_out_free(&o);
}
END_TEST

/* findings_wire_suite - the -j workers' findings codec */
static Suite *findings_wire_suite(void)
{
	Suite *s = suite_create("findings_wire");
	TCase *tc = tcase_create("codec");

	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_empty_trace);
	tcase_add_test(tc, test_truncated);
	tcase_add_test(tc, test_trailing_bytes);
	tcase_add_test(tc, test_indices_of_another_report);
	tcase_add_test(tc, test_bad_samples);
	tcase_add_test(tc, test_lying_counts);
	tcase_add_test(tc, test_missing_required_string);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(findings_wire_suite)
