# SPDX-License-Identifier: GPL-2.0-or-later
# mmio-6.12-legacy: virtio-mmio version 1 devices on microvm: net (2 queue pairs), blk, scsi, rng, balloon, serial with a port and a console, 9p, gpu, keyboard, tablet, crypto.
# Recorded (default probe sets): the transport and every driver loaded, each driver removed
# and loaded again, each device unbound and bound again through sysfs, ethtool -G on the
# network interfaces, a pm_test freeze and restore (lifecycle in /init).
run_scenario() {
	lifecycle
}
