# SPDX-License-Identifier: GPL-2.0-or-later
# legacy-6.1-all: the transitional device types on the legacy PCI transport (disable-modern=on): net (4 queue pairs), blk, scsi, rng, balloon, serial, 9p.
# Recorded (default probe sets): the transport and every driver loaded, each driver removed
# and loaded again, each device unbound and bound again through sysfs, ethtool -G on the
# network interfaces, a pm_test freeze and restore (lifecycle in /init).
run_scenario() {
	lifecycle
}
