# SPDX-License-Identifier: GPL-2.0-or-later
# balloon-6.1-cycle: virtio_pci loaded before recording; ccsl-record runs in the background
# (no command) while virtio_balloon is loaded, removed and loaded again; SIGTERM stops it.
run_scenario() {
	modprobe virtio_pci
	ccsl-record -o /tmp/trace.dat &
	pid=$!
	wait_recording
	modprobe virtio_balloon
	sleep 1
	rmmod virtio_balloon
	sleep 1
	modprobe virtio_balloon
	sleep 1
	kill -TERM "$pid"
	wait "$pid"
	echo "ccsl-guest: ccsl-record exited with $? after SIGTERM"
}
