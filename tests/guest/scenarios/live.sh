# SPDX-License-Identifier: GPL-2.0-or-later
# live (live-6.1, live-6.12): ccsl-check --live on a real kernel with kprobes. One contract
# event is defined by hand first (events of others: used, left alone); ccsl-check has
# ccsl-record define the missing ones and removes exactly those. Two runs, each with --kmsg
# and --record: a balloon probe (modprobe virtio_balloon, then 2 s more), and an
# rmmod/insmod cycle of it. Each violation's stderr line must come while the command still
# runs and within a second of its event; the final JSON report must equal the offline report
# of the --record file; dmesg must show the --kmsg lines; nothing of the run may be left in
# tracefs. Prints TAP; make-traces fails the scenario on a "not ok" or a missing plan.
# (ok, step, load_transport: tests/guest/init)
T=/sys/kernel/tracing

# uptime_now - seconds since boot (CLOCK_BOOTTIME: the trace clock mono without a suspend)
uptime_now() {
	cut -d' ' -f1 /proc/uptime
}

# live_run NAME COMMAND...: ccsl-check --live with --kmsg, --record /tmp/NAME.dat and the JSON
# report in /tmp/NAME.json; each stderr line is stamped with the uptime it came at in
# /tmp/NAME.err; the command ends by writing its end time to /tmp/NAME.end
live_run() {
	name=$1
	shift
	rm -f /tmp/err.fifo
	mkfifo /tmp/err.fifo
	while IFS= read -r l; do echo "$(uptime_now) $l"; done </tmp/err.fifo >"/tmp/$name.err" &
	rd=$!
	step "ccsl-check --live ($name): $*"
	ccsl-check --live --kmsg --record "/tmp/$name.dat" -f json -o "/tmp/$name.json" -- \
		sh -c "$*; sleep 2; cut -d' ' -f1 /proc/uptime >/tmp/$name.end" 2>/tmp/err.fifo
	RC=$?
	wait "$rd"
	sed 's/^/# /' "/tmp/$name.err"
}

# check_run NAME: the stderr lines in time, the report as offline, the kernel log
check_run() {
	name=$1
	end=$(cat "/tmp/$name.end" 2>/dev/null || echo 0)
	# "STAMP ccsl-check: EVENT_TS virtio0 (...): error RULE: ..."
	lines=$(grep -c '^[0-9.]* ccsl-check: [0-9.]* virtio[0-9]* .*: error ' "/tmp/$name.err")
	late=$(awk -v end="$end" '$2 == "ccsl-check:" && $3 ~ /^[0-9.]+$/ && $4 ~ /^virtio/ {
		if ($1 - $3 > 1 || $1 > end - 1) bad++ } END { print bad + 0 }' "/tmp/$name.err")
	ok "$([ "$RC" = 1 ] && [ "$lines" -ge 1 ] && [ "$late" = 0 ] && echo 0)" \
		"$name: exit 1, $lines violation line(s), each within 1 s of its event and before the command ended ($late late)"
	ccsl-check -f json "/tmp/$name.dat" >"/tmp/$name.off.json" 2>/dev/null
	orc=$?
	cmp -s "/tmp/$name.json" "/tmp/$name.off.json"
	ok "$([ $? = 0 ] && [ "$orc" = "$RC" ] && echo 0)" \
		"$name: the final JSON report equals the offline report of the --record file (exit $orc)"
	dmesg | grep -F "ccsl-check: " | grep -v "rate limit" >"/tmp/$name.kmsg"
	k=0
	while read -r _ l; do
		grep -qF "${l#ccsl-check: }" "/tmp/$name.kmsg" && k=$((k + 1))
	done <"/tmp/$name.err.lines"
	ok "$([ "$k" = "$lines" ] && echo 0)" "$name: dmesg shows the $lines --kmsg line(s) ($k found)"
}

# clean - nothing of ccsl-check left in tracefs; the hand-made event ($1: its kprobe_events
# lines were saved in /tmp/mine.def) exactly as it was, and disabled
clean() {
	left=$(ls $T/instances | grep -c '^ccsl-check-')
	evs=$(sed -n 's|^[pr][0-9]*:virtio/\([^ ]*\) .*|\1|p' $T/kprobe_events | sort -u | tr '\n' ' ')
	grep "^[pr][0-9]*:virtio/$1 " $T/kprobe_events | cmp -s - /tmp/mine.def
	kept=$?
	on=$(cat $T/events/virtio/*/enable 2>/dev/null | grep -c 1)
	ok "$([ "$left" = 0 ] && [ "$evs" = "$1 " ] && [ "$kept" = 0 ] && [ "$on" = 0 ] && echo 0)" \
		"$2: no instance left ($left), only the hand-made event left (${evs% }), as it was ($kept), disabled ($on enabled)"
}

run_scenario() {
	load_transport
	echo "1..9"
	# an event of the contract defined by hand, as a user would (by ccsl-record itself)
	ccsl-record --define -p features >/tmp/mine 2>/dev/null
	mine=$(head -n 1 /tmp/mine)
	mine=${mine#virtio/}
	for e in $(sed -n '2,$p' /tmp/mine); do ccsl-record --undefine "$e" >/dev/null 2>&1; done
	grep "^[pr][0-9]*:virtio/$mine " $T/kprobe_events >/tmp/mine.def
	ok $? "an event defined by hand before ccsl-check runs: virtio/$mine"

	live_run probe modprobe virtio_balloon
	grep '^[0-9.]* ccsl-check: [0-9.]* virtio' /tmp/probe.err >/tmp/probe.err.lines
	check_run probe
	clean "$mine" probe

	live_run cycle "rmmod virtio_balloon; sleep 1; modprobe virtio_balloon"
	grep '^[0-9.]* ccsl-check: [0-9.]* virtio' /tmp/cycle.err >/tmp/cycle.err.lines
	check_run cycle
	clean "$mine" cycle
	# the record of the probe is the trace make-traces takes home
	cp /tmp/probe.dat /tmp/trace.dat
	ccsl-record --undefine "virtio/$mine" >/dev/null 2>&1
}
