# SPDX-License-Identifier: GPL-2.0-or-later
# pci-6.1-all: every virtio PCI device type of QEMU 7.2 (modern transport), a virtio-blk with 8192-byte blocks whose probe fails, multi-queue virtio-net on a tap backend with 4 queue pairs.
# Recorded (default probe sets): the transport and every driver loaded, each driver removed
# and loaded again, each device unbound and bound again through sysfs, ethtool -G on the
# network interfaces, a pm_test freeze and restore (lifecycle in /init).
run_scenario() {
	lifecycle
}
