# SPDX-License-Identifier: GPL-2.0-or-later
# balloon-6.1-modern: nothing virtio loaded; record while virtio_pci, then virtio_balloon
# are loaded (the virtio_pci probes are pending until their module loads).
run_scenario() {
	ccsl-record -o /tmp/trace.dat --load virtio_pci --load virtio_balloon
}
