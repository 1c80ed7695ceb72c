# SPDX-License-Identifier: GPL-2.0-or-later
# overhead-6.1: the cost of recording on the traced system. A loop of 4 KiB O_DIRECT reads of
# the whole virtio-blk disk (BLK_PASSES passes of 1024 requests), and a burst of UDP packets
# on virtio-net, each timed without a recording, with ccsl-record's default sets and with
# default,ring; two rounds. Prints "overhead:" lines (seconds from /proc/uptime, events
# recorded). The last recording is exported as the trace.
BLK_PASSES=4
NET_PACKETS=3000

# now - the guest's uptime in seconds
now() {
	cut -d' ' -f1 /proc/uptime
}

# blk_loop - the read loop; prints its duration
blk_loop() {
	t0=$(now)
	i=0
	while [ $i -lt $BLK_PASSES ]; do
		dd if=/dev/vda of=/dev/null bs=4096 count=1024 iflag=direct 2>/dev/null
		i=$((i + 1))
	done
	awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'
}

# net_loop - the UDP burst through the tap backend; prints its duration
net_loop() {
	t0=$(now)
	head -c $((NET_PACKETS * 512)) /dev/zero | nc -u -w 1 10.0.2.99 9 2>/dev/null
	awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'
}

# measure - run both loops under recording mode $1 (none, or ccsl-record's --probes sets)
measure() {
	if [ "$1" != none ]; then
		rm -f /tmp/trace.dat
		start_recording -p "$1"
	fi
	b=$(blk_loop)
	n=$(net_loop)
	ev=0
	if [ "$1" != none ]; then
		stop_recording
		ev=$(trace-cmd report /tmp/trace.dat 2>/dev/null | grep -c ': [a-z_]*: ')
	fi
	log "overhead: probes=$1 blk ${BLK_PASSES}x1024 reads ${b}s net ${NET_PACKETS}x512B ${n}s events=$ev"
}

run_scenario() {
	load_transport
	modprobe virtio_blk
	modprobe virtio_net
	sleep 1
	n=$(ls /sys/class/net | grep -v lo | head -n 1)
	ip link set "$n" up
	ip addr add 10.0.2.15/24 dev "$n"
	ip neigh add 10.0.2.99 lladdr 52:54:00:00:00:99 dev "$n"
	blk_loop >/dev/null
	for round in 1 2; do
		for mode in none default default,ring; do
			measure "$mode"
		done
	done
}
