# SPDX-License-Identifier: GPL-2.0-or-later
# overhead-6.1: the cost of recording on the traced system. A loop of 4 KiB O_DIRECT reads of
# the whole 4 MiB virtio-blk disk (BLK_PASSES passes of 1024 requests, each a buffer added,
# a notification, an interrupt and a buffer taken back), timed without a recording, with
# ccsl-record's default sets and with default,ring; five rounds (under TCG on a shared host the
# times are noisy: compare medians). Prints "overhead:" lines (seconds from /proc/uptime,
# events recorded). The last recording is exported as the trace. (-icount would make guest
# time count instructions, but boots too slowly under TCG to be practical here.)
BLK_PASSES=16

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

# measure - run the loop under recording mode $1 (none, or ccsl-record's --probes sets)
measure() {
	if [ "$1" != none ]; then
		rm -f /tmp/trace.dat
		start_recording -p "$1"
	fi
	b=$(blk_loop)
	ev=0
	if [ "$1" != none ]; then
		stop_recording
		ev=$(trace-cmd report /tmp/trace.dat 2>/dev/null | grep -c ': [a-z_]*: ')
	fi
	log "overhead: probes=$1 blk $((BLK_PASSES * 1024)) reads of 4 KiB ${b}s events=$ev"
}

run_scenario() {
	load_transport
	modprobe virtio_blk
	sleep 1
	blk_loop >/dev/null
	for round in 1 2 3 4 5; do
		for mode in none default default,ring; do
			measure "$mode"
		done
	done
}
