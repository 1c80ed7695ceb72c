# SPDX-License-Identifier: GPL-2.0-or-later
# freeze-6.12-input: virtio-tablet-pci, virtio-keyboard-pci, virtio-balloon-pci. Recorded: the
# transport and the drivers loaded, then a suspend-to-idle test cycle (pm_test devices), which
# runs the drivers' freeze and restore callbacks. virtio_input's freeze deletes its queues
# with the device still at DRIVER_OK (no reset before); the balloon resets first, and its
# restore notifies the stats queue before DRIVER_OK.
run_scenario() {
	start_recording
	load_transport
	load_drivers
	pm_freeze
	stop_recording
}
