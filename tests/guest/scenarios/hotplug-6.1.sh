# SPDX-License-Identifier: GPL-2.0-or-later
# hotplug-6.1: QMP hot-plug and hot-unplug (ACPI PCI hotplug on -M pc) with the drivers loaded
# before the recording: the boot balloon (bal0) is unplugged, then seven devices are plugged
# one after the other (rng, net, blk, serial, scsi, keyboard, a new balloon),
# then all are unplugged.
HP_DEVICES='hp1:virtio-rng-pci
hp2:virtio-net-pci","netdev":"hpn
hp3:virtio-blk-pci","drive":"hpd
hp4:virtio-serial-pci
hp5:virtio-scsi-pci
hp6:virtio-keyboard-pci
hp7:virtio-balloon-pci'

run_scenario() {
	load_transport
	for m in virtio_rng virtio_net virtio_blk virtio_console virtio_scsi virtio_input virtio_balloon; do
		builtin "$m" || modprobe "$m"
	done
	start_recording
	n=$(ndevices)
	qmp '{"execute":"device_del","arguments":{"id":"bal0"}}'
	wait_for '[ "$(ndevices)" -lt '"$n"' ]'
	qmp '{"execute":"netdev_add","arguments":{"type":"user","id":"hpn"}}'
	qmp '{"execute":"blockdev-add","arguments":{"driver":"null-co","node-name":"hpd","size":4194304}}'
	echo "$HP_DEVICES" | while IFS=: read -r id dev; do
		n=$(ndevices)
		qmp '{"execute":"device_add","arguments":{"driver":"'"$dev"'","id":"'"$id"'"}}'
		wait_for '[ "$(ndevices)" -gt '"$n"' ]'
		sleep 2
	done
	echo "$HP_DEVICES" | while IFS=: read -r id dev; do
		n=$(ndevices)
		qmp '{"execute":"device_del","arguments":{"id":"'"$id"'"}}'
		wait_for '[ "$(ndevices)" -lt '"$n"' ]'
		sleep 1
	done
	stop_recording
}
