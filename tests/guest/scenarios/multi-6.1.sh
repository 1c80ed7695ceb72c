# SPDX-License-Identifier: GPL-2.0-or-later
# multi-6.1: five PCI devices (balloon, rng, net, console, blk); record while virtio_pci and
# the five drivers are loaded.
run_scenario() {
	ccsl-record -o /tmp/trace.dat --load virtio_pci --load virtio_balloon --load virtio_rng \
		--load virtio_net --load virtio_console --load virtio_blk
}
