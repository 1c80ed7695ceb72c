#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# errors.t - bad input gives exit 2 and one line naming the file and the reason
. "$(dirname "$0")/lib.sh"
REAL=testdata/shared/balloon-6.1-modern.dat
[ -f "$REAL" ] || REAL=/dev/null

: >"$TMP/empty.dat"
printf 'hello, this is not a trace\n' >"$TMP/text.dat"
expect 2 "no trace given" "no arguments" -- $CHECK
expect 2 "unknown format 'xml'" "bad format" -- $CHECK -f xml "$REAL"
expect 2 "nonexistent.dat: No such file" "missing file" -- $CHECK "$TMP/nonexistent.dat"
expect 2 "is a directory" "a directory" -- $CHECK "$TMP"
expect 2 "empty file" "an empty file" -- $CHECK "$TMP/empty.dat"
expect 2 "text.dat: not a trace.dat file" "a text file" -- $CHECK "$TMP/text.dat"
head -c 12 "$REAL" >"$TMP/cut12.dat"
expect 2 "cut12.dat: " "cut after 12 bytes" -- $CHECK "$TMP/cut12.dat"
head -c 5000 "$REAL" >"$TMP/cut5000.dat"
expect 2 "cut5000.dat: .*beyond the end of the file" "cut after 5000 bytes" -- $CHECK "$TMP/cut5000.dat"
printf '\027\010Dtracing9\000' >"$TMP/v9.dat"
expect 2 "unsupported trace.dat version '9'" "unknown version" -- $CHECK "$TMP/v9.dat"
printf 'rule r: a <\n' >"$TMP/bad.ccsl"
expect 2 "bad.ccsl:1:12: error:" "spec syntax error with file:line:col" -- \
	$CHECK --check-spec -s "$TMP/bad.ccsl"
printf 'clock a = virtio:set_statuss\nrule r: forbid a\n' >"$TMP/ev.ccsl"
expect 2 "ev.ccsl:1:11: error: the trace has no event 'virtio:set_statuss'" \
	"unknown event in the spec" -- $CHECK -s "$TMP/ev.ccsl" "$REAL"
printf 'clock a = virtio:set_status[stat == 1]\nrule r: forbid a\n' >"$TMP/field.ccsl"
expect 2 "field.ccsl:1:29: error: the event 'virtio:set_status' has no field 'stat'" \
	"unknown field in the spec" -- $CHECK -s "$TMP/field.ccsl" "$REAL"
expect 2 "nope.ccsl" "missing spec file" -- $CHECK -s "$TMP/nope.ccsl" "$REAL"
# Hostile specs: bounded, never a hang. Each run gets 10 s (and, without the sanitizers,
# 1 GB of address space): without the bounds /dev/zero grows until memory runs out and a
# FIFO without a writer blocks forever.
bounded() {
	(ldd "$CHECK" 2>/dev/null | grep -q asan || ulimit -v 1048576; exec timeout 10 "$@")
}
expect 2 "/dev/zero: error: cannot read '/dev/zero': not a regular file or a pipe" \
	"a device as the spec is refused" -- bounded $CHECK --check-spec -s /dev/zero
printf 'include "/dev/zero"\n' >"$TMP/zero.ccsl"
expect 2 "zero.ccsl:1:9: error: cannot read '/dev/zero': not a regular file or a pipe" \
	"a device as an include is refused" -- bounded $CHECK --check-spec -s "$TMP/zero.ccsl"
mkfifo "$TMP/fifo"
expect 2 "cannot read '$TMP/fifo': the pipe is empty (it has no writer?)" \
	"a FIFO without a writer: no hang" -- bounded $CHECK --check-spec -s "$TMP/fifo"
printf 'include "fifo"\n' >"$TMP/incfifo.ccsl"
expect 2 "incfifo.ccsl:1:9: error: cannot read '$TMP/fifo': the pipe is empty" \
	"an include of a FIFO without a writer: no hang" -- \
	bounded $CHECK --check-spec -s "$TMP/incfifo.ccsl"
head -c 16777217 /dev/zero | tr '\0' '\n' >"$TMP/big.ccsl"
expect 2 "cannot read '$TMP/big.ccsl': more than 16 MiB of spec text" \
	"a spec over 16 MiB" -- bounded $CHECK --check-spec -s "$TMP/big.ccsl"
# A pipe with a writer is read: -s /dev/stdin and -s <(...) keep working.
{ bounded $CHECK --check-spec -s /dev/stdin <specs/virtio.ccsl &&
	cat specs/virtio.ccsl | bounded $CHECK --check-spec -s /dev/stdin; } >"$TMP/out" 2>&1
