# SPDX-License-Identifier: GPL-2.0-or-later
# selftest (selftest-6.1, selftest-6.12): ccsl-record's interface for other tools, on a real
# kernel with kprobes: --version, option errors, --list-events, --define creating only the
# missing events and printing exactly those, events defined by others (a kprobe with a
# contract name, a uprobe with a contract name, a kprobe with another name) left alone by
# --define, --undefine, a SIGTERM'd recording and --keep-probes, tracefs never mounted twice.
# Prints TAP lines; make-traces fails the scenario on a "not ok" or a missing plan.
T=/sys/kernel/tracing
N=0
FAILED=0

# ok - one TAP line: $1 is the test's exit status, $2 its description
ok() {
	N=$((N + 1))
	if [ "$1" = 0 ]; then
		echo "ok $N - $2"
	else
		echo "not ok $N - $2"
		FAILED=$((FAILED + 1))
	fi
}

# has_event - whether kprobe_events defines virtio/$1
has_event() {
	grep -q "^[pr][0-9]*:virtio/$1 " $T/kprobe_events
}

run_scenario() {
	mounts=$(grep -c tracefs /proc/mounts)
	load_transport
	echo "1..17"
	ccsl-record --version | grep -q 'recording contract v2'
	ok $? "--version names contract v2"
	ccsl-record --no-such-option >/dev/null 2>&1
	ok $([ $? = 2 ] && echo 0) "an unknown option exits 2"
	ccsl-record -p no-such-set --define >/dev/null 2>&1
	ok $([ $? = 2 ] && echo 0) "an unknown probe set exits 2"
	[ "$(ccsl-record --list-events | wc -l)" -eq 33 ]
	ok $? "--list-events lists the 33 events"
	[ "$(ccsl-record --list-events -p ring | cut -f1 | tr '\n' ' ')" = "virtio/vq_add virtio/vq_add_ret virtio/vq_get virtio/vq_get_ret " ]
	ok $? "--list-events -p ring lists the ring set"

	# events of others: a kprobe with a contract name, one with another name, a uprobe
	echo 'p:virtio/kick virtqueue_kick' >>$T/kprobe_events
	echo 'p:virtio/mine virtio_dev_probe' >>$T/kprobe_events
	echo 'p:virtio/generation /bin/busybox:0x1000' >>$T/uprobe_events
	evs=$(ccsl-record --define -p status,notify,config 2>/tmp/define.err)
	ok $? "--define exits 0"
	echo "$evs" | grep -qx virtio/set_status && ! echo "$evs" | grep -q 'kick\|mine\|generation$'
	ok $? "--define printed the events it created, not those of others ($(echo $evs | wc -w) events)"
	missing=""
	for e in $evs; do has_event "${e#virtio/}" || missing="$missing $e"; done
	[ -z "$missing" ]
	ok $? "every printed event exists${missing:+ (missing:$missing)}"
	grep -q 'virtio/kick virtqueue_kick$' $T/kprobe_events && has_event mine &&
		grep -q '^p:virtio/generation ' $T/uprobe_events
	ok $? "--define left the events of others as they were"
	grep 'not placed' /tmp/define.err | sed 's/^/# /'
	ccsl-record --undefine virtio/mine >/dev/null 2>&1
	ok $([ $? = 2 ] && has_event mine && echo 0) "--undefine refuses a name outside the contract and removes nothing"
	ccsl-record --undefine virtio/generation 2>&1 | grep -q 'not a kprobe event'
	ok $([ $? = 0 ] && grep -q '^p:virtio/generation ' $T/uprobe_events && echo 0) "--undefine leaves a uprobe with a contract name alone"
	ccsl-record --undefine "$evs"
	ok $? "--undefine of the printed list exits 0"
	left=""
	for e in $evs; do has_event "${e#virtio/}" && left="$left $e"; done
	[ -z "$left" ] && grep -q 'virtio/kick virtqueue_kick$' $T/kprobe_events && has_event mine
	ok $? "--undefine removed exactly the list${left:+ (left:$left)}"

	# a recording stopped with SIGTERM removes what it created, not what it found
	ccsl-record -o /tmp/selftest.dat -p status,notify >/tmp/rec.out 2>&1 &
	pid=$!
	wait_recording
	kill -TERM $pid
	wait $pid
	ok $? "a recording stopped with SIGTERM exits 0"
	[ "$(grep -c '^[pr]' $T/kprobe_events)" = 2 ] && grep -q 'virtio/kick virtqueue_kick$' $T/kprobe_events
	ok $? "it removed its events and kept kick and mine ($(grep -c '^[pr]' $T/kprobe_events) kprobe lines left)"
	ccsl-record -k -o /tmp/selftest.dat -p lifecycle -- true >/tmp/keep.out 2>&1
	cmd=$(sed -n "s/.*remove them with: ccsl-record --undefine '\([^']*\)'.*/\1/p" /tmp/keep.out)
	has_event dev_probe && [ -n "$cmd" ] && ccsl-record --undefine "$cmd" && ! has_event dev_probe
	ok $? "--keep-probes keeps its events and names the --undefine that removes them ($cmd)"
	[ "$(grep -c tracefs /proc/mounts)" = "$mounts" ]
	ok $? "tracefs was not mounted again ($mounts mount(s))"
	echo '-:virtio/kick' >>$T/kprobe_events
	echo '-:virtio/mine' >>$T/kprobe_events
	echo '-:virtio/generation' >>$T/uprobe_events
	echo "# $FAILED of $N failed"
}
