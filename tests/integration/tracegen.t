#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# tracegen.t - the fixture writer's traces must decode with trace-cmd exactly as described.
#
# For each testdata/fixtures/NAME.txt: write the trace, compare `trace-cmd report -t` with
# NAME.report (v6 as written, and after conversion to v7 zstd), with no warnings. Then a
# generated many-page description, the bench mode, and the error reporting.
# TRACEGEN_REGEN=1 rewrites the .report files (inspect them before committing).
. "$(dirname "$0")/lib.sh"

TG=$BUILD/tracegen
FIX=testdata/fixtures

if ! command -v trace-cmd >/dev/null 2>&1; then
	echo "1..0 # SKIP trace-cmd is not installed"
	exit 0
fi
if [ ! -x "$TG" ]; then
	echo "Bail out! $TG not found (make BUILD=${BUILD:-build} $TG)"
	exit 1
fi

# report - `trace-cmd report -t FILE` into $TMP/out; fails if it failed or printed to stderr
report() {
	trace-cmd report -t "$1" >"$TMP/out" 2>"$TMP/err" && [ ! -s "$TMP/err" ]
}

# to_v7 - convert $1 to v7 zstd as $2
to_v7() {
	trace-cmd convert -i "$1" -o "$2" --file-version 7 --compression zstd >/dev/null 2>&1
}

