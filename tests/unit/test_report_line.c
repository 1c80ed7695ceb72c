// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_report_line.c - the one-line form of a violation (live mode's stderr and kernel log):
 * time (rounded to microseconds as trace-cmd prints it), instance and label, "device" for a device rule, the rule and the value of its per
 * field, the message and reference, the record's event and the reason; control characters
 * escaped
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "report.h"
#include "unit.h"

static struct fnd_rule rules[2] = {
	{ .name = "CLEANUP.detach", .relation = "allow live_detach in ]queue_reset, queue_enable[",
	  .message = "a buffer taken back from a live virtqueue", .reference = "VIRTIO 1.2 3.3.1",
	  .per = "vq_index" },
	{ .name = "DEVICE.early-irq", .relation = "forbid early_used",
	  .message = "used a buffer\nbefore DRIVER_OK", .warning = true, .device = true },
};
static struct fnd_report report = { .rules = rules, .nrules = 2 };

/* line - what report_violation_line prints */
static char *line(const struct fnd_instance *in, const struct fnd_violation *v)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	report_violation_line(f, &report, in, v);
	fclose(f);
	return buf;
}

START_TEST(test_per_value)
{
	struct fnd_instance in = { .key = "virtio0", .label = "net, 0000:00:02.0" };
	struct fnd_violation v = { .rule = 0, .nth = 2, .why = "live_detach ticked", .sub = "1",
				   .rec = { .ts = 12345678901ULL, .event = "virtio:detach_buf_ret" } };
	char *s = line(&in, &v);

	ck_assert_str_eq(s, "12.345679 virtio0 (net, 0000:00:02.0): error CLEANUP.detach "
			    "(vq_index 1) (violation 2): a buffer taken back from a live virtqueue "
			    "[VIRTIO 1.2 3.3.1]; virtio:detach_buf_ret: live_detach ticked\n");
	free(s);
}
END_TEST

START_TEST(test_device_rule)
{
	struct fnd_instance in = { .key = "virtio3" };
	struct fnd_violation v = { .rule = 1, .nth = 1, .why = "early_used ticked",
				   .rec = { .ts = 2000000000ULL, .event = "virtio:vring_interrupt_ret" } };
	char *s = line(&in, &v);

	ck_assert_str_eq(s, "2.000000 virtio3: device warning DEVICE.early-irq: used a buffer\\x0a"
			    "before DRIVER_OK; virtio:vring_interrupt_ret: early_used ticked\n");
	free(s);
}
END_TEST

static Suite *report_line_suite(void)
{
	Suite *s = suite_create("report_line");
	TCase *tc = tcase_create("line");

	tcase_add_test(tc, test_per_value);
	tcase_add_test(tc, test_device_rule);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(report_line_suite)
