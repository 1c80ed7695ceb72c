# SPDX-License-Identifier: GPL-2.0-or-later
# mmio-6.1-microvm: virtio-balloon-device on virtio-mmio (microvm, found through ACPI);
# record while virtio_mmio, then virtio_balloon are loaded.
run_scenario() {
	ccsl-record -o /tmp/trace.dat --load virtio_mmio --load virtio_balloon
}