for txt in "$FIX"/*.txt; do
	name=$(basename "$txt" .txt)
	exp="$FIX/$name.report"
	dat="$TMP/$name.dat"

	"$TG" -o "$dat" "$txt" 2>"$TMP/err" && [ ! -s "$TMP/err" ]
	ok $? "$name: tracegen writes the trace"
	report "$dat"
	st=$?
	if [ "${TRACEGEN_REGEN:-0}" = 1 ] && [ $st -eq 0 ]; then
		cp "$TMP/out" "$exp"
	fi
	[ $st -eq 0 ] && cmp -s "$TMP/out" "$exp"
	st=$?
	[ $st -ne 0 ] && diff -u "$exp" "$TMP/out" | sed 's/^/# /' && sed 's/^/# /' "$TMP/err"
	ok $st "$name: trace-cmd report (v6) prints $exp, no warnings"
	to_v7 "$dat" "$TMP/$name.v7" && report "$TMP/$name.v7" && cmp -s "$TMP/out" "$exp"
	ok $? "$name: the same after trace-cmd convert to v7 zstd"
done

# The expected reports must show what the descriptions are about.
grep -q '^CPU:1 \[12 EVENTS DROPPED\]$' "$FIX/lost-events.report" &&
	grep -q '^CPU:0 \[EVENTS DROPPED\]$' "$FIX/lost-events.report"
ok $? "lost-events.report shows a counted and an unknown drop"
grep -q '3600.500000000: reset_device: .*aaaa"$' "$FIX/time-gap.report"
ok $? "time-gap.report shows the record an hour later, with its long string"
grep -q 'vq="output queue 0"' "$FIX/multi-cpu.report" &&
	grep -q '^   my probe task-202   \[001\]' "$FIX/multi-cpu.report"
ok $? "multi-cpu.report shows strings with spaces and CPU 1"

# Many pages on two CPUs: 3000 records, lost marks before records 701 and 2101 (CPU 1).
i=0
{
	echo "cpus 2"
	echo "event virtio notify kprobe dev:string vq:string vq_index:u32"
	while [ $i -lt 3000 ]; do
		[ $((i % 1400)) -eq 701 ] && echo "lost 1 $i"
		echo "$((1000000 + i * 250))ns $((i % 2)) 300 virtio:notify" \
			"dev=virtio$((i % 4)) vq=req.$i vq_index=$i"
		i=$((i + 1))
	done
} >"$TMP/pages.txt"
"$TG" -o "$TMP/pages.dat" "$TMP/pages.txt" && report "$TMP/pages.dat" &&
	[ "$(grep -c ': notify: ' "$TMP/out")" -eq 3000 ] &&
	[ "$(grep -c '^CPU:1 \[[0-9]* EVENTS DROPPED\]$' "$TMP/out")" -eq 2 ] &&
	grep -q '^CPU:1 \[2101 EVENTS DROPPED\]$' "$TMP/out" &&
	grep -o 'vq_index=[0-9]*$' "$TMP/out" | cut -d= -f2 >"$TMP/order" &&
	seq 0 2999 | cmp -s - "$TMP/order" &&
	grep -q '^ *<\.\.\.>-300 *\[001\] *0\.001749750: notify: .*vq="req.2999" vq_index=2999$' \
		"$TMP/out"
ok $? "3000 records over many pages with 2 lost marks decode in order"
[ "$(stat -c %s "$TMP/pages.dat")" -gt $((20 * 4096)) ]
ok $? "the many-page trace has more than 20 pages"

# Bench mode: 100000 events, every 50th a virtio one.
VIRTIO=' (set_status|get_status|get_status_ret|set_features|get_features_ret|notify): '
"$TG" --bench 100000 --cpus 3 --virtio-every 50 -o "$TMP/bench.dat" 2>"$TMP/err" &&
	[ ! -s "$TMP/err" ]
ok $? "bench: writes 100000 events over 3 CPUs"
report "$TMP/bench.dat" &&
	[ "$(grep -c '^ .*\[00[0-2]\] ' "$TMP/out")" -eq 100000 ] &&
	[ "$(grep -cE "$VIRTIO" "$TMP/out")" -eq 2000 ] &&
	! grep -q 'DROPPED' "$TMP/out"
ok $? "bench: trace-cmd report decodes 100000 records, 2000 of them virtio"
grep -E "$VIRTIO" "$TMP/out" >"$TMP/virtio"
ok_at=$(grep -n -m1 'dev="virtio0" status=15 devid=5' "$TMP/virtio" | cut -d: -f1)
notify_at=$(grep -n -m1 'notify: .*dev="virtio0"' "$TMP/virtio" | cut -d: -f1)
[ -n "$ok_at" ] && [ -n "$notify_at" ] && [ "$ok_at" -lt "$notify_at" ] &&
	grep -m1 'notify: .*dev="virtio0"' "$TMP/virtio" | grep -q 'vq="inflate" vq_index=0$'
ok $? "bench: the virtio events follow a probe sequence (DRIVER_OK, then notify)"
to_v7 "$TMP/bench.dat" "$TMP/bench.v7" && report "$TMP/bench.v7" &&
	[ "$(grep -cE "$VIRTIO" "$TMP/out")" -eq 2000 ]
ok $? "bench: the same after conversion to v7 zstd"
"$TG" --bench 100000 --cpus 3 --virtio-every 50 -o "$TMP/bench2.dat" &&
	cmp -s "$TMP/bench.dat" "$TMP/bench2.dat"
ok $? "bench: the output is deterministic"

# Errors: one line "tracegen: FILE:LINE: message", exit status 2, no output file left.
bad() {
	line=$1
	pattern=$2
	shift 2
	printf '%s\n' "$@" >"$TMP/bad.txt"
	rm -f "$TMP/bad.dat"
	"$TG" -o "$TMP/bad.dat" "$TMP/bad.txt" 2>"$TMP/err"
	st=$?
	[ $st -eq 2 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] && [ ! -e "$TMP/bad.dat" ] &&
		grep -q "^tracegen: $TMP/bad.txt:$line: .*$pattern" "$TMP/err"
	st=$?
	[ $st -ne 0 ] && sed 's/^/# /' "$TMP/err"
	ok $st "error at line $line: $pattern"
}
EV='event virtio set_status kprobe dev:string status:u8 devid:u32 parent:string'
bad 3 'back in time' "$EV" '2.0 0 1 virtio:set_status dev=a status=0 devid=1 parent=p' \
	'1.999999999 0 1 virtio:set_status dev=a status=0 devid=1 parent=p'
bad 1 'not declared' '1.0 0 1 virtio:nope'
bad 2 "field 'parent'.*missing" "$EV" '1.0 0 1 virtio:set_status dev=a status=0 devid=1'
bad 2 "no field 'x'" "$EV" '1.0 0 1 virtio:set_status dev=a status=0 devid=1 parent=p x=1'
bad 2 "bad value '256'" "$EV" '1.0 0 1 virtio:set_status dev=a status=256 devid=1 parent=p'
bad 3 'bad CPU' 'cpus 2' "$EV" '1.0 2 1 virtio:set_status dev=a status=0 devid=1 parent=p'
bad 3 'not followed by a record' 'cpus 2' "$EV" 'lost 1 5' \
	'1.0 0 1 virtio:set_status dev=a status=0 devid=1 parent=p'
bad 2 'bad timestamp' "$EV" '1.0000000001 0 1 virtio:set_status dev=a status=0 devid=1 parent=p'
bad 2 'unterminated' "$EV" '1.0 0 1 virtio:set_status dev="a status=0 devid=1 parent=p'
bad 1 "unknown type 'u128'" 'event a b kprobe x:u128'

"$TG" --help | grep -q '^usage: tracegen'
ok $? "--help prints the usage"

test_end
