# SPDX-License-Identifier: GPL-2.0-or-later
# mmio-6.12-modern: virtio-mmio version 2 devices (force-legacy=false) on microvm: the same devices as mmio-*-legacy.
# Recorded (default probe sets): the transport and every driver loaded, each driver removed
# and loaded again, each device unbound and bound again through sysfs, ethtool -G on the
# network interfaces, a pm_test freeze and restore (lifecycle in /init).
run_scenario() {
	lifecycle
}
