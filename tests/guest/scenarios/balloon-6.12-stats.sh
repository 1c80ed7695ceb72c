# SPDX-License-Identifier: GPL-2.0-or-later
# balloon-6.12-stats: virtio-balloon-pci with guest-stats-polling-interval=1 (QEMU takes the
# stats buffer every second, the driver refills it). Recorded with every probe set, the ring
# events (vq_add, vq_get and their returns) included: the stats queue holds at most one
# buffer at a time (BALLOON.stats-one).
run_scenario() {
	start_recording -p all
	load_transport
	load_drivers
	sleep 6
	stop_recording
}
