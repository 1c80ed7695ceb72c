// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * standin.c - a user-space stand-in for a VirtIO driver and its transport, for tests on
 * machines whose kernel has uprobe events but no kprobes
 *
 * Its functions are named and typed like the transport functions the recording contract
 * probes (vp_set_status(dev, status), vp_get_status(dev), vp_set_features(dev, features),
 * vp_get_features(dev), vp_notify(vq), vp_del_vqs(dev)), and its device structures keep
 * what the contract's fetch arguments read at fixed offsets (tests/standin/uprobes.py
 * defines the contract's events as uprobes on them). A scenario drives a bring-up through
 * them, as a driver's probe would:
 *
 *   standin [--sleep-after STEP:MS]... SCENARIO [DEVICE]
 *
 * SCENARIO: conform (a modern bring-up, then queue notifications), early-notify (the stock
 * balloon's: the stats queue notified before DRIVER_OK), resetwait (the device still at
 * ACKNOWLEDGE when read after the reset, and the driver goes on), cycles:N (N bring-ups and
 * removals). DEVICE is the device name (default virtio0). --sleep-after STEP:MS sleeps MS
 * milliseconds after the STEP-th call (0-based), so a test can see a live report arrive
 * while the command still runs. Prints nothing; exit status 0.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ACKNOWLEDGE 0x01
#define DRIVER 0x02
#define DRIVER_OK 0x04
#define FEATURES_OK 0x08
#define VERSION_1 (1ull << 32)
#define BALLOON_F_STATS_VQ (1ull << 1)
#define MAX_SLEEPS 16

/* What the uprobes read: the name at +0, the device type at +16, the parent at +24. */
struct standin_dev {
	char name[16];
	uint32_t devid;
	uint32_t pad;
	const char *parent;
	/* the device's side, not read by probes */
	uint8_t status;
	int busy_reads;		/* reads that still show the old status after a reset */
	uint64_t features;
};

/* A queue: its name at +0, its device at +8, its index at +16. */
struct standin_vq {
	const char *name;
	struct standin_dev *vdev;
	uint32_t index;
};

static long calls;
static struct {
	long step;
	long ms;
} sleeps[MAX_SLEEPS];
static int nsleeps;

/* step - count a call to a probed function; sleep after it if asked */
static void step(void)
{
	for (int i = 0; i < nsleeps; i++) {
		if (sleeps[i].step != calls)
			continue;
		struct timespec ts = { sleeps[i].ms / 1000, (sleeps[i].ms % 1000) * 1000000 };

		nanosleep(&ts, NULL);
	}
	calls++;
}

/* The probed functions: never inlined, never merged, kept in the symbol table. */
#define PROBED __attribute__((noinline, noclone, used, visibility("default")))

PROBED void vp_set_status(struct standin_dev *dev, uint8_t status);
PROBED uint8_t vp_get_status(struct standin_dev *dev);
PROBED void vp_set_features(struct standin_dev *dev, uint64_t features);
PROBED uint64_t vp_get_features(struct standin_dev *dev);
PROBED int vp_notify(struct standin_vq *vq);
PROBED void vp_del_vqs(struct standin_dev *dev);

PROBED void vp_set_status(struct standin_dev *dev, uint8_t status)
{
	dev->status = status;
	step();
}

PROBED uint8_t vp_get_status(struct standin_dev *dev)
{
	step();
	if (dev->busy_reads > 0) {
		dev->busy_reads--;
		return ACKNOWLEDGE;	/* still resetting */
	}
	return dev->status;
}

PROBED void vp_set_features(struct standin_dev *dev, uint64_t features)
{
	dev->features = features;
	step();
}

PROBED uint64_t vp_get_features(struct standin_dev *dev)
{
	step();
	return VERSION_1 | BALLOON_F_STATS_VQ;
}

PROBED int vp_notify(struct standin_vq *vq)
{
	step();
	return 1;
}

PROBED void vp_del_vqs(struct standin_dev *dev)
{
	step();
}

/* add_status - virtio_add_status: read, then write with the bits added */
static void add_status(struct standin_dev *dev, uint8_t bits)
{
	vp_set_status(dev, vp_get_status(dev) | bits);
}

/* reset - write 0, then wait for the device to read 0 */
static void reset(struct standin_dev *dev)
{
	vp_set_status(dev, 0);
	while (vp_get_status(dev))
		;
}

/* bring_up - a modern probe up to DRIVER_OK; the stats queue notified early if asked */
static void bring_up(struct standin_dev *dev, struct standin_vq *vqs, int early_stats)
{
	add_status(dev, ACKNOWLEDGE);
	add_status(dev, DRIVER);
	vp_set_features(dev, vp_get_features(dev));
	add_status(dev, FEATURES_OK);
	if (!(vp_get_status(dev) & FEATURES_OK))
		return;
	if (early_stats)
		vp_notify(&vqs[2]);
	add_status(dev, DRIVER_OK);
	vp_notify(&vqs[0]);
	vp_notify(&vqs[1]);
}

/* parse_sleep - "STEP:MS" */
static int parse_sleep(const char *arg)
{
	char *end;

	if (nsleeps == MAX_SLEEPS)
		return -1;
	sleeps[nsleeps].step = strtol(arg, &end, 10);
	if (*end != ':')
		return -1;
	sleeps[nsleeps].ms = strtol(end + 1, &end, 10);
	if (*end || sleeps[nsleeps].ms < 0)
		return -1;
	nsleeps++;
	return 0;
}

int main(int argc, char **argv)
{
	struct standin_dev dev = { .devid = 5, .parent = "0000:00:02.0" };
	struct standin_vq vqs[3] = { { "inflate", &dev, 0 }, { "deflate", &dev, 1 },
				     { "stats", &dev, 2 } };
	const char *scenario;
	int i = 1, cycles = 1;

	while (i + 1 < argc && !strcmp(argv[i], "--sleep-after"))
		if (parse_sleep(argv[i + 1]) == 0)
			i += 2;
		else
			break;
	if (i >= argc || argc - i > 2) {
		fprintf(stderr, "usage: standin [--sleep-after STEP:MS]... "
				"conform|early-notify|resetwait|cycles:N [DEVICE]\n");
		return 2;
	}
	scenario = argv[i];
	snprintf(dev.name, sizeof(dev.name), "%s", i + 1 < argc ? argv[i + 1] : "virtio0");
	if (!strncmp(scenario, "cycles:", 7))
		cycles = atoi(scenario + 7);
	for (int c = 0; c < cycles; c++) {
		if (!strcmp(scenario, "resetwait")) {
			dev.busy_reads = 1;
			vp_set_status(&dev, 0);
			vp_get_status(&dev);	/* still ACKNOWLEDGE: the driver goes on anyway */
			dev.busy_reads = 0;
			bring_up(&dev, vqs, 0);
		} else {
			reset(&dev);
			bring_up(&dev, vqs, !strcmp(scenario, "early-notify"));
		}
		if (cycles > 1) {	/* remove: reset, then delete the queues */
			reset(&dev);
			vp_del_vqs(&dev);
		}
	}
	return 0;
}