[ "$(grep -c "/dev/stdin: .* clocks, .* rules: OK" "$TMP/out")" -eq 2 ]
ok $? "a spec from a pipe" "$TMP/out"
# Work that grew faster than the spec: a buffer sized by the rest of the file per string
# (100,000 strings: terabytes), a "did you mean" computed for errors past the 20 reported
# (100,000 unknown clocks: 2 minutes), full edit distances between long names (hours).
awk 'BEGIN { print "clock a = v:a"; print "clock b = v:b"; print "rule r: forbid a"
	for (i = 0; i < 100000; i++) printf "name f %d \"x\"\n", i }' >"$TMP/strings.ccsl"
expect 0 "strings.ccsl:2:7: warning: clock 'b' is never used" "100,000 strings" -- \
	bounded $CHECK --check-spec -s "$TMP/strings.ccsl"
awk 'BEGIN { print "clock a = v:a"; for (i = 0; i < 100000; i++) printf "rule r%d: a < x%d\n", i, i }' \
	>"$TMP/unknown.ccsl"
expect 2 "unknown.ccsl:2:14: error: unknown clock 'x0'" "100,000 unknown clocks" -- \
	bounded $CHECK --check-spec -s "$TMP/unknown.ccsl"
awk 'BEGIN { srand(1)
	for (i = 0; i < 100; i++) {
		n = ""
		for (j = 0; j < 50000; j++) n = n (rand() < 0.5 ? "a" : "b")
		if (!i) typo = "c" substr(n, 2)
		printf "clock %s = v:e%d\n", n, i
	}
	printf "rule r: %s < %s\n", n, typo }' >"$TMP/long.ccsl"
expect 2 "long.ccsl:101:50012: error: unknown clock 'c" "a typo among 100 names of 50,000 bytes" -- \
	bounded $CHECK --check-spec -s "$TMP/long.ccsl"
# Deep and long chains. 20,000 '$' overflowed the stack (exit 139); 200,000 clocks each the
# previous one delayed, written last to first, were compiled by recursion through the
# references, and 100,000 clock+rule pairs took a minute and gigabytes (quadratic lookups,
# dependency bitsets, dense masks in the engine).
awk 'BEGIN { printf "clock a = v:a\nclock b = a"; for (i = 0; i < 20000; i++) printf " $ 1"
	print ""; print "rule r: a < b" }' >"$TMP/delay.ccsl"
expect 2 "delay.ccsl:2:4013: error: expression too deep: more than 1000 levels of operators" \
	"a chain of 20,000 '\$'" -- bounded $CHECK --check-spec -s "$TMP/delay.ccsl"
awk 'BEGIN { for (i = 199999; i > 0; i--) printf "clock c%d = c%d $ 1\n", i, i - 1
	print "clock c0 = v:e"; print "rule r: c0 < c199999" }' >"$TMP/refs.ccsl"
bounded $CHECK --check-spec -s "$TMP/refs.ccsl" >"$TMP/out" 2>&1
[ $? -eq 0 ] && grep -q "refs.ccsl: 200000 clocks, 1 rules: OK" "$TMP/out"
ok $? "200,000 clocks, each defined by the next one" "$TMP/out"
awk 'BEGIN { for (i = 0; i < 100000; i++)
	printf "clock c%d = v:e%d\nrule r%d: c%d < c%d\n", i, i, i, i, (i + 1) % 100000 }' \
	>"$TMP/pairs.ccsl"
bounded $CHECK --check-spec -s "$TMP/pairs.ccsl" >"$TMP/out" 2>&1
[ $? -eq 0 ] && grep -q "pairs.ccsl: 100000 clocks, 100000 rules: OK" "$TMP/out"
ok $? "100,000 clock+rule pairs" "$TMP/out"
awk 'BEGIN { printf "clock a = v:a\nrule r: a"; for (i = 0; i < 70; i++) printf " # a"; print "" }' \
	>"$TMP/excl.ccsl"
expect 2 "excl.ccsl:2:6: error: the engine rejects this rule (more than 64 operands)" \
	"an exclusion of 71 clocks" -- $CHECK --check-spec -s "$TMP/excl.ccsl"
# One good trace and one bad: still exit 2, and the bad one is named.
expect 2 "text.dat: not a trace.dat" "an error among good traces" -- $CHECK "$REAL" "$TMP/text.dat"
test_end
