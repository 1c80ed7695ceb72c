#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# inputs.t - what people attach instead of a plain trace file: compressed traces (and their
# damage: truncation, corruption, trailing data, bombs), pipes and FIFOs (spooled, bounded),
# and files that are not traces at all (said what they look like). Each failure is exit
# status 2 with one line on standard error; no temporary file is left behind (TMPDIR).
# replay.t checks that the readable forms give the trace.dat's findings.
. "$(dirname "$0")/lib.sh"
REAL=testdata/balloon-6.1-modern.dat
SPOOL=$TMP/spool
mkdir "$SPOOL"
export TMPDIR="$SPOOL"

# one_line STATUS PATTERN DESCRIPTION -- CMD...: expect, and stderr is that one line
one_line() {
	expect "$@"
	[ "$(wc -l <"$TMP/err")" -eq 1 ]
	ok $? "$3: one line on standard error" "$TMP/err"
}

# runs STATUS DESCRIPTION -- CMD...: CMD exits STATUS (its output in $TMP/out, $TMP/err)
runs() {
	want=$1 what=$2
	shift 3
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	[ "$got" -eq "$want" ]
	ok $? "$what (exit $got, want $want)" "$TMP/err"
}

# corrupt FILE - FILE with 64 bytes in its middle flipped
corrupt() {
	python3 -c 'import sys
d = bytearray(open(sys.argv[1], "rb").read())
for i in range(len(d) // 2, len(d) // 2 + 64):
    d[i] ^= 0x55
sys.stdout.buffer.write(d)' "$1"
}

trace-cmd report "$REAL" >"$TMP/report.txt" 2>/dev/null
for tool in gzip xz zstd bzip2; do
	if ! command -v $tool >/dev/null; then
		ok 0 "# SKIP $tool is not installed"
		continue
	fi
	$tool -c <"$REAL" >"$TMP/t.$tool"
	runs 1 "$tool-compressed trace.dat" -- $CHECK -q "$TMP/t.$tool"
	$tool -c <"$TMP/report.txt" >"$TMP/r.$tool"
	runs 1 "$tool-compressed report text" -- $CHECK -q "$TMP/r.$tool"
	runs 1 "$tool-compressed trace.dat on standard input" -- \
		sh -c "$CHECK -q - <'$TMP/t.$tool'"
	size=$(wc -c <"$TMP/t.$tool")
	head -c $((size / 2)) "$TMP/t.$tool" >"$TMP/cut.$tool"
	one_line 2 "cut.$tool: truncated $tool data: it ends in the middle of a stream" \
		"$tool data cut in half" -- $CHECK -q "$TMP/cut.$tool"
	corrupt "$TMP/t.$tool" >"$TMP/bad.$tool"
	one_line 2 "bad.$tool: corrupt $tool data: " "$tool data with 64 bytes damaged" -- \
		$CHECK -q "$TMP/bad.$tool"
	{ cat "$TMP/t.$tool"; echo trailing; } >"$TMP/tail.$tool"
	one_line 2 "tail.$tool: corrupt $tool data" "$tool data followed by something else" -- \
		$CHECK -q "$TMP/tail.$tool"
	# a concatenation (pigz, pixz, pzstd, pbzip2) is read whole
	head -n 15 "$TMP/report.txt" | $tool -c >"$TMP/cat.$tool"
	tail -n +16 "$TMP/report.txt" | $tool -c >>"$TMP/cat.$tool"
	$CHECK -q -f json "$TMP/report.txt" | grep -v '"file"\|"messages"' >"$TMP/plain.json"
	$CHECK -q -f json "$TMP/cat.$tool" | grep -v '"file"\|"messages"' >"$TMP/cat.json"
	cmp -s "$TMP/plain.json" "$TMP/cat.json"
	ok $? "$tool: two streams concatenated read as one text" "$TMP/cat.json"
	# a bomb: 64 MiB of zeros in a few kilobytes, against a 4 MiB bound
	head -c 67108864 /dev/zero | $tool -1 -c >"$TMP/bomb.$tool"
	CCSL_SPOOL_MAX=4M one_line 2 \
		"bomb.$tool: $tool data that decompresses to more than 4 MiB: refused" \
		"$tool bomb refused, the bound said" -- $CHECK -q "$TMP/bomb.$tool"
done

# nested compression is read to three layers, refused beyond; standard input adds none
gzip -c <"$REAL" | xz -c | zstd -q -c >"$TMP/t.dat.gz.xz.zst"
runs 1 "a gzip inside an xz inside a zstd" -- $CHECK -q "$TMP/t.dat.gz.xz.zst"
runs 1 "the same on standard input" -- sh -c "$CHECK -q - <'$TMP/t.dat.gz.xz.zst'"
gzip -c "$TMP/t.dat.gz.xz.zst" >"$TMP/deep"
one_line 2 "deep (decompressed): compressed more than 3 times over: refused (gzip data inside)" \
	"compressed four times over" -- $CHECK -q "$TMP/deep"
printf '' | gzip -c >"$TMP/empty.gz"
one_line 2 "empty.gz: empty once decompressed" "nothing inside the gzip" -- \
	$CHECK -q "$TMP/empty.gz"
printf 'hello\n' | gzip -c >"$TMP/hello.gz"
one_line 2 "hello.gz (decompressed): not a trace.dat file" \
	"a compressed file that is no trace" -- $CHECK -q "$TMP/hello.gz"

# pipes, FIFOs, standard input: spooled to a temporary file, bounded
runs 1 "a trace.dat on standard input" -- sh -c "$CHECK -q - <'$REAL'"
runs 1 "a trace.dat through a pipe" -- sh -c "cat '$REAL' | $CHECK -q -"
mkfifo "$TMP/fifo"
(cat "$REAL" >"$TMP/fifo") &
runs 1 "a trace.dat through a FIFO" -- $CHECK -q "$TMP/fifo"
wait
$CHECK -v - <"$REAL" >"$TMP/v.out" 2>&1
grep -q "not a regular file: [0-9]* bytes spooled to an unlinked temporary file in $SPOOL (the bound is 4 GiB)" \
	"$TMP/v.out"
ok $? "-v says what was spooled, where, and the bound" "$TMP/v.out"
CCSL_SPOOL_MAX=64K one_line 2 "^ccsl-check: -: more than 64 KiB to spool to a temporary file: refused" \
	"standard input beyond the bound" -- sh -c "$CHECK -q - <'$REAL'"
CCSL_SPOOL_MAX=lots one_line 2 "CCSL_SPOOL_MAX is not a size" "a bad bound" -- \
	sh -c "$CHECK -q - <'$REAL'"
one_line 2 "^ccsl-check: -: empty input" "nothing on standard input" -- \
	sh -c "$CHECK -q - </dev/null"

# files that are not traces: what they look like, and what was meant
one_line 2 "virtio.ccsl: a CCSL specification, not a trace: give it with -s (ccsl-check -s specs/virtio.ccsl TRACE...)" \
	"the spec without -s" -- $CHECK -q specs/virtio.ccsl
$CHECK -q -f json -o "$TMP/report.json" "$REAL"
one_line 2 "report.json: a JSON report of ccsl-check, not a trace" "its own JSON report" -- \
	$CHECK -q "$TMP/report.json"
one_line 2 "ccsl-check: an ELF file" "a program" -- $CHECK -q ./ccsl-check
printf '\324\303\262\241\002\000\004\000' >"$TMP/cap.pcap"
one_line 2 "cap.pcap: a packet capture (pcap), not a trace" "a pcap" -- $CHECK -q "$TMP/cap.pcap"
printf '\012\015\015\012\034\000\000\000' >"$TMP/cap.pcapng"
one_line 2 "cap.pcapng: a packet capture (pcapng)" "a pcapng" -- $CHECK -q "$TMP/cap.pcapng"
printf '# tracer: nop\n#\n# entries-in-buffer/entries-written: 0/0   #P:2\n' >"$TMP/empty.trace"
one_line 2 "empty.trace: tracefs text without a single record" "an empty tracefs buffer" -- \
	$CHECK -q "$TMP/empty.trace"

# a NUL in a device name: the line is unreadable, and no phantom device appears
printf '  a-1 [000] 1.0: set_status: dev="virtio0" status=0 devid=5 parent="p"\n' >"$TMP/nul.txt"
printf '  a-1 [000] 2.0: set_status: dev="virt\000io0" status=1 devid=5 parent="p"\n' >>"$TMP/nul.txt"
printf '  a-1 [000] 3.0: set_status: dev="virtio0" status=1 devid=5 parent="p"\n' >>"$TMP/nul.txt"
$CHECK -f json "$TMP/nul.txt" >"$TMP/nul.json"
python3 -c 'import json, sys
t = json.load(open(sys.argv[1]))["traces"][0]
sys.exit(not ([i["instance"] for i in t["instances"]] == ["virtio0"] and t["bad_fields"] == 1))' \
	"$TMP/nul.json"
ok $? "a NUL in a device name: counted unreadable, no phantom instance" "$TMP/nul.json"

# nothing left behind in TMPDIR, whatever failed
[ -z "$(ls -A "$SPOOL")" ]
ok $? "no temporary file left in TMPDIR"
test_end
