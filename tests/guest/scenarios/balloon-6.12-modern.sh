# SPDX-License-Identifier: GPL-2.0-or-later
# balloon-6.12-modern: virtio_pci is built in (virtio0 reset and acknowledged at boot);
# record while virtio_balloon is loaded (probe from status 0x01), then the PCI device is
# removed (driver remove, reset) and the bus rescanned (full bring-up with the driver).
run_scenario() {
	ccsl-record -o /tmp/trace.dat -- sh -c 'modprobe virtio_balloon; sleep 1;
		echo 1 >/sys/bus/pci/devices/0000:00:02.0/remove; sleep 1;
		echo 1 >/sys/bus/pci/rescan; sleep 1'
}
